"""Clock times written into a transcript, turned into offsets from the first one.

A meeting or Zoom export stamps each turn with the time of day (`[Ana Ruiz] 19:00:25`),
not the time into the recording. Stored as they are, every passage would start 19 hours
in and no player could seek to it. A transcript whose first written time is an hour or
more in is read as clock time: every time becomes an offset from the first, and the
ingest report says so. Caption cues are left alone: an excerpt of a recording keeps its
real offsets, and caption times are offsets by definition.

Format-neutral: it sees only the Document.
"""

from __future__ import annotations

from dataclasses import replace

from transcripts.model import Document, Heading, Utterance
from transcripts.timecodes import format_timecode

# No recording's transcript starts an hour in; a clock reads past 1:00 most of the day.
CLOCK_START_MS = 60 * 60 * 1000
# Formats whose times are written by hand or by a tool into the text itself.
_WRITTEN_TIMES = frozenset({"txt", "md", "html"})


def rebase_clock_times(document: Document) -> tuple[Document, str | None]:
    """Return the document with clock times made offsets from the first, and the report line."""
    if document.format not in _WRITTEN_TIMES or document.unit != "paragraph":
        return document, None
    starts = [item.start_ms for item in document.items if item.start_ms is not None]
    if not starts or starts[0] < CLOCK_START_MS:
        return document, None
    first = starts[0]

    def moved(ms: int | None) -> int | None:
        return None if ms is None else max(0, ms - first)

    items: list[Utterance | Heading] = []
    for item in document.items:
        if isinstance(item, Utterance):
            items.append(replace(item, start_ms=moved(item.start_ms), end_ms=moved(item.end_ms)))
        else:
            items.append(replace(item, start_ms=moved(item.start_ms)))
    clock = format_timecode(first, always_hours=True).split(".")[0]
    return replace(document, items=tuple(items)), (
        f"read the times as clock times (the first is {clock}) and stored them as offsets from it"
    )
