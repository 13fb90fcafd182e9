"""Stage directions (`[laughs]`, `(Applause)`) are kept in the text, marked, and never searched."""

from __future__ import annotations

import pytest

from transcripts.formats.cue_labels import bracket_label
from transcripts.speakers import is_name_like, is_stage_note
from transcripts.stage_directions import STAGE_WORDS, spoken_text, stage_spans


@pytest.mark.parametrize(
    "note",
    ["[laughs]", "(Applause)", "(inaudible)", "[CROSSTALK]", "(Laughter)", "[music]",
     "[Laughs]", "(LAUGHTER)", "[laughs softly]", "(both laugh)", "(audience applauds)",
     "[inaudible 00:12:03]", "[crosstalk 12:03]", "(crosstalk)", "[Dan chuckles]",
     "(Ana Ruiz laughs)", "(clears throat)", "(Clears his throat)", "(a long pause)",
     "[music continues]", "[upbeat music]", "[laughter and applause]", "[Laughter, applause]",
     "[MÚSICA]", "[risas]", "(rires)", "[♪♪]", "[blank_audio]", "(unintelligible)",
     "[laughs.]", "(phone rings)", "[silence]", "(sighs)"],
)  # fmt: skip
def test_a_note_of_sound_alone_is_one_stage_direction(note: str) -> None:
    assert stage_spans(note) == ((0, len(note)),)
    assert is_stage_note(note)


@pytest.mark.parametrize(
    "text",
    ["(I think)", "(I laugh)", "(Dan)", "[Ana Ruiz]", "[Speaker 1]", "(see below)", "(2019)",
     "[00:12:03]", "(laughs at the very idea that he would win)", "(Think about it)",
     "laughs", "[laughs", "laughs)", "(the idea)", "[sic]", "(applause is earned)",
     "[Music director Ana Ruiz]", "(and I mean it)", "(laughs} ", "(We laugh)"],
)  # fmt: skip
def test_speech_in_brackets_is_not_a_stage_direction(text: str) -> None:
    assert stage_spans(text) == ()
    assert spoken_text(text) == text


def test_spans_point_at_the_notes_in_running_text() -> None:
    text = "I was [laughs] there (I think) (crosstalk). [Applause]"
    spans = stage_spans(text)
    assert [text[start:end] for start, end in spans] == ["[laughs]", "(crosstalk)", "[Applause]"]


def test_spoken_text_blanks_the_notes_and_keeps_every_offset() -> None:
    text = "I was [laughs] there (I think)."
    spoken = spoken_text(text)
    assert len(spoken) == len(text)
    assert spoken.split() == ["I", "was", "there", "(I", "think)."]
    assert spoken_text("no notes here") == "no notes here"


def test_one_list_of_sound_words_serves_the_speaker_readers() -> None:
    """Caption labels and speaker labels reject the same sounds the span function knows."""
    for word in ("Laughter", "Applause", "Crosstalk", "Cheering", "Música", "Chuckles"):
        assert word.casefold() in STAGE_WORDS
        assert not is_name_like(word)
        assert bracket_label(f"[{word}] and then it rained") is None
    assert bracket_label("[Ana Ruiz] and then it rained") == ("Ana Ruiz", "and then it rained")
