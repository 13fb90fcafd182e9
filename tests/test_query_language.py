"""The query language reads into Verbatim's own tree, and Whoosh compiles it as before.

Golden: for every harvested query string (tests/data/query_language_golden.json, 667 of
them, recorded from the Whoosh-parser path this language replaced), the tree compiled by
archive.engines.whoosh.compile is the Whoosh query that path built, with the same notes
and the same verdict on cost; random query-like text always reads into a runnable tree.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from archive.engines.whoosh.compile import to_whoosh
from archive.query import tree as qt
from archive.query.cost import is_expensive
from archive.query.language import parse_query
from archive.query.syntax import ID_FIELDS, SCHEMA_FIELDS, UNSEARCHABLE_FIELDS

GOLDEN = json.loads(
    (Path(__file__).parent / "data" / "query_language_golden.json").read_text(encoding="utf-8")
)
STRINGS = sorted(GOLDEN)


def _new(text: str) -> dict[str, object]:
    try:
        tree, notes = parse_query(text)
    except Exception as exc:  # the old path's crashes are replicated, and recorded so
        return {"raises": type(exc).__name__}
    return {"query": repr(to_whoosh(tree)), "notes": list(notes)}


def _recorded(text: str) -> dict[str, object]:
    return {k: v for k, v in GOLDEN[text].items() if k != "expensive"}


@pytest.mark.parametrize("text", STRINGS, ids=range(len(STRINGS)))
def test_golden(text: str) -> None:
    """The compiled tree's repr and the notes are those the old parser recorded."""
    assert _new(text) == _recorded(text)


# --- random text: the language never fails on what people type ---------------------------

TOKENS = [
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR/3",
    "NEAR/0",
    "NEAR/77",
    "ANDNOT",
    "ANDMAYBE",
    "REQUIRE",
    "(",
    ")",
    '"',
    "-",
    "*",
    "?",
    "~",
    "~2",
    "~1/2",
    "speaker:",
    "show:",
    "exact:",
    "section:",
    "episode:",
    "Speaker:",
    "foo:",
    "year:",
    "*:",
    "date:2023",
    "date:2023-05",
    "date:2023-01..2023-06",
    "date:20x",
    "storm",
    "keeper",
    "lamp",
    "Élodie",
    "don't",
    "well-known",
    "ក្មេង",
    "東京",
    "ไทย",
    "🙂",
    ",",
    ".",
    "\n",
    "“",
    "”",
    "a",
    "the",
    "wom?n",
    "ru*",
    "kepr~",
]
query_text = st.lists(
    st.tuples(st.sampled_from(TOKENS) | st.text(max_size=3), st.sampled_from(["", " ", "  "])),
    max_size=14,
).map(lambda parts: "".join(token + sep for token, sep in parts))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query_text)
def test_random_query_text_reads_into_a_tree_every_engine_can_run(text: str) -> None:
    """Random query-like text never raises: it reads (twice alike) into a tree that compiles.

    While the Whoosh parser still existed, 7,500 such texts read the same through both.
    """
    tree, notes = parse_query(text)
    assert parse_query(text) == (tree, notes)
    assert isinstance(to_whoosh(tree), wq.Query)
    assert is_expensive(text) in (True, False)


@pytest.mark.parametrize("text", STRINGS, ids=range(len(STRINGS)))
def test_is_expensive_as_the_old_test_said(text: str) -> None:
    """The cost test on the tree gives what the old one on Whoosh's query recorded."""
    assert is_expensive(text) == GOLDEN[text]["expensive"]


def test_field_lists_match_the_schema() -> None:
    """The syntax knows every index field, and reads the ID fields as whole values."""
    from whoosh.fields import ID, TEXT

    from archive.engines.whoosh.index import SCHEMA

    assert set(SCHEMA.names()) == SCHEMA_FIELDS
    assert {n for n in SCHEMA.names() if type(SCHEMA[n]) is ID} == ID_FIELDS
    assert not {n for n in UNSEARCHABLE_FIELDS if isinstance(SCHEMA[n], TEXT)}


# --- the tree itself -----------------------------------------------------------------------


def test_leaves_walk_and_transform() -> None:
    """Leaves come left to right; transform rebuilds bottom-up."""
    a, b, c = qt.Term("stem", "a"), qt.Phrase("exact", ("b", "c")), qt.Prefix("exact", "d")
    tree = qt.And((a, qt.Or((b, qt.Not(c))), qt.Near((a, b), slop=3)))
    assert list(qt.leaves(tree)) == [a, b, c, a, b]
    assert list(qt.leaves(qt.NOTHING)) == [qt.NOTHING]
    assert len(list(qt.walk(tree))) == 9
    upper = qt.transform(tree, lambda n: qt.Term(n.field, n.text.upper()) if n == a else n)
    assert list(qt.leaves(upper))[0] == qt.Term("stem", "A")
    assert qt.AndNot(a, b) == qt.AndNot(a, b) and hash(tree) == hash(
        qt.transform(tree, lambda n: n)
    )


def test_parse_gives_the_tree() -> None:
    """The language reads into the tree: stems, exact phrases, patterns, NEAR and dates."""
    tree, notes = parse_query('keepers "The Lamp" Élo* NEAR/3 storm date:2023')
    assert notes == ()
    assert tree == qt.And(
        (
            qt.And(
                (
                    qt.Term("stem", "keeper"),
                    qt.Phrase("exact", ("the", "lamp")),
                    qt.Near((qt.Prefix("exact", "elo"), qt.Term("stem", "storm")), slop=3),
                )
            ),
            qt.DateRange(20230101, 20231231),
        )
    )
    assert parse_query("") == (qt.NOTHING, ())
    assert to_whoosh(qt.NOTHING) is wq.NullQuery


def test_the_language_imports_no_engine() -> None:
    """archive.query.language loads no Whoosh (the package's __init__ is bypassed)."""
    code = (
        "import sys, types; from pathlib import Path; "
        "pkg = types.ModuleType('archive'); pkg.__path__ = [str(Path('archive').resolve())]; "
        "sys.modules['archive'] = pkg; import archive.query.language; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('whoosh', 'flask')))"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_a_long_query_with_andnot_is_cut_not_an_error() -> None:
    """Over 100 words with ANDNOT inside: cut to the first 100 with a note (the Whoosh
    parser this replaced raised TypeError there, a server error)."""
    from archive.query.language import MAX_CLAUSES, TOO_MANY_NOTE

    text = "a ANDNOT b " + " ".join(f"c{i}" for i in range(130))
    tree, notes = parse_query(text)
    assert notes == (TOO_MANY_NOTE.format(n=MAX_CLAUSES),)
    assert len(list(qt.leaves(tree))) == MAX_CLAUSES
    assert isinstance(qt.children(tree)[0], qt.AndNot)
