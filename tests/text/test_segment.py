from __future__ import annotations

from newsledger.text.segment import split_paragraphs, split_sentences


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
