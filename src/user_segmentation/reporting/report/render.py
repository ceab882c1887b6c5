"""The report page: ``report.html`` (a jinja2 template) filled with the run, cards and charts.

The template and ``report.css`` are package data beside this module. Python here only turns the
report data into display values (formatted numbers, chart divs); the template lays them out and
escapes every value.
"""

from __future__ import annotations

import datetime
import json
from functools import cache
from importlib import resources
from typing import Any

import jinja2
import pandas as pd
import plotly.graph_objects as go
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from user_segmentation.reporting import charts
from user_segmentation.reporting.report.loading import ReportData
from user_segmentation.reporting.report.sections import CHART_SECTIONS, ChartSection

PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "zoomIn2d", "zoomOut2d"],
}
PAGE_TOP_MARGIN = 48
MIN_CHIP_LIFT = 1.1


def render_html(report: ReportData, figures: dict[str, go.Figure]) -> str:
    """The report page: header, segment cards and every chart, plotly.js embedded once.

    Parameters
    ----------
    report : ReportData
        The data the cards and header show.
    figures : dict
        Chart name to plotly figure, in :data:`CHART_NAMES`.

    Returns
    -------
    str
        A complete HTML document that needs no network.
    """
    run = report.run
    shown = [section for section in CHART_SECTIONS if section.chart in figures]
    return _template().render(
        css=Markup(_package_text("report.css")),
        plotlyjs=Markup(get_plotlyjs()),
        run_id=str(run["run_id"]),
        preset=str(run["preset"]),
        computed_at=_format_timestamp(run["computed_at"]),
        headline=f"{run['k']} segments of {run['users']:,} users",
        stale=_stale_input(run.get("freshness")),
        tiles=_tiles(run),
        cards=_cards(report),
        has_interests=not report.interests.empty,
        sections=[_chart_section(figures[section.chart], section) for section in shown],
        screening=_screening_rows(report.screening),
        config_json=json.dumps(run.get("config") or {}, indent=2, sort_keys=True),
    )


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return environment.from_string(_package_text("report.html"))


