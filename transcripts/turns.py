"""Utterances into speaker turns, sections and citable passages.

Turns count from 1. A heading starts a new section and also ends the turn in progress,
so every turn (and every passage) lies inside one section. Passages before the first
heading have section None. A long document without headings gets topic sections inferred
from its text (see `transcripts.sections`); a short one has no sections.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePath

from transcripts.clock_times import rebase_clock_times
from transcripts.dash_turns import split_dash_turns
from transcripts.echoed_labels import strip_echoed_labels
from transcripts.model import (
    Document,
    Episode,
    Heading,
    Participant,
    Passage,
    Section,
    Source,
    Utterance,
)
from transcripts.question_turns import mark_question_turns
from transcripts.repeats import drop_repeated_copy
from transcripts.sections import infer_sections
from transcripts.speakers import SpeakerResolver
from transcripts.unlabelled import attribute_interview, looks_like_unlabelled_interview
from transcripts.unread_labels import accept_labels, unread_report

# Paragraph sources: split a paragraph longer than this at sentence ends.
MAX_PARAGRAPH_WORDS = 250
# Cue sources: a passage may end at a sentence once past the soft limits,
# and must end before passing the hard ones.
SOFT_PASSAGE_MS = 30_000
HARD_PASSAGE_MS = 60_000
SOFT_PASSAGE_WORDS = 75
HARD_PASSAGE_WORDS = 150
# Any source: no passage is longer than this many characters. Word counts alone let a
# line without spaces (Chinese prose, a pasted blob) become one passage as long as the
# file, which the index then held several times over. The longest passage of any
# corpus or fixture file is about 1,600 characters.
MAX_PASSAGE_CHARS = 4_000
# Where a too-long passage may be cut, last choice first: after a space or a sentence end.
_CUT_AFTER = (" ", "。", "！", "？", ".", "!", "?")

# A sentence ends at . ! ? or … possibly followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def build_episode(
    document: Document,
    *,
    episode_id: str,
    source: Source,
    title: str | None = None,
    show: str | None = None,
    date: str | None = None,
    url: str | None = None,
    audio_url: str | None = None,
    hosts: Sequence[str] = (),
    guests: Sequence[str] = (),
    labels: Sequence[str] = (),
) -> Episode:
    """Build the normalised episode from a document.

    A scraped interview with no speaker labels is first attributed to its host and guest
    from its structure (see `transcripts.unlabelled`). `labels` are label-shaped lines the
    readers could not read as labels that the caller says are labels (see
    `transcripts.unread_labels`).
    """
    document, repeated = drop_repeated_copy(document)
    document, not_found = accept_labels(document, labels)
    document, clock = rebase_clock_times(document)
    document, echoed = strip_echoed_labels(document)
    document, dashes = split_dash_turns(document)
    document, questions = mark_question_turns(document)
    if looks_like_unlabelled_interview(document):
        document = attribute_interview(document, hosts=hosts, guests=guests)
    hosts = tuple(hosts) or _named(document, "host")
    guests = tuple(guests) or _named(document, "guest")
    labels = [u.speaker for u in document.utterances if u.speaker]
    resolver = SpeakerResolver(hosts, guests, labels=labels)
    sections: list[Section] = []
    runs: list[tuple[str | None, str | None, list[Utterance]]] = []  # (speaker, section, cues)
    section_id: str | None = None
    new_run = True
    for item in document.items:
        if isinstance(item, Heading):
            section_id = f"s{len(sections) + 1}"
            sections.append(Section(id=section_id, title=item.title, start_ms=item.start_ms))
            new_run = True
            continue
        speaker = resolver.canonical(item.speaker)
        # A turn opened by an unread label is nobody's, and not the unlabelled turn's before.
        unread = item.unread_label
        if (
            new_run
            or item.opens_turn
            or runs[-1][0] != speaker
            or runs[-1][2][-1].unread_label != unread
        ):
            runs.append((speaker, section_id, []))
            new_run = False
        runs[-1][2].append(item)

    passages: list[Passage] = []
    for turn, (speaker, section, utterances) in enumerate(runs, start=1):
        if document.unit == "cue":
            chunks = _group_cues(utterances)
        else:
            chunks = [chunk for u in utterances for chunk in _split_paragraph(u)]
        for text, start_ms, end_ms in _bounded(chunks):
            passages.append(
                Passage(
                    id=f"{episode_id}.{len(passages) + 1}",
                    turn=turn,
                    speaker=speaker,
                    section=section,
                    start_ms=start_ms,
                    end_ms=end_ms,
                    text=text,
                )
            )

    speakers = list(dict.fromkeys(p.speaker for p in passages if p.speaker is not None))
    warnings = [*document.warnings, *resolver.warnings]
    if repeated is not None:
        warnings.append(repeated)
    warnings += [line for line in (clock, echoed, dashes, questions) if line is not None]
    if (unread := unread_report(document)) is not None:
        warnings.append(unread)
    warnings += [f"--label {label!r} matches no line of the source" for label in not_found]
    for person in resolver.silent(speakers):
        warnings.append(f"{person.role} {person.name!r} was given but no speaker label matches")
    episode_sections = _time_sections(sections, passages)
    if not sections:
        # Source sections (headings, chapters) always win; only a source without any gets
        # topic sections inferred from its text, and only when it is long.
        inferred, assigned = infer_sections(
            passages,
            hosts=[name for name in speakers if resolver.role(name) == "host"],
            names=[*speakers, *hosts, *guests],
        )
        if inferred:
            episode_sections, passages = list(inferred), list(assigned)
            warnings.append(
                f"inferred {len(inferred)} topic sections from the text (the source has none)"
            )
    return Episode(
        id=episode_id,
        title=title or document.title or _humanise(source.filename) or episode_id,
        source=source,
        passages=tuple(passages),
        participants=tuple(Participant(name, resolver.role(name)) for name in speakers),
        sections=tuple(episode_sections),
        show=show,
        date=date or document.date,
        url=url,
        audio_url=audio_url,
        language=document.language,
        warnings=tuple(warnings),
    )


def _group_cues(cues: list[Utterance]) -> list[tuple[str, int | None, int | None]]:
    """Group one turn's cues into passages of about 30-60 s or 75-150 words."""
    groups: list[list[Utterance]] = []
    current: list[Utterance] = []
    words = 0
    for cue in cues:
        cue_words = len(cue.text.split())
        if current and (
            _span_ms(current[0], cue) > HARD_PASSAGE_MS or words + cue_words > HARD_PASSAGE_WORDS
        ):
            groups.append(current)
            current, words = [], 0
        current.append(cue)
        words += cue_words
        long_enough = _span_ms(current[0], cue) >= SOFT_PASSAGE_MS or words >= SOFT_PASSAGE_WORDS
        if long_enough and _SENTENCE_END.search(cue.text):
            groups.append(current)
            current, words = [], 0
    if current:
        groups.append(current)
    return [
        (" ".join(" ".join(c.text for c in group).split()), group[0].start_ms, group[-1].end_ms)
        for group in groups
    ]


