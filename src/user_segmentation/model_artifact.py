"""The fitted model as warehouse rows: encoding, centres, k scores and run metadata in one table.

Keeping the model in a table (not a pickle) lets SQL score users, lets BI tools show the k
selection, and keeps every run's parameters next to its results.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import metadata

import numpy as np
import pandas as pd

from user_segmentation.clustering import SegmentFit
from user_segmentation.config import SegmentationConfig
from user_segmentation.features import EncodedColumn

ARTIFACT_COLUMNS = {
    "run_id": "object",
    "record_type": "object",
    "segment_id": "Int64",
    "k": "Int64",
    "encoded_feature": "object",
    "source_column": "object",
    "category": "object",
    "transform": "object",
    "shift": "float64",
    "scale": "float64",
    "weight": "float64",
    "metric": "object",
    "value": "float64",
    "text_value": "object",
    "computed_at": "datetime64[us]",
}

LIBRARIES = ("scikit-learn", "numpy", "pandas", "duckdb", "dbt-core", "dbt-duckdb")


def library_versions() -> dict[str, str]:
    """Versions of the libraries that shape the result, recorded with every run."""
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def input_fingerprint(frame: pd.DataFrame) -> str:
    """A hash of the clustering input (row order, ids and values): equal input, equal hash."""
    hashed = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    return f"{len(frame)}-{int(hashed.sum(dtype=np.uint64)):016x}"


def build_artifact(
    fit: SegmentFit,
    columns: list[EncodedColumn],
    config: SegmentationConfig,
    fingerprint: str,
    n_users: int,
    computed_at: datetime | None = None,
) -> pd.DataFrame:
    """All rows of one fitted model, ready to return from the dbt Python model."""
    run_id = f"{config.fingerprint()}-{fingerprint.split('-')[1][:8]}"
    computed_at = computed_at or datetime.now(UTC)
    rows = [_run_row(run_id, fit, config, fingerprint, n_users, computed_at)]
    rows += [_encoding_row(run_id, column) for column in columns]
    for segment_index, centre in enumerate(fit.centres):
        for column, value in zip(columns, centre, strict=True):
            rows.append(
                {
                    "run_id": run_id,
                    "record_type": "centre",
                    "segment_id": segment_index + 1,
                    "encoded_feature": column.encoded_name,
                    "value": float(value),
                }
            )
    for score in fit.k_scores:
        rows += _k_score_rows(run_id, score, is_selected=score.k == fit.k)
    frame = pd.DataFrame(rows, columns=list(ARTIFACT_COLUMNS))
    frame["computed_at"] = computed_at.replace(tzinfo=None)
    return frame.astype(ARTIFACT_COLUMNS)


def _run_row(run_id, fit, config, fingerprint, n_users, computed_at) -> dict:
    selected = next(s for s in fit.k_scores if s.k == fit.k)
    metadata_json = {
        "run_id": run_id,
        "preset": config.preset,
        "config": config.to_dict(),
        "config_hash": config.fingerprint(),
        "input_fingerprint": fingerprint,
        "algorithm": config.algorithm,
        "k": fit.k,
        "selection_rule": fit.selection_rule,
        "inertia": fit.inertia,
        "silhouette": selected.silhouette,
        "n_users": n_users,
        "n_encoded_features": int(fit.centres.shape[1]),
        "library_versions": library_versions(),
        "computed_at": computed_at.isoformat(),
    }
    return {
        "run_id": run_id,
        "record_type": "run",
        "k": fit.k,
        "text_value": json.dumps(metadata_json, sort_keys=True, default=str),
    }


def _encoding_row(run_id: str, column: EncodedColumn) -> dict:
    return {
        "run_id": run_id,
        "record_type": "encoding",
        "encoded_feature": column.encoded_name,
        "source_column": column.source_column,
        "category": column.category,
        "transform": column.transform,
        "shift": column.shift,
        "scale": column.scale,
        "weight": column.weight,
    }


def _k_score_rows(run_id: str, score, is_selected: bool) -> list[dict]:
    metrics = {
        "inertia": score.inertia,
        "silhouette": score.silhouette,
        "davies_bouldin": score.davies_bouldin,
        "calinski_harabasz": score.calinski_harabasz,
        "min_segment_share": score.min_segment_share,
        "is_selected": 1.0 if is_selected else 0.0,
    }
    return [
        {"run_id": run_id, "record_type": "k_score", "k": score.k, "metric": name, "value": value}
        for name, value in metrics.items()
    ]


def read_encoding(artifact: pd.DataFrame) -> list[EncodedColumn]:
    """The encoded columns of a stored model, in matrix order."""
    rows = artifact[artifact["record_type"] == "encoding"]
    return [
        EncodedColumn(
            encoded_name=row.encoded_feature,
            source_column=row.source_column,
            category=None if pd.isna(row.category) else row.category,
            transform=row.transform,
            shift=float(row.shift),
            scale=float(row.scale),
            weight=float(row.weight),
        )
        for row in rows.itertuples(index=False)
    ]


def read_centres(artifact: pd.DataFrame, columns: list[EncodedColumn]) -> np.ndarray:
    """Centres of a stored model as a (k, n_columns) array, row i = segment i + 1."""
    centres = artifact[artifact["record_type"] == "centre"].pivot(
        index="segment_id", columns="encoded_feature", values="value"
    )
    ordered = centres.sort_index()[[c.encoded_name for c in columns]]
    return ordered.to_numpy(dtype=np.float64)


def read_run_id(artifact: pd.DataFrame) -> str:
    """The run id of a stored model."""
    return str(artifact.loc[artifact["record_type"] == "run", "run_id"].iloc[0])
