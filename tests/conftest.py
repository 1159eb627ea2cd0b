"""Shared fixtures: the shared seed corpus and small generated corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "gold" / "seeds.json"


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"shared seed corpus not found at {SEEDS}")
    return SEEDS


@pytest.fixture
def gold_path() -> Path:
    if not GOLD.is_file():
        pytest.skip(f"shared gold file not found at {GOLD}")
    return GOLD
