"""The event-log scaffold: profile an event file and propose a starter config (DuckDB, no dbt)."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from click.testing import CliRunner

from support import PROJECT_DIR
from user_segmentation.cli import main
from user_segmentation.segmentation import check_event_log
from user_segmentation.tools.event_log_scaffold import (
    EVENT_TYPE_NAME,
    looks_like_event_log,
    profile_event_log,
    propose_event_log,
    render_event_log_config,
)

EXAMPLE_LOG = PROJECT_DIR / "examples" / "event_logs" / "order_lines.csv"


def test_the_profile_finds_the_roles_of_the_example_log_columns():
    proposal = propose_event_log(profile_event_log(EXAMPLE_LOG))
    assert proposal.roles["user_id"][0] == "customer_id"
    assert proposal.roles["user_id_type"][0] == "integer"
    assert proposal.roles["timestamp"][0] == "invoice_date"
    assert proposal.roles["event_id"][0] == "line_id"
    assert proposal.roles["event_type"][0] is None
    # Codes and invoice numbers are digits too, but they are identifiers, not measures.
    assert [column for column, _ in proposal.numeric_columns] == ["quantity", "unit_price"]
    assert proposal.text_columns == ["invoice", "stock_code", "country"]


def test_an_event_type_column_gets_a_count_and_active_days_per_type(tmp_path):
    path = tmp_path / "events.csv"
    pd.DataFrame(
        {
            "user_id": ["u1", "u1", "u2", "u2", "u3", "u3"],
            "event_type": ["view", "signup", "view", "view", "page's view", "view"],
            "occurred_at": [f"2026-01-0{day} 10:00:00" for day in range(1, 7)],
            "amount": [1, 2, 3, 4, 5, 6],
        }
    ).to_csv(path, index=False)
    profile = profile_event_log(path)
    assert looks_like_event_log(profile)
    proposal = propose_event_log(profile)
    assert proposal.roles["user_id_type"][0] == "text"
    # Most frequent type first.
    names = [feature["name"] for feature, _ in proposal.features]
    assert names == [
        "view_events",
        "view_active_days",
        "page_s_view_events",
        "page_s_view_active_days",
        "signup_events",
        "signup_active_days",
        "amount_total",
        "amount_mean",
        "days_since_last_event",
        "days_since_first_event",
        "night_share",
        "morning_share",
        "evening_share",
        "weekend_share",
    ]
    quoted = next(f for f, _ in proposal.features if f["name"] == "page_s_view_events")
    assert quoted["where"] == "event_type = 'page''s view'"


def test_a_user_table_is_not_taken_for_an_event_log():
    assert not looks_like_event_log(
        profile_event_log(PROJECT_DIR / "examples" / "tables" / "mall_customers.csv")
    )


def test_the_scaffold_command_writes_a_commented_valid_event_log_config(tmp_path):
    out = tmp_path / "starter.yml"
    result = CliRunner().invoke(main, ["scaffold", str(EXAMPLE_LOG), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    variables = yaml.safe_load(text)
    assert variables["user_source"] == "event_log"
    features = check_event_log(variables["event_log"])["features"]
    assert {f["aggregate"] for f in features} == {
        "count",
        "active_days",
        "sum",
        "mean",
        "recency",
        "tenure",
    }
    # Every feature line follows a comment saying why it is there.
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.strip().startswith("- {name:"):
            assert lines[index - 1].strip().startswith("#"), line


def write_log(path, frame: pd.DataFrame, **options) -> str:
    frame.to_csv(path, index=False, **options)
    return str(path)


@pytest.mark.parametrize(
    ("values", "timestamp_format"),
    [
        ([19970101 + day for day in range(28)], "%Y%m%d"),
        # Berka's bank transactions: YYMMDD as a number.
        ([930101 + day for day in range(28)], "%y%m%d"),
        ([f"12/{day}/2010 8:{day:02d}" for day in range(1, 29)], "%m/%d/%Y %H:%M"),
        ([f"{day}/12/2010" for day in range(1, 29)], "%d/%m/%Y"),
        ([f"Jan {day} 2000" for day in range(1, 29)], "%b %d %Y"),
        (
            [f"12/{day:02d}/2009 {day % 12 + 1}:06:00 PM" for day in range(1, 29)],
            "%m/%d/%Y %I:%M:%S %p",
        ),
        ([f"{day:02d}.12.2009 10:06:00" for day in range(1, 29)], "%d.%m.%Y %H:%M:%S"),
        ([1_433_221_332_117 + day * 86_400_000 for day in range(28)], "epoch_milliseconds"),
        # A spreadsheet's day numbers (44927 is 2023-01-01).
        ([44_927 + day for day in range(28)], "excel_serial"),
        # Epoch seconds with milliseconds as a fraction, as Python's time.time() writes them.
        (
            [f"{1_710_034_200 + day * 86_400}.{day * 37 % 1000:03d}" for day in range(28)],
            "epoch_seconds",
        ),
        # Twitter's and Goodreads' created_at, with its offset; refused before as no timestamp.
        (
            [
                f"{day:%a %b %d} 13:41:57 -0700 2011"
                for day in pd.date_range("2011-08-01", periods=28)
            ],
            "%a %b %d %H:%M:%S %z %Y",
        ),
        # Amazon reviews' reviewTime: read as the number 9,132,009 and averaged.
        ([f"09 {day:02d}, 2009" for day in range(1, 29)], "%m %d, %Y"),
        # Netflix's Join Date, day first with a two-digit year: read as the year 15.
        ([f"{day:02d}-01-22" for day in range(1, 29)], "%d-%m-%y"),
    ],
)
def test_timestamps_in_common_formats_are_found_with_their_format(
    tmp_path, values, timestamp_format
):
    # R and spreadsheet exports: no column named like a user, dates as YYYYMMDD, US or European
    # text, month names or epoch milliseconds.
    rows = 300
    frame = pd.DataFrame(
        {
            "id": [user % 40 + 1 for user in range(rows)],
            "timestamp" if timestamp_format.startswith("epoch") else "date": [
                values[row % len(values)] for row in range(rows)
            ],
            "amount": [float(row % 17) for row in range(rows)],
        }
    )
    profile = profile_event_log(write_log(tmp_path / "log.csv", frame))
    assert looks_like_event_log(profile)
    proposal = propose_event_log(profile)
    assert proposal.roles["user_id"][0] == "id"
    assert proposal.roles["timestamp_format"][0] == timestamp_format
    assert proposal.event_log()["timestamp_format"] == timestamp_format
    assert profile.span_days == 28


def test_dates_that_read_either_way_are_flagged_for_a_check(tmp_path):
    # No day above 12: 03/04/2020 is 4 March (US) or 3 April; the config says so.
    frame = pd.DataFrame(
        {
            "customer_id": [row % 20 for row in range(240)],
            "date": [f"{row % 12 + 1:02d}/{row % 12 + 1:02d}/2020" for row in range(240)],
        }
    )
    frame.loc[::7, "date"] = "03/04/2020"
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "log.csv", frame)))
    timestamp_format, reason = proposal.roles["timestamp_format"]
    assert timestamp_format == "%m/%d/%Y"
    assert "also reads as %d/%m/%Y" in reason
    clear = pd.DataFrame({"customer_id": [row % 20 for row in range(240)], "date": "12/31/2020"})
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "clear.csv", clear)))
    assert "also reads as" not in proposal.roles["timestamp_format"][1]


def test_a_yearly_panel_reads_its_years_and_a_flag_is_not_the_user(tmp_path):
    # An econometrics panel (wooldridge's wagepan): person nr, year, measures, a 0/1 flag.
    frame = pd.DataFrame(
        [
            {"nr": person, "year": year, "hours": 1500 + person * 3 + year % 7,
             "union_member": person % 2}
            for person in range(1, 41)
            for year in range(1980, 1988)
        ]
    )  # fmt: skip
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "panel.csv", frame)))
    assert proposal.roles["user_id"][0] == "nr"
    assert (proposal.roles["timestamp"][0], proposal.roles["timestamp_format"][0]) == (
        "year",
        "%Y",
    )
    summed = {f["of"] for f, _ in proposal.features if f.get("aggregate") == "sum"}
    assert "hours" in summed  # a duration, not the hour of the day


def test_calendar_parts_and_clock_times_are_kept_for_filters_not_summed(tmp_path):
    # nycflights13: year/month/day/hour parts, dep_time as HHMM, air_time a duration in minutes.
    rows = 400
    frame = pd.DataFrame(
        {
            "tailnum": [f"N{row % 40:03d}" for row in range(rows)],
            "time_hour": [
                f"2013-01-{row % 28 + 1:02d} {row % 24:02d}:00:00" for row in range(rows)
            ],
            "month": [1] * rows,
            "hour": [row % 24 for row in range(rows)],
            "dep_time": [(row % 24) * 100 + row % 60 for row in range(rows)],
            "air_time": [40 + row % 300 for row in range(rows)],
        }
    )
    profile = profile_event_log(write_log(tmp_path / "flights.csv", frame))
    proposal = propose_event_log(profile, user_id="tailnum")
    typed = [column for column, _ in proposal.numeric_columns]
    assert {"month", "hour", "dep_time", "air_time"} <= set(typed)
    aggregated = {f.get("of") for f, _ in proposal.features}
    assert "air_time" in aggregated
    assert not {"month", "hour", "dep_time"} & aggregated


def test_a_date_part_at_the_end_of_a_compound_name_is_not_summed(tmp_path):
    # Instacart's orders.csv: the weekday and the hour of each order were summed and averaged
    # ("Total order hour of day", "mean order dow 3.1 (1.1x the average)").
    rows = 600
    frame = pd.DataFrame(
        {
            "order_id": range(1, rows + 1),
            "user_id": [row % 60 for row in range(rows)],
            "order_number": [1 + row // 60 for row in range(rows)],
            "order_dow": [row % 7 for row in range(rows)],
            "order_hour_of_day": [(row * 7) % 24 for row in range(rows)],
            "days_since_prior_order": [(row * 3) % 30 for row in range(rows)],
        }
    )
    profile = profile_event_log(write_log(tmp_path / "orders.csv", frame))
    proposal = propose_event_log(profile, user_id="user_id")
    aggregated = {f.get("of") for f, _ in proposal.features}
    assert not {"order_dow", "order_hour_of_day"} & aggregated
    assert "days_since_prior_order" in aggregated


def _ratings_by_cohort(years: int, days_per_user: int) -> pd.DataFrame:
    """A user per week over ``years``, each rating ten movies over ``days_per_user`` days."""
    rows = []
    for user in range(years * 52):
        joined = pd.Timestamp("2001-01-01") + pd.Timedelta(weeks=user)
        for rating in range(10):
            day = joined + pd.Timedelta(days=rating * days_per_user // 10)
            rows.append((user, rating, rating % 5 + 1, day.strftime("%Y-%m-%d %H:%M:%S")))
    return pd.DataFrame(rows, columns=["user_id", "movie_id", "rating", "rated_at"])


@pytest.mark.parametrize(
    ("years", "days_per_user", "clustered"),
    [
        # MovieLens: 19 years of ratings, each user's within days of joining.
        (19, 4, False),
        # A shop's two years: the days since a customer's last order say who is lapsing.
        (2, 4, True),
        # Ten years of users who stay for years.
        (10, 3 * 365, True),
    ],
)
def test_recency_and_tenure_are_profiled_in_an_archive_of_short_lived_users(
    tmp_path, years, days_per_user, clustered
):
    path = write_log(tmp_path / "ratings.csv", _ratings_by_cohort(years, days_per_user))
    proposal = propose_event_log(profile_event_log(path))
    by_aggregate = {f["aggregate"]: (f, why) for f, why in proposal.features}
    recency, _ = by_aggregate["recency"]
    assert recency.get("cluster", True) is clustered
    for aggregate in ("recency", "tenure"):
        feature, why = by_aggregate[aggregate]
        # Tenure moves with recency here, so it may be profiled for that reason alone.
        assert ("say when they joined" in why) is not clustered
        assert clustered or feature["cluster"] is False


def _orders(hours: list[int]) -> pd.DataFrame:
    """Instacart's orders.csv: a user's orders, numbered, with their weekday and hour but no date,
    and the Kaggle split of each order (the last one is train or test)."""
    rows = []
    for user in range(60):
        for number in range(1, 11):
            split = ("train" if user % 2 else "test") if number == 10 else "prior"
            hour = hours[(user + number) % len(hours)]
            rows.append((len(rows) + 1, user, split, number, number % 7, hour))
    columns = ["order_id", "user_id", "eval_set", "order_number", "order_dow", "order_hour_of_day"]
    return pd.DataFrame(rows, columns=columns)


def test_the_split_of_a_dataset_is_no_share_of_a_users_events(tmp_path):
    proposal = propose_event_log(
        profile_event_log(write_log(tmp_path / "orders.csv", _orders(list(range(24))))),
        user_id="user_id",
        undated=True,
    )
    assert not [f for f, _ in proposal.features if "eval_set" in f.get("of", "")]
    assert "eval_set" in proposal.text_columns  # still there for filters


def test_an_hour_column_gives_the_shares_of_the_day_when_the_log_has_no_clock(tmp_path):
    path = write_log(tmp_path / "orders.csv", _orders(list(range(24))))
    proposal = propose_event_log(profile_event_log(path), user_id="user_id", undated=True)
    shares = {f["name"]: f for f, _ in proposal.features if f.get("unit") == "share"}
    assert set(shares) == {"night_share", "morning_share", "evening_share"}
    assert shares["evening_share"]["of"] == (
        "case when order_hour_of_day >= 18 and order_hour_of_day < 24 then 1.0 "
        "when order_hour_of_day is not null then 0.0 end"
    )


def test_a_column_of_a_few_hours_is_not_read_as_the_hour_of_the_day(tmp_path):
    # Opening hours from 9 to 14 cover too little of the day to be read as the hour of the day.
    path = write_log(tmp_path / "orders.csv", _orders(list(range(9, 15))))
    proposal = propose_event_log(profile_event_log(path), user_id="user_id", undated=True)
    names = {f["name"] for f, _ in proposal.features}
    assert not names & {"night_share", "morning_share", "evening_share"}


def _visits(weekend_users: int, events_per_visit: int = 1) -> pd.DataFrame:
    """Four weeks of visits of 80 users, five a week each, of ``events_per_visit`` events a
    minute apart: ``weekend_users`` of them come only on Saturdays and Sundays, the others on any
    day."""
    rng = np.random.default_rng(11)
    rows = []
    for user in range(80):
        for week in range(4):
            for _ in range(5):
                weekday = rng.integers(5, 7) if user < weekend_users else rng.integers(0, 7)
                day = pd.Timestamp("2024-03-04 10:00") + pd.Timedelta(days=int(week * 7 + weekday))
                for minute in range(events_per_visit):
                    at = day + pd.Timedelta(minutes=minute)
                    rows.append((user, at.isoformat(sep=" "), round(float(rng.gamma(2, 10)), 2)))
    return pd.DataFrame(rows, columns=["user_id", "visited_on", "spend"])


@pytest.mark.parametrize(
    ("weekend_users", "events_per_visit", "clustered"),
    [
        (30, 1, True),
        (0, 1, False),
        # A visit's events share its day: chance per day, not per event (they made segments).
        (0, 4, False),
    ],
)
def test_the_share_of_events_at_the_weekend_is_clustered_when_users_differ_on_it(
    tmp_path, weekend_users, events_per_visit, clustered
):
    # The notebook's weekday and weekend time online, for any dated log.
    path = write_log(tmp_path / "visits.csv", _visits(weekend_users, events_per_visit))
    features = {
        f["name"]: (f, why) for f, why in propose_event_log(profile_event_log(path)).features
    }
    weekend, why = features["weekend_share"]
    assert weekend["of"] == "case when is_weekend_event then 1.0 else 0.0 end"
    assert weekend.get("cluster", True) is clustered
    assert ("no more than chance" in why) is not clustered


def test_an_undated_log_has_no_share_at_the_weekend(tmp_path):
    path = write_log(tmp_path / "visits.csv", _visits(30).drop(columns="visited_on"))
    proposal = propose_event_log(profile_event_log(path), user_id="user_id", undated=True)
    assert "weekend_share" not in {f["name"] for f, _ in proposal.features}


def test_an_id_of_eight_digits_is_not_taken_for_a_date(tmp_path):
    frame = pd.DataFrame(
        {
            "customer_id": [20100101 + row % 25 for row in range(200)],
            "order_code": [19970101 + row for row in range(200)],
            "date": ["2010-12-01"] * 200,
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "log.csv", frame)))
    assert proposal.roles["timestamp"][0] == "date"
    assert proposal.roles["timestamp_format"][0] is None
    assert proposal.roles["user_id"][0] == "customer_id"


def test_missing_value_markers_do_not_make_a_measure_text(tmp_path):
    frame = pd.DataFrame(
        {
            "customer_id": [row % 30 for row in range(300)],
            "at": ["2020-01-01"] * 300,
            "amount": ["NA" if row % 10 == 0 else str(row) for row in range(300)],
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "log.csv", frame)))
    assert [column for column, _ in proposal.numeric_columns] == ["amount"]


@pytest.mark.parametrize(
    ("written", "separator", "number_format"),
    [
        (lambda value: f"${value:,.2f}", ",", "grouped"),
        (lambda value: f"{value:,.2f} €".replace(",", " ").replace(".", ","), ";", "decimal_comma"),
    ],
)
def test_money_text_in_a_log_is_a_measure_with_its_number_format(
    tmp_path, written, separator, number_format
):
    # A shop's export: prices as "$1,234.50", or "1 234,50 €" in a ';'-separated European file.
    frame = pd.DataFrame(
        {
            "customer_id": [row % 30 for row in range(300)],
            "at": ["2020-01-01"] * 300,
            "price": [written(row * 17.25) for row in range(300)],
        }
    )
    path = write_log(tmp_path / "log.csv", frame, sep=separator)
    proposal = propose_event_log(profile_event_log(path, separator))
    assert [column for column, _ in proposal.numeric_columns] == ["price"]
    assert proposal.event_log()["numeric_columns"] == [
        {"column": "price", "number_format": number_format}
    ]
    assert proposal.profile.column("price").numeric_share == 1.0


def test_named_columns_override_the_guess_and_bad_names_say_the_fix(tmp_path):
    frame = pd.DataFrame(
        {"symbol": ["A", "B"] * 50, "when": ["2020-01-01"] * 100, "price": range(100)}
    )
    path = write_log(tmp_path / "log.csv", frame)
    out = tmp_path / "log.yml"
    result = CliRunner().invoke(
        main, ["scaffold", path, "--user-id", "symbol", "--timestamp", "when", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    variables = yaml.safe_load(out.read_text())
    assert variables["event_log"]["user_id"] == "symbol"
    # Two users make segments of min_cell_size only for k = 2.
    assert variables["segmentation_overrides"]["k_range"] == [2, 2]
    result = CliRunner().invoke(main, ["scaffold", path, "--user-id", "ticker"])
    assert result.exit_code == 1
    assert "--user-id 'ticker' is not a column" in result.output
    assert "Traceback" not in result.output


def test_a_log_with_many_guest_rows_gets_a_limit_for_them_above_their_share(tmp_path):
    # Online Retail: a quarter of the lines have no CustomerID; with the default limits (stop
    # above 5% quarantined) the starter config could never build. The quarantine limits stay at
    # their defaults, applied to the rows with a user id.
    frame = pd.DataFrame(
        {
            "CustomerID": [None if row % 4 == 0 else float(12346 + row % 50) for row in range(400)],
            "InvoiceDate": [f"12/{row % 28 + 1}/2010 8:{row % 60:02d}" for row in range(400)],
            "Quantity": [row % 9 + 1 for row in range(400)],
        }
    )
    out = tmp_path / "retail.yml"
    path = write_log(tmp_path / "retail.csv", frame)
    result = CliRunner().invoke(main, ["scaffold", path, "--out", str(out)])
    assert result.exit_code == 0, result.output
    variables = yaml.safe_load(out.read_text())
    assert variables["event_log"]["timestamp_format"] == "%m/%d/%Y %H:%M"
    assert variables["missing_user_id_share_limit"] == 0.30
    assert "quarantine_warn_share" not in variables
    assert "quarantine_error_share" not in variables


def test_a_column_empty_in_every_row_is_left_out_with_a_note(tmp_path):
    # An export with a column nobody filled in (a `coupon` field): nothing to filter or sum on.
    frame = pd.DataFrame(
        {
            "customer": [f"c{row % 30}" for row in range(300)],
            "ordered_at": [f"2026-03-{row % 28 + 1:02d} 12:00:00" for row in range(300)],
            "amount": [10 + row % 17 for row in range(300)],
            "coupon": [None] * 300,
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "orders.csv", frame)))
    assert proposal.empty_columns == ["coupon"]
    assert "coupon" not in proposal.text_columns
    assert "coupon" not in [column for column, _ in proposal.numeric_columns]
    config = render_event_log_config(proposal)
    assert "# Left out, empty in every row: coupon." in config
    assert "coupon" not in yaml.safe_load(config)["event_log"]["text_columns"]


def test_a_zero_one_flag_in_a_panel_is_a_share_of_events_not_a_sum(tmp_path):
    # wooldridge wagepan: one row per person and year, union membership as 0/1.
    frame = pd.DataFrame(
        {
            "nr": [person for person in range(40) for _ in range(8)],
            "year": [1980 + year for _ in range(40) for year in range(8)],
            "union": [(person + year) % 3 == 0 for person in range(40) for year in range(8)],
            "lwage": [
                1.5 + (person % 7) * 0.1 + year * 0.02 for person in range(40) for year in range(8)
            ],
        }
    ).astype({"union": int})
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "wagepan.csv", frame)))
    by_column = {}
    for feature, _ in proposal.features:
        by_column.setdefault(feature.get("of"), []).append(feature["aggregate"])
    assert by_column["union_"] == ["mean"]  # union is an SQL keyword: union_
    assert sorted(by_column["lwage"]) == ["mean", "sum"]


def test_the_window_of_a_log_decades_long_still_covers_every_event(tmp_path):
    # MovieLens: ratings from 2000 to 2018 as epoch seconds; a window of the last ten years would
    # leave out, without a word in the build, every user who rated only before 2008.
    frame = pd.DataFrame(
        {
            "userId": [row % 50 for row in range(500)],
            "rating": [1 + row % 5 for row in range(500)],
            "timestamp": [964_982_703 + row * 1_150_000 for row in range(500)],
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "ratings.csv", frame)))
    config = render_event_log_config(proposal)
    first, last = 964_982_703, 964_982_703 + 499 * 1_150_000
    days = (pd.Timestamp(last, unit="s").date() - pd.Timestamp(first, unit="s").date()).days + 1
    assert proposal.window_days == proposal.profile.span_days == days > 3650
    assert "covers the whole log" in config and "is not segmented" not in config
    assert yaml.safe_load(config)["feature_window_days"] == days


def test_an_email_that_repeats_is_the_user_of_a_log_without_a_user_id(tmp_path):
    # A SaaS product's audit log: a unique event `id`, the person's e-mail, ISO timestamps with Z.
    rows = 600
    frame = pd.DataFrame(
        {
            "id": [f"evt_{row:05d}" for row in range(rows)],
            "email": [f"user{row % 40}@example.com" for row in range(rows)],
            "action": [["login", "export", "invite_member"][row % 3] for row in range(rows)],
            "created_at": [
                f"2024-03-{row % 28 + 1:02d}T10:{row % 60:02d}:00.000Z" for row in range(rows)
            ],
        }
    )
    profile = profile_event_log(write_log(tmp_path / "audit.csv", frame))
    assert looks_like_event_log(profile)
    proposal = propose_event_log(profile)
    assert proposal.roles["user_id"][0] == "email"
    assert proposal.roles["event_id"][0] == "id"
    assert proposal.roles["event_type"][0] == "action"
    # With a user id as well, the user id wins over the e-mail.
    frame.insert(1, "account_id", [row % 40 for row in range(rows)])
    both = propose_event_log(profile_event_log(write_log(tmp_path / "audit2.csv", frame)))
    assert both.roles["user_id"][0] == "account_id"


def test_the_order_date_not_the_ship_date_times_an_order_log(tmp_path):
    # Superstore: two date columns; ship dates spread over more days, but orders happen first.
    rows = 400
    frame = pd.DataFrame(
        {
            "Order Date": [f"1/{row % 28 + 1}/2017" for row in range(rows)],
            "Ship Date": [
                f"2/{row % 28 + 1}/2017" if row % 2 else f"3/{row % 27 + 1}/2017"
                for row in range(rows)
            ],
            "Customer ID": [f"CG-{12000 + row % 50}" for row in range(rows)],
            "Sales": [10.5 + row for row in range(rows)],
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "superstore.csv", frame)))
    assert proposal.roles["timestamp"][0] == "Order Date"


def test_row_names_written_with_the_log_are_no_measure(tmp_path):
    # An order log saved with pandas' to_csv defaults (as R's write.csv does): its row numbers sit
    # under an empty header. Summed per user they would make a segment of "high column0" users.
    frame = pd.DataFrame(
        {
            "customer_id": [row % 40 for row in range(600)],
            "order_date": [f"2024-{1 + row % 12:02d}-{1 + row % 28:02d}" for row in range(600)],
            "amount": [10.0 + row % 17 for row in range(600)],
        },
        index=range(1, 601),
    )
    path = tmp_path / "orders.csv"
    frame.to_csv(path)
    proposal = propose_event_log(profile_event_log(str(path)))
    assert proposal.row_number_columns == ["column0"]
    measured = {feature.get("of") for feature, _ in proposal.features}
    assert "amount" in measured and "column0" not in measured
    assert "column0" not in {name for name, _ in proposal.numeric_columns}
    assert "the file's row numbers" in render_event_log_config(proposal)


def test_an_attribute_the_same_on_every_event_of_a_user_is_averaged_not_summed(tmp_path):
    # plm's Males: one row per man and year; schooling is fixed per man, the wage changes. A sum
    # of schooling would be 8 x schooling, a second copy of it that counts the years again.
    men, years = 60, range(1980, 1988)
    frame = pd.DataFrame(
        {
            "nr": [man for man in range(men) for _ in years],
            "year": [f"{year}-01-01" for _ in range(men) for year in years],
            "school": [9 + man % 8 for man in range(men) for _ in years],
            "wage": [1.0 + (man * 7 + year) % 13 / 10 for man in range(men) for year in years],
        }
    )
    proposal = propose_event_log(
        profile_event_log(write_log(tmp_path / "males.csv", frame)), user_id="nr"
    )
    aggregates = {}
    for feature, _ in proposal.features:
        aggregates.setdefault(feature.get("of"), []).append(feature["aggregate"])
    assert aggregates["school"] == ["mean"]
    assert sorted(aggregates["wage"]) == ["mean", "sum"]
    assert "is the same on every event of a user" in render_event_log_config(proposal)


def test_a_date_written_as_a_decimal_year_is_not_summed(tmp_path):
    # ggplot2's txhousing: city, year, month, sales, and `date` as a decimal year (2000.083 is
    # February 2000). Summed per city it would be a meaningless "date_total" feature.
    frame = pd.DataFrame(
        {
            "city": [f"City {c}" for c in range(30) for _ in range(24)],
            "year": [2000 + m // 12 for _ in range(30) for m in range(24)],
            "sales": [50.0 + (c * 13 + m) % 40 for c in range(30) for m in range(24)],
            "date": [round(2000 + m / 12, 3) for _ in range(30) for m in range(24)],
        }
    )
    proposal = propose_event_log(
        profile_event_log(write_log(tmp_path / "txhousing.csv", frame)), user_id="city"
    )
    measured = {feature.get("of") for feature, _ in proposal.features}
    assert "sales" in measured and "date" not in measured


@pytest.mark.parametrize(
    ("user", "ids"),
    [
        ("patient", [1000 + 7 * p for p in range(40)]),  # clinical visits (pydataset respiratory)
        ("pig_uuid", [f"{p:08x}-7c1e-4d2a-9b3f-{p:012x}" for p in range(40)]),  # dietox weighings
    ],
)
def test_a_log_keyed_by_a_patient_or_a_uuid_is_an_event_log(tmp_path, user, ids):
    frame = pd.DataFrame(
        {
            user: [ids[p] for p in range(40) for _ in range(4)],
            "visit_date": [f"2023-0{v + 1}-{p % 28 + 1:02d}" for p in range(40) for v in range(4)],
            "systolic": [100 + (p * 7 + v * 3) % 60 for p in range(40) for v in range(4)],
        }
    )
    profile = profile_event_log(write_log(tmp_path / "visits.csv", frame))
    assert looks_like_event_log(profile)
    assert propose_event_log(profile).roles["user_id"][0] == user


def test_a_ticket_subject_does_not_beat_the_customer_as_the_user(tmp_path):
    frame = pd.DataFrame(
        {
            "subject": [["Password reset", "Invoice copy", "Bug"][t % 3] for t in range(300)],
            "customer_id": [t % 60 for t in range(300)],
            "opened_at": [f"2024-03-{t % 28 + 1:02d} 09:00" for t in range(300)],
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "tickets.csv", frame)))
    assert proposal.roles["user_id"][0] == "customer_id"


def test_an_epoch_in_milliseconds_named_like_a_start_is_the_timestamp(tmp_path):
    # A session log: e-mail, session_start_ms, duration_s. Without the timestamp the file read
    # as a user table keyed by the (unique) durations, one "user" per session.
    frame = pd.DataFrame(
        {
            "email": [f"u{s % 30}@example.org" for s in range(300)],
            "session_start_ms": [1_710_325_274_000 + s * 3_600_000 for s in range(300)],
            "duration_s": [60 + s for s in range(300)],
        }
    )
    profile = profile_event_log(write_log(tmp_path / "sessions.csv", frame))
    assert looks_like_event_log(profile)
    roles = propose_event_log(profile).roles
    assert (roles["user_id"][0], roles["timestamp"][0]) == ("email", "session_start_ms")


def test_measures_whose_names_end_in_id_letters_are_still_measures(tmp_path):
    # french_fries' `rancid` taste score, `humid`, `amount_paid`: `id` ends them, not as a word.
    frame = pd.DataFrame(
        {
            "customer_id": [r % 20 for r in range(200)],
            "ordered_at": [f"2024-01-{r % 28 + 1:02d}" for r in range(200)],
            "rancid": [r % 7 for r in range(200)],
            "amount_paid": [10.5 + r % 13 for r in range(200)],
            "product_id": [r % 50 for r in range(200)],
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "orders.csv", frame)))
    measured = {
        feature.get("of")
        for feature, _ in proposal.features
        if feature["aggregate"] != "distinct_count"
    }
    assert {"rancid", "amount_paid"} <= measured
    assert "product_id" not in measured
    # The id is counted, not summed: how many different products a customer ordered.
    aggregates_of_the_id = {
        f["aggregate"] for f, _ in proposal.features if f.get("of") == "product_id"
    }
    assert aggregates_of_the_id == {"distinct_count"}


def test_design_codes_and_visit_numbers_are_kept_for_filters_not_summed(tmp_path):
    # french_fries: each subject tastes fries of treatment 1-3 in rep 1-2 at a dated session;
    # a "total treatment" would name segments after the experiment's layout.
    rows = [(s, t, r, w) for s in range(12) for t in (1, 2, 3) for r in (1, 2) for w in range(4)]
    frame = pd.DataFrame(
        {
            "subject": [s for s, _, _, _ in rows],
            "tasted_on": [f"05/{w + 1:02d}/2004" for _, _, _, w in rows],
            "treatment": [t for _, t, _, _ in rows],
            "rep": [r for _, _, r, _ in rows],
            "potato": [round(3 + (s * 7 + t + w) % 9 * 0.5, 1) for s, t, _, w in rows],
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "fries.csv", frame)))
    measured = {feature.get("of") for feature, _ in proposal.features}
    assert "potato" in measured and not {"treatment", "rep"} & measured
    assert {"treatment", "rep"} <= {name for name, _ in proposal.numeric_columns}
    assert "a code or sequence number of the design" in render_event_log_config(proposal)


def test_stray_timestamps_neither_stretch_the_window_nor_move_the_as_of_date(tmp_path):
    # An epoch zero and a row dated years past the rest: one made the scaffold propose a 22,281-
    # day window; the other, as the newest event, moved the as-of date so no user was left in it.
    days = pd.date_range("2019-10-01", "2019-10-31", freq="D").repeat(40)
    stamps = [str(day) for day in days] + ["1970-01-01 00:00:00", "2024-03-15 10:00:00"]
    path = tmp_path / "events.csv"
    pd.DataFrame(
        {"user_id": [f"u{i % 97}" for i in range(len(stamps))], "event_time": stamps}
    ).to_csv(path, index=False)
    config = yaml.safe_load(render_event_log_config(propose_event_log(profile_event_log(path))))
    assert config["feature_window_days"] == 31
    assert config["as_of_date"] == "2019-10-31"


def test_a_table_with_a_unique_person_id_and_a_date_is_not_an_event_log(tmp_path):
    # A survey export: one row per respondent with the time they started and the device they
    # used (mobile, desktop, tablet); taken for a log, 5,000 respondents became 3 "users".
    rows = 300
    frame = pd.DataFrame(
        {
            "respondent_id": range(1, rows + 1),
            "q1": [1 + i % 5 for i in range(rows)],
            "start_time": [f"2024-03-{1 + i % 28:02d} 10:{i % 60:02d}:00" for i in range(rows)],
            "device": [("mobile", "desktop", "tablet")[i % 3] for i in range(rows)],
        }
    )
    assert not looks_like_event_log(profile_event_log(write_log(tmp_path / "survey.csv", frame)))


def test_a_folder_of_daily_files_is_scaffolded_from_its_glob(tmp_path):
    # The build reads a glob; the scaffold refused one ("File ... does not exist").
    folder = tmp_path / "daily"
    folder.mkdir()
    for day in range(1, 8):
        pd.DataFrame(
            {
                "user_id": [f"u{i % 40}" for i in range(120)],
                "event_time": [f"2024-01-{day:02d} {i % 24:02d}:00:00" for i in range(120)],
                "event_type": [("view", "cart", "buy")[i % 3] for i in range(120)],
            }
        ).to_csv(folder / f"events-2024-01-{day:02d}.csv", index=False)
    out = tmp_path / "daily.yml"
    pattern = str(folder / "*.csv")
    result = CliRunner().invoke(main, ["scaffold", pattern, "--out", str(out)])
    assert result.exit_code == 0, result.output
    config = yaml.safe_load(out.read_text())
    assert (config["event_log"]["path"], config["feature_window_days"]) == (pattern, 7)
    result = CliRunner().invoke(main, ["scaffold", str(folder), "--out", str(out), "--force"])
    assert result.exit_code == 2
    assert f"is a folder: name its files with a glob, e.g. '{folder / '*.csv'}'" in result.output


def test_nested_and_mostly_nan_columns_are_left_out_with_the_reason(tmp_path):
    # GA4's export: event_params is a list of structs, revenue is NaN except on purchases. As
    # text and numeric columns they stopped the build (a column not found; 80% quarantined).
    rows = 200
    log = tmp_path / "ga4.parquet"
    pq.write_table(
        pa.table(
            {
                "user_pseudo_id": [f"u{i % 20}" for i in range(rows)],
                "event_timestamp": [1_700_000_000_000_000 + i * 3_600_000_000 for i in range(rows)],
                "event_name": [("page_view", "purchase")[i % 5 == 0] for i in range(rows)],
                "event_params": [[{"key": "page", "value": f"/p{i % 7}"}] for i in range(rows)],
                "revenue": [float(i % 90) if i % 5 == 0 else float("nan") for i in range(rows)],
            }
        ),
        log,
    )
    config = render_event_log_config(propose_event_log(profile_event_log(log)))
    assert (
        "nested (a struct, list or map: flatten it into columns to use it): event_params" in config
    )
    assert "write a missing value as null or an empty field): revenue (80%)" in config
    assert "revenue" not in yaml.safe_load(config)["event_log"]["numeric_columns"]


def test_camel_case_columns_of_a_log_get_the_names_a_user_table_would(tmp_path):
    # Online Retail's StockCode was `stockcode` in filters while the docs (and a user table's
    # scaffold) say stock_code; Fitbit's TotalSteps made "Mean totalsteps".
    rows = 300
    frame = pd.DataFrame(
        {
            "CustomerID": [f"c{i % 30}" for i in range(rows)],
            "InvoiceDate": [f"2024-01-{1 + i % 28:02d} 10:{i % 60:02d}:00" for i in range(rows)],
            "StockCode": [f"S{i % 40}" for i in range(rows)],
            "TotalSteps": [100 + i * 7 % 900 for i in range(rows)],
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "l.csv", frame)))
    config = yaml.safe_load(render_event_log_config(proposal))["event_log"]
    assert {"column": "StockCode", "name": "stock_code"} in config["text_columns"]
    assert {"column": "TotalSteps", "name": "total_steps"} in config["numeric_columns"]
    measured = {
        feature.get("of")
        for feature in config["features"]
        if not str(feature.get("of")).startswith(
            ("case when hour(event_at)", "case when is_weekend")
        )
    } - {None}
    named = {item["name"] if isinstance(item, dict) else item for item in config["numeric_columns"]}
    assert measured == {"total_steps"} and measured <= named
    labels = {feature["name"]: feature["label"] for feature in config["features"]}
    # A sum of TotalSteps is "Total steps", not "Total total steps".
    assert labels["total_steps_total"] == "Total steps"
    assert labels["total_steps_mean"] == "Mean total steps"


def movielens_lines(users=60, start=978_300_000):
    """MovieLens 1M's ratings.dat: UserID::MovieID::Rating::Timestamp, no header, 2000-2003."""
    rng = np.random.default_rng(11)
    return [
        f"{user}::{rng.integers(1, 3953)}::{rng.integers(1, 6)}::{start + rng.integers(0, 10**8)}"
        for user in range(1, users + 1)
        for _ in range(5 + user % 30)
    ]


