"""From a RawDocument to a clean, segmented Document."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import trafilatura
import trafilatura.settings
from trafilatura.utils import load_html

from newsledger.errors import EmptyDocumentError
from newsledger.extract.dates import find_dates
from newsledger.lang import LangData, load_or_fallback
from newsledger.model import Boilerplate, Document, RawDocument
from newsledger.text.boilerplate import byline_author, strip_boilerplate
from newsledger.text.decode import decode_bytes
from newsledger.text.html_fallback import visible_paragraphs
from newsledger.text.html_meta import PageMeta, read_meta
from newsledger.text.language import detect_language
from newsledger.text.normalize import content_id, normalize_text
from newsledger.text.repeats import find_repeats
from newsledger.text.segment import split_paragraphs, split_sentences

# A dateline ("Published March 4, 2026", "Leipzig, 10. März 2026") sits in
# the first few short lines of scraped text; further down, dates are news.
_DATELINE_LINES = 10
_DATELINE_MAX_CHARS = 80
# The article alone: no metadata pass (the page's own <meta> and JSON-LD
# give title, date and author, see html_meta), no comments; tables are
# kept, as trafilatura's default does (snippet F1 .930 against .921 without
# them on the real pages of benchmarks/html_extraction.py).
_EXTRACTION_OPTIONS: dict[str, Any] = {"include_comments": False, "with_metadata": False}
# A scraper's leading "date: 2024-12-18" field at the top of plain text.
_METADATA_DATE = re.compile(
    r"^\s*(?:date|published|datum|veröffentlicht)\s*:?\s+(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE
)
# The masthead is the document's first line.
_MASTHEAD_OFFSET = 3
_NAV_ITEMS = re.compile(r"\s+(?:\||»|›|•|·|::|>)\s+")
# A first paragraph this short, without a final full stop, reads as a title.
_TITLE_MAX_CHARS = 160


def build_document(raw: RawDocument, fallback_language: str = "en") -> Document:
    """Decode, extract the article, detect the language, clean and segment.

    Raises DecodeError or EmptyDocumentError naming ``raw.source``.
    """
    text = decode_bytes(raw.data, raw.source)
    title, published, author, site = raw.title, raw.published, raw.author, raw.site
    if raw.kind == "html":
        extracted = extract_html(text)
        if extracted is None:
            raise EmptyDocumentError(raw.source, "HTML with no article text")
        text = extracted.text
        title = title or extracted.title
        published = published or extracted.published
        author = author or extracted.author
        site = site or extracted.site
    raw_text = normalize_text(text)
    if not raw_text:
        raise EmptyDocumentError(raw.source, "empty: no text after cleaning")
    doc_id = content_id(raw_text)
    language = detect_language(raw_text)
    lang = load_or_fallback(language, fallback_language)
    if published is None:
        try:
            published = _metadata_date(raw_text) or _dateline(raw_text, lang)
        except Exception:  # a guessed date must not cost the article
            published = None  # the date extractor's bug still shows in the events stage
    clean, boilerplate = strip_boilerplate(raw_text, lang, doc_id)
    if raw.kind != "html":
        # Plain text keeps its masthead: the outlet's navigation bar and the
        # byline say who published and who wrote it (issue 12, item 15).
        author = author or _author(boilerplate, lang)
        site = site or _masthead(boilerplate)
    clean = clean.strip()
    if not clean:
        raise EmptyDocumentError(raw.source, "only boilerplate, no article text")
    paragraphs = split_paragraphs(clean)
    sentences = split_sentences(clean, paragraphs, language)
    if title is None:
        title = _title_from_text(clean)
    return Document(
        id=doc_id,
        source=raw.source,
        text=clean,
        language=language,
        title=title,
        published=published,
        author=author,
        site=site,
        url=raw.url,
        raw_text=raw_text,
        paragraphs=paragraphs,
        sentences=sentences,
        boilerplate=tuple(boilerplate),
        repeats=find_repeats(clean, sentences),
    )


@dataclass(frozen=True)
class ExtractedPage:
    """A page's article text, with what its metadata says about it."""

    text: str
    title: str | None
    published: str | None
    author: str | None
    site: str | None


