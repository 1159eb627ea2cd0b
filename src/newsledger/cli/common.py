"""What every command shares: the app, the consoles, the options, the output formats."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsledger import __version__
from newsledger.display import shortener
from newsledger.errors import NewsledgerError
from newsledger.ledger import Ledger
from newsledger.settings import Settings

# Article text is never markup: "[sic]" or "[/x]" in a quote must print as
# written, so markup is off and styles come from Text objects.
console = Console(markup=False)
err_console = Console(stderr=True, markup=False)

app = typer.Typer(
    name="newsledger",
    help="Turn news articles into a sourced ledger of entities, figures, quotes, "
    "events, stories and conflicts.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        console.print(f"newsledger {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Options before any command; the app's help= is what --help shows."""


kb_app = typer.Typer(help="Work with knowledge-base files.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")


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
LimitOption = Annotated[
    int, typer.Option("--limit", "-n", min=0, help="Show at most this many rows (0: all).")
]
# The one default of --limit, for every command that lists records.
DEFAULT_LIMIT = 50
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
            err_console.print(Text.assemble(("error:", "red"), f" {error}"), highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def load_settings(
    db: Path, config: Path | None = None, kb: list[Path] | None = None, **flags: Any
) -> Settings:
    return Settings.load(
        config, db=str(db), kb_files=tuple(str(p) for p in kb) if kb else None, **flags
    )


def open_ledger(db: Path, must_exist: bool = True, **settings: Any) -> Ledger:
    is_url = str(db).startswith(("postgresql:", "postgres:"))
    if must_exist and not is_url and not db.exists():
        raise NewsledgerError(f"{db}: no ledger here; create one with 'newsledger ingest PATH'")
    return Ledger(db, load_settings(db, **settings))


def short_ids(ledger: Ledger) -> dict[str, str]:
    """Each document id of the ledger mapped to its shortest unique prefix, for tables."""
    return shortener(ledger.store.document_ids())


def shorten(
    rows: Sequence[dict[str, Any]], short: dict[str, str], *keys: str
) -> list[dict[str, Any]]:
    """``rows`` with the ids under ``keys`` (or lists of them) shortened."""

    def one(value: Any) -> Any:
        if isinstance(value, list):
            return [short.get(v, v) for v in value]
        return short.get(value, value) if isinstance(value, str) else value

    return [{**row, **{k: one(row.get(k)) for k in keys}} for row in rows]


# The shortest id prefix accepted: shorter ones name most ids of a ledger.
MIN_ID_PREFIX = 4


def find_id(ref: str, ids: Iterable[str], kind: str, listing: str) -> str:
    """The one id that ``ref`` names: the id itself or a unique prefix of it.

    An id tagged with its kind (``story:59c5c8753aa7e07d``) may be given
    without the tag.  No match, or several, is an error naming what to do.
    """
    ids = list(ids)
    if ref in ids:
        return ref
    bare = ref.removeprefix(f"{kind}:")
    matches = (
        [i for i in ids if i.removeprefix(f"{kind}:").startswith(bare)]
        if len(bare) >= MIN_ID_PREFIX
        else []
    )
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NewsledgerError(
            f"no {kind} {ref!r} (give an id or at least {MIN_ID_PREFIX} of its first "
            f"characters); list them with '{listing}'"
        )
    raise NewsledgerError(
        f"{kind} {ref!r} is ambiguous: {len(matches)} ids start so "
        f"({', '.join(matches[:3])}{', …' if len(matches) > 3 else ''}); give more characters"
    )


def emit(
    rows: Sequence[dict[str, Any]],
    fmt: Format,
    title: str,
    columns: Sequence[str] | None = None,
    *,
    limit: int = 0,
    total: int | None = None,
) -> None:
    """Print records (the first ``limit``; 0: all) as a table, JSON, JSON lines or CSV.

    A table's title says how many rows it shows of how many there are
    (``total`` when the rows are already one page of more).
    """
    total = len(rows) if total is None else max(total, len(rows))
    if limit:
        rows = rows[:limit]
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
    elif not rows:
        console.print(f"no {title}", highlight=False)
    else:
        counted = f"{len(rows):,} of {total:,}" if len(rows) < total else f"{total:,}"
        table = Table(title=f"{title} ({counted})", title_justify="left")
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(Text(_cell(row.get(c))) for c in columns))
        console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:,.6g}"
    return str(value)
