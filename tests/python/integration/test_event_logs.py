"""Event logs by config (user_source event_log), built by dbt for real.

- The demo's ad-platform features declared in YAML (examples/configs/demo_events_as_event_log.yml)
  give the same feature table as the hand-written int_users_activity_aggregated on the
  50,000-user demo, for every user and column.
- The e-commerce order-lines example builds with its committed config: every customer with an
  id is segmented, bad rows are quarantined with their reasons, counts reconcile, and the planted
  customer groups are recovered.
- The scaffold's starter config for that log builds without edits.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner
from sklearn.metrics import adjusted_rand_score, homogeneity_score

from support import (
    PROJECT_DIR,
    SKIP_UNIT_TESTS,
    build_or_fail,
    query,
    run_dbt,
    scaffold_and_build,
)
from user_segmentation.cli import main
from user_segmentation.synthetic.order_lines import order_lines

CONFIGS = PROJECT_DIR / "examples" / "configs"
ORDER_LINES = PROJECT_DIR / "examples" / "event_logs" / "order_lines.csv"


def config_vars(name: str, path: str) -> dict:
    """A committed example config with its event-log path replaced."""
    variables = yaml.safe_load((CONFIGS / f"{name}.yml").read_text())
    variables["event_log"]["path"] = path
    return variables


@pytest.fixture(scope="module")
def demo_feature_tables(tmp_path_factory, demo_data_dir) -> Path:
    """One DuckDB file with both feature tables of the default demo: hand-written and declared."""
    database = tmp_path_factory.mktemp("event_log_parity") / "warehouse.duckdb"
    events = {"raw_data_path": str(demo_data_dir)}
    declared = config_vars("demo_events_as_event_log", str(demo_data_dir / "events" / "*.parquet"))
    for args, variables in (
        (["seed"], events),
        (["run", "--select", "+int_users_activity_aggregated"], events),
        (["run", "--select", "+int_user_features_from_event_log"], declared),
    ):
        result = run_dbt(args, database, variables)
        assert result.returncode == 0, result.output[-5000:]
    return database


def test_the_demo_features_declared_in_yaml_equal_the_hand_written_ones(demo_feature_tables):
    hand_written = query(demo_feature_tables, "select * from int_users_activity_aggregated")
    # The declared feature table after its missing rules (mean ad view time: 0 without ads).
    declared = query(demo_feature_tables, "select * from int_user_features_from_event_log")
    declared = declared.drop(columns="interests")
    assert len(hand_written) > 40_000
    assert sorted(declared.columns) == sorted(hand_written.columns)
    both = hand_written.merge(declared, on="user_id", how="outer", suffixes=("", "_declared"))
    assert len(both) == len(hand_written) == len(declared)
    for column in hand_written.columns.drop(["user_id", "last_seen_at"]):
        difference = (both[column].astype(float) - both[f"{column}_declared"].astype(float)).abs()
        assert difference.max() <= 1e-9, column
    assert (both["last_seen_at"] == both["last_seen_at_declared"]).all()


@pytest.fixture(scope="module")
def order_lines_warehouse(tmp_path_factory) -> Path:
    """The e-commerce example built with its committed, edited config."""
    database = tmp_path_factory.mktemp("order_lines") / "warehouse.duckdb"
    return build_or_fail(database, config_vars("order_lines", str(ORDER_LINES)), *SKIP_UNIT_TESTS)


def test_every_customer_with_an_id_is_segmented(order_lines_warehouse):
    _, groups, _ = order_lines()
    segmented = query(order_lines_warehouse, "select user_id from int_user_segments_scored")
    assert sorted(segmented["user_id"].astype(str)) == sorted(groups.index)
    assert query(order_lines_warehouse, "select count(*) as n from user_segments")["n"][0] == len(
        groups
    )


def test_bad_order_lines_are_quarantined_with_their_reasons(order_lines_warehouse):
    _, _, faults = order_lines()
    reasons = query(
        order_lines_warehouse,
        "select quarantine_reason, quarantine_column, count(*) as n_rows from input_quarantine "
        "group by 1, 2",
    ).set_index(["quarantine_reason", "quarantine_column"])["n_rows"]
    assert reasons.to_dict() == {
        ("missing_user_id", "user_id"): faults.missing_customer_id,
        ("unparseable_event_at", "event_at"): faults.unparseable_timestamp,
        ("missing_event_at", "event_at"): faults.missing_timestamp,
        ("event_at_after_as_of_date", "event_at"): faults.timestamp_after_as_of,
        ("non_numeric_value", "quantity"): faults.non_numeric_quantity,
        ("duplicate_event_id", "event_id"): faults.repeated_line_id,
    }
    raw = query(
        order_lines_warehouse,
        "select raw_value from input_quarantine where quarantine_reason = 'non_numeric_value'",
    )
    assert "12 pcs" in set(raw["raw_value"])


def test_order_line_counts_reconcile(order_lines_warehouse):
    log, _, faults = order_lines()
    reconciliation = query(order_lines_warehouse, "select * from input_reconciliation")
    assert reconciliation["source_name"].tolist() == ["event_log.events"]
    row = reconciliation.iloc[0]
    assert row["is_reconciled"]
    assert (row["rows_read"], row["rows_quarantined"]) == (len(log), faults.total)


def test_the_planted_customer_groups_are_recovered(order_lines_warehouse):
    _, groups, _ = order_lines()
    segments = query(
        order_lines_warehouse, "select user_id, segment_id from int_user_segments_scored"
    )
    segments["user_id"] = segments["user_id"].astype(str)
    planted = groups.reindex(segments["user_id"])
    assert adjusted_rand_score(planted, segments["segment_id"]) >= 0.9
    names = query(order_lines_warehouse, "select segment_name from segment_profiles")[
        "segment_name"
    ]
    # Segment names come from the phrases the config gives its features.
    assert any("returners" in name.lower() for name in names)


def test_the_scaffold_starter_config_builds_without_edits(tmp_path):
    starter = tmp_path / "order_lines.yml"
    result = CliRunner().invoke(main, ["scaffold", str(ORDER_LINES), "--out", str(starter)])
    assert result.exit_code == 0, result.output
    database = build_or_fail(
        tmp_path / "warehouse.duckdb", yaml.safe_load(starter.read_text()), *SKIP_UNIT_TESTS
    )
    _, groups, _ = order_lines()
    assert query(database, "select count(*) as n from user_segments")["n"][0] == len(groups)


def test_a_parquet_log_with_text_event_ids_and_integer_user_ids_quarantines_its_bad_rows(tmp_path):
    """Columns of different types in one log: the quarantine's record id is text for both."""
    rows = [("e1", 1), ("e2", 2), ("e2", 2), ("e3", None), ("e4", 3)]
    log = tmp_path / "log.parquet"
    with duckdb.connect() as connection:
        connection.execute(
            "create table log (page_view_id varchar, account_id bigint, seen_at timestamp)"
        )
        connection.executemany(
            "insert into log values (?, ?, timestamp '2026-10-30 12:00:00')", rows
        )
        connection.execute(f"copy log to '{log}' (format parquet)")
    variables = {
        "user_source": "event_log",
        "as_of_date": "2026-10-31",
        "event_log": {
            "path": str(log), "user_id": "account_id", "user_id_type": "integer",
            "timestamp": "seen_at", "event_id": "page_view_id",
            "features": [{"name": "views", "aggregate": "count", "label": "Views"}],
        },
    }  # fmt: skip
    result = run_dbt(
        ["run", "--select", "+input_reconciliation", "+input_quarantine"],
        tmp_path / "w.duckdb",
        variables,
    )
    assert result.returncode == 0, result.output[-5000:]
    quarantine = query(
        tmp_path / "w.duckdb",
        "select record_id, quarantine_reason, quarantine_column from input_quarantine order by 1",
    )
    assert quarantine.values.tolist() == [
        ["e2", "duplicate_event_id", "event_id"],
        ["e3", "missing_user_id", "user_id"],
    ]
    ((read, accepted),) = query(
        tmp_path / "w.duckdb", "select rows_read, rows_accepted from input_reconciliation"
    ).values.tolist()
    assert (read, accepted) == (len(rows), len(rows) - 2)


