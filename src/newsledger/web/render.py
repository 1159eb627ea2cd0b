"""HTML building blocks for the web pages: layout, escaping, highlighted text, SVG.

Pages are built from strings; every piece of text that comes from the ledger
passes through ``h`` (``html.escape``) exactly once, so an article that
contains ``<script>`` shows it as text.  Nothing here loads anything from
outside this server.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import quote, urlencode

from newsledger.model import Document, Entity, Figure, Mention, Quote


def h(text: object) -> str:
    """Text made safe for HTML content and quoted attributes."""
    return escape("" if text is None else str(text), quote=True)


def url(path: str, *parts: str, **params: object) -> str:
    """A link to ``path`` with each of ``parts`` percent-encoded as one segment."""
    link = path + "".join("/" + quote(p, safe="") for p in parts)
    query = {k: v for k, v in params.items() if v not in (None, "", False)}
    return link + ("?" + urlencode(query) if query else "")


def entity_href(entity_id: str) -> str:
    return url("/entities", entity_id)


def doc_href(doc_id: str, anchor: str | None = None) -> str:
    return url("/documents", doc_id) + (f"#{anchor}" if anchor else "")


def number(value: float | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6g}"


NAV = (
    ("/", "Overview"),
    ("/documents", "Documents"),
    ("/entities", "Entities"),
    ("/stories", "Stories"),
    ("/conflicts", "Conflicts"),
    ("/timeline", "Timeline"),
)


def layout(title: str, body: str, *, active: str = "", query: str = "") -> str:
    """A whole page: header with navigation and search, then ``body``."""
    links = "".join(
        f'<a href="{href}"{" aria-current=page" if href == active else ""}>{label}</a>'
        for href, label in NAV
    )
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{h(title)} · newsledger</title>"
        '<link rel="stylesheet" href="/static/style.css">'
        '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
        "</head><body>"
        '<header class="top"><a class="brand" href="/">newsledger</a>'
        f'<nav aria-label="main">{links}</nav>'
        '<form class="search" action="/search" method="get" role="search">'
        f'<input type="search" name="q" value="{h(query)}" placeholder="Search articles" '
        'aria-label="Search articles"><button type="submit">Search</button></form>'
        "</header>"
        f"<main>{body}</main>"
        "<footer>newsledger · every fact links to the sentence it came from · "
        '<a href="/openapi.json">API schema</a></footer>'
        "</body></html>\n"
    )


def error_page(status: int, message: str) -> str:
    body = (
        f'<h1>{status}</h1><p class="error">{h(message)}</p>'
        '<p><a href="/">Back to the overview</a></p>'
    )
    return layout(f"Error {status}", body)


def table(header: Sequence[str], rows: Iterable[Sequence[str]], cls: str = "") -> str:
    """A table whose cells are HTML already (escape before passing text)."""
    head = "".join(f"<th>{h(c)}</th>" for c in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    if not body:
        return '<p class="empty">None yet.</p>'
    return (
        f'<div class="table-wrap"><table class="{cls}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def pager(path: str, total: int, limit: int, offset: int, **params: object) -> str:
    if total <= limit:
        return ""
    parts = [f"<span>{offset + 1}–{min(offset + limit, total)} of {total}</span>"]
    if offset > 0:
        parts.insert(
            0, f'<a href="{h(url(path, **params, offset=max(0, offset - limit)))}">← previous</a>'
        )
    if offset + limit < total:
        parts.append(f'<a href="{h(url(path, **params, offset=offset + limit))}">next →</a>')
    return '<nav class="pager">' + " ".join(parts) + "</nav>"


_SNIPPET_MARK = re.compile(r"\[([^\[\]]*)\]")


def snippet(text: str) -> str:
    """A search snippet with the store's ``[match]`` markers as <mark>."""
    return _SNIPPET_MARK.sub(r"<mark>\1</mark>", h(text))


# -- highlighted document text -----------------------------------------------------


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    open: str
    close: str
    anchor: str  # id attribute for the piece that holds the start; "" for none


def _choose(marks: Iterable[_Mark], length: int) -> list[_Mark]:
    """Marks that do not overlap one another, earlier (and then longer) first."""
    chosen: list[_Mark] = []
    last_end = -1
    for mark in sorted(marks, key=lambda m: (m.start, -(m.end - m.start))):
        if 0 <= mark.start < mark.end <= length and mark.start >= last_end:
            chosen.append(mark)
            last_end = mark.end
    return chosen


def annotated_text(
    doc: Document,
    mentions: Sequence[Mention],
    figures: Sequence[Figure],
    quotes: Sequence[Quote],
) -> str:
    """The document's paragraphs with quotes, figures and entities marked up.

    Quotes are the outer layer; figures and entity names the inner one.
    Figures win over names they overlap; an inner mark that straddles a
    quote's edge is left out, so that the markup always nests.
    """
    text = doc.text
    n = len(text)
    quote_marks = _choose(
        (
            _Mark(
                x.start,
                x.end,
                f'<span class="quote" title="{h(x.speaker or "unattributed")}">',
                "</span>",
                f"q-{x.start}",
            )
            for x in quotes
        ),
        n,
    )
    figure_marks = _choose(
        (
            _Mark(
                f.start,
                f.end,
                f'<mark class="fig" title="{h(f.qualifier)} {h(number(f.value))} {h(f.unit)}">',
                "</mark>",
                f"f-{f.start}",
            )
            for f in figures
        ),
        n,
    )
    taken = bytearray(n + 1)
    for f in figure_marks:
        taken[f.start : f.end] = b"\x01" * (f.end - f.start)
    name_marks = _choose(
        (
            _Mark(
                m.start,
                m.end,
                f'<a class="ent t-{h(m.type)}" href="{h(entity_href(m.entity_id))}" '
                f'title="{h(m.name)} ({h(m.type)})">',
                "</a>",
                "",
            )
            for m in mentions
            if 0 <= m.start < m.end <= n and not any(taken[m.start : m.end])
        ),
        n,
    )
    starts = [q.start for q in quote_marks]
    inner = [
        m
        for m in sorted(figure_marks + name_marks, key=lambda m: m.start)
        if not _crosses(m, quote_marks, starts)
    ]
    paragraphs = [(p.start, p.end) for p in doc.paragraphs] or [(0, n)]
    sentence_starts = {s.start for s in doc.sentences}
    return "".join(
        _paragraph(text, ps, pe, quote_marks, inner, sentence_starts) for ps, pe in paragraphs
    )


