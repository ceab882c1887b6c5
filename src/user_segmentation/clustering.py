"""Fit segments on the encoded matrix, choose k, and assign users to the nearest centre."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score

from user_segmentation.config import SegmentationConfig


@dataclass(frozen=True)
class KScore:
    """Quality measures of one candidate k."""

    k: int
    inertia: float
    silhouette: float | None
    davies_bouldin: float | None
    calinski_harabasz: float | None
    min_segment_share: float


@dataclass(frozen=True)
class SegmentFit:
    """The chosen segmentation: centres ordered by segment id (1 = largest), scores of every k."""

    k: int
    centres: np.ndarray
    labels: np.ndarray
    inertia: float
    k_scores: list[KScore]
    selection_rule: str


def fit_kmeans(matrix: np.ndarray, k: int, config: SegmentationConfig) -> KMeans:
    """KMeans with the config's random_state and n_init (the notebook's defaults)."""
    return KMeans(n_clusters=k, random_state=config.random_state, n_init=config.n_init).fit(matrix)


def score_k(
    matrix: np.ndarray,
    labels: np.ndarray,
    inertia: float,
    k: int,
    sample_size: int,
    random_state: int,
) -> KScore:
    """Silhouette, Davies-Bouldin and Calinski-Harabasz on a fixed-size sample of users."""
    shares = np.bincount(labels, minlength=k) / len(labels)
    sample = _sample_rows(len(matrix), sample_size, random_state)
    sampled_matrix, sampled_labels = matrix[sample], labels[sample]
    has_two_labels = len(np.unique(sampled_labels)) > 1
    return KScore(
        k=k,
        inertia=float(inertia),
        silhouette=float(silhouette_score(sampled_matrix, sampled_labels))
        if has_two_labels
        else None,
        davies_bouldin=float(davies_bouldin_score(sampled_matrix, sampled_labels))
        if has_two_labels
        else None,
        calinski_harabasz=float(calinski_harabasz_score(sampled_matrix, sampled_labels))
        if has_two_labels
        else None,
        min_segment_share=float(shares.min()),
    )


def _sample_rows(n_rows: int, sample_size: int, random_state: int) -> np.ndarray:
    if n_rows <= sample_size:
        return np.arange(n_rows)
    rng = np.random.default_rng(random_state)
    return np.sort(rng.choice(n_rows, size=sample_size, replace=False))


def choose_k(scores: list[KScore], min_segment_share: float) -> tuple[int, str]:
    """Pick k: the best silhouette among the k whose smallest segment holds min_segment_share.

    A k that splits off a sliver of users rarely helps a marketing team, so such k are only
    considered when no k passes the size rule. Ties go to the smaller k.
    """
    if len(scores) == 1:
        return scores[0].k, "fixed k"
    eligible = [s for s in scores if s.min_segment_share >= min_segment_share]
    rule = f"best silhouette with smallest segment >= {min_segment_share:.0%}"
    if not eligible:
        eligible, rule = scores, "best silhouette (no k met the minimum segment share)"
    best = max(eligible, key=lambda s: (s.silhouette if s.silhouette is not None else -1.0, -s.k))
    return best.k, rule


def fit_segments(matrix: np.ndarray, config: SegmentationConfig) -> SegmentFit:
    """Fit every candidate k, choose one, and order its segments by size (largest = 1)."""
    fits, scores = {}, []
    for k in config.candidate_ks:
        fitted = fit_kmeans(matrix, k, config)
        fits[k] = fitted
        scores.append(
            score_k(
                matrix,
                fitted.labels_,
                fitted.inertia_,
                k,
                config.silhouette_sample_size,
                config.random_state,
            )
        )
    k, rule = choose_k(scores, config.min_segment_share)
    chosen = fits[k]
    order = _size_order(chosen.labels_, k)
    centres = chosen.cluster_centers_[order]
    relabel = np.empty(k, dtype=np.int64)
    relabel[order] = np.arange(k)
    return SegmentFit(
        k=k,
        centres=centres,
        labels=relabel[chosen.labels_],
        inertia=float(chosen.inertia_),
        k_scores=scores,
        selection_rule=rule,
    )


def _size_order(labels: np.ndarray, k: int) -> np.ndarray:
    """Cluster indexes sorted by size descending, ties by the original index (deterministic)."""
    sizes = np.bincount(labels, minlength=k)
    return np.lexsort((np.arange(k), -sizes))


def nearest_centre(matrix: np.ndarray, centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of the nearest centre and the Euclidean distance to it, computed as SQL does it."""
    best_index = np.zeros(len(matrix), dtype=np.int64)
    best_squared = np.full(len(matrix), np.inf)
    for index, centre in enumerate(centres):
        squared = ((matrix - centre) ** 2).sum(axis=1)
        closer = squared < best_squared
        best_index[closer] = index
        best_squared[closer] = squared[closer]
    return best_index, np.sqrt(best_squared)
