"""Choosing k, fitting segments ordered by size, and scoring k candidates."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score, pairwise_distances_argmin_min, silhouette_score
from threadpoolctl import threadpool_limits

from user_segmentation.segmentation import clustering
from user_segmentation.segmentation.algorithms import NOISE_LABEL
from user_segmentation.segmentation.clustering import (
    KScore,
    Labelling,
    choose_k,
    fit_segments,
    score_k,
    score_labellings,
    silhouette,
    silhouettes,
    structure_verdict,
)
from user_segmentation.segmentation.config import NumericFeature, SegmentationConfig

BLOB_SIZES = [400, 300, 200, 100]


def make_config(n_features: int = 3, **settings) -> SegmentationConfig:
    settings.setdefault("k_range", (2, 8))
    settings.setdefault("stability_runs", 0)
    settings.setdefault("silhouette_sample_size", 1000)
    numeric = tuple(NumericFeature(f"x{i}") for i in range(n_features))
    return SegmentationConfig(preset="test", numeric_features=numeric, **settings)


def score(k: int, silhouette: float | None, min_share: float = 0.2) -> KScore:
    return KScore(
        k=k,
        inertia=100.0 / k,
        silhouette=silhouette,
        davies_bouldin=None,
        calinski_harabasz=None,
        bic=None,
        min_segment_share=min_share,
        noise_share=0.0,
    )


def distances_to_truth(matrix: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """Each point's distance to the mean of its own true group."""
    means = np.vstack([matrix[truth == g].mean(axis=0) for g in range(truth.max() + 1)])
    return np.linalg.norm(matrix - means[truth], axis=1)


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


@pytest.fixture(scope="module")
def truth_kmeans(blobs) -> KMeans:
    """scikit-learn's k-means started at the planted groups' means: it stays on that partition,
    so ``-score(rows)`` is the rows' squared distance to their planted group's mean, as
    scikit-learn measures it."""
    matrix, truth = blobs
    means = np.vstack([matrix[truth == g].mean(axis=0) for g in range(truth.max() + 1)])
    kmeans = KMeans(n_clusters=len(means), init=means, n_init=1).fit(matrix)
    np.testing.assert_array_equal(kmeans.labels_, truth)
    return kmeans


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


def test_choose_k_on_a_small_table_needs_min_cell_size_users_in_the_smallest_segment():
    # 150 users: 2% is 3 users, but a segment of 6 could not be published (min_cell_size 10).
    scores = [score(2, 0.40, 0.40), score(3, 0.70, 6 / 150), score(4, 0.50, 10 / 150)]
    assert choose_k(scores, 0.02, min_segment_users=10, population_size=150) == (
        4,
        "best silhouette with smallest segment >= 10 users (min_cell_size)",
    )
    # On a large table the share is the stricter rule, and the rule text says so.
    assert choose_k(scores, 0.02, min_segment_users=10, population_size=150_000) == (
        3,
        "best silhouette with smallest segment >= 2%",
    )


def test_a_small_group_under_min_cell_size_users_is_not_split_off_as_a_segment():
    # Two groups of 70 users and a far-away group of 6 (4% of 146 users, above the 2% share).
    matrix, truth = make_blobs(
        n_samples=[70, 70, 6], centers=[[0, 0], [10, 0], [0, 10]], cluster_std=0.5, random_state=3
    )
    config = make_config(n_features=2, k_range=(2, 4))
    alone = fit_segments(matrix, config)
    assert alone.model.k == 3 and np.bincount(alone.labels).min() == 6
    fit = fit_segments(matrix, config, min_segment_users=10)
    assert np.bincount(fit.labels).min() >= 10
    assert fit.selection_rule == "best silhouette with smallest segment >= 10 users (min_cell_size)"


@pytest.mark.parametrize("silhouette", [0.3, None])
def test_choose_k_with_a_single_candidate_is_fixed_k(silhouette):
    assert choose_k([score(6, silhouette, min_share=0.0)], min_segment_share=0.02) == (6, "fixed k")


def test_choose_k_rule_states_a_sub_percent_threshold_as_set():
    _, rule = choose_k([score(2, 0.4), score(3, 0.5)], min_segment_share=0.005)
    assert rule == "best silhouette with smallest segment >= 0.5%"


