"""Quotes and their speakers: direct quotations, indirect and reported speech.

``direct`` finds quotation marks and attributes them; ``reported`` finds
speech without marks ("X said that ...", "laut X", "X zufolge", Konjunktiv I);
``speakers`` resolves who spoke (names, honorifics, roles, unnamed sources),
``coreference`` resolves pronouns and descriptions, both over ``mentions``'
index of the document's names.  Words come from ``lang/<code>/quotes.yaml``.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsledger.extract.quotes.direct import find_direct, quoted_spans
from newsledger.extract.quotes.lexicon import (
    MAX_QUOTE_CHARS,
    Found,
    Speaker,
    _lex,
    paragraph_spans,
    sentence_spans,
)
from newsledger.extract.quotes.mentions import is_genitive
from newsledger.extract.quotes.reported import find_reported
from newsledger.extract.quotes.speakers import SpeakerFinder, speaker_finder
from newsledger.lang import LangData
from newsledger.model import Document, Mention, Quote, Span

__all__ = [
    "MAX_QUOTE_CHARS",
    "Found",
    "Speaker",
    "SpeakerFinder",
    "extract_quotes",
    "find_quotes",
    "is_genitive",
    "paragraph_spans",
    "sentence_spans",
    "speaker_finder",
]


def find_quotes(doc: Document, mentions: Sequence[Mention], lang: LangData) -> list[Found]:
    """Every quote of ``doc`` with where its words and speaker are written."""
    lex = _lex(lang)
    marks = quoted_spans(doc, lex)
    attr = SpeakerFinder(doc, mentions, lex, [Span(a, b) for a, b, _ in marks])
    quoted = [Span(a, b) for a, b, _ in marks]
    found = find_direct(doc, lex, attr, marks)
    found += find_reported(doc, lex, attr, quoted, found)
    return sorted(found, key=lambda f: f.content.start)


def extract_quotes(doc: Document, mentions: Sequence[Mention], lang: LangData) -> list[Quote]:
    """Every quote of ``doc`` with its speaker (see ``find_quotes``)."""
    return [f.quote for f in find_quotes(doc, mentions, lang)]
