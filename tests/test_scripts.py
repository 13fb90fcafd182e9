"""Every script: words inside text written without spaces are found, accents fold away.

The sentences are composed for these tests: a Khmer greeting and introduction ("Hello!
My name is Sokha and I love the library"), Thai ("Hello, I like the library in
Bangkok"), Chinese ("We meet today at the Beijing library"), Japanese ("I work at a
library in Tokyo") and Korean ("I went to the library").
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from archive.search.run import search, search_episode
from archive.store.folder import Archive
from transcripts.model import Episode

KHMER = "សួស្តី! ខ្ញុំឈ្មោះសុខា ហើយខ្ញុំស្រឡាញ់បណ្ណាល័យ។"
THAI = "สวัสดีครับ ผมชอบห้องสมุดในกรุงเทพ"
CHINESE = "我们今天在北京图书馆见面。"
JAPANESE = "東京の図書館で働いています。"
KOREAN = "저는 도서관에 갔어요."


@pytest.fixture
def world(
    archive: Archive,
    make_episode: Callable[..., Episode],
    store_episode: Callable[[Archive, Episode], Episode],
) -> Archive:
    """An archive with one passage per script, and accented and plain Latin spellings."""
    store_episode(
        archive,
        make_episode(
            "world",
            [
                ("Sokha", KHMER),
                ("Somchai", THAI),
                ("Lin Mei", CHINESE),
                ("Sato Kenji", JAPANESE),
                ("Kim Minji", KOREAN),
                ("Élodie Durand", "Le café de Cap Fréhel ouvre à l'aube, près du phare."),
                ("Rosa Pell", "The cafe opens at dawn; Francoise naive about the resume."),
            ],
        ),
    )
    return archive


def ids(archive: Archive, query: str) -> list[str]:
    """Return the passage ids a query finds."""
    return sorted(h.passage_id for h in search(archive, query).hits)


@pytest.mark.parametrize(
    ("word", "passage"),
    [
        ("សួស្តី", "world.1"),  # hello, at the start of the passage
        ("សុខា", "world.1"),  # a name inside a run with no spaces
        ("ស្រឡាញ់", "world.1"),  # love, joined to the words around it
        ("បណ្ណាល័យ", "world.1"),  # library, with subscripts and vowel signs
        ("ห้องสมุด", "world.2"),  # library
        ("กรุงเทพ", "world.2"),  # Bangkok, at the end
        ("图书馆", "world.3"),  # library
        ("北京", "world.3"),  # Beijing
        ("図書館", "world.4"),  # library, in kanji
        ("働いて", "world.4"),  # working: kanji and hiragana
        ("도서관", "world.5"),  # library, in Hangul
    ],
)
def test_words_inside_unspaced_text_are_found(world: Archive, word: str, passage: str) -> None:
    """Any word of two or more clusters is found inside a run of its script."""
    assert ids(world, word) == [passage]
    assert ids(world, f'"{word}"') == [passage]


def test_unrelated_substrings_do_not_match(world: Archive) -> None:
    """Bigrams in order, not loose characters: a reversed word finds nothing."""
    assert ids(world, "馆书图") == []
    assert ids(world, "京北") == []


def test_khmer_is_not_cut_at_vowel_signs(world: Archive) -> None:
    """A vowel sign stays with its consonant: the Khmer highlight marks the whole word."""
    hit = search(world, "សុខា").hits[0]
    assert hit.highlight == "សួស្តី! ខ្ញុំឈ្មោះ<mark>សុខា</mark> ហើយខ្ញុំស្រឡាញ់បណ្ណាល័យ។"


def test_highlight_marks_the_matched_substring(world: Archive) -> None:
    """In Chinese, Japanese and Thai only the matched word is marked."""
    assert search(world, "图书馆").hits[0].highlight == "我们今天在北京<mark>图书馆</mark>见面。"
    assert search(world, "図書館").hits[0].highlight == "東京の<mark>図書館</mark>で働いています。"
    thai = search(world, "ห้องสมุด").hits[0].highlight
    assert thai == "สวัสดีครับ ผมชอบ<mark>ห้องสมุด</mark>ในกรุงเทพ"


def test_phrases_and_operators_mix_scripts(world: Archive) -> None:
    """A phrase across a space, and boolean operators, work on unspaced scripts too."""
    assert ids(world, '"សួស្តី ខ្ញុំឈ្មោះ"') == ["world.1"]
    assert ids(world, "图书馆 OR 図書館") == ["world.3", "world.4"]
    assert ids(world, "图书馆 NOT 北京") == []
    assert ids(world, "សួស្តី NEAR សុខា") == ["world.1"]


def test_accents_fold_both_ways(world: Archive) -> None:
    """café finds cafe and cafe finds café; highlights mark the text as written."""
    assert ids(world, "cafe") == ["world.6", "world.7"]
    assert ids(world, "café") == ["world.6", "world.7"]
    assert ids(world, '"café de cap frehel"') == ["world.6"]
    assert ids(world, "françoise") == ["world.7"]
    hit = search_episode(world, "world", "frehel").hits[0]
    assert "<mark>Fréhel</mark>" in hit.highlight
    assert sorted(h.passage_id for h in search(world, "", speaker="elodie").hits) == ["world.6"]
