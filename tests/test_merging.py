"""Merging segments as sorted streams writes what Whoosh's own merge writes.

archive/merging.py replaces Whoosh's merge (every posting through a sorting pool) with a
k-way merge of the segments' already sorted postings. The two must give the same index:
same postings, same stored fields, same lengths and columns, deleted passages dropped.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.writing import OPTIMIZE

from archive.engines.whoosh.index import (
    INDEX_NAME,
    LOCK_TIMEOUT_S,
    SCHEMA,
    open_index,
    whoosh_document,
)
from archive.engines.whoosh.merging import Merge
from archive.ingest.pipeline import add_file, remove_episode
from archive.search.documents import episode_documents
from archive.store.folder import Archive

DATA = Path(__file__).parent / "data" / "search"


def _many_segments(root: Path) -> Archive:
    """An archive of one segment per file, one episode removed and one re-added."""
    archive = Archive.init(root)
    files = sorted(p for p in DATA.iterdir() if p.suffix in {".vtt", ".txt", ".md", ".srt"})
    for path in files:
        add_file(archive, path)
    removed = remove_episode(archive, sorted(archive.episode_ids())[0])
    assert removed.passages
    return archive


def _contents(index_dir: Path) -> dict[str, Any]:
    ix = whoosh_index.open_dir(str(index_dir), indexname=INDEX_NAME)
    try:
        with ix.reader() as reader:
            assert not reader.has_deletions()
            names = SCHEMA.names()
            return {
                "segments": len(ix._segments()),
                "postings": list(reader.iter_postings()),
                "stored": list(reader.iter_docs()),
                "lengths": [
                    [reader.doc_field_length(d, n) for n in names] for d in reader.all_doc_ids()
                ],
                "columns": {
                    n: list(reader.column_reader(n))
                    for n in names
                    if SCHEMA[n].column_type and reader.has_column(n)
                },
            }
    finally:
        ix.close()


def _merge(index_dir: Path, policy: Any, documents: list[dict[str, Any]]) -> None:
    ix = whoosh_index.open_dir(str(index_dir), indexname=INDEX_NAME)
    try:
        writer = ix.writer(timeout=LOCK_TIMEOUT_S, compound=False)
        for doc in documents:
            writer.add_document(**doc)
        writer.commit(mergetype=policy)
    finally:
        ix.close()


def test_a_streamed_merge_writes_what_whoosh_writes(tmp_path: Path) -> None:
    """Merging everything, with new documents in the same commit: identical indexes."""
    archive = _many_segments(tmp_path / "archive")
    ix = open_index(archive)
    before = len(ix._segments())
    ix.close()
    assert before > 2
    episode = archive.get_episode(sorted(archive.episode_ids())[-1])
    # New documents in the same commit are merged with the old segments' postings.
    extra = [
        {**doc, "passage_id": doc["passage_id"] + "-x"}
        for doc in map(whoosh_document, episode_documents(episode))
    ]
    theirs = tmp_path / "whoosh"
    shutil.copytree(archive.index_dir, theirs)
    _merge(theirs, OPTIMIZE, extra)
    with Merge.everything() as merge:
        _merge(archive.index_dir, merge, extra)
    ours = _contents(archive.index_dir)
    assert ours["segments"] == 1
    assert ours == _contents(theirs)
    assert len(ours["stored"]) > len(extra)


def test_a_streamed_merge_drops_deleted_passages(tmp_path: Path) -> None:
    """Deleted passages are not carried into the merged segment."""
    archive = _many_segments(tmp_path / "archive")
    gone = sorted(archive.episode_ids())[0]
    ix = open_index(archive)
    with ix.writer(timeout=LOCK_TIMEOUT_S, compound=False) as writer:
        writer.delete_by_term("episode_id", gone)
    ix.close()
    with Merge.everything() as merge:
        _merge(archive.index_dir, merge, [])
    contents = _contents(archive.index_dir)
    assert contents["segments"] == 1
    assert all(fields["episode_id"] != gone for _, fields in contents["stored"])
    assert not [p for p in contents["postings"] if p[0] == "episode_id" and p[1] == gone.encode()]
