"""Speaker-label rules: names versus sentences and sounds, stage notes, generic labels, aliases."""

from __future__ import annotations

import pytest

from transcripts.speakers import (
    SpeakerResolver,
    is_generic,
    is_name_like,
    is_stage_note,
    merge_aliases,
    split_label,
    split_marker,
)


@pytest.mark.parametrize(
    "label", ["Break", "Ad break", "Intermission", "Music", "Jingle", "Outro", "Intro music",
              "Laughter", "APPLAUSE", "Crosstalk"],
)  # fmt: skip
def test_sounds_and_breaks_are_never_names(label: str) -> None:
    assert not is_name_like(label)
    assert split_label(f"{label}: something plays") is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("**Break:** [17:42]", ("break", "Break", "[17:42]")),
        ("**Ad break**: Sponsors", ("break", "Ad break", "Sponsors")),
        ("Intermission:", ("break", "Intermission", "")),
        ("**Jingle:** [36:59]", ("sound", "Jingle", "[36:59]")),
        ("Outro music: la la la", ("sound", "Outro music", "la la la")),
        ("**Ana Ruiz:** Hello.", None),
        ("Breaking news: it rains.", None),
    ],
)
def test_split_marker(line: str, expected: tuple[str, str, str] | None) -> None:
    assert split_marker(line) == expected


@pytest.mark.parametrize(
    "note", ["[laughs]", "[Laughter]", "(crosstalk)", "[inaudible 00:12:03]", "[Dan chuckles]",
             "(Applause)", "[unintelligible]"],
)  # fmt: skip
def test_stage_notes(note: str) -> None:
    assert is_stage_note(note)
    assert split_label(f"{note}: and then") is None


@pytest.mark.parametrize("text", ["[Ana Ruiz]", "[Speaker 1]", "laughs", "[12:00] Hi"])
def test_not_stage_notes(text: str) -> None:
    assert not is_stage_note(text)


@pytest.mark.parametrize(
    "label", ["Speaker 1", "SPEAKER 12", "Speaker #2", "Interviewer", "Respondent", "Guest A",
              "Host", "Q", "Audience member"],
)  # fmt: skip
def test_generic_labels(label: str) -> None:
    assert is_generic(label)


@pytest.mark.parametrize("label", ["Ana Ruiz", "Speakerman", "Hostetler", "Quentin"])
def test_names_are_not_generic(label: str) -> None:
    assert not is_generic(label)


@pytest.mark.parametrize("label", ["SPEAKER_00", "speaker_12", "spk_0", "spk1", "0", "16", "B"])
def test_diarisation_ids_are_generic(label: str) -> None:
    assert is_generic(label)


def test_a_diarisation_id_is_never_merged_with_a_named_person() -> None:
    """`SPEAKER_00` once joined "Spencer Hale" (both open "spe"); `spk_0` joined "Spkarl"."""
    labels = ["Spencer Hale", "SPEAKER_00", "Spkarl Mann", "spk_0", "Bea Lind", "B", "0"]
    mapping = merge_aliases(labels)
    assert all(mapping[label] == label for label in labels)
    resolver = SpeakerResolver(hosts=["Spencer Hale"], guests=["Bea Lind"], labels=labels)
    assert [resolver.canonical(label) for label in ("SPEAKER_00", "B", "0")] == [
        "SPEAKER_00",
        "B",
        "0",
    ]


def test_a_first_name_joins_the_full_name() -> None:
    assert merge_aliases(["Jerod Santo", "Kevin Ball", "Jerod", "Kevin"]) == {
        "Jerod Santo": "Jerod Santo",
        "Kevin Ball": "Kevin Ball",
        "Jerod": "Jerod Santo",
        "Kevin": "Kevin Ball",
    }


@pytest.mark.parametrize(
    ("short", "full"),
    [("Ball", "Kevin Ball"), ("Kball", "Kevin Ball"), ("Nick", "Nicholas Nisi"),
     ("NICK", "Nicholas Nisi"), ("Kev", "Kevin Ball"), ("Lin", "Dr. Mei Lin"),
     ("Mei", "Dr. Mei Lin")],
)  # fmt: skip
def test_last_names_nicknames_and_initials_join(short: str, full: str) -> None:
    assert merge_aliases([full, "Ana Ruiz", short])[short] == full


def test_the_short_label_may_come_first() -> None:
    assert merge_aliases(["Ana", "Ana Ruiz"])["Ana"] == "Ana Ruiz"


def test_two_people_sharing_a_first_name_are_not_merged() -> None:
    mapping = merge_aliases(["Ana Ruiz", "Ana Lopez", "Ana", "Ruiz"])
    assert mapping["Ana"] == "Ana"  # could be either
    assert mapping["Ruiz"] == "Ana Ruiz"  # only one Ruiz
    assert mapping["Ana Ruiz"] == "Ana Ruiz" and mapping["Ana Lopez"] == "Ana Lopez"


def test_generic_labels_are_never_merged() -> None:
    labels = ["Speaker 1", "Speaker 2", "Interviewer", "Respondent", "Host", "Hosanna Reyes"]
    mapping = merge_aliases(labels)
    assert mapping == {label: label for label in labels}


@pytest.mark.parametrize(
    "labels", [["Kevin Ball", "Ke"], ["Kevin Ball", "Bo"], ["Kevin Ball", "Kevin Bell"]]
)
def test_labels_that_fit_no_one_stay_themselves(labels: list[str]) -> None:
    mapping = merge_aliases(labels)
    assert mapping == {label: label for label in labels}


def test_resolver_merges_the_labels_it_is_given_and_says_so() -> None:
    resolver = SpeakerResolver(labels=["Jerod Santo", "Jerod", "Speaker 2"])
    assert resolver.canonical("Jerod") == "Jerod Santo"
    assert resolver.canonical("Speaker 2") == "Speaker 2"
    assert resolver.warnings == ["treated 'Jerod' as 'Jerod Santo'"]


def test_resolver_gives_an_alias_the_role_of_its_full_name() -> None:
    resolver = SpeakerResolver(hosts=["Jerod Santo"], labels=["Jerod Santo", "Jerod"])
    name = resolver.canonical("Jerod")
    assert (name, resolver.role(name)) == ("Jerod Santo", "host")


def test_resolver_without_labels_behaves_as_before() -> None:
    resolver = SpeakerResolver(guests=["Ana Ruiz"])
    assert resolver.canonical("Ruiz") == "Ana Ruiz"
    assert resolver.canonical("ANA LOPEZ") == "ANA LOPEZ"
    assert resolver.canonical("Ana Lopez") == "ANA LOPEZ"  # first spelling wins
    assert resolver.warnings == []
