"""The HTML pages, through the real app on a real archive, read with BeautifulSoup."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from flask.testing import FlaskClient

from archive.store.folder import Archive
from transcripts.model import Episode
from transcripts.timecodes import format_clock
from web import create_app


def _get(client: FlaskClient, url: str) -> BeautifulSoup:
    """Fetch a page, check it is a 200 HTML page, and parse it."""
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "text/html"
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def _hits(page: BeautifulSoup) -> list[Tag]:
    return page.select("ol.hits > li.hit")


# --- the search page -------------------------------------------------------------------


def test_empty_search_page_offers_examples_and_recent_episodes(
    client: FlaskClient, sample_archive: Archive
) -> None:
    """With no query: a search box, example queries that find something, recent episodes."""
    page = _get(client, "/")
    assert page.select_one("form[role=search] input[name=q]")["value"] == ""
    assert not page.select("ol.hits")
    examples = page.select(".examples a")
    assert len(examples) >= 3
    for link in examples:
        assert _hits(_get(client, link["href"])), f"example {link['href']} finds nothing"
    recent = [a["href"] for a in page.select(".episode-list .episode-title")]
    assert recent == [f"/episodes/{e.id}" for e in sample_archive.episodes()][: len(recent)]
    assert recent


def test_speaker_select_lists_every_participant(
    client: FlaskClient, sample_archive: Archive
) -> None:
    """The speaker filter offers every participant in the archive, and 'Anyone'."""
    page = _get(client, "/")
    options = [o["value"] for o in page.select("select[name=speaker] option")]
    participants = {p.name for e in sample_archive.episodes() for p in e.participants}
    assert options[0] == ""
    assert participants <= set(options[1:])
    assert "Joe Okafor" in options


def test_results_show_highlighted_passages_with_their_details(
    client: FlaskClient, sample_archive: Archive
) -> None:
    """Each hit shows the marked passage, speaker, episode, date and time, and its links."""
    page = _get(client, "/?q=lighthouse")
    assert page.select_one("input[name=q]")["value"] == "lighthouse"
    hits = _hits(page)
    assert hits
    summary = page.select_one(".summary strong").get_text()
    assert int(summary) >= len(hits)
    for hit in hits:
        marks = [m.get_text().casefold() for m in hit.select(".hit-text mark")]
        assert marks and all(m.startswith("lighthouse") for m in marks)
        link = hit.select_one("a.hit-link")
        url = urlsplit(link["href"])
        episode_id, passage_id = url.path.removeprefix("/episodes/"), url.fragment
        episode, passage = sample_archive.find_passage(passage_id)
        assert episode.id == episode_id
        assert link.get_text() == episode.title
        assert hit.select_one(".speaker").get_text() == passage.speaker
        assert hit.select_one(".time").get_text() == format_clock(passage.start_ms)
        if episode.date:
            assert hit.select_one("time")["datetime"] == episode.date
        assert hit.select_one("a.permalink")["href"] == f"/p/{passage_id}"


def test_hit_links_land_on_an_anchored_passage(client: FlaskClient) -> None:
    """Following a hit's episode link finds the passage's anchor on the episode page."""
    hits = _hits(_get(client, "/?q=train"))
    assert len(hits) >= 2
    for hit in hits:
        url = urlsplit(hit.select_one("a.hit-link")["href"])
        episode_page = _get(client, url.path)
        target = episode_page.find(id=url.fragment)
        assert target is not None and "passage" in target["class"]
        hit_words = hit.select_one(".hit-text").get_text(" ", strip=True).split()
        assert hit_words[0] in target.select_one(".text").get_text()


def test_hit_permalinks_open_the_passage(client: FlaskClient) -> None:
    """Each hit's permalink opens the passage page showing that passage."""
    for hit in _hits(_get(client, "/?q=seeds")):
        href = hit.select_one("a.permalink")["href"]
        page = _get(client, href)
        assert page.select_one("figure.quote")["id"] == href.rsplit("/", 1)[1]


def test_speaker_filter_narrows_results(client: FlaskClient) -> None:
    """With a speaker chosen, every hit is theirs and the option stays selected."""
    everyone = _hits(_get(client, "/?q=train"))
    page = _get(client, "/?q=train&speaker=Marcus+Hale")
    hits = _hits(page)
    assert 0 < len(hits) < len(everyone)
    assert {h.select_one(".speaker").get_text() for h in hits} == {"Marcus Hale"}
    assert page.select_one("select[name=speaker] option[selected]")["value"] == "Marcus Hale"


