"""Timecodes as integer milliseconds: parsing and formatting."""

from __future__ import annotations

import re

# Hours and the fraction are optional and fields may be unpadded ("0:0:0.570"),
# because Teams, YouTube and hand-made files all bend the WebVTT/SRT grammar.
_TIMECODE = re.compile(
    r"^\s*(?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{1,2})(?:[.,](?P<f>\d{1,3}))?\s*$"
)


def parse_timecode(text: str) -> int:
    """Parse `H:MM:SS.mmm`, `MM:SS`, `H:M:S` or `HH:MM:SS,mmm` into milliseconds."""
    match = _TIMECODE.match(text)
    if match is None:
        raise ValueError(f"not a timecode: {text!r}")
    hours = int(match["h"] or 0)
    minutes = int(match["m"])
    seconds = int(match["s"])
    if minutes >= 60 or seconds >= 60:
        raise ValueError(f"minutes and seconds must be below 60: {text!r}")
    fraction = (match["f"] or "0").ljust(3, "0")
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + int(fraction)


def format_timecode(ms: int, *, always_hours: bool = False, sep: str = ".") -> str:
    """Format milliseconds as `H:MM:SS.mmm` (`MM:SS.mmm` under an hour unless asked)."""
    if ms < 0:
        raise ValueError("a timecode cannot be negative")
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours or always_hours:
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{millis:03d}"
    return f"{minutes:02d}:{seconds:02d}{sep}{millis:03d}"


def format_clock(ms: int | None) -> str:
    """Format milliseconds for people: `4:05` or `1:02:03`; empty for no time."""
    if ms is None:
        return ""
    seconds = ms // 1000
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"
