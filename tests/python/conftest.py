"""Shared fixtures: run dbt for real on DuckDB files in temporary folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
PROFILES_CSV = PROJECT_DIR / "data" / "profiles" / "user_profiles_for_ads.csv"
DBT = str(Path(sys.executable).with_name("dbt"))
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


@dataclass
class DbtResult:
    returncode: int
    output: str


def dbt_environment(database: Path) -> dict[str, str]:
    """Environment of a dbt run on the given DuckDB file; target/ and logs/ go next to it."""
    environment = dict(os.environ)
    work = database.parent
    environment.update(
        DUCKDB_PATH=str(database),
        DUCKDB_TEMP_DIR=str(work / "duckdb_tmp"),
        DBT_TARGET_PATH=str(work / "target"),
        DBT_LOG_PATH=str(work / "logs"),
    )
    return environment


def run_dbt(args: list[str], database: Path, variables: dict | None = None) -> DbtResult:
    """Run a dbt command in the project against the given DuckDB file, capturing its output."""
    environment = dbt_environment(database)
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
    from user_segmentation.synthetic.demo_data import generate_demo_data

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


@contextmanager
def headless_chromium(window_size: str, *extra_arguments: str, page_load_timeout: int = 60):
    """Debian's headless Chromium under Selenium, with browser console logs kept; quits after."""
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("needs Debian chromium and chromium-driver (make browser installs them)")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--window-size={window_size}",
        f"--user-data-dir={profile}",
        *extra_arguments,
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(page_load_timeout)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
