"""The engine contract: what every engine behind archive.engines.base must do, asked directly.

These tests talk to an engine through the interface alone (documents in, query trees in,
ranked stored passages out), so a second engine is proven by passing them unchanged. The
search behaviour built on top (the query language, hits, highlighting, "did you mean",
the quote checker) is proven per engine by the modules marked `engine_contract`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.engines import open_engine
from archive.engines.base import Engine, Reader, SearchRequest
from archive.query.budget import deadline
from archive.query.tree import (
    And,
    DateRange,
    Every,
    Fuzzy,
    Near,
    Not,
    Or,
    Phrase,
    Prefix,
    Term,
    Wildcard,
)
from archive.query.words import exact_words, fold_key, stemmed_words
from archive.search.documents import episode_documents
from archive.search.indexing import index_episodes
from archive.store.folder import Archive
from tests.conftest import build_episode

pytestmark = pytest.mark.engine_contract

EPISODES = [
    build_episode(
        "harbour",
        [
            ("Ada Lovelace", "It was the first time I saw the lighthouse running at night."),
            ("Élodie Marchand", "The keepers were running the lamps; it was the first time."),
            ("Ada Lovelace", "Generations of keepers kept the light."),
        ],
        show="Coastal Voices",
        date="2024-03-14",
    ),
    build_episode(
        "market",
        [
            ("Joe Okafor", "At the market the first stalls open before dawn."),
            ("Priya Raman", "Running a stall is a generational thing here."),
        ],
        show="City Desk",
        date="2022-07-01",
    ),
    build_episode(
        "scripts",
        [
            ("Sokha", "សួស្តី ពិភពលោក នេះ​ជា​បណ្ណាល័យ"),
            ("Somchai", "ห้องสมุดเปิดทุกวัน"),
            ("Yuki", "東京都の図書館は静かです"),
        ],
        show="Coastal Voices",
    ),
]


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory, engine_name: str) -> Archive:
    """One archive of three episodes for the module: searching never writes."""
    archive = Archive.init(tmp_path_factory.mktemp("contract") / "archive", engine=engine_name)
    for episode in EPISODES:
        archive.add(episode, "\n".join(p.text for p in episode.passages).encode("utf-8"))
    index_episodes(archive, EPISODES)
    return archive


@pytest.fixture
def reader(desk: Archive) -> Iterator[Reader]:
    """An engine reader on the desk, closed afterwards."""
    opened = open_engine(desk).reader()
    yield opened
    opened.close()


def _ids(reader: Reader, request: SearchRequest) -> list[str]:
    return [hit.stored["passage_id"] for hit in reader.search(request).hits]


def _phrase(text: str) -> Phrase:
    return Phrase("exact", tuple(exact_words(text)))


def test_an_exact_phrase_keeps_its_stop_words(reader: Reader) -> None:
    """'it was the first time' is found as those words in that order, and only so."""
    assert sorted(_ids(reader, SearchRequest(_phrase("it was the first time")))) == [
        "harbour.1",
        "harbour.2",
    ]
    assert _ids(reader, SearchRequest(_phrase("the first time it was"))) == []


def test_stems_fold_word_forms_and_exact_does_not(reader: Reader) -> None:
    """The stem field finds 'running' for 'runs'; the exact field finds only 'running'."""
    stem = stemmed_words("runs")[0]
    assert sorted(_ids(reader, SearchRequest(Term("stem", stem)))) == [
        "harbour.1",
        "harbour.2",
        "market.2",
    ]
    assert _ids(reader, SearchRequest(Term("exact", "runs"))) == []


def test_accents_and_case_are_folded(reader: Reader) -> None:
    """'ELODIE' finds the speaker Élodie; words are folded the same on both sides."""
    request = SearchRequest(Every(), Term("speaker", exact_words("ELODIE")[0]))
    assert _ids(reader, request) == ["harbour.2"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("បណ្ណាល័យ", "scripts.1"), ("ห้องสมุด", "scripts.2"), ("図書館", "scripts.3")],
)
def test_scripts_without_spaces_are_found_inside_runs(
    reader: Reader, text: str, expected: str
) -> None:
    """Khmer, Thai and CJK words are found by their bigrams, wherever they sit in a run."""
    words = tuple(exact_words(text))
    assert len(words) > 1
    assert _ids(reader, SearchRequest(Phrase("exact", words))) == [expected]


def test_filters_restrict_by_speaker_show_and_date(reader: Reader) -> None:
    """Speaker names, a show's key and date ranges each narrow the same query."""
    first = _phrase("the first")
    by_show = SearchRequest(first, Term("show_key", fold_key("city desk")))
    assert _ids(reader, by_show) == ["market.1"]
    by_date = SearchRequest(first, DateRange(20240101, None))
    assert sorted(_ids(reader, by_date)) == ["harbour.1", "harbour.2"]
    ada = Phrase("speaker", ("ada", "lovelace"))
    assert _ids(reader, SearchRequest(first, ada)) == ["harbour.1"]


