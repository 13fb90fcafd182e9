"""An archive on OpenSearch through the real command line, the real site and a real node.

The engine contract suite proves the engine's answers; these prove what is around it:
`init --engine opensearch`, moving an archive between engines, `verify` comparing the
cluster's index with the store, a node that is down, the site, and an index written by
another schema version. Each needs a node (`make opensearch`): they skip without one, and
fail without one where VERBATIM_REQUIRE_OPENSEARCH=1 (CI).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive.cli import cli
from archive.engines import open_engine
from archive.engines.opensearch.engine import OpenSearchEngine
from archive.errors import ArchiveError, IndexOutOfDateError
from archive.search.documents import episode_documents
from archive.search.run import search
from archive.store.folder import Archive
from tests.cli_process import verbatim
from tests.conftest import EXAMPLES, OPENSEARCH_URL, build_episode, opensearch_request

pytestmark = pytest.mark.usefixtures("opensearch")
# Nothing listens here: a port below 1024 that no test machine serves.
DOWN_URL = "http://127.0.0.1:9"
QUERIES = ['"a library that lends out tomatoes"', "seeds", "lighth*", "night NEAR train", "keeper~"]


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--archive", str(root), *args], catch_exceptions=False)


def _totals(archive: Archive) -> dict[str, int]:
    return {q: search(archive, q).total for q in QUERIES}


def _indexes_of(archive: Archive) -> list[str]:
    """Return the cluster's concrete indexes made for this archive."""
    found = opensearch_request("GET", "/verbatim-*/_mapping")
    root = str(archive.root)
    return sorted(
        name
        for name, mapping in found.items()
        if mapping.get("mappings", {}).get("_meta", {}).get("archive") == root
    )


def test_init_puts_a_new_archive_on_opensearch(tmp_path: Path) -> None:
    """`init --engine opensearch --engine-url` records both; add and search run on it."""
    root = tmp_path / "archive"
    made = run(root, "init", "--engine", "opensearch", "--engine-url", OPENSEARCH_URL)
    assert made.exit_code == 0, made.output
    meta = json.loads((root / "archive.json").read_text(encoding="utf-8"))
    assert (meta["engine"], meta["engine_url"]) == ("opensearch", OPENSEARCH_URL)
    assert "password" not in json.dumps(meta).lower()
    archive = Archive.open(root)
    assert len(_indexes_of(archive)) == 1
    assert not (root / "index").exists()
    added = run(root, "add", str(EXAMPLES))
    assert added.exit_code == 0, added.output
    found = run(root, "search", '"a library that lends out tomatoes"')
    assert found.exit_code == 0 and "seed-library" in found.output
    checked = run(root, "verify")
    assert checked.exit_code == 0, checked.output
    assert "index: opensearch (schema 1), 46 passages" in checked.output


def test_switching_engines_keeps_every_answer(tmp_path: Path) -> None:
    """Whoosh to OpenSearch and back: the same totals; the old cluster index is deleted."""
    root = tmp_path / "archive"
    assert run(root, "init").exit_code == 0
    assert run(root, "add", str(EXAMPLES)).exit_code == 0
    archive = Archive.open(root)
    on_whoosh = _totals(archive)
    assert all(on_whoosh.values()), on_whoosh
    moved = run(root, "reindex", "--engine", "opensearch", "--engine-url", OPENSEARCH_URL)
    assert moved.exit_code == 0, moved.output
    assert "into opensearch (was whoosh)" in moved.output
    assert archive.metadata()["engine"] == "opensearch"
    assert _totals(archive) == on_whoosh
    assert run(root, "verify").exit_code == 0
    first = _indexes_of(archive)
    # A plain reindex builds a new index beside the old and swaps it in.
    assert run(root, "reindex").exit_code == 0
    second = _indexes_of(archive)
    assert len(first) == len(second) == 1 and first != second
    back = run(root, "reindex", "--engine", "whoosh")
    assert back.exit_code == 0, back.output
    assert archive.metadata()["engine"] == "whoosh"
    assert _totals(archive) == on_whoosh
    assert _indexes_of(archive) == []
    assert run(root, "verify").exit_code == 0


