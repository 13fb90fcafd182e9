"""The WebVTT reader, on the fixtures and on small inline cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcripts import EmptyTranscriptError, Heading, ParseError, Utterance, read_document

DATA = Path(__file__).parent / "data"


def read(text: str) -> list[Utterance]:
    """Read WebVTT text and return its utterances."""
    document = read_document(text.encode("utf-8"), filename="t.vtt")
    assert document.format == "vtt"
    assert document.unit == "cue"
    return list(document.utterances)


def test_fixture_header_metadata_and_warning() -> None:
    document = read_document((DATA / "vtt_voice_carry.vtt").read_bytes())
    assert document.title == "Harbour Lights"
    assert document.language == "en"
    assert document.encoding == "utf-8-sig"
    assert document.warnings == (
        "5 cues have no voice span and took the speaker of the cue before",
    )
    assert not any(isinstance(item, Heading) for item in document.items)
    texts = [u.text for u in document.utterances]
    # NOTE and STYLE blocks are not speech; the cue identifier is not either.
    assert not any("pier office" in t or "color" in t or "intro-1" in t for t in texts)
    assert [u.speaker for u in document.utterances] == ["Maren Holt"] * 5 + ["Ada Quist"] * 2 + [
        "Maren Holt",
        "Ada Quist",
    ]


def test_times_are_integer_milliseconds() -> None:
    (cue,) = read("WEBVTT\n\n01:02:03.456 --> 01:02:04.007\nHello.\n")
    assert (cue.start_ms, cue.end_ms) == (3_723_456, 3_724_007)
    assert isinstance(cue.start_ms, int)


def test_unpadded_teams_timestamps() -> None:
    (cue,) = read("WEBVTT\n\n0:0:1.5 --> 0:0:13.54\n<v Ana>Hi.</v>\n")
    assert (cue.start_ms, cue.end_ms) == (1500, 13540)


@pytest.mark.parametrize(
    ("payload", "speaker", "text"),
    [
        ("<v Ana Ruiz>Closed.</v>", "Ana Ruiz", "Closed."),
        ("<v Ana Ruiz>Unclosed.", "Ana Ruiz", "Unclosed."),
        ("<v.host.loud Ana Ruiz>Classes.</v>", "Ana Ruiz", "Classes."),
        ("<v Ana>One <b>bold</b> and <i>it</i> <u>u</u>.", "Ana", "One bold and it u."),
        (
            "<v Ana>Caf&eacute; &amp; tea &lt;3 &#39;ok&#39;&nbsp;done",
            "Ana",
            "Café & tea <3 'ok' done",
        ),
        ("<v Ana>Two\nlines\njoined.", "Ana", "Two lines joined."),
        ("<v Ana>im<00:00:01.100><c>por</c><00:00:01.300><c>tant</c>", "Ana", "important"),
        ("<c.yellow>No voice.</c>", None, "No voice."),
    ],
)
def test_cue_text_and_voice(payload: str, speaker: str | None, text: str) -> None:
    (cue,) = read(f"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n{payload}\n")
    assert (cue.speaker, cue.text) == (speaker, text)


def test_a_cue_with_two_voices_gives_two_utterances() -> None:
    cues = read("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Yes.</v>\n<v Bo>No.</v>\n")
    assert [(c.speaker, c.text, c.start_ms) for c in cues] == [
        ("Ana", "Yes.", 1000),
        ("Bo", "No.", 1000),
    ]


def test_speaker_carries_forward_with_one_summary_warning() -> None:
    text = (
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nBefore any voice.\n\n"
        "00:00:01.000 --> 00:00:02.000\n<v Ana>One.\n\n"
        "00:00:02.000 --> 00:00:03.000\nTwo.\n\n"
        "00:00:03.000 --> 00:00:04.000\nThree.\n"
    )
    document = read_document(text.encode())
    assert [u.speaker for u in document.utterances] == [None, "Ana", "Ana", "Ana"]
    assert document.warnings == (
        "2 cues have no voice span and took the speaker of the cue before",
    )


def test_no_voices_means_no_carry_warning() -> None:
    document = read_document(b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nHi.\n")
    assert document.warnings == ()


def test_crlf_and_lone_cr_line_ends() -> None:
    for newline in ("\r\n", "\r"):
        text = "WEBVTT - Title\n\n00:00:00.000 --> 00:00:01.000\n<v Ana>Hi\nthere.\n"
        document = read_document(text.replace("\n", newline).encode())
        assert document.title == "Title"
        assert [u.text for u in document.utterances] == ["Hi there."]


def test_a_missing_header_is_forgiven_with_a_warning() -> None:
    document = read_document(b"00:00:00.000 --> 00:00:01.000\nHi.\n", format="vtt")
    assert [u.text for u in document.utterances] == ["Hi."]
    assert any("WEBVTT header" in warning for warning in document.warnings)


def test_empty_cues_are_skipped() -> None:
    cues = read(
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v Ana></v>\n\n"
        "00:00:01.000 --> 00:00:02.000\nSpoken.\n"
    )
    assert [(c.speaker, c.text) for c in cues] == [("Ana", "Spoken.")]


@pytest.mark.parametrize(
    "timing",
    ["00:00:01.000 --> soon", "00:00:01.000 --> 00:00:75.000", "one --> two", "1.5 --> 2.5"],
)
def test_malformed_timings_raise_a_parse_error_with_the_line(timing: str) -> None:
    text = f"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nFine.\n\ncue-2\n{timing}\nHi.\n"
    with pytest.raises(ParseError) as info:
        read_document(text.encode())
    assert info.value.line == 7
    assert info.value.format == "vtt"
    assert info.value.snippet == timing
    assert "line 7" in str(info.value)


def test_a_file_whose_only_timing_has_no_arrow_has_no_speech() -> None:
    # "->" is not a cue timing line, so the block is not a cue at all.
    with pytest.raises(EmptyTranscriptError):
        read_document(b"WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nHi.\n")


def test_dialogue_dashes_before_voices_are_not_speech() -> None:
    cues = read("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n- <v Ana>Yes?\n- <v Bo>No - never.\n")
    assert [(c.speaker, c.text) for c in cues] == [("Ana", "Yes?"), ("Bo", "No - never.")]


def test_srt_labels_at_speaker_changes_and_styling() -> None:
    text = (
        "1\r\n00:00:01,000 --> 00:00:02,500\r\nAna Ruiz: <i>Hello</i>\r\nthere.\r\n\r\n"
        "2\r\n00:00:02,500 --> 00:00:04,000\r\n{\\an8}Still me.\r\n\r\n"
        "3\r\n00:00:04,000 --> 00:00:05,000\r\nBo: 42\r\n"
    )
    document = read_document(text.encode(), filename="x.srt")
    assert (document.format, document.unit) == ("srt", "cue")
    assert [(u.speaker, u.text, u.start_ms, u.end_ms) for u in document.utterances] == [
        ("Ana Ruiz", "Hello there.", 1_000, 2_500),
        ("Ana Ruiz", "Still me.", 2_500, 4_000),
        ("Bo", "42", 4_000, 5_000),
    ]


def test_srt_malformed_timing_is_a_parse_error_with_the_line() -> None:
    text = b"1\n00:00:01,000 --> 00:00:02,000\nHi.\n\n2\n00:00:02,000 --> later\nBye.\n"
    with pytest.raises(ParseError) as info:
        read_document(text, filename="x.srt")
    assert (info.value.format, info.value.line) == ("srt", 6)
