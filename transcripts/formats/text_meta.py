"""What opens a plain-text or Markdown transcript: front matter, a preamble, a headline."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transcripts.formats.text_labels import LEADING_TIME, line_label
from transcripts.model import Participant
from transcripts.speakers import split_marker

# Keys are short: the bound keeps a line that is one long word from being re-scanned at
# every letter for a colon (half a second on a 5 MB line).
FRONT_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]{0,63})\s*:\s*(?P<value>.*)$")
HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<title>.+?)\s*#*\s*$")
RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
PREAMBLE_KEYS = {"title": "title", "date": "date", "language": "language", "lang": "language"}
_ROLE_KEYS = {"host": "host", "hosts": "host", "guest": "guest", "guests": "guest"}
_OTHER_KEYS = {"show", "author", "tags", "description", "episode", "url"}
_MAX_TITLE_WORDS = 15
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")


@dataclass
class Preamble:
    """Metadata read before the speech: title, date, language, named people, ignored keys."""

    meta: dict[str, str] = field(default_factory=dict)
    people: list[Participant] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def front_matter(lines: list[str]) -> tuple[Preamble, int]:
    """Read YAML-ish front matter between `---` lines; return it and the first line after it."""
    found = Preamble()
    if not lines or lines[0].strip() != "---":
        return found, 0
    key: str | None = None
    for index in range(1, len(lines)):
        line = lines[index].strip()
        if line in ("---", "..."):
            empty = not (found.meta or found.people or found.ignored)
            return (Preamble(), 0) if empty else (found, index + 1)
        if line.startswith("- ") and key in _ROLE_KEYS:
            _add_people(found, key, line[2:])  # a YAML list of hosts or guests
            continue
        if not line or line.startswith(("#", "-")) or lines[index][:1].isspace():
            continue  # comments, other YAML lists and continuation lines: not ours to read
        match = FRONT_KEY.match(line)
        if match is None or not _is_front_key(match["key"]):
            return Preamble(), 0  # prose between rules ("Ana: Hi."), not front matter
        key, value = match["key"].lower(), match["value"].strip()
        if key in PREAMBLE_KEYS:
            found.meta[PREAMBLE_KEYS[key]] = _date(value) if key == "date" else _unquote(value)
        elif key in _ROLE_KEYS:
            _add_people(found, key, value)
        else:
            found.ignored.append(key)
    return Preamble(), 0


def _add_people(found: Preamble, key: str, value: str) -> None:
    """Add the hosts or guests a front-matter value names (`Ana`, `[Ana, Bo]`, `Ana, Bo`)."""
    for name in value.strip("[]").split(","):
        name = " ".join(_unquote(name.strip()).split())
        if name:
            found.people.append(Participant(name, _ROLE_KEYS[key]))


def _unquote(value: str) -> str:
    """Return a YAML scalar without its quotes."""
    return value.strip().strip("'\"")


def _date(value: str) -> str:
    """Return an ISO date-time's date part; any other date as written."""
    value = _unquote(value)
    match = _ISO_DATE.match(value)
    return match[1] if match else value


def _is_front_key(key: str) -> bool:
    """Return whether a key looks like front matter: lowercase, or a key we know."""
    folded = key.lower()
    return key.islower() or folded in PREAMBLE_KEYS or folded in _ROLE_KEYS or folded in _OTHER_KEYS


def preamble_line(line: str, meta: dict[str, str]) -> bool:
    """Take a `Title:`, `Date:` or `Language:` line before any speech as metadata."""
    match = FRONT_KEY.match(line)
    if match is None or match["key"].lower() not in PREAMBLE_KEYS or not match["value"].strip():
        return False
    meta.setdefault(PREAMBLE_KEYS[match["key"].lower()], match["value"].strip())
    return True


def title_line(lines: list[str], first: int, meta: dict[str, str], format: str) -> int:
    """Take a short unpunctuated first line standing alone as the title; return where speech starts.

    Articles and show notes saved as text open with their headline (sometimes twice), and a
    headline like "ADVOCATE: The State of Democracy" must not become a speaker's first words.
    """
    nonblank = [i for i in range(first, len(lines)) if lines[i].strip()]
    if "title" in meta or not nonblank:
        return first
    index = nonblank[0]
    line = lines[index].strip()
    alone = index + 1 >= len(lines) or not lines[index + 1].strip()
    key = FRONT_KEY.match(line)
    if (
        not alone
        or len(nonblank) < 2
        or len(line.split()) > _MAX_TITLE_WORDS
        or line.rstrip("*_ ")[-1:] in ".?!…:;,。？！：；，"
        or any(rule.match(line) for rule in (HEADING, LEADING_TIME, RULE))
        or (key is not None and key["key"].lower() in PREAMBLE_KEYS)
        or split_marker(line) is not None  # "**Intro:** \[00:00\]" opens the show, not a title
    ):
        return first
    labelled = line_label(line, index + 1, format)
    # A timed label ("Speaker 1  0:03") is always speech; so is a label that recurs.
    if labelled is not None and (
        labelled[1] is not None or not _labelled_only_here(lines, line, format)
    ):
        return first
    meta["title"] = line.strip("= ").strip() if line.startswith("=") else line
    # Skip the blank lines and repeats of the headline that follow it.
    index += 1
    while index < len(lines) and lines[index].strip() in ("", line):
        index += 1
    return index


def _labelled_only_here(lines: list[str], line: str, format: str) -> bool:
    """Return whether no line but `line` (and its repeats) opens with a speaker label."""
    for other in lines:
        other = other.strip()
        has_colon = ":" in other or "：" in other
        if other and other != line and has_colon and line_label(other, 0, format) is not None:
            return False
    return True
