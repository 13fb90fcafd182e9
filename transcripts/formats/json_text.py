"""JSON source bytes into Python values: encodings, a depth limit, and diagnostic errors."""

from __future__ import annotations

import json
import re
from typing import Any

from transcripts.errors import ParseError
from transcripts.formats.decoding import decode_marked_text, sniff_text

FORMAT = "json"
# Transcripts nest a few levels (Oyez: about eight); past this a file is a bomb or a dump.
MAX_DEPTH = 64
# JSON text opens with a bracket or whitespace.
_JSON_STARTS = frozenset({b"{", b"[", b" ", b"\t", b"\r", b"\n"})
# Strings are dropped whole, so brackets inside speech never count as nesting.
JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def decode_json(data: bytes) -> tuple[str, str, list[str]]:
    """Return the text, its encoding and any warning about how it was guessed."""
    # JSON should be BOM-less UTF-8, but Windows tools add a UTF-8 BOM or write UTF-16.
    marked = decode_marked_text(data, format=FORMAT)
    if marked is not None:
        return *marked, []
    # Some Windows tools write UTF-16 without a BOM: an ASCII first character beside a NUL.
    unmarked = _unmarked_utf16(data)
    if unmarked is not None:
        try:
            return data.decode(unmarked), unmarked, [f"read as {unmarked} (no byte-order mark)"]
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:8192]:
        raise ParseError("this looks like a binary file, not JSON text", format=FORMAT)
    # Windows editors still save cp1252; JSON should be UTF-8 but the text is recoverable.
    text = data.decode("cp1252", errors="replace")
    return text, "cp1252", ["the file is not UTF-8; it was read as cp1252"]


def decode_head(data: bytes) -> str:
    """Decode the start of a file leniently, for sniffing only."""
    return sniff_text(data, _unmarked_utf16(data[: len(data) - len(data) % 2]) or "utf-8")


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Return whether JSON text nests arrays and objects deeper than `limit`, without parsing."""
    depth = 0
    for bracket in _NOT_BRACKET.sub("", JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


def load_json(text: str) -> Any:
    """Parse JSON text, turning its errors into a ParseError with line and snippet."""
    # Checked first: the parser recurses once per level and may exhaust the stack.
    if too_deep(text):
        raise ParseError(
            f"invalid JSON: nested more than {MAX_DEPTH} levels deep, the most this reader "
            "accepts; a transcript needs only a few levels, so export it again",
            format=FORMAT,
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        lines = text.splitlines() or [""]
        snippet = lines[min(exc.lineno, len(lines)) - 1].strip()[:60]
        raise ParseError(
            f"invalid JSON: {exc.msg}", format=FORMAT, line=exc.lineno, snippet=snippet
        ) from exc
    except ValueError as exc:  # e.g. an integer longer than Python's digit limit
        raise ParseError(f"invalid JSON: {exc}", format=FORMAT) from exc
    except RecursionError as exc:
        raise ParseError("invalid JSON: nested too deeply", format=FORMAT) from exc


def _unmarked_utf16(data: bytes) -> str | None:
    """Return the UTF-16 byte order of JSON text without a BOM, judged by its first character."""
    if len(data) < 2 or len(data) % 2:
        return None
    if data[0] == 0 and data[1:2] in _JSON_STARTS:
        return "utf-16-be"
    if data[1] == 0 and data[0:1] in _JSON_STARTS:
        return "utf-16-le"
    return None
