"""The ledger's report: printed with Rich, written as Markdown and JSON."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsledger.display import clip, format_figure, plural
from newsledger.export import claims_by_figure, export_ledger
from newsledger.model import Claim, Document, Entity, Figure, Mention, outlet_of
from newsledger.store import Store
from newsledger.store.codec import record_to_dict

# How many rows each report section lists; the JSON report has everything.
TOP_ENTITIES = 25
TOP_ROWS = 50


def build_report(store: Store) -> dict[str, Any]:
    """Everything the report shows, as plain data."""
    data = export_ledger(store)
    documents = data["documents"]
    by_language = Counter(d["language"] for d in documents)
    by_source = Counter(outlet_of(d["site"], d["source"]) for d in documents)
    entity_rows = [
        {"name": e.name, "type": e.type, "mentions": m, "documents": n}
        for e, m, n in store.entities()
    ]
    return {
        "summary": {
            "documents": len(documents),
            "languages": dict(by_language.most_common()),
            "sources": dict(by_source.most_common()),
            "entities": len(data["entities"]),
            "figures": len(data["figures"]),
            "quotes": len(data["quotes"]),
            "events": len(data["events"]),
            "stories": len(data["stories"]),
            "conflicts": len(data["conflicts"]),
            "duplicates": sum(1 for d in documents if d["duplicate_of"]),
            "failures": len(data["failures"]),
        },
        "entities": entity_rows,
        "figures": data["figures"],
        "quotes": data["quotes"],
        "events": data["events"],
        "timeline": timeline_rows(store),
        "stories": data["stories"],
        "conflicts": data["conflicts"],
        "failures": data["failures"],
        "documents": documents,
    }


def timeline_rows(store: Store, entity: str | None = None) -> list[dict[str, Any]]:
    """Dated events and claims in date order, optionally about one entity."""
    from newsledger.resolve.timeline import build_timeline

    name = None
    if entity is not None:
        found = store.entity(entity)
        # Event actors are canonical names; the timeline filter takes a name.
        name = found.name if found else entity
    entries = build_timeline(store.events(), store.claims(), name)
    return [record_to_dict(e) for e in entries]


def timeline_chart(store: Store) -> str:
    """The corpus timeline as a self-contained SVG document."""
    from newsledger.resolve.timeline import build_timeline, timeline_svg

    return timeline_svg(build_timeline(store.events(), store.claims(), None))


def write_report(report: dict[str, Any], out: Path, timeline_svg: str) -> list[Path]:
    """Write ``out`` (Markdown), JSON and the timeline SVG beside it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(to_markdown(report), encoding="utf-8")
    json_path = out.with_suffix(".json")
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    svg_path = out.with_name(out.stem + "-timeline.svg")
    svg_path.write_text(timeline_svg, encoding="utf-8")
    return [out, json_path, svg_path]


