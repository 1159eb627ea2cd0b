"""Conflicts: what disagrees across sources and what does not."""

from __future__ import annotations

import re

import pytest

from newsledger.extract.claims import extract_claims
from newsledger.extract.figures import extract_figures
from newsledger.lang import load
from newsledger.model import Claim, Document, EntityType, Figure, Mention, Qualifier
from newsledger.resolve.conflicts import CLAIMS_PER_SIDE, find_conflicts, interval


def claim(
    doc: str,
    value: float,
    *,
    unit: str = "USD",
    qualifier: Qualifier = "=",
    precision: float = 1e9,
    attribute: str = "bid",
    subject: str = "Musk",
    when: str | None = None,
    value_max: float | None = None,
    disputed: bool = False,
) -> Claim:
    figure = Figure(doc, 0, 5, f"{value:g}", value, unit, qualifier, value_max, precision)
    return Claim(doc, 0, 5, f"kb:{subject}", subject, attribute, figure, when, None, disputed)


def test_lower_bounds_ten_times_apart_conflict() -> None:
    a = claim("a", 1e6, unit="GPU", qualifier=">", precision=1e6, attribute="gpus")
    b = claim("b", 1e5, unit="GPU", qualifier=">", precision=1, attribute="gpus")
    [conflict] = find_conflicts([a, b], {})
    assert conflict.ratio == pytest.approx(10.0)
    assert set(conflict.claims) == {a, b}
    assert "10.0×" in conflict.reason


def test_lower_bounds_close_together_agree() -> None:
    a = claim("a", 1e6, unit="GPU", qualifier=">", precision=1e6, attribute="gpus")
    b = claim("b", 8e5, unit="GPU", qualifier=">", precision=1e5, attribute="gpus")
    assert find_conflicts([a, b], {}) == []


def test_rounding_is_not_a_conflict() -> None:
    assert find_conflicts([claim("a", 97e9), claim("b", 97.4e9, precision=1e8)], {}) == []


def test_clearly_different_exact_values_conflict() -> None:
    assert len(find_conflicts([claim("a", 97e9), claim("b", 44e9)], {})) == 1


def test_different_attributes_subjects_units_do_not_conflict() -> None:
    raised = claim("a", 12e9, attribute="funding_raised", subject="xAI")
    spent = claim("b", 12e9, attribute="spent", subject="xAI")
    sought = claim("c", 10e9, attribute="funding_sought", subject="xAI")
    other = claim("d", 50e9, attribute="funding_raised", subject="Acme")
    staff = claim("e", 1e3, attribute="funding_raised", subject="xAI", unit="employee")
    assert find_conflicts([raised, spent, sought, other, staff], {}) == []


def test_different_times_do_not_conflict_but_same_time_does() -> None:
    a = claim("a", 10e9, when="2023")
    b = claim("b", 20e9, when="2024")
    assert find_conflicts([a, b], {}) == []
    c = claim("c", 20e9, when="2023")
    assert len(find_conflicts([a, c], {})) == 1


def test_copy_is_not_an_independent_source() -> None:
    a = claim("a", 10e9)
    b = claim("b", 20e9)
    assert find_conflicts([a, b], {"b": "a"}) == []


def test_one_document_disagreeing_with_itself_is_not_flagged() -> None:
    assert find_conflicts([claim("a", 10e9), claim("a", 20e9)], {}) == []


def test_upper_bound_agrees_with_smaller_value() -> None:
    up_to = claim("a", 500e9, qualifier="<=")
    assert find_conflicts([up_to, claim("b", 100e9)], {}) == []
    assert len(find_conflicts([up_to, claim("b", 700e9)], {})) == 1


def test_range_and_approximation_intervals() -> None:
    lo, hi = interval(claim("a", 1.5e9, qualifier="range", value_max=22e9, precision=1e8))
    assert lo < 1.5e9 and hi > 22e9
    lo, hi = interval(claim("a", 100.0, qualifier="~", precision=1))
    assert lo == pytest.approx(85.0) and hi == pytest.approx(115.0)


def test_disputed_claim_is_a_conflict_of_its_own() -> None:
    [conflict] = find_conflicts([claim("a", 10e9, qualifier="<", disputed=True)], {})
    assert conflict.claims[0].disputed and conflict.ratio is None
    assert conflict.reason.startswith("disputed")


def test_rounded_and_precise_amount_of_one_round_agree() -> None:
    a = claim("a", 2.4e9, precision=1e8, attribute="funding_raised", subject="Velmora")
    b = claim("b", 2.38e9, precision=1e7, attribute="funding_raised", subject="Velmora")
    assert find_conflicts([a, b], {}) == []


def test_planned_headcounts_conflict_but_not_with_the_present_headcount() -> None:
    more = claim("en", 4000, unit="employee", qualifier=">", precision=1000, attribute="x")
    about = claim("de", 1500, unit="employee", qualifier="~", precision=100, attribute="x")
    now = claim("de", 1200, unit="employee", precision=100, attribute="employees")
    planned = [
        Claim(c.doc_id, c.start, c.end, "kb:Norvik", "Norvik", "employees_planned", c.figure)
        for c in (more, about)
    ]
    found = find_conflicts([*planned, now], {})
    assert [(c.attribute, len(c.claims)) for c in found] == [("employees_planned", 2)]


def test_english_and_german_plant_headcounts_conflict_end_to_end() -> None:
    texts = {
        "en": "Norvik Cells began work in Aalborg on a plant that will employ "
        "more than 5,000 workers.",
        "de": "Norvik Cells baut ein Werk in Aalborg. Das Werk soll rund 900 Beschäftigte haben.",
    }
    claims = []
    for code, text in texts.items():
        doc = Document(id=code, source=code, text=text, language=code)
        names: list[tuple[str, EntityType]] = [("Norvik Cells", "ORG"), ("Aalborg", "GPE")]
        mentions = [
            Mention(code, m.start(), m.end(), name, f"kb:{name}", name, kind)
            for name, kind in names
            for m in re.finditer(name, text)
        ]
        mentions.sort(key=lambda m: m.start)
        lang = load(code)
        claims += extract_claims(doc, extract_figures(doc, lang), mentions, [], lang)
    found = find_conflicts(claims, {})
    assert [(c.subject_id, c.attribute) for c in found] == [
        ("new:FACILITY:aalborg", "employees_planned")
    ]
    assert found[0].ratio is not None and found[0].ratio > 5


def test_a_conflict_shows_a_few_claims_per_side_nearest_first_one_per_source_first() -> None:
    low = [claim(f"low{n}", 40e9 + n * 1e8, precision=1e8) for n in range(12)]
    # A second claim of low11's document, nearest the disagreement of all.
    low.append(claim("low11", 41.3e9, precision=1e8))
    high = [claim(f"high{n}", 97e9 + n * 1e8, precision=1e8) for n in range(9)]
    [conflict] = find_conflicts(low + high, {})
    shown = [(c.doc_id, c.figure.value) for c in conflict.claims]
    assert len(shown) == 2 * CLAIMS_PER_SIDE
    # Nearest the gap on each side, each source once (low11's 41.1 is left
    # out for its nearer 41.3), in value order.
    assert shown[:CLAIMS_PER_SIDE] == [
        ("low7", 40.7e9),
        ("low8", 40.8e9),
        ("low9", 40.9e9),
        ("low10", 41.0e9),
        ("low11", 41.3e9),
    ]
    assert [d for d, _ in shown[CLAIMS_PER_SIDE:]] == [f"high{n}" for n in range(5)]
    assert "13 vs 9 claims in all, 10 shown" in conflict.reason
