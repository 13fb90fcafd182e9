"""The site in a real browser: search, filter, follow a hit to its anchor, step through finds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from archive.ingest.pipeline import add_paths
from archive.store.folder import Archive
from tests.live_browser import CHROMIUM, CHROMIUM_ARGS, NO_CHROMIUM, serve

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"

if CHROMIUM is None:
    pytest.skip(NO_CHROMIUM, allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve the real app on the examples archive on a free loopback port; yield its URL."""
    archive = Archive.init(tmp_path_factory.mktemp("browser") / "archive")
    assert all(result.ok for result in add_paths(archive, [ROOT / "examples"]))
    with serve(archive.root) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Launch Debian's Chromium headless through Playwright, once for the module."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """Return a fresh desktop-sized tab."""
    tab = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        yield tab
    finally:
        tab.close()


def test_search_filter_and_follow_a_hit(live_server: str, page: Any) -> None:
    """Search, filter by speaker (select, chip, facet), then land on the hit's passage."""
    page.goto(f"{live_server}/")
    page.fill("input[name=q]", "train")
    page.select_option("select[name=speaker]", "Marcus Hale")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**/?q=train*")
    hits = page.locator("ol.hits > li.hit")
    assert hits.count() > 0
    assert set(page.locator("ol.hits .hit-meta .speaker").all_inner_texts()) == {"Marcus Hale"}

    # The chip takes the filter off again; a facet link puts another speaker on.
    page.click(".chips a.chip-remove")
    page.wait_for_url(re.compile(r"/\?q=train$"))
    page.click("section.facet[aria-labelledby=facet-speaker] a:text-is('Élodie Marchand')")
    page.wait_for_url("**speaker=*")
    assert set(page.locator("ol.hits .hit-meta .speaker").all_inner_texts()) == {"Élodie Marchand"}
    assert page.locator("select[name=speaker]").input_value() == "Élodie Marchand"
    assert page.locator("ol.hits mark").count() >= hits.count() > 0
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
    assert anchored.is_visible()
    # The passage is the :target, so the stylesheet highlights where the reader landed.
    assert anchored.evaluate("el => el.matches(':target')")
    background = anchored.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert "Élodie Marchand" in anchored.locator("xpath=..").locator(".turn-head").inner_text()


def test_find_in_transcript_steps_with_keys(live_server: str, page: Any) -> None:
    """On an episode with ?q=, n and p move a live counter and focus the current match."""
    page.goto(f"{live_server}/episodes/night-trains?q=train")
    matches = page.locator(".transcript .passage.match")
    total = matches.count()
    assert total >= 3
    counter = page.locator(".find-count")
    assert counter.inner_text() == f"{total} matches"
    assert page.locator(".find-keys").is_visible()

    page.keyboard.press("n")
    assert counter.inner_text() == f"1 of {total}"
    page.keyboard.press("n")
    assert counter.inner_text() == f"2 of {total}"
    current = page.locator(".passage.is-current")
    assert current.count() == 1
    second_id = matches.nth(1).get_attribute("id")
    assert current.get_attribute("id") == second_id
    assert current.evaluate("el => el === document.activeElement")
    assert current.is_visible()
    in_view = current.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }"
    )
    assert in_view
    assert page.url.endswith(f"#{second_id}")

    page.keyboard.press("p")
    assert counter.inner_text() == f"1 of {total}"
    # Previous from the first match wraps round to the last.
    page.click("a.find-prev")
    assert counter.inner_text() == f"{total} of {total}"
    # Typing in the find box is typing, not stepping.
    page.click("#find-q")
    page.keyboard.press("n")
    assert counter.inner_text() == f"{total} of {total}"
