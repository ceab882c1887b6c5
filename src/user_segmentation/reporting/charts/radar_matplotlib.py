"""The radar chart drawn with matplotlib, for PNG export when kaleido has no browser to run."""

from __future__ import annotations

import numpy as np
import pandas as pd

from user_segmentation.reporting.charts.profile_charts import most_distinct_features
from user_segmentation.reporting.charts.theme import (
    GRID_COLOUR,
    segment_colours,
    segment_label,
    segments_in,
)


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

    radar, _ = most_distinct_features(radar)
    features = list(dict.fromkeys(radar["feature_label"]))
    angles = np.linspace(0, 2 * np.pi, len(features), endpoint=False).tolist()
    figure = Figure(figsize=(11, 6.2), dpi=150, layout="constrained")
    axes = figure.add_subplot(projection="polar")
    axes.set_theta_offset(np.pi / 2)
    axes.set_theta_direction(-1)
    colours = segment_colours(radar["segment_id"].unique())
    for segment_id, segment_name in segments_in(radar):
        rows = radar[radar["segment_id"] == segment_id].set_index("feature_label")
        values = rows["normalised_value"].reindex(features).fillna(0).tolist()
        colour = colours[segment_id]
        label = segment_label(segment_id, segment_name)
        axes.plot([*angles, angles[0]], [*values, values[0]], color=colour, lw=2, label=label)
        axes.fill([*angles, angles[0]], [*values, values[0]], color=colour, alpha=0.07)
    axes.set_xticks(angles, features, fontsize=10)
    axes.set_yticks([0.0, 0.25, 0.5, 0.75, 1.0], ["−2 SD", "−1", "avg", "+1", "+2 SD"], fontsize=8)
    axes.set_ylim(-0.06, 1.04)
    axes.spines["polar"].set_color(GRID_COLOUR)
    axes.grid(color=GRID_COLOUR)
    axes.legend(loc="center left", bbox_to_anchor=(1.15, 0.5), frameon=False, fontsize=10)
    figure.suptitle("Segment profiles", x=0.02, ha="left", fontweight="bold", fontsize=14)
    return figure
