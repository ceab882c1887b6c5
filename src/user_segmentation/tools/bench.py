"""`make bench`: the project's dbt build vs a notebook-style pandas script vs a bare DuckDB query.

Every measured command runs as a child process; its wall time and peak RSS (``os.wait4``: the
largest resident set of the child or any of its descendants) are recorded. Stage times of the
project come from dbt's ``run_results.json`` (per-node timing grouped by stage). Results go to a
Markdown file with the command, the machine and the date. Before each measured run the raw files
are read once into the OS page cache, so no run pays a read from disk that the others do not. No
timing is asserted anywhere.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import re
import resource
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from user_segmentation.tools.memory_trace import (
    STARTUP,
    RssSampler,
    short_node_name,
    stage_peak_rss,
)

# The demo generator writes ~84.1 events per user over its 28 days.
EVENTS_PER_USER = 84.1
SIZE_UNITS = {"K": 1_000, "M": 1_000_000, "B": 1_000_000_000}
SEED = 42
# The pandas baseline is stopped (MemoryError) above this much address space.
BASELINE_MEMORY_CAP = 20 * 1024**3
# The notebook-style script as written, and with the project's input rules applied first.
BASELINES = {"notebook baseline": [], "notebook baseline with input checks": ["--input-checks"]}
# Steps of the CPU check's loop (cpu_check_seconds): about 0.75 s on this VM when it is quiet.
CPU_CHECK_STEPS = 20_000_000

# dbt parses the project (250 nodes, ~10 s) before the build; it is measured as its own row and
# the build reuses the parsed manifest (dbt's partial parsing), as a scheduled daily build does.
# The parse depends on the code and the vars, not on the data: it does not grow with events.
PARSE_RUN = "project dbt parse (once per code change)"
# The build as `make build` runs it in production: dbt's unit tests (fixed inputs, no data) run in
# development and CI (`make test`), not in every scheduled build.
PRODUCTION_BUILD_FLAGS = ["--exclude-resource-type", "unit_test"]

# dbt nodes by stage (first matching pattern wins; unit and data tests are `tests`).
STAGES: tuple[tuple[str, str], ...] = (
    ("tests", r"^(test|unit_test)\."),
    ("validation", r"\.stg_app__"),
    ("aggregation", r"\.(int_activity_window|int_user_days|int_users_activity|int_user_features)"),
    ("fit", r"\.segmentation_model$"),
    ("scoring", r"\.(int_user_segments_scored|user_segments|int_user_segments_joined)$"),
    ("scoring check (Python)", r"\.user_segment_assignments$"),
)
OTHER_STAGE = "profiles"  # segment_* marts, names, runs: everything else that is a model
STAGE_ORDER = (
    "validation",
    "aggregation",
    "handoff",
    "fit",
    "scoring",
    "profiles",
    "scoring check (Python)",
    "tests",
)


@dataclass
class Measurement:
    """One measured command."""

    name: str
    size: str
    n_events: int
    n_users: int
    wall_s: float
    peak_rss_bytes: int
    returncode: int
    stages: dict[str, float] = field(default_factory=dict)
    note: str = ""
    #: Peak resident bytes while each stage's nodes ran, and per node (`memory_trace`).
    stage_peak_rss: dict[str, int] = field(default_factory=dict)
    node_peak_rss: dict[str, int] = field(default_factory=dict)

    @property
    def events_per_s(self) -> float:
        return self.n_events / self.wall_s if self.wall_s else float("nan")


def bench_invocation() -> tuple[str, str, str]:
    """This interpreter, the dbt next to it, and the command line that started the bench."""
    python = sys.executable
    return python, str(Path(python).with_name("dbt")), " ".join(shlex.quote(a) for a in sys.argv)


def measure_production_build(
    dbt: str,
    variables: str,
    env: dict,
    project_dir: Path,
    rss_samples: list[tuple[float, int]] | None = None,
):
    """Measure ``dbt build`` as production runs it (PRODUCTION_BUILD_FLAGS) with ``variables``
    (JSON); returns what :func:`measure` returns (``rss_samples`` as there)."""
    command = [dbt, "build", *PRODUCTION_BUILD_FLAGS, "--vars", variables]
    return measure(command, env, project_dir, rss_samples=rss_samples)


@dataclass
class TracedBuild:
    """A production build measured with its resident set traced (`measure_traced_build`)."""

    wall_s: float
    peak_rss_bytes: int
    returncode: int
    #: Seconds per stage (empty if the build failed).
    stages: dict[str, float]
    #: Peak resident bytes while each stage's nodes ran, and per node (`memory_trace`).
    stage_peak_rss: dict[str, int]
    node_peak_rss: dict[str, int]


def measure_traced_build(
    dbt: str,
    variables: str,
    env: dict,
    project_dir: Path,
    run_results: Path,
    stages_by_pattern: tuple[tuple[str, str], ...] = STAGES,
) -> TracedBuild:
    """`measure_production_build` with its stage seconds and its peak RSS per stage and node.

    ``run_results`` is where this build writes dbt's ``run_results.json``; nodes are grouped into
    stages by ``stages_by_pattern`` (see `stage_of`).
    """
    samples: list[tuple[float, int]] = []
    wall, rss, code = measure_production_build(dbt, variables, env, project_dir, samples)
    stages = stage_times(run_results, stages_by_pattern) if code == 0 else {}
    stage_peaks, node_peaks = {}, {}
    if run_results.exists():
        stage_peaks, node_peaks = stage_peak_rss(
            samples, run_results, lambda node: stage_of(node, stages_by_pattern)
        )
    return TracedBuild(wall, rss, code, stages, stage_peaks, node_peaks)


def parse_size(text: str) -> int:
    """'10M' -> 10_000_000 events."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMB]?)\s*", text.upper())
    if not match:
        raise ValueError(f"Size '{text}' is not like 1M, 100M or 1B.")
    return int(float(match.group(1)) * SIZE_UNITS.get(match.group(2), 1))


