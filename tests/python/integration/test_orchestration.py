"""The project as Dagster assets, on real dbt builds: a partition builds what `dbt build` with its
as-of date builds, a two-day backfill replays the days in order (run ids, history, exports), a
failing check stops publish and export, and the web UI shows the asset graph and the last run."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from support import (
    PROJECT_DIR,
    SKIP_DATA_TESTS,
    SKIP_UNIT_TESTS,
    headless_chromium,
    rows_differing_per_table,
    run_dbt,
)

dagster = pytest.importorskip("dagster", reason="needs the orchestration extra")

from user_segmentation.orchestration import (  # noqa: E402
    SegmentationWarehouse,
    as_of_date_partitions,
    build_definitions,
    prepare_project,
)
from user_segmentation.synthetic.demo_data import generate_demo_data  # noqa: E402
from user_segmentation.synthetic.fault_injection import inject_row_faults  # noqa: E402

#: A backfill of two days: the second run reads the first run's model, history and snapshot.
DAYS = ("2026-10-30", "2026-10-31")
USERS = 2_000
#: Between quarantine_warn_share (0.5%) and quarantine_error_share (5%): the build goes on, warned.
BAD_ROW_SHARE = 0.01
JOB = "daily_segmentation"
LOCATION = "user_segmentation.orchestration.code_location"
#: The assets downstream of the marts, which a failed blocking check must stop.
SERVING = ("publish", "export", "report")


@dataclass
class Backfill:
    """Two days materialized through Dagster, and the same days built by hand with dbt."""

    work: Path
    data_dir: Path
    dagster_home: Path
    warehouse: SegmentationWarehouse
    definitions: object
    instance: object
    results: list
    first_partition: Path
    first_by_hand: Path
    by_hand: Path
    seconds: dict = field(default_factory=dict)


def warehouse_in(work: Path, data_dir: Path, **overrides) -> SegmentationWarehouse:
    settings = dict(
        project_dir=str(PROJECT_DIR),
        database=str(work / "warehouse.duckdb"),
        raw_data_path=str(data_dir),
        publish_dir=str(work / "published"),
        export_dir=str(work / "exports"),
        report_dir=str(work / "reports"),
        report_png=False,
    )
    return SegmentationWarehouse(**{**settings, **overrides})


def persistent_instance(dagster_home: Path):
    """A Dagster instance on disk, so `dagster dev` can show its runs afterwards."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    (dagster_home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    return dagster.DagsterInstance.from_config(str(dagster_home))


@pytest.fixture(scope="module")
def messy_demo(tmp_path_factory) -> Path:
    """2,000 demo users, with 1% bad rows mixed in (as `demo-data --bad-row-share 0.01`)."""
    clean = tmp_path_factory.mktemp("clean_demo")
    generate_demo_data(clean, n_users=USERS)
    messy = tmp_path_factory.mktemp("messy_demo")
    inject_row_faults(clean, messy, BAD_ROW_SHARE, seed=42)
    return messy


