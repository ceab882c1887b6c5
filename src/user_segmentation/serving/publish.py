"""Publish the marts of a finished build as versioned Parquet releases, and read them back.

DuckDB allows one writer and no readers while `dbt build` writes the warehouse file, so dashboards
and BI tools must not read that file. After a green build, `publish_marts` copies the marts to
Parquet in a new folder ``<publish_dir>/releases/<UTC timestamp>-<run_id>/`` with a
``manifest.json``, then swaps the symlink ``<publish_dir>/current`` to it in one `os.replace`.
Readers call `open_published`, which pins the release `current` points to at open time: a reader
sees one whole release, never a mix, and never blocks (or is blocked by) a build.

Layout::

    <publish_dir>/
        current -> releases/20261128T121624.773917Z-429fcd0b09e2-884dcfe2
        releases/
            20261128T121624.773917Z-429fcd0b09e2-884dcfe2/
                manifest.json
                segment_profiles.parquet
                ...
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from user_segmentation.serving.atomic_folders import (
    folder_lock,
    path_safe,
    point_link_at,
    prune_oldest,
    remove_stale_temporaries,
    staged_folder,
    unused_name,
)
from user_segmentation.serving.build_gate import BuildNotGreenError, check_last_build
from user_segmentation.serving.sql_text import quote_identifier, quote_literal

#: Marts copied as they are.
SEGMENT_MARTS: tuple[str, ...] = (
    "segmentation_runs",
    "segment_profiles",
    "segment_feature_stats",
    "segment_radar",
    "segment_category_mix",
    "segment_interests",
    "segment_k_selection",
    "user_segments",
)

#: Per-user serving table: each user's segment next to their features, keyed by user_key only
#: (the build's internal scored table maps keys to the ids the feature table is keyed by).
USER_LOOKUP_SQL = """
select
    segments.user_key,
    segments.segment_id,
    segments.segment_name,
    segments.run_id,
    segments.distance_to_centre,
    features.* exclude (user_id)
