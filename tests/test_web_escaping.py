"""Transcripts are text: markup in a title, a speaker or a passage renders inert."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from archive.ingest.pipeline import add_file
from archive.store.folder import Archive
from web import create_app

FIXTURE = Path(__file__).parent / "data" / "web" / "script-injection.vtt"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[FlaskClient, Archive]:
    """Return a client on an archive whose title, show, speaker and text hold markup."""
    archive = Archive.init(tmp_path / "archive")
    add_file(
        archive,
        FIXTURE,
        title=f"{SCRIPT} Title",
        show=f"<b>Show</b> {SCRIPT}",
        date="2024-05-01",
        episode_id="hostile",
    )
    app = create_app({"TESTING": True, "ARCHIVE": str(archive.root)})
    return app.test_client(), archive


def _assert_inert(html: str) -> BeautifulSoup:
    """Check the page has no script of its own, no img or bold, and shows the markup as text."""
    page = BeautifulSoup(html, "lxml")
    # Only the app's own external scripts (copy.js for the copy buttons) may appear.
    scripts = page.find_all("script")
    assert all(s.get("src", "").startswith("/static/") and not s.get_text() for s in scripts)
    assert page.find_all(["img", "b"]) == []
    assert not any(attr.startswith("on") for tag in page.find_all(True) for attr in tag.attrs)
    assert SCRIPT in page.get_text()
    return page


def test_fixture_really_holds_markup(hostile: tuple[FlaskClient, Archive]) -> None:
    """The archive keeps the markup as text, so the tests below test something."""
    _, archive = hostile
    episode = archive.get_episode("hostile")
    assert episode.title == f"{SCRIPT} Title"
    assert episode.passages[0].speaker == SCRIPT
    assert SCRIPT in episode.passages[0].text
    assert "<img src=x onerror=alert(2)>" in episode.passages[-1].text


def test_search_results_render_markup_as_text(hostile: tuple[FlaskClient, Archive]) -> None:
    """In results, the highlight's own <mark> is the only markup that gets through."""
    client, _ = hostile
    page = _assert_inert(client.get("/?q=zanzibar").get_data(as_text=True))
    hits = page.select("ol.hits > li.hit")
    assert len(hits) == 2
    assert [m.get_text().casefold() for m in page.select(".hit-text mark")] == ["zanzibar"] * 2
    assert hits[0].select_one(".speaker").get_text() == SCRIPT
    assert hits[0].select_one("a.hit-link").get_text() == f"{SCRIPT} Title"
    assert "<img src=x onerror=alert(2)>" in hits[1].select_one(".hit-text").get_text()
    # The speaker select escapes names too.
    assert SCRIPT in [o["value"] for o in page.select("select[name=speaker] option")]


def test_episode_page_renders_markup_as_text(hostile: tuple[FlaskClient, Archive]) -> None:
    """On the episode page, title, show, speaker and text all show their markup as text."""
    client, _ = hostile
    page = _assert_inert(client.get("/episodes/hostile").get_data(as_text=True))
    assert page.h1.get_text() == f"{SCRIPT} Title"
    assert page.select_one(".kicker .show").get_text() == f"<b>Show</b> {SCRIPT}"
    assert page.select_one(".turn-head .speaker").get_text() == SCRIPT


def test_permalink_page_renders_markup_as_text(hostile: tuple[FlaskClient, Archive]) -> None:
    """On the permalink page, the quote, the context and the citation are plain text."""
    client, archive = hostile
    first, second = archive.get_episode("hostile").passages[:2]
    page = _assert_inert(client.get(f"/p/{first.id}").get_data(as_text=True))
    assert page.select_one("figure.quote .speaker").get_text() == SCRIPT
    assert f"{SCRIPT} Title" in page.select_one("#cite-chicago .citation-text").get_text()
    assert f"— {SCRIPT}, “{SCRIPT} Title”" in page.select_one(".cite-quote textarea").get_text()
    _assert_inert(client.get(f"/p/{second.id}").get_data(as_text=True))


def test_json_keeps_markup_as_data(hostile: tuple[FlaskClient, Archive]) -> None:
    """JSON carries the text as it is; only `highlight` is escaped, with <mark> added."""
    client, _ = hostile
    hit = client.get("/api/search?q=zanzibar").get_json()["hits"][0]
    assert hit["speaker"] == SCRIPT
    assert SCRIPT in hit["text"]
    assert "&lt;script&gt;" in hit["highlight"] and "<mark>" in hit["highlight"]
    assert "<script>" not in hit["highlight"]
