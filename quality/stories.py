"""Story links on SemEval-2022 Task 8 pairs, next to a TF-IDF cosine baseline.

Reads ``../shared/corpora/stories/semeval2022-train.csv`` (English/German news
article pairs rated 1 = same story ... 4 = different; development and
evaluation only, read in place, never copied).  Each pair id counts once
(the first row); pairs rated <= 1.5 are "same story", >= 3 "different", the
rest are left out as the shared README suggests.

The pairs are split by a hash of the pair id into a *fit* half and a
*report* half.  Every text is ingested into one story index (so that the
rarity of a name is measured in the ledger itself, as in use); a pair is
"same story" for newsledger when the two documents are linked
(``StoryIndex.link``, whose threshold ``LINK_SIMILARITY`` was calibrated on
the fit half).  The baseline is a plain TF-IDF cosine over the words of the
same texts, with its threshold fitted on the fit half.  F1 is reported on
the report half, per language pair and overall.

    .venv/bin/python quality/stories.py
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEMEVAL = SHARED / "corpora" / "stories" / "semeval2022-train.csv"
_PAIR_ID = re.compile(r"^\d+_\d+$")
_WORD = re.compile(r"\w+", re.UNICODE)
SAME_MAX = 1.5
DIFFERENT_MIN = 3.0
LANGUAGES = {"en", "de"}


@dataclass(frozen=True)
class Pair:
    pair_id: str
    languages: str  # "de-de", "de-en", "en-en"
    text1: str
    text2: str
    same: bool

    @property
    def half(self) -> str:
        digest = hashlib.sha1(self.pair_id.encode()).digest()
        return "fit" if digest[0] % 2 == 0 else "report"


def load_pairs(path: Path = SEMEVAL) -> list[Pair]:
    csv.field_size_limit(sys.maxsize)
    pairs: dict[str, Pair] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            pair_id = row["pair_id"]
            if not _PAIR_ID.match(pair_id) or pair_id in pairs:
                continue
            if row["lang1"] not in LANGUAGES or row["lang2"] not in LANGUAGES:
                continue
            overall = float(row["Overall"])
            if SAME_MAX < overall < DIFFERENT_MIN:
                continue
            languages = "-".join(sorted((row["lang1"], row["lang2"])))
            pairs[pair_id] = Pair(
                pair_id, languages, row["text1"], row["text2"], overall <= SAME_MAX
            )
    return list(pairs.values())


def _as_article(text: str) -> str:
    # The texts are "Title  Body": the first double space ends the title.
    title, sep, body = text.strip().partition("  ")
    return f"{title}\n\n{body.strip()}" if sep else title


def f1(gold: Sequence[bool], guess: Sequence[bool]) -> dict[str, float]:
    tp = sum(1 for g, s in zip(gold, guess, strict=True) if g and s)
    fp = sum(1 for g, s in zip(gold, guess, strict=True) if s and not g)
    fn = sum(1 for g, s in zip(gold, guess, strict=True) if g and not s)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "pairs": len(gold)}


def best_threshold(scores: Sequence[float], gold: Sequence[bool]) -> float:
    """The threshold with the best F1 on ``scores`` (ties: the lowest)."""
    best, best_f1 = 1.0, -1.0
    for t in sorted(set(scores)):
        value = f1(gold, [s >= t for s in scores])["f1"]
        if value > best_f1:
            best, best_f1 = t, value
    return best


def tfidf_scores(texts: Sequence[str], pairs: Iterable[tuple[int, int]]) -> list[float]:
    """Cosine of TF-IDF word vectors (lower-cased words, idf over ``texts``)."""
    bags = [Counter(_WORD.findall(t.casefold())) for t in texts]
    df: Counter[str] = Counter(w for bag in bags for w in bag)
    n = len(texts)
    vectors = []
    for bag in bags:
        vec = {w: (1 + math.log(c)) * math.log((n + 1) / (df[w] + 1)) for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append({w: v / norm for w, v in vec.items()})
    out = []
    for a, b in pairs:
        va, vb = vectors[a], vectors[b]
        if len(vb) < len(va):
            va, vb = vb, va
        out.append(sum(v * vb.get(w, 0.0) for w, v in va.items()))
    return out


def run(path: Path = SEMEVAL) -> dict[str, Any]:
    """Scores per half and language pair, for newsledger and the baseline."""
    from newsledger.model import RawDocument
    from newsledger.pipeline import Pipeline
    from newsledger.resolve.stories import StoryIndex, story_evidence

    pairs = load_pairs(path)
    texts: list[str] = []
    position: dict[str, int] = {}
    for pair in pairs:
        for text in (pair.text1, pair.text2):
            if text not in position:
                position[text] = len(texts)
                texts.append(text)
    pipeline = Pipeline()
    evidence = []
    for i, text in enumerate(texts):
        raw = RawDocument(
            source=f"semeval-{i}", data=_as_article(text).encode("utf-8"), kind="text"
        )
        evidence.append(story_evidence(pipeline.extract(pipeline.document(raw))))
    index = StoryIndex()
    for item in evidence:
        index.add(item, assign=False)
    index_pairs = [(position[p.text1], position[p.text2]) for p in pairs]
    compared = [index.compare(evidence[a], evidence[b]) for a, b in index_pairs]
    ours = [c.similarity for c in compared]
    linked = [c.linked for c in compared]
    base = tfidf_scores([_as_article(t) for t in texts], index_pairs)
    gold = [p.same for p in pairs]
    fit = [i for i, p in enumerate(pairs) if p.half == "fit"]
    threshold = best_threshold([base[i] for i in fit], [gold[i] for i in fit])
    ours_best = best_threshold([ours[i] for i in fit], [gold[i] for i in fit])
    result: dict[str, Any] = {
        "tfidf_threshold": threshold,
        "newsledger_best_fit_threshold": ours_best,
    }
    for half in ("fit", "report"):
        for languages in ("all", "en-en", "de-de", "de-en"):
            chosen = [
                i
                for i, p in enumerate(pairs)
                if p.half == half and languages in ("all", p.languages)
            ]
            g = [gold[i] for i in chosen]
            result[f"{half}/{languages}"] = {
                "newsledger": f1(g, [linked[i] for i in chosen]),
                "tfidf": f1(g, [base[i] >= threshold for i in chosen]),
            }
    return result


def main() -> None:
    result = run()
    print(f"TF-IDF threshold (fit half): {result['tfidf_threshold']:.3f}")
    print(f"newsledger best threshold on fit half: {result['newsledger_best_fit_threshold']:.3f}")
    print(f"{'half/languages':18} {'pairs':>5}  {'newsledger P/R/F1':>20}  {'TF-IDF P/R/F1':>20}")
    for key, value in result.items():
        if not isinstance(value, dict):
            continue
        ours, base = value["newsledger"], value["tfidf"]
        print(
            f"{key:18} {ours['pairs']:>5}  "
            f"{ours['p']:.2f}/{ours['r']:.2f}/{ours['f1']:.3f}      "
            f"{base['p']:.2f}/{base['r']:.2f}/{base['f1']:.3f}"
        )


if __name__ == "__main__":
    main()
