"""Fault suite, input side: bad rows go to quarantine with the right reason, counts reconcile,
thresholds warn or stop the build, and broken files stop it with a message naming file and fix.

One dbt build per input shape on generated messy data (all row faults at once, ~1% bad rows;
the shape's dbt unit tests run in the session builds, not here);
file and schema faults compile only the affected staging model, sharing one target folder so
dbt's partial parsing skips re-parsing between cases.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from support import PROFILES_CSV, SKIP_UNIT_TESTS, query, run_dbt
from user_segmentation.synthetic.fault_injection import (
    EVENT_FAULTS,
    PROFILE_FAULTS,
    USER_FAULTS,
    inject_profile_faults,
    inject_row_faults,
)
from user_segmentation.synthetic.flat_profiles import write_flat_profiles_csv

INPUT_MODELS = [
    "--select",
    "+int_user_features_joined +input_reconciliation +input_quarantine",
    "--indirect-selection",
    "cautious",
]


@pytest.fixture(scope="module")
def clean_demo(tmp_path_factory):
    from user_segmentation.synthetic.demo_data import generate_demo_data

    out = tmp_path_factory.mktemp("clean_demo")
    generate_demo_data(out, n_users=2_000)
    return out


@pytest.fixture(scope="module")
def messy_events(tmp_path_factory, clean_demo):
    """2,000 demo users with 1% bad rows of every kind mixed into events and users, built once."""
    work = tmp_path_factory.mktemp("messy_events")
    answer_key = inject_row_faults(clean_demo, work / "raw", bad_row_share=0.01).to_pandas()
    database = work / "warehouse.duckdb"
    variables = {"raw_data_path": str(work / "raw")}
    result = run_dbt(["build", *INPUT_MODELS, *SKIP_UNIT_TESTS], database, variables)
    assert result.returncode == 0, result.output[-5000:]
    return database, answer_key, result.output, variables


@pytest.fixture(scope="module")
def messy_profiles(tmp_path_factory):
    """The notebook CSV tab-separated, with a BOM, CRLF endings, an extra column and a bad row
    of each kind."""
    work = tmp_path_factory.mktemp("messy_profiles")
    csv_path = work / "profiles.csv"
    answer_key = inject_profile_faults(PROFILES_CSV, csv_path).to_pandas()
    database = work / "warehouse.duckdb"
    variables = {"user_source": "profiles_csv", "profiles_csv_path": str(csv_path)}
    result = run_dbt(["build", *INPUT_MODELS, *SKIP_UNIT_TESTS], database, variables)
    assert result.returncode == 0, result.output[-5000:]
    return database, answer_key, result.output


def _quarantined(database, source_name):
    return query(
        database,
        "select source_file, source_row_number, quarantine_reason, quarantine_column "
        f"from input_quarantine where source_name = '{source_name}'",
    )


@pytest.mark.parametrize(
    ("source_name", "reason"),
    [("app.events", reason) for reason in EVENT_FAULTS]
    + [("app.users", reason) for reason in USER_FAULTS],
)
def test_each_bad_row_kind_is_quarantined_with_its_reason(messy_events, source_name, reason):
    database, answer_key, _, _ = messy_events
    expected = answer_key[
        (answer_key["source_name"] == source_name) & (answer_key["quarantine_reason"] == reason)
    ]
    got = _quarantined(database, source_name)
    got = got[got["quarantine_reason"] == reason]
    assert len(expected) >= 1
    assert sorted(got["source_row_number"]) == sorted(expected["source_row_number"])
    assert set(got["quarantine_column"]) == set(expected["quarantine_column"])


def test_quarantine_holds_exactly_the_injected_rows_and_no_good_row_is_lost(
    messy_events, clean_demo
):
    database, answer_key, _, _ = messy_events
    quarantined = query(database, "select * from input_quarantine")
    key = ["source_name", "source_file", "source_row_number", "quarantine_reason"]
    assert quarantined[key].sort_values(key).values.tolist() == (
        answer_key[key].sort_values(key).values.tolist()
    )
    clean_events = pq.read_table(clean_demo / "events").to_pandas()
    accepted = query(database, "select event_id, duration_s from stg_app__events")
    assert sorted(accepted["event_id"]) == sorted(clean_events["event_id"])
    assert accepted["duration_s"].sum() == pytest.approx(clean_events["duration_s"].sum())
    accepted_users = query(database, "select user_id from int_user_features_joined")["user_id"]
    assert sorted(accepted_users) == list(range(1, 2_001))


def test_reconciliation_adds_up_per_source_with_top_reasons(messy_events):
    database, answer_key, _, _ = messy_events
    table = query(database, "select * from input_reconciliation order by source_name")
    assert list(table["source_name"]) == ["app.events", "app.users"]
    assert (table["rows_read"] == table["rows_accepted"] + table["rows_quarantined"]).all()
    assert table["is_reconciled"].all()
    injected = answer_key.groupby("source_name").size()
    assert list(table["rows_quarantined"]) == [injected["app.events"], injected["app.users"]]
    assert table["quarantined_share"].between(0.009, 0.011).all()
    assert table["top_reasons"].str.match(r"^\w+: \d+, \w+: \d+, \w+: \d+$").all()


def _expected_summary(answer_key, clean_demo, source_name: str) -> str:
    """The threshold message's numbers, from the planted answer key and the clean files."""
    planted = answer_key[answer_key["source_name"] == source_name]
    folder = "events" if source_name == "app.events" else "users"
    rows_read = pq.read_table(clean_demo / folder).num_rows + len(planted)
    reasons = planted.groupby("quarantine_reason").size().reset_index(name="rows")
    top = reasons.sort_values(["rows", "quarantine_reason"], ascending=[False, True]).head(3)
    listed = ", ".join(f"{row.quarantine_reason}: {row.rows}" for row in top.itertuples())
    share = len(planted) / rows_read * 100
    return (
        f"{source_name}: {len(planted)} of {rows_read} rows quarantined ({share:.2f}%); "
        f"top reasons: {listed}."
    )


