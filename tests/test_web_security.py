"""Untrusted text stays inert on every page, and every response carries the security headers.

The archive below is hostile on purpose: markup and `javascript:` URLs in the title,
show, hosts, guests, speaker labels, chapter titles, transcript text, episode URL and
audio URL. Every route the app registers (`app.url_map`, so pages added later are
covered too) is fetched plainly and with hostile query arguments, and each HTML answer
is read with BeautifulSoup and checked for anything a browser would run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import escape
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from archive.ingest.pipeline import add_file
from archive.store.folder import Archive
from web import create_app, resources
from web.security import CONTENT_SECURITY_POLICY

SCRIPT = "<script>alert('x')</script>"
JS_URL = "javascript:alert('x')"
IMG = "<img src=x onerror=alert('x')>"
# What a hostile reader types into every box and query argument at once.
HOSTILE_ARGS = {
    "q": f'zanzibar {SCRIPT} "{IMG}" {JS_URL}',
    "text": f"Zanzibar opens with {SCRIPT}",
    "speaker": SCRIPT,
    "show": JS_URL,
    "episode": IMG,
    "section": SCRIPT,
    "from": SCRIPT,
    "to": JS_URL,
    "sort": SCRIPT,
    "page": SCRIPT,
    "page_size": IMG,
    "format": SCRIPT,
    "collapse": SCRIPT,
    "limit": SCRIPT,
}
# WebVTT escapes < and & in cue text as entities: the reader turns them back into markup.
HOSTILE_VTT = f"""WEBVTT

00:00:01.000 --> 00:00:05.000
<v {escape(SCRIPT)}>Zanzibar opens with {escape(SCRIPT)} in the middle.

00:00:05.000 --> 00:00:09.000
<v {JS_URL}>A second zanzibar line with {escape(IMG)} &amp; {escape(f'<a href="{JS_URL}">')}.

00:00:09.000 --> 00:00:14.000
<v Plain Person>Quotes " and ' and a closing "> zanzibar attribute breaker.
"""
HOSTILE_CHAPTERS = {
    "version": "1.2.0",
    "chapters": [
        {"startTime": 0, "title": f"{SCRIPT} Opening"},
        {"startTime": 5, "title": JS_URL},
    ],
}
HOSTILE_MD = f"""# {SCRIPT} Zanzibar notes

## {JS_URL}

**Plain Person:** Zanzibar in markdown, {IMG} and <style>body{{display:none}}</style>.

## <b onmouseover="alert('x')">Bold</b> section

**Other Person:** More zanzibar: [a link]({JS_URL}) and <iframe src="{JS_URL}"></iframe>.
"""
PLAYABLE_VTT = """WEBVTT

00:01:05.000 --> 00:01:09.000
<v Plain Person>Zanzibar, with a play link beside it.
"""
# Security headers every response must carry, whatever made it.
EXPECTED_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
STRICT_REFERRER = {"no-referrer", "same-origin", "strict-origin"}
# Attributes a browser follows or loads: none may hold a script URL.
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcset")
_SCRIPT_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)
# Browsers ignore control characters and whitespace inside a scheme: `java\tscript:`.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """Return the app on an archive whose every field a user controls holds markup."""
    root = tmp_path_factory.mktemp("hostile")
    archive = Archive.init(root / "archive")
    vtt = root / "hostile.vtt"
    vtt.write_text(HOSTILE_VTT, encoding="utf-8")
    chapters = root / "hostile-chapters.json"
    chapters.write_text(json.dumps(HOSTILE_CHAPTERS), encoding="utf-8")
    add_file(
        archive,
        vtt,
        title=f"{SCRIPT} Title",
        show=f"<b>Show</b> {SCRIPT}",
        date="2024-05-01",
        episode_id="hostile",
        url=JS_URL,
        audio_url=JS_URL,
        hosts=[SCRIPT],
        guests=[JS_URL],
        chapters=chapters,
    )
    md = root / "notes.md"
    md.write_text(HOSTILE_MD, encoding="utf-8")
    add_file(
        archive,
        md,
        show=JS_URL,
        date="2023-01-01",
        episode_id="notes",
        url='https://example.com/"onmouseover="alert(1)',
    )
    timed = root / "timed.vtt"
    timed.write_text(PLAYABLE_VTT, encoding="utf-8")
    add_file(
        archive,
        timed,
        title="Playable",
        episode_id="playable",
        # A real http URL whose query tries to break out of the href attribute.
        audio_url='https://example.com/a.mp3?x="><script>alert(1)</script>',
    )
    app = create_app({"TESTING": True, "ARCHIVE": str(archive.root)})
    yield app
    resources.close(app)


@pytest.fixture
def hostile(hostile_app: Flask) -> FlaskClient:
    """Return a client on the hostile archive."""
    return hostile_app.test_client()


def test_fixture_really_holds_hostile_text(hostile_app: Flask) -> None:
    """The archive keeps every payload as text, so the checks below check something."""
    archive = Archive.open(hostile_app.config["ARCHIVE"])
    episode = archive.get_episode("hostile")
    assert episode.title == f"{SCRIPT} Title"
    assert episode.url == JS_URL and episode.audio_url == JS_URL
    assert {p.speaker for p in episode.passages} >= {SCRIPT, JS_URL}
    assert SCRIPT in episode.passages[0].text
    assert {s.title for s in episode.sections} == {f"{SCRIPT} Opening", JS_URL}
    assert {p.name for p in episode.participants} >= {SCRIPT, JS_URL}
    notes = archive.get_episode("notes")
    assert JS_URL in {s.title for s in notes.sections}
    assert any(IMG in p.text for p in notes.passages)


def _argument_values(hostile_app: Flask) -> dict[str, str]:
    """Return a real value for each URL argument name the app's routes use."""
    episode = Archive.open(hostile_app.config["ARCHIVE"]).get_episode("hostile")
    return {
        "episode_id": episode.id,
        "passage_id": episode.passages[0].id,
        "filename": "style.css",
        "speaker": SCRIPT,
        "name": SCRIPT,
        "slug": "plain-person",
        "revision": "1",
    }


