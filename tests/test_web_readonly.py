"""The web app only reads: no route writes to the archive, whatever method it is sent.

Every route the app registers (`app.url_map`, so routes added later are covered too)
is sent GET, HEAD, OPTIONS, POST, PUT, PATCH and DELETE with a body; the archive's tree
hash is the same afterwards, and every writing method gets a 405 in the form the path
asks for. A broken archive (no index, a corrupt or unreadable episode file) gets a
friendly page or the JSON envelope, never a stack trace.
"""

from __future__ import annotations

import gc
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from archive.store.folder import Archive
from web import create_app, resources

WRITING_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Words that only appear when Python's own error report leaks out.
TRACE_MARKERS = ("Traceback", 'File "', "Error:", "werkzeug", "site-packages", ".py")


def fetch(client: FlaskClient, url: str, method: str = "GET", **kwargs: object) -> TestResponse:
    """Make a request and read the whole answer, closing any file a static route opened."""
    response = client.open(url, method=method, **kwargs)  # type: ignore[arg-type]
    response.get_data()
    response.close()
    return response


def route_urls(app: Flask, archive: Archive) -> list[str]:
    """Return one URL per registered route, its arguments filled with real values."""
    episode = archive.episodes()[0]
    values = {
        "episode_id": episode.id,
        "passage_id": episode.passages[0].id,
        "filename": "style.css",
        "revision": "1",
    }
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            # An argument this test does not know yet gets the first speaker's name.
            args = {
                name: values.get(name, episode.passages[0].speaker or "x")
                for name in rule.arguments
            }
            urls.append(rule.build(args, append_unknown=False)[1])  # type: ignore[index]
    return urls


def _is_api(url: str) -> bool:
    return url == "/api" or url.startswith("/api/")


def test_no_route_writes_whatever_the_method(
    app: Flask, sample_archive: Archive, tree_hash: Callable[[Path], str]
) -> None:
    """Every route, every method: the archive's bytes are unchanged; writes get a 405."""
    client = app.test_client()
    before = tree_hash(sample_archive.root)
    urls = route_urls(app, sample_archive)
    assert len(urls) >= 10
    for url in urls:
        for query in ("", "?q=seeds&text=seeds"):
            # A 400 (the quote API without text) is fine; a 5xx or a write is not.
            status = fetch(client, url + query).status_code
            assert status < 500, f"GET {url}{query}: {status}"
            assert fetch(client, url + query, "HEAD").status_code == status, url
            options = fetch(client, url, "OPTIONS")
            assert not set(WRITING_METHODS) & set(options.allow), f"{url} allows {options.allow}"
        for method in WRITING_METHODS:
            response = fetch(
                client,
                url,
                method,
                data=json.dumps({"title": "x"}),
                content_type="application/json",
            )
            where = f"{method} {url}"
            assert response.status_code == 405, where
            assert "GET" in response.allow and method not in response.allow, where
            if _is_api(url):
                assert response.get_json() == {
                    "ok": False,
                    "error": "The method is not allowed for the requested URL.",
                    "status": 405,
                }, where
            elif not url.startswith("/static/"):
                assert response.mimetype == "text/html", where
                page = BeautifulSoup(response.get_data(as_text=True), "lxml")
                assert page.select_one(".error-page .status").get_text() == "Error 405", where
    assert tree_hash(sample_archive.root) == before


def test_searches_and_pages_leave_no_trace_in_the_archive(
    app: Flask, sample_archive: Archive, tree_hash: Callable[[Path], str]
) -> None:
    """Searching, paging, exporting and checking quotes create no file, lock or cache."""
    client = app.test_client()
    before = tree_hash(sample_archive.root)
    for url in (
        "/?q=seeds&page=2",
        "/?q=germ*&sort=newest",
        "/api/search?q=seeds OR train&collapse=1",
        "/api/search/export?q=seeds&format=csv",
        "/quote?text=it was the first time",
        "/api/quote?text=it was the first time",
    ):
        assert fetch(client, url).status_code == 200, url
    assert tree_hash(sample_archive.root) == before


# --- a broken archive: friendly answers, never a stack trace ------------------------------


@pytest.fixture
def broken(sample_archive: Archive, tmp_path: Path) -> Iterator[tuple[Archive, FlaskClient]]:
    """Return a copy of the sample archive to break, and a client on it."""
    root = tmp_path / "broken"
    shutil.copytree(sample_archive.root, root)
    copy = Archive.open(root)
    app = create_app({"TESTING": True, "ARCHIVE": str(root)})
    yield copy, app.test_client()
    resources.close(app)


def _assert_no_trace(response: TestResponse, where: str) -> None:
    """Check an error answer is the envelope under /api/ and a friendly page elsewhere."""
    body = response.get_data(as_text=True)
    for marker in TRACE_MARKERS:
        assert marker not in body.replace("episode.json", ""), f"{where}: {marker!r} leaked"
    if _is_api(where):
        data = response.get_json()
        assert set(data) == {"ok", "error", "status"} and data["ok"] is False, where
        assert data["status"] == response.status_code
    else:
        page = BeautifulSoup(body, "lxml")
        assert page.select_one(".error-page h1"), where


