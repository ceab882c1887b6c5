"""Write a folder of files so that readers see all of it or none of it.

A writer fills a hidden temporary folder, fsyncs it, renames it to its final name and then swaps
a symlink (``current``) to it with one `os.replace`. Readers that resolve the symlink get one
whole folder, never a half-written file. Used by `publish` (releases) and `activation` (exports).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

try:  # POSIX only; without it concurrent writers are not serialised.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

TEMPORARY_PREFIX = ".tmp-"


def path_safe(text: object) -> str:
    """``text`` with every character but letters, digits, ``-``, ``_`` and ``.`` made ``_``."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in str(text))


def unused_name(parent: Path, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``... the first name not taken in ``parent``."""
    name, suffix = base, 2
    while (parent / name).exists():
        name, suffix = f"{base}-{suffix}", suffix + 1
    return name


def prune_oldest(folders: list[Path], *, keep: int, current: Path) -> list[Path]:
    """Delete all but the newest ``keep`` of ``folders`` (oldest first), never ``current``."""
    current = current.resolve()
    pruned = []
    for path in folders[:-keep]:
        if path.resolve() == current:
            continue
        shutil.rmtree(path, ignore_errors=True)
        pruned.append(path)
    return pruned


@contextlib.contextmanager
def staged_folder(parent: Path, name: str) -> Iterator[Path]:
    """Yield an empty hidden folder in ``parent``; on success it becomes ``parent/name``.

    If the block raises (or the process dies), the final name never appears; the temporary
    folder is removed on an exception, or by `remove_stale_temporaries` after a kill.
    """
    staging = parent / f"{TEMPORARY_PREFIX}{name}-{uuid.uuid4().hex[:8]}"
    staging.mkdir(parents=True)
    try:
        yield staging
        fsync_dir(staging)
        os.rename(staging, parent / name)
        fsync_dir(parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def point_link_at(folder: Path, link_name: str, target: Path) -> None:
    """Make ``folder/link_name`` a symlink to ``target`` (relative to ``folder``) in one rename.

    Raises
    ------
    FileExistsError
        If ``folder/link_name`` exists and is not a symlink.
    """
    link = folder / link_name
    if link.exists() and not link.is_symlink():
        raise FileExistsError(f"{link} exists and is not a symlink; move it away and try again.")
    temporary = folder / f".{link_name}-{uuid.uuid4().hex[:8]}"
    os.symlink(target, temporary, target_is_directory=True)
    try:
        os.replace(temporary, link)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_dir(folder)


def remove_stale_temporaries(parent: Path, folder: Path, link_name: str) -> None:
    """Leftovers of an interrupted writer (call only while holding `folder_lock`)."""
    for path in parent.glob(f"{TEMPORARY_PREFIX}*"):
        shutil.rmtree(path, ignore_errors=True)
    for path in folder.glob(f".{link_name}-*"):
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Serialise writers on one folder (readers never take this lock)."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    with open(folder / ".write.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
