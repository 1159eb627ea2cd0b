"""Web pages about entities, stories, conflicts, search results and the timeline."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newsledger.api import queries as q
from newsledger.api.app import ApiError, config_of, require_read, require_write
from newsledger.model import ENTITY_TYPES, Claim, Document, Quote
from newsledger.web.labels import (
    attribute_label,
    claim_key,
    conflict_summary,
    document_label,
    figure_value,
)
from newsledger.web.render import (
    cooccurrence_svg,
    doc_href,
    entity_href,
    h,
    layout,
    pager,
    snippet,
    table,
    url,
)

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_read)])

PAGE_SIZE = 50
# Rows per section of an entity page; enough to read, bounded for huge entities.
ENTITY_ROWS = 100
# Documents a timeline page looks up one by one for their titles; above this
# it reads the list of all documents (without texts) once instead.
TIMELINE_DOC_LOOKUPS = 200


def _title(doc: Document | None, doc_id: str) -> str:
    if doc is None:
        return doc_id[:12]
    return doc.title or doc.source.rsplit("/", 1)[-1]


def _link(doc: Document | None, doc_id: str, anchor: str | None = None) -> str:
    return f'<a href="{h(doc_href(doc_id, anchor))}">{h(_title(doc, doc_id))}</a>'


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# -- entities ---------------------------------------------------------------------------


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    request: Request,
    type: Annotated[str | None, Query(max_length=40)] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    wanted = type.upper() if type else None
    with config_of(request).store() as store:
        rows = store.entities(type=wanted)
    chosen = rows[offset : offset + PAGE_SIZE]
    filters = " ".join(
        f'<a class="tag t-{t}" href="{h(url("/entities", type=t))}"'
        f"{' aria-current=page' if t == wanted else ''}>{t}</a>"
        for t in ENTITY_TYPES
    )
    body = (
        f'<h1>Entities</h1><p class="filters">{filters} <a href="/entities">all</a></p>'
        + table(
            ["entity", "type", "mentions", "documents"],
            [
                (
                    f'<a href="{h(entity_href(e.id))}">{h(e.name)}</a>',
                    f'<span class="tag t-{h(e.type)}">{h(e.type)}</span>',
                    str(m),
                    str(d),
                )
                for e, m, d in chosen
            ],
        )
        + pager("/entities", len(rows), PAGE_SIZE, offset, type=wanted)
    )
    return HTMLResponse(layout("Entities", body, active="/entities"))


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: Annotated[str, Path(max_length=300)]) -> HTMLResponse:
    from newsledger.report import entity_profile

    with config_of(request).store() as store:
        entity = store.entity(entity_id)
        if entity is None:
            raise ApiError(404, f"no entity {entity_id!r}")
        profile = entity_profile(store, entity)
        doc_ids = [d["id"] for d in profile["documents"]]
        docs = {d: store.document(d) for d in doc_ids[:ENTITY_ROWS]}
        claims = store.claims(subject_id=entity.id)
        by = store.quotes(speaker_id=entity.id)
        about = q.quotes_about(store, entity.id, doc_ids)
        events = q.events_of(store, entity, doc_ids)
        others = q.cooccurring(store, entity.id, doc_ids)
        cited = [x.doc_id for x in claims] + [x.doc_id for x in (*by, *about)]
        for doc_id in cited + [x.doc_id for x in events]:
            if doc_id not in docs:
                docs[doc_id] = store.document(doc_id)
    aliases = ", ".join(h(a) for a in profile["aliases"] if a != entity.name) or "—"
    facts = [f'<span class="tag t-{h(entity.type)}">{h(entity.type)}</span>']
    if entity.qid:
        facts.append(f"Wikidata <code>{h(entity.qid)}</code>")
    if entity.roles:
        facts.append("roles: " + h(", ".join(entity.roles)))
    doc_rows = [
        (_link(docs.get(d["id"]), d["id"]), h(d["language"] or ""), str(d["mentions"]))
        for d in profile["documents"][:ENTITY_ROWS]
    ]
    # One row per claim (what was said, whatever the wording), with every
    # document that says it: "$2.4 billion" six times is one claim, six sources.
    grouped: dict[tuple[str, str, float, float | None, str], list[Claim]] = {}
    for c in claims:
        grouped.setdefault(claim_key(c), []).append(c)
    ranked = sorted(grouped.values(), key=lambda g: -len({c.doc_id for c in g}))
    claim_rows = []
    for group in ranked[:ENTITY_ROWS]:
        first = group[0]
        said_in: dict[str, Claim] = {}
        for c in group:
            said_in.setdefault(c.doc_id, c)
        sources = "<br>".join(
            f'<a href="{h(doc_href(d, f"f-{c.figure.start}"))}">{h(document_label(docs.get(d), d))}'
            f"</a> <span class=muted>“{h(c.figure.text)}”</span>"
            + (' <span class="tag">disputed</span>' if c.disputed else "")
            for d, c in said_in.items()
        )
        claim_rows.append(
            (
                h(attribute_label(first.attribute)),
                f"<b>{h(figure_value(first.figure))}</b>",
                str(len(said_in)),
                sources,
            )
        )

    def quote_rows(quotes: Sequence[Quote]) -> list[tuple[str, str, str]]:
        return [
            (
                h(x.speaker or "unattributed"),
                f'<a href="{h(doc_href(x.doc_id, f"q-{x.start}"))}">“{h(_short(x.text, 200))}”</a>',
                _link(docs.get(x.doc_id), x.doc_id),
            )
            for x in quotes[:ENTITY_ROWS]
        ]

    event_rows = [
        (h(e.date or ""), h(e.type), h(_short(e.text, 160)), _link(docs.get(e.doc_id), e.doc_id))
        for e in events[:ENTITY_ROWS]
    ]
    body = (
        f'<h1>{h(entity.name)}</h1><p class="muted">{" · ".join(facts)}</p>'
        + (f"<p>{h(entity.description)}</p>" if entity.description else "")
        + f"<p><b>Also called:</b> {aliases}</p>"
        + f'<p><a href="{h(url("/timeline", entity=entity.id))}">Timeline of {h(entity.name)} →'
        "</a></p>"
        '<div class="grid">'
        f'<section class="card"><h2>Appears with</h2>{cooccurrence_svg(entity, others)}</section>'
        f'<section class="card"><h2>Documents ({len(doc_ids)})</h2>'
        f"{table(['document', 'language', 'mentions'], doc_rows)}</section>"
        f'<section class="card wide"><h2>Claims about {h(entity.name)} ({len(grouped)})</h2>'
        f"{table(['claim', 'value', 'sources', 'said in'], claim_rows)}</section>"
        f'<section class="card"><h2>Quotes by {h(entity.name)} ({len(by)})</h2>'
        f"{table(['speaker', 'quote', 'source'], quote_rows(by))}</section>"
        f'<section class="card"><h2>Quotes about {h(entity.name)} ({len(about)})</h2>'
        f"{table(['speaker', 'quote', 'source'], quote_rows(about))}</section>"
        f'<section class="card wide"><h2>Events ({len(events)})</h2>'
        f"{table(['date', 'type', 'what', 'source'], event_rows)}</section>"
        "</div>"
    )
    return HTMLResponse(layout(entity.name, body, active="/entities"))


# -- stories ----------------------------------------------------------------------------


@router.get("/stories", response_class=HTMLResponse)
def stories_page(
    request: Request, offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0
) -> HTMLResponse:
    with config_of(request).store() as store:
        stories = store.stories()
        chosen = stories[offset : offset + PAGE_SIZE]
        docs = {d: store.document(d) for st in chosen for d in st.doc_ids}
    rows = []
    for story in chosen:
        members = [docs.get(d) for d in story.doc_ids]
        languages = sorted({d.language for d in members if d})
        outlets = sorted({q.source_name(d) for d in members if d} - {""})
        dates = " … ".join(dict.fromkeys(x for x in (story.first_date, story.last_date) if x))
        rows.append(
            (
                f'<a href="{h(url("/stories", story.id))}">{h(story.label)}</a>',
                str(len(story.doc_ids)),
                h(dates),
                h(", ".join(languages)),
                h(", ".join(outlets[:4]) + (" …" if len(outlets) > 4 else "")),
                h(", ".join(story.entities[:5])),
            )
        )
    body = (
        f'<h1>Stories</h1><p class="muted">{len(stories)} '
        f"{'story' if len(stories) == 1 else 'stories'}: articles about one "
        "event or topic, across outlets and languages.</p>"
        + table(["story", "documents", "dates", "languages", "outlets", "entities"], rows)
        + pager("/stories", len(stories), PAGE_SIZE, offset)
    )
    return HTMLResponse(layout("Stories", body, active="/stories"))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: Annotated[str, Path(max_length=200)]) -> HTMLResponse:
    with config_of(request).store() as store:
        story = next((s for s in store.stories() if s.id == story_id), None)
        if story is None:
            raise ApiError(404, f"no story {story_id!r}")
        docs = [(d, store.document(d)) for d in story.doc_ids]
    rows = [
        (
            _link(doc, d),
            h(doc.language if doc else ""),
            h(doc.published or "" if doc else ""),
            h(q.source_name(doc) if doc else ""),
        )
        for d, doc in docs
    ]
    dates = " … ".join(x for x in (story.first_date, story.last_date) if x)
    body = (
        f"<h1>{h(story.label)}</h1>"
        f'<p class="muted">{len(story.doc_ids)} documents {h(dates)}</p>'
        f"<p><b>Entities:</b> {h(', '.join(story.entities)) or '—'}</p>"
        + table(["document", "language", "published", "source"], rows)
    )
    return HTMLResponse(layout(story.label, body, active="/stories"))


# -- conflicts --------------------------------------------------------------------------


@router.get("/conflicts", response_class=HTMLResponse)
def conflicts_page(request: Request) -> HTMLResponse:
    with config_of(request).store() as store:
        conflicts = store.conflicts()
        contexts = [(c, q.claim_contexts(store, c.claims)) for c in conflicts]
        marks = store.conflict_marks()
    cards = []
    for conflict, claims in contexts:
        docs = {ctx.claim.doc_id: ctx.document for ctx in claims}
        sides = []
        for ctx in claims:
            claim, doc = ctx.claim, ctx.document
            fig = claim.figure
            rel = fig.start - ctx.sentence_start
            sentence = ctx.sentence
            if rel >= 0 and rel + len(fig.text) <= len(sentence):
                quoted = (
                    h(sentence[:rel])
                    + f'<mark class="fig">{h(sentence[rel : rel + len(fig.text)])}</mark>'
                    + h(sentence[rel + len(fig.text) :])
                )
            else:
                quoted = h(sentence)
            source = (
                " · ".join(
                    h(x)
                    for x in (q.source_name(doc), doc.language, doc.published or "undated")
                    if x
                )
                if doc
                else ""
            )
            speaker = f"<p>according to {h(claim.speaker)}</p>" if claim.speaker else ""
            denial = q.denial_sentence(doc, claim) if doc is not None else None
            denied = (
                f'<p class="denial"><b>Denied:</b></p><blockquote class="denial">{h(denial)}'
                "</blockquote>"
                if denial
                else ""
            )
            sides.append(
                '<div class="claim">'
                f'<p class="figure">{h(fig.text)}</p>'
                f'<p class="muted">{h(figure_value(fig))}</p>'
                f"<blockquote>{quoted}</blockquote>{speaker}{denied}"
                f'<p class="source">{_link(doc, claim.doc_id, f"f-{fig.start}")}<br>'
                f'<span class="muted">{source}</span></p>'
                f'<p><a class="button" href="{h(doc_href(claim.doc_id, f"f-{fig.start}"))}">'
                "Open in document →</a></p></div>"
            )
        ratio = f" · ratio {conflict.ratio:.3g}" if conflict.ratio else ""
        cards.append(
            f'<section class="card conflict" id="{q.conflict_id(conflict)}">'
            f'<h2><a href="{h(entity_href(conflict.subject_id))}">{h(conflict.subject)}</a>: '
            f"{h(attribute_label(conflict.attribute))}</h2>"
            f'<p class="muted">{h(conflict_summary(conflict, docs))}{h(ratio)}</p>'
            f'<div class="sides">{"".join(sides)}</div>'
            f"{_feedback_form(q.conflict_id(conflict), marks)}</section>"
        )
    body = "<h1>Conflicts</h1>" + (
        "".join(cards) if cards else '<p class="empty">No conflicting claims found.</p>'
    )
    return HTMLResponse(layout("Conflicts", body, active="/conflicts"))


def _feedback_form(ident: str, marks: dict[str, tuple[str, str | None, str]]) -> str:
    """The reader's verdict on a conflict, and buttons to give or change it."""
    verdict, note, _ = marks.get(ident, ("", None, ""))
    shown = {"confirmed": "confirmed as a conflict", "rejected": "marked not a conflict"}
    status = (
        f'<p class="feedback-status">{h(shown.get(verdict, verdict))}'
        f"{h(': ' + note) if note else ''}</p>"
        if verdict
        else ""
    )
    return (
        f'{status}<form class="feedback" method="post" action="/conflicts/{h(ident)}/feedback">'
        '<label>Write token <input type="password" name="token" autocomplete="off"></label>'
        '<button type="submit" name="verdict" value="confirmed">Confirm conflict</button>'
        '<button type="submit" name="verdict" value="rejected">Not a conflict</button>'
        "</form>"
    )