@pytest.mark.parametrize(
    ("column_names", "roles"),
    [
        ([], ("column0", "column1")),
        (["listener", "played_at", "artist"], ("listener", "played_at")),
    ],
)
def test_a_log_without_a_header_row_keeps_its_first_event(tmp_path, column_names, roles):
    """Last.fm's listening log style: tab-separated, no header, so the first line is an event.
    The scaffold sees the first line is data (header: false) and the build reads it as one, with
    the names given to its columns (--column-names), else as column0, column1, ..."""
    lines = [
        f"user_{user:03d}\t2009-05-{day:02d}T{hour:02d}:{user:02d}:57Z\tArtist {(user * day) % 7}"
        for user in range(1, 31)
        for day in range(1, 2 + user % 5)
        for hour in (8, 20)
    ]
    log = tmp_path / "listens.tsv"
    log.write_text("\n".join(lines) + "\n")
    starter = tmp_path / "listens.yml"
    named = ["--column-names", ",".join(column_names)] if column_names else []
    result = CliRunner().invoke(main, ["scaffold", str(log), "--out", str(starter), *named])
    assert result.exit_code == 0, result.output
    variables = yaml.safe_load(starter.read_text())
    config = variables["event_log"]
    assert (config["header"], config["user_id"], config["timestamp"]) == (False, *roles)
    assert config.get("column_names", []) == column_names
    database = tmp_path / "w.duckdb"
    result = run_dbt(
        ["run", "--select", "+input_reconciliation", "+int_user_features_joined"],
        database,
        variables,
    )
    assert result.returncode == 0, result.output[-5000:]
    ((read, accepted),) = query(
        database, "select rows_read, rows_accepted from input_reconciliation"
    ).values.tolist()
    assert read == accepted == len(lines)
    events = query(
        database, "select events from int_user_features_joined where user_id = 'user_001'"
    )
    assert events["events"].tolist() == [sum(line.startswith("user_001\t") for line in lines)]


def test_a_rating_of_zero_that_means_no_rating_is_a_gap_not_a_rating(tmp_path):
    """Goodreads and Book-Crossing write 0 for a book shelved, not rated: the scaffold's
    missing_values: [0] makes the build skip it in the mean (it was averaged in: Book-Crossing's
    readers rated 4.1 where their ratings averaged 7.2), and the row still counts as an event."""
    rows = [(user, f"2017-05-{1 + (user * 3 + n) % 28:02d}", rating)
            for user in range(1, 41) for n, rating in enumerate((0, 0, 4, 5, 0, 3))]  # fmt: skip
    log = tmp_path / "shelves.csv"
    pd.DataFrame(rows, columns=["user_id", "date_added", "rating"]).to_csv(log, index=False)
    variables = {
        "user_source": "event_log",
        "event_log": {
            "path": str(log), "user_id": "user_id", "timestamp": "date_added",
            "numeric_columns": [{"column": "rating", "missing_values": [0]}],
            "features": [
                {"name": "events", "aggregate": "count"},
                {"name": "rating_mean", "aggregate": "mean", "of": "rating"},
            ],
        },
    }  # fmt: skip
    database = tmp_path / "w.duckdb"
    result = run_dbt(["run", "--select", "+int_user_features_joined"], database, variables)
    assert result.returncode == 0, result.output[-5000:]
    features = query(database, "select events, rating_mean from int_user_features_joined")
    assert set(features["events"]) == {6}
    assert features["rating_mean"].tolist() == pytest.approx([4.0] * 40)


