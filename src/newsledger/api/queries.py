"""Read-side questions the API and the web pages share, answered from the store.

Everything here reads the database only: ids and names coming from a URL are
used as SQL parameters, never as file paths.
"""

from __future__ import annotations

import os
import re
import threading
import typing
from collections import Counter, OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar
from urllib.parse import urlsplit

from newsledger.export import figure_record
from newsledger.extract.claims.disputes import DISPUTE_WINDOW_SENTENCES
from newsledger.extract.claims.labels import attribute_label
from newsledger.extract.claims.lexicon import ClaimLexicon, claim_lexicon
from newsledger.lang import load_or_fallback
from newsledger.model import Claim, Conflict, Document, Entity, Event, Quote
from newsledger.resolve.conflicts import conflict_id as _conflict_id
from newsledger.store import Store

# Documents of an entity scanned for co-occurring entities: bounds the work
# of an entity page for a name found in a large share of a big corpus.
COOCCURRENCE_DOC_LIMIT = 300
# How many entities the "appears with" list and graph show.
COOCCURRENCE_TOP = 12
# Search results fetched for paging; a query matching more reports this as total.
SEARCH_MAX_HITS = 1000


T = TypeVar("T")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def search(
    store: Store, query: str, limit: int, offset: int = 0
) -> tuple[int, list[tuple[str, str, str]]]:
    """One page of full-text hits for a query typed by a user, best first, and the
    total (counted up to ``SEARCH_MAX_HITS``).

    The index ranks and pages: only the page's documents are read.  Control
    characters are dropped first: SQLite's FTS5 reads a NUL as the end of
    the query string and fails.
    """
    cleaned = _CONTROL.sub(" ", query).strip()
    if not cleaned or offset >= SEARCH_MAX_HITS:
        return (store.search_total(cleaned, SEARCH_MAX_HITS) if cleaned else 0), []
    limit = min(limit, SEARCH_MAX_HITS - offset)
    hits = store.search(cleaned, limit, offset)
    if offset == 0 and len(hits) < limit:
        return len(hits), hits
    return store.search_total(cleaned, SEARCH_MAX_HITS), hits


def conflict_id(conflict: Conflict) -> str:
    """A stable id from what the conflict is about and which claims make it."""
    return _conflict_id(conflict)


def find_conflict(store: Store, ident: str) -> Conflict | None:
    return next((c for c in store.conflicts() if conflict_id(c) == ident), None)


def doc_ids_in_range(store: Store, since: str | None, until: str | None) -> set[str] | None:
    """Ids of documents published in the range, or None when no range is given."""
    if since is None and until is None:
        return None
    return {d.id for d in store.documents(since=since, until=until)}


def entity_doc_ids(store: Store, entity_id: str) -> list[str]:
    """Documents that mention the entity, most mentions first."""
    counts = Counter(m.doc_id for m in store.mentions(entity_id=entity_id))
    return [doc for doc, _ in counts.most_common()]


# The API shows figures as the export does (docs/export-format.md).
figure_dict = figure_record


def claim_dict(claim: Claim, sentence: str | None = None) -> dict[str, Any]:
    return {
        "doc": claim.doc_id,
        "start": claim.start,
        "end": claim.end,
        "subject_id": claim.subject_id,
        "subject": claim.subject,
        "attribute": attribute_label(claim.attribute),
        "attribute_id": claim.attribute,
        "figure": figure_dict(claim.figure, claim),
        "when": claim.when,
        "speaker": claim.speaker,
        "disputed": claim.disputed,
        "sentence": sentence,
    }


@dataclass(frozen=True)
class ClaimContext:
    """A claim with the document it came from and the sentence around its figure."""

    claim: Claim
    document: Document | None
    sentence_start: int
    sentence: str


# Documents kept in memory by id for the conflict views, which read each
# claim's whole document (text and sentences) to quote its sentence: a page
# of 50 conflicts reads about 250.  A stored document's text, sentences and
# metadata never change (resolve may add boilerplate marks, which these
# views do not show), so they are kept until pushed out; the bound holds a
# few pages' worth.
DOCUMENT_CACHE_SIZE = 512
_documents: OrderedDict[tuple[str, str], Document] = OrderedDict()
_documents_lock = threading.Lock()


def cached_document(store: Store, doc_id: str) -> Document | None:
    """The document with exactly this id, from memory when it was read before."""
    key = (store.location, doc_id)
    with _documents_lock:
        doc = _documents.get(key)
        if doc is not None:
            _documents.move_to_end(key)
            return doc
    doc = store.document(doc_id)
    if doc is None or doc.id != doc_id:
        # Not found, or found by source or prefix: not kept under this id.
        return doc
    with _documents_lock:
        _documents[key] = doc
        while len(_documents) > DOCUMENT_CACHE_SIZE:
            _documents.popitem(last=False)
    return doc


