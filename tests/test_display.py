"""Values as people read them: amounts, plurals, clipped text, short ids."""

from __future__ import annotations

from newsledger.display import clip, format_figure, plural, short_id_length, shortener


def test_figures_read_as_written_not_in_scientific_notation() -> None:
    assert format_figure(1.18e9, "USD") == "$1.18 billion"
    assert format_figure(2.5e9, "EUR") == "€2.5 billion"
    assert format_figure(3e9, "CHF", ">") == "more than 3 billion CHF"
    assert format_figure(200_000, "GPU") == "200,000 GPUs"
    assert format_figure(12_000, "employee", "~") == "about 12,000 employees"
    assert format_figure(1, "person") == "1 person"
    assert format_figure(2.5, "%") == "2.5%"
    assert format_figure(10, "GWh", "range", 20) == "10 to 20 GWh"
    assert format_figure(1e6, "USD", "range", 2e6) == "$1 million to $2 million"
    assert "e+" not in format_figure(9.74e10, "USD")


def test_plural_agrees_with_the_count() -> None:
    assert plural(1, "story") == "1 story"
    assert plural(2, "story") == "2 stories"
    assert plural(0, "document") == "0 documents"
    assert plural(1200, "entity") == "1,200 entities"
    assert plural(3, "day") == "3 days"


def test_clip_cuts_at_a_word_boundary() -> None:
    text = "Orbital Freight raised $1.18 billion in a funding round on Monday"
    assert clip(text, 30) == "Orbital Freight raised $1.18…"
    assert clip("short", 30) == "short"


def test_short_ids_are_the_shortest_unique_prefixes() -> None:
    assert short_id_length(["350aead7575038f8c22b", "2fb85d87d20f0359bc89"]) == 8
    assert short_id_length(["aaaaaaaa1", "aaaaaaaa2"]) == 9
    short = shortener(["story:59c5c8753aa7e07d", "story:12345678abcdef00"], tag="story:")
    assert short["story:59c5c8753aa7e07d"] == "story:59c5c875"
