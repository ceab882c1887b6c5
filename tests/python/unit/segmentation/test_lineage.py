"""Stable segment ids across runs: re-encoding old centres and matching them to new ones."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_blobs

from support import DEFAULT_NUMERIC
from user_segmentation.segmentation.config import NumericFeature, SegmentationConfig
from user_segmentation.segmentation.features import (
    apply_encoding,
    fit_encoding,
    prepare_feature_frame,
)
from user_segmentation.segmentation.lineage import match_segments, reencode_centres
from user_segmentation.segmentation.model_artifact import read_model
from user_segmentation.segmentation.pipeline import assign_users, fit_model

LOG1P = {"likes_reactions", "followed_accounts"}
FAST = {"k_range": [2, 6], "stability_runs": 0, "silhouette_sample_size": 300}


def users_from_points(points: np.ndarray, first_id: int = 1) -> pd.DataFrame:
    """Users whose default-preset encoding (log1p on two columns, then scaling) is `points`."""
    frame = pd.DataFrame({"user_id": np.arange(first_id, first_id + len(points))})
    for position, name in enumerate(DEFAULT_NUMERIC):
        values = points[:, position]
        frame[name] = np.expm1(values) if name in LOG1P else values
    return frame


def lineage_of(artifact: pd.DataFrame) -> dict[int, str]:
    rows = artifact[artifact["record_type"] == "lineage"]
    return dict(zip(rows["segment_id"].astype(int), rows["metric"], strict=True))


# --- reencode_centres -----------------------------------------------------------------------

MIXED = SegmentationConfig(
    preset="test",
    numeric_features=(NumericFeature("hours"), NumericFeature("likes", "log1p")),
    categorical_features=("gender",),
    categorical_weight=0.5,
    k=2,
)


@pytest.fixture(scope="module")
def two_populations() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two feature tables with different means and spreads (so different scalers)."""
    rng = np.random.default_rng(8)
    first = pd.DataFrame(
        {
            "user_id": np.arange(1, 41),
            "hours": rng.uniform(0, 10, 40),
            "likes": rng.integers(0, 5000, 40),
            "gender": rng.choice(["Female", "Male"], 40),
        }
    )
    second = pd.DataFrame(
        {
            "user_id": np.arange(1, 41),
            "hours": rng.uniform(3, 20, 40),
            "likes": rng.integers(100, 90_000, 40),
            "gender": rng.choice(["Female", "Male", "Non-binary"], 40),
        }
    )
    return first, second


def test_reencoding_into_the_same_encoding_changes_nothing(two_populations):
    frame = prepare_feature_frame(two_populations[0], MIXED)
    matrix, columns = fit_encoding(frame, MIXED)
    centres = matrix[:5]
    np.testing.assert_allclose(reencode_centres(centres, columns, columns), centres, atol=1e-12)


def test_reencoding_gives_the_centres_in_the_units_of_the_new_encoding(two_populations):
    first, second = (prepare_feature_frame(frame, MIXED) for frame in two_populations)
    matrix, old_columns = fit_encoding(first, MIXED)
    heavier = SegmentationConfig(
        preset="test",
        numeric_features=MIXED.numeric_features,
        categorical_features=MIXED.categorical_features,
        categorical_weight=1.0,
        k=2,
    )
    _, new_columns = fit_encoding(second, heavier)
    assert [c.encoded_name for c in new_columns] == [
        "hours",
        "likes",
        "gender=Female",
        "gender=Male",
        "gender=Non-binary",
    ]
    # The re-encoded centres of some users are those users encoded with the new encoding, with
    # zeros for the category the old encoding never saw.
    reencoded = reencode_centres(matrix[:6], old_columns, new_columns)
    np.testing.assert_allclose(reencoded, apply_encoding(first.head(6), new_columns), atol=1e-9)
    assert (reencoded[:, 4] == 0.0).all()
    assert not np.allclose(reencoded[:, :2], matrix[:6, :2])


