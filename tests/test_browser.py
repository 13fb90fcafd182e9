"""The site in a real browser: search, filter by speaker, follow a hit to its anchor."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from archive.store import Archive
from web import create_app, resources

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
# Quiet, offline, sandbox-free flags for a headless Chromium in a container.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

if CHROMIUM is None:
    pytest.skip("chromium is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def live_server(sample_archive: Archive) -> Iterator[str]:
    """Serve the real app on a free loopback port in a thread; yield its base URL."""
    from werkzeug.serving import make_server

    app = create_app({"ARCHIVE": str(sample_archive.root)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
        resources.close(app)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Launch Debian's Chromium headless through Playwright."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def test_search_filter_and_follow_a_hit(live_server: str, browser: Any) -> None:
    """Type a query, pick a speaker, submit, see hits, click one and land on its passage."""
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        page.goto(f"{live_server}/")
        page.fill("input[name=q]", "train")
        page.select_option("select[name=speaker]", "Marcus Hale")
        page.click("form[role=search] button[type=submit]")
        page.wait_for_url("**/?q=train*")

        hits = page.locator("ol.hits > li.hit")
        assert hits.count() > 0
        speakers = page.locator("ol.hits .hit-meta .speaker").all_inner_texts()
        assert set(speakers) == {"Marcus Hale"}
        assert page.locator("ol.hits mark").count() >= hits.count()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "search-results.png"), full_page=True)

        link = hits.first.locator("a.hit-link")
        href = link.get_attribute("href")
        assert href is not None and "#" in href
        passage_id = href.split("#", 1)[1]
        link.click()
        page.wait_for_url(f"**{href}")

        assert page.url.endswith(f"#{passage_id}")
        anchored = page.locator(f"[id='{passage_id}']")
        assert anchored.count() == 1
        assert anchored.is_visible()
        # The passage is the :target, so the stylesheet highlights where the reader landed.
        assert anchored.evaluate("el => el.matches(':target')")
        assert "Marcus Hale" in anchored.locator("xpath=..").locator(".turn-head").inner_text()
    finally:
        page.close()