@pytest.fixture(scope="module")
def backfill(tmp_path_factory, messy_demo) -> Backfill:
    work = tmp_path_factory.mktemp("orchestrated")
    warehouse = warehouse_in(work, messy_demo)
    definitions = build_definitions(warehouse, as_of_date_partitions(DAYS[0], DAYS[-1]))
    dagster_home = work / "dagster_home"
    instance = persistent_instance(dagster_home)
    job = definitions.resolve_job_def(JOB)
    partition_keys = job.partitions_def.get_partition_keys()
    assert tuple(partition_keys) == DAYS

    seconds: dict[str, float] = {}
    results = []
    for day in partition_keys:  # a backfill's runs, oldest first, one at a time
        started = time.perf_counter()
        result = job.execute_in_process(partition_key=day, instance=instance)
        seconds[f"partition {day}"] = time.perf_counter() - started
        for step in instance.get_run_step_stats(result.run_id):
            seconds[f"step {step.step_key} {day}"] = step.end_time - step.start_time
        results.append(result)
        if day == DAYS[0]:
            first_partition = shutil.copy(warehouse.database, work / "first_partition.duckdb")

    by_hand = tmp_path_factory.mktemp("by_hand") / "warehouse.duckdb"
    for day in DAYS:
        started = time.perf_counter()
        variables = {"raw_data_path": str(messy_demo), "as_of_date": day}
        # Only the tables are compared with the partitions': the by-hand builds skip the tests.
        # Day 1 is compared table by table; day 2 only by run id, so it stops there.
        selection = [] if day == DAYS[0] else ["--select", "+segmentation_runs"]
        arguments = ["build", *selection, *SKIP_UNIT_TESTS, *SKIP_DATA_TESTS]
        result = run_dbt(arguments, by_hand, variables)
        assert result.returncode == 0, result.output[-5000:]
        seconds[f"dbt build {day}"] = time.perf_counter() - started
        if day == DAYS[0]:
            first_by_hand = shutil.copy(by_hand, by_hand.parent / "first_by_hand.duckdb")
    (work / "seconds.json").write_text(json.dumps({k: round(v, 1) for k, v in seconds.items()}))
    return Backfill(
        work, messy_demo, dagster_home, warehouse, definitions, instance, results,
        Path(first_partition), Path(first_by_hand), by_hand, seconds,
    )  # fmt: skip


def query(database: Path | str, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql).df()


def latest_metadata(instance, key: str, partition: str) -> dict:
    event = (
        instance.fetch_materializations(
            dagster.AssetRecordsFilter(
                asset_key=dagster.AssetKey(key), asset_partitions=[partition]
            ),
            limit=1,
        )
        .records[0]
        .event_log_entry.asset_materialization
    )
    return {name: value.value for name, value in event.metadata.items()}


def materialized_assets(result) -> set[str]:
    return {event.asset_key.to_user_string() for event in result.get_asset_materialization_events()}


def check_evaluations(result, check_name: str) -> list:
    return [
        event.event_specific_data
        for event in result.all_events
        if event.event_type_value == "ASSET_CHECK_EVALUATION"
        and event.event_specific_data.check_name == check_name
    ]


# --- the asset graph -------------------------------------------------------------------------


def test_every_dbt_model_and_seed_is_an_asset_and_data_tests_are_checks(backfill):
    project = prepare_project(PROJECT_DIR, backfill.warehouse.dbt_vars())
    manifest = json.loads(Path(project.manifest_path).read_text())
    nodes = manifest["nodes"].values()
    models_and_seeds = {n["name"] for n in nodes if n["resource_type"] in ("model", "seed")}
    graph = backfill.definitions.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert models_and_seeds <= keys
    assert {"publish", "export", "report"} <= keys
    checks = {(key.asset_key.to_user_string(), key.name) for key in graph.asset_check_keys}
    assert ("user_segments", "unique_user_segments_user_key") in checks
    assert ("input_reconciliation", "quarantine_below_thresholds") in checks
    assert ("input_freshness", "input_is_fresh") in checks
    one_per_model_test = [
        n for n in nodes if n["resource_type"] == "test" and len(n["depends_on"]["nodes"]) == 1
    ]
    assert len(checks) >= len(one_per_model_test)
    # Publish waits for the marts and for the blocking quarantine check's asset.
    publish = graph.get(dagster.AssetKey("publish"))
    parents = {key.to_user_string() for key in publish.parent_keys}
    assert {"user_segments", "segment_profiles", "segmentation_runs", "input_reconciliation"} <= (
        parents
    )


# --- one partition = one as-of date ----------------------------------------------------------


