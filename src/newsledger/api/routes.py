"""The JSON endpoints under ``/api``: listings with filters and paging, one record
by id, full-text search, and ``POST /api/documents`` to ingest."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.security import HTTPBearer

from newsledger.api import inbox
from newsledger.api import queries as q
from newsledger.api.app import ApiError, config_of, require_read, require_write
from newsledger.api.ingest import ingest_body
from newsledger.api.schemas import (
    ClaimOut,
    ConflictOut,
    DocumentOut,
    DocumentSummary,
    EntityOut,
    EntitySummary,
    ErrorOut,
    EventOut,
    FeedbackIn,
    FigureOut,
    Health,
    IngestIn,
    IngestOut,
    MentionOut,
    Page,
    QuoteOut,
    SearchHit,
    Stats,
    StoryOut,
    ThreadOut,
)
from newsledger.export import claims_by_figure
from newsledger.extract.claims.labels import attribute_id
from newsledger.store import Store
from newsledger.store.codec import record_to_dict

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorOut, "description": "A read token is configured and none was sent."},
    403: {"model": ErrorOut, "description": "The token sent does not allow this."},
    422: {"model": ErrorOut, "description": "A parameter has a bad value."},
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    404: {"model": ErrorOut, "description": "No record with this id."},
}

router = APIRouter(prefix="/api", dependencies=[Depends(require_read)], responses=_ERRORS)

# Shared query parameters, defined once.
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Records to skip.")]
Since = Annotated[
    str | None, Query(pattern=DATE, description="Published on or after (YYYY[-MM[-DD]]).")
]
Until = Annotated[
    str | None, Query(pattern=DATE, description="Published on or before (YYYY[-MM[-DD]]).")
]
EntityRef = Annotated[str | None, Query(max_length=300, description="Entity id, name or alias.")]
DocRef = Annotated[str | None, Query(max_length=200, description="Document id.")]
Language = Annotated[
    str | None, Query(pattern=r"^[a-z]{2,3}$", description="ISO 639-1 code, e.g. en, de.")
]


def _entity_id(store: Store, ref: str | None) -> str | None:
    if ref is None:
        return None
    found = store.entity(ref)
    return found.id if found else ref


def _record_item(record: Any) -> dict[str, Any]:
    """A per-document record as the API lists it: its fields, ``doc_id`` as ``doc``."""
    item = record_to_dict(record)
    item["doc"] = item.pop("doc_id")
    return item


def _paged(total: int, items: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def _in_range(doc_id: str, allowed: set[str] | None) -> bool:
    return allowed is None or doc_id in allowed


@router.get("/health", response_model=Health)
def health(request: Request) -> dict[str, Any]:
    """Whether the server can read its ledger."""
    with config_of(request).store() as store:
        return {"status": "ok", "documents": store.count("documents")}


@router.get("/stats", response_model=Stats)
def get_stats(request: Request) -> dict[str, Any]:
    """Counts of every kind of record, documents by language and by source."""
    with config_of(request).store() as store:
        return q.stats(store)


@router.get("/documents", response_model=Page[DocumentSummary])
def list_documents(
    request: Request,
    language: Language = None,
    source: Annotated[str | None, Query(max_length=500, description="Part of the source.")] = None,
    since: Since = None,
    until: Until = None,
    entity: EntityRef = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Documents in ingest order, filtered by language, source, date or entity."""
    with config_of(request).store() as store:
        copies = store.duplicates()
        if entity is None:
            total = store.count_documents(
                language=language, source=source, since=since, until=until
            )
            docs = store.documents(
                language=language,
                source=source,
                since=since,
                until=until,
                limit=limit,
                offset=offset,
            )
        else:
            wanted = set(q.entity_doc_ids(store, _entity_id(store, entity) or ""))
            matching = [
                d
                for d in store.documents(language=language, source=source, since=since, until=until)
                if d.id in wanted
            ]
            total, docs = len(matching), matching[offset : offset + limit]
        root = q.ingest_root(store)
        items = [_doc_summary(d, copies.get(d.id), root) for d in docs]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def _doc_summary(doc: Any, duplicate_of: str | None, root: str) -> dict[str, Any]:
    return {
        "id": doc.id,
        "source": q.shown_source(doc.source, root),
        "outlet": q.outlet_name(doc),
        "language": doc.language,
        "title": doc.title,
        "published": doc.published,
        "author": doc.author,
        "site": doc.site,
        "url": doc.url,
        "duplicate_of": duplicate_of,
    }


