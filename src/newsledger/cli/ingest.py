"""Commands that fill the ledger: ingest, load, query, resolve."""

from __future__ import annotations

import os
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.text import Text

from newsledger.cli.common import (
    DEFAULT_DB,
    ConfigOption,
    DbOption,
    Format,
    FormatOption,
    KbOption,
    app,
    console,
    emit,
    err_console,
    load_settings,
    open_ledger,
    reports_errors,
)
from newsledger.ledger import IngestProgress, Ledger

if TYPE_CHECKING:
    from newsledger.resolve.incremental import ResolveProgress

# -- ingest and resolve -------------------------------------------------------


# Unsupported files named one by one after an ingest; a folder of images
# would otherwise bury the summary.
SKIPPED_SHOWN = 10


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
    """Ingest .txt, .md, .html, RSS/Atom and .jsonl files, recursively, on every core.

    Other files in the folders given are skipped, named and counted.

    With --engine ray the per-document stages run on Ray and write Parquet to
    --out; bring that into a ledger with 'newsledger load'.

    Example: newsledger ingest articles/ feeds/tech.xml --db news.db --workers 4
    """
    workers = workers or (1 if _small_input(paths) else os.cpu_count() or 1)
    settings = load_settings(
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
        try:
            result = ledger.ingest(
                paths,
                progress=bar.update,
                count_files=bar.active,
                resolve_progress=bar.update_resolve,
            )
        except KeyboardInterrupt:
            bar.stop()
            _interrupted(db, ledger, bar.resolving)
    for failure in result.failures:
        err_console.print(
            Text.assemble(("skipped", "yellow"), f" {failure.path}: {failure.reason}"),
            highlight=False,
        )
    for skipped in result.skipped[:SKIPPED_SHOWN]:
        err_console.print(
            Text.assemble(("skipped", "yellow"), f" {skipped.path}: {skipped.reason}"),
            highlight=False,
        )
    if len(result.skipped) > SKIPPED_SHOWN:
        err_console.print(
            f"… and {len(result.skipped) - SKIPPED_SHOWN} more unsupported file(s)",
            highlight=False,
        )
    console.print(result.summary_line(), highlight=False)
    if result.ingested == 0 and result.rejected > 0:
        raise typer.Exit(1)


def _no_resolve() -> ResolveProgress:
    from newsledger.resolve.incremental import ResolveProgress

    return ResolveProgress(total=0)


def _interrupted(db: Path, ledger: Ledger, resolving: ResolveProgress | None) -> None:
    """Say what a Ctrl-C kept, and how to go on; exit 130 (interrupted)."""
    pending = ledger.store.count_pending()
    if resolving is not None:
        err_console.print(
            f"interrupted while resolving ({resolving.phase}): {resolving.done:,} of "
            f"{resolving.total:,} documents resolved and kept; {pending:,} wait. "
            f"Run 'newsledger resolve --db {db}' to resume where it stopped.",
            highlight=False,
        )
    else:
        err_console.print(
            f"interrupted: {ledger.store.count('documents'):,} documents are stored "
            f"({pending:,} not yet resolved). Run the same command again to resume: "
            "files already read are skipped.",
            highlight=False,
        )
    raise typer.Exit(130)


class _progress:
    """A Rich progress display fed by the ingest and resolve callbacks.

    Ingest shows files, rate and ETA; resolve its phase, the documents
    resolved of those pending and how many keys the phase handles.
    """

    def __init__(self, quiet: bool) -> None:
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        # The last report of resolve, if it started: what a Ctrl-C kept.
        self.resolving: ResolveProgress | None = None
        if not quiet and err_console.is_terminal:
            self.bar = Progress(
                TextColumn("{task.description}"),
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
            self.task = self.bar.add_task("ingesting", total=None, line="")
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

    def update_resolve(self, state: ResolveProgress) -> None:
        self.resolving = state
        if self.bar is None or self.task is None:
            return
        self.bar.update(
            self.task,
            description="resolving",
            total=max(state.total, 1),
            completed=state.done,
            line=state.line(),
        )

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# Input up to this size is read in this process rather than by workers: a
# worker process starts by importing the pipeline and loading its models
# (about 3 s each, measured with benchmarks/incremental.py), which is more
# than extracting 200 articles of about 2.5 KB (35 ms each) here.
SMALL_INPUT_BYTES = 512 * 1024


def _small_input(paths: Sequence[Path]) -> bool:
    """Whether the files under ``paths`` add up to SMALL_INPUT_BYTES or less."""
    total = 0
    for path in paths:
        found = [path] if not path.is_dir() else (p for p in path.rglob("*") if p.is_file())
        for file in found:
            try:
                total += file.stat().st_size
            except OSError:
                continue  # reported by the ingest itself
            if total > SMALL_INPUT_BYTES:
                return False
    return True


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

    settings = load_settings(db, config, kb, resolve=not no_resolve)
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
def resolve_cli(
    db: DbOption = DEFAULT_DB,
    kb: KbOption = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full", help="Rebuild from every document, not only those not yet resolved."
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")] = False,
) -> None:
    """Run the cross-document stages (duplicates, entities, conflicts, stories).

    Only documents not yet resolved are handled, unless --full.  Stopped
    (Ctrl-C), it keeps what it finished; run it again to resume.

    Example: newsledger resolve --db news.db
    """
    with open_ledger(db, kb=kb) as ledger, _progress(quiet) as bar:
        try:
            state = ledger.resolve(full=full, progress=bar.update_resolve)
        except KeyboardInterrupt:
            bar.stop()
            _interrupted(db, ledger, bar.resolving or _no_resolve())
    what = "rebuilt from" if state.full else "resolved"
    console.print(f"{what} {state.done:,} document(s)", highlight=False)
