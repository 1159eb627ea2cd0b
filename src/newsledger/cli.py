"""The command line: a thin Typer shell over the library.

Every command parses its options, calls one library function and prints the
result.  Errors from the library become one line on stderr and exit code 1;
usage errors exit with 2.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsledger.errors import NewsledgerError
from newsledger.ledger import IngestProgress, Ledger
from newsledger.settings import Settings

app = typer.Typer(
    name="newsledger",
    help="Turn news articles into a sourced ledger of entities, figures, quotes, "
    "events, stories and conflicts.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
kb_app = typer.Typer(help="Work with knowledge-base files.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")

console = Console()
err_console = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


# Options shared by every command, defined once.
DbOption = Annotated[
    Path, typer.Option("--db", help="Ledger database file.", envvar="NEWSLEDGER_DB")
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
LimitOption = Annotated[int, typer.Option("--limit", "-n", help="Show at most this many rows.")]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Settings file (TOML, [newsledger] table).")
]
KbOption = Annotated[
    list[Path] | None,
    typer.Option("--kb", help="Extra knowledge-base file (YAML or JSONL); repeatable."),
]

DEFAULT_DB = Path("newsledger.db")


def reports_errors(func: F) -> F:
    """Turn library errors into one line on stderr and exit code 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NewsledgerError as error:
            err_console.print(f"[red]error:[/red] {error}", highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _settings(
    db: Path, config: Path | None = None, kb: list[Path] | None = None, **flags: Any
) -> Settings:
    return Settings.load(
        config, db=str(db), kb_files=tuple(str(p) for p in kb) if kb else None, **flags
    )


def _open(db: Path, must_exist: bool = True, **settings: Any) -> Ledger:
    is_url = str(db).startswith(("postgresql:", "postgres:"))
    if must_exist and not is_url and not db.exists():
        raise NewsledgerError(f"{db}: no ledger here; create one with 'newsledger ingest PATH'")
    return Ledger(db, _settings(db, **settings))


def emit(
    rows: Sequence[dict[str, Any]], fmt: Format, title: str, columns: Sequence[str] | None = None
) -> None:
    """Print records as a table, JSON, JSON lines or CSV."""
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt is Format.json:
        sys.stdout.write(json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n")
    elif fmt is Format.jsonl:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt is Format.csv:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in columns})
        sys.stdout.write(out.getvalue())
    else:
        table = Table(title=f"{title} ({len(rows)})", title_justify="left")
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(_cell(row.get(c)) for c in columns))
        console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:,.6g}"
    return str(value)


# -- ingest and resolve -------------------------------------------------------


class Engine(StrEnum):
    local = "local"
    ray = "ray"


# Where `ingest --engine ray` writes Parquet, and where `query` reads it.
DEFAULT_PARQUET = Path("newsledger-parquet")


@app.command("ingest")
@reports_errors
def ingest_cli(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.")],
    db: DbOption = DEFAULT_DB,
    config: ConfigOption = None,
    kb: KbOption = None,
    max_bytes: Annotated[
        int | None, typer.Option(help="Size cap per file in bytes (default 20 MB).")
    ] = None,
    ner_model: Annotated[
        str | None, typer.Option(help="An installed spaCy pipeline to add NER mentions.")
    ] = None,
    no_resolve: Annotated[
        bool, typer.Option("--no-resolve", help="Skip the cross-document stages.")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            help="Processes for the per-document stages (default: all cores).",
        ),
    ] = None,
    engine: Annotated[
        Engine,
        typer.Option(help="local: this machine, into --db; ray: a Ray cluster, into --out."),
    ] = Engine.local,
    address: Annotated[
        str | None,
        typer.Option(help="Ray cluster to join (default: start a local Ray runtime)."),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the Parquet output of --engine ray.")
    ] = DEFAULT_PARQUET,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")] = False,
) -> None:
    """Ingest .txt, .html, RSS/Atom and .jsonl files, recursively, on every core.

    With --engine ray the per-document stages run on Ray and write Parquet to
    --out; bring that into a ledger with 'newsledger load'.

    Example: newsledger ingest articles/ feeds/tech.xml --db news.db --workers 4
    """
    workers = workers or os.cpu_count() or 1
    settings = _settings(
        db,
        config,
        kb,
        max_bytes=max_bytes,
        ner_model=ner_model,
        resolve=not no_resolve,
        workers=workers,
    )
    if engine is Engine.ray:
        from newsledger.ingest.ray_engine import run_ray

        summary = run_ray(paths, out, settings, address=address, num_cpus=workers)
        console.print(
            f"wrote {summary.documents} document(s) and {summary.failures} failure(s) from "
            f"{summary.files} file(s) to {summary.out}; load them with "
            f"'newsledger load {summary.out} --db {db}'",
            highlight=False,
        )
        return
    with Ledger(db, settings) as ledger, _progress(quiet) as bar:
        result = ledger.ingest(paths, progress=bar.update, count_files=bar.active)
    for failure in result.failures:
        err_console.print(
            f"[yellow]skipped[/yellow] {failure.path}: {failure.reason}", highlight=False
        )
    console.print(result.summary_line(), highlight=False)
    if result.ingested == 0 and result.rejected > 0:
        raise typer.Exit(1)


