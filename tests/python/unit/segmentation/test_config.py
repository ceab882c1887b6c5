"""Presets, overrides and the validation messages of the segmentation config."""

from __future__ import annotations

import pytest

from support import DEFAULT_NUMERIC
from user_segmentation.segmentation.config import (
    ConfigError,
    NumericFeature,
    load_config,
    load_presets,
    validate_against_columns,
)

NOTEBOOK_COLUMNS = ["weekday_hours", "weekend_hours", "likes_reactions", "ctr"] + [
    "age_band",
    "gender",
    "income_band",
]


def test_shipped_presets_are_the_documented_three():
    assert set(load_presets()) == {"default", "behaviour_and_demographics", "notebook"}


def test_default_preset_is_behavioural_with_a_k_range():
    config = load_config("default")
    assert config.feature_columns == DEFAULT_NUMERIC
    assert config.categorical_features == ()
    assert config.k is None
    assert config.k_range == (2, 10)
    assert config.candidate_ks == list(range(2, 11))
    transforms = {f.name: f.transform for f in config.numeric_features}
    assert transforms["likes_reactions"] == "log1p"
    assert transforms["followed_accounts"] == "log1p"
    assert transforms["ctr"] == "none"


def test_behaviour_and_demographics_preset_down_weights_categoricals():
    config = load_config("behaviour_and_demographics")
    assert config.categorical_features == ("age_band", "gender", "income_band")
    assert config.categorical_weight == 0.5
    assert config.feature_columns == DEFAULT_NUMERIC + ["age_band", "gender", "income_band"]


def test_notebook_preset_matches_the_notebook():
    config = load_config("notebook")
    assert config.feature_columns == NOTEBOOK_COLUMNS
    assert all(f.transform == "none" for f in config.numeric_features)
    assert config.k == 5
    assert config.k_range is None
    assert config.candidate_ks == [5]
    assert config.random_state == 42
    assert config.categorical_weight == 1.0


@pytest.mark.parametrize(
    "overrides",
    [{"k": 3}, '{"k": 3}', "{'k': 3}", "k: 3"],
    ids=["dict", "json", "python-dict-repr", "yaml"],
)
def test_k_override_in_any_form_replaces_the_presets_k_range(overrides):
    config = load_config("default", overrides)
    assert config.k == 3
    assert config.k_range is None
    assert config.candidate_ks == [3]


@pytest.mark.parametrize(
    "overrides", [{"k_range": [3, 6]}, '{"k_range": [3, 6]}', "{'k_range': [3, 6]}"]
)
def test_k_range_override_replaces_the_presets_k(overrides):
    config = load_config("notebook", overrides)
    assert config.k is None
    assert config.k_range == (3, 6)
    assert config.candidate_ks == [3, 4, 5, 6]


@pytest.mark.parametrize("overrides", [None, "", "None", "null", {}])
def test_empty_overrides_leave_the_preset_unchanged(overrides):
    assert load_config("default", overrides) == load_config("default")


def test_overrides_merge_over_the_preset_keeping_other_settings():
    config = load_config(
        "behaviour_and_demographics", {"categorical_weight": 0.25, "random_state": 7}
    )
    assert config.categorical_weight == 0.25
    assert config.random_state == 7
    assert config.k_range == (2, 10)
    assert config.feature_columns == DEFAULT_NUMERIC + ["age_band", "gender", "income_band"]


def test_numeric_features_override_accepts_plain_names_and_transforms():
    config = load_config(
        "default", {"numeric_features": ["ctr", {"name": "likes_reactions", "transform": "log1p"}]}
    )
    assert config.numeric_features == (
        NumericFeature("ctr", "none"),
        NumericFeature("likes_reactions", "log1p"),
    )


def test_overrides_that_are_not_a_mapping_are_rejected():
    with pytest.raises(ConfigError, match="must be a mapping"):
        load_config("default", "[1, 2]")


