"""Fault suite, kill tests: a dbt run killed (SIGKILL) inside the Python model or inside a mart
leaves the published release BI tools read byte for byte unchanged, leaves the build file at its
last committed state, and the next run + publish recovers with no manual cleanup.

dbt-duckdb builds a table as ``<name>__dbt_tmp``, renames the old table away and the new one in,
runs the post-hooks and only then commits. The test-only var ``fault_pause_model`` makes the
named model's post-hook run a query that never ends, so the kill lands after the swap and before
the commit: the riskiest moment. The notebook build (1,000 users) is reused from conftest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from support import DBT, NOTEBOOK_VARS, PROJECT_DIR, dbt_environment, run_dbt
from user_segmentation.serving.publish import current_release, publish_marts

PAUSE_SQL = "range(100000000000000)"


def release_bytes(publish_dir: Path) -> dict[str, str]:
    """Every file of the current release (and where `current` points), hashed."""
    current = (publish_dir / "current").resolve()
    hashes = {"->": current.name}
    for path in sorted(current.rglob("*")):
        hashes[str(path.relative_to(current))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def warehouse_state(database: Path) -> dict:
    with duckdb.connect(str(database), read_only=True) as connection:
        return {
            "runs": connection.sql("select run_id, computed_at from segmentation_runs").fetchall(),
            "profiles": connection.sql("select * from segment_profiles order by 1").fetchall(),
            "tables": sorted(
                name
                for (name,) in connection.sql(
                    "select table_name from information_schema.tables"
                ).fetchall()
            ),
        }


def run_and_kill_when_paused(database: Path, model: str, args: list[str]) -> str:
    """Start dbt, wait until `model` sits in its paused post-hook (dbt's debug log), kill it."""
    environment = dbt_environment(database)
    log = Path(environment["DBT_LOG_PATH"]) / "dbt.log"
    log.unlink(missing_ok=True)
    variables = {**NOTEBOOK_VARS, "fault_pause_model": model}
    process = subprocess.Popen(
        [DBT, *args, "--vars", json.dumps(variables)],
        cwd=PROJECT_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 600
    try:
        while PAUSE_SQL not in (log.read_text() if log.exists() else ""):
            assert process.poll() is None, "dbt ended before reaching the paused model"
            assert time.monotonic() < deadline, "dbt never reached the paused model"
            time.sleep(0.2)
        time.sleep(0.5)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return log.read_text()


@pytest.fixture(scope="module")
def served(notebook_warehouse, tmp_path_factory):
    """A copy of the notebook build, published once: the release BI tools read."""
    work = tmp_path_factory.mktemp("kill")
    database = work / "warehouse.duckdb"
    shutil.copy(notebook_warehouse, database)
    publish_dir = work / "published"
    publish_marts(database, publish_dir)
    return database, publish_dir, release_bytes(publish_dir), warehouse_state(database)


@pytest.mark.parametrize(
    ("model", "args"),
    [
        ("segmentation_model", ["run", "--select", "segmentation_model+"]),
        ("segment_profiles", ["run", "--select", "segment_profiles"]),
    ],
    ids=["during_the_python_model", "during_a_mart"],
)
def test_killed_build_leaves_release_and_warehouse_as_last_committed(served, model, args):
    database, publish_dir, release_before, warehouse_before = served
    log = run_and_kill_when_paused(database, model, args)
    assert f"{model}__dbt_tmp" in log  # the kill came after dbt built the new table

    assert release_bytes(publish_dir) == release_before
    # Opening the file replays DuckDB's WAL: the uncommitted swap is gone and the marts are the
    # last committed ones.
    after = warehouse_state(database)
    assert after["runs"] == warehouse_before["runs"]
    assert after["profiles"] == warehouse_before["profiles"]
    assert set(warehouse_before["tables"]) <= set(after["tables"])
    left_over = set(after["tables"]) - set(warehouse_before["tables"])
    # The incremental Python model commits its timestamped temp table before the merge, so a kill
    # there leaves it (on-run-start/-end drop it); a mart's table swap is one transaction.
    expected = {"segmentation_model"} if model == "segmentation_model" else set()
    assert {name.split("__dbt_tmp")[0] for name in left_over} == expected


def test_next_run_and_publish_recover_without_cleanup(served):
    database, publish_dir, release_before, _ = served
    before = current_release(publish_dir)
    result = run_dbt(
        ["run", "--select", "segmentation_model+"], database, NOTEBOOK_VARS, artifacts=True
    )
    assert result.returncode == 0, result.output[-3000:]
    after = publish_marts(
        database, publish_dir, run_results=database.parent / "target" / "run_results.json"
    ).release
    assert after.path != before.path
    assert current_release(publish_dir).path == after.path
    assert after.row_counts == before.row_counts
    assert release_bytes(publish_dir) != release_before
    tables = warehouse_state(database)["tables"]
    assert not [name for name in tables if "__dbt_tmp" in name or "__dbt_backup" in name]
