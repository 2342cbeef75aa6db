"""The text of a document version: Markdown shown as sanitised HTML, and the difference
between two versions paragraph by paragraph.

Markdown lets through raw HTML, so its output is never trusted: nh3 (ammonia) keeps only
a small set of text tags and attributes, drops every script, style, event handler and
`javascript:` link, and only then is the result marked safe.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "b",
    "i", "blockquote", "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markdown(text: str) -> SafeString:
    """The version's text as HTML that is safe to put in a page."""
    html = _shift_headings(markdown.markdown(text or "", extensions=["tables", "sane_lists"]))
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above


def _shift_headings(html: str) -> str:
    """The page's own title is the only h1: the text's headings start at h2."""
    for level in range(5, 0, -1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(
            f"</h{level}>", f"</h{level + 1}>"
        )
    return html


_BLANK_LINES = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs (blocks separated by blank lines), whitespace-normalised at
    the ends, so that re-wrapping nothing is not a change."""
    normalised = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return [block.strip() for block in _BLANK_LINES.split(normalised) if block.strip()]


@dataclass(frozen=True)
class DiffBlock:
    """One step of the difference: `kind` is "same", "added", "removed" or "changed";
    `old` and `new` are the paragraphs before and after (empty where there is none)."""

    kind: str
    old: tuple[str, ...]
    new: tuple[str, ...]


def paragraph_diff(old_text: str, new_text: str) -> list[DiffBlock]:
    old, new = paragraphs(old_text), paragraphs(new_text)
    blocks: list[DiffBlock] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        kind = {"equal": "same", "insert": "added", "delete": "removed"}.get(tag, "changed")
        blocks.append(DiffBlock(kind, tuple(old[i1:i2]), tuple(new[j1:j2])))
    return blocks


def changed_count(blocks: list[DiffBlock]) -> int:
    return sum(max(len(b.old), len(b.new)) for b in blocks if b.kind != "same")
