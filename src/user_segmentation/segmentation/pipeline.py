"""The steps the dbt Python models call: fit a model, and assign users with a stored model."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from user_segmentation.segmentation.algorithms import NOISE_LABEL, score
from user_segmentation.segmentation.clustering import fit_segments, sample_rows
from user_segmentation.segmentation.config import ConfigError, load_config, validate_against_columns
from user_segmentation.segmentation.features import (
    apply_encoding,
    fit_encoding,
    prepare_feature_frame,
)
from user_segmentation.segmentation.lineage import match_segments, reencode_centres
from user_segmentation.segmentation.model_artifact import (
    build_artifact,
    current_run_id,
    input_fingerprint,
    read_model,
    run_id_for,
    with_fit_decision,
)
from user_segmentation.segmentation.robust import require_enough_distinct_users, winsorized

NOISE_SEGMENT_ID = 0
REFIT_POLICIES = ("always", "if_changed", "never")
CHECK_SAMPLE_SEED = 42


def fit_model(
    features: pd.DataFrame,
    preset: str,
    overrides: Any = None,
    previous_models: pd.DataFrame | None = None,
    fit_decision: str = "fitted",
    user_table: Any = None,
    population: tuple[int, str] | None = None,
    min_cell_size: int = 0,
) -> pd.DataFrame:
    """Fit the configured segmentation and return the model rows of the new run.

    Parameters
    ----------
    features : pandas.DataFrame
        One row per user with ``user_id`` and the columns the config names.
    preset : str
        Segmentation preset name.
    overrides : dict or str, optional
        Settings merged over the preset.
    previous_models : pandas.DataFrame, optional
        Model rows of earlier runs. Segments matching the newest earlier run's keep its ids.
    user_table : dict or str, optional
        The ``user_table`` config (``user_source: table``): its features replace the preset's.
    population : tuple of int and str, optional
        When ``features`` is a uniform sample of the users (``engine.sampled_to_pandas`` above
        ``FIT_HANDOFF_USERS``): every user's count and input fingerprint, which the run records
        (and its run id hashes) instead of the sample's.
    min_cell_size : int, optional
        The fewest users a published segment may have (dbt var ``min_cell_size``): a k whose
        smallest segment is smaller is chosen only when no k avoids it, as for
        ``min_segment_share``. It binds only on small tables, so it is not part of the run id.

    Returns
    -------
    pandas.DataFrame
        The model rows (see ``model_artifact``).
    """
    config = load_config(preset, overrides, user_table)
    validate_against_columns(config, list(features.columns), len(features))
    frame = prepare_feature_frame(features, config)
    matrix, columns = fit_encoding(winsorized(frame, config), config)
    require_enough_distinct_users(matrix, config)
    fit = fit_segments(
        matrix,
        config,
        population_size=population[0] if population else None,
        min_segment_users=min_cell_size,
    )
    lineage = _lineage(fit.centres, columns, previous_models)
    n_users, fingerprint = population or (len(frame), input_fingerprint(frame))
    return build_artifact(
        fit,
        columns,
        config,
        fingerprint,
        n_users=n_users,
        lineage=lineage,
        fit_decision=fit_decision,
    )


def fit_input_columns(
    preset: str, overrides: Any, available: list[str], user_table: Any = None
) -> list[str]:
    """The feature-table columns the fit reads: ``user_id`` and the config's features.

    The dbt model hands only these over (as Arrow), not the whole feature table. Names missing
    from ``available`` are left out, so the config check reports them with the valid names.
    """
    config = load_config(preset, overrides, user_table=user_table)
    return [c for c in ["user_id", *config.feature_columns] if c in available]


def scoring_input_columns(models: pd.DataFrame, available: list[str]) -> list[str]:
    """The feature-table columns the newest stored model scores users from, and ``user_id``."""
    stored = read_model(models)
    wanted = ["user_id", *dict.fromkeys(column.source_column for column in stored.columns)]
    return [c for c in wanted if c in available]


def fit_or_reuse(
    features: pd.DataFrame,
    preset: str,
    overrides: Any = None,
    previous_models: pd.DataFrame | None = None,
    refit: str = "always",
    user_table: Any = None,
    population: tuple[int, str] | None = None,
    min_cell_size: int = 0,
) -> pd.DataFrame:
    """Apply the refit policy: fit a new model, or return the last model's rows unchanged.

    ``always`` fits every run. ``if_changed`` fits only when the config or the clustering input
    differ from the last model's (same run id = same config hash and input hash), else reuses it.
    ``never`` reuses the last model whatever changed (users are still scored, in SQL). Without a
    previous model every policy fits. The reason is stored in the run's ``fit_decision``.
    ``user_table`` (``user_source: table``) replaces the preset's features with the table's.
    ``population``: every user's count and fingerprint when ``features`` is a sample (fit_model).
    ``min_cell_size``: the fewest users a segment may have (fit_model).
    """
    if refit not in REFIT_POLICIES:
        raise ConfigError(f"Unknown refit '{refit}'. Use one of: {', '.join(REFIT_POLICIES)}.")
    last_run = None if previous_models is None else current_run_id(previous_models)
    if last_run is None:
        return fit_model(
            features,
            preset,
            overrides,
            previous_models,
            "fitted: no earlier model",
            user_table,
            population,
            min_cell_size,
        )
    if refit == "never":
        return _reuse(previous_models, last_run, "reused: refit=never scores with the last model")
    if refit == "if_changed":
        config = load_config(preset, overrides, user_table)
        validate_against_columns(config, list(features.columns), len(features))
        fingerprint = population[1] if population else None
        fingerprint = fingerprint or input_fingerprint(prepare_feature_frame(features, config))
        if run_id_for(config, fingerprint) == last_run:
            return _reuse(previous_models, last_run, "reused: input and config unchanged")
        return fit_model(
            features,
            preset,
            overrides,
            previous_models,
            "fitted: input or config changed",
            user_table,
            population,
            min_cell_size,
        )
    return fit_model(
        features,
        preset,
        overrides,
        previous_models,
        "fitted: refit=always",
        user_table,
        population,
        min_cell_size,
    )


def _reuse(previous_models: pd.DataFrame, run_id: str, decision: str) -> pd.DataFrame:
    rows = previous_models[previous_models["run_id"] == run_id].copy()
    is_run = rows["record_type"] == "run"
    rows.loc[is_run, "text_value"] = rows.loc[is_run, "text_value"].map(
        lambda text: with_fit_decision(text, decision)
    )
    return rows.reset_index(drop=True)


def _lineage(centres, columns, previous_models):
    if previous_models is None or not (previous_models["record_type"] == "run").any():
        return match_segments(centres, None, [], 0)
    previous = read_model(previous_models)
    previous_centres = reencode_centres(previous.model.centres, previous.columns, columns)
    return match_segments(centres, previous_centres, previous.segment_ids, previous.highest_id_ever)


def assign_users(
    features: pd.DataFrame, models: pd.DataFrame, check_users: int | None = None
) -> pd.DataFrame:
    """Assign users with the newest stored model (the same rule as the SQL scoring).

    Every user, or with ``check_users`` set and fewer than the frame's users, a uniform sample of
    that many (the same users on every run over the same users).

    Returns
    -------
    pandas.DataFrame
        ``user_id``, ``segment_id`` (0 = noise), ``distance_to_centre``,
        ``membership_probability``, ``run_id``.
    """
    stored = read_model(models)
    frame = features.sort_values("user_id", kind="stable").reset_index(drop=True)
    if check_users is not None and check_users < len(frame):
        frame = frame.iloc[sample_rows(len(frame), check_users, CHECK_SAMPLE_SEED)]
        frame = frame.reset_index(drop=True)
    matrix = apply_encoding(frame, stored.columns)
    labels, distance, probability = score(matrix, stored.model)
    ids = np.asarray(stored.segment_ids, dtype=np.int64)
    segment_ids = np.where(labels == NOISE_LABEL, NOISE_SEGMENT_ID, ids[np.maximum(labels, 0)])
    return pd.DataFrame(
        {
            "user_id": _ids_as_read(frame["user_id"]),
            "segment_id": segment_ids.astype("int64"),
            "distance_to_centre": distance,
            "membership_probability": probability,
            "run_id": stored.run_id,
        }
    )


def _ids_as_read(user_ids: pd.Series) -> pd.Series:
    """Integer ids as int64 (the events and CSV inputs), text ids (a user table's UUIDs or codes)
    as they are."""
    if pd.api.types.is_numeric_dtype(user_ids):
        return user_ids.astype("int64")
    return user_ids.astype(str)
