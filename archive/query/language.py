"""The query language people type, read into Verbatim's query tree (archive.query.tree).

Query text never raises: syntax that cannot be read, or reads as nothing useful, falls
back to a search for the plain words, with a note saying so.
"""

from __future__ import annotations

from archive.query.tree import Node

# The words read as operators when written in capitals.
OPERATORS = {"AND", "OR", "NOT", "NEAR"}
# Longer query text is cut at a word boundary; more leaves than this are pruned.
MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 100

DEGRADED_NOTE = "Couldn't read the query as written; searched for the words instead."
LEADING_WILDCARD_NOTE = "A word can't start with a wildcard; searched without {words}."
TOO_LONG_NOTE = "The query was too long; only its first {n} characters were read."
TOO_MANY_NOTE = "The query had too many words; only the first {n} were searched."
BAD_DATE_NOTE = "Ignored {text}: use date:2023, date:2023-05 or date:2023-01..2023-06."


def parse_query(text: str) -> tuple[Node, tuple[str, ...]]:
    """Read query text into a tree and notes; never raise for what people type."""
    from archive.engines.whoosh.legacy_parse import parse_to_tree  # interim

    return parse_to_tree(text)
