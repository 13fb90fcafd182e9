"""The search page for journalists: facets, chips, order, collapse, audio, did-you-mean, help."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from flask.testing import FlaskClient

from archive.ingest.pipeline import add_file
from archive.store.folder import Archive
from transcripts.timecodes import format_clock
from web import create_app, resources

DATA = Path(__file__).parent / "data" / "web"
DESK_AUDIO = "https://audio.example.org/desk/2022.mp3"
COAST_AUDIO = "https://audio.example.org/coast/storm.mp3"
# Three dated episodes on two shows; "harbour" is in 7 passages: 3 + 2 + 2.
NEWSROOM: tuple[tuple[str, dict[str, Any]], ...] = (
    ("desk-2022.vtt", {"title": "The harbour budget", "show": "City Desk", "date": "2022-03-10"}),
    ("desk-2023.vtt", {"title": "A quay half built", "show": "City Desk", "date": "2023-09-14"}),
    ("coast-2024.vtt", {"title": "After the storm", "show": "Coast Report", "date": "2024-02-01"}),
)
AUDIO = {"desk-2022": DESK_AUDIO, "coast-2024": COAST_AUDIO}
HARBOUR_PER_EPISODE = {"desk-2022": 3, "desk-2023": 2, "coast-2024": 2}
FACETS = ("speaker", "show", "year")


def build_newsroom(root: Path) -> Archive:
    """Ingest the newsroom fixtures into a new archive at `root`."""
    archive = Archive.init(root)
    for name, meta in NEWSROOM:
        stem = name.removesuffix(".vtt")
        add_file(archive, DATA / name, episode_id=stem, audio_url=AUDIO.get(stem), **meta)
    return archive


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    """Return a client on the newsroom archive, shared by this module's read-only tests."""
    archive = build_newsroom(tmp_path_factory.mktemp("newsroom") / "archive")
    app = create_app({"TESTING": True, "ARCHIVE": str(archive.root), "PAGE_SIZE": 3})
    yield app.test_client()
    resources.close(app)


