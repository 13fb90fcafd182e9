"""YAML front matter at the top of a text or Markdown transcript, read with PyYAML.

Static-site generators and transcript tools open a file with a `---` fenced block of YAML
(`title:`, `date:`, `guests: [...]`). What Verbatim has a place for becomes the document's
metadata: its title, date and language, and the people it names as hosts, guests or
speakers. Nothing in the block is ever speech, whether it parses or not.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import yaml

from transcripts.model import Participant
from transcripts.preamble import PREAMBLE_KEYS

# The keys that name people; `speakers` says who speaks but not as what.
_PEOPLE_KEYS = {
    "host": "host",
    "hosts": "host",
    "guest": "guest",
    "guests": "guest",
    "speakers": None,
}
_OTHER_KEYS = {"show", "author", "tags", "description", "episode", "url"}
_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]{0,63})\s*:")
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
# A block longer than this is not front matter but a document between two rules.
_MAX_LINES = 400


class _Loader(yaml.SafeLoader):
    """YAML 1.2's booleans: `language: no` is Norwegian, not False (YAML 1.1's yes/no/on/off)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass
class Preamble:
    """Metadata read before the speech: title, date, language, named people, ignored keys."""

    meta: dict[str, str] = field(default_factory=dict)
    people: list[Participant] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    broken: str | None = None  # why a block that looked like front matter did not parse
    lines: list[str] = field(default_factory=list)  # the block's lines, rules included


def front_matter(lines: list[str]) -> tuple[Preamble, int]:
    """Read YAML front matter between `---` lines; return it and the first line after it.

    A block whose first key is not front-matter-like ("Ana: Hi.") is prose between two
    rules, not front matter, and is read as the transcript.
    """
    if not lines or lines[0].strip() != "---":
        return Preamble(), 0
    end = next(
        (i for i in range(1, min(len(lines), _MAX_LINES)) if lines[i].strip() in ("---", "...")),
        None,
    )
    if end is None:
        return Preamble(), 0
    body = lines[1:end]
    if not _looks_like_front_matter(body):
        return Preamble(), 0
    found = Preamble(lines=[line.strip() for line in lines[: end + 1] if line.strip()])
    try:
        data = yaml.load("\n".join(body), Loader=_Loader)
    except yaml.YAMLError as exc:
        # Tolerated: a hand-edited header with a stray colon or tab is still a header, not
        # speech; the transcript below it is read and the report says what went wrong.
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        found.broken = f"{getattr(exc, 'problem', None) or 'not YAML'}{where}"
        return found, end + 1
    if not isinstance(data, dict):
        found.broken = "not a YAML mapping of keys to values"
        return found, end + 1
    for key, value in data.items():
        _read_key(found, str(key), value)
    return found, end + 1


def _looks_like_front_matter(body: list[str]) -> bool:
    """Return whether each top-level key is one front matter uses: lowercase, or known.

    Indented lines, list items and comments belong to a key above them and are not looked at.
    """
    keys = 0
    for line in body:
        if not line.strip() or line[:1].isspace() or line.startswith(("#", "-")):
            continue
        match = _KEY.match(line)
        if match is None or not _is_front_key(match["key"]):
            return False
        keys += 1
    return keys > 0


def _is_front_key(key: str) -> bool:
    """Return whether a key looks like front matter: lowercase, or a key we know."""
    folded = key.lower()
    known = folded in PREAMBLE_KEYS or folded in _PEOPLE_KEYS or folded in _OTHER_KEYS
    return key.islower() or known


def _read_key(found: Preamble, key: str, value: object) -> None:
    """Take one front-matter key as metadata or named people, or note it as ignored."""
    folded = key.lower()
    if folded in PREAMBLE_KEYS and _scalar(value) is not None:
        text = _scalar(value) or ""
        found.meta[PREAMBLE_KEYS[folded]] = _date(text) if folded == "date" else text
    elif folded in _PEOPLE_KEYS:
        role = _PEOPLE_KEYS[folded]
        for name in _names(value):
            found.people.append(Participant(name, role))
    else:
        found.ignored.append(folded if key.islower() else key.lower())


def _scalar(value: object) -> str | None:
    """Return a YAML scalar as text: a date as ISO, a number as written; None for others."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return None
    return " ".join(str(value).split())


def _names(value: object) -> Iterable[str]:
    """Yield the names a people key gives: `Ana`, `Ana, Bo`, `[Ana, Bo]`, `[{name: Ana}]`."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, dict):
            item = item.get("name")
        text = _scalar(item)
        for name in (text or "").split(","):
            name = " ".join(name.split())
            if name:
                yield name


def _date(value: str) -> str:
    """Return an ISO date-time's date part; any other date as written."""
    match = _ISO_DATE.match(value)
    return match[1] if match else value
