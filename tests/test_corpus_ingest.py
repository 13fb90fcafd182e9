"""Every file of the shared corpus through the real command line into a real archive.

Each corpus file's `.meta.json` says which speakers it has (as written) and roughly how
many turns; the archive must agree, keep every kept original byte for byte, leak no markup
into speech, and refuse the one file with no text with a clear error. Skipped without
../shared (the corpus is third-party text and never copied into the project).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
# Markup and caption syntax that must never reach a passage.
LEAKS = ("-->", "<v ", "</", "<c>", "<00:", "&amp;", "&#39;", "**", "\\[", "playAt", "align:")


def listed() -> list[Path]:
    """Return the corpus transcripts that have a meta file; none when the corpus is absent."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.iterdir() if Path(f"{p}.meta.json").is_file())


def corpus_files() -> list[Path]:
    """Return the corpus transcripts, or skip when the shared corpus is not checked out."""
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent: the shared corpus is not checked out beside the repo")
    return listed()


def verbatim(archive: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess."""
    command = [sys.executable, "-m", "archive", "--archive", str(archive), *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def expected_names(meta: dict) -> set[str]:
    """Return the speaker names a meta file lists, without the markup they were written in."""
    names = set()
    for written in meta.get("speaker_names_as_written", []):
        name = written.split("->")[-1]  # "spk_0 -> Luciano"
        name = re.sub(r"\(.*?\)", "", name)  # "(generic)", "(plain-text prefix …)"
        names.add(re.sub(r"^<v\s+|>$|^\[|\]$|:$", "", name.strip()).strip())
    return names


@pytest.fixture(scope="module")
def corpus_archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    """Add the whole corpus folder in one command; return the archive and results by file."""
    files = corpus_files()
    root = tmp_path_factory.mktemp("corpus") / "archive"
    assert verbatim(root, "init").returncode == 0
    added = verbatim(root, "add", *map(str, files), "--json")
    results = {}
    for line in added.stdout.splitlines():
        summary = json.loads(line)
        results[Path(summary["file"]).name] = summary
    errors = added.stderr.strip().splitlines()
    # Exactly one file has no text at all; it fails alone, with one line naming it.
    assert added.returncode == 1
    assert len(errors) == 1 and "podcastindex_2020_json_no_body" in errors[0], errors
    assert "none carries any text" in errors[0]
    return root, results


def test_every_readable_file_is_added(corpus_archive: tuple[Path, dict[str, dict]]) -> None:
    """All corpus files but the text-less one become episodes with passages."""
    _, results = corpus_archive
    names = {p.name for p in corpus_files()} - {"podcastindex_2020_json_no_body_truncated.json"}
    assert set(results) == names
    assert all(summary["passages"] > 0 for summary in results.values())


@pytest.mark.parametrize("path", listed(), ids=lambda p: p.name)
def test_speakers_turns_and_speech_match_the_meta(
    path: Path, corpus_archive: tuple[Path, dict[str, dict]]
) -> None:
    """Speakers equal the meta's (all of them), turns are near its count, no markup leaks."""
    root, results = corpus_archive
    if path.name not in results:
        pytest.skip(f"{path.name} is refused on purpose (checked by the fixture)")
    meta = json.loads(Path(f"{path}.meta.json").read_text(encoding="utf-8"))
    exported = verbatim(root, "export", results[path.name]["id"], "--format", "json")
    episode = json.loads(exported.stdout)
    found = {p["name"] for p in episode["participants"]}
    expected = expected_names(meta)
    if isinstance(meta.get("num_speakers"), int):
        assert found == expected
    else:
        assert expected <= found  # "many": the meta lists some of them
    turns = len({p["turn"] for p in episode["passages"]})
    if isinstance(meta.get("approx_turns"), int):
        assert abs(turns - meta["approx_turns"]) <= 0.25 * meta["approx_turns"]
    for passage in episode["passages"]:
        assert not any(leak in passage["text"] for leak in LEAKS), passage["text"][:80]
    original = root / "episodes" / episode["id"] / "original" / path.name
    assert hashlib.sha256(original.read_bytes()).hexdigest() == episode["source"]["sha256"]
    assert original.read_bytes() == path.read_bytes()