def test_a_partition_builds_the_marts_dbt_build_builds_with_its_as_of_date(backfill):
    differing, tables = rows_differing_per_table(backfill.first_partition, backfill.first_by_hand)
    assert differing == {}, "rows that differ between the partition and the build by hand"
    assert {"user_segments", "segment_profiles", "segmentation_runs", "input_freshness"} <= set(
        tables
    )
    as_of = query(backfill.first_partition, "select distinct as_of_date from user_segments")
    assert [str(day.date()) for day in as_of["as_of_date"]] == [DAYS[0]]


def test_a_backfill_gives_the_run_ids_of_builds_by_hand_in_order(backfill):
    assert [result.success for result in backfill.results] == [True] * len(DAYS)
    assert [result.dagster_run.tags["dagster/partition"] for result in backfill.results] == list(
        DAYS
    )
    runs_sql = "select run_id from segmentation_runs order by computed_at"
    orchestrated = query(backfill.warehouse.database, runs_sql)["run_id"].tolist()
    assert orchestrated == query(backfill.by_hand, runs_sql)["run_id"].tolist()
    assert len(set(orchestrated)) == len(DAYS)
    history = query(
        backfill.warehouse.database,
        "select run_id, as_of_date, users from segment_history_runs order by as_of_date",
    )
    assert history["run_id"].tolist() == orchestrated
    assert [str(day.date()) for day in history["as_of_date"]] == list(DAYS)
    assert history["users"].tolist() == [USERS] * len(DAYS)
    # The history holds spells, not runs: every user has exactly one current spell.
    current = query(
        backfill.warehouse.database,
        "select count(*) as spells, count(distinct user_key) as users "
        "from user_segment_history where is_current",
    )
    assert current.iloc[0].tolist() == [USERS, USERS]


def test_segment_ids_and_names_stay_stable_across_the_backfill(backfill):
    database = backfill.warehouse.database
    names = query(database, "select run_id, segment_id, segment_name from segment_names")
    per_run = [
        group.set_index("segment_id")["segment_name"].to_dict()
        for _, group in names.groupby("run_id")
    ]
    assert len(per_run) == len(DAYS) and all(names == per_run[0] for names in per_run)
    lineage = query(database, "select run_id, lineage_status from segment_lineage")
    later_runs = query(database, "select run_id from segmentation_runs order by computed_at")
    later = lineage[lineage["run_id"].isin(later_runs["run_id"].iloc[1:])]
    assert set(later["lineage_status"]) == {"matched"}


def test_backfill_exports_one_snapshot_per_day_whose_changes_are_exactly_the_movers(backfill):
    snapshots = sorted(Path(backfill.warehouse.export_dir, "snapshots").iterdir())
    manifests = [json.loads((path / "manifest.json").read_text()) for path in snapshots]
    assert [manifest["as_of_date"] for manifest in manifests] == list(DAYS)
    assert manifests[0]["previous_snapshot"] is None
    for before_path, after_path, manifest in zip(
        snapshots[:-1], snapshots[1:], manifests[1:], strict=True
    ):
        assert manifest["previous_snapshot"] == before_path.name
        before = pd.read_parquet(before_path / "segments.parquet").set_index("user_key")
        after = pd.read_parquet(after_path / "segments.parquet").set_index("user_key")
        moved = after.index[after["segment_id"] != before["segment_id"].reindex(after.index)]
        assert 0 < len(moved) < 0.1 * len(after)
        changes = pd.read_parquet(after_path / "changes.parquet")
        entered = changes[changes["change"] == "entered"].set_index("user_key")["segment_id"]
        left = changes[changes["change"] == "left"].set_index("user_key")["segment_id"]
        assert sorted(entered.index) == sorted(left.index) == sorted(moved)
        assert entered.to_dict() == after.loc[moved, "segment_id"].to_dict()
        assert left.to_dict() == before.loc[moved, "segment_id"].to_dict()
    current = Path(backfill.warehouse.export_dir, "current").resolve()
    assert current == snapshots[-1].resolve()


def test_each_day_has_its_own_report(backfill):
    for day in DAYS:
        assert Path(backfill.warehouse.report_dir, day, "report.html").stat().st_size > 100_000


