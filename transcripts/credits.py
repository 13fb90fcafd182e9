"""Credit lines nobody said: subtitle sites' adverts and credits, title cards.

Format-neutral: it sees the text of cues, segments or paragraphs, whichever format they
came from, and the readers decide nothing about it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

from transcripts.captions import excerpt
from transcripts.model import Utterance
from transcripts.wording import plural

Cue = TypeVar("Cue")

# Fan-subtitle sites stamp their name and their volunteers' on the first and last cues.
_CREDIT = re.compile(
    r"\b(?:downloaded\s+from|subtitles?\s+(?:by|from)|subtitled\s+by|sync\w*\s+by"
    r"|sync\w*\s+(?:and|&)\s+correct\w*\s+by|correct\w*\s+by|ripped\s+by|encoded\s+by"
    r"|translat\w*\s+by|caption\w*\s+by|transcribed\s+by|opensubtitles|allsubs|addic7ed"
    r"|subscene|podnapisi|www\.[\w-]+\.(?:org|com|net|tv)|advertise\s+your\s+product"
    r"|become\s+a?\s*vip\s+member)",
    re.IGNORECASE,
)
# Transcription services sign the end of an export; nobody said it.
_TOOL_FOOTER = re.compile(r"^transcribed\s+by\s+(?:https?://)?(?:www\.)?otter\.ai\S*$", re.I)
# A credit is a line or two; a longer cue that mentions a website is somebody talking.
_MAX_CREDIT_WORDS = 14
# Credits sit among the first and last few cues; in the middle the same words are speech.
_EDGE_CUES = 4
# Title cards are a few words in capitals; "OK" or "TV" alone is just an abbreviation.
_MIN_CARD_LETTERS = 6


def is_credit(text: str) -> bool:
    """Return whether a cue's text is a subtitle site's advert or a subtitler's credit."""
    return len(text.split()) <= _MAX_CREDIT_WORDS and _CREDIT.search(text) is not None


def tool_footer(text: str) -> str | None:
    """Return the service whose export footer a line is (`Transcribed by https://otter.ai`)."""
    return "Otter" if _TOOL_FOOTER.match(" ".join(text.split())) else None


def footer_report(tool: str, count: int = 1) -> str:
    """Return the report line for a tool's export footers left out of the speech."""
    lines = "credit line" if count == 1 else f"{count} credit lines"
    return f"left out {tool}'s 'Transcribed by' {lines}"


def edge_credits(texts: Sequence[str]) -> list[int]:
    """Return the indexes of credits among the first and last few of a file's texts.

    Pass "" for a text that may not be one (a labelled paragraph, a heading).
    """
    edges = set(range(min(_EDGE_CUES, len(texts)))) | set(
        range(max(0, len(texts) - _EDGE_CUES), len(texts))
    )
    return [index for index in sorted(edges) if texts[index] and is_credit(texts[index])]


def drop_credits(
    cues: Sequence[Cue], text_of: Callable[[Cue], str], *, unit: str = "cue"
) -> tuple[list[Cue], list[str]]:
    """Drop credits among the first and last few cues; return the rest and a warning."""
    dropped = edge_credits([text_of(cue) for cue in cues])
    if not dropped:
        return list(cues), []
    counts = Counter(" ".join(text_of(cues[index]).split()) for index in dropped)
    listed = "; ".join(
        f"“{text}”" + (f" ({count} times)" if count > 1 else "") for text, count in counts.items()
    )
    kept = [cue for index, cue in enumerate(cues) if index not in set(dropped)]
    return kept, [
        f"dropped {plural(len(dropped), unit)} of subtitle-site advertising or credits: {listed}"
    ]


def title_cards(utterances: Sequence[Utterance]) -> list[str]:
    """Return a warning about cues written in capitals, which may be on-screen titles."""
    cards = [u.text for u in utterances if _in_capitals(u.text)]
    if not cards or len(cards) > len(utterances) / 2:
        # Most cues in capitals: the captioner writes everything so (broadcast captions).
        return []
    what = "it may be an on-screen title" if len(cards) == 1 else "they may be on-screen titles"
    return [
        f"kept {plural(len(cards), 'cue')} in capital letters as text; {what} rather than "
        f"speech (first: {excerpt(cards[0])})"
    ]


def _in_capitals(text: str) -> bool:
    """Return whether text has a few words and every cased letter in it is a capital."""
    letters = [ch for ch in text if ch.isalpha()]
    cased = [ch for ch in letters if ch.isupper() or ch.islower()]
    return (
        not text.startswith(("[", "("))  # "[MUSIC PLAYING]" is a sound, not a title
        and len(text.split()) >= 2
        and len(cased) >= _MIN_CARD_LETTERS
        and all(ch.isupper() for ch in cased)
    )