def test_a_headerless_ratings_log_is_an_event_log_of_its_repeating_first_column(tmp_path):
    # MovieLens 1M built green as 60,000 "users" clustered on user id, movie id and timestamp.
    path = tmp_path / "ratings.dat"
    path.write_text("\n".join(movielens_lines()) + "\n")
    profile = profile_event_log(path, "::")
    assert looks_like_event_log(profile)
    proposal = propose_event_log(profile)
    assert proposal.roles["user_id"][0] == "column0"
    assert (proposal.roles["timestamp"][0], proposal.roles["timestamp_format"][0]) == (
        "column3",
        "epoch_seconds",
    )
    # The movie id is a key to filter on, not a measure to average.
    assert [column for column, _ in proposal.numeric_columns] == ["column2"]
    assert "column1" in proposal.text_columns
    assert "taken for keys (an item id), not measures: column1" in render_event_log_config(proposal)


def undated_log_config(path, tmp_path) -> dict:
    """The scaffold's config of a file of many rows per user without a time column."""
    out = tmp_path / "undated.yml"
    result = CliRunner().invoke(main, ["scaffold", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "an undated event_log config" in " ".join(result.output.split())
    variables = yaml.safe_load(out.read_text())
    assert variables["event_log"]["undated"] is True and "timestamp" not in variables["event_log"]
    aggregates = {feature["aggregate"] for feature in variables["event_log"]["features"]}
    assert not aggregates & {"active_days", "recency", "tenure"}
    return variables


def test_a_headerless_file_whose_first_column_repeats_is_not_a_table_of_its_rows(tmp_path):
    # Steam's user behaviour file: no header, no timestamp; 32,403 rows became 32,403 "users".
    rows = [
        f'{100 + user},"Game {game}, Deluxe",{("purchase", "play")[game % 2]},{game * 1.5},0'
        for user in range(40)
        for game in range(1 + user % 7)
    ]
    path = tmp_path / "steam-200k.csv"
    path.write_text("\n".join(rows) + "\n")
    assert undated_log_config(path, tmp_path)["event_log"]["user_id"] == "column0"


@pytest.mark.parametrize("named", [True, False])
def test_epoch_seconds_from_the_1990s_are_times(tmp_path, named):
    # MovieLens 25M starts in 1995: "parses as a timestamp in 0% of its rows", even with
    # --timestamp naming the column.
    column = "timestamp" if named else "rated"
    frame = pd.DataFrame(
        {
            "userId": [1 + i % 30 for i in range(300)],
            "movieId": [7 + i % 50 for i in range(300)],
            column: [820_454_400 + i * 86_400 * 30 for i in range(300)],
        }
    )
    path = write_log(tmp_path / "ratings.csv", frame)
    profile = profile_event_log(path, timestamp=None if named else column)
    assert profile.column(column).timestamp_format == "epoch_seconds"


def test_a_station_is_not_the_user_and_an_email_is(tmp_path):
    # Citi Bike: start_station_id (a place) was the user; app sessions' user_email was not.
    frame = pd.DataFrame(
        {
            "ride_id": [f"R{i:06d}" for i in range(400)],
            "start_station_id": [f"S{i % 5}" for i in range(400)],
            "user_email": [f"rider{i % 40}@example.com" for i in range(400)],
            "started_at": [f"2024-03-{1 + i % 28:02d} 08:{i % 60:02d}:00" for i in range(400)],
            "app_version": [("3.2.1", "3.1.9", "2.9.14")[i % 3] for i in range(400)],
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "rides.csv", frame)))
    assert proposal.roles["user_id"][0] == "user_email"
    # A unique id of each row is the event id, whatever the prefix.
    assert proposal.roles["event_id"][0] == "ride_id"
    # 3.2.1 read as %d.%m.%Y is 3 February of the year 1: not a date.
    assert profile_event_log(tmp_path / "rides.csv").column("app_version").timestamp_format is None


def test_an_item_id_gets_a_count_of_the_distinct_items_a_user_has(tmp_path):
    # MovieLens: how many different movies a user rated said nothing; movieId was a measure.
    rng = np.random.default_rng(12)
    users = np.repeat(np.arange(1, 61), 20)
    frame = pd.DataFrame(
        {
            "userId": users,
            "movieId": [f"m{value}" for value in rng.integers(1, 400, len(users))],
            "rating": rng.integers(1, 6, len(users)),
            "timestamp": 1_100_000_000 + rng.integers(0, 10**7, len(users)),
        }
    )
    config = yaml.safe_load(
        render_event_log_config(
            propose_event_log(profile_event_log(write_log(tmp_path / "r.csv", frame)))
        )
    )["event_log"]
    assert {"column": "movieId", "name": "movie_id"} in config["text_columns"]
    distinct = [f for f in config["features"] if f["aggregate"] == "distinct_count"]
    assert [(f["name"], f["of"], f["label"]) for f in distinct] == [
        ("distinct_movie_ids", "movie_id", "Distinct movie ids")
    ]


@pytest.mark.parametrize(
    ("actor", "actors"),
    [
        # Reddit comments: the comment's own id is unique, the author repeats.
        ("author", [f"User{4_000 + u * 37}" for u in range(60)]),
        # Kaggle's card fraud data: trans_num is unique, the card repeats.
        ("cc_num", [4_000_000_000_000_000 + u * 7_919 for u in range(60)]),
        # KKBox's user logs: a 44-character base64 key under a name that says nothing.
        ("msno", [f"K+Xc{u:04d}nYnKEQ2R15w537qmZ+1i5rkyp5HlgI/2W8=" for u in range(60)]),
    ],
)
def test_who_acted_is_the_user_not_the_unique_id_of_each_row(tmp_path, actor, actors):
    # These built green as tables of their rows, one "user" per comment or payment.
    rows = 600
    frame = pd.DataFrame(
        {
            "id": [f"{r * 7_919:x}a" for r in range(rows)],
            actor: [actors[r % 60] for r in range(rows)],
            "created_utc": [f"2021-03-{1 + r % 28:02d}T{r % 24:02d}:03:49Z" for r in range(rows)],
            "subreddit": [("science", "de", "news")[r % 3] for r in range(rows)],
            "score": [(r * 13) % 41 - 10 for r in range(rows)],
        }
    )
    profile = profile_event_log(write_log(tmp_path / "log.csv", frame))
    assert looks_like_event_log(profile)
    proposal = propose_event_log(profile)
    assert proposal.roles["user_id"][0] == actor
    assert proposal.roles["event_id"][0] == "id"


def test_words_that_repeat_are_not_taken_for_opaque_user_keys(tmp_path):
    # A category of long words (no digits) and a place with spaces never stand in for a user.
    rows = 600
    frame = pd.DataFrame(
        {
            "category": [f"shopping_{('net', 'pos', 'food')[r % 3]}" for r in range(rows)],
            "city": [f"Moravian Falls {('North', 'South')[r % 2]}" for r in range(rows)],
            "at": [f"2021-03-{1 + r % 28:02d} 10:00" for r in range(rows)],
            "amt": [round(3.5 + r % 97, 2) for r in range(rows)],
        }
    )
    profile = profile_event_log(write_log(tmp_path / "log.csv", frame))
    assert not looks_like_event_log(profile)


def test_a_log_of_opaque_keys_without_a_timestamp_is_not_a_table_of_its_rows(tmp_path):
    # PaySim: an hour number, no timestamp; nameOrig repeats. 59,820 rows became "users".
    rows = 900
    frame = pd.DataFrame(
        {
            "step": [1 + r // 40 for r in range(rows)],
            "type": [("PAYMENT", "TRANSFER", "CASH_OUT")[r % 3] for r in range(rows)],
            "amount": [round(100 + (r * 37) % 5000 / 3, 2) for r in range(rows)],
            "nameOrig": [f"C{1_231_006_815 + (r % 45) * 7}" for r in range(rows)],
            "nameDest": [f"M{1_979_787_155 + r * 3}" for r in range(rows)],
        }
    )
    path = write_log(tmp_path / "paysim.csv", frame)
    # An undated log of each account's transactions, not 900 "users".
    log = undated_log_config(path, tmp_path)["event_log"]
    assert log["user_id"] == "nameOrig"
    assert not any(feature.get("of") == "step" for feature in log["features"])


def test_levels_are_averaged_and_codes_kept_for_filters_not_summed(tmp_path):
    # PaySim's summed balances named its segments; Chicago's census tract was averaged; a
    # shop's "Total price" added up unit prices.
    rows = 600
    frame = pd.DataFrame(
        {
            "customer_id": [r % 60 for r in range(rows)],
            "at": [f"2024-03-{1 + r % 28:02d} 10:{r % 60:02d}" for r in range(rows)],
            "amount": [round(5 + (r * 37) % 300 / 7, 2) for r in range(rows)],
            "unit_price": [round(1 + (r * 13) % 90 / 9, 2) for r in range(rows)],
            "oldbalanceOrg": [round(1_000 + (r * 7_919) % 50_000 / 3, 2) for r in range(rows)],
            "pickup_census_tract": [17_031_081_500 + (r * 7) % 400 for r in range(rows)],
            "Region": [1 + r % 9 for r in range(rows)],
            "step": [1 + r // 20 for r in range(rows)],
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "log.csv", frame)))
    aggregates = {}
    for feature, _ in proposal.features:
        aggregates.setdefault(feature.get("of"), set()).add(feature["aggregate"])
    assert aggregates["amount"] == {"sum", "mean"}
    assert aggregates["unit_price"] == {"mean"}
    assert aggregates["oldbalance_org"] == {"mean"}
    for code in ("pickup_census_tract", "region", "step"):
        assert code not in aggregates, code
    numeric = dict(proposal.numeric_columns)
    assert "kept for filters" in numeric["pickup_census_tract"]
    assert "kept for filters" in numeric["Region"]


def test_the_mean_of_a_measure_most_users_have_no_value_of_is_profiled_not_clustered(tmp_path):
    # A web log's purchase revenue: 85% of users never buy, got the buyers' median as their mean
    # purchase revenue, and the non-buying segments read "mean purchase revenue 0.99x".
    rows = 600
    frame = pd.DataFrame(
        {
            "user_pseudo_id": [f"u{r % 60}" for r in range(rows)],
            "event_ts": [f"2024-03-{1 + r % 28:02d} 10:{r % 60:02d}" for r in range(rows)],
            "event_name": ["purchase" if r % 10 == 0 else "page_view" for r in range(rows)],
            "purchase_revenue": [
                round(20 + r % 37, 2) if r % 10 == 0 else None for r in range(rows)
            ],
            "engagement_time_msec": [1000 + (r * 37) % 5000 for r in range(rows)],
            # On a quarter of the events, but every user's: a game's session length.
            "session_length_s": [60 + r % 50 if r // 60 % 4 == 0 else None for r in range(rows)],
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "web.csv", frame)))
    features = {feature["name"]: (feature, reason) for feature, reason in proposal.features}
    mean, reason = features["purchase_revenue_mean"]
    assert mean["cluster"] is False
    assert "only 10% of the users have a purchase_revenue" in reason
    assert "of the users have" not in features["session_length_s_mean"][1]
    assert "of the users have" not in features["purchase_revenue_total"][1]  # 0 for them
    assert "is in" not in features["engagement_time_msec_mean"][1]  # in every event


def test_a_cancelled_ticket_gives_no_response_minutes_back(tmp_path):
    # A support log: "Ticket Cancelled" matched the refund rule, so response minutes were left
    # out of the total and a first_response_minutes_reversed feature was added.
    rows = 400
    frame = pd.DataFrame(
        {
            "customer_id": [f"c{r % 40}" for r in range(rows)],
            "at": [f"2024-03-{1 + r % 28:02d} 10:{r % 60:02d}" for r in range(rows)],
            "event": [
                ("Ticket Opened", "Ticket Closed", "Ticket Cancelled")[r % 3] for r in range(rows)
            ],
            "first_response_minutes": [5 + (r * 7) % 300 for r in range(rows)],
            "refund_amount": [(r * 13) % 90 for r in range(rows)],
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "tickets.csv", frame)))
    features = {feature["name"]: feature for feature, _ in proposal.features}
    assert "where" not in features["first_response_minutes_total"]
    assert "first_response_minutes_reversed" not in features
    assert features["refund_amount_total"]["where"] == (
        "not (lower(event_type) in ('ticket cancelled'))"
    )


def test_a_deleted_author_is_a_missing_user_id_not_one_prolific_user(tmp_path):
    # Reddit: [deleted] wrote 12% of the comments and was segmented as one user.
    rows = 500
    frame = pd.DataFrame(
        {
            "id": [f"c{r:05x}" for r in range(rows)],
            "author": ["[deleted]" if r % 8 == 0 else f"User{r % 40}" for r in range(rows)],
            "created_utc": [f"2021-03-{1 + r % 28:02d}T10:{r % 60:02d}:00Z" for r in range(rows)],
            "score": [r % 17 - 3 for r in range(rows)],
        }
    )
    out = tmp_path / "comments.yml"
    result = CliRunner().invoke(
        main, ["scaffold", write_log(tmp_path / "comments.csv", frame), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    variables = yaml.safe_load(out.read_text())
    assert variables["event_log"]["user_id"] == "author"
    assert variables["event_log"]["missing_user_ids"] == ["[deleted]"]
    assert "missing_value_markers" not in variables  # the other columns' markers are untouched
    assert variables["missing_user_id_share_limit"] == 0.18  # 12.6% + 5 points, rounded up
    assert "no one in particular" in out.read_text()


def test_bot_accounts_are_left_out_as_no_one_in_particular(tmp_path):
    # GitHub: three [bot] accounts, 3 of 5,003 users with a third of the events, made their
    # segment's mean pull requests 58 where its 750 people averaged 10.
    rows = 900
    frame = pd.DataFrame(
        {
            "actor_login": [
                ("dependabot[bot]", "ci-bot")[r % 2] if r % 3 == 0 else f"dev{r % 70}"
                for r in range(rows)
            ],
            "created_at": [f"2023-03-{1 + r % 28:02d}T10:{r % 60:02d}:00Z" for r in range(rows)],
            "additions": [r % 31 for r in range(rows)],
        }
    )
    out = tmp_path / "events.yml"
    result = CliRunner().invoke(
        main, ["scaffold", write_log(tmp_path / "events.csv", frame), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    variables = yaml.safe_load(out.read_text())
    assert {"dependabot[bot]", "ci-bot"} <= set(variables["event_log"]["missing_user_ids"])
    assert not {"dev1", "dev2"} & set(variables["event_log"]["missing_user_ids"])
    assert variables["missing_user_id_share_limit"] == 0.39  # 33.3% + 5 points, rounded up
    assert "automated accounts, not people" in out.read_text().replace("\n# ", " ")


def test_a_glob_whose_files_renamed_a_column_names_the_files(tmp_path):
    # DuckDB: "Schema mismatch between globbed files.. Check --delimiter" named neither.
    folder = tmp_path / "monthly"
    folder.mkdir()
    for month, measure in (("01", "items"), ("02", "items"), ("03", "qty")):
        pd.DataFrame(
            {
                "user_id": [r % 30 for r in range(120)],
                "event_time": [f"2023-{month}-{1 + r % 28:02d} 10:00" for r in range(120)],
                measure: [r % 5 for r in range(120)],
            }
        ).to_csv(folder / f"ev_2023-{month}.csv", index=False)
    result = CliRunner().invoke(
        main, ["scaffold", str(folder / "*.csv"), "--out", str(tmp_path / "m.yml")]
    )
    assert result.exit_code == 1
    assert "the files do not have the same columns" in result.output
    assert "ev_2023-01.csv, ev_2023-02.csv: also items" in result.output
    assert "ev_2023-03.csv: also qty" in result.output


def test_sentinel_values_of_a_measure_are_kept_out_of_its_sums_and_means(tmp_path):
    # KKBox: total_secs of -9.2e15 on one row of 4% of users made them a segment of their own.
    rng = np.random.default_rng(8)
    rows = 2_000
    seconds = rng.lognormal(7, 1.5, rows).round(3)
    seconds[::50] = -9_223_372_036_854.775
    frame = pd.DataFrame(
        {
            "msno": [f"K+Xc{r % 80:04d}nYnKEQ2R15w537qmZ+1i5rkyp5HlgI/2W8=" for r in range(rows)],
            "date": [20150101 + r % 28 for r in range(rows)],
            "total_secs": seconds,
            "amount": rng.lognormal(3, 2, rows).round(2),  # heavy-tailed, no sentinel
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "logs.csv", frame)))
    by_name = {feature["name"]: (feature, reason) for feature, reason in proposal.features}
    for name in ("total_secs_total", "total_secs_mean"):
        feature, reason = by_name[name]
        assert feature["where"] == "total_secs >= -10000000", feature  # 1000 x p95 rounded down
        assert "40 value(s) of total_secs lie three orders of magnitude beyond" in reason
    assert "where" not in by_name["amount_total"][0]
    # A revenue that is 0 on every view and thousands on the 3% of rows that are purchases.
    frame["revenue"] = np.where(np.arange(rows) % 33 == 0, rng.uniform(1_500, 90_000, rows), 0.0)
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "logs.csv", frame)))
    revenue = [f for f, _ in proposal.features if f.get("of") == "revenue"]
    assert revenue and not [f for f in revenue if "where" in f]
    # Dunnhumby: fuel lines' QUANTITY is 8,000-20,000 (thousandths of a gallon) beside 1-4 items:
    # every one is kept out (a cut rounded up to 10000 let a sixth of them through).
    frame = frame.drop(columns="revenue")
    frame["quantity"] = np.where(np.arange(rows) % 40 == 0, rng.integers(8_000, 20_000, rows), 0)
    frame["quantity"] += rng.integers(1, 5, rows)
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "logs.csv", frame)))
    [where] = {f["where"] for f, _ in proposal.features if f.get("of") == "quantity"}
    assert where == "quantity <= 2000"