def claim_contexts(store: Store, claims: Sequence[Claim]) -> list[ClaimContext]:
    docs: dict[str, Document | None] = {}
    result = []
    for claim in claims:
        if claim.doc_id not in docs:
            docs[claim.doc_id] = cached_document(store, claim.doc_id)
        doc = docs[claim.doc_id]
        start, sentence = claim.figure.start, claim.figure.text
        if doc is not None:
            span = doc.sentence_at(claim.figure.start)
            if span is not None:
                start, sentence = span.start, doc.text[span.start : span.end]
        result.append(ClaimContext(claim, doc, start, sentence))
    return result


@cache
def _claim_lexicon(language: str) -> ClaimLexicon:
    return claim_lexicon(load_or_fallback(language))


def denial_sentence(doc: Document, claim: Claim) -> str | None:
    """The sentence after a disputed claim that denies it, as extraction found it.

    Extraction marks the claim and keeps no pointer; the sentence is found
    again the same way: the first later sentence, within the window, that
    gives a verdict or denies a claim.
    """
    if not claim.disputed:
        return None
    lex = _claim_lexicon(doc.language)
    after = [s for s in doc.sentences if s.start > claim.figure.start]
    for span in after[:DISPUTE_WINDOW_SENTENCES]:
        text = doc.text[span.start : span.end]
        verb = lex.denial_verb_re.search(text) and lex.claim_noun_re.search(text)
        if lex.verdict_re.search(text) or verb:
            return text
    return None


def conflict_dict(
    store: Store,
    conflict: Conflict,
    marks: Mapping[str, tuple[str, str | None, str]] | None = None,
) -> dict[str, Any]:
    """A conflict for the API; ``marks`` are ``store.conflict_marks()`` when the
    caller read them once for many conflicts."""
    ident = conflict_id(conflict)
    if marks is None:
        marks = store.conflict_marks()
    verdict, note, _ = marks.get(ident, (None, None, None))
    return {
        "feedback": verdict,
        "feedback_note": note,
        "id": ident,
        "subject_id": conflict.subject_id,
        "subject": conflict.subject,
        "attribute": attribute_label(conflict.attribute),
        "attribute_id": conflict.attribute,
        "ratio": conflict.ratio,
        "reason": conflict.reason,
        "claims": [
            {
                **claim_dict(ctx.claim, ctx.sentence),
                "denied_by": denial_sentence(ctx.document, ctx.claim) if ctx.document else None,
            }
            for ctx in claim_contexts(store, conflict.claims)
        ],
    }


def quotes_about(store: Store, entity_id: str, doc_ids: Sequence[str]) -> list[Quote]:
    """Quotes by someone else whose words name the entity."""
    found = []
    for doc_id in doc_ids[:COOCCURRENCE_DOC_LIMIT]:
        spans = [(m.start, m.end) for m in store.mentions(doc_id=doc_id, entity_id=entity_id)]
        for quote in store.quotes(doc_id=doc_id):
            if quote.speaker_id == entity_id:
                continue
            if any(quote.start <= s and e <= quote.end for s, e in spans):
                found.append(quote)
    return found


def events_of(store: Store, entity: Entity, doc_ids: Sequence[str]) -> list[Event]:
    """Events in which the entity acts or is acted on."""
    keys = {entity.id, entity.name}
    found = []
    for doc_id in doc_ids[:COOCCURRENCE_DOC_LIMIT]:
        for event in store.events(doc_id=doc_id):
            if keys & (set(event.actors) | set(event.targets)):
                found.append(event)
    return found


def cooccurring(store: Store, entity_id: str, doc_ids: Sequence[str]) -> list[tuple[Entity, int]]:
    """Entities named in the same documents, with how many documents they share."""
    shared: Counter[str] = Counter()
    for doc_id in doc_ids[:COOCCURRENCE_DOC_LIMIT]:
        others = {m.entity_id for m in store.mentions(doc_id=doc_id)} - {entity_id}
        shared.update(others)
    result = []
    for other_id, count in shared.most_common():
        other = store.entity(other_id)
        if other is not None and other.id == other_id:
            result.append((other, count))
        if len(result) >= COOCCURRENCE_TOP:
            break
    return result


def outlet_name(doc: Document) -> str | None:
    """The outlet that published a document: its site name, else the host of
    its URL; None when neither is known (a folder is not an outlet)."""
    return _outlet(doc.site, doc.url, doc.source)


def _outlet(site: str | None, url: str | None, source: str) -> str | None:
    if site:
        return site
    for address in (url, source):
        if address and address.startswith(("http://", "https://")):
            host = urlsplit(address).hostname
            if host:
                return host.removeprefix("www.")
    return None


def source_name(doc: Document) -> str:
    """The outlet of a document for a page, "" when unknown."""
    return outlet_name(doc) or ""


def _is_url(source: str) -> bool:
    # Also what was posted to the API without a URL ("api:text").
    return source.startswith(("http://", "https://", "api:"))


