"""One word or two ranked and counted over arrays: Whoosh's own hits, scores and counts.

`archive.engines.whoosh.bulk` answers the commonest searches without Whoosh's matchers;
here its answers are held against Whoosh's on a real index of several segments, one of
them with deleted passages, exactly (scores compared as floats, not rounded).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from whoosh import query as wq

from archive.engines.base import FACET_FIELDS
from archive.engines.whoosh import bulk
from archive.engines.whoosh.filter_sets import leaf_ids
from archive.engines.whoosh.index import open_index
from archive.engines.whoosh.match_counts import count_matches
from archive.ingest.pipeline import add_paths
from archive.store.folder import Archive

DATA = Path(__file__).parent / "data" / "search"
WORDS = ["the", "lamp", "lighthous", "storm", "kept", "and", "i", "night", "nowher"]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    archive = Archive.init(tmp_path_factory.mktemp("bulk") / "archive")
    files = sorted(p for p in DATA.iterdir() if p.suffix in {".vtt", ".txt", ".md", ".srt"})
    for path in files[2:]:  # one segment per file
        add_paths(archive, [path])
    # Two files in one segment; a correction of the first deletes its passages there,
    # and the second's stay: a segment with live and deleted passages.
    first = add_paths(archive, [files[0], files[1]])[0].episode.id
    corrected = tmp_path_factory.mktemp("corrected") / files[0].name
    text = files[0].read_text(encoding="utf-8")
    corrected.write_text(text + "\n\nMara Quill: And the lamp stayed lit all night.\n", "utf-8")
    (result,) = add_paths(archive, [corrected], episode_id=first)
    assert result.status == "corrected"
    return archive


def _queries() -> list[wq.Query]:
    found: list[wq.Query] = [wq.Term("stem", w) for w in WORDS]
    found += [wq.Term("exact", w) for w in ("the", "lamp", "i")]
    pairs = zip(WORDS, WORDS[1:], strict=False)
    found += [wq.And([wq.Term("stem", a), wq.Term("stem", b)]) for a, b in pairs]
    return found


@pytest.mark.parametrize("limit", [1, 5, 20, 1000])
@pytest.mark.parametrize("filtered", [False, True])
def test_bulk_ranks_and_counts_as_whoosh_does(archive: Archive, limit: int, filtered: bool) -> None:
    ix = open_index(archive)
    checked = 0
    try:
        with ix.searcher() as searcher:
            assert len(searcher.leaf_searchers()) > 1
            assert any(sub.reader().has_deletions() for sub, _ in searcher.leaf_searchers())
            restrict = wq.Term("speaker", "mara") if filtered else None
            allowed = leaf_ids(searcher, restrict) if restrict is not None else None
            for q in _queries():
                words = bulk.plan(q)
                assert words is not None
                done = bulk.run(searcher, words, allowed=allowed, limit=limit, count=True)
                assert done is not None
                theirs = searcher.search(q, limit=limit, filter=restrict)
                assert done.ranked == [(hit.docnum, hit.score) for hit in theirs], q
                counted = count_matches(searcher, q, restrict)
                assert (
                    done.counted.total
                    == counted.total
                    == len(list(searcher.search(q, limit=None, filter=restrict)))
                )
                for name in FACET_FIELDS:
                    assert done.counted.by_facet[name] == Counter(counted.by_facet[name])
                checked += bool(done.ranked)
    finally:
        ix.close()
    assert checked >= 5, "most of the words are in the test data"


def test_only_plain_words_are_taken() -> None:
    assert bulk.plan(wq.Term("stem", "lamp")) is not None
    assert bulk.plan(wq.Phrase("exact", ["the", "lamp"])) is None
    assert bulk.plan(wq.Or([wq.Term("stem", "a"), wq.Term("stem", "b")])) is None
    assert bulk.plan(wq.Term("stem", "lamp", boost=2.0)) is None
    assert bulk.plan(wq.Term("speaker", "ada")) is None
    three = wq.And([wq.Term("stem", w) for w in ("a", "b", "c")])
    assert bulk.plan(three) is None


def test_the_postings_kept_stay_within_their_bytes(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However many words are searched, the arrays kept stay under the budget."""
    monkeypatch.setattr(bulk, "MAX_BYTES_KEPT", 2_000)
    ix = open_index(archive)
    try:
        with ix.searcher() as searcher:
            for q in _queries():
                words = bulk.plan(q)
                assert words is not None
                done = bulk.run(searcher, words, allowed=None, limit=5, count=True)
                theirs = searcher.search(q, limit=5)
                assert done is not None and done.ranked == [(h.docnum, h.score) for h in theirs]
                kept = sum(
                    ids.nbytes + weights.nbytes for _, ids, weights in bulk._postings.values()
                )
                assert kept == bulk._postings_bytes
                assert kept <= 2_000 or len(bulk._postings) == 1
    finally:
        ix.close()


def test_a_segment_with_deletions_reads_only_its_live_postings(archive: Archive) -> None:
    """The arrays of a segment with deleted passages hold what Whoosh's postings hold."""
    ix = open_index(archive)
    checked = 0
    try:
        with ix.searcher() as searcher:
            for sub, _ in searcher.leaf_searchers():
                reader = sub.reader()
                if not reader.has_deletions():
                    continue
                for fieldname, text in reader.all_terms():
                    if fieldname not in bulk.BULK_FIELDS:
                        continue
                    found = bulk._word_postings(reader, fieldname, text)
                    assert found is not None
                    theirs = reader.postings(fieldname, text)
                    ids = list(theirs.all_ids())
                    assert found[0].tolist() == ids
                    checked += bool(ids)
    finally:
        ix.close()
    assert checked > 20, "the fixture has a segment with live and deleted passages"
