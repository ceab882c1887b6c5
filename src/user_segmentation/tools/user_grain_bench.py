"""`make bench BENCH_MODE=user-grain`: one-row-per-user inputs vs the notebook, same file, same run.

At each size (users) a copy of the notebook's flat CSV with that many rows is written once
(``synthetic.flat_profiles``). Then, each as a measured child process (wall time, peak RSS of the
process tree):

- the project's parse, and its production build of the file as the flat CSV input
  (``user_source: profiles_csv``, default preset: k chosen);
- the parse and build of the same file as a user table, with the config ``user-segmentation
  scaffold`` writes for it, unedited (written once per size, not measured);
- the notebook pipeline on the same file (``bench/notebook_csv_baseline.py``).

Before each run the file is read once into the OS page cache, so no run pays a read from disk
that the others do not. Stage seconds come from dbt's ``run_results.json``. No timing is asserted
anywhere.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from user_segmentation.synthetic.flat_profiles import write_flat_profiles_csv
from user_segmentation.tools.bench import (
    BASELINE_MEMORY_CAP,
    SEED,
    STAGES,
    bench_invocation,
    cpu_check_seconds,
    fresh_run_folder,
    measure,
    measure_traced_build,
    parse_size,
    read_into_page_cache,
    results_header,
    stage_rss_lines,
)
from user_segmentation.tools.bench import STAGE_ORDER as BENCH_STAGE_ORDER

BASELINE = "notebook pipeline"
INPUTS = {"flat CSV": "profiles_csv", "user table": "table"}
# dbt nodes by stage at the user grain (first matching pattern wins): the event bench's stages,
# with the one-row-per-user inputs' staging and feature models in place of the events'.
USER_GRAIN_STAGES: tuple[tuple[str, str], ...] = (
    STAGES[0],
    ("validation", r"\.(stg_|int_input_rows_|input_quarantine$|input_reconciliation$)"),
    ("features", r"\.int_(user_features|segment_interests|user_table_bounds)"),
    *STAGES[3:],
)
STAGE_ORDER = tuple(
    "features" if stage == "aggregation" else stage
    for stage in BENCH_STAGE_ORDER
    if stage != "handoff"
)


@dataclass
class Run:
    """One measured command at one size."""

    name: str
    size: str
    n_users: int
    wall_s: float
    peak_rss_bytes: int
    returncode: int
    stages: dict[str, float] = field(default_factory=dict)
    stage_peak_rss: dict[str, int] = field(default_factory=dict)
    node_peak_rss: dict[str, int] = field(default_factory=dict)


def ensure_profiles_csv(data_dir: Path, n_users: int) -> Path:
    """The flat CSV with ``n_users`` rows (written once per size and seed)."""
    path = data_dir / f"profiles-{n_users}-seed-{SEED}.csv"
    if not path.exists():
        write_flat_profiles_csv(path, n_users, seed=SEED)
    return path


def ensure_table_config(csv_path: Path, python: str) -> dict:
    """The scaffold's starter config for ``csv_path`` as dbt vars (written once, unedited)."""
    config_path = csv_path.with_suffix(".scaffold.yml")
    if not config_path.exists():
        cli = str(Path(python).with_name("user-segmentation"))
        subprocess.run([cli, "scaffold", str(csv_path), "--out", str(config_path)], check=True)
    return yaml.safe_load(config_path.read_text())


