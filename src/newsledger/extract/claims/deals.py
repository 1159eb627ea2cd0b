"""The subject of a purchase price: the buyer, who pays it.

Three articles about one takeover say its price in different shapes ("X
agreed to buy Y for €1.2bn", "X's €1.18bn Y deal", "X kauft Y für 1,2
Milliarden Euro"); compared only when all three give it the same subject,
so the subject is found through the deal's structure, the same in every
shape (the gold convention: the payer, "Elon Musk" for his bid for OpenAI):

- "X sold Y to Z for €N", "X verkauft Y für N an Z": the name after the
  sale's "to"/"an" (with none named, the sentence's usual subject);
- "Y, bought by X for N": the name after the passive agent;
- otherwise ("X buys/agreed to buy/pays €N for Y", "X, the … group, said
  that it had agreed to buy Y", "X kauft Y für N", "X hat Y für N gekauft",
  "X's €N Y deal", "X's purchase of Y for €N"): the first name before the
  buying or paying verb (before the price when no such verb precedes it)
  that opens no phrase, an organisation before a person (the speaker of
  "Holm said Harbin would pay" is no payer); when there is none, what the
  verb's subject pronoun refers to ("It agreed to pay …").

The words come from the ``deal`` section of ``claims.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newsledger.extract.claims.context import Context
from newsledger.extract.claims.lexicon import fold
from newsledger.model import Figure, Mention

# The attribute whose subject is the payer.
PRICE = "price"
# Words allowed between "to"/"by" and the name of the payer ("to the
# Swedish group X", "by rival X").
NAME_GAP_WORDS = 4

_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_BREAK = re.compile(r"[;:()\[\]„“”\"«»–—.!?]")


def deal_payer(
    ctx: Context,
    figure: Figure,
    sentence_index: int,
    antecedent: Callable[[int, int], Mention | None],
) -> Mention | None:
    """Who pays a purchase price, or None when the sentence names no one.

    ``antecedent(lo, hi)`` is what a subject pronoun in ``[lo, hi)`` refers
    to ("It agreed to buy Y": the organisation the article was about)."""
    span = ctx.sentence(sentence_index)
    text, lex = ctx.text, ctx.lex
    sale = lex.deal_sell_re.search(text, span.start, figure.start)
    if sale is not None:
        for word in _words(ctx, sale.end(), span.end):
            if fold(word.group(0)) in lex.deal_to:
                return _name_at(ctx, word.end(), span.end)
        return None
    verbs = list(lex.deal_buy_re.finditer(text, span.start, figure.start))
    if verbs:
        after = _words(ctx, verbs[-1].end(), figure.start)
        if after and fold(after[0].group(0)) in lex.deal_agents:
            return _name_at(ctx, after[0].end(), figure.start)  # "Y, bought by X for N"
    anchor = verbs[-1].start() if verbs else figure.start
    names = [
        m
        for m in ctx.mentions_in(span.start, anchor)
        if m.type != "GPE" and not ctx.never_subject(m) and not ctx.in_phrase(m)
    ]
    organisations = [m for m in names if m.type != "PERSON"]
    # The learned recogniser may call a company a person, so persons stay
    # when no organisation is named.
    found = organisations or names
    if found:
        return found[0]
    # No name before the verb: its subject is a pronoun ("it had agreed to
    # buy Y"), never the thing bought after it.
    return antecedent(span.start, anchor) if verbs else None


def _words(ctx: Context, lo: int, hi: int) -> list[re.Match[str]]:
    return list(_WORD.finditer(ctx.text, lo, hi))


def _name_at(ctx: Context, start: int, hi: int) -> Mention | None:
    """The name that opens ``[start, hi)`` within a few words."""
    words = _words(ctx, start, hi)[: NAME_GAP_WORDS + 1]
    if not words:
        return None
    names = [
        m
        for m in ctx.mentions_in(start, words[-1].end())
        if m.type != "GPE" and not ctx.never_subject(m)
    ]
    if not names or _BREAK.search(ctx.text, start, names[0].start):
        return None
    return names[0]
