"""Citing passages: typed references, what every style names, and `verbatim cite`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.cli import cli
from archive.errors import PassageNotFoundError
from archive.research.cite import QUOTE, STYLES, UnknownStyleError, cite, parse_reference
from archive.search.indexing import index_episode
from archive.store.folder import Archive
from tests.conftest import build_episode
from transcripts.model import Episode, Participant

ACCESSED = date(2025, 5, 1)
BASE = "https://archive.example.org"


def interview() -> Episode:
    """A timed interview: a host asks, a guest answers."""
    episode = build_episode(
        "tide-tables",
        [
            ("Nell Brannigan", "Welcome back. Today I am talking to a tide-gauge keeper."),
            ("Osei Mensah-Bonsu", "Thank you. The sea keeps better time than any of us."),
            ("Nell Brannigan", "How long have you kept the gauge?"),
            ("Osei Mensah-Bonsu", "Since the spring of the great storm, nineteen years now."),
        ],
        title="Reading the Tide Tables",
        show="Shoreline Stories",
        date="2023-11-07",
    )
    return replace(
        episode,
        participants=(
            Participant("Nell Brannigan", "host"),
            Participant("Osei Mensah-Bonsu", "guest"),
        ),
    )


def untimed() -> Episode:
    """A transcript with no times, no show and no date: paragraphs are the only locator."""
    return build_episode(
        "kiln-notes",
        [("Rua", "The kiln was cold."), ("Rua", "We lit it at dawn and waited all day.")],
        title="Kiln Notes: 100% Stoneware & Salt_Glaze {#2}",
        timed=False,
    )


@pytest.fixture
def cited(archive: Archive, store_episode: Callable[[Archive, Episode], Episode]) -> Archive:
    """Return an archive holding the interview, corrected twice (revision 3), and the untimed."""
    episode = store_episode(archive, interview())
    for n in (2, 3):
        # Real corrections through the store, so revision 3 is what the archive says.
        episode = archive.add_revision(episode, f"correction {n}".encode(), note=f"fix {n}")
    index_episode(archive, episode)
    store_episode(archive, untimed())
    return archive


# --- typed references -----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "tide-tables.4",
        "tide-tables 4",
        "tide-tables#4",
        "tide-tables:4",
        "  Tide-Tables  04 ",
        "tide-tables ¶4",
        "https://archive.example.org/p/tide-tables.4",
        "http://127.0.0.1:5000/p/tide-tables.4?rev=2",
        "archive.example.org/p/tide-tables.4",
        "/p/tide-tables.4",
        "https://archive.example.org/episodes/tide-tables#tide-tables.4",
    ],
)
def test_parse_reference_accepts_what_people_type(typed: str) -> None:
    """Every form a reader might type or paste names the same passage id."""
    assert parse_reference(typed) == "tide-tables.4"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "tide-tables",
        "night trains",
        "tide tables 4",
        '"it was the first time"',
        "-tide.4",
        "https://archive.example.org/episodes/tide-tables",
        "https://archive.example.org/search?q=tide",
    ],
)
def test_parse_reference_refuses_what_is_not_a_reference(text: str) -> None:
    """Searches, bare episode ids and other pages are not passage references."""
    assert parse_reference(text) is None


# --- what every citation says -----------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
def test_every_style_names_speaker_host_episode_show_date_time_link_revision_access(
    cited: Archive, style: str
) -> None:
    """Each style names all ten things a researcher needs, in its own way."""
    text = cite(cited, "tide-tables 4", style, accessed=ACCESSED, base_url=BASE)
    assert "Mensah-Bonsu" in text
    assert "Brannigan" in text
    assert "Reading the Tide Tables" in text
    assert "Shoreline Stories" in text
    assert re.search(r"2023|Nov", text)
    # The fourth passage of build_episode runs from 0:30 to 0:40; BibTeX writes the dash as --.
    assert re.search(r"0:30(–|--)0:40", text)
    assert f"{BASE}/p/tide-tables.4".split("://")[1] in text
    assert re.search(r"revision 3|\"version\": \"3\"", text, re.IGNORECASE)
    assert re.search(r"2025|May 1|1 May", text)


def test_the_accessed_date_defaults_to_today(cited: Archive) -> None:
    """Without `accessed`, the citation carries today's date."""
    text = cite(cited, "tide-tables.4", "csl-json", base_url=BASE)
    today = date.today()
    item = json.loads(text)[0]
    assert item["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}


def test_a_guest_is_interviewed_and_a_host_hosts(cited: Archive) -> None:
    """A guest's words are an interview by the host; a host's words name the host role."""
    guest = cite(cited, "tide-tables.2", "chicago", accessed=ACCESSED, base_url=BASE)
    assert guest.startswith("Mensah-Bonsu, Osei. “Reading the Tide Tables.” Interview by ")
    host = cite(cited, "tide-tables.1", "mla", accessed=ACCESSED, base_url=BASE)
    assert host.startswith("Brannigan, Nell, host. “Reading the Tide Tables.” Shoreline Stories,")
    apa = cite(cited, "tide-tables.2", "apa", accessed=ACCESSED, base_url=BASE)
    assert apa.startswith("Mensah-Bonsu, O. (Guest), & Brannigan, N. (Host). (2023, November 7).")
    items = [
        json.loads(cite(cited, ref, "csl-json", accessed=ACCESSED, base_url=BASE))[0]
        for ref in ("tide-tables.2", "tide-tables.1")
    ]
    assert items[0]["type"] == "interview"
    assert items[0]["interviewer"] == [{"family": "Brannigan", "given": "Nell"}]
    assert items[1]["type"] == "broadcast"
    assert items[1]["author"] == [{"family": "Brannigan", "given": "Nell"}]


@pytest.mark.parametrize("style", STYLES)
def test_an_untimed_passage_is_cited_by_paragraph(cited: Archive, style: str) -> None:
    """Without times, the passage is located by its paragraph number."""
    text = cite(cited, "kiln-notes 2", style, accessed=ACCESSED, base_url=BASE)
    assert "para. 2" in text
    assert "0:00" not in text


def test_no_date_reads_nd_in_apa_and_is_left_out_elsewhere(cited: Archive) -> None:
    """APA writes (n.d.); the other styles simply have no date element."""
    apa = cite(cited, "kiln-notes.1", "apa", accessed=ACCESSED, base_url=BASE)
    # APA ends every author element with a period, a one-word name included.
    assert apa.startswith("Rua. (n.d.). Kiln Notes: 100% Stoneware & Salt_Glaze {#2} (Transcript")
    ris = cite(cited, "kiln-notes.1", "ris", accessed=ACCESSED, base_url=BASE)
    assert "\nPY  - " not in ris and "\nDA  - " not in ris


def test_bibtex_escapes_latex_and_braces_a_one_word_name(cited: Archive) -> None:
    """LaTeX specials in titles and notes are escaped; a mononym is not split."""
    text = cite(cited, "kiln-notes.2", "bibtex", accessed=ACCESSED, base_url=BASE)
    assert text.startswith("@misc{kiln-notes.2,\n")
    assert "author = {{Rua}}" in text
    assert r"title = {Kiln Notes: 100\% Stoneware \& Salt\_Glaze \{\#2\}}" in text
    # Unescaped braces balance, so the entry parses.
    assert text.count("{") - text.count(r"\{") == text.count("}") - text.count(r"\}")
    assert "url = {https://archive.example.org/p/kiln-notes.2}" in text
    assert "urldate = {2025-05-01}" in text


def test_ris_is_one_tag_per_line_from_ty_to_er(cited: Archive) -> None:
    """RIS: `TY  - SOUND` first, `ER  - ` last, every line `XX  - value`."""
    lines = cite(cited, "tide-tables.2", "ris", accessed=ACCESSED, base_url=BASE).splitlines()
    assert lines[0] == "TY  - SOUND"
    assert lines[-1] == "ER  - "
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines)
    assert "AU  - Mensah-Bonsu, Osei" in lines
    assert "A2  - Brannigan, Nell" in lines
    assert "DA  - 2023/11/07" in lines
    assert "Y2  - 2025/05/01" in lines