@router.post("/conflicts/{conflict_id}/feedback", response_class=HTMLResponse)
async def conflict_feedback(
    request: Request, conflict_id: Annotated[str, Path(max_length=100)]
) -> Response:
    """The conflicts page's buttons: keep the verdict, then show the page again."""
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    verdict = (form.get("verdict") or [""])[0]
    token = (form.get("token") or [""])[0]
    config = config_of(request)
    if token:
        if config.token is None or not secrets.compare_digest(
            token.encode("utf-8"), config.token.encode("utf-8")
        ):
            raise ApiError(403, "the token given does not allow writing")
    else:
        require_write(request)
    if verdict not in ("confirmed", "rejected"):
        raise ApiError(422, "verdict must be 'confirmed' or 'rejected'")
    with config.store() as store:
        if q.find_conflict(store, conflict_id) is None:
            raise ApiError(404, f"no conflict {conflict_id!r}")
        store.mark_conflict(conflict_id, verdict)
    return RedirectResponse(f"/conflicts#{conflict_id}", status_code=303)


# -- search -----------------------------------------------------------------------------


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    query: Annotated[str, Query(alias="q", max_length=500)] = "",
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> HTMLResponse:
    words = query.strip()
    chosen: list[tuple[str, str, str]] = []
    total = 0
    entities = []
    if words:
        with config_of(request).store() as store:
            total, chosen = q.search(store, words, PAGE_SIZE, offset)
            folded = words.casefold()
            entities = [
                e
                for e, _, _ in store.entities()
                if folded in e.name.casefold() or any(folded in a.casefold() for a in e.aliases)
            ][:20]
    entity_part = (
        '<p class="entity-list"><b>Entities:</b> '
        + ", ".join(
            f'<a class="ent t-{h(e.type)}" href="{h(entity_href(e.id))}">{h(e.name)}</a>'
            for e in entities
        )
        + "</p>"
        if entities
        else ""
    )
    results = "".join(
        f'<li class="hit"><a href="{h(doc_href(d))}"><b>{h(t or d[:12])}</b></a>'
        f"<p>{snippet(s)}</p></li>"
        for d, t, s in chosen
    )
    if not words:
        found = '<p class="empty">Type words to search titles and article text.</p>'
    elif not total:
        found = f'<p class="empty">No article matches “{h(words)}”.</p>'
    else:
        found = f'<p class="muted">{total} article(s)</p><ul class="hits">{results}</ul>'
    body = (
        '<h1>Search</h1><form class="search big" action="/search" method="get">'
        f'<input type="search" name="q" value="{h(words)}" aria-label="Search words">'
        '<button type="submit">Search</button></form>'
        f"{entity_part}{found}{pager('/search', total, PAGE_SIZE, offset, q=words)}"
    )
    return HTMLResponse(layout(f"Search {words}" if words else "Search", body, query=words))


