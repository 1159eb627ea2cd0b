"""The NER corpora (``shared/corpora/ner``): reading, the train/dev split, scoring.

Every file is CoNLL (``token<TAB>tag``, blank line between sentences,
``# doc: <id>`` before each document; see the corpora README).  Tokens are
re-cut with the tokenizer the pipeline uses (``entities.text``), so the
model is trained on exactly the units it tags at run time; a source token
split in several pieces gives ``B-X I-X ...``.  Because each source token maps
to a whole run of pieces, an exact span over pieces is an exact span over
the source tokens, and scores are comparable with the usual CoNLL scoring.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsledger.extract.entities.text import TOKEN_RE

# Files whose weights may ship (README "ship?" = yes), per language.  SA and
# "no" files are never read for training here.
SHIPPABLE: dict[str, tuple[str, ...]] = {
    "en": ("wikigold", "btc", "wnut17", "gum-ccby"),
    "de": ("germeval-dev", "germeval-wiki", "europeana"),
}
# Entity types scored (MISC is trained where annotated, never scored or stored).
SCORED = ("PER", "ORG", "LOC")
# One document in DEV_SHARE goes to dev, chosen by a hash of its id, so the
# split is the same on every machine and does not move when files grow.
DEV_SHARE = 5
# Documents with more sentences than this (Europeana's lft and onb are each
# one "document" of pseudo-sentences) are split into blocks of this size
# before the dev draw, so one document cannot land wholly on one side.
BLOCK_SENTENCES = 50


@dataclass(frozen=True)
class Sentence:
    """One sentence as pipeline tokens: words, joined-to-previous flags, BIO tags."""

    source: str
    unit: str
    words: tuple[str, ...]
    joined: tuple[bool, ...]
    tags: tuple[str, ...]


def corpus_dir(shared: Path) -> Path:
    return shared / "corpora" / "ner"


def read_conll(path: Path) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(document id, [(token, tag), ...]) per sentence of one file."""
    doc = path.stem
    rows: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("# doc: "):
                if rows:
                    yield doc, rows
                    rows = []
                doc = line[len("# doc: ") :]
                continue
            if not line:
                if rows:
                    yield doc, rows
                    rows = []
                continue
            token, _, tag = line.rpartition("\t")
            rows.append((token, tag or "O"))
    if rows:
        yield doc, rows


def _name_pieces(pieces: Sequence[str]) -> tuple[int, int]:
    """The pieces of one tagged source token that belong to the name.

    Sources (OCR text above all) often glue punctuation or a possessive to a
    name token ("Wolfsburg.", "Guardiola's", "(Berlin"): those pieces are
    not part of the name, or the model learns to end names on a full stop.
    A final "." stays when the token has another one ("U.S.").
    """
    lo, hi = 0, len(pieces)
    while lo < hi and not pieces[lo].isalnum():
        lo += 1
    if hi - lo >= 3 and pieces[hi - 1].casefold() == "s" and pieces[hi - 2] in ("'", "’"):
        hi -= 2
    while hi > lo and not pieces[hi - 1].isalnum():
        if pieces[hi - 1] == "." and "." in pieces[lo : hi - 1]:
            break
        hi -= 1
    return (lo, hi) if lo < hi else (0, len(pieces))


def retokenize(rows: Sequence[tuple[str, str]]) -> tuple[list[str], list[bool], list[str]]:
    """Source tokens re-cut into pipeline tokens, with spread BIO tags.

    A span continues across the source tokens of one name; pieces outside
    the name (``_name_pieces``) are ``O``, and a span whose first token
    started with such a piece starts at its first name piece.
    """
    words: list[str] = []
    joined: list[bool] = []
    tags: list[str] = []
    for token, tag in rows:
        pieces = TOKEN_RE.findall(token) or [token]
        lo, hi = _name_pieces(pieces) if tag != "O" else (0, 0)
        for k, piece in enumerate(pieces):
            words.append(piece)
            joined.append(k > 0)
            if not lo <= k < hi:
                tags.append("O")
            elif k == lo and tag.startswith("B-"):
                tags.append(tag)
            else:
                tags.append("I-" + tag[2:])
    return words, joined, tags


def load(shared: Path, lang: str, names: Iterable[str] | None = None) -> list[Sentence]:
    """Every sentence of the named files (default: the shippable ones) of ``lang``."""
    out: list[Sentence] = []
    folder = corpus_dir(shared) / lang
    for name in names if names is not None else SHIPPABLE[lang]:
        path = folder / f"{name}.conll"
        if not path.is_file():
            raise FileNotFoundError(
                f"NER corpus file {path} is missing; see shared/corpora/README.md"
            )
        count: dict[str, int] = {}
        for doc, rows in read_conll(path):
            k = count.get(doc, 0)
            count[doc] = k + 1
            words, joined, tags = retokenize(rows)
            unit = f"{name}:{doc}:{k // BLOCK_SENTENCES}"
            out.append(Sentence(name, unit, tuple(words), tuple(joined), tuple(tags)))
    return out


def is_dev(sentence: Sentence) -> bool:
    return zlib.crc32(sentence.unit.encode("utf-8")) % DEV_SHARE == 0


def split(sentences: Sequence[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """(train, dev), by document (or block of a long document), deterministic."""
    train: list[Sentence] = []
    dev: list[Sentence] = []
    for s in sentences:
        (dev if is_dev(s) else train).append(s)
    return train, dev


def spans(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """(first, last, type) of each BIO span; a stray I- starts a span."""
    out: set[tuple[int, int, str]] = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if tag.startswith("I-") and start >= 0 and tag[2:] == kind:
            continue
        if start >= 0:
            out.add((start, i, kind))
            start, kind = -1, ""
        if tag != "O":
            start, kind = i, tag[2:]
    return out


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score(
    gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]
) -> dict[str, dict[str, float]]:
    """Exact-span P/R/F1 over PER/ORG/LOC, overall ("all") and per type."""
    counts = {t: Counts() for t in (*SCORED, "all")}
    for g_tags, p_tags in zip(gold, pred, strict=True):
        g = {s for s in spans(g_tags) if s[2] in SCORED}
        p = {s for s in spans(p_tags) if s[2] in SCORED}
        for kind in SCORED:
            gk = {s for s in g if s[2] == kind}
            pk = {s for s in p if s[2] == kind}
            c = counts[kind]
            c.tp += len(gk & pk)
            c.fp += len(pk - gk)
            c.fn += len(gk - pk)
        c = counts["all"]
        c.tp += len(g & p)
        c.fp += len(p - g)
        c.fn += len(g - p)
    return {k: c.scores() for k, c in counts.items()}
