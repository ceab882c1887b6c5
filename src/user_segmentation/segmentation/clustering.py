"""Choose k, fit the chosen model, order segments by size, and measure how stable they are."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import adjusted_rand_score, calinski_harabasz_score, davies_bouldin_score

from user_segmentation.segmentation.algorithms import NOISE_LABEL, FittedModel, fit_algorithm, score
from user_segmentation.segmentation.config import SegmentationConfig

# Kaufman & Rousseeuw's reading of the average silhouette width.
STRUCTURE_VERDICTS = (
    (0.70, "strong structure"),
    (0.50, "reasonable structure"),
    (0.25, "weak structure: segments overlap, treat them as rough groupings"),
    (-1.0, "no substantial structure: segments are arbitrary cuts of a continuum"),
)
SAMPLED_ALGORITHMS = ("agglomerative", "hdbscan")
# Above this many users every algorithm is fitted on a uniform sample of `fit_sample_size` users
# (choosing k and stability already run on samples); all users are then scored against the fitted
# model (in SQL by int_user_segments_scored), so the fit's cost does not grow with the users.
SAMPLED_FIT_ABOVE_USERS = 1_000_000
# Above as many users, the dbt Python models read a uniform sample of this many (not every user):
# the scaling, the fit and the stored statistics are estimated on it, every user is scored in SQL.
FIT_HANDOFF_USERS = SAMPLED_FIT_ABOVE_USERS


@dataclass(frozen=True)
class KScore:
    """Quality measures of one candidate k."""

    k: int
    inertia: float
    silhouette: float | None
    davies_bouldin: float | None
    calinski_harabasz: float | None
    bic: float | None
    min_segment_share: float
    noise_share: float


@dataclass(frozen=True)
class Stability:
    """Agreement of refits on subsamples with the chosen model."""

    run_ari: list[float]
    segment_jaccard: np.ndarray

    @property
    def mean_ari(self) -> float:
        return float(np.mean(self.run_ari)) if self.run_ari else float("nan")


@dataclass(frozen=True)
class SegmentFit:
    """The chosen segmentation, segments ordered by size (index 0 = largest)."""

    model: FittedModel
    labels: np.ndarray
    distance: np.ndarray
    probability: np.ndarray
    inertia: float
    k_scores: list[KScore]
    selection_rule: str
    stability: Stability

    @property
    def k(self) -> int:
        return self.model.k

    @property
    def centres(self) -> np.ndarray:
        return self.model.centres

    @property
    def silhouette(self) -> float | None:
        return next((s.silhouette for s in self.k_scores if s.k == self.k), None)

    @property
    def structure_verdict(self) -> str:
        return structure_verdict(self.silhouette)


def structure_verdict(silhouette: float | None) -> str:
    """A plain-words reading of the silhouette of the chosen k."""
    if silhouette is None:
        return "unknown structure"
    return next(text for threshold, text in STRUCTURE_VERDICTS if silhouette > threshold)


def sample_rows(n_rows: int, sample_size: int, random_state: int) -> np.ndarray:
    """Sorted indexes of a uniform sample without replacement (all rows when n <= sample_size)."""
    if n_rows <= sample_size:
        return np.arange(n_rows)
    rng = np.random.default_rng(random_state)
    return np.sort(rng.choice(n_rows, size=sample_size, replace=False))


def silhouette(matrix: np.ndarray, labels: np.ndarray, chunk_rows: int = 1024) -> float:
    """The mean silhouette width of ``labels`` (scikit-learn's ``silhouette_score``, Euclidean)."""
    return silhouettes(matrix, [labels], chunk_rows)[0]


def silhouettes(
    matrix: np.ndarray, label_sets: list[np.ndarray], chunk_rows: int = 1024
) -> list[float]:
    """The mean silhouette width of each labelling of the same rows of ``matrix``.

    The all-pairs distances are the cost (10,000 users: 10^8 distances), and they do not depend
    on the labels, so every candidate k is scored from one pass over them: a block of rows at a
    time, in float32 from centred values, then summed per segment of every labelling at once in
    float64 (one matrix product with the segments' indicator columns). Nine candidates take about
    the time one took when each computed its own distances; equal to scikit-learn's float64
    result within ~1e-6 (tested). A user alone in a segment scores 0, as in scikit-learn.
    """
    points = np.asarray(matrix - matrix.mean(axis=0), dtype=np.float32)
    squared_norms = np.einsum("ij,ij->i", points, points)
    codes = [np.unique(labels, return_inverse=True)[1].ravel() for labels in label_sets]
    sizes = [np.bincount(code).astype(np.float64) for code in codes]
    first_columns = np.concatenate([[0], np.cumsum([len(size) for size in sizes])])
    indicators = np.zeros((len(points), first_columns[-1]))
    for code, first_column in zip(codes, first_columns, strict=False):
        indicators[np.arange(len(points)), first_column + code] = 1.0
    widths = np.zeros((len(label_sets), len(points)))
    for start in range(0, len(points), chunk_rows):
        stop = min(start + chunk_rows, len(points))
        distances = points[start:stop] @ points.T
        distances *= -2.0
        distances += squared_norms[start:stop, None]
        distances += squared_norms[None, :]
        np.maximum(distances, 0.0, out=distances)
        np.sqrt(distances, out=distances)
        all_sums = distances.astype(np.float64) @ indicators
        rows = np.arange(stop - start)
        for index, (code, size) in enumerate(zip(codes, sizes, strict=True)):
            sums = all_sums[:, first_columns[index] : first_columns[index + 1]]
            own = code[start:stop]
            others_in_own = size[own] - 1
            within = sums[rows, own] / np.maximum(others_in_own, 1)
            sums[rows, own] = np.inf
            nearest_other = (sums / size).min(axis=1)
            width = (nearest_other - within) / np.maximum(within, nearest_other)
            widths[index, start:stop] = np.where(others_in_own == 0, 0.0, np.nan_to_num(width))
    return [float(row.mean()) for row in widths]


def score_k(
    matrix: np.ndarray,
    labels: np.ndarray,
    distance: np.ndarray,
    k: int,
    sample_size: int,
    random_state: int,
    bic: float | None = None,
) -> KScore:
    """Silhouette, Davies-Bouldin and Calinski-Harabasz on a fixed-size sample of users."""
    labelling = Labelling(k, labels, distance, bic)
    return score_labellings(matrix, [labelling], sample_size, random_state)[0]


@dataclass(frozen=True)
class Labelling:
    """One candidate's segment of every user (NOISE_LABEL: none) and distance to its centre."""

    k: int
    labels: np.ndarray
    distance: np.ndarray
    bic: float | None = None


def score_labellings(
    matrix: np.ndarray, labellings: list[Labelling], sample_size: int, random_state: int
) -> list[KScore]:
    """``score_k`` of each labelling of ``matrix``, all on the same sample of users, so that the
    silhouettes of labellings that leave the same sampled users out as noise (every labelling
    without noise) share one pass over the sample's distances."""
    sample = sample_rows(len(matrix), sample_size, random_state)
    scored_rows = [sample[(labelling.labels != NOISE_LABEL)[sample]] for labelling in labellings]
    same_rows: dict[bytes, list[int]] = {}
    for index, (labelling, rows) in enumerate(zip(labellings, scored_rows, strict=True)):
        if 1 < len(np.unique(labelling.labels[rows])) < len(rows):
            same_rows.setdefault(rows.tobytes(), []).append(index)
    silhouette_of: dict[int, float] = {}
    for indexes in same_rows.values():
        rows = scored_rows[indexes[0]]
        label_sets = [labellings[index].labels[rows] for index in indexes]
        silhouette_of.update(zip(indexes, silhouettes(matrix[rows], label_sets), strict=True))
    return [
        _quality(matrix[rows], labelling.labels[rows], labelling, silhouette_of.get(index))
        for index, (labelling, rows) in enumerate(zip(labellings, scored_rows, strict=True))
    ]


def _quality(
    sampled_matrix: np.ndarray,
    sampled_labels: np.ndarray,
    labelling: Labelling,
    silhouette_value: float | None,
) -> KScore:
    labels, assigned = labelling.labels, labelling.labels != NOISE_LABEL
    shares = np.bincount(labels[assigned], minlength=labelling.k) / len(labels)
    measurable = silhouette_value is not None
    return KScore(
        k=labelling.k,
        inertia=float((labelling.distance[assigned] ** 2).sum()),
        silhouette=silhouette_value,
        davies_bouldin=float(davies_bouldin_score(sampled_matrix, sampled_labels))
        if measurable
        else None,
        calinski_harabasz=float(calinski_harabasz_score(sampled_matrix, sampled_labels))
        if measurable
        else None,
        bic=labelling.bic,
        min_segment_share=float(shares.min()) if len(shares) else 0.0,
        noise_share=float((~assigned).mean()),
    )


def choose_k(
    scores: list[KScore],
    min_segment_share: float,
    min_segment_users: int = 0,
    population_size: int | None = None,
) -> tuple[int, str]:
    """Pick k: the best silhouette among the k whose smallest segment holds min_segment_share
    of the users, and at least min_segment_users of the population_size users.

    A k that splits off a sliver of users rarely helps a marketing team, and a segment under
    min_cell_size users cannot be published, so such k are only considered when no k passes the
    size rule. Ties go to the smaller k.
    """
    if len(scores) == 1:
        return scores[0].k, "fixed k"
    needed_share = min_segment_share
    rule = f"best silhouette with smallest segment >= {min_segment_share * 100:g}%"
    if population_size and min_segment_users > min_segment_share * population_size:
        needed_share = min_segment_users / population_size
        rule = f"best silhouette with smallest segment >= {min_segment_users} users (min_cell_size)"
    # Shares are counts over the same total, so a segment of exactly the minimum passes.
    eligible = [s for s in scores if s.min_segment_share >= needed_share - 1e-12]
    if not eligible:
        eligible, rule = scores, "best silhouette (no k met the minimum segment share)"
    best = max(eligible, key=lambda s: (s.silhouette if s.silhouette is not None else -1.0, -s.k))
    elbow = _elbow(scores)
    if (
        best.k == min(s.k for s in scores)
        and elbow is not None
        and elbow in eligible
        and elbow.silhouette is not None
        and best.silhouette is not None
        and elbow.silhouette >= ELBOW_MIN_SILHOUETTE_RATIO * best.silhouette
    ):
        return elbow.k, (
            f"the elbow of the inertia at k={elbow.k}: the best silhouette was the smallest k "
            f"({best.k}), a split of the users in {best.k} along their widest direction"
        )
    return best.k, rule


#: The elbow of the inertia: the candidate k farthest below the straight line from the first
#: candidate's inertia to the last one's, both scaled to 0-1, when at least this far. A curve
#: with no bend stays closer to the line: an inertia falling as 1/k (users spread evenly over
#: two measures) reaches 0.33 at k=4 of 2-8; the customer tables' bends were 0.38-0.45.
ELBOW_MIN_DISTANCE = 0.36
#: ... and whose silhouette is at least this share of the best one: its segments stay apart.
ELBOW_MIN_SILHOUETTE_RATIO = 0.6


def _elbow(scores: list[KScore]) -> KScore | None:
    """The k at the bend of the inertia over the candidate k (kneedle), or None.

    The silhouette prefers the smallest k when users differ on many measures of which a few
    carry the groups: planted groups of four customer tables (a credit card default table, a
    marketing campaign's, a wholesaler's) came out as 2 by silhouette, and as 4 at the bend of
    the inertia, where adding a segment stops paying.
    """
    if len(scores) < 3:
        return None
    ks = np.array([s.k for s in scores], dtype=float)
    inertia = np.array([s.inertia for s in scores], dtype=float)
    if inertia.max() <= inertia.min():
        return None
    x = (ks - ks.min()) / (ks.max() - ks.min())
    y = (inertia - inertia.min()) / (inertia.max() - inertia.min())
    below_line = (1.0 - x) - y
    at = int(np.argmax(below_line))
    return scores[at] if below_line[at] >= ELBOW_MIN_DISTANCE else None


def fit_segments(
    matrix: np.ndarray,
    config: SegmentationConfig,
    population_size: int | None = None,
    min_segment_users: int = 0,
) -> SegmentFit:
    """Score every candidate k (on a sample when large), fit the chosen k, order by size.

    ``population_size``: the users ``matrix`` is a uniform sample of (default: its rows); the
    final fit is sampled when they exceed ``SAMPLED_FIT_ABOVE_USERS``. ``min_segment_users``:
    the fewest users the chosen k's smallest segment should hold (`choose_k`).
    """
    population_size = population_size or len(matrix)
    k_scores, fitted_on_every_row = _score_candidates(matrix, config, population_size)
    k, rule = choose_k(k_scores, config.min_segment_share, min_segment_users, population_size)
    if k in fitted_on_every_row:
        model, labels = fitted_on_every_row[k]
    else:
        model = _fit(matrix, k, config, config.random_state, population_size)
        labels, _, _ = score(matrix, model)
    model = model.reorder(_size_order(labels, model.k))
    labels, distance, probability = score(matrix, model)
    if config.algorithm == "hdbscan":
        k_scores = _evaluate(matrix, [model], config)
    return SegmentFit(
        model=model,
        labels=labels,
        distance=distance,
        probability=probability,
        inertia=float((distance[labels != NOISE_LABEL] ** 2).sum()),
        k_scores=k_scores,
        selection_rule=rule if config.algorithm != "hdbscan" else "found by density (HDBSCAN)",
        stability=assess_stability(matrix, model, config),
    )


def _score_candidates(
    matrix: np.ndarray, config: SegmentationConfig, population_size: int
) -> tuple[list[KScore], dict[int, tuple[FittedModel, np.ndarray]]]:
    """The score of every candidate k and, when a single k is scored on every row, its model and
    labels: the final fit would repeat that fit exactly, so fit_segments reuses them."""
    if config.algorithm == "hdbscan":
        return [KScore(0, 0.0, None, None, None, None, 0.0, 0.0)], {}
    candidates = config.candidate_ks
    if len(candidates) == 1:
        k = candidates[0]
        model = _fit(matrix, k, config, config.random_state, population_size)
        labels, distance, _ = score(matrix, model)
        labelling = Labelling(k, labels, distance, model.bic)
        scores = score_labellings(
            matrix, [labelling], config.silhouette_sample_size, config.random_state
        )
        return scores, {k: (model, labels)}
    rows = sample_rows(len(matrix), config.selection_sample_size, config.random_state)
    selection_matrix = matrix[rows]
    models = [_fit(selection_matrix, k, config, config.random_state) for k in candidates]
    return _evaluate(selection_matrix, models, config), {}


def _evaluate(
    matrix: np.ndarray, models: list[FittedModel], config: SegmentationConfig
) -> list[KScore]:
    labellings = []
    for model in models:
        labels, distance, _ = score(matrix, model)
        labellings.append(Labelling(model.k, labels, distance, model.bic))
    return score_labellings(matrix, labellings, config.silhouette_sample_size, config.random_state)


def _fit(
    matrix: np.ndarray,
    k: int,
    config: SegmentationConfig,
    random_state: int,
    population_size: int | None = None,
) -> FittedModel:
    """Fit on all rows, or on a sample for the algorithms whose cost grows with n squared and
    for every algorithm above ``SAMPLED_FIT_ABOVE_USERS`` users (``population_size``, default
    the rows of ``matrix``)."""
    rows = np.arange(len(matrix))
    population_size = population_size or len(matrix)
    if config.algorithm in SAMPLED_ALGORITHMS or population_size > SAMPLED_FIT_ABOVE_USERS:
        rows = sample_rows(len(matrix), config.fit_sample_size, random_state)
    options = {"min_cluster_share": config.min_segment_share}
    return fit_algorithm(matrix[rows], k, config.algorithm, random_state, config.n_init, options)


def _size_order(labels: np.ndarray, k: int) -> np.ndarray:
    """Segment indexes sorted by size descending, ties by the original index (deterministic)."""
    sizes = np.bincount(labels[labels != NOISE_LABEL], minlength=k)
    return np.lexsort((np.arange(k), -sizes))


def assess_stability(
    matrix: np.ndarray, model: FittedModel, config: SegmentationConfig
) -> Stability:
    """Refit on random subsamples; compare each refit with the chosen model on the same users.

    Returns the adjusted Rand index of every refit and, per segment, the mean Jaccard index of
    its best-matching refit segment (a segment below ~0.75 is not reproducible).
    """
    if config.stability_runs == 0:
        return Stability([], np.full(model.k, np.nan))
    base = sample_rows(len(matrix), config.stability_sample_size, config.random_state)
    reference, _, _ = score(matrix[base], model)
    rng = np.random.default_rng(config.random_state + 1)
    run_ari, jaccards = [], np.zeros((config.stability_runs, model.k))
    for run in range(config.stability_runs):
        chosen = np.sort(rng.choice(len(base), size=int(0.8 * len(base)), replace=False))
        refit = _fit(matrix[base[chosen]], model.k, config, config.random_state + 1 + run)
        refit_labels, _, _ = score(matrix[base[chosen]], refit)
        reference_labels = reference[chosen]
        run_ari.append(float(adjusted_rand_score(reference_labels, refit_labels)))
        jaccards[run] = _best_match_jaccard(reference_labels, refit_labels, model.k)
    return Stability(run_ari, jaccards.mean(axis=0))


def _best_match_jaccard(reference: np.ndarray, other: np.ndarray, k: int) -> np.ndarray:
    result = np.zeros(k)
    other_labels = [label for label in np.unique(other) if label != NOISE_LABEL]
    for segment in range(k):
        members = reference == segment
        if not members.any():
            continue
        best = 0.0
        for label in other_labels:
            candidates = other == label
            union = (members | candidates).sum()
            best = max(best, (members & candidates).sum() / union)
        result[segment] = best
    return result
