"""The Segment page: one segment's size, distinctive features, category mix and interests."""

from __future__ import annotations

import streamlit as st

from user_segmentation.reporting import charts
from user_segmentation.reporting.dashboard.figures import feature_lift_figure
from user_segmentation.reporting.dashboard.queries import PageData, segment_distances
from user_segmentation.reporting.dashboard.shaping import distinctive_features
from user_segmentation.reporting.dashboard.widgets import (
    segment_picker,
    show_chart,
    swatch,
    table_height,
)
from user_segmentation.reporting.frames import (
    attribute_label_map,
    category_mix_frame,
    with_segment_names,
)


def show(page: PageData) -> None:
    """Draw the Segment page for the segment picked on it."""
    connection, marts, colours = page.connection, page.marts, page.colours
    profiles = marts["profiles"]
    segment_id = segment_picker("Segment", profiles, key="segment")
    profile = profiles[profiles["segment_id"] == segment_id].iloc[0]
    colour = colours[segment_id]
    st.markdown(
        f"## {swatch(colour, str(profile['segment_name']))}",
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
        show_chart(feature_lift_figure(features, colour), key="segment_features")
    with right:
        st.markdown("**Feature means**")
        st.dataframe(
            features[["feature_label", "mean_value", "median_value", "population_mean", "lift"]],
            hide_index=True,
            height=table_height(len(features)),
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
    labels = attribute_label_map(mix)
    attribute = st.selectbox(
        "Attribute", attributes, format_func=labels.__getitem__, key="segment_attribute"
    )
    left, right = st.columns([3, 2])
    with left:
        shaped = category_mix_frame(mix[mix["attribute"] == attribute], profiles)
        show_chart(
            charts.category_mix_chart(shaped[shaped["segment_id"] == segment_id]),
            key="segment_mix",
            title=f"{labels[attribute]}: share of users",
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
        show_chart(
            charts.interests_chart(with_segment_names(interests, profiles), columns=1),
            key="segment_interests",
            title="Top interests",
        )
