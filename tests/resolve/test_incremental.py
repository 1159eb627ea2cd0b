"""Incremental resolve: a ledger grown by several adds equals one built in one go."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from newsledger import Ledger, Settings
from tests.store.pg import fresh_schema

ORGS = ["Northwind Robotics", "Helix Energy", "Bluefin Capital", "Arcadia Labs", "Tessaro"]
PEOPLE = ["Priya Raman", "James Okafor", "Laura Brennan", "Daniel Castillo"]
PLACES = ["Boston", "London", "Austin", "Toronto"]


WORDS = [
    "harbour",
    "market",
    "council",
    "river",
    "tram",
    "bakery",
    "school",
    "festival",
    "bridge",
    "museum",
    "garden",
    "station",
    "library",
    "theatre",
    "stadium",
    "airport",
    "factory",
    "warehouse",
    "harvest",
    "orchard",
    "vineyard",
    "meadow",
]


def _article(n: int) -> str:
    org, other = ORGS[n % 5], ORGS[(n + 2) % 5]
    person, place = PEOPLE[n % 4], PLACES[n % 4]
    # Wording of its own, so that only the syndicated copies are near-duplicates.
    rng = random.Random(n)
    colour = " ".join(rng.choice(WORDS) for _ in range(60))
    return (
        f"Local notes: {colour}.\n\n"
        f"{org} said on Monday it had raised ${20 + n % 7} million from investors led by "
        f"{other}.\n\n"
        f"The company, based in {place}, now employs about {1000 + 250 * (n % 3)} people, "
        f"chief executive {person} said.\n\n"
        f"Report {n} of the series on {org} and its plans in {place}.\n\n"
        "Tips to the Harbourline Gazette desk in London\n"
    )


def _corpus(folder: Path, start: int, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"part-{start}.jsonl").open("w", encoding="utf-8") as out:
        for n in range(start, start + count):
            text = _article(n)
            # Every fifth is a syndicated copy of the one before, with a credit.
            if n % 5 == 4:
                text = _article(n - 1) + "\n\n(Reuters)"
            out.write(json.dumps({"text": text, "url": f"https://gazette.example/{n}"}) + "\n")
    return folder


def _snapshot(ledger: Ledger) -> dict[str, Any]:
    store = ledger.store
    return {
        "documents": sorted(d.id for d in store.documents()),
        "duplicates": store.duplicates(),
        "entities": sorted((e.name, e.type, m, d) for e, m, d in store.entities()),
        "conflicts": sorted(
            (c.subject, c.attribute, tuple(sorted((x.doc_id, x.start) for x in c.claims)))
            for c in store.conflicts()
        ),
        "stories": sorted(tuple(sorted(s.doc_ids)) for s in store.stories()),
        "boilerplate": sorted((b.doc_id, b.text) for b in store.boilerplate()),
        "pending": store.count_pending(),
    }


def _compare(location_of: Any, tmp_path: Path) -> None:
    parts = [_corpus(tmp_path / f"p{i}", i * 7, 7) for i in range(3)]
    with Ledger(location_of("steps"), Settings()) as ledger:
        for part in parts:
            ledger.ingest([part])
        steps = _snapshot(ledger)
    with Ledger(location_of("once"), Settings()) as ledger:
        ledger.ingest(parts)
        once = _snapshot(ledger)
    with Ledger(location_of("steps"), Settings()) as ledger:
        ledger.resolve(full=True)
        rebuilt = _snapshot(ledger)
    assert steps["pending"] == 0
    assert len(steps["documents"]) == 21
    assert steps["duplicates"], "the copies are linked to their originals"
    assert any("Harbourline" in text for _, text in steps["boilerplate"])
    assert steps["conflicts"], "the amounts raised disagree"
    for key in ("documents", "duplicates", "entities", "conflicts", "boilerplate"):
        assert steps[key] == once[key], key
    for key in ("documents", "duplicates", "entities", "conflicts", "stories", "boilerplate"):
        assert rebuilt[key] == once[key], key
    # The story index judges rarity over each batch it places (issue 17), so
    # a ledger grown in steps may join more; what one run put together stays
    # together.  Exact equality is the xfail below.
    assert all(any(set(s) <= set(t) for t in steps["stories"]) for s in once["stories"])


def test_a_ledger_grown_in_steps_equals_one_built_at_once_on_sqlite(tmp_path: Path) -> None:
    _compare(lambda name: tmp_path / f"{name}.db", tmp_path)


@pytest.mark.postgres
def test_a_ledger_grown_in_steps_equals_one_built_at_once_on_postgres(tmp_path: Path) -> None:
    with fresh_schema() as steps, fresh_schema() as once:
        urls = {"steps": steps, "once": once}
        _compare(lambda name: urls[name], tmp_path)


@pytest.mark.xfail(
    strict=True, reason="StoryIndex weighs rarity per placed batch (resolve/stories/)"
)
def test_stories_grown_in_steps_equal_stories_built_at_once(tmp_path: Path) -> None:
    parts = [_corpus(tmp_path / f"p{i}", i * 7, 7) for i in range(3)]
    with Ledger(tmp_path / "steps.db", Settings()) as ledger:
        for part in parts:
            ledger.ingest([part])
        steps = _snapshot(ledger)["stories"]
    with Ledger(tmp_path / "once.db", Settings()) as ledger:
        ledger.ingest(parts)
        assert _snapshot(ledger)["stories"] == steps


def test_resolve_handles_only_documents_not_yet_resolved(tmp_path: Path) -> None:
    with Ledger(tmp_path / "l.db", Settings()) as ledger:
        ledger.ingest([_corpus(tmp_path / "a", 0, 6)])
        assert ledger.store.count_pending() == 0
        ledger.ingest([_corpus(tmp_path / "b", 6, 2)])
        assert ledger.store.count_pending() == 0
        state = ledger.resolve()
    assert state.total == 0 and state.done == 0
