"""Helpers the tests share: run dbt on DuckDB files, copy a build, query it, drive Chromium.

Imported as ``from support import ...`` (pytest puts ``tests/python`` on the path); the fixtures
that use these helpers live in ``conftest.py``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
PROFILES_CSV = PROJECT_DIR / "data" / "profiles" / "user_profiles_for_ads.csv"
DBT = str(Path(sys.executable).with_name("dbt"))
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

#: The vars of the notebook build: the classic CSV with the notebook preset.
NOTEBOOK_VARS = {
    "user_source": "profiles_csv",
    "profiles_csv_path": str(PROFILES_CSV),
    "segmentation_preset": "notebook",
}
#: The default preset's numeric features, written out by hand (the expectation test_config checks
#: the preset against, and the columns the unit tests' synthetic users carry).
DEFAULT_NUMERIC = [
    "weekday_hours",
    "weekend_hours",
    "likes_reactions",
    "followed_accounts",
    "ctr",
    "conversion_rate",
    "ad_interaction_s",
]
#: dbt's unit tests check SQL logic on fixed inputs, so they give the same answer in every build of
#: one input shape: the session builds run them once, builds for other purposes skip them.
SKIP_UNIT_TESTS = ["--exclude-resource-type", "unit_test"]
#: For a build whose tables are compared, not whose checks: data tests write no tables.
SKIP_DATA_TESTS = ["--exclude-resource-type", "test"]
#: The dbt commands that write manifest.json and run_results.json unless told not to.
WRITES_ARTIFACTS = {"build", "run", "test", "seed", "snapshot", "compile", "parse", "run-operation"}


@dataclass
class DbtResult:
    """What a dbt command returned and printed (stdout and stderr together)."""

    returncode: int
    output: str
    #: What the in-process command returned (a parse: the manifest), when it ran in-process.
    result: object = None


def dbt_environment(database: Path) -> dict[str, str]:
    """Environment of a dbt run on the given DuckDB file; target/ and logs/ go next to it.

    Parameters
    ----------
    database : Path
        The DuckDB file dbt builds into; its folder also holds ``target/`` and ``logs/``.

    Returns
    -------
    dict of str to str
        A copy of this process's environment with the dbt and DuckDB paths set.
    """
    environment = dict(os.environ)
    work = database.parent
    environment.update(
        DUCKDB_PATH=str(database),
        DUCKDB_TEMP_DIR=str(work / "duckdb_tmp"),
        DBT_TARGET_PATH=str(work / "target"),
        DBT_LOG_PATH=str(work / "logs"),
    )
    return environment


def run_dbt(
    args: list[str],
    database: Path,
    variables: dict | None = None,
    *,
    in_process: bool = True,
    artifacts: bool = False,
) -> DbtResult:
    """Run a dbt command in the project against the given DuckDB file, capturing its output.

    Parameters
    ----------
    args : list of str
        The dbt command and its options, e.g. ``["build", "--select", "+user_segments"]``.
    database : Path
        The DuckDB file to build into (see `dbt_environment`).
    variables : dict, optional
        Passed as ``--vars``.
    in_process : bool, default True
        Run through dbt's Python API in this process (no interpreter start-up or imports, ~2 s a
        command); False runs the ``dbt`` command in a child process.
    artifacts : bool, default False
        In this process, also write ``manifest.json`` and ``run_results.json`` (see `invoke_dbt`);
        a child process always writes them, as the ``dbt`` command does.

    Returns
    -------
    DbtResult
        The exit code (0 green, 1 a node or test failed, 2 dbt stopped with an error) and the
        combined output.
    """
    options = ["--vars", json.dumps(variables)] if variables else []
    if in_process:
        return invoke_dbt([*args, *options], dbt_environment(database), artifacts=artifacts)
    completed = subprocess.run(
        [DBT, *args, *options],
        cwd=PROJECT_DIR,
        env=dbt_environment(database),
        capture_output=True,
        text=True,
        check=False,
    )
    return DbtResult(completed.returncode, completed.stdout + completed.stderr)


def invoke_dbt(
    args: list[str],
    environment: dict[str, str],
    *,
    with_log: bool = False,
    manifest: object | None = None,
    artifacts: bool = False,
) -> DbtResult:
    """Run a dbt command through dbt's Python API (``dbtRunner``) with `environment` set.

    The environment variables that differ are set for the call only, stdout and stderr are
    captured, and the DuckDB file dbt-duckdb keeps open between invocations is closed after, so
    the caller (and the next command) open it afresh.

    Parameters
    ----------
    args : list of str
        The dbt command and its options (``--project-dir``/``--profiles-dir`` default to the
        project).
    environment : dict of str to str
        Environment variables for the call (see `dbt_environment`).
    with_log : bool, default False
        Also move the end of dbt's log file (its debug lines) into the output.
    manifest : dbt Manifest, optional
        A manifest parsed with the same vars (the ``result`` of a ``parse`` invocation): the
        command runs on it instead of checking every project file for changes first.
    artifacts : bool, default False
        Write ``manifest.json`` and ``run_results.json`` to the target folder, for a test that
        reads them. Without, the command runs with ``--no-write-json``: the tables, the compiled
        SQL and the partial-parse file are the same, and each command saves the 0.5-1.6 s that
        writing those two files takes.

    Returns
    -------
    DbtResult
        The exit code (as the ``dbt`` command's) and the combined output.
    """
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    from dbt.cli.main import dbtRunner

    changed = {name: value for name, value in environment.items() if os.environ.get(name) != value}
    previous = {name: os.environ.get(name) for name in changed}
    os.environ.update(changed)
    output = io.StringIO()
    if not artifacts and args and args[0] in WRITES_ARTIFACTS and "--write-json" not in args:
        args = [*args, "--no-write-json"]
    directories = [
        option
        for flag in ("--project-dir", "--profiles-dir")
        if flag not in args
        for option in (flag, str(PROJECT_DIR))
    ]
    try:
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            result = dbtRunner(manifest=manifest).invoke([*args, *directories])
    finally:
        if DuckDBConnectionManager._ENV is not None:
            DuckDBConnectionManager._ENV.close()
            DuckDBConnectionManager._ENV = None
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    text = output.getvalue()
    if with_log:
        text += _emptied_log(Path(environment["DBT_LOG_PATH"]) / "dbt.log")
    if result.exception is not None:
        text += f"\n{type(result.exception).__name__}: {result.exception}"
        return DbtResult(2, text)
    return DbtResult(0 if result.success else 1, text, result.result)


def _emptied_log(path: Path, size: int = 20_000) -> str:
    """The end of a dbt.log (the error text dbt wrote), then the log is emptied."""
    if not path.is_file():
        return ""
    text = path.read_text(errors="replace")[-size:]
    path.write_text("")
    return "\n" + text


def build_or_fail(database: Path, variables: dict, *options: str, artifacts: bool = False) -> Path:
    """``dbt build`` into `database` with `variables`; fail the test with dbt's output if red.

    Parameters
    ----------
    database : Path
        The DuckDB file to build.
    variables : dict
        Passed as ``--vars``.
    *options : str
        More ``dbt build`` options, e.g. `SKIP_UNIT_TESTS`.
    artifacts : bool, default False
        Also write ``manifest.json`` and ``run_results.json`` (see `invoke_dbt`).

    Returns
    -------
    Path
        `database`, built.
    """
    result = run_dbt(["build", *options], database, variables, artifacts=artifacts)
    assert result.returncode == 0, result.output[-5000:]
    return database


def scaffold_and_build(table: Path, work: Path, *options: str) -> Path:
    """``user-segmentation scaffold`` on `table`, then ``dbt build`` with its config unedited.

    Both run in this process: a child process would add an interpreter start-up and a slower
    cold parse (about 5 s a build) and, with the suite on every core, would not run sooner.

    Parameters
    ----------
    table : Path
        The user table or event log.
    work : Path
        The folder for ``cfg.yml`` (the scaffold's config) and ``warehouse.duckdb``.
    *options : str
        More ``dbt build`` options, e.g. `SKIP_UNIT_TESTS`.

    Returns
    -------
    Path
        The built DuckDB file.
    """
    from click.testing import CliRunner

    from user_segmentation.cli import main

    config = work / "cfg.yml"
    scaffolded = CliRunner().invoke(main, ["scaffold", str(table), "--out", str(config)])
    assert scaffolded.exit_code == 0, scaffolded.output + repr(scaffolded.exception)
    database = work / "warehouse.duckdb"
    result = run_dbt(["build", *options, "--vars", config.read_text()], database)
    assert result.returncode == 0, f"{table.name}:\n{result.output[-5000:]}"
    return database


def copy_build(database: Path, folder: Path) -> Path:
    """Copy a built DuckDB file and its ``target/`` into `folder`, for a test that changes them.

    Parameters
    ----------
    database : Path
        A file built by `build_or_fail` (its ``target/`` sits next to it).
    folder : Path
        An empty folder for the copy.

    Returns
    -------
    Path
        The copied DuckDB file; dbt runs on it write their own ``target/`` and ``logs/`` beside it.
    """
    copied = folder / database.name
    shutil.copy(database, copied)
    target = database.parent / "target"
    if target.is_dir():
        shutil.copytree(target, folder / "target")
    return copied


def copy_over(database: Path, copy: Path) -> Path:
    """Copy a built DuckDB file over `copy`, the copy a previous test changed (if any).

    For the tests that each change a copy of one build: dbt's partial-parse file holds only for
    the DuckDB path it was parsed with, so a copy at a new path is parsed again (about 6 s). With
    one copy path, only the first test's command parses the project.

    Parameters
    ----------
    database : Path
        The built DuckDB file.
    copy : Path
        Where the copy goes; dbt runs on it keep their ``target/`` beside it between tests.

    Returns
    -------
    Path
        `copy`, as `database` is.
    """
    copy.with_name(f"{copy.name}.wal").unlink(missing_ok=True)
    shutil.copy(database, copy)
    return copy


def query(database: Path, sql: str) -> pd.DataFrame:
    """Run `sql` on a DuckDB file opened read-only; the rows as a DataFrame."""
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql).df()


def count_rows(connection: duckdb.DuckDBPyConnection, table: str) -> int:
    """Number of rows of `table` on an open connection."""
    return connection.execute(f"select count(*) from {table}").fetchall()[0][0]


def read_run_ids(connection: duckdb.DuckDBPyConnection) -> set[str]:
    """Every run id any published table holds (a mixed release would show two)."""
    run_ids = set()
    for table in ("segmentation_runs", "user_segments", "user_lookup", "segment_profiles"):
        run_ids |= {
            row[0] for row in connection.execute(f"select distinct run_id from {table}").fetchall()
        }
    return run_ids


@contextlib.contextmanager
def headless_chromium(window_size: str, *extra_arguments: str, page_load_timeout: int = 60):
    """Debian's headless Chromium under Selenium, with browser console logs kept; quits after.

    Parameters
    ----------
    window_size : str
        ``"width,height"`` in pixels.
    *extra_arguments : str
        More Chromium command-line switches.
    page_load_timeout : int, default 60
        Seconds before a page load fails.

    Yields
    ------
    selenium.webdriver.Chrome
        The driver; skips the test when Chromium or chromedriver is missing.
    """
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


#: The only columns allowed to differ between two builds of the same inputs: wall-clock times
#: and the dbt invocation.
WALL_CLOCK_COLUMNS = {
    "computed_at", "named_at", "loaded_at", "dbt_invocation_id", "days_since_newest_event",
    "is_stale",
}  # fmt: skip
#: The log of dbt invocations (one row per command, with its own id and times): differs by design.
INVOCATION_LOG_TABLES = "('build_invocations')"
#: The stored model's run JSON carries its computed_at too.
UNTIMED_JSON = """regexp_replace("{column}", '"computed_at": "[^"]*"', '')"""


def rows_differing_per_table(first: Path, second: Path) -> tuple[dict[str, int], list[str]]:
    """Rows in one file but not the other, per table and mart view (``user_segments``), ignoring
    wall-clock columns."""
    with duckdb.connect(":memory:") as connection:
        connection.execute(f"attach '{first}' as first_db (read_only)")
        connection.execute(f"attach '{second}' as second_db (read_only)")
        tables = [
            row[0]
            for row in connection.execute(
                "select table_name from duckdb_tables() where database_name = 'first_db' "
                f"and table_name not in {INVOCATION_LOG_TABLES} "
                "union all select view_name from duckdb_views() where database_name = 'first_db' "
                "and not internal and view_name not like 'stg%' and view_name not like 'int%' "
                "order by 1"
            ).fetchall()
        ]
        differing = {}
        for table in tables:
            columns = [
                row[0]
                for row in connection.execute(
                    "select column_name from duckdb_columns() where database_name = 'first_db' "
                    f"and table_name = '{table}' order by column_index"
                ).fetchall()
                if row[0] not in WALL_CLOCK_COLUMNS
            ]
            selected = ", ".join(
                UNTIMED_JSON.format(column=c) if c == "text_value" else f'"{c}"' for c in columns
            )
            count = connection.execute(
                f"select count(*) from ((select {selected} from first_db.{table} "
                f"except all select {selected} from second_db.{table}) union all "
                f"(select {selected} from second_db.{table} "
                f"except all select {selected} from first_db.{table}))"
            ).fetchone()[0]
            if count:
                differing[table] = count
    return differing, tables
