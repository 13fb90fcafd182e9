"""The search engine for journalists: operators, filters, sorting, collapsing, facets, hints.

Every test searches a real index on disk, built by `add_file` from the transcripts in
tests/data/search/ (written for these tests). By hand, "storm" is in 7 passages:
keepers-night .3 (Mara Quill) and .4 (Mu Sochua); market-dawn .2 (Teodor Vance) and .3
(Rosa Pell); asia-desk .4 (Lin Mei); ferry-winter .1 (Mara Quill) and .2 (Ivo Brand).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from archive.ingest.pipeline import add_file
from archive.query.language import DEGRADED_NOTE, MAX_CLAUSES
from archive.search.run import SUGGEST_AT_MOST, search, search_episode
from archive.search.service import SearchService
from archive.store.folder import Archive
from transcripts.model import Episode, Participant

# Search behaviour every engine must show: runs once per available engine (conftest).
pytestmark = pytest.mark.engine_contract

DATA = Path(__file__).resolve().parent / "data" / "search"
EPISODES = {
    "keepers-night.vtt": {
        "title": "Keepers of the Night",
        "show": "Coastal Voices",
        "date": "2023-05-10",
        "audio_url": "https://example.org/keepers.mp3",
    },
    "market-dawn.txt": {"title": "Market at Dawn", "show": "City Desk", "date": "2022-11-02"},
    "asia-desk.txt": {"title": "Libraries of Asia", "show": "City Desk", "date": "2023-02-20"},
    "ferry-winter.txt": {"title": "Winter Ferry", "show": "Coastal Voices", "date": "2023-12-01"},
}
STORM = {
    "keepers-night.3",
    "keepers-night.4",
    "market-dawn.2",
    "market-dawn.3",
    "asia-desk.4",
    "ferry-winter.1",
    "ferry-winter.2",
}


@pytest.fixture
def desk(archive: Archive) -> Archive:
    """An archive of the four search fixtures, added as an archivist would."""
    for name, options in EPISODES.items():
        add_file(archive, DATA / name, **options)
    return archive


def ids(archive: Archive, query: str, **options: object) -> list[str]:
    """Return the passage ids a query finds, in result order."""
    options.setdefault("page_size", 100)
    return [h.passage_id for h in search(archive, query, **options).hits]  # type: ignore[arg-type]


def test_fixture_passages_are_as_counted(desk: Archive) -> None:
    """The hand counts in this module's docstring hold."""
    assert set(ids(desk, "storm")) == STORM


def test_and_or_not_minus_and_brackets(desk: Archive) -> None:
    """Boolean operators, `-word` and brackets combine as written."""
    assert set(ids(desk, "storm AND keeper")) == {
        "keepers-night.4",
        "ferry-winter.1",
        "ferry-winter.2",
    }
    assert set(ids(desk, "cider OR fishmongers")) == {"keepers-night.2", "market-dawn.4"}
    assert set(ids(desk, "storm NOT keeper")) == STORM - {
        "keepers-night.4",
        "ferry-winter.1",
        "ferry-winter.2",
    }
    assert ids(desk, "storm -keeper") == ids(desk, "storm NOT keeper")
    assert set(ids(desk, "(market OR ferry) AND storm")) == {
        "market-dawn.2",
        "market-dawn.3",
        "ferry-winter.1",
    }
    assert set(ids(desk, 'storm -"the keeper"')) == STORM - {"keepers-night.4", "ferry-winter.2"}


def test_prefix_and_fuzzy_are_opt_in(desk: Archive) -> None:
    """`keep*` matches word forms; a typo only matches with `~`, never silently."""
    assert set(ids(desk, "lighth*")) == {"keepers-night.1", "keepers-night.2", "asia-desk.4"}
    assert ids(desk, "keper") == []
    assert set(ids(desk, "keper~")) == {
        "keepers-night.4",
        "keepers-night.6",
        "ferry-winter.1",
        "ferry-winter.2",
    }
    assert ids(desk, "keepyrr~") == []  # two edits away needs ~2
    assert "ferry-winter.1" in ids(desk, "keepyrr~2")
    hit = search(desk, "keper~", episode="ferry-winter").hits[0]
    assert "<mark>keeper</mark>" in hit.highlight


