"""The JSON twins: the contract's shapes, built from the same calls as the pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from archive.ingest.pipeline import add_file
from archive.store.folder import Archive
from web import create_app

FIXTURE = Path(__file__).parent / "data" / "web" / "script-injection.vtt"
EXAMPLES = Path(__file__).parent.parent / "examples"

SEARCH_KEYS = {"query", "total", "page", "hits", "facets"}
HIT_KEYS = {
    "passage_id",
    "episode_id",
    "episode_title",
    "speaker",
    "section",
    "start_ms",
    "end_ms",
    "text",
    "highlight",
    "url",
}


def _json(client: FlaskClient, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    return response.get_json()


def test_search_json_has_the_contract_shape(client: FlaskClient, sample_archive: Archive) -> None:
    """The search JSON carries the contract's keys, and each hit a permalink."""
    data = _json(client, "/api/search?q=lighthouse")
    assert SEARCH_KEYS <= set(data)
    assert data["query"] == "lighthouse"
    assert data["page"] == 1
    assert data["total"] >= len(data["hits"]) > 0
    for hit in data["hits"]:
        assert HIT_KEYS <= set(hit)
        assert hit["url"] == f"/p/{hit['passage_id']}"
        assert hit["permalink"] == f"http://localhost/p/{hit['passage_id']}"
        assert "<mark>" in hit["highlight"]
        episode, passage = sample_archive.find_passage(hit["passage_id"])
        assert (hit["episode_id"], hit["text"], hit["speaker"]) == (
            episode.id,
            passage.text,
            passage.speaker,
        )


def test_search_json_and_page_show_the_same_hits(client: FlaskClient) -> None:
    """HTML and JSON come from one search call: same passages, same order, same total."""
    data = _json(client, "/api/search?q=train&speaker=Marcus+Hale")
    page = BeautifulSoup(client.get("/?q=train&speaker=Marcus+Hale").data, "lxml")
    assert [h["url"] for h in data["hits"]] == [a["href"] for a in page.select(".hit a.permalink")]
    assert str(data["total"]) == page.select_one(".summary strong").get_text()
    assert {h["speaker"] for h in data["hits"]} == {"Marcus Hale"}


def test_search_json_pages(client: FlaskClient) -> None:
    """page and page_size pick a window of the same ranked results."""
    everything = _json(client, "/api/search?q=train&page_size=50")
    second = _json(client, "/api/search?q=train&page=2&page_size=2")
    assert second["page"] == 2
    assert second["total"] == everything["total"]
    assert [h["passage_id"] for h in second["hits"]] == [
        h["passage_id"] for h in everything["hits"][2:4]
    ]


def test_search_json_filters_by_episode(client: FlaskClient, sample_archive: Archive) -> None:
    """The episode filter keeps only that episode's passages."""
    episode = next(e for e in sample_archive.episodes() if "night" in e.id)
    data = _json(client, f"/api/search?q=the&episode={episode.id}")
    assert data["hits"]
    assert {h["episode_id"] for h in data["hits"]} == {episode.id}


def test_episodes_json_lists_every_episode(client: FlaskClient, sample_archive: Archive) -> None:
    """The episode list summarises every episode, newest first."""
    data = _json(client, "/api/episodes")
    episodes = sample_archive.episodes()
    assert [e["id"] for e in data["episodes"]] == [e.id for e in episodes]
    for item, episode in zip(data["episodes"], episodes, strict=True):
        assert item["title"] == episode.title
        assert item["date"] == episode.date
        assert item["passages"] == len(episode.passages)
        assert item["participants"] == [p.to_dict() for p in episode.participants]
        assert item["url"] == f"/episodes/{episode.id}"


def test_episode_json_is_the_contract_episode(client: FlaskClient, sample_archive: Archive) -> None:
    """The episode JSON is exactly the stored episode's contract JSON."""
    for episode in sample_archive.episodes():
        assert _json(client, f"/api/episodes/{episode.id}") == episode.to_dict()


def test_passage_json_has_passage_episode_and_citation(
    client: FlaskClient, sample_archive: Archive
) -> None:
    """The passage JSON carries the passage, its episode, its links and its citation."""
    episode = sample_archive.episodes()[0]
    passage = episode.passages[1]
    data = _json(client, f"/api/passages/{passage.id}")
    assert data["passage"] == passage.to_dict()
    assert data["episode"]["id"] == episode.id
    assert data["episode"]["title"] == episode.title
    assert data["url"] == f"/p/{passage.id}"
    assert data["permalink"] == f"http://localhost/p/{passage.id}"
    assert data["in_context"] == f"http://localhost/episodes/{episode.id}#{passage.id}"
    assert data["citation"].endswith(data["permalink"])
    assert [p["id"] for p in data["context"]["before"]] == [episode.passages[0].id]
    assert [p["id"] for p in data["context"]["after"]] == [p.id for p in episode.passages[2:4]]