from user_segments as segments
left join int_user_segments_scored as scored on segments.user_key = scored.user_key
left join int_user_features_joined as features on scored.user_id = features.user_id
order by segments.user_key
"""

#: Tables a release holds, and the query on the build file that makes each.
TABLE_QUERIES: dict[str, str] = {
    **{name: f"select * from {name}" for name in SEGMENT_MARTS},
    "user_segments": "select * from user_segments order by user_key",
    "user_lookup": USER_LOOKUP_SQL,
}
MART_TABLES: tuple[str, ...] = tuple(TABLE_QUERIES)

#: Published too when the build has them: user_key_map exists only with var expose_user_id.
OPTIONAL_TABLE_QUERIES: dict[str, str] = {
    "user_key_map": "select * from user_key_map order by user_key",
}

#: Build tables the queries read (marts plus the per-user feature table).
SOURCE_TABLES: tuple[str, ...] = (
    *SEGMENT_MARTS,
    "int_user_segments_scored",
    "int_user_features_joined",
)

#: Marts whose every row carries the run that built it; all must agree with segmentation_runs.
_RUN_ID_TABLES = ("user_segments", "segment_profiles")
#: Marts that keep every run; the current run must be among them.
_ALL_RUNS_TABLES = ("segment_k_selection",)

MANIFEST = "manifest.json"
CURRENT = "current"
RELEASES = "releases"
MANIFEST_FORMAT_VERSION = 1
_BAD_DBT_STATUSES = {"error", "fail", "runtime error", "skipped"}


class PublishError(RuntimeError):
    """The build cannot be published (locked, incomplete, inconsistent or red)."""


class NothingPublishedError(FileNotFoundError):
    """No release has been published in the folder yet."""


@dataclass(frozen=True)
class Release:
    """One published release: its folder (resolved, not via ``current``) and manifest."""

    path: Path
    manifest: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def run_id(self) -> str:
        return self.manifest["run_id"]

    @property
    def published_at(self) -> str:
        return self.manifest["published_at"]

    @property
    def row_counts(self) -> dict[str, int]:
        return {name: table["rows"] for name, table in self.manifest["tables"].items()}


@dataclass(frozen=True)
class PublishResult:
    """What `publish_marts` did."""

    release: Release
    pruned: list[Path] = field(default_factory=list)

    @property
    def run_id(self) -> str:
        return self.release.run_id

    @property
    def row_counts(self) -> dict[str, int]:
        return self.release.row_counts


def publish_marts(
    database: Path,
    publish_dir: Path,
    tables: Sequence[str] = MART_TABLES,
    *,
    keep: int = 3,
    run_results: Path | None = None,
    force: bool = False,
    force_reason: str | None = None,
) -> PublishResult:
    """Export the marts of a finished build to a new Parquet release and make it current.

    Parameters
    ----------
    database : Path
        The DuckDB file `dbt build` wrote. Opened read-only; fails if a build holds it.
    publish_dir : Path
        Folder with ``releases/`` and the ``current`` symlink (created if missing).
    tables : sequence of str
        Names from `MART_TABLES` to publish.
    keep : int
        Releases to keep; older ones that are not current are deleted.
    run_results : Path, optional
        dbt's ``run_results.json``; if given, refuse to publish unless every node succeeded.
    force : bool
        Publish although the warehouse's last recorded build (table ``build_invocations``) is
        not green; needs ``force_reason``. The manifest records ``forced`` and the reason.
    force_reason : str, optional
        Why a build that was not green is published (logged and kept in the manifest).

    Returns
    -------
    PublishResult
        The new release (path, manifest with row counts) and the pruned release folders.

    Raises
    ------
    PublishError
        If the file is locked by a build, its last recorded build is not green (unless
        ``force``), marts are missing, the marts come from different runs, or ``run_results``
        shows errors, failures or skipped nodes. Nothing is published then.
    """
    database = Path(database)
    publish_dir = Path(publish_dir)
    unknown = [name for name in tables if name not in TABLE_QUERIES]
    if unknown:
        raise ValueError(f"Unknown tables {unknown}; choose from {list(MART_TABLES)}.")
    if keep < 1:
        raise ValueError(f"keep must be at least 1, got {keep}.")
    if not database.is_file():
        raise PublishError(f"No DuckDB file at {database}: run `dbt build` first.")
    if run_results is not None:
        _check_run_results(Path(run_results))

    releases_dir = publish_dir / RELEASES
    releases_dir.mkdir(parents=True, exist_ok=True)
    with folder_lock(publish_dir):
        remove_stale_temporaries(releases_dir, publish_dir, CURRENT)
        with _open_build(database) as connection:
            try:
                build, forced = check_last_build(connection, force=force, reason=force_reason)
            except BuildNotGreenError as error:
                raise PublishError(str(error)) from error
            run = _check_build(connection, tables)
            tables = [*tables, *_optional_tables_present(connection)]
            published_at = datetime.datetime.now(datetime.UTC)
            name = _release_name(releases_dir, published_at, run["run_id"])
            with staged_folder(releases_dir, name) as staging:
                table_info = {
                    table: _export(connection, _table_query(table), staging / f"{table}.parquet")
                    for table in tables
                }
                manifest = {
                    "format_version": MANIFEST_FORMAT_VERSION,
                    "release": name,
                    "run_id": run["run_id"],
                    "computed_at": run["computed_at"],
                    "preset": run.get("preset"),
                    "k": run.get("k"),
                    "published_at": published_at.isoformat(timespec="seconds"),
                    "source_database": str(database.resolve()),
                    "build": build.as_manifest() if build else None,
                    "forced": forced,
                    "force_reason": force_reason if forced else None,
                    "tables": table_info,
                }
                (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
        release_path = releases_dir / name
        try:
            point_link_at(publish_dir, CURRENT, Path(RELEASES) / name)
        except FileExistsError as error:
            raise PublishError(str(error)) from error
        pruned = _prune(releases_dir, keep=keep, current=release_path)
    return PublishResult(Release(release_path.resolve(), manifest), pruned)


def current_release(publish_dir: Path) -> Release:
    """The release ``<publish_dir>/current`` points to now, resolved to its real folder.

    Raises
    ------
    NothingPublishedError
        If nothing has been published in ``publish_dir``.
    """
    publish_dir = Path(publish_dir)
    link = publish_dir / CURRENT
    for _ in range(3):  # a prune can race a resolve only if several publishes happen meanwhile
        try:
            return read_release(link)
        except FileNotFoundError:
            if not os.path.lexists(link):
                break
    raise NothingPublishedError(
        f"Nothing is published in {publish_dir} yet (no '{CURRENT}' release). After a green "
        f"`dbt build`, run: user-segmentation publish --database <warehouse.duckdb> "
        f"--publish-dir {publish_dir}"
    )


def read_release(path: Path) -> Release:
    """The release in the folder ``path`` (a folder under ``releases/``, or ``current``)."""
    path = Path(path).resolve(strict=True)
    return Release(path, json.loads((path / MANIFEST).read_text()))


def list_releases(publish_dir: Path) -> list[Path]:
    """Release folders in ``publish_dir``, oldest first."""
    releases_dir = Path(publish_dir) / RELEASES
    if not releases_dir.is_dir():
        return []
    return sorted(
        path for path in releases_dir.iterdir() if path.is_dir() and not path.name.startswith(".")
    )


def open_published(publish_dir: Path, release: Release | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per published table.

    The views read the Parquet files of the release ``current`` points to when this is called
    (or of ``release``), by its real folder: a publish during the session does not change what
    the connection reads. Reopen to see a newer release. The table ``published_release`` holds
    the release name, run id and publish time.

    Raises
    ------
    NothingPublishedError
        If nothing has been published in ``publish_dir``.
    """
    release = release or current_release(publish_dir)
    connection = duckdb.connect(":memory:")
    for table, info in release.manifest["tables"].items():
        path = release.path / info["file"]
        rows = f"select * from read_parquet({quote_literal(path)})"
        connection.execute(f"create view {quote_identifier(table)} as {rows}")
    connection.execute(
        "create table published_release "
        "(release varchar, run_id varchar, computed_at varchar, published_at varchar, "
        "path varchar)"
    )
    connection.execute(
        "insert into published_release values (?, ?, ?, ?, ?)",
        [
            release.name,
            release.run_id,
            release.manifest.get("computed_at"),
            release.published_at,
            str(release.path),
        ],
    )
    return connection


