"""The five algorithms, their scoring rules, and each one end to end through fit and assign."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score, pairwise_distances_argmin_min
from sklearn.mixture import GaussianMixture

from support import DEFAULT_NUMERIC
from user_segmentation.segmentation.algorithms import (
    NOISE_LABEL,
    FittedModel,
    fit_algorithm,
    score,
    squared_distances,
)
from user_segmentation.segmentation.clustering import fit_segments
from user_segmentation.segmentation.config import load_config
from user_segmentation.segmentation.features import fit_encoding, prepare_feature_frame
from user_segmentation.segmentation.model_artifact import read_model
from user_segmentation.segmentation.pipeline import assign_users, fit_model

LOG1P = {"likes_reactions", "followed_accounts"}
K_ALGORITHMS = ["kmeans", "minibatch_kmeans", "gaussian_mixture", "agglomerative"]
ALL_ALGORITHMS = [*K_ALGORITHMS, "hdbscan"]
FAST = {"stability_runs": 0, "silhouette_sample_size": 300}
BLOB_SIZES = [300, 200, 100]


def users_from_points(points: np.ndarray, first_id: int) -> pd.DataFrame:
    """Users whose default-preset encoding (log1p on two columns, then scaling) is `points`."""
    frame = pd.DataFrame({"user_id": np.arange(first_id, first_id + len(points))})
    for position, name in enumerate(DEFAULT_NUMERIC):
        values = points[:, position]
        frame[name] = np.expm1(values) if name in LOG1P else values
    return frame


@pytest.fixture(scope="module")
def planted() -> tuple[pd.DataFrame, pd.Series, np.ndarray]:
    """600 users in three blobs (300, 200, 100) in the 7 default columns, ids not in row order."""
    points, group, centres = make_blobs(
        n_samples=BLOB_SIZES,
        n_features=7,
        cluster_std=0.5,
        center_box=(2, 8),
        random_state=3,
        return_centers=True,
    )
    users = users_from_points(points, first_id=1)
    users["user_id"] = np.random.default_rng(0).permutation(users["user_id"].to_numpy()) * 7
    truth = pd.Series(group, index=users["user_id"])
    return users, truth, centres


def scikit_learn_labels(matrix: np.ndarray, model: FittedModel) -> np.ndarray:
    """The labels scikit-learn gives ``matrix`` under ``model``'s parameters (the oracle).

    A diagonal mixture is scored by a ``GaussianMixture`` holding the model's weights, means
    and variances; the other rules by ``pairwise_distances_argmin_min`` (nearest centre), with
    users outside their centre's radius made noise.
    """
    if model.scoring_rule == "gaussian_diag":
        mixture = GaussianMixture(len(model.centres), covariance_type="diag")
        mixture.weights_ = np.exp(model.log_weights)
        mixture.means_ = model.centres
        mixture.covariances_ = model.variances
        mixture.precisions_cholesky_ = 1.0 / np.sqrt(model.variances)
        mixture.n_features_in_ = matrix.shape[1]
        return mixture.predict(matrix)
    labels, distance = pairwise_distances_argmin_min(matrix, model.centres)
    if model.scoring_rule == "nearest_centre_within_radius":
        labels = np.where(distance > model.radius[labels], NOISE_LABEL, labels)
    return labels


def truth_of(assigned: pd.DataFrame, truth: pd.Series) -> np.ndarray:
    return truth.loc[assigned["user_id"]].to_numpy()


def run_of(artifact: pd.DataFrame) -> dict:
    return json.loads(artifact.loc[artifact["record_type"] == "run", "text_value"].iloc[0])


# --- scoring rules --------------------------------------------------------------------------


def nearest(centres) -> FittedModel:
    return FittedModel("kmeans", "nearest_centre", np.asarray(centres, dtype=float))


def test_squared_distances_match_a_brute_force_computation():
    rng = np.random.default_rng(1)
    matrix, centres = rng.normal(size=(50, 4)), rng.normal(size=(3, 4))
    expected = ((matrix[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
    np.testing.assert_allclose(squared_distances(matrix, centres), expected, rtol=1e-12)


def test_nearest_centre_distance_is_the_euclidean_distance():
    matrix = np.array([[0.0, 0.0], [3.0, 4.0], [10.0, 10.0], [9.0, 12.0]])
    labels, distance, probability = score(matrix, nearest([[0.0, 1.0], [10.0, 11.0]]))
    assert labels.tolist() == [0, 0, 1, 1]
    by_hand = [1.0, np.sqrt(3.0**2 + 3.0**2), 1.0, np.sqrt(1.0**2 + 1.0**2)]
    np.testing.assert_allclose(distance, by_hand, rtol=0, atol=1e-12)
    assert probability.tolist() == [1.0] * 4


def test_nearest_centre_matches_a_brute_force_search():
    rng = np.random.default_rng(0)
    matrix, centres = rng.normal(size=(200, 5)), rng.normal(size=(6, 5))
    labels, distance, _ = score(matrix, nearest(centres))
    all_distances = np.linalg.norm(matrix[:, None, :] - centres[None, :, :], axis=2)
    np.testing.assert_array_equal(labels, all_distances.argmin(axis=1))
    np.testing.assert_allclose(distance, all_distances.min(axis=1), rtol=1e-12)


@pytest.mark.parametrize("centres", [[[-1.0], [1.0]], [[1.0], [-1.0]]], ids=["-1,+1", "+1,-1"])
def test_nearest_centre_breaks_ties_towards_the_lower_segment(centres):
    labels, distance, _ = score(np.array([[0.0]]), nearest(centres))
    assert labels.tolist() == [0]
    assert distance.tolist() == [1.0]


def gaussian(centres, variances, weights) -> FittedModel:
    return FittedModel(
        "gaussian_mixture",
        "gaussian_diag",
        np.asarray(centres, dtype=float),
        variances=np.asarray(variances, dtype=float),
        log_weights=np.log(np.asarray(weights, dtype=float)),
    )


def test_gaussian_diag_picks_the_most_likely_component_not_the_nearest_centre():
    # A tight component at 0 and a broad one at 3: a user at 1 is nearer the tight centre but
    # far more likely under the broad component.
    model = gaussian([[0.0], [3.0]], [[0.01], [100.0]], [0.5, 0.5])
    labels, distance, probability = score(np.array([[1.0]]), model)
    nearest, _ = pairwise_distances_argmin_min(np.array([[1.0]]), model.centres)
    assert nearest.tolist() == [0]
    assert scikit_learn_labels(np.array([[1.0]]), model).tolist() == [1]
    assert labels.tolist() == [1]
    assert distance.tolist() == [2.0]
    assert 0.99 < probability[0] <= 1.0


def test_gaussian_diag_probability_is_the_posterior_of_the_chosen_component():
    model = gaussian([[0.0, 0.0], [2.0, 0.0]], [[1.0, 1.0], [1.0, 4.0]], [0.7, 0.3])
    matrix = np.array([[0.4, 0.5], [1.0, 0.0], [5.0, 1.0]])
    labels, _, probability = score(matrix, model)

    def density(x, mean, variance):
        mean, variance = np.asarray(mean, dtype=float), np.asarray(variance, dtype=float)
        return np.prod(np.exp(-((x - mean) ** 2) / (2 * variance)) / np.sqrt(2 * np.pi * variance))

    for row, label, chosen in zip(matrix, labels, probability, strict=True):
        joint = [0.7 * density(row, [0, 0], [1, 1]), 0.3 * density(row, [2, 0], [1, 4])]
        assert label == int(np.argmax(joint))
        assert chosen == pytest.approx(max(joint) / sum(joint), rel=1e-9)
    assert 0.5 < probability[1] < 0.9  # between the two components


def test_gaussian_diag_agrees_with_a_fitted_scikit_learn_mixture():
    matrix, _ = make_blobs(n_samples=[200, 150, 100], n_features=3, cluster_std=1.5, random_state=2)
    mixture = GaussianMixture(3, covariance_type="diag", random_state=0).fit(matrix)
    model = gaussian(mixture.means_, mixture.covariances_, mixture.weights_)
    labels, _, probability = score(matrix, model)
    np.testing.assert_array_equal(labels, mixture.predict(matrix))
    np.testing.assert_allclose(probability, mixture.predict_proba(matrix).max(axis=1), atol=1e-9)


def test_gaussian_diag_ties_go_to_the_lower_segment():
    model = gaussian([[-1.0], [1.0]], [[1.0], [1.0]], [0.5, 0.5])
    labels, _, probability = score(np.array([[0.0]]), model)
    assert labels.tolist() == [0]
    assert probability[0] == pytest.approx(0.5)


def test_nearest_centre_within_radius_makes_users_outside_the_radius_noise():
    model = FittedModel(
        "hdbscan",
        "nearest_centre_within_radius",
        np.array([[0.0, 0.0], [10.0, 0.0]]),
        radius=np.array([1.0, 3.0]),
    )
    matrix = np.array([[0.5, 0.0], [1.0, 0.0], [1.5, 0.0], [7.5, 0.0], [6.5, 0.0], [0.0, 40.0]])
    labels, distance, probability = score(matrix, model)
    # The radius of the nearest centre decides: 1.5 from centre 0 is out, 2.5 from centre 1 is in,
    # and exactly on the radius counts as inside.
    assert labels.tolist() == [0, 0, NOISE_LABEL, 1, NOISE_LABEL, NOISE_LABEL]
    assert probability.tolist() == [1.0, 1.0, 0.0, 1.0, 0.0, 0.0]
    np.testing.assert_allclose(distance, [0.5, 1.0, 1.5, 2.5, 3.5, 40.0])


# --- fit_algorithm --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_blobs() -> tuple[np.ndarray, np.ndarray]:
    return make_blobs(n_samples=[150, 100, 50], n_features=3, cluster_std=0.5, random_state=5)


@pytest.mark.parametrize(
    ("algorithm", "rule"),
    [
        ("kmeans", "nearest_centre"),
        ("minibatch_kmeans", "nearest_centre"),
        ("gaussian_mixture", "gaussian_diag"),
        ("agglomerative", "nearest_centre"),
        ("hdbscan", "nearest_centre_within_radius"),
    ],
)
def test_fit_algorithm_returns_the_algorithms_scoring_rule_and_parameters(
    small_blobs, algorithm, rule
):
    matrix, truth = small_blobs
    model = fit_algorithm(matrix, 3, algorithm, random_state=0, n_init=1, options={})
    assert model.algorithm == algorithm
    assert model.scoring_rule == rule
    assert model.centres.shape == (3, 3)
    labels, _, _ = score(matrix, model)
    planted = labels != NOISE_LABEL
    assert planted.mean() >= 0.95
    assert adjusted_rand_score(truth[planted], labels[planted]) >= 0.99
    assert (model.variances is not None) == (algorithm == "gaussian_mixture")
    assert (model.log_weights is not None) == (algorithm == "gaussian_mixture")
    assert (model.bic is not None) == (algorithm == "gaussian_mixture")
    assert (model.radius is not None) == (algorithm == "hdbscan")
    if algorithm == "gaussian_mixture":
        assert np.exp(model.log_weights).sum() == pytest.approx(1.0)
        assert (model.variances > 0).all()
    if algorithm == "hdbscan":
        assert (model.radius > 0).all()


def test_agglomerative_centres_are_the_means_of_its_segments(small_blobs):
    matrix, _ = small_blobs
    model = fit_algorithm(matrix, 3, "agglomerative", random_state=0, n_init=1, options={})
    segments = AgglomerativeClustering(n_clusters=3, linkage="ward").fit_predict(matrix)
    means = np.vstack([matrix[segments == s].mean(axis=0) for s in range(3)])

    def in_row_order(rows: np.ndarray) -> np.ndarray:
        return rows[np.lexsort(rows.T[::-1])]

    np.testing.assert_allclose(in_row_order(model.centres), in_row_order(means), atol=1e-9)


def test_hdbscan_with_no_dense_region_says_so():
    matrix = np.random.default_rng(0).uniform(size=(30, 2))
    with pytest.raises(ValueError, match="no dense segment"):
        fit_algorithm(matrix, None, "hdbscan", 0, 1, {"min_cluster_share": 0.9})


def test_unknown_algorithm_is_rejected(small_blobs):
    with pytest.raises(ValueError, match="Unknown algorithm 'dbscan'"):
        fit_algorithm(small_blobs[0], 3, "dbscan", 0, 1, {})


# --- every algorithm through fit_model and assign_users ------------------------------------


@pytest.fixture(scope="module", params=K_ALGORITHMS)
def k_based(request, planted):
    users, _, _ = planted
    overrides = {"algorithm": request.param, "k_range": [2, 6], **FAST}
    artifact = fit_model(users, "default", overrides)
    return request.param, overrides, artifact, assign_users(users, artifact)


def test_k_based_algorithm_recovers_the_planted_groups(planted, k_based):
    _, truth, _ = planted
    algorithm, _, artifact, assigned = k_based
    run = run_of(artifact)
    assert run["algorithm"] == algorithm
    assert run["k"] == 3
    assert adjusted_rand_score(truth_of(assigned, truth), assigned["segment_id"]) >= 0.9
    # Segment 1 is the largest, as everywhere else.
    assert assigned["segment_id"].value_counts().sort_index().tolist() == BLOB_SIZES


@pytest.fixture(scope="module")
def hdbscan_run(planted):
    """The planted users plus five users far away from every group (and from each other)."""
    users, _, _ = planted
    rng = np.random.default_rng(4)
    far_points = rng.uniform(20, 30, size=(5, 7)) * rng.choice([-1, 1], size=(5, 7))
    far = users_from_points(far_points, first_id=90_001)
    everyone = pd.concat([users, far], ignore_index=True)
    overrides = {"algorithm": "hdbscan", **FAST}
    artifact = fit_model(everyone, "default", overrides)
    return everyone, far, overrides, artifact, assign_users(everyone, artifact)


def test_hdbscan_finds_the_groups_and_leaves_far_away_users_as_noise(planted, hdbscan_run):
    users, truth, _ = planted
    _, far, _, artifact, assigned = hdbscan_run
    run = run_of(artifact)
    assert run["k"] == 3
    assert run["scoring_rule"] == "nearest_centre_within_radius"
    assert run["selection_rule"] == "found by density (HDBSCAN)"
    by_user = assigned.set_index("user_id")
    assert by_user.loc[far["user_id"], "segment_id"].tolist() == [0] * 5
    assert (by_user.loc[far["user_id"], "membership_probability"] == 0.0).all()
    grouped = assigned[assigned["user_id"].isin(users["user_id"])]
    assert adjusted_rand_score(truth_of(grouped, truth), grouped["segment_id"]) >= 0.9
    # Only a handful of planted users fall outside their segment's radius.
    assert (grouped["segment_id"] == 0).mean() < 0.03
    assert run["noise_share"] == pytest.approx((assigned["segment_id"] == 0).mean())


@pytest.fixture(scope="module")
def gaussian_run(planted):
    """The planted users plus one user half-way between the centres of the two largest groups."""
    users, _, centres = planted
    between = users_from_points(((centres[0] + centres[1]) / 2)[None, :], first_id=80_001)
    everyone = pd.concat([users, between], ignore_index=True)
    artifact = fit_model(everyone, "default", {"algorithm": "gaussian_mixture", "k": 3, **FAST})
    return between, assign_users(everyone, artifact)


def test_gaussian_mixture_membership_probability_is_lower_between_components(gaussian_run):
    between, assigned = gaussian_run
    probability = assigned.set_index("user_id")["membership_probability"]
    assert ((probability > 0) & (probability <= 1)).all()
    assert (probability.drop(between["user_id"]) > 0.99).mean() > 0.95
    assert probability.loc[between["user_id"].iloc[0]] < 0.9


def as_segment_ids(labels: np.ndarray) -> np.ndarray:
    """Zero-based labels as the segment ids of a first run (noise = 0)."""
    return np.where(labels == NOISE_LABEL, 0, labels + 1)


def assert_stored_model_scores_as_the_fit_labelled(
    users: pd.DataFrame, overrides: dict, artifact: pd.DataFrame, assigned: pd.DataFrame
) -> None:
    """The fit's labels, and the stored model's segments, each equal scikit-learn's labels."""
    config = load_config("default", overrides)
    matrix, _ = fit_encoding(prepare_feature_frame(users, config), config)
    fit = fit_segments(matrix, config)
    np.testing.assert_array_equal(fit.labels, scikit_learn_labels(matrix, fit.model))
    stored = read_model(artifact).model
    segment_ids = assigned["segment_id"].to_numpy()
    np.testing.assert_array_equal(segment_ids, as_segment_ids(scikit_learn_labels(matrix, stored)))
    np.testing.assert_array_equal(segment_ids, as_segment_ids(fit.labels))


