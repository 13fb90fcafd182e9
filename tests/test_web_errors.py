"""Errors: a JSON envelope under /api/, a friendly page elsewhere, never a stack trace."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from archive.store.folder import Archive
from web import create_app


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def _assert_friendly_page(response: TestResponse, status: int) -> BeautifulSoup:
    """Check that an error page is the site's own HTML page, with a way back."""
    assert response.status_code == status
    assert response.mimetype == "text/html"
    page = _soup(response.get_data(as_text=True))
    assert page.select_one(".error-page .status").get_text() == f"Error {status}"
    assert page.select_one(".error-page a[href='/']") is not None
    assert "Traceback" not in response.get_data(as_text=True)
    return page


def _assert_envelope(response: TestResponse, status: int) -> dict[str, Any]:
    """Check the API error envelope: exactly ok, error and status."""
    assert response.status_code == status
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert set(data) == {"ok", "error", "status"}
    assert data["ok"] is False
    assert data["status"] == status
    assert isinstance(data["error"], str) and data["error"]
    return data


@pytest.mark.parametrize(
    "path",
    ["/no-such-page", "/episodes/no-such-episode", "/p/no-such-episode.1", "/p/nodot"],
)
def test_html_not_found_is_a_friendly_page(client: FlaskClient, path: str) -> None:
    """A missing page, episode or passage answers 404 with the site's own page."""
    page = _assert_friendly_page(client.get(path), 404)
    assert page.h1.get_text() == "Not found"


@pytest.mark.parametrize(
    "path",
    [
        "/api/no-such-endpoint",
        "/api/episodes/no-such-episode",
        "/api/passages/no-such-episode.1",
        "/api/episodes/..%2F..%2Fetc",
    ],
)
def test_api_not_found_is_the_json_envelope(client: FlaskClient, path: str) -> None:
    """Every 404 under /api/ is the JSON envelope."""
    _assert_envelope(client.get(path), 404)


def test_api_not_found_names_the_missing_episode(client: FlaskClient) -> None:
    """The envelope's message says what was not found."""
    data = _assert_envelope(client.get("/api/episodes/no-such-episode"), 404)
    assert "no-such-episode" in data["error"]


def test_api_wrong_method_is_the_json_envelope(client: FlaskClient) -> None:
    """The web app only reads: a POST is refused with 405 in the envelope."""
    _assert_envelope(client.post("/api/search?q=x"), 405)


@pytest.mark.parametrize("query", ["page=abc", "page=0", "page=-1", "page_size=0", "page=1.5"])
def test_bad_paging_is_400_in_both_forms(client: FlaskClient, query: str) -> None:
    """A page that is not a positive whole number is a 400, as JSON and as HTML."""
    data = _assert_envelope(client.get(f"/api/search?q=light&{query}"), 400)
    assert "page" in data["error"]
    _assert_friendly_page(client.get(f"/?q=light&{query}"), 400)


def _app_with_crashing_routes(archive_root: Path) -> Flask:
    """Return an app with one page and one API route that fail with an unexpected error."""
    app = create_app({"TESTING": True, "ARCHIVE": str(archive_root)})

    def crash() -> str:
        raise RuntimeError("secret internal detail /etc/passwd")

    app.add_url_rule("/crash", "crash", crash)
    app.add_url_rule("/api/crash", "api_crash", crash)
    return app


def test_unexpected_error_is_a_plain_500_page(sample_archive: Archive) -> None:
    """A bug shows a generic 500 page that leaks nothing about the cause."""
    response = _app_with_crashing_routes(sample_archive.root).test_client().get("/crash")
    _assert_friendly_page(response, 500)
    assert "secret internal detail" not in response.get_data(as_text=True)


def test_unexpected_error_is_a_plain_500_envelope(sample_archive: Archive) -> None:
    """A bug under /api/ answers the envelope with status 500 and a generic message."""
    response = _app_with_crashing_routes(sample_archive.root).test_client().get("/api/crash")
    data = _assert_envelope(response, 500)
    assert "secret" not in data["error"]


def test_unexpected_error_is_logged(
    sample_archive: Archive, caplog: pytest.LogCaptureFixture
) -> None:
    """The operator still gets the real cause in the log."""
    _app_with_crashing_routes(sample_archive.root).test_client().get("/crash")
    assert any(
        record.exc_info and "secret internal detail" in str(record.exc_info[1])
        for record in caplog.records
    )


def test_missing_archive_is_a_clear_503(tmp_path: Path) -> None:
    """A folder that is not an archive gives a page saying so, on every route."""
    client = create_app({"TESTING": True, "ARCHIVE": str(tmp_path / "nowhere")}).test_client()
    for path in ("/", "/episodes", "/episodes/x", "/p/x.1"):
        page = _assert_friendly_page(client.get(path), 503)
        assert "not a Verbatim archive" in page.select_one(".message").get_text()
    data = _assert_envelope(client.get("/api/search?q=light"), 503)
    assert "not a Verbatim archive" in data["error"]


def test_unconfigured_archive_is_a_clear_503(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no ARCHIVE setting and no VERBATIM_ARCHIVE, the page says how to configure one."""
    monkeypatch.delenv("VERBATIM_ARCHIVE", raising=False)
    client = create_app({"TESTING": True}).test_client()
    page = _assert_friendly_page(client.get("/"), 503)
    assert "VERBATIM_ARCHIVE" in page.select_one(".message").get_text()
    _assert_envelope(client.get("/api/episodes"), 503)


def test_archive_from_the_environment(
    sample_archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without an ARCHIVE setting the app reads VERBATIM_ARCHIVE."""
    monkeypatch.setenv("VERBATIM_ARCHIVE", str(sample_archive.root))
    response = create_app({"TESTING": True}).test_client().get("/api/episodes")
    assert response.status_code == 200
    assert len(response.get_json()["episodes"]) == len(sample_archive.episodes())


def test_archive_created_after_start_is_picked_up(tmp_path: Path) -> None:
    """A failed open is not remembered: `verbatim init` while the site runs just works."""
    root = tmp_path / "later"
    client = create_app({"TESTING": True, "ARCHIVE": str(root)}).test_client()
    assert client.get("/api/episodes").status_code == 503
    Archive.init(root)
    response = client.get("/api/episodes")
    assert response.status_code == 200
    assert response.get_json() == {"episodes": []}
