"""Malformed lines of a CSV file: a line with more or fewer fields than the header, a stray
quote, or line endings that mix CRLF and LF. DuckDB's strict reader fails on the first one with
an error that names no line (or reads the whole file as one column), so the scaffold checks first
and names the lines. The build runs the same checks (macros require_well_formed_csv and
require_consistent_line_endings)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from user_segmentation.tools.csv_dialect import WINDOWS_1252_ONLY, csv_options, input_files, sniff
from user_segmentation.tools.table_profile import MISSING_VALUE_MARKERS

# Shown in the message; a file with more malformed lines gets the count and these first ones.
LINES_SHOWN = 5
# What each of DuckDB's reject types means for someone fixing the file.
LINE_FIXES = {
    "TOO MANY COLUMNS": "a value holding the delimiter must be quoted",
    "MISSING COLUMNS": "the line is cut short: is the file complete?",
    "UNQUOTED VALUE": "a quote inside a value must be doubled, or the value quoted",
    "LINE SIZE OVER MAXIMUM": "the line is longer than DuckDB's limit (a missing closing quote?)",
}


# One row per rejected line (a short line gets one reject per missing column; the first one says
# how many fields it has): file, line, DuckDB's reject type, the problem in words, the line.
REJECTED_LINES_SQL = r"""
    with rejected as (
        select
            scans.file_path,
            errors.line,
            errors.error_type,
            arg_min(errors.error_message, coalesce(errors.column_idx, -1)) as message,
            any_value(errors.csv_line) as csv_line
        from malformed_csv_lines as errors
        inner join malformed_csv_scans as scans using (scan_id, file_id)
        group by all
    )
    select
        file_path,
        line,
        error_type,
        case
            when error_type in ('TOO MANY COLUMNS', 'MISSING COLUMNS')
                then regexp_extract(message, 'Found: (\d+)', 1)
                    || ' fields where the header has '
                    || regexp_extract(message, 'Columns: (\d+)', 1)
            else lower(error_type) || ': ' || message
        end,
        csv_line
    from rejected
    order by file_path, line
"""


@dataclass(frozen=True)
class MalformedLine:
    """One line DuckDB could not split into the header's fields."""

    file: str
    line: int
    error_type: str
    problem: str
    text: str

    def describe(self) -> str:
        fix = LINE_FIXES.get(self.error_type)
        return f"line {self.line} of '{self.file}': {self.problem}" + (f" ({fix})" if fix else "")


def malformed_lines(path: str, delimiter: str | None = None) -> tuple[int, list[MalformedLine]]:
    """Read the CSV file(s) at ``path`` (a glob works) as text and return the rows read and every
    line DuckDB rejected (``store_rejects``), in file and line order."""
    quoted = path.replace("'", "''")
    try:
        # As the reader will see it: a file whose first line is data, or that starts with a title
        # line DuckDB's sniffer skips (UCI's adult.test), showed every line as malformed when
        # read with a header (store_rejects turns the sniffer's skip detection off).
        _, header, skip = sniff(path, delimiter) or (None, True, 0)
    except duckdb.Error:
        header, skip = True, 0  # a file the sniffer cannot read: the rejects say why
    options = csv_options(path, delimiter, header) + (
        f", skip = {skip}, all_varchar = true, store_rejects = true, "
        "rejects_table = 'malformed_csv_lines', rejects_scan = 'malformed_csv_scans'"
    )
    reader = f"read_csv('{quoted}', {options})"
    with duckdb.connect() as connection:
        try:
            [(rows,)] = connection.execute(f"select count(*) from {reader}").fetchall()
        except duckdb.Error as error:
            for file in input_files(path):
                require_one_line_ending(file)
            raise error
        rejected = connection.execute(REJECTED_LINES_SQL).fetchall()
    return rows, [MalformedLine(*row) for row in rejected]


def require_one_line_ending(path: str) -> None:
    """Raise ValueError when the file's lines end with CRLF and with LF alone (an export another
    tool appended to): DuckDB's reader then fails with a parser-state error naming neither."""
    crlf = lf = 0
    previous = b""
    with open(path, "rb") as file:
        while chunk := file.read(1 << 24):
            newlines = chunk.count(b"\n")
            crlf += chunk.count(b"\r\n") + (previous == b"\r" and chunk[:1] == b"\n")
            lf += newlines
            previous = chunk[-1:]
    lf -= crlf
    if crlf and lf:
        raise ValueError(
            f"{path}: mixes line endings: {crlf:,} lines end with CRLF (Windows) and {lf:,} with "
            "LF alone, which DuckDB's CSV reader cannot split. Save it with one kind (e.g. "
            "`dos2unix` on the file) and rerun."
        )


def require_well_formed_csv(path: str, delimiter: str | None = None) -> None:
    """Raise ValueError naming the malformed lines of the CSV file(s) at ``path``, if any."""
    rows, lines = malformed_lines(path, delimiter)
    if lines:
        raise ValueError(malformed_lines_message(path, rows, lines))


#: Fewest columns of numbers under a header above a header (a title row of X1, X2, ...).
MIN_NUMBER_COLUMNS = 3


