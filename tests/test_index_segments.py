"""Segments and counting: results must not depend on how the index happens to be merged.

A bulk import commits once per batch and a single add merges only small segments, so one
archive may be one segment or many. Searches, counts and facets must come out the same
either way, and whichever way the matches were counted (see archive/match_counts.py).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from archive.engines.whoosh.index import open_index
from archive.engines.whoosh.merging import MERGE_FACTOR, merge_plan
from archive.engines.whoosh.patterns import words_within
from archive.ingest.pipeline import add_file, add_paths
from archive.search.indexing import optimize
from archive.search.indexing import part_count as segment_count
from archive.search.run import search
from archive.search.service import SearchService
from archive.store.folder import Archive

DATA = Path(__file__).parent / "data" / "search"
QUERIES = ("lighthouse", "lighthuose~", '"the lamp"', "harbour OR storm", "keep*", "night -storm")


def transcripts() -> list[Path]:
    return sorted(p for p in DATA.iterdir() if p.suffix in {".vtt", ".txt", ".md", ".srt"})


@pytest.fixture(scope="module")
def layouts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Archive, Archive]:
    """Return the same files as a one-segment archive and as a one-segment-per-file one."""
    files = transcripts()
    assert len(files) >= 3
    root = tmp_path_factory.mktemp("layouts")
    one = Archive.init(root / "one")
    add_paths(one, files)
    optimize(one)
    many = Archive.init(root / "many")
    for path in files:
        add_file(many, path)
    assert segment_count(one) == 1
    assert segment_count(many) == len(files)
    return one, many


def _summary(archive: Archive, query: str, **options: object) -> tuple[object, ...]:
    results = search(archive, query, page_size=100, **options)
    return (
        results.total,
        [(h.passage_id, h.text) for h in results.hits],
        results.facets,
        results.episode_counts,
    )


@pytest.mark.parametrize("query", QUERIES)
def test_results_do_not_depend_on_the_segments(
    layouts: tuple[Archive, Archive], query: str
) -> None:
    """One segment or one per episode: the same totals, hits, facets and counts."""
    one, many = layouts
    assert _summary(one, query) == _summary(many, query)
    assert _summary(one, query, sort="newest") == _summary(many, query, sort="newest")


def test_a_swapped_pair_of_letters_is_one_edit(layouts: tuple[Archive, Archive]) -> None:
    """`lighthuose~` finds lighthouse in any layout (Whoosh alone found it in some only)."""
    for archive in layouts:
        assert search(archive, "lighthuose~").total == search(archive, "lighthouse").total > 0


def test_counts_agree_however_they_were_counted(layouts: tuple[Archive, Archive]) -> None:
    """A word is counted in a second pass, a phrase while collecting: both count every match."""
    one, _ = layouts
    word = search(one, "lighthouse", page_size=1)
    assert word.total == search(one, "lighthouse", page_size=100, sort="oldest").total
    assert sum(f["count"] for f in word.facets["show"]) <= word.total
    assert sum(word.episode_counts.values()) <= word.total
    phrase = search(one, '"the lamp"', page_size=1)
    assert phrase.total == len(search(one, '"the lamp"', page_size=100).hits)


def test_a_speaker_filter_counts_only_that_speaker(layouts: tuple[Archive, Archive]) -> None:
    """Totals and facets of a filtered search count only what passes the filter."""
    one, many = layouts
    everyone = search(one, "the", page_size=1)
    speaker = everyone.facets["speaker"][0]
    filtered = search(one, "the", page_size=1, speaker=speaker["value"])
    assert filtered.total == speaker["count"]
    assert filtered.facets["speaker"] == [speaker]
    assert _summary(many, "the", speaker=speaker["value"]) == _summary(
        one, "the", speaker=speaker["value"]
    )


def _segment(docs: int, deleted: int = 0) -> SimpleNamespace:
    return SimpleNamespace(doc_count_all=lambda: docs, deleted_count=lambda: deleted)


def test_merge_plan_merges_full_tiers_and_purges_deletions() -> None:
    """A tier merges once it holds MERGE_FACTOR segments; a mostly deleted one always."""
    small = [_segment(100) for _ in range(MERGE_FACTOR - 1)]
    big = _segment(1_000_000)
    assert merge_plan([*small, big]) == []
    full = [*small, _segment(120)]
    assert set(map(id, merge_plan([*full, big]))) == set(map(id, full))
    # A single add may rewrite at most `largest` documents.
    assert merge_plan([*full, big], largest=300) != []
    assert sum(s.doc_count_all() for s in merge_plan([*full, big], largest=300)) <= 300
    worn = _segment(5000, deleted=4000)
    assert merge_plan([worn, big]) == [worn]


def test_optimize_leaves_one_segment(tmp_path: Path) -> None:
    """`optimize` merges everything; searches find the same afterwards."""
    archive = Archive.init(tmp_path / "archive")
    for path in transcripts()[:3]:
        add_file(archive, path)
    before = _summary(archive, "night")
    count = segment_count(archive)
    assert count > 1
    assert optimize(archive) == count
    assert segment_count(archive) == 1
    assert _summary(archive, "night") == before


def test_a_long_lived_search_service_follows_merges_and_deletions(tmp_path: Path) -> None:
    """After optimize, and after a correction, an open service shows each passage once.

    Whoosh's refresh() kept the merged-away segments (every hit twice) and reused a
    segment whose deletions had changed.
    """
    archive = Archive.init(tmp_path / "archive")
    files = transcripts()[:3]
    for path in files:
        add_file(archive, path)
    with SearchService(archive) as service:
        before = service.search("the", page_size=100)
        optimize(archive)
        after = service.search("the", page_size=100)
        assert after.total == before.total
        assert sorted(h.passage_id for h in after.hits) == sorted(h.passage_id for h in before.hits)
        # A correction deletes passages in the one (reused) segment and adds new ones.
        episode = archive.get_episode(archive.episode_ids()[0])
        word = episode.passages[0].text.split()[-1].strip(".,?!")
        corrected = tmp_path / files[0].name
        corrected.write_text(
            files[0].read_text(encoding="utf-8").replace(word, "zyzzyva", 1), encoding="utf-8"
        )
        add_file(archive, corrected, episode_id=episode.id)
        assert service.search("zyzzyva").total == search(archive, "zyzzyva").total == 1
        assert service.search("the", page_size=100).total == search(archive, "the").total


def test_a_bulk_import_leaves_tiers_too_large_to_merge_for_optimize() -> None:
    """A full tier over `tier_limit` documents stays as it is; smaller full tiers merge."""
    large = [_segment(80_000) for _ in range(MERGE_FACTOR)]
    small = [_segment(10_000) for _ in range(MERGE_FACTOR)]
    plan = merge_plan([*large, *small], tier_limit=200_000)
    assert set(map(id, plan)) == set(map(id, small))
    assert set(map(id, merge_plan([*large, *small]))) == set(map(id, large + small))
    # Purging a mostly deleted segment is never held back.
    worn = _segment(150_000, deleted=100_000)
    assert merge_plan([*large, worn], tier_limit=200_000) == [worn]


def test_suggestions_search_the_largest_segment_however_small(
    layouts: tuple[Archive, Archive],
) -> None:
    """After a bulk import every segment may hold under the share suggestions look at."""
    _, many = layouts
    ix = open_index(many)
    try:
        with ix.reader() as reader:
            assert len(list(reader.leaf_readers())) > 1
            # No segment holds 99% of the passages: the largest is searched all the same.
            assert "the" in words_within(reader, "exact", "teh", 1, 1, min_share=0.99)
    finally:
        ix.close()
