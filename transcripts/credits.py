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
# A credit is a line or two; a longer cue that mentions a website is somebody talking.
_MAX_CREDIT_WORDS = 14
# Credits sit among the first and last few cues; in the middle the same words are speech.
_EDGE_CUES = 4
# Title cards are a few words in capitals; "OK" or "TV" alone is just an abbreviation.
_MIN_CARD_LETTERS = 6


def is_credit(text: str) -> bool:
    """Return whether a cue's text is a subtitle site's advert or a subtitler's credit."""
    return len(text.split()) <= _MAX_CREDIT_WORDS and _CREDIT.search(text) is not None


def drop_credits(cues: Sequence[Cue], text_of: Callable[[Cue], str]) -> tuple[list[Cue], list[str]]:
    """Drop credit cues among the first and last few cues; return the rest and a warning."""
    edges = set(range(min(_EDGE_CUES, len(cues)))) | set(
        range(max(0, len(cues) - _EDGE_CUES), len(cues))
    )
    dropped = [index for index in sorted(edges) if is_credit(text_of(cues[index]))]
    if not dropped:
        return list(cues), []
    counts = Counter(" ".join(text_of(cues[index]).split()) for index in dropped)
    listed = "; ".join(
        f"“{text}”" + (f" ({count} times)" if count > 1 else "") for text, count in counts.items()
    )
    kept = [cue for index, cue in enumerate(cues) if index not in set(dropped)]
    return kept, [
        f"dropped {plural(len(dropped), 'cue')} of subtitle-site advertising or credits: {listed}"
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
