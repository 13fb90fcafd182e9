"""Format detection and the errors every reader shares."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transcripts import (
    FORMATS,
    EmptyTranscriptError,
    ParseError,
    TranscriptError,
    UnknownFormatError,
    detect_format,
    read_document,
)

VTT = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana Ruiz>Hello there.\n"
SRT = b"1\n00:00:01,000 --> 00:00:02,000\nAna Ruiz: Hello there.\n"


def test_formats_names_the_skeleton_readers() -> None:
    assert {"vtt", "txt", "md"} <= set(FORMATS)


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (VTT, "talk.vtt", "vtt"),
        (b"\xef\xbb\xbf" + VTT, "", "vtt"),
        (b"\n\n" + VTT, "", "vtt"),
        (SRT, "talk.srt", "srt"),
        (SRT, "", "srt"),
        (b"Ana Ruiz: Hello there.\n", "talk.txt", "txt"),
        (b"Ana Ruiz: Hello there.\n", "", "txt"),
        (b"**Ana Ruiz:** Hello there.\n", "", "md"),
        (b"**Ana Ruiz**: Hello there.\n", "talk.txt", "md"),
        (b"---\ntitle: Talk\n---\n\nAna: Hi.\n", "", "md"),
        (b"# Talk\n\nAna: Hi.\n", "", "md"),
        # No Markdown tell-tales: the name breaks the tie.
        (b"Ana Ruiz: Hello there.\n", "talk.md", "md"),
    ],
)
def test_detect_format(data: bytes, filename: str, expected: str) -> None:
    assert detect_format(data, filename) == expected


def test_content_beats_the_extension() -> None:
    assert detect_format(VTT, "misnamed.txt") == "vtt"
    document = read_document(VTT, filename="misnamed.txt")
    assert document.format == "vtt"
    assert document.items[0].speaker == "Ana Ruiz"


def test_a_headerless_timed_file_named_vtt_is_vtt() -> None:
    data = b"00:00:01,000 --> 00:00:02,000\nHello.\n"
    assert detect_format(data, "clip.vtt") == "vtt"
    assert detect_format(data, "") == "srt"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        b"ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb\x90\x00" * 20,
        bytes(range(256)) * 4,
    ],
)
def test_binary_data_is_unknown(data: bytes) -> None:
    with pytest.raises(UnknownFormatError, match="binary"):
        detect_format(data, "episode.txt")
    with pytest.raises(UnknownFormatError):
        read_document(data, filename="episode.txt")


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b'{"segments": [{"speaker": "Ana", "body": "Hi"}]}', "episode.txt", "json"),
        ('{"segments": []}'.encode("utf-16"), "", "json"),
        (b"<!DOCTYPE html><html><body><p>Hi</p></body></html>", "episode.txt", "html"),
        (b"<cite>Ana:</cite>\n<time>0:00</time>\n<p>Hello there.</p>\n", "", "html"),
    ],
)
def test_json_and_html_are_told_by_their_content(data: bytes, name: str, expected: str) -> None:
    """Podcasting JSON and HTML pages (fragments too) are recognised whatever their name."""
    assert detect_format(data, name) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"version": "1.2", "chapters": [{"startTime": 0, "title": "Intro"}]}', "--chapters"),
        (b'{"name": "not a transcript"}', "segments"),
        (b'<?xml version="1.0"?><feed><entry>Hi</entry></feed>', "XML"),
    ],
)
def test_json_and_markup_that_are_not_transcripts_are_refused(data: bytes, message: str) -> None:
    """A chapters file, other JSON and other XML get a message that says what to do."""
    with pytest.raises(UnknownFormatError, match=message):
        read_document(data, filename="episode.json")


def test_text_mentioning_a_tag_is_still_text() -> None:
    assert detect_format(b"<laughs> Ana: that is funny.\n") == "txt"


def test_an_unsupported_format_name_is_refused() -> None:
    with pytest.raises(UnknownFormatError, match="not supported"):
        read_document(b"Ana: Hi.\n", format="docx")


def test_format_aliases_are_accepted() -> None:
    assert read_document(b"Ana: Hi.\n", format="Markdown").format == "md"
    assert read_document(VTT, format="WebVTT").format == "vtt"


@pytest.mark.parametrize("data", [b"", b"   \n\n\t\n", b"\xef\xbb\xbf\r\n"])
@pytest.mark.parametrize("filename", ["empty.vtt", "empty.txt", "empty.md", ""])
def test_an_empty_file_has_no_speech(data: bytes, filename: str) -> None:
    with pytest.raises(EmptyTranscriptError):
        read_document(data, filename=filename)


def test_a_webvtt_file_with_only_a_header_has_no_speech() -> None:
    with pytest.raises(EmptyTranscriptError):
        read_document(b"WEBVTT - Nothing yet\n\nNOTE to do\n")


def test_a_forced_format_is_used_even_against_the_content() -> None:
    document = read_document(b"# Heading\n\nAna: Hi.\n", format="txt")
    assert document.format == "txt"


def test_utf8_bom_is_stripped_and_recorded() -> None:
    document = read_document(b"\xef\xbb\xbfAna Ruiz: Hi.\n")
    assert document.encoding == "utf-8-sig"
    assert document.items[0].speaker == "Ana Ruiz"


def test_utf16_with_bom_is_read() -> None:
    document = read_document("Ana Ruiz: Olá.\n".encode("utf-16"))
    assert document.encoding == "utf-16"
    assert document.items[0].text == "Olá."


def test_legacy_8bit_text_is_read_with_a_warning() -> None:
    document = read_document("Zoë Brandt: Café au lait.\n".encode("cp1252"))
    assert document.encoding == "cp1252"
    assert document.items[0].speaker == "Zoë Brandt"
    assert any("not UTF-8" in warning for warning in document.warnings)


def test_every_error_is_a_transcript_error() -> None:
    for error in (ParseError("x"), UnknownFormatError("x"), EmptyTranscriptError("x")):
        assert isinstance(error, TranscriptError)


PIECES = st.sampled_from(
    ["WEBVTT\n\n", "00:00:01.000 --> 00:00:02.000\n", "00:00:01,000 --> x\n", "<v Ana>", "</v>",
     "**Bo:** ", "Cy: ", "---\n", "title: T\n", "# H\n", "[1:02] ", "(9:99) ", "&amp;", "\ufeff",
     "\r\n", "\n", "\n\n", " ", "word", "end.", "NOTE x\n", "\x00", "é"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join), st.sampled_from(["", "a.vtt", "a.md", "a.txt"]))
def test_readers_raise_only_transcript_errors(text: str, filename: str) -> None:
    try:
        document = read_document(text.encode("utf-8"), filename=filename)
    except TranscriptError:
        return
    assert document.format in FORMATS
    assert all(u.text and u.text == " ".join(u.text.split()) for u in document.utterances)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_raise_only_transcript_errors(data: bytes) -> None:
    try:
        read_document(data)
    except TranscriptError:
        pass
