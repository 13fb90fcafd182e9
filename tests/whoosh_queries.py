"""The query language read as the Whoosh engine runs it: for tests that assert Whoosh queries."""

from __future__ import annotations

from whoosh import query as wq

from archive.engines.whoosh.compile import to_whoosh
from archive.query import language


def parse_query(text: str) -> tuple[wq.Query, tuple[str, ...]]:
    """Return the Whoosh query the tree of `text` compiles to, and the notes."""
    tree, notes = language.parse_query(text)
    return to_whoosh(tree), notes
