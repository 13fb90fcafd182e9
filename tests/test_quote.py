"""The quote checker on a real index: reordered, changed, run-together and straddling quotes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.cli import cli
from archive.engines import open_engine
from archive.errors import QueryError
from archive.ingest.pipeline import add_file
from archive.research.quote import MAX_QUOTE_CHARS, QuoteResults, check_quote
from archive.search.service import SearchService
from archive.store.folder import Archive

# Search behaviour every engine must show: runs once per available engine (conftest).
pytestmark = pytest.mark.engine_contract

DATA = Path(__file__).resolve().parent / "data" / "quote"
SAID = "It was the first time I saw the sea"
CONTRACT_MATCH_KEYS = {"passage_id", "episode_id", "speaker", "start_ms", "score", "text", "diff"}


def build_quote_archive(root: Path, engine: str = "whoosh") -> Archive:
    """Ingest the three invented interviews through the real pipeline."""
    archive = Archive.init(root, engine=engine)
    for name, title, show, date in (
        ("harbour-nights.vtt", "Harbour Nights", "Coastal Voices", "2024-03-14"),
        ("market-morning.txt", "Market Morning", "City Desk", "2022-07-01"),
        ("sea-birds.txt", "Sea Birds", "Coastal Voices", "2023-05-02"),
    ):
        add_file(archive, DATA / name, title=title, show=show, date=date)
    return archive


@pytest.fixture(scope="module")
def quotes(tmp_path_factory: pytest.TempPathFactory, engine_name: str) -> Archive:
    """Return one archive for the whole module: checking a quote never writes."""
    return build_quote_archive(tmp_path_factory.mktemp("quote") / "archive", engine_name)


def ids(results: QuoteResults) -> list[str]:
    """Return the first passage id of each match, best first."""
    return [m.passage_id for m in results.matches]


def ops(results: QuoteResults, rank: int = 0) -> list[tuple[str, str, str]]:
    """Return a match's diff as (op, quote, source) triples."""
    return [(op.op, op.quote, op.source) for op in results.matches[rank].diff]


def test_the_exact_sentence_scores_one_and_comes_first(quotes: Archive) -> None:
    """The sentence as said is found whole, with the speaker, episode and time."""
    results = check_quote(quotes, SAID)
    best = results.matches[0]
    assert best.passage_id == "harbour-nights.2"
    assert best.score == pytest.approx(1.0)
    assert (best.speaker, best.episode_title, best.show) == (
        "Tomas Ferreira",
        "Harbour Nights",
        "Coastal Voices",
    )
    assert (best.date, best.start_ms, best.end_ms) == ("2024-03-14", 6500, 22000)
    assert best.matched_text == "It was the first time I saw the sea,"
    assert [op.op for op in best.diff] == ["equal"]
    assert all(m.score < best.score for m in results.matches[1:])


def test_case_and_punctuation_differences_count_as_equal(quotes: Archive) -> None:
    """Shouting, commas and exclamation marks change nothing that was said."""
    results = check_quote(quotes, "IT WAS THE FIRST TIME, I SAW THE SEA!")
    assert ids(results)[0] == "harbour-nights.2"
    assert results.matches[0].score == pytest.approx(1.0)
    assert [op for op, _, _ in ops(results)] == ["equal"]


def test_reordered_words_find_the_source_first(quotes: Archive) -> None:
    """A quote with its clauses swapped still finds what was said, above the decoy."""
    results = check_quote(quotes, "I saw the sea for the first time")
    assert ids(results)[0] == "harbour-nights.2"
    scores = {m.passage_id: m.score for m in results.matches}
    assert 0.6 < scores["harbour-nights.2"] < 1.0
    assert scores["harbour-nights.2"] > scores["sea-birds.1"]


def test_an_added_and_a_changed_word_are_diffed_word_by_word(quotes: Archive) -> None:
    """A hand-checked diff: "very" was added, "sea" was remembered as "ocean"."""
    results = check_quote(quotes, "It was the very first time I saw the ocean")
    assert ids(results)[0] == "harbour-nights.2"
    assert ops(results) == [
        ("equal", "It was the", "It was the"),
        ("insert", "very", ""),
        ("equal", "first time I saw the", "first time I saw the"),
        ("replace", "ocean", "sea,"),
    ]
    assert 0.6 < results.matches[0].score < 0.9


