"""Figures: numbers as stated in text, normalised to base units.

One compiled regex pass per document finds candidate numbers (digit strings,
number words, "a"/"eine" before a scale word); each candidate is then parsed
locally: what stands before it (currency mark, qualifier, range opener) and
after it (scale, range end, currency, percent, multiplier, counted thing).
A candidate becomes a figure only when it is clearly a quantity: it has a
currency, a percent sign, a multiplier, a counted thing, or a scale word.
Years, dates, ordinals, model names ("GPT-4", "Grok 3") and numbers inside
URLs, code or tables are skipped.  All language knowledge comes from
``lang/<code>/figures.yaml``.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import NamedTuple

from newsledger.extract.alternation import fold_key
from newsledger.extract.figure_context import (
    SUSPECT,
    ceiling_stated,
    in_repeats,
    last_word,
    malformed_tail,
    model_name_or_code,
    not_prose,
    repeat_index,
    suspect_near,
)
from newsledger.extract.figure_lexicon import Lexicon, lexicon
from newsledger.extract.numbers import (
    HUNDRED,
    SCALE,
    SMALL,
    Token,
    WordNumber,
    parse_digits,
    read_words,
)
from newsledger.lang import LangData
from newsledger.model import Direction, Document, Figure, Qualifier

# Larger than any money amount or count news reports (world GDP is ~1e14 USD,
# yearly token counts of big providers ~1e15); anything above is noise.
MAX_VALUE = 1e16
# A figure with a scale word but no currency or counted thing ("12 million")
# is kept only from this size on; "a dozen" alone is not worth a figure.
MIN_UNITLESS_VALUE = 1000.0
# How far back (characters) qualifiers, currency marks and range openers are
# looked for; the longest qualifier in the data files is ~25 characters.
LEFT_CONTEXT = 48
# Year-like integers: a bare four-digit number in this range is a year unless
# something makes it a quantity.
YEAR_MIN, YEAR_MAX = 1800, 2100


# Thousands groups after a blank: " 500" in "12 500", " 234 567,89" in
# "1 234 567,89"; a decimal part may end the number.
_SPACE_GROUPS = re.compile(r"(?:[ \u00a0\u202f\u2009]\d{3})+(?!\d)(?:[.,]\d+(?![\d.,]\d))?")


# A number in the three words before "(": what follows is a conversion.
_AMOUNT_BEFORE = re.compile(r"\d\S*(?:\s+\S+){0,2}\s*$")


_BLANKS = frozenset(" \t\u00a0\u202f\u2009")
# What may follow digits in malformed number syntax (see ``_malformed_tail``).
_TAIL_MARKS = frozenset(".,:/")
_ONE = Decimal(1)


class _Amount(NamedTuple):
    value: Decimal
    precision: Decimal
    end: int
    scale: Decimal  # the scale word's value ("million" = 1e6), 1 if none
    word_scale: bool  # the scale was a whole word ("million", not "m")
    is_word: bool  # the number itself was written in words
    plain_int: bool  # digits only, no separators, no decimals


def extract_figures(doc: Document, lang: LangData, *, unitless: bool = False) -> list[Figure]:
    """Every figure stated in ``doc``, each distinct figure once.

    With ``unitless`` a bare number ("between 20 and 30") is a figure too:
    the number reader as used by the quality suite, not a news rule.
    """
    lex = lexicon(lang)
    text = doc.text
    repeats = repeat_index(doc.repeats)
    suspects = sorted(m.start() for regex in SUSPECT for m in regex.finditer(text))
    figures: list[Figure] = []
    seen: set[tuple[float, float | None, str, str, str | None]] = set()
    last_end = -1
    for match in lex.candidate.finditer(text):
        start = match.start()
        if start < last_end:
            continue
        if suspects and suspect_near(suspects, start) and not_prose(text, start):
            continue
        if repeats.starts and in_repeats(repeats, start):
            continue
        figure = _figure_at(doc, lex, match, unitless)
        if figure is not None:
            last_end = figure.end
            # One fact per document: the same figure restated in a headline,
            # a summary bullet and the body is stated once.
            key = (figure.value, figure.value_max, figure.unit, figure.qualifier, figure.direction)
            if key not in seen:
                seen.add(key)
                figures.append(figure)
    return figures


def _figure_at(
    doc: Document, lex: Lexicon, match: re.Match[str], unitless: bool = False
) -> Figure | None:
    text = doc.text
    start = match.start()
    if match.lastgroup == "mult":
        return _multiplied(doc, lex, match)
    # The cheap test first: a number glued to a name is none, whatever follows.
    if model_name_or_code(text, start):
        return None
    first = _amount(text, lex, match)
    if first is None:
        return None
    left = text[max(0, start - LEFT_CONTEXT) : start]
    left_start = start - len(left)
    if first.scale == 1 and not unitless and not _has_unit_nearby(text, lex, start, first):
        return None

    # What stands before the number: currency, minus sign, qualifier, range opener.
    span_start = start
    currency: str | None = None
    cm = lex.currency_prefix.search(left)
    if cm is not None:
        currency = lex.currency_prefix_map[fold_key(cm.group(1))]
        span_start = left_start + cm.start(1)
        left = left[: cm.start(1)]
    negative = False
    if left.endswith(("-", "−")) and (len(left) < 2 or left[-2].isspace() or left[-2] == "("):
        negative = True
        left = left[:-1]
        span_start -= 1
    elif left[-1:].isspace() and left[-2:-1].lower() in lex.negative_ends:
        words = left.rsplit(None, 1)
        if words and fold_key(words[-1]) in lex.negative_words:
            negative = True
            cut = left.rfind(words[-1])
            span_start = left_start + cut
            left = left[:cut]
    # Accounting style: "($99.99)" is a loss of 99.99; "€1 billion ($1.1
    # billion)" is a conversion of the amount before it, not a loss.
    parenthesised = left.endswith("(") and not _AMOUNT_BEFORE.search(
        text, max(0, start - LEFT_CONTEXT), left_start + len(left) - 1
    )
    qualifier: Qualifier = "="
    word = last_word(left)
    qm = lex.qualifier_before.search(left) if word is None or word in lex.qualifier_last else None
    ceiling_left = left if qm is None else None
    ceiling_word = word
    if qm is not None:
        qualifier = lex.qualifier_before_map[fold_key(qm.group(1))]
        before = left[: qm.start(1)]
        if (
            lex.of_nouns is not None
            and fold_key(qm.group(1)) in lex.of_qualifiers
            and lex.of_nouns.search(before)
        ):
            # "eine Finanzierungsrunde über 2,4 Milliarden": a round *of* 2.4 bn.
            qualifier = "="
            left = before
        else:
            span_start = left_start + qm.start(1)
            left = before
        word = last_word(left)
    opener = lex.range_opener.search(left) if word is None or word in lex.opener_last else None
    direction: Direction | None = None
    if word is None or word in lex.direction_last:
        dm = lex.direction_before.search(left)
        if dm is not None:
            direction = lex.direction_map[fold_key(dm.group(1))]

    # What follows: an optional range end, then currency, percent, multiplier or unit.
    amount = first
    value_max: Decimal | None = None
    pos = first.end
    joiner = (lex.range_joiner if opener is not None else lex.bare_range_joiner).match(text, pos)
    if joiner is not None:
        second = _second_amount(text, lex, joiner.end())
        if second is not None:
            sec_currency, second_amount = second
            low, low_precision = first.value, first.precision
            if first.scale == 1 and second_amount.scale != 1:
                low = first.value * second_amount.scale
                low_precision = first.precision * second_amount.scale
            if low < second_amount.value and (sec_currency is None or sec_currency == currency):
                value_max = second_amount.value
                amount = first._replace(
                    value=low, precision=min(low_precision, second_amount.precision)
                )
                pos = second_amount.end
                qualifier = "range"
                if opener is not None:
                    span_start = min(span_start, left_start + opener.start(1))

    unit = ""
    if currency is None:
        sm = lex.currency_suffix.match(text, pos)
        if sm is not None:
            currency = lex.currency_suffix_map[fold_key(sm.group(1))]
            pos = sm.end()
            coded = lex.suffix_scale.get(fold_key(sm.group(1))) if lex.suffix_scale else None
            if coded is not None and coded < 1:
                # "50 euro cents": a minor unit is a part of the currency.
                amount = amount._replace(
                    value=amount.value * coded, precision=amount.precision * coded
                )
                value_max = value_max * coded if value_max is not None else None
            elif coded is not None and amount.scale == 1 and value_max is None:
                # "48.5 MGBP": a code that carries its scale.
                amount = amount._replace(
                    value=amount.value * coded,
                    precision=amount.precision * coded,
                    scale=coded,
                    word_scale=True,
                )
            wm = lex.scale_after_unit.match(text, pos) if amount.scale == 1 else None
            scale = lex.short_scale_map.get(fold_key(wm.group(1))) if wm is not None else None
            if wm is not None and scale is not None and scale >= 1000 and value_max is None:
                # "75 USD million": the scale word after the currency code.
                amount = amount._replace(
                    value=amount.value * scale,
                    precision=amount.precision * scale,
                    scale=scale,
                    word_scale=True,
                )
                pos = wm.end()
    if currency is not None and lex.minor_after is not None and value_max is None:
        mm = lex.minor_after.match(text, pos)
        if mm is not None and amount.scale == 1 and amount.value == int(amount.value):
            # "10 $ 30 cent": major and minor units of one amount.
            amount = amount._replace(
                value=amount.value + Decimal(mm.group(1)) / 100, precision=Decimal("0.01")
            )
            pos = mm.end()
    if currency is not None:
        unit = currency
    else:
        unit, pos = _unit_after(text, lex, pos, amount)
    if qualifier in ("=", "~"):
        # "about 500 or less": the bound says more than the approximation.
        am = lex.qualifier_after.match(text, pos)
        if am is not None:
            qualifier = lex.qualifier_after_map[fold_key(am.group(1))]
            pos = am.end()
    if currency is not None:
        # A price keeps its rate: "$105 per kilowatt-hour" is USD/kWh, not
        # an amount of dollars.  Counts per period ("tokens a month") stay
        # counts: their attribute already says what they measure.
        rm = lex.rate.match(text, pos)
        if rm is not None:
            per = lex.rate_map[fold_key(rm.group(1))]
            if per not in lex.period_rates:
                unit = f"{unit}/{per}"
            # "€15bn a year" stays EUR: the period is that of the flow, which
            # the claim's attribute and time carry; the words stay in the text.
            pos = rm.end()
    if (
        qualifier == "="
        and ceiling_left is not None
        and (ceiling_word is None or lex.ceiling is None or ceiling_word in lex.ceiling.last_words)
        and ceiling_stated(text, lex, ceiling_left, pos)
    ):
        qualifier = "<="
    if parenthesised and currency is not None and text.startswith(")", pos):
        negative = True
        span_start -= 1
        pos += 1
    if amount.is_word and lex.not_figure_after.match(text, pos):
        # "two people familiar with the matter": anonymous sources, not a count.
        return None
    if qualifier in _BOUNDS and lex.bound_pair is not None:
        paired = _bound_pair(text, lex, qualifier, amount, unit, pos)
        if paired is not None:
            amount, value_max, unit, pos = paired
            qualifier = "range"

    if not _is_quantity(text, lex, amount, unit, start, left) and not unitless:
        return None
    value = -amount.value if negative else amount.value
    fvalue = float(value)
    fmax = float(value_max) if value_max is not None else None
    if (
        not math.isfinite(fvalue)
        or abs(fvalue) > MAX_VALUE
        or (fmax is not None and fmax > MAX_VALUE)
    ):
        return None
    if unit == "%" and abs(fvalue) > 1e6:
        return None
    return Figure(
        doc_id=doc.id,
        start=span_start,
        end=pos,
        text=text[span_start:pos],
        value=fvalue,
        unit=unit,
        qualifier=qualifier,
        value_max=fmax,
        precision=float(amount.precision),
        direction=direction,
    )


_BOUNDS: dict[str, bool] = {">": True, ">=": True, "<": False, "<=": False}


def _bound_pair(
    text: str, lex: Lexicon, qualifier: str, amount: _Amount, unit: str, pos: int
) -> tuple[_Amount, Decimal, str, int] | None:
    """A lower and an upper bound joined by "and": "above 1,000 and below 1,500".

    Returns the range's low end, its high end, unit and end, or None when
    what follows is no opposite bound of the same unit.
    """
    assert lex.bound_pair is not None
    m = lex.bound_pair.match(text, pos)
    if m is None:
        return None
    other = lex.qualifier_before_map.get(fold_key(m.group(1)))
    if other not in _BOUNDS or _BOUNDS[other] == _BOUNDS[qualifier]:
        return None
    second = _second_amount(text, lex, m.end())
    if second is None:
        return None
    currency, upper = second
    end = upper.end
    second_unit = currency or ""
    if not second_unit:
        sm = lex.currency_suffix.match(text, end)
        if sm is not None:
            second_unit, end = lex.currency_suffix_map[fold_key(sm.group(1))], sm.end()
        else:
            second_unit, end = _unit_after(text, lex, end, upper)
    if unit and unit.split("/")[0] != second_unit:
        # "more than 100 staff and under 30 offices": two figures, not a range.
        return None
    low, high = (amount, upper) if _BOUNDS[qualifier] else (upper, amount)
    if not low.value < high.value:
        return None
    return (
        low._replace(precision=min(low.precision, high.precision)),
        high.value,
        unit or second_unit,
        end,
    )


def _multiplied(doc: Document, lex: Lexicon, match: re.Match[str]) -> Figure | None:
    """A verb that states a multiple on its own: "doubled", "verdreifacht" (unit x)."""
    factor = lex.multiplier_words.get(fold_key(match.group(0)))
    if factor is None:
        return None
    start = match.start()
    left = doc.text[max(0, start - LEFT_CONTEXT) : start]
    qualifier: Qualifier = "="
    qm = lex.qualifier_before.search(left)
    if qm is not None:
        qualifier = lex.qualifier_before_map[fold_key(qm.group(1))]
        start -= len(left) - qm.start(1)
    return Figure(
        doc_id=doc.id,
        start=start,
        end=match.end(),
        text=doc.text[start : match.end()],
        value=float(factor),
        unit="x",
        qualifier=qualifier,
        precision=float(factor),
    )


def _amount(text: str, lex: Lexicon, match: re.Match[str]) -> _Amount | None:
    """The number at ``match`` with its scale, or None if malformed or not a number."""
    end = match.end()
    raw = match.group(0)
    kind = match.lastgroup
    plain = False
    tokens: list[Token] = []
    # Where the number would end after each token; -1 inside a compound word.
    ends: list[int] = []
    glued = False
    if kind == "num":
        if len(raw) <= 3 and text[end : end + 1] in _BLANKS and text[end + 1 : end + 2].isdigit():
            # "12 500 EUR": groups of three after blanks belong to the number.
            gm = _SPACE_GROUPS.match(text, end)
            if gm is not None:
                raw, end = raw + gm.group(0), gm.end()
        parsed = parse_digits(raw, lex.decimal)
        if parsed is None or (text[end : end + 1] in _TAIL_MARKS and malformed_tail(text, end)):
            return None
        plain = raw.isdigit()
        ch = text[end : end + 1]
        stepping = ch in _BLANKS or ch == "-"
        if not ch.isalpha() and (not stepping or lex.number_step.match(text, end) is None):
            # Digits alone, the common case: no scale word follows.
            hyphen_word = ch == "-" and text[end + 1 : end + 2].isalpha()
            if hyphen_word and lex.glued_ok.match(text, end) is None:
                return None  # "10-year", "four-page"
            return _Amount(parsed[0], parsed[1], end, _ONE, False, False, plain)
        tokens.append((SMALL, parsed[0], parsed[1], False))
        ends.append(end)
        gm = lex.short_scale.match(text, end) if text[end : end + 1].isalpha() else None
        scale = lex.short_scale_map.get(fold_key(gm.group(1))) if gm is not None else None
        if gm is not None and scale is not None:
            tokens.append((SCALE if scale >= 1000 else HUNDRED, scale, Decimal(1), True))
            ends.append(gm.end())
            glued = len(gm.group(1)) == 1 and fold_key(gm.group(1)) not in lex.glued_alone
    elif (
        kind == "art" and lex.article_currency is not None and lex.article_currency.match(text, end)
    ):
        # "einen Euro": the article is the amount.
        return _Amount(_ONE, _ONE, end, _ONE, False, True, False)
    else:
        if not _add_word(lex, raw, end, tokens, ends):
            return None
    pos = ends[-1]
    # Further words of the number: "two hundred and fifty thousand".
    while text[pos : pos + 1] in _BLANKS or text.startswith("-", pos):
        sm = lex.number_step.match(text, pos)
        if sm is None and tokens[-1][0] == SCALE and lex.digits_step is not None:
            dm = lex.digits_step.match(text, pos)
            if dm is not None:
                # "4 thousand 3 hundred": digits begin the scale's next group.
                tokens.append((SMALL, Decimal(dm.group(1)), _ONE, False))
                ends.append(dm.end())
                pos = dm.end()
                continue
        if sm is None or not _add_word(lex, sm.group(1), sm.end(), tokens, ends):
            break
        pos = sm.end()
    if len(tokens) == 1 and tokens[0][0] == SMALL:
        # One number alone, the common case.
        number: WordNumber | None = WordNumber(tokens[0][1], tokens[0][2], 1, _ONE, False)
    elif len(tokens) == 2 and tokens[0][0] == SMALL and tokens[1][0] in (SCALE, HUNDRED):
        # "5 billion", "$30bn": the next most common.
        scale = tokens[1][1]
        number = WordNumber(tokens[0][1] * scale, tokens[0][2] * scale, 2, scale, True)
    else:
        number = read_words(tokens)
    while number is not None and ends[number.used - 1] < 0:
        # The number would end inside a compound word: it is no number.
        number = read_words(tokens[: number.used - 1]) if number.used > 1 else None
    if number is None:
        return None
    if kind == "art" and not number.word_scale and number.value >= 1:
        return None
    end = ends[number.used - 1]
    word_scale = number.word_scale and not (glued and number.used == 2)
    if number.scale == 1 and end < len(text):
        ch = text[end]
        nxt = text[end + 1 : end + 2]
        glued_word = ch.isalpha() or ch == "_" or (ch == "-" and nxt.isalpha())
        # Glued letters are ordinals ("1st"), model names ("4o"), codes ("5G")
        # or compound adjectives ("four-page", "10-year"); multipliers pass.
        if (
            glued_word
            and lex.glued_ok.match(text, end) is None
            and lex.currency_suffix.match(text, end) is None
            and lex.percent.match(text, end) is None  # "5pc"
        ):
            return None
    return _Amount(
        number.value,
        number.precision,
        end,
        number.scale,
        word_scale,
        kind != "num",
        plain and number.used == 1,
    )


def _add_word(lex: Lexicon, word: str, end: int, tokens: list[Token], ends: list[int]) -> bool:
    """Append the tokens of one number word; False if it is none."""
    parts = lex.tokens_of(word)
    if parts is None:
        return False
    tokens.extend(parts)
    ends.extend([-1] * (len(parts) - 1) + [end])
    return True


def _second_amount(text: str, lex: Lexicon, pos: int) -> tuple[str | None, _Amount] | None:
    """The upper end of a range starting at ``pos`` (after the joiner)."""
    currency = None
    cm = lex.currency_prefix_at.match(text, pos)
    if cm is not None:
        currency = lex.currency_prefix_map[fold_key(cm.group(1))]
        pos = cm.end()
    match = lex.candidate.match(text, pos)
    if match is None:
        return None
    amount = _amount(text, lex, match)
    return None if amount is None else (currency, amount)


def _has_unit_nearby(text: str, lex: Lexicon, start: int, amount: _Amount) -> bool:
    """Cheap test before the full parse: an unscaled number needs a mark next to it."""
    pos = amount.end
    return bool(
        lex.mark_after.match(text, pos)
        or lex.currency_prefix.search(text, max(0, start - 6), start)
        or lex.find_unit(text, pos)
    )


def _unit_after(text: str, lex: Lexicon, pos: int, amount: _Amount) -> tuple[str, int]:
    """Percent, multiplier or counted thing after ``pos``; ("", pos) if none."""
    pm = lex.percent.match(text, pos)
    if pm is not None:
        return ("pp" if pm.group("pp") else "%"), pm.end()
    mm = lex.multiplier.match(text, pos)
    if mm is not None:
        return "x", mm.end()
    found = lex.find_unit(text, pos)
    if found is not None:
        return found
    return "", pos


def _is_quantity(
    text: str, lex: Lexicon, amount: _Amount, unit: str, start: int, left: str
) -> bool:
    """Keep only what is clearly a quantity, not a year, date, ordinal or stray number."""
    unit = unit.split("/", 1)[0]  # "USD/kWh" is money
    if amount.value <= 0 and unit not in ("%", "pp"):
        return False
    year_like = amount.plain_int and amount.scale == 1 and YEAR_MIN <= amount.value <= YEAR_MAX
    plain_count = amount.scale == 1 and unit not in lex.currencies and unit not in ("%", "pp")
    if plain_count:
        word = last_word(left)
        if year_like and (word is None or word in lex.year_last) and lex.year_context.search(left):
            return False
        if (word is None or word in lex.month_last) and lex.month_before.search(left):
            return False
        if lex.month_after.match(text, amount.end):
            return False
    if unit:
        if (
            amount.is_word
            and amount.scale == 1
            and amount.value <= 1
            and unit not in lex.currencies
        ):
            return False
        return not (year_like and unit not in lex.currencies and unit not in ("%", "pp", "x"))
    return amount.word_scale and amount.value >= Decimal(MIN_UNITLESS_VALUE)


def parse_number(span: str, lang: LangData) -> float | None:
    """The value of a whole span that is one number ("2,5 Mio", "forty-two"), else None."""
    lex = lexicon(lang)
    text = span.strip()
    match = lex.candidate.match(text)
    if match is None:
        return None
    amount = _amount(text, lex, match)
    if amount is None or amount.end != len(text):
        return None
    return float(amount.value)
