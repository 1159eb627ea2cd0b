"""The per-document stages on a Ray cluster, with Parquet as the output.

``run_ray`` walks the inputs on the driver, lets Ray Data read the files and
run the per-document stages (``map_batches`` on a pool of actors, each with
its Pipeline built once), and writes one Parquet dataset per record kind::

    OUT/documents/*.parquet   OUT/mentions/*.parquet   OUT/figures/*.parquet
    OUT/claims/*.parquet      OUT/quotes/*.parquet     OUT/events/*.parquet
    OUT/failures/*.parquet    OUT/sources/*.parquet

Columns are the ledger's (``store.codec``) plus ``file_no``, ``item_no`` and
``record_no``: where the record came from in the input, so that
``load_parquet`` stores documents in the order a local ingest would, and
the ledger ends up the same.  ``query`` runs DuckDB over the output with a
view per kind.  On a real cluster the inputs and OUT must be on storage
every node sees (a shared file system).
"""

from __future__ import annotations

import functools
import json
import pickle
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsledger import model
from newsledger.errors import NewsledgerError
from newsledger.ingest.parallel import process_raw
from newsledger.ingest.sources import SourceFile, read_source, walk
from newsledger.model import Extraction, Failure, RawDocument
from newsledger.pipeline import Pipeline
from newsledger.settings import Settings
from newsledger.store.codec import columns, from_row, to_row

if TYPE_CHECKING:
    import pyarrow as pa

    from newsledger.ledger import Ledger

RECORDS: dict[str, type[Any]] = {
    "documents": model.Document,
    "mentions": model.Mention,
    "figures": model.Figure,
    "claims": model.Claim,
    "quotes": model.Quote,
    "events": model.Event,
    "failures": model.Failure,
}
CHILD_KINDS = ("mentions", "figures", "claims", "quotes", "events")
POSITION = ("file_no", "item_no", "record_no")
# Documents per map_batches call: amortises the Arrow conversion, keeps an
# actor's batch (raw bytes plus extractions) to a few megabytes.
RAY_BATCH_SIZE = 16
# Rows fetched from DuckDB at a time while loading.
_FETCH = 2000
# Ledger state key: the Ray runs loaded so far.
LOADED_RUNS = "parquet_runs_loaded"
_ARROW_TYPES = {"TEXT": "string", "INTEGER": "int64", "REAL": "float64"}


@dataclass(frozen=True)
class RunSummary:
    """What a Ray run wrote."""

    out: Path
    files: int
    documents: int
    failures: int


@dataclass(frozen=True)
class LoadSummary:
    """What ``load_parquet`` brought into a ledger."""

    documents: int
    added: int
    failures: int

    @property
    def duplicates(self) -> int:
        return self.documents - self.added

    def summary_line(self) -> str:
        return (
            f"loaded {self.added} document(s), skipped {self.duplicates} already in the ledger, "
            f"{self.failures} failure(s)"
        )


def arrow_schema(kind: str) -> pa.Schema:
    """The Parquet schema of one record kind."""
    import pyarrow as pa

    fields = [pa.field(c.name, _ARROW_TYPES[c.sql_type]) for c in columns(RECORDS[kind])]
    fields += [pa.field(name, pa.int64()) for name in POSITION]
    return pa.schema(fields)


# -- the Ray side ---------------------------------------------------------------


def _read_file(row: dict[str, Any], max_bytes: int) -> Iterator[dict[str, Any]]:
    # A generator, so that a 10 GB JSONL file streams into blocks.
    source = SourceFile(row["path"], int(row["size"]), int(row["mtime_ns"]))
    for item_no, raw in enumerate(read_source(source, max_bytes), start=1):
        yield {"file_no": row["file_no"], "item_no": item_no, "raw": pickle.dumps(raw)}


class _Extract:
    """A Ray actor's work: its Pipeline, built once, over batches of raw documents."""

    def __init__(self, settings: Settings) -> None:
        self.pipeline = Pipeline(settings)

    def __call__(self, batch: pa.Table) -> pa.Table:
        import pyarrow as pa

        kinds: list[str] = []
        payloads: list[str] = []
        positions: list[tuple[int, int, int]] = []
        for file_no, item_no, blob in zip(
            batch.column("file_no").to_pylist(),
            batch.column("item_no").to_pylist(),
            batch.column("raw").to_pylist(),
            strict=True,
        ):
            item: RawDocument | Failure = pickle.loads(blob)
            result = item if isinstance(item, Failure) else process_raw(self.pipeline, item).result
            for kind, record_no, record in _records(result):
                kinds.append(kind)
                payloads.append(json.dumps(to_row(record), ensure_ascii=False))
                positions.append((file_no, item_no, record_no))
        return pa.table(
            {
                "kind": pa.array(kinds, pa.string()),
                "payload": pa.array(payloads, pa.string()),
                "file_no": pa.array([p[0] for p in positions], pa.int64()),
                "item_no": pa.array([p[1] for p in positions], pa.int64()),
                "record_no": pa.array([p[2] for p in positions], pa.int64()),
            }
        )


