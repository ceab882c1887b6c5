"""Command line: demo-data, summary, report, publish, dashboard. Parses arguments and does I/O."""

from __future__ import annotations

import datetime
from pathlib import Path

import click
import duckdb

database_option = click.option(
    "--database",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    envvar="DUCKDB_PATH",
    required=True,
    help="The DuckDB file a finished `dbt build` wrote (opened read-only; env DUCKDB_PATH).",
)


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
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes generating chunks [default: one per CPU core]; output is the same.",
)
@click.option("--progress/--no-progress", default=True, show_default=True)
def demo_data(
    out_dir: Path,
    n_users: int,
    days: int,
    end_date: datetime.datetime,
    seed: int,
    users_per_file: int,
    jobs: int | None,
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
        jobs=jobs,
    )
    click.echo(
        f"Wrote {summary['n_users']:,} users and {summary['n_events']:,} events "
        f"({summary['start_date']} to {summary['end_date']}) to {out_dir}/ "
        f"in {len(summary['events_files'])} events file(s)."
    )
    click.echo(f"Planted personas (answer key, not read by the model): {summary['personas_path']}")


@main.command()
@database_option
def summary(database: Path) -> None:
    """Print the segments of the last build and how to query them."""
    with duckdb.connect(str(database), read_only=True) as connection:
        run = connection.execute(
            "select run_id, preset, k, assigned_users, silhouette, selection_rule "
            "from segmentation_runs where is_current"
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


@main.command()
@database_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("reports"),
    show_default=True,
    help="Folder for report.html and png/.",
)
@click.option("--png/--no-png", default=True, show_default=True, help="Also export chart PNGs.")
@click.option("--progress/--no-progress", default=True, show_default=True)
def report(database: Path, out_dir: Path, png: bool, progress: bool) -> None:
    """Write a self-contained HTML report (and chart PNGs) of the segments."""
    from user_segmentation.report import build_report

    result = build_report(database, out_dir, progress=progress, png=png)
    run = result.run
    click.echo(
        f"Report of run {run['run_id']} (preset '{run['preset']}', k={run['k']}, "
        f"{run['users']:,} users) in {result.seconds:.1f} s: {result.html_path}"
    )
    if result.png_paths:
        click.echo(
            f"{len(result.png_paths)} PNG(s) by {result.png_engine} in {result.png_paths[0].parent}"
        )
    if result.png_note:
        click.echo(f"Note: {result.png_note}", err=True)
    for segment in result.segments.itertuples(index=False):
        click.echo(
            f"{segment.segment_id:>3}  {segment.user_count:>9,}  {segment.user_share:>6.1%}  "
            f"{segment.segment_name}"
        )


@main.command()
@database_option
@click.option(
    "--publish-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("data/published"),
    show_default=True,
    help="Folder with releases/ and the `current` symlink readers use.",
)
@click.option(
    "--keep",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Releases to keep; older ones (never the current one) are deleted.",
)
@click.option(
    "--run-results",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="dbt's target/run_results.json: refuse to publish unless the last dbt command was green.",
)
def publish(database: Path, publish_dir: Path, keep: int, run_results: Path | None) -> None:
    """Copy the marts of a finished build to a new Parquet release and make it current."""
    from user_segmentation.publish import PublishError, publish_marts

    try:
        result = publish_marts(database, publish_dir, keep=keep, run_results=run_results)
    except PublishError as error:
        raise click.ClickException(str(error)) from error
    release = result.release
    click.echo(f"Published run {release.run_id} at {release.published_at} to {release.path}")
    for table, rows in release.row_counts.items():
        click.echo(f"  {table:<24} {rows:>12,} rows")
    click.echo(f"{publish_dir / 'current'} -> releases/{release.name}")
    if result.pruned:
        click.echo(f"Removed old release(s): {', '.join(path.name for path in result.pruned)}")


@main.command()
@click.option(
    "--publish-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("data/published"),
    show_default=True,
    help="Folder `user-segmentation publish` writes; the dashboard reads only its `current`.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True)
@click.option(
    "--address",
    default="localhost",
    show_default=True,
    help="Interface to listen on (0.0.0.0 to serve other machines).",
)
def dashboard(publish_dir: Path, port: int, address: str) -> None:
    """Serve the Streamlit dashboard on the published marts (never the build file)."""
    import os

    from streamlit.web import cli as streamlit_cli

    from user_segmentation.dashboard import APP_PATH, PUBLISH_DIR_ENV
    from user_segmentation.publish import NothingPublishedError, current_release

    publish_dir = publish_dir.resolve()
    try:
        release = current_release(publish_dir)
        click.echo(f"Serving release {release.name} (run {release.run_id}) from {publish_dir}")
    except NothingPublishedError as error:
        click.echo(f"Warning: {error}", err=True)
    os.environ[PUBLISH_DIR_ENV] = str(publish_dir)
    streamlit_cli.main(
        args=[
            "run",
            str(APP_PATH),
            "--server.port",
            str(port),
            "--server.address",
            address,
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
            "--client.toolbarMode",
            "viewer",
        ],
        prog_name="streamlit",
    )
