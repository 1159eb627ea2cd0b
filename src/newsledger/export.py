"""The whole ledger as one JSON-ready object, and its flat forms.

The JSON shape is documented in ``docs/export-format.md`` and is what other
tools, and ``newsledger eval``, read.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from newsledger.errors import NewsledgerError
from newsledger.extract.claims.labels import attribute_label
from newsledger.model import Claim, Conflict, Event, Figure, Quote
from newsledger.resolve.conflicts import conflict_id
from newsledger.store import Store
from newsledger.store.codec import record_to_dict

FORMAT_VERSION = 1
EXPORT_FORMATS = ("json", "jsonl", "csv")

# The columns of each CSV table, for the header of a table with no records
# (a table with records takes them from its first record: the same names).
_EMPTY_FIELDS: dict[str, list[str]] = {
    "documents": [
        "id",
        "source",
        "language",
        "title",
        "published",
        "url",
        "site",
        "author",
        "duplicate_of",
    ],
    "entities": ["id", "name", "type", "qid", "aliases", "roles", "mentions"],
    "figures": [
        "doc",
        "start",
        "end",
        "text",
        "value",
        "value_max",
        "unit",
        "qualifier",
        "precision",
        "subject",
        "subject_id",
        "attribute",
        "attribute_id",
        "when",
        "speaker",
        "disputed",
    ],
    "quotes": ["doc", "start", "end", "text", "speaker", "speaker_id", "kind", "medium"],
    "events": (
        [
            "doc",
            "type",
            "actors",
            "targets",
            "date",
            "date_precision",
            "date_text",
            "start",
            "end",
            "text",
        ]
    ),
    "stories": ["id", "label", "docs", "entities", "first_date", "last_date"],
    "threads": ["id", "label", "stories", "docs", "entities", "first_date", "last_date"],
    "conflicts": [
        "id",
        "feedback",
        "feedback_note",
        "subject",
        "subject_id",
        "attribute",
        "attribute_id",
        "ratio",
        "reason",
        "claims",
    ],
    "boilerplate": ["doc", "start", "end", "text", "reason"],
    "failures": ["path", "stage", "reason"],
}


def conflict_json(c: Conflict, marks: Mapping[str, tuple[str, str | None, str]]) -> dict[str, Any]:
    """A conflict as the export (and ``conflicts --format json``) shows it."""
    ident = conflict_id(c)
    return {
        "id": ident,
        "feedback": marks[ident][0] if ident in marks else None,
        "feedback_note": marks[ident][1] if ident in marks else None,
        "subject": c.subject,
        "subject_id": c.subject_id,
        "attribute": attribute_label(c.attribute),
        "attribute_id": c.attribute,
        "ratio": c.ratio,
        "reason": c.reason,
        "claims": [
            {
                "doc": cl.doc_id,
                "value": cl.figure.value,
                "value_max": cl.figure.value_max,
                "unit": cl.figure.unit,
                "qualifier": cl.figure.qualifier,
                "text": cl.figure.text,
                "speaker": cl.speaker,
                "disputed": cl.disputed,
                "scope": cl.scope,
            }
            for cl in c.claims
        ],
    }


def export_ledger(store: Store) -> dict[str, Any]:
    """Every record of the ledger, grouped by kind."""
    names = {entity.id: entity.name for entity, _, _ in store.entities()}
    documents = [
        {
            "id": d.id,
            "source": d.source,
            "language": d.language,
            "title": d.title,
            "published": d.published,
            "url": d.url,
            "site": d.site,
            "author": d.author,
            "duplicate_of": dup,
        }
        for d, dup in _documents_with_duplicates(store)
    ]
    mentions_by_entity: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in store.mentions():
        mentions_by_entity[m.entity_id].append(
            {"doc": m.doc_id, "start": m.start, "end": m.end, "text": m.text}
        )
    entities = [
        {
            "id": e.id,
            "name": e.name,
            "type": e.type,
            "qid": e.qid,
            "aliases": list(e.aliases),
            "roles": list(e.roles),
            "mentions": mentions_by_entity.get(e.id, []),
        }
        for e, _, _ in store.entities()
    ]
    claims = claims_by_figure(store.claims())
    figures = [figure_record(f, claims.get((f.doc_id, f.start, f.end))) for f in store.figures()]
    quotes = [quote_record(q) for q in store.quotes()]
    events = [event_record(e, names) for e in store.events()]
    stories = [
        {
            "id": s.id,
            "label": s.label,
            "docs": list(s.doc_ids),
            "entities": list(s.entities),
            "first_date": s.first_date,
            "last_date": s.last_date,
        }
        for s in store.stories()
    ]
    marks = store.conflict_marks()
    conflicts = [conflict_json(c, marks) for c in store.conflicts()]
    boilerplate = [
        {"doc": b.doc_id, "start": b.start, "end": b.end, "text": b.text, "reason": b.reason}
        for b in store.boilerplate()
    ]
    failures = [record_to_dict(f) for f in store.failures()]
    return {
        "format_version": FORMAT_VERSION,
        "documents": documents,
        "entities": entities,
        "figures": figures,
        "quotes": quotes,
        "events": events,
        "stories": stories,
        # Topics that several event stories belong to (see Ledger.resolve).
        "threads": list(store.get_state("threads", []) or []),
        "conflicts": conflicts,
        "boilerplate": boilerplate,
        "failures": failures,
    }


def claims_by_figure(claims: Iterable[Claim]) -> dict[tuple[str, int, int], Claim]:
    """Claims keyed by the (document, start, end) of their figure."""
    return {(c.doc_id, c.figure.start, c.figure.end): c for c in claims}


def quote_record(q: Quote) -> dict[str, Any]:
    """A quote as exported."""
    return {
        "doc": q.doc_id,
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "speaker": q.speaker,
        "speaker_id": q.speaker_id,
        "kind": q.kind,
        "medium": q.medium,
        "cue": q.cue,
        "form": q.form,
    }


def event_record(e: Event, names: Mapping[str, str]) -> dict[str, Any]:
    """An event as exported, its actors and targets by name (``names``: id -> name)."""
    return {
        "doc": e.doc_id,
        "type": e.type,
        "actors": [names.get(a, a) for a in e.actors],
        "targets": [names.get(t, t) for t in e.targets],
        "date": e.date,
        "date_precision": e.date_precision,
        "date_text": e.date_text,
        "confidence": e.confidence,
        "start": e.start,
        "end": e.end,
        "text": e.text,
    }


def figure_record(figure: Figure, claim: Claim | None) -> dict[str, Any]:
    """A figure as exported, with what its claim (if any) says about it."""
    return {
        "doc": figure.doc_id,
        "start": figure.start,
        "end": figure.end,
        "text": figure.text,
        "value": figure.value,
        "value_max": figure.value_max,
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "precision": figure.precision,
        "direction": figure.direction,
        "subject": claim.subject if claim else None,
        "subject_id": claim.subject_id if claim else None,
        "attribute": attribute_label(claim.attribute) if claim else None,
        "attribute_id": claim.attribute if claim else None,
        "when": claim.when if claim else None,
        "speaker": claim.speaker if claim else None,
        "disputed": claim.disputed if claim else False,
        "scope": claim.scope if claim else None,
    }


def _documents_with_duplicates(store: Store) -> Iterator[tuple[Any, str | None]]:
    copies = store.duplicates()
    for doc in store.documents():
        yield doc, copies.get(doc.id)


def to_jsonl(export: dict[str, Any]) -> Iterator[str]:
    """One line per record, each tagged with its ``kind``."""
    for kind, records in export.items():
        if not isinstance(records, list):
            continue
        for record in records:
            yield json.dumps({"kind": singular(kind), **record}, ensure_ascii=False)


def singular(kind: str) -> str:
    """The record kind of a table: ``entities`` -> ``entity``, ``quotes`` -> ``quote``."""
    if kind.endswith("ies"):
        return kind[:-3] + "y"
    return kind[:-1] if kind.endswith("s") else kind


def csv_tables(export: dict[str, Any]) -> dict[str, str]:
    """One CSV text per kind of record (``documents.csv`` …); nested values as JSON.

    Every kind gets its file, with a header even when it has no records, so
    that a script reading the folder finds the same files for every ledger.
    """
    tables: dict[str, str] = {}
    for kind, records in export.items():
        if not isinstance(records, list):
            continue
        fields = list(records[0].keys()) if records else _EMPTY_FIELDS.get(kind, [])
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow(
                {
                    k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
                    for k, v in record.items()
                }
            )
        tables[f"{kind}.csv"] = out.getvalue()
    return tables


def write_csv(export: dict[str, Any], out: Path) -> list[Path]:
    """Write the CSV tables into the folder ``out``, or into ``out`` as a zip file."""
    tables = csv_tables(export)
    if out.suffix.lower() == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, text in tables.items():
                archive.writestr(name, text)
        return [out]
    if out.exists() and not out.is_dir():
        raise NewsledgerError(
            f"{out}: CSV export writes one file per table; give a folder or a .zip path"
        )
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in tables.items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
