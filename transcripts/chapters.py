"""Chapters from a separate file (Podcasting 2.0 chapters JSON) as an episode's sections."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from transcripts.errors import TranscriptError
from transcripts.model import Document, Heading, Utterance


def apply_chapters(document: Document, chapters: Sequence[Heading], *, name: str) -> Document:
    """Return the document with `chapters` as its headings, each placed by its start time.

    Chapters replace any headings the transcript had: an archivist who hands over a
    chapters file means those to be the sections. A chapter starts at the first
    utterance that begins at or after its time, so it may split a speaker's turn.
    """
    utterances = document.utterances
    if not chapters:
        raise TranscriptError(f"{name} holds no chapters with a title and a start time")
    if not any(u.start_ms is not None for u in utterances):
        raise TranscriptError(
            f"{name}: chapters need a timed transcript, and this one has no times; "
            "add the transcript without --chapters, or as WebVTT, SubRip or JSON"
        )
    pending = sorted(chapters, key=_start)
    items: list[Utterance | Heading] = []
    placed = 0
    for utterance in utterances:
        start = utterance.start_ms
        # An untimed line stays in the chapter it follows.
        while start is not None and placed < len(pending) and _start(pending[placed]) <= start:
            items.append(pending[placed])
            placed += 1
        items.append(utterance)
    late = len(pending) - placed
    notes = [f"took {len(pending) - late} sections from the chapters file {name}"]
    if late:
        notes.append(f"ignored {late} chapters that start after the transcript ends")
    replaced = sum(isinstance(item, Heading) for item in document.items)
    if replaced:
        notes.append(f"the chapters replace the transcript's own {replaced} headings")
    return replace(document, items=tuple(items), warnings=(*document.warnings, *notes))


def _start(chapter: Heading) -> int:
    """Return a chapter's start in milliseconds; a chapter without one starts at zero."""
    return chapter.start_ms or 0
