"""Above 1,000,000 users the fit runs on a uniform sample of fit_sample_size users (README:
"above 1,000,000 users it fits on a uniform sample"), and every user is still scored."""

from __future__ import annotations

import dataclasses
import time

import duckdb
import numpy as np
import pandas as pd
import pytest

from user_segmentation.engine import sample_to_pandas, sampled_to_pandas
from user_segmentation.segmentation.algorithms import fit_algorithm
from user_segmentation.segmentation.clustering import (
    SAMPLED_FIT_ABOVE_USERS,
    fit_segments,
    sample_rows,
)
from user_segmentation.segmentation.config import load_config


def _three_groups(n_rows: int) -> np.ndarray:
    rng = np.random.default_rng(7)
    centres = np.array([[0.0, 0.0], [6.0, 0.0], [0.0, 6.0]])
    return centres[rng.integers(0, 3, n_rows)] + rng.normal(size=(n_rows, 2))


def test_a_fit_above_a_million_users_uses_the_sample_and_scores_everyone():
    n_rows = SAMPLED_FIT_ABOVE_USERS + 1
    matrix = _three_groups(n_rows)
    config = dataclasses.replace(
        load_config("default"), k=3, k_range=None, stability_runs=0, n_init=1
    )

    started = time.perf_counter()
    fit = fit_segments(matrix, config)
    seconds = time.perf_counter() - started

    sample = sample_rows(n_rows, config.fit_sample_size, config.random_state)
    on_sample = fit_algorithm(matrix[sample], 3, "kmeans", config.random_state, 1, {})
    # Exactly the centres of a fit on the sample (a fit on all rows moves them by ~1e-2).
    np.testing.assert_allclose(
        np.sort(fit.model.centres, axis=0), np.sort(on_sample.centres, axis=0), atol=1e-9
    )
    assert len(fit.labels) == n_rows and set(np.unique(fit.labels)) == {0, 1, 2}
    assert seconds < 60  # the cost of the fit does not grow with the users


def test_a_matrix_sampled_from_more_than_a_million_users_is_fitted_on_the_fit_sample():
    # A 20,000-row handoff sample of 5M users: the final fit takes fit_sample_size rows of it, as
    # it would of every user, not all 20,000.
    matrix = _three_groups(20_000)
    config = dataclasses.replace(
        load_config("default"), k=3, k_range=None, stability_runs=0, n_init=1
    )

    fit = fit_segments(matrix, config, population_size=5_000_000)

    sample = sample_rows(len(matrix), config.fit_sample_size, config.random_state)
    on_sample = fit_algorithm(matrix[sample], 3, "kmeans", config.random_state, 1, {})
    np.testing.assert_allclose(
        np.sort(fit.model.centres, axis=0), np.sort(on_sample.centres, axis=0), atol=1e-9
    )
    unsampled = fit_segments(matrix, config)
    assert not np.allclose(
        np.sort(unsampled.model.centres, axis=0), np.sort(fit.model.centres, axis=0)
    )


def _users_table(connection: duckdb.DuckDBPyConnection, n_rows: int, order: str) -> None:
    connection.execute(
        f"create or replace table users as select range * 7 + 3 as user_id, "
        f"(range % 97) / 3.0 as hours, range % 11 as visits from range({n_rows}) order by {order}"
    )


def test_the_handoff_above_the_sample_size_is_a_fixed_uniform_sample_with_every_users_count():
    connection = duckdb.connect()
    _users_table(connection, 50_000, "range")
    columns = ["user_id", "hours", "visits"]

    frame, population = sampled_to_pandas(connection.table("users"), columns, 5_000)

    assert list(frame.columns) == columns and len(frame) == 5_000
    assert frame["user_id"].is_monotonic_increasing and frame["user_id"].is_unique
    # Uniform over the ids: each tenth of the id range holds about a tenth of the sample.
    tenths = np.bincount((frame["user_id"] - 3) // 7 // 5_000, minlength=10)
    assert tenths.min() > 400 and tenths.max() < 600
    assert population[0] == 50_000 and population[1].startswith("50000-")
    # The same users and fingerprint whatever order the rows are stored in; another value, another
    # fingerprint.
    _users_table(connection, 50_000, "random()")
    again, same_population = sampled_to_pandas(connection.table("users"), columns, 5_000)
    assert again["user_id"].tolist() == frame["user_id"].tolist()
    assert same_population == population
    connection.execute("update users set visits = visits + 1 where user_id = 10")
    assert sampled_to_pandas(connection.table("users"), columns, 5_000)[1] != population


@pytest.mark.parametrize("sample_size", [10, 40, 200, 5_000])
def test_the_sample_is_the_users_with_the_smallest_hashes_whether_or_not_the_hash_cut_holds_enough(
    sample_size,
):
    # The hash cut meant to pass ~10% more rows than the sample passes 8 rows for 10 and 192 for
    # 200 of these 50,000 (every row is sorted instead), 41 for 40 and 5,465 for 5,000; the
    # sample must be the same either way.
    connection = duckdb.connect()
    _users_table(connection, 50_000, "random()")
    expected = connection.sql(
        f"select user_id from users order by hash(user_id, 42) limit {sample_size}"
    ).fetchall()

    frame = sample_to_pandas(connection.table("users"), ["user_id"], sample_size)

    assert sorted(frame["user_id"]) == sorted(user_id for (user_id,) in expected)
    assert frame["user_id"].is_monotonic_increasing


def test_the_handoff_up_to_the_sample_size_is_every_row_and_no_population():
    connection = duckdb.connect()
    _users_table(connection, 5_000, "range")

    frame, population = sampled_to_pandas(connection.table("users"), ["user_id", "hours"], 5_000)

    assert len(frame) == 5_000 and population is None


def test_the_scoring_check_sample_is_the_fit_handoffs_sample_without_the_fingerprint():
    connection = duckdb.connect()
    _users_table(connection, 50_000, "random()")
    columns = ["user_id", "hours"]
    users = connection.table("users")

    checked = sample_to_pandas(users, columns, 2_000, seed=7)

    handed_over, _ = sampled_to_pandas(users, columns, 2_000, seed=7)
    pd.testing.assert_frame_equal(checked, handed_over)
    assert len(sample_to_pandas(users, columns, 50_000)) == 50_000


def test_the_screening_handoff_is_every_row_up_to_its_threshold_and_a_small_sample_above():
    # segment_feature_screening_fitted: every user up to the fit's handoff threshold, above it
    # only as many as the refits use (the same users the fit's sample starts with).
    connection = duckdb.connect()
    _users_table(connection, 50_000, "random()")
    columns = ["user_id", "hours"]
    users = connection.table("users")

    assert len(sample_to_pandas(users, columns, 2_000, sample_above=50_000)) == 50_000
    small = sample_to_pandas(users, columns, 2_000, sample_above=49_999)
    pd.testing.assert_frame_equal(small, sample_to_pandas(users, columns, 2_000))
