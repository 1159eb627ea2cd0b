"""Dates counted from the publication day: weekdays, "last week", "in two weeks".

Each resolver takes the language's :class:`Patterns`, the publication day
(``None`` when unknown: the expression is kept without a value rather than
guessed) and the groups of one match, and returns ``(value, precision,
modifier, relative)`` like :meth:`newsledger.extract.dates._Resolver.resolve`.

The readings follow the Recognizers-Text resolution, which is also the
calendar reading of news: "next Friday" is the Friday of next week, "last
Wednesday" the Wednesday of last week, "this coming Friday" the first one
ahead and "am Dienstag" the latest Tuesday.
"""

from __future__ import annotations

import datetime as dt

from newsledger.extract.alternation import fold_key
from newsledger.extract.dates_calendar import holiday_date, iso, shift, shift_month
from newsledger.extract.dates_patterns import Patterns
from newsledger.model import DatePrecision

Resolved = tuple[str | None, DatePrecision | None, str | None, bool]
Groups = dict[str, str | None]

# "am Dienstag" in an article published on a Wednesday means the day before;
# a weekday is resolved to the latest such day at most this many days back.
WEEKDAY_LOOKBACK = 6

# "Dienstag, der 25", "friday the 13th": the day with that number and
# weekday nearest to publication, looked for this many months either side.
WEEKDAY_DAY_MONTHS = 6


def _precision(unit: str) -> DatePrecision:
    return "year" if unit == "year" else "month" if unit == "month" else "day"


def day(pats: Patterns, ref: dt.date | None, text: str) -> Resolved:
    """ "yesterday", "übermorgen"."""
    offset = pats.relative_days[fold_key(text)]
    if ref is None:
        return None, "day", None, True
    return (ref + dt.timedelta(days=offset)).isoformat(), "day", None, True


def weekday(pats: Patterns, ref: dt.date | None, g: Groups) -> Resolved:
    """ "Tuesday", "last Wednesday", "next Friday", "this coming Friday"."""
    if ref is None:
        return None, "day", None, True
    target = pats.weekdays[fold_key(g["weekday"] or "")]
    when = fold_key(g.get("when") or "")
    monday = ref - dt.timedelta(days=ref.weekday())
    if when in pats.next_week_words:
        return (monday + dt.timedelta(days=7 + target)).isoformat(), "day", None, True
    if when in pats.last_week_words:
        return (monday + dt.timedelta(days=target - 7)).isoformat(), "day", None, True
    if when in pats.next_words:
        ahead = (target - ref.weekday()) % 7 or 7
        return (ref + dt.timedelta(days=ahead)).isoformat(), "day", None, True
    back = (ref.weekday() - target) % 7
    if when in pats.past_words and back == 0:
        back = 7
    back = min(back, WEEKDAY_LOOKBACK + 1)
    return (ref - dt.timedelta(days=back)).isoformat(), "day", None, True


def weekday_day(pats: Patterns, ref: dt.date | None, g: Groups) -> Resolved:
    """ "Dienstag, der 25": the 25th nearest to publication that is a Tuesday."""
    if ref is None:
        return None, "day", None, True
    target = pats.weekdays[fold_key(g["weekday"] or "")]
    number = int(g.get("day") or g.get("day2") or 0)
    best: dt.date | None = None
    for offset in range(-WEEKDAY_DAY_MONTHS, WEEKDAY_DAY_MONTHS + 1):
        y, mo = shift_month(ref, offset)
        try:
            candidate = dt.date(y, mo, number)
        except ValueError:
            continue
        if candidate.weekday() != target:
            continue
        if best is None or abs((candidate - ref).days) < abs((best - ref).days):
            best = candidate
    return (best.isoformat() if best else None), "day", None, True


