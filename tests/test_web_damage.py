"""A damaged archive on the site: a 503 that names the fix, never a 500, a trace or a path.

And a crash seen by a running server: it recovers the cut-short write itself, or says on
every page and in every JSON answer that the archive awaits recovery, and what finishes it.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.cli_process import BULK, bulk_archive, verbatim
from web import create_app, resources

TRACE_MARKERS = ("Traceback", 'File "', "werkzeug", "site-packages", ".py")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Return an archive holding three episodes, added through the real command line."""
    return bulk_archive(tmp_path / "archive")


@pytest.fixture
def site(root: Path) -> Iterator[Flask]:
    """Return the real app on the archive, its index files closed afterwards."""
    app = create_app({"TESTING": True, "ARCHIVE": str(root)})
    yield app
    resources.close(app)


def no_internals(body: str, root: Path) -> None:
    """Fail if an answer shows a stack trace or any server path."""
    for marker in (*TRACE_MARKERS, str(root), str(root.parent)):
        assert marker not in body, marker


def _segment_file(root: Path, suffix: str) -> Path:
    return next(p for p in (root / "index").iterdir() if p.name.endswith(suffix))


@pytest.mark.parametrize(("suffix", "how"), [(".pst", "truncate"), (".trm", "delete")])
def test_a_damaged_index_is_a_503_naming_the_repair(
    root: Path, site: Flask, suffix: str, how: str
) -> None:
    """A truncated or deleted segment file: 503 page and envelope, `verify --repair` named."""
    client: FlaskClient = site.test_client()
    assert client.get("/api/search?q=patience").status_code == 200  # the searcher is open
    target = _segment_file(root, suffix)
    if how == "truncate":
        target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
    else:
        target.unlink()
    resources.close(site)  # as a server started after the damage would be
    answer = client.get("/api/search?q=patience")
    assert answer.status_code == 503
    data = answer.get_json()
    assert list(data) == ["ok", "error", "status"] and data["ok"] is False
    assert "the search index is damaged" in data["error"]
    assert "run `verbatim verify --repair`" in data["error"]
    no_internals(answer.get_data(as_text=True), root)
    page = client.get("/?q=patience")
    assert page.status_code == 503
    assert "verbatim verify --repair" in page.get_data(as_text=True)
    no_internals(page.get_data(as_text=True), root)
    # The repair the message names mends it, and the same app searches again.
    repaired = verbatim(root, "verify", "--repair")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert client.get("/api/search?q=patience").status_code == 200


def test_an_unreadable_record_is_a_503_without_server_paths(root: Path, site: Flask) -> None:
    """A truncated episode.json: the page names the file inside the archive, not the server's."""
    record = root / "episodes" / "map-maker" / "episode.json"
    record.write_bytes(record.read_bytes()[:200])
    client = site.test_client()
    for url in ("/episodes/map-maker", "/api/episodes/map-maker"):
        answer = client.get(url)
        assert answer.status_code == 503, url
        body = answer.get_data(as_text=True)
        assert "episodes/map-maker/episode.json" in body
        no_internals(body, root)


MORE = [BULK / "radio-ham.vtt", BULK / "seed-saver.vtt", BULK / "typesetter.vtt"]
EVERY_EPISODE = "/api/search?q=the&collapse=1&page_size=100"


def kill_an_import(root: Path) -> None:
    """Kill `add` of three more episodes after two are stored, none of them indexed."""
    killed = verbatim(root, "add", *map(str, MORE), fault="renamed:2")
    assert killed.returncode == -signal.SIGKILL


def searched_episodes(client: FlaskClient) -> set[str]:
    """Return the ids of the episodes a search for a word they all hold finds."""
    answer = client.get(EVERY_EPISODE)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return {hit["episode_id"] for hit in answer.get_json()["hits"]}


def test_a_running_site_recovers_a_crash_by_itself(root: Path, site: Flask) -> None:
    """A server left running over a killed import makes the stored episodes searchable."""
    client = site.test_client()
    assert len(searched_episodes(client)) == 3  # the searcher is open before the crash
    kill_an_import(root)
    listed = client.get("/api/episodes").get_json()["episodes"]
    assert len(listed) == 5
    # Search agrees with the list: the site recovered the dead writer's work itself.
    assert searched_episodes(client) == {e["id"] for e in listed}
    page = client.get("/?q=the")
    assert "recovery-notice" not in page.get_data(as_text=True)
    assert (root / ".lock").read_text() == ""
    assert verbatim(root, "verify").returncode == 0


def test_a_site_that_cannot_recover_says_so_on_every_answer(root: Path, site: Flask) -> None:
    """Recovery refused (an edited manifest): a banner on pages, `recovery` in the JSON."""
    client = site.test_client()
    kill_an_import(root)
    listed = root / "manifest-sha256.txt"
    listed.write_text(listed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    os.utime(listed, (1_700_000_000, 1_700_000_000))  # edited before the import began
    for url in ("/", "/episodes", "/?q=the", "/episodes/no-such-episode"):
        page = client.get(url)
        body = page.get_data(as_text=True)
        assert "recovery-notice" in body, url
        assert "pid " not in body  # no pid or host on a public page
        assert "A write to the archive (add) was cut short" in body, url
        assert "<code>verbatim verify --repair</code>" in body, url
        no_internals(body, root)
    for url in ("/api/search?q=the", "/api/episodes", "/api/episodes/no-such-episode"):
        data = client.get(url).get_json()
        assert data["recovery"]["command"] == "verbatim verify --repair", url
        assert "search may miss what it stored" in data["recovery"]["message"]
    # The repair the notice names finishes it; the notice goes and search finds all five.
    repaired = verbatim(root, "verify", "--repair")
    assert "REBUILT manifest-sha256.txt" in repaired.stdout
    assert "recovery" not in client.get("/api/episodes").get_json()
    assert len(searched_episodes(client)) == 5
