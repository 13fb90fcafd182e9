"""Citations on the web: the permalink page's panel, its JSON twin, copy buttons, typed ids."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from archive.research.cite import QUOTE, STYLES, cite
from archive.search.indexing import index_episode
from archive.store.folder import Archive
from tests.conftest import build_episode
from tests.live_browser import CHROMIUM, CHROMIUM_ARGS, NO_CHROMIUM, serve
from transcripts.model import Episode, Participant
from web import create_app, resources

# The app builds permalinks from the URL the reader used; the test client's is localhost.
BASE = "http://localhost"
SHOW = "Shoreline Stories"


def interview() -> Episode:
    """A timed interview with a host and a guest."""
    episode = build_episode(
        "tide-tables",
        [
            ("Nell Brannigan", "Welcome back to the harbour office."),
            ("Osei Mensah", "Thank you. The sea keeps better time than any of us."),
            ("Nell Brannigan", "How long have you kept the gauge?"),
            ("Osei Mensah", "Nineteen years, since the spring of the great storm."),
        ],
        title="Reading the Tide Tables",
        show=SHOW,
        date="2023-11-07",
    )
    people = (Participant("Nell Brannigan", "host"), Participant("Osei Mensah", "guest"))
    return replace(episode, participants=people)


def hostile() -> Episode:
    """An episode whose title, show and words are markup, to prove they stay text."""
    return build_episode(
        "hostile",
        [("<b>Mallory</b>", "<script>alert('quote')</script> & more")],
        title="<script>alert('title')</script>",
        show="<i onmouseover=alert(1)>Show</i>",
        timed=False,
    )


@pytest.fixture
def cite_archive(archive: Archive, store_episode: Callable[[Archive, Episode], Episode]) -> Archive:
    """Return an archive with the interview (corrected once: revision 2) and the hostile one."""
    first = store_episode(archive, interview())
    index_episode(archive, archive.add_revision(first, b"corrected", note="speaker names"))
    store_episode(archive, hostile())
    return archive


@pytest.fixture
def cite_app(cite_archive: Archive) -> Iterator[Flask]:
    """Return the web app on that archive."""
    app = create_app({"TESTING": True, "ARCHIVE": str(cite_archive.root)})
    yield app
    resources.close(app)


@pytest.fixture
def web(cite_app: Flask) -> FlaskClient:
    """Return a test client."""
    return cite_app.test_client()


def _page(web: FlaskClient, url: str) -> BeautifulSoup:
    response = web.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def _library(archive: Archive, ref: str, style: str, **kwargs: Any) -> str:
    return cite(archive, ref, style, accessed=date.today(), base_url=BASE, **kwargs)


# --- the JSON twin ----------------------------------------------------------------------


def test_api_gives_every_style_as_the_library_does(web: FlaskClient, cite_archive: Archive) -> None:
    """`/api/passages/<id>/cite` holds each style's text, the same as `verbatim cite`."""
    data = web.get("/api/passages/tide-tables.4/cite").get_json()
    assert data["passage_id"] == "tide-tables.4"
    assert data["permalink"] == f"{BASE}/p/tide-tables.4"
    assert data["revision"] == 2
    assert data["accessed"] == date.today().isoformat()
    assert list(data["citations"]) == list(STYLES)
    for style in STYLES:
        assert data["citations"][style]["text"] == _library(cite_archive, "tide-tables.4", style)
    assert data["citations"]["apa"]["markdown"] == _library(
        cite_archive, "tide-tables.4", "apa", italics=True
    )
    assert data["quote"] == _library(cite_archive, "tide-tables.4", QUOTE)


def test_api_one_style_and_a_typed_reference(web: FlaskClient, cite_archive: Archive) -> None:
    """`style=` picks one; the path may be a typed reference like `tide-tables 4`."""
    data = web.get("/api/passages/tide-tables%204/cite?style=Chicago").get_json()
    assert data["style"] == "chicago"
    assert data["name"] == "Chicago 17"
    assert data["text"] == _library(cite_archive, "tide-tables.4", "chicago")
    assert "*Shoreline Stories*" in data["markdown"]


@pytest.mark.parametrize(
    ("style", "mimetype", "extension"),
    [
        ("bibtex", "application/x-bibtex", "bib"),
        ("ris", "application/x-research-info-systems", "ris"),
        ("csl-json", "application/vnd.citationstyles.csl+json", "json"),
    ],
)
def test_api_downloads_files_for_reference_managers(
    web: FlaskClient, cite_archive: Archive, style: str, mimetype: str, extension: str
) -> None:
    """`format=file` is a named download with the format's media type."""
    response = web.get(f"/api/passages/tide-tables.2/cite?style={style}&format=file")
    assert response.status_code == 200
    assert response.mimetype == mimetype
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="tide-tables.2.{extension}"'
    assert response.get_data(as_text=True) == _library(cite_archive, "tide-tables.2", style)


