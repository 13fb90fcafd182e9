"""Recovery: finish or undo what a writer that died left behind, before the next write.

Every writing command runs `recover` once it holds the write lock. A write is built so
that each state it can die in is either invisible (dot-named staging folders and temp
files, which are deleted here) or complete on disk but not yet recorded (an episode
folder renamed into place before its checksums or index entries were written), which
is rolled forward here: the files were fsynced before the rename, so they are whole.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from archive.errors import ArchiveError, UnreadableRecordError
from archive.store import manifest
from archive.store.fixity import manifest_problem
from archive.store.folder import Archive
from archive.store.lock import (
    LOCK_FILE,
    Holder,
    LockTimeoutError,
    WriteLock,
    dead_writer,
    write_lock,
)

# Names at the archive root that only a write in progress makes.
_ROOT_TEMP_PREFIXES = (".index-new-", ".index-old-")


def leftovers(archive: Archive) -> Iterator[Path]:
    """Yield the staging folders and temp files of writes that did not finish."""
    if archive.root.is_dir():
        for entry in sorted(archive.root.iterdir()):
            if entry.name == LOCK_FILE:
                continue
            if entry.name.startswith(_ROOT_TEMP_PREFIXES) or _is_temp_file(entry):
                yield entry
    if archive.episodes_dir.is_dir():
        # Under episodes/ every dot name is a staging folder, a trash folder or a temp file.
        for dirpath, dirnames, filenames in os.walk(archive.episodes_dir):
            for name in sorted(dirnames):
                if name.startswith("."):
                    yield Path(dirpath) / name
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    yield Path(dirpath) / name


def _is_temp_file(path: Path) -> bool:
    return path.name.startswith(".") and path.name.endswith(".tmp")


def clear_leftovers(archive: Archive, *, older_than: float | None) -> list[str]:
    """Delete leftovers (made before `older_than`, if given); return one note per item."""
    notes = []
    for path in list(leftovers(archive)):
        try:
            if older_than is not None and path.lstat().st_mtime >= older_than:
                continue  # made by the writer that holds the lock now
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except FileNotFoundError:
            continue
        notes.append(
            f"removed {path.relative_to(archive.root).as_posix()}, left by a cut-short write"
        )
    return notes


def reconcile_index(archive: Archive) -> list[str]:
    """Index stored episodes the index lacks or holds stale; drop ones no longer stored."""
    from archive.engines import open_engine
    from archive.integrity.index_check import indexed_passages
    from archive.search.indexing import index_episodes, rebuild, remove_episode

    engine = open_engine(archive)
    if not engine.exists():
        return [f"rebuilt the missing index: {rebuild(archive)} passages"]
    indexed = indexed_passages(archive)
    stale = []
    unreadable: list[UnreadableRecordError] = []
    for episode in archive.readable_episodes(unreadable):
        found = indexed.pop(episode.id, None)
        if found != {p.id: p.text for p in episode.passages} and (found or episode.passages):
            stale.append(episode)
    for damaged in unreadable:
        # Stored, only unreadable: what the index holds of it stays until it is mended.
        indexed.pop(damaged.path.split("/")[1], None)
    notes = [f"indexed {episode.id}, stored by a cut-short write" for episode in stale]
    notes += [f"left {d.path} alone: {d.reason}" for d in unreadable]
    if stale:
        index_episodes(archive, stale)
    for episode_id in sorted(indexed):
        remove_episode(archive, episode_id)
        notes.append(f"took {episode_id} out of the index: it is no longer stored")
    # The dead writer may have committed without recording its files' checksums.
    engine.recover()
    return notes


def recover_if_safe(archive: Archive, command: str) -> tuple[list[str], Holder | None]:
    """For a reading command: recover a dead writer's work if nobody is writing now.

    The lock is taken without waiting, so this never races a live writer (one that holds
    the lock recovers by itself first) and never keeps a reader waiting. Return the
    recovery's notes, and the dead writer if the archive still needs recovering (it is
    read-only to us, or recovery failed: the notes say why).
    """
    dead = dead_writer(archive.root)
    if dead is None:
        return [], None
    try:
        with write_lock(archive.root, timeout_s=0, command=f"{command} (recovering)") as lock:
            if lock.interrupted is None:
                return [], None  # recovered by someone else in the meantime
            return recover(archive, lock), None
    except LockTimeoutError:
        return [], None  # a writer has just started: it recovers before it writes
    except (ArchiveError, OSError) as exc:
        return [f"could not recover: {exc}"], dead


def recover(archive: Archive, lock: WriteLock, *, repairing: bool = False) -> list[str]:
    """Clear leftovers and, after a writer died, roll its complete work forward.

    A damaged manifest is never written to (that would launder the damage): recovery stops
    with ManifestError, or, for `verify --repair` (`repairing`), leaves it to the repair.
    """
    notes = clear_leftovers(archive, older_than=lock.started)
    if not (archive.root / manifest.MANIFEST_FILE).exists() and not archive.episode_ids():
        count = manifest.build(archive)
        notes.append(f"wrote {manifest.MANIFEST_FILE}: the archive had none ({count} files)")
    if lock.interrupted is not None:
        who = f"pid {lock.interrupted.pid}" if lock.interrupted.pid else "a writer"
        problem = manifest_problem(archive, since=lock.interrupted.started)
        if problem is not None and not repairing:
            raise manifest.ManifestError(f"{archive.root}: {problem}")
        done = [] if problem else manifest.sync(archive, since=lock.interrupted.started)
        done += reconcile_index(archive)
        if done or notes:
            notes.insert(0, f"{who} ({lock.interrupted.command}) was cut short; recovering")
        notes += done
    lock.recovered = True
    return notes
