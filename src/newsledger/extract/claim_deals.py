"""The subject of a purchase price: the thing bought, not the buyer.

Three articles about one takeover say its price in different shapes ("X
agreed to buy Y for €1.2bn", "X's €1.18bn Y deal", "X kauft Y für 1,2
Milliarden Euro"); compared only when all three give it the same subject,
so the subject is found through the deal's structure, the same in every
shape:

- "X buys/acquires/agreed to buy Y for €N", "X kauft Y für N": the object
  of the buying verb before "for"; German verb-final ("X hat Y für N
  gekauft"): the last name before "für" other than the clause's subject;
- "Y, bought by X for N": the name before the participle;
- "X's takeover of Y for €N": the name after the deal noun's "of";
- "X pays €N for Y", "X zahlt N für Y": the name after "for";
- "X's €N Y deal", "the €N takeover of Y": the name between the price and
  the deal noun, or after its "of".

An object said with a referring noun ("the Rotterdam barge operator", "das
Unternehmen") is the organisation the article last named as a deal's target
(by the same structures), else the organisation named last before it other
than the sentence's first name (the buyer).  The words come from the
``deal`` section of ``claims.yaml``.
"""

from __future__ import annotations

import re

from newsledger.extract.claim_context import Context
from newsledger.extract.claim_lexicon import fold
from newsledger.model import Figure, Mention

# The attribute whose subject is the thing bought.
PRICE = "price"
# Words allowed between "for" and the price ("for about €1bn", "für rund …").
FOR_GAP_WORDS = 2
# Words allowed between a paying verb and the price ("paid about €1bn").
PAY_GAP_WORDS = 2
# Words allowed between the price and a "for" after it ("€1bn in cash for Y").
FOR_AFTER_GAP_WORDS = 3
# Words allowed between "for"/"of"/a buying verb and the name of the thing
# bought ("for Dutch rival Y", "buy the Rotterdam operator Y").
OBJECT_GAP_WORDS = 4
# Words other than names allowed between the price and its deal noun
# ("€1bn all-cash Y deal", "1 Mrd. Euro schwere Übernahme").
NOUN_GAP_WORDS = 2
# How far (characters) after the price its deal noun may be looked for.
NOUN_WINDOW = 80
# How many sentences back a referring noun looks for a named organisation
# when the article named no deal target before it.
FALLBACK_SENTENCES = 2

_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_BREAK = re.compile(r"[;:()\[\]„“”\"«»–—.!?]")


def deal_object(ctx: Context, figure: Figure, sentence_index: int) -> Mention | None:
    """The thing a purchase price is paid for, or None when the sentence does not say."""
    span = ctx.sentence(sentence_index)
    found = None
    before_for = _for_before(ctx, span.start, figure.start)
    if before_for is not None:
        found = _bought_before(ctx, span.start, before_for, figure, span.end)
    if found is None:
        found = _paid_for(ctx, span.start, figure, span.end)
    if found is None:
        found = _deal_noun_after(ctx, figure, span.end)
    return found


def _words(ctx: Context, lo: int, hi: int) -> list[re.Match[str]]:
    return list(_WORD.finditer(ctx.text, lo, hi))


def _for_before(ctx: Context, lo: int, figure_start: int) -> int | None:
    """Where the "for" right before the price starts ("for about €1bn")."""
    words = _words(ctx, lo, figure_start)[-(FOR_GAP_WORDS + 1) :]
    for word in reversed(words):
        if fold(word.group(0)) in ctx.lex.deal_for:
            if _BREAK.search(ctx.text, word.end(), figure_start):
                return None
            return word.start()
    return None


def _thing(ctx: Context, m: Mention) -> bool:
    # A place is no thing bought ("the plant in Leipzig"); the learned
    # recogniser may call a company a person, so persons stay.
    return m.type != "GPE" and not ctx.never_subject(m)


def _bought_before(
    ctx: Context, lo: int, for_start: int, figure: Figure, hi: int
) -> Mention | None:
    text, lex = ctx.text, ctx.lex
    verbs = list(lex.deal_buy_re.finditer(text, lo, for_start))
    if verbs:
        verb = verbs[-1]
        after = _words(ctx, verb.end(), for_start)
        if after and fold(after[0].group(0)) in lex.deal_agents:
            # "Y, bought by X for N": the name before the participle.
            names = [m for m in ctx.mentions_in(lo, verb.start()) if _thing(ctx, m)]
            return names[-1] if names else None
        return _object_at(ctx, verb.end(), for_start)
    nouns = list(lex.deal_noun_re.finditer(text, lo, for_start))
    if nouns:
        of = _of_after(ctx, nouns[-1].end(), for_start)
        if of is not None:
            return _object_at(ctx, of, for_start)  # "X's takeover of Y for €N"
    if lex.deal_buy_re.search(text, figure.end, hi) is not None:
        # German verb-final: "X hat Y für 1 Mrd. Euro gekauft".
        names = [m for m in ctx.mentions_in(lo, for_start) if _thing(ctx, m)]
        if len(names) >= 2 and names[-1].entity_id != names[0].entity_id:
            return names[-1]
    return None


