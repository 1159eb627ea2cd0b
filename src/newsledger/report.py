"""The ledger's report: printed with Rich, written as Markdown and JSON."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsledger.export import export_ledger
from newsledger.model import Document, Entity, outlet_of
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
    lines.append(
        f"{s['documents']} documents, {s['entities']} entities, {s['figures']} figures, "
        f"{s['quotes']} quotes, {s['events']} events, {s['stories']} stories, "
        f"{s['conflicts']} conflicts, {s['duplicates']} near-duplicates, "
        f"{s['failures']} failures."
    )
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
        lines.append(f"- **{st['label']}** ({len(st['docs'])} documents): {titles}")
    if not report["stories"]:
        lines.append("None found.")
    lines += ["", "## Entities", ""]
    lines += _md_table(
        ["entity", "type", "mentions", "documents"],
        [[e["name"], e["type"], e["mentions"], e["documents"]] for e in report["entities"]][
            :TOP_ENTITIES
        ],
    )
    lines += ["", "## Figures", ""]
    lines += _md_table(
        ["subject", "attribute", "figure", "value", "unit", "source"],
        [
            [
                f["subject"] or "",
                f["attribute"] or "",
                f["text"],
                f"{f['qualifier']} {f['value']:,.6g}",
                f["unit"],
                _doc_label(report, f["doc"]),
            ]
            for f in report["figures"][:TOP_ROWS]
        ],
    )
    lines += ["", "## Quotes", ""]
    for q in report["quotes"][:TOP_ROWS]:
        lines.append(f"- {q['speaker'] or 'unattributed'}: “{q['text']}”")
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


def _timeline_label(entry: dict[str, Any]) -> str:
    for key in ("label", "summary", "text", "type"):
        if entry.get(key):
            return str(entry[key])[:160]
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
    console.print(
        Text.assemble(
            (str(s["documents"]), "bold"),
            f" documents · {s['entities']} entities · {s['figures']} figures · "
            f"{s['quotes']} quotes · {s['events']} events · {s['stories']} stories · ",
            (str(s["conflicts"]), "bold red"),
            " conflicts",
        )
    )
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
        table = Table(title="Top entities", title_justify="left")
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
    text = Text(doc.text)
    for m in store.mentions(doc_id=doc.id):
        text.stylize("bold cyan", m.start, m.end)
    for f in store.figures(doc_id=doc.id):
        text.stylize("bold magenta", f.start, f.end)
    console.print(text)
    sections: list[tuple[str, list[str]]] = [
        (
            "Figures",
            [
                f"{f.text} = {f.qualifier} {f.value:,.6g} {f.unit}"
                for f in store.figures(doc_id=doc.id)
            ],
        ),
        ("Quotes", [f"{q.speaker or '?'}: “{q.text}”" for q in store.quotes(doc_id=doc.id)]),
        (
            "Events",
            [f"{e.type} {e.date or ''}: {e.text[:100]}" for e in store.events(doc_id=doc.id)],
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
