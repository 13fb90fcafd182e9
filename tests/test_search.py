"""Search: exact and stemmed words, filters, highlights, notes, paging and the service."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from archive.errors import QueryError
from archive.query.language import DEGRADED_NOTE
from archive.search.indexing import rebuild
from archive.search.run import search
from archive.search.service import SearchService
from archive.store.folder import Archive
from tests.whoosh_queries import parse_query
from transcripts.model import Episode, Section

# Search behaviour every engine must show: runs once per available engine (conftest).
pytestmark = pytest.mark.engine_contract

EpisodeFactory = Callable[..., Episode]
Store = Callable[[Archive, Episode], Episode]


@pytest.fixture
def quotes(archive: Archive, make_episode: EpisodeFactory, store_episode: Store) -> Archive:
    """An archive with passages chosen to tell exact, stemmed and filtered search apart."""
    store_episode(
        archive,
        make_episode(
            "harbour",
            [
                ("Ada Lovelace", "It was the first time I saw the sea."),
                ("Bob Host", "The first time it was raining, and the sea was grey."),
                ("Ada Lovelace", "She keeps running the lamp. It runs all night."),
                ("Bob Host", "<script>alert('x')</script> & the run was long"),
            ],
            title="Harbour Nights",
            show="Coastal Voices",
            date="2024-03-14",
            sections=(Section("s1", "Opening"),),
        ),
    )
    store_episode(
        archive,
        make_episode(
            "market",
            [("Cara Day", "I don’t sell on Sundays. The first time I tried, nobody came.")],
            title="Market Day",
            show="City Desk",
            date="2022-07-01",
        ),
    )
    return archive


def ids(archive: Archive, query: str, **options: object) -> list[str]:
    """Return the passage ids a query finds, in rank order."""
    return [hit.passage_id for hit in search(archive, query, **options).hits]  # type: ignore[arg-type]


def test_quoted_stop_words_match_exactly(quotes: Archive) -> None:
    """A quote of common words finds only the passage with those words in that order."""
    assert ids(quotes, '"it was the first time"') == ["harbour.1"]
    # Unquoted, the same words match every passage that has them all, in any order.
    assert set(ids(quotes, "it was the first time")) == {"harbour.1", "harbour.2"}


def test_stemming_matches_word_forms(quotes: Archive) -> None:
    """`run` finds running and runs; a quoted word is matched exactly."""
    assert set(ids(quotes, "run")) == {"harbour.3", "harbour.4"}
    assert ids(quotes, '"runs"') == ["harbour.3"]


def test_curly_quotes_and_apostrophes_are_straightened(quotes: Archive) -> None:
    """Pasted “smart” quotes act as phrase quotes; don’t equals don't."""
    assert ids(quotes, "“I don’t sell”") == ["market.1"]
    assert ids(quotes, '"i don\'t sell"') == ["market.1"]


def test_highlight_marks_only_matches_and_escapes_the_rest(quotes: Archive) -> None:
    """Markup in a transcript comes out escaped; only matched words get <mark>."""
    hit = search(quotes, "long").hits[0]
    assert hit.highlight == (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; the run was <mark>long</mark>"
    )
    assert "<script>" in hit.text


def test_highlight_marks_stems_and_whole_phrases(quotes: Archive) -> None:
    """A stemmed query marks each word form; a phrase is marked as one span, not word by word."""
    running = search(quotes, "run", episode="harbour").hits
    marked = {h.passage_id: h.highlight for h in running}
    assert marked["harbour.3"] == (
        "She keeps <mark>running</mark> the lamp. It <mark>runs</mark> all night."
    )
    phrase = search(quotes, '"it was the first time"').hits[0]
    assert phrase.highlight == "<mark>It was the first time</mark> I saw the sea."


def test_negated_words_are_not_marked(quotes: Archive) -> None:
    """NOT excludes passages and its words are never highlighted."""
    hits = search(quotes, "sea NOT raining").hits
    assert [h.passage_id for h in hits] == ["harbour.1"]
    assert "<mark>sea</mark>" in hits[0].highlight


@pytest.mark.parametrize(
    "query", ['"it was the', "cats AND", "AND", "OR OR", "*", "(sea", "sea)", "NOT", '""', "::"]
)
def test_malformed_queries_degrade_with_a_note(quotes: Archive, query: str) -> None:
    """Broken syntax never raises: it searches the plain words and says so."""
    results = search(quotes, query)
    assert results.notes == (DEGRADED_NOTE,)
    assert results.total >= 0


def test_unbalanced_quote_still_finds_the_words(quotes: Archive) -> None:
    """An unclosed quote falls back to the words inside it."""
    results = search(quotes, '"sundays nobody')
    assert [h.passage_id for h in results.hits] == ["market.1"]
    assert results.notes == (DEGRADED_NOTE,)


