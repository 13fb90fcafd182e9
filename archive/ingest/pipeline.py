"""Ingest: the one pipeline from source files to stored, indexed episodes."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date as Date
from pathlib import Path
from typing import Any, Literal

from archive.errors import ArchiveError
from archive.search.indexing import index_episode, index_episodes
from archive.search.indexing import remove_episode as unindex_episode
from archive.search.indexing import remove_episodes as unindex_episodes
from archive.store import faults, manifest
from archive.store.folder import Archive, RetiredIdError
from archive.store.history import last_passage_number, passage_history
from archive.store.ids import derive_id, validate_id
from archive.store.source_files import (
    DEFAULT_MAX_BYTES,
    TRANSCRIPT_EXTENSIONS,
    SourceFileError,
    check_suffix,
    not_a_transcript,
    read_source,
    unexpected_failure,
)
from transcripts import TranscriptError, build_episode, read_document
from transcripts.chapters import apply_chapters
from transcripts.formats import read_chapters
from transcripts.idmatch import IdMatching, match_ids
from transcripts.model import Document, Episode, Participant, Passage, Source
from transcripts.speakers import SpeakerResolver
from transcripts.wording import plural

# Podcasting 2.0 chapters files beside a transcript of the same name give its sections.
CHAPTERS_SUFFIX = ".chapters.json"


@dataclass(frozen=True)
class AddResult:
    """What happened to one source file: added, corrected (a new revision), unchanged or failed."""

    path: Path
    status: Literal["added", "corrected", "unchanged", "failed"]
    episode: Episode | None = None
    error: str | None = None
    # For a correction: how the passage ids were carried over.
    matching: IdMatching | None = None

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
            "revision": episode.revision,
            **({"correction": self.matching.to_dict()} if self.matching else {}),
        }

    def describe(self) -> str:
        """Return one line for people: what happened to this file."""
        if self.episode is None:
            return f"failed {self.path}: {self.error}"
        s = self.summary()
        if self.status == "unchanged":
            return f"unchanged {s['id']}: {self.path} is already in the archive"
        if self.status == "corrected":
            summary = self.matching.summary() if self.matching else ""
            return f"corrected {s['id']}: revision {self.episode.revision} \u2014 {summary}"
        return (
            f'added {s["id"]}: "{s["title"]}" \u2014 {plural(s["speakers"], "speaker")}, '
            f"{plural(s['turns'], 'turn')}, {plural(s['passages'], 'passage')}, "
            f"{plural(s['sections'], 'section')}"
        )


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


class KnownOriginals:
    """The checksum of every current original, to tell a file already in the archive."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        listed = manifest.original_checksums(archive)
        if listed is None:
            listed = {sha: [eid] for sha, eid in archive.checksums().items()}
        self._candidates = listed

    def find(self, sha256: str) -> Episode | None:
        """Return the stored episode whose current original has this checksum, if any."""
        for episode_id in self._candidates.get(sha256, ()):
            if self.archive.has_episode(episode_id):
                episode = self.archive.get_episode(episode_id)
                # The manifest lists companions (chapters files) beside originals too.
                if episode.source.sha256 == sha256:
                    return episode
        return None

    def record(self, sha256: str, episode_id: str) -> None:
        """Note an original just stored."""
        self._candidates.setdefault(sha256, []).insert(0, episode_id)

    def forget(self, sha256: str, episode_id: str) -> None:
        """Note an original no longer current (corrected or taken back)."""
        ids = self._candidates.get(sha256, [])
        if episode_id in ids:
            ids.remove(episode_id)


@dataclass(frozen=True)
class _Prepared:
    """A source file read and built into an episode, not yet stored."""

    path: Path
    episode: Episode
    data: bytes
    extras: dict[str, bytes]
    previous: Episode | None


