"""Evaluation, the knowledge base and the server."""

from __future__ import annotations

import json
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from newsledger.cli.common import (
    DEFAULT_DB,
    DbOption,
    KbOption,
    app,
    console,
    err_console,
    kb_app,
    load_settings,
    reports_errors,
)
from newsledger.errors import NewsledgerError
from newsledger.ledger import Ledger

# -- evaluation and knowledge base ------------------------------------------------


class EvalFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("eval")
@reports_errors
def eval_cli(
    corpus: Annotated[Path, typer.Argument(help="Folder of articles the gold describes.")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold JSON (gold/FORMAT.md).")],
    kb: KbOption = None,
    fmt: Annotated[
        EvalFormat, typer.Option("--format", "-f", help="Output format.")
    ] = EvalFormat.table,
    as_json: Annotated[
        bool, typer.Option("--json", hidden=True, help="Deprecated: use --format json.")
    ] = False,
    ledger_db: Annotated[
        Path | None,
        typer.Option(
            "--ledger",
            help="Score this ledger (the corpus is ingested into it first), with the "
            "readers' conflict marks it keeps, instead of a fresh one.",
        ),
    ] = None,
    why: Annotated[
        bool,
        typer.Option(
            "--why",
            help="Also list, per document, wrong or missing figure subjects and "
            "false or missed events, with a first guess at the cause.",
        ),
    ] = False,
) -> None:
    """Score the pipeline on a corpus against a gold file.

    Example: newsledger eval --gold ../shared/gold/seeds.json ../shared/corpus/seeds
    """
    from newsledger.evaluate import load_gold, score, scores_json, scores_table

    gold_data = load_gold(str(gold))
    if not corpus.is_dir():
        raise NewsledgerError(f"{corpus}: not a folder of articles")
    with tempfile.TemporaryDirectory(prefix="newsledger-eval-") as tmp:
        db = ledger_db or Path(tmp) / "eval.db"
        with Ledger(db, load_settings(db, kb=kb)) as ledger:
            ledger.ingest([corpus])
            export = ledger.export()
    scores = score(export, gold_data)
    if as_json or fmt is EvalFormat.json:
        sys.stdout.write(json.dumps(scores_json(scores), indent=2) + "\n")
    else:
        console.print(scores_table(scores))
    if why:
        from newsledger.evaluate.diagnose import diagnose, diagnosis_lines

        for line in diagnosis_lines(diagnose(export, gold_data)):
            sys.stderr.write(line + "\n")


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
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            help="Server processes answering side by side over the same ledger.",
        ),
    ] = 1,
    header_timeout: Annotated[
        float,
        typer.Option(min=0.1, help="Seconds a request's headers may take to arrive."),
    ] = 10.0,
    body_timeout: Annotated[
        float,
        typer.Option(min=0.1, help="Seconds a request body may stall before 408."),
    ] = 30.0,
    keep_alive: Annotated[
        int, typer.Option(min=1, help="Seconds an idle keep-alive connection stays open.")
    ] = 5,
    max_connections: Annotated[
        int, typer.Option(min=1, help="Open connections per worker before new ones get 503.")
    ] = 512,
) -> None:
    """Serve the HTTP API (/api, schema at /openapi.json) and the web UI.

    Example: newsledger serve --db news.db --port 8000 --token s3cret --workers 2
    """
    from newsledger.serve import ServeLimits, serve

    if not db.exists():
        err_console.print(f"{db}: no ledger yet; starting with an empty one", highlight=False)
    err_console.print(
        f"serving {db} on http://{host}:{port}/ "
        + ("(writes need the token)" if token else "(read-only: no --token)"),
        highlight=False,
    )
    limits = ServeLimits(
        header_timeout=header_timeout,
        keep_alive=keep_alive,
        body_timeout=body_timeout,
        max_connections=max_connections,
    )
    serve(
        str(db),
        host=host,
        port=port,
        token=token,
        read_token=read_token,
        workers=workers,
        limits=limits,
    )
