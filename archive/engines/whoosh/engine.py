"""The Whoosh engine: Verbatim's engine interface (archive.engines.base) over one index folder."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import sorting
from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.searching import Searcher

from archive.engines.base import (
    FACET_FIELDS,
    SORTS,
    QueryTerms,
    Ranked,
    RankedHit,
    SearchRequest,
)
from archive.engines.whoosh import fixity as index_fixity
from archive.engines.whoosh import index
from archive.engines.whoosh.collecting import TIMED_OUT, collect_within
from archive.engines.whoosh.compile import to_whoosh
from archive.engines.whoosh.filter_sets import filter_set, leaf_ids
from archive.engines.whoosh.highlight_terms import collect_terms
from archive.engines.whoosh.match_counts import (
    MatchCounts,
    RecordingCollector,
    count_matches,
    count_recorded,
    positional,
)
from archive.engines.whoosh.patterns import expand_patterns, words_within
from archive.engines.whoosh.phrases import rarest_first, within
from archive.engines.whoosh.vocabulary import Vocabulary
from archive.errors import ArchiveError, IndexDamagedError
from archive.query.budget import TIME_BUDGET_NOTE
from archive.query.tree import Every, Node, Nothing

if TYPE_CHECKING:
    from archive.store.folder import Archive

T = TypeVar("T")
# Suggestions come from segments holding at least this share of the passages (and the
# largest): a word worth suggesting is common, and each segment searched costs a scan.
SUGGEST_SEGMENT_SHARE = 0.05


def _sort_facet(sort: str) -> Any:
    """Return Whoosh's sort for an order name; None means by relevance."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    if sort == "relevance":
        return None
    if sort == "passage":
        return sorting.FieldFacet("order")
    # Episode by date, then passages in reading order; the episode id keeps passages
    # of two episodes on the same day apart.
    by_date = (
        sorting.FieldFacet("newest", reverse=True)
        if sort == "newest"
        else sorting.FieldFacet("oldest")
    )
    return sorting.MultiFacet([by_date, sorting.FieldFacet("episode_id"), "order"])


def _collapse_by_episode(searcher: Searcher, docnums: Iterable[int], limit: int) -> list[int]:
    """Return the first document of each episode, in the given order, up to `limit`."""
    column = searcher.reader().column_reader("episode_id")
    seen: set[Any] = set()
    kept: list[int] = []
    for docnum in docnums:
        episode = column[docnum]
        if episode in seen:
            continue
        seen.add(episode)
        kept.append(docnum)
        if len(kept) >= limit:
            break
    return kept


def reopened(old: Searcher, ix: whoosh_index.Index) -> Searcher:
    """Return a searcher on the index as it is now, reusing `old`'s unchanged segments.

    Whoosh's own `refresh()` (whoosh-reloaded 2.7.5) adds the segments of the old reader
    to the new list, so after a merge the merged-away segments stayed and every hit came
    back twice; and it reuses a segment whose deletions changed, by its id alone. Here a
    segment's reader is reused only if the segment is still listed with the same number
    of deletions, so its cached facet columns (match_counts) are kept too.
    """
    toc = ix._read_toc()
    reusable = {
        (reader.segment().segment_id(), reader.segment().deleted_count()): reader
        for reader, _ in old.reader().leaf_readers()
        if reader.segment() is not None
    }
    readers = [
        reusable.pop((segment.segment_id(), segment.deleted_count()), None)
        or SegmentReader(ix.storage, ix.schema, segment, generation=toc.generation)
        for segment in toc.segments
    ]
    for reader in reusable.values():
        reader.close()
    if not readers:
        return Searcher(EmptyReader(ix.schema), fromindex=ix)
    # Always a MultiReader, even of one segment: it carries the new generation, which a
    # reused segment reader does not, and `up_to_date` compares generations.
    return Searcher(MultiReader(readers, generation=toc.generation), fromindex=ix)


