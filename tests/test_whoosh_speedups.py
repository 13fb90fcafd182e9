"""The faster Whoosh methods give exactly what Whoosh's own give, on a real index.

Every term's postings are read with both versions of `all_ids` and `skip_to` (to every
id, between ids, past the end), and every document's length in every field with both
versions of `doc_field_length`. The index has postings lists of many blocks, documents
with no value in some fields, and a segment with deletions.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import whoosh
from whoosh.codec import whoosh3
from whoosh.matching import ReadTooFar

from archive.engines.base import FACET_FIELDS
from archive.engines.whoosh import speedups as whoosh_speedups
from archive.engines.whoosh.index import SCHEMA, open_index
from archive.engines.whoosh.match_counts import column_codes
from archive.ingest.pipeline import add_paths, remove_episode
from archive.store.folder import Archive

DATA = Path(__file__).parent / "data" / "search"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """Four interviews copied 40 times over: common words span several posting blocks."""
    root = tmp_path_factory.mktemp("speedups")
    folder = root / "files"
    folder.mkdir()
    files = sorted(p for p in DATA.iterdir() if p.suffix in {".vtt", ".txt"})
    for copy in range(40):
        for path in files:
            # A line of its own makes each copy a new file, not a duplicate.
            text = path.read_text(encoding="utf-8") + f"\n\nCopy number {copy} ends here.\n"
            (folder / f"{path.stem}-{copy}{path.suffix}").write_text(text, encoding="utf-8")
    archive = Archive.init(root / "archive")
    add_paths(archive, [folder])
    remove_episode(archive, sorted(archive.episode_ids())[3])
    return archive


def _leaf_readers(archive: Archive) -> Iterator[Any]:
    ix = open_index(archive)
    try:
        with ix.reader() as reader:
            yield from (leaf for leaf, _ in reader.leaf_readers())
    finally:
        ix.close()


def _raw_matchers(leaf: Any) -> Iterator[Any]:
    """Yield, for every term, a function making a fresh W3 leaf matcher (no deletion filter)."""
    terms = leaf._terms
    for fieldname, text in leaf.all_terms():
        info = terms.term_info(fieldname, text)
        fmt = SCHEMA[fieldname].format
        yield lambda f=fieldname, t=text, i=info, fm=fmt: terms.matcher(f, t, fm, i)


def _skips(m: Any, targets: list[int], skip: Any) -> list[Any]:
    seen = []
    for target in targets:
        try:
            skip(m, target)
        except ReadTooFar:
            seen.append("too far")
            break
        seen.append(m.id() if m.is_active() else None)
    return seen


def test_the_speedups_are_installed() -> None:
    """On the Whoosh they were written for, the faster methods are the ones in use."""
    assert whoosh.__version__[:3] == whoosh_speedups.WRITTEN_FOR
    assert whoosh3.W3LeafMatcher.skip_to is whoosh_speedups.skip_to
    assert whoosh3.W3PerDocReader.doc_field_length is whoosh_speedups.doc_field_length


def test_postings_read_the_same(archive: Archive) -> None:
    """all_ids and skip_to agree with Whoosh's on every term, from any position."""
    rng = random.Random(7)
    multi_block = 0
    for leaf in _leaf_readers(archive):
        for make in _raw_matchers(leaf):
            ids = list(whoosh_speedups.ORIGINALS["all_ids"](make()))
            assert list(whoosh_speedups.all_ids(make())) == ids
            multi_block += len(ids) > 128
            top = ids[-1] + 3
            targets = sorted(rng.sample(range(top), min(top, 12)) + ids[::7] + [top])
            for begin in (0, len(targets) // 2):
                assert _skips(make(), targets[begin:], whoosh_speedups.skip_to) == _skips(
                    make(), targets[begin:], whoosh_speedups.ORIGINALS["skip_to"]
                )
    assert multi_block > 10, "common words must span several posting blocks"


def test_lengths_read_the_same(archive: Archive) -> None:
    """doc_field_length agrees with Whoosh's for every document and field."""
    fields = SCHEMA.names()
    checked = 0
    for leaf in _leaf_readers(archive):
        ours = leaf._perdoc
        theirs = whoosh3.W3PerDocReader(leaf._storage, leaf._segment)
        original = whoosh_speedups.ORIGINALS["doc_field_length"]
        for docnum in range(leaf.doc_count_all()):
            for name in fields:
                assert whoosh_speedups.doc_field_length(ours, docnum, name) == original(
                    theirs, docnum, name
                )
                checked += 1
        theirs.close()
    assert checked > 1000


def test_facet_columns_read_the_same(archive: Archive) -> None:
    """A whole column read at once gives every document the value Whoosh reads for it."""
    read = 0
    for leaf in _leaf_readers(archive):
        for name in FACET_FIELDS.values():
            if not leaf.has_column(name):
                continue
            fast = whoosh_speedups.column_codes(leaf.column_reader(name, translate=False))
            assert fast is not None
            codes, raw = fast
            translate = SCHEMA[name].from_column_value
            assert [translate(raw[code]) for code in codes] == list(leaf.column_reader(name))
            # The facet counter's cache holds the same, whichever way it was read.
            cached, values = column_codes(leaf, name)
            assert [values[c] for c in cached] == list(leaf.column_reader(name))
            read += len(codes)
    assert read > 1000
