"""The engine interface: what Verbatim asks of a search engine, and what it gets back.

An engine holds one document per passage (archive.search.documents builds them from the
store) and answers queries written as Verbatim's query tree (archive.query.tree), whose
words are already analysed by archive.query.words: tokenisation is Verbatim's, so that a
quote means the same thing on every engine. Everything else (the query language, paging,
hits, highlighting, "did you mean", the quote checker's verdict, the time budget's
notes) is engine-neutral and lives above this seam.

A search runs on a `Reader`: a view of the index as it was when the reader was opened,
used by one thread at a time. Long-lived processes keep one and call `fresh()` before
each use. Every loop an engine runs for a query checks archive.query.budget.check() and
stops with what it has when the budget is spent, saying so in `Ranked.cut`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from archive.query.tree import Node
from archive.query.words import NAME_SEPARATOR, fold_key

T = TypeVar("T")

# Sort orders: by relevance, by episode date (then episode, then passage order), or one
# episode's passages from start to end.
SORTS = ("relevance", "newest", "oldest", "passage")
# The facets every engine counts over a whole result set: name -> the document field.
FACET_FIELDS = {
    "speaker": "speaker_name",
    "show": "show_name",
    "year": "year",
    "episode": "episode_id",
}
# The fields an engine stores and gives back for a hit (a document's other fields are
# only searched).
STORED_FIELDS = (
    "passage_id",
    "episode_id",
    "order",
    "text",
    "speaker_name",
    "speaker_written",
    "speaker_id",
    "show_name",
    "episode_title",
    "audio_url",
    "section_id",
    "section_title",
    "date_str",
    "start_ms",
    "end_ms",
)

# The "oldest first" sort key of an undated episode: after every date, as "newest" puts
# it after every date with 0.
UNDATED_OLDEST = 99_991_231


def index_values(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Return a passage's engine-neutral document (archive.search.documents) as the values
    every engine indexes, before its own analysis.

    The stored fields; `spoken`, the text that is searched (stage directions left out);
    the episode's id and title, and a speaker's names, joined with NAME_SEPARATOR, which
    the tokenisation keeps far apart; show, section and year; the sort keys, which put
    undated episodes last both ways.
    """
    out: dict[str, Any] = {k: v for k, v in doc.items() if k in STORED_FIELDS and v is not None}
    out["spoken"] = doc.get("spoken", doc.get("text", ""))
    out["episode"] = f"{doc['episode_id']}{NAME_SEPARATOR}{doc.get('episode_title') or ''}"
    day = doc.get("date")
    out["newest"] = day or 0
    out["oldest"] = day or UNDATED_OLDEST
    if day is not None:
        out["date"] = day
    if doc.get("speaker_names"):
        out["speaker"] = NAME_SEPARATOR.join(doc["speaker_names"])
    if doc.get("show_name"):
        out["show"] = doc["show_name"]
        out["show_key"] = fold_key(doc["show_name"])
    if doc.get("section_title"):
        out["section"] = doc["section_title"]
    if doc.get("year"):
        out["year"] = doc["year"]
    return out


@dataclass(frozen=True)
class SearchRequest:
    """One search: a query tree, an optional filter tree, an order and how much to return."""

    query: Node
    restrict: Node | None = None
    sort: str = "relevance"
    # The best `limit` hits are ranked (None: every match, in order), and those from
    # `offset` on returned (a page further down reads only its own hits).
    limit: int | None = 20
    offset: int = 0
    # Count every match: the total and the facets (FACET_FIELDS).
    count: bool = True
    # Keep only the first hit of each episode, in the requested order.
    collapse: bool = False
    # Collect the words to mark (Ranked.terms): prefixes and fuzzy words as expanded.
    terms: bool = True


@dataclass
class QueryTerms:
    """The analysed words and phrases a query looked for, per text field: what to mark."""

    words: dict[str, set[str]] = field(default_factory=dict)
    phrases: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)

    def is_empty(self) -> bool:
        """Return True if nothing in the text can be marked."""
        return not any(self.words.values()) and not any(self.phrases.values())


