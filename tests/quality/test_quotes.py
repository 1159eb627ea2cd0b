"""The quote suite (quality/quotes.py, SpkAtt-2023 German news) may not drop below its floors.

Floors live in ``quality/quotes.json``, set a little under the scores
measured on all SpkAtt training articles; raise them after an improvement.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOORS = ROOT / "quality" / "quotes.json"


def _suite() -> ModuleType:
    spec = importlib.util.spec_from_file_location("quality_quotes", ROOT / "quality" / "quotes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


_scores: dict[str, Any] = {}


def _measured() -> dict[str, dict[str, float]]:
    suite = _suite()
    if not suite.CORPUS.is_dir():
        pytest.skip(f"SpkAtt corpus {suite.CORPUS} not found beside the repository")
    if not _scores:
        _scores.update(suite.run("all"))
    return _scores


def _floors() -> list[tuple[str, str, float]]:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))["floors"]
    return [(form, metric, value) for form, m in floors.items() for metric, value in m.items()]


@pytest.mark.parametrize(("form", "metric", "floor"), _floors())
def test_quote_suite_holds_its_floor(form: str, metric: str, floor: float) -> None:
    measured = _measured()[form][metric]
    assert measured >= floor, f"SpkAtt {form} {metric} {measured:.3f} fell below {floor}"


def test_split_holds_out_the_odd_ids_half() -> None:
    suite = _suite()
    assert suite.split_of("10022 - Der Astronaut (2005-08-05)") == "dev"
    assert suite.split_of("10057 - Ermittler (2005-08-06)") == "validation"
    with pytest.raises(ValueError, match="Wikinews id"):
        suite.split_of("no id")
