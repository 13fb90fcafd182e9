"""The Whoosh index: one document per passage, derived from the store and always rebuildable."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import date as Date
from typing import TYPE_CHECKING, Any

from whoosh import columns
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import COLUMN, ID, NUMERIC, STORED, TEXT, Schema
from whoosh.index import Index

from archive import faults, index_fixity
from archive.analysis import NAME_SEPARATOR, folded_analyzer, stemming_analyzer
from archive.errors import ArchiveError, UnreadableRecordError
from archive.merging import Merge
from archive.registry import Registry, load_registry
from archive.whoosh_speedups import apply as apply_speedups
from archive.workers import before_fork, writer_processes
from transcripts.model import Episode

if TYPE_CHECKING:
    from archive.store import Archive

apply_speedups()

# Bump when the schema or an analyzer changes: older indexes then demand a reindex.
# 2: accent folding, bigrams for scripts without spaces, speaker aliases, sort columns.
# 3: speakers as people: the registry's canonical name, the name as written, the person id.
# 4: times stored only, fewer numeric terms (import speed, issue 7).
# 5: stems by Snowball (PyStemmer), the reference Porter2 ("added" is "add", not "ad").
SCHEMA_VERSION = 5
INDEX_NAME = "passages"
# Writers wait this long for another writer's lock before giving up.
LOCK_TIMEOUT_S = 10.0


UNDATED_OLDEST = 99_991_231


class IndexOutOfDateError(ArchiveError):
    """The index was built by an older schema and must be rebuilt."""


def _text(analyzer: Any) -> TEXT:
    # A "word" the analyzer splits in several tokens (a hyphenated word, a Khmer word
    # as bigrams) is searched as a phrase of them, not as words anywhere in the passage.
    return TEXT(analyzer=analyzer, phrase=True, stored=False, multitoken_query="phrase")


def build_schema() -> Schema:
    """Return the passage schema: the one place its fields are declared."""
    folded = folded_analyzer()
    return Schema(
        passage_id=ID(unique=True, stored=True),
        # Sortable: collapsing and per-episode counts read it from a column.
        episode_id=ID(stored=True, sortable=True),
        # Looked up one value at a time (a passage's neighbours): one term per value.
        order=NUMERIC(numtype=int, bits=32, stored=True, sortable=True, shift_step=32),
        # The passage text is stored once, here; the searchable fields below are not.
        text=STORED,
        exact=_text(folded),
        stem=_text(stemming_analyzer()),
        # Every name the speaker goes by (name, then aliases), for `speaker:` filters.
        speaker=_text(folded),
        # Whole values, sortable so facets count them from columns, not stored fields.
        # The speaker's canonical name (from the speaker registry), so facets count people.
        speaker_name=ID(stored=True, sortable=True),
        # The name as the source wrote it, and the person's id, for display and filtering.
        speaker_written=STORED,
        speaker_id=ID(stored=True),
        show=_text(folded),
        show_name=ID(stored=True, sortable=True),
        show_key=ID(stored=False),
        # The episode's id and title, for `episode:` in the query.
        episode=_text(folded),
        episode_title=STORED,
        audio_url=STORED,
        section_id=STORED,
        section_title=STORED,
        section=_text(folded),
        # Searched by ranges (a year, a span of months): coarser tiers keep those quick.
        date=NUMERIC(numtype=int, bits=32, stored=False, shift_step=8),
        date_str=STORED,
        year=ID(stored=False, sortable=True),
        # Sort keys for newest and oldest first: undated episodes sort last either way.
        newest=COLUMN(columns.NumericColumn("I", default=0)),
        oldest=COLUMN(columns.NumericColumn("I", default=UNDATED_OLDEST)),
        # Shown, never searched: indexing them as numbers cost 32 terms per passage.
        start_ms=STORED,
        end_ms=STORED,
    )


SCHEMA = build_schema()
# The fields whose terms come from the passage text (the others are metadata to filter
# on); they share token positions, so phrases and NEAR can span both.
TEXT_FIELDS = ("exact", "stem")


def fold_key(value: str) -> str:
    """Return the key a whole value is filtered by: folded, single-spaced."""
    return " ".join(value.casefold().split())


def date_number(value: str | Date | None) -> int | None:
    """Return a date as the integer yyyymmdd, or None if it is missing or not a full date."""
    if value is None:
        return None
    if isinstance(value, Date):
        return value.year * 10000 + value.month * 100 + value.day
    try:
        parsed = Date.fromisoformat(value[:10])
    except ValueError:
        return None
    return parsed.year * 10000 + parsed.month * 100 + parsed.day


def speaker_names(episode: Episode, speaker: str, people: Registry | None = None) -> list[str]:
    """Return every name a passage's speaker goes by: the name, then any aliases.

    The speaker field indexes all of them, so a `speaker:` filter finds a person by any
    name the registry knows for them; a registry change re-indexes their episodes.
    """
    names = [speaker]
    participant = episode.participant(speaker)
    person = people.person(speaker) if people is not None else None
    aliases = [*(getattr(participant, "aliases", None) or ()), *(person.names if person else ())]
    for alias in aliases:
        if alias and alias not in names:
            names.append(alias)
    return names


def episode_documents(episode: Episode, people: Registry | None = None) -> Iterator[dict[str, Any]]:
    """Yield the index document of every passage of an episode, speakers resolved by `people`."""
    people = people if people is not None else Registry()
    section_titles = {s.id: s.title for s in episode.sections}
    day = date_number(episode.date)
    for order, passage in enumerate(episode.passages, start=1):
        doc: dict[str, Any] = {
            "passage_id": passage.id,
            "episode_id": episode.id,
            "order": order,
            "text": passage.text,
            "exact": passage.text,
            "stem": passage.text,
            "episode": f"{episode.id}{NAME_SEPARATOR}{episode.title}",
            "episode_title": episode.title,
            "date_str": episode.date,
            "section_id": passage.section,
            "newest": day or 0,
            "oldest": day or UNDATED_OLDEST,
        }
        if episode.audio_url:
            doc["audio_url"] = episode.audio_url
        if passage.speaker:
            doc["speaker"] = NAME_SEPARATOR.join(speaker_names(episode, passage.speaker, people))
            resolved = people.resolve(passage.speaker)
            doc["speaker_name"] = resolved.name
            doc["speaker_written"] = passage.speaker
            doc["speaker_id"] = resolved.id
        if episode.show:
            doc["show"] = episode.show
            doc["show_name"] = episode.show
            doc["show_key"] = fold_key(episode.show)
        title = section_titles.get(passage.section) if passage.section else None
        if title:
            doc["section_title"] = title
            doc["section"] = title
        # Whoosh numeric fields cannot hold None: an unknown value is simply left out.
        if day is not None:
            doc["date"] = day
        if episode.date and episode.date[:4].isdigit():
            doc["year"] = episode.date[:4]
        if passage.start_ms is not None:
            doc["start_ms"] = passage.start_ms
        if passage.end_ms is not None:
            doc["end_ms"] = passage.end_ms
        yield doc


def create_index(archive: Archive) -> Index:
    """Create an empty index in the archive's index folder."""
    archive.index_dir.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(archive.index_dir), SCHEMA, indexname=INDEX_NAME)
    index_fixity.record(ix)
    return ix