@dataclass(frozen=True)
class RankedHit:
    """One matching passage: its stored fields (STORED_FIELDS) and score."""

    stored: Mapping[str, Any]
    score: float = 0.0


@dataclass
class Ranked:
    """What an engine found: the hits asked for, every match counted, and whether cut."""

    hits: list[RankedHit] = field(default_factory=list)
    # Every matching passage (0 if not counted).
    total: int = 0
    # Facet name -> value -> matching passages, over every match (FACET_FIELDS).
    facets: dict[str, dict[Any, int]] = field(default_factory=dict)
    # The time budget ran out: hits and counts are what was found in time.
    cut: bool = False
    # Notes about how the query was run (a prefix matching too many words, say).
    notes: tuple[str, ...] = ()
    terms: QueryTerms = field(default_factory=QueryTerms)


class Reader(Protocol):
    """A point-in-time view of an engine's index, used by one thread at a time."""

    def search(self, request: SearchRequest) -> Ranked:
        """Run one search."""
        ...

    def count(self, query: Node, restrict: Node | None = None) -> int:
        """Return how many passages match (for "did you mean": at least 1 is enough)."""
        ...

    def passage_at(self, episode_id: str, order: int) -> Mapping[str, Any] | None:
        """Return the stored fields of an episode's passage by its place, or None."""
        ...

    def doc_count(self) -> int:
        """Return how many passages the index holds."""
        ...

    def doc_frequency(self, field: str, word: str) -> int:
        """Return in how many passages an analysed word occurs in a field."""
        ...

    def words_within(self, field: str, word: str, maxdist: int, prefix: int) -> Iterable[str]:
        """Yield the field's indexed words within `maxdist` edits of `word` (same first
        `prefix` letters), from the parts of the index worth asking ("did you mean")."""
        ...

    def stored_passages(self) -> Iterator[Mapping[str, Any]]:
        """Yield the stored fields of every passage (verify reads them)."""
        ...

    def fresh(self) -> Reader:
        """Return a reader on the index as it is now: this one if nothing changed."""
        ...

    def close(self) -> None:
        """Release the files or connections the reader holds."""
        ...


class Engine(Protocol):
    """One archive's index in one engine: written from the store, searched through readers."""

    name: str
    # Bump when what the engine stores or how it analyses changes: an index written by
    # another version must be rebuilt (`verbatim reindex`).
    schema_version: int

    def exists(self) -> bool:
        """Return True if the index has been created."""
        ...

    def create(self) -> None:
        """Create an empty index if there is none (a new archive's, before any write)."""
        ...

    def reader(self) -> Reader:
        """Open a reader (an index never written reads as empty)."""
        ...

    def reading(self, fn: Callable[[], T]) -> T:
        """Call `fn`, which reads the index: the engine's own failures become
        IndexDamagedError, naming `verbatim verify --repair`."""
        ...

    def write(
        self,
        episodes: Mapping[str, Sequence[Mapping[str, Any]]],
        *,
        remove: Iterable[str] = (),
    ) -> int:
        """Replace the passages of these episodes (episode id -> its documents) and remove
        those of `remove`, in one commit; return the passages written."""
        ...

    def rebuild(self, episodes: Iterable[tuple[str, Sequence[Mapping[str, Any]]]]) -> int:
        """Build a fresh index of exactly these episodes, swapped in whole; return passages."""
        ...

    def optimize(self) -> int:
        """Compact the index for searching; return how many parts it had before."""
        ...

    def parts(self) -> int:
        """Return how many parts (segments, shards) a search visits."""
        ...

    def indexed_episode_ids(self) -> set[str]:
        """Return the ids of the episodes with passages in the index."""
        ...

    def health(self) -> dict[str, Any]:
        """Report the index without changing it: {"engine", "schema", "passages", "parts",
        "bytes"} (bytes on disk, or None where the engine cannot tell)."""
        ...

    def recover(self) -> None:
        """Bring the engine's own records (checksums, say) up to date after a write that
        was cut short committed without them."""
        ...

    def check_files(self) -> list[str]:
        """Return one line per problem the engine finds in its own storage."""
        ...
