"""The dashboard's figures: report charts laid out for Streamlit columns, and its own charts.

Its own charts take the look of :mod:`user_segmentation.reporting.charts` (`charts.apply_theme`)
and the segment colours the caller passes (from `charts.segment_colours`).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from user_segmentation.reporting import charts


def style(figure: go.Figure, height: int) -> go.Figure:
    """The dashboard's own figures in the look of `user_segmentation.reporting.charts`."""
    charts.apply_theme(figure)
    figure.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
    )
    return figure


#: Shown where the radar would be when the segments were clustered on categories alone.
NO_NUMERIC_PROFILE = (
    "The segments were clustered on categories alone: there is no numeric profile to draw. "
    "The category mix shows how they differ."
)


def radar_figure(radar: pd.DataFrame) -> go.Figure:
    """`charts.radar_chart` of a `radar_frame`, laid out for a half-width column: long feature
    names on two lines and the legend below the radar."""
    figure = charts.radar_chart(radar.assign(feature_label=radar["feature_label"].map(_wrap)))
    figure.update_layout(
        polar={"domain": {"x": [0.0, 1.0], "y": [0.3, 1.0]}},
        legend={"orientation": "v", "x": 0, "xanchor": "left", "y": 0.25, "yanchor": "top"},
        margin={"l": 80, "r": 80},
    )
    return figure


def sizes_figure(profiles: pd.DataFrame) -> go.Figure:
    """`charts.segment_sizes_chart` with room on the right for its labels in a narrow column."""
    figure = charts.segment_sizes_chart(profiles)
    figure.update_layout(margin={"r": 100})
    return figure


def _wrap(label: str, width: int = 12) -> str:
    """Break a long label at the space nearest its middle (plotly does not wrap)."""
    if len(label) <= width or " " not in label:
        return label
    middle = len(label) // 2
    cut = min((i for i, c in enumerate(label) if c == " "), key=lambda i: abs(i - middle))
    return label[:cut] + "<br>" + label[cut + 1 :]


def feature_lift_figure(features: pd.DataFrame, colour: str) -> go.Figure:
    """Bars of each feature's z-score against the population, labelled with the lift."""
    frame = features.iloc[::-1]
    figure = go.Figure(
        go.Bar(
            x=frame["z_score"],
            y=[
                f"{label} ({lift:.1f}×)"
                for label, lift in zip(frame["feature_label"], frame["lift"], strict=True)
            ],
            orientation="h",
            marker_color=colour,
            customdata=frame[["mean_value", "population_mean"]],
            hovertemplate=(
                "%{y}<br>mean %{customdata[0]:,.3~r} vs population %{customdata[1]:,.3~r}"
                "<br>z %{x:.2f}<extra></extra>"
            ),
        )
    )
    figure.add_vline(x=0, line_color=charts.MUTED_COLOUR, line_width=1)
    figure.update_layout(
        title={
            "text": "Distinctive features",
            "subtitle": {
                "text": "segment mean in standard deviations from the population mean "
                "(label: mean as a multiple of the average)"
            },
        },
        xaxis_title="z-score of the segment mean",
    )
    return style(figure, height=max(300, 34 * len(frame) + 100))


def compare_features_figure(
    comparison: pd.DataFrame, labels: tuple[str, str], colours: tuple[str, str]
) -> go.Figure:
    """Grouped bars of both segments' z-scores per feature."""
    frame = comparison.iloc[::-1]
    figure = go.Figure()
    for suffix, label, colour in zip(("a", "b"), labels, colours, strict=True):
        figure.add_trace(
            go.Bar(
                x=frame[f"z_score_{suffix}"],
                y=frame["feature_label"],
                orientation="h",
                name=label,
                marker_color=colour,
                customdata=frame[[f"mean_value_{suffix}", f"lift_{suffix}"]],
                hovertemplate=(
                    "%{y}: mean %{customdata[0]:,.3~r} (%{customdata[1]:.1f}× avg)"
                    "<extra>%{fullData.name}</extra>"
                ),
            )
        )
    figure.add_vline(x=0, line_color=charts.MUTED_COLOUR, line_width=1)
    figure.update_layout(
        title="Feature means (z-score vs the population)",
        barmode="group",
        xaxis_title="z-score of the segment mean",
    )
    return style(figure, height=max(360, 48 * len(frame) + 120))


def category_difference_figure(differences: pd.DataFrame, colours: tuple[str, str]) -> go.Figure:
    """Diverging bars of the share difference (points) between two segments."""
    frame = differences.iloc[::-1]
    figure = go.Figure(
        go.Bar(
            x=frame["difference"],
            y=frame["label"],
            orientation="h",
            marker_color=[colours[0] if d >= 0 else colours[1] for d in frame["difference"]],
            customdata=frame[["share_a", "share_b"]],
            hovertemplate="%{y}<br>%{customdata[0]:.1%} vs %{customdata[1]:.1%}<extra></extra>",
        )
    )
    figure.add_vline(x=0, line_color=charts.MUTED_COLOUR, line_width=1)
    figure.update_layout(
        title="Category mix: largest differences (share in first minus second segment)",
        xaxis_tickformat="+.0%",
        xaxis_title="difference in share of users",
        showlegend=False,
    )
    return style(figure, height=max(320, 28 * len(frame) + 120))


def user_features_figure(comparison: pd.DataFrame, colour: str) -> go.Figure:
    """A user's features against their segment's means, both as z-scores vs the population."""
    frame = comparison.iloc[::-1]
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=frame["z_score"],
            y=frame["feature_label"],
            orientation="h",
            name="segment mean",
            marker_color=colour,
            opacity=0.45,
            customdata=frame["mean_value"],
            hovertemplate="%{y}: %{customdata:,.3~r}<extra>segment mean</extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=frame["user_z"],
            y=frame["feature_label"],
            mode="markers",
            name="this user",
            marker={"color": charts.ACCENT_COLOUR, "size": 11, "symbol": "diamond"},
            customdata=frame["user_value"],
            hovertemplate="%{y}: %{customdata:,.3~r}<extra>this user</extra>",
        )
    )
    figure.add_vline(x=0, line_color=charts.MUTED_COLOUR, line_width=1)
    figure.update_layout(
        title="User vs segment mean (z-score vs the population)",
        xaxis_title="standard deviations from the population mean",
    )
    return style(figure, height=max(320, 34 * len(frame) + 120))