def test_the_feature_quality_of_the_order_lines_counts_each_feature_s_quarantined_rows(
    order_lines_warehouse,
):
    _, groups, faults = order_lines()
    quality = query(order_lines_warehouse, "select * from input_feature_quality")
    quality = quality.set_index("feature_name")
    assert set(quality["rows_accepted"]) == {len(groups)}
    # revenue sums quantity * unit_price: the lines whose quantity was not a number are its own.
    assert quality.loc["revenue", "source_column"] == "quantity * unit_price"
    assert quality.loc["revenue", "derived_as"] == "sum"
    assert quality.loc["revenue", "rows_quarantined_unparseable"] == faults.non_numeric_quantity
    assert quality.drop("revenue")["rows_quarantined_unparseable"].sum() == 0


def test_an_event_log_feature_filled_for_users_without_a_matching_event_is_counted(tmp_path):
    """A mean over reviews is missing for a user who only viewed: filled with the median of the
    reviewers, which input_feature_quality states (it was silent for event logs)."""
    rng = np.random.default_rng(5)
    users = np.repeat(np.arange(1, 61), 5)
    reviewers = users <= 40  # users 41-60 only view
    log = pd.DataFrame(
        {
            "user_id": users,
            "at": pd.Timestamp("2026-10-01") + pd.to_timedelta(np.arange(len(users)), unit="h"),
            "kind": np.where(reviewers & (np.arange(len(users)) % 5 < 2), "review", "view"),
            "stars": rng.integers(1, 6, len(users)),
        }
    )
    path = tmp_path / "reviews.csv"
    log.to_csv(path, index=False)
    variables = {
        "user_source": "event_log",
        "event_log": {
            "path": str(path), "user_id": "user_id", "timestamp": "at", "event_type": "kind",
            "numeric_columns": ["stars"],
            "features": [
                {"name": "events", "aggregate": "count"},
                {"name": "mean_stars", "aggregate": "mean", "of": "stars",
                 "where": "event_type = 'review'"},
            ],
        },
    }  # fmt: skip
    database = tmp_path / "w.duckdb"
    result = run_dbt(["run", "--select", "+input_feature_quality"], database, variables)
    assert result.returncode == 0, result.output[-3000:]
    quality = query(database, "select * from input_feature_quality").set_index("feature_name")
    assert quality.loc["mean_stars", "values_missing_filled"] == 20
    assert quality.loc["mean_stars", "fill_rule"] == "median"
    reviewed = log[log["kind"] == "review"].groupby("user_id")["stars"].mean()
    assert quality.loc["mean_stars", "fill_value"] == pytest.approx(reviewed.median())
    assert quality.loc["events", "values_missing_filled"] == 0
    assert set(quality["rows_accepted"]) == {60}


def test_accepted_events_before_the_feature_window_are_counted(tmp_path):
    """Events older than the window are accepted (nothing is wrong with them) but no feature reads
    them: input_reconciliation says how many, instead of their vanishing between the counts."""
    days = np.arange(200)
    log = pd.DataFrame(
        {
            "user_id": np.tile(np.arange(1, 11), len(days)),
            "at": np.repeat(pd.Timestamp("2026-04-15") + pd.to_timedelta(days, unit="D"), 10),
        }
    )
    path = tmp_path / "visits.csv"
    log.to_csv(path, index=False)
    variables = {
        "user_source": "event_log",
        "as_of_date": "2026-10-31",
        "feature_window_days": 90,
        "event_log": {
            "path": str(path), "user_id": "user_id", "timestamp": "at",
            "features": [{"name": "visits", "aggregate": "count"}],
        },
    }  # fmt: skip
    database = tmp_path / "w.duckdb"
    result = run_dbt(["run", "--select", "+input_reconciliation"], database, variables)
    assert result.returncode == 0, result.output[-3000:]
    row = query(database, "select * from input_reconciliation").iloc[0]
    before_window = int((log["at"] < pd.Timestamp("2026-08-03")).sum())  # 90 days to Oct 31
    assert before_window == 1100
    assert row["rows_accepted"] == len(log)
    assert row["rows_outside_feature_window"] == before_window
    visits = query(database, "select sum(visits) as n from int_users_event_log_aggregated")
    assert visits["n"][0] == len(log) - before_window


@pytest.mark.parametrize("shape", ["gzipped", "crlf_with_line_breaks_in_quotes"])
def test_a_gzipped_log_and_a_windows_log_with_paragraphs_in_quotes_are_read(tmp_path, shape):
    # A .csv.gz stopped the build as "not UTF-8" (its compressed bytes were checked); a CRLF file
    # whose quoted comments hold LF line breaks was refused as mixing line endings, though DuckDB
    # reads it.
    import gzip

    lines = ["user_id,at,body,score"] + [
        f'{1 + r % 20},2026-10-{1 + r % 28:02d} 10:00,"line one\nline two, {r}",{r % 7}'
        for r in range(200)
    ]
    text = "\r\n".join(lines) + "\r\n"
    if shape == "gzipped":
        path = tmp_path / "comments.csv.gz"
        path.write_bytes(gzip.compress(text.replace("\r\n", "\n").encode()))
    else:
        path = tmp_path / "comments.csv"
        path.write_bytes(text.encode())
    variables = {
        "user_source": "event_log",
        "event_log": {
            "path": str(path), "user_id": "user_id", "timestamp": "at",
            "numeric_columns": ["score"],
            "features": [{"name": "comments", "aggregate": "count"},
                         {"name": "points", "aggregate": "sum", "of": "score"}],
        },
    }  # fmt: skip
    database = tmp_path / "w.duckdb"
    result = run_dbt(["run", "--select", "+input_reconciliation"], database, variables)
    assert result.returncode == 0, result.output[-3000:]
    row = query(database, "select * from input_reconciliation").iloc[0]
    assert (row["rows_read"], row["rows_accepted"]) == (200, 200)
    bodies = query(database, "select count(*) as n from int_users_event_log_aggregated")
    assert bodies["n"][0] == 20


