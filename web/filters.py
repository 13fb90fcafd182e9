"""Template filters: how times look to people on every page."""

from __future__ import annotations

from flask import Flask

from transcripts.timecodes import format_clock


def time_range(start_ms: int | None, end_ms: int | None) -> str:
    """Format a start and end time for people: `4:05–4:40`, `4:05`, or empty."""
    if start_ms is None:
        return ""
    start, end = format_clock(start_ms), format_clock(end_ms)
    # Passages shorter than a second would read "0:03–0:03": show the start alone.
    return start if end in ("", start) else f"{start}–{end}"


def init_app(app: Flask) -> None:
    """Register the filters: `clock` and `time_range`."""
    app.add_template_filter(format_clock, "clock")
    app.add_template_filter(time_range, "time_range")