def check_schema(archive: Archive) -> None:
    """Raise IndexOutOfDateError if the index was built with another schema version."""
    found = archive.metadata().get("index_schema")
    if found != SCHEMA_VERSION:
        raise IndexOutOfDateError(
            f"the search index was built with schema version {found}, this Verbatim uses "
            f"{SCHEMA_VERSION}; run `verbatim --archive {archive.root} reindex`"
        )


def index_exists(archive: Archive) -> bool:
    """Return True if the archive's index folder holds an index."""
    return whoosh_index.exists_in(str(archive.index_dir), indexname=INDEX_NAME)


def open_index(archive: Archive) -> Index:
    """Open the archive's index, creating an empty one if the folder has none."""
    check_schema(archive)
    if not whoosh_index.exists_in(str(archive.index_dir), indexname=INDEX_NAME):
        return create_index(archive)
    return whoosh_index.open_dir(str(archive.index_dir), indexname=INDEX_NAME)


# The writer's posting pool: past this it sorts a run out to a temporary file.
WRITER_LIMIT_MB = 256


# A batch of at least this many passages is indexed by parallel writer processes.
PARALLEL_MIN_PASSAGES = 2_000


def _writer(ix: Index, *, large: bool) -> Any:
    options: dict[str, Any] = {"timeout": LOCK_TIMEOUT_S, "compound": False}
    procs = writer_processes() if large else 1
    if procs < 2:
        return ix.writer(limitmb=WRITER_LIMIT_MB, **options)
    before_fork()
    # multisegment: each helper's segment joins the index as it is, not merged at once;
    # the tiered merge policy takes them in when their tier fills.
    return ix.writer(procs=procs, multisegment=True, limitmb=WRITER_LIMIT_MB // procs, **options)


def _write(
    ix: Index,
    episodes: Iterable[Episode],
    *,
    remove_ids: Iterable[str] = (),
    people: Registry | None = None,
    large: bool = False,
) -> int:
    # compound=False: a compound segment is copied into each process's memory on open
    # (see STYLE.md measurements); one writer and one commit for the whole batch.
    expected: dict[str, int] = {}
    # A large write uses parallel writers and merges whole tiers up to BULK_MERGE_DOCS (its
    # cost is spread over many passages); a small one merges only small segments.
    writer = _writer(ix, large=large)
    try:
        for episode_id in remove_ids:
            writer.delete_by_term("episode_id", episode_id)
        for episode in episodes:
            # Passage ids begin with their episode's id, so deleting the episode's
            # passages makes every id unique again: add_document, not update_document,
            # which would search every segment for each passage id.
            writer.delete_by_term("episode_id", episode.id)
            expected[episode.id] = 0
            for doc in episode_documents(episode, people):
                writer.add_document(**doc)
                expected[episode.id] += 1
    except BaseException:
        writer.cancel()
        raise
    with Merge.tiered(large=large) as merge:
        writer.commit(mergetype=merge)
    faults.reached("indexed-unrecorded")
    index_fixity.record(ix)
    if large:
        _check_written(ix, expected)
    return sum(expected.values())


def _check_written(ix: Index, expected: dict[str, int]) -> None:
    """Raise ArchiveError unless the index holds exactly these passages per episode.

    Whoosh's parallel writer drops a helper's segment without a word if the helper fails,
    so what a parallel write claims is counted, never assumed.
    """
    with ix.searcher() as searcher:
        for episode_id, count in expected.items():
            found = len(searcher.search(wq.Term("episode_id", episode_id), limit=None))
            if found != count:
                raise ArchiveError(
                    f"the index took {found} of {count} passages of {episode_id}; "
                    "nothing of this batch was kept"
                )


def index_episodes(archive: Archive, episodes: Sequence[Episode]) -> int:
    """Add or replace the passages of these episodes in one commit; return how many.

    A large batch (PARALLEL_MIN_PASSAGES or more) is written by parallel writer
    processes and its commit merges full tiers of up to BULK_MERGE_DOCS documents, a
    cost spread over many passages; a small one merges only small segments
    (INCREMENTAL_MERGE_DOCS), so that adding one episode stays quick however large the
    index is. Larger merges wait for `optimize`.
    """
    people = load_registry(archive)
    large = sum(len(e.passages) for e in episodes) >= PARALLEL_MIN_PASSAGES
    ix = open_index(archive)
    try:
        return _write(ix, episodes, people=people, large=large)
    finally:
        ix.close()


def index_episode(archive: Archive, episode: Episode) -> int:
    """Add or replace one episode's passages; return how many were written."""
    return index_episodes(archive, [episode])


# Past this many segments, `verbatim add` suggests `verbatim optimize`: each search
# visits every segment, and "did you mean" searches the lexicon of the large ones.
SEGMENTS_WORTH_MERGING = 8


def segment_count(archive: Archive) -> int:
    """Return how many segments the index has (a search visits each of them)."""
    ix = open_index(archive)
    try:
        return len(ix._segments())
    finally:
        ix.close()


def optimize(archive: Archive) -> int:
    """Merge the whole index into one segment; return the segments there were before."""
    ix = open_index(archive)
    try:
        before = len(ix._segments())
        if before > 1:
            writer = ix.writer(timeout=LOCK_TIMEOUT_S, compound=False, limitmb=WRITER_LIMIT_MB)
            with Merge.everything() as merge:
                writer.commit(mergetype=merge)
            index_fixity.record(ix)
        return before
    finally:
        ix.close()


def remove_episode(archive: Archive, episode_id: str) -> None:
    """Delete one episode's passages from the index."""
    remove_episodes(archive, [episode_id])


def remove_episodes(archive: Archive, episode_ids: Iterable[str]) -> None:
    """Delete these episodes' passages from the index, in one commit."""
    ix = open_index(archive)
    try:
        _write(ix, [], remove_ids=episode_ids)
    finally:
        ix.close()


def rebuild(archive: Archive, unreadable: list[UnreadableRecordError] | None = None) -> int:
    """Build a fresh index from the store beside the old one, swap it in; return passages.

    With `unreadable`, episode records that cannot be read are left out and noted there
    (the repair lists them); without it, the first one stops the rebuild.
    """
    staging = archive.root / f".index-new-{uuid.uuid4().hex[:8]}"
    retired = archive.root / f".index-old-{uuid.uuid4().hex[:8]}"
    try:
        staging.mkdir()
        ix = whoosh_index.create_in(str(staging), SCHEMA, indexname=INDEX_NAME)
        index_fixity.record(ix)
        try:
            episodes = (
                archive.iter_episodes()
                if unreadable is None
                else archive.readable_episodes(unreadable)
            )
            count = _write(ix, episodes, people=load_registry(archive), large=True)
        finally:
            ix.close()
        # Two renames: a reader sees the old index or the new one; open searchers keep
        # their files open and notice the change on their next refresh.
        if archive.index_dir.exists():
            os.rename(archive.index_dir, retired)
        os.rename(staging, archive.index_dir)
    except BaseException:
        if retired.exists() and not archive.index_dir.exists():
            os.rename(retired, archive.index_dir)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(retired, ignore_errors=True)
    archive.update_metadata(index_schema=SCHEMA_VERSION)
    return count


def indexed_episode_ids(archive: Archive) -> set[str]:
    """Return the ids of the episodes that have passages in the index."""
    ix = open_index(archive)
    try:
        with ix.searcher() as searcher:
            # Stored fields, not the lexicon: deleted documents keep their terms until a merge.
            return {fields["episode_id"] for fields in searcher.all_stored_fields()}
    finally:
        ix.close()
