"""Speaker labels: spotting `Name:` labels in text and resolving labels to people and roles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from transcripts.name_variants import offices, read_name, resolve_variants
from transcripts.stage_directions import STAGE_WORDS, is_stage_note_text

# Words that open a line with a colon but name no one ("Note: the audio drops out").
_NOT_SPEAKERS = frozenset(
    {
        "also", "anyway", "caption", "captions", "chapter", "correction", "date", "disclaimer",
        "edit", "editor's note", "example", "important", "language", "location", "look",
        "n.b.", "nb", "note", "notes", "p.s.", "plus", "ps", "re", "remember",
        "show", "so", "source", "sources", "subject", "summary", "time", "title", "tl;dr",
        "topic", "topics", "transcript", "transcribed by", "update", "url", "warning", "well",
    }
)  # fmt: skip
# First words of a page's labelled facts, never of a speaker's label ("Photo credit (AFP):",
# "Posted by:", "Related:"): a label opening with one names no one.
NOT_NAME_WORDS = frozenset(
    "note notes update edit editor's correction warning source sources credit credits "
    "photo image picture caption transcript summary disclaimer tags tagged category filed "
    "posted related share date time location subject topic title url link via".split()
)

# Labels that mark a pause in the programme: each starts a new section of the source.
BREAK_LABELS = frozenset(
    {
        "break", "ad break", "advert break", "commercial break", "commercial", "intermission",
        "interlude", "midroll", "mid-roll", "sponsor break", "station break",
    }
)  # fmt: skip

# Labels for sound rather than a person: what follows them is kept, but nobody says it.
SOUND_LABELS = frozenset(
    {
        "music", "jingle", "intro", "outro", "intro music", "outro music", "theme",
        "theme music", "sting", "stinger", "sound", "sound effect", "sfx", "clip", "audio clip",
        "soundbite", "applause", "laughter",
    }
)  # fmt: skip

# Lowercase particles inside real names ("Ursula von der Leyen", "Ana de la Cruz").
_PARTICLES = frozenset({"al", "bin", "da", "de", "del", "della", "der", "di", "du", "el", "la",
                        "le", "van", "von", "y", "zu"})  # fmt: skip

# Roles standing in for a name; two of them are two people, never one person's aliases.
_GENERIC = re.compile(
    r"^(?:speaker|participant|person|voice|unknown|interviewer|interviewee|respondent|"
    r"moderator|host|co-host|guest|caller|narrator|presenter|reporter|panelist|panellist|"
    r"audience|audience member|man|woman|q|a|question|answer"
    r"|(?:male|female) (?:narrator|announcer|voice|speaker|reporter))(?:\s*#?\d+|\s+[A-Z])?$"
    # Diarisation ids: `SPEAKER_00`, `spk_1`, `Speaker-2`, `S3`.
    r"|^(?:speaker|spk|spkr|s)[_-]?\d{1,3}$",
    re.IGNORECASE,
)
# Diarisation ids ASR tools write in place of a name: `SPEAKER_00`, `spk_0`, `0`, `B`.
_DIARISATION_ID = re.compile(r"^(?:(?:speaker|spk|spkr)[_-]?\d+|\d{1,3}|[A-Z])$", re.IGNORECASE)
_HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame"})

_MAX_LABEL_CHARS = 40
_MAX_LABEL_WORDS = 4

# `**Name:** text`, `**Name**: text`, `__Name:__ text`, then plain `Name: text`.
# Chinese and Japanese text uses the full-width colon, with no space after it.
_BOLD_LABEL = re.compile(
    r"^(\*\*|__)(?P<name>[^*_:：\n]{1,60}?)\s*(?:[:：]\1|\1\s*[:：])\s*(?P<rest>.*)$"
)
_PLAIN_LABEL = re.compile(
    r"^(?P<name>[^:：\n]{1,60}?)\s*(?::(?:\s+(?P<rest>.*)|$)|：\s*(?P<wide>.*))"
)
# `林晓梅（LX）`, `Ana Ruiz (AR)`: a name with the initials the transcript uses for it later.
_WITH_INITIALS = re.compile(r"^(?P<name>.+?)\s*[（(](?P<initials>[A-Z]{1,4})[）)]$")
# A label's shape, whatever its words: up to a colon (ASCII or full-width) near the start.
_LABEL_SHAPE = re.compile(r"^(?:\*\*|__)?(?P<name>[^:：\n]{1,80}?)\s*(?:\*\*|__)?\s*[:：](?:\s|$)")
# "1. ", "Q3. ", "T2. ": a question's number on an order paper, before the member's label.
_ORDER_NUMBER = re.compile(r"^(?:[QT]\s?)?\d{1,4}\.\s+")
# A sentence end followed by more words: the colon ends a sentence, not a label. A dot
# after a short capitalised word is an abbreviation ("Sen.", "Dr.", "J."), not an end.
_SENTENCE_INSIDE = re.compile(r"[?!;]|(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})\.\s+\S")
_LINKING_WORDS = frozenset(
    "of for and the on in to at de del della la le los las y e et du des da do dos van von "
    "zu der den und &".split()
)
_MAX_DOUBTFUL_WORDS = 10
_MAX_DOUBTFUL_CHARS = 80
_BRACKETED = re.compile(r"^\s*[\[(](?P<note>[^\[\]()]+)[\])]\s*$")


def _is_name_word(word: str, *, first: bool) -> bool:
    """Return whether one word may be part of a person's name or a generic label."""
    if word.lower() in _PARTICLES and word.islower():
        return not first  # "Ana de la Cruz", but never "de ..."
    if word.isdigit():
        return not first  # "Speaker 2", "Guest 1"
    initial = word.lstrip("(\"'“‘")[:1]
    # Caseless scripts (Khmer, Chinese, Thai) have no capitals, so only lowercase disqualifies.
    if not initial.isalpha() or initial.islower():
        return False
    # Marks belong to letters in Khmer, Thai and Devanagari names.
    return all(
        ch.isalnum() or ch in "-'’.)" or unicodedata.category(ch).startswith("M") for ch in word
    )


