"""Patterns of date expressions, built once per language from ``lang/<code>/dates.yaml``.

Each rule is a regex, the name of the handler that resolves its matches
(:mod:`newsledger.extract.dates` for absolute forms,
:mod:`newsledger.extract.dates_relative` for forms counted from publication)
and a gate: a cheap search every match contains, so that a text without a
month name skips every month rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsledger.extract.alternation import fold_key, word_alternation
from newsledger.lang import LangData


@dataclass(frozen=True, slots=True)
class Patterns:
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
    # Words that put a sentence in the future ("will", "wird"): only then is
    # a yearless day counted onwards ("3 days after January 12th") read as
    # the next such day; news mostly reports what happened.
    future: re.Pattern[str] | None = None
    # "next Friday" is the Friday of next week, "last Wednesday" the one of
    # last week ("this coming Friday" and "am Dienstag" are the nearest).
    next_week_words: frozenset[str] = frozenset()
    last_week_words: frozenset[str] = frozenset()
    # Periods a day number may be counted in: "the 15th day of next month".
    month_periods: dict[str, int] | None = None
    # A day and month without a year in digits ("on 22/04") is a date only
    # after one of these words (searched in the text just before it), or as
    # the whole text; "2/3" alone is a fraction.
    md_context: re.Pattern[str] | None = None
    # Months as ordinal words ("vierter": April), only beside a day.
    month_words: dict[str, int] | None = None
    # "Q3", "im dritten Quartal", "H1": first and last month of the part.
    quarters: dict[str, tuple[int, int]] | None = None
    # What stands between a counted day and its weekday: "in 3 days on Friday".
    weekday_joiner: re.Pattern[str] | None = None


def _alt(words: Sequence[str]) -> str:
    return word_alternation(words)


def build(lang: LangData) -> Patterns:
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
    next_week = frozenset(fold_key(str(w)) for w in table.get("weekday_next_week") or ())
    last_week = frozenset(fold_key(str(w)) for w in table.get("weekday_last_week") or ())
    when_alt = _alt(list(past | nxt | next_week | last_week)) or "(?!)"
    slash_dmy = str(table.get("slash_order", "mdy")) == "dmy"
    suffixes = _alt([str(s) for s in table.get("day_suffixes") or ()])
    suffix = f"(?:{suffixes})?" if suffixes else ""
    prefixes = _alt([str(p) for p in table.get("month_prefixes") or ()])

    # Full month names are months in any case ("february twenty second"),
    # except those that are also common words ("may", "march") and the
    # abbreviations ("dec", "mar"): those only as written.
    cased = abbreviations | {str(m) for m in table.get("month_names_cased") or ()}
    month_free = _alt([m for m in months if m not in cased])
    month_cased = _alt([m for m in months if m in cased])
    month_any = (
        "|".join(x for x in (f"(?i:{month_free})" if month_free else "", month_cased) if x)
        or "(?!)"
    )
    month_full = (
        "|".join(
            x
            for x in (
                f"(?i:{month_free})" if month_free else "",
                _alt([m for m in months if m in cased and m not in abbreviations]),
            )
            if x
        )
        or "(?!)"
    )
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
    future_words = [str(w) for w in table.get("future_markers") or ()]
    in_words = [str(w) for w in table.get("offset_in") or ()]
    before_words = [str(w) for w in table.get("offset_before") or ()]
    ago_words = [str(w) for w in table.get("offset_ago") or ()]
    pre_alt = _alt(in_words + before_words) or "(?!)"
    count_alt = _alt(list(counts)) or "(?!)"
    unit_alt = _alt(list(units)) or "(?!)"
    ago_alt = _alt(ago_words) or "(?!)"
    # "two weeks from now", "drei Tage später" is not here: it counts from
    # the story's last date, not from publication.
    hence_alt = _alt([str(w) for w in table.get("offset_hence") or ()]) or "(?!)"
    units_gate = re.compile(f"(?i:{_alt(list(units)) or '(?!)'})")
    holidays = {fold_key(str(k)): str(v) for k, v in (table.get("holidays") or {}).items()}
    year_periods = [k for k, v in rel_periods.items() if v[0] == "year" and v[2] is None]
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
    extra = _relative_rules(
        table, rel_periods, when_alt, this_alt, weekday, month_any, vague_alt, relative
    )
    spelled = _alt([str(w) for w in table.get("spelled_year_words") or ()])
    if spelled:
        # "13 Sept nineteen seventy two", "August two thousand and fifteen".
        word = rf"(?i:{spelled})"
        extra["spelled_year"] = [
            (
                rf"\b(?:(?P<day>\d{{1,2}})(?:{suffixes or '(?!)'}|\.)?{of_day}\s+)?{m_case}"
                rf"(?:{of_year})?\s+(?P<yw>{word}(?:[\s-]+{word})+)(?!\w)",
                "spelled_year",
                # Two number words in a row: rare, so the rule seldom runs.
                re.compile(rf"\b{word}[\s-]+{word}\b"),
            )
        ]
    month_words = {fold_key(str(k)): int(v) for k, v in (table.get("month_ordinals") or {}).items()}
    if month_words and day_words:
        # "am 7. vierter", "Montag zwölfter fünfter", "dritter/11.": a day
        # and a month both as ordinals (or one in digits).
        dw = "(?P<dword>(?i:" + _alt(list(day_words)) + "))"
        mw = f"(?P<mword>(?i:{_alt(list(month_words))}))"
        extra["ordinal_month"] = [
            (
                rf"\b(?:(?P<day>[0-3]?\d)\.\s*|{dw}\s+){mw}(?:\s+{year})?(?!\w)",
                "ordinal_month",
                re.compile(rf"\b(?i:{_alt(list(month_words))})\b"),
            ),
            (
                rf"\b{dw}/(?P<mnum>0?[1-9]|1[0-2])\.?(?![\d/])",
                "ordinal_month",
                re.compile(r"/\d"),
            ),
        ]
    if year_of:
        # "April of 87", "15 April of '87": two digits of a year after "of".
        extra["short_year"] = [
            (
                rf"\b(?:(?P<day>\d{{1,2}})(?:{suffixes or '(?!)'}|\.)?{of_day}\s+)?{m_case}"
                rf"\s+(?:{year_of})\s+'?(?P<yy>\d\d)(?![\w.,%]?\d|\w)",
                "short_year",
                re.compile(rf"(?:{month_any})\.?\s+(?:{year_of})\s+'?\d\d\b"),
            )
        ]
    quarters = {
        fold_key(str(k)): (int(v[0]), int(v[1])) for k, v in (table.get("quarters") or {}).items()
    }
    # "the fourth quarter" and "the first half" of a game: these words are
    # a part of a year only with the year beside them.
    bound = {
        fold_key(str(k)): (int(v[0]), int(v[1]))
        for k, v in (table.get("quarters_with_year") or {}).items()
    }
    if quarters or bound:
        q_year = [k for k, v in rel_periods.items() if v[0] == "year" and v[2] is None]
        q_of = f"(?:(?:,|\\s+(?:{year_of}))?\\s*)" if year_of else "(?:,?\\s*)"
        q_rel = rf"\s+(?:(?i:{year_of or '(?!)'})\s+)?(?P<qyear>(?i:{_alt(q_year) or '(?!)'}))"
        extra["quarter"] = []
        for table_part, optional in ((quarters, "?"), (bound, "")):
            if not table_part:
                continue
            q_alt = _alt(list(table_part))
            extra["quarter"].append(
                (
                    rf"\b(?P<quarter>(?i:{q_alt}))(?:{q_of}{year}|{q_rel}){optional}(?!\w)",
                    "quarter",
                    re.compile(rf"\b(?i:{q_alt})\b"),
                )
            )
        quarters = {**quarters, **bound}
    # "03.03.24" is a day in German; in English "1.2.24" is a version number.
    short_sep = "[/.]" if table.get("day_month_dots") else "/"
    rules: list[tuple[str, str, re.Pattern[str]]] = [
        (r"\b(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})\b", "ymd", digits),
        # "20161016", "report-20170302.html": a compact ISO day.
        (
            r"(?<![\d.,])(?P<year>(?:19|20)\d\d)(?P<mnum>0[1-9]|1[0-2])"
            r"(?P<day>0[1-9]|[12]\d|3[01])(?![\d.,]?\d)",
            "ymd",
            digits,
        ),
        (r"\b(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>\d{4})\b", "ymd", digits),
        # "1/1/2016": month first in American English, day first elsewhere.
        (r"\b(?P<a>\d{1,2})(?P<sep>[/-])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4})\b", "slash", digits),
        # "2016/01/01", "2016.01.01": year first, the same mark between.
        (
            r"\b(?P<year>(?:19|20)\d\d)(?P<sep>[/.])(?P<mnum>0?[1-9]|1[0-2])(?P=sep)"
            r"(?P<day>[0-2]?\d|3[01])\b(?![.,/]?\d)",
            "ymd",
            years,
        ),
        # "12/31/15", "03.03.24": three parts with a two-digit year.
        (
            rf"(?<![\d./-])(?P<a>[0-3]?\d)(?P<sep>{short_sep})(?P<b>[0-3]?\d)(?P=sep)(?P<yy>\d\d)"
            r"(?![\d/]|[.,]\d)",
            "slash",
            re.compile(r"\d[/.]\d"),
        ),
        # "FY2024", "FY 2024", "FY24": a fiscal year stands for its year.
        (r"\bFY\s?(?:(?P<year>(?:19|20)\d\d)|'?(?P<yy>\d\d))\b", "fiscal", re.compile("FY")),
        *((p, "ymd", digits) for p in named_orders),
        *extra.get("short_year", ()),
        *extra.get("spelled_year", ()),
        *extra.get("ordinal_month", ()),
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
        *extra.get("quarter", ()),
        *extra["week_weekday"],
        *extra["md_short"],
        *extra["day_of_period"],
        *extra["weekday_day"],
        (
            rf"\b(?:(?i:(?P<hwhen>{when_alt}))\s+)?"
            rf"(?P<holiday>(?i:{_alt(list(holidays)) or '(?!)'}))"
            rf"(?:(?:,|\s+(?:{year_of or '(?!)'}))?\s+{year}"
            rf"|\s+(?P<hyear>(?i:{_alt(year_periods) or '(?!)'})))?(?!\w)",
            "holiday",
            holidays_gate,
        ),
        *extra["vague_period"],
        (rf"\b(?i:{_alt(list(rel_periods)) or '(?!)'})\b", "period", relative),
        (
            rf"\b(?i:(?P<when>{when_alt}|{this_alt}))\s+"
            rf"(?P<month>{month_full})\b",
            "rel_month",
            month_gate,
        ),
        (
            rf"\b(?:(?i:(?P<when>{when_alt}))\s+)?"
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
            rf"\s+(?P<unit>(?i:{unit_alt}))(?:\s+(?P<ago>(?i:{ago_alt}))"
            rf"|\s+(?P<hence>(?i:{hence_alt})))?\b",
            "offset",
            units_gate,
        ),
        (rf"(?<![\w$€£¥.,]){year}\b", "year", years),
        (rf"\b(?:{prefixes})\s+(?P<month>{month_full})\b", "month", month_gate),
    ]
    if table.get("day_month_dots"):
        # After the forms with a year ("03.03.24" is not "03.24.").
        at = next(i for i, rule in enumerate(rules) if rule[1] == "fiscal") + 1
        # "am 28.10." : day and month with their dots, the year implied.
        rules.insert(
            at, (r"\b(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?![\d.])", "md", re.compile(r"\d\.\d"))
        )
        # "am 22.04": the last dot left out; only after a preposition that
        # introduces a day, since "22.04" alone is also a version number.
        day_pre = _alt([str(w) for w in table.get("day_prepositions") or ()])
        not_after = _alt([str(w) for w in table.get("day_not_followed_by") or ()]) or "(?!)"
        if day_pre:
            rules.insert(
                at + 1,
                (
                    rf"(?<!\w)(?:{day_pre})\s+(?P<day>[0-3]?\d)\.(?P<mnum>[01]?\d)"
                    rf"(?![\d.,]?\d|\s*(?:{not_after}))",
                    "md",
                    re.compile(r"\d\.\d"),
                ),
            )
    articles_alt = _alt([str(w) for w in table.get("weekday_day_articles") or ()]) or "(?!)"
    joiners_alt = _alt([str(w) for w in table.get("weekday_joiners") or ()]) or "(?!)"
    return Patterns(
        code=lang.code,
        months={fold_key(k): v for k, v in months.items()},
        weekdays={
            fold_key(str(k)): int(v)
            for k, v in {**weekdays, **(table.get("weekday_abbreviations") or {})}.items()
        },
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
            re.compile("FY"),
            units_gate,
            holidays_gate,
            *(gate for rule in extra.values() for _, _, gate in rule),
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
        future=(re.compile(rf"(?<!\w)(?i:{_alt(future_words)})(?!\w)") if future_words else None),
        next_week_words=next_week,
        last_week_words=last_week,
        month_periods={
            fold_key(str(k)): int(v) for k, v in (table.get("month_periods") or {}).items()
        },
        md_context=_md_context(table),
        quarters=quarters,
        month_words=month_words,
        weekday_joiner=re.compile(
            rf"\s*,?\s*(?:(?i:{joiners_alt})\s+)?(?:(?i:{articles_alt})\s+)?"
        ),
    )


def patterns(lang: LangData) -> Patterns:
    return lang.compiled(build)


def _md_context(table: dict[str, Any]) -> re.Pattern[str] | None:
    """The words a yearless "22/04" may follow, or another one in a list ("11/20, 11/22")."""
    words = _alt([str(w) for w in table.get("md_prepositions") or ()])
    joiners = _alt([str(w) for w in table.get("list_joiners") or ()]) or "(?!)"
    if not words:
        return None
    return re.compile(
        rf"(?:(?<!\w)(?:{words})\s+|\d/\d{{1,2}}(?:\s*,\s*|\s+)(?:(?i:{joiners})\s+)?)$"
    )


def _relative_rules(
    table: dict[str, Any],
    rel_periods: dict[str, tuple[str, int, str | None]],
    when_alt: str,
    this_alt: str,
    weekday: str,
    month_any: str,
    vague_alt: str,
    relative: re.Pattern[str],
) -> dict[str, list[tuple[str, str, re.Pattern[str]]]]:
    """Rules of dates counted from publication that combine two parts.

    "friday 5/12", "the 15th day of next month", "Dienstag, der 25",
    "Anfang nächsten Monats".
    """
    suffixes = _alt([str(s) for s in table.get("day_suffixes") or ()]) or "(?!)"
    day_words = [str(k) for k in table.get("day_ordinals") or ()]
    dword = (
        "(?P<dword>(?i:" + _alt(day_words).replace(r"\ ", r"[-\s]") + "))" if day_words else "(?!)"
    )
    the = _alt([str(w) for w in table.get("weekday_day_articles") or ()]) or "(?!)"
    slash = re.compile(r"\d/\d|/\d")
    pre = rf"(?P<pre>(?:(?i:{when_alt}|{this_alt})\s+)?(?i:{weekday}),?\s+|(?i:{this_alt})\s+)"
    md_short = (
        rf"(?<![\w/.,:-]){pre}?(?:(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)|"
        rf"(?P<month>{month_any})/(?P<day>[0-3]?\d))(?![\w/:%]|[.,]\d)"
    )
    periods = {str(k) for k in table.get("month_periods") or ()}
    joiners = _alt([str(w) for w in table.get("day_period_joiners") or ()])
    join = f"(?:\\s+(?i:{joiners}))?" if joiners else ""
    day_of_period = (
        rf"\b(?:(?i:{the})\s+)?(?:(?P<day>[0-3]?\d)(?:{suffixes}|\.)|{dword})"
        rf"(?:\s+(?i:day))?{join}\s+(?P<period>(?i:{_alt(list(periods)) or '(?!)'}))(?!\w)"
    )
    abbreviations = _alt([str(w) for w in table.get("weekday_abbreviations") or ()])
    any_weekday = f"{weekday}|{abbreviations}" if abbreviations else weekday
    weekday_day = (
        rf"\b(?:(?i:(?P<when>{when_alt}))\s+)?(?P<weekday>(?i:{any_weekday})),?\s+"
        rf"(?:(?i:{the})\s+(?P<day>[0-3]?\d)(?:{suffixes}|\.)?|(?P<day2>[0-3]?\d)(?:{suffixes}))"
        rf"(?![\d:/]|[.,]\d|\s*(?:{month_any}))"
    )
    # "Ende des nächsten Jahres": an article between the part and the period.
    vp_join = _alt([str(w) for w in table.get("vague_period_joiners") or ()])
    vp_of = f"(?:(?i:{vp_join})\\s+)?" if vp_join else ""
    vague_period = (
        rf"\b(?i:(?P<mod>{vague_alt}))\s+{vp_of}"
        rf"(?P<period>(?i:{_alt(list(rel_periods)) or '(?!)'}))\b"
    )
    # "Monday of next week", "nächste Woche Montag", "previous week - Monday".
    weeks = _alt([k for k, v in rel_periods.items() if v[0] == "week" and v[2] is None])
    week_of = _alt([str(w) for w in table.get("weekday_week_joiners") or ()])
    of = f"(?:(?i:{week_of})\\s+)?" if week_of else ""
    week_weekday = (
        rf"\b(?:(?P<weekday>(?i:{weekday}))\s+{of}(?P<period>(?i:{weeks or '(?!)'}))"
        rf"|(?P<period2>(?i:{weeks or '(?!)'}))\s*[-,]?\s*(?P<weekday2>(?i:{weekday})))\b"
    )
    return {
        "week_weekday": [(week_weekday, "week_weekday", relative)],
        "md_short": [(md_short, "md_short", slash)],
        "day_of_period": [
            (
                day_of_period,
                "day_of_period",
                re.compile(rf"\b(?i:{_alt(list(periods)) or '(?!)'})\b"),
            )
        ],
        "weekday_day": [
            (
                weekday_day,
                "weekday_day",
                re.compile(rf"\b(?i:{any_weekday}),?\s+(?:(?i:{the})\s+)?\d"),
            )
        ],
        "vague_period": [
            (
                vague_period,
                "vague_period",
                relative,
            )
        ],
    }