@pytest.mark.parametrize(
    ("preset", "overrides", "expected"),
    [
        pytest.param(
            "no_such_preset",
            None,
            ["no_such_preset", "default", "behaviour_and_demographics", "notebook"],
            id="unknown-preset",
        ),
        pytest.param(
            "default",
            {"kk": 3},
            ["'kk'", "Known settings", "k_range", "categorical_weight"],
            id="unknown-setting",
        ),
        pytest.param(
            "default",
            {"numeric_features": [{"name": "ctr", "transform": "sqrt"}]},
            ["'sqrt'", "'ctr'", "none", "log1p"],
            id="unknown-transform",
        ),
        pytest.param(
            "default",
            {"algorithm": "dbscan"},
            [
                "'dbscan'",
                "kmeans",
                "minibatch_kmeans",
                "gaussian_mixture",
                "agglomerative",
                "hdbscan",
            ],
            id="unknown-algorithm",
        ),
        pytest.param("default", {"k": 1}, ["k must be an integer of at least 2", "1"], id="k=1"),
        pytest.param("default", {"k": 3.5}, ["k must be an integer", "3.5"], id="k-float"),
        pytest.param(
            "default", {"k_range": [1, 4]}, ["k_range", "2 <= low <= high", "(1, 4)"], id="low<2"
        ),
        pytest.param(
            "default", {"k_range": [6, 3]}, ["k_range", "2 <= low <= high", "(6, 3)"], id="low>high"
        ),
        pytest.param("default", {"k_range": [2, 4.5]}, ["k_range", "integers"], id="k_range-float"),
        pytest.param(
            "default", {"k": 3, "k_range": [2, 4]}, ["exactly one of k", "k_range"], id="both"
        ),
        pytest.param("default", {"k": None}, ["exactly one of k", "k_range"], id="neither"),
        pytest.param(
            "default",
            {"numeric_features": [], "categorical_features": []},
            ["no features", "numeric_features"],
            id="no-features",
        ),
        pytest.param(
            "default",
            {"numeric_features": ["ctr", {"name": "ctr", "transform": "log1p"}]},
            ["named twice", "'ctr'"],
            id="duplicate-numeric",
        ),
        pytest.param(
            "notebook",
            {"categorical_features": ["gender", "ctr"]},
            ["named twice", "'ctr'"],
            id="duplicate-across-kinds",
        ),
        pytest.param(
            "behaviour_and_demographics",
            {"categorical_weight": 0},
            ["categorical_weight must be positive"],
            id="zero-weight",
        ),
        pytest.param(
            "default",
            {"stability_runs": -1},
            ["stability_runs must be 0 (off) or more"],
            id="negative-stability-runs",
        ),
        pytest.param(
            "default",
            {"outlier_percentile": 1.0},
            ["outlier_percentile must be between 0 and 1"],
            id="outlier-percentile-1",
        ),
        pytest.param(
            "default",
            {"outlier_percentile": 0},
            ["outlier_percentile must be between 0 and 1"],
            id="outlier-percentile-0",
        ),
        pytest.param(
            "default",
            {"algorithm": "gaussian_mixture", "k_range": None},
            ["exactly one of k", "k_range"],
            id="gaussian-mixture-needs-k",
        ),
    ],
)
def test_invalid_configs_raise_a_config_error_that_says_what_and_how(preset, overrides, expected):
    with pytest.raises(ConfigError) as raised:
        load_config(preset, overrides)
    message = str(raised.value)
    for fragment in expected:
        assert fragment in message


@pytest.mark.parametrize(
    "algorithm", ["kmeans", "minibatch_kmeans", "gaussian_mixture", "agglomerative"]
)
def test_k_based_algorithms_use_the_k_range(algorithm):
    config = load_config("default", {"algorithm": algorithm})
    assert config.algorithm == algorithm
    assert config.candidate_ks == list(range(2, 11))


@pytest.mark.parametrize(
    "overrides",
    [{"algorithm": "hdbscan"}, {"algorithm": "hdbscan", "k_range": None}],
    ids=["preset-k-range-ignored", "no-k-at-all"],
)
def test_hdbscan_needs_no_k_and_tries_none(overrides):
    config = load_config("default", overrides)
    assert config.candidate_ks == []
    # No k to compare with the number of users: a tiny table passes.
    validate_against_columns(config, DEFAULT_NUMERIC, n_rows=3)


