"""Words a reader understands for what the ledger stores as keys and numbers.

Attribute keys (``employees_planned``), qualifiers (``range``, ``>=``) and
values in base units are how the ledger compares claims; a page shows
"employees (planned)", "10–12 GWh" and "$1.18 billion" instead.
"""

from __future__ import annotations

# The attribute words live with the claims (exports and the API use them too).
from newsledger.extract.claims.labels import attribute_label as attribute_label
from newsledger.model import Claim, Conflict, Document, Figure

_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
# Units read better in the plural after a number other than one.
_PLURALS = {"person": "people", "data centre": "data centres"}
# Counted things (the unit_attributes of lang/*/claims.yaml) take an "s".
_COUNTED = frozenset(
    {
        "GPU",
        "chip",
        "server",
        "user",
        "subscriber",
        "customer",
        "token",
        "agent",
        "employee",
        "job",
        "page",
        "parameter",
        "download",
        "visitor",
        "viewer",
        "follower",
        "share",
        "vehicle",
        "robot",
        "satellite",
    }
)
_QUALIFIER_WORDS = {
    "~": "about ",
    ">": "more than ",
    "<": "less than ",
    ">=": "at least ",
    "<=": "at most ",
}
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def compact_number(value: float) -> str:
    """1180000000 as "1.18 billion", 12500 as "12,500", 2.5 as "2.5"."""
    magnitude = abs(value)
    for size, word in _SCALES:
        if magnitude >= size:
            return (
                f"{value / size:,.3g} {word}"
                if value / size < 1000
                else f"{value / size:,.0f} {word}"
            )
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4g}"


def _with_unit(amount: str, unit: str, value: float) -> str:
    if unit in _CURRENCY_SIGNS:
        return _CURRENCY_SIGNS[unit] + amount
    if unit == "%":
        return amount + "%"
    if not unit:
        return amount
    if value != 1:
        unit = _PLURALS.get(unit, unit + "s" if unit in _COUNTED else unit)
    return f"{amount} {unit}"


def figure_value(figure: Figure) -> str:
    """A figure as a reader says it: "10–12 GWh", "more than 1 million GPU", "$2.4 billion"."""
    if figure.qualifier == "range" and figure.value_max is not None:
        low, high = compact_number(figure.value), compact_number(figure.value_max)
        # "1–2 billion", not "1 billion–2 billion".
        for _, word in _SCALES:
            if low.endswith(" " + word) and high.endswith(" " + word):
                low = low[: -len(word) - 1]
        return _with_unit(f"{low}–{high}", figure.unit, figure.value_max)
    words = _QUALIFIER_WORDS.get(figure.qualifier, "")
    return words + _with_unit(compact_number(figure.value), figure.unit, figure.value)


def document_label(doc: Document | None, doc_id: str) -> str:
    """A document as a reader knows it: its title and outlet."""
    if doc is None:
        return "a document no longer in the ledger"
    title = doc.title or doc.source.rsplit("/", 1)[-1]
    outlet = doc.site or (doc.url.split("/")[2] if doc.url and "://" in doc.url else "")
    return f"{title} ({outlet})" if outlet else title


def conflict_summary(conflict: Conflict, docs: dict[str, Document | None]) -> str:
    """The conflict's reason with each document hash replaced by its title and outlet."""
    reason = conflict.reason.replace(
        f"({conflict.attribute})", f"({attribute_label(conflict.attribute)})"
    )
    for claim in conflict.claims:
        reason = reason.replace(claim.doc_id, document_label(docs.get(claim.doc_id), claim.doc_id))
    return reason


def claim_key(claim: Claim) -> tuple[str, str, float, float | None, str]:
    """Claims that say the same thing share this key: one row on an entity page."""
    f = claim.figure
    return (claim.attribute, f.qualifier, f.value, f.value_max, f.unit)
