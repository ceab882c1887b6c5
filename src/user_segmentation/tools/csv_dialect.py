"""How a CSV input is written, as DuckDB's sniffer reads it: its files (a glob names several),
its text encoding, its delimiter, whether its first line is a header, and the title lines above
the data. The scaffold profiles a file with these, and its malformed-line check reads the file
the same way."""

from __future__ import annotations

import functools
import glob
import itertools
import os
import re
from pathlib import Path

import duckdb

from user_segmentation.tools.input_formats import is_parquet

# The start of the file its encoding is judged on: a file that changes encoding further on
# still gets the reader's error, which the scaffold turns into the lines to fix.
ENCODING_SAMPLE_BYTES = 1 << 26
UTF16_BYTE_ORDER_MARK = b"\xff\xfe"
# A character of two to four bytes as UTF-8 writes it: in a file that is not UTF-8 these say
# that it mixes encodings (rows appended by another tool), which no one encoding reads.
UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# Where Windows-1252 puts its curly quotes, dashes and euro sign: control characters in Latin-1,
# which DuckDB's Latin-1 reader refuses ("File is not latin-1 encoded").
WINDOWS_1252_ONLY = re.compile(rb"[\x80-\x9f]")
COMPRESSED_SUFFIXES = (".gz", ".gzip", ".zst", ".zstd")
# The config comment of a file that is not UTF-8, by its encoding.
ENCODING_NOTES = {
    "latin-1": "the file is Latin-1 (ISO-8859-1), not UTF-8: the build reads it as it is",
    "utf-16": "the file is UTF-16 (it starts with its byte-order mark): the build reads it so",
}

# The config comment of a file whose first line is data: the build reads it the same way.
NO_HEADER_NOTE = (
    "the first line is data, not column names: columns are column0, column1, ... "
    "(column00, column01, ... from ten columns on)"
)


# ... and of one whose columns the user named (--column-names).
NAMED_COLUMNS_NOTE = "the first line is data, not column names: the columns are column_names"


def csv_options(
    path: str, delimiter: str | None, header: bool, column_names: list[str] | None = None
) -> str:
    """read_csv's options for the file's encoding, delimiter and header row, with
    ``column_names`` naming the columns of a file without one (as the build reads them:
    `encoding`, `delimiter`, `header`, `column_names`)."""
    options = f"header = {str(header).lower()}" + encoding_option(path)
    if delimiter:
        options += ", delim = '" + delimiter.replace("'", "''") + "'"
    if column_names:
        options += (
            ", names = ["
            + ", ".join("'" + name.replace("'", "''") + "'" for name in column_names)
            + "]"
        )
    return options


def encoding_option(path: str) -> str:
    """read_csv's `, encoding = '...'` for the file at ``path``, or nothing for UTF-8."""
    encoding = file_encoding(path)
    return f", encoding = '{encoding}'" if encoding else ""


def file_encoding(path: str) -> str | None:
    """The encoding read_csv needs for the (first) file at ``path``, or None for UTF-8 and for
    a file no one encoding reads (the reader's error then names its lines). DuckDB reads UTF-8,
    its default, Latin-1 (older exports and many public datasets: Book-Crossing, UCI's files) and
    UTF-16 with its byte-order mark (Excel's "Unicode text") without an extension; the
    `encodings` extension is downloaded, so not available offline."""
    if is_parquet(path) or path.lower().endswith(COMPRESSED_SUFFIXES):
        return None
    first = input_files(path)[0]
    try:
        stat = os.stat(first)
    except OSError:
        return None
    return _sampled_encoding(first, stat.st_mtime_ns, stat.st_size)


@functools.cache
def _sampled_encoding(path: str, modified_ns: int, size: int) -> str | None:
    """file_encoding of one file, read once per version of it (its time and size)."""
    with open(path, "rb") as file:
        sample = file.read(ENCODING_SAMPLE_BYTES)
    if sample.startswith(UTF16_BYTE_ORDER_MARK):
        return "utf-16"
    if _reads_as_utf8(sample) or WINDOWS_1252_ONLY.search(sample):
        return None
    return None if UTF8_MULTIBYTE.search(sample) else "latin-1"


def _reads_as_utf8(sample: bytes) -> bool:
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # The sample may end inside a character: only an error in its last bytes is forgiven.
        return error.reason == "unexpected end of data" and error.start >= len(sample) - 3
    return True


