"""The model stored as rows: what goes in comes back out, and the newest run is the current one."""

from __future__ import annotations

import json
from datetime import datetime

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_blobs

from user_segmentation.segmentation.algorithms import score
from user_segmentation.segmentation.clustering import fit_segments
from user_segmentation.segmentation.config import load_config
from user_segmentation.segmentation.features import fit_encoding, prepare_feature_frame
from user_segmentation.segmentation.lineage import SegmentLineage
from user_segmentation.segmentation.model_artifact import (
    ARTIFACT_COLUMNS,
    build_artifact,
    current_run_id,
    input_fingerprint,
    read_model,
)

# Ids out of size order, as after a few runs: index 0 (largest) is segment 7.
LINEAGE = SegmentLineage(
    segment_ids=[7, 3, 12],
    status={7: "matched", 3: "matched", 12: "new"},
    match_distance={7: 0.1, 3: 0.2},
    retired_ids=[15],
)
COMPUTED_AT = datetime(2026, 3, 1, 12, 0, 0)


@pytest.fixture(scope="module")
def features() -> pd.DataFrame:
    """300 users in three groups, with demographics, for the behaviour_and_demographics preset."""
    points, _ = make_blobs(
        n_samples=[150, 100, 50], n_features=7, cluster_std=0.4, center_box=(2, 8), random_state=4
    )
    rng = np.random.default_rng(4)
    names = ["weekday_hours", "weekend_hours", "likes_reactions", "followed_accounts", "ctr"]
    names += ["conversion_rate", "ad_interaction_s"]
    frame = pd.DataFrame(points, columns=names)
    frame.insert(0, "user_id", np.arange(1, len(frame) + 1))
    frame["age_band"] = rng.choice(["18-24", "25-34", "35-44"], len(frame))
    frame["gender"] = rng.choice(["Female", "Male"], len(frame))
    frame["income_band"] = rng.choice(["0-20k", "100k+"], len(frame))
    return frame


def fitted(features: pd.DataFrame, overrides: dict):
    config = load_config("behaviour_and_demographics", overrides)
    frame = prepare_feature_frame(features, config)
    matrix, columns = fit_encoding(frame, config)
    return config, frame, matrix, columns, fit_segments(matrix, config)


def artifact_of(features, overrides, computed_at=COMPUTED_AT, lineage=LINEAGE):
    config, frame, _, columns, fit = fitted(features, overrides)
    return build_artifact(
        fit, columns, config, input_fingerprint(frame), len(frame), lineage, computed_at
    )


@pytest.mark.parametrize(
    ("algorithm", "rule"), [("kmeans", "nearest_centre"), ("gaussian_mixture", "gaussian_diag")]
)
def test_read_model_gives_back_what_build_artifact_stored(features, algorithm, rule):
    overrides = {"algorithm": algorithm, "k": 3, "stability_runs": 0}
    config, frame, matrix, columns, fit = fitted(features, overrides)
    artifact = build_artifact(
        fit, columns, config, input_fingerprint(frame), len(frame), LINEAGE, COMPUTED_AT
    )
    stored = read_model(artifact)

    assert stored.run_id == current_run_id(artifact)
    assert stored.columns == columns
    assert stored.model.algorithm == algorithm
    assert stored.model.scoring_rule == rule
    # Segments come back in id order, each with its own parameters.
    assert stored.segment_ids == [3, 7, 12]
    order = [LINEAGE.segment_ids.index(i) for i in stored.segment_ids]
    np.testing.assert_array_equal(stored.model.centres, fit.centres[order])
    if algorithm == "gaussian_mixture":
        np.testing.assert_array_equal(stored.model.variances, fit.model.variances[order])
        np.testing.assert_array_equal(stored.model.log_weights, fit.model.log_weights[order])
        k_scores = artifact[(artifact["record_type"] == "k_score") & (artifact["metric"] == "bic")]
        assert k_scores["value"].tolist() == [fit.model.bic]
    else:
        assert stored.model.variances is None
        assert stored.model.log_weights is None
    assert stored.model.radius is None
    # Scoring with the stored model gives every user the id of the segment the fit gave them.
    labels, distance, probability = score(matrix, stored.model)
    ids = np.array(stored.segment_ids)
    np.testing.assert_array_equal(ids[labels], np.array(LINEAGE.segment_ids)[fit.labels])
    np.testing.assert_allclose(distance, fit.distance, rtol=1e-12)
    np.testing.assert_allclose(probability, fit.probability, rtol=1e-12)


def test_highest_id_ever_counts_retired_ids(features):
    stored = read_model(artifact_of(features, {"k": 3, "stability_runs": 0}))
    assert stored.highest_id_ever == 15


