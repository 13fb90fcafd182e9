"""Fixity that cannot be reset: the manifest is held to the tag manifest, originals to records.

Deleting or editing `manifest-sha256.txt` must never let the next command write a fresh
one from whatever is on disk and call that whole. So every command that writes first
checks the manifest against the checksum `tagmanifest-sha256.txt` keeps for it and stops
if it is missing or differs; only `verify --repair` rebuilds it, and says what it rebuilt,
from what, and whether the result is the manifest that was lost. Each original is also
checked against the checksum in its own episode record, which no manifest rebuild touches.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from archive.errors import ArchiveError
from archive.store import manifest
from archive.store.folder import Archive

REPAIR = "`verbatim verify` to see what is wrong, then `verbatim verify --repair` to rebuild it"


def manifest_problem(archive: Archive, *, since: float | None = None) -> str | None:
    """Return what is wrong with the payload manifest, or None if it is the one recorded.

    `since`: a dead writer's start; a manifest it wrote (and died before recording in the
    tag manifest) is its own work, not damage.
    """
    path = archive.root / manifest.MANIFEST_FILE
    if not path.is_file():
        if not archive.episode_ids():
            return None  # an empty archive has nothing whose fixity could be lost
        return (
            f"{manifest.MANIFEST_FILE} is missing and the archive holds episodes, so their "
            f"checksums would be lost; run {REPAIR} from the files on disk"
        )
    try:
        recorded = manifest.read(archive.root / manifest.TAGMANIFEST_FILE).get(
            manifest.MANIFEST_FILE
        )
    except manifest.ManifestError as exc:
        return str(exc)
    if recorded is None:
        if not (archive.root / manifest.TAGMANIFEST_FILE).exists() and not archive.episode_ids():
            return None
        return (
            f"{manifest.TAGMANIFEST_FILE} keeps no checksum of {manifest.MANIFEST_FILE}, "
            f"so it cannot be trusted; run {REPAIR}"
        )
    if manifest.file_sha256(path) == recorded:
        return None
    if since is not None and manifest.changed_since(path, since):
        return None
    return (
        f"{manifest.MANIFEST_FILE} does not match the checksum {manifest.TAGMANIFEST_FILE} "
        f"keeps for it: it was changed outside verbatim; run {REPAIR}"
    )


def check_manifest(archive: Archive) -> None:
    """Raise ManifestError unless the payload manifest is the one the tag manifest recorded."""
    problem = manifest_problem(archive)
    if problem is not None:
        raise manifest.ManifestError(f"{archive.root}: {problem}")


@dataclass
class Rebuilt:
    """What a manifest rebuild did: notes of what was rebuilt, warnings of what it means."""

    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def rebuild_manifest(archive: Archive) -> Rebuilt:
    """Rebuild a missing or altered payload manifest from the files on disk, checked first.

    The tag manifest's checksum of the old manifest says whether the rebuild is that very
    manifest again (no kept file changed) or not (some did, and their old checksums are
    lost); the entries an altered manifest still holds are compared file by file.
    """
    done = Rebuilt()
    problem = manifest_problem(archive)
    if problem is None:
        return done
    path = archive.root / manifest.MANIFEST_FILE
    tag_path = archive.root / manifest.TAGMANIFEST_FILE
    try:
        recorded = manifest.read(tag_path).get(manifest.MANIFEST_FILE)
    except manifest.ManifestError:
        recorded = None
    try:
        old = manifest.read(path) if path.is_file() else None
    except manifest.ManifestError:
        old = None
    why = "it was missing" if not path.is_file() else "it did not match its checksum"
    entries = {
        rel: manifest.file_sha256(archive.root / rel) for rel in manifest.payload_files(archive)
    }
    manifest.write(path, entries)
    new_sha = manifest.file_sha256(path)
    manifest.record_tags(archive, [manifest.MANIFEST_FILE])
    done.notes.append(
        f"REBUILT {manifest.MANIFEST_FILE} from the {len(entries)} files now on disk, "
        f"because {why} in {manifest.TAGMANIFEST_FILE}"
    )
    if recorded is None:
        done.warnings.append(
            f"{manifest.TAGMANIFEST_FILE} kept no checksum of the old {manifest.MANIFEST_FILE}, "
            f"so the rebuild could not be checked: compare the originals with a backup"
        )
    elif recorded == new_sha:
        done.notes.append(
            f"the rebuilt {manifest.MANIFEST_FILE} is byte for byte the one "
            f"{manifest.TAGMANIFEST_FILE} recorded: no kept file changed"
        )
    else:
        done.warnings.append(
            f"the rebuilt {manifest.MANIFEST_FILE} is NOT the one {manifest.TAGMANIFEST_FILE} "
            f"recorded (sha256 {recorded[:12]}… then, {new_sha[:12]}… now): kept files were "
            f"changed, added or removed since, and their old checksums are lost; each "
            f"original is still checked against its episode record (below), compare the "
            f"rest with a backup"
        )
    for line in _differences(old, entries):
        done.warnings.append(line)
    return done


def _differences(old: dict[str, str] | None, new: dict[str, str]) -> Iterator[str]:
    if old is None:
        return
    for rel in sorted(set(old) | set(new)):
        before, now = old.get(rel), new.get(rel)
        if before == now:
            continue
        if before is None:
            yield f"{rel}: not in the old {manifest.MANIFEST_FILE}, taken in as it is now"
        elif now is None:
            yield f"{rel}: in the old {manifest.MANIFEST_FILE} but no longer on disk"
        else:
            yield (
                f"{rel}: the old {manifest.MANIFEST_FILE} said {before[:12]}…, "
                f"the file is {now[:12]}… now"
            )


@dataclass(frozen=True)
class RecordMismatch:
    """An original whose bytes are not the ones its episode record was made from."""

    path: str
    actual: str
    expected: str
    revision: int


def original_mismatches(
    archive: Archive, known: dict[str, str] | None = None
) -> Iterator[RecordMismatch]:
    """Yield each revision's original whose sha256 differs from its episode record's.

    `known`: checksums already taken this run (path relative to the root), reused.
    """
    known = known or {}
    for episode_id in archive.episode_ids():
        try:
            revisions = archive.episode_revisions(episode_id)
        except ArchiveError:
            continue  # an unreadable record is reported on its own
        for episode in revisions:
            if not episode.source.sha256:
                continue
            path = archive.original_path(episode_id, episode.revision)
            if not path.is_file():
                continue  # reported as missing by the manifest check
            rel = path.relative_to(archive.root).as_posix()
            actual = known.get(rel) or manifest.file_sha256(path)
            if actual != episode.source.sha256:
                yield RecordMismatch(rel, actual, episode.source.sha256, episode.revision)