def is_name_like(label: str) -> bool:
    """Return whether a label looks like a speaker's name rather than a sentence or a sound."""
    label = label.strip()
    folded = label.lower()
    if not label or len(label) > _MAX_LABEL_CHARS or folded in _NOT_SPEAKERS:
        return False
    if ("_" in label or label.islower()) and _GENERIC.match(label) is not None:
        # `SPEAKER_00`: a diarisation id, whose underscore no name has; `male narrator`:
        # captioners write roles in lower case.
        return True
    if folded in BREAK_LABELS or folded in SOUND_LABELS or folded in STAGE_WORDS:
        return False
    with_initials = _WITH_INITIALS.match(label)
    if with_initials is not None:
        return is_name_like(with_initials["name"])
    words = label.split()
    if len(words) > _MAX_LABEL_WORDS:
        return False
    return all(_is_name_word(word, first=index == 0) for index, word in enumerate(words))


def initials_aliases(labels: Iterable[str]) -> dict[str, str]:
    """Map `Name（XX）` labels and the bare initials `XX` to the name they stand for."""
    found: dict[str, str] = {}
    owners: dict[str, set[str]] = {}
    for label in labels:
        match = _WITH_INITIALS.match(" ".join(label.split()))
        if match is not None:
            found[label] = match["name"]
            owners.setdefault(match["initials"], set()).add(match["name"])
    # Initials two people share ("AR" for Ana Ruiz and Alan Reed) name neither.
    found.update(
        {initials: next(iter(names)) for initials, names in owners.items() if len(names) == 1}
    )
    return found


def is_stage_note(text: str) -> bool:
    """Return whether text is a bracketed stage note such as `[laughs]` or `(Crosstalk)`."""
    match = _BRACKETED.match(text)
    return match is not None and is_stage_note_text(match["note"])


def is_generic(label: str) -> bool:
    """Return whether a label stands in for a name: a role (`Speaker 2`, `Interviewer`) or
    a diarisation id (`SPEAKER_00`, `spk_1`, `0`, `B`)."""
    label = label.strip()
    return _GENERIC.match(label) is not None or _DIARISATION_ID.match(label) is not None