class _TakenIds:
    """The ids a new episode cannot have, looked up one at a time, not listed."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive

    def __contains__(self, episode_id: object) -> bool:
        return isinstance(episode_id, str) and self.archive.id_taken(episode_id)


def add_file(
    archive: Archive,
    path: str | os.PathLike[str],
    *,
    known: KnownOriginals | None = None,
    **options: Any,
) -> AddResult:
    """Read, store and index one source file; raise ArchiveError and change nothing on failure.

    `options` are those of `prepare_file`; `known` (see `KnownOriginals`) saves reading
    the manifest again for each file of a batch.
    """
    known = known if known is not None else KnownOriginals(archive)
    prepared = prepare_file(archive, path, known=known, **options)
    if isinstance(prepared, AddResult):
        return prepared
    if prepared.previous is not None:
        return _correct(archive, prepared, known)
    episode = prepared.episode
    archive.add(episode, prepared.data, extras=prepared.extras)
    # The store and the index must agree: an episode nobody can find is taken back out.
    # Its id was never published, so it is not retired.
    with _undone_on_failure(
        lambda: archive.remove(episode.id, retire=False),
        f"{prepared.path.name}: indexing failed, nothing was added",
    ):
        index_episode(archive, episode)
        faults.reached("indexed")
    known.record(episode.source.sha256, episode.id)
    return AddResult(path=prepared.path, status="added", episode=episode)


@contextlib.contextmanager
def _undone_on_failure(undo: Callable[[], None], failure: str) -> Iterator[None]:
    """Run the block; if anything escapes it, call `undo` first.

    An ArchiveError, or an interrupt, goes on as it is; any other error becomes an
    ArchiveError saying `failure`, with the cause in brackets.
    """
    try:
        yield
    except BaseException as exc:
        undo()
        if isinstance(exc, ArchiveError) or not isinstance(exc, Exception):
            raise
        raise ArchiveError(f"{failure} ({exc})") from exc


def prepare_file(
    archive: Archive,
    path: str | os.PathLike[str],
    *,
    known: KnownOriginals,
    format: str | None = None,
    title: str | None = None,
    show: str | None = None,
    date: str | None = None,
    episode_id: str | None = None,
    url: str | None = None,
    audio_url: str | None = None,
    hosts: Sequence[str] = (),
    guests: Sequence[str] = (),
    labels: Sequence[str] = (),
    chapters: str | os.PathLike[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> AddResult | _Prepared:
    """Read a source file and build its episode; an AddResult if it is already stored.

    Raise ArchiveError, naming the file, if it cannot be read as a transcript.
    """
    path = Path(path)
    date = _check_date(date)
    if episode_id is not None:
        validate_id(episode_id)
    if format is None:
        check_suffix(path)
    data = read_source(path, max_bytes)
    chapter_file = Path(chapters) if chapters is not None else companion_chapters(path)
    chapter_data = read_source(chapter_file, max_bytes) if chapter_file is not None else None
    sha256 = hashlib.sha256(data).hexdigest()
    existing = known.find(sha256)
    if existing is not None and not labels:
        return AddResult(path=path, status="unchanged", episode=existing)
    if existing is not None:
        # The same file read again with labels the archivist names: a correction of it.
        episode_id = episode_id or existing.id
    previous = (
        archive.get_episode(episode_id)
        if episode_id is not None and archive.has_episode(episode_id)
        else None
    )
    try:
        document = read_document(data, filename=path.name, format=format)
        if chapter_file is not None and chapter_data is not None:
            document = _with_chapters(document, chapter_file, chapter_data)
        retired = archive.retired_ids()
        if episode_id in retired and previous is None:
            raise RetiredIdError(
                f"{path.name}: episode id {episode_id!r} belonged to an episode removed on "
                f"{retired[episode_id][:10]}; ids are never reused, so that its permalinks "
                "never lead to other words: choose another --id"
            )
        new_id = episode_id or derive_id(path.stem, title or document.title, _TakenIds(archive))
        if previous is not None:
            # A correction keeps the episode's details unless new ones are given.
            title = title or previous.title
            show = show or previous.show
            date = date or previous.date
            url = url or previous.url
            audio_url = audio_url or previous.audio_url
            hosts = tuple(hosts) or carried_names(previous, document, "host")
            guests = tuple(guests) or carried_names(previous, document, "guest")
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
            labels=tuple(labels),
        )
        faults.reached("parsed")
    except TranscriptError as exc:
        message = str(exc)
        # Readers often name the file already: say it once.
        if not message.startswith(f"{path.name} "):
            message = f"{path.name}: {message}"
        raise SourceFileError(message) from exc
    extras = {chapter_file.name: chapter_data} if chapter_file and chapter_data else {}
    return _Prepared(path=path, episode=episode, data=data, extras=extras, previous=previous)


def _correct(archive: Archive, prepared: _Prepared, known: KnownOriginals) -> AddResult:
    """Store the episode as the next revision of the previous one, its passage ids carried over."""
    path, episode, previous = prepared.path, prepared.episode, prepared.previous
    assert previous is not None
    revisions = archive.episode_revisions(previous.id)
    history = passage_history(revisions)
    live = {p.id for p in previous.passages}
    matching = match_ids(
        previous.passages,
        episode.passages,
        episode_id=previous.id,
        last_number=last_passage_number(revisions),
        retired=[h.passage for pid, h in history.items() if pid not in live],
    )
    note = f"correction of revision {previous.revision}: {matching.summary()}"
    corrected = replace(
        episode,
        passages=matching.passages,
        participants=_renamed_roles(previous, matching.passages, episode.participants),
        warnings=(*episode.warnings, note),
    )
    stored = archive.add_revision(corrected, prepared.data, extras=prepared.extras, note=note)

    def put_back() -> None:
        # The index must show the current revision: put the previous one back everywhere.
        archive.rollback_revision(stored.id, stored.revision)
        index_episode(archive, previous)

    with _undone_on_failure(put_back, f"{path.name}: indexing failed, the correction was not kept"):
        index_episode(archive, stored)
    known.forget(previous.source.sha256, previous.id)
    known.record(stored.source.sha256, stored.id)
    return AddResult(path=path, status="corrected", episode=stored, matching=matching)


def _renamed_roles(
    previous: Episode, passages: tuple[Passage, ...], participants: tuple[Participant, ...]
) -> tuple[Participant, ...]:
    """Give a speaker whose name the correction fixed the role the old name had."""
    before = {p.id: p.speaker for p in previous.passages}
    renamed: dict[str, set[str | None]] = {}
    for passage in passages:
        if passage.id in before and passage.speaker is not None:
            renamed.setdefault(passage.speaker, set()).add(before[passage.id])
    out = []
    for person in participants:
        olds = renamed.get(person.name, set())
        if person.role is None and len(olds) == 1:
            old = previous.participant(next(iter(olds)))
            if old is not None and old.role is not None:
                person = Participant(person.name, old.role)
        out.append(person)
    return tuple(out)


def carried_names(previous: Episode, document: Document, role: str) -> tuple[str, ...]:
    """Return the previous revision's people in `role` whom the corrected source still names.

    A name the correction itself fixed (a misspelt speaker label) is not carried: the
    archivist's old spelling must not overrule the corrected one.
    """
    names = tuple(p.name for p in previous.participants if p.role == role)
    labels = [u.speaker for u in document.utterances if u.speaker]
    if not labels:
        return names  # an unlabelled source is attributed from these names alone
    resolver = SpeakerResolver(
        names if role == "host" else (), names if role == "guest" else (), labels=labels
    )
    silent = {person.name for person in resolver.silent(resolver.canonical(x) for x in labels)}
    return tuple(name for name in names if name not in silent)


def companion_chapters(path: Path) -> Path | None:
    """Return the chapters file that sits beside a transcript (`NAME.chapters.json`), if any."""
    candidate = path.with_name(path.stem + CHAPTERS_SUFFIX)
    return candidate if candidate.is_file() else None


def _with_chapters(document: Document, path: Path, data: bytes) -> Document:
    """Return the document with the chapters file's chapters as its sections."""
    try:
        return apply_chapters(document, read_chapters(data), name=path.name)
    except TranscriptError as exc:
        # Name the chapters file: the transcript itself was fine.
        raise SourceFileError(f"{path.name} (chapters): {exc}") from exc


