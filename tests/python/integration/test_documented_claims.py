"""Claims the README makes that no other test checked: each test names the claim it proves."""

from __future__ import annotations

import shutil
import time

import duckdb
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from support import PROJECT_DIR, SKIP_UNIT_TESTS, run_dbt
from user_segmentation.cli import main

NOTEBOOK_VARS = {"user_source": "profiles_csv", "segmentation_preset": "notebook"}


def query(database, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.sql(sql).df()


@pytest.fixture
def notebook_copy(notebook_warehouse, tmp_path):
    """A copy of the notebook build to run more dbt commands on."""
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(notebook_warehouse, database)
    return database


def test_export_keeps_only_the_newest_snapshots(notebook_warehouse, tmp_path):
    """README: "The last 30 snapshots are kept (`--keep`)"."""
    publish_dir, export_dir = tmp_path / "published", tmp_path / "exports"
    runner = CliRunner()
    written = []
    for _ in range(4):
        published = runner.invoke(
            main,
            ["publish", "--database", str(notebook_warehouse), "--publish-dir", str(publish_dir)],
        )
        assert published.exit_code == 0, published.output
        exported = runner.invoke(
            main,
            [
                "export",
                "--publish-dir",
                str(publish_dir),
                "--export-dir",
                str(export_dir),
                "--keep",
                "2",
            ],
        )
        assert exported.exit_code == 0, exported.output
        written.append((export_dir / "current").resolve().name)
        time.sleep(1.1)  # snapshot names carry a UTC stamp to the second

    kept = sorted(path.name for path in (export_dir / "snapshots").iterdir())
    assert kept == sorted(written[-2:])
    assert (export_dir / "current").resolve().name == written[-1]


def test_refit_never_scores_every_user_with_the_last_model_through_dbt(notebook_copy):
    """README: "`never` always scores with the last model" (end to end through dbt)."""
    before = query(notebook_copy, "select run_id from segmentation_runs where is_current")
    segments_before = query(notebook_copy, "select user_key, segment_id from user_segments")

    # A config change that would refit (k=4), with refit: never.
    variables = {**NOTEBOOK_VARS, "refit": "never", "segmentation_overrides": {"k": 4}}
    result = run_dbt(["build", *SKIP_UNIT_TESTS], notebook_copy, variables)

    assert result.returncode == 0, result.output[-4000:]
    run = query(
        notebook_copy, "select run_id, k, fit_decision from segmentation_runs where is_current"
    )
    assert run["run_id"].tolist() == before["run_id"].tolist()
    assert run["k"].tolist() == [5]
    assert run["fit_decision"].iloc[0] == "reused: refit=never scores with the last model"
    segments_after = query(notebook_copy, "select user_key, segment_id from user_segments")
    merged = segments_before.merge(segments_after, on="user_key", suffixes=("_before", "_after"))
    assert len(merged) == len(segments_before) == 1000
    assert (merged["segment_id_before"] == merged["segment_id_after"]).all()


def test_a_host_profile_without_the_plugin_stops_the_build_saying_so(notebook_copy, tmp_path):
    """README: a host project's profile needs the plugin line; "without it the build stops with
    a message saying so"."""
    profiles = yaml.safe_load((PROJECT_DIR / "profiles.yml").read_text())
    profiles["user_segmentation"]["outputs"]["duckdb"].pop("plugins")
    profiles_dir = tmp_path / "profiles"
    profiles_dir.mkdir()
    (profiles_dir / "profiles.yml").write_text(yaml.safe_dump(profiles))

    result = run_dbt(
        ["run", "--select", "int_user_segments_scored", "--profiles-dir", str(profiles_dir)],
        notebook_copy,
        NOTEBOOK_VARS,
    )

    assert result.returncode != 0
    text = " ".join(result.output.split())
    assert "user_key_salt is not set" in text and "plugin" in text
    assert "user_segmentation.duckdb_plugin" in text
    assert "Traceback" not in result.output


# The events input: the daily aggregates against the direct path, and stale input.


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory):
    from user_segmentation.synthetic.demo_data import generate_demo_data

    out = tmp_path_factory.mktemp("claims_demo")
    generate_demo_data(out / "raw", n_users=1_000, progress=False)
    return out


FEATURES = ["+int_user_features_joined"]


def test_daily_aggregates_give_the_direct_paths_features_on_the_same_data(small_demo):
    """README: the window features from int_user_days_aggregated are the direct path's "to
    ~1e-14 float rounding"."""
    raw = str(small_demo / "raw")
    direct_db = small_demo / "direct" / "warehouse.duckdb"
    daily_db = small_demo / "daily" / "warehouse.duckdb"
    for database, daily in ((direct_db, False), (daily_db, True)):
        database.parent.mkdir()
        variables = {"raw_data_path": raw, "daily_aggregates": daily}
        result = run_dbt(
            ["build", "--select", *FEATURES, "--exclude-resource-type", "test", "unit_test"],
            database,
            variables,
        )
        assert result.returncode == 0, result.output[-4000:]

    direct = query(direct_db, "select * from int_user_features_joined order by user_id")
    daily = query(daily_db, "select * from int_user_features_joined order by user_id")
    assert len(direct) == 1_000 and list(direct.columns) == list(daily.columns)
    numeric = direct.select_dtypes("number").columns
    pd.testing.assert_frame_equal(
        direct[numeric], daily[numeric], check_exact=False, rtol=1e-12, atol=1e-12
    )
    text = direct.columns.difference(numeric)
    pd.testing.assert_frame_equal(direct[text], daily[text])
    assert query(daily_db, "select count(*) as n from int_user_days_aggregated")["n"][0] > 1_000


def test_warn_error_turns_the_stale_input_warning_into_a_failure(small_demo, monkeypatch):
    """README: the stale-input test warns, and "`--warn-error` makes it fail"."""
    # A private salt: the public default's warning would fail a --warn-error build by itself.
    monkeypatch.setenv("USER_SEGMENTATION_SALT", "claims-test-salt")
    database = small_demo / "direct" / "warehouse.duckdb"
    variables = {"raw_data_path": str(small_demo / "raw")}
    stale = ["--select", "warn_when_events_are_stale", "input_freshness"]

    warned = run_dbt(["build", *stale], database, variables)
    failed = run_dbt(["--warn-error", "build", *stale], database, variables)

    assert warned.returncode == 0 and "Stale input" in " ".join(warned.output.split())
    assert failed.returncode != 0
    assert "warn_when_events_are_stale" in failed.output and "Stale input" in failed.output
    # The failed test is recorded: the warehouse's last build is not green.
    last = query(
        database,
        "select is_green, failed_node_list from build_invocations "
        "order by finished_at desc limit 1",
    )
    assert not last["is_green"][0] and "warn_when_events_are_stale" in last["failed_node_list"][0]
