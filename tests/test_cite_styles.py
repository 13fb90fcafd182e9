"""Citation styles against the published podcast-episode examples, and CSL-JSON's schema.

Each test rebuilds a published example's data as a Verbatim episode, cites it, and compares
the result with the example itself. Where Verbatim has an element the example lacks (the
passage's time, the transcript revision, the date accessed) or lacks one the example has
(an episode number, a publisher, a file format), the example is edited in exactly that
place, with a comment; everything else (element order, punctuation, quotation marks and
italics) must match character for character.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

import jsonschema
import pytest

from archive.research.citation import CitationData, citation_data
from archive.research.cite_styles import apa, chicago, csl_item, csl_json, markdown, mla
from transcripts.model import Episode, Participant, Passage, Source

ACCESSED = date(2025, 5, 1)
LOCATOR = "12:30–13:10"


def example_data(
    *,
    title: str,
    show: str | None,
    date_: str | None,
    speaker: str,
    people: Sequence[tuple[str, str | None]],
    episode_id: str = "example",
    timed: bool = True,
) -> CitationData:
    """Build a one-passage episode from an example's facts and gather its citation data."""
    passage = Passage(
        id=f"{episode_id}.1",
        turn=1,
        speaker=speaker,
        section=None,
        start_ms=750_000 if timed else None,
        end_ms=790_000 if timed else None,
        text="Words from the example episode.",
    )
    episode = Episode(
        id=episode_id,
        title=title,
        source=Source(filename="example.txt", format="txt", sha256="0" * 64),
        passages=(passage,),
        participants=tuple(Participant(name, role) for name, role in people),
        show=show,
        date=date_,
    )
    permalink = f"https://archive.example.org/p/{passage.id}"
    return citation_data(episode, passage, permalink=permalink, accessed=ACCESSED)


# --- APA 7 ------------------------------------------------------------------------------

# APA Style's podcast-episode reference (APA 7, section 10.13), as reproduced by
# https://scholaris.joseluissaorin.com/blog/cite/cite-podcast-in-apa-7 and
# https://library.rgu.ac.uk/apa-referencing/podcasts; *...* marks italics.
APA_EXAMPLE = (
    "Glass, I. (Host). (2011, August 12). Amusement park (No. 443) [Audio podcast episode]. "
    "In *This American Life*. WBEZ Chicago. https://www.thisamericanlife.org/443/amusement-park"
)


def test_apa_matches_the_published_podcast_episode_example() -> None:
    """Host as author with (Host), date, title, [Audio podcast episode], In *Show*."""
    data = example_data(
        title="Amusement park",
        show="This American Life",
        date_="2011-08-12",
        speaker="Ira Glass",
        people=[("Ira Glass", "host")],
    )
    expected = (
        APA_EXAMPLE
        # The transcript revision takes the slot of the episode number.
        .replace("(No. 443)", "(Transcript revision 1)")
        # The passage's time joins the bracketed description.
        .replace("[Audio podcast episode]", f"[Audio podcast episode, {LOCATOR}]")
        # The archive records no publisher.
        .replace(" WBEZ Chicago.", "")
        # A transcript can change: APA's retrieval date for changing works, and our permalink.
        .replace(
            "https://www.thisamericanlife.org/443/amusement-park",
            f"Retrieved May 1, 2025, from {data.permalink}",
        )
    )
    assert markdown(apa(data)) == expected


def test_apa_lists_the_guest_then_the_host_each_with_a_role() -> None:
    """With a guest speaking, APA's author list is `Guest, G. (Guest), & Host, H. (Host).`"""
    data = example_data(
        title="Amusement park",
        show="This American Life",
        date_="2011-08-12",
        speaker="Jean-Luc Dubois",
        people=[("Ira Glass", "host"), ("Jean-Luc Dubois", "guest")],
    )
    assert markdown(apa(data)).startswith(
        "Dubois, J.-L. (Guest), & Glass, I. (Host). (2011, August 12). Amusement park "
    )


# --- Chicago 17 -------------------------------------------------------------------------

# A Chicago 17 notes-and-bibliography entry for a podcast episode (CMOS 14.267), from
# https://easybib.com/guides/citation-guides/chicago-turabian/how-to-cite-podcast-chicago-turabian
CHICAGO_EXAMPLE = (
    "Starecheski, Laura. “Goat on a Cow.” Produced by New York Public Radio. "
    "*Radiolab*, September 10, 2007. Podcast, MP3 audio, 24:47."
)


