"""JSON text into Python values, refusing nesting deeper than any transcript needs.

Python's json module recurses once per level, so a file of 100,000 brackets ends in a
RecursionError wherever it is parsed. Every JSON a reader takes in goes through `load_json`,
which measures the nesting first with a scan that costs a few regular-expression passes.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from transcripts.errors import ParseError

# A Podcasting 2.0 transcript is four levels deep (envelope, segments, segment, value);
# chapters files and podwhisperer near-misses a few more. Nothing real comes near this.
MAX_JSON_DEPTH = 64
# A JSON string, escapes and all (the unrolled form stays linear on a 50 MB string).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.S)
_BRACKETS = str.maketrans({"[": "(", "{": "(", "]": ")", "}": ")"})
_STEP = {ord("("): 1, ord(")"): -1}


class JsonNestingError(ParseError):
    """JSON nests deeper than `MAX_JSON_DEPTH`: hostile or damaged, never a transcript."""


def json_depth(text: str) -> int:
    """Return how deeply JSON text nests its arrays and objects (0 for a bare value)."""
    shape = _STRING.sub("", text).translate(_BRACKETS)
    steps = shape.encode("ascii", "ignore").translate(None, _OTHER_BYTES)
    return max(accumulate(_STEP[b] for b in steps), default=0)


# Every byte but the two bracket marks, for bytes.translate to drop.
_OTHER_BYTES = bytes(b for b in range(256) if b not in (ord("("), ord(")")))


def _too_deep_at(text: str, limit: int) -> int:
    """Return the offset of the first bracket that nests deeper than `limit`."""
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return match.start()
        elif token in "]}":
            depth -= 1
    return len(text)


def load_json(text: str, *, format: str, limit: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON text; raise ParseError for `format`, with line and snippet, if it is not JSON."""
    if json_depth(text) > limit:
        at = _too_deep_at(text, limit)
        line = text.count("\n", 0, at) + 1
        raise JsonNestingError(
            f"invalid JSON: arrays and objects nested more than {limit} levels deep; a "
            "transcript needs a handful, so this is not one (or it is damaged)",
            format=format,
            line=line,
            snippet=text[at : at + 20],
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        # The line the error is on, without copying a file that is one long line.
        start = text.rfind("\n", 0, exc.pos) + 1
        snippet = text[start : start + 4096].split("\n", 1)[0].strip()[:60]
        raise ParseError(
            f"invalid JSON: {exc.msg}", format=format, line=exc.lineno, snippet=snippet
        ) from exc
    except RecursionError as exc:  # below the limit, but the interpreter's stack is small
        raise ParseError("invalid JSON: nested too deeply", format=format) from exc
    except ValueError as exc:  # e.g. an integer longer than Python's digit limit
        raise ParseError(f"invalid JSON: {exc}", format=format) from exc
