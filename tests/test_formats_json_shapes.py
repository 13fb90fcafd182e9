"""JSON transcripts in the shapes real tools write, each told by its structure alone.

The invented shape files in tests/data/shapes are held to their `expect` blocks through the
real command line in test_corpus_ingest.py; these tests pin what each shape reader hands
on: text, speaker ids as written, and times in milliseconds whatever unit the file used.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transcripts.errors import (
    EmptyTranscriptError,
    ParseError,
    TranscriptError,
    UnknownFormatError,
)
from transcripts.formats import read_document
from transcripts.formats.json_times import to_ms, unit_of
from transcripts.formats.podcast_json import read_podcast_json
from transcripts.model import Utterance

SHAPES = Path(__file__).parent / "data" / "shapes"


def read(value: Any, filename: str = "") -> list[Utterance]:
    """Read a JSON value through format detection, as the archive does."""
    return list(read_document(json.dumps(value).encode(), filename=filename).utterances)


def spans(utterances: list[Utterance]) -> list[tuple[str | None, int | None, int | None]]:
    """Return each utterance's speaker and times."""
    return [(u.speaker, u.start_ms, u.end_ms) for u in utterances]


# --- plain lists of timed utterances --------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ([1.5, 4.25], [4.0, 9.0]),  # seconds with fractions
        ([1500, 4250], [4000, 9000]),  # whole milliseconds
        (["00:00:01.5", "00:00:04.25"], ["00:00:04", "00:00:09"]),  # timecode strings
        (["1.5", "4.25"], ["4.0", "9.0"]),  # numeric strings of seconds
    ],
)
def test_a_timed_list_reads_seconds_milliseconds_and_timecodes_alike(
    start: list[Any], end: list[Any]
) -> None:
    entries = [
        {"start": s, "end": e, "speaker": who, "text": text}
        for s, e, who, text in zip(start, end, ["Ana", "Ben"], ["Hello there.", "Hi."], strict=True)
    ]
    assert spans(read(entries)) == [("Ana", 1500, 4000), ("Ben", 4250, 9000)]


def test_an_excerpt_keeps_its_real_offsets_in_either_unit() -> None:
    """The unit is judged by the spans, not by how far in the excerpt starts."""
    in_seconds = [{"start": 3600 + i * 5, "end": 3604 + i * 5, "text": "Word."} for i in range(3)]
    in_ms = [{"start": 3_600_000 + i * 5000, "end": 3_604_000 + i * 5000, "text": "Word."}
             for i in range(3)]  # fmt: skip
    assert [u.start_ms for u in read(in_seconds)] == [3_600_000, 3_605_000, 3_610_000]
    assert [u.start_ms for u in read(in_ms)] == [3_600_000, 3_605_000, 3_610_000]


def test_a_field_name_in_milliseconds_is_believed() -> None:
    entries = [{"start_ms": 2, "end_ms": 5, "speaker": "A", "text": "Quick."}]
    assert spans(read(entries)) == [("A", 2, 5)]


def test_the_unit_of_starts_alone_is_judged_by_their_steps() -> None:
    assert unit_of([0, 2, 4, 6], []) == "s"
    assert unit_of([0, 2000, 4000, 6000], []) == "ms"
    assert unit_of([0, 2.5], [2.0, 3.0]) == "s"
    assert unit_of(["0:01", "0:02"], []) == "s"
    assert to_ms("1:02:03.5") == 3_723_500
    assert to_ms(1500, "ms") == 1500 and to_ms(-1) is None and to_ms(True) is None


def test_a_list_of_other_objects_is_not_a_transcript() -> None:
    with pytest.raises(UnknownFormatError, match="not a transcript"):
        read([{"name": "Ana", "age": 40}], filename="people.json")


# --- AssemblyAI -----------------------------------------------------------------------


def test_assemblyai_times_are_milliseconds_and_letters_are_speaker_ids() -> None:
    value = {
        "id": "x",
        "language_code": "en_us",
        "utterances": [
            {"speaker": "A", "start": 250, "end": 1900, "text": "Shall we start?"},
            {"speaker": "B", "start": 2100, "end": 2600, "text": "Yes."},
        ],
    }
    document = read_document(json.dumps(value).encode())
    assert spans(list(document.utterances)) == [("A", 250, 1900), ("B", 2100, 2600)]
    assert document.language == "en_us"
    assert "read as AssemblyAI utterances, times in milliseconds" in document.warnings


