"""Writers round-trip: an episode written as WebVTT, SubRip, Markdown or text reads back."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import cli
from transcripts import Episode, Source, build_episode, read_document
from transcripts.errors import TranscriptError
from transcripts.writers import WRITERS, to_srt, to_vtt

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DATA = Path(__file__).resolve().parent / "data"


def read(path: Path) -> Episode:
    """Read a file through the real pipeline, with its stem as the episode id."""
    data = path.read_bytes()
    document = read_document(data, filename=path.name)
    sha = hashlib.sha256(data).hexdigest()
    return build_episode(document, episode_id=path.stem, source=Source(path.name, "-", sha))


def reread(episode: Episode, format: str) -> Episode:
    """Write an episode in a format and read the result back."""
    data = WRITERS[format](episode).encode("utf-8")
    document = read_document(data, filename=f"{episode.id}.{format}", format=format)
    return build_episode(document, episode_id=episode.id, source=episode.source)


def speech(episode: Episode) -> list[tuple[str | None, str]]:
    """Return who said which words, passage by passage, whitespace-folded."""
    return [(p.speaker, " ".join(p.text.split())) for p in episode.passages]


TIMED = [EXAMPLES / "harbour-lights.vtt", EXAMPLES / "night-trains.md"]
ALL = [*TIMED, EXAMPLES / "seed-library.txt"]


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
@pytest.mark.parametrize("format", ["md", "txt"])
def test_text_formats_round_trip_speech_and_title(path: Path, format: str) -> None:
    """Markdown and text keep every passage, its speaker and the title; Markdown the sections."""
    original = read(path)
    again = reread(original, format)
    assert speech(again) == speech(original)
    if format == "md":  # plain text has no headings; Markdown keeps the structure
        assert [s.title for s in again.sections] == [s.title for s in original.sections]
    assert again.title == original.title
    assert [p.start_ms for p in again.passages] == [
        None if p.start_ms is None else p.start_ms // 1000 * 1000 for p in original.passages
    ]


@pytest.mark.parametrize("path", TIMED, ids=lambda p: p.name)
@pytest.mark.parametrize("format", ["vtt", "srt"])
def test_caption_formats_round_trip_speech_and_times(path: Path, format: str) -> None:
    """WebVTT and SubRip keep every word, its speaker and the passages' start times."""
    original = read(path)
    again = reread(original, format)
    words = [(speaker, word) for speaker, text in speech(original) for word in text.split()]
    again_words = [(speaker, word) for speaker, text in speech(again) for word in text.split()]
    assert again_words == words
    # Every turn still starts when it did; untimed continuations get times in between.
    turn_starts = [t.start_ms for t in original.turns()]
    assert [t.start_ms for t in again.turns()] == turn_starts
    assert all(p.start_ms is not None for p in again.passages)


def test_webvtt_escapes_what_cue_text_reserves() -> None:
    """Ampersands and angle brackets in speech are escaped in WebVTT, plain in SubRip."""
    episode = read(EXAMPLES / "harbour-lights.vtt")
    assert "north-east &amp; the" in to_vtt(episode)
    assert "north-east & the" in to_srt(episode)
    assert "&lt;labelled by year&gt;" in to_vtt(episode)


def test_speech_in_angle_brackets_survives_subrip() -> None:
    """Only SubRip's styling tags are stripped: "<labelled by year>" is speech and stays."""
    again = reread(read(EXAMPLES / "harbour-lights.vtt"), "srt")
    assert any("<labelled by year>" in p.text for p in again.passages)


def test_untimed_transcripts_cannot_become_captions() -> None:
    """A transcript without times refuses caption formats with what to use instead."""
    with pytest.raises(TranscriptError, match="export it as md, txt or json"):
        to_vtt(read(EXAMPLES / "seed-library.txt"))


def test_export_command_writes_each_format(tmp_path: Path) -> None:
    """`verbatim export --format vtt` prints WebVTT; an untimed one is a one-line error."""
    root = str(tmp_path / "archive")
    runner = CliRunner()
    assert runner.invoke(cli, ["--archive", root, "init"]).exit_code == 0
    added = runner.invoke(cli, ["--archive", root, "add", str(EXAMPLES), "--json"])
    assert added.exit_code == 0, added.output
    vtt = runner.invoke(cli, ["--archive", root, "export", "harbour-lights", "--format", "vtt"])
    assert vtt.exit_code == 0 and vtt.output.startswith("WEBVTT - Harbour Lights")
    exported = runner.invoke(cli, ["--archive", root, "export", "night-trains"])
    assert json.loads(exported.output)["id"] == "night-trains"
    refused = runner.invoke(cli, ["--archive", root, "export", "seed-library", "--format", "srt"])
    assert refused.exit_code == 1
    assert refused.stderr.startswith("error: ") and refused.stderr.count("\n") == 1