def holiday(pats: Patterns, ref: dt.date | None, g: Groups) -> Resolved:
    """ "Easter 2018"; "Christmas" of the publication year; "next Easter", "Ostern im Vorjahr"."""
    rule = pats.holidays[fold_key(g["holiday"] or "")]
    if g.get("year"):
        return holiday_date(rule, int(g["year"] or 0)), "day", None, False
    if ref is None:
        return None, "day", None, True
    year = ref.year
    if g.get("hyear"):
        year += pats.relative_periods[fold_key(g["hyear"] or "")][1]
    when = fold_key(g.get("hwhen") or "")
    value = holiday_date(rule, year)
    if value is None:
        return None, "day", None, True
    if when in pats.next_words or when in pats.next_week_words:
        if value <= ref.isoformat():  # the next one still to come
            value = holiday_date(rule, year + 1)
    elif (when in pats.past_words or when in pats.last_week_words) and value >= ref.isoformat():
        value = holiday_date(rule, year - 1)
    return value, "day", None, True


def offset(pats: Patterns, ref: dt.date | None, g: Groups) -> Resolved:
    """ "two weeks ago", "in drei Tagen", "vor einem Jahr"."""
    unit = pats.units[fold_key(g["unit"] or "")]
    raw = g["count"] or ""
    count = int(raw) if raw.isdigit() else pats.counts.get(fold_key(raw), 0)
    if not (g.get("in") or g.get("ago") or g.get("hence")) or count == 0:
        return None, None, None, True  # "three years" alone is a duration
    if ref is None:
        return None, _precision(unit), None, True
    past = g.get("ago") or fold_key(g.get("in") or "") in pats.ago_words
    return shift(ref, unit, -count if past else count)


def rel_month(pats: Patterns, ref: dt.date | None, g: Groups) -> Resolved:
    """ "last September", "this September", "nächsten März"."""
    month = pats.months.get(fold_key(g["month"] or ""), 0)
    if ref is None:
        return None, "month", None, True
    when = fold_key(g["when"] or "")
    if when in pats.past_words or when in pats.last_week_words:
        year = ref.year if month < ref.month else ref.year - 1
    elif when in pats.next_words or when in pats.next_week_words:
        year = ref.year if month > ref.month else ref.year + 1
    else:  # "this September": the one of the current year
        year = ref.year
    return iso(year, month), "month", None, True


def period(pats: Patterns, ref: dt.date | None, text: str) -> Resolved:
    """ "last week", "next year", "the end of the month", "this weekend"."""
    unit, shift_by, mod = pats.relative_periods[fold_key(text)]
    if ref is None:
        return None, _precision(unit), mod, True
    if unit == "year":
        return iso(ref.year + shift_by), "year", mod, True
    if unit == "month":
        y, mo = shift_month(ref, shift_by)
        return iso(y, mo), "month", mod, True
    if unit == "weekend":
        # The Saturday of the week ("this weekend" read on a Sunday is the
        # one just gone).
        saturday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(days=5)
        return (saturday + dt.timedelta(days=7 * shift_by)).isoformat(), "day", mod, True
    # A week is not a precision the model knows: the day a week away is
    # the honest single point, marked relative.
    return (ref + dt.timedelta(days=7 * shift_by)).isoformat(), "day", mod, True


def day_of_period(pats: Patterns, ref: dt.date | None, g: Groups) -> Resolved:
    """ "the 15th day of next month", "am 3. des kommenden Monats"."""
    number = (
        int(g["day"] or 0)
        if g.get("day")
        else pats.day_words.get(fold_key(g["dword"] or "").replace("-", " "), 0)
    )
    if ref is None:
        return None, "day", None, True
    key = fold_key(g["period"] or "")
    shift_by = (pats.month_periods or {}).get(key, 0)
    y, mo = shift_month(ref, shift_by)
    return iso(y, mo, number), "day", None, True


def week_weekday(pats: Patterns, ref: dt.date | None, g: Groups) -> Resolved:
    """ "Monday of next week", "nächste Woche Montag": that day of a relative week."""
    if ref is None:
        return None, "day", None, True
    target = pats.weekdays[fold_key(g.get("weekday") or g.get("weekday2") or "")]
    key = fold_key(g.get("period") or g.get("period2") or "")
    base = ref + dt.timedelta(days=7 * pats.relative_periods[key][1])
    monday = base - dt.timedelta(days=base.weekday())
    return (monday + dt.timedelta(days=target)).isoformat(), "day", None, True
