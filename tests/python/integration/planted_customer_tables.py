"""Customer tables with planted segments and planted bad rows, and the answer key of each.

Three groups of customers differ in income and spending; each row also has a signup date, a
birth year, an order count and a channel. `planted_bad_rows` appends rows that each break one
input rule, and blanks and one absurd income the build must fill and clip.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

GROUP_CENTRES = {"thrifty": (30.0, 20.0), "affluent": (90.0, 80.0), "saver": (90.0, 20.0)}


@dataclass
class PlantedTable:
    """A table and what a correct build must find in it."""

    frame: pd.DataFrame
    groups: pd.Series  # group per id of every good row
    #: (record id as text or None, quarantine_reason, quarantine_column) per planted bad row
    quarantined: list[tuple[str | None, str, str]] = field(default_factory=list)


def uuid_ids(rng: np.random.Generator, n: int) -> list[str]:
    return [str(uuid.UUID(int=int(rng.integers(0, 2**63)) << 64 | i)) for i in range(n)]


def code_ids(n: int) -> list[str]:
    return [f"C-{i:05d}" for i in range(1, n + 1)]


def customers(ids: list[str], seed: int = 7) -> PlantedTable:
    """One row per id, in three planted groups (income and spending score tell them apart)."""
    rng = np.random.default_rng(seed)
    n = len(ids)
    names = np.array(list(GROUP_CENTRES))
    group = names[np.arange(n) % len(names)]
    centres = np.array([GROUP_CENTRES[g] for g in group])
    signup = pd.Timestamp("2026-06-30") - pd.to_timedelta(rng.integers(0, 900, n), unit="D")
    frame = pd.DataFrame(
        {
            "customer_ref": ids,
            "signup_date": signup.strftime("%Y-%m-%d"),
            "birth_year": rng.integers(1950, 2004, n),
            "annual_income": (centres[:, 0] + rng.normal(0, 4, n)).round(1),
            "spending_score": (centres[:, 1] + rng.normal(0, 4, n)).round(1),
            "orders": rng.poisson(4, n),
            "channel": rng.choice(["web", "store", "app"], n),
        }
    )
    return PlantedTable(frame, pd.Series(group, index=ids))


def planted_bad_rows(table: PlantedTable) -> PlantedTable:
    """The table with six rows that each break one rule (the last a spreadsheet's total row,
    whose numbers add up the customers'), four blank incomes and one absurd
    income (filled and clipped, not quarantined), and two junk channels of 3 and 2 customers
    (rarer than min_cell_size: merged into Other)."""
    frame = table.frame.astype({"annual_income": object, "birth_year": object, "orders": object})
    good = frame.iloc[0].to_dict()
    first_id = frame["customer_ref"].iloc[0]
    bad_rows = [
        ({**good, "annual_income": 55.0}, (first_id, "duplicate_user_id", "user_id")),
        ({**good, "customer_ref": None}, (None, "missing_user_id", "user_id")),
        (
            {**good, "customer_ref": "C-90001", "annual_income": "lots"},
            ("C-90001", "non_numeric_value", "annual_income"),
        ),
        (
            {**good, "customer_ref": "C-90002", "birth_year": 1893},
            ("C-90002", "out_of_range", "age"),
        ),
        ({**good, "customer_ref": "C-90003", "orders": -3}, ("C-90003", "out_of_range", "orders")),
        (
            {
                **good,
                "customer_ref": "Grand Total",
                "annual_income": float(frame["annual_income"].sum()),
                "orders": int(frame["orders"].sum()),
            },
            ("Grand Total", "summary_row", "user_id"),
        ),
    ]
    frame.loc[[10, 20, 30, 40], "annual_income"] = None
    frame.loc[50, "annual_income"] = 666_666.0
    frame.loc[[60, 61, 62], "channel"] = "YOLO"  # junk categories, merged into Other
    frame.loc[[70, 71], "channel"] = "Absurd"
    frame = pd.concat([frame, pd.DataFrame([row for row, _ in bad_rows])], ignore_index=True)
    return PlantedTable(frame, table.groups, [answer for _, answer in bad_rows])
