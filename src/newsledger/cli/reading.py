"""Commands that read the whole ledger: report, show, search, export."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
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
    short_ids,
    shorten,
)
from newsledger.display import plural, shortener
from newsledger.errors import NewsledgerError
from newsledger.model import Document, outlet_of
from newsledger.store import Store

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


def find_document(store: Store, ref: str) -> Document | None:
    """A document by id, id prefix or source path, the path as stored or not.

    A file ingested as ``articles/a.txt`` is found as ``/home/me/articles/a.txt``
    and the other way round (the store matches a path's ending).
    """
    found = store.document(ref)
    if found is not None or ("/" not in ref and os.sep not in ref):
        return found
    path = Path(os.path.normpath(ref))
    candidates = [str(path), str(path.resolve())] if not path.is_absolute() else []
    if path.is_absolute():
        # Stored relative: try the path's endings, longest first, and keep one
        # that the given path really ends with.
        parts = path.parts[1:]
        candidates += [str(Path(*parts[i:])) for i in range(len(parts))]
    for candidate in candidates:
        found = store.document(candidate)
        if found is not None and (
            not path.is_absolute() or str(path).endswith(os.sep + os.path.normpath(found.source))
        ):
            return found
    return None


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
        document = find_document(ledger.store, doc)
        if document is None:
            raise NewsledgerError(
                f"no document {doc!r}; list them with ids with 'newsledger documents'"
            )
        print_document(ledger.store, document, console, show_boilerplate=boilerplate)


class DocumentOrder(StrEnum):
    ingested = "ingested"
    published = "published"
    by_title = "title"


@app.command("documents")
@reports_errors
def documents_cli(
    db: DbOption = DEFAULT_DB,
    language: Annotated[
        str | None, typer.Option("--language", "-l", help="Only this language (en, de, …).")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Only sources (paths, URLs) containing this.")
    ] = None,
    sort: Annotated[
        DocumentOrder, typer.Option("--sort", help="Order: as ingested, newest first, by title.")
    ] = DocumentOrder.ingested,
    limit: LimitOption = DEFAULT_LIMIT,
    fmt: FormatOption = Format.table,
) -> None:
    """Documents with their ids, for 'show', 'story' and the API.

    Example: newsledger documents --language de --sort published --limit 20
    """
    with open_ledger(db) as ledger:
        documents = ledger.store.documents(language=language, source=source)
        copy_of = ledger.store.duplicates()
    if sort is DocumentOrder.published:
        # Newest first; undated documents last, in ingest order.
        dated = sorted((d for d in documents if d.published), key=lambda d: d.published or "")
        documents = dated[::-1] + [d for d in documents if not d.published]
    elif sort is DocumentOrder.by_title:
        documents = sorted(documents, key=lambda d: (d.title or d.source).casefold())
    rows = [
        {
            "id": d.id,
            "title": d.title,
            "language": d.language,
            "published": d.published,
            "outlet": outlet_of(d.site, d.source),
            "source": d.source,
            "url": d.url,
            "author": d.author,
            "duplicate_of": copy_of.get(d.id),
        }
        for d in documents
    ]
    if fmt is Format.table:
        rows = shorten(rows, shortener(d.id for d in documents), "id")
        columns: list[str] | None = ["id", "title", "language", "published", "source"]
    else:
        columns = None
    emit(rows, fmt, "documents", columns, limit=limit)


@app.command("search")
@reports_errors
def search_cli(
    query: Annotated[
        str, typer.Argument(help='Words (all must match), "a phrase", OR, -word, prefix*.')
    ],
    db: DbOption = DEFAULT_DB,
    limit: LimitOption = DEFAULT_LIMIT,
    fmt: FormatOption = Format.table,
) -> None:
    """Full-text search over document titles and text, with stemming.

    Each word is matched in any form its language makes of it (GPU finds GPUs,
    Fabrik finds Fabriken).

    Example: newsledger search "Colossus GPU"
    """
    with open_ledger(db) as ledger:
        hits = ledger.store.search(query, limit or SEARCH_ALL)
        short = short_ids(ledger) if fmt is Format.table else {}
    emit([{"doc": short.get(d, d), "title": t, "snippet": s} for d, t, s in hits], fmt, "results")


@app.command("export")
@reports_errors
def export_cli(
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExportFormat.json,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="File (default stdout); for CSV a folder or a .zip file."),
    ] = None,
) -> None:
    """Write the whole ledger as JSON, JSON lines or CSV (docs/export-format.md).

    CSV is one file per table (documents.csv, figures.csv, …) in the folder
    --out, or in a zip file when --out ends in .zip.

    Example: newsledger export --format csv --out ledger-csv/
    """
    from newsledger.export import to_jsonl, write_csv

    if fmt is ExportFormat.csv and out is None:
        raise typer.BadParameter(
            "CSV is one file per table: give --out FOLDER or --out FILE.zip", param_hint="--out"
        )
    with open_ledger(db) as ledger:
        data = ledger.export()
    if fmt is ExportFormat.csv:
        assert out is not None
        written = write_csv(data, out)
        console.print(f"wrote {plural(len(written), 'file')} to {out}", highlight=False)
        return
    if fmt is ExportFormat.json:
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    else:
        text = "".join(line + "\n" for line in to_jsonl(data))
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"wrote {out}", highlight=False)