@pytest.mark.parametrize(
    ("silhouette", "verdict"),
    [
        (0.75, "strong structure"),
        (0.55, "reasonable structure"),
        (0.30, "weak structure"),
        (0.10, "no substantial structure"),
        (0.70, "reasonable structure"),
    ],
)
def test_structure_verdict_reads_the_silhouette_in_plain_words(silhouette, verdict):
    assert structure_verdict(silhouette).startswith(verdict)


def test_structure_verdict_without_a_silhouette_is_unknown():
    assert structure_verdict(None) == "unknown structure"


def test_fit_segments_finds_the_four_planted_blobs(blobs, blob_fit):
    _, truth = blobs
    assert blob_fit.k == 4
    assert [s.k for s in blob_fit.k_scores] == list(range(2, 9))
    assert adjusted_rand_score(truth, blob_fit.labels) >= 0.99
    assert blob_fit.selection_rule == "best silhouette with smallest segment >= 2%"
    assert blob_fit.centres.shape == (4, 3)
    assert blob_fit.model.scoring_rule == "nearest_centre"
    assert blob_fit.structure_verdict == "strong structure"


def test_fit_segments_orders_segments_by_size_with_zero_based_labels(blob_fit):
    sizes = np.bincount(blob_fit.labels, minlength=blob_fit.k)
    assert sizes.tolist() == BLOB_SIZES
    assert set(blob_fit.labels.tolist()) == {0, 1, 2, 3}


def test_fit_segments_labels_are_the_nearest_centres(blobs, blob_fit):
    matrix, _ = blobs
    nearest, distance = pairwise_distances_argmin_min(matrix, blob_fit.centres)
    np.testing.assert_array_equal(blob_fit.labels, nearest)
    np.testing.assert_allclose(blob_fit.distance, distance, rtol=0, atol=1e-9)
    np.testing.assert_array_equal(blob_fit.probability, 1.0)
    # scikit-learn's own k-means on the same data reaches the same partition and inertia.
    reference = KMeans(n_clusters=4, n_init=10, random_state=0).fit(matrix)
    assert adjusted_rand_score(reference.labels_, blob_fit.labels) == 1.0
    assert blob_fit.inertia == pytest.approx(reference.inertia_, rel=1e-9)


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


@pytest.mark.parametrize("planted_k", [3, 5])
def test_k_range_picks_the_planted_number_of_groups(planted_k):
    matrix, truth = make_blobs(
        n_samples=[250] * planted_k,
        n_features=7,
        cluster_std=1.0,
        center_box=(-10, 10),
        random_state=planted_k,
    )
    fit = fit_segments(matrix, make_config(n_features=7, k_range=(2, 8), n_init=3))
    assert fit.k == planted_k
    assert adjusted_rand_score(truth, fit.labels) >= 0.99


@pytest.fixture(scope="module")
def sliver_blobs() -> np.ndarray:
    """Two big groups of 600 and a far-away sliver of 12 users (1%)."""
    centres = np.zeros((3, 7))
    centres[1, 0] = 10.0
    centres[2, 1] = 30.0
    matrix, _ = make_blobs(
        n_samples=[600, 600, 12], centers=centres, cluster_std=1.0, random_state=1
    )
    return matrix


def test_min_segment_share_excludes_a_k_that_splits_off_a_sliver(sliver_blobs):
    fit = fit_segments(sliver_blobs, make_config(n_features=7, k_range=(2, 4)))
    by_k = {s.k: s for s in fit.k_scores}
    # k=3 has the best silhouette, but its smallest segment is the 1% sliver.
    assert max(by_k.values(), key=lambda s: s.silhouette).k == 3
    assert by_k[3].min_segment_share < 0.02
    assert fit.k == 2
    assert fit.selection_rule == "best silhouette with smallest segment >= 2%"


def test_a_lower_min_segment_share_lets_the_sliver_be_a_segment(sliver_blobs):
    fit = fit_segments(
        sliver_blobs, make_config(n_features=7, k_range=(2, 4), min_segment_share=0.005)
    )
    assert fit.k == 3
    assert np.bincount(fit.labels).tolist() == [600, 600, 12]


