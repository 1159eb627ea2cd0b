"""Digit strings to numbers, with either language's separators.

``1,000.5`` (English), ``1.000,5`` (German), ``100 000`` with thin or
no-break spaces, ``1'000`` (Swiss): the separator that occurs once and last
is the decimal mark when both kinds occur; a lone separator followed by
exactly three digits is read by the document language's convention.
Malformed strings (``1.2.3``, ``10,,000``, ``1,00,0``) give ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

# Separators that can only group thousands, never mark decimals.
GROUP_ONLY = frozenset("'’ \u00a0\u202f\u2009")
SEPARATORS = frozenset(".,") | GROUP_ONLY

_ONE = Decimal(1)
_CHUNK = re.compile(r"\d+|[.,'’ \u00a0\u202f\u2009]")


def parse_digits(raw: str, decimal: str) -> tuple[Decimal, Decimal] | None:
    """Value and precision (size of the last stated digit) of ``raw``.

    ``decimal`` is the decimal mark of the document's language (``"."`` or
    ``","``), used only when a lone separator is ambiguous.
    """
    if raw.isdecimal():
        # Plain digits, the common case: no separator to interpret.
        if len(raw) > 1 and raw.startswith("0"):
            return None
        return Decimal(raw), _ONE
    parts = _CHUNK.findall(raw)
    if not parts or "".join(parts) != raw or not parts[0].isdigit() or not parts[-1].isdigit():
        return None
    digits = parts[0::2]
    seps = parts[1::2]
    if any(not d.isdigit() for d in digits) or any(s.isdigit() for s in seps):
        return None
    decimal_at = _decimal_position(digits, seps, decimal)
    if decimal_at == -2:
        return None
    int_digits = digits if decimal_at < 0 else digits[: decimal_at + 1]
    frac = "" if decimal_at < 0 else digits[decimal_at + 1]
    if not _valid_groups(int_digits):
        return None
    whole = "".join(int_digits)
    if len(whole) > 1 and whole.startswith("0"):
        return None
    try:
        value = Decimal(f"{whole}.{frac}" if frac else whole)
    except InvalidOperation:
        return None
    return value, Decimal(1).scaleb(-len(frac))


def _decimal_position(digits: list[str], seps: list[str], decimal: str) -> int:
    """Index of the separator that marks decimals, -1 for none, -2 if malformed."""
    if not seps:
        return -1
    kinds = {s for s in seps if s not in GROUP_ONLY}
    last = seps[-1]
    if len(kinds) == 2:
        # Both "." and ",": the last one marks decimals and occurs once.
        if last in GROUP_ONLY or seps.count(last) != 1:
            return -2
        return len(seps) - 1
    if not kinds:
        return -1
    mark = next(iter(kinds))
    count = seps.count(mark)
    if count > 1:
        # Repeated: it groups, unless it is the single last one after spaces.
        return -1
    if seps[-1] != mark:
        return -2
    if len(digits[-1]) != 3:
        return len(seps) - 1
    # "1.000" / "1,000": three digits after a lone mark follow the language.
    return len(seps) - 1 if mark == decimal else -1


def _valid_groups(chunks: list[str]) -> bool:
    """Thousands groups: one to three digits first, then exactly three each."""
    if len(chunks) == 1:
        return True
    if 1 <= len(chunks[0]) <= 3 and all(len(c) == 3 for c in chunks[1:]):
        return True
    # Indian grouping: "12,34,567" (lakh and crore places).
    return (
        1 <= len(chunks[0]) <= 2
        and len(chunks[-1]) == 3
        and all(len(c) == 2 for c in chunks[1:-1])
        and len(chunks) > 2
    )


# Kinds of the tokens of a written number (see ``read_words``).
SMALL = "small"  # a count: "five", "twenty", "achtundsiebzig" parts, or digits
HUNDRED = "hundred"  # multiplies the count before it only: "hundred", "dozen"
SCALE = "scale"  # multiplies everything since the last scale: "thousand"...
FRACTION = "fraction"  # "half", "quarter", "Drittel"
ARTICLE = "article"  # "a", "an", "ein": one, before a fraction or scale
AND = "and"  # "and", "und"
OF = "of"  # "a quarter of a million"

# kind, value, precision (of digits), and whether the token is glued to the
# one before it inside one word (German "tausend|eins").
Token = tuple[str, Decimal, Decimal, bool]


class WordNumber(NamedTuple):
    value: Decimal
    precision: Decimal
    used: int  # how many tokens make the number; the rest is not part of it
    scale: Decimal  # multiplier of the last chunk ("thousand" = 1e3), 1 if none
    word_scale: bool  # a scale word ("hundred", "million"...) was used


def read_words(tokens: Sequence[Token]) -> WordNumber | None:
    """The value of the longest number that a run of tokens starts with.

    Covers "two hundred and fifty thousand", "a quarter of a million",
    "half a billion", "five and a half million", "one million and a half",
    "3 million" (a SMALL token may hold digits) and German compounds split
    into their parts ("zwei hundert fünf und zwanzig tausend").  The number
    ends before a token that would not continue it: a second "thousand"
    after "thousand", a bare count after a big scale ("$5 million two years
    ago"), an "and" that joins two numbers ("one and two").
    """
    total = Decimal(0)
    current = Decimal(0)
    numerator: Decimal | None = None  # the count a fraction may divide
    step = Decimal(1)  # size of the last stated unit, for precision
    mult = Decimal(1)  # multiplier of the current chunk
    big: Decimal | None = None  # the last scale of a thousand or more
    chunk = Decimal(0)  # what the last big scale added to the total
    before_and: WordNumber | None = None  # the number before the last "and"
    after_and = False  # the chunk after a big scale began with "and"
    prev = ""
    before_prev = ""  # the kind before ``prev`` ("five and two thirds")
    pending = False  # a bare count after a big scale: needs a scale to end
    fraction_only = False  # the chunk after a big scale is "a half"
    word_scale = False
    best: WordNumber | None = None
    for i, (kind, value, precision, glued) in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if kind == AND:
            after = tokens[i + 2][0] if i + 2 < len(tokens) else ""
            # "five and a half", "six and two thirds".
            to_fraction = nxt is not None and (
                nxt[0] == FRACTION or (nxt[0] in (ARTICLE, SMALL) and after == FRACTION)
            )
            # German "fünfundzwanzig": a unit, "und", its tens.
            units_tens = (
                prev == SMALL
                and nxt is not None
                and nxt[0] == SMALL
                and numerator is not None
                and numerator < 10
                and nxt[1] >= 20
                and nxt[1] % 10 == 0
                and nxt[1] < 100
            )
            if not (prev in (HUNDRED, SCALE) or to_fraction or units_tens):
                break
            before_and = best
            prev = kind
            continue
        if kind == OF:
            if prev != FRACTION:
                break
            prev = kind
            continue
        if kind == ARTICLE:
            # "a million", "five and a half": one; "half a billion": nothing.
            if current == 0 or prev == AND:
                fraction_only = big is not None and current == 0
                current += 1
                numerator, step = Decimal(1), Decimal(1)
            prev = kind
            continue
        if kind == SMALL:
            if prev == SMALL:
                tens = numerator is not None and numerator % 10 == 0 and 20 <= numerator < 100
                if tens and value < 10:
                    numerator = None  # "twenty five": one count, no numerator
                elif value == 1 and nxt is not None and nxt[0] == FRACTION:
                    pass  # German "zwei ein halb"
                else:
                    break
                current += value
                numerator = None if numerator is None or value != 1 else value
            else:
                if current == 0 and big is not None:
                    # "$5 million two years ago" is two numbers; "one thousand
                    # and two", "eintausendeins" are one.
                    pending = not (glued or (prev == AND and big == 1000))
                    after_and = prev == AND
                    mult = Decimal(1)
                units_tens = (
                    prev == AND and numerator is not None and (nxt is None or nxt[0] != FRACTION)
                )
                current += value
                numerator = None if units_tens else value
                step = precision
                fraction_only = False
        elif kind == FRACTION:
            # Not "five and two thirds" nor German "zwei ein halb" (2.5).
            whole = prev == HUNDRED or (
                prev == SMALL
                and before_prev != AND
                and numerator != 1
                and (numerator is None or total != 0 or current != numerator)
            )
            tens_ordinal = (
                prev == SMALL
                and before_prev in (HUNDRED, SCALE)
                and numerator is not None
                and numerator % 10 == 0
                and 20 <= numerator < 100
                and 0 < value < 1
                and (1 / value) == int(1 / value)
            )
            if tens_ordinal:
                # "one hundred thirty-fifths": a hundred over thirty-five.
                assert numerator is not None
                denominator = numerator + 1 / value
                total, current = (total + current - numerator) / denominator, Decimal(0)
                step = step / denominator
                big = None
            elif whole:
                # "twenty-three fifths", "five hundred fifths": the fraction
                # divides the whole count before it.
                total, current = (total + current) * value, Decimal(0)
                step = step * value
                big = None
            elif numerator is not None and prev in (SMALL, ARTICLE):
                current = current - numerator + numerator * value
                step = step * value
            else:
                current += value
                step = value
                fraction_only = fraction_only or (current == value and big is not None)
            numerator = None
        elif kind == HUNDRED or value < 1000:
            current = (current or Decimal(1)) * value
            step *= value
            mult *= value
            numerator = None
            pending = fraction_only = False
            word_scale = True
        else:  # a scale of a thousand or more
            if prev == SCALE and big is not None and value > big:
                # "three thousand million", "two lakh crore": scales multiply.
                total += chunk * (value - 1)
                chunk *= value
                step *= value
                big = mult = value
                prev = kind
                best = WordNumber(total, step, i + 1, mult, word_scale)
                continue
            if big is not None and value >= big:
                if current and after_and:
                    # "one thousand and two thousand": two numbers, not 1002.
                    best = before_and
                break
            chunk = (current or Decimal(1)) * value
            total += chunk
            step = step * value if current else value
            current = Decimal(0)
            big = mult = value
            numerator = None
            pending = fraction_only = False
            word_scale = True
        before_prev, prev = prev, kind
        if pending:
            continue
        if fraction_only and big is not None:
            # "one million and a half": the fraction is of the scale before it.
            value_now, step_now = total + current * big, step * big
        else:
            value_now, step_now = total + current, step
        best = WordNumber(value_now, step_now, i + 1, mult, word_scale)
    return best
