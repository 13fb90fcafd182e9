"""Speaker pages in the browser and their JSON twins, on a real archive and index."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from archive.research.speaker_corrections import add_alias, merge_speakers
from archive.store.folder import Archive
from archive.store.registry import derived_id
from tests.test_speakers_registry import KHMER_NAME, add_speaker_fixtures
from transcripts.model import Episode
from web import create_app, resources


@pytest.fixture
def people(archive: Archive) -> Archive:
    """Return the speaker fixtures with Sokha's three labels made one person."""
    add_speaker_fixtures(archive)
    merge_speakers(archive, "Sokha Chan", "Sokha")
    add_alias(archive, "Sokha Chan", KHMER_NAME)
    return archive


@pytest.fixture
def people_app(people: Archive) -> Iterator[Flask]:
    """Return the web app on that archive, two passages per page."""
    app = create_app({"TESTING": True, "ARCHIVE": str(people.root), "PAGE_SIZE": 2})
    yield app
    resources.close(app)


@pytest.fixture
def web(people_app: Flask) -> FlaskClient:
    """Return a test client."""
    return people_app.test_client()


def page(client: FlaskClient, url: str, status: int = 200) -> BeautifulSoup:
    """Get an HTML page and parse it."""
    response = client.get(url)
    assert response.status_code == status, response.data[:300]
    return BeautifulSoup(response.data, "lxml")


def api(client: FlaskClient, url: str, status: int = 200) -> Any:
    """Get a JSON twin."""
    response = client.get(url)
    assert response.status_code == status
    return response.get_json()


def test_the_list_shows_people_with_counts(web: FlaskClient) -> None:
    """/speakers has one row per person: linked name, other spellings, episodes, passages."""
    soup = page(web, "/speakers")
    rows = {
        row["id"]: (
            row.select_one("a.speaker").get_text(),
            [a.get_text() for a in row.select(".alias")],
            int(row.select_one(".episodes").get_text()),
            int(row.select_one(".passages").get_text()),
        )
        for row in soup.select("tr.speaker-row")
    }
    assert rows["sokha-chan"] == ("Sokha Chan", ["Sokha", KHMER_NAME], 3, 6)
    assert rows["vanna-lim"] == ("Vanna Lim", [], 2, 3)
    assert len(rows) == 5
    assert soup.select_one("tr#sokha-chan a.speaker")["href"] == "/speakers/sokha-chan"
    assert soup.select_one('nav a[href="/speakers"]').get_text() == "Speakers"


def test_the_json_list_is_the_same_people(web: FlaskClient) -> None:
    """/api/speakers lists what /speakers shows, with each page's URL."""
    data = api(web, "/api/speakers")["speakers"]
    assert [s["id"] for s in data][0] == "sokha-chan"
    sokha = data[0]
    assert (sokha["passages"], sokha["episodes"], sokha["url"]) == (6, 3, "/speakers/sokha-chan")
    assert sokha["aliases"] == ["Sokha", KHMER_NAME]


def test_a_speaker_page_has_names_roles_and_every_episode(web: FlaskClient) -> None:
    """The page shows the aliases in Khmer too, and links every episode they speak in."""
    soup = page(web, "/speakers/sokha-chan")
    assert soup.h1.get_text() == "Sokha Chan"
    assert [a.get_text() for a in soup.select("header .alias")] == ["Sokha", KHMER_NAME]
    episodes = {a["href"] for a in soup.select(".appearance a.episode-title")}
    assert episodes == {
        "/episodes/river-school",
        "/episodes/rice-harvest",
        "/episodes/night-market",
    }
    assert [r.get_text() for r in soup.select("header .role")] == ["guest"]
    history = [li.select_one(".action").get_text() for li in soup.select(".speaker-history li")]
    assert history == ["merge", "alias"]


def test_their_passages_are_paged(web: FlaskClient) -> None:
    """Six passages, two per page, newest episode first; next and previous links."""
    first = page(web, "/speakers/sokha-chan")
    assert "6 passages" in first.select_one(".speaker-passages .summary").get_text()
    assert [a["href"] for a in first.select(".hit a.permalink")] == [
        "/p/night-market.2",
        "/p/rice-harvest.2",
    ]
    assert first.select_one(".hit .as-written").get_text() == f"{KHMER_NAME} (as written)"
    nxt = first.select_one('a[rel="next"]')["href"]
    third = page(web, "/speakers/sokha-chan?page=3")
    assert nxt == "/speakers/sokha-chan?page=2"
    assert [a["href"] for a in third.select(".hit a.permalink")] == [
        "/p/river-school.4",
        "/p/river-school.6",
    ]
    assert third.select_one('a[rel="next"]') is None


