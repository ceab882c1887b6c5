"""Fault suite, clustering side: degenerate feature tables get a defined behaviour (pure Python)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from user_segmentation.segmentation.config import ConfigError, load_config
from user_segmentation.segmentation.model_artifact import read_model
from user_segmentation.segmentation.pipeline import assign_users, fit_model
from user_segmentation.segmentation.robust import DISTINCT_CHECK_SAMPLE

FEATURES = ["weekday_hours", "weekend_hours", "likes_reactions"]
FIXED_K = {"numeric_features": FEATURES, "k": 3, "stability_runs": 0, "n_init": 1}


def three_groups(n_per_group: int = 40, seed: int = 3) -> tuple[pd.DataFrame, np.ndarray]:
    """Users from three well separated behaviour groups, with their planted group."""
    rng = np.random.default_rng(seed)
    centres = np.array([[1.0, 1.0, 100.0], [5.0, 1.0, 300.0], [1.0, 6.0, 600.0]])
    group = np.repeat(np.arange(3), n_per_group)
    values = centres[group] * rng.normal(1.0, 0.05, size=(group.size, 3))
    frame = pd.DataFrame(values, columns=FEATURES)
    frame.insert(0, "user_id", np.arange(1, group.size + 1))
    frame["gender"] = np.where(group == 0, "Female", "Male")
    return frame, group


def test_fewer_users_than_k_stops_with_the_fix():
    frame, _ = three_groups(1)
    with pytest.raises(ConfigError, match=r"k=5 is not below the number of users \(3\)"):
        fit_model(frame, "default", {**FIXED_K, "k": 5})


def test_all_users_identical_stops_saying_there_is_nothing_to_segment():
    frame = pd.DataFrame({"user_id": range(1, 21), **{name: 1.5 for name in FEATURES}})
    with pytest.raises(
        ConfigError,
        match="Cannot make 3 segments: all 20 users have identical features, so there is nothing",
    ):
        fit_model(frame, "default", FIXED_K)


def test_fewer_distinct_profiles_than_k_names_how_many_there_are():
    frame = pd.DataFrame({"user_id": range(1, 21), **{name: [1.0, 2.0] * 10 for name in FEATURES}})
    with pytest.raises(
        ConfigError, match="only 2 distinct user profiles among 20 users. Lower k or k_range"
    ):
        fit_model(frame, "default", FIXED_K)


def test_too_few_distinct_profiles_is_found_beyond_the_distinct_check_sample():
    n_users = DISTINCT_CHECK_SAMPLE + 5_000
    frame = pd.DataFrame(
        {
            "user_id": range(1, n_users + 1),
            **{name: [1.0, 2.0] * (n_users // 2) for name in FEATURES},
        }
    )
    with pytest.raises(ConfigError, match=f"only 2 distinct user profiles among {n_users} users"):
        fit_model(frame, "default", FIXED_K)


def test_a_constant_feature_is_kept_with_scale_one_and_moves_nobody():
    frame, group = three_groups()
    frame["ctr"] = 0.25
    artifact = fit_model(frame, "default", {**FIXED_K, "numeric_features": [*FEATURES, "ctr"]})
    stored = read_model(artifact)
    ctr = next(column for column in stored.columns if column.source_column == "ctr")
    assert (ctr.shift, ctr.scale) == (0.25, 1.0)
    assigned = assign_users(frame, artifact)
    assert adjusted_rand_score(group, assigned["segment_id"]) == 1.0


@pytest.mark.parametrize(
    ("bad_value", "label"), [(np.nan, "missing"), (np.inf, "infinite"), (-np.inf, "-infinite")]
)
def test_nan_or_infinite_feature_names_the_feature_and_the_first_user(bad_value, label):
    frame, _ = three_groups()
    frame.loc[7, "weekend_hours"] = bad_value
    with pytest.raises(
        ConfigError,
        match=r"Feature 'weekend_hours' has 1 missing or non-finite value\(s\) "
        r"\(first user_id: 8\)",
    ):
        fit_model(frame, "default", FIXED_K)


def test_a_category_seen_once_gets_its_own_column_and_scores():
    frame, group = three_groups()
    frame.loc[0, "gender"] = "Prefer not to say"
    overrides = {**FIXED_K, "categorical_features": ["gender"], "categorical_weight": 0.1}
    artifact = fit_model(frame, "default", overrides)
    categories = {c.category for c in read_model(artifact).columns if c.source_column == "gender"}
    assert categories == {"Female", "Male", "Prefer not to say"}
    assigned = assign_users(frame, artifact)
    assert adjusted_rand_score(group, assigned["segment_id"]) == 1.0


def likes_groups_with_an_extreme_user() -> tuple[pd.DataFrame, np.ndarray]:
    """Three groups that differ only in likes, plus one user with 10 million likes."""
    rng = np.random.default_rng(5)
    group = np.repeat(np.arange(3), 40)
    frame = pd.DataFrame(
        {
            "user_id": np.arange(1, group.size + 2),
            "weekday_hours": rng.normal(2.0, 0.2, group.size + 1),
            "weekend_hours": rng.normal(3.0, 0.3, group.size + 1),
            "likes_reactions": [
                *np.array([100.0, 300.0, 600.0])[group] + rng.normal(0, 5, group.size),
                1e7,
            ],
        }
    )
    return frame, group


LIKES_ONLY = {**FIXED_K, "numeric_features": ["likes_reactions"]}


def test_an_extreme_user_swamps_the_scaling_without_winsorizing():
    frame, group = likes_groups_with_an_extreme_user()
    artifact = fit_model(frame, "default", LIKES_ONLY)
    assigned = assign_users(frame, artifact)
    likes = next(c for c in read_model(artifact).columns if c.source_column == "likes_reactions")
    assert likes.scale > 500_000
    assert (assigned["segment_id"] == assigned["segment_id"].iloc[-1]).sum() == 1
    assert assigned["segment_id"].iloc[:-1].nunique() == 2  # two planted groups merged


def test_winsorized_fit_ignores_the_extreme_user_and_still_scores_it():
    frame, group = likes_groups_with_an_extreme_user()
    artifact = fit_model(frame, "default", {**LIKES_ONLY, "winsorize_quantiles": [0.0, 0.99]})
    assigned = assign_users(frame, artifact)
    assert adjusted_rand_score(group, assigned["segment_id"].iloc[:-1]) == 1.0
    assert assigned["distance_to_centre"].iloc[-1] == assigned["distance_to_centre"].max()
    likes = next(c for c in read_model(artifact).columns if c.source_column == "likes_reactions")
    assert likes.scale < 1_000  # the stored scaling comes from the clipped values


@pytest.mark.parametrize("quantiles", [[0.9, 0.1], [0.01], "yes", [-0.1, 0.9]])
def test_bad_winsorize_quantiles_are_rejected(quantiles):
    with pytest.raises(ConfigError, match=r"winsorize_quantiles must be \[low, high\]"):
        load_config("default", {"winsorize_quantiles": quantiles})


def test_winsorizing_off_keeps_the_config_hash_of_earlier_runs():
    assert (
        load_config("default").fingerprint()
        == load_config("default", {"winsorize_quantiles": None}).fingerprint()
    )
    assert load_config("default", {"winsorize_quantiles": [0.01, 0.99]}).fingerprint() != (
        load_config("default").fingerprint()
    )
