"""Charts of how the model was chosen: fit scores against the number of segments."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from user_segmentation.reporting.charts.theme import ACCENT_COLOUR, MUTED_COLOUR, style_figure

K_PANELS = (
    ("silhouette", "Silhouette (higher is better)", ".2f"),
    ("davies_bouldin", "Davies-Bouldin (lower is better)", ".2f"),
    ("inertia", "Inertia (look for the elbow)", ".3~s"),
    ("min_segment_share", "Smallest segment share", ".0%"),
)


def k_selection_chart(k_scores: pd.DataFrame, min_segment_share: float | None = None) -> go.Figure:
    """Fit scores against k in four panels, the chosen k marked in each.

    Parameters
    ----------
    k_scores : pandas.DataFrame
        k, silhouette, davies_bouldin, inertia, min_segment_share, is_selected.
    min_segment_share : float, optional
        The selection threshold, drawn on the smallest-share panel.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    if k_scores.empty:
        return _empty_figure(
            "Choosing the number of segments", "This run chose no k (the algorithm sets it)."
        )
    scores = k_scores.sort_values("k")
    chosen = scores[scores["is_selected"].astype(bool)]
    chosen_k = int(chosen["k"].iloc[0]) if len(chosen) else None
    figure = make_subplots(
        rows=2,
        cols=2,
        subplot_titles=[title for _, title, _ in K_PANELS],
        horizontal_spacing=0.1,
        vertical_spacing=0.16,
    )
    for position, (column, title, number_format) in enumerate(K_PANELS):
        row, col = divmod(position, 2)
        figure.add_trace(
            go.Scatter(
                x=scores["k"],
                y=scores[column],
                mode="lines+markers",
                name=title,
                line={"color": "#8A96A3", "width": 2},
                marker={"color": "#8A96A3", "size": 7},
                hovertemplate=f"k=%{{x}}<br>{title}: %{{y:{number_format}}}<extra></extra>",
                showlegend=False,
            ),
            row=row + 1,
            col=col + 1,
        )
        figure.update_yaxes(tickformat=number_format, row=row + 1, col=col + 1)
        if chosen_k is not None:
            _mark_chosen_k(figure, chosen, column, number_format, row + 1, col + 1, position == 0)
    if min_segment_share is not None:
        figure.add_hline(
            y=min_segment_share,
            line={"color": "#E15759", "dash": "dot", "width": 1.5},
            annotation_text=f"minimum {min_segment_share:.0%}",
            annotation_position="top right",
            annotation_font={"color": "#E15759", "size": 12},
            row=2,
            col=2,
        )
    subtitle = f"k = {chosen_k} was chosen" if chosen_k is not None else "no k marked as chosen"
    style_figure(figure, "Choosing the number of segments", height=640, subtitle=subtitle)
    figure.update_xaxes(dtick=1)
    figure.update_xaxes(title_text="k (number of segments)", row=2)
    figure.update_layout(
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.12, "yanchor": "top"}
    )
    return figure


def _mark_chosen_k(figure, chosen, column, number_format, row, col, show_legend) -> None:
    chosen_k = int(chosen["k"].iloc[0])
    figure.add_vline(
        x=chosen_k, line={"color": ACCENT_COLOUR, "dash": "dash", "width": 1}, row=row, col=col
    )
    figure.add_trace(
        go.Scatter(
            x=[chosen_k],
            y=chosen[column],
            mode="markers",
            name=f"Chosen k = {chosen_k}",
            legendgroup="chosen",
            showlegend=show_legend,
            marker={"color": ACCENT_COLOUR, "size": 15, "symbol": "star"},
            hovertemplate=f"chosen k={chosen_k}<br>%{{y:{number_format}}}<extra></extra>",
        ),
        row=row,
        col=col,
    )


def _empty_figure(title: str, message: str) -> go.Figure:
    figure = go.Figure()
    figure.add_annotation(
        text=message,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 15, "color": MUTED_COLOUR},
    )
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return style_figure(figure, title, height=240)
