"""The segmentation report: one self-contained offline HTML file and a PNG of each chart.

``build_report`` reads the marts (:mod:`user_segmentation.reporting.report_data`), draws the charts
(:mod:`user_segmentation.reporting.charts`), writes ``report.html`` with plotly.js embedded once
(no CDN, no external requests) and exports PNGs with kaleido, falling back to matplotlib for the
radar chart when kaleido cannot run a browser.
"""

from __future__ import annotations

import datetime
import html
import json
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs
from tqdm.auto import tqdm

from user_segmentation.reporting import charts
from user_segmentation.reporting import report_data as data

PNG_WIDTH = 1200
PNG_SCALE = 2
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "zoomIn2d", "zoomOut2d"],
}
PAGE_TOP_MARGIN = 48
MIN_CHIP_LIFT = 1.1


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


@dataclass
class ReportData:
    """Everything the report shows, read from one warehouse."""

    run: dict[str, Any]
    segments: pd.DataFrame
    highlights: pd.DataFrame
    radar: pd.DataFrame
    interests: pd.DataFrame
    category_mix: pd.DataFrame
    k_scores: pd.DataFrame
    projection: data.PcaProjection
    distributions: pd.DataFrame
    rule_crosstab: pd.DataFrame | None = None


@dataclass
class ReportResult:
    """Where the report went and what it holds.

    Attributes
    ----------
    html_path : Path
        The self-contained report.
    png_paths : list of Path
        PNG files written (empty with ``png=False``).
    png_engine : str or None
        ``"kaleido"``, ``"matplotlib"`` (fallback: the radar chart only) or None (no PNGs).
    png_note : str or None
        Why the fallback was used, if it was.
    segments : pandas.DataFrame
        segment_id, segment_name, user_count, user_share.
    run : dict
        The run shown in the header.
    charts : list of str
        Names of the charts in the report.
    seconds : float
        Wall time of the build.
    """

    html_path: Path
    png_paths: list[Path] = field(default_factory=list)
    png_engine: str | None = None
    png_note: str | None = None
    segments: pd.DataFrame | None = None
    run: dict[str, Any] = field(default_factory=dict)
    charts: list[str] = field(default_factory=list)
    seconds: float = 0.0


def load_report_data(
    connection: duckdb.DuckDBPyConnection, sample_size: int = data.DEFAULT_SAMPLE_SIZE
) -> ReportData:
    """Read every frame the report needs from a built warehouse.

    Parameters
    ----------
    connection : duckdb.DuckDBPyConnection
        Connection to the warehouse (read-only is enough).
    sample_size : int
        Users sampled for the PCA scatter and the distributions.

    Returns
    -------
    ReportData
    """
    model = data.read_stored_model(connection)
    sample = data.read_user_sample(connection, model.source_columns, size=sample_size)
    labels = data.read_feature_labels(connection)
    run = data.read_run(connection)
    return ReportData(
        run=run,
        segments=data.read_segments(connection),
        highlights=data.read_feature_highlights(connection),
        radar=data.read_radar(connection, model.numeric_features),
        interests=data.read_interests(connection),
        category_mix=data.read_category_mix(connection),
        k_scores=data.read_k_selection(connection, run["run_id"]),
        projection=data.pca_projection(sample, model),
        distributions=data.feature_distributions(sample, model.numeric_features, labels),
        rule_crosstab=data.read_rule_crosstab(connection),
    )