def test_one_percent_bad_rows_pass_with_a_warning_naming_source_and_reasons(
    messy_events, clean_demo
):
    _, answer_key, output, _ = messy_events
    flat = " ".join(output.split())
    for source_name in ("app.events", "app.users"):
        summary = _expected_summary(answer_key, clean_demo, source_name)
        assert f"Bad input rows quarantined in source {summary}" in flat
    assert "WARN 2 input_quarantined_share_is_below_the_warning_threshold" in output


def test_bad_share_above_the_error_threshold_stops_the_build_naming_source_and_reasons(
    messy_events, clean_demo
):
    database, answer_key, _, variables = messy_events
    result = run_dbt(
        ["run", "--select", "int_user_features_joined"],
        database,
        {**variables, "quarantine_error_share": 0.009},
    )
    assert result.returncode != 0
    summary = _expected_summary(answer_key, clean_demo, "app.events")
    assert (
        f"Too many bad input rows in source {summary} That is above quarantine_error_share=0.009."
        in " ".join(result.output.split())
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize("reason", list(PROFILE_FAULTS))
def test_each_bad_csv_row_kind_is_quarantined_with_its_reason(messy_profiles, reason):
    database, answer_key, _ = messy_profiles
    expected = answer_key[answer_key["quarantine_reason"] == reason]
    got = _quarantined(database, "flat_profiles.user_profiles")
    got = got[got["quarantine_reason"] == reason]
    assert list(got["source_row_number"]) == list(expected["source_row_number"])
    assert list(got["quarantine_column"]) == list(expected["quarantine_column"])


def test_tab_separated_csv_with_bom_crlf_and_an_extra_column_keeps_every_good_row(messy_profiles):
    database, answer_key, output = messy_profiles
    clean = pd.read_csv(PROFILES_CSV)
    accepted = query(database, "select * from stg_flat_profiles__user_profiles order by user_id")
    assert list(accepted["user_id"]) == list(clean["User ID"])
    assert accepted["ctr"].tolist() == clean["Click-Through Rates (CTR)"].tolist()
    assert accepted["likes_reactions"].tolist() == clean["Likes and Reactions"].tolist()
    reconciliation = query(database, "select * from input_reconciliation").iloc[0]
    planted = len(answer_key)  # one row per planted bad row
    assert (reconciliation["rows_read"], reconciliation["rows_accepted"]) == (
        len(clean) + planted,
        len(clean),
    )
    assert (
        "Bad input rows quarantined in source flat_profiles.user_profiles: "
        f"{planted} of {len(clean) + planted}" in output
    )


# File and schema faults: each compiles the one staging model that reads the file.


@pytest.fixture(scope="module")
def file_case(tmp_path_factory, clean_demo):
    """A fixed input folder rewritten per case (same vars, so dbt's partial parsing is reused)."""
    work = tmp_path_factory.mktemp("file_cases")
    raw = work / "raw"

    def prepare(events: pa.Table | None = None, users: pa.Table | None = None, extra=None):
        shutil.rmtree(raw, ignore_errors=True)
        (raw / "events").mkdir(parents=True)
        shutil.copytree(clean_demo / "users", raw / "users")
        if events is not None:
            pq.write_table(events, raw / "events" / "part-00000.parquet")
        if users is not None:
            pq.write_table(users, raw / "users" / "users.parquet")
        for name, table in (extra or {}).items():
            pq.write_table(table, raw / "events" / name)
        return raw

    return work, prepare


def _compile(work, model: str, variables: dict):
    return run_dbt(["compile", "--select", model], work / "warehouse.duckdb", variables)


def _events(clean_demo) -> pa.Table:
    return pq.read_table(clean_demo / "events").slice(0, 1_000)


def test_renamed_events_column_names_the_file_the_column_and_the_fix(file_case, clean_demo):
    work, prepare = file_case
    events = _events(clean_demo).rename_columns(
        ["event_id", "userid", "event_at", "event_type", "duration_s"]
    )
    raw = prepare(events)
    result = _compile(work, "stg_app__events_typed", {"raw_data_path": str(raw)})
    assert result.returncode != 0
    assert (
        f"Input file '{raw}/events/part-00000.parquet' (source app.events) lacks required "
        "column(s): user_id. Columns present that the source does not use (renamed?): userid. "
        "Rename the columns in the export to: event_id, user_id, event_at, event_type, duration_s"
    ) in " ".join(result.output.split())


def test_missing_users_columns_are_all_named(file_case, clean_demo):
    work, prepare = file_case
    users = pq.read_table(clean_demo / "users").drop_columns(["gender", "device"])
    raw = prepare(_events(clean_demo), users)
    result = _compile(work, "stg_app__users_validated", {"raw_data_path": str(raw)})
    assert result.returncode != 0
    assert "(source app.users) lacks required column(s): gender, device." in result.output


def test_mixed_types_across_parquet_files_name_both_files(file_case, clean_demo):
    work, prepare = file_case
    events = _events(clean_demo)
    as_text = events.set_column(1, "user_id", events["user_id"].cast(pa.string()))
    raw = prepare(events, extra={"part-00001.parquet": as_text})
    result = _compile(work, "stg_app__events_typed", {"raw_data_path": str(raw)})
    assert result.returncode != 0
    message = " ".join(result.output.split())
    assert "Column 'user_id' of source app.events has different types across the Parquet" in message
    assert f"INT64 in '{raw}/events/part-00000.parquet'" in message
    assert f"BYTE_ARRAY UTF8 in '{raw}/events/part-00001.parquet'" in message


def test_extra_columns_in_parquet_are_ignored(file_case, clean_demo):
    work, prepare = file_case
    events = _events(clean_demo)
    raw = prepare(events.append_column("campaign", pa.array(["x"] * len(events))))
    result = _compile(work, "stg_app__events_typed", {"raw_data_path": str(raw)})
    assert result.returncode == 0, result.output[-3000:]


def test_events_file_without_rows_is_named(file_case, clean_demo):
    work, prepare = file_case
    raw = prepare(_events(clean_demo).slice(0, 0))
    result = _compile(work, "stg_app__events_typed", {"raw_data_path": str(raw)})
    assert result.returncode != 0
    assert (
        f"Input '{raw}/events/*.parquet' (source app.events) has no data rows. Export the data "
        "again, or point var 'raw_data_path' at the complete files."
    ) in " ".join(result.output.split())


def _late_event_of_an_unknown_user(events: pa.Table) -> pa.Table:
    late = events.slice(0, 1).to_pylist()[0]
    late.update(event_id=10**12, user_id=10**12, event_at=late["event_at"] + pd.Timedelta(days=3))
    return pa.Table.from_pylist([late], schema=events.schema)


@pytest.mark.parametrize(
    ("case", "expected_source"),
    [
        ("clean", "parquet statistics"),
        ("a quarantined later event", "events"),
        ("event_at stored as text", "events"),
    ],
)
def test_the_newest_event_is_the_newest_accepted_one_whether_read_from_statistics_or_events(
    file_case, clean_demo, case, expected_source
):
    work, prepare = file_case
    events = _events(clean_demo)
    newest_accepted = pd.Timestamp(pa.compute.max(events["event_at"]).as_py()).tz_convert(None)
    if case == "a quarantined later event":
        raw = prepare(events, extra={"part-00001.parquet": _late_event_of_an_unknown_user(events)})
    elif case == "event_at stored as text":
        as_text = pa.compute.cast(events["event_at"], pa.string())  # 2026-10-04 17:22:00.231593Z
        raw = prepare(events.set_column(2, "event_at", as_text))
    else:
        raw = prepare(events)
    database = work / f"window_{case.replace(' ', '_')}.duckdb"
    result = run_dbt(
        ["build", "--select", "+int_activity_window_defined", *SKIP_UNIT_TESTS],
        database,
        {"raw_data_path": str(raw)},
    )
    assert result.returncode == 0, result.output[-3000:]
    window = query(database, "select * from int_activity_window_defined").iloc[0]
    assert window["newest_event_source"] == expected_source
    assert window["newest_event_at"] == newest_accepted
    assert window["as_of_date"].date() == newest_accepted.date()


def test_empty_events_directory_names_the_glob_and_the_var(file_case, clean_demo):
    work, prepare = file_case
    raw = prepare()
    result = _compile(work, "stg_app__events_typed", {"raw_data_path": str(raw)})
    assert result.returncode != 0
    assert f"Input file not found: no file matches '{raw}/events/*.parquet'" in result.output
    assert "point var 'raw_data_path' at your files" in result.output


@pytest.fixture(scope="module")
def csv_case(tmp_path_factory):
    work = tmp_path_factory.mktemp("csv_cases")
    path = work / "profiles.csv"
    return work, path, {"user_source": "profiles_csv", "profiles_csv_path": str(path)}


def test_renamed_csv_column_names_the_file_and_the_column(csv_case):
    work, path, variables = csv_case
    text = PROFILES_CSV.read_text().replace("Age,", "Age Group,", 1)
    path.write_text(text)
    result = _compile(work, "stg_flat_profiles__user_profiles_typed", variables)
    assert result.returncode != 0
    message = " ".join(result.output.split())
    assert f"Input file '{path}' (source flat_profiles.user_profiles) lacks required" in message
    assert (
        "column(s): Age. Columns present that the source does not use (renamed?): Age Group."
        in (message)
    )


def test_header_only_csv_is_named(csv_case):
    work, path, variables = csv_case
    path.write_text(PROFILES_CSV.read_text().splitlines()[0] + "\n")
    result = _compile(work, "stg_flat_profiles__user_profiles_typed", variables)
    assert result.returncode != 0
    assert (
        f"Input '{path}' (source flat_profiles.user_profiles) has no data rows (only a header)"
    ) in " ".join(result.output.split())


@pytest.mark.parametrize(
    ("fault", "described"),
    [
        ("unquoted_delimiter", "17 fields where the header has 16 (a value holding the delimiter"),
        ("cut_off_last_line", "4 fields where the header has 16 (the line is cut short"),
    ],
)
def test_a_csv_line_with_more_or_fewer_fields_than_the_header_is_named_by_line(
    csv_case, fault, described
):
    # DuckDB's strict reader either fails sniffing without naming a line or reads the whole
    # file as one column (and the build then blamed renamed columns).
    work, path, variables = csv_case
    lines = PROFILES_CSV.read_text().splitlines()
    fields = lines[0].count(",") + 1
    if fault == "unquoted_delimiter":
        lines[5] = lines[5] + ",extra"
        line_number = 6
    else:
        lines[-1] = ",".join(lines[-1].split(",")[:4])
        line_number = len(lines)
    path.write_text("\n".join(lines) + "\n")
    result = _compile(work, "stg_flat_profiles__user_profiles_typed", variables)
    assert result.returncode != 0
    message = " ".join(result.output.split())
    assert f"Input '{path}' (source flat_profiles.user_profiles) has 1 malformed line(s)" in message
    assert f"line {line_number} of '{path}': {described}" in message
    assert fields == 16
    assert "point var 'profiles_csv_path' at other files" in message
    # A cut-short last line keeps some of its fields: not taken for a footer.
    assert "a footer" not in message


def test_a_footer_below_the_data_is_named_as_one(csv_case):
    # Lending Club's exports end with "Total amount funded in policy code 1: 60293025".
    work, path, variables = csv_case
    total = "Total amount funded in policy code 1: 60293025"
    path.write_text(PROFILES_CSV.read_text() + f"\n{total}\nTotal amount funded: 2\n")
    result = _compile(work, "stg_flat_profiles__user_profiles_typed", variables)
    assert result.returncode != 0
    message = " ".join(result.output.split())
    assert "has 2 malformed line(s)" in message and total in message
    assert "Every malformed line comes after the data: a footer (totals or notes below" in message


def test_a_title_line_above_the_header_is_skipped_not_reported_as_malformed(csv_case):
    # UCI's adult.test starts with "|1x3 Cross validator"; DuckDB's sniffer skips such a line,
    # but not while storing rejects, where every line below it read as malformed.
    work, path, variables = csv_case
    path.write_text("Exported from the CRM on 2026-01-01\n" + PROFILES_CSV.read_text())
    model = "stg_flat_profiles__user_profiles_typed"
    result = run_dbt(
        ["build", "--select", f"+{model}", *SKIP_UNIT_TESTS], work / "titled.duckdb", variables
    )
    assert result.returncode == 0, result.output[-3000:]
    rows = query(work / "titled.duckdb", f"select count(*) as n from {model}")["n"][0]
    assert rows == len(PROFILES_CSV.read_text().splitlines()) - 1


def test_a_csv_mixing_crlf_and_lf_line_endings_is_named_with_the_fix(csv_case):
    # DuckDB's reader stops with "the CSV Parser state machine reached an invalid state".
    work, path, variables = csv_case
    lines = PROFILES_CSV.read_text().splitlines()
    path.write_bytes(("\r\n".join(lines[:50]) + "\n" + "\r\n".join(lines[50:]) + "\r\n").encode())
    result = _compile(work, "stg_flat_profiles__user_profiles_typed", variables)
    assert result.returncode != 0
    message = " ".join(result.output.split())
    assert (
        f"Input file '{path}' (source flat_profiles.user_profiles) mixes line endings: "
        f"{len(lines) - 1} lines end with CRLF (Windows) and 1 with LF alone"
    ) in message
    assert "`dos2unix`" in message


def _large_csv_with_planted_faults(path) -> tuple[list[str], list[tuple]]:
    """400,000 rows (55 MB), read by DuckDB in parallel blocks, with a bad value on lines 3,
    150,001 and 399,998 and the id of line 10 repeated on a last line; returns the lines and the
    expected quarantine rows (line, reason, column, raw value)."""
    write_flat_profiles_csv(path, 400_000)
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    planted = {
        3: ("malformed_user_id", "user_id", "User ID", "x3"),
        150_001: ("negative_value", "followed_accounts", "Followed Accounts", "-7"),
        399_998: ("rate_out_of_range", "ctr", "Click-Through Rates (CTR)", "1.5"),
    }
    for row_number, (_, _, csv_column, value) in planted.items():
        cells = lines[row_number].split(",")
        cells[header.index(csv_column)] = value
        lines[row_number] = ",".join(cells)
    lines.append(lines[10])
    path.write_text("\n".join(lines) + "\n")
    expected = [(row, reason, column, value) for row, (reason, column, _, value) in planted.items()]
    expected.append((len(lines) - 1, "duplicate_user_id", "user_id", lines[10].split(",")[0]))
    return lines, expected


def _quarantined_lines(database, model: str) -> list[tuple]:
    quarantined = query(
        database,
        "select source_row_number, quarantine_reason, quarantine_column, raw_value "
        f"from {model} order by source_row_number",
    )
    return list(quarantined.itertuples(index=False, name=None))


def test_quarantined_rows_of_a_large_csv_name_their_own_lines(csv_case):
    # The typed table must hold the rows in file order: its rowid is the line in the quarantine.
    work, path, variables = csv_case
    _, expected = _large_csv_with_planted_faults(path)
    database = work / "large.duckdb"
    model = "stg_flat_profiles__user_profiles_quarantined"

    result = run_dbt(["build", "--select", f"+{model}", *SKIP_UNIT_TESTS], database, variables)

    assert result.returncode == 0, result.output
    assert _quarantined_lines(database, model) == expected


def test_quarantined_rows_of_a_large_user_table_name_their_own_rows(csv_case):
    work, path, _ = csv_case
    _, expected = _large_csv_with_planted_faults(path)
    # The table's rule for a value outside its configured range is out_of_range.
    expected[1] = (expected[1][0], "out_of_range", "followed_accounts", "-7")
    expected[2] = (expected[2][0], "out_of_range", "ctr", "1.5")
    user_table = {
        "path": str(path),
        "id_column": "User ID",
        "id_type": "integer",
        "numeric_features": [
            {"column": "Followed Accounts", "name": "followed_accounts", "range": [0, None]},
            {"column": "Click-Through Rates (CTR)", "name": "ctr", "range": [0, 1]},
        ],
        "categorical_features": [{"column": "Gender", "name": "gender"}],
    }
    database = work / "large_table.duckdb"
    model = "stg_user_table__users_quarantined"
    variables = {
        "user_source": "table",
        "user_table": user_table,
        "segmentation_overrides": {"k": 3, "stability_runs": 0, "n_init": 1},
    }
    scored = "int_user_segments_scored"

    selected = ["--select", f"+{model}", f"+{scored}", "--indirect-selection", "cautious"]
    selected += SKIP_UNIT_TESTS
    result = run_dbt(["build", *selected], database, variables)

    assert result.returncode == 0, result.output
    assert _quarantined_lines(database, model) == expected
    # Every usable user is scored once. (The feature view reads these four row groups on parallel
    # threads, so the stored order is not the file's, as with the flat CSV; above one row group
    # float sums follow the threads whatever the order.)
    scored_users = query(database, f"select user_id from {scored}")["user_id"]
    features = query(database, "select user_id from int_user_features_joined")["user_id"]
    assert sorted(scored_users) == sorted(features) and len(features) == 400_000 - 3
