"""Feature screening: what each clustered feature adds to the chosen segmentation.

For every feature the model clusters on, the chosen algorithm and k are fitted again on the
selection sample with that feature left out, and compared with the same fit on every feature:

- **separation**: the silhouette with and without the feature (a noise feature adds spread inside
  every segment, so leaving it out raises the silhouette);
- **stability**: the mean adjusted Rand index of refits on 80% subsamples against the fit on the
  whole sample, with and without the feature;
- **share explained**: how much of the feature's variance the segments explain (eta squared of
  the feature against the segments of the fit on every feature; ~0 for a feature the segments
  ignore);
- **segments kept**: the adjusted Rand index between the segments with and without it.

A feature is recommended for leaving out when the segments explain almost none of it *and* the
segments separate at least as well without it. Both conditions are needed: a feature that
carries the segments can still raise the silhouette when dropped (fewer dimensions), and a
feature the segments ignore can be harmless. The screening only reads: it never changes the
config or the fitted model. Every fit runs on the selection sample (at most
``selection_sample_size`` users), so its cost does not grow with the number of users.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score
from threadpoolctl import threadpool_limits

from user_segmentation.segmentation.algorithms import NOISE_LABEL, fit_algorithm, score
from user_segmentation.segmentation.clustering import SAMPLED_ALGORITHMS, sample_rows, silhouette
from user_segmentation.segmentation.config import SegmentationConfig, config_from_stored
from user_segmentation.segmentation.features import fit_encoding, prepare_feature_frame
from user_segmentation.segmentation.model_artifact import current_run_id
from user_segmentation.segmentation.robust import winsorized

KEEP = "keep"
LEAVE_OUT = "consider leaving out"
# Below this share of a feature's variance explained by the segments, the segments ignore it.
MAX_SHARE_EXPLAINED_TO_LEAVE_OUT = 0.05
# Leaving a feature out must not cost more silhouette than this (rounding noise of the sample).
MAX_SILHOUETTE_LOSS_TO_LEAVE_OUT = 0.0
STABILITY_REFITS = 2
STABILITY_SUBSAMPLE = 0.8
# The silhouette's cost is quadratic in its sample; 5,000 users give the same reading to ~0.01.
SILHOUETTE_SAMPLE = 5_000
COLUMN_TYPES = {
    "run_id": "string",
    "feature_name": "string",
    "feature_kind": "string",
    "encoded_columns": "int64",
    "silhouette_with": "float64",
    "silhouette_without": "float64",
    "silhouette_change": "float64",
    "stability_with": "float64",
    "stability_without": "float64",
    "share_explained": "float64",
    "segments_kept_ari": "float64",
    "recommendation": "string",
    "reason": "string",
    "k": "int64",
    "sample_users": "int64",
}
# The columns of screen_features (the run id is added by screen_fitted_model).
SCREENING_COLUMNS = tuple(column for column in COLUMN_TYPES if column != "run_id")


def screen_fitted_model(
    features: pd.DataFrame | None, models: pd.DataFrame, enabled: bool = True
) -> pd.DataFrame:
    """Screen the features of the newest stored model with the config and k it was fitted with.

    Parameters
    ----------
    features : pandas.DataFrame or None
        One row per user with ``user_id`` and the fitted config's feature columns (not read, and
        may be None, when ``enabled`` is False).
    models : pandas.DataFrame
        Rows of ``segmentation_model`` (the newest run is screened).
    enabled : bool
        False (var ``feature_screening``) returns no rows, without fitting anything.

    Returns
    -------
    pandas.DataFrame
        ``run_id`` and the columns of :func:`screen_features`, typed as ``COLUMN_TYPES``.
    """
    run_id = current_run_id(models)
    if not enabled or run_id is None:
        return _typed(pd.DataFrame(columns=list(COLUMN_TYPES)))
    config, k = fitted_config(models, run_id)
    screened = screen_features(features, config, k)
    screened.insert(0, "run_id", run_id)
    return _typed(screened)


def fitted_config(models: pd.DataFrame, run_id: str) -> tuple[SegmentationConfig, int]:
    """The config and the chosen k stored with a run of ``segmentation_model``."""
    run_rows = models[(models["run_id"] == run_id) & (models["record_type"] == "run")]
    metadata = json.loads(run_rows["text_value"].iloc[0])
    return config_from_stored(metadata["config"]), int(metadata["k"])


def screening_sample_size(models: pd.DataFrame) -> int:
    """The users the newest run's refits are screened on (its config's selection sample)."""
    run_id = current_run_id(models)
    if run_id is None:
        return 1
    return fitted_config(models, run_id)[0].selection_sample_size


def screening_input_columns(models: pd.DataFrame, available: list[str]) -> list[str]:
    """``user_id`` and the feature columns the newest run's config reads (if ``available``)."""
    run_id = current_run_id(models)
    if run_id is None:
        return ["user_id"]
    config, _ = fitted_config(models, run_id)
    return [c for c in ["user_id", *config.feature_columns] if c in available]


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[list(COLUMN_TYPES)].astype(COLUMN_TYPES).reset_index(drop=True)


