"""Load on a running server: read latency at 1/8/32 clients, and writes under reads.

Builds a ledger from the generated corpus of ``benchmarks/pipeline.py``
(5,000 articles, or 10,000 with ``--large``; kept under ``--keep`` and
reused when it is already there), starts a real ``newsledger serve`` on a
free loopback port, then:

- **reads**: for each endpoint and each concurrency (1, 8, 32 clients), the
  clients ask in a loop for ``--seconds`` seconds; requests still running at
  the end are waited for and counted.  Prints p50/p95/p99 latency, requests
  per second, errors and the server's peak RSS (the whole process tree).
- **mixed**: ``--readers`` clients read (endpoints in turn) while one client
  POSTs ``--writes`` new articles, one after the other; prints the readers'
  latencies and each write's latency.

A request slower than ``--timeout`` counts as an error.  The numbers are
wall-clock on whatever machine runs them: on a shared machine, compare runs
made back to back.

    .venv/bin/python benchmarks/serve.py --keep /tmp/serve-bench            # 5,000 articles
    .venv/bin/python benchmarks/serve.py --keep /tmp/serve-bench --large --server-workers 2
    .venv/bin/python benchmarks/serve.py --keep /tmp/serve-bench --build-only
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The corpus generator and the process-tree RSS reader.
import pipeline as generated

TOKEN = "benchmark-write-token"
READ_ENDPOINTS = [
    "/",
    "/api/health",
    "/api/stats",
    "/api/documents",
    "/api/stories",
    "/api/entities",
    "/api/conflicts",
    "/api/search?q=Helix",
]
CONCURRENCY = [1, 8, 32]
# Seconds the server may take to start answering (imports, first store open).
STARTUP_SECONDS = 120.0
# RSS sampling period of the server's process tree.
SAMPLE_SECONDS = 0.2
# Before each cell, the server must answer /api/health this fast again: a
# request its client gave up on still runs to its end on the server, and
# would load the next cell.  Waited for at most SETTLE_SECONDS.
SETTLED_HEALTH_SECONDS = 0.5
SETTLE_SECONDS = 60.0


# -- the ledger ---------------------------------------------------------------------


def build_ledger(folder: Path, size: int, workers: int) -> Path:
    """The ledger of ``size`` generated articles under ``folder``, built once and reused."""
    db = folder / f"ledger-{size}.db"
    done = folder / f"ledger-{size}.done"
    if db.exists() and done.exists():
        return db
    folder.mkdir(parents=True, exist_ok=True)
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    corpus, words = generated.write_corpus(folder, size, html=False)
    print(f"building {db}: {size:,} articles, {words:,} words ...", flush=True)
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "newsledger",
            "ingest",
            str(corpus),
            "--db",
            str(db),
            "-q",
            "--workers",
            str(workers),
        ],
        check=True,
    )
    print(f"built in {time.monotonic() - started:.0f} s", flush=True)
    done.write_text("ok\n")
    return db


def new_article(n: int) -> dict[str, str]:
    """An article not in the generated corpus (its own seed), as a POST body."""
    rng = random.Random(f"serve-benchmark-{n}-{time.time_ns()}")
    lang = "en" if n % 2 == 0 else "de"
    return {"text": generated.article(rng, lang), "url": f"https://bench.example/{time.time_ns()}"}


# -- the server ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(db: Path, workers: int | None, log: Path) -> Iterator[tuple[str, int]]:
    """``newsledger serve`` over ``db``; yields its URL and process id."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSLEDGER_")}
    env["NEWSLEDGER_TOKEN"] = TOKEN
    command = [sys.executable, "-m", "newsledger", "serve", "--db", str(db), "--port", str(port)]
    if workers is not None:
        command += ["--workers", str(workers)]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {log.read_text()}")
            try:
                if httpx.get(base + "/api/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {log.read_text()}")
            time.sleep(0.3)
        yield base, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def settle(base: str) -> float:
    """Wait until the server answers /api/health quickly again; the seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < SETTLE_SECONDS:
        began = time.monotonic()
        with suppress(httpx.HTTPError):
            httpx.get(base + "/api/health", timeout=SETTLE_SECONDS)
        if time.monotonic() - began < SETTLED_HEALTH_SECONDS:
            break
        time.sleep(1.0)
    return time.monotonic() - started


class RssWatch:
    """Peak RSS of a process tree, sampled in a thread while the ``with`` block runs."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, _ = generated.tree_usage(self.pid)
            self.peak = max(self.peak, rss)
            self._stop.wait(SAMPLE_SECONDS)

    def __enter__(self) -> RssWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


