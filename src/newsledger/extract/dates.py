"""Date expressions: absolute, vague and relative, normalised to ISO.

"in 2015" -> ``2015`` (year), "February 2025" -> ``2025-02`` (month),
"12. März 2024" -> ``2024-03-12`` (day).  Vague modifiers ("in early 2024",
"Anfang 2024") keep the period they qualify and record the modifier.
Relative expressions ("am Dienstag", "last week", "gestern") are resolved
against the document's publication date when it is known and kept with
``value=None`` otherwise, so that a reader still sees the words.

Names and words come from ``lang/<code>/dates.yaml``; the patterns built from
them are compiled once per language.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from newsledger.extract import dates_relative as rel
from newsledger.extract.alternation import fold_key
from newsledger.extract.dates_calendar import (
    MAX_YEAR,
    MIN_YEAR,
    holiday_date,
    iso,
    parse_published,
    shift_day,
    year_for_month,
)
from newsledger.extract.dates_patterns import Patterns, patterns
from newsledger.extract.dates_relative import Resolved
from newsledger.extract.figures import parse_number
from newsledger.lang import LangData
from newsledger.model import DatePrecision

__all__ = ["MAX_YEAR", "MIN_YEAR", "DateExpr", "best_date", "find_dates", "parse_published"]

# "April of 12" is 2012 when published in 2025, "April of 87" 1987: a
# two-digit year lies at most this far after publication (birth years and
# past events far outnumber plans decades ahead in news).
SHORT_YEAR_AHEAD = 10

_RANK: dict[str, int] = {"year": 0, "month": 1, "day": 2}


@dataclass(frozen=True, slots=True)
class DateExpr:
    """One date expression found in a text; offsets are into that text."""

    start: int
    end: int
    text: str
    value: str | None
    precision: DatePrecision | None
    modifier: str | None = None
    relative: bool = False
    # A season is a range of months: "im Frühjahr 2025" is the year 2025
    # (``value``) narrowed to 2025-03 .. 2025-05.  None for other dates.
    range_start: str | None = None
    range_end: str | None = None


class _Resolver:
    def __init__(self, pats: Patterns, ref: dt.date | None, lang: LangData) -> None:
        self.p = pats
        self.ref = ref
        self.lang = lang

    def resolve(self, kind: str, m: re.Match[str]) -> Resolved:
        """(value, precision, modifier, relative) of one match."""
        g = m.groupdict()
        if kind == "md_short":
            return self._md_short(g)
        if kind in ("ymd", "ym", "md", "vague_month", "month"):
            month = int(g["mnum"]) if g.get("mnum") else self.p.months.get(fold_key(g["month"]), 0)
            year = int(g["year"]) if g.get("year") else None
            mod = self.p.vague.get(fold_key(g["mod"])) if g.get("mod") else None
            day = (
                int(g["day"])
                if g.get("day")
                else self.p.day_words.get(fold_key(g["dword"] or "").replace("-", " "))
                if g.get("dword")
                else None
            )
            return self._month_day(year, month, day, mod)
        if kind == "season":
            # The year, with the vague modifier the season had before it was
            # a range ("Frühjahr" early); the months are in range_start/end.
            season = fold_key(g["season"] or "")
            return iso(int(g["year"] or 0)), "year", self.p.vague.get(season), False
        if kind == "quarter":
            return self._quarter(g)
        if kind in ("year", "vague_year"):
            mod = self.p.vague.get(fold_key(g["mod"])) if g.get("mod") else None
            return iso(int(g["year"])), "year", mod, False
        if kind == "slash":
            day, month = int(g["a"]), int(g["b"])
            # Month first in American English, day first elsewhere and
            # always with dots ("03.03.24").
            if not self.p.slash_dmy and g["sep"] != ".":
                day, month = month, day
            if month > 12 >= day:
                day, month = month, day  # "29/2/2020" written the other way
            year = int(g["year"]) if g.get("year") else self._century(int(g["yy"] or 0))
            return iso(year, month, day), "day", None, False
        if kind == "fiscal":
            year = int(g["year"]) if g.get("year") else self._century(int(g["yy"] or 0))
            return iso(year), "year", None, False
        if kind == "week":
            return self._week(g)
        if kind == "short_year":
            return self._short_year(g)
        if kind == "spelled_year":
            return self._spelled_year(g)
        if kind == "ordinal_month":
            month = (
                int(g["mnum"] or 0)
                if g.get("mnum")
                else (self.p.month_words or {}).get(fold_key(g["mword"] or ""), 0)
            )
            day = int(g.get("day") or 0) or self.p.day_words.get(fold_key(g["dword"] or ""), 0)
            year = int(g["year"]) if g.get("year") else None
            return self._month_day(year, month, day, None)
        return _relative(self.p, self.ref, kind, m)

    def _month_day(
        self, year: int | None, month: int, day: int | None, mod: str | None
    ) -> Resolved:
        relative = year is None
        if year is None:
            year = year_for_month(month, self.ref)
        if year is None:
            return None, "day" if day else "month", mod, True
        if day:
            value = iso(year, month, day)
            if value is None and relative and month == 2 and day == 29:
                # "29/2" without a year: the latest leap day.
                value = iso(year - year % 4, 2, 29)
            return value, "day", mod, relative
        return iso(year, month), "month", mod, relative

    def _century(self, yy: int) -> int:
        """The year of two digits: at most SHORT_YEAR_AHEAD years after publication."""
        # Without a publication date, digits up to 30 are read as 20xx.
        now = self.ref.year if self.ref else 2030 - SHORT_YEAR_AHEAD
        return 2000 + yy if 2000 + yy <= now + SHORT_YEAR_AHEAD else 1900 + yy

    def _short_year(self, g: dict[str, str | None]) -> Resolved:
        """ "April of 87": the year of those two digits nearest before publication."""
        year = self._century(int(g["yy"] or 0))
        month = self.p.months.get(fold_key(g["month"] or ""), 0)
        day = int(g["day"] or 0) or None
        value, precision, _, _ = self._month_day(year, month, day, None)
        return value, precision, None, False

    def _spelled_year(self, g: dict[str, str | None]) -> Resolved:
        """ "nineteen eighty six", "two thousand and fifteen": a year in words."""
        words = (g["yw"] or "").replace("-", " ").split()
        year = parse_number(" ".join(words), self.lang)
        if year is None and len(words) > 1:
            # "nineteen eighty six": hundreds, then the rest of the year.
            for cut in (1, 2):
                head = parse_number(" ".join(words[:cut]), self.lang)
                rest = parse_number(" ".join(words[cut:]), self.lang)
                # "twenty five people" is no year: the rest has two digits.
                if head is not None and rest is not None and 11 <= head < 100 and 10 <= rest < 100:
                    year = head * 100 + rest
                    break
        # "March two thousand jobs": a round thousand is a count, not a year.
        if year is None or year != int(year) or year % 1000 == 0:
            return None, None, None, False
        month = self.p.months.get(fold_key(g["month"] or ""), 0)
        day = int(g["day"] or 0) or None
        value, precision, _, _ = self._month_day(int(year), month, day, None)
        return value, precision, None, False

    def _md_short(self, g: dict[str, str | None]) -> Resolved:
        """ "on 22/04", "11/20", "Jan/3": a day and month in digits without a year."""
        if g.get("month"):
            month, day = self.p.months.get(fold_key(g["month"] or ""), 0), int(g["day"] or 0)
        else:
            day, month = int(g["a"] or 0), int(g["b"] or 0)
            if not self.p.slash_dmy:
                day, month = month, day
            if month > 12 >= day:
                day, month = month, day
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None, None, None, True
        return self._month_day(None, month, day, None)

    def _quarter(self, g: dict[str, str | None]) -> Resolved:
        """ "Q3 2024" is the year 2024 narrowed to its third quarter (see ``_part_range``)."""
        if g.get("year"):
            return iso(int(g["year"] or 0)), "year", None, False
        if self.ref is None:
            return None, "year", None, True
        year = self.ref.year
        if g.get("qyear"):
            year += self.p.relative_periods[fold_key(g["qyear"] or "")][1]
        return iso(year), "year", None, True

    def _week(self, g: dict[str, str | None]) -> Resolved:
        """ISO week N of a year ("the first week of 2019", "week 3 of 2027").

        As for "last week", the model has no week precision: the week's
        Monday stands for it.
        """
        year = int(g["year"] or 0)
        raw = g.get("wnum") or g.get("nth") or ""
        digits = "".join(ch for ch in raw if ch.isdigit())
        week = int(digits) if digits else self.p.ordinals.get(fold_key(raw), 0)
        if week < 0:  # "the last week of 2019": the week of 28 December
            week = dt.date(year, 12, 28).isocalendar()[1] + 1 + week
        try:
            return dt.date.fromisocalendar(year, week, 1).isoformat(), "day", None, False
        except ValueError:
            return None, None, None, False


# Relative rules read from their match's named groups, by rule kind.
_BY_GROUPS = {
    "weekday": rel.weekday,
    "week_weekday": rel.week_weekday,
    "weekday_day": rel.weekday_day,
    "holiday": rel.holiday,
    "offset": rel.offset,
    "rel_month": rel.rel_month,
    "day_of_period": rel.day_of_period,
}


def _relative(pats: Patterns, ref: dt.date | None, kind: str, m: re.Match[str]) -> Resolved:
    g = m.groupdict()
    if kind == "day":
        return rel.day(pats, ref, m.group(0))
    by_groups = _BY_GROUPS.get(kind)
    if by_groups is not None:
        return by_groups(pats, ref, g)
    if kind == "vague_period":
        value, precision, _, relative = rel.period(pats, ref, g["period"] or "")
        return value, precision, pats.vague.get(fold_key(g["mod"] or "")), relative
    return rel.period(pats, ref, m.group(0))


def find_dates(
    text: str,
    lang: LangData,
    published: str | None = None,
    start: int = 0,
    end: int | None = None,
) -> list[DateExpr]:
    """Every date expression in ``text[start:end]``, in order, without overlaps.

    Offsets are into ``text``; stages that need dates only near a few spots
    (events) pass a sentence's bounds instead of scanning the whole text.
    """
    pats = patterns(lang)
    resolver = _Resolver(pats, parse_published(published), lang)
    taken: list[tuple[int, int]] = []
    found: list[DateExpr] = []
    kinds: list[str] = []  # the rule of each date found, for the counted forms below
    stop = len(text) if end is None else end
    if not any(anchor.search(text, start, stop) for anchor in pats.anchors):
        return found
    # Each rule runs only around its gate's matches (every match of the rule
    # holds one): with ~45 rules, scanning the whole text with each was most
    # of the time.  Windows of one gate are found once and shared.
    windows: dict[int, list[tuple[int, int]]] = {}
    for regex, kind, gate in pats.rules:
        spans = windows.get(id(gate))
        if spans is None:
            spans = windows[id(gate)] = _windows(gate, text, start, stop)
        for m in _matches(regex, text, spans, stop):
            a, b = m.span()
            if _overlaps(taken, a, b):
                continue
            if kind == "md_short" and not _md_in_context(text, pats, m, start, stop):
                continue
            try:
                value, precision, mod, relative = resolver.resolve(kind, m)
            except OverflowError:
                # A publication date at the edge of the calendar (0001-01-01):
                # the relative date has no value rather than a crash.
                value, precision, mod, relative = None, None, None, True
            if (
                kind
                in ("year", "vague_year", "ymd", "ym", "season", "slash", "fiscal", "spelled_year")
                and value is None
                and not relative
            ):
                continue
            if kind == "offset" and precision is None:
                continue  # a duration ("for three years"), not a date
            i = bisect_right(taken, (a, b))
            taken.insert(i, (a, b))
            first = last = None
            if kind == "season" and value is not None:
                first, last = _season_range(pats, m)
            elif kind == "quarter" and value is not None:
                first, last = _part_range(pats, m, int(value))
            if kind == "holiday" and (m.group("year") or m.group("hyear") or m.group("hwhen")):
                kind = "holiday_fixed"
            kinds.insert(i, kind)
            found.insert(
                i, DateExpr(a, b, m.group(0), value, precision, mod, relative, first, last)
            )
    if pats.anchored is not None and found:
        ref = resolver.ref
        counted = [_anchored(text, pats, found, kinds, i, start, ref) for i in range(len(found))]
        kinds = [k if c is d else "anchored" for k, c, d in zip(kinds, counted, found, strict=True)]
        found = counted
    if "weekday" in kinds and len(found) > 1:
        found = _weekday_of_counted(text, pats, found, kinds)
    return found


# How far before a date "two weeks after" may start (characters).
ANCHOR_WINDOW = 40


# How far a rule's match may reach before and after its gate's match
# (characters): "the twenty-third day of September" has 24 before "September",
# "seventeen hundred thirty three" about 30 after its first two words.
WINDOW_BEFORE = 48
WINDOW_AFTER = 96


def _windows(gate: re.Pattern[str], text: str, start: int, stop: int) -> list[tuple[int, int]]:
    """The stretches of ``text`` around the matches of ``gate``, merged where they touch."""
    spans: list[tuple[int, int]] = []
    for g in gate.finditer(text, start, stop):
        lo, hi = max(start, g.start() - WINDOW_BEFORE), min(stop, g.end() + WINDOW_AFTER)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans


def _matches(
    regex: re.Pattern[str], text: str, spans: list[tuple[int, int]], stop: int
) -> Iterator[re.Match[str]]:
    """The matches of ``regex`` that start inside ``spans``, as a scan to ``stop`` finds them.

    A window's end cuts the text short, so each match is taken again from
    its start with the whole text after it (lookaheads see what follows).
    """
    last = -1
    for lo, hi in spans:
        for m in regex.finditer(text, max(lo, last), hi):
            full = regex.match(text, m.start(), stop)
            if full is None or full.start() < last:
                continue
            last = full.end()
            yield full


def _anchored(
    text: str,
    pats: Patterns,
    found: list[DateExpr],
    kinds: list[str],
    i: int,
    start: int,
    ref: dt.date | None,
) -> DateExpr:
    """``found[i]``, or a count of units before it ("3 days after January 12th") with it."""
    d = found[i]
    assert pats.anchored is not None
    lo = max(start, d.start - ANCHOR_WINDOW, found[i - 1].end if i else 0)
    m = pats.anchored.search(text, lo, d.start)
    if m is None:
        return d
    raw = m.group("count")
    count = int(raw) if raw.isdigit() else pats.counts.get(fold_key(raw), 0)
    unit = pats.units[fold_key(m.group("unit"))]
    sign = -1 if fold_key(m.group("dir")) in pats.anchor_before else 1
    value: str | None = None
    precision = d.precision
    if d.value is not None and count:
        if d.precision == "day":
            base = dt.date.fromisoformat(d.value)
            if (
                sign > 0
                and ref is not None
                and base < ref
                and kinds[i] in _YEARLESS
                and _in_future(text, pats, d.end)
            ):
                # "will reopen two weeks after January 15", read in November:
                # the next January 15.  Said of the past ("closed two weeks
                # after January 15") it is this year's.
                base = _next_year(pats, d, kinds[i], base)
            # Counted from a known day, months and years land on a day too.
            value = shift_day(base, unit, sign * count)
        elif d.precision == "year" and unit == "year":
            value = iso(int(d.value) + sign * count)
        else:
            return d  # "two weeks after March": no single day to count from
    a = m.start()
    return DateExpr(a, d.end, text[a : d.end], value, precision, None, d.relative)


# Rules whose day has no year of its own (it was taken from publication).
_YEARLESS = frozenset({"md", "md_short", "holiday"})


def _in_future(text: str, pats: Patterns, end: int) -> bool:
    """Whether the sentence up to ``end`` has a word of the future ("will", "wird")."""
    if pats.future is None:
        return False
    begin = max(text.rfind(". ", 0, end), text.rfind("\n", 0, end), 0)
    return pats.future.search(text, begin, end) is not None


def _next_year(pats: Patterns, d: DateExpr, kind: str, day: dt.date) -> dt.date:
    if kind == "holiday":  # Easter moves: the holiday of the next year
        value = holiday_date(pats.holidays[fold_key(d.text)], day.year + 1)
        return dt.date.fromisoformat(value) if value else day
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


_COUNTED = frozenset({"offset", "anchored"})
# Rules that find a day of a month (a weekday before one belongs to it).
_DAYS = frozenset({"ymd", "md", "md_short", "slash", "ordinal_month"})


def _weekday_of_counted(
    text: str, pats: Patterns, found: list[DateExpr], kinds: list[str]
) -> list[DateExpr]:
    """ "in 3 days on Friday", "Monday two weeks from now": the weekday of that week."""
    out: list[DateExpr] = []
    i = 0
    while i < len(found):
        d = found[i]
        if i + 1 < len(found) and {kinds[i], kinds[i + 1]} & {"weekday"}:
            e = found[i + 1]
            pair = (kinds[i], kinds[i + 1])
            gap = text[d.end : e.start]
            joiner = pats.weekday_joiner
            if (
                pair[0] == "weekday"
                and pair[1] in _DAYS
                and e.precision == "day"
                and joiner is not None
                and joiner.fullmatch(gap)
            ):
                # "Sunday, January 1, 2016", "am Sonntag, 1. Januar": the
                # weekday names the day that follows it.
                # A yearless day keeps its year even when the weekday does not
                # fit it (the Recognizers-Text reading).
                rest = (e.value, e.precision, e.modifier, e.relative)
                out.append(DateExpr(d.start, e.end, text[d.start : e.end], *rest))
                i += 2
                continue
            counted, day = (d, e) if pair[0] in _COUNTED else (e, d)
            joined = (
                pair[0] in _COUNTED
                and pair[1] == "weekday"
                and joiner is not None
                and joiner.fullmatch(gap)
            ) or (pair == ("weekday", pair[1]) and pair[1] in _COUNTED and gap.isspace())
            if joined and counted.value and counted.precision == "day" and day.value:
                base = dt.date.fromisoformat(counted.value)
                target = dt.date.fromisoformat(day.value).weekday()
                moved = base - dt.timedelta(days=base.weekday() - target)
                a, b = d.start, e.end
                out.append(DateExpr(a, b, text[a:b], moved.isoformat(), "day", None, True))
                i += 2
                continue
        out.append(d)
        i += 1
    return out


# How far back the word that makes "22/04" a date may stand (characters).
MD_CONTEXT_WINDOW = 24


def _md_in_context(text: str, pats: Patterns, m: re.Match[str], start: int, stop: int) -> bool:
    """A yearless "22/04" is a date after a weekday, a preposition or another such date."""
    if m.group("pre") or text[start:stop].strip(" .?!") == m.group(0):
        return True
    if pats.md_context is None:
        return False
    a = m.start()
    return pats.md_context.search(text, max(start, a - MD_CONTEXT_WINDOW), a) is not None


def _part_range(pats: Patterns, m: re.Match[str], year: int) -> tuple[str | None, str | None]:
    """First and last month of the quarter or half ``m`` names in ``year``."""
    assert pats.quarters is not None
    first, last = pats.quarters[fold_key(m.group("quarter"))]
    return iso(year, first), iso(year, last)


def _season_range(pats: Patterns, m: re.Match[str]) -> tuple[str | None, str | None]:
    """First and last month of the season ``m`` names ("Winter 2024": 2024-12 .. 2025-02)."""
    first, last = pats.seasons[fold_key(m.group("season"))]
    year = int(m.group("year"))
    return iso(year, first), iso(year + (last < first), last)


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect_right(taken, (start, end))
    if i > 0 and taken[i - 1][1] > start:
        return True
    return i < len(taken) and taken[i][0] < end


def best_date(dates: Sequence[DateExpr]) -> DateExpr | None:
    """The most informative date of a clause: resolved first, then most precise."""
    if not dates:
        return None
    return max(dates, key=lambda d: (d.value is not None, _RANK.get(d.precision or "", -1)))
