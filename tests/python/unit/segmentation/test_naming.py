"""Segment names and descriptions built from the profile tables."""

from __future__ import annotations

import pandas as pd
import pytest

from user_segmentation.segmentation.naming import (
    NOISE_DESCRIPTION,
    NOISE_NAME,
    distinctive_phrases,
    name_run,
    name_segments,
    with_model_scale,
)

FEATURE_LABELS = pd.DataFrame(
    [
        ("weekday_hours", "Weekday hours online", "weekday-heavy", "light on weekdays", "h/day"),
        ("weekend_hours", "Weekend hours online", "weekend-heavy", "quiet weekends", "h/day"),
        ("likes_reactions", "Likes and reactions", "prolific reactors", "few reactions", "count"),
        ("ctr", "Click-through rate", "ad clickers", "ad-blind", "rate"),
    ],
    columns=["feature_name", "feature_label", "high_phrase", "low_phrase", "unit"],
)
POPULATION_MEAN = {
    "weekday_hours": 3.0,
    "weekend_hours": 4.0,
    "likes_reactions": 5000.0,
    "ctr": 0.1,
    "conversion_rate": 0.05,  # no label: gets a generic phrase
}
NAME_RUN_COLUMNS = [
    "run_id",
    "segment_id",
    "segment_name",
    "segment_description",
    "name_source",
    "name_phrases",
]


def feature_stats(segments: dict[int, tuple[int, dict[str, float]]]) -> pd.DataFrame:
    """segment_feature_stats rows from {segment_id: (user_count, {feature: z_score})}."""
    rows = []
    for segment_id, (user_count, z_scores) in segments.items():
        for feature, z in z_scores.items():
            population_mean = POPULATION_MEAN[feature]
            mean_value = population_mean * (1 + 0.5 * z)
            rows.append(
                {
                    "segment_id": segment_id,
                    "feature_name": feature,
                    "user_count": user_count,
                    "mean_value": mean_value,
                    "population_mean": population_mean,
                    "lift": mean_value / population_mean,
                    "z_score": z,
                }
            )
    return pd.DataFrame(rows)


def category_mix(age_shares: dict[int, dict[str, float]] | None = None) -> pd.DataFrame:
    """segment_category_mix rows with the given age band shares per segment (index 1.0)."""
    rows = [
        {
            "segment_id": segment_id,
            "attribute": "age_band",
            "category": band,
            "share": share,
            "share_index": 1.0,
        }
        for segment_id, shares in (age_shares or {}).items()
        for band, share in shares.items()
    ]
    return pd.DataFrame(
        rows, columns=["segment_id", "attribute", "category", "share", "share_index"]
    )


def names_of(segments, mix=None) -> dict[int, str]:
    named = name_segments(
        feature_stats(segments), mix if mix is not None else category_mix(), FEATURE_LABELS
    )
    return dict(zip(named["segment_id"], named["segment_name"], strict=True))


def test_one_row_per_segment_with_name_and_description():
    segments = {
        1: (500, {"weekday_hours": 1.2, "ctr": -0.8}),
        2: (300, {"weekday_hours": -0.9, "ctr": 0.6}),
        3: (200, {"weekday_hours": 0.1, "ctr": 1.5}),
    }
    named = name_segments(feature_stats(segments), category_mix(), FEATURE_LABELS)
    assert list(named.columns) == ["segment_id", "segment_name", "segment_description"]
    assert named["segment_id"].tolist() == [1, 2, 3]
    assert named["segment_id"].dtype == "int64"
    assert named["segment_name"].is_unique


@pytest.mark.parametrize(
    ("z_scores", "expected"),
    [
        pytest.param(
            {"weekday_hours": 1.5, "ctr": -0.9, "likes_reactions": 0.5, "weekend_hours": 0.3},
            "Weekday-heavy, ad-blind",
            id="high-then-low",
        ),
        pytest.param(
            {"weekday_hours": -1.2, "ctr": 0.3, "likes_reactions": 2.0, "weekend_hours": -0.4},
            "Prolific reactors, light on weekdays",
            id="order-by-absolute-z",
        ),
        pytest.param(
            {"weekday_hours": -0.5, "weekend_hours": -0.7, "ctr": 0.1},
            "Quiet weekends, light on weekdays",
            id="both-low",
        ),
        pytest.param(
            {"weekday_hours": 0.8, "ctr": 0.24, "likes_reactions": -0.1},
            "Weekday-heavy",
            id="small-z-not-used",
        ),
        pytest.param(
            {"weekday_hours": 0.24, "ctr": -0.249, "likes_reactions": 0.0},
            "Average users",
            id="nothing-distinctive",
        ),
        pytest.param(
            {"weekday_hours": 0.25, "ctr": -0.1}, "Weekday-heavy", id="threshold-inclusive"
        ),
    ],
)
def test_name_uses_the_most_distinctive_features_in_their_direction(z_scores, expected):
    assert names_of({1: (100, z_scores)}) == {1: expected}


