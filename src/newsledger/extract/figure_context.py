"""What stands around a number: prose or code, repeats, bounds in the words before it.

Helpers of ``figures.py`` that read the context of a candidate number
without parsing it: whether it sits in a URL, code or a table, in a repeated
passage or glued to a model name, whether malformed number syntax follows,
and whether a modal verb makes it a ceiling.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from typing import NamedTuple

from newsledger.extract.alternation import fold_key
from newsledger.extract.figure_lexicon import Lexicon
from newsledger.model import Span

# Table rows and code spans are recognised within this many characters of a
# number; a longer line is prose.
LINE_WINDOW = 300

# Tokens that are addresses or code, not prose: numbers inside them are no figures.
_TLDS = r"\.(?:com|org|net|de|io|ai|co|uk|at|ch|eu|gov|edu)"
_NOT_PROSE = re.compile(rf"://|www\.|@|{_TLDS}(?:/|$)|[/=_<>{{}}]")
# Where a _NOT_PROSE match or a table or code mark could start; prose
# without any near a number needs no closer look.  Three scans, since
# "www.de" must yield both "www." and ".de".
SUSPECT = (re.compile(r"[/=_<>{}@|\t`]"), re.compile(r"www\."), re.compile(_TLDS))


_CLAUSE_MARK = re.compile(r"[.,;:!?()\n]")


def ceiling_stated(text: str, lex: Lexicon, left: str, pos: int) -> bool:
    """A ceiling stated with a modal verb: "could rise to £120m", "könnte auf 3 Mrd. steigen".

    ``left`` is the text before the number (currency mark removed), ``pos``
    the end of the figure.  What the modal says is a possibility up to the
    figure, so the figure is an upper bound ("<="), not a value.
    """
    c = lex.ceiling
    if c is None:
        return False
    if c.before is not None and c.before.search(left):
        return True
    om = c.of_phrase.search(left) if c.of_phrase is not None else None
    if om is not None and all(lex.tokens_of(w) is None for w in om.group(1).split()):
        # "up to a total of $5bn"; not "up to a third of 300 staff", a share.
        return True
    if c.preposition is None or c.after is None:
        return False
    pm = c.preposition.search(left)
    if pm is None:
        return False
    am = c.after.match(text, pos)
    if am is None:
        return False
    clause = _CLAUSE_MARK.split(left[: pm.start()])[-1]
    if c.negation is not None and c.negation.search(clause):
        return False
    return am.group(1) is not None or (
        c.modal_left is not None and bool(c.modal_left.search(clause))
    )


def last_word(left: str) -> str | None:
    """The folded last word of ``left`` when it is all letters, else None.

    A phrase regex anchored at the end of ``left`` ("more than\\s+$") can
    only match when that word is the phrase's last word, so a set lookup
    stands in for the search; None (digits, marks, a hyphen) means "search".
    """
    parts = left.rsplit(None, 1)
    if not parts:
        return ""
    word = parts[-1]
    return fold_key(word) if word.isalpha() else None


def malformed_tail(text: str, end: int) -> bool:
    """``10,,000``, ``1.2.``, ``12:30``, ``3/4``: digits followed by more number syntax."""
    if end >= len(text):
        return False
    ch = text[end]
    nxt = text[end + 1] if end + 1 < len(text) else ""
    if ch in ".," and nxt and (nxt in ".,:/" or nxt.isdigit()):
        return True
    return ch in ":/" and nxt.isdigit()


def model_name_or_code(text: str, start: int) -> bool:
    """``GPT-4``, ``Grok-2``, ``A100``, ``v2``: numbers glued to a name."""
    if start == 0:
        return False
    prev = text[start - 1]
    if prev.isalnum() or prev in "_/:#":
        return True
    return prev in "-." and start >= 2 and text[start - 2].isalnum()


def suspect_near(suspects: list[int], offset: int) -> bool:
    """A suspect mark within the window ``_not_prose`` looks at."""
    i = bisect.bisect_left(suspects, offset - LINE_WINDOW)
    return i < len(suspects) and suspects[i] < offset + LINE_WINDOW


def not_prose(text: str, offset: int) -> bool:
    """The number sits in a URL, an e-mail address, code or a table row."""
    lo = max(0, offset - LINE_WINDOW)
    hi = min(len(text), offset + LINE_WINDOW)
    token_lo = max(text.rfind(" ", lo, offset), text.rfind("\n", lo, offset)) + 1
    token_hi = min(
        (h for h in (text.find(" ", offset, hi), text.find("\n", offset, hi)) if h >= 0),
        default=hi,
    )
    if _NOT_PROSE.search(text, max(token_lo, lo), token_hi):
        return True
    line_lo = text.rfind("\n", lo, offset) + 1 or lo
    line_hi = text.find("\n", offset, hi)
    line = text[line_lo : line_hi if line_hi >= 0 else hi]
    if line.count("|") >= 2 or line.count("\t") >= 2:
        return True
    return "`" in line and line.count("`", 0, offset - line_lo) % 2 == 1


class RepeatIndex(NamedTuple):
    starts: list[int]  # span starts, ascending
    reach: list[int]  # furthest end among the spans up to each start


def repeat_index(spans: Sequence[Span]) -> RepeatIndex:
    # A 2 MB near-duplicate document has thousands of repeated spans and
    # thousands of candidates: testing each candidate against every span was
    # quadratic (issue 19).  Sorted starts with the running maximum of ends
    # answer each test by bisection (the pattern of ``pipeline._outside``).
    ordered = sorted(spans, key=lambda s: s.start)
    return RepeatIndex(
        [s.start for s in ordered],
        list(itertools.accumulate((s.end for s in ordered), max)),
    )


def in_repeats(index: RepeatIndex, offset: int) -> bool:
    """``offset`` lies in some half-open span ``[start, end)`` of the index."""
    # Among the spans starting at or before the offset, the one reaching
    # furthest contains it if any does.
    i = bisect.bisect_right(index.starts, offset) - 1
    return i >= 0 and index.reach[i] > offset
