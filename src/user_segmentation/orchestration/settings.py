"""Where the orchestrated project reads and writes: one Dagster resource with the paths and vars.

Every asset of the code location takes this resource, so a deployment (or a test) points the whole
graph at another warehouse, input folder or publish folder by changing one object.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from dagster import ConfigurableResource


class SegmentationWarehouse(ConfigurableResource):
    """The dbt project, its warehouse and the folders the steps after the build write.

    Attributes
    ----------
    project_dir : str
        The dbt project (the folder with ``dbt_project.yml``).
    database : str
        The DuckDB file `dbt build` writes (env ``DUCKDB_PATH`` of the dbt run).
    raw_data_path : str
        Folder with ``events/`` and ``users/`` (dbt var ``raw_data_path``); the sensor watches it.
    publish_dir, export_dir, report_dir : str
        Where publish, export and report write (the report of a partition goes to a subfolder
        named by its as-of date).
    dbt_vars_json : str
        Extra dbt vars as JSON, applied to every build (``as_of_date`` comes from the partition).
    report_png : bool
        Also export the report's chart PNGs (needs Chromium; False is faster).
    dbt_target : str
        The profile's target (empty: its default, DuckDB). ``spark`` builds the same assets on
        Spark (with ``dbt_executable`` the session wrapper; see docs/orchestration.md).
    dbt_executable : str
        The dbt command (empty: the ``dbt`` beside this Python, else on PATH).
    """

    project_dir: str
    database: str
    raw_data_path: str
    publish_dir: str
    export_dir: str
    report_dir: str
    dbt_vars_json: str = "{}"
    report_png: bool = True
    dbt_target: str = ""
    dbt_executable: str = ""

    def dbt_vars(self, as_of_date: str | None = None) -> dict[str, Any]:
        """The ``--vars`` of a build: the extra vars, the input folder and the partition's date."""
        variables = {**json.loads(self.dbt_vars_json), "raw_data_path": self.raw_data_path}
        if as_of_date is not None:
            variables["as_of_date"] = as_of_date
        return variables

    def project_var(self, name: str) -> Any:
        """A dbt var as the build sees it: the extra vars first, else the project's default."""
        extra = json.loads(self.dbt_vars_json)
        if name in extra:
            return extra[name]
        project = yaml.safe_load((Path(self.project_dir) / "dbt_project.yml").read_text())
        return project["vars"][name]

    @contextlib.contextmanager
    def dbt_environment(self) -> Iterator[None]:
        """Point the profile at this warehouse while a dbt command starts (it copies the env)."""
        database = Path(self.database)
        overrides = {
            "DUCKDB_PATH": str(database),
            "DUCKDB_TEMP_DIR": os.environ.get(
                "DUCKDB_TEMP_DIR", str(database.parent / "duckdb_tmp")
            ),
        }
        saved = {name: os.environ.get(name) for name in overrides}
        os.environ.update(overrides)
        try:
            yield
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