def test_api_text_format_is_plain_text(web: FlaskClient) -> None:
    """`format=text` answers with the citation alone, as text/plain."""
    response = web.get("/api/passages/tide-tables.2/cite?style=mla&format=text")
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True).startswith("Mensah, Osei. “Reading the Tide Tables.”")


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/passages/tide-tables.2/cite?style=harvard", 400, "unknown citation style"),
        ("/api/passages/tide-tables.2/cite?format=pdf", 400, "format must be"),
        ("/api/passages/tide-tables.2/cite?format=file", 400, "needs a style"),
        ("/api/passages/tide-tables.9/cite", 404, "no passage 'tide-tables.9'"),
        ("/api/passages/what%20ever/cite", 404, "not a passage reference"),
    ],
)
def test_api_errors_are_the_json_envelope(
    web: FlaskClient, url: str, status: int, words: str
) -> None:
    """Every failure is `{"ok": false, "error", "status"}` with the right status."""
    response = web.get(url)
    assert response.status_code == status
    body = response.get_json()
    assert body["ok"] is False and body["status"] == status
    assert words in body["error"]


# --- the panel on the permalink page ----------------------------------------------------


def test_permalink_page_has_a_panel_with_every_style(
    web: FlaskClient, cite_archive: Archive
) -> None:
    """Each style appears once, as the library writes it, with the show in <i> where styled."""
    page = _page(web, "/p/tide-tables.4")
    panel = page.select_one("section.cite-panel")
    assert panel is not None
    blocks = panel.select(".cite-style")
    assert [b["data-style"] for b in blocks] == list(STYLES)
    for block in blocks:
        style = block["data-style"]
        assert block.select_one(".copy-text").get_text() == _library(
            cite_archive, "tide-tables.4", style
        )
        italics = [i.get_text() for i in block.select("i")]
        assert italics == ([SHOW] if style in ("apa", "chicago", "mla") else [])
    quote = panel.select_one(".cite-quote textarea.copy-text")
    assert quote.has_attr("readonly")
    assert quote.get_text() == _library(cite_archive, "tide-tables.4", QUOTE)
    assert "Nineteen years, since the spring of the great storm." in quote.get_text()


def test_panel_download_and_json_links_work(web: FlaskClient) -> None:
    """The panel's download links and its JSON link all answer."""
    page = _page(web, "/p/tide-tables.2")
    links = [a["href"] for a in page.select(".cite-panel .cite-download a[download]")]
    assert len(links) == 3
    for href in links:
        response = web.get(href)
        assert response.status_code == 200
        assert "attachment" in response.headers["Content-Disposition"]
    json_link = page.select_one(".cite-panel .cite-api a")["href"]
    assert web.get(json_link).get_json()["passage_id"] == "tide-tables.2"


def test_copy_buttons_come_from_an_external_script_only(web: FlaskClient) -> None:
    """No inline script, handler or style: copy.js is loaded by URL and is served."""
    page = _page(web, "/p/tide-tables.2")
    scripts = page.select("script")
    assert scripts and all(s.has_attr("src") and not s.get_text().strip() for s in scripts)
    assert any(s["src"].endswith("/static/copy.js") for s in scripts)
    for tag in page.find_all(True):
        assert not tag.has_attr("style")
        assert not [a for a in tag.attrs if a.startswith("on")]
    # Without the script there are no dead buttons: copy.js creates them.
    assert not page.select(".cite-panel button")
    script = web.get("/static/copy.js")
    try:
        assert script.status_code == 200
        assert "clipboard" in script.get_data(as_text=True)
    finally:
        script.close()  # a static file response holds the file open until closed


def test_markup_in_the_archive_is_shown_as_text_in_the_panel(web: FlaskClient) -> None:
    """Titles, shows and words that look like HTML stay text in every citation."""
    response = web.get("/p/hostile.1")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html
    assert "onmouseover=alert" not in html.replace("onmouseover=alert(1)&gt;", "")
    page = BeautifulSoup(html, "lxml")
    apa = page.select_one("#cite-apa .copy-text")
    assert "<script>alert('title')</script>" in apa.get_text()
    assert [i.get_text() for i in apa.select("i")] == ["<i onmouseover=alert(1)>Show</i>"]
    assert "<script>alert('quote')</script> & more" in page.select_one(".cite-quote textarea").text


# --- typed references in the search box -------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "tide-tables.4",
        "tide-tables 4",
        "tide-tables#4",
        "tide-tables:4",
        "Tide-Tables 4",
        f"{BASE}/p/tide-tables.4",
        "https://elsewhere.example/episodes/tide-tables#tide-tables.4",
    ],
)
def test_search_box_jumps_to_a_typed_passage(web: FlaskClient, typed: str) -> None:
    """A passage reference in the search box redirects to its permalink."""
    response = web.get("/", query_string={"q": typed})
    assert response.status_code == 302
    assert response.headers["Location"] == "/p/tide-tables.4"
    assert web.get(response.headers["Location"]).status_code == 200


