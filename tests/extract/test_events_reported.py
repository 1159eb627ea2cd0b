"""Events only for what happened: roles in German verb-final clauses, the
clause's own date, no idioms, negations or quoted statements (issue 16)."""

from __future__ import annotations

import re

from newsledger.extract.events import extract_events
from newsledger.lang import load
from newsledger.model import Document, EntityType, Event, Mention

NAMES: dict[str, EntityType] = {"Solvane": "ORG", "Ferrowatt": "ORG", "Ines Vogt": "PERSON"}


def events(text: str, code: str) -> list[Event]:
    doc = Document(id="d", source="t", text=text, language=code)
    mentions = sorted(
        (
            Mention("d", m.start(), m.end(), name, f"kb:{name}", name, kind)
            for name, kind in NAMES.items()
            for m in re.finditer(re.escape(name), text)
        ),
        key=lambda m: m.start,
    )
    return extract_events(doc, mentions, load(code))


def test_german_perfect_keeps_actor_and_target_apart() -> None:
    for text in (
        "Solvane hat im März 2026 den Konkurrenten Ferrowatt verklagt.",
        "Solvane hat Ferrowatt wegen Patentverletzung verklagt.",
        "Im März hat Solvane Ferrowatt verklagt.",
    ):
        [event] = [e for e in events(text, "de") if e.type == "lawsuit"]
        assert (event.actors, event.targets) == (("Solvane",), ("Ferrowatt",)), text


def test_idiom_with_a_trigger_word_is_no_event() -> None:
    assert events("The project raises the stakes for Solvane.", "en") == []
    assert events("Solvane raised eyebrows with its plan.", "en") == []


def test_negated_and_quoted_statements_are_no_events() -> None:
    assert events("Solvane did not acquire Ferrowatt.", "en") == []
    assert events("Solvane hat Ferrowatt nicht übernommen.", "de") == []
    assert events("“We will buy Ferrowatt next year,” Ines Vogt said of Solvane.", "en") == []


def test_date_comes_from_the_triggers_own_clause() -> None:
    found = events("Solvane, founded in 2024, accused Ferrowatt of fraud in March 2026.", "en")
    dates = {e.type: e.date for e in found}
    assert dates["criticism"] == "2026-03"
    assert dates["founding"] == "2024"
    [late] = events("In 2024 Solvane grew; in 2026 it accused Ferrowatt of fraud.", "en")
    assert late.date == "2026"


def test_every_event_has_a_confidence() -> None:
    [sure] = events("Solvane acquired Ferrowatt in May 2025.", "en")
    [vague] = events("The takeover by Solvane was criticised.", "en")[:1]
    assert 0 < vague.confidence < sure.confidence <= 1
