"""Streamlit dashboard on the published marts: Overview, Segment, Compare, User lookup.

Run it with ``user-segmentation dashboard --publish-dir DIR``. It reads only the release that
``DIR/current`` points to, through `user_segmentation.serving.publish.open_published`, never
the DuckDB file `dbt build` writes, so it keeps serving while a build runs. ``current`` is
re-resolved on every rerun: a new publish shows up on the next reload or interaction.

The module has three layers: queries (a connection in, DataFrames out), figures (DataFrames in,
plotly figures out) and pages (Streamlit calls). Charts the HTML report also draws come from
`user_segmentation.reporting.charts`, fed the frames they take (shaped here as
`user_segmentation.reporting.report_data` shapes them); only the dashboard's own figures are
defined here. Every segment colour comes from `user_segmentation.reporting.charts.segment_colours`,
so a segment looks the same in the report, its PNGs and the dashboard. Importing it draws
nothing; Streamlit runs it as ``__main__``, which calls `main`.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from user_segmentation.pseudonyms import looks_like_user_key, user_key
from user_segmentation.reporting import charts
from user_segmentation.reporting.charts import segment_colours
from user_segmentation.reporting.dashboard import PUBLISH_DIR_ENV
from user_segmentation.serving.publish import (
    NothingPublishedError,
    Release,
    current_release,
    has_table,
    open_published,
    read_release,
)

DEFAULT_PUBLISH_DIR = Path("data/published")
PAGES = ("Overview", "Segment", "Compare", "User lookup")
_CONNECTION_TTL_SECONDS = 600
#: Characters of a user key shown for examples, and the shortest key prefix the lookup accepts.
KEY_PREFIX_LENGTH = 12

# --- queries --------------------------------------------------------------------------------


def query(connection: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """Run ``sql`` on its own cursor (safe across Streamlit sessions) and return a DataFrame."""
    cursor = connection.cursor()
    try:
        return cursor.execute(sql, params or []).df()
    finally:
        cursor.close()


def load_marts(connection: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """The small per-run and per-segment marts, ordered for display."""
    # segmentation_runs and segment_k_selection keep every run; show the published one.
    published_run = "run_id = (select run_id from published_release)"
    return {
        "run": query(connection, f"select * from segmentation_runs where {published_run}"),
        "release": query(connection, "select * from published_release"),
        "profiles": query(connection, "select * from segment_profiles order by segment_id"),
        "stats": query(
            connection, "select * from segment_feature_stats order by segment_id, feature_name"
        ),
        "radar": query(connection, "select * from segment_radar order by segment_id"),
        "mix": query(
            connection,
            "select * from segment_category_mix "
            "order by segment_id, attribute, category_order, category",
        ),
        "interests": query(
            connection, "select * from segment_interests order by segment_id, interest_rank"
        ),
        "k_selection": query(
            connection, f"select * from segment_k_selection where {published_run} order by k"
        ),
    }


def lookup_user(connection: duckdb.DuckDBPyConnection, typed: str) -> pd.DataFrame:
    """The user's row of ``user_lookup`` (empty if unknown or ambiguous).

    ``typed`` is a user id (hashed with this process's salt, env var USER_SEGMENTATION_SALT, as
    the build did; or found in ``user_key_map`` when the release exposes ids), a user key, or at
    least the first 12 characters of one.
    """
    text = typed.strip()
    keys = [user_key(text)]
    if has_user_ids(connection):
        keys += [
            row[0]
            for row in connection.execute(
                "select user_key from user_key_map where cast(user_id as varchar) = ?", [text]
            ).fetchall()
        ]
    rows = query(connection, "select * from user_lookup where list_contains(?, user_key)", [keys])
    if rows.empty and len(text) >= KEY_PREFIX_LENGTH and looks_like_user_key(text.ljust(64, "0")):
        rows = query(
            connection,
            "select * from user_lookup where starts_with(user_key, ?) limit 2",
            [text.lower()],
        )
    return rows if len(rows) == 1 else rows.iloc[0:0]


def has_user_ids(connection: duckdb.DuckDBPyConnection) -> bool:
    """Whether the release holds user_key_map (built with var expose_user_id)."""
    return has_table(connection, "user_key_map")


def user_label(connection: duckdb.DuckDBPyConnection, key: str) -> str:
    """The user id when the release exposes ids, else the key's first characters."""
    if has_user_ids(connection):
        found = connection.execute(
            "select cast(user_id as varchar) from user_key_map where user_key = ?", [key]
        ).fetchall()
        if found:
            return found[0][0]
    return key[:KEY_PREFIX_LENGTH]


