"""Pathological queries are capped or cut short politely, never an error or a hang.

No test measures time: the caps are checked by the notes they add and the size of the
query that runs, and the time budget by a zero budget, which must cut any search that
matches something and still answer with a page and a note.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from whoosh import query as wq

from archive.engines.opensearch.patterns import expanded_size as opensearch_expanded_size
from archive.engines.opensearch.reader import OpenSearchReader
from archive.engines.whoosh.engine import WhooshReader
from archive.engines.whoosh.patterns import MAX_EXPANSION
from archive.query.budget import TIME_BUDGET_NOTE
from archive.query.language import MAX_CLAUSES, MAX_QUERY_CHARS
from archive.search.run import prepare, search, with_reader
from archive.store.folder import Archive
from tests.whoosh_queries import parse_query
from web import create_app, resources
from web.params import MAX_FILTER_CHARS, MAX_PAGE, MAX_Q_CHARS

# Search behaviour every engine must show: runs once per available engine (conftest).
pytestmark = pytest.mark.engine_contract

WORDS = [f"w{n:04d}" for n in range(3000)]
PATHOLOGICAL = {
    "huge-or": " OR ".join(WORDS[:2000]),
    "leading-wildcards": " ".join(f"*{w}" for w in WORDS[:300]),
    "prefix-everything": "w* OR w0* OR w1* OR w2*",
    "deep-brackets": "(" * 400 + "seeds" + ")" * 400,
    "unbalanced": "(" * 500 + "seeds",
    "thousands-of-terms": " ".join(WORDS),
    "fuzzy-every-word": " ".join(f"{w}~2" for w in WORDS[:200]),
    "near-chain": " NEAR ".join(WORDS[:300]),
    "phrases": " ".join(f'"{a} {b}"~50' for a, b in zip(WORDS[:300], WORDS[1:301], strict=True)),
    "operators-only": "AND OR NOT " * 200,
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_parsed_queries_stay_within_the_clause_cap(name: str) -> None:
    """Whatever the text, the parsed query has at most MAX_CLAUSES leaves, with a note."""
    q, notes = parse_query(PATHOLOGICAL[name])
    leaves = [] if q is wq.NullQuery else list(q.leaves())
    assert len(leaves) <= MAX_CLAUSES
    if len(PATHOLOGICAL[name]) > MAX_QUERY_CHARS:
        assert any("too long" in note for note in notes)


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_queries_answer_on_a_real_index(sample_archive: Archive, name: str) -> None:
    """Each runs to an answer on the examples archive, expanded within the caps."""
    text = PATHOLOGICAL[name]
    results = search(sample_archive, text)
    assert results.total >= 0 and len(results.hits) <= results.page_size

    def expanded_size(reader: WhooshReader | OpenSearchReader) -> int:
        prepared = prepare(text)
        if prepared.empty:
            return 0
        if isinstance(reader, OpenSearchReader):
            return opensearch_expanded_size(reader.expanded(prepared.query)[0])
        return len(list(reader._compiled(prepared.query)[0].leaves()))

    assert with_reader(sample_archive, expanded_size) <= MAX_CLAUSES * MAX_EXPANSION


def test_a_search_out_of_time_shows_what_it_found_with_a_note(sample_archive: Archive) -> None:
    """A zero budget cuts the search at its first match: an answer and a note, not an error."""
    full = search(sample_archive, "seeds")
    assert full.total > 0 and TIME_BUDGET_NOTE not in full.notes
    cut = search(sample_archive, "seeds", time_budget_s=0)
    assert TIME_BUDGET_NOTE in cut.notes
    assert cut.total < full.total
    assert cut.suggestion is None
    # A filter still applies to whatever was collected in time.
    unbounded = search(sample_archive, "the", speaker="Okafor", time_budget_s=None)
    bounded = search(sample_archive, "the", speaker="Okafor")
    assert [h.passage_id for h in bounded.hits] == [h.passage_id for h in unbounded.hits]
    assert all("Okafor" in (h.speaker or "") for h in bounded.hits)


@pytest.fixture
def slow_app(sample_archive: Archive) -> Iterator[Flask]:
    """Return the app with no time at all for a search, so every search is cut."""
    app = create_app(
        {"TESTING": True, "ARCHIVE": str(sample_archive.root), "SEARCH_TIME_BUDGET_S": 0}
    )
    yield app
    resources.close(app)


def test_the_web_shows_a_cut_search_politely(slow_app: Flask) -> None:
    """The page and the API answer 200 with the note when a search runs out of time."""
    client = slow_app.test_client()
    page = client.get("/?q=seeds")
    assert page.status_code == 200
    notes = BeautifulSoup(page.get_data(as_text=True), "lxml").get_text()
    assert TIME_BUDGET_NOTE in notes
    api = client.get("/api/search?q=seeds")
    assert api.status_code == 200
    assert TIME_BUDGET_NOTE in api.get_data(as_text=True)


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_the_web_answers_pathological_queries(client: FlaskClient, name: str) -> None:
    """Each pathological query gets a page and a JSON answer, never a 5xx."""
    for url in ("/", "/api/search"):
        response = client.get(url, query_string={"q": PATHOLOGICAL[name]})
        assert response.status_code in (200, 400), (url, response.status_code)
        if response.status_code == 400:
            assert len(PATHOLOGICAL[name]) > MAX_Q_CHARS


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ({"q": "x" * (MAX_Q_CHARS + 1)}, "at most"),
        ({"q": "seeds", "page": str(MAX_PAGE + 1)}, "page"),
        ({"q": "seeds", "page": "9" * 5000}, "page"),
        ({"q": "seeds", "page_size": "101"}, "page_size"),
        ({"q": "seeds", "page_size": "0"}, "page_size"),
        ({"q": "seeds", "speaker": "s" * (MAX_FILTER_CHARS + 1)}, "speaker"),
        ({"q": "seeds", "show": "s" * (MAX_FILTER_CHARS + 1)}, "show"),
    ],
)
def test_out_of_bounds_arguments_are_a_polite_400(
    client: FlaskClient, args: dict[str, str], says: str
) -> None:
    """Too long, too deep or too big: a 400 naming the argument, on the page and in JSON."""
    api = client.get("/api/search", query_string=args)
    assert api.status_code == 400
    assert says in api.get_json()["error"]
    page = client.get("/", query_string=args)
    assert page.status_code == 400
    message = BeautifulSoup(page.get_data(as_text=True), "lxml").select_one(".message").text
    assert says.casefold() in message.casefold()


def test_a_long_query_within_bounds_is_read_with_a_note(client: FlaskClient) -> None:
    """Between the engine's cap and the web's bound a query is cut short, not refused."""
    text = "seeds " * (MAX_QUERY_CHARS // 5)
    data = client.get("/api/search", query_string={"q": text}).get_json()
    assert data["total"] > 0
    assert any("too long" in note for note in data.get("notes", []))
