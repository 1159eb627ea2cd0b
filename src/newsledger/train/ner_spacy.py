"""The spaCy CNN alternative to the CRF, trained and scored on the same split.

    python -m newsledger.train.ner_spacy export --lang en --work /tmp/ner-spacy
    python -m newsledger.train.ner_spacy score --lang en --model /tmp/ner-spacy/en/model-best

``export`` writes the train side of ``ner_data.split`` (less the validation
fifth the CRF tunes on, ``ner.VALIDATION_SHARE``) and that validation fifth
as spaCy DocBins, with the pipeline's own tokens, so spaCy's checkpoint choice
never sees the dev side.  Train with ``spacy train`` (efficiency config, no
vectors); ``score`` tags the dev side sentence by sentence and prints the same
exact-span PER/ORG/LOC scores as ``quality/ner.py``, plus speed, load time and
size.  This is the measurement behind the choice in docs/models.md; the
shipped recogniser stays the CRF (``train.ner``).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsledger.train.ner import _validation
from newsledger.train.ner_data import Sentence, load, score, spans, split


def _doc(nlp: Any, s: Sentence, tagged: bool) -> Any:
    from spacy.tokens import Doc, Span

    n = len(s.words)
    spaces = [k + 1 < n and not s.joined[k + 1] for k in range(n)]
    doc = Doc(nlp.vocab, words=list(s.words), spaces=spaces)
    if tagged:
        doc.ents = [Span(doc, a, b, label=kind) for a, b, kind in sorted(spans(s.tags))]
    return doc


def export(lang: str, shared: Path, work: Path) -> dict[str, int]:
    import spacy
    from spacy.tokens import DocBin

    train, _dev = split(load(shared, lang))
    nlp = spacy.blank(lang)
    out = work / lang
    out.mkdir(parents=True, exist_ok=True)
    fit = [s for s in train if not _validation(s)]
    val = [s for s in train if _validation(s)]
    for name, part in (("train", fit), ("val", val)):
        bin_ = DocBin(docs=(_doc(nlp, s, True) for s in part))
        bin_.to_disk(out / f"{name}.spacy")
    return {"train": len(fit), "val": len(val)}


def _bio(doc: Any) -> list[str]:
    tags = ["O"] * len(doc)
    for ent in doc.ents:
        tags[ent.start] = "B-" + ent.label_
        for k in range(ent.start + 1, ent.end):
            tags[k] = "I-" + ent.label_
    return tags


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def evaluate(lang: str, shared: Path, model: Path) -> dict[str, Any]:
    import spacy

    _train, dev = split(load(shared, lang))
    t0 = time.perf_counter()
    nlp = spacy.load(model)
    load_seconds = time.perf_counter() - t0
    docs = [_doc(nlp, s, False) for s in dev]
    t0 = time.perf_counter()
    pred = [_bio(d) for d in nlp.pipe(docs, batch_size=256)]
    seconds = time.perf_counter() - t0
    words = sum(len(s.words) for s in dev)
    result: dict[str, Any] = {
        "lang": lang,
        "model": str(model),
        "dev": score([s.tags for s in dev], pred),
        "words_per_second": round(words / seconds),
        "load_seconds": round(load_seconds, 2),
        "model_bytes": _size(model),
    }
    return result


def _crf_tags(model: Any, dev: Sequence[Sentence]) -> list[list[str]]:
    from newsledger.train.ner import contexts

    ctx = contexts(dev)
    pred: list[list[str]] = []
    for s in dev:
        tags = ["O"] * len(s.words)
        for a, b, kind in model.spans(list(s.words), list(s.joined), ctx[s.unit]):
            tags[a] = "B-" + kind
            for k in range(a + 1, b):
                tags[k] = "I-" + kind
        pred.append(tags)
    return pred


def _load_crf(lang: str, folder: Path) -> Any:
    import pycrfsuite

    from newsledger.extract.entities.features import Featurizer
    from newsledger.extract.entities.learned import Recogniser, model_files
    from newsledger.train.ner_lexicon import read_lexicon

    model_name, lexicon_name = model_files(lang)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(folder / model_name))
    lexicon = read_lexicon((folder / lexicon_name).read_text(encoding="utf-8").splitlines())
    return Recogniser(tagger, Featurizer(lexicon))


def stack(lang: str, shared: Path, crf: Path, cnn: Path) -> dict[str, Any]:
    """CRF spans, plus the CNN's spans where they overlap none of the CRF's (and the reverse)."""
    import spacy

    _train, dev = split(load(shared, lang))
    crf_pred = _crf_tags(_load_crf(lang, crf), dev)
    nlp = spacy.load(cnn)
    cnn_pred = [_bio(d) for d in nlp.pipe((_doc(nlp, s, False) for s in dev), batch_size=256)]

    def union(first: list[str], second: list[str]) -> list[str]:
        out = list(first)
        for a, b, kind in sorted(spans(second)):
            if all(t == "O" for t in out[a:b]):
                out[a] = "B-" + kind
                for k in range(a + 1, b):
                    out[k] = "I-" + kind
        return out

    gold = [s.tags for s in dev]
    return {
        "lang": lang,
        "crf": score(gold, crf_pred)["all"],
        "cnn": score(gold, cnn_pred)["all"],
        "crf_then_cnn": score(gold, [union(c, n) for c, n in zip(crf_pred, cnn_pred, strict=True)])[
            "all"
        ],
        "cnn_then_crf": score(gold, [union(n, c) for c, n in zip(crf_pred, cnn_pred, strict=True)])[
            "all"
        ],
    }


def evaluate_crf(lang: str, shared: Path, folder: Path) -> dict[str, Any]:
    """The same measurement for the CRF files in ``folder`` (tagged as at run time)."""
    from newsledger.extract.entities.learned import model_files

    _train, dev = split(load(shared, lang))
    model_name, lexicon_name = model_files(lang)
    t0 = time.perf_counter()
    model = _load_crf(lang, folder)
    load_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    pred = _crf_tags(model, dev)
    seconds = time.perf_counter() - t0
    words = sum(len(s.words) for s in dev)
    return {
        "lang": lang,
        "model": str(folder),
        "dev": score([s.tags for s in dev], pred),
        "words_per_second": round(words / seconds),
        "load_seconds": round(load_seconds, 2),
        "model_bytes": (folder / model_name).stat().st_size
        + (folder / lexicon_name).stat().st_size,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["export", "score", "score-crf", "stack"])
    parser.add_argument("--lang", required=True)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/ner-spacy"))
    parser.add_argument("--model", type=Path)
    parser.add_argument("--crf", type=Path, help="folder of the CRF files (stack)")
    args = parser.parse_args(argv)
    if args.action == "export":
        print(json.dumps(export(args.lang, args.shared, args.work)))
    elif args.model is None:
        parser.error(f"{args.action} needs --model")
    elif args.action == "stack":
        crf = args.crf or Path(__file__).parent.parent / "models"
        print(json.dumps(stack(args.lang, args.shared, crf, args.model)))
    elif args.action == "score-crf":
        print(json.dumps(evaluate_crf(args.lang, args.shared, args.model)))
    else:
        print(json.dumps(evaluate(args.lang, args.shared, args.model)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
