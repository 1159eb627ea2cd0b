"""Regex alternations of literal words, built as prefix trees."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any


def word_alternation(words: Iterable[str], *, any_blank: bool = False) -> str:
    """Regex alternation of literal words as a prefix tree ("" for no words).

    ``re`` tries alternatives one by one at every position; a shared prefix
    is tried once (scans of long word lists run several times faster).  A
    longer word is tried before its own prefix, so the match is the one a
    longest-first list of alternatives would give.  With ``any_blank`` a
    space in a phrase matches any run of whitespace.
    """
    root: dict[str, Any] = {}
    for word in set(words):
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [
            (r"\s+" if any_blank and ch == " " else re.escape(ch)) + emit(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


# Characters that ``re.IGNORECASE`` takes for an ASCII letter although
# ``str.lower`` keeps them apart ("ſ" matches "s", "ı" and "İ" match "i").
# Found by testing every code point against every ASCII letter with
# Python 3.11's ``re``; the Kelvin sign lowers to "k" on its own.
_RE_CASE_TWINS = str.maketrans({"ſ": "s", "ı": "i", "İ": "i"})


@lru_cache(maxsize=8192)
def fold_key(text: str) -> str:
    """The lookup key of a phrase: what a case-insensitive, any-blank match equates.

    Tables built from language data and the text a lexicon regex matched are
    both looked up through this fold, so that whatever the regex accepts
    ("more  than", "almoſt", "US\\t$") finds its entry.
    """
    return " ".join(text.translate(_RE_CASE_TWINS).lower().split())
