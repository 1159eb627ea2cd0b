"""Timeline of events and dated claims across the corpus.

Entries are ordered by their ISO date; a year ("2024") sorts before the
months and days inside it, so coarse and fine dates interleave as a reader
expects.  The same event told by several documents (same type, date and
participants) becomes one entry listing every source.  Undated events and
relative dates that could not be resolved have no place on a time axis and
are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal
from xml.sax.saxutils import escape

from newsledger.model import Claim, DatePrecision, Event

# SVG layout, in pixels: one row per entry, a date column, the axis, labels.
ROW_HEIGHT = 26
TOP = 48
DATE_X = 16
AXIS_X = 128
LABEL_X = 146
WIDTH = 960
# Characters of a label drawn before it is cut with an ellipsis; at 13 px
# sans-serif this fills the chart width.
LABEL_CHARS = 110
# The chart stays readable (and small) for big corpora: later rows are counted
# in a closing line instead of drawn.
MAX_ROWS = 400

_COLOURS: dict[str, str] = {
    "claim": "#6b7280",
    "acquisition_bid": "#b45309",
    "acquisition": "#92400e",
    "partnership": "#047857",
    "investment": "#0f766e",
    "fundraising": "#0e7490",
    "product_launch": "#1d4ed8",
    "founding": "#4338ca",
    "departure": "#7c3aed",
    "lawsuit": "#b91c1c",
    "criticism": "#be123c",
    "rebuttal": "#c2410c",
    "rejection": "#9a3412",
    "donation": "#15803d",
    "announcement": "#374151",
    "earnings": "#0369a1",
    "regulation": "#854d0e",
}
_DEFAULT_COLOUR = "#111827"


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One dated happening: an event or a figure claimed about a subject."""

    date: str
    precision: DatePrecision | None
    kind: Literal["event", "claim"]
    type: str
    label: str
    doc_id: str
    start: int
    end: int
    text: str
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    date_text: str | None = None
    sources: tuple[str, ...] = ()


def _sort_key(entry: TimelineEntry) -> tuple[str, str, str]:
    # "2024" < "2024-00" < "2024-03" < "2024-03-12": coarse before fine.
    padded = (entry.date + "-00-00")[:10]
    return (padded, entry.type, entry.label)


def _involves(entity: str, names: Sequence[str], ids: Sequence[str] = ()) -> bool:
    folded = entity.casefold()
    return any(n.casefold() == folded for n in names) or entity in ids


def _event_label(e: Event) -> str:
    who = ", ".join(e.actors) or "?"
    whom = f" → {', '.join(e.targets)}" if e.targets else ""
    return f"{who}: {e.type.replace('_', ' ')}{whom}"


def build_timeline(
    events: Sequence[Event], claims: Sequence[Claim], entity: str | None = None
) -> list[TimelineEntry]:
    """Dated events and claims in date order, optionally only those about ``entity``.

    ``entity`` is an entity id or a canonical name: it selects events where
    it is an actor or a target, and claims about it.
    """
    merged: dict[tuple[object, ...], TimelineEntry] = {}
    for e in events:
        if not e.date:
            continue
        if entity is not None and not _involves(entity, e.actors + e.targets):
            continue
        key: tuple[object, ...] = (
            "event",
            e.type,
            e.date,
            frozenset(e.actors),
            frozenset(e.targets),
        )
        _add(
            merged,
            key,
            TimelineEntry(
                date=e.date,
                precision=e.date_precision,
                kind="event",
                type=e.type,
                label=_event_label(e),
                doc_id=e.doc_id,
                start=e.start,
                end=e.end,
                text=e.text,
                actors=e.actors,
                targets=e.targets,
                date_text=e.date_text,
                sources=(e.doc_id,),
            ),
        )
    for c in claims:
        if not c.when:
            continue
        if entity is not None and not _involves(entity, (c.subject,), (c.subject_id,)):
            continue
        key = ("claim", c.subject_id, c.attribute, c.when, c.figure.value, c.figure.unit)
        _add(
            merged,
            key,
            TimelineEntry(
                date=c.when,
                precision=_precision(c.when),
                kind="claim",
                type=c.attribute,
                label=f"{c.subject} {c.attribute}: {c.figure.text}",
                doc_id=c.doc_id,
                start=c.start,
                end=c.end,
                text=c.figure.text,
                actors=(c.subject,),
                sources=(c.doc_id,),
            ),
        )
    return sorted(merged.values(), key=_sort_key)