# -- load ---------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    def add(self, seconds: float, status: int | None) -> None:
        if status is None or status >= 400:
            self.errors += 1
        else:
            self.latencies.append(seconds)
        if status is not None:
            self.statuses[status] = self.statuses.get(status, 0) + 1


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


async def _timed(client: httpx.AsyncClient, method: str, url: str, **kw: object) -> int | None:
    try:
        response = await client.request(method, url, **kw)  # type: ignore[arg-type]
        await response.aread()
        return response.status_code
    except httpx.HTTPError:
        return None


async def read_load(
    base: str, paths: list[str], clients: int, seconds: float, timeout: float
) -> tuple[Tally, float]:
    """``clients`` readers asking for ``paths`` in turn for ``seconds``; tally and wall time."""
    tally = Tally()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits) as client:
        started = time.monotonic()
        stop = started + seconds

        async def reader(n: int) -> None:
            turn = n
            while time.monotonic() < stop:
                path = paths[turn % len(paths)]
                turn += 1
                began = time.monotonic()
                status = await _timed(client, "GET", path)
                tally.add(time.monotonic() - began, status)

        await asyncio.gather(*(reader(n) for n in range(clients)))
        return tally, time.monotonic() - started


async def mixed_load(
    base: str, readers: int, writes: int, timeout: float, write_timeout: float
) -> tuple[Tally, list[tuple[float, int | None]], float]:
    """Readers on every endpoint while one writer POSTs ``writes`` articles in turn."""
    tally = Tally()
    written: list[tuple[float, int | None]] = []
    finished = asyncio.Event()
    limits = httpx.Limits(max_connections=readers + 1, max_keepalive_connections=readers + 1)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(base_url=base, timeout=timeout, limits=limits) as client:
        started = time.monotonic()

        async def reader(n: int) -> None:
            turn = n
            while not finished.is_set():
                path = READ_ENDPOINTS[turn % len(READ_ENDPOINTS)]
                turn += 1
                began = time.monotonic()
                status = await _timed(client, "GET", path)
                tally.add(time.monotonic() - began, status)

        async def writer() -> None:
            # Let the readers reach full load before the first write.
            await asyncio.sleep(1.0)
            for n in range(writes):
                began = time.monotonic()
                status = await _timed(
                    client,
                    "POST",
                    "/api/documents",
                    json=new_article(n),
                    headers=headers,
                    timeout=write_timeout,
                )
                written.append((time.monotonic() - began, status))
            finished.set()

        await asyncio.gather(writer(), *(reader(n) for n in range(readers)))
        return tally, written, time.monotonic() - started


# -- report -------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return "—" if seconds != seconds else f"{seconds * 1000:,.0f}"


def row(name: str, clients: int, tally: Tally, wall: float, rss: int) -> str:
    lat = tally.latencies
    return (
        f"| {name} | {clients} | {len(lat) + tally.errors} | {_ms(percentile(lat, 50))} | "
        f"{_ms(percentile(lat, 95))} | {_ms(percentile(lat, 99))} | {len(lat) / wall:.1f} | "
        f"{tally.errors} | {rss / 2**20:.0f} |"
    )


