"""Plotly figures of the segmentation, one function per chart.

Every chart function takes tidy frames (see :mod:`user_segmentation.reporting.frames`) and
returns a ``plotly.graph_objects.Figure``; the caller decides where it goes (HTML, PNG, a
Streamlit page).

Parts:

- ``theme``: segment colours, fonts, the title block, number formats.
- ``profile_charts``: profile radar, segment sizes, feature distributions, PCA scatter.
- ``model_fit_charts``: fit scores against k.
- ``category_charts``: category mix, over-representation heatmap, interests, rule crosstab.
- ``radar_matplotlib``: the radar drawn with matplotlib, the PNG fallback without a browser.
"""

from user_segmentation.reporting.charts.category_charts import (
    category_index_heatmap,
    category_mix_chart,
    interests_chart,
    rule_crosstab_heatmap,
)
from user_segmentation.reporting.charts.model_fit_charts import k_selection_chart
from user_segmentation.reporting.charts.profile_charts import (
    feature_distributions_chart,
    pca_scatter_chart,
    radar_chart,
    segment_sizes_chart,
)
from user_segmentation.reporting.charts.radar_matplotlib import radar_chart_matplotlib
from user_segmentation.reporting.charts.theme import (
    ACCENT_COLOUR,
    FONT_FAMILY,
    GRID_COLOUR,
    MUTED_COLOUR,
    POPULATION_LABEL,
    SEGMENT_PALETTE,
    TEXT_COLOUR,
    TITLE_MARGIN,
    apply_theme,
    format_value,
    segment_colours,
    segment_label,
    title_parts,
)

__all__ = [
    "ACCENT_COLOUR",
    "FONT_FAMILY",
    "GRID_COLOUR",
    "MUTED_COLOUR",
    "POPULATION_LABEL",
    "SEGMENT_PALETTE",
    "TEXT_COLOUR",
    "TITLE_MARGIN",
    "apply_theme",
    "category_index_heatmap",
    "category_mix_chart",
    "feature_distributions_chart",
    "format_value",
    "interests_chart",
    "k_selection_chart",
    "pca_scatter_chart",
    "radar_chart",
    "radar_chart_matplotlib",
    "rule_crosstab_heatmap",
    "segment_colours",
    "segment_label",
    "segment_sizes_chart",
    "title_parts",
]
