"""`make bench`: measure the project, the notebook-style baseline and a bare DuckDB query.

python bench/run_bench.py --sizes 1M,10M,100M,1B --baseline-max 100M --out bench/results.md
python bench/run_bench.py --mode event-log --sizes 1M,10M --out bench/results_event_log.md
python bench/run_bench.py --mode user-grain --sizes 1M,10M --out bench/results_user_grain.md
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from user_segmentation.tools.bench import parse_size, run_bench
from user_segmentation.tools.event_log_bench import run_event_log_bench
from user_segmentation.tools.user_grain_bench import run_user_grain_bench

PROJECT_DIR = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1M,10M,100M,1B", help="events per run, e.g. 1M,10M")
    parser.add_argument(
        "--baseline-max", default="100M", help="largest size the pandas baseline runs at"
    )
    parser.add_argument("--work-dir", type=Path, default=PROJECT_DIR / "bench" / "work")
    parser.add_argument("--data-dir", type=Path, default=PROJECT_DIR / "bench" / "data")
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "bench" / "results.md")
    parser.add_argument("--memory-limit", default="3GB", help="DuckDB memory_limit of the runs")
    parser.add_argument(
        "--drop-data", action="store_true", help="delete each size's generated data after its run"
    )
    parser.add_argument(
        "--dbt-vars",
        default="{}",
        help='extra dbt vars as JSON, e.g. \'{"segmentation_preset": "notebook"}\' (the same '
        "features, k=5 and single k-means++ start as the baseline)",
    )
    parser.add_argument(
        "--mode",
        choices=["baseline", "event-log", "user-grain"],
        default="baseline",
        help="baseline: the project vs the notebook script and a bare query; event-log: the "
        "demo's features declared in config vs the hand-written aggregation, same run; "
        "user-grain: the flat CSV and a user table of SIZES users vs the notebook pipeline",
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="event-log mode: builds of each path per size"
    )
    args = parser.parse_args()
    sizes = [size.strip() for size in args.sizes.split(",") if size.strip()]
    common = {
        "work_dir": args.work_dir,
        "data_dir": args.data_dir,
        "out": args.out,
        "memory_limit": args.memory_limit,
        "project_dir": PROJECT_DIR,
    }
    if args.mode == "user-grain":
        run_user_grain_bench(sizes, **common, dbt_vars=json.loads(args.dbt_vars))
    elif args.mode == "event-log":
        run_event_log_bench(sizes, **common, rounds=args.rounds)
    else:
        run_bench(
            sizes,
            baseline_max_events=parse_size(args.baseline_max),
            **common,
            keep_data=not args.drop_data,
            dbt_vars=json.loads(args.dbt_vars),
        )
    print(args.out.read_text())


if __name__ == "__main__":
    main()
