"""Bad input through the real command line: one `error:` line naming the file, exit 1, and
an archive left byte for byte as it was."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES

from archive.cli import cli

VTT_OK = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana Ruiz>Hello there, a real line.\n"
# name -> (bytes, what the one error line must say besides the file's name)
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty.vtt": (b"", "empty"),
    "blank.txt": (b"\n \n\t\r\n", "empty"),
    "bom-only.srt": (b"\xef\xbb\xbf", "empty"),
    "binary.vtt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x02\x03" * 20, "binary"),
    "report.pdf": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n\x00\x01", ".pdf"),
    "episode.mp3": (b"ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb\x90d" * 10, ".mp3"),
    "table.csv": (b"name,start,text\nAna,0,Hello\n", ".csv"),
    "bad-timing.vtt": (b"WEBVTT\n\n00:00:01.000 --> banana\nHello there\n", "line 3"),
    "bad-timing.srt": (b"1\n00:00:01,000 --> \nHello\n", "line 2"),
    "no-cue-text.vtt": (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n\n", "no cue"),
    "header-only.vtt": (b"WEBVTT\n", "no cue"),
    "no-cue-text.srt": (
        b"1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:02,000 --> 00:00:03,000\n",
        "no cue",
    ),
    "truncated.json": (b'{"segments": [ {"speaker": "A", ', "json parse error"),
    "wrong-shape.json": (b'{"episode": 1}', "not a transcript"),
    "no-segments.json": (b'{"version": "1.0.0", "segments": []}', "no segments"),
    # Nested past the limit: refused before parsing, whether well formed or not.
    "deep.json": (b'{"segments": ' + b"[" * 5000 + b"]" * 5000 + b"}", "64 levels"),
    "deep-unclosed.txt": (b"[" * 200_000, "64 levels"),
    "empty-bodies.json": (
        json.dumps({"segments": [{"speaker": "A", "startTime": 0, "body": " "}]}).encode(),
        "",
    ),
    "script-only.html": (b"<html><body><script>var a = 1</script></body></html>", "no speech"),
    "furniture.html": (b"<html><body><nav>Home | About</nav><footer>(c)</footer></body>", ""),
    "bad-bom.txt": (b"\xef\xbb\xbfHello \xff\xfe there", "byte-order mark"),
    "bad-utf16.txt": (b"\xff\xfeH\x00i\x00\x00\xd8", "byte-order mark"),
    "nul-bytes.txt": (b"Ana: hello\x00\x00\x00\x00\x00\x00\x00\x00 there\n" * 5, "binary"),
    "xml.txt": (b"<?xml version='1.0'?><tt><body><p>Hi</p></body></tt>", "markup"),
}


@pytest.fixture
def arch(tmp_path: Path) -> Path:
    """Return an archive holding one good episode, so 'unchanged' means something."""
    root = tmp_path / "archive"
    runner = CliRunner()
    assert runner.invoke(cli, ["--archive", str(root), "init"]).exit_code == 0
    good = tmp_path / "good.vtt"
    good.write_text(VTT_OK, encoding="utf-8")
    result = runner.invoke(cli, ["--archive", str(root), "add", str(good)])
    assert result.exit_code == 0, result.output
    return root


def _run(arch: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--archive", str(arch), *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def _assert_one_error(stderr: str, *needles: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    for needle in needles:
        assert needle.casefold() in lines[0].casefold(), (needle, stderr)


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_is_one_error_line_and_changes_nothing(
    arch: Path, tmp_path: Path, tree_hash: Callable[[Path], str], name: str
) -> None:
    """Each bad file: exit 1, one `error:` line naming it and what is wrong, archive as it was."""
    data, says = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    before = tree_hash(arch)
    code, out, err = _run(arch, "add", str(path))
    assert code == 1, (out, err)
    _assert_one_error(err, name, says)
    assert tree_hash(arch) == before


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["add", "does-not-exist.vtt"], "no such file"),
        (["add", "good.vtt", "--id", "../x"], "../x"),
        (["add", "good.vtt", "--id", "a/b"], "a/b"),
        (["add", "good.vtt", "--id", "..\\x"], "x"),
        (["add", "good.vtt", "--id", ".hidden"], ".hidden"),
        (["add", "good.vtt", "--chapters", "missing.chapters.json"], "no such file"),
        (["show", "../x"], "../x"),
        (["remove", "../../etc"], "../../etc"),
        (["export", "../x"], "../x"),
    ],
)
def test_a_bad_path_or_id_is_refused(
    arch: Path,
    tmp_path: Path,
    tree_hash: Callable[[Path], str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    says: str,
) -> None:
    """Missing files and ids unsafe as paths are one error line; nothing outside is touched."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.vtt").write_text(VTT_OK.replace("real", "second"), encoding="utf-8")
    before = tree_hash(arch)
    outside = tree_hash(tmp_path / "archive" / "..")
    code, _, err = _run(arch, *args)
    assert code == 1, err
    _assert_one_error(err, says)
    assert tree_hash(arch) == before
    assert tree_hash(tmp_path / "archive" / "..") == outside
    assert not (tmp_path / "x").exists()


