"""Story clustering at scale: time and peak memory on generated corpora.

Generates StoryEvidence with realistic distributions (entity popularity
following Zipf's law, so a few names appear everywhere; stories whose sizes
are skewed, from single reports to running stories of hundreds; figures,
events, two languages and dates spread over a year) and clusters 10,000,
50,000 and 100,000 documents with ``StoryIndex.place``, in batches of
1,000 as ingest stores them, then lists the stories and threads and saves the
index once, as a full rebuild (``Ledger.resolve``) does.  Prints documents
per second, peak resident memory and, on the generated truth, pairwise
precision and recall.

    .venv/bin/python benchmarks/stories.py            # 10k, 50k, 100k
    .venv/bin/python benchmarks/stories.py 2000 5000  # other sizes
"""

from __future__ import annotations

import itertools
import random
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import date, timedelta

from newsledger.resolve.stories import StoryEvidence, StoryIndex

ENTITIES = 200_000
WORDS = 50_000
MAX_STORY = 300
BATCH = 1000
ZIPF_S = 1.1
EVENT_TYPES = ("acquisition_bid", "lawsuit", "partnership", "funding", "launch", "criticism")
UNITS = ("USD", "EUR", "%", "user", "GPU")


class _Zipf:
    """Draw entity ranks with probability proportional to 1 / rank^s."""

    def __init__(self, n: int, s: float, rng: random.Random) -> None:
        weights = [1.0 / (rank**s) for rank in range(1, n + 1)]
        self._cum = list(itertools.accumulate(weights))
        self._rng = rng

    def draw(self, k: int) -> list[int]:
        return self._rng.choices(range(len(self._cum)), cum_weights=self._cum, k=k)


def generate(n_docs: int, seed: int = 1) -> tuple[list[StoryEvidence], list[list[str]]]:
    """``n_docs`` evidence records and the true stories (lists of doc ids)."""
    rng = random.Random(seed)
    zipf = _Zipf(ENTITIES, ZIPF_S, rng)
    word_zipf = _Zipf(WORDS, ZIPF_S, rng)
    start = date(2025, 1, 1)
    evidence: list[StoryEvidence] = []
    truth: list[list[str]] = []
    while len(evidence) < n_docs:
        # Story sizes: most stories are one to three reports, a few run long.
        size = min(n_docs - len(evidence), MAX_STORY, max(1, int(rng.paretovariate(1.2))))
        core = zipf.draw(2) + [rng.randrange(1000, ENTITIES) for _ in range(rng.randint(1, 3))]
        core = list(dict.fromkeys(core))
        figures = [
            f"f:{rng.choice(UNITS)}:{rng.randint(10, 99) * 10 ** rng.randint(0, 9):g}"
            for _ in range(rng.randint(0, 3))
        ]
        etype = rng.choice(EVENT_TYPES)
        event = f"v:{etype}|kb:{core[0]}|kb:{core[-1]}"
        center = start + timedelta(days=rng.randrange(365))
        story_words = range(rng.randint(3, 8))
        members: list[str] = []
        for _ in range(size):
            doc_id = f"d{len(evidence):07d}"
            features: dict[str, float] = {}
            for rank in core:
                if rng.random() < 0.8:
                    features[f"e:kb:{rank}"] = rng.uniform(0.6, 1.0)
            for rank in zipf.draw(rng.randint(4, 15)):
                features.setdefault(f"e:kb:{rank}", rng.uniform(0.15, 0.5))
            for key in figures:
                if rng.random() < 0.5:
                    features[key] = 1.0
            if rng.random() < 0.5:
                features[event] = 1.0
            for _ in range(rng.randint(0, 2)):
                features[f"f:{rng.choice(UNITS)}:{rng.randint(1, 99):g}"] = 1.0
            language = "en" if rng.random() < 0.7 else "de"
            # Title and lead: words of the story (in its language), common
            # words drawn by Zipf's law, and names and numbers (neutral).
            for word in story_words:
                if rng.random() < 0.5:
                    features[f"k:{language}:s{len(truth)}-{word}"] = 1.0
            for rank in word_zipf.draw(rng.randint(20, 40)):
                features.setdefault(f"k:{language}:w{rank}", 0.6)
            for rank in core:
                if rng.random() < 0.6:
                    features[f"n:name{rank}"] = 1.0
            for rank in word_zipf.draw(rng.randint(2, 6)):
                features.setdefault(f"n:{rank}", 0.6)
            published = center + timedelta(days=round(rng.gauss(0, 3)))
            evidence.append(
                StoryEvidence(
                    doc_id=doc_id,
                    language=language,
                    published=published.isoformat(),
                    features=tuple(sorted(features.items())),
                    names=tuple((f"kb:{rank}", f"Entity {rank}") for rank in core),
                    event_types=(etype,),
                )
            )
            members.append(doc_id)
        truth.append(members)
    return evidence, truth


