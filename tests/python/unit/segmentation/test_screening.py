"""Feature screening on tiny tables with planted groups and planted noise columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from user_segmentation.segmentation.config import load_config
from user_segmentation.segmentation.model_artifact import read_model
from user_segmentation.segmentation.pipeline import fit_model
from user_segmentation.segmentation.screening import (
    KEEP,
    LEAVE_OUT,
    screen_features,
    screen_fitted_model,
    screening_input_columns,
    share_explained,
)

SIGNAL = ["spend", "visits"]
NOISE = ["noise_a", "noise_b", "noise_c"]


def planted_table(n: int = 360, seed: int = 5) -> pd.DataFrame:
    """Three groups apart on spend and visits; three columns of pure noise; a group-linked plan."""
    rng = np.random.default_rng(seed)
    group = rng.integers(0, 3, n)
    centres = np.array([[0.0, 0.0], [6.0, 0.0], [3.0, 6.0]])
    signal = centres[group] + rng.normal(0, 0.7, (n, 2))
    table = pd.DataFrame({"user_id": np.arange(1, n + 1)})
    for position, name in enumerate(SIGNAL):
        table[name] = signal[:, position]
    for name in NOISE:
        table[name] = rng.normal(0, 2, n)
    table["plan"] = np.where(group == 2, "pro", "free")
    return table


def table_config(categorical: list[str] | None = None, **settings):
    user_table = {
        "numeric_features": [{"column": name} for name in [*SIGNAL, *NOISE]],
        "categorical_features": [{"column": name, "cluster": True} for name in (categorical or [])],
    }
    return load_config("default", {"k": 3, "stability_runs": 0, **settings}, user_table)


def test_planted_noise_columns_are_the_ones_recommended_for_leaving_out():
    screened = screen_features(planted_table(), table_config(), k=3).set_index("feature_name")

    assert list(screened.index) == [*SIGNAL, *NOISE]
    assert set(screened.index[screened["recommendation"] == LEAVE_OUT]) == set(NOISE)
    assert (screened.loc[SIGNAL, "recommendation"] == KEEP).all()
    # The numbers behind it: noise blurs the segments, the signal carries them.
    assert (
        screened.loc[NOISE, "silhouette_without"] > screened.loc[NOISE, "silhouette_with"]
    ).all()
    assert (screened.loc[SIGNAL, "share_explained"] > 0.5).all()
    assert (screened.loc[NOISE, "share_explained"] < 0.05).all()
    assert "silhouette" in screened.loc["noise_a", "reason"]


def test_a_categorical_feature_is_screened_once_with_all_its_columns():
    screened = screen_features(planted_table(), table_config(["plan"]), k=3)
    plan = screened.set_index("feature_name").loc["plan"]

    assert screened["feature_name"].is_unique and len(screened) == 6
    assert plan["feature_kind"] == "categorical"
    assert plan["encoded_columns"] == 2
    assert plan["recommendation"] == KEEP  # the plan marks one of the planted groups


def test_a_single_clustered_feature_is_not_screened():
    user_table = {"numeric_features": [{"column": "spend"}]}
    config = load_config("default", {"k": 3}, user_table)
    assert screen_features(planted_table(), config, k=3).empty


def test_share_explained_is_one_for_a_column_cut_by_the_segments_and_zero_when_ignored():
    labels = np.repeat([0, 1, 2], 100)
    cut = labels.astype(float)[:, None]
    rng = np.random.default_rng(0)
    ignored = rng.permutation(np.tile(np.arange(3.0), 100))[:, None]

    assert share_explained(cut, labels) == pytest.approx(1.0)
    assert share_explained(ignored, labels) == pytest.approx(0.0, abs=0.01)


def test_screening_reads_the_stored_run_and_leaves_the_model_alone():
    features = planted_table()
    config = table_config()
    user_table = {"numeric_features": [{"column": name} for name in [*SIGNAL, *NOISE]]}
    artifact = fit_model(
        features, "default", {"k_range": [2, 4], "stability_runs": 0}, None, user_table=user_table
    )
    before = artifact.copy()
    stored = read_model(artifact)

    columns = screening_input_columns(artifact, [*features.columns, "unrelated"])
    screened = screen_fitted_model(features[columns], artifact)

    assert columns == ["user_id", *config.feature_columns]
    assert set(screened["run_id"]) == {stored.run_id}
    assert set(screened["k"]) == {stored.model.k} == {3}
    pd.testing.assert_frame_equal(artifact, before)


def test_screening_switched_off_fits_nothing_and_returns_typed_empty_rows():
    artifact = fit_model(
        planted_table(),
        "default",
        {"k": 3, "stability_runs": 0},
        None,
        user_table={"numeric_features": [{"column": name} for name in SIGNAL]},
    )
    screened = screen_fitted_model(None, artifact, enabled=False)

    assert screened.empty
    assert screened["silhouette_with"].dtype == "float64"
    assert screened["k"].dtype == "int64"