def distance_percentile(
    connection: duckdb.DuckDBPyConnection, segment_id: int, distance: float
) -> float:
    """Share of the segment's users at most ``distance`` from the centre."""
    frame = query(
        connection,
        "select avg(case when distance_to_centre <= ? then 1.0 else 0.0 end) as share "
        "from user_segments where segment_id = ?",
        [distance, segment_id],
    )
    return float(frame["share"].iloc[0])


def segment_distances(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Median and 90th percentile distance to the centre per segment."""
    return query(
        connection,
        "select segment_id, median(distance_to_centre) as median_distance, "
        "quantile_cont(distance_to_centre, 0.9) as p90_distance "
        "from user_segments group by 1 order by 1",
    )


def typical_users(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The user closest to each segment's centre (examples for the lookup page): key and label."""
    users = query(
        connection,
        "select segment_id, arg_min(user_key, distance_to_centre) as user_key "
        "from user_segments group by 1 order by 1",
    )
    users["label"] = [user_label(connection, key) for key in users["user_key"]]
    return users


# --- pure data shaping ----------------------------------------------------------------------


def segment_label(profiles: pd.DataFrame, segment_id: int) -> str:
    name = profiles.loc[profiles["segment_id"] == segment_id, "segment_name"].iloc[0]
    return charts.segment_label(segment_id, name)


def run_config(run: pd.DataFrame) -> dict:
    """The run's segmentation settings (``config_json``; empty if unknown)."""
    try:
        config = json.loads(run["config_json"].iloc[0])
    except (KeyError, IndexError, TypeError, ValueError):
        return {}
    return config if isinstance(config, dict) else {}


def clustering_features(run: pd.DataFrame) -> list[str]:
    """The numeric features the run clustered on, in config order (empty if unknown)."""
    try:
        return [feature["name"] for feature in run_config(run).get("numeric_features", [])]
    except (KeyError, TypeError):
        return []


def radar_frame(
    radar: pd.DataFrame, profiles: pd.DataFrame, feature_order: list[str] | None = None
) -> pd.DataFrame:
    """The ``segment_radar`` mart in the shape `charts.radar_chart` takes.

    Features go in ``feature_order`` (the run's), then the others by name; ``unit`` is empty
    because the published marts carry no units (hovers show plain numbers).
    """
    names = sorted(radar["feature_name"].unique())
    order = [f for f in (feature_order or []) if f in names]
    order += [f for f in names if f not in order]
    rank = {name: position for position, name in enumerate(order)}
    frame = radar.assign(
        segment_name=radar["segment_id"].map(_segment_names(profiles)),
        unit=None,
        _rank=radar["feature_name"].map(rank),
    ).sort_values(["_rank", "segment_id"], kind="stable")
    columns = [
        "segment_id",
        "segment_name",
        "feature_name",
        "feature_label",
        "unit",
        "mean_value",
        "normalised_value",
    ]
    return frame[columns].reset_index(drop=True)


def category_mix_frame(mix: pd.DataFrame, profiles: pd.DataFrame) -> pd.DataFrame:
    """The ``segment_category_mix`` mart in the shape `charts.category_mix_chart` takes.

    Categories keep their band order where the mart has one and otherwise go from the most to
    the least common among all users (as in the report).
    """
    frame = mix.assign(
        segment_name=mix["segment_id"].map(_segment_names(profiles)),
        attribute_label=(
            mix["attribute_label"]
            if "attribute_label" in mix
            else mix["attribute"].str.replace("_", " ").str.capitalize()
        ),
        category_rank=charts.category_rank(mix),
    )
    attributes = {a: i for i, a in enumerate(dict.fromkeys(mix["attribute"]))}
    frame = frame.assign(_attribute=frame["attribute"].map(attributes)).sort_values(
        ["_attribute", "category_rank", "segment_id"], kind="stable"
    )
    columns = [
        "segment_id",
        "segment_name",
        "attribute",
        "attribute_label",
        "category",
        "category_rank",
        "users",
        "share",
        "population_share",
        "share_index",
    ]
    return frame[columns].reset_index(drop=True)


def interests_frame(interests: pd.DataFrame, profiles: pd.DataFrame) -> pd.DataFrame:
    """The ``segment_interests`` mart with segment names, as `charts.interests_chart` takes it."""
    return interests.assign(segment_name=interests["segment_id"].map(_segment_names(profiles)))


def _segment_names(profiles: pd.DataFrame) -> pd.Series:
    return profiles.set_index("segment_id")["segment_name"]


def distinctive_features(stats: pd.DataFrame, segment_id: int) -> pd.DataFrame:
    """The segment's numeric features, most distinctive (largest |z-score|) first."""
    frame = stats[stats["segment_id"] == segment_id].copy()
    frame["abs_z"] = frame["z_score"].abs()
    return frame.sort_values("abs_z", ascending=False).drop(columns="abs_z")


def compare_features(stats: pd.DataFrame, segment_a: int, segment_b: int) -> pd.DataFrame:
    """Feature means and lifts of two segments side by side, largest difference in z first."""
    columns = ["feature_name", "feature_label", "mean_value", "lift", "z_score"]
    a = stats.loc[stats["segment_id"] == segment_a, [*columns, "population_mean"]]
    b = stats.loc[stats["segment_id"] == segment_b, columns]
    frame = a.merge(b, on=["feature_name", "feature_label"], suffixes=("_a", "_b"))
    frame["z_difference"] = frame["z_score_a"] - frame["z_score_b"]
    order = frame["z_difference"].abs().sort_values(ascending=False).index
    return frame.loc[order].reset_index(drop=True)


def compare_category_mix(
    mix: pd.DataFrame, segment_a: int, segment_b: int, top: int = 15
) -> pd.DataFrame:
    """Categories whose share differs most between two segments (difference in points, a - b)."""
    keys = ["attribute", "category", "category_order"]
    a = mix.loc[mix["segment_id"] == segment_a, [*keys, "share"]]
    b = mix.loc[mix["segment_id"] == segment_b, [*keys, "share"]]
    frame = a.merge(b, on=keys, how="outer", suffixes=("_a", "_b")).fillna(
        {"share_a": 0.0, "share_b": 0.0}
    )
    frame["difference"] = frame["share_a"] - frame["share_b"]
    frame["label"] = frame["attribute"].str.replace("_", " ") + ": " + frame["category"]
    frame["size"] = frame["difference"].abs()
    frame = frame.sort_values(
        ["size", "attribute", "category_order", "category"],
        ascending=[False, True, True, True],
        kind="stable",
    )
    return frame.drop(columns="size").head(top).reset_index(drop=True)


def user_vs_segment(user: pd.Series, stats: pd.DataFrame) -> pd.DataFrame:
    """A user's numeric features next to the segment's and the population's means, as z-scores."""
    frame = stats[stats["segment_id"] == int(user["segment_id"])].copy()
    frame = frame[frame["feature_name"].isin(user.index)]
    frame["user_value"] = [float(user[name]) for name in frame["feature_name"]]
    spread = frame["population_stddev"].where(frame["population_stddev"] > 0)
    frame["user_z"] = (frame["user_value"] - frame["population_mean"]) / spread
    return frame[
        [
            "feature_name",
            "feature_label",
            "user_value",
            "mean_value",
            "population_mean",
            "user_z",
            "z_score",
        ]
    ].reset_index(drop=True)


# --- figures --------------------------------------------------------------------------------


def _style(figure: go.Figure, height: int) -> go.Figure:
    """The dashboard's own figures in the look of `user_segmentation.reporting.charts`."""
    figure.update_layout(
        template="plotly_white",
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        font={"family": charts.FONT_FAMILY, "size": 13, "color": charts.TEXT_COLOUR},
        hoverlabel={"font": {"family": charts.FONT_FAMILY}},
    )
    figure.update_xaxes(gridcolor=charts.GRID_COLOUR, zerolinecolor=charts.GRID_COLOUR)
    figure.update_yaxes(gridcolor=charts.GRID_COLOUR, zerolinecolor=charts.GRID_COLOUR)
    return figure


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
                f"{label} ({lift:.2g}×)"
                for label, lift in zip(frame["feature_label"], frame["lift"], strict=True)
            ],
            orientation="h",
            marker_color=colour,
            customdata=frame[["mean_value", "population_mean"]],
            hovertemplate=(
                "%{y}<br>mean %{customdata[0]:.3g} vs population %{customdata[1]:.3g}"
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
    return _style(figure, height=max(300, 34 * len(frame) + 100))


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
                    "%{y}: mean %{customdata[0]:.3g} (%{customdata[1]:.2g}× avg)"
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
    return _style(figure, height=max(360, 48 * len(frame) + 120))


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
    return _style(figure, height=max(320, 28 * len(frame) + 120))


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
            hovertemplate="%{y}: %{customdata:.3g}<extra>segment mean</extra>",
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
            hovertemplate="%{y}: %{customdata:.3g}<extra>this user</extra>",
        )
    )
    figure.add_vline(x=0, line_color=charts.MUTED_COLOUR, line_width=1)
    figure.update_layout(
        title="User vs segment mean (z-score vs the population)",
        xaxis_title="standard deviations from the population mean",
    )
    return _style(figure, height=max(320, 34 * len(frame) + 120))