def test_reencoding_drops_columns_the_new_encoding_does_not_have(two_populations):
    frame = prepare_feature_frame(two_populations[0], MIXED)
    matrix, columns = fit_encoding(frame, MIXED)
    numeric_only = [c for c in columns if c.category is None]
    reencoded = reencode_centres(matrix[:3], columns, numeric_only)
    np.testing.assert_allclose(reencoded, matrix[:3, :2], atol=1e-12)


# --- match_segments -------------------------------------------------------------------------

PREVIOUS = np.array([[0.0, 0.0], [5.0, 0.0], [0.0, 5.0]])
PREVIOUS_IDS = [4, 7, 9]


def test_first_run_numbers_segments_from_one_in_size_order():
    lineage = match_segments(PREVIOUS, None, [], 0)
    assert lineage.segment_ids == [1, 2, 3]
    assert lineage.status == {1: "new", 2: "new", 3: "new"}
    assert lineage.retired_ids == []


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 0, 1], [1, 2, 0]])
def test_the_same_centres_in_any_order_keep_their_ids(order):
    lineage = match_segments(PREVIOUS[order], PREVIOUS, PREVIOUS_IDS, highest_id_ever=9)
    assert lineage.segment_ids == [PREVIOUS_IDS[i] for i in order]
    assert set(lineage.status.values()) == {"matched"}
    assert lineage.match_distance == {4: 0.0, 7: 0.0, 9: 0.0}
    assert lineage.retired_ids == []


def test_a_slightly_moved_centre_keeps_its_id_and_records_the_distance():
    current = PREVIOUS + np.array([[0.3, 0.4], [0.0, 0.0], [0.0, 0.0]])
    lineage = match_segments(current, PREVIOUS, PREVIOUS_IDS, highest_id_ever=9)
    assert lineage.segment_ids == PREVIOUS_IDS
    assert lineage.match_distance[4] == pytest.approx(0.5)


def test_a_new_far_away_centre_gets_a_new_id_above_the_highest_ever():
    current = np.vstack([PREVIOUS[[1, 0]], [[40.0, 40.0]], PREVIOUS[[2]]])
    lineage = match_segments(current, PREVIOUS, PREVIOUS_IDS, highest_id_ever=12)
    assert lineage.segment_ids == [7, 4, 13, 9]
    assert lineage.status == {7: "matched", 4: "matched", 13: "new", 9: "matched"}
    assert lineage.retired_ids == []


def test_a_previous_segment_with_no_match_is_retired():
    lineage = match_segments(PREVIOUS[[2, 0]], PREVIOUS, PREVIOUS_IDS, highest_id_ever=9)
    assert lineage.segment_ids == [9, 4]
    assert lineage.retired_ids == [7]
    assert 7 not in lineage.status


def test_a_centre_moved_beyond_the_match_distance_is_a_new_segment():
    current = PREVIOUS + np.array([[0.0, 0.0], [1.5, 0.0], [0.0, 0.0]])
    lineage = match_segments(current, PREVIOUS, PREVIOUS_IDS, highest_id_ever=9, max_distance=1.0)
    assert lineage.segment_ids == [4, 10, 9]
    assert lineage.status[10] == "new"
    assert lineage.retired_ids == [7]
    wider = match_segments(current, PREVIOUS, PREVIOUS_IDS, highest_id_ever=9, max_distance=2.0)
    assert wider.segment_ids == PREVIOUS_IDS


def test_new_ids_never_reuse_a_retired_id():
    # Ids 10 and 11 were used by runs before the previous one and have been retired since.
    current = np.vstack([PREVIOUS, [[30.0, 0.0]], [[0.0, 30.0]]])
    lineage = match_segments(current, PREVIOUS, PREVIOUS_IDS, highest_id_ever=11)
    assert lineage.segment_ids == [4, 7, 9, 12, 13]
    assert not set(lineage.segment_ids[3:]) & set(range(1, 12))


def test_two_current_centres_cannot_share_one_previous_id():
    current = np.array([[0.0, 0.0], [0.1, 0.0]])
    lineage = match_segments(current, PREVIOUS[:1], [1], highest_id_ever=1)
    assert lineage.segment_ids == [1, 2]
    assert lineage.status == {1: "matched", 2: "new"}