class _progress:
    """A Rich progress display fed by the ingest callback: files, rate, ETA."""

    def __init__(self, quiet: bool) -> None:
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        if not quiet and err_console.is_terminal:
            self.bar = Progress(
                TextColumn("ingesting"),
                BarColumn(),
                TextColumn("{task.fields[line]}"),
                TimeElapsedColumn(),
                console=err_console,
                transient=True,
            )

    @property
    def active(self) -> bool:
        return self.bar is not None

    def __enter__(self) -> _progress:
        if self.bar is not None:
            self.bar.start()
            self.task = self.bar.add_task("ingest", total=None, line="")
        return self

    def update(self, state: IngestProgress) -> None:
        if self.bar is None or self.task is None:
            return
        self.bar.update(
            self.task,
            total=state.total_files,
            completed=state.files_done,
            line=progress_line(state),
        )

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def progress_line(state: IngestProgress) -> str:
    """Files done (of how many), documents per second, time left, and the counts."""
    files = f"{state.files_done}/{state.total_files}" if state.total_files else str(state.files)
    line = f"{files} files, {state.rate:,.1f} docs/s"
    eta = state.eta
    if eta is not None:
        minutes, seconds = divmod(int(eta), 60)
        hours, minutes = divmod(minutes, 60)
        line += f", ETA {hours}:{minutes:02d}:{seconds:02d}"
    return line + ", " + state.summary_line()


@app.command("load")
@reports_errors
def load_cli(
    parquet_dir: Annotated[Path, typer.Argument(help="Output folder of 'ingest --engine ray'.")],
    db: DbOption = DEFAULT_DB,
    config: ConfigOption = None,
    kb: KbOption = None,
    no_resolve: Annotated[
        bool, typer.Option("--no-resolve", help="Skip the cross-document stages.")
    ] = False,
) -> None:
    """Load the Parquet output of a Ray run into a ledger, then resolve.

    Documents already in the ledger are skipped, so loading twice adds nothing.

    Example: newsledger load newsledger-parquet/ --db news.db
    """
    from newsledger.ingest.ray_engine import load_parquet

    settings = _settings(db, config, kb, resolve=not no_resolve)
    with Ledger(db, settings) as ledger:
        summary = load_parquet(parquet_dir, ledger)
        if settings.resolve:
            ledger.resolve()
    console.print(summary.summary_line(), highlight=False)


@app.command("query")
@reports_errors
def query_cli(
    sql: Annotated[str, typer.Argument(help="DuckDB SQL over the views named after the kinds.")],
    parquet: Annotated[
        Path, typer.Option("--parquet", help="Output folder of 'ingest --engine ray'.")
    ] = DEFAULT_PARQUET,
    fmt: FormatOption = Format.table,
) -> None:
    """Run SQL with DuckDB over a Ray run's Parquet output, without a ledger.

    Views: documents, mentions, figures, claims, quotes, events, failures, sources.

    Example: newsledger query "SELECT name, COUNT(*) n FROM mentions GROUP BY 1 ORDER BY n DESC"
    """
    from newsledger.ingest.ray_engine import query

    names, rows = query(parquet, sql)
    emit(
        [dict(zip(names, map(_plain_value, row), strict=True)) for row in rows], fmt, "query", names
    )


def _plain_value(value: Any) -> Any:
    # DuckDB hands back dates, decimals and lists; the formats want plain values.
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