def to_markdown(report: dict[str, Any]) -> str:
    s = report["summary"]
    lines = ["# newsledger report", ""]
    lines.append(_summary_line(s, "near-duplicate") + ".")
    lines += ["", "## Documents", ""]
    lines += _md_table(["language", "documents"], [[k, v] for k, v in s["languages"].items()])
    lines += ["", *_md_table(["source", "documents"], [[k, v] for k, v in s["sources"].items()])]
    lines += ["", "## Conflicts", ""]
    for c in report["conflicts"]:
        lines.append(f"- **{c['subject']}**, {c['attribute']}: {c['reason']}")
        for cl in c["claims"]:
            lines.append(f"  - “{cl['text']}” ({_doc_label(report, cl['doc'])})")
    if not report["conflicts"]:
        lines.append("None found.")
    lines += ["", "## Stories", ""]
    for st in report["stories"]:
        titles = "; ".join(_doc_label(report, d) for d in st["docs"])
        lines.append(f"- **{st['label']}** ({plural(len(st['docs']), 'document')}): {titles}")
    if not report["stories"]:
        lines.append("None found.")
    lines += ["", "## Entities", ""]
    lines += _md_table(
        ["entity", "type", "mentions", "documents"],
        [[e["name"], e["type"], e["mentions"], e["documents"]] for e in report["entities"]][
            :TOP_ENTITIES
        ],
    )
    lines += _cut_note(len(report["entities"]), TOP_ENTITIES, "entity", "entities")
    lines += ["", "## Figures", ""]
    lines += _md_table(
        ["subject", "attribute", "figure", "value", "source"],
        [
            [
                f["subject"] or "",
                f["attribute"] or "",
                f["text"],
                format_figure(f["value"], f["unit"], f["qualifier"], f["value_max"]),
                _doc_label(report, f["doc"]),
            ]
            for f in report["figures"][:TOP_ROWS]
        ],
    )
    lines += _cut_note(len(report["figures"]), TOP_ROWS, "figure")
    lines += ["", "## Quotes", ""]
    for q in report["quotes"][:TOP_ROWS]:
        lines.append(f"- {q['speaker'] or 'unattributed'}: “{q['text']}”")
    lines += _cut_note(len(report["quotes"]), TOP_ROWS, "quote")
    lines += ["", "## Timeline", ""]
    lines += _md_table(
        ["date", "what", "source"],
        [
            [t.get("date"), _timeline_label(t), _doc_label(report, str(t.get("doc_id", "")))]
            for t in report["timeline"]
        ],
    )
    if report["failures"]:
        lines += ["", "## Failures", ""]
        for f in report["failures"]:
            lines.append(f"- `{f['path']}` ({f['stage']}): {f['reason']}")
    return "\n".join(lines) + "\n"


def _summary_line(s: dict[str, Any], duplicates: str = "") -> str:
    counts = [
        plural(s["documents"], "document"),
        plural(s["entities"], "entity"),
        plural(s["figures"], "figure"),
        plural(s["quotes"], "quote"),
        plural(s["events"], "event"),
        plural(s["stories"], "story"),
        plural(s["conflicts"], "conflict"),
    ]
    if duplicates:
        counts.append(plural(s["duplicates"], duplicates))
    counts.append(plural(s["failures"], "failure"))
    return ", ".join(counts)


def _cut_note(total: int, shown: int, noun: str, plural_form: str | None = None) -> list[str]:
    """A line saying the list above is cut, and where the rest is; nothing if it is not."""
    if total <= shown:
        return []
    things = plural(total, noun, plural_form).split(" ", 1)[1]
    return ["", f"_{shown:,} of {total:,} {things} shown; the JSON report has them all._"]


def _timeline_label(entry: dict[str, Any]) -> str:
    for key in ("label", "summary", "text", "type"):
        if entry.get(key):
            return clip(str(entry[key]), 160)
    return ""


def _doc_label(report: dict[str, Any], doc_id: str) -> str:
    for d in report["documents"]:
        if d["id"] == doc_id:
            return str(d["title"] or Path(str(d["source"])).name)
    return doc_id[:8]


def _md_table(header: list[str], rows: list[list[Any]]) -> list[str]:
    def cell(value: Any) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return lines


def print_report(report: dict[str, Any], console: Console) -> None:
    s = report["summary"]
    console.print(Text(_summary_line(s).replace(", ", " · "), style="bold"))
    table = Table(title="Documents by language", title_justify="left")
    table.add_column("language")
    table.add_column("documents", justify="right")
    for language, count in s["languages"].items():
        table.add_row(Text(language), str(count))
    console.print(table)
    if report["conflicts"]:
        table = Table(title="Conflicts", title_justify="left")
        for column in ("subject", "attribute", "claims", "reason"):
            table.add_column(column, overflow="fold")
        for c in report["conflicts"]:
            claims = "\n".join(f"{cl['text']} ({cl['doc'][:8]})" for cl in c["claims"])
            table.add_row(Text(c["subject"]), Text(c["attribute"]), Text(claims), Text(c["reason"]))
        console.print(table)
    if report["entities"]:
        shown = min(len(report["entities"]), TOP_ENTITIES)
        table = Table(
            title=f"Top entities ({shown} of {len(report['entities'])})", title_justify="left"
        )
        for column in ("entity", "type", "mentions", "documents"):
            table.add_column(column)
        for e in report["entities"][:TOP_ENTITIES]:
            table.add_row(Text(e["name"]), e["type"], str(e["mentions"]), str(e["documents"]))
        console.print(table)


