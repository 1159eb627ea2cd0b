"""Boilerplate of plain-text input: bylines, credits, captions, teasers, prompts (issue 17)."""

from __future__ import annotations

import pytest

from newsledger.lang import load
from newsledger.model import RawDocument
from newsledger.text.boilerplate import strip_boilerplate
from newsledger.text.document import build_document

ARTICLE_EN = (
    "The city council approved the new budget on Tuesday after a long debate.\n\n"
    "The plan raises spending on schools by 4 percent and cuts road repairs."
)
ARTICLE_DE = (
    "Der Stadtrat hat am Dienstag nach langer Debatte den neuen Haushalt beschlossen.\n\n"
    "Der Plan erhöht die Ausgaben für Schulen um 4 Prozent und kürzt die Straßenreparaturen."
)


def _removed(text: str, code: str) -> tuple[str, list[str]]:
    clean, removed = strip_boilerplate(text, load(code), "doc")
    return clean, [b.text for b in removed]


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("Image Credits: Jane Doe / Getty Images", "en"),
        ("Photo credit: Santi Rodriguez / Shutterstock.com.", "en"),
        ("Read more: Council delays vote on harbour plan", "en"),
        ("Related: Mayor defends spending cuts", "en"),
        ("2 min read", "en"),
        ("Download our app for the latest news", "en"),
        ("This story is being updated.", "en"),
        ("Article continues below", "en"),
        ("Anzeige", "de"),
        ("2 Min.", "de"),
        ("Lest auch: Stadtrat vertagt Entscheidung zum Hafen", "de"),
        ("Mehr zum Thema: Bürgermeister verteidigt Kürzungen", "de"),
        ("Jetzt Newsletter abonnieren", "de"),
        ("Holen Sie sich unsere App", "de"),
        ("Blick auf das Rathaus am Abend Bild: Max Muster/dpa/picture alliance", "de"),
    ],
)
def test_a_furniture_line_of_plain_text_is_removed(line: str, code: str) -> None:
    article = ARTICLE_EN if code == "en" else ARTICLE_DE
    clean, removed = _removed(f"{article}\n\n{line}\n\n{article}", code)
    assert removed == [line]
    assert line not in clean
    assert clean.count("\n\n") == 3  # every article paragraph is kept


def test_an_inline_photo_credit_is_cut_and_the_sentence_kept() -> None:
    clean, removed = _removed(
        f"Der Bürgermeister sprach im Rathaus. (Foto: dpa)\n\n{ARTICLE_DE}", "de"
    )
    assert removed == ["(Foto: dpa)"]
    assert clean.startswith("Der Bürgermeister sprach im Rathaus.\n")


def test_a_leading_metadata_date_is_cut_and_the_agency_dateline_kept() -> None:
    # The dateline names the source and the place: it stays in the text.
    text = " date 2024-12-18 Berlin (dpa) – Der Stadtrat hat getagt.\n\n" + ARTICLE_DE
    clean, removed = _removed(text, "de")
    assert removed == ["date 2024-12-18"]
    assert clean.startswith("Berlin (dpa) – Der Stadtrat hat getagt.")


def test_a_leading_metadata_date_becomes_the_publication_date() -> None:
    doc = build_document(
        RawDocument(source="a.txt", data=f" date 2024-12-18 {ARTICLE_EN}".encode(), kind="text")
    )
    assert doc.published == "2024-12-18"
    assert not doc.text.startswith("date")


def test_a_credit_line_takes_the_agency_caption_above_it() -> None:
    text = (
        f"{ARTICLE_EN}\n\nThe town hall in Springfield, March 3, 2022.\n\n"
        f"John Smith | Reuters\n\n{ARTICLE_EN}"
    )
    _, removed = _removed(text, "en")
    assert removed == ["The town hall in Springfield, March 3, 2022.", "John Smith | Reuters"]


def test_an_embedded_tweet_and_a_trailing_tweet_link_are_removed() -> None:
    tweet = "Big day today pic.twitter.com/abc123 — Jane Roe (@janeroe) August 6, 2023"
    quote = '"We are ready," she wrote. pic.twitter.com/XyZ987'
    clean, removed = _removed(f"{ARTICLE_EN}\n\n{tweet}\n\n{quote}\n\n{ARTICLE_EN}", "en")
    assert removed == [tweet, "pic.twitter.com/XyZ987"]
    assert '"We are ready," she wrote.' in clean


def test_article_sentences_that_mention_photos_or_apps_are_kept() -> None:
    text = (
        "The photo agency Getty Images said on Monday it would cut 200 jobs.\n\n"
        "Related companies have also reported losses this year, analysts said.\n\n"
        "Die App des Unternehmens wurde im vergangenen Jahr zehn Millionen Mal geladen."
    )
    for code in ("en", "de"):
        _, removed = _removed(text, code)
        assert removed == []


def test_a_byline_becomes_the_author_and_the_masthead_the_outlet() -> None:
    doc = build_document(
        RawDocument(
            source="some-folder/a.txt",
            data=(
                "Rhein Kurier | Politik | Stadt\n\nHaushalt beschlossen\n\n"
                f"Von Anna Berg\n\n{ARTICLE_DE}"
            ).encode(),
            kind="text",
        )
    )
    assert doc.author == "Anna Berg"
    assert doc.site == "Rhein Kurier"
    assert doc.outlet == "Rhein Kurier"
    assert "Anna Berg" not in doc.text


def test_a_byline_with_a_date_and_reading_time_is_still_a_byline() -> None:
    doc = build_document(
        RawDocument(
            source="a.txt",
            data=(
                f"Budget passed\n\nBy Daniel Brooks | March 18, 2026 | 4 min read\n\n{ARTICLE_EN}"
            ).encode(),
            kind="text",
        )
    )
    assert doc.author == "Daniel Brooks"
