"""Every corpus, seed and shape file, held against the `expect` block of its meta.

Each corpus file's `.meta.json` has an `expect` object saying what a right reading gives:
the people who speak, roughly how many turns, probe phrases and who said them, text that
is not speech, whether the speech is timed. The shared checker
(`../shared/tools/corpus_check.py`) ingests each file with the real `verbatim` command and
scores it against that; these tests run the same checker, so the suite and the checker
never disagree. Beside the shared corpus and seeds, `tests/data/shapes/` holds the project's
own invented file for each label, time and layout shape real transcripts use, with metas in
the same form. Files not yet read right are on the strict list in `corpus_status.py`.

A second pass adds the whole corpus in one bulk command, as an archivist would: every file
is either stored byte for byte or refused with one error line naming it, and no markup
reaches a passage. Skipped without ../shared (the corpus is third-party text and never
copied into the project).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.corpus_status import GIVEN_TO_THE_WRONG_PERSON, NOT_YET_READ_RIGHT

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
# The seeds this project grew from; those with an `expect` block are held to it too.
SEEDS = SHARED / "seeds"
# The project's own invented file per label, time and layout shape (see its README).
SHAPES = Path(__file__).resolve().parent / "data" / "shapes"
CHECKER = SHARED / "tools" / "corpus_check.py"
# Markup and caption syntax that must never reach a passage.
LEAKS = ("-->", "<v ", "</", "<c>", "<00:", "&amp;", "&#39;", "**", "\\[", "playAt", "align:")
VERBATIM = str(Path(sys.executable).with_name("verbatim"))


def listed() -> list[Path]:
    """Return the corpus, seed and shape files whose meta has an `expect` block."""
    folders = [folder for folder in (CORPUS, SEEDS, SHAPES) if folder.is_dir()]
    return sorted(
        path
        for folder in folders
        for path in folder.iterdir()
        if Path(f"{path}.meta.json").is_file() and "expect" in meta(path)
    )


def meta(path: Path) -> dict[str, Any]:
    """Return the meta record of a corpus file."""
    return json.loads(Path(f"{path}.meta.json").read_text(encoding="utf-8"))


def require_checker() -> None:
    """Skip when the shared checker is not beside the project (the corpus may be absent too)."""
    if not CHECKER.is_file():
        pytest.skip(f"{CHECKER} is absent: the shared corpus checker is not beside the repo")


def load_checker() -> ModuleType:
    """Import the shared corpus checker from ../shared/tools."""
    spec = importlib.util.spec_from_file_location("corpus_check", CHECKER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def verbatim(archive: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess."""
    command = [sys.executable, "-m", "archive", "--archive", str(archive), *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def expected_failure(path: Path, reasons: dict[str, str]) -> list[pytest.MarkDecorator]:
    """Mark a file on a known-failure list as a strict expected failure, with its reason."""
    reason = reasons.get(path.name)
    return [pytest.mark.xfail(reason=reason, strict=True)] if reason else []


def cases(reasons: dict[str, str]) -> list[Any]:
    """Return one test case per corpus file, with its expected failure if it has one."""
    return [
        pytest.param(path, id=path.name, marks=expected_failure(path, reasons)) for path in listed()
    ]


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Run the shared checker on every corpus file (two at a time); return results by file."""
    require_checker()
    checker = load_checker()
    root = tmp_path_factory.mktemp("corpus-check")

    def check(path: Path) -> dict[str, Any]:
        return checker.check_file(VERBATIM, path, meta(path)["expect"], root, True)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return {result["file"]: result for result in pool.map(check, listed())}


@pytest.fixture(scope="module")
def bulk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict], list[str]]:
    """Add the whole corpus in one command; return the archive, summaries and error lines."""
    require_checker()
    root = tmp_path_factory.mktemp("corpus") / "archive"
    assert verbatim(root, "init").returncode == 0
    added = verbatim(root, "add", *map(str, listed()), "--json")
    summaries = {}
    for line in added.stdout.splitlines():
        summary = json.loads(line)
        summaries[Path(summary["file"]).name] = summary
    return root, summaries, added.stderr.strip().splitlines()


@pytest.mark.parametrize("path", cases(NOT_YET_READ_RIGHT))
def test_file_is_read_as_its_meta_expects(path: Path, checked: dict[str, dict]) -> None:
    """Speakers, turns, probes and their speakers, non-speech, times: all as `expect` says."""
    result = checked[path.name]
    assert result["verdict"] == "right", "\n".join(result["problems"])


@pytest.mark.parametrize("path", cases(GIVEN_TO_THE_WRONG_PERSON))
def test_no_probe_is_given_to_the_wrong_person(path: Path, checked: dict[str, dict]) -> None:
    """A probe may lack a speaker where the reader was unsure, but never have another's."""
    wrong = [
        problem
        for problem in checked[path.name]["problems"]
        if " given to " in problem and " given to None," not in problem
    ]
    assert not wrong, "\n".join(wrong)


def test_the_known_failures_are_corpus_files() -> None:
    """Every file on the known-failure lists exists, so a renamed file cannot hide there."""
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent: the shared corpus is not checked out beside the repo")
    names = {path.name for path in listed()}
    assert set(NOT_YET_READ_RIGHT) <= names
    assert set(GIVEN_TO_THE_WRONG_PERSON) <= set(NOT_YET_READ_RIGHT)


@pytest.mark.parametrize("path", listed(), ids=lambda p: p.name)
def test_bulk_add_stores_or_refuses_each_file(
    path: Path, bulk: tuple[Path, dict[str, dict], list[str]]
) -> None:
    """Each file is stored byte for byte, or refused in one line; no markup reaches speech.

    The markup check leaves out the files not yet read right, whose reasons say what leaks.
    """
    root, summaries, errors = bulk
    if path.name not in summaries:
        naming = [line for line in errors if path.name in line]
        assert len(naming) == 1 and naming[0].startswith("error: "), errors
        return
    assert not meta(path)["expect"].get("refuse"), f"{path.name} should have been refused"
    exported = verbatim(root, "export", summaries[path.name]["id"], "--format", "json")
    episode = json.loads(exported.stdout)
    assert episode["passages"]
    # A file not yet read right may still leak markup: that is part of why it is listed.
    leaks = () if path.name in NOT_YET_READ_RIGHT else LEAKS
    for passage in episode["passages"]:
        leaked = [leak for leak in leaks if leak in passage["text"]]
        assert not leaked, f"{leaked} in {passage['id']}: {passage['text'][:80]!r}"
    original = root / "episodes" / episode["id"] / "original" / path.name
    assert hashlib.sha256(original.read_bytes()).hexdigest() == episode["source"]["sha256"]
    assert original.read_bytes() == path.read_bytes()
