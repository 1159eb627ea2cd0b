"""Counts stated as a part of a whole ("76 of 92 branches")."""

from __future__ import annotations

from newsledger.extract.claims.partitives import partitive_figures
from newsledger.extract.figures import extract_figures
from newsledger.lang import load
from newsledger.model import Document, Figure


def figures(text: str, code: str = "en") -> list[Figure]:
    doc = Document(id="d", source="t", text=text, language=code)
    lang = load(code)
    return partitive_figures(doc, extract_figures(doc, lang), lang)


def test_the_part_counts_what_the_whole_counts() -> None:
    found = [(f.value, f.unit) for f in figures("Acme is closing 30 of 45 branches.")]
    assert found == [(30.0, "store"), (45.0, "store")]


def test_an_owner_and_an_adjective_may_stand_between_part_and_whole() -> None:
    found = figures("900 of Acme's current 7,500 employees will be laid off.")
    assert (found[0].text, found[0].value, found[0].unit) == ("900", 900.0, "employee")


def test_german_part_of_a_whole() -> None:
    found = figures("12 der 40 Kaufhäuser wurden geschlossen.", "de")
    assert [(f.value, f.unit) for f in found] == [(12.0, "store"), (40.0, "store")]


def test_a_share_or_an_amount_has_no_part() -> None:
    assert [f.value for f in figures("Two of 10 % were sold for 5 of $9 million.")] == [10.0, 9e6]


def test_a_part_larger_than_the_whole_is_no_part() -> None:
    assert [f.value for f in figures("In 2024 of 92 branches, most were closed.")] == [92.0]