def model_rows(centres: dict[int, dict[str, float]], weights: dict[str, float]) -> pd.DataFrame:
    """int_segmentation_model_current's encoding and centre rows: a numeric encoding per weighted
    feature, one categorical encoding, and each segment's centre in the encoded space."""
    rows = [
        {
            "record_type": "encoding",
            "encoded_feature": feature,
            "source_column": feature,
            "category": None,
            "weight": weight,
        }
        for feature, weight in weights.items()
    ]
    rows.append(
        {
            "record_type": "encoding",
            "encoded_feature": "device__Mobile",
            "source_column": "device",
            "category": "Mobile",
            "weight": 1.0,
        }
    )
    for segment_id, values in centres.items():
        rows += [
            {
                "record_type": "centre",
                "segment_id": segment_id,
                "encoded_feature": feature,
                "value": value,
            }
            for feature, value in values.items()
        ]
        rows.append(
            {
                "record_type": "centre",
                "segment_id": segment_id,
                "encoded_feature": "device__Mobile",
                "value": 0.5,
            }
        )
    return pd.DataFrame(rows)


def test_the_model_scale_is_each_centre_over_its_feature_weight():
    stats = feature_stats({1: (100, {"weekday_hours": 0.5, "ctr": -0.5, "conversion_rate": 0.3})})
    model = model_rows({1: {"weekday_hours": 1.0, "ctr": -0.4}}, {"weekday_hours": 2.0, "ctr": 1.0})
    scaled = with_model_scale(stats, model).set_index("feature_name")["model_z"]
    assert scaled["weekday_hours"] == pytest.approx(0.5)
    assert scaled["ctr"] == pytest.approx(-0.4)
    assert pd.isna(scaled["conversion_rate"])  # profiled, not clustered
    assert len(scaled) == 3  # the categorical encoding adds no row


def test_names_rank_features_by_how_far_the_clustering_saw_them():
    # Raw values: weekday hours stand out (z -0.9) more than a heavy-tailed count (z 0.3), whose
    # outliers inflate its raw spread; on the log scale the model clustered, the count is what
    # separates the segment (1.6 standard deviations) and the hours barely (-0.3).
    raw = {"weekday_hours": -0.9, "likes_reactions": 0.3}
    stats = feature_stats({1: (100, raw)})
    model = model_rows(
        {1: {"weekday_hours": -0.3, "likes_reactions": 1.6}},
        {"weekday_hours": 1.0, "likes_reactions": 1.0},
    )
    on_raw_scale = name_segments(stats, category_mix(), FEATURE_LABELS)
    on_model_scale = name_segments(with_model_scale(stats, model), category_mix(), FEATURE_LABELS)
    assert on_raw_scale["segment_name"].tolist() == ["Light on weekdays, prolific reactors"]
    assert on_model_scale["segment_name"].tolist() == ["Prolific reactors, light on weekdays"]
    assert on_model_scale["segment_description"][0].startswith("100% of users; likes and reactions")


def test_a_feature_whose_raw_mean_and_centre_disagree_on_the_direction_names_nothing():
    stats = feature_stats({1: (100, {"likes_reactions": 0.8, "weekday_hours": 0.4})})
    model = model_rows(
        {1: {"likes_reactions": -0.6, "weekday_hours": 0.5}},
        {"likes_reactions": 1.0, "weekday_hours": 1.0},
    )
    named = name_segments(with_model_scale(stats, model), category_mix(), FEATURE_LABELS)
    assert named["segment_name"].tolist() == ["Weekday-heavy"]
    phrases = distinctive_phrases(with_model_scale(stats, model), FEATURE_LABELS)
    assert phrases == {1: ["weekday-heavy"]}


def test_segments_no_number_tells_apart_are_named_by_their_categories():
    # A members table clustered on its categories, with one constant number: every z-score is
    # empty, and naming failed with a KeyError (no segment had a row).
    stats = feature_stats({1: (60, {"ctr": 0.0}), 2: (40, {"ctr": 0.0})})
    stats["z_score"] = None
    mix = pd.DataFrame(
        [
            (1, "membership_tier", "Gold", 0.8, 2.0),
            (1, "has_app", "yes", 0.9, 1.6),
            (2, "membership_tier", "Bronze", 0.7, 1.75),
            (2, "has_app", "no", 0.6, 1.5),
            (2, "region", "Other", 0.9, 3.0),  # merged small cells never name a segment
        ],
        columns=["segment_id", "attribute", "category", "share", "share_index"],
    )
    named = name_segments(stats, mix, FEATURE_LABELS).set_index("segment_id")
    assert named.loc[1, "segment_name"] == "Gold, Has app = yes"
    assert named.loc[2, "segment_name"] == "Bronze, Has app = no"
    assert named.loc[1, "segment_description"].startswith("60% of users")
    run = name_run(stats, mix, FEATURE_LABELS, "run-a")
    assert run["segment_name"].tolist() == ["Gold, Has app = yes", "Bronze, Has app = no"]


