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

import bisect
import math
import re
from decimal import Decimal
from typing import NamedTuple

from newsledger.extract.figure_lexicon import Lexicon, lexicon
from newsledger.extract.numbers import parse_digits
from newsledger.lang import LangData
from newsledger.model import Document, Figure, Qualifier

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
# Table rows and code spans are recognised within this many characters of a
# number; a longer line is prose.
LINE_WINDOW = 300

# Tokens that are addresses or code, not prose: numbers inside them are no figures.
_TLDS = r"\.(?:com|org|net|de|io|ai|co|uk|at|ch|eu|gov|edu)"
_NOT_PROSE = re.compile(rf"://|www\.|@|{_TLDS}(?:/|$)|[/=_<>{{}}]")
# Where a _NOT_PROSE match or a table or code mark could start; prose
# without any near a number needs no closer look.  Three scans, since
# "www.de" must yield both "www." and ".de".
_SUSPECT = (re.compile(r"[/=_<>{}@|\t`]"), re.compile(r"www\."), re.compile(_TLDS))


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
    repeats = [(s.start, s.end) for s in doc.repeats]
    suspects = sorted(m.start() for regex in _SUSPECT for m in regex.finditer(text))
    figures: list[Figure] = []
    seen: set[tuple[float, float | None, str, str]] = set()
    last_end = -1
    for match in lex.candidate.finditer(text):
        start = match.start()
        if start < last_end:
            continue
        if suspects and _suspect_near(suspects, start) and _not_prose(text, start):
            continue
        if repeats and _in_repeats(repeats, start):
            continue
        figure = _figure_at(doc, lex, match, unitless)
        if figure is not None:
            last_end = figure.end
            # One fact per document: the same figure restated in a headline,
            # a summary bullet and the body is stated once.
            key = (figure.value, figure.value_max, figure.unit, figure.qualifier)
            if key not in seen:
                seen.add(key)
                figures.append(figure)
    return figures


def _figure_at(
    doc: Document, lex: Lexicon, match: re.Match[str], unitless: bool = False
) -> Figure | None:
    text = doc.text
    start = match.start()
    first = _amount(text, lex, match)
    if first is None:
        return None
    left = text[max(0, start - LEFT_CONTEXT) : start]
    left_start = start - len(left)
    if _model_name_or_code(text, start):
        return None
    if first.scale == 1 and not unitless and not _has_unit_nearby(text, lex, start, first):
        return None

    # What stands before the number: currency, minus sign, qualifier, range opener.
    span_start = start
    currency: str | None = None
    cm = lex.currency_prefix.search(left)
    if cm is not None:
        currency = lex.currency_prefix_map[cm.group(1)]
        span_start = left_start + cm.start(1)
        left = left[: cm.start(1)]
    negative = False
    if currency is None and left.endswith(("-", "−")) and (len(left) < 2 or left[-2].isspace()):
        negative = True
        left = left[:-1]
        span_start -= 1
    qualifier: Qualifier = "="
    qm = lex.qualifier_before.search(left)
    if qm is not None:
        qualifier = lex.qualifier_before_map[qm.group(1).lower()]
        span_start = left_start + qm.start(1)
        left = left[: qm.start(1)]
    opener = lex.range_opener.search(left)

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
            currency = lex.currency_suffix_map[sm.group(1).lower()]
            pos = sm.end()
    if currency is not None:
        unit = currency
    else:
        unit, pos = _unit_after(text, lex, pos, amount)
    if qualifier == "=":
        am = lex.qualifier_after.match(text, pos)
        if am is not None:
            qualifier = lex.qualifier_after_map[am.group(1).lower()]
            pos = am.end()

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
    )


