"""Files as R, spreadsheets and old shop systems write them, built end to end with the config
`user-segmentation scaffold` wrote, unedited: `NA` for a gap, SQL keywords as headers (`order`,
`end`), an empty header over row names, dates as YYYYMMDD numbers, money as `"$1,234.50"` in a
table and in an event log (and as `"1,234.50 USD"` in the table), a user id column called just
`id`, and a GA4 export (event_timestamp in epoch microseconds beside its event_date,
user_pseudo_id values that look like decimals). Gaps are filled by the feature's missing rule (not
quarantined), as is a code for unknown (pdays 999), keyword headers get a trailing `_`, money text
is summed as numbers, and every user is segmented.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml

from support import SKIP_UNIT_TESTS, scaffold_and_build

STAFF, CUSTOMERS, ORDERS_PER_CUSTOMER = 200, 60, 5
SALARY_GAPS, AMOUNT_GAPS = 10, 12


def r_style_staff_table(path: Path) -> None:
    """write.csv of a data frame: quoted row names under an empty header, NA for gaps."""
    lines = [
        '"","order","end","Yrs.since.PhD","salary","region","Dt_Customer","Lifetime Value","pdays"'
    ]
    for row in range(1, STAFF + 1):
        group = row % 2
        salary = "NA" if row <= SALARY_GAPS else str(40_000 + group * 90_000 + row * 37)
        region = "NA" if row % 25 == 0 else ["north", "south"][row % 3 % 2]
        joined = f"{row % 28 + 1:02d}-{row % 12 + 1:02d}-{2012 + group}"  # day first
        lines.append(
            f'"{row}",{group * 10 + row % 3},{row % 7},{5 + group * 20 + row % 4},{salary},'
            f'"{region}",{joined},"{money_text(row)}",{days_since_contact(row)}'
        )
    path.write_text("\n".join(lines) + "\n")


def days_since_contact(row: int) -> int:
    """Days since the last contact, 999 when never contacted (a bank export's pdays)."""
    return 999 if row % 10 == 0 else row % 28


def lifetime_value(row: int) -> float:
    """A CRM's money column, written as $1,234.56 or 1,234.56 USD in the staff table."""
    return 950.0 + row * 113.25


def money_text(row: int) -> str:
    return f"{lifetime_value(row):,.2f} USD" if row % 2 == 0 else f"${lifetime_value(row):,.2f}"


def order_value(customer: int, number: int) -> float:
    """An order's value in the shop log, written as "$1,234.50"."""
    return customer * 25.5 + number * 300.0


def shop_order_log(path: Path) -> None:
    """CDNOW-style purchases: id, date as YYYYMMDD, `order` (items; returns negative), amount
    with NA gaps and the order's value as money text."""
    rows = []
    for customer in range(1, CUSTOMERS + 1):
        for number in range(ORDERS_PER_CUSTOMER):
            gap = len(rows) < AMOUNT_GAPS
            amount = "NA" if gap else f"{(customer % 3 + 1) * 12.5 + number:.2f}"
            # Every tenth customer only returns items: a negative total, log1p'd by the
            # scaffold's starter config (signed, so it does not stop the fit).
            items = -(1 + customer % 4) if customer % 10 == 0 else 1 + customer % 4
            value = f'"${order_value(customer, number):,.2f}"'
            rows.append(f"{customer},{19970101 + customer % 26 + number},{items},{amount},{value}")
    path.write_text("id,date,order,amount,value\n" + "\n".join(rows) + "\n")


GA4_USERS, GA4_EVENTS_PER_USER = 40, 6
#: 2021-01-01 00:00:00 UTC in microseconds since the epoch.
GA4_FIRST_EVENT_US = 1_609_459_200_000_000


def ga4_pseudo_id(user: int) -> str:
    """GA4's user_pseudo_id: two numbers joined by a dot, read by a sniffer as a decimal."""
    return f"{1_000_000 + user * 7}.{1_600_000_000 + user}"


def ga4_event_us(user: int, number: int) -> int:
    return GA4_FIRST_EVENT_US + (user * 3 + number * 11) * 3_600 * 1_000_000 + user * 1_234_567


def ga4_export(path: Path) -> None:
    """A GA4 BigQuery export flattened to CSV: event_date (YYYYMMDD) and event_timestamp (epoch
    microseconds) of each event, its name, the user's pseudo id and revenue on purchases."""
    lines = ["event_date,event_timestamp,event_name,user_pseudo_id,purchase_revenue"]
    for user in range(GA4_USERS):
        for number in range(GA4_EVENTS_PER_USER):
            at = ga4_event_us(user, number)
            day = datetime.fromtimestamp(at / 1e6, tz=UTC).strftime("%Y%m%d")
            name = "purchase" if number == 0 and user % 2 else ["page_view", "scroll"][number % 2]
            revenue = f"{10 + user}" if name == "purchase" else ""
            lines.append(f"{day},{at},{name},{ga4_pseudo_id(user)},{revenue}")
    path.write_text("\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """The files scaffolded and built one after another; name -> work folder."""
    work = tmp_path_factory.mktemp("exports")
    writers = {
        "staff.csv": r_style_staff_table,
        "orders.csv": shop_order_log,
        "ga4.csv": ga4_export,
    }
    folders = {}
    for name, write in writers.items():
        folder = work / name.removesuffix(".csv")
        folder.mkdir()
        write(folder / name)
        scaffold_and_build(folder / name, folder, *SKIP_UNIT_TESTS)
        folders[folder.name] = folder
    return folders


def query(folder: Path, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(folder / "warehouse.duckdb"), read_only=True) as connection:
        return connection.sql(sql).df()


def test_na_gaps_in_a_table_are_filled_not_quarantined(builds):
    folder = builds["staff"]
    assert query(folder, "select count(*) as n from input_quarantine")["n"][0] == 0
    quality = query(folder, "select * from input_feature_quality").set_index("feature_name")
    assert quality.loc["salary", "values_missing_filled"] == SALARY_GAPS
    assert query(folder, "select count(*) as n from user_segments")["n"][0] == STAFF


def test_keyword_headers_become_names_with_a_trailing_underscore(builds):
    config = yaml.safe_load((builds["staff"] / "cfg.yml").read_text())
    names = {f["name"] for f in config["user_table"]["numeric_features"]}
    assert {"order_", "end_", "yrs_since_phd", "salary"} <= names
    labels = {f["name"]: f["label"] for f in config["user_table"]["numeric_features"]}
    assert labels["yrs_since_phd"] == "Yrs since PhD"
    columns = set(query(builds["staff"], "describe int_user_features_joined")["column_name"])
    assert {"order_", "end_"} <= columns


def test_day_first_dates_in_a_table_are_read_with_their_format(builds):
    config = yaml.safe_load((builds["staff"] / "cfg.yml").read_text())
    joined = next(
        f for f in config["user_table"]["numeric_features"] if f["column"] == "Dt_Customer"
    )
    assert (joined["derive"], joined["format"]) == ("days_since", "%d-%m-%Y")
    assert config["as_of_date"] == "2013-12-28"  # the newest date: 28-12-2013
    days = query(
        builds["staff"],
        "select min(days_since_dt_customer) as low, max(days_since_dt_customer) "
        "as high from int_user_features_joined",
    )
    # From the newest date (28-12-2013, row 83) to the oldest (01-01-2012, row 84).
    assert (days["low"][0], days["high"][0]) == (0, (date(2013, 12, 28) - date(2012, 1, 1)).days)


def test_money_written_with_currency_signs_and_commas_is_a_number(builds):
    config = yaml.safe_load((builds["staff"] / "cfg.yml").read_text())
    money = next(
        f for f in config["user_table"]["numeric_features"] if f["column"] == "Lifetime Value"
    )
    assert money["number_format"] == "grouped"
    values = query(
        builds["staff"],
        "select min(lifetime_value) as low, max(lifetime_value) as high "
        "from stg_user_table__users_typed",
    )
    assert (values["low"][0], values["high"][0]) == (lifetime_value(1), lifetime_value(STAFF))


def test_a_code_for_unknown_is_filled_as_missing_not_clustered_as_a_value(builds):
    config = yaml.safe_load((builds["staff"] / "cfg.yml").read_text())
    pdays = next(f for f in config["user_table"]["numeric_features"] if f["column"] == "pdays")
    assert pdays["missing_values"] == [999]
    quality = query(builds["staff"], "select * from input_feature_quality")
    filled = quality.set_index("feature_name").loc["pdays", "values_missing_filled"]
    assert filled == STAFF // 10
    typed = query(builds["staff"], "select max(pdays) as high from int_user_features_joined")
    assert typed["high"][0] == max(
        days_since_contact(row) for row in range(1, STAFF + 1) if row % 10
    )


def test_a_yyyymmdd_order_log_with_an_id_column_segments_every_customer(builds):
    folder = builds["orders"]
    log = yaml.safe_load((folder / "cfg.yml").read_text())["event_log"]
    assert (log["user_id"], log["timestamp"], log["timestamp_format"]) == ("id", "date", "%Y%m%d")
    assert query(folder, "select count(*) as n from input_quarantine")["n"][0] == 0
    reconciled = query(folder, "select rows_read, rows_accepted from input_reconciliation")
    assert reconciled.to_dict("records") == [
        {
            "rows_read": CUSTOMERS * ORDERS_PER_CUSTOMER,
            "rows_accepted": CUSTOMERS * ORDERS_PER_CUSTOMER,
        }
    ]
    segmented = query(folder, "select count(*) as n, max(as_of_date) as as_of from user_segments")
    assert segmented["n"][0] == CUSTOMERS
    assert str(segmented["as_of"][0])[:10] == "1997-01-30"  # 19970101 + 25 + 4 days


def test_money_text_in_an_event_log_is_summed_as_numbers(builds):
    folder = builds["orders"]
    log = yaml.safe_load((folder / "cfg.yml").read_text())["event_log"]
    assert {"column": "value", "number_format": "grouped"} in log["numeric_columns"]
    (total,) = [f for f in log["features"] if f.get("aggregate") == "sum" and f["of"] == "value"]
    aggregated = f"select user_id, {total['name']} as total from int_users_event_log_aggregated"
    summed = query(folder, aggregated)
    expected = {
        customer: sum(order_value(customer, number) for number in range(ORDERS_PER_CUSTOMER))
        for customer in range(1, CUSTOMERS + 1)
    }
    assert dict(zip(summed["user_id"], summed["total"], strict=True)) == pytest.approx(expected)


def test_a_ga4_export_is_read_by_its_microsecond_timestamps_not_summed_as_dates(builds):
    folder = builds["ga4"]
    log = yaml.safe_load((folder / "cfg.yml").read_text())["event_log"]
    assert (log["timestamp"], log["timestamp_format"]) == ("event_timestamp", "epoch_microseconds")
    assert (log["user_id"], log["user_id_type"]) == ("user_pseudo_id", "text")
    assert "event_date" not in {f.get("of") for f in log["features"]}
    newest = max(ga4_event_us(u, n) for u in range(GA4_USERS) for n in range(GA4_EVENTS_PER_USER))
    events = query(
        folder, "select min(event_at) as first, max(event_at) as last from stg_event_log__events"
    )
    assert events["first"][0] == pd.Timestamp(ga4_event_us(0, 0), unit="us")
    assert events["last"][0] == pd.Timestamp(newest, unit="us")
    segmented = query(folder, "select count(*) as n from user_segments")["n"][0]
    assert segmented == GA4_USERS  # pseudo ids that look like decimals stay 40 distinct users