def test_segments_of_a_table_without_numbers_are_counted_and_named_from_their_categories():
    # A survey clustered on its answers alone: segment_feature_stats has no rows, so the users
    # per segment come from the category mix, and an answer on a scale names its question.
    no_numbers = feature_stats({1: (1, {"ctr": 0.0})}).iloc[0:0]
    mix = pd.DataFrame(
        [
            (1, "q7_quality", "Strongly agree", 120, 0.6, 2.0),
            (1, "q7_quality", "Agree", 80, 0.4, 0.8),
            (2, "q7_quality", "Agree", 240, 0.8, 1.6),
            (2, "q7_quality", "Disagree", 60, 0.2, 0.5),
            (2, "plan", "Premium", 300, 1.0, 1.9),
        ],
        columns=["segment_id", "attribute", "category", "users", "share", "share_index"],
    )
    named = name_segments(no_numbers, mix, FEATURE_LABELS).set_index("segment_id")
    assert named.loc[1, "segment_name"] == "Q7 quality = Strongly agree"
    assert named.loc[2, "segment_name"] == "Premium, Q7 quality = Agree"
    assert named.loc[1, "segment_description"].startswith("40% of users")
    run = name_run(no_numbers, mix, FEATURE_LABELS, "run-a")
    assert run["segment_id"].tolist() == [1, 2]


def test_categories_follow_the_numbers_in_a_name():
    stats = feature_stats({1: (100, {"weekday_hours": 1.5})})
    mix = pd.DataFrame(
        [(1, "device", "Desktop Only", 0.5, 2.3)],
        columns=["segment_id", "attribute", "category", "share", "share_index"],
    )
    assert name_segments(stats, mix, FEATURE_LABELS)["segment_name"].tolist() == [
        "Weekday-heavy, Desktop Only"
    ]


def test_a_label_the_table_came_with_never_names_a_segment():
    # Kaggle's automobile customers: a segment was named "High work experience, Segmentation = C"
    # after the vendor's own segment label, which was profiled to compare against.
    stats = feature_stats({1: (100, {"weekday_hours": 1.5})})
    mix = pd.DataFrame(
        [
            (1, "segmentation", "C", 0.7, 2.8),
            (1, "churned", "Yes", 0.6, 3.0),
            (1, "device", "Desktop Only", 0.5, 2.3),
        ],
        columns=["segment_id", "attribute", "category", "share", "share_index"],
    )
    assert name_segments(stats, mix, FEATURE_LABELS)["segment_name"].tolist() == [
        "Weekday-heavy, Desktop Only"
    ]


def test_feature_without_a_label_gets_a_generic_phrase():
    labels = FEATURE_LABELS[FEATURE_LABELS["feature_name"] != "ctr"]
    named = name_segments(
        feature_stats({1: (100, {"ctr": -1.0, "weekday_hours": 0.5})}), category_mix(), labels
    )
    assert named["segment_name"].tolist() == ["Low ctr, weekday-heavy"]


def test_segments_sharing_top_phrases_are_extended_with_the_next_phrase():
    names = names_of(
        {
            1: (400, {"weekday_hours": 2.0, "ctr": 1.0, "likes_reactions": 0.5}),
            2: (300, {"weekday_hours": 1.8, "ctr": 0.9, "likes_reactions": -0.6}),
            3: (300, {"weekday_hours": -1.0, "ctr": -1.0}),
        }
    )
    assert names == {
        1: "Weekday-heavy, ad clickers, prolific reactors",
        2: "Weekday-heavy, ad clickers, few reactions",
        3: "Ad-blind, light on weekdays",
    }


def test_names_of_the_same_phrases_in_another_order_are_told_apart():
    # Telco: "High monthly charges, high tenure" and "High tenure, high monthly charges".
    names = names_of(
        {
            1: (400, {"weekday_hours": 2.0, "ctr": 1.0, "likes_reactions": 0.5}),
            2: (300, {"weekday_hours": 0.9, "ctr": 1.8, "likes_reactions": -0.6}),
        }
    )
    assert names == {
        1: "Weekday-heavy, ad clickers, prolific reactors",
        2: "Ad clickers, weekday-heavy, few reactions",
    }