# -- timeline ---------------------------------------------------------------------------


def _timeline_entries(request: Request, entity: str | None) -> tuple[list[object], str | None]:
    from newsledger.resolve.timeline import build_timeline

    with config_of(request).store() as store:
        name = None
        entity_id = None
        if entity:
            found = store.entity(entity)
            entity_id = found.id if found else entity
            name = found.name if found else entity
        entries = build_timeline(store.events(), store.claims(), entity_id)
    return list(entries), name


@router.get("/timeline.svg")
def timeline_svg_file(
    request: Request, entity: Annotated[str | None, Query(max_length=300)] = None
) -> Response:
    from newsledger.resolve.timeline import timeline_svg

    entries, _ = _timeline_entries(request, entity)
    return Response(timeline_svg(entries), media_type="image/svg+xml")  # type: ignore[arg-type]


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(
    request: Request, entity: Annotated[str | None, Query(max_length=300)] = None
) -> HTMLResponse:
    from newsledger.store.codec import record_to_dict

    entries, name = _timeline_entries(request, entity)
    doc_ids = set()
    for entry in entries:
        data = record_to_dict(entry)
        doc_ids.add(str(data.get("doc_id") or data.get("doc") or ""))
    doc_ids.discard("")
    docs: dict[str, Document | None]
    with config_of(request).store() as store:
        # Titles only: one listing without texts beats many whole documents.
        if len(doc_ids) > TIMELINE_DOC_LOOKUPS:
            docs = {d.id: d for d in store.documents() if d.id in doc_ids}
        else:
            docs = {d: store.document(d) for d in doc_ids}
    rows = []
    for entry in entries:
        data = record_to_dict(entry)
        label = str(
            next((data[k] for k in ("label", "summary", "text", "type") if data.get(k)), "")
        )
        if data.get("kind") == "claim" and data.get("type"):
            # A claim's label names its attribute key; a reader gets words.
            key = str(data["type"])
            label = label.replace(key, attribute_label(key))
        doc_id = str(data.get("doc_id") or data.get("doc") or "")
        rows.append(
            (
                h(data.get("date") or ""),
                h(_short(str(label), 200)),
                f'<a href="{h(doc_href(doc_id))}">{h(document_label(docs.get(doc_id), doc_id))}</a>'
                if doc_id
                else "",
            )
        )
    title = f"Timeline of {name}" if name else "Timeline"
    picture = (
        f'<img class="timeline" src="{h(url("/timeline.svg", entity=entity))}" '
        f'alt="{h(title)}: {len(rows)} dated events and claims">'
        if rows
        else '<p class="empty">No dated events or claims yet.</p>'
    )
    body = f"<h1>{h(title)}</h1>{picture}" + table(["date", "what", "source"], rows)
    return HTMLResponse(layout(title, body, active="/timeline"))
