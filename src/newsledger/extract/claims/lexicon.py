"""The claim lexicon of a language, built once from ``lang/<code>/claims.yaml``.

Predicate words, counted-thing attributes, prepositions, pronouns, referring
nouns ("the company", "das Werk"), reporting verbs, time and denial words,
compiled to regular expressions for ``newsledger.extract.claims``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from newsledger.extract.alternation import fold_key, word_alternation
from newsledger.lang import LangData

# German compounds ending in a predicate word count ("Infrastrukturprojekt")
# when that word is at least this long; shorter ones give false hits.
COMPOUND_MIN_SUFFIX = 5

# Words of a title between a source marker and the speaker ("laut
# Finanzchef X", "according to chief analyst X").
SOURCE_TITLE_WORDS = 2

# Words allowed between a determiner and its referring noun ("the
# four-year-old company", "das vier Jahre alte Unternehmen").
REFERRING_GAP_WORDS = 3

_YEAR = r"((?:19|20)\d{2})(?!\d)"


def _alternation(words: Iterable[str]) -> str:
    """Prefix-tree alternation of literal phrases; spaces match any blank."""
    return word_alternation((w for w in words if w), any_blank=True)


def _word_re(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{_alternation(words) or '(?!)'})(?![\w-])", re.IGNORECASE)


def fold(text: str) -> str:
    """The lookup key of a lexicon phrase; the same fold the figures' lexicons use."""
    return fold_key(text)


@dataclass(frozen=True)
class ClaimLexicon:
    attribute_re: re.Pattern[str]
    attribute_map: Mapping[str, str]
    # Predicate words a German compound may end in, by the word, and their
    # lengths longest first: the longest matching ending wins.
    compound_keys: Mapping[str, str]
    compound_lengths: tuple[int, ...]
    unit_attributes: Mapping[str, str]
    prepositions: frozenset[str]
    pronouns: Mapping[str, str]
    company_nouns: frozenset[str]
    subsidiary_words: frozenset[str]
    # Nouns naming a division of a group ("Sparte", "unit"), German ones also
    # as the end of a compound ("Stahlsparte").
    division_words: tuple[str, ...]
    present_before: frozenset[str]
    # Words that may open a sentence without being a name.
    function_words: frozenset[str]
    # Words that open a phrase (prepositions, determiners): what follows is
    # no bare name in subject position.
    phrase_openers: frozenset[str]
    continuations: frozenset[str]
    target_year_re: re.Pattern[str]
    when_re: re.Pattern[str]
    when_blocker_re: re.Pattern[str]
    months: Mapping[str, int]
    verdict_re: re.Pattern[str]
    denial_verb_re: re.Pattern[str]
    claim_noun_re: re.Pattern[str]
    unit_predicates: Mapping[str, tuple[tuple[re.Pattern[str], str], ...]]
    planned_re: re.Pattern[str]
    referring_re: re.Pattern[str]
    modifier_head_re: re.Pattern[str]
    apposition_re: re.Pattern[str]
    relative: frozenset[str]
    openers: frozenset[str]
    reporting_re: re.Pattern[str]
    source_re: re.Pattern[str]
    # Names that report news (news agencies): a source, never a subject.
    reporter_re: re.Pattern[str]
    # Purchase prices: verbs of buying and paying, verbs of selling and the
    # word before their buyer ("to", "an"), the passive agent ("by").
    deal_buy_re: re.Pattern[str]
    deal_sell_re: re.Pattern[str]
    deal_to: frozenset[str]
    deal_agents: frozenset[str]
    # Compound endings already looked up, by lower-cased word: the same words
    # recur in every article, and trying every ending length is the slow part.
    compound_cache: dict[str, tuple[str | None, str | None]] = field(
        default_factory=dict, compare=False, repr=False
    )


def claim_lexicon(lang: LangData) -> ClaimLexicon:
    """The compiled ``claims.yaml`` of ``lang``, built once per language."""
    return lang.compiled(_from_lang)


def _from_lang(lang: LangData) -> ClaimLexicon:
    return _build(lang.table("claims"))


