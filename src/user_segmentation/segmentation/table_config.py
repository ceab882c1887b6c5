"""The `user_table` config of `user_source: table`: any one-row-per-user table as input.

The same config is read twice: by the dbt macros (`macros/user_table/`), which select, rename,
fill and clip the columns in SQL, and here, where it decides which columns feed the clustering.
Both derive a feature's column-safe name with the same rule (:func:`column_name`).
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from user_segmentation.segmentation.errors import ConfigError

TABLE_TRANSFORMS = ("none", "log1p", "winsorize")
MISSING_RULES = ("median", "zero", "max")
DERIVATIONS = ("none", "days_since", "years_since", "age_from_birth_year", "rank")
ID_TYPES = ("auto", "integer", "text")


#: DuckDB keywords that cannot name a column unquoted (duckdb_keywords(): the reserved and
#: type_function categories). A name that is one gets a trailing "_" (order -> order_); the macro
#: user_table_column_name holds the same list (test_scaffold.py checks both against DuckDB).
_SQL_KEYWORD_TEXT = """
all analyse analyze and anti any array as asc asof asymmetric at authorization binary both
by case cast check collate collation column columns concurrently constraint create cross
default deferrable desc describe distinct do else end except false fetch for foreign
freeze from full generated glob group having ilike in initially inner intersect into is
isnull join lambda lateral leading left like limit map natural not notnull null offset on
only or order outer overlaps pivot pivot_longer pivot_wider placing positional primary
qualify references returning right select semi show similar some struct summarize
symmetric table tablesample then to trailing true try_cast tuple union unique unpack
unpivot using variadic verbose when where window with
"""
SQL_KEYWORDS = frozenset(_SQL_KEYWORD_TEXT.split())


def column_name(column: str) -> str:
    """A column-safe snake_case name: ``"Annual Income (k$)"`` -> ``annual_income_k``.

    Lower-case, every run of characters other than a-z and 0-9 becomes ``_``, no leading or
    trailing ``_``, ``f`` when nothing is left, an ``f_`` prefix when it starts with a digit, and
    a trailing ``_`` when it is an SQL keyword (``order`` -> ``order_``). Applied to its own
    result it gives that result (the build checks configured names with it).
    """
    name = re.sub("[^a-z0-9]+", "_", str(column).lower()).strip("_")
    if not name:
        name = "f"
    elif name[0].isdigit():
        name = f"f_{name}"
    if name in SQL_KEYWORDS:
        name = f"{name}_"
    return name


def parse_user_table(raw: Any) -> dict[str, Any]:
    """Accept the var as a dict, a JSON or YAML string (as dbt renders vars), or nothing."""
    if raw is None or raw == "" or raw == "None":
        return {}
    if isinstance(raw, dict):
        return dict(raw)
    parsed = yaml.safe_load(str(raw)) if not str(raw).lstrip().startswith("{") else None
    if parsed is None:
        try:
            parsed = json.loads(str(raw))
        except json.JSONDecodeError:
            parsed = yaml.safe_load(str(raw))
    if parsed is None:
        return {}
    if not isinstance(parsed, dict):
        raise ConfigError(f"user_table must be a mapping, got {raw!r}.")
    return parsed


def feature_treatment(item: dict[str, Any], config_name: str, subject: str) -> dict[str, Any]:
    """A numeric feature's transform, winsorize quantiles and missing-value rule, checked.

    The ``user_table`` and ``event_log`` configs treat a numeric feature the same way.

    Parameters
    ----------
    item : dict
        The feature as configured (``transform``, ``winsorize``, ``missing``).
    config_name : str
        The var the feature belongs to, as errors name it (``user_table``, ``event_log``).
    subject : str
        How errors name the feature, e.g. ``"column 'Age'"`` or ``"feature 'orders'"``.

    Returns
    -------
    dict
        ``transform`` (none or log1p), ``winsorize`` ([low, high] quantiles, [0.01, 0.99] for
        ``transform: winsorize`` without them, or None) and ``missing`` (median or zero).

    Raises
    ------
    ConfigError
        On an unknown transform or missing rule.
    """
    transform = item.get("transform") or "none"
    if transform not in TABLE_TRANSFORMS:
        raise ConfigError(
            f"{config_name}: unknown transform '{transform}' for {subject}. "
            f"Use one of: {', '.join(TABLE_TRANSFORMS)}."
        )
    missing = item.get("missing") or "median"
    if missing not in MISSING_RULES:
        raise ConfigError(
            f"{config_name}: unknown missing rule '{missing}' for {subject}. "
            f"Use one of: {', '.join(MISSING_RULES)}."
        )
    return {
        "transform": "log1p" if transform == "log1p" else "none",
        "winsorize": item.get("winsorize") or ([0.01, 0.99] if transform == "winsorize" else None),
        "missing": missing,
    }


def _items(raw: Any) -> list[dict[str, Any]]:
    return [{"column": item} if isinstance(item, str) else dict(item) for item in raw or []]


def table_features(raw: Any) -> dict[str, list[dict[str, Any]]]:
    """The numeric and categorical features of a user_table config, normalised.

    Returns
    -------
    dict
        ``numeric``: dicts with column, name, label, transform (none or log1p), winsorize,
        missing, derive (none, days_since, years_since, age_from_birth_year, rank: the position
        of a text answer in ``order``), range ([min, max] or None),
        cluster. ``categorical``: dicts with column, name, label, order, cluster.
    """
    config = parse_user_table(raw)
    id_type = config.get("id_type") or "auto"
    if id_type not in ID_TYPES:
        raise ConfigError(f"user_table.id_type is '{id_type}': use one of {', '.join(ID_TYPES)}.")
    numeric, categorical = [], []
    for item in _items(config.get("numeric_features")):
        treatment = feature_treatment(item, "user_table", f"column '{item.get('column')}'")
        derive = item.get("derive") or "none"
        if derive not in DERIVATIONS:
            raise ConfigError(
                f"user_table: unknown derive '{derive}' for column '{item.get('column')}'. "
                f"Use one of: {', '.join(DERIVATIONS)}."
            )
        order = item.get("order") or []
        if (derive == "rank") != bool(order) or isinstance(order, str):
            raise ConfigError(
                f"user_table: column '{item.get('column')}' needs both derive: rank and order: "
                "[its values from lowest to highest], e.g. [Disagree, Neutral, Agree]."
            )
        value_range = item.get("range")
        if value_range is not None and (isinstance(value_range, str) or len(value_range) != 2):
            raise ConfigError(
                f"user_table: range of column '{item.get('column')}' must be [min, max] "
                "(null for no bound)."
            )
        numeric.append(
            {
                "column": item["column"],
                "name": item.get("name") or column_name(item["column"]),
                "label": item.get("label") or item["column"],
                "transform": treatment["transform"],
                "winsorize": treatment["winsorize"],
                "missing": treatment["missing"],
                "derive": derive,
                "range": list(value_range) if value_range is not None else None,
                "cluster": bool(item.get("cluster", True)),
            }
        )
    for item in _items(config.get("categorical_features")):
        categorical.append(
            {
                "column": item["column"],
                "name": item.get("name") or column_name(item["column"]),
                "label": item.get("label") or item["column"],
                "order": list(item.get("order") or []),
                "cluster": bool(item.get("cluster", False)),
            }
        )
    return {"numeric": numeric, "categorical": categorical}


def clustering_settings(raw: Any) -> dict[str, Any]:
    """The segmentation settings a user_table config implies: the features marked ``cluster``.

    Returns
    -------
    dict
        ``numeric_features`` (``{name, transform}``) and ``categorical_features`` (names), ready
        to merge over a preset.
    """
    features = table_features(raw)
    return {
        "numeric_features": [
            {"name": f["name"], "transform": f["transform"]}
            for f in features["numeric"]
            if f["cluster"]
        ],
        "categorical_features": [f["name"] for f in features["categorical"] if f["cluster"]],
    }
