"""The web pages: overview, documents, entities, stories, conflicts, search, timeline.

Each page reads the store for one request and returns HTML built by
``web.render``.  Static files are served by exact name from the packaged
``web/static`` folder, never by a path taken from the URL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from newsledger.api import queries as q
from newsledger.api.app import ApiError, config_of, require_read
from newsledger.export import claims_by_figure
from newsledger.model import Document
from newsledger.store import Store
from newsledger.web.labels import attribute_label, conflict_summary, document_label, figure_value
from newsledger.web.render import (
    LEGEND,
    annotated_text,
    doc_href,
    entity_href,
    h,
    layout,
    pager,
    table,
    url,
)

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_read)])

# Rows the overview shows per section; the list pages page through the rest.
OVERVIEW_ROWS = 12
PAGE_SIZE = 50

_STATIC_TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}


@cache
def _static_files() -> dict[str, tuple[bytes, str]]:
    """Packaged static files by name, read once."""
    folder = resources.files("newsledger.web") / "static"
    found: dict[str, tuple[bytes, str]] = {}
    for item in folder.iterdir():
        suffix = "." + item.name.rsplit(".", 1)[-1] if "." in item.name else ""
        if item.is_file() and suffix in _STATIC_TYPES:
            found[item.name] = (item.read_bytes(), _STATIC_TYPES[suffix])
    return found


@router.get("/static/{name}")
def static(name: str) -> Response:
    found = _static_files().get(name)
    if found is None:
        raise ApiError(404, f"no static file {name!r}")
    data, media_type = found
    return Response(data, media_type=media_type, headers={"Cache-Control": "max-age=3600"})


def _doc_title(doc: Document | None, fallback: str = "") -> str:
    if doc is None:
        return fallback[:12]
    return doc.title or doc.source.rsplit("/", 1)[-1]


def _doc_link(doc: Document | None, doc_id: str, anchor: str | None = None) -> str:
    return f'<a href="{h(doc_href(doc_id, anchor))}">{h(_doc_title(doc, doc_id))}</a>'


def _html(page: str) -> HTMLResponse:
    return HTMLResponse(page)


# -- overview ------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    with config_of(request).store() as store:
        # The page is the same for every reader until the next write.
        body = q.per_generation(store, "overview page", lambda: _overview_body(store))
    return _html(layout("Overview", body, active="/"))


def _overview_body(store: Store) -> str:
    s = q.stats(store)
    stories = store.stories_page(limit=OVERVIEW_ROWS)[1]
    # By exact id, without text: `document` also matches sources (a scan).
    story_docs = store.documents_by_id(d for st in stories for d in st.doc_ids[:4])
    conflicts = store.conflicts_page(limit=OVERVIEW_ROWS)[1]
    conflict_docs: dict[str, Document | None] = dict(
        store.documents_by_id(cl.doc_id for c in conflicts[:OVERVIEW_ROWS] for cl in c.claims)
    )
    entities = store.entities_page(limit=OVERVIEW_ROWS)[1]
    counts = " · ".join(
        f"<b>{s[k]}</b> {k}"
        for k in ("documents", "entities", "figures", "quotes", "events", "stories", "conflicts")
    )
    story_rows = []
    for st in stories:
        docs = ", ".join(_doc_link(story_docs.get(d), d) for d in st.doc_ids[:4])
        more = f" and {len(st.doc_ids) - 4} more" if len(st.doc_ids) > 4 else ""
        story_rows.append(
            f'<li><a href="{h(url("/stories", st.id))}"><b>{h(st.label)}</b></a> '
            f'<span class="muted">{len(st.doc_ids)} documents</span><br>{docs}{more}</li>'
        )
    conflict_rows = [
        f'<li><a href="/conflicts#{q.conflict_id(c)}"><b>{h(c.subject)}</b>, '
        f"{h(attribute_label(c.attribute))}</a>"
        f": {' vs '.join(h(cl.figure.text) for cl in c.claims[:3])}"
        f'<br><span class="muted">{h(conflict_summary(c, conflict_docs))}</span></li>'
        for c in conflicts[:OVERVIEW_ROWS]
    ]
    entity_rows = [
        (
            f'<a href="{h(entity_href(e.id))}">{h(e.name)}</a>',
            f'<span class="tag t-{h(e.type)}">{h(e.type)}</span>',
            str(m),
            str(d),
        )
        for e, m, d in entities
    ]
    lang_rows = [
        (f'<a href="{h(url("/documents", language=k))}">{h(k)}</a>', str(v))
        for k, v in s["languages"].items()
    ]
    source_rows = [(h(k), str(v)) for k, v in list(s["outlets"].items())[:OVERVIEW_ROWS]]
    if s["without_outlet"]:
        source_rows.append(('<span class="muted">unknown</span>', str(s["without_outlet"])))
    body = (
        f'<h1>Overview</h1><p class="counts">{counts}</p>'
        '<div class="grid">'
        f'<section class="card"><h2>Conflicts</h2>'
        f"{_list(conflict_rows, 'No conflicting claims found.')}"
        f'<p><a href="/conflicts">All conflicts →</a></p></section>'
        f'<section class="card"><h2>Stories</h2>'
        f"{_list(story_rows, 'No stories yet.')}"
        f'<p><a href="/stories">All stories →</a></p></section>'
        f'<section class="card"><h2>Most mentioned</h2>'
        f"{table(['entity', 'type', 'mentions', 'documents'], entity_rows)}"
        f'<p><a href="/entities">All entities →</a></p></section>'
        f'<section class="card"><h2>Languages</h2>{table(["language", "documents"], lang_rows)}'
        f"<h2>Outlets</h2>{table(['outlet', 'documents'], source_rows)}</section>"
        "</div>"
    )
    return body


def _list(items: list[str], empty: str) -> str:
    if not items:
        return f'<p class="empty">{h(empty)}</p>'
    return '<ul class="items">' + "".join(items) + "</ul>"


# -- documents -------------------------------------------------------------------------


# Columns the document list sorts by, and how each reads a document.
_SORTS: dict[str, Callable[[Document], str]] = {
    "title": lambda d: (d.title or d.source.rsplit("/", 1)[-1]).casefold(),
    "published": lambda d: d.published or "",
    "language": lambda d: d.language,
    "outlet": lambda d: q.source_name(d).casefold(),
}


@router.get("/documents", response_class=HTMLResponse)
def documents_page(
    request: Request,
    language: Annotated[str | None, Query(pattern=r"^([a-z]{2,3})?$")] = None,
    source: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[str | None, Query(pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$")] = None,
    until: Annotated[str | None, Query(pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$")] = None,
    sort: Annotated[str, Query(pattern=r"^(ingest|title|published|language|outlet)$")] = "ingest",
    order: Annotated[str, Query(pattern=r"^(asc|desc)$")] = "asc",
    originals: bool = False,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    # An empty form field means "any".
    language, source, since, until = (x or None for x in (language, source, since, until))
    filters = {"language": language, "source": source, "since": since, "until": until}
    with config_of(request).store() as store:
        copy_of = store.duplicates()
        languages = [
            str(row[0])
            for row in store.execute("SELECT DISTINCT language FROM documents ORDER BY language")
        ]
        if sort == "ingest" and order == "asc" and not originals:
            total = store.count_documents(
                language=language, source=source, since=since, until=until
            )
            docs = store.documents(
                language=language,
                source=source,
                since=since,
                until=until,
                limit=PAGE_SIZE,
                offset=offset,
            )
        else:
            # Sorting by a column reads the filtered list's metadata (no texts).
            listed = store.documents(language=language, source=source, since=since, until=until)
            matching = [d for d in listed if not (originals and d.id in copy_of)]
            if sort in _SORTS:
                matching.sort(key=_SORTS[sort])
            if order == "desc":
                matching.reverse()
            total, docs = len(matching), matching[offset : offset + PAGE_SIZE]
    state = {**filters, "originals": 1 if originals else None}

    def header(column: str, label: str) -> str:
        flip = "desc" if sort == column and order == "asc" else "asc"
        arrow = {"asc": " ▲", "desc": " ▼"}[order] if sort == column else ""
        current = (
            ' aria-sort="ascending"'
            if sort == column and order == "asc"
            else (' aria-sort="descending"' if sort == column else "")
        )
        return (
            f'<a class="sort" href="{h(url("/documents", **state, sort=column, order=flip))}"'
            f"{current}>{h(label)}{arrow}</a>"
        )

    rows = [
        (
            _doc_link(d, d.id) + (' <span class="tag">copy</span>' if d.id in copy_of else ""),
            h(d.language),
            h(d.published or ""),
            h(q.source_name(d)),
        )
        for d in docs
    ]
    options = "".join(
        f'<option value="{h(code)}"{" selected" if code == language else ""}>{h(code)}</option>'
        for code in languages
    )
    form = (
        '<form class="filters" action="/documents" method="get" aria-label="Filter documents">'
        f'<label>Language <select name="language"><option value="">any</option>{options}'
        "</select></label> "
        f'<label>Source <input name="source" value="{h(source or "")}" '
        'placeholder="file or folder"></label> '
        f'<label>From <input name="since" value="{h(since or "")}" placeholder="YYYY-MM-DD" '
        'size="10"></label> '
        f'<label>To <input name="until" value="{h(until or "")}" placeholder="YYYY-MM-DD" '
        'size="10"></label> '
        f'<label><input type="checkbox" name="originals" value="true"'
        f"{' checked' if originals else ''}> originals only</label> "
        f'<input type="hidden" name="sort" value="{h(sort)}">'
        f'<input type="hidden" name="order" value="{h(order)}">'
        '<button type="submit">Filter</button> <a href="/documents">clear</a></form>'
    )
    title = f"Documents in {language}" if language else "Documents"
    headers = [
        header("title", "title"),
        header("language", "language"),
        header("published", "published"),
        header("outlet", "outlet"),
    ]
    body = (
        f"<h1>{h(title)}</h1>{form}"
        f'<p class="muted">{total} document{"" if total == 1 else "s"}</p>'
        f"{sortable_table(headers, rows)}"
        f"{pager('/documents', total, PAGE_SIZE, offset, **state, sort=sort, order=order)}"
    )
    return _html(layout(title, body, active="/documents"))


def sortable_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A table whose header cells are links (HTML already)."""
    if not rows:
        return '<p class="empty">No document matches.</p>'
    head = "".join(f"<th>{c}</th>" for c in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _copies_note(doc_id: str, copy_of: dict[str, str], docs: dict[str, Document | None]) -> str:
    """A line naming the original of a near-duplicate, or its copies, by title and outlet."""
    if doc_id in copy_of:
        original = copy_of[doc_id]
        return (
            f'<p class="muted">Near-duplicate of <a href="{h(doc_href(original))}">'
            f"{h(document_label(docs.get(original), original))}</a>: "
            "not an independent source.</p>"
        )
    copies = sorted(d for d, o in copy_of.items() if o == doc_id)
    if not copies:
        return ""
    links = ", ".join(
        f'<a href="{h(doc_href(d))}">{h(document_label(docs.get(d), d))}</a>' for d in copies
    )
    return f'<p class="muted">Copied by {links}.</p>'


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document_page(
    request: Request,
    doc_id: Annotated[str, Path(max_length=300)],
    boilerplate: bool = False,
) -> HTMLResponse:
    with config_of(request).store() as store:
        doc = q.find_document(store, doc_id)
        if doc is None:
            raise ApiError(404, f"no document {doc_id!r}")
        mentions = store.mentions(doc_id=doc.id)
        figures = store.figures(doc_id=doc.id)
        claims = claims_by_figure(store.claims(doc_id=doc.id))
        quotes = store.quotes(doc_id=doc.id)
        events = store.events(doc_id=doc.id)
        copy_of = store.duplicates()
        related = {o for d, o in copy_of.items() if d == doc.id} | {
            d for d, o in copy_of.items() if o == doc.id
        }
        related_docs = {d: store.document(d) for d in related}
    copies_note = _copies_note(doc.id, copy_of, related_docs)
    meta = " · ".join(
        h(x)
        for x in (doc.language, doc.published or "undated", q.source_name(doc), doc.author)
        if x
    )
    original = (
        f' · <a href="{h(doc.url)}" rel="noopener noreferrer">original</a>'
        if doc.url and doc.url.startswith(("http://", "https://"))
        else ""
    )
    figure_rows = []
    for f in figures:
        claim = claims.get((f.doc_id, f.start, f.end))
        about = (
            f'<a href="{h(entity_href(claim.subject_id))}">{h(claim.subject)}</a>, '
            f"{h(attribute_label(claim.attribute))}"
            if claim
            else ""
        )
        figure_rows.append((f'<a href="#f-{f.start}">{h(f.text)}</a>', h(figure_value(f)), about))
    quote_rows = [
        (
            _speaker(x.speaker, x.speaker_id),
            f'<a href="#q-{x.start}">“{h(_short(x.text, 160))}”</a>',
        )
        for x in quotes
    ]
    event_rows = [(h(e.date or ""), h(e.type), h(_short(e.text, 140))) for e in events]
    entity_names = sorted({(m.name, m.entity_id, m.type) for m in mentions})
    entity_list = ", ".join(
        f'<a class="ent t-{h(t)}" href="{h(entity_href(i))}">{h(n)}</a>' for n, i, t in entity_names
    )
    if boilerplate:
        removed = table(
            ["removed line", "why"], [(h(b.text), h(b.reason)) for b in doc.boilerplate]
        )
        boiler = (
            f'<section class="card" id="boilerplate"><h2>Removed boilerplate '
            f"({len(doc.boilerplate)})</h2>{removed}"
            f'<p><a href="{h(doc_href(doc.id))}">Hide</a></p></section>'
        )
    else:
        boiler = (
            f'<p><a href="{h(url("/documents", doc.id, boilerplate=1))}#boilerplate">'
            f"Show removed boilerplate ({len(doc.boilerplate)})</a></p>"
        )
    body = (
        f'<article class="doc"><h1>{h(_doc_title(doc))}</h1>'
        f'<p class="muted">{meta}{original} · <code>{h(doc.id[:12])}</code></p>'
        f"{copies_note}{LEGEND}"
        f'<div class="text">{annotated_text(doc, mentions, figures, quotes)}</div></article>'
        f'<div class="grid">'
        f'<section class="card"><h2>Entities ({len(entity_names)})</h2>'
        f'<p class="entity-list">{entity_list or "None found."}</p></section>'
        f'<section class="card"><h2>Figures ({len(figures)})</h2>'
        f"{table(['figure', 'value', 'about'], figure_rows)}</section>"
        f'<section class="card"><h2>Quotes ({len(quotes)})</h2>'
        f"{table(['speaker', 'quote'], quote_rows)}</section>"
        f'<section class="card"><h2>Events ({len(events)})</h2>'
        f"{table(['date', 'type', 'what'], event_rows)}</section>"
        f"</div>{boiler}"
    )
    return _html(layout(_doc_title(doc), body, active="/documents"))


def _speaker(name: str | None, entity_id: str | None) -> str:
    if entity_id:
        return f'<a href="{h(entity_href(entity_id))}">{h(name or entity_id)}</a>'
    return h(name or "unattributed")


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