def test_quoted_phrase_is_passed_through(client: FlaskClient) -> None:
    """A quoted phrase reaches the search as typed and finds the one sentence."""
    page = _get(client, '/?q="it+was+the+first+time+in"')
    hits = _hits(page)
    assert len(hits) == 1
    assert hits[0].select_one(".speaker").get_text() == "Élodie Marchand"
    assert [m.get_text() for m in hits[0].select("mark")] == ["It was the first time in"]
    assert page.select_one("input[name=q]")["value"] == '"it was the first time in"'


def test_no_results_says_so(client: FlaskClient) -> None:
    """A query that matches nothing says so instead of showing an empty list."""
    page = _get(client, "/?q=xylophonist")
    assert not _hits(page)
    assert "No passages found" in page.select_one(".summary").get_text()


def test_search_notes_are_shown(client: FlaskClient) -> None:
    """What the search had to change in a malformed query is shown to the reader."""
    page = _get(client, "/?q=lighthouse+AND")
    assert page.select(".note")
    assert _hits(page)


def test_paging_links_walk_through_results(sample_archive: Archive) -> None:
    """Next and previous links keep the query and filters and change the page."""
    app = create_app({"TESTING": True, "ARCHIVE": str(sample_archive.root), "PAGE_SIZE": 2})
    client = app.test_client()
    first = _get(client, "/?q=train&speaker=%C3%89lodie+Marchand")
    assert len(_hits(first)) == 2
    assert first.select_one(".pager a[rel=prev]") is None
    next_href = first.select_one(".pager a[rel=next]")["href"]
    args = parse_qs(urlsplit(next_href).query)
    assert args == {"q": ["train"], "speaker": ["Élodie Marchand"], "page": ["2"]}
    second = _get(client, next_href)
    assert _hits(second)
    assert {h.select_one("a.permalink")["href"] for h in _hits(second)}.isdisjoint(
        h.select_one("a.permalink")["href"] for h in _hits(first)
    )
    assert second.select_one("ol.hits")["start"] == "3"
    prev_href = second.select_one(".pager a[rel=prev]")["href"]
    assert parse_qs(urlsplit(prev_href).query) == {"q": ["train"], "speaker": ["Élodie Marchand"]}


# --- episodes ------------------------------------------------------------------------


def test_episodes_page_lists_every_episode(client: FlaskClient, sample_archive: Archive) -> None:
    """The episode list links every episode in the archive, newest first."""
    page = _get(client, "/episodes")
    links = [a["href"] for a in page.select(".episode-list .episode-title")]
    assert links == [f"/episodes/{e.id}" for e in sample_archive.episodes()]
    assert len(links) == 3


@pytest.fixture
def episode_with_sections(sample_archive: Archive) -> Episode:
    """Return the sample episode with the most sections."""
    return max(sample_archive.episodes(), key=lambda e: len(e.sections))


def test_episode_page_shows_header_and_participants(
    client: FlaskClient, episode_with_sections: Episode
) -> None:
    """The episode page names the episode, its show and date, and its people with roles."""
    episode = episode_with_sections
    page = _get(client, f"/episodes/{episode.id}")
    assert page.h1.get_text() == episode.title
    people = [
        (li.select_one(".speaker").get_text(), (li.select_one(".role") or li).get_text())
        for li in page.select(".participants li")
    ]
    assert [name for name, _ in people] == [p.name for p in episode.participants]
    for (_, role), participant in zip(people, episode.participants, strict=True):
        if participant.role:
            assert role == participant.role


def test_episode_page_anchors_every_passage(
    client: FlaskClient, episode_with_sections: Episode
) -> None:
    """Every passage is an element with its id, its text, its time and a permalink."""
    episode = episode_with_sections
    page = _get(client, f"/episodes/{episode.id}")
    anchored = page.select(".transcript .passage")
    assert [p["id"] for p in anchored] == [p.id for p in episode.passages]
    for element, passage in zip(anchored, episode.passages, strict=True):
        assert element.select_one(".text").get_text() == passage.text
        assert element.select_one("a.permalink")["href"] == f"/p/{passage.id}"
        if passage.start_ms is not None:
            assert element.select_one("a.ts").get_text() == format_clock(passage.start_ms)