# --- health and run metadata -----------------------------------------------------------------


def test_the_run_summary_is_metadata_on_the_assets(backfill):
    last_run = query(
        backfill.warehouse.database,
        "select run_id, k, assigned_users, silhouette, fit_decision from segmentation_runs "
        "where is_current",
    ).iloc[0]
    quarantined = query(
        backfill.warehouse.database, "select sum(rows_quarantined) as n from input_reconciliation"
    )["n"].iloc[0]
    for asset in ("segmentation_runs", "user_segments"):
        metadata = latest_metadata(backfill.instance, asset, DAYS[-1])
        assert metadata["run_id"] == last_run["run_id"]
        assert metadata["users"] == USERS == last_run["assigned_users"]
        assert metadata["k"] == last_run["k"]
        assert metadata["silhouette"] == pytest.approx(last_run["silhouette"], abs=1e-4)
        assert metadata["fit_decision"] == last_run["fit_decision"]
        assert metadata["quarantined_rows"] == quarantined > 0
    published = latest_metadata(backfill.instance, "publish", DAYS[-1])
    assert published["run_id"] == last_run["run_id"]
    assert published["rows/user_segments"] == USERS


def test_quarantine_above_the_warn_share_is_a_warning_that_lets_publish_go_on(backfill):
    for result in backfill.results:
        (evaluation,) = check_evaluations(result, "quarantine_below_thresholds")
        assert not evaluation.passed
        assert evaluation.severity == dagster.AssetCheckSeverity.WARN
        assert "above quarantine_warn_share" in evaluation.description
        assert result.success
        assert {"publish", "export"} <= materialized_assets(result)


def test_quarantine_above_the_error_share_fails_the_check(backfill):
    strict = warehouse_in(
        backfill.work, backfill.data_dir,
        dbt_vars_json=json.dumps({"quarantine_error_share": BAD_ROW_SHARE / 2}),
    )  # fmt: skip
    definitions = build_definitions(strict, as_of_date_partitions(DAYS[0], DAYS[-1]))
    job = definitions.resolve_job_def(JOB)
    check_only = job.get_subset(
        asset_check_selection={
            dagster.AssetCheckKey(dagster.AssetKey("input_reconciliation"),
                                  "quarantine_below_thresholds")
        },
        asset_selection=set(),
    )  # fmt: skip
    result = check_only.execute_in_process(
        partition_key=DAYS[-1], instance=dagster.DagsterInstance.ephemeral(), raise_on_error=False
    )
    (evaluation,) = check_evaluations(result, "quarantine_below_thresholds")
    assert not evaluation.passed
    assert evaluation.severity == dagster.AssetCheckSeverity.ERROR
    assert "above quarantine_error_share" in evaluation.description


def test_stale_input_is_a_freshness_warning(backfill):
    (evaluation,) = check_evaluations(backfill.results[-1], "input_is_fresh")
    age = (datetime.datetime.now(datetime.UTC).date() - datetime.date(2026, 10, 31)).days
    assert evaluation.passed == (age <= 2)
    assert evaluation.severity == dagster.AssetCheckSeverity.WARN
    assert evaluation.metadata["days_since_newest_event"].value in (age - 1, age)


# --- a failing check stops publish and export ------------------------------------------------


