"""Recognising photo captions, credits and page chrome in scraped plain text."""

from __future__ import annotations

import pytest

from transcripts.captions import (
    excerpt,
    is_bare_line,
    is_name_line,
    is_organisation_blurb,
    is_page_boilerplate,
    is_photo_caption,
)


@pytest.mark.parametrize(
    "text",
    [
        "Fishing boats at dawn in Elmsport. ©Example Wire/Ruth Adeyemi",
        "Empty cannery buildings on the quay (©Example Archive Ltd)",
        "Jo Bloggs (C), newly appointed minister, arrives at the harbour, 9 May 2022.",
        "This picture taken on 3 March 2021 shows the mayor at a harbour meeting.",
        "Photo: the cooperative's first boat",
        "The new ferry terminal (Photo: City Council)",
        "Volunteers clear the beach. AFP/Jane Doe",
        "The harbour wall after the storm. Getty Images",
    ],
)
def test_captions_and_credits(text: str) -> None:
    """Credits, caption phrasing and position markers mark a caption on their own."""
    assert is_photo_caption(text)


@pytest.mark.parametrize(
    "text",
    [
        "I took a photo of the boats and sent it to my sister.",
        "We never pictured ourselves running a cooperative.",
        "Copyright law was the last thing on our minds.",
        "Dana Whitfield",  # a name alone is a caption only beside a mention of that person
        "It began in a kitchen (with coffee) and moved to the quay.",
        "",
    ],
)
def test_speech_is_not_a_caption(text: str) -> None:
    """Speech that talks about photos, or a lone name without context, is not a caption."""
    assert not is_photo_caption(text)


def test_long_paragraph_with_a_credit_is_not_a_caption() -> None:
    """A long paragraph is speech even if it quotes a credit line."""
    text = "We talked for hours about the harbour and the boats. " * 12 + "©Example Wire"
    assert not is_photo_caption(text)


def test_a_name_beside_a_mention_is_a_caption() -> None:
    """A bare name next to a paragraph about that person labels their photo."""
    before = "It began with Dana Whitfield, who kept the books for three crews."
    assert is_photo_caption("Dana Whitfield", neighbours=[before, ""])
    assert is_photo_caption("Ines Halvorsen and Peter Lund", neighbours=["Peter Lund and I met."])
    assert not is_photo_caption("Dana Whitfield", neighbours=["Nobody kept the books."])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dana Whitfield", True),
        ("Ines Halvorsen and Peter Lund", True),
        ("Ana de la Cruz", True),
        ("The Quota Rules", True),  # shaped like a name: structure must decide
        ("Lessons for other towns", False),
        ("Dana", False),
        ("Dana Whitfield said so.", False),
    ],
)
def test_is_name_line(text: str, expected: bool) -> None:
    """A name line is two to four capitalised words per name, nothing else."""
    assert is_name_line(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Early Years", True),
        ("Lessons for Other Towns", True),
        ("2024 in review", True),
        ("Yes", False),
        ("Thank you", False),
        ("It began in a kitchen.", False),
        ("lowercase fragment of alt text", False),
        ("A line that is far too long to be a heading or a name in any page", False),
    ],
)
def test_is_bare_line(text: str, expected: bool) -> None:
    """Bare lines are short, capitalised and without sentence punctuation; replies are not."""
    assert is_bare_line(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "Harbour Forum logo",
        "Social Links",
        "Share this",
        "Share on Facebook",
        "Leave a Reply",
        "Related posts",
        "Advertisement",
        "Tags: fisheries, quotas",
        "© 2024 Night Shift Radio. All rights reserved.",
        "Skip to content",
    ],
)
def test_page_boilerplate(text: str) -> None:
    """Site chrome is recognised line by line."""
    assert is_page_boilerplate(text)


@pytest.mark.parametrize(
    "text",
    [
        "Share what you know with the next generation.",
        "Follow us on this journey, because it has only begun.",
        "The logo on our boats was painted by my daughter, and everyone in the town knew it.",
    ],
)
def test_speech_is_not_boilerplate(text: str) -> None:
    """Speech that starts like chrome is still speech."""
    assert not is_page_boilerplate(text)


def test_organisation_blurb() -> None:
    """An about-us paragraph is a blurb; a speaker talking about their group is not."""
    assert is_organisation_blurb(
        "The Harbour Forum was founded in 2009 to support coastal towns. "
        "Our members include councils and cooperatives."
    )
    assert not is_organisation_blurb("I was there when the cooperative was founded in 2009.")


def test_excerpt() -> None:
    """Excerpts keep the first words and say when they were cut."""
    assert excerpt("One two three") == "“One two three”"
    assert excerpt("one two three four five six seven") == "“one two three four five six…”"
