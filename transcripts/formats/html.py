"""HTML transcript pages: Podcasting 2.0 HTML, trs2html exports and scraped web pages.

The page is parsed with lxml (Python's html.parser duplicates text after an unclosed <p>),
stripped of furniture (see `html_furniture`), narrowed to its main content, and read as a
run of blocks (see `html_blocks`): headings become `Heading`s, paragraphs `Utterance`s.
"""

from __future__ import annotations

import datetime
import re

from bs4 import BeautifulSoup, Tag
from lxml import etree

from transcripts.credits import edge_credits
from transcripts.errors import EmptyTranscriptError, ParseError
from transcripts.formats.decoding import sniff_text
from transcripts.formats.html_blocks import Block, iter_blocks
from transcripts.formats.html_encoding import decode_page
from transcripts.formats.html_furniture import describe, strip_furniture
from transcripts.formats.html_items import (
    ItemAssembler,
    contribution_starts,
    trusted_plain_labels,
)
from transcripts.furniture import field_people
from transcripts.model import Document, Utterance
from transcripts.preamble import opening_fields
from transcripts.wording import plural

FORMAT = "html"
# libxml2's depth limit for a tree (XML_PARSE_HUGE lifts it; we never ask).
_MAX_DEPTH = 256

_LEADING_PROCESSING = re.compile(r"^\s*(?:<\?[^>]*>\s*)+")
_SNIFF = re.compile(
    r"^(?:<!doctype html|<html|<head|<body|<(?:p|div|section|article|main|cite|h[1-6]|span"
    r"|table|ul|ol|dl|meta|title|br|strong|b|a|time|header|nav|blockquote|figure)\b)",
    re.IGNORECASE,
)
# Where the speech lives, most specific first: (attribute or "tag", value, name in the report).
_MAIN_CONTENT = (
    ("class", "transcript", ".transcript"),
    ("id", "transcript", "#transcript"),
    ("class", "entry-content", ".entry-content"),
    ("class", "post-content", ".post-content"),
    ("class", "article-body", ".article-body"),
    ("class", "article-content", ".article-content"),
    ("itemprop", "articleBody", "[itemprop=articleBody]"),
    ("tag", "article", "<article>"),
    ("tag", "main", "<main>"),
    ("role", "main", "[role=main]"),
)
_DATE_METAS = (
    {"property": "article:published_time"},
    {"property": "og:published_time"},
    {"itemprop": "datePublished"},
    {"name": "date"},
    {"name": "pubdate"},
    {"name": "publish-date"},
    {"name": "dc.date"},
    {"name": "DC.date.issued"},
    {"name": "DC.date"},
)
_ISO_DATE = re.compile(r"^\s*(\d{4})[-/](\d{2})[-/](\d{2})")


def looks_like_html(data: bytes) -> bool:
    """Return whether bytes look like an HTML page or fragment."""
    text = _LEADING_PROCESSING.sub("", sniff_text(data[:4096]).lstrip())
    text = re.sub(r"^(?:<!--.*?-->\s*)+", "", text, flags=re.S)
    return bool(_SNIFF.match(text))


def read_html(data: bytes, *, filename: str = "") -> Document:
    """Read an HTML transcript page or fragment into paragraphs with speakers and headings."""
    text, encoding, warnings = decode_page(data)
    what = filename or "this HTML page"
    soup = _parse(text)
    title, date, language = _title(soup), _date(soup), _language(soup)
    dropped = strip_furniture(soup)
    root, where = _main_content(soup)
    outside = len(soup.get_text(" ").split()) - len(root.get_text(" ").split())
    try:
        blocks = list(iter_blocks(root))
    except RecursionError as exc:
        raise ParseError("the page is nested too deeply to read", format=FORMAT) from exc
    blocks, credits = _without_credits(blocks)
    dropped["credit line"] += credits
    blocks, fields = _without_fields(blocks)
    dropped["interview details"] += len(fields)
    plain_labels = trusted_plain_labels(blocks)
    reader = ItemAssembler(title, plain_labels, contribution_starts(blocks, plain_labels))
    for block in blocks:
        reader.add(block)
    # trs2html and similar give one short timed <p> per phrase: those are cues.
    cues = reader.timed_fragments()
    items = reader.finish(end_cues=cues)
    utterances = [item for item in items if isinstance(item, Utterance)]
    if not utterances:
        raise EmptyTranscriptError(
            f"{what} has no speech paragraphs once page furniture is dropped"
        )
    if cues:
        warnings.append(
            f"read {plural(len(utterances), 'short timed paragraph')} as cues; "
            "each ends where the next begins"
        )
    furniture = describe(dropped + reader.dropped)
    warnings.extend([furniture] if furniture else [])
    if outside > 0 and where:
        warnings.append(f"read the main content ({where}); skipped {outside} words outside it")
    warnings.extend(reader.warnings())
    return Document(
        format=FORMAT,
        items=tuple(items),
        unit="cue" if cues else "paragraph",
        encoding=encoding,
        title=title,
        date=date,
        language=language,
        warnings=tuple(warnings),
        participants=tuple(field_people(fields)),
    )


def _without_credits(blocks: list[Block]) -> tuple[list[Block], int]:
    """Leave out the unlabelled paragraphs at the page's edges that are credit lines."""
    paragraphs = [index for index, block in enumerate(blocks) if not block.level and block.text]
    texts = [blocks[i].text if blocks[i].label is None else "" for i in paragraphs]
    gone = {paragraphs[at] for at in edge_credits(texts)}
    return [block for index, block in enumerate(blocks) if index not in gone], len(gone)


