"""Times in JSON transcripts: seconds, milliseconds or timecode strings, into int ms.

Tools disagree on units and rarely say which they use. Where the shape or the field name
tells (AssemblyAI writes milliseconds, Deepgram and Whisper seconds, AWS numeric strings of
seconds, `start_ms` is milliseconds) the reader says so; a plain list of timed utterances
is judged by its structure (see `unit_of`), never by how far into the recording it starts,
so an excerpt keeps its real offsets.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from typing import Any, Literal

from transcripts.timecodes import parse_timecode

Unit = Literal["s", "ms"]
# A speech segment lasts seconds: a median length past this many units means milliseconds.
_MS_MEDIAN_SPAN = 100


def to_ms(value: Any, unit: Unit = "s") -> int | None:
    """Return a number of `unit` (or a numeric string, or a timecode) as int ms; None if bad."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        number = _number(value)
        if number is None:
            try:
                return parse_timecode(value)
            except ValueError:
                return None
    elif isinstance(value, (int, float)):
        number = float(value)
    else:
        return None
    # round() absorbs float noise such as 3.8200000000000003.
    ms = number * 1000 if unit == "s" else number
    return round(ms) if math.isfinite(ms) and ms >= 0 else None


def seconds_to_ms(value: Any) -> int | None:
    """Return float seconds (or a numeric string or timecode) as int ms; None if unreadable."""
    return to_ms(value, "s")


def unit_of(starts: Iterable[Any], ends: Iterable[Any]) -> Unit:
    """Judge whether bare numbers are seconds or milliseconds from the spans they mark.

    Milliseconds are whole numbers and a segment spans hundreds or thousands of them;
    seconds have fractions or span a few units. Without ends, the steps between starts
    stand in for the spans. Timecode strings carry their own unit and are left out.
    """
    start_numbers = [_plain(value) for value in starts]
    end_numbers = [_plain(value) for value in ends]
    numbers = [n for n in (*start_numbers, *end_numbers) if n is not None]
    if not numbers or any(not n.is_integer() for n in numbers):
        return "s"
    pairs = [
        (start, end)
        for start, end in zip(start_numbers, end_numbers, strict=False)
        if start is not None and end is not None and end > start
    ]
    if not pairs:
        ordered = [n for n in start_numbers if n is not None]
        pairs = [(a, b) for a, b in zip(ordered, ordered[1:], strict=False) if b > a]
    if not pairs:
        return "s"
    span = statistics.median(end - start for start, end in pairs)
    return "ms" if span >= _MS_MEDIAN_SPAN else "s"


def _plain(value: Any) -> float | None:
    """Return a bare number (or numeric string) as a float; None for timecodes and others."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        return _number(value)
    return None


def _number(text: str) -> float | None:
    """Return a numeric string's value, or None ("1:02" and "abc" are not numbers)."""
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None
