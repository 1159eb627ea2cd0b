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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsledger.extract.alternation import fold_key, word_alternation
from newsledger.extract.dates_calendar import (
    MAX_YEAR,
    MIN_YEAR,
    holiday_date,
    iso,
    parse_published,
    shift,
    shift_day,
    shift_month,
    year_for_month,
)
from newsledger.lang import LangData
from newsledger.model import DatePrecision

__all__ = ["MAX_YEAR", "MIN_YEAR", "DateExpr", "best_date", "find_dates", "parse_published"]

# "am Dienstag" in an article published on a Wednesday means the day before;
# a weekday is resolved to the latest such day at most this many days back.
WEEKDAY_LOOKBACK = 6

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


@dataclass(frozen=True, slots=True)
class _Patterns:
    code: str
    months: dict[str, int]
    weekdays: dict[str, int]
    relative_days: dict[str, int]
    relative_periods: dict[str, tuple[str, int, str | None]]
    vague: dict[str, str]
    past_words: frozenset[str]
    next_words: frozenset[str]
    # (regex, handler name, gate) in priority order: earlier patterns win
    # overlaps.  The gate is a regex every match of the rule contains a match
    # of (a month name, a year...): a span without one skips the rule.
    rules: tuple[tuple[re.Pattern[str], str, re.Pattern[str]], ...]
    # Every date holds a year, a month or weekday name or a relative word:
    # text without any is skipped with these searches instead of every rule,
    # the cheap ones first.
    anchors: tuple[re.Pattern[str], ...]
    slash_dmy: bool
    counts: dict[str, int]
    units: dict[str, str]
    ago_words: frozenset[str]
    holidays: dict[str, str]
    ordinals: dict[str, int]
    # Season name -> (first month, last month); winter runs into the next year.
    seasons: dict[str, tuple[int, int]]
    # Days written as ordinal words ("first", "neunundzwanzigsten"), folded,
    # a hyphen read as a blank.
    day_words: dict[str, int]
    # "two weeks after Christmas": a count of units before another date,
    # group ``count``, ``unit`` and ``dir``; searched in the text before it.
    anchored: re.Pattern[str] | None
    anchor_before: frozenset[str]


def _alt(words: Sequence[str]) -> str:
    return word_alternation(words)


