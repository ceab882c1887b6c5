"""Tests of SQL quoting: DuckDB reads back exactly the value or name that was quoted."""

from __future__ import annotations

import duckdb
import pytest

from user_segmentation.serving.sql_text import quote_identifier, quote_literal

AWKWARD_TEXTS = [
    "plain",
    "it's",
    "''",
    'say "hi"',
    r"C:\data\new\table",
    "trailing backslash \\",
    "\\'",
    "café ß 分段 🙂",
    "semi; drop table users; --",
    "",
]


@pytest.mark.parametrize("text", AWKWARD_TEXTS)
def test_quoted_literal_reads_back_as_the_same_text(text):
    (read_back,) = duckdb.connect().execute(f"select {quote_literal(text)}").fetchone()
    assert read_back == text


@pytest.mark.parametrize("text", [t for t in AWKWARD_TEXTS if t])
def test_quoted_identifier_names_a_column_exactly(text):
    connection = duckdb.connect()
    connection.execute(f"create table t as select 1 as {quote_identifier(text)}")
    assert [column[0] for column in connection.execute("select * from t").description] == [text]


def test_quoted_literal_writes_a_path_with_a_quote_and_a_backslash(tmp_path):
    folder = tmp_path / "o'brien\\segments 分段"
    folder.mkdir()
    path = folder / "rows.parquet"
    connection = duckdb.connect()
    connection.execute(f"copy (select 42 as answer) to {quote_literal(path)} (format parquet)")
    assert connection.execute(
        f"select answer from read_parquet({quote_literal(path)})"
    ).fetchall() == [(42,)]


def test_quoted_literal_turns_non_text_values_into_text():
    assert quote_literal(7) == "'7'"
