"""The e-commerce order-lines example log and its generator (pure Python)."""

from __future__ import annotations

import pandas as pd

from support import PROJECT_DIR
from user_segmentation.synthetic.order_lines import order_lines, write_order_lines

EXAMPLE_LOG = PROJECT_DIR / "examples" / "event_logs" / "order_lines.csv"


def test_the_committed_example_log_is_what_the_generator_writes(tmp_path):
    paths = write_order_lines(tmp_path)
    assert paths["log"].read_bytes() == EXAMPLE_LOG.read_bytes()
    assert (
        paths["groups"].read_bytes() == EXAMPLE_LOG.with_name("order_lines.groups.csv").read_bytes()
    )
    assert EXAMPLE_LOG.stat().st_size < 2_000_000


def test_the_example_log_has_returns_guest_lines_and_every_planted_fault():
    log, groups, faults = order_lines()
    quantities = pd.to_numeric(log["quantity"], errors="coerce")
    returns = log[quantities < 0]
    assert len(returns) > 0 and returns["invoice"].str.startswith("C").all()
    assert log["customer_id"].isna().sum() == faults.missing_customer_id > 0
    assert quantities.isna().sum() == faults.non_numeric_quantity
    assert log["line_id"].duplicated().sum() == faults.repeated_line_id
    assert set(groups) == {
        "wholesalers",
        "frequent_small_baskets",
        "serial_returners",
        "lapsed_one_offs",
    }


def test_text_customer_ids_are_an_option():
    log, groups, _ = order_lines(n_customers=20, text_ids=True)
    assert groups.index.str.match(r"C\d{5}").all()
    assert set(log["customer_id"].dropna()) <= set(groups.index)
