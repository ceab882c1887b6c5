"""Profile a user table with DuckDB and propose a starter `user_table` config, with reasons.

:func:`profile_table` reads the file (CSV with any delimiter, sniffed by DuckDB, or Parquet) and
measures every column: type, distinct values, null share, and for numbers the spread, skew and
tails. :func:`propose_config` turns the profile into a proposal (the id column, numeric features
with a log transform for skewed ones and winsorizing for outliers, categoricals with an order when
the values look like bands, and the columns left out and why). :func:`render_config` writes it as
the YAML a user edits and passes to ``dbt build --vars "$(cat config.yml)"``.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from user_segmentation.segmentation.table_config import column_name

NUMERIC_TYPES = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "FLOAT",
    "DOUBLE",
    "REAL",
)
INTEGER_TYPES = NUMERIC_TYPES[:9]
MOSTLY_NULL_SHARE = 0.5
NEAR_UNIQUE_SHARE = 0.9
MAX_CATEGORIES = 30
FREE_TEXT_LENGTH = 40
SKEWED = 1.0
OUTLIER_IQRS = 5.0
BANDED_SHARE = 0.8
ID_NAME = re.compile(r"(^id$|_id$|^id_|id$|^key$|_key$|number$|_no$)", re.IGNORECASE)
NUMBER = r"\$?\d+(?:[.,]\d+)*\s*[kKmM]?"
BAND = re.compile(
    rf"^\s*(?:[<>]=?|≤|≥|under|over|below|above)?\s*{NUMBER}"
    rf"\s*(?:(?:-|–|to)\s*{NUMBER})?\s*(?:\+|plus|or more)?\s*$",
    re.IGNORECASE,
)


@dataclass
class ColumnProfile:
    """What DuckDB measured about one column."""

    column: str
    data_type: str
    rows: int
    nulls: int
    distinct: int
    mean: float | None = None
    std: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    q01: float | None = None
    q25: float | None = None
    q75: float | None = None
    q99: float | None = None
    skewness: float | None = None
    mean_length: float | None = None
    values: list[str] = field(default_factory=list)

    @property
    def null_share(self) -> float:
        return self.nulls / self.rows if self.rows else 0.0

    @property
    def is_numeric(self) -> bool:
        return self.data_type.split("(")[0] in NUMERIC_TYPES or self.data_type.startswith("DECIMAL")

    @property
    def is_integer(self) -> bool:
        return self.data_type in INTEGER_TYPES


@dataclass
class TableProfile:
    """The profile of a table: where it came from, how it was read, and every column."""

    path: str
    delimiter: str | None
    rows: int
    columns: list[ColumnProfile]


def _reader(path: str, delimiter: str | None) -> str:
    quoted = path.replace("'", "''")
    if path.endswith(".parquet"):
        return f"read_parquet('{quoted}')"
    options = "header = true"
    if delimiter:
        options += ", delim = '" + delimiter.replace("'", "''") + "'"
    return f"read_csv('{quoted}', {options})"


def profile_table(path: str | Path, delimiter: str | None = None) -> TableProfile:
    """Measure every column of a CSV/TSV (delimiter sniffed unless given) or Parquet file.

    Parameters
    ----------
    path : str or Path
        The table file.
    delimiter : str, optional
        CSV delimiter; DuckDB's sniffer decides when None.

    Returns
    -------
    TableProfile
    """
    path = str(path)
    connection = duckdb.connect()
    if not path.endswith(".parquet") and delimiter is None:
        sniffed = connection.execute("select delimiter from sniff_csv(?)", [path]).fetchall()
        delimiter = sniffed[0][0] if sniffed else None
    connection.execute(f"create view t as select * from {_reader(path, delimiter)}")
    schema = connection.execute("describe t").fetchall()
    rows = connection.execute("select count(*) from t").fetchall()[0][0]
    columns = []
    for name, data_type, *_ in schema:
        quoted = '"' + name.replace('"', '""') + '"'
        nulls, distinct = connection.execute(
            f"select count(*) - count({quoted}), count(distinct {quoted}) from t"
        ).fetchall()[0]
        profile = ColumnProfile(name, data_type, rows, nulls, distinct)
        if profile.is_numeric:
            stats = connection.execute(
                f"select avg(x), stddev_pop(x), min(x), max(x), quantile_cont(x, 0.01), "
                f"quantile_cont(x, 0.25), quantile_cont(x, 0.75), quantile_cont(x, 0.99), "
                "skewness(x) "
                f"from (select cast({quoted} as double) as x from t)"
            ).fetchall()[0]
            (
                profile.mean,
                profile.std,
                profile.minimum,
                profile.maximum,
                profile.q01,
                profile.q25,
                profile.q75,
                profile.q99,
                profile.skewness,
            ) = stats
        else:
            profile.mean_length = connection.execute(
                f"select avg(length(cast({quoted} as varchar))) from t"
            ).fetchall()[0][0]
            profile.values = [
                str(row[0])
                for row in connection.execute(
                    f"select cast({quoted} as varchar) as v, count(*) as n from t where {quoted} "
                    f"is not null group by 1 order by n desc, v limit {MAX_CATEGORIES + 1}"
                ).fetchall()
            ]
        columns.append(profile)
    connection.close()
    return TableProfile(path, None if path.endswith(".parquet") else delimiter, rows, columns)


@dataclass
class Proposal:
    """A starter config: the proposed role of every column with the reason."""

    path: str
    delimiter: str | None
    rows: int
    id_column: str | None
    id_reason: str
    numeric: list[tuple[dict[str, Any], str]]
    categorical: list[tuple[dict[str, Any], str]]
    left_out: list[tuple[str, str]]

    def user_table(self) -> dict[str, Any]:
        """The proposal as the `user_table` var (without the reasons)."""
        table: dict[str, Any] = {"path": self.path}
        if self.delimiter and self.delimiter != ",":
            table["delimiter"] = self.delimiter
        table["id_column"] = self.id_column
        table["numeric_features"] = [item for item, _ in self.numeric]
        table["categorical_features"] = [item for item, _ in self.categorical]
        return table


def label_for(column: str) -> str:
    """A readable label from a header: ``monthly_spend`` -> ``Monthly spend``."""
    text = re.sub(r"[_]+", " ", column).strip()
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    return text[:1].upper() + text[1:].lower() if text.islower() or "_" in column else text


def band_order(values: list[str]) -> list[str] | None:
    """The values in band order when most look like numeric bands ('<10k', '20-30', '65+')."""
    if len(values) < 2:
        return None
    banded = [v for v in values if BAND.match(v)]
    if len(banded) < BANDED_SHARE * len(values):
        return None

    def key(value: str) -> tuple[float, float, str]:
        match = re.search(r"(\d+(?:[.,]\d+)*)\s*([kKmM]?)", value)
        if not match:
            return (math.inf, math.inf, value)
        digits = match.group(1)
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", digits):
            digits = digits.replace(",", "")  # thousands separators
        number = float(digits.replace(",", "."))
        number *= {"k": 1e3, "m": 1e6}.get(match.group(2).lower(), 1)
        below = -0.5 if re.match(r"^\s*(<|≤|under|below)", value, re.IGNORECASE) else 0.0
        above = 0.5 if re.search(r"(\+|plus|or more)\s*$", value, re.IGNORECASE) else 0.0
        return (number + below + above, 0.0, value)

    return sorted(values, key=key)


def _numeric_choice(profile: ColumnProfile) -> tuple[dict[str, Any], str]:
    item: dict[str, Any] = {
        "column": profile.column,
        "name": column_name(profile.column),
        "label": label_for(profile.column),
    }
    reasons = [f"numeric ({profile.data_type.lower()}), {profile.distinct} distinct values"]
    skewness = profile.skewness or 0.0
    iqr = (profile.q75 or 0.0) - (profile.q25 or 0.0)
    outliers = iqr > 0 and (
        (profile.maximum or 0.0) > (profile.q75 or 0.0) + OUTLIER_IQRS * iqr
        or (profile.minimum or 0.0) < (profile.q25 or 0.0) - OUTLIER_IQRS * iqr
    )
    if skewness > SKEWED and (profile.minimum or 0.0) >= 0:
        item["transform"] = "log1p"
        reasons.append(f"right-skewed (skewness {skewness:.1f}) and never negative: log1p")
    else:
        item["transform"] = "none"
        reasons.append(f"skewness {skewness:.1f}")
    if outliers:
        item["winsorize"] = [0.01, 0.99]
        reasons.append(
            f"outliers (range {profile.minimum:g} to {profile.maximum:g}, middle half "
            f"{profile.q25:g} to {profile.q75:g}): clipped to the 1st-99th percentile"
        )
    if profile.nulls:
        item["missing"] = "median"
        reasons.append(f"{profile.null_share:.0%} missing: filled with the median")
    return item, "; ".join(reasons)


def propose_config(profile: TableProfile) -> Proposal:
    """Decide a role for every column of a profiled table, with the reason.

    Rules, in order: mostly null (> 50%) or constant columns are left out; the id is the first
    unique, never-null integer column whose name looks like an id (else the first such column);
    other near-unique integer columns look like ids and are left out; numbers with two values are
    categorical flags, other numbers are features (log1p when right-skewed and non-negative,
    winsorized when values lie beyond 5 interquartile ranges); text with long values or nearly
    one value per row is free text or an identifier and is left out; text with more than 30
    values is left out as high-cardinality; other text is categorical, ordered when its values
    look like numeric bands.
    """
    rows = profile.rows
    left_out, numeric, categorical = [], [], []
    id_column, id_reason = None, "no unique integer column found: add one to the table"
    unique_integers = [
        c for c in profile.columns if c.is_integer and c.nulls == 0 and c.distinct == rows
    ]
    named = [c for c in unique_integers if ID_NAME.search(c.column)]
    if named or unique_integers:
        chosen = (named or unique_integers)[0]
        id_column = chosen.column
        id_reason = f"unique integer, no nulls ({rows} values)" + (
            ", named like an id" if named else ""
        )
    for column in profile.columns:
        if column.column == id_column:
            continue
        if column.null_share > MOSTLY_NULL_SHARE:
            left_out.append((column.column, f"mostly null ({column.null_share:.0%} missing)"))
        elif column.distinct <= 1:
            left_out.append((column.column, "constant (one value): says nothing about anyone"))
        elif column.is_numeric:
            if column.is_integer and column.distinct >= NEAR_UNIQUE_SHARE * rows:
                left_out.append(
                    (column.column, f"near-unique integer ({column.distinct} values): another id?")
                )
            elif column.distinct == 2:
                categorical.append(
                    (
                        {
                            "column": column.column,
                            "name": column_name(column.column),
                            "label": label_for(column.column),
                            "cluster": False,
                        },
                        "two values: a flag, profiled as a category",
                    )
                )
            else:
                numeric.append(_numeric_choice(column))
        elif column.data_type in ("DATE", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIME"):
            left_out.append(
                (column.column, "date/time: derive a number first (e.g. days since) in your model")
            )
        elif (column.mean_length or 0) > FREE_TEXT_LENGTH:
            left_out.append(
                (column.column, f"free text (mean length {column.mean_length:.0f} characters)")
            )
        elif column.distinct >= NEAR_UNIQUE_SHARE * (rows - column.nulls):
            left_out.append(
                (column.column, f"near-unique text ({column.distinct} values of {rows} rows)")
            )
        elif column.distinct > MAX_CATEGORIES:
            left_out.append(
                (column.column, f"high cardinality ({column.distinct} values): group it first")
            )
        else:
            item = {
                "column": column.column,
                "name": column_name(column.column),
                "label": label_for(column.column),
            }
            reason = f"text with {column.distinct} values"
            order = band_order(column.values)
            if order:
                item["order"] = order
                reason += ", ordered: values look like bands"
            if column.nulls:
                reason += f", {column.null_share:.0%} missing (profiled as Unknown)"
            item["cluster"] = False
            categorical.append((item, reason + "; profiled per segment, not clustered"))
    return Proposal(
        profile.path, profile.delimiter, rows, id_column, id_reason, numeric, categorical, left_out
    )


def _flow(item: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{key}: {json.dumps(value)}" for key, value in item.items()) + "}"


def render_config(proposal: Proposal, k_range: tuple[int, int] = (2, 8)) -> str:
    """The proposal as commented YAML: the dbt vars of `user_source: table`.

    The file is valid as ``dbt build --vars "$(cat config.yml)"``: keys ``user_source``,
    ``user_table`` and ``segmentation_overrides``. Each column carries a comment with the reason.
    """
    table = proposal.user_table()
    lines = [
        f"# Starter config for {proposal.path} ({proposal.rows} rows), written by",
        "# `user-segmentation scaffold`. Check every line, then run:",
        '#   dbt build --vars "$(cat this-file.yml)"',
        "# Numeric features are clustered (cluster: false = profiled only); categorical features",
        "# are profiled per segment (cluster: true one-hot encodes them into the clustering too).",
        "# Labels name the features in profiles, charts and the report; high_phrase / low_phrase",
        "# (optional) name segments that are far above / below average on a feature.",
        "user_source: table",
        "user_table:",
        f"  path: {json.dumps(table['path'])}",
    ]
    if "delimiter" in table:
        lines.append(f"  delimiter: {json.dumps(table['delimiter'])}")
    lines.append(f"  id_column: {json.dumps(proposal.id_column)}  # {proposal.id_reason}")
    lines.append("  numeric_features:" if proposal.numeric else "  numeric_features: []")
    for item, reason in proposal.numeric:
        lines.append(f"    # {item['column']}: {reason}")
        lines.append(f"    - {_flow(item)}")
    lines.append(
        "  categorical_features:" if proposal.categorical else "  categorical_features: []"
    )
    for item, reason in proposal.categorical:
        lines.append(f"    # {item['column']}: {reason}")
        lines.append(f"    - {_flow(item)}")
    if proposal.left_out:
        lines.append("  # Left out:")
        for column, reason in proposal.left_out:
            lines.append(f"  #   {column}: {reason}")
    lines += [
        "segmentation_overrides:",
        f"  k_range: [{k_range[0]}, {k_range[1]}]",
        "  stability_runs: 3",
        "",
    ]
    return "\n".join(lines)


def scaffold(path: str | Path, delimiter: str | None = None, k_range=(2, 8)) -> str:
    """Profile ``path`` and return the starter config text."""
    return render_config(propose_config(profile_table(path, delimiter)), k_range)


def profile_frame(profile: TableProfile) -> pd.DataFrame:
    """The profile as a table (one row per column), for printing."""
    return pd.DataFrame(
        [
            {
                "column": c.column,
                "type": c.data_type,
                "distinct": c.distinct,
                "null_share": round(c.null_share, 3),
                "skewness": None if c.skewness is None else round(c.skewness, 2),
            }
            for c in profile.columns
        ]
    )
