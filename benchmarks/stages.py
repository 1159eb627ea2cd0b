"""Milliseconds per document of each per-document stage, against the reference.

Generates 600 news-like articles (``pipeline.py``'s generator, English and
German alternating), wraps them in HTML pages unless ``--text``, runs every
stage of the default pipeline on each in one process and prints where the
time goes, then the reference (trafilatura + spaCy tokens and sentences) on
the same input.  Stages inside ``build_document`` are timed by wrapping the
functions it calls.

    .venv/bin/python benchmarks/stages.py [--text] [--docs 600]
"""

from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pipeline as corpus_generator

import newsledger.text.document as document_stage
from newsledger.extract.claims import extract_claims
from newsledger.extract.entities import extract_mentions
from newsledger.extract.events import extract_events
from newsledger.extract.figures import extract_figures
from newsledger.extract.quotes import extract_quotes
from newsledger.lang import load_or_fallback
from newsledger.model import RawDocument
from newsledger.pipeline import Pipeline

# Functions build_document calls, timed one by one.
DOCUMENT_STEPS = (
    "decode_bytes",
    "extract_html",
    "normalize_text",
    "content_id",
    "detect_language",
    "_dateline",
    "strip_boilerplate",
    "split_paragraphs",
    "split_sentences",
    "find_repeats",
)

seconds: defaultdict[str, float] = defaultdict(float)


def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[name] += time.perf_counter() - started

    return wrapper


def raw_documents(count: int, html: bool) -> list[RawDocument]:
    rng = random.Random(corpus_generator.SEED)
    out = []
    for n in range(count):
        text = corpus_generator.article(rng, "en" if n % 2 == 0 else "de")
        if html:
            body = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
            page = f"<html><body><article><h1>Report {n}</h1>{body}</article></body></html>"
            out.append(RawDocument(f"page{n}", page.encode(), "html"))
        else:
            out.append(RawDocument(f"text{n}", text.encode(), "text"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--text", action="store_true", help="plain-text input instead of HTML")
    parser.add_argument("--docs", type=int, default=600, help="articles to run")
    options = parser.parse_args()
    raws = raw_documents(options.docs, not options.text)
    for name in DOCUMENT_STEPS:
        setattr(document_stage, name, timed(name, getattr(document_stage, name)))
    pipeline = Pipeline()
    for raw in raws[:20]:  # warm-up: lexicons load on first use
        pipeline.extract(pipeline.document(raw))
    seconds.clear()
    started = time.perf_counter()
    for raw in raws:
        doc = timed("document (all of the above)", pipeline.document)(raw)
        lang = load_or_fallback(doc.language, "en")
        mentions = timed("entities", extract_mentions)(doc, lang, pipeline.kb)
        figures = timed("figures", extract_figures)(doc, lang)
        quotes = timed("quotes", extract_quotes)(doc, mentions, lang)
        timed("claims", extract_claims)(doc, figures, mentions, quotes, lang)
        timed("events", extract_events)(doc, mentions, lang)
    total = time.perf_counter() - started
    for name, spent in sorted(seconds.items(), key=lambda item: -item[1]):
        print(f"{name:28} {1000 * spent / len(raws):6.2f} ms/doc")
    print(f"{'newsledger, all stages':28} {1000 * total / len(raws):6.2f} ms/doc")

    import spacy
    import trafilatura

    pipes = {}
    for code in ("en", "de"):
        pipes[code] = spacy.blank(code)
        pipes[code].add_pipe("sentencizer")
        list(pipes[code]("Warm up. Twice.").sents)
    started = time.perf_counter()
    for n, raw in enumerate(raws):
        text = raw.data.decode()
        if raw.kind == "html":
            text = trafilatura.extract(text) or ""
        list(pipes["en" if n % 2 == 0 else "de"](text).sents)
    reference = time.perf_counter() - started
    print(f"{'reference':28} {1000 * reference / len(raws):6.2f} ms/doc")
    print(f"ratio (reference / newsledger): {reference / total:.2f}, before the store")


if __name__ == "__main__":
    main()
