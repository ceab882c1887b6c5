"""The publish gate: a warehouse whose last dbt build was not green is not published (unless
forced with a reason, which the release records), and export refuses a forced release unless told.

The red build is real: on a copy of the notebook build, `dbt test` with min_cell_size raised to
100 makes the data test `users >= min_cell_size` of segment_category_mix fail, and the project's
on-run-end hook records the failure in the warehouse.
"""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from support import run_dbt
from user_segmentation.cli import main

FAILING_TEST = "expression_is_true_segment_category_mix_users"


@pytest.fixture(scope="module")
def red_warehouse(tmp_path_factory, notebook_warehouse):
    """A copy of the notebook build whose last dbt invocation had a failing data test."""
    database = tmp_path_factory.mktemp("red_build") / "warehouse.duckdb"
    shutil.copy(notebook_warehouse, database)
    variables = {"user_source": "profiles_csv", "segmentation_preset": "notebook"}
    result = run_dbt(
        ["test", "--select", "segment_category_mix"], database, {**variables, "min_cell_size": 100}
    )
    assert result.returncode != 0 and FAILING_TEST in result.output, result.output[-3000:]
    return database, variables


def _publish(database, publish_dir, *extra):
    return CliRunner().invoke(
        main, ["publish", "--database", str(database), "--publish-dir", str(publish_dir), *extra]
    )


def test_publish_refuses_a_warehouse_whose_last_build_had_a_failing_test(red_warehouse, tmp_path):
    database, _ = red_warehouse
    result = _publish(database, tmp_path / "published")
    assert result.exit_code != 0
    message = " ".join(result.output.split())
    assert "was not green" in message and FAILING_TEST in message and "(fail)" in message
    assert "--force --reason" in message
    assert not (tmp_path / "published" / "current").exists()


def test_force_needs_a_reason(red_warehouse, tmp_path):
    database, _ = red_warehouse
    result = _publish(database, tmp_path / "published", "--force")
    assert result.exit_code == 2 and "--force needs --reason" in result.output


def test_forced_publish_records_why_and_export_refuses_it_unless_allowed(red_warehouse, tmp_path):
    database, _ = red_warehouse
    publish_dir, export_dir = tmp_path / "published", tmp_path / "exports"
    reason = "cell-size test run with a trial threshold; marts checked by hand"

    result = _publish(database, publish_dir, "--force", "--reason", reason)

    assert result.exit_code == 0, result.output
    assert "published with --force" in result.output and reason in result.output
    manifest = json.loads((publish_dir / "current" / "manifest.json").read_text())
    assert manifest["forced"] is True and manifest["force_reason"] == reason
    assert manifest["build"]["is_green"] is False
    assert any(FAILING_TEST in node for node in manifest["build"]["failed_nodes"])

    export = ["export", "--publish-dir", str(publish_dir), "--export-dir", str(export_dir)]
    refused = CliRunner().invoke(main, export)
    assert refused.exit_code != 0
    assert "--force" in refused.output and "--allow-forced" in refused.output
    assert not (export_dir / "current").exists()
    allowed = CliRunner().invoke(main, [*export, "--allow-forced"])
    assert allowed.exit_code == 0, allowed.output
    assert (export_dir / "current" / "segments.parquet").is_file()


def test_a_green_rerun_publishes_without_force(red_warehouse, tmp_path):
    red, variables = red_warehouse
    database = tmp_path / "warehouse.duckdb"
    shutil.copy(red, database)
    rerun = run_dbt(["test", "--select", "segment_category_mix"], database, variables)
    assert rerun.returncode == 0, rerun.output[-3000:]

    result = _publish(database, tmp_path / "published")

    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "published" / "current" / "manifest.json").read_text())
    assert manifest["forced"] is False and manifest["build"]["is_green"] is True
    assert manifest["build"]["command"] == "test"
