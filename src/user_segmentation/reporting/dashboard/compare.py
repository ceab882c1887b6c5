"""The Compare page: two segments' features, category mix and profiles side by side."""

from __future__ import annotations

import streamlit as st

from user_segmentation.reporting.dashboard.figures import (
    NO_NUMERIC_PROFILE,
    category_difference_figure,
    compare_features_figure,
    radar_figure,
)
from user_segmentation.reporting.dashboard.queries import PageData
from user_segmentation.reporting.dashboard.shaping import (
    clustering_features,
    compare_category_mix,
    compare_features,
    segment_label,
)
from user_segmentation.reporting.dashboard.widgets import (
    segment_picker,
    show_chart,
    swatch,
    table_height,
)
from user_segmentation.reporting.frames import radar_frame


def show(page: PageData) -> None:
    """Draw the Compare page for the two segments picked on it."""
    marts, colours = page.marts, page.colours
    profiles = marts["profiles"]
    st.title("Compare segments")
    if len(profiles) < 2:
        st.info("This release has a single segment: nothing to compare.")
        return
    left, right = st.columns(2)
    segment_a = segment_picker("First segment", profiles, key="compare_a", container=left)
    segment_b = segment_picker(
        "Second segment", profiles, key="compare_b", index=1, container=right
    )
    for column, segment_id in ((left, segment_a), (right, segment_b)):
        profile = profiles[profiles["segment_id"] == segment_id].iloc[0]
        column.markdown(
            f"### {swatch(colours[segment_id], str(profile['segment_name']))}",
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
        show_chart(
            compare_features_figure(comparison, labels, pair_colours), key="compare_features"
        )
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
            height=table_height(len(comparison)),
            column_config={
                "feature_label": "feature",
                "mean_value_a": st.column_config.NumberColumn(
                    f"mean {segment_a}", format="localized"
                ),
                "mean_value_b": st.column_config.NumberColumn(
                    f"mean {segment_b}", format="localized"
                ),
                "population_mean": st.column_config.NumberColumn("all users", format="localized"),
                "lift_a": st.column_config.NumberColumn(f"lift {segment_a}", format="%.2f×"),
                "lift_b": st.column_config.NumberColumn(f"lift {segment_b}", format="%.2f×"),
            },
        )

    left, right = st.columns([1, 1])
    with left:
        differences = compare_category_mix(marts["mix"], segment_a, segment_b)
        show_chart(category_difference_figure(differences, pair_colours), key="compare_mix")
    with right:
        radar = radar_frame(marts["radar"], profiles, clustering_features(marts["run"]))
        pair = radar[radar["segment_id"].isin([segment_a, segment_b])]
        if pair.empty:
            st.info(NO_NUMERIC_PROFILE)
        else:
            show_chart(radar_figure(pair), key="compare_radar")