def test_a_text_column_of_a_few_values_gives_the_share_of_each_user_s_events_with_them(tmp_path):
    # H&M: whether a customer buys online or in store was invisible; a per-user attribute
    # (gender) is no share of activity and gets none.
    rng = np.random.default_rng(4)
    rows = 1_200
    users = rng.integers(0, 60, rows)
    frame = pd.DataFrame(
        {
            "customer_id": users,
            "t_dat": [f"2020-09-{1 + r % 28:02d}" for r in range(rows)],
            "channel": np.where(rng.random(rows) < users / 60, "online", "store"),
            "gender": np.where(users % 2 == 0, "F", "M"),
            "edited": np.where(rng.random(rows) < 0.7, "true", "false"),
            "price": rng.gamma(2.0, 0.02, rows).round(4),
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "tx.csv", frame)))
    shares = {
        feature["name"]: feature
        for feature, _ in proposal.features
        if feature["name"].endswith("_share") and feature["name"] != "weekend_share"
    }
    assert set(shares) == {"channel_store_share", "edited_true_share"} or set(shares) == {
        "channel_online_share",
        "edited_true_share",
    }
    online = next(name for name in shares if name.startswith("channel"))
    value = online.split("_")[1]
    assert shares[online]["of"] == f"case when channel = '{value}' then 1.0 else 0.0 end"
    assert shares[online]["aggregate"] == "mean"
    assert "gender" not in " ".join(shares)
    # Edited or not is a coin flip per event, the same for everyone: no habit to cluster on
    # (Wikipedia's random comments made four segments of editors who happened to type one).
    assert shares[online].get("cluster", True)
    assert shares["edited_true_share"]["cluster"] is False
    reason = dict((f["name"], why) for f, why in proposal.features)["edited_true_share"]
    assert "differ no more than chance gives" in reason


