"""Fuzzed inputs: Hypothesis writes malformed files of every input shape and the build must
either pass with rows read = accepted + quarantined and every bad row quarantined with a reason
naming its column, or stop with a clear error naming the file, the column and the fix. Never a
traceback, never a silently dropped row.

Cases per shape: 20 in `make test` (profile ci), 150+ in `make fuzz` (HYPOTHESIS_PROFILE=fuzz).
Each case builds only the shape's input models in one work folder (same vars, partial parse).
"""

from __future__ import annotations

import pytest
from fuzz_inputs import (
    FILE_FAULTS,
    PROFILE_ROW_FAULTS,
    TABLE_ROW_FAULTS,
    TABLE_VARS,
    FuzzRunner,
    assert_clear_error,
    profile_case,
    table_case,
)
from hypothesis import example, given
from hypothesis import strategies as st

import hypothesis_profiles  # noqa: F401  (loads the ci or fuzz profile)

styles = st.fixed_dictionaries(
    {
        "delimiter": st.sampled_from([",", "\t", ";", "|"]),
        "newline": st.sampled_from(["\n", "\r\n"]),
        "bom": st.booleans(),
        "extra_column": st.booleans(),
        "file_fault": st.one_of(st.none(), st.none(), st.none(), st.sampled_from(FILE_FAULTS)),
    }
)


def rows_of(kinds: list[str]):
    """1-12 rows, each a seed and a fault kind (clean rows twice as likely)."""
    kind = st.sampled_from(["clean", "clean", "duplicate_id", *kinds])
    return st.lists(st.tuples(st.integers(0, 999), kind), min_size=1, max_size=12)


@pytest.fixture(scope="module")
def profiles_runner(tmp_path_factory):
    work = tmp_path_factory.mktemp("fuzz_profiles")
    path = work / "profiles.csv"
    return FuzzRunner(
        work, "profiles_csv", {"user_source": "profiles_csv", "profiles_csv_path": str(path)}
    ), path


@pytest.fixture(scope="module")
def table_runner(tmp_path_factory):
    work = tmp_path_factory.mktemp("fuzz_table")
    path = work / "customers.csv"
    variables = {**TABLE_VARS, "user_table": {**TABLE_VARS["user_table"], "path": str(path)}}
    return FuzzRunner(work, "table", variables), path


CLEAN_STYLE = {"delimiter": ",", "newline": "\n", "bom": False, "extra_column": False}


@given(draw_rows=rows_of(list(PROFILE_ROW_FAULTS)), style=styles)
@example(draw_rows=[(1, "impossible_hours_per_day"), (2, "clean")], style=CLEAN_STYLE)
@example(draw_rows=[(1, "clean")], style={**CLEAN_STYLE, "file_fault": "empty_file"})
@example(draw_rows=[(1, "clean")], style={**CLEAN_STYLE, "file_fault": "latin1_bytes"})
def test_fuzzed_flat_profiles_csv_is_quarantined_or_refused_clearly(
    profiles_runner, draw_rows, style
):
    runner, path = profiles_runner
    case = profile_case(path, draw_rows, style)

    outcome = runner.build()

    if case.file_fault:
        column = "Conversion Rates" if case.file_fault == "missing_column" else None
        assert_clear_error(outcome, path, column)
        return
    assert outcome.returncode == 0, outcome.output[-4000:]
    ((read, accepted, quarantined),) = runner.query(
        "select rows_read, rows_accepted, rows_quarantined from input_reconciliation"
    )
    assert read == case.rows_written, "rows were dropped or invented while reading"
    assert read == accepted + quarantined
    got = dict(runner.query("select source_row_number, quarantine_column from input_quarantine"))
    expected = {row: column for row, column in case.expected_columns.items() if column}
    assert got == expected


@given(draw_rows=rows_of(list(TABLE_ROW_FAULTS)), style=styles)
@example(draw_rows=[(1, "clean"), (2, "text_id")], style=CLEAN_STYLE)
@example(draw_rows=[(1, "clean")], style={**CLEAN_STYLE, "file_fault": "header_only"})
def test_fuzzed_user_table_is_kept_whole_or_refused_clearly(table_runner, draw_rows, style):
    runner, path = table_runner
    case = table_case(path, draw_rows, style)

    outcome = runner.build()

    if case.file_fault:
        column = None
        if case.file_fault == "missing_column":
            column = "visits"
        elif case.file_fault.startswith("bad_rows:"):
            kinds = case.file_fault.removeprefix("bad_rows:").split(",")
            if "duplicate_id" in kinds:
                column = "customer_id"  # the id column is checked first
            else:  # then the numeric features in config order: spend, visits
                column = "spend" if "nan_in_numeric" in kinds else "visits"
        assert_clear_error(outcome, path, column)
        return
    assert outcome.returncode == 0, outcome.output[-4000:]
    ((rows,),) = runner.query("select count(*) from int_user_features_from_table")
    assert rows == case.rows_written, "rows were dropped or invented"
