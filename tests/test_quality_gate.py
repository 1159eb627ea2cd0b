"""Quality is a gate: scores on the seed corpus may not drop below the floors.

The floors live in ``quality/baseline.json``.  Raising one after an
improvement is welcome; lowering one is an explicit, reviewed change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger import Ledger
from newsledger.evaluate import load_gold, score, scores_json

BASELINE = Path(__file__).resolve().parents[1] / "quality" / "baseline.json"


@pytest.fixture(scope="module")
def seed_scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, float]]:
    from tests.conftest import GOLD, SEEDS

    if not SEEDS.is_dir() or not GOLD.is_file():
        pytest.skip("shared seed corpus and gold not found beside the repository")
    db = tmp_path_factory.mktemp("gate") / "seeds.db"
    with Ledger(db) as ledger:
        ledger.ingest([SEEDS])
        export = ledger.export()
    return dict(scores_json(score(export, load_gold(str(GOLD))))["categories"])


def _floors() -> list[tuple[str, str, float]]:
    data = json.loads(BASELINE.read_text(encoding="utf-8"))
    return [
        (category, metric, float(floor))
        for category, metrics in data["floors"].items()
        for metric, floor in metrics.items()
    ]


@pytest.mark.parametrize(("category", "metric", "floor"), _floors())
def test_seed_score_stays_above_its_floor(
    seed_scores: dict[str, dict[str, float]], category: str, metric: str, floor: float
) -> None:
    value = seed_scores[category][metric]
    assert value is not None and value >= floor, (
        f"{category} {metric} fell to {value} below the floor {floor} in quality/baseline.json"
    )


def test_no_not_contradiction_is_flagged(seed_scores: dict[str, dict[str, float]]) -> None:
    assert seed_scores["contradictions"]["false_alarms"] == 0
