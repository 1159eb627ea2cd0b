"""What a new article costs in a grown ledger, and how fast the read views answer.

Builds a ledger of N generated articles (the corpus of ``benchmarks/pipeline.py``,
same generator and seed), then measures on copies of it:

- the build: ingest with 2 workers (resolve off), then the cross-document
  stage in a process of its own (``resolve --full`` where it exists), with the
  peak resident memory of each (process tree);
- adding 1 and 100 new articles: ``Ledger.ingest`` in this process and the
  ``newsledger ingest`` CLI (a fresh process: start-up included);
- warm latency (median of 5 after one call) of ``newsledger stories``,
  ``entities`` and ``conflicts`` (in-process, through the Typer app) and of the
  API's ``/``, ``/api/stories`` and ``/api/entities`` (Starlette TestClient).

    .venv/bin/python benchmarks/incremental.py              # 10,000 documents
    .venv/bin/python benchmarks/incremental.py --big        # 100,000 documents
    .venv/bin/python benchmarks/incremental.py --size 2000 --keep /tmp/bench
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from pipeline import SEED, article, tree_usage, write_corpus

# Calls timed per read view, after one warm-up call.
READ_REPEATS = 5
SAMPLE_SECONDS = 0.1


def new_articles(folder: Path, count: int, tag: str) -> Path:
    """``count`` articles not in the corpus (another seed), as one JSONL file."""
    rng = random.Random(SEED + count + len(tag))
    path = folder / f"new-{tag}-{count}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            lang = "en" if n % 2 == 0 else "de"
            record = {"text": article(rng, lang), "url": f"https://news.example/new/{tag}/{n}"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def run_child(args: list[str]) -> tuple[dict[str, float], float, int]:
    """This script as a child with ``args``: its result, wall seconds, peak tree RSS."""
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", *args], stdout=subprocess.PIPE, text=True
    )
    peak = 0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_usage(child.pid)[0])
            done.wait(SAMPLE_SECONDS)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    out, _ = child.communicate()
    done.set()
    watcher.join()
    if child.returncode != 0:
        raise SystemExit(f"benchmark child {args} failed with exit code {child.returncode}")
    return json.loads(out.strip().splitlines()[-1]), time.monotonic() - started, peak


def child_main(argv: list[str]) -> None:
    from newsledger import Ledger, Settings

    kind, db = argv[0], Path(argv[1])
    started = time.monotonic()
    if kind == "ingest":
        with Ledger(db, Settings(workers=2, resolve=False)) as ledger:
            ledger.ingest([Path(argv[2])])
    else:
        with Ledger(db, Settings()) as ledger:
            try:
                ledger.resolve(full=True)  # type: ignore[call-arg]
            except TypeError:  # before incremental resolve: always full
                ledger.resolve()
    print(json.dumps({"seconds": time.monotonic() - started}))


def copy_db(src: Path, dst: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        if Path(str(src) + suffix).exists():
            shutil.copy(str(src) + suffix, str(dst) + suffix)
    return dst


def add_library(db: Path, new: Path) -> float:
    from newsledger import Ledger

    started = time.monotonic()
    with Ledger(db) as ledger:
        state = ledger.ingest([new])
    assert state.ingested > 0, "nothing new was ingested"
    return time.monotonic() - started


def add_cli(db: Path, new: Path) -> float:
    exe = Path(sys.executable).parent / "newsledger"
    started = time.monotonic()
    subprocess.run([str(exe), "ingest", str(new), "--db", str(db), "--quiet"], check=True)
    return time.monotonic() - started


def _median_ms(call: object) -> float:
    assert callable(call)
    call()  # warm: caches, pages, imports
    times = []
    for _ in range(READ_REPEATS):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def read_latencies(db: Path) -> dict[str, float]:
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from newsledger.cli import app as cli_app
    from newsledger.web.app import create_app

    runner = CliRunner()
    out: dict[str, float] = {}
    for command in ("stories", "entities", "conflicts", "figures", "quotes", "events"):

        def run_cli(command: str = command) -> None:
            result = runner.invoke(cli_app, [command, "--db", str(db)])
            assert result.exit_code == 0, result.output

        out[f"cli {command}"] = _median_ms(run_cli)
    client = TestClient(create_app(str(db), None))
    for url in ("/", "/api/stories", "/api/entities"):

        def get(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        out[f"api {url}"] = _median_ms(get)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--big", action="store_true", help="100,000 documents")
    parser.add_argument("--keep", type=Path, help="folder for the corpus and ledgers (kept)")
    parser.add_argument(
        "--from",
        dest="source",
        type=Path,
        help="start from this ledger (copied; e.g. one built by an older version): "
        "the build is then a full resolve of it",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_main(args.child)
        return
    size = 100_000 if args.big else args.size
    folder = args.keep or Path(tempfile.mkdtemp(prefix="newsledger-incr-"))
    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / f"corpus-{size}-txt.jsonl"
    if not corpus.exists():
        corpus, _ = write_corpus(folder, size, html=False)
    base = folder / f"base-{size}.db"
    rows: list[tuple[str, str]] = []
    if args.source is not None and not base.exists():
        copy_db(args.source, base)
        for what in ("upgrade + full resolve",):
            _, seconds, peak = run_child(["resolve", str(base)])
            rows.append((f"build: {what}", f"{seconds:.1f} s, peak {peak / 2**20:.0f} MiB"))
            print(f"{rows[-1][0]:32} {rows[-1][1]}", flush=True)
    if not base.exists():
        _, seconds, peak = run_child(["ingest", str(base), str(corpus)])
        rows.append(("build: ingest, 2 workers", f"{seconds:.1f} s, peak {peak / 2**20:.0f} MiB"))
        _, seconds, peak = run_child(["resolve", str(base)])
        rows.append(("build: full resolve", f"{seconds:.1f} s, peak {peak / 2**20:.0f} MiB"))
        print("\n".join(f"{k:32} {v}" for k, v in rows), flush=True)
    for count in (1, 100):
        for how, add in (("library", add_library), ("cli", add_cli)):
            db = copy_db(base, folder / f"add-{how}-{count}.db")
            new = new_articles(folder, count, how)
            seconds = add(db, new)
            rows.append((f"add {count} article(s), {how}", f"{seconds:.2f} s"))
            print(f"{rows[-1][0]:32} {rows[-1][1]}", flush=True)
    for name, ms in read_latencies(base).items():
        rows.append((f"warm {name}", f"{ms:.0f} ms"))
        print(f"{rows[-1][0]:32} {rows[-1][1]}", flush=True)
    print(f"\n{size:,} documents, ledger in {folder}")
    for name, value in rows:
        print(f"| {name} | {value} |")
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
