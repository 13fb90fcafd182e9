"""The index checked against the store: its files, its episodes, a digest of each.

Read-only: the index is opened without creating one. Per episode, the passages' ids and
texts and a digest of every field the index stored are compared with what indexing the
stored record gives now; the index's own files are checked against the checksums kept
beside them, by the engine itself (`Engine.check_files`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from archive.engines import open_engine
from archive.engines.base import STORED_FIELDS
from archive.errors import ArchiveError, UnreadableRecordError
from archive.integrity.report import Problem, Report
from archive.search.documents import episode_documents
from archive.store.folder import EPISODE_FILE, ORIGINAL_DIR, REVISIONS_DIR, Archive
from archive.store.registry import Registry, load_registry
from transcripts.model import Episode


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


def check_index(archive: Archive, report: Report) -> Iterator[Problem]:
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
    found = open_engine(archive).check_files()
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
    return _digest(
        [
            {k: v for k, v in doc.items() if k in STORED_FIELDS and v is not None}
            for doc in episode_documents(episode, people)
        ]
    )


def indexed_digests(archive: Archive) -> dict[str, str]:
    """Return, per indexed episode, a digest of everything the index stored for it.

    Compared with `store_digest` of the stored record: any changed field, not only the
    words (a title, a date, a speaker's name, a time), shows as a stale index.
    """
    docs: dict[str, list[dict[str, Any]]] = {}
    for fields in _stored_passages(archive):
        docs.setdefault(fields["episode_id"], []).append(dict(fields))
    return {episode_id: _digest(found) for episode_id, found in docs.items()}


def indexed_passages(archive: Archive) -> dict[str, dict[str, str]]:
    """Return, per indexed episode, its indexed passages' ids and texts (opens read-only)."""
    result: dict[str, dict[str, str]] = {}
    for fields in _stored_passages(archive):
        passages = result.setdefault(fields["episode_id"], {})
        passages[fields["passage_id"]] = fields.get("text", "")
    return result


def index_health(archive: Archive) -> dict[str, Any] | None:
    """Return the engine's report of the index, or None if it cannot be read (a problem
    `check_index` reports with its fix)."""
    try:
        engine = open_engine(archive)
        return engine.reading(engine.health)
    except ArchiveError:
        return None


def _stored_passages(archive: Archive) -> Iterator[Mapping[str, Any]]:
    """Yield what the index stored for every passage, through the archive's engine."""
    engine = open_engine(archive)
    reader = engine.reader()
    try:
        yield from engine.reading(lambda: list(reader.stored_passages()))
    finally:
        reader.close()
