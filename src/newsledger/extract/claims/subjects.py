"""The claims stage: the subject and attribute of each figure (see the package)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

from newsledger.extract.claims import divisions as _divisions
from newsledger.extract.claims import transfers as _transfers
from newsledger.extract.claims.context import Context as _Context
from newsledger.extract.claims.deals import PRICE as _PRICE
from newsledger.extract.claims.deals import deal_payer as _deal_payer
from newsledger.extract.claims.disputes import mark_disputed as _mark_disputed
from newsledger.extract.claims.facilities import FACILITY_ATTRIBUTES as _FACILITY_ATTRIBUTES
from newsledger.extract.claims.facilities import FacilityLexicon as _FacilityLexicon
from newsledger.extract.claims.facilities import facilities as _facilities
from newsledger.extract.claims.facilities import facility_lexicon as _facility_lexicon
from newsledger.extract.claims.facilities import facility_subject as _facility_subject
from newsledger.extract.claims.lexicon import ClaimLexicon as _ClaimLexicon
from newsledger.extract.claims.lexicon import claim_lexicon as _lexicon
from newsledger.extract.claims.lexicon import fold as _fold
from newsledger.extract.claims.partitives import is_whole as _is_whole
from newsledger.extract.claims.scope import is_near as _is_near
from newsledger.extract.claims.scope import scope_lexicon as _scope_lexicon
from newsledger.extract.claims.scope import scope_of as _scope_of
from newsledger.lang import LangData
from newsledger.model import Claim, Document, Figure, Mention, Quote


def _words(text: str) -> list[str]:
    return text.split()


# Words allowed between an owner and the figure it owns ("Mehta's
# ambitious $8 billion"); more and the owner belongs to another phrase.
POSSESSIVE_GAP_WORDS = 2
# How far (characters) a predicate word may sit from its figure when it is
# not in the figure's clause; covers German verb-final clauses
# ("… 4 Milliarden Euro für eine Serverhalle in Narvik, Norwegen, ausgegeben").
ATTRIBUTE_WINDOW = 90
# How many sentences back a pronoun looks for its antecedent.
ANTECEDENT_SENTENCES = 2

# Facts about an organisation: a place is their subject only when no
# organisation, person, plant, product or project is at hand ("a Berlin
# start-up with 300 employees" is about the start-up, not Berlin).
COMPANY_ATTRIBUTES = frozenset(
    _words(
        "employees jobs layoffs funding_raised funding_sought valuation market_cap revenue "
        "revenue_growth profit loss bid price invested spent project_size cost energy power gpus "
        "chips servers users subscribers customers data_centres models market_share salary "
        "shares vehicles robots stores apps devices downloads capacity orders damages stake "
        "guarantee order_backlog write_down creditor_claims job_cuts capital_increase"
    )
)
# "the company" means the document's main company when it was named this many
# sentences back or fewer; news paragraphs run about three to five sentences.
TOPIC_SENTENCES = 4
# Attributes that are amounts of money; a percentage is never one of them.
MONEY_ATTRIBUTES = frozenset(
    _words(
        "valuation market_cap funding_raised funding_sought bid price revenue profit loss spent "
        "invested cost commitment capital_secured donation project_size budget debt fine salary "
        "damages guarantee order_backlog write_down creditor_claims bonus capital_increase "
        "transfer_fee subsidy"
    )
)
# Words whose compound endings are remembered per language; a bound on the
# memory a stream of millions of articles can take (German news vocabulary
# of one year is well under this).
COMPOUND_CACHE_WORDS = 200_000
# Suffix of an attribute stated as a target ("will employ 4,000").
PLANNED = "_planned"
# Attributes other than counted things that can be a target ("will raise its
# stake to 90 %"): a target and the present value are different facts.
PLANNABLE = frozenset({"stake", "market_share"})
# The attribute of a figure no predicate word explains: the claim still says
# whom the figure is about, but it is never compared with another claim.
UNSPECIFIED = "unspecified"

_CURRENCY = re.compile(r"[A-Z]{3}")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")


def extract_claims(
    doc: Document,
    figures: Sequence[Figure],
    mentions: Sequence[Mention],
    quotes: Sequence[Quote],
    lang: LangData,
) -> list[Claim]:
    """A claim for every figure whose subject and attribute can be found."""
    if not figures or not mentions:
        return []
    lex = _lexicon(lang)
    ordered = _divisions.company_names(doc.text, sorted(mentions, key=lambda m: m.start), lex)
    ctx = _Context(doc, ordered, lex)
    flex = _facility_lexicon(lang)
    slex = _scope_lexicon(lang)
    plants = _facilities(doc.id, doc.text, flex, ordered)
    tlex = _transfers.transfer_lexicon(lang)
    claims: list[Claim] = []
    transfer_told = False
    for figure in figures:
        sentence = ctx.sentence_index(figure.start)
        span = ctx.sentence(sentence)
        clause = ctx.clause(figure, span)
        attribute = _attribute(ctx, figure, sentence, tlex) or UNSPECIFIED
        if _is_whole(doc.text, figure, lang):
            # "closing 30 of 45 branches": 45 is how many there are, not how many close.
            attribute = ctx.lex.unit_attributes.get(figure.unit, attribute)
        if attribute == _transfers.PRICE and _transfers.names_transfer(
            doc.text, span.start, span.end, tlex
        ):
            attribute = _transfers.TRANSFER_FEE
            transfer_told = True
        scope = _scope_of(doc.text, figure.start, figure.end, *clause, slex)
        base = _transfers.base_of_sum(figure, tlex)
        if base is not None:
            figure, scope = base, _transfers.INITIAL
        subject = _plant(ctx, flex, plants, figure, sentence, attribute)
        if subject is not None and attribute == UNSPECIFIED and _CURRENCY.fullmatch(figure.unit):
            attribute = "project_size"  # "its €30 billion plant in X": what the plant costs
        if subject is None and attribute == _PRICE:
            pronoun = functools.partial(_pronoun_subject, ctx, figure, sentence)
            subject = _deal_payer(ctx, figure, sentence, pronoun)  # the buyer, who pays it
        if subject is None:
            subject = _subject(ctx, figure, sentence, attribute)
        if subject is None and not (
            ctx.unknown_opener(sentence) or ctx.unknown_subject(clause[0], figure.start)
        ):
            subject = ctx.topic
        if subject is None:
            continue
        if attribute.removesuffix(PLANNED) in COMPANY_ATTRIBUTES:
            # "Borel will cut 3,000 jobs in its steel division": the division's.
            subject = _divisions.division_of(ctx, subject, span) or subject
        quote = _quote_at(quotes, figure)
        claims.append(
            Claim(
                doc_id=doc.id,
                start=figure.start,
                end=figure.end,
                subject_id=subject.entity_id,
                subject=subject.name,
                attribute=attribute,
                figure=figure,
                when=_when(ctx, figure, sentence, attribute),
                speaker=quote.speaker if quote is not None else None,
                scope=scope,
                near=_is_near(figure.text, slex),
            )
        )
    claims = _transfers.restatements(doc.text, claims)
    if transfer_told:
        claims = _transfers.as_transfer_fees(claims, ordered)
    return _mark_disputed(ctx, claims, quotes)


def _plant(
    ctx: _Context,
    flex: _FacilityLexicon,
    plants: list[Mention],
    figure: Figure,
    sentence: int,
    attribute: str,
) -> Mention | None:
    """The plant the figure is about, for facts a plant has of its own."""
    if not plants or attribute.removesuffix(PLANNED) not in _FACILITY_ATTRIBUTES | {UNSPECIFIED}:
        return None
    span = ctx.sentence(sentence)
    others = [m for m in ctx.sentence_mentions(sentence)[0] if m.type in ("ORG", "PERSON")]
    # "… a plant in X as part of the company's plan worth €80 billion": the company's.
    others += [
        Mention(ctx.doc.id, r.start(), r.end(), r.group(0), "", "", "ORG")
        for r in ctx.lex.referring_re.finditer(ctx.text, span.start, figure.start)
        if flex.referring_re.fullmatch(r.group(0)) is None
    ]
    clause_start = ctx.clause(figure, span)[0]
    where = (figure.start, figure.end)
    found = _facility_subject(ctx.text, plants, flex, where, span.start, clause_start, others)
    if found is not None and attribute == UNSPECIFIED and found.start < figure.start:
        return None  # only a plant the figure premodifies says what an amount is
    return found


def _attribute(
    ctx: _Context, figure: Figure, sentence_index: int, tlex: _transfers.TransferLexicon
) -> str | None:
    """The attribute key: from the counted thing, else the nearest predicate word.

    A counted thing stated as a target ("will employ 4,000 workers") gets the
    suffix ``_planned``: a plan and a present count are different facts.
    """
    sentence = ctx.sentence(sentence_index)
    clause = ctx.clause(figure, sentence)
    for pattern, key in ctx.lex.unit_predicates.get(figure.unit, ()):
        if _outside_figure(pattern, ctx.text, figure, *clause):
            return _planned(ctx, figure, clause, key)
    if figure.unit in ctx.lex.unit_attributes:
        return _planned(ctx, figure, clause, ctx.lex.unit_attributes[figure.unit])
    lo = max(sentence.start, figure.start - ATTRIBUTE_WINDOW)
    hi = min(sentence.end, figure.end + ATTRIBUTE_WINDOW)
    found = _nearest_predicate(ctx, figure, *clause)
    if found is None:
        found = _nearest_predicate(ctx, figure, lo, hi)
    if found in _transfers.CHANGES and _transfers.is_level(ctx.text, figure, tlex):
        # "a fee that could rise to £120m": the fee, at the level it reaches.
        skip = _transfers.CHANGES
        found = _nearest_predicate(ctx, figure, *clause, skip) or _nearest_predicate(
            ctx, figure, lo, hi, skip
        )
    if found == _transfers.VALUATION and _transfers.deal_worth(ctx.text, figure, lo, tlex):
        found = _transfers.PRICE  # "a deal worth €120m": what is paid
    if found in PLANNABLE:
        return _planned(ctx, figure, clause, found)
    return found


def _outside_figure(pattern: re.Pattern[str], text: str, figure: Figure, lo: int, hi: int) -> bool:
    return any(
        m.end() <= figure.start or m.start() >= figure.end for m in pattern.finditer(text, lo, hi)
    )


def _planned(ctx: _Context, figure: Figure, clause: tuple[int, int], key: str) -> str:
    # "das Werk mit knapp 600 Beschäftigten soll schließen": the plan is the
    # closure; a count after "with"/"mit" describes what is there now.
    if ctx.word_before(figure.start) in ctx.lex.present_before:
        return key
    words = _WORD.findall(ctx.text[clause[0] : figure.start])
    if words and words[0].lower() in ctx.lex.continuations:
        # "X promised a plant, and also 300 jobs": the verb of the clause before.
        clause = (ctx.sentence(ctx.sentence_index(figure.start)).start, clause[1])
    if ctx.lex.target_year_re.search(ctx.text, *clause):
        return key + PLANNED  # "cut 35,000 jobs by 2030": a target
    return key + PLANNED if _outside_figure(ctx.lex.planned_re, ctx.text, figure, *clause) else key


def _nearest_predicate(
    ctx: _Context, figure: Figure, lo: int, hi: int, skip: frozenset[str] = frozenset()
) -> str | None:
    best: tuple[int, int, str] | None = None
    lex = ctx.lex
    text = ctx.text
    fstart, fend = figure.start, figure.end
    # "a premium of 28 % on the valuation" is not a valuation.
    money = bool(_CURRENCY.fullmatch(figure.unit))
    for m in lex.attribute_re.finditer(text, lo, hi):
        start, end = m.span()
        if start < fend and end > fstart:
            continue
        if best is not None and start - fend > best[0]:
            break  # words further after the figure can only be farther
        key = lex.attribute_map[_fold(m.group(1))]
        if (key in MONEY_ATTRIBUTES and not money) or key in skip:
            continue
        best = _closer(best, figure, start, end, key)
    if lex.compound_keys:
        cache = lex.compound_cache
        for m in _WORD.finditer(text, lo, hi):
            start, end = m.span()
            if start < fend and end > fstart:
                continue
            if best is not None and start - fend > best[0]:
                break
            word = m.group(0).lower()
            keys = cache.get(word)
            if keys is None:
                keys = _compound_keys(lex, word)
                if len(cache) >= COMPOUND_CACHE_WORDS:
                    cache.clear()
                cache[word] = keys
            found = keys[0] if money else keys[1]
            if found is not None and found not in skip:
                best = _closer(best, figure, start, end, found)
    return best[2] if best is not None else None


def _compound_keys(lex: _ClaimLexicon, word: str) -> tuple[str | None, str | None]:
    """The attribute a compound ends in ("Infrastrukturprojekt"), longest ending
    first: for a money figure, and for any other figure (no money attribute)."""
    any_key: str | None = None
    for length in lex.compound_lengths:
        if length >= len(word):
            continue  # the word itself is no compound
        found = lex.compound_keys.get(word[-length:])
        if found is not None:
            if any_key is None:
                any_key = found
            if found not in MONEY_ATTRIBUTES:
                return any_key, found
    return any_key, None


def _closer(
    best: tuple[int, int, str] | None, figure: Figure, start: int, end: int, key: str
) -> tuple[int, int, str]:
    # Ties go to the word after the figure ("$3 billion bid").
    distance = start - figure.end if start >= figure.end else figure.start - end
    rank = (max(distance, 0), 0 if start >= figure.end else 1, key)
    return rank if best is None or rank[:2] < best[:2] else best


def _subject(ctx: _Context, figure: Figure, sentence_index: int, attribute: str) -> Mention | None:
    sentence = ctx.sentence(sentence_index)
    clause_start, clause_end = ctx.clause(figure, sentence)
    company = attribute.removesuffix(PLANNED) in COMPANY_ATTRIBUTES

    def allowed(m: Mention) -> bool:
        return not (company and m.type == "GPE")

    sentence_mentions, starts = ctx.sentence_mentions(sentence_index)
    candidates = [
        m
        for m in sentence_mentions
        if (m.end <= figure.start or m.start >= figure.end) and not ctx.never_subject(m)
    ]
    before = [m for m in candidates if m.end <= figure.start]
    owner = _owner_before(ctx, figure, before)
    if owner is not None and allowed(owner):
        return _resolve_company(ctx, owner, sentence_index)
    heads = [m for m in before if not _modifies_next(ctx, m, starts)]
    relative = _relative_head(ctx, clause_start, heads)
    if relative is not None and allowed(relative):
        return relative
    # "X said (that) Y raised …": Y's clause counts, not the reporter's.
    start = clause_start
    for verb in ctx.lex.reporting_re.finditer(ctx.text, clause_start, figure.start):
        start = verb.end()
    in_clause = [m for m in heads if m.start >= start and not ctx.in_phrase(m) and allowed(m)]
    if in_clause:
        return _resolve_company(ctx, in_clause[0], sentence_index)
    clause = (clause_start, start, clause_end)
    found = _referent(ctx, figure, sentence_index, clause, heads, True)
    if found is None:
        found = _antecedent_subject(ctx, figure, sentence_index, clause[1:], heads, company)
    if found is not None:
        return found
    free = [m for m in heads if not ctx.in_phrase(m) and allowed(m)]
    if free:
        return _resolve_company(ctx, free[0], sentence_index)
    found = _referent(ctx, figure, sentence_index, clause, heads, False)
    if found is not None:
        return found
    if not candidates and (
        ctx.unknown_opener(sentence_index) or ctx.unknown_subject(clause_start, figure.start)
    ):
        return None  # the sentence is about a name the recogniser does not know
    if company and not any(allowed(m) for m in candidates):
        # A company fact in a sentence naming no company continues the last one.
        found = _previous_subject(ctx, sentence_index, _fits_org)
        if found is not None:
            return found
    pool = [m for m in heads if allowed(m)]
    if pool:
        return pool[-1]
    # A name after the figure is its subject only inside its clause ("an offer
    # led by X"), not in a later clause ("…, subject to approval by X").
    after = [
        m
        for m in candidates
        if figure.end <= m.start < clause_end
        and allowed(m)
        # "€325m flow to X": X receives the money, it does not pay it.
        and ctx.word_before(m.start) not in ctx.lex.deal_to
    ]
    if after:
        return after[0]
    places = [m for m in heads if not ctx.in_phrase(m)]
    return places[0] if places else None


_ORGANISATIONS = frozenset({"ORG", "FACILITY", "PROJECT"})


def _fits_org(m: Mention) -> bool:
    return m.type not in ("PERSON", "GPE")


def _relative_head(ctx: _Context, clause_start: int, heads: list[Mention]) -> Mention | None:
    """ "X, which employs 3,000 people": the clause is about X."""
    words = _WORD.findall(ctx.text[clause_start : clause_start + 20])
    if not words or words[0].lower() not in ctx.lex.relative or not heads:
        return None
    last = heads[-1]
    gap = ctx.text[last.end : clause_start]
    if gap.strip() in (",", "") and len(gap) <= 3:
        return last
    other = _other_referent(ctx, clause_start, heads)
    if other is not None:
        return other
    # "X's first plant, in Leipzig, which will employ …": the plant, so its owner.
    owners = [m for m in heads if _fits_org(m)]
    return owners[-1] if owners else None


# How far before a relative pronoun a referring noun phrase may start
# ("the Rotterdam barge operator, which …").
REFERRING_PHRASE_CHARS = 60


def _other_referent(ctx: _Context, clause_start: int, heads: list[Mention]) -> Mention | None:
    """ "X agreed to pay €1bn for the Rotterdam operator, which has 4,300 staff":
    a referring noun phrase that is not the sentence's subject names another
    organisation, the one named last before it other than the subject."""
    lo = max(0, clause_start - REFERRING_PHRASE_CHARS)
    phrase = None
    for m in ctx.lex.referring_re.finditer(ctx.text, lo, clause_start):
        phrase = m
    if phrase is None or ctx.text[phrase.end() : clause_start].strip(" ,") or not heads:
        return None
    subject = heads[0]
    index = ctx.sentence_index(clause_start)
    lo = ctx.sentence(max(0, index - ANTECEDENT_SENTENCES)).start
    earlier = [
        m
        for m in ctx.mentions_in(lo, phrase.start())
        if _fits_org(m) and m.entity_id != subject.entity_id and not ctx.never_subject(m)
    ]
    return earlier[-1] if earlier else None


def _pronoun_subject(
    ctx: _Context, figure: Figure, sentence_index: int, lo: int, hi: int
) -> Mention | None:
    """The organisation or person a subject pronoun in ``[lo, hi)`` refers to."""
    return _antecedent_subject(ctx, figure, sentence_index, (lo, hi), [], True)


def _antecedent_subject(
    ctx: _Context,
    figure: Figure,
    sentence_index: int,
    span: tuple[int, int],
    heads: list[Mention],
    company: bool,
) -> Mention | None:
    """The referent of a subject pronoun ("it", "er") in the figure's clause."""
    clause_start, clause_end = span
    kind = None
    for m in _WORD.finditer(ctx.text, clause_start, clause_end):
        if figure.start <= m.start() < figure.end:
            continue
        kind = ctx.lex.pronouns.get(m.group(0).lower())
        if kind is not None:
            break
    if kind is None:
        return None

    def fits(m: Mention) -> bool:
        if ctx.in_phrase(m) or ctx.never_subject(m) or (company and m.type == "GPE"):
            return False
        return kind == "any" or (m.type == "PERSON") == (kind == "person")

    before_clause = [m for m in heads if m.end <= clause_start and fits(m)]
    if before_clause:
        return before_clause[0]
    return _previous_subject(ctx, sentence_index, fits)