def test_one_added_word_scores_below_the_exact_quote(quotes: Archive) -> None:
    """ "It was the very first time" is close to what was said, and not the same."""
    exact = check_quote(quotes, SAID).matches[0]
    changed = check_quote(quotes, "It was the very first time I saw the sea").matches[0]
    assert changed.passage_id == exact.passage_id
    assert 0.7 < changed.score < exact.score


def test_misremembered_quote_with_curly_quotes_and_an_em_dash(quotes: Archive) -> None:
    """Typographic quotes and a dash in place of a full stop are not differences."""
    pasted = "“People ask me if the nights are lonely — I tell them the keeper is never alone.”"
    results = check_quote(quotes, pasted)
    best = results.matches[0]
    assert best.passage_id == "harbour-nights.4"
    assert best.score > 0.8
    changes = [(op, q, s) for op, q, s in ops(results) if op != "equal"]
    assert changes == [("replace", "if", "whether")]
    assert best.matched_text == (
        "People ask me whether the nights are lonely. I tell them the keeper is never alone"
    )


@pytest.mark.parametrize("mark", ["…", "...", "[…]", "[...]", ". . ."])
def test_fragments_joined_by_an_ellipsis(quotes: Archive, mark: str) -> None:
    """Two fragments of one passage, the words between them dropped on purpose."""
    results = check_quote(
        quotes, f"I was nine years old {mark} the lamp was turning over a silver bay"
    )
    best = results.matches[0]
    assert best.passage_id == "harbour-nights.2"
    assert best.score > 0.95
    assert ("delete", "", "My father carried me up the iron stairs of the tower, and") in ops(
        results
    )
    assert any("2 fragments" in note for note in results.notes)


def test_fragments_run_together_without_a_mark(quotes: Archive) -> None:
    """Fragments simply concatenated are found too, a little below a marked quote."""
    results = check_quote(quotes, "I was nine years old the lamp was turning over a silver bay")
    assert ids(results)[0] == "harbour-nights.2"
    assert 0.85 < results.matches[0].score < 1.0
    assert not results.notes


def test_a_quote_across_two_passages_of_one_turn(quotes: Archive) -> None:
    """A quote that runs over a paragraph break is matched to both passages."""
    pasted = "the first customers come before sunrise with their own baskets, they want bread"
    best = check_quote(quotes, pasted).matches[0]
    assert best.passage_ids == ("market-morning.2", "market-morning.3")
    assert best.passage_id == "market-morning.2"
    assert best.speaker == "Teodor Vance"
    assert best.score > 0.9
    assert best.matched_text == (
        "The first customers come before sunrise, with their own baskets. They want bread"
    )
    assert "nobody leaves without tasting something." in best.text


def test_a_decoy_sharing_the_common_words_ranks_below(quotes: Archive) -> None:
    """The decoy says nearly every word of the quote, in another order: it comes later."""
    results = check_quote(quotes, SAID)
    found = ids(results)
    assert found.index("harbour-nights.2") < found.index("sea-birds.1")
    scores = {m.passage_id: m.score for m in results.matches}
    assert scores["sea-birds.1"] < 0.75


def test_each_passage_appears_once(quotes: Archive) -> None:
    """A passage and the same passage joined with its neighbour are not two matches."""
    found = [pid for m in check_quote(quotes, SAID, limit=10).matches for pid in m.passage_ids]
    assert len(found) == len(set(found))


def test_filters_and_limit(quotes: Archive) -> None:
    """--speaker and --show restrict the candidates; limit caps the matches."""
    by_host = check_quote(quotes, SAID, speaker="Whitlock")
    assert ids(by_host)[0] == "harbour-nights.5"
    assert {m.speaker for m in by_host.matches} == {"Dana Whitlock"}
    city = check_quote(quotes, SAID, show="City Desk")
    assert {m.episode_id for m in city.matches} <= {"market-morning"}
    assert len(check_quote(quotes, "the first time", limit=2).matches) == 2


def test_a_searcher_or_a_service_gives_the_same_answer(quotes: Archive) -> None:
    """The library takes an archive, an open engine reader or the web app's service."""
    expected = check_quote(quotes, "I saw the sea for the first time").to_dict()
    with SearchService(quotes) as service:
        assert check_quote(service, "I saw the sea for the first time").to_dict() == expected
    reader = open_engine(quotes).reader()
    try:
        assert check_quote(reader, "I saw the sea for the first time").to_dict() == expected
    finally:
        reader.close()