@app.command("resolve")
@reports_errors
def resolve_cli(db: DbOption = DEFAULT_DB, kb: KbOption = None) -> None:
    """Re-run the cross-document stages (entities, duplicates, conflicts, stories).

    Example: newsledger resolve --db news.db
    """
    with _open(db, kb=kb) as ledger:
        ledger.resolve()
    console.print("resolved")


# -- reading the ledger ---------------------------------------------------------


@app.command("report")
@reports_errors
def report_cli(
    db: DbOption = DEFAULT_DB,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Markdown file to write; JSON and SVG go beside it.")
    ] = Path("report.md"),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not print the report.")] = False,
) -> None:
    """Print the ledger's report and write it as Markdown and JSON.

    Example: newsledger report --db news.db --out reports/report.md
    """
    from newsledger.report import build_report, print_report, timeline_chart, write_report

    with _open(db) as ledger:
        report = build_report(ledger.store)
        chart = timeline_chart(ledger.store)
    written = write_report(report, out, chart)
    if not quiet:
        print_report(report, console)
    console.print("wrote " + ", ".join(str(p) for p in written), highlight=False)


@app.command("show")
@reports_errors
def show_cli(
    doc: Annotated[str, typer.Argument(help="Document id, id prefix or source path.")],
    db: DbOption = DEFAULT_DB,
    boilerplate: Annotated[
        bool, typer.Option("--boilerplate", help="Also list removed boilerplate lines.")
    ] = False,
) -> None:
    """Print one document with what was extracted from it.

    Example: newsledger show 3f2a9c --boilerplate
    """
    from newsledger.report import print_document

    with _open(db) as ledger:
        document = ledger.store.document(doc)
        if document is None:
            raise NewsledgerError(f"no document {doc!r}; list them with 'newsledger report'")
        print_document(ledger.store, document, console, show_boilerplate=boilerplate)


@app.command("search")
@reports_errors
def search_cli(
    query: Annotated[str, typer.Argument(help="Words or an FTS5 query.")],
    db: DbOption = DEFAULT_DB,
    limit: LimitOption = 20,
    fmt: FormatOption = Format.table,
) -> None:
    """Full-text search over document titles and text.

    Example: newsledger search "Colossus GPU"
    """
    with _open(db) as ledger:
        hits = ledger.store.search(query, limit)
    emit([{"doc": d, "title": t, "snippet": s} for d, t, s in hits], fmt, "results")


@app.command("export")
@reports_errors
def export_cli(
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.json,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="File (default stdout).")] = None,
) -> None:
    """Write the whole ledger as JSON, JSON lines or CSV (docs/export-format.md).

    Example: newsledger export --format json --out ledger.json
    """
    from newsledger.export import to_csv, to_jsonl

    with _open(db) as ledger:
        data = ledger.export()
    if fmt is ExportFormat.json:
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    elif fmt is ExportFormat.jsonl:
        text = "".join(line + "\n" for line in to_jsonl(data))
    else:
        text = to_csv(data)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"wrote {out}", highlight=False)


@app.command("entities")
@reports_errors
def entities_cli(
    db: DbOption = DEFAULT_DB,
    type: Annotated[str | None, typer.Option("--type", "-t", help="PERSON, ORG, …")] = None,
    limit: LimitOption = 50,
    fmt: FormatOption = Format.table,
) -> None:
    """Entities with their mention and document counts.

    Example: newsledger entities --type PERSON
    """
    with _open(db) as ledger:
        rows = [
            {"id": e.id, "name": e.name, "type": e.type, "mentions": m, "documents": d}
            for e, m, d in ledger.store.entities(type=type.upper() if type else None)[:limit]
        ]
    emit(rows, fmt, "entities")


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

    with _open(db) as ledger:
        entity = ledger.store.entity(name)
        if entity is None:
            raise NewsledgerError(f"no entity {name!r}; list them with 'newsledger entities'")
        profile = entity_profile(ledger.store, entity)
    if fmt is Format.table:
        console.print(f"[bold]{entity.name}[/bold] ({entity.type}) {entity.id}")
        for key in ("aliases", "roles"):
            console.print(f"{key}: {', '.join(profile[key]) or '-'}", highlight=False)
        emit(profile["documents"], Format.table, "documents")
    else:
        emit([profile], fmt, "entity")


