"""Attribute keys as a reader says them, the same for every language.

A claim's attribute is stored as a stable machine id (``job_cuts_planned``):
claims are compared, indexed and filtered by it, and every language's
lexicon maps its words to the same ids.  Exports, the API and pages show the
label instead ("job cuts (planned)"), with the id beside it for programs.
"""

from __future__ import annotations

# Ids whose words alone read wrong or vague; every other id reads as its
# words ("order_backlog" -> "order backlog").
_WORDS = {
    "gpus": "GPUs",
    "market_cap": "market capitalisation",
    "price": "purchase price",
    "funding_raised": "funding round size",
    "funding_sought": "funding sought",
    "write_down": "write-down",
    "pay_rise": "pay rise",
}
_IDS = {label: key for key, label in _WORDS.items()}
# Suffixes that say what kind of figure it is, shown in brackets.
_SUFFIXES = ("planned",)


def attribute_label(attribute: str) -> str:
    """``employees_planned`` as "employees (planned)", ``price`` as "purchase price"."""
    words = attribute
    suffix = ""
    for tail in _SUFFIXES:
        if words.endswith("_" + tail):
            words, suffix = words[: -len(tail) - 1], f" ({tail})"
    return _WORDS.get(words, words.replace("_", " ")) + suffix


def attribute_id(text: str) -> str:
    """The machine id for a label or an id: "job cuts (planned)" -> ``job_cuts_planned``.

    An id is returned as it is, so filters accept either form.
    """
    words = text.strip()
    suffix = ""
    for tail in _SUFFIXES:
        if words.endswith(f" ({tail})"):
            words, suffix = words[: -len(tail) - 3], "_" + tail
    return _IDS.get(words, words.replace(" ", "_").replace("-", "_")) + suffix
