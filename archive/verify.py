"""Verify an archive against its manifests and its index; repair what is derived.

`verify` reads only: it changes no byte of the archive, not even to recover a write that
was cut short (it reports that, naming the command that finishes it). `repair` rebuilds
what can always be derived again (the index, the tag manifest, a payload manifest that was
never written) and clears leftovers of cut-short writes; it never touches an original or
an episode record.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from archive import manifest
from archive.errors import ArchiveError, UnreadableRecordError
from archive.fixity import original_mismatches, rebuild_manifest
from archive.lock import LOCK_FILE, Holder
from archive.registry import Registry, load_registry
from archive.store import EPISODE_FILE, ORIGINAL_DIR, REVISIONS_DIR, Archive
from transcripts.model import Episode
from transcripts.wording import plural

# Problem kinds, in the order a report lists them.
KINDS = (
    "interrupted",
    "no-manifest",
    "missing",
    "checksum-mismatch",
    "record-mismatch",
    "unlisted",
    "unreadable",
    "staging",
    "not-indexed",
    "stale-index",
    "indexed-not-stored",
    "index",
)
INDEX_KINDS = frozenset({"not-indexed", "stale-index", "indexed-not-stored", "index"})


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the archive: its kind, the path it concerns, and what to do."""

    kind: str
    path: str
    detail: str

    def to_dict(self) -> dict[str, str]:
        """Return the problem as a JSON object."""
        return {"kind": self.kind, "path": self.path, "detail": self.detail}


@dataclass
class Report:
    """What `verify` found: the problems, and how much it checked."""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0
    episodes_checked: int = 0
    repaired: list[str] = field(default_factory=list)
    # What a repair wants a person to know: a rebuilt manifest that is not the lost one.
    warnings: list[str] = field(default_factory=list)
    # Checksums taken while checking, path relative to the root: each file is read once.
    hashes: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        """Return True if nothing is wrong."""
        return not self.problems

    def by_kind(self) -> dict[str, list[Problem]]:
        """Return the problems grouped by kind, in KINDS order."""
        groups: dict[str, list[Problem]] = {}
        for kind in KINDS:
            found = [p for p in self.problems if p.kind == kind]
            if found:
                groups[kind] = found
        return groups

    def to_dict(self) -> dict[str, Any]:
        """Return the report as a JSON object."""
        return {
            "archive": str(self.root),
            "ok": self.ok,
            "files_checked": self.files_checked,
            "episodes_checked": self.episodes_checked,
            "repaired": list(self.repaired),
            "warnings": list(self.warnings),
            "problems": [p.to_dict() for p in self.problems],
        }


def verify(archive: Archive, *, interrupted: Holder | None = None) -> Report:
    """Check every kept file against the manifests and the index against the store.

    `interrupted` is the writer the lock file names as cut short (`lock.read_lock`).
    """
    report = Report(root=archive.root)
    if interrupted is not None:
        report.problems.append(_interrupted(interrupted))
    report.problems += list(_check_files(archive, report))
    report.problems += list(_check_originals(archive, report))
    report.problems += list(_check_leftovers(archive))
    report.problems += list(_check_index(archive, report))
    return report


def _interrupted(holder: Holder) -> Problem:
    when = (
        datetime.fromtimestamp(holder.started, UTC).isoformat(timespec="seconds")
        if holder.started
        else "an unknown time"
    )
    return Problem(
        "interrupted",
        LOCK_FILE,
        f"{holder.describe()} was cut short (started {when}) and nothing has recovered it "
        f"yet, so search may miss what it stored; run `verbatim verify --repair` "
        f"(or any command that writes) to finish or undo it",
    )


def _check_manifest(
    archive: Archive, name: str, expected: dict[str, str], present: set[str], report: Report
) -> Iterator[Problem]:
    for rel, checksum in sorted(expected.items()):
        path = archive.root / rel
        if rel not in present and not path.is_file():
            yield Problem(
                "missing", rel, f"listed in {name} but not on disk; restore it from a backup"
            )
            continue
        report.files_checked += 1
        actual = report.hashes[rel] = manifest.file_sha256(path)
        if actual != checksum and rel == manifest.MANIFEST_FILE:
            yield Problem(
                "checksum-mismatch",
                rel,
                f"sha256 is {actual[:12]}…, {name} says {checksum[:12]}…; it was changed "
                f"outside verbatim, and no command writes to the archive until "
                f"`verbatim verify --repair` rebuilds it (saying what differs)",
            )
        elif actual != checksum:
            yield Problem(
                "checksum-mismatch",
                rel,
                f"sha256 is {actual[:12]}…, {name} says {checksum[:12]}…; "
                f"the file changed since it was kept: restore it from a backup",
            )


