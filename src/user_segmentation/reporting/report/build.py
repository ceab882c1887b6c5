"""``build_report``: read the marts, draw the charts, write the page and the PNGs."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from tqdm.auto import tqdm

from user_segmentation.reporting import charts
from user_segmentation.reporting.frames import DEFAULT_SAMPLE_SIZE
from user_segmentation.reporting.report.loading import ReportData, load_report_data
from user_segmentation.reporting.report.png_export import export_pngs
from user_segmentation.reporting.report.render import render_html
from user_segmentation.reporting.report.sections import CHART_NAMES


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


def figure_builders(report: ReportData) -> dict[str, Any]:
    """A zero-argument function per chart name, in report order (lets callers show progress)."""
    projection = report.projection
    # A chart without data is left out, not drawn empty (a user table has no interests; a
    # density-based model chooses no k; a table clustered without attributes has no mix, one
    # clustered on categories alone no numeric profile).
    has_data = {
        "radar": not report.radar.empty,
        "interests": not report.interests.empty,
        "category_mix": not report.category_mix.empty,
        "category_index": not report.category_mix.empty,
        "k_selection": not report.k_scores.empty,
        "distributions": not report.distributions.empty,
    }
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
    return {
        name: builders[name]
        for name in CHART_NAMES
        if name in builders and has_data.get(name, True)
    }


def build_report(
    database: Path,
    out_dir: Path,
    progress: bool = False,
    *,
    png: bool = True,
    sample_size: int = DEFAULT_SAMPLE_SIZE,
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
