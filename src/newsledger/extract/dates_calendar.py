"""Calendar arithmetic of date expressions: ISO strings, shifts, Easter, holidays."""

from __future__ import annotations

import datetime as dt

from newsledger.model import DatePrecision

# Years outside this range are far more often amounts or model numbers than
# dates in news text ("3000 GPUs", "1080 Ti").
MIN_YEAR = 1900
MAX_YEAR = 2099


def parse_published(published: str | None) -> dt.date | None:
    """The publication date of an ISO string ("2025-01-22", "2025-01-22T10:00Z")."""
    if not published:
        return None
    try:
        day = dt.date.fromisoformat(published[:10])
    except ValueError:
        return None
    # "0001-01-01" and the like are placeholders for "unknown", not dates a
    # relative expression could be resolved against.
    return day if MIN_YEAR <= day.year <= MAX_YEAR + 1 else None


def iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def year_for_month(month: int, ref: dt.date | None) -> int | None:
    """The year of a month named without one: the latest not after publication."""
    if ref is None:
        return None
    return ref.year if month <= ref.month else ref.year - 1


def shift_month(ref: dt.date, offset: int) -> tuple[int, int]:
    index = ref.year * 12 + ref.month - 1 + offset
    return index // 12, index % 12 + 1


def shift(day: dt.date, unit: str, count: int) -> tuple[str | None, DatePrecision, None, bool]:
    """``count`` units (day, week, fortnight, month, year) from ``day``, as a resolved date."""
    if unit == "year":
        return iso(day.year + count), "year", None, True
    if unit == "month":
        y, mo = shift_month(day, count)
        return iso(y, mo), "month", None, True
    days = count * {"week": 7, "fortnight": 14}.get(unit, 1)
    return (day + dt.timedelta(days=days)).isoformat(), "day", None, True


def shift_day(day: dt.date, unit: str, count: int) -> str | None:
    """The day ``count`` units from ``day``; the 31st of a shorter month is its last day."""
    if unit in ("month", "year"):
        y, mo = shift_month(day, count * (12 if unit == "year" else 1))
        if not MIN_YEAR <= y <= MAX_YEAR:
            return None
        last = (dt.date(y + mo // 12, mo % 12 + 1, 1) - dt.timedelta(days=1)).day
        return dt.date(y, mo, min(day.day, last)).isoformat()
    days = count * {"week": 7, "fortnight": 14}.get(unit, 1)
    return (day + dt.timedelta(days=days)).isoformat()


def easter(year: int) -> dt.date:
    """Easter Sunday of ``year`` (Gregorian calendar; Anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    day_of_week = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * day_of_week) // 433
    month = (h + day_of_week - 7 * m + 90) // 25
    day = (h + day_of_week - 7 * m + 33 * month + 19) % 32
    return dt.date(year, month, day)


def holiday_date(rule: str, year: int) -> str | None:
    """``"12-25"``, ``"easter+49"`` or ``"11-4thu"`` (a weekday of a month) in ``year``."""
    if rule.startswith("easter"):
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        return (easter(year) + dt.timedelta(days=int(rule[6:] or 0))).isoformat()
    month, day = rule.split("-")
    if day[-3:] in _WEEKDAYS:
        return _nth_weekday(year, int(month), day[:-3], _WEEKDAYS.index(day[-3:]))
    return iso(year, int(month), int(day))


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _nth_weekday(year: int, month: int, nth: str, weekday: int) -> str | None:
    """``"4thu"`` in November: the fourth Thursday; ``"lastmon"``: the last Monday."""
    if not MIN_YEAR <= year <= MAX_YEAR or not 1 <= month <= 12:
        return None
    if nth == "last":
        after = dt.date(year + month // 12, month % 12 + 1, 1)
        back = (after.weekday() - weekday - 1) % 7 + 1
        return (after - dt.timedelta(days=back)).isoformat()
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (int(nth) - 1))
    return day.isoformat() if day.month == month else None
