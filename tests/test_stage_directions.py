"""Stage directions (`[laughs]`, `(Applause)`) are kept in the text, marked, and never searched."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from archive.ingest.pipeline import add_file
from archive.integrity.verify import verify
from archive.research.quote import check_quote
from archive.research.quote_candidates import quote_words
from archive.search.documents import episode_documents
from archive.search.run import search
from archive.store.folder import Archive
from transcripts.cue_speakers import bracket_label
from transcripts.model import Episode
from transcripts.speakers import is_name_like, is_stage_note
from transcripts.stage_directions import STAGE_WORDS, spoken_text, stage_spans

if TYPE_CHECKING:
    from flask.testing import FlaskClient

DATA = Path(__file__).resolve().parent / "data" / "stage"


@pytest.mark.parametrize(
    "note",
    ["[laughs]", "(Applause)", "(inaudible)", "[CROSSTALK]", "(Laughter)", "[music]",
     "[Laughs]", "(LAUGHTER)", "[laughs softly]", "(both laugh)", "(audience applauds)",
     "[inaudible 00:12:03]", "[crosstalk 12:03]", "(crosstalk)", "[Dan chuckles]",
     "(Ana Ruiz laughs)", "(clears throat)", "(Clears his throat)", "(a long pause)",
     "[music continues]", "[upbeat music]", "[laughter and applause]", "[Laughter, applause]",
     "[MÚSICA]", "[risas]", "(rires)", "[♪♪]", "[blank_audio]", "(unintelligible)",
     "[laughs.]", "(phone rings)", "[silence]", "(sighs)", "[ríe suavemente]", "[Ana ríe]",
     "[vítores y aplausos]", "[llora]"],
)  # fmt: skip
def test_a_note_of_sound_alone_is_one_stage_direction(note: str) -> None:
    assert stage_spans(note) == ((0, len(note)),)
    assert is_stage_note(note)


@pytest.mark.parametrize(
    "text",
    ["(I think)", "(I laugh)", "(Dan)", "[Ana Ruiz]", "[Speaker 1]", "(see below)", "(2019)",
     "[00:12:03]", "(laughs at the very idea that he would win)", "(Think about it)",
     "laughs", "[laughs", "laughs)", "(the idea)", "[sic]", "(applause is earned)",
     "[Music director Ana Ruiz]", "(and I mean it)", "(laughs} ", "(We laugh)"],
)  # fmt: skip
def test_speech_in_brackets_is_not_a_stage_direction(text: str) -> None:
    assert stage_spans(text) == ()
    assert spoken_text(text) == text


def test_spans_point_at_the_notes_in_running_text() -> None:
    text = "I was [laughs] there (I think) (crosstalk). [Applause]"
    spans = stage_spans(text)
    assert [text[start:end] for start, end in spans] == ["[laughs]", "(crosstalk)", "[Applause]"]


def test_spoken_text_blanks_the_notes_and_keeps_every_offset() -> None:
    text = "I was [laughs] there (I think)."
    spoken = spoken_text(text)
    assert len(spoken) == len(text)
    assert spoken.split() == ["I", "was", "there", "(I", "think)."]
    assert spoken_text("no notes here") == "no notes here"


def test_one_list_of_sound_words_serves_the_speaker_readers() -> None:
    """Caption labels and speaker labels reject the same sounds the span function knows."""
    for word in ("Laughter", "Applause", "Crosstalk", "Cheering", "Música", "Chuckles"):
        assert word.casefold() in STAGE_WORDS
        assert not is_name_like(word)
        assert bracket_label(f"[{word}] and then it rained") is None
    assert bracket_label("[Ana Ruiz] and then it rained") == ("Ana Ruiz", "and then it rained")


# --- through the archive: indexing, search, highlights, quotes, verify -----------------------


@pytest.fixture(scope="module")
def stage_archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    """Return an archive of the two invented interviews with stage directions."""
    archive = Archive.init(tmp_path_factory.mktemp("stage") / "archive")
    add_file(archive, DATA / "lamplighters.vtt", title="Lamplighters", show="Night Shift")
    add_file(archive, DATA / "night-bakery.txt", title="Night Bakery", show="Night Shift")
    return archive


def test_documents_search_the_spoken_text_and_store_the_text_as_written(
    stage_archive: Archive,
) -> None:
    episode = stage_archive.get_episode("lamplighters")
    first = next(episode_documents(episode))
    assert first["text"] == "I was [laughs] there when the lamps went out."
    assert first["spoken"] == spoken_text(first["text"])
    assert "laughs" not in first["spoken"]


@pytest.mark.parametrize("query", ["laughter", "applause", "crosstalk", "inaudible", "softly"])
def test_a_stage_word_finds_no_stage_direction(stage_archive: Archive, query: str) -> None:
    assert search(stage_archive, query).total == 0


def test_a_spoken_stage_word_is_still_found(stage_archive: Archive) -> None:
    results = search(stage_archive, "laughs")
    assert [hit.passage_id for hit in results.hits] == ["lamplighters.3"]
    assert results.hits[0].highlight == (
        'Nobody <mark>laughs</mark> about it now. <span class="stage">[CROSSTALK]</span>'
    )


@pytest.mark.parametrize(
    ("query", "passage_id", "marked"),
    [('"I was there"', "lamplighters.1", "I was [laughs] there"),
     ('"the night and sold out"', "night-bakery.1", "the night (laughs softly) and sold out"),
     ('"everyone tells the ovens"', "night-bakery.2",
      "everyone tells. [inaudible 00:02:13] The ovens")],
)  # fmt: skip
def test_a_phrase_runs_across_a_stage_direction_and_is_marked_whole(
    stage_archive: Archive, query: str, passage_id: str, marked: str
) -> None:
    results = search(stage_archive, query)
    assert [hit.passage_id for hit in results.hits] == [passage_id]
    soup = BeautifulSoup(results.hits[0].highlight, "lxml")
    (mark,) = soup.find_all("mark")
    assert mark.get_text() == marked
    assert mark.find("span", class_="stage") is not None


def test_speech_in_parentheses_is_searched_and_not_marked(stage_archive: Archive) -> None:
    results = search(stage_archive, '"I think"')
    assert {hit.passage_id for hit in results.hits} == {"lamplighters.2", "night-bakery.3"}
    for hit in results.hits:
        assert "(<mark>I think</mark>)" in hit.highlight


def test_hits_carry_the_stage_directions_offsets(stage_archive: Archive) -> None:
    (hit,) = search(stage_archive, '"whole square"').hits
    data = hit.to_dict()
    assert data["text"] == hit.text  # the stored text, unchanged
    assert [data["text"][s:e] for s, e in data["stage_directions"]] == ["(Applause)"]
    assert data["highlight"].startswith('<span class="stage">(Applause)</span> The ')


def test_the_quote_checker_does_not_count_stage_words() -> None:
    assert [w.norm for w in quote_words("I was [laughs] there (I think)")] == [
        "i", "was", "there", "i", "think",
    ]  # fmt: skip


def test_a_quote_said_around_a_stage_direction_is_verbatim(stage_archive: Archive) -> None:
    results = check_quote(stage_archive, "I was there when the lamps went out")
    best = results.matches[0]
    assert best.passage_ids == ("lamplighters.1",)
    assert {op.op for op in best.diff} == {"equal"}


def test_the_archive_verifies_with_stage_directions(stage_archive: Archive) -> None:
    report = verify(stage_archive)
    assert report.ok, report


# --- the site: marked on the page, offsets in the JSON ---------------------------------------


@pytest.fixture
def stage_client(
    tmp_path: Path,
    make_episode: Callable[..., Episode],
    store_episode: Callable[[Archive, Episode], Episode],
) -> Iterator[FlaskClient]:
    """Return a test client on an archive of the fixtures and one hostile passage."""
    from web import create_app, resources

    archive = Archive.init(tmp_path / "archive")
    add_file(archive, DATA / "lamplighters.vtt", title="Lamplighters")
    store_episode(
        archive, make_episode("hostile", [("Ana", "[laughs] <script>x()</script> & (I think)")])
    )
    app = create_app({"TESTING": True, "ARCHIVE": str(archive.root)})
    yield app.test_client()
    resources.close(app)


def test_the_episode_page_marks_stage_directions(stage_client: FlaskClient) -> None:
    page = BeautifulSoup(stage_client.get("/episodes/lamplighters").text, "lxml")
    stages = [span.get_text() for span in page.select(".transcript .passage .stage")]
    assert stages == ["[laughs]", "(Applause)", "[CROSSTALK]"]
    texts = [span.get_text() for span in page.select(".transcript .passage .text")]
    assert texts[1] == "(Applause) The whole square went dark, (I think) for an hour."


def test_the_episode_page_marks_stage_directions_inside_find_marks(
    stage_client: FlaskClient,
) -> None:
    page = BeautifulSoup(
        stage_client.get("/episodes/lamplighters", query_string={"q": '"I was there"'}).text,
        "lxml",
    )
    (mark,) = page.select(".transcript .passage mark")
    assert mark.get_text() == "I was [laughs] there"
    assert [s.get_text() for s in mark.select(".stage")] == ["[laughs]"]


def test_a_marked_passage_is_still_escaped(stage_client: FlaskClient) -> None:
    html = stage_client.get("/episodes/hostile").text
    assert "<script>x()" not in html
    assert (
        '<span class="stage">[laughs]</span> &lt;script&gt;x()&lt;/script&gt; &amp; (I think)'
        in html
    )


def test_the_episode_json_stays_the_stored_record(stage_client: FlaskClient) -> None:
    data = stage_client.get("/api/episodes/lamplighters").get_json()
    assert data["passages"][0]["text"] == "I was [laughs] there when the lamps went out."
    assert "stage_directions" not in data["passages"][0]


def test_the_passage_json_gives_its_stage_directions(stage_client: FlaskClient) -> None:
    data = stage_client.get("/api/passages/lamplighters.1").get_json()
    text = data["passage"]["text"]
    assert [text[s:e] for s, e in data["stage_directions"]] == ["[laughs]"]
    assert data["stage_directions"] == [[6, 14]]
