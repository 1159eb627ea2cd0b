"""Claims: subject, attribute, time, speaker and denial, from literal sentences."""

from __future__ import annotations

import re

from newsledger.extract.claims import UNSPECIFIED, extract_claims
from newsledger.extract.figures import extract_figures
from newsledger.lang import load
from newsledger.model import Claim, Document, EntityType, Mention, Quote

TYPES: dict[str, EntityType] = {
    "Vogt": "PERSON",
    "Mehta": "PERSON",
    "Narvik": "GPE",
    "Norwegen": "GPE",
    "Norway": "GPE",
}


def mentions(doc: Document, names: list[str]) -> list[Mention]:
    found = []
    for name in names:
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", doc.text):
            canonical = name.removesuffix("’s")
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
        "Norrland Compute is currently raising $6 billion, hoping for a valuation of $40 billion.",
        "en",
        ["Norrland Compute"],
    )
    assert [(c.subject, c.attribute) for c in found] == [
        ("Norrland Compute", "funding_sought"),
        ("Norrland Compute", "valuation"),
    ]


def test_counted_thing_gives_the_same_attribute_in_both_languages() -> None:
    en = claims("Basalt now holds over 250,000 GPUs.", "en", ["Basalt"])
    de = claims("Basalt hat über 80.000 Grafikprozessoren.", "de", ["Basalt"])
    assert [c.key for c in en] == [c.key for c in de] == [("kb:Basalt", "gpus")]


def test_place_in_a_prepositional_phrase_is_not_the_subject() -> None:
    text = "The computing hall in Narvik, known as Basalt, operates with over 250,000 GPUs."
    found = claims(text, "en", ["Narvik", "Basalt"])
    assert [c.subject for c in found] == ["Basalt"]


def test_figure_compound_name_is_not_the_subject_and_pronoun_finds_antecedent() -> None:
    text = (
        "Er baut seine Rechnerhalle „Basalt“ in Narvik weiter aus. "
        "Mit über 40.000 AMD-Grafikprozessoren zählt es zu den größten Anlagen Europas."
    )
    found = claims(text, "de", ["Basalt", "Narvik", "AMD"])
    assert [c.subject for c in found] == ["Basalt"]


def test_person_pronoun_takes_the_person_of_the_previous_sentence() -> None:
    text = "Vogt sued Mehta and Norrland Compute. She later made a $3 billion bid for Globex."
    found = claims(text, "en", ["Vogt", "Mehta", "Norrland Compute", "Globex"])
    assert [(c.subject, c.attribute) for c in found] == [("Vogt", "bid")]


def test_owner_right_before_the_figure_is_the_subject() -> None:
    text = "Vogt raised questions about Mehta’s ambitious $8 billion rail initiative."
    found = claims(text, "en", ["Vogt", "Mehta"])
    assert [(c.subject, c.attribute) for c in found] == [("Mehta", "project_size")]


def test_owner_of_a_product_is_not_the_subject() -> None:
    text = "Norrland’s Fjord assistant, for instance, produces roughly 3.2 million tokens a month."
    found = claims(text, "en", ["Norrland", "Fjord"])
    assert [c.subject for c in found] == ["Fjord"]


def test_passive_agent_after_the_figure_is_the_subject() -> None:
    text = "Traders talked about a $2.1 billion offer led by Mehta to buy Norrland Compute."
    found = claims(text, "en", ["Mehta", "Norrland Compute"])
    assert [c.subject for c in found] == ["Mehta"]


def test_german_verb_final_predicate_is_found() -> None:
    text = (
        "Norrland Compute hat schätzungsweise 4 Milliarden Euro für eine Serverhalle "
        "in Narvik, Norwegen, ausgegeben."
    )
    found = claims(text, "de", ["Norrland Compute", "Narvik", "Norwegen"])
    got = [(c.subject, c.attribute, c.figure.qualifier) for c in found]
    assert got == [("Norrland Compute", "spent", "~")]


def test_raised_and_spent_are_different_attributes() -> None:
    raised = claims("Norrland Compute has raised $700 million.", "en", ["Norrland Compute"])
    spent = claims(
        "Norrland Compute hat 900 Millionen Euro ausgegeben.", "de", ["Norrland Compute"]
    )
    assert raised[0].attribute == "funding_raised"
    assert spent[0].attribute == "spent"