@app.command("figures")
@reports_errors
def figures_cli(
    db: DbOption = DEFAULT_DB,
    subject: Annotated[str | None, typer.Option("--subject", "-s", help="Entity name.")] = None,
    limit: LimitOption = 100,
    fmt: FormatOption = Format.table,
) -> None:
    """Figures with their subject and attribute.

    Example: newsledger figures --subject xAI
    """
    with _open(db) as ledger:
        rows = ledger.export()["figures"]
    if subject:
        wanted = subject.casefold()
        rows = [r for r in rows if (r["subject"] or "").casefold() == wanted]
    columns = ["subject", "attribute", "text", "value", "value_max", "unit", "qualifier", "doc"]
    emit(rows[:limit], fmt, "figures", columns)


@app.command("conflicts")
@reports_errors
def conflicts_cli(db: DbOption = DEFAULT_DB, fmt: FormatOption = Format.table) -> None:
    """Claims that disagree between (or within) sources.

    Example: newsledger conflicts --format json
    """
    with _open(db) as ledger:
        conflicts = ledger.export()["conflicts"]
    rows = [
        {
            "subject": c["subject"],
            "attribute": c["attribute"],
            "claims": [f"{cl['text']} ({cl['doc'][:8]})" for cl in c["claims"]],
            "ratio": c["ratio"],
            "reason": c["reason"],
        }
        for c in conflicts
    ]
    emit(conflicts if fmt in (Format.json, Format.jsonl) else rows, fmt, "conflicts")


@app.command("quotes")
@reports_errors
def quotes_cli(
    db: DbOption = DEFAULT_DB,
    speaker: Annotated[str | None, typer.Option("--speaker", "-s", help="Speaker name.")] = None,
    limit: LimitOption = 100,
    fmt: FormatOption = Format.table,
) -> None:
    """Quotes with their speakers.

    Example: newsledger quotes --speaker "Elon Musk"
    """
    with _open(db) as ledger:
        rows = ledger.export()["quotes"]
    if speaker:
        rows = [r for r in rows if (r["speaker"] or "").casefold() == speaker.casefold()]
    emit(rows[:limit], fmt, "quotes", ["speaker", "text", "kind", "medium", "doc"])


@app.command("events")
@reports_errors
def events_cli(
    db: DbOption = DEFAULT_DB,
    type: Annotated[str | None, typer.Option("--type", "-t", help="Event type.")] = None,
    limit: LimitOption = 100,
    fmt: FormatOption = Format.table,
) -> None:
    """Events: who did what to whom, and when.

    Example: newsledger events --type lawsuit
    """
    with _open(db) as ledger:
        rows = ledger.export()["events"]
    if type:
        rows = [r for r in rows if r["type"] == type]
    emit(rows[:limit], fmt, "events", ["date", "type", "actors", "targets", "text", "doc"])


