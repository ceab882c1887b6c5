"""Charts of what the segments look like: profile radar, sizes, feature spread, PCA scatter."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from user_segmentation.reporting.charts.theme import (
    GRID_COLOUR,
    MUTED_COLOUR,
    TEXT_COLOUR,
    format_value,
    rgba,
    segment_colours,
    segment_label,
    segments_in,
    style_figure,
    subplot_spacing,
)

# Rings of the radar: the fixed scale of segment_radar.normalised_value in standard deviations.
RADAR_TICKS = {0.0: "−2 SD", 0.25: "−1", 0.5: "avg", 0.75: "+1", 1.0: "+2 SD"}
#: Axes a radar can show and still be read: a wide survey's 40 questions are cut to those the
#: segments differ on most.
RADAR_MAX_FEATURES = 12


def most_distinct_features(
    radar: pd.DataFrame, limit: int = RADAR_MAX_FEATURES
) -> tuple[pd.DataFrame, int]:
    """The rows of the ``limit`` features whose segment means spread widest on the radar's scale
    (in their order), and how many features there were."""
    spread = radar.groupby("feature_name", sort=False)["normalised_value"].agg(
        lambda values: values.max() - values.min()
    )
    if len(spread) <= limit:
        return radar, len(spread)
    kept = set(spread.sort_values(ascending=False, kind="stable").index[:limit])
    return radar[radar["feature_name"].isin(kept)], len(spread)


def _standard_deviations(z: float) -> str:
    if z is None or pd.isna(z):
        return "no spread"
    if abs(z) < 0.05:
        return "average"
    return f"{z:+.1f} SD vs all users"


def radar_chart(radar: pd.DataFrame) -> go.Figure:
    """Radar of segment means on a fixed scale, one closed polygon per segment.

    The scale is the same for any k: the segment mean's z-score against all users clipped to
    +-2 (``normalised_value``: 0 = 2 SD below, 0.5 = the average, 1 = 2 SD above), so a small
    difference between segments stays small on the picture.

    Parameters
    ----------
    radar : pandas.DataFrame
        segment_id, segment_name, feature_label, normalised_value, mean_value and unit (for the
        hover), optionally z_score; features in display order.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    figure = go.Figure()
    colours = segment_colours(radar["segment_id"].unique())
    radar, features = most_distinct_features(radar)
    for segment_id, segment_name in segments_in(radar):
        rows = radar[radar["segment_id"] == segment_id]
        closed = pd.concat([rows, rows.iloc[:1]])
        colour = colours[segment_id]
        z_scores = closed["z_score"] if "z_score" in closed else closed["normalised_value"] * 4 - 2
        hover_values = [
            f"{format_value(value, unit)} ({_standard_deviations(z)})"
            for value, unit, z in zip(closed["mean_value"], closed["unit"], z_scores, strict=True)
        ]
        figure.add_trace(
            go.Scatterpolar(
                r=closed["normalised_value"].tolist(),
                theta=closed["feature_label"].tolist(),
                name=segment_label(segment_id, segment_name),
                mode="lines+markers",
                fill="toself",
                fillcolor=rgba(colour, 0.07),
                line={"color": colour, "width": 2.5},
                marker={"color": colour, "size": 6},
                customdata=hover_values,
                hovertemplate="<b>%{fullData.name}</b><br>%{theta}: %{customdata}<extra></extra>",
            )
        )
    style_figure(
        figure,
        "Segment profiles",
        height=660,
        subtitle="Segment mean of each clustering feature in standard deviations from the "
        "average of all users (middle ring), clipped at ±2"
        + (
            f"; the {RADAR_MAX_FEATURES} of {features} features the segments differ on most"
            if features > RADAR_MAX_FEATURES
            else ""
        ),
    )
    figure.update_layout(
        polar={
            "hole": 0.1,
            "bgcolor": "white",
            "radialaxis": {
                "range": [0, 1.04],
                "tickvals": list(RADAR_TICKS),
                "ticktext": list(RADAR_TICKS.values()),
                "tickfont": {"size": 10, "color": MUTED_COLOUR},
                "angle": 90,
                "tickangle": 90,
                "gridcolor": GRID_COLOUR,
                "linecolor": GRID_COLOUR,
                "showline": False,
            },
            "angularaxis": {
                "direction": "clockwise",
                "rotation": 90,
                "gridcolor": GRID_COLOUR,
                "linecolor": "#C9CED6",
                "tickfont": {"size": 13, "color": TEXT_COLOUR},
            },
            "domain": {"x": [0.0, 0.6]},
        },
        legend={
            "x": 0.63,
            "y": 0.5,
            "xanchor": "left",
            "yanchor": "middle",
            "itemclick": "toggleothers",
            "itemdoubleclick": "toggle",
            "title": {"text": "Segment", "font": {"color": MUTED_COLOUR}},
        },
    )
    return figure


