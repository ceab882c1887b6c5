"""The `event_log` config of `user_source: event_log`: behavioural features declared in YAML.

The same config is read twice: by the dbt macros (`macros/event_log/`), which type and validate
the events and compile every feature into one SQL aggregation pass, and here, where it is checked
and decides which features feed the clustering. Both apply the same rules (names, aggregates,
per-day divisions, transforms, missing rules).
"""

from __future__ import annotations

from typing import Any

from user_segmentation.segmentation.errors import ConfigError
from user_segmentation.segmentation.table_config import (
    column_name,
    feature_treatment,
    parse_user_table,
)

AGGREGATES = (
    "count",
    "sum",
    "mean",
    "min",
    "max",
    "distinct_count",
    "ratio",
    "active_days",
    "recency",
    "tenure",
)
AGGREGATES_OF_AN_EXPRESSION = ("sum", "mean", "min", "max", "distinct_count")
PER_DAY_KINDS = ("window", "day", "weekday_day", "weekend_day")
AGGREGATES_PER_DAY = ("count", "sum", "distinct_count", "active_days")
USER_ID_TYPES = ("integer", "text")
RESERVED_NAMES = (
    "user_id",
    "event_at",
    "event_type",
    "event_id",
    "interests",
    "last_seen_at",
    "segment_id",
    "run_id",
    "source_file",
    "source_row_number",
    "day_index",
    "is_weekend_event",
    "window_event_rows",
)


def parse_event_log(raw: Any) -> dict[str, Any]:
    """Accept the var as a dict, a JSON or YAML string (as dbt renders vars), or nothing."""
    try:
        return parse_user_table(raw)
    except ConfigError as error:
        raise ConfigError(f"event_log must be a mapping, got {raw!r}.") from error


def event_log_features(raw: Any) -> list[dict[str, Any]]:
    """The features of an event_log config, normalised and checked.

    Parameters
    ----------
    raw : dict or str
        The ``event_log`` var.

    Returns
    -------
    list of dict
        One dict per feature: name, aggregate (``share`` becomes ``ratio``), of, where, per,
        divide_by, numerator, denominator, when_zero, label, unit, high_phrase, low_phrase,
        transform (none or log1p), winsorize, missing, cluster.

    Raises
    ------
    ConfigError
        When a feature cannot compile: no or unsafe name, a repeated or reserved name, an unknown
        aggregate, per-day kind, transform or missing rule, a missing ``of``, or a ratio that does
        not name two other non-ratio features.
    """
    config = parse_event_log(raw)
    features: list[dict[str, Any]] = []
    for position, item in enumerate(config.get("features") or [], start=1):
        features.append(_feature(dict(item), position, [f["name"] for f in features]))
    aggregates = {f["name"]: f["aggregate"] for f in features}
    for feature in features:
        if feature["aggregate"] != "ratio":
            continue
        for part in ("numerator", "denominator"):
            if aggregates.get(feature[part]) in (None, "ratio"):
                raise ConfigError(
                    f"event_log: ratio feature '{feature['name']}' needs `{part}`: the name of "
                    f"another feature (not a ratio), got {feature[part]!r}."
                )
    return features


