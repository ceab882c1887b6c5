"""Chart functions on tiny frames: one figure per chart, the same colour per segment everywhere,
and the matplotlib radar when kaleido has no browser. No dbt, no browser."""

from __future__ import annotations

import numpy as np
import pandas as pd

from user_segmentation.reporting import charts
from user_segmentation.reporting.report import export_pngs, png_export

NAMES = {1: "Night owls", 2: "Ad clickers", 3: "Weekend crowd"}
FEATURES = [("weekday_hours", "Weekday hours", "h/day"), ("ctr", "Click-through rate", "ratio")]


def radar_frame() -> pd.DataFrame:
    rows = []
    for feature, label, unit in FEATURES:
        for segment_id, name in NAMES.items():
            value = (segment_id - 1) / 2
            rows.append((segment_id, name, feature, label, unit, value * 3, value))
    columns = ["segment_id", "segment_name", "feature_name", "feature_label", "unit"]
    return pd.DataFrame(rows, columns=[*columns, "mean_value", "normalised_value"])


def segments_frame() -> pd.DataFrame:
    counts = {1: 500, 2: 300, 3: 200}
    return pd.DataFrame(
        {
            "segment_id": list(NAMES),
            "segment_name": list(NAMES.values()),
            "user_count": list(counts.values()),
            "user_share": [count / 1000 for count in counts.values()],
        }
    )


def points_frame() -> pd.DataFrame:
    ids = np.repeat(list(NAMES), 4)
    return pd.DataFrame(
        {
            "user_key": [f"{i:064x}" for i in range(len(ids))],
            "segment_id": ids,
            "segment_name": [NAMES[i] for i in ids],
            "pc1": np.linspace(-1, 1, len(ids)),
            "pc2": np.linspace(1, -1, len(ids)),
        }
    )


def interests_frame() -> pd.DataFrame:
    rows = [
        (segment_id, name, rank, interest, 0.2 / rank, 0.1, 2.0 / rank)
        for segment_id, name in NAMES.items()
        for rank, interest in enumerate(["Gaming", "Cooking"], start=1)
    ]
    columns = ["segment_id", "segment_name", "interest_rank", "interest", "share"]
    return pd.DataFrame(rows, columns=[*columns, "population_share", "lift"])


def distributions_frame() -> pd.DataFrame:
    points = points_frame()
    rows = []
    for feature, label, unit in FEATURES:
        for point in points.itertuples(index=False):
            value = point.segment_id + point.pc1
            rows.append(
                (point.user_key, point.segment_id, point.segment_name, feature, label, unit, value)
            )
    columns = ["user_key", "segment_id", "segment_name", "feature_name", "feature_label", "unit"]
    return pd.DataFrame(rows, columns=[*columns, "value"])


def category_mix_frame() -> pd.DataFrame:
    shares = {1: (0.5, 0.5), 2: (0.2, 0.8), 3: (0.8, 0.2)}
    rows = []
    for segment_id, (young, old) in shares.items():
        for rank, (category, share, population) in enumerate(
            [("18-24", young, 0.5), ("65+", old, 0.5)], start=1
        ):
            rows.append(
                (
                    segment_id,
                    NAMES[segment_id],
                    "age_band",
                    "Age",
                    category,
                    rank,
                    10,
                    share,
                    population,
                    share / population,
                )
            )
    columns = ["segment_id", "segment_name", "attribute", "attribute_label", "category"]
    columns += ["category_rank", "users", "share", "population_share", "share_index"]
    return pd.DataFrame(rows, columns=columns)


def k_scores_frame(chosen: int = 4) -> pd.DataFrame:
    ks = np.arange(2, 7)
    return pd.DataFrame(
        {
            "k": ks,
            "silhouette": 0.5 - np.abs(ks - chosen) * 0.05,
            "davies_bouldin": 0.8 + np.abs(ks - chosen) * 0.1,
            "calinski_harabasz": 1000.0 + ks,
            "inertia": 1000.0 / ks,
            "min_segment_share": 0.3 / ks,
            "is_selected": ks == chosen,
        }
    )


