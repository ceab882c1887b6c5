"""Resident memory per stage: the /proc sampler and its alignment with dbt's node timings."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys

from user_segmentation.tools.bench import stage_of, stage_rss_lines
from user_segmentation.tools.memory_trace import STARTUP, RssSampler, stage_peak_rss

START = datetime.datetime(2026, 12, 5, 10, 0, 0, tzinfo=datetime.UTC)


def at(seconds: float) -> float:
    return (START + datetime.timedelta(seconds=seconds)).timestamp()


def timing(start: float, end: float) -> list[dict]:
    def iso(seconds: float) -> str:
        moment = START + datetime.timedelta(seconds=seconds)
        return moment.replace(tzinfo=None).isoformat() + "Z"

    middle = (start + end) / 2
    return [
        {"name": "compile", "started_at": iso(start), "completed_at": iso(middle)},
        {"name": "execute", "started_at": iso(middle), "completed_at": iso(end)},
    ]


def test_the_sampler_sees_memory_held_by_a_grandchild_process():
    # The child only starts a grandchild that holds 300 MB for a second: the tree is sampled.
    grandchild = "import time; x = bytearray(300_000_000); time.sleep(1.5)"
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}])"
    process = subprocess.Popen([sys.executable, "-c", child])
    sampler = RssSampler(process.pid, interval=0.05).start()
    process.wait()
    samples = sampler.stop()
    assert process.returncode == 0
    assert max(resident for _, resident in samples) > 280_000_000
    assert [moment for moment, _ in samples] == sorted(moment for moment, _ in samples)


def test_each_sample_counts_for_the_stages_whose_nodes_were_running(tmp_path):
    run_results = tmp_path / "run_results.json"
    results = [
        {"unique_id": "model.p.stg_app__events_typed", "timing": timing(1, 3)},
        {"unique_id": "model.p.segmentation_model", "timing": timing(2, 5)},
        {"unique_id": "test.p.not_null_x", "timing": timing(7, 8)},
        {"unique_id": "operation.p.on-run-start-0", "timing": []},
    ]
    run_results.write_text(json.dumps({"results": results}))
    samples = [
        (at(0.5), 100),  # before the first node: start-up and parse
        (at(1.5), 200),  # validation only
        (at(2.5), 500),  # validation and the fit overlap: counts for both
        (at(4.0), 300),  # the fit only
        (at(6.0), 900),  # between nodes: no stage
        (at(7.5), 150),  # a data test
    ]
    by_stage, by_node = stage_peak_rss(samples, run_results, stage_of)
    assert by_stage == {STARTUP: 100, "validation": 500, "fit": 500, "tests": 150}
    assert by_node == {
        "model.p.stg_app__events_typed": 500,
        "model.p.segmentation_model": 500,
        "test.p.not_null_x": 150,
    }


def test_the_stage_memory_table_names_the_largest_nodes():
    stage_peaks = {STARTUP: 150_000_000, "validation": 2_500_000_000, "fit": 1_000_000_000}
    node_peaks = {
        "model.p.stg_app__events_typed": 2_500_000_000,
        "model.p.segmentation_model": 1_000_000_000,
        "test.p.unique_user_segments_user_key.7853a97005": 400_000_000,
        "model.p.segment_profiles": 300_000_000,
    }
    lines = stage_rss_lines(
        [(("10M", "flat CSV"), stage_peaks, node_peaks)],
        ("validation", "fit"),
        label_names=("size", "input"),
    )
    assert f"| size | input | {STARTUP} | validation | fit | largest nodes |" in lines
    assert lines[-1] == (
        "| 10M | flat CSV | 0.15 | 2.50 | 1.00 | stg_app__events_typed 2.50, "
        "segmentation_model 1.00, test unique_user_segments_user_key 0.40 |"
    )
    assert stage_rss_lines([(("1M",), {}, {})], ("fit",)) == []
