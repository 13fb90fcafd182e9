"""Corrections: re-adding under an existing id makes a revision and keeps passage ids."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive.cli import cli
from archive.errors import PassageNotFoundError
from archive.ingest.pipeline import add_file
from archive.search.indexing import indexed_episode_ids, rebuild
from archive.search.run import search
from archive.store.folder import EPISODE_FILE, Archive, RevisionNotFoundError

DATA = Path(__file__).parent / "data" / "revisions"
EID = "lighthouse-keeper"


def pid(n: int) -> str:
    """Return the passage id with this number."""
    return f"{EID}.{n}"


def add_version(archive: Archive, tmp_path: Path, version: str, **options: object) -> object:
    """Add one version of the interview under its real file name, as an archivist would."""
    source = DATA / f"lighthouse-keeper{version}.txt"
    folder = tmp_path / f"incoming{version or '.v1'}"
    folder.mkdir(exist_ok=True)
    target = folder / "lighthouse-keeper.txt"
    shutil.copyfile(source, target)
    return add_file(archive, target, episode_id=EID, **options)


@pytest.fixture
def corrected(archive: Archive, tmp_path: Path) -> Archive:
    """Return an archive holding the interview and its two corrections."""
    add_version(
        archive, tmp_path, "", show="Coastal Voices", date="2024-03-14",
        hosts=["Dana Whitlock"], guests=["Marta Kowalsky"],
    )  # fmt: skip
    add_version(archive, tmp_path, ".v2")
    add_version(archive, tmp_path, ".v3")
    return archive


def test_a_correction_keeps_every_revision_and_its_original(corrected: Archive) -> None:
    """Three revisions, each with its record and source; the current one is a copy."""
    folder = corrected.episodes_dir / EID
    assert [r.revision for r in corrected.revisions(EID)] == [1, 2, 3]
    for n, version in ((1, ""), (2, ".v2"), (3, ".v3")):
        assert (folder / "revisions" / str(n) / EPISODE_FILE).is_file()
        original = corrected.original_path(EID, n)
        assert original.read_bytes() == (DATA / f"lighthouse-keeper{version}.txt").read_bytes()
    assert (folder / "original" / "lighthouse-keeper.txt").is_file()  # revision 1, unmoved
    current = json.loads((folder / EPISODE_FILE).read_text(encoding="utf-8"))
    assert current == json.loads((folder / "revisions/3" / EPISODE_FILE).read_text("utf-8"))
    log = json.loads((folder / "revisions.json").read_text(encoding="utf-8"))
    assert [e["revision"] for e in log] == [1, 2, 3]
    assert all(e["date"].endswith("+00:00") and len(e["source"]["sha256"]) == 64 for e in log)
    assert not [p for p in folder.rglob(".*")], "no staging folders or temp files left"


def test_ids_survive_typos_splits_removals_and_a_speaker_fix(corrected: Archive) -> None:
    """The ids follow the passages through both corrections, and are never reused."""
    first = corrected.episode_revision(EID, 1)
    second = corrected.episode_revision(EID, 2)
    third = corrected.get_episode(EID)
    assert [p.id for p in first.passages] == [pid(n) for n in range(1, 12)]
    # Revision 2: .4 split (first piece keeps the id), .6 typo fixed, .7 and .8 removed.
    assert [p.id for p in second.passages] == [pid(n) for n in (1, 2, 3, 4, 12, 5, 6, 9, 10, 11)]
    assert "ninety-two" in second.passage(pid(6)).text
    # Revision 3: the speaker's name fixed everywhere, a new passage .13 (never .7 or .8).
    assert [p.id for p in third.passages] == [pid(n) for n in (1, 2, 3, 4, 12, 5, 6, 9, 10, 13, 11)]
    assert {p.speaker for p in third.passages} == {"Dana Whitlock", "Marta Kowalski"}
    assert third.participant("Marta Kowalski").role == "guest"
    assert (third.show, third.date, third.revision) == ("Coastal Voices", "2024-03-14", 3)
    assert third.warnings[-1] == (
        "correction of revision 2: kept 10 passage ids, 2 lightly corrected, "
        "0 passages removed, 1 new"
    )
    assert corrected.revisions(EID)[1].note.endswith(
        "kept 9 passage ids, 2 lightly corrected, 2 passages removed, 1 new"
    )


def test_old_ids_resolve(corrected: Archive) -> None:
    """Live, corrected and removed ids resolve; an id never issued does not."""
    episode, passage = corrected.find_passage(pid(3))
    assert episode.revision == 3 and passage.text.startswith("What did a keeper")
    assert corrected.resolve_passage(pid(3)).status == "live"
    typo = corrected.resolve_passage(pid(6))
    assert typo.status == "corrected" and typo.cited_revision == 1
    assert ("replace", "ninety-one.", "ninety-two.") in [(c.op, c.old, c.new) for c in typo.diff()]
    assert corrected.resolve_passage(pid(6), revision=2).cited.speaker == "Marta Kowalsky"
    gone = corrected.resolve_passage(pid(8))
    assert gone.status == "removed" and gone.last_revision == 1 and gone.current is None
    assert gone.last.text.startswith("I was never lonely")
    assert [p.id for p in gone.before] == [pid(5), pid(6)]
    assert [p.id for p in gone.after] == [pid(9), pid(10)]
    with pytest.raises(PassageNotFoundError):
        corrected.find_passage(pid(8))  # find_passage stays for live ids only
    with pytest.raises(PassageNotFoundError, match="not in revision 2"):
        corrected.resolve_passage(pid(8), revision=2)
    with pytest.raises(PassageNotFoundError):
        corrected.resolve_passage(pid(14))
    with pytest.raises(RevisionNotFoundError):
        corrected.episode_revision(EID, 4)


def test_the_index_holds_the_current_revision_only(corrected: Archive) -> None:
    """Search finds the corrected words, not the old ones; a rebuild agrees."""
    assert search(corrected, '"ninety-two"').total == 1
    assert search(corrected, '"ninety-one"').total == 0
    assert search(corrected, "lonely").total == 0
    rebuild(corrected)
    assert search(corrected, '"torch by the window"').hits[0].passage_id == pid(13)
    assert indexed_episode_ids(corrected) == {EID}


def test_the_same_file_again_is_unchanged(corrected: Archive, tmp_path: Path, tree_hash) -> None:
    """Re-adding the current file under the same id changes nothing."""
    before = tree_hash(corrected.root)
    result = add_version(corrected, tmp_path, ".v3")
    assert result.status == "unchanged"
    assert tree_hash(corrected.root) == before


def test_an_archive_from_before_revisions_opens_and_migrates(
    archive: Archive, tmp_path: Path
) -> None:
    """No revisions.json: read as revision 1; the first correction migrates it."""
    add_version(archive, tmp_path, "", hosts=["Dana Whitlock"], guests=["Marta Kowalsky"])
    folder = archive.episodes_dir / EID
    (folder / "revisions.json").unlink()  # what an older Verbatim wrote
    assert [(r.revision, r.filename) for r in archive.revisions(EID)] == [
        (1, "lighthouse-keeper.txt")
    ]
    assert archive.original_path(EID, 1) == folder / "original" / "lighthouse-keeper.txt"
    add_version(archive, tmp_path, ".v2")
    assert [r.revision for r in archive.revisions(EID)] == [1, 2]
    assert archive.episode_revision(EID, 1).passage(pid(8)) is not None


def test_a_crashed_correction_leaves_the_old_revision_current(
    corrected: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after the revision folder is in place but before episode.json changes."""
    import archive.store.folder as store

    real = store.atomic_write_json

    def crash(path: Path, data: object) -> None:
        if path.name == EPISODE_FILE and path.parent.name == EID:
            raise OSError("disk gone")
        real(path, data)

    monkeypatch.setattr(store, "atomic_write_json", crash)
    with pytest.raises(OSError):
        add_version(corrected, tmp_path, "")  # revision 1's text again, as revision 4
    monkeypatch.undo()
    assert corrected.get_episode(EID).revision == 3
    assert [r.revision for r in corrected.revisions(EID)] == [1, 2, 3]
    # The next correction sets the half-made revision 4 aside and writes its own.
    add_version(corrected, tmp_path, "")
    assert corrected.get_episode(EID).revision == 4
    # Revision 1's text again: its removed passages come back under their old ids.
    assert corrected.resolve_passage(pid(8)).status == "live"


