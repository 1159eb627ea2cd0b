"""Conflict semantics a careful editor would sign (issue 16), from invented texts."""

from __future__ import annotations

import re
from dataclasses import replace

from newsledger.extract.claims import extract_claims
from newsledger.extract.figures import extract_figures
from newsledger.lang import load
from newsledger.model import Claim, Document, EntityType, Figure, Mention, Qualifier
from newsledger.resolve.conflicts import find_conflicts, learned_rates

ORGS: dict[str, EntityType] = {
    "Harlow Freight": "ORG",
    "Veldmark": "ORG",
    "Veldmark Logistiek": "ORG",
    "Brisk Motors": "ORG",
    "Tolan United": "ORG",
    "Eric Vance": "PERSON",
    "Leeds": "GPE",
    "Utrecht": "GPE",
}


def extract(doc_id: str, text: str, code: str) -> list[Claim]:
    doc = Document(id=doc_id, source=doc_id, text=text, language=code)
    mentions = sorted(
        (
            Mention(doc_id, m.start(), m.end(), name, f"kb:{name}", name, kind)
            for name, kind in ORGS.items()
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?![\w])", text)
        ),
        key=lambda m: (m.start, -m.end),
    )
    # Longest name wins where two overlap ("Veldmark Logistiek" over "Veldmark").
    kept: list[Mention] = []
    for m in mentions:
        if not kept or m.start >= kept[-1].end:
            kept.append(m)
    lang = load(code)
    return extract_claims(doc, extract_figures(doc, lang), kept, [], lang)


def claim(
    doc: str,
    value: float,
    *,
    unit: str = "EUR",
    qualifier: Qualifier = "=",
    precision: float = 1e6,
    attribute: str = "transfer_fee",
    scope: str = "",
    near: bool = False,
    start: int = 0,
) -> Claim:
    figure = Figure(doc, start, start + 5, f"{value:g}", value, unit, qualifier, None, precision)
    return Claim(
        doc,
        start,
        start + 5,
        "kb:Vance",
        "Eric Vance",
        attribute,
        figure,
        scope=scope,
        near=near,
    )


def test_three_roundings_of_one_price_agree() -> None:
    claims = (
        extract("a", "Harlow Freight agreed to buy Veldmark Logistiek for €1.2 billion.", "en")
        + extract(
            "b",
            "Unions criticised the takeover of Veldmark Logistiek. "
            "Harlow Freight agreed to pay €1.18 billion for the barge operator.",
            "en",
        )
        + extract("c", "Harlow Freight kauft Veldmark Logistiek für 1,2 Milliarden Euro.", "de")
    )
    # A purchase price is about its buyer, who pays it, whatever is paid for.
    assert {(c.subject, c.attribute) for c in claims} == {("Harlow Freight", "price")}
    assert find_conflicts(claims, {}) == []


def test_target_staff_and_combined_group_staff_are_different_subjects() -> None:
    claims = extract(
        "a",
        "Unions criticised the takeover of Veldmark by Harlow Freight. "
        "Harlow Freight agreed to pay €1 billion for the Utrecht barge operator, "
        "which has 2,100 staff.",
        "en",
    ) + extract("b", "Harlow Freight has more than 9,000 employees after the deal.", "en")
    staff = {c.figure.value: c.subject for c in claims if c.attribute == "employees"}
    assert staff == {2100: "Veldmark", 9000: "Harlow Freight"}
    assert [c for c in find_conflicts(claims, {}) if c.attribute == "employees"] == []


def test_planned_job_cuts_disagreeing_across_languages_are_flagged() -> None:
    claims = extract(
        "en", "Harlow Freight said it would cut about 300 jobs over two years.", "en"
    ) + extract("de", "Bei Harlow Freight sollen rund 900 Stellen wegfallen.", "de")
    [conflict] = find_conflicts(claims, {})
    assert conflict.attribute == "job_cuts_planned"
    assert "same subject (Harlow Freight)" in conflict.reason
    assert "beyond rounding and qualifiers" in conflict.reason


def test_unknown_name_opening_the_sentence_is_not_replaced_by_the_topic() -> None:
    text = (
        "Harlow Freight kauft die Reederei Oosterhaven. Harlow Freight wächst. "
        "Oosterhaven betreibt 90 Schiffe und beschäftigt 2.100 Menschen. "
        "In Leeds, wo Oosterhaven 300 Mitarbeiter hat, ist die Sorge groß."
    )
    found = extract("a", text, "de")
    # The recogniser does not know Oosterhaven: no claim rather than Harlow Freight's.
    assert [c for c in found if c.attribute == "employees"] == []


def test_up_to_is_compatible_with_the_plain_value_and_a_smaller_one() -> None:
    up_to = claim("a", 100e6, qualifier="<=", attribute="commitment")
    assert find_conflicts([up_to, claim("b", 100e6, attribute="commitment")], {}) == []
    assert find_conflicts([up_to, claim("b", 60e6, attribute="commitment")], {}) == []


def test_two_different_ceilings_conflict() -> None:
    found = find_conflicts(
        [claim("a", 120e6, qualifier="<="), claim("b", 100e6, qualifier="<=")], {}
    )
    assert len(found) == 1 and "ceilings differ" in found[0].reason


