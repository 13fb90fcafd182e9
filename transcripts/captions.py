"""Recognise lines of a scraped page that are not speech: photo captions, credits, page chrome.

A web page turned into plain text keeps everything that was on the page: the caption and
credit under each photo, the site's logo and share buttons, the blurb about the publisher.
These functions look at one paragraph (and, for bare names, at its neighbours) and say
which kind of non-speech it is. They only recognise; deciding what to drop, and whether a
short line is a section heading instead, needs the interview's structure and is left to
`transcripts.unlabelled`.

Public API:
- `is_photo_caption(text, neighbours=...)`: a caption or credit under a picture.
- `is_page_boilerplate(text)`: site chrome such as "... logo", "Social Links", "Share this".
- `is_organisation_blurb(text)`: an "about us" paragraph, trusted only in a page's footer.
- `is_bare_line(text)`: a short line without sentence punctuation (a title, a name, a label).
- `is_name_line(text)`: a bare line made only of people's names ("A B", "A B and C D").
- `excerpt(text)`: the first few words of a paragraph, for warnings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Captions are a sentence or two; a speech paragraph that merely mentions a photo is longer.
_MAX_CAPTION_WORDS = 90
# The same limits in characters, checked first: a paragraph without spaces (a pasted
# blob, Chinese prose) is one "word" however long, and the caption patterns are costly.
_MAX_CAPTION_CHARS = _MAX_CAPTION_WORDS * 16
_MAX_BARE_WORDS = 8
_MAX_BARE_CHARS = 70
_MAX_BOILERPLATE_WORDS = 10
_MAX_BOILERPLATE_CHARS = _MAX_BOILERPLATE_WORDS * 16

# The copyright sign only ever appears in credits; "(c)" is too ambiguous on its own.
_COPYRIGHT = re.compile(r"©")
# Agency credits: "AFP/Jane Doe", "EPA-EFE/JOHN DOE", "Reuters / ...", "Getty Images".
_AGENCY_CREDIT = re.compile(
    r"\b(?:AFP|AP|EPA(?:-EFE)?|Reuters|Xinhua|Anadolu|Shutterstock|Alamy)\s*/\s*\w"
    r"|\bGetty Images\b|\bAP Photo\b"
)
# How captions describe a picture: "This picture taken on ... shows", "(Photo: ...)".
_CAPTION_PHRASE = re.compile(
    r"\b(?:picture|photo|photograph|image|screenshot)s? taken (?:on|in|at|by|during)\b"
    r"|\b(?:this|the) (?:picture|photo|photograph|image)s? (?:shows|showing)\b"
    r"|\b(?:picture|photo|photograph|image)s? courtesy of\b"
    r"|\((?:photos?|pictures?|images?|credits?|source|courtesy)\s*:"
    r"|^(?:photos?|pictures?|images?|credits?|photograph)\s*(?::|by\b)"
    r"|\((?:pictured|above|below)\)|\bpictured (?:above|below|left|right|here)\b",
    re.IGNORECASE,
)
# Position markers name who stands where in a photo: "Jane Doe (C), minister, arrives".
_POSITION_MARKER = re.compile(
    r"\b[A-Z][\w'’-]*\s+\((?:C|L|R|L-R|R-L|centre|center|left|right|front|back)\)",
)

# Site chrome: the whole (short) line is one of these.
_BOILERPLATE_LINE = re.compile(
    r"^(?:"
    r".{0,40}\blogo|social(?: media)? links?|follow us(?: on \w+)?"
    r"|share(?: this)?(?: (?:post|article|page|story|episode))?|share on \w+|tweet|print"
    r"|e-?mail|newsletter|related(?: posts?| articles?| stories| episodes?)?"
    r"|read more(?:\s*:.*)?|leave a (?:reply|comment)|comments?|\d+ (?:comments?|responses?)"
    r"|tags?\s*:.*|categor(?:y|ies)\s*:.*|posted (?:in|on|by)\b.*|filed under\b.*"
    r"|advertisement|skip to (?:main )?content|back to top|menu|home|search"
    r"|privacy policy|terms(?: of use| and conditions)?|cookies?(?: policy| settings)?"
    r"|copyright\s*(?:©|\(c\)|\d{4}).*|.*\ball rights reserved\b.*"
    r"|listen on \w+.*|download (?:the )?(?:episode|mp3|transcript)\b.*"
    r")[.:!]?$",
    re.IGNORECASE,
)
# An "about us" blurb talks about an organisation's founding, mission or members.
_BLURB = re.compile(
    r"\b(?:was|were|is|has been) (?:founded|established|formed|created|set up|launched)\b"
    r"|\bour (?:mission|vision|founding members|members|supporters|work)\b"
    r"|\bnon-?profit\b|\bregistered charity\b",
    re.IGNORECASE,
)
# A blurb is written about the organisation, never from a speaker to a listener.
_SPEAKER_VOICE = re.compile(r"\b(?:I|I'm|I’m|me|my|you|your)\b")

_SENTENCE_END = tuple('.!?…;:"”’)')
# Short replies that carry no full stop in sloppy transcripts but are speech, not labels.
_REPLIES = frozenset(
    {"yes", "no", "yeah", "yep", "nope", "sure", "right", "okay", "ok", "exactly", "indeed",
     "absolutely", "definitely", "of course", "thanks", "thank you", "mm", "hmm", "uh-huh"}
)  # fmt: skip
# Lowercase words allowed inside a person's name ("Ana de la Cruz", "Jan van Dijk").
_PARTICLES = frozenset({"al", "bin", "binti", "da", "de", "del", "der", "di", "du", "el", "la",
                        "le", "van", "von", "y", "zu"})  # fmt: skip
_NAME_JOINERS = re.compile(r"\s*(?:,|&|\band\b|\bwith\b)\s*")


def _words(text: str) -> list[str]:
    return text.split()


def is_photo_caption(text: str, *, neighbours: Sequence[str] = ()) -> bool:
    """Return whether a paragraph is a photo caption or credit rather than speech.

    A caption is recognised by its credit (©, "AFP/..."), its phrasing ("picture taken on
    ... shows", "(Photo: ...)"), or a position marker ("Name (C), ..."). A bare line of
    people's names ("A B", "A B and C D") is a caption only when one of those names is
    mentioned in a neighbouring paragraph: a picture of the person just talked about.
    """
    text = text.strip()
    if not text or len(text) > _MAX_CAPTION_CHARS or len(_words(text)) > _MAX_CAPTION_WORDS:
        return False
    if _COPYRIGHT.search(text) or _AGENCY_CREDIT.search(text) or _CAPTION_PHRASE.search(text):
        return True
    if _POSITION_MARKER.search(text):
        return True
    if is_name_line(text):
        return any(name in neighbour for name in _names(text) for neighbour in neighbours)
    return False


def is_page_boilerplate(text: str) -> bool:
    """Return whether a short line is site chrome (logo, share and social links, menus)."""
    if len(text) > _MAX_BOILERPLATE_CHARS * 4:  # before copying it: mostly spaces at most
        return False
    text = " ".join(text.split())
    if not text or len(text) > _MAX_BOILERPLATE_CHARS or len(_words(text)) > _MAX_BOILERPLATE_WORDS:
        return False
    return _BOILERPLATE_LINE.match(text) is not None


def is_organisation_blurb(text: str) -> bool:
    """Return whether a paragraph reads like an "about the organisation" blurb.

    Speech can say "our mission" too, so callers should trust this only in a page's footer,
    after the conversation has ended.
    """
    return _BLURB.search(text) is not None and _SPEAKER_VOICE.search(text) is None


def is_bare_line(text: str) -> bool:
    """Return whether a paragraph is a short title-like line without sentence punctuation."""
    text = text.strip()
    if not text or "\n" in text or len(text) > _MAX_BARE_CHARS:
        return False
    words = _words(text)
    if len(words) > _MAX_BARE_WORDS or text.endswith(_SENTENCE_END):
        return False
    if text.lower().rstrip(",") in _REPLIES:
        return False
    first = text[:1]
    # A title or a name starts with a capital or a digit; caseless scripts have neither.
    return first.isupper() or first.isdigit() or (first.isalpha() and not first.islower())


def is_name_line(text: str) -> bool:
    """Return whether a bare line consists only of people's names, e.g. "A B and C D"."""
    if not is_bare_line(text):
        return False
    names = _names(text)
    return bool(names) and all(_is_name(name) for name in names)


def excerpt(text: str, *, words: int = 6) -> str:
    """Return the first few words of a paragraph, with an ellipsis if it was cut."""
    parts = _words(text)
    head = " ".join(parts[:words])
    return f"“{head}…”" if len(parts) > words else f"“{head}”"


def _names(text: str) -> list[str]:
    """Split a line of names on commas, "&", "and" and "with"."""
    return [part for part in _NAME_JOINERS.split(text.strip()) if part]


def _is_name(name: str) -> bool:
    """Return whether a phrase is shaped like a person's name: 2-4 capitalised words."""
    words = name.split()
    if not 2 <= len(words) <= 4:
        return False
    if words[0].lower() in _PARTICLES or words[-1].lower() in _PARTICLES:
        return False
    for word in words:
        if word.lower() in _PARTICLES:
            continue
        first = word[:1]
        if not (first.isalpha() and first.isupper()):
            return False
        if not all(ch.isalpha() or ch in "-'’." for ch in word):
            return False
    return True
