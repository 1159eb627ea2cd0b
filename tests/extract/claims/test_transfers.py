"""Claims: transfer fees, deal values, levels, base amounts and restated currencies."""

from __future__ import annotations

import re

from newsledger.extract.claims import extract_claims
from newsledger.extract.figures import extract_figures
from newsledger.lang import load
from newsledger.model import Claim, Document, EntityType, Mention

NAMES: dict[str, EntityType] = {
    "Jonas Brek": "PERSON",
    "Brek": "PERSON",
    "Vale United": "ORG",
    "Rotbach": "ORG",
    "Harbin Motors": "ORG",
    "Talvo Robotics": "ORG",
}


def claims(text: str, code: str = "en") -> list[Claim]:
    doc = Document(id="d", source="t", text=text, language=code)
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for name in sorted(NAMES, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            canonical = "Jonas Brek" if name == "Brek" else name
            found.append(
                Mention(doc.id, m.start(), m.end(), name, f"kb:{canonical}", canonical, NAMES[name])
            )
    found.sort(key=lambda m: m.start)
    lang = load(code)
    return extract_claims(doc, extract_figures(doc, lang), found, [], lang)


def test_a_price_in_a_transfer_is_the_fee_of_the_person_transferred() -> None:
    text = (
        "Jonas Brek will join Rotbach. Rotbach will pay an initial €80m for the forward, "
        "and the transfer could reach €95m. Brek scored twice."
    )
    found = [(c.subject, c.attribute, c.scope) for c in claims(text)]
    assert ("Jonas Brek", "transfer_fee", "initial") in found


def test_a_fee_that_rises_to_a_level_is_the_fee_not_growth() -> None:
    text = "Jonas Brek joins Rotbach after a fee that could rise to £90million was agreed."
    assert [c.attribute for c in claims(text)] == ["transfer_fee"]


def test_a_deal_worth_an_amount_is_its_price_not_a_valuation() -> None:
    text = "Harbin Motors agreed to buy Talvo Robotics in a deal which could be worth $2 billion."
    assert [c.attribute for c in claims(text)] == ["price"]


def test_an_amount_plus_add_ons_is_an_exact_initial_part() -> None:
    text = "Die Ablösesumme für Jonas Brek beträgt 100 Millionen Euro plus Bonuszahlungen."
    (fee,) = [c for c in claims(text, "de") if c.figure.value == 100e6]
    assert (fee.figure.qualifier, fee.scope, fee.attribute) == ("=", "initial", "transfer_fee")


def test_an_amount_restated_in_another_currency_is_the_same_claim() -> None:
    text = "Harbin Motors agreed to buy Talvo Robotics for €1.2 billion ($1.3 billion)."
    found = {(c.subject, c.attribute) for c in claims(text)}
    assert found == {("Harbin Motors", "price")}


def test_the_whole_of_a_part_is_how_many_there_are() -> None:
    from newsledger.extract.claims.partitives import partitive_figures

    text = "Rotbach is closing 76 of 92 branches."
    doc = Document(id="d", source="t", text=text, language="en")
    lang = load("en")
    mention = Mention("d", 0, 7, "Rotbach", "kb:Rotbach", "Rotbach", "ORG")
    found = extract_claims(
        doc, partitive_figures(doc, extract_figures(doc, lang), lang), [mention], [], lang
    )
    assert [(c.figure.value, c.attribute) for c in found] == [
        (76.0, "store_closures"),
        (92.0, "stores"),
    ]