def _feature(item: dict[str, Any], position: int, earlier_names: list[str]) -> dict[str, Any]:
    name = item.get("name")
    if not name or column_name(name) != name:
        raise ConfigError(
            f"event_log: feature {position} needs a `name` in snake_case (a-z, 0-9, _), "
            f"got {name!r}."
        )
    if name in RESERVED_NAMES or name in earlier_names:
        raise ConfigError(
            f"event_log: feature name '{name}' is used twice or reserved "
            f"({', '.join(RESERVED_NAMES)}). Give it another `name`."
        )
    aggregate = "ratio" if item.get("aggregate") == "share" else item.get("aggregate")
    if aggregate not in AGGREGATES:
        raise ConfigError(
            f"event_log: feature '{name}' has unknown aggregate {aggregate!r}. "
            f"Use one of: {', '.join(AGGREGATES)}, share."
        )
    if aggregate in AGGREGATES_OF_AN_EXPRESSION and not item.get("of"):
        raise ConfigError(
            f"event_log: feature '{name}' ({aggregate}) needs `of`: a column or SQL expression."
        )
    per = item.get("per") or "window"
    if per not in PER_DAY_KINDS:
        raise ConfigError(
            f"event_log: feature '{name}' has per {per!r}. Use day, weekday_day or weekend_day "
            "(or leave it out for the whole window)."
        )
    if per != "window" and aggregate not in AGGREGATES_PER_DAY:
        raise ConfigError(
            f"event_log: feature '{name}': per {per} divides a total by a number of days; it "
            f"works with {', '.join(AGGREGATES_PER_DAY)}, not {aggregate}."
        )
    treatment = feature_treatment(item, "event_log", f"feature '{name}'")
    label = item.get("label") or name.replace("_", " ").strip().capitalize()
    cluster = bool(item.get("cluster", True))
    return {
        "name": name,
        "aggregate": aggregate,
        "of": item.get("of"),
        "where": item.get("where"),
        "per": per,
        "divide_by": item.get("divide_by"),
        "numerator": item.get("numerator"),
        "denominator": item.get("denominator"),
        "when_zero": item.get("when_zero", 0),
        "label": label,
        "unit": item.get("unit") or "",
        "high_phrase": item.get("high_phrase") or (f"high {label.lower()}" if cluster else None),
        "low_phrase": item.get("low_phrase") or (f"low {label.lower()}" if cluster else None),
        "transform": treatment["transform"],
        "winsorize": treatment["winsorize"],
        "missing": treatment["missing"],
        "cluster": cluster,
    }


def check_event_log(raw: Any) -> dict[str, Any]:
    """The whole event_log config checked: input, columns and features.

    Returns
    -------
    dict
        The parsed config with ``features`` normalised (see :func:`event_log_features`).

    Raises
    ------
    ConfigError
        Naming the missing or wrong setting.
    """
    config = parse_event_log(raw)
    if not any(config.get(key) for key in ("path", "relation", "source")):
        raise ConfigError(
            "event_log names no input: set path (CSV or Parquet files, a glob works), relation "
            "(a model of your project) or source ([source, table])."
        )
    if not config.get("user_id"):
        raise ConfigError("event_log.user_id is not set: name the column that holds the user id.")
    undated = config.get("undated") is True
    if undated and config.get("timestamp"):
        raise ConfigError(
            f"event_log sets both undated: true and timestamp {config['timestamp']!r}: an undated "
            "log has no time column; remove one of them."
        )
    if not undated and not config.get("timestamp"):
        raise ConfigError(
            "event_log.timestamp is not set: name the column that holds the event timestamp, or "
            "set undated: true for a log without times (every row then counts, with no window)."
        )
    if (config.get("user_id_type") or "integer") not in USER_ID_TYPES:
        raise ConfigError(
            f"event_log.user_id_type must be integer or text, got {config.get('user_id_type')!r}."
        )
    features = event_log_features(config)
    for feature in features:
        if undated and feature["aggregate"] in UNDATED_LOG_AGGREGATES_REFUSED:
            raise ConfigError(
                f"event_log feature {feature['name']!r} is {feature['aggregate']}, which needs the "
                "events' times, and the log is undated: remove it, or name the log's timestamp."
            )
    if not any(feature["cluster"] for feature in features):
        raise ConfigError(
            "event_log declares no feature to cluster on: list at least one in event_log.features "
            "(without cluster: false)."
        )
    return {**config, "features": features}


#: The aggregates that need the events' times (macro undated_log_aggregates_refused).
UNDATED_LOG_AGGREGATES_REFUSED = ("active_days", "recency", "tenure")


def as_user_table(raw: Any) -> dict[str, Any]:
    """The event_log features in the shape of a ``user_table`` config, for the fit.

    The feature table built from an event log has one column per feature, named by the feature,
    so each feature is a numeric column of that name with its transform and cluster flag.
    """
    return {
        "numeric_features": [
            {
                "column": feature["name"],
                "name": feature["name"],
                "label": feature["label"],
                "transform": feature["transform"],
                "missing": feature["missing"],
                "cluster": feature["cluster"],
            }
            for feature in event_log_features(raw)
        ]
    }


def configured_features(user_source: str | None, user_table: Any, event_log: Any) -> Any:
    """The feature config that replaces the preset's features, by input shape.

    Returns
    -------
    dict or str or None
        ``user_table`` for ``user_source: table``, the event-log features as a user_table config
        for ``event_log``, None for the fixed-feature shapes (events, profiles_csv).
    """
    if user_source == "table":
        return user_table
    if user_source == "event_log":
        return as_user_table(event_log)
    return None
