"""Paragraphs and sentences.

Sentences come from spaCy's rule-based sentencizer on a blank pipeline of the
document's language: no model weights, and a user's own pipeline can be
swapped in.  Paragraphs are blocks separated by blank lines, or single lines
when the text has no blank lines.
"""

from __future__ import annotations

import functools
import re

import spacy
from spacy.language import Language

from newsledger.model import Span

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINE = re.compile(r"\n")
# spaCy refuses texts over nlp.max_length; longer documents are split into
# paragraph-aligned chunks of at most this many characters.
_CHUNK_CHARS = 200_000


@functools.cache
def _sentencizer(code: str) -> Language:
    try:
        nlp = spacy.blank(code)
    except ImportError:
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def split_paragraphs(text: str) -> tuple[Span, ...]:
    """Spans of the paragraphs of ``text``, without surrounding whitespace."""
    separator = _BLANK_LINE if _BLANK_LINE.search(text) else _LINE
    spans: list[Span] = []
    start = 0
    for match in separator.finditer(text):
        _add_stripped(text, start, match.start(), spans)
        start = match.end()
    _add_stripped(text, start, len(text), spans)
    return tuple(spans)


def split_sentences(text: str, paragraphs: tuple[Span, ...], language: str) -> tuple[Span, ...]:
    """Sentence spans; a sentence never crosses a paragraph or line boundary."""
    nlp = _sentencizer(language)
    spans: list[Span] = []
    for paragraph in paragraphs:
        offset = paragraph.start
        for line in _LINE.split(text[paragraph.start : paragraph.end]):
            for chunk_start in range(0, len(line), _CHUNK_CHARS):
                chunk = line[chunk_start : chunk_start + _CHUNK_CHARS]
                base = offset + chunk_start
                for sent in nlp(chunk).sents:
                    _add_stripped(text, base + sent.start_char, base + sent.end_char, spans)
            offset += len(line) + 1
    return _move_opening_marks(text, spans)


# The sentencizer keeps an opening quote mark that follows a full stop with
# the sentence before it ("… am Dienstag. „"); it belongs to the next one.
_OPENING_MARKS = "„“‚‘«»‹›\"'"


def _move_opening_marks(text: str, spans: list[Span]) -> tuple[Span, ...]:
    fixed = list(spans)
    for i in range(len(fixed) - 1):
        current, following = fixed[i], fixed[i + 1]
        last = text[current.end - 1]
        if (
            last in _OPENING_MARKS
            and current.end - current.start > 1
            and text[current.end - 2].isspace()
            and following.start >= current.end
        ):
            end = current.end - 1
            while end > current.start and text[end - 1].isspace():
                end -= 1
            fixed[i] = Span(current.start, end)
            fixed[i + 1] = Span(current.end - 1, following.end)
    return tuple(fixed)


def _add_stripped(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))
