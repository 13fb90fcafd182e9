"""The checksum manifest: SHA-256 of every kept file, in the manner of BagIt.

`manifest-sha256.txt` lists the payload, every file inside a stored episode folder (the
original, its companions and the episode record of every revision); `tagmanifest-sha256.txt`
lists the archive's own metadata (`archive.json`, the manifest, `speakers.json`). Each
line is `<sha256>  <path>`, the path relative to the archive root with `/` separators.
Both files are rewritten atomically and fsynced, file and folder, before they count.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from archive.errors import ArchiveError
from archive.store import faults
from archive.store.atomic import atomic_write_bytes

if TYPE_CHECKING:
    from archive.store.folder import Archive

MANIFEST_FILE = "manifest-sha256.txt"
TAGMANIFEST_FILE = "tagmanifest-sha256.txt"
# The archive's own metadata, checked through the tag manifest when present.
TAG_FILES = ("archive.json", MANIFEST_FILE, "speakers.json", "removed.json")
# File times are kept at the kernel's tick, a little behind time.time(): allow for it.
MTIME_SLACK_S = 0.1
_CHUNK = 1 << 20


class ManifestError(ArchiveError):
    """A manifest file cannot be read."""


def file_sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _encode_path(path: str) -> str:
    # BagIt escapes these three so that one line is always one path.
    return path.replace("%", "%25").replace("\n", "%0A").replace("\r", "%0D")


def _decode_path(path: str) -> str:
    return path.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def read(path: Path) -> dict[str, str]:
    """Return a manifest file's entries, path to checksum; empty if the file is absent."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"cannot read {path}: {exc}; run `verbatim verify --repair`") from exc
    entries: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        checksum, sep, rel = line.partition("  ")
        if not sep or len(checksum) != 64 or not rel:
            raise ManifestError(
                f"{path} line {number} is not `<sha256>  <path>`: {line[:60]!r}; "
                f"run `verbatim verify` to see what else is wrong"
            )
        entries[_decode_path(rel)] = checksum.lower()
    return entries


def compose(entries: dict[str, str]) -> bytes:
    """Return the manifest text for these entries, sorted by path."""
    lines = [f"{checksum}  {_encode_path(rel)}\n" for rel, checksum in sorted(entries.items())]
    return "".join(lines).encode("utf-8")


def write(path: Path, entries: dict[str, str]) -> None:
    """Write a manifest atomically and durably."""
    atomic_write_bytes(path, compose(entries))


def payload_files(archive: Archive) -> Iterator[str]:
    """Yield the path of every file inside a stored episode folder, relative to the root."""
    for episode_id in archive.episode_ids():
        yield from episode_files(archive, episode_id)


def episode_files(archive: Archive, episode_id: str) -> Iterator[str]:
    """Yield the relative path of every file in one episode folder, hidden ones excepted."""
    folder = archive.episodes_dir / episode_id
    for dirpath, dirnames, filenames in os.walk(folder):
        # Dot names are temporary files of a write in progress, never kept files.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield (Path(dirpath) / name).relative_to(archive.root).as_posix()


def tag_files(archive: Archive) -> list[str]:
    """Return the tag files that exist in this archive."""
    return [name for name in TAG_FILES if (archive.root / name).is_file()]


def _hash_all(archive: Archive, paths: Iterable[str]) -> dict[str, str]:
    return {rel: file_sha256(archive.root / rel) for rel in paths}


def write_tagmanifest(archive: Archive) -> None:
    """Rewrite the tag manifest from the tag files as they are now."""
    write(archive.root / TAGMANIFEST_FILE, _hash_all(archive, tag_files(archive)))


def build(archive: Archive) -> int:
    """Write both manifests from scratch from the files on disk; return the payload count."""
    entries = _hash_all(archive, payload_files(archive))
    write(archive.root / MANIFEST_FILE, entries)
    write_tagmanifest(archive)
    return len(entries)


def update_episode(archive: Archive, episode_id: str) -> None:
    """Record one episode folder's files as they are now (or drop them if it is gone)."""
    update_episodes(archive, [episode_id])


def record_tags(archive: Archive, names: Iterable[str]) -> None:
    """Record these tag files' checksums as they are now, and any tag file not yet listed.

    Only the named entries change: a tag file altered outside verbatim keeps its old entry,
    so `verify` still finds it after the next write.
    """
    tag_path = archive.root / TAGMANIFEST_FILE
    tags = read(tag_path)
    present = tag_files(archive)
    wanted = set(names)
    fresh = {
        rel: file_sha256(archive.root / rel) for rel in present if rel in wanted or rel not in tags
    }
    kept = {rel: sha for rel, sha in tags.items() if rel in present}
    if kept | fresh != tags or not tag_path.exists():
        write(tag_path, kept | fresh)