def _get(client: FlaskClient, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def _hits(page: BeautifulSoup) -> list[Tag]:
    return page.select("ol.hits > li.hit")


def _total(page: BeautifulSoup) -> int:
    strong = page.select_one(".summary strong")
    return int(strong.get_text()) if strong else 0


def _facet(page: BeautifulSoup, name: str) -> dict[str, tuple[int, str]]:
    """Return a facet's values as {value: (count, href)}."""
    return {
        li.a.get_text(): (int(li.select_one(".count").get_text()), li.a["href"])
        for li in page.select(f"section.facet[aria-labelledby=facet-{name}] li")
    }


def _episode_of(hit: Tag) -> str:
    return urlsplit(hit.select_one("a.hit-link")["href"]).path.removeprefix("/episodes/")


# --- facets and chips -------------------------------------------------------------------


def test_facets_count_the_whole_result_set(newsroom: FlaskClient) -> None:
    """Facet counts cover every match, not just the page shown."""
    page = _get(newsroom, "/?q=harbour")
    assert _total(page) == 7 and len(_hits(page)) == 3
    counts = {name: {v: c for v, (c, _) in _facet(page, name).items()} for name in FACETS}
    assert counts == {
        "speaker": {"Nadia Osei": 2, "Rafael Ortiz": 2, "Grace Liu": 2, "Tom Reyes": 1},
        "show": {"City Desk": 5, "Coast Report": 2},
        "year": {"2022": 3, "2023": 2, "2024": 2},
    }


@pytest.mark.parametrize("name", ["speaker", "show", "year"])
def test_facet_links_filter_to_their_count(newsroom: FlaskClient, name: str) -> None:
    """Following a facet link keeps the query, adds the filter, and finds exactly its count."""
    page = _get(newsroom, "/?q=harbour")
    for value, (count, href) in _facet(page, name).items():
        assert parse_qs(urlsplit(href).query)["q"] == ["harbour"]
        filtered = _get(newsroom, href)
        assert _total(filtered) == count, href
        # Every hit on every page has the value: read them all through the JSON twin.
        data = newsroom.get("/api/search?" + urlsplit(href).query + "&page_size=100").get_json()
        field = {"speaker": "speaker", "show": "show", "year": "date"}[name]
        assert {str(h[field])[: 4 if name == "year" else None] for h in data["hits"]} == {value}
        chips = [c.get_text(" ", strip=True) for c in filtered.select(".chips .chip")]
        assert any(value in chip for chip in chips)


def test_year_facet_fills_the_date_boxes(newsroom: FlaskClient) -> None:
    """A year facet sets from/to to the year's first and last day, which the form shows."""
    _, href = _facet(_get(newsroom, "/?q=harbour"), "year")["2023"]
    assert parse_qs(urlsplit(href).query)["from"] == ["2023-01-01"]
    page = _get(newsroom, href)
    assert page.select_one("input[name=from]")["value"] == "2023-01-01"
    assert page.select_one("input[name=to]")["value"] == "2023-12-31"
    assert {_episode_of(h) for h in _hits(page)} == {"desk-2023"}


def test_chips_remove_one_filter_each(newsroom: FlaskClient) -> None:
    """Each active filter is a chip whose link drops that filter and keeps the rest."""
    page = _get(newsroom, "/?q=harbour&speaker=Grace+Liu&show=City+Desk&page=1")
    assert _total(page) == 1
    chips = {
        c.select_one(".chip-label").get_text(): c.select_one("a.chip-remove")["href"]
        for c in page.select(".chips .chip")
    }
    assert set(chips) == {"Speaker:", "Show:"}
    without_speaker = parse_qs(urlsplit(chips["Speaker:"]).query)
    assert without_speaker == {"q": ["harbour"], "show": ["City Desk"]}
    assert _total(_get(newsroom, chips["Speaker:"])) == 5
    assert _total(_get(newsroom, chips["Show:"])) == 2
    clear = page.select_one("a.chips-clear")["href"]
    assert _total(_get(newsroom, clear)) == 7


def test_active_facet_value_links_back_out(newsroom: FlaskClient) -> None:
    """The active facet value is marked, and its link removes the filter again."""
    page = _get(newsroom, "/?q=harbour&show=Coast+Report")
    active = page.select("section.facet li.active a")
    assert [a.get_text() for a in active] == ["Coast Report"]
    assert active[0]["aria-current"] == "true"
    assert "show" not in parse_qs(urlsplit(active[0]["href"]).query)


# --- order, collapse, matches per episode -----------------------------------------------


@pytest.mark.parametrize(("sort", "newest_first"), [("newest", True), ("oldest", False)])
def test_sort_by_date(newsroom: FlaskClient, sort: str, newest_first: bool) -> None:
    """Newest and oldest order hits by episode date, across pages, and the select shows it."""
    dates = []
    for page_number in (1, 2, 3):
        page = _get(newsroom, f"/?q=harbour&sort={sort}&page={page_number}")
        dates += [h.select_one("time")["datetime"] for h in _hits(page)]
    assert len(dates) == 7
    assert dates == sorted(dates, reverse=newest_first)
    assert page.select_one("select[name=sort] option[selected]")["value"] == sort
    # Paging keeps the order.
    assert parse_qs(urlsplit(page.select_one(".pager a[rel=prev]")["href"]).query)["sort"] == [sort]


def test_collapse_shows_one_hit_per_episode(newsroom: FlaskClient) -> None:
    """Best hit per episode: one hit per episode, each saying how many more it holds."""
    page = _get(newsroom, "/?q=harbour&collapse=1&page_size=10")
    hits = _hits(page)
    episodes = [_episode_of(h) for h in hits]
    assert sorted(episodes) == sorted(HARBOUR_PER_EPISODE)
    assert page.select_one("input[name=collapse]").has_attr("checked")
    for hit, episode_id in zip(hits, episodes, strict=True):
        count = HARBOUR_PER_EPISODE[episode_id]
        assert hit.select_one("a.episode-matches").get_text() == f"{count} matches in this episode"


def test_matches_in_episode_link_opens_find_in_transcript(newsroom: FlaskClient) -> None:
    """ "N matches in this episode" opens the episode with the query found in place."""
    hit = _hits(_get(newsroom, "/?q=harbour"))[0]
    link = urlsplit(hit.select_one("a.episode-matches")["href"])
    assert parse_qs(link.query) == {"q": ["harbour"]}
    episode_id = link.path.removeprefix("/episodes/")
    page = _get(newsroom, f"{link.path}?{link.query}")
    assert len(page.select(".transcript .passage.match")) == HARBOUR_PER_EPISODE[episode_id]
    assert page.find(id=link.fragment) in page.select(".passage.match")


# --- audio links --------------------------------------------------------------------------


def test_play_links_only_where_the_episode_has_audio(newsroom: FlaskClient) -> None:
    """ "Play from 12:34" links to the audio with #t= seconds; no audio, no link."""
    data = newsroom.get("/api/search?q=harbour&page_size=100").get_json()
    starts = {h["passage_id"]: h["start_ms"] for h in data["hits"]}
    seen = set()
    for number in (1, 2, 3):
        for hit in _hits(_get(newsroom, f"/?q=harbour&page={number}")):
            passage_id = hit.select_one("a.permalink")["href"].removeprefix("/p/")
            episode_id = _episode_of(hit)
            play = hit.select_one("a.play")
            if episode_id not in AUDIO:
                assert play is None
                continue
            start_ms = starts[passage_id]
            assert play["href"] == f"{AUDIO[episode_id]}#t={start_ms // 1000}"
            assert play.get_text() == f"Play from {format_clock(start_ms)}"
            seen.add(passage_id)
    # The passage at 12:34.5 plays from second 754.
    assert "desk-2022.4" in seen
    assert starts["desk-2022.4"] // 1000 == 754


def test_unsafe_audio_url_is_never_a_link(tmp_path: Path) -> None:
    """An audio URL that is not http(s) (e.g. javascript:) gets no play link."""
    archive = Archive.init(tmp_path / "archive")
    add_file(archive, DATA / "formula-cells.vtt", audio_url="javascript:alert(1)")
    client = create_app({"TESTING": True, "ARCHIVE": str(archive.root)}).test_client()
    page = _get(client, "/?q=flyer")
    assert _hits(page)
    assert not page.select("a.play")
    assert "javascript:" not in str(page)


# --- did you mean, notes, help --------------------------------------------------------


def test_did_you_mean_links_to_the_corrected_query(client: FlaskClient) -> None:
    """A misspelt word offers the corrected query, and following it finds passages."""
    page = _get(client, "/?q=lighthuose")
    link = page.select_one(".suggestion a")
    assert link is not None, "no did-you-mean for a misspelling"
    suggestion = client.get("/api/search?q=lighthuose").get_json()["suggestion"]
    assert link.get_text() == suggestion
    assert "lighthouse" in suggestion
    assert parse_qs(urlsplit(link["href"]).query)["q"] == [suggestion]
    assert _hits(_get(client, link["href"]))


def test_no_suggestion_for_a_word_that_is_there(client: FlaskClient) -> None:
    """A query that finds what it asks for is not second-guessed."""
    assert not _get(client, "/?q=lighthouse").select(".suggestion")


def test_search_box_links_to_the_help_page(client: FlaskClient) -> None:
    """The search form points to the query-language help."""
    for url in ("/", "/?q=train"):
        assert _get(client, url).select_one("form[role=search] a.help-link")["href"] == "/help"


def test_help_examples_each_find_something(client: FlaskClient) -> None:
    """Every example on the help page is a link that runs and finds passages."""
    page = _get(client, "/help")
    examples = page.select("a.example")
    assert len(examples) >= 12
    for link in examples:
        query = link.get_text()
        assert parse_qs(urlsplit(link["href"]).query)["q"] == [query]
        result = _get(client, link["href"])
        assert _hits(result), f"help example {query!r} finds nothing"
        assert not result.select(".note"), f"help example {query!r} was not read as written"


def test_help_page_covers_the_query_language(client: FlaskClient) -> None:
    """The help page explains each part of the language, with a contents list."""
    page = _get(client, "/help")
    text = page.get_text(" ")
    for syntax in ('"', "AND", "OR", "NOT", "NEAR", "*", "~", "speaker:", "show:", "date:"):
        assert syntax in text
    for link in page.select("nav.toc a"):
        assert page.find(id=link["href"].removeprefix("#")) is not None
    assert "verbatim search" in text


# --- escaping ---------------------------------------------------------------------------


def test_markup_in_query_and_filters_is_text(newsroom: FlaskClient) -> None:
    """A query, speaker or show holding markup is echoed as text in every place it shows."""
    script = "<script>alert(1)</script>"
    response = newsroom.get(
        "/", query_string={"q": f"harbour {script}", "speaker": script, "show": script}
    )
    assert response.status_code == 200
    page = BeautifulSoup(response.get_data(as_text=True), "lxml")
    assert page.find_all("script") == []
    assert page.select_one("input[name=q]")["value"] == f"harbour {script}"
    assert script in page.title.get_text()
    chips = [c.get_text(" ", strip=True) for c in page.select(".chips .chip")]
    assert any(script in chip for chip in chips)
    assert Counter(o["value"] for o in page.select("option[selected]"))[script] == 2