def test_a_two_valued_code_named_id_gets_shares_and_a_fraud_label_is_not_clustered(tmp_path):
    # H&M's sales_channel_id (1, 2) was skipped as an id; the card data's is_fraud share was
    # clustered, fitting the segments partly to the label.
    rng = np.random.default_rng(9)
    rows = 1_200
    users = rng.integers(0, 60, rows)
    frame = pd.DataFrame(
        {
            "customer_id": users,
            "t_dat": [f"2020-09-{1 + r % 28:02d}" for r in range(rows)],
            "sales_channel_id": np.where(rng.random(rows) < users / 60, 2, 1),
            "is_fraud": (rng.random(rows) < 0.1).astype(int),
            "amt": rng.gamma(2.0, 30.0, rows).round(2),
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "tx.csv", frame)))
    features = {feature["name"]: (feature, reason) for feature, reason in proposal.features}
    assert features["sales_channel_id_2_share"][0]["of"] == (
        "case when sales_channel_id = '2' then 1.0 else 0.0 end"
    )
    fraud, reason = features["is_fraud_share"]
    assert fraud["cluster"] is False
    assert "named as an outcome" in reason


def test_words_ending_in_action_are_no_event_type():
    # "satisfaction" ends in "action": a support log's ratings were taken for its event types.
    for name in ("satisfaction", "transaction", "interaction"):
        assert not EVENT_TYPE_NAME.search(name), name
    for name in ("event", "event_name", "EventType", "userAction", "Activity type", "kind"):
        assert EVENT_TYPE_NAME.search(name), name