@dataclass(frozen=True)
class VariantFit:
    """One fit on the screening sample: its segments, silhouette and stability."""

    labels: np.ndarray
    silhouette: float | None
    stability: float | None


def screen_features(features: pd.DataFrame, config: SegmentationConfig, k: int) -> pd.DataFrame:
    """Measure what each clustered feature adds to the segmentation with ``k`` segments.

    Parameters
    ----------
    features : pandas.DataFrame
        One row per user with ``user_id`` and the config's feature columns (the fit's input).
    config : SegmentationConfig
        The config the model was fitted with (features, algorithm, samples, random state).
    k : int
        The number of segments of the fitted model.

    Returns
    -------
    pandas.DataFrame
        One row per clustered feature, in config order, with the columns of
        ``SCREENING_COLUMNS``: silhouette and stability with and without the feature, the share
        of its variance the segments explain, the recommendation and a sentence with the numbers.
    """
    frame = prepare_feature_frame(features, config)
    matrix, columns = fit_encoding(winsorized(frame, config), config)
    rows = sample_rows(len(matrix), config.selection_sample_size, config.random_state)
    sample = matrix[rows]
    sources = np.array([column.source_column for column in columns])
    clustered = list(dict.fromkeys(sources))
    if len(clustered) < 2:
        return pd.DataFrame(columns=list(SCREENING_COLUMNS))
    # Many small fits: one thread each is several times faster than OpenMP threads competing
    # for a busy machine's cores (a 800 x 20 k-means: 0.03 s instead of 1.5 s at load 6 per core).
    with threadpool_limits(limits=1):
        return _screen(sample, sources, clustered, config, k)


def _screen(sample, sources, clustered, config, k) -> pd.DataFrame:
    baseline = fit_variant(sample, k, config)
    records = []
    for name in clustered:
        kept = sources != name
        without = fit_variant(sample[:, kept], k, config)
        records.append(
            _record(
                name,
                kind="numeric" if name in _numeric_names(config) else "categorical",
                encoded_columns=int((~kept).sum()),
                baseline=baseline,
                without=without,
                share_explained=share_explained(sample[:, ~kept], baseline.labels),
                k=k,
                sample_users=len(sample),
            )
        )
    return pd.DataFrame.from_records(records, columns=list(SCREENING_COLUMNS))


def fit_variant(matrix: np.ndarray, k: int, config: SegmentationConfig) -> VariantFit:
    """Fit the config's algorithm with ``k`` segments on ``matrix``; its silhouette and stability.

    Stability is the mean adjusted Rand index of ``STABILITY_REFITS`` refits on random 80%
    subsamples against this fit's segments on the same users (1 = the same segments every time).
    """
    labels = _fit_labels(matrix, k, config, config.random_state)
    rng = np.random.default_rng(config.random_state + 1)
    agreements = []
    for refit in range(STABILITY_REFITS):
        chosen = np.sort(
            rng.choice(len(matrix), size=int(STABILITY_SUBSAMPLE * len(matrix)), replace=False)
        )
        refit_labels = _fit_labels(matrix[chosen], k, config, config.random_state + 1 + refit)
        agreements.append(adjusted_rand_score(labels[chosen], refit_labels))
    return VariantFit(
        labels=labels,
        silhouette=_silhouette(matrix, labels, config.random_state),
        stability=float(np.mean(agreements)) if agreements else None,
    )


