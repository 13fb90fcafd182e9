"""Turns marked only by dashes: ` - ` between sentences where the voice changes.

Some transcripts (auto-captions pasted as text, quick interview notes) mark each change
of speaker with a dash and nothing else: "Thank you for coming. - Thank you for having
me. - What does a signaller do?". In a transcript without speaker labels, a paragraph
with such dashes is split there: each piece is a turn of its own, whose speaker is not
known. Nobody is invented; structure only says where the voice changes.

Format-neutral: it sees only the Document.
"""

from __future__ import annotations

import re
from dataclasses import replace

from transcripts.model import Document, Utterance

# A dash between a sentence's end and a capitalised start: the voice changes there.
_TURN_DASH = re.compile(r"(?<=[.?!…\"”’])\s+[-–—]\s+(?=[\"“¿¡(]?[A-ZÀ-Ý])")
_LEADING_DASH = re.compile(r"^[-–—]\s+(?=\S)")
# Fewer than this many dash changes in the whole file and the dashes are punctuation.
_MIN_DASH_TURNS = 3


def split_dash_turns(document: Document) -> tuple[Document, str | None]:
    """Split unlabelled paragraphs at dash turn markers; return the document and a report line."""
    utterances = document.utterances
    if not utterances or any(u.speaker for u in utterances) or document.unit != "paragraph":
        return document, None
    marks = sum(len(_TURN_DASH.findall(u.text)) for u in utterances)
    if marks < _MIN_DASH_TURNS:
        return document, None
    items: list = []
    for item in document.items:
        if not isinstance(item, Utterance):
            items.append(item)
            continue
        pieces = [_LEADING_DASH.sub("", p).strip() for p in _TURN_DASH.split(item.text)]
        opened = bool(_LEADING_DASH.match(item.text))
        for index, piece in enumerate(p for p in pieces if p):
            items.append(
                replace(
                    item,
                    text=piece,
                    start_ms=item.start_ms if index == 0 else None,
                    end_ms=item.end_ms if index == len(pieces) - 1 else None,
                    opens_turn=index > 0 or opened or item.opens_turn,
                )
            )
    return replace(document, items=tuple(items)), (
        f"split the text at {marks} dashes that mark a change of speaker; "
        "the turns have no speaker, as the source names none"
    )
