"""Citation styles: one function per style, each formatting the same `CitationData`.

APA 7, Chicago 17 (bibliography entry) and MLA 9 follow each manual's podcast-episode
pattern and mark the show in italics with `Span(italic=True)`; BibTeX, RIS and CSL-JSON are
the import formats of reference managers. Text comes back unescaped: escaping belongs to
whoever puts it into HTML or LaTeX, except BibTeX, whose values are LaTeX.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from archive.research.citation import CitationData, Person


@dataclass(frozen=True)
class Span:
    """A run of citation text, in italics or not."""

    text: str
    italic: bool = False


Formatted = tuple[Span, ...]


def plain(spans: Sequence[Span]) -> str:
    """Return the text without any markup."""
    return "".join(span.text for span in spans)


def markdown(spans: Sequence[Span]) -> str:
    """Return the text with italics as `*asterisks*`."""
    return "".join(f"*{s.text}*" if s.italic and s.text else s.text for s in spans)


# --- shared punctuation -----------------------------------------------------------------


def _stop(text: str) -> str:
    """End a sentence once: no period after a title that already ends in . ? or !."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _quoted(title: str) -> str:
    """Quote a title with the closing period inside the quotes, as Chicago and MLA do."""
    return f"“{_stop(title)}”"


def _and_list(names: Sequence[str], *, conjunction: str = "and") -> str:
    """Join names with a serial comma: `A`, `A and B`, `A, B, and C`."""
    if len(names) <= 2:
        return f" {conjunction} ".join(names)
    return ", ".join(names[:-1]) + f", {conjunction} " + names[-1]


def _role_phrase(data: CitationData) -> str | None:
    """Say who else is on the mic: `Interview by …` for a guest, `Hosted by …` otherwise."""
    if data.is_interview:
        return "Interview by " + _and_list([h.name for h in data.hosts])
    if data.co_hosts:
        return "Hosted by " + _and_list([h.name for h in data.co_hosts])
    return None


def _one_line(text: str) -> str:
    """Fold newlines and runs of spaces: RIS and BibTeX values live on one line."""
    return " ".join(text.split())


# --- APA 7 --------------------------------------------------------------------------------

_APA_ROLES = {"host": "Host", "guest": "Guest"}


def _apa_name(person: Person) -> str:
    role = _APA_ROLES.get(person.role or "")
    return f"{person.initials()} ({role})" if role else person.initials()


def apa(data: CitationData) -> Formatted:
    """Format APA 7: `Author, A. (Role). (Date). Title (…) [Audio podcast episode]. In *Show*.`"""
    people = ([data.speaker] if data.speaker else []) + list(data.co_hosts)
    names = [_apa_name(p) for p in people]
    if len(names) > 1:
        authors = ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        authors = "".join(names)
    issued = f"({data.date.apa()})" if data.date else "(n.d.)"
    # The revision sits where APA puts an episode or version number, the passage's time
    # inside the bracketed description, so the reference still reads as APA's template.
    work = (
        f"{data.title} (Transcript revision {data.revision}) "
        f"[Audio podcast episode, {data.locator}]."
    )
    # Without any author, APA moves the title into the author position.
    head = f"{_stop(authors)} {issued}. {work} " if authors else f"{work} {issued}. "
    spans = [Span(head)]
    if data.show:
        spans += [Span("In "), Span(data.show, italic=True), Span(". ")]
    # A transcript can be corrected, so APA's retrieval date for changing works applies.
    spans.append(Span(f"Retrieved {data.accessed.chicago()}, from {data.permalink}"))
    return tuple(spans)


# --- Chicago 17 ---------------------------------------------------------------------------


def chicago(data: CitationData) -> Formatted:
    """Format a Chicago 17 bibliography entry: `Family, Given. “Title.” Interview by …`."""
    head = f"{_stop(data.speaker.inverted())} " if data.speaker else ""
    head += f"{_quoted(data.title)} "
    role = _role_phrase(data)
    if role:
        head += f"{_stop(role)} "
    spans = [Span(head)]
    if data.show:
        spans.append(Span(data.show, italic=True))
        spans.append(Span(f", {data.date.chicago()}. " if data.date else ". "))
    elif data.date:
        spans.append(Span(f"{data.date.chicago()}. "))
    spans.append(
        Span(
            f"Podcast, {data.locator}. Transcript revision {data.revision}. "
            f"Accessed {data.accessed.chicago()}. {data.permalink}."
        )
    )
    return tuple(spans)


# --- MLA 9 --------------------------------------------------------------------------------


def _without_scheme(url: str) -> str:
    """MLA 9 leaves out `http://` and `https://`."""
    parts = urlsplit(url)
    return url.split("://", 1)[1] if parts.scheme in ("http", "https") else url


def mla(data: CitationData) -> Formatted:
    """Format MLA 9: `Family, Given, host. “Title.” *Show*, hosted by …, version, date, URL.`"""
    head = ""
    if data.speaker:
        label = ", host" if data.speaker.role == "host" else ""
        head = f"{_stop(data.speaker.inverted() + label)} "
    head += f"{_quoted(data.title)} "
    # MLA's container elements in order: other contributors, version, date, location.
    elements = []
    if data.co_hosts:
        elements.append("hosted by " + _and_list([h.name for h in data.co_hosts]))
    elements.append(f"transcript revision {data.revision}")
    if data.date:
        elements.append(data.date.mla())
    elements += [data.locator, _without_scheme(data.permalink)]
    tail = ", ".join(elements) + f". Accessed {data.accessed.mla()}."
    if data.show:
        return (Span(head), Span(data.show, italic=True), Span(f", {tail}"))
    # Without a container the first element starts a sentence.
    return (Span(head + tail[:1].upper() + tail[1:]),)


