"""The User lookup page: find a user by id or key and show them against their segment."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from user_segmentation.reporting.charts import segment_colours
from user_segmentation.reporting.dashboard.figures import user_features_figure
from user_segmentation.reporting.dashboard.queries import (
    KEY_PREFIX_LENGTH,
    PageData,
    distance_percentile,
    lookup_user,
    typical_users,
    user_label,
)
from user_segmentation.reporting.dashboard.shaping import segment_label, user_vs_segment
from user_segmentation.reporting.dashboard.widgets import show_chart, swatch, table_height
from user_segmentation.reporting.frames import attribute_label_map


def show(page: PageData) -> None:
    """Draw the User lookup page for the id or key typed on it."""
    connection, marts, colours = page.connection, page.marts, page.colours
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
        f"{swatch(colour, segment_label(profiles, segment_id))}",
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
        show_chart(user_features_figure(comparison, colour), key="user_features")
    with right:
        st.markdown("**Features**")
        st.dataframe(
            comparison[["feature_label", "user_value", "mean_value", "population_mean"]],
            hide_index=True,
            height=table_height(len(comparison)),
            column_config={
                "feature_label": "feature",
                "user_value": st.column_config.NumberColumn("user", format="%.3g"),
                "mean_value": st.column_config.NumberColumn("segment mean", format="%.3g"),
                "population_mean": st.column_config.NumberColumn("all users", format="%.3g"),
            },
        )
        # The profiled attributes (from the category mix, so a user table's own columns too).
        mix = marts["mix"]
        labels = attribute_label_map(mix, extra=("interests",))
        attributes = [a for a in labels if a in user.index]
        st.markdown("**Attributes**")
        st.dataframe(
            pd.DataFrame(
                {
                    "attribute": [labels[a] for a in attributes],
                    "value": [str(user[a]) for a in attributes],
                }
            ),
            hide_index=True,
        )