def test_the_search_box_keeps_to_the_person(web: FlaskClient) -> None:
    """Searching on a speaker's page finds only their passages; the archive has more."""
    everywhere = api(web, "/api/search?q=school")["total"]
    soup = page(web, "/speakers/sokha-chan?q=school")
    hits = [a["href"] for a in soup.select(".hit a.permalink")]
    assert hits == ["/p/river-school.2"]
    assert everywhere > len(hits)
    assert soup.select_one("#speaker-q")["value"] == "school"
    data = api(web, "/api/speakers/sokha-chan?q=school")
    assert [h["passage_id"] for h in data["passages_found"]["hits"]] == ["river-school.2"]


def test_the_json_twin_has_appearances_and_history(web: FlaskClient) -> None:
    """/api/speakers/<id> has the roles and names per episode and the dated corrections."""
    data = api(web, "/api/speakers/sokha-chan")
    appearances = {a["episode_id"]: (a["roles"], a["as_written"]) for a in data["appearances"]}
    assert appearances == {
        "river-school": (["guest"], ["Sokha Chan"]),
        "rice-harvest": (["guest"], ["Sokha"]),
        "night-market": ([], [KHMER_NAME]),
    }
    assert [c["action"] for c in data["history"]] == ["merge", "alias"]
    assert data["passages_found"]["total"] == 6


def test_a_merged_id_redirects_to_the_person(web: FlaskClient) -> None:
    """The page of a name merged into someone else moves permanently to theirs."""
    response = web.get("/speakers/sokha")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/speakers/sokha-chan")
    # An alias that was someone's only label takes their page along too.
    khmer = web.get(f"/speakers/{derived_id(KHMER_NAME)}")
    assert (khmer.status_code, khmer.headers["Location"]) == (301, "/speakers/sokha-chan")


def test_unknown_speakers_are_404_in_both_forms(web: FlaskClient) -> None:
    """An unknown id is a 404 page, and the JSON envelope under /api/."""
    soup = page(web, "/speakers/nobody", status=404)
    assert "nobody" in soup.get_text()
    assert api(web, "/api/speakers/nobody", status=404) == {
        "ok": False,
        "error": "no speaker with id 'nobody' in the archive",
        "status": 404,
    }
    assert api(web, "/api/speakers/sokha-chan?page=0", status=400)["ok"] is False


def test_search_hits_link_the_canonical_name(web: FlaskClient) -> None:
    """A hit shows the person's name linked to their page, and the label as written."""
    soup = page(web, "/?q=monsoon")
    meta = soup.select_one(".hit .hit-meta")
    assert meta.select_one("a.speaker").get_text() == "Sokha Chan"
    assert meta.select_one("a.speaker")["href"] == "/speakers/sokha-chan"
    assert meta.select_one(".as-written").get_text() == "Sokha (as written)"
    hit = api(web, "/api/search?q=monsoon")["hits"][0]
    assert (hit["speaker"], hit["speaker_as_written"], hit["speaker_id"]) == (
        "Sokha Chan",
        "Sokha",
        "sokha-chan",
    )


def test_episode_and_permalink_pages_link_the_person(web: FlaskClient) -> None:
    """Turn headings, participants and the quote caption name the person and link them."""
    episode = page(web, "/episodes/rice-harvest")
    turns = [h.select_one(".speaker") for h in episode.select(".turn-head")]
    sokha = [t for t in turns if t.get_text() == "Sokha Chan"]
    assert len(sokha) == 2 and all(t["href"] == "/speakers/sokha-chan" for t in sokha)
    assert episode.select_one(".turn-head .as-written").get_text() == "Sokha (as written)"
    participants = [a.get_text() for a in episode.select(".participants a.speaker")]
    assert "Sokha Chan" in participants
    # Unregistered people link to their own page under the name as written.
    assert {t["href"] for t in turns if t.get_text() == "Dara"} == {"/speakers/dara"}

    permalink = page(web, "/p/night-market.2")
    caption = permalink.select_one("figure.quote figcaption")
    assert caption.select_one("a.speaker")["href"] == "/speakers/sokha-chan"
    assert caption.select_one(".as-written").get_text() == f"{KHMER_NAME} (as written)"


def test_speaker_names_are_escaped(
    people: Archive,
    web: FlaskClient,
    make_episode: Callable[..., Episode],
    store_episode: Callable[[Archive, Episode], Episode],
) -> None:
    """A name with markup in it is shown as text on every speaker page."""
    store_episode(people, make_episode("odd", [("<script>alert(1)</script>", "Odd words.")]))
    listing = page(web, "/speakers")
    assert listing.find("script") is None
    assert "<script>alert(1)</script>" in listing.get_text()
    own = page(web, "/speakers/script-alert-1-script")
    assert own.find("script") is None and own.h1.get_text() == "<script>alert(1)</script>"


def test_the_web_app_never_writes_the_archive(
    people: Archive, web: FlaskClient, tree_hash: Callable[[Path], str]
) -> None:
    """Reading every speaker page leaves the archive byte for byte as it was."""
    before = tree_hash(people.root)
    for person in api(web, "/api/speakers")["speakers"]:
        page(web, person["url"])
        page(web, person["url"] + "?q=lake")
    assert tree_hash(people.root) == before