def _build(data: Mapping[str, Any]) -> ClaimLexicon:
    attributes: dict[str, str] = {}
    for key, words in (data.get("attributes") or {}).items():
        for word in words:
            attributes[fold(str(word))] = str(key)
    compound_keys: dict[str, str] = {}
    if data.get("compound_attributes"):
        compound_keys = {w: k for w, k in attributes.items() if len(w) >= COMPOUND_MIN_SUFFIX}
    months = {fold(str(k)): int(v) for k, v in (data.get("month_names") or {}).items()}
    denial = data.get("denial") or {}
    flags = re.IGNORECASE
    when_alt = _alternation(str(w) for w in data.get("when_prepositions") or ["in"])
    month_alt = _alternation(months) or "(?!)"
    nouns = _alternation(str(w) for w in data.get("referring_nouns") or []) or "(?!)"
    # German compounds end in the noun ("Batterieunternehmen").
    noun = rf"\w*(?:{nouns})" if data.get("compound_attributes") else rf"(?:{nouns})"
    dets = _alternation(str(w) for w in data.get("definite_determiners") or []) or "(?!)"
    unit_predicates = {
        str(unit): tuple(
            (_word_re(str(w) for w in words), str(key)) for key, words in (table or {}).items()
        )
        for unit, table in (data.get("unit_predicates") or {}).items()
    }
    sources = _alternation(str(w) for w in data.get("source_markers") or []) or "(?!)"
    deal = data.get("deal") or {}
    return ClaimLexicon(
        deal_buy_re=_word_re(str(w) for w in deal.get("buy_verbs") or []),
        deal_sell_re=_word_re(str(w) for w in deal.get("sell_verbs") or []),
        deal_to=frozenset(fold(str(w)) for w in deal.get("sold_to") or []),
        deal_agents=frozenset(fold(str(w)) for w in deal.get("passive_agents") or []),
        unit_predicates=unit_predicates,
        planned_re=_word_re(str(w) for w in data.get("planned_markers") or []),
        referring_re=re.compile(
            rf"(?<![\w-])(?:{dets})\s+(?:[\w-]+\s+){{0,{REFERRING_GAP_WORDS}}}?{noun}(?![\w-])",
            flags,
        ),
        modifier_head_re=re.compile(rf"\s+(?:[a-zäöüß][\w-]*\s+){{0,2}}?{noun}(?![\w-])"),
        apposition_re=re.compile(rf"\s+(?:[\w-]+\s+)?{noun}\s+"),
        relative=frozenset(fold(str(w)) for w in data.get("relative_pronouns") or []),
        openers=frozenset(fold(str(w)) for w in data.get("clause_openers") or []),
        reporting_re=_word_re(str(w) for w in data.get("reporting_verbs") or []),
        source_re=re.compile(
            rf"(?<![\w-])(?:{sources})"
            rf"\s+(?:[\w-]+\s+){{0,{SOURCE_TITLE_WORDS}}}$",
            flags,
        ),
        reporter_re=re.compile(
            rf"(?:{_alternation(str(w) for w in data.get('reporter_words') or []) or '(?!)'})",
            flags,
        ),
        attribute_re=re.compile(rf"(?<![\w-])({_alternation(attributes)})(?![\w-])", flags),
        attribute_map=attributes,
        compound_keys=compound_keys,
        compound_lengths=tuple(sorted({len(w) for w in compound_keys}, reverse=True)),
        unit_attributes={str(k): str(v) for k, v in (data.get("unit_attributes") or {}).items()},
        prepositions=frozenset(fold(str(p)) for p in data.get("prepositions") or []),
        pronouns={fold(str(k)): str(v) for k, v in (data.get("pronouns") or {}).items()},
        company_nouns=frozenset(fold(str(w)) for w in data.get("company_nouns") or []),
        target_year_re=re.compile(
            rf"(?<!\w)(?:{_alternation(map(str, data.get('target_year_prepositions') or []))})"
            rf"\s+{_YEAR}"
            if data.get("target_year_prepositions")
            else "(?!)",
            flags,
        ),
        continuations=frozenset(fold(str(w)) for w in data.get("continuations") or []),
        function_words=frozenset(
            fold(str(w))
            for key in (
                "definite_determiners",
                "clause_openers",
                "prepositions",
                "relative_pronouns",
                "continuations",
                "sentence_openers",
            )
            for w in data.get(key) or []
        )
        | frozenset(fold(str(w)) for w in data.get("pronouns") or {}),
        phrase_openers=frozenset(
            fold(str(w))
            for key in ("definite_determiners", "prepositions")
            for w in data.get(key) or []
        ),
        present_before=frozenset(fold(str(w)) for w in data.get("present_before") or []),
        subsidiary_words=frozenset(str(w) for w in data.get("subsidiary_name_words") or []),
        division_words=tuple(str(w) for w in data.get("division_words") or []),
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
