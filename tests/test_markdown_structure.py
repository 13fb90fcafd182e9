"""Markdown's structure, read by markdown-it-py, and YAML front matter, read by PyYAML.

Every fixture here is invented for these tests.
"""

from __future__ import annotations

import pytest

from transcripts import Document, Heading, ParseError, read_document
from transcripts.model import Participant


def read(text: str) -> Document:
    """Read Markdown text."""
    return read_document(text.encode("utf-8"), format="md")


def spoken(document: Document) -> list[tuple[str | None, str]]:
    """Return (speaker, text) for each utterance."""
    return [(u.speaker, u.text) for u in document.utterances]


def headings(document: Document) -> list[str]:
    """Return the headings' titles in order."""
    return [item.title for item in document.items if isinstance(item, Heading)]


def test_setext_headings_are_headings() -> None:
    document = read(
        "Harbour Voices\n==============\n\n"
        "**Ana Ruiz:** We start at the quay.\n\n"
        "The second hour\n---------------\n\n"
        "**Bo Lind:** And end at the lighthouse.\n"
    )
    assert document.title == "Harbour Voices"
    assert headings(document) == ["The second hour"]
    assert spoken(document) == [
        ("Ana Ruiz", "We start at the quay."),
        ("Bo Lind", "And end at the lighthouse."),
    ]


def test_a_labelled_turn_over_a_rule_stays_a_turn() -> None:
    # CommonMark reads `text` over `---` as a setext heading; a heading never says who speaks.
    document = read("Ana Ruiz: We start at the quay.\n---\nBo Lind: And end at the light.\n")
    assert headings(document) == []
    assert spoken(document) == [
        ("Ana Ruiz", "We start at the quay."),
        ("Bo Lind", "And end at the light."),
    ]


def test_a_heading_with_emphasis_loses_its_marks() -> None:
    document = read(
        "**Ana Ruiz:** Hello.\n\n## Part *two*: the __boats__ ##\n\n**Bo Lind:** Hi there.\n"
    )
    assert headings(document) == ["Part two: the boats"]


def test_bold_labels_with_the_colon_inside_or_outside() -> None:
    document = read(
        "**Ana Ruiz:** Welcome aboard.\n\n__Bo Lind__: Glad to be here.\n\n"
        "**Ana Ruiz:** Let us begin.\n"
    )
    assert spoken(document) == [
        ("Ana Ruiz", "Welcome aboard."),
        ("Bo Lind", "Glad to be here."),
        ("Ana Ruiz", "Let us begin."),
    ]


def test_italic_name_and_time_label_on_its_own_line() -> None:
    document = read(
        "*Ana Ruiz (1:00:05)*\n\nThe tide was out.\n\n*Bo Lind (1:00:12)*\n\nSo we walked.\n"
    )
    assert spoken(document) == [("Ana Ruiz", "The tide was out."), ("Bo Lind", "So we walked.")]
    assert [u.start_ms for u in document.utterances] == [3_605_000, 3_612_000]


def test_a_bad_time_points_at_its_source_line() -> None:
    # Line numbers are the source's, front matter and all, though markdown-it reads the text.
    with pytest.raises(ParseError) as caught:
        read("---\ntitle: Tides\n---\n\n**Ana Ruiz:** Hello.\n\n*Bo Lind (1:00:99)*\n\nHi.\n")
    assert caught.value.line == 7


def test_link_reference_definitions_are_never_speech() -> None:
    document = read(
        "**Ana Ruiz:** Read the [tide tables][tables] and the [harbour log][2].\n\n"
        '[tables]: https://example.org/tides "Tide tables"\n'
        "[2]: <https://example.org/log>\n\n"
        "**Bo Lind:** I have, twice.\n"
    )
    assert spoken(document) == [
        ("Ana Ruiz", "Read the tide tables and the harbour log."),
        ("Bo Lind", "I have, twice."),
    ]
    assert "link definition" in document.warnings[0]
    assert "example.org" not in " ".join(u.text for u in document.utterances)


def test_inline_links_keep_their_text_and_a_line_of_links_is_furniture() -> None:
    document = read(
        "**Ana Ruiz:** The [map](https://example.org/map) is on the wall.\n\n"
        "- [Show notes](https://example.org/notes)\n\n"
        "**Bo Lind:** It is upside down.\n"
    )
    assert spoken(document) == [
        ("Ana Ruiz", "The map is on the wall."),
        ("Bo Lind", "It is upside down."),
    ]
    assert "(link)" in document.warnings[0]