def update_episodes(
    archive: Archive, episode_ids: Iterable[str], *, tags: Iterable[str] = ()
) -> None:
    """Record these episode folders' files as they are now, in one rewrite of the manifest.

    `tags`: tag files the caller wrote as part of this change (removed.json), recorded too.
    """
    path = archive.root / MANIFEST_FILE
    ids = set(episode_ids)
    entries = {rel: sha for rel, sha in read(path).items() if _episode_of(rel) not in ids}
    for episode_id in sorted(ids):
        if (archive.episodes_dir / episode_id).is_dir():
            entries.update(_hash_all(archive, episode_files(archive, episode_id)))
    write(path, entries)
    faults.reached("manifest-written")
    record_tags(archive, [MANIFEST_FILE, *tags])


def _episode_of(rel: str) -> str | None:
    """Return the episode id a payload path belongs to (`episodes/<id>/...`)."""
    top, _, rest = rel.partition("/")
    return rest.partition("/")[0] if top == "episodes" else None


def original_checksums(archive: Archive) -> dict[str, list[str]] | None:
    """Return each current original's sha256 with the episodes it may belong to.

    Read from the manifest, not from every episode record: a bulk import or a single add
    asks this once, and reading 1,000 records took two seconds. Companion files (a
    chapters file) are listed too, so a caller confirms a match against the episode's
    record, and so are the originals of earlier revisions (`revisions/<n>/original/`),
    one of which is the current one once an episode has been corrected. None if the
    archive has no manifest yet.
    """
    path = archive.root / MANIFEST_FILE
    if not path.exists():
        return None
    found: dict[str, list[str]] = {}
    for rel, checksum in read(path).items():
        parts = rel.split("/")
        if parts[0] == "episodes" and len(parts) in (4, 6) and parts[-2] == "original":
            found.setdefault(checksum, []).append(parts[1])
    return found


def changed_since(path: Path, since: float) -> bool:
    """Return True if the file was written at or after `since` (a write's start)."""
    try:
        return path.stat().st_mtime >= since - MTIME_SLACK_S
    except FileNotFoundError:
        return False


def _removed_since(archive: Archive, rel: str, since: float) -> bool:
    """Return True if a listed file that is gone was taken away by a write since `since`.

    Taking a file away changes its folder; the nearest folder still there tells when. A
    file lost earlier, with its folder untouched since, stays listed and is reported.
    """
    parent = (archive.root / rel).parent
    while parent != archive.root and not parent.is_dir():
        parent = parent.parent
    if parent == archive.root or parent == archive.episodes_dir:
        return changed_since(archive.episodes_dir, since)
    return changed_since(parent, since)


def sync(archive: Archive, since: float) -> list[str]:
    """Record what a write that began at `since` changed; return one note per change.

    Only files written since then are taken in, and only files whose folder changed since
    then are let go, so a file that rotted or went missing earlier still shows in `verify`.
    """
    path = archive.root / MANIFEST_FILE
    if not path.exists():
        # An archive made before manifests existed: start one (verify says so first).
        return []
    entries = read(path)
    notes: list[str] = []
    present = set()
    for rel in payload_files(archive):
        present.add(rel)
        full = archive.root / rel
        if changed_since(full, since):
            checksum = file_sha256(full)
            if entries.get(rel) != checksum:
                notes.append(f"recorded the checksum of {rel}")
                entries[rel] = checksum
    for rel in sorted(set(entries) - present):
        if _removed_since(archive, rel, since):
            notes.append(f"dropped the checksum of removed {rel}")
            del entries[rel]
    if notes:
        write(path, entries)
    sync_tags(archive, since)
    return notes


def sync_tags(archive: Archive, since: float) -> None:
    """Record the tag files written since `since`, and the payload manifest itself.

    Each keeps its entry unless written since, the payload manifest too: one changed
    outside verbatim must stay a finding, never be taken in by the next write.
    """
    tag_path = archive.root / TAGMANIFEST_FILE
    tags = read(tag_path)
    present = tag_files(archive)
    fresh = {
        rel: file_sha256(archive.root / rel)
        for rel in present
        if rel not in tags or changed_since(archive.root / rel, since)
    }
    kept = {rel: sha for rel, sha in tags.items() if rel in present}
    if kept | fresh != tags:
        write(tag_path, kept | fresh)
