"""Frames only the dashboard shows: a segment's distinctive features, two segments compared, a
user against their segment. Pure pandas; frames the report shows too come from
:mod:`user_segmentation.reporting.frames`."""

from __future__ import annotations

import json

import pandas as pd

from user_segmentation.reporting import charts


def segment_label(profiles: pd.DataFrame, segment_id: int) -> str:
    """The label of a segment, its name looked up in ``segment_profiles`` rows."""
    name = profiles.loc[profiles["segment_id"] == segment_id, "segment_name"].iloc[0]
    return charts.segment_label(segment_id, name)


def run_config(run: pd.DataFrame) -> dict:
    """The run's segmentation settings (``config_json``; empty if unknown)."""
    try:
        config = json.loads(run["config_json"].iloc[0])
    except (KeyError, IndexError, TypeError, ValueError):
        return {}
    return config if isinstance(config, dict) else {}


def clustering_features(run: pd.DataFrame) -> list[str]:
    """The numeric features the run clustered on, in config order (empty if unknown)."""
    try:
        return [feature["name"] for feature in run_config(run).get("numeric_features", [])]
    except (KeyError, TypeError):
        return []


def distinctive_features(stats: pd.DataFrame, segment_id: int) -> pd.DataFrame:
    """The segment's numeric features, most distinctive (largest |z-score|) first."""
    frame = stats[stats["segment_id"] == segment_id].copy()
    frame["abs_z"] = frame["z_score"].abs()
    return frame.sort_values("abs_z", ascending=False).drop(columns="abs_z")


def compare_features(stats: pd.DataFrame, segment_a: int, segment_b: int) -> pd.DataFrame:
    """Feature means and lifts of two segments side by side, largest difference in z first."""
    columns = ["feature_name", "feature_label", "mean_value", "lift", "z_score"]
    a = stats.loc[stats["segment_id"] == segment_a, [*columns, "population_mean"]]
    b = stats.loc[stats["segment_id"] == segment_b, columns]
    frame = a.merge(b, on=["feature_name", "feature_label"], suffixes=("_a", "_b"))
    frame["z_difference"] = frame["z_score_a"] - frame["z_score_b"]
    order = frame["z_difference"].abs().sort_values(ascending=False).index
    return frame.loc[order].reset_index(drop=True)


def compare_category_mix(
    mix: pd.DataFrame, segment_a: int, segment_b: int, top: int = 15
) -> pd.DataFrame:
    """Categories whose share differs most between two segments (difference in points, a - b)."""
    keys = ["attribute", "category", "category_order"]
    a = mix.loc[mix["segment_id"] == segment_a, [*keys, "share"]]
    b = mix.loc[mix["segment_id"] == segment_b, [*keys, "share"]]
    frame = a.merge(b, on=keys, how="outer", suffixes=("_a", "_b")).fillna(
        {"share_a": 0.0, "share_b": 0.0}
    )
    frame["difference"] = frame["share_a"] - frame["share_b"]
    frame["label"] = frame["attribute"].str.replace("_", " ") + ": " + frame["category"]
    frame["size"] = frame["difference"].abs()
    frame = frame.sort_values(
        ["size", "attribute", "category_order", "category"],
        ascending=[False, True, True, True],
        kind="stable",
    )
    return frame.drop(columns="size").head(top).reset_index(drop=True)


def user_vs_segment(user: pd.Series, stats: pd.DataFrame) -> pd.DataFrame:
    """A user's numeric features next to the segment's and the population's means, as z-scores."""
    frame = stats[stats["segment_id"] == int(user["segment_id"])].copy()
    frame = frame[frame["feature_name"].isin(user.index)]
    frame["user_value"] = [float(user[name]) for name in frame["feature_name"]]
    spread = frame["population_stddev"].where(frame["population_stddev"] > 0)
    frame["user_z"] = (frame["user_value"] - frame["population_mean"]) / spread
    return frame[
        [
            "feature_name",
            "feature_label",
            "user_value",
            "mean_value",
            "population_mean",
            "user_z",
            "z_score",
        ]
    ].reset_index(drop=True)
