"""The model's JSON round trips, and timecodes as integer milliseconds."""

from __future__ import annotations

import json

import pytest

from transcripts import Document, Episode, Heading, Source, Utterance, build_episode
from transcripts.timecodes import format_clock, format_timecode, parse_timecode


def sample_episode() -> Episode:
    """Build an episode that uses every field: sections, roles, nulls and warnings."""
    document = Document(
        format="vtt",
        items=(
            Utterance("Before the first heading.", None, 0, 1_000),
            Heading("Opening"),
            Utterance("Welcome.", "Ana", 1_000, 2_500),
            Utterance("Thanks for having me.", "Bo Lind", 2_500, 4_000),
        ),
        unit="cue",
        title="Harbour Lights",
        date="2024-01-02",
        language="en",
        warnings=("1 cue had no voice span",),
    )
    source = Source(filename="h.vtt", format="vtt", sha256="ab" * 32, encoding="utf-8-sig")
    return build_episode(
        document,
        episode_id="harbour-4",
        source=source,
        show="Docks",
        url="https://example.org/4",
        hosts=["Ana Ruiz"],
        guests=["Bo Lind"],
    )


def test_episode_round_trips_through_json() -> None:
    episode = sample_episode()
    assert episode.sections and episode.participants and episode.warnings
    assert Episode.from_dict(json.loads(json.dumps(episode.to_dict()))) == episode


def test_episode_json_has_the_contract_shape() -> None:
    data = sample_episode().to_dict()
    assert set(data) >= {"id", "title", "show", "date", "url", "audio_url", "language",
                         "revision", "source", "participants", "sections", "passages",
                         "warnings"}  # fmt: skip
    assert set(data["source"]) >= {"filename", "format", "sha256"}
    assert data["participants"] == [
        {"name": "Ana Ruiz", "role": "host"},
        {"name": "Bo Lind", "role": "guest"},
    ]
    assert data["sections"] == [
        {"id": "s1", "title": "Opening", "start_ms": 1_000, "origin": "source"}
    ]
    assert data["passages"][0] == {
        "id": "harbour-4.1",
        "turn": 1,
        "speaker": None,
        "section": None,
        "start_ms": 0,
        "end_ms": 1_000,
        "text": "Before the first heading.",
    }


def test_lookups_by_id_and_name() -> None:
    episode = sample_episode()
    assert episode.passage("harbour-4.2") is not None
    assert episode.passage("harbour-4.99") is None
    assert episode.section("s1") is not None
    assert episode.participant("Ana Ruiz") is not None
    assert episode.duration_ms == 4_000


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("00:00:01.000", 1_000),
        ("01:02:03.456", 3_723_456),
        ("1:02:03,4", 3_723_400),
        ("0:0:0.570", 570),
        ("12:34", 754_000),
        ("100:00:00.000", 360_000_000),
    ],
)
def test_parse_timecode(text: str, ms: int) -> None:
    assert parse_timecode(text) == ms


@pytest.mark.parametrize("text", ["", "12", "1:75", "00:61:00.000", "a:b:c", "1:2:3:4"])
def test_parse_timecode_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_timecode(text)


@pytest.mark.parametrize("ms", [0, 999, 61_001, 3_723_456, 360_000_000])
def test_format_then_parse_round_trips(ms: int) -> None:
    assert parse_timecode(format_timecode(ms)) == ms
    assert parse_timecode(format_timecode(ms, always_hours=True, sep=",")) == ms


def test_format_clock_for_people() -> None:
    assert [format_clock(ms) for ms in (None, 0, 245_900, 3_723_000)] == [
        "",
        "0:00",
        "4:05",
        "1:02:03",
    ]
