"""Boilerplate removal: calls to action, slugs, navigation, bylines, site repetition."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger.lang import load
from newsledger.text.boilerplate import (
    BoilerplateHistory,
    normalise_line,
    repeated_lines,
    strip_boilerplate,
)

EN_ARTICLE = """By Jane Doe
Home | News | Tech | Business
Chipmakers Race To Build New Plants

The Road Ahead

Acme Corp said on Monday it would spend $20 billion on a new factory in Ohio.
The plant is expected to employ 3,000 people by 2027, the company said.

Conclusion

For more than a decade, the company has relied on suppliers in Asia.
Share this article
Facebook Twitter LinkedIn
Subscribe to our daily newsletter
Read more
abc-1-xyz
"""

DE_ARTICLE = """Ein neuer Machtkampf um Rechenzentren

Die Firma Beispiel AG kündigte am Dienstag eine Investition von 2 Milliarden Euro an.
Das Werk soll bis 2026 fertig sein, sagte ein Sprecher.
Newsletter abonnieren
Mehr lesen
Teilen
"""


def _removed(text: str, code: str) -> dict[str, str]:
    _, removed = strip_boilerplate(text, load(code), "doc")
    return {b.text: b.reason for b in removed}


def test_calls_to_action_slugs_and_navigation_are_removed() -> None:
    removed = _removed(EN_ARTICLE, "en")
    assert removed["Home | News | Tech | Business"] == "navigation"
    assert removed["Share this article"] == "call to action"
    assert removed["Facebook Twitter LinkedIn"] == "share prompt"
    assert removed["Subscribe to our daily newsletter"] == "call to action"
    assert removed["Read more"] == "call to action"
    assert removed["abc-1-xyz"] == "slug"
    assert removed["By Jane Doe"] == "byline"


def test_titles_headings_and_sentences_are_kept() -> None:
    clean, removed = strip_boilerplate(EN_ARTICLE, load("en"), "doc")
    for kept in (
        "Chipmakers Race To Build New Plants",
        "The Road Ahead",
        "Conclusion",
        "For more than a decade, the company has relied on suppliers in Asia.",
        "Acme Corp said on Monday it would spend $20 billion on a new factory in Ohio.",
    ):
        assert kept in clean
        assert kept not in {b.text for b in removed}


def test_offsets_point_into_the_input_text() -> None:
    _, removed = strip_boilerplate(EN_ARTICLE, load("en"), "doc-7")
    assert removed
    for line in removed:
        assert EN_ARTICLE[line.start : line.end] == line.text
        assert line.doc_id == "doc-7"


def test_german_calls_to_action_are_removed_and_the_title_kept() -> None:
    clean, removed = strip_boilerplate(DE_ARTICLE, load("de"), "doc")
    assert {b.text for b in removed} == {"Newsletter abonnieren", "Mehr lesen", "Teilen"}
    assert clean.startswith("Ein neuer Machtkampf um Rechenzentren")


@pytest.mark.parametrize(
    "line",
    [
        "Subscribers flee cable as streaming prices rise again this year",
        "Sharing the cost of AI infrastructure",
        "Read the room: why investors are nervous",
        "Source code of the model leaks online",
    ],
)
def test_headings_that_start_like_a_call_to_action_are_kept(line: str) -> None:
    text = f"{line}\n\nThe company said the figures were preliminary and would be revised.\n"
    assert _removed(text, "en") == {}


def test_a_sentence_shaped_call_to_action_is_removed() -> None:
    text = (
        "The deal closed on Friday after months of talks between the two firms.\n"
        "For more information on cloud computing, visit our technology section.\n"
    )
    removed = _removed(text, "en")
    assert list(removed) == [
        "For more information on cloud computing, visit our technology section."
    ]


def test_trailing_fragments_after_the_last_sentence_are_removed() -> None:
    text = (
        "Analysts expect the merger to be approved by regulators next spring.\n\n"
        "Become an Exhibitor\n\nPress Kit\n"
    )
    removed = _removed(text, "en")
    assert set(removed) == {"Become an Exhibitor", "Press Kit"}


def test_a_text_of_only_fragments_is_left_alone() -> None:
    text = "Quarterly Results\nRevenue Growth\nOperating Margin\n"
    assert _removed(text, "en") == {}


def test_a_text_without_boilerplate_is_returned_unchanged() -> None:
    text = "Acme Corp said on Monday it would hire 500 engineers.\n"
    assert strip_boilerplate(text, load("en"), "doc") == (text, [])


FOOTER = "Want the latest on energy markets? Get our free briefing"


def _site_doc(n: int) -> str:
    return f"Story number {n} is about wind farms and the grid.\n{FOOTER}\n"


def test_lines_a_site_repeats_are_learned_and_removed() -> None:
    history = BoilerplateHistory()
    for n in range(3):
        history.observe("example.com", _site_doc(n))
    repeated = history.repeated("example.com")
    assert normalise_line(FOOTER) in repeated
    assert history.repeated("other.org") == frozenset()
    clean, removed = strip_boilerplate(_site_doc(9), load("en"), "doc", repeated)
    assert [b.reason for b in removed] == ["repeated across site"]
    assert FOOTER not in clean


def test_two_documents_do_not_make_a_line_repeated() -> None:
    history = BoilerplateHistory()
    for n in range(2):
        history.observe("example.com", _site_doc(n))
    assert history.repeated("example.com") == frozenset()


def test_history_round_trips_through_json() -> None:
    history = BoilerplateHistory()
    for n in range(3):
        history.observe("example.com", _site_doc(n))
    restored = BoilerplateHistory.from_json(json.loads(json.dumps(history.to_json())))
    assert restored.repeated("example.com") == history.repeated("example.com")


def test_repeated_lines_counts_each_document_once() -> None:
    lines = {
        "a": [FOOTER, FOOTER, "Only in a."],
        "b": [FOOTER],
        "c": ["Something else."],
    }
    assert repeated_lines(lines, min_docs=2) == {normalise_line(FOOTER)}
    assert repeated_lines(lines, min_docs=3) == set()


def test_seed_boilerplate_is_found_and_nothing_else(seeds_dir: Path, gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    for name, doc in gold["documents"].items():
        text = (seeds_dir / name).read_text(encoding="utf-8")
        _, removed = strip_boilerplate(text, load(doc["language"]), name)
        assert {b.text for b in removed} == set(doc["boilerplate"]), name


def test_short_data_lines_at_the_end_are_kept() -> None:
    text = (
        "The company reported its results for the first quarter on Thursday.\n"
        "Revenue: $5.1bn\nProfit: $1.2bn\n"
    )
    assert _removed(text, "en") == {}


def test_a_date_with_slashes_is_not_a_navigation_bar() -> None:
    text = "12/03/2025\nThe company reported its results for the first quarter on Thursday.\n"
    assert _removed(text, "en") == {}
