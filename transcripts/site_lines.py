"""What a website prints around every post, as text: share buttons, comment forms, cookies.

A transcript copied out of a blog or a news site, into a text or Markdown file or still in
its HTML page, brings the site's widgets with it as lines of their own: "Share this:",
"Like Loading…", "Leave a Reply", "We use cookies", "Posted in Interviews". Whole, they
are furniture in every format; the same words inside a longer paragraph are speech.

Format-neutral: it sees a paragraph's text. HTML's own furniture, found by tag and
class (`<nav>`, `class="share"`), stays with the HTML reader.
"""

from __future__ import annotations

import re

# Lines that are furniture when they make up a whole short paragraph.
_KINDS = (
    (
        "share button",
        re.compile(
            r"^(?:share on\b|click to (?:share|email|print)\b|like this\s*:|like loading"
            r"|share this(?:\s+(?:post|article|page|story|episode))?\s*:?\s*$"
            r"|(?:loading\s*(?:\.\.\.|…)|tweet|print|email|share)\s*$)",
            re.IGNORECASE,
        ),
    ),
    (
        "comment-section line",
        re.compile(
            r"^(?:leave a (?:reply|comment)|fill in your details below|you are commenting using"
            r"|connecting to %s|notify me of|log out|\d+ (?:responses?|comments?) (?:to|on))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "cookie notice",
        re.compile(
            r"^(?:this (?:site|website) uses cookies|we use cookies|by continuing to use)",
            re.IGNORECASE,
        ),
    ),
    (
        "subscribe box",
        re.compile(r"^(?:subscribe to|sign up for|enter your email)", re.IGNORECASE),
    ),
    (
        "photo credit",
        re.compile(
            r"^\(?(?:photo|image|picture|foto|bild|credit|photograph)s?(?: credit)?\s*:"
            r"|\((?:photo|image|picture|credit)s?\b[^)]*\)\s*$|©",
            re.IGNORECASE,
        ),
    ),
    (
        "post meta line",
        re.compile(
            r"^(?:posted (?:in|on|by)|filed under|tagged(?: with)?\s*:|categories\s*:)",
            re.IGNORECASE,
        ),
    ),
)
# Furniture lines are short; a long paragraph that starts "Share this" is someone speaking.
MAX_FURNITURE_WORDS = 60


def site_line_kind(text: str) -> str | None:
    """Return the kind of site widget a whole paragraph is, or None when it may be speech."""
    if len(text.split()) > MAX_FURNITURE_WORDS:
        return None
    return next((kind for kind, pattern in _KINDS if pattern.search(text)), None)
