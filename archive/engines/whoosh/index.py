"""The Whoosh index: one document per passage, derived from the store and always rebuildable."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh import columns, formats
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import COLUMN, ID, NUMERIC, STORED, TEXT, FieldType, Schema
from whoosh.index import Index

from archive.engines.base import UNDATED_OLDEST, index_values
from archive.engines.whoosh import fixity as index_fixity
from archive.engines.whoosh.analysis import (
    PairTokenizer,
    folded_analyzer,
    stemming_analyzer,
)
from archive.engines.whoosh.merging import Merge
from archive.engines.whoosh.speedups import apply as apply_speedups
from archive.engines.whoosh.workers import before_fork, writer_processes
from archive.errors import ArchiveError, IndexOutOfDateError
from archive.store import faults
from archive.store.atomic import atomic_write_json

if TYPE_CHECKING:
    from archive.store.folder import Archive

apply_speedups()

# Bump when the schema or an analyzer changes: older indexes then demand a reindex.
# 2: accent folding, bigrams for scripts without spaces, speaker aliases, sort columns.
# 3: speakers as people: the registry's canonical name, the name as written, the person id.
# 4: times stored only, fewer numeric terms (import speed, issue 7).
# 5: stems by Snowball (PyStemmer), the reference Porter2 ("added" is "add", not "ad").
# 6: one tokenizer that folds and stems (no filter chain), tokens shared by both fields.
# 7: stage directions ("[laughs]") are left out of the searched words (issue 13).
# 8: pairs of adjacent common words (`pairs`), so quotes of common words are quick.
SCHEMA_VERSION = 8
INDEX_NAME = "passages"
# Beside the index's files: the schema version they were written with.
VERSION_FILE = "verbatim-schema.json"
# Writers wait this long for another writer's lock before giving up.
LOCK_TIMEOUT_S = 10.0


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
        # Which passages hold each pair of adjacent common words: only that, no counts
        # or positions (the exact field checks the phrase itself).
        pairs=FieldType(formats.Existence(), PairTokenizer(), scorable=False),
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


def whoosh_document(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Return a passage's engine-neutral document (archive.search.documents) as Whoosh's fields.

    The values are every engine's (`index_values`); the spoken text is searched twice
    (exact and stemmed words, sharing positions), so stage directions match no word
    and a phrase runs across them.
    """
    out = index_values(doc)
    # The spoken text goes to both word fields and the pairs, each with its analyzer.
    out["exact"] = out["stem"] = out["pairs"] = out.pop("spoken")
    return out


def create_index(archive: Archive) -> Index:
    """Create an empty index in the archive's index folder."""
    archive.index_dir.mkdir(parents=True, exist_ok=True)
    _write_version(archive.index_dir)
    ix = whoosh_index.create_in(str(archive.index_dir), SCHEMA, indexname=INDEX_NAME)
    index_fixity.record(ix)
    return ix


def _write_version(folder: Path) -> None:
    """Record in the index folder the schema version it is written with."""
    atomic_write_json(folder / VERSION_FILE, {"engine": "whoosh", "schema": SCHEMA_VERSION})


def _versions(archive: Archive) -> list[Any]:
    """Return the schema versions on record: the index folder's own, and archive.json's.

    The index records its version beside its files (written with them, swapped in with
    them by a rebuild). Archives made before the engine seam record it in archive.json
    instead, and a rebuild keeps that key in step.
    """
    found = []
    marker = archive.index_dir / VERSION_FILE
    if marker.is_file():
        try:
            found.append(json.loads(marker.read_text(encoding="utf-8")).get("schema"))
        except (OSError, ValueError, AttributeError) as exc:
            raise ArchiveError(
                f"the search index cannot be read (index/{VERSION_FILE}: "
                f"{type(exc).__name__}); run `verbatim --archive {archive.root} reindex`"
            ) from exc
    if "index_schema" in (meta := archive.metadata()):
        found.append(meta["index_schema"])
    return found