def test_a_file_of_a_glob_without_a_column_is_named(tmp_path):
    # DuckDB's "Schema mismatch between globbed files" named no file and suggested
    # union_by_name, which the config does not have.
    folder = tmp_path / "monthly"
    folder.mkdir()
    for month, measure in (("01", "items"), ("02", "qty")):
        pd.DataFrame(
            {
                "user_id": [r % 30 for r in range(90)],
                "event_time": [f"2023-{month}-{1 + r % 28:02d} 10:00" for r in range(90)],
                measure: [r % 5 for r in range(90)],
            }
        ).to_csv(folder / f"ev_2023-{month}.csv", index=False)
    variables = {
        "user_source": "event_log",
        "event_log": {
            "path": str(folder / "*.csv"), "user_id": "user_id", "timestamp": "event_time",
            "numeric_columns": ["items"],
            "features": [{"name": "items_total", "aggregate": "sum", "of": "items"}],
        },
    }  # fmt: skip
    result = run_dbt(
        ["run", "--select", "stg_event_log__events_typed"], tmp_path / "w.duckdb", variables
    )
    assert result.returncode != 0
    message = " ".join(result.output.split())
    assert f"Input file '{folder / 'ev_2023-02.csv'}' (source event_log.events) lacks" in message
    assert "required column(s): items. Columns present that the source does not use" in message


def test_a_header_repeated_inside_a_log_is_quarantined_as_one(tmp_path):
    # Exports concatenated with their headers: the header lines were "malformed user ids".
    part = ["user_id,event_time,amount"] + [
        f"{1 + r % 20},2023-01-{1 + r % 28:02d} 10:00,{r % 9}" for r in range(100)
    ]
    path = tmp_path / "concat.csv"
    path.write_text("\n".join(part + part + part) + "\n")
    variables = {
        "user_source": "event_log",
        "event_log": {
            "path": str(path), "user_id": "user_id", "timestamp": "event_time",
            "numeric_columns": ["amount"],
            "features": [{"name": "spend", "aggregate": "sum", "of": "amount"}],
        },
    }  # fmt: skip
    result = run_dbt(["run", "--select", "+input_quarantine"], tmp_path / "w.duckdb", variables)
    assert result.returncode == 0, result.output[-3000:]
    quarantined = query(
        tmp_path / "w.duckdb",
        "select quarantine_reason, source_row_number from input_quarantine order by 2",
    )
    assert quarantined.to_dict("list") == {
        "quarantine_reason": ["repeated_header", "repeated_header"],
        "source_row_number": [101, 202],
    }


def test_rebuilding_a_log_gives_bit_identical_sums_and_means(tmp_path):
    """A log of daily CSV files is read in parallel, in another row order on each build, and
    DuckDB adds a parallel aggregate's partial sums in the order its threads finish: plain sum
    and avg of doubles differed in the last bit between two builds (so the fingerprint, the run
    id and refit: if_changed's decision changed). Two builds must give the same values to the
    bit."""
    rng = np.random.default_rng(11)
    folder = tmp_path / "daily"
    folder.mkdir()
    for day in range(1, 15):
        rows = 30_000
        pd.DataFrame(
            {
                "customer_id": rng.integers(1, 3_000, rows),
                "bought_at": pd.Timestamp(f"2026-10-{day:02d}")
                + pd.to_timedelta(rng.integers(0, 86_400, rows), unit="s"),
                "price": rng.lognormal(3, 1, rows) / 3,
            }
        ).to_csv(folder / f"purchases-{day:02d}.csv", index=False)
    log = str(folder / "*.csv")
    variables = {
        "user_source": "event_log",
        "as_of_date": "2026-10-31",
        "feature_window_days": 31,
        "event_log": {
            "path": str(log), "user_id": "customer_id", "timestamp": "bought_at",
            "numeric_columns": ["price"],
            "features": [
                {"name": "spend", "aggregate": "sum", "of": "price", "label": "Spend"},
                {"name": "basket", "aggregate": "mean", "of": "price", "label": "Basket"},
            ],
        },
    }  # fmt: skip
    features = []
    for build in ("first", "second"):
        database = tmp_path / build / "w.duckdb"
        database.parent.mkdir()
        result = run_dbt(["run", "--select", "+int_user_features_joined"], database, variables)
        assert result.returncode == 0, result.output[-3000:]
        selected = "select user_id, spend, basket from int_user_features_joined order by 1"
        features.append(query(database, selected))
    pd.testing.assert_frame_equal(features[0], features[1], check_exact=True)


def test_nan_values_of_a_parquet_double_column_are_quarantined(tmp_path):
    """pyarrow leaves NaN out of a Parquet column's min/max statistics, from which DuckDB 2.0.1
    concluded inside the staging CASE that isnan(column) is false: a GA4-style export's NaN
    revenues passed staging and the fit failed on them."""
    rows = 400
    revenue = [float(1 + i % 37) for i in range(rows)]
    for row in (5, 77, 300):
        revenue[row] = float("nan")
    log = tmp_path / "ga4.parquet"
    pq.write_table(
        pa.table(
            {
                "user_pseudo_id": [f"u{i % 40}" for i in range(rows)],
                "event_timestamp": pd.Timestamp("2026-10-01")
                + pd.to_timedelta(range(rows), unit="h"),
                "revenue": pa.array(revenue),
            }
        ),
        log,
    )
    variables = {
        "user_source": "event_log",
        "as_of_date": "2026-10-31",
        "event_log": {
            "path": str(log), "user_id": "user_pseudo_id", "user_id_type": "text",
            "timestamp": "event_timestamp", "numeric_columns": ["revenue"],
            "features": [{"name": "spend", "aggregate": "sum", "of": "revenue", "label": "Spend"}],
        },
    }  # fmt: skip
    database = tmp_path / "w.duckdb"
    result = run_dbt(["run", "--select", "+input_quarantine"], database, variables)
    assert result.returncode == 0, result.output[-3000:]
    quarantine = query(
        database, "select quarantine_reason, count(*) as n from input_quarantine group by 1"
    )
    assert quarantine.values.tolist() == [["non_finite_value", 3]]