def test_approximately_agrees_with_a_close_exact_value() -> None:
    about = claim("a", 1.2e9, qualifier="~", precision=1e8)
    assert find_conflicts([about, claim("b", 1.18e9, precision=1e7)], {}) == []


def test_nearly_x_is_just_under_x() -> None:
    nearly = claim("a", 600, unit="employee", near=True, precision=100, attribute="employees")
    assert (
        find_conflicts([nearly, claim("b", 590, unit="employee", attribute="employees")], {}) == []
    )
    flagged = find_conflicts(
        [nearly, claim("b", 500, unit="employee", precision=100, attribute="employees")], {}
    )
    assert len(flagged) == 1


def test_nearly_in_the_text_marks_the_claim_near() -> None:
    [en] = extract(
        "a", "Brisk Motors said the Leeds plant, with nearly 600 workers, will close.", "en"
    )
    [de] = extract("b", "Das Werk in Leeds mit knapp 600 Beschäftigten soll schließen.", "de")
    assert en.near and de.near
    # "with 600 workers … will close": the headcount now, not a plan.
    assert en.key == de.key == ("new:FACILITY:leeds", "employees")


def test_conversion_in_the_same_article_is_not_a_second_claim() -> None:
    text = "Brisk Motors will invest €15 billion (£12.9 billion) in its plants."
    claims = extract("a", text, "en")
    assert len(claims) == 2
    other = extract("b", "Brisk Motors will invest more than 15 billion euros.", "en")
    assert find_conflicts(claims + other, {}) == []


def test_amounts_in_two_currencies_are_compared_after_conversion() -> None:
    pounds = claim("a", 100e6, unit="GBP", scope="initial")
    euros = claim("b", 100e6, unit="EUR", scope="initial")
    # An article converting €120m to £103m gives the rate of the day.
    rate = [
        claim("c", 120e6, unit="EUR", scope="initial", qualifier="<=", start=10),
        claim("c", 103e6, unit="GBP", scope="initial", qualifier="<=", start=30),
    ]
    [conflict] = find_conflicts([pounds, euros, *rate], {})
    assert "after currency conversion" in conflict.reason
    assert {"a", "b"} <= {c.doc_id for c in conflict.claims}
    same = claim("d", 116e6, unit="EUR", scope="initial")
    assert find_conflicts([pounds, same, *rate], {}) == []


def test_rate_given_by_an_article_is_used() -> None:
    a = claim("a", 120e6, unit="EUR", qualifier="<=", start=10)
    b = claim("a", 103e6, unit="GBP", qualifier="<=", start=40)
    rates = learned_rates([a, b])
    assert abs(rates[("EUR", "GBP")] - 103 / 120) < 1e-9


def test_initial_and_total_scopes_are_not_compared() -> None:
    initial = claim("a", 100e6, scope="initial")
    total = claim("b", 120e6, qualifier="<=", scope="total")
    assert find_conflicts([initial, total], {}) == []


def test_scope_words_next_to_the_figure() -> None:
    claims = extract(
        "a",
        "Tolan United will pay an initial €100 million for Eric Vance, "
        "with add-ons taking the total fee to €120 million.",
        "en",
    )
    assert [c.scope for c in claims] == ["initial", "total"]
    far = extract("b", "The combined company Brisk Motors would cut about 600 jobs.", "en")
    assert [c.scope for c in far] == [""]


def test_two_rounds_in_one_article_are_not_pitted_against_another_source() -> None:
    one = extract(
        "a",
        "Brisk Motors raised $2 billion in March. In October Brisk Motors raised $5 billion.",
        "en",
    )
    other = extract("b", "Brisk Motors raised $2 billion from investors.", "en")
    assert find_conflicts(one + other, {}) == []


def test_copy_is_one_source() -> None:
    a = claim("a", 100e6, scope="initial")
    b = claim("b", 150e6, scope="initial")
    assert find_conflicts([a, b], {"b": "a"}) == []


def test_a_monthly_amount_is_not_compared_with_a_one_off_amount() -> None:
    monthly = extract(
        "a", "Tolan United zahlt jedem Spieler 200 Euro mehr pro Monat als Prämie.", "de"
    )
    assert [c.scope for c in monthly] == ["per_month"]
    once = extract("b", "Tolan United zahlt jedem Spieler eine Prämie von 3.000 Euro.", "de")
    assert find_conflicts(monthly + once, {}) == []


def test_a_rate_stated_under_another_key_is_used_for_every_key() -> None:
    pounds = claim("a", 100e6, unit="GBP", scope="initial")
    euros = claim("b", 100e6, unit="EUR", scope="initial")
    # The article's own conversion is of the ceiling, a claim of another scope.
    rate = [
        claim("c", 120e6, unit="EUR", qualifier="<=", start=10),
        claim("c", 103e6, unit="GBP", qualifier="<=", start=30),
    ]
    flagged = find_conflicts([pounds, euros, *rate], {})
    assert [{c.doc_id for c in f.claims} for f in flagged] == [{"a", "b"}]


def test_a_planned_stake_with_a_target_year_is_another_step_than_one_without() -> None:
    first = claim("a", 90, unit="%", attribute="stake_planned")
    last = replace(claim("b", 100, unit="%", attribute="stake_planned"), when="2033")
    assert find_conflicts([first, last], {}) == []
