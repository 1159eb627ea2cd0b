"""The takeover suite holds its floors (quality/takeover.json)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_takeover_outcomes_hold_their_floors() -> None:
    spec = importlib.util.spec_from_file_location("takeover", ROOT / "quality" / "takeover.py")
    assert spec is not None and spec.loader is not None
    suite = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(suite)
    if not suite.CORPUS.is_dir():
        pytest.skip(f"shared corpus {suite.CORPUS} not found beside the repository")
    floors = json.loads((ROOT / "quality" / "takeover.json").read_text(encoding="utf-8"))
    found = suite.score()
    below = {k: found[k] for k, floor in floors.items() if k != "about" and found[k] < floor}
    assert below == {}, found
