"""Fuzzed inputs: Hypothesis writes malformed files of every input shape and the build must
either pass with rows read = accepted + quarantined and every bad row quarantined with a reason
naming its column, or stop with a clear error naming the file, the column and the fix. Never a
traceback, never a silently dropped row.

Cases: 10 per shape in `make test` (profile ci); 500 in all in `make fuzz` (profile fuzz).
Each case builds only the shape's input models in one work folder (same vars, partial parse).
"""

from __future__ import annotations

import pytest
from fuzz_inputs import (
    EVENT_FILE_FAULTS,
    EVENT_ROW_FAULTS,
    FILE_FAULTS,
    PROFILE_ROW_FAULTS,
    TABLE_ROW_FAULTS,
    TABLE_VARS,
    USER_ROW_FAULTS,
    FuzzRunner,
    assert_clear_error,
    events_case,
    profile_case,
    table_case,
)
from hypothesis import example, given
from hypothesis import strategies as st

from hypothesis_profiles import cases

styles = st.fixed_dictionaries(
    {
        "delimiter": st.sampled_from([",", "\t", ";", "|"]),
        "newline": st.sampled_from(["\n", "\r\n"]),
        "bom": st.booleans(),
        "extra_column": st.booleans(),
        "file_fault": st.one_of(st.none(), st.none(), st.none(), st.sampled_from(FILE_FAULTS)),
    }
)


def rows_of(kinds: list[str], clean_weight: int = 2):
    """1-12 rows, each a seed and a fault kind (clean rows `clean_weight` times as likely)."""
    kind = st.sampled_from(["clean"] * clean_weight + ["duplicate_id", *kinds])
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


def assert_reconciled_with_the_answer_key(runner, case) -> None:
    """Rows read = accepted + quarantined, and exactly the planted rows quarantined, on their
    column."""
    ((read, accepted, quarantined),) = runner.query(
        "select rows_read, rows_accepted, rows_quarantined from input_reconciliation"
    )
    assert read == case.rows_written, "rows were dropped or invented while reading"
    assert read == accepted + quarantined
    got = dict(runner.query("select source_row_number, quarantine_column from input_quarantine"))
    expected = {row: column for row, column in case.expected_columns.items() if column}
    assert got == expected


CLEAN_STYLE = {"delimiter": ",", "newline": "\n", "bom": False, "extra_column": False}


@cases("profiles_csv")
@given(draw_rows=rows_of(list(PROFILE_ROW_FAULTS)), style=styles)
@example(draw_rows=[(1, "impossible_hours_per_day"), (2, "clean")], style=CLEAN_STYLE)
@example(draw_rows=[(1, "clean"), (2, "fractional_user_id")], style=CLEAN_STYLE)
@example(draw_rows=[(1, "clean")], style={**CLEAN_STYLE, "file_fault": "empty_file"})
@example(draw_rows=[(1, "clean")], style={**CLEAN_STYLE, "file_fault": "latin1_bytes"})
def test_fuzzed_flat_profiles_csv_is_quarantined_or_refused_clearly(
    profiles_runner, draw_rows, style
):
    runner, path = profiles_runner
    case = profile_case(path, draw_rows, style)

    outcome = runner.build(case)

    if case.file_fault:
        column = "Conversion Rates" if case.file_fault == "missing_column" else None
        assert_clear_error(outcome, path, column)
        return
    assert outcome.returncode == 0, outcome.output[-4000:]
    assert_reconciled_with_the_answer_key(runner, case)


@cases("table")
@given(draw_rows=rows_of(list(TABLE_ROW_FAULTS)), style=styles)
@example(draw_rows=[(1, "clean"), (2, "text_id"), (3, "duplicate_id")], style=CLEAN_STYLE)
@example(draw_rows=[(1, "clean"), (2, "clean"), (3, "fractional_id")], style=CLEAN_STYLE)
@example(draw_rows=[(1, "clean"), (2, "summary_row"), (3, "duplicate_id")], style=CLEAN_STYLE)
@example(draw_rows=[(1, "clean")], style={**CLEAN_STYLE, "file_fault": "header_only"})
def test_fuzzed_user_table_is_quarantined_or_refused_clearly(table_runner, draw_rows, style):
    runner, path = table_runner
    case = table_case(path, draw_rows, style)

    outcome = runner.build(case)

    if case.file_fault:
        column = "visits" if case.file_fault == "missing_column" else None
        assert_clear_error(outcome, path, column)
        return
    assert outcome.returncode == 0, outcome.output[-4000:]
    assert_reconciled_with_the_answer_key(runner, case)


@pytest.fixture(scope="module")
def events_runner(tmp_path_factory):
    work = tmp_path_factory.mktemp("fuzz_events")
    raw = work / "raw"
    return FuzzRunner(work, "events", {"raw_data_path": str(raw)}), raw


event_styles = st.fixed_dictionaries(
    {
        "extra_column": st.booleans(),
        "file_fault": st.one_of(
            st.none(), st.none(), st.none(), st.sampled_from(EVENT_FILE_FAULTS)
        ),
    }
)


@cases("events")
@given(
    user_kinds=st.lists(
        st.sampled_from(["clean", "clean", "clean", "duplicate_user_id", *USER_ROW_FAULTS]),
        min_size=1,
        max_size=6,
    ),
    event_rows=st.lists(
        st.tuples(
            st.integers(0, 999),
            st.sampled_from(["clean", "clean", "duplicate_event_id", *EVENT_ROW_FAULTS]),
        ),
        min_size=1,
        max_size=20,
    ),
    style=event_styles,
)
@example(
    user_kinds=["clean"],
    event_rows=[(0, "nan_duration"), (1, "clean"), (2, "impossible_duration")],
    style={"extra_column": False, "file_fault": None},
)
@example(  # found by make fuzz: a copy of a copy of a missing id (an answer-key bug)
    user_kinds=["clean"],
    event_rows=[
        (882, "missing_event_id"),
        (934, "duplicate_event_id"),
        (361, "duplicate_event_id"),
    ],
    style={"extra_column": False, "file_fault": None},
)
def test_fuzzed_events_and_users_parquet_are_quarantined_or_refused_clearly(
    events_runner, user_kinds, event_rows, style
):
    runner, raw = events_runner
    case = events_case(raw, user_kinds, event_rows, style)

    outcome = runner.build(case)

    if case.file_fault:
        column = {"missing_column": "duration_s", "mixed_types": "event_id"}.get(case.file_fault)
        assert_clear_error(outcome, raw / "events", column)
        return
    assert outcome.returncode == 0, outcome.output[-4000:]
    reconciliation = runner.query(
        "select source_name, rows_read, rows_accepted, rows_quarantined from input_reconciliation"
    )
    assert sum(row[1] for row in reconciliation) == case.rows_written, "rows dropped or invented"
    assert all(read == accepted + quarantined for _, read, accepted, quarantined in reconciliation)
    got = {
        (source, row): reason
        for source, row, reason in runner.query(
            "select source_name, source_row_number, quarantine_reason from input_quarantine"
        )
    }
    assert got == case.expected_columns
    columns = dict(
        runner.query("select distinct quarantine_reason, quarantine_column from input_quarantine")
    )
    for reason, column in columns.items():
        assert column in (
            "event_id",
            "user_id",
            "event_at",
            "event_type",
            "duration_s",
            "birth_year",
            "income_band",
        ), (reason, column)