def test_k_selection_on_a_sample_still_picks_the_planted_k(monkeypatch):
    matrix, truth = make_blobs(
        n_samples=[800, 600, 400, 200],
        n_features=7,
        cluster_std=1.0,
        center_box=(-10, 10),
        random_state=4,
    )
    fitted_rows = []
    real_fit = clustering.fit_algorithm

    def recording_fit(rows, *args, **kwargs):
        fitted_rows.append(len(rows))
        return real_fit(rows, *args, **kwargs)

    monkeypatch.setattr(clustering, "fit_algorithm", recording_fit)
    fit = fit_segments(matrix, make_config(n_features=7, selection_sample_size=300))

    # Seven candidate k scored on the 300-user sample, then the chosen k fitted on everyone.
    assert fitted_rows == [300] * 7 + [2000]
    assert fit.k == 4
    assert len(fit.labels) == 2000
    assert adjusted_rand_score(truth, fit.labels) >= 0.99


@pytest.mark.parametrize("sample_size", [50, 1000, 5000], ids=["sampled", "all", "more-than-n"])
def test_score_k_scores_a_sample_no_larger_than_sample_size(
    blobs, truth_kmeans, monkeypatch, sample_size
):
    matrix, truth = blobs
    distance = distances_to_truth(matrix, truth)
    seen = []

    def recording_silhouettes(x, label_sets):
        seen.append(len(x))
        return [silhouette_score(x, labels) for labels in label_sets]

    monkeypatch.setattr(clustering, "silhouettes", recording_silhouettes)
    result = score_k(matrix, truth, distance, k=4, sample_size=sample_size, random_state=0)
    assert seen == [min(sample_size, len(matrix))]
    assert result.k == 4
    # Inertia is over all users, not the sample.
    assert result.inertia == pytest.approx(-truth_kmeans.score(matrix), rel=1e-9)
    assert result.silhouette is not None and result.silhouette > 0.8
    assert result.davies_bouldin is not None and result.calinski_harabasz is not None
    # The smallest-segment share is measured on all users, not on the sample.
    assert result.min_segment_share == pytest.approx(100 / 1000)
    assert result.noise_share == 0.0


def test_score_k_on_a_sample_is_deterministic(blobs):
    matrix, truth = blobs
    distance = distances_to_truth(matrix, truth)
    first = score_k(matrix, truth, distance, 4, sample_size=60, random_state=5)
    second = score_k(matrix, truth, distance, 4, sample_size=60, random_state=5)
    assert first == second


def test_score_k_leaves_noise_out_of_inertia_shares_and_silhouette(blobs, truth_kmeans):
    matrix, truth = blobs
    distance = distances_to_truth(matrix, truth)
    noise = np.flatnonzero(truth == 0)[:40]  # 40 of the 400 users of the largest blob
    labels = truth.copy()
    labels[noise] = NOISE_LABEL
    distance_with_far_noise = distance.copy()
    distance_with_far_noise[noise] = 1e6
    result = score_k(matrix, labels, distance_with_far_noise, 4, sample_size=5000, random_state=0)
    assert result.noise_share == pytest.approx(0.04)
    assigned = labels != NOISE_LABEL
    assert result.inertia == pytest.approx(-truth_kmeans.score(matrix[assigned]), rel=1e-9)
    # Shares are of all users, noise included in the denominator.
    assert result.min_segment_share == pytest.approx(100 / 1000)
    assert result.silhouette == pytest.approx(silhouette_score(matrix[assigned], labels[assigned]))


def test_score_k_with_a_single_sampled_label_has_no_quality_scores():
    matrix = np.arange(20, dtype=float).reshape(10, 2)
    labels = np.zeros(10, dtype=np.int64)
    result = score_k(matrix, labels, np.ones(10), k=2, sample_size=100, random_state=0)
    assert result.silhouette is None
    assert result.davies_bouldin is None
    assert result.min_segment_share == 0.0
    assert result.inertia == 10.0


def test_fit_segments_with_small_silhouette_sample_still_finds_the_blobs(blobs):
    matrix, truth = blobs
    fit = fit_segments(matrix, make_config(k_range=(2, 6), silhouette_sample_size=120))
    assert fit.k == 4
    assert adjusted_rand_score(truth, fit.labels) >= 0.99


