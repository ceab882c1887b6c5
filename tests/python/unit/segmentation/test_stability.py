"""Stability: refits on subsamples agree with the chosen model on real groups, not on noise."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_blobs

from user_segmentation.segmentation import clustering
from user_segmentation.segmentation.clustering import assess_stability, fit_segments
from user_segmentation.segmentation.config import NumericFeature, SegmentationConfig
from user_segmentation.segmentation.pipeline import fit_model


def make_config(**settings) -> SegmentationConfig:
    settings.setdefault("silhouette_sample_size", 300)
    numeric = tuple(NumericFeature(f"x{i}") for i in range(7))
    return SegmentationConfig(preset="test", numeric_features=numeric, **settings)


@pytest.fixture(scope="module")
def separated() -> np.ndarray:
    matrix, _ = make_blobs(
        n_samples=[300, 200, 100],
        n_features=7,
        cluster_std=1.0,
        center_box=(-10, 10),
        random_state=2,
    )
    return matrix


@pytest.fixture(scope="module")
def uniform() -> np.ndarray:
    return np.random.default_rng(0).uniform(size=(600, 7))


def test_well_separated_groups_are_stable(separated):
    config = make_config(k=3, stability_runs=3)
    fit = fit_segments(separated, config)
    stability = fit.stability
    assert len(stability.run_ari) == 3
    assert stability.mean_ari > 0.95
    assert stability.segment_jaccard.shape == (3,)
    assert (stability.segment_jaccard > 0.9).all()


def test_cuts_of_uniform_noise_are_flagged_unstable(uniform):
    config = make_config(k=4, stability_runs=3)
    fit = fit_segments(uniform, config)
    stability = assess_stability(uniform, fit.model, config)
    assert stability.segment_jaccard.shape == (4,)
    assert (stability.segment_jaccard < config.stable_jaccard).any()
    assert stability.mean_ari < 0.9


def test_stability_is_reproducible(uniform):
    config = make_config(k=4, stability_runs=2)
    model = fit_segments(uniform, make_config(k=4, stability_runs=0)).model
    first = assess_stability(uniform, model, config)
    second = assess_stability(uniform, model, config)
    assert first.run_ari == second.run_ari
    np.testing.assert_array_equal(first.segment_jaccard, second.segment_jaccard)


def test_stability_runs_zero_turns_stability_off(separated):
    fit = fit_segments(separated, make_config(k=3, stability_runs=0))
    assert fit.stability.run_ari == []
    assert np.isnan(fit.stability.segment_jaccard).all()
    assert len(fit.stability.segment_jaccard) == 3
    assert np.isnan(fit.stability.mean_ari)


def test_stability_subsamples_at_most_stability_sample_size_users(separated, monkeypatch):
    seen = []
    real_fit = clustering.fit_algorithm

    def recording_fit(matrix, *args, **kwargs):
        seen.append(len(matrix))
        return real_fit(matrix, *args, **kwargs)

    config = make_config(k=3, stability_runs=2, stability_sample_size=200)
    model = fit_segments(separated, make_config(k=3, stability_runs=0)).model
    monkeypatch.setattr(clustering, "fit_algorithm", recording_fit)
    assess_stability(separated, model, config)
    # Each refit sees 80% of the 200-user stability sample.
    assert seen == [160, 160]


def users(matrix: np.ndarray) -> pd.DataFrame:
    names = ["weekday_hours", "weekend_hours", "likes_reactions", "followed_accounts", "ctr"]
    names += ["conversion_rate", "ad_interaction_s"]
    frame = pd.DataFrame(matrix, columns=names)
    # log1p columns of the default preset: store values whose log1p is the blob coordinate.
    for name in ("likes_reactions", "followed_accounts"):
        frame[name] = np.expm1(frame[name])
    frame.insert(0, "user_id", np.arange(1, len(frame) + 1))
    return frame


@pytest.mark.parametrize("runs", [0, 2])
def test_stability_is_stored_with_the_model_only_when_turned_on(separated, runs):
    artifact = fit_model(
        users(separated), "default", {"k": 3, "stability_runs": runs, "silhouette_sample_size": 300}
    )
    run = json.loads(artifact.loc[artifact["record_type"] == "run", "text_value"].iloc[0])
    stability_rows = artifact[artifact["record_type"] == "stability"]
    segment = artifact[artifact["record_type"] == "segment"]
    jaccard = segment[segment["metric"] == "stability_jaccard"]["value"]
    is_stable = segment[segment["metric"] == "is_stable"]["value"]
    assert len(jaccard) == 3
    if runs == 0:
        assert stability_rows.empty
        assert run["stability_mean_ari"] is None
        assert jaccard.isna().all()
    else:
        assert stability_rows["k"].tolist() == [1, 2]
        assert stability_rows["metric"].eq("ari").all()
        assert run["stability_mean_ari"] == pytest.approx(stability_rows["value"].mean())
        assert run["stability_mean_ari"] > 0.95
        assert (jaccard > 0.9).all()
        assert (is_stable == 1.0).all()


@pytest.mark.parametrize(
    "algorithm", ["kmeans", "minibatch_kmeans", "gaussian_mixture", "agglomerative", "hdbscan"]
)
def test_every_algorithm_finds_planted_groups_stable(algorithm):
    points, _ = make_blobs(
        n_samples=[300, 200, 100], n_features=7, cluster_std=0.5, center_box=(2, 8), random_state=3
    )
    overrides = {"algorithm": algorithm, "k": 3, "stability_runs": 2, "silhouette_sample_size": 300}
    artifact = fit_model(users(points), "default", overrides)
    run = json.loads(artifact.loc[artifact["record_type"] == "run", "text_value"].iloc[0])
    segment = artifact[artifact["record_type"] == "segment"]
    jaccard = segment[segment["metric"] == "stability_jaccard"]["value"]
    assert run["k"] == 3
    assert run["stability_mean_ari"] > 0.95
    assert len(jaccard) == 3
    assert (jaccard > 0.9).all()
