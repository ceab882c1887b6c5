"""Choosing k, fitting segments ordered by size, and nearest-centre assignment."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score, silhouette_score

from user_segmentation import clustering
from user_segmentation.clustering import KScore, choose_k, fit_segments, nearest_centre, score_k
from user_segmentation.config import NumericFeature, SegmentationConfig

BLOB_SIZES = [400, 300, 200, 100]


def make_config(**settings) -> SegmentationConfig:
    settings.setdefault("k_range", (2, 8))
    return SegmentationConfig(preset="test", numeric_features=(NumericFeature("x"),), **settings)


def score(k: int, silhouette: float | None, min_share: float = 0.2) -> KScore:
    return KScore(
        k=k,
        inertia=100.0 / k,
        silhouette=silhouette,
        davies_bouldin=None,
        calinski_harabasz=None,
        min_segment_share=min_share,
    )


@pytest.fixture(scope="module")
def blobs() -> tuple[np.ndarray, np.ndarray]:
    """Four well-separated blobs of distinct sizes (400, 300, 200, 100)."""
    return make_blobs(
        n_samples=BLOB_SIZES, n_features=3, cluster_std=0.5, center_box=(-10, 10), random_state=7
    )


@pytest.fixture(scope="module")
def blob_fit(blobs):
    matrix, _ = blobs
    return fit_segments(matrix, make_config(k_range=(2, 8)))


@pytest.mark.parametrize(
    ("scores", "expected_k"),
    [
        pytest.param([score(2, 0.40), score(3, 0.55), score(4, 0.50)], 3, id="best-silhouette"),
        pytest.param(
            [score(2, 0.40), score(3, 0.70, min_share=0.01), score(4, 0.50)],
            4,
            id="best-skips-a-sliver",
        ),
        pytest.param([score(2, 0.50), score(3, 0.60), score(4, 0.60)], 3, id="tie-smaller-k"),
        pytest.param([score(4, 0.60), score(3, 0.60), score(2, 0.10)], 3, id="tie-any-order"),
        pytest.param([score(2, None), score(3, -0.2)], 3, id="missing-silhouette-is-worst"),
    ],
)
def test_choose_k_picks_best_silhouette_among_k_with_big_enough_segments(scores, expected_k):
    k, rule = choose_k(scores, min_segment_share=0.02)
    assert k == expected_k
    assert rule == "best silhouette with smallest segment >= 2%"


def test_choose_k_falls_back_to_best_silhouette_when_no_k_meets_the_share():
    scores = [score(2, 0.30, 0.01), score(3, 0.45, 0.015), score(4, 0.40, 0.005)]
    k, rule = choose_k(scores, min_segment_share=0.02)
    assert k == 3
    assert rule == "best silhouette (no k met the minimum segment share)"


@pytest.mark.parametrize("silhouette", [0.3, None])
def test_choose_k_with_a_single_candidate_is_fixed_k(silhouette):
    assert choose_k([score(6, silhouette, min_share=0.0)], min_segment_share=0.02) == (6, "fixed k")


def test_fit_segments_finds_the_four_planted_blobs(blobs, blob_fit):
    _, truth = blobs
    assert blob_fit.k == 4
    assert [s.k for s in blob_fit.k_scores] == list(range(2, 9))
    assert adjusted_rand_score(truth, blob_fit.labels) >= 0.99
    assert blob_fit.selection_rule == "best silhouette with smallest segment >= 2%"
    assert blob_fit.centres.shape == (4, 3)


def test_fit_segments_orders_segments_by_size(blob_fit):
    sizes = np.bincount(blob_fit.labels, minlength=blob_fit.k)
    assert sizes.tolist() == BLOB_SIZES
    assert set(blob_fit.labels.tolist()) == {0, 1, 2, 3}


def test_fit_segments_labels_are_the_nearest_centres(blobs, blob_fit):
    matrix, _ = blobs
    index, _ = nearest_centre(matrix, blob_fit.centres)
    np.testing.assert_array_equal(blob_fit.labels, index)


def test_fit_segments_centres_are_the_segment_means(blobs, blob_fit):
    matrix, _ = blobs
    means = np.array([matrix[blob_fit.labels == s].mean(axis=0) for s in range(blob_fit.k)])
    np.testing.assert_allclose(blob_fit.centres, means, atol=1e-6)


def test_fit_segments_with_a_fixed_k_fits_only_that_k(blobs):
    matrix, _ = blobs
    fit = fit_segments(matrix, make_config(k_range=None, k=3))
    assert fit.k == 3
    assert [s.k for s in fit.k_scores] == [3]
    assert fit.selection_rule == "fixed k"
    sizes = np.bincount(fit.labels)
    assert sizes.tolist() == sorted(sizes.tolist(), reverse=True)


def test_fit_segments_is_reproducible(blobs, blob_fit):
    matrix, _ = blobs
    again = fit_segments(matrix, make_config(k_range=(2, 8)))
    np.testing.assert_array_equal(again.labels, blob_fit.labels)
    np.testing.assert_array_equal(again.centres, blob_fit.centres)


def test_nearest_centre_distance_is_the_euclidean_distance():
    matrix = np.array([[0.0, 0.0], [3.0, 4.0], [10.0, 10.0], [9.0, 12.0]])
    centres = np.array([[0.0, 1.0], [10.0, 11.0]])
    index, distance = nearest_centre(matrix, centres)
    assert index.tolist() == [0, 0, 1, 1]
    by_hand = [1.0, np.sqrt(3.0**2 + 3.0**2), 1.0, np.sqrt(1.0**2 + 1.0**2)]
    np.testing.assert_allclose(distance, by_hand, rtol=0, atol=1e-12)


def test_nearest_centre_matches_a_brute_force_search():
    rng = np.random.default_rng(0)
    matrix, centres = rng.normal(size=(200, 5)), rng.normal(size=(6, 5))
    index, distance = nearest_centre(matrix, centres)
    all_distances = np.linalg.norm(matrix[:, None, :] - centres[None, :, :], axis=2)
    np.testing.assert_array_equal(index, all_distances.argmin(axis=1))
    np.testing.assert_allclose(distance, all_distances.min(axis=1), rtol=1e-12)


def test_nearest_centre_breaks_ties_towards_the_lower_segment():
    index, distance = nearest_centre(np.array([[0.0]]), np.array([[-1.0], [1.0]]))
    assert index.tolist() == [0]
    assert distance.tolist() == [1.0]


@pytest.mark.parametrize("sample_size", [50, 1000, 5000], ids=["sampled", "all", "more-than-n"])
def test_score_k_scores_a_sample_no_larger_than_sample_size(blobs, monkeypatch, sample_size):
    matrix, truth = blobs
    seen = []

    def recording_silhouette(x, labels):
        seen.append(len(x))
        return silhouette_score(x, labels)

    monkeypatch.setattr(clustering, "silhouette_score", recording_silhouette)
    result = score_k(matrix, truth, inertia=12.5, k=4, sample_size=sample_size, random_state=0)
    assert seen == [min(sample_size, len(matrix))]
    assert result.k == 4
    assert result.inertia == 12.5
    assert result.silhouette is not None and result.silhouette > 0.8
    assert result.davies_bouldin is not None and result.calinski_harabasz is not None
    # The smallest-segment share is measured on all users, not on the sample.
    assert result.min_segment_share == pytest.approx(100 / 1000)


def test_score_k_on_a_sample_is_deterministic(blobs):
    matrix, truth = blobs
    first = score_k(matrix, truth, 1.0, 4, sample_size=60, random_state=5)
    second = score_k(matrix, truth, 1.0, 4, sample_size=60, random_state=5)
    assert first == second


def test_score_k_with_a_single_sampled_label_has_no_quality_scores():
    matrix = np.arange(20, dtype=float).reshape(10, 2)
    labels = np.zeros(10, dtype=np.int64)
    result = score_k(matrix, labels, inertia=3.0, k=2, sample_size=100, random_state=0)
    assert result.silhouette is None
    assert result.davies_bouldin is None
    assert result.min_segment_share == 0.0


def test_fit_segments_with_small_silhouette_sample_still_finds_the_blobs(blobs):
    matrix, truth = blobs
    fit = fit_segments(matrix, make_config(k_range=(2, 6), silhouette_sample_size=120))
    assert fit.k == 4
    assert adjusted_rand_score(truth, fit.labels) >= 0.99
