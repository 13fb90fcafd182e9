"""What is indexed for a passage: one engine-neutral document per passage, from the store.

Every engine receives these documents (archive.engines.base) and stores the fields of
STORED_FIELDS as they are; the words of `spoken` (the passage's `text` with its stage
directions, `[laughs]`, blanked out: transcripts.stage_directions), the speaker's names,
the show, the section title and the episode's id and title are what it makes
searchable, analysed by archive.query.words. An engine may add fields of its own (sort
keys, say) but never changes these.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date as Date
from typing import Any

from archive.store.registry import Registry
from transcripts.model import Episode
from transcripts.stage_directions import spoken_text


def date_number(value: str | Date | None) -> int | None:
    """Return a date as the integer yyyymmdd, or None if it is missing or not a full date."""
    if value is None:
        return None
    if isinstance(value, Date):
        return value.year * 10000 + value.month * 100 + value.day
    try:
        parsed = Date.fromisoformat(value[:10])
    except ValueError:
        return None
    return parsed.year * 10000 + parsed.month * 100 + parsed.day


def speaker_names(episode: Episode, speaker: str, people: Registry | None = None) -> list[str]:
    """Return every name a passage's speaker goes by: the name, then any aliases.

    Every name is searchable, so a `speaker:` filter finds a person by any name the
    registry knows for them; a registry change re-indexes their episodes.
    """
    names = [speaker]
    participant = episode.participant(speaker)
    person = people.person(speaker) if people is not None else None
    aliases = [*(getattr(participant, "aliases", None) or ()), *(person.names if person else ())]
    for alias in aliases:
        if alias and alias not in names:
            names.append(alias)
    return names


def episode_documents(episode: Episode, people: Registry | None = None) -> Iterator[dict[str, Any]]:
    """Yield the document of every passage of an episode, speakers resolved by `people`.

    A value that is unknown is left out, never stored as None.
    """
    people = people if people is not None else Registry()
    section_titles = {s.id: s.title for s in episode.sections}
    day = date_number(episode.date)
    for order, passage in enumerate(episode.passages, start=1):
        doc: dict[str, Any] = {
            "passage_id": passage.id,
            "episode_id": episode.id,
            "order": order,
            "text": passage.text,
            # What is searched: the same length as `text`, so offsets into one are
            # offsets into the other (the very same string when it has no stage notes).
            "spoken": spoken_text(passage.text),
            "episode_title": episode.title,
            "date_str": episode.date,
            "section_id": passage.section,
        }
        if episode.audio_url:
            doc["audio_url"] = episode.audio_url
        if passage.speaker:
            doc["speaker_names"] = speaker_names(episode, passage.speaker, people)
            resolved = people.resolve(passage.speaker)
            doc["speaker_name"] = resolved.name
            doc["speaker_written"] = passage.speaker
            doc["speaker_id"] = resolved.id
        if episode.show:
            doc["show_name"] = episode.show
        title = section_titles.get(passage.section) if passage.section else None
        if title:
            doc["section_title"] = title
        if day is not None:
            doc["date"] = day
        if episode.date and episode.date[:4].isdigit():
            doc["year"] = episode.date[:4]
        if passage.start_ms is not None:
            doc["start_ms"] = passage.start_ms
        if passage.end_ms is not None:
            doc["end_ms"] = passage.end_ms
        yield doc