def test_a_blockquote_is_read_as_its_paragraphs() -> None:
    document = read(
        "**Ana Ruiz:** The log said this:\n\n"
        "> Wind north-east, and the\nbarometer falling.\n>\n> We stayed in port.\n\n"
        "**Bo Lind:** Wise.\n"
    )
    assert spoken(document) == [
        ("Ana Ruiz", "The log said this:"),
        ("Ana Ruiz", "Wind north-east, and the barometer falling."),
        ("Ana Ruiz", "We stayed in port."),
        ("Bo Lind", "Wise."),
    ]


def test_nested_list_items_are_paragraphs_that_keep_their_markers() -> None:
    # A `Key: value` bullet is a detail, not a turn: the marker stays, as on the page.
    document = read(
        "**Ana Ruiz:** We packed three things:\n\n"
        "- rope\n  - the long one\n  - the short one\n- a lamp\n\n"
        "- Website: example.org\n\n"
        "**Bo Lind:** And forgot the lamp.\n"
    )
    assert spoken(document) == [
        ("Ana Ruiz", "We packed three things:"),
        ("Ana Ruiz", "- rope"),
        ("Ana Ruiz", "- the long one"),
        ("Ana Ruiz", "- the short one"),
        ("Ana Ruiz", "- a lamp"),
        ("Ana Ruiz", "- Website: example.org"),
        ("Bo Lind", "And forgot the lamp."),
    ]


def test_a_bold_numbered_question_is_emphasised() -> None:
    document = read(
        "1. __Why boats?__\n\n    My father built them.\n\n2. **And why wood?**\n\n    It floats.\n"
    )
    texts = [(u.text, u.emphasised) for u in document.utterances]
    assert texts == [
        ("1. Why boats?", True),
        ("My father built them.", False),
        ("2. And why wood?", True),
        ("It floats.", False),
    ]


def test_a_fenced_code_block_is_kept_as_plain_text() -> None:
    # A transcript pasted into a fence is still a transcript; its Markdown is not read.
    document = read(
        "# Notes from the quay\n\n```text\nAna Ruiz: The rope is [frayed](here).\n"
        "Bo Lind: Then we buy a new one.\n```\n"
    )
    assert spoken(document) == [
        ("Ana Ruiz", "The rope is [frayed](here)."),
        ("Bo Lind", "Then we buy a new one."),
    ]


def test_code_spans_keep_their_text_without_backticks() -> None:
    document = read("**Ana Ruiz:** Type `tide --now` and wait.\n\n**Bo Lind:** Done.\n")
    assert spoken(document)[0] == ("Ana Ruiz", "Type tide --now and wait.")


def test_presentational_html_goes_and_other_angle_brackets_stay() -> None:
    document = read(
        "**Ana Ruiz:** It was <b>very</b> <span style='color:red'>cold</span>.\n\n"
        "**Bo Lind:** Only if a <b and b> c, or x < y.\n\n"
        "**Ana Ruiz:** The file was called <labelled by year> and <!-- a note --> lost.\n\n"
        '<div class="aside">\n**Bo Lind:** Inside a block.\n</div>\n'
    )
    assert spoken(document) == [
        ("Ana Ruiz", "It was very cold."),
        ("Bo Lind", "Only if a c, or x < y."),
        ("Ana Ruiz", "The file was called <labelled by year> and lost."),
        ("Bo Lind", "Inside a block."),
    ]


def test_a_comparison_without_a_closing_bracket_is_text() -> None:
    document = read("**Ana Ruiz:** Keep a <b and the rest.\n\n**Bo Lind:** Fine.\n")
    assert spoken(document)[0] == ("Ana Ruiz", "Keep a <b and the rest.")


def test_escapes_entities_and_line_breaks() -> None:
    document = read(
        "**Ana Ruiz:** \\[laughs\\] Fish &amp; chips,  \nthen tea\\\nand bed.\n\n"
        "**Bo Lind:** \\*Not\\* emphasis.\n"
    )
    assert spoken(document)[0] == ("Ana Ruiz", "[laughs] Fish & chips, then tea and bed.")


