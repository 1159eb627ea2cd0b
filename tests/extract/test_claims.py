"""Claims: subject, attribute, time, speaker and denial, from literal sentences."""

from __future__ import annotations

import re

from newsledger.extract.claims import extract_claims
from newsledger.extract.figures import extract_figures
from newsledger.lang import load
from newsledger.model import Claim, Document, EntityType, Mention, Quote

TYPES: dict[str, EntityType] = {
    "Musk": "PERSON",
    "Altman": "PERSON",
    "Memphis": "GPE",
    "Tennessee": "GPE",
    "UAE": "GPE",
}


def mentions(doc: Document, names: list[str]) -> list[Mention]:
    found = []
    for name in names:
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", doc.text):
            canonical = name.rstrip("s") if name in ("Musks",) else name.removesuffix("’s")
            kind = TYPES.get(canonical, "ORG")
            found.append(
                Mention(doc.id, m.start(), m.end(), name, f"kb:{canonical}", canonical, kind)
            )
    return sorted(found, key=lambda m: m.start)


def claims(
    text: str, code: str, names: list[str], quotes: list[Quote] | None = None
) -> list[Claim]:
    doc = Document(id="d", source="t", text=text, language=code)
    lang = load(code)
    return extract_claims(doc, extract_figures(doc, lang), mentions(doc, names), quotes or [], lang)


def test_subject_is_the_clause_subject_and_attribute_the_predicate() -> None:
    found = claims(
        "Acme is now raising $10 billion, aiming for a valuation of $75 billion.", "en", ["Acme"]
    )
    assert [(c.subject, c.attribute) for c in found] == [
        ("Acme", "funding_sought"),
        ("Acme", "valuation"),
    ]


def test_counted_thing_gives_the_same_attribute_in_both_languages() -> None:
    en = claims("Colossus runs over one million GPUs.", "en", ["Colossus"])
    de = claims("Colossus hat über 100.000 Grafikprozessoren.", "de", ["Colossus"])
    assert [c.key for c in en] == [c.key for c in de] == [("kb:Colossus", "gpus")]


def test_place_in_a_prepositional_phrase_is_not_the_subject() -> None:
    text = "The data center in Memphis, dubbed Colossus, runs with over one million GPUs."
    found = claims(text, "en", ["Memphis", "Colossus"])
    assert [c.subject for c in found] == ["Colossus"]


def test_figure_compound_name_is_not_the_subject_and_pronoun_finds_antecedent() -> None:
    text = (
        "Er erweitert sein Projekt „Colossus“ in Memphis. "
        "Mit über 100.000 Nvidia-Grafikprozessoren ist es die stärkste Anlage."
    )
    found = claims(text, "de", ["Colossus", "Memphis", "Nvidia"])
    assert [c.subject for c in found] == ["Colossus"]


def test_person_pronoun_takes_the_person_of_the_previous_sentence() -> None:
    text = "Musk sued Altman and Acme. He then led a $97 billion bid for Acme."
    found = claims(text, "en", ["Musk", "Altman", "Acme"])
    assert [(c.subject, c.attribute) for c in found] == [("Musk", "bid")]


def test_owner_right_before_the_figure_is_the_subject() -> None:
    text = "Musk raised doubts about Altman’s high-profile $500 billion infrastructure initiative."
    found = claims(text, "en", ["Musk", "Altman"])
    assert [(c.subject, c.attribute) for c in found] == [("Altman", "project_size")]


def test_owner_of_a_product_is_not_the_subject() -> None:
    text = "Acme’s ChatBot, for example, generates around 9.4 million tokens a year."
    found = claims(text, "en", ["Acme", "ChatBot"])
    assert [c.subject for c in found] == ["ChatBot"]


def test_passive_agent_after_the_figure_is_the_subject() -> None:
    text = "Markets buzzed about a $97.4 billion offer led by Musk to acquire Acme."
    found = claims(text, "en", ["Musk", "Acme"])
    assert [c.subject for c in found] == ["Musk"]


def test_german_verb_final_predicate_is_found() -> None:
    text = (
        "Acme ist geschätzt 12 Milliarden US-Dollar für ein Rechenzentrum "
        "in Memphis, Tennessee, ausgegeben."
    )
    found = claims(text, "de", ["Acme", "Memphis", "Tennessee"])
    got = [(c.subject, c.attribute, c.figure.qualifier) for c in found]
    assert got == [("Acme", "spent", "~")]


def test_raised_and_spent_are_different_attributes() -> None:
    raised = claims("Acme has raised $12 billion.", "en", ["Acme"])
    spent = claims("Acme hat 12 Milliarden US-Dollar ausgegeben.", "de", ["Acme"])
    assert raised[0].attribute == "funding_raised"
    assert spent[0].attribute == "spent"


def test_stated_year_becomes_when_but_not_a_running_total() -> None:
    found = claims("Acme reports a 242% revenue growth in 2024.", "en", ["Acme"])
    assert [(c.attribute, c.when) for c in found] == [("revenue_growth", "2024")]
    total = claims("Acme has raised $12 billion since its founding in 2023.", "en", ["Acme"])
    assert total[0].when is None
    month = claims("Acme raised $5 billion in February 2025.", "en", ["Acme"])
    assert month[0].when == "2025-02"


def test_figure_without_predicate_or_subject_gives_no_claim() -> None:
    assert claims("Acme has $5 billion.", "en", ["Acme"]) == []
    assert claims("Someone raised $5 billion.", "en", []) == []


def test_speaker_comes_from_the_enclosing_quote() -> None:
    text = "„Acme hat sich weniger als 10 Milliarden US-Dollar gesichert“, schrieb Musk."
    quote = Quote("d", 1, 55, text[1:55], "Elon Musk")
    found = claims(text, "de", ["Acme", "Musk"], [quote])
    assert [(c.subject, c.attribute, c.speaker) for c in found] == [
        ("Acme", "capital_secured", "Elon Musk")
    ]


def test_reply_with_denial_marks_the_claim_disputed() -> None:
    text = (
        "„Acme hat sich deutlich weniger als 10 Milliarden US-Dollar gesichert“, schrieb Musk. "
        "Musk ist keine neutrale Partei. "
        "„Falsch, wie Sie sicherlich wissen“, antwortete Altman auf die Behauptung über Acme."
    )
    found = claims(text, "de", ["Acme", "Musk", "Altman"])
    assert [(c.subject, c.disputed) for c in found] == [("Acme", True)]


def test_english_denial_verb_needs_a_claim_noun() -> None:
    text = "Acme raised $5 billion. Acme denied the report."
    assert [c.disputed for c in claims(text, "en", ["Acme"])] == [True]
    text = "Acme raised $5 billion. Acme denies receiving a bid."
    assert [c.disputed for c in claims(text, "en", ["Acme"])] == [False]
