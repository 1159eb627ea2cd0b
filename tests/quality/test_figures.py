"""The figures suite on the Recognizers-Text specs may not drop below its floors."""

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
FLOORS = ROOT / "quality" / "figures.json"
CORPUS = SHARED / "corpora" / "recognizers-text"


def _suite() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "quality_figures", ROOT / "quality" / "figures.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores() -> dict[str, dict[str, Any]]:
    if not CORPUS.is_dir():
        pytest.skip(f"Recognizers-Text cases not found at {CORPUS}")
    result: dict[str, dict[str, Any]] = _suite().run()
    return result


def _floors() -> list[tuple[str, str, float]]:
    data = json.loads(FLOORS.read_text(encoding="utf-8"))
    return [
        (suite, metric, float(floor))
        for suite, metrics in sorted(data["floors"].items())
        for metric, floor in sorted(metrics.items())
    ]


@pytest.mark.parametrize(("suite", "metric", "floor"), _floors())
def test_figures_suite_holds_its_floor(
    scores: dict[str, dict[str, Any]], suite: str, metric: str, floor: float
) -> None:
    assert suite in scores, f"{suite} is in {FLOORS.name} but the suite no longer scores it"
    got = scores[suite][metric]
    assert got >= floor, f"{suite} {metric} {got:.3f} fell below its floor {floor:.2f}"
