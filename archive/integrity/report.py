"""What `verify` reports: each problem by kind, with the path it concerns and what to do."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Problem kinds, in the order a report lists them.
KINDS = (
    "interrupted",
    "no-manifest",
    "missing",
    "checksum-mismatch",
    "record-mismatch",
    "unlisted",
    "unreadable",
    "staging",
    "not-indexed",
    "stale-index",
    "indexed-not-stored",
    "index",
)
INDEX_KINDS = frozenset({"not-indexed", "stale-index", "indexed-not-stored", "index"})


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the archive: its kind, the path it concerns, and what to do."""

    kind: str
    path: str
    detail: str

    def to_dict(self) -> dict[str, str]:
        """Return the problem as a JSON object."""
        return {"kind": self.kind, "path": self.path, "detail": self.detail}


@dataclass
class Report:
    """What `verify` found: the problems, and how much it checked."""

    root: Path
    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0
    episodes_checked: int = 0
    repaired: list[str] = field(default_factory=list)
    # The engine's own report of the index (Engine.health), when it could be read.
    index: dict[str, Any] | None = None
    # What a repair wants a person to know: a rebuilt manifest that is not the lost one.
    warnings: list[str] = field(default_factory=list)
    # Checksums taken while checking, path relative to the root: each file is read once.
    hashes: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        """Return True if nothing is wrong."""
        return not self.problems

    def by_kind(self) -> dict[str, list[Problem]]:
        """Return the problems grouped by kind, in KINDS order."""
        groups: dict[str, list[Problem]] = {}
        for kind in KINDS:
            found = [p for p in self.problems if p.kind == kind]
            if found:
                groups[kind] = found
        return groups

    def to_dict(self) -> dict[str, Any]:
        """Return the report as a JSON object."""
        return {
            "archive": str(self.root),
            "ok": self.ok,
            "files_checked": self.files_checked,
            "episodes_checked": self.episodes_checked,
            "repaired": list(self.repaired),
            "index": self.index,
            "warnings": list(self.warnings),
            "problems": [p.to_dict() for p in self.problems],
        }