def _referent(
    ctx: _Context,
    figure: Figure,
    sentence_index: int,
    clause: tuple[int, int, int],
    heads: list[Mention],
    subject_position: bool,
) -> Mention | None:
    """What "the company", "the plant", "das Unternehmen" refers back to.

    With ``subject_position`` only a referring noun opening the clause, or the
    clause reported after "said", counts; otherwise also one later in it
    ("values the company at").
    """
    clause_start, reported, clause_end = clause
    found = None
    for m in ctx.lex.referring_re.finditer(ctx.text, clause_start, clause_end):
        if m.start() < figure.end and m.end() > figure.start:
            continue
        found = m
        break
    if found is None:
        return None
    opening = any(
        all(w.lower() in ctx.lex.openers for w in _WORD.findall(ctx.text[lo : found.start()]))
        for lo in (clause_start, reported)
        if lo <= found.start()
    )
    if opening != subject_position:
        return None
    # The organisation named last before it, even as an owner ("at X's plant").
    sentence = ctx.sentence(sentence_index)
    earlier = [
        m
        for m in ctx.mentions_in(sentence.start, found.start())
        if m.type in _ORGANISATIONS and not ctx.never_subject(m)
    ]
    if earlier:
        return earlier[-1]
    # News says "the company" for the company the article is about.
    topic = ctx.topic
    if topic is not None:
        lo = ctx.sentence(max(0, sentence_index - TOPIC_SENTENCES)).start
        if any(m.entity_id == topic.entity_id for m in ctx.mentions_in(lo, figure.start)):
            return topic
    return _previous_subject(ctx, sentence_index, _fits_org) or topic


