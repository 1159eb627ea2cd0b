"""Throughput of the figure stage on generated English and German text.

Run: ``.venv/bin/python benchmarks/figures.py [ROUNDS]`` — prints MB/s per
language.  Each mix runs ROUNDS times (default 5) and the best CPU time
counts: on a shared machine wall time and single runs vary by ±20 %, the
best of several CPU-time runs by a few percent.
Two mixes per language: "dense" draws every sentence from a list where
most sentences carry figures (a worst case, ~30 candidate numbers per 1,000
characters); "news" adds plain prose so that there is about one figure per
900 characters, the density of the seed articles.
"""

from __future__ import annotations

import random
import sys
import time

from newsledger.extract.figures import extract_figures
from newsledger.lang import load
from newsledger.model import Document

SENTENCES = {
    "en": [
        "Acme raised ${n} billion, aiming for a valuation of ${m} billion.",
        "The data centre runs more than {n} million GPUs and serves {m} million weekly users.",
        "Revenue grew {n}% in 2024, and margins rose {m} percentage points.",
        "Analysts expect between {n} billion and {m} billion agents by 2030.",
        "The company, founded in 2015, launched GPT-4 and Grok 3 on March 3.",
        "Critics say the plan is far from over and that the rivalry shapes the industry.",
        "Shares fell after the report, which one analyst called a turning point.",
        "It employs about {n},500 people across {m} offices in 12 countries.",
    ],
    "de": [
        "Acme sammelte {n} Milliarden US-Dollar ein, bei einer Bewertung von {m} Mrd. Euro.",
        "Das Rechenzentrum hat über {n}.000 Grafikprozessoren und {m} Millionen Nutzer.",
        "Der Umsatz stieg 2024 um {n},5 Prozent, die Marge um {m} Prozentpunkte.",
        "Zwischen {n} und {m} Milliarden KI-Agenten seien bis 2030 möglich.",
        "Das 2015 gegründete Unternehmen stellte am 3. März GPT-4 und Grok-2 vor.",
        "Kritiker sagen, der Streit sei noch lange nicht vorbei und präge die Branche.",
        "Die Aktie fiel nach dem Bericht, den ein Analyst als Wendepunkt bezeichnete.",
        "Es beschäftigt rund {n}.500 Mitarbeiter in {m} Büros in zwölf Ländern.",
    ],
}
TARGET_CHARS = 2_000_000


PROSE = {
    "en": [
        "The rivalry between the two founders has shaped the direction of the industry.",
        "Observers say the move did not go unnoticed in Washington or in Silicon Valley.",
        "Neither side is backing down, and the lawsuit is expected to drag on for months.",
        "Critics argue that the company has strayed from its original nonprofit mission.",
    ],
    "de": [
        "Der Streit der beiden Gründer prägt die Richtung der gesamten Branche.",
        "Beobachter fürchten, dass politischer Einfluss den Wettbewerb verzerren könnte.",
        "Keine Seite gibt nach, und der Rechtsstreit dürfte sich noch Monate hinziehen.",
        "Kritiker werfen dem Unternehmen vor, seine ursprüngliche Mission aufgegeben zu haben.",
    ],
}
# Prose sentences per figure sentence in the "news" mix.
PROSE_PER_FIGURE_SENTENCE = 12


def corpus(code: str, seed: int = 7, prose: int = 0) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    pool = SENTENCES[code] + PROSE[code] * prose
    while size < TARGET_CHARS:
        s = rng.choice(pool).format(n=rng.randint(1, 99), m=rng.randint(100, 999))
        parts.append(s)
        size += len(s) + 1
    return " ".join(parts)


def main(argv: list[str]) -> None:
    rounds = int(argv[0]) if argv else 5
    for code in ("en", "de"):
        for mix, prose in (("dense", 0), ("news", PROSE_PER_FIGURE_SENTENCE)):
            run(code, mix, corpus(code, prose=prose), rounds)


def run(code: str, mix: str, text: str, rounds: int = 5) -> None:
    lang = load(code)
    doc = Document(id=code, source="bench", text=text, language=code)
    extract_figures(Document(id="w", source="b", text=text[:2000], language=code), lang)
    elapsed = float("inf")
    found = []
    for _ in range(rounds):
        start = time.process_time()
        found = extract_figures(doc, lang)
        elapsed = min(elapsed, time.process_time() - start)
    mb = len(text.encode("utf-8")) / 1e6
    print(
        f"{code} {mix:5}: {mb:.1f} MB in {elapsed:.2f} s CPU = {mb / elapsed:.2f} MB/s, "
        f"{len(found)} distinct figures (best of {rounds})"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