def test_only_the_segment_with_a_phrase_left_is_extended():
    names = names_of(
        {
            1: (600, {"weekday_hours": 2.0, "ctr": 1.0, "weekend_hours": -0.5}),
            2: (400, {"weekday_hours": 1.5, "ctr": 0.8}),
        }
    )
    assert names == {
        1: "Weekday-heavy, ad clickers, quiet weekends",
        2: "Weekday-heavy, ad clickers",
    }


def test_segments_with_no_phrase_left_are_told_apart_by_the_feature_that_differs_most():
    names = names_of(
        {
            1: (600, {"weekday_hours": 2.0, "ctr": 1.2}),
            2: (400, {"weekday_hours": 1.5, "ctr": 0.5, "likes_reactions": 0.1}),
        }
    )
    assert names == {
        1: "Weekday-heavy, ad clickers (click-through rate 0.160)",
        2: "Weekday-heavy, ad clickers (click-through rate 0.125)",
    }


def test_several_average_segments_get_distinct_names():
    names = names_of(
        {
            1: (500, {"weekday_hours": 0.1, "ctr": -0.1}),
            2: (300, {"weekday_hours": -0.2, "ctr": 0.0}),
            3: (200, {"weekday_hours": 1.0, "ctr": 0.0}),
        }
    )
    assert names == {
        1: "Average users (weekday hours online 3.2)",
        2: "Average users (weekday hours online 2.7)",
        3: "Weekday-heavy",
    }


def test_segments_along_one_number_read_its_level_not_their_ids():
    # Cookie Cats: one number clustered into four segments, two below and two above the average.
    names = names_of(
        {
            1: (500, {"likes_reactions": -0.3}),
            2: (300, {"likes_reactions": -0.9}),
            3: (150, {"likes_reactions": 0.8}),
            4: (50, {"likes_reactions": 2.4}),
        }
    )
    assert names == {
        1: "Few reactions (likes and reactions 4250)",
        2: "Few reactions (likes and reactions 2750)",
        3: "Prolific reactors (likes and reactions 7000)",
        4: "Prolific reactors (likes and reactions 11,000)",
    }


def test_a_segment_of_zeros_reads_zero():
    # Cookie Cats' players who never played a round read "(sum gamerounds 0.000)".
    names = names_of({1: (600, {"ctr": -2.0}), 2: (400, {"ctr": -1.0})})
    assert names == {1: "Ad-blind (click-through rate 0)", 2: "Ad-blind (click-through rate 0.050)"}


def test_alike_segments_keep_their_ids_when_their_values_read_alike():
    names = names_of(
        {
            1: (600, {"weekday_hours": 2.0}),
            2: (400, {"weekday_hours": 2.001}),
        }
    )
    assert names == {1: "Weekday-heavy (segment 1)", 2: "Weekday-heavy (segment 2)"}


def test_description_states_share_features_and_mode_age_band():
    segments = {
        1: (300, {"weekday_hours": 1.0, "ctr": -0.5, "weekend_hours": 0.1}),
        2: (700, {"weekday_hours": -0.4, "ctr": 0.2}),
    }
    mix = category_mix(
        {
            1: {"18-24": 0.2, "25-34": 0.45, "35-44": 0.35},
            2: {"18-24": 0.3, "45-54": 0.35, "65+": 0.35},
        }
    )
    named = name_segments(feature_stats(segments), mix, FEATURE_LABELS).set_index("segment_id")
    first, second = named.loc[1, "segment_description"], named.loc[2, "segment_description"]

    assert first.startswith("30% of users; ")
    assert "weekday hours online 4.5 (1.5x the average)" in first
    assert "click-through rate 0.075 (0.8x the average)" in first
    assert "weekend hours" not in first
    assert "mostly aged 25-34 (45%)" in first
    assert first.endswith(".")

    assert second.startswith("70% of users; ")
    # Below the 40% "mostly" share, and the tie between 45-54 and 65+ goes to the first band.
    assert "most often aged 45-54 (35%)" in second


def test_description_of_an_average_segment_without_demographics():
    named = name_segments(
        feature_stats({1: (250, {"ctr": 0.1}), 2: (750, {"ctr": -0.5})}),
        category_mix(),
        FEATURE_LABELS,
    ).set_index("segment_id")
    assert named.loc[1, "segment_description"] == "25% of users."
    assert named.loc[2, "segment_description"] == (
        "75% of users; click-through rate 0.075 (0.8x the average)."
    )


def test_description_names_the_most_over_represented_category():
    mix = pd.concat(
        [
            category_mix({1: {"25-34": 0.5, "35-44": 0.5}}),
            pd.DataFrame(
                [
                    (1, "income_band", "100k+", 0.3, 1.8),
                    (1, "gender", "Female", 0.6, 1.25),
                    (1, "income_band", "0-20k", 0.05, 2.5),
                ],
                columns=["segment_id", "attribute", "category", "share", "share_index"],
            ),
        ]
    )
    named = name_segments(feature_stats({1: (100, {"ctr": 1.0})}), mix, FEATURE_LABELS)
    description = named["segment_description"].iloc[0]
    assert "mostly aged 25-34 (50%)" in description
    # 0-20k has the highest index but too small a share to be typical of the segment.
    # A band value does not say its attribute, so the description names it.
    assert "over-represented: Income = 100k+ (1.8x)" in description