def test_sloppy_phrase_and_near(desk: Archive) -> None:
    """`"a b"~N` keeps the order within N words; NEAR takes either order within 10."""
    assert ids(desk, '"keeper storm"') == []
    assert ids(desk, '"keeper storm"~5') == ["ferry-winter.1"]
    assert ids(desk, '"storm keeper"~5') == ["ferry-winter.2"]
    assert set(ids(desk, "keeper NEAR storm")) == {
        "keepers-night.4",
        "ferry-winter.1",
        "ferry-winter.2",
    }
    assert set(ids(desk, "storm NEAR keeper")) == set(ids(desk, "keeper NEAR storm"))
    # "keeper" and "lamp" are three words apart in ferry-winter.2.
    assert ids(desk, "lamp NEAR/2 keeper") == []
    assert ids(desk, "lamp NEAR/3 keeper") == ["ferry-winter.2"]
    hit = search(desk, '"keeper storm"~5').hits[0]
    assert hit.highlight.count("<mark>") == 2


def test_speaker_filter_accepts_any_part_of_any_name(desk: Archive) -> None:
    """Parts of a name, in any case and with or without accents, all find the speaker."""
    elodie = {"keepers-night.2", "keepers-night.5"}
    for name in ("Élodie", "elodie", "ELODIE", "durand", "Élodie Durand", "elodie durand"):
        assert set(ids(desk, "", speaker=name)) == elodie, name
    assert set(ids(desk, "speaker:elodie")) == elodie
    assert set(ids(desk, 'speaker:"Élodie Durand" lamp')) == {"keepers-night.5"}
    sochua = {"keepers-night.4", "keepers-night.7"}
    assert set(ids(desk, "", speaker="sochua")) == sochua
    assert set(ids(desk, "", speaker="mu sochua")) == sochua
    assert set(ids(desk, "speaker:sochua")) == sochua
    assert ids(desk, "", speaker="sochua mu") == []  # words of a name keep their order


@dataclass(frozen=True)
class RegistryParticipant(Participant):
    """A participant as a later speaker registry may give it: with aliases."""

    aliases: tuple[str, ...] = ()


def test_speaker_aliases_are_indexed(
    archive: Archive,
    make_episode: Callable[..., Episode],
    store_episode: Callable[[Archive, Episode], Episode],
) -> None:
    """Names a participant is also known by find their passages; phrases never span names."""
    episode = make_episode("salon", [("Ada Lovelace", "The engine weaves algebra.")])
    countess = RegistryParticipant("Ada Lovelace", "guest", aliases=("Countess of Lovelace",))
    store_episode(archive, Episode(**{**episode.__dict__, "participants": (countess,)}))
    assert ids(archive, "", speaker="countess") == ["salon.1"]
    assert ids(archive, "engine speaker:countess") == ["salon.1"]
    assert ids(archive, "", speaker="lovelace countess") == []
    hit = search(archive, "engine").hits[0]
    assert hit.speaker == "Ada Lovelace"


