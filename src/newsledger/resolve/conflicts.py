"""Conflicts: claims with the same key that cannot all be true.

What a careful editor would sign as a disagreement between sources:

- the same subject, the same attribute and the same scope (an initial fee
  is not the total; a claim without a stated scope is compared only with
  others without one), referring to the same time;
- from different sources: a copy is its original, and an article is one
  voice: a document stating two incompatible values under one key ("9.5 %
  directly, 28 % in all", "5,000 cut, 6,000 sold, 11,000 in all") names
  several facts the attribute does not tell apart, so its claims on that key
  are set aside rather than pitted against other sources;
- the same amount given in another currency in the same article ("€15bn
  (£12.4bn)") is a conversion, not a second claim; amounts in different
  currencies are compared after conversion, at the rate the articles
  themselves use when they give one, else at the bundled approximate rates;
- values that cannot both hold after rounding at the stated precision and
  after qualifiers.  Each claim stands for an interval of values it allows:
  an exact figure allows rounding at its precision, "around" a band, "more
  than X" values from X up to a few times X, "up to"/"less than" anything
  below, "nearly X" just under X.  Two "up to" claims state one ceiling each
  and are compared as values.

Work is per key, so cost grows with the corpus, not its square; within a key
claims are swept in order of their intervals.  ``explain`` (in
``conflict_explain``) says why a pair of claims was or was not flagged.
"""

from __future__ import annotations

import functools
import hashlib
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise

import yaml

from newsledger.extract.claims import PLANNED, UNSPECIFIED
from newsledger.model import Claim, Conflict

# Exact figures in news are rounded to two or three significant digits:
# "$97 billion" and "$97.4 billion" are one fact.  3 % covers rounding
# 97.4 → 100 as well; calibrated on the seed pairs (97 vs 97.4 must agree).
ROUNDING_REL = 0.03
# "around", "rund", "etwa": reporters use them for estimates within ~15 %.
APPROX_REL = 0.15
# "nearly X", "knapp X": at most this far under X ("knapp 600" is 560-599,
# not 500); "almost 10 billion" for 9.9 billion is 1 % under.
NEAR_REL = 0.07
# "more than X" is read as X < value < 3·X: a writer who knew the value was
# three times X would have picked a larger round bound.  The seed conflict
# (over one million vs über 100.000 GPUs) is a factor of ten.
LOWER_BOUND_CEILING = 3.0
# A converted amount may be off by this much: exchange rates of the main
# currencies moved by up to about a tenth in 2020-2025, and the bundled
# rates are not the rate of the day of the article.
CONVERSION_REL = 0.10
# ... and by this much at a rate an article of the ledger itself used, which
# is the rate of about the time the story ran (a few per cent over months).
LEARNED_CONVERSION_REL = 0.04
# Two amounts in different currencies this close in one article are one
# amount and its conversion ("€120 million (£103 million)").
CONVERSION_CHARS = 60
# Scopes that a figure stated without one is read as: "300 jobs" promised by
# a plant are its permanent jobs.  Not "total": news gives a first tranche
# without saying so ("325 million flow for the shares") as often as a total.
DEFAULT_SCOPES = frozenset({"permanent"})
# Claims kept on each side of a conflict, nearest the disagreement first and
# one per source before a second from the same one: enough to read it, and a
# key with thousands of claims (a company's revenue over a year of news) does
# not store every claim in every conflict, which grew with the square of the
# claims (800 MB at 100,000 generated articles).
CLAIMS_PER_SIDE = 5

_CURRENCY_LEN = 3

# libyaml's parser where PyYAML has it (several times faster at start-up).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Voice:
    """A claim as compared: its source, its interval (in the group's unit)."""

    claim: Claim
    root: str
    lo: float
    hi: float
    # Units of the group's unit per unit of the claim's (1.0: not converted).
    factor: float = 1.0
    # How far off the conversion may be.
    tolerance: float = 0.0

    @property
    def converted(self) -> bool:
        return self.factor != 1.0


@functools.cache
def bundled_rates() -> Mapping[str, float]:
    """Euros per unit of each currency (``data/currency_rates.yaml``)."""
    text = (resources.files("newsledger") / "data" / "currency_rates.yaml").read_text("utf-8")
    return {str(k): float(v) for k, v in (yaml.load(text, Loader=_YAML_LOADER) or {}).items()}


def is_money(unit: str) -> bool:
    return len(unit) == _CURRENCY_LEN and unit.isalpha() and unit.isupper()


