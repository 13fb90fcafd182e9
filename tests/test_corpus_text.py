"""Conformance on the real Markdown transcript in ../shared/corpus.

The corpus is third-party data kept beside the project, never copied into it; its
`.meta.json` records the speakers as written, the pseudo-speakers and a rough turn count.
These checks read the file in place and compare with that record, and with a word count
taken from the source independently of the reader.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from transcripts import Episode, Source, build_episode, read_document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CHANGELOG = SHARED / "corpus" / "changelog_jsparty_223.md"
# `**Name:**` at a paragraph's start; an escaped `\[12:34\]` time anywhere.
_LABEL = re.compile(r"^\*\*(?P<name>[^*]+?):\*\*\s*")
_ESCAPED_TIME = re.compile(r"\\\[\d{1,2}(?::\d{2}){1,2}\\\]")


@pytest.fixture(scope="module")
def record() -> dict[str, Any]:
    """Return the file's provenance record, or skip when the shared corpus is absent."""
    if not CHANGELOG.is_file():
        pytest.skip(f"the shared corpus is not checked out beside the project ({CHANGELOG})")
    meta = CHANGELOG.with_name(CHANGELOG.name + ".meta.json")
    return json.loads(meta.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def episode(record: dict[str, Any]) -> Episode:
    """Read the changelog transcript the way the archive does."""
    data = CHANGELOG.read_bytes()
    document = read_document(data, filename=CHANGELOG.name)
    source = Source(CHANGELOG.name, document.format, hashlib.sha256(data).hexdigest())
    return build_episode(document, episode_id="jsparty223", source=source)


def _pseudo(record: dict[str, Any]) -> set[str]:
    """Return the pseudo-speaker labels the record lists, without their explanations."""
    return {name.split(" (")[0] for name in record["pseudo_speakers"]}


def test_the_four_real_speakers_are_the_participants(
    episode: Episode, record: dict[str, Any]
) -> None:
    written = [name.split(" (")[0] for name in record["speaker_names_as_written"]]
    assert [p.name for p in episode.participants] == written
    assert len(written) == record["num_speakers"]
    assert not {p.name for p in episode.participants} & _pseudo(record)
    assert not {p.speaker for p in episode.passages} & _pseudo(record)


def test_the_turn_count_is_near_the_record(episode: Episode, record: dict[str, Any]) -> None:
    assert abs(len(episode.turns()) - record["approx_turns"]) <= record["approx_turns"] * 0.1


def test_each_break_marker_starts_a_section(episode: Episode) -> None:
    breaks = [
        line for line in CHANGELOG.read_text("utf-8").splitlines() if line.startswith("**Break:**")
    ]
    assert len(breaks) >= 1
    assert len(episode.sections) == len(breaks)
    assert all(s.title == "After the break" and s.start_ms for s in episode.sections)
    assert [s.start_ms for s in episode.sections] == sorted(
        s.start_ms or 0 for s in episode.sections
    )
    assert any("break marker" in w for w in episode.warnings)
    # Speech after the last break belongs to the last section.
    assert episode.passages[-1].section == episode.sections[-1].id


def test_no_markdown_is_left_in_the_passages(episode: Episode) -> None:
    for passage in episode.passages:
        assert "**" not in passage.text and "\\[" not in passage.text and "\\]" not in passage.text


def test_mid_turn_timestamps_time_their_paragraphs(episode: Episode) -> None:
    text = CHANGELOG.read_text("utf-8")
    stamps = len(_ESCAPED_TIME.findall(text))
    on_sounds = len(re.findall(r"^\*\*(?:Jingle|Outro):\*\* \\\[", text, re.MULTILINE))
    timed = [p for p in episode.passages if p.start_ms is not None]
    # Every stamp times a passage or a section, except those on sound markers (Jingle, Outro),
    # which time no one's speech.
    assert on_sounds >= 1
    assert len(timed) + len(episode.sections) == stamps - on_sounds


def test_no_speech_is_lost(episode: Episode, record: dict[str, Any]) -> None:
    markers = _pseudo(record) - {"Horse JS"}  # the read-out quote's words are kept
    source_words = 0
    for paragraph in re.split(r"\n\s*\n", CHANGELOG.read_text("utf-8")):
        label = _LABEL.match(paragraph.strip())
        if label and label["name"] in markers:
            continue
        text = _ESCAPED_TIME.sub(" ", _LABEL.sub("", paragraph.strip()))
        source_words += len(text.split())
    passage_words = sum(len(p.text.split()) for p in episode.passages)
    assert abs(passage_words - source_words) <= source_words * 0.02