def header_above_header(path: str, delimiter: str | None = None) -> str | None:
    """The error for a CSV whose first two lines are both headers over rows of numbers (UCI's
    credit card default file: X1, X2, ..., Y above ID, LIMIT_BAL, SEX, ...): the first line was
    taken for the names, every feature was named x1 .. x23 and the real header quarantined as a
    malformed id. None when the second line is data, or the file is not such a CSV."""
    options = csv_options(path, delimiter, header=False)
    first = input_files(path)[:1]
    if not first:
        return None
    try:
        rows = duckdb.execute(
            f"select * from read_csv(?, {options}, all_varchar = true) limit 3", [first[0]]
        ).fetchall()
    except duckdb.Error:
        return None
    if len(rows) < 3:
        return None

    def is_number(value: str | None) -> bool:
        try:
            float((value or "").replace(",", ""))
        except ValueError:
            return False
        return True

    def is_text(value: str | None) -> bool:
        # A missing value (NA) in a first data row is no name.
        text = (value or "").strip()
        return bool(text) and text not in MISSING_VALUE_MARKERS and not is_number(text)

    numbers = [i for i, value in enumerate(rows[2]) if is_number(value)]
    if len(numbers) < MIN_NUMBER_COLUMNS or len(numbers) < len(rows[2]) / 2:
        return None
    # The title row may leave the row-number column's title empty (UCI's ",X1,X2,...").
    titled = sum(is_text(rows[0][i]) and is_text(rows[1][i]) for i in numbers)
    untitled = max(1, len(numbers) // 10)
    if titled < max(MIN_NUMBER_COLUMNS, len(numbers) - untitled):
        return None
    names = ", ".join(str(value) for value in rows[1][:6] if value)
    titles = ", ".join(str(value) for value in rows[0][:6] if value)
    return (
        f"{path}: its first two lines both read as headers over rows of numbers: line 1 "
        f"({titles}, ...) above line 2 ({names}, ...). Line 1 is likely a title row above the "
        "column names (a spreadsheet exported with its column letters); delete it, e.g. "
        f"`tail -n +2 '{path}' > fixed.csv`, and scaffold the fixed file."
    )


def malformed_lines_message(path: str, rows: int, lines: list[MalformedLine]) -> str:
    """The error for a file with malformed lines: how many, the first few, and the fix."""
    shown = "\n".join(f"  - {line.describe()}: {line.text[:120]!r}" for line in lines[:LINES_SHOWN])
    more = f"\n  ... and {len(lines) - LINES_SHOWN} more" if len(lines) > LINES_SHOWN else ""
    return (
        f"{path}: {len(lines)} malformed line(s) next to {rows:,} well-formed rows: a line "
        f"must have as many fields as the header.\n{shown}{more}\n"
        f"{footer_note(rows, lines)}"
        "Fix or delete these lines (or export the file again) and rerun."
    )


def footer_note(rows: int, lines: list[MalformedLine]) -> str:
    """A note when every malformed line is a single field after the last well-formed row (the
    header is line 1): a footer of totals or notes below the data (Lending Club's "Total amount
    funded ..."), not a cut-short last line, which keeps some of its fields. The build's macro
    require_well_formed_csv adds the same note."""
    after_the_data = lines and min(line.line for line in lines) > rows + 1
    if after_the_data and all(line.problem.startswith("1 fields ") for line in lines):
        return (
            "Every malformed line comes after the data: a footer (totals or notes below the "
            "table)? Delete it. "
        )
    return ""


def not_utf8_message(path: str) -> str:
    """Why the CSV file(s) at ``path`` do not read as UTF-8: the first line that is not, how many
    are not, and the fix. A file that is UTF-8 but for some lines (an old tool appended Latin-1
    rows) must not be converted whole: `iconv -f latin1` garbles its UTF-8 lines (São Paulo
    became SÃ£o Paulo in every mart), so then only those lines are to be fixed. A Latin-1 file is
    read as it is (`encoding: latin-1`); one in Windows-1252 (curly quotes, the euro sign) is
    converted, since DuckDB reads that encoding only with an extension it downloads."""
    for file in input_files(path):
        bad, first_bad, utf8_non_ascii, windows_1252 = 0, None, 0, False
        with open(file, "rb") as lines:
            for number, line in enumerate(lines, start=1):
                try:
                    utf8_non_ascii += not line.decode("utf-8").isascii()
                except UnicodeDecodeError:
                    bad += 1
                    first_bad = first_bad or number
                    windows_1252 = windows_1252 or bool(WINDOWS_1252_ONLY.search(line))
        if not bad:
            continue
        where = f"{file}: {bad:,} line(s) are not UTF-8 text (the first: line {first_bad})"
        if utf8_non_ascii:
            return (
                f"{where}, while {utf8_non_ascii:,} other lines hold UTF-8 accents: the file "
                "mixes encodings (rows appended by another tool?). Re-encode only those lines "
                "(converting the whole file with iconv would garble the UTF-8 ones), or export "
                "the file again."
            )
        if windows_1252:
            return (
                f"{where}: it is Windows-1252 (bytes 0x80-0x9F: curly quotes, dashes, the euro "
                f"sign), which DuckDB reads only with an extension it downloads. Convert it "
                f"first, e.g. iconv -f cp1252 -t utf-8 {file} > converted.csv"
            )
        return f"{where}. Convert it first, e.g. iconv -f latin1 -t utf-8 {file} > converted.csv"
    return f"{path}: the file is not UTF-8 text. Convert it to UTF-8 first."