class WhooshReader:
    """A Whoosh searcher behind the engine's Reader interface."""

    def __init__(self, engine: WhooshEngine, searcher: Searcher, identity: int | None) -> None:
        self.engine = engine
        self.searcher = searcher
        self._identity = identity
        # "Did you mean" words, read into memory on a second request (vocabulary).
        self._asked: set[tuple[str, int]] = set()
        self._vocabularies: dict[tuple[str, int], Vocabulary] = {}

    # --- searching ---------------------------------------------------------------------

    def _compiled(self, tree: Node) -> tuple[wq.Query, tuple[str, ...]]:
        q = to_whoosh(tree)
        if q is wq.NullQuery or isinstance(tree, Every):
            return q, ()
        q, notes = expand_patterns(q, self.searcher.reader())
        return rarest_first(q), notes

    def search(self, request: SearchRequest) -> Ranked:
        """Run one search: the best hits, every match counted, within the time budget."""
        searcher = self.searcher
        if isinstance(request.query, Nothing):
            return Ranked()
        q, notes = self._compiled(request.query)
        if q is wq.NullQuery:
            return Ranked(notes=notes)
        restrict = to_whoosh(request.restrict) if request.restrict is not None else None
        sortedby = _sort_facet(request.sort)
        recorder: RecordingCollector | None = None

        def record(collector: Any) -> RecordingCollector:
            nonlocal recorder
            recorder = RecordingCollector(collector)
            return recorder

        allow: Any = restrict
        if allow is not None and (docs := filter_set(searcher, allow)):
            # The filter's documents, kept with this searcher. (Whoosh reads an empty set
            # as no filter at all, so a filter nobody passes stays a query.)
            allow = docs
            if positional(q):
                # A phrase walks the filter's documents with its words' postings.
                q = within(q, leaf_ids(searcher, restrict))
        limit = None if request.collapse else request.limit
        # Imported here: numpy takes a fifth of a second to load, which commands that never
        # search (`verbatim add`, `list`) should not pay.
        from archive.engines.whoosh import bulk

        if request.sort == "relevance" and limit is not None and (words := bulk.plan(q)):
            # One word or two: ranked and counted over arrays, with Whoosh's scores
            # (None where it cannot say; past the deadline, Whoosh's path says what it has).
            try:
                allowed = leaf_ids(searcher, restrict) if restrict is not None else None
                done = bulk.run(searcher, words, allowed=allowed, limit=limit, count=request.count)
            except TIMED_OUT:
                done = None
            if done is not None:
                counted = done.counted if request.count else None
                return self._ranked(q, request, done.ranked, counted, notes, cut=False)
        results, cut = collect_within(
            searcher,
            q,
            allow,
            None,  # the deadline of the caller's block
            # Collapsing needs every match in order, to keep each episode's first;
            # otherwise only the best are kept, and postings that cannot reach them skipped.
            limit=limit,
            sortedby=sortedby,
            terms=False,
            # Whoosh's name for skipping blocks of postings that cannot reach the top hits.
            optimize=not positional(q),
            wrap=record if request.count else (lambda c: c),
        )
        counted = None
        if request.count:
            # Totals and facets count every match: from what the collector saw if it saw
            # them all, else in a second pass that only counts, within the budget left.
            if recorder is not None and (recorder.complete or cut):
                counted = count_recorded(recorder)
            else:
                counted = count_matches(searcher, q, restrict)
        ranked = [(docnum, score) for docnum, score in results.items()]
        return self._ranked(q, request, ranked, counted, notes, cut=cut)

    def _ranked(
        self,
        q: wq.Query,
        request: SearchRequest,
        ranked: list[tuple[int, float]],
        counted: MatchCounts | None,
        notes: tuple[str, ...],
        *,
        cut: bool,
    ) -> Ranked:
        """Return the hits asked for, with the counts and the words to mark."""
        searcher = self.searcher
        total, facets = 0, {}
        if counted is not None:
            cut = cut or counted.cut
            total = counted.total
            facets = {name: dict(counted.by_facet[name]) for name in FACET_FIELDS}
        sortedby = _sort_facet(request.sort)
        cut = cut or TIME_BUDGET_NOTE in notes
        if request.collapse and request.limit is not None and ranked:
            kept = set(_collapse_by_episode(searcher, (d for d, _ in ranked), request.limit))
            ranked = [(d, s) for d, s in ranked if d in kept]
        scored = sortedby is None
        hits = [
            RankedHit(searcher.stored_fields(docnum), float(score or 0.0) if scored else 0.0)
            for docnum, score in ranked[request.offset :]
        ]
        terms = collect_terms(q, searcher.reader()) if request.terms else QueryTerms()
        return Ranked(hits=hits, total=total, facets=facets, cut=cut, notes=notes, terms=terms)

    def count(self, query: Node, restrict: Node | None = None) -> int:
        """Return how many passages match, scoring none."""
        q, _ = self._compiled(query)
        if q is wq.NullQuery:
            return 0
        allow = to_whoosh(restrict) if restrict is not None else None
        return len(self.searcher.search(q, limit=1, filter=allow, terms=False))

    def passage_at(self, episode_id: str, order: int) -> Mapping[str, Any] | None:
        """Return the stored fields of an episode's passage by its place, or None."""
        q = wq.And([wq.Term("episode_id", episode_id), wq.NumericRange("order", order, order)])
        for hit in self.searcher.search(q, limit=1, scored=False):
            return hit.fields()
        return None

    def doc_count(self) -> int:
        """Return how many passages the index holds."""
        return self.searcher.doc_count()

    def doc_frequency(self, field: str, word: str) -> int:
        """Return in how many passages a word occurs in a field."""
        return self.searcher.doc_frequency(field, word)

    def words_within(self, field: str, word: str, maxdist: int, prefix: int) -> Iterable[str]:
        """Yield indexed words near `word`, from the segments holding 5% of passages or more.

        The first time, from the index's term table; a reader asked again (the site's, kept
        until the index changes) reads those words into memory once (`vocabulary`).
        """
        key = (field, prefix)
        vocabulary = self._vocabularies.get(key)
        if vocabulary is None and key in self._asked:
            vocabulary = self._vocabularies[key] = Vocabulary(
                self.searcher.reader(), field, prefix, SUGGEST_SEGMENT_SHARE
            )
        self._asked.add(key)
        if vocabulary is not None:
            return vocabulary.within(word, maxdist)
        return words_within(
            self.searcher.reader(),
            field,
            word,
            maxdist,
            prefix=prefix,
            min_share=SUGGEST_SEGMENT_SHARE,
        )

    def stored_passages(self) -> Iterator[Mapping[str, Any]]:
        """Yield the stored fields of every live passage."""
        yield from self.searcher.all_stored_fields()

    # --- the reader's life ---------------------------------------------------------------

    def fresh(self) -> WhooshReader:
        """Return a reader on the index as it is now; this one if nothing changed."""
        identity = self.engine.identity()
        if identity != self._identity:
            # `reindex` swapped in a new folder: generations restart, so reopen fully.
            self.close()
            return self.engine.reader()
        if self.searcher.up_to_date():
            return self
        ix = self.engine.open_for_reading()
        return WhooshReader(self.engine, reopened(self.searcher, ix), identity)

    def close(self) -> None:
        """Release the searcher's files."""
        self.searcher.close()