def _check_files(archive: Archive, report: Report) -> Iterator[Problem]:
    payload_path = archive.root / manifest.MANIFEST_FILE
    if not payload_path.is_file():
        yield Problem(
            "no-manifest",
            manifest.MANIFEST_FILE,
            "the archive has no checksum manifest, and no command writes to it until "
            "`verbatim verify --repair` rebuilds it from the files on disk",
        )
        return
    try:
        payload = manifest.read(payload_path)
        tags = manifest.read(archive.root / manifest.TAGMANIFEST_FILE)
    except manifest.ManifestError as exc:
        yield Problem("unreadable", manifest.MANIFEST_FILE, str(exc))
        return
    present = set(manifest.payload_files(archive))
    yield from _check_manifest(archive, manifest.MANIFEST_FILE, payload, present, report)
    for rel in sorted(present - set(payload)):
        yield Problem(
            "unlisted",
            rel,
            f"not in {manifest.MANIFEST_FILE}: added outside verbatim? remove it, "
            f"or re-add the episode with `verbatim add`",
        )
    tag_present = set(manifest.tag_files(archive))
    yield from _check_manifest(archive, manifest.TAGMANIFEST_FILE, tags, tag_present, report)
    for rel in sorted(tag_present - set(tags)):
        yield Problem(
            "unlisted",
            rel,
            f"not in {manifest.TAGMANIFEST_FILE}; run `verbatim verify --repair`",
        )


def _check_originals(archive: Archive, report: Report) -> Iterator[Problem]:
    # A second record of each original's checksum, which no manifest rebuild rewrites.
    for found in original_mismatches(archive, report.hashes):
        yield Problem(
            "record-mismatch",
            found.path,
            f"sha256 is {found.actual[:12]}…, its episode record (revision {found.revision}) "
            f"says {found.expected[:12]}…; the original changed since it was added: "
            f"restore it from a backup",
        )


def _check_leftovers(archive: Archive) -> Iterator[Problem]:
    # Imported here: recovery imports this module's neighbours, not the other way round.
    from archive.recovery import leftovers

    for path in leftovers(archive):
        yield Problem(
            "staging",
            path.relative_to(archive.root).as_posix(),
            "left by a write that was cut short; `verbatim verify --repair` "
            "(or any command that writes) clears it",
        )


def _stored_episodes(archive: Archive) -> Iterator[tuple[str, Episode | None, str]]:
    for episode_id in archive.episode_ids():
        try:
            yield episode_id, archive.get_episode(episode_id), ""
        except UnreadableRecordError as exc:
            yield episode_id, None, f"{exc.reason}; {how_to_mend(archive, episode_id)}"
        except ArchiveError as exc:
            yield episode_id, None, str(exc)


def how_to_mend(archive: Archive, episode_id: str) -> str:
    """Say how to mend an episode whose record cannot be read: from a kept copy or afresh."""
    folder = archive.episodes_dir / episode_id
    kept = sorted(
        (int(p.parent.name), p)
        for p in folder.glob(f"{REVISIONS_DIR}/*/{EPISODE_FILE}")
        if p.parent.name.isdigit()
    )
    if kept:
        copy = kept[-1][1].relative_to(archive.root).as_posix()
        return (
            f"restore it from a backup, or copy {copy} (the newest revision kept) over it, "
            f"then run `verbatim verify --repair`"
        )
    originals = sorted(p.name for p in (folder / ORIGINAL_DIR).glob("*") if p.is_file())
    source = f"episodes/{episode_id}/{ORIGINAL_DIR}/{originals[0]}" if originals else "its source"
    return (
        f"restore it from a backup, or copy {source} out of the archive, run "
        f"`verbatim remove {episode_id}` and add the copy again with `verbatim add` "
        f"(under a new id: removed ids are retired)"
    )