def _previous_subject(
    ctx: _Context, sentence_index: int, fits: Callable[[Mention], bool]
) -> Mention | None:
    """The first fitting free mention of the nearest earlier sentence that has one."""
    for back in range(1, ANTECEDENT_SENTENCES + 1):
        if sentence_index - back < 0:
            break
        mentions, starts = ctx.sentence_mentions(sentence_index - back)
        for mention in mentions:
            if (
                fits(mention)
                and not ctx.in_phrase(mention)
                and not ctx.never_subject(mention)
                and not _modifies_next(ctx, mention, starts)
            ):
                return mention
    return None


def _owner_before(ctx: _Context, figure: Figure, before: list[Mention]) -> Mention | None:
    """A possessive mention right before the figure ("Mehta's ambitious $8 billion")."""
    if not before:
        return None
    last = before[-1]
    end = ctx.possessive_end(last)
    if end is None:
        return None
    gap = ctx.text[end : figure.start]
    if any(ch in gap for ch in ',;:.!?()"„“”'):
        return None
    return last if len(_WORD.findall(gap)) <= POSSESSIVE_GAP_WORDS else None


def _modifies_next(ctx: _Context, mention: Mention, starts: frozenset[int]) -> bool:
    """An owner directly before another name ("Norrland's Fjord") is not the subject.

    ``starts`` are the start offsets of the mentions of the sentence."""
    owned = ctx.owned.get(id(mention))
    if owned is None:
        owned = ctx.owned[id(mention)] = _owned_starts(ctx, mention)
    return not owned.isdisjoint(starts)


