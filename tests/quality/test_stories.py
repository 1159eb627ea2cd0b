"""Story links on the SemEval-2022 pairs stay above their floors and the TF-IDF baseline."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[2]
FLOORS = json.loads((ROOT / "quality" / "stories.json").read_text(encoding="utf-8"))
SEMEVAL = SHARED / "corpora" / "stories" / "semeval2022-train.csv"
_result: dict[str, Any] = {}


def _suite() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "quality_stories", ROOT / "quality" / "stories.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Dataclasses look their module up in sys.modules.
    sys.modules.setdefault("quality_stories", module)
    spec.loader.exec_module(module)
    return module


def _scores() -> dict[str, Any]:
    if not SEMEVAL.is_file():
        pytest.skip(f"SemEval pairs not found at {SEMEVAL}")
    if not _result:
        _result.update(_suite().run(SEMEVAL))
    return _result


@pytest.mark.parametrize("key", [k for k in FLOORS if k.startswith("report/")])
def test_story_links_stay_above_the_floor(key: str) -> None:
    assert _scores()[key]["newsledger"]["f1"] >= FLOORS[key]


def test_story_links_beat_the_tfidf_baseline() -> None:
    scores = _scores()[FLOORS["beat_tfidf"]]
    assert scores["newsledger"]["f1"] > scores["tfidf"]["f1"]


def test_each_pair_id_counts_once() -> None:
    if not SEMEVAL.is_file():
        pytest.skip(f"SemEval pairs not found at {SEMEVAL}")
    pairs = _suite().load_pairs(SEMEVAL)
    assert len({p.pair_id for p in pairs}) == len(pairs)
    assert {p.languages for p in pairs} == {"en-en", "de-de", "de-en"}
