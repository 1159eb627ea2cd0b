"""Quote attribution scored on SpkAtt-2023 Task 2 (German Wikinews), like the shared task.

Run: ``.venv/bin/python quality/quotes.py [--split dev|validation|all] [--show N]``.

The corpus (``../shared/corpora/quotes/spkatt-train/*.json``, CC BY-NC-SA 4.0:
development and evaluation only) is read in place, never copied.  Each
article's tokens are joined back into text (no space before closing
punctuation or after an opening mark), its sentences become the document's
sentences, and the real entity stage finds mentions with an empty knowledge
base, as for unseen news.

Scoring, per form (direct; indirect = Indirect + IndirectFreeIndirect;
reported; any = every form, the form ignored):

- A system quote matches a gold annotation of the same form when the token
  F1 of their messages is at least ``MATCH_F1``; matching is one-to-one and
  greedy, best overlap first.  Gold annotations nested in another one
  (``IsNested``) are not counted in recall, and a system quote matching one
  is not counted as a false positive.
- Speaker accuracy: the share of matched quotes with a gold source whose
  system speaker is right: the text span where the speaker was found (a
  pronoun counts as itself, as in the gold) overlaps the gold source, or the
  speaker's name shares a word with it.

The articles are split in halves by the parity of their Wikinews id (the
number opening the file name): ``dev`` (even ids) is for looking at errors
and tuning rules, ``validation`` (odd ids) is only scored.  (Until issue 15's
third pass the split was a hash of the file name, one in five held out.)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsledger.extract.entities import extract_mentions
from newsledger.extract.quotes import find_quotes
from newsledger.kb import KnowledgeBase
from newsledger.lang import load
from newsledger.model import Document, Span

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "quotes" / "spkatt-train"
# Token F1 between gold and system messages for a match: half the words
# shared, the usual lenient span match of attribution scorers.
MATCH_F1 = 0.5
FORMS = {
    "Direct": "direct",
    "Indirect": "indirect",
    "IndirectFreeIndirect": "indirect",
    "Reported": "reported",
    "FreeIndirect": "free_indirect",
}
SCORED = ("direct", "indirect", "reported", "any")
_NO_SPACE_BEFORE = set(",.;:!?)]}“”«%")
_NO_SPACE_AFTER = set("([{„»")
_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class Gold:
    form: str
    message: frozenset[int]  # token numbers in the document
    source: frozenset[int]
    nested: bool


@dataclass
class Article:
    name: str
    doc: Document
    tokens: list[Span]  # character span of every token
    gold: list[Gold]


def split_of(name: str) -> str:
    """``dev`` for an even Wikinews id, ``validation`` for an odd one."""
    m = re.match(r"\d+", name)
    if m is None:
        raise ValueError(f"SpkAtt file {name!r} does not start with its Wikinews id")
    return "validation" if int(m.group()) % 2 else "dev"


def read_article(path: Path) -> Article:
    data = json.loads(path.read_text(encoding="utf-8"))
    parts: list[str] = []
    spans: list[Span] = []
    sentences: list[Span] = []
    first: dict[int, int] = {}
    pos = 0
    straight_open = False
    for sent in data["Sentences"]:
        sid = int(sent["SentenceId"])
        first[sid] = len(spans)
        sent_start = -1
        for tok in sent["Tokens"]:
            glue = not parts or _glued(parts[-1], tok, straight_open)
            if tok == '"':
                straight_open = not straight_open
            if parts and not glue:
                parts.append(" ")
                pos += 1
            spans.append(Span(pos, pos + len(tok)))
            if sent_start < 0:
                sent_start = pos
            parts.append(tok)
            pos += len(tok)
        if sent_start >= 0:
            sentences.append(Span(sent_start, pos))
    text = "".join(parts)

    def index(refs: Iterable[str]) -> frozenset[int]:
        out = set()
        for ref in refs:
            s, t = ref.split(":")
            out.add(first[int(s)] + int(t))
        return frozenset(out)

    gold = [
        Gold(FORMS.get(a["Form"], "other"), index(a["Message"]), index(a["Source"]), a["IsNested"])
        for a in data["Annotations"]
        if a["Message"]
    ]
    doc = Document(
        id=path.stem,
        source=str(path),
        text=text,
        language="de",
        paragraphs=(Span(0, len(text)),),
        sentences=tuple(sentences),
    )
    return Article(path.stem, doc, spans, gold)


def _glued(prev: str, tok: str, straight_open: bool) -> bool:
    if tok == '"':
        return straight_open  # a closing straight mark sticks to the word before
    if prev == '"':
        return straight_open  # the word after an opening straight mark
    return tok in _NO_SPACE_BEFORE or prev in _NO_SPACE_AFTER


def _tokens_in(tokens: list[Span], start: int, end: int) -> frozenset[int]:
    return frozenset(i for i, t in enumerate(tokens) if t.start < end and start < t.end)


def _f1(a: frozenset[int], b: frozenset[int]) -> float:
    inter = len(a & b)
    return 0.0 if not inter else 2 * inter / (len(a) + len(b))


def _speaker_right(art: Article, found: Any, gold: Gold) -> bool:
    if not gold.source:
        return False
    span = found.speaker.at if found.speaker is not None else None
    if span is not None and _tokens_in(art.tokens, span.start, span.end) & gold.source:
        return True
    name = found.quote.speaker
    if not name:
        return False
    words = {w.lower() for w in art_words(art, gold.source)}
    return any(w.lower() in words for w in _WORD_RE.findall(name) if len(w) > 2)


def art_words(art: Article, toks: frozenset[int]) -> list[str]:
    text = art.doc.text
    return [text[art.tokens[i].start : art.tokens[i].end] for i in sorted(toks)]


def score_article(art: Article, counts: dict[str, dict[str, int]], errors: list[str]) -> None:
    lang = load("de")
    mentions = extract_mentions(art.doc, lang, KnowledgeBase())
    system = [
        (f, _tokens_in(art.tokens, f.content.start, f.content.end))
        for f in find_quotes(art.doc, mentions, lang)
    ]
    for form in SCORED:
        gold = [g for g in art.gold if form == "any" or g.form == form]
        sys_ = [(f, t) for f, t in system if form == "any" or f.quote.form == form]
        pairs = sorted(
            (
                (_f1(g.message, t), gi, si)
                for gi, g in enumerate(gold)
                for si, (_, t) in enumerate(sys_)
            ),
            reverse=True,
        )
        used_g: set[int] = set()
        used_s: set[int] = set()
        c = counts[form]
        for f1, gi, si in pairs:
            if f1 < MATCH_F1:
                break
            if gi in used_g or si in used_s:
                continue
            used_g.add(gi)
            used_s.add(si)
            g = gold[gi]
            if not g.nested:
                c["tp"] += 1
            if g.source:
                c["with_source"] += 1
                if _speaker_right(art, sys_[si][0], g):
                    c["speaker_right"] += 1
                elif form == "any":
                    errors.append(
                        f"{art.name}: {g.form} speaker {sys_[si][0].quote.speaker!r} "
                        f"for gold {' '.join(art_words(art, g.source))!r}: "
                        f"{sys_[si][0].quote.text[:80]!r}"
                    )
        c["fn"] += sum(1 for gi, g in enumerate(gold) if gi not in used_g and not g.nested)
        c["fp"] += len(sys_) - len(used_s)
        if form == "any":
            for gi, g in enumerate(gold):
                if gi not in used_g and not g.nested:
                    words = " ".join(art_words(art, g.message))[:120]
                    errors.append(f"{art.name}: missed {g.form}: {words!r}")
            for si, (f, _) in enumerate(sys_):
                if si not in used_s:
                    errors.append(f"{art.name}: false {f.quote.form}: {f.quote.text[:120]!r}")


def run(split: str = "all", errors: list[str] | None = None) -> dict[str, dict[str, float]]:
    """Scores per form on the SpkAtt articles of ``split`` (dev, validation, all)."""
    if not CORPUS.is_dir():
        raise FileNotFoundError(f"SpkAtt corpus {CORPUS} not found beside the repository")
    counts = {f: {"tp": 0, "fp": 0, "fn": 0, "with_source": 0, "speaker_right": 0} for f in SCORED}
    sink: list[str] = errors if errors is not None else []
    for path in sorted(CORPUS.glob("*.json")):
        if split != "all" and split_of(path.stem) != split:
            continue
        score_article(read_article(path), counts, sink)
    out: dict[str, dict[str, float]] = {}
    for form, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        sp = c["speaker_right"] / c["with_source"] if c["with_source"] else 0.0
        out[form] = {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(f1, 3),
            "speaker_accuracy": round(sp, 3),
            "gold": c["tp"] + c["fn"],
            "system": c["tp"] + c["fp"],
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="all", choices=("dev", "validation", "all"))
    parser.add_argument("--show", type=int, default=0, help="print this many errors")
    args = parser.parse_args(argv)
    errors: list[str] = []
    scores = run(args.split, errors)
    for form, s in scores.items():
        print(
            f"{form:9} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} "
            f"speaker {s['speaker_accuracy']:.3f}  (gold {s['gold']:.0f}, system {s['system']:.0f})"
        )
    for line in errors[: args.show]:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