def _records(result: Extraction | Failure) -> Iterator[tuple[str, int, Any]]:
    if isinstance(result, Failure):
        yield "failures", 0, result
        return
    yield "documents", 0, result.document
    for kind in CHILD_KINDS:
        for record_no, record in enumerate(getattr(result, kind)):
            yield kind, record_no, record


def _explode(batch: pa.Table, kind: str) -> pa.Table:
    """The rows of one kind, as a table with that kind's own columns."""
    import pyarrow as pa
    import pyarrow.compute as pc

    schema = arrow_schema(kind)
    rows = batch.filter(pc.equal(batch.column("kind"), kind))
    decoded = [json.loads(p) for p in rows.column("payload").to_pylist()]
    data: dict[str, Any] = {}
    for field in schema:
        if field.name in POSITION:
            data[field.name] = rows.column(field.name)
        else:
            data[field.name] = pa.array([d.get(field.name) for d in decoded], field.type)
    return pa.table(data, schema=schema)


def _write_empty(out: Path, kind: str, schema: pa.Schema) -> None:
    # Every kind gets a file, even with no rows, so that readers always find
    # the dataset and its columns.
    import pyarrow.parquet as pq

    folder = out / kind
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(schema.empty_table(), folder / "00000000-empty.parquet")


def run_ray(
    paths: Iterable[str | Path],
    out: str | Path,
    settings: Settings,
    *,
    address: str | None = None,
    num_cpus: int | None = None,
) -> RunSummary:
    """Run the per-document stages over ``paths`` on Ray; write Parquet under ``out``.

    Uses the Ray runtime already initialised in this process if there is
    one; else connects to ``address``, or starts a local one (with
    ``num_cpus`` CPUs) and stops it at the end.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq
    import ray

    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise NewsledgerError(f"{out}: output folder is not empty; choose a new --out")
    sources: list[dict[str, Any]] = []
    # A file's place in the walk orders its records as a local ingest would.
    walk_failures: list[dict[str, Any]] = []
    for file_no, item in enumerate(walk(paths)):
        if isinstance(item, Failure):
            walk_failures.append({**to_row(item), "file_no": file_no, "item_no": 0, "record_no": 0})
        else:
            sources.append(
                {
                    "file_no": file_no,
                    "path": item.path,
                    "size": item.size,
                    "mtime_ns": item.mtime_ns,
                }
            )
    for kind in RECORDS:
        _write_empty(out, kind, arrow_schema(kind))
    pq.write_table(
        pa.table(
            {
                "path": pa.array([s["path"] for s in sources], pa.string()),
                "fingerprint": pa.array(
                    [f"{s['size']}:{s['mtime_ns']}" for s in sources], pa.string()
                ),
            }
        ),
        out / "sources.parquet",
    )
    if walk_failures:
        pq.write_table(
            pa.Table.from_pylist(walk_failures, arrow_schema("failures")),
            out / "failures" / "00000001-walk.parquet",
        )
    if sources:
        started_here = not ray.is_initialized()
        if started_here:
            ray.init(
                address=address, num_cpus=None if address else num_cpus, include_dashboard=False
            )
        try:
            _run_dataset(sources, out, settings)
        finally:
            if started_here:
                ray.shutdown()
    import duckdb

    with duckdb.connect() as con:
        counts = {kind: _count(con, out, kind) for kind in ("documents", "failures")}
    summary = RunSummary(
        out,
        len(sources),
        counts.get("documents", 0),
        counts.get("failures", 0),
    )
    (out / "run.json").write_text(
        json.dumps(
            {
                "run": uuid.uuid4().hex,
                "files": summary.files,
                "documents": summary.documents,
                "failures": summary.failures,
            }
        ),
        encoding="utf-8",
    )
    return summary


def _run_dataset(sources: list[dict[str, Any]], out: Path, settings: Settings) -> None:
    import ray
    import ray.data

    cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))  # type: ignore[no-untyped-call]
    records = (
        ray.data.from_items(sources)
        .flat_map(functools.partial(_read_file, max_bytes=settings.max_bytes))
        .map_batches(
            _Extract,
            fn_constructor_args=(settings,),
            batch_size=RAY_BATCH_SIZE,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(min_size=1, max_size=cpus),
        )
        .materialize()
    )
    for kind in RECORDS:
        rows = records.map_batches(_explode, fn_kwargs={"kind": kind}, batch_format="pyarrow")
        rows.write_parquet(str(out / kind))


# -- loading and querying the output ----------------------------------------------


def _sql_path(path: Path) -> str:
    """A path as a quoted SQL string literal."""
    return "'" + str(path).replace("'", "''") + "'"


def _glob(out: Path, kind: str) -> str:
    return _sql_path(out / kind / "*.parquet")


def _check_output(out: Path) -> None:
    missing = [kind for kind in RECORDS if not (out / kind).is_dir()]
    if missing:
        raise NewsledgerError(
            f"{out}: not a newsledger Parquet output (no {', '.join(missing)}); "
            "write one with 'newsledger ingest PATHS --engine ray --out DIR'"
        )


def _count(con: Any, out: Path, kind: str) -> int:
    return int(con.execute(f"SELECT COUNT(*) FROM read_parquet({_glob(out, kind)})").fetchone()[0])


def _ordered_rows(con: Any, out: Path, kind: str) -> Iterator[dict[str, Any]]:
    cursor = con.cursor()
    cursor.execute(
        f"SELECT * FROM read_parquet({_glob(out, kind)}) ORDER BY file_no, item_no, record_no"
    )
    names = [d[0] for d in cursor.description]
    while True:
        chunk = cursor.fetchmany(_FETCH)
        if not chunk:
            return
        for values in chunk:
            yield dict(zip(names, values, strict=True))


def _run_id(out: Path) -> str:
    try:
        return str(json.loads((out / "run.json").read_text(encoding="utf-8"))["run"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def _key(row: dict[str, Any]) -> tuple[int, int]:
    return (int(row["file_no"]), int(row["item_no"]))


class _Children:
    """One child kind's rows, handed out a document at a time (rows are sorted alike)."""

    def __init__(self, rows: Iterator[dict[str, Any]], record: type[Any]) -> None:
        self.rows = rows
        self.record = record
        self.head = next(rows, None)

    def take(self, key: tuple[int, int]) -> tuple[Any, ...]:
        found: list[Any] = []
        while self.head is not None and _key(self.head) <= key:
            if _key(self.head) == key:
                found.append(from_row(self.record, self.head))
            self.head = next(self.rows, None)
        return tuple(found)