# --- pages ----------------------------------------------------------------------------------


def _chart(figure: go.Figure, key: str, title: str | None = None) -> None:
    """Show a figure under a Streamlit heading made from its title (or ``title``); plotly's
    title and legend would otherwise collide with Streamlit's toolbar."""
    heading, subtitle = charts.title_parts(figure)
    heading = title or heading
    if heading:
        st.markdown(f"**{heading}**" + (f"  \n:gray[{subtitle}]" if subtitle else ""))
    figure.update_layout(title=None, margin={"t": 30})
    st.plotly_chart(figure, key=key, config={"displayModeBar": False})


def _swatch(colour: str, text: str) -> str:
    return (
        f'<span style="display:inline-block;width:0.8em;height:0.8em;border-radius:50%;'
        f'background:{colour};margin-right:0.4em"></span>{html.escape(text)}'
    )


def _table_height(rows: int) -> int:
    """Pixel height that shows ``rows`` rows of st.dataframe without a scrollbar."""
    return 35 * (rows + 1) + 3


def _timestamp(value: str | None) -> str:
    """An ISO timestamp as ``YYYY-MM-DD HH:MM:SS UTC`` (naive values are UTC here)."""
    if not value:
        return "–"
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC")
    return f"{stamp:%Y-%m-%d %H:%M:%S} UTC"


