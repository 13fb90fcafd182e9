"""Ingest: the one pipeline from source files to stored, indexed episodes."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Any, Literal

from archive.errors import ArchiveError
from archive.ids import derive_id, validate_id
from archive.index import index_episode
from archive.index import remove_episode as unindex_episode
from archive.store import Archive, EpisodeExistsError
from transcripts import TranscriptError, build_episode, read_document
from transcripts.chapters import apply_chapters
from transcripts.formats import read_chapters
from transcripts.model import Document, Episode, Source

# What a folder import picks up; anything else in the folder is left alone.
TRANSCRIPT_EXTENSIONS = frozenset({".vtt", ".srt", ".json", ".html", ".htm", ".md", ".txt"})
# Podcasting 2.0 chapters files beside a transcript of the same name give its sections.
CHAPTERS_SUFFIX = ".chapters.json"


class SourceFileError(ArchiveError):
    """A source file could not be read or understood as a transcript."""


@dataclass(frozen=True)
class AddResult:
    """What happened to one source file: added, unchanged (already stored) or failed."""

    path: Path
    status: Literal["added", "unchanged", "failed"]
    episode: Episode | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Return True unless the file failed."""
        return self.status != "failed"

    def summary(self) -> dict[str, Any]:
        """Return the contract's summary object for `add --json`."""
        if self.episode is None:
            return {"file": str(self.path), "status": self.status, "error": self.error}
        episode = self.episode
        speakers = {p.speaker for p in episode.passages if p.speaker}
        return {
            "id": episode.id,
            "title": episode.title,
            "passages": len(episode.passages),
            "turns": len(episode.turns()),
            "speakers": len(speakers),
            "sections": len(episode.sections),
            "warnings": list(episode.warnings),
            "participants": [p.to_dict() for p in episode.participants],
            "format": episode.source.format,
            "encoding": episode.source.encoding,
            "file": str(self.path),
            "status": self.status,
        }

    def describe(self) -> str:
        """Return one line for people: what happened to this file."""
        if self.episode is None:
            return f"failed {self.path}: {self.error}"
        s = self.summary()
        if self.status == "unchanged":
            return f"unchanged {s['id']}: {self.path} is already in the archive"
        return (
            f'added {s["id"]}: "{s["title"]}" \u2014 {_count(s["speakers"], "speaker")}, '
            f"{_count(s['turns'], 'turn')}, {_count(s['passages'], 'passage')}, "
            f"{_count(s['sections'], 'section')}"
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        Date.fromisoformat(value)
    except ValueError:
        raise ArchiveError(f"invalid date {value!r}: use YYYY-MM-DD") from None
    if len(value) != 10:
        raise ArchiveError(f"invalid date {value!r}: use YYYY-MM-DD")
    return value


def add_file(
    archive: Archive,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    title: str | None = None,
    show: str | None = None,
    date: str | None = None,
    episode_id: str | None = None,
    url: str | None = None,
    audio_url: str | None = None,
    hosts: Sequence[str] = (),
    guests: Sequence[str] = (),
    chapters: str | os.PathLike[str] | None = None,
    checksums: dict[str, str] | None = None,
) -> AddResult:
    """Read, store and index one source file; raise ArchiveError and change nothing on failure.

    `checksums` (sha256 to episode id, from `Archive.checksums`) saves re-reading every
    episode per file in a bulk import; it is updated with the file added.
    """
    path = Path(path)
    date = _check_date(date)
    if episode_id is not None:
        validate_id(episode_id)
    data = _read_source(path)
    chapter_file = Path(chapters) if chapters is not None else companion_chapters(path)
    chapter_data = _read_source(chapter_file) if chapter_file is not None else None
    sha256 = hashlib.sha256(data).hexdigest()
    if checksums is None:
        checksums = archive.checksums()
    if sha256 in checksums:
        existing = archive.get_episode(checksums[sha256])
        return AddResult(path=path, status="unchanged", episode=existing)
    if episode_id is not None and archive.has_episode(episode_id):
        raise EpisodeExistsError(
            f"{path.name}: episode {episode_id!r} is already in the archive; remove it first "
            f"(`verbatim remove {episode_id}`)"
        )
    try:
        document = read_document(data, filename=path.name, format=format)
        if chapter_file is not None and chapter_data is not None:
            document = _with_chapters(document, chapter_file, chapter_data)
        new_id = episode_id or derive_id(
            path.stem, title or document.title, set(archive.episode_ids())
        )
        episode = build_episode(
            document,
            episode_id=new_id,
            source=Source(path.name, document.format, sha256, document.encoding),
            title=title,
            show=show,
            date=date,
            url=url,
            audio_url=audio_url,
            hosts=tuple(hosts),
            guests=tuple(guests),
        )
    except TranscriptError as exc:
        raise SourceFileError(f"{path.name}: {exc}") from exc
    extras = {chapter_file.name: chapter_data} if chapter_file and chapter_data else {}
    archive.add(episode, data, extras=extras)
    try:
        index_episode(archive, episode)
    except BaseException as exc:
        # The store and the index must agree: an episode nobody can find is taken back out.
        archive.remove(episode.id)
        if isinstance(exc, ArchiveError):
            raise
        if isinstance(exc, Exception):
            raise ArchiveError(f"{path.name}: indexing failed, nothing was added ({exc})") from exc
        raise
    checksums[sha256] = episode.id
    return AddResult(path=path, status="added", episode=episode)


def companion_chapters(path: Path) -> Path | None:
    """Return the chapters file that sits beside a transcript (`NAME.chapters.json`), if any."""
    candidate = path.with_name(path.stem + CHAPTERS_SUFFIX)
    return candidate if candidate.is_file() else None


def _read_source(path: Path) -> bytes:
    """Return a file's bytes, or raise SourceFileError saying what is wrong with it."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SourceFileError(f"{path} is a folder; pass it to add_paths") from None
    except OSError as exc:
        raise SourceFileError(f"{path}: cannot read ({exc.strerror or exc})") from exc


def _with_chapters(document: Document, path: Path, data: bytes) -> Document:
    """Return the document with the chapters file's chapters as its sections."""
    try:
        return apply_chapters(document, read_chapters(data), name=path.name)
    except TranscriptError as exc:
        # Name the chapters file: the transcript itself was fine.
        raise SourceFileError(f"{path.name} (chapters): {exc}") from exc


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Yield the files to import: files as given, folders as their transcripts, sorted."""
    for item in paths:
        path = Path(item)
        if not path.is_dir():
            yield path  # a missing file is reported by add_file, not skipped silently
            continue
        found = []
        for root, dirs, files in os.walk(path):
            # Hidden folders (.git, editors' caches) are never transcripts.
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in files:
                candidate = Path(root) / name
                if name.startswith(".") or name.lower().endswith(CHAPTERS_SUFFIX):
                    continue  # a chapters file goes with the transcript beside it
                if candidate.suffix.lower() in TRANSCRIPT_EXTENSIONS:
                    found.append(candidate)
        yield from sorted(found)


def add_paths(
    archive: Archive, paths: Iterable[str | os.PathLike[str]], **options: Any
) -> list[AddResult]:
    """Add files and folders one file at a time, going on past failures."""
    results = []
    checksums = archive.checksums()
    for path in expand_paths(paths):
        try:
            results.append(add_file(archive, path, checksums=checksums, **options))
        except ArchiveError as exc:
            results.append(AddResult(path=path, status="failed", error=str(exc)))
    return results


def remove_episode(archive: Archive, episode_id: str) -> Episode:
    """Take an episode out of the index and the store; return what was removed."""
    episode = archive.get_episode(episode_id)
    # Index first: if that fails nothing has changed; if the store then fails, the
    # episode is put back in the index so the two still agree.
    unindex_episode(archive, episode.id)
    try:
        archive.remove(episode.id)
    except BaseException:
        index_episode(archive, episode)
        raise
    return episode
