"""Publishing a real build: the release's row counts and columns match the warehouse."""

from __future__ import annotations

import duckdb

from support import count_rows, read_run_ids
from user_segmentation.serving.publish import MART_TABLES, open_published, publish_marts


def test_manifest_row_counts_equal_the_real_build_and_the_published_tables(
    demo_warehouse, tmp_path
):
    result = publish_marts(demo_warehouse, tmp_path / "published")

    connection = open_published(tmp_path / "published")
    with duckdb.connect(str(demo_warehouse), read_only=True) as build:
        for table in MART_TABLES:
            source = "user_segments" if table == "user_lookup" else table
            expected = count_rows(build, source)
            assert result.row_counts[table] == expected, table
            assert count_rows(connection, table) == expected, table
        feature_columns = {
            row[0] for row in build.execute("describe int_user_features_joined").fetchall()
        }
    lookup_columns = {row[0] for row in connection.execute("describe user_lookup").fetchall()}
    shown = feature_columns - {"user_id"} | {"user_key", "segment_id", "distance_to_centre"}
    assert shown <= lookup_columns and "user_id" not in lookup_columns
    assert read_run_ids(connection) == {result.run_id}