def test_camel_case_event_types_read_as_words_and_a_namespace_code_is_not_summed(tmp_path):
    # GitHub's events were labelled "Pullrequestevent events"; Wikipedia's namespace (0, 1, 2,
    # 4: article, talk, user, project) was summed into "Total namespace" and named segments.
    rng = np.random.default_rng(11)
    rows = 2_000
    frame = pd.DataFrame(
        {
            "actor_login": [f"dev{user}" for user in rng.integers(0, 200, rows)],
            "type": rng.choice(["PushEvent", "PullRequestEvent", "WatchEvent"], rows),
            "created_at": (
                pd.Timestamp("2024-01-01")
                + pd.to_timedelta(rng.integers(0, 86_400 * 60, rows), "s")
            ).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "namespace": rng.choice([0, 1, 2, 4], rows),
            "bytes_changed": rng.integers(-500, 3_000, rows),
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "events.csv", frame)))
    features = {feature["name"]: feature for feature, _ in proposal.features}
    assert features["pull_request_events"]["label"] == "Pull request events"
    assert features["push_events"]["where"] == "event_type = 'PushEvent'"
    assert not any(feature.get("of") == "namespace" for feature in features.values())
    # ... but shared as text is: a user's share of edits in each namespace.
    assert features["namespace_2_share"]["of"] == "case when namespace = '2' then 1.0 else 0.0 end"


def test_a_daily_panel_clusters_each_measure_per_day_not_its_total_or_the_days_logged(tmp_path):
    # Fitbit's dailyActivity (a row per user per day): totals and the row count were clustered,
    # so the days a tracker was worn split the users, and walkers merged with athletes.
    rng = np.random.default_rng(12)
    days = pd.date_range("2016-04-12", periods=31)
    rows = [
        (
            user,
            f"{day.month}/{day.day}/{day.year}",
            int(rng.normal(4_000 + 3_000 * (user % 3), 800)),
        )
        for user in range(60)
        for day in days[: rng.integers(5, 31)]
    ]
    panel = pd.DataFrame(rows, columns=["Id", "ActivityDate", "TotalSteps"])
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "daily.csv", panel)))
    features = {feature["name"]: feature for feature, _ in proposal.features}
    assert features["total_steps_per_day"]["aggregate"] == "mean"
    assert features["total_steps_per_day"].get("cluster", True)
    assert features["total_steps_total"]["cluster"] is False
    assert features["days_logged"]["cluster"] is False
    assert "events" not in features
    # Two rows of a user on one day: events, not a panel.
    repeated = pd.concat([panel, panel]).reset_index(drop=True)
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "events.csv", repeated)))
    features = {feature["name"]: feature for feature, _ in proposal.features}
    assert "events" in features and "total_steps_per_day" not in features


def test_a_rating_of_zero_among_one_to_five_stars_is_no_rating(tmp_path):
    # Goodreads: a shelved book has rating 0; averaged, casual readers rated 1.5 where their
    # ratings averaged 3. A review_score of 1-5 without zeros keeps every value.
    rows = 600
    frame = pd.DataFrame(
        {
            "user_id": [f"{r % 50:032x}" for r in range(rows)],
            "date_added": [f"2017-05-{1 + r % 28:02d} 10:00:00" for r in range(rows)],
            "rating": [0 if r % 3 == 0 else 1 + r % 5 for r in range(rows)],
            "review_score": [1 + r % 5 for r in range(rows)],
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "shelves.csv", frame)))
    columns = {
        (item["column"] if isinstance(item, dict) else item): item
        for item in proposal.event_log()["numeric_columns"]
    }
    assert columns["rating"]["missing_values"] == [0]
    assert not isinstance(columns["review_score"], dict)
    reasons = dict(proposal.numeric_columns)
    assert "0 among ratings of 1 to 5 is no rating" in reasons["rating"]


