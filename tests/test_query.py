"""Reading query text: operators, fields, dates, refusals and caps, without an index."""

from __future__ import annotations

import pytest
from whoosh import query as wq
from whoosh.query.spans import SpanNear2

from archive.errors import QueryError
from archive.query.filters import build_filter
from archive.query.language import DEGRADED_NOTE, MAX_CLAUSES, MAX_QUERY_CHARS
from archive.query.tree import Phrase, Term
from tests.whoosh_queries import parse_query


def test_quoted_phrases_are_exact_and_keep_slop() -> None:
    """A quoted phrase searches the exact field; `~N` after it allows N words between."""
    q, notes = parse_query('"It was the first time"')
    assert q == wq.Phrase("exact", ["it", "was", "the", "first", "time"])
    assert notes == ()
    sloppy, _ = parse_query('"keeper storm"~5')
    assert isinstance(sloppy, wq.Phrase) and sloppy.slop == 5


def test_minus_is_not() -> None:
    """`-word` and `-"a phrase"` exclude, like NOT; a hyphen inside a word does not."""
    assert parse_query("sea -rain")[0] == parse_query("sea NOT rain")[0]
    assert parse_query('sea -"grey sky"')[0] == parse_query('sea NOT "grey sky"')[0]
    assert parse_query("well-known")[0] == wq.Phrase("stem", ["well", "known"])


def test_near_reads_as_an_unordered_span() -> None:
    """a NEAR b is within 10 words either way; NEAR/3 within 3."""
    q, _ = parse_query("keeper NEAR storm")
    assert isinstance(q, SpanNear2) and q.slop == 10 and not q.ordered
    assert parse_query("keeper NEAR/3 storm")[0].slop == 3
    # Nearness to a speaker's name means nothing: it is read as AND.
    assert isinstance(parse_query("speaker:ada NEAR storm")[0], wq.And)


def test_patterns_search_the_exact_words() -> None:
    """Prefixes, wildcards and fuzzy words are matched against unstemmed, folded words."""
    assert parse_query("Élo*")[0] == wq.Prefix("exact", "elo")
    assert parse_query("wom?n")[0] == wq.Wildcard("exact", "wom?n")
    # A question ends in a question mark: that is punctuation, not a wildcard.
    assert parse_query("who said it?")[0] == parse_query("who said it")[0]
    fuzzy, _ = parse_query("keper~2")
    assert isinstance(fuzzy, wq.FuzzyTerm) and fuzzy.fieldname == "exact"
    assert fuzzy.maxdist == 2


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("date:2023", (20230101, 20231231)),
        ("date:2023-05", (20230501, 20230531)),
        ("date:2023-01..2023-06", (20230101, 20230631)),
        ("date:..2022", (None, 20221231)),
    ],
)
def test_dates_in_the_query(text: str, bounds: tuple[int | None, int | None]) -> None:
    """date: takes a year, a month or a range, and becomes a numeric range."""
    q, notes = parse_query(f"storm {text}")
    assert notes == ()
    ranges = [leaf for leaf in q.leaves() if isinstance(leaf, wq.NumericRange)]
    assert [(r.start, r.end) for r in ranges] == [bounds]


def test_leading_wildcards_are_dropped_with_a_note() -> None:
    """`*ing` would scan every word: it is refused and the rest is searched."""
    q, notes = parse_query("*ing lamp")
    assert q == wq.Term("stem", "lamp")
    assert len(notes) == 1 and "“*ing”" in notes[0]


def test_long_and_wide_queries_are_capped() -> None:
    """Too many characters or clauses are cut, each with a note."""
    q, notes = parse_query(" OR ".join(f"w{i}" for i in range(500)))
    assert len(list(q.leaves())) <= MAX_CLAUSES
    assert any(str(MAX_QUERY_CHARS) in n for n in notes)
    assert any(str(MAX_CLAUSES) in n for n in notes)


@pytest.mark.parametrize("text", ['"open', "a AND", "(a", "a)", "OR a", "a NEAR", "NOT", "::"])
def test_broken_syntax_degrades(text: str) -> None:
    """Broken syntax never raises and says it searched the words."""
    assert parse_query(text)[1] == (DEGRADED_NOTE,)


def test_filters_fold_names_and_check_dates() -> None:
    """The speaker filter is folded; a bad date bound is a QueryError, not a silent pass."""
    assert build_filter(speaker="Élodie") == Term("speaker", "elodie")
    assert build_filter(speaker="Mu Sochua") == Phrase("speaker", ("mu", "sochua"))
    assert build_filter() is None
    with pytest.raises(QueryError):
        build_filter(date_from="May 2023")


def test_curly_quotes_inside_a_straight_quoted_phrase_are_part_of_it() -> None:
    q, notes = parse_query('"he called it “recursive” and then “flat”."')
    assert not notes
    phrases = [leaf for leaf in q.leaves() if isinstance(leaf, wq.Phrase)] or [q]
    assert isinstance(phrases[0], wq.Phrase)
    assert "recursive" in phrases[0].words and "flat" in phrases[0].words


def test_curly_quotes_alone_still_quote_a_phrase() -> None:
    q, _ = parse_query("“it was the first time”")
    assert isinstance(q, wq.Phrase)


@pytest.mark.parametrize(
    ("text", "expected", "notes"),
    [
        # A hyphen inside a quote is part of what was said, never NOT.
        ('"well -known"', wq.Phrase("exact", ["well", "known"]), ()),
        # `~0` asks for the words next to each other; it is not a search for "0".
        ('"keeper storm"~0', wq.Phrase("exact", ["keeper", "storm"]), ()),
        # Nearness to an absence has no reading: said so, never silently lost.
        (
            "keeper NEAR NOT storm",
            wq.And([wq.Term("stem", "keeper"), wq.Term("stem", "storm")]),
            (DEGRADED_NOTE,),
        ),
    ],
)
def test_quirks_of_the_old_parser_are_read_as_meant(
    text: str, expected: wq.Query, notes: tuple[str, ...]
) -> None:
    """Three readings the Whoosh parser got silently wrong."""
    assert parse_query(text) == (expected, notes)
