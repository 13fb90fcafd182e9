"""Wording for the ingest report: counts in short human sentences."""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """Return "1 noun" or "N nouns", pluralising each side of "X or Y" and "X under Y"."""
    if count == 1:
        return f"1 {noun}"
    head, sep, tail = noun.partition(" under ")
    words = [_plural_phrase(part) for part in head.split(" or ")]
    return f"{count} {' or '.join(words)}{sep}{tail}"


def _plural_phrase(phrase: str) -> str:
    """Pluralise the last word of a phrase that has one (post meta stays post meta)."""
    if phrase.endswith(("meta", "s")):
        return phrase
    if phrase.endswith(("x", "ch", "sh")):
        return phrase + "es"
    return phrase + "s"