def test_verify_finds_an_episode_missing_from_or_extra_in_the_cluster(tmp_path: Path) -> None:
    """The cluster's index is compared with the store: a lost and a stray episode show."""
    root = tmp_path / "archive"
    assert run(root, "init", "--engine", "opensearch").exit_code == 0
    assert run(root, "add", str(EXAMPLES)).exit_code == 0
    archive = Archive.open(root)
    engine = open_engine(archive)
    engine.write({}, remove=["night-trains"])
    stray = build_episode("stray", [("A", "words nobody stored")])
    engine.write({"stray": list(episode_documents(stray))})
    report = run(root, "verify", "--json")
    assert report.exit_code == 1
    kinds = {(p["kind"], p["path"]) for p in json.loads(report.stdout)["problems"]}
    assert ("not-indexed", "episodes/night-trains/episode.json") in kinds
    assert ("indexed-not-stored", "episodes/stray") in kinds
    repaired = run(root, "verify", "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert engine.indexed_episode_ids() == {"harbour-lights", "night-trains", "seed-library"}


def test_a_node_that_is_down_is_one_line_naming_the_url(tmp_path: Path) -> None:
    """No traceback: one error line with the URL and how to start a node; nothing made."""
    root = tmp_path / "archive"
    made = verbatim(root, "init", "--engine", "opensearch", "--engine-url", DOWN_URL)
    assert made.returncode == 1
    lines = made.stderr.strip().splitlines()
    assert len(lines) == 1, made.stderr
    assert DOWN_URL in lines[0] and "make opensearch" in lines[0]
    assert "Traceback" not in made.stderr
    assert not root.exists()
    # An archive whose node goes away: searching says the same, in one line.
    assert run(root, "init", "--engine", "opensearch").exit_code == 0
    meta = json.loads((root / "archive.json").read_text(encoding="utf-8"))
    (root / "archive.json").write_text(json.dumps({**meta, "engine_url": DOWN_URL}))
    found = verbatim(root, "search", "seeds")
    assert found.returncode == 1
    assert len(found.stderr.strip().splitlines()) == 1, found.stderr
    assert DOWN_URL in found.stderr and "make opensearch" in found.stderr


def test_the_site_works_on_an_opensearch_archive(tmp_path: Path) -> None:
    """The pages and the API answer from the cluster, as they do from Whoosh."""
    from bs4 import BeautifulSoup

    from web import create_app, resources

    whoosh = Archive.init(tmp_path / "whoosh")
    cluster = Archive.init(tmp_path / "cluster", engine="opensearch")
    answers = {}
    for archive in (whoosh, cluster):
        assert run(archive.root, "add", str(EXAMPLES)).exit_code == 0
        app = create_app({"TESTING": True, "ARCHIVE": str(archive.root)})
        try:
            client = app.test_client()
            api = client.get("/api/search", query_string={"q": "seeds", "speaker": "Joe"})
            assert api.status_code == 200
            data = api.get_json()
            page = client.get("/", query_string={"q": '"lends out tomatoes"'})
            assert page.status_code == 200
            marks = [m.get_text() for m in BeautifulSoup(page.data, "lxml").select("mark")]
            episode = client.get("/episodes/seed-library", query_string={"q": "seeds"})
            assert episode.status_code == 200
            answers[archive.metadata()["engine"]] = (
                data["total"],
                [h["passage_id"] for h in data["hits"]],
                [h["highlight"] for h in data["hits"]],
                marks,
            )
        finally:
            resources.close(app)
    assert answers["opensearch"] == answers["whoosh"]
    assert answers["whoosh"][0] > 0 and answers["whoosh"][3]


def test_an_index_of_another_schema_version_asks_for_a_reindex(tmp_path: Path) -> None:
    """An index whose mapping records another schema version is refused until reindexed."""
    archive = Archive.init(tmp_path / "archive", engine="opensearch")
    assert run(archive.root, "add", str(EXAMPLES)).exit_code == 0
    engine = open_engine(archive)
    assert isinstance(engine, OpenSearchEngine)
    target = engine.target()
    assert target is not None
    engine.client.indices.put_mapping(index=target, body={"_meta": {"verbatim_schema": 0}})
    with pytest.raises(IndexOutOfDateError, match="reindex"):
        engine.reader()
    refused = run(archive.root, "search", "seeds")
    assert refused.exit_code == 1 and "schema version 0" in refused.output
    assert run(archive.root, "reindex").exit_code == 0
    assert search(archive, "seeds").total > 0
    assert open_engine(archive).health()["schema"] == engine.schema_version


def test_an_archive_without_an_index_name_says_how_to_get_one(tmp_path: Path) -> None:
    """An old archive.json (no id) on OpenSearch is a one-line error naming the fix."""
    archive = Archive.init(tmp_path / "archive")
    meta = archive.metadata()
    del meta["id"]
    (archive.root / "archive.json").write_text(json.dumps({**meta, "engine": "opensearch"}))
    with pytest.raises(ArchiveError, match="reindex --engine opensearch"):
        open_engine(archive)
