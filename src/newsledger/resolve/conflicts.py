"""Conflicts: claims with the same key that cannot all be true.

Each claim stands for an interval of values it allows: an exact figure allows
rounding at its stated precision, "around" a band, "more than X" values from
X up to a few times X (whoever knows the number is ten times X says so),
"up to"/"less than" anything below.  Claims about the same subject and
attribute, in the same unit, from independent documents, referring to the
same time, conflict when their intervals do not meet.  Work is per key, so
cost grows with the corpus, not its square; within a key claims are swept in
order of their intervals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import pairwise

from newsledger.extract.claims import UNSPECIFIED
from newsledger.model import Claim, Conflict

# Exact figures in news are rounded to two or three significant digits:
# "$97 billion" and "$97.4 billion" are one fact.  3 % covers rounding
# 97.4 → 100 as well; calibrated on the seed pairs (97 vs 97.4 must agree).
ROUNDING_REL = 0.03
# "around", "rund", "etwa": reporters use them for estimates within ~15 %.
APPROX_REL = 0.15
# "more than X" is read as X < value < 3·X: a writer who knew the value was
# three times X would have picked a larger round bound.  The seed conflict
# (over one million vs über 100.000 GPUs) is a factor of ten.
LOWER_BOUND_CEILING = 3.0
# Claims kept on each side of a conflict, nearest the disagreement first and
# one per source before a second from the same one: enough to read it, and a
# key with thousands of claims (a company's revenue over a year of news) does
# not store every claim in every conflict, which grew with the square of the
# claims (800 MB at 100,000 generated articles).
CLAIMS_PER_SIDE = 5


def find_conflicts(claims: Sequence[Claim], copy_of: Mapping[str, str]) -> list[Conflict]:
    """Groups of claims with the same key that cannot all be true.

    ``copy_of`` maps a document id to the id of the document it copies, so
    that a copy is not counted as an independent source.
    """
    groups: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    conflicts: list[Conflict] = []
    for claim in claims:
        if claim.attribute == UNSPECIFIED:
            continue  # nothing says what the figure measures: nothing to compare
        if claim.disputed:
            conflicts.append(_disputed(claim))
        groups[(claim.subject_id, claim.attribute, claim.figure.unit)].append(claim)
    for group in groups.values():
        if len(group) > 1:
            conflicts.extend(_conflicts_in(group, copy_of))
    return conflicts


def interval(claim: Claim) -> tuple[float, float]:
    """The values a claim allows, allowing for qualifier and rounding."""
    f = claim.figure
    value = f.value
    slack = max(f.precision / 2, abs(value) * ROUNDING_REL)
    if f.qualifier == "range" and f.value_max is not None:
        return value - slack, f.value_max + max(f.precision / 2, f.value_max * ROUNDING_REL)
    if f.qualifier == "~":
        band = max(slack, abs(value) * APPROX_REL)
        return value - band, value + band
    if f.qualifier in (">", ">="):
        return value - slack, value * LOWER_BOUND_CEILING + slack
    if f.qualifier in ("<", "<="):
        return float("-inf") if value < 0 else 0.0, value + slack
    return value - slack, value + slack


def _root(doc_id: str, copy_of: Mapping[str, str]) -> str:
    seen = {doc_id}
    while doc_id in copy_of and copy_of[doc_id] not in seen:
        doc_id = copy_of[doc_id]
        seen.add(doc_id)
    return doc_id


def _conflicts_in(group: list[Claim], copy_of: Mapping[str, str]) -> list[Conflict]:
    """Conflicts inside one key: clusters of agreeing claims that do not meet."""
    # One voice per source and time: a copy repeats its original, and an
    # article repeating its own figure is one claim.
    voices: dict[tuple[str, str | None, float, float], Claim] = {}
    for claim in group:
        lo, hi = interval(claim)
        voices.setdefault((_root(claim.doc_id, copy_of), claim.when, lo, hi), claim)
    by_time: dict[str | None, list[tuple[float, float, str, Claim]]] = defaultdict(list)
    for (root, when, lo, hi), claim in voices.items():
        by_time[when].append((lo, hi, root, claim))
    untimed = by_time.pop(None, [])
    found: list[Conflict] = []
    if not by_time:
        found.extend(_sweep(untimed))
    for timed in by_time.values():
        # A claim without a stated time may refer to any time: it joins each.
        found.extend(_sweep(timed + untimed))
    unique: dict[tuple[tuple[str, int], ...], Conflict] = {}
    for conflict in found:
        unique.setdefault(tuple((c.doc_id, c.start) for c in conflict.claims), conflict)
    return list(unique.values())


def _sweep(items: list[tuple[float, float, str, Claim]]) -> list[Conflict]:
    """Cluster claims whose intervals share a point; flag neighbouring clusters."""
    if len({root for _, _, root, _ in items}) < 2:
        return []
    items.sort(key=lambda t: (t[1], t[0]))
    # Sorted by upper end, the first claim's upper end is a value every later
    # claim of the cluster allows (interval stabbing); a claim starting above
    # it opens the next cluster and cannot agree with the first claim.
    clusters: list[list[tuple[float, float, str, Claim]]] = []
    point = float("-inf")
    for item in items:
        if clusters and item[0] <= point:
            clusters[-1].append(item)
            continue
        clusters.append([item])
        point = item[1]
    conflicts = []
    for left, right in pairwise(clusters):
        if {r for _, _, r, _ in left} == {r for _, _, r, _ in right} and len(
            {r for _, _, r, _ in left}
        ) == 1:
            # One source disagreeing with itself is not a disagreement between sources.
            continue
        conflicts.append(_conflict(left, right))
    return conflicts


def _conflict(
    left: list[tuple[float, float, str, Claim]], right: list[tuple[float, float, str, Claim]]
) -> Conflict:
    a = left[-1][3]
    b = right[0][3]
    low, high = sorted((abs(a.figure.value), abs(b.figure.value)))
    ratio = high / low if low > 0 else None
    shown_left = _nearest(left[::-1])[::-1]
    shown_right = _nearest(right)
    claims = shown_left + shown_right
    times = f"{ratio:.1f}×" if ratio is not None else "far"
    reason = (
        f"{_stated(a)} ({a.doc_id}) vs {_stated(b)} ({b.doc_id}): "
        f"{times} apart, beyond rounding and qualifiers"
    )
    if len(claims) < len(left) + len(right):
        reason += f"; {len(left)} vs {len(right)} claims in all, {len(claims)} shown"
    return Conflict(
        subject_id=a.subject_id,
        subject=a.subject,
        attribute=a.attribute,
        claims=claims,
        ratio=ratio,
        reason=reason,
    )


def _nearest(side: list[tuple[float, float, str, Claim]]) -> tuple[Claim, ...]:
    """Up to CLAIMS_PER_SIDE claims of ``side`` (nearest first), one per source first."""
    if len(side) <= CLAIMS_PER_SIDE:
        return tuple(t[3] for t in side)
    first_of_source: list[int] = []
    sources: set[str] = set()
    for i, (_, _, root, _) in enumerate(side):
        if root not in sources:
            sources.add(root)
            first_of_source.append(i)
    chosen = first_of_source[:CLAIMS_PER_SIDE]
    chosen += [i for i in range(len(side)) if i not in set(chosen)][: CLAIMS_PER_SIDE - len(chosen)]
    return tuple(side[i][3] for i in sorted(chosen))


def _stated(claim: Claim) -> str:
    who = f" per {claim.speaker}" if claim.speaker else ""
    return f"“{claim.figure.text}”{who}"


def _disputed(claim: Claim) -> Conflict:
    who = f" (claimed by {claim.speaker})" if claim.speaker else ""
    return Conflict(
        subject_id=claim.subject_id,
        subject=claim.subject,
        attribute=claim.attribute,
        claims=(claim,),
        ratio=None,
        reason=f"disputed in {claim.doc_id}: “{claim.figure.text}”{who} is denied in the text",
    )