def test_yaml_front_matter_gives_title_date_and_people() -> None:
    document = read(
        "---\n"
        "title: >-\n  Salt, Sails\n  and Tar\n"
        "date: 2024-03-05T09:00:00Z\n"
        "language: no\n"
        "show: Harbour Radio\n"
        "hosts:\n  - Ana Ruiz\n"
        "guests: [Bo Lind]\n"
        "speakers:\n  - name: Cy Moss\n"
        "---\n\n"
        "**Ana Ruiz:** Welcome.\n\n**Bo Lind:** Thanks.\n"
    )
    assert document.title == "Salt, Sails and Tar"
    assert document.date == "2024-03-05"
    assert document.language == "no"  # YAML 1.2: `no` is Norwegian, not False
    assert document.participants == (
        Participant("Ana Ruiz", "host"),
        Participant("Bo Lind", "guest"),
        Participant("Cy Moss", None),
    )
    assert spoken(document) == [("Ana Ruiz", "Welcome."), ("Bo Lind", "Thanks.")]
    assert any("show" in warning for warning in document.warnings)


def test_broken_yaml_front_matter_is_furniture_and_reported() -> None:
    document = read(
        "---\ntitle: [Salt and Tar\nguests: Bo Lind\n---\n\n**Ana Ruiz:** Welcome.\n\n"
        "**Bo Lind:** Thanks.\n"
    )
    assert document.title is None
    assert spoken(document) == [("Ana Ruiz", "Welcome."), ("Bo Lind", "Thanks.")]
    assert any("not valid YAML" in warning for warning in document.warnings)
    assert any("front matter" in warning for warning in document.warnings)


def test_prose_between_rules_is_not_front_matter() -> None:
    document = read("---\nAna Ruiz: Welcome.\nBo Lind: Thanks.\n---\n")
    assert spoken(document) == [("Ana Ruiz", "Welcome."), ("Bo Lind", "Thanks.")]


def test_a_plain_text_transcript_named_md_reads_as_text() -> None:
    # An Otter-style export saved as .md: indented paragraphs (code blocks in CommonMark),
    # a hashtag, a `<` comparison, a numbered line, and two trailing spaces.
    document = read(
        "Ana Ruiz  0:00  \n    We sell fish at 5 < 6 euros, #fresh.\n\n"
        "Bo Lind  0:09  \n    1. That is cheap.\n\n"
        "Ana Ruiz  0:15  \n    It is *very* cheap.\n"
    )
    assert spoken(document) == [
        ("Ana Ruiz", "We sell fish at 5 < 6 euros, #fresh."),
        ("Bo Lind", "1. That is cheap."),
        ("Ana Ruiz", "It is very cheap."),
    ]
    assert [u.start_ms for u in document.utterances] == [0, 9000, 15000]


def test_a_transcript_indented_throughout_is_read_not_dropped() -> None:
    # CommonMark makes each indented paragraph a code block; its lines are kept as text.
    document = read(
        "    Ana Ruiz: We sell fish.\n\n    Bo Lind: At the quay?\n\n    Ana Ruiz: Every day.\n"
    )
    assert spoken(document) == [
        ("Ana Ruiz", "We sell fish."),
        ("Bo Lind", "At the quay?"),
        ("Ana Ruiz", "Every day."),
    ]


def test_an_image_is_furniture_and_its_alt_text_is_not_speech() -> None:
    document = read(
        "**Ana Ruiz:** Look at the hull.\n\n![The hull, freshly tarred](hull.jpg)\n\n"
        "**Bo Lind:** Black as night.\n"
    )
    assert spoken(document) == [("Ana Ruiz", "Look at the hull."), ("Bo Lind", "Black as night.")]
    assert "(image)" in document.warnings[0]


def test_plain_text_front_matter_is_read_by_the_same_parser() -> None:
    document = read_document(
        b"---\ntitle: 'Salt: a history'\nguests: Bo Lind, Cy Moss\n---\nAna Ruiz: Welcome.\n",
        format="txt",
    )
    assert document.title == "Salt: a history"
    assert [p.name for p in document.participants] == ["Bo Lind", "Cy Moss"]
    assert spoken(document) == [("Ana Ruiz", "Welcome.")]