def test_assemblyai_without_any_utterance_text_is_an_empty_transcript() -> None:
    value = {"utterances": [{"speaker": "A", "start": 0, "end": 10, "text": " "}]}
    with pytest.raises(EmptyTranscriptError, match="1 utterance but none carries any text"):
        read_podcast_json(json.dumps(value).encode(), filename="x.json")


# --- sentence lists with a speaker index ----------------------------------------------


def test_a_sentence_list_resolves_its_speaker_index_through_the_speakers_list() -> None:
    value = {
        "speakers": ["Rhiannon Pugh", "Tomasz Wrona"],
        "sentences": [
            {"speaker": 0, "start": 0.5, "end": 2.0, "text": "Welcome back."},
            {"speaker": 1, "start": 2.2, "end": 3.0, "text": "Thanks."},
            {"speaker": 4, "start": 3.1, "end": 4.0, "text": "Who is that?"},
        ],
    }
    assert spans(read(value)) == [
        ("Rhiannon Pugh", 500, 2000),
        ("Tomasz Wrona", 2200, 3000),
        ("4", 3100, 4000),  # no such index: kept as the id the file wrote
    ]


def test_a_null_speaker_name_falls_back_to_the_speaker_index() -> None:
    value = {
        "generator": "Some Converter 1.0",
        "sentences": [
            {"speaker_index": 0, "speaker_name": None, "start_time": 1.0, "end_time": 2.0,
             "text": "Order, please.", "words": [{"text": "order", "start_time": 1.0}]},
            {"speaker_index": 1, "speaker_name": "Clerk", "start_time": 2.0, "end_time": 3.0,
             "text": "Here."},
        ],
    }  # fmt: skip
    utterances = read(value)
    assert spans(utterances) == [("0", 1000, 2000), ("Clerk", 2000, 3000)]
    assert all("Converter" not in u.text and "order," not in u.text for u in utterances)


# --- detection and the dispatcher ------------------------------------------------------


@pytest.mark.parametrize("name", ["assemblyai_utterances.json", "timed_utterance_list.json"])
def test_a_shape_is_told_by_its_structure_not_its_name(name: str) -> None:
    data = (SHAPES / name).read_bytes()
    named = read_document(data, filename=name).utterances
    assert read_document(data, filename="transcript.txt").utterances == named
    assert read_document(data).utterances == named


def test_json_of_no_known_shape_names_the_shapes_it_could_have_been() -> None:
    with pytest.raises(ParseError, match="AssemblyAI utterances"):
        read_podcast_json(b'{"episode": 1}')


# --- Deepgram ------------------------------------------------------------------------


def shape_file(name: str) -> list[Utterance]:
    """Read one of the invented shape files."""
    return list(read_document((SHAPES / name).read_bytes()).utterances)


def test_deepgram_utterances_keep_their_offsets_in_seconds_and_integer_speakers() -> None:
    utterances = shape_file("deepgram_utterances.json")
    assert spans(utterances)[:2] == [("0", 1_805_200, 1_808_360), ("1", 1_808_800, 1_813_560)]
    # The channel's whole lower-case transcript and its words are not read twice.
    assert len(utterances) == 7
    assert (
        utterances[0].text == "So the keeper's cottage had no electricity until nineteen sixty-one?"
    )


def test_deepgram_paragraphs_are_read_by_sentence_without_the_speaker_label_text() -> None:
    utterances = shape_file("deepgram_paragraphs.json")
    assert [u.speaker for u in utterances] == ["0", "1", "0", "1", "1", "0", "1"]
    assert not any("Speaker" in u.text for u in utterances)
    assert spans(utterances)[0] == ("0", 240, 5000)


def test_deepgram_words_alone_are_merged_into_sentences_by_speaker() -> None:
    words = [
        {"word": "hi", "punctuated_word": "Hi.", "start": 0.5, "end": 0.7, "speaker": 0},
        {"word": "hello", "punctuated_word": "Hello", "start": 0.9, "end": 1.2, "speaker": 1},
        {"word": "there", "punctuated_word": "there.", "start": 1.2, "end": 1.5, "speaker": 1},
    ]
    value = {"results": {"channels": [{"alternatives": [{"transcript": "hi", "words": words}]}]}}
    assert [(u.speaker, u.text, u.start_ms, u.end_ms) for u in read(value)] == [
        ("0", "Hi.", 500, 700),
        ("1", "Hello there.", 900, 1500),
    ]