def input_files(path: str) -> list[str]:
    """The files a path or glob names, sorted (the path itself when nothing matches, so the
    reader's own error names it)."""
    return sorted(glob.glob(path)) or [path]


def sniffed_dialect(
    path: str, delimiter: str | None = None, column_names: list[str] | None = None
) -> tuple[str | None, bool]:
    """The delimiter (as given, else DuckDB's sniffer's) and whether the first line is a header.

    The sniffer says "no header" only when the first line's values have the types of the
    columns below it (a timestamp over timestamps, a number over numbers): a file of text
    columns reads as having a header. A glob is sniffed on its first file. ``column_names``
    (--column-names) name the columns of a file without a header row: its first line is data.

    Raises
    ------
    ValueError
        When ``column_names`` name a column twice.
    """
    if column_names and len(set(column_names)) != len(column_names):
        raise ValueError(f"{path}: --column-names repeats a name: {', '.join(column_names)}")
    sniffed = sniff(path, delimiter)
    if sniffed is None:
        return delimiter, not column_names
    return delimiter or sniffed[0], sniffed[1] and not column_names


def sniff(path: str, delimiter: str | None) -> tuple[str, bool, int] | None:
    """DuckDB's sniffer on the (first) file: its delimiter, whether it reads a header, and how
    many leading lines (a title line) it skips."""
    first = input_files(path)[:1]
    options = {"delim": delimiter} if delimiter else {}
    if encoding := file_encoding(path):
        options["encoding"] = encoding
    arguments = "".join(f", {name} = ?" for name in options)
    with duckdb.connect() as connection:
        sniffed = connection.execute(
            f"select Delimiter, HasHeader, SkipRows from sniff_csv(?{arguments})",
            [first[0], *options.values()],
        ).fetchall()
    return (sniffed[0][0], bool(sniffed[0][1]), int(sniffed[0][2])) if sniffed else None


def glob_columns_message(path: str, delimiter: str | None = None) -> str | None:
    """When the files of a glob do not share their columns (an export renamed `items` to `qty`
    in March), which files have which columns; None when they all agree. DuckDB's reader says
    only "Schema mismatch between globbed files"."""
    groups: dict[tuple[str, ...], list[str]] = {}
    with duckdb.connect() as connection:
        for file in input_files(path):
            quoted = file.replace("'", "''")
            options = csv_options(file, delimiter, header=True) + ", all_varchar = true"
            described = connection.execute(
                f"describe select * from read_csv('{quoted}', {options})"
            ).fetchall()
            groups.setdefault(tuple(row[0] for row in described), []).append(file)
    if len(groups) < 2:
        return None
    every = set.intersection(*(set(columns) for columns in groups))
    lines = [f"{path}: the files do not have the same columns:"]
    for columns, files in groups.items():
        shown = ", ".join(Path(file).name for file in files[:3])
        more = f" and {len(files) - 3} more" if len(files) > 3 else ""
        own = [column for column in columns if column not in every]
        having = f"also {', '.join(own)}" if own else "only the columns every file has"
        lines.append(f"  {shown}{more}: {having}")
    lines.append(
        "Rename the columns to the same names in every file (or read the files that match "
        "with a narrower glob)."
    )
    return "\n".join(lines)


def _first_lines(path: str, count: int = 5) -> list[str]:
    """The first lines of the (first) file, or none for Parquet or a file that cannot be read."""
    if is_parquet(path):
        return []
    try:
        with Path(input_files(path)[0]).open(errors="replace") as file:
            return [line.rstrip("\r\n") for line in itertools.islice(file, count)]
    except (OSError, IndexError):
        return []


def single_space_separated(path: str) -> bool:
    """True when the first lines have no comma, tab, ';' or '|' and the same number (2+) of
    single spaces between values (UCI's german.data), which DuckDB's sniffer reads as one
    column."""
    lines = _first_lines(path)
    spaces = {line.count(" ") for line in lines}
    return (
        len(lines) >= 2
        and len(spaces) == 1
        and min(spaces) >= 2
        and not any("  " in line or any(mark in line for mark in ",\t;|") for line in lines)
    )


def looks_space_aligned(path: str) -> bool:
    """True when the first lines have no comma, tab, ';' or '|' but runs of spaces between
    values, as fixed-width exports (and R's print of a data frame) do."""
    lines = _first_lines(path)
    return bool(lines) and all(
        "  " in line.strip() and not any(mark in line for mark in ",\t;|")
        for line in lines
        if line.strip()
    )
