"""The benchmark: a deterministic generator whose files Verbatim ingests, and a run end to end.

Nothing here asserts a timing: a slow machine must never fail a test.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from archive.ingest.pipeline import add_paths
from archive.store.folder import Archive

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
# Small episodes keep the suite fast; the shapes are the same as at full size.
WORDS = 1500
REPORT_KEYS = {"episodes", "passages", "words", "import", "add_one", "query", "peak_rss_mb"}
CLASSES = {"term_common", "term_rare", "and2", "phrase4", "phrase4_speaker", "phrase4_hl"}
CLASS_KEYS = {"verbatim_p50_ms", "verbatim_p95_ms", "fts5_p50_ms", "fts5_p95_ms", "ratio_p95"}


@pytest.fixture(scope="module")
def generate() -> Iterator[ModuleType]:
    """Import the generator: `benchmarks/` is a folder of scripts that import each other."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCHMARKS))
        yield importlib.import_module("generate")


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_same_seed_writes_identical_bytes(generate: ModuleType, tmp_path: Path) -> None:
    """Two runs with one seed write the same files byte for byte; another seed does not."""
    generate.generate(tmp_path / "a", 3, seed=11, words=WORDS)
    generate.generate(tmp_path / "b", 3, seed=11, words=WORDS)
    generate.generate(tmp_path / "c", 3, seed=12, words=WORDS)
    first = _tree(tmp_path / "a")
    assert first == _tree(tmp_path / "b")
    assert first != _tree(tmp_path / "c")
    assert {name.rsplit(".", 1)[-1] for name in first} == {"vtt", "json", "jsonl"}


def test_episodes_continue_the_series(generate: ModuleType, tmp_path: Path) -> None:
    """Episode n is the same whether it is written alone (`first=n`) or within a run."""
    whole = generate.generate(tmp_path / "whole", 3, seed=11, words=WORDS)
    alone = generate.generate(tmp_path / "alone", 1, seed=11, first=2, words=WORDS)
    assert alone == whole[2:]
    path = whole[2]["file"]
    assert (tmp_path / "whole" / path).read_bytes() == (tmp_path / "alone" / path).read_bytes()


def test_vtt_names_the_speaker_only_where_it_changes(generate: ModuleType, tmp_path: Path) -> None:
    """Voice spans appear at speaker changes, as the Podcasting 2.0 guidance asks."""
    records = generate.generate(tmp_path, 3, seed=11, words=WORDS)
    vtt = next(r for r in records if r["format"] == "vtt")
    text = (tmp_path / vtt["file"]).read_text(encoding="utf-8")
    voices = re.findall(r"<v ([^>]+)>", text)
    cues = text.count(" --> ")
    assert 2 <= len(voices) < cues
    assert all(a != b for a, b in zip(voices, voices[1:], strict=False))
    assert set(voices) == {*vtt["hosts"], *vtt["guests"]}


def test_generated_files_import_with_their_speakers_and_words(
    generate: ModuleType, tmp_path: Path
) -> None:
    """Every file imports; speakers, chapters and every generated word come through."""
    records = generate.generate(tmp_path / "source", 3, seed=11, words=WORDS)
    archive = Archive.init(tmp_path / "archive")
    by_file = {}
    for record in records:
        results = add_paths(
            archive,
            [tmp_path / "source" / record["show_dir"]],
            show=record["show"],
            hosts=record["hosts"],
        )
        assert [r.status for r in results] == ["added"]
        by_file[record["file"]] = results[0].episode
    for record in records:
        episode = by_file[record["file"]]
        speakers = {p.speaker for p in episode.passages}
        assert speakers == {*record["hosts"], *record["guests"]}
        assert 2 <= len(speakers) <= 4
        assert {p.name for p in episode.participants if p.role == "host"} == set(record["hosts"])
        words = [len(p.text.split()) for p in episode.passages]
        assert sum(words) == record["words"]
        # Passages are cut at 75-150 words or 30-60 s: a minimum count follows from the words.
        assert len(words) >= record["words"] // 150
        assert episode.show == record["show"]
        assert episode.source.format == record["format"]
        if record["chapters"]:
            assert len(episode.sections) == record["chapters"]
    assert {r["format"] for r in records} == {"vtt", "json"}
    assert any(r["chapters"] for r in records)


def _run(script: str, *args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_run_prints_the_whole_report_and_latency_reads_the_archive(tmp_path: Path) -> None:
    """`run.py --json` (with HTTP) prints every key; `latency.py` measures what it built."""
    work = tmp_path / "bench"
    report = _run(
        "run.py",
        *("--episodes", "3", "--queries", "5", "--words", str(WORDS), "--json"),
        *("--workdir", str(work), "--http", "--http-requests", "12", "--clients", "2"),
    )
    assert REPORT_KEYS <= set(report)
    assert report["episodes"] == 3
    assert {"verbatim_s", "fts5_s", "ratio"} <= set(report["import"])
    assert {"p50_ms", "p95_ms"} <= set(report["add_one"])
    assert set(report["query"]) == CLASSES
    for row in report["query"].values():
        assert CLASS_KEYS <= set(row)
    http = report["http"]
    assert http["requests"] == 12 and http["errors"] == 0
    assert {"search_page", "api_search"} <= set(http)

    latency = _run("latency.py", "--archive", str(work / "archive"), "--queries", "3", "--json")
    assert set(latency["query"]) == CLASSES
    assert latency["episodes"] == 3 + 5  # the five add-one episodes stay in the archive
    assert {"p50_ms", "p95_ms"} <= set(latency["all"])

    assert report["index_segments"] >= 1
    # report.py renders it as the README's tables.
    saved = tmp_path / "report.json"
    saved.write_text(json.dumps(report))
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "report.py"), str(saved)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert done.stdout.startswith("**3 episodes**")
    assert "| import (parse, store, index) |" in done.stdout and "× | ≤ 10× |" in done.stdout
    assert done.stdout.count("\n| ") >= 2 + 6 + 2  # import rows, six classes, two headers
    assert "Over HTTP (" in done.stdout and "0 errors" in done.stdout
    again = _run(
        "run.py",
        *("--workdir", str(work), "--remeasure", "--queries", "3", "--add-one", "--optimize"),
        "--json",
    )
    assert set(again["query"]) == CLASSES
    # --optimize merges before measuring: the queries then see one segment.
    assert again["optimize"]["segments_before"] >= 1 and again["index_segments"] == 1
    assert again["episodes"] == 3 + 5 and again["settings"]["remeasured"] is True
    assert {"p50_ms", "p95_ms"} <= set(again["add_one"])
    assert len(list((work / "archive" / "episodes").iterdir())) == 3 + 5 + 5
    memory = _run(
        "import_memory.py", "--archive", str(work / "archive"), "--episodes", "2", "--json"
    )
    assert memory["archive_episodes"] == 3 + 5 + 5 and memory["added"] == 2
    assert memory["peak_rss_mb"] > 0
    assert len(list((work / "archive" / "episodes").iterdir())) == 3 + 5 + 5 + 2
    # The import's memory is reported on its own, importer and writer helpers apart.
    assert {"peak_rss_mb", "helper_peak_rss_mb"} <= set(report["import"])
