"""Name variants within one file: a person's full label and the shorter forms used later.

Records and broadcasts name a speaker in full once, then shorten: `Mr David Hanson (Delyn)
(Lab)` becomes `Mr Hanson`, `The Secretary of State for Defence (Ms Ann Example)` becomes
`Ms Example`, `JIM LEHRER` becomes `LEHRER`, `Dr. Cynthia Pfeffer` becomes `Dr. Pfeffer`.
A label is read as a `NameForm` (honorific, given names, surname, and the office, seat or
party around them) and short forms join the one full form they can only mean. Two people
sharing a surname stay apart, and a short form that could be either is left as written:
an unknown speaker is acceptable, a quote under the wrong name is not.

Format-neutral: any reader's labels can be resolved here. Imports nothing from the package.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

# Honorifics that stand before a name.
_HONORIFICS = frozenset(
    "mr mrs ms miss mx dr doctor prof professor rev revd reverend hon rt fr father sir dame "
    "lord lady baroness baron earl viscount madam sen senator rep representative judge "
    "justice herr frau m monsieur mme madame mlle sr señor sra señora".split()
)
# Spellings of one honorific; two different honorifics are taken for two people.
_SAME_TITLE = {
    "doctor": "dr", "professor": "prof", "reverend": "rev", "revd": "rev", "father": "fr",
    "senator": "sen", "representative": "rep", "monsieur": "m", "madame": "mme",
    "señor": "sr", "señora": "sra",
}  # fmt: skip
_TWO_WORD_TITLES = frozenset({"chief justice", "rt hon", "right honourable"})
# Titles that say "the name after me is a first name" ("Sir Keir", "Dame Judi").
_FIRST_NAME_TITLES = frozenset({"sir", "dame"})
# Peers are "Lord Name of Place": the place is a designation, not a surname.
_PEERAGE = frozenset({"lord", "lady", "baroness", "baron", "earl", "viscount"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "qc", "kc", "mp"})
_PARTICLES = frozenset(
    "al bin da de del della der di du el la le van von y zu ten ter dos das".split()
)
# Words that make a label an office ("The Prime Minister", "Mr Deputy Speaker").
_OFFICE = re.compile(
    r"\b(?:minister|secretary|speaker|chancellor|leader|president|chair|chairman|chairwoman"
    r"|chairperson|attorney|solicitor|advocate|clerk|mayor|governor|deputy|whip|treasurer"
    r"|paymaster|commissioner|convener|convenor|presiding|spokesperson|spokesman|ombudsman"
    r"|registrar|moderator)\b",
    re.IGNORECASE,
)
_OFFICE_SMALL_WORDS = frozenset({"of", "for", "and", "the", "on", "in", "to", "at", "pro", "tem"})
_TRAILING_GROUP = re.compile(r"^(?P<head>.*\S)\s*\((?P<inner>[^()]+)\)$")
# A party or affiliation in brackets: one token, `Lab`, `SNP`, `Lab/Co-op`, `CDU/CSU`.
_PARTY = re.compile(
    r"^[A-Z][A-Za-z]{0,11}(?:-[A-Za-z]{1,8})?(?:/[A-Z][A-Za-z]{0,11}(?:-[A-Za-z]{1,8})?){0,2}$"
)
# A seat in brackets: capitalised words, commas, and the small words of place names.
_SEAT_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|and|of|upon|the|on|in|under|with|le|by|-)$")
_MAX_LABEL_CHARS = 160
# After a name's comma: `(R) Nevada`, `(D-NY)`, `SECRETARIA DE GOBERNACIÓN`, `Chair of Finance`.
_PARTY_CODE = re.compile(r"^\([A-Z]{1,3}(?:[-–][A-Z]{2,3})?\)$")
_AFFILIATION_SMALL_WORDS = _OFFICE_SMALL_WORDS | _PARTICLES | {"&", "y", "e", "et", "und"}
_MAX_AFFILIATION_WORDS = 8


# One spelling of a person's full name: given names, surname and honorific, casefolded.
Key = tuple[tuple[str, ...], str, str]


@dataclass(frozen=True)
class NameForm:
    """One label read as a person's name, with what the label said around it."""

    written: str
    # The person as named, with the honorific: "Mr William Hague"; None for a bare office.
    person: str | None
    honorific: str | None = None
    given: tuple[str, ...] = ()
    surname: str | None = None
    office: str | None = None
    seat: str | None = None
    party: str | None = None

    @property
    def is_full(self) -> bool:
        """Return whether the form names someone alone: given name and surname, or a peer."""
        return (bool(self.given) or self.honorific in _PEERAGE) and self.surname is not None

    @property
    def key(self) -> Key:
        """Return the spelling of the full name: given names, surname and honorific."""
        title = _SAME_TITLE.get(self.honorific or "", self.honorific or "")
        return tuple(g.casefold() for g in self.given), (self.surname or "").casefold(), title


