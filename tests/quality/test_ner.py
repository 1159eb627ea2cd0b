"""The shipped name recognisers may not drop below their floors on the NER dev split.

The floors live in ``quality/ner.json`` (exact-span PER/ORG/LOC per
language, the shipped CRF alone, ``quality/ner.py``).  Raising one after an
improvement is welcome; lowering one is an explicit, reviewed change.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHARED

QUALITY = Path(__file__).resolve().parents[2] / "quality"
_cache: dict[str, Any] = {}


def _suite() -> Any:
    spec = importlib.util.spec_from_file_location("quality_ner", QUALITY / "ner.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _scores() -> dict[str, Any]:
    if not (SHARED / "corpora" / "ner").is_dir():
        pytest.skip(f"NER corpora not found under {SHARED}")
    if "learned" not in _cache:
        _cache["learned"] = _suite().run(SHARED, "learned")
    scores: dict[str, Any] = _cache["learned"]
    return scores


def _floors() -> list[tuple[str, str, str, float]]:
    data = json.loads((QUALITY / "ner.json").read_text(encoding="utf-8"))
    return [
        (lang, kind, metric, float(floor))
        for lang, kinds in data["learned"].items()
        for kind, metrics in kinds.items()
        for metric, floor in metrics.items()
    ]


@pytest.mark.parametrize(("lang", "kind", "metric", "floor"), _floors())
def test_ner_score_stays_above_its_floor(lang: str, kind: str, metric: str, floor: float) -> None:
    got = _scores()[lang][kind][metric]
    assert got >= floor, f"NER {lang} {kind} {metric} {got:.3f} fell below its floor {floor}"