def page_overview(marts: dict[str, pd.DataFrame], colours: dict[int, str]) -> None:
    run = marts["run"].iloc[0]
    profiles = marts["profiles"]
    st.title("User segments")
    st.caption(
        f"Run `{run['run_id']}` · preset `{run['preset']}` · {run['selection_rule']} · "
        f"computed {pd.Timestamp(run['computed_at']):%Y-%m-%d %H:%M} UTC"
    )
    columns = st.columns(4)
    columns[0].metric("Users", f"{int(run['assigned_users']):,}")
    columns[1].metric("Segments", int(run["k"]))
    columns[2].metric("Silhouette", f"{run['silhouette']:.3f}")
    columns[3].metric("Preset", str(run["preset"]))

    left, right = st.columns([1, 1])
    with left:
        _chart(sizes_figure(profiles), key="sizes")
        _chart(
            charts.k_selection_chart(
                marts["k_selection"], run_config(marts["run"]).get("min_segment_share")
            ),
            key="k_selection",
        )
    with right:
        radar = radar_frame(marts["radar"], profiles, clustering_features(marts["run"]))
        _chart(radar_figure(radar), key="radar")
        st.markdown("**Candidate k**")
        k_selection = marts["k_selection"]
        st.dataframe(
            k_selection[
                [
                    "k",
                    "silhouette",
                    "davies_bouldin",
                    "min_segment_share",
                    "is_selected",
                ]
            ],
            hide_index=True,
            height=_table_height(len(k_selection)),
            column_config={
                "silhouette": st.column_config.NumberColumn("silhouette", format="%.3f"),
                "davies_bouldin": st.column_config.NumberColumn("Davies-Bouldin", format="%.3f"),
                "min_segment_share": st.column_config.NumberColumn(
                    "smallest segment", format="percent"
                ),
                "is_selected": st.column_config.CheckboxColumn("chosen"),
            },
        )
    st.subheader("Segments")
    for profile in profiles.itertuples():
        st.markdown(
            _swatch(colours[int(profile.segment_id)], f"{profile.segment_id} · ")
            + f"<b>{html.escape(str(profile.segment_name))}</b> "
            + f"({int(profile.user_count):,} users): "
            + html.escape(str(profile.segment_description)),
            unsafe_allow_html=True,
        )