def test_episode_page_groups_passages_into_speaker_turns(
    client: FlaskClient, episode_with_sections: Episode
) -> None:
    """Each turn names its speaker once, and holds only that speaker's passages."""
    episode = episode_with_sections
    page = _get(client, f"/episodes/{episode.id}")
    turns = page.select(".transcript .turn")
    assert len(turns) >= len(episode.turns())
    for turn in turns:
        speaker = turn.select_one(".turn-head .speaker").get_text()
        for element in turn.select(".passage"):
            assert episode.passage(element["id"]).speaker == speaker


def test_episode_contents_link_to_section_headings(
    client: FlaskClient, episode_with_sections: Episode
) -> None:
    """The table of contents lists the sections and each link has a heading to land on."""
    episode = episode_with_sections
    assert episode.sections, "the sample archive should have an episode with sections"
    page = _get(client, f"/episodes/{episode.id}")
    links = page.select("nav.toc a")
    assert [a.get_text() for a in links] == [s.title for s in episode.sections]
    for link in links:
        heading = page.find(id=link["href"].removeprefix("#"))
        assert heading is not None and heading.name == "h2"
        assert heading.get_text().startswith(link.get_text())


def test_element_ids_are_unique(client: FlaskClient, sample_archive: Archive) -> None:
    """No two elements on an episode page share an id, so every anchor is unambiguous."""
    for episode in sample_archive.episodes():
        ids = [tag["id"] for tag in _get(client, f"/episodes/{episode.id}").select("[id]")]
        assert len(ids) == len(set(ids))


# --- the permalink page ----------------------------------------------------------------


def test_permalink_page_shows_passage_context_and_citation(
    client: FlaskClient, episode_with_sections: Episode
) -> None:
    """The permalink page quotes the passage, shows its neighbours and a citation."""
    episode = episode_with_sections
    index = len(episode.passages) // 2
    passage = episode.passages[index]
    page = _get(client, f"/p/{passage.id}")
    quote = page.select_one("figure.quote")
    assert quote.blockquote.get_text(strip=True) == passage.text
    assert quote.select_one(".speaker").get_text() == passage.speaker
    assert page.select_one(".kicker a")["href"] == f"/episodes/{episode.id}"

    before = [a["href"] for a in page.select(".context.before a.context-link")]
    after = [a["href"] for a in page.select(".context.after a.context-link")]
    assert before == [f"/episodes/{episode.id}#{p.id}" for p in episode.passages[index - 2 : index]]
    assert after == [
        f"/episodes/{episode.id}#{p.id}" for p in episode.passages[index + 1 : index + 3]
    ]
    in_context = page.select_one(".in-context a")["href"]
    assert in_context == f"/episodes/{episode.id}#{passage.id}"

    # The panel's Chicago citation names the speaker (family name first) and ends with
    # the permalink; the quote carries the verbatim text and the time.
    citation = page.select_one("#cite-chicago .citation-text").get_text()
    family, given = passage.speaker.rsplit(" ", 1)[-1], passage.speaker.rsplit(" ", 1)[0]
    assert citation.startswith(f"{family}, {given}.")
    assert f"“{episode.title}.”" in citation
    assert citation.endswith(f"http://localhost/p/{passage.id}.")
    quote = page.select_one(".cite-quote textarea").get_text()
    assert passage.text in quote
    if passage.start_ms is not None:
        assert format_clock(passage.start_ms) in quote


def test_permalink_of_the_first_passage_has_no_context_before(
    client: FlaskClient, sample_archive: Archive
) -> None:
    """At the start of an episode there is nothing before, and nothing breaks."""
    episode = sample_archive.episodes()[0]
    page = _get(client, f"/p/{episode.passages[0].id}")
    assert not page.select(".context.before")
    assert len(page.select(".context.after .context-passage")) == min(2, len(episode.passages) - 1)


def test_show_filter_offers_every_show(tmp_path: Path) -> None:
    """With several shows, a show select lists them and narrows the results."""
    from archive.ingest.pipeline import add_file

    archive = Archive.init(tmp_path / "archive")
    examples = Path(__file__).parent.parent / "examples"
    add_file(archive, examples / "seed-library.txt", show="Small Institutions")
    add_file(archive, examples / "night-trains.md", show="Slow Travel")
    client = create_app({"TESTING": True, "ARCHIVE": str(archive.root)}).test_client()
    page = _get(client, "/?q=the&show=Slow+Travel")
    options = [o["value"] for o in page.select("select[name=show] option")]
    assert options == ["", "Slow Travel", "Small Institutions"]
    assert page.select_one("select[name=show] option[selected]")["value"] == "Slow Travel"
    shows = {h.select_one(".show").get_text() for h in _hits(page)}
    assert shows == {"Slow Travel"}
