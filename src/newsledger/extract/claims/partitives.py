"""Counts stated as a part of a whole: "30 of 45 branches", "12 der 40
Filialen", "900 of Acme's current 7,500 employees".

The figure stage reads the whole ("92 branches"), whose counted thing names
the unit; the number before "of"/"der" counts the same thing and is a figure
of its own, the one the sentence is about ("closing 30 of 45 branches").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsledger.extract.alternation import word_alternation
from newsledger.extract.numbers import parse_digits
from newsledger.lang import LangData
from newsledger.model import Document, Figure

# Words allowed between "of" and the whole ("of Acme's current 7,500"):
# an owner and an adjective or two; more and the number belongs elsewhere.
GAP_WORDS = 3
# How far before the whole the part may start, in characters.
REACH = 80


def _pattern(lang: LangData) -> re.Pattern[str]:
    words = lang.table("claims").get("partitive_words") or []
    alt = word_alternation((str(w) for w in words), any_blank=True) or "(?!)"
    return re.compile(
        rf"(?<![\w.,])(\d[\d.,]*)\s+(?:{alt})\s+(?:[^\W\d][\w'’-]*\s+){{0,{GAP_WORDS}}}$",
        re.IGNORECASE,
    )


def partitive_figures(doc: Document, figures: Sequence[Figure], lang: LangData) -> list[Figure]:
    """``figures`` with the parts of the counted wholes among them added."""
    pattern = lang.compiled(_pattern)
    decimal = str(lang.table("figures").get("decimal") or ".")
    taken = [(f.start, f.end) for f in figures]
    found: list[Figure] = []
    for whole in figures:
        if not whole.unit or whole.unit == "%" or re.fullmatch(r"[A-Z]{3}", whole.unit):
            continue  # money and shares are no counted things
        lo = max(0, whole.start - REACH)
        m = pattern.search(doc.text, lo, whole.start)
        if m is None:
            continue
        start, end = m.span(1)
        if any(s < end and start < e for s, e in taken):
            continue
        parsed = parse_digits(m.group(1), decimal)
        if parsed is None or not 0 < parsed[0] < whole.value:
            continue
        found.append(
            Figure(
                doc.id,
                start,
                end,
                doc.text[start:end],
                float(parsed[0]),
                whole.unit,
                "=",
                None,
                float(parsed[1]),
            )
        )
    if not found:
        return list(figures)
    return sorted([*figures, *found], key=lambda f: (f.start, f.end))


def is_whole(text: str, figure: Figure, lang: LangData) -> bool:
    """The figure is the whole of a part before it ("76 of 92 branches")."""
    lo = max(0, figure.start - REACH)
    return lang.compiled(_pattern).search(text, lo, figure.start) is not None
