"""The scaffold reads a messy customer table as a person would (pure Python, DuckDB in memory).

One repeated or missing id, one non-numeric income, a birth year of 1893 or a negative order count
must not make the scaffold give up on a column: it proposes what almost every row says, counts
the rows that break it in the comment, and proposes the rules that quarantine them.
"""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from user_segmentation.segmentation.errors import ConfigError
from user_segmentation.segmentation.table_config import table_features
from user_segmentation.tools.scaffold import profile_table, propose_config, render_config

N = 200


def customers(ids: list) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "customer_id": ids,
            "income": rng.normal(50, 10, N).round(1).astype(object),
            "signup_date": (
                pd.Timestamp("2025-12-31") - pd.to_timedelta(rng.integers(0, 700, N), unit="D")
            ).strftime("%Y-%m-%d"),
            "Year_Birth": rng.integers(1950, 2000, N).astype(object),
            "orders": rng.poisson(5, N).astype(object),
            "plan": rng.choice(["basic", "pro"], N),
        }
    )


def proposal_for(frame: pd.DataFrame, tmp_path: Path, today=datetime.date(2026, 12, 5)):
    path = tmp_path / "customers.csv"
    frame.to_csv(path, index=False)
    proposal = propose_config(profile_table(path), today=today)
    return proposal, yaml.safe_load(render_config(proposal)), render_config(proposal)


def numeric_items(config: dict) -> dict[str, dict]:
    return {item["column"]: item for item in config["user_table"]["numeric_features"]}


def test_one_repeated_and_one_missing_id_still_give_the_id_with_the_rows_counted(tmp_path):
    ids = pd.array(range(1, N + 1), dtype="Int64")
    ids[7] = ids[6]
    ids[9] = None
    proposal, config, text = proposal_for(customers(list(ids)), tmp_path)
    assert config["user_table"]["id_column"] == "customer_id"
    assert config["user_table"]["id_type"] == "integer"
    assert "2 rows break it (1 missing, 1 repeated)" in text


@pytest.mark.parametrize(
    "ids",
    [
        [str(uuid.UUID(int=i * 7919 + 12345)) for i in range(N)],
        [f"C-{i:05d}" for i in range(1, N + 1)],
        [f"{i:05d}" for i in range(1, N + 1)],  # leading zeros: an integer would lose them
    ],
    ids=["uuid", "code", "zero-padded"],
)
def test_text_ids_are_proposed_as_text(ids, tmp_path):
    _, config, _ = proposal_for(customers(ids), tmp_path)
    assert config["user_table"]["id_column"] == "customer_id"
    assert config["user_table"]["id_type"] == "text"


def test_one_non_numeric_value_keeps_the_column_numeric_and_says_it_is_quarantined(tmp_path):
    frame = customers(list(range(1, N + 1)))
    frame.loc[3, "income"] = "ask me"
    _, config, text = proposal_for(frame, tmp_path)
    assert "income" in numeric_items(config)
    assert "1 row not a number" in text


def test_a_column_text_in_many_rows_is_not_numeric(tmp_path):
    frame = customers(list(range(1, N + 1)))
    frame.loc[: N // 4, "income"] = "unknown"
    _, config, _ = proposal_for(frame, tmp_path)
    assert "income" not in numeric_items(config)


def test_dates_become_days_since_and_birth_years_age_with_ranges_of_possible_values(tmp_path):
    frame = customers(list(range(1, N + 1)))
    frame.loc[4, "Year_Birth"] = 1893
    _, config, text = proposal_for(frame, tmp_path)
    items = numeric_items(config)
    assert config["as_of_date"] == max(frame["signup_date"])
    assert items["signup_date"]["derive"] == "days_since"
    assert items["signup_date"]["range"] == [0, None]
    assert items["Year_Birth"]["derive"] == "age_from_birth_year"
    assert items["Year_Birth"]["name"] == "age"
    assert items["Year_Birth"]["range"] == [0, 110]  # 1893 is a typo: quarantined
    assert f"born before {int(config['as_of_date'][:4]) - 110}" in text


def test_without_a_date_column_ages_are_measured_in_the_scaffold_year(tmp_path):
    frame = customers(list(range(1, N + 1))).drop(columns="signup_date")
    _, config, _ = proposal_for(frame, tmp_path, today=datetime.date(2026, 12, 5))
    assert config["as_of_date"] == "2026-12-05"
    assert numeric_items(config)["Year_Birth"]["range"] == [0, 110]


def test_a_few_negative_counts_get_a_range_that_quarantines_them(tmp_path):
    frame = customers(list(range(1, N + 1))).rename(columns={"orders": "basket_items"})
    frame.loc[11, "basket_items"] = -3
    _, config, text = proposal_for(frame, tmp_path)
    assert numeric_items(config)["basket_items"]["range"] == [0, None]
    assert "quarantines the 1 row below 0" in text


def test_unknown_derive_and_malformed_range_name_the_column():
    with pytest.raises(ConfigError, match="unknown derive 'months_since' for column 'joined'"):
        table_features({"numeric_features": [{"column": "joined", "derive": "months_since"}]})
    with pytest.raises(ConfigError, match="range of column 'age' must be"):
        table_features({"numeric_features": [{"column": "age", "range": [0]}]})
