"""Stage directions: `[laughs]`, `(Applause)`, `[inaudible 00:12:03]`, `[Dan chuckles]`.

A transcript keeps what the transcriber wrote about the sound of the room in the text, in
brackets or parentheses. They stay in a passage's text as written, but nobody said them:
search, highlighting and the quote checker read a passage without them, and the site
marks them. One list of the words they are made of serves the speaker-label readers too,
so that `[Laughter]` or `Applause:` is never taken for a person.

Conservative on purpose: a bracketed note is a stage direction only if every word of it
is a known sound word, a word that qualifies one ("softly", "both", "audience",
"continues"), a timecode, or a name opening it (`[Dan chuckles]`). `(I think)` is speech.

Imports nothing of Verbatim's.
"""

from __future__ import annotations

import re

# The sounds a transcriber notes, as written alone in brackets ("[Laughter]", "[MÚSICA]").
# Shared with the speaker readers: none of these is ever a speaker's name.
STAGE_WORDS = frozenset(
    {
        "applause", "applauds", "applauding", "clapping", "claps", "cheering", "cheers",
        "booing", "boos", "laugh", "laughs", "laughed", "laughing", "laughter", "chuckle",
        "chuckles", "chuckling", "giggles", "giggling", "sigh", "sighs", "sighing", "cough",
        "coughs", "coughing", "sniffs", "sniffles", "gasps", "groans", "exhales", "inhales",
        "crying", "cries", "sobs", "yawns", "crosstalk", "cross talk", "overlapping",
        "overtalk", "inaudible", "indistinct", "unintelligible", "music", "singing", "sings",
        "jingle", "silence", "pause", "pauses", "long pause", "static", "beep", "beeps",
        "noise", "background noise", "foreign", "blank_audio", "blank audio", "no audio",
        "intro", "outro", "phone", "telephone", "phone rings", "phone ringing", "door",
        "clears throat", "clears his throat", "clears her throat", "clears their throat",
        "música", "aplausos", "risas", "risita", "ríe", "ríen", "riendo", "suspira", "llora",
        "solloza", "vítores", "silencio", "ruido", "sonido", "teléfono",
        "musique", "rires", "applaudissements", "soupir",
    }
)  # fmt: skip

# Words that qualify a sound without being speech: "laughs softly", "audience applauds",
# "music continues", "laughter and applause".
_QUALIFIERS = frozenset(
    {
        "softly", "quietly", "loudly", "nervously", "awkwardly", "lightly", "briefly",
        "heavily", "long", "brief", "slight", "light", "soft", "loud", "nervous", "awkward",
        "big", "both", "all", "everyone", "audience", "crowd", "together", "and", "with",
        "in", "background", "upbeat", "dramatic", "gentle", "playing", "plays", "continues",
        "continuing", "fades", "fading", "out", "up", "starts", "ends", "stops", "theme",
        "again", "more", "at", "speaking", "people", "speakers", "the", "a", "y", "suavemente",
    }
)  # fmt: skip
_LONGEST_WORD = max(len(phrase.split()) for phrase in STAGE_WORDS)
# A note with more words than this reads as an aside, whatever its words.
_MAX_WORDS = 6
# Pronouns a speaker says of themselves: "(I laugh)" is the speaker talking, not a note.
_NOT_NAMES = frozenset({"i", "we"})

# One bracketed or parenthesised note on one line, brackets matched.
_NOTE = re.compile(r"\[(?P<square>[^\[\]\n]{1,80})\]|\((?P<round>[^()\n]{1,80})\)")
# `00:12:03`, `12:03`, `1:02:03.5`: when something was inaudible, in the note itself.
_TIMECODE = re.compile(r"\b\d{1,2}(?::\d{2}){1,2}(?:[.,]\d+)?\b")
_SEPARATORS = re.compile(r"[\s,;/&+–—-]+")
_MUSIC_NOTES = re.compile(r"^[♪♫♬]+$")
_END_PUNCTUATION = ".!?…"


def _is_name(word: str) -> bool:
    return word[:1].isupper() and word.isalpha() and word.casefold() not in _NOT_NAMES


def _sound_at(folded: list[str], index: int) -> int:
    """Return how many words from `index` make one sound word or phrase (0 if none)."""
    for size in range(min(_LONGEST_WORD, len(folded) - index), 0, -1):
        if " ".join(folded[index : index + size]) in STAGE_WORDS:
            return size
    return 0


def is_stage_note_text(note: str) -> bool:
    """Return whether the words inside one pair of brackets are a stage direction."""
    note = _TIMECODE.sub(" ", note.strip().rstrip(_END_PUNCTUATION))
    words = [word for word in _SEPARATORS.split(note) if word]
    if not words or len(words) > _MAX_WORDS:
        return False
    folded = [word.casefold() for word in words]
    index = 0
    # "[Dan chuckles]", "(Ana Ruiz laughs)": who makes the sound may open the note.
    while index < min(2, len(words) - 1) and _is_name(words[index]):
        if _sound_at(folded, index) or folded[index] in _QUALIFIERS:
            break
        index += 1
    sound = False
    while index < len(folded):
        size = _sound_at(folded, index)
        if size:
            sound, index = True, index + size
            continue
        if _MUSIC_NOTES.match(folded[index]):
            sound = True
        elif folded[index] not in _QUALIFIERS:
            return False
        index += 1
    return sound


def stage_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Return the (start, end) character offsets of every stage direction in `text`.

    Each span runs from the opening bracket to the closing one, so `text[start:end]`
    is the note as written, `[laughs]` or `(Applause)`.
    """
    if "[" not in text and "(" not in text:
        return ()
    return tuple(
        match.span()
        for match in _NOTE.finditer(text)
        if is_stage_note_text(match["square"] or match["round"])
    )


def spoken_text(text: str) -> str:
    """Return `text` with its stage directions blanked out by spaces, offsets unchanged.

    "I was [laughs] there" reads as "I was          there": the words said are the
    same words at the same offsets, so a phrase runs across the note and a highlight
    of the spoken words lands on the stored text.
    """
    spans = stage_spans(text)
    if not spans:
        return text
    pieces, cursor = [], 0
    for start, end in spans:
        pieces += [text[cursor:start], " " * (end - start)]
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)
