"""A text column whose values are lists: MIND's reading `history` ("N55189 N42782 N3008"), a
basket's products ("A12;B7;C3"), a film's genres ("Action|Comedy"). How many items a user's
lists hold (the articles read before) is a measure; the list as text is only a filter.
"""

from __future__ import annotations

from typing import Any

import duckdb

from user_segmentation.segmentation.table_config import column_name
from user_segmentation.serving.sql_text import quote_identifier, quote_literal

#: The share of a column's values that must hold two items or more.
LIST_SHARE = 0.3
#: Items separated by spaces are ids (N55189, a SKU) when this share of them holds a digit: free
#: text is words.
ID_ITEM_SHARE = 0.9
#: Items are short: a longer mean is prose that happens to use the separator.
LONGEST_MEAN_ITEM = 30
SEPARATORS = ("|", ";", " ")
#: The values a column is judged on (a sample of the rows, the same on every run).
SAMPLE_VALUES = 20_000


def list_separator(connection: duckdb.DuckDBPyConnection, column: str) -> str | None:
    """The separator of the lists the column of table ``t`` holds, or None when it holds none."""
    quoted = quote_identifier(column)
    text = f"trim(cast({quoted} as varchar))"
    connection.execute(
        f"create or replace temp table list_values as select {text} as v from t "
        f"where {quoted} is not null and {text} <> '' "
        f"using sample {SAMPLE_VALUES} rows (reservoir, 42)"
    )
    [(values,)] = connection.execute("select count(*) from list_values").fetchall()
    for separator in SEPARATORS:
        literal = quote_literal(separator)
        lists, id_items, items, item_length = connection.execute(
            f"""
            with lists as (select v from list_values),
            items as (select unnest(string_split(v, {literal})) as item from lists)
            select
                (select count(*) from lists where contains(v, {literal})),
                (select count(*) from items where regexp_matches(item, '[0-9]')),
                (select count(*) from items where item <> ''),
                (select avg(length(item)) from items where item <> '')
            """
        ).fetchall()[0]
        if not values or lists < LIST_SHARE * values or (item_length or 0) > LONGEST_MEAN_ITEM:
            continue
        if separator == " " and id_items < ID_ITEM_SHARE * items:
            continue
        return separator
    return None


def list_length_feature(
    column: str, separator: str, name: str, taken_names: set[str]
) -> list[tuple[dict[str, Any], str]]:
    """The mean number of items in a user's lists (0 for an empty one), in portable SQL."""
    feature_name = column_name(f"{name}_items_mean")
    if feature_name in taken_names:
        return []
    literal = quote_literal(separator)
    trimmed = f"trim({name})"
    count = f"coalesce(length({trimmed}) - length(replace({trimmed}, {literal}, '')) + 1, 0)"
    feature = {
        "name": feature_name,
        "aggregate": "mean",
        "of": f"case when {trimmed} = '' then 0 else {count} end",
        "transform": "log1p",
        "label": f"Mean items in {column}",
        "unit": "count",
    }
    why = (
        f"{column} holds lists ({separator!r} between items): how many items a user's lists "
        "hold (log1p: counts are right-skewed)"
    )
    return [(feature, why)]