def users_for_events(n_events: int) -> int:
    """Demo users that give about ``n_events`` events (rounded to thousands, at least 1,000)."""
    return max(1_000, round(n_events / EVENTS_PER_USER / 1_000) * 1_000)


def measure(
    command: list[str],
    env: dict | None = None,
    cwd: Path | None = None,
    address_space_limit: int | None = None,
    rss_samples: list[tuple[float, int]] | None = None,
):
    """Run ``command``; return (wall seconds, peak RSS bytes of its process tree, returncode).

    ``address_space_limit`` (bytes) makes a runaway child fail with MemoryError instead of
    pushing the shared machine into the kernel's OOM killer. Given a list, ``rss_samples`` gets
    the process tree's resident set over the run (`memory_trace.RssSampler`).
    """

    def limit_memory() -> None:
        if address_space_limit:
            resource.setrlimit(resource.RLIMIT_AS, (address_space_limit, address_space_limit))

    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, preexec_fn=limit_memory)
    sampler = RssSampler(process.pid).start() if rss_samples is not None else None
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if sampler is not None:
        rss_samples.extend(sampler.stop())
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss * 1024, process.returncode


def ensure_demo_data(data_dir: Path, n_users: int, python: str) -> tuple[Path, int]:
    """Generate (once) the demo data for ``n_users``; return its folder and event count."""
    out = data_dir / f"users-{n_users}-seed-{SEED}"
    summary_path = out / "summary.json"
    if not summary_path.exists():
        code = (
            "import json, sys; from pathlib import Path; "
            "from user_segmentation.synthetic.demo_data import generate_demo_data; "
            f"s = generate_demo_data(Path({str(out)!r}), n_users={n_users}, seed={SEED}, "
            "progress=True); "
            f"Path({str(summary_path)!r}).write_text(json.dumps("
            "{'n_users': s['n_users'], 'n_events': s['n_events'], 'seed': " + str(SEED) + "}))"
        )
        subprocess.run([python, "-c", code], check=True)
    summary = json.loads(summary_path.read_text())
    return out, int(summary["n_events"])