def test_nothing_like_it_gives_no_matches_and_a_note(quotes: Archive) -> None:
    """Words nobody said find nothing, and the notes say so."""
    results = check_quote(quotes, "quantum zebra marmalade")
    assert results.matches == ()
    assert results.notes and "No passage" in results.notes[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("?! — …", "no words"),
        ("word " * (MAX_QUOTE_CHARS // 5 + 1), "at most 2,000 characters"),
    ],
)
def test_odd_input_is_refused_with_a_clear_message(
    quotes: Archive, text: str, message: str
) -> None:
    """Empty, wordless and overlong quotes raise QueryError, never anything else."""
    with pytest.raises(QueryError, match=message):
        check_quote(quotes, text)


@pytest.mark.parametrize("limit", [0, 51, "3"])
def test_a_bad_limit_is_refused(quotes: Archive, limit: object) -> None:
    """The limit is checked before the index is touched."""
    with pytest.raises(QueryError, match="limit"):
        check_quote(quotes, SAID, limit=limit)  # type: ignore[arg-type]


def test_to_dict_has_the_contract_keys(quotes: Archive) -> None:
    """Quote JSON: query and matches, each with the contract's keys and a diff of ops."""
    data = check_quote(quotes, "It was the very first time I saw the ocean").to_dict()
    assert data["query"] == "It was the very first time I saw the ocean"
    match = data["matches"][0]
    assert CONTRACT_MATCH_KEYS <= set(match)
    assert list(match)[:7] == [
        "passage_id",
        "episode_id",
        "speaker",
        "start_ms",
        "score",
        "text",
        "diff",
    ]
    assert {"op": "insert", "quote": "very", "source": ""} in match["diff"]
    assert match["url"] == "/p/harbour-nights.2"


# --- the command line --------------------------------------------------------------------


def run(archive: Archive, *args: str) -> Result:
    """Run `verbatim --archive ROOT quote ...` and return the click result."""
    return CliRunner().invoke(cli, ["--archive", str(archive.root), "quote", *args])


def test_cli_json_is_the_contract(quotes: Archive) -> None:
    """`verbatim quote TEXT --json` prints the quote JSON, best match first."""
    result = run(quotes, "I was nine years old ... a silver bay", "--json", "--limit", "2")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"query", "matches"}
    assert 1 <= len(data["matches"]) <= 2
    assert data["matches"][0]["passage_id"] == "harbour-nights.2"
    assert CONTRACT_MATCH_KEYS <= set(data["matches"][0])


def test_cli_report_marks_the_changes(quotes: Archive) -> None:
    """People see the score, who and where, the marked text and the permalink."""
    result = run(quotes, "It was the very first time I saw the ocean", "--limit", "1")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("1. ") and "%" in lines[0]
    assert "Tomas Ferreira · Harbour Nights · 2024-03-14 · 0:06" in lines[0]
    assert lines[1].strip() == "It was the {+very+} first time I saw the [-sea,-]{+ocean+}"
    assert lines[2].strip() == "/p/harbour-nights.2"


def test_cli_empty_quote_is_a_one_line_error(quotes: Archive) -> None:
    """An empty quote prints `error: ...` on one line and exits 1."""
    result = run(quotes, "  ")
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "error: paste a quote to check: the text is empty"
    ]


# Words from the fixtures and the marks people paste, so that most examples reach the aligner.
PASTED_WORDS = st.sampled_from(
    "it was the first time I saw sea nine years old lamp bay … ... — “ ” , . [ ] SEA".split()
)


@settings(max_examples=80, deadline=None)
@given(text=st.text(max_size=120) | st.lists(PASTED_WORDS, max_size=30).map(" ".join))
def test_any_pasted_text_answers_or_says_why_not(quotes: Archive, text: str) -> None:
    """Whatever is pasted, the checker answers with matches or a QueryError, nothing else."""
    try:
        results = check_quote(quotes, text)
    except QueryError as exc:
        assert str(exc)
        return
    assert all(0.0 <= m.score <= 1.0 for m in results.matches)
    assert all(m.diff for m in results.matches)
