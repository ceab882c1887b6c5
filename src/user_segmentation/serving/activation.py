"""Activation exports: every user's segment, and who entered or left each segment, as files.

Ad platforms and CRMs sync audiences from files. `export_segments` reads the published release
(so it only ever exports a green, published build) and writes a new export folder::

    <export_dir>/
        current -> snapshots/<as-of>-<run id>-<UTC stamp>
        snapshots/<as-of>-<run id>-<UTC stamp>/
            segments.parquet / segments.csv   one row per user: the full audience list
            changes.parquet / changes.csv     users who entered or left a segment since the
                                              previous export (all users enter on the first)
            manifest.json                     run, as-of date, release, previous export, counts

The folder is written under a temporary name and renamed, then ``current`` is swapped to it in
one rename (see `atomic_folders`): a sync job reading ``current/`` never sees a half-written file.
"""

from __future__ import annotations

import datetime
import json
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
from user_segmentation.serving.publish import current_release, has_table, open_published
from user_segmentation.serving.sql_text import quote_literal

CURRENT = "current"
SNAPSHOTS = "snapshots"
MANIFEST = "manifest.json"
#: 2: users identified by user_key (format 1 had user_id only; its users are compared as new).
FORMAT_VERSION = 2

#: Identifies users in the files. user_id rides along only when the release holds user_key_map
#: (var expose_user_id); otherwise the files carry the pseudonymous key alone.
USER_ID_MAP = "user_key_map"


def segments_sql(with_user_ids: bool) -> str:
    """One row per user of the release: key (and id, if exposed), segment, model version."""
    user_id = "user_key_map.user_id," if with_user_ids else ""
    join = "left join user_key_map using (user_key)" if with_user_ids else ""
    return f"""
select
    user_segments.user_key,
    {user_id}
    user_segments.segment_id,
    user_segments.segment_name,
    user_segments.run_id as model_version,
    user_segments.as_of_date,
    user_segments.computed_at
from user_segments
{join}
order by user_segments.user_key
"""


def changes_sql(with_user_ids: bool) -> str:
    """Users in the new snapshot but not the previous one (entered), and the reverse (left)."""
    user_id = "changes.user_id," if with_user_ids else ""
    # A user who left a segment but is still in the release gets the id from the new snapshot
    # (the old one may predate expose_user_id).
    new_id = ", new_members.user_id" if with_user_ids else ""
    old_id = (
        ", coalesce(old_members.user_id, new_members.user_id) as user_id" if with_user_ids else ""
    )
    return f"""
with

new_members as (select * from new_segments),

old_members as (select * from old_segments),

entered as (
    select new_members.user_key{new_id}, new_members.segment_id,
        new_members.segment_name, 'entered' as change, old_members.segment_id as previous_segment_id
    from new_members
    left join old_members on new_members.user_key = old_members.user_key
    where old_members.segment_id is distinct from new_members.segment_id
),

left_segment as (
    select old_members.user_key{old_id}, old_members.segment_id,
        old_members.segment_name, 'left' as change, old_members.segment_id as previous_segment_id
    from old_members
    left join new_members on old_members.user_key = new_members.user_key
    where new_members.segment_id is distinct from old_members.segment_id
),

changes as (select * from entered union all select * from left_segment)

select
    changes.user_key,
    {user_id}
    changes.segment_id,
    changes.segment_name,
    changes.change,
    changes.previous_segment_id,
    run.model_version,
    run.as_of_date,
    run.computed_at
from changes
cross join (select * from new_segments limit 1) as run
order by changes.segment_id, changes.change, changes.user_key
"""


class ExportError(RuntimeError):
    """Nothing can be exported (nothing published, or the export folder is unusable)."""


@dataclass
class ExportResult:
    """What an export wrote.

    Attributes
    ----------
    path : Path or None
        The new snapshot folder (None when the current export already holds this release).
    manifest : dict
        The snapshot's manifest (that of the current export when nothing was written).
    written : bool
        False when the release was already exported and nothing changed.
    pruned : list of Path
        Old snapshot folders deleted.
    """

    path: Path | None
    manifest: dict[str, Any]
    written: bool = True
    pruned: list[Path] = field(default_factory=list)


def export_segments(
    publish_dir: Path, export_dir: Path, *, keep: int = 30, allow_forced: bool = False
) -> ExportResult:
    """Export the published segments in full and as changes since the previous export.

    Parameters
    ----------
    publish_dir : Path
        Folder `user-segmentation publish` writes (its ``current`` release is exported).
    export_dir : Path
        Folder for ``snapshots/`` and the ``current`` symlink (created if missing).
    keep : int
        Snapshots to keep; older ones (never the current one) are deleted.
    allow_forced : bool
        Export a release that `publish --force` made from a build that was not green.

    Returns
    -------
    ExportResult

    Raises
    ------
    ExportError
        If nothing is published, the release was forced and ``allow_forced`` is off, or
        ``export_dir/current`` is not a symlink.
    """
    if keep < 1:
        raise ValueError(f"keep must be at least 1, got {keep}.")
    publish_dir, export_dir = Path(publish_dir), Path(export_dir)
    try:
        release = current_release(publish_dir)
    except FileNotFoundError as error:
        raise ExportError(str(error)) from error
    if release.manifest.get("forced") and not allow_forced:
        raise ExportError(
            f"Release {release.name} was published with --force from a build that was not green "
            f"(reason given: {release.manifest.get('force_reason')!r}). Nothing was exported. "
            "Rebuild and publish a green build, or export it anyway with --allow-forced."
        )
    snapshots = export_dir / SNAPSHOTS
    snapshots.mkdir(parents=True, exist_ok=True)
    with folder_lock(export_dir):
        remove_stale_temporaries(snapshots, export_dir, CURRENT)
        previous = read_export(export_dir)
        if previous is not None and previous["release"] == release.name:
            return ExportResult(None, previous, written=False)
        connection = open_published(publish_dir, release)
        try:
            manifest = _write_snapshot(connection, release.name, snapshots, previous, export_dir)
        finally:
            connection.close()
        try:
            point_link_at(export_dir, CURRENT, Path(SNAPSHOTS) / manifest["snapshot"])
        except FileExistsError as error:
            raise ExportError(str(error)) from error
        path = snapshots / manifest["snapshot"]
        pruned = _prune(snapshots, keep=keep, current=path)
    return ExportResult(path, manifest, pruned=pruned)