@pytest.mark.parametrize(("zero_share", "no_rating"), [(0.6, True), (0.05, False)])
def test_a_rating_of_zero_out_of_ten_is_no_rating_when_it_is_the_most_frequent(
    tmp_path, zero_share, no_rating
):
    # Book-Crossing: 62% of its ratings are 0, a book read or shelved but not rated, on a scale
    # of 1 to 10; averaged, every reader's rating halved. A scale where 0 is rare keeps it.
    rng = np.random.default_rng(6)
    rows = 1_000
    ratings = np.where(rng.random(rows) < zero_share, 0, rng.integers(1, 11, rows))
    ratings[:11] = np.arange(11)
    frame = pd.DataFrame(
        {
            "user_id": [r % 70 for r in range(rows)],
            "rated_on": [f"2004-08-{1 + r % 28:02d}" for r in range(rows)],
            "book_rating": ratings,
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "ratings.csv", frame)))
    [item] = proposal.event_log()["numeric_columns"]
    assert (isinstance(item, dict) and item.get("missing_values") == [0]) is no_rating
    if no_rating:
        assert (
            "0 among ratings of 1 to 10 is no rating"
            in dict(proposal.numeric_columns)["book_rating"]
        )


def test_olist_s_customer_unique_id_is_the_user_and_its_zip_prefix_is_no_measure(tmp_path):
    # Olist's customer_id is new with every order: 12,943 "users" for 6,000 customers; its
    # customer_zip_code_prefix was summed and clustered, its review_score summed.
    rows = 900
    frame = pd.DataFrame(
        {
            "order_id": [f"{r:032x}" for r in range(rows)],
            "customer_id": [f"{r * 7919:032x}" for r in range(rows)],
            "customer_unique_id": [f"{(r % 150) * 104729:032x}" for r in range(rows)],
            "customer_zip_code_prefix": [1_000 + (r % 150) * 37 for r in range(rows)],
            "order_purchase_timestamp": [
                f"2018-03-{1 + r % 28:02d} 10:{r % 60:02d}:00" for r in range(rows)
            ],
            "payment_value": [round(20 + (r * 37) % 400 / 3, 2) for r in range(rows)],
            "review_score": [1 + r % 5 for r in range(rows)],
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "olist.csv", frame)))
    assert proposal.roles["user_id"][0] == "customer_unique_id"
    assert "customer_zip_code_prefix" in proposal.text_columns
    aggregates = {(f.get("of"), f["aggregate"]) for f, _ in proposal.features}
    assert ("review_score", "sum") not in aggregates and ("review_score", "mean") in aggregates


def test_a_mean_of_right_skewed_levels_over_users_is_clustered_as_its_log(tmp_path):
    # Airbnb hosts: mean prices from $40 to $665, only clipped; the luxury hosts merged with
    # the private rooms (ARI 0.53; 0.76 with log1p).
    rng = np.random.default_rng(14)
    hosts = rng.integers(0, 400, 3_000)
    luxury = hosts % 5 == 0
    frame = pd.DataFrame(
        {
            "host_id": hosts,
            "last_review": [f"2023-0{1 + r % 9}-{1 + r % 28:02d}" for r in range(len(hosts))],
            "price": np.where(
                luxury, rng.normal(650, 60, len(hosts)), rng.gamma(2.0, 30.0, len(hosts))
            ).round(2),
            "review_scores_rating": rng.integers(3, 6, len(hosts)),
            # A 0/1 flag on few listings: its share is skewed, but a share, not a level.
            "instant_bookable": (rng.random(len(hosts)) < 0.05).astype(int),
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "listings.csv", frame)))
    features = {feature["name"]: (feature, reason) for feature, reason in proposal.features}
    price, why = features["price_mean"]
    assert price.get("transform") == "log1p" and "users' means are right-skewed" in why
    assert features["review_scores_rating_mean"][0].get("transform", "none") == "none"
    assert features["instant_bookable_share"][0].get("transform", "none") == "none"


def test_an_order_s_value_repeated_on_each_of_its_item_lines_is_averaged_not_summed(tmp_path):
    # Olist flattened: the order's payment_value on each item line, so its total was 1.58x the
    # spend. A line's own quantity varies within an order and keeps its total.
    rng = np.random.default_rng(21)
    lines = []
    for order in range(1_500):
        customer, lines_in_order = int(rng.integers(0, 400)), int(rng.choice([1, 1, 2, 3]))
        payment = round(float(rng.gamma(2.0, 60.0)), 2)
        day = f"2018-{1 + order % 12:02d}-{1 + order % 28:02d} 10:00:00"
        for line in range(lines_in_order):
            quantity = int(rng.integers(1, 6)) if lines_in_order == 1 else line + 1
            lines.append((f"o{order:05d}", f"c{customer:04d}", day, quantity, payment))
    frame = pd.DataFrame(
        lines, columns=["order_id", "customer_unique_id", "purchased_at", "quantity",
                        "payment_value"],
    )  # fmt: skip
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "orders.csv", frame)))
    features = {feature["name"]: (feature, why) for feature, why in proposal.features}
    assert "payment_value_total" not in features
    payment, why = features["payment_value_mean"]
    assert payment["aggregate"] == "mean"
    assert "repeats on every row of an order (order_id" in why
    assert features["quantity_total"][0]["aggregate"] == "sum"


def test_monthly_snapshots_of_customers_are_a_log_of_each_customer_not_a_user_per_row(tmp_path):
    # Santander's product data: a row per customer (ncodpers) per month (fecha_dato). Read as a
    # table, 9,000 rows were 9,000 users; the province code cod_prov was averaged.
    rng = np.random.default_rng(22)
    customers, months = 300, ["2015-01-28", "2015-02-28", "2015-03-28", "2015-04-28"]
    frame = pd.DataFrame(
        [
            (month, 15_000 + customer, int(rng.integers(1, 53)), int(rng.integers(0, 2)),
             round(float(rng.gamma(3.0, 30_000.0)), 2))
            for customer in range(customers)
            for month in months[customer % 2 :]
        ],
        columns=["fecha_dato", "ncodpers", "cod_prov", "ind_cco_fin_ult1", "renta"],
    )  # fmt: skip
    path = tmp_path / "train_ver2.csv"
    frame.to_csv(path, index=False)
    out = tmp_path / "cfg.yml"
    result = CliRunner().invoke(main, ["scaffold", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "an event_log config of snapshots" in " ".join(result.output.split())
    log = yaml.safe_load(out.read_text())["event_log"]
    assert (log["user_id"], log["timestamp"]) == ("ncodpers", "fecha_dato")
    assert not any(f.get("of") == "cod_prov" for f in log["features"])


def test_customers_two_to_a_zip_code_and_a_signup_day_are_no_snapshots_of_zip_codes(tmp_path):
    # 2,000 zip codes of two customers each, who signed up on two of 120 days: zip and day never
    # repeat together, but a day holds 33 customers, not most of the zip codes.
    rng = np.random.default_rng(29)
    zips = np.repeat(np.arange(2_000), 2)
    days = (zips + np.tile([0, 60], 2_000)) % 120
    frame = pd.DataFrame(
        {
            "customer_id": np.arange(4_000),
            "zip": 10_000 + zips,
            "signup_date": pd.Timestamp("2024-01-01") + pd.to_timedelta(days, "D"),
            "spend": rng.gamma(2.0, 50.0, 4_000).round(2),
        }
    )
    path = tmp_path / "customers.csv"
    frame.to_csv(path, index=False)
    out = tmp_path / "cfg.yml"
    result = CliRunner().invoke(main, ["scaffold", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text())["user_source"] == "table"


def test_a_table_with_a_date_repeating_over_rows_is_no_snapshot_without_a_key_unique_per_date(
    tmp_path,
):
    # 600 customers who signed up in one of 12 months, each in one of 50 regions: 50 x 12 is
    # the row count, but a region repeats within a month, so the table stays a table of users.
    rng = np.random.default_rng(23)
    frame = pd.DataFrame(
        {
            "customer_id": np.arange(600),
            "signup_month": rng.choice(pd.date_range("2024-01-01", periods=12, freq="MS"), 600),
            "region": rng.integers(1, 51, 600),
            "spend": rng.gamma(2.0, 50.0, 600).round(2),
        }
    )
    path = tmp_path / "customers.csv"
    frame.to_csv(path, index=False)
    out = tmp_path / "cfg.yml"
    result = CliRunner().invoke(main, ["scaffold", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text())["user_source"] == "table"


def oulad_clicks(columns: tuple[str, str] = ("id_student", "id_site")) -> pd.DataFrame:
    """OULAD's studentVle: clicks per student, course resource and day into the course (a number
    of days, not a date)."""
    rng = np.random.default_rng(24)
    student, site = columns
    rows = 3_000
    return pd.DataFrame(
        {
            "code_module": rng.choice(["AAA", "BBB"], rows),
            student: rng.integers(2_000_000, 2_000_120, rows),
            site: rng.integers(500_000, 500_400, rows),
            "date": rng.integers(-10, 260, rows),
            "sum_click": rng.geometric(0.3, rows),
        }
    )


def test_a_key_named_id_first_is_the_user_or_a_thing_and_never_summed(tmp_path):
    # OULAD: id_student was no user's name (643,689 rows became as many users), and id_site was
    # summed into "total id site 192,288,963".
    path = write_log(tmp_path / "studentVle.csv", oulad_clicks())
    variables = undated_log_config(path, tmp_path)
    log = variables["event_log"]
    assert log["user_id"] == "id_student"
    features = {feature["name"]: feature for feature in log["features"]}
    assert not any(feature.get("of") == "id_site" for feature in features.values()
                   if feature["aggregate"] in ("sum", "mean"))  # fmt: skip
    assert features["distinct_id_sites"]["aggregate"] == "distinct_count"


def test_naming_the_user_of_a_log_without_times_gives_an_undated_log(tmp_path):
    # `--kind event-log --user-id learner` stopped: "no column parses as a timestamp".
    path = write_log(tmp_path / "clicks.csv", oulad_clicks(("learner", "resource")))
    out = tmp_path / "cfg.yml"
    result = CliRunner().invoke(
        main, ["scaffold", path, "--kind", "event-log", "--user-id", "learner", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    log = yaml.safe_load(out.read_text())["event_log"]
    assert (log["user_id"], log["undated"]) == ("learner", True)


def test_items_named_without_an_id_suffix_are_counted_per_user(tmp_path):
    # Retailrocket's itemid and Amazon's asin got no feature: how many items a user viewed.
    rng = np.random.default_rng(25)
    rows = 2_000
    frame = pd.DataFrame(
        {
            "timestamp": 1_433_221_332_117 + rng.integers(0, 86_400_000 * 60, rows),
            "visitorid": rng.integers(0, 150, rows),
            "event": rng.choice(["view", "addtocart"], rows),
            "itemid": rng.integers(0, 900, rows),
            "asin": [f"B00{n:07d}" for n in rng.integers(0, 900, rows)],
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "events.csv", frame)))
    counted = {f.get("of") for f, _ in proposal.features if f["aggregate"] == "distinct_count"}
    assert {"itemid", "asin"} <= counted


@pytest.mark.parametrize("night_owls", [True, False])
def test_when_users_are_active_is_a_share_of_their_events_clustered_only_if_it_is_a_habit(
    tmp_path, night_owls
):
    # Last.fm: night listeners and daytime listeners played as much; only the hour told them
    # apart, and the scaffold proposed no feature of it.
    rng = np.random.default_rng(26)
    rows = []
    for user in range(200):
        night = night_owls and user % 2 == 0
        for play in range(30):
            hour = int(rng.integers(0, 6)) if night else int(rng.integers(0, 24))
            day = pd.Timestamp("2009-05-01") + pd.Timedelta(days=play, hours=hour)
            rows.append((f"user_{user:06d}", day.strftime("%Y-%m-%dT%H:%M:%SZ"), f"artist{play}"))
    frame = pd.DataFrame(rows, columns=["userid", "timestamp", "artist_name"])
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "plays.csv", frame)))
    night = {f["name"]: (f, why) for f, why in proposal.features}["night_share"]
    assert (
        night[0]["of"]
        == "case when hour(event_at) >= 0 and hour(event_at) < 6 then 1.0 else 0.0 end"
    )
    assert night[0]["high_phrase"] == "night owls"
    assert night[0].get("cluster", True) is night_owls


def test_half_hourly_meter_readings_are_a_panel_clustered_on_when_and_how_much_not_how_long(
    tmp_path,
):
    # London's smart meters: the readings' count, total and first day (an install date) were
    # clustered, so a household installed a week later read as "Newcomers, low events"; no
    # feature said whether it used its energy in the evening or in the day.
    rng = np.random.default_rng(27)
    rows = []
    for household in range(60):
        evening = household % 2 == 0
        start = pd.Timestamp("2013-01-01") + pd.Timedelta(days=int(rng.integers(0, 10)))
        for reading in pd.date_range(start, "2013-01-20", freq="30min"):
            base = 0.4 if (reading.hour >= 18) == evening else 0.1
            rows.append(
                (f"MAC{household:06d}", f"{reading}.0000000", round(base * rng.random(), 3))
            )
    frame = pd.DataFrame(rows, columns=["LCLid", "tstp", "energy(kWh/hh)"])
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "block_0.csv", frame)))
    features = {feature["name"]: feature for feature, _ in proposal.features}
    for profiled in ("readings", "energy_k_wh_hh_total", "days_since_first_event"):
        assert features[profiled]["cluster"] is False, profiled
    assert features["energy_k_wh_hh_per_reading"]["aggregate"] == "mean"
    evening = features["energy_k_wh_hh_evening_mean"]
    assert evening["where"] == "hour(event_at) >= 18 and hour(event_at) < 24"
    assert evening.get("cluster", True)
    assert "events" not in features and "night_share" not in features
    # The header's unit stays as written: segments were named "High energy k wh hh per reading".
    assert features["energy_k_wh_hh_per_reading"]["label"] == "Energy (kWh/hh) per reading"


