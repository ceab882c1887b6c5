"""Frames shared by the report and the dashboard, on tiny marts in an in-memory DuckDB."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from user_segmentation.reporting import frames
from user_segmentation.reporting.dashboard.queries import query

PROFILES = pd.DataFrame(
    {
        "segment_id": [1, 2],
        "segment_name": ["Night owls", "Ad clickers"],
        "segment_description": ["Up late", "Click a lot"],
        "user_count": [60, 40],
        "user_share": [0.6, 0.4],
    }
)
# (attribute, attribute_label, category, category_order, population share, share in 1, in 2)
MIX_ROWS = [
    ("age_band", None, "65+", 3, 0.2, 0.1, 0.35),
    ("age_band", None, "18-24", 1, 0.5, 0.6, 0.35),
    ("age_band", None, "25-34", 2, 0.3, 0.3, 0.3),
    ("device", "Device used", "Tablet", None, 0.2, 0.2, 0.2),
    ("device", "Device used", "Mobile", None, 0.5, 0.6, 0.35),
    ("device", "Device used", "Desktop", None, 0.3, 0.2, 0.45),
    ("favourite_store", None, "North", None, 0.5, 0.5, 0.5),
    ("favourite_store", None, "South", None, 0.5, 0.5, 0.5),
]


def category_mix_mart() -> pd.DataFrame:
    rows = []
    for attribute, label, category, order, population, *shares in MIX_ROWS:
        for segment_id, share in zip((1, 2), shares, strict=True):
            users = round(share * PROFILES.set_index("segment_id").loc[segment_id, "user_count"])
            rows.append(
                (segment_id, attribute, label, category, order)
                + (users, share, population, share / population)
            )
    columns = ["segment_id", "attribute", "attribute_label", "category", "category_order"]
    return pd.DataFrame(
        rows, columns=[*columns, "users", "share", "population_share", "share_index"]
    )


@pytest.fixture
def marts():
    connection = duckdb.connect()
    connection.register("profiles_frame", PROFILES)
    connection.register("mix_frame", category_mix_mart())
    connection.execute("create table segment_profiles as select * from profiles_frame")
    connection.execute("create table segment_category_mix as select * from mix_frame")
    yield connection
    connection.close()


def test_report_and_dashboard_shape_the_category_mix_identically(marts):
    report_mix = frames.read_category_mix(marts)
    # The dashboard reads the published mart whole (as `queries.load_marts` does) and shapes the
    # attribute a page shows.
    published_mix = query(
        marts,
        "select * from segment_category_mix order by segment_id, attribute, category_order, "
        "category",
    )
    profiles = query(marts, "select * from segment_profiles order by segment_id")
    for attribute in ("age_band", "device", "favourite_store"):
        dashboard_rows = frames.category_mix_frame(
            published_mix[published_mix["attribute"] == attribute], profiles
        )
        report_rows = report_mix[report_mix["attribute"] == attribute].reset_index(drop=True)
        pd.testing.assert_frame_equal(dashboard_rows, report_rows, check_dtype=False)


def test_category_mix_labels_fall_back_to_known_then_readable_names(marts):
    mix = frames.read_category_mix(marts)
    labels = mix.drop_duplicates("attribute").set_index("attribute")["attribute_label"]

    assert labels.to_dict() == {
        "age_band": "Age",
        "device": "Device used",
        "favourite_store": "Favourite store",
    }


def test_bands_keep_their_order_and_other_categories_go_most_common_first(marts):
    mix = frames.read_category_mix(marts)
    first_segment = mix[mix["segment_id"] == 1]
    categories = first_segment.groupby("attribute", sort=False)["category"].apply(list).to_dict()

    assert categories["age_band"] == ["18-24", "25-34", "65+"]
    assert categories["device"] == ["Mobile", "Desktop", "Tablet"]
    assert categories["favourite_store"] == ["North", "South"]  # a tie goes by name
    assert list(first_segment["category_rank"]) == [1, 2, 3, 1, 2, 3, 1, 2]


def test_radar_frame_puts_the_runs_features_first_with_segment_names():
    radar = pd.DataFrame(
        {
            "segment_id": [2, 1, 2, 1, 2, 1],
            "feature_name": ["ctr", "ctr", "age", "age", "likes", "likes"],
            "feature_label": ["CTR", "CTR", "Age", "Age", "Likes", "Likes"],
            "mean_value": [0.2, 0.1, 30.0, 40.0, 5.0, 6.0],
            "normalised_value": [1.0, 0.0, 0.0, 1.0, 0.0, 1.0],
        }
    )

    shaped = frames.radar_frame(radar, PROFILES, feature_order=["likes", "ctr"])

    assert list(shaped["feature_name"]) == ["likes", "likes", "ctr", "ctr", "age", "age"]
    assert list(shaped["segment_id"]) == [1, 2, 1, 2, 1, 2]
    assert list(shaped["segment_name"][:2]) == ["Night owls", "Ad clickers"]
