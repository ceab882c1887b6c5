"""The refit policy: fit always, only when input or config changed, or never."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from support import DEFAULT_NUMERIC
from user_segmentation.segmentation.config import ConfigError
from user_segmentation.segmentation.pipeline import fit_or_reuse


def users(n: int = 400, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    groups = rng.integers(0, 3, size=n)
    frame = pd.DataFrame({"user_id": np.arange(1, n + 1)})
    for position, name in enumerate(DEFAULT_NUMERIC):
        frame[name] = np.abs(groups * (position + 1) + rng.normal(0, 0.2, size=n))
    return frame


SMALL = {"k_range": [2, 4], "stability_runs": 1}


def decision(rows: pd.DataFrame) -> str:
    run_json = rows.loc[rows["record_type"] == "run", "text_value"].iloc[0]
    return json.loads(run_json)["fit_decision"]


def test_first_run_fits_whatever_the_policy():
    rows = fit_or_reuse(users(), "default", SMALL, None, refit="never")
    assert decision(rows) == "fitted: no earlier model"


def test_if_changed_reuses_the_model_for_the_same_input_and_config():
    first = fit_or_reuse(users(), "default", SMALL, None, refit="always")
    again = fit_or_reuse(users(), "default", SMALL, first, refit="if_changed")
    assert decision(again) == "reused: input and config unchanged"
    assert set(again["run_id"]) == set(first["run_id"])
    assert (again["computed_at"] == first["computed_at"].iloc[0]).all()
    unchanged = again["record_type"] != "run"
    pd.testing.assert_frame_equal(
        again[unchanged].reset_index(drop=True), first[unchanged].reset_index(drop=True)
    )


@pytest.mark.parametrize(
    ("changed_users", "changed_overrides"),
    [(users(seed=1), SMALL), (users(), {**SMALL, "k_range": [2, 5]})],
    ids=["input changed", "config changed"],
)
def test_if_changed_fits_when_input_or_config_changed(changed_users, changed_overrides):
    first = fit_or_reuse(users(), "default", SMALL, None, refit="always")
    again = fit_or_reuse(changed_users, "default", changed_overrides, first, refit="if_changed")
    assert decision(again) == "fitted: input or config changed"
    assert set(again["run_id"]) != set(first["run_id"])


def test_never_reuses_the_last_model_even_when_the_input_changed():
    first = fit_or_reuse(users(), "default", SMALL, None, refit="always")
    again = fit_or_reuse(users(seed=1), "default", SMALL, first, refit="never")
    assert decision(again) == "reused: refit=never scores with the last model"
    assert set(again["run_id"]) == set(first["run_id"])


def test_always_refits_the_same_input():
    first = fit_or_reuse(users(), "default", SMALL, None, refit="always")
    again = fit_or_reuse(users(), "default", SMALL, first, refit="always")
    assert decision(again) == "fitted: refit=always"


def test_unknown_policy_is_a_config_error():
    with pytest.raises(ConfigError, match="Unknown refit 'sometimes'"):
        fit_or_reuse(users(), "default", SMALL, None, refit="sometimes")