# libxml2 (under lxml and trafilatura) stops building the tree 256 elements
# deep and drops everything below; pages nested deeper are flattened first.
_MAX_HTML_DEPTH = 255
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)>")
# Elements that never or often do not close: they do not nest when counting.
_UNNESTED = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "dd",
        "dt",
        "embed",
        "hr",
        "img",
        "input",
        "li",
        "link",
        "meta",
        "option",
        "p",
        "param",
        "source",
        "td",
        "th",
        "tr",
        "track",
        "wbr",
    ]
)
# Block elements become paragraph breaks in a flattened page; other tags go.
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
_KEPT = frozenset({"html", "head", "title", "meta", "body", "br"})
_HIDDEN = ("script", "style", "noscript", "template")


def extract_html(html: str) -> ExtractedPage | None:
    """The article text of a page and what the page says about itself; None when it has none."""
    if _too_deep(html):
        return _trafilatura(_flatten(html))
    try:
        return _trafilatura(html)
    except RecursionError:
        return _trafilatura(_flatten(html))


def _too_deep(html: str) -> bool:
    depth = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _UNNESTED:
            continue
        depth += -1 if closing else 1
        if depth > _MAX_HTML_DEPTH:
            return True
    return False


def _flatten(html: str) -> str:
    """The page without nesting: hidden elements dropped, blocks as paragraph breaks."""
    lowered = html.lower()
    pieces: list[str] = []
    position = 0
    broken = False  # a paragraph break already ends ``pieces``: runs of them are one
    for match in _TAG.finditer(html):
        if match.start() < position:  # inside a hidden element already skipped
            continue
        between = html[position : match.start()]
        pieces.append(between)
        broken = broken and not between.strip()
        position = match.end()
        name = match.group(2).lower()
        if name in _HIDDEN and not match.group(1):
            close = lowered.find(f"</{name}", position)
            position = len(html) if close < 0 else close
        elif name in _KEPT:
            pieces.append(match.group(0))
        elif name in _BLOCKS and not broken:
            pieces.append("<p>")
            broken = True
    pieces.append(html[position:])
    return "".join(pieces)


def _trafilatura(html: str) -> ExtractedPage | None:
    # Parsed once: the metadata is read from the same tree the article is.
    tree = load_html(html)
    meta = read_meta(tree) if tree is not None else PageMeta()
    result = trafilatura.bare_extraction(tree, **_EXTRACTION_OPTIONS) if tree is not None else None
    text = result.text if isinstance(result, trafilatura.settings.Document) else None
    if not text or not text.strip():
        # Too small for trafilatura to call it an article: take what a
        # reader sees, the page's own paragraphs.
        text = visible_paragraphs(html)
        if not text:
            return None
    return ExtractedPage(
        text=str(text),
        title=meta.title,
        published=meta.published,
        author=meta.author,
        site=meta.site,
    )


def _metadata_date(text: str) -> str | None:
    # A scraper's leading "date 2024-12-18" field; a month alone is too vague
    # to place relative dates by.
    match = _METADATA_DATE.match(text)
    return match.group(1) if match else None


def _author(boilerplate: Sequence[Boilerplate], lang: LangData) -> str | None:
    for item in boilerplate:
        if item.reason == "byline":
            names = byline_author(item.text, lang)
            if names:
                return names
    return None


def _masthead(boilerplate: Sequence[Boilerplate]) -> str | None:
    # "The Continental Ledger | Business | Energy" on the first line: the
    # outlet, then its sections.
    first = boilerplate[0] if boilerplate else None
    if first is None or first.reason != "navigation" or first.start > _MASTHEAD_OFFSET:
        return None
    outlet = _NAV_ITEMS.split(first.text, maxsplit=1)[0].strip()
    return outlet or None


def _dateline(text: str, lang: LangData) -> str | None:
    for line in text.split("\n", _DATELINE_LINES)[:_DATELINE_LINES]:
        line = line.strip()
        # A sentence that mentions a date ends like a sentence; a dateline does not.
        if not line or len(line) > _DATELINE_MAX_CHARS or line.endswith((".", "!", "?")):
            continue
        for found in find_dates(line, lang):
            if found.precision == "day" and not found.relative and found.value:
                return found.value
    return None


def _title_from_text(text: str) -> str | None:
    first_line = text.split("\n", 1)[0].strip()
    if 0 < len(first_line) <= _TITLE_MAX_CHARS and not first_line.endswith("."):
        return first_line
    return None
