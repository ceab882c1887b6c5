"""Command line: `user-segmentation demo-data | summary`. Parses arguments and does I/O only."""

from __future__ import annotations

import datetime
from pathlib import Path

import click
import duckdb


@click.group()
@click.version_option(package_name="user-segmentation")
def main() -> None:
    """User profiling and segmentation on dbt + DuckDB."""


@main.command("demo-data")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("data/demo"),
    show_default=True,
    help="Folder for events/, users/ and ground_truth/.",
)
@click.option(
    "--users",
    "n_users",
    type=click.IntRange(min=10),
    default=50_000,
    show_default=True,
    help="Number of users.",
)
@click.option(
    "--days",
    type=click.IntRange(min=7),
    default=28,
    show_default=True,
    help="Days of activity, ending at --end-date.",
)
@click.option(
    "--end-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default="2026-10-31",
    show_default=True,
    help="Last day of activity (UTC).",
)
@click.option("--seed", type=int, default=42, show_default=True, help="Random seed.")
@click.option(
    "--users-per-file",
    type=click.IntRange(min=100),
    default=25_000,
    show_default=True,
    help="Users per events Parquet file (bounds memory).",
)
@click.option("--progress/--no-progress", default=True, show_default=True)
def demo_data(
    out_dir: Path,
    n_users: int,
    days: int,
    end_date: datetime.datetime,
    seed: int,
    users_per_file: int,
    progress: bool,
) -> None:
    """Write deterministic demo events, users and the personas answer key as Parquet."""
    from user_segmentation.demo_data import generate_demo_data

    summary = generate_demo_data(
        out_dir,
        n_users=n_users,
        seed=seed,
        days=days,
        end_date=end_date.date(),
        users_per_file=users_per_file,
        progress=progress,
    )
    click.echo(
        f"Wrote {summary['n_users']:,} users and {summary['n_events']:,} events "
        f"({summary['start_date']} to {summary['end_date']}) to {out_dir}/ "
        f"in {len(summary['events_files'])} events file(s)."
    )
    click.echo(f"Planted personas (answer key, not read by the model): {summary['personas_path']}")


@main.command()
@click.option(
    "--database",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    envvar="DUCKDB_PATH",
    required=True,
    help="The DuckDB file dbt built.",
)
def summary(database: Path) -> None:
    """Print the segments of the last build and how to query them."""
    with duckdb.connect(str(database), read_only=True) as connection:
        run = connection.execute(
            "select run_id, preset, k, fitted_users, silhouette, selection_rule "
            "from segmentation_runs"
        ).fetchone()
        segments = connection.execute(
            "select segment_id, segment_name, user_count, user_share "
            "from segment_profiles order by segment_id"
        ).fetchall()
    run_id, preset, k, users, silhouette, rule = run
    click.echo(
        f"\nRun {run_id}: preset '{preset}', k={k} ({rule}), {users:,} users, "
        f"silhouette {silhouette:.3f}"
    )
    click.echo(f"{'id':>3}  {'users':>8}  {'share':>6}  name")
    for segment_id, name, count, share in segments:
        click.echo(f"{segment_id:>3}  {count:>8,}  {share:>6.1%}  {name}")
    click.echo(
        f"\nResults are in {database} (tables user_segments, segment_profiles, "
        "segment_radar, segment_category_mix, segment_interests, segment_k_selection, "
        "segmentation_runs)."
    )
    click.echo(f'Query them with: duckdb -readonly {database} "select * from segment_profiles"')
    click.echo(
        f"or in Python: duckdb.connect('{database}', read_only=True)"
        ".sql('select * from user_segments').df()"
    )
