"""The report page from its template, on tiny report data (no build, no browser)."""

from __future__ import annotations

import datetime

import pandas as pd
from plotly.offline import get_plotlyjs

from user_segmentation.reporting import charts
from user_segmentation.reporting.report import CHART_SECTIONS, ReportData, render_html

RUN = {
    "run_id": "abc123-def",
    "preset": "default",
    "k": 2,
    "users": 1234,
    "silhouette": 0.4321,
    "selection_rule": "best silhouette",
    "user_source": "events",
    "computed_at": datetime.datetime(2026, 12, 1, 6, 30),
    "data_as_of": datetime.date(2026, 11, 30),
    "config": {"k_range": [2, 3]},
    "freshness": None,
}


def report_data(**run) -> ReportData:
    segments = pd.DataFrame(
        {
            "segment_id": [1, 2],
            "segment_name": ["Night <owls> & co", "Ad clickers"],
            "segment_description": ["Up late", None],
            "user_count": [1000, 234],
            "user_share": [1000 / 1234, 234 / 1234],
        }
    )
    highlights = pd.DataFrame(
        {
            "segment_id": [1, 2],
            "feature_label": ["Weekday hours", "Click-through rate"],
            "unit": ["h/day", "ratio"],
            "mean_value": [3.5, 0.183],
            "lift": [1.4, 0.5],
            "z_score": [1.2, -0.8],
        }
    )
    interests = pd.DataFrame(
        {"segment_id": [1, 1], "interest": ["Gaming", "Cooking"], "lift": [2.0, 1.0]}
    )
    empty = pd.DataFrame()
    return ReportData(
        run={**RUN, **run},
        segments=segments,
        highlights=highlights,
        radar=empty,
        interests=interests,
        category_mix=empty,
        k_scores=empty,
        projection=None,
        distributions=empty,
    )


def test_page_shows_the_run_cards_and_charts_with_every_name_escaped():
    sizes = charts.segment_sizes_chart(report_data().segments)

    page = render_html(report_data(), {"sizes": sizes})

    assert page.startswith("<!DOCTYPE html>")
    assert page.count(get_plotlyjs()) == 1
    assert "<h1>2 segments of 1,234 users</h1>" in page
    assert "<code>abc123-def</code>" in page and "2026-12-01 06:30 UTC" in page
    assert "Night &lt;owls&gt; &amp; co" in page and "Night <owls>" not in page
    assert "3.50 h/day" in page and "▲ 1.4× avg" in page and "▼ 0.5× avg" in page
    assert "Gaming <b>2.0×</b>" in page and "Cooking" not in page  # chips need lift >= 1.1
    sizes_section = next(section for section in CHART_SECTIONS if section.chart == "sizes")
    assert f'<a href="#{sizes_section.anchor}">{sizes_section.nav}</a>' in page
    assert "data-chart='sizes'" in page and "data-chart='radar'" not in page
    assert "Stale input." not in page
    assert "&#34;k_range&#34;" in page  # the run's config, in the footer


def test_page_warns_above_the_header_when_the_input_is_stale():
    freshness = {
        "is_stale": True,
        "newest_event_at": datetime.datetime(2026, 10, 1, 12, 0),
        "days_since_newest_event": 61,
        "stale_after_days": 7,
    }

    page = render_html(report_data(freshness=freshness), {})

    assert "Stale input." in page
    assert "(2026-10-01 12:00 UTC) was 61 days old" in page
    assert "more than the 7 days allowed" in page
    assert page.index("stale-banner") < page.index("<header>")
