"""Resident memory over time of a measured process, and its peak while each dbt stage ran.

`RssSampler` polls ``/proc`` for the resident set of a process and its descendants (Linux) in a
background thread. `stage_peak_rss` lines the samples up with the node timings of dbt's
``run_results.json``: the peak of a stage is the largest sample taken while any node of that
stage was being compiled or executed. dbt runs nodes on several threads, so a sample taken while
nodes of two stages overlap counts for both. Samples before the first node (start-up and parse)
count for ``STARTUP``.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
#: The stage of samples taken before dbt starts its first node: imports, parse, connection.
STARTUP = "start-up and parse"


def _children(pid: int) -> list[int]:
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            children += [int(child) for child in task.read_text().split()]
        except OSError:
            continue
    return children


def _resident_bytes(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def tree_resident_bytes(pid: int) -> int:
    """The resident set of ``pid`` and all its descendants, in bytes (0 once it has exited)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        total += _resident_bytes(current)
        pending += _children(current)
    return total


class RssSampler:
    """Sample a process tree's resident set every ``interval`` seconds until `stop`.

    Parameters
    ----------
    pid : int
        The root of the process tree.
    interval : float, default 0.2
        Seconds between samples.

    Attributes
    ----------
    samples : list of (float, int)
        ``(time.time(), resident bytes)`` per sample.
    """

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid = pid
        self.interval = interval
        self.samples: list[tuple[float, int]] = []
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def start(self) -> RssSampler:
        self._thread.start()
        return self

    def stop(self) -> list[tuple[float, int]]:
        self._stopped.set()
        self._thread.join()
        return self.samples

    def _run(self) -> None:
        while not self._stopped.is_set():
            resident = tree_resident_bytes(self.pid)
            if resident:
                self.samples.append((time.time(), resident))
            self._stopped.wait(self.interval)


def _epoch(timestamp: str) -> float:
    parsed = datetime.datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    if parsed.tzinfo is None:  # dbt writes UTC
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed.timestamp()


def node_windows(run_results: Path) -> dict[str, tuple[float, float]]:
    """unique_id -> (first start, last end) of the node's compile and execute, in epoch seconds."""
    windows: dict[str, tuple[float, float]] = {}
    for node in json.loads(run_results.read_text())["results"]:
        timings = [
            timing
            for timing in node.get("timing", [])
            if timing.get("started_at") and timing.get("completed_at")
        ]
        if timings:
            windows[node["unique_id"]] = (
                min(_epoch(t["started_at"]) for t in timings),
                max(_epoch(t["completed_at"]) for t in timings),
            )
    return windows


def stage_peak_rss(
    samples: list[tuple[float, int]],
    run_results: Path,
    stage_of: Callable[[str], str],
) -> tuple[dict[str, int], dict[str, int]]:
    """The peak resident bytes per stage and per node, from samples and dbt's node timings.

    Parameters
    ----------
    samples : list of (float, int)
        From `RssSampler`.
    run_results : Path
        dbt's ``run_results.json`` of the same run.
    stage_of : callable
        unique_id -> stage name.

    Returns
    -------
    (dict, dict)
        Stage -> peak bytes (with `STARTUP` for the samples before the first node), and node
        unique_id -> peak bytes.
    """
    windows = node_windows(run_results)
    first_start = min((start for start, _ in windows.values()), default=float("inf"))
    by_stage: dict[str, int] = {}
    by_node: dict[str, int] = {}
    for moment, resident in samples:
        if moment < first_start:
            by_stage[STARTUP] = max(by_stage.get(STARTUP, 0), resident)
            continue
        for unique_id, (start, end) in windows.items():
            if start <= moment <= end:
                by_node[unique_id] = max(by_node.get(unique_id, 0), resident)
                stage = stage_of(unique_id)
                by_stage[stage] = max(by_stage.get(stage, 0), resident)
    return by_stage, by_node


def short_node_name(unique_id: str) -> str:
    """``model.user_segmentation.user_segments`` -> ``user_segments``; tests keep their kind.

    The hash dbt appends to the id of a generic test with a long name is dropped.
    """
    kind, _, rest = unique_id.partition(".")
    name = re.sub(r"\.[0-9a-f]{10}$", "", re.sub(r"^[^.]+\.", "", rest))
    return name if kind in ("model", "seed") else f"{kind} {name}"
