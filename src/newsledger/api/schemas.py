"""The HTTP API's request and response models (pydantic, at the edge only).

Records inside the library are the frozen dataclasses of ``model.py``; these
models say what a client sees, and build the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field, model_validator

T = TypeVar("T")


class ErrorOut(BaseModel):
    """Every error: a one-line message and, where useful, details."""

    error: str
    detail: Any = None


class Page(BaseModel, Generic[T]):
    """One page of a listing; ``total`` counts every match, not just this page."""

    total: int
    limit: int
    offset: int
    items: list[T]


class SpanOut(BaseModel):
    start: int
    end: int


class DocumentSummary(BaseModel):
    id: str
    source: str = Field(
        description="The file relative to what was ingested (or its name), or the URL."
    )
    outlet: str | None = Field(
        default=None, description="Site name or host that published it; null when unknown."
    )
    language: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None
    duplicate_of: str | None = None


class BoilerplateOut(BaseModel):
    start: int
    end: int
    text: str
    reason: str


class DocumentOut(DocumentSummary):
    text: str
    paragraphs: list[SpanOut]
    sentences: list[SpanOut]
    boilerplate: list[BoilerplateOut]
    counts: dict[str, int]
    state: str = Field(
        "resolved",
        description="'pending': stored, its cross-document work (duplicates, entities, "
        "conflicts, stories) still queued; 'resolved': done.",
    )


class MentionOut(BaseModel):
    doc: str
    start: int
    end: int
    text: str
    entity_id: str
    name: str
    type: str


class EntitySummary(BaseModel):
    id: str
    name: str
    type: str
    aliases: list[str]
    qid: str | None = None
    roles: list[str]
    mentions: int
    documents: int


class EntityDocument(BaseModel):
    id: str
    title: str | None = None
    language: str | None = None
    mentions: int


class Cooccurrence(BaseModel):
    id: str
    name: str
    type: str
    documents: int


class EntityOut(EntitySummary):
    description: str | None = None
    seen_as: list[str]
    in_documents: list[EntityDocument]
    appears_with: list[Cooccurrence]


class FigureOut(BaseModel):
    doc: str
    start: int
    end: int
    text: str
    value: float
    value_max: float | None = None
    unit: str
    qualifier: str
    precision: float
    # "up" or "down" for a stated change ("fell by 5%"); the value stays positive.
    direction: str | None = None
    subject: str | None = None
    subject_id: str | None = None
    # A reader's words ("job cuts (planned)"); attribute_id is the stable key.
    attribute: str | None = None
    attribute_id: str | None = None


class ClaimOut(BaseModel):
    doc: str
    start: int
    end: int
    subject_id: str
    subject: str
    attribute: str
    attribute_id: str
    figure: FigureOut
    when: str | None = None
    speaker: str | None = None
    disputed: bool = False
    sentence: str | None = None
    denied_by: str | None = Field(
        default=None, description="In a conflict: the sentence that denies a disputed claim."
    )


class QuoteOut(BaseModel):
    doc: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_id: str | None = None
    kind: str
    medium: str | None = None
    cue: str | None = None


class EventOut(BaseModel):
    doc: str
    start: int
    end: int
    text: str
    type: str
    actors: list[str]
    targets: list[str]
    date: str | None = None
    date_precision: str | None = None
    date_text: str | None = None


class StoryOut(BaseModel):
    id: str
    label: str
    docs: list[str]
    entities: list[str]
    first_date: str | None = None
    last_date: str | None = None


class ThreadOut(BaseModel):
    id: str
    label: str
    stories: list[str]
    docs: list[str]
    entities: list[str]
    first_date: str | None = None
    last_date: str | None = None


class ConflictOut(BaseModel):
    id: str
    subject_id: str
    subject: str
    attribute: str
    attribute_id: str
    ratio: float | None = None
    reason: str
    claims: list[ClaimOut]
    feedback: Literal["confirmed", "rejected"] | None = Field(
        default=None, description="A reader's verdict: confirmed, or rejected (not a conflict)."
    )
    feedback_note: str | None = None


class FeedbackIn(BaseModel):
    """A reader's verdict on a conflict."""

    verdict: Literal["confirmed", "rejected"] = Field(
        description="confirmed: a real conflict; rejected: not a conflict."
    )
    note: str | None = Field(default=None, max_length=2000, description="Why, in a few words.")


class SearchHit(BaseModel):
    doc: str
    title: str | None = None
    snippet: str


class Stats(BaseModel):
    documents: int
    entities: int
    figures: int
    claims: int
    quotes: int
    events: int
    stories: int
    conflicts: int
    languages: dict[str, int]
    outlets: dict[str, int] = Field(description="Documents by site name or host.")
    without_outlet: int = Field(description="Documents whose outlet is not known.")


class IngestIn(BaseModel):
    """One article to ingest: exactly one of ``text``, ``html`` or ``feed``."""

    text: str | None = Field(default=None, description="Plain article text.")
    html: str | None = Field(default=None, description="A whole HTML page.")
    feed: str | None = Field(default=None, description="An RSS or Atom document.")
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=4000)
    published: str | None = Field(
        default=None, pattern=r"^\d{4}-\d{2}-\d{2}", description="ISO date, e.g. 2025-02-11."
    )

    @model_validator(mode="after")
    def _one_body(self) -> IngestIn:
        given = [k for k in ("text", "html", "feed") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of 'text', 'html' or 'feed'")
        return self


class IngestFailure(BaseModel):
    source: str
    stage: str
    reason: str


class IngestOut(BaseModel):
    ingested: int
    duplicates: int
    documents: list[str] = Field(description="Ids of the documents added.")
    existing: list[str] = Field(
        default_factory=list,
        description="Ids of documents already in the ledger that the body repeats.",
    )
    failures: list[IngestFailure]
    id: str | None = Field(
        None, description="The document's id: the one added, else the one already stored."
    )
    state: str | None = Field(
        None,
        description="'pending' until the server's queue has resolved it; see "
        "GET /api/documents/{id}.",
    )


class Health(BaseModel):
    status: str
    documents: int
