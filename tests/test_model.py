from __future__ import annotations

import pytest

from newsledger.model import Document, outlet_of


@pytest.mark.parametrize(
    ("site", "source", "expected"),
    [
        ("Gridline News", "feeds/wire.xml#3", "Gridline News"),
        (None, "https://example.org/2025/story.html", "example.org"),
        (None, "corpus/tech/a.txt", "corpus/tech"),
        (None, "dumps/week.jsonl:1204", "dumps"),
        (None, "feeds/wire.xml#0", "feeds"),
    ],
)
def test_outlet_is_the_site_else_the_host_else_the_folder(
    site: str | None, source: str, expected: str
) -> None:
    assert outlet_of(site, source) == expected
    assert Document("d", source, "t", "en", site=site).outlet == expected