def _without_fields(blocks: list[Block]) -> tuple[list[Block], list[tuple[str, str]]]:
    """Leave out blocks of `Key: value` paragraphs describing the interview; return them.

    The rule is `transcripts.preamble.opening_fields`: a bold key
    (`<b>Interviewer:</b> Ana Ruiz`) was read as a label, so it is put back first.
    """
    paragraphs = [index for index, block in enumerate(blocks) if not block.level and block.text]
    lines = [
        f"{blocks[i].label}: {blocks[i].text}" if blocks[i].label else blocks[i].text
        for i in paragraphs
    ]
    found = opening_fields(lines)
    gone = {paragraphs[at] for at in found}
    kept = [block for index, block in enumerate(blocks) if index not in gone]
    return kept, [found[at] for at in sorted(found)]


# --- parsing and metadata --------------------------------------------------------


def _parse(text: str) -> BeautifulSoup:
    """Parse page text with lxml, wrapping the parser's failures as ParseError."""
    # An XML declaration in a str makes lxml balk and bs4 warn; its encoding is already used.
    text = _LEADING_PROCESSING.sub("", text)
    if "<" not in text:
        # Also keeps bs4 from warning that tagless text "looks like a filename or URL".
        raise ParseError("no HTML tags found; this is not an HTML page", format=FORMAT)
    _check_depth(text)
    try:
        # lxml wraps fragments without <html>/<body> (Podcasting 2.0 HTML) in a document.
        return BeautifulSoup(text, "lxml")
    except (ValueError, TypeError, LookupError, etree.LxmlError) as exc:
        raise ParseError(f"the HTML parser failed: {exc}", format=FORMAT) from exc


def _check_depth(text: str) -> None:
    """Refuse a page nested deeper than libxml2 builds trees (256 elements).

    BeautifulSoup's own tree has no such limit, and a page 100,000 elements deep took it
    minutes and then a RecursionError. libxml2's tree parser stops at that depth and says
    so, in a fraction of a second: ask it first.
    """
    parser = etree.HTMLParser(recover=True, no_network=True)
    try:
        etree.fromstring(text, parser)
    except (ValueError, etree.LxmlError):
        return  # the parse proper reports what is wrong with the page
    deep = next((e for e in parser.error_log if "Excessive depth" in e.message), None)
    if deep is not None:
        raise ParseError(
            f"the page nests elements more than {_MAX_DEPTH} deep; a transcript page needs "
            "a few dozen, so this is not one (or it is damaged)",
            format=FORMAT,
            line=deep.line,
        )


def _title(soup: BeautifulSoup) -> str | None:
    """Return the page title from <title>, og:title or the first <h1>."""
    candidates = [
        soup.title.get_text() if soup.title else None,
        _meta(soup, {"property": "og:title"}),
        soup.h1.get_text() if soup.h1 else None,
    ]
    return next((" ".join(c.split()) for c in candidates if c and c.strip()), None)


def _date(soup: BeautifulSoup) -> str | None:
    """Return the publication date as YYYY-MM-DD from meta tags or a <time datetime>."""
    values = [_meta(soup, attrs) for attrs in _DATE_METAS]
    values += [str(t.get("datetime")) for t in soup.find_all("time", datetime=True)]
    for value in values:
        match = _ISO_DATE.match(value or "")
        if match:
            try:
                return datetime.date(*(int(g) for g in match.groups())).isoformat()
            except ValueError:
                continue
    return None


def _language(soup: BeautifulSoup) -> str | None:
    """Return the language the <html> element (or a content-language meta) declares."""
    html = soup.find("html")
    lang = None
    if isinstance(html, Tag):
        lang = html.get("lang") or html.get("xml:lang")
    lang = lang or _meta(soup, {"http-equiv": re.compile("^content-language$", re.I)})
    return str(lang).strip() or None if lang else None


def _meta(soup: BeautifulSoup, attrs: dict[str, object]) -> str | None:
    """Return the content of the first meta tag matching attrs."""
    tag = soup.find("meta", attrs=attrs)  # type: ignore[arg-type]
    content = tag.get("content") if isinstance(tag, Tag) else None
    return str(content) if content else None


def _main_content(soup: BeautifulSoup) -> tuple[Tag | BeautifulSoup, str]:
    """Return the element holding the speech and a short name for it ("" for the whole page)."""
    found: list[list[Tag]] = [[] for _ in _MAIN_CONTENT]
    for tag in soup.descendants:
        if isinstance(tag, Tag):
            for index, (attribute, value, _) in enumerate(_MAIN_CONTENT):
                if _matches(tag, attribute, value):
                    found[index].append(tag)
    for matches, (_, _, name) in zip(found, _MAIN_CONTENT, strict=True):
        with_text = [m for m in matches if m.get_text(strip=True)]
        if with_text:
            return max(with_text, key=lambda m: len(m.get_text(" ").split())), name
    return soup.body or soup, ""


def _matches(tag: Tag, attribute: str, value: str) -> bool:
    """Return whether a tag has this name, class token or attribute value."""
    if attribute == "tag":
        return tag.name == value
    if attribute == "class":
        return value in (tag.get("class") or [])
    return tag.get(attribute) == value
