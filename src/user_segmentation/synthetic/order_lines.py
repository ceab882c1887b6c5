"""An e-commerce order-lines log with planted customer groups, for `user_source: event_log`.

The shape of a public online-retail export: one row per invoice line (invoice, product, quantity,
unit price, timestamp, customer id, country), returns as negative quantities on invoices starting
with ``C``, and lines without a customer id (guest checkouts). Four customer groups are planted in
how people buy (order frequency, basket value, returns, recency), and a few bad rows of every kind
the event-log validation quarantines are mixed in: lines without a customer id, unparseable
timestamps, timestamps after the as-of date, non-numeric quantities and repeated line ids.

:func:`order_lines` returns the log, the planted group per customer (the answer key the model never
reads) and the count of each planted bad-row kind; :func:`write_order_lines` writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

AS_OF_DATE = date(2026, 10, 31)
WINDOW_DAYS = 90

ORDER_GROUPS = {
    # name: (share, orders low-high, lines per order low-high, units per line low-high,
    #        unit price low-high, share of orders returned, days since last order low-high)
    "wholesalers": (0.15, (3, 6), (8, 15), (24, 96), (0.5, 3.0), 0.02, (0, 20)),
    "frequent_small_baskets": (0.35, (15, 30), (1, 4), (1, 3), (2.0, 15.0), 0.02, (0, 5)),
    "serial_returners": (0.20, (5, 10), (2, 6), (1, 4), (3.0, 20.0), 0.6, (0, 15)),
    "lapsed_one_offs": (0.30, (1, 3), (1, 5), (1, 4), (2.0, 15.0), 0.0, (60, 89)),
}
COUNTRIES = ["United Kingdom", "Germany", "France", "Netherlands", "Spain", "Ireland"]
COUNTRY_SHARES = [0.7, 0.08, 0.08, 0.05, 0.05, 0.04]
PRODUCTS = [f"{code:05d}" for code in range(20000, 20400)]


@dataclass(frozen=True)
class PlantedFaults:
    """How many rows of each bad kind the log carries (the quarantine must find each)."""

    missing_customer_id: int
    unparseable_timestamp: int
    timestamp_after_as_of: int
    non_numeric_quantity: int
    repeated_line_id: int
    #: Timestamps written as R's missing marker NA: missing, not unparseable.
    missing_timestamp: int

    @property
    def total(self) -> int:
        """Every planted bad row."""
        return (
            self.missing_customer_id
            + self.unparseable_timestamp
            + self.timestamp_after_as_of
            + self.non_numeric_quantity
            + self.repeated_line_id
            + self.missing_timestamp
        )


def _customer_orders(rng, customer_id, group, country, invoice_numbers):
    share, orders, lines, units, price, returned, recency = ORDER_GROUPS[group]
    n_orders = int(rng.integers(orders[0], orders[1] + 1))
    last_day = int(rng.integers(recency[0], recency[1] + 1))
    # Order days spread between the last order and the window's first day.
    days_ago = np.sort(rng.integers(last_day, WINDOW_DAYS, size=n_orders))
    days_ago[0] = last_day
    rows = []
    for day in days_ago:
        moment = datetime.combine(AS_OF_DATE, datetime.min.time()) - timedelta(
            days=int(day), hours=-int(rng.integers(8, 20)), minutes=-int(rng.integers(0, 60))
        )
        invoice = str(next(invoice_numbers))
        basket = []
        for _ in range(int(rng.integers(lines[0], lines[1] + 1))):
            product = PRODUCTS[int(rng.integers(0, len(PRODUCTS)))]
            quantity = int(rng.integers(units[0], units[1] + 1))
            unit_price = round(float(rng.uniform(*price)), 2)
            basket.append((product, quantity, unit_price))
            rows.append((invoice, product, quantity, unit_price, moment, customer_id, country))
        if rng.random() < returned:
            back = moment + timedelta(days=int(rng.integers(0, 3)))
            back = min(
                back, datetime.combine(AS_OF_DATE, datetime.min.time()) + timedelta(hours=23)
            )
            credit = "C" + str(next(invoice_numbers))
            for product, quantity, unit_price in basket[: max(1, len(basket) // 2)]:
                rows.append((credit, product, -quantity, unit_price, back, customer_id, country))
    return rows


def order_lines(
    n_customers: int = 500, seed: int = 11, text_ids: bool = False
) -> tuple[pd.DataFrame, pd.Series, PlantedFaults]:
    """The order-lines log, the planted group per customer id and the planted bad rows.

    Parameters
    ----------
    n_customers : int
        Customers with an id (each has at least one usable line in the 90-day window).
    seed : int
        Random seed; the same seed gives the same file.
    text_ids : bool
        Customer ids as text (``C00017``) instead of integers.

    Returns
    -------
    (pandas.DataFrame, pandas.Series, PlantedFaults)
        Columns line_id, invoice, stock_code, quantity, unit_price, invoice_date, customer_id,
        country (all text, as an export would write them); the group per customer id; the count
        of each planted bad-row kind.
    """
    rng = np.random.default_rng(seed)
    names = list(ORDER_GROUPS)
    shares = np.array([ORDER_GROUPS[name][0] for name in names])
    groups = [names[g] for g in rng.choice(len(names), size=n_customers, p=shares / shares.sum())]
    invoice_numbers = iter(range(536000, 10**7))
    ids = [f"C{i:05d}" if text_ids else str(12000 + i) for i in range(1, n_customers + 1)]
    rows = []
    for customer_id, group in zip(ids, groups, strict=True):
        country = COUNTRIES[int(rng.choice(len(COUNTRIES), p=COUNTRY_SHARES))]
        rows += _customer_orders(rng, customer_id, group, country, invoice_numbers)
    guests = [
        (
            str(next(invoice_numbers)),
            PRODUCTS[int(rng.integers(0, len(PRODUCTS)))],
            int(rng.integers(1, 6)),
            round(float(rng.uniform(1, 20)), 2),
            datetime.combine(AS_OF_DATE, datetime.min.time())
            - timedelta(days=int(rng.integers(0, WINDOW_DAYS)), hours=-10),
            None,
            "United Kingdom",
        )
        for _ in range(max(1, len(rows) // 40))
    ]
    rows += guests
    log = pd.DataFrame(
        rows,
        columns=[
            "invoice",
            "stock_code",
            "quantity",
            "unit_price",
            "invoice_date",
            "customer_id",
            "country",
        ],
    )
    log = log.sort_values(["invoice_date", "invoice"], kind="stable").reset_index(drop=True)
    log.insert(0, "line_id", [str(100000 + i) for i in range(len(log))])
    log["quantity"] = log["quantity"].astype(str)
    log["unit_price"] = log["unit_price"].map(lambda value: f"{value:.2f}")
    log["invoice_date"] = log["invoice_date"].dt.strftime("%Y-%m-%d %H:%M:%S")
    log, faults = _with_bad_rows(log, rng, n_guest=len(guests))
    return log, pd.Series(groups, index=pd.Index(ids, name="customer_id"), name="group"), faults


def _with_bad_rows(log: pd.DataFrame, rng, n_guest: int) -> tuple[pd.DataFrame, PlantedFaults]:
    """Extra copies of usable lines, each broken one way (the originals stay usable)."""
    with_id = log[log["customer_id"].notna()]
    bad = []
    next_line_id = 900000

    def copies(count: int) -> pd.DataFrame:
        nonlocal next_line_id
        picked = with_id.iloc[rng.choice(len(with_id), size=count, replace=False)].copy()
        picked["line_id"] = [str(next_line_id + i) for i in range(count)]
        next_line_id += count
        return picked

    unparseable = copies(12)
    unparseable["invoice_date"] = ["31/13/2026 25:61"] * len(unparseable)
    after_as_of = copies(10)
    after_as_of["invoice_date"] = (AS_OF_DATE + timedelta(days=3)).isoformat() + " 09:30:00"
    non_numeric = copies(8)
    non_numeric["quantity"] = ["12 pcs", "ten", "1O", "x3", "one", "--", "1,0,0", "qty"]
    repeated = with_id.iloc[rng.choice(len(with_id), size=15, replace=False)].copy()
    missing = copies(3)
    missing["invoice_date"] = "NA"
    bad = [unparseable, after_as_of, non_numeric, repeated, missing]
    faults = PlantedFaults(
        missing_customer_id=n_guest,
        unparseable_timestamp=len(unparseable),
        timestamp_after_as_of=len(after_as_of),
        non_numeric_quantity=len(non_numeric),
        repeated_line_id=len(repeated),
        missing_timestamp=len(missing),
    )
    # The repeated lines come after their originals (the first copy by file row is kept).
    return pd.concat([log, *bad], ignore_index=True), faults


def write_order_lines(out_dir: Path, n_customers: int = 500, seed: int = 11) -> dict[str, Path]:
    """Write ``order_lines.csv`` and its answer key ``order_lines.groups.csv`` to ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    log, groups, _ = order_lines(n_customers, seed)
    paths = {"log": out_dir / "order_lines.csv", "groups": out_dir / "order_lines.groups.csv"}
    log.to_csv(paths["log"], index=False)
    groups.to_csv(paths["groups"])
    return paths
