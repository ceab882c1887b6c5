"""The dbt project as Dagster sees it: its manifest, parsed before the asset definitions load.

Every process that loads the code location reads the manifest (under ``dagster dev`` the code
server and each run's step processes do), so the manifest is parsed only when it is missing or
older than a project file, and it is swapped into place in one rename: a process never reads a
half-written manifest. Each set of vars has its own manifest folder (vars decide which models are
enabled), so two code locations with different vars on one project never overwrite each other.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from dagster_dbt import DbtProject

#: The manifests the code location loads live apart from the `make build` target folder.
MANIFEST_TARGET = Path("target") / "orchestration"
#: The vars a manifest was parsed with, kept beside it for people reading the folder.
PARSE_VARS = "parse_vars.json"
#: What `dbt parse` reads; a newer file in these makes the manifest stale.
PROJECT_FILES = ("dbt_project.yml", "models", "python_models", "seeds", "macros", "tests")


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


def newest_project_file_mtime(project_dir: Path) -> float:
    """Modification time of the newest file dbt parses (pytest's tests/python left out)."""
    newest = 0.0
    for name in PROJECT_FILES:
        path = project_dir / name
        if path.is_file():
            newest = max(newest, path.stat().st_mtime)
            continue
        for folder, folders, files in os.walk(path):
            folders[:] = [f for f in folders if f not in ("python", "__pycache__")]
            for file in files:
                newest = max(newest, (Path(folder) / file).stat().st_mtime)
    return newest


def manifest_is_current(project: DbtProject) -> bool:
    """True when the manifest exists and is newer than every file dbt parses."""
    manifest = Path(project.manifest_path)
    if not manifest.exists():
        return False
    return manifest.stat().st_mtime >= newest_project_file_mtime(Path(project.project_dir))


def manifest_target(dbt_vars: dict[str, Any]) -> Path:
    """The target folder (relative to the project) of the manifest parsed with these vars."""
    digest = hashlib.sha256(json.dumps(dbt_vars, sort_keys=True).encode()).hexdigest()
    return MANIFEST_TARGET / digest[:12]


def prepare_project(
    project_dir: Path, dbt_vars: dict[str, Any], *, reparse: bool = False
) -> DbtProject:
    """The dbt project with a current manifest, running `dbt parse` if needed.

    Parameters
    ----------
    project_dir : Path
        The dbt project folder.
    dbt_vars : dict
        Vars to parse with: they decide which models are enabled (e.g. ``user_source``).
    reparse : bool
        Parse even when the manifest is current.

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
    project = DbtProject(project_dir=project_dir, target_path=manifest_target(dbt_vars))
    if reparse or not manifest_is_current(project):
        _parse(project_dir, dbt_vars, Path(project.manifest_path))
    return project


def _parse(project_dir: Path, dbt_vars: dict[str, Any], manifest: Path) -> None:
    manifest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".parse-", dir=manifest.parent) as scratch:
        environment = {**os.environ, "DBT_TARGET_PATH": scratch, "DBT_LOG_PATH": scratch}
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
        manifest.with_name(PARSE_VARS).write_text(json.dumps(dbt_vars, indent=2) + "\n")
        os.replace(Path(scratch, "manifest.json"), manifest)