def test_stated_year_becomes_when_but_not_a_running_total() -> None:
    names = ["Norrland Compute"]
    found = claims("Norrland Compute reports a 38% revenue growth in 2023.", "en", names)
    assert [(c.attribute, c.when) for c in found] == [("revenue_growth", "2023")]
    text = "Norrland Compute has raised $900 million in total since it was founded in 2019."
    total = claims(text, "en", names)
    assert total[0].when is None
    month = claims("Norrland Compute raised $250 million in October 2024.", "en", names)
    assert month[0].when == "2024-10"


def test_figure_without_predicate_keeps_its_subject_but_no_comparable_attribute() -> None:
    found = claims("Norrland Compute has $5 billion.", "en", ["Norrland Compute"])
    assert [(c.subject, c.attribute) for c in found] == [("Norrland Compute", UNSPECIFIED)]
    assert claims("Someone raised $5 billion.", "en", []) == []


def test_speaker_comes_from_the_enclosing_quote() -> None:
    text = "„Norrland Compute hat sich weniger als 2 Milliarden Euro gesichert“, schrieb Vogt."
    start = text.index("Norrland")
    end = text.index("“")
    quote = Quote("d", start, end, text[start:end], "Ines Vogt")
    found = claims(text, "de", ["Norrland Compute", "Vogt"], [quote])
    assert [(c.subject, c.attribute, c.speaker) for c in found] == [
        ("Norrland Compute", "capital_secured", "Ines Vogt")
    ]


def test_reply_with_denial_marks_the_claim_disputed() -> None:
    text = (
        "„Norrland Compute hat sich deutlich weniger als 2 Milliarden Euro gesichert“, "
        "schrieb Vogt. Vogt ist in diesem Streit befangen. "
        "„Das ist schlicht falsch“, entgegnete Mehta auf die Behauptung über Norrland Compute."
    )
    found = claims(text, "de", ["Norrland Compute", "Vogt", "Mehta"])
    assert [(c.subject, c.disputed) for c in found] == [("Norrland Compute", True)]


def test_english_denial_verb_needs_a_claim_noun() -> None:
    text = "Norrland Compute raised $5 billion. Norrland Compute denied the report."
    assert [c.disputed for c in claims(text, "en", ["Norrland Compute"])] == [True]
    text = "Norrland Compute raised $5 billion. Norrland Compute denies any interest in a merger."
    assert [c.disputed for c in claims(text, "en", ["Norrland Compute"])] == [False]


# --- Subject attachment on unseen text: places, reporting clauses, references back.


def typed_claims(text: str, code: str, names: dict[str, EntityType]) -> list[Claim]:
    doc = Document(id="d", source="t", text=text, language=code)
    found = []
    for name, kind in names.items():
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", doc.text, re.IGNORECASE):
            canonical = name.title() if name.isupper() else name
            found.append(
                Mention(doc.id, m.start(), m.end(), m.group(0), f"kb:{canonical}", canonical, kind)
            )
    found.sort(key=lambda m: m.start)
    lang = load(code)
    return extract_claims(doc, extract_figures(doc, lang), found, [], lang)


def keys(found: list[Claim]) -> list[tuple[str, str]]:
    return [(c.subject, c.attribute) for c in found]


def test_dateline_and_modifying_place_are_never_the_subject() -> None:
    found = typed_claims(
        "PORTO — The Porto firm Velmora Labs has raised €45 million from two funds.",
        "en",
        {"Porto": "GPE", "Velmora Labs": "ORG"},
    )
    assert keys(found) == [("Velmora Labs", "funding_raised")]
    found = typed_claims(
        "Der US-Rivale Corvane Systems beschäftigt inzwischen 2.000 Mitarbeiter.",
        "de",
        {"US": "GPE", "Corvane Systems": "ORG"},
    )
    assert keys(found) == [("Corvane Systems", "employees")]


def test_plant_named_by_its_place_is_a_subject_of_its_own() -> None:
    # A plant's headcount is not its owner's: "the Odense plant" is the subject.
    text = (
        "Kvadra Motors broke ground near Odense on Monday. "
        "The Odense plant will employ more than 2,500 workers."
    )
    found = typed_claims(text, "en", {"Kvadra Motors": "ORG", "Odense": "GPE"})
    assert [(c.subject, c.subject_id, c.attribute) for c in found] == [
        ("Odense plant", "new:FACILITY:odense", "employees_planned")
    ]


