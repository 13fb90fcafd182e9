"""Podcasting 2.0 JSON transcripts and chapters: fixtures, quirks, errors and fuzzing.

Each `json_*.json` in tests/data has a `.expected.json` holding the Document (or the error)
it must read into. Regenerate with `VERBATIM_REGEN_GOLDEN=1`, then check every change by hand.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transcripts.errors import EmptyTranscriptError, ParseError, TranscriptError
from transcripts.formats.cue_merging import Piece, join_text, merge_pieces
from transcripts.formats.json_text import MAX_DEPTH, too_deep
from transcripts.formats.podcast_json import (
    looks_like_podcast_json,
    read_chapters,
    read_podcast_json,
)
from transcripts.model import Document, Heading, Utterance

DATA = Path(__file__).parent / "data" / "json"
FIXTURES = sorted(DATA.glob("json_*.json"))
FIXTURES = [p for p in FIXTURES if not p.name.endswith(".expected.json")]
REGENERATE = os.environ.get("VERBATIM_REGEN_GOLDEN") == "1"


def document_dict(document: Document) -> dict[str, Any]:
    """Return a Document as plain JSON data, for comparing with a golden file."""
    items: list[dict[str, Any]] = []
    for item in document.items:
        if isinstance(item, Heading):
            items.append({"heading": item.title, "start_ms": item.start_ms})
        else:
            items.append(
                {
                    "speaker": item.speaker,
                    "start_ms": item.start_ms,
                    "end_ms": item.end_ms,
                    "text": item.text,
                }
            )
    return {
        "format": document.format,
        "unit": document.unit,
        "encoding": document.encoding,
        "title": document.title,
        "date": document.date,
        "language": document.language,
        "warnings": list(document.warnings),
        "items": items,
    }


def read_fixture(path: Path) -> dict[str, Any]:
    """Read a fixture as the archive would, returning the Document or the error as data."""
    data = path.read_bytes()
    try:
        if "chapters" in path.stem:
            headings = read_chapters(data)
            return {"chapters": [{"title": h.title, "start_ms": h.start_ms} for h in headings]}
        return document_dict(read_podcast_json(data, filename=path.name))
    except TranscriptError as exc:
        return {"error": type(exc).__name__, "message": str(exc)}


def test_there_are_json_fixtures() -> None:
    assert len(FIXTURES) >= 5


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_golden(path: Path) -> None:
    """Each fixture reads into exactly the content checked by hand in its expected file."""
    expected_path = path.with_name(path.stem + ".expected.json")
    actual = read_fixture(path)
    if REGENERATE:
        expected_path.write_text(
            json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert actual == expected


# --- the quirks, one by one ------------------------------------------------------------


def spec(*segments: dict[str, Any], **extra: Any) -> bytes:
    """Return a Podcasting 2.0 JSON transcript holding the given segments."""
    return json.dumps({"version": "1.0.0", "segments": list(segments), **extra}).encode()


def test_word_segments_merge_into_sentences_with_natural_spacing() -> None:
    words = ["Well", ",", "it", "'s", "Ana", "'s", "turn", "(", "finally", ")", "."]
    segments = [
        {"speaker": "Ana", "startTime": i / 10, "endTime": i / 10 + 0.1, "body": w}
        for i, w in enumerate(words)
    ]
    segments.append({"speaker": "Ana", "startTime": 2.0, "endTime": 2.5, "body": "Next"})
    document = read_podcast_json(spec(*segments))
    assert [u.text for u in document.utterances] == ["Well, it's Ana's turn (finally).", "Next"]
    assert document.utterances[0].start_ms == 0
    assert document.utterances[0].end_ms == 1100
    assert document.unit == "cue"
    assert "merged 12 segments into 2 utterances by speaker and sentence" in document.warnings


def test_float_noise_rounds_to_the_nearest_millisecond() -> None:
    document = read_podcast_json(
        spec(
            {
                "speaker": "A",
                "startTime": 3.8200000000000003,
                "endTime": 11.200000000000001,
                "body": "Hi.",
            }
        )  # fmt: skip
    )
    assert (document.utterances[0].start_ms, document.utterances[0].end_ms) == (3820, 11200)


def test_speaker_change_ends_an_utterance_even_mid_sentence() -> None:
    document = read_podcast_json(
        spec(
            {"speaker": "A", "startTime": 0, "endTime": 1, "body": "So you"},
            {"speaker": "B", "startTime": 1, "endTime": 2, "body": "Yes"},
        )
    )
    assert [(u.speaker, u.text) for u in document.utterances] == [("A", "So you"), ("B", "Yes")]


def test_missing_speaker_carries_forward_and_is_reported() -> None:
    document = read_podcast_json(
        spec(
            {"speaker": "A", "startTime": 0, "endTime": 1, "body": "one"},
            {"startTime": 1, "endTime": 2, "body": "two"},
        )
    )
    assert [u.speaker for u in document.utterances] == ["A"]
    assert "gave 1 segment without a speaker to the previous speaker" in document.warnings


def test_unpunctuated_speech_is_cut_into_utterances_of_bounded_length() -> None:
    segments = [
        {"speaker": "A", "startTime": i, "endTime": i + 1, "body": "word"} for i in range(130)
    ]
    utterances = read_podcast_json(spec(*segments)).utterances
    assert len(utterances) == 3
    assert all(len(u.text.split()) <= 60 for u in utterances)


def test_speaker_labels_resolve_through_the_map_and_unknown_ones_stay() -> None:
    data = json.dumps(
        {
            "speakers": {"spk_0": "Luz", "spk_1": {"name": "Omar"}},
            "segments": [
                {"speakerLabel": "spk_0", "start": 0, "end": 1, "text": " Hi."},
                {"speakerLabel": "spk_1", "start": 1, "end": 2, "text": " Hello."},
                {"speakerLabel": "spk_7", "start": 2, "end": 3, "text": " Me too."},
            ],
        }
    ).encode()
    document = read_podcast_json(data)
    assert [u.speaker for u in document.utterances] == ["Luz", "Omar", "spk_7"]
    assert [u.text for u in document.utterances] == ["Hi.", "Hello.", "Me too."]
    assert "speaker labels resolved through the speakers map" in document.warnings


def test_scripts_without_spaces_join_without_spaces() -> None:
    assert join_text("我们", "今天") == "我们今天"
    assert join_text("សួស្តី", "បង") == "សួស្តីបង"
    assert join_text("hello", "world") == "hello world"
    assert join_text("hello", " world") == "hello world"


def test_merge_keeps_the_earliest_start_and_latest_end() -> None:
    pieces = [Piece("a", "A", None, 500), Piece("b.", "A", 600, 900)]
    assert merge_pieces(pieces) == [Utterance("a b.", "A", 600, 900)]


def test_bare_segment_array_is_tolerated() -> None:
    data = json.dumps([{"speaker": "A", "startTime": 0, "endTime": 1, "body": "Hi."}]).encode()
    document = read_podcast_json(data)
    assert document.utterances == (Utterance("Hi.", "A", 0, 1000),)
    assert any("bare array" in w for w in document.warnings)


def test_utf16_without_bom_and_cp1252_are_read() -> None:
    body = {"speaker": "Zoë", "startTime": 0, "endTime": 1, "body": "Café."}
    text = json.dumps({"segments": [body]}, ensure_ascii=False)
    unmarked = read_podcast_json(text.encode("utf-16-le"))
    assert unmarked.encoding == "utf-16-le"
    assert unmarked.utterances[0].speaker == "Zoë"
    legacy = read_podcast_json(text.encode("cp1252"))
    assert legacy.encoding == "cp1252"
    assert legacy.utterances[0].text == "Café."
    assert "the file is not UTF-8; it was read as cp1252" in legacy.warnings


# --- errors --------------------------------------------------------------------------------


def test_invalid_json_reports_line_and_snippet() -> None:
    data = b'{\n  "segments": [\n    {"speaker": "A", "body": "hi",}\n  ]\n}'
    with pytest.raises(ParseError) as caught:
        read_podcast_json(data)
    assert caught.value.line == 3
    assert caught.value.snippet == '{"speaker": "A", "body": "hi",}'
    assert caught.value.format == "json"


def test_segments_without_any_body_are_an_empty_transcript() -> None:
    segments = [{"speaker": "A", "startTime": i, "endTime": i} for i in range(4)]
    with pytest.raises(EmptyTranscriptError, match=r"ep\.json has 4 segments but none") as caught:
        read_podcast_json(spec(*segments), filename="ep.json")
    assert 'no "body" field' in str(caught.value)
    blank = [{"speaker": "A", "startTime": 0, "endTime": 1, "body": "  "}]
    with pytest.raises(EmptyTranscriptError, match='every "body" is empty'):
        read_podcast_json(spec(*blank))


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (spec(), EmptyTranscriptError, "has no segments"),
        (b'{"version": "1.0.0"}', ParseError, 'expected a "segments" array'),
        (b'{"chapters": []}', ParseError, "--chapters"),
        (b'"just a string"', ParseError, "expected a JSON object"),
        (b"\x00\x01\x02\xff\xfe\x00binary", ParseError, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ParseError, "binary"),
        (b"WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n", ParseError, "invalid JSON"),
        (b"[" * 100_000, ParseError, "invalid JSON"),
    ],
)
def test_bad_input_raises_a_transcript_error(
    data: bytes, error: type[TranscriptError], message: str
) -> None:
    with pytest.raises(error, match=message):
        read_podcast_json(data)


def test_nesting_past_the_limit_is_refused_before_parsing_and_names_the_limit() -> None:
    """A JSON bomb gets a clear refusal naming the depth limit, not a crash or a hang."""
    deep = b'{"segments": [' + b'{"a": [' * 40 + b"1" + b"]}" * 40 + b"]}"
    with pytest.raises(ParseError, match=f"more than {MAX_DEPTH} levels deep"):
        read_podcast_json(deep)
    assert too_deep("[" * 65) and not too_deep("[" * 64)


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    body = "[laughs] {" * 200 + ' and "[quoted]" ['
    segment = {"speaker": "A", "startTime": 0, "endTime": 1, "body": body}
    document = read_podcast_json(json.dumps({"segments": [segment]}).encode())
    assert document.utterances[0].text.startswith("[laughs] {")
    assert document.utterances[0].text.endswith('"[quoted]" [')


def test_sniffer_tells_transcripts_from_chapters_and_other_formats() -> None:
    assert looks_like_podcast_json((DATA / "json_speakerlabel_map.json").read_bytes())
    assert looks_like_podcast_json((DATA / "json_utf16_bom.json").read_bytes())
    assert not looks_like_podcast_json((DATA / "json_chapters.json").read_bytes())
    assert not looks_like_podcast_json(b"WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n")
    assert not looks_like_podcast_json(b"<p>segments</p>")


# --- chapters -------------------------------------------------------------------------


def test_chapters_are_sorted_and_skip_untitled_and_hidden_ones() -> None:
    data = json.dumps(
        {
            "version": "1.2.0",
            "chapters": [
                {"startTime": 60, "title": "Second"},
                {"startTime": "0", "title": "First"},
                {"startTime": 30, "title": "Hidden", "toc": False},
                {"startTime": 90},
                {"title": "No time"},
            ],
        }
    ).encode()
    assert read_chapters(data) == [Heading("First", 0), Heading("Second", 60000)]
    assert read_chapters(b'{"version": "1.2.0", "chapters": []}') == []


@pytest.mark.parametrize("data", [b"{", b'{"segments": []}', b"\xff\x00\xfe"])
def test_bad_chapters_raise_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError):
        read_chapters(data)


# --- fuzzing --------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "speaker",
                    "speakerLabel",
                    "startTime",
                    "start",
                    "endTime",
                    "end",
                    "body",
                    "text",
                    "toc",
                    "title",
                    "name",
                ]
            ),  # fmt: skip
            children,
            max_size=5,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_raise_only_transcript_errors(data: bytes) -> None:
    for reader in (read_podcast_json, read_chapters):
        try:
            reader(data)
        except TranscriptError:
            pass


@settings(max_examples=200, deadline=None)
@given(segments=st.lists(JSON_VALUES, max_size=6), speakers=JSON_VALUES)
def test_arbitrary_segments_raise_only_transcript_errors(
    segments: list[Any], speakers: Any
) -> None:
    data = json.dumps({"speakers": speakers, "segments": segments, "chapters": segments}).encode()
    try:
        document = read_podcast_json(data)
    except TranscriptError:
        pass
    else:
        assert all(u.text.strip() for u in document.utterances)
    try:
        read_chapters(data)
    except TranscriptError:
        pass


def test_nesting_is_limited_before_parsing_and_brackets_inside_strings_do_not_count() -> None:
    deep = 64
    with pytest.raises(ParseError) as at_limit:
        read_podcast_json(b"[" * deep + b"]" * deep)  # at the limit: parsed, then judged
    assert "nested" not in str(at_limit.value) and "shape" in str(at_limit.value)
    with pytest.raises(ParseError, match="nested more than 64 levels"):
        read_podcast_json(b"\n" + b"[" * (deep + 1) + b"]" * (deep + 1))
    brackets = {"speaker": "A", "startTime": 0, "endTime": 1, "body": "[{" * 500 + ' \\" ]'}
    document = read_podcast_json(spec(brackets))
    assert document.items[0].text.startswith("[{[{")
