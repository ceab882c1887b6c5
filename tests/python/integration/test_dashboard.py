"""The Streamlit dashboard: page logic with AppTest, and the real app in headless Chromium.

Its pure data shaping is tested in ``tests/python/unit/reporting/``.

The browser tests need Debian's ``chromium`` and ``chromium-driver`` (``/usr/bin/chromium``,
``/usr/bin/chromedriver``) and skip without them. Set ``SAVE_DOCS_SCREENSHOTS=1`` to also write
the Overview screenshot to ``docs/images/dashboard.png``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

pytest.importorskip("streamlit")
pytest.importorskip("plotly")

from streamlit.testing.v1 import AppTest  # noqa: E402

from support import PROFILES_CSV, PROJECT_DIR, SKIP_UNIT_TESTS, headless_chromium, run_dbt  # noqa: E402
from user_segmentation.reporting import charts as report_charts  # noqa: E402
from user_segmentation.reporting.dashboard import APP_PATH, PUBLISH_DIR_ENV  # noqa: E402
from user_segmentation.serving.publish import open_published, publish_marts  # noqa: E402

CLI = Path(sys.executable).with_name("user-segmentation")
DOCS_SCREENSHOT = PROJECT_DIR / "docs" / "images" / "dashboard.png"
WAIT_SECONDS = 60
NOTEBOOK_VARS = {
    "user_source": "profiles_csv",
    "profiles_csv_path": str(PROFILES_CSV),
    "segmentation_preset": "notebook",
}


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published(demo_warehouse, tmp_path_factory) -> Path:
    """A publish folder with one release of the demo build."""
    publish_dir = tmp_path_factory.mktemp("dashboard") / "published"
    publish_marts(demo_warehouse, publish_dir)
    return publish_dir


@pytest.fixture(scope="module")
def served(published, demo_warehouse):
    """What the dashboard should show, read through the same door it uses."""
    connection = open_published(published)
    profiles = connection.execute("select * from segment_profiles order by segment_id").df()
    stats = connection.execute("select * from segment_feature_stats").df()
    run_id = connection.execute("select run_id from published_release").fetchall()[0][0]
    user = connection.execute(
        "select * from user_lookup where segment_id = 3 order by user_key limit 1"
    ).df()
    connection.close()
    # The release has no ids; the build file knows the id behind the key (as an operator would).
    with duckdb.connect(str(demo_warehouse), read_only=True) as build:
        (user_id,) = build.execute(
            "select user_id from int_user_segments_scored where user_key = ?",
            [user["user_key"].iloc[0]],
        ).fetchone()
    return {
        "profiles": profiles,
        "stats": stats,
        "run_id": run_id,
        "user": user.iloc[0],
        "user_id": str(user_id),
    }


@pytest.fixture
def app(published, monkeypatch):
    monkeypatch.setenv(PUBLISH_DIR_ENV, str(published))
    return AppTest.from_file(str(APP_PATH), default_timeout=WAIT_SECONDS).run()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serve_dashboard(publish_dir: Path, log_path: Path):
    """Run `user-segmentation dashboard` until the block ends; yield its URL once healthy."""
    port = free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [CLI, "dashboard", "--publish-dir", str(publish_dir), "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stopping it stops everything
        )
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"dashboard exited with {process.returncode}: {log_path.read_text()}")
            try:
                with urllib.request.urlopen(
                    f"http://localhost:{port}/_stcore/health", timeout=2
                ) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"dashboard not healthy in {WAIT_SECONDS}s: {log_path.read_text()}")
            time.sleep(0.25)
        yield f"http://localhost:{port}/"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def dashboard_url(published, tmp_path_factory):
    with serve_dashboard(published, tmp_path_factory.mktemp("logs") / "dashboard.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with headless_chromium("1500,2000", page_load_timeout=WAIT_SECONDS) as driver:
        yield driver


# --- browser helpers ------------------------------------------------------------------------


def open_page(driver, url: str, charts: int, user_id: str | None = None) -> str:
    """Load a page, wait until ``charts`` plotly charts have drawn, return the page text."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, WAIT_SECONDS)
    driver.get(url)
    if user_id is not None:
        box = wait.until(
            lambda d: d.find_element(By.CSS_SELECTOR, 'input[aria-label="User id or user key"]')
        )
        box.send_keys(user_id, Keys.ENTER)
    wait.until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, ".js-plotly-plot .main-svg")) >= charts
    )
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]'))
    exceptions = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stException"]')
    assert not exceptions, exceptions[0].text
    return driver.find_element(By.TAG_NAME, "body").text


