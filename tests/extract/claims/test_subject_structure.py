"""Subjects found through sentence structure: compounds, reporters, roles."""

from __future__ import annotations

from tests.extract.claims.test_claims import TYPES, claims

TYPES.setdefault("Jan Brenner", "PERSON")


def test_a_german_compound_names_its_owner() -> None:
    text = "Acme kaufte zu. Die Borel-Aktie stieg im frühen Handel um 4 Prozent."
    found = claims(text, "de", ["Borel", "Acme"])
    assert [c.subject for c in found] == ["Borel"]


def test_a_role_compound_gives_the_person_s_company() -> None:
    text = (
        "Als der frühere Borel-Chef Jan Brenner den Abbau von 9.000 Stellen plante, gab es Streit."
    )
    found = claims(text, "de", ["Borel", "Jan Brenner"])
    assert [(c.subject, c.attribute) for c in found] == [("Borel", "job_cuts")]


def test_an_english_modifier_compound_stays_no_subject() -> None:
    text = "The Norway-based Acme employs 4,000 people."
    assert [c.subject for c in claims(text, "en", ["Norway", "Acme"])] == ["Acme"]


def test_a_news_agency_is_a_source_not_a_subject() -> None:
    text = (
        "Laut dem Sanierungsplan, der der Nordischen Presseagentur vorliegt, "
        "zahlt Acme bis zu 12 Millionen Euro an die Gläubiger."
    )
    found = claims(text, "de", ["Nordischen Presseagentur", "Acme"])
    assert [c.subject for c in found] == ["Acme"]


def test_the_recipient_of_money_is_not_its_subject() -> None:
    text = "Acme kauft Anteile. Für die Anteile fließen 300 Millionen Euro direkt an Globex."
    found = claims(text, "de", ["Acme", "Globex"])
    assert [c.subject for c in found] == ["Acme"]
