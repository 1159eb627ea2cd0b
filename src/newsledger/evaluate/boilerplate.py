"""Boilerplate: containment either way; long sentence-like lines missed are counted lost."""

from __future__ import annotations

import re

from newsledger.evaluate.common import SENTENCE_MIN_WORDS, Counts, norm
from newsledger.evaluate.gold import GoldDocument

_SENTENCE_END = re.compile(r"[.!?…][\"'”“»«)\]]*$")


def score_boilerplate(gold: GoldDocument, system: list[str]) -> tuple[Counts, int]:
    wanted = [norm(g) for g in gold.boilerplate]
    lines = [line for line in (norm(s) for s in system) if line]

    def hit(line: str, g: str) -> bool:
        return g in line or line in g

    found = sum(1 for g in wanted if any(hit(line, g) for line in lines))
    matched = [any(hit(line, g) for g in wanted) for line in lines]
    lost = sum(
        1
        for line, ok in zip(lines, matched, strict=True)
        if not ok and len(line.split()) >= SENTENCE_MIN_WORDS and _SENTENCE_END.search(line)
    )
    return Counts(len(lines), len(wanted), sum(matched), found), lost
