"""The search page's filters come from a cached overview that follows every archive write."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from archive.ingest.pipeline import add_file, remove_episode
from archive.store.folder import Archive

WEB_DATA = Path(__file__).resolve().parent / "data" / "web"


def _filters(client: FlaskClient) -> tuple[list[str], list[str], str]:
    """Return the show and speaker choices and the search label of the empty search page."""
    page = BeautifulSoup(client.get("/").get_data(as_text=True), "lxml")
    shows = [o.get_text() for o in page.select("select[name=show] option") if o.get("value")]
    speakers = [o.get_text() for o in page.select("select[name=speaker] option") if o.get("value")]
    return shows, speakers, page.select_one("label[for=q]").get_text()


def test_the_overview_follows_adds_and_removals(
    client: FlaskClient, sample_archive: Archive
) -> None:
    """A show and speakers added after the app started appear at once, and go when removed."""
    shows, speakers, label = _filters(client)
    assert "Coast Report" not in shows and "Grace Liu" not in speakers
    assert label == "Search 3 episodes"
    assert _filters(client) == (shows, speakers, label)  # served again, unchanged

    add_file(sample_archive, WEB_DATA / "coast-2024.vtt", show="Coast Report")
    shows_after, speakers_after, label_after = _filters(client)
    assert "Coast Report" in shows_after and "Grace Liu" in speakers_after
    assert label_after == "Search 4 episodes"

    remove_episode(sample_archive, "coast-2024")
    assert _filters(client) == (shows, speakers, label)
