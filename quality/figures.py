"""Figures and dates scored on the Recognizers-Text specifications.

Run: ``.venv/bin/python quality/figures.py [--failures]`` — prints span
recall and value accuracy per spec file and language, then the headline
numbers held by ``quality/figures.json``.

The cases are read from ``../shared/corpora/recognizers-text/`` (never
copied into the repository).  Only what matters in news is scored; the rules
below are about the *shape* of a case, never about one sentence:

- money: amounts in a current ISO 4217 currency, major unit only (no cents,
  pence, defunct or crypto currencies, no "15 dollars 50" chat forms);
- percentages: a number followed by its percent word or sign;
- scaled numbers: Number-model results of at least 1,000 stated with a scale
  word or in words ("2 million", "fünfzehntausend");
- ranges: "between A and B", "from A to B", "A-B" and one-sided news
  qualifiers ("more than", "up to", "at least"); comparison-chat forms
  ("less or equal than", "x>10", "equals 20") are left out;
- numbers: every plain number result of the Number models is read by the
  number parser from its gold span (value accuracy only);
- dates: date and daterange results that name one day, month, year, ISO
  week or weekday; absolute when the span states a year in digits, else
  relative (resolved against ``Context.ReferenceDateTime``).  Ranges of
  dates, holidays, times and durations are not scored.

Each case falls in the "tune" or "check" split by a hash of its input;
``--failures`` lists the misses of the tune split only, so that the check
third stays unseen while rules are written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.extract.dates import find_dates
from newsledger.extract.figures import extract_figures, parse_number
from newsledger.lang import load
from newsledger.model import Document, Figure

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "recognizers-text"
LANGS = {"english": "en", "german": "de"}

# Unit names of the specs that are current ISO 4217 currencies.  A unit not
# listed here (cents, pence, markka, peseta, bitcoin, a bare "franc" of
# unknown country) is not scored.
ISO = {
    "Dollar": "USD",
    "United States dollar": "USD",
    "Canadian dollar": "CAD",
    "Australian dollar": "AUD",
    "New Zealand dollar": "NZD",
    "Euro": "EUR",
    "Pound": "GBP",
    "British pound": "GBP",
    "Japanese yen": "JPY",
    "Chinese yuan": "CNY",
    "Swiss franc": "CHF",
    "Indian rupee": "INR",
    "Rupee": "INR",
    "Turkish lira": "TRY",
    "Costa Rican colón": "CRC",
    "Georgian lari": "GEL",
    "Cambodian riel": "KHR",
}
# Spec units that say "dollar" without a country: any dollar code is right.
GENERIC_DOLLAR = {"Dollar"}
DOLLARS = {"USD", "CAD", "AUD", "NZD", "HKD", "SGD"}

# Range and comparison forms of chat, not of news (see the module doc).
_CHAT_RANGE = re.compile(r"[<>=~]|equal|or greater|or less than|larger|smaller|higher|lower")
_YEAR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")
_POINT_TIMEX = re.compile(r"^(?:\d{4}|XXXX)(?:-\d{2}(?:-\d{2})?)?$|^\d{4}-W\d{2}$|^XXXX-WXX-\d$")
_SCIENTIFIC = re.compile(r"\d[eE][+-]?\d|\^")
_DIGITS_ONLY = re.compile(r"^[\d\s.,'’\u202f\u00a0]+$")


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    right: int = 0
    misses: list[str] = field(default_factory=list)
    # [gold, found, right] of the tune and the check split, to compare them.
    split: dict[str, list[int]] = field(
        default_factory=lambda: {"tune": [0, 0, 0], "check": [0, 0, 0]}
    )

    def add(self, found: bool, right: bool, note: str, tune: bool) -> None:
        self.gold += 1
        self.found += found
        self.right += found and right
        counts = self.split["tune" if tune else "check"]
        counts[0] += 1
        counts[1] += found
        counts[2] += found and right
        if tune and not (found and right):
            self.misses.append(note)

    def resolved(self, part: str) -> float:
        """Share of the split's cases found with the right value."""
        gold, _, right = self.split[part]
        return right / gold if gold else 1.0

    def scores(self) -> dict[str, float]:
        return {
            "cases": self.gold,
            "recall": round(self.found / self.gold, 4) if self.gold else 1.0,
            "value_accuracy": round(self.right / self.found, 4) if self.found else 1.0,
            # Found with the right value, of all cases: the dates' headline.
            "resolved": round(self.right / self.gold, 4) if self.gold else 1.0,
        }


def _cases(lang_dir: str, name: str) -> list[dict[str, Any]]:
    path = CORPUS / lang_dir / f"{name}.json"
    return list(json.loads(path.read_text(encoding="utf-8")))


def _tune(case: dict[str, Any]) -> bool:
    return zlib.crc32(case["Input"].encode("utf-8")) % 3 != 0


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def _gold_number(raw: Any) -> float | None:
    if raw is None or raw in ("null", "not resolved"):
        return None
    text = str(raw).rstrip("%").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _figures(text: str, code: str, unitless: bool = False) -> list[Figure]:
    doc = Document(id="rt", source="recognizers-text", text=text, language=code)
    return extract_figures(doc, load(code), unitless=unitless)


