"""The scaffold profiles a large file on a uniform sample of its rows, and counts again over every
row how often the values of the columns that look unique in the sample repeat."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from user_segmentation.tools import profile_sample
from user_segmentation.tools.event_log_scaffold import (
    looks_like_event_log,
    profile_event_log,
    propose_event_log,
    render_event_log_config,
)
from user_segmentation.tools.scaffold import profile_table, propose_config, render_config

SAMPLE_ROWS = 2_000


@pytest.fixture
def small_sample(monkeypatch):
    monkeypatch.setattr(profile_sample, "PROFILE_SAMPLE_ROWS", SAMPLE_ROWS)


@pytest.fixture
def no_recount(monkeypatch):
    """Without the count over every row (to show what it is for)."""
    monkeypatch.setattr(profile_sample, "RECOUNT_DISTINCT_SHARE", 2.0)


def two_events_per_user(path, users=10_000):
    """An event log of 20,000 events where every user has two: in a 10% sample of the events a
    user id looks almost unique."""
    rng = np.random.default_rng(7)
    pd.DataFrame(
        {
            "event_id": np.arange(2 * users),
            "user_id": np.repeat(np.arange(1, users + 1) * 17, 2),
            "event_time": pd.Timestamp("2024-01-01")
            + pd.to_timedelta(rng.integers(0, 90 * 24 * 3600, 2 * users), unit="s"),
            "amount": rng.gamma(2.0, 20.0, 2 * users).round(2),
        }
    ).sample(frac=1.0, random_state=1).to_csv(path, index=False)
    return path


def customers_with_repeated_ids(path, rows=20_000, repeated=1_000):
    """A customer table whose last ``repeated`` rows repeat earlier customers' ids (5%: more
    than the 2% an id may break); a 10% sample shows only a few of the pairs."""
    rng = np.random.default_rng(3)
    ids = np.arange(100_000, 100_000 + rows)
    if repeated:
        ids[-repeated:] = ids[:repeated]
    pd.DataFrame(
        {
            "customer_id": ids,
            "orders": rng.poisson(4.0, rows),
            "spend": rng.gamma(2.0, 50.0, rows).round(2),
            "region": rng.choice(["north", "south", "east"], rows),
        }
    ).to_csv(path, index=False)
    return path


def test_a_large_log_is_profiled_on_a_sample_and_says_so(tmp_path, small_sample):
    profile = profile_event_log(two_events_per_user(tmp_path / "events.csv"))
    assert profile.rows == SAMPLE_ROWS
    assert profile.profiled_rows.in_file == 20_000
    text = render_event_log_config(propose_event_log(profile))
    assert "(20000 rows)" in text
    assert "# Profiled on a uniform sample of 2,000 of its 20,000 rows" in text
    # The user id's reason counts the file's users and rows, not the sample's.
    assert "10000 users over 20000 rows" in text


def test_the_user_id_of_a_sampled_log_repeats_as_it_does_in_the_file(tmp_path, small_sample):
    profile = profile_event_log(two_events_per_user(tmp_path / "events.csv"))
    user = profile.column("user_id")
    assert (user.non_null_in_file, user.distinct_in_file) == (20_000, 10_000)
    assert user.distinct == pytest.approx(SAMPLE_ROWS / 2, abs=1)
    assert looks_like_event_log(profile)
    assert propose_event_log(profile).roles["user_id"][0] == "user_id"


def test_without_the_recount_the_sampled_user_id_looks_unique(tmp_path, small_sample, no_recount):
    profile = profile_event_log(two_events_per_user(tmp_path / "events.csv"))
    user = profile.column("user_id")
    # About 1,900 of 2,000 sampled events have a user no other sampled event has.
    assert user.distinct > 0.9 * SAMPLE_ROWS
    assert user.distinct_in_file is None


def test_ids_that_repeat_in_the_file_are_not_taken_for_unique_in_a_sample(tmp_path, small_sample):
    path = customers_with_repeated_ids(tmp_path / "customers.csv")
    profile = profile_table(path)
    customer = next(column for column in profile.columns if column.column == "customer_id")
    assert customer.distinct_in_file == 19_000
    assert customer.distinct == round(SAMPLE_ROWS * 19_000 / 20_000)
    # 5% of the rows repeat an id: more than an id column may break, so it is not the id.
    assert propose_config(profile).id_column != "customer_id"


def test_without_the_recount_the_repeated_ids_pass_for_an_id(tmp_path, small_sample, no_recount):
    profile = profile_table(customers_with_repeated_ids(tmp_path / "customers.csv"))
    assert propose_config(profile).id_column == "customer_id"


def test_the_sample_and_the_config_are_the_same_on_every_run(tmp_path, small_sample):
    path = customers_with_repeated_ids(tmp_path / "customers.csv", repeated=0)
    first, second = (render_config(propose_config(profile_table(path))) for _ in range(2))
    assert first == second
    assert "of its 20,000 rows" in first
    assert '"customer_id"  # integer id, 20000 distinct values' in first


def test_a_file_within_the_sample_size_is_profiled_whole(tmp_path):
    path = customers_with_repeated_ids(tmp_path / "customers.csv", repeated=0)
    profile = profile_table(path)
    assert profile.rows == 20_000
    assert not profile.profiled_rows.is_sample
    assert "Profiled on a uniform sample" not in render_config(propose_config(profile))
