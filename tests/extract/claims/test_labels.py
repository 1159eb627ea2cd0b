"""Attribute ids as a reader's words, the same for every language, and back."""

from __future__ import annotations

import pytest

from newsledger.extract.claims.labels import attribute_id, attribute_label


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("job_cuts", "job cuts"),
        ("job_cuts_planned", "job cuts (planned)"),
        ("price", "purchase price"),
        ("funding_raised", "funding round size"),
        ("write_down", "write-down"),
        ("valuation", "valuation"),
    ],
)
def test_attribute_ids_read_as_words_and_back(key: str, label: str) -> None:
    assert attribute_label(key) == label
    assert attribute_id(label) == key


def test_an_id_passes_through_as_an_id() -> None:
    assert attribute_id("job_cuts_planned") == "job_cuts_planned"


def test_no_label_keeps_an_underscore() -> None:
    for key in ("order_backlog", "store_closures_planned", "market_cap", "gpus"):
        assert "_" not in attribute_label(key)