def test_a_failed_index_update_rolls_the_correction_back(
    corrected: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the index cannot take the new revision, the store goes back to the old one."""
    import archive.ingest.pipeline as ingest

    real = ingest.index_episode

    def fail_once(archive: Archive, episode: object) -> int:
        monkeypatch.setattr(ingest, "index_episode", real)
        raise RuntimeError("index locked")

    monkeypatch.setattr(ingest, "index_episode", fail_once)
    with pytest.raises(Exception, match="correction was not kept"):
        add_version(corrected, tmp_path, "")
    assert corrected.get_episode(EID).revision == 3
    assert [r.revision for r in corrected.revisions(EID)] == [1, 2, 3]
    assert not (corrected.episodes_dir / EID / "revisions" / "4").exists()


def test_the_command_line_corrects_shows_and_exports(tmp_path: Path) -> None:
    """add --id corrects, show lists revisions, export --rev N exports one in any format."""
    root = str(tmp_path / "cli-archive")
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--archive", root, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    run("init")
    run("add", str(DATA / "lighthouse-keeper.txt"), "--id", EID, "--guest", "Marta Kowalsky")
    out = run("add", str(DATA / "lighthouse-keeper.v2.txt"), "--id", EID)
    assert "corrected lighthouse-keeper: revision 2" in out
    assert f"removed   {pid(7)}, {pid(8)}" in out
    summary = json.loads(run("add", str(DATA / "lighthouse-keeper.v3.txt"), "--id", EID, "--json"))
    assert summary["status"] == "corrected" and summary["revision"] == 3
    assert summary["correction"]["new"] == [pid(13)]
    shown = run("show", EID)
    assert "revisions:" in shown and "lighthouse-keeper.v3.txt  (current)" in shown
    old = json.loads(run("export", EID, "--rev", "1"))
    assert old["revision"] == 1 and old["passages"][7]["text"].startswith("I was never lonely")
    assert "Marta Kowalsky" in run("export", EID, "--rev", "1", "--format", "md")
    assert "Marta Kowalski" in run("export", EID, "--format", "txt")
    missing = runner.invoke(cli, ["--archive", root, "export", EID, "--rev", "7"])
    assert missing.exit_code == 1 and "no revision 7" in missing.output


def test_a_removed_episodes_id_is_never_issued_again(tmp_path: Path) -> None:
    """After `remove`, the id is retired: a re-add gets a new id, --id with it is refused."""
    root = tmp_path / "archive"
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(cli, ["--archive", str(root), *args])

    source = DATA / "lighthouse-keeper.txt"
    assert run("init").exit_code == 0
    assert run("add", str(source)).exit_code == 0
    old_ids = {p.id for p in Archive.open(root).get_episode("lighthouse-keeper").passages}
    assert run("remove", "lighthouse-keeper").exit_code == 0

    again = run("add", str(source), "--json")
    assert again.exit_code == 0, again.output
    new_id = json.loads(again.output.splitlines()[0])["id"]
    assert new_id == "lighthouse-keeper-2"
    new_ids = {p.id for p in Archive.open(root).get_episode(new_id).passages}
    assert not new_ids & old_ids

    before = sorted((p.relative_to(root), p.read_bytes()) for p in root.rglob("*") if p.is_file())
    refused = run("add", str(DATA / "lighthouse-keeper.v2.txt"), "--id", "lighthouse-keeper")
    assert refused.exit_code == 1
    assert "removed on" in refused.stderr and refused.stderr.count("\n") == 1
    after = sorted((p.relative_to(root), p.read_bytes()) for p in root.rglob("*") if p.is_file())
    assert after == before
    assert run("verify").exit_code == 0
