"""What part of a fact a figure states: its scope, and "nearly" bounds.

"an initial £100m", "€100m plus add-ons" and "a total of €120m" are not the
same fact, though all are "the transfer fee": a claim's ``scope`` says which
part it is (``initial``, ``total``, ``part``, ``previous``, ``per_year``),
from ``scopes`` in ``claims.yaml`` found next to the figure.  Claims with two
different scopes are never compared; a claim without one may be compared
with any.  "knapp 600", "nearly 10 billion" state a value just under the
number (``near``), which "600" or "10 billion" agree with and "500" does not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsledger.extract.alternation import word_alternation
from newsledger.lang import LangData

# How far a scope word may stand before the figure ("the first tranche of
# €4.5 million": three words) or after it ("€100m plus add-ons": 30
# characters): a short noun phrase, not the rest of the clause ("the combined
# company would cut about 600 jobs" is no total).
SCOPE_BEFORE_WORDS = 3
SCOPE_BEFORE_CHARS = 40
SCOPE_AFTER_CHARS = 30


@dataclass(frozen=True)
class ScopeLexicon:
    before: tuple[tuple[re.Pattern[str], str], ...]
    after: tuple[tuple[re.Pattern[str], str], ...]
    near_re: re.Pattern[str]


def scope_lexicon(lang: LangData) -> ScopeLexicon:
    """The compiled scope words of ``lang``, built once per language."""
    return lang.compiled(_from_lang)


def _from_lang(lang: LangData) -> ScopeLexicon:
    return _build(lang.table("claims"))


def _words(words: Any) -> re.Pattern[str]:
    alt = word_alternation((str(w) for w in words or [] if w), any_blank=True) or "(?!)"
    return re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.IGNORECASE)


def _build(data: Mapping[str, Any]) -> ScopeLexicon:
    scopes = data.get("scopes") or {}
    before = tuple((_words(v.get("before")), str(k)) for k, v in scopes.items())
    after = tuple((_words(v.get("after")), str(k)) for k, v in scopes.items())
    near = word_alternation((str(w) for w in data.get("near_below") or []), any_blank=True)
    return ScopeLexicon(before, after, re.compile(rf"^(?:{near or '(?!)'})\s", re.IGNORECASE))


def scope_of(text: str, start: int, end: int, lo: int, hi: int, lex: ScopeLexicon) -> str:
    """The scope of the figure at ``[start, end)`` in the clause ``[lo, hi)``."""
    left = text[max(lo, start - SCOPE_BEFORE_CHARS) : start]
    left = " ".join(left.split()[-SCOPE_BEFORE_WORDS:])
    right = text[end : min(hi, end + SCOPE_AFTER_CHARS)]
    for pattern, key in lex.before:
        if pattern.search(left) or pattern.search(text, start, end):
            return key
    for pattern, key in lex.after:
        if pattern.search(right):
            return key
    return ""


def is_near(figure_text: str, lex: ScopeLexicon) -> bool:
    """The figure says "nearly X": a value just under X."""
    return lex.near_re.match(figure_text) is not None