class WhooshEngine:
    """One archive's Whoosh index, in the archive's `index/` folder."""

    name = "whoosh"
    schema_version = index.SCHEMA_VERSION

    def __init__(self, archive: Archive) -> None:
        self.archive = archive

    def identity(self) -> int | None:
        """Return the index folder's inode: a rebuild swaps in a new folder."""
        try:
            return os.stat(self.archive.index_dir).st_ino
        except FileNotFoundError:
            return None

    def exists(self) -> bool:
        """Return True if the index has been created."""
        return index.index_exists(self.archive)

    def create(self) -> None:
        """Create an empty index in the archive's index folder, if it has none."""
        index.open_index(self.archive).close()

    def open_for_reading(self) -> whoosh_index.Index:
        """Open the index read-only, for searching."""
        archive = self.archive
        reindex = f"run `verbatim --archive {archive.root} reindex`"
        try:
            index.check_schema(archive)
            if not index.index_exists(archive):
                raise ArchiveError(f"{archive.root} has no search index; {reindex}")
            return whoosh_index.open_dir(
                str(archive.index_dir), indexname=index.INDEX_NAME, readonly=True
            )
        except ArchiveError:
            raise
        except Exception as exc:
            # A damaged table of contents fails in Whoosh's own ways (struct, pickle, its
            # IndexError); the index is derived, so rebuilding it is always the fix.
            raise ArchiveError(f"the search index cannot be read ({exc}); {reindex}") from exc

    def never_written(self) -> bool:
        """Return True for an archive whose index was never created: it reads as empty.

        The index is made by the first write; an index missing from an archive that holds
        episodes was lost (or a write was cut short), and reading it is an error.
        """
        return not index.index_exists(self.archive) and not self.archive.episode_ids()

    def reader(self) -> WhooshReader:
        """Open a reader; an archive never indexed reads as empty."""
        identity = self.identity()
        if self.never_written():
            return WhooshReader(self, Searcher(EmptyReader(index.SCHEMA)), identity)
        return WhooshReader(self, self.open_for_reading().searcher(), identity)

    def reading(self, fn: Callable[[], T]) -> T:
        """Call `fn`, which reads the index; a failure inside Whoosh is an IndexDamagedError.

        A truncated or missing segment file fails in Whoosh's own ways (a bare Exception
        "Block tag error", OSError, EOFError, struct.error), deep in a search. The index is
        derived, so every one of them has the same fix, and the message names it.
        """
        try:
            return fn()
        except (ArchiveError, NotImplementedError):
            # NotImplementedError: a Whoosh reader lacking a feature (an empty index has no
            # columns), a limit of the code, not damage on disk; it is not dressed up as one.
            raise
        except Exception as exc:
            what = type(exc).__name__
            if isinstance(exc, OSError) and exc.filename:
                what += f" on {os.path.basename(str(exc.filename))}"
            raise IndexDamagedError(
                f"the search index is damaged ({what}); "
                "run `verbatim verify --repair` to rebuild it"
            ) from exc

    def write(
        self,
        episodes: Mapping[str, Sequence[Mapping[str, Any]]],
        *,
        remove: Iterable[str] = (),
    ) -> int:
        """Replace these episodes' passages and remove those of `remove`, in one commit."""
        ix = index.open_index(self.archive)
        try:
            return index.write(ix, episodes, remove_ids=remove)
        finally:
            ix.close()

    def rebuild(self, episodes: Iterable[tuple[str, Sequence[Mapping[str, Any]]]]) -> int:
        """Build a fresh index of these episodes beside the old one and swap it in."""
        return index.rebuild(self.archive, episodes)

    def optimize(self) -> int:
        """Merge the index into one segment; return the segments before."""
        ix = index.open_index(self.archive)
        try:
            return index.optimize(ix)
        finally:
            ix.close()

    def parts(self) -> int:
        """Return how many segments a search visits."""
        ix = index.open_index(self.archive)
        try:
            return len(ix._segments())
        finally:
            ix.close()

    def indexed_episode_ids(self) -> set[str]:
        """Return the ids of the episodes that have passages in the index."""
        ix = index.open_index(self.archive)
        try:
            with ix.searcher() as searcher:
                # Stored fields, not the lexicon: deleted documents keep their terms
                # until a merge.
                return {fields["episode_id"] for fields in searcher.all_stored_fields()}
        finally:
            ix.close()

    def health(self) -> dict[str, Any]:
        """Report the index read-only: passages, segments and bytes on disk."""
        found = {"engine": self.name, "schema": self.schema_version, "passages": 0, "parts": 0}
        if self.never_written():
            return {**found, "bytes": 0}
        ix = self.open_for_reading()
        try:
            with ix.reader() as reader:
                found["passages"] = reader.doc_count()
            found["parts"] = len(ix._segments())
        finally:
            ix.close()
        folder = self.archive.index_dir
        size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
        return {**found, "bytes": size}

    def recover(self) -> None:
        """Record the checksums of the index's current files (a dead writer may not have)."""
        ix = index.open_index(self.archive)
        try:
            index_fixity.record(ix)
        finally:
            ix.close()

    def check_files(self) -> list[str]:
        """Return one line per index file missing, changed or never recorded."""
        if self.never_written():
            return []
        ix = self.open_for_reading()
        try:
            return index_fixity.problems(ix)
        finally:
            ix.close()