# --- BibTeX -------------------------------------------------------------------------------

_TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIB_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _tex(text: str) -> str:
    """Escape LaTeX's special characters; an en dash becomes `--`."""
    escaped = "".join(_TEX_SPECIALS.get(ch, ch) for ch in _one_line(text))
    return escaped.replace("–", "--")


def _bib_name(person: Person) -> str:
    # Braces keep a one-word name (or one containing "and") from being split into people.
    if not person.family or " and " in person.name:
        return "{" + _tex(person.name) + "}"
    return _tex(person.inverted())


def bibtex(data: CitationData) -> str:
    """Format a BibTeX `@misc` entry with biblatex's `date` and `urldate` beside `year`."""
    fields: list[tuple[str, str]] = []
    if data.speaker:
        fields.append(("author", "{" + _bib_name(data.speaker) + "}"))
    fields.append(("title", "{" + _tex(data.title) + "}"))
    published = "Audio podcast episode"
    if data.show:
        published += r", \emph{" + _tex(data.show) + "}"
    fields.append(("howpublished", "{" + published + "}"))
    if data.date:
        fields.append(("year", "{" + str(data.date.year) + "}"))
        if data.date.month:
            fields.append(("month", _BIB_MONTHS[data.date.month - 1]))
        fields.append(("date", "{" + data.date.iso() + "}"))
    role = _role_phrase(data)
    note = f"{_stop(role)} " if role else ""
    note += f"Passage {data.locator}, transcript revision {data.revision}."
    fields.append(("note", "{" + _tex(note) + "}"))
    # `url` is verbatim in biblatex and hyperref: only braces would break it.
    url = data.permalink.replace("{", "%7B").replace("}", "%7D")
    fields.append(("url", "{" + url + "}"))
    fields.append(("urldate", "{" + data.accessed.iso() + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{data.passage_id},\n{body}\n}}\n"


# --- RIS ----------------------------------------------------------------------------------


def ris(data: CitationData) -> str:
    """Format a RIS record of type SOUND, ending with `ER  - `."""
    lines = [("TY", "SOUND"), ("ID", data.passage_id)]
    if data.speaker:
        lines.append(("AU", data.speaker.inverted()))
    lines += [("A2", host.inverted()) for host in data.co_hosts]
    lines.append(("TI", data.title))
    if data.show:
        lines.append(("T2", data.show))
    lines.append(("M3", "Podcast episode"))
    if data.date:
        lines += [("PY", str(data.date.year)), ("DA", data.date.ris())]
    lines += [
        ("ET", f"Transcript revision {data.revision}"),
        ("UR", data.permalink),
        ("Y2", data.accessed.ris()),
    ]
    role = _role_phrase(data)
    note = f"{_stop(role)} " if role else ""
    lines.append(("N1", note + f"Passage {data.locator}. Transcript revision {data.revision}."))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_one_line(value)}\n" for tag, value in lines)


# --- CSL-JSON -----------------------------------------------------------------------------


def _csl_name(person: Person) -> dict[str, str]:
    if person.family and person.given:
        return {"family": person.family, "given": person.given}
    return {"literal": person.name}


def csl_item(data: CitationData) -> dict[str, Any]:
    """Return the CSL-JSON item: `interview` when a guest speaks, else `broadcast`."""
    item: dict[str, Any] = {
        "id": data.passage_id,
        "type": "interview" if data.is_interview else "broadcast",
        "title": data.title,
    }
    if data.speaker:
        item["author"] = [_csl_name(data.speaker)]
    if data.is_interview:
        item["interviewer"] = [_csl_name(h) for h in data.hosts]
    elif data.co_hosts:
        item["contributor"] = [_csl_name(h) for h in data.co_hosts]
    if data.show:
        item["container-title"] = data.show
    item["genre"] = "Podcast episode"
    item["medium"] = "Audio"
    if data.date:
        item["issued"] = {"date-parts": [data.date.parts()]}
    elif data.raw_date:
        item["issued"] = {"raw": data.raw_date}
    item["accessed"] = {"date-parts": [data.accessed.parts()]}
    item["URL"] = data.permalink
    item["version"] = str(data.revision)
    item["locator"] = data.locator
    item["archive"] = "Verbatim"
    item["archive_location"] = data.passage_id
    role = _role_phrase(data)
    note = f"{_stop(role)} " if role else ""
    item["note"] = note + f"Passage {data.locator}. Transcript revision {data.revision}."
    return item


def csl_json(data: CitationData) -> str:
    """Format a CSL-JSON array holding the one item."""
    return json.dumps([csl_item(data)], ensure_ascii=False, indent=2) + "\n"


# --- copy as quote ------------------------------------------------------------------------


def quote(data: CitationData) -> str:
    """Format the passage as a quote to paste: the words, who, where, when, the link."""
    where = [data.speaker.name if data.speaker else "Unknown speaker", f"“{data.title}”"]
    if data.show:
        where.append(data.show)
    if data.date:
        where.append(data.date.chicago())
    elif data.raw_date:
        where.append(data.raw_date)
    where.append(data.locator)
    return f"“{data.text}”\n— {', '.join(where)}\n{data.permalink}\n"


# Styles with italics return spans; the import formats return text.
RICH: dict[str, Callable[[CitationData], Formatted]] = {
    "apa": apa,
    "chicago": chicago,
    "mla": mla,
}
RAW: dict[str, Callable[[CitationData], str]] = {
    "bibtex": bibtex,
    "ris": ris,
    "csl-json": csl_json,
    "quote": quote,
}
