"""Why two claims about one subject were or were not flagged as a conflict.

``explain`` answers ``newsledger conflicts --explain SUBJECT``: for every pair
of claims about the subject from different documents (nearest values first),
one sentence saying what kept them apart or why they agree, in the terms of
``newsledger.resolve.conflicts``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations

from newsledger.extract.claims import UNSPECIFIED
from newsledger.model import Claim
from newsledger.resolve.conflicts import (
    DEFAULT_SCOPES,
    find_conflicts,
    is_money,
    learned_rates,
    root_of,
    stated,
    voices,
)

# Pairs explained at most: a subject with hundreds of claims would print
# tens of thousands of lines; the nearest values are the interesting ones.
MAX_PAIRS = 60


def _matches(claim: Claim, subject: str) -> bool:
    wanted = subject.casefold()
    return claim.subject_id.casefold() == wanted or claim.subject.casefold() == wanted


def explain(
    claims: Sequence[Claim],
    copy_of: Mapping[str, str],
    subject: str,
    attribute: str | None = None,
) -> list[str]:
    """One line per pair of claims about ``subject`` (and ``attribute``)."""
    chosen = [
        c
        for c in claims
        if _matches(c, subject) and (attribute is None or c.attribute == attribute)
    ]
    flagged = {
        frozenset((a.doc_id, a.start, b.doc_id, b.start) for a, b in combinations(c.claims, 2))
        for c in find_conflicts(chosen, copy_of)
    }
    pairs = [
        (a, b)
        for a, b in combinations(chosen, 2)
        if a.doc_id != b.doc_id and a.figure.unit and b.figure.unit
    ]
    pairs.sort(key=lambda p: (p[0].attribute != p[1].attribute, _distance(*p)))
    lines = []
    for a, b in pairs[:MAX_PAIRS]:
        head = f"{stated(a)} ({a.doc_id}, {a.attribute}) vs {stated(b)} ({b.doc_id}, {b.attribute})"
        key = (a.doc_id, a.start, b.doc_id, b.start)
        if any(key in group or _swap(key) in group for group in flagged):
            lines.append(f"{head}: flagged as a conflict")
        else:
            lines.append(f"{head}: not flagged, {_why_not(a, b, chosen, copy_of)}")
    if not lines:
        lines.append(f"no two documents make claims about {subject!r} that could be compared")
    return lines


def _swap(key: tuple[str, int, str, int]) -> tuple[str, int, str, int]:
    return (key[2], key[3], key[0], key[1])


def _distance(a: Claim, b: Claim) -> float:
    x, y = abs(a.figure.value), abs(b.figure.value)
    return max(x, y) / min(x, y) if min(x, y) > 0 else float("inf")


def _why_not(a: Claim, b: Claim, claims: Sequence[Claim], copy_of: Mapping[str, str]) -> str:
    if UNSPECIFIED in (a.attribute, b.attribute):
        return "nothing in the text says what one of the figures measures"
    if a.attribute != b.attribute:
        return f"different attributes ({a.attribute} vs {b.attribute})"
    if a.scope != b.scope and not ({a.scope, b.scope} - {""}) <= DEFAULT_SCOPES:
        return f"different scope ({a.scope or 'unstated'} vs {b.scope or 'unstated'})"
    if is_money(a.figure.unit) != is_money(b.figure.unit) or (
        not is_money(a.figure.unit) and a.figure.unit != b.figure.unit
    ):
        return f"different units ({a.figure.unit} vs {b.figure.unit})"
    if root_of(a.doc_id, copy_of) == root_of(b.doc_id, copy_of):
        return "one source: one document copies the other"
    if a.when and b.when and a.when != b.when:
        return f"different times ({a.when} vs {b.when})"
    group = [
        c
        for c in claims
        if c.subject_id == a.subject_id
        and c.attribute == a.attribute
        and (c.scope == a.scope or c.scope in ("", b.scope))
    ]
    items, several, dropped = voices(group, copy_of, learned_rates(claims))
    for claim in (a, b):
        if claim in dropped:
            return f"{stated(claim)} converts an amount stated next to it in the same article"
    for claim in (a, b):
        root = root_of(claim.doc_id, copy_of)
        if root in several:
            values = ", ".join(stated(c) for c in several[root])
            return (
                f"{claim.doc_id} states several values for this ({values}): parts, stages "
                "or times the attribute does not tell apart, so they are not compared"
            )
    found = {v.claim: v for v in items}
    if a in found and b in found:
        va, vb = found[a], found[b]
        return (
            f"compatible after rounding and qualifiers: {stated(a)} allows "
            f"{_num(va.lo)}–{_num(va.hi)}, {stated(b)} allows {_num(vb.lo)}–{_num(vb.hi)}"
            + (" (after currency conversion)" if va.converted or vb.converted else "")
        )
    return "no exchange rate is known between the two currencies"


def _num(value: float) -> str:
    if value == float("inf"):
        return "∞"
    for size, suffix in ((1e9, " bn"), (1e6, " m"), (1e3, " k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"