def _check_index(archive: Archive, report: Report) -> Iterator[Problem]:
    try:
        indexed: dict[str, dict[str, str]] | None = indexed_passages(archive)
    except Exception as exc:  # noqa: BLE001 - any index failure is a finding, not a crash
        indexed = None
        yield Problem(
            "index",
            "index",
            f"cannot read the index ({_brief(exc)}); run `verbatim verify --repair`",
        )
    digests: dict[str, str] | None = None
    people = load_registry(archive)
    if indexed is not None:
        yield from _check_index_files(archive)
        digests = indexed_digests(archive)
    for episode_id, episode, error in _stored_episodes(archive):
        record = f"episodes/{episode_id}/{EPISODE_FILE}"
        if episode is None:
            yield Problem("unreadable", record, error)
            if indexed is not None:
                indexed.pop(episode_id, None)  # stored, only unreadable: not a stray
            continue
        report.episodes_checked += 1
        if indexed is None:
            continue
        found = indexed.pop(episode_id, None)
        expected = {p.id: p.text for p in episode.passages}
        if found is None:
            if expected:
                yield Problem(
                    "not-indexed",
                    record,
                    "stored but not searchable; run `verbatim verify --repair`",
                )
        elif found != expected:
            yield Problem(
                "stale-index",
                record,
                f"the index holds another version than revision {episode.revision}; "
                f"run `verbatim verify --repair`",
            )
        elif digests is not None and digests.get(episode_id) != store_digest(episode, people):
            yield Problem(
                "stale-index",
                record,
                "the index holds the same words but not the same details (title, show, "
                "date, speakers, sections or times) as the stored record; "
                "run `verbatim verify --repair`",
            )
    for episode_id in sorted(indexed or ()):
        yield Problem(
            "indexed-not-stored",
            f"episodes/{episode_id}",
            "searchable but not in the archive; run `verbatim verify --repair`",
        )


def _check_index_files(archive: Archive) -> Iterator[Problem]:
    from archive import index_fixity
    from archive.search import open_reader_index

    ix = open_reader_index(archive)
    try:
        found = index_fixity.problems(ix)
    finally:
        ix.close()
    for line in found:
        path, _, what = line.partition(" ")
        yield Problem("index", path, f"{what}; run `verbatim verify --repair` to rebuild the index")


def _brief(exc: Exception) -> str:
    """Name what went wrong without the server paths a file error carries."""
    if isinstance(exc, ArchiveError):
        return str(exc)
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.strerror or type(exc).__name__}: {Path(str(exc.filename)).name}"
    return f"{type(exc).__name__}: {exc}"[:200]


def _digest(docs: list[dict[str, Any]]) -> str:
    """Return one SHA-256 over an episode's documents, in passage order, as stored."""
    rows = sorted(docs, key=lambda d: d.get("order", 0))
    return hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()


def store_digest(episode: Episode, people: Registry) -> str:
    """Return the digest of what indexing this episode stores (see `indexed_digests`)."""
    from archive.index import SCHEMA, episode_documents

    stored = {name for name, kind in SCHEMA.items() if kind.stored}
    return _digest(
        [
            {k: v for k, v in doc.items() if k in stored and v is not None}
            for doc in episode_documents(episode, people)
        ]
    )


def indexed_digests(archive: Archive) -> dict[str, str]:
    """Return, per indexed episode, a digest of everything the index stored for it.

    Compared with `store_digest` of the stored record: any changed field, not only the
    words (a title, a date, a speaker's name, a time), shows as a stale index.
    """
    from archive.search import open_reader_index

    ix = open_reader_index(archive)
    try:
        docs: dict[str, list[dict[str, Any]]] = {}
        with ix.searcher() as searcher:
            for fields in searcher.all_stored_fields():
                docs.setdefault(fields["episode_id"], []).append(dict(fields))
        return {episode_id: _digest(found) for episode_id, found in docs.items()}
    finally:
        ix.close()


def indexed_passages(archive: Archive) -> dict[str, dict[str, str]]:
    """Return, per indexed episode, its indexed passages' ids and texts (opens read-only)."""
    from archive.search import open_reader_index

    ix = open_reader_index(archive)
    try:
        result: dict[str, dict[str, str]] = {}
        with ix.searcher() as searcher:
            for fields in searcher.all_stored_fields():
                passages = result.setdefault(fields["episode_id"], {})
                passages[fields["passage_id"]] = fields.get("text", "")
        return result
    finally:
        ix.close()


def repair(archive: Archive) -> Report:
    """Rebuild what is derived and clear leftovers; return the report of what remains."""
    from archive.index import rebuild
    from archive.recovery import clear_leftovers

    started = time.time()
    before = verify(archive)
    done: list[str] = []
    done += clear_leftovers(archive, older_than=None)
    kinds = {p.kind for p in before.problems}
    # Checked against the tag manifest first, and said loudly: see archive.fixity.
    rebuilt = rebuild_manifest(archive)
    done += rebuilt.notes
    if kinds & INDEX_KINDS:
        # Every readable record is indexed; an unreadable one is left out, and the report
        # lists it with how to mend it, rather than stopping the whole rebuild.
        unreadable: list[UnreadableRecordError] = []
        passages = rebuild(archive, unreadable)
        left_out = f"; left out {plural(len(unreadable), 'unreadable record')}, listed below"
        done.append(f"rebuilt the index: {passages} passages" + (left_out if unreadable else ""))
    # Rebuilding rewrites archive.json; a tag file nobody listed yet is listed now.
    manifest.sync_tags(archive, started)
    after = verify(archive)
    after.repaired = done
    after.warnings = rebuilt.warnings
    return after