def read_name(label: str) -> NameForm | None:
    """Read a label as a person's name, an office with a name, or a bare office; else None."""
    written = " ".join(label.split()).rstrip(":").strip()
    if not written or len(written) > _MAX_LABEL_CHARS:
        return None
    affiliated = _read_affiliated(written)
    if affiliated is not None:
        return affiliated
    match = _TRAILING_GROUP.match(written)
    if match:
        return _read_bracketed(written, match["head"], match["inner"].strip())
    person = _read_person(written)
    if person is not None:
        return person
    if _is_office(written):
        return NameForm(written=written, person=None, office=written)
    return None


def is_record_label(label: str) -> bool:
    """Return whether a label is a record's: an office, or a name with its office or seat."""
    form = read_name(label)
    return form is not None and bool(form.office or form.seat or form.party)


def resolve_variants(labels: Sequence[str]) -> dict[str, str]:
    """Map the labels this module can decide to the person they name (itself when unsure).

    Full forms of one person ("Mr William Hague", "The Foreign Secretary (Mr William
    Hague)") map to one name; a short form maps to the one full form it fits, and to
    itself when two people could be meant. Labels that are not names are left out, for
    the caller's other rules to decide.
    """
    forms: dict[str, NameForm] = {}
    for label in dict.fromkeys(" ".join(label.split()) for label in labels):
        form = read_name(label)
        if form is not None:
            forms[label] = form
    spelled: dict[Key, list[NameForm]] = {}
    for form in forms.values():
        if form.is_full:
            spelled.setdefault(form.key, []).append(form)
    owner = _same_people(spelled)
    people: dict[Key, list[NameForm]] = {}
    for key, group in spelled.items():
        people.setdefault(owner[key], []).extend(group)
    canonical = {key: _canonical_person(group) for key, group in people.items()}
    canonical.update({key: canonical[person] for key, person in owner.items()})
    holders: dict[str, set[Key]] = {}
    for form in forms.values():
        if form.office and form.is_full:
            holders.setdefault(form.office.casefold(), set()).add(owner[form.key])
    mapping: dict[str, str] = {}
    for label, form in forms.items():
        if form.is_full:
            mapping[label] = canonical[form.key]
        elif form.person is None:
            # "The Prime Minister" after "The Prime Minister (Ann Example)": one holder only.
            held = holders.get((form.office or "").casefold(), set())
            mapping[label] = canonical[next(iter(held))] if len(held) == 1 else label
        else:
            keys = _candidates(form, people)
            if keys or form.honorific:
                mapping[label] = canonical[keys[0]] if len(keys) == 1 else label
            # A bare word no full name explains ("Nick") is left to the caller's rules.
    return mapping


def offices(labels: Sequence[str], variants: dict[str, str] | None = None) -> dict[str, str]:
    """Map each person named with an office (`Office (Person)`) to that office, if only one.

    `variants` is what `resolve_variants(labels)` returned, where the caller has it already.
    """
    mapping = resolve_variants(labels) if variants is None else variants
    held: dict[str, set[str]] = {}
    for label, person in mapping.items():
        form = read_name(label)
        if form is not None and form.office and form.person is not None:
            held.setdefault(person, set()).add(form.office)
    return {person: next(iter(found)) for person, found in held.items() if len(found) == 1}


