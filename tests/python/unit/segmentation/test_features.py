"""The feature frame, the fitted encoding and its SQL-friendly re-application."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.preprocessing import StandardScaler

from user_segmentation.segmentation.config import ConfigError, NumericFeature, SegmentationConfig
from user_segmentation.segmentation.features import (
    MISSING_CATEGORY,
    apply_encoding,
    fit_encoding,
    prepare_feature_frame,
)

CONFIG = SegmentationConfig(
    preset="test",
    numeric_features=(NumericFeature("hours"), NumericFeature("likes", "log1p")),
    categorical_features=("gender", "age_band"),
    categorical_weight=0.5,
    k=2,
)
NUMERIC_ONLY = SegmentationConfig(
    preset="test", numeric_features=(NumericFeature("hours"), NumericFeature("likes")), k=2
)


@pytest.fixture
def features() -> pd.DataFrame:
    """Ten users in scrambled user_id order, with an extra column the config does not use."""
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "user_id": [7, 2, 9, 1, 10, 4, 3, 8, 6, 5],
            "hours": rng.uniform(0, 10, 10).round(2),
            "likes": rng.integers(0, 5000, 10),
            "gender": ["Male", "Female", "Non-binary", "Female", "Male"] * 2,
            "age_band": ["25-34", "18-24", "65+", "25-34", "35-44"] * 2,
            "location": ["Urban"] * 10,
        }
    )


def test_prepare_sorts_by_user_id_and_keeps_rows_together(features):
    frame = prepare_feature_frame(features, CONFIG)
    assert frame["user_id"].tolist() == list(range(1, 11))
    by_id = features.set_index("user_id")
    assert frame["hours"].tolist() == by_id.loc[frame["user_id"], "hours"].tolist()
    assert frame["gender"].tolist() == by_id.loc[frame["user_id"], "gender"].tolist()


def test_prepare_returns_user_id_and_config_columns_only(features):
    frame = prepare_feature_frame(features, CONFIG)
    assert list(frame.columns) == ["user_id", "hours", "likes", "gender", "age_band"]
    assert frame["likes"].dtype == np.float64


@pytest.mark.parametrize("bad_value", [np.nan, np.inf, -np.inf, None, "n/a"])
def test_prepare_rejects_missing_or_non_finite_numerics_naming_the_feature(features, bad_value):
    features["likes"] = features["likes"].astype(object)
    features.loc[features["user_id"] == 4, "likes"] = bad_value
    features.loc[features["user_id"] == 8, "likes"] = bad_value
    with pytest.raises(ConfigError) as raised:
        prepare_feature_frame(features, CONFIG)
    message = str(raised.value)
    assert "Feature 'likes' has 2 missing or non-finite value(s)" in message
    assert "first user_id: 4" in message
    assert "Remove it from the segmentation config or fix the input" in message


@pytest.mark.parametrize("missing", [None, np.nan])
def test_prepare_fills_missing_categoricals_with_unknown(features, missing):
    features["gender"] = features["gender"].astype(object)
    features.loc[features["user_id"].isin([2, 5]), "gender"] = missing
    frame = prepare_feature_frame(features, CONFIG)
    assert frame.loc[frame["user_id"].isin([2, 5]), "gender"].tolist() == [MISSING_CATEGORY] * 2
    assert MISSING_CATEGORY == "Unknown"
    assert frame["gender"].notna().all()


def test_numeric_columns_equal_standard_scaler(features):
    frame = prepare_feature_frame(features, NUMERIC_ONLY)
    matrix, columns = fit_encoding(frame, NUMERIC_ONLY)
    expected = StandardScaler().fit_transform(frame[["hours", "likes"]])
    np.testing.assert_allclose(matrix, expected, rtol=0, atol=1e-12)
    np.testing.assert_allclose(matrix.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(matrix.std(axis=0), 1.0, atol=1e-12)
    assert [c.encoded_name for c in columns] == ["hours", "likes"]
    assert columns[0].shift == pytest.approx(frame["hours"].mean())
    assert columns[0].scale == pytest.approx(frame["hours"].std(ddof=0))


def test_log1p_is_applied_before_scaling(features):
    frame = prepare_feature_frame(features, CONFIG)
    matrix, columns = fit_encoding(frame, CONFIG)
    logged = np.log1p(frame["likes"].to_numpy())
    expected = (logged - logged.mean()) / logged.std()
    np.testing.assert_allclose(matrix[:, 1], expected, rtol=0, atol=1e-12)
    assert columns[1].transform == "log1p"
    assert columns[1].shift == pytest.approx(logged.mean())
    # Scaling the raw values instead would give a visibly different column.
    raw = frame["likes"].to_numpy()
    assert not np.allclose(matrix[:, 1], (raw - raw.mean()) / raw.std())


def test_one_hot_columns_are_in_sorted_category_order_with_the_weight(features):
    frame = prepare_feature_frame(features, CONFIG)
    matrix, columns = fit_encoding(frame, CONFIG)
    assert [c.encoded_name for c in columns] == [
        "hours",
        "likes",
        "gender=Female",
        "gender=Male",
        "gender=Non-binary",
        "age_band=18-24",
        "age_band=25-34",
        "age_band=35-44",
        "age_band=65+",
    ]
    for position, column in enumerate(columns[2:], start=2):
        assert column.weight == 0.5
        assert column.transform == "one_hot"
        expected = np.where(frame[column.source_column] == column.category, 0.5, 0.0)
        np.testing.assert_array_equal(matrix[:, position], expected)
    # Each user sits in exactly one category per attribute.
    np.testing.assert_array_equal(matrix[:, 2:5].sum(axis=1), 0.5)
    np.testing.assert_array_equal(matrix[:, 5:].sum(axis=1), 0.5)


def test_missing_category_becomes_its_own_one_hot_column(features):
    features.loc[features["user_id"] == 3, "gender"] = None
    frame = prepare_feature_frame(features, CONFIG)
    matrix, columns = fit_encoding(frame, CONFIG)
    names = [c.encoded_name for c in columns]
    assert "gender=Unknown" in names
    unknown = matrix[:, names.index("gender=Unknown")]
    assert unknown[frame["user_id"] == 3].tolist() == [0.5]
    assert unknown.sum() == 0.5


@pytest.mark.parametrize("config", [CONFIG, NUMERIC_ONLY], ids=["mixed", "numeric-only"])
def test_apply_encoding_reproduces_the_fitted_matrix_exactly(features, config):
    frame = prepare_feature_frame(features, config)
    matrix, columns = fit_encoding(frame, config)
    assert np.array_equal(apply_encoding(frame, columns), matrix)


def test_apply_encoding_maps_an_unseen_category_to_all_zeros(features):
    frame = prepare_feature_frame(features, CONFIG)
    matrix, columns = fit_encoding(frame, CONFIG)
    new = frame.head(3).copy()
    new.loc[0, "gender"] = "Prefer not to say"
    encoded = apply_encoding(new, columns)
    gender = [i for i, c in enumerate(columns) if c.source_column == "gender"]
    age = [i for i, c in enumerate(columns) if c.source_column == "age_band"]
    np.testing.assert_array_equal(encoded[0, gender], 0.0)
    assert encoded[0, age].sum() == 0.5
    assert np.array_equal(encoded[0, :2], matrix[0, :2])
    assert np.array_equal(encoded[1:], matrix[1:3])


@pytest.mark.parametrize("missing", [None, np.nan])
def test_apply_encoding_treats_missing_categoricals_like_prepare(features, missing):
    features["gender"] = features["gender"].astype(object)
    features.loc[features["user_id"] == 6, "gender"] = missing
    frame = prepare_feature_frame(features, CONFIG)
    matrix, columns = fit_encoding(frame, CONFIG)
    raw = features.sort_values("user_id").reset_index(drop=True)
    assert raw["gender"].isna().sum() == 1
    assert np.array_equal(apply_encoding(raw, columns), matrix)


def test_apply_encoding_on_missing_category_unseen_in_training_gives_zeros(features):
    frame = prepare_feature_frame(features, CONFIG)
    _, columns = fit_encoding(frame, CONFIG)
    new = frame.head(1).copy()
    new["gender"] = new["gender"].astype(object)
    new.loc[0, "gender"] = None
    encoded = apply_encoding(new, columns)
    gender = [i for i, c in enumerate(columns) if c.source_column == "gender"]
    np.testing.assert_array_equal(encoded[0, gender], 0.0)
