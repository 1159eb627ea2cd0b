"""Date expressions: absolute, vague and relative, in English and German."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.extract.dates import best_date, find_dates, parse_published
from newsledger.lang import load

PUBLISHED = "2025-01-22"  # a Wednesday


def dates(text: str, code: str, published: str | None = PUBLISHED) -> list[tuple[str, ...]]:
    return [
        (d.text, d.value or "", d.precision or "", d.modifier or "")
        for d in find_dates(text, load(code), published)
    ]


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        ("He co-founded it in 2015 as a nonprofit.", "en", ("2015", "2015", "year", "")),
        ("It launched in February 2025.", "en", ("February 2025", "2025-02", "month", "")),
        ("Filed on March 3rd, 2024.", "en", ("March 3rd, 2024", "2024-03-03", "day", "")),
        ("Filed on 3 March 2024.", "en", ("3 March 2024", "2024-03-03", "day", "")),
        ("Signed 2024-06-30.", "en", ("2024-06-30", "2024-06-30", "day", "")),
        ("In early 2024, he sued.", "en", ("In early 2024", "2024", "year", "early")),
        ("Growth stalled in mid-2023.", "en", ("in mid-2023", "2023", "year", "mid")),
        ("Am 12. März 2024 kam es.", "de", ("12. März 2024", "2024-03-12", "day", "")),
        ("Am 12.03.2024 kam es.", "de", ("12.03.2024", "2024-03-12", "day", "")),
        ("Anfang 2024 klagte er.", "de", ("Anfang 2024", "2024", "year", "early")),
        ("Ende März 2023 war es so.", "de", ("Ende März 2023", "2023-03", "month", "late")),
        ("2015 gründeten sie die Firma.", "de", ("2015", "2015", "year", "")),
        ("Im Februar 2025 stellte er vor.", "de", ("Februar 2025", "2025-02", "month", "")),
    ],
)
def test_absolute_and_vague_dates_are_normalised(
    text: str, code: str, expected: tuple[str, ...]
) -> None:
    assert dates(text, code) == [expected]


@pytest.mark.parametrize(
    ("text", "code", "value"),
    [
        ("The deal was announced yesterday.", "en", "2025-01-21"),
        ("It was announced on Tuesday.", "en", "2025-01-21"),
        ("It was announced last Wednesday.", "en", "2025-01-15"),
        ("It was announced last week.", "en", "2025-01-15"),
        ("It grew last year.", "en", "2024"),
        ("It grew last month.", "en", "2024-12"),
        ("In February, he unveiled it.", "en", "2024-02"),
        ("Das wurde gestern bekannt.", "de", "2025-01-21"),
        ("Das wurde am Dienstag angekündigt.", "de", "2025-01-21"),
        ("Das wurde am Montag angekündigt.", "de", "2025-01-20"),
        ("Das wurde letztes Jahr angekündigt.", "de", "2024"),
    ],
)
def test_relative_dates_resolve_against_publication(text: str, code: str, value: str) -> None:
    found = find_dates(text, load(code), PUBLISHED)
    assert [d.value for d in found] == [value]
    assert found[0].relative


def test_relative_dates_stay_unresolved_without_publication_date() -> None:
    found = find_dates("Das wurde am Dienstag angekündigt, gestern.", load("de"), None)
    assert [(d.text, d.value, d.relative) for d in found] == [
        ("Dienstag", None, True),
        ("gestern", None, True),
    ]


def test_month_verbs_and_amounts_are_not_dates() -> None:
    assert dates("He may march on, with 3000 GPUs and $2015 in cash.", "en") == []
    assert dates("Mit über 100.000 Nvidia-Chips und 2024% mehr.", "de") == []


def test_best_date_prefers_resolved_and_precise() -> None:
    found = find_dates("In 2024, on Tuesday, in March 2024", load("en"), None)
    best = best_date(found)
    assert best is not None and best.value == "2024-03"


def test_parse_published_accepts_timestamps_and_rejects_garbage() -> None:
    assert str(parse_published("2025-01-22T10:00:00Z")) == "2025-01-22"
    assert parse_published("not a date") is None
    assert parse_published(None) is None


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="0123456789 .-,MarchJanuaryDienstag", max_size=80))
def test_find_dates_never_crashes_and_spans_match(text: str) -> None:
    for d in find_dates(text, load("en"), PUBLISHED):
        assert text[d.start : d.end] == d.text
