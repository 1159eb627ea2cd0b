"""The public API is small and deliberate: changing it must be a decision."""

from __future__ import annotations

import newsledger

PUBLIC = {
    "Claim",
    "Conflict",
    "Document",
    "Entity",
    "Event",
    "Figure",
    "Ledger",
    "NewsledgerError",
    "Quote",
    "Settings",
    "Story",
    "ingest",
    "process_text",
}


def test_public_names_are_exactly_the_documented_ones() -> None:
    assert set(newsledger.__all__) == PUBLIC
    for name in PUBLIC:
        assert getattr(newsledger, name) is not None


def test_process_text_runs_the_pipeline_on_a_string() -> None:
    extraction = newsledger.process_text(
        "Acme Robotics said on Monday it had hired 200 engineers in Lyon.\n\nMore follows."
    )
    assert extraction.document.language == "en"
    assert extraction.document.sentences
