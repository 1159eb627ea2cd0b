"""Ingest throughput: documents/s, MB/s and peak memory.

Generates text and HTML corpora of 1,000 and 10,000 news-like documents
(fixed seed), ingests each into a fresh SQLite ledger in a child process
(so that its peak RSS is its own), and prints one row per run.

    .venv/bin/python benchmarks/ingest.py [--sizes 1000,10000] [--kinds txt,html]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST = ["Anna", "Lukas", "Maria", "David", "Sofia", "Jonas", "Priya", "Chen", "Omar", "Lena"]
LAST = ["Keller", "Novak", "Rossi", "Okafor", "Lindqvist", "Tanaka", "Moreau", "Berg", "Silva"]
ORGS = ["Northwind", "Helix Labs", "Arcadia Power", "Vantor", "Blue Orbit", "Kestrel AI"]
CITIES = ["Berlin", "Lyon", "Austin", "Leeds", "Munich", "Osaka", "Denver", "Turin"]
EN = [
    "{org} said on {day} it had raised ${n} million from investors led by {org2}.",
    "\u201cWe are growing faster than expected,\u201d said {first} {last}, its chief executive.",
    "The company employs {k} people in {city} and plans to open a second site next year.",
    "Analysts at {org2} expect revenue to grow by {p} percent in {year}.",
    "{last} declined to comment on reports of a bid for {org2}.",
]
DE = [
    "{org} hat am {tag} nach eigenen Angaben {n} Millionen Euro eingesammelt.",
    "\u201eWir wachsen schneller als erwartet\u201c, sagte Vorstandschef {first} {last}.",
    "Das Unternehmen beschäftigt in {city} rund {k} Mitarbeiter.",
    "Analysten von {org2} erwarten für {year} ein Umsatzplus von {p} Prozent.",
    "{last} wollte sich zu Berichten über ein Angebot für {org2} nicht äußern.",
]


def make_article(rng: random.Random, i: int) -> tuple[str, str]:
    lang = "de" if i % 3 == 0 else "en"
    templates = DE if lang == "de" else EN
    fields = {
        "org": rng.choice(ORGS),
        "org2": rng.choice(ORGS),
        "first": rng.choice(FIRST),
        "last": rng.choice(LAST),
        "city": rng.choice(CITIES),
        "n": rng.randint(2, 900),
        "k": rng.randint(20, 9000),
        "p": rng.randint(1, 60),
        "year": rng.randint(2020, 2027),
        "day": rng.choice(["Monday", "Tuesday", "Friday"]),
        "tag": rng.choice(["Montag", "Dienstag", "Freitag"]),
    }
    title = f"{fields['org']} report {i}"
    paragraphs = [
        " ".join(rng.choice(templates).format(**fields) for _ in range(rng.randint(2, 4)))
        for _ in range(rng.randint(3, 7))
    ]
    return title, "\n\n".join(paragraphs) + f"\n\nRef {i}."


def generate(folder: Path, kind: str, size: int) -> int:
    rng = random.Random(size)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(size):
        title, body = make_article(rng, i)
        if kind == "html":
            paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
            content = (
                f"<html><head><title>{title}</title></head><body>"
                f"<nav><a href='/'>Home</a><a href='/news'>News</a></nav>"
                f"<article><h1>{title}</h1>{paragraphs}</article>"
                f"<footer>Subscribe to our newsletter</footer></body></html>"
            )
        else:
            content = f"{title}\n\n{body}"
        path = folder / f"{i:06d}.{kind}"
        path.write_text(content, encoding="utf-8")
        total += len(content.encode("utf-8"))
    return total


def run_one(folder: str, db: str) -> None:
    from newsledger import Ledger, Settings

    start = time.perf_counter()
    with Ledger(db, Settings(resolve=False)) as ledger:
        result = ledger.ingest([folder])
    elapsed = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"docs": result.ingested, "seconds": elapsed, "peak_mib": peak_kib / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--kinds", default="txt,html")
    parser.add_argument("--one", nargs=2, metavar=("FOLDER", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(*args.one)
        return
    header = ("kind", "docs", "MB", "seconds", "docs/s", "MB/s", "peak MiB")
    print("{:<5} {:>7} {:>7} {:>8} {:>8} {:>6} {:>9}".format(*header))
    with tempfile.TemporaryDirectory(prefix="newsledger-bench-") as tmp:
        for kind in args.kinds.split(","):
            for size in (int(s) for s in args.sizes.split(",")):
                folder = Path(tmp) / f"{kind}-{size}"
                total_bytes = generate(folder, kind, size)
                db = Path(tmp) / f"{kind}-{size}.db"
                out = subprocess.run(
                    [sys.executable, __file__, "--one", str(folder), str(db)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                row = json.loads(out.stdout.strip().splitlines()[-1])
                mb = total_bytes / 1e6
                print(
                    f"{kind:<5} {row['docs']:>7} {mb:>7.1f} {row['seconds']:>8.1f} "
                    f"{row['docs'] / row['seconds']:>8.1f} {mb / row['seconds']:>6.2f} "
                    f"{row['peak_mib']:>9.0f}"
                )


if __name__ == "__main__":
    main()
