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

Side by side, a *learned* pair scorer: a logistic regression over the same
evidence (each family's similarity and whether both documents have the
family, and whether the two are in one language), fitted on the fit half
here at run time and thresholded at its best fit-half F1.  The SemEval texts
may be used for development and evaluation only
(``../shared/corpora/README.md``), so weights fitted on them are never
shipped: this measures what a learned scorer would add, nothing more.

    .venv/bin/python quality/stories.py
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
import sys
import time
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


def fit_logistic(
    rows: Sequence[Sequence[float]], gold: Sequence[bool], l2: float = 0.1
) -> list[float]:
    """Weights (bias last) of an L2-regularised logistic regression, by Newton's method."""
    import numpy as np

    x = np.column_stack([np.array(rows, dtype=float), np.ones(len(rows))])
    y = np.array(gold, dtype=float)
    w = np.zeros(x.shape[1])
    penalty = l2 * np.diag([1.0] * (x.shape[1] - 1) + [0.0])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = (x.T * (p * (1 - p))) @ x + penalty
        w = w - np.linalg.solve(hessian, gradient)
    return [float(v) for v in w]


def logistic(weights: Sequence[float], row: Sequence[float]) -> float:
    z = weights[-1] + sum(w * v for w, v in zip(weights, row, strict=False))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def pair_row(compared: Any, same_language: bool) -> list[float]:
    """The learned scorer's inputs: per family its similarity and whether it counts."""
    values = [v for _, v in compared.families]
    present = [1.0 if v > 0 else 0.0 for v in values]
    return [*values, *present, 1.0 if same_language else 0.0]


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
    began = time.perf_counter()
    compared = [index.compare(evidence[a], evidence[b]) for a, b in index_pairs]
    rules_seconds = time.perf_counter() - began
    ours = [c.similarity for c in compared]
    linked = [c.linked for c in compared]
    base = tfidf_scores([_as_article(t) for t in texts], index_pairs)
    gold = [p.same for p in pairs]
    fit = [i for i, p in enumerate(pairs) if p.half == "fit"]
    threshold = best_threshold([base[i] for i in fit], [gold[i] for i in fit])
    ours_best = best_threshold([ours[i] for i in fit], [gold[i] for i in fit])
    rows = [pair_row(c, p.languages != "de-en") for c, p in zip(compared, pairs, strict=True)]
    weights = fit_logistic([rows[i] for i in fit], [gold[i] for i in fit])
    began = time.perf_counter()
    learned_scores = [logistic(weights, row) for row in rows]
    learned_seconds = time.perf_counter() - began
    learned_threshold = best_threshold([learned_scores[i] for i in fit], [gold[i] for i in fit])
    result: dict[str, Any] = {
        "tfidf_threshold": threshold,
        "newsledger_best_fit_threshold": ours_best,
        "learned_threshold": learned_threshold,
        "rules_ms_per_pair": 1000 * rules_seconds / max(1, len(pairs)),
        "learned_extra_ms_per_pair": 1000 * learned_seconds / max(1, len(pairs)),
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
                "learned": f1(g, [learned_scores[i] >= learned_threshold for i in chosen]),
            }
    return result


def main() -> None:
    result = run()
    print(f"TF-IDF threshold (fit half): {result['tfidf_threshold']:.3f}")
    print(f"newsledger best threshold on fit half: {result['newsledger_best_fit_threshold']:.3f}")
    print(
        f"rules {result['rules_ms_per_pair']:.2f} ms a pair; the learned scorer adds "
        f"{result['learned_extra_ms_per_pair']:.3f} ms (not shipped: SemEval licence)"
    )
    header = f"{'half/languages':18} {'pairs':>5}"
    for name in ("newsledger P/R/F1", "TF-IDF P/R/F1", "learned P/R/F1"):
        header += f"  {name:>17}"
    print(header)
    for key, value in result.items():
        if not isinstance(value, dict):
            continue
        line = f"{key:18} {value['newsledger']['pairs']:>5}"
        for name in ("newsledger", "tfidf", "learned"):
            score = value[name]
            line += f"  {score['p']:.2f}/{score['r']:.2f}/{score['f1']:.3f}".rjust(19)
        print(line)


if __name__ == "__main__":
    main()
