"""Phrases that repeat words find the right passages, and cost what their distinct words cost.

"had had", "that that" and "the the … the" are matched with one posting reader per
distinct word: the matches and scores are still Whoosh's, and a phrase of 200 copies of
one word reads the same positions as a phrase of two.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from whoosh import query as wq

from archive.engines.whoosh.analysis import analyse
from archive.engines.whoosh.index import SCHEMA, open_index
from archive.engines.whoosh.phrases import Phrase, PhraseMatcher
from archive.search.indexing import index_episode
from archive.store.folder import Archive
from tests.conftest import build_episode

TEXTS = [
    ("Ada", "By then I had had enough of the sea, and I said so."),
    ("Ben", "He said that that was the end of it: that that is that."),
    ("Ada", "The the the the, she stammered, the the the."),
    ("Ben", "Had had had, then, the word the lawyer kept on using."),
    ("Ada", "It is what it is, not what it is not, is it not?"),
    ("Ben", "There was nothing that could have stopped it, and I had enough."),
    ("Ada", " ".join(["the"] * 250)),
    ("Ben", " ".join(["the"] * 150) + " end"),
]
PHRASES = [
    ["had", "had"],
    ["that", "that"],
    ["that", "that", "is", "that"],
    ["that", "that", "was"],
    ["the", "the"],
    ["the", "the", "the"],
    ["the", "the", "the", "the", "she"],
    ["had", "had", "had"],
    ["is", "not", "is"],
    ["it", "is", "it"],
    ["is", "it", "not"],
    ["had", "had", "enough"],
    ["had", "enough"],
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    archive = Archive.init(tmp_path_factory.mktemp("repeats") / "archive")
    # One episode per index commit: two segments, so phrases are matched in each.
    for episode in (
        build_episode("repeats-one", TEXTS[:4], show="Words"),
        build_episode("repeats-two", TEXTS[4:], show="Words"),
    ):
        archive.add(episode, "\n".join(p.text for p in episode.passages).encode("utf-8"))
        index_episode(archive, episode)
    return archive


def _with_searcher(archive: Archive, fn: Callable[..., object]) -> object:
    ix = open_index(archive)
    try:
        with ix.searcher() as searcher:
            return fn(searcher)
    finally:
        ix.close()


def _matches(archive: Archive, q: wq.Query) -> list[tuple[str, float]]:
    def run(searcher: object) -> list[tuple[str, float]]:
        hits = searcher.search(q, limit=None)  # type: ignore[attr-defined]
        return [(hit["passage_id"], round(hit.score, 9)) for hit in hits]

    return _with_searcher(archive, run)  # type: ignore[return-value]


def _exact(text: str) -> list[str]:
    return analyse(SCHEMA["exact"].analyzer, text)


def _said(words: list[str]) -> set[str]:
    """Return the passages whose exact words hold `words` consecutively, by brute force."""
    found = set()
    for n, (_, text) in enumerate(TEXTS):
        tokens = _exact(text)
        if any(tokens[i : i + len(words)] == words for i in range(len(tokens))):
            found.add(f"repeats-{'one' if n < 4 else 'two'}.{n % 4 + 1}")
    return found


@pytest.mark.parametrize("words", PHRASES, ids=" ".join)
def test_repeated_words_match_and_score_as_whoosh_does(archive: Archive, words: list[str]) -> None:
    """The same passages as Whoosh's phrase and as reading the text, with the same scores."""
    ours = _matches(archive, Phrase("exact", words))
    assert ours == _matches(archive, wq.Phrase("exact", words))
    assert {passage for passage, _ in ours} == _said(words)


def test_had_had_and_that_that_find_their_passages(archive: Archive) -> None:
    """The classic doubled words are found where they are said, and only there."""
    assert [p for p, _ in _matches(archive, Phrase("exact", ["had", "had"]))] in (
        ["repeats-one.1", "repeats-one.4"],
        ["repeats-one.4", "repeats-one.1"],
    )
    assert [p for p, _ in _matches(archive, Phrase("exact", ["that", "that"]))] == ["repeats-one.2"]


@pytest.mark.parametrize("slop", [2, 3])
def test_a_looser_phrase_with_repeats_matches_as_whoosh_does(archive: Archive, slop: int) -> None:
    """Words allowed apart: Whoosh's walk, over one reader per distinct word."""
    for words in (["had", "had"], ["it", "is", "it"], ["the", "the", "end"]):
        theirs = _matches(archive, wq.Phrase("exact", words, slop=slop))
        assert _matches(archive, Phrase("exact", words, slop=slop)) == theirs, words


def test_two_hundred_copies_of_a_word_are_found_by_a_linear_scan(archive: Archive) -> None:
    """200 "the"s match only the passage of 250, reading no more positions than two "the"s."""
    long = ["the"] * 200
    assert [p for p, _ in _matches(archive, Phrase("exact", long))] == ["repeats-two.3"]
    assert _said(long) == {"repeats-two.3"}

    def positions_read(words: list[str]) -> tuple[int, set[int]]:
        def run(searcher: object) -> tuple[int, set[int]]:
            read, readers = 0, set()
            for sub, _ in searcher.leaf_searchers():  # type: ignore[attr-defined]
                m = Phrase("exact", words).matcher(sub)
                if isinstance(m, PhraseMatcher):
                    list(m.all_ids())
                    read += m.positions_read
                    readers.add(len(m.ms))
            return read, readers

        return _with_searcher(archive, run)  # type: ignore[return-value]

    read_two, readers_two = positions_read(["the", "the"])
    read_long, readers_long = positions_read(long)
    assert readers_two == readers_long == {1}  # one posting reader for "the", however often
    assert read_two > 0
    # "the the" matches more passages than 200 "the"s, so it reads at least as much.
    assert read_long <= read_two
