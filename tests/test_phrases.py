"""Phrases matched rarest word first find what Whoosh's phrases find, scored the same.

Also: a search with a phrase scores every match, so its totals come from one pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import query as wq

from archive.engines.whoosh.index import open_index
from archive.engines.whoosh.match_counts import positional
from archive.engines.whoosh.phrases import Phrase, rarest_first
from archive.ingest.pipeline import add_paths
from archive.store.folder import Archive
from tests.whoosh_queries import parse_query

DATA = Path(__file__).parent / "data" / "search"
PHRASES = (
    ["the", "lamp"],
    ["the", "lighthouse"],
    ["i", "kept", "the", "lighthouse"],
    ["and", "the"],
    ["the", "storm", "broke", "the"],
    ["the", "the"],  # a word twice: never at two consecutive positions here
    ["lamp", "the"],  # in the text only the other way round
    ["lighthouse", "the", "kept", "i"],  # all in one passage, but backwards
    ["the", "nowhere"],  # a word the index does not have
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    archive = Archive.init(tmp_path_factory.mktemp("phrases") / "archive")
    files = sorted(p for p in DATA.iterdir() if p.suffix in {".vtt", ".txt", ".md", ".srt"})
    # One file per add: several segments, so phrases are matched segment by segment.
    for path in files:
        add_paths(archive, [path])
    return archive


def _matches(archive: Archive, q: wq.Query) -> list[tuple[int, float]]:
    ix = open_index(archive)
    try:
        with ix.searcher() as searcher:
            return [(hit.docnum, round(hit.score, 9)) for hit in searcher.search(q, limit=None)]
    finally:
        ix.close()


@pytest.mark.parametrize("words", PHRASES, ids=" ".join)
def test_rarest_first_matches_and_scores_as_whoosh_does(archive: Archive, words: list[str]) -> None:
    """The same passages, the same scores, the same order."""
    theirs = _matches(archive, wq.Phrase("exact", words))
    ours = _matches(archive, Phrase("exact", words))
    assert ours == theirs
    if words[:2] == ["the", "lamp"]:
        assert ours, "the phrase is in the test data"
    if words in (["lamp", "the"], ["lighthouse", "the", "kept", "i"]):
        assert not ours


@pytest.mark.parametrize("slop", [2, 4])
def test_a_looser_phrase_matches_as_whoosh_does(archive: Archive, slop: int) -> None:
    """With words allowed apart (slop), Whoosh's own position check is used."""
    words = ["the", "lighthouse", "the"]
    theirs = _matches(archive, wq.Phrase("exact", words, slop=slop))
    assert _matches(archive, Phrase("exact", words, slop=slop)) == theirs
    assert len(theirs) >= len(_matches(archive, wq.Phrase("exact", words)))


def test_phrases_anywhere_in_a_query_are_replaced() -> None:
    """Phrases inside AND, OR and NOT become rarest-first ones; nothing else changes."""
    q, _ = parse_query('"the lamp" OR (keeper -"the storm")')
    swapped = rarest_first(q)
    phrases = [leaf for leaf in swapped.leaves() if isinstance(leaf, wq.Phrase)]
    assert len(phrases) == 2 and all(type(p) is Phrase for p in phrases)
    assert [p.words for p in phrases] == [["the", "lamp"], ["the", "storm"]]
    assert repr(swapped) == repr(q)  # the same fields, words, slop and boost


def test_positional_queries_are_told_apart() -> None:
    """Phrases and NEAR check positions; words, AND and OR do not."""
    assert positional(parse_query('"the lamp"')[0])
    assert positional(parse_query('keeper AND "the lamp"')[0])
    assert positional(parse_query("lamp NEAR storm")[0])
    assert not positional(parse_query("lamp storm")[0])
    assert not positional(parse_query("lamp OR storm")[0])


# --- pairs of common words (archive.query.common_words) ---------------------------------


def _passages(archive: Archive) -> list[tuple[int, str]]:
    ix = open_index(archive)
    try:
        with ix.searcher() as searcher:
            return [(n, f["text"]) for n, f in searcher.reader().iter_docs()]
    finally:
        ix.close()


