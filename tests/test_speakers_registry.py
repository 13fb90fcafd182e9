"""The speaker registry: people, aliases in any script, corrections, and search that knows them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

import archive.research.speaker_corrections as corrections_module
from archive.errors import ArchiveError
from archive.ingest.pipeline import add_file
from archive.research.speaker_corrections import (
    SpeakerConflictError,
    add_alias,
    merge_speakers,
    rename_speaker,
)
from archive.research.speakers import SpeakerNotFoundError, find_speaker, get_speaker, list_speakers
from archive.search.indexing import rebuild
from archive.search.run import search
from archive.store.folder import Archive
from archive.store.registry import (
    Person,
    Registry,
    derived_id,
    load_registry,
    name_key,
    registry_path,
)
from transcripts.model import Episode

DATA = Path(__file__).parent / "data" / "speakers"
KHMER_NAME = "សុខា ចាន់"


def add_speaker_fixtures(archive: Archive) -> Archive:
    """Add the four interviews in which one teacher appears under three labels."""
    add_file(archive, DATA / "river-school.txt", hosts=["Dara Keo"], guests=["Sokha Chan"],
             date="2024-01-10")  # fmt: skip
    add_file(archive, DATA / "rice-harvest.txt", guests=["Sokha"], date="2024-02-01")
    add_file(archive, DATA / "night-market.txt", hosts=["Vanna Lim"], date="2024-03-05")
    add_file(archive, DATA / "pepper-farm.txt", hosts=["Vanna Lim"], date="2024-04-20")
    return archive


@pytest.fixture
def people(archive: Archive) -> Archive:
    """Return an archive holding the speaker fixtures."""
    return add_speaker_fixtures(archive)


def by_id(archive: Archive) -> dict[str, dict[str, object]]:
    """Return the speaker listing keyed by person id."""
    return {s.id: s.to_dict() for s in list_speakers(archive)}


# --- names and the file -----------------------------------------------------------------


def test_names_resolve_without_case_or_accents_but_keep_khmer_vowels() -> None:
    """Names match across case and accents; Khmer vowel signs are letters and stay."""
    assert name_key("ÉLODIE  Martin") == name_key("elodie martin") == "elodie martin"
    assert "\u17bb" in name_key(KHMER_NAME)  # the vowel sign of សុ
    assert name_key(KHMER_NAME) != name_key("សខ ចន")


def test_ids_are_url_safe_in_any_script() -> None:
    """A Latin name slugs; a Khmer name, which has no slug, gets a stable hashed id."""
    assert derived_id("Élodie Martin") == "elodie-martin"
    khmer = derived_id(KHMER_NAME)
    assert re.fullmatch(r"person-[0-9a-f]{10}", khmer)
    assert derived_id(" សុខា  ចាន់ ") == khmer


def test_registry_round_trips_through_its_json() -> None:
    """from_dict(to_dict(r)) == r, aliases in other scripts and history included."""
    person = Person("sokha-chan", "Sokha Chan", ("Sokha", KHMER_NAME), former_ids=("sokha",))
    registry = Registry((person.noted("alias", "added alias", date="2024-05-01T10:00:00+00:00"),))
    again = Registry.from_dict(json.loads(json.dumps(registry.to_dict())))
    assert again == registry
    assert again.person("SOKHA") is not None and again.person("SOKHA").id == "sokha-chan"
    assert again.by_id("sokha") == again.by_id("sokha-chan")


def test_a_damaged_registry_is_named_in_the_error(people: Archive) -> None:
    """A registry that is not JSON raises an ArchiveError naming the file and the fix."""
    registry_path(people).write_text("{", encoding="utf-8")
    with pytest.raises(ArchiveError, match=r"speakers\.json.*remove it"):
        load_registry(people)


# --- the derived list -------------------------------------------------------------------


def test_unregistered_names_are_listed_as_written_with_counts(people: Archive) -> None:
    """With no registry, each label is its own person; accent and case variants are one."""
    listing = by_id(people)
    khmer = derived_id(KHMER_NAME)
    assert set(listing) == {"dara-keo", "sokha-chan", "dara", "sokha", khmer, "vanna-lim",
                            "elodie-martin"}  # fmt: skip
    counts = {pid: (s["episodes"], s["passages"], s["roles"]) for pid, s in listing.items()}
    assert counts == {
        "dara-keo": (1, 3, ["host"]),
        "sokha-chan": (1, 3, ["guest"]),
        "dara": (1, 2, []),
        "sokha": (1, 2, ["guest"]),
        khmer: (1, 1, []),
        "vanna-lim": (2, 3, ["host"]),
        "elodie-martin": (2, 3, []),
    }
    spellings = {listing["elodie-martin"]["name"], *listing["elodie-martin"]["aliases"]}
    assert spellings == {"Élodie Martin", "ELODIE MARTIN"}
    assert not registry_path(people).exists()


# --- corrections ------------------------------------------------------------------------


def test_merge_and_a_khmer_alias_make_one_person(people: Archive) -> None:
    """Merging "Sokha" and aliasing the Khmer spelling gathers all six passages."""
    merged = merge_speakers(people, "sokha chan", "SOKHA")
    assert set(merged.reindexed) == {"river-school", "rice-harvest"}
    aliased = add_alias(people, "Sokha Chan", KHMER_NAME)
    assert set(aliased.reindexed) == {"river-school", "rice-harvest", "night-market"}

    sokha = get_speaker(people, "sokha-chan")
    assert (sokha.name, sokha.aliases) == ("Sokha Chan", ("Sokha", KHMER_NAME))
    assert (sokha.episodes, sokha.passages, sokha.roles) == (3, 6, ("guest",))
    assert {a.episode_id: a.as_written for a in sokha.appearances} == {
        "river-school": ("Sokha Chan",),
        "rice-harvest": ("Sokha",),
        "night-market": (KHMER_NAME,),
    }
    assert [c.action for c in sokha.history] == ["merge", "alias"]
    for change in sokha.history:
        assert datetime.fromisoformat(change.date).tzinfo is not None
    assert "sokha" not in by_id(people) and derived_id(KHMER_NAME) not in by_id(people)
    # The merged-away id still finds the person it became.
    assert get_speaker(people, "sokha").id == "sokha-chan"
    assert find_speaker(people, KHMER_NAME).id == "sokha-chan"


def test_search_filters_and_hits_follow_the_registry(people: Archive) -> None:
    """`speaker:` takes any alias, hits show the canonical name and keep the as-written one."""
    assert search(people, "", speaker="Sokha Chan").total == 3
    merge_speakers(people, "Sokha Chan", "Sokha")
    add_alias(people, "Sokha Chan", KHMER_NAME)
    for name in ("Sokha Chan", "សុខា", "sokha"):
        assert search(people, "", speaker=name).total == 6, name
    results = search(people, "", speaker="ចាន់", page_size=10)
    assert {h.speaker for h in results.hits} == {"Sokha Chan"}
    assert {h.speaker_as_written for h in results.hits} == {"Sokha Chan", "Sokha", KHMER_NAME}
    assert {h.speaker_id for h in results.hits} == {"sokha-chan"}
    assert results.facets["speaker"] == [{"value": "Sokha Chan", "count": 6}]
    assert search(people, "", person="sokha-chan").total == 6
    # The query language reads the registry too.
    assert search(people, "speaker:សុខា monsoon").total == 1


def test_rename_keeps_the_id_and_the_old_name_as_an_alias(people: Archive) -> None:
    """A new canonical name everywhere; the old one still finds the person."""
    done = rename_speaker(people, "dara keo", "Keo Dara")
    assert done.person.id == "dara-keo" and done.person.aliases == ("Dara Keo",)
    assert done.reindexed == ("river-school",)
    assert get_speaker(people, "dara-keo").name == "Keo Dara"
    hits = search(people, "floating", speaker="Dara Keo").hits
    assert [(h.speaker, h.speaker_as_written) for h in hits] == [("Keo Dara", "Dara Keo")]
    assert get_speaker(people, "dara-keo").history[0].detail == "renamed 'Dara Keo' to 'Keo Dara'"


def test_renaming_onto_a_name_in_use_joins_that_speaker(people: Archive) -> None:
    """Renaming "Dara" to "Dara Keo" makes them one person; the old page id still resolves."""
    rename_speaker(people, "Dara", "Dara Keo")
    dara = get_speaker(people, "dara-keo")
    assert (dara.id, dara.name, dara.passages, dara.episodes) == ("dara", "Dara Keo", 5, 2)
    assert search(people, "harvest", speaker="Dara Keo").total == 2


def test_corrections_never_touch_episodes_or_originals(
    people: Archive, tree_hash: Callable[[Path], str]
) -> None:
    """Episode records and kept originals are byte for byte the same after corrections."""
    before = tree_hash(people.episodes_dir)
    merge_speakers(people, "Sokha Chan", "Sokha")
    add_alias(people, "Sokha Chan", KHMER_NAME)
    rename_speaker(people, "Sokha Chan", "Chan Sokha")
    assert tree_hash(people.episodes_dir) == before
    assert people.get_episode("rice-harvest").passages[1].speaker == "Sokha"


def test_a_new_episode_is_indexed_with_the_registry(
    people: Archive,
    make_episode: Callable[..., Episode],
    store_episode: Callable[[Archive, Episode], Episode],
) -> None:
    """An episode added after a correction already resolves its speaker labels."""
    merge_speakers(people, "Sokha Chan", "Sokha")
    store_episode(people, make_episode("late-visit", [("sokha", "I came back for the pepper.")]))
    hits = search(people, "pepper", speaker="Sokha Chan").hits
    assert [(h.passage_id, h.speaker, h.speaker_as_written) for h in hits] == [
        ("late-visit.1", "Sokha Chan", "sokha")
    ]


def test_a_rebuilt_index_keeps_the_registry(people: Archive) -> None:
    """`reindex` rebuilds from the store and the registry: aliases survive it."""
    add_alias(people, "Vanna Lim", "Lim Vanna")
    rebuild(people)
    assert search(people, "", speaker="Lim Vanna").total == 3


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda a: rename_speaker(a, "Nobody Here", "X"), r"no speaker 'Nobody Here'.*speakers"),
        (lambda a: rename_speaker(a, "Sokha", "  "), r"cannot be empty"),
        (lambda a: rename_speaker(a, "Vanna Lim", "Vanna Lim"), r"already has that name"),
        (lambda a: add_alias(a, "Sokha Chan", "SOKHA CHAN"), r"already goes by"),
        (lambda a: merge_speakers(a, "Sokha Chan", "sokha-chan"), r"already one person"),
    ],
)
def test_a_refused_correction_changes_nothing(
    people: Archive, tree_hash: Callable[[Path], str], action: object, message: str
) -> None:
    """Every refusal names the speaker and the fix, and leaves the archive as it was."""
    before = tree_hash(people.root)
    with pytest.raises(ArchiveError, match=message):
        action(people)  # type: ignore[operator]
    assert tree_hash(people.root) == before


def test_a_name_cannot_stand_for_two_people(people: Archive, tree_hash: Callable) -> None:
    """Aliasing another registered person's name is refused with the merge to run instead."""
    add_alias(people, "Vanna Lim", "Lim Vanna")
    before = tree_hash(people.root)
    with pytest.raises(SpeakerConflictError, match=r"already names 'Vanna Lim'.*merge"):
        add_alias(people, "Dara Keo", "LIM VANNA")
    with pytest.raises(SpeakerConflictError, match=r"already names"):
        rename_speaker(people, "Dara Keo", "vanna lim")
    assert tree_hash(people.root) == before


def test_the_registry_is_put_back_when_reindexing_fails(
    people: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the index cannot be written, the registry returns to what it was."""
    add_alias(people, "Vanna Lim", "Lim Vanna")
    saved = registry_path(people).read_bytes()

    def fail(*_: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(corrections_module, "index_episodes", fail)
    with pytest.raises(OSError):
        merge_speakers(people, "Sokha Chan", "Sokha")
    assert registry_path(people).read_bytes() == saved
    registry_path(people).unlink()
    with pytest.raises(OSError):
        merge_speakers(people, "Sokha Chan", "Sokha")
    assert not registry_path(people).exists()


def test_unknown_ids_are_not_found(people: Archive) -> None:
    """get_speaker raises SpeakerNotFoundError for an id no one has."""
    with pytest.raises(SpeakerNotFoundError, match="no speaker with id 'nobody'"):
        get_speaker(people, "nobody")
