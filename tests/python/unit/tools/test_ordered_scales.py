"""Answers on a scale found in a text column's values, in their order."""

from __future__ import annotations

import duckdb
import pytest

from user_segmentation.tools.ordered_scales import non_answers, rank_sql, scale_order


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            ["Agree", "Neutral", "strongly DISAGREE", "Strongly agree", "Disagree"],
            ["strongly DISAGREE", "Disagree", "Neutral", "Agree", "Strongly agree"],
        ),
        (["Often", "Never", "Sometimes", "Always"], ["Never", "Sometimes", "Often", "Always"]),
        (["Good", "Excellent", "Poor", "Fair"], ["Poor", "Fair", "Good", "Excellent"]),
        (["High", "Low", "Medium"], ["Low", "Medium", "High"]),
        (
            ["Somewhat agree", "Agree", "Strongly agree", "Somewhat disagree"],
            ["Somewhat disagree", "Somewhat agree", "Agree", "Strongly agree"],
        ),
    ],
    ids=["agreement", "frequency", "quality", "level", "seven-point"],
)
def test_answers_of_one_scale_are_put_in_its_order(values, expected):
    assert scale_order(values) == expected


@pytest.mark.parametrize(
    "values",
    [
        ["Agree", "Disagree"],  # two answers: a flag
        ["Agree", "Often", "Never"],  # two scales mixed
        ["Red", "Green", "Blue"],
        ["Agree", "Neutral", "Disagree", "Maybe later"],  # an answer of no scale
    ],
    ids=["two-values", "mixed-scales", "colours", "unknown-answer"],
)
def test_other_values_have_no_scale_order(values):
    assert scale_order(values) is None


def test_spellings_of_one_answer_count_once():
    assert scale_order(["agree", "Agree ", "Disagree", "Neutral"]) == [
        "Disagree",
        "Neutral",
        "agree",
    ]


def test_answers_off_the_scale_are_left_out_of_its_order_and_named():
    values = ["Agree", "Don’t know", "Disagree", "Neutral", "Not applicable"]
    assert scale_order(values) == ["Disagree", "Neutral", "Agree"]
    assert non_answers(values) == ["Don’t know", "Not applicable"]


def test_how_often_by_period_is_a_scale_from_annually_to_daily():
    # Customer Shopping Trends' Frequency of Purchases was seven unordered categories.
    values = ["Fortnightly", "Weekly", "Annually", "Quarterly", "Monthly"]
    assert scale_order(values) == ["Annually", "Quarterly", "Monthly", "Fortnightly", "Weekly"]


def test_a_level_written_two_ways_is_one_item_with_one_rank():
    # Shopping Trends has both Quarterly and Every 3 Months, Fortnightly and Bi-Weekly: as seven
    # answers, Every 3 Months ranked between Quarterly and Monthly.
    values = ["Fortnightly", "Weekly", "Annually", "Quarterly", "Bi-Weekly", "Every 3 Months"]
    order = scale_order(values)
    assert order == [
        "Annually",
        ["Quarterly", "Every 3 Months"],
        ["Fortnightly", "Bi-Weekly"],
        "Weekly",
    ]
    ranks = duckdb.sql(
        f"select {rank_sql('v', order)} as rank from (values ('every 3 months'), ('Quarterly'), "
        "('BI-WEEKLY'), ('Weekly')) as t(v)"
    ).fetchall()
    assert [rank for (rank,) in ranks] == [2, 2, 3, 4]
