"""``POST /api/documents``: one text, HTML page or feed body into the ledger."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import Any

from newsledger.api.app import ServerConfig
from newsledger.api.schemas import IngestIn
from newsledger.ingest.sources import SourceFile, read_source
from newsledger.ledger import Ledger
from newsledger.model import Extraction, Failure, RawDocument
from newsledger.pipeline import Pipeline


def _raw_documents(body: IngestIn, max_bytes: int) -> list[RawDocument | Failure]:
    meta = {"url": body.url, "title": body.title, "published": body.published}
    if body.text is not None:
        return [
            RawDocument(
                source=body.url or "api:text", data=body.text.encode("utf-8"), kind="text", **meta
            )
        ]
    if body.html is not None:
        return [
            RawDocument(
                source=body.url or "api:html", data=body.html.encode("utf-8"), kind="html", **meta
            )
        ]
    assert body.feed is not None
    # The feed reader works on files; the body goes through a private
    # temporary one, and the documents are renamed after the request.
    with tempfile.TemporaryDirectory(prefix="newsledger-api-") as tmp:
        path = Path(tmp) / "feed.xml"
        path.write_text(body.feed, encoding="utf-8")
        stat = path.stat()
        found = list(read_source(SourceFile(str(path), stat.st_size, stat.st_mtime_ns), max_bytes))
    renamed: list[RawDocument | Failure] = []
    for item in found:
        where = item.path if isinstance(item, Failure) else item.source
        entry = where.rsplit("#", 1)[-1] if "#" in where else ""
        if isinstance(item, Failure):
            renamed.append(dataclasses.replace(item, path=f"api:feed#{entry}".rstrip("#")))
        else:
            source = item.url or f"{body.url or 'api:feed'}#{entry}"
            renamed.append(dataclasses.replace(item, source=source))
    return renamed


def _pipeline(config: ServerConfig, ledger: Ledger) -> Pipeline:
    pipeline = config.cache.get("pipeline")
    if not isinstance(pipeline, Pipeline):
        pipeline = Pipeline(ledger.settings, ledger.kb)
        config.cache["pipeline"] = pipeline
    return pipeline


def ingest_body(config: ServerConfig, body: IngestIn) -> dict[str, Any]:
    """Extract, store and resolve what the body holds; report what happened."""
    failures: list[Failure] = []
    added: list[Extraction] = []
    duplicates = 0
    existing: list[str] = []
    with config.write_lock, Ledger(config.db) as ledger:
        pipeline = _pipeline(config, ledger)
        for raw in _raw_documents(body, ledger.settings.max_bytes):
            if isinstance(raw, Failure):
                failures.append(raw)
                continue
            result = pipeline.process(raw)
            if isinstance(result, Failure):
                failures.append(result)
            elif ledger.store.has_document(result.document.id) or any(
                x.document.id == result.document.id for x in added
            ):
                duplicates += 1
                if result.document.id not in existing:
                    existing.append(result.document.id)
            else:
                added.append(result)
        ledger.store.write_batch(added, failures)
        if added and ledger.settings.resolve:
            ledger.resolve()
    return {
        "ingested": len(added),
        "duplicates": duplicates,
        "documents": [x.document.id for x in added],
        "existing": existing,
        "failures": [{"source": f.path, "stage": f.stage, "reason": f.reason} for f in failures],
    }
