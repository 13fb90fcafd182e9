"""The packages depend one way: transcripts <- archive <- web."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests import import_graph


def _modules_loaded_by(statement: str) -> set[str]:
    """Run an import in a fresh interpreter and return the top-level modules it loaded."""
    probe = f"{statement}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return {name.split(".")[0] for name in json.loads(out)}


@pytest.mark.parametrize(
    ("statement", "forbidden"),
    [
        ("import transcripts", {"whoosh", "flask", "archive", "web"}),
        ("import archive", {"flask", "web"}),
        ("import archive.cli", {"flask", "web"}),
        ("import archive.search.run, archive.ingest.pipeline", {"flask", "web"}),
    ],
)
def test_lower_layers_do_not_load_upper_ones(statement: str, forbidden: set[str]) -> None:
    """Importing a lower layer never pulls in a layer above it."""
    loaded = _modules_loaded_by(statement)
    assert not loaded & forbidden, f"{statement!r} loaded {sorted(loaded & forbidden)}"


def test_web_builds_on_archive() -> None:
    """The web layer is the top: importing it loads the archive and Flask."""
    loaded = _modules_loaded_by("import web")
    assert {"flask", "archive"} <= loaded


def test_cli_help_does_not_load_flask() -> None:
    """Running a command other than serve never imports the web layer."""
    probe = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from archive.cli import cli\n"
        "result = CliRunner().invoke(cli, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('flask' in sys.modules, 'web' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "False"]


# --- the rooms of archive/, read from the source -------------------------------------------


def _graph() -> dict[str, set[str]]:
    return import_graph.graph()


def _third_party(path: Path) -> set[str]:
    return {m.split(".")[0] for m in import_graph.imports_of(path)}


def test_only_the_whoosh_engine_imports_whoosh() -> None:
    """Whoosh is one engine among others: nothing outside its folder may import it."""
    engine = import_graph.ROOT / "archive" / "engines" / "whoosh"
    offenders = [
        str(path.relative_to(import_graph.ROOT))
        for path in import_graph.source_files()
        if "whoosh" in _third_party(path) and engine not in path.parents
    ]
    assert offenders == []


def test_only_the_opensearch_engine_imports_its_client() -> None:
    """opensearch-py is the OpenSearch engine's alone: nothing outside its folder imports it."""
    engine = import_graph.ROOT / "archive" / "engines" / "opensearch"
    importers = [
        path for path in import_graph.source_files() if "opensearchpy" in _third_party(path)
    ]
    assert importers, "the OpenSearch engine imports opensearchpy somewhere"
    outside = [p for p in importers if engine not in p.parents]
    assert [str(p.relative_to(import_graph.ROOT)) for p in outside] == []


def test_web_and_the_command_line_import_no_engine() -> None:
    """The site and the CLI search through archive.search, whatever the engine."""
    offenders = {
        module: sorted(t for t in targets if t.startswith("archive.engines"))
        for module, targets in _graph().items()
        if module.startswith(("web", "archive.cli"))
    }
    assert {m: t for m, t in offenders.items() if t} == {}


def test_transcripts_import_no_archive_web_or_engine() -> None:
    """The readers are the bottom layer: no archive, no web, no search engine library."""
    for path in (import_graph.ROOT / "transcripts").rglob("*.py"):
        assert not _third_party(path) & {"archive", "web", "whoosh", "flask", "opensearchpy"}, path


def test_no_import_circles() -> None:
    """No module imports itself through others, and no room of archive/ through others."""
    graph = _graph()
    assert import_graph.cycles(graph) == []
    assert import_graph.cycles(import_graph.room_graph(graph)) == []


_MAY_IMPORT = re.compile(r"May import:(.*?)(?:\n\n|$)", re.S)


def _declared(package: Path) -> list[str]:
    """Return the modules a package's docstring says it may import."""
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
    found = _MAY_IMPORT.search(doc or "")
    assert found, f"{package}/__init__.py does not say what it may import"
    return re.findall(r"`([\w.]+)`", found.group(1))


ROOMS = sorted(
    p.parent for p in (import_graph.ROOT / "archive").rglob("__init__.py") if p.parent.name != "cli"
)


@pytest.mark.parametrize("package", ROOMS[1:], ids=lambda p: p.name)
def test_each_room_imports_only_what_it_declares(package: Path) -> None:
    """A room's docstring says what it may import; its modules import nothing else of ours."""
    prefix = import_graph.module_name(package / "__init__.py")
    allowed = [prefix, *_declared(package)]
    # A sub-room (an engine's folder) answers to its own docstring.
    inner = [import_graph.module_name(p / "__init__.py") for p in ROOMS if package in p.parents]
    wrong = {}
    for module, targets in _graph().items():
        if module != prefix and not module.startswith(prefix + "."):
            continue
        if any(module == sub or module.startswith(sub + ".") for sub in inner):
            continue
        bad = sorted(
            t
            for t in targets
            if not any(t == a or t.startswith(a + ".") for a in allowed)
            and t.split(".")[0] in import_graph.PACKAGES
        )
        if bad:
            wrong[module] = bad
    assert wrong == {}


def test_the_readme_names_paths_that_exist() -> None:
    """Every file or folder of the code the README names is there (no stale map)."""
    readme = (import_graph.ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:transcripts|archive|web|tests)/[\w/.]*)`", readme))
    assert len(named) > 20
    missing = sorted(p for p in named if not (import_graph.ROOT / p).exists())
    assert missing == []