def _segment_picker(
    label: str, profiles: pd.DataFrame, key: str, index: int = 0, container=st
) -> int:
    ids = [int(s) for s in profiles["segment_id"]]
    return container.selectbox(
        label,
        ids,
        index=min(index, len(ids) - 1),
        format_func=lambda s: segment_label(profiles, s),
        key=key,
    )


def page_segment(
    connection: duckdb.DuckDBPyConnection,
    marts: dict[str, pd.DataFrame],
    colours: dict[int, str],
) -> None:
    profiles = marts["profiles"]
    segment_id = _segment_picker("Segment", profiles, key="segment")
    profile = profiles[profiles["segment_id"] == segment_id].iloc[0]
    colour = colours[segment_id]
    st.markdown(
        f"## {_swatch(colour, str(profile['segment_name']))}",
        unsafe_allow_html=True,
    )
    st.write(profile["segment_description"])
    distances = segment_distances(connection).set_index("segment_id")
    columns = st.columns(3)
    columns[0].metric("Users", f"{int(profile['user_count']):,}")
    columns[1].metric("Share of users", f"{profile['user_share']:.1%}")
    columns[2].metric(
        "Median distance to centre",
        f"{distances.loc[segment_id, 'median_distance']:.2f}",
        help="In the scaled feature space the model clusters in.",
    )

    features = distinctive_features(marts["stats"], segment_id)
    left, right = st.columns([3, 2])
    with left:
        _chart(feature_lift_figure(features, colour), key="segment_features")
    with right:
        st.markdown("**Feature means**")
        st.dataframe(
            features[["feature_label", "mean_value", "median_value", "population_mean", "lift"]],
            hide_index=True,
            height=_table_height(len(features)),
            column_config={
                "feature_label": "feature",
                "mean_value": st.column_config.NumberColumn("mean", format="%.3g"),
                "median_value": st.column_config.NumberColumn("median", format="%.3g"),
                "population_mean": st.column_config.NumberColumn("all users", format="%.3g"),
                "lift": st.column_config.NumberColumn("lift", format="%.2f×"),
            },
        )

    st.subheader("Category mix")
    mix = marts["mix"]
    attributes = list(dict.fromkeys(mix["attribute"]))
    attribute_labels = (
        dict(zip(mix["attribute"], mix["attribute_label"], strict=True))
        if "attribute_label" in mix
        else {}
    )
    attribute = st.selectbox(
        "Attribute",
        attributes,
        format_func=lambda a: attribute_labels.get(a, a.replace("_", " ")),
        key="segment_attribute",
    )
    left, right = st.columns([3, 2])
    with left:
        shaped = category_mix_frame(mix[mix["attribute"] == attribute], profiles)
        _chart(
            charts.category_mix_chart(shaped[shaped["segment_id"] == segment_id]),
            key="segment_mix",
            title=f"{attribute.replace('_', ' ').capitalize()}: share of users",
        )
    with right:
        over = mix[(mix["segment_id"] == segment_id) & (mix["share"] >= 0.05)]
        over = over.sort_values("share_index", ascending=False).head(8)
        over = over.assign(attribute=over["attribute"].str.replace("_", " "))
        st.markdown("**Most over-represented categories** (at least 5% of the segment)")
        st.dataframe(
            over[["attribute", "category", "share", "population_share", "share_index"]],
            hide_index=True,
            column_config={
                "share": st.column_config.NumberColumn("share", format="percent"),
                "population_share": st.column_config.NumberColumn("all users", format="percent"),
                "share_index": st.column_config.NumberColumn("index", format="%.2f×"),
            },
        )

    interests = marts["interests"]
    interests = interests[interests["segment_id"] == segment_id]
    if not interests.empty:
        _chart(
            charts.interests_chart(interests_frame(interests, profiles), columns=1),
            key="segment_interests",
            title="Top interests",
        )