def sidebar_text(driver) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, '[data-testid="stSidebar"]').text


def severe_console_errors(driver) -> list[dict]:
    """SEVERE browser console entries since the last call (none are filtered out)."""
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def holds_write_lock(path: Path) -> bool:
    """Whether some process holds a POSIX write lock on ``path`` (read from /proc/locks, which
    does not touch the file: opening it, even read-only, could make `dbt build` fail)."""
    inode = str(os.stat(path).st_ino)
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if "->" not in fields and fields[3] == "WRITE" and fields[5].rsplit(":", 1)[1] == inode:
            return True
    return False


# --- AppTest: page logic without a browser --------------------------------------------------


def markdown_text(app) -> str:
    return "\n".join(str(element.value) for element in app.markdown)


def chart_specs(app) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def test_overview_shows_the_release_segments_and_charts(app, served):
    assert not app.exception
    sidebar = "\n".join(str(element.value) for element in app.sidebar.markdown)
    assert served["run_id"] in sidebar
    assert "published_at" in sidebar
    for name in served["profiles"]["segment_name"]:
        assert name in markdown_text(app)
    assert len(app.get("plotly_chart")) == 3


def test_segment_page_shows_the_picked_segment(app, served):
    app.sidebar.radio(key="page").set_value("Segment").run()
    app.selectbox(key="segment").set_value(3).run()

    assert not app.exception
    profile = served["profiles"].set_index("segment_id").loc[3]
    text = markdown_text(app)
    assert profile["segment_name"] in text
    assert profile["segment_description"] in text
    features = app.dataframe[0].value
    stats = served["stats"][served["stats"]["segment_id"] == 3]
    strongest = stats.loc[stats["z_score"].abs().idxmax(), "feature_label"]
    assert features["feature_label"].iloc[0] == strongest
    app.selectbox(key="segment_attribute").set_value("device").run()
    mix_chart = chart_specs(app)[1]
    assert "Mobile Only" in [trace["name"] for trace in mix_chart["data"]]


def test_compare_page_puts_two_segments_side_by_side(app, served):
    app.sidebar.radio(key="page").set_value("Compare").run()
    app.selectbox(key="compare_a").set_value(2).run()
    app.selectbox(key="compare_b").set_value(5).run()

    assert not app.exception
    names = served["profiles"].set_index("segment_id")["segment_name"]
    text = markdown_text(app)
    assert names[2] in text and names[5] in text
    table = app.dataframe[0].value.set_index("feature_label")
    stats = served["stats"].set_index(["segment_id", "feature_label"])["mean_value"]
    for label, row in table.iterrows():
        assert row["mean_value_a"] == pytest.approx(stats[(2, label)])
        assert row["mean_value_b"] == pytest.approx(stats[(5, label)])


def test_user_lookup_finds_the_user_and_their_segment(app, served):
    user = served["user"]
    app.sidebar.radio(key="page").set_value("User lookup").run()
    app.text_input(key="user_id").set_value(served["user_id"]).run()

    assert not app.exception
    assert f"User {user['user_key'][:12]}" in markdown_text(app)
    assert user["segment_name"] in markdown_text(app)
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Segment"] == str(user["segment_id"])
    assert metrics["Distance to centre"] == f"{user['distance_to_centre']:.3f}"

    app.text_input(key="user_id").set_value(user["user_key"][:12]).run()
    assert f"User {user['user_key'][:12]}" in markdown_text(app)
    assert {metric.label: metric.value for metric in app.metric}["Segment"] == str(
        user["segment_id"]
    )

    app.text_input(key="user_id").set_value("no-such-user").run()
    assert not app.exception
    assert "No user with id or key 'no-such-user'" in app.warning[0].value


