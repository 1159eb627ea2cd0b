"""Train the shipped name recognisers (``make models``): one CRF per language.

    python -m newsledger.train.ner [--shared ../shared] [--out src/newsledger/models]
        [--langs en de] [--algorithm lbfgs|ap] [--max-iterations N] [--no-places]
        [--c1 X] [--c2 X] [--no-names] [--validate]

Reads only the files whose weights may ship (``ner_data.SHIPPABLE``),
trains on the train side of the deterministic split, prints exact-span
PER/ORG/LOC scores on the dev side, and writes ``ner-<lang>.crfsuite`` plus
the word lists the features look up (``ner-<lang>.lexicon.tsv``).  CRFsuite's
L-BFGS is deterministic, so the same corpora give the same model.
``--validate`` holds a fifth of the train side out instead (``VALIDATION_SHARE``)
and scores on that: the place to tune C1/C2, never on dev.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsledger.extract.entities.features import Context, Featurizer, document_context
from newsledger.train.ner_data import Sentence, load, score, split
from newsledger.train.ner_lexicon import (
    build_lexicon,
    lowercase_words,
    merge,
    name_words,
    word_stats,
    write_lexicon,
)

# L1 and L2 weights: L1 prunes most features, so each model stays near 3 MB.
# Set by hand to common CRFsuite values, not tuned: a grid did not fit in the
# time this work had on a shared machine (a cheap next step, see docs/models.md).
C1 = 0.1
C2 = 0.01
# L-BFGS iterations: German dev F1 was 0.628 after 40 and 0.654 after 150;
# 150 bounds a run at a few minutes per language on two idle cores.
MAX_ITERATIONS = 150


# With --validate, one training unit in VALIDATION_SHARE (by another hash
# than the dev draw) is held out for tuning.
VALIDATION_SHARE = 5


def contexts(sentences: Sequence[Sentence]) -> dict[str, Context]:
    """The document context of each unit (document, or block of a long one)."""
    units: dict[str, list[tuple[str, ...]]] = {}
    for s in sentences:
        units.setdefault(s.unit, []).append(s.words)
    return {unit: document_context(words) for unit, words in units.items()}


def featurize(sentences: Sequence[Sentence], feats: Featurizer) -> list[list[list[str]]]:
    ctx = contexts(sentences)
    return [feats.sentence(s.words, s.joined, ctx[s.unit]) for s in sentences]


def _half(sentence: Sentence) -> int:
    return zlib.crc32(("half:" + sentence.unit).encode("utf-8")) % 2


def _validation(sentence: Sentence) -> bool:
    return zlib.crc32(("val:" + sentence.unit).encode("utf-8")) % VALIDATION_SHARE == 0


def training_features(
    train: Sequence[Sentence], base: dict[str, str], names: bool
) -> tuple[dict[str, str], list[tuple[Sentence, list[list[str]]]]]:
    """The shipped lexicon and the featurized training sentences.

    The name lists learned from the labels (``name_words``) are built from all
    of ``train`` for tagging, but each half of ``train`` is featurized with
    the lists of the other half: trained on lists that know its own names,
    the model would trust them blindly and miss names no list knows.
    """
    stats = word_stats(s.words for s in train)
    if not names:
        lexicon = merge(base, stats)
        return lexicon, list(zip(train, featurize(train, Featurizer(lexicon)), strict=True))
    halves = ([s for s in train if _half(s) == 0], [s for s in train if _half(s) == 1])
    rows: list[tuple[Sentence, list[list[str]]]] = []
    for k in (0, 1):
        other = name_words((s.words, s.tags) for s in halves[1 - k])
        feats = Featurizer(merge(base, stats, other))
        rows.extend(zip(halves[k], featurize(halves[k], feats), strict=True))
    return merge(base, stats, name_words((s.words, s.tags) for s in train)), rows


def train_one(
    lang: str,
    shared: Path,
    out: Path,
    algorithm: str,
    max_iterations: int,
    places: bool,
    c1: float = C1,
    c2: float = C2,
    names: bool = True,
    validate: bool = False,
) -> dict[str, Any]:
    import pycrfsuite

    started = time.perf_counter()
    sentences = load(shared, lang)
    train, dev = split(sentences)
    if validate:
        dev = [s for s in train if _validation(s)]
        train = [s for s in train if not _validation(s)]
    base = build_lexicon(lang, places=places, lowercase=lowercase_words(s.words for s in train))
    lexicon, rows = training_features(train, base, names)
    out.mkdir(parents=True, exist_ok=True)
    model_path = out / f"ner-{lang}.crfsuite"
    trainer = pycrfsuite.Trainer(algorithm=algorithm, verbose=False)
    for s, x in rows:
        trainer.append(x, list(s.tags))
    del rows
    params: dict[str, Any] = {
        "max_iterations": max_iterations,
        "feature.possible_transitions": True,
    }
    if algorithm == "lbfgs":
        params.update({"c1": c1, "c2": c2})
    trainer.set_params(params)
    trainer.train(str(model_path))
    write_lexicon(lexicon, out / f"ner-{lang}.lexicon.tsv")
    trained = time.perf_counter() - started
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    t0 = time.perf_counter()
    pred = [tagger.tag(x) for x in featurize(dev, Featurizer(lexicon))]
    tag_seconds = time.perf_counter() - t0
    tokens = sum(len(s.words) for s in dev)
    result: dict[str, Any] = {
        "lang": lang,
        "algorithm": algorithm,
        "places": places,
        "names": names,
        "c1": c1,
        "c2": c2,
        "max_iterations": max_iterations,
        "scored_on": "validation" if validate else "dev",
        "train_sentences": len(train),
        "dev_sentences": len(dev),
        "train_seconds": round(trained, 1),
        "dev_tokens_per_second": round(tokens / tag_seconds),
        "model_bytes": model_path.stat().st_size,
        "dev": score([s.tags for s in dev], pred),
        "dev_by_file": {},
    }
    for name in sorted({s.source for s in dev}):
        idx = [i for i, s in enumerate(dev) if s.source == name]
        result["dev_by_file"][name] = score([dev[i].tags for i in idx], [pred[i] for i in idx])[
            "all"
        ]
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, default=Path(__file__).parent.parent / "models")
    parser.add_argument("--langs", nargs="+", default=["en", "de"])
    parser.add_argument("--algorithm", default="lbfgs", choices=["lbfgs", "ap"])
    parser.add_argument("--max-iterations", type=int, default=MAX_ITERATIONS)
    parser.add_argument("--no-places", action="store_true")
    parser.add_argument("--no-names", action="store_true", help="no name lists from the labels")
    parser.add_argument("--c1", type=float, default=C1)
    parser.add_argument("--c2", type=float, default=C2)
    parser.add_argument(
        "--validate", action="store_true", help="score on a fifth of train, not on dev"
    )
    args = parser.parse_args(argv)
    if not (args.shared / "corpora" / "ner").is_dir():
        print(f"no NER corpora under {args.shared}/corpora/ner; pass --shared", file=sys.stderr)
        return 2
    for lang in args.langs:
        result = train_one(
            lang,
            args.shared,
            args.out,
            args.algorithm,
            args.max_iterations,
            not args.no_places,
            c1=args.c1,
            c2=args.c2,
            names=not args.no_names,
            validate=args.validate,
        )
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
