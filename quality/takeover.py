"""The takeover told three times (../shared/corpus/takeover): what a careful
reader takes out of it, checked on the ledger.

- the price (€1.2 billion, €1.18 billion, 1,2 Milliarden Euro) is compared
  (one subject and attribute in all three articles) and not flagged;
- the staff counts (the target's 4,300, the combined group's 19,000) are not
  flagged;
- the planned job cuts (about 600 against rund 1.500) are flagged.

Run ``python quality/takeover.py`` to print the outcome; ``score()`` returns it.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from newsledger import Ledger

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "takeover"


def score(corpus: Path = CORPUS) -> dict[str, Any]:
    """The three outcomes as 1 (right) or 0 (wrong), and their mean."""
    with tempfile.TemporaryDirectory(prefix="newsledger-takeover-") as tmp:
        articles = Path(tmp) / "articles"
        articles.mkdir()
        # The README describes the corpus; it is no article.
        for path in sorted(corpus.iterdir()):
            if path.suffix in (".txt", ".html"):
                shutil.copy(path, articles / path.name)
        with Ledger(Path(tmp) / "ledger.db") as ledger:
            ledger.ingest([articles])
            export = ledger.export()
    prices = [f for f in export["figures"] if f["unit"] == "EUR" and 1.1e9 <= f["value"] <= 1.3e9]
    keys = {(f["subject"], f["attribute"]) for f in prices}
    conflicts = export["conflicts"]

    def flagged(low: float, high: float) -> bool:
        return any(
            any(low <= c["value"] <= high for c in conflict["claims"]) for conflict in conflicts
        )

    outcome = {
        "price_compared": int(len(prices) == 3 and len(keys) == 1 and None not in keys.pop()),
        "price_not_flagged": int(not flagged(1.1e9, 1.3e9)),
        "staff_not_flagged": int(not flagged(4000, 4400) and not flagged(19000, 19000)),
        "job_cuts_flagged": int(
            any(
                {c["value"] for c in conflict["claims"]} >= {600.0, 1500.0}
                for conflict in conflicts
            )
        ),
    }
    outcome["all"] = sum(outcome.values()) / len(outcome)
    return outcome


if __name__ == "__main__":
    if not CORPUS.is_dir():
        sys.exit(f"{CORPUS}: not found; the shared data sits beside the repository")
    print(json.dumps(score(), indent=2))
