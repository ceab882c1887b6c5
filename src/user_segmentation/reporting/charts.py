"""Plotly figures of the segmentation, one function per chart.

Every function takes tidy frames (see :mod:`user_segmentation.reporting.report_data`) and returns a
``plotly.graph_objects.Figure``; the caller decides where it goes (HTML, PNG). A segment has the
same colour in every chart (:func:`segment_colours`) and is labelled with its id and name.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

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
ORDERED_ATTRIBUTES = ("age_band", "income_band")


def category_rank(mix: pd.DataFrame) -> pd.Series:
    """Display order of each row's category within its attribute (1 = first).

    Banded categories keep their band order (``category_order``); the others go from the most to
    the least common among all users, ties by name.
    """
    categories = mix.drop_duplicates(["attribute", "category"])
    ordered = categories.assign(
        _band=categories["category_order"].astype("Float64"),
        _population=-categories["population_share"],
    ).sort_values(["attribute", "_band", "_population", "category"], na_position="last")
    ordered["category_rank"] = ordered.groupby("attribute").cumcount() + 1
    rank = ordered.set_index(["attribute", "category"])["category_rank"]
    keys = pd.MultiIndex.from_frame(mix[["attribute", "category"]])
    return pd.Series(rank.reindex(keys).to_numpy(), index=mix.index, dtype="int64")


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


def _rgba(hex_colour: str, alpha: float) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def _swatch(segment_id: int) -> str:
    colour = segment_colours([segment_id])[int(segment_id)]
    return f"<span style='color:{colour}'>■</span>"


def _swatch_label(segment_id: int, segment_name: str) -> str:
    return f"{_swatch(segment_id)} {segment_label(segment_id, segment_name)}"


def _segments(frame: pd.DataFrame) -> list[tuple[int, str]]:
    pairs = frame[["segment_id", "segment_name"]].drop_duplicates().sort_values("segment_id")
    return [(int(i), str(n)) for i, n in pairs.itertuples(index=False)]


def _style(figure: go.Figure, title: str, height: int, subtitle: str | None = None) -> go.Figure:
    text = f"<b>{title}</b>"
    if subtitle:
        text += f"<br><span style='font-size:13px;color:{MUTED_COLOUR}'>{subtitle}</span>"
    figure.update_layout(
        template="plotly_white",
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
        font={"family": FONT_FAMILY, "size": 13, "color": TEXT_COLOUR},
        height=height,
        margin={"l": 20, "r": 20, "t": TITLE_MARGIN if subtitle else 64, "b": 40},
        paper_bgcolor="white",
        plot_bgcolor="white",
        hoverlabel={"font": {"family": FONT_FAMILY}},
        legend={"font": {"size": 13}},
    )
    figure.update_xaxes(gridcolor=GRID_COLOUR, zerolinecolor=GRID_COLOUR, automargin=True)
    figure.update_yaxes(gridcolor=GRID_COLOUR, zerolinecolor=GRID_COLOUR, automargin=True)
    return figure


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


def radar_chart(radar: pd.DataFrame) -> go.Figure:
    """Radar of normalised segment means, one closed polygon per segment.

    Parameters
    ----------
    radar : pandas.DataFrame
        segment_id, segment_name, feature_label, normalised_value (0 = lowest segment,
        1 = highest), mean_value and unit (for the hover); features in display order.

    Returns
    -------
    plotly.graph_objects.Figure
    """
    figure = go.Figure()
    colours = segment_colours(radar["segment_id"].unique())
    for segment_id, segment_name in _segments(radar):
        rows = radar[radar["segment_id"] == segment_id]
        closed = pd.concat([rows, rows.iloc[:1]])
        colour = colours[segment_id]
        hover_values = [
            format_value(value, unit)
            for value, unit in zip(closed["mean_value"], closed["unit"], strict=True)
        ]
        figure.add_trace(
            go.Scatterpolar(
                r=closed["normalised_value"].tolist(),
                theta=closed["feature_label"].tolist(),
                name=segment_label(segment_id, segment_name),
                mode="lines+markers",
                fill="toself",
                fillcolor=_rgba(colour, 0.07),
                line={"color": colour, "width": 2.5},
                marker={"color": colour, "size": 6},
                customdata=hover_values,
                hovertemplate="<b>%{fullData.name}</b><br>%{theta}: %{customdata}"
                "<br>position %{r:.2f} (0 lowest, 1 highest segment)<extra></extra>",
            )
        )
    _style(
        figure,
        "Segment profiles",
        height=660,
        subtitle="Segment mean of each clustering feature, scaled from the lowest (centre) "
        "to the highest segment (edge)",
    )
    figure.update_layout(
        polar={
            "hole": 0.1,
            "bgcolor": "white",
            "radialaxis": {
                "range": [0, 1.04],
                "tickvals": [0.25, 0.5, 0.75, 1.0],
                "ticktext": ["", "", "", ""],
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
    _style(figure, "Segment sizes", height=120 + 46 * len(segments), subtitle="Users and share")
    figure.update_layout(bargap=0.35, margin={"r": 40})
    figure.update_xaxes(range=[0, largest * 1.25], tickformat=",", title_text="users")
    figure.update_yaxes(autorange="reversed", categoryorder="array", gridcolor="white")
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
    names = dict(_segments(points))
    for segment_id, segment_name in _segments(points):
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
    _style(
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
    _style(figure, "Choosing the number of segments", height=640, subtitle=subtitle)
    figure.update_xaxes(dtick=1)
    figure.update_xaxes(title_text="k (number of segments)", row=2)
    figure.update_layout(
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.12, "yanchor": "top"}
    )
    return figure


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
    return _style(figure, title, height=240)


def _spacing(pixels: float, height: float) -> float:
    """A subplot gap of about ``pixels`` as the fraction of the figure height plotly expects."""
    return min(0.3, pixels / height)


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
    segments = _segments(mix)
    labels = [POPULATION_LABEL] + [_swatch_label(i, n) for i, n in segments]
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
    _style(
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
    segments = _segments(mix)
    table = mix.set_index(["attribute", "category", "segment_id"])
    index = _grid(table["share_index"], keys, segments)
    share = _grid(table["share"], keys, segments)
    population = categories["population_share"].to_numpy()[:, None]
    figure = go.Figure(
        _log_ratio_heatmap(
            index,
            x=[_swatch(i) + " " + _wrap(segment_label(i, n), 18) for i, n in segments],
            y=[categories["attribute_label"].tolist(), categories["category"].tolist()],
            text=[[f"{value:.1f}×" for value in row] for row in index],
            customdata=np.dstack([share, np.broadcast_to(population, share.shape)]),
            colorbar_title="index",
            hovertemplate="<b>%{y}</b> in %{x}<br>%{customdata[0]:.1%} of the segment vs "
            "%{customdata[1]:.1%} of all users (%{text})<extra></extra>",
        )
    )
    _style(
        figure,
        "Over- and under-represented categories",
        height=200 + 27 * len(keys),
        subtitle="Index = share in the segment / share among all users (1× = same as everyone)",
    )
    return _heatmap_axes(figure)


def rule_crosstab_heatmap(crosstab: pd.DataFrame) -> go.Figure:
    """Heatmap of the ML segments against the rule-based (RFM style) baseline segments.

    One row per rule segment (in rule priority order), one column per ML segment. A cell shows
    the share of the ML segment that falls in the rule segment; its colour is the lift (that
    share over the rule segment's share of all users), on a log scale like the category index.

    Parameters
    ----------
    crosstab : pandas.DataFrame
        segment_id, segment_name, rule_segment_id, rule_segment_name, rule_priority, users,
        share_of_segment, lift (see `report_data.read_rule_crosstab`).

    Returns
    -------
    plotly.graph_objects.Figure
    """
    rules = crosstab.drop_duplicates("rule_segment_id").sort_values("rule_priority")
    segments = _segments(crosstab)
    table = crosstab.set_index(["rule_segment_id", "segment_id"])
    keys = [(rule, segment) for rule in rules["rule_segment_id"] for segment, _ in segments]
    shape = (len(rules), len(segments))
    share = np.array([table["share_of_segment"].get(key, 0.0) for key in keys]).reshape(shape)
    lift = np.array([table["lift"].get(key, np.nan) for key in keys]).reshape(shape)
    users = np.array([table["users"].get(key, 0) for key in keys]).reshape(shape)
    figure = go.Figure(
        _log_ratio_heatmap(
            np.nan_to_num(lift, nan=0.125),
            x=[_swatch(i) + " " + _wrap(segment_label(i, n), 18) for i, n in segments],
            y=rules["rule_segment_name"].tolist(),
            text=[[f"{value:.0%}" if value else "" for value in row] for row in share],
            customdata=np.dstack([users, np.nan_to_num(lift)]),
            colorbar_title="lift",
            hovertemplate="<b>%{y}</b> in %{x}<br>%{customdata[0]:,} users, %{text} of the "
            "segment (lift %{customdata[1]:.1f}×)<extra></extra>",
        )
    )
    _style(
        figure,
        "Segments against the rule-based baseline",
        height=220 + 34 * len(rules),
        subtitle="Share of each segment in each RFM-style rule segment; colour = lift",
    )
    return _heatmap_axes(figure)


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


def _heatmap_axes(figure: go.Figure) -> go.Figure:
    """Rows top to bottom, segment labels above the columns, no grid."""
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
    segments = _segments(interests)
    colours = segment_colours([i for i, _ in segments])
    rows = max(1, math.ceil(len(segments) / columns))
    height = 150 + rows * 230
    figure = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=[segment_label(i, n) for i, n in segments],
        horizontal_spacing=0.2,
        vertical_spacing=_spacing(90, height),
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
    _style(
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
    segments = _segments(distributions)
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
        vertical_spacing=_spacing(70, height),
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
                    fillcolor=_rgba(colours[segment_id], 0.35),
                    boxpoints=False,
                ),
                row=position // columns + 1,
                col=position % columns + 1,
            )
    _style(
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


def radar_chart_matplotlib(radar: pd.DataFrame):
    """The radar chart drawn with matplotlib (Agg), for PNG export without a browser.

    Parameters
    ----------
    radar : pandas.DataFrame
        Same frame as :func:`radar_chart`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    features = list(dict.fromkeys(radar["feature_label"]))
    angles = np.linspace(0, 2 * np.pi, len(features), endpoint=False).tolist()
    figure = Figure(figsize=(11, 6.2), dpi=150, layout="constrained")
    axes = figure.add_subplot(projection="polar")
    axes.set_theta_offset(np.pi / 2)
    axes.set_theta_direction(-1)
    colours = segment_colours(radar["segment_id"].unique())
    for segment_id, segment_name in _segments(radar):
        rows = radar[radar["segment_id"] == segment_id].set_index("feature_label")
        values = rows["normalised_value"].reindex(features).fillna(0).tolist()
        colour = colours[segment_id]
        label = segment_label(segment_id, segment_name)
        axes.plot([*angles, angles[0]], [*values, values[0]], color=colour, lw=2, label=label)
        axes.fill([*angles, angles[0]], [*values, values[0]], color=colour, alpha=0.07)
    axes.set_xticks(angles, features, fontsize=10)
    axes.set_yticks([0.25, 0.5, 0.75, 1.0], [])
    axes.set_ylim(-0.06, 1.04)
    axes.spines["polar"].set_color(GRID_COLOUR)
    axes.grid(color=GRID_COLOUR)
    axes.legend(loc="center left", bbox_to_anchor=(1.15, 0.5), frameon=False, fontsize=10)
    figure.suptitle("Segment profiles", x=0.02, ha="left", fontweight="bold", fontsize=14)
    return figure
