"""The project's import graph, read from the source: every import, at the top or in a function."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("transcripts", "archive", "web")


def module_name(path: Path) -> str:
    """Return the dotted module name of a source file under ROOT."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> list[Path]:
    """Return every Python file of the three packages."""
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def _type_only(tree: ast.Module) -> set[ast.AST]:
    """Return the import nodes inside `if TYPE_CHECKING:` blocks (never run)."""
    found: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            found.update(n for part in node.body for n in ast.walk(part))
    return found


def imports_of(path: Path) -> set[str]:
    """Return every module a file imports when it runs, at the top or inside a function.

    `from a.b import c` gives a.b and a.b.c; imports only for type checkers are left out.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    skipped = _type_only(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if node in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def graph() -> dict[str, set[str]]:
    """Return module -> the project modules it imports."""
    files = {module_name(p): p for p in source_files()}
    known = set(files)
    return {
        name: {m for m in imports_of(path) if m in known and m != name}
        for name, path in files.items()
    }


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected groups of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                group.append(item)
                if item == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def room(module: str) -> str:
    """Return the room a module belongs to: `archive.<sub-package>`, or its top package."""
    parts = module.split(".")
    if parts[0] == "archive" and len(parts) > 2:
        return ".".join(parts[:2])
    if parts[0] == "archive" and len(parts) == 2 and (ROOT / "archive" / parts[1]).is_dir():
        return module
    return parts[0] if parts[0] != "archive" else module


def room_graph(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """Return room -> the rooms its modules import."""
    rooms: dict[str, set[str]] = {}
    for source, targets in edges.items():
        mine = room(source)
        rooms.setdefault(mine, set()).update(room(t) for t in targets if room(t) != mine)
    return rooms