def fresh_run_folder(run_dir: Path, memory_limit: str) -> tuple[Path, dict[str, str]]:
    """Prepare `run_dir` for one dbt build: no DuckDB file left from an earlier run.

    Returns
    -------
    tuple of Path and dict
        The DuckDB file the build writes, and the environment that points dbt (file, temp folder,
        memory limit, target and logs) into `run_dir`.
    """
    run_dir.mkdir(parents=True, exist_ok=True)
    database = run_dir / "warehouse.duckdb"
    database.unlink(missing_ok=True)
    env = dict(
        os.environ,
        DUCKDB_PATH=str(database),
        DUCKDB_TEMP_DIR=str(run_dir / "duckdb_tmp"),
        DUCKDB_MEMORY_LIMIT=memory_limit,
        DBT_TARGET_PATH=str(run_dir / "target"),
        DBT_LOG_PATH=str(run_dir / "logs"),
    )
    return database, env


def stage_times(
    run_results: Path, stages_by_pattern: tuple[tuple[str, str], ...] = STAGES
) -> dict[str, float]:
    """Seconds per stage from dbt's run_results.json (nodes matched to ``stages_by_pattern``)."""
    results = json.loads(run_results.read_text())["results"]
    stages: dict[str, float] = {}
    for node in results:
        stage = stage_of(node["unique_id"], stages_by_pattern)
        stages[stage] = stages.get(stage, 0.0) + float(node.get("execution_time") or 0.0)
    return stages


def stage_of(unique_id: str, stages_by_pattern: tuple[tuple[str, str], ...] = STAGES) -> str:
    """The stage of a dbt node: the first matching pattern's, else profiles (models) or other."""
    return next(
        (name for name, pattern in stages_by_pattern if re.search(pattern, unique_id)),
        OTHER_STAGE if unique_id.startswith("model.") else "other",
    )


BARE_QUERY = """
create table user_features as
with
bounds as (
    select
        cast(max(event_at) as date) - {window_days} + 1 as window_start_date,
        cast(max(event_at) as date) as as_of_date
    from (select make_timestamp(epoch_us(event_at)) as event_at from {events})
),
events as (
    select
        user_id,
        event_type,
        duration_s,
        make_timestamp(epoch_us(event_at)) as event_at
    from {events}
),
per_user as (
    select
        user_id,
        sum(case when event_type = 'session' and isodow(event_at) < 6 then duration_s else 0 end)
            / 3600.0 / 20 as weekday_hours,
        sum(case when event_type = 'session' and isodow(event_at) >= 6 then duration_s else 0 end)
            / 3600.0 / 8 as weekend_hours,
        count(case when event_type in ('like', 'reaction') then 1 end) as likes_reactions,
        count(case when event_type = 'follow' then 1 end) as followed_accounts,
        count(case when event_type = 'ad_impression' then 1 end) as ad_impressions,
        count(case when event_type = 'ad_click' then 1 end) as ad_clicks,
        count(case when event_type = 'conversion' then 1 end) as conversions,
        avg(case when event_type = 'ad_impression' then duration_s end) as ad_interaction_s,
        bit_count(bit_or(cast(1 as hugeint)
            << date_diff('day', bounds.window_start_date, cast(event_at as date)))) as active_days,
        max(event_at) as last_seen_at
    from events
    cross join bounds
    where event_at >= bounds.window_start_date and event_at < bounds.as_of_date + 1
    group by 1
)
select users.*, per_user.* exclude (user_id)
from {users} as users
left join per_user on users.user_id = per_user.user_id
"""


def bare_duckdb(raw: Path, database: Path, memory_limit: str, temp_dir: Path) -> None:
    """The project's aggregation as one hand-written DuckDB query (the stage's lower bound)."""
    import duckdb

    database.unlink(missing_ok=True)
    with duckdb.connect(str(database)) as connection:
        connection.execute(
            f"set memory_limit = '{memory_limit}'; set temp_directory = '{temp_dir}'; "
            "set preserve_insertion_order = false; set threads = 2"
        )
        connection.execute(
            BARE_QUERY.format(
                events=f"read_parquet('{raw}/events/*.parquet')",
                users=f"read_parquet('{raw}/users/*.parquet')",
                window_days=28,
            )
        )