def test_the_category_with_the_most_users_over_its_population_share_describes_the_segment():
    # Bank marketing: a segment 63% retired (3.0x) was described by its 13% housemaids (6.4x).
    mix = pd.DataFrame(
        [(1, "job", "Job", "retired", 0.63, 3.0), (1, "job", "Job", "housemaid", 0.13, 6.4)],
        columns=["segment_id", "attribute", "attribute_label", "category", "share", "share_index"],
    )
    named = name_segments(feature_stats({1: (100, {"ctr": 1.0})}), mix, FEATURE_LABELS)
    assert "over-represented: retired (3.0x)" in named["segment_description"].iloc[0]


@pytest.mark.parametrize(
    ("attribute", "label", "category", "expected"),
    [
        ("accepted_cmp5", "Accepted Cmp5", "1", "over-represented: Accepted Cmp5 = 1 (1.9x)"),
        # A cell merged to hide a small one says its attribute as the bare answer does.
        (
            "subscribed",
            "Subscription status",
            "Yes or other",
            "over-represented: Subscription status = Yes or other (1.9x)",
        ),
        ("is_newsletter", "Newsletter", "yes", "over-represented: Newsletter = yes (1.9x)"),
        ("device", "Device", "Desktop Only", "over-represented: Desktop Only (1.9x)"),
        ("accepted_cmp5", None, "0", "over-represented: Accepted cmp5 = 0 (1.9x)"),
    ],
)
def test_a_category_that_does_not_say_its_attribute_is_named_with_it(
    attribute, label, category, expected
):
    mix = pd.DataFrame(
        [(1, attribute, label, category, 0.5, 1.9)],
        columns=["segment_id", "attribute", "attribute_label", "category", "share", "share_index"],
    )
    named = name_segments(feature_stats({1: (100, {"ctr": 1.0})}), mix, FEATURE_LABELS)
    assert expected in named["segment_description"].iloc[0]


def test_names_and_descriptions_leave_units_in_parentheses_out():
    labels = pd.DataFrame(
        [
            (
                "spend",
                "Spending Score (1-100)",
                "high spending score (1-100)",
                "low spend",
                "1-100",
            ),
            ("income", "Annual Income (k$)", "high annual income (k$)", "low income", "k$"),
        ],
        columns=["feature_name", "feature_label", "high_phrase", "low_phrase", "unit"],
    )
    stats = pd.DataFrame(
        [
            (1, "spend", 100, 80.0, 50.0, 1.6, 1.5),
            (1, "income", 100, 90.0, 60.0, 1.5, 1.2),
        ],
        columns=[
            "segment_id",
            "feature_name",
            "user_count",
            "mean_value",
            "population_mean",
            "lift",
            "z_score",
        ],
    )
    named = name_segments(stats, category_mix(), labels).iloc[0]
    assert named["segment_name"] == "High spending score, high annual income"
    assert "spending score 80.0 (1.6x the average)" in named["segment_description"]
    assert "(k$)" not in named["segment_description"]


# --- distinctive_phrases and name_run ------------------------------------------------------


def test_distinctive_phrases_are_ranked_by_absolute_z_and_skip_small_ones():
    stats = feature_stats(
        {
            1: (
                100,
                {"weekday_hours": 0.5, "ctr": -1.5, "conversion_rate": 0.9, "likes_reactions": 0.1},
            ),
            2: (100, {"weekday_hours": 0.1}),
        }
    )
    assert distinctive_phrases(stats, FEATURE_LABELS) == {
        1: ["ad-blind", "high conversion rate", "weekday-heavy"],
        2: [],
    }


def previous_names(rows: list[tuple[int, str, str]], source: str = "generated") -> pd.DataFrame:
    """Names of an earlier run from (segment_id, segment_name, name_phrases)."""
    return pd.DataFrame(
        [
            {
                "run_id": "run-1",
                "segment_id": segment_id,
                "segment_name": name,
                "segment_description": "old description.",
                "name_source": source,
                "name_phrases": phrases,
            }
            for segment_id, name, phrases in rows
        ]
    )


