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
from collections.abc import Callable, Sequence

from transcripts.model import Participant

_PHOTO = re.compile(
    r"^(?:photo(?:graph)?s?|image|picture|illustration|artwork|photo credit|credit|caption"
    r"|foto|bild)\s*(?:by\s+[^:]{1,40})?\s*(?:\([^()]{1,40}\)\s*)?[:：]\s*\S"
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
_MAX_BYLINE_CHARS = 120
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
# A wiki's footer under the page saved: MediaWiki's `Retrieved from "https://…"`.
_WIKI_FOOTER = re.compile(r"^retrieved from\s*[\"“]?\s*https?://\S+\s*[\"”]?$", re.IGNORECASE)
# "This manuscript is being made available for research purposes only.", "© 2024 …".
_RIGHTS = re.compile(
    r"^(?:this|the)\s+(?:manuscript|transcript|recording|interview|material|document)\s+"
    r"(?:is|was|has been|may)\s+(?:being\s+)?(?:made available|provided|published|licen[cs]ed"
    r"|copyrighted|protected|not be)\b|^(?:all rights reserved|copyright\b|©)",
    re.IGNORECASE,
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# "12 May 2019", "Day One—20 January 2026", "March 4, 2031": a date standing alone.
_DATELINE = re.compile(
    rf"^(?:[A-Z][\w]*(?:\s+[A-Z][\w]*)?\s*[—–:,-]\s*)?(?:\d{{1,2}}\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}})\.?$",
    re.IGNORECASE,
)
# "2012年 10月 10日星期三" and the time a sitting began, "上午 11時正會議開始".
_CJK_DATELINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期.)?$")
_CJK_SITTING = re.compile(r"^(?:上午|下午|晚上|中午)\s*\d{1,2}\s*時.{0,6}(?:開始|恢復|結束|暫停)$")
# `Presenter: Hélène Marchetti (HMI)`: who holds a role in a meeting, not what they said.
_ROLE_LINE = re.compile(
    r"^(?:presenters?|chairs?|chairpersons?|moderators?|facilitators?|note[- ]?takers?|scribes?"
    r"|minute[- ]?takers?)\s*[:：]\s*(?P<names>.+)$",
    re.IGNORECASE,
)
# Words that open a list of who attended, or a list of documents laid.
_ATTENDANCE = re.compile(
    r"^(?:attendees|attendance|in attendance|present|members present|absent|apologies"
    r"|participants|出席議員|出席|列席|缺席議員|缺席|出席者|出席公職人員|列席秘書)$",
    re.IGNORECASE,
)
# "下列文件是根據《議事規則》第21(2)條的規定提交：", "The following papers were laid:".
_DOCUMENTS_LAID = re.compile(
    r"^(?:下列|以下).{0,40}(?:文件|附屬法例|報告)|^the following (?:papers|documents|reports)\b",
    re.IGNORECASE,
)
# Headings whose bullets sum a meeting up rather than record what was said.
_SUMMARY_HEADING = re.compile(
    r"^(?:conclusions?|summary|outcomes?|decisions?|resolutions?|action items|next steps"
    r"|speaker'?s summary(?: of key points)?|summary of key points)$",
    re.IGNORECASE,
)
_LINK_ONLY = re.compile(r"^(?:[-*+]\s+)?\[[^\]]+\]\([^)]+\)$")
_PAGE_NUMBER = re.compile(r"^\d{1,4}$")
_TABLE_ROW = re.compile(r"^\|.*\|$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_NAME_COLUMNS = frozenset({"name", "names", "attendee", "member", "person", "participant"})
_INITIALS_COLUMNS = frozenset(
    {"abbreviation", "abbr", "abbr.", "initials", "short", "short name", "id", "code"}
)
_MAX_LIST_ITEM_CHARS = 60
_MAX_HEADER_WORDS = 15
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
    short = len(line) <= _MAX_BYLINE_CHARS and len(line.split()) <= _MAX_BYLINE_WORDS
    if short and line[-1] not in "?!" and _BYLINE.match(line):
        return "byline"
    if _APPEARS.match(line):
        return "publication note"
    if _LINK_DEFINITION.match(line):
        return "link definition"
    if _COMMENT_FORM.match(line):
        return "comment form"
    if _WIKI_FOOTER.match(line):
        return "page footer"
    if _RIGHTS.match(line):
        return "rights notice"
    if _DATELINE.match(line) or _CJK_DATELINE.match(line):
        return "dateline"
    if _CJK_SITTING.match(line):
        return "sitting time"
    if _LINK_ONLY.match(line):
        return "link"
    return None


def role_line(line: str, is_name: Callable[[str], bool]) -> bool:
    """Return whether a line only says who presents or chairs (`Presenter: Ana Ruiz (AR)`)."""
    match = _ROLE_LINE.match(line.strip().strip("*_").strip())
    if match is None:
        return False
    names = [re.sub(r"\s*[（(][A-Z]{1,4}[）)]$", "", name.strip()) for name in re.split(
        r"\s*(?:,|;| and | & )\s*", match["names"].strip().rstrip("."))]  # fmt: skip
    return bool(names) and all(name and is_name(name) for name in names)


def page_lines(lines: Sequence[str], is_label: Callable[[str], bool]) -> dict[int, str]:
    """Return the lines (by index) a page layout put there: running headers and page numbers,
    lists of attendees or documents, tables, and the bullets of a meeting's summary.

    A running header repeats (with its page number or date changing) and is short; a list
    follows a line that only introduces it (`出席議員：`, `Attendees:`) and runs until the
    next label or heading.
    """
    found: dict[int, str] = {}
    shapes: dict[str, list[int]] = {}
    for index, raw in enumerate(lines):
        line = " ".join(raw.split())
        if not line:
            continue
        if _PAGE_NUMBER.match(line):
            found[index] = "page number"
            continue
        if ":" in line or "：" in line or len(line.split()) > _MAX_HEADER_WORDS:
            continue
        if re.search(r"\d", line) and re.search(r"\s{2,}", raw.strip()):
            shapes.setdefault(re.sub(r"\d+", "#", line), []).append(index)
    for indexes in shapes.values():
        if len(indexes) >= 2:
            found.update({index: "running header" for index in indexes})
    for index, raw in enumerate(lines):
        line = raw.strip()
        if _TABLE_ROW.match(line) or (_TABLE_RULE.match(line) and "|" in line):
            found[index] = "table"
    _mark_lists(lines, is_label, found)
    _mark_summaries(lines, found)
    return found


def initials_table(lines: Sequence[str]) -> dict[str, str]:
    """Return what a Markdown table of attendees says each set of initials stands for."""
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in lines
        if _TABLE_ROW.match(line.strip()) and not _TABLE_RULE.match(line.strip())
    ]
    for at, header in enumerate(rows):
        folded = [cell.casefold() for cell in header]
        name = next((i for i, cell in enumerate(folded) if cell in _NAME_COLUMNS), None)
        short = next((i for i, cell in enumerate(folded) if cell in _INITIALS_COLUMNS), None)
        if name is None or short is None:
            continue
        found: dict[str, str] = {}
        for row in rows[at + 1 :]:
            if len(row) <= max(name, short) or [c.casefold() for c in row] == folded:
                break
            initials, person = row[short].strip("`* "), row[name].strip("`* ")
            if re.fullmatch(r"[A-Z][A-Z0-9]{0,5}", initials) and person:
                found[initials] = person
        return found
    return {}


def _mark_lists(
    lines: Sequence[str], is_label: Callable[[str], bool], found: dict[int, str]
) -> None:
    """Mark the lines of lists introduced by a line of their own ending with a colon."""
    index = 0
    while index < len(lines):
        line = " ".join(lines[index].split()).strip("*_ ")
        opener = re.fullmatch(r"(?P<key>[^:：]{1,60}?)\s*[:：]", line)
        key = opener["key"].strip("*_ ") if opener is not None else ""
        if opener is None or not (_ATTENDANCE.match(key) or _DOCUMENTS_LAID.search(key)):
            index += 1
            continue
        found[index] = "attendance list"
        index += 1
        while index < len(lines):
            item = " ".join(lines[index].split())
            if not item or index in found:
                index += 1
                continue
            if (
                len(item) > _MAX_LIST_ITEM_CHARS
                or item[-1] in "。?？!！:："
                or re.search(r"[a-z]{2,}\.$", item)  # a sentence; "J.P." is a title
                or is_label(item)
                or item.startswith("#")
            ):
                break
            found[index] = "attendance list"
            index += 1


def _mark_summaries(lines: Sequence[str], found: dict[int, str]) -> None:
    """Mark the bullets under a summary heading (`### Conclusion`) up to the next heading."""
    inside = False
    for index, raw in enumerate(lines):
        line = raw.strip()
        heading = re.match(r"^#{1,6}\s+(?P<title>.+?)\s*#*$", line)
        if heading is not None:
            inside = _SUMMARY_HEADING.match(heading["title"].strip("*_ ")) is not None
            continue
        if inside and re.match(r"^(?:[-*+]|\d{1,3}\.)\s+\S", line):
            found[index] = "meeting summary"


def field_block_lines(lines: Sequence[str]) -> dict[int, tuple[str, str]]:
    """Return the lines (by index) that form blocks of `Key: value` fields, with key and value.

    A block is two or more consecutive lines, each a short `Key: value`, most of whose
    keys describe an interview (date, place, interviewer…): two speakers exchanging one
    line each have names for keys, not these.
    """
    found: dict[int, tuple[str, str]] = {}
    run: list[tuple[int, str, str]] = []

    def close() -> None:
        known = sum(is_field_key(key) for _, key, _ in run)
        if len(run) >= 2 and known * 2 >= len(run) and known >= 1:
            found.update({index: (key, value) for index, key, value in run})
        run.clear()

    for index, raw in enumerate(lines):
        entry = field_line(raw)
        if entry is not None:
            run.append((index, *entry))
        else:
            close()
    close()
    return found


def field_line(line: str) -> tuple[str, str] | None:
    """Return the key and value of a line that is a short `Key: value` field."""
    match = _FIELD.match(line.strip().strip("*_").replace("**", "").replace("__", ""))
    short = match is not None and len(match["value"].split()) <= _MAX_FIELD_WORDS
    if match is None or not short or match["value"].rstrip()[-1:] in "?!":
        return None
    return match["key"].strip(), match["value"].strip()


def field_people(fields: Sequence[tuple[str, str]]) -> list[Participant]:
    """Return the hosts and guests named by interviewer and interviewee fields."""
    people: list[Participant] = []
    for key, value in fields:
        role = field_role(key)
        if role is None:
            continue
        for name in re.split(r"\s*(?:;|,| and | & )\s*", value):
            name = " ".join(name.split())
            if name and name[0].isupper():
                people.append(Participant(name, role))
    return people


def field_role(key: str) -> str | None:
    """Return "host" or "guest" for a key naming who interviews or is interviewed."""
    folded = key.casefold()
    return "host" if folded in _HOST_KEYS else "guest" if folded in _GUEST_KEYS else None


def is_field_key(key: str) -> bool:
    """Return whether a key describes an interview rather than naming a speaker."""
    folded = " ".join(key.casefold().split())
    return folded in _FIELD_KEYS or folded in _FIELD_PHRASES
