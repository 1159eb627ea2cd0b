"""Why a score is what it is: the figures and events behind the misses.

``diagnose`` lists, per document, each matched figure whose subject is wrong
or missing, each gold figure not found, each system event that matched no
gold event and each gold event not found, with a first guess at the cause.
It is for reading (``newsledger eval --why``), not for scoring: the counts
stay with ``score``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from newsledger.evaluate.common import basename, by_doc, gold_names, name_matches
from newsledger.evaluate.events import event_pairs, same_type
from newsledger.evaluate.figures import figure_pairs
from newsledger.evaluate.gold import Gold, GoldEvent

Finding = dict[str, Any]


def _event_cause(
    event: Mapping[str, Any], gold: tuple[GoldEvent, ...], matched: set[int], names: Any
) -> str:
    """A first guess at why a system event matched no gold event."""
    kind = str(event.get("type") or "")
    typed = [i for i, g in enumerate(gold) if same_type(kind, g.type)]
    if not typed:
        return "type not in gold"
    actors = event.get("actors") or []
    if any(
        i in matched and any(name_matches(a, x, names) for x in gold[i].actors for a in actors)
        for i in typed
    ):
        return "duplicate"
    return "wrong actor"


def diagnose(export: Mapping[str, Any], gold: Gold) -> list[Finding]:
    """One finding per wrong subject, missed figure, false event and missed event."""
    doc_ids: dict[str, str] = {}
    for document in export.get("documents") or []:
        doc_ids.setdefault(basename(document.get("source")), str(document.get("id")))
    figures = by_doc(export.get("figures") or [])
    events = by_doc(export.get("events") or [])
    found: list[Finding] = []
    for name, doc in gold.documents.items():
        doc_id = doc_ids.get(name, "\0missing")
        names = gold_names(doc.entities)
        system = figures.get(doc_id, [])
        _, pairs = figure_pairs(doc, system, names)
        for gi, si in pairs:
            want, got = doc.figures[gi].subject, system[si].get("subject")
            if want is not None and not name_matches(got, want, names):
                cause = "no subject" if not got else "wrong subject"
                found.append(
                    {
                        "doc": name,
                        "kind": "figure",
                        "cause": cause,
                        "text": system[si].get("text"),
                        "attribute": system[si].get("attribute"),
                        "gold": want,
                        "system": got,
                    }
                )
        hit = {gi for gi, _ in pairs}
        for gi, g in enumerate(doc.figures):
            if gi not in hit:
                found.append(
                    {
                        "doc": name,
                        "kind": "figure",
                        "cause": "missed",
                        "text": f"{g.value:g} {g.unit}",
                        "attribute": g.attribute,
                        "gold": g.subject,
                        "system": None,
                    }
                )
        system = events.get(doc_id, [])
        _, pairs = event_pairs(doc, system, names)
        matched_gold = {gi for gi, _ in pairs}
        matched_system = {si for _, si in pairs}
        for si, e in enumerate(system):
            if si not in matched_system:
                found.append(
                    {
                        "doc": name,
                        "kind": "event",
                        "cause": _event_cause(e, doc.events, matched_gold, names),
                        "text": str(e.get("text") or "")[:160],
                        "attribute": e.get("type"),
                        "gold": None,
                        "system": e.get("actors"),
                    }
                )
        for gi, wanted in enumerate(doc.events):
            if gi not in matched_gold:
                typed = any(same_type(str(e.get("type") or ""), wanted.type) for e in system)
                found.append(
                    {
                        "doc": name,
                        "kind": "event",
                        "cause": "missed, type found" if typed else "missed, no such type",
                        "text": None,
                        "attribute": wanted.type,
                        "gold": list(wanted.actors),
                        "system": None,
                    }
                )
    return found


def diagnosis_lines(findings: list[Finding]) -> list[str]:
    """Findings as text: a count per cause, then one line each."""
    causes = Counter((f["kind"], f["cause"]) for f in findings)
    lines = [f"{kind} {cause}: {n}" for (kind, cause), n in sorted(causes.items())]
    for f in findings:
        lines.append(
            f"{f['doc']}\t{f['kind']}\t{f['cause']}\t{f['attribute']}\t"
            f"gold={f['gold']}\tsystem={f['system']}\t{f['text'] or ''}"
        )
    return lines
