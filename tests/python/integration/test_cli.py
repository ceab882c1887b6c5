"""The command line, through click's CliRunner."""

from __future__ import annotations

import pandas as pd
from click.testing import CliRunner

from user_segmentation.cli import main


def test_demo_data_writes_events_users_and_answer_key(tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "demo-data",
            "--out",
            str(tmp_path),
            "--users",
            "1500",
            "--days",
            "14",
            "--users-per-file",
            "500",
            "--no-progress",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 1,500 users" in result.output
    assert len(list((tmp_path / "events").glob("*.parquet"))) == 3
    users = pd.read_parquet(tmp_path / "users")
    assert len(users) == 1500
    assert (tmp_path / "ground_truth" / "personas.parquet").exists()


def test_demo_data_rejects_a_bad_size():
    result = CliRunner().invoke(main, ["demo-data", "--users", "3"])
    assert result.exit_code != 0
    assert "--users" in result.output


def test_summary_lists_segments_and_how_to_query(notebook_warehouse):
    result = CliRunner().invoke(main, ["summary", "--database", str(notebook_warehouse)])
    assert result.exit_code == 0, result.output
    assert "preset 'notebook', k=5" in result.output
    assert "user-segmentation query --database" in result.output  # run by test_query_command
    assert "from segment_profiles" in result.output
    for size in ("216", "165", "228", "204", "187"):
        assert size in result.output


def test_summary_needs_an_existing_database(tmp_path):
    result = CliRunner().invoke(main, ["summary", "--database", str(tmp_path / "none.duckdb")])
    assert result.exit_code != 0
    assert "does not exist" in result.output
