"""Claims: a purchase price is about its buyer, who pays it, whatever the sentence's shape."""

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


def test_subject_of_a_buying_verb_is_the_subject_of_the_price() -> None:
    assert price_subjects("Harbin Motors agreed to buy Talvo Robotics for $2.4 billion.", "en") == [
        "kb:Harbin"
    ]
    assert price_subjects("Harbin Motors acquires Talvo for about $2.4 billion.", "en") == [
        "kb:Harbin"
    ]


def test_a_buyer_far_before_its_verb_is_the_subject() -> None:
    text = (
        "Harbin Motors, the Gothenburg-based vehicle group, said on Monday that it had agreed"
        " to buy Talvo Robotics, a Swedish robot maker, for $2.4 billion in cash."
    )
    assert price_subjects(text, "en") == ["kb:Harbin"]


def test_a_pronoun_buyer_is_the_organisation_it_refers_to() -> None:
    text = (
        "Harbin Motors reported record sales on Monday. "
        "It also agreed to buy Talvo Robotics for $2.4 billion."
    )
    assert price_subjects(text, "en") == ["kb:Harbin"]


def test_passive_buyer_after_by_is_the_subject() -> None:
    text = "Talvo Robotics, bought by Harbin Motors for $2.4 billion, makes welding arms."
    assert price_subjects(text, "en") == ["kb:Harbin"]


def test_the_payer_is_the_subject_whatever_is_paid_for() -> None:
    assert price_subjects("Harbin Motors pays $2.4 billion in cash for Talvo.", "en") == [
        "kb:Harbin"
    ]
    text = (
        "Talvo Robotics makes welding arms. "
        "Harbin Motors agreed to pay $2.4 billion for the Swedish robot maker."
    )
    assert price_subjects(text, "en") == ["kb:Harbin"]
    assert price_subjects("Harbin Motors paid $40 million for legal advice.", "en") == ["kb:Harbin"]


def test_the_owner_of_a_deal_noun_is_the_buyer() -> None:
    text = "Harbin's $2.4 billion Talvo deal won approval from regulators."
    assert price_subjects(text, "en") == ["kb:Harbin"]
    text = "Harbin Motors closed its $2.4 billion purchase of Talvo Robotics on Friday."
    assert price_subjects(text, "en") == ["kb:Harbin"]
    text = "Harbin's purchase of Talvo Robotics for $2.4 billion won approval."
    assert price_subjects(text, "en") == ["kb:Harbin"]


def test_a_speaker_is_not_the_payer_an_organisation_named_after_is() -> None:
    text = "Greta Holm said Harbin Motors would pay $2.4 billion for Talvo Robotics."
    assert price_subjects(text, "en") == ["kb:Harbin"]


def test_german_subject_of_kaufen_and_verb_final_clause() -> None:
    text = "Der Autobauer Harbin Motors kauft den Roboterhersteller Talvo für 2,4 Milliarden Euro."
    assert price_subjects(text, "de") == ["kb:Harbin"]
    text = "Harbin Motors hat Talvo Robotics für 2,4 Milliarden Euro gekauft."
    assert price_subjects(text, "de") == ["kb:Harbin"]


def test_one_deal_told_in_three_shapes_has_one_price_subject() -> None:
    shapes = [
        ("Harbin Motors agreed to buy Talvo Robotics for $2.4 billion.", "en"),
        ("Harbin's $2.35 billion Talvo deal faces scrutiny.", "en"),
        ("Harbin Motors übernimmt Talvo Robotics für 2,4 Milliarden Dollar.", "de"),
    ]
    assert {s for text, code in shapes for s in price_subjects(text, code)} == {"kb:Harbin"}


def test_a_place_is_never_the_buyer() -> None:
    text = "In Leipzig, Harbin Motors bought a plant for €300 million."
    assert price_subjects(text, "en") == ["kb:Harbin"]


def test_the_buyer_a_thing_is_sold_to_is_the_subject_of_a_sale_price() -> None:
    text = "Greta Holm sold Talvo Robotics to Harbin Motors for $2.4 billion."
    assert price_subjects(text, "en") == ["kb:Harbin"]
    text = "Greta Holm verkaufte Talvo für 2,4 Milliarden Euro an Harbin Motors."
    assert price_subjects(text, "de") == ["kb:Harbin"]
