"""Charts of who is in each segment: category mix, over-representation, interests, rules."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from user_segmentation.reporting.charts.theme import (
    BAND_SHADES,
    CATEGORY_SHADES,
    MUTED_COLOUR,
    POPULATION_LABEL,
    TEXT_COLOUR,
    segment_colours,
    segment_label,
    segments_in,
    style_figure,
    subplot_spacing,
    swatch,
    swatch_label,
)

ORDERED_ATTRIBUTES = ("age_band", "income_band")


def category_mix_chart(mix: pd.DataFrame) -> go.Figure:
    """100% stacked bars of each attribute's categories per segment, with all users on top.

    Hover shows the share, the population share and the index (share / population share).

    Parameters
    ----------
    mix : pandas.DataFrame
        segment_id, segment_name, attribute, attribute_label, category, category_rank, share,
        population_share, share_index, users.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    attributes = list(dict.fromkeys(mix["attribute"]))
    segments = segments_in(mix)
    labels = [POPULATION_LABEL] + [swatch_label(i, n) for i, n in segments]
    figure = make_subplots(
        rows=len(attributes),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.045,
        subplot_titles=[
            mix.loc[mix["attribute"] == a, "attribute_label"].iloc[0] for a in attributes
        ],
    )
    for position, attribute in enumerate(attributes, start=1):
        rows = mix[mix["attribute"] == attribute]
        _add_category_bars(figure, rows, attribute, segments, labels, position)
    _place_category_legends(figure, attributes)
    style_figure(
        figure,
        "Who is in each segment",
        height=170 + len(attributes) * (40 + 24 * len(labels)),
        subtitle="Share of each category; hover for the index against all users",
    )
    figure.update_layout(barmode="stack", bargap=0.25, margin={"r": 150})
    figure.update_xaxes(range=[0, 1], tickformat=".0%", showgrid=False)
    figure.update_xaxes(title_text="share of users", row=len(attributes), col=1)
    figure.update_yaxes(autorange="reversed", showgrid=False, tickfont={"size": 12})
    figure.update_annotations(font={"size": 14, "color": TEXT_COLOUR}, x=0, xanchor="left")
    return figure


def _add_category_bars(figure, rows, attribute, segments, labels, position) -> None:
    categories = rows.sort_values("category_rank")["category"].drop_duplicates().tolist()
    ordered = "category_order" in rows and rows["category_order"].notna().any()
    colours = _category_colours(attribute, categories, ordered)
    for category in categories:
        category_rows = rows[rows["category"] == category].set_index("segment_id")
        population = float(category_rows["population_share"].iloc[0])
        shares = [population] + [float(category_rows["share"].get(i, 0.0)) for i, _ in segments]
        indexes = [1.0] + [float(category_rows["share_index"].get(i, 0.0)) for i, _ in segments]
        colour = colours[category]
        figure.add_trace(
            go.Bar(
                x=shares,
                y=labels,
                orientation="h",
                name=category,
                legend="legend" if position == 1 else f"legend{position}",
                marker={"color": colour, "line": {"color": "white", "width": 1}},
                text=[f"{share:.0%}" if share >= 0.07 else "" for share in shares],
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": _text_colour(colour), "size": 11},
                customdata=np.column_stack([indexes, [population] * len(shares)]),
                hovertemplate=f"%{{y}}<br><b>{category}</b>: %{{x:.1%}} "
                "(all users %{customdata[1]:.1%}, index %{customdata[0]:.2f})<extra></extra>",
            ),
            row=position,
            col=1,
        )


def _category_colours(
    attribute: str, categories: list[str], ordered: bool = False
) -> dict[str, str]:
    if ordered or attribute in ORDERED_ATTRIBUTES:
        positions = np.linspace(0, len(BAND_SHADES) - 1, num=max(len(categories), 1))
        shades = [BAND_SHADES[int(round(p))] for p in positions]
    else:
        shades = [CATEGORY_SHADES[i % len(CATEGORY_SHADES)] for i in range(len(categories))]
    return dict(zip(categories, shades, strict=True))


def _text_colour(background: str) -> str:
    red, green, blue = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    return "white" if 0.299 * red + 0.587 * green + 0.114 * blue < 140 else TEXT_COLOUR


