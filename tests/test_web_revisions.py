"""Old permalinks in the browser: corrected, removed and earlier-revision passages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from archive.ingest.pipeline import add_file
from archive.store.folder import Archive

DATA = Path(__file__).parent / "data" / "revisions"
EID = "lighthouse-keeper"


@pytest.fixture
def revised(archive: Archive) -> Iterator[FlaskClient]:
    """Return a client on an archive whose interview was corrected twice."""
    from web import create_app, resources

    add_file(archive, DATA / "lighthouse-keeper.txt", episode_id=EID, guests=["Marta Kowalsky"])
    add_file(archive, DATA / "lighthouse-keeper.v2.txt", episode_id=EID)
    add_file(archive, DATA / "lighthouse-keeper.v3.txt", episode_id=EID)
    app = create_app({"TESTING": True, "ARCHIVE": str(archive.root)})
    yield app.test_client()
    resources.close(app)


def page(client: FlaskClient, url: str, status: int = 200) -> BeautifulSoup:
    """Fetch a page, check its status and parse it."""
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def test_a_corrected_passage_shows_the_notice_and_the_word_diff(revised: FlaskClient) -> None:
    """The old permalink shows the current text, 'corrected since' and what changed."""
    soup = page(revised, f"/p/{EID}.6")
    assert "ninety-two" in soup.select_one("figure.quote blockquote").get_text()
    assert "Corrected since" in soup.select_one(".corrected-notice").get_text()
    assert [d.get_text() for d in soup.select(".word-diff del")] == ["ninety-one.", "afterwards."]
    assert [i.get_text() for i in soup.select(".word-diff ins")] == ["ninety-two.", "afterward."]
    assert soup.select_one(".speaker-change del").get_text() == "Marta Kowalsky"
    link = soup.select_one(".corrected-notice a")["href"]
    assert link == f"/p/{EID}.6?rev=1"


def test_an_unchanged_passage_has_no_notice(revised: FlaskClient) -> None:
    """A passage that reads as it always did is a plain permalink."""
    soup = page(revised, f"/p/{EID}.3")
    assert not soup.select(".notice") and not soup.select(".revision-diff")


def test_a_removed_passage_shows_its_last_text_among_current_neighbours(
    revised: FlaskClient,
) -> None:
    """The removed passage is marked, with the current revision's passages around it."""
    soup = page(revised, f"/p/{EID}.8")
    assert "Removed." in soup.select_one(".removed-notice").get_text()
    quote = soup.select_one("figure.quote")
    assert "removed" in quote["class"] and "I was never lonely" in quote.get_text()
    before = [a["href"] for a in soup.select(".context.before a.context-link")]
    after = [a["href"] for a in soup.select(".context.after a.context-link")]
    assert before == [f"/episodes/{EID}#{EID}.5", f"/episodes/{EID}#{EID}.6"]
    assert after == [f"/episodes/{EID}#{EID}.9", f"/episodes/{EID}#{EID}.10"]


def test_rev_shows_a_passage_as_it_was(revised: FlaskClient) -> None:
    """?rev=N shows revision N's text and says what became of it; absent ids 404."""
    soup = page(revised, f"/p/{EID}.6?rev=1")
    assert "ninety-one" in soup.select_one("figure.quote blockquote").get_text()
    assert "revision 1" in soup.select_one(".revision-banner").get_text()
    assert "corrected since" in soup.select_one(".revision-banner").get_text()
    removed = page(revised, f"/p/{EID}.8?rev=1")
    assert "removed" in removed.select_one(".revision-banner").get_text()
    page(revised, f"/p/{EID}.8?rev=2", status=404)
    page(revised, f"/p/{EID}.6?rev=9", status=404)
    page(revised, f"/p/{EID}.6?rev=one", status=400)
    page(revised, f"/p/{EID}.99", status=404)


def test_the_episode_page_lists_revisions_and_shows_old_ones_read_only(
    revised: FlaskClient,
) -> None:
    """The revision list links every revision; an old one has a banner and no find form."""
    soup = page(revised, f"/episodes/{EID}")
    links = [a["href"] for a in soup.select(".revisions-list a")]
    assert links == [f"/episodes/{EID}?rev={n}" for n in (1, 2, 3)]
    assert len(soup.select(".revisions-list time")) == 3
    assert soup.select_one("form.find-form") is not None
    old = page(revised, f"/episodes/{EID}?rev=1")
    assert "revision 1 of 3" in old.select_one(".revision-banner").get_text()
    assert old.select_one("form.find-form") is None
    assert old.select_one(f"[id='{EID}.8']") is not None  # removed later, there then
    permalink = old.select_one(f"[id='{EID}.8'] a.permalink")["href"]
    assert permalink == f"/p/{EID}.8?rev=1"
    page(revised, f"/episodes/{EID}?rev=4", status=404)


def test_the_api_reports_status_and_revisions(revised: FlaskClient) -> None:
    """The JSON twins carry status, revisions and the diff."""
    data = revised.get(f"/api/passages/{EID}.6").get_json()
    assert (data["status"], data["cited_revision"], data["current_revision"]) == ("corrected", 1, 3)
    assert {"op": "replace", "old": "ninety-one.", "new": "ninety-two."} in data["diff"]
    gone = revised.get(f"/api/passages/{EID}.7").get_json()
    assert gone["status"] == "removed" and gone["current"] is None
    assert (gone["revision"], gone["last_revision"], gone["current_revision"]) == (1, 1, 3)
    assert gone["in_context"].endswith(f"/episodes/{EID}?rev=1#{EID}.7")
    old = revised.get(f"/api/passages/{EID}.6?rev=2").get_json()
    assert old["revision"] == 2 and old["passage"]["speaker"] == "Marta Kowalsky"
    episode = revised.get(f"/api/episodes/{EID}?rev=1").get_json()
    assert episode["revision"] == 1 and episode["passages"][7]["id"] == f"{EID}.8"
    log = revised.get(f"/api/episodes/{EID}/revisions").get_json()
    assert log["current_revision"] == 3
    assert [r["url"] for r in log["revisions"]] == [f"/episodes/{EID}?rev={n}" for n in (1, 2, 3)]
    missing = revised.get(f"/api/passages/{EID}.8?rev=3")
    assert missing.status_code == 404 and missing.get_json()["ok"] is False
