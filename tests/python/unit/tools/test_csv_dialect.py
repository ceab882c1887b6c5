"""The text encoding of a CSV input, as the scaffold writes it into the config and the build
reads the file with it."""

from __future__ import annotations

import duckdb
import pytest

from user_segmentation.tools import csv_dialect
from user_segmentation.tools.csv_dialect import csv_options, file_encoding

ROWS = "id,city\n1,São Paulo\n2,Zürich\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ROWS.encode("utf-8"), None),
        (b"\xef\xbb\xbf" + ROWS.encode("utf-8"), None),  # UTF-8 with a byte-order mark
        (ROWS.encode("latin-1"), "latin-1"),
        (ROWS.encode("utf-16"), "utf-16"),
        # Windows-1252's curly quotes: DuckDB's Latin-1 reader refuses them.
        ("id,city\n1,“Zürich”\n".encode("cp1252"), None),
        # UTF-8 rows with a Latin-1 row appended: no one encoding reads the file.
        (ROWS.encode("utf-8") + "3,Genève\n".encode("latin-1"), None),
    ],
    ids=["utf-8", "utf-8-bom", "latin-1", "utf-16", "windows-1252", "mixed"],
)
def test_the_encoding_is_the_one_duckdb_reads_the_file_in(tmp_path, data, encoding):
    path = tmp_path / "table.csv"
    path.write_bytes(data)
    assert file_encoding(str(path)) == encoding
    if data.startswith(b"\xef\xbb\xbf") or encoding:
        read = duckdb.sql(
            f"select city from read_csv('{path}', {csv_options(str(path), ',', True)})"
        )
        assert [row[0] for row in read.fetchall()] == ["São Paulo", "Zürich"]


def test_a_sample_that_ends_inside_a_character_is_still_utf_8(tmp_path, monkeypatch):
    path = tmp_path / "table.csv"
    path.write_bytes(ROWS.encode("utf-8"))
    cut = ROWS.encode("utf-8").index("ã".encode()) + 1  # between the two bytes of ã
    monkeypatch.setattr(csv_dialect, "ENCODING_SAMPLE_BYTES", cut)
    csv_dialect._sampled_encoding.cache_clear()
    assert file_encoding(str(path)) is None
    csv_dialect._sampled_encoding.cache_clear()
