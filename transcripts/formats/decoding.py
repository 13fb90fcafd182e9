"""Bytes into text: the encodings transcripts arrive in, and telling text from binary."""

from __future__ import annotations

import codecs
import re

from transcripts.errors import ParseError, UnknownFormatError
from transcripts.wording import plural


class EncodingError(UnknownFormatError):
    """Text in no encoding Verbatim reads for certain: UTF-8 with stray bytes, or worse."""


# BOMs first: a BOM is the one thing that names an encoding for certain.
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# Above this share of control characters a "text" file is really binary.
_MAX_CONTROL_SHARE = 0.01


def bom_encoding(data: bytes) -> str | None:
    """Return the encoding a byte-order mark at the start of the data names, or None."""
    return next((encoding for bom, encoding in BOMS if data.startswith(bom)), None)


def decode_marked(data: bytes, encoding: str) -> str:
    """Decode data that starts with a BOM for `encoding`, without the BOM character."""
    return data.decode(encoding).lstrip("\ufeff")


def decode_marked_text(data: bytes, *, format: str) -> tuple[str, str] | None:
    """Return the text and encoding of data that starts with a BOM; None when there is none.

    Raise ParseError for `format` when the bytes after the BOM are not that encoding.
    """
    marked = bom_encoding(data)
    if marked is None:
        return None
    try:
        return decode_marked(data, marked), marked
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"starts with a {marked} byte-order mark but is not {marked}", format=format
        ) from exc


def sniff_text(data: bytes, fallback: str = "utf-8") -> str:
    """Decode the start of a file leniently, for sniffing its format only."""
    encoding = bom_encoding(data) or fallback
    return data.decode(encoding, errors="ignore").lstrip("\ufeff")


def decode(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Return the text, the encoding used and any warning about the guess.

    The policy (README, "Encodings"): a byte-order mark names the encoding; UTF-16 without
    one is told by its NUL bytes; then UTF-8; then windows-1252, which older Windows tools
    still write, but only for a file with no UTF-8 in it. A file that is UTF-8 but for a
    few bytes is refused, naming them: reading it as windows-1252 would garble every
    accented letter to fix a handful, and guessing which bytes were meant is not ours to do.
    """
    marked = bom_encoding(data)
    if marked is not None:
        try:
            return decode_marked(data, marked), marked, ()
        except UnicodeDecodeError as exc:
            raise UnknownFormatError(
                f"the file starts with a {marked} byte-order mark but is not {marked} "
                f"text ({exc.reason} at byte {exc.start})"
            ) from exc
    unmarked = utf16_without_bom(data)
    if unmarked is not None:
        order = "little" if unmarked == "utf-16-le" else "big"
        warning = f"read as UTF-16 ({order}-endian) without a byte-order mark"
        return data.decode(unmarked), unmarked, (warning,)
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError as exc:
        first = exc
    if looks_binary_bytes(data):
        raise UnknownFormatError(
            "this looks like a binary file (audio, video or an office document?), "
            "not a transcript; save the transcript as WebVTT, Markdown or plain text"
        )
    utf8, other = _utf8_census(data)
    if utf8 <= other:
        # Windows tools still export cp1252 (e.g. SubRip from older subtitle editors).
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            return text, "cp1252", ("the file is not UTF-8; it was read as cp1252",)
    raise EncodingError(_not_utf8_message(data, first, other, mostly_utf8=utf8 > other))


# A well-formed UTF-8 sequence of two to four bytes (RFC 3629, no surrogates).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_ASCII = bytes(range(128))
# UTF-16 of text in Latin script has a NUL in every other byte; other data has NULs anywhere.
_UTF16_NUL_SHARE = 0.3
_UTF16_STRAY_NUL_SHARE = 0.02


def utf16_without_bom(data: bytes) -> str | None:
    """Return "utf-16-le" or "utf-16-be" for UTF-16 text without a BOM, else None.

    Judged by where the NULs fall in the first 8 KB: on odd offsets for little-endian
    (the high byte of each letter), on even ones for big-endian, and hardly ever on both.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:8192]
    pairs = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for encoding, nuls, strays in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls >= pairs * _UTF16_NUL_SHARE and strays <= pairs * _UTF16_STRAY_NUL_SHARE:
            try:
                data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return encoding
    return None


def _utf8_census(data: bytes) -> tuple[int, int]:
    """Return how many well-formed UTF-8 sequences the data has, and how many other high bytes."""
    rest, utf8 = _UTF8_MULTIBYTE.subn(b"", data)
    return utf8, len(rest.translate(None, _ASCII))


def _not_utf8_message(data: bytes, exc: UnicodeDecodeError, bad: int, *, mostly_utf8: bool) -> str:
    """Say where the first byte that is not UTF-8 is, and how to fix the file."""
    start = exc.start
    line = data.count(b"\n", 0, start) + 1
    column = start - (data.rfind(b"\n", 0, start) + 1) + 1
    shown = " ".join(f"0x{byte:02X}" for byte in data[start : exc.end])
    before = data[max(0, start - 20) : start].decode("utf-8", errors="replace")
    before = before.rsplit("\n", 1)[-1].strip()
    near = f", after {before!r}" if before else ""
    where = f"{shown} at byte {start} (line {line}, column {column}{near})"
    if mostly_utf8:
        return (
            f"the file is UTF-8 except for {plural(bad, 'byte')} that {'is' if bad == 1 else 'are'}"
            f" not: the first is {where}; fix {'it' if bad == 1 else 'them'} in an editor "
            "and save as UTF-8, or re-export the transcript as UTF-8 (a file that is "
            "windows-1252 throughout converts with `iconv -f windows-1252 -t utf-8`)"
        )
    return (
        f"the file is neither UTF-8 nor windows-1252: the first byte that is not UTF-8 is "
        f"{where}; re-export the transcript as UTF-8, or convert it with "
        "`iconv -f ENCODING -t utf-8`, naming the encoding it was saved in"
    )


def looks_binary_bytes(data: bytes) -> bool:
    """Return whether raw bytes look like a binary file rather than 8-bit text."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and chr(byte) not in _ALLOWED_CONTROLS)
    return bool(sample) and controls / len(sample) > _MAX_CONTROL_SHARE


def looks_binary_text(text: str) -> bool:
    """Return whether decoded text is full of control characters, as binary data is."""
    sample = text[:8192]
    if "\x00" in sample:
        return True
    controls = sum(
        1
        for ch in sample
        if (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0) and ch not in _ALLOWED_CONTROLS
    )
    return bool(sample) and controls / len(sample) > _MAX_CONTROL_SHARE
