"""Pictures of the segments: the HTML report, its charts and the dashboard.

Parts:

- ``frames``: the marts as tidy frames, shaped once for the report and the dashboard.
- ``charts``: plotly figures built from those frames (theme, profile, model-fit and category
  charts, and a matplotlib radar for PNGs without a browser).
- ``report``: the self-contained HTML report and its PNGs (`build_report`).
- ``dashboard``: the Streamlit app on the published marts.

Importing this package loads none of them (the CLI imports each part when a command needs it);
`build_report` is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from user_segmentation.reporting.report import build_report

__all__ = ["build_report"]


def __getattr__(name: str):
    if name == "build_report":
        from user_segmentation.reporting.report import build_report

        return build_report
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