def _crosses(mark: _Mark, quotes: Sequence[_Mark], starts: Sequence[int]) -> bool:
    """Whether the mark overlaps a quote without lying inside it."""
    # Quotes are sorted and disjoint: only the last two starting before the
    # mark's end can reach it.
    i = bisect.bisect_left(starts, mark.end)
    for q in quotes[max(0, i - 2) : i]:
        overlaps = q.start < mark.end and mark.start < q.end
        inside = q.start <= mark.start and mark.end <= q.end
        if overlaps and not inside:
            return True
    return False


def _paragraph(
    text: str,
    ps: int,
    pe: int,
    quotes: Sequence[_Mark],
    inner: Sequence[_Mark],
    sentence_starts: set[int],
) -> str:
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    # Quotes open before inner marks and close after them: they are the outer layer.
    for layer in (quotes, inner):
        for mark in layer:
            if mark.end <= ps or mark.start >= pe:
                continue
            start, end = max(mark.start, ps), min(mark.end, pe)
            tag = mark.open
            if mark.anchor and mark.start >= ps:
                tag = tag[:-1] + f' id="{mark.anchor}">'
            opens.setdefault(start, []).append(tag)
            closes.setdefault(end, []).insert(0, mark.close)
    cuts = sorted({ps, pe, *opens, *closes, *(s for s in sentence_starts if ps <= s < pe)})
    out = ["<p>"]
    for i, pos in enumerate(cuts):
        out.extend(closes.get(pos, ()))
        if pos in sentence_starts and pos < pe:
            out.append(f'<span class="anchor" id="s-{pos}"></span>')
        out.extend(opens.get(pos, ()))
        if i + 1 < len(cuts):
            out.append(h(text[pos : cuts[i + 1]]))
    out.append("</p>")
    return "".join(out)


LEGEND = (
    '<div class="legend" aria-label="legend">'
    '<span><a class="ent t-PERSON">person</a></span>'
    '<span><a class="ent t-ORG">organisation</a></span>'
    '<span><a class="ent t-PRODUCT">product, facility, place…</a></span>'
    '<span><mark class="fig">figure</mark></span>'
    '<span><span class="quote">quote</span></span>'
    "</div>"
)


# -- co-occurrence graph -------------------------------------------------------------

# Wide enough that an 18-character label beside a node on either side fits.
GRAPH_WIDTH = 560
GRAPH_HEIGHT = 320


def cooccurrence_svg(center: Entity, others: Sequence[tuple[Entity, int]]) -> str:
    """A small star graph: the entity in the middle, those it appears with around it."""
    if not others:
        return '<p class="empty">No other entity appears in its documents.</p>'
    cx, cy = GRAPH_WIDTH / 2, GRAPH_HEIGHT / 2
    rx, ry = 130, cy - 40
    most = max(n for _, n in others)
    edges, nodes = [], []
    for i, (other, shared) in enumerate(others):
        angle = 2 * math.pi * i / len(others) - math.pi / 2
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        width = 1 + 4 * shared / most
        edges.append(
            f'<line x1="{cx:.0f}" y1="{cy:.0f}" x2="{x:.0f}" y2="{y:.0f}" '
            f'stroke-width="{width:.1f}" class="edge"/>'
        )
        anchor = "middle" if abs(x - cx) < 20 else ("start" if x > cx else "end")
        dx = 0 if anchor == "middle" else (9 if anchor == "start" else -9)
        dy = -11 if y < cy - 5 and anchor == "middle" else (18 if anchor == "middle" else 4)
        label = other.name if len(other.name) <= 18 else other.name[:17] + "…"
        nodes.append(
            f'<a href="{h(entity_href(other.id))}"><title>{h(other.name)}: {shared} shared '
            f'document(s)</title><circle cx="{x:.0f}" cy="{y:.0f}" r="7" '
            f'class="node t-{h(other.type)}"/><text x="{x + dx:.0f}" y="{y + dy:.0f}" '
            f'text-anchor="{anchor}">{h(label)}</text></a>'
        )
    centre = (
        f'<circle cx="{cx:.0f}" cy="{cy:.0f}" r="11" class="node centre t-{h(center.type)}"/>'
        f'<text x="{cx:.0f}" y="{cy + 26:.0f}" text-anchor="middle" class="centre">'
        f"{h(center.name)}</text>"
    )
    return (
        f'<svg class="graph" viewBox="0 0 {GRAPH_WIDTH} {GRAPH_HEIGHT}" role="img" '
        f'aria-label="Entities appearing with {h(center.name)}" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(edges)}{centre}{"".join(nodes)}</svg>'
    )
