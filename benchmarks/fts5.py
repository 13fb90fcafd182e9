"""The baseline: SQLite FTS5 (porter tokenizer, bm25, snippet()) over the very same passages.

Each search does what Verbatim's search does for a results page: the top hits by
relevance with their stored fields, the total, and speaker and show facet counts.
"""

from __future__ import annotations

import sqlite3
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from queries import BenchQuery, Passage

# Only `text` and `speaker` are searched; the rest is carried for hits and facets.
CREATE = """
CREATE VIRTUAL TABLE passages USING fts5(
    text, speaker, show UNINDEXED, passage_id UNINDEXED, episode_id UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
)
"""
HITS = (
    "SELECT passage_id, episode_id, speaker, text{snippet} FROM passages "
    "WHERE passages MATCH ? ORDER BY rank LIMIT ?"
)
SNIPPET = ", snippet(passages, 0, '<mark>', '</mark>', '…', 64)"
FACETS = (
    "SELECT speaker, show, count(*) FROM passages WHERE passages MATCH ? GROUP BY speaker, show"
)


def sqlite_info() -> dict[str, object]:
    """Return SQLite's version and whether FTS5 is compiled in."""
    con = sqlite3.connect(":memory:")
    try:
        version = con.execute("SELECT sqlite_version()").fetchone()[0]
        try:
            con.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
            fts5 = True
        except sqlite3.OperationalError:
            fts5 = False
    finally:
        con.close()
    return {"sqlite_version": version, "fts5": fts5}


def build(path: Path, passages: Sequence[Passage]) -> float:
    """Create the FTS5 table in a new database file; return the seconds it took."""
    start = time.perf_counter()
    con = sqlite3.connect(path)
    try:
        with con:  # one transaction, as a bulk load would use
            con.execute(CREATE)
            con.executemany(
                "INSERT INTO passages (text, speaker, show, passage_id, episode_id) "
                "VALUES (?, ?, ?, ?, ?)",
                ((p.text, p.speaker, p.show, p.passage_id, p.episode_id) for p in passages),
            )
    finally:
        con.close()
    return time.perf_counter() - start


def _quoted(words: Sequence[str]) -> str:
    # Every word is quoted: FTS5 would read a bare AND, OR, NOT or NEAR as an operator.
    return '"' + " ".join(w.replace('"', '""') for w in words) + '"'


def match_expression(query: BenchQuery) -> str:
    """Return the FTS5 MATCH expression for a benchmark query."""
    if query.is_phrase:
        expression = f"text : {_quoted(query.words)}"
    else:
        expression = " AND ".join(f"text : {_quoted([w])}" for w in query.words)
    if query.speaker:
        expression += f" AND speaker : {_quoted(query.speaker.split())}"
    return expression


class Fts5Search:
    """One open connection that runs benchmark queries against the FTS5 table."""

    def __init__(self, path: Path) -> None:
        self.con = sqlite3.connect(path)

    def search(self, query: BenchQuery) -> int:
        """Run one query: top hits (with snippets for the highlight class) and facets."""
        expression = match_expression(query)
        snippet = SNIPPET if query.cls == "phrase4_hl" else ""
        hits = self.con.execute(HITS.format(snippet=snippet), (expression, query.page_size))
        hits.fetchall()
        speakers: Counter[str | None] = Counter()
        shows: Counter[str | None] = Counter()
        for speaker, show, count in self.con.execute(FACETS, (expression,)):
            speakers[speaker] += count
            shows[show] += count
        return sum(speakers.values())

    def close(self) -> None:
        """Close the connection."""
        self.con.close()