def share_explained(columns: np.ndarray, labels: np.ndarray) -> float:
    """Share of the columns' total variance that lies between segments (eta squared, 0..1).

    Noise users (label -1) are left out. A column the segments ignore has a share near 0; one
    the segments are cut along has a share near 1.
    """
    assigned = labels != NOISE_LABEL
    values, labels = columns[assigned], labels[assigned]
    total = ((values - values.mean(axis=0)) ** 2).sum()
    if total <= 0:
        return 0.0
    within = 0.0
    for label in np.unique(labels):
        members = values[labels == label]
        within += ((members - members.mean(axis=0)) ** 2).sum()
    return float(max(0.0, 1.0 - within / total))


def recommend(silhouette_with, silhouette_without, explained: float) -> tuple[str, str]:
    """The recommendation for one feature and the plain sentence that says why."""
    if silhouette_with is None or silhouette_without is None:
        return KEEP, "the silhouette could not be measured, so nothing is recommended"
    change = silhouette_without - silhouette_with
    numbers = (
        f"silhouette {silhouette_with:.2f} with it, {silhouette_without:.2f} without; "
        f"segments explain {explained:.0%} of its variance"
    )
    ignored = explained < MAX_SHARE_EXPLAINED_TO_LEAVE_OUT
    if ignored and change >= -MAX_SILHOUETTE_LOSS_TO_LEAVE_OUT:
        return LEAVE_OUT, f"segments ignore it and separate as well without it ({numbers})"
    if ignored:
        return KEEP, f"segments barely use it but separate worse without it ({numbers})"
    return KEEP, f"segments differ on it ({numbers})"


def _record(name, kind, encoded_columns, baseline, without, share_explained, k, sample_users):
    recommendation, reason = recommend(baseline.silhouette, without.silhouette, share_explained)
    change = (
        None
        if baseline.silhouette is None or without.silhouette is None
        else without.silhouette - baseline.silhouette
    )
    return {
        "feature_name": name,
        "feature_kind": kind,
        "encoded_columns": encoded_columns,
        "silhouette_with": baseline.silhouette,
        "silhouette_without": without.silhouette,
        "silhouette_change": change,
        "stability_with": baseline.stability,
        "stability_without": without.stability,
        "share_explained": share_explained,
        "segments_kept_ari": float(adjusted_rand_score(baseline.labels, without.labels)),
        "recommendation": recommendation,
        "reason": reason,
        "k": k,
        "sample_users": sample_users,
    }


def _numeric_names(config: SegmentationConfig) -> set[str]:
    return {feature.name for feature in config.numeric_features}


def _fit_labels(
    matrix: np.ndarray, k: int, config: SegmentationConfig, random_state: int
) -> np.ndarray:
    """Labels of every row from the algorithm fitted on them (on a sample for the algorithms
    whose cost grows with n squared, as the model fit does)."""
    rows = np.arange(len(matrix))
    if config.algorithm in SAMPLED_ALGORITHMS:
        rows = sample_rows(len(matrix), config.fit_sample_size, random_state)
    options = {"min_cluster_share": config.min_segment_share}
    model = fit_algorithm(matrix[rows], k, config.algorithm, random_state, config.n_init, options)
    labels, _, _ = score(matrix, model)
    return labels


def _silhouette(matrix: np.ndarray, labels: np.ndarray, random_state: int) -> float | None:
    rows = sample_rows(len(matrix), SILHOUETTE_SAMPLE, random_state)
    rows = rows[labels[rows] != NOISE_LABEL]
    if not 1 < len(np.unique(labels[rows])) < len(rows):
        return None
    return silhouette(matrix[rows], labels[rows])
