"""The fitted model as warehouse rows: run metadata, encoding, segments, centres, k scores.

Keeping the model in a table (not a pickle) lets SQL score users, lets BI tools show the k
selection and stability, and keeps every run's parameters next to its results.

Record types (one row each):
- ``run``: metadata JSON (config, k, rule, quality, stability, library versions).
- ``encoding``: one per column of the clustering matrix (source column, category, shift,
  scale, weight).
- ``centre`` / ``variance``: one per segment and encoded column (variance: Gaussian mixture only).
- ``segment``: one per segment and metric (log_weight, radius, fit_share, stability_jaccard).
- ``lineage``: one per current or retired segment id: metric matched/new/retired, value = distance.
- ``k_score``: one per candidate k and metric.
- ``stability``: one per stability refit: metric ari.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata

import numpy as np
import pandas as pd

from user_segmentation.segmentation.algorithms import FittedModel
from user_segmentation.segmentation.clustering import KScore, SegmentFit
from user_segmentation.segmentation.config import SegmentationConfig
from user_segmentation.segmentation.features import EncodedColumn
from user_segmentation.segmentation.lineage import SegmentLineage

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


@dataclass(frozen=True)
class StoredModel:
    """A model read back from its rows: enough to score users and to match the next run."""

    run_id: str
    segment_ids: list[int]
    columns: list[EncodedColumn]
    model: FittedModel
    highest_id_ever: int

    @property
    def centres(self) -> np.ndarray:
        """(k, d) centres in segment_ids order."""
        return self.model.centres

    @property
    def numeric_features(self) -> list[str]:
        """Numeric clustering features, in model order."""
        return [c.source_column for c in self.columns if c.category is None]

    @property
    def source_columns(self) -> list[str]:
        """Feature-table columns the encoding reads, in model order, without repeats."""
        return list(dict.fromkeys(c.source_column for c in self.columns))


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
    """A hash of the clustering input (ids and values, any row order): equal input, equal hash."""
    hashed = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    return f"{len(frame)}-{int(hashed.sum(dtype=np.uint64)):016x}"


def build_artifact(
    fit: SegmentFit,
    columns: list[EncodedColumn],
    config: SegmentationConfig,
    fingerprint: str,
    n_users: int,
    lineage: SegmentLineage,
    computed_at: datetime | None = None,
    fit_decision: str = "fitted",
) -> pd.DataFrame:
    """All rows of one fitted model, ready to return from the dbt Python model."""
    run_id = run_id_for(config, fingerprint)
    computed_at = computed_at or datetime.now(UTC)
    rows = [_run_row(run_id, fit, config, fingerprint, n_users, computed_at)]
    rows[0]["text_value"] = with_fit_decision(rows[0]["text_value"], fit_decision)
    rows += [_encoding_row(run_id, position, column) for position, column in enumerate(columns)]
    rows += _segment_rows(run_id, fit, columns, lineage, config)
    rows += _lineage_rows(run_id, lineage)
    for score in fit.k_scores:
        rows += _k_score_rows(run_id, score, is_selected=score.k == fit.k)
    rows += [
        {"run_id": run_id, "record_type": "stability", "k": run + 1, "metric": "ari", "value": ari}
        for run, ari in enumerate(fit.stability.run_ari)
    ]
    frame = pd.DataFrame(rows, columns=list(ARTIFACT_COLUMNS))
    frame["computed_at"] = computed_at.replace(tzinfo=None)
    return frame.astype(ARTIFACT_COLUMNS)


def run_id_for(config: SegmentationConfig, fingerprint: str) -> str:
    """The run id: config hash + input hash, so equal input and config give the same id."""
    return f"{config.fingerprint()}-{fingerprint.split('-')[1][:8]}"


def with_fit_decision(run_json: str, decision: str) -> str:
    """The run metadata JSON with `fit_decision` set (why the model was fitted or reused)."""
    metadata_json = json.loads(run_json)
    metadata_json["fit_decision"] = decision
    return json.dumps(metadata_json, sort_keys=True, default=str)


def _run_row(run_id, fit: SegmentFit, config, fingerprint, n_users, computed_at) -> dict:
    metadata_json = {
        "run_id": run_id,
        "preset": config.preset,
        "config": config.to_dict(),
        "config_hash": config.fingerprint(),
        "input_fingerprint": fingerprint,
        "algorithm": config.algorithm,
        "scoring_rule": fit.model.scoring_rule,
        "k": fit.k,
        "selection_rule": fit.selection_rule,
        "inertia": fit.inertia,
        "silhouette": fit.silhouette,
        "structure_verdict": fit.structure_verdict,
        "stability_mean_ari": fit.stability.mean_ari if fit.stability.run_ari else None,
        "noise_share": float((fit.labels < 0).mean()),
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


def _encoding_row(run_id: str, position: int, column: EncodedColumn) -> dict:
    return {
        "run_id": run_id,
        "record_type": "encoding",
        "k": position,
        "encoded_feature": column.encoded_name,
        "source_column": column.source_column,
        "category": column.category,
        "transform": column.transform,
        "shift": column.shift,
        "scale": column.scale,
        "weight": column.weight,
    }


def _segment_rows(run_id, fit: SegmentFit, columns, lineage: SegmentLineage, config) -> list[dict]:
    rows = []
    model = fit.model
    shares = np.bincount(fit.labels[fit.labels >= 0], minlength=fit.k) / len(fit.labels)
    for index, segment_id in enumerate(lineage.segment_ids):
        for column, value in zip(columns, model.centres[index], strict=True):
            rows.append(_value_row(run_id, "centre", segment_id, column.encoded_name, value))
        if model.variances is not None:
            for column, value in zip(columns, model.variances[index], strict=True):
                rows.append(_value_row(run_id, "variance", segment_id, column.encoded_name, value))
        metrics = {"fit_share": shares[index]}
        metrics["stability_jaccard"] = fit.stability.segment_jaccard[index]
        jaccard = fit.stability.segment_jaccard[index]
        metrics["is_stable"] = (
            None if np.isnan(jaccard) else float(jaccard >= config.stable_jaccard)
        )
        if model.log_weights is not None:
            metrics["log_weight"] = model.log_weights[index]
        if model.radius is not None:
            metrics["radius"] = model.radius[index]
        for name, value in metrics.items():
            value = None if value is None or np.isnan(value) else float(value)
            rows.append(
                {
                    "run_id": run_id,
                    "record_type": "segment",
                    "segment_id": segment_id,
                    "metric": name,
                    "value": value,
                }
            )
    return rows


def _value_row(run_id, record_type, segment_id, encoded_feature, value) -> dict:
    return {
        "run_id": run_id,
        "record_type": record_type,
        "segment_id": segment_id,
        "encoded_feature": encoded_feature,
        "value": float(value),
    }


def _lineage_rows(run_id: str, lineage: SegmentLineage) -> list[dict]:
    rows = [
        {
            "run_id": run_id,
            "record_type": "lineage",
            "segment_id": segment_id,
            "metric": lineage.status[segment_id],
            "value": lineage.match_distance.get(segment_id),
        }
        for segment_id in lineage.segment_ids
    ]
    rows += [
        {"run_id": run_id, "record_type": "lineage", "segment_id": segment_id, "metric": "retired"}
        for segment_id in lineage.retired_ids
    ]
    return rows


def _k_score_rows(run_id: str, score: KScore, is_selected: bool) -> list[dict]:
    metrics = {
        "inertia": score.inertia,
        "silhouette": score.silhouette,
        "davies_bouldin": score.davies_bouldin,
        "calinski_harabasz": score.calinski_harabasz,
        "bic": score.bic,
        "min_segment_share": score.min_segment_share,
        "noise_share": score.noise_share,
        "is_selected": 1.0 if is_selected else 0.0,
    }
    return [
        {"run_id": run_id, "record_type": "k_score", "k": score.k, "metric": name, "value": value}
        for name, value in metrics.items()
    ]


def current_run_id(artifact: pd.DataFrame) -> str | None:
    """The newest run in a table of model rows (several runs may be stored)."""
    runs = artifact[artifact["record_type"] == "run"]
    if runs.empty:
        return None
    return str(runs.sort_values("computed_at").iloc[-1]["run_id"])


def read_model(artifact: pd.DataFrame, run_id: str | None = None) -> StoredModel:
    """The stored model of one run (default: the newest) from a table of model rows."""
    run_id = run_id or current_run_id(artifact)
    rows = artifact[artifact["run_id"] == run_id]
    run = json.loads(rows.loc[rows["record_type"] == "run", "text_value"].iloc[0])
    columns = _read_encoding(rows)
    names = [c.encoded_name for c in columns]
    centres = _pivot(rows, "centre", names)
    segment_ids = [int(i) for i in centres.index]
    segment_metrics = (
        rows[rows["record_type"] == "segment"]
        .pivot(index="segment_id", columns="metric", values="value")
        .reindex(segment_ids)
    )
    variances = (
        _pivot(rows, "variance", names) if (rows["record_type"] == "variance").any() else None
    )
    model = FittedModel(
        algorithm=run["algorithm"],
        scoring_rule=run["scoring_rule"],
        centres=centres.to_numpy(dtype=np.float64),
        variances=None if variances is None else variances.to_numpy(dtype=np.float64),
        log_weights=_optional_metric(segment_metrics, "log_weight"),
        radius=_optional_metric(segment_metrics, "radius"),
    )
    lineage_ids = artifact.loc[artifact["record_type"] == "lineage", "segment_id"].dropna()
    highest = int(max([*lineage_ids.astype(int).tolist(), *segment_ids]))
    return StoredModel(run_id, segment_ids, columns, model, highest)


def _read_encoding(rows: pd.DataFrame) -> list[EncodedColumn]:
    encoding = rows[rows["record_type"] == "encoding"].sort_values("k")
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
        for row in encoding.itertuples(index=False)
    ]


def _pivot(rows: pd.DataFrame, record_type: str, names: list[str]) -> pd.DataFrame:
    selected = rows[rows["record_type"] == record_type]
    table = selected.pivot(index="segment_id", columns="encoded_feature", values="value")
    return table.sort_index()[names]


def _optional_metric(segment_metrics: pd.DataFrame, name: str) -> np.ndarray | None:
    if name not in segment_metrics.columns:
        return None
    return segment_metrics[name].to_numpy(dtype=np.float64)