def test_user_lookup_needs_the_build_salt(app, served, monkeypatch):
    monkeypatch.setenv("USER_SEGMENTATION_SALT", "not-the-build-salt")
    app.sidebar.radio(key="page").set_value("User lookup").run()
    app.text_input(key="user_id").set_value(served["user_id"]).run()
    assert "USER_SEGMENTATION_SALT" in app.warning[0].value


def test_each_segment_keeps_its_colour_across_pages(app, served):
    sizes = chart_specs(app)[0]["data"]  # one bar trace per segment
    colour_by_name = {bar["y"][0].split(" · ", 1)[1]: bar["marker"]["color"] for bar in sizes}
    name = served["profiles"].set_index("segment_id").loc[4, "segment_name"]
    app.sidebar.radio(key="page").set_value("Segment").run()
    app.selectbox(key="segment").set_value(4).run()
    assert f"background:{colour_by_name[name]}" in markdown_text(app)
    app.sidebar.radio(key="page").set_value("Compare").run()
    app.selectbox(key="compare_b").set_value(4).run()
    compare = chart_specs(app)[0]["data"]
    assert compare[1]["marker"]["color"] == colour_by_name[name]


def test_segment_colours_are_the_reports_everywhere(app, served):
    """Every segment colour the dashboard draws is `charts.segment_colours`' (as in the report)."""
    profiles = served["profiles"]
    expected = report_charts.segment_colours(profiles["segment_id"])
    labels = {
        report_charts.segment_label(row.segment_id, row.segment_name): int(row.segment_id)
        for row in profiles.itertuples()
    }
    sizes, _, radar = chart_specs(app)
    assert {labels[bar["name"]]: bar["marker"]["color"] for bar in sizes["data"]} == expected
    assert {labels[line["name"]]: line["line"]["color"] for line in radar["data"]} == expected
    text = markdown_text(app)
    for colour in expected.values():
        assert f"background:{colour}" in text

    app.sidebar.radio(key="page").set_value("Segment").run()
    for segment_id, colour in expected.items():
        app.selectbox(key="segment").set_value(segment_id).run()
        assert f"background:{colour}" in markdown_text(app)
        lift, _, interests = chart_specs(app)
        assert lift["data"][0]["marker"]["color"] == colour
        assert {bar["marker"]["color"] for bar in interests["data"]} == {colour}

    app.sidebar.radio(key="page").set_value("Compare").run()
    app.selectbox(key="compare_a").set_value(2).run()
    app.selectbox(key="compare_b").set_value(5).run()
    features, differences, radar = chart_specs(app)
    assert [bar["marker"]["color"] for bar in features["data"]] == [expected[2], expected[5]]
    assert set(differences["data"][0]["marker"]["color"]) <= {expected[2], expected[5]}
    assert [line["line"]["color"] for line in radar["data"]] == [expected[2], expected[5]]

    user = served["user"]
    app.sidebar.radio(key="page").set_value("User lookup").run()
    app.text_input(key="user_id").set_value(served["user_id"]).run()
    (user_chart,) = chart_specs(app)
    assert user_chart["data"][0]["marker"]["color"] == expected[int(user["segment_id"])]


def test_a_new_publish_shows_up_on_the_next_rerun(demo_warehouse, tmp_path, monkeypatch):
    publish_dir = tmp_path / "published"
    first = publish_marts(demo_warehouse, publish_dir)
    monkeypatch.setenv(PUBLISH_DIR_ENV, str(publish_dir))
    app = AppTest.from_file(str(APP_PATH), default_timeout=WAIT_SECONDS).run()
    assert first.release.name in app.sidebar.caption[0].value

    second = publish_marts(demo_warehouse, publish_dir)
    app.run()
    assert second.release.name in app.sidebar.caption[0].value


