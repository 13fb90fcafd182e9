"""Shared fixtures: fresh archives on disk, hand-built episodes, tree hashes."""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from archive.ingest.pipeline import add_paths
from archive.search.indexing import index_episode
from archive.store.folder import Archive
from transcripts.model import Episode, Passage, Section, Source

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ARCHIVE_DATA = Path(__file__).resolve().parent / "data" / "archive"


# --- the engines the contract suite runs on ---------------------------------------------

OPENSEARCH_URL = os.environ.get("VERBATIM_OPENSEARCH_URL") or "http://127.0.0.1:9200"
# CI sets this: there, a missing node fails the OpenSearch tests instead of skipping them.
REQUIRE_OPENSEARCH = os.environ.get("VERBATIM_REQUIRE_OPENSEARCH") == "1"
NO_OPENSEARCH = f"no OpenSearch node at {OPENSEARCH_URL}: run `make opensearch`"


def opensearch_request(method: str, path: str) -> Any:
    """Send one request to the test cluster (with the environment's credentials)."""
    request = urllib.request.Request(OPENSEARCH_URL.rstrip("/") + path, method=method)
    if user := os.environ.get("VERBATIM_OPENSEARCH_USER"):
        secret = f"{user}:{os.environ.get('VERBATIM_OPENSEARCH_PASSWORD', '')}"
        request.add_header("Authorization", "Basic " + base64.b64encode(secret.encode()).decode())
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read() or b"null")


@functools.cache
def opensearch_answers() -> bool:
    """Return True if an OpenSearch node answers at VERBATIM_OPENSEARCH_URL."""
    try:
        return "version" in opensearch_request("GET", "/")
    except (OSError, ValueError):
        return False


def available_engines() -> list[Any]:
    """Return the engines the contract suite runs on here: Whoosh always, OpenSearch when a
    node answers (or CI requires one); otherwise OpenSearch's tests skip, saying why."""
    if opensearch_answers() or REQUIRE_OPENSEARCH:
        return ["whoosh", "opensearch"]
    return ["whoosh", pytest.param("opensearch", marks=pytest.mark.skip(reason=NO_OPENSEARCH))]


@pytest.fixture
def opensearch() -> None:
    """Skip (or, where CI requires it, fail) a test that needs an OpenSearch node."""
    if not opensearch_answers():
        if REQUIRE_OPENSEARCH:
            pytest.fail(NO_OPENSEARCH)
        pytest.skip(NO_OPENSEARCH)


@pytest.fixture(scope="session", autouse=True)
def _opensearch_indexes_removed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Delete, after the session, every OpenSearch index an archive of this session made."""
    yield
    if not opensearch_answers():
        return
    base = str(tmp_path_factory.getbasetemp())
    try:
        found = opensearch_request("GET", "/verbatim-*/_mapping")
    except (OSError, ValueError):
        return
    for name, mapping in (found or {}).items():
        meta = mapping.get("mappings", {}).get("_meta", {})
        if str(meta.get("archive", "")).startswith(base):
            try:
                opensearch_request("DELETE", f"/{name}")
            except urllib.error.HTTPError:
                pass


@pytest.fixture(scope="module")
def engine_name(request: pytest.FixtureRequest) -> str:
    """Return the engine a test's archive uses: each engine in turn for the contract suite."""
    return str(getattr(request, "param", "whoosh"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test of a module marked `engine_contract` once per available engine."""
    if "engine_name" in metafunc.fixturenames and metafunc.definition.get_closest_marker(
        "engine_contract"
    ):
        metafunc.parametrize("engine_name", available_engines(), indirect=True, scope="module")


@pytest.fixture
def archive(tmp_path: Path, engine_name: str) -> Archive:
    """Return a fresh, empty, initialised archive in a temporary folder, on `engine_name`."""
    return Archive.init(tmp_path / "archive", engine=engine_name)


@pytest.fixture
def sample_archive(archive: Archive) -> Archive:
    """Return an archive holding the project's examples/, added through add_paths."""
    if not any(p.is_file() and not p.name.startswith(".") for p in EXAMPLES.glob("*")):
        pytest.skip("examples/ is empty: there is nothing to ingest yet")
    results = add_paths(archive, [EXAMPLES])
    failed = [r.error for r in results if not r.ok]
    assert not failed, f"examples/ did not ingest cleanly: {failed}"
    return archive


def build_episode(
    episode_id: str,
    texts: list[tuple[str | None, str]],
    *,
    title: str | None = None,
    show: str | None = None,
    date: str | None = None,
    sections: tuple[Section, ...] = (),
    timed: bool = True,
) -> Episode:
    """Build an Episode by hand: one passage (and turn) per (speaker, text) pair."""
    passages = tuple(
        Passage(
            id=f"{episode_id}.{n}",
            turn=n,
            speaker=speaker,
            section=sections[0].id if sections else None,
            start_ms=(n - 1) * 10_000 if timed else None,
            end_ms=n * 10_000 if timed else None,
            text=text,
        )
        for n, (speaker, text) in enumerate(texts, start=1)
    )
    digest = hashlib.sha256(repr(texts).encode()).hexdigest()
    return Episode(
        id=episode_id,
        title=title or episode_id.replace("-", " ").title(),
        source=Source(filename=f"{episode_id}.txt", format="txt", sha256=digest),
        passages=passages,
        sections=sections,
        show=show,
        date=date,
    )


@pytest.fixture
def make_episode() -> Callable[..., Episode]:
    """Return a factory for hand-built episodes (see `build_episode`)."""
    return build_episode


@pytest.fixture
def store_episode() -> Callable[[Archive, Episode], Episode]:
    """Return a function that stores and indexes a hand-built episode."""

    def store(archive: Archive, episode: Episode) -> Episode:
        archive.add(episode, "\n".join(p.text for p in episode.passages).encode("utf-8"))
        index_episode(archive, episode)
        return episode

    return store


def hash_tree(root: Path) -> str:
    """Return one hash over every path and file's bytes under `root`."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(str(path.relative_to(root)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def tree_hash() -> Callable[[Path], str]:
    """Return the function that hashes a folder tree, to prove nothing changed."""
    return hash_tree


# --- web app fixtures (owned by the web engineer; appended below, nothing above edited) ---

# The import sits here, not at the top, so that this section is self-contained.
from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Iterator

    from flask import Flask
    from flask.testing import FlaskClient


@pytest.fixture
def app(sample_archive: Archive) -> Iterator[Flask]:
    """Return the web app on the sample archive, its index files closed afterwards."""
    # Imported here, so that only tests which use the web app load Flask.
    from web import create_app, resources

    app = create_app({"TESTING": True, "ARCHIVE": str(sample_archive.root)})
    yield app
    resources.close(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client for the web app."""
    return app.test_client()
