"""The two steps the dbt Python models call: fit a model, and assign users with a stored model."""

from __future__ import annotations

from typing import Any

import pandas as pd

from user_segmentation.clustering import fit_segments, nearest_centre
from user_segmentation.config import load_config, validate_against_columns
from user_segmentation.features import apply_encoding, fit_encoding, prepare_feature_frame
from user_segmentation.model_artifact import (
    build_artifact,
    input_fingerprint,
    read_centres,
    read_encoding,
    read_run_id,
)


def fit_model(features: pd.DataFrame, preset: str, overrides: Any = None) -> pd.DataFrame:
    """Fit the configured segmentation on the feature table and return the model artifact rows.

    Parameters
    ----------
    features : pandas.DataFrame
        One row per user with ``user_id`` and the columns the config names.
    preset : str
        Segmentation preset name.
    overrides : dict or str, optional
        Settings merged over the preset.

    Returns
    -------
    pandas.DataFrame
        The model artifact (see ``model_artifact.ARTIFACT_COLUMNS``).
    """
    config = load_config(preset, overrides)
    validate_against_columns(config, list(features.columns), len(features))
    frame = prepare_feature_frame(features, config)
    matrix, columns = fit_encoding(frame, config)
    fit = fit_segments(matrix, config)
    return build_artifact(fit, columns, config, input_fingerprint(frame), n_users=len(frame))


def assign_users(features: pd.DataFrame, artifact: pd.DataFrame) -> pd.DataFrame:
    """Assign every user to the nearest centre of a stored model.

    Returns
    -------
    pandas.DataFrame
        ``user_id``, ``segment_id`` (1-based), ``distance_to_centre``, ``run_id``.
    """
    columns = read_encoding(artifact)
    centres = read_centres(artifact, columns)
    frame = features.sort_values("user_id", kind="stable").reset_index(drop=True)
    matrix = apply_encoding(frame, columns)
    index, distance = nearest_centre(matrix, centres)
    return pd.DataFrame(
        {
            "user_id": frame["user_id"].astype("int64"),
            "segment_id": (index + 1).astype("int64"),
            "distance_to_centre": distance,
            "run_id": read_run_id(artifact),
        }
    )