def _canonical_person(group: list[NameForm]) -> str:
    """Return the name a person goes by: the fullest person part, first seen on a tie."""
    return max(group, key=lambda form: len((form.person or "").split())).person or ""


def _same_people(spelled: dict[Key, list[NameForm]]) -> dict[Key, Key]:
    """Map each spelling of a full name to one spelling of the person it names.

    "Matthew D. McGill", "Matthew McGill" and "M. McGill" are one person when every
    spelling with that surname fits every other (first names equal or one the other's
    initial, honorifics agreeing); if one does not ("Mary McGill"), all stay apart.
    """
    owner = {key: key for key in spelled}
    by_surname: dict[str, list[Key]] = {}
    for key in spelled:
        by_surname.setdefault(key[1], []).append(key)
    for keys in by_surname.values():
        fits = all(_fit(spelled[a], spelled[b]) for i, a in enumerate(keys) for b in keys[i + 1 :])
        if len(keys) > 1 and fits:
            owner.update({key: keys[0] for key in keys})
    return owner


def _fit(one: list[NameForm], other: list[NameForm]) -> bool:
    """Return whether two spellings of a full name may be one person."""
    given, given_too = one[0].key[0], other[0].key[0]
    if bool(given) != bool(given_too):
        return False  # a peer's title and someone's given name and surname
    # A middle name counts only where both spellings give one ("Matthew D." / "Matthew E.").
    pairs = zip(given[:2], given_too[:2], strict=False)
    titles = {_SAME_TITLE.get(f.honorific, f.honorific) for f in one + other if f.honorific}
    return all(_word_fits(a, b) for a, b in pairs) and len(titles) <= 1


def _word_fits(word: str, other: str) -> bool:
    """Return whether two given names may be one: equal, or one the other's initial."""
    short, long = sorted((word.rstrip("."), other.rstrip(".")), key=len)
    return short == long or (len(short) == 1 and long.startswith(short))


def _candidates(form: NameForm, people: dict[Key, list[NameForm]]) -> list[Key]:
    """Return the people a one-word form could mean; more than one means it is ambiguous."""
    word = (form.surname or (form.given[0] if form.given else "")).casefold()
    title = (form.honorific or "").casefold()
    by_surname = [key for key in people if key[1] == word]
    if title in _FIRST_NAME_TITLES:
        found = [key for key in people if key[0] and key[0][0] == word]
    elif title:
        # "Mr Hanson" names a surname; another honorific ("Mrs", "Dr") is someone else,
        # and then two Hansons are in the file: nobody is guessed.
        found = [key for key in by_surname if _compatible(title, people[key])]
        return found if len(by_surname) == 1 else by_surname
    else:
        found = by_surname + [key for key in people if key[0] and key[0][0] == word]
    return list(dict.fromkeys(found))


def _compatible(title: str, group: list[NameForm]) -> bool:
    """Return whether an honorific may name the person these full forms name."""
    title = _SAME_TITLE.get(title, title)
    return all(
        _SAME_TITLE.get(form.honorific, form.honorific) == title for form in group if form.honorific
    )


def _read_bracketed(written: str, head: str, inner: str) -> NameForm | None:
    """Read `Office (Person)`, `Name (Seat) (Party)`, `Name (Party)`, `Office (Peer) (Party)`."""
    inside = _read_person(inner)
    if inside is not None and inside.is_full and _is_office(head) and not _read_person(head):
        return replace(inside, written=written, office=head)
    if not _PARTY.match(inner):
        return None
    match = _TRAILING_GROUP.match(head)
    if match:
        # The Lords: "The Minister of State, Home Office (Lord Lee of Town) (Con)".
        held = _read_bracketed(head, match["head"], match["inner"].strip())
        if held is not None and held.office:
            return replace(held, written=written, party=inner)
    seat = None
    if match and _is_seat(match["inner"].strip()):
        head, seat = match["head"], match["inner"].strip()
    person = _read_person(head)
    if person is None or not person.is_full:
        return None
    return replace(person, written=written, seat=seat, party=inner)


