"""Looking a document up by its id uses the primary key, not a scan.

Most callers (the API's conflict sentences, the web pages, resolve) pass
exact ids; a query that could not use the key read every document per call.
"""

from __future__ import annotations

from pathlib import Path

from newsledger.model import Extraction
from newsledger.store import open_store
from tests.store.test_contract import _doc


def test_document_by_exact_id_never_scans_the_documents_table(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "news.db"))
    try:
        doc = _doc("doc1", "Acme hired 5 people.", source="folder/a.txt")
        store.write_batch([Extraction(document=doc)])
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)  # type: ignore[attr-defined]
        found = store.document(doc.id)
        store.conn.set_trace_callback(None)  # type: ignore[attr-defined]
        assert found is not None and found.id == doc.id
        plans = [
            " ".join(str(row[3]) for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql))  # type: ignore[attr-defined]
            for sql in statements
            if sql.lstrip().upper().startswith("SELECT")
        ]
        assert plans, statements
        assert not any("SCAN documents" in plan for plan in plans), plans
        assert store.document("folder/a.txt") is not None  # a source still finds it
    finally:
        store.close()
