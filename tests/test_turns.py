"""Building episodes: turns, passages, sections, participants and roles."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transcripts import (
    Document,
    Episode,
    Heading,
    Participant,
    Section,
    Source,
    Utterance,
    build_episode,
    read_document,
)
from transcripts.turns import HARD_PASSAGE_WORDS, MAX_PARAGRAPH_WORDS, MAX_PASSAGE_CHARS

SOURCE = Source(filename="harbour-lights_ep04.md", format="md", sha256="0" * 64)


def build(
    items: list[Utterance | Heading],
    unit: Literal["cue", "paragraph"] = "paragraph",
    **options: Any,
) -> Episode:
    """Build an episode with id "ep" from these items."""
    document = Document(format="md", items=tuple(items), unit=unit)
    return build_episode(document, episode_id="ep", source=SOURCE, **options)


def cue(text: str, speaker: str | None, start_s: float, end_s: float) -> Utterance:
    """Return a cue timed in seconds."""
    return Utterance(text, speaker=speaker, start_ms=int(start_s * 1000), end_ms=int(end_s * 1000))


def words_of(episode: Episode) -> list[str]:
    """Return every word of every passage, in order."""
    return " ".join(p.text for p in episode.passages).split()


def test_consecutive_paragraphs_of_one_speaker_form_one_turn() -> None:
    episode = build(
        [Utterance("One.", "Ana"), Utterance("Two.", "Ana"), Utterance("Three.", "Bo"),
         Utterance("Four.", "Ana")]
    )  # fmt: skip
    assert [(p.id, p.turn, p.speaker, p.text) for p in episode.passages] == [
        ("ep.1", 1, "Ana", "One."),
        ("ep.2", 1, "Ana", "Two."),
        ("ep.3", 2, "Bo", "Three."),
        ("ep.4", 3, "Ana", "Four."),
    ]
    assert [(t.index, t.speaker, len(t.passages)) for t in episode.turns()] == [
        (1, "Ana", 2),
        (2, "Bo", 1),
        (3, "Ana", 1),
    ]


def test_participants_in_order_of_first_appearance_without_roles() -> None:
    episode = build([Utterance("a", "Bo"), Utterance("b", None), Utterance("c", "Ana")])
    assert episode.participants == (Participant("Bo"), Participant("Ana"))


def test_roles_match_full_names_case_insensitively() -> None:
    episode = build(
        [Utterance("a", "ana ruiz"), Utterance("b", "Bo Lind"), Utterance("c", "Cy")],
        hosts=["Ana Ruiz"],
        guests=["BO LIND"],
    )
    assert episode.participants == (
        Participant("Ana Ruiz", "host"),
        Participant("BO LIND", "guest"),
        Participant("Cy", None),
    )
    assert [p.speaker for p in episode.passages] == ["Ana Ruiz", "BO LIND", "Cy"]


def test_a_first_or_last_name_label_takes_the_full_name() -> None:
    episode = build(
        [Utterance("a", "Ana"), Utterance("b", "Lind"), Utterance("c", "Ana")],
        hosts=["Ana Ruiz"],
        guests=["Bo Lind"],
    )
    assert [p.speaker for p in episode.passages] == ["Ana Ruiz", "Bo Lind", "Ana Ruiz"]
    assert [p.role for p in episode.participants] == ["host", "guest"]


def test_an_ambiguous_first_name_is_left_alone() -> None:
    episode = build([Utterance("a", "Ana")], hosts=["Ana Ruiz"], guests=["Ana Lind"])
    assert episode.participants == (Participant("Ana"),)
    assert sum("no speaker label matches" in w for w in episode.warnings) == 2


def test_labels_differing_only_in_case_are_one_speaker() -> None:
    episode = build([Utterance("a", "MARIA"), Utterance("b", "Maria")])
    assert [p.speaker for p in episode.passages] == ["MARIA", "MARIA"]
    assert [p.turn for p in episode.passages] == [1, 1]


def test_headings_make_sections_and_end_turns() -> None:
    episode = build(
        [Utterance("Intro.", None), Heading("Part one"), Utterance("a", "Ana", start_ms=5_000),
         Heading("Part two", start_ms=9_000), Utterance("b", "Ana", start_ms=12_000)]
    )  # fmt: skip
    assert episode.sections == (
        Section("s1", "Part one", 5_000, "source"),
        Section("s2", "Part two", 9_000, "source"),
    )
    assert [(p.section, p.turn) for p in episode.passages] == [(None, 1), ("s1", 2), ("s2", 3)]


def test_no_headings_no_sections() -> None:
    assert build([Utterance("a", "Ana")]).sections == ()


def test_a_long_paragraph_splits_at_sentence_ends_without_losing_words() -> None:
    sentence = "This sentence has exactly eight words in it."
    text = " ".join([sentence] * 40)  # 320 words
    episode = build([Utterance(text, "Ana", start_ms=1_000, end_ms=200_000)])
    assert len(episode.passages) == 2
    assert all(p.text.endswith(".") for p in episode.passages)
    assert all(len(p.text.split()) <= MAX_PARAGRAPH_WORDS for p in episode.passages)
    assert words_of(episode) == text.split()
    # Each piece is said after the paragraph starts: seeking there plays it; only the last
    # piece is known to end when the paragraph does.
    assert [(p.start_ms, p.end_ms) for p in episode.passages] == [(1_000, None), (1_000, 200_000)]
    assert {p.turn for p in episode.passages} == {1}


def test_an_endless_sentence_is_cut_rather_than_kept_whole() -> None:
    text = " ".join(f"w{i}" for i in range(600))
    episode = build([Utterance(text, "Ana")])
    assert max(len(p.text.split()) for p in episode.passages) <= MAX_PARAGRAPH_WORDS
    assert words_of(episode) == text.split()


def test_cues_group_until_a_sentence_ends_after_thirty_seconds() -> None:
    cues = [cue(f"Part {i} of a thought", "Ana", 10 * i, 10 * i + 10) for i in range(3)]
    cues += [cue("that ends here.", "Ana", 30, 35), cue("A new one.", "Ana", 35, 40)]
    episode = build(cues, unit="cue")
    assert [(p.start_ms, p.end_ms) for p in episode.passages] == [(0, 35_000), (35_000, 40_000)]
    assert episode.passages[0].text.endswith("that ends here.")


def test_cues_never_pass_sixty_seconds() -> None:
    cues = [cue(f"no end {i}", None, 10 * i, 10 * i + 10) for i in range(8)]
    episode = build(cues, unit="cue")
    assert [(p.start_ms, p.end_ms) for p in episode.passages] == [(0, 60_000), (60_000, 80_000)]
    assert words_of(episode) == " ".join(c.text for c in cues).split()


def test_cues_never_pass_the_word_limit() -> None:
    cues = [cue(" ".join(["word"] * 40), "Ana", i, i + 1) for i in range(5)]
    episode = build(cues, unit="cue")
    assert all(len(p.text.split()) <= HARD_PASSAGE_WORDS for p in episode.passages)
    assert len(words_of(episode)) == 200


def test_cue_passages_never_cross_a_turn() -> None:
    episode = build([cue("Hi", "Ana", 0, 1), cue("Hey", "Bo", 1, 2), cue("So", "Ana", 2, 3)], "cue")
    assert [(p.speaker, p.turn, p.start_ms) for p in episode.passages] == [
        ("Ana", 1, 0),
        ("Bo", 2, 1_000),
        ("Ana", 3, 2_000),
    ]


def test_whitespace_inside_passages_is_normalised() -> None:
    episode = build([cue(" a\u00a0 b ", "Ana", 0, 1), cue("\tc\n", "Ana", 1, 2)], unit="cue")
    assert episode.passages[0].text == "a b c"


@pytest.mark.parametrize(
    ("options", "document_title", "expected"),
    [
        ({"title": "Given"}, "From the file", "Given"),
        ({}, "From the file", "From the file"),
        ({}, None, "Harbour lights ep04"),
    ],
)
def test_title_falls_back_to_the_document_then_the_file_name(
    options: dict[str, str], document_title: str | None, expected: str
) -> None:
    document = Document(format="md", items=(Utterance("a", "Ana"),), title=document_title)
    episode = build_episode(document, episode_id="ep", source=SOURCE, **options)
    assert episode.title == expected


def test_metadata_passes_through() -> None:
    document = Document(
        format="md",
        items=(Utterance("a", "Ana"),),
        date="2021-02-03",
        language="cy",
        warnings=("something was forgiven",),
    )
    episode = build_episode(
        document, episode_id="ep", source=SOURCE, show="Docks", url="https://x.org/ep",
        audio_url="https://x.org/ep.mp3",
    )  # fmt: skip
    assert (episode.date, episode.language, episode.show) == ("2021-02-03", "cy", "Docks")
    assert (episode.url, episode.audio_url, episode.source) == (
        "https://x.org/ep",
        "https://x.org/ep.mp3",
        SOURCE,
    )
    assert episode.warnings == ("something was forgiven",)
    given = build_episode(document, episode_id="ep", source=SOURCE, date="1999-12-31")
    assert given.date == "1999-12-31"


WORDS = st.text(alphabet="abc .!?", min_size=1, max_size=400).filter(lambda t: t.split())


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["Ana", "Bo", None]), WORDS, st.integers(0, 40_000)),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(["cue", "paragraph"]),
)
def test_no_word_is_lost_or_duplicated(
    raw: list[tuple[str | None, str, int]], unit: Literal["cue", "paragraph"]
) -> None:
    items, clock = [], 0
    for speaker, text, length_ms in raw:
        items.append(Utterance(text, speaker, clock, clock + length_ms))
        clock += length_ms
    episode = build(items, unit=unit)
    assert words_of(episode) == " ".join(u.text for u in items).split()
    assert [p.id for p in episode.passages] == [
        f"ep.{n}" for n in range(1, len(episode.passages) + 1)
    ]
    turns = [p.turn for p in episode.passages]
    assert turns == sorted(turns) and turns[0] == 1


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("blob.txt", "x" * 30_000),  # a pasted blob: one "word"
        ("chinese.txt", "我们今天谈谈种子图书馆的事情，" * 800 + "。"),  # prose without spaces
        ("words.txt", ("supercalifragilistic" * 30 + " ") * 40),  # long words, few of them
    ],
)
def test_no_passage_is_longer_than_the_character_limit(name: str, text: str) -> None:
    document = read_document(text.encode(), filename=name)
    episode = build_episode(
        document, episode_id="e", source=Source(name, document.format, "0" * 64, "utf-8")
    )
    assert len(episode.passages) > 1
    assert all(0 < len(p.text) <= MAX_PASSAGE_CHARS for p in episode.passages)
    # Nothing is lost: the pieces put back together are the text (spaces aside).
    assert "".join(p.text for p in episode.passages).replace(" ", "") == text.replace(" ", "")