def handoff(database: Path) -> float:
    """Seconds of the segmentation model's handoff alone: the fit's columns as Arrow, to pandas."""
    import duckdb

    from user_segmentation.segmentation.config import load_config

    columns = ["user_id", *load_config("default").feature_columns]
    with duckdb.connect(str(database), read_only=True) as connection:
        start = time.perf_counter()
        relation = connection.table("int_user_features_joined")
        relation.project(", ".join(columns)).to_arrow_table().to_pandas()
        return time.perf_counter() - start


def machine() -> str:
    """Cores, RAM and versions of this machine, one line."""
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9
    versions = ", ".join(
        f"{package} {_version(package)}"
        for package in ("duckdb", "dbt-core", "dbt-duckdb", "pandas", "scikit-learn", "pyarrow")
    )
    return (
        f"{os.cpu_count()} cores, {memory_gb:.0f} GB RAM, {platform.platform()}, "
        f"Python {platform.python_version()}; {versions}"
    )


def cpu_check_seconds(steps: int = CPU_CHECK_STEPS) -> float:
    """Seconds this interpreter takes for a fixed loop of integer arithmetic (about 0.75 s for the
    default steps on a quiet 2-core VM of this kind). Read before each measured run, it shows when
    the VM was slower: a run and its baseline compare only if their readings agree."""
    started = time.perf_counter()
    total = 0
    for step in range(steps):
        total += step * step % 7
    return time.perf_counter() - started


def results_header(
    title: str, command: str, cpu_checks: list[tuple[str, float]] | None = None
) -> list[str]:
    """The first lines of a bench's Markdown: its title, the command, the date, this machine, the
    load at the end of the run and the CPU check before each run (`cpu_check_seconds`): a loaded
    or slowed machine explains slow numbers."""
    lines = [
        f"# {title}",
        "",
        f"- Command: `{command}`",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine()}",
        f"- Load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}",
    ]
    if cpu_checks:
        readings = "; ".join(f"{name} {seconds:.2f} s" for name, seconds in cpu_checks)
        lines.append(
            "- CPU check before each run (a fixed Python loop, ~0.75 s on a quiet VM; compare a "
            f"run with its baseline only when their readings agree): {readings}"
        )
    return [*lines, ""]


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _gb(value: int) -> str:
    return f"{value / 1e9:.2f}"


def stage_rss_lines(
    rows: list[tuple[tuple[str, ...], dict, dict]],
    stage_order: tuple[str, ...],
    label_names: tuple[str, ...] = ("size",),
) -> list[str]:
    """Markdown: the peak RSS while each stage ran, per (row labels, stage peaks, node peaks).

    Parameters
    ----------
    rows : list of (tuple of str, dict, dict)
        The labels of one build (one per name in ``label_names``) with its stage and node peaks.
    stage_order : tuple of str
        The stage columns after start-up and parse.
    label_names : tuple of str, default ("size",)
        The headers of the label columns.
    """
    if not any(stage_peaks for _, stage_peaks, _ in rows):
        return []
    columns = (STARTUP, *stage_order)
    lines = [
        "",
        "Peak RSS GB of the build while each stage ran (the dbt process, sampled every 0.2 s "
        "from /proc and lined up with the node timings of `run_results.json`; a sample taken "
        "while nodes of two stages overlap counts for both), and the three nodes with the "
        "largest resident set while they ran:",
        "",
        "| " + " | ".join(label_names) + " | " + " | ".join(columns) + " | largest nodes |",
        "|" + "---|" * len(label_names) + "---:|" * len(columns) + "---|",
    ]
    for labels, stage_peaks, node_peaks in rows:
        if not stage_peaks:
            continue
        cells = [_gb(stage_peaks[c]) if c in stage_peaks else "" for c in columns]
        largest = sorted(node_peaks.items(), key=lambda item: -item[1])[:3]
        nodes = ", ".join(f"{short_node_name(node)} {_gb(peak)}" for node, peak in largest)
        lines.append("| " + " | ".join([*labels, *cells, nodes]) + " |")
    return lines


