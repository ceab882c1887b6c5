"""Defined behaviour for degenerate clustering input: too few distinct users, extreme outliers.

* Fewer distinct user profiles (rows of the encoded matrix) than k: a ``ConfigError`` that says
  how many distinct profiles there are and what to change. All users identical is the case of one.
* Extreme outliers (a user with 10 million likes): with ``winsorize_quantiles: [low, high]`` the
  model is *fitted* on numeric features clipped to those quantiles, so a handful of extreme users
  cannot pull the scaling or claim a segment of their own. Every user is still *scored* on the
  raw values with the stored model (Python and SQL alike); extreme users land in the nearest
  segment with a large distance and are flagged ``is_outlier``.
* Constant features are kept: StandardScaler stores scale 1, so the column is 0 for everyone and
  does not move any user. NaN or infinite values stop the build (``features._finite_numeric``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from user_segmentation.segmentation.clustering import sample_rows
from user_segmentation.segmentation.config import ConfigError, SegmentationConfig

DISTINCT_CHECK_SAMPLE = 20_000


def winsorized(frame: pd.DataFrame, config: SegmentationConfig) -> pd.DataFrame:
    """The prepared frame with numeric features clipped to the configured quantiles (a copy).

    Unchanged when ``winsorize_quantiles`` is not set. Quantiles are computed per feature over all
    users of the frame (linear interpolation).
    """
    if config.winsorize_quantiles is None:
        return frame
    low, high = config.winsorize_quantiles
    clipped = frame.copy()
    for feature in config.numeric_features:
        values = clipped[feature.name].astype("float64")
        lower, upper = np.quantile(values.to_numpy(), [low, high])
        clipped[feature.name] = values.clip(lower, upper)
    return clipped


def require_enough_distinct_users(matrix: np.ndarray, config: SegmentationConfig) -> None:
    """Stop with a clear message when the encoded users have fewer distinct rows than k."""
    largest_k = max(config.candidate_ks, default=2)
    # Counting distinct rows sorts the matrix: at a million users that is seconds. A sample with
    # enough distinct rows settles it; only a short count of a sample looks at every user.
    sample = sample_rows(len(matrix), DISTINCT_CHECK_SAMPLE, config.random_state)
    distinct = _distinct_rows(matrix[sample])
    if distinct < largest_k and len(sample) < len(matrix):
        distinct = _distinct_rows(matrix)
    if distinct >= largest_k:
        return
    if distinct <= 1:
        raise ConfigError(
            f"Cannot make {largest_k} segments: all {len(matrix)} users have identical features, "
            "so there is nothing to segment. Check the input (see input_quarantine) or add "
            "features that tell users apart."
        )
    raise ConfigError(
        f"Cannot make {largest_k} segments: only {distinct} distinct user profiles among "
        f"{len(matrix)} users. Lower k or k_range to at most {distinct} (segmentation_overrides), "
        "or add features that tell users apart."
    )


def _distinct_rows(matrix: np.ndarray) -> int:
    return len(np.unique(np.round(matrix, 12), axis=0)) if len(matrix) else 0
