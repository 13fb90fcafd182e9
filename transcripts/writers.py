"""Episodes back into transcript files: WebVTT, SubRip, Markdown and plain text.

The writers are the readers' other half: what they write reads back into the same
speakers, passages, sections and times (the tests round-trip every format). WebVTT and
WebVTT is composed with webvtt-py; SubRip, Markdown and plain text use the conventions
our own readers accept.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator

from webvtt import Caption, WebVTT
from webvtt.models import Timestamp

from transcripts.errors import TranscriptError
from transcripts.model import Episode, Passage
from transcripts.timecodes import format_clock, format_timecode

# A passage with a start but no end (a timed paragraph) lasts until the next one starts;
# the last one is given this long per word, as speech runs at about two and a half words a
# second, and at least MIN_CUE_MS.
MS_PER_WORD = 400
MIN_CUE_MS = 2000


def to_vtt(episode: Episode) -> str:
    """Return the episode as WebVTT: one cue per passage, a voice span on every cue."""
    captions = [
        Caption(
            _stamp(start),
            _stamp(end),
            f"<v {_vtt_escape(speaker)}>{_vtt_escape(text)}" if speaker else _vtt_escape(text),
            identifier=passage.id,
        )  # fmt: skip
        for passage, start, end, speaker, text in _timed(episode)
    ]
    title = " ".join(episode.title.split())
    vtt = WebVTT(captions=captions, header_text=f"- {title}")
    return vtt.content


def to_srt(episode: Episode) -> str:
    """Return the episode as SubRip, with `Name:` at each change of speaker.

    SubRip is written here rather than by webvtt-py, whose captions drop anything shaped
    like a tag: speech such as "<laughs>" must survive the trip.
    """
    blocks = []
    previous: str | None = None
    for n, (_passage, start, end, speaker, text) in enumerate(_timed(episode), start=1):
        label = f"{speaker}: " if speaker and speaker != previous else ""
        times = f"{_srt_stamp(start)} --> {_srt_stamp(end)}"
        blocks.append(f"{n}\n{times}\n{label}{text}\n")
        previous = speaker
    return "\n".join(blocks)


def to_markdown(episode: Episode) -> str:
    """Return the episode as Markdown: front matter, `##` sections and `**Name:**` labels."""
    front = ["---", f"title: {_yaml_string(episode.title)}"]
    front += [f"{key}: {_yaml_string(value)}" for key, value in _metadata(episode)]
    lines = [*front, "---", ""]
    for heading, passage, labelled in _layout(episode):
        if heading is not None:
            lines += [f"## {heading}", ""]
        stamp = f"\\[{format_clock(passage.start_ms)}\\] " if passage.start_ms is not None else ""
        label = f"**{passage.speaker}:** " if labelled and passage.speaker else ""
        lines += [f"{label}{stamp}{_markdown_escape(passage.text)}", ""]
    return "\n".join(lines)


def to_text(episode: Episode) -> str:
    """Return the episode as plain text: `Name: text` paragraphs (Markdown keeps sections)."""
    lines = [f"Title: {episode.title}"]
    lines += [f"{key.capitalize()}: {value}" for key, value in _metadata(episode)]
    lines.append("")
    for _heading, passage, labelled in _layout(episode):
        stamp = f"[{format_clock(passage.start_ms)}] " if passage.start_ms is not None else ""
        label = f"{passage.speaker}: " if labelled and passage.speaker else ""
        lines += [f"{label}{stamp}{passage.text}", ""]
    return "\n".join(lines)


WRITERS: dict[str, Callable[[Episode], str]] = {
    "vtt": to_vtt,
    "srt": to_srt,
    "md": to_markdown,
    "txt": to_text,
}


def _timed(episode: Episode) -> Iterator[tuple[Passage, int, int, str | None, str]]:
    """Yield each passage with a start and an end, or raise if the transcript has no times.

    Untimed passages between two timed ones (a timed paragraph's continuations) share the
    gap in proportion to their words; after the last known time, speech runs at
    MS_PER_WORD.
    """
    passages = episode.passages
    if not any(p.start_ms is not None for p in passages):
        raise TranscriptError(
            f"episode {episode.id!r} has no times, so it cannot be written as captions; "
            "export it as md, txt or json instead"
        )
    starts = _spread_starts(passages)
    for i, passage in enumerate(passages):
        following = starts[i + 1] if i + 1 < len(passages) else None
        words = len(passage.text.split())
        end = passage.end_ms or following or starts[i] + max(MIN_CUE_MS, words * MS_PER_WORD)
        text = " ".join(passage.text.split())
        yield passage, starts[i], max(end, starts[i] + 1), passage.speaker, text


def _spread_starts(passages: tuple[Passage, ...]) -> list[int]:
    """Return a start for every passage, filling untimed ones from their neighbours."""
    words = [max(1, len(p.text.split())) for p in passages]
    starts: list[int] = []
    for i, passage in enumerate(passages):
        if passage.start_ms is not None:
            starts.append(passage.start_ms)
            continue
        if not starts:
            starts.append(0)
            continue
        # The run of untimed passages this one belongs to ends at the next known start.
        anchor = i - 1
        while anchor > 0 and passages[anchor].start_ms is None:
            anchor -= 1
        upcoming = next((p.start_ms for p in passages[i:] if p.start_ms is not None), None)
        previous_end = passages[i - 1].end_ms
        if upcoming is None or previous_end is not None:
            pace = MS_PER_WORD if previous_end is None else 0
            starts.append(previous_end or starts[-1] + words[i - 1] * pace)
            continue
        run_end = next(j for j in range(i, len(passages)) if passages[j].start_ms is not None)
        share = (upcoming - starts[anchor]) / sum(words[anchor:run_end])
        starts.append(starts[-1] + round(words[i - 1] * share))
    return starts


def _layout(episode: Episode) -> Iterator[tuple[str | None, Passage, bool]]:
    """Yield each passage with the section title that starts before it and whether to label it."""
    titles = {s.id: s.title for s in episode.sections}
    section: str | None = None
    turn: int | None = None
    for passage in episode.passages:
        heading = None
        if passage.section != section:
            section = passage.section
            heading = titles.get(section) if section else None
        # A new section restarts the label so each section reads on its own.
        labelled = passage.turn != turn or heading is not None
        turn = passage.turn
        yield heading, passage, labelled


def _metadata(episode: Episode) -> list[tuple[str, str]]:
    """Return the episode's metadata that a transcript file can carry, in a fixed order."""
    fields = (("date", episode.date), ("show", episode.show), ("language", episode.language))
    return [(key, value) for key, value in fields if value]


def _srt_stamp(ms: int) -> str:
    """Return a SubRip timestamp (comma before the milliseconds) for milliseconds."""
    return format_timecode(ms, always_hours=True, sep=",")


def _stamp(ms: int) -> str:
    """Return a WebVTT timestamp for milliseconds."""
    return str(Timestamp.from_seconds(ms / 1000))


def _vtt_escape(text: str) -> str:
    """Escape the three characters WebVTT cue text reserves."""
    return html.escape(text, quote=False)


def _markdown_escape(text: str) -> str:
    """Escape a paragraph's opening that Markdown would read as a heading or a list."""
    return "\\" + text if text[:1] in "#>-+*" else text


def _yaml_string(value: str) -> str:
    """Quote a front-matter value the way YAML wants it."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
