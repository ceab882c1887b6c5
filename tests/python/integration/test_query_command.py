"""Every command the CLI tells a user to run works as printed: the summary's query hint runs on
a real build, and `user-segmentation query` reads a published release too."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from support import PROJECT_DIR
from user_segmentation.serving.publish import publish_marts

CLI = str(Path(sys.executable).with_name("user-segmentation"))


def _run(arguments: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        arguments, cwd=PROJECT_DIR, capture_output=True, text=True, check=False, timeout=120
    )


def test_the_query_hint_the_summary_prints_runs_as_printed(notebook_warehouse):
    summary = _run([CLI, "summary", "--database", str(notebook_warehouse)])
    assert summary.returncode == 0, summary.stderr
    (hint,) = [line for line in summary.stdout.splitlines() if line.startswith("Query them with: ")]
    command = shlex.split(hint.removeprefix("Query them with: "))

    result = _run(command)

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "segment_name" in result.stdout and "user_count" in result.stdout
    for count in ("228", "216", "204", "187", "165"):  # the notebook's five segments
        assert count in result.stdout


def test_query_reads_a_published_release(notebook_warehouse, tmp_path):
    publish_marts(notebook_warehouse, tmp_path / "published")

    result = _run(
        [
            CLI,
            "query",
            "--publish-dir",
            str(tmp_path / "published"),
            "select segment_id, user_count from segment_profiles order by segment_id",
        ]
    )

    assert result.returncode == 0, result.stderr
    assert "228" in result.stdout and "165" in result.stdout  # the notebook's segment sizes


def test_query_errors_name_the_problem_without_a_traceback(notebook_warehouse, tmp_path):
    bad_sql = _run([CLI, "query", "--database", str(notebook_warehouse), "select nope from x"])
    missing = _run([CLI, "query", "--database", str(tmp_path / "none.duckdb"), "select 1"])

    assert bad_sql.returncode == 1 and "CatalogException" in bad_sql.stderr
    assert missing.returncode == 1 and "No DuckDB file at" in missing.stderr
    assert "Traceback" not in bad_sql.stderr + missing.stderr
