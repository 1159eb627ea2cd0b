"""Passages repeated inside one document are found so that facts count once."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.model import Span
from newsledger.text import repeats
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


def _reference_repeats(text: str, sentences: list[Span]) -> tuple[Span, ...]:
    """The matching rule without pruning: every candidate sentence is scored in full."""
    stems = [repeats._stems(text[s.start : s.end]) for s in sentences]
    n = len(stems)
    if n < 2:
        return ()
    df: Counter[str] = Counter()
    for bag in stems:
        df.update(bag)
    weight = {stem: math.log(1.0 + n / count) for stem, count in df.items()}
    common = max(repeats.COMMON_MIN_SENTENCES, n * repeats.COMMON_SHARE)
    postings: defaultdict[str, list[int]] = defaultdict(list)
    found: list[Span] = []
    previous: int | None = None
    for j, bag in enumerate(stems):
        source: int | None = None
        if len(bag) >= repeats.MIN_SHARED_WORDS:
            total = sum(weight[s] for s in bag)
            shared: Counter[int] = Counter()
            shared_weight: defaultdict[int, float] = defaultdict(float)
            for stem in bag:
                if df[stem] <= common:
                    for i in postings.get(stem, ()):
                        shared[i] += 1
                        shared_weight[i] += weight[stem]
            coverage: dict[int, float] = {}
            for i, w in shared_weight.items():
                frequent = [s for s in bag & stems[i] if df[s] > common]
                if shared[i] + len(frequent) >= repeats.MIN_SHARED_WORDS and total > 0:
                    coverage[i] = (w + sum(weight[s] for s in frequent)) / total
            starts = range(0, j - repeats.MIN_DISTANCE + 1)
            source = repeats._best(coverage, starts, repeats.REPEAT_COVERAGE)
            if len(bag) < repeats.MIN_CONTENT_WORDS:
                source = None
            if source is None and previous is not None:
                window = range(previous + 1, previous + 1 + repeats.CONTINUE_WINDOW)
                source = repeats._best(coverage, window, repeats.CONTINUE_COVERAGE)
        if source is not None:
            found.append(sentences[j])
            previous = source
            continue
        previous = None
        for stem in bag:
            if df[stem] <= common:
                postings[stem].append(j)
    return repeats._merge(text, found)


_WORDS = ["Northwind", "battery", "plant", "Nevada", "billion", "$4.2", "filing", "shares",
          "analysts", "capacity", "operator", "western", "regulators", "Tuesday", "storage",
          "investors", "Lindqvist", "company", "market", "growth"]  # fmt: skip


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_WORDS), min_size=2, max_size=12), min_size=2, max_size=25),
    st.lists(st.integers(min_value=0, max_value=24), max_size=6),
)
def test_repeats_match_the_plain_rule(bags: list[list[str]], copies: list[int]) -> None:
    # Retell some sentences later, so that passages do repeat.
    lines = [" ".join(words) + "." for words in bags]
    lines += [" ".join(reversed(bags[i % len(bags)])) + "." for i in copies]
    text = " ".join(lines)
    sentences = _sentences(text)
    assert find_repeats(text, sentences) == _reference_repeats(text, sentences)


def test_many_sentences_over_a_small_vocabulary_take_linear_time() -> None:
    # Every word is in a tenth of the sentences: each sentence used to be
    # scored against every earlier one (676 KB: 10 s).
    import random
    import time

    rng = random.Random(7)
    vocabulary = [f"word{i:02d}" for i in range(60)]

    def page(count: int) -> str:
        return " ".join(" ".join(rng.sample(vocabulary, 10)) + "." for _ in range(count))

    import gc

    timings = []
    for count in (4_000, 8_000):
        text = page(count)
        sentences = _sentences(text)
        # Best of three with the collector paused: one full collection landing
        # in a single run (seen in CI: 0.10 s against 0.59 s) is not growth.
        best = float("inf")
        gc.collect()
        gc.disable()
        try:
            for _ in range(3):
                started = time.process_time()
                find_repeats(text, sentences)
                best = min(best, time.process_time() - started)
        finally:
            gc.enable()
        timings.append(best)
    assert timings[1] < 3.0 * max(timings[0], 0.05), timings