def test_a_bad_chapters_file_is_named(
    arch: Path, tmp_path: Path, tree_hash: Callable[[Path], str]
) -> None:
    """A broken chapters file beside a good transcript: the error names the chapters file."""
    good = tmp_path / "talk.vtt"
    good.write_text(VTT_OK.replace("real", "chaptered"), encoding="utf-8")
    chapters = tmp_path / "talk.chapters.json"
    chapters.write_bytes(b'{"chapters": [ {"startTime": ')
    before = tree_hash(arch)
    code, _, err = _run(arch, "add", str(good))
    assert code == 1
    _assert_one_error(err, "talk.chapters.json")
    assert tree_hash(arch) == before


def test_a_file_over_the_size_limit_is_refused(
    arch: Path, tmp_path: Path, tree_hash: Callable[[Path], str]
) -> None:
    """--max-size and VERBATIM_MAX_BYTES refuse a big file and say how to raise the limit."""
    big = tmp_path / "long.vtt"
    big.write_text(VTT_OK + "\n".join(["", "00:00:03.000 --> 00:00:04.000", "More."] * 50))
    before = tree_hash(arch)
    for args, env in (
        (["--max-size", "1K"], None),
        (["--max-size", "500"], None),
        ([], {"VERBATIM_MAX_BYTES": "1000"}),
    ):
        code, _, err = _run(arch, "add", str(big), *args, env=env)
        assert code == 1, err
        _assert_one_error(err, "long.vtt", "over the limit", "--max-size")
        assert tree_hash(arch) == before
    code, out, err = _run(arch, "add", str(big), "--max-size", "1MB")
    assert code == 0, err
    assert "added long" in out


def test_the_size_limit_is_checked_before_the_file_is_read(tmp_path: Path) -> None:
    """A file far over the limit is refused from its size, without reading it into memory."""
    from archive.store.source_files import SourceFileError, read_source

    sparse = tmp_path / "huge.vtt"
    with sparse.open("wb") as f:
        f.truncate(10 * 1024**3)  # a 10 GB hole on disk: reading it would take the machine
    # Sizes read as `--max-size` writes them: MB is 1024 x 1024 bytes.
    with pytest.raises(SourceFileError, match="10240.0 MB, over the limit of 10.0 MB"):
        read_source(sparse)


@pytest.mark.parametrize("value", ["lots", "0", "-5", "1.5T"])
def test_a_bad_max_size_is_a_usage_error(arch: Path, tmp_path: Path, value: str) -> None:
    """A size that is no size is a usage error (exit 2) naming the option."""
    code, _, err = _run(arch, "add", str(tmp_path), f"--max-size={value}")
    assert code == 2
    assert "--max-size" in err


def test_a_folder_of_bad_files_reports_each_and_keeps_the_good(
    arch: Path, tmp_path: Path, tree_hash: Callable[[Path], str]
) -> None:
    """A bulk import goes on past bad files: one error line each, exit 1, the good one added."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in ("empty.vtt", "binary.vtt", "truncated.json", "bad-timing.srt"):
        (folder / name).write_bytes(BAD_FILES[name][0])
    (folder / "fine.vtt").write_text(VTT_OK.replace("real", "bulk"), encoding="utf-8")
    code, out, err = _run(arch, "add", str(folder))
    assert code == 1
    errors = err.strip().splitlines()
    assert len(errors) == 4 and all(line.startswith("error: ") for line in errors)
    for name in ("empty.vtt", "binary.vtt", "truncated.json", "bad-timing.srt"):
        assert sum(name in line for line in errors) == 1
    assert "fine" in out


def test_a_format_given_for_the_wrong_content_is_refused(
    arch: Path, tmp_path: Path, tree_hash: Callable[[Path], str]
) -> None:
    """`--format json` on a WebVTT file is a parse error naming the file, nothing stored."""
    path = tmp_path / "talk.vtt"
    path.write_text(VTT_OK.replace("real", "misnamed"), encoding="utf-8")
    before = tree_hash(arch)
    code, _, err = _run(arch, "add", str(path), "--format", "json")
    assert code == 1
    _assert_one_error(err, "talk.vtt", "json")
    assert tree_hash(arch) == before


def test_the_examples_still_go_in(arch: Path) -> None:
    """The checks refuse bad files only: every example transcript is still accepted."""
    code, _, err = _run(arch, "add", str(EXAMPLES))
    assert code == 0, err
