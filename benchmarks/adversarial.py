"""Scaling of the per-document pipeline on hostile input (issue 19).

Each hostile family is doubled from 10 KB past 1 MB and run through
``Pipeline.process`` (clean, segment, every extractor); the script prints the
CPU time per size, the growth factor per doubling and the slowest stages.  Linear stages grow about
2x per doubling; the target is at most 2.3x.  A family stops doubling once
one run takes longer than ``--budget`` seconds (a quadratic stage would
otherwise run for hours), and the slowest stage of its largest run is named.

    .venv/bin/python benchmarks/adversarial.py [--family NAME ...] [--max-kb 1280] [--budget 30]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import newsledger.pipeline as pipeline_module
from newsledger.model import Failure, RawDocument
from newsledger.pipeline import Pipeline

# CPU seconds per stage of the last run, to name the one that grows.
STAGE_TIMES: Counter[str] = Counter()
STAGE_FUNCTIONS = {
    "clean": "build_document",
    "mentions": "extract_mentions",
    "figures": "extract_figures",
    "quotes": "extract_quotes",
    "claims": "extract_claims",
    "events": "extract_events",
}


def _timed(stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            STAGE_TIMES[stage] += time.process_time() - start

    return run


for _stage, _name in STAGE_FUNCTIONS.items():
    setattr(pipeline_module, _name, _timed(_stage, getattr(pipeline_module, _name)))

SENTENCE = (
    "Siemens Energy said on Tuesday it would invest $2.5 billion in a new plant in Berlin, "
    "creating 1,200 jobs by 2027. "
)
_VOCABULARY = (
    "company market plant energy billion million investors shares revenue growth Berlin "
    "Munich Siemens Volkswagen Tuesday quarter profit workers said would report"
)
WORDS = _VOCABULARY.split()


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _random_sentences(size: int) -> str:
    # Many distinct sentences over a small vocabulary: every word is in many
    # sentences, so a search for earlier sentences sharing words is quadratic.
    rng = random.Random(size)
    out: list[str] = []
    length = 0
    while length < size:
        words = rng.sample(WORDS, 12)
        sentence = " ".join(words).capitalize() + f" {rng.randint(1, 999)}. "
        out.append(sentence)
        length += len(sentence)
    return "".join(out)[:size]


def _near_duplicate(size: int) -> str:
    # One passage told again and again with small changes: many repeated
    # spans, and many facts to test against them.
    rng = random.Random(size)
    passage = SENTENCE * 3 + "The company said revenue rose 12% to €4.1 billion in 2025. "
    out: list[str] = []
    length = 0
    while length < size:
        paragraph = passage.replace("1,200", f"{rng.randint(1000, 9999):,}") + "\n\n"
        out.append(paragraph)
        length += len(paragraph)
    return "".join(out)[:size]


def _deep_html(size: int) -> str:
    body = "<p>" + SENTENCE + "</p>"
    depth = max(1, (size - len(body)) // len("<div></div>"))
    return "<html><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>"


# name -> (kind, generator of about ``size`` characters)
FAMILIES: dict[str, tuple[str, Callable[[int], str]]] = {
    "exclamations": ("text", lambda n: SENTENCE + _fill("!", n)),
    "quotes": ("text", lambda n: SENTENCE + _fill("\"'", n)),
    "brackets": ("text", lambda n: SENTENCE + _fill("([{<>}])", n)),
    "percent": ("text", lambda n: SENTENCE + _fill("%", n)),
    "german-quotes": ("text", lambda n: SENTENCE + _fill("„“»«", n)),
    "mixed-punct": ("text", lambda n: SENTENCE + _fill("!?.,;:-%$€", n)),
    "huge-token": ("text", lambda n: SENTENCE + _fill("abcdefghij", n)),
    "long-number": ("text", lambda n: SENTENCE + "$" + _fill("1234567890", n)),
    "random-sentences": ("text", _random_sentences),
    "near-duplicate": ("text", _near_duplicate),
    "plain-news": ("text", lambda n: _fill(SENTENCE, n)),
    "deep-html": ("html", _deep_html),
}


def _time(pipeline: Pipeline, kind: str, text: str) -> tuple[float, str]:
    raw = RawDocument(source="<bench>", data=text.encode("utf-8"), kind=kind)  # type: ignore[arg-type]
    STAGE_TIMES.clear()
    # CPU time of this process: other jobs on a shared machine do not count.
    start = time.process_time()
    try:
        result = pipeline.process(raw)
    except Exception as error:  # before issue 19 some stages let errors escape
        return time.process_time() - start, f"raised {type(error).__name__}"
    elapsed = time.process_time() - start
    slowest = ", ".join(f"{k} {v:.2f}" for k, v in STAGE_TIMES.most_common(2))
    if isinstance(result, Failure):
        return elapsed, f"failure ({result.stage}: {result.reason[:60]}); {slowest}"
    return elapsed, f"ok; {slowest}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--family", action="append", choices=sorted(FAMILIES))
    parser.add_argument("--min-kb", type=int, default=10)
    parser.add_argument("--max-kb", type=int, default=1280)
    parser.add_argument("--budget", type=float, default=30.0, help="stop a family past this")
    args = parser.parse_args()
    pipeline = Pipeline()
    _time(pipeline, "text", SENTENCE * 20)  # load models and lexicons once
    worst = 0.0
    print(f"{'family':<18} {'KB':>6} {'seconds':>9} {'growth':>7}  outcome; slowest stages (s)")
    for name in args.family or FAMILIES:
        kind, make = FAMILIES[name]
        previous: float | None = None
        kb = args.min_kb
        while kb <= args.max_kb:
            elapsed, outcome = _time(pipeline, kind, make(kb * 1024))
            growth = ""
            if previous is not None and previous >= 0.2:  # below that, noise
                factor = elapsed / previous
                worst = max(worst, factor)
                growth = f"{factor:.2f}x"
            print(f"{name:<18} {kb:>6} {elapsed:>9.2f} {growth:>7}  {outcome}", flush=True)
            if elapsed > args.budget:
                print(f"{name:<18} stopped: over the {args.budget:.0f} s budget", flush=True)
                break
            previous = elapsed
            kb *= 2
    print(f"worst growth per doubling: {worst:.2f}x (target <= 2.3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