def check_schema(archive: Archive) -> None:
    """Raise IndexOutOfDateError if the index was built with another schema version."""
    if not index_exists(archive):
        return  # nothing to be out of date: the first write creates it with this version
    for found in _versions(archive) or [None]:
        if found != SCHEMA_VERSION:
            raise IndexOutOfDateError(
                f"the search index was built with schema version {found}, this Verbatim "
                f"uses {SCHEMA_VERSION}; run `verbatim --archive {archive.root} reindex`"
            )


def index_exists(archive: Archive) -> bool:
    """Return True if the archive's index folder holds an index (readable or not)."""
    try:
        return whoosh_index.exists_in(str(archive.index_dir), indexname=INDEX_NAME)
    except Exception:
        # Whoosh found a table of contents it cannot read: an index is there, damaged;
        # opening it says so (IndexDamagedError), with the repair to run.
        return True


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


def write(
    ix: Index,
    episodes: Mapping[str, Sequence[Mapping[str, Any]]]
    | Iterable[tuple[str, Sequence[Mapping[str, Any]]]],
    *,
    remove_ids: Iterable[str] = (),
    large: bool | None = None,
) -> int:
    """Replace these episodes' passages and delete those of `remove_ids`, in one commit.

    A large write (PARALLEL_MIN_PASSAGES or more, or `large`) is written by parallel
    writer processes and its commit merges full tiers of up to BULK_MERGE_DOCS documents,
    a cost spread over many passages; a small one merges only small segments
    (INCREMENTAL_MERGE_DOCS), so that adding one episode stays quick however large the
    index is. Larger merges wait for `optimize`.
    """
    items = episodes.items() if isinstance(episodes, Mapping) else episodes
    if large is None:
        items = [(episode_id, list(docs)) for episode_id, docs in items]
        large = sum(len(docs) for _, docs in items) >= PARALLEL_MIN_PASSAGES
    # compound=False: a compound segment is copied into each process's memory on open
    # (see STYLE.md measurements); one writer and one commit for the whole batch.
    expected: dict[str, int] = {}
    writer = _writer(ix, large=large)
    try:
        for episode_id in remove_ids:
            writer.delete_by_term("episode_id", episode_id)
        for episode_id, docs in items:
            # Passage ids begin with their episode's id, so deleting the episode's
            # passages makes every id unique again: add_document, not update_document,
            # which would search every segment for each passage id.
            writer.delete_by_term("episode_id", episode_id)
            expected[episode_id] = 0
            for doc in docs:
                writer.add_document(**whoosh_document(doc))
                expected[episode_id] += 1
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


def optimize(ix: Index) -> int:
    """Merge the whole index into one segment; return the segments there were before."""
    before = len(ix._segments())
    if before > 1:
        writer = ix.writer(timeout=LOCK_TIMEOUT_S, compound=False, limitmb=WRITER_LIMIT_MB)
        with Merge.everything() as merge:
            writer.commit(mergetype=merge)
        index_fixity.record(ix)
    return before


def rebuild(archive: Archive, episodes: Iterable[tuple[str, Sequence[Mapping[str, Any]]]]) -> int:
    """Build a fresh index of these episodes beside the old one, swap it in; return passages."""
    staging = archive.root / f".index-new-{uuid.uuid4().hex[:8]}"
    retired = archive.root / f".index-old-{uuid.uuid4().hex[:8]}"
    try:
        staging.mkdir()
        _write_version(staging)
        ix = whoosh_index.create_in(str(staging), SCHEMA, indexname=INDEX_NAME)
        index_fixity.record(ix)
        try:
            count = write(ix, episodes, large=True)
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
    if archive.metadata().get("index_schema", SCHEMA_VERSION) != SCHEMA_VERSION:
        archive.update_metadata(index_schema=SCHEMA_VERSION)
    return count