def test_italics_mark_the_show(cited: Archive) -> None:
    """With `italics`, the show is `*Shoreline Stories*` in APA, Chicago and MLA."""
    for style in ("apa", "chicago", "mla"):
        text = cite(cited, "tide-tables.2", style, accessed=ACCESSED, base_url=BASE, italics=True)
        assert "*Shoreline Stories*" in text
        assert text.replace("*", "") == cite(
            cited, "tide-tables.2", style, accessed=ACCESSED, base_url=BASE
        )


def test_quote_gives_words_speaker_episode_time_and_link(cited: Archive) -> None:
    """Copy as quote: the verbatim words, then who, where and when, then the permalink."""
    text = cite(cited, "tide-tables#4", QUOTE, accessed=ACCESSED, base_url=BASE + "/")
    assert text.splitlines() == [
        "“Since the spring of the great storm, nineteen years now.”",
        "— Osei Mensah-Bonsu, “Reading the Tide Tables”, Shoreline Stories, "
        "November 7, 2023, 0:30–0:40",
        "https://archive.example.org/p/tide-tables.4",
    ]


def test_unknown_style_and_missing_passage_raise_library_errors(cited: Archive) -> None:
    """A typo in the style is reported as such, before the passage is looked up."""
    with pytest.raises(UnknownStyleError, match="harvard"):
        cite(cited, "no-such.1", "harvard", base_url=BASE)
    with pytest.raises(PassageNotFoundError, match="no passage 'tide-tables.9'"):
        cite(cited, "tide-tables 9", "apa", base_url=BASE)
    with pytest.raises(PassageNotFoundError, match="not a passage reference"):
        cite(cited, "tide tables", "apa", base_url=BASE)


