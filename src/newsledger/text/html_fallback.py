"""The visible paragraphs of a page, for when article extraction finds nothing.

trafilatura judges a fragment such as a single ``<p>`` (a JSONL record's
``html`` field, a short wire item) too small to be an article and returns
nothing.  Such a fragment is still text someone published: its paragraphs,
outside navigation, scripts and forms, are the article.
"""

from __future__ import annotations

import lxml.etree
import lxml.html

# Elements whose text a reader does not see as the article.
_HIDDEN = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "iframe",
    "svg",
)
_PARAGRAPHS = ("h1", "h2", "h3", "p", "blockquote")


def visible_paragraphs(html: str) -> str:
    """The page's headings and paragraphs as text, one per line; "" when none."""
    try:
        root = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in root.iter(*_HIDDEN):
        element.drop_tree()
    lines = []
    for element in root.iter(*_PARAGRAPHS):
        # A paragraph inside a blockquote is read once, with the blockquote.
        if any(parent.tag in _PARAGRAPHS for parent in element.iterancestors()):
            continue
        if element.get("hidden") is not None or "display:none" in (
            element.get("style") or ""
        ).replace(" ", ""):
            continue
        text = " ".join(element.text_content().split())
        if text:
            lines.append(text)
    return "\n\n".join(lines)
