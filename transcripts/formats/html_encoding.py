"""Bytes of an HTML page into text: BOMs, declared charsets, and what browsers fall back to."""

from __future__ import annotations

import codecs
import re

from transcripts.errors import ParseError
from transcripts.formats.decoding import decode_marked_text

FORMAT = "html"

_DECLARED = re.compile(
    rb"""<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)|<meta[^>]*charset\s*=\s*["']?([\w.:-]+)""",
    re.IGNORECASE,
)


def decode_page(data: bytes) -> tuple[str, str, list[str]]:
    """Return the page's text, its encoding and any warning about how it was chosen."""
    # A BOM names the encoding for certain, whatever the page declares (Windows saves UTF-16).
    marked = decode_marked_text(data, format=FORMAT)
    if marked is not None:
        return *marked, []
    if b"\x00" in data[:8192]:
        raise ParseError("this looks like a binary file, not an HTML page", format=FORMAT)
    warnings: list[str] = []
    declared = _declared_encoding(data, warnings)
    if declared is not None:
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            warnings.append(f"the page declares {declared} but is not {declared}")
        else:
            if declared == "utf-8" or not _is_utf8_beyond_ascii(data):
                return text, declared, warnings
            # Templates keep a stale legacy charset while the bytes are UTF-8.
            warnings.append(f"the page declares {declared} but its bytes are UTF-8")
            return data.decode("utf-8"), "utf-8", warnings
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    # Browsers read undeclared legacy pages as windows-1252; so do we.
    warnings.append("the page is not UTF-8 and declares no charset; it was read as cp1252")
    return data.decode("cp1252", errors="replace"), "cp1252", warnings


def _declared_encoding(data: bytes, warnings: list[str]) -> str | None:
    """Return the codec an XML declaration or `<meta charset>` names, if Python knows it."""
    match = _DECLARED.search(data[:4096])
    if match is None:
        return None
    label = (match[1] or match[2]).decode("ascii", errors="ignore")
    try:
        name = codecs.lookup(label).name
    except LookupError:
        warnings.append(f"the page declares an unknown charset {label!r}")
        return None
    if name.startswith(("utf-16", "utf-32")):
        return None  # the declaration was readable as ASCII, so the file is not UTF-16
    # The WHATWG Encoding Standard reads latin-1 and ASCII labels as windows-1252.
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def _is_utf8_beyond_ascii(data: bytes) -> bool:
    """Return whether bytes hold non-ASCII text that is valid UTF-8."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