def test_place_modifier_before_a_company_noun_gives_way_to_the_company() -> None:
    text = "Kvadra Motors opened an office in Odense. The Odense company will employ 2,500 workers."
    found = typed_claims(text, "en", {"Kvadra Motors": "ORG", "Odense": "GPE"})
    assert keys(found) == [("Kvadra Motors", "employees_planned")]


def test_company_fact_in_a_sentence_naming_only_a_place_continues_the_company() -> None:
    text = (
        "Lumetra baut seine Fertigung aus. "
        "Geplant ist in Graz eine Kapazität von 4 Gigawattstunden."
    )
    found = typed_claims(text, "de", {"Lumetra": "ORG", "Graz": "GPE"})
    assert keys(found) == [("Lumetra", "capacity_planned")]


def test_place_is_still_the_subject_of_its_own_contribution() -> None:
    found = typed_claims(
        "Portugal will contribute €200 million in grants to the scheme.",
        "en",
        {"Portugal": "GPE"},
    )
    assert keys(found) == [("Portugal", "donation")]


def test_reported_clause_gives_the_subject_not_the_reporter() -> None:
    en = typed_claims(
        "Ilse Brandt said Corvane Systems had raised $75 million.",
        "en",
        {"Ilse Brandt": "PERSON", "Corvane Systems": "ORG"},
    )
    de = typed_claims(
        "Laut Finanzchef Jarno Pekkala hat Corvane Systems 75 Millionen Euro eingesammelt.",
        "de",
        {"Jarno Pekkala": "PERSON", "Corvane Systems": "ORG"},
    )
    assert keys(en) == keys(de) == [("Corvane Systems", "funding_raised")]


def test_the_company_and_das_unternehmen_refer_back_with_the_same_key() -> None:
    en = typed_claims(
        "Brisca Foods reported results on Tuesday in Lyon. The company now has 4,100 employees.",
        "en",
        {"Brisca Foods": "ORG", "Lyon": "GPE"},
    )
    de = typed_claims(
        "Brisca Foods legte am Dienstag in Lyon Zahlen vor. "
        "Das Unternehmen beschäftigt inzwischen 4.100 Mitarbeiter.",
        "de",
        {"Brisca Foods": "ORG", "Lyon": "GPE"},
    )
    assert [c.key for c in en] == [c.key for c in de] == [("kb:Brisca Foods", "employees")]


def test_the_company_as_object_refers_to_the_document_topic() -> None:
    text = (
        "Orvella Health opened an office in Oslo. Its investors include Sandvik Partners. "
        "A new round values the company at $600 million."
    )
    found = typed_claims(
        text, "en", {"Orvella Health": "ORG", "Oslo": "GPE", "Sandvik Partners": "ORG"}
    )
    assert keys(found) == [("Orvella Health", "valuation")]


def test_pronoun_does_not_resolve_to_a_place_for_a_company_fact() -> None:
    text = (
        "MADRID — Tessaro Robotics unveiled its new arm. "
        "It will invest a further $90 million in the product."
    )
    found = typed_claims(text, "en", {"Madrid": "GPE", "Tessaro Robotics": "ORG"})
    assert keys(found) == [("Tessaro Robotics", "invested")]


def test_relative_clause_is_about_the_name_before_it() -> None:
    en = typed_claims(
        "Halvard Grid, which employs 700 people, opened a site in Bergen.",
        "en",
        {"Halvard Grid": "ORG", "Bergen": "GPE"},
    )
    de = typed_claims(
        "Bergen begrüßt Halvard Grid, das 700 Menschen beschäftigt.",
        "de",
        {"Halvard Grid": "ORG", "Bergen": "GPE"},
    )
    assert keys(en) == keys(de) == [("Halvard Grid", "employees")]


def test_german_verb_second_and_verb_final_constructions() -> None:
    names: dict[str, EntityType] = {"Tessaro Robotics": "ORG", "Linz": "GPE", "Wien": "GPE"}
    cases = {
        "In Wien hat Tessaro Robotics 120 Millionen Euro eingesammelt.": (
            "Tessaro Robotics",
            "funding_raised",
        ),
        "Bis 2027 will Tessaro Robotics in Linz 300 Millionen Euro investieren.": (
            "Tessaro Robotics",
            "invested",
        ),
        "Im neuen Werk von Tessaro Robotics in Linz sollen 900 Menschen arbeiten.": (
            "Tessaro Robotics",
            "employees_planned",
        ),
    }
    for text, expected in cases.items():
        assert keys(typed_claims(text, "de", names)) == [expected], text


