"""Claims: a purchase price is about the thing bought, whatever the sentence's shape."""

from __future__ import annotations

import re

from newsledger.extract.claims import extract_claims
from newsledger.extract.figures import extract_figures
from newsledger.lang import load
from newsledger.model import Claim, Document, EntityType, Mention

NAMES: dict[str, EntityType] = {
    "Harbin Motors": "ORG",
    "Harbin": "ORG",
    "Talvo Robotics": "ORG",
    "Talvo": "ORG",
    "Leipzig": "GPE",
    "Greta Holm": "PERSON",
}


def price_subjects(text: str, code: str) -> list[str]:
    doc = Document(id="d", source="t", text=text, language=code)
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    # Longest names first, so "Talvo" inside "Talvo Robotics" is no mention of its own.
    for name in sorted(NAMES, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            canonical = name.split()[0]
            found.append(
                Mention(doc.id, m.start(), m.end(), name, f"kb:{canonical}", name, NAMES[name])
            )
    found.sort(key=lambda m: m.start)
    lang = load(code)
    claims: list[Claim] = extract_claims(doc, extract_figures(doc, lang), found, [], lang)
    return [c.subject_id for c in claims if c.attribute == "price"]


def test_object_of_a_buying_verb_is_the_subject_of_the_price() -> None:
    assert price_subjects("Harbin Motors agreed to buy Talvo Robotics for $2.4 billion.", "en") == [
        "kb:Talvo"
    ]
    assert price_subjects("Harbin Motors acquires Talvo for about $2.4 billion.", "en") == [
        "kb:Talvo"
    ]


def test_name_between_a_descriptive_noun_and_for_is_the_thing_bought() -> None:
    text = "Harbin Motors will buy the Swedish robot maker Talvo Robotics for $2.4 billion."
    assert price_subjects(text, "en") == ["kb:Talvo"]


def test_passive_buyer_after_by_is_not_the_subject() -> None:
    text = "Talvo Robotics, bought by Harbin Motors for $2.4 billion, makes welding arms."
    assert price_subjects(text, "en") == ["kb:Talvo"]


def test_price_paid_for_a_name_is_about_that_name() -> None:
    assert price_subjects("Harbin Motors pays $2.4 billion in cash for Talvo.", "en") == [
        "kb:Talvo"
    ]


def test_name_before_the_deal_noun_is_the_thing_bought() -> None:
    text = "Harbin's $2.4 billion Talvo deal won approval from regulators."
    assert price_subjects(text, "en") == ["kb:Talvo"]
    text = "Harbin Motors closed its $2.4 billion purchase of Talvo Robotics on Friday."
    assert price_subjects(text, "en") == ["kb:Talvo"]


def test_referring_noun_is_the_target_the_article_named_before() -> None:
    text = (
        "Harbin Motors confirmed the takeover of Talvo Robotics on Monday. "
        "Greta Holm, Harbin's chief executive, said the group had weighed other offers. "
        "Harbin Motors will pay $2.4 billion for the Swedish robot maker."
    )
    assert price_subjects(text, "en") == ["kb:Talvo"]


def test_the_company_without_a_named_target_is_the_last_other_organisation() -> None:
    text = "Talvo Robotics makes welding arms. Harbin Motors pays $2.4 billion for the company."
    assert price_subjects(text, "en") == ["kb:Talvo"]


def test_german_object_of_kaufen_and_verb_final_clause() -> None:
    text = "Der Autobauer Harbin Motors kauft den Roboterhersteller Talvo für 2,4 Milliarden Euro."
    assert price_subjects(text, "de") == ["kb:Talvo"]
    text = "Harbin Motors hat Talvo Robotics für 2,4 Milliarden Euro gekauft."
    assert price_subjects(text, "de") == ["kb:Talvo"]


def test_german_payment_for_das_unternehmen_is_the_named_target() -> None:
    text = (
        "Harbin Motors kündigte am Montag die Übernahme von Talvo Robotics an. "
        "Harbin Motors zahlt 2,4 Milliarden Euro für das Unternehmen."
    )
    assert price_subjects(text, "de") == ["kb:Talvo"]


def test_one_deal_told_in_three_shapes_has_one_price_subject() -> None:
    shapes = [
        ("Harbin Motors agreed to buy Talvo Robotics for $2.4 billion.", "en"),
        ("Harbin's $2.35 billion Talvo deal faces scrutiny.", "en"),
        ("Harbin Motors übernimmt Talvo Robotics für 2,4 Milliarden Dollar.", "de"),
    ]
    assert {s for text, code in shapes for s in price_subjects(text, code)} == {"kb:Talvo"}


def test_a_place_is_never_the_thing_bought() -> None:
    text = "Harbin Motors buys a plant in Leipzig for €300 million."
    assert "kb:Leipzig" not in price_subjects(text, "en")


def test_thing_sold_is_the_subject_of_a_sale_price() -> None:
    text = "Greta Holm sold Talvo Robotics to Harbin Motors for $2.4 billion."
    assert price_subjects(text, "en") == ["kb:Talvo"]
    text = "Harbin Motors verkaufte Talvo für 2,4 Milliarden Euro an einen Finanzinvestor."
    assert price_subjects(text, "de") == ["kb:Talvo"]


def test_a_payment_for_nothing_named_keeps_the_payer() -> None:
    assert price_subjects("Harbin Motors paid $40 million for legal advice.", "en") == ["kb:Harbin"]
