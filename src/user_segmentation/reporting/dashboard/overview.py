"""The Overview page: the release's run, segment sizes, profiles and the choice of k."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from user_segmentation.reporting import charts
from user_segmentation.reporting.dashboard.figures import (
    NO_NUMERIC_PROFILE,
    radar_figure,
    sizes_figure,
)
from user_segmentation.reporting.dashboard.queries import PageData
from user_segmentation.reporting.dashboard.shaping import clustering_features, run_config
from user_segmentation.reporting.dashboard.widgets import show_chart, swatch, table_height
from user_segmentation.reporting.frames import radar_frame


def show(page: PageData) -> None:
    """Draw the Overview page."""
    marts, colours = page.marts, page.colours
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
        show_chart(sizes_figure(profiles), key="sizes")
        show_chart(
            charts.k_selection_chart(
                marts["k_selection"], run_config(marts["run"]).get("min_segment_share")
            ),
            key="k_selection",
        )
    with right:
        radar = radar_frame(marts["radar"], profiles, clustering_features(marts["run"]))
        if radar.empty:
            st.info(NO_NUMERIC_PROFILE)
        else:
            show_chart(radar_figure(radar), key="radar")
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
            height=table_height(len(k_selection)),
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
            swatch(colours[int(profile.segment_id)], f"{profile.segment_id} · ")
            + f"<b>{html.escape(str(profile.segment_name))}</b> "
            + f"({int(profile.user_count):,} users): "
            + html.escape(str(profile.segment_description)),
            unsafe_allow_html=True,
        )