def test_show_episode_and_date_filters(desk: Archive) -> None:
    """show:, episode: and date: in the query, and the from/to parameters."""
    assert set(ids(desk, "storm show:coastal")) == {
        "keepers-night.3",
        "keepers-night.4",
        "ferry-winter.1",
        "ferry-winter.2",
    }
    assert set(ids(desk, "storm", show="City Desk")) == {
        "market-dawn.2",
        "market-dawn.3",
        "asia-desk.4",
    }
    assert set(ids(desk, "storm episode:winter-ferry")) == {"ferry-winter.1", "ferry-winter.2"}
    assert set(ids(desk, "storm episode:ferry-winter")) == {"ferry-winter.1", "ferry-winter.2"}
    assert set(ids(desk, "storm date:2022")) == {"market-dawn.2", "market-dawn.3"}
    assert set(ids(desk, "storm date:2023-05")) == {"keepers-night.3", "keepers-night.4"}
    assert set(ids(desk, "storm date:2023-01..2023-06")) == {
        "keepers-night.3",
        "keepers-night.4",
        "asia-desk.4",
    }
    assert set(ids(desk, "storm date:2023-06..")) == {"ferry-winter.1", "ferry-winter.2"}
    assert ids(desk, "storm", date_from="2023-01", date_to="2023-06") == ids(
        desk, "storm date:2023-01..2023-06"
    )
    listed = search(desk, "date:2023-12")
    assert listed.total == 2 and listed.notes == ()
    bad = search(desk, "storm date:soon")
    assert bad.total == 7 and "date:soon" in bad.notes[0]


def test_sort_newest_and_oldest(desk: Archive) -> None:
    """Newest and oldest order by episode date, then passage order within an episode."""
    newest = [
        "ferry-winter.1",
        "ferry-winter.2",
        "keepers-night.3",
        "keepers-night.4",
        "asia-desk.4",
        "market-dawn.2",
        "market-dawn.3",
    ]
    assert ids(desk, "storm", sort="newest") == newest
    oldest = ids(desk, "storm", sort="oldest")
    assert oldest[:2] == ["market-dawn.2", "market-dawn.3"]
    assert oldest[-2:] == ["ferry-winter.1", "ferry-winter.2"]
    paged = ids(desk, "storm", sort="newest", page=2, page_size=3)
    assert paged == newest[3:6]


def test_collapse_keeps_the_best_hit_per_episode(desk: Archive) -> None:
    """Collapsed, there is one hit per episode, saying how many more it had."""
    results = search(desk, "storm", collapse=True)
    assert results.total == 4 and results.passages == 7
    assert len({h.episode_id for h in results.hits}) == len(results.hits) == 4
    matches = {h.episode_id: h.episode_matches for h in results.hits}
    assert matches == {"keepers-night": 2, "market-dawn": 2, "asia-desk": 1, "ferry-winter": 2}
    newest = search(desk, "storm", collapse=True, sort="newest")
    assert [h.passage_id for h in newest.hits] == [
        "ferry-winter.1",
        "keepers-night.3",
        "asia-desk.4",
        "market-dawn.2",
    ]
    second = search(desk, "storm", collapse=True, page=2, page_size=3)
    assert len(second.hits) == 1 and second.pages == 2


def test_facets_count_the_whole_result_set(desk: Archive) -> None:
    """Speaker, show and year counts cover every match, not just the page shown."""
    results = search(desk, "storm", page_size=1)
    assert len(results.hits) == 1 and results.total == 7
    assert results.facets["speaker"][0] == {"value": "Mara Quill", "count": 2}
    assert {f["value"]: f["count"] for f in results.facets["speaker"]} == {
        "Mara Quill": 2,
        "Mu Sochua": 1,
        "Teodor Vance": 1,
        "Rosa Pell": 1,
        "Lin Mei": 1,
        "Ivo Brand": 1,
    }
    assert results.facets["show"] == [
        {"value": "Coastal Voices", "count": 4},
        {"value": "City Desk", "count": 3},
    ]
    assert results.facets["year"] == [
        {"value": "2023", "count": 5},
        {"value": "2022", "count": 2},
    ]
    hit = results.hits[0]
    assert results.episode_counts == {hit.episode_id: hit.episode_matches}


def test_did_you_mean(desk: Archive) -> None:
    """A word the archive lacks is corrected to a close, used one, if that finds more."""
    results = search(desk, "lighthose keeper")
    assert results.total == 0
    assert results.suggestion == "lighthouse keeper"
    assert search(desk, '"Lighthose keepers"').suggestion == '"Lighthouse keepers"'
    assert search(desk, "storm").suggestion is None
    assert search(desk, "zzyzx").suggestion is None
    assert search(desk, "lighthose").to_dict()["suggestion"] == "lighthouse"


