"""The command line on a real build, through click's CliRunner."""

from __future__ import annotations

from click.testing import CliRunner

from user_segmentation.cli import main


def test_summary_lists_segments_and_how_to_query(notebook_warehouse):
    result = CliRunner().invoke(main, ["summary", "--database", str(notebook_warehouse)])
    assert result.exit_code == 0, result.output
    assert "preset 'notebook', k=5" in result.output
    assert "user-segmentation query --database" in result.output  # run by test_query_command
    assert "from segment_profiles" in result.output
    for size in ("216", "165", "228", "204", "187"):
        assert size in result.output
    # The notebook's five clusters overlap (silhouette under 0.25): the summary says so, as the
    # report does, instead of listing five confident names only.
    assert "Caution, no substantial structure: segments are arbitrary cuts" in result.output
