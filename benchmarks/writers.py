"""Write a generated episode as the files Verbatim reads: WebVTT, Podcasting 2.0 JSON, chapters."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generate import Episode


def _timestamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def to_vtt(episode: Episode) -> str:
    """Return the episode as WebVTT: caption-sized cues, `<v Name>` only at speaker changes."""
    lines = [f"WEBVTT - {episode.title}", ""]
    last_turn = -1
    for sentence in episode.sentences:
        words = sentence.text.split()
        # Caption lines hold about 12 words: split each sentence into even cues.
        pieces = math.ceil(len(words) / 12)
        span = sentence.end_ms - sentence.start_ms
        for i in range(pieces):
            chunk = words[i * len(words) // pieces : (i + 1) * len(words) // pieces]
            start = sentence.start_ms + span * i // pieces
            end = sentence.start_ms + span * (i + 1) // pieces
            voice = f"<v {sentence.speaker}>" if sentence.turn != last_turn else ""
            last_turn = sentence.turn
            lines += [f"{_timestamp(start)} --> {_timestamp(end)}", voice + " ".join(chunk), ""]
    return "\n".join(lines)


def to_podcast_json(episode: Episode) -> str:
    """Return the episode as Podcasting 2.0 JSON with one segment per sentence."""
    segments = [
        {
            "speaker": s.speaker,
            "startTime": s.start_ms / 1000,
            "endTime": s.end_ms / 1000,
            "body": s.text,
        }
        for s in episode.sentences
    ]
    # One segment per line: readable, and far smaller than an indented dump.
    body = ",\n".join(json.dumps(segment, ensure_ascii=False) for segment in segments)
    return '{"version": "1.0.0", "segments": [\n' + body + "\n]}\n"


def to_chapters_json(episode: Episode) -> str:
    """Return the episode's chapters as a Podcasting 2.0 chapters file."""
    chapters = [{"startTime": ms / 1000, "title": title} for ms, title in episode.chapters]
    return json.dumps({"version": "1.2.0", "chapters": chapters}, indent=1) + "\n"
