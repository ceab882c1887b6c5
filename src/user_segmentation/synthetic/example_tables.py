"""Deterministic customer tables of three shapes, with planted segments, for `user_source: table`.

Public-style data sets people segment in tutorials, rebuilt synthetically so the answer is known:

- ``mall_customers``: the mall-customer table (id, gender, age, annual income, spending score)
  with five planted income x spending groups;
- ``shop_customers``: a tab-separated export with nulls, outliers, a banded income column, an
  e-mail column, a constant column and a mostly empty notes column; three planted groups;
- ``wide_customers``: 30 columns (20 numeric of which 8 carry four planted groups, 5 categorical,
  a constant, an e-mail, a mostly null and a free-text column).

Each writer returns the planted group per id (the answer key the model never reads).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

MALL_GROUPS = {
    # name: (share, income k$ mean, spending score mean, age mean)
    "careful_high_earners": (0.20, 88, 17, 41),
    "spenders_high_earners": (0.20, 87, 82, 33),
    "average": (0.30, 55, 50, 43),
    "careless_low_earners": (0.15, 25, 79, 25),
    "sensible_low_earners": (0.15, 26, 20, 45),
}


def mall_customers(n: int = 1000, seed: int = 7) -> tuple[pd.DataFrame, pd.Series]:
    """The mall-customer shape: CustomerID, Gender, Age, Annual Income (k$), Spending Score."""
    rng = np.random.default_rng(seed)
    names = list(MALL_GROUPS)
    shares = np.array([MALL_GROUPS[g][0] for g in names])
    group = rng.choice(len(names), size=n, p=shares / shares.sum())
    income = np.array([MALL_GROUPS[names[g]][1] for g in group]) + rng.normal(0, 7, n)
    score = np.array([MALL_GROUPS[names[g]][2] for g in group]) + rng.normal(0, 7, n)
    age = np.array([MALL_GROUPS[names[g]][3] for g in group]) + rng.normal(0, 9, n)
    table = pd.DataFrame(
        {
            "CustomerID": np.arange(1, n + 1),
            "Gender": rng.choice(["Female", "Male"], size=n, p=[0.56, 0.44]),
            "Age": np.clip(np.round(age), 18, 70).astype(int),
            "Annual Income (k$)": np.clip(np.round(income), 15, 140).astype(int),
            "Spending Score (1-100)": np.clip(np.round(score), 1, 100).astype(int),
        }
    )
    return table, pd.Series([names[g] for g in group], index=table["CustomerID"], name="group")


SHOP_GROUPS = {
    # name: (share, monthly spend median, orders per month, days since last order, tickets)
    "bargain_hunters": (0.45, 40.0, 6.0, 5.0, 0.5),
    "premium": (0.30, 400.0, 1.5, 12.0, 2.5),
    "lapsed": (0.25, 60.0, 0.3, 150.0, 0.3),
}
INCOME_BANDS = ["<20k", "20k-50k", "50k-100k", "100k+"]


def shop_customers(n: int = 1500, seed: int = 11) -> tuple[pd.DataFrame, pd.Series]:
    """A messy shop export: nulls, outliers, banded income, e-mail, constant and notes columns."""
    rng = np.random.default_rng(seed)
    names = list(SHOP_GROUPS)
    shares = np.array([SHOP_GROUPS[g][0] for g in names])
    group = rng.choice(len(names), size=n, p=shares / shares.sum())
    params = np.array([SHOP_GROUPS[names[g]][1:] for g in group])
    spend = params[:, 0] * rng.lognormal(0, 0.25, n)
    orders = np.maximum(params[:, 1] + rng.normal(0, 0.4 + 0.1 * params[:, 1], n), 0)
    recency = np.maximum(params[:, 2] * rng.lognormal(0, 0.25, n), 0).round()
    tickets = rng.poisson(params[:, 3])
    outliers = rng.choice(n, size=8, replace=False)
    spend[outliers] *= 40  # a few wholesale accounts
    income_p = {0: [0.3, 0.4, 0.25, 0.05], 1: [0.05, 0.2, 0.45, 0.3], 2: [0.25, 0.4, 0.3, 0.05]}
    income = [INCOME_BANDS[rng.choice(4, p=income_p[g])] for g in group]
    spend = spend.round(2).astype(object)
    spend[rng.choice(n, size=int(0.03 * n), replace=False)] = None
    recency = recency.astype(object)
    recency[rng.choice(n, size=int(0.05 * n), replace=False)] = None
    notes = np.full(n, None, dtype=object)
    notes[rng.choice(n, size=int(0.04 * n), replace=False)] = "called about a late delivery"
    ids = 100_000 + rng.permutation(n)
    table = pd.DataFrame(
        {
            "customer_id": ids,
            "email": [f"customer{i}@example.com" for i in ids],
            "country": "NL",
            "signup_channel": rng.choice(["web", "app", "store"], size=n, p=[0.5, 0.3, 0.2]),
            "income_band": income,
            "monthly_spend": spend,
            "orders_per_month": orders.round(2),
            "days_since_last_order": recency,
            "support_tickets": tickets,
            "notes": notes,
        }
    )
    return table, pd.Series([names[g] for g in group], index=table["customer_id"], name="group")


WIDE_INFORMATIVE = 8
WIDE_NOISE = 12
WIDE_GROUPS = 4
WIDE_INFORMATIVE_COLUMNS = tuple(f"metric_{i + 1:02d}" for i in range(WIDE_INFORMATIVE))
WIDE_NOISE_COLUMNS = tuple(f"noise_{i + 1:02d}" for i in range(WIDE_NOISE))


def _separating_centres(centres: np.ndarray) -> np.ndarray:
    """The group centres with every column split between the groups: a column whose random signs
    came out equal for every group would carry no group at all (planted noise, not signal), so
    one group (the column index modulo the groups) gets the opposite sign. No random draw."""
    centres = centres.copy()
    for column in range(centres.shape[1]):
        if np.all(centres[:, column] == centres[0, column]):
            centres[column % len(centres), column] *= -1
    return centres


def wide_customers(n: int = 800, seed: int = 23) -> tuple[pd.DataFrame, pd.Series]:
    """30 columns: id, 20 numeric (8 carry four planted groups), 5 categorical, 4 to leave out."""
    rng = np.random.default_rng(seed)
    group = rng.choice(WIDE_GROUPS, size=n)
    centres = _separating_centres(
        rng.choice([-1.0, 1.0], size=(WIDE_GROUPS, WIDE_INFORMATIVE)) * 1.6
    )
    columns: dict[str, object] = {"account_id": np.arange(1, n + 1)}
    informative = centres[group] + rng.normal(0, 0.6, (n, WIDE_INFORMATIVE))
    for i, name in enumerate(WIDE_INFORMATIVE_COLUMNS):
        columns[name] = (50 + 10 * informative[:, i]).round(3)
    for name in WIDE_NOISE_COLUMNS:
        columns[name] = rng.normal(100, 15, n).round(3)
    columns["plan"] = rng.choice(["free", "basic", "pro"], size=n)
    columns["region"] = rng.choice(["north", "south", "east", "west"], size=n)
    columns["age_group"] = rng.choice(["18-24", "25-34", "35-44", "45-54", "55+"], size=n)
    columns["is_newsletter"] = rng.choice(["yes", "no"], size=n)
    columns["device"] = rng.choice(["ios", "android", "web"], size=n)
    columns["source_system"] = "crm"
    columns["contact_email"] = [f"acct{i}@example.org" for i in range(1, n + 1)]
    referral = np.full(n, None, dtype=object)
    referral[rng.choice(n, size=int(0.1 * n), replace=False)] = "partner"
    columns["referral_code"] = referral
    columns["last_comment"] = [
        f"Ticket {rng.integers(1e6)}: wrote about order {rng.integers(1e6)}, asked for a call"
        for _ in range(n)
    ]
    table = pd.DataFrame(columns)
    return table, pd.Series(group + 1, index=table["account_id"], name="group")


def write_example_tables(out_dir: Path) -> dict[str, Path]:
    """Write the three tables (mall CSV, shop TSV, wide CSV) and answer keys to ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, (table, groups), separator, suffix in (
        ("mall_customers", mall_customers(), ",", "csv"),
        ("shop_customers", shop_customers(), "\t", "tsv"),
        ("wide_customers", wide_customers(), ",", "csv"),
    ):
        path = out_dir / f"{name}.{suffix}"
        table.to_csv(path, sep=separator, index=False)
        groups.rename_axis("id").to_csv(out_dir / f"{name}.groups.csv")
        written[name] = path
    return written
