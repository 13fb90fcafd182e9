"""Page furniture: the parts of a web page that are not speech, found by element and by text.

Menus, share buttons, comment threads, photo credits and cookie banners surround the
transcript on a scraped page. They are dropped and counted so the ingest report can say so.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup, Tag

from transcripts.credits import tool_footer
from transcripts.furniture import line_furniture
from transcripts.records import furniture_kind
from transcripts.site_lines import MAX_FURNITURE_WORDS, site_line_kind
from transcripts.wording import plural

if TYPE_CHECKING:
    from transcripts.formats.html_blocks import Block

# Never visible: dropped without a word in the report.
_SILENT_TAGS = ("script", "style", "noscript", "template", "head")
_TAG_KINDS = {
    "nav": "navigation menu",
    "header": "page header",
    "footer": "page footer",
    "form": "form",
    "aside": "sidebar",
    "figure": "figure or caption",
    "figcaption": "figure or caption",
    "iframe": "embedded player",
    "object": "embedded player",
    "embed": "embedded player",
    "audio": "embedded player",
    "video": "embedded player",
    "button": "button",
    "select": "button",
    "svg": "icon",
}
# Class and id tokens of furniture, by what the report calls them.
_TOKEN_KINDS = (
    ("comment section", re.compile(r"^(?:comments?|comment-.+|.+-comments?|respond|disqus.*)$")),
    (
        "share button",
        re.compile(r"^(?:share|shares|sharing|sharedaddy|social|social-.+|.+-share)$"),
    ),
    ("related-post list", re.compile(r"^(?:related|related-.+|jp-relatedposts|more-stories)$")),
    ("subscribe box", re.compile(r"^(?:subscribe.*|newsletter.*|signup|sign-up|mailchimp.*)$")),
    ("cookie banner", re.compile(r"^(?:cookie.*|.+-cookies?|gdpr.*|consent.*)$")),
    ("advertisement", re.compile(r"^(?:ad|ads|advert.*|advertisement|sponsor.*|promo)$")),
    (
        "navigation menu",
        re.compile(
            r"^(?:menu|navbar|nav|nav-?links?|nav-?(?:left|right|cent(?:re|er))|breadcrumbs?"
            r"|pagination|skip-link|toc)$"
        ),
    ),
    ("sidebar", re.compile(r"^(?:sidebar|widget|widget-area)$")),
    ("byline or post meta", re.compile(r"^(?:byline|entry-meta|post-meta|tags|tag-links)$")),
    ("photo credit", re.compile(r"^(?:credit|credits|photo-credit|caption|wp-caption)$")),
    ("infobox or reference list", re.compile(r"^(?:infobox|navbox|reflist|references)$")),
    ("edit link or citation mark", re.compile(r"^(?:mw-editsection|reference|noprint)$")),
)
# Containers that are the content itself, whatever their classes say
# (WordPress puts "comments-open" on <body> and "tag-news" on <article>).
_NEVER_DROPPED = frozenset({"html", "body", "main", "article"})
_TRANSCRIPT = re.compile(r"^transcript$", re.IGNORECASE)

# Headings that open a run of furniture: everything under them until the next heading
# of the same or a higher level is not speech.
FURNITURE_HEADING = re.compile(
    r"^(?:\d+|one|two|three)\s+(?:responses?|comments?|replies|thoughts)\b"
    r"|^(?:leave a (?:reply|comment)|comments?|share this|share|like this|related(?: posts| "
    r"articles| stories)?|you (?:may|might) also like|read more|more from|subscribe\b.*"
    r"|sign up\b.*|references|see also|external links|further reading|notes|tags|categories"
    r"|about the author|post navigation)\s*:?$",
    re.IGNORECASE,
)
# Link text that moves around a site rather than saying anything.
_NAVIGATION_LINK = re.compile(
    r"^(?:(?:previous|next|prev)\s+(?:section|page|part|article|post|story|episode|item)"
    r"|index|contents|table of contents|home|home ?page|back to top|top of page|back"
    r"|[«‹<]\s*(?:previous|prev|back)|(?:next|forward)\s*[»›>])$",
    re.IGNORECASE,
)


def strip_furniture(soup: BeautifulSoup) -> Counter[str]:
    """Remove furniture elements from the page; return how many of each kind went."""
    dropped: Counter[str] = Counter()
    # bs4's `decomposed` falls back to a subtree search on live tags: track removals here.
    removed: set[int] = set()
    for tag in [d for d in soup.descendants if isinstance(d, Tag)]:
        if id(tag) in removed or tag.name in _NEVER_DROPPED:
            continue
        silent = tag.name in _SILENT_TAGS
        kind = _TAG_KINDS.get(tag.name or "") or _class_kind(tag) or _hidden_kind(tag)
        if not (silent or kind) or _holds_transcript(tag):
            continue
        inside = [d for d in tag.descendants if isinstance(d, Tag)]
        if kind == "comment section":
            # One thread counts once, with the comments inside it.
            dropped["comments"] += sum(1 for d in inside if _is_one_comment(d))
        if kind and not silent:
            dropped[kind] += 1
        removed.update(id(d) for d in inside)
        tag.decompose()
    return dropped


def text_kind(text: str) -> str | None:
    """Return the kind of furniture a whole paragraph is, or None when it may be speech."""
    if len(text.split()) > MAX_FURNITURE_WORDS:
        return None
    found = site_line_kind(text)  # share buttons, comment forms, cookie notices
    # The furniture rules of every format's text (bylines, photo credits, rights notes).
    footer = "transcription credit" if tool_footer(text) else None
    return found or footer or furniture_kind(text) or line_furniture(text)


def link_kind(block: Block) -> str | None:
    """Return "navigation link" for a paragraph that is only a link like `Next Section`."""
    linked = block.linked and block.label is None
    return "navigation link" if linked and _NAVIGATION_LINK.match(block.text.strip()) else None


def describe(dropped: Counter[str]) -> str | None:
    """Return one report sentence for what was dropped, or None when nothing was."""
    comments = dropped.pop("comments", 0)
    parts = []
    for kind, count in dropped.most_common():
        if count:
            extra = f" ({plural(comments, 'comment')})" if kind == "comment section" else ""
            parts.append(plural(count, kind) + (extra if comments else ""))
    return "dropped page furniture: " + ", ".join(parts) if parts else None


def _class_kind(tag: Tag) -> str | None:
    """Return the furniture kind a tag's class or id names, if any."""
    tokens = [str(c).lower() for c in tag.get("class") or []]
    if tag.get("id"):
        tokens.append(str(tag["id"]).lower())
    for kind, pattern in _TOKEN_KINDS:
        if any(pattern.match(token) for token in tokens):
            return kind
    return None


def _hidden_kind(tag: Tag) -> str | None:
    """Return "hidden element" for what a browser never shows."""
    style = str(tag.get("style") or "").replace(" ", "").lower()
    hidden = tag.has_attr("hidden") or "display:none" in style
    return "hidden element" if hidden or tag.get("aria-hidden") == "true" else None


def _is_one_comment(tag: Tag) -> bool:
    """Return whether an element is one comment of a thread (`<li class="comment">`)."""
    classes = [str(c).lower() for c in tag.get("class") or []]
    return tag.name in ("li", "article") and "comment" in classes


def _holds_transcript(tag: Tag) -> bool:
    """Return whether an element is or holds the transcript, which is never furniture."""
    return _is_transcript(tag) or any(
        isinstance(d, Tag) and _is_transcript(d) for d in tag.descendants
    )


def _is_transcript(tag: Tag) -> bool:
    """Return whether an element is marked as the transcript by class or id."""
    classes = [str(c) for c in tag.get("class") or []]
    return any(_TRANSCRIPT.match(c) for c in classes) or bool(
        _TRANSCRIPT.match(str(tag.get("id") or ""))
    )