def _of_after(ctx: Context, start: int, hi: int) -> int | None:
    words = _words(ctx, start, hi)
    if words and fold(words[0].group(0)) in ctx.lex.deal_of:
        return words[0].end()
    return None


def _paid_for(ctx: Context, lo: int, figure: Figure, hi: int) -> Mention | None:
    """ "X pays €N for Y", "X zahlt N für Y"."""
    text, lex = ctx.text, ctx.lex
    verbs = list(lex.deal_pay_re.finditer(text, lo, figure.start))
    if not verbs or len(_words(ctx, verbs[-1].end(), figure.start)) > PAY_GAP_WORDS:
        return None
    for word in _words(ctx, figure.end, hi)[: FOR_AFTER_GAP_WORDS + 1]:
        if _BREAK.search(text, figure.end, word.start()):
            return None
        if fold(word.group(0)) in lex.deal_for:
            return _object_at(ctx, word.end(), hi)
    return None


def _deal_noun_after(ctx: Context, figure: Figure, hi: int) -> Mention | None:
    """ "X's €N Y deal", "the €N takeover of Y"."""
    text, lex = ctx.text, ctx.lex
    noun = lex.deal_noun_re.search(text, figure.end, min(hi, figure.end + NOUN_WINDOW))
    if (
        noun is None
        or _BREAK.search(text, figure.end, noun.start())
        or "," in text[figure.end : noun.start()]
    ):
        return None
    names = [m for m in ctx.mentions_in(figure.end, noun.start()) if _thing(ctx, m)]
    loose = [
        w
        for w in _words(ctx, figure.end, noun.start())
        if not any(m.start <= w.start() < m.end for m in names)
    ]
    if len(loose) > NOUN_GAP_WORDS:
        return None
    if names:
        return names[-1]
    of = _of_after(ctx, noun.end(), hi)
    return _object_at(ctx, of, hi) if of is not None else None


def _object_at(ctx: Context, start: int, hi: int) -> Mention | None:
    """The name, or referring noun phrase, that opens ``[start, hi)``."""
    text, lex = ctx.text, ctx.lex
    limit = _words(ctx, start, hi)[: OBJECT_GAP_WORDS + 1]
    if not limit:
        return None
    near = limit[-1].end()
    names = [m for m in ctx.mentions_in(start, hi) if _thing(ctx, m) and m.start < near]
    phrase = lex.referring_re.match(text, limit[0].start())
    if phrase is not None and (not names or phrase.start() < names[0].start):
        # "the Rotterdam operator Y": the name right after the phrase is it.
        if names and not text[phrase.end() : names[0].start].strip(" ,"):
            return names[0]
        return target_before(ctx, phrase.start())
    return names[0] if names else None


def target_before(ctx: Context, position: int) -> Mention | None:
    """The organisation a referring noun at ``position`` means in a deal: the
    last one the article named as a target, else the last named before it
    other than its sentence's first name (the buyer)."""
    found: Mention | None = None
    for index in range(ctx.sentence_index(position) + 1):
        span = ctx.sentence(index)
        for target in _targets(ctx, span.start, min(span.end, position)):
            if found is None or target.start > found.start:
                found = target
    if found is not None:
        return found
    index = ctx.sentence_index(position)
    lo = ctx.sentence(max(0, index - FALLBACK_SENTENCES)).start
    first = ctx.sentence_mentions(index)[0]
    buyer = first[0].entity_id if first and first[0].start < position else None
    earlier = [
        m
        for m in ctx.mentions_in(lo, position)
        if m.type not in ("PERSON", "GPE") and m.entity_id != buyer and not ctx.never_subject(m)
    ]
    return earlier[-1] if earlier else None


def _targets(ctx: Context, lo: int, hi: int) -> list[Mention]:
    """Names in a deal's target position in ``[lo, hi)``: the object of a
    buying verb, the name after a deal noun's "of", the name before a deal noun."""
    text, lex = ctx.text, ctx.lex
    found: list[Mention] = []
    for verb in lex.deal_buy_re.finditer(text, lo, hi):
        after = _words(ctx, verb.end(), hi)
        if after and fold(after[0].group(0)) in lex.deal_agents:
            continue
        name = _name_at(ctx, verb.end(), hi)
        if name is not None:
            found.append(name)
    for noun in lex.deal_noun_re.finditer(text, lo, hi):
        of = _of_after(ctx, noun.end(), hi)
        if of is not None:
            name = _name_at(ctx, of, hi)
        else:
            before = [m for m in ctx.mentions_in(lo, noun.start()) if _thing(ctx, m)]
            name = (
                before[-1] if before and not text[before[-1].end : noun.start()].strip() else None
            )
        if name is not None:
            found.append(name)
    return found


def _name_at(ctx: Context, start: int, hi: int) -> Mention | None:
    words = _words(ctx, start, hi)[: OBJECT_GAP_WORDS + 1]
    if not words:
        return None
    names = [m for m in ctx.mentions_in(start, words[-1].end()) if _thing(ctx, m)]
    if not names or _BREAK.search(ctx.text, start, names[0].start):
        return None
    return names[0]