def entity_profile(store: Store, entity: Entity) -> dict[str, Any]:
    """Aliases seen, roles and documents of one entity."""
    mentions = store.mentions(entity_id=entity.id)
    seen = sorted({m.text for m in mentions})
    doc_counts = Counter(m.doc_id for m in mentions)
    documents = []
    for doc_id, count in doc_counts.most_common():
        doc = store.document(doc_id)
        documents.append(
            {
                "id": doc_id,
                "title": doc.title if doc else None,
                "language": doc.language if doc else None,
                "mentions": count,
            }
        )
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "qid": entity.qid,
        "aliases": sorted(set(entity.aliases) | set(seen)),
        "roles": list(entity.roles),
        "documents": documents,
    }


# Characters of an event's sentence that `show` prints.
EVENT_TEXT_CHARS = 120


def _entity_lines(mentions: list[Mention]) -> list[str]:
    """Each entity named in a document, most mentioned first: name (type) and count."""
    counts = Counter((m.entity_id, m.name, m.type) for m in mentions)
    return [
        f"{name} ({type_}) × {count}"
        for (_, name, type_), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][1]))
    ]


def _figure_line(figure: Figure, claim: Claim | None) -> str:
    """“As written” → as read, and whose figure it is when a claim says so."""
    line = f"“{figure.text}” → " + format_figure(
        figure.value, figure.unit, figure.qualifier, figure.value_max
    )
    if claim is not None:
        line += f" ({claim.subject}, {claim.attribute.replace('_', ' ')})"
    return line


def print_document(
    store: Store, doc: Document, console: Console, show_boilerplate: bool = False
) -> None:
    """One document with its entities highlighted and its extractions listed."""
    console.print(Text(doc.title or doc.source, style="bold"), highlight=False)
    console.print(
        Text(f"id {doc.id} · {doc.language} · {doc.published or 'undated'} · {doc.source}"),
        highlight=False,
    )
    copy_of = store.duplicates()
    if doc.id in copy_of:
        console.print(f"near-duplicate of {copy_of[doc.id]}: not an independent source")
    copies = sorted(d for d, original in copy_of.items() if original == doc.id)
    if copies:
        console.print(Text(f"copied by {', '.join(copies)}"), highlight=False)
    mentions = store.mentions(doc_id=doc.id)
    figures = store.figures(doc_id=doc.id)
    text = Text(doc.text)
    for m in mentions:
        text.stylize("bold cyan", m.start, m.end)
    for f in figures:
        text.stylize("bold magenta", f.start, f.end)
    console.print(text)
    claims = claims_by_figure(store.claims(doc_id=doc.id))
    sections: list[tuple[str, list[str]]] = [
        ("Entities", _entity_lines(mentions)),
        ("Figures", [_figure_line(f, claims.get((f.doc_id, f.start, f.end))) for f in figures]),
        ("Quotes", [f"{q.speaker or '?'}: “{q.text}”" for q in store.quotes(doc_id=doc.id)]),
        (
            "Events",
            [
                f"{e.type}{' ' + e.date if e.date else ''}: {clip(e.text, EVENT_TEXT_CHARS)}"
                for e in store.events(doc_id=doc.id)
            ],
        ),
    ]
    if show_boilerplate:
        sections.append(
            ("Removed boilerplate", [f"{b.text} ({b.reason})" for b in doc.boilerplate])
        )
    for title, rows in sections:
        console.print(Text.assemble("\n", (title, "bold"), f" ({len(rows)})"))
        for row in rows:
            console.print(Text(f"  {row}"), highlight=False)
