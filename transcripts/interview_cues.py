"""Read who is speaking in an unlabelled interview from what a paragraph says.

Each function looks at the words of one paragraph for a cue that only one side of an
interview gives: a question put to someone, a name used to address someone, a speaker
naming themselves, the show's own voice. `transcripts.unlabelled` combines these cues with
the order of the paragraphs. Matching is done on text with typographic apostrophes made
plain, so "I’m" and "I'm" read alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# A question in the middle of a long paragraph is the speaker's own rhetoric, not the host's.
_MAX_MIDDLE_QUESTION_WORDS = 80
# A host's prompt without a question mark ("Tell us about ...") is short.
_MAX_PROMPT_WORDS = 60
_MAX_UNADDRESSED_QUESTION_WORDS = 100
_MAX_TRANSITION_WORDS = 40
_MAX_NAME_WORDS = 4

_SENTENCE = re.compile(r"(?<=[.!?…])\s+")
_CLOSERS = "\"'”’)] \t\n"
_SECOND_PERSON = re.compile(r"\byou(?:r|rs|rself)?\b", re.IGNORECASE)
# Questions a speaker asks of nobody in particular ("Can you imagine?", "..., right?").
_RHETORICAL = re.compile(
    r"\b(?:can|could) you (?:imagine|believe)\b|\byou (?:know|see)\s*\?$|\bright\s*\?$"
    r"|\b(?:isn't|wasn't|aren't|don't|doesn't) (?:it|they|we|you|he|she)\s*\?$",
    re.IGNORECASE,
)
_PROMPT = re.compile(
    r"^(?:(?:so|and|now|ok|okay|please),?\s+)*(?:tell (?:us|me)|talk (?:us|me) through|"
    r"walk (?:us|me) through|describe|explain|share with us)\b",
    re.IGNORECASE,
)
_SHOW_VOICE = re.compile(
    r"\byou(?:'re| are) (?:now )?listening to\b|\byou(?:'ve| have) been listening to\b"
    r"|\bthat (?:was|wraps up) (?:an|this|the|today's|our) (?:episode|show|edition)\b"
    r"|\bthanks? (?:you )?(?:so much |very much )?for (?:listening|tuning in)\b"
    r"|\buntil next time\b|\bsee you (?:next time|soon|next week)\b"
    r"|\bwelcome (?:back )?to (?:the |this |our |another )?(?:show|podcast|programme|program"
    r"|episode)\b",
    re.IGNORECASE,
)
_TRANSITION = re.compile(
    r"^(?:(?:so|now|ok|okay|well|alright|all right),?\s+)*(?:let's|let us) "
    r"(?:talk|turn|move|go|get|look|come)\b|^(?:moving on|turning (?:now )?to)\b",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^(?:hello|hi|hey|good (?:morning|afternoon|evening|day)|greetings|thank you|thanks"
    r"|(?:it's |it is )?(?:a |my )?pleasure|(?:i'm |i am )?(?:glad|happy|great|delighted))\b",
    re.IGNORECASE,
)
# Cue words match in any case, names only as capitalised: "thanks, Will" but not "will".
_SELF_NAME = r"(?i:\bI'm|\bI am|\bmy name is|^(?:(?:hi|hello|hey)[,!.]?\s+)?this is)\s+"
_HOST_INTRO = re.compile(
    rf"{_SELF_NAME}(?:your host,?\s+)?|\byour host(?: for today| today)?(?:,| is)\s+",
    re.IGNORECASE,
)
_GUEST_INTRO = re.compile(
    r"\b(?:I'm|I am|we're|we are)\s+(?:(?:here|currently|now|today|joined)\s+)*"
    r"(?:with|by|talking (?:to|with)|speaking (?:to|with)|in conversation with)\s+"
    r"|\b(?:my|our)\s+(?:special\s+)?guests?\s+(?:(?:today|this week|for today|on the "
    r"(?:show|podcast|programme))\s+)?(?:is|are)\s+"
    r"|\b(?:joining|with)\s+(?:me|us)\s+(?:(?:today|now|this week|here|on the (?:show|podcast))"
    r"\s+)?(?:is|are)\s+"
    r"|\b(?:here|sitting (?:down )?|talking|speaking|in conversation) with\s+"
    r"|\bjoined (?:today |now |here )?by\s+|\band this is\s+|\bplease welcome\s+|\bwelcome,\s+"
    r"|\b(?:interview|conversation|chat) with\s+",
    re.IGNORECASE,
)
# Capitalised words that start sentences after "I'm" but are not names ("I'm Happy to...").
_NOT_NAMES = frozenset(
    {"a", "an", "also", "and", "back", "but", "delighted", "excited", "from", "glad", "going",
     "happy", "here", "i", "in", "it", "joined", "just", "not", "now", "on", "our", "pleased",
     "really", "so", "the", "this", "that", "today", "very", "we", "with", "your"}
)  # fmt: skip
_PARTICLES = frozenset({"al", "bin", "binti", "da", "de", "del", "der", "di", "du", "el", "la",
                        "le", "van", "von", "y", "zu"})  # fmt: skip
_HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "sir",
                         "dame", "rev", "hon", "sen", "senator", "rep", "judge", "lord",
                         "lady"})  # fmt: skip
# "the former minister, " / "a long-time friend of the show " before a guest's name.
_DESCRIBED = re.compile(r"(?:the|a|an)\s+(?:[a-z][\w'-]*,?\s+){0,5}")
# Nouns that make "I'm Jane Doe and this is The Weekly Hour" a show, not a guest.
_SHOW_WORDS = frozenset({"podcast", "show", "radio", "hour", "weekly", "daily", "episode"})


def plain(text: str) -> str:
    """Return text with typographic apostrophes made plain for matching."""
    return text.replace("’", "'").replace("‘", "'")


def is_question(text: str, guests: Sequence[str] = ()) -> bool:
    """Return whether a paragraph puts a question (or a "tell us" prompt) to the guest.

    A paragraph ending in a question mark is a question, unless it is long and that last
    question is put to nobody (an answer's rhetoric). One that only contains a question
    counts when it is short, the question is among its last two sentences and it is put to
    "you" or to the guest by name, and it is not a stock rhetorical one ("can you imagine?").
    """
    text = plain(text).strip()
    if not text:
        return False
    words = len(text.split())
    if text.rstrip(_CLOSERS).endswith("?"):
        # A long answer may end on its own rhetorical question; a host's long question
        # still ends by turning to the guest ("... do you think?").
        if words <= _MAX_UNADDRESSED_QUESTION_WORDS:
            return True
        last = _SENTENCE.split(text.rstrip(_CLOSERS))[-1]
        return _SECOND_PERSON.search(last) is not None or mentions(last, guests)
    if words <= _MAX_PROMPT_WORDS and _PROMPT.match(text):
        return True
    if words > _MAX_MIDDLE_QUESTION_WORDS:
        return False
    for sentence in _SENTENCE.split(text)[-2:]:
        sentence = sentence.rstrip(_CLOSERS)
        if not sentence.endswith("?") or _RHETORICAL.search(sentence):
            continue
        if _SECOND_PERSON.search(sentence) or mentions(sentence, guests):
            return True
    return False


def _tokens(names: Iterable[str]) -> list[str]:
    """Return each full name and its words, the ways a person may be called."""
    out: list[str] = []
    for name in names:
        out.append(name)
        out.extend(w for w in name.split() if w.lower() not in _PARTICLES and len(w) > 1)
    return [re.escape(plain(token)) for token in out if token]


def mentions(text: str, names: Sequence[str]) -> bool:
    """Return whether a paragraph mentions any of these people, by full name or part of it."""
    tokens = _tokens(names)
    return bool(tokens) and re.search(rf"\b(?:{'|'.join(tokens)})\b", plain(text)) is not None


def addresses(text: str, names: Sequence[str]) -> bool:
    """Return whether a paragraph speaks to one of these people by name ("Thank you, Ana.")."""
    tokens = _tokens(names)
    if not tokens:
        return False
    # A vocative is set off by punctuation or follows a greeting: ", Ana," "Thanks Ana."
    pattern = (
        rf"(?:^|[,;:.!?]\s*|(?i:\b(?:thank you|thanks|hi|hello|hey|dear|welcome))\s+)"
        rf"(?:{'|'.join(tokens)})\s*(?:[,.!?;:]|$)"
    )
    return re.search(pattern, plain(text)) is not None


def says_own_name(text: str, names: Sequence[str]) -> bool:
    """Return whether the speaker names themselves as one of these people ("I'm Ana Ruiz")."""
    tokens = _tokens(names)
    if not tokens:
        return False
    pattern = rf"{_SELF_NAME}(?i:your host,?\s+)?(?:{'|'.join(tokens)})\b"
    return re.search(pattern, plain(text)) is not None


def is_show_voice(text: str) -> bool:
    """Return whether a paragraph is the show speaking: an opening or closing announcement."""
    return _SHOW_VOICE.search(plain(text)) is not None


def is_host_transition(text: str) -> bool:
    """Return whether a short paragraph steers the conversation ("Let's turn to ...")."""
    return len(text.split()) <= _MAX_TRANSITION_WORDS and _TRANSITION.match(plain(text)) is not None


def is_greeting(text: str) -> bool:
    """Return whether a paragraph opens with a greeting or thanks."""
    return _GREETING.match(plain(text).strip()) is not None


def names_from_introduction(
    paragraphs: Sequence[str], *, host: str | None = None
) -> tuple[str | None, str | None]:
    """Return the host and guest named in an interview's opening paragraphs, if found."""
    guest: str | None = None
    for paragraph in paragraphs:
        text = plain(paragraph)
        if host is None:
            host = next(_names_after(_HOST_INTRO, text), None)
        if guest is None:
            found = _names_after(_GUEST_INTRO, text, described=True)
            guest = next((n for n in found if n != host), None)
        if host and guest:
            break
    if guest and set(guest.lower().split()) & _SHOW_WORDS:
        guest = None
    return host, guest


def _names_after(cue: re.Pattern[str], text: str, *, described: bool = False) -> Iterable[str]:
    """Yield each person's name that follows a cue in the text.

    With `described`, a guest may be described before being named ("my guest is the former
    minister, Ana Ruiz"): after an article, up to a few lowercase words are skipped, and the
    name must then have at least two words so a place or a stray capital is not taken.
    """
    for match in cue.finditer(text):
        rest = text[match.end() :]
        name = read_name(rest)
        if name is None and described:
            described_name = _DESCRIBED.match(rest)
            if described_name:
                name = read_name(rest[described_name.end() :])
                name = name if name and len(name.split()) >= 2 else None
        if name:
            yield name


def read_name(text: str) -> str | None:
    """Return the capitalised name at the start of text ("Ana de la Cruz, reporter" -> ...)."""
    words: list[str] = []
    raw_words = text.split()
    # An honorific is not part of the name people are filed under: "Dr. Ana Ruiz" -> Ana Ruiz.
    while raw_words and raw_words[0].lower().rstrip(".") in _HONORIFICS:
        raw_words = raw_words[1:]
    for raw in raw_words[:_MAX_NAME_WORDS]:
        word = raw.rstrip(",.;:!?)”\"'")
        if words and word.lower() in _PARTICLES:
            words.append(word)
        elif _is_name_word(word) and not (not words and word.lower() in _NOT_NAMES):
            words.append(word)
        else:
            break
        if word != raw:
            break  # punctuation ends the name: "I'm Ana Ruiz, editor of ..."
    while words and words[-1].lower() in _PARTICLES:
        words.pop()
    return " ".join(words) or None


def _is_name_word(word: str) -> bool:
    first = word[:1]
    if not (first.isalpha() and first.isupper()):
        return False
    return all(ch.isalpha() or ch in "-'." for ch in word)