def _place_category_legends(figure: go.Figure, attributes: list[str]) -> None:
    for position in range(1, len(attributes) + 1):
        axis = figure.layout[f"yaxis{'' if position == 1 else position}"]
        top = axis.domain[1]
        name = "legend" if position == 1 else f"legend{position}"
        figure.update_layout(
            {
                name: {
                    "x": 1.01,
                    "xanchor": "left",
                    "y": top,
                    "yanchor": "top",
                    "font": {"size": 12},
                    "tracegroupgap": 2,
                    "traceorder": "normal",
                }
            }
        )


def category_index_heatmap(mix: pd.DataFrame) -> go.Figure:
    """Heatmap of each category's index against all users (share / population share).

    One row per category (grouped by attribute), one column per segment. Blue cells are
    over-represented in the segment, red under-represented; the colour scale is logarithmic so
    that 2x and 0.5x are equally strong.

    Parameters
    ----------
    mix : pandas.DataFrame
        segment_id, segment_name, attribute, attribute_label, category, category_rank, share,
        population_share, share_index (ordered by attribute and category rank).

    Returns
    -------
    plotly.graph_objects.Figure
    """
    categories = mix.drop_duplicates(["attribute", "category"])
    keys = list(zip(categories["attribute"], categories["category"], strict=True))
    segments = segments_in(mix)
    table = mix.set_index(["attribute", "category", "segment_id"])
    index = _grid(table["share_index"], keys, segments)
    share = _grid(table["share"], keys, segments)
    population = categories["population_share"].to_numpy()[:, None]
    figure = go.Figure(
        _log_ratio_heatmap(
            index,
            x=[swatch(i) + " " + _wrap(segment_label(i, n), 18) for i, n in segments],
            y=[categories["attribute_label"].tolist(), categories["category"].tolist()],
            text=[[f"{value:.1f}×" for value in row] for row in index],
            customdata=np.dstack([share, np.broadcast_to(population, share.shape)]),
            colorbar_title="index",
            hovertemplate="<b>%{y}</b> in %{x}<br>%{customdata[0]:.1%} of the segment vs "
            "%{customdata[1]:.1%} of all users (%{text})<extra></extra>",
        )
    )
    return _style_heatmap(
        figure,
        "Over- and under-represented categories",
        200 + 27 * len(keys),
        "Index = share in the segment / share among all users (1× = same as everyone)",
    )


def rule_crosstab_heatmap(crosstab: pd.DataFrame) -> go.Figure:
    """Heatmap of the ML segments against the rule-based (RFM style) baseline segments.

    One row per rule segment (in rule priority order), one column per ML segment. A cell shows
    the share of the ML segment that falls in the rule segment; its colour is the lift (that
    share over the rule segment's share of all users), on a log scale like the category index.

    Parameters
    ----------
    crosstab : pandas.DataFrame
        segment_id, segment_name, rule_segment_id, rule_segment_name, rule_priority, users,
        share_of_segment, lift (see `frames.read_rule_crosstab`).

    Returns
    -------
    plotly.graph_objects.Figure
    """
    rules = crosstab.drop_duplicates("rule_segment_id").sort_values("rule_priority")
    segments = segments_in(crosstab)
    table = crosstab.set_index(["rule_segment_id", "segment_id"])
    keys = [(rule, segment) for rule in rules["rule_segment_id"] for segment, _ in segments]
    shape = (len(rules), len(segments))
    share = np.array([table["share_of_segment"].get(key, 0.0) for key in keys]).reshape(shape)
    lift = np.array([table["lift"].get(key, np.nan) for key in keys]).reshape(shape)
    users = np.array([table["users"].get(key, 0) for key in keys]).reshape(shape)
    figure = go.Figure(
        _log_ratio_heatmap(
            np.nan_to_num(lift, nan=0.125),
            x=[swatch(i) + " " + _wrap(segment_label(i, n), 18) for i, n in segments],
            y=rules["rule_segment_name"].tolist(),
            text=[[f"{value:.0%}" if value else "" for value in row] for row in share],
            customdata=np.dstack([users, np.nan_to_num(lift)]),
            colorbar_title="lift",
            hovertemplate="<b>%{y}</b> in %{x}<br>%{customdata[0]:,} users, %{text} of the "
            "segment (lift %{customdata[1]:.1f}×)<extra></extra>",
        )
    )
    return _style_heatmap(
        figure,
        "Segments against the rule-based baseline",
        220 + 34 * len(rules),
        "Share of each segment in each RFM-style rule segment; colour = lift",
    )


