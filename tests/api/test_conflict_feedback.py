"""POST /api/conflicts/{id}/feedback: a reader's verdict, with the write token."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx

from newsledger.ledger import Ledger
from tests.api.newsledger_live import TOKEN, live_server


def test_feedback_needs_the_write_token_and_survives_resolve(
    ledger_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(ledger_db, db)
    with live_server(db) as base:
        [conflict] = httpx.get(base + "/api/conflicts", timeout=30).json()["items"]
        assert conflict["feedback"] is None
        url = f"{base}/api/conflicts/{conflict['id']}/feedback"
        body = {"verdict": "rejected", "note": "two different data centres"}
        assert httpx.post(url, json=body, timeout=30).status_code == 401
        wrong = httpx.post(url, json=body, headers={"Authorization": "Bearer no"}, timeout=30)
        assert wrong.status_code == 403
        headers = {"Authorization": f"Bearer {TOKEN}"}
        bad = httpx.post(url, json={"verdict": "maybe"}, headers=headers, timeout=30)
        assert bad.status_code == 422
        missing = httpx.post(
            f"{base}/api/conflicts/cnope/feedback", json=body, headers=headers, timeout=30
        )
        assert missing.status_code == 404
        done = httpx.post(url, json=body, headers=headers, timeout=30)
        assert done.status_code == 200, done.text
        assert done.json()["feedback"] == "rejected"
        again = httpx.get(f"{base}/api/conflicts/{conflict['id']}", timeout=30).json()
        assert (again["feedback"], again["feedback_note"]) == ("rejected", body["note"])
    with Ledger(db) as ledger:
        ledger.resolve()
        [exported] = ledger.export()["conflicts"]
    assert (exported["id"], exported["feedback"]) == (conflict["id"], "rejected")