def test_scikit_learn_oracle_reads_a_model_as_scikit_learn_fitted_it(small_blobs):
    matrix, _ = small_blobs
    mixture = GaussianMixture(3, covariance_type="diag", random_state=0).fit(matrix)
    model = gaussian(mixture.means_, mixture.covariances_, mixture.weights_)
    np.testing.assert_array_equal(scikit_learn_labels(matrix, model), mixture.predict(matrix))
    kmeans = KMeans(n_clusters=3, n_init=1, random_state=0).fit(matrix)
    np.testing.assert_array_equal(
        scikit_learn_labels(matrix, nearest(kmeans.cluster_centers_)), kmeans.predict(matrix)
    )


def test_stored_k_based_model_scores_users_exactly_as_the_fit_labelled_them(planted, k_based):
    users, _, _ = planted
    _, overrides, artifact, assigned = k_based
    assert_stored_model_scores_as_the_fit_labelled(users, overrides, artifact, assigned)
    shares = artifact[(artifact["record_type"] == "segment") & (artifact["metric"] == "fit_share")]
    observed = assigned["segment_id"].value_counts(normalize=True)
    np.testing.assert_allclose(
        shares.set_index("segment_id")["value"].sort_index(), observed.sort_index(), atol=1e-12
    )


def test_stored_hdbscan_model_scores_users_exactly_as_the_fit_labelled_them(hdbscan_run):
    everyone, _, overrides, artifact, assigned = hdbscan_run
    assert_stored_model_scores_as_the_fit_labelled(everyone, overrides, artifact, assigned)


def test_stored_hdbscan_model_keeps_the_radius_and_the_scoring_rule(hdbscan_run):
    _, _, _, artifact, _ = hdbscan_run
    stored = read_model(artifact)
    assert stored.model.scoring_rule == "nearest_centre_within_radius"
    assert stored.model.radius is not None and (stored.model.radius > 0).all()
    assert stored.model.variances is None