def test_no_suggestion_when_the_search_already_finds_plenty(desk: Archive) -> None:
    """A misspelt word OR'd with a common one finds many passages: no "did you mean"."""
    plenty = search(desk, "storm OR lighthose")
    assert plenty.total > SUGGEST_AT_MOST
    assert plenty.suggestion is None
    assert search(desk, "lighthose").suggestion == "lighthouse"


def test_leading_wildcard_is_refused_politely(desk: Archive) -> None:
    """`*ing` is left out with a note; the rest of the query still runs."""
    results = search(desk, "*ing lamp")
    assert len(results.notes) == 1 and "“*ing”" in results.notes[0]
    assert set(h.passage_id for h in results.hits) == set(ids(desk, "lamp"))
    alone = search(desk, "?torm")
    assert alone.total == 0 and alone.notes and "wildcard" in alone.notes[0]


def test_huge_or_is_bounded(desk: Archive) -> None:
    """Thousands of OR'd words are cut to a bounded query, with a note."""
    words = " OR ".join([*(f"nothing{i}" for i in range(3000)), "storm"])
    results = search(desk, words)
    assert results.notes and any(str(MAX_CLAUSES) in note for note in results.notes)
    wide = search(desk, "s* OR t* OR k* OR l*")
    assert wide.total > 0


@pytest.mark.parametrize(
    "query", ['"storm', "storm AND", "OR storm", "(storm", "storm)", "NOT", "storm NEAR"]
)
def test_malformed_queries_degrade_with_a_note(desk: Archive, query: str) -> None:
    """Broken syntax searches the plain words and says so."""
    results = search(desk, query)
    assert results.notes == (DEGRADED_NOTE,)
    if query != "NOT":
        assert set(h.passage_id for h in results.hits) == STORM


def test_highlight_escapes_markup_and_marks_only_matches(desk: Archive) -> None:
    """A passage containing <script> comes back escaped; only the matched word is marked."""
    hit = search(desk, "listener").hits[0]
    assert "<script>" in hit.text
    assert hit.highlight == (
        "&lt;script&gt;alert(&#x27;keeper&#x27;)&lt;/script&gt; is what a "
        "<mark>listener</mark> typed into our form &amp; we printed it."
    )


def test_hits_carry_links_and_audio(desk: Archive) -> None:
    """Each hit has its permalink, episode anchor, audio URL and the contract's keys."""
    results = search(desk, '"during a storm"')
    data = results.to_dict()
    assert {"query", "total", "page", "hits", "facets"} <= data.keys()
    hit = data["hits"][0]
    assert {
        "passage_id": "keepers-night.3",
        "episode_id": "keepers-night",
        "episode_title": "Keepers of the Night",
        "show": "Coastal Voices",
        "date": "2023-05-10",
        "speaker": "Mara Quill",
        "start_ms": 15_000,
        "end_ms": 19_000,
        "url": "/p/keepers-night.3",
        "episode_url": "/episodes/keepers-night#keepers-night.3",
        "audio_url": "https://example.org/keepers.mp3",
    }.items() <= hit.items()
    assert "section" in hit and hit["highlight"].count("<mark>") == 1


def test_search_episode_lists_every_hit_in_passage_order(desk: Archive) -> None:
    """Find-in-transcript: all hits in one episode, in order, from an archive or a service."""
    results = search_episode(desk, "keepers-night", "lamp OR keeper")
    assert [h.passage_id for h in results.hits] == [
        "keepers-night.1",
        "keepers-night.3",
        "keepers-night.4",
        "keepers-night.5",
        "keepers-night.6",
    ]
    assert results.total == 5 and all("<mark>" in h.highlight for h in results.hits)
    with SearchService(desk) as service:
        assert service.search_episode("keepers-night", "lamp OR keeper") == results
        assert search_episode(service, "ferry-winter", "storm").total == 2
    assert search_episode(desk, "keepers-night", "").total == 0