def conflict_id(conflict: Conflict) -> str:
    """A stable id from what the conflict is about and which claims make it:
    the same after every re-resolve while the same claims disagree."""
    parts = [conflict.subject_id, conflict.attribute]
    parts += sorted(f"{c.doc_id}:{c.figure.start}" for c in conflict.claims)
    return "c" + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def find_conflicts(claims: Sequence[Claim], copy_of: Mapping[str, str]) -> list[Conflict]:
    """Groups of claims with the same key that cannot all be true.

    ``copy_of`` maps a document id to the id of the document it copies, so
    that a copy is not counted as an independent source.
    """
    groups: dict[tuple[str, str, str, str], list[Claim]] = defaultdict(list)
    conflicts: list[Conflict] = []
    for claim in claims:
        if claim.attribute == UNSPECIFIED:
            continue  # nothing says what the figure measures: nothing to compare
        if claim.disputed:
            conflicts.append(_disputed(claim))
        groups[_group_key(claim)].append(claim)
    for (subject, attribute, scope, dimension), group in list(groups.items()):
        if scope in DEFAULT_SCOPES:
            # "300 jobs" read plainly is the permanent jobs, "€15bn" the total.
            group.extend(groups.get((subject, attribute, "", dimension), []))
    # Rates the articles use, from every claim: "€120m (£103m)" in one key
    # tells the rate for another ("an initial £100m" against "€100m").
    rates = learned_rates(claims)
    for group in groups.values():
        if len(group) > 1:
            conflicts.extend(_conflicts_in(group, copy_of, rates))
    return conflicts


def _group_key(claim: Claim) -> tuple[str, str, str, str]:
    unit = claim.figure.unit
    return (claim.subject_id, claim.attribute, claim.scope, "money" if is_money(unit) else unit)


def interval(claim: Claim) -> tuple[float, float]:
    """The values a claim allows, allowing for qualifier and rounding."""
    f = claim.figure
    value = f.value
    slack = max(f.precision / 2, abs(value) * ROUNDING_REL)
    if f.qualifier == "range" and f.value_max is not None:
        return value - slack, f.value_max + max(f.precision / 2, f.value_max * ROUNDING_REL)
    if claim.near and value > 0:
        return value * (1 - NEAR_REL), value * (1 + ROUNDING_REL)
    if f.qualifier == "~":
        band = max(slack, abs(value) * APPROX_REL)
        return value - band, value + band
    if f.qualifier in (">", ">="):
        return value - slack, value * LOWER_BOUND_CEILING + slack
    if f.qualifier in ("<", "<="):
        return float("-inf") if value < 0 else 0.0, value + slack
    return value - slack, value + slack


def ceiling(claim: Claim) -> tuple[float, float]:
    """The ceiling an "up to" claim states, as an exact value."""
    f = claim.figure
    slack = max(f.precision / 2, abs(f.value) * ROUNDING_REL)
    return f.value - slack, f.value + slack


def root_of(doc_id: str, copy_of: Mapping[str, str]) -> str:
    seen = {doc_id}
    while doc_id in copy_of and copy_of[doc_id] not in seen:
        doc_id = copy_of[doc_id]
        seen.add(doc_id)
    return doc_id


def learned_rates(claims: Iterable[Claim]) -> dict[tuple[str, str], float]:
    """Exchange rates the articles use: ``(from, to) -> to per from``, from
    amounts in two currencies stated side by side in one article."""
    by_doc: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if is_money(c.figure.unit) and c.figure.value > 0:
            by_doc[c.doc_id].append(c)
    seen: dict[tuple[str, str], list[float]] = defaultdict(list)
    for items in by_doc.values():
        items.sort(key=lambda c: c.figure.start)
        for a, b in pairwise(items):
            if a.figure.unit != b.figure.unit and b.figure.start - a.figure.end <= CONVERSION_CHARS:
                rate = b.figure.value / a.figure.value
                if _plausible(a.figure.unit, b.figure.unit, rate):
                    seen[(a.figure.unit, b.figure.unit)].append(rate)
                    seen[(b.figure.unit, a.figure.unit)].append(1 / rate)
    return {pair: statistics.median(rates) for pair, rates in seen.items()}


def _plausible(src: str, dst: str, rate: float) -> bool:
    """A rate within a factor of two of the bundled one, when both are known."""
    table = bundled_rates()
    if src not in table or dst not in table:
        return False
    expected = table[src] / table[dst]
    return 0.5 <= rate / expected <= 2.0


