"""Claims: each figure attached to the entity it is about and to an attribute.

The subject is found by position, from the entity mentions of the sentence:
an owner right before the figure ("Mehta's $8 billion rail plan"), else
the first mention of the figure's clause that is not inside a prepositional
phrase (the grammatical subject, as news sentences are mostly SVO or V2),
else the antecedent of a subject pronoun ("She later made a $3 billion bid"),
else the first such mention of the sentence, else any mention before, else
the nearest one after ("an offer led by Raj Mehta").  The attribute comes
from the counted thing ("GPUs" → ``gpus``) or from the nearest predicate
word of ``claims.yaml`` ("valuation", "Bewertung" → ``valuation``); a figure
with neither yields no claim.  A claim is ``disputed`` when a later sentence
denies it ("Falsch", "that is wrong", "denied the report").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from newsledger.lang import LangData
from newsledger.model import Claim, Document, Figure, Mention, Quote, Span

# Words allowed between an owner and the figure it owns ("Mehta's
# ambitious $8 billion"); more and the owner belongs to another phrase.
POSSESSIVE_GAP_WORDS = 2
# How far (characters) a predicate word may sit from its figure when it is
# not in the figure's clause; covers German verb-final clauses
# ("… 4 Milliarden Euro für eine Serverhalle in Narvik, Norwegen, ausgegeben").
ATTRIBUTE_WINDOW = 90
# How many sentences back a pronoun looks for its antecedent.
ANTECEDENT_SENTENCES = 2
# How many sentences after a claim a denial may come and still refer to it;
# replies in news usually follow within a paragraph or two.
DISPUTE_WINDOW_SENTENCES = 8
# German compounds ending in a predicate word count ("Infrastrukturprojekt")
# when that word is at least this long; shorter ones give false hits.
COMPOUND_MIN_SUFFIX = 5

_CLAUSE_BREAK = re.compile(r"[,;:()\[\]„“”\"«»–—]|\s-\s")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"„“'A-ZÄÖÜ0-9])|\n+")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_YEAR = r"((?:19|20)\d{2})(?!\d)"
_POSSESSIVE_TAIL = re.compile(r"(?:['’]s?)(?!\w)")
_QUOTED = re.compile(r"[„“”\"«»‚‘]([^„“”\"«»]{0,400})[“”\"«»‘’]")


def _alternation(words: Iterable[str]) -> str:
    unique = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in unique)


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class _ClaimLexicon:
    attribute_re: re.Pattern[str]
    attribute_map: Mapping[str, str]
    compound: tuple[tuple[str, str], ...]
    unit_attributes: Mapping[str, str]
    prepositions: frozenset[str]
    pronouns: Mapping[str, str]
    company_nouns: frozenset[str]
    when_re: re.Pattern[str]
    when_blocker_re: re.Pattern[str]
    months: Mapping[str, int]
    verdict_re: re.Pattern[str]
    denial_verb_re: re.Pattern[str]
    claim_noun_re: re.Pattern[str]


_CACHE: dict[str, tuple[int, _ClaimLexicon]] = {}


def _lexicon(lang: LangData) -> _ClaimLexicon:
    table = lang.table("claims")
    cached = _CACHE.get(lang.code)
    if cached is not None and cached[0] == id(table):
        return cached[1]
    built = _build(table)
    _CACHE[lang.code] = (id(table), built)
    return built


def _build(data: Mapping[str, Any]) -> _ClaimLexicon:
    attributes: dict[str, str] = {}
    for key, words in (data.get("attributes") or {}).items():
        for word in words:
            attributes[_fold(str(word))] = str(key)
    compound: tuple[tuple[str, str], ...] = ()
    if data.get("compound_attributes"):
        compound = tuple(
            sorted(
                ((w, k) for w, k in attributes.items() if len(w) >= COMPOUND_MIN_SUFFIX),
                key=lambda p: -len(p[0]),
            )
        )
    months = {_fold(str(k)): int(v) for k, v in (data.get("month_names") or {}).items()}
    denial = data.get("denial") or {}
    flags = re.IGNORECASE
    when_alt = _alternation(str(w) for w in data.get("when_prepositions") or ["in"])
    month_alt = _alternation(months) or "(?!)"
    return _ClaimLexicon(
        attribute_re=re.compile(rf"(?<![\w-])({_alternation(attributes)})(?![\w-])", flags),
        attribute_map=attributes,
        compound=compound,
        unit_attributes={str(k): str(v) for k, v in (data.get("unit_attributes") or {}).items()},
        prepositions=frozenset(_fold(str(p)) for p in data.get("prepositions") or []),
        pronouns={_fold(str(k)): str(v) for k, v in (data.get("pronouns") or {}).items()},
        company_nouns=frozenset(_fold(str(w)) for w in data.get("company_nouns") or []),
        when_re=re.compile(
            rf"(?<!\w)(?:{when_alt})\s+(?:({month_alt})\s+)?{_YEAR}",
            flags,
        ),
        when_blocker_re=re.compile(
            rf"(?<!\w)(?:{_alternation(str(w) for w in data.get('when_blockers') or []) or '(?!)'})"
            r"(?!\w)",
            flags,
        ),
        months=months,
        verdict_re=re.compile(
            rf"(?<!\w)(?:{_alternation(str(w) for w in denial.get('verdicts') or []) or '(?!)'})"
            r"(?!\w)",
            flags,
        ),
        denial_verb_re=re.compile(
            rf"(?<!\w)(?:{_alternation(str(w) for w in denial.get('verbs') or []) or '(?!)'})"
            r"(?!\w)",
            flags,
        ),
        claim_noun_re=re.compile(
            rf"(?<!\w)(?:{_alternation(str(w) for w in denial.get('claim_nouns') or []) or '(?!)'})"
            r"(?!\w)",
            flags,
        ),
    )


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
    ctx = _Context(doc, sorted(mentions, key=lambda m: m.start), lex)
    claims: list[Claim] = []
    for figure in figures:
        sentence = ctx.sentence_index(figure.start)
        attribute = _attribute(ctx, figure, sentence)
        if attribute is None:
            continue
        subject = _subject(ctx, figure, sentence)
        if subject is None:
            continue
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
                when=_when(ctx, figure, sentence),
                speaker=quote.speaker if quote is not None else None,
            )
        )
    return _mark_disputed(ctx, claims, quotes)


class _Context:
    """Sentences, clauses and mentions of one document, indexed for lookups."""

    def __init__(self, doc: Document, mentions: list[Mention], lex: _ClaimLexicon) -> None:
        self.doc = doc
        self.text = doc.text
        self.lex = lex
        self.sentences = list(doc.sentences) or _split_sentences(doc.text)
        self.sentence_starts = [s.start for s in self.sentences]
        self.mentions = mentions
        self.mention_starts = [m.start for m in mentions]

    def sentence_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, offset) - 1)

    def sentence(self, index: int) -> Span:
        if 0 <= index < len(self.sentences):
            return self.sentences[index]
        return Span(0, len(self.text))

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        lo = bisect.bisect_left(self.mention_starts, start)
        hi = bisect.bisect_left(self.mention_starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def clause(self, figure: Figure, sentence: Span) -> tuple[int, int]:
        """The stretch of the sentence around the figure between clause breaks."""
        start, end = sentence.start, sentence.end
        for brk in _CLAUSE_BREAK.finditer(self.text, sentence.start, figure.start):
            start = brk.end()
        after = _CLAUSE_BREAK.search(self.text, figure.end, end)
        if after is not None:
            end = after.start()
        return start, end

    def word_before(self, offset: int) -> str:
        words = _WORD.findall(self.text[max(0, offset - 30) : offset])
        return words[-1].lower() if words else ""

    def in_phrase(self, mention: Mention) -> bool:
        """The mention follows a preposition ("in Narvik", "of Norrland Compute")."""
        return self.word_before(mention.start) in self.lex.prepositions

    def never_subject(self, mention: Mention) -> bool:
        """A place in a phrase ("in Narvik") or a name used as a modifier ("Norway-based")."""
        if mention.type == "GPE" and self.in_phrase(mention):
            return True
        after = self.text[mention.end : mention.end + 2]
        return len(after) == 2 and after[0] == "-" and after[1].islower()

    def possessive_end(self, mention: Mention) -> int | None:
        """End of the owner phrase if the mention is an owner ("Vogt's", "Vogts")."""
        tail = _POSSESSIVE_TAIL.match(self.text, mention.end)
        if tail is not None:
            return tail.end()
        last_name = mention.name.split()[-1] if mention.name else ""
        if mention.text.endswith(("s", "’", "'")) and not last_name.endswith("s"):
            return mention.end
        return None


def _split_sentences(text: str) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            spans.append(Span(start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append(Span(start, len(text)))
    return spans


def _attribute(ctx: _Context, figure: Figure, sentence_index: int) -> str | None:
    """The attribute key: from the counted thing, else the nearest predicate word."""
    if figure.unit in ctx.lex.unit_attributes:
        return ctx.lex.unit_attributes[figure.unit]
    sentence = ctx.sentence(sentence_index)
    clause = ctx.clause(figure, sentence)
    found = _nearest_predicate(ctx, figure, *clause)
    if found is None:
        lo = max(sentence.start, figure.start - ATTRIBUTE_WINDOW)
        hi = min(sentence.end, figure.end + ATTRIBUTE_WINDOW)
        found = _nearest_predicate(ctx, figure, lo, hi)
    return found


def _nearest_predicate(ctx: _Context, figure: Figure, lo: int, hi: int) -> str | None:
    best: tuple[int, int, str] | None = None
    lex = ctx.lex
    for m in lex.attribute_re.finditer(ctx.text, lo, hi):
        if m.start() < figure.end and m.end() > figure.start:
            continue
        key = lex.attribute_map[_fold(m.group(1))]
        best = _closer(best, figure, m.start(), m.end(), key)
    if lex.compound:
        for m in _WORD.finditer(ctx.text, lo, hi):
            if m.start() < figure.end and m.end() > figure.start:
                continue
            word = m.group(0).lower()
            for suffix, key in lex.compound:
                if word.endswith(suffix) and word != suffix:
                    best = _closer(best, figure, m.start(), m.end(), key)
                    break
    return best[2] if best is not None else None


def _closer(
    best: tuple[int, int, str] | None, figure: Figure, start: int, end: int, key: str
) -> tuple[int, int, str]:
    # Ties go to the word after the figure ("$3 billion bid").
    distance = start - figure.end if start >= figure.end else figure.start - end
    rank = (max(distance, 0), 0 if start >= figure.end else 1, key)
    return rank if best is None or rank[:2] < best[:2] else best


def _subject(ctx: _Context, figure: Figure, sentence_index: int) -> Mention | None:
    sentence = ctx.sentence(sentence_index)
    clause_start, clause_end = ctx.clause(figure, sentence)
    candidates = [
        m
        for m in ctx.mentions_in(sentence.start, sentence.end)
        if (m.end <= figure.start or m.start >= figure.end) and not ctx.never_subject(m)
    ]
    if not candidates:
        return _antecedent_subject(ctx, figure, sentence_index, clause_start, clause_end, [])
    before = [m for m in candidates if m.end <= figure.start]
    owner = _owner_before(ctx, figure, before)
    if owner is not None:
        return _resolve_company(ctx, owner, sentence_index)
    heads = [m for m in before if not _modifies_next(ctx, m, candidates)]
    in_clause = [m for m in heads if m.start >= clause_start and not ctx.in_phrase(m)]
    if in_clause:
        return _resolve_company(ctx, in_clause[0], sentence_index)
    found = _antecedent_subject(ctx, figure, sentence_index, clause_start, clause_end, heads)
    if found is not None:
        return found
    free = [m for m in heads if not ctx.in_phrase(m)]
    if free:
        return _resolve_company(ctx, free[0], sentence_index)
    if heads:
        return heads[-1]
    after = [m for m in candidates if m.start >= figure.end]
    return after[0] if after else None


def _antecedent_subject(
    ctx: _Context,
    figure: Figure,
    sentence_index: int,
    clause_start: int,
    clause_end: int,
    heads: list[Mention],
) -> Mention | None:
    """The referent of a subject pronoun in the figure's clause ("it", "er")."""
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
        if ctx.in_phrase(m):
            return False
        return kind == "any" or (m.type == "PERSON") == (kind == "person")

    before_clause = [m for m in heads if m.end <= clause_start and fits(m)]
    if before_clause:
        return before_clause[0]
    for back in range(1, ANTECEDENT_SENTENCES + 1):
        if sentence_index - back < 0:
            break
        prev = ctx.sentence(sentence_index - back)
        mentions = ctx.mentions_in(prev.start, prev.end)
        for mention in mentions:
            if fits(mention) and not _modifies_next(ctx, mention, mentions):
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


def _modifies_next(ctx: _Context, mention: Mention, mentions: list[Mention]) -> bool:
    """An owner directly before another name ("Norrland's Fjord") is not the subject."""
    end = ctx.possessive_end(mention)
    if end is None:
        return False
    while end < len(ctx.text) and ctx.text[end] in " \u00a0":
        end += 1
    return any(m.start == end for m in mentions)


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


def _when(ctx: _Context, figure: Figure, sentence_index: int) -> str | None:
    clause_start, clause_end = ctx.clause(figure, ctx.sentence(sentence_index))
    m = ctx.lex.when_re.search(ctx.text, clause_start, clause_end)
    if m is None:
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


def _mark_disputed(ctx: _Context, claims: list[Claim], quotes: Sequence[Quote]) -> list[Claim]:
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
        disputed.update(by_speaker or by_subject)
    return [replace(c, disputed=True) if i in disputed else c for i, c in enumerate(claims)]


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
