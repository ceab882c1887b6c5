"""The event_log config: features declared in YAML are checked before any SQL runs (pure Python)."""

from __future__ import annotations

import pytest
import yaml

from support import PROJECT_DIR
from user_segmentation.segmentation import ConfigError, check_event_log, configured_features
from user_segmentation.segmentation.config import load_config
from user_segmentation.segmentation.event_log_config import event_log_features

CONFIGS = PROJECT_DIR / "examples" / "configs"


def log_with(*features: dict) -> dict:
    return {"path": "events.csv", "user_id": "user", "timestamp": "at", "features": list(features)}


@pytest.mark.parametrize(
    ("feature", "message"),
    [
        ({"name": "Spend", "aggregate": "sum", "of": "x"}, "snake_case"),
        ({"name": "user_id", "aggregate": "count"}, "reserved"),
        ({"name": "spend", "aggregate": "median", "of": "x"}, "unknown aggregate 'median'"),
        ({"name": "spend", "aggregate": "sum"}, "needs `of`"),
        ({"name": "spend", "aggregate": "mean", "of": "x", "per": "day"}, "not mean"),
        ({"name": "spend", "aggregate": "sum", "of": "x", "per": "month"}, "per 'month'"),
        ({"name": "spend", "aggregate": "sum", "of": "x", "transform": "sqrt"}, "transform 'sqrt'"),
        ({"name": "spend", "aggregate": "sum", "of": "x", "missing": "mean"}, "missing rule"),
        ({"name": "ctr", "aggregate": "ratio", "numerator": "a", "denominator": "b"}, "numerator"),
    ],
)
def test_a_feature_that_cannot_compile_is_refused_with_the_reason(feature, message):
    with pytest.raises(ConfigError, match=message):
        event_log_features(log_with(feature))


def test_a_repeated_feature_name_is_refused():
    twice = {"name": "orders", "aggregate": "count"}
    with pytest.raises(ConfigError, match="used twice"):
        event_log_features(log_with(twice, twice))


def test_share_is_a_ratio_of_two_declared_features():
    features = event_log_features(
        log_with(
            {"name": "returns", "aggregate": "count", "where": "quantity < 0"},
            {"name": "lines", "aggregate": "count"},
            {
                "name": "return_share",
                "aggregate": "share",
                "numerator": "returns",
                "denominator": "lines",
            },
        )
    )
    assert features[2]["aggregate"] == "ratio"
    assert features[2]["high_phrase"] == "high return share"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"path": None}, "names no input"),
        ({"user_id": None}, "user_id is not set"),
        ({"timestamp": None}, "timestamp is not set"),
        ({"user_id_type": "uuid"}, "integer or text"),
    ],
)
def test_an_event_log_without_its_key_columns_is_refused(change, message):
    config = {**log_with({"name": "events", "aggregate": "count"}), **change}
    with pytest.raises(ConfigError, match=message):
        check_event_log(config)


def test_an_undated_log_needs_no_timestamp_and_refuses_features_that_need_times():
    undated = {**log_with({"name": "events", "aggregate": "count"}), "timestamp": None}
    assert check_event_log({**undated, "undated": True})["features"][0]["name"] == "events"
    with pytest.raises(ConfigError, match="or set undated: true"):
        check_event_log(undated)
    with pytest.raises(ConfigError, match="both undated: true and timestamp 'at'"):
        check_event_log({**undated, "timestamp": "at", "undated": True})
    recency = {"name": "last_seen", "aggregate": "recency"}
    with pytest.raises(ConfigError, match="'last_seen' is recency, which needs the events' times"):
        check_event_log({**log_with({"name": "events", "aggregate": "count"}, recency),
                         "timestamp": None, "undated": True})  # fmt: skip


def test_an_event_log_with_nothing_to_cluster_is_refused():
    with pytest.raises(ConfigError, match="no feature to cluster on"):
        check_event_log(log_with({"name": "events", "aggregate": "count", "cluster": False}))


def test_the_fit_clusters_the_declared_features_with_their_transforms():
    demo = yaml.safe_load((CONFIGS / "demo_events_as_event_log.yml").read_text())
    config = load_config("default", None, configured_features("event_log", None, demo["event_log"]))
    clustered = {feature.name: feature.transform for feature in config.numeric_features}
    assert clustered == {
        "weekday_hours": "none",
        "weekend_hours": "none",
        "likes_reactions": "log1p",
        "followed_accounts": "log1p",
        "ctr": "none",
        "conversion_rate": "none",
        "ad_interaction_s": "none",
    }


def test_the_fixed_feature_shapes_keep_the_presets_features():
    assert configured_features("events", {"numeric_features": ["x"]}, {"features": []}) is None


@pytest.mark.parametrize(
    "name", ["demo_events_as_event_log", "order_lines", "order_lines.scaffold"]
)
def test_the_committed_example_configs_are_valid(name):
    variables = yaml.safe_load((CONFIGS / f"{name}.yml").read_text())
    assert variables["user_source"] == "event_log"
    assert check_event_log(variables["event_log"])["features"]