def split_label(line: str) -> tuple[str, str] | None:
    """Split `Name: text` (or `**Name:** text`) into the label and the text, if it has one.

    Besides a short name, a label may name a person with what they are: `Sen. PAUL
    LAXALT, (R) Nevada:`, `The Secretary of State (Mr William Hague):`, `Mr Colin Hartley
    (Saltmarsh) (Lab):`, after the question's number on an order paper (`1.`, `Q3.`).
    """
    match = _BOLD_LABEL.match(line) or _PLAIN_LABEL.match(line)
    if match is None:
        return None
    name = clean_label(match["name"])
    if name.split()[:1] and name.split()[0].lower().rstrip(":'’") in NOT_NAME_WORDS:
        return None
    if not is_name_like(name):
        name = _ORDER_NUMBER.sub("", name, count=1)
        if not is_person_with_role(name):
            return None
    return name, (match["rest"] or match.groupdict().get("wide") or "").strip()


def is_person_with_role(label: str) -> bool:
    """Return whether a label names a person with an office, seat, party or affiliation."""
    form = read_name(label)
    if form is None or form.person is None or not (form.office or form.seat or form.party):
        return False
    return is_name_like(form.person)


def doubtful_label(line: str) -> str | None:
    """Return the opening of a line shaped like a speaker label that was not read as one.

    `Sen. PAUL LAXALT, (R) Nevada:` or `ANNA (VOICE-OVER):` open a line the way a label
    does, capitalised words before a colon, though no label rule accepts them. Such a
    line starts a new turn whose speaker is unknown: carrying the previous speaker over
    it would put these words in the wrong mouth.
    """
    if split_label(line) is not None:
        return None
    match = _LABEL_SHAPE.match(line)
    if match is None:
        return None
    name = clean_label(match["name"])
    words = name.replace(",", " ").split()
    folded = name.casefold()
    if not words or len(words) > _MAX_DOUBTFUL_WORDS or len(name) > _MAX_DOUBTFUL_CHARS:
        return None
    if folded in _NOT_SPEAKERS or folded in BREAK_LABELS or folded in SOUND_LABELS:
        return None
    if not (name[0].isalpha() and name[0].isupper()) or _SENTENCE_INSIDE.search(name):
        return None
    # What brackets say about the speaker ("(on the phone)", "(R)") does not change the shape.
    outside = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", name).replace(",", " ").split()
    named = [word for word in outside if word.casefold() not in _LINKING_WORDS]
    shaped = all(word[0].isupper() or word[0] in "\"'“" or word.isdigit() for word in named)
    return name if named and shaped else None


def split_marker(line: str) -> tuple[str, str, str] | None:
    """Split `**Break:** text` or `Music: text` into (kind, label, text); kind is break or sound."""
    match = _BOLD_LABEL.match(line) or _PLAIN_LABEL.match(line)
    if match is None:
        return None
    name = clean_label(match["name"])
    folded = name.lower()
    kind = "break" if folded in BREAK_LABELS else "sound" if folded in SOUND_LABELS else None
    if kind is None:
        return None
    return kind, name, (match["rest"] or match.groupdict().get("wide") or "").strip()


def clean_label(label: str) -> str:
    """Return a speaker label with its markup, brackets and extra spaces removed."""
    label = label.strip().strip("*_").strip()
    if label.startswith("[") and label.endswith("]"):
        label = label[1:-1]
    return " ".join(label.split()).rstrip(":").strip()


def _name_words(label: str) -> list[str]:
    """Return a label's words, casefolded, without a leading honorific ("Dr. Lin" -> ["lin"])."""
    words = [word.casefold() for word in label.split()]
    if len(words) > 1 and words[0].rstrip(".") in _HONORIFICS:
        words = words[1:]
    return words


def _fits(short: list[str], full: list[str]) -> bool:
    """Return whether a one-word label can stand for a full name.

    It fits when it is the first or last name, a nickname opening with the first name's
    first three letters ("Nick" for "Nicholas"), or the first initial run into the surname
    ("Kball" for "Kevin Ball").
    """
    (word,) = short
    first, last = full[0], full[-1]
    return (
        word in (first, last)
        or (len(word) >= 3 and word[:3] == first[:3])
        or word == first[:1] + last
    )