def test_chicago_matches_the_published_podcast_episode_example() -> None:
    """Author inverted, “Title.” with the period inside, a role phrase, *Show*, date, Podcast."""
    data = example_data(
        title="Goat on a Cow",
        show="Radiolab",
        date_="2007-09-10",
        speaker="Laura Starecheski",
        people=[("Jad Abumrad", "host"), ("Laura Starecheski", "guest")],
    )
    expected = (
        CHICAGO_EXAMPLE
        # The host interviews the cited speaker, in the example's contributor slot.
        .replace("Produced by New York Public Radio.", "Interview by Jad Abumrad.")
        # The passage's time instead of a file format and the episode's running time.
        .replace("MP3 audio, 24:47.", f"{LOCATOR}.")
        # Chicago's access date comes before the URL, which ends the entry.
        + f" Transcript revision 1. Accessed May 1, 2025. {data.permalink}."
    )
    assert markdown(chicago(data)) == expected


def test_chicago_keeps_a_question_mark_instead_of_adding_a_period() -> None:
    """A title ending in `?` is not followed by a second stop inside the quotes."""
    data = example_data(
        title="Who Keeps the Light?",
        show="Radiolab",
        date_="2007-09",
        speaker="Laura Starecheski",
        people=[],
    )
    assert markdown(chicago(data)).startswith(
        "Starecheski, Laura. “Who Keeps the Light?” *Radiolab*, September 2007. Podcast, "
    )


# --- MLA 9 ------------------------------------------------------------------------------

# MLA 9's podcast-episode pattern, `Host, host. "Episode." *Podcast*, season, episode,
# Publisher, Day Mon. Year, URL.` (https://rephrasely.com/blog/how-to-cite-a-podcast-in-mla-format),
# with the elements of the Serial example listed at
# https://heypaperhero.com/guides/citations/mla/podcasts and https://citedash.ai/cite/mla-9th/podcast.
MLA_EXAMPLE = (
    "Koenig, Sarah, host. “The Alibi.” *Serial*, season 1, episode 1, Chicago Public Media, "
    "3 Oct. 2014, serialpodcast.org/season-one/1/the-alibi."
)


def test_mla_matches_the_published_podcast_episode_example() -> None:
    """`Family, Given, host.` then “Title.” then *Show* and its elements, comma-separated."""
    data = example_data(
        title="The Alibi",
        show="Serial",
        date_="2014-10-03",
        speaker="Sarah Koenig",
        people=[("Sarah Koenig", "host")],
    )
    expected = (
        MLA_EXAMPLE
        # The revision is MLA's version element, which stands where season and episode do.
        .replace("season 1, episode 1", "transcript revision 1")
        # The archive records no publisher.
        .replace("Chicago Public Media, ", "")
        # The passage's time is a location, before the URL; MLA drops the URL's scheme.
        .replace(
            "serialpodcast.org/season-one/1/the-alibi.",
            f"{LOCATOR}, archive.example.org/p/example.1.",
        )
        # MLA's optional access date closes the entry.
        + " Accessed 1 May 2025."
    )
    assert markdown(mla(data)) == expected


def test_mla_names_the_hosts_as_other_contributors_of_a_guest_passage() -> None:
    """A guest is the author; the hosts follow the container as `hosted by`."""
    data = example_data(
        title="The Alibi",
        show="Serial",
        date_="2014-10-03",
        speaker="Rabia Chaudry",
        people=[("Sarah Koenig", "host"), ("Dana Chivvis", "host"), ("Rabia Chaudry", "guest")],
        timed=False,
    )
    assert markdown(mla(data)) == (
        "Chaudry, Rabia. “The Alibi.” *Serial*, hosted by Sarah Koenig and Dana Chivvis, "
        "transcript revision 1, 3 Oct. 2014, para. 1, archive.example.org/p/example.1. "
        "Accessed 1 May 2025."
    )


# --- CSL-JSON against its schema --------------------------------------------------------

