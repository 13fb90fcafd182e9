"""Page furniture in a transcript's text: lines that came with the page, not the speech.

A transcript saved from a magazine, a blog or an oral-history archive carries what the
page printed around the interview: a byline ("By Adam Fairweather"), a photo caption
("Photo: Callum Reid at the slipway"), where the article appeared, Markdown link
definitions, the blog's comment form, and a block of `Key: value` lines describing the
interview (`INTERVIEWEE: …`, `DATE: …`). None of it is speech: readers leave it out of
the passages and the ingest report lists what was left out, so nothing goes silently.

The people such a block names (`Interviewer: Samuel Idowu`) become the episode's host and
guest, so a label using their surname ("Idowu:") is theirs.

Format-neutral: it sees lines of text. Imports nothing from the package but the model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from transcripts.model import Participant

_PHOTO = re.compile(
    r"^(?:photo(?:graph)?s?|image|picture|illustration|artwork|photo credit|credit|caption"
    r"|foto|bild)\s*(?:by\s+[^:]{1,40})?\s*[:：]\s*\S"
    r"|^(?:photo(?:graph)?s?|illustrations?|images?)\s+(?:by|courtesy of|©)\s+\S",
    re.IGNORECASE,
)
# "By Adam Fairweather", "Posted by the editors", "Interview by Ana Ruiz | 3 May 2024".
_BYLINE = re.compile(
    r"^(?:(?i:by)\s+[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|van|von|la|le))*"
    r"|(?i:posted|written|words|text|interview|interviewed|reporting|edited|transcribed)"
    r"\s+(?i:by)\s+\S.*)\s*(?:[|·,–—-].{0,40})?$"
)
_MAX_BYLINE_WORDS = 10
# "This article appears in the March 2030 issue of Field Notes."
_APPEARS = re.compile(
    r"^(?:this|a version of this)\s+(?:article|interview|story|piece|transcript|conversation)"
    r"\s+(?:(?:first |originally )?(?:appears|appeared|ran)|was (?:first |originally )?"
    r"published)\s+(?:in|on|by)\b",
    re.IGNORECASE,
)
# `[1]: https://…` and `[subscribe]: <https://…> "Title"`: Markdown link definitions.
_LINK_DEFINITION = re.compile(r"^\[[^\]]{1,100}\]:\s*<?\S+>?(?:\s+[\"'(].*[\"')])?$")
# The comment form a blog platform prints under every post (WordPress's, the most common).
_COMMENT_FORM = re.compile(
    r"^(?:leave a (?:reply|comment)|post a comment|add a comment|cancel reply|post comment"
    r"|fill in your details below or click an icon to log in\b.*"
    r"|you are commenting using your\b.*|connecting to %s|notify me of (?:new|follow-up)\b.*"
    r"|(?:google|twitter|facebook|wordpress\.com) (?:photo|picture|account)"
    r"|log out\s*/.*|\d+ (?:responses?|comments?|replies) to\b.*)$",
    re.IGNORECASE,
)
# A `Key: value` line in a block that describes the interview.
_FIELD = re.compile(r"^(?P<key>[A-Za-z][\w .'’/-]{0,30}?)\s*[:：]\s+(?P<value>\S.*)$")
_FIELD_KEYS = frozenset(
    "date dates place location venue interviewee interviewees interviewer interviewers "
    "narrator recorded recording date of interview interview date duration length producer "
    "produced by transcriber transcribed by transcript language languages subject subjects "
    "topic topics collection series project format copyright rights source audio "
    "recording location time".split()
)
_FIELD_PHRASES = frozenset(
    {"date of interview", "interview date", "recording date", "recording location",
     "produced by", "transcribed by"}
)  # fmt: skip
_MAX_FIELD_WORDS = 10
_HOST_KEYS = frozenset({"interviewer", "interviewers"})
_GUEST_KEYS = frozenset({"interviewee", "interviewees", "narrator"})


def line_furniture(line: str) -> str | None:
    """Return what kind of page furniture a whole line is, or None when it may be speech."""
    line = line.strip().strip("*_").strip()
    if not line:
        return None
    if _PHOTO.match(line):
        return "photo caption"
    if _BYLINE.match(line) and len(line.split()) <= _MAX_BYLINE_WORDS and line[-1] not in "?!":
        return "byline"
    if _APPEARS.match(line):
        return "publication note"
    if _LINK_DEFINITION.match(line):
        return "link definition"
    if _COMMENT_FORM.match(line):
        return "comment form"
    return None


def field_block_lines(lines: Sequence[str]) -> dict[int, tuple[str, str]]:
    """Return the lines (by index) that form blocks of `Key: value` fields, with key and value.

    A block is two or more consecutive lines, each a short `Key: value`, most of whose
    keys describe an interview (date, place, interviewer…): two speakers exchanging one
    line each have names for keys, not these.
    """
    found: dict[int, tuple[str, str]] = {}
    run: list[tuple[int, str, str]] = []

    def close() -> None:
        known = sum(_is_field_key(key) for _, key, _ in run)
        if len(run) >= 2 and known * 2 >= len(run) and known >= 1:
            found.update({index: (key, value) for index, key, value in run})
        run.clear()

    for index, raw in enumerate(lines):
        match = _FIELD.match(raw.strip().strip("*_").replace("**", "").replace("__", ""))
        short = match is not None and len(match["value"].split()) <= _MAX_FIELD_WORDS
        if match is not None and short and match["value"].rstrip()[-1:] not in "?!":
            run.append((index, match["key"].strip(), match["value"].strip()))
        else:
            close()
    close()
    return found


def field_people(fields: Sequence[tuple[str, str]]) -> list[Participant]:
    """Return the hosts and guests named by interviewer and interviewee fields."""
    people: list[Participant] = []
    for key, value in fields:
        folded = key.casefold()
        role = "host" if folded in _HOST_KEYS else "guest" if folded in _GUEST_KEYS else None
        if role is None:
            continue
        for name in re.split(r"\s*(?:;|,| and | & )\s*", value):
            name = " ".join(name.split())
            if name and name[0].isupper():
                people.append(Participant(name, role))
    return people


def _is_field_key(key: str) -> bool:
    """Return whether a key describes an interview rather than naming a speaker."""
    folded = " ".join(key.casefold().split())
    return folded in _FIELD_KEYS or folded in _FIELD_PHRASES
