"""Disputed claims: a later sentence or quote denies them ("Falsch", "that is
wrong", "denied the report")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from newsledger.extract.claims.context import Context as _Context
from newsledger.model import Claim, Quote

# How many sentences after a claim a denial may come and still refer to it;
# replies in news usually follow within a paragraph or two.
DISPUTE_WINDOW_SENTENCES = 8

_QUOTED = re.compile(r"[„“”\"«»‚‘]([^„“”\"«»]{0,400})[“”\"«»‘’]")


def mark_disputed(ctx: _Context, claims: list[Claim], quotes: Sequence[Quote]) -> list[Claim]:
    """Mark claims that a later sentence or quote denies."""
    if not claims:
        return claims
    denials = _denials(ctx, quotes)
    if not denials:
        return claims
    disputed: set[int] = set()
    for index, denier in denials:
        sentence = ctx.sentence(index)
        named = {m.entity_id for m in ctx.mentions_in(sentence.start, sentence.end)}
        window = [
            i
            for i, c in enumerate(claims)
            if c.start < sentence.start
            and index - ctx.sentence_index(c.start) <= DISPUTE_WINDOW_SENTENCES
            and (denier is None or c.speaker != denier)
        ]
        by_speaker = [
            i for i in window if claims[i].speaker is not None and _names(ctx, claims[i], named)
        ]
        by_subject = [i for i in window if claims[i].subject_id in named]
        chosen = by_speaker or by_subject
        numbers = _numbers(ctx.text[sentence.start : sentence.end])
        if numbers:
            # A denial that names a figure ("calling the figure of 900 workers
            # misleading") disputes the claims with that figure, not every
            # claim about the same company nearby.
            chosen = [i for i in chosen if _numbers(claims[i].figure.text) & numbers]
        disputed.update(chosen)
    return [replace(c, disputed=True) if i in disputed else c for i, c in enumerate(claims)]


_NUMBER = re.compile(r"\d(?:[\d.,' ]*\d)?")


def _numbers(text: str) -> set[str]:
    """The digit strings of a text, separators dropped: "1,500" and "1.500" are "1500"."""
    return {re.sub(r"\D", "", m.group()) for m in _NUMBER.finditer(text)}


def _names(ctx: _Context, claim: Claim, named: set[str]) -> bool:
    """The denial names the speaker of the claim."""
    return any(m.name == claim.speaker and m.entity_id in named for m in ctx.mentions)


def _denials(ctx: _Context, quotes: Sequence[Quote]) -> list[tuple[int, str | None]]:
    """Sentences that deny something, with the denier when known."""
    lex = ctx.lex
    found: list[tuple[int, str | None]] = []
    for quote in quotes:
        if lex.verdict_re.search(quote.text):
            found.append((ctx.sentence_index(quote.start), quote.speaker))
    if found:
        return found
    for index, sentence in enumerate(ctx.sentences):
        text = ctx.text[sentence.start : sentence.end]
        quoted = any(lex.verdict_re.search(q.group(1)) for q in _QUOTED.finditer(text))
        verb = lex.denial_verb_re.search(text) and lex.claim_noun_re.search(text)
        if quoted or verb:
            found.append((index, None))
    return found
