"""Downloads of a search: CSV and JSON rows that match the API's hits, filters and all."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from test_web_search_ui import build_newsroom

from archive.ingest.pipeline import add_file
from archive.search.export import to_csv
from transcripts.timecodes import format_clock
from web import create_app, resources

DATA = Path(__file__).parent / "data" / "web"
COLUMNS = [
    "date",
    "show",
    "episode_id",
    "episode_title",
    "speaker",
    "section",
    "start",
    "start_ms",
    "end_ms",
    "text",
    "permalink",
]


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    """Return a client on the newsroom archive plus a file whose lines look like formulas."""
    archive = build_newsroom(tmp_path_factory.mktemp("export") / "archive")
    add_file(archive, DATA / "formula-cells.vtt", episode_id="formula", show="Flyers")
    app = create_app({"TESTING": True, "ARCHIVE": str(archive.root)})
    yield app.test_client()
    resources.close(app)


def _csv_rows(client: FlaskClient, query: str) -> list[dict[str, str]]:
    response = client.get(f"/api/search/export?format=csv&{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    text = response.get_data().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == COLUMNS
    return list(reader)


def _api_hits(client: FlaskClient, query: str) -> list[dict]:
    return client.get(f"/api/search?{query}&page_size=100").get_json()["hits"]


@pytest.mark.parametrize(
    "query",
    [
        "q=harbour",
        "q=harbour&sort=oldest",
        "q=harbour&speaker=Grace+Liu",
        "q=harbour+OR+ferry&show=City+Desk",
    ],
)
def test_csv_rows_are_the_api_hits(newsroom: FlaskClient, query: str) -> None:
    """The CSV holds every hit of the search, in order, with the API's values."""
    rows = _csv_rows(newsroom, query)
    hits = _api_hits(newsroom, query)
    assert len(rows) == len(hits) > 0
    for row, hit in zip(rows, hits, strict=True):
        assert row["permalink"] == hit["permalink"] == f"http://localhost/p/{hit['passage_id']}"
        assert row["text"] == hit["text"]
        assert row["speaker"] == hit["speaker"]
        assert row["episode_id"] == hit["episode_id"]
        assert row["episode_title"] == hit["episode_title"]
        assert row["date"] == (hit["date"] or "")
        assert row["show"] == (hit["show"] or "")
        assert row["start_ms"] == str(hit["start_ms"])
        assert row["end_ms"] == str(hit["end_ms"])
        assert row["start"] == format_clock(hit["start_ms"])


def test_json_export_has_the_same_rows(newsroom: FlaskClient) -> None:
    """The JSON download carries the same rows as the CSV, with the query and counts."""
    data = newsroom.get("/api/search/export?format=json&q=harbour&show=City+Desk").get_json()
    assert data["query"] == "harbour"
    assert data["filters"] == {"show": "City Desk"}
    assert data["exported"] == 5
    rows = _csv_rows(newsroom, "q=harbour&show=City+Desk")
    assert [r["permalink"] for r in data["rows"]] == [r["permalink"] for r in rows]
    assert list(data["rows"][0]) == COLUMNS


def test_csv_is_a_named_download(newsroom: FlaskClient) -> None:
    """The CSV downloads as a file named after the query."""
    response = newsroom.get('/api/search/export?format=csv&q="harbour+board"')
    disposition = response.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="verbatim-harbour-board.csv"'


def test_formula_like_cells_open_as_text(newsroom: FlaskClient) -> None:
    """A passage starting with = or + is prefixed so a spreadsheet shows it, not runs it."""
    rows = {r["speaker"]: r["text"] for r in _csv_rows(newsroom, "q=flyer+OR+code")}
    assert rows["Ivy Marsh"].startswith("'=HYPERLINK(")
    assert rows["Ned Marsh"].startswith("'+44")
    # JSON is data, not a spreadsheet: it keeps the text as spoken.
    data = newsroom.get("/api/search/export?format=json&q=flyer").get_json()
    assert data["rows"][0]["text"].startswith("=HYPERLINK(")


def test_csv_is_the_shared_exporter_with_a_bom(newsroom: FlaskClient) -> None:
    """The download is `to_csv` of the JSON export's rows, after a byte-order mark for Excel."""
    query = "q=flyer+OR+code+OR+harbour&sort=oldest"
    body = newsroom.get(f"/api/search/export?format=csv&{query}").get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = newsroom.get(f"/api/search/export?format=json&{query}").get_json()["rows"]
    assert body.decode("utf-8") == to_csv(rows, bom=True)


def test_bad_format_is_a_json_400(newsroom: FlaskClient) -> None:
    """An unknown format is the caller's mistake, answered in the API envelope."""
    response = newsroom.get("/api/search/export?format=xlsx&q=harbour")
    assert response.status_code == 400
    assert response.get_json()["ok"] is False
    assert "format" in response.get_json()["error"]


def test_search_page_links_its_downloads(newsroom: FlaskClient) -> None:
    """The page links CSV and JSON of its query and filters: every passage, from the first."""
    page = BeautifulSoup(
        newsroom.get("/?q=harbour&speaker=Nadia+Osei&sort=newest&collapse=1&page=1").data, "lxml"
    )
    for kind in ("csv", "json"):
        href = page.select_one(f"a.export-{kind}")["href"]
        url = urlsplit(href)
        assert url.path == "/api/search/export"
        assert parse_qs(url.query) == {
            "format": [kind],
            "q": ["harbour"],
            "speaker": ["Nadia Osei"],
            "sort": ["newest"],
        }
        assert newsroom.get(href).status_code == 200
