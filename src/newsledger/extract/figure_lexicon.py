"""Compiled figure knowledge of one language, built once from ``figures.yaml``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from newsledger.extract.alternation import fold_key, word_alternation
from newsledger.extract.numbers import AND, ARTICLE, FRACTION, HUNDRED, OF, SCALE, SMALL, Token
from newsledger.lang import LangData
from newsledger.model import Direction, Qualifier

# A German compound ends in a counted thing ("Hochleistungsgrafikprozessoren")
# only when that thing's name is this long: shorter names give false hits
# ("Sekunden" ends in "kunden").
COMPOUND_MIN_SUFFIX = 7

# Words between the article and "of" in "up to an overall fee of £120m":
# news writes one to three ("a total", "an overall fee", "a combined annual
# total"); a longer run is a clause of its own, not a noun phrase.
OF_PHRASE_WORDS = 3

_QUALIFIERS: frozenset[str] = frozenset({"=", "~", ">", "<", ">=", "<=", "range"})
_WORD = re.compile(r"[ \t\u00a0]+([^\W\d][\w’'.-]*[\w]|[^\W\d])")
_SPLIT = re.compile(r"[\s-]+")


def _alternation(words: Iterable[str]) -> str:
    """Regex alternation of literal phrases; spaces match any blank.

    Built as a prefix tree (see ``_tree``): a longer phrase is tried before
    its own prefix, so the match is the one of a longest-first list.
    """
    return _tree({w for w in words if w})


def _trie(words: Iterable[str]) -> str:
    """Regex alternation of lower-cased phrases as a prefix tree.

    Python's ``re`` tries alternatives one by one at every position; sharing
    prefixes makes the number-word scan about twice as fast.
    """
    return _tree({w.lower() for w in words if w}) or "(?!)"


def _tree(words: set[str]) -> str:
    return word_alternation(words, any_blank=True)


def _split_trie(words: Iterable[str]) -> tuple[str, str]:
    """``_trie(words)`` split after its first character, for a charset-led regex.

    Returns the ASCII characters that start a match (case-insensitively) and
    the rest of the tree, each branch guarded by a lookbehind on the first
    character it belongs to: ``(?<=(?i:t))(?i:wo|hree)`` for "two", "three".
    """
    lowered = {w.lower() for w in words if w}
    firsts = sorted({w[0] for w in lowered})
    branches = []
    for first in firsts:
        rest = [w[1:] for w in lowered if w[0] == first and len(w) > 1]
        body = f"(?i:{_trie(rest)})" if rest else ""
        if rest and first in lowered:
            body = f"(?:{body})?"
        branches.append(f"(?<=(?i:{re.escape(first)})){body}")
    probe = re.compile("(?i:[" + "".join(re.escape(c) for c in firsts) + "])") if firsts else None
    ascii_starts = "".join(
        chr(i) for i in range(128) if probe is not None and probe.fullmatch(chr(i))
    )
    return ascii_starts, "(?:" + ("|".join(branches) or "(?!)") + ")"


def _candidate(
    number_words: list[str],
    articles: list[str],
    scales: list[str],
    morphemes: list[str],
    compound_starts: list[str],
    multiplier_words: list[str],
) -> str:
    """Digit strings, runs of number words, and "a"/"eine" before a scale word.

    Written to start with one character class: ``re`` then skips every
    character outside it in C instead of trying each alternative at each
    position (the figure scan is about a third faster).  The class holds
    digits, the ASCII letters number words and articles start with, and all
    non-ASCII characters, whose case-insensitive equivalents ("K" for "k")
    the guarded branches then decide exactly.  An empty group at the end of
    each branch names its kind (``match.lastgroup``).
    """
    word_alt = _trie(number_words)
    # German writes numbers as one word ("zweihundertfünfzigtausend"): after
    # its first part, a word may go on with any further parts.
    more = f"(?i:{_trie(morphemes)})*" if morphemes else ""
    if not all(re.match(r"\w", w) for w in [*number_words, *articles] if w):
        # The guard below reads a word boundary as "a word character follows".
        return (
            r"(?P<num>\d(?:\d|[.,'’\u00a0\u202f\u2009](?=\d))*)"
            rf"|\b(?<!-)(?P<word>(?i:{word_alt}){more})(?!\w)"
            rf"|\b(?<!-)(?P<art>(?i:{_trie(articles)}))(?=\s+(?i:{_trie(scales)})(?!\w))"
        )
    word_ascii, word_rest = _split_trie(number_words)
    art_ascii, art_rest = _split_trie(articles)
    comp_ascii, comp_rest = _split_trie(compound_starts)
    mult_ascii, mult_rest = _split_trie(multiplier_words)
    starts = re.escape(
        "".join(sorted(set(word_ascii + art_ascii + comp_ascii + mult_ascii) - set("0123456789")))
    )
    # A word starts at a word boundary not preceded by a hyphen ("forty-two"
    # is one run, "GPT-four" none): the character before the first one.
    edge = r"(?<![\w-](?s:.))"
    # "revenue doubled": a multiple stated by the verb alone.
    mult = rf"|{mult_rest}(?!\w)(?P<mult>)" if multiplier_words else ""
    # "ein" starts a number only inside a compound ("einundzwanzig").
    compound = ""
    if compound_starts and more:
        compound = rf"|{comp_rest}{more[:-1]}+(?!\w)(?P<cword>)"
    # The word boundary is tested once for all word branches: most letters
    # in the class stand inside words, where that one test fails.
    return (
        rf"[0-9{starts}\x80-\U0010ffff](?:"
        r"(?<=\d)(?:\d|[.,'’\u00a0\u202f\u2009](?=\d))*(?P<num>)"
        rf"|{edge}(?:{word_rest}{more}(?!\w)(?P<word>)"
        rf"|{art_rest}(?=\s+(?i:{_trie(scales)})(?!\w))(?P<art>)" + compound + mult + "))"
    )


def _qualifier(value: Any) -> Qualifier:
    text = str(value)
    if text not in _QUALIFIERS:
        raise ValueError(f"unknown qualifier {text!r} in figures.yaml; use one of {_QUALIFIERS}")
    return text  # type: ignore[return-value]


_fold = fold_key


@dataclass(frozen=True)
class Ceiling:
    """A ceiling stated with a modal verb, from the ``ceiling`` table of ``figures.yaml``.

    English puts modal and verb before the number ("could rise to £120m");
    German a preposition before it and the verb after the figure, the modal
    earlier in the clause or after the verb ("könnte auf 120 Mio. Euro
    steigen", "dass die Summe auf 2 Mrd. Euro steigen könnte").
    """

    # Modal, adverbs and verb right before the number.
    before: re.Pattern[str] | None
    # Preposition right before the number, with a verb after the figure.
    preposition: re.Pattern[str] | None
    # The verb after the figure, optionally followed by a modal (group 1).
    after: re.Pattern[str] | None
    # A modal in the clause before the preposition; group 1 is what follows it.
    modal_left: re.Pattern[str] | None
    # Words that negate the clause ("nicht auf 3 Mrd. steigen"): no ceiling.
    negation: re.Pattern[str] | None
    # A bound before a noun phrase that ends in "of": "up to an overall fee
    # of £120m", "up to a total of $5bn"; group 1 holds the phrase's words.
    of_phrase: re.Pattern[str] | None = None
    # The folded last words of the phrases that end ``before``, ``of_phrase``
    # and ``preposition``: a left context ending in another word needs none
    # of the three searches (see ``last_word`` in figures.py).
    last_words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    """Regexes and tables for one language; see ``lang/<code>/figures.yaml``."""

    decimal: str
    candidate: re.Pattern[str]
    number_words: Mapping[str, Decimal]
    # Every word of a written number, by kind (see ``numbers.read_words``).
    number_tokens: Mapping[str, tuple[str, Decimal]]
    # One more word of a written number after ``pos`` (blank or hyphen first).
    number_step: re.Pattern[str]
    # The parts of a compound number word ("zwei|hundert|fünf|und|zwanzig").
    morpheme: re.Pattern[str] | None
    morpheme_tokens: Mapping[str, tuple[str, Decimal]]
    negative_words: frozenset[str]
    # Last letters of the negative words: a cheap test before the lookup.
    negative_ends: frozenset[str]
    multiplier_words: Mapping[str, Decimal]
    of_nouns: re.Pattern[str] | None
    of_qualifiers: frozenset[str]
    rate: re.Pattern[str]
    rate_map: Mapping[str, str]
    period_rates: frozenset[str]
    not_figure_after: re.Pattern[str]
    short_scale: re.Pattern[str]
    short_scale_map: Mapping[str, Decimal]
    # A scale word after a blank ("75 USD million"), group 1.
    scale_after_unit: re.Pattern[str]
    currency_prefix: re.Pattern[str]
    currency_prefix_at: re.Pattern[str]
    currency_prefix_map: Mapping[str, str]
    currency_suffix: re.Pattern[str]
    currency_suffix_map: Mapping[str, str]
    currencies: frozenset[str]
    percent: re.Pattern[str]
    multiplier: re.Pattern[str]
    glued_ok: re.Pattern[str]
    qualifier_before: re.Pattern[str]
    qualifier_before_map: Mapping[str, Qualifier]
    qualifier_after: re.Pattern[str]
    qualifier_after_map: Mapping[str, Qualifier]
    range_opener: re.Pattern[str]
    range_joiner: re.Pattern[str]
    bare_range_joiner: re.Pattern[str]
    year_context: re.Pattern[str]
    month_before: re.Pattern[str]
    month_after: re.Pattern[str]
    unit_at: re.Pattern[str]
    unit_map: Mapping[str, str]
    unit_no_gap: frozenset[str]
    unit_gap_words: int
    unit_gap_stop: frozenset[str]
    compound_re: re.Pattern[str] | None
    # Currency word, percent, multiplier or range joiner right after a
    # number: one match where there were five (see ``_any_of``).
    mark_after: re.Pattern[str]
    # The folded last words of the phrases ``qualifier_before``,
    # ``range_opener``, ``year_context`` and ``month_before`` end in: a gate
    # before each search (see ``last_word`` in figures.py).
    qualifier_last: frozenset[str]
    # A change's direction stated right before the number ("fell by",
    # "stieg um", "an increase of"), group 1; its map and last words.
    direction_before: re.Pattern[str]
    direction_map: Mapping[str, Direction]
    direction_last: frozenset[str]
    # "and" then a bound: the second half of "above 1,000 and below 1,500";
    # group 1 is the bound's phrase.
    bound_pair: re.Pattern[str] | None
    opener_last: frozenset[str]
    year_last: frozenset[str]
    month_last: frozenset[str]
    # A ceiling stated with a modal verb (see ``_ceiling`` in figures.py).
    ceiling: Ceiling | None = None
    # Glued scale letters that stand for a scale with no unit after them
    # ("100k", "1.2b"); "5m" and "3t" may be metres and tonnes.
    glued_alone: frozenset[str] = frozenset()
    # Currency codes that carry a scale: "48.5 MGBP", "twenty MUSD".
    suffix_scale: Mapping[str, Decimal] | None = None
    # "einen Euro": an article counts as one before these currency words.
    article_currency: re.Pattern[str] | None = None
    # Digits after a scale word that start its next group: "4 thousand 3
    # hundred" (group 1; a scale word must follow them).
    digits_step: re.Pattern[str] | None = None
    # Cents after a major amount: "$10 and 30 cents", "10 $ 30 cent" (group 1).
    minor_after: re.Pattern[str] | None = None

    def tokens_of(self, word: str) -> list[Token] | None:
        """The number tokens of one word or phrase of a written number, None if it is none."""
        key = _fold(word)
        known = self.number_tokens.get(key)
        if known is not None:
            return [(known[0], known[1], Decimal(1), False)]
        if self.morpheme is None:
            return None
        parts: list[Token] = []
        pos = 0
        while pos < len(key):
            m = self.morpheme.match(key, pos)
            if m is None or m.end() == pos:
                return None
            kind, value = self.morpheme_tokens[m.group(0)]
            parts.append((kind, value, Decimal(1), bool(parts)))
            pos = m.end()
        return parts or None

    def find_unit(self, text: str, pos: int) -> tuple[str, int] | None:
        """The counted thing after ``pos``, past a few adjectives ("weekly active users")."""
        gap = 0
        while gap <= self.unit_gap_words:
            um = self.unit_at.match(text, pos)
            if um is not None:
                form = _fold(um.group(1))
                if gap and form in self.unit_no_gap:
                    return None
                return self.unit_map[form], um.end()
            wm = _WORD.match(text, pos)
            if wm is None:
                return None
            word = wm.group(1)
            folded = _fold(word)
            if "-" in word:
                last = folded.rsplit("-", 1)[1]
                if last in self.unit_map and last not in self.unit_no_gap:
                    return self.unit_map[last], wm.end()
            if self.compound_re is not None:
                cm = self.compound_re.search(folded)
                if cm is not None:
                    return self.unit_map[cm.group(0)], wm.end()
            if folded in self.unit_gap_stop or word.endswith("."):
                return None
            gap += 1
            pos = wm.end()
        return None


def lexicon(lang: LangData) -> Lexicon:
    """The compiled lexicon of ``lang``, built once per language."""
    return lang.compiled(_from_lang)


def _from_lang(lang: LangData) -> Lexicon:
    return build_lexicon(lang.table("figures"))


def build_lexicon(data: Mapping[str, Any]) -> Lexicon:
    """Compile the ``figures.yaml`` table of one language."""
    number_words = {_fold(k): _decimal(v) for k, v in (data.get("number_words") or {}).items()}
    scales = {_fold(k): _decimal(v) for k, v in (data.get("scales") or {}).items()}
    fractions = {_fold(k): _decimal(v) for k, v in (data.get("fractions") or {}).items()}
    short = {_fold(k): _decimal(v) for k, v in (data.get("short_scales") or {}).items()}
    # Currency marks match case-sensitively as written; looked up folded.
    prefix_forms = [str(k) for k in data.get("currency_prefixes") or {}]
    prefixes = {_fold(str(k)): str(v) for k, v in (data.get("currency_prefixes") or {}).items()}
    suffixes = {_fold(str(k)): str(v) for k, v in (data.get("currency_suffixes") or {}).items()}
    q_before = {_fold(k): _qualifier(v) for k, v in (data.get("qualifiers_before") or {}).items()}
    q_after = {_fold(k): _qualifier(v) for k, v in (data.get("qualifiers_after") or {}).items()}
    articles = [str(a) for a in data.get("article_words") or []]
    directions = {
        _fold(str(phrase)): _direction(way)
        for way, phrases in (data.get("directions") or {}).items()
        for phrase in phrases or []
    }
    and_words = [str(a) for a in data.get("number_and") or []]
    of_words = [str(a) for a in data.get("number_of") or []]
    tokens: dict[str, tuple[str, Decimal]] = {}
    for word in of_words:
        tokens[_fold(word)] = (OF, Decimal(0))
    for word in and_words:
        tokens[_fold(word)] = (AND, Decimal(0))
    for word in articles:
        tokens[_fold(word)] = (ARTICLE, Decimal(1))
    for word, value in fractions.items():
        tokens[word] = (FRACTION, value)
    for word, value in scales.items():
        tokens[word] = (SCALE if value >= 1000 else HUNDRED, value)
    for word, value in number_words.items():
        tokens[word] = (SMALL, value)
    morpheme_tokens: dict[str, tuple[str, Decimal]] = {}
    compound_starts = [str(w) for w in data.get("compound_starts") or []]
    if data.get("compound_numbers"):
        for word, (kind, value) in tokens.items():
            single = word.isalpha()
            if single and (kind != SCALE or value == 1000) and kind not in (ARTICLE, OF):
                morpheme_tokens[word] = (kind, value)
        for word in compound_starts:
            morpheme_tokens[_fold(word)] = (SMALL, Decimal(1))
    morphemes = list(morpheme_tokens)
    units: dict[str, str] = {}
    for unit, forms in (data.get("units") or {}).items():
        for form in forms:
            units[_fold(str(form))] = str(unit)
    rates: dict[str, str] = {}
    for unit, forms in (data.get("rates") or {}).items():
        for form in forms:
            rates[_fold(str(form))] = str(unit)
    multipliers = [str(m) for m in data.get("multipliers") or []]
    alpha_mult = [m for m in multipliers if m.isalpha()]
    flags = re.IGNORECASE
    starts = [*number_words, *fractions]
    mult_words = {
        _fold(str(k)): _decimal(v) for k, v in (data.get("multiplier_words") or {}).items()
    }
    candidate = re.compile(
        _candidate(
            starts,
            articles,
            # "a billion", "einen Euro" (an article counts before these).
            [*scales, *fractions, *(str(w) for w in data.get("article_currencies") or [])],
            morphemes,
            compound_starts,
            list(mult_words),
        )
    )
    step_words = _alternation([*tokens])
    more = f"(?:{_trie(morphemes)})*" if morphemes else ""
    of_nouns = [str(n) for n in data.get("of_nouns") or []]
    prefix_alt = _alternation(prefix_forms)
    months = _alternation(str(m) for m in data.get("month_names") or [])
    pct = _alternation(str(p) for p in data.get("percent") or [])
    pts = _alternation(str(p) for p in data.get("percent_points") or [])
    joiners = [str(j) for j in data.get("range_joiners") or []]
    bare = [str(j) for j in data.get("bare_range_joiners") or []]
    compound = [(f, u) for f, u in units.items() if len(f) >= COMPOUND_MIN_SUFFIX and " " not in f]
    currency_suffix = re.compile(
        rf"(?:[ \u00a0]*|-(?=[^\W\d_]))({_alternation(suffixes)})(?![\w-])", flags
    )
    percent = re.compile(rf"[ \u00a0]*(?:(?P<pp>{pts})|(?P<pct>{pct}))(?![^\W\d_])", flags)
    multiplier = re.compile(rf"(?:[ \u00a0]*-|[ \u00a0]*)(?:{_alternation(multipliers)})(?!\w)")
    range_joiner, bare_range_joiner = _joiner(joiners), _joiner(bare)
    return Lexicon(
        decimal=str(data.get("decimal", ".")),
        candidate=candidate,
        number_words=number_words,
        number_tokens=tokens,
        number_step=re.compile(
            rf"(?:[^\S\n]*-[^\S\n]*|[^\S\n]+)((?:{step_words}){more})(?!\w)", flags
        ),
        morpheme=re.compile(_trie(morphemes)) if morphemes else None,
        morpheme_tokens=morpheme_tokens,
        multiplier_words=mult_words,
        negative_ends=frozenset(_fold(str(w))[-1:] for w in data.get("negative_words") or []),
        negative_words=frozenset(_fold(str(w)) for w in data.get("negative_words") or []),
        of_nouns=(re.compile(rf"(?:{_alternation(of_nouns)})\s+$", flags) if of_nouns else None),
        of_qualifiers=frozenset(_fold(str(q)) for q in data.get("of_qualifiers") or []),
        rate=re.compile(
            rf"[ \u00a0]*(?:{_listed(data, 'rate_words')})"
            rf"[ \u00a0]*({_alternation(rates) or '(?!)'})(?![\w-])",
            flags,
        ),
        rate_map=rates,
        period_rates=frozenset(str(p) for p in data.get("period_rates") or []),
        not_figure_after=re.compile(
            rf"\s+(?:{_listed(data, 'not_figure_after')})(?!\w)",
            flags,
        ),
        # Glued to the digits: "30bn", "5k", "£120million".
        short_scale=re.compile(rf"({_alternation({**scales, **short})})(?!\w)", flags),
        short_scale_map={**scales, **short},
        scale_after_unit=re.compile(rf"[ \u00a0]+({_alternation(scales)})(?!\w)", flags),
        currency_prefix=re.compile(rf"(?<![A-Za-z])({prefix_alt})[ \u00a0]?$"),
        currency_prefix_at=re.compile(rf"({prefix_alt})[ \u00a0]?"),
        currency_prefix_map=prefixes,
        # "10 euros", "5€", "a one-yen bid".
        currency_suffix=currency_suffix,
        currency_suffix_map=suffixes,
        currencies=frozenset(prefixes.values()) | frozenset(suffixes.values()),
        percent=percent,
        multiplier=multiplier,
        glued_ok=re.compile(rf"-?(?:{_alternation(alpha_mult) or 'x'})(?!\w)"),
        qualifier_before=re.compile(rf"(?<!\w)({_alternation(q_before)})\s+$", flags),
        qualifier_before_map=q_before,
        qualifier_after=re.compile(rf"\s+({_alternation(q_after)})(?!\w)", flags),
        qualifier_after_map=q_after,
        range_opener=re.compile(
            rf"(?<!\w)({_alternation(str(o) for o in data.get('range_openers') or [])})\s+$",
            flags,
        ),
        range_joiner=range_joiner,
        bare_range_joiner=bare_range_joiner,
        year_context=re.compile(
            rf"(?<!\w)(?:{_alternation(str(y) for y in data.get('year_context') or [])})\.?\s+$",
            flags,
        ),
        month_before=re.compile(rf"(?<!\w)(?:{months})\s*$", flags),
        month_after=re.compile(rf"\.?\s+(?:{months})(?!\w)", flags),
        unit_at=re.compile(rf"[ \t\u00a0]+({_alternation(units)})(?![\w-])", flags),
        unit_map=units,
        unit_no_gap=frozenset(_fold(str(u)) for u in data.get("unit_no_gap") or []),
        unit_gap_words=int(data.get("unit_gap_words", 2)),
        unit_gap_stop=frozenset(_fold(str(w)) for w in data.get("unit_gap_stop") or []),
        compound_re=(
            re.compile(rf"(?:{_alternation(f for f, _ in compound)})$")
            if compound and data.get("compound_units")
            else None
        ),
        mark_after=_any_of(currency_suffix, percent, multiplier, bare_range_joiner, range_joiner),
        qualifier_last=_last_words(q_before),
        direction_before=re.compile(rf"(?<!\w)({_alternation(directions) or '(?!)'})\s+$", flags),
        direction_map=directions,
        direction_last=_last_words(directions),
        bound_pair=(
            re.compile(
                rf"\s+(?:{_listed(data, 'bound_joiners')})\s+({_alternation(q_before)})\s+", flags
            )
            if data.get("bound_joiners")
            else None
        ),
        opener_last=_last_words(str(o) for o in data.get("range_openers") or []),
        year_last=_last_words(str(y) for y in data.get("year_context") or []),
        month_last=_last_words(str(m) for m in data.get("month_names") or []),
        ceiling=_ceiling(data.get("ceiling") or {}, flags),
        digits_step=re.compile(
            rf"[ \u00a0]+(\d{{1,3}})(?=[ \u00a0]+(?:{_alternation(scales)})(?!\w))", flags
        ),
        minor_after=(
            re.compile(
                rf"[ \u00a0]+(?:(?:{_listed(data, 'number_and')})[ \u00a0]+)?(\d{{1,2}})"
                rf"[ \u00a0]*(?:{_listed(data, 'minor_units')})(?!\w)",
                flags,
            )
            if data.get("minor_units")
            else None
        ),
        glued_alone=frozenset(_fold(str(w)) for w in data.get("glued_scales_alone") or []),
        suffix_scale={
            _fold(str(k)): _decimal(v)
            for k, v in (data.get("currency_suffix_scales") or {}).items()
        },
        article_currency=(
            re.compile(rf"[ \u00a0]+(?:{_listed(data, 'article_currencies')})(?![\w-])")
            if data.get("article_currencies")
            else None
        ),
    )


def _ceiling(data: Mapping[str, Any], flags: re.RegexFlag) -> Ceiling | None:
    """Compile the ``ceiling`` table; None when the language lists no modals."""
    modals = _listed(data, "modals")
    if not data.get("modals"):
        return None
    adverbs = _listed(data, "adverbs")

    def compiled(key: str, pattern: str) -> re.Pattern[str] | None:
        return re.compile(pattern, flags) if data.get(key) else None

    return Ceiling(
        before=compiled(
            "verbs_before",
            rf"(?<!\w)(?:{modals})(?:\s+(?:{adverbs}))*\s+(?:{_listed(data, 'verbs_before')})\s+$",
        ),
        preposition=compiled("prepositions", rf"(?<!\w)(?:{_listed(data, 'prepositions')})\s+$"),
        after=compiled(
            "verbs_after",
            rf"[ \u00a0]+(?:{_listed(data, 'verbs_after')})(?:[ \u00a0]+({modals}))?(?!\w)",
        ),
        # The clause only: no sentence or clause mark between modal and number.
        modal_left=re.compile(rf"(?<!\w)(?:{modals})(?!\w)([^.,;:!?()\n]*)$", flags),
        negation=compiled("negations", rf"(?<!\w)(?:{_listed(data, 'negations')})(?!\w)"),
        of_phrase=(
            re.compile(
                rf"(?<!\w)(?:{_listed(data, 'lead_ins')})\s+(?:{_listed(data, 'articles')})"
                rf"((?:\s+[^\W\d]+){{1,{OF_PHRASE_WORDS}}}?)\s+(?:{_listed(data, 'of_words')})\s+$",
                flags,
            )
            if data.get("lead_ins") and data.get("articles") and data.get("of_words")
            else None
        ),
        last_words=_last_words(
            str(w)
            for key in ("verbs_before", "of_words", "prepositions")
            for w in data.get(key) or []
        ),
    )


def _listed(data: Mapping[str, Any], key: str) -> str:
    """Alternation of the phrases listed under ``key``; one that never matches if none."""
    return _alternation(str(w) for w in data.get(key) or []) or "(?!)"


def _decimal(value: Any) -> Decimal:
    """A number of a data file: ``5``, ``1.0e6``, ``0.5`` or a fraction ``"1/3"``."""
    text = str(value)
    if "/" in text:
        num, den = text.split("/", 1)
        return Decimal(num) / Decimal(den)
    return Decimal(str(float(text))) if "e" in text.lower() else Decimal(text)


def _direction(value: Any) -> Direction:
    if value == "up":
        return "up"
    if value == "down":
        return "down"
    raise ValueError(f"unknown direction {value!r} in figures.yaml; use 'up' or 'down'")


def _last_words(phrases: Iterable[str]) -> frozenset[str]:
    """The folded last word of each phrase."""
    return frozenset(_fold(p).rsplit(None, 1)[-1] for p in phrases if p.strip())


def _any_of(*patterns: re.Pattern[str]) -> re.Pattern[str]:
    """One regex matching where any of ``patterns`` matches, each with its own case flag.

    Group names are dropped: the combined regex only answers "is there one".
    """
    parts = []
    for p in patterns:
        body = re.sub(r"\(\?P<\w+>", "(?:", p.pattern)
        parts.append(f"(?i:{body})" if p.flags & re.IGNORECASE else f"(?:{body})")
    return re.compile("|".join(parts))


def _joiner(words: list[str]) -> re.Pattern[str]:
    """Words join range ends with blanks around them; dashes may be glued."""
    word_alt = _alternation(w for w in words if w[0].isalpha())
    dash_alt = _alternation(w for w in words if not w[0].isalpha())
    parts = []
    if word_alt:
        parts.append(rf"\s+(?:{word_alt})\s+")
    if dash_alt:
        parts.append(rf"[ \u00a0]*(?:{dash_alt})[ \u00a0]*")
    return re.compile("|".join(parts) or r"(?!)", re.IGNORECASE)