def _overlapping(figs: Iterable[Figure], start: int, end: int, text: str = "") -> list[Figure]:
    """Figures over the gold span; a restatement of one found before counts.

    A document states each distinct figure once (``extract_figures``), so a
    second "less than 10" is found when the first one is.
    """
    figs = list(figs)
    hits = [f for f in figs if f.start < end and start < f.end]
    if not hits and text:
        span = text[start:end].lower()
        hits = [f for f in figs if f.text.lower() == span]
    return hits


def _money(code: str, lang_dir: str, tally: Tally) -> None:
    for case in _cases(lang_dir, "NumberWithUnit-CurrencyModel"):
        text = case["Input"]
        figs = None
        for r in case["Results"]:
            res = r.get("Resolution") or {}
            value = _gold_number(res.get("value"))
            iso = res.get("isoCurrency") or ISO.get(str(res.get("unit")))
            if value is None or iso is None:
                continue
            span = text[r["Start"] : r["End"] + 1]
            # "15 dollars 50", "zwei Euro fünfzig": major and minor units in one.
            if re.search(r"(?i)(?:dollars?|euros?|usd)\s+(?:and|und\s+)?\w", span) and not (
                re.search(r"(?i)(?:dollars?|euros?|usd)\s+(?:million|billion)", span)
            ):
                continue
            if figs is None:
                figs = _figures(text, code)
            hits = _overlapping(figs, r["Start"], r["End"] + 1)
            generic = res.get("unit") in GENERIC_DOLLAR and not res.get("isoCurrency")
            right = any(
                _close(f.value, value)
                and (f.unit.split("/")[0] == iso or (generic and f.unit.split("/")[0] in DOLLARS))
                and f.value_max is None
                for f in hits
            )
            got = [(f.text, f.value, f.unit) for f in hits]
            tally.add(
                bool(hits), right, f"{span!r} = {value} {iso}; got {got} in {text!r}", _tune(case)
            )


def _percent(code: str, lang_dir: str, tally: Tally) -> None:
    for case in _cases(lang_dir, "Number-PercentModel"):
        text = case["Input"]
        for r in case["Results"]:
            value = _gold_number((r.get("Resolution") or {}).get("value"))
            span = text[r["Start"] : r["End"] + 1]
            if value is None or span.lower().startswith("per"):
                continue
            hits = _overlapping(_figures(text, code), r["Start"], r["End"] + 1)
            right = any(_close(f.value, value) and f.unit in ("%", "pp") for f in hits)
            got = [(f.text, f.value, f.unit) for f in hits]
            tally.add(bool(hits), right, f"{span!r} = {value}%; got {got}", _tune(case))


def _is_scaled(span: str, value: float) -> bool:
    """At least 1,000 with a scale word or in words; not scientific notation."""
    return value >= 1000 and not _DIGITS_ONLY.match(span) and not _SCIENTIFIC.search(span)


def _scaled_and_numbers(code: str, lang_dir: str, scaled: Tally, numbers: Tally) -> None:
    lang = load(code)
    for case in _cases(lang_dir, "Number-NumberModel"):
        text = case["Input"]
        for r in case["Results"]:
            value = _gold_number((r.get("Resolution") or {}).get("value"))
            if value is None:
                continue
            span = text[r["Start"] : r["End"] + 1]
            tune = _tune(case)
            parsed = parse_number(span, lang)
            numbers.add(
                parsed is not None,
                parsed is not None and _close(parsed, value),
                f"{span!r} = {value}; parsed {parsed}",
                tune,
            )
            if _is_scaled(span, value):
                hits = _overlapping(_figures(text, code), r["Start"], r["End"] + 1)
                right = any(_close(f.value, value) and f.value_max is None for f in hits)
                got = [(f.text, f.value, f.unit) for f in hits]
                scaled.add(bool(hits), right, f"{span!r} = {value}; got {got}", tune)


_INTERVAL = re.compile(r"^([\[(])\s*([^,]*),\s*([^,]*)\s*([\])])$")


def _ranges(code: str, lang_dir: str, tally: Tally) -> None:
    for case in _cases(lang_dir, "Number-NumberRangeModel"):
        text = case["Input"]
        for r in case["Results"]:
            span = text[r["Start"] : r["End"] + 1]
            m = _INTERVAL.match(str((r.get("Resolution") or {}).get("value", "")))
            if m is None or _CHAT_RANGE.search(span.lower()):
                continue
            lo, hi = _gold_number(m.group(2) or None), _gold_number(m.group(3) or None)
            if lo is not None and hi is not None:
                expect: tuple[str, float, float | None] = ("range", lo, hi)
            elif lo is not None:
                expect = (">=" if m.group(1) == "[" else ">", lo, None)
            elif hi is not None:
                expect = ("<=" if m.group(4) == "]" else "<", hi, None)
            else:
                continue
            figs = _figures(text, code, unitless=True)
            hits = _overlapping(figs, r["Start"], r["End"] + 1, text)
            q, v, vmax = expect
            right = any(
                f.qualifier == q
                and _close(f.value, v)
                and (vmax is None or (f.value_max is not None and _close(f.value_max, vmax)))
                for f in hits
            )
            got = [(f.text, f.qualifier, f.value, f.value_max) for f in hits]
            tally.add(bool(hits), right, f"{span!r} = {expect}; got {got}", _tune(case))