def test_radar_draws_one_closed_polygon_per_segment_with_its_name():
    figure = charts.radar_chart(radar_frame())

    assert len(figure.data) == len(NAMES)
    for trace, (segment_id, name) in zip(figure.data, NAMES.items(), strict=True):
        assert trace.name == charts.segment_label(segment_id, name)
        assert name in trace.name
        assert trace.r[0] == trace.r[-1] and trace.theta[0] == trace.theta[-1]
        assert list(trace.theta[:-1]) == ["Weekday hours", "Click-through rate"]


def test_a_wide_table_s_radar_shows_the_features_the_segments_differ_on_most():
    # A 40-question survey drawn on 40 axes cannot be read: 12 axes, those that spread widest.
    rows = []
    for feature in range(40):
        spread = feature / 100  # feature 39 spreads widest
        for segment_id in (1, 2):
            value = 0.5 + (spread if segment_id == 1 else -spread)
            rows.append((segment_id, f"S{segment_id}", f"q{feature}", f"Q{feature}", value))
    frame = pd.DataFrame(
        rows,
        columns=["segment_id", "segment_name", "feature_name", "feature_label", "normalised_value"],
    ).assign(mean_value=1.0, unit=None)

    figure = charts.radar_chart(frame)

    assert list(figure.data[0].theta[:-1]) == [f"Q{feature}" for feature in range(28, 40)]
    assert "the 12 of 40 features the segments differ on most" in figure.layout.title.text
    few = frame[frame["feature_name"].isin(["q0", "q1", "q2"])]
    assert len(charts.radar_chart(few).data[0].theta) == 4


def test_radar_rings_are_the_same_fixed_scale_for_any_k():
    two_segments = radar_frame()[lambda frame: frame["segment_id"] <= 2]
    for frame in (radar_frame(), two_segments):
        axis = charts.radar_chart(frame).layout.polar.radialaxis
        assert list(axis.range) == [0, 1.04]
        assert list(axis.ticktext) == ["−2 SD", "−1", "avg", "+1", "+2 SD"]


def test_radar_hover_gives_the_value_and_its_distance_from_the_average():
    frame = radar_frame().assign(z_score=lambda rows: rows["normalised_value"] * 4 - 2)
    hover = charts.radar_chart(frame).data[2].customdata
    assert hover[0] == "3.00 h/day (+2.0 SD vs all users)"


def test_numbers_are_written_for_people_never_with_an_exponent():
    cases = {66350.2: "66,350", 123.4: "123", 12.34: "12.3", 3.456: "3.46", 0.2812: "0.28"}
    cases |= {0.00342: "0.0034", 0.0: "0.00", -1234.5: "-1,234"}
    assert {value: charts.format_number(value) for value in cases} == cases
    assert charts.format_value(66350.2, "k$") == "66,350"


def test_segment_colours_are_fixed_by_id_and_distinct():
    assert charts.segment_colours([3, 1]) == {
        1: charts.segment_colours(range(1, 4))[1],
        3: charts.segment_colours(range(1, 4))[3],
    }
    assert len(set(charts.segment_colours(range(1, 11)).values())) == 10
    # Repeated and unordered ids (the dashboard passes a column of segment ids).
    colours = charts.segment_colours([3, 1, 2, 2])
    assert sorted(colours) == [1, 2, 3]
    assert charts.segment_colours([2]) == {2: colours[2]}  # fixed by id, not by position


def _colour_by_segment(traces) -> dict[str, str]:
    colours = {}
    for trace in traces:
        for segment_id, name in NAMES.items():
            if trace.name == charts.segment_label(segment_id, name):
                colours[name] = trace.marker.color
    return colours


def test_a_segment_has_the_same_colour_in_every_chart():
    expected = {NAMES[i]: colour for i, colour in charts.segment_colours(NAMES).items()}
    figures = {
        "radar": charts.radar_chart(radar_frame()),
        "sizes": charts.segment_sizes_chart(segments_frame()),
        "pca": charts.pca_scatter_chart(
            points_frame(),
            pd.DataFrame({"segment_id": [1, 2, 3], "pc1": 0.0, "pc2": 0.0}),
            (0.6, 0.3),
        ),
        "distributions": charts.feature_distributions_chart(distributions_frame()),
        "interests": charts.interests_chart(interests_frame()),
    }
    for name, figure in figures.items():
        assert _colour_by_segment(figure.data) == expected, name


