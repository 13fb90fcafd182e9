"""Name variants within one file: full labels, their short forms, and what stays apart."""

from __future__ import annotations

import pytest

from transcripts.model import Document, Source, Utterance
from transcripts.name_variants import is_record_label, offices, read_name, resolve_variants
from transcripts.speakers import SpeakerResolver
from transcripts.turns import build_episode


def test_a_member_label_is_read_as_the_person_with_seat_and_party() -> None:
    form = read_name("Mr Anselm Quarry (Fenwick and Dale) (Lab/Co-op):")
    assert form is not None
    assert form.person == "Mr Anselm Quarry"
    assert (form.honorific, form.given, form.surname) == ("mr", ("Anselm",), "Quarry")
    assert (form.seat, form.party, form.office) == ("Fenwick and Dale", "Lab/Co-op", None)


def test_an_office_with_a_bracketed_name_is_the_person_holding_it() -> None:
    form = read_name("The Secretary of State for Inland Waters (Dr Petra Linnell)")
    assert form is not None
    assert form.person == "Dr Petra Linnell"
    assert form.office == "The Secretary of State for Inland Waters"
    assert form.surname == "Linnell"


@pytest.mark.parametrize(
    ("label", "person", "seat"),
    [
        ("Rhona Keel (Ross, Moor and Firth) (SNP)", "Rhona Keel", "Ross, Moor and Firth"),
        ("Lord Ambry of Hollins (Con)", "Lord Ambry of Hollins", None),
        ("Wilhelm Sorge (FDP)", "Wilhelm Sorge", None),
    ],
)
def test_seats_commas_peers_and_party_only_labels(
    label: str, person: str, seat: str | None
) -> None:
    form = read_name(label)
    assert form is not None and form.person == person and form.seat == seat
    assert is_record_label(label)


@pytest.mark.parametrize(
    "label",
    ["Host (Jane Doe)", "John Smith (translated)", "Breaking news (Reuters)", "Key point (for me)"],
)
def test_brackets_that_are_not_a_seat_party_or_office_are_not_a_record_label(label: str) -> None:
    assert not is_record_label(label)


def test_a_sentence_naming_an_office_is_not_an_office_label() -> None:
    assert read_name("The key question for the Minister") is None
    assert is_record_label("The Minister for Ports")
    assert is_record_label("Madam Deputy Speaker")


def test_parliamentary_short_forms_join_their_full_form() -> None:
    mapping = resolve_variants(
        [
            "Mr Anselm Quarry (Fenwick and Dale) (Lab)",
            "The Minister for Ports (Ms Nadia Orrell)",
            "Mr Quarry",
            "Ms Orrell",
            "The Minister for Ports",
        ]
    )
    assert mapping == {
        "Mr Anselm Quarry (Fenwick and Dale) (Lab)": "Mr Anselm Quarry",
        "The Minister for Ports (Ms Nadia Orrell)": "Ms Nadia Orrell",
        "Mr Quarry": "Mr Anselm Quarry",
        "Ms Orrell": "Ms Nadia Orrell",
        "The Minister for Ports": "Ms Nadia Orrell",
    }


def test_broadcast_and_interview_short_forms_join_their_full_form() -> None:
    mapping = resolve_variants(["BERT KALLAS", "KALLAS", "Dr. Wenna Strode", "Dr. Strode"])
    assert mapping["KALLAS"] == "BERT KALLAS"
    assert mapping["Dr. Strode"] == "Dr. Wenna Strode"


def test_full_forms_differing_only_by_honorific_or_case_are_one_person() -> None:
    mapping = resolve_variants(["Bert Kallas", "BERT KALLAS", "Mr Bert Kallas (Upton) (Ind)"])
    assert set(mapping.values()) == {"Mr Bert Kallas"}


def test_two_people_sharing_a_surname_stay_apart_and_the_short_form_is_not_guessed() -> None:
    mapping = resolve_variants(["Mr Ivo Brandt (Eastwold) (Con)", "Mrs Lise Brandt", "Mr Brandt"])
    assert mapping["Mr Ivo Brandt (Eastwold) (Con)"] == "Mr Ivo Brandt"
    assert mapping["Mrs Lise Brandt"] == "Mrs Lise Brandt"
    assert mapping["Mr Brandt"] == "Mr Brandt"


def test_a_bare_surname_two_people_could_own_is_left_as_written() -> None:
    mapping = resolve_variants(["Ivo Brandt", "Lise Brandt", "BRANDT"])
    assert mapping["BRANDT"] == "BRANDT"


def test_an_honorific_of_the_other_gender_is_someone_else() -> None:
    assert resolve_variants(["Mr Ivo Brandt", "Mrs Brandt"])["Mrs Brandt"] == "Mrs Brandt"


def test_sir_and_dame_go_with_the_first_name() -> None:
    mapping = resolve_variants(["Sir Piers Odell", "Sir Piers", "Sir Odell"])
    assert mapping["Sir Piers"] == "Sir Piers Odell"
    assert mapping["Sir Odell"] == "Sir Odell"