def _amount(text: str, lex: Lexicon, match: re.Match[str]) -> _Amount | None:
    """The number at ``match`` with its scale, or None if malformed or not a number."""
    end = match.end()
    raw = match.group(0)
    is_word = match.lastgroup != "num"
    plain = False
    if match.lastgroup == "num":
        parsed = parse_digits(raw, lex.decimal)
        if parsed is None or _malformed_tail(text, end):
            return None
        value, precision = parsed
        plain = raw.isdigit()
    elif match.lastgroup == "art":
        value, precision = Decimal(1), Decimal(1)
    else:
        value = lex.words_value(raw)
        precision = Decimal(1)
    scale = Decimal(1)
    word_scale = False
    gm = lex.short_scale.match(text, end) if not is_word else None
    # Case-insensitive regexes take "ı" for "i" and "ſ" for "s", lower() does
    # not: a scale word spelt with them is no scale.
    if gm is not None and gm.group(1).lower() not in lex.short_scale_map:
        gm = None
    if gm is not None:
        scale = lex.short_scale_map[gm.group(1).lower()]
        value, precision, end = value * scale, precision * scale, gm.end()
        word_scale = len(gm.group(1)) > 1
    else:
        wm = lex.scale.match(text, end)
        if wm is not None and wm.group(1).lower() not in lex.scale_map:
            wm = None
        if wm is not None:
            scale = lex.scale_map[wm.group(1).lower()]
            value, precision, end = value * scale, precision * scale, wm.end()
            word_scale = True
        elif match.lastgroup == "art":
            return None
    if scale == 1 and end < len(text):
        ch = text[end]
        nxt = text[end + 1 : end + 2]
        glued_word = ch.isalpha() or ch == "_" or (ch == "-" and nxt.isalpha())
        # Glued letters are ordinals ("1st"), model names ("4o"), codes ("5G")
        # or compound adjectives ("four-page", "10-year"); multipliers pass.
        if glued_word and lex.glued_ok.match(text, end) is None:
            return None
    return _Amount(value, precision, end, scale, word_scale, is_word, plain)


def _second_amount(text: str, lex: Lexicon, pos: int) -> tuple[str | None, _Amount] | None:
    """The upper end of a range starting at ``pos`` (after the joiner)."""
    currency = None
    cm = lex.currency_prefix_at.match(text, pos)
    if cm is not None:
        currency = lex.currency_prefix_map[cm.group(1)]
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
        lex.currency_prefix.search(text, max(0, start - 6), start)
        or lex.currency_suffix.match(text, pos)
        or lex.percent.match(text, pos)
        or lex.multiplier.match(text, pos)
        or lex.bare_range_joiner.match(text, pos)
        or lex.range_joiner.match(text, pos)
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
    if amount.value <= 0 and unit not in ("%", "pp"):
        return False
    year_like = amount.plain_int and amount.scale == 1 and YEAR_MIN <= amount.value <= YEAR_MAX
    plain_count = amount.scale == 1 and unit not in lex.currencies and unit not in ("%", "pp")
    if plain_count:
        if year_like and lex.year_context.search(left):
            return False
        if lex.month_before.search(left) or lex.month_after.match(text, amount.end):
            return False
    if unit:
        if amount.is_word and amount.scale == 1 and amount.value <= 1:
            return False
        return not (year_like and unit not in lex.currencies and unit not in ("%", "pp", "x"))
    return amount.word_scale and amount.value >= Decimal(MIN_UNITLESS_VALUE)


def _malformed_tail(text: str, end: int) -> bool:
    """``10,,000``, ``1.2.``, ``12:30``, ``3/4``: digits followed by more number syntax."""
    if end >= len(text):
        return False
    ch = text[end]
    nxt = text[end + 1] if end + 1 < len(text) else ""
    if ch in ".," and nxt and (nxt in ".,:/" or nxt.isdigit()):
        return True
    return ch in ":/" and nxt.isdigit()


def _model_name_or_code(text: str, start: int) -> bool:
    """``GPT-4``, ``Grok-2``, ``A100``, ``v2``: numbers glued to a name."""
    if start == 0:
        return False
    prev = text[start - 1]
    if prev.isalnum() or prev in "_/:#":
        return True
    return prev in "-." and start >= 2 and text[start - 2].isalnum()


def _suspect_near(suspects: list[int], offset: int) -> bool:
    """A suspect mark within the window ``_not_prose`` looks at."""
    i = bisect.bisect_left(suspects, offset - LINE_WINDOW)
    return i < len(suspects) and suspects[i] < offset + LINE_WINDOW


def _not_prose(text: str, offset: int) -> bool:
    """The number sits in a URL, an e-mail address, code or a table row."""
    lo = max(0, offset - LINE_WINDOW)
    hi = min(len(text), offset + LINE_WINDOW)
    token_lo = max(text.rfind(" ", lo, offset), text.rfind("\n", lo, offset)) + 1
    token_hi = min(
        (h for h in (text.find(" ", offset, hi), text.find("\n", offset, hi)) if h >= 0),
        default=hi,
    )
    if _NOT_PROSE.search(text, max(token_lo, lo), token_hi):
        return True
    line_lo = text.rfind("\n", lo, offset) + 1 or lo
    line_hi = text.find("\n", offset, hi)
    line = text[line_lo : line_hi if line_hi >= 0 else hi]
    if line.count("|") >= 2 or line.count("\t") >= 2:
        return True
    return "`" in line and line.count("`", 0, offset - line_lo) % 2 == 1


def _in_repeats(repeats: list[tuple[int, int]], offset: int) -> bool:
    return any(s <= offset < e for s, e in repeats)


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
