"""The HTML report: chart functions on tiny frames, the report on a real build, and a browser."""

from __future__ import annotations

import html
import os
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from plotly.offline import get_plotlyjs

from conftest import headless_chromium
from user_segmentation.cli import main
from user_segmentation.reporting import charts, report_data
from user_segmentation.reporting import report as report_module
from user_segmentation.reporting.report import build_report

PROJECT_DIR = Path(__file__).resolve().parents[3]
DOCS_IMAGES = PROJECT_DIR / "docs" / "images"
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


def test_segment_colours_are_fixed_by_id_and_distinct():
    assert charts.segment_colours([3, 1]) == {
        1: charts.segment_colours(range(1, 4))[1],
        3: charts.segment_colours(range(1, 4))[3],
    }
    assert len(set(charts.segment_colours(range(1, 11)).values())) == 10


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


@pytest.fixture(scope="module")
def built_report(demo_warehouse, tmp_path_factory):
    """The report of the demo build, with PNGs."""
    out_dir = tmp_path_factory.mktemp("report")
    return build_report(demo_warehouse, out_dir, progress=False, sample_size=1_000)


def _segment_names(database: Path) -> list[str]:
    with duckdb.connect(str(database), read_only=True) as connection:
        rows = connection.execute("select segment_name from segment_profiles").fetchall()
    return [name for (name,) in rows]


def test_report_is_one_offline_file_with_every_segment(built_report, demo_warehouse):
    page = built_report.html_path.read_text(encoding="utf-8")

    assert built_report.html_path.name == "report.html"
    assert page.count(get_plotlyjs()) == 1
    outside_plotly_js = page.replace(get_plotlyjs(), "")
    assert "<script src" not in outside_plotly_js and "<link" not in outside_plotly_js
    assert "http://" not in outside_plotly_js and "https://" not in outside_plotly_js
    assert page.count("Plotly.newPlot") == len(built_report.charts) == 9
    assert built_report.run["run_id"] in page
    for name in _segment_names(demo_warehouse):
        assert html.escape(name) in page
    assert "What the clustering adds to simple rules" in page
    freshness = built_report.run["freshness"]
    assert ("Stale input." in page) == bool(freshness["is_stale"])


def test_report_writes_a_png_per_chart(built_report):
    if built_report.png_engine == "matplotlib":
        pytest.skip(f"kaleido unavailable here: {built_report.png_note}")
    names = sorted(path.stem for path in built_report.png_paths)

    assert built_report.png_engine == "kaleido"
    assert names == sorted(built_report.charts)
    for path in built_report.png_paths:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_png_export_falls_back_to_a_matplotlib_radar(monkeypatch, tmp_path):
    def broken_kaleido(*args, **kwargs):
        raise RuntimeError("no browser")

    monkeypatch.setattr(report_module, "_export_with_kaleido", broken_kaleido)
    figures = {"radar": charts.radar_chart(radar_frame())}

    paths, engine, note = report_module.export_pngs(figures, tmp_path, radar_frame())

    assert engine == "matplotlib" and "no browser" in note
    assert paths == [tmp_path / "radar.png"]
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_sample_is_deterministic_and_encoded_like_the_model(demo_warehouse):
    with duckdb.connect(str(demo_warehouse), read_only=True) as connection:
        model = report_data.read_stored_model(connection)
        first = report_data.read_user_sample(connection, model.source_columns, size=400)
        again = report_data.read_user_sample(connection, model.source_columns, size=400)

    pd.testing.assert_frame_equal(first, again)
    assert len(first) == 400 and first["user_key"].is_unique and "user_id" not in first
    # Re-encoded with the stored encoding, each user is nearest to its own segment's centre.
    from user_segmentation.segmentation.features import apply_encoding

    matrix = apply_encoding(first, model.columns)
    distances = ((matrix[:, None, :] - model.centres[None, :, :]) ** 2).sum(axis=2)
    nearest = np.asarray(model.segment_ids)[distances.argmin(axis=1)]
    assigned = first["segment_id"].to_numpy() > 0
    np.testing.assert_array_equal(nearest[assigned], first["segment_id"].to_numpy()[assigned])


def test_cli_report_prints_paths_and_segments(demo_warehouse, tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "report",
            "--database",
            str(demo_warehouse),
            "--out",
            str(tmp_path),
            "--no-png",
            "--no-progress",
        ],
    )

    assert result.exit_code == 0, result.output
    assert str(tmp_path / "report.html") in result.output
    for name in _segment_names(demo_warehouse):
        assert name in result.output
    assert not (tmp_path / "png").exists()


RENDERED_CHARTS = (
    "return Array.from(document.querySelectorAll('.js-plotly-plot'))"
    ".filter(plot => plot.querySelector('.main-svg')).length"
)


def test_report_renders_in_chromium_without_console_errors(built_report, demo_warehouse, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with headless_chromium("1360,1000", "--hide-scrollbars") as driver:
        driver.get(built_report.html_path.as_uri())
        expected = len(built_report.charts)
        WebDriverWait(driver, 60).until(lambda d: d.execute_script(RENDERED_CHARTS) == expected)
        page_text = driver.find_element(By.TAG_NAME, "body").text
        legend = driver.execute_script(
            "return Array.from(document.querySelectorAll('#chart-radar .legendtext'))"
            ".map(item => item.textContent)"
        )
        requests = driver.execute_script(
            "return performance.getEntriesByType('resource').map(entry => entry.name)"
        )
        severe = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        driver.save_screenshot(str(tmp_path / "report.png"))
        driver.find_element(By.CSS_SELECTOR, "[data-chart='radar']").screenshot(
            str(tmp_path / "radar.png")
        )

    for name in _segment_names(demo_warehouse):
        assert name in page_text
        assert any(name in item for item in legend), (name, legend)
    assert severe == []
    assert requests == []
    assert (tmp_path / "report.png").stat().st_size > 10_000
    if os.environ.get("SAVE_DOCS_SCREENSHOTS") == "1":
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tmp_path / "report.png", DOCS_IMAGES / "report.png")
        radar_png = built_report.html_path.parent / "png" / "radar.png"
        shutil.copyfile(
            radar_png if radar_png.exists() else tmp_path / "radar.png", DOCS_IMAGES / "radar.png"
        )
