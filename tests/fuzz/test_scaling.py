"""Per-quotation work that must not grow with the paragraph (issue 19).

`benchmarks/adversarial.py` measures each hostile family up to 1 MB; these
are the unit-sized regression checks for what it found.
"""

from __future__ import annotations

import time

from newsledger.extract.quotes.direct import _kind


def test_a_quotation_deep_in_a_long_paragraph_is_classified_without_rereading_it() -> None:
    # The quotes family (runs of '"' and "'") grew 2.48x per doubling: each
    # quotation's kind sliced the paragraph from its start up to the mark.
    text = "word " * 1_000_000 + 'done. "We will build the plant," she said.'
    open_at = text.index('"')
    inner = "We will build the plant,"
    started = time.process_time()
    kinds = {_kind(text, open_at, inner, 0) for _ in range(2_000)}
    assert time.process_time() - started < 0.5
    assert kinds == {"statement"}  # it opens a sentence and ends in a comma


def test_a_quotation_after_blanks_at_a_sentence_start_is_a_statement() -> None:
    text = "Vogt spoke.   \t “Ready to go,” he said."
    assert _kind(text, text.index("“"), "Ready to go,", 0) == "statement"
    text = "He called it   “a plan”."
    assert _kind(text, text.index("“"), "a plan", 0) == "fragment"
