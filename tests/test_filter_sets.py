"""Filters kept as document sets with a long-lived searcher: never stale, never too many."""

from __future__ import annotations

from pathlib import Path

from archive.engines.whoosh import filter_sets
from archive.engines.whoosh.compile import to_whoosh
from archive.ingest.pipeline import add_file, add_paths
from archive.query.filters import build_filter
from archive.search.run import search
from archive.search.service import SearchService
from archive.store.folder import Archive

DATA = Path(__file__).parent / "data" / "search"


def _ids(results: object) -> list[str]:
    return [hit.passage_id for hit in results.hits]  # type: ignore[attr-defined]


def test_a_kept_filter_sees_episodes_added_after_it(tmp_path: Path) -> None:
    """The same filter on a long-lived service finds a speaker's new passages."""
    archive = Archive.init(tmp_path / "archive")
    add_file(archive, DATA / "keepers-night.vtt")
    with SearchService(archive) as service:
        first = service.search("", speaker="Mara Quill", page_size=100)
        again = service.search("", speaker="Mara Quill", page_size=100)
        assert first.total == again.total > 0 and _ids(first) == _ids(again)
        assert _ids(first) == _ids(search(archive, "", speaker="Mara Quill", page_size=100))
        # Another file where Mara Quill speaks: the service reopens, the filter follows.
        add_file(archive, DATA / "ferry-winter.txt")
        after = service.search("", speaker="Mara Quill", page_size=100)
        assert after.total > first.total
        assert any(hit.episode_id == "ferry-winter" for hit in after.hits)


def test_a_filter_nobody_passes_finds_nothing_every_time(tmp_path: Path) -> None:
    """An empty set of documents is still a filter (Whoosh would read it as none)."""
    archive = Archive.init(tmp_path / "archive")
    add_paths(archive, [DATA / "keepers-night.vtt"])
    with SearchService(archive) as service:
        for _ in range(2):
            assert service.search("lamp", speaker="nobody at all").total == 0
        assert service.search("lamp").total > 0


def test_at_most_max_filters_are_kept_per_searcher(tmp_path: Path) -> None:
    """The least recently used filter goes first."""
    archive = Archive.init(tmp_path / "archive")
    add_paths(archive, [DATA / "keepers-night.vtt"])
    with SearchService(archive) as service:

        def keep(name: str) -> object:
            return service.run(
                lambda r: filter_sets.filter_set(r.searcher, to_whoosh(build_filter(speaker=name)))
            )

        first = keep("speaker 0")
        for n in range(1, filter_sets.MAX_FILTERS + 1):
            keep(f"speaker {n}")
        # "speaker 0" was dropped: asking again computes a new set.
        assert keep("speaker 0") is not first
        newest = keep(f"speaker {filter_sets.MAX_FILTERS}")
        assert keep(f"speaker {filter_sets.MAX_FILTERS}") is newest
