"""Scores as JSON data and as a terminal table."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from newsledger.evaluate.common import Counts, Scores


def _counts_json(counts: Counts) -> dict[str, Any]:
    return {
        "precision": counts.precision,
        "recall": counts.recall,
        "f1": counts.f1,
        "system": counts.system,
        "gold": counts.gold,
        "system_matched": counts.system_matched,
        "gold_matched": counts.gold_matched,
    }


def scores_json(scores: Scores) -> dict[str, Any]:
    """Scores as plain JSON data: totals per category and rows per document."""
    categories = {c.name: {**_counts_json(c.total), **c.extra} for c in scores.categories}
    documents: dict[str, dict[str, Any]] = {}
    for c in scores.categories:
        for name, counts in c.per_document.items():
            row = {**_counts_json(counts), **c.document_extra.get(name, {})}
            documents.setdefault(name, {})[c.name] = row
    return {
        "categories": categories,
        "documents": documents,
        "missing_documents": list(scores.missing_documents),
        "unscored_documents": list(scores.unscored_documents),
    }


def _fmt(value: float | None) -> str:
    if value is None:
        return "n/a"
    return str(value) if isinstance(value, int) else f"{value:.3f}"


def scores_table(scores: Scores) -> Table:
    """One row per category: micro-averaged P, R, F1, counts and extra figures."""
    table = Table(title="Evaluation against gold (micro-averaged)")
    for column in ("category", "P", "R", "F1", "system", "gold", "notes"):
        table.add_column(column, justify="left" if column in ("category", "notes") else "right")
    for c in scores.categories:
        notes = ", ".join(f"{k.replace('_', ' ')} {_fmt(v)}" for k, v in c.extra.items())
        t = c.total
        numbers = (_fmt(t.precision), _fmt(t.recall), _fmt(t.f1), str(t.system), str(t.gold))
        table.add_row(c.name, *numbers, notes)
    if scores.missing_documents:
        table.caption = "missing from the export: " + ", ".join(scores.missing_documents)
    return table
