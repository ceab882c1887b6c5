"""dbt on a local Spark session with the project's Python models run in that session.

dbt-spark 1.11 runs Python models only by submitting them to Databricks (``all_purpose_cluster``,
``job_cluster``); with ``method: session`` it has no way to run one (upstream dbt-spark issue
#1062). This module registers a ``session`` submission method that executes the compiled model
code in the SparkSession dbt-spark's session connection already runs in this process, makes it
the default for ``method: session`` profiles, and then runs dbt::

    python -m user_segmentation.spark_dbt build --target spark --vars '{...}'

The models themselves are unchanged: they read ``dbt.ref()`` (a Spark DataFrame here) through
:mod:`user_segmentation.engine` and return pandas; the table is written by the project's
``py_write_table`` (macros/python_models/py_write_table.sql). On Databricks, dbt-databricks runs
Python models natively and this wrapper is not needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

SESSION_METHOD = "session"


class SessionPythonJobHelper:
    """Runs a compiled dbt Python model in the current process's SparkSession."""

    def __init__(self, parsed_model: dict, credentials: Any) -> None:
        self.parsed_model = parsed_model
        self.credentials = credentials

    def submit(self, compiled_code: str) -> dict:
        from pyspark.sql import SparkSession

        # The active session is the one dbt-spark's session connection built from the profile.
        spark = SparkSession.builder.getOrCreate()
        name = self.parsed_model.get("alias") or self.parsed_model.get("name", "model")
        # The code as run (model + materialization), kept for tracebacks and for reading.
        script = Path(os.environ.get("DBT_TARGET_PATH", "target")) / "spark_python" / f"{name}.py"
        script.parent.mkdir(parents=True, exist_ok=True)
        # Jinja leaves the indentation of the macros that rendered it before the first line.
        compiled_code = compiled_code.lstrip()
        script.write_text(compiled_code)
        namespace = {"__name__": f"dbt_python_model_{name}", "spark": spark}
        exec(compile(compiled_code, str(script), "exec"), namespace)  # noqa: S102
        return {"model": name, "script": str(script)}


def register() -> None:
    """Add the ``session`` submission method to dbt-spark (idempotent)."""
    from dbt.adapters.spark.impl import SparkAdapter

    if getattr(SparkAdapter, "_user_segmentation_session", False):
        return
    helpers = SparkAdapter.python_submission_helpers
    default_method = SparkAdapter.default_python_submission_method

    def python_submission_helpers(self) -> dict:
        return {**helpers.fget(self), SESSION_METHOD: SessionPythonJobHelper}

    def default_python_submission_method(self) -> str:
        if getattr(self.config.credentials, "method", None) == SESSION_METHOD:
            return SESSION_METHOD
        return default_method.fget(self)

    SparkAdapter.python_submission_helpers = property(python_submission_helpers)
    SparkAdapter.default_python_submission_method = property(default_python_submission_method)
    SparkAdapter._user_segmentation_session = True


def main(argv: list[str] | None = None) -> int:
    """Run dbt with the given arguments (as ``dbt`` takes them); return its exit code."""
    from dbt.cli.main import dbtRunner

    register()
    result = dbtRunner().invoke(list(sys.argv[1:] if argv is None else argv))
    if result.exception is not None and not result.success:
        print(result.exception, file=sys.stderr)
        return 2
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