def expand_paths(
    paths: Iterable[str | os.PathLike[str]], *, skipped: list[Path] | None = None
) -> Iterator[Path]:
    """Yield the files to import: files as given, folders as their transcripts, sorted.

    Inside a folder, files that are about transcripts rather than transcripts (a README, a
    `*.meta.json` sidecar) are left out and appended to `skipped`, so the caller can say so.
    """
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
                if candidate.suffix.lower() not in TRANSCRIPT_EXTENSIONS:
                    continue
                if not_a_transcript(name) is not None:
                    if skipped is not None:
                        skipped.append(candidate)
                    continue
                found.append(candidate)
        yield from sorted(found)


# A bulk import indexes its new episodes this many passages at a time: one Whoosh writer
# and one commit per batch. A commit per file was 94% of import time (benchmarks/), most
# of it writing and merging tiny segments. A batch's two parallel writers each write one
# segment of about 40,000 passages, a size the bulk merge policy leaves alone: at 20,000
# a batch, merging segments took the importer as long as writing them (issue 7). The
# batch bounds the memory an import holds, however large the archive.
INDEX_BATCH_PASSAGES = 80_000


def add_paths(
    archive: Archive,
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: Callable[[AddResult], None] | None = None,
    batch_passages: int = INDEX_BATCH_PASSAGES,
    **options: Any,
) -> list[AddResult]:
    """Add files and folders, going on past failures; return one result per file.

    See `iter_add`, which gives the same results one at a time.
    """
    return list(
        iter_add(archive, paths, progress=progress, batch_passages=batch_passages, **options)
    )


