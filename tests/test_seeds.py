"""The shared seed pages: one scraped interview to attribute, four pages that are not interviews.

The seeds are third-party texts kept outside the repository; these tests read them in place
and skip when they are absent. Checks are written as structure (which paragraphs end in a
question mark, how long the answers are) and short openings, never as quoted sentences.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from transcripts.model import Document, Heading, Utterance
from transcripts.unlabelled import attribute_interview, looks_like_unlabelled_interview

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
HOST, GUEST = "Karina Tehusijarana", "Mu Sochua"


def seed_text(prefix: str) -> str:
    """Return a seed's text, or skip the test when the shared seeds are not here."""
    found = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"seed {prefix} not found in {SEEDS} (the shared seeds are not checked out)")
    return found[0].read_text(encoding="utf-8")


def paragraphs_document(text: str) -> Document:
    """Build what the plain-text reader gives: one unlabelled utterance per paragraph."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return Document(format="txt", items=tuple(Utterance(text=p) for p in paragraphs))


@pytest.fixture(scope="module")
def interview() -> Document:
    """Return seed 002 attributed with no names given."""
    return attribute_interview(paragraphs_document(seed_text("002")))


def _speaker_of(document: Document, opening: str) -> str | None:
    matches = [u for u in document.utterances if u.text.startswith(opening)]
    assert len(matches) == 1, f"expected one paragraph opening {opening!r}"
    return matches[0].speaker


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_other_seeds_are_not_interviews(prefix: str) -> None:
    """A blog post, a donation page, a news story and a biography are not interviews."""
    document = paragraphs_document(seed_text(prefix))
    assert not looks_like_unlabelled_interview(document)
    # Forced through anyway, nothing crashes and nobody is made a speaker.
    result = attribute_interview(document)
    assert all(u.speaker is None for u in result.utterances)
    assert any(w.startswith("could not tell host from guest") for w in result.warnings)


def test_seed_002_is_an_interview() -> None:
    """The scraped podcast page reads as an unlabelled interview."""
    assert looks_like_unlabelled_interview(paragraphs_document(seed_text("002")))


def test_host_and_guest_are_read_from_the_introduction(interview: Document) -> None:
    """Every paragraph goes to the host or the guest, both named by the introduction."""
    assert {u.speaker for u in interview.utterances} == {HOST, GUEST}
    assert any("read from the introduction" in w for w in interview.warnings)


def test_questions_are_the_hosts_and_answers_follow(interview: Document) -> None:
    """Each paragraph ending in a question mark is the host's; the guest speaks next."""
    utterances = interview.utterances
    questions = [n for n, u in enumerate(utterances) if u.text.rstrip().endswith("?")]
    assert len(questions) == 6
    for n in questions:
        assert utterances[n].speaker == HOST
        assert utterances[n + 1].speaker == GUEST


def test_rhetorical_questions_stay_in_the_answers(interview: Document) -> None:
    """A question mark inside a paragraph that does not end with one is the guest's."""
    inside = [u for u in interview.utterances if "?" in u.text and not u.text.endswith("?")]
    assert len(inside) >= 3
    assert all(u.speaker == GUEST for u in inside)


def test_long_answers_are_the_guests(interview: Document) -> None:
    """Every long paragraph that asks nothing is part of an answer."""
    long_ones = [u for u in interview.utterances if len(u.text.split()) > 70 and "?" not in u.text]
    assert len(long_ones) > 25
    assert all(u.speaker == GUEST for u in long_ones)


def test_introduction_and_closing(interview: Document) -> None:
    """The tricky spots around the conversation go to the right person."""
    assert _speaker_of(interview, "Hello from Rhode Island") == GUEST
    assert _speaker_of(interview, f"{GUEST} is a former") == HOST
    assert _speaker_of(interview, "Today we will talk") == HOST
    # The show's spoken opening is kept, as the host's (see transcripts.unlabelled).
    assert _speaker_of(interview, "You’re now listening") == HOST
    *_, sign_off, reply, outro = interview.utterances
    assert sign_off.speaker == HOST
    assert reply.text.startswith("Thank you for having") and reply.speaker == GUEST
    assert outro.speaker == HOST


def test_counts(interview: Document) -> None:
    """The host asks and introduces in 12 paragraphs; the guest speaks in 55."""
    speakers = [u.speaker for u in interview.utterances]
    assert (speakers.count(HOST), speakers.count(GUEST)) == (12, 55)


def test_four_sections(interview: Document) -> None:
    """The page's four section titles become headings, each before a host question."""
    titles = [item.title for item in interview.items if isinstance(item, Heading)]
    assert titles == [
        "Joined the APHR",
        "The Elections",
        "Strengthen the Civil Society",
        "Regional Solidarity",
    ]
    items = list(interview.items)
    for n, item in enumerate(items):
        if isinstance(item, Heading):
            following = items[n + 1]
            assert isinstance(following, Utterance) and following.speaker == HOST


def test_no_caption_or_page_boilerplate_in_the_speech(interview: Document) -> None:
    """Photo captions, credits, the logo and the social links are gone from every passage."""
    for utterance in interview.utterances:
        for marker in ("©", "picture taken", "logo", "Social Links", "(C)"):
            assert marker not in utterance.text
        # A bare name between answers labelled a photo: every passage is a sentence.
        assert utterance.text.rstrip().endswith((".", "?", "!")), utterance.text[:40]
    captions = next(w for w in interview.warnings if w.startswith("dropped 7 photo captions"))
    # The warning lists a short excerpt of each dropped caption for the archivist.
    assert captions.count("“") == 7


def test_title_comes_from_the_page(interview: Document) -> None:
    """The repeated title line becomes the title, and no passage repeats it."""
    first_line = seed_text("002").splitlines()[0].strip()
    assert interview.title == first_line
    assert all(u.text != first_line for u in interview.utterances)