def overrides(rows: list[tuple[int, str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["segment_id", "segment_name", "segment_description"])


def run_names(segments, previous=None, chosen=None, run_id="run-2") -> pd.DataFrame:
    return name_run(
        feature_stats(segments), category_mix(), FEATURE_LABELS, run_id, previous, chosen
    ).set_index("segment_id")


def test_first_run_names_are_the_generated_names_with_their_phrases():
    segments = {
        1: (600, {"weekday_hours": 1.5, "ctr": -0.9, "likes_reactions": 0.5}),
        2: (400, {"weekday_hours": -0.9, "ctr": 0.6}),
    }
    named = name_run(feature_stats(segments), category_mix(), FEATURE_LABELS, "run-1")
    generated = name_segments(feature_stats(segments), category_mix(), FEATURE_LABELS)
    assert list(named.columns) == NAME_RUN_COLUMNS
    assert (named["run_id"] == "run-1").all()
    assert named["segment_id"].dtype == "int64"
    assert named["segment_name"].tolist() == generated["segment_name"].tolist()
    assert named["segment_description"].tolist() == generated["segment_description"].tolist()
    assert named["name_source"].tolist() == ["generated", "generated"]
    assert named["name_phrases"].tolist() == [
        "weekday-heavy|ad-blind",
        "light on weekdays|ad clickers",
    ]


def test_a_segment_keeps_its_name_while_its_phrases_stay_in_the_top_four():
    previous = previous_names([(1, "Weekday-heavy, ad clickers", "weekday-heavy|ad clickers")])
    # Now third and fourth most distinctive: still true, so the name does not flicker.
    named = run_names(
        {
            1: (
                100,
                {"likes_reactions": 2.0, "weekend_hours": -1.5, "weekday_hours": 0.9, "ctr": 0.6},
            )
        },
        previous,
    )
    assert named.loc[1, "segment_name"] == "Weekday-heavy, ad clickers"
    assert named.loc[1, "name_source"] == "kept"
    assert named.loc[1, "name_phrases"] == "weekday-heavy|ad clickers"
    assert named.loc[1, "run_id"] == "run-2"
    # The description always follows the current numbers.
    assert "likes and reactions" in named.loc[1, "segment_description"]


@pytest.mark.parametrize(
    "z_scores",
    [
        pytest.param(
            {
                "likes_reactions": 2.0,
                "weekend_hours": -1.5,
                "conversion_rate": 1.2,
                "weekday_hours": 0.9,
                "ctr": 0.6,
            },
            id="phrase-fell-to-fifth",
        ),
        pytest.param(
            {"likes_reactions": 2.0, "weekend_hours": -1.5, "weekday_hours": -0.9, "ctr": 0.6},
            id="phrase-flipped-direction",
        ),
        pytest.param(
            {"likes_reactions": 2.0, "weekend_hours": -1.5, "weekday_hours": 0.9, "ctr": 0.2},
            id="phrase-no-longer-distinctive",
        ),
    ],
)
def test_a_name_that_is_no_longer_true_is_regenerated(z_scores):
    previous = previous_names([(1, "Weekday-heavy, ad clickers", "weekday-heavy|ad clickers")])
    named = run_names({1: (100, z_scores)}, previous)
    assert named.loc[1, "segment_name"] == "Prolific reactors, quiet weekends"
    assert named.loc[1, "name_source"] == "generated"
    assert named.loc[1, "name_phrases"] == "prolific reactors|quiet weekends"


def test_a_kept_name_belongs_to_the_same_segment_id_only():
    previous = previous_names([(2, "Weekday-heavy, ad clickers", "weekday-heavy|ad clickers")])
    named = run_names(
        {
            1: (600, {"weekday_hours": 1.0, "ctr": 0.8, "likes_reactions": 0.5}),
            3: (400, {"weekday_hours": -1.0, "ctr": 0.7}),
        },
        previous,
    )
    assert named["name_source"].tolist() == ["generated", "generated"]
    assert named.loc[1, "segment_name"] == "Weekday-heavy, ad clickers"


@pytest.mark.parametrize(
    ("z_scores", "source", "name"),
    [
        ({"weekday_hours": 0.1, "ctr": -0.2}, "kept", "Casual browsers"),
        ({"weekday_hours": 1.0, "ctr": -0.2}, "generated", "Weekday-heavy"),
    ],
    ids=["still-average", "now-distinctive"],
)
def test_a_name_without_phrases_is_kept_only_while_the_segment_stays_average(
    z_scores, source, name
):
    previous = previous_names([(1, "Casual browsers", "")])
    named = run_names({1: (100, z_scores)}, previous)
    assert named.loc[1, "name_source"] == source
    assert named.loc[1, "segment_name"] == name


def test_overrides_set_name_and_description_by_segment_id():
    segments = {
        1: (500, {"weekday_hours": 1.2, "ctr": -0.8}),
        2: (300, {"weekday_hours": -0.9, "ctr": 0.6}),
        3: (200, {"likes_reactions": 1.5}),
    }
    previous = previous_names([(1, "Weekday-heavy, ad-blind", "weekday-heavy|ad-blind")])
    chosen = overrides(
        [
            (1, "Office scrollers", "Busy on weekdays, ignore ads."),
            (3, "Super fans", None),
            (9, "Not in this run", "ignored"),
        ]
    )
    named = run_names(segments, previous, chosen)
    generated = name_segments(feature_stats(segments), category_mix(), FEATURE_LABELS)
    generated = generated.set_index("segment_id")
    assert named.index.tolist() == [1, 2, 3]
    # An override wins over a name that could be kept.
    assert named.loc[1, "segment_name"] == "Office scrollers"
    assert named.loc[1, "segment_description"] == "Busy on weekdays, ignore ads."
    assert named.loc[1, "name_source"] == "override"
    # Without an override description the generated one stays.
    assert named.loc[3, "segment_name"] == "Super fans"
    assert named.loc[3, "segment_description"] == generated.loc[3, "segment_description"]
    assert named.loc[2, "name_source"] == "generated"


def test_a_generated_name_that_clashes_with_an_override_gets_its_segment_id():
    segments = {
        1: (500, {"weekday_hours": 1.2, "ctr": -0.8}),
        2: (500, {"weekday_hours": -0.9, "ctr": 0.6}),
    }
    chosen = overrides([(1, "Light on weekdays, ad clickers", "")])
    named = run_names(segments, chosen=chosen)
    assert named.loc[1, "segment_name"] == "Light on weekdays, ad clickers"
    assert named.loc[2, "segment_name"] == "Light on weekdays, ad clickers (segment 2)"
    assert named["segment_name"].is_unique


def test_a_generated_name_that_clashes_with_a_kept_name_gets_its_segment_id():
    # Segment 1 keeps "Weekday-heavy" (still its top phrase); segment 2's numbers now generate
    # the same name.
    previous = previous_names([(1, "Weekday-heavy", "weekday-heavy")])
    segments = {
        1: (500, {"ctr": 1.0, "weekday_hours": 0.9}),
        2: (500, {"weekday_hours": 1.5}),
    }
    named = run_names(segments, previous)
    assert named.loc[1, "segment_name"] == "Weekday-heavy"
    assert named.loc[1, "name_source"] == "kept"
    assert named.loc[2, "segment_name"] == "Weekday-heavy (segment 2)"


def test_a_kept_name_that_clashes_with_an_override_gets_its_segment_id():
    previous = previous_names([(2, "Weekday-heavy", "weekday-heavy")])
    segments = {1: (500, {"ctr": 1.0}), 2: (500, {"weekday_hours": 1.5})}
    named = run_names(segments, previous, overrides([(1, "Weekday-heavy", None)]))
    assert named.loc[1, "segment_name"] == "Weekday-heavy"
    assert named.loc[2, "segment_name"] == "Weekday-heavy (segment 2)"


def test_noise_segment_zero_gets_its_fixed_name_when_present():
    segments = {
        0: (100, {"weekday_hours": 3.0, "ctr": 2.5}),
        1: (450, {"weekday_hours": 1.2, "ctr": -0.8}),
        2: (450, {"weekday_hours": -0.9, "ctr": 0.6}),
    }
    named = run_names(segments)
    assert named.index.tolist() == [1, 2, 0]
    assert named.loc[0, "segment_name"] == NOISE_NAME == "Unassigned (noise)"
    assert named.loc[0, "segment_description"] == NOISE_DESCRIPTION
    assert named.loc[0, "name_source"] == "noise"
    assert named.loc[0, "name_phrases"] == ""
    assert named.loc[1, "segment_name"] == "Weekday-heavy, ad-blind"
    assert (named["run_id"] == "run-2").all()


def test_no_noise_row_without_noise_users():
    named = run_names({1: (500, {"ctr": 1.0}), 2: (500, {"ctr": -1.0})})
    assert 0 not in named.index


def test_segment_shares_in_descriptions_count_noise_users():
    segments = {
        0: (100, {"weekday_hours": 3.0}),
        1: (450, {"weekday_hours": 1.2}),
        2: (450, {"weekday_hours": -0.9}),
    }
    named = run_names(segments)
    assert named.loc[1, "segment_description"].startswith("45% of users")


def test_a_kept_three_phrase_name_is_dropped_when_its_third_phrase_becomes_false():
    first = {
        1: (400, {"weekday_hours": 2.0, "ctr": 1.0, "likes_reactions": 0.5}),
        2: (300, {"weekday_hours": 1.8, "ctr": 0.9, "likes_reactions": -0.6}),
    }
    previous = name_run(feature_stats(first), category_mix(), FEATURE_LABELS, "run-1")
    assert previous["segment_name"].iloc[0] == "Weekday-heavy, ad clickers, prolific reactors"
    # Segment 1 now has few reactions, like segment 2.
    second = {1: (400, {**first[1][1], "likes_reactions": -0.7}), 2: first[2]}
    named = run_names(second, previous)
    assert "prolific reactors" not in named.loc[1, "segment_name"]


def test_a_mean_against_an_average_at_or_below_zero_is_not_a_multiple_of_it():
    # Online Retail's total quantity with returns: the average is -0.3; "-0.2x the average" and
    # "12x the average" of it would say nothing.
    stats = feature_stats({1: (300, {"weekday_hours": 1.0}), 2: (700, {"weekday_hours": -0.4})})
    stats["population_mean"] = -0.3
    stats["mean_value"] = [2.0, -1.2]
    stats["lift"] = stats["mean_value"] / stats["population_mean"]
    named = name_segments(stats, category_mix(), FEATURE_LABELS).set_index("segment_id")
    assert "weekday hours online 2.0 (the average is -0.300)" in named.loc[1, "segment_description"]
    assert "x the average" not in " ".join(named["segment_description"])


def test_a_mean_far_from_zero_is_compared_with_the_average_not_as_a_multiple():
    # A signup year of 2018 against 2013 read "2,018 (1.0x the average)": every segment 1.0x.
    stats = feature_stats({1: (300, {"weekday_hours": 1.0}), 2: (700, {"weekday_hours": -0.4})})
    stats["population_mean"] = 2013.4
    stats["mean_value"] = [2018.2, 2011.3]
    stats["lift"] = stats["mean_value"] / stats["population_mean"]
    named = name_segments(stats, category_mix(), FEATURE_LABELS).set_index("segment_id")
    assert "weekday hours online 2018 (the average is 2013)" in named.loc[1, "segment_description"]
    assert "1.0x the average" not in " ".join(named["segment_description"])


def test_a_mean_near_zero_of_the_average_is_under_a_tenth_not_none():
    # Cash advances of 3 against an average of 980 read "0.0x the average".
    stats = feature_stats({1: (300, {"weekday_hours": -1.0}), 2: (700, {"weekday_hours": 0.4})})
    stats["population_mean"] = 980.0
    stats["mean_value"] = [3.0, 1_400.0]
    stats["lift"] = stats["mean_value"] / stats["population_mean"]
    named = name_segments(stats, category_mix(), FEATURE_LABELS).set_index("segment_id")
    assert "(under 0.1x the average)" in named.loc[1, "segment_description"]
    assert "0.0x" not in named.loc[1, "segment_description"]


def test_a_mean_rank_of_answers_on_a_scale_says_the_answer_it_is_nearest_to():
    # Shopping Trends: "frequency of purchases 4.3 (1.4x the average)" said nothing readable.
    labels = FEATURE_LABELS.assign(scale_answers=None)
    labels.loc[labels["feature_name"] == "ctr", "scale_answers"] = (
        "Annually | Quarterly | Monthly | Fortnightly | Weekly"
    )
    stats = feature_stats({1: (300, {"ctr": 1.0}), 2: (700, {"ctr": -0.4})})
    stats["mean_value"] = [4.3, 2.2]
    stats["population_mean"] = 2.8
    stats["lift"] = stats["mean_value"] / stats["population_mean"]
    named = name_segments(stats, category_mix(), labels).set_index("segment_id")
    assert (
        "click-through rate 4.3 of 5, about Fortnightly (1.5x"
        in named.loc[1, "segment_description"]
    )
    assert "2.2 of 5, about Quarterly" in named.loc[2, "segment_description"]


def test_labels_that_differ_only_by_their_units_keep_them():
    # "Orders (#)" and "Orders (%)" named a segment "Low orders, low orders".
    labels = pd.DataFrame(
        [
            ("weekday_hours", "Orders (#)", "high orders (#)", "low orders (#)", "count"),
            ("ctr", "Orders (%)", "high orders (%)", "low orders (%)", "rate"),
            ("likes_reactions", "Likes (count)", "prolific reactors", "few reactions", "count"),
        ],
        columns=["feature_name", "feature_label", "high_phrase", "low_phrase", "unit"],
    )
    stats = feature_stats(
        {
            1: (300, {"weekday_hours": -1.5, "ctr": -1.2, "likes_reactions": 0.4}),
            2: (700, {"weekday_hours": 0.6, "ctr": 0.5, "likes_reactions": -0.2}),
        }
    )
    named = name_segments(stats, category_mix(), labels).set_index("segment_id")
    assert named.loc[1, "segment_name"] == "Low orders (#), low orders (%)"
    assert "orders (#) " in named.loc[1, "segment_description"]
    # A label that says itself without its unit loses it, as before.
    assert "likes 6000 (1.2x the average)" in named.loc[1, "segment_description"]