def test_plant_headcount_gets_the_same_key_in_both_languages() -> None:
    en = typed_claims(
        "Norvik Cells began work on a plant in Aalborg that will employ more than 2,000 workers.",
        "en",
        {"Norvik Cells": "ORG", "Aalborg": "GPE"},
    )
    de = typed_claims(
        "Norvik Cells baut ein Werk in Aalborg. Das Werk soll rund 800 Beschäftigte haben.",
        "de",
        {"Norvik Cells": "ORG", "Aalborg": "GPE"},
    )
    expected = [("new:FACILITY:aalborg", "employees_planned")]
    assert [c.key for c in en] == [c.key for c in de] == expected


def test_plant_without_a_place_leaves_the_headcount_to_its_owner() -> None:
    found = typed_claims(
        "Norvik Cells began work on a plant that will employ more than 2,000 workers.",
        "en",
        {"Norvik Cells": "ORG"},
    )
    assert [c.key for c in found] == [("kb:Norvik Cells", "employees_planned")]


def test_percentage_is_not_a_money_attribute_and_capacity_is_not_orders() -> None:
    found = typed_claims(
        "Corvane Systems offered a premium of 30% on the last valuation.",
        "en",
        {"Corvane Systems": "ORG"},
    )
    assert [c.attribute for c in found] == [UNSPECIFIED]
    found = typed_claims(
        "Corvane Systems has a capacity of 15 gigawatt-hours. "
        "Orders at Corvane Systems reached 3 gigawatt-hours.",
        "en",
        {"Corvane Systems": "ORG"},
    )
    assert keys(found) == [("Corvane Systems", "capacity"), ("Corvane Systems", "orders")]


def test_a_recurring_name_typed_as_a_place_is_the_company_when_none_is_known() -> None:
    # The recogniser took the retailer for a place; it is named throughout.
    text = (
        "Die Gläubiger von Norway beraten. Norway hat Insolvenz angemeldet. "
        "Die Forderungen belaufen sich auf 886 Millionen Euro. Norway will sparen."
    )
    assert [c.subject for c in claims(text, "de", ["Norway"])] == ["Norway"]


def test_a_place_named_once_is_not_taken_for_the_company() -> None:
    text = "Die Gläubiger beraten in Narvik. Die Forderungen belaufen sich auf 886 Millionen Euro."
    assert claims(text, "de", ["Narvik"]) == []


def test_a_division_named_in_the_sentence_makes_the_group_company_the_subject() -> None:
    text = (
        "Rotstahl Steel is in trouble. Rotstahl will 11.000 Stellen in seiner Stahlsparte "
        "abbauen. Rotstahl Steel bestätigte das."
    )
    found = claims(text, "de", ["Rotstahl Steel", "Rotstahl"])
    assert [(c.subject, c.attribute) for c in found] == [("Rotstahl Steel", "job_cuts_planned")]


def test_capitalised_words_with_a_sector_word_before_a_name_are_a_company() -> None:
    text = "Rotstahl Steel Norway has announced plans to cut 11,000 jobs."
    found = claims(text, "en", ["Norway"])
    assert [c.subject for c in found] == ["Rotstahl Steel Norway"]


def test_a_discovered_place_taken_for_the_company_gets_the_organisations_id() -> None:
    text = (
        "Die Gläubiger von Brakel beraten. Brakel hat Insolvenz angemeldet. "
        "Die Forderungen belaufen sich auf 886 Millionen Euro. Brakel will sparen."
    )
    doc = Document(id="d", source="t", text=text, language="de")
    found = [
        Mention("d", m.start(), m.end(), "Brakel", "new:GPE:brakel", "Brakel", "GPE")
        for m in re.finditer("Brakel", text)
    ]
    lang = load("de")
    result = extract_claims(doc, extract_figures(doc, lang), found, [], lang)
    # Another article naming Brakel as a company gives the same key.
    assert [c.subject_id for c in result] == ["new:ORG:brakel"]