def figure_builders(report: ReportData) -> dict[str, Any]:
    """A zero-argument function per chart name, in report order (lets callers show progress)."""
    projection = report.projection
    builders = {
        "sizes": lambda: charts.segment_sizes_chart(report.segments),
        "radar": lambda: charts.radar_chart(report.radar),
        "distributions": lambda: charts.feature_distributions_chart(report.distributions),
        "pca": lambda: charts.pca_scatter_chart(
            projection.points, projection.centres, projection.explained_variance_ratio
        ),
        "category_mix": lambda: charts.category_mix_chart(report.category_mix),
        "category_index": lambda: charts.category_index_heatmap(report.category_mix),
        "interests": lambda: charts.interests_chart(report.interests),
        "k_selection": lambda: charts.k_selection_chart(
            report.k_scores, report.run.get("min_segment_share")
        ),
    }
    if report.rule_crosstab is not None:
        builders["rule_crosstab"] = lambda: charts.rule_crosstab_heatmap(report.rule_crosstab)
    return {name: builders[name] for name in CHART_NAMES if name in builders}


def build_report(
    database: Path,
    out_dir: Path,
    progress: bool = False,
    *,
    png: bool = True,
    sample_size: int = data.DEFAULT_SAMPLE_SIZE,
) -> ReportResult:
    """Write ``out_dir/report.html`` and ``out_dir/png/*.png`` from a built warehouse.

    Parameters
    ----------
    database : Path
        The DuckDB file ``dbt build`` wrote (opened read-only).
    out_dir : Path
        Output folder, created if needed.
    progress : bool
        Show a progress bar over the rendering steps.
    png : bool
        Also export a PNG of each chart.
    sample_size : int
        Users sampled for the PCA scatter and the distributions.

    Returns
    -------
    ReportResult
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    total = 2 + len(CHART_NAMES) + (len(CHART_NAMES) if png else 0)
    with tqdm(total=total, desc="report", unit="step", disable=not progress) as bar:
        bar.set_postfix_str("reading marts")
        with duckdb.connect(str(database), read_only=True) as connection:
            report = load_report_data(connection, sample_size)
        bar.update()
        figures = {}
        for name, build in figure_builders(report).items():
            bar.set_postfix_str(name)
            figures[name] = build()
            bar.update()
        bar.set_postfix_str("report.html")
        html_path = out_dir / "report.html"
        html_path.write_text(render_html(report, figures), encoding="utf-8")
        bar.update()
        result = ReportResult(
            html_path=html_path,
            segments=report.segments[["segment_id", "segment_name", "user_count", "user_share"]],
            run=report.run,
            charts=list(figures),
        )
        if png:
            paths, engine, note = export_pngs(figures, out_dir / "png", report.radar, bar)
            result.png_paths, result.png_engine, result.png_note = paths, engine, note
    result.seconds = time.perf_counter() - started
    return result


def export_pngs(
    figures: dict[str, go.Figure], png_dir: Path, radar: pd.DataFrame, bar=None
) -> tuple[list[Path], str, str | None]:
    """Write a PNG per chart with kaleido, or the radar chart with matplotlib if kaleido fails.

    Parameters
    ----------
    figures : dict
        Chart name to plotly figure.
    png_dir : Path
        Output folder, created if needed.
    radar : pandas.DataFrame
        The radar frame, for the matplotlib fallback.
    bar : tqdm, optional
        Progress bar to advance once per chart.

    Returns
    -------
    tuple
        (paths written, engine ``"kaleido"`` or ``"matplotlib"``, note on the fallback or None)
    """
    png_dir.mkdir(parents=True, exist_ok=True)
    try:
        paths = _export_with_kaleido(figures, png_dir, bar)
        return paths, "kaleido", None
    except Exception as error:  # kaleido raises several types when Chrome is missing or dies
        note = (
            f"kaleido failed ({type(error).__name__}: {error}); radar chart drawn with matplotlib"
        )
        figure = charts.radar_chart_matplotlib(radar)
        path = png_dir / "radar.png"
        figure.savefig(path, facecolor="white")
        if bar is not None:
            bar.update(bar.total - bar.n)
        return [path], "matplotlib", note


def _export_with_kaleido(figures: dict[str, go.Figure], png_dir: Path, bar) -> list[Path]:
    import kaleido

    paths = []
    with warnings.catch_warnings():
        # plotly passes its own kaleido options, which a running sync server ignores.
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        kaleido.start_sync_server(silence_warnings=True)
        try:
            for name, figure in figures.items():
                if bar is not None:
                    bar.set_postfix_str(f"{name}.png")
                path = png_dir / f"{name}.png"
                height = figure.layout.height or 600
                figure.write_image(path, width=PNG_WIDTH, height=height, scale=PNG_SCALE)
                paths.append(path)
                if bar is not None:
                    bar.update()
        finally:
            kaleido.stop_sync_server(silence_warnings=True)
    return paths


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
    shown = [section for section in CHART_SECTIONS if section.chart in figures]
    sections = [_chart_section(figures[section.chart], section) for section in shown]
    navigation = "".join(
        f'<a href="#{section.anchor}">{html.escape(section.nav)}</a>' for section in shown
    )
    body = "\n".join(
        [
            _header(report.run),
            f'<nav><a href="#segments">Segments</a>{navigation}</nav>',
            _cards_section(report),
            *sections,
            _footer(report.run),
        ]
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<title>User segmentation report: {html.escape(str(report.run['run_id']))}</title>\n"
        f"<style>{CSS}</style>\n"
        f"<script>{get_plotlyjs()}</script>\n"
        f"</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _format_timestamp(value: Any) -> str:
    if isinstance(value, datetime.datetime | pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return str(value)


def _header(run: dict[str, Any]) -> str:
    as_of = run.get("data_as_of")
    tiles = [
        ("Segments", f"{run['k']}", html.escape(str(run.get("selection_rule") or ""))),
        ("Users", f"{run['users']:,}", f"source: {html.escape(str(run.get('user_source')))}"),
        ("Silhouette", f"{run['silhouette']:.3f}", _quality_note(run)),
        ("Preset", html.escape(str(run["preset"])), "segmentation config"),
        (
            "Data as of",
            html.escape(str(as_of)) if as_of else "n/a",
            f"computed {html.escape(_format_timestamp(run['computed_at']))}",
        ),
    ]
    tile_html = "".join(
        f"<div class='tile'><div class='tile-label'>{label}</div>"
        f"<div class='tile-value'>{value}</div><div class='tile-note'>{note}</div></div>"
        for label, value, note in tiles
    )
    return (
        f"{_stale_banner(run.get('freshness'))}"
        "<header><div class='eyebrow'>User segmentation report</div>"
        f"<h1>{run['k']} segments of {run['users']:,} users</h1>"
        f"<p class='meta'>Run <code>{html.escape(str(run['run_id']))}</code> · preset "
        f"<code>{html.escape(str(run['preset']))}</code> · computed "
        f"{html.escape(_format_timestamp(run['computed_at']))}</p>"
        f"<div class='tiles'>{tile_html}</div></header>"
    )


def _stale_banner(freshness: dict[str, Any] | None) -> str:
    """A warning above the header when the newest event was old at build time."""
    if not freshness or not freshness.get("is_stale"):
        return ""
    newest = html.escape(_format_timestamp(freshness["newest_event_at"]))
    return (
        "<div class='stale-banner' role='alert'><strong>Stale input.</strong> The newest event "
        f"({newest}) was {int(freshness['days_since_newest_event'])} days old when this build ran, "
        f"more than the {int(freshness['stale_after_days'])} days allowed (var "
        "<code>stale_after_days</code>). The segments describe activity up to then.</div>"
    )


def _quality_note(run: dict[str, Any]) -> str:
    notes = [str(run["structure_verdict"])] if run.get("structure_verdict") else []
    if run.get("stability_mean_ari") is not None and pd.notna(run["stability_mean_ari"]):
        notes.append(f"stability ARI {run['stability_mean_ari']:.2f}")
    return html.escape("; ".join(notes) or "−1 to 1, higher = better separated")


def _cards_section(report: ReportData) -> str:
    colours = charts.segment_colours(report.segments["segment_id"])
    largest_share = float(report.segments["user_share"].max())
    cards = [
        _card(
            segment,
            colours[int(segment.segment_id)],
            largest_share,
            report.highlights[report.highlights["segment_id"] == segment.segment_id],
            report.interests[report.interests["segment_id"] == segment.segment_id],
        )
        for segment in report.segments.itertuples(index=False)
    ]
    return (
        "<section id='segments'><h2>Segments</h2>"
        "<p class='lead'>Each segment with its most distinctive features (furthest from the "
        "average, in standard deviations) and its most over-represented interests.</p>"
        f"<div class='cards'>{''.join(cards)}</div></section>"
    )


def _card(segment, colour: str, largest_share: float, highlights, interests) -> str:
    width = 100 * float(segment.user_share) / largest_share if largest_share else 0
    feature_rows = "".join(_highlight_row(row) for row in highlights.itertuples(index=False))
    chips = "".join(
        f"<span class='chip'>{html.escape(row.interest)} <b>{row.lift:.1f}×</b></span>"
        for row in interests[interests["lift"] >= MIN_CHIP_LIFT].head(3).itertuples(index=False)
    )
    return (
        f"<article class='card' style='--segment:{colour}'>"
        f"<div class='card-head'><span class='swatch' style='background:{colour}'></span>"
        f"<span class='segment-id'>Segment {int(segment.segment_id)}</span></div>"
        f"<h3>{html.escape(segment.segment_name)}</h3>"
        f"<div class='size'><b>{int(segment.user_count):,}</b> users · "
        f"<b>{float(segment.user_share):.1%}</b></div>"
        f"<div class='share-bar'><span style='width:{width:.1f}%;background:{colour}'></span></div>"
        f"<p class='description'>{html.escape(str(segment.segment_description or ''))}</p>"
        "<h4>Distinctive features</h4>"
        f"<table class='features'><tbody>{feature_rows}</tbody></table>"
        f"<h4>Top interests</h4><div class='chips'>{chips or '—'}</div>"
        "</article>"
    )


def _highlight_row(row) -> str:
    higher = row.z_score >= 0
    arrow = "▲" if higher else "▼"
    direction = "up" if higher else "down"
    lift = f"{row.lift:.1f}× avg" if pd.notna(row.lift) else ""
    return (
        f"<tr><td class='feature'>{html.escape(str(row.feature_label))}</td>"
        f"<td class='value'>{html.escape(charts.format_value(row.mean_value, row.unit))}</td>"
        f"<td class='lift {direction}'>{arrow} {lift}</td></tr>"
    )


def _chart_section(figure: go.Figure, section: ChartSection) -> str:
    div = _without_title(figure).to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=f"chart-{section.chart}",
        config=PLOTLY_CONFIG,
        default_width="100%",
        default_height=f"{figure.layout.height or 600}px",
    )
    return (
        f"<section id='{section.anchor}'><h2>{html.escape(section.heading)}</h2>"
        f"<p class='lead'>{html.escape(section.lead)}</p>"
        f"<div class='chart' data-chart='{section.chart}'>{div}</div></section>"
    )


def _without_title(figure: go.Figure) -> go.Figure:
    """A copy for the page, where the section heading and lead replace the figure's title.

    Room a chart keeps above its plot beyond the title (axis labels on top) is kept.
    """
    extra = max(0, (figure.layout.margin.t or 0) - charts.TITLE_MARGIN)
    return go.Figure(figure).update_layout(title_text="", margin_t=PAGE_TOP_MARGIN + extra)


def _footer(run: dict[str, Any]) -> str:
    config = json.dumps(run.get("config") or {}, indent=2, sort_keys=True)
    return (
        "<footer><details><summary>Segmentation config of this run</summary>"
        f"<pre>{html.escape(config)}</pre></details>"
        "<p>Made by <code>user-segmentation report</code> from the dbt marts "
        "(segment_profiles, segment_feature_stats, segment_radar, segment_category_mix, "
        "segment_interests, segment_k_selection, segmentation_runs, segmentation_model). "
        "Works offline: every script is inside this file.</p></footer>"
    )


CSS = """
:root {
  --text: #1f2933; --muted: #6b7785; --line: #e3e7ec; --bg: #f4f6f9; --card: #ffffff;
  --up: #2f6fae; --down: #c0392b;
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 15px/1.5 Inter, "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif;
}
main { max-width: 1280px; margin: 0 auto; padding: 32px 28px 48px; }
header { margin-bottom: 8px; }
.eyebrow {
  text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted);
  font-weight: 600;
}
h1 { font-size: 30px; margin: 4px 0 4px; letter-spacing: -.01em; }
h2 { font-size: 21px; margin: 0 0 4px; }
h3 { font-size: 17px; margin: 4px 0 6px; line-height: 1.3; }
h4 {
  font-size: 11px; text-transform: uppercase; letter-spacing: .07em; color: var(--muted);
  margin: 14px 0 6px;
}
.meta { color: var(--muted); margin: 0 0 18px; }
.stale-banner { background: #FFF4E5; border: 1px solid #F0B35A; border-radius: 8px;
  color: #663C00; padding: 10px 14px; margin: 0 0 16px; }
code {
  font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px;
  background: #e9edf2; padding: 1px 5px; border-radius: 4px;
}
.tiles { display: grid; grid-template-columns: repeat(5, 1fr); gap: 12px; }
.tile {
  background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  padding: 12px 16px;
}
.tile-label { font-size: 12px; color: var(--muted); font-weight: 600; }
.tile-value { font-size: 26px; font-weight: 700; margin: 2px 0; }
.tile-note { font-size: 12px; color: var(--muted); line-height: 1.35; }
nav {
  position: sticky; top: 0; z-index: 10; display: flex; flex-wrap: wrap; gap: 4px 18px;
  background: rgba(244, 246, 249, .95); padding: 12px 0; margin-bottom: 8px;
  border-bottom: 1px solid var(--line); font-size: 14px;
}
nav a { color: var(--muted); text-decoration: none; }
nav a:hover { color: var(--text); }
section { margin: 28px 0; }
.lead { color: var(--muted); margin: 0 0 12px; max-width: 900px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(370px, 1fr)); gap: 16px; }
.card {
  background: var(--card); border: 1px solid var(--line); border-top: 4px solid var(--segment);
  border-radius: 10px; padding: 14px 18px 16px;
}
.card-head { display: flex; align-items: center; gap: 8px; }
.swatch { width: 12px; height: 12px; border-radius: 3px; display: inline-block; }
.segment-id { font-size: 12px; color: var(--muted); font-weight: 600; }
.size { font-size: 14px; }
.share-bar { height: 6px; background: #edf0f4; border-radius: 3px; margin: 6px 0 10px; }
.share-bar span { display: block; height: 100%; border-radius: 3px; }
.description { color: var(--muted); font-size: 13px; margin: 0; }
table.features { width: 100%; border-collapse: collapse; font-size: 14px; }
table.features td { padding: 3px 0; border-bottom: 1px solid #f0f2f5; }
td.value { text-align: right; font-variant-numeric: tabular-nums; padding-right: 12px; }
td.lift { text-align: right; white-space: nowrap; width: 96px; font-variant-numeric: tabular-nums; }
td.lift.up { color: var(--up); }
td.lift.down { color: var(--down); }
.chips { display: flex; flex-wrap: wrap; gap: 6px; }
.chip {
  background: #f1f3f6; border: 1px solid var(--line); border-radius: 999px; padding: 2px 10px;
  font-size: 13px;
}
.chart {
  background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 8px;
}
footer {
  color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); margin-top: 36px;
}
footer pre {
  background: var(--card); border: 1px solid var(--line); padding: 12px; overflow: auto;
}
@media (max-width: 900px) { .tiles { grid-template-columns: repeat(2, 1fr); } }
"""
