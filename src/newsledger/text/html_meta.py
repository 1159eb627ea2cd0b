"""Title, publication date, author and outlet from a page's own metadata.

trafilatura's metadata pass (htmldate, author heuristics over the whole body)
was the larger share of the HTML step: about 20 ms of 45 per real page
(issue 18, item 5).  A news page states these fields itself, in ``<meta>``
tags (Open Graph, Dublin Core, ``article:*``) and schema.org JSON-LD; reading
them from the tree already parsed for the article costs well under a
millisecond.  ``benchmarks/html_extraction.py`` scores both readers against the
metadata of the real evaluation pages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
from htmldate import find_date
from trafilatura.metadata import examine_meta, extract_meta_json, extract_title

# Meta names and properties per field, best first.  Lower-cased before lookup.
_TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "title", "headline")
_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date.published",
    "publication_date",
    "publish-date",
    "publishdate",
    "pubdate",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "datecreated",
)
_AUTHOR_KEYS = (
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "sailthru.author",
    "parsely-author",
    "twitter:creator",
)
_SITE_KEYS = ("og:site_name", "application-name", "publisher", "dc.publisher")
_URL_KEYS = ("og:url", "twitter:url")
# schema.org types whose JSON-LD object describes the article itself.
_ARTICLE_TYPES = re.compile(r"article|posting|report|blog|webpage|newsarticle", re.IGNORECASE)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\b|T)")
_DOTTED_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/")
_BYLINE_PREFIX = re.compile(r"^\s*(?:by|von|text|autor(?:in)?|author)\s*:?\s+", re.IGNORECASE)
# A byline longer than this is a sentence, not a name list.
_MAX_AUTHOR_CHARS = 80
_JSON_LD_MAX_CHARS = 200_000
# Elements that mark a byline (trafilatura's author markup, the common part).
_BYLINES = lxml.etree.XPath(
    "//*[@rel='author' or @itemprop='author' or @class='author']"
)  # a script bigger than this is data, not page metadata


@dataclass(frozen=True)
class PageMeta:
    """What the page says about itself; None where it says nothing usable."""

    title: str | None = None
    published: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None


def read_meta(tree: lxml.html.HtmlElement) -> PageMeta:
    """The page's title, date (YYYY-MM-DD), author, outlet and URL, read-only."""
    meta = _meta_tags(tree)
    ld = _json_ld(tree)
    url = _first(meta, _URL_KEYS) or _canonical(tree) or _text(ld.get("url"))
    # The article's own headline first: og:title is often the social-media
    # teaser (title equal to the evaluation's: .678 in this order, .616 with
    # og:title first, .599 for trafilatura's metadata pass).
    title = _text(ld.get("headline")) or _first(meta, _TITLE_KEYS) or extract_title(tree)
    published = (
        _date(_text(ld.get("datePublished")))
        or _first_date(meta)
        or _date(_text(ld.get("dateCreated")))
        or _url_date(url)
        or _markup_date(tree, url)
    )
    author = _author(ld.get("author")) or _clean_author(_first(meta, _AUTHOR_KEYS))
    author = author or _byline(tree) or _trafilatura_author(tree)
    site = _first(meta, _SITE_KEYS) or _author(ld.get("publisher"))
    if site is None and url:
        site = urlsplit(url).hostname or None
    return PageMeta(title=title, published=published, author=author, site=site, url=url)


def _trafilatura_author(tree: lxml.html.HtmlElement) -> str | None:
    # trafilatura's reading of the same meta tags and JSON-LD knows more
    # shapes of author field (author .446 with it as a fallback, .396 without;
    # about 1 ms a page).
    try:
        found = extract_meta_json(tree, examine_meta(tree)).author
    except Exception:  # trafilatura guards its JSON-LD reader the same way: known bugs
        return None
    return _clean_author(found) if found and " " in found else None


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if not key or not content or not content.strip():
            continue
        found.setdefault(key.strip().lower(), " ".join(content.split()))
    return found


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = meta.get(key)
        if value:
            return value
    return None


def _first_date(meta: dict[str, str]) -> str | None:
    for key in _DATE_KEYS:
        value = _date(meta.get(key))
        if value:
            return value
    return None


def _json_ld(tree: lxml.html.HtmlElement) -> dict[str, Any]:
    """The page's own article object from its JSON-LD, merged best first."""
    merged: dict[str, Any] = {}
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = script.text or ""
        if len(text) > _JSON_LD_MAX_CHARS:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # broken or hostile JSON: no metadata
            continue
        for item in _ld_objects(data, 0):
            kind = item.get("@type")
            kinds = " ".join(kind) if isinstance(kind, list) else str(kind or "")
            if _ARTICLE_TYPES.search(kinds):
                for key, value in item.items():
                    merged.setdefault(key, value)
    return merged


def _ld_objects(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    # Articles sit at the top, in a list, or in "@graph"; deeper is never the page.
    if depth > 3:
        return
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _ld_objects(graph, depth + 1)


def _text(value: Any) -> str | None:
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def _author(value: Any) -> str | None:
    """Names from a JSON-LD person or organisation (or a list of them)."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:5]:
        name = item.get("name") if isinstance(item, dict) else item
        cleaned = _clean_author(_text(name))
        if cleaned and cleaned not in names:
            names.append(cleaned)
    return "; ".join(names) or None


def _clean_author(value: str | None) -> str | None:
    if not value or "://" in value or value.startswith("@"):
        return None  # a profile URL or a social handle is not a name
    value = _BYLINE_PREFIX.sub("", value).strip(" ,;|")
    if not value or len(value) > _MAX_AUTHOR_CHARS or not any(c.isalpha() for c in value):
        return None
    return value


def _byline(tree: lxml.html.HtmlElement) -> str | None:
    # A visible byline marked up as one.  trafilatura's own author search
    # copies and prunes the whole tree first (10 ms a page).  Skipping bylines
    # under "comment", "sidebar" or "footer" containers lost more than it won
    # (author .337 against .396 on the evaluation pages).
    for element in _BYLINES(tree):
        name_parts = element.xpath('.//*[@itemprop="name"]')
        text = (name_parts[0] if name_parts else element).text_content()
        cleaned = _clean_author(" ".join(text.split()))
        if cleaned:
            return cleaned
    return None


def _canonical(tree: lxml.html.HtmlElement) -> str | None:
    for element in tree.iter("link"):
        if (element.get("rel") or "").strip().lower() == "canonical":
            href = (element.get("href") or "").strip()
            if href.startswith(("http://", "https://")):
                return href
    return None


def _date(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    match = _ISO_DATE.search(value) or _COMPACT_DATE.match(value)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        dotted = _DOTTED_DATE.search(value)
        if dotted is None:
            return None
        day, month, year = (int(part) for part in dotted.groups())
    return _valid(year, month, day)


def _markup_date(tree: lxml.html.HtmlElement, url: str | None) -> str | None:
    # No date in the page's metadata: htmldate's quick search of the markup
    # (time elements, date classes).  Its extensive search also guesses from
    # dates in the text ("2020-01-01" on a page that names none), which would
    # misplace every relative date, so it stays off.
    found = find_date(tree, extensive_search=False, original_date=True, url=url)
    return found if isinstance(found, str) else None


def _url_date(url: str | None) -> str | None:
    match = _URL_DATE.search(url or "")
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    return _valid(year, month, day)


def _valid(year: int, month: int, day: int) -> str | None:
    if not (1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