def convert(
    value: float, src: str, dst: str, rates: Mapping[tuple[str, str], float]
) -> float | None:
    """``value`` in ``src`` expressed in ``dst``; None when no rate is known."""
    if src == dst:
        return value
    if (src, dst) in rates:
        return value * rates[(src, dst)]
    table = bundled_rates()
    if src in table and dst in table:
        return value * table[src] / table[dst]
    return None


def conversions(claims: Sequence[Claim], rates: Mapping[tuple[str, str], float]) -> set[int]:
    """Indices of claims that restate, in another currency, the amount just
    before them in the same article: conversions, not claims of their own."""
    dropped: set[int] = set()
    order = sorted(range(len(claims)), key=lambda i: (claims[i].doc_id, claims[i].figure.start))
    for i, j in pairwise(order):
        a, b = claims[i].figure, claims[j].figure
        if claims[i].doc_id != claims[j].doc_id or a.unit == b.unit:
            continue
        if not (is_money(a.unit) and is_money(b.unit)) or b.start - a.end > CONVERSION_CHARS:
            continue
        converted = convert(a.value, a.unit, b.unit, rates)
        if converted is not None and math.isclose(converted, b.value, rel_tol=CONVERSION_REL):
            dropped.add(j)
    return dropped


def voices(
    group: Sequence[Claim],
    copy_of: Mapping[str, str],
    rates: Mapping[tuple[str, str], float] | None = None,
) -> tuple[list[Voice], dict[str, list[Claim]], list[Claim]]:
    """The claims of one key as compared, in one unit.

    ``rates`` are the exchange rates the ledger's articles use (default: those
    the group's own claims show).  Returns the voices, the claims set aside
    per source that states several incompatible values under the key, and
    the conversions dropped.
    """
    rates = {**learned_rates(group), **(rates or {})}
    dropped = conversions(group, rates)
    kept = [c for i, c in enumerate(group) if i not in dropped]
    unit = _common_unit(kept)
    items: list[Voice] = []
    for claim in kept:
        factor = convert(1.0, claim.figure.unit, unit, rates)
        if factor is None:
            continue  # no rate known: not comparable
        learned = (claim.figure.unit, unit) in rates
        tolerance = 0.0 if factor == 1.0 else LEARNED_CONVERSION_REL if learned else CONVERSION_REL
        lo, hi = _scaled(interval(claim), factor, tolerance)
        items.append(Voice(claim, root_of(claim.doc_id, copy_of), lo, hi, factor, tolerance))
    by_root: dict[str, list[Voice]] = defaultdict(list)
    for v in items:
        by_root[v.root].append(v)
    several = {
        root: [v.claim for v in vs]
        for root, vs in by_root.items()
        if len(_clusters([(v.lo, v.hi, v) for v in vs])) > 1
    }
    return [v for v in items if v.root not in several], several, [group[i] for i in dropped]


def _common_unit(claims: Sequence[Claim]) -> str:
    units = [c.figure.unit for c in claims]
    return max(set(units), key=lambda u: (units.count(u), u == "EUR", u)) if units else ""


def _conflicts_in(
    group: list[Claim],
    copy_of: Mapping[str, str],
    rates: Mapping[tuple[str, str], float] | None = None,
) -> list[Conflict]:
    """Conflicts inside one key: clusters of agreeing claims that do not meet."""
    items, _, _ = voices(group, copy_of, rates)
    found: list[Conflict] = []
    # One voice per source and time: an article repeating its own figure is one claim.
    unique: dict[tuple[str, str | None, float, float], Voice] = {}
    for v in items:
        unique.setdefault((v.root, v.claim.when, v.lo, v.hi), v)
    by_time: dict[str | None, list[Voice]] = defaultdict(list)
    for v in unique.values():
        by_time[v.claim.when].append(v)
    untimed = by_time.pop(None, [])
    if group[0].attribute.endswith(PLANNED) and by_time:
        # A plan with a target year and one without are steps of a plan ("90 %
        # first, 100 % by 2033"), not one target stated twice.
        sets = [*by_time.values(), untimed]
    else:
        sets = [timed + untimed for timed in by_time.values()] or [untimed]
    for members in sets:
        # A claim without a stated time may refer to any time: it joins each.
        found.extend(_sweep([(v.lo, v.hi, v) for v in members], "values"))
        caps = [v for v in members if v.claim.figure.qualifier == "<="]
        if len(caps) > 1:
            found.extend(_sweep([(*_ceiling_interval(v), v) for v in caps], "ceilings"))
    seen: dict[tuple[tuple[str, int], ...], Conflict] = {}
    for conflict in found:
        seen.setdefault(tuple(sorted((c.doc_id, c.start) for c in conflict.claims)), conflict)
    return list(seen.values())


