"""Attribute an unlabelled interview, scraped from a web page, to its host and its guest.

A page that prints an interview without `Name:` labels still has a structure a reader can
follow: the host introduces themselves and the guest, asks questions (paragraphs that end
in a question mark or address the guest by name), and the guest answers in everything
between one question and the next. Around the conversation sit the page's title, photo
captions and a footer; `transcripts.captions` recognises those, and this module decides
with the structure whether a short line is a section heading, a caption or speech.

Decisions made here, each reported in `Document.warnings`:
- Page title lines before the conversation are dropped (the first becomes the title if the
  document has none). A spoken show opening ("You're now listening to ...") is kept as the
  host's: it is in the audio, so a quote search must find it, and the host's show says it.
- Photo captions, credits and page chrome are dropped wherever they are; an "about the
  organisation" blurb is dropped only in the footer, after the conversation.
- With several hosts or several guests the structure cannot tell them apart, so those
  paragraphs stay unattributed rather than risk quoting the wrong person.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

from transcripts.captions import (
    excerpt,
    is_bare_line,
    is_name_line,
    is_organisation_blurb,
    is_page_boilerplate,
    is_photo_caption,
)
from transcripts.interview_cues import (
    addresses,
    is_greeting,
    is_host_transition,
    is_question,
    is_show_voice,
    mentions,
    names_from_introduction,
    says_own_name,
)
from transcripts.model import Document, Heading, Participant, Utterance
from transcripts.wording import plural

Role = Literal["host", "guest"]
Kind = Literal["speech", "heading", "caption", "boilerplate"]

# Title lines at the top of a page may be longer than a section heading.
_MAX_TITLE_WORDS = 20
# A greeting reply ("Hello from ...", "Thanks for having me.") is a sentence or two.
_MAX_GREETING_WORDS = 40
_MIN_QUESTIONS = 3
# An interview asks from its start to its end: the questions span most of the paragraphs.
_MIN_QUESTION_SPREAD = 0.5


def looks_like_unlabelled_interview(document: Document) -> bool:
    """Return whether a document reads like an unlabelled interview: questions, then answers.

    Most paragraphs must be unlabelled, at least three must be questions, some put to
    someone ("you"), most questions must be followed by a first-person answer, and the questions
    must either follow an introduction naming host and guest or run through the page rather
    than bunch in one corner (as reader comments do). Cue documents are never judged: their
    questions are split across cues.
    """
    if document.unit != "paragraph":
        return False
    utterances = document.utterances
    if not utterances or sum(u.speaker is None for u in utterances) < 0.8 * len(utterances):
        return False
    texts = [_source_text(u) for u in utterances]
    texts = [t for t in texts if not (is_bare_line(t) or is_page_boilerplate(t))]
    texts = [t for t in texts if not is_photo_caption(t)]
    questions = [i for i, text in enumerate(texts) if is_question(text)]
    if len(questions) < _MIN_QUESTIONS:
        return False
    put_to_someone = sum(_SECOND_PERSON.search(texts[i]) is not None for i in questions)
    answered = sum(
        i + 1 < len(texts)
        and not is_question(texts[i + 1])
        and _FIRST_PERSON.search(texts[i + 1]) is not None
        for i in questions
    )
    # "How do I ...?" pages (FAQs) ask nobody; an interview puts a good share of its
    # questions to "you", though some ask about the world ("What went wrong?").
    if put_to_someone * 3 < len(questions) or answered < 0.6 * len(questions):
        return False
    # Either someone introduces host and guest, or the questions run through the page.
    host, guest = names_from_introduction(texts[: questions[0] + 1])
    spread = (questions[-1] - questions[0] + 1) / len(texts)
    return bool(host and guest) or spread >= _MIN_QUESTION_SPREAD


def attribute_interview(
    document: Document, *, hosts: Sequence[str] = (), guests: Sequence[str] = ()
) -> Document:
    """Return the document with its paragraphs attributed to host and guest, page clutter out.

    Names given in `hosts` and `guests` are used as they are; missing ones are read from the
    host's introduction. Without a host and a guest, only captions and page boilerplate are
    removed, and a warning says why nothing was attributed.
    """
    items = list(document.items)
    texts = [_source_text(item) if isinstance(item, Utterance) else "" for item in items]
    notes: list[str] = []

    header, footer = _page_edges(items, texts)
    title = document.title
    if header and title is None:
        title = texts[min(header)].strip()
        notes.append("used the page's title line as the document's title")

    hosts, guests, read = _names(texts, header, footer, hosts, guests)
    if read:
        found = " and ".join(f"{name} ({role})" for role, name in read)
        notes.append(f"read from the introduction: {found}")
    kinds = _kinds(items, texts, header | footer, [*hosts, *guests])
    dropped = sorted(header | footer | {i for i, k in kinds.items() if k == "boilerplate"})
    captions = sorted(i for i, k in kinds.items() if k == "caption")
    if captions:
        listed = ", ".join(excerpt(texts[i]) for i in captions)
        notes.append(f"dropped {plural(len(captions), 'photo caption')}: {listed}")
    if dropped:
        listed = ", ".join(excerpt(texts[i]) for i in dropped)
        notes.append(f"dropped {plural(len(dropped), 'line')} of page boilerplate: {listed}")

    gone = set(dropped) | set(captions)
    speech = [i for i, k in kinds.items() if k == "speech"]
    roles = _roles([texts[i] for i in speech], hosts, guests) if hosts and guests else None
    if roles is None:
        if not hosts or not guests:
            notes.append(
                "could not tell host from guest: no names were given and none were found in "
                "the introduction, so the paragraphs stay unattributed"
            )
        else:
            notes.append("found no question put to the guest, so the paragraphs stay unattributed")
        kept = tuple(item for i, item in enumerate(items) if i not in gone)
        return replace(document, items=kept, title=title, warnings=(*document.warnings, *notes))

    role_of = dict(zip(speech, roles, strict=True))
    named = tuple(Participant(name, role) for role, name in read)
    speaker = {"host": _single(hosts), "guest": _single(guests)}
    out: list[Utterance | Heading] = []
    counts = {"host": 0, "guest": 0}
    for i, item in enumerate(items):
        if i in gone:
            continue
        if kinds.get(i) == "heading":
            out.append(Heading(title=texts[i].strip(), start_ms=item.start_ms))
        elif i in role_of and isinstance(item, Utterance) and item.speaker is None:
            out.append(replace(item, speaker=speaker[role_of[i]]))
            counts[role_of[i]] += 1
        else:
            out.append(item)

    headings = [texts[i].strip() for i, k in kinds.items() if k == "heading"]
    if headings:
        notes.append(f"found {plural(len(headings), 'section heading')}: {', '.join(headings)}")
    done = [(counts[r], speaker[r], r) for r in ("host", "guest") if speaker[r]]
    if done:
        # "attributed 12 paragraphs to A (host) and 55 to B (guest)": the noun only once.
        parts = [f"{plural(n, 'paragraph') if k == 0 else n} to {name} ({role})"
                 for k, (n, name, role) in enumerate(done)]  # fmt: skip
        notes.append(f"attributed {' and '.join(parts)} from the interview's structure")
    shows = [i for i, role in role_of.items() if role == "host" and is_show_voice(texts[i])]
    if shows:
        listed = ", ".join(excerpt(texts[i]) for i in shows)
        notes.append(f"kept the show's spoken announcements as the host's: {listed}")
    for role, names in (("host", hosts), ("guest", guests)):
        if len(names) > 1:
            notes.append(
                f"left {plural(counts[role], 'paragraph')} of the {role}s unattributed: the "
                f"structure cannot tell {' and '.join(names)} apart"
            )
    return replace(
        document,
        items=tuple(out),
        title=title,
        warnings=(*document.warnings, *notes),
        participants=(*document.participants, *named),
    )


_SECOND_PERSON = re.compile(r"\byou(?:r|rs|rself)?\b", re.IGNORECASE)
# "I" only as a capital: a lowercase "i" is more often a list marker than a speaker.
_FIRST_PERSON = re.compile(r"\bI\b|(?i:\b(?:me|my|we|our|us)\b)")


def _source_text(item: Utterance | Heading) -> str:
    """Return a paragraph as the page printed it, label included if a reader split one off."""
    if isinstance(item, Heading):
        return item.title
    return f"{item.speaker}: {item.text}" if item.speaker else item.text


def _single(names: Sequence[str]) -> str | None:
    """Return the one name of a role, or None when several people share it."""
    return names[0] if len(names) == 1 else None


def _page_edges(items: list[Utterance | Heading], texts: list[str]) -> tuple[set[int], set[int]]:
    """Return the indices of the page's title lines and of its footer."""
    header: set[int] = set()
    for i, item in enumerate(items):
        text = texts[i].strip()
        if not isinstance(item, Utterance) or not text:
            break
        titled = not text.endswith((".", "!", "?", "…")) and len(text.split()) <= _MAX_TITLE_WORDS
        if not (titled or is_page_boilerplate(text)):
            break
        header.add(i)
    # Walk back from the end over chrome and blurbs; it is a footer only if chrome is in it,
    # since a blurb alone could be the guest's last words about their own organisation.
    footer: set[int] = set()
    has_chrome = False
    for i in range(len(items) - 1, -1, -1):
        if i in header or not isinstance(items[i], Utterance):
            break
        if is_page_boilerplate(texts[i]):
            has_chrome = True
        elif not is_organisation_blurb(texts[i]):
            break
        footer.add(i)
    return header, footer if has_chrome else set()


