"""Exact-span PER/ORG/LOC scores of the name recogniser on the NER dev split.

    python quality/ner.py [--shared ../shared] [--approach learned|rules|combined]

The dev split is ``newsledger.train.ner_data.split`` over the shippable
files of ``shared/corpora/ner`` (one document in five, by a hash of its id);
the shipped models never saw it.  Approaches:

- ``learned``: the shipped CRF alone (what ``quality/ner.json`` gates);
- ``rules``: the knowledge base and rules without the model (the old recogniser);
- ``combined``: the full entity stage, rules first and the model filling gaps.

The rules see each sentence as its own text, so they lose the document-level
passes; GPE counts as LOC, other types are not scored.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC"}


def _text(words: tuple[str, ...], joined: tuple[bool, ...]) -> tuple[str, list[int], list[int]]:
    """The sentence as text, with each token's start and end offset."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    for k, (word, glued) in enumerate(zip(words, joined, strict=True)):
        if k and not glued:
            parts.append(" ")
            at += 1
        starts.append(at)
        parts.append(word)
        at += len(word)
        ends.append(at)
    return "".join(parts), starts, ends


def _pipeline_tags(sentence: Any, lang: str, learned: bool) -> list[str]:
    from newsledger.extract import entities
    from newsledger.kb import load_kb
    from newsledger.lang import load
    from newsledger.model import Document

    text, starts, ends = _text(sentence.words, sentence.joined)
    doc = Document(id="s", source="s", text=text, language=lang)
    mentions = entities.extract_mentions(doc, load(lang), load_kb(), learned=learned)
    tags = ["O"] * len(sentence.words)
    first_at = {s: k for k, s in enumerate(starts)}
    last_at = {e: k for k, e in enumerate(ends)}
    for m in mentions:
        kind = TYPES.get(m.type)
        a, b = first_at.get(m.start), last_at.get(m.end)
        if kind is None or a is None or b is None or any(t != "O" for t in tags[a : b + 1]):
            continue
        tags[a] = "B-" + kind
        for k in range(a + 1, b + 1):
            tags[k] = "I-" + kind
    return tags


def _tags(spans: list[tuple[int, int, str]], n: int) -> list[str]:
    tags = ["O"] * n
    for a, b, kind in spans:
        tags[a] = "B-" + kind
        for k in range(a + 1, b):
            tags[k] = "I-" + kind
    return tags


def run(shared: Path = SHARED, approach: str = "learned") -> dict[str, Any]:
    """{lang: {"all"|"PER"|"ORG"|"LOC": {precision, recall, f1}, "by_file": ...}}."""
    from newsledger.extract.entities.learned import load_recogniser
    from newsledger.train.ner import contexts
    from newsledger.train.ner_data import load, score, split

    out: dict[str, Any] = {}
    for lang in ("en", "de"):
        _train, dev = split(load(shared, lang))
        if approach == "learned":
            model = load_recogniser(lang)
            if model is None:
                raise SystemExit(f"no shipped model for {lang}: run `make models`")
            # Each sentence is tagged knowing its document, as at run time.
            ctx = contexts(dev)
            pred = [
                _tags(model.spans(list(s.words), list(s.joined), ctx[s.unit]), len(s.words))
                for s in dev
            ]
        else:
            pred = [_pipeline_tags(s, lang, approach == "combined") for s in dev]
        result: dict[str, Any] = dict(score([s.tags for s in dev], pred))
        result["by_file"] = {
            name: score(
                [s.tags for s in dev if s.source == name],
                [p for s, p in zip(dev, pred, strict=True) if s.source == name],
            )["all"]
            for name in sorted({s.source for s in dev})
        }
        out[lang] = result
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--approach", default="learned", choices=["learned", "rules", "combined"])
    args = parser.parse_args()
    if not (args.shared / "corpora" / "ner").is_dir():
        print(f"no NER corpora under {args.shared}", file=sys.stderr)
        return 2
    print(json.dumps(run(args.shared, args.approach), indent=1))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