def pairwise(
    system: Sequence[Sequence[str]], truth: Sequence[Sequence[str]]
) -> tuple[float, float]:
    """Pairwise precision and recall over document pairs sharing a story."""

    def pairs(groups: Sequence[Sequence[str]]) -> set[tuple[str, str]]:
        out: set[tuple[str, str]] = set()
        for group in groups:
            out.update(itertools.combinations(sorted(set(group)), 2))
        return out

    found, wanted = pairs(system), pairs(truth)
    shared = len(found & wanted)
    return shared / max(1, len(found)), shared / max(1, len(wanted))


def run(n_docs: int) -> None:
    """Cluster one generated corpus and print one line of figures."""
    evidence, truth = generate(n_docs)
    evidence.sort(key=lambda e: (e.published or "", e.doc_id))
    before = _peak_rss()
    began = time.perf_counter()
    cpu = time.process_time()
    index = StoryIndex()
    for start in range(0, len(evidence), BATCH):  # batches, as ingest stores them
        index.place(evidence[start : start + BATCH])
    placed = time.perf_counter() - began
    # What a rebuild stores once at the end (Ledger.resolve): the stories of
    # two documents or more, the threads and the saved index.
    listed = time.perf_counter()
    stories = index.stories(min_docs=2)
    threads = index.threads(min_docs=2)
    saved = len(index.to_bytes())
    listed = time.perf_counter() - listed
    elapsed = time.perf_counter() - began
    # CPU time too: on a shared machine the wall time says more about the
    # other processes than about this one.
    cpu = time.process_time() - cpu
    peak = _peak_rss()
    multi = [s for s in stories if len(s.doc_ids) > 1]
    line = (
        f"{n_docs:>7,} docs  {elapsed:7.1f} s (place {placed:.1f} s, list and save "
        f"{listed:.1f} s), CPU {cpu:.1f} s  {n_docs / elapsed:6.0f} docs/s  "
        f"peak RSS {peak / 2**20:6.0f} MiB (+{(peak - before) / 2**20:4.0f} MiB clustering)  "
        f"{len(multi):,} stories of 2+, {len(threads):,} threads, index {saved / 2**20:.0f} MiB"
    )
    if n_docs <= 20_000:
        precision, recall = pairwise([s.doc_ids for s in multi], truth)
        line += f"  pairwise P {precision:.2f} R {recall:.2f}"
    print(line, flush=True)


def _peak_rss() -> int:
    # Peak resident memory of this process in bytes (Linux reports KiB).
    # tracemalloc would triple the run time of this allocation-heavy loop.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main(argv: Sequence[str]) -> None:
    if argv[:1] == ["--one"]:
        run(int(argv[1]))
        return
    sizes = [int(a) for a in argv] or [10_000, 50_000, 100_000]
    for n_docs in sizes:
        # One process per size, so that each peak is its own.
        subprocess.run([sys.executable, __file__, "--one", str(n_docs)], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
