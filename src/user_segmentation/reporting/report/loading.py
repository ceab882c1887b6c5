"""Everything the report shows, read from one built warehouse."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from user_segmentation.reporting import frames


@dataclass
class ReportData:
    """Everything the report shows, read from one warehouse."""

    run: dict[str, Any]
    segments: pd.DataFrame
    highlights: pd.DataFrame
    radar: pd.DataFrame
    interests: pd.DataFrame
    category_mix: pd.DataFrame
    k_scores: pd.DataFrame
    projection: frames.PcaProjection
    distributions: pd.DataFrame
    rule_crosstab: pd.DataFrame | None = None


def load_report_data(
    connection: duckdb.DuckDBPyConnection, sample_size: int = frames.DEFAULT_SAMPLE_SIZE
) -> ReportData:
    """Read every frame the report needs from a built warehouse.

    Parameters
    ----------
    connection : duckdb.DuckDBPyConnection
        Connection to the warehouse (read-only is enough).
    sample_size : int
        Users sampled for the PCA scatter and the distributions.

    Returns
    -------
    ReportData
    """
    model = frames.read_stored_model(connection)
    sample = frames.read_user_sample(connection, model.source_columns, size=sample_size)
    labels = frames.read_feature_labels(connection)
    run = frames.read_run(connection)
    return ReportData(
        run=run,
        segments=frames.read_segments(connection),
        highlights=frames.read_feature_highlights(connection),
        radar=frames.read_radar(connection, model.numeric_features),
        interests=frames.read_interests(connection),
        category_mix=frames.read_category_mix(connection),
        k_scores=frames.read_k_selection(connection, run["run_id"]),
        projection=frames.pca_projection(sample, model),
        distributions=frames.feature_distributions(sample, model.numeric_features, labels),
        rule_crosstab=frames.read_rule_crosstab(connection),
    )
