"""The nouns shared by every stage.

Records are frozen dataclasses with slots: hashable, picklable, and
understood by every tool (``dataclasses.fields`` derives the store schema).
``benchmarks/model.py`` measured them against msgspec structs: msgspec builds
records about 20x and pickles them about 5x faster at the same memory,
but records cost well under a tenth of the per-document extraction time, so
the standard library won.  Revisit when the rules get much faster.

Every extracted record carries the id of its document and a character span
``[start, end)`` into ``Document.text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal

EntityType = Literal["PERSON", "ORG", "PRODUCT", "FACILITY", "PROJECT", "GPE", "EVENT"]
ENTITY_TYPES: tuple[EntityType, ...] = (
    "PERSON",
    "ORG",
    "PRODUCT",
    "FACILITY",
    "PROJECT",
    "GPE",
    "EVENT",
)

Qualifier = Literal["=", "~", ">", "<", ">=", "<=", "range"]
QuoteKind = Literal["statement", "fragment"]
# How the words are given: quoted verbatim, as indirect speech ("said that",
# Konjunktiv I, "according to"), or as a reported speech act ("denied the claim").
QuoteForm = Literal["direct", "indirect", "reported"]
DatePrecision = Literal["year", "month", "day"]
# Which way a figure that states a change goes: "fell by 5%" is 5 % down.
Direction = Literal["up", "down"]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` into a document's text."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, slots=True)
class RawDocument:
    """Bytes or text as found at the source, before any cleaning.

    ``kind`` says how to read ``data``: ``"text"`` or ``"html"``.  Feeds and
    JSONL files are unpacked into several RawDocuments by the ingest readers.
    """

    source: str
    data: bytes
    kind: Literal["text", "html"]
    url: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    site: str | None = None


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """A line removed from the article body, kept so that it can be shown.

    The offsets point into the text as it was before removal (``raw_text`` of
    the document), since the removed line is by definition not in ``text``.
    """

    doc_id: str
    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Document:
    """One article: clean text plus what is known about where it came from."""

    id: str
    source: str
    text: str
    language: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    site: str | None = None
    url: str | None = None
    raw_text: str = ""
    paragraphs: tuple[Span, ...] = ()
    sentences: tuple[Span, ...] = ()
    boilerplate: tuple[Boilerplate, ...] = ()
    # Passages that repeat an earlier passage of the same document; facts
    # found inside them are dropped so that each is counted once.
    repeats: tuple[Span, ...] = ()

    @property
    def outlet(self) -> str:
        """Where the document was published; see ``outlet_of``."""
        return outlet_of(self.site, self.source)

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]

    def sentence_at(self, offset: int) -> Span | None:
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None


def outlet_of(site: str | None, source: str) -> str:
    """The outlet of a document: its site name, else the host of its URL, else
    the folder of its file (a feed entry or JSONL line counts as its file)."""
    if site:
        return site
    if source.startswith(("http://", "https://")):
        return source.split("/")[2]
    path = source.split("#", 1)[0]
    head, _, line = path.rpartition(":")
    if head and line.isdigit():
        path = head
    return str(PurePath(path).parent)


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that names an entity.

    ``entity_id`` is the key of the canonical entity: ``"kb:<id>"`` for a
    knowledge-base entry, ``"new:<TYPE>:<folded name>"`` for a discovered one.
    """

    doc_id: str
    start: int
    end: int
    text: str
    entity_id: str
    name: str
    type: EntityType
    origin: Literal["kb", "discovered", "model"] = "kb"


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical real-world thing, with every name it goes by."""

    id: str
    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    qid: str | None = None
    roles: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """A number as stated, normalised to base units.

    ``precision`` is the size of the last stated digit in base units: 1e9 for
    "$97 billion", 1e8 for "$97.4 billion".  Conflict detection uses it to
    tell rounding from disagreement.
    """

    doc_id: str
    start: int
    end: int
    text: str
    value: float
    unit: str
    qualifier: Qualifier = "="
    value_max: float | None = None
    precision: float = 1.0
    # A change stated with its direction ("fell by 5%", "ein Plus von 3
    # Prozent"); the value stays positive.  None for a level or a count.
    direction: Direction | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A figure said about a subject: the unit of comparison across sources."""

    doc_id: str
    start: int
    end: int
    subject_id: str
    subject: str
    attribute: str
    figure: Figure
    when: str | None = None
    speaker: str | None = None
    disputed: bool = False
    # Which part of the fact the figure states ("initial", "total", "part",
    # "previous", "per_year"; "" when the text does not say).
    scope: str = ""
    # "nearly X", "knapp X": a value just under X.
    near: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return (self.subject_id, self.attribute)


@dataclass(frozen=True, slots=True)
class Quote:
    """Words attributed to a speaker: a whole statement or a quoted fragment."""

    doc_id: str
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_id: str | None = None
    kind: QuoteKind = "statement"
    medium: str | None = None
    cue: str | None = None
    form: QuoteForm = "direct"


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened: who did what to whom, and when."""

    doc_id: str
    start: int
    end: int
    text: str
    type: str
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    date: str | None = None
    date_precision: DatePrecision | None = None
    date_text: str | None = None
    # How sure the extractor is, 0-1: lower for a noun trigger, a missing
    # participant or a date from outside the trigger's clause.
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything the per-document stages found in one document."""

    document: Document
    mentions: tuple[Mention, ...] = ()
    figures: tuple[Figure, ...] = ()
    claims: tuple[Claim, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    """Documents that tell the same story, in any language."""

    id: str
    label: str
    doc_ids: tuple[str, ...]
    entities: tuple[str, ...] = ()
    first_date: str | None = None
    last_date: str | None = None


@dataclass(frozen=True, slots=True)
class Thread:
    """A longer topic that event stories belong to (a feud, a takeover battle).

    ``story_ids`` are the listed stories (two documents or more) in it;
    ``doc_ids`` every document of the thread, single reports included.
    """

    id: str
    label: str
    story_ids: tuple[str, ...]
    doc_ids: tuple[str, ...]
    entities: tuple[str, ...] = ()
    first_date: str | None = None
    last_date: str | None = None


@dataclass(frozen=True, slots=True)
class Conflict:
    """Claims with the same key that cannot all be true."""

    subject_id: str
    subject: str
    attribute: str
    claims: tuple[Claim, ...]
    ratio: float | None
    reason: str


@dataclass(frozen=True, slots=True)
class Failure:
    """A document or file that could not be processed, and why."""

    path: str
    stage: str
    reason: str