def page_compare(marts: dict[str, pd.DataFrame], colours: dict[int, str]) -> None:
    profiles = marts["profiles"]
    st.title("Compare segments")
    if len(profiles) < 2:
        st.info("This release has a single segment: nothing to compare.")
        return
    left, right = st.columns(2)
    segment_a = _segment_picker("First segment", profiles, key="compare_a", container=left)
    segment_b = _segment_picker(
        "Second segment", profiles, key="compare_b", index=1, container=right
    )
    for column, segment_id in ((left, segment_a), (right, segment_b)):
        profile = profiles[profiles["segment_id"] == segment_id].iloc[0]
        column.markdown(
            f"### {_swatch(colours[segment_id], str(profile['segment_name']))}",
            unsafe_allow_html=True,
        )
        column.caption(
            f"{int(profile['user_count']):,} users ({profile['user_share']:.1%}) · "
            f"{profile['segment_description']}"
        )
    if segment_a == segment_b:
        st.info("Pick two different segments to see their differences.")
    labels = (segment_label(profiles, segment_a), segment_label(profiles, segment_b))
    pair_colours = (colours[segment_a], colours[segment_b])

    comparison = compare_features(marts["stats"], segment_a, segment_b)
    left, right = st.columns([1, 1])
    with left:
        _chart(compare_features_figure(comparison, labels, pair_colours), key="compare_features")
    with right:
        st.markdown("**Feature means side by side**")
        st.dataframe(
            comparison[
                [
                    "feature_label",
                    "mean_value_a",
                    "mean_value_b",
                    "population_mean",
                    "lift_a",
                    "lift_b",
                ]
            ],
            hide_index=True,
            height=_table_height(len(comparison)),
            column_config={
                "feature_label": "feature",
                "mean_value_a": st.column_config.NumberColumn(f"mean {segment_a}", format="%.3g"),
                "mean_value_b": st.column_config.NumberColumn(f"mean {segment_b}", format="%.3g"),
                "population_mean": st.column_config.NumberColumn("all users", format="%.3g"),
                "lift_a": st.column_config.NumberColumn(f"lift {segment_a}", format="%.2f×"),
                "lift_b": st.column_config.NumberColumn(f"lift {segment_b}", format="%.2f×"),
            },
        )

    left, right = st.columns([1, 1])
    with left:
        differences = compare_category_mix(marts["mix"], segment_a, segment_b)
        _chart(category_difference_figure(differences, pair_colours), key="compare_mix")
    with right:
        radar = radar_frame(marts["radar"], profiles, clustering_features(marts["run"]))
        pair = radar[radar["segment_id"].isin([segment_a, segment_b])]
        _chart(radar_figure(pair), key="compare_radar")


