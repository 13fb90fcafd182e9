"""Text that is text: the encodings a transcript is read in, and the ones refused with advice."""

from __future__ import annotations

import pytest

from transcripts import read_document
from transcripts.formats.decoding import EncodingError, decode, utf16_without_bom

LABELLED = "Ana Ruiz: Hello there, it was the first time.\nBen Okafor: Café, and ünïcode.\n"
CAPTIONS = "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<v Ana Ruiz>Hello there.\n"


@pytest.mark.parametrize(("encoding", "order"), [("utf-16-le", "little"), ("utf-16-be", "big")])
@pytest.mark.parametrize("text", [LABELLED, CAPTIONS])
def test_utf16_without_a_bom_is_read_in_either_byte_order(
    text: str, encoding: str, order: str
) -> None:
    data = text.encode(encoding)
    assert utf16_without_bom(data) == encoding
    document = read_document(data, filename="talk.txt")
    assert document.encoding == encoding
    assert f"read as UTF-16 ({order}-endian) without a byte-order mark" in document.warnings
    assert document.utterances[0].speaker == "Ana Ruiz"
    assert document.utterances[0].text.startswith("Hello there")


@pytest.mark.parametrize(
    "data",
    [
        b"Ana: hello\x00\x00\x00\x00\x00\x00\x00\x00 there\n" * 5,  # NULs on both sides
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "Ana: hi\n".encode("utf-16-le")[:-1],  # an odd length is not UTF-16
        "中文的访谈".encode("utf-16-le"),  # no NULs to tell by: not guessed
    ],
)
def test_other_data_is_not_taken_for_utf16(data: bytes) -> None:
    assert utf16_without_bom(data) is None


def test_utf8_with_a_few_stray_bytes_is_refused_naming_the_first_and_the_fix() -> None:
    good = "Ana: Hello there, the café is good.\nBen: Yes, it is.\n".encode() * 5
    data = good + b"Ana: caf\xe9 au lait \xff\n" + b"Ben: more.\n"
    with pytest.raises(EncodingError) as caught:
        read_document(data, filename="talk.txt")
    message = str(caught.value)
    assert "UTF-8 except for 2 bytes" in message
    assert f"0xE9 at byte {len(good) + 8} (line 11, column 9, after 'Ana: caf')" in message
    assert "iconv -f windows-1252 -t utf-8" in message
    assert "\n" not in message


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused_not_called_binary() -> None:
    data = b"Ana: Hello there.\nBen: it\x81s fine.\n" * 3
    with pytest.raises(EncodingError) as caught:
        read_document(data, filename="talk.txt")
    message = str(caught.value)
    assert "neither UTF-8 nor windows-1252" in message
    assert "0x81 at byte 25 (line 2, column 8, after 'Ben: it')" in message
    assert "binary" not in message


def test_windows_1252_throughout_is_still_read_with_a_warning() -> None:
    text, encoding, warnings = decode("Zoë Brandt: Café au lait — “quoted”.\n".encode("cp1252"))
    assert (text, encoding) == ("Zoë Brandt: Café au lait — “quoted”.\n", "cp1252")
    assert warnings == ("the file is not UTF-8; it was read as cp1252",)
