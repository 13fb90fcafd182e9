"""Carrying passage ids over to a corrected transcript (transcripts.idmatch)."""

from __future__ import annotations

from transcripts.idmatch import diff_words, match_ids, normalise_words, passage_number
from transcripts.model import Passage

LINES = [
    "Welcome to the programme, tonight we talk about lighthouses.",
    "Thank you for having me, it is a pleasure to be here.",
    "What did a keeper do all day on the rock?",
    "We cleaned the lens every evening and kept the log every three hours without fail.",
    "Were you ever afraid out there in the winter storms?",
    "Once, when the generator failed during a gale in ninety-one.",
    "Thank you very much for coming in to talk to us.",
]


def passages(texts: list[str], ids: list[int] | None = None, speaker: str = "A") -> list[Passage]:
    """Build passages `ep.<n>` with these texts (ids 1..N unless given)."""
    numbers = ids or list(range(1, len(texts) + 1))
    return [
        Passage(f"ep.{n}", turn, speaker, None, None, None, text)
        for turn, (n, text) in enumerate(zip(numbers, texts, strict=True), start=1)
    ]


def ids_of(result_passages: tuple[Passage, ...]) -> list[str]:
    """Return the ids in order."""
    return [p.id for p in result_passages]


def test_an_identical_transcript_keeps_every_id() -> None:
    """Nothing changed: every id kept, none new, none removed."""
    old = passages(LINES)
    result = match_ids(
        old, passages(LINES, [90 + n for n in range(7)]), episode_id="ep", last_number=7
    )
    assert ids_of(result.passages) == [f"ep.{n}" for n in range(1, 8)]
    assert set(result.kept.values()) == {"same"}
    assert result.removed == () and result.new == ()
    assert result.summary() == "kept 7 passage ids, 0 lightly corrected, 0 passages removed, 0 new"


def test_typo_fixes_keep_their_ids_as_corrected() -> None:
    """A lightly corrected passage keeps its id and counts as corrected."""
    new = list(LINES)
    new[5] = "Once, when the generator failed during a gale in ninety-two."
    new[3] = "We cleaned the lens every evening, and kept the log every three hours without fail."
    result = match_ids(passages(LINES), passages(new), episode_id="ep", last_number=7)
    assert ids_of(result.passages) == [f"ep.{n}" for n in range(1, 8)]
    assert sorted(result.corrected) == ["ep.4", "ep.6"]


def test_a_removed_passage_is_reported_and_a_new_one_gets_a_fresh_number() -> None:
    """Removed ids are reported; a new passage gets last_number + 1, never a reused id."""
    new = LINES[:4] + ["A brand new question about the supply boat and its timetable?"] + LINES[6:]
    result = match_ids(passages(LINES), passages(new), episode_id="ep", last_number=9)
    assert ids_of(result.passages) == ["ep.1", "ep.2", "ep.3", "ep.4", "ep.10", "ep.7"]
    assert result.removed == ("ep.5", "ep.6")
    assert result.new == ("ep.10",)
    assert result.last_number == 10


def test_a_split_paragraph_keeps_its_id_on_the_first_piece() -> None:
    """A paragraph split in two: the first piece keeps the id, the second is new."""
    joined = LINES[3] + " After that we checked the radio with the coastguard at Ardmore daily."
    old = passages([*LINES[:3], joined, *LINES[4:]])
    new = passages(
        [
            *LINES[:4],
            "After that we checked the radio with the coastguard at Ardmore daily.",
            *LINES[4:],
        ]
    )
    result = match_ids(old, new, episode_id="ep", last_number=7)
    assert ids_of(result.passages) == [
        "ep.1",
        "ep.2",
        "ep.3",
        "ep.4",
        "ep.8",
        "ep.5",
        "ep.6",
        "ep.7",
    ]
    assert result.corrected == ("ep.4",)


def test_a_retired_passage_restored_gets_its_old_id_back() -> None:
    """A passage removed in an earlier revision and restored keeps its first id."""
    current = passages([LINES[0], LINES[1], LINES[3]], [1, 2, 4])
    retired = passages([LINES[2]], [3])
    result = match_ids(
        current, passages(LINES[:4]), episode_id="ep", last_number=7, retired=retired
    )
    assert ids_of(result.passages) == ["ep.1", "ep.2", "ep.3", "ep.4"]
    assert result.restored == ("ep.3",)


def test_unrelated_text_is_never_matched() -> None:
    """A rewritten passage with nothing in common is removed and new, not 'corrected'."""
    new = list(LINES)
    new[2] = "Completely different words appear here instead."
    result = match_ids(passages(LINES), passages(new), episode_id="ep", last_number=7)
    assert result.removed == ("ep.3",)
    assert result.new == ("ep.8",)


def test_helpers() -> None:
    """Word normalising, passage numbers and the word diff."""
    assert normalise_words("Café, au LAIT!") == ("cafe", "au", "lait")
    assert passage_number("my-ep.12") == 12
    assert passage_number("nodot") is None
    ops = [
        (c.op, c.old, c.new) for c in diff_words("in ninety-one. The end", "in ninety-two. The end")
    ]
    assert ops == [
        ("equal", "in", "in"),
        ("replace", "ninety-one.", "ninety-two."),
        ("equal", "The end", "The end"),
    ]