def test_k_selection_marks_the_chosen_k_in_every_panel():
    figure = charts.k_selection_chart(k_scores_frame(chosen=4), min_segment_share=0.02)

    marks = [trace for trace in figure.data if trace.name == "Chosen k = 4"]
    assert len(marks) == 4
    assert all(list(trace.x) == [4] for trace in marks)
    vertical_lines = [shape for shape in figure.layout.shapes if shape.x0 == shape.x1 == 4]
    assert len(vertical_lines) == 4


def test_k_selection_without_candidates_says_so():
    figure = charts.k_selection_chart(k_scores_frame().iloc[0:0])

    assert "chose no k" in figure.layout.annotations[0].text


def test_category_mix_bars_fill_100_percent_with_all_users_on_top():
    figure = charts.category_mix_chart(category_mix_frame())

    totals = np.sum([np.asarray(trace.x, dtype=float) for trace in figure.data], axis=0)
    np.testing.assert_allclose(totals, 1.0)
    assert figure.data[0].y[0] == charts.POPULATION_LABEL
    labels = list(figure.data[0].y[1:])
    assert all(name in label for label, name in zip(labels, NAMES.values(), strict=True))


def test_index_heatmap_is_centred_on_one_on_a_log_scale():
    heatmap = charts.category_index_heatmap(category_mix_frame()).data[0]

    # rows: categories; columns: segments. Segment 3 has 0.8 / 0.5 = 1.6x the young share.
    np.testing.assert_allclose(heatmap.z[0], np.log2([1.0, 0.4, 1.6]))
    assert list(heatmap.text[0]) == ["1.0×", "0.4×", "1.6×"]


def test_index_heatmap_leaves_a_cell_without_users_blank():
    mix = category_mix_frame()
    missing = (mix["segment_id"] == 2) & (mix["category"] == "65+")
    heatmap = charts.category_index_heatmap(mix[~missing]).data[0]

    assert list(heatmap.text[1]) == ["1.0×", "", "0.4×"]


def test_rule_crosstab_heatmap_lists_rules_in_priority_order_with_segment_shares():
    crosstab = pd.DataFrame(
        {
            "segment_id": [1, 2, 1],
            "segment_name": ["Fans", "Lurkers", "Fans"],
            "rule_segment_id": ["hibernating", "hibernating", "champions"],
            "rule_segment_name": ["Hibernating", "Hibernating", "Champions"],
            "rule_priority": [8, 8, 2],
            "users": [10, 40, 30],
            "share_of_segment": [0.25, 1.0, 0.75],
            "lift": [0.4, 1.6, 2.0],
        }
    )

    heatmap = charts.rule_crosstab_heatmap(crosstab).data[0]

    assert list(heatmap.y) == ["Champions", "Hibernating"]
    assert [list(row) for row in heatmap.text] == [["75%", ""], ["25%", "100%"]]
    np.testing.assert_allclose(heatmap.z[0], np.log2([2.0, 0.125]))


def test_png_export_falls_back_to_a_matplotlib_radar(monkeypatch, tmp_path):
    def broken_kaleido(*args, **kwargs):
        raise RuntimeError("no browser")

    monkeypatch.setattr(png_export, "_export_with_kaleido", broken_kaleido)
    figures = {"radar": charts.radar_chart(radar_frame())}

    paths, engine, note = export_pngs(figures, tmp_path, radar_frame())

    assert engine == "matplotlib" and "no browser" in note
    assert paths == [tmp_path / "radar.png"]
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_png_export_without_a_browser_falls_back_at_once(monkeypatch, tmp_path):
    # Without Chromium, kaleido's server waited for a browser for an hour, until killed.
    from choreographer.browsers.chromium import Chromium

    monkeypatch.setattr(Chromium, "find_browser", classmethod(lambda cls, **_: None))
    figures = {"radar": charts.radar_chart(radar_frame())}

    paths, engine, note = export_pngs(figures, tmp_path, radar_frame())

    assert engine == "matplotlib" and "no Chromium or Chrome found" in note
    assert paths == [tmp_path / "radar.png"]
