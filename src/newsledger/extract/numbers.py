"""Digit strings to numbers, with either language's separators.

``1,000.5`` (English), ``1.000,5`` (German), ``100 000`` with thin or
no-break spaces, ``1'000`` (Swiss): the separator that occurs once and last
is the decimal mark when both kinds occur; a lone separator followed by
exactly three digits is read by the document language's convention.
Malformed strings (``1.2.3``, ``10,,000``, ``1,00,0``) give ``None``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Separators that can only group thousands, never mark decimals.
GROUP_ONLY = frozenset("'’\u00a0\u202f\u2009")
SEPARATORS = frozenset(".,") | GROUP_ONLY

_ONE = Decimal(1)
_CHUNK = re.compile(r"\d+|[.,'’\u00a0\u202f\u2009]")


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
    return 1 <= len(chunks[0]) <= 3 and all(len(c) == 3 for c in chunks[1:])