def _pages(archive: Archive) -> list[str]:
    episode_id = archive.episode_ids()[0]
    return [
        "/?q=seeds",
        "/api/search?q=seeds",
        "/quote?text=seeds",
        "/api/quote?text=seeds",
        f"/episodes/{episode_id}?q=seeds",
    ]


def test_a_missing_index_is_explained(broken: tuple[Archive, FlaskClient]) -> None:
    """With no index folder, searches answer 503 saying to run reindex."""
    archive, client = broken
    shutil.rmtree(archive.index_dir)
    for url in _pages(archive):
        response = fetch(client, url)
        if response.status_code == 200:
            continue  # a page that needs no index may still be served
        assert response.status_code == 503, url
        _assert_no_trace(response, url)
        assert "reindex" in response.get_data(as_text=True), url
    assert fetch(client, "/?q=seeds").status_code == 503


@pytest.mark.parametrize(
    "damage",
    [
        b"{ this is not json",
        b"\xff\xfe\x00garbage",
        b'{"id": "x"}',
        b"[]",
        b"",
    ],
    ids=["not-json", "not-utf8", "missing-keys", "wrong-shape", "empty"],
)
def test_a_corrupt_episode_file_is_explained(
    broken: tuple[Archive, FlaskClient], damage: bytes
) -> None:
    """A damaged episode.json gives an error page or envelope, not a trace, on every page."""
    archive, client = broken
    episode = archive.episodes()[0]
    (archive.episodes_dir / episode.id / "episode.json").write_bytes(damage)
    urls = [
        f"/episodes/{episode.id}",
        f"/api/episodes/{episode.id}",
        f"/p/{episode.passages[0].id}",
        f"/api/passages/{episode.passages[0].id}",
        "/episodes",
        "/api/episodes",
        "/",
    ]
    failures = 0
    for url in urls:
        response = fetch(client, url)
        if response.status_code >= 400:
            failures += 1
            _assert_no_trace(response, url)
    assert failures >= 2  # the episode's own pages at least cannot be shown
    # Whatever the damage, the episode's own page says so (503, "verify"), not a bare 500.
    for url in (f"/episodes/{episode.id}", f"/api/episodes/{episode.id}"):
        response = fetch(client, url)
        assert response.status_code == 503, (url, response.status_code)
        assert "verbatim verify" in response.get_data(as_text=True)


def test_an_unreadable_episode_file_is_explained(broken: tuple[Archive, FlaskClient]) -> None:
    """An episode file that cannot be read (here a folder in its place) is an error page."""
    archive, client = broken
    episode = archive.episodes()[0]
    path = archive.episodes_dir / episode.id / "episode.json"
    path.unlink()
    # Tests may run as root, where file modes do not stop reads: a folder always does.
    path.mkdir()
    for url in (f"/episodes/{episode.id}", f"/api/episodes/{episode.id}", "/episodes"):
        response = fetch(client, url)
        if response.status_code >= 400:
            _assert_no_trace(response, url)
    assert fetch(client, f"/api/episodes/{episode.id}").status_code in (404, 503)


# Whoosh leaves the damaged table-of-contents file open when it refuses it; the leak is
# Whoosh's, reported when the file object is collected, and this test is about the answer.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_corrupt_index_is_explained(broken: tuple[Archive, FlaskClient]) -> None:
    """Index files replaced by junk give a 503 or 500 page, never a stack trace."""
    archive, client = broken
    for path in archive.index_dir.rglob("*"):
        if path.is_file():
            path.write_bytes(b"\x00junk" * 10)
    for url in _pages(archive):
        response = fetch(client, url)
        if response.status_code >= 400:
            _assert_no_trace(response, url)
    response = fetch(client, "/api/search?q=seeds")
    assert response.status_code == 503
    assert "reindex" in response.get_json()["error"]
    # Collect Whoosh's leaked file here, under this test's filter, not in a later test.
    gc.collect()


def test_one_unreadable_record_leaves_the_rest_listed_and_says_so(
    broken: tuple[Archive, FlaskClient],
) -> None:
    """A damaged episode.json is left out of every list, named, and the rest still shows."""
    archive, client = broken
    ids = sorted(archive.episode_ids())
    damaged, kept = ids[0], ids[1:]
    record = f"episodes/{damaged}/episode.json"
    (archive.root / record).write_text('{"trunc', encoding="utf-8")
    listing = client.get("/api/episodes").get_json()
    assert sorted(e["id"] for e in listing["episodes"]) == kept
    assert [d["path"] for d in listing["unreadable"]] == [record]
    page = client.get("/episodes").get_data(as_text=True)
    assert client.get("/episodes").status_code == 200
    assert record in page and "verbatim verify" in page
    assert all(f"/episodes/{k}" in page for k in kept)
    home = client.get("/")
    assert home.status_code == 200 and record in home.get_data(as_text=True)
    speakers = client.get("/speakers")
    assert speakers.status_code == 200 and record in speakers.get_data(as_text=True)
    assert client.get("/api/speakers").status_code == 200
    assert client.get("/api/search", query_string={"q": "the"}).status_code == 200
