"""Above 1,000,000 users the fit runs on a uniform sample of fit_sample_size users (README:
"above 1,000,000 users it fits on a uniform sample"), and every user is still scored."""

from __future__ import annotations

import dataclasses
import time

import numpy as np

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
