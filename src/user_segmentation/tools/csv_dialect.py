"""How a CSV input is written, as DuckDB's sniffer reads it: its files (a glob names several),
its delimiter, whether its first line is a header, and the title lines above the data. The
scaffold profiles a file with these, and its malformed-line check reads the file the same way."""

from __future__ import annotations

import glob
from pathlib import Path

import duckdb

# The config comment of a file whose first line is data: the build reads it the same way.
NO_HEADER_NOTE = (
    "the first line is data, not column names: columns are column0, column1, ... "
    "(column00, column01, ... from ten columns on)"
)


# ... and of one whose columns the user named (--column-names).
NAMED_COLUMNS_NOTE = "the first line is data, not column names: the columns are column_names"


def csv_options(delimiter: str | None, header: bool, column_names: list[str] | None = None) -> str:
    """read_csv's options for the file's delimiter and header row, with ``column_names`` naming
    the columns of a file without one (as the build reads them, `column_names`)."""
    options = f"header = {str(header).lower()}"
    if delimiter:
        options += ", delim = '" + delimiter.replace("'", "''") + "'"
    if column_names:
        options += (
            ", names = ["
            + ", ".join("'" + name.replace("'", "''") + "'" for name in column_names)
            + "]"
        )
    return options


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
    options = "header = true, all_varchar = true" + (
        f", delim = '{delimiter}'" if delimiter else ""
    )
    with duckdb.connect() as connection:
        for file in input_files(path):
            quoted = file.replace("'", "''")
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
