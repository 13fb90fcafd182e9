"""Merging index segments: which to merge (tiers), and merging them as sorted streams.

Segments are merged in tiers of similar size: once MERGE_FACTOR segments share a tier
(document counts within a factor of MERGE_FACTOR), they become one segment of the next
tier, so each passage is rewritten about log(N) times in all, not at every commit.

Whoosh's own merge (`SegmentWriter.add_reader`) puts every posting of the merged
segments through the writer's sorting pool: a sort in Python, with runs spilled to disk
and read back. A segment's reader already yields its postings in (field, term, document)
order, and documents keep their order when renumbered, so a k-way merge of those
streams with the writer's own new postings gives the very same sequence, sorting
nothing. `Merge` does that, and it is the merge policy every commit of ours uses.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.reading import SegmentReader

MERGE_FACTOR = 8
# A single add merges only small segments, so that it never waits on rewriting a large
# part of the index; a bulk import (or `verbatim optimize`) merges the rest.
INCREMENTAL_MERGE_DOCS = 4_000
# A bulk import merges a full tier only if it holds at most this many documents: above
# that, one merge would rewrite a large part of the index while the import waits on it
# (in the importing process, with the parallel writers idle). `verbatim optimize`
# merges the rest.
BULK_MERGE_DOCS = 200_000
# A segment with this share of its documents deleted (corrections) is merged to purge them.
PURGE_DELETED_SHARE = 0.3


def _tier(doc_count: int) -> int:
    tier = 0
    while doc_count >= MERGE_FACTOR:
        doc_count //= MERGE_FACTOR
        tier += 1
    return tier


def merge_plan(
    segments: Iterable[Any], *, largest: int | None = None, tier_limit: int | None = None
) -> list[Any]:
    """Return the segments to merge: every full tier, and segments mostly deleted.

    `largest` caps the documents a merge may rewrite, taking the smallest segments first
    (a single add's policy); `tier_limit` leaves out full tiers holding more documents
    than that (a bulk import's policy).
    """
    tiers: dict[int, list[Any]] = {}
    chosen: list[Any] = []
    for segment in segments:
        docs = segment.doc_count_all()
        if docs and segment.deleted_count() / docs >= PURGE_DELETED_SHARE:
            chosen.append(segment)
        else:
            tiers.setdefault(_tier(docs), []).append(segment)
    for _, group in sorted(tiers.items()):
        if len(group) < MERGE_FACTOR:
            continue
        if tier_limit is not None and sum(s.doc_count_all() for s in group) > tier_limit:
            continue
        chosen += group
    if largest is not None:
        budget, capped = largest, []
        for segment in sorted(chosen, key=lambda s: s.doc_count_all()):
            if segment.doc_count_all() > budget:
                break
            budget -= segment.doc_count_all()
            capped.append(segment)
        chosen = capped if len(capped) > 1 else []
    return chosen


class Merge:
    """A Whoosh merge policy (`writer.commit(mergetype=...)`) that streams segments in.

    `plan` picks the segments to merge from the index's list. Their readers stay open
    until the writer has written its segment: call `close()` after the commit (or use
    the merge as a context manager around it).
    """

    def __init__(self, plan: Any) -> None:
        self.plan = plan
        self.readers: list[SegmentReader] = []

    @classmethod
    def tiered(cls, *, large: bool) -> Merge:
        """Return the policy of an add: tiers up to BULK_MERGE_DOCS if large, else small ones."""
        if large:
            return cls(lambda segments: merge_plan(segments, tier_limit=BULK_MERGE_DOCS))
        return cls(lambda segments: merge_plan(segments, largest=INCREMENTAL_MERGE_DOCS))

    @classmethod
    def everything(cls) -> Merge:
        """Return the policy that merges the whole index into one segment."""
        return cls(lambda segments: list(segments) if len(segments) > 1 else [])

    def __call__(self, writer: Any, segments: list[Any]) -> list[Any]:
        """Merge the planned segments into `writer`; return the segments left as they are."""
        chosen = self.plan(segments)
        sources = [self._stream(writer, segment) for segment in chosen]
        if sources:
            writer._added = True
            own = writer.pool.iter_postings
            # The writer reads its pool's postings once, when it writes its segment.
            writer.pool.iter_postings = lambda: heapq.merge(own(), *sources)
        merged = {id(s) for s in chosen}
        return [s for s in segments if id(s) not in merged]

    def _stream(self, writer: Any, segment: Any) -> Iterator[tuple[Any, ...]]:
        # As add_reader does: stored fields, lengths and columns now, renumbered after
        # the writer's documents (deleted ones dropped); the postings later, as a stream.
        reader = SegmentReader(writer.storage, writer.schema, segment)
        self.readers.append(reader)
        schema = writer.schema
        names = set(schema.names()) | {n for n in reader.indexed_field_names() if n in schema}
        start = writer.docnum
        docmap = writer.write_per_doc(names, reader)
        return writer._process_posts(reader.iter_postings(), start, docmap)

    def close(self) -> None:
        """Close the merged segments' readers."""
        for reader in self.readers:
            reader.close()
        self.readers = []

    def __enter__(self) -> Merge:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
