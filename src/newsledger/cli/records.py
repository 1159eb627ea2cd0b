"""Commands that list one kind of record: entities, figures, quotes, stories..."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from newsledger.cli.common import (
    DEFAULT_DB,
    DEFAULT_LIMIT,
    DbOption,
    Format,
    FormatOption,
    LimitOption,
    app,
    console,
    emit,
    find_id,
    open_ledger,
    reports_errors,
    short_ids,
    shorten,
)
from newsledger.display import format_figure, shortener
from newsledger.errors import NewsledgerError
from newsledger.model import Story


def story_json(s: Story) -> dict[str, Any]:
    """A story as the export shows it."""
    return {
        "id": s.id,
        "label": s.label,
        "docs": list(s.doc_ids),
        "entities": list(s.entities),
        "first_date": s.first_date,
        "last_date": s.last_date,
    }


@app.command("entities")
@reports_errors
def entities_cli(
    db: DbOption = DEFAULT_DB,
    type: Annotated[str | None, typer.Option("--type", "-t", help="PERSON, ORG, …")] = None,
    limit: LimitOption = DEFAULT_LIMIT,
    fmt: FormatOption = Format.table,
) -> None:
    """Entities with their mention and document counts.

    Example: newsledger entities --type PERSON
    """
    with open_ledger(db) as ledger:
        total, page = ledger.store.entities_page(
            type=type.upper() if type else None, limit=limit or None
        )
        rows = [
            {"id": e.id, "name": e.name, "type": e.type, "mentions": m, "documents": d}
            for e, m, d in page
        ]
    emit(rows, fmt, "entities", limit=limit, total=total)


@app.command("entity")
@reports_errors
def entity_cli(
    name: Annotated[str, typer.Argument(help="Entity id, name or alias.")],
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = Format.table,
) -> None:
    """Profile of one entity: aliases seen, roles, documents.

    Example: newsledger entity "Sam Altman"
    """
    from newsledger.report import entity_profile

    with open_ledger(db) as ledger:
        entity = ledger.store.entity(name)
        if entity is None:
            raise NewsledgerError(f"no entity {name!r}; list them with 'newsledger entities'")
        profile = entity_profile(ledger.store, entity)
        short = short_ids(ledger)
    if fmt is Format.table:
        console.print(Text.assemble((entity.name, "bold"), f" ({entity.type}) {entity.id}"))
        for key in ("aliases", "roles"):
            console.print(f"{key}: {', '.join(profile[key]) or '-'}", highlight=False)
        emit(shorten(profile["documents"], short, "id"), Format.table, "documents")
    else:
        emit([profile], fmt, "entity")


@app.command("figures")
@reports_errors
def figures_cli(
    db: DbOption = DEFAULT_DB,
    subject: Annotated[str | None, typer.Option("--subject", "-s", help="Entity name.")] = None,
    limit: LimitOption = DEFAULT_LIMIT,
    fmt: FormatOption = Format.table,
) -> None:
    """Figures with their subject and attribute.

    Example: newsledger figures --subject xAI
    """
    from newsledger.export import figure_record

    with open_ledger(db) as ledger:
        store = ledger.store
        subjects = store.names_matching("claims", "subject", subject) if subject else None
        # One page, in SQL: the whole export took seconds at 10,000 documents.
        total, page = store.figures_with_subject(subjects, limit=limit or None)
        rows = [figure_record(figure, claim) for figure, claim in page]
        short = short_ids(ledger) if fmt is Format.table else {}
    if fmt is Format.table:
        rows = [
            {**r, "amount": format_figure(r["value"], r["unit"], r["qualifier"], r["value_max"])}
            for r in shorten(rows, short, "doc")
        ]
        columns = ["subject", "attribute", "amount", "text", "doc"]
    else:
        columns = ["subject", "attribute", "text", "value", "value_max", "unit", "qualifier", "doc"]
    emit(rows, fmt, "figures", columns, limit=limit, total=total)


@app.command("conflicts")
@reports_errors
def conflicts_cli(
    db: DbOption = DEFAULT_DB,
    limit: LimitOption = DEFAULT_LIMIT,
    fmt: FormatOption = Format.table,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            metavar="SUBJECT",
            help="Say, for each pair of claims about SUBJECT (name or id), why it was "
            "or was not flagged.",
        ),
    ] = None,
    attribute: Annotated[
        str | None, typer.Option("--attribute", help="With --explain: only this attribute.")
    ] = None,
    mark: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--mark",
            metavar="ID VERDICT",
            help="Mark conflict ID (from --format json) 'confirmed' or 'rejected' "
            "(not a conflict); kept across re-resolve.",
        ),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="With --mark: why.")] = None,
) -> None:
    """Claims that disagree between (or within) sources.

    Example: newsledger conflicts --format json; newsledger conflicts --explain "Kestrel Freight";
    newsledger conflicts --mark c1a2b3c4d5e6 rejected --note "tranche vs total"
    """
    if mark is not None:
        _mark_conflict(db, mark[0], mark[1], note)
        return
    if explain is not None:
        from newsledger.extract.claims.labels import attribute_id
        from newsledger.resolve.conflict_explain import explain as explain_pairs

        with open_ledger(db) as ledger:
            lines = explain_pairs(
                ledger.store.claims(),
                ledger.store.duplicates(),
                explain,
                attribute_id(attribute) if attribute else None,
            )
        for line in lines:
            console.print(line, highlight=False, markup=False)
        return
    from newsledger.export import conflict_json

    with open_ledger(db) as ledger:
        total, page = ledger.store.conflicts_page(limit=limit or None)
        marks = ledger.store.conflict_marks()
        conflicts = [conflict_json(c, marks) for c in page]
        short = short_ids(ledger)
    rows = [
        {
            "id": c["id"],
            "feedback": c["feedback"] or "",
            "subject": c["subject"],
            "attribute": c["attribute"],
            "claims": [f"{cl['text']} ({short.get(cl['doc'], cl['doc'])})" for cl in c["claims"]],
            "ratio": c["ratio"],
            "reason": c["reason"],
        }
        for c in conflicts
    ]
    emit(
        conflicts if fmt in (Format.json, Format.jsonl) else rows,
        fmt,
        "conflicts",
        limit=limit,
        total=total,
    )


def _mark_conflict(db: Path, ident: str, verdict: str, note: str | None) -> None:
    from newsledger.resolve.conflicts import conflict_id
    from newsledger.store.base import CONFLICT_VERDICTS

    if verdict not in CONFLICT_VERDICTS:
        raise typer.BadParameter(
            f"{verdict!r} is no verdict: choose one of {', '.join(CONFLICT_VERDICTS)}",
            param_hint="--mark",
        )
    with open_ledger(db) as ledger:
        known = {conflict_id(c) for c in ledger.store.conflicts()}
        if ident not in known:
            raise NewsledgerError(
                f"{db}: no conflict {ident!r}; list the ids with 'newsledger conflicts'"
            )
        ledger.store.mark_conflict(ident, verdict, note)
    console.print(f"marked {ident} {verdict}", highlight=False)


@app.command("quotes")
@reports_errors
def quotes_cli(
    db: DbOption = DEFAULT_DB,
    speaker: Annotated[str | None, typer.Option("--speaker", help="Speaker name.")] = None,
    limit: LimitOption = DEFAULT_LIMIT,
    fmt: FormatOption = Format.table,
) -> None:
    """Quotes with their speakers.

    Example: newsledger quotes --speaker "Elon Musk"
    """
    from newsledger.export import quote_record

    with open_ledger(db) as ledger:
        store = ledger.store
        wanted: dict[str, Any] = {}
        if speaker:
            wanted["speaker"] = store.names_matching("quotes", "speaker", speaker)
        total, page = store.records_page("quotes", limit=limit or None, **wanted)
        rows = [quote_record(q) for q in page]
        if fmt is Format.table:
            rows = shorten(rows, short_ids(ledger), "doc")
    columns = ["speaker", "text", "form", "kind", "medium", "doc"]
    emit(rows, fmt, "quotes", columns, limit=limit, total=total)


@app.command("events")
@reports_errors
def events_cli(
    db: DbOption = DEFAULT_DB,
    type: Annotated[str | None, typer.Option("--type", "-t", help="Event type.")] = None,
    limit: LimitOption = DEFAULT_LIMIT,
    fmt: FormatOption = Format.table,
) -> None:
    """Events: who did what to whom, and when.

    Example: newsledger events --type lawsuit
    """
    from newsledger.export import event_record

    with open_ledger(db) as ledger:
        store = ledger.store
        filters: dict[str, Any] = {"type": type} if type else {}
        total, page = store.records_page("events", limit=limit or None, **filters)
        ids = sorted({i for e in page for i in (*e.actors, *e.targets)})
        names = {i: e.name for i, e in store.entities_by_id(ids).items()}
        rows = [event_record(e, names) for e in page]
        if fmt is Format.table:
            rows = shorten(rows, short_ids(ledger), "doc")
    columns = ["date", "type", "actors", "targets", "text", "doc"]
    emit(rows, fmt, "events", columns, limit=limit, total=total)


@app.command("timeline")
@reports_errors
def timeline_cli(
    db: DbOption = DEFAULT_DB,
    entity: Annotated[str | None, typer.Option("--entity", "-e", help="Entity name.")] = None,
    limit: LimitOption = DEFAULT_LIMIT,
    fmt: FormatOption = Format.table,
) -> None:
    """Dated events and claims in order.

    Example: newsledger timeline --entity OpenAI
    """
    from newsledger.report import timeline_rows

    with open_ledger(db) as ledger:
        rows = timeline_rows(ledger.store, entity)
        short = short_ids(ledger)
    if fmt is Format.table:
        # Three columns, so that it reads at 80 columns; --format json has all.
        rows = [
            {
                "date": r["date"],
                "what": r["label"],
                "sources": [short.get(d, d) for d in r["sources"]],
            }
            for r in rows
        ]
    emit(rows, fmt, "timeline", limit=limit)


def _list_groups(db: Path, kind: str, limit: int, fmt: Format) -> None:
    """List stories or threads: one row each, with a short id."""
    with open_ledger(db) as ledger:
        if kind == "stories":
            total, page = ledger.store.stories_page(limit=limit or None)
            groups = [story_json(s) for s in page]
        else:
            groups = list(ledger.store.get_state("threads", []) or [])
            total = len(groups)
    tag = "story:" if kind == "stories" else "thread:"
    ids = shortener((g["id"] for g in groups), tag=tag)
    rows = [
        {
            "id": ids[g["id"]],
            "label": g["label"],
            **({"stories": len(g["stories"])} if "stories" in g else {}),
            "documents": len(g["docs"]),
            "entities": g["entities"][:5],
            "dates": f"{g['first_date'] or ''} … {g['last_date'] or ''}",
        }
        for g in groups
    ]
    emit(
        groups if fmt in (Format.json, Format.jsonl) else rows, fmt, kind, limit=limit, total=total
    )


@app.command("stories")
@reports_errors
def stories_cli(
    db: DbOption = DEFAULT_DB, limit: LimitOption = DEFAULT_LIMIT, fmt: FormatOption = Format.table
) -> None:
    """Stories: documents grouped across outlets and languages.

    Example: newsledger stories
    """
    _list_groups(db, "stories", limit, fmt)


@app.command("threads")
@reports_errors
def threads_cli(
    db: DbOption = DEFAULT_DB, limit: LimitOption = DEFAULT_LIMIT, fmt: FormatOption = Format.table
) -> None:
    """Threads: longer topics (a feud, a takeover battle) that several stories belong to.

    Example: newsledger threads
    """
    _list_groups(db, "threads", limit, fmt)


@app.command("story")
@reports_errors
def story_cli(
    story_id: Annotated[
        str,
        typer.Argument(
            help="Story or thread id, or a unique prefix of it, with or without 'story:'."
        ),
    ],
    db: DbOption = DEFAULT_DB,
    limit: LimitOption = DEFAULT_LIMIT,
    fmt: FormatOption = Format.table,
    why: Annotated[
        bool, typer.Option("--why", help="Say per pair of documents why they were joined.")
    ] = False,
) -> None:
    """One story (or thread): its documents, and with --why the evidence per pair.

    Example: newsledger story 59c5c875 --why
    """
    with open_ledger(db) as ledger:
        export = ledger.export()
        if story_id.startswith("thread:"):
            groups, kind, listing = export["threads"], "thread", "newsledger threads"
        else:
            groups, kind, listing = export["stories"], "story", "newsledger stories"
        wanted = find_id(story_id, (s["id"] for s in groups), kind, listing)
        story = next(s for s in groups if s["id"] == wanted)
        pairs = ledger.story_why(story["docs"]) if why else []
    docs = {d["id"]: d for d in export["documents"]}
    if why:
        titles = {i: (d.get("title") or d.get("source") or i) for i, d in docs.items()}
        rows = [
            {
                "first": titles.get(p.first, p.first),
                "second": titles.get(p.second, p.second),
                "similarity": round(p.similarity, 3),
                "linked": p.linked,
                "families": {name: round(value, 3) for name, value in p.families},
                "shared": [name for name, _ in p.shared[:8]],
                "days_apart": p.days_apart,
            }
            for p in pairs
        ]
        emit(rows, fmt, f"why: {story['label']}", limit=limit)
        return
    if fmt is Format.table:
        console.print(
            Text.assemble((story["label"], "bold"), f"  entities: {', '.join(story['entities'])}"),
            highlight=False,
        )
    members = [docs[d] for d in story["docs"] if d in docs]
    if fmt is Format.table:
        members = shorten(members, shortener(docs), "id")
    emit(
        members,
        fmt,
        "documents",
        ["id", "title", "language", "published", "source"],
        limit=limit,
    )