def run_user_grain_bench(
    sizes: list[str],
    work_dir: Path,
    data_dir: Path,
    out: Path,
    memory_limit: str,
    project_dir: Path,
    dbt_vars: dict | None = None,
) -> list[Run]:
    """Measure both inputs and the notebook at every size; rewrite ``out`` after each run."""
    python, dbt, command = bench_invocation()
    runs: list[Run] = []
    cpu_checks: list[tuple[str, float]] = []
    for size in sizes:
        n_users = parse_size(size)
        csv_path = ensure_profiles_csv(data_dir, n_users)
        variables_by_input = {
            "flat CSV": {"user_source": "profiles_csv", "profiles_csv_path": str(csv_path)},
            "user table": ensure_table_config(csv_path, python),
        }
        for input_name, variables in variables_by_input.items():
            run_dir = work_dir / "user-grain" / size / INPUTS[input_name]
            database, env = fresh_run_folder(run_dir, memory_limit)
            read_into_page_cache(csv_path)
            vars_json = json.dumps({**(dbt_vars or {}), **variables})
            print(f"== {size} users, {input_name}: dbt parse", flush=True)
            wall, rss, code = measure([dbt, "parse", "--vars", vars_json], env, project_dir)
            runs.append(Run(f"{input_name}: dbt parse", size, n_users, wall, rss, code))
            cpu_checks.append((f"{size} {input_name}", cpu_check_seconds()))
            print(f"== {size} users, {input_name}: dbt build", flush=True)
            run_results = run_dir / "target" / "run_results.json"
            build = measure_traced_build(
                dbt, vars_json, env, project_dir, run_results, USER_GRAIN_STAGES
            )
            runs.append(
                Run(
                    f"{input_name}: dbt build",
                    size,
                    n_users,
                    build.wall_s,
                    build.peak_rss_bytes,
                    build.returncode,
                    build.stages,
                    build.stage_peak_rss,
                    build.node_peak_rss,
                )
            )
            out.write_text(render(runs, command, cpu_checks))
            database.unlink(missing_ok=True)
        read_into_page_cache(csv_path)
        cpu_checks.append((f"{size} {BASELINE}", cpu_check_seconds()))
        print(f"== {size} users: {BASELINE}", flush=True)
        script = project_dir / "bench" / "notebook_csv_baseline.py"
        wall, rss, code = measure(
            [python, str(script), str(csv_path)], address_space_limit=BASELINE_MEMORY_CAP
        )
        runs.append(Run(BASELINE, size, n_users, wall, rss, code))
        out.write_text(render(runs, command, cpu_checks))
    return runs


def render(runs: list[Run], command: str, cpu_checks: list[tuple[str, float]] | None = None) -> str:
    """The runs as Markdown: every run with its ratio to the notebook, then the build stages."""
    baseline = {r.size: r for r in runs if r.name == BASELINE and r.returncode == 0}
    lines = [
        *results_header(
            "Benchmark at the user grain: flat CSV and user table vs the notebook pipeline",
            command,
            cpu_checks,
        ),
        "| size | users | run | wall s | peak RSS GB | users/s | wall / notebook "
        "| peak RSS / notebook | exit |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in runs:
        base = baseline.get(r.size)
        compared = base is not None and r.name.endswith("build")
        wall_ratio = f"{r.wall_s / base.wall_s:.2f}" if compared else ""
        rss_ratio = f"{r.peak_rss_bytes / base.peak_rss_bytes:.2f}" if compared else ""
        per_s = f"{r.n_users / r.wall_s:,.0f}" if not r.name.endswith("parse") else ""
        lines.append(
            f"| {r.size} | {r.n_users:,} | {r.name} | {r.wall_s:.1f} | "
            f"{r.peak_rss_bytes / 1e9:.2f} | {per_s} | {wall_ratio} | {rss_ratio} | "
            f"{r.returncode} |"
        )
    lines += [
        "",
        "Build stage seconds (dbt `run_results.json` per node, grouped; `validation` = staging, "
        "quarantine and reconciliation; `features` = the feature table, interests and bounds; "
        "`profiles` = every other model; nodes on dbt's two threads overlap, so stages can sum "
        "to more than the wall time):",
        "",
        "| size | input | " + " | ".join(STAGE_ORDER) + " |",
        "|---|---|" + "---:|" * len(STAGE_ORDER),
    ]
    for r in runs:
        if r.name.endswith("build") and r.stages:
            cells = [f"{r.stages[s]:.1f}" if s in r.stages else "" for s in STAGE_ORDER]
            lines.append(f"| {r.size} | {r.name.split(':')[0]} | " + " | ".join(cells) + " |")
    lines += stage_rss_lines(
        [
            ((r.size, r.name.split(":")[0]), r.stage_peak_rss, r.node_peak_rss)
            for r in runs
            if r.name.endswith("build")
        ],
        STAGE_ORDER,
        label_names=("size", "input"),
    )
    return "\n".join(lines) + "\n"
