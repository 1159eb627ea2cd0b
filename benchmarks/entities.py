"""Words per second of the entity stage (extract_mentions), one process.

Generates English and German news-like text from templates (no seed text),
warms the knowledge-base index once, then times extraction over many
documents.  Run: ``.venv/bin/python benchmarks/entities.py [--words N]``.
"""

from __future__ import annotations

import argparse
import random
import time

from newsledger.extract.entities import extract_mentions
from newsledger.kb import load_kb
from newsledger.lang import load
from newsledger.model import Document

TEMPLATES = {
    "en": [
        "{person}, the chief executive of {org}, said on Tuesday that the company would spend "
        "$10 billion on new data centers in {place}.",
        "Analysts at {org} expect {product} to gain users, according to a report seen by {org2}.",
        "{org}'s shares rose 4% after {person} said demand for {product} was strong.",
        "The deal, first reported by {org2}, still needs approval from regulators in {place}.",
        "Critics say the plan could hurt smaller rivals; supporters argue it will create jobs.",
        "In an interview, founder Jane Okafor said her company Lumora Labs hired 40 people.",
        "{person} wrote on X that the criticism was unfair, and {org} declined to comment.",
    ],
    "de": [
        "{person}, Chef von {org}, kündigte am Dienstag Investitionen von zehn Milliarden Euro "
        "in neue Rechenzentren in {place} an.",
        "Analysten von {org} erwarten, dass {product} weiter wächst, berichtet {org2}.",
        "Die Aktie von {org} stieg um vier Prozent, nachdem {person} die Nachfrage lobte.",
        "Die Regierung in {place} prüft das Vorhaben, Kritiker warnen vor höheren Strompreisen.",
        "Das Unternehmen will die Zahl der Mitarbeiter bis Ende des Jahres deutlich erhöhen.",
        "Laut Gründerin Jana Okafor hat das Start-up Lumora Labs 40 Menschen eingestellt.",
        "{person} schrieb in einem X-Beitrag, die Kritik sei unfair; {org} äußerte sich nicht.",
    ],
}
PEOPLE = ["Sam Altman", "Elon Musk", "Satya Nadella", "Jensen Huang", "Lisa Su", "Tim Cook"]
ORGS = ["OpenAI", "Microsoft", "Nvidia", "Reuters", "Bloomberg", "SoftBank", "Deutsche Bank"]
PRODUCTS = ["ChatGPT", "Grok 3", "Gemini", "Copilot", "Claude"]
PLACES = ["Texas", "Germany", "Memphis", "Bavaria", "Japan", "Berlin"]


def make_documents(lang: str, words: int, seed: int = 7) -> list[Document]:
    rng = random.Random(seed)
    docs: list[Document] = []
    total = 0
    while total < words:
        sentences = []
        for _ in range(40):
            template = rng.choice(TEMPLATES[lang])
            sentences.append(
                template.format(
                    person=rng.choice(PEOPLE),
                    org=rng.choice(ORGS),
                    org2=rng.choice(ORGS),
                    product=rng.choice(PRODUCTS),
                    place=rng.choice(PLACES),
                )
            )
        text = " ".join(sentences)
        total += len(text.split())
        docs.append(Document(id=f"{lang}{len(docs)}", source="bench", text=text, language=lang))
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000, help="words per language")
    parser.add_argument(
        "--rules-only", action="store_true", help="without the learned recogniser (the old stage)"
    )
    args = parser.parse_args()
    learned = not args.rules_only
    kb = load_kb()
    for lang in ("en", "de"):
        data = load(lang)
        docs = make_documents(lang, args.words)
        extract_mentions(
            docs[0], data, kb, learned=learned
        )  # build the alias index outside the timing
        words = sum(len(d.text.split()) for d in docs)
        start = time.perf_counter()
        mentions = sum(len(extract_mentions(d, data, kb, learned=learned)) for d in docs)
        seconds = time.perf_counter() - start
        print(
            f"{lang}: {words:,} words in {len(docs)} docs, {seconds:.2f} s, "
            f"{words / seconds:,.0f} words/s, {seconds / len(docs) * 1e3:.2f} ms/doc, "
            f"{mentions:,} mentions"
        )


if __name__ == "__main__":
    main()