@pytest.mark.parametrize("query", ["tide-tables 9", "harbour 6", "great storm"])
def test_search_box_searches_when_no_such_passage_exists(web: FlaskClient, query: str) -> None:
    """Something shaped like a reference that names no passage is searched for instead."""
    response = web.get("/", query_string={"q": query})
    assert response.status_code == 200
    assert response.mimetype == "text/html"


# --- in a real browser --------------------------------------------------------------------


@pytest.fixture
def live_url(cite_archive: Archive) -> Iterator[str]:
    """Serve the app on a free loopback port and yield its base URL."""
    with serve(cite_archive.root) as url:
        yield url


@pytest.fixture
def browser_context(live_url: str) -> Iterator[Any]:
    """Return a headless Chromium context allowed to use the clipboard on the live server."""
    if CHROMIUM is None:
        pytest.skip(NO_CHROMIUM)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = browser.new_context(viewport={"width": 1000, "height": 900})
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
            yield context
        finally:
            browser.close()


@pytest.mark.browser
def test_browser_copies_citations_and_the_quote_in_one_click(
    browser_context: Any, live_url: str, cite_archive: Archive
) -> None:
    """Each copy button puts exactly the shown text on the clipboard, under a strict CSP."""
    page = browser_context.new_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text))
    page.goto(f"{live_url}/p/tide-tables.4")
    base = live_url

    def clipboard() -> str:
        return str(page.evaluate("navigator.clipboard.readText()"))

    expect = pytest.importorskip("playwright.sync_api").expect
    page.get_by_role("button", name="Copy as quote").click()
    # Locator waits, not wait_for_function: the page's CSP forbids evaluating strings.
    expect(page.locator(".cite-quote .copy-status")).to_have_text("Copied")
    assert clipboard() == cite(
        cite_archive, "tide-tables.4", QUOTE, accessed=date.today(), base_url=base
    )
    for style, name in (("apa", "APA 7"), ("bibtex", "BibTeX"), ("csl-json", "CSL-JSON")):
        page.get_by_role("button", name=f"Copy {name}").click()
        expect(page.locator(f"#cite-{style} .copy-status")).to_have_text("Copied")
        expected = cite(cite_archive, "tide-tables.4", style, accessed=date.today(), base_url=base)
        assert clipboard() == expected
    json.loads(clipboard())  # the CSL-JSON copied whole
    assert not [v for v in violations if "Content Security Policy" in v]


@pytest.mark.browser
def test_browser_without_javascript_still_shows_every_text(
    browser_context: Any, live_url: str
) -> None:
    """With scripts off there are no buttons, and every text is on the page to select."""
    browser = browser_context.browser
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_url}/p/tide-tables.4")
        assert page.locator(".cite-panel button").count() == 0
        assert page.locator(".cite-quote textarea").is_visible()
        assert "Nineteen years" in page.locator(".cite-quote textarea").input_value()
        assert page.locator("#cite-mla .copy-text").is_visible()
    finally:
        context.close()


@pytest.mark.browser
def test_browser_copies_a_quote_from_the_episode_page(
    browser_context: Any, live_url: str, cite_archive: Archive
) -> None:
    """On the transcript, each passage's line gets a one-click "Copy quote" button."""
    expect = pytest.importorskip("playwright.sync_api").expect
    page = browser_context.new_page()
    page.goto(f"{live_url}/episodes/tide-tables")
    passage = page.locator("p.passage#tide-tables\\.2")
    passage.get_by_role("button", name="Copy quote").click()
    expect(passage.locator(".copy-status")).to_have_text("Copied")
    copied = str(page.evaluate("navigator.clipboard.readText()"))
    assert copied == cite(
        cite_archive, "tide-tables.2", QUOTE, accessed=date.today(), base_url=live_url
    )
    # With the button in place, the no-script disclosures are hidden.
    assert page.locator("details.copy-quote").first.is_hidden()
    assert page.locator("p.passage button.copy-button").count() == 4


def test_episode_page_offers_each_passage_as_a_quote_without_javascript(
    web: FlaskClient, cite_archive: Archive
) -> None:
    """Every passage is followed by a disclosure holding its quote, selectable as text."""
    page = _page(web, "/episodes/tide-tables")
    passages = page.select("p.passage")
    quotes = page.select("details.copy-quote textarea.copy-text[readonly]")
    assert len(quotes) == len(passages) == 4
    for p, quote in zip(passages, quotes, strict=True):
        assert quote.get_text() == _library(cite_archive, p["id"], QUOTE)
    assert [s["src"] for s in page.select("script")] == ["/static/copy.js"]