def route_urls(app: Flask, values: dict[str, str]) -> list[str]:
    """Return one GET URL per registered route, filling its arguments from `values`."""
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in (rule.methods or ()):
                continue
            # An argument no test knows yet gets hostile text: its error page must be inert.
            args = {name: values.get(name, SCRIPT) for name in rule.arguments}
            urls.append(rule.build(args, append_unknown=False)[1])  # type: ignore[index]
    return urls


def hostile_requests(app: Flask) -> list[str]:
    """Return every route, plainly and with hostile query arguments, plus error-page URLs."""
    urls = route_urls(app, _argument_values(app))
    hostile_query = "&".join(f"{k}={quote(v)}" for k, v in HOSTILE_ARGS.items())
    # Readable arguments (a search that finds the hostile passages) and unreadable ones.
    readable = "q=zanzibar&text=" + quote("Zanzibar opens with") + "&limit=5"
    requests = []
    for url in urls:
        requests += [url, f"{url}?{readable}", f"{url}?{hostile_query}"]
    requests += [
        "/" + quote(SCRIPT),
        "/episodes/" + quote(SCRIPT),
        "/p/" + quote(f"{SCRIPT}.1"),
        "/api/episodes/" + quote(SCRIPT),
        "/episodes/hostile?q=" + quote(f"zanzibar {SCRIPT}"),
        "/?q=zanzibar&page=" + quote(SCRIPT),
    ]
    return requests


def assert_inert(body: str, where: str) -> BeautifulSoup:
    """Check that an HTML page holds nothing a browser would run, and nothing the CSP blocks."""
    page = BeautifulSoup(body, "lxml")
    for script in page.find_all("script"):
        # Only same-origin script files: inline code would be blocked by the CSP anyway.
        assert script.get("src", "").startswith("/static/"), f"{where}: inline {script}"
        assert not script.get_text().strip(), f"{where}: script with a body"
    for tag in ("style", "iframe", "object", "embed", "base", "img", "svg", "frame", "b"):
        assert page.find(tag) is None, f"{where}: a <{tag}> element reached the page"
    assert page.find("meta", attrs={"http-equiv": True}) is None, where
    for element in page.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), f"{where}: handler {name} on {element}"
            assert name.lower() != "style", f"{where}: style attribute on {element.name}"
            if name.lower() in URL_ATTRIBUTES:
                text = value if isinstance(value, str) else " ".join(value)
                url = _IGNORED_IN_SCHEME.sub("", text)
                assert not _SCRIPT_SCHEME.match(url), f"{where}: {name}={text!r}"
    # The payloads arrive escaped in the bytes, not just repaired by a lenient parser.
    assert "<script>alert" not in body, where
    assert "<img src=x" not in body, where
    return page


def fetch(client: FlaskClient, url: str, method: str = "GET") -> TestResponse:
    """Make a request and read the whole answer, closing any file a static route opened."""
    response = client.open(url, method=method)
    response.get_data()
    response.close()
    return response


def _is_html(response: TestResponse) -> bool:
    return response.mimetype == "text/html"


