"""Streamlit pieces every page uses: a chart under its heading, colour swatches, pickers."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from user_segmentation.reporting import charts
from user_segmentation.reporting.dashboard.shaping import segment_label


def show_chart(figure: go.Figure, key: str, title: str | None = None) -> None:
    """Show a figure under a Streamlit heading made from its title (or ``title``); plotly's
    title and legend would otherwise collide with Streamlit's toolbar."""
    heading, subtitle = charts.title_parts(figure)
    heading = title or heading
    if heading:
        st.markdown(f"**{heading}**" + (f"  \n:gray[{subtitle}]" if subtitle else ""))
    figure.update_layout(title=None, margin={"t": 30})
    st.plotly_chart(figure, key=key, config={"displayModeBar": False})


def swatch(colour: str, text: str) -> str:
    """``text`` (escaped) after a dot in ``colour``, as HTML for ``st.markdown``."""
    return (
        f'<span style="display:inline-block;width:0.8em;height:0.8em;border-radius:50%;'
        f'background:{colour};margin-right:0.4em"></span>{html.escape(text)}'
    )


def table_height(rows: int) -> int:
    """Pixel height that shows ``rows`` rows of st.dataframe without a scrollbar."""
    return 35 * (rows + 1) + 3


def utc_timestamp(value: str | None) -> str:
    """An ISO timestamp as ``YYYY-MM-DD HH:MM:SS UTC`` (naive values are UTC here)."""
    if not value:
        return "–"
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC")
    return f"{stamp:%Y-%m-%d %H:%M:%S} UTC"


def segment_picker(
    label: str, profiles: pd.DataFrame, key: str, index: int = 0, container=st
) -> int:
    """A select box of the release's segments, labelled with id and name; returns the id."""
    ids = [int(s) for s in profiles["segment_id"]]
    return container.selectbox(
        label,
        ids,
        index=min(index, len(ids) - 1),
        format_func=lambda s: segment_label(profiles, s),
        key=key,
    )