def _names(
    texts: list[str],
    header: set[int],
    footer: set[int],
    hosts: Sequence[str],
    guests: Sequence[str],
) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """Return the hosts and guests, filling missing ones from the introduction."""
    hosts, guests = list(hosts), list(guests)
    if hosts and guests:
        return hosts, guests, []
    edges = header | footer
    # Captions name people too ("... with the mayor Ana Ruiz"): only speech introduces.
    body = [t for i, t in enumerate(texts) if t and i not in edges and not is_photo_caption(t)]
    opening: list[str] = []
    for text in body[:8]:
        opening.append(text)
        if is_question(text):
            break
    host, guest = names_from_introduction(opening, host=hosts[0] if hosts else None)
    read: list[tuple[str, str]] = []
    if not hosts and host:
        hosts = [host]
        read.append(("host", host))
    if not guests and guest and guest not in hosts:
        guests = [guest]
        read.append(("guest", guest))
    return hosts, guests, read


def _kinds(
    items: list[Utterance | Heading], texts: list[str], edges: set[int], names: list[str]
) -> dict[int, Kind]:
    """Sort the paragraphs between the page's edges into speech, headings and clutter."""
    body = [i for i, item in enumerate(items) if isinstance(item, Utterance) and i not in edges]
    kinds: dict[int, Kind] = {}
    for i in body:
        if is_page_boilerplate(texts[i]):
            kinds[i] = "boilerplate"
        elif is_photo_caption(texts[i]):
            kinds[i] = "caption"
    rest = [i for i in body if i not in kinds]
    for n, i in enumerate(rest):
        text = texts[i]
        if not is_bare_line(text):
            kinds[i] = "speech"
            continue
        before = texts[rest[n - 1]] if n > 0 else ""
        after = texts[rest[n + 1]] if n + 1 < len(rest) else ""
        # A name standing between paragraphs that talk about that person labels a photo;
        # checked first, since a caption can sit just before the next question too.
        if is_name_line(text) and is_photo_caption(text, neighbours=[before, after, *names]):
            kinds[i] = "caption"
        elif after and is_question(after) and not is_bare_line(after):
            kinds[i] = "heading"
        else:
            kinds[i] = "speech"
    return dict(sorted(kinds.items()))


