"""The few calls the dbt Python models make on the warehouse, for DuckDB and for Spark.

``dbt.ref()`` gives a DuckDB relation on dbt-duckdb and a Spark DataFrame on dbt-spark /
dbt-databricks; ``session`` is a DuckDB connection or a SparkSession. The models call these
functions instead of either API, so the same model file runs on both engines. This module lives
in the package, not under ``python_models/`` (where every ``.py`` file is parsed as a model).
"""

from __future__ import annotations

import datetime
from typing import Any

import pandas as pd
import pyarrow as pa


def is_spark(relation: Any) -> bool:
    """True for a Spark DataFrame or SparkSession, False for DuckDB objects."""
    return type(relation).__module__.startswith("pyspark")


def to_pandas(relation: Any, columns: list[str] | None = None) -> pd.DataFrame:
    """The relation (or only ``columns`` of it) as a pandas frame, handed over as Arrow.

    Parameters
    ----------
    relation : duckdb.DuckDBPyRelation or pyspark.sql.DataFrame
        What ``dbt.ref()`` or :func:`sql` returned.
    columns : list of str, optional
        Columns to keep (projected in the engine, before the handoff).
    """
    if is_spark(relation):
        if columns is not None:
            relation = relation.select(*columns)
        return relation.toPandas()
    if columns is not None:
        relation = relation.project(", ".join(f'"{column}"' for column in columns))
    return relation.to_arrow_table().to_pandas()


def sampled_to_pandas(
    relation: Any, columns: list[str], sample_size: int, seed: int = 42
) -> tuple[pd.DataFrame, tuple[int, str] | None]:
    """``columns`` of the relation as pandas: every row, or above ``sample_size`` rows a uniform
    sample of that many, so the handoff and the Python work do not grow with the users.

    The sample is the rows with the smallest hash of ``user_id`` and ``seed`` (the same users on
    every run over the same users), in ``user_id`` order. With a sample, the engine also counts
    every row and fingerprints them (the sum of a hash of each row's ``columns``: any row order
    gives the same value); they are returned as ``(rows, "rows-hex")``, else None. Spark hands
    over every row (None).
    """
    n_rows, sample = _sample_above(relation, columns, sample_size, seed)
    if n_rows <= sample_size:
        return sample, None
    quoted = ", ".join(f'"{column}"' for column in columns)
    [(row_hash_sum,)] = (
        relation.project(quoted).aggregate(f"sum(hash({quoted})) % 18446744073709551616").fetchall()
    )
    return sample, (int(n_rows), f"{n_rows}-{int(row_hash_sum):016x}")


def sample_to_pandas(
    relation: Any,
    columns: list[str],
    sample_size: int,
    seed: int = 42,
    sample_above: int | None = None,
) -> pd.DataFrame:
    """``columns`` of the relation as pandas: every row, or above ``sample_above`` rows (default
    ``sample_size``) a sample of ``sample_size`` rows, the same users as `sampled_to_pandas`
    takes (without its count and fingerprint). Spark hands over every row."""
    return _sample_above(relation, columns, sample_size, seed, sample_above)[1]


def _sample_above(
    relation: Any,
    columns: list[str],
    sample_size: int,
    seed: int,
    sample_above: int | None = None,
) -> tuple[int, pd.DataFrame]:
    """The relation's rows (0 on Spark, which is not sampled) and the frame to hand over."""
    if is_spark(relation):
        return 0, to_pandas(relation, columns)
    [(n_rows,)] = relation.aggregate("count(*)").fetchall()
    if n_rows <= max(sample_size, sample_above or 0):
        return n_rows, to_pandas(relation, columns)
    quoted = ", ".join(f'"{column}"' for column in columns)
    # Only the rows below a hash cut that about 10% more rows than the sample pass are sorted
    # (hash is uniform over 64 bits): at 10M users 0.4 s instead of 1.0-1.7 s for sorting every
    # row. Should fewer pass, every row is sorted; the sample is the same either way.
    hash_cut = min(2**64 - 1, int(2**64 * 1.1 * sample_size / n_rows))
    for candidates in (f'hash("user_id", {seed}) < {hash_cut}::ubigint', "true"):
        sample = (
            relation.project(quoted)
            .filter(candidates)
            .order(f'hash("user_id", {seed})')
            .limit(sample_size)
            .order('"user_id"')
            .to_arrow_table()
        )
        if sample.num_rows == sample_size:
            break
    return n_rows, sample.to_pandas()


def frame(relation: Any) -> pd.DataFrame:
    """The whole relation as a pandas frame (DuckDB's ``.df()``; Spark's ``toPandas()``)."""
    if is_spark(relation):
        return relation.toPandas()
    return relation.df()


def sql(session: Any, query: str) -> Any:
    """A relation of ``query`` run by the model's session (engine-specific SQL is the caller's)."""
    return session.sql(query)


def current_timestamp(session: Any) -> datetime.datetime:
    """The engine's current UTC time as a naive timestamp."""
    if is_spark(session):
        return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    return session.sql("select current_timestamp::timestamp").fetchall()[0][0]


def to_spark_dataframe(spark: Any, data: Any) -> Any:
    """A model's result (pandas frame, Arrow table or Spark DataFrame) as a Spark DataFrame.

    Goes through Arrow, so column types follow the frame's (int64 -> bigint, float64 -> double,
    text -> string). A column that is null in every row has no type in Arrow and is written as
    a string column (Parquet cannot store Spark's void type).
    """
    if is_spark(data):
        return data
    table = data if isinstance(data, pa.Table) else pa.Table.from_pandas(data, preserve_index=False)
    fields = []
    for field in table.schema:
        if pa.types.is_null(field.type):
            field = field.with_type(pa.string())
        elif pa.types.is_timestamp(field.type):
            field = field.with_type(pa.timestamp("us", tz=field.type.tz))
        fields.append(field)
    return spark.createDataFrame(table.cast(pa.schema(fields)))