def _owned_starts(ctx: _Context, mention: Mention) -> frozenset[int]:
    """Where a name owned by the mention may start; empty if it owns nothing."""
    end = ctx.possessive_end(mention)
    if end is None:
        return frozenset()
    # "Norrland's rival Fjord", "Norrlands Konkurrent Fjord": the owner too.
    apposition = ctx.lex.apposition_re.match(ctx.text, end)
    starts = {end, apposition.end() if apposition is not None else end}
    while end < len(ctx.text) and ctx.text[end] in " \u00a0":
        end += 1
    starts.add(end)
    return frozenset(starts)


def _resolve_company(ctx: _Context, mention: Mention, sentence_index: int) -> Mention:
    """ "Vogt's company" means the company last named, not Vogt."""
    if mention.type != "PERSON":
        return mention
    end = ctx.possessive_end(mention)
    if end is None:
        return mention
    words = _WORD.findall(ctx.text[end : end + 40])
    if not words or words[0].lower() not in ctx.lex.company_nouns:
        return mention
    for back in range(1, ANTECEDENT_SENTENCES + 1):
        if sentence_index - back < 0:
            break
        prev = ctx.sentence(sentence_index - back)
        for m in ctx.mentions_in(prev.start, prev.end):
            if m.type == "ORG" and not ctx.in_phrase(m):
                return m
    return mention


def _when(ctx: _Context, figure: Figure, sentence_index: int, attribute: str) -> str | None:
    clause_start, clause_end = ctx.clause(figure, ctx.sentence(sentence_index))
    m = ctx.lex.when_re.search(ctx.text, clause_start, clause_end)
    if m is None:
        if attribute.endswith(PLANNED):
            # "to rise to 100 per cent by 2033": a plan holds for its target year.
            target = ctx.lex.target_year_re.search(ctx.text, clause_start, clause_end)
            return target.group(1) if target is not None else None
        return None
    between = ctx.text[min(figure.end, m.start()) : m.start()]
    if ctx.lex.when_blocker_re.search(between):
        # "raised $900 million in total since it was founded in 2019": a running total.
        return None
    month = ctx.lex.months.get(_fold(m.group(1))) if m.group(1) else None
    return f"{m.group(2)}-{month:02d}" if month else m.group(2)


def _quote_at(quotes: Sequence[Quote], figure: Figure) -> Quote | None:
    for quote in quotes:
        if quote.start <= figure.start and figure.end <= quote.end:
            return quote
    return None
