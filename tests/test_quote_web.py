"""The quote checker on the web: the /quote page and its JSON twin /api/quote."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from archive.ingest.pipeline import add_file
from archive.store.folder import Archive

DATA = Path(__file__).resolve().parent / "data" / "quote"
CONTRACT_MATCH_KEYS = {"passage_id", "episode_id", "speaker", "start_ms", "score", "text", "diff"}
CHANGED = "It was the very first time I saw the ocean"


@pytest.fixture(scope="module")
def quote_archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """Return an archive of the invented interviews, built once: the web app never writes."""
    archive = Archive.init(tmp_path_factory.mktemp("quote-web") / "archive")
    add_file(archive, DATA / "harbour-nights.vtt", title="Harbour Nights", date="2024-03-14")
    add_file(archive, DATA / "market-morning.txt", title="Market Morning")
    add_file(archive, DATA / "sea-birds.txt", title="Sea Birds")
    return archive


@pytest.fixture
def quote_client(quote_archive: Archive) -> Iterator[FlaskClient]:
    """Return a test client for the app on that archive, its index files closed afterwards."""
    from web import create_app, resources

    app: Flask = create_app({"TESTING": True, "ARCHIVE": str(quote_archive.root)})
    yield app.test_client()
    resources.close(app)


def soup(client: FlaskClient, **args: str) -> tuple[int, BeautifulSoup]:
    """Fetch /quote and parse it with lxml (html.parser leaves <p> unclosed)."""
    response = client.get("/quote", query_string=args)
    return response.status_code, BeautifulSoup(response.get_data(as_text=True), "lxml")


def test_api_quote_is_the_contract(quote_client: FlaskClient) -> None:
    """GET /api/quote?text= answers the quote JSON, best match first, with full links."""
    response = quote_client.get("/api/quote", query_string={"text": CHANGED})
    assert response.status_code == 200
    data = response.get_json()
    assert data["query"] == CHANGED
    best = data["matches"][0]
    assert CONTRACT_MATCH_KEYS <= set(best)
    assert best["passage_id"] == "harbour-nights.2"
    assert best["start_ms"] == 6500
    assert {"op": "replace", "quote": "ocean", "source": "sea,"} in best["diff"]
    assert best["permalink"] == "http://localhost/p/harbour-nights.2"
    assert best["episode_url"].endswith("/episodes/harbour-nights#harbour-nights.2")
    scores = [m["score"] for m in data["matches"]]
    assert scores == sorted(scores, reverse=True)


def test_api_quote_limit_and_speaker(quote_client: FlaskClient) -> None:
    """limit caps the matches and speaker filters them, as on the command line."""
    data = quote_client.get(
        "/api/quote", query_string={"text": "the first time", "limit": "1", "speaker": "Whitlock"}
    ).get_json()
    assert [m["passage_id"] for m in data["matches"]] == ["harbour-nights.5"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({}, "empty"),
        ({"text": "   "}, "empty"),
        ({"text": "x " * 1200}, "at most 2,000"),
        ({"text": CHANGED, "limit": "lots"}, "limit"),
        ({"text": CHANGED, "limit": "0"}, "limit"),
    ],
)
def test_api_quote_errors_use_the_envelope(
    quote_client: FlaskClient, args: dict[str, str], message: str
) -> None:
    """Bad requests answer the shared JSON error envelope with status 400."""
    response = quote_client.get("/api/quote", query_string=args)
    assert response.status_code == 400
    data = response.get_json()
    assert data["ok"] is False and data["status"] == 400
    assert message in data["error"]


def test_quote_page_shows_the_diff(quote_client: FlaskClient) -> None:
    """The page shows each match's diff with <del>/<ins>, who said it, where and links."""
    status, page = soup(quote_client, text=CHANGED)
    assert status == 200
    assert page.find("textarea", attrs={"name": "text"}).get_text() == CHANGED
    first = page.select("li.qc-match")[0]
    diff = first.select_one(".qc-diff")
    assert [el.get_text() for el in diff.find_all("ins")] == ["very", "ocean"]
    assert [el.get_text() for el in diff.find_all("del")] == ["sea,"]
    assert " ".join(diff.get_text().split()) == "It was the very first time I saw the sea, ocean"
    assert "Tomas Ferreira" in first.select_one(".speaker").get_text()
    assert first.select_one("time")["datetime"] == "2024-03-14"
    assert first.select_one(".time").get_text() == "0:06–0:22"
    links = {a["href"] for a in first.find_all("a")}
    assert {"/episodes/harbour-nights#harbour-nights.2", "/p/harbour-nights.2"} <= links
    assert "%" in first.select_one(".qc-score").get_text()


def test_pasted_script_comes_back_inert(quote_client: FlaskClient) -> None:
    """Markup in the pasted quote is shown as text, in the form and in the diff."""
    payload = "<script>alert('quote')</script>"
    status, page = soup(quote_client, text=f"{CHANGED} {payload}")
    assert status == 200
    assert not any("alert" in (s.string or "") for s in page.find_all("script"))
    assert payload in page.find("textarea").get_text()
    assert payload in page.select_one(".qc-diff").get_text()


def test_quote_page_without_text_is_just_the_form(quote_client: FlaskClient) -> None:
    """An empty form is a form, not an error; the nav links to it."""
    status, page = soup(quote_client)
    assert status == 200
    assert page.find("textarea", attrs={"name": "text"}) is not None
    assert page.select("li.qc-match") == []
    assert page.find("nav").find("a", string="Check a quote")["href"] == "/quote"


def test_quote_page_refuses_an_overlong_quote_on_the_form(quote_client: FlaskClient) -> None:
    """Too long a quote is answered on the form, with the text kept for trimming."""
    status, page = soup(quote_client, text="word " * 500)
    assert status == 400
    assert "at most 2,000" in page.select_one(".qc-error").get_text()
    assert page.find("textarea").get_text().startswith("word word")


def test_quote_page_with_no_match_says_so(quote_client: FlaskClient) -> None:
    """Words nobody said give a plain "no match" and no diff legend."""
    status, page = soup(quote_client, text="quantum zebra marmalade")
    assert status == 200
    assert "No passage matches" in page.select_one(".qc-results").get_text()
    assert page.select(".qc-legend") == []