def _log_ratio_heatmap(ratio: np.ndarray, *, colorbar_title: str, **cells) -> go.Heatmap:
    """A heatmap of ratios (1 = as common as in the population) on a log2 scale from ¼× to 4×.

    ``cells`` are the trace's x, y, text, customdata and hovertemplate.
    """
    return go.Heatmap(
        z=np.log2(np.clip(ratio, 0.125, 8.0)),
        texttemplate="%{text}",
        textfont={"size": 12},
        colorscale="RdBu",
        zmid=0,
        zmin=-2,
        zmax=2,
        xgap=2,
        ygap=2,
        colorbar={
            "title": {"text": colorbar_title, "side": "right"},
            "tickvals": [-2, -1, 0, 1, 2],
            "ticktext": ["¼×", "½×", "1×", "2×", "4×"],
            "thickness": 12,
            "len": 0.6,
        },
        **cells,
    )


def _style_heatmap(figure: go.Figure, title: str, height: int, subtitle: str) -> go.Figure:
    """The shared look, with rows top to bottom, segment labels above the columns, no grid."""
    style_figure(figure, title, height=height, subtitle=subtitle)
    figure.update_yaxes(autorange="reversed", showgrid=False, tickfont={"size": 12})
    figure.update_xaxes(showgrid=False, side="top", tickfont={"size": 12})
    figure.update_layout(margin={"t": 160})
    return figure


def _grid(values: pd.Series, keys: list[tuple[str, str]], segments) -> np.ndarray:
    return np.array(
        [[values.get((a, c, i), np.nan) for i, _ in segments] for a, c in keys], dtype=float
    )


def _wrap(text: str, width: int) -> str:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return "<br>".join([*lines, current])


def interests_chart(interests: pd.DataFrame, columns: int = 3) -> go.Figure:
    """Top interests of each segment as bars of lift (share in segment / share of all users).

    Parameters
    ----------
    interests : pandas.DataFrame
        segment_id, segment_name, interest_rank, interest, share, population_share, lift.
    columns : int
        Panels per row.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    segments = segments_in(interests)
    colours = segment_colours([i for i, _ in segments])
    rows = max(1, math.ceil(len(segments) / columns))
    height = 150 + rows * 230
    figure = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=[segment_label(i, n) for i, n in segments],
        horizontal_spacing=0.2,
        vertical_spacing=subplot_spacing(90, height),
    )
    top_lift = float(interests["lift"].max()) if len(interests) else 1.0
    for position, (segment_id, segment_name) in enumerate(segments):
        panel = interests[interests["segment_id"] == segment_id].sort_values("interest_rank")
        figure.add_trace(
            go.Bar(
                x=panel["lift"],
                y=panel["interest"],
                orientation="h",
                name=segment_label(segment_id, segment_name),
                marker={"color": colours[segment_id]},
                text=[f"{lift:.1f}×" for lift in panel["lift"]],
                textposition="outside",
                cliponaxis=False,
                customdata=np.column_stack([panel["share"], panel["population_share"]]),
                hovertemplate="<b>%{y}</b><br>%{customdata[0]:.1%} of the segment vs "
                "%{customdata[1]:.1%} of all users (lift %{x:.2f})<extra></extra>",
                showlegend=False,
            ),
            row=position // columns + 1,
            col=position % columns + 1,
        )
    for position in range(len(segments)):
        row, col = position // columns + 1, position % columns + 1
        figure.add_vline(
            x=1, line={"color": MUTED_COLOUR, "dash": "dot", "width": 1}, row=row, col=col
        )
    style_figure(
        figure,
        "Top interests per segment",
        height=height,
        subtitle="Lift = share of the segment with the interest / share of all users "
        "(dotted line: 1×, same as everyone)",
    )
    figure.update_xaxes(range=[0, top_lift * 1.3], showgrid=False, showticklabels=False)
    figure.update_yaxes(autorange="reversed", showgrid=False, tickfont={"size": 12})
    figure.update_annotations(font={"size": 13})
    return figure