def segment_sizes_chart(segments: pd.DataFrame) -> go.Figure:
    """Horizontal bars of users per segment, labelled with count and share.

    Parameters
    ----------
    segments : pandas.DataFrame
        segment_id, segment_name, user_count, user_share.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    figure = go.Figure()
    colours = segment_colours(segments["segment_id"])
    largest = float(segments["user_count"].max())
    for row in segments.sort_values("segment_id").itertuples(index=False):
        label = segment_label(row.segment_id, row.segment_name)
        figure.add_trace(
            go.Bar(
                x=[row.user_count],
                y=[label],
                orientation="h",
                name=label,
                marker={"color": colours[int(row.segment_id)]},
                text=[f"{row.user_count:,}  ·  {row.user_share:.1%}"],
                textposition="outside",
                cliponaxis=False,
                hovertemplate=f"<b>{label}</b><br>{row.user_count:,} users "
                f"({row.user_share:.1%})<extra></extra>",
                showlegend=False,
            )
        )
    style_figure(
        figure, "Segment sizes", height=120 + 46 * len(segments), subtitle="Users and share"
    )
    figure.update_layout(bargap=0.35, margin={"r": 40})
    figure.update_xaxes(range=[0, largest * 1.25], tickformat=",", title_text="users")
    figure.update_yaxes(autorange="reversed", categoryorder="array", gridcolor="white")
    return figure


def feature_distributions_chart(distributions: pd.DataFrame, columns: int = 4) -> go.Figure:
    """Box plots of each clustering feature per segment, on the user sample.

    Parameters
    ----------
    distributions : pandas.DataFrame
        segment_id, segment_name, feature_name, feature_label, unit, value (long format).
    columns : int
        Panels per row.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    features = distributions.drop_duplicates("feature_name")
    segments = segments_in(distributions)
    colours = segment_colours([i for i, _ in segments])
    rows = max(1, math.ceil(len(features) / columns))
    height = 180 + rows * 300
    titles = [
        f"{label} ({unit})" if isinstance(unit, str) and unit else label
        for label, unit in zip(features["feature_label"], features["unit"], strict=True)
    ]
    figure = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=titles,
        horizontal_spacing=0.06,
        vertical_spacing=subplot_spacing(70, height),
    )
    for position, feature in enumerate(features["feature_name"]):
        values = distributions[distributions["feature_name"] == feature]
        for segment_id, segment_name in segments:
            segment_values = values.loc[values["segment_id"] == segment_id, "value"]
            label = segment_label(segment_id, segment_name)
            figure.add_trace(
                go.Box(
                    y=segment_values,
                    x=[str(segment_id)] * len(segment_values),
                    name=label,
                    legendgroup=str(segment_id),
                    showlegend=position == 0,
                    marker={"color": colours[segment_id], "size": 3},
                    line={"width": 1.5},
                    fillcolor=rgba(colours[segment_id], 0.35),
                    boxpoints=False,
                ),
                row=position // columns + 1,
                col=position % columns + 1,
            )
    style_figure(
        figure,
        "Feature distributions",
        height=height,
        subtitle=f"Clustering features of {distributions['user_key'].nunique():,} sampled users; "
        "box = middle half, line = median, whiskers to 1.5 IQR",
    )
    figure.update_layout(
        legend={"orientation": "h", "x": 0, "y": -0.06, "yanchor": "top"}, boxgap=0.25
    )
    figure.update_xaxes(showgrid=False, type="category", tickfont={"size": 12})
    for position, unit in enumerate(features["unit"]):
        if unit == "ratio":
            figure.update_yaxes(
                tickformat=".0%", row=position // columns + 1, col=position % columns + 1
            )
    figure.update_annotations(font={"size": 13})
    return figure


def pca_scatter_chart(points: pd.DataFrame, centres: pd.DataFrame, explained: tuple) -> go.Figure:
    """Sampled users in the first two principal components of the model space.

    Parameters
    ----------
    points : pandas.DataFrame
        user_key, segment_id, segment_name, pc1, pc2.
    centres : pandas.DataFrame
        segment_id, pc1, pc2 (segment centres in the same projection).
    explained : tuple of float
        Explained variance ratio of the two components.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    figure = go.Figure()
    colours = segment_colours(points["segment_id"].unique())
    names = dict(segments_in(points))
    for segment_id, segment_name in segments_in(points):
        rows = points[points["segment_id"] == segment_id]
        figure.add_trace(
            go.Scatter(
                x=rows["pc1"],
                y=rows["pc2"],
                mode="markers",
                name=segment_label(segment_id, segment_name),
                legendgroup=str(segment_id),
                marker={"color": colours[segment_id], "size": 5, "opacity": 0.55},
                customdata=rows["user_key"].str[:12],
                hovertemplate="<b>%{fullData.name}</b><br>user %{customdata}<extra></extra>",
            )
        )
    shown = centres[centres["segment_id"].isin(names)]
    figure.add_trace(
        go.Scatter(
            x=shown["pc1"],
            y=shown["pc2"],
            mode="markers+text",
            name="Segment centres",
            text=[str(int(i)) for i in shown["segment_id"]],
            textfont={"color": "white", "size": 12},
            marker={
                "color": [colours[int(i)] for i in shown["segment_id"]],
                "size": 24,
                "line": {"color": "white", "width": 2},
            },
            hovertext=[segment_label(i, names[int(i)]) for i in shown["segment_id"]],
            hovertemplate="<b>Centre of %{hovertext}</b><extra></extra>",
            showlegend=False,
        )
    )
    style_figure(
        figure,
        "Users in the model's feature space",
        height=620,
        subtitle=f"PCA of the encoded clustering features; {len(points):,} sampled users, "
        "numbered discs are segment centres",
    )
    figure.update_xaxes(title_text=f"PC1 ({explained[0]:.0%} of variance)", zeroline=False)
    figure.update_yaxes(title_text=f"PC2 ({explained[1]:.0%} of variance)", zeroline=False)
    figure.update_layout(legend={"itemsizing": "constant"})
    return figure