def test_a_planted_failing_check_stops_publish_and_export(backfill, tmp_path):
    published = Path(backfill.warehouse.publish_dir)
    exported = Path(backfill.warehouse.export_dir)
    release_before = (published / "current").resolve()
    snapshot_before = (exported / "current").resolve()
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(backfill.warehouse.database, database)
    # A user scored twice upstream: user_segments, rebuilt from it, fails its unique check.
    with duckdb.connect(str(database)) as connection:
        connection.execute(
            "insert into int_user_segments_scored select * from int_user_segments_scored limit 1"
        )
    warehouse = warehouse_in(
        tmp_path, backfill.data_dir, database=str(database),
        publish_dir=str(published), export_dir=str(exported),
    )  # fmt: skip
    definitions = build_definitions(warehouse, as_of_date_partitions(DAYS[0], DAYS[-1]))
    # The failing check's model and what follows it: the rest of the warehouse is the backfill's.
    rebuilt_and_served = {dagster.AssetKey(name) for name in ("user_segments", *SERVING)}
    job = definitions.resolve_job_def(JOB).get_subset(asset_selection=rebuilt_and_served)
    result = job.execute_in_process(
        partition_key=DAYS[-1], instance=dagster.DagsterInstance.ephemeral(), raise_on_error=False
    )
    assert not result.success
    (planted,) = check_evaluations(result, "unique_user_segments_user_key")
    assert not planted.passed and planted.severity == dagster.AssetCheckSeverity.ERROR
    materialized = materialized_assets(result)
    assert "user_segments" in materialized
    assert not set(SERVING) & materialized
    assert (published / "current").resolve() == release_before
    assert (exported / "current").resolve() == snapshot_before


# --- the web UI ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"dagster dev exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise AssertionError(f"{url} did not answer within {timeout} s")


def wait_for_text(driver, texts: list[str], timeout: float) -> str:
    """Wait until the page shows every text (closing Dagster's first-visit newsletter dialog)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for button in driver.find_elements("xpath", "//button[normalize-space()='Skip']"):
            button.click()
        page = driver.find_element("tag name", "body").text
        if all(text in page for text in texts):
            return page
        time.sleep(1)
    raise AssertionError(f"{texts} not all on {driver.current_url}; page text:\n{page[:3000]}")


def test_the_web_ui_shows_the_asset_graph_and_the_last_run(backfill, tmp_path):
    port = free_port()
    environment = {
        **os.environ,
        "DAGSTER_HOME": str(backfill.dagster_home),
        "DBT_PROJECT_DIR": str(PROJECT_DIR),
        "DUCKDB_PATH": backfill.warehouse.database,
        "RAW_DATA_PATH": backfill.warehouse.raw_data_path,
        "PUBLISH_DIR": backfill.warehouse.publish_dir,
        "EXPORT_DIR": backfill.warehouse.export_dir,
        "REPORT_DIR": backfill.warehouse.report_dir,
        "USER_SEGMENTATION_FIRST_AS_OF_DATE": DAYS[0],
        "USER_SEGMENTATION_LAST_AS_OF_DATE": DAYS[-1],
    }
    dagster_cli = str(Path(sys.executable).with_name("dagster"))
    command = [dagster_cli, "dev", "-m", LOCATION,
               "-h", "127.0.0.1", "-p", str(port)]  # fmt: skip
    log = (tmp_path / "dagster_dev.log").open("w")
    process = subprocess.Popen(
        command, cwd=PROJECT_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/server_info", process, timeout=180)
        last_run_id = backfill.results[-1].run_id
        with headless_chromium("1600,1000") as driver:
            driver.get(f"{base}/asset-groups")
            groups = ["seeds", "staging", "intermediate", "segmentation", "marts", "serving"]
            wait_for_text(driver, ["Global asset lineage", *groups], 180)
            time.sleep(2)  # let the graph finish its layout before the picture
            driver.save_screenshot(str(tmp_path / "asset_graph.png"))
            # The graph draws only the nodes in view; the serving group's page lists the marts it
            # reads (publish, export and report sit right of the window at this size).
            driver.get(f"{base}/locations/{LOCATION}/asset-groups/serving")
            wait_for_text(driver, ["Asset Group in", "segment_profiles", "segment_radar"], 120)
            driver.get(f"{base}/runs")
            page = wait_for_text(driver, [last_run_id[:8], f"partition: {DAYS[-1]}"], 120)
            assert JOB in page and "Success" in page
    finally:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
        log.close()
    assert (tmp_path / "asset_graph.png").stat().st_size > 10_000