def iter_add(
    archive: Archive,
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: Callable[[AddResult], None] | None = None,
    batch_passages: int = INDEX_BATCH_PASSAGES,
    **options: Any,
) -> Iterator[AddResult]:
    """Add files and folders, going on past failures; yield each file's final result.

    New episodes are stored one by one and indexed in batches (see INDEX_BATCH_PASSAGES);
    if a batch cannot be indexed, its episodes are taken back out and reported as failed.
    So a result is yielded once its batch is committed, in the order of the files; only
    the results of one batch are held at a time, however large the import.
    `progress` is called with each file's result once the file is stored or has failed.
    """
    known = KnownOriginals(archive)
    batch = _Batch(archive, known)
    # Results are given only from a commit, which leaves nothing pending: a caller that
    # stops reading them leaves no episode stored but not indexed.
    for path in expand_paths(paths):
        try:
            prepared = prepare_file(archive, path, known=known, **options)
            if isinstance(prepared, AddResult):
                result = prepared
            elif prepared.previous is not None:
                result = _correct(archive, prepared, known)
            else:
                result = batch.store(prepared)
        except (ArchiveError, OSError) as exc:
            # One bad file (or one the disk will not give up) never stops a bulk import.
            result = AddResult(path=path, status="failed", error=str(exc))
        except Exception as exc:
            # Nor does one that trips over a case the code does not handle: it is one line.
            error = str(unexpected_failure(path, exc))
            result = AddResult(path=path, status="failed", error=error)
        batch.results.append(result)
        if progress is not None:
            progress(result)
        if batch.passages >= batch_passages or not batch.pending:
            yield from batch.commit()
    yield from batch.commit()


class _Batch:
    """New episodes stored but not yet recorded in the manifest and the index.

    `results` holds the results since the last commit, in file order: those of stored
    episodes are final only once their batch is indexed.
    """

    def __init__(self, archive: Archive, known: KnownOriginals) -> None:
        self.archive = archive
        self.known = known
        self.results: list[AddResult] = []
        self.pending: list[tuple[int, Episode]] = []  # (index in results, episode)

    @property
    def passages(self) -> int:
        """Return how many passages wait to be indexed."""
        return sum(len(episode.passages) for _, episode in self.pending)

    def store(self, prepared: _Prepared) -> AddResult:
        """Store a new episode now; it is indexed at the next commit."""
        episode = prepared.episode
        self.archive.add(episode, prepared.data, extras=prepared.extras, record=False)
        self.pending.append((len(self.results), episode))
        self.known.record(episode.source.sha256, episode.id)
        return AddResult(path=prepared.path, status="added", episode=episode)

    def commit(self) -> list[AddResult]:
        """Record the batch's checksums and index it; return the results it made final.

        If indexing fails, the batch's episodes are taken back out and their results
        say so.
        """
        pending, self.pending = self.pending, []
        results, self.results = self.results, []
        if not pending:
            return results
        episodes = [episode for _, episode in pending]
        try:
            manifest.update_episodes(self.archive, [e.id for e in episodes])
            index_episodes(self.archive, episodes)
            faults.reached("indexed")
        except Exception as exc:
            # The store and the index must agree: episodes nobody can find are taken back
            # out. Their ids were never published, so they are not retired.
            with contextlib.suppress(Exception):
                unindex_episodes(self.archive, [e.id for e in episodes])
            for at, episode in pending:
                self.archive.remove(episode.id, retire=False)
                self.known.forget(episode.source.sha256, episode.id)
                path = results[at].path
                results[at] = AddResult(
                    path=path,
                    status="failed",
                    error=f"{path.name}: indexing failed, nothing was added ({exc})",
                )
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