def test_reviews_one_a_day_at_random_gaps_are_events_not_a_panel(tmp_path):
    # Amazon's reviews are dated to the day (unixReviewTime at midnight), rarely two a day per
    # reviewer: they read as a panel of readings ("overall per reading").
    rng = np.random.default_rng(28)
    rows = []
    for reviewer in range(300):
        days = np.sort(rng.choice(np.arange(150), 8, replace=False))
        rows += [(f"A{reviewer:05d}", 1_230_768_000 + int(day) * 86_400, 4.0) for day in days]
    frame = pd.DataFrame(rows, columns=["reviewerID", "unixReviewTime", "overall"])
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "reviews.csv", frame)))
    names = {feature["name"] for feature, _ in proposal.features}
    assert "events" in names and "readings" not in names
    assert not any(name.endswith(("_per_reading", "_per_day")) for name in names)


@pytest.mark.parametrize(
    ("start", "end", "derived"),
    [
        ("started_at", "ended_at", True),  # Divvy and Citi Bike today
        ("starttime", "stoptime", True),  # Citi Bike before 2021
        ("tpep_pickup_datetime", "tpep_dropoff_datetime", True),  # NYC taxis
        ("admittime", "dischtime", True),  # MIMIC's stays
        ("rental_date", "return_date", True),  # Sakila's rentals
        ("created_at", "closed_at", False),  # no span in the names: an issue's two dates
    ],
)
def test_an_end_time_paired_with_the_timestamp_is_read_as_the_events_length(
    tmp_path, start, end, derived
):
    rng = np.random.default_rng(7)
    starts = pd.Timestamp("2024-05-01") + pd.to_timedelta(rng.integers(0, 60 * 24 * 30, 900), "min")
    users = np.arange(900) % 60
    minutes = rng.gamma(3, 4 + 10 * (users % 3))
    frame = pd.DataFrame(
        {
            "member_id": [f"m{user}" for user in users],
            start: starts.strftime("%Y-%m-%d %H:%M:%S"),
            end: (starts + pd.to_timedelta(minutes, "min")).strftime("%Y-%m-%d %H:%M:%S"),
        }
    )
    path = tmp_path / "trips.csv"
    frame.to_csv(path, index=False)
    config = yaml.safe_load(render_event_log_config(propose_event_log(profile_event_log(path))))
    log = config["event_log"]
    assert log["timestamp"] == start
    lengths = [f for f in log["features"] if f.get("of") == "duration_minutes"]
    if not derived:
        assert not lengths and end in log["text_columns"]
        return
    assert log["numeric_columns"] == [
        {"column": end, "name": "duration_minutes", "derive": "minutes_after_event"}
    ]
    assert [(f["name"], f["aggregate"]) for f in lengths] == [
        ("duration_minutes_mean", "mean"),
        ("duration_minutes_total", "sum"),
    ]
    assert lengths[0].get("cluster", True)  # the planted groups differ in their trips' length
    check_event_log(log)


def test_an_end_that_is_often_before_the_start_is_no_length(tmp_path):
    # A due date beside the date an order was placed: not when the order ended.
    starts = pd.date_range("2024-01-01", periods=400, freq="7h")
    frame = pd.DataFrame(
        {
            "customer_id": np.arange(400) % 40,
            "start_date": starts.strftime("%Y-%m-%d %H:%M"),
            "end_date": (starts + pd.to_timedelta(np.arange(400) % 9 - 4, "D")).strftime(
                "%Y-%m-%d %H:%M"
            ),
        }
    )
    path = tmp_path / "orders.csv"
    frame.to_csv(path, index=False)
    proposal = propose_event_log(profile_event_log(path))
    assert proposal.end_time is None
    assert "end_date" in proposal.text_columns


@pytest.mark.parametrize(("placeholder_share", "quarantined"), [(0.3, True), (0.03, False)])
def test_a_default_device_id_on_a_third_of_the_clicks_is_no_one(
    tmp_path, placeholder_share, quarantined
):
    # Avazu: a99f214a is on 82% of the clicks, 300 times any device's share: a default no one
    # chose, which was segmented as one user with 60,000 events. A heavy user at 3% is a user.
    rng = np.random.default_rng(11)
    rows = 12_000
    devices = np.array([f"{d:08x}" for d in rng.integers(1 << 28, 1 << 32, 2_000)])
    ids = devices[rng.integers(0, len(devices), rows)]
    ids[rng.random(rows) < placeholder_share] = "a99f214a"
    frame = pd.DataFrame(
        {"device_id": ids, "clicked_at": "2014-10-21 10:00:00", "clicks": rng.integers(0, 2, rows)}
    )
    out = tmp_path / "clicks.yml"
    result = CliRunner().invoke(
        main, ["scaffold", write_log(tmp_path / "clicks.csv", frame), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    variables = yaml.safe_load(out.read_text())
    assert variables["event_log"]["user_id"] == "device_id"
    assert ("a99f214a" in variables["event_log"].get("missing_user_ids", [])) == quarantined


def test_a_viewing_log_s_start_and_stop_give_the_watch_length_and_its_streamers_are_counted(
    tmp_path,
):
    # Twitch's 100k_a.csv: time_start and time_stop are 10-minute slots. Their mean was clustered
    # ("Mean time start", when in the crawl a stream was watched); how long a viewer watches,
    # and how many streamers, were never proposed.
    rng = np.random.default_rng(3)
    rows = []
    for user in range(300):
        binge = user % 2 == 0
        for _ in range(int(rng.integers(5, 25))):
            start = int(rng.integers(0, 6000))
            length = int(rng.integers(20, 60) if binge else rng.integers(1, 4))
            streamer = f"s{rng.integers(0, 3 if binge else 400)}_{user % 7}"
            rows.append((user, int(rng.integers(10**10, 10**11)), streamer, start, start + length))
    frame = pd.DataFrame(
        rows, columns=["user_id", "stream_id", "streamer_username", "time_start", "time_stop"]
    )
    profile = profile_event_log(write_log(tmp_path / "v.csv", frame))
    proposal = propose_event_log(profile, user_id="user_id", undated=True)
    config = yaml.safe_load(render_event_log_config(proposal))
    features = {f["name"]: f for f in config["event_log"]["features"]}
    assert features["length_mean"]["of"] == "time_stop - time_start"
    assert features["length_mean"].get("cluster", True)
    assert features["distinct_streamer_usernames"]["aggregate"] == "distinct_count"
    assert not any(f.get("of") in ("time_start", "time_stop") for f in features.values())
    check_event_log(config["event_log"])


def test_start_and_end_coordinates_are_no_span(tmp_path):
    # Divvy's start_lat and end_lat: an end below its start is a trip south, not a negative length.
    rng = np.random.default_rng(4)
    n = 2_000
    start = rng.uniform(41.7, 42.0, n)
    frame = pd.DataFrame(
        {
            "member": rng.integers(0, 200, n),
            "started_at": pd.Timestamp("2024-06-01")
            + pd.to_timedelta(rng.integers(0, 86_400 * 30, n), "s"),
            "start_lat": start,
            "end_lat": start + rng.normal(0, 0.02, n),
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "trips.csv", frame)))
    assert not any("length" in feature["name"] for feature, _ in proposal.features)


def test_one_clock_skewed_epoch_value_does_not_hide_the_time_column(tmp_path):
    # Taobao's UserBehavior: one 0 among 240,000 epoch seconds ruled epoch_seconds out, and the
    # log was read as undated (no recency, active days or time of day).
    rng = np.random.default_rng(9)
    rows = 3_000
    seconds = rng.integers(1_511_539_200, 1_512_316_800, rows)
    seconds[17] = 0
    frame = pd.DataFrame(
        {
            "user_id": rng.integers(1, 200, rows),
            "item_id": rng.integers(1, 10**6, rows),
            "behavior_type": rng.choice(
                ["pv", "cart", "fav", "buy"], rows, p=[0.85, 0.06, 0.05, 0.04]
            ),
            "timestamp": seconds,
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "UserBehavior.csv", frame)))
    assert proposal.roles["timestamp"][0] == "timestamp"
    assert proposal.roles["timestamp_format"][0] == "epoch_seconds"
    # What a shopper did: a count per behaviour, as for an event_type column.
    assert proposal.roles["event_type"][0] == "behavior_type"
    names = {feature["name"] for feature, _ in proposal.features}
    assert {"buy_events", "cart_events"} <= names


def test_recency_and_tenure_are_profiled_in_a_log_of_six_days(tmp_path):
    # MIND's news impressions: six days, so "lapsing" split one-visit newcomers by their day.
    rng = np.random.default_rng(12)
    rows = 2_000
    frame = pd.DataFrame(
        {
            "user_id": [f"U{u}" for u in rng.integers(0, 300, rows)],
            "time": pd.Timestamp("2019-11-09")
            + pd.to_timedelta(rng.integers(0, 6 * 86_400, rows), "s"),
            "clicks": rng.integers(0, 3, rows),
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "behaviors.csv", frame)))
    by_aggregate = {f["aggregate"]: (f, why) for f, why in proposal.features}
    for aggregate in ("recency", "tenure"):
        feature, why = by_aggregate[aggregate]
        assert feature["cluster"] is False
        assert "which day they came" in why


def test_one_feature_stays_clustered_when_chance_rules_out_every_one(tmp_path):
    # Six orders a user over six days: recency, counts and the share of tea are all within
    # chance or profiled, and with nothing left to cluster the build stopped.
    rows = [
        (f"u{user:02d}", f"2024-03-{1 + n:02d} 1{n}:00:00", "tea" if n < user % 5 else "coffee")
        for user in range(40)
        for n in range(6)
    ]
    frame = pd.DataFrame(rows, columns=["customer", "ordered_at", "drink"])
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "orders.csv", frame)))
    clustered = [
        feature["name"] for feature, _ in proposal.features if feature.get("cluster", True)
    ]
    assert clustered == ["drink_tea_share"]


def test_a_column_of_lists_gives_how_many_items_a_user_s_lists_hold(tmp_path):
    # MIND's behaviors.tsv: `history` lists the articles a user read before ("N55189 N42782"),
    # the strongest sign of a heavy reader, and was kept only for filters; a review's prose is
    # no list.
    rng = np.random.default_rng(14)
    rows = []
    for user in range(200):
        depth = (0, 3, 40)[user % 3]
        for visit in range(4):
            history = " ".join(f"N{rng.integers(1, 99_999)}" for _ in range(depth + visit))
            note = " ".join(rng.choice(["good", "read", "it", "was", "fine"], 6))
            rows.append((f"U{user}", f"2019-11-{1 + visit * 5:02d} 09:00:00", history, note))
    frame = pd.DataFrame(rows, columns=["user_id", "time", "history", "comment"])
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "behaviors.csv", frame)))
    by_name = {feature["name"]: feature for feature, _ in proposal.features}
    assert by_name["history_items_mean"].get("cluster", True)
    assert not [name for name in by_name if name.startswith("comment")]
    # The build's SQL counts the items, 0 for an empty history.
    of = by_name["history_items_mean"]["of"]
    counted = duckdb.sql(
        f"select {of} as n from (values ('N1 N2 N3'), (''), (null)) as t(history)"
    ).fetchall()
    assert [row[0] for row in counted] == [3, 0, 0]


