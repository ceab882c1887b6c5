"""The HTML report on a real build, its PNGs, the CLI, and the page in a browser.

The chart functions on tiny frames are tested in ``tests/python/unit/reporting/``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from markupsafe import escape
from plotly.offline import get_plotlyjs

from support import headless_chromium
from user_segmentation.cli import main
from user_segmentation.reporting import frames
from user_segmentation.reporting.report import build_report

PROJECT_DIR = Path(__file__).resolve().parents[3]
DOCS_IMAGES = PROJECT_DIR / "docs" / "images"


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
        assert str(escape(name)) in page
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


def test_sample_is_deterministic_and_encoded_like_the_model(demo_warehouse):
    with duckdb.connect(str(demo_warehouse), read_only=True) as connection:
        model = frames.read_stored_model(connection)
        first = frames.read_user_sample(connection, model.source_columns, size=400)
        again = frames.read_user_sample(connection, model.source_columns, size=400)

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
