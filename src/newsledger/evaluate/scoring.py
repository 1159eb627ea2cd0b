"""``score``: every category over one export and one gold file."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsledger.evaluate.boilerplate import score_boilerplate
from newsledger.evaluate.common import (
    CATEGORIES,
    CategoryScore,
    Counts,
    Extra,
    Scores,
    basename,
    by_doc,
    gold_names,
    norm,
)
from newsledger.evaluate.contradictions import score_contradictions
from newsledger.evaluate.entities import score_entities
from newsledger.evaluate.events import score_events
from newsledger.evaluate.figures import score_figures
from newsledger.evaluate.gold import Gold
from newsledger.evaluate.quotes import score_quotes
from newsledger.evaluate.stories import story_pairs


def score(export: Mapping[str, Any], gold: Gold) -> Scores:
    """Compare an export object with the gold annotations, category by category."""
    doc_ids: dict[str, str] = {}
    unscored: list[str] = []
    for document in export.get("documents") or []:
        name = basename(document.get("source"))
        if name in gold.documents and name not in doc_ids:
            doc_ids[name] = str(document.get("id"))
        elif name not in gold.documents:
            unscored.append(name)
    doc_names = {doc_id: name for name, doc_id in doc_ids.items()}

    entities: dict[str, dict[tuple[str, str], tuple[str, str]]] = {}
    for entity in export.get("entities") or []:
        pair = (str(entity.get("name") or ""), str(entity.get("type") or ""))
        key = (norm(pair[0]), norm(pair[1]))
        for mentioned in {str(m.get("doc")) for m in entity.get("mentions") or []}:
            entities.setdefault(mentioned, {}).setdefault(key, pair)
    figures = by_doc(export.get("figures") or [])
    quotes = by_doc(export.get("quotes") or [])
    direct = {d: [q for q in qs if q.get("form", "direct") == "direct"] for d, qs in quotes.items()}
    events = by_doc(export.get("events") or [])
    boilerplate = by_doc(export.get("boilerplate") or [])

    per: dict[str, dict[str, Counts]] = {c: {} for c in CATEGORIES}
    doc_extra: dict[str, dict[str, Extra]] = {"figures": {}, "boilerplate": {}}
    subjects = lost = 0
    for name, doc in gold.documents.items():
        doc_id = doc_ids.get(name, "\0missing")
        names = gold_names(doc.entities)
        per["entities"][name] = score_entities(doc, list(entities.get(doc_id, {}).values()), names)
        per["figures"][name], subject_hits = score_figures(doc, figures.get(doc_id, []), names)
        per["quotes"][name] = score_quotes(doc, quotes.get(doc_id, []), names)
        per["direct_quotes"][name] = score_quotes(doc, direct.get(doc_id, []), names)
        per["events"][name] = score_events(doc, events.get(doc_id, []), names)
        lines = [str(b.get("text") or "") for b in boilerplate.get(doc_id, [])]
        per["boilerplate"][name], doc_lost = score_boilerplate(doc, lines)
        matched = per["figures"][name].gold_matched
        doc_extra["figures"][name] = {
            "subject_accuracy": subject_hits / matched if matched else None
        }
        doc_extra["boilerplate"][name] = {"article_sentences_lost": doc_lost}
        subjects += subject_hits
        lost += doc_lost

    conflicts, alarms = score_contradictions(gold, list(export.get("conflicts") or []), doc_names)
    system_pairs = story_pairs(
        (
            [doc_names.get(str(d), "") for d in s.get("docs") or []]
            for s in export.get("stories") or []
        ),
        gold.documents,
    )
    gold_pairs = story_pairs(gold.stories, gold.documents)
    shared = len(system_pairs & gold_pairs)
    stories = Counts(len(system_pairs), len(gold_pairs), shared, shared)

    def total(category: str) -> Counts:
        return sum(per[category].values(), Counts())

    matched_figures = total("figures").gold_matched
    extras: dict[str, Extra] = {
        "figures": {"subject_accuracy": subjects / matched_figures if matched_figures else None},
        "contradictions": {
            "false_alarms": alarms,
            # Readers' verdicts kept in the ledger (``newsledger conflicts --mark``).
            "marked_confirmed": sum(
                1 for c in export.get("conflicts") or [] if c.get("feedback") == "confirmed"
            ),
            "marked_rejected": sum(
                1 for c in export.get("conflicts") or [] if c.get("feedback") == "rejected"
            ),
        },
        "boilerplate": {"article_sentences_lost": lost},
    }
    overall = {"contradictions": conflicts, "stories": stories}
    categories = tuple(
        CategoryScore(
            name=c,
            total=overall[c] if c in overall else total(c),
            per_document=per[c],
            extra=extras.get(c, {}),
            document_extra=doc_extra.get(c, {}),
        )
        for c in CATEGORIES
    )
    missing = tuple(name for name in gold.documents if name not in doc_ids)
    return Scores(categories, missing, tuple(unscored))
