"""The query language, explained by example: the text of the /help page.

One parser reads queries for the search page, `/api/search` and `verbatim search`, so
this page is the reference for all three (the CLI's `search --help` points here).
Every example is a live link, and a test checks that each one finds something in the
project's `examples/` archive.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    """A query people can type, and what it finds."""

    query: str
    explains: str


@dataclass(frozen=True)
class Topic:
    """One part of the query language: a heading, a sentence and examples."""

    slug: str
    title: str
    summary: str
    examples: tuple[Example, ...]


TOPICS: tuple[Topic, ...] = (
    Topic(
        "words",
        "Words",
        "Type words in any order: a passage matches when it holds all of them. Words are "
        "stemmed, so one form finds the others, and case and accents don't matter.",
        (
            Example("germinate", "also finds germinated and germinating"),
            Example("night train", "passages with both words, anywhere in the passage"),
        ),
    ),
    Topic(
        "phrases",
        "Exact phrases",
        "Put words in double quotes to find them exactly as spoken, in that order, with no "
        "stemming: the way to check a quote. Add ~N after the closing quote to allow up to "
        "N words in between.",
        (
            Example('"it was the first time"', "these exact words, in this order"),
            Example('"train slow"~5', "train, then slow within five words"),
        ),
    ),
    Topic(
        "operators",
        "AND, OR, NOT and brackets",
        "Write operators in capitals. OR widens a search, NOT or a leading minus narrows "
        "it, and brackets group. Without an operator, words are joined by AND.",
        (
            Example("seeds OR beans", "either word"),
            Example("seeds NOT chilli", "seeds, but not in a passage about the chilli"),
            Example("lighthouse -paraffin", "the minus sign is a short NOT"),
            Example("(border OR siding) AND train", "brackets group the alternatives"),
        ),
    ),
    Topic(
        "near",
        "Nearby words",
        "NEAR finds two words close to each other in the same passage, in either order.",
        (Example("seeds NEAR library", "both words, a few words apart"),),
    ),
    Topic(
        "wildcards",
        "Word beginnings and misspellings",
        "A star finds every word that begins with what you typed; a tilde forgives a typo "
        "or two in a name or a word you can't spell.",
        (
            Example("germ*", "germinate, germinated, …"),
            Example("lighthuose~", "finds lighthouse despite the typo"),
        ),
    ),
    Topic(
        "fields",
        "Who, where and when",
        "Prefix a word with a field name to filter inside the query: speaker:, show:, "
        "episode:, section: and date:. Any part of a name will do; put a name with spaces "
        "in quotes. Dates are a year, a month or a day, or a range with two dots. The "
        "form's speaker, show and date boxes do the same.",
        (
            Example("speaker:Okafor seeds", "only what Joe Okafor said about seeds"),
            Example('speaker:"Élodie Marchand" border', "a full name in quotes"),
            Example("section:timetable sleep", "inside sections whose title has timetable"),
            Example("date:2024 train", "episodes from 2024"),
            Example("date:2024-01..2024-06 sleeper", "episodes from January to June 2024"),
        ),
    ),
)

# Prose for what the examples cannot show: order, grouping, exports and mistakes.
TIPS: tuple[str, ...] = (
    "Results come best match first; sort by newest or oldest episode instead with the Sort box.",
    "Tick “Best hit per episode” to see one passage per episode, with how many more "
    "matches each episode holds.",
    "Facets under the summary count the matches by speaker, show and year; follow one to "
    "add it as a filter, and remove a filter with the × on its chip.",
    "Every search can be downloaded as CSV or JSON, with a permalink for each passage.",
    "A query that can't be read as written (an unclosed quote or bracket, a dangling "
    "operator) is searched as plain words, and the page says so.",
)
