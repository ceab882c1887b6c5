"""The look every chart shares: segment colours, fonts, the title block and number formats.

A segment has the same colour in every chart, the report's PNGs and the dashboard
(:func:`segment_colours`), and is labelled with its id and name (:func:`segment_label`).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

# Tableau 10 followed by a darker set for runs with more than ten segments. Fixed, so a segment
# keeps its colour between runs and charts.
SEGMENT_PALETTE = (
    "#4E79A7",
    "#F28E2B",
    "#59A14F",
    "#E15759",
    "#B07AA1",
    "#76B7B2",
    "#EDC948",
    "#FF9DA7",
    "#9C755F",
    "#BAB0AC",
    "#1B9E77",
    "#D95F02",
    "#7570B3",
    "#E7298A",
    "#66A61E",
    "#E6AB02",
    "#A6761D",
    "#666666",
)
FONT_FAMILY = (
    "Inter, 'Segoe UI', 'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
)
TEXT_COLOUR = "#1F2933"
MUTED_COLOUR = "#6B7785"
GRID_COLOUR = "#E5E8EC"
ACCENT_COLOUR = "#1F2933"
POPULATION_LABEL = "All users"
NOISE_COLOUR = "#A3ABB5"
TITLE_MARGIN = 90  # top margin that holds a title and subtitle
# Sequential shades for ordered bands (age, income) and soft colours for unordered categories;
# both kept apart from the segment palette so a category is never mistaken for a segment.
BAND_SHADES = ("#DCE9F5", "#B7D2EA", "#8DB6DB", "#5F96C8", "#3A74AE", "#1F5288", "#10345E")
CATEGORY_SHADES = ("#8DA0CB", "#E5C494", "#A6D854", "#FC8D62", "#B3B3B3", "#E78AC3", "#66C2A5")


def segment_colours(segment_ids: Iterable[int]) -> dict[int, str]:
    """The fixed colour of each segment: palette position ``segment_id - 1``.

    Parameters
    ----------
    segment_ids : iterable of int
        Segment ids (1-based, as in the marts; 0 = noise of density-based clustering, grey).

    Returns
    -------
    dict
        ``{segment_id: "#RRGGBB"}``; the same id always gets the same colour.
    """
    return {int(segment_id): _segment_colour(int(segment_id)) for segment_id in segment_ids}


def _segment_colour(segment_id: int) -> str:
    if segment_id < 1:
        return NOISE_COLOUR
    return SEGMENT_PALETTE[(segment_id - 1) % len(SEGMENT_PALETTE)]


def segment_label(segment_id: int, segment_name: str) -> str:
    """The label of a segment in legends and axes: ``"3 · Wide following, prolific reactors"``."""
    return f"{int(segment_id)} · {segment_name}"


def rgba(hex_colour: str, alpha: float) -> str:
    """``"#RRGGBB"`` as a CSS ``rgba()`` colour with the given opacity."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def swatch(segment_id: int) -> str:
    """A square in the segment's colour, as plotly label markup."""
    colour = segment_colours([segment_id])[int(segment_id)]
    return f"<span style='color:{colour}'>■</span>"


def swatch_label(segment_id: int, segment_name: str) -> str:
    """The segment's label after a square in its colour (axis labels without a legend)."""
    return f"{swatch(segment_id)} {segment_label(segment_id, segment_name)}"


def segments_in(frame: pd.DataFrame) -> list[tuple[int, str]]:
    """The ``(segment_id, segment_name)`` pairs of a frame, by id."""
    pairs = frame[["segment_id", "segment_name"]].drop_duplicates().sort_values("segment_id")
    return [(int(i), str(n)) for i, n in pairs.itertuples(index=False)]


def apply_theme(figure: go.Figure) -> go.Figure:
    """Give a figure the shared look: white template, fonts, hover labels and grid colours.

    Every figure of the report and the dashboard gets it; `style_figure` adds the report's
    title block and size on top.
    """
    figure.update_layout(
        template="plotly_white",
        font={"family": FONT_FAMILY, "size": 13, "color": TEXT_COLOUR},
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    figure.update_xaxes(gridcolor=GRID_COLOUR, zerolinecolor=GRID_COLOUR)
    figure.update_yaxes(gridcolor=GRID_COLOUR, zerolinecolor=GRID_COLOUR)
    return figure


def style_figure(
    figure: go.Figure, title: str, height: int, subtitle: str | None = None
) -> go.Figure:
    """Apply the shared look with a bold title, an optional muted subtitle and a height.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure
        The figure to style (changed in place).
    title : str
        Title text.
    height : int
        Figure height in pixels.
    subtitle : str, optional
        A line under the title.

    Returns
    -------
    plotly.graph_objects.Figure
        The same figure.
    """
    text = f"<b>{title}</b>"
    if subtitle:
        text += f"<br><span style='font-size:13px;color:{MUTED_COLOUR}'>{subtitle}</span>"
    apply_theme(figure)
    figure.update_layout(
        title={
            "text": text,
            "x": 0.012,
            "xanchor": "left",
            "xref": "container",
            "y": 1 - 26 / height,
            "yanchor": "top",
            "yref": "container",
            "font": {"size": 19},
        },
        height=height,
        margin={"l": 20, "r": 20, "t": TITLE_MARGIN if subtitle else 64, "b": 40},
        paper_bgcolor="white",
        plot_bgcolor="white",
        legend={"font": {"size": 13}},
    )
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True)
    return figure


def subplot_spacing(pixels: float, height: float) -> float:
    """A subplot gap of about ``pixels`` as the fraction of the figure height plotly expects."""
    return min(0.3, pixels / height)


def title_parts(figure: go.Figure) -> tuple[str, str | None]:
    """A figure's title and subtitle as plain text, for hosts that draw the title themselves.

    Reads the title these charts are given (bold title, ``<br>``, subtitle span) and plotly's
    own ``title.subtitle``; markup is removed.

    Parameters
    ----------
    figure : plotly.graph_objects.Figure
        A figure from this module (or any plotly figure).

    Returns
    -------
    tuple
        ``(title, subtitle)``; the title is ``""`` and the subtitle None when missing.
    """
    text = figure.layout.title.text or ""
    title, _, subtitle = text.partition("<br>")
    subtitle = subtitle or figure.layout.title.subtitle.text or ""
    return _plain(title), (_plain(subtitle) or None)


def _plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


def format_value(value: float, unit: str | None) -> str:
    """A feature value in its unit, for hovers and cards: ``"3.50 h/day"``, ``"18.3%"``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if unit == "ratio":
        return f"{value:.1%}"
    if unit == "count":
        return f"{value:,.1f}"
    if unit == "s":
        return f"{value:,.1f} s"
    if unit == "days":
        return f"{value:,.1f} days"
    if unit == "h/day":
        return f"{value:,.2f} h/day"
    return f"{value:,.3g}"
