"""How values are shown to people: amounts, counts, short ids, clipped text.

Exports (JSON, CSV) keep the raw values; tables, the report and ``show`` use
these, so that "$1.18 billion" never reads as "1.18e+09".
"""

from __future__ import annotations

from collections.abc import Iterable

# Currencies written with their sign before the amount; others after it.
CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
QUALIFIER_WORDS = {
    "~": "about ",
    ">": "more than ",
    "<": "less than ",
    ">=": "at least ",
    "<=": "at most ",
}
# Units printed right after the number, never pluralised.
_ATTACHED_UNITS = frozenset({"%", "x"})
_IRREGULAR_PLURALS = {"person": "people", "query": "queries", "child": "children"}
# Characters in a short id at the least: 8 hex digits tell 100,000 ids apart
# with rare collisions, and a collision only lengthens every short id.
SHORT_ID_MIN = 8


def _number(value: float) -> str:
    """``value`` with thousands separators and at most two decimals."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _scaled(value: float) -> str:
    for size, word in SCALES:
        if abs(value) >= size:
            return f"{_number(value / size)} {word}"
    return _number(value)


def _unit_word(unit: str, value: float) -> str:
    # Counted things read as plurals ("12,000 employees"); unit symbols
    # ("GWh", "MW") and acronyms in the singular stay as they are.
    if value == 1 or not unit or unit in _ATTACHED_UNITS:
        return unit
    if unit in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[unit]
    if unit.islower() or unit in ("GPU", "CPU", "TPU"):
        return unit + "s"
    return unit


def _amount(value: float, unit: str) -> str:
    sign = CURRENCY_SIGNS.get(unit)
    if sign:
        return f"-{sign}{_scaled(-value)}" if value < 0 else f"{sign}{_scaled(value)}"
    if unit in _ATTACHED_UNITS:
        return f"{_number(value)}{unit}"
    word = _unit_word(unit, value)
    return f"{_scaled(value)} {word}".rstrip()


def format_figure(
    value: float, unit: str, qualifier: str = "=", value_max: float | None = None
) -> str:
    """A figure as a reader would write it: "$1.18 billion", "more than 1 million GPUs"."""
    if value_max is not None and value_max != value:
        if CURRENCY_SIGNS.get(unit) or unit in _ATTACHED_UNITS:
            return f"{_amount(value, unit)} to {_amount(value_max, unit)}"
        return f"{_scaled(value)} to {_amount(value_max, unit)}"
    return QUALIFIER_WORDS.get(qualifier, "") + _amount(value, unit)


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """ "1 story", "2 stories", "0 documents"."""
    if count == 1:
        return f"1 {noun}"
    if plural_form is None:
        if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
            plural_form = noun[:-1] + "ies"
        elif noun.endswith(("s", "x", "ch", "sh")):
            plural_form = noun + "es"
        else:
            plural_form = noun + "s"
    return f"{count:,} {plural_form}"


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def short_id_length(ids: Iterable[str]) -> int:
    """The fewest leading characters that tell all ``ids`` apart (at least SHORT_ID_MIN)."""
    unique = set(ids)
    longest = max((len(i) for i in unique), default=SHORT_ID_MIN)
    length = SHORT_ID_MIN
    while length < longest and len({i[:length] for i in unique}) < len(unique):
        length += 1
    return length


def shortener(ids: Iterable[str], tag: str = "") -> dict[str, str]:
    """Each id mapped to its shortest unique prefix; a ``tag:`` before ids is kept."""
    bare = {i: i.removeprefix(tag) for i in ids}
    length = short_id_length(bare.values())
    return {
        full: tag + part[:length] if full.startswith(tag) else full for full, part in bare.items()
    }