def test_an_office_two_people_held_in_one_file_is_left_as_written() -> None:
    mapping = resolve_variants(
        [
            "Mr Deputy Speaker (Mr Rolf Amsel)",
            "Mr Deputy Speaker (Mrs Ada Crane)",
            "Mr Deputy Speaker",
        ]
    )
    assert mapping["Mr Deputy Speaker"] == "Mr Deputy Speaker"
    assert offices(["Mr Deputy Speaker (Mr Rolf Amsel)"]) == {"Mr Rolf Amsel": "Mr Deputy Speaker"}


def test_a_bare_word_no_full_name_explains_is_left_to_the_other_rules() -> None:
    assert "Nick" not in resolve_variants(["Nicholas Ferro", "Nick"])
    # ... which still join a nickname to its full name.
    assert SpeakerResolver(labels=["Nicholas Ferro", "Nick"]).canonical("Nick") == "Nicholas Ferro"


def test_the_resolver_records_each_variant_and_gives_the_office_as_the_role() -> None:
    labels = ["The Minister for Ports (Ms Nadia Orrell)", "Ms Orrell", "Speaker 1", "Speaker 2"]
    resolver = SpeakerResolver(labels=labels)
    assert resolver.canonical("Ms Orrell") == "Ms Nadia Orrell"
    assert resolver.role("Ms Nadia Orrell") == "The Minister for Ports"
    assert "treated 'Ms Orrell' as 'Ms Nadia Orrell'" in resolver.warnings
    # Generic labels are never anyone's variant.
    assert resolver.canonical("Speaker 2") == "Speaker 2"


def test_a_given_host_keeps_the_host_role_over_an_office() -> None:
    resolver = SpeakerResolver(hosts=["Ms Nadia Orrell"], labels=["Chair (Ms Nadia Orrell)"])
    assert resolver.role(resolver.canonical("Chair (Ms Nadia Orrell)")) == "host"


def test_an_episode_files_every_variant_under_one_person() -> None:
    document = Document(
        format="txt",
        items=(
            Utterance("What will the Minister do?", "Mr Anselm Quarry (Fenwick and Dale) (Lab)"),
            Utterance("Build the quay.", "The Minister for Ports (Ms Nadia Orrell)"),
            Utterance("When?", "Mr Quarry"),
            Utterance("Soon.", "Ms Orrell"),
        ),
    )
    source = Source(filename="debate.txt", format="txt", sha256="0" * 64)
    episode = build_episode(document, episode_id="debate", source=source)
    assert [p.speaker for p in episode.passages] == [
        "Mr Anselm Quarry",
        "Ms Nadia Orrell",
        "Mr Anselm Quarry",
        "Ms Nadia Orrell",
    ]
    assert {p.name: p.role for p in episode.participants} == {
        "Mr Anselm Quarry": None,
        "Ms Nadia Orrell": "The Minister for Ports",
    }


def test_spellings_of_one_full_name_are_one_person() -> None:
    mapping = resolve_variants(["Corin T. Maddox", "Corin Maddox", "C. Maddox", "MR. MADDOX"])
    assert set(mapping.values()) == {"Corin T. Maddox"}


@pytest.mark.parametrize(
    "labels",
    [
        ["Corin Maddox", "C. Maddox", "Cleo Maddox", "MADDOX"],  # "C." could be either
        ["Corin T. Maddox", "Corin E. Maddox", "MR. MADDOX"],  # the middle names differ
        ["Mr Corin Maddox", "Dr Corin Maddox", "Maddox"],  # the honorifics differ
    ],
)
def test_spellings_that_could_be_two_people_stay_apart(labels: list[str]) -> None:
    mapping = resolve_variants(labels)
    assert mapping == {label: label for label in labels}


def test_a_lords_office_with_a_peer_and_party_is_the_peer() -> None:
    form = read_name("The Minister of State, Harbours Office (Lord Tamsin of Ebb) (Con)")
    assert form is not None
    assert (form.person, form.office, form.party) == (
        "Lord Tamsin of Ebb",
        "The Minister of State, Harbours Office",
        "Con",
    )


def test_peers_are_told_apart_by_their_designation() -> None:
    labels = ["Lord Carrow of Fenby (Lab)", "Lord Carrow of Westry (Con)", "Lord Carrow"]
    assert resolve_variants(labels) == {
        "Lord Carrow of Fenby (Lab)": "Lord Carrow of Fenby",
        "Lord Carrow of Westry (Con)": "Lord Carrow of Westry",
        "Lord Carrow": "Lord Carrow",
    }
    # A peer is not a commoner who shares the name.
    assert resolve_variants(["Lord Carrow", "Ivo Carrow"]) == {
        "Lord Carrow": "Lord Carrow",
        "Ivo Carrow": "Ivo Carrow",
    }