def test_the_app_explains_when_nothing_is_published(tmp_path, monkeypatch):
    monkeypatch.setenv(PUBLISH_DIR_ENV, str(tmp_path / "nothing"))
    app = AppTest.from_file(str(APP_PATH), default_timeout=WAIT_SECONDS).run()
    assert not app.exception
    assert "Nothing is published" in app.error[0].value
    assert "user-segmentation publish" in app.error[0].value


# --- the real app in a real browser ---------------------------------------------------------


def test_dashboard_renders_in_a_browser(dashboard_url, browser, served, tmp_path):
    text = open_page(browser, dashboard_url, charts=3)
    for name in served["profiles"]["segment_name"]:
        assert name in text
    assert served["run_id"] in sidebar_text(browser)
    time.sleep(1)  # let plotly finish its transitions before the picture
    browser.save_screenshot(str(tmp_path / "dashboard.png"))
    if os.environ.get("SAVE_DOCS_SCREENSHOTS") == "1":
        DOCS_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(DOCS_SCREENSHOT))
    assert severe_console_errors(browser) == []

    user = served["user"]
    names = served["profiles"]["segment_name"]
    for page, charts, user_id, expected in (
        ("segment", 3, None, [names.iloc[0]]),
        ("compare", 3, None, [names.iloc[0], names.iloc[1]]),
        (
            "user-lookup",
            1,
            served["user_id"],
            [f"User {user['user_key'][:12]}", user["segment_name"]],
        ),
    ):
        text = open_page(browser, f"{dashboard_url}?page={page}", charts=charts, user_id=user_id)
        for snippet in expected:
            assert snippet in text, page
        browser.save_screenshot(str(tmp_path / f"dashboard-{page}.png"))
        assert severe_console_errors(browser) == [], page


def test_dashboard_serves_the_last_release_while_dbt_builds(demo_warehouse, browser, tmp_path):
    """While a real `dbt build` holds its file, the dashboard and readers keep serving the last
    release; once the build is published they show the new run."""
    if not Path("/proc/locks").exists():
        pytest.skip("needs /proc/locks to see the build's file lock")
    publish_dir = tmp_path / "published"
    old_run_id = publish_marts(demo_warehouse, publish_dir).run_id
    database = tmp_path / "build" / "warehouse.duckdb"
    database.parent.mkdir()

    with serve_dashboard(publish_dir, tmp_path / "dashboard.log") as url:
        results = []
        build = threading.Thread(
            target=lambda: results.append(
                run_dbt(["build", *SKIP_UNIT_TESTS], database, NOTEBOOK_VARS, in_process=False)
            )
        )
        build.start()
        served_while_locked = 0
        try:
            while build.is_alive() and not served_while_locked:
                if not database.exists() or not holds_write_lock(database):
                    time.sleep(0.2)
                    continue
                connection = open_published(publish_dir)
                run_ids = connection.execute("select distinct run_id from user_lookup").fetchall()
                assert run_ids == [(old_run_id,)]
                open_page(browser, url, charts=3)
                assert old_run_id in sidebar_text(browser)
                if holds_write_lock(database):  # the build held the file the whole time
                    served_while_locked += 1
        finally:
            build.join(timeout=600)
        assert not build.is_alive(), "dbt build did not finish in 10 minutes"
        assert results[0].returncode == 0, results[0].output[-3000:]
        assert served_while_locked, "the build finished before a page could be served"

        new = publish_marts(database, publish_dir)
        assert new.run_id != old_run_id
        assert new.release.manifest["preset"] == "notebook"
        connection = open_published(publish_dir)
        names = [
            row[0]
            for row in connection.execute("select segment_name from segment_profiles").fetchall()
        ]
        assert len(names) == 5
        text = open_page(browser, url, charts=3)
        assert new.run_id in sidebar_text(browser)
        assert old_run_id not in sidebar_text(browser)
        for name in names:
            assert name in text
        assert severe_console_errors(browser) == []
