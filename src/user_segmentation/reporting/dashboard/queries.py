"""The dashboard's queries: a connection to a published release in, DataFrames out."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from user_segmentation.pseudonyms import looks_like_user_key, user_key
from user_segmentation.reporting.charts import segment_colours
from user_segmentation.serving.publish import has_table

#: Characters of a user key shown for examples, and the shortest key prefix the lookup accepts.
KEY_PREFIX_LENGTH = 12


@dataclass(frozen=True)
class PageData:
    """What a page reads: the release's connection, its small marts and each segment's colour."""

    connection: duckdb.DuckDBPyConnection
    marts: dict[str, pd.DataFrame]
    colours: dict[int, str]


def read_page_data(connection: duckdb.DuckDBPyConnection) -> PageData:
    """The marts of the release behind ``connection`` and the report's segment colours."""
    marts = load_marts(connection)
    return PageData(connection, marts, segment_colours(marts["profiles"]["segment_id"]))


def query(connection: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """Run ``sql`` on its own cursor (safe across Streamlit sessions) and return a DataFrame."""
    cursor = connection.cursor()
    try:
        return cursor.execute(sql, params or []).df()
    finally:
        cursor.close()


def load_marts(connection: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """The small per-run and per-segment marts, ordered for display."""
    # segmentation_runs and segment_k_selection keep every run; show the published one.
    published_run = "run_id = (select run_id from published_release)"
    return {
        "run": query(connection, f"select * from segmentation_runs where {published_run}"),
        "release": query(connection, "select * from published_release"),
        "profiles": query(connection, "select * from segment_profiles order by segment_id"),
        "stats": query(
            connection, "select * from segment_feature_stats order by segment_id, feature_name"
        ),
        "radar": query(connection, "select * from segment_radar order by segment_id"),
        "mix": query(
            connection,
            "select * from segment_category_mix "
            "order by segment_id, attribute, category_order, category",
        ),
        "interests": query(
            connection, "select * from segment_interests order by segment_id, interest_rank"
        ),
        "k_selection": query(
            connection, f"select * from segment_k_selection where {published_run} order by k"
        ),
    }


def lookup_user(connection: duckdb.DuckDBPyConnection, typed: str) -> pd.DataFrame:
    """The user's row of ``user_lookup`` (empty if unknown or ambiguous).

    ``typed`` is a user id (hashed with this process's salt, env var USER_SEGMENTATION_SALT, as
    the build did; or found in ``user_key_map`` when the release exposes ids), a user key, or at
    least the first 12 characters of one.
    """
    text = typed.strip()
    keys = [user_key(text)]
    if has_user_ids(connection):
        keys += [
            row[0]
            for row in connection.execute(
                "select user_key from user_key_map where cast(user_id as varchar) = ?", [text]
            ).fetchall()
        ]
    rows = query(connection, "select * from user_lookup where list_contains(?, user_key)", [keys])
    if rows.empty and len(text) >= KEY_PREFIX_LENGTH and looks_like_user_key(text.ljust(64, "0")):
        rows = query(
            connection,
            "select * from user_lookup where starts_with(user_key, ?) limit 2",
            [text.lower()],
        )
    return rows if len(rows) == 1 else rows.iloc[0:0]


def has_user_ids(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether the release holds user_key_map (built with var expose_user_id)."""
    return has_table(connection, "user_key_map")


def user_label(connection: duckdb.DuckDBPyConnection, key: str) -> str:
    """The user id when the release exposes ids, else the key's first characters."""
    if has_user_ids(connection):
        found = connection.execute(
            "select cast(user_id as varchar) from user_key_map where user_key = ?", [key]
        ).fetchall()
        if found:
            return found[0][0]
    return key[:KEY_PREFIX_LENGTH]


def distance_percentile(
    connection: duckdb.DuckDBPyConnection, segment_id: int, distance: float
) -> float:
    """Share of the segment's users at most ``distance`` from the centre."""
    frame = query(
        connection,
        "select avg(case when distance_to_centre <= ? then 1.0 else 0.0 end) as share "
        "from user_segments where segment_id = ?",
        [distance, segment_id],
    )
    return float(frame["share"].iloc[0])


def segment_distances(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Median and 90th percentile distance to the centre per segment."""
    return query(
        connection,
        "select segment_id, median(distance_to_centre) as median_distance, "
        "quantile_cont(distance_to_centre, 0.9) as p90_distance "
        "from user_segments group by 1 order by 1",
    )


def typical_users(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The user closest to each segment's centre (examples for the lookup page): key and label."""
    users = query(
        connection,
        "select segment_id, arg_min(user_key, distance_to_centre) as user_key "
        "from user_segments group by 1 order by 1",
    )
    users["label"] = [user_label(connection, key) for key in users["user_key"]]
    return users
