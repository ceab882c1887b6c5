"""Shared fixtures: run dbt for real on DuckDB files in temporary folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
PROFILES_CSV = PROJECT_DIR / "data" / "profiles" / "user_profiles_for_ads.csv"
DBT = str(Path(sys.executable).with_name("dbt"))


@dataclass
class DbtResult:
    returncode: int
    output: str


def run_dbt(args: list[str], database: Path, variables: dict | None = None) -> DbtResult:
    """Run a dbt command in the project against the given DuckDB file, capturing its output."""
    environment = dict(os.environ)
    work = database.parent
    environment.update(
        DUCKDB_PATH=str(database),
        DUCKDB_TEMP_DIR=str(work / "duckdb_tmp"),
        DBT_TARGET_PATH=str(work / "target"),
        DBT_LOG_PATH=str(work / "logs"),
    )
    command = [DBT, *args]
    if variables:
        command += ["--vars", json.dumps(variables)]
    completed = subprocess.run(
        command, cwd=PROJECT_DIR, env=environment, capture_output=True, text=True, check=False
    )
    return DbtResult(completed.returncode, completed.stdout + completed.stderr)


def build_or_fail(database: Path, variables: dict) -> Path:
    result = run_dbt(["build"], database, variables)
    assert result.returncode == 0, result.output[-5000:]
    return database


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory) -> Path:
    """The default demo data set (as `make run` makes it)."""
    from user_segmentation.demo_data import generate_demo_data

    out = tmp_path_factory.mktemp("demo_data")
    generate_demo_data(out)
    return out


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory, demo_data_dir) -> Path:
    """A DuckDB file built by `dbt build` on the default demo data with the default preset."""
    database = tmp_path_factory.mktemp("demo_build") / "warehouse.duckdb"
    return build_or_fail(database, {"raw_data_path": str(demo_data_dir)})


@pytest.fixture(scope="session")
def notebook_warehouse(tmp_path_factory) -> Path:
    """A DuckDB file built from the notebook's CSV with the notebook preset."""
    database = tmp_path_factory.mktemp("notebook_build") / "warehouse.duckdb"
    variables = {
        "user_source": "profiles_csv",
        "profiles_csv_path": str(PROFILES_CSV),
        "segmentation_preset": "notebook",
    }
    return build_or_fail(database, variables)
