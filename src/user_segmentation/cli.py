"""Command line: demo-data, scaffold, summary, query, report, publish, export, dashboard.

Parses arguments and does I/O.
"""

from __future__ import annotations

import datetime
import glob
import shlex
from pathlib import Path

import click
import duckdb

from user_segmentation.tools.csv_dialect import (
    looks_space_aligned,
    single_space_separated,
)
from user_segmentation.tools.input_formats import is_parquet, unsupported_format_message

database_option = click.option(
    "--database",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    envvar="DUCKDB_PATH",
    required=True,
    help="The DuckDB file a finished `dbt build` wrote (opened read-only; env DUCKDB_PATH).",
)


def publish_dir_option(help_text: str):
    """--publish-dir: the folder with releases/ and the `current` symlink."""
    return click.option(
        "--publish-dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("data/published"),
        show_default=True,
        help=help_text,
    )


def keep_option(default: int, what: str):
    """--keep: how many release or snapshot folders to keep."""
    return click.option(
        "--keep",
        type=click.IntRange(min=1),
        default=default,
        show_default=True,
        help=f"{what} to keep; older ones (never the current one) are deleted.",
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
@click.option(
    "--bad-row-share",
    type=click.FloatRange(0, 1, max_open=True),
    default=0.0,
    show_default=True,
    help="Mix this share of bad rows of mixed kinds into events and users (all columns as text); "
    "the answer key goes to ground_truth/injected_faults.parquet.",
)
def demo_data(
    out_dir: Path,
    n_users: int,
    days: int,
    end_date: datetime.datetime,
    seed: int,
    users_per_file: int,
    jobs: int | None,
    progress: bool,
    bad_row_share: float,
) -> None:
    """Write deterministic demo events, users and the personas answer key as Parquet."""
    import shutil
    import tempfile

    from user_segmentation.synthetic.demo_data import generate_demo_data
    from user_segmentation.synthetic.fault_injection import inject_row_faults

    clean_dir = Path(tempfile.mkdtemp(prefix="clean-demo-")) if bad_row_share else out_dir
    summary = generate_demo_data(
        clean_dir,
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
    if bad_row_share:
        answer_key = inject_row_faults(clean_dir, out_dir, bad_row_share, seed=seed)
        (out_dir / "ground_truth").mkdir(parents=True, exist_ok=True)
        shutil.copy(Path(summary["personas_path"]), out_dir / "ground_truth" / "personas.parquet")
        shutil.rmtree(clean_dir)
        click.echo(
            f"Mixed {answer_key.num_rows:,} bad rows into {out_dir}/ (answer key: "
            f"{out_dir}/ground_truth/injected_faults.parquet); personas copied there."
        )


def _path_for_the_build(path: Path) -> Path:
    """The file's path as the config must name it: dbt reads it from the project folder, so a
    relative path stays relative only when given from there (dbt_project.yml in this folder)."""
    if path.is_absolute() or Path("dbt_project.yml").is_file():
        return path
    return path.absolute()


class InputFiles(click.ParamType):
    """A file, or a glob naming several (`logs/events-*.csv`), as the build reads them."""

    name = "file or glob"

    def convert(self, value, param, ctx):
        path = Path(value)
        if any(mark in str(value) for mark in "*?["):
            if not glob.glob(str(value)):
                self.fail(f"no file matches {value!r}.", param, ctx)
        elif path.is_dir():
            self.fail(
                f"{value!r} is a folder: name its files with a glob, e.g. '{path / '*.csv'}'.",
                param,
                ctx,
            )
        elif not path.is_file():
            self.fail(f"file {value!r} does not exist.", param, ctx)
        return path


@main.command()
@click.argument("path", type=InputFiles())
@click.option(
    "--out",
    "out_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the config here (default: print it).",
)
@click.option(
    "--delimiter",
    default=None,
    help="CSV delimiter (default: sniffed by DuckDB). Use '\\t' for tabs.",
)
@click.option(
    "--k-range",
    nargs=2,
    type=click.IntRange(min=2),
    default=(2, 8),
    show_default=True,
    help="Range of k the config proposes.",
)
@click.option(
    "--kind",
    type=click.Choice(["auto", "user-table", "event-log"]),
    default="auto",
    show_default=True,
    help="What the file is; auto: an event log when it has a timestamp and a repeating user id.",
)
@click.option(
    "--user-id",
    default=None,
    help="Event logs: the column holding the user id (default: guessed from names and repeats).",
)
@click.option(
    "--timestamp",
    default=None,
    help="Event logs: the column holding the event time (default: the one that parses as one).",
)
@click.option(
    "--column-names",
    default=None,
    help="A file without a header row: its column names in order, comma-separated "
    "(default: column0, column1, ...).",
)
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
def scaffold(
    path: Path,
    out_path: Path | None,
    delimiter: str | None,
    k_range: tuple,
    kind: str,
    user_id: str | None,
    timestamp: str | None,
    column_names: str | None,
    force: bool,
) -> None:
    """Profile a user table or an event log and write a starter config.

    A user table (one row per user; CSV/TSV/Parquet) gets a `user_table` config: the id column,
    numeric features (log1p for skewed, winsorized for outliers), categoricals (ordered when the
    values look like bands) and the columns to leave out, each with the reason. An event log
    gets an `event_log` config: user id, timestamp, event type and measures, and per event type
    a count and active days, per measure a sum and a mean, per item id the distinct items, recency
    and tenure, each with the reason. Edit it, then: dbt build --vars "$(cat config.yml)".
    """
    from user_segmentation.tools.csv_lines import header_above_header, require_well_formed_csv
    from user_segmentation.tools.event_log_scaffold import snapshot_columns
    from user_segmentation.tools.scaffold import (
        MAX_CLUSTERED_CATEGORIES,
        profile_table,
        propose_config,
        render_config,
        repeating_user_column,
    )

    if delimiter in ("\\t", "tab"):
        delimiter = "\t"
    names = [name.strip() for name in column_names.split(",")] if column_names else None
    path = _path_for_the_build(path)
    if k_range[0] > k_range[1]:
        raise click.BadParameter("low must not exceed high", param_hint="--k-range")
    if kind == "user-table" and (user_id or timestamp):
        raise click.BadParameter("only for event logs", param_hint="--user-id/--timestamp")
    if (unsupported := unsupported_format_message(path)) is not None:
        raise click.ClickException(unsupported)
    if delimiter is None and single_space_separated(str(path)):
        delimiter = " "
        click.echo(
            f"Note: {path} separates its values by single spaces: read as --delimiter ' '.",
            err=True,
        )
    if delimiter in (None, " ") and looks_space_aligned(str(path)):
        raise click.ClickException(_space_aligned_message(path))
    try:
        if not is_parquet(path):
            require_well_formed_csv(str(path), delimiter)
            if not names and (two_headers := header_above_header(str(path), delimiter)):
                raise click.ClickException(two_headers)
        if kind != "user-table":
            from user_segmentation.tools.event_log_scaffold import scaffold_event_log_if_it_is_one

            text = scaffold_event_log_if_it_is_one(
                path, delimiter, k_range, kind == "event-log", user_id, timestamp, names
            )
            if text is not None:
                _write_config(text, out_path, force, f"Wrote {out_path}: an event_log config.")
                return
        profile = profile_table(path, delimiter, names)
    except (ValueError, duckdb.Error) as error:
        raise click.ClickException(_readable_scaffold_error(path, error)) from error
    if len(profile.columns) < 2:
        raise click.ClickException(
            f"{path}: read as {len(profile.columns)} column ({profile.columns[0].column!r}): "
            "pass the column separator with --delimiter (e.g. ';', '\\t' or '|')."
        )
    snapshots = snapshot_columns(profile) if kind == "auto" else None
    if snapshots is not None:
        _scaffold_snapshots(path, delimiter, k_range, snapshots, out_path, force, names)
        return
    proposal = propose_config(profile)
    repeating = repeating_user_column(profile) if kind == "auto" else None
    if repeating is not None and repeating.column != proposal.id_column:
        if not any(column.is_date for column in profile.columns):
            _scaffold_undated_log(path, delimiter, k_range, repeating, out_path, force, names)
            return
        raise click.ClickException(
            f"{path}: {repeating.column!r} repeats ({repeating.distinct} values over "
            f"{repeating.rows - repeating.nulls} rows): many rows per user, so a row is not a "
            f"user{f' (the id would be {proposal.id_column!r})' if proposal.id_column else ''}. "
            "It is an event log: --kind event-log (with --user-id and --timestamp); or aggregate "
            "it to one row per user first; or --kind user-table to segment the rows."
        )
    features = proposal.numeric + proposal.categorical
    if not any(item.get("cluster", True) for item, _ in features):
        raise click.ClickException(
            f"{path}: no column to cluster on ({len(proposal.numeric)} numeric, "
            f"{len(proposal.categorical)} categorical, {len(proposal.left_out)} left out). The "
            "clustering needs a numeric feature (a count, an "
            "amount, a score, days since a date) or categories of at most "
            f"{MAX_CLUSTERED_CATEGORIES} values. Add such a column, or write the config by "
            "hand (docs/inputs.md)."
        )
    text = render_config(proposal, k_range)
    _write_config(
        text,
        out_path,
        force,
        f"Wrote {out_path}: id {proposal.id_column or 'row numbers (row_ids)'!r}, "
        f"{len(proposal.numeric)} numeric, "
        f"{len(proposal.categorical)} categorical, {len(proposal.left_out)} left out.",
    )
    if proposal.id_column is None:
        click.echo(
            f"Note: no column of {path} identifies the rows (unique in almost every row), so "
            "each row is one user numbered by its position (row_ids: true). Name an id_column "
            "instead if one exists. If the file has many rows per user and a time column, it is "
            "an event log: --kind event-log (with --user-id and --timestamp).",
            err=True,
        )


def _scaffold_snapshots(path, delimiter, k_range, snapshots, out_path, force, names) -> None:
    """A table of snapshots (a row per customer per month): an event log of the key over the
    snapshot dates, so that each customer is one user, not one per month."""
    from user_segmentation.tools.event_log_scaffold import scaffold_event_log_if_it_is_one

    key, date = snapshots
    text = scaffold_event_log_if_it_is_one(path, delimiter, k_range, True, key, date, names)
    _write_config(
        text,
        out_path,
        force,
        f"Wrote {out_path}: an event_log config of snapshots ({key!r} once per {date!r}: a row "
        f"per user per date, so each {key} is one user over its rows).",
    )


def _scaffold_undated_log(path, delimiter, k_range, repeating, out_path, force, names) -> None:
    """A file of many rows per user without a time column (Instacart's orders, a hospital's
    encounters): an undated event log, each user's rows aggregated over the whole file."""
    from user_segmentation.tools.event_log_scaffold import scaffold_undated_event_log

    text = scaffold_undated_event_log(path, delimiter, k_range, repeating.column, names)
    _write_config(
        text,
        out_path,
        force,
        f"Wrote {out_path}: an undated event_log config ({repeating.column!r} repeats, "
        f"{repeating.distinct} users over {repeating.rows - repeating.nulls} rows, and no column "
        "reads as a time: each user's rows are aggregated over the whole file).",
    )


def _readable_scaffold_error(path: Path, error: Exception) -> str:
    """The scaffold's failure in one paragraph: the file, what went wrong and the fix."""
    text = str(error)
    # DuckDB's sniffer errors always print "Encoding: utf-8": match its encoding error only.
    if "invalid unicode" in text.lower() or "not utf-8 encoded" in text.lower():
        from user_segmentation.tools.csv_lines import not_utf8_message

        return not_utf8_message(str(path))
    if isinstance(error, duckdb.Error) and "schema mismatch" in text.lower():
        from user_segmentation.tools.csv_dialect import glob_columns_message

        message = glob_columns_message(str(path))
        if message is not None:
            return message
    if isinstance(error, duckdb.Error):
        first_line = text.strip().splitlines()[0] if text.strip() else type(error).__name__
        return f"{path}: DuckDB could not read the file: {first_line}. Check --delimiter."
    return text


def _space_aligned_message(path: Path) -> str:
    return (
        f"{path}: the columns are aligned with runs of spaces (a fixed-width text file), which "
        "no CSV reader splits reliably. Export it as CSV, or when no value holds a space "
        f"convert it with: awk -v OFS=, '{{$1=$1}}1' {path} > converted.csv"
    )


def _write_config(text: str, out_path: Path | None, force: bool, summary: str) -> None:
    if out_path is None:
        click.echo(text, nl=False)
        return
    if out_path.exists() and not force:
        raise click.ClickException(f"{out_path} exists: pass --force to overwrite it.")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(text, encoding="utf-8")
    click.echo(f'{summary} Edit it, then run: dbt build --vars "$(cat {out_path})"', err=True)


@main.command()
@database_option
def summary(database: Path) -> None:
    """Print the segments of the last build and how to query them."""
    note = _require_marts(database, ("segmentation_runs", "segment_profiles"))
    with duckdb.connect(str(database), read_only=True) as connection:
        run = connection.execute(
            "select run_id, preset, k, assigned_users, silhouette, selection_rule, "
            "structure_verdict from segmentation_runs where is_current"
        ).fetchone()
        segments = connection.execute(
            "select segment_id, segment_name, user_count, user_share "
            "from segment_profiles order by segment_id"
        ).fetchall()
    run_id, preset, k, users, silhouette, rule, verdict = run
    if note:
        click.echo(f"Note: {note}", err=True)
    click.echo(
        f"\nRun {run_id}: preset '{preset}', k={k} ({rule}), {users:,} users, "
        f"silhouette {silhouette:.3f}"
    )
    if verdict and not verdict.startswith(("strong", "reasonable")):
        # Named segments read as confident; a silhouette of 0.06 means they are not.
        click.echo(f"Caution, {verdict}.")
    click.echo(f"{'id':>3}  {'users':>8}  {'share':>6}  name")
    for segment_id, name, count, share in segments:
        click.echo(f"{segment_id:>3}  {count:>8,}  {share:>6.1%}  {name}")
    click.echo(
        f"\nResults are in {database} (tables user_segments, segment_profiles, "
        "segment_radar, segment_category_mix, segment_interests, segment_k_selection, "
        "segmentation_runs)."
    )
    click.echo(
        f"Query them with: {_own_command()} query --database {shlex.quote(str(database))} "
        '"select segment_id, segment_name, user_count, user_share from segment_profiles"'
    )
    click.echo(
        f"or in Python: duckdb.connect('{database}', read_only=True)"
        ".sql('select * from user_segments').df()"
    )


def _require_marts(database: Path, tables: tuple[str, ...]) -> str | None:
    """The note of mart_check.require_marts; its error as a one-line command failure."""
    from user_segmentation.serving.mart_check import MartsMissingError, require_marts

    try:
        return require_marts(database, tables)
    except MartsMissingError as error:
        raise click.ClickException(str(error)) from error


def _own_command() -> str:
    """How to call this CLI from the current shell: its name if on PATH, else its path."""
    import os
    import shutil
    import sys

    if shutil.which("user-segmentation"):
        return "user-segmentation"
    script = Path(sys.executable).with_name("user-segmentation")
    try:
        return shlex.quote(os.path.relpath(script))
    except ValueError:  # another drive (Windows)
        return shlex.quote(str(script))


@main.command()
@click.argument("sql")
@click.option(
    "--database",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="DUCKDB_PATH",
    default=Path("data/warehouse.duckdb"),
    show_default=True,
    help="The DuckDB file `dbt build` wrote, opened read-only (env DUCKDB_PATH).",
)
@click.option(
    "--publish-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Query the release `current` points to in this folder instead of the build file.",
)
@click.option(
    "--max-rows", type=click.IntRange(min=1), default=40, show_default=True, help="Rows shown."
)
def query(sql: str, database: Path, publish_dir: Path | None, max_rows: int) -> None:
    """Run SQL on the warehouse (read-only) or a published release and print the result table.

    Example: user-segmentation query "select segment_id, user_count from segment_profiles"
    """
    from user_segmentation.serving.publish import NothingPublishedError, open_published

    if publish_dir is not None:
        try:
            connection = open_published(publish_dir)
        except NothingPublishedError as error:
            raise click.ClickException(str(error)) from error
    else:
        if not database.is_file():
            raise click.ClickException(
                f"No DuckDB file at {database}: run `make build` (or `dbt build`) first, "
                "or pass --database PATH or --publish-dir DIR."
            )
        try:
            connection = duckdb.connect(str(database), read_only=True)
        except duckdb.IOException as error:
            raise click.ClickException(
                f"Cannot open {database} read-only: {error}. A running `dbt build` holds the "
                "file; query the published release with --publish-dir data/published instead."
            ) from error
    with connection:
        try:
            relation = connection.sql(sql)
        except duckdb.Error as error:
            raise click.ClickException(f"{type(error).__name__}: {error}") from error
        if relation is None:
            click.echo("OK (the statement returned no rows).")
            return
        click.echo(_render(relation, max_rows))


def _render(relation: duckdb.DuckDBPyRelation, max_rows: int) -> str:
    """The relation as DuckDB's box table, with at most max_rows rows and a count line."""
    total = relation.aggregate("count(*)").fetchall()[0][0]
    shown = relation.limit(max_rows)
    text = str(shown).rstrip("\n")
    if total > max_rows:
        text += f"\n({max_rows} of {total:,} rows shown; --max-rows to see more)"
    return text


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
    from user_segmentation.reporting.report import build_report

    note = _require_marts(database, ("segmentation_runs", "segment_profiles", "user_segments"))
    if note:
        click.echo(f"Note: {note}", err=True)
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
@publish_dir_option("Folder with releases/ and the `current` symlink readers use.")
@keep_option(3, "Releases")
@click.option(
    "--run-results",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also check dbt's target/run_results.json: refuse unless that dbt command was green.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Publish although the warehouse's last build was not green (needs --reason).",
)
@click.option(
    "--reason",
    default=None,
    help="Why a build that was not green is published; logged and kept in the manifest.",
)
def publish(
    database: Path,
    publish_dir: Path,
    keep: int,
    run_results: Path | None,
    force: bool,
    reason: str | None,
) -> None:
    """Copy the marts of a finished, green build to a new Parquet release and make it current.

    The build records itself in the warehouse (table build_invocations); a warehouse whose last
    dbt build had a failed, errored or skipped node is refused unless --force --reason is given.
    """
    from user_segmentation.serving.publish import PublishError, publish_marts

    if force and not (reason and reason.strip()):
        raise click.UsageError("--force needs --reason: say why a build that was not green ships.")
    try:
        result = publish_marts(
            database,
            publish_dir,
            keep=keep,
            run_results=run_results,
            force=force,
            force_reason=reason,
        )
    except PublishError as error:
        raise click.ClickException(str(error)) from error
    release = result.release
    if release.manifest.get("forced"):
        failed = (release.manifest.get("build") or {}).get("failed_nodes") or ["no build record"]
        click.echo(
            f"Warning: published with --force although the last build was not green "
            f"({', '.join(failed[:5])}). Reason recorded in the manifest: {reason}",
            err=True,
        )
    click.echo(f"Published run {release.run_id} at {release.published_at} to {release.path}")
    for table, rows in release.row_counts.items():
        click.echo(f"  {table:<24} {rows:>12,} rows")
    click.echo(f"{publish_dir / 'current'} -> releases/{release.name}")
    if result.pruned:
        click.echo(f"Removed old release(s): {', '.join(path.name for path in result.pruned)}")


@main.command()
@publish_dir_option("Folder `user-segmentation publish` writes; its `current` release is exported.")
@click.option(
    "--export-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("data/exports"),
    show_default=True,
    help="Folder for snapshots/ and the `current` symlink sync jobs read.",
)
@keep_option(30, "Snapshots")
@click.option(
    "--allow-forced",
    is_flag=True,
    help="Export a release that `publish --force` made from a build that was not green.",
)
def export(publish_dir: Path, export_dir: Path, keep: int, allow_forced: bool) -> None:
    """Write every user's segment and the segment changes since the last export (Parquet + CSV)."""
    from user_segmentation.serving.activation import ExportError, export_segments

    try:
        result = export_segments(publish_dir, export_dir, keep=keep, allow_forced=allow_forced)
    except ExportError as error:
        raise click.ClickException(str(error)) from error
    manifest = result.manifest
    if not result.written:
        click.echo(
            f"Release {manifest['release']} is already exported in {export_dir / 'current'}; "
            "nothing to do."
        )
        return
    click.echo(
        f"Exported model {manifest['model_version']} as of {manifest['as_of_date']} to "
        f"{result.path}"
    )
    since = manifest["previous_snapshot"] or "nothing (first export: every user entered)"
    click.echo(f"Changes since {since}:")
    click.echo(f"  {'segment':<44} {'users':>10} {'entered':>10} {'left':>10}")
    for row in manifest["segments"]:
        label = f"{row['segment_id']} {row['segment_name']}"
        click.echo(f"  {label:<44} {row['users']:>10,} {row['entered']:>10,} {row['left']:>10,}")
    click.echo(f"{export_dir / 'current'} -> snapshots/{manifest['snapshot']}")


@main.command()
@publish_dir_option(
    "Folder `user-segmentation publish` writes; the dashboard reads only its `current`."
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

    from user_segmentation.reporting.dashboard import APP_PATH, PUBLISH_DIR_ENV
    from user_segmentation.serving.publish import NothingPublishedError, current_release

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