# --- AWS Transcribe -------------------------------------------------------------------


def test_aws_items_take_their_speaker_from_the_labels_and_punctuation_joins_its_word() -> None:
    utterances = shape_file("aws_transcribe.json")
    assert (utterances[0].text, utterances[0].speaker) == ("Good evening.", "spk_0")
    assert spans(utterances)[0] == ("spk_0", 500, 1100)
    said = {u.text: u.speaker for u in utterances}
    assert said["The evening ferry left eleven minutes late, because of fog."] == "spk_1"
    assert said["And tomorrow?"] == "spk_0"


def test_aws_audio_segments_are_read_in_place_of_the_items() -> None:
    utterances = shape_file("aws_audio_segments.json")
    assert len(utterances) == 6
    assert spans(utterances)[0] == ("spk_0", 62_000, 65_480)


def test_aws_without_items_reads_the_whole_transcript_untimed() -> None:
    value = {"jobName": "j", "results": {"transcripts": [{"transcript": "Just this."}]}}
    assert spans(read(value)) == [(None, None, None)]


# --- court arguments ------------------------------------------------------------------


def test_court_argument_turns_are_read_by_name_and_metadata_is_not_speech() -> None:
    utterances = shape_file("oyez_court_argument.json")
    assert {u.speaker for u in utterances} == {"Helen A. Marsh", "Victor Oyelaran",
                                               "Priya N. Castell"}  # fmt: skip
    assert spans(utterances)[0] == ("Helen A. Marsh", 400, 5300)
    text = " ".join(u.text for u in utterances)
    assert "Presiding Judge" not in text and "example.org" not in text


def test_a_turn_without_a_speaker_is_unattributed_and_said_so() -> None:
    value = {"transcript": {"sections": [{"turns": [
        {"speaker": None, "text_blocks": [{"start": 1, "stop": 2, "text": "(Recess.)"}]},
    ]}]}}  # fmt: skip
    document = read_document(json.dumps(value).encode())
    assert spans(list(document.utterances)) == [(None, 1000, 2000)]
    assert "1 of 1 turns name no speaker" in document.warnings


# --- speaker maps, encodings, fuzzing ---------------------------------------------------


def test_a_speakers_list_of_ids_and_names_resolves_segment_labels() -> None:
    value = {
        "speakers": [{"id": "spk_0", "name": "Ines Varga"}, {"id": 1, "name": "Pavel"}],
        "segments": [
            {"speakerLabel": "spk_0", "start": 0, "end": 1, "text": " Hello."},
            {"speakerLabel": 1, "start": 1, "end": 2, "text": " Hi."},
        ],
    }
    assert [u.speaker for u in read(value)] == ["Ines Varga", "Pavel"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16", "utf-8-sig"])
def test_every_shape_is_detected_in_the_encodings_windows_tools_write(encoding: str) -> None:
    value = {"utterances": [{"speaker": "A", "start": 0, "end": 900, "text": "Zoë here."}]}
    data = json.dumps(value, ensure_ascii=False).encode(encoding)
    assert read_document(data, filename="x.txt").utterances == (
        Utterance("Zoë here.", "A", 0, 900),
    )


KEYS = ["results", "channels", "alternatives", "utterances", "paragraphs", "sentences", "words",
        "items", "audio_segments", "speaker_labels", "segments", "transcript", "sections", "turns",
        "text_blocks", "speaker", "speaker_label", "speaker_index", "speakers", "name", "id",
        "text", "start", "end", "stop", "start_time", "end_time", "start_ms", "type",
        "content", "punctuated_word"]  # fmt: skip
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers(-(2**40), 2**40) | st.text(max_size=6),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(KEYS), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON_VALUES)
def test_any_json_of_these_keys_is_read_or_refused_with_a_transcript_error(value: Any) -> None:
    try:
        document = read_document(json.dumps(value).encode(), filename="x.json")
    except TranscriptError as exc:
        assert str(exc).strip()
    else:
        assert all(u.text.strip() for u in document.utterances)
        assert all(u.start_ms is None or u.start_ms >= 0 for u in document.utterances)
