"""The event-log scaffold: profile an event file and propose a starter config (DuckDB, no dbt)."""

from __future__ import annotations

import pandas as pd
import yaml
from click.testing import CliRunner

from support import PROJECT_DIR
from user_segmentation.cli import main
from user_segmentation.segmentation import check_event_log
from user_segmentation.tools.event_log_scaffold import (
    looks_like_event_log,
    profile_event_log,
    propose_event_log,
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