def test_artifact_has_the_documented_columns_and_one_run_row(features):
    artifact = artifact_of(features, {"k": 3, "stability_runs": 2})
    assert list(artifact.columns) == list(ARTIFACT_COLUMNS)
    assert {c: str(t) for c, t in artifact.dtypes.items()} == ARTIFACT_COLUMNS
    assert artifact["run_id"].nunique() == 1
    assert (artifact["computed_at"] == pd.Timestamp(COMPUTED_AT)).all()
    counts = artifact["record_type"].value_counts().to_dict()
    n_columns = 7 + 3 + 2 + 2  # numerics, age bands, genders, income bands
    assert counts["run"] == 1
    assert counts["encoding"] == n_columns
    assert counts["centre"] == 3 * n_columns
    assert counts["lineage"] == 4  # three current ids and one retired
    assert counts["stability"] == 2
    assert "variance" not in counts


def test_run_metadata_records_config_rule_quality_and_versions(features):
    artifact = artifact_of(features, {"k": 3, "stability_runs": 2})
    run = json.loads(artifact.loc[artifact["record_type"] == "run", "text_value"].iloc[0])
    assert run["run_id"] == current_run_id(artifact)
    assert run["preset"] == "behaviour_and_demographics"
    assert run["algorithm"] == "kmeans"
    assert run["scoring_rule"] == "nearest_centre"
    assert run["k"] == 3
    assert run["n_users"] == 300
    assert run["n_encoded_features"] == 14
    assert run["config"]["categorical_weight"] == 0.5
    k_scores = artifact[artifact["record_type"] == "k_score"].pivot(
        index="k", columns="metric", values="value"
    )
    assert run["silhouette"] == pytest.approx(k_scores.loc[3, "silhouette"])
    assert k_scores.loc[3, "is_selected"] == 1.0
    stability = artifact[artifact["record_type"] == "stability"]["value"]
    assert run["stability_mean_ari"] == pytest.approx(stability.mean())
    assert run["stability_mean_ari"] > 0.9
    assert run["noise_share"] == 0.0
    assert run["computed_at"].startswith("2026-03-01T12:00:00")
    assert set(run["library_versions"]) >= {"scikit-learn", "numpy", "pandas", "duckdb"}
    assert k_scores["bic"].isna().all()  # BIC is a Gaussian mixture measure


def test_lineage_rows_record_status_and_match_distance(features):
    artifact = artifact_of(features, {"k": 3, "stability_runs": 0})
    lineage = artifact[artifact["record_type"] == "lineage"].set_index("segment_id")
    assert lineage["metric"].to_dict() == {7: "matched", 3: "matched", 12: "new", 15: "retired"}
    assert lineage.loc[7, "value"] == pytest.approx(0.1)
    assert pd.isna(lineage.loc[12, "value"])


@pytest.fixture(scope="module")
def three_runs(features) -> tuple[pd.DataFrame, dict[str, str]]:
    """Three runs (k = 2, 3, 4) stored in a table in neither time nor k order."""
    when = {
        2: datetime(2026, 3, 2, 9, 0, 0),
        3: datetime(2026, 3, 3, 9, 0, 0),  # the newest
        4: datetime(2026, 3, 1, 9, 0, 0),
    }
    runs = {}
    for k in (2, 4, 3):
        lineage = SegmentLineage(
            list(range(1, k + 1)), dict.fromkeys(range(1, k + 1), "new"), {}, []
        )
        runs[k] = artifact_of(features, {"k": k, "stability_runs": 0}, when[k], lineage)
    table = pd.concat([runs[2], runs[3], runs[4]], ignore_index=True)
    return table, {k: current_run_id(run) for k, run in runs.items()}


def test_current_run_id_is_the_newest_computed_at(three_runs):
    table, run_ids = three_runs
    assert len(set(run_ids.values())) == 3
    assert current_run_id(table) == run_ids[3]


def test_read_model_reads_the_newest_run_unless_told_otherwise(three_runs):
    table, run_ids = three_runs
    assert read_model(table).model.k == 3
    assert read_model(table).run_id == run_ids[3]
    oldest = read_model(table, run_id=run_ids[4])
    assert oldest.run_id == run_ids[4]
    assert oldest.model.k == 4
    assert oldest.segment_ids == [1, 2, 3, 4]


def test_current_run_id_of_a_table_without_runs_is_none():
    assert current_run_id(pd.DataFrame({"record_type": [], "run_id": []})) is None


def test_input_fingerprint_changes_with_any_value_or_user(features):
    same = input_fingerprint(features.copy())
    assert input_fingerprint(features) == same
    assert same.startswith("300-")
    changed = features.copy()
    changed.loc[5, "ctr"] += 1e-9
    assert input_fingerprint(changed) != same
    swapped = features.copy()
    swapped.loc[[5, 6], "ctr"] = features.loc[[6, 5], "ctr"].to_numpy()
    assert input_fingerprint(swapped) != same
    assert input_fingerprint(features.head(299)).startswith("299-")
