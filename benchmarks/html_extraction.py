"""HTML to text: newsledger's HTML step and pipeline against ``trafilatura.extract``.

Reads the real pages of ``../shared/corpora/html/pages`` (trafilatura's own
evaluation set; measurement only, never copied) and prints, side by side:

- the snippet score of that folder's README (a ``with`` snippet found is a
  true positive, a ``without`` snippet found a false positive) and CPU
  milliseconds per page (``time.process_time``, best of ``--repeat`` runs) for
  plain ``trafilatura.extract`` (the reference), newsledger's HTML step
  (decode, parse, article text and metadata) and the whole per-document
  pipeline (``Pipeline.process``: every extractor; scored on the document's
  text after boilerplate removal);
- how often title, date and author match the evaluation metadata, for
  trafilatura's metadata pass and for newsledger's.

    .venv/bin/python benchmarks/html_extraction.py [--repeat 3]

(Not ``benchmarks/html.py``: run as a script, a file of that name would
shadow the standard library's ``html`` for every benchmark in this folder.)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import trafilatura

from newsledger.model import Extraction, RawDocument
from newsledger.pipeline import Pipeline
from newsledger.text.decode import decode_bytes
from newsledger.text.document import extract_html

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "html"


def _norm(text: str | list[str] | None) -> str:
    if isinstance(text, list):  # several authors
        text = "; ".join(text)
    return " ".join((text or "").split())


def snippet_score(gold: Sequence[dict[str, Any]], texts: Sequence[str | None]) -> dict[str, float]:
    """Precision, recall and F1 over the pages' with/without snippets."""
    tp = fn = fp = 0
    for item, text in zip(gold, texts, strict=True):
        found = _norm(text)
        for snippet in item.get("with", []):
            if _norm(snippet) in found:
                tp += 1
            else:
                fn += 1
        fp += sum(1 for snippet in item.get("without", []) if _norm(snippet) in found)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def meta_score(gold: Sequence[dict[str, Any]], found: Sequence[dict[str, str | None]]) -> str:
    """Share of pages whose title, date and author equal the gold (casefolded)."""
    parts = []
    for field in ("title", "date", "author"):
        pairs = [(g.get(field), f.get(field)) for g, f in zip(gold, found, strict=True)]
        wanted = [(g, f) for g, f in pairs if g]
        right = sum(1 for g, f in wanted if _norm(f).casefold() == _norm(g).casefold())
        parts.append(f"{field} {right / len(wanted):.3f}")
    return "  ".join(parts)


def _timed(
    run: Callable[[bytes], Any], pages: Sequence[bytes], repeat: int
) -> tuple[list[Any], float]:
    run(pages[0])  # lexicons, models and parsers load outside the timing
    best, results = float("inf"), []
    for _ in range(repeat):
        started = time.process_time()
        results = [run(page) for page in pages]
        best = min(best, time.process_time() - started)
    return results, best / len(pages) * 1e3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="runs; the fastest counts")
    args = parser.parse_args()
    if not (CORPUS / "evaldata.json").is_file():
        print(f"no pages at {CORPUS}", file=sys.stderr)
        return 2
    evaldata = json.loads((CORPUS / "evaldata.json").read_text(encoding="utf-8"))
    gold = [item for item in evaldata.values() if (CORPUS / "pages" / item["file"]).is_file()]
    pages = [(CORPUS / "pages" / item["file"]).read_bytes() for item in gold]
    print(f"{len(pages)} real pages with snippets from {CORPUS}")

    def reference(page: bytes) -> str | None:
        return trafilatura.extract(page)

    def html_step(page: bytes) -> Any:
        return extract_html(decode_bytes(page, "<page>"))

    pipeline = Pipeline()

    def whole(page: bytes) -> Any:
        return pipeline.process(RawDocument(source="<page>", data=page, kind="html"))

    print(f"{'':<28} {'P':>6} {'R':>6} {'F1':>6} {'ms/page':>8} {'x ref':>6}")
    ref_ms = 0.0
    for label, run, text_of in [
        ("trafilatura.extract", reference, lambda r: r),
        ("newsledger HTML step", html_step, lambda r: r.text if r else None),
        (
            "newsledger whole pipeline",
            whole,
            lambda r: r.document.text if isinstance(r, Extraction) else None,
        ),
    ]:
        results, ms = _timed(run, pages, args.repeat)
        ref_ms = ref_ms or ms
        score = snippet_score(gold, [text_of(r) for r in results])
        print(
            f"{label:<28} {score['precision']:6.3f} {score['recall']:6.3f} {score['f1']:6.3f} "
            f"{ms:8.2f} {ms / ref_ms:6.2f}",
            flush=True,
        )

    def trafilatura_meta(page: bytes) -> dict[str, str | None]:
        doc = trafilatura.bare_extraction(
            page,
            with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        if not isinstance(doc, trafilatura.settings.Document):
            return {}
        return {"title": doc.title, "date": doc.date, "author": doc.author}

    def our_meta(page: bytes) -> dict[str, str | None]:
        found = html_step(page)
        return (
            {"title": found.title, "date": found.published, "author": found.author} if found else {}
        )

    print("metadata equal to the evaluation's (pages that give the field):")
    for label, reader in [
        ("trafilatura metadata pass", trafilatura_meta),
        ("newsledger page meta", our_meta),
    ]:
        found = [reader(page) for page in pages]
        print(f"  {label:<26} {meta_score(gold, found)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
