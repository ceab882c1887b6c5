"""`make bench BENCH_MODE=event-log`: the demo's features declared in config vs hand-written SQL.

At each size the same demo events are built twice in the same run, alternating: the production
build of the hand-written events path (``user_source: events``), and of the same features
declared in ``examples/configs/demo_events_as_event_log.yml`` (``user_source: event_log``). Each
build is a child process (wall time, peak RSS); dbt's ``run_results.json`` gives the node times
of the aggregation (window + one-pass aggregation) and of the validation. Only ratios within the
run are reported: this shared machine's speed drifts.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from user_segmentation.tools.bench import (
    bench_invocation,
    ensure_demo_data,
    fresh_run_folder,
    measure_production_build,
    parse_size,
    results_header,
    users_for_events,
)

DECLARED_CONFIG = Path("examples") / "configs" / "demo_events_as_event_log.yml"
PATHS = ("hand-written", "declared in config")
# dbt nodes per stage and path (model names).
STAGE_NODES = {
    "aggregation": {
        "hand-written": ("int_activity_window_defined", "int_users_activity_aggregated"),
        "declared in config": ("int_event_log_window_defined", "int_users_event_log_aggregated"),
    },
    "validation": {"hand-written": ("stg_app__",), "declared in config": ("stg_event_log__",)},
}


@dataclass
class Build:
    """One measured build of one path."""

    size: str
    path: str
    n_events: int
    wall_s: float
    peak_rss_bytes: int
    returncode: int
    stages: dict[str, float] = field(default_factory=dict)


def path_vars(path: str, raw: Path, project_dir: Path) -> dict:
    """The dbt vars of a path on the demo data in ``raw``."""
    if path == "hand-written":
        return {"raw_data_path": str(raw)}
    variables = yaml.safe_load((project_dir / DECLARED_CONFIG).read_text())
    variables["event_log"]["path"] = str(raw / "events" / "*.parquet")
    return variables


def node_stages(run_results: Path, path: str) -> dict[str, float]:
    """Seconds of each stage's nodes of ``path`` from dbt's run_results.json."""
    results = json.loads(run_results.read_text())["results"]
    stages = dict.fromkeys(STAGE_NODES, 0.0)
    for node in results:
        if not node["unique_id"].startswith("model."):
            continue
        name = node["unique_id"].rsplit(".", 1)[-1]
        for stage, nodes in STAGE_NODES.items():
            if any(name == n or (n.endswith("__") and name.startswith(n)) for n in nodes[path]):
                stages[stage] += float(node.get("execution_time") or 0.0)
    return stages


def run_event_log_bench(
    sizes: list[str],
    work_dir: Path,
    data_dir: Path,
    out: Path,
    memory_limit: str,
    project_dir: Path,
    rounds: int = 2,
) -> list[Build]:
    """Build both paths ``rounds`` times per size, alternating; rewrite ``out`` after each build."""
    python, dbt, command = bench_invocation()
    builds: list[Build] = []
    for size in sizes:
        raw, n_events = ensure_demo_data(data_dir, users_for_events(parse_size(size)), python)
        for round_number in range(rounds):
            order = PATHS if round_number % 2 == 0 else tuple(reversed(PATHS))
            for path in order:
                run_dir = work_dir / "event-log" / size / path.replace(" ", "-")
                database, env = fresh_run_folder(run_dir, memory_limit)
                variables = json.dumps(path_vars(path, raw, project_dir))
                print(f"== {size} round {round_number + 1}: {path}", flush=True)
                wall, rss, code = measure_production_build(dbt, variables, env, project_dir)
                stages = (
                    node_stages(run_dir / "target" / "run_results.json", path) if code == 0 else {}
                )
                builds.append(Build(size, path, n_events, wall, rss, code, stages))
                out.write_text(render(builds, command))
                database.unlink(missing_ok=True)
    return builds


def render(builds: list[Build], command: str) -> str:
    """The builds as Markdown: every build, then the declared / hand-written ratios per size."""
    lines = [
        *results_header(
            "Benchmark: demo features declared in config vs hand-written aggregation", command
        ),
        "Each build is the production build (`dbt build --exclude-resource-type unit_test`) of the "
        "same demo events; `aggregation` = the window and the one-pass aggregation nodes, "
        "`validation` = the staging nodes (the hand-written path also validates the users file).",
        "",
        "| size | events | path | wall s | peak RSS GB | aggregation s | validation s | exit |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for b in builds:
        lines.append(
            f"| {b.size} | {b.n_events:,} | {b.path} | {b.wall_s:.1f} | "
            f"{b.peak_rss_bytes / 1e9:.2f} | {b.stages.get('aggregation', float('nan')):.1f} | "
            f"{b.stages.get('validation', float('nan')):.1f} | {b.returncode} |"
        )
    lines += [
        "",
        "Declared / hand-written, median over the rounds:",
        "",
        "| size | aggregation ratio | build wall ratio |",
        "|---|---:|---:|",
    ]
    for size in dict.fromkeys(b.size for b in builds):
        ok = [b for b in builds if b.size == size and b.returncode == 0]
        medians = {}
        for path in PATHS:
            of_path = [b for b in ok if b.path == path]
            if of_path:
                medians[path] = (
                    statistics.median(b.stages["aggregation"] for b in of_path),
                    statistics.median(b.wall_s for b in of_path),
                )
        if len(medians) == 2:
            hand, declared = medians["hand-written"], medians["declared in config"]
            lines.append(f"| {size} | {declared[0] / hand[0]:.2f} | {declared[1] / hand[1]:.2f} |")
    return "\n".join(lines) + "\n"
