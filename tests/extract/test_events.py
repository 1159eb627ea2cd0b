"""Events: triggers, actors, targets and dates in literal English and German sentences."""

from __future__ import annotations

import re
import time

import pytest

from newsledger.extract.events import event_types, extract_events
from newsledger.lang import load
from newsledger.model import Document, EntityType, Event, Mention

ENTITIES: dict[str, tuple[str, EntityType]] = {
    "Elon Musk": ("Elon Musk", "PERSON"),
    "Musk": ("Elon Musk", "PERSON"),
    "Musks": ("Elon Musk", "PERSON"),
    "Sam Altman": ("Sam Altman", "PERSON"),
    "Altman": ("Sam Altman", "PERSON"),
    "OpenAI": ("OpenAI", "ORG"),
    "xAI": ("xAI", "ORG"),
    "Microsoft": ("Microsoft", "ORG"),
    "BlackRock": ("BlackRock", "ORG"),
    "MGX": ("MGX", "ORG"),
    "Twitter": ("Twitter", "ORG"),
    "Acme": ("Acme", "ORG"),
    "Initech": ("Initech", "ORG"),
    "UAE": ("United Arab Emirates", "GPE"),
    "Globex": ("Globex", "ORG"),
    "Widget 2": ("Widget 2", "PRODUCT"),
    "Stargate": ("Stargate", "PROJECT"),
    "SoftBank": ("SoftBank", "ORG"),
    "Jane Roe": ("Jane Roe", "PERSON"),
    "Roe": ("Jane Roe", "PERSON"),
}


def events(text: str, code: str = "en", published: str | None = "2025-01-22") -> list[Event]:
    doc = Document(id="d1", source="t", text=text, language=code, published=published)
    pattern = "|".join(re.escape(k) for k in sorted(ENTITIES, key=len, reverse=True))
    mentions = []
    for m in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", text):
        name, etype = ENTITIES[m.group(0)]
        mentions.append(Mention("d1", m.start(), m.end(), m.group(0), f"kb:{name}", name, etype))
    return extract_events(doc, mentions, load(code))


def one(text: str, code: str = "en", etype: str | None = None) -> Event:
    found = [e for e in events(text, code) if etype is None or e.type == etype]
    assert len(found) == 1, found
    return found[0]


def test_taxonomy_has_every_type_with_a_description() -> None:
    types = event_types()
    for name in (
        "acquisition_bid",
        "acquisition",
        "partnership",
        "investment",
        "fundraising",
        "product_launch",
        "founding",
        "departure",
        "lawsuit",
        "criticism",
        "rebuttal",
        "rejection",
        "donation",
        "announcement",
        "earnings",
        "regulation",
    ):
        assert types[name]["description"]


def test_every_language_triggers_only_known_types() -> None:
    for code in ("en", "de"):
        triggers = load(code).table("events")["triggers"]
        assert set(triggers) <= set(event_types())


@pytest.mark.parametrize(
    ("text", "etype", "actors", "targets", "date"),
    [
        (
            "Musk, alarmed by the risks, co-founded OpenAI in 2015 as a nonprofit.",
            "founding",
            ("Elon Musk",),
            ("OpenAI",),
            "2015",
        ),
        (
            "In early 2024, Musk escalated the feud by filing a lawsuit against Altman and OpenAI.",
            "lawsuit",
            ("Elon Musk",),
            ("Sam Altman", "OpenAI"),
            "2024",
        ),
        (
            "Acme is now reportedly raising $10 billion from investors.",
            "fundraising",
            ("Acme",),
            (),
            None,
        ),
        (
            "In March 2024, Acme unveiled Widget 2, its fastest chip.",
            "product_launch",
            ("Acme",),
            ("Widget 2",),
            "2024-03",
        ),
        (
            "Microsoft, in collaboration with BlackRock and UAE-based MGX, has announced a "
            "partnership with Musk’s startup, xAI, on a data centre project.",
            "partnership",
            ("Microsoft", "BlackRock", "MGX"),
            ("xAI",),
            None,
        ),
        (
            "It was a $97.4 billion offer from a consortium led by Elon Musk to acquire OpenAI.",
            "acquisition_bid",
            ("Elon Musk",),
            ("OpenAI",),
            None,
        ),
        (
            "Globex was acquired by Acme last week.",
            "acquisition",
            ("Acme",),
            ("Globex",),
            "2025-01-15",
        ),
        ("Roe resigned from Acme yesterday.", "departure", ("Jane Roe",), ("Acme",), "2025-01-21"),
        (
            "Altman has been critical of Musk, describing him as insecure.",
            "criticism",
            ("Sam Altman",),
            ("Elon Musk",),
            None,
        ),
        (
            "Acme (NASDAQ: ACME), a chip maker, posted a 242% revenue growth in 2024.",
            "earnings",
            ("Acme",),
            (),
            "2024",
        ),
        (
            "The board of Globex rejected the offer from Acme on Friday.",
            "rejection",
            ("Globex",),
            ("Acme",),
            "2025-01-17",
        ),
    ],
)
def test_english_events(
    text: str, etype: str, actors: tuple[str, ...], targets: tuple[str, ...], date: str | None
) -> None:
    e = one(text, "en", etype)
    assert (e.actors, e.targets, e.date) == (actors, targets, date)
    assert text[e.start : e.end].strip() == e.text