def _date_right(value: str | None, timex: str, values: list[dict[str, Any]]) -> bool:
    if value is None:
        return False
    candidates = [str(v.get("value") or v.get("start") or "") for v in values]
    if "-W" in timex:
        if re.fullmatch(r"XXXX-WXX-\d", timex):
            return value in candidates
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return False
        year, week = timex.split("-W")
        return day.isocalendar()[:2] == (int(year), int(week[:2]))
    if "X" not in timex:
        return value == timex
    size = len(timex)  # 4 (year), 7 (month) or 10 (day)
    if len(value) != size:
        return False
    return any(c[:size] == value for c in candidates if c)


def _dates(code: str, lang_dir: str, absolute: Tally, relative: Tally) -> None:
    lang = load(code)
    for case in _cases(lang_dir, "DateTime-DateTimeModel"):
        text = case["Input"]
        ref = str((case.get("Context") or {}).get("ReferenceDateTime", ""))[:10]
        found = None
        for r in case["Results"]:
            if r.get("TypeName") not in ("datetimeV2.date", "datetimeV2.daterange"):
                continue
            values = list((r.get("Resolution") or {}).get("values") or [])
            if not values:
                continue
            timex = str(values[0].get("timex", ""))
            if not _POINT_TIMEX.match(timex) or timex == "XXXX":
                continue
            if any(v.get("value") == "not resolved" for v in values):
                continue  # "February 30": no such day
            span = text[r["Start"] : r["End"] + 1]
            if found is None:
                found = find_dates(text, lang, published=ref or None)
            hits = [d for d in found if d.start < r["End"] + 1 and r["Start"] < d.end]
            right = any(_date_right(d.value, timex, values) for d in hits)
            tally = absolute if _YEAR_DIGITS.search(span) else relative
            got = [(d.text, d.value) for d in hits]
            tally.add(
                bool(hits), right, f"{span!r} = {timex} @{ref}; got {got} in {text!r}", _tune(case)
            )


def run() -> dict[str, dict[str, Any]]:
    """Scores per suite and language: ``{"money/en": {"cases", "recall", ...}}``."""
    return scores(collect())


def collect() -> dict[str, Tally]:
    """The tallies (counts and tune-split misses) per suite and language."""
    tallies: dict[str, Tally] = {}
    for lang_dir, code in LANGS.items():

        def t(suite: str, code: str = code) -> Tally:
            return tallies.setdefault(f"{suite}/{code}", Tally())

        _money(code, lang_dir, t("money"))
        _percent(code, lang_dir, t("percent"))
        _scaled_and_numbers(code, lang_dir, t("scaled"), t("numbers"))
        _ranges(code, lang_dir, t("ranges"))
        _dates(code, lang_dir, t("dates_absolute"), t("dates_relative"))
    return tallies


def scores(tallies: dict[str, Tally]) -> dict[str, dict[str, Any]]:
    """Scores of :func:`collect`'s tallies, with the headline ``news/<lang>``."""
    out: dict[str, dict[str, Any]] = {k: v.scores() for k, v in sorted(tallies.items())}
    for code in LANGS.values():
        news = [tallies[f"{s}/{code}"] for s in ("money", "percent", "scaled", "ranges")]
        total = Tally(
            gold=sum(x.gold for x in news),
            found=sum(x.found for x in news),
            right=sum(x.right for x in news),
        )
        out[f"news/{code}"] = total.scores()
    return out


def main(argv: list[str]) -> None:
    if not CORPUS.is_dir():
        sys.exit(f"Recognizers-Text cases not found at {CORPUS}")
    tallies = collect()
    for key, s in scores(tallies).items():
        print(
            f"{key:22} cases {s['cases']:4}  recall {s['recall']:.3f}"
            f"  value {s['value_accuracy']:.3f}  resolved {s['resolved']:.3f}"
        )
    print("resolved (found and right) per split, tune / check:")
    for code in LANGS.values():
        news = Tally()
        for suite in ("money", "percent", "scaled", "ranges"):
            for part, counts in tallies[f"{suite}/{code}"].split.items():
                news.split[part] = [x + y for x, y in zip(news.split[part], counts, strict=True)]
        tallies[f"news/{code}"] = news
    for key, tally in sorted(tallies.items()):
        print(f"  {key:22} {tally.resolved('tune'):.3f} / {tally.resolved('check'):.3f}")
    if "--failures" in argv:
        for key, tally in tallies.items():
            for note in tally.misses:
                print(f"MISS {key}: {note}")


if __name__ == "__main__":
    main(sys.argv[1:])
