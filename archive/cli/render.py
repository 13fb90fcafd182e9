"""Plain-text renderings of episodes and search results for the command line."""

from __future__ import annotations

import html
import re

import click

from archive.ingest.pipeline import AddResult
from archive.search.results import SearchResults
from transcripts.model import Episode
from transcripts.timecodes import format_clock
from transcripts.wording import plural

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


FORMAT_NAMES = {
    "vtt": "WebVTT",
    "srt": "SubRip",
    "json": "Podcasting 2.0 JSON",
    "html": "HTML",
    "md": "Markdown",
    "txt": "plain text",
}
_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with a byte-order mark"}


def ingest_report(result: AddResult) -> str:
    """Return what `add` found in a file and everything it inferred or forgave, for people."""
    episode = result.episode
    if episode is None or result.status != "added":
        return result.describe()
    source = episode.source
    encoding = _ENCODING_NAMES.get(source.encoding or "", source.encoding or "unknown encoding")
    people = ", ".join(p.name + (f" ({p.role})" if p.role else "") for p in episode.participants)
    origins = sorted({s.origin for s in episode.sections})
    sections = plural(len(episode.sections), "section")
    if origins:
        sections += f" ({' and '.join(origins)})"
    lines = [
        f'added {episode.id}: "{episode.title}"',
        f"  read      {result.path} as {FORMAT_NAMES.get(source.format, source.format)}, "
        f"{encoding}",
        f"  speakers  {people or 'none named'}",
        f"  found     {plural(len(episode.turns()), 'turn')}, "
        f"{plural(len(episode.passages), 'passage')}, {sections}",
    ]
    if episode.warnings:
        lines.append("  inferred or forgiven:")
        lines += [f"    - {warning}" for warning in episode.warnings]
    return "\n".join(lines)


def speaker_count(episode: Episode) -> int:
    """Return how many distinct named speakers an episode has."""
    return len({p.speaker for p in episode.passages if p.speaker})


def episode_row(episode: Episode) -> str:
    """Return one line describing an episode, for `list`."""
    show = f" ({episode.show})" if episode.show else ""
    date = episode.date or "----------"
    return f"{episode.id}  {date}  {episode.title}{show}  [{len(episode.passages)} passages]"


def episode_details(e: Episode) -> str:
    """Return an episode's metadata, participants, sections and counts, for `show`."""
    lines = [
        f"id:        {e.id}",
        f"title:     {e.title}",
        f"show:      {e.show or '-'}",
        f"date:      {e.date or '-'}",
        f"url:       {e.url or '-'}",
        f"audio:     {e.audio_url or '-'}",
        f"source:    {e.source.filename} ({e.source.format}, sha256 {e.source.sha256[:12]}…)",
        f"duration:  {format_clock(e.duration_ms) or '-'}",
        f"counts:    {len(e.passages)} passages, {len(e.turns())} turns, "
        f"{speaker_count(e)} speakers, {len(e.sections)} sections",
        "participants:",
        *(f"  {p.name}" + (f" ({p.role})" if p.role else "") for p in e.participants),
        *([] if e.participants else ["  (none)"]),
        "sections:",
        *(f"  {s.id}  {format_clock(s.start_ms) or '-':>8}  {s.title}" for s in e.sections),
        *([] if e.sections else ["  (none)"]),
    ]
    if e.warnings:
        lines += ["warnings:", *(f"  {w}" for w in e.warnings)]
    return "\n".join(lines)


def terminal_highlight(highlight: str, *, color: bool) -> str:
    """Turn a hit's HTML highlight into terminal text: bold marks, or **marks** in pipes."""
    parts = _MARK.split(highlight)
    out = []
    # split() with one group alternates: text, marked, text, marked, ...
    for i, part in enumerate(parts):
        text = html.unescape(part)
        if i % 2 == 0:
            out.append(text)
        else:
            out.append(click.style(text, bold=True, fg="yellow") if color else f"**{text}**")
    return "".join(out)


def search_report(results: SearchResults, *, color: bool) -> str:
    """Return the hits as text: speaker, episode, date, time, marked text and permalink."""
    shown = len(results.hits)
    if results.collapse:
        noun = "episode matches" if results.total == 1 else "episodes match"
        passages = plural(results.passages, "passage")
        lines = [f"{results.total} {noun} ({passages})"]
    else:
        noun = "passage matches" if results.total == 1 else "passages match"
        lines = [f"{results.total} {noun}"]
    if shown and shown < results.total:
        first = (results.page - 1) * results.page_size + 1
        last = first + shown - 1
        lines[0] += f" (showing {first}\u2013{last}, page {results.page} of {results.pages})"
    elif results.total and not shown:
        lines[0] += f" (page {results.page} is past the last page, {results.pages})"
    if results.suggestion:
        lines.append(f"did you mean: {results.suggestion}")
    for hit in results.hits:
        when = format_clock(hit.start_ms)
        where = ", ".join(x for x in (hit.show, hit.date) if x)
        heading = f"{hit.speaker or 'Unknown speaker'} \u2014 {hit.episode_title}"
        heading += f" [{when}]" if when else ""
        heading += f" ({where})" if where else ""
        text = terminal_highlight(hit.highlight, color=color)
        lines += ["", heading, f"  {text}", f"  {hit.url}"]
        if results.collapse and hit.episode_matches > 1:
            more = hit.episode_matches - 1
            lines.append(f"  +{more} more {'match' if more == 1 else 'matches'} in this episode")
    return "\n".join(lines)
