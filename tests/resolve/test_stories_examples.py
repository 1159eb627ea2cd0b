"""The sample articles form the stories examples/README.md describes, and one thread."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger import Ledger

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


def test_the_sample_articles_form_three_stories_in_one_thread(tmp_path: Path) -> None:
    if not EXAMPLES.is_dir():
        pytest.skip("examples/articles not found")
    with Ledger(tmp_path / "examples.db") as ledger:
        ledger.ingest([EXAMPLES])
        export = ledger.export()
    names = {d["id"]: Path(d["source"]).name.split("-")[0] for d in export["documents"]}
    stories = {frozenset(names[d] for d in s["docs"]) for s in export["stories"]}
    # README: the funding round (01, 05 and the first feed item), the Leipzig
    # plant (02, 06), the lawsuit (03, 07 and the second feed item).
    assert stories == {
        frozenset({"01", "05", "feed.xml#0"}),
        frozenset({"02", "06"}),
        frozenset({"03", "07", "feed.xml#1"}),
    }
    assert len(export["threads"]) == 1
    thread = export["threads"][0]
    assert len(thread["docs"]) == len(export["documents"])
    assert {s["id"] for s in export["stories"]} == set(thread["stories"])