def _package_text(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _format_timestamp(value: Any) -> str:
    if isinstance(value, datetime.datetime | pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return str(value)


AS_OF_NOTES = {
    "newest event": "newest event in the input",
    "newest date": "newest date in the input's date columns",
    "var as_of_date": "set by var as_of_date",
    "build date": "build date (the input has no dates)",
}


def _tiles(run: dict[str, Any]) -> list[dict[str, str]]:
    silhouette = run.get("silhouette")
    tiles = [
        ("Segments", f"{run['k']}", str(run.get("selection_rule") or "")),
        ("Users", f"{run['users']:,}", f"source: {run.get('user_source')}"),
        (
            "Silhouette",
            f"{silhouette:.2f}" if silhouette is not None and pd.notna(silhouette) else "",
            _quality_note(run),
        ),
        ("Preset", str(run["preset"]), "segmentation config"),
        ("Data as of", _as_of(run), _as_of_note(run)),
    ]
    return [{"label": label, "value": value, "note": note} for label, value, note in tiles if value]


def _as_of(run: dict[str, Any]) -> str:
    """The date the data describes; the build date when the run carries none."""
    as_of = run.get("data_as_of")
    if as_of is not None and pd.notna(as_of):
        return pd.Timestamp(as_of).strftime("%Y-%m-%d")
    computed = run.get("computed_at")
    return pd.Timestamp(computed).strftime("%Y-%m-%d") if computed is not None else ""


def _as_of_note(run: dict[str, Any]) -> str:
    source = run.get("data_as_of_source") if run.get("data_as_of") is not None else "build date"
    computed = f"computed {_format_timestamp(run['computed_at'])}"
    note = AS_OF_NOTES.get(str(source))
    return f"{note}; {computed}" if note else computed


def _stale_input(freshness: dict[str, Any] | None) -> dict[str, Any] | None:
    """What the warning above the header says when the newest event was old at build time."""
    if not freshness or not freshness.get("is_stale"):
        return None
    return {
        "newest": _format_timestamp(freshness["newest_event_at"]),
        "days": int(freshness["days_since_newest_event"]),
        "allowed": int(freshness["stale_after_days"]),
    }


def _quality_note(run: dict[str, Any]) -> str:
    notes = [str(run["structure_verdict"])] if run.get("structure_verdict") else []
    if run.get("stability_mean_ari") is not None and pd.notna(run["stability_mean_ari"]):
        notes.append(f"stability ARI {run['stability_mean_ari']:.2f}")
    return "; ".join(notes) or "−1 to 1, higher = better separated"


def _cards(report: ReportData) -> list[dict[str, Any]]:
    colours = charts.segment_colours(report.segments["segment_id"])
    largest_share = float(report.segments["user_share"].max())
    return [
        _card(
            segment,
            colours[int(segment.segment_id)],
            largest_share,
            report.highlights[report.highlights["segment_id"] == segment.segment_id],
            report.interests[report.interests["segment_id"] == segment.segment_id],
        )
        for segment in report.segments.itertuples(index=False)
    ]


def _card(segment, colour: str, largest_share: float, highlights, interests) -> dict[str, Any]:
    width = 100 * float(segment.user_share) / largest_share if largest_share else 0
    top_interests = interests[interests["lift"] >= MIN_CHIP_LIFT].head(3)
    return {
        "colour": colour,
        "segment_id": int(segment.segment_id),
        "name": segment.segment_name,
        "users": f"{int(segment.user_count):,}",
        "share": f"{float(segment.user_share):.1%}",
        "bar_width": f"{width:.1f}",
        "description": str(segment.segment_description or ""),
        "features": [_highlight(row) for row in highlights.itertuples(index=False)],
        "chips": [
            {"interest": row.interest, "lift": f"{row.lift:.1f}×"}
            for row in top_interests.itertuples(index=False)
        ],
    }


def _screening_rows(screening: pd.DataFrame | None) -> list[dict[str, str]]:
    """The feature screening as table rows: silhouette and stability without vs with."""
    if screening is None or screening.empty:
        return []
    return [
        {
            "feature": str(row.feature_label),
            "silhouette": f"{_score(row.silhouette_without)} vs {_score(row.silhouette_with)}",
            "stability": f"{_score(row.stability_without)} vs {_score(row.stability_with)}",
            "explained": f"{row.share_explained:.0%}",
            "recommendation": str(row.recommendation),
            "leave_out": row.recommendation != "keep",
            "reason": str(row.reason),
        }
        for row in screening.itertuples(index=False)
    ]


def _score(value) -> str:
    return f"{value:.2f}" if value is not None and pd.notna(value) else "–"


def _highlight(row) -> dict[str, str]:
    higher = row.z_score >= 0
    return {
        "label": str(row.feature_label),
        "value": charts.format_value(row.mean_value, row.unit),
        "direction": "up" if higher else "down",
        "arrow": "▲" if higher else "▼",
        "lift": f"{row.lift:.1f}× avg" if pd.notna(row.lift) else "",
    }


def _chart_section(figure: go.Figure, section: ChartSection) -> dict[str, Any]:
    div = _without_title(figure).to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=f"chart-{section.chart}",
        config=PLOTLY_CONFIG,
        default_width="100%",
        default_height=f"{figure.layout.height or 600}px",
    )
    return {
        "chart": section.chart,
        "anchor": section.anchor,
        "nav": section.nav,
        "heading": section.heading,
        "lead": section.lead,
        "div": Markup(div),
    }


def _without_title(figure: go.Figure) -> go.Figure:
    """A copy for the page, where the section heading and lead replace the figure's title.

    Room a chart keeps above its plot beyond the title (axis labels on top) is kept.
    """
    extra = max(0, (figure.layout.margin.t or 0) - charts.TITLE_MARGIN)
    return go.Figure(figure).update_layout(title_text="", margin_t=PAGE_TOP_MARGIN + extra)