def merge_aliases(labels: Sequence[str]) -> dict[str, str]:
    """Map each label to the person it names: a short label to the one full name it fits.

    "Jerod" joins "Jerod Santo" only when no other full name fits it too, so two people
    sharing a first name stay apart; generic labels (`Speaker 1`, `Interviewer`) are never
    merged with anyone.
    """
    distinct = list(dict.fromkeys(" ".join(label.split()) for label in labels if label.strip()))
    full = {
        label: _name_words(label)
        for label in distinct
        if len(_name_words(label)) >= 2 and not is_generic(label)
    }
    mapping: dict[str, str] = {}
    for label in distinct:
        short = _name_words(label)
        if label in full or is_generic(label) or len(short) != 1:
            mapping[label] = label
            continue
        fits = [name for name, words in full.items() if _fits(short, words)]
        mapping[label] = fits[0] if len(fits) == 1 else label
    return mapping


@dataclass(frozen=True)
class Person:
    """A named person the caller told us about, with their role."""

    name: str
    role: str


class SpeakerResolver:
    """Map the labels a source uses to canonical names and roles."""

    def __init__(
        self, hosts: Sequence[str] = (), guests: Sequence[str] = (), labels: Sequence[str] = ()
    ) -> None:
        self.people = [Person(" ".join(h.split()), "host") for h in hosts if h.strip()]
        self.people += [Person(" ".join(g.split()), "guest") for g in guests if g.strip()]
        self._cache: dict[str, str] = {}
        # Labels differing only in case ("MARIA" and "Maria") are one speaker, first spelling wins.
        self._by_folded: dict[str, str] = {}
        # Labels seen up front let a short label join the full name used elsewhere in the source.
        # Name variants ("Mr Hanson" for "Mr David Hanson (Delyn) (Lab)") decide first;
        # where they cannot tell, a short label may still join the one full name it fits.
        named = [label for label in labels if not is_generic(label)]
        variants = resolve_variants(named)
        # "The Chancellor (Ann Example)": the speaker is the person, the office their role.
        self._offices = offices(named, variants)
        initials = initials_aliases(labels)
        self._aliases = {
            label: initials.get(label) or variants.get(label, variants.get(name, name))
            for label, name in merge_aliases(labels).items()
        }
        self.warnings: list[str] = [
            f"treated {label!r} as {name!r}"
            for label, name in self._aliases.items()
            if label != name
        ]

    def _match(self, label: str) -> Person | None:
        """Return the one person a label names: by full name, or by a first or last name."""
        folded = label.casefold()
        for person in self.people:
            if person.name.casefold() == folded:
                return person
        candidates = [
            person
            for person in self.people
            if folded in {person.name.split()[0].casefold(), person.name.split()[-1].casefold()}
        ]
        # "Ana" must not guess between Ana Lopez and Ana Ruiz.
        return candidates[0] if len(candidates) == 1 else None

    def canonical(self, label: str | None) -> str | None:
        """Return the canonical name for a label (the full name given, else the label)."""
        if label is None:
            return None
        label = " ".join(label.split())
        if not label:
            return None
        if label not in self._cache:
            person = self._match(label) or self._match(self._aliases.get(label, label))
            if person is not None:
                name = person.name
            else:
                name = self._aliases.get(label, label)
                name = self._by_folded.setdefault(name.casefold(), name)
            self._cache[label] = name
        return self._cache[label]

    def role(self, name: str | None) -> str | None:
        """Return the role of a canonical name, or None when no one told us."""
        if name is None:
            return None
        folded = name.casefold()
        given = (p.role for p in self.people if p.name.casefold() == folded)
        return next(given, self._offices.get(name))

    def silent(self, speakers: Iterable[str | None]) -> list[Person]:
        """Return the hosts and guests who never speak under any label."""
        spoken = {s.casefold() for s in speakers if s is not None}
        return [p for p in self.people if p.name.casefold() not in spoken]
