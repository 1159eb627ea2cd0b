"""Events: triggers, actors, targets and dates in literal English and German sentences."""

from __future__ import annotations

import re
import time

import pytest

from newsledger.extract.events import event_types, extract_events
from newsledger.lang import load
from newsledger.model import Document, EntityType, Event, Mention

ENTITIES: dict[str, tuple[str, EntityType]] = {
    "Ines Vogt": ("Ines Vogt", "PERSON"),
    "Vogt": ("Ines Vogt", "PERSON"),
    "Vogts": ("Ines Vogt", "PERSON"),
    "Raj Mehta": ("Raj Mehta", "PERSON"),
    "Mehta": ("Raj Mehta", "PERSON"),
    "Norrland Compute": ("Norrland Compute", "ORG"),
    "Hooli": ("Hooli", "ORG"),
    "Vestra": ("Vestra", "ORG"),
    "Acme": ("Acme", "ORG"),
    "Initech": ("Initech", "ORG"),
    "Norway": ("Norway", "GPE"),
    "Sweden": ("Sweden", "GPE"),
    "IG Nordwerk": ("IG Nordwerk", "ORG"),
    "Globex": ("Globex", "ORG"),
    "Widget 2": ("Widget 2", "PRODUCT"),
    "Fjordlink": ("Fjordlink", "PRODUCT"),
    "Polaris": ("Polaris", "PROJECT"),
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
            "Vogt, worried about rising costs, co-founded Norrland Compute in 2016 as a "
            "cooperative.",
            "founding",
            ("Ines Vogt",),
            ("Norrland Compute",),
            "2016",
        ),
        (
            "In late 2023, Vogt deepened the dispute by bringing a lawsuit against Mehta "
            "and Globex.",
            "lawsuit",
            ("Ines Vogt",),
            ("Raj Mehta", "Globex"),
            "2023",
        ),
        (
            "Acme is raising $3 billion from pension funds.",
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
            "Initech, in collaboration with Hooli and Norway-based Vestra, has announced a "
            "partnership with Mehta’s startup, Norrland Compute, on a cooling project.",
            "partnership",
            ("Initech", "Hooli", "Vestra"),
            ("Norrland Compute",),
            None,
        ),
        (
            "Analysts weighed a $6.3 billion offer from a fund led by Raj Mehta to acquire Globex.",
            "acquisition_bid",
            ("Raj Mehta",),
            ("Globex",),
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
            "Mehta has long been critical of Vogt, describing her as reckless.",
            "criticism",
            ("Raj Mehta",),
            ("Ines Vogt",),
            None,
        ),
        (
            "Acme (NYSE: ACME), a battery maker, posted a 31% revenue growth in 2023.",
            "earnings",
            ("Acme",),
            (),
            "2023",
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
    text = "Vogt met Mehta in May. She has called him a “fraud” on stage."
    found = [e for e in events(text) if e.type == "criticism"]
    assert [(e.actors, e.targets) for e in found] == [(("Ines Vogt",), ("Raj Mehta",))]
    e = one(
        "Vogt runs Acme. Fjordlink is worth $2 billion at present, "
        "the sum she paid for Initech in 2021.",
        "en",
        "acquisition",
    )
    assert (e.actors, e.targets, e.date) == (("Ines Vogt",), ("Initech",), "2021")


@pytest.mark.parametrize(
    ("text", "etype", "actors", "targets", "date"),
    [
        (
            "2016 gründeten Vogt und Mehta Norrland Compute als Genossenschaft.",
            "founding",
            ("Ines Vogt", "Raj Mehta"),
            ("Norrland Compute",),
            "2016",
        ),
        (
            "In ihrer Klage werfen Globex und Vogt Initech geheime Preisabsprachen vor.",
            "lawsuit",
            ("Globex", "Ines Vogt"),
            ("Initech",),
            None,
        ),
        (
            "Polaris, das am Montag angekündigt wurde, soll von Initech bezahlt werden.",
            "announcement",
            ("Initech",),
            ("Polaris",),
            "2025-01-20",
        ),
        (
            "Mehta schoss zurück gegen Vogt am Mittwoch in einem Interview.",
            "rebuttal",
            ("Raj Mehta",),
            ("Ines Vogt",),
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
    e = one("„Bluff-Raj“ – so nennt Ines Vogt den Chef von Globex, Raj Mehta.", "de")
    assert (e.type, e.actors) == ("criticism", ("Ines Vogt",))
    assert events("Acme nennt Globex als Partner.", "de") == []


def test_relative_date_unresolved_without_publication() -> None:
    (e,) = events("Acme unveiled Widget 2 on Tuesday.", "en", published=None)
    assert (e.date, e.date_precision, e.date_text) == (None, None, "Tuesday")


def test_bid_suppresses_acquisition_and_weak_announcement() -> None:
    types = [e.type for e in events("Vogt announced a $4 billion bid to take over Globex.")]
    assert types == ["acquisition_bid"]


def test_triggers_without_participants_make_no_event() -> None:
    assert events("The launch was delayed and revenue fell.") == []


def test_noun_trigger_before_preposition_takes_sentence_subject() -> None:
    text = (
        "Während Mehta um Aufträge wirbt – sogar eine Spende von 50.000 Euro "
        "an Vogts Stiftung floss."
    )
    e = one(text, "de", "donation")
    assert (e.actors, e.targets) == (("Raj Mehta",), ("Ines Vogt",))


def test_compound_modifiers_are_not_participants() -> None:
    e = one("Acme, in collaboration with Norway-based Globex, announced a partnership with Hooli.")
    assert (e.type, e.actors, e.targets) == ("partnership", ("Acme", "Globex"), ("Hooli",))


def test_clause_words_keep_participants_apart() -> None:
    found = events(
        "Vogt is an engineer. She co-founded Acme but left after a quarrel over pricing, only "
        "to watch Globex launch Widget 2."
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


def test_job_cuts_in_both_languages_have_the_employer_as_actor() -> None:
    assert one("Acme will cut 3,000 jobs by 2031.", etype="job_cuts").actors == ("Acme",)
    found = one("Acme will bis 2031 mehr als 8.000 Stellen abbauen.", "de", "job_cuts")
    assert found.actors == ("Acme",)


def test_an_agentless_closure_makes_its_only_party_the_actor() -> None:
    found = one("12 der 40 Kaufhäuser von Acme wurden geschlossen.", "de", "closure")
    assert found.actors == ("Acme",)


def test_prevented_closures_are_no_event() -> None:
    assert not [
        e
        for e in events("Acme reached a deal with Globex to prevent plant closures.")
        if e.type == "closure"
    ]


def test_an_appointment_sorts_organisation_and_person_into_their_roles() -> None:
    found = one("Zum neuen Chef von Acme wurde Jane Roe ernannt.", "de", "appointment")
    assert (found.actors, found.targets) == (("Acme",), ("Jane Roe",))


def test_a_move_without_a_person_is_no_transfer() -> None:
    assert not [
        e
        for e in events("Vogt's proposal is a move to slow down Acme's plans.")
        if e.type == "transfer"
    ]


def test_a_closure_without_an_organisation_is_the_main_organisations() -> None:
    found = events("Acme reported a loss. The plant in Norway will close next year.")
    closure = [e for e in found if e.type == "closure"]
    assert [(e.actors, e.targets) for e in closure] == [(("Acme",), ("Norway",))]


def test_a_german_clause_opening_the_sentence_is_not_its_subject() -> None:
    found = one("Wie Globex berichtet, hat Acme Initech erworben.", "de", "acquisition")
    assert (found.actors, found.targets) == (("Acme",), ("Initech",))


def test_an_approval_is_the_event_not_the_takeover_it_approves() -> None:
    found = events(
        "Die Europäische Kommission hat der Übernahme von Initech durch Acme zugestimmt.", "de"
    )
    assert "acquisition" not in {e.type for e in found}


def test_a_headline_repeated_as_first_line_gives_one_event() -> None:
    line = "Acme will cut 11,000 jobs"
    assert len([e for e in events(f"{line}\n\n{line}.") if e.type == "job_cuts"]) == 1


def test_a_retold_event_is_one_event() -> None:
    text = "Acme will cut 3,000 jobs. On Monday the job cuts at Acme met protest from staff."
    assert [e.type for e in events(text)].count("job_cuts") == 1


def test_the_same_event_elsewhere_or_on_another_day_is_another_event() -> None:
    text = "Acme delays its plant in Norway. Acme also delays its plans in Sweden."
    assert [e.targets for e in events(text) if e.type == "delay"] == [("Norway",), ("Sweden",)]
    text = "Acme cut 300 jobs in March 2024. Acme cut 500 jobs in May 2025."
    assert len([e for e in events(text) if e.type == "job_cuts"]) == 2


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("If the talks fail, Acme will close its plants.", "en"),
        ("Closures at Acme would have been unprecedented.", "en"),
        ("Acme had warned of plant closures to cut costs.", "en"),
        ("Sollten die Gespräche scheitern, droht die Schließung der Werke von Acme.", "de"),
        ("Hätte Acme nicht eingelenkt, wären Streiks bei Acme möglich gewesen.", "de"),
    ],
)
def test_conditions_and_counterfactuals_are_no_event(text: str, code: str) -> None:
    assert not [e for e in events(text, code) if e.type in ("closure", "strike")]


def test_reported_would_is_still_an_event() -> None:
    assert one("Acme said it would close the plant in Norway.", "en", "closure").actors == ("Acme",)


def test_a_union_does_not_cut_the_jobs_it_warns_about() -> None:
    text = (
        "Acme steckt in der Krise. IG Nordwerk warnt: 3.000 Stellen sollen abgebaut werden. "
        "IG Nordwerk ruft zum Protest auf."
    )
    assert one(text, "de", "job_cuts").actors == ("Acme",)


@pytest.mark.parametrize(
    ("text", "code", "etype"),
    [
        ("Acme suspended its dividend for 2025.", "en", "dividend"),
        ("Die Aktionäre von Acme müssen vorerst auf die Dividende verzichten.", "de", "dividend"),
        ("Acme held a press conference in Oslo on Monday.", "en", "press_conference"),
        (
            "Acme-Chefin Jane Roe sprach auf einer Pressekonferenz in Oslo.",
            "de",
            "press_conference",
        ),
        ("Acme will be renamed Globex next year.", "en", "rebranding"),
        ("Acme wird in Globex umbenannt.", "de", "rebranding"),
        ("Acme is in talks with Globex about wages.", "en", "negotiation"),
        ("Acme verhandelt seit Wochen mit Globex.", "de", "negotiation"),
        ("Acme posted a 4.6 billion euro annual loss.", "en", "earnings"),
    ],
)
def test_general_news_types_in_both_languages(text: str, code: str, etype: str) -> None:
    assert etype in [e.type for e in events(text, code)]


def test_an_announcement_at_a_press_conference_is_the_announcement() -> None:
    text = "At a press conference, Acme announced a new plant in Norway."
    assert [e.type for e in events(text)] == ["announcement"]


def test_an_agreement_is_reported_rather_than_the_talks_before_it() -> None:
    text = "After months of negotiations, Acme and Globex reached an agreement."
    assert [e.type for e in events(text)] == ["agreement"]


def test_an_ing_trigger_after_before_shares_the_sentence_subject() -> None:
    text = "Acme won guarantees from Norway, hours before announcing a 2 billion euro loss."
    assert one(text, "en", "earnings").actors == ("Acme",)


def test_an_event_no_one_does_is_not_recorded() -> None:
    assert not events("Subsidies and approval for the plant in Norway")


def test_a_noun_s_object_comes_before_its_agent() -> None:
    found = one(
        "Die Übernahme der norwegischen Fluglinie Globex durch Acme ist vollzogen.",
        "de",
        "acquisition",
    )
    assert (found.actors, found.targets) == (("Acme",), ("Globex",))


def test_a_pronoun_before_the_auxiliary_is_the_subject_not_the_object_after_it() -> None:
    text = "Acme war in Not. Norway half. Er hatte Acme im Zuge der Krise verklagt."
    found = one(text, "de", "lawsuit")
    assert "Acme" not in found.actors and found.targets == ("Acme",)
