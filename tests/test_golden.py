"""Golden files: every fixture in tests/data reads into the episode its .expected.json holds.

Regenerate with `VERBATIM_REGEN_GOLDEN=1 pytest tests/test_golden.py`, then read every
changed golden by hand: a golden must encode the right answer, not whatever the code did.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from transcripts import Episode, Source, build_episode, read_document

DATA = Path(__file__).parent / "data"
SUFFIXES = {".vtt", ".srt", ".md", ".txt"}
# README.md describes the fixtures; it is not one.
FIXTURES = sorted(
    p for p in DATA.iterdir() if p.is_file() and p.suffix in SUFFIXES and p.name != "README.md"
)
REGENERATE = os.environ.get("VERBATIM_REGEN_GOLDEN") == "1"


def episode_for(path: Path) -> Episode:
    """Read a fixture the way the archive does, with the file stem as the episode id."""
    data = path.read_bytes()
    document = read_document(data, filename=path.name)
    source = Source(
        filename=path.name,
        format=document.format,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=document.encoding,
    )
    return build_episode(document, episode_id=path.stem, source=source)


def test_there_are_fixtures() -> None:
    assert len(FIXTURES) >= 8


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_golden(path: Path) -> None:
    expected_path = path.with_name(path.stem + ".expected.json")
    actual = episode_for(path).to_dict()
    if REGENERATE:
        expected_path.write_text(
            json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    assert expected_path.exists(), f"no golden for {path.name}; see this module's docstring"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert actual == expected


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_golden_round_trips(path: Path) -> None:
    episode = episode_for(path)
    assert Episode.from_dict(json.loads(json.dumps(episode.to_dict()))) == episode
