"""Labels a structured source repeats inside the speech it already attributes.

Court-argument JSON names each turn's speaker in its structure and often prints the
label again at the start of the text (`MR. McGILL: Thank you, Mr. Chief Justice`), and
the clerk's heading for the next argument is glued to the end of the presiding judge's
words (`… Mr. McGill. ORAL ARGUMENT OF MATTHEW D. McGILL`). The repeated label names the
same person and goes; the heading becomes a section boundary. A label naming someone
else is left as written: structure and text disagree, and nothing is guessed.

Format-neutral: it sees only the Document.
"""

from __future__ import annotations

import re
from dataclasses import replace

from transcripts.model import Document, Heading, Utterance
from transcripts.speakers import split_label

_NAME = r"[A-Z][\w.'’-]*(?:,? [A-Z][\w.'’-]*)*"
_ARGUMENT_HEADING = re.compile(
    r"\s*(?P<heading>(?:ORAL ARGUMENT|REBUTTAL ARGUMENT|REARGUMENT|ARGUMENT) OF "
    rf"{_NAME}(?:,? ON BEHALF OF {_NAME})?)\.?$"
)
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|miss|dr|general|justice|chief justice)\.?\s+", re.I)


def strip_echoed_labels(document: Document) -> tuple[Document, str | None]:
    """Drop labels repeating the speaker the structure gives; split off glued headings."""
    items: list[Utterance | Heading] = []
    echoed = headings = 0
    for item in document.items:
        if not isinstance(item, Utterance) or item.speaker is None:
            items.append(item)
            continue
        labelled = split_label(item.text)
        if labelled is not None and labelled[1] and _same_person(labelled[0], item.speaker):
            item = replace(item, text=labelled[1])
            echoed += 1
        glued = _ARGUMENT_HEADING.search(item.text)
        if glued is not None and glued.start() > 0:
            items.append(replace(item, text=item.text[: glued.start()].rstrip()))
            items.append(Heading(glued["heading"].strip(), item.end_ms))
            headings += 1
            continue
        items.append(item)
    if not (echoed or headings):
        return document, None
    return replace(document, items=tuple(items)), (
        f"took {echoed} speaker labels repeated inside the speech out of it and read "
        f"{headings} argument headings glued to it as section boundaries"
    )


def _same_person(label: str, speaker: str) -> bool:
    """Return whether a printed label ("MR. McGILL") names the given speaker."""
    words = _HONORIFIC.sub("", label.strip()).casefold().split()
    names = [w.strip(",.") for w in speaker.casefold().split()]
    return bool(words) and all(word in names for word in words)