def _build(lang: LangData) -> _Patterns:
    table: dict[str, Any] = lang.table("dates")
    months = {str(k): int(v) for k, v in (table.get("months") or {}).items()}
    abbreviations = {str(a) for a in table.get("month_abbreviations") or ()}
    weekdays = {str(k): int(v) for k, v in (table.get("weekdays") or {}).items()}
    # Keys are folded as the text a case-insensitive match found will be
    # (issue 19: "yeſterday", "laſt  year" must find their entry).
    rel_days = {fold_key(str(k)): int(v) for k, v in (table.get("relative_days") or {}).items()}
    # Words that are a relative day only as written ("morgen", not "Morgen").
    cased_days = {str(k): int(v) for k, v in (table.get("relative_days_cased") or {}).items()}
    # [unit, offset] or [unit, offset, modifier] ("the end of the week").
    rel_periods = {
        fold_key(str(k)): (str(v[0]), int(v[1]), str(v[2]) if len(v) > 2 else None)
        for k, v in (table.get("relative_periods") or {}).items()
    }
    vague = {fold_key(str(k)): str(v) for k, v in (table.get("vague_modifiers") or {}).items()}
    past = frozenset(fold_key(str(w)) for w in table.get("weekday_past") or ())
    nxt = frozenset(fold_key(str(w)) for w in table.get("weekday_next") or ())
    slash_dmy = str(table.get("slash_order", "mdy")) == "dmy"
    suffixes = _alt([str(s) for s in table.get("day_suffixes") or ()])
    suffix = f"(?:{suffixes})?" if suffixes else ""
    prefixes = _alt([str(p) for p in table.get("month_prefixes") or ()])

    month_any = _alt(list(months)) or "(?!)"
    month_full = _alt([m for m in months if m not in abbreviations]) or "(?!)"
    weekday = _alt(list(weekdays)) or "(?!)"
    vague_alt = _alt(list(vague)) or "(?!)"
    year = r"(?P<year>(?:19|20)\d\d)(?![\d%,.]\d|\d|\s*%)"
    m_any = rf"(?P<month>(?:{month_any}))\.?"
    # With a year beside it a month name is a month whatever its case
    # ("april 2017"); alone, "may" and "march" are verbs.
    m_case = rf"(?P<month>(?i:{month_any}))\.?"
    day_of = _alt([str(w) for w in table.get("day_month_joiners") or ()])
    of_day = f"(?:\\s+(?:{day_of}))?" if day_of else ""
    year_of = _alt([str(w) for w in table.get("month_year_joiners") or ()])
    of_year = f"(?:,|\\s+(?:{year_of}))?" if year_of else ",?"
    this_alt = _alt([str(w) for w in table.get("month_this") or ()]) or "(?!)"
    # "two weeks ago", "in three years": counts of units from publication.
    counts = {fold_key(str(k)): int(v) for k, v in (table.get("count_words") or {}).items()}
    units = {fold_key(str(k)): str(v) for k, v in (table.get("offset_units") or {}).items()}
    ordinals = {fold_key(str(k)): int(v) for k, v in (table.get("ordinal_words") or {}).items()}
    seasons = {
        fold_key(str(k)): (int(v[0]), int(v[1])) for k, v in (table.get("seasons") or {}).items()
    }
    season_pre = _alt([str(w) for w in table.get("season_prefixes") or ()])
    season_rules: list[tuple[str, str, re.Pattern[str]]] = []
    if seasons:
        pre = f"(?:(?i:{season_pre})\\s+)?" if season_pre else ""
        season_rules.append(
            (
                rf"\b{pre}(?P<season>(?i:{_alt(list(seasons))}))"
                rf"(?:,|\s+(?:{year_of or '(?!)'}))?\s+{year}",
                "season",
                re.compile(r"(?:19|20)\d\d"),
            )
        )
    week_words = _alt([str(w) for w in table.get("week_words") or ()])
    week_of = _alt([str(w) for w in table.get("week_year_joiners") or ()])
    the = _alt([str(w) for w in table.get("week_articles") or ()])
    day_words = {
        fold_key(str(k).replace("-", " ")): int(v)
        for k, v in (table.get("day_ordinals") or {}).items()
    }
    day_word_rules: list[tuple[str, str, re.Pattern[str]]] = []
    if day_words:
        # "twenty-second" and "twenty second" alike.
        dword = "(?P<dword>(?i:" + _alt(list(day_words)).replace(r"\ ", r"[-\s]") + "))"
        article = f"(?:(?i:{the})\\s+)?" if the else ""
        day_of_word = f"(?:\\s+(?i:{day_of}))?" if day_of else ""
        day_word_rules = [
            # "the first of May 2024", "the twenty third day of September",
            # "am ersten Mai".
            (
                rf"\b{article}{dword}(?:\s+(?i:day))?{day_of_word}\s+{m_any}"
                rf"(?:,?\s+{year})?(?!\w)",
                "md",
                re.compile(month_any),
            ),
            # "February twenty-second, 2024".
            (rf"\b{m_any}\s+{article}{dword}(?:,?\s+{year})?(?!\w)", "md", re.compile(month_any)),
        ]
    after_words = [str(w) for w in table.get("anchor_after") or ()]
    anchor_before = [str(w) for w in table.get("anchor_before") or ()]
    in_words = [str(w) for w in table.get("offset_in") or ()]
    before_words = [str(w) for w in table.get("offset_before") or ()]
    ago_words = [str(w) for w in table.get("offset_ago") or ()]
    pre_alt = _alt(in_words + before_words) or "(?!)"
    count_alt = _alt(list(counts)) or "(?!)"
    unit_alt = _alt(list(units)) or "(?!)"
    ago_alt = _alt(ago_words) or "(?!)"
    units_gate = re.compile(f"(?i:{_alt(list(units)) or '(?!)'})")
    holidays = {fold_key(str(k)): str(v) for k, v in (table.get("holidays") or {}).items()}
    holidays_gate = re.compile(f"(?i:{_alt(list(holidays)) or '(?!)'})")
    digits = re.compile(r"\d{4}")
    years = re.compile(r"(?:19|20)\d\d")
    month_gate = re.compile(month_any)
    weekday_gate = re.compile(f"(?i:{weekday})")
    relative = re.compile(
        rf"(?i:\b(?:{_alt(list(rel_days) + list(rel_periods)) or '(?!)'})\b)"
        rf"|\b(?:{_alt(list(cased_days)) or '(?!)'})\b"
    )
    # A month name between year and day, or after both: "2019/aug/01",
    # "2020/23/Sep", "23-Sep-2020" (day-month-year with names is below).
    name_i = rf"(?P<month>(?i:{month_any}))"
    sep = r"[-/]"
    day_n = r"(?P<day>\d{1,2})"
    year_n = r"(?P<year>(?:19|20)\d\d)"
    named_orders = [
        rf"\b{year_n}{sep}{name_i}{sep}{day_n}\b",
        rf"\b{year_n}{sep}{day_n}{sep}{name_i}\b",
        rf"\b{day_n}{sep}{name_i}\.?{sep}{year_n}\b",
        rf"\b{day_n}{sep}{year_n}{sep}{name_i}\b",
        rf"\b{name_i}{sep}{year_n}{sep}{day_n}\b",
    ]
    ordinal_alt = _alt(list(ordinals))
    week_rules: list[tuple[str, str, re.Pattern[str]]] = []
    if week_words and week_of:
        art = f"(?:(?i:{the})\\s+)?" if the else ""
        nth = rf"(?P<nth>(?i:{ordinal_alt or '(?!)'})|\d{{1,2}}(?:{suffixes or '(?!)'})?)"
        week_rules = [
            (
                rf"\b{art}{nth}\s+(?i:{week_words})\s+(?i:{week_of})\s+{year}",
                "week",
                years,
            ),
            (
                rf"\b(?i:{week_words})\s+(?P<wnum>\d{{1,2}})\s+(?i:{week_of})\s+{year}",
                "week",
                years,
            ),
        ]
    rules: list[tuple[str, str, re.Pattern[str]]] = [
        (r"\b(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})\b", "ymd", digits),
        (r"\b(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>\d{4})\b", "ymd", digits),
        # "1/1/2016": month first in American English, day first elsewhere.
        (r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})\b", "slash", digits),
        *((p, "ymd", digits) for p in named_orders),
        *day_word_rules,
        *week_rules,
        # "2015-03", "2015-3", "03/2015", "12-2015": a month and its year.  Not
        # "2011-12", the season form of two years.
        (r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>0[1-9]|[1-9])\b(?![-/.]\d)", "ym", years),
        (
            r"(?<![\d/.-])(?P<mnum>0?[1-9]|1[0-2])[-/](?P<year>(?:19|20)\d\d)\b(?![-/]\d)",
            "ym",
            years,
        ),
        (
            rf"\b(?i:(?P<mod>{vague_alt}))\s*{m_any}(?:\s+{year})?(?!\w)",
            "vague_month",
            month_gate,
        ),
        (
            rf"\b(?P<day>\d{{1,2}})(?:{suffix[3:-2] or '(?!)'}|\.)?{of_day}\s+{m_case}"
            rf"(?:,|\s+(?:{year_of or '(?!)'}))?\s+{year}",
            "ymd",
            years,
        ),
        (rf"\b{m_case}\s+(?P<day>\d{{1,2}}){suffix}{of_year}\s+{year}", "ymd", years),
        (rf"\b{m_case}(?:{of_year}\s+|[-/]){year}", "ym", years),
        (
            rf"\b(?P<day>\d{{1,2}})(?:{suffixes or '(?!)'}|\.)?{of_day}\s+{m_any}(?!\w)",
            "md",
            month_gate,
        ),
        (rf"\b{m_any},\s+(?P<day>\d{{1,2}}){suffix}(?![\w.,]\d|\d)", "md", month_gate),
        (rf"\b{m_any}\s+(?P<day>\d{{1,2}}){suffix}(?![\w.,]\d|\d)", "md", month_gate),
        *season_rules,
        (rf"\b(?i:(?P<mod>{vague_alt}))\s*\b{year}", "vague_year", years),
        (rf"\b(?i:{_alt(list(rel_periods)) or '(?!)'})\b", "period", relative),
        (
            rf"\b(?i:(?P<when>{_alt(list(past | nxt)) or '(?!)'}|{this_alt}))\s+"
            rf"(?P<month>{month_full})\b",
            "rel_month",
            month_gate,
        ),
        (
            rf"\b(?:(?i:(?P<when>{_alt(list(past | nxt)) or '(?!)'}))\s+)?"
            rf"(?P<weekday>(?i:{weekday}))\b",
            "weekday",
            weekday_gate,
        ),
        (
            rf"\b(?:(?i:{_alt(list(rel_days)) or '(?!)'})|{_alt(list(cased_days)) or '(?!)'})\b",
            "day",
            relative,
        ),
        (
            rf"\b(?i:(?P<in>{pre_alt})\s+)?(?P<count>\d{{1,3}}|(?i:{count_alt}))"
            rf"\s+(?P<unit>(?i:{unit_alt}))(?:\s+(?P<ago>(?i:{ago_alt})))?\b",
            "offset",
            units_gate,
        ),
        (
            rf"\b(?P<holiday>(?i:{_alt(list(holidays)) or '(?!)'}))"
            rf"(?:(?:,|\s+(?:{year_of or '(?!)'}))?\s+{year})?(?!\w)",
            "holiday",
            holidays_gate,
        ),
        (rf"(?<![\w$€£¥.,]){year}\b", "year", years),
        (rf"\b(?:{prefixes})\s+(?P<month>{month_full})\b", "month", month_gate),
    ]
    if table.get("day_month_dots"):
        # "am 28.10." : day and month with their dots, the year implied.
        rules.insert(
            3, (r"\b(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?![\d.])", "md", re.compile(r"\d\.\d"))
        )
        # "am 22.04": the last dot left out; only after a preposition that
        # introduces a day, since "22.04" alone is also a version number.
        day_pre = _alt([str(w) for w in table.get("day_prepositions") or ()])
        not_after = _alt([str(w) for w in table.get("day_not_followed_by") or ()]) or "(?!)"
        if day_pre:
            rules.insert(
                4,
                (
                    rf"(?<!\w)(?:{day_pre})\s+(?P<day>[0-3]?\d)\.(?P<mnum>[01]?\d)"
                    rf"(?![\d.,]?\d|\s*(?:{not_after}))",
                    "md",
                    re.compile(r"\d\.\d"),
                ),
            )
    return _Patterns(
        code=lang.code,
        months={fold_key(k): v for k, v in months.items()},
        weekdays={fold_key(k): v for k, v in weekdays.items()},
        relative_days={**rel_days, **{fold_key(k): v for k, v in cased_days.items()}},
        relative_periods=rel_periods,
        vague=vague,
        past_words=past,
        next_words=nxt,
        rules=tuple((re.compile(p), name, gate) for p, name, gate in rules),
        anchors=(
            years,
            re.compile(rf"\b(?:(?i:{month_any})|(?i:{weekday}))\b"),
            relative,
            re.compile(r"\d[./]\d"),
            units_gate,
            holidays_gate,
        ),
        slash_dmy=slash_dmy,
        counts=counts,
        units=units,
        ago_words=frozenset(fold_key(w) for w in ago_words + before_words),
        holidays=holidays,
        ordinals=ordinals,
        seasons=seasons,
        day_words=day_words,
        anchored=(
            re.compile(
                rf"(?<!\w)(?P<count>\d{{1,3}}|(?i:{count_alt}))\s+(?P<unit>(?i:{unit_alt}))"
                rf"\s+(?P<dir>(?i:{_alt(after_words + anchor_before)}))\s+$"
            )
            if after_words or anchor_before
            else None
        ),
        anchor_before=frozenset(fold_key(w) for w in anchor_before),
    )


