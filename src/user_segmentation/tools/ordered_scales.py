"""Answers on a scale: text columns of surveys and ratings whose values have an order.

"Strongly disagree" to "Strongly agree" are five numbers written as words: one-hot encoded they
are five unrelated categories (an "Agree" user is as far from a "Strongly agree" one as from a
"Strongly disagree" one). The scaffold proposes such a column as a numeric feature with
``derive: rank`` and its ``order``, so the segments see the scale.
"""

from __future__ import annotations

#: Each scale's levels from lowest to highest, every level with the answers that mean it.
SCALES: tuple[tuple[tuple[str, ...], ...], ...] = (
    (  # agreement
        ("strongly disagree", "completely disagree", "totally disagree"),
        ("disagree", "mostly disagree", "tend to disagree"),
        ("somewhat disagree", "slightly disagree"),
        ("neutral", "neither agree nor disagree", "neither", "undecided", "not sure"),
        ("somewhat agree", "slightly agree"),
        ("agree", "mostly agree", "tend to agree"),
        ("strongly agree", "completely agree", "totally agree"),
    ),
    (  # satisfaction
        ("very dissatisfied", "very unsatisfied", "extremely dissatisfied"),
        ("dissatisfied", "unsatisfied", "not satisfied"),
        ("somewhat dissatisfied", "slightly dissatisfied"),
        ("neutral", "neither satisfied nor dissatisfied", "neither", "not sure"),
        ("somewhat satisfied", "slightly satisfied"),
        ("satisfied",),
        ("very satisfied", "extremely satisfied", "completely satisfied"),
    ),
    (  # likelihood
        ("very unlikely", "extremely unlikely", "not at all likely"),
        ("unlikely", "not likely"),
        ("somewhat unlikely", "slightly unlikely"),
        ("neutral", "neither likely nor unlikely", "neither", "not sure", "maybe"),
        ("somewhat likely", "slightly likely"),
        ("likely",),
        ("very likely", "extremely likely"),
    ),
    (  # frequency
        ("never",),
        ("rarely", "seldom", "almost never"),
        ("sometimes", "occasionally"),
        ("often", "frequently"),
        ("usually", "very often", "almost always", "most of the time"),
        ("always",),
    ),
    (  # quality
        ("very poor", "terrible", "very bad", "awful"),
        ("poor", "bad"),
        ("fair", "average", "okay", "ok"),
        ("good",),
        ("very good",),
        ("excellent", "outstanding"),
    ),
    (  # level
        ("very low",),
        ("low",),
        ("medium", "moderate", "average", "mid"),
        ("high",),
        ("very high",),
    ),
    (  # how often, by period (Customer Shopping Trends' Frequency of Purchases)
        ("never",),
        ("annually", "yearly", "once a year", "every year"),
        ("every 6 months", "twice a year", "semi-annually", "biannually"),
        ("quarterly", "every 3 months", "every three months"),
        ("monthly", "once a month", "every month"),
        ("fortnightly", "bi-weekly", "biweekly", "every 2 weeks", "every two weeks"),
        ("weekly", "once a week", "every week"),
        ("several times a week", "2-3 times a week"),
        ("daily", "every day", "once a day"),
    ),
    (  # importance
        ("not at all important", "not important", "unimportant"),
        ("slightly important", "of little importance", "low importance"),
        ("moderately important", "somewhat important"),
        ("important",),
        ("very important",),
        ("extremely important", "critical"),
    ),
)
#: A scale needs this many of its answers in the column: two values are a flag, not a scale.
MIN_SCALE_ANSWERS = 3
#: Answers that are not on any scale: read as missing (the feature's `missing_values`), not as
#: a level.
NON_ANSWERS = frozenset(
    {
        "don't know",
        "dont know",
        "do not know",
        "not applicable",
        "n/a",
        "na",
        "prefer not to say",
        "prefer not to answer",
        "no answer",
        "no opinion",
        "refused",
    }
)


def rank_sql(text: str, order: list[str | list[str]]) -> str:
    """SQL of a text answer's position in ``order`` (1 = the first; a level written two ways is
    a list of its spellings, each at the level's position), as the build's answer_rank macro
    computes it; null for another answer."""
    cases = " ".join(
        f"when '{str(spelling).strip().lower().replace(chr(39), chr(39) * 2)}' then {position}"
        for position, level in enumerate(order, start=1)
        for spelling in spellings_of(level)
    )
    return f"case lower(trim({text})) {cases} end"


def spellings_of(level: str | list[str]) -> list[str]:
    """The answers of one level of an ``order``: itself, or the list of its spellings."""
    return [str(spelling) for spelling in level] if isinstance(level, list) else [str(level)]


def first_spelling(level: str | list[str]) -> str:
    return spellings_of(level)[0]


def _normalised(value: str) -> str:
    return " ".join(str(value).lower().replace("’", "'").split())


def non_answers(values: list[str]) -> list[str]:
    """The values that answer no scale ("Don't know", "Not applicable"), as written."""
    return [str(value) for value in values if _normalised(value) in NON_ANSWERS]


def scale_order(values: list[str]) -> list[str | list[str]] | None:
    """``values`` from lowest to highest when every one is an answer of the same scale (case and
    spaces aside; NON_ANSWERS left out) and there are at least MIN_SCALE_ANSWERS; else None.
    Answers of one level written two ways (Shopping Trends' Quarterly and Every 3 Months) are one
    item, the list of both: one rank, not two."""
    spelled = {}
    for value in values:
        if _normalised(value) not in NON_ANSWERS:
            spelled.setdefault(_normalised(value), str(value))
    if len(spelled) < MIN_SCALE_ANSWERS:
        return None
    for scale in SCALES:
        level = {answer: position for position, answers in enumerate(scale) for answer in answers}
        if set(spelled) <= set(level):
            levels: dict[int, list[str]] = {}
            for answer in sorted(spelled, key=level.__getitem__):
                levels.setdefault(level[answer], []).append(spelled[answer])
            return [both if len(both) > 1 else both[0] for both in levels.values()]
    return None
