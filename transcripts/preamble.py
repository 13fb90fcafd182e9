"""What opens a transcript before the speech: `Title:`/`Date:` lines, a headline.

Format-neutral: it sees the lines a reader hands over (a text file's lines, a page's
paragraphs). What a format marks as structure (a Markdown heading, a rule) the reader
says, through `structural`; YAML front matter is `formats/front_matter.py`'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from transcripts.credits import tool_footer
from transcripts.furniture import field_line, field_role, is_field_key
from transcripts.inline_times import LEADING, time_alone
from transcripts.labels import is_plain_name, line_label
from transcripts.speakers import split_marker

# Keys are short: the bound keeps a line that is one long word from being re-scanned at
# every letter for a colon (half a second on a 5 MB line).
FRONT_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]{0,63})\s*:\s*(?P<value>.*)$")
# The keys of a preamble line, or of front matter, and the metadata field each fills.
PREAMBLE_KEYS = {"title": "title", "date": "date", "language": "language", "lang": "language"}
_MAX_TITLE_WORDS = 15


def preamble_line(line: str, meta: dict[str, str]) -> bool:
    """Take a `Title:`, `Date:` or `Language:` line before any speech as metadata."""
    match = FRONT_KEY.match(line)
    if match is None or match["key"].lower() not in PREAMBLE_KEYS or not match["value"].strip():
        return False
    meta.setdefault(PREAMBLE_KEYS[match["key"].lower()], match["value"].strip())
    return True


def title_line(
    lines: list[str],
    first: int,
    meta: dict[str, str],
    format: str,
    structural: Callable[[str], bool] = lambda line: False,
) -> int:
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
        or structural(line)  # a heading or a rule the format marks is not a headline
        or LEADING.match(line) is not None
        or time_alone(line) is not None
        or tool_footer(line) is not None  # a speech tool's signature, not a headline
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


def opening_fields(paragraphs: Sequence[str]) -> dict[int, tuple[str, str]]:
    """Return the `Key: value` paragraphs (by index) that open a page and describe the
    interview (`Interviewer: Ana Ruiz`, `Date: 3 May 2024`), with key and value.

    A page's paragraphs stand side by side with no blank line between them, so a run of
    short labelled turns (`Interviewer: Tell me.` / `Narrator: It was cold.`) would pass
    for a block as text files read one (`field_block_lines`): here only the paragraphs
    before the first that is no field count, every key must describe an interview, and
    a key naming who interviews or is interviewed must hold names, not a sentence.
    """
    fields: dict[int, tuple[str, str]] = {}
    for index, paragraph in enumerate(paragraphs):
        entry = field_line(paragraph)
        if entry is None or not is_field_key(entry[0]):
            break
        names = re.split(r"\s*(?:;|,| and | & )\s*", entry[1])
        if field_role(entry[0]) and not all(is_plain_name(name) for name in names):
            break
        fields[index] = entry
    return fields if len(fields) >= 2 else {}
