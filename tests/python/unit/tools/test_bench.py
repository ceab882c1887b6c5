"""The bench harness: sizes, stage grouping and the results table (no timings asserted)."""

from __future__ import annotations

import json

import pytest

from user_segmentation.tools.bench import (
    PARSE_RUN,
    Measurement,
    cpu_check_seconds,
    measure,
    parse_size,
    render,
    stage_times,
    users_for_events,
)


@pytest.mark.parametrize(
    ("text", "events"), [("1M", 1_000_000), ("100m", 100_000_000), ("1B", 10**9), ("250K", 250_000)]
)
def test_sizes_are_events(text, events):
    assert parse_size(text) == events


def test_unknown_size_is_rejected():
    with pytest.raises(ValueError, match="not like 1M"):
        parse_size("lots")


def test_users_follow_the_demo_events_per_user():
    assert users_for_events(10**9) == 11_891_000
    assert users_for_events(10) == 1_000


def test_dbt_nodes_are_grouped_into_stages(tmp_path):
    results = {
        "results": [
            {"unique_id": "model.p.int_user_features_joined", "execution_time": 10.0},
            {"unique_id": "model.p.stg_app__events", "execution_time": 0.5},
            {"unique_id": "model.p.segmentation_model", "execution_time": 4.0},
            {"unique_id": "model.p.int_user_segments_scored", "execution_time": 3.0},
            {"unique_id": "model.p.segment_profiles", "execution_time": 2.0},
            {"unique_id": "test.p.unique_user_segments_user_id", "execution_time": 1.0},
            {"unique_id": "unit_test.p.x.y", "execution_time": 0.25},
            {"unique_id": "seed.p.category_bands", "execution_time": 0.1},
        ]
    }
    path = tmp_path / "run_results.json"
    path.write_text(json.dumps(results))
    assert stage_times(path) == {
        "validation": 0.5,
        "aggregation": 10.0,
        "fit": 4.0,
        "scoring": 3.0,
        "profiles": 2.0,
        "tests": 1.25,
        "other": 0.1,
    }


def test_the_table_has_ratios_to_the_baseline_of_the_same_size():
    runs = [
        Measurement(
            "project dbt build",
            "1M",
            10**6,
            12_000,
            10.0,
            2 * 10**9,
            0,
            {"validation": 1.0, "aggregation": 4.0},
        ),
        Measurement("bare DuckDB query", "1M", 10**6, 12_000, 2.0, 10**9, 0),
        Measurement(PARSE_RUN, "1M", 10**6, 12_000, 9.0, 10**9, 0),
        Measurement("notebook baseline", "1M", 10**6, 12_000, 20.0, 3 * 10**9, 0),
        Measurement("notebook baseline with input checks", "1M", 10**6, 12_000, 25.0, 4 * 10**9, 0),
    ]
    text = render(runs, "make bench")
    assert (
        "| 1M | 1,000,000 | 12,000 | project dbt build | 10.0 | 2.00 | 100,000 | 0.50 | 0.40 | 0 |"
        in text
    )
    assert "| notebook baseline with input checks | 25.0 | 4.00 | 40,000 |  |  | 0 |" in text
    # The parse is shown on its own, without events/s or a ratio (it does not grow with events).
    assert f"| {PARSE_RUN} | 9.0 | 1.00 |  |  |  | 0 |" in text
    assert "| 1M | 1.0 | 4.0 |" in text and text.rstrip().endswith("| 2.00 | 2.50 |")
    assert "`make bench`" in text and "cores" in text


def test_measure_reports_the_child_peak_memory():
    wall, peak, code = measure(["python3", "-c", "x = bytearray(200_000_000)"])
    assert code == 0
    assert peak > 150_000_000


def test_the_header_gives_the_cpu_check_read_before_each_run():
    assert 0 < cpu_check_seconds(steps=10_000) < 1
    checks = [("1M build", 1.52), ("1M bare query", 2.07)]
    text = render([], "make bench", cpu_checks=checks)
    line = next(line for line in text.splitlines() if line.startswith("- CPU check"))
    assert line.endswith(": 1M build 1.52 s; 1M bare query 2.07 s")
    assert "- CPU check" not in render([], "make bench")