# --- through fit_model ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def planted() -> tuple[pd.DataFrame, np.ndarray]:
    """Four groups of 300, 290, 150 and 100 users in the default preset's columns."""
    points, group = make_blobs(
        n_samples=[300, 290, 150, 100],
        n_features=7,
        cluster_std=0.4,
        center_box=(2, 8),
        random_state=11,
        shuffle=False,
    )
    return users_from_points(points), group


@pytest.fixture(scope="module")
def first_run(planted) -> pd.DataFrame:
    return fit_model(planted[0], "default", FAST)


def test_refit_on_slightly_changed_data_keeps_every_segment_id(planted, first_run):
    users, group = planted
    rng = np.random.default_rng(1)
    # 2% of users (17 of 840) move from the largest group to the second one, so the two swap
    # places in size order.
    moved = rng.choice(np.flatnonzero(group == 0), size=17, replace=False)
    donors = rng.choice(np.flatnonzero(group == 1), size=17, replace=False)
    changed = users.copy()
    changed.loc[moved, DEFAULT_NUMERIC] = users.loc[donors, DEFAULT_NUMERIC].to_numpy()

    second_run = fit_model(changed, "default", FAST, previous_models=first_run)
    before = assign_users(users, first_run).set_index("user_id")["segment_id"]
    after = assign_users(changed, second_run).set_index("user_id")["segment_id"]

    assert read_model(second_run).segment_ids == read_model(first_run).segment_ids == [1, 2, 3, 4]
    assert set(lineage_of(second_run).values()) == {"matched"}
    unchanged = ~users.index.isin(moved)
    pd.testing.assert_series_equal(after[unchanged], before[unchanged])
    # The moved users now sit in the second group's segment, which kept its id (2) although it
    # is now the largest segment.
    second_group_id = before.iloc[donors[0]]
    assert (after.iloc[moved] == second_group_id).all()
    assert after.value_counts().idxmax() == second_group_id == 2

    # Without the previous run the ids would follow the new size order instead.
    fresh = assign_users(changed, fit_model(changed, "default", FAST)).set_index("user_id")
    assert fresh["segment_id"].value_counts().idxmax() == 1
    assert (fresh["segment_id"].iloc[donors] == 1).all()


def test_a_vanished_segment_is_retired_and_its_id_never_comes_back(planted):
    users, group = planted
    fixed = {**FAST, "k_range": None}
    first_run = fit_model(users, "default", {**fixed, "k": 4})
    assert int(assign_users(users, first_run)["segment_id"].iloc[-1]) == 4  # the smallest group

    without_smallest = users[group != 3]
    second_run = fit_model(without_smallest, "default", {**fixed, "k": 3}, first_run)
    assert lineage_of(second_run) == {1: "matched", 2: "matched", 3: "matched", 4: "retired"}

    # One more quiet run: the newest run no longer mentions id 4 at all.
    history = pd.concat([first_run, second_run], ignore_index=True)
    third_run = fit_model(without_smallest.iloc[1:], "default", {**fixed, "k": 3}, history)
    assert lineage_of(third_run) == {1: "matched", 2: "matched", 3: "matched"}

    # A new group appears far from the others: it must not inherit the retired id 4.
    newcomers = users_from_points(
        np.random.default_rng(3).normal(12.0, 0.4, size=(120, 7)), first_id=10_001
    )
    fourth_input = pd.concat([without_smallest, newcomers], ignore_index=True)
    history = pd.concat([history, third_run], ignore_index=True)
    fourth_run = fit_model(fourth_input, "default", {**fixed, "k": 4}, history)
    assert lineage_of(fourth_run) == {1: "matched", 2: "matched", 3: "matched", 5: "new"}
    assigned = assign_users(fourth_input, fourth_run).set_index("user_id")["segment_id"]
    assert (assigned.loc[newcomers["user_id"]] == 5).all()
    before = assign_users(users, first_run).set_index("user_id")["segment_id"]
    kept = without_smallest["user_id"]
    pd.testing.assert_series_equal(assigned.loc[kept], before.loc[kept])
