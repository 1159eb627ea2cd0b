"""Commands that read the whole ledger: report, show, search, export."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from newsledger.cli.common import (
    DEFAULT_DB,
    DEFAULT_LIMIT,
    DbOption,
    ExportFormat,
    Format,
    FormatOption,
    LimitOption,
    app,
    console,
    emit,
    open_ledger,
    reports_errors,
)
from newsledger.errors import NewsledgerError

# What `search --limit 0` asks the store for: more hits than any ledger has.
SEARCH_ALL = 10_000_000

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

    with open_ledger(db) as ledger:
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

    with open_ledger(db) as ledger:
        document = ledger.store.document(doc)
        if document is None:
            raise NewsledgerError(f"no document {doc!r}; list them with 'newsledger report'")
        print_document(ledger.store, document, console, show_boilerplate=boilerplate)


@app.command("search")
@reports_errors
def search_cli(
    query: Annotated[str, typer.Argument(help="Words or an FTS5 query.")],
    db: DbOption = DEFAULT_DB,
    limit: LimitOption = DEFAULT_LIMIT,
    fmt: FormatOption = Format.table,
) -> None:
    """Full-text search over document titles and text.

    Example: newsledger search "Colossus GPU"
    """
    with open_ledger(db) as ledger:
        hits = ledger.store.search(query, limit or SEARCH_ALL)
    emit([{"doc": d, "title": t, "snippet": s} for d, t, s in hits], fmt, "results")


@app.command("export")
@reports_errors
def export_cli(
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExportFormat.json,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="File (default stdout).")] = None,
) -> None:
    """Write the whole ledger as JSON, JSON lines or CSV (docs/export-format.md).

    Example: newsledger export --format json --out ledger.json
    """
    from newsledger.export import to_csv, to_jsonl

    with open_ledger(db) as ledger:
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
