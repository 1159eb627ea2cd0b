"""Keys and numbers as a reader says them."""

from __future__ import annotations

import pytest

from newsledger.model import Claim, Conflict, Document, Figure
from newsledger.web.labels import attribute_label, conflict_summary, figure_value


def _figure(value: float, unit: str, qualifier: str = "=", top: float | None = None) -> Figure:
    return Figure("d", 0, 1, "x", value, unit, qualifier, top)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("attribute", "label"),
    [
        ("employees_planned", "employees (planned)"),
        ("funding_raised", "funding round size"),
        ("gpus", "GPUs"),
        ("revenue", "revenue"),
    ],
)
def test_attributes_read_as_words(attribute: str, label: str) -> None:
    assert attribute_label(attribute) == label


@pytest.mark.parametrize(
    ("figure", "shown"),
    [
        (_figure(10, "GWh", "range", 12), "10–12 GWh"),
        (_figure(1e9, "EUR", "range", 2e9), "€1–2 billion"),
        (_figure(300, "person", "range", 400), "300–400 people"),
        (_figure(1.18e9, "USD"), "$1.18 billion"),
        (_figure(1e6, "GPU", ">"), "more than 1 million GPUs"),
        (_figure(12, "%"), "12%"),
        (_figure(2.5e9, "USD", "~"), "about $2.5 billion"),
    ],
)
def test_figures_read_as_said_with_the_maximum_of_a_range(figure: Figure, shown: str) -> None:
    assert figure_value(figure) == shown


def test_conflict_summary_names_documents_not_hashes() -> None:
    doc = Document("a" * 20, "/srv/x.txt", "text", "en", title="Plant opens", site="Wire")
    claim = Claim("a" * 20, 0, 1, "s", "S", "jobs", _figure(5, "job"))
    conflict = Conflict("s", "S", "jobs", (claim,), None, f"disputed in {'a' * 20}: denied")
    assert conflict_summary(conflict, {doc.id: doc}) == "disputed in Plant opens (Wire): denied"