def _bounded(
    chunks: list[tuple[str, int | None, int | None]],
) -> list[tuple[str, int | None, int | None]]:
    """Cut any chunk longer than MAX_PASSAGE_CHARS into pieces that are not."""
    out: list[tuple[str, int | None, int | None]] = []
    for text, start_ms, end_ms in chunks:
        if len(text) <= MAX_PASSAGE_CHARS:
            out.append((text, start_ms, end_ms))
            continue
        pieces = _cut(text)
        for index, piece in enumerate(pieces):
            first, last = index == 0, index == len(pieces) - 1
            out.append((piece, start_ms if first else None, end_ms if last else None))
    return out


def _cut(text: str) -> list[str]:
    """Cut text into pieces of at most MAX_PASSAGE_CHARS, at a space or sentence end if any."""
    pieces: list[str] = []
    at = 0
    while len(text) - at > MAX_PASSAGE_CHARS:
        end = at + MAX_PASSAGE_CHARS
        cut = max(text.rfind(mark, at + MAX_PASSAGE_CHARS // 2, end) for mark in _CUT_AFTER)
        end = cut + 1 if cut >= 0 else end
        pieces.append(text[at:end].strip())
        at = end
    pieces.append(text[at:].strip())
    return [piece for piece in pieces if piece]


def _span_ms(first: Utterance, last: Utterance) -> int:
    """Return the time from the first cue's start to the last cue's end (0 when untimed)."""
    if first.start_ms is None or last.end_ms is None:
        return 0
    return last.end_ms - first.start_ms


def _split_paragraph(paragraph: Utterance) -> list[tuple[str, int | None, int | None]]:
    """Split a long paragraph at sentence ends into passages of at most ~250 words."""
    words = paragraph.text.split()
    if len(words) <= MAX_PARAGRAPH_WORDS:
        return [(" ".join(words), paragraph.start_ms, paragraph.end_ms)]
    # Aim for even pieces so a 260-word paragraph does not leave a 10-word stub.
    pieces = -(-len(words) // MAX_PARAGRAPH_WORDS)
    target = len(words) / pieces
    chunks: list[list[str]] = [[]]
    for word in words:
        chunk = chunks[-1]
        if len(chunk) >= MAX_PARAGRAPH_WORDS:
            chunks.append([])  # one endless sentence: cut it rather than keep it whole
            chunk = chunks[-1]
        chunk.append(word)
        if len(chunk) >= target and _SENTENCE_END.search(word):
            chunks.append([])
    chunks = [chunk for chunk in chunks if chunk]
    # Every piece is said after the paragraph starts, so its start is where a player seeks
    # to hear it (and a citation's range holds it); only the last piece is known to end.
    return [
        (
            " ".join(chunk),
            paragraph.start_ms,
            paragraph.end_ms if index == len(chunks) - 1 else None,
        )
        for index, chunk in enumerate(chunks)
    ]


def _time_sections(sections: list[Section], passages: list[Passage]) -> list[Section]:
    """Give an untimed heading the start of its first timed passage."""
    timed: list[Section] = []
    for section in sections:
        start_ms = section.start_ms
        if start_ms is None:
            start_ms = next(
                (
                    p.start_ms
                    for p in passages
                    if p.section == section.id and p.start_ms is not None
                ),
                None,
            )
        timed.append(Section(section.id, section.title, start_ms, section.origin))
    return timed


def _humanise(filename: str) -> str:
    """Turn a file name like `harbour-lights_ep04.vtt` into `Harbour lights ep04`."""
    stem = PurePath(filename).stem if filename else ""
    words = " ".join(re.split(r"[-_.\s]+", stem)).strip()
    return words[:1].upper() + words[1:]


def _named(document: Document, role: str) -> tuple[str, ...]:
    """Return the people the source itself names in this role."""
    return tuple(p.name for p in document.participants if p.role == role)