@router.get("/documents/{doc_id:path}", response_model=DocumentOut, responses=_NOT_FOUND)
def get_document(request: Request, doc_id: Annotated[str, Path(max_length=300)]) -> dict[str, Any]:
    """One document by id, unique id prefix (6+ characters) or exact source."""
    config = config_of(request)
    with config.store() as store:
        doc = q.find_document(store, doc_id)
        if doc is None:
            return _waiting_document(config.db, doc_id)
        counts = {
            "mentions": len(store.mentions(doc_id=doc.id)),
            "figures": len(store.figures(doc_id=doc.id)),
            "claims": len(store.claims(doc_id=doc.id)),
            "quotes": len(store.quotes(doc_id=doc.id)),
            "events": len(store.events(doc_id=doc.id)),
        }
        duplicate_of = store.duplicate_of([doc.id]).get(doc.id)
        root = q.ingest_root(store)
        state = "pending" if store.is_pending(doc.id) else "resolved"
    return {
        **_doc_summary(doc, duplicate_of, root),
        "text": doc.text,
        "paragraphs": [{"start": s.start, "end": s.end} for s in doc.paragraphs],
        "sentences": [{"start": s.start, "end": s.end} for s in doc.sentences],
        "boilerplate": [
            {"start": b.start, "end": b.end, "text": b.text, "reason": b.reason}
            for b in doc.boilerplate
        ],
        "counts": counts,
        "state": state,
    }


def _waiting_document(db: str, doc_id: str) -> dict[str, Any]:
    """A document posted but still in the server's inbox (``api.inbox``): pending."""
    box = inbox.inbox_path(db)
    found = inbox.extraction(box, doc_id) if box is not None else None
    if found is None:
        raise ApiError(404, f"no document {doc_id!r}")
    doc = found.document
    return {
        **_doc_summary(doc, None, ""),
        "text": doc.text,
        "paragraphs": [{"start": s.start, "end": s.end} for s in doc.paragraphs],
        "sentences": [{"start": s.start, "end": s.end} for s in doc.sentences],
        "boilerplate": [
            {"start": b.start, "end": b.end, "text": b.text, "reason": b.reason}
            for b in doc.boilerplate
        ],
        "counts": {
            kind: len(getattr(found, kind))
            for kind in ("mentions", "figures", "claims", "quotes", "events")
        },
        "state": "pending",
    }


_bearer_scheme = HTTPBearer(auto_error=False, description="The server's write token.")


@router.post(
    "/documents",
    response_model=IngestOut,
    status_code=201,
    dependencies=[Depends(_bearer_scheme), Depends(require_write)],
    responses={
        **_ERRORS,
        400: {"model": ErrorOut, "description": "The body is not readable JSON text."},
        200: {"model": IngestOut, "description": "Already in the ledger: see `existing`."},
        401: {"model": ErrorOut, "description": "No token was sent."},
        413: {"model": ErrorOut, "description": "The body is over the size cap."},
    },
)
def post_document(request: Request, response: Response, body: IngestIn) -> dict[str, Any]:
    """Ingest one text, HTML page or feed; needs the write token.

    The documents are stored and the answer comes at once: 201 when
    something was added, 200 when the body holds only documents already in
    the ledger (their ids in ``existing``); ``id`` and ``Location`` name the
    document.  Cross-document work (duplicates, entities, conflicts,
    stories) runs in the server's background queue: the document's
    ``state`` is "pending" until it is done.
    """
    result = ingest_body(config_of(request), body)
    if not result["documents"] and not result["duplicates"]:
        raise ApiError(422, "nothing could be ingested from this body", result["failures"])
    if not result["documents"]:
        response.status_code = 200
    ids = result["documents"] or result["existing"]
    if len(ids) == 1:
        response.headers["Location"] = f"/api/documents/{ids[0]}"
    return result


