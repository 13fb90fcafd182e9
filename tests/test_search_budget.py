"""Every query is bounded by the search time budget, through the real app and a real index.

No test measures time. A search stopped early says so (TIME_BUDGET_NOTE) and shows only
what it found; with no time at all (a zero budget) even the loops that never collect a
match (a phrase whose words are everywhere but never in its order, expanding wildcards
and fuzzy words, the quote checker, find in an episode) must stop and say so.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from flask import Flask

from archive.query.budget import TIME_BUDGET_NOTE
from archive.search.indexing import index_episode
from archive.store.folder import Archive
from tests.conftest import build_episode
from web import create_app, resources

# Search behaviour every engine must show: runs once per available engine (conftest).
pytestmark = pytest.mark.engine_contract

TEXTS = [
    ("Ada", "By then I had had enough of the sea, and I said so."),
    ("Ben", "He said that that was the end of it, and that was that."),
    ("Ada", " ".join(["the"] * 250)),
    ("Ben", " ".join(["the"] * 150) + " end"),
    ("Ada", "The lighthouse keeper had enough oil for the whole winter."),
]
LONG = '"' + " ".join(["the"] * 200) + '"'  # 801 characters: under the query cap
# Every word is in the archive, but never in this order: no match is ever collected.
NEVER = '"' + " ".join(["the", "sea"] * 100) + '"'


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, engine_name: str) -> Archive:
    archive = Archive.init(tmp_path_factory.mktemp("budget") / "archive", engine=engine_name)
    episode = build_episode("repeats", TEXTS, show="Words")
    archive.add(episode, "\n".join(p.text for p in episode.passages).encode("utf-8"))
    index_episode(archive, episode)
    return archive


def _app(archive: Archive, budget: float) -> Iterator[Flask]:
    app = create_app(
        {"TESTING": True, "ARCHIVE": str(archive.root), "SEARCH_TIME_BUDGET_S": budget}
    )
    yield app
    resources.close(app)


@pytest.fixture
def app(archive: Archive) -> Iterator[Flask]:
    """The app with the site's own time budget."""
    yield from _app(archive, 2.0)


@pytest.fixture
def no_time(archive: Archive) -> Iterator[Flask]:
    """The app with no time at all for a search."""
    yield from _app(archive, 0)


def test_two_hundred_repeated_words_find_exactly_the_passage_that_says_them(app: Flask) -> None:
    """The 200-word "the the …" phrase: one passage, marked whole, nothing cut."""
    client = app.test_client()
    data = client.get("/api/search", query_string={"q": LONG}).get_json()
    assert [hit["passage_id"] for hit in data["hits"]] == ["repeats.3"]
    assert data["total"] == 1
    assert TIME_BUDGET_NOTE not in data.get("notes", [])
    assert data["hits"][0]["highlight"].count("<mark>") == 1
    page = client.get("/", query_string={"q": LONG})
    assert page.status_code == 200
    soup = BeautifulSoup(page.get_data(as_text=True), "lxml")
    assert TIME_BUDGET_NOTE not in soup.get_text()


@pytest.mark.parametrize(
    ("query", "passages", "marked"),
    [
        ('"had had"', ["repeats.1"], "had had"),
        ('"that that"', ["repeats.2"], "that that"),
        ('"was that"', ["repeats.2"], "was that"),
        ('"had enough"', ["repeats.1", "repeats.5"], "had enough"),
    ],
)
def test_doubled_words_are_found_and_marked(
    app: Flask, query: str, passages: list[str], marked: str
) -> None:
    """ "had had" and "that that" find the passages that say them, marked as one quote."""
    data = app.test_client().get("/api/search", query_string={"q": query}).get_json()
    assert sorted(hit["passage_id"] for hit in data["hits"]) == passages
    for hit in data["hits"]:
        assert f"<mark>{marked}</mark>" in hit["highlight"].lower()


def test_a_phrase_that_never_matches_stops_when_out_of_time(app: Flask, no_time: Flask) -> None:
    """With no time, a phrase that only visits passages is cut, and finds nothing wrong."""
    whole = app.test_client().get("/api/search", query_string={"q": NEVER}).get_json()
    assert whole["total"] == 0 and TIME_BUDGET_NOTE not in whole.get("notes", [])
    cut = no_time.test_client().get("/api/search", query_string={"q": NEVER})
    assert cut.status_code == 200
    data = cut.get_json()
    assert TIME_BUDGET_NOTE in data["notes"]
    assert data["hits"] == []
    page = no_time.test_client().get("/", query_string={"q": LONG})
    assert page.status_code == 200
    assert TIME_BUDGET_NOTE in BeautifulSoup(page.get_data(as_text=True), "lxml").get_text()


@pytest.mark.parametrize("query", ["th* OR ha* OR en*", "lighthuose~2 OR winetr~", "t?e e*d"])
def test_patterns_stop_expanding_when_out_of_time(app: Flask, no_time: Flask, query: str) -> None:
    """Wildcards and fuzzy words stop expanding at the deadline, with the note."""
    whole = app.test_client().get("/api/search", query_string={"q": query}).get_json()
    assert whole["total"] > 0 and TIME_BUDGET_NOTE not in whole.get("notes", [])
    data = no_time.test_client().get("/api/search", query_string={"q": query}).get_json()
    assert TIME_BUDGET_NOTE in data["notes"]
    assert data["total"] < whole["total"]
    found = {hit["passage_id"] for hit in whole["hits"]}
    assert {hit["passage_id"] for hit in data["hits"]} <= found


def test_the_quote_checker_stops_when_out_of_time(app: Flask, no_time: Flask) -> None:
    """A quote checked with no time says it stopped early; with time, it finds the source."""
    quote = "I had had enough of the sea"
    whole = app.test_client().get("/api/quote", query_string={"text": quote}).get_json()
    assert whole["matches"][0]["passage_id"] == "repeats.1"
    assert TIME_BUDGET_NOTE not in whole["notes"]
    cut = no_time.test_client().get("/api/quote", query_string={"text": quote})
    assert cut.status_code == 200
    assert TIME_BUDGET_NOTE in cut.get_json()["notes"]


def test_find_in_an_episode_stops_when_out_of_time(app: Flask, no_time: Flask) -> None:
    """Find on an episode page: all the hits with time, the note without."""
    whole = app.test_client().get("/episodes/repeats", query_string={"q": LONG})
    assert whole.status_code == 200
    soup = BeautifulSoup(whole.get_data(as_text=True), "lxml")
    assert TIME_BUDGET_NOTE not in soup.get_text()
    assert len(soup.select("mark")) == 1
    cut = no_time.test_client().get("/episodes/repeats", query_string={"q": NEVER})
    assert cut.status_code == 200
    assert TIME_BUDGET_NOTE in BeautifulSoup(cut.get_data(as_text=True), "lxml").get_text()


def test_an_export_is_whole_or_refused(app: Flask, no_time: Flask) -> None:
    """A download never holds a silently partial search: out of time, it is a 400 saying so."""
    whole = app.test_client().get("/api/search/export", query_string={"q": "enough"})
    assert whole.status_code == 200
    assert sorted(row["episode_id"] for row in whole.get_json()["rows"]) == ["repeats"] * 2
    for kind in ("json", "csv"):
        cut = no_time.test_client().get(
            "/api/search/export", query_string={"q": "enough", "format": kind}
        )
        assert cut.status_code == 400
        assert "too long to export" in cut.get_json()["error"]