# --- helpers -------------------------------------------------------------------------------


@contextlib.contextmanager
def _open_build(database: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    try:
        connection = duckdb.connect(str(database), read_only=True)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise PublishError(
                f"{database} is being written (another process, e.g. `dbt build`, holds its "
                "lock). Publish after the build has finished; the current release is unchanged."
            ) from error
        raise
    try:
        yield connection
    finally:
        connection.close()


def _table_query(table: str) -> str:
    return TABLE_QUERIES.get(table) or OPTIONAL_TABLE_QUERIES[table]


def _tables_present(connection: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        row[0]
        for row in connection.execute(
            "select table_name from information_schema.tables where table_schema = current_schema()"
        ).fetchall()
    }


def has_table(connection: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the connection has a table or view called ``name``."""
    found = connection.execute(
        "select count(*) from information_schema.tables where table_name = ?", [name]
    ).fetchone()
    return bool(found[0])


def _optional_tables_present(connection: duckdb.DuckDBPyConnection) -> list[str]:
    return [table for table in OPTIONAL_TABLE_QUERIES if has_table(connection, table)]


def _check_build(connection: duckdb.DuckDBPyConnection, tables: Sequence[str]) -> dict[str, Any]:
    """Refuse a build whose marts are missing or come from different runs; return its run."""
    present = _tables_present(connection)
    needed = {"segmentation_runs", *_RUN_ID_TABLES, *_ALL_RUNS_TABLES}
    for table in tables:
        needed |= (
            {"user_segments", "int_user_segments_scored", "int_user_features_joined"}
            if table == "user_lookup"
            else {table}
        )
    missing = sorted(needed - present)
    if missing:
        raise PublishError(f"The build has no {', '.join(missing)}: run a full `dbt build` first.")

    columns = [row[0] for row in connection.execute("describe segmentation_runs").fetchall()]
    current = " where is_current" if "is_current" in columns else ""
    runs = connection.execute(f"select * from segmentation_runs{current}").fetchall()
    if len(runs) != 1:
        raise PublishError(
            f"segmentation_runs has {len(runs)} current runs, expected exactly one: "
            "rerun `dbt build` before publishing."
        )
    run = dict(zip(columns, runs[0], strict=True))
    for table in _RUN_ID_TABLES:
        run_ids = [
            row[0] for row in connection.execute(f"select distinct run_id from {table}").fetchall()
        ]
        if run_ids != [run["run_id"]]:
            raise PublishError(
                f"{table} holds run(s) {run_ids} but segmentation_runs has {run['run_id']!r}: "
                "the build did not finish. Rerun `dbt build` before publishing."
            )
    for table in _ALL_RUNS_TABLES:
        (found,) = connection.execute(
            f"select count(*) from {table} where run_id = ?", [run["run_id"]]
        ).fetchone()
        if not found:
            raise PublishError(
                f"{table} has no rows of the current run {run['run_id']!r}: the build did not "
                "finish. Rerun `dbt build` before publishing."
            )
    if run.get("assigned_users") is not None:
        (users,) = connection.execute("select count(*) from user_segments").fetchall()[0]
        if users != run["assigned_users"]:
            raise PublishError(
                f"user_segments has {users} rows, the run assigned {run['assigned_users']}."
            )
    computed_at = run.get("computed_at")
    return {
        "run_id": run["run_id"],
        "computed_at": computed_at.isoformat() if computed_at is not None else None,
        "preset": run.get("preset"),
        "k": run.get("k"),
    }


def _check_run_results(path: Path) -> None:
    try:
        results = json.loads(path.read_text())["results"]
    except FileNotFoundError as error:
        raise PublishError(f"No dbt run results at {path}: run `dbt build` first.") from error
    bad = [
        f"{result['unique_id']} ({result['status']})"
        for result in results
        if str(result.get("status")).lower() in _BAD_DBT_STATUSES
    ]
    if bad:
        shown = ", ".join(bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
        raise PublishError(f"The last dbt build was not green: {shown}. Nothing was published.")


def _export(connection: duckdb.DuckDBPyConnection, query: str, path: Path) -> dict[str, Any]:
    connection.execute(
        f"copy ({query}) to {quote_literal(path)} (format parquet, compression zstd)"
    ).fetchall()
    (rows,) = connection.execute(
        f"select count(*) from read_parquet({quote_literal(path)})"
    ).fetchall()[0]
    return {"file": path.name, "rows": rows}


def _release_name(releases_dir: Path, published_at: datetime.datetime, run_id: str) -> str:
    stamp = published_at.strftime("%Y%m%dT%H%M%S.%fZ")
    return unused_name(releases_dir, f"{stamp}-{path_safe(run_id)}")


def _prune(releases_dir: Path, *, keep: int, current: Path) -> list[Path]:
    return prune_oldest(list_releases(releases_dir.parent), keep=keep, current=current)
