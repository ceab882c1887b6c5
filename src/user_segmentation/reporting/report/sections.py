"""The caption table: where each chart goes in the report, with its heading and lead sentence.

The order of :data:`CHART_SECTIONS` is the order of the report's chart sections and of its
navigation bar.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChartSection:
    """Where a chart goes in the page: anchor, navigation label, heading and a lead sentence."""

    chart: str
    anchor: str
    nav: str
    heading: str
    lead: str


CHART_SECTIONS = (
    ChartSection(
        "radar",
        "profiles",
        "Profiles",
        "How the segments differ",
        "The segment mean of each feature the model clustered on, scaled so that the lowest "
        "segment sits at the centre and the highest at the edge. Hover for the real values; "
        "click a segment in the legend to show it alone.",
    ),
    ChartSection(
        "sizes",
        "sizes",
        "Sizes",
        "Segment sizes",
        "Users per segment and their share of all segmented users.",
    ),
    ChartSection(
        "distributions",
        "distributions",
        "Distributions",
        "Spread within each segment",
        "Box plots of the clustering features on a random sample of users (box: middle half, "
        "line: median, whiskers: 1.5 IQR), to see how much segments overlap, not only how their "
        "means differ.",
    ),
    ChartSection(
        "pca",
        "pca",
        "Feature space",
        "Users in the model's feature space",
        "The sampled users projected onto the first two principal components of the features "
        "exactly as the model encoded them; numbered discs are the segment centres. Separate "
        "clouds mean distinct segments.",
    ),
    ChartSection(
        "category_mix",
        "demographics",
        "Demographics",
        "Who is in each segment",
        "Demographic mix of each segment next to all users. Hover a bar for the index against "
        "all users.",
    ),
    ChartSection(
        "category_index",
        "index",
        "Over-represented",
        "What is over- and under-represented",
        "Index of each category: its share in the segment divided by its share among all users "
        "(blue: more common than among all users, red: less common).",
    ),
    ChartSection(
        "interests",
        "interests",
        "Interests",
        "Top interests",
        "The most common interests of each segment and their lift: how many times more common "
        "they are than among all users.",
    ),
    ChartSection(
        "rule_crosstab",
        "rules",
        "Against rules",
        "What the clustering adds to simple rules",
        "Each segment's users across the RFM-style rule segments (recency, frequency, "
        "engagement; rules in seed rule_segments). A segment spread over several rule segments "
        "finds structure the rules do not see; one that is a single rule segment repeats them.",
    ),
    ChartSection(
        "k_selection",
        "k-selection",
        "Choice of k",
        "How many segments",
        "Fit scores of every candidate number of segments; the star marks the k the selection "
        "rule chose.",
    ),
)
CHART_NAMES = tuple(section.chart for section in CHART_SECTIONS)