HEADER = (
    "| endpoint | clients | requests | p50 ms | p95 ms | p99 ms | req/s | errors | "
    "server MiB |\n|---|---|---|---|---|---|---|---|---|"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="folder for the corpus and ledger (reused)")
    parser.add_argument("--large", action="store_true", help="10,000 articles instead of 5,000")
    parser.add_argument("--docs", type=int, help="articles in the ledger (overrides --large)")
    parser.add_argument("--build-only", action="store_true", help="build the ledger and stop")
    parser.add_argument("--ingest-workers", type=int, default=2, help="workers for the build")
    parser.add_argument(
        "--server-workers", type=int, help="pass --workers N to serve (default: not passed)"
    )
    parser.add_argument("--concurrency", default="1,8,32", help="client counts, comma-separated")
    parser.add_argument("--endpoints", help="read paths, comma-separated (default: all)")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds per read cell")
    parser.add_argument("--readers", type=int, default=16, help="readers during the writes")
    parser.add_argument("--writes", type=int, default=10, help="POSTs in the mixed load")
    parser.add_argument("--timeout", type=float, default=120.0, help="read timeout, seconds")
    parser.add_argument("--write-timeout", type=float, default=300.0, help="POST timeout")
    parser.add_argument("--no-mixed", action="store_true", help="skip the mixed load")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    # A benchmark stopped with SIGTERM (or `timeout`) still stops its server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    size = args.docs or (10_000 if args.large else 5_000)
    with tempfile.TemporaryDirectory(prefix="newsledger-serve-bench-") as tmp:
        folder = args.keep or Path(tmp)
        db = build_ledger(folder, size, args.ingest_workers)
        if args.build_only:
            return
        # Every run starts from the same ledger: writes go to a copy.
        work = Path(tmp) / "ledger.db"
        subprocess.run(["sqlite3", str(db), f".backup '{work}'"], check=True)
        paths = args.endpoints.split(",") if args.endpoints else READ_ENDPOINTS
        figures: dict[str, object] = {"documents": size, "server_workers": args.server_workers}
        # Kept beside the ledger with --keep, so a failed write can be read about.
        log = (args.keep or Path(tmp)) / "server.log"
        with running_server(work, args.server_workers, log) as (base, pid):
            idle, _ = generated.tree_usage(pid)
            print(
                f"ledger of {size:,} articles; server workers: {args.server_workers or 'default'}; "
                f"idle RSS {idle / 2**20:.0f} MiB\n"
            )
            print(HEADER, flush=True)
            cells = []
            for path in paths:
                for clients in [int(c) for c in args.concurrency.split(",")]:
                    settle(base)
                    with RssWatch(pid) as watch:
                        tally, wall = asyncio.run(
                            read_load(base, [path], clients, args.seconds, args.timeout)
                        )
                    print(row(path, clients, tally, wall, watch.peak), flush=True)
                    cells.append(
                        {
                            "path": path,
                            "clients": clients,
                            "p50": percentile(tally.latencies, 50),
                            "p95": percentile(tally.latencies, 95),
                            "p99": percentile(tally.latencies, 99),
                            "throughput": len(tally.latencies) / wall,
                            "errors": tally.errors,
                            "rss": watch.peak,
                        }
                    )
            figures["reads"] = cells
            if not args.no_mixed:
                settle(base)
                with RssWatch(pid) as watch:
                    tally, written, wall = asyncio.run(
                        mixed_load(
                            base, args.readers, args.writes, args.timeout, args.write_timeout
                        )
                    )
                print(row(f"mixed reads ({args.writes} writes)", args.readers, tally, wall, 0))
                times = [t for t, status in written if status is not None and status < 400]
                failed = [status for _, status in written if status is None or status >= 400]
                print(
                    f"\nPOST /api/documents under {args.readers} readers: {len(written)} writes, "
                    f"p50 {_ms(percentile(times, 50))} ms, p99 {_ms(percentile(times, 99))} ms, "
                    f"max {_ms(max(times, default=float('nan')))} ms, failed {len(failed)} "
                    f"{failed or ''}; server peak RSS {watch.peak / 2**20:.0f} MiB"
                )
                figures["mixed"] = {
                    "readers": args.readers,
                    "read_p50": percentile(tally.latencies, 50),
                    "read_p99": percentile(tally.latencies, 99),
                    "read_errors": tally.errors,
                    "writes": [{"seconds": t, "status": s} for t, s in written],
                    "rss": watch.peak,
                }
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
