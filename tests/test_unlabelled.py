"""Attributing unlabelled interviews: golden fixtures, introductions, and the hard cases."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transcripts.interview_cues import (
    addresses,
    is_question,
    names_from_introduction,
    read_name,
)
from transcripts.model import Document, Heading, Utterance
from transcripts.unlabelled import attribute_interview, looks_like_unlabelled_interview

DATA = Path(__file__).parent / "data" / "unlabelled"
FIXTURES = sorted(DATA.glob("unlabelled_*.txt"))


def paragraphs_document(text: str) -> Document:
    """Build the Document a plain-text reader gives: one unlabelled utterance per paragraph."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return Document(format="txt", items=tuple(Utterance(text=p) for p in paragraphs))


def as_dict(document: Document) -> dict[str, Any]:
    """Return what a golden file pins: title, headings and speakers in order, warnings."""
    items: list[dict[str, Any]] = []
    for item in document.items:
        if isinstance(item, Heading):
            items.append({"heading": item.title})
        else:
            items.append({"speaker": item.speaker, "text": item.text})
    return {"title": document.title, "items": items, "warnings": list(document.warnings)}


def _doc(*paragraphs: str) -> Document:
    return Document(format="txt", items=tuple(Utterance(text=p) for p in paragraphs))


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture_matches_its_expected_file(path: Path) -> None:
    """Each hand-checked fixture comes out exactly as its expected file says."""
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    result = attribute_interview(paragraphs_document(path.read_text(encoding="utf-8")))
    assert as_dict(result) == expected


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixtures_look_like_interviews(path: Path) -> None:
    """Every fixture is an interview the pipeline should attribute."""
    assert looks_like_unlabelled_interview(paragraphs_document(path.read_text(encoding="utf-8")))


def test_given_names_are_used_when_the_introduction_names_nobody() -> None:
    """Names passed in attribute an interview whose page never introduces anyone."""
    text = (DATA / "unlabelled_no_intro.txt").read_text(encoding="utf-8")
    result = attribute_interview(
        paragraphs_document(text), hosts=["Sam Reyes"], guests=["Noor Haddad"]
    )
    speakers = [u.speaker for u in result.utterances]
    assert speakers == ["Sam Reyes", "Noor Haddad"] * 3
    assert not any("read from the introduction" in w for w in result.warnings)
    assert any(
        "3 paragraphs to Sam Reyes (host) and 3 to Noor Haddad" in w for w in result.warnings
    )


def test_given_names_win_over_the_introduction() -> None:
    """A host named by the archivist replaces the name the page gives."""
    text = (DATA / "unlabelled_my_guest.txt").read_text(encoding="utf-8")
    result = attribute_interview(paragraphs_document(text), hosts=["M. Castellanos"])
    assert {u.speaker for u in result.utterances} == {"M. Castellanos", "Ines Halvorsen"}
    assert any("Ines Halvorsen (guest)" in w for w in result.warnings)


def test_several_guests_stay_unattributed() -> None:
    """With two guests the structure cannot say who answered, so nobody is guessed."""
    document = _doc(
        "Hello, I'm Ada Park and this is our weekly show.",
        "What changed for you this year?",
        "We moved the whole team online.",
        "How did your readers take it?",
        "Better than we feared.",
    )
    result = attribute_interview(document, guests=["Bo Lind", "Cy Ortiz"])
    speakers = [u.speaker for u in result.utterances]
    assert speakers == ["Ada Park", "Ada Park", None, "Ada Park", None]
    assert any("cannot tell Bo Lind and Cy Ortiz apart" in w for w in result.warnings)


def test_no_names_leaves_speech_unchanged_but_drops_clutter() -> None:
    """Without names only captions and chrome go, and a warning says why."""
    document = _doc(
        "How did it start?",
        "With a letter from my aunt.",
        "Rooftop garden (©Example Images)",
        "Why bees?",
        "Because they needed a home.",
        "Share this",
    )
    result = attribute_interview(document)
    assert [u.text for u in result.utterances] == [
        "How did it start?",
        "With a letter from my aunt.",
        "Why bees?",
        "Because they needed a home.",
    ]
    assert all(u.speaker is None for u in result.utterances)
    assert any(w.startswith("could not tell host from guest") for w in result.warnings)


def test_interview_without_questions_is_left_unattributed() -> None:
    """Names alone are not structure: with no question nobody is attributed."""
    result = attribute_interview(_doc("We met.", "We talked."), hosts=["A B"], guests=["C D"])
    assert all(u.speaker is None for u in result.utterances)
    assert any("no question" in w for w in result.warnings)


def test_existing_headings_and_labels_are_kept() -> None:
    """Headings a reader found and labels the source gave pass through untouched."""
    document = Document(
        format="md",
        items=(
            Heading("Part one"),
            Utterance("I'm Lee Wong, welcome. Joining me today is Eva Moss."),
            Utterance("What brings you here?"),
            Utterance("Curiosity, mostly.", speaker="Eva Moss"),
            Utterance("I wanted to see the place again."),
        ),
    )
    result = attribute_interview(document)
    assert result.items[0] == Heading("Part one")
    assert [u.speaker for u in result.utterances] == [
        "Lee Wong",
        "Lee Wong",
        "Eva Moss",
        "Eva Moss",
    ]