def _ceiling_interval(v: Voice) -> tuple[float, float]:
    return _scaled(ceiling(v.claim), v.factor, v.tolerance)


def _scaled(bounds: tuple[float, float], factor: float, tolerance: float) -> tuple[float, float]:
    """An interval in another unit, widened for the uncertainty of the rate."""
    lo, hi = bounds
    return lo * factor * (1 - tolerance), hi * factor * (1 + tolerance)


Item = tuple[float, float, Voice]


def _clusters(items: list[Item]) -> list[list[Item]]:
    """Claims whose intervals share a point, in order of their intervals."""
    items = sorted(items, key=lambda t: (t[1], t[0]))
    # Sorted by upper end, the first claim's upper end is a value every later
    # claim of the cluster allows (interval stabbing); a claim starting above
    # it opens the next cluster and cannot agree with the first claim.
    clusters: list[list[Item]] = []
    point = float("-inf")
    for item in items:
        if clusters and item[0] <= point:
            clusters[-1].append(item)
            continue
        clusters.append([item])
        point = item[1]
    return clusters


def _sweep(items: list[Item], what: str) -> list[Conflict]:
    """Cluster claims whose intervals share a point; flag neighbouring clusters."""
    if len({v.root for _, _, v in items}) < 2:
        return []
    conflicts = []
    for left, right in pairwise(_clusters(items)):
        roots = {v.root for _, _, v in left} | {v.root for _, _, v in right}
        if len(roots) < 2:
            continue  # one source disagreeing with itself is no disagreement between sources
        conflicts.append(_conflict(left, right, what))
    return conflicts


def _conflict(left: list[Item], right: list[Item], what: str) -> Conflict:
    a, b = left[-1][2], right[0][2]
    low, high = sorted((abs(a.hi + a.lo) / 2, abs(b.hi + b.lo) / 2))
    ratio = high / low if low > 0 and math.isfinite(high) else None
    if a.claim.figure.unit == b.claim.figure.unit:
        low, high = sorted((abs(a.claim.figure.value), abs(b.claim.figure.value)))
        ratio = high / low if low > 0 else None
    shown_left = _nearest(left[::-1])[::-1]
    shown_right = _nearest(right)
    claims = shown_left + shown_right
    times = f"{ratio:.1f}×" if ratio is not None else "far"
    reason = f"{_stated(a.claim)} ({a.claim.doc_id}) vs {_stated(b.claim)} ({b.claim.doc_id}): "
    reason += f"{times} apart, " + _why(a, b, what)
    if len(claims) < len(left) + len(right):
        reason += f"; {len(left)} vs {len(right)} claims in all, {len(claims)} shown"
    return Conflict(
        subject_id=a.claim.subject_id,
        subject=a.claim.subject,
        attribute=a.claim.attribute,
        claims=claims,
        ratio=ratio,
        reason=reason,
    )


def _why(a: Voice, b: Voice, what: str) -> str:
    """In words: what the two claims share and why they cannot both hold."""
    parts = [f"same subject ({a.claim.subject}) and attribute ({a.claim.attribute})"]
    if a.claim.scope:
        parts.append(f"same scope ({a.claim.scope})")
    when = a.claim.when or b.claim.when
    if when:
        parts.append(f"same time ({when})")
    reason = ", ".join(parts) + ", different sources; "
    if what == "ceilings":
        reason += "both state the most it can be, and the ceilings differ beyond rounding"
    else:
        reason += "beyond rounding and qualifiers"
    if a.converted or b.converted:
        rate = max(a.tolerance, b.tolerance)
        reason += f" after currency conversion (allowing {rate:.0%} for the rate)"
    return reason


def _nearest(side: list[Item]) -> tuple[Claim, ...]:
    """Up to CLAIMS_PER_SIDE claims of ``side`` (nearest first), one per source first."""
    if len(side) <= CLAIMS_PER_SIDE:
        return tuple(t[2].claim for t in side)
    first_of_source: list[int] = []
    sources: set[str] = set()
    for i, (_, _, v) in enumerate(side):
        if v.root not in sources:
            sources.add(v.root)
            first_of_source.append(i)
    chosen = first_of_source[:CLAIMS_PER_SIDE]
    chosen += [i for i in range(len(side)) if i not in set(chosen)][: CLAIMS_PER_SIDE - len(chosen)]
    return tuple(side[i][2].claim for i in sorted(chosen))


def stated(claim: Claim) -> str:
    who = f" per {claim.speaker}" if claim.speaker else ""
    return f"“{claim.figure.text}”{who}"


_stated = stated


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
