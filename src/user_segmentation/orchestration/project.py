"""The dbt project as Dagster sees it: its manifest, parsed before the asset definitions load."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from dagster_dbt import DbtProject

#: The manifest the code location loads lives apart from the `make build` target folder.
MANIFEST_TARGET = Path("target") / "orchestration"


class ManifestError(RuntimeError):
    """`dbt parse` failed, so the code location has no assets to load."""


def dbt_executable() -> str:
    """The dbt beside this Python (a venv's), else the one on PATH."""
    beside = Path(sys.executable).with_name("dbt")
    if beside.exists():
        return str(beside)
    found = shutil.which("dbt")
    if found is None:
        raise ManifestError("No `dbt` executable beside this Python or on PATH.")
    return found


def prepare_project(
    project_dir: Path, dbt_vars: dict[str, Any], *, reparse: bool = False
) -> DbtProject:
    """The dbt project with a parsed manifest, running `dbt parse` if needed.

    Parameters
    ----------
    project_dir : Path
        The dbt project folder.
    dbt_vars : dict
        Vars to parse with: they decide which models are enabled (e.g. ``user_source``).
    reparse : bool
        Parse even when a manifest exists (``dagster dev`` does, so edited models show up).

    Returns
    -------
    DbtProject
        Its ``manifest_path`` exists.

    Raises
    ------
    ManifestError
        When `dbt parse` fails; the message holds dbt's output.
    """
    project_dir = Path(project_dir).resolve()
    project = DbtProject(project_dir=project_dir, target_path=MANIFEST_TARGET)
    if reparse or not project.manifest_path.exists():
        environment = {**os.environ, "DBT_TARGET_PATH": str(project_dir / MANIFEST_TARGET)}
        environment.setdefault("DBT_LOG_PATH", str(project_dir / MANIFEST_TARGET / "logs"))
        completed = subprocess.run(
            [dbt_executable(), "parse", "--vars", json.dumps(dbt_vars)],
            cwd=project_dir,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise ManifestError(f"dbt parse failed in {project_dir}:\n{completed.stdout[-3000:]}")
    return project
