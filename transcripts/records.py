"""Parliamentary and meeting records: what they print around speech, and where speech starts.

A Hansard-style record numbers its columns (`19 July 2011 : Column 771`), numbers the
questions on the order paper (`1.`, `Q3.`) and cites each one by a reference number
(`[66855]`). None of it is speech. Such records also mark where each contribution starts
(an anchor, an id); a new contribution whose label cannot be read has no speaker, never
the previous one's. Format-neutral: readers pass text and their own marks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_MONTH_DATE = r"\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},?\s+\d{4}"
# `19 July 2011 : Column 771`, `Column 12WH`, `Col. 45`: a printed column, kept as a page mark.
_COLUMN_MARKER = re.compile(
    rf"^(?:(?:[A-Z][a-z]+day\s+)?(?:{_MONTH_DATE})\s*[:,–—-]\s*)?"
    r"(?:Column|Col\.?)\s+[A-Z]{0,3}\d{1,5}[A-Z]{0,3}$",
    re.IGNORECASE,
)
# The clock time a record prints as the sitting goes on: `9.30 am`, `[9.59 pm`, `4.15 p.m.`.
_SITTING_TIME = re.compile(
    r"^\[?\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)\]?$|^\[?\d{1,2}(?:[.:]\d{2})?\s*noon\]?$",
    re.IGNORECASE,
)
# How a sentence ends; one that does not was cut by a column or page break.
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$")
# Labels for the House, not a person: "Hon. Members", "An hon. Member", "Several hon. Members".
# A bare "Peer:" or "Member:" may be someone's name (Peer is a first name): not these.
_COLLECTIVE = re.compile(
    r"^(?:(?:an?|several|some|other|many)\s+)?(?:(?:right\s+)?hon\.?|honourable|noble)\s+"
    r"(?:members?|lords?|peers?|baronesses)$|^(?:members|noble lords|interruption)$",
    re.IGNORECASE,
)
# What stands before a question's label: its number on the order paper, its reference, or both.
_QUESTION_LEAD = re.compile(
    r"^(?:(?:[QT]\s?)?\d{1,4}\.)?\s*(?:\[(?:HL)?\d{4,6}\])?$", re.IGNORECASE
)
# A question's reference number at the end of its text: `[66855]`, `[HL1234]`, and the
# Scottish Parliament's `(S6O-01234)`.
_TRAILING_REFERENCE = re.compile(
    r"\s*(?:\[(?:HL)?\d{4,6}\]|\(S\d[A-Z]{1,2}-\d{4,6}\))\s*$", re.IGNORECASE
)
# Anchor names that say "a speech starts here", whatever else the page marks.
_SPEECH_START = re.compile(
    r"^(?:st|qn|speech|spk|speaker|contribution|utterance|turn)(?:[_-]|#|$)", re.IGNORECASE
)


def is_collective(label: str) -> bool:
    """Return whether a label names many voices or an unnamed member (`Hon. Members`)."""
    return _COLLECTIVE.match(" ".join(label.split()).rstrip(":")) is not None


def furniture_kind(text: str) -> str | None:
    """Return the kind of record furniture a whole paragraph is, or None when it may be speech."""
    text = " ".join(text.split())
    if _COLUMN_MARKER.match(text):
        return "column marker"
    return "sitting time" if _SITTING_TIME.match(text) else None


def is_question_lead(text: str) -> bool:
    """Return whether text before a label is a question number or reference (`1.`, `Q2. [123]`)."""
    stripped = text.strip()
    return bool(stripped) and _QUESTION_LEAD.match(stripped) is not None


def strip_reference(text: str) -> tuple[str, bool]:
    """Remove a question's trailing reference number; return the text and whether one went."""
    match = _TRAILING_REFERENCE.search(text)
    if match is None or not text[: match.start()].strip():
        return text, False
    return text[: match.start()].rstrip(), True


def continues_sentence(before: str, after: str) -> bool:
    """Return whether `after` goes on with the sentence `before` left open at a page break."""
    before, after = before.rstrip(), after.lstrip()
    return bool(before and after) and not _SENTENCE_END.search(before) and after[0].islower()


def start_marks(paragraphs: Iterable[tuple[bool, frozenset[str]]]) -> frozenset[str]:
    """Return the marks that open a contribution, from (labelled, marks) for each paragraph.

    A mark opens contributions when at least two labelled paragraphs carry it and most
    unlabelled ones (the continuations) do not: a page that puts an id on every paragraph
    marks paragraphs, not contributions. Where marks are named for a speech start
    (Hansard's `st_`, `qn_`; not its paragraph marks `stpa_`), only those count.
    """
    paragraphs = list(paragraphs)
    labelled: dict[str, int] = {}
    for is_labelled, marks in paragraphs:
        for mark in marks if is_labelled else ():
            labelled[mark] = labelled.get(mark, 0) + 1
    # One labelled paragraph is enough for a named mark: the name says what it marks.
    named = frozenset(mark for mark in labelled if _SPEECH_START.match(mark))
    if named:
        # The page says where speeches start (Hansard's `st_`): its other marks say less.
        return named
    unlabelled = [marks for is_labelled, marks in paragraphs if not is_labelled]
    return frozenset(
        mark
        for mark, count in labelled.items()
        if count >= 2 and sum(mark in marks for marks in unlabelled) < 0.5 * len(unlabelled)
    )
