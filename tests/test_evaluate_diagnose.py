"""``eval --why``: the findings behind the figure-subject and event scores."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newsledger.evaluate import load_gold
from newsledger.evaluate.diagnose import diagnose, diagnosis_lines


def _gold(tmp_path: Path, document: dict[str, Any]) -> Any:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"documents": {"a.txt": document}}), encoding="utf-8")
    return load_gold(str(path))


def _export(**lists: Any) -> dict[str, Any]:
    return {"documents": [{"id": "d1", "source": "/c/a.txt"}], **lists}


def _figure(value: float, subject: str | None) -> dict[str, Any]:
    return {"doc": "d1", "text": f"{value:g}", "value": value, "unit": "EUR", "subject": subject}


def test_wrong_and_missing_subjects_and_missed_figures_are_listed(tmp_path: Path) -> None:
    gold = _gold(
        tmp_path,
        {
            "figures": [
                {"subject": "Acme", "value": 5.0, "unit": "EUR"},
                {"subject": "Acme", "value": 7.0, "unit": "EUR"},
                {"subject": "Acme", "value": 9.0, "unit": "EUR"},
                {"subject": "Acme", "value": 11.0, "unit": "EUR"},
            ]
        },
    )
    export = _export(figures=[_figure(5, "Acme"), _figure(7, "Borel"), _figure(9, None)])
    causes = [(f["cause"], f["text"]) for f in diagnose(export, gold)]
    assert causes == [("wrong subject", "7"), ("no subject", "9"), ("missed", "11 EUR")]


def test_false_events_are_sorted_by_cause(tmp_path: Path) -> None:
    gold = _gold(tmp_path, {"events": [{"type": "strike", "actors": ["Union"]}]})
    events = [
        {"doc": "d1", "type": "strike", "actors": ["Union"]},
        {"doc": "d1", "type": "strike", "actors": ["Union"]},
        {"doc": "d1", "type": "strike", "actors": ["Acme"]},
        {"doc": "d1", "type": "insolvency", "actors": ["Acme"]},
    ]
    found = [f["cause"] for f in diagnose(_export(events=events), gold)]
    assert found == ["duplicate", "wrong actor", "type not in gold"]
    assert diagnosis_lines(diagnose(_export(events=events), gold))[0] == "event duplicate: 1"