def _shoppers_at(offset_hours: int, written: str) -> pd.DataFrame:
    """3,000 clicks of 100 users at UTC+offset_hours, fewest at 4h and most at 16h of their day;
    night owls (users 0-9) click at night as often as by day. ``written``: epoch (seconds) or
    local (the wall clock as text, without an offset)."""
    rng = np.random.default_rng(3)
    hours = np.arange(24)
    weights = 1 + 0.9 * np.cos(2 * np.pi * (hours - 16) / 24)
    users = rng.integers(0, 100, size=3000)
    local_hour = np.where(
        users < 10,
        rng.integers(0, 24, size=3000),
        rng.choice(hours, size=3000, p=weights / weights.sum()),
    )
    local = (
        pd.Timestamp("2024-01-01")
        + pd.to_timedelta(rng.integers(0, 60, size=3000), unit="D")
        + pd.to_timedelta(local_hour, unit="h")
        + pd.to_timedelta(rng.integers(0, 3600, size=3000), unit="s")
    )
    if written == "local":
        times = pd.Series(local).dt.strftime("%Y-%m-%d %H:%M:%S")
    else:
        times = (
            pd.Series(local - pd.Timedelta(hours=offset_hours))
            .astype("datetime64[s]")
            .astype("int64")
        )
    return pd.DataFrame(
        {"user_id": users + 1, "item_id": rng.integers(1, 500, size=3000), "ts": times}
    )


def test_epoch_times_of_users_eight_hours_east_are_read_on_their_clock(tmp_path):
    """Taobao's epoch seconds were read as UTC: its night share counted Beijing's mornings. The
    quietest hours (18-23h UTC) place the log at UTC+8, and the config reads it there."""
    path = write_log(tmp_path / "clicks.csv", _shoppers_at(8, "epoch"))
    proposal = propose_event_log(profile_event_log(path))
    assert proposal.event_log()["timezone"] == "Etc/GMT-8"
    text = render_event_log_config(proposal)
    assert 'timezone: "Etc/GMT-8"  # the events are fewest from' in text
    assert "UTC+8" in text and "Asia/Shanghai" in text
    check_event_log(yaml.safe_load(text)["event_log"])


@pytest.mark.parametrize(("offset", "written"), [(0, "epoch"), (8, "local")])
def test_a_log_on_utc_or_written_in_local_time_gets_no_time_zone(tmp_path, offset, written):
    path = write_log(tmp_path / "clicks.csv", _shoppers_at(offset, written))
    proposal = propose_event_log(profile_event_log(path))
    assert "timezone" not in proposal.event_log()
    assert "timezone" not in render_event_log_config(proposal)


def test_a_discount_given_as_a_negative_number_is_added_as_its_negative(tmp_path):
    """Dunnhumby's COUPON_DISC is 0 or -0.60, -1.00, ...: summed as it is, the segment given four
    times the discount was named "low coupon disc". Its negative is summed, so high means more;
    a measure with refunds among its amounts (a few below 0) is summed as it is."""
    rng = np.random.default_rng(41)
    rows = 4_000
    sales = rng.gamma(2.0, 3.0, rows).round(2)
    sales[:30] *= -1  # returns
    frame = pd.DataFrame(
        {
            "household_key": rng.integers(1, 300, rows),
            "BASKET_ID": rng.integers(10**10, 10**11, rows),
            "DAY": rng.integers(1, 700, rows),
            "SALES_VALUE": sales,
            "COUPON_DISC": np.where(rng.random(rows) < 0.2, -rng.choice([0.4, 0.6, 1.0], rows), 0),
        }
    )
    path = write_log(tmp_path / "transactions.csv", frame)
    proposal = propose_event_log(profile_event_log(path), user_id="household_key")
    by_name = {feature["name"]: (feature, why) for feature, why in proposal.features}
    assert by_name["coupon_disc_total"][0]["of"] == "-coupon_disc"
    assert by_name["coupon_disc_mean"][0]["of"] == "-coupon_disc"
    assert "its negative is added: high means more" in by_name["coupon_disc_total"][1]
    assert by_name["sales_value_total"][0]["of"] == "sales_value"
    check_event_log(yaml.safe_load(render_event_log_config(proposal))["event_log"])


def test_avazu_s_hour_written_as_yymmddhh_is_the_time_of_each_click(tmp_path):
    # Avazu's `hour` (14102100: 21 October 2014, 0h) read as no time: the log was undated.
    rng = np.random.default_rng(43)
    rows = 3_000
    hours = pd.Timestamp("2014-10-21") + pd.to_timedelta(rng.integers(0, 240, rows), unit="h")
    frame = pd.DataFrame(
        {
            "id": rng.integers(10**18, 9 * 10**18, rows, dtype=np.int64),
            "click": rng.integers(0, 2, rows),
            "hour": hours.strftime("%y%m%d%H").astype(int),
            "banner_pos": rng.integers(0, 2, rows),
            "device_ip": [f"{n:08x}" for n in rng.integers(0, 400, rows)],
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "train.csv", frame)))
    assert proposal.roles["timestamp"][0] == "hour"
    assert proposal.roles["timestamp_format"][0] == "%y%m%d%H"
    assert proposal.profile.span_days == 10


def test_values_with_line_breaks_leave_the_config_valid_yaml(tmp_path):
    # A Stack Exchange export's Body of a few posts with line breaks was taken for a category;
    # the lines after a break in its comment broke out of it, and dbt refused the --vars.
    rng = np.random.default_rng(46)
    rows = 1_500
    bodies = ["<p>I tried this:</p>\n<pre><code>df.merge(a, b)\n</code></pre>", "<p>Use sort</p>"]
    frame = pd.DataFrame(
        {
            "OwnerUserId": rng.integers(1, 120, rows),
            "CreationDate": (
                pd.Timestamp("2023-01-01")
                + pd.to_timedelta(rng.integers(0, 30 * 86400, rows), unit="s")
            ).strftime("%Y-%m-%d %H:%M:%S"),
            "Score": rng.integers(0, 20, rows),
            "Body": rng.choice(bodies, rows),
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "posts.csv", frame)))
    variables = yaml.safe_load(render_event_log_config(proposal))
    assert not [f for f in variables["event_log"]["features"] if "body" in f["name"]]
    check_event_log(variables["event_log"])


@pytest.mark.parametrize(
    ("column", "values"),
    [
        # PaySim as shipped: each sender (nameOrig) once, a payee (nameDest) on many payments.
        ("nameDest", [f"M{1_979_787_155 + r % 60}" for r in range(900)]),
        # Olist's customers table with city codes: a place, however much it looks like a key.
        ("customer_city", [f"city{r % 60}" for r in range(900)]),
    ],
)
def test_a_payee_or_a_place_is_not_taken_for_the_user_of_a_log(tmp_path, column, values):
    frame = pd.DataFrame(
        {
            "type": [("PAYMENT", "TRANSFER", "CASH_OUT")[r % 3] for r in range(900)],
            "amount": [round(100 + (r * 37) % 5000 / 3, 2) for r in range(900)],
            "nameOrig": [f"C{1_231_006_815 + r * 7}" for r in range(900)],
            column: values,
        }
    )
    out = tmp_path / "cfg.yml"
    result = CliRunner().invoke(
        main, ["scaffold", write_log(tmp_path / "log.csv", frame), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    variables = yaml.safe_load(out.read_text())
    assert "event_log" not in variables  # a table of one row per sender, not a log of payees
    assert variables["user_table"]["id_column"] == "nameOrig"


def test_the_other_party_s_account_number_is_not_summed(tmp_path):
    # Berka's transactions: `account` is the partner's account number; it was summed and
    # averaged, and the mean was clustered.
    rng = np.random.default_rng(47)
    rows = 2_000
    frame = pd.DataFrame(
        {
            "trans_id": np.arange(rows),
            "account_id": rng.integers(1, 150, rows),
            "date": (
                pd.Timestamp("1995-01-01") + pd.to_timedelta(rng.integers(0, 700, rows), unit="D")
            ).strftime("%Y-%m-%d"),
            "amount": rng.gamma(2, 900, rows).round(1),
            "account": rng.integers(10**7, 10**8, rows),
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "trans.csv", frame)))
    assert proposal.roles["user_id"][0] == "account_id"
    assert "account" not in [column for column, _ in proposal.numeric_columns]
    assert not [f for f, _ in proposal.features if f.get("of") == "account"]


def test_a_column_of_each_event_s_offset_from_utc_is_its_clock_not_a_measure(tmp_path):
    # Foursquare's check-ins: timezoneOffset (-240, -300 minutes in New York) was summed as
    # "total timezone offset -61,814", and the hours were read in UTC.
    rng = np.random.default_rng(49)
    rows = 3_000
    instants = pd.Timestamp("2012-04-03", tz="UTC") + pd.to_timedelta(
        rng.integers(0, 200 * 86400, rows), unit="s"
    )
    frame = pd.DataFrame(
        {
            "userId": rng.integers(1, 200, rows),
            "venueId": [f"4a{n:022x}" for n in rng.integers(0, 900, rows)],
            "latitude": rng.normal(40.7, 0.05, rows).round(6),
            "timezoneOffset": rng.choice([-240, -300], rows),
            "utcTimestamp": instants.strftime("%a %b %d %H:%M:%S +0000 %Y"),
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "checkins.csv", frame)))
    log = proposal.event_log()
    assert log["timezone"] == {"offset_minutes": "timezoneOffset"}
    assert not [f for f, _ in proposal.features if "timezone_offset" in str(f.get("of"))]
    text = render_event_log_config(proposal)
    assert "timezone: {offset_minutes: timezoneOffset}  # timezoneOffset is each event's" in text
    check_event_log(yaml.safe_load(text)["event_log"])


def test_a_category_of_many_values_gets_the_shares_of_its_most_frequent_ones(tmp_path):
    # Foursquare's venueCategory (240 values) got no feature: a gym-goer and a bar-goer checked
    # in as often at the same hours, and only their venues told them apart.
    rng = np.random.default_rng(50)
    rows = 6_000
    common = ["Bar", "Gym / Fitness Center", "Office", "Subway", "Home (private)", "Coffee Shop"]
    rare = [f"Venue type {n}" for n in range(60)]
    users = rng.integers(1, 300, rows)
    venue = np.where(
        rng.random(rows) < 0.7,
        np.where(users % 2 == 0, rng.choice(common[:3], rows), rng.choice(common[3:], rows)),
        rng.choice(rare, rows),
    )
    frame = pd.DataFrame(
        {
            "userId": users,
            "venueCategory": venue,
            "utcTimestamp": (
                pd.Timestamp("2012-04-03")
                + pd.to_timedelta(rng.integers(0, 60 * 86400, rows), unit="s")
            ).strftime("%Y-%m-%d %H:%M:%S"),
        }
    )
    proposal = propose_event_log(profile_event_log(write_log(tmp_path / "checkins.csv", frame)))
    shares = {
        f["name"]: (f, why) for f, why in proposal.features if f["name"].startswith("venue_cat")
    }
    assert len(shares) == 5
    assert {f["of"].split("'")[1] for f, _ in shares.values()} < set(common)
    assert all("(one of its 5 most frequent of 66 values)" in why for _, why in shares.values())
    assert any(f.get("cluster", True) for f, _ in shares.values())


def test_a_header_repeated_inside_a_log_is_no_category_value(tmp_path):
    # Three Stack Exchange exports joined with their headers: PostTypeId's own name was read as
    # a value of it, and the config got a feature post_type_id_posttypeid_share.
    rng = np.random.default_rng(54)
    parts = []
    for _ in range(3):
        rows = 700
        parts.append(
            pd.DataFrame(
                {
                    "OwnerUserId": rng.integers(1, 150, rows).astype(str),
                    "CreationDate": (
                        pd.Timestamp("2023-01-01")
                        + pd.to_timedelta(rng.integers(0, 30 * 86400, rows), unit="s")
                    ).strftime("%Y-%m-%d %H:%M:%S"),
                    "PostTypeId": rng.choice(["1", "2", "5"], rows),
                }
            )
        )
    path = tmp_path / "posts.csv"
    path.write_text("\n".join(part.to_csv(index=False).strip() for part in parts) + "\n")
    proposal = propose_event_log(profile_event_log(str(path)))
    names = [feature["name"] for feature, _ in proposal.features]
    assert not [name for name in names if "posttypeid" in name]
