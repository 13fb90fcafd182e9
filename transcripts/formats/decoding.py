"""Bytes into text: the encodings transcripts arrive in, and telling text from binary."""

from __future__ import annotations

import codecs

from transcripts.errors import ParseError, UnknownFormatError

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
    """Return the text, the encoding used and any warning about the guess."""
    marked = bom_encoding(data)
    if marked is not None:
        try:
            return decode_marked(data, marked), marked, ()
        except UnicodeDecodeError as exc:
            raise UnknownFormatError(
                f"the file starts with a {marked} byte-order mark but is not {marked} "
                f"text ({exc.reason} at byte {exc.start})"
            ) from exc
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError:
        pass
    if looks_binary_bytes(data):
        raise UnknownFormatError(
            "this looks like a binary file (audio, video or an office document?), "
            "not a transcript; save the transcript as WebVTT, Markdown or plain text"
        )
    # Windows tools still export cp1252 (e.g. SubRip from older subtitle editors).
    try:
        text = data.decode("cp1252")
        encoding = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "latin-1"
    return text, encoding, (f"the file is not UTF-8; it was read as {encoding}",)


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