@router.get("/entities", response_model=Page[EntitySummary])
def list_entities(
    request: Request,
    type: Annotated[str | None, Query(max_length=40, description="PERSON, ORG, …")] = None,
    name: Annotated[str | None, Query(max_length=300, description="Part of a name.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Entities, most mentioned first."""
    with config_of(request).store() as store:
        total, rows = (
            store.entities_page(
                type=type.upper() if type else None, limit=None if name else limit, offset=0
            )
            if name
            else store.entities_page(
                type=type.upper() if type else None, limit=limit, offset=offset
            )
        )
    if name:
        # Case folding beyond ASCII is Python's: filtered here, after SQL's type filter.
        wanted = name.casefold()
        rows = [
            r
            for r in rows
            if wanted in r[0].name.casefold() or any(wanted in a.casefold() for a in r[0].aliases)
        ]
        return q.page([_entity_summary(e, m, d) for e, m, d in rows], limit, offset)
    items = [_entity_summary(e, m, d) for e, m, d in rows]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def _entity_summary(entity: Any, mentions: int, documents: int) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "qid": entity.qid,
        "roles": list(entity.roles),
        "mentions": mentions,
        "documents": documents,
    }


@router.get("/entities/{entity_id:path}", response_model=EntityOut, responses=_NOT_FOUND)
def get_entity(request: Request, entity_id: Annotated[str, Path(max_length=300)]) -> dict[str, Any]:
    """One entity: names it was seen under, documents, entities it appears with."""
    from newsledger.report import entity_profile

    with config_of(request).store() as store:
        entity = store.entity(entity_id)
        if entity is None:
            raise ApiError(404, f"no entity {entity_id!r}")
        profile = entity_profile(store, entity)
        docs = [d["id"] for d in profile["documents"]]
        mentions = sum(d["mentions"] for d in profile["documents"])
        cooc = q.cooccurring(store, entity.id, docs)
    return {
        **_entity_summary(entity, mentions, len(docs)),
        "description": entity.description,
        "seen_as": profile["aliases"],
        "in_documents": profile["documents"],
        "appears_with": [
            {"id": e.id, "name": e.name, "type": e.type, "documents": n} for e, n in cooc
        ],
    }


@router.get("/mentions", response_model=Page[MentionOut])
def list_mentions(
    request: Request,
    doc: DocRef = None,
    entity: EntityRef = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Spans of text naming an entity."""
    with config_of(request).store() as store:
        total, rows = store.page(
            "mentions", limit=limit, offset=offset, doc_id=doc, entity_id=_entity_id(store, entity)
        )
    return _paged(total, [_record_item(m) for m in rows], limit, offset)


@router.get("/figures", response_model=Page[FigureOut])
def list_figures(
    request: Request,
    doc: DocRef = None,
    entity: EntityRef = None,
    unit: Annotated[str | None, Query(max_length=40, description="USD, GPU, %, …")] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Figures as stated, with the subject and attribute of their claim if any."""
    with config_of(request).store() as store:
        subject = _entity_id(store, entity)
        claims = claims_by_figure(store.claims(doc_id=doc, subject_id=subject))
        allowed = q.doc_ids_in_range(store, since, until)
        items = []
        for figure in store.figures(doc_id=doc):
            claim = claims.get((figure.doc_id, figure.start, figure.end))
            if subject is not None and claim is None:
                continue
            if unit is not None and figure.unit != unit:
                continue
            if _in_range(figure.doc_id, allowed):
                items.append(q.figure_dict(figure, claim))
    return q.page(items, limit, offset)


@router.get("/claims", response_model=Page[ClaimOut])
def list_claims(
    request: Request,
    doc: DocRef = None,
    entity: EntityRef = None,
    attribute: Annotated[str | None, Query(max_length=100)] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Figures said about a subject: the unit compared across sources."""
    with config_of(request).store() as store:
        total, rows = store.page(
            "claims",
            limit=limit,
            offset=offset,
            published_from=since,
            published_to=until,
            doc_id=doc,
            subject_id=_entity_id(store, entity),
            attribute=None if attribute is None else attribute_id(attribute),
        )
    return _paged(total, [q.claim_dict(c) for c in rows], limit, offset)


@router.get("/quotes", response_model=Page[QuoteOut])
def list_quotes(
    request: Request,
    doc: DocRef = None,
    speaker: EntityRef = None,
    kind: Annotated[str | None, Query(pattern=r"^(statement|fragment)$")] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Words attributed to a speaker, filtered by speaker entity, kind or date."""
    with config_of(request).store() as store:
        total, rows = store.page(
            "quotes",
            limit=limit,
            offset=offset,
            published_from=since,
            published_to=until,
            doc_id=doc,
            speaker_id=_entity_id(store, speaker),
            kind=kind,
        )
    return _paged(total, [_record_item(x) for x in rows], limit, offset)


@router.get("/events", response_model=Page[EventOut])
def list_events(
    request: Request,
    doc: DocRef = None,
    type: Annotated[str | None, Query(max_length=60, description="Event type.")] = None,
    entity: EntityRef = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Events; ``since``/``until`` compare with the event's own date."""
    with config_of(request).store() as store:
        found = store.entity(entity) if entity is not None else None
        # Event actors and targets are canonical names.
        wanted = found.name if found else entity
        rows = [
            e
            for e in store.events(doc_id=doc, type=type)
            if (wanted is None or wanted in e.actors or wanted in e.targets)
            and (since is None or (e.date is not None and e.date >= since))
            and (until is None or (e.date is not None and e.date[: len(until)] <= until))
        ]
    return q.page([_record_item(e) for e in rows], limit, offset)


def _story_dict(story: Any) -> dict[str, Any]:
    return {
        "id": story.id,
        "label": story.label,
        "docs": list(story.doc_ids),
        "entities": list(story.entities),
        "first_date": story.first_date,
        "last_date": story.last_date,
    }


@router.get("/stories", response_model=Page[StoryOut])
def list_stories(
    request: Request, entity: EntityRef = None, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """Documents grouped into stories across outlets and languages."""
    with config_of(request).store() as store:
        if entity is None:

            def listing() -> dict[str, Any]:
                total, page = store.stories_page(limit=limit, offset=offset)
                items = [_story_dict(s) for s in page]
                return {"total": total, "limit": limit, "offset": offset, "items": items}

            return q.per_generation(store, f"stories {limit} {offset}", listing)
        stories = store.stories()
        found = store.entity(entity)
        keys = {entity} if found is None else {found.id, found.name}
        stories = [s for s in stories if keys & set(s.entities)]
    return q.page([_story_dict(s) for s in stories], limit, offset)


@router.get("/stories/{story_id}", response_model=StoryOut, responses=_NOT_FOUND)
def get_story(request: Request, story_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    """One story and its documents."""
    with config_of(request).store() as store:
        story = next((s for s in store.stories() if s.id == story_id), None)
    if story is None:
        raise ApiError(404, f"no story {story_id!r}")
    return _story_dict(story)


@router.get("/threads", response_model=Page[ThreadOut])
def list_threads(request: Request, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Longer topics (a feud, a takeover battle) that several stories belong to."""
    with config_of(request).store() as store:
        threads = list(store.get_state("threads", []) or [])
    return q.page(threads, limit, offset)


@router.get("/conflicts", response_model=Page[ConflictOut])
def list_conflicts(
    request: Request, entity: EntityRef = None, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """Claims that disagree, with the sentence each came from."""
    with config_of(request).store() as store:
        wanted = _entity_id(store, entity)

        def listing() -> dict[str, Any]:
            total, chosen = store.conflicts_page(subject_id=wanted, limit=limit, offset=offset)
            marks = store.conflict_marks()
            items = [q.conflict_dict(store, c, marks) for c in chosen]
            return {"total": total, "limit": limit, "offset": offset, "items": items}

        return q.per_generation(store, f"conflicts {wanted} {limit} {offset}", listing)


@router.get("/conflicts/{conflict_id}", response_model=ConflictOut, responses=_NOT_FOUND)
def get_conflict(
    request: Request, conflict_id: Annotated[str, Path(max_length=100)]
) -> dict[str, Any]:
    """One conflict by its stable id."""
    with config_of(request).store() as store:
        conflict = q.find_conflict(store, conflict_id)
        if conflict is None:
            raise ApiError(404, f"no conflict {conflict_id!r}")
        return q.conflict_dict(store, conflict)


@router.post(
    "/conflicts/{conflict_id}/feedback",
    response_model=ConflictOut,
    dependencies=[Depends(_bearer_scheme), Depends(require_write)],
    responses={
        **_ERRORS,
        **_NOT_FOUND,
        400: {"model": ErrorOut, "description": "The body is not readable JSON."},
        401: {"model": ErrorOut, "description": "No token was sent."},
    },
)
def post_conflict_feedback(
    request: Request, conflict_id: Annotated[str, Path(max_length=100)], body: FeedbackIn
) -> dict[str, Any]:
    """Mark a conflict confirmed or rejected (not a conflict); needs the write token.

    The mark is kept by the conflict's id, so it survives re-resolving."""
    with config_of(request).store() as store:
        conflict = q.find_conflict(store, conflict_id)
        if conflict is None:
            raise ApiError(404, f"no conflict {conflict_id!r}")
        store.mark_conflict(conflict_id, body.verdict, body.note)
        return q.conflict_dict(store, conflict)


@router.get("/search", response_model=Page[SearchHit])
def search(
    request: Request,
    q_: Annotated[
        str, Query(alias="q", min_length=1, max_length=500, description="Words or FTS5 query.")
    ],
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Full-text search over titles and text, best first (total counts up to 1000)."""
    with config_of(request).store() as store:
        total, hits = q.per_generation(
            store, f"search {limit} {offset} {q_}", lambda: q.search(store, q_, limit, offset)
        )
    items = [{"doc": d, "title": t, "snippet": s} for d, t, s in hits]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/timeline", response_model=Page[dict[str, Any]])
def timeline(
    request: Request, entity: EntityRef = None, limit: Limit = 100, offset: Offset = 0
) -> dict[str, Any]:
    """Dated events and claims in date order, optionally about one entity."""
    from newsledger.report import timeline_rows

    with config_of(request).store() as store:
        rows = timeline_rows(store, entity)
    return q.page(rows, limit, offset)
