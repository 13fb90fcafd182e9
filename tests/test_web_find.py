"""Find in transcript: /episodes/<id>?q= marks the matches in place and links them, without JS."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from archive.ingest.pipeline import add_file
from archive.store.folder import Archive
from web import create_app, resources

DATA = Path(__file__).parent / "data" / "web"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    """Return a client on an archive with the 2022 City Desk episode and a hostile one."""
    archive = Archive.init(tmp_path_factory.mktemp("find") / "archive")
    add_file(archive, DATA / "desk-2022.vtt", episode_id="desk", title="The harbour budget")
    add_file(archive, DATA / "script-injection.vtt", episode_id="hostile", title=SCRIPT)
    app = create_app({"TESTING": True, "ARCHIVE": str(archive.root)})
    yield app.test_client()
    resources.close(app)


def _get(client: FlaskClient, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def test_find_marks_every_match_in_place(desk: FlaskClient) -> None:
    """Matching passages show the query's words marked; the others are plain text."""
    page = _get(desk, "/episodes/desk?q=harbour")
    assert page.select_one(".find-count").get_text() == "3 matches"
    matches = page.select(".transcript .passage.match")
    assert [p["id"] for p in matches] == ["desk.1", "desk.2", "desk.4"]
    for passage in matches:
        assert [m.get_text().casefold() for m in passage.select(".text mark")] == ["harbour"]
    for passage in page.select(".transcript .passage:not(.match)"):
        assert passage.select("mark") == []
    # The full text is still there, marks and all.
    assert matches[0].select_one(".text").get_text().startswith("Welcome to City Desk.")


def test_find_lists_matches_and_chains_them_without_js(desk: FlaskClient) -> None:
    """The list links every match; each match links to the previous and next one."""
    page = _get(desk, "/episodes/desk?q=harbour")
    listed = [a["href"] for a in page.select(".find-list ol a")]
    assert listed == ["#desk.1", "#desk.2", "#desk.4"]
    assert page.select_one("a.find-next")["href"] == "#desk.1"
    assert page.select_one("a.find-prev")["href"] == "#desk.4"
    chain = {
        p["id"]: (
            (p.select_one("a.match-prev") or {}).get("href"),
            (p.select_one("a.match-next") or {}).get("href"),
        )
        for p in page.select(".passage.match")
    }
    assert chain == {
        "desk.1": (None, "#desk.2"),
        "desk.2": ("#desk.1", "#desk.4"),
        "desk.4": ("#desk.2", None),
    }
    positions = [p.select_one(".match-position").get_text() for p in page.select(".passage.match")]
    assert positions == ["Match 1 of 3", "Match 2 of 3", "Match 3 of 3"]


def test_find_is_stemmed_and_phrases_are_exact(desk: FlaskClient) -> None:
    """The find box speaks the query language: stemming, and quotes for exact words."""
    page = _get(desk, "/episodes/desk?q=promising")
    assert [p["id"] for p in page.select(".passage.match")] == ["desk.2"]
    page = _get(desk, '/episodes/desk?q="harbour+board"')
    marks = [m.get_text() for m in page.select(".passage.match mark")]
    assert marks == ["harbour board"]


def test_find_loads_its_script_from_a_file(desk: FlaskClient) -> None:
    """find.js is an external, deferred script; no inline script or style on the page."""
    page = _get(desk, "/episodes/desk?q=harbour")
    scripts = page.find_all("script")
    assert [(s["src"], s.has_attr("defer"), s.get_text()) for s in scripts] == [
        ("/static/copy.js", True, ""),
        ("/static/find.js", True, ""),
    ]
    assert page.select("[style]") == [] and page.find_all("style") == []
    with desk.get("/static/find.js") as response:
        assert response.status_code == 200


def test_find_box_submits_to_the_episode(desk: FlaskClient) -> None:
    """The find box is a GET form to the same episode, showing the current query."""
    page = _get(desk, "/episodes/desk?q=quay")
    form = page.select_one("form.find-form")
    assert form["action"] == "/episodes/desk" and form["method"] == "get"
    assert form.select_one("input[name=q]")["value"] == "quay"


def test_no_query_no_find(desk: FlaskClient) -> None:
    """Without a query the transcript is plain and loads no find script (copy.js only)."""
    page = _get(desk, "/episodes/desk")
    assert page.select("#find") == [] and page.select("mark") == []
    assert [s["src"] for s in page.find_all("script")] == ["/static/copy.js"]


def test_no_match_says_so(desk: FlaskClient) -> None:
    """A query with no match in the episode says so and offers the whole archive."""
    page = _get(desk, "/episodes/desk?q=xylophone")
    assert "No matches" in page.select_one(".find-summary").get_text()
    assert page.select(".passage.match") == []
    assert page.select_one("a.find-archive")["href"] == "/?q=xylophone"
    assert [s["src"] for s in page.find_all("script")] == ["/static/copy.js"]


def test_find_renders_markup_as_text(desk: FlaskClient) -> None:
    """In a hostile transcript, only <mark> gets through; the query is text too."""
    page = _get(desk, "/episodes/hostile?q=zanzibar")
    assert [s.get("src") for s in page.find_all("script")] == [
        "/static/copy.js",
        "/static/find.js",
    ]
    assert page.find_all(["img", "b"]) == []
    assert SCRIPT in page.select_one(".passage.match .text").get_text()
    response = desk.get("/episodes/hostile", query_string={"q": SCRIPT})
    page = BeautifulSoup(response.get_data(as_text=True), "lxml")
    assert page.find_all("script", src=False) == []
    assert page.select_one("input[name=q]")["value"] == SCRIPT
    assert SCRIPT in page.select_one(".find-summary").get_text()
