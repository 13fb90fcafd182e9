"""Template filters: how times, audio links and stage directions look to people."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import Flask
from markupsafe import Markup

from archive.search.highlight import marked_html
from transcripts.timecodes import format_clock

# Audio URLs come from whoever added the episode: only these schemes become links, so a
# `javascript:` URL in the archive cannot turn into a clickable script.
_AUDIO_SCHEMES = {"http", "https"}


def time_range(start_ms: int | None, end_ms: int | None) -> str:
    """Format a start and end time for people: `4:05–4:40`, `4:05`, or empty."""
    if start_ms is None:
        return ""
    start, end = format_clock(start_ms), format_clock(end_ms)
    # Passages shorter than a second would read "0:03–0:03": show the start alone.
    return start if end in ("", start) else f"{start}–{end}"


def play_url(audio_url: str | None, start_ms: int | None) -> str | None:
    """Return the audio URL with a `#t=` media fragment at `start_ms`, or None if unusable."""
    if not audio_url or start_ms is None:
        return None
    parts = urlsplit(audio_url.strip())
    if parts.scheme.lower() not in _AUDIO_SCHEMES or not parts.netloc:
        return None
    # Whole seconds, floored like the `12:34` label beside the link, so they agree.
    return urlunsplit(parts._replace(fragment=f"t={start_ms // 1000}"))


def stage_marked(text: str) -> Markup:
    """Return a passage's text escaped, each stage direction in <span class="stage">."""
    # Safe: marked_html escapes all of the text and adds only its own span tags.
    return Markup(marked_html(text))


def init_app(app: Flask) -> None:
    """Register the filters: `clock`, `time_range`, `play_url` and `stage`."""
    app.add_template_filter(format_clock, "clock")
    app.add_template_filter(time_range, "time_range")
    app.add_template_filter(play_url, "play_url")
    app.add_template_filter(stage_marked, "stage")