def test_every_page_renders_hostile_text_inert(hostile: FlaskClient, hostile_app: Flask) -> None:
    """Every route, with hostile data and hostile arguments, renders nothing executable."""
    seen_html = 0
    for url in hostile_requests(hostile_app):
        response = fetch(hostile, url)
        assert response.status_code < 500, f"{url}: {response.status_code}"
        if _is_html(response):
            assert_inert(response.get_data(as_text=True), url)
            seen_html += 1
    assert seen_html >= 20


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/episodes/hostile", f"{SCRIPT} Title"),
        ("/episodes/hostile", f"{SCRIPT} Opening"),
        ("/episodes/hostile", "<b>Show</b>"),
        ("/episodes/hostile", JS_URL),
        ("/episodes/notes", IMG),
        ("/episodes/notes", "<style>body{display:none}</style>"),
        ("/?q=zanzibar", SCRIPT),
        ("/?q=zanzibar", IMG),
        ("/?q=" + quote(f"zanzibar {SCRIPT}"), f"zanzibar {SCRIPT}"),
        ("/p/hostile.1", SCRIPT),
        ("/quote?text=" + quote(f"Zanzibar opens with {SCRIPT}"), SCRIPT),
        ("/episodes/" + quote(IMG), IMG),
        # Short enough to be read, and echoed, by the page-number check.
        ("/?q=zanzibar&page=" + quote("<b>1</b>"), "<b>1</b>"),
    ],
)
def test_hostile_text_is_shown_as_text(hostile: FlaskClient, url: str, expected: str) -> None:
    """The reader sees the markup as characters: escaped, not dropped."""
    response = fetch(hostile, url)
    page = assert_inert(response.get_data(as_text=True), url)
    assert expected in page.get_text(), url


def test_form_values_stay_inside_their_attributes(hostile: FlaskClient) -> None:
    """A query with quotes and angle brackets comes back as the search box's exact value."""
    query = 'zanzibar "><script>alert(1)</script> \' onfocus=alert(1) x="'
    page = assert_inert(hostile.get("/?q=" + quote(query)).get_data(as_text=True), "search")
    assert page.select_one("input[name=q]")["value"] == query.strip()
    quote_page = assert_inert(
        hostile.get("/quote?text=" + quote(query)).get_data(as_text=True), "quote"
    )
    assert quote_page.find(attrs={"name": "text"}).get_text() == query


def test_audio_and_episode_urls_never_become_script_links(hostile: FlaskClient) -> None:
    """A `javascript:` audio URL gives no play link; an http one stays one escaped href."""
    page = assert_inert(hostile.get("/?q=zanzibar").get_data(as_text=True), "search")
    plays = [a["href"] for a in page.select("a.play")]
    assert plays, "the http audio URL should still give play links"
    # One attribute each, the markup inside it, the media fragment added at the end.
    assert plays == ['https://example.com/a.mp3?x="><script>alert(1)</script>#t=65']
    hrefs = [a.get("href", "") for a in page.find_all("a")]
    assert JS_URL not in hrefs


def _assert_security_headers(response: TestResponse, where: str) -> None:
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers.get(name) == value, f"{where}: {name}"
    assert response.headers.get("Referrer-Policy") in STRICT_REFERRER, where
    permissions = response.headers.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in permissions, f"{where}: Permissions-Policy lacks {feature}"


def test_csp_allows_no_inline_script_or_style() -> None:
    """The policy is the one the issue asks for: nothing inline, nothing from elsewhere."""
    directives = dict(d.strip().split(" ", 1) for d in CONTENT_SECURITY_POLICY.split(";"))
    assert directives == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "base-uri": "'none'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
    }
    assert "unsafe" not in CONTENT_SECURITY_POLICY


def test_every_response_carries_the_security_headers(
    hostile: FlaskClient, hostile_app: Flask
) -> None:
    """Pages, JSON, static files, downloads, 400s, 404s and 405s all carry the headers."""
    urls = hostile_requests(hostile_app) + [
        "/static/find.js",
        "/static/no-such-file.css",
        "/api/search/export?q=zanzibar&format=csv",
        "/api/nothing-here",
    ]
    statuses = set()
    for url in urls:
        response = fetch(hostile, url)
        _assert_security_headers(response, url)
        statuses.add(response.status_code)
    for method in ("POST", "PUT", "DELETE"):
        for url in ("/", "/api/search"):
            response = fetch(hostile, url, method)
            assert response.status_code == 405
            _assert_security_headers(response, f"{method} {url}")
    assert {200, 400, 404} <= statuses


def test_errors_from_a_broken_archive_carry_the_headers(tmp_path: Path) -> None:
    """A 503 for a missing archive and a 500 from a bug are answered with the headers too."""
    app = create_app({"TESTING": True, "ARCHIVE": str(tmp_path / "missing")})

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("a bug with a secret /etc/passwd path")

    client = app.test_client()
    for url, status in (("/", 503), ("/api/search?q=x", 503), ("/boom", 500)):
        response = client.get(url)
        assert response.status_code == status
        _assert_security_headers(response, url)
        assert "/etc/passwd" not in response.get_data(as_text=True)


def test_json_is_served_as_json(hostile: FlaskClient) -> None:
    """Hostile text in JSON is data: served as application/json, never sniffed as HTML."""
    for url in ("/api/episodes/hostile", "/api/search?q=zanzibar", "/api/passages/hostile.1"):
        response = fetch(hostile, url)
        assert response.mimetype == "application/json"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert SCRIPT in response.get_data(as_text=True) or SCRIPT in json.dumps(
            response.get_json()
        )