@pytest.mark.parametrize(
    "written",
    [
        "2024-03-{day:02d} 23:30:00",
        # Twitter's created_at: its offset is applied (16:30 in Los Angeles is 23:30 UTC).
        "{weekday} Mar {day:02d} 16:30:00 -0700 2024",
    ],
)
def test_times_without_an_offset_are_read_as_utc_on_a_machine_in_another_time_zone(
    tmp_path, monkeypatch, written
):
    """On a laptop in New York, DuckDB's session time zone was New York's: an event logged at
    23:30 (no offset) was read as 03:30 UTC the next day, moving its day and the as-of date."""

    def event_time(day: int) -> str:
        return written.format(day=day, weekday=f"{pd.Timestamp(2024, 3, day):%a}")

    lines = ["user_id,event_time,amount"] + [
        f"{user},{event_time(day)},{user + day}"
        for user in range(1, 41)
        for day in range(1, 2 + user % 20)
    ]
    log = tmp_path / "late_evening.csv"
    log.write_text("\n".join(lines) + "\n")
    monkeypatch.setenv("TZ", "America/New_York")
    starter = tmp_path / "late_evening.yml"
    scaffold = subprocess.run(
        [str(Path(sys.executable).with_name("user-segmentation")), "scaffold", str(log)]
        + ["--out", str(starter)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert scaffold.returncode == 0, scaffold.stderr
    variables = yaml.safe_load(starter.read_text())
    database = tmp_path / "w.duckdb"
    result = run_dbt(
        ["run", "--select", "+int_user_features_joined"], database, variables, in_process=False
    )
    assert result.returncode == 0, result.output[-5000:]
    [(as_of_date,)] = query(database, "select as_of_date from int_event_log_window_defined").values
    assert str(as_of_date)[:10] == "2024-03-20"
    last_seen = query(
        database, "select last_seen_at from int_user_features_joined where user_id = 19"
    )
    assert str(last_seen["last_seen_at"].iloc[0]) == "2024-03-20 23:30:00"


def anonymous_traffic(path, bad_identified_rows: int = 0) -> None:
    """4,000 events, 90% without a user id; the first ``bad_identified_rows`` events of the 400
    with one have a timestamp that does not parse."""
    lines = ["visitor_id,event_time,page_views"]
    identified = 0
    for row in range(4_000):
        day = 1 + row % 28
        if row % 10:
            lines.append(f",2024-03-{day:02d} 10:00:00,{row % 7}")
            continue
        stamp = "not a time" if identified < bad_identified_rows else f"2024-03-{day:02d} 11:00:00"
        lines.append(f"{100 + row % 40},{stamp},{row % 5}")
        identified += 1
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("bad_identified_rows", [0, 40])
def test_bad_rows_among_identified_events_stop_a_mostly_anonymous_log(
    tmp_path, bad_identified_rows
):
    """A log of 90% anonymous traffic got quarantine limits raised above that share (1.00 at 95%):
    half of the identified events could fail to parse in a green build. The anonymous rows now
    have a limit of their own and the quarantine limits apply to the rows with a user id."""
    log = tmp_path / "traffic.csv"
    anonymous_traffic(log, bad_identified_rows)
    starter = tmp_path / "traffic.yml"
    result = CliRunner().invoke(main, ["scaffold", str(log), "--out", str(starter)])
    assert result.exit_code == 0, result.output
    variables = yaml.safe_load(starter.read_text())
    assert variables["missing_user_id_share_limit"] == 0.95
    database = tmp_path / "w.duckdb"
    result = run_dbt(["run", "--select", "+int_user_features_joined"], database, variables)
    if not bad_identified_rows:
        assert result.returncode == 0, result.output[-5000:]
        [(checked_share,)] = query(
            database, "select checked_share from int_input_rows_reconciled"
        ).values
        assert checked_share == 0
        return
    # 40 bad rows are 1% of all rows but 10% of the 400 with a user id: above the 5% limit.
    assert result.returncode != 0
    assert "Of the 400 rows with a user id, 10.00% are quarantined for other reasons." in (
        result.output
    )
    assert "That is above quarantine_error_share=0.05" in result.output


def test_more_rows_without_a_user_id_than_their_limit_stop_the_build(tmp_path):
    # An export that lost its id column must not build as "all anonymous".
    log = tmp_path / "traffic.csv"
    anonymous_traffic(log)
    variables = {
        "user_source": "event_log",
        "missing_user_id_share_limit": 0.5,
        "event_log": {
            "path": str(log),
            "user_id": "visitor_id",
            "timestamp": "event_time",
            "numeric_columns": ["page_views"],
            "features": [{"name": "events", "aggregate": "count"}],
        },
    }
    result = run_dbt(
        ["run", "--select", "+int_user_features_joined"], tmp_path / "w.duckdb", variables
    )
    assert result.returncode != 0
    assert "90.00% lack one, above missing_user_id_share_limit=0.5" in result.output


def test_event_types_spelled_in_another_case_or_with_spaces_are_one_type(tmp_path):
    # A game log: 20 players logged one LEVEL_COMPLETE and " ad_watch" rows. As their own
    # types they made a segment of those 20 players, and their events were missing from the
    # level_complete count.
    rows = []
    for player in range(1, 61):
        for event in range(6):
            kind = ("level_complete", "ad_watch")[event % 2]
            if player <= 20 and event == 0:
                kind = "LEVEL_COMPLETE"
            if player > 40 and event == 1:
                kind = " ad_watch"
            rows.append((player, f"2026-10-{1 + event:02d} 10:00:00", kind))
    path = tmp_path / "game.csv"
    pd.DataFrame(rows, columns=["player_id", "ts", "event"]).to_csv(path, index=False)
    starter = tmp_path / "game.yml"
    result = CliRunner().invoke(
        main, ["scaffold", str(path), "--kind", "event-log", "--out", str(starter)]
    )
    assert result.exit_code == 0, result.output
    variables = yaml.safe_load(starter.read_text())
    wheres = {f["name"]: f.get("where") for f in variables["event_log"]["features"]}
    assert wheres["level_complete_events"] == "lower(event_type) = 'level_complete'"
    assert wheres["ad_watch_events"] == "event_type = 'ad_watch'"
    assert not any(name.endswith("_2") for name in wheres)
    database = tmp_path / "w.duckdb"
    result = run_dbt(["run", "--select", "+int_user_features_joined"], database, variables)
    assert result.returncode == 0, result.output[-3000:]
    counts = query(
        database, "select level_complete_events, ad_watch_events from int_user_features_joined"
    )
    assert set(counts["level_complete_events"]) == {3} and set(counts["ad_watch_events"]) == {3}


def test_refunds_are_not_added_to_spend_and_mixed_currencies_are_flagged(tmp_path):
    # A billing log: charge.refunded amounts were summed into the customers' spend, so refunders
    # looked like the best customers.
    rows = []
    for customer in range(1, 41):
        for month in range(1, 5):
            rows.append((f"cus_{customer:03d}", f"2026-0{month}-05T10:00:00Z", "invoice.paid",
                         1000, "usd" if customer % 3 else "eur"))  # fmt: skip
        if customer <= 10:
            rows.append((f"cus_{customer:03d}", "2026-04-20T10:00:00Z", "charge.refunded", 3000,
                         "usd" if customer % 3 else "eur"))  # fmt: skip
    path = tmp_path / "billing.csv"
    pd.DataFrame(rows, columns=["customer", "created", "type", "amount", "currency"]).to_csv(
        path, index=False
    )
    starter = tmp_path / "billing.yml"
    result = CliRunner().invoke(
        main, ["scaffold", str(path), "--kind", "event-log", "--out", str(starter)]
    )
    assert result.exit_code == 0, result.output
    text = starter.read_text()
    assert "amounts in usd, eur (currency) are added as they are" in text
    variables = yaml.safe_load(text)
    features = {f["name"]: f for f in variables["event_log"]["features"]}
    assert features["amount_total"]["where"] == "not (lower(event_type) in ('charge.refunded'))"
    assert features["amount_reversed"]["where"] == "lower(event_type) in ('charge.refunded')"
    database = tmp_path / "w.duckdb"
    result = run_dbt(["run", "--select", "+int_user_features_joined"], database, variables)
    assert result.returncode == 0, result.output[-3000:]
    spend = query(
        database,
        "select amount_total, amount_reversed, count(*) as customers from "
        "int_user_features_joined group by all order by all",
    )
    assert spend.values.tolist() == [[4000, 0, 30], [4000, 3000, 10]]


def test_a_log_s_ratings_on_a_scale_are_averaged_as_their_rank(tmp_path):
    # A support log's satisfaction ratings ("Very dissatisfied" .. "Very satisfied") had ten
    # spellings, too many for shares, and got no feature at all.
    scale = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"]
    rows = []
    for customer in range(1, 61):
        happy = customer <= 30
        for ticket in range(4):
            rating = scale[4 - ticket % 2] if happy else scale[ticket % 2]
            if ticket == 3:
                rating = rating.upper() if customer % 5 == 0 else "Don't know"
            event = ("opened", "closed")[ticket % 2]
            rows.append((customer, f"2026-10-{1 + ticket:02d} 09:00:00", event, rating))
    path = tmp_path / "tickets.csv"
    pd.DataFrame(rows, columns=["customer_id", "at", "event", "satisfaction"]).to_csv(
        path, index=False
    )
    starter = tmp_path / "tickets.yml"
    result = CliRunner().invoke(
        main, ["scaffold", str(path), "--kind", "event-log", "--out", str(starter)]
    )
    assert result.exit_code == 0, result.output
    variables = yaml.safe_load(starter.read_text())
    [column] = variables["event_log"]["numeric_columns"]
    answered = [answer for answer in scale if answer != "Neutral"]  # no one answered Neutral
    assert column == {
        "column": "satisfaction", "order": answered, "missing_values": ["Don't know"]
    }  # fmt: skip
    features = {f["name"]: f for f in variables["event_log"]["features"]}
    assert features["satisfaction_mean"]["aggregate"] == "mean"
    database = tmp_path / "w.duckdb"
    result = run_dbt(["run", "--select", "+int_user_features_joined"], database, variables)
    assert result.returncode == 0, result.output[-3000:]
    means = query(
        database, "select user_id, satisfaction_mean from int_user_features_joined order by 1"
    )
    # Ranks in the answered order: very satisfied 4, satisfied 3, dissatisfied 2, very
    # dissatisfied 1; a fourth answer in capitals for every fifth customer, else Don't know.
    expected = [(4 + 3 + 4 + 3 * (c % 5 == 0)) / (3 + (c % 5 == 0)) for c in range(1, 31)]
    expected += [(1 + 2 + 1 + 2 * (c % 5 == 0)) / (3 + (c % 5 == 0)) for c in range(31, 61)]
    assert means["satisfaction_mean"].tolist() == pytest.approx(expected)


def test_a_log_without_times_is_scaffolded_undated_and_segments_each_user(tmp_path):
    # A hospital's encounters (the diabetes data): patients repeat over encounters and no
    # column is a time. Refused before ("add a timestamp column"), or segmented per encounter.
    rng = np.random.default_rng(13)
    patients = np.concatenate([np.arange(300), rng.integers(0, 300, 300)])
    frequent = patients % 3 == 0
    path = tmp_path / "encounters.csv"
    pd.DataFrame(
        {
            "encounter_id": np.arange(10_000, 10_000 + len(patients)),
            "patient_nbr": patients * 7 + 1_000,
            "time_in_hospital": np.where(
                frequent, rng.integers(8, 14, len(patients)), rng.integers(1, 4, len(patients))
            ),
            "number_emergency": np.where(frequent, rng.integers(3, 9, len(patients)), 0),
        }
    ).to_csv(path, index=False)
    database = scaffold_and_build(path, tmp_path, *SKIP_UNIT_TESTS)
    events = query(database, "select user_id, events from int_user_features_joined order by 1")
    expected = pd.Series(patients * 7 + 1_000).value_counts().sort_index()
    assert events["user_id"].tolist() == expected.index.tolist()
    assert events["events"].tolist() == expected.tolist()
    reconciled = query(database, "select rows_read, rows_accepted from input_reconciliation")
    assert reconciled.values.tolist() == [[600, 600]]
    segments = query(database, "select user_id, segment_id from int_user_segments_scored")
    truth = segments["user_id"].map(lambda user: (user - 1_000) // 7 % 3 == 0)
    # No segment mixes the frequent emergency patients with the others.
    assert homogeneity_score(truth, segments["segment_id"]) > 0.9


def test_a_latin_1_log_is_read_as_it_is_and_its_accented_values_are_counted(tmp_path):
    """A Latin-1 log (Book-Crossing's ratings as shipped) is read unconverted: the scaffold
    writes `encoding: latin-1`, and its shares of accented values ('Thé') match the events."""
    rows = [
        (
            f"u{user:02d}",
            f"2024-03-{1 + n % 28:02d} 1{n % 10}:00:00",
            "Thé" if n < user % 5 else "Café",
        )
        for user in range(40)
        for n in range(6)
    ]
    log = tmp_path / "orders.csv"
    text = "customer;ordered_at;drink\n" + "\n".join(";".join(row) for row in rows) + "\n"
    log.write_bytes(text.encode("latin-1"))
    starter = tmp_path / "orders.yml"
    result = CliRunner().invoke(main, ["scaffold", str(log), "--out", str(starter)])
    assert result.exit_code == 0, result.output
    variables = yaml.safe_load(starter.read_text())
    assert variables["event_log"]["encoding"] == "latin-1"
    [share] = [f["name"] for f in variables["event_log"]["features"] if "th" in f["name"]]
    database = tmp_path / "w.duckdb"
    result = run_dbt(["run", "--select", "+int_user_features_joined"], database, variables)
    assert result.returncode == 0, result.output[-5000:]
    shares = query(database, f"select user_id, {share} from int_user_features_joined")
    expected = {f"u{user:02d}": (user % 5) / 6 for user in range(40)}
    assert dict(shares.values.tolist()) == pytest.approx(expected)


def test_the_minutes_from_an_event_s_start_to_its_end_are_a_measure(tmp_path):
    """Bike trips, streams, calls and sessions log a start and an end: `derive:
    minutes_after_event` on the end column gives each event's length in minutes (ended_at was a
    text column kept for filters). An end that does not parse, or is before the start, is
    quarantined with its reason, never averaged in."""
    rows = [
        (f"r{user}_{n}", f"m{user:02d}", f"2024-05-{1 + n:02d} 08:00:00",
         f"2024-05-{1 + n:02d} {8 + (user % 3):02d}:{10 * n:02d}:00")
        for user in range(30)
        for n in range(4)
    ]  # fmt: skip
    rows += [("bad_end", "m00", "2024-05-09 08:00:00", "soon"),
             ("backwards", "m01", "2024-05-09 08:00:00", "2024-05-09 07:00:00")]  # fmt: skip
    log = tmp_path / "trips.csv"
    pd.DataFrame(rows, columns=["ride_id", "member", "started_at", "ended_at"]).to_csv(
        log, index=False
    )
    variables = {
        "user_source": "event_log",
        "as_of_date": "2024-05-10",
        "event_log": {
            "path": str(log), "user_id": "member", "user_id_type": "text",
            "timestamp": "started_at", "event_id": "ride_id",
            "numeric_columns": [{"column": "ended_at", "name": "ride_minutes",
                                 "derive": "minutes_after_event"}],
            "features": [{"name": "events", "aggregate": "count"},
                         {"name": "ride_minutes_mean", "aggregate": "mean", "of": "ride_minutes"}],
        },
    }  # fmt: skip
    database = tmp_path / "w.duckdb"
    result = run_dbt(
        ["run", "--select", "+int_user_features_joined", "+input_quarantine"], database, variables
    )
    assert result.returncode == 0, result.output[-5000:]
    means = query(database, "select user_id, ride_minutes_mean from int_user_features_joined")
    expected = {f"m{user:02d}": 60 * (user % 3) + 15 for user in range(30)}  # 0, 10, 20, 30 min
    assert dict(means.values.tolist()) == pytest.approx(expected)
    quarantined = query(
        database,
        "select record_id, quarantine_reason, quarantine_column from input_quarantine order by 1",
    )
    assert quarantined.values.tolist() == [
        ["backwards", "negative_duration", "ride_minutes"],
        ["bad_end", "unparseable_event_at", "ride_minutes"],
    ]


def assert_mean_hours_are_local(tmp_path, log, user_id, timestamp, log_config, local, days) -> Path:
    """Build the log's mean hour of day per user and check it against the ``local`` times (one
    per row of the log, in order); returns the built database."""
    variables = {
        "user_source": "event_log",
        "feature_window_days": days,
        "event_log": {
            "path": str(log), "user_id": user_id, "timestamp": timestamp, **log_config,
            "numeric_columns": [], "text_columns": [],
            "features": [{"name": "events", "aggregate": "count"},
                         {"name": "mean_hour", "aggregate": "mean", "of": "hour(event_at)"}],
        },
    }  # fmt: skip
    database = tmp_path / "w.duckdb"
    result = run_dbt(["run", "--select", "+int_user_features_joined"], database, variables)
    assert result.returncode == 0, result.output[-5000:]
    users = pd.read_csv(log)[user_id]
    expected = pd.Series(local.hour, dtype=float).groupby(users).mean()
    means = query(database, "select user_id, mean_hour from int_user_features_joined")
    assert dict(means.values.tolist()) == pytest.approx(expected.to_dict())
    return database


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "Etc/GMT-8", "America/New_York"])
def test_epoch_times_are_read_on_the_clock_of_the_configured_time_zone(tmp_path, zone):
    """Taobao's epoch seconds are instants: read as UTC, its shoppers' evenings fell at noon and
    its night owls were early birds. `timezone` converts every time to the zone's wall clock
    (with daylight saving time in New York) before the hour, the day and the as-of date are read."""
    rng = np.random.default_rng(7)
    instants = pd.Timestamp("2024-01-02", tz="UTC") + pd.to_timedelta(
        rng.integers(0, 210 * 86400, size=600), unit="s"
    )
    instants = instants.append(pd.DatetimeIndex([pd.Timestamp("2024-07-31 20:00", tz="UTC")]))
    events = pd.DataFrame(
        {"user_id": np.arange(len(instants)) % 40 + 1, "ts": instants.as_unit("s").asi8}
    )
    log = tmp_path / "clicks.csv"
    events.to_csv(log, index=False)
    local = instants.tz_convert(zone)
    log_config = {"timestamp_format": "epoch_seconds", "timezone": zone}
    database = assert_mean_hours_are_local(tmp_path, log, "user_id", "ts", log_config, local, 240)
    [(as_of_date,)] = query(database, "select as_of_date from int_event_log_window_defined").values
    assert str(as_of_date)[:10] == str(local.max().date())


def test_a_time_zone_duckdb_does_not_know_stops_the_build_with_examples(tmp_path):
    log = tmp_path / "clicks.csv"
    log.write_text("user_id,ts\n1,1700000000\n")
    variables = {
        "user_source": "event_log",
        "event_log": {
            "path": str(log), "user_id": "user_id", "timestamp": "ts",
            "timestamp_format": "epoch_seconds", "timezone": "Beijing",
            "numeric_columns": [], "text_columns": [],
            "features": [{"name": "events", "aggregate": "count"}],
        },
    }  # fmt: skip
    result = run_dbt(
        ["run", "--select", "stg_event_log__events_typed"], tmp_path / "w.duckdb", variables
    )
    assert result.returncode != 0
    assert 'timezone "Beijing" is not a time zone DuckDB knows' in result.output
    assert "Asia/Shanghai" in result.output


def test_a_log_with_many_rows_without_a_time_builds_from_its_scaffold_with_them_quarantined(
    tmp_path,
):
    """8% of the clicks have an empty time: the build quarantines them and stopped above its 5%
    limit, so the scaffold's config could not build. It raises the limit and says why."""
    rng = np.random.default_rng(44)
    rows = 4_000
    times = (
        pd.Timestamp("2024-03-01") + pd.to_timedelta(rng.integers(0, 30 * 86400, rows), unit="s")
    ).strftime("%Y-%m-%d %H:%M:%S")
    frame = pd.DataFrame(
        {
            "user_id": rng.integers(1, 200, rows),
            "clicked_at": times,
            "amount": rng.gamma(2, 5, rows),
        }
    )
    frame.loc[rng.random(rows) < 0.08, "clicked_at"] = None
    log = tmp_path / "clicks.csv"
    frame.to_csv(log, index=False)
    database = scaffold_and_build(log, tmp_path, *SKIP_UNIT_TESTS)
    config = (tmp_path / "cfg.yml").read_text()
    assert "quarantined as missing_event_at" in config
    assert "quarantine_error_share: 0.1" in config  # 8% and a margin of 5 points: 0.13-0.14
    quarantined = query(
        database, "select quarantine_reason, count(*) as n from input_quarantine group by 1"
    )
    assert quarantined.values.tolist() == [
        ["missing_event_at", int(frame["clicked_at"].isna().sum())]
    ]


def test_an_integer_user_id_of_minus_one_is_no_one_and_is_quarantined(tmp_path):
    """Stack Overflow's OwnerUserId -1 is the Community bot: the scaffold listed it as a marker,
    but markers were checked only on ids that do not read as numbers, so -1 was segmented as one
    user with a tenth of the posts. Integer and text ids are checked against missing_user_ids."""
    rng = np.random.default_rng(45)
    rows = 3_000
    owners = rng.integers(1, 300, rows)
    owners[rng.random(rows) < 0.1] = -1
    frame = pd.DataFrame(
        {
            "Id": np.arange(1, rows + 1),
            "OwnerUserId": owners,
            "CreationDate": (
                pd.Timestamp("2023-01-01")
                + pd.to_timedelta(rng.integers(0, 60 * 86400, rows), unit="s")
            ).strftime("%Y-%m-%dT%H:%M:%S"),
            "Score": rng.integers(-2, 30, rows),
        }
    )
    log = tmp_path / "posts.csv"
    frame.to_csv(log, index=False)
    database = scaffold_and_build(log, tmp_path, *SKIP_UNIT_TESTS)
    config = yaml.safe_load((tmp_path / "cfg.yml").read_text())
    assert config["event_log"]["missing_user_ids"] == ["-1"]
    quarantined = query(
        database, "select quarantine_reason, count(*) as n from input_quarantine group by 1"
    )
    assert quarantined.values.tolist() == [["missing_user_id", int((owners == -1).sum())]]
    [(segmented,)] = query(database, "select count(*) from user_segments").values
    assert segmented == len(set(owners) - {-1})


def test_each_event_is_read_on_the_clock_of_its_own_offset_column(tmp_path):
    """Foursquare's check-ins carry their UTC time and a timezoneOffset in minutes (-240 in New
    York's summer, -300 in its winter, 540 in Tokyo): each row's hour is its own local one."""
    rng = np.random.default_rng(48)
    rows = 400
    instants = pd.Timestamp("2012-04-03", tz="UTC") + pd.to_timedelta(
        rng.integers(0, 300 * 86400, rows), unit="s"
    )
    offsets = rng.choice([-300, -240, 540, 330], rows)
    offsets[:5] = 0
    events = pd.DataFrame(
        {
            "userId": np.arange(rows) % 20 + 1,
            "utcTimestamp": instants.strftime("%a %b %d %H:%M:%S +0000 %Y"),
            "timezoneOffset": offsets.astype(str),
        }
    )
    events.loc[:4, "timezoneOffset"] = ""  # no offset: read as UTC
    log = tmp_path / "checkins.csv"
    events.to_csv(log, index=False)
    local = instants.tz_localize(None) + pd.to_timedelta(offsets, unit="m")
    log_config = {
        "timestamp_format": "%a %b %d %H:%M:%S %z %Y",
        "timezone": {"offset_minutes": "timezoneOffset"},
    }
    assert_mean_hours_are_local(tmp_path, log, "userId", "utcTimestamp", log_config, local, 400)