def read_export(export_dir: Path) -> dict[str, Any] | None:
    """The manifest of the export ``current`` points to, or None before the first export."""
    manifest = Path(export_dir) / CURRENT / MANIFEST
    if not manifest.is_file():
        return None
    return json.loads(manifest.read_text())


def _write_snapshot(
    connection: duckdb.DuckDBPyConnection,
    release_name: str,
    snapshots: Path,
    previous: dict[str, Any] | None,
    export_dir: Path,
) -> dict[str, Any]:
    with_user_ids = has_table(connection, USER_ID_MAP)
    connection.execute(f"create temp table new_segments as {segments_sql(with_user_ids)}")
    if previous is None or previous.get("format_version", 1) < FORMAT_VERSION:
        connection.execute("create temp table old_segments as select * from new_segments limit 0")
    else:
        old_file = export_dir / CURRENT / "segments.parquet"
        # By name, over the columns both snapshots have: user_id may have been exposed since.
        connection.execute("create temp table old_segments as select * from new_segments limit 0")
        new_columns = {row[0] for row in connection.execute("describe new_segments").fetchall()}
        old_rows = f"read_parquet({quote_literal(old_file)})"
        common = [
            row[0]
            for row in connection.execute(f"describe select * from {old_rows}").fetchall()
            if row[0] in new_columns
        ]
        connection.execute(
            f"insert into old_segments by name select {', '.join(common)} from {old_rows}"
        )
    model_version, as_of_date = connection.execute(
        "select any_value(model_version), cast(any_value(as_of_date) as varchar) from new_segments"
    ).fetchone()
    exported_at = datetime.datetime.now(datetime.UTC)
    name = _snapshot_name(snapshots, exported_at, as_of_date, model_version)
    with staged_folder(snapshots, name) as staging:
        files = {}
        for table, query in (
            ("segments", "select * from new_segments"),
            ("changes", changes_sql(with_user_ids)),
        ):
            connection.execute(f"create temp table export_{table} as {query}")
            files[table] = _copy_out(connection, f"export_{table}", staging / table)
        manifest = {
            "format_version": FORMAT_VERSION,
            "snapshot": name,
            "release": release_name,
            "model_version": model_version,
            "as_of_date": as_of_date,
            "exported_at": exported_at.isoformat(),
            "previous_snapshot": previous["snapshot"] if previous else None,
            "files": files,
            "segments": _segment_counts(connection),
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def _copy_out(connection: duckdb.DuckDBPyConnection, table: str, stem: Path) -> dict[str, Any]:
    parquet, csv = stem.with_suffix(".parquet"), stem.with_suffix(".csv")
    connection.execute(
        f"copy {table} to {quote_literal(parquet)} (format parquet, compression zstd)"
    )
    connection.execute(f"copy {table} to {quote_literal(csv)} (format csv, header true)")
    (rows,) = connection.execute(f"select count(*) from {table}").fetchone()
    return {"parquet": parquet.name, "csv": csv.name, "rows": rows}


def _segment_counts(connection: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    rows = connection.execute(
        """
        select
            coalesce(members.segment_id, moves.segment_id) as segment_id,
            coalesce(members.segment_name, moves.segment_name) as segment_name,
            coalesce(members.users, 0) as users,
            coalesce(moves.entered, 0) as entered,
            coalesce(moves.left_users, 0) as left_users
        from (
            select segment_id, any_value(segment_name) as segment_name, count(*) as users
            from export_segments group by 1
        ) as members
        full outer join (
            select segment_id, any_value(segment_name) as segment_name,
                count(*) filter (where change = 'entered') as entered,
                count(*) filter (where change = 'left') as left_users
            from export_changes group by 1
        ) as moves on members.segment_id = moves.segment_id
        order by 1
        """
    ).fetchall()
    return [
        {"segment_id": s, "segment_name": n, "users": u, "entered": e, "left": left}
        for s, n, u, e, left in rows
    ]


def _snapshot_name(
    snapshots: Path, exported_at: datetime.datetime, as_of_date: str | None, model_version: str
) -> str:
    stamp = exported_at.strftime("%Y%m%dT%H%M%S.%fZ")
    return unused_name(snapshots, f"{as_of_date or 'no-date'}-{path_safe(model_version)}-{stamp}")


def _prune(snapshots: Path, *, keep: int, current: Path) -> list[Path]:
    """Delete the oldest snapshots (by export time) beyond ``keep``, never the current one."""
    folders = sorted(
        (path for path in snapshots.iterdir() if path.is_dir() and (path / MANIFEST).is_file()),
        key=lambda path: json.loads((path / MANIFEST).read_text())["exported_at"],
    )
    return prune_oldest(folders, keep=keep, current=current)