def test_operators_and_field_prefixes(quotes: Archive) -> None:
    """AND/OR/NOT and speaker:/show:/section: work; unknown prefixes are just words."""
    assert set(ids(quotes, "lamp OR sundays")) == {"harbour.3", "market.1"}
    assert ids(quotes, "speaker:lovelace sea") == ["harbour.1"]
    assert ids(quotes, 'show:"city desk" first') == ["market.1"]
    assert set(ids(quotes, "section:opening sea")) == {"harbour.1", "harbour.2"}
    assert ids(quotes, "passage_id:harbour.1 lamp") == []  # internal fields are not queryable
    assert parse_query("Speaker:ada")[1] == ()


def test_filters(quotes: Archive) -> None:
    """Speaker (any part of the name), show, episode and date range narrow the hits."""
    assert set(ids(quotes, "first", speaker="ada")) == {"harbour.1"}
    assert set(ids(quotes, "first", speaker="Ada Lovelace")) == {"harbour.1"}
    assert ids(quotes, "first", show="city desk") == ["market.1"]
    assert set(ids(quotes, "first", episode="harbour")) == {"harbour.1", "harbour.2"}
    assert ids(quotes, "first", date_from="2023") == ids(quotes, "first", episode="harbour")
    assert ids(quotes, "first", date_to="2022-07") == ["market.1"]
    assert ids(quotes, "first", date_from="2022-07-02", date_to="2024-03-13") == []


def test_filters_alone_list_passages(quotes: Archive) -> None:
    """An empty query with a filter lists what the filter allows; with none, nothing."""
    assert search(quotes, "", speaker="cara").total == 1
    assert search(quotes, "").total == 0


def test_hits_carry_the_contract_fields(quotes: Archive) -> None:
    """Each hit has its episode, speaker, section, times and permalink."""
    results = search(quotes, '"saw the sea"')
    data = results.to_dict()
    assert {"query", "total", "page", "hits", "facets"} <= data.keys()
    hit = data["hits"][0]
    assert {
        "passage_id": "harbour.1",
        "episode_id": "harbour",
        "episode_title": "Harbour Nights",
        "speaker": "Ada Lovelace",
        "section": "Opening",
        "start_ms": 0,
        "end_ms": 10_000,
        "url": "/p/harbour.1",
        "show": "Coastal Voices",
        "date": "2024-03-14",
    }.items() <= hit.items()


def test_facets_count_the_whole_result_set(quotes: Archive) -> None:
    """Facets count every match, not just the page shown."""
    results = search(quotes, "first", page_size=1)
    assert len(results.hits) == 1 and results.total == 3
    assert results.facets["show"] == [
        {"value": "Coastal Voices", "count": 2},
        {"value": "City Desk", "count": 1},
    ]
    speakers = {f["value"]: f["count"] for f in results.facets["speaker"]}
    assert speakers == {"Ada Lovelace": 1, "Bob Host": 1, "Cara Day": 1}


def test_pages(quotes: Archive) -> None:
    """Pages split the hits without overlap; a page past the end is empty."""
    first = ids(quotes, "the", page_size=2)
    second = ids(quotes, "the", page=2, page_size=2)
    assert len(first) == 2 and second and not set(first) & set(second)
    assert ids(quotes, "the", page=99, page_size=2) == []


@pytest.mark.parametrize(
    "options", [{"page": 0}, {"page_size": 0}, {"page_size": 101}, {"date_from": "14/03/2024"}]
)
def test_nonsense_bounds_raise_query_error(quotes: Archive, options: dict[str, object]) -> None:
    """Paging and date bounds are checked; the query text never is."""
    with pytest.raises(QueryError):
        search(quotes, "sea", **options)  # type: ignore[arg-type]


def test_service_sees_episodes_added_later(
    archive: Archive, make_episode: EpisodeFactory, store_episode: Store
) -> None:
    """A long-lived service, even one opened on an empty index, sees new episodes."""
    with SearchService(archive) as service:
        assert service.search("zanzibar").total == 0
        store_episode(archive, make_episode("late", [("A", "Cloves from Zanzibar")]))
        assert service.search("zanzibar").total == 1
        store_episode(archive, make_episode("later", [("B", "Back to Zanzibar")]))
        assert service.search("zanzibar").total == 2


def test_service_survives_a_reindex(quotes: Archive) -> None:
    """After `reindex` swaps the index folder, the service reads the new one."""
    with SearchService(quotes) as service:
        before = service.search("first").to_dict()
        quotes.remove("market")
        rebuild(quotes)
        after = service.search("first").to_dict()
    assert before["total"] == 3
    assert after["total"] == 2


def test_service_is_safe_across_threads(
    quotes: Archive, make_episode: EpisodeFactory, store_episode: Store
) -> None:
    """Threads share one service while episodes are added; every search succeeds."""
    from concurrent.futures import ThreadPoolExecutor

    with SearchService(quotes) as service, ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(service.search, "first") for _ in range(40)]
        store_episode(quotes, make_episode("extra", [("D", "The first light")]))
        totals = [f.result().total for f in futures]
        assert set(totals) <= {3, 4}
        assert service.search("first").total == 4