def test_every_phrase_of_common_words_in_a_passage_finds_it(archive: Archive) -> None:
    """The pairs the index keeps are exactly those a phrase asks for: no match is lost."""
    from archive.query.common_words import is_common
    from archive.query.words import exact_words

    checked = 0
    for docnum, text in _passages(archive):
        words = exact_words(text)
        for size in (2, 3, 4):
            for start in range(len(words) - size + 1):
                window = words[start : start + size]
                if sum(is_common(w) for w in window) < 2:
                    continue
                found = {n for n, _ in _matches(archive, Phrase("exact", window))}
                assert docnum in found, f"{' '.join(window)!r} not found in passage {docnum}"
                checked += 1
                if checked >= 400:
                    return
    assert checked > 50, "the test data has phrases of common words"


def test_pairs_narrow_a_phrase_of_common_words_before_positions_are_read(
    tmp_path: Path,
) -> None:
    """A phrase of common words reads the positions of far fewer passages with its pairs."""
    from archive.engines.whoosh.phrases import PhraseMatcher

    lines = []
    for n in range(40):
        # Both words in every passage, side by side in one only.
        lines.append(f"Ana: and so we sailed on, the harbour calm, number {n}.")
        lines.append(f"Ben: the wind and rain, number {n}.")
    lines[10] = "Ana: and the harbour was calm that night."
    source = tmp_path / "harbour.txt"
    source.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    archive = Archive.init(tmp_path / "archive")
    add_paths(archive, [source])
    ix = open_index(archive)
    try:
        with ix.searcher() as searcher:
            reads: dict[bool, int] = {}
            matched: dict[bool, list[int]] = {}
            for guarded in (True, False):
                (sub, offset), *_ = searcher.leaf_searchers()
                m = Phrase("exact", ["and", "the"]).matcher(sub)
                assert isinstance(m, PhraseMatcher) and m.guards, "the pair leads"
                if not guarded:
                    m = PhraseMatcher(m.ms, m.slots, m.slop)
                matched[guarded] = []
                while m.is_active():
                    matched[guarded].append(offset + m.id())
                    m.next()
                reads[guarded] = m.positions_read
    finally:
        ix.close()
    assert matched[True] == matched[False] and len(matched[True]) == 1
    assert reads[True] < reads[False] / 10


def test_a_filtered_phrase_reads_positions_only_where_the_filter_allows(tmp_path: Path) -> None:
    """A quote narrowed to one speaker walks that speaker's passages with its words."""
    from archive.engines.whoosh.filter_sets import leaf_ids
    from archive.engines.whoosh.phrases import PhraseMatcher, within

    lines = []
    for n in range(40):
        lines.append(f"Ben: it was the storm of the year, number {n}.")
        lines.append(f"Ana: it was calm, number {n}.")
    lines[11] = "Ana: it was the storm of the decade."
    source = tmp_path / "storm.txt"
    source.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    archive = Archive.init(tmp_path / "archive")
    add_paths(archive, [source])
    restrict = wq.Term("speaker", "ana")
    ix = open_index(archive)
    try:
        with ix.searcher() as searcher:
            phrase = Phrase("exact", ["the", "storm", "of", "the"])
            narrowed = within(phrase, leaf_ids(searcher, restrict))
            allowed = {d for d in searcher.docs_for_query(restrict)}
            found: dict[str, list[int]] = {}
            reads: dict[str, int] = {}
            for name, q in (("all", phrase), ("narrowed", narrowed)):
                (sub, offset), *_ = searcher.leaf_searchers()
                m = q.matcher(sub)
                assert isinstance(m, PhraseMatcher)
                found[name] = []
                while m.is_active():
                    found[name].append(offset + m.id())
                    m.next()
                reads[name] = m.positions_read
            # Through a search, with the filter: the same hits and scores either way.
            plain = [(h.docnum, h.score) for h in searcher.search(phrase, filter=restrict)]
            fast = [(h.docnum, h.score) for h in searcher.search(narrowed, filter=restrict)]
    finally:
        ix.close()
    assert len(found["all"]) == 41
    assert found["narrowed"] == [d for d in found["all"] if d in allowed] and found["narrowed"]
    assert reads["narrowed"] < reads["all"] / 10
    assert fast == plain and len(fast) == 1
