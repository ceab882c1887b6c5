"""Fit a model, assign users with it, and reproduce the classic notebook's clusters."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from sklearn.cluster import KMeans
from sklearn.compose import ColumnTransformer
from sklearn.metrics import adjusted_rand_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from support import PROFILES_CSV
from user_segmentation.segmentation.config import ConfigError, parse_optional_count
from user_segmentation.segmentation.model_artifact import current_run_id, read_model
from user_segmentation.segmentation.pipeline import assign_users, fit_model

NOTEBOOK_NAMES = {
    "User ID": "user_id",
    "Age": "age_band",
    "Gender": "gender",
    "Income Level": "income_band",
    "Likes and Reactions": "likes_reactions",
    "Time Spent Online (hrs/weekday)": "weekday_hours",
    "Time Spent Online (hrs/weekend)": "weekend_hours",
    "Click-Through Rates (CTR)": "ctr",
}


def run_of(artifact: pd.DataFrame) -> dict:
    return json.loads(artifact.loc[artifact["record_type"] == "run", "text_value"].iloc[0])


@pytest.fixture(scope="module")
def planted() -> tuple[pd.DataFrame, dict[int, int]]:
    """300 users from three behavioural groups, with demographics, in scrambled id order."""
    rng = np.random.default_rng(11)
    n = 300
    group = rng.integers(0, 3, n)
    frame = pd.DataFrame(
        {
            "user_id": rng.permutation(np.arange(1, n + 1) * 10),
            "weekday_hours": np.array([1.0, 4.0, 7.0])[group] + rng.normal(0, 0.4, n),
            "weekend_hours": np.array([2.0, 6.0, 3.0])[group] + rng.normal(0, 0.4, n),
            "likes_reactions": rng.poisson(np.array([50, 800, 4000])[group]),
            "followed_accounts": rng.poisson(np.array([20, 200, 600])[group]),
            "ctr": np.array([0.02, 0.08, 0.15])[group] + rng.normal(0, 0.01, n),
            "conversion_rate": np.array([0.01, 0.03, 0.06])[group] + rng.normal(0, 0.005, n),
            "ad_interaction_s": np.array([10.0, 40.0, 90.0])[group] + rng.normal(0, 5, n),
            "age_band": rng.choice(["18-24", "25-34", "35-44", "45-54", "55-64", "65+"], n),
            "gender": rng.choice(["Female", "Male", "Non-binary"], n),
            "income_band": rng.choice(["0-20k", "20k-40k", "40k-60k", "100k+"], n),
        }
    )
    return frame, dict(zip(frame["user_id"], group, strict=True))


@pytest.fixture(scope="module")
def features(planted) -> pd.DataFrame:
    return planted[0]


@pytest.fixture(scope="module")
def artifact(features) -> pd.DataFrame:
    return fit_model(features, "default", {"k_range": [2, 5]})


def test_assign_users_gives_one_row_per_user_in_segments_one_to_k(features, artifact):
    assigned = assign_users(features, artifact)
    k = run_of(artifact)["k"]
    assert list(assigned.columns) == [
        "user_id",
        "segment_id",
        "distance_to_centre",
        "membership_probability",
        "run_id",
    ]
    assert len(assigned) == len(features)
    assert assigned["user_id"].is_unique
    assert set(assigned["user_id"]) == set(features["user_id"])
    assert set(assigned["segment_id"]) == set(range(1, k + 1))
    assert (assigned["run_id"] == current_run_id(artifact)).all()
    assert np.isfinite(assigned["distance_to_centre"]).all()
    assert (assigned["distance_to_centre"] >= 0).all()
    # k-means membership is all or nothing.
    assert (assigned["membership_probability"] == 1.0).all()
    assert assigned["segment_id"].dtype == "int64"


def test_assign_users_checks_a_fixed_uniform_sample_above_check_users(features, artifact):
    everyone = assign_users(features, artifact).set_index("user_id")
    sampled = assign_users(features, artifact, check_users=40)
    again = assign_users(features.sample(frac=1, random_state=3), artifact, check_users=40)
    assert len(sampled) == 40 and sampled["user_id"].is_unique
    assert list(sampled["user_id"]) == list(again["user_id"])
    # Spread over the whole id range, not the first 40 ids.
    assert sampled["user_id"].max() > features["user_id"].sort_values().iloc[40]
    assert_frame_equal(
        sampled.set_index("user_id"), everyone.loc[sampled["user_id"]], check_exact=True
    )
    assert len(assign_users(features, artifact, check_users=len(features))) == len(features)
    assert len(assign_users(features, artifact, check_users=None)) == len(features)


def test_check_users_is_read_as_dbt_renders_the_var():
    assert parse_optional_count("200000", "scoring_check_users") == 200_000
    assert parse_optional_count(5, "scoring_check_users") == 5
    assert parse_optional_count("None", "scoring_check_users") is None
    assert parse_optional_count(None, "scoring_check_users") is None
    for bad in ("0", "many", "-3"):
        with pytest.raises(ConfigError, match="scoring_check_users must be a whole number"):
            parse_optional_count(bad, "scoring_check_users")


def test_fit_recovers_the_planted_groups(planted, artifact):
    features, group_by_user = planted
    assigned = assign_users(features, artifact)
    truth = assigned["user_id"].map(group_by_user)
    assert adjusted_rand_score(truth, assigned["segment_id"]) == pytest.approx(1.0)


def test_segment_one_is_the_largest(features, artifact):
    sizes = assign_users(features, artifact)["segment_id"].value_counts().sort_index()
    assert sizes.tolist() == sorted(sizes.tolist(), reverse=True)


def test_run_metadata_describes_the_run(features, artifact):
    run = run_of(artifact)
    assert run["preset"] == "default"
    assert run["algorithm"] == "kmeans"
    assert run["scoring_rule"] == "nearest_centre"
    assert run["k"] == 3
    assert run["noise_share"] == 0.0
    # Stability is on by default (5 refits) and the planted groups are stable.
    assert len(artifact[artifact["record_type"] == "stability"]) == 5
    assert run["stability_mean_ari"] > 0.95
    assert run["n_users"] == len(features)
    assert run["run_id"] == current_run_id(artifact)
    assert run["config"]["k_range"] == [2, 5]
    k_scores = artifact[artifact["record_type"] == "k_score"]
    assert sorted(k_scores["k"].unique()) == [2, 3, 4, 5]
    selected = k_scores[(k_scores["metric"] == "is_selected") & (k_scores["value"] == 1.0)]
    assert selected["k"].tolist() == [run["k"]]


def _without_computed_at(artifact: pd.DataFrame) -> pd.DataFrame:
    artifact = artifact.copy()
    is_run = artifact["record_type"] == "run"
    run = json.loads(artifact.loc[is_run, "text_value"].iloc[0])
    assert run.pop("computed_at")
    artifact.loc[is_run, "text_value"] = json.dumps(run, sort_keys=True)
    return artifact.drop(columns="computed_at")


def test_fitting_twice_gives_the_same_artifact_except_the_timestamp(features, artifact):
    again = fit_model(features, "default", {"k_range": [2, 5]})
    assert current_run_id(again) == current_run_id(artifact)
    pd.testing.assert_frame_equal(_without_computed_at(again), _without_computed_at(artifact))


def test_different_settings_give_a_different_run_id(features, artifact):
    other = fit_model(features, "default", {"k": 4})
    assert current_run_id(other) != current_run_id(artifact)


def test_shuffled_input_gives_the_same_assignment_per_user(features, artifact):
    shuffled = features.sample(frac=1.0, random_state=3).reset_index(drop=True)
    assert not shuffled["user_id"].equals(features["user_id"])
    refit = fit_model(shuffled, "default", {"k_range": [2, 5]})
    assert current_run_id(refit) == current_run_id(artifact)
    original = assign_users(features, artifact).set_index("user_id")
    from_shuffled = assign_users(shuffled, refit).set_index("user_id")
    pd.testing.assert_frame_equal(from_shuffled.sort_index(), original.sort_index())


def test_first_run_numbers_segments_by_size_and_marks_them_new(features, artifact):
    lineage = artifact[artifact["record_type"] == "lineage"]
    assert lineage["segment_id"].tolist() == [1, 2, 3]
    assert set(lineage["metric"]) == {"new"}
    # An empty table of previous models is a first run too.
    again = fit_model(features, "default", {"k_range": [2, 5]}, previous_models=artifact.iloc[:0])
    again_lineage = again[again["record_type"] == "lineage"]
    assert again_lineage["segment_id"].tolist() == [1, 2, 3]
    assert set(again_lineage["metric"]) == {"new"}


def test_assign_users_uses_the_newest_run_of_a_table_of_runs(features, artifact):
    newer = fit_model(features, "default", {"k": 4}, previous_models=artifact)
    table = pd.concat([newer, artifact], ignore_index=True)
    assigned = assign_users(features, table)
    assert (assigned["run_id"] == current_run_id(newer)).all()
    assert assigned["segment_id"].nunique() == 4
    assert read_model(table).run_id == current_run_id(newer)


def test_fit_model_rejects_a_missing_feature_column(features):
    with pytest.raises(ConfigError, match="conversion_rate"):
        fit_model(features.drop(columns=["conversion_rate"]), "default")


def test_assign_users_rejects_a_missing_numeric_value(features, artifact):
    broken = features.copy()
    broken.loc[broken.index[0], "ctr"] = np.nan
    with pytest.raises(ConfigError, match="ctr"):
        assign_users(broken, artifact)


@pytest.fixture(scope="module")
def notebook_profiles() -> pd.DataFrame:
    return pd.read_csv(PROFILES_CSV).rename(columns=NOTEBOOK_NAMES)


def test_notebook_preset_reproduces_the_notebook_partition(notebook_profiles):
    numeric = ["weekday_hours", "weekend_hours", "likes_reactions", "ctr"]
    categorical = ["age_band", "gender", "income_band"]
    notebook = Pipeline(
        [
            (
                "preprocess",
                ColumnTransformer(
                    [("num", StandardScaler(), numeric), ("cat", OneHotEncoder(), categorical)]
                ),
            ),
            ("kmeans", KMeans(n_clusters=5, random_state=42)),
        ]
    )
    expected = pd.DataFrame(
        {
            "user_id": notebook_profiles["user_id"],
            "cluster": notebook.fit_predict(notebook_profiles),
        }
    )

    artifact = fit_model(notebook_profiles, "notebook")
    assigned = assign_users(notebook_profiles, artifact).merge(expected, on="user_id")

    assert len(assigned) == len(notebook_profiles) == 1000
    assert adjusted_rand_score(assigned["cluster"], assigned["segment_id"]) == 1.0
    counts = assigned["segment_id"].value_counts()
    assert sorted(counts.tolist()) == sorted([216, 165, 228, 204, 187])
    # Segment ids are by size, so the notebook's largest cluster (228 users) is segment 1.
    assert counts.sort_index().tolist() == [228, 216, 204, 187, 165]
