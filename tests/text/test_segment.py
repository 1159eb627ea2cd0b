from __future__ import annotations

import itertools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.model import Span
from newsledger.text.segment import (
    _WHOLE_CHUNK,
    _chunks,
    _digit_blind,
    _move_opening_marks,
    _pieces,
    _sentencizer,
    split_paragraphs,
    split_sentences,
)


def _texts(text: str, spans: object) -> list[str]:
    return [text[s.start : s.end] for s in spans]  # type: ignore[attr-defined]


def test_paragraphs_split_on_blank_lines() -> None:
    text = "Title line\n\nFirst paragraph. Two sentences.\n\n  Second one.  "
    assert _texts(text, split_paragraphs(text)) == [
        "Title line",
        "First paragraph. Two sentences.",
        "Second one.",
    ]


def test_single_newlines_separate_paragraphs_when_there_are_no_blank_lines() -> None:
    text = "One.\nTwo.\nThree."
    assert len(split_paragraphs(text)) == 3


def test_german_sentences_keep_the_opening_quote_with_the_quote() -> None:
    text = (
        "„Sie haben das Geld nicht“, schrieb Musk am Dienstag. „Das weiß ich.“ Danach schwieg er."
    )
    paragraphs = split_paragraphs(text)
    sentences = _texts(text, split_sentences(text, paragraphs, "de"))
    assert sentences[1].startswith("„Das weiß ich.")
    assert sentences[0].endswith("Dienstag.")


def test_sentences_never_cross_lines_and_work_for_unknown_languages() -> None:
    text = "Headline without stop\nBody sentence one. Body sentence two."
    spans = split_sentences(text, split_paragraphs(text), "zz")
    assert _texts(text, spans) == [
        "Headline without stop",
        "Body sentence one.",
        "Body sentence two.",
    ]


def _sentences(text: str, language: str) -> list[str]:
    return _texts(text, split_sentences(text, split_paragraphs(text), language))


def test_ordinals_abbreviations_and_numbers_do_not_end_sentences() -> None:
    text = "Die Messe beginnt am 10. März in Leipzig. Sie endet am 12. März."
    assert _sentences(text, "de") == [
        "Die Messe beginnt am 10. März in Leipzig.",
        "Sie endet am 12. März.",
    ]
    text = "Dr. Smith met U.S. officials at 3 p.m. on Jan. 5. They agreed."
    assert _sentences(text, "en") == [
        "Dr. Smith met U.S. officials at 3 p.m. on Jan. 5.",
        "They agreed.",
    ]
    text = "Revenue rose to $31.6 billion. Costs fell 2.5%. Really?! Yes. 1.234.567,89 Euro."
    assert _sentences(text, "en") == [
        "Revenue rose to $31.6 billion.",
        "Costs fell 2.5%.",
        "Really?!",
        "Yes.",
        "1.234.567,89 Euro.",
    ]


def test_closing_quotes_after_a_full_stop_stay_with_their_sentence() -> None:
    text = 'He said: "We won." Then he left.\nEr sagte: „Wir haben gewonnen.“ Dann ging er.'
    assert _sentences(text, "de") == [
        'He said: "We won."',
        "Then he left.",
        "Er sagte: „Wir haben gewonnen.“",
        "Dann ging er.",
    ]


def test_numbers_of_one_shape_share_a_cached_decision_only_when_safe() -> None:
    chunks = _chunks("en")
    assert chunks.numbers is not None
    assert chunks.numbers.key("$31.6") == chunks.numbers.key("$42.7")
    # "0.0" is an emoticon special case: never folded into a number shape.
    assert chunks.numbers.key("10.0.") == "10.0."
    assert chunks.decide("$31.6") == chunks._tokenize("$31.6")
    assert chunks.decide("2029.") == chunks._tokenize("2029.") == (((), True), ((0,), True))
    assert not _digit_blind(r"(?:[1-9]|1\d)\.")
    assert _digit_blind(r"(?<=[0-9])\.|\d+")


# Pieces that stress the tokenizer: abbreviations, ordinals, numbers, quotes,
# emoticon special cases, runs of punctuation and every kind of whitespace.
_PIECES = [
    "Dr.", "U.S.", "z.B.", "10.", "März", "word", "3.5", "1,000", "$5", "5%", "0.0", "8)",
    ":)", "1.2.3.4", "2029.", "3a.m.", "...", "?!", ".", "!", "?", "…", ",", ";", '"', "„",
    "“", "”", "'", "(", ")", "-", "«", "»", "。", "http://x.com/a.b", "St.", "Inc.", "The",
]  # fmt: skip
_SEPARATORS = [" ", " ", " ", "", "  ", "\n", "\n\n", "\t", " \n", "\u2009", "\u3000", "\xa0"]


def _reference(text: str, language: str) -> tuple[Span, ...]:
    """spaCy's own sentencizer run line by line, as the splitter promises to match."""
    nlp = _sentencizer(language)
    spans: list[Span] = []
    for paragraph in split_paragraphs(text):
        offset = paragraph.start
        for line in text[paragraph.start : paragraph.end].split("\n"):
            for sent in nlp(line).sents:
                start, end = offset + sent.start_char, offset + sent.end_char
                piece = text[start:end]
                start += len(piece) - len(piece.lstrip())
                end -= len(piece) - len(piece.rstrip())
                if end > start:
                    spans.append(Span(start, end))
            offset += len(line) + 1
    return _move_opening_marks(text, spans)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPARATORS)), max_size=40),
    st.sampled_from(["en", "de", "xx"]),
)
def test_sentences_match_spacys_sentencizer(parts: list[tuple[str, str]], language: str) -> None:
    text = "".join(piece + separator for piece, separator in parts)
    assert split_sentences(text, split_paragraphs(text), language) == _reference(text, language)


@pytest.mark.parametrize("unit", ["!", "„“»«", "\"'", "([{<>}])", "%", "!?.,;:-%$€", "ab%", "a"])
def test_long_whitespace_free_runs_split_in_linear_time_with_exact_offsets(unit: str) -> None:
    # spaCy's tokenizer is quadratic on such runs (12 KB of "!": 14 s); pieces bound it.
    run = (unit * 200_000)[:200_000]
    text = f"Siemens said so. {run} Then it ended."
    started = time.process_time()
    spans = split_sentences(text, split_paragraphs(text), "en")
    assert time.process_time() - started < 5.0
    assert spans[0].start == 0
    assert text[spans[-1].start : spans[-1].end].endswith("Then it ended.")
    for before, after in itertools.pairwise(spans):
        assert before.end <= after.start
    covered = "".join(text[s.start : s.end] for s in spans)
    assert covered.replace(" ", "") == text.replace(" ", "")


def test_chunk_pieces_cover_the_chunk_and_leave_short_chunks_whole() -> None:
    assert list(_pieces("U.S.-based")) == [(0, "U.S.-based")]
    url = "https://example.com/" + "a/b.c?d=e&" * 30
    assert list(_pieces(url)) == [(0, url)]  # a URL stays one token
    for chunk in ["!" * 5_000, "a" * 5_000, "„“»«" * 999, "a!" * 3_000]:
        pieces = list(_pieces(chunk))
        assert "".join(piece for _, piece in pieces) == chunk
        assert all(chunk.startswith(piece, offset) for offset, piece in pieces)
        assert max(len(piece) for _, piece in pieces) <= 1_024
        assert len(pieces) > 1 and len(chunk) > _WHOLE_CHUNK