def _patterns(lang: LangData) -> _Patterns:
    return lang.compiled(_build)


class _Resolver:
    def __init__(self, pats: _Patterns, ref: dt.date | None) -> None:
        self.p = pats
        self.ref = ref

    def _holiday(
        self, g: dict[str, str | None]
    ) -> tuple[str | None, DatePrecision | None, str | None, bool]:
        rule = self.p.holidays[fold_key(g["holiday"] or "")]
        if g.get("year"):
            return holiday_date(rule, int(g["year"] or 0)), "day", None, False
        if self.ref is None:
            return None, "day", None, True
        # Without a year: the one of the publication year.
        return holiday_date(rule, self.ref.year), "day", None, True

    def _offset(
        self, g: dict[str, str | None]
    ) -> tuple[str | None, DatePrecision | None, str | None, bool]:
        unit = self.p.units[fold_key(g["unit"] or "")]
        raw = g["count"] or ""
        count = int(raw) if raw.isdigit() else self.p.counts.get(fold_key(raw), 0)
        precision: DatePrecision = (
            "year" if unit == "year" else "month" if unit == "month" else "day"
        )
        if not (g.get("in") or g.get("ago")) or count == 0:
            return None, None, None, True  # "three years" alone is a duration
        if self.ref is None:
            return None, precision, None, True
        past = g.get("ago") or fold_key(g.get("in") or "") in self.p.ago_words
        sign = -1 if past else 1
        return shift(self.ref, unit, sign * count)

    def resolve(
        self, kind: str, m: re.Match[str]
    ) -> tuple[str | None, DatePrecision | None, str | None, bool]:
        """(value, precision, modifier, relative) of one match."""
        g = m.groupdict()
        if kind in ("ymd", "ym", "md", "vague_month", "month"):
            month = int(g["mnum"]) if g.get("mnum") else self.p.months.get(fold_key(g["month"]), 0)
            year = int(g["year"]) if g.get("year") else None
            relative = year is None
            if year is None:
                year = year_for_month(month, self.ref)
            mod = self.p.vague.get(fold_key(g["mod"])) if g.get("mod") else None
            day = (
                int(g["day"])
                if g.get("day")
                else self.p.day_words.get(fold_key(g["dword"] or "").replace("-", " "))
                if g.get("dword")
                else None
            )
            if year is None:
                precision: DatePrecision = "day" if day else "month"
                return None, precision, mod, True
            if day:
                return iso(year, month, day), "day", mod, relative
            return iso(year, month), "month", mod, relative
        if kind == "season":
            # The year, with the vague modifier the season had before it was
            # a range ("Frühjahr" early); the months are in range_start/end.
            season = fold_key(g["season"] or "")
            return iso(int(g["year"] or 0)), "year", self.p.vague.get(season), False
        if kind in ("year", "vague_year"):
            mod = self.p.vague.get(fold_key(g["mod"])) if g.get("mod") else None
            return iso(int(g["year"])), "year", mod, False
        if kind == "slash":
            day, month = int(g["a"]), int(g["b"])
            if not self.p.slash_dmy:
                day, month = month, day
            if month > 12 >= day:
                day, month = month, day  # "29/2/2020" written the other way
            return iso(int(g["year"]), month, day), "day", None, False
        ref = self.ref
        if kind == "day":
            offset = self.p.relative_days[fold_key(m.group(0))]
            if ref is None:
                return None, "day", None, True
            return (ref + dt.timedelta(days=offset)).isoformat(), "day", None, True
        if kind == "weekday":
            if ref is None:
                return None, "day", None, True
            target = self.p.weekdays[fold_key(g["weekday"])]
            when = fold_key(g.get("when") or "")
            if when in self.p.next_words:
                ahead = (target - ref.weekday()) % 7 or 7
                return (ref + dt.timedelta(days=ahead)).isoformat(), "day", None, True
            back = (ref.weekday() - target) % 7
            if when in self.p.past_words and back == 0:
                back = 7
            back = min(back, WEEKDAY_LOOKBACK + 1)
            return (ref - dt.timedelta(days=back)).isoformat(), "day", None, True
        if kind == "holiday":
            return self._holiday(g)
        if kind == "offset":
            return self._offset(g)
        if kind == "week":
            return self._week(g)
        if kind == "rel_month":
            month = self.p.months.get(fold_key(g["month"]), 0)
            if ref is None:
                return None, "month", None, True
            when = fold_key(g["when"])
            if when in self.p.past_words:
                year = ref.year if month < ref.month else ref.year - 1
            elif when in self.p.next_words:
                year = ref.year if month > ref.month else ref.year + 1
            else:  # "this September": the one of the current year
                year = ref.year
            return iso(year, month), "month", None, True
        unit, offset, mod = self.p.relative_periods[fold_key(m.group(0))]
        if ref is None:
            return (
                None,
                "year" if unit == "year" else "month" if unit == "month" else "day",
                mod,
                True,
            )
        if unit == "year":
            return iso(ref.year + offset), "year", mod, True
        if unit == "month":
            y, mo = shift_month(ref, offset)
            return iso(y, mo), "month", mod, True
        # A week is not a precision the model knows: the day a week away is
        # the honest single point, marked relative.
        return (ref + dt.timedelta(days=7 * offset)).isoformat(), "day", mod, True

    def _week(
        self, g: dict[str, str | None]
    ) -> tuple[str | None, DatePrecision | None, str | None, bool]:
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
    pats = _patterns(lang)
    resolver = _Resolver(pats, parse_published(published))
    taken: list[tuple[int, int]] = []
    found: list[DateExpr] = []
    stop = len(text) if end is None else end
    gated: dict[int, bool] = {}
    for anchor in pats.anchors:
        gated[id(anchor)] = anchor.search(text, start, stop) is not None
        if gated[id(anchor)]:
            break
    else:
        return found
    for regex, kind, gate in pats.rules:
        present = gated.get(id(gate))
        if present is None:
            present = gated[id(gate)] = gate.search(text, start, stop) is not None
        if not present:
            continue
        for m in regex.finditer(text, start, stop):
            a, b = m.span()
            if _overlaps(taken, a, b):
                continue
            try:
                value, precision, mod, relative = resolver.resolve(kind, m)
            except OverflowError:
                # A publication date at the edge of the calendar (0001-01-01):
                # the relative date has no value rather than a crash.
                value, precision, mod, relative = None, None, None, True
            if (
                kind in ("year", "vague_year", "ymd", "ym", "season")
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
            found.insert(
                i, DateExpr(a, b, m.group(0), value, precision, mod, relative, first, last)
            )
    if pats.anchored is not None and found:
        found = [_anchored(text, pats, found, i, start) for i in range(len(found))]
    return found


# How far before a date "two weeks after" may start (characters).
ANCHOR_WINDOW = 40


def _anchored(text: str, pats: _Patterns, found: list[DateExpr], i: int, start: int) -> DateExpr:
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
            # Counted from a known day, months and years land on a day too.
            value = shift_day(dt.date.fromisoformat(d.value), unit, sign * count)
        elif d.precision == "year" and unit == "year":
            value = iso(int(d.value) + sign * count)
        else:
            return d  # "two weeks after March": no single day to count from
    a = m.start()
    return DateExpr(a, d.end, text[a : d.end], value, precision, None, d.relative)


def _season_range(pats: _Patterns, m: re.Match[str]) -> tuple[str | None, str | None]:
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