# --- the command line -----------------------------------------------------------------


def _run(archive: Archive, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--archive", str(archive.root), "cite", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "typed",
    ["tide-tables.4", "tide-tables 4", "tide-tables#4", "tide-tables:4", f"{BASE}/p/tide-tables.4"],
)
def test_cli_cites_every_typed_form_alike(cited: Archive, typed: str) -> None:
    """`verbatim cite` accepts the same references as the search box."""
    code, out, _ = _run(cited, typed, "--accessed", "2025-05-01", "--base-url", BASE)
    assert code == 0
    assert out == cite(cited, "tide-tables.4", "apa", accessed=ACCESSED, base_url=BASE) + "\n"


def test_cli_styles_base_url_from_the_environment_and_italics(cited: Archive) -> None:
    """Each style is printed; VERBATIM_BASE_URL sets the permalink; --italics marks the show."""
    for style in (*STYLES, QUOTE):
        code, out, _ = _run(cited, "tide-tables.2", "--style", style)
        assert code == 0, out
        assert "127.0.0.1:5000/p/tide-tables.2" in out
    code, out, _ = _run(
        cited, "tide-tables.2", "--style", "csl-json", env={"VERBATIM_BASE_URL": BASE}
    )
    assert json.loads(out)[0]["URL"] == f"{BASE}/p/tide-tables.2"
    code, out, _ = _run(cited, "tide-tables.2", "--style", "MLA", "--italics")
    assert code == 0 and "*Shoreline Stories*" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["tide-tables.9"], 1, "error: no passage 'tide-tables.9' in the archive"),
        (["tide tables"], 1, "error: 'tide tables' is not a passage reference"),
        (["tide-tables.2", "--style", "harvard"], 2, "Invalid value for '--style'"),
        (["tide-tables.2", "--accessed", "May 1"], 2, "use YYYY-MM-DD"),
    ],
)
def test_cli_failures_say_what_and_change_nothing(
    cited: Archive,
    tree_hash: Callable[[Path], str],
    args: list[str],
    code: int,
    message: str,
) -> None:
    """A failing cite prints one line naming the problem, exits 1 (2 for usage), writes nothing."""
    before = tree_hash(cited.root)
    exit_code, out, err = _run(cited, *args)
    assert exit_code == code
    assert out == ""
    assert message in err
    if code == 1:
        assert len(err.strip().splitlines()) == 1
    assert tree_hash(cited.root) == before


def test_corrected_and_removed_passages_are_cited_like_their_permalink_pages(
    archive: Archive, store_episode: Callable[[Archive, Episode], Episode]
) -> None:
    """A corrected passage is cited as it reads now; a removed one as it last read, then."""
    first = store_episode(archive, interview())
    corrected = replace(
        first,
        passages=(
            replace(first.passages[0], text="Welcome back. Today: a tide-gauge keeper."),
            *first.passages[1:3],
        ),
    )
    index_episode(archive, archive.add_revision(corrected, b"fixed", note="cut the ending"))
    now = cite(archive, "tide-tables.1", QUOTE, base_url=BASE)
    assert now.startswith("“Welcome back. Today: a tide-gauge keeper.”")
    assert "revision 2" in cite(archive, "tide-tables.1", "mla", base_url=BASE)
    gone = cite(archive, "tide-tables.4", "chicago", accessed=ACCESSED, base_url=BASE)
    assert "Transcript revision 1." in gone
    assert "0:30–0:40" in gone