def test_new_settings_have_documented_defaults():
    config = load_config("default")
    assert config.algorithm == "kmeans"
    assert config.n_init == 5
    assert config.selection_sample_size == 20_000
    assert config.fit_sample_size == 10_000
    assert config.stability_runs == 5
    assert config.stability_sample_size == 20_000
    assert config.stable_jaccard == 0.75
    assert config.outlier_percentile == 0.99
    assert load_config("notebook").n_init == "auto"


def test_stability_can_be_turned_off_by_override():
    assert load_config("default", "stability_runs: 0").stability_runs == 0


@pytest.mark.parametrize(
    "setting", ["selection_sample_size", "fit_sample_size", "stability_sample_size"]
)
def test_a_zero_sample_size_is_rejected_naming_the_setting(setting):
    with pytest.raises(ConfigError, match=setting):
        load_config("default", {setting: 0})


@pytest.mark.parametrize("k_range", [[3], [2, 5, 8], "2-5"], ids=["one", "three", "string"])
def test_k_range_of_the_wrong_shape_raises_a_config_error(k_range):
    with pytest.raises(ConfigError, match="k_range"):
        load_config("default", {"k_range": k_range})


def test_missing_feature_column_is_named_in_the_error():
    config = load_config("notebook")
    columns = ["user_id", "weekday_hours", "weekend_hours", "ctr", "age_band", "gender"]
    with pytest.raises(ConfigError) as raised:
        validate_against_columns(config, columns, n_rows=100)
    message = str(raised.value)
    assert "['likes_reactions', 'income_band']" in message
    assert "do not exist in the feature table" in message
    assert "Available columns: user_id, weekday_hours" in message


def test_all_feature_columns_present_passes():
    config = load_config("notebook")
    validate_against_columns(config, ["user_id", *NOTEBOOK_COLUMNS], n_rows=100)


@pytest.mark.parametrize(
    ("overrides", "largest_k"), [({"k": 8}, 8), ({"k_range": [2, 9]}, 9)], ids=["k", "k_range"]
)
def test_k_larger_than_the_number_of_users_is_rejected(overrides, largest_k):
    config = load_config("default", overrides)
    with pytest.raises(ConfigError) as raised:
        validate_against_columns(config, DEFAULT_NUMERIC, n_rows=6)
    message = str(raised.value)
    assert f"k={largest_k} is not below the number of users (6)" in message
    assert "Lower k or k_range" in message


def test_k_equal_to_the_number_of_users_is_rejected():
    config = load_config("default", {"k": 5})
    with pytest.raises(ConfigError, match="number of users"):
        validate_against_columns(config, DEFAULT_NUMERIC, n_rows=5)


def test_fingerprint_is_stable_for_equal_configs():
    first = load_config("default", {"k": 4})
    second = load_config("default", '{"k": 4}')
    assert first == second
    assert first.fingerprint() == second.fingerprint()
    assert len(first.fingerprint()) == 12


@pytest.mark.parametrize(
    "overrides",
    [
        {"k": 5},
        {"random_state": 1},
        {"categorical_weight": 0.9},
        {"min_segment_share": 0.05},
        {"k_range": [2, 9]},
        {"numeric_features": ["weekday_hours", "weekend_hours"]},
        {"algorithm": "gaussian_mixture"},
        {"stability_runs": 0},
        {"selection_sample_size": 5000},
    ],
)
def test_fingerprint_changes_when_a_setting_changes(overrides):
    assert load_config("default", overrides).fingerprint() != load_config("default").fingerprint()


def test_fingerprint_ignores_the_free_text_description():
    plain = load_config("default")
    described = load_config("default", {"description": "something else"})
    assert described.description == "something else"
    assert described.fingerprint() == plain.fingerprint()


def test_fingerprint_differs_between_presets():
    fingerprints = {load_config(name).fingerprint() for name in load_presets()}
    assert len(fingerprints) == 3