@pytest.mark.parametrize("k", [2, 5, 9])
def test_the_silhouette_equals_scikit_learns_in_float64(k):
    rng = np.random.default_rng(k)
    sizes = rng.integers(1, 900, size=k)  # uneven segments; some may hold one user
    sizes[0] = 1
    matrix = np.concatenate([rng.normal(loc=3.0 * i, size=(n, 6)) for i, n in enumerate(sizes)])
    labels = np.repeat(np.arange(k) * 10 + 3, sizes)  # any label values, not 0..k-1

    expected = silhouette_score(matrix, labels)

    assert silhouette(matrix, labels) == pytest.approx(expected, abs=1e-6)
    assert silhouette(matrix, labels, chunk_rows=7) == pytest.approx(expected, abs=1e-6)
    # The same score whatever the thread count (a daily run and a rebuild must agree exactly).
    with threadpool_limits(1):
        on_one_thread = silhouette(matrix, labels)
    assert silhouette(matrix, labels) == on_one_thread


def test_candidates_scored_together_score_as_each_alone(blobs):
    matrix, truth = blobs
    labellings = []
    for k in (2, 3, 4, 6):
        model = KMeans(n_clusters=k, n_init=1, random_state=0).fit(matrix)
        distance = np.sqrt(((matrix - model.cluster_centers_[model.labels_]) ** 2).sum(axis=1))
        labellings.append(Labelling(k, model.labels_, distance))
    noisy = labellings[2].labels.copy()
    noisy[:50] = NOISE_LABEL  # leaves other sampled users out, so its silhouette is its own
    labellings.append(Labelling(4, noisy, labellings[2].distance))

    together = score_labellings(matrix, labellings, sample_size=500, random_state=3)

    alone = [
        score_k(matrix, one.labels, one.distance, one.k, sample_size=500, random_state=3)
        for one in labellings
    ]
    assert [s.k for s in together] == [2, 3, 4, 6, 4]
    for batched, single in zip(together, alone, strict=True):
        assert batched.silhouette == pytest.approx(single.silhouette, abs=1e-12)
        assert batched.davies_bouldin == single.davies_bouldin
        assert batched.inertia == single.inertia
    assert together[4].silhouette != pytest.approx(together[2].silhouette, abs=1e-9)
    rows = np.sort(np.random.default_rng(3).choice(len(matrix), size=500, replace=False))
    expected = [silhouette_score(matrix[rows], one.labels[rows]) for one in labellings[:4]]
    assert silhouettes(matrix[rows], [one.labels[rows] for one in labellings[:4]]) == (
        pytest.approx(expected, abs=1e-5)  # distances in float32
    )


def scores_of(silhouettes: dict[int, float], inertias: dict[int, float]) -> list[KScore]:
    return [
        KScore(k, inertias[k], sil, None, None, None, 0.2, 0.0) for k, sil in silhouettes.items()
    ]


def test_the_bend_of_the_inertia_wins_over_a_best_silhouette_at_the_smallest_k():
    # A credit card default table's four planted groups among 23 measures (probe R): the
    # silhouette was best at k=2 (0.40), the inertia bent at k=4, whose silhouette is 0.30.
    scores = scores_of(
        {2: 0.399, 3: 0.272, 4: 0.299, 5: 0.257, 6: 0.241, 7: 0.207, 8: 0.219},
        {2: 148191, 3: 115711, 4: 94059, 5: 88715, 6: 82959, 7: 78592, 8: 74015},
    )
    k, rule = choose_k(scores, 0.02)
    assert k == 4
    assert rule.startswith("the elbow of the inertia at k=4")


@pytest.mark.parametrize(
    "silhouettes",
    [
        # Two groups far apart: the bend's segments are half as apart as the best k's.
        {2: 0.70, 3: 0.40, 4: 0.38, 5: 0.30, 6: 0.28, 7: 0.25, 8: 0.22},
    ],
)
def test_two_groups_far_apart_stay_two_whatever_the_inertia_does(silhouettes):
    inertias = {2: 148191, 3: 115711, 4: 94059, 5: 88715, 6: 82959, 7: 78592, 8: 74015}
    assert choose_k(scores_of(silhouettes, inertias), 0.02)[0] == 2


def test_an_inertia_without_a_bend_keeps_the_best_silhouette():
    # Users on a continuum: the inertia falls as 1/k, with no k where a segment stops paying.
    silhouettes = {2: 0.19, 3: 0.10, 4: 0.07, 5: 0.08, 6: 0.07, 7: 0.07, 8: 0.07}
    inertias = {k: 1000.0 / k for k in silhouettes}
    assert choose_k(scores_of(silhouettes, inertias), 0.02)[0] == 2