def _check_added_while_running(archive: Archive) -> None:
    """Search and list through one app, add an episode, and expect to see it at once."""
    client = create_app({"TESTING": True, "ARCHIVE": str(archive.root)}).test_client()
    before = [e["id"] for e in _json(client, "/api/episodes")["episodes"]]
    assert _json(client, "/api/search?q=zanzibar")["total"] == 0

    add_file(archive, FIXTURE, title="Added later", episode_id="added-later")

    assert _json(client, "/api/search?q=zanzibar")["total"] == 2
    after = [e["id"] for e in _json(client, "/api/episodes")["episodes"]]
    assert sorted(after) == sorted([*before, "added-later"])
    page = BeautifulSoup(client.get("/?q=zanzibar").data, "lxml")
    assert len(page.select("ol.hits > li.hit")) == 2
    assert client.get("/episodes/added-later").status_code == 200


def test_an_episode_added_while_running_is_found(tmp_path: Path) -> None:
    """The app sees an episode added after it started, in search and lists, without a restart."""
    archive = Archive.init(tmp_path / "archive")
    add_file(archive, EXAMPLES / "seed-library.txt")
    _check_added_while_running(archive)


def test_the_first_episode_added_while_running_is_found(tmp_path: Path) -> None:
    """An app started on an empty archive finds the first episode added to it."""
    _check_added_while_running(Archive.init(tmp_path / "archive"))


def test_search_json_filters_by_date(client: FlaskClient, sample_archive: Archive) -> None:
    """from and to keep hits from episodes dated inside the range."""
    dated = {e.id: e.date for e in sample_archive.episodes() if e.date}
    assert dated, "the sample archive should have a dated episode"
    day = next(iter(dated.values()))
    data = _json(client, f"/api/search?q=the&from={day}&to={day}&page_size=100")
    assert data["hits"]
    assert {h["date"] for h in data["hits"]} == {day}
    later = _json(client, f"/api/search?q=the&from={int(day[:4]) + 1}")
    assert later["total"] == 0


def test_search_json_bad_date_is_400(client: FlaskClient) -> None:
    """A date that is not YYYY[-MM[-DD]] is the caller's mistake: 400 in the envelope."""
    response = client.get("/api/search?q=the&from=last+tuesday")
    assert response.status_code == 400
    assert "date" in response.get_json()["error"]


# --- issue 4: order, collapse, sections, facets, suggestions -----------------------------


def test_search_json_has_facets_suggestion_and_episode_counts(client: FlaskClient) -> None:
    """The search JSON counts matches by speaker, show and year, and per episode."""
    data = _json(client, "/api/search?q=train&page_size=2")
    assert set(data["facets"]) >= {"speaker", "show", "year"}
    speakers = {item["value"]: item["count"] for item in data["facets"]["speaker"]}
    assert sum(speakers.values()) == data["total"]
    assert sum(data["episode_counts"].values()) == data["total"]
    assert "suggestion" in data and data["suggestion"] is None
    assert data["sort"] == "relevance" and data["collapse"] is False


def test_search_json_sorts_by_date(tmp_path: Path) -> None:
    """sort=newest and sort=oldest order hits by their episode's date."""
    archive = Archive.init(tmp_path / "archive")
    for day, name in (("2021-05-01", "seed-library.txt"), ("2023-07-09", "night-trains.md")):
        add_file(archive, EXAMPLES / name, date=day)
    client = create_app({"TESTING": True, "ARCHIVE": str(archive.root)}).test_client()
    for sort, reverse in (("newest", True), ("oldest", False)):
        dates = [h["date"] for h in _json(client, f"/api/search?q=the&sort={sort}")["hits"]]
        assert len(set(dates)) == 2
        assert dates == sorted(dates, reverse=reverse)


def test_search_json_collapses_to_one_hit_per_episode(client: FlaskClient) -> None:
    """collapse=1 keeps the best hit of each episode; episode_counts still counts them all."""
    full = _json(client, "/api/search?q=the&page_size=100")
    data = _json(client, "/api/search?q=the&collapse=1&page_size=100")
    episodes = [h["episode_id"] for h in data["hits"]]
    assert len(episodes) == len(set(episodes)) == len({h["episode_id"] for h in full["hits"]})
    assert data["collapse"] is True
    for episode_id, count in data["episode_counts"].items():
        assert count == sum(h["episode_id"] == episode_id for h in full["hits"])


def test_search_json_filters_by_section(client: FlaskClient, sample_archive: Archive) -> None:
    """section= keeps hits from sections whose title has the words."""
    data = _json(client, "/api/search?q=train&section=timetable&page_size=100")
    assert data["hits"]
    assert all("timetable" in (h["section"] or "").casefold() for h in data["hits"])


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("page_size=101", "page_size"),
        ("page_size=0", "page_size"),
        ("sort=loudest", "sort"),
        ("collapse=maybe", "collapse"),
        ("page_size=ten", "page_size"),
    ],
)
def test_search_json_bounds_are_400(client: FlaskClient, query: str, word: str) -> None:
    """Out-of-range or unknown parameters answer 400 in the envelope, naming the parameter."""
    response = client.get(f"/api/search?q=train&{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["ok"] is False and body["status"] == 400
    assert word in body["error"]


def test_search_json_page_size_100_is_allowed(client: FlaskClient) -> None:
    """The largest page size is accepted and honoured."""
    data = _json(client, "/api/search?q=the&page_size=100")
    assert data["page_size"] == 100
    assert len(data["hits"]) == min(100, data["total"])