def test_boolean_queries_and_near(reader: Reader) -> None:
    """AND, OR, NOT and NEAR combine as they read."""
    keepers, light = Term("exact", "keepers"), Term("exact", "light")
    assert _ids(reader, SearchRequest(And((keepers, light)))) == ["harbour.3"]
    assert len(_ids(reader, SearchRequest(Or((keepers, Term("exact", "dawn")))))) == 3
    assert _ids(reader, SearchRequest(And((keepers, Not(light))))) == ["harbour.2"]
    near = Near((Term("exact", "first"), Term("exact", "lighthouse")), slop=5)
    assert _ids(reader, SearchRequest(near)) == ["harbour.1"]


def test_prefixes_wildcards_and_fuzzy_words_expand(reader: Reader) -> None:
    """Patterns match the indexed words they fit, and say which words to mark."""
    ranked = reader.search(SearchRequest(Prefix("exact", "generation")))
    assert sorted(h.stored["passage_id"] for h in ranked.hits) == ["harbour.3", "market.2"]
    assert ranked.terms.words["exact"] == {"generations", "generational"}
    assert _ids(reader, SearchRequest(Wildcard("exact", "st?ll"))) == ["market.2"]
    assert _ids(reader, SearchRequest(Fuzzy("exact", "lighthose", 1, 1))) == ["harbour.1"]


def test_every_match_is_counted_by_facet(reader: Reader) -> None:
    """The total and facets count every match, however few hits are asked for."""
    ranked = reader.search(SearchRequest(_phrase("the first"), limit=1))
    assert len(ranked.hits) == 1 and ranked.total == 3
    assert ranked.facets["show"] == {"Coastal Voices": 2, "City Desk": 1}
    assert ranked.facets["speaker"] == {"Ada Lovelace": 1, "Élodie Marchand": 1, "Joe Okafor": 1}
    assert ranked.facets["year"] == {"2024": 2, "2022": 1}
    assert ranked.facets["episode"] == {"harbour": 2, "market": 1}
    assert not ranked.cut


def test_pages_split_the_ranking_without_overlap(reader: Reader) -> None:
    """Offsets page through the same ranking: together the pages are the whole list."""
    query = Term("exact", "the")
    whole = _ids(reader, SearchRequest(query, limit=10))
    pages = [_ids(reader, SearchRequest(query, limit=n + 2, offset=n)) for n in range(0, 6, 2)]
    assert [i for page in pages for i in page] == whole
    assert len(whole) == len(set(whole)) == 4


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["harbour.1", "harbour.2", "harbour.3", "market.1", "market.2"]),
        ("oldest", ["market.1", "market.2", "harbour.1", "harbour.2", "harbour.3"]),
    ],
)
def test_sorting_by_date_then_reading_order(reader: Reader, sort: str, expected: list[str]) -> None:
    """Newest and oldest order episodes by date and keep each episode's passages in order."""
    dated = SearchRequest(Every(), DateRange(None, None), sort=sort, limit=None)
    assert _ids(reader, dated) == expected


def test_passage_order_lists_one_episode_start_to_end(reader: Reader) -> None:
    """The passage sort gives an episode's passages as they were said."""
    request = SearchRequest(Every(), Term("episode_id", "harbour"), sort="passage", limit=None)
    assert _ids(reader, request) == ["harbour.1", "harbour.2", "harbour.3"]


