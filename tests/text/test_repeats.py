"""Passages repeated inside one document are found so that facts count once."""

from __future__ import annotations

import re

from newsledger.model import Span
from newsledger.text.repeats import find_repeats

_BOUNDARY = re.compile(r"(?<=[.!?])\s+|\n+")


def _sentences(text: str) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if text[start : match.start()].strip():
            spans.append(Span(start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append(Span(start, len(text)))
    return spans


FIRST_TELLING = (
    "Northwind Energy agreed to buy the Solaris battery plant in Nevada for $4.2 billion "
    "on Tuesday, according to a regulatory filing. "
    "The purchase doubles Northwind's storage capacity and makes it the largest operator "
    "of grid batteries in the western United States. "
    "Chief executive Maria Lindqvist told analysts the price reflected years of "
    "underinvestment by the previous owner. "
)
MIDDLE = (
    "Shares of the company rose four percent in early trading in New York. "
    "Environmental groups welcomed the move but asked for stricter recycling rules. "
    "A rival bidder, Halcyon Power, declined to comment on the outcome. "
)
RETELLING = (
    "On Tuesday Northwind Energy agreed to acquire the Solaris battery plant in Nevada "
    "for $4.2 billion, a regulatory filing showed. "
    "The deal doubles the storage capacity of Northwind, making it the biggest grid "
    "battery operator in the western United States. "
)


def test_a_retelling_is_marked_as_one_passage() -> None:
    text = FIRST_TELLING + MIDDLE + RETELLING
    repeats = find_repeats(text, _sentences(text))
    assert len(repeats) == 1
    marked = text[repeats[0].start : repeats[0].end]
    assert marked.startswith("On Tuesday Northwind Energy agreed")
    assert marked.endswith("western United States.")


def test_the_first_telling_is_never_marked() -> None:
    text = FIRST_TELLING + MIDDLE + RETELLING
    repeats = find_repeats(text, _sentences(text))
    assert all(span.start >= len(FIRST_TELLING + MIDDLE) for span in repeats)


def test_different_sentences_about_the_same_company_are_not_repeats() -> None:
    text = FIRST_TELLING + MIDDLE
    assert find_repeats(text, _sentences(text)) == ()


def test_a_neighbouring_sentence_that_echoes_the_previous_one_is_kept() -> None:
    text = (
        "Northwind Energy agreed to buy the Solaris battery plant in Nevada for $4.2 billion. "
        "Northwind Energy will pay $4.2 billion for the Solaris battery plant in Nevada, "
        "its largest deal. "
    )
    assert find_repeats(text, _sentences(text)) == ()


def test_bullets_followed_by_the_same_prose_are_found() -> None:
    bullets = (
        "- Northwind Energy agreed to buy the Solaris battery plant in Nevada for $4.2 billion.\n"
        "- Shares of the company rose four percent in early trading in New York.\n"
        "- Environmental groups asked for stricter recycling rules for old batteries.\n"
    )
    prose = (
        "Analysts said the sector was consolidating quickly after a year of low prices. "
        "Regulators must still approve the transaction before the end of the year. "
        "In Nevada, Northwind Energy agreed to buy the Solaris battery plant for "
        "$4.2 billion. "
    )
    text = bullets + prose
    repeats = find_repeats(text, _sentences(text))
    assert [text[s.start : s.end] for s in repeats] == [
        "In Nevada, Northwind Energy agreed to buy the Solaris battery plant for $4.2 billion."
    ]


def test_short_or_empty_input_has_no_repeats() -> None:
    assert find_repeats("", []) == ()
    text = "Musk said no. Musk said no."
    assert find_repeats(text, _sentences(text)) == ()