@app.command("timeline")
@reports_errors
def timeline_cli(
    db: DbOption = DEFAULT_DB,
    entity: Annotated[str | None, typer.Option("--entity", "-e", help="Entity name.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Dated events and claims in order.

    Example: newsledger timeline --entity OpenAI
    """
    from newsledger.report import timeline_rows

    with _open(db) as ledger:
        rows = timeline_rows(ledger.store, entity)
    emit(rows, fmt, "timeline")


@app.command("stories")
@reports_errors
def stories_cli(db: DbOption = DEFAULT_DB, fmt: FormatOption = Format.table) -> None:
    """Stories: documents grouped across outlets and languages.

    Example: newsledger stories
    """
    with _open(db) as ledger:
        stories = ledger.export()["stories"]
    rows = [
        {
            "id": s["id"],
            "label": s["label"],
            "documents": len(s["docs"]),
            "entities": s["entities"][:5],
            "dates": f"{s['first_date'] or ''} … {s['last_date'] or ''}",
        }
        for s in stories
    ]
    emit(stories if fmt in (Format.json, Format.jsonl) else rows, fmt, "stories")


@app.command("threads")
@reports_errors
def threads_cli(db: DbOption = DEFAULT_DB, fmt: FormatOption = Format.table) -> None:
    """Threads: longer topics (a feud, a takeover battle) that several stories belong to.

    Example: newsledger threads
    """
    with _open(db) as ledger:
        threads = ledger.export()["threads"]
    rows = [
        {
            "id": t["id"],
            "label": t["label"],
            "stories": len(t["stories"]),
            "documents": len(t["docs"]),
            "entities": t["entities"][:5],
            "dates": f"{t['first_date'] or ''} … {t['last_date'] or ''}",
        }
        for t in threads
    ]
    emit(threads if fmt in (Format.json, Format.jsonl) else rows, fmt, "threads")


@app.command("story")
@reports_errors
def story_cli(
    story_id: Annotated[str, typer.Argument(help="Story or thread id.")],
    db: DbOption = DEFAULT_DB,
    fmt: FormatOption = Format.table,
    why: Annotated[
        bool, typer.Option("--why", help="Say per pair of documents why they were joined.")
    ] = False,
) -> None:
    """One story (or thread): its documents, and with --why the evidence per pair.

    Example: newsledger story story:1a2b3c --why
    """
    with _open(db) as ledger:
        export = ledger.export()
        groups = export["stories"] + export["threads"]
        story = next((s for s in groups if s["id"] == story_id), None)
        if story is None:
            raise NewsledgerError(
                f"no story {story_id!r}; "
                "list them with 'newsledger stories' or 'newsledger threads'"
            )
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
        emit(rows, fmt, f"why: {story['label']}")
        return
    if fmt is Format.table:
        console.print(f"[bold]{story['label']}[/bold]  entities: {', '.join(story['entities'])}")
    emit(
        [docs[d] for d in story["docs"] if d in docs],
        fmt,
        "documents",
        ["id", "title", "language", "published", "source"],
    )


# -- evaluation and knowledge base ------------------------------------------------


@app.command("eval")
@reports_errors
def eval_cli(
    corpus: Annotated[Path, typer.Argument(help="Folder of articles the gold describes.")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold JSON (gold/FORMAT.md).")],
    kb: KbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print scores as JSON.")] = False,
) -> None:
    """Score the pipeline on a corpus against a gold file.

    Example: newsledger eval --gold ../shared/gold/seeds.json ../shared/corpus/seeds
    """
    from newsledger.evaluate import load_gold, score, scores_json, scores_table

    gold_data = load_gold(str(gold))
    if not corpus.is_dir():
        raise NewsledgerError(f"{corpus}: not a folder of articles")
    with tempfile.TemporaryDirectory(prefix="newsledger-eval-") as tmp:
        db = Path(tmp) / "eval.db"
        with Ledger(db, _settings(db, kb=kb)) as ledger:
            ledger.ingest([corpus])
            export = ledger.export()
    scores = score(export, gold_data)
    if as_json:
        sys.stdout.write(json.dumps(scores_json(scores), indent=2) + "\n")
    else:
        console.print(scores_table(scores))


@kb_app.command("import")
@reports_errors
def kb_import_cli(
    dump: Annotated[Path, typer.Argument(help="Wikidata JSON dump (.json.gz).")],
    out: Annotated[Path, typer.Argument(help="KB file to write (.jsonl).")],
) -> None:
    """Stream a Wikidata JSON dump into a knowledge-base file.

    Example: newsledger kb import latest-all.json.gz my-kb.jsonl
    """
    from newsledger.kb import import_wikidata_dump

    count = import_wikidata_dump(str(dump), str(out))
    console.print(f"wrote {count} entities to {out}", highlight=False)


@app.command("serve")
@reports_errors
def serve_cli(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(help="Token that POST /api/documents needs.", envvar="NEWSLEDGER_TOKEN"),
    ] = None,
    read_token: Annotated[
        str | None,
        typer.Option(
            help="Token that reads need (default: reads are open).", envvar="NEWSLEDGER_READ_TOKEN"
        ),
    ] = None,
) -> None:
    """Serve the HTTP API (/api, schema at /openapi.json) and the web UI.

    Example: newsledger serve --db news.db --port 8000 --token s3cret
    """
    from newsledger.serve import serve

    if not db.exists():
        err_console.print(f"{db}: no ledger yet; starting with an empty one", highlight=False)
    err_console.print(
        f"serving {db} on http://{host}:{port}/ "
        + ("(writes need the token)" if token else "(read-only: no --token)"),
        highlight=False,
    )
    serve(str(db), host=host, port=port, token=token, read_token=read_token)


def main() -> None:
    """Entry point of the ``newsledger`` command."""
    app()
