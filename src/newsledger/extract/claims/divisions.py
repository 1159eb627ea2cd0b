"""Subsidiaries and divisions: which company of a group a figure is about.

- "Norrland Energy" where the recogniser saw "Norrland": a company name
  followed by a sector or region word names the subsidiary, a company of its
  own.  "Borel Steel Europe" where it saw only "Europe": capitalised
  words before a name, one of them a sector word, are the company's name.
- "Borel will cut 3,000 jobs in its steel division": a figure in a
  sentence naming a division ("Sparte", "unit") is about the group's
  company the article names with the group's name and more ("Borel
  Steel"), when there is one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import replace

from newsledger.extract.claims.context import Context
from newsledger.extract.claims.lexicon import ClaimLexicon
from newsledger.model import Mention, Span

# Capitalised words before a name that may belong to it ("Borel Steel
# Europe"): a company name is rarely longer.
NAME_WORDS_BEFORE = 2

_NEXT_WORD = re.compile(r"[ \u00a0]([A-Z][\w&]*)")
_WORD_BEFORE = re.compile(r"(?<![\w&’'-])([A-Z][\w&]*)[ \u00a0]$")


def company_names(text: str, mentions: Sequence[Mention], lex: ClaimLexicon) -> list[Mention]:
    """The mentions, each widened to the company name it is part of."""
    return [_preceded(text, _subsidiary(text, m, lex), lex) for m in mentions]


def _new_org(text: str, mention: Mention, start: int, end: int, name: str) -> Mention:
    return replace(
        mention,
        start=start,
        end=end,
        text=text[start:end],
        name=name,
        type="ORG",
        entity_id=f"new:ORG:{name.casefold()}",
        origin="discovered",
    )


def _subsidiary(text: str, mention: Mention, lex: ClaimLexicon) -> Mention:
    if mention.type != "ORG":
        return mention
    end = mention.end
    while (m := _NEXT_WORD.match(text, end)) is not None and m.group(1) in lex.subsidiary_words:
        end = m.end()
    tail = text[mention.end : end]
    if end == mention.end or mention.name.endswith(tail):
        return mention  # "Kestrel" known as "Kestrel Freight": the same company
    return _new_org(text, mention, mention.start, end, f"{mention.name}{tail}")


def _preceded(text: str, mention: Mention, lex: ClaimLexicon) -> Mention:
    """ "Borel Steel Europe" seen as "Europe": the words before it with
    a sector word among them ("Steel") name a company."""
    if mention.type not in ("ORG", "GPE"):
        return mention
    start = mention.start
    words: list[str] = []
    for _ in range(NAME_WORDS_BEFORE):
        m = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if m is None or m.group(1).casefold() in lex.function_words:
            break
        words.insert(0, m.group(1))
        start = m.start()
    while words and words[0] in lex.subsidiary_words:
        # A name starts with the group's own word, not a sector word.
        start += len(words.pop(0)) + 1
    if not any(w in lex.subsidiary_words for w in words):
        return mention
    return _new_org(text, mention, start, mention.end, text[start : mention.end])


@functools.cache
def _division_re(words: tuple[str, ...]) -> re.Pattern[str]:
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?i)(?<![\w-])\w*(?:{alt})(?![\w-])")


def division_of(ctx: Context, subject: Mention, sentence: Span) -> Mention | None:
    """The group company a division named in the sentence stands for."""
    words = ctx.lex.division_words
    if not words or _division_re(words).search(ctx.text, sentence.start, sentence.end) is None:
        return None
    prefix = subject.name.casefold() + " "
    found = [m for m in ctx.mentions if m.name.casefold().startswith(prefix)]
    if not found:
        return None
    counts: dict[str, int] = {}
    for m in found:
        counts[m.name] = counts.get(m.name, 0) + 1
    best = max(found, key=lambda m: (counts[m.name], -m.start))
    return replace(best, type="ORG") if best.type == "PERSON" else best
