"""Frames only the dashboard shows: two segments compared, a user against their segment."""

from __future__ import annotations

import pandas as pd
import pytest

from user_segmentation.reporting.dashboard import shaping


def test_compare_category_mix_ranks_differences_in_points():
    mix = pd.DataFrame(
        {
            "segment_id": [1, 1, 2, 2],
            "attribute": ["device"] * 4,
            "category": ["Mobile", "Desktop", "Mobile", "Desktop"],
            "category_order": [1, 2, 1, 2],
            "share": [0.9, 0.1, 0.4, 0.6],
        }
    )
    differences = shaping.compare_category_mix(mix, 1, 2)
    assert list(differences["label"]) == ["device: Mobile", "device: Desktop"]
    assert list(differences["difference"]) == pytest.approx([0.5, -0.5])


def test_user_vs_segment_scores_the_user_against_the_population():
    stats = pd.DataFrame(
        {
            "segment_id": [1],
            "feature_name": ["ctr"],
            "feature_label": ["Click-through rate"],
            "mean_value": [0.2],
            "population_mean": [0.1],
            "population_stddev": [0.05],
            "z_score": [2.0],
        }
    )
    user = pd.Series({"segment_id": 1, "ctr": 0.0})
    row = shaping.user_vs_segment(user, stats).iloc[0]
    assert row["user_z"] == pytest.approx(-2.0)
    assert row["z_score"] == 2.0