@pytest.mark.parametrize(
    ("opening", "host", "guest"),
    [
        (["I'm Lee Wong and this is Eva Moss."], "Lee Wong", "Eva Moss"),
        (["Hello, I'm Lee Wong. Joining me today is Eva Moss."], "Lee Wong", "Eva Moss"),
        (["My guest today is Dr. Eva Moss. I'm Lee Wong."], "Lee Wong", "Eva Moss"),
        (
            ["Welcome. I’m Lee Wong.", "We're joined by Ana de la Cruz."],
            "Lee Wong",
            "Ana de la Cruz",
        ),
        (["Hello, this is Lee Wong, and I'm here with Eva Moss."], "Lee Wong", "Eva Moss"),
        (["I'm Lee Wong and this is The Weekly Hour."], "Lee Wong", None),
        (["I'm Lee Wong; my guest is the former minister, Ana Ruiz."], "Lee Wong", "Ana Ruiz"),
        (["I'm Lee Wong. Joining me is the writer Eva Moss."], "Lee Wong", "Eva Moss"),
        (["I'm Lee Wong, here with the team from Oxfam."], "Lee Wong", None),
        (["I'm glad you could all come."], None, None),
    ],
)
def test_names_from_introduction(opening: list[str], host: str | None, guest: str | None) -> None:
    """The usual ways a host introduces themselves and the guest are read."""
    assert names_from_introduction(opening) == (host, guest)


def test_read_name_stops_at_punctuation_and_lowercase() -> None:
    """A name ends at a comma, a full stop or the first lowercase word."""
    assert read_name("Eva Moss, editor of the Gazette") == "Eva Moss"
    assert read_name("Eva Moss joins us") == "Eva Moss"
    assert read_name("Prof. Jan van Dijk.") == "Jan van Dijk"
    assert read_name("with Eva") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Can you tell us about it?", True),
        ("That year changed everything. What did you do next?", True),
        ("Tell us about your first job.", True),
        ("What did you make of it? I ask because many listeners wrote in.", True),
        ("And who paid for it? The workers did, as always.", False),
        ("We waited. Can you imagine? A whole year on one form.", False),
        ("It was hard. " * 30 + "What do you do then? You carry on.", False),
        ("It is what it is.", False),
        ("We lost the boats. " * 30 + "And who paid for all of it in the end?", False),
        ("The rules changed. " * 30 + "What do you make of it?", True),
    ],
)
def test_is_question(text: str, expected: bool) -> None:
    """Questions to the guest are told from an answer's own rhetorical questions."""
    assert is_question(text) is expected


def test_rhetorical_question_in_a_long_answer_stays_with_the_guest() -> None:
    """A guest asking "what do you do then?" mid-answer is still answering."""
    long_answer = "I saw it often. " * 25 + "What do you do then? You call for help. That is all."
    result = attribute_interview(
        _doc("I'm Lee Wong, here with Eva Moss.", "What was the hardest part?", long_answer),
    )
    assert [u.speaker for u in result.utterances] == ["Lee Wong", "Lee Wong", "Eva Moss"]


def test_addresses_needs_a_vocative_not_a_mention() -> None:
    """ "Thank you, Eva." speaks to Eva; "Eva Moss is a writer" speaks about her."""
    assert addresses("Thank you, Eva, for that.", ["Eva Moss"])
    assert addresses("Thanks Eva.", ["Eva Moss"])
    assert not addresses("Eva Moss is a writer from Leeds.", ["Eva Moss"])
    assert not addresses("I will go back.", ["Will Hart"])


def test_guest_thanking_the_host_is_the_guest() -> None:
    """A paragraph addressing the host by name is the guest speaking, even after a question."""
    result = attribute_interview(
        _doc(
            "I'm Lee Wong, and with me is Eva Moss.",
            "Where did you grow up?",
            "By the sea.",
            "And now?",
            "Thanks for asking, Lee. Inland, these days. Who would have guessed?",
        )
    )
    assert [u.speaker for u in result.utterances][-1] == "Eva Moss"


def test_not_an_interview() -> None:
    """Labelled documents, cue documents and prose are not unlabelled interviews."""
    prose = _doc(*(f"Paragraph {n} of a plain essay about rivers." for n in range(10)))
    labelled = Document(
        format="txt",
        items=tuple(Utterance("Why?", speaker="Ann") for _ in range(5)),
    )
    cues = Document(
        format="vtt", unit="cue", items=tuple(Utterance("Why do you?") for _ in range(9))
    )
    for document in (prose, labelled, cues, _doc()):
        assert not looks_like_unlabelled_interview(document)


# Paragraphs built from the pieces the rules look at, so the odd corners get exercised.
_PARAGRAPH = st.lists(
    st.sampled_from(list("abcAB ?.,©:!\n") + ["I'm Ann Lee", " you", "Thank you, ", "Bo"]),
    max_size=20,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PARAGRAPH, max_size=12))
def test_attribution_never_invents_or_reorders_speech(paragraphs: list[str]) -> None:
    """Whatever comes in, the speech that comes out is the input's, in order, or dropped."""
    document = _doc(*paragraphs)
    looks_like_unlabelled_interview(document)
    result = attribute_interview(document, hosts=["Ann Lee"], guests=["Bo Chan"])
    texts = [u.text for u in result.utterances] + [
        h.title.strip() for h in result.items if isinstance(h, Heading)
    ]
    originals = [p.strip() for p in paragraphs] + paragraphs
    assert all(text in originals for text in texts)
    remaining = iter(paragraphs)
    assert all(any(u.text == p for p in remaining) for u in result.utterances)
    assert {u.speaker for u in result.utterances} <= {"Ann Lee", "Bo Chan", None}