def test_pronoun_actor_and_object_pronoun_target() -> None:
    text = "Musk has made his disdain for Altman personal. He has called him a “liar” in public."
    found = [e for e in events(text) if e.type == "criticism"]
    assert [(e.actors, e.targets) for e in found] == [
        (("Elon Musk",), ("Sam Altman",)),
        (("Elon Musk",), ("Sam Altman",)),
    ]
    e = one(
        "Musk runs xAI. X is now worth $44 billion, the price he paid for Twitter in 2022.",
        "en",
        "acquisition",
    )
    assert (e.actors, e.targets, e.date) == (("Elon Musk",), ("Twitter",), "2022")


@pytest.mark.parametrize(
    ("text", "etype", "actors", "targets", "date"),
    [
        (
            "2015 gründeten Musk und Altman OpenAI als Non-Profit-Organisation.",
            "founding",
            ("Elon Musk", "Sam Altman"),
            ("OpenAI",),
            "2015",
        ),
        (
            "In der Klage werfen xAI und Musk OpenAI unfaire Praktiken vor.",
            "lawsuit",
            ("xAI", "Elon Musk"),
            ("OpenAI",),
            None,
        ),
        (
            "Stargate, das am Dienstag angekündigt wurde, soll von SoftBank finanziert werden.",
            "announcement",
            ("SoftBank",),
            ("Stargate",),
            "2025-01-21",
        ),
        (
            "Altman schoss zurück bei Musk am Mittwoch in einem Beitrag.",
            "rebuttal",
            ("Sam Altman",),
            ("Elon Musk",),
            "2025-01-22",
        ),
        (
            "Im März 2024 stellte Acme Widget 2 vor.",
            "product_launch",
            ("Acme",),
            ("Widget 2",),
            "2024-03",
        ),
        (
            "Acme übernahm Globex Anfang 2023 für 3 Milliarden Euro.",
            "acquisition",
            ("Acme",),
            ("Globex",),
            "2023",
        ),
    ],
)
def test_german_events(
    text: str, etype: str, actors: tuple[str, ...], targets: tuple[str, ...], date: str | None
) -> None:
    e = one(text, "de", etype)
    assert (e.actors, e.targets, e.date) == (actors, targets, date)


def test_german_naming_quote_is_criticism_and_plain_naming_is_not() -> None:
    e = one("„Swindly Sam“ – so nennt Elon Musk den Chef von OpenAI, Sam Altman.", "de")
    assert (e.type, e.actors) == ("criticism", ("Elon Musk",))
    assert events("Acme nennt Globex als Partner.", "de") == []


def test_relative_date_unresolved_without_publication() -> None:
    (e,) = events("Acme unveiled Widget 2 on Tuesday.", "en", published=None)
    assert (e.date, e.date_precision, e.date_text) == (None, None, "Tuesday")


def test_bid_suppresses_acquisition_and_weak_announcement() -> None:
    types = [e.type for e in events("Musk announced a $97 billion bid to take over OpenAI.")]
    assert types == ["acquisition_bid"]


def test_triggers_without_participants_make_no_event() -> None:
    assert events("The launch was delayed and revenue fell.") == []


def test_noun_trigger_before_preposition_takes_sentence_subject() -> None:
    text = "Während Altman um Gunst buhlt – sogar eine Spende von 1 Million an Musks Fonds kam."
    e = one(text, "de", "donation")
    assert (e.actors, e.targets) == (("Sam Altman",), ("Elon Musk",))


def test_compound_modifiers_are_not_participants() -> None:
    e = one("Acme, in collaboration with UAE-based Globex, announced a partnership with xAI.")
    assert (e.type, e.actors, e.targets) == ("partnership", ("Acme", "Globex"), ("xAI",))


def test_clause_words_keep_participants_apart() -> None:
    found = events(
        "He co-founded Acme but left after disputes, only to see Globex launch Widget 2."
    )
    assert ("founding", ("Acme",)) in [(e.type, e.targets) for e in found]
    assert all(e.targets != ("Widget 2",) for e in found if e.type == "departure")


def test_run_on_text_is_fast() -> None:
    text = "Acme sued Globex and Roe acquired Initech, " * 1200
    start = time.perf_counter()
    found = events(text)
    assert time.perf_counter() - start < 3.0
    assert found


def test_german_verb_final_clauses() -> None:
    e = one("Roe, die Acme 2019 gründete, will nun Globex kaufen.", "de", "founding")
    assert (e.actors, e.targets, e.date) == (("Jane Roe",), ("Acme",), "2019")
    e = one("Berichten zufolge ist klar, dass Acme Globex übernommen hat.", "de", "acquisition")
    assert (e.actors, e.targets) == (("Acme",), ("Globex",))


def test_agreed_acquisition_and_planned_bid() -> None:
    e = one("Last week, Globex agreed to buy Initech for $2 billion.", "en", "acquisition")
    assert (e.actors, e.targets, e.date) == (("Globex",), ("Initech",), "2025-01-15")
    e = one("Acme plans to acquire Globex, people said.", "en", "acquisition_bid")
    assert (e.actors, e.targets) == (("Acme",), ("Globex",))