def page_user_lookup(
    connection: duckdb.DuckDBPyConnection,
    marts: dict[str, pd.DataFrame],
    colours: dict[int, str],
) -> None:
    profiles = marts["profiles"]
    st.title("User lookup")
    examples = typical_users(connection)
    hint = ", ".join(examples["label"].head(6))
    typed = st.text_input(
        "User id or user key",
        key="user_id",
        placeholder=f"e.g. {hint}",
        help=(
            "A user id (matched through its pseudonymous key, so this dashboard needs the build's "
            "salt in USER_SEGMENTATION_SALT), a user key, or its first "
            f"{KEY_PREFIX_LENGTH} characters. The most typical user of each segment: {hint}"
        ),
    )
    if not typed.strip():
        st.info(f"Enter a user id or key. The most typical user of each segment: {hint}.")
        return
    rows = lookup_user(connection, typed)
    if rows.empty:
        st.warning(
            f"No user with id or key {typed.strip()!r} in this release. Ids are matched through "
            "their salted key: the dashboard must run with the build's USER_SEGMENTATION_SALT."
        )
        return
    user = rows.iloc[0]
    segment_id = int(user["segment_id"])
    colour = colours.get(segment_id) or segment_colours([segment_id])[segment_id]
    st.markdown(
        f"## User {html.escape(user_label(connection, user['user_key']))}: "
        f"{_swatch(colour, segment_label(profiles, segment_id))}",
        unsafe_allow_html=True,
    )
    percentile = distance_percentile(connection, segment_id, float(user["distance_to_centre"]))
    columns = st.columns(3)
    columns[0].metric("Segment", segment_id)
    columns[1].metric("Distance to centre", f"{user['distance_to_centre']:.3f}")
    columns[2].metric(
        "Closer to the centre than",
        f"{1 - percentile:.0%} of the segment",
        help="Share of the segment's users farther from the centre than this user.",
    )
    comparison = user_vs_segment(user, marts["stats"])
    left, right = st.columns([3, 2])
    with left:
        _chart(user_features_figure(comparison, colour), key="user_features")
    with right:
        st.markdown("**Features**")
        st.dataframe(
            comparison[["feature_label", "user_value", "mean_value", "population_mean"]],
            hide_index=True,
            height=_table_height(len(comparison)),
            column_config={
                "feature_label": "feature",
                "user_value": st.column_config.NumberColumn("user", format="%.3g"),
                "mean_value": st.column_config.NumberColumn("segment mean", format="%.3g"),
                "population_mean": st.column_config.NumberColumn("all users", format="%.3g"),
            },
        )
        # The profiled attributes (from the category mix, so a user table's own columns too).
        mix = marts["mix"]
        labels = (
            dict(zip(mix["attribute"], mix["attribute_label"], strict=True))
            if "attribute_label" in mix
            else {}
        )
        attributes = [a for a in [*dict.fromkeys(mix["attribute"]), "interests"] if a in user.index]
        st.markdown("**Attributes**")
        st.dataframe(
            pd.DataFrame(
                {
                    "attribute": [labels.get(a, a.replace("_", " ")) for a in attributes],
                    "value": [str(user[a]) for a in attributes],
                }
            ),
            hide_index=True,
        )


# --- app ------------------------------------------------------------------------------------


@st.cache_resource(ttl=_CONNECTION_TTL_SECONDS, max_entries=4, show_spinner=False)
def _connection(release_path: str) -> duckdb.DuckDBPyConnection:
    """One in-memory connection per release folder (keyed by the resolved path)."""
    return open_published(Path(release_path).parent.parent, release=read_release(release_path))


def publish_dir_from_environment() -> Path:
    return Path(os.environ.get(PUBLISH_DIR_ENV) or DEFAULT_PUBLISH_DIR)


def _sidebar(release: Release, marts: dict[str, pd.DataFrame]) -> str:
    slugs = {page.lower().replace(" ", "-"): page for page in PAGES}
    requested = slugs.get(str(st.query_params.get("page", "")).lower(), PAGES[0])
    with st.sidebar:
        st.header("User segments")
        page = st.radio("Page", PAGES, index=PAGES.index(requested), key="page")
        st.query_params["page"] = page.lower().replace(" ", "-")
        st.divider()
        st.subheader("Release")
        run = marts["run"].iloc[0]
        st.markdown(
            f"**run_id** `{release.run_id}`  \n"
            f"**published_at** {_timestamp(release.published_at)}  \n"
            f"**computed_at** {_timestamp(release.manifest.get('computed_at'))}  \n"
            f"**preset** `{run['preset']}`, k = {int(run['k'])}"
        )
        st.caption(f"Release `{release.name}`. Reload the page to pick up a newer publish.")
    return page


def main() -> None:
    st.set_page_config(page_title="User segments", page_icon=":bar_chart:", layout="wide")
    publish_dir = publish_dir_from_environment()
    try:
        release = current_release(publish_dir)
    except NothingPublishedError as error:
        st.title("User segments")
        st.error(str(error))
        st.stop()
    connection = _connection(str(release.path))
    marts = load_marts(connection)
    colours = segment_colours(marts["profiles"]["segment_id"])
    page = _sidebar(release, marts)
    if page == "Overview":
        page_overview(marts, colours)
    elif page == "Segment":
        page_segment(connection, marts, colours)
    elif page == "Compare":
        page_compare(marts, colours)
    else:
        page_user_lookup(connection, marts, colours)


if __name__ == "__main__":
    main()