def ingest_root(store: Store) -> str:
    """The folder every ingested file lies under ("" when there is none).

    The common prefix of all file sources is the common prefix of the
    smallest and the largest, so two aggregates find it without reading
    every row.  A single file's root is its folder: its name is shown.
    The aggregates still scan the documents (17 ms at 10,000), so the
    answer is kept until the ledger's next write.
    """
    return per_generation(store, "ingest_root", lambda: _ingest_root(store))


def _ingest_root(store: Store) -> str:
    low, high = store.source_range(exclude_prefixes=("http://", "https://", "api:"))
    if low is None or high is None:
        return ""
    common = os.path.commonprefix([low, high])  # noqa: RUF071 - cut at a "/" below
    root = common[: common.rfind("/") + 1]
    # Files from all over the disk share only "/": show their names instead.
    return "" if root == "/" else root


def shown_source(source: str, root: str) -> str:
    """A source as the API shows it: relative to what was ingested, never an
    absolute server path."""
    if _is_url(source):
        return source
    if root and source.startswith(root):
        return source[len(root) :]
    return source.rsplit("/", 1)[-1]


def find_document(store: Store, ref: str) -> Document | None:
    """A document by exact id, unique id prefix, or exact source as stored or shown."""
    root = ingest_root(store)
    return store.find_document(ref, [root + ref] if root else [])


# Tables whose record counts the overview and /api/stats show.
COUNTED_TABLES = (
    "documents",
    "entities",
    "figures",
    "claims",
    "quotes",
    "events",
    "stories",
    "conflicts",
)


@dataclass
class _Tally:
    """The counts of one ledger as of one write generation, and how far its
    documents were read (their outlet and language never change)."""

    generation: int
    documents: int
    seq: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    outlets: Counter[str] = field(default_factory=Counter)
    without_outlet: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    result: dict[str, Any] = field(default_factory=dict)


# The last tally of each ledger this process read.  A request reads the
# ledger's write generation (one indexed row) and, while it is unchanged,
# answers from here: a recount of every table and every document's outlet
# cost 140 ms at 10,000 documents, and queued requests behind it.
_tallies: dict[str, _Tally] = {}
_tallies_lock = threading.Lock()


# Answers kept until the ledger's next write, (location, name) to
# (generation, answer), the most recently used first to stay.  A read view
# that decodes rows (a page of conflicts, the overview) costs 10-25 ms of
# CPU at 10,000 documents; a kept answer costs one indexed row.
MEMO_SIZE = 256
_memo: OrderedDict[tuple[str, str], tuple[int, Any]] = OrderedDict()
_memo_lock = threading.Lock()


def per_generation(store: Store, name: str, compute: Callable[[], T]) -> T:
    """``compute()``, or what it answered before if nothing was written since.

    The answer is shared between requests: callers must not change it.
    """
    if store.location == ":memory:":  # every such store is another ledger
        return compute()
    generation = store.generation()
    key = (store.location, name)
    with _memo_lock:
        kept = _memo.get(key)
        if kept is not None and kept[0] == generation:
            _memo.move_to_end(key)
            return typing.cast(T, kept[1])
    answer = compute()
    with _memo_lock:
        _memo[key] = (generation, answer)
        _memo.move_to_end(key)
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return answer


def stats(store: Store) -> dict[str, Any]:
    """Counts of every kind of record, documents by language and by outlet."""
    generation = store.generation()
    documents = store.count("documents")
    if store.location == ":memory:":  # every such store is another ledger
        return _recount(store, None, generation, documents).result
    # One request recounts at a time; the others wait for its answer
    # instead of all recounting at once.
    with _tallies_lock:
        tally = _tallies.get(store.location)
        if tally is None or tally.generation != generation or tally.documents != documents:
            tally = _recount(store, tally, generation, documents)
            _tallies[store.location] = tally
        return dict(tally.result)


def _recount(store: Store, before: _Tally | None, generation: int, documents: int) -> _Tally:
    tally = _Tally(generation, documents)
    if before is not None and before.generation < generation and before.documents <= documents:
        # Documents are only ever added, and ``seq`` says which were
        # counted: the new ones are read, not all.  (A ledger replaced under
        # the same path starts its generations again: counted afresh.)
        tally.seq = before.seq
        tally.languages = Counter(before.languages)
        tally.outlets = Counter(before.outlets)
        tally.without_outlet = before.without_outlet
    for seq, language, site, url, source in store.outlet_rows_after(tally.seq):
        tally.seq = seq
        tally.languages[language] += 1
        outlet = _outlet(site, url, source)
        if outlet is None:
            tally.without_outlet += 1
        else:
            tally.outlets[outlet] += 1
    tally.counts = {table: store.count(table) for table in COUNTED_TABLES}
    tally.result = {
        **tally.counts,
        "languages": dict(tally.languages.most_common()),
        "outlets": dict(tally.outlets.most_common()),
        "without_outlet": tally.without_outlet,
    }
    return tally


def page(items: Sequence[Any], limit: int, offset: int) -> dict[str, Any]:
    return {
        "total": len(items),
        "limit": limit,
        "offset": offset,
        "items": list(items[offset : offset + limit]),
    }