def _read_affiliated(written: str) -> NameForm | None:
    """Read `Sen. PAUL LAXALT, (R) Nevada` or `OLGA SÁNCHEZ, SECRETARIA DE SALUD`.

    Broadcast and press-conference transcripts name a person in full, then after a comma
    what they are: an office, a party and state, an affiliation. The person is the speaker;
    what follows the comma is their role. A short form later ("Sen. LAXALT") is the person.
    """
    head, comma, tail = written.partition(",")
    tail = tail.strip()
    if not comma or not tail or not _is_affiliation(tail):
        return None
    person = _read_person(head.strip())
    if person is None or not person.is_full:
        return None
    return replace(person, written=written, office=tail)


def _is_affiliation(text: str) -> bool:
    """Return whether text after a name's comma is what they are, not words they say."""
    words = text.replace(",", " ").split()
    if not 0 < len(words) <= _MAX_AFFILIATION_WORDS or text[-1] in ".?!…":
        return False
    named = [word for word in words if word.casefold() not in _AFFILIATION_SMALL_WORDS]
    return bool(named) and all(
        _PARTY_CODE.match(word) or (word[0].isupper() and not word.isdigit()) for word in named
    )


def _read_person(text: str) -> NameForm | None:
    """Read `Mr David Hanson`, `JIM LEHRER`, `Dr. Pfeffer` or `Lord Lee of Town` as a name."""
    words = [word.rstrip(",") for word in text.split()]
    if not words or len(words) > 7 or words[0].casefold() in ("the", "a", "an"):
        return None
    honorific = None
    if len(words) > 2 and f"{_bare(words[0])} {_bare(words[1])}" in _TWO_WORD_TITLES:
        honorific, words = f"{words[0]} {words[1]}", words[2:]
    elif len(words) > 1 and _bare(words[0]) in _HONORIFICS:
        honorific, words = words[0], words[1:]
    while len(words) > 1 and _bare(words[-1]) in _SUFFIXES:
        words = words[:-1]  # "John Roberts, Jr.": the suffix is not the surname
    written = words
    if honorific and _bare(honorific) in _PEERAGE and "of" in words[1:]:
        words = words[: words.index("of", 1)]  # "Lord Lee of Town": the place is no name
    if not words or len(words) > 5 or not _is_name_word(words[0], first=True):
        return None
    if not all(_is_name_word(word, first=False) for word in words[1:]):
        return None
    if _OFFICE.search(" ".join(words)):
        return None  # "Mr Deputy Speaker" is an office, not a Mr Speaker
    given, surname = tuple(words[:-1]), words[-1]
    if honorific and _bare(honorific) in _PEERAGE:
        # A peer's title is one name: "Lord Lee of Town" and "Lord Lee of Dale" are two.
        given, surname = (), " ".join(written)
    return NameForm(
        written=text,
        person=" ".join([honorific, *written] if honorific else written),
        honorific=_bare(honorific) if honorific else None,
        given=given,
        surname=surname,
    )


def _is_name_word(word: str, *, first: bool) -> bool:
    """Return whether a word may be part of a person's name."""
    if word.casefold() in _PARTICLES and word.islower():
        return not first
    letters = word.replace("-", "").replace("'", "").replace("’", "").replace(".", "")
    if not letters or not letters.isalpha():
        return False
    # Caseless scripts have no capital to look for; only a lowercase start disqualifies.
    return not word[0].islower()


def _is_office(text: str) -> bool:
    """Return whether text names an office ("The Prime Minister"), title-cased as offices are."""
    words = text.split()
    if not (_OFFICE.search(text) and len(words) <= 16):
        return False
    # "The key question for the Minister" is a sentence: its small words are the only lowercase.
    return all(word[0].isupper() or word in _OFFICE_SMALL_WORDS for word in words)


def _is_seat(text: str) -> bool:
    """Return whether bracketed text reads as a constituency or other place."""
    words = text.replace(",", " ").split()
    return 0 < len(words) <= 8 and words[0][0].isupper() and all(_SEAT_WORD.match(w) for w in words)


def _bare(word: str) -> str:
    """Return a word casefolded without the dot of an abbreviation ("Dr." -> "dr")."""
    return word.casefold().rstrip(".")