def load_parquet(
    out: str | Path,
    ledger: Ledger,
    progress: Callable[[int], None] | None = None,
) -> LoadSummary:
    """Store the records of a Ray run in ``ledger``, in input order, batch by batch.

    Documents already in the ledger are skipped, so loading twice adds
    nothing.  Cross-document stages are left to the caller (``ledger.resolve``).
    """
    import duckdb

    out = Path(out)
    _check_output(out)
    con = duckdb.connect()
    children = {k: _Children(_ordered_rows(con, out, k), RECORDS[k]) for k in CHILD_KINDS}
    documents = _ordered_rows(con, out, "documents")
    failures = _ordered_rows(con, out, "failures")
    sources = [
        (str(r[0]), str(r[1]))
        for r in con.execute(
            f"SELECT path, fingerprint FROM read_parquet({_sql_path(out / 'sources.parquet')})"
        ).fetchall()
    ]
    # A run loaded before has its failures stored already; record them once.
    run = _run_id(out)
    loaded_runs: list[str] = ledger.store.get_state(LOADED_RUNS, [])
    if run in loaded_runs:
        failures = iter(())
    batch: list[Extraction] = []
    batch_failures: list[Failure] = []
    total = added = failed = 0
    next_failure = next(failures, None)
    for row in documents:
        key = _key(row)
        while next_failure is not None and _key(next_failure) < key:
            batch_failures.append(from_row(Failure, next_failure))
            next_failure = next(failures, None)
        doc = from_row(model.Document, row)
        parts = {kind: children[kind].take(key) for kind in CHILD_KINDS}
        batch.append(Extraction(document=doc, **parts))
        total += 1
        if len(batch) >= ledger.settings.batch_size:
            added += ledger.store.write_batch(batch, batch_failures)
            failed += len(batch_failures)
            batch, batch_failures = [], []
            if progress:
                progress(total)
    while next_failure is not None:
        batch_failures.append(from_row(Failure, next_failure))
        next_failure = next(failures, None)
    # The files count as read only once everything from them is stored.
    added += ledger.store.write_batch(batch, batch_failures, sources)
    failed += len(batch_failures)
    if run and run not in loaded_runs:
        ledger.store.put_state(LOADED_RUNS, [*loaded_runs, run])
    con.close()
    if progress:
        progress(total)
    return LoadSummary(total, added, failed)


def query(out: str | Path, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run ``sql`` with DuckDB over a Ray run's output; a view per record kind.

    The views (documents, mentions, figures, claims, quotes, events,
    failures, sources) have the ledger's columns.
    """
    import duckdb

    out = Path(out)
    _check_output(out)
    con = duckdb.connect()
    try:
        for kind in RECORDS:
            con.execute(
                f"CREATE VIEW {kind} AS SELECT * EXCLUDE ({', '.join(POSITION)}) "
                f"FROM read_parquet({_glob(out, kind)})"
            )
        con.execute(
            "CREATE VIEW sources AS SELECT * FROM "
            f"read_parquet({_sql_path(out / 'sources.parquet')})"
        )
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description or ()]
        return names, cursor.fetchall()
    except duckdb.Error as error:
        raise NewsledgerError(f"query failed: {error}") from None
    finally:
        con.close()