def test_collapsing_keeps_one_hit_per_episode(reader: Reader) -> None:
    """One hit per episode, the best of each, with the facets still counting every match."""
    ranked = reader.search(SearchRequest(Term("exact", "the"), collapse=True, limit=10))
    episodes = [h.stored["episode_id"] for h in ranked.hits]
    assert sorted(episodes) == ["harbour", "market"]
    assert ranked.total == 4


def test_a_spent_budget_cuts_the_search_short_and_says_so(reader: Reader) -> None:
    """Out of time, a search returns what it has with `cut`, and never raises."""
    with deadline(0):
        ranked = reader.search(SearchRequest(Or((Term("exact", "the"), Prefix("exact", "k")))))
    assert ranked.cut


def test_lookups_for_did_you_mean_and_the_quote_checker(reader: Reader) -> None:
    """Counts, frequencies, near spellings and neighbouring passages."""
    assert reader.doc_count() == 8
    assert reader.count(_phrase("the first")) == 3
    assert reader.count(_phrase("the first"), Term("show_key", "city desk")) == 1
    assert reader.doc_frequency("exact", "keepers") == 2
    assert "lighthouse" in set(reader.words_within("exact", "lighthose", 2, 1))
    neighbour = reader.passage_at("harbour", 2)
    assert neighbour is not None and neighbour["passage_id"] == "harbour.2"
    assert reader.passage_at("harbour", 9) is None


def test_stored_fields_come_back_as_written(desk: Archive, reader: Reader) -> None:
    """What an engine stores for a passage equals what the documents gave it."""
    written = {doc["passage_id"]: doc for episode in EPISODES for doc in episode_documents(episode)}
    stored = {p["passage_id"]: p for p in reader.stored_passages()}
    assert stored.keys() == written.keys()
    for passage_id, fields in stored.items():
        expected = written[passage_id]
        for name in ("text", "speaker_name", "show_name", "date_str", "start_ms", "order"):
            assert fields.get(name) == expected.get(name), (passage_id, name)


def test_writes_replace_remove_and_are_seen_by_a_fresh_reader(
    tmp_path: Path, engine_name: str
) -> None:
    """Replacing, removing and rebuilding; a reader sees a write once it is fresh."""
    archive = Archive.init(tmp_path / "archive", engine=engine_name)
    engine: Engine = open_engine(archive)
    assert not engine.exists() and engine.health()["passages"] == 0
    first = build_episode("one", [("A", "old words")])
    assert engine.write({"one": list(episode_documents(first))}) == 1
    reader = engine.reader()
    try:
        assert reader.count(Term("exact", "old")) == 1
        second = build_episode("one", [("A", "new words"), ("B", "more new words")])
        engine.write({"one": list(episode_documents(second))})
        reader = reader.fresh()
        assert reader.count(Term("exact", "old")) == 0
        assert reader.count(Term("exact", "new")) == 2
        engine.write({}, remove=["one"])
        reader = reader.fresh()
        assert reader.count(Every()) == 0
    finally:
        reader.close()
    assert engine.rebuild([("two", list(episode_documents(build_episode("two", [("A", "x")]))))])
    assert engine.indexed_episode_ids() == {"two"}
    assert engine.check_files() == []
    health = engine.health()
    assert (health["engine"], health["passages"]) == (engine_name, 1)
    assert health["schema"] == engine.schema_version
    assert engine.parts() >= 1 and engine.optimize() >= 1


def test_near_words_are_the_same_from_memory_as_from_the_term_table(reader: Reader) -> None:
    """A reader asked again answers from its in-memory words, with the same answers."""
    asked = [("lighthose", 2), ("keeprs", 2), ("stal", 1), ("generashun", 2), ("zzz", 2)]
    first = {word: sorted(reader.words_within("exact", word, dist, 1)) for word, dist in asked}
    again = {word: sorted(reader.words_within("exact", word, dist, 1)) for word, dist in asked}
    assert first == again
    assert "lighthouse" in first["lighthose"] and first["zzz"] == []
