"""The learned name recogniser: a CRF per language, shipped in the package.

The knowledge base and the rules find names they know or that a cue
announces; this model finds people, organisations and places that nothing
announces ("Acme raised $40 million", "the city of Duisburg").  It tags the
same tokens the rules use, sentence by sentence, and its spans only fill the
gaps the rules left: a token any earlier pass took is never re-labelled.
The models are trained by ``python -m newsledger.train.ner`` (``make
models``); see docs/models.md for data, licences and scores.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from newsledger.extract.entities.features import (
    NO_CONTEXT,
    Context,
    Featurizer,
    document_context,
)
from newsledger.extract.entities.text import Hit, Rules, Tokens, new_id
from newsledger.model import EntityType

# Model labels -> our types; MISC (products, events, works, nationalities)
# is learned so that it is not confused with the others, but is not stored:
# the knowledge base and the product rules type those names.
LABELS: dict[str, EntityType] = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
# Sentences longer than this are tagged in pieces: the features look two
# tokens either side, and CRFsuite's cost is linear anyway; the cap only
# bounds one call on text without sentence marks (lists, tables).
MAX_SENTENCE = 200
_SENTENCE_END = frozenset(".!?")
# Lexicon tags that make a word a known name (see ``train.ner_lexicon``).
_NAME_TAGS = frozenset({"fn", "gpe", "org", "loc"})
# Lowest mean marginal probability of a span's labels for it to count.
# Calibrated on the NER dev split (thresholds 0 to 0.7 in steps of 0.1): in
# both languages F1 peaks at 0.4 (German 0.651 against 0.650 at 0 and 0.625
# at 0.7; English 0.668 against 0.667 at 0 and 0.654
# at 0.7); above it precision rises slowly and recall falls faster.
MIN_CONFIDENCE = 0.4


@dataclass(frozen=True)
class Recogniser:
    """One language's trained tagger and the featurizer it was trained with."""

    tagger: Any
    features: Featurizer

    def spans(
        self, words: list[str], joined: list[bool], context: Context = NO_CONTEXT
    ) -> list[tuple[int, int, str]]:
        """(first, last, label) of each name in one sentence of a document, [first, last)."""
        tags: list[str] = self.tagger.tag(self.features.sentence(words, joined, context))
        out: list[tuple[int, int, str]] = []
        i, n = 0, len(tags)
        while i < n:
            tag = tags[i]
            if tag == "O":
                i += 1
                continue
            kind = tag[2:]
            j = i + 1
            while j < n and tags[j] == "I-" + kind:
                j += 1
            confidence = sum(self.tagger.marginal(tags[k], k) for k in range(i, j)) / (j - i)
            if confidence >= MIN_CONFIDENCE:
                out.append((i, j, kind))
            i = j
        return out


def model_files(lang: str) -> tuple[str, str]:
    """Names of the model and lexicon files of ``lang`` inside the package."""
    return f"ner-{lang}.crfsuite", f"ner-{lang}.lexicon.tsv"


@functools.cache
def load_recogniser(lang: str) -> Recogniser | None:
    """The shipped recogniser of ``lang``, loaded once per process; None if none ships."""
    import pycrfsuite

    from newsledger.train.ner_lexicon import read_lexicon

    model_name, lexicon_name = model_files(lang)
    root = resources.files("newsledger") / "models"
    model = root / model_name
    if not model.is_file():
        return None
    tagger = pycrfsuite.Tagger()
    with resources.as_file(model) as path:
        # CRFsuite reads the whole file into memory on open.
        tagger.open(str(path))
    lexicon = read_lexicon((root / lexicon_name).read_text(encoding="utf-8").splitlines())
    return Recogniser(tagger, Featurizer(lexicon))


def model_lexicon(lang: str) -> Mapping[str, str]:
    """The word lists the shipped model of ``lang`` was trained with (empty if none ships)."""
    model = load_recogniser(lang)
    return model.features.lexicon if model is not None else {}


def sentences(tokens: Tokens) -> list[tuple[int, int]]:
    """[first, last) token ranges of sentences: after . ! ? before a space, and at line breaks."""
    out: list[tuple[int, int]] = []
    words, gaps, n = tokens.words, tokens.gaps, len(tokens)
    start = 0
    for i in range(1, n):
        gap = gaps[i]
        if "\n" in gap or (gap and words[i - 1] in _SENTENCE_END) or i - start >= MAX_SENTENCE:
            out.append((start, i))
            start = i
    if start < n:
        out.append((start, n))
    return out


def _trim(words: list[str], a: int, b: int) -> tuple[int, int]:
    """A span without the punctuation or possessive at its edges ("Wolfsburg." -> "Wolfsburg")."""
    while a < b and not words[a].isalnum():
        a += 1
    if b - a >= 3 and words[b - 1] in ("s", "S") and words[b - 2] in ("'", "’"):
        b -= 2
    while b > a and not words[b - 1].isalnum():
        if words[b - 1] == "." and "." in words[a : b - 1]:
            break  # "U.S."
        b -= 1
    return a, b


def _plausible(tokens: Tokens, a: int, b: int, r: Rules, lexicon: Mapping[str, str]) -> bool:
    """A name has a capitalised word, and a one-word name is no common noun or role."""
    if not any(tokens.caps[a:b]):
        return False
    if b - a == 1:
        word = tokens.words[a]
        if r.bad(word) or r.is_role(word):
            return False
        # A one-word name whose lower-case form is a common word of the
        # training text ("Chip", "Stance") stands only when a name list knows it.
        fold = word.casefold()
        if fold != word and "lc" in lexicon.get(fold, "").split():
            return bool(set(lexicon.get(word, "").split()) & _NAME_TAGS)
    return True


def learned_hits(tokens: Tokens, taken: list[str | None], lang: str, r: Rules) -> list[Hit]:
    """Names the model finds where no earlier pass found anything."""
    model = load_recogniser(lang)
    if model is None or not len(tokens):
        return []
    words, gaps, text = tokens.words, tokens.gaps, tokens.text
    hits: list[Hit] = []
    ranges = sentences(tokens)
    context = document_context(words[first:last] for first, last in ranges)
    for first, last in ranges:
        # A sentence without a capitalised word has no name the model could find.
        if not any(tokens.caps[first:last]):
            continue
        joined = [k > first and not gaps[k] for k in range(first, last)]
        for a, b, label in model.spans(words[first:last], joined, context):
            etype = LABELS.get(label)
            if etype is None:
                continue
            a, b = _trim(words, a + first, b + first)
            if a >= b or not _plausible(tokens, a, b, r, model.features.lexicon):
                continue
            if any(taken[k] is not None for k in range(a, b)):
                continue
            name = " ".join(text[tokens.starts[a] : tokens.ends[b - 1]].split())
            hits.append(Hit(a, b, new_id(etype, name), name, etype, "model"))
            for k in range(a, b):
                taken[k] = etype
    return hits
