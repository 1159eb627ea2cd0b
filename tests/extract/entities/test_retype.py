"""Types the document context corrects: clubs named by places, companies the model called people."""

from __future__ import annotations

from newsledger.extract.entities import extract_mentions
from newsledger.extract.entities.retype import person_types
from newsledger.extract.entities.text import Hit, new_id, rules, tokenize
from newsledger.kb import load_kb
from newsledger.lang import load
from newsledger.model import Document, EntityType


def typed(text: str, lang: str) -> list[tuple[str, EntityType]]:
    doc = Document(id="d1", source="t", text=text, language=lang)
    return [(m.text, m.type) for m in extract_mentions(doc, load(lang), load_kb(), learned=False)]


SPORT_EN = (
    "The striker completed his transfer to Bayern Munich on Friday. "
    "Bayern have tracked the captain all summer, and the club's coach wants him "
    "for the first match of the season."
)


def test_place_pair_in_a_sports_story_is_a_club() -> None:
    got = typed(SPORT_EN, "en")
    assert ("Bayern Munich", "ORG") in got
    assert ("Bayern", "ORG") in got
    assert not any(t == "GPE" and "Bayern" in name for name, t in got)


def test_state_outside_sport_stays_a_place() -> None:
    got = typed(
        "Auch in Bayern stehen einige Kaufhäuser vor dem Aus, teilte der Konzern mit.", "de"
    )
    assert ("Bayern", "GPE") in got


def test_club_abbreviation_before_a_place_is_a_club_but_locative_stays_a_place() -> None:
    text = (
        "Der Stürmer wechselt zum FC Bayern. Der Trainer freut sich auf die Saison, "
        "die Mannschaft spielt im Pokal. Viele Fans in Bayern feiern den Transfer."
    )
    got = typed(text, "de")
    assert ("FC Bayern", "ORG") in got
    assert ("Bayern", "GPE") in got


def test_lone_person_among_company_words_is_a_company() -> None:
    text = "Zorbatek will 2.000 Stellen streichen. Der Vorstand von Zorbatek prüft den Standort."
    tokens = tokenize(text)
    hits = [
        Hit(i, i + 1, new_id("PERSON", w), w, "PERSON", "model")
        for i, w in enumerate(tokens.words)
        if w == "Zorbatek"
    ]
    person_types(tokens, hits, [], rules(load("de")), {})
    assert [h.type for h in hits] == ["ORG", "ORG"]
    assert hits[0].entity_id == new_id("ORG", "Zorbatek")


def test_person_introduced_with_a_given_name_stays_a_person() -> None:
    text = "Anna Zorbatek leitet das Werk. Zorbatek will 2.000 Stellen streichen."
    tokens = tokenize(text)
    full = Hit(0, 2, new_id("PERSON", "Anna Zorbatek"), "Anna Zorbatek", "PERSON", "discovered")
    hits = [
        Hit(i, i + 1, new_id("PERSON", w), w, "PERSON", "model")
        for i, w in enumerate(tokens.words)
        if w == "Zorbatek" and i > 1
    ]
    person_types(tokens, hits, [full], rules(load("de")), {})
    assert [h.type for h in hits] == ["PERSON"]


def test_person_known_to_a_name_list_stays_a_person() -> None:
    text = "Zorbatek will 2.000 Stellen streichen."
    tokens = tokenize(text)
    hits = [Hit(0, 1, new_id("PERSON", "Zorbatek"), "Zorbatek", "PERSON", "model")]
    person_types(tokens, hits, [], rules(load("de")), {"Zorbatek": "gper"})
    assert hits[0].type == "PERSON"


def test_lone_person_a_place_list_knows_is_a_place() -> None:
    text = "Options for its Dresden and Quarnbeck sites are under consideration."
    tokens = tokenize(text)
    at = tokens.words.index("Quarnbeck")
    hits = [Hit(at, at + 1, new_id("PERSON", "Quarnbeck"), "Quarnbeck", "PERSON", "model")]
    person_types(tokens, hits, [], rules(load("en")), {"Quarnbeck": "loc"})
    assert hits[0].type == "GPE"


def test_multi_word_person_follows_its_first_word() -> None:
    text = "Zorbatek will 2.000 Stellen streichen. Auch Zorbatek Stahl trifft es."
    tokens = tokenize(text)
    one = tokens.words.index("Zorbatek")
    two = tokens.words.index("Zorbatek", one + 1)
    hits = [
        Hit(one, one + 1, new_id("PERSON", "Zorbatek"), "Zorbatek", "PERSON", "model"),
        Hit(two, two + 2, new_id("PERSON", "Zorbatek Stahl"), "Zorbatek Stahl", "PERSON", "model"),
    ]
    person_types(tokens, hits, [], rules(load("de")), {})
    assert [h.type for h in hits] == ["ORG", "ORG"]


def test_unknown_place_among_company_words_is_a_company() -> None:
    text = "Zahlreiche Warenhäuser von Zorbatek Quell Kaufring schließen."
    tokens = tokenize(text)
    at = tokens.words.index("Zorbatek")
    name = "Zorbatek Quell Kaufring"
    hits = [Hit(at, at + 3, new_id("GPE", name), name, "GPE", "model")]
    person_types(tokens, hits, [], rules(load("de")), {})
    assert hits[0].type == "ORG"


def test_listed_place_among_company_words_stays_a_place() -> None:
    text = "Die Warenhäuser in Quarnbeck schließen."
    tokens = tokenize(text)
    at = tokens.words.index("Quarnbeck")
    hits = [Hit(at, at + 1, new_id("GPE", "Quarnbeck"), "Quarnbeck", "GPE", "model")]
    person_types(tokens, hits, [], rules(load("de")), {"Quarnbeck": "loc"})
    assert hits[0].type == "GPE"


def test_surname_of_a_longer_model_person_stays_a_person() -> None:
    text = "Marzena Zorbatek runs the plant. Zorbatek said the company would cut jobs."
    tokens = tokenize(text)
    second = tokens.words.index("Zorbatek", 2)
    hits = [
        Hit(0, 2, new_id("PERSON", "Marzena Zorbatek"), "Marzena Zorbatek", "PERSON", "model"),
        Hit(second, second + 1, new_id("PERSON", "Zorbatek"), "Zorbatek", "PERSON", "model"),
    ]
    person_types(tokens, hits, [], rules(load("en")), {})
    assert [h.type for h in hits] == ["PERSON", "PERSON"]
