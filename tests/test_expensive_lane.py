"""Expensive queries run one at a time per worker, apart from simple searches.

While the worker's lane for expensive queries is taken (here by a thread holding it
until told to let go), simple searches still answer, and another expensive query is
told, politely, to try again: 503 with Retry-After, a JSON envelope or a page.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup
from flask import Flask

from archive.query.cost import is_expensive
from archive.store.folder import Archive
from web import create_app, resources

LONG = '"' + " ".join(["the"] * 20) + '"'


@pytest.mark.parametrize(
    ("query", "expensive"),
    [
        ("seeds", False),
        ("seeds germinate", False),
        ('"it was the first time"', False),
        ('"it was the very first time I saw the light"', True),
        (LONG, True),
        ("germ*", True),
        ("g?rminate", True),
        ("lighthuose~", True),
        ("lamp NEAR storm", True),
        ("seeds speaker:okafor", False),
        ("seeds date:2023", False),
        (" ".join(f"w{n}" for n in range(40)), True),
        ("", False),
    ],
)
def test_expensive_queries_are_told_apart_by_their_text(query: str, expensive: bool) -> None:
    """Long phrases, patterns, NEAR and very many words are expensive; the rest is not."""
    assert is_expensive(query) is expensive


@pytest.fixture
def app(sample_archive: Archive) -> Iterator[Flask]:
    """The app on the examples, with expensive queries waiting a tenth of a second."""
    app = create_app(
        {"TESTING": True, "ARCHIVE": str(sample_archive.root), "EXPENSIVE_WAIT_S": 0.1}
    )
    yield app
    resources.close(app)


@pytest.fixture
def lane_taken(app: Flask) -> Iterator[None]:
    """Hold the app's lane for expensive queries from another thread, until the test ends."""
    with app.app_context():
        service = resources.get_search()
    holding, release = threading.Event(), threading.Event()

    def hold(_: object) -> None:
        holding.set()
        release.wait(timeout=30)

    holder = threading.Thread(target=service.run, args=(hold,), kwargs={"expensive": True})
    holder.start()
    assert holding.wait(timeout=30)
    yield
    release.set()
    holder.join(timeout=30)


def test_simple_searches_answer_while_an_expensive_one_runs(app: Flask, lane_taken: None) -> None:
    """The simple lane is free: a plain search finds what it always finds."""
    data = app.test_client().get("/api/search", query_string={"q": "seeds"}).get_json()
    assert data["total"] > 0
    assert all("seed" in hit["text"].lower() for hit in data["hits"])


def test_a_second_expensive_query_is_asked_to_try_again(app: Flask, lane_taken: None) -> None:
    """503 with Retry-After; the envelope under /api/, a page with a retry link elsewhere."""
    client = app.test_client()
    api = client.get("/api/search", query_string={"q": "germ*"})
    assert api.status_code == 503
    assert int(api.headers["Retry-After"]) > 0
    body = api.get_json()
    assert set(body) == {"ok", "error", "status"} and body["status"] == 503
    assert "try again" in body["error"]
    page = client.get("/", query_string={"q": LONG})
    assert page.status_code == 503 and page.headers["Retry-After"]
    soup = BeautifulSoup(page.get_data(as_text=True), "lxml")
    assert soup.h1.text == "The archive is busy"
    assert "try again" in soup.select_one(".message").text
    retry = soup.select_one(".retry a")["href"]
    assert retry.startswith("/?") and "q=" in retry
    quote = client.get("/api/quote", query_string={"text": "the " * 12 + "light"})
    assert quote.status_code == 503


def test_the_lane_is_free_again_afterwards(app: Flask) -> None:
    """With nothing else running, an expensive query simply runs."""
    client = app.test_client()
    data = client.get("/api/search", query_string={"q": "germ*"}).get_json()
    assert data["total"] > 0
    assert client.get("/", query_string={"q": LONG}).status_code == 200


def test_an_expensive_query_steps_aside_while_a_simple_one_runs() -> None:
    """Each deadline check waits while others run, and never past the deadline."""
    from archive.query import budget as time_budget

    looks = []

    def others_running() -> bool:
        looks.append(1)
        return len(looks) < 4  # a simple search that runs for three looks, then ends

    with time_budget.deadline(30), time_budget.stepping_aside(others_running):
        time_budget.check()
    assert len(looks) == 4
    # Others running for ever: the check gives up at the deadline, and says it is out of time.
    with time_budget.deadline(0.05), time_budget.stepping_aside(lambda: True):
        with pytest.raises(time_budget.OutOfTime):
            time_budget.check()
