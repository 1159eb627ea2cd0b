"""Throughput of the quote and event stages on generated English and German articles.

Run: ``.venv/bin/python benchmarks/quotes_events.py`` — prints words/s per stage
and language.  Articles of about 600 words mix quoted statements, scare-quoted
fragments, event sentences and plain prose; mentions are found beforehand by
a plain name lookup so that only the two stages are timed.
"""

from __future__ import annotations

import random
import re
import time

from newsledger.extract.events import extract_events
from newsledger.extract.quotes import extract_quotes
from newsledger.lang import load
from newsledger.model import Document, EntityType, Mention

NAMES: dict[str, tuple[str, EntityType]] = {
    "Ada Berg": ("Ada Berg", "PERSON"),
    "Berg": ("Ada Berg", "PERSON"),
    "Tom Kahn": ("Tom Kahn", "PERSON"),
    "Kahn": ("Tom Kahn", "PERSON"),
    "Acme": ("Acme", "ORG"),
    "Globex": ("Globex", "ORG"),
    "Initech": ("Initech", "ORG"),
    "Widget 2": ("Widget 2", "PRODUCT"),
}
SENTENCES = {
    "en": [
        "“We will build the largest plant in Europe, and we will do it fast,” said Ada Berg.",
        "“That plan will never work,” Kahn wrote on X on Friday. “The sums do not add up.”",
        "He has called her a “fantasist” and dubs her “the dreamer.”",
        "In late 2023, Acme filed suit against Globex and Initech.",
        "Acme is reportedly raising $4 billion, hoping for a valuation of $30 billion.",
        "Last March, Berg unveiled Widget 2, a chip that she says beats anything Globex sells.",
        "Globex and Initech have agreed a partnership with Acme on batteries.",
        "The market for batteries grew quickly as prices fell and demand rose in many regions.",
        "Analysts expect the rivalry to shape the industry for years, whatever happens next.",
        "“That story has worn thin,” an investor told reporters last week.",
    ],
    "de": [
        "„Wir bauen das größte Werk Europas, und zwar schnell“, sagte Ada Berg.",
        "„Das wird nie funktionieren“, schrieb Kahn am Freitag auf X. „Das rechnet sich nicht.“",
        "Er nennt sie eine „Fantastin“ und verspottet sie als „Träumerin“.",
        "Ende 2023 reichte Acme Klage gegen Globex und Initech ein.",
        "Acme sammelte 4 Milliarden Euro ein, bei einer Bewertung von 30 Milliarden Euro.",
        "Im März stellte Berg Widget 2 vor, einen Chip, der alles von Globex übertreffen soll.",
        "2015 gründeten Berg und Kahn die Firma Acme in Leipzig.",
        "Der Markt für Batterien wuchs schnell, weil die Preise fielen und die Nachfrage stieg.",
        "Beobachter erwarten, dass der Streit die Branche noch jahrelang prägen wird.",
        "„Das hält hier keiner für glaubwürdig“, sagt ein Anwalt, der früher für Acme arbeitete.",
    ],
}
DOCS = 400
SENTENCES_PER_DOC = 35
_NAME_RE = re.compile("|".join(re.escape(k) for k in sorted(NAMES, key=len, reverse=True)))


def corpus(code: str, seed: int = 5) -> list[tuple[Document, list[Mention]]]:
    rng = random.Random(seed)
    out = []
    for i in range(DOCS):
        paras = []
        for _ in range(SENTENCES_PER_DOC // 3):
            paras.append(" ".join(rng.choice(SENTENCES[code]) for _ in range(3)))
        text = "\n".join(paras)
        doc = Document(
            id=f"{code}{i}", source="bench", text=text, language=code, published="2025-01-22"
        )
        mentions = [
            Mention(
                doc.id,
                m.start(),
                m.end(),
                m.group(0),
                f"kb:{NAMES[m.group(0)][0]}",
                *NAMES[m.group(0)],
            )
            for m in _NAME_RE.finditer(text)
        ]
        out.append((doc, mentions))
    return out


def main() -> None:
    for code in ("en", "de"):
        docs = corpus(code)
        lang = load(code)
        words = sum(len(d.text.split()) for d, _ in docs)
        extract_quotes(docs[0][0], docs[0][1], lang)  # warm the per-language caches
        extract_events(docs[0][0], docs[0][1], lang)
        start = time.perf_counter()
        quotes = sum(len(extract_quotes(d, m, lang)) for d, m in docs)
        q_time = time.perf_counter() - start
        start = time.perf_counter()
        events = sum(len(extract_events(d, m, lang)) for d, m in docs)
        e_time = time.perf_counter() - start
        print(
            f"{code}: {words:,} words in {len(docs)} docs; "
            f"quotes {words / q_time:,.0f} words/s ({quotes} quotes), "
            f"events {words / e_time:,.0f} words/s ({events} events)"
        )


if __name__ == "__main__":
    main()
