"""Times on an HTML page: play buttons, <time> elements, data-* attributes and onclick calls."""

from __future__ import annotations

import re

from bs4 import Tag

from transcripts.inline_times import time_alone
from transcripts.timecodes import parse_timecode

_CALL_ARGUMENT = re.compile(r"\(\s*['\"]?\s*([\d:.]+)\s*['\"]?\s*[,)]")
_HREF_TIME = re.compile(r"[#?&]t=(?:(\d+)h)?(?:(\d+)m)?(\d+(?:\.\d+)?)s?$")
# A play button's text: nothing, a symbol, or the word "play".
_PLAY_TEXT = re.compile(r"^[\s▶►▷⏵⏯⯈▸→»]*(?:play|abspielen|lire|reproducir)?[\s▶►▷⏵⏯⯈▸]*$", re.I)


def take_decorations(tag: Tag, *, remove_self: bool = False) -> tuple[int | None, bool]:
    """Remove play buttons and timestamps in a tag; return the first time and if tag went."""
    found: int | None = None
    # bs4's `decomposed` falls back to a subtree search on live tags: track removals here.
    removed: set[int] = set()
    for element in [tag, *(d for d in tag.descendants if isinstance(d, Tag))]:
        if id(element) in removed:
            continue
        name = element.name
        ms: int | None = None
        drop = False
        if name == "time":
            ms = time_element_ms(element)
            drop = ms is not None
        elif name in ("a", "span", "button") and _PLAY_TEXT.match(element.get_text()):
            # `<a onclick="playAt('0:1:7')">▶</a>`: a play button
            ms = attribute_time(element)
            drop = ms is not None or bool(element.get("onclick"))
        elif name == "a" and time_alone(element.get_text()) is not None:
            # `<a href="#t=83">1:23</a>`: a timestamp link
            ms = attribute_time(element)
            ms = ms if ms is not None else timecode_ms(element.get_text().strip())
            drop = True
        elif element is not tag:
            ms = attribute_time(element, data_only=True)
        if drop and (remove_self or element is not tag):
            removed.add(id(element))
            removed.update(id(d) for d in element.descendants)
            element.decompose()
        found = ms if found is None else found
    return found, id(tag) in removed


def time_element_ms(tag: Tag) -> int | None:
    """Return a `<time>` element's time if it names a moment in the audio, not a date."""
    text = tag.get_text().strip()
    if (timecode := time_alone(text)) is not None:
        return timecode_ms(timecode)
    value = str(tag.get("datetime") or "")
    duration = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?", value)
    if duration and any(duration.groups()):
        hours, minutes, seconds = (float(g or 0) for g in duration.groups())
        return round(((hours * 60 + minutes) * 60 + seconds) * 1000)
    return None


def attribute_time(tag: Tag, *, data_only: bool = False) -> int | None:
    """Return the time a tag's data-*, onclick or href attribute points at."""
    if tag.get("data-m") is not None:
        return number_ms(str(tag["data-m"]), scale=1)  # hyperaudio writes milliseconds
    for key in ("data-start", "data-time", "data-begin", "data-timestamp"):
        if tag.get(key) is not None:
            return seconds_ortimecode_ms(str(tag[key]))
    if data_only:
        return None
    onclick = str(tag.get("onclick") or "")
    match = _CALL_ARGUMENT.search(onclick)
    if match:
        return seconds_ortimecode_ms(match[1])  # playAt('0:1:7'), seek(83.5)
    href = _HREF_TIME.search(str(tag.get("href") or ""))
    if href:
        hours, minutes, seconds = (float(g or 0) for g in href.groups())
        return round(((hours * 60 + minutes) * 60 + seconds) * 1000)
    return None


def seconds_ortimecode_ms(value: str) -> int | None:
    """Return `83.5` (seconds) or `0:1:23` (unpadded H:M:S) as milliseconds."""
    return timecode_ms(value) if ":" in value else number_ms(value, scale=1000)


def number_ms(value: str, *, scale: int) -> int | None:
    """Return a number as milliseconds, or None when it is not a sane number."""
    try:
        number = float(value)
    except ValueError:
        return None
    ms = number * scale
    return round(ms) if 0 <= ms < 1e12 else None


def timecode_ms(value: str) -> int | None:
    """Return a timecode as milliseconds, or None when it is not one."""
    try:
        return parse_timecode(value)
    except ValueError:
        return None
