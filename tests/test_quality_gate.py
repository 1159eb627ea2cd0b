"""Quality is a gate: scores on the shared corpora may not drop below the floors.

The floors live in ``quality/baseline.json``: ``seeds`` for the five seed
articles (a smoke test) and ``dev`` for the 27 real development articles.
Raising one after an improvement is welcome; lowering one is an explicit,
reviewed change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger import Ledger
from newsledger.evaluate import load_gold, score, scores_json
from tests.conftest import SHARED

BASELINE = Path(__file__).resolve().parents[1] / "quality" / "baseline.json"
CORPORA = {
    "seeds": (SHARED / "corpus" / "seeds", SHARED / "gold" / "seeds.json"),
    "dev": (SHARED / "corpus" / "dev", SHARED / "gold" / "dev.json"),
}

Scores = dict[str, dict[str, float]]
_cache: dict[str, Scores] = {}


def _scores(corpus: str, tmp_path_factory: pytest.TempPathFactory) -> Scores:
    if corpus not in _cache:
        folder, gold = CORPORA[corpus]
        if not folder.is_dir() or not gold.is_file():
            pytest.skip(f"shared corpus {folder} or gold {gold} not found beside the repository")
        db = tmp_path_factory.mktemp("gate") / f"{corpus}.db"
        with Ledger(db) as ledger:
            ledger.ingest([folder])
            export = ledger.export()
        _cache[corpus] = dict(scores_json(score(export, load_gold(str(gold))))["categories"])
    return _cache[corpus]


def _floors() -> list[tuple[str, str, str, float]]:
    data = json.loads(BASELINE.read_text(encoding="utf-8"))
    return [
        (corpus, category, metric, float(floor))
        for corpus in CORPORA
        for category, metrics in data[corpus].items()
        for metric, floor in metrics.items()
    ]


@pytest.mark.parametrize(("corpus", "category", "metric", "floor"), _floors())
def test_score_stays_above_its_floor(
    tmp_path_factory: pytest.TempPathFactory,
    corpus: str,
    category: str,
    metric: str,
    floor: float,
) -> None:
    value = _scores(corpus, tmp_path_factory)[category][metric]
    assert value is not None and value >= floor, (
        f"{corpus} {category} {metric} fell to {value} below the floor {floor} "
        "in quality/baseline.json"
    )


@pytest.mark.parametrize("corpus", list(CORPORA))
def test_no_not_contradiction_is_flagged(
    tmp_path_factory: pytest.TempPathFactory, corpus: str
) -> None:
    assert _scores(corpus, tmp_path_factory)["contradictions"]["false_alarms"] == 0
