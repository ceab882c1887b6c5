"""Turn the per-user feature table into the matrix the clustering sees, and describe the encoding.

The encoding is stored as plain rows (one per encoded column: source column, category, transform,
shift, scale, weight) so that SQL and Python can both rebuild the same matrix without a pickle.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

from user_segmentation.segmentation.config import ConfigError, SegmentationConfig

MISSING_CATEGORY = "Unknown"


@dataclass(frozen=True)
class EncodedColumn:
    """One column of the clustering matrix and how to compute it from a feature row.

    Numeric: ``(transform(x) - shift) / scale``. Categorical: ``weight`` if x == category else 0.
    """

    encoded_name: str
    source_column: str
    category: str | None
    transform: str
    shift: float
    scale: float
    weight: float


def prepare_feature_frame(features: pd.DataFrame, config: SegmentationConfig) -> pd.DataFrame:
    """The config's columns ordered by user_id, numerics checked, missing categories filled."""
    frame = features.sort_values("user_id", kind="stable").reset_index(drop=True)
    numeric_names = [f.name for f in config.numeric_features]
    for name in numeric_names:
        frame[name] = _finite_numeric(frame, name)
    for name in config.categorical_features:
        frame[name] = category_labels(frame[name])
    return frame[["user_id", *config.feature_columns]]


def category_labels(values: pd.Series) -> pd.Series:
    """The values as text, missing ones as MISSING_CATEGORY."""
    if isinstance(values.dtype, pd.StringDtype):
        # Already text (the Arrow handoff): a round trip through Python objects costs ~0.3 s per
        # column at 1.2M users and gives the same values and dtype.
        return values.fillna(MISSING_CATEGORY)
    return values.astype("object").where(values.notna(), MISSING_CATEGORY).astype(str)


def _finite_numeric(frame: pd.DataFrame, name: str) -> pd.Series:
    values = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    bad = ~np.isfinite(values.to_numpy())
    if bad.any():
        raise ConfigError(
            f"Feature '{name}' has {int(bad.sum())} missing or non-finite value(s) "
            f"(first user_id: {frame.loc[bad, 'user_id'].iloc[0]}). Remove it from the "
            "segmentation config or fix the input."
        )
    return values


def signed_log1p(values):
    """log1p that keeps the sign: log1p(x) for x >= 0 (bit for bit), -log1p(-x) below. A sum of
    quantities with returns can be negative, where plain log1p is -inf or NaN and stops the fit.
    The SQL scoring computes the same (macro encoded_value)."""
    return np.sign(values) * np.log1p(np.abs(values))


def fit_numeric_scalers(
    frame: pd.DataFrame, config: SegmentationConfig
) -> dict[str, StandardScaler]:
    """Per numeric feature, its transform then a StandardScaler, fitted on the prepared frame.

    One scikit-learn pipeline per column, fitted only: a ColumnTransformer's ``fit`` also
    transforms every column and throws the result away, and ``apply_encoding`` builds the matrix.
    """
    scalers = {}
    for feature in config.numeric_features:
        steps = []
        if feature.transform == "log1p":
            steps.append(
                ("log1p", FunctionTransformer(signed_log1p, feature_names_out="one-to-one"))
            )
        steps.append(("scale", StandardScaler()))
        pipeline = Pipeline(steps).fit(frame[[feature.name]])
        scalers[feature.name] = pipeline.named_steps["scale"]
    return scalers


def fit_encoding(
    frame: pd.DataFrame, config: SegmentationConfig
) -> tuple[np.ndarray, list[EncodedColumn]]:
    """Fit the encoder on the prepared frame and return the matrix and its column descriptions.

    scikit-learn fits the parameters: a StandardScaler (after the transform) per numeric, and the
    one-hot categories (OneHotEncoder fitted on the distinct rows of the categorical columns: the
    same sorted categories as on every row). The matrix is then built by ``apply_encoding`` from
    the column descriptions, the one mechanism that also scores users with a stored model.
    """
    scalers = fit_numeric_scalers(frame, config)
    categories: list[np.ndarray] = []
    names = list(config.categorical_features)
    if names:
        one_hot = OneHotEncoder(sparse_output=False, handle_unknown="ignore")
        categories = one_hot.fit(frame[names].drop_duplicates()).categories_
    columns = _describe_columns(scalers, categories, config)
    return apply_encoding(frame, columns), columns


def _describe_columns(
    scalers: dict[str, StandardScaler],
    categories: list[np.ndarray],
    config: SegmentationConfig,
) -> list[EncodedColumn]:
    columns = []
    for feature in config.numeric_features:
        scaler = scalers[feature.name]
        columns.append(
            EncodedColumn(
                encoded_name=feature.name,
                source_column=feature.name,
                category=None,
                transform=feature.transform,
                shift=float(scaler.mean_[0]),
                scale=float(scaler.scale_[0]),
                weight=1.0,
            )
        )
    for name, values in zip(config.categorical_features, categories, strict=True):
        for category in values:
            columns.append(
                EncodedColumn(
                    encoded_name=f"{name}={category}",
                    source_column=name,
                    category=str(category),
                    transform="one_hot",
                    shift=0.0,
                    scale=1.0,
                    weight=config.categorical_weight,
                )
            )
    return columns


def apply_encoding(frame: pd.DataFrame, columns: list[EncodedColumn]) -> np.ndarray:
    """Rebuild the clustering matrix from stored column descriptions (no fitted objects needed).

    A categorical source column is factorized once (each distinct label hashed once), and each of
    its one-hot columns compares integer codes, not strings row by row.
    """
    matrix = np.empty((len(frame), len(columns)), dtype=np.float64)
    factorized: dict[str, tuple[np.ndarray, pd.Index]] = {}
    for position, column in enumerate(columns):
        if column.category is not None:
            if column.source_column not in factorized:
                codes, distinct = pd.factorize(category_labels(frame[column.source_column]))
                factorized[column.source_column] = (codes, pd.Index(distinct))
            codes, distinct = factorized[column.source_column]
            code = distinct.get_indexer([column.category])[0]
            matrix[:, position] = np.where((codes == code) & (code >= 0), column.weight, 0.0)
            continue
        numeric = _finite_numeric(frame, column.source_column).to_numpy()
        if column.transform == "log1p":
            numeric = signed_log1p(numeric)
        matrix[:, position] = (numeric - column.shift) / column.scale * column.weight
    return matrix
