"""Speedups change no answer: every benchmark query's totals, facets and top hits, as recorded.

The benchmark's generator writes a small archive (deterministic for its seed), the
benchmark draws its queries from it, and each query runs through the search service as
the site runs it. What came back was recorded in `data/same_answers_golden.json` by the
code before the Whoosh speedups of issue 16 (pairs of common words and on); any change
to the index or the search path must give the same totals, the same facets, the same
hits in the same order with the same scores, and the same marks in the highlighted text.

To record again, deliberately, after a change that is meant to change answers:
`python tests/test_same_answers.py` (and say why in the commit).
"""

from __future__ import annotations

import importlib
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
GOLDEN = Path(__file__).parent / "data" / "same_answers_golden.json"
EPISODES = 40
WORDS = 1500
SEED = 7
PER_CLASS = 12


def _modules() -> tuple[Any, Any]:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    return importlib.import_module("generate"), importlib.import_module("queries")


def answers(work: Path) -> dict[str, Any]:
    """Build the generated archive in `work` and return every benchmark query's answer."""
    from archive.ingest.pipeline import add_paths
    from archive.search.service import SearchService
    from archive.store.folder import Archive

    generate, queries = _modules()
    records = generate.generate(work / "source", EPISODES, seed=SEED, words=WORDS)
    archive = Archive.init(work / "archive")
    by_show: dict[str, dict[str, Any]] = defaultdict(dict)
    for record in records:
        by_show[record["show_dir"]] = record
    for show_dir, record in sorted(by_show.items()):
        results = add_paths(
            archive, [work / "source" / show_dir], show=record["show"], hosts=record["hosts"]
        )
        assert all(r.ok for r in results)
    drawn = queries.draw_queries(queries.read_passages(archive), PER_CLASS, seed=SEED)
    out: dict[str, Any] = {}
    with SearchService(archive) as service:
        for query in queries.interleave(drawn):
            results = service.search(query.text, speaker=query.speaker, page_size=query.page_size)
            key = f"{query.cls}: {query.text}" + (f" / {query.speaker}" if query.speaker else "")
            out[key] = {
                "total": results.total,
                "facets": results.facets,
                "hits": [[h.passage_id, round(h.score, 6)] for h in results.hits],
                "highlights": [h.highlight for h in results.hits[:10]],
            }
    return out


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return answers(tmp_path_factory.mktemp("same-answers"))


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_the_same_queries_are_drawn(found: dict[str, Any], golden: dict[str, Any]) -> None:
    assert list(found) == list(golden)
    assert len(golden) >= 5 * PER_CLASS


@pytest.mark.parametrize("part", ["total", "facets", "hits", "highlights"])
def test_every_query_answers_as_recorded(
    found: dict[str, Any], golden: dict[str, Any], part: str
) -> None:
    differ = [key for key in golden if found.get(key, {}).get(part) != golden[key][part]]
    assert not differ, f"{len(differ)} queries answer differently, e.g. {differ[:3]}"
    if part == "total":
        assert any(answer["total"] > 20 for answer in golden.values()), "some match many"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        recorded = answers(Path(tmp))
    GOLDEN.write_text(json.dumps(recorded, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"recorded {len(recorded)} queries in {GOLDEN}")