# No well-kept PyPI package ships CSL's `csl-data.json` (citeproc-py bundles the CSL schema
# repository but leaves the JSON schemas out of its wheel), so this is the published
# structure of csl-data.json v1.0.2 (citation-style-language/schema,
# schemas/input/csl-data.json), written out here: the item types, the name, date, string
# and number variables, `required: [type, id]` and `additionalProperties: false`.
CSL_TYPES = (
    "article article-journal article-magazine article-newspaper bill book broadcast chapter "
    "classic collection dataset document entry entry-dictionary entry-encyclopedia figure "
    "graphic hearing interview legal_case legislation manuscript map motion_picture "
    "musical_score pamphlet paper-conference patent performance periodical "
    "personal_communication post post-weblog regulation report review review-book software "
    "song speech standard thesis treaty webpage"
).split()
CSL_NAMES = (
    "author chair collection-editor compiler composer container-author contributor curator "
    "director editor editorial-director executive-producer interviewer illustrator organizer "
    "original-author performer producer recipient reviewed-author translator"
).split()
CSL_DATES = "accessed available-date container event-date issued original-date submitted".split()
CSL_STRINGS = (
    "language journalAbbreviation shortTitle abstract annote archive archive_collection "
    "archive_location archive-place authority call-number citation-label collection-title "
    "container-title container-title-short dimensions division DOI event event-place genre "
    "ISAN ISBN ISCI ISMN ISRC ISSN ISWC jurisdiction keyword medium note original-publisher "
    "original-publisher-place original-title part-title PMCID PMID publisher publisher-place "
    "references reviewed-title scale section source status title title-short "
    "translated-title translated-title-short URL version year-suffix"
).split()
CSL_NUMBERS = (
    "chapter-number citation-number collection-number edition first-reference-note-number "
    "issue locator number number-of-pages number-of-volumes page page-first part printing "
    "supplement volume"
).split()
_SCALAR = ["string", "number", "boolean"]
CSL_DATA_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "type": {"type": "string", "enum": CSL_TYPES},
            "id": {"type": ["string", "number"]},
            "categories": {"type": "array", "items": {"type": "string"}},
            "custom": {"type": "object"},
            **{n: {"type": "array", "items": {"$ref": "#/definitions/name"}} for n in CSL_NAMES},
            **{d: {"$ref": "#/definitions/date"} for d in CSL_DATES},
            **{s: {"type": "string"} for s in CSL_STRINGS},
            **{n: {"type": ["string", "number"]} for n in CSL_NUMBERS},
        },
        "required": ["type", "id"],
        "additionalProperties": False,
    },
    "definitions": {
        "name": {
            "type": "object",
            "properties": {
                **{
                    k: {"type": "string"}
                    for k in ("family", "given", "dropping-particle", "non-dropping-particle")
                },
                **{k: {"type": "string"} for k in ("suffix", "literal")},
                **{k: {"type": _SCALAR} for k in ("comma-suffix", "static-ordering")},
                "parse-names": {"type": _SCALAR},
            },
            "additionalProperties": False,
        },
        "date": {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "properties": {
                        "date-parts": {
                            "type": "array",
                            "items": {
                                "type": "array",
                                "items": {"type": ["string", "number"]},
                                "minItems": 1,
                                "maxItems": 3,
                            },
                            "minItems": 1,
                            "maxItems": 2,
                        },
                        "season": {"type": ["string", "number"]},
                        "circa": {"type": _SCALAR},
                        "literal": {"type": "string"},
                        "raw": {"type": "string"},
                        "edtf": {"type": "string"},
                    },
                    "additionalProperties": False,
                },
            ]
        },
    },
}


@pytest.mark.parametrize(
    ("speaker", "people", "date_", "expected_type"),
    [
        (
            "Osei Mensah",
            [("Nell Brannigan", "host"), ("Osei Mensah", "guest")],
            "2023-11-07",
            "interview",
        ),
        (
            "Nell Brannigan",
            [("Nell Brannigan", "host"), ("Kit Oduya", "host")],
            "2023-11",
            "broadcast",
        ),
        ("Narrator", [], "sometime in 1999", "broadcast"),
        ("Osei Mensah", [], None, "broadcast"),
    ],
)
def test_csl_json_validates_against_the_csl_data_schema(
    speaker: str, people: list[tuple[str, str | None]], date_: str | None, expected_type: str
) -> None:
    """Every shape of passage gives CSL-JSON that the csl-data schema accepts."""
    data = example_data(
        title="Reading the Tide Tables",
        show="Shoreline Stories" if people else None,
        date_=date_,
        speaker=speaker,
        people=people,
        timed=bool(date_),
    )
    document = json.loads(csl_json(data))
    jsonschema.Draft7Validator.check_schema(CSL_DATA_SCHEMA)
    jsonschema.validate(document, CSL_DATA_SCHEMA)
    assert document[0]["type"] == expected_type


def test_the_schema_check_would_catch_a_wrong_item() -> None:
    """The schema refuses an unknown type and an unknown property, so the test above can fail."""
    item = csl_item(example_data(title="T", show=None, date_=None, speaker="A B", people=[]))
    for wrong in ({**item, "type": "podcast"}, {**item, "host": [{"literal": "X"}]}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate([wrong], CSL_DATA_SCHEMA)


def test_csl_json_carries_the_podcast_facts() -> None:
    """The item names the guest as author and the host as interviewer, dates, link, version."""
    item = csl_item(
        example_data(
            title="Goat on a Cow",
            show="Radiolab",
            date_="2007-09-10",
            speaker="Laura Starecheski",
            people=[("Jad Abumrad", "host"), ("Laura Starecheski", "guest")],
        )
    )
    assert item["author"] == [{"family": "Starecheski", "given": "Laura"}]
    assert item["interviewer"] == [{"family": "Abumrad", "given": "Jad"}]
    assert item["container-title"] == "Radiolab"
    assert item["issued"] == {"date-parts": [[2007, 9, 10]]}
    assert item["accessed"] == {"date-parts": [[2025, 5, 1]]}
    assert item["URL"] == "https://archive.example.org/p/example.1"
    assert item["version"] == "1"
    assert LOCATOR in item["note"]