def render(
    measurements: list[Measurement],
    command: str,
    notes: str = "",
    cpu_checks: list[tuple[str, float]] | None = None,
) -> str:
    """The results as Markdown: a summary table and the project's stage times."""
    baselines = [
        {m.size: m for m in measurements if m.name == name and m.returncode == 0}
        for name in BASELINES
    ]
    bare = {m.size: m for m in measurements if m.name == "bare DuckDB query"}
    lines = [
        *results_header(
            "Benchmark: dbt project vs notebook-style pandas + scikit-learn", command, cpu_checks
        ),
        "| size | events | users | run | wall s | peak RSS GB | events/s | ratio to baseline "
        "| ratio to baseline with input checks | exit |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measurements:
        compared = m.name not in BASELINES and m.name != PARSE_RUN
        ratios = [
            f"{m.wall_s / by_size[m.size].wall_s:.2f}"
            if compared and m.size in by_size and by_size[m.size].wall_s
            else ""
            for by_size in baselines
        ]
        events_per_s = f"{m.events_per_s:,.0f}" if m.name != PARSE_RUN else ""
        lines.append(
            f"| {m.size} | {m.n_events:,} | {m.n_users:,} | {m.name} | {m.wall_s:.1f} | "
            f"{_gb(m.peak_rss_bytes)} | {events_per_s} | {' | '.join(ratios)} | "
            f"{m.returncode} |"
        )
    lines += [
        "",
        "Project stage seconds (dbt `run_results.json` per node, grouped; `handoff` = the fit's "
        "Arrow read of its columns, timed separately on the built file and taken out of the "
        "`segmentation_model` node time to give `fit`; `validation` = the users, the duplicate-id "
        "check and the quarantine query (typing and rules of every raw row, once); the bare DuckDB "
        "query computes the same features straight from the raw files, without validation; "
        "dbt runs the profile's threads, so overlapping nodes can sum to more than the wall "
        "time):",
        "",
        "| size | "
        + " | ".join(STAGE_ORDER)
        + " | aggregation / bare query | (validation + aggregation) / bare query |",
        "|---|" + "---:|" * (len(STAGE_ORDER) + 2),
    ]
    for m in measurements:
        if m.name != "project dbt build":
            continue
        cells = [f"{m.stages[s]:.1f}" if s in m.stages else "" for s in STAGE_ORDER]
        ratios = ["", ""]
        if m.size in bare and bare[m.size].wall_s and "aggregation" in m.stages:
            aggregation = m.stages["aggregation"]
            with_validation = aggregation + m.stages.get("validation", 0.0)
            ratios = [
                f"{seconds / bare[m.size].wall_s:.2f}" for seconds in (aggregation, with_validation)
            ]
        lines.append(f"| {m.size} | " + " | ".join([*cells, *ratios]) + " |")
    lines += stage_rss_lines(
        [
            ((m.size,), m.stage_peak_rss, m.node_peak_rss)
            for m in measurements
            if m.name == "project dbt build"
        ],
        tuple(stage for stage in STAGE_ORDER if stage != "handoff"),
    )
    if notes:
        lines += ["", notes]
    return "\n".join(lines) + "\n"


def read_into_page_cache(path: Path, chunk_bytes: int = 16 << 20) -> None:
    """Read ``path`` once (every file under it, for a folder), so that each measured run finds it
    in the OS page cache.

    Otherwise the first run after other disk work reads the files from disk and the later ones
    do not (a 1.2 GB CSV: the build's first full read took 13.5 s instead of ~1.5 s; the 1B-event
    quarantine query, the first reader of 7.4 GB of Parquet, 52.6 s instead of 40.2 s).
    """
    files = sorted(item for item in path.rglob("*") if item.is_file()) if path.is_dir() else [path]
    for file_path in files:
        with file_path.open("rb") as file:
            while file.read(chunk_bytes):
                pass


def run_bench(
    sizes: list[str],
    baseline_max_events: int,
    work_dir: Path,
    data_dir: Path,
    out: Path,
    memory_limit: str,
    project_dir: Path,
    keep_data: bool = True,
    dbt_vars: dict | None = None,
) -> list[Measurement]:
    """Measure every size; rewrite the Markdown after each run (a long run leaves results)."""
    python, dbt, command = bench_invocation()
    if dbt_vars:
        command += f"  (dbt vars: {json.dumps(dbt_vars)})"
    measurements: list[Measurement] = []
    cpu_checks: list[tuple[str, float]] = []
    for size in sizes:
        n_events_target = parse_size(size)
        n_users = users_for_events(n_events_target)
        raw, n_events = ensure_demo_data(data_dir, n_users, python)
        run_dir = work_dir / size
        database, env = fresh_run_folder(run_dir, memory_limit)
        variables = json.dumps({**(dbt_vars or {}), "raw_data_path": str(raw)})
        print(f"== {size}: project dbt parse", flush=True)
        (run_dir / "target" / "partial_parse.msgpack").unlink(missing_ok=True)
        wall, rss, code = measure([dbt, "parse", "--vars", variables], env, project_dir)
        measurements.append(Measurement(PARSE_RUN, size, n_events, n_users, wall, rss, code))
        read_into_page_cache(raw)
        cpu_checks.append((f"{size} build", cpu_check_seconds()))
        print(f"== {size}: {n_events:,} events, {n_users:,} users: project dbt build", flush=True)
        # The profile's threads, as a user runs it: small nodes overlap, so per-node (stage)
        # times include some waiting for the other thread.
        build = measure_traced_build(
            dbt, variables, env, project_dir, run_dir / "target" / "run_results.json"
        )
        if build.returncode == 0:
            handoff_wall = float(
                subprocess.run(
                    [python, "-m", "user_segmentation.tools.bench", "handoff", str(database)],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            )
            build.stages["handoff"] = handoff_wall
            build.stages["fit"] = max(build.stages.get("fit", 0.0) - handoff_wall, 0.0)
        measurements.append(
            Measurement(
                "project dbt build",
                size,
                n_events,
                n_users,
                build.wall_s,
                build.peak_rss_bytes,
                build.returncode,
                build.stages,
                stage_peak_rss=build.stage_peak_rss,
                node_peak_rss=build.node_peak_rss,
            )
        )
        out.write_text(render(measurements, command, cpu_checks=cpu_checks))
        read_into_page_cache(raw)
        cpu_checks.append((f"{size} bare query", cpu_check_seconds()))
        print(f"== {size}: bare DuckDB query", flush=True)
        bare_db = run_dir / "bare.duckdb"
        wall, rss, code = measure(
            [
                python,
                "-m",
                "user_segmentation.tools.bench",
                "bare",
                str(raw),
                str(bare_db),
                memory_limit,
                str(run_dir / "duckdb_tmp"),
            ],
            env,
        )
        bare_db.unlink(missing_ok=True)
        measurements.append(
            Measurement("bare DuckDB query", size, n_events, n_users, wall, rss, code)
        )
        out.write_text(render(measurements, command, cpu_checks=cpu_checks))
        for name, flags in BASELINES.items():
            if n_events_target > baseline_max_events:
                break
            read_into_page_cache(raw)
            cpu_checks.append((f"{size} {name}", cpu_check_seconds()))
            print(f"== {size}: {name}", flush=True)
            script = project_dir / "bench" / "notebook_baseline.py"
            wall, rss, code = measure(
                [python, str(script), str(raw), *flags],
                env,
                address_space_limit=BASELINE_MEMORY_CAP,
            )
            measurements.append(Measurement(name, size, n_events, n_users, wall, rss, code))
            out.write_text(render(measurements, command, cpu_checks=cpu_checks))
        database.unlink(missing_ok=True)
        if not keep_data:
            subprocess.run(["rm", "-rf", str(raw)], check=False)
    return measurements


def main(argv: list[str]) -> None:
    """Sub-commands used as measured child processes: ``bare`` and ``handoff``."""
    if argv[0] == "bare":
        bare_duckdb(Path(argv[1]), Path(argv[2]), argv[3], Path(argv[4]))
    elif argv[0] == "handoff":
        print(handoff(Path(argv[1])))
    else:
        raise SystemExit(f"unknown sub-command {argv[0]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