def _add(
    merged: dict[tuple[object, ...], TimelineEntry], key: tuple[object, ...], entry: TimelineEntry
) -> None:
    old = merged.get(key)
    if old is None:
        merged[key] = entry
    elif entry.doc_id not in old.sources:
        merged[key] = _with_source(old, entry.doc_id)


def _with_source(entry: TimelineEntry, doc_id: str) -> TimelineEntry:
    return replace(entry, sources=(*entry.sources, doc_id))


def _precision(date: str) -> DatePrecision | None:
    parts = len(date.split("-"))
    if parts == 1:
        return "year"
    return "month" if parts == 2 else "day"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def timeline_svg(entries: Sequence[TimelineEntry]) -> str:
    """A self-contained SVG chart of ``entries``: no scripts, fonts or links."""
    shown = list(entries[:MAX_ROWS])
    rest = len(entries) - len(shown)
    rows = len(shown) + (1 if rest > 0 else 0)
    height = TOP + max(rows, 1) * ROW_HEIGHT + 24
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="Timeline">',
        "<title>Timeline</title>",
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="{DATE_X}" y="28" font-family="sans-serif" font-size="18" '
        f'font-weight="bold" fill="#111827">Timeline ({len(entries)} entries)</text>',
    ]
    if not shown:
        out.append(
            f'<text x="{DATE_X}" y="{TOP + 16}" font-family="sans-serif" font-size="13" '
            'fill="#6b7280">No dated events or claims.</text>'
        )
    else:
        y_end = TOP + (len(shown) - 1) * ROW_HEIGHT + 12
        out.append(
            f'<line x1="{AXIS_X}" y1="{TOP}" x2="{AXIS_X}" y2="{y_end}" '
            'stroke="#d1d5db" stroke-width="2"/>'
        )
    previous = ""
    for i, e in enumerate(shown):
        y = TOP + i * ROW_HEIGHT + 12
        colour = _COLOURS.get("claim" if e.kind == "claim" else e.type, _DEFAULT_COLOUR)
        if e.date != previous:
            out.append(
                f'<text x="{DATE_X}" y="{y + 4}" font-family="monospace" font-size="12" '
                f'fill="#374151">{escape(e.date)}</text>'
            )
            previous = e.date
        shape = (
            f'<rect x="{AXIS_X - 5}" y="{y - 5}" width="10" height="10" fill="{colour}"/>'
            if e.kind == "claim"
            else f'<circle cx="{AXIS_X}" cy="{y}" r="6" fill="{colour}"/>'
        )
        out.append(shape)
        count = f" ({len(e.sources)} sources)" if len(e.sources) > 1 else ""
        label = escape(_cut(e.label + count, LABEL_CHARS), {'"': "&quot;"})
        tip = escape(_cut(e.text, 300), {'"': "&quot;"})
        out.append(
            f'<text x="{LABEL_X}" y="{y + 4}" font-family="sans-serif" font-size="13" '
            f'fill="#111827">{label}<title>{tip}</title></text>'
        )
    if rest > 0:
        y = TOP + len(shown) * ROW_HEIGHT + 12
        out.append(
            f'<text x="{LABEL_X}" y="{y + 4}" font-family="sans-serif" font-size="13" '
            f'fill="#6b7280">… and {rest} more</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"