def _roles(texts: list[str], hosts: list[str], guests: list[str]) -> list[Role] | None:
    """Return host or guest for each speech paragraph, or None if nobody asks anything."""
    asked = [is_question(text, guests) for text in texts]
    if True not in asked:
        return None
    first_question = asked.index(True)
    roles: list[Role] = []
    for n, text in enumerate(texts):
        role = _cue(text, asked[n], hosts, guests)
        if role is None and n < first_question:
            # Before the first question the host is introducing; the one exception is the
            # guest's short hello right after being introduced.
            introduced = n > 0 and roles[-1] == "host" and mentions(texts[n - 1], guests)
            short = len(text.split()) <= _MAX_GREETING_WORDS
            role = "guest" if introduced and short and is_greeting(text) else "host"
        roles.append(role or "guest")
    return roles


def _cue(text: str, asked: bool, hosts: list[str], guests: list[str]) -> Role | None:
    """Return who must have said a paragraph from what it says, or None to follow structure."""
    if says_own_name(text, hosts):
        return "host"
    if says_own_name(text, guests):
        return "guest"
    to_host, to_guest = addresses(text, hosts), addresses(text, guests)
    if to_host and not to_guest:
        return "guest"
    if asked or to_guest or is_show_voice(text) or is_host_transition(text):
        return "host"
    return None
