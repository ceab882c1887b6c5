"""The segmentation report: one self-contained offline HTML file and a PNG of each chart.

`build_report` reads the marts (:mod:`user_segmentation.reporting.frames`), draws the charts
(:mod:`user_segmentation.reporting.charts`), writes ``report.html`` with plotly.js embedded once
(no CDN, no external requests) and exports PNGs with kaleido, falling back to matplotlib for the
radar chart when kaleido cannot run a browser.

Parts:

- ``build``: `build_report`, the entry point, and its `ReportResult`.
- ``loading``: `ReportData`, every frame the report shows, read from one warehouse.
- ``sections``: the caption table, each chart's anchor, navigation label, heading and lead.
- ``render``: the page, from the ``report.html`` template and ``report.css`` (package data).
- ``png_export``: PNGs with kaleido, or the matplotlib radar.
"""

from user_segmentation.reporting.report.build import ReportResult, build_report, figure_builders
from user_segmentation.reporting.report.loading import ReportData, load_report_data
from user_segmentation.reporting.report.png_export import export_pngs
from user_segmentation.reporting.report.render import render_html
from user_segmentation.reporting.report.sections import CHART_NAMES, CHART_SECTIONS, ChartSection

__all__ = [
    "CHART_NAMES",
    "CHART_SECTIONS",
    "ChartSection",
    "ReportData",
    "ReportResult",
    "build_report",
    "export_pngs",
    "figure_builders",
    "load_report_data",
    "render_html",
]
