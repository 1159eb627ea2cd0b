"""The gold file: dataclasses and a checking reader (``shared/gold/FORMAT.md``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from newsledger.errors import GoldFormatError


@dataclass(frozen=True)
class GoldEntity:
    name: str
    type: str
    mentions: tuple[str, ...]


@dataclass(frozen=True)
class GoldFigure:
    subject: str | None
    attribute: str | None
    value: float
    value_max: float | None
    unit: str
    qualifier: str | None


@dataclass(frozen=True)
class GoldQuote:
    speaker: str
    text: str


@dataclass(frozen=True)
class GoldEvent:
    type: str
    actors: tuple[str, ...]
    targets: tuple[str, ...]


@dataclass(frozen=True)
class GoldDocument:
    language: str | None
    entities: tuple[GoldEntity, ...]
    figures: tuple[GoldFigure, ...]
    quotes: tuple[GoldQuote, ...]
    events: tuple[GoldEvent, ...]
    boilerplate: tuple[str, ...]


@dataclass(frozen=True)
class GoldClaim:
    doc: str
    value: float | None
    qualifier: str | None


@dataclass(frozen=True)
class GoldContradiction:
    subject: str
    attribute: str
    claims: tuple[GoldClaim, ...]


@dataclass(frozen=True)
class Gold:
    documents: Mapping[str, GoldDocument]
    contradictions: tuple[GoldContradiction, ...]
    not_contradictions: tuple[GoldContradiction, ...]
    stories: tuple[tuple[str, ...], ...]


def _fail(path: str, where: str, reason: str) -> NoReturn:
    raise GoldFormatError(path, f"{where}: {reason} (see shared/gold/FORMAT.md)")


def _record(path: str, raw: Any, where: str, **kinds: type | tuple[type, ...]) -> Mapping[str, Any]:
    """Check that ``raw`` is an object whose keys have the given types (None: optional)."""
    if not isinstance(raw, Mapping):
        _fail(path, where, f"expected an object, got {type(raw).__name__}")
    for key, kind in kinds.items():
        value = raw.get(key)
        if isinstance(value, bool) or not isinstance(value, kind):
            _fail(path, where, f"missing or bad {key!r}: {value!r}")
    return raw


def _seq(path: str, raw: Mapping[str, Any], key: str, where: str, kind: type = object) -> list[Any]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, kind) for v in value):
        _fail(path, f"{where}.{key}", f"expected a list of {kind.__name__}")
    return value


_NUM = (int, float)
_OPT_NUM = (int, float, type(None))
_OPT_STR = (str, type(None))


def _document(path: str, raw: Any, at: str) -> GoldDocument:
    doc = _record(path, raw, at, language=_OPT_STR)

    def each(key: str, **kinds: type | tuple[type, ...]) -> list[Mapping[str, Any]]:
        items = _seq(path, doc, key, at)
        return [_record(path, o, f"{at}.{key}[{i}]", **kinds) for i, o in enumerate(items)]

    def texts(o: Mapping[str, Any], key: str) -> tuple[str, ...]:
        return tuple(_seq(path, o, key, at, str))

    return GoldDocument(
        language=doc.get("language"),
        entities=tuple(
            GoldEntity(o["name"], o["type"], texts(o, "mentions"))
            for o in each("entities", name=str, type=str)
        ),
        figures=tuple(
            GoldFigure(
                o.get("subject"),
                o.get("attribute"),
                float(o["value"]),
                None if o.get("value_max") is None else float(o["value_max"]),
                o["unit"],
                o.get("qualifier"),
            )
            for o in each("figures", value=_NUM, value_max=_OPT_NUM, unit=str, subject=_OPT_STR)
        ),
        quotes=tuple(
            GoldQuote(o["speaker"], o["text"]) for o in each("quotes", speaker=str, text=str)
        ),
        events=tuple(
            GoldEvent(o["type"], texts(o, "actors"), texts(o, "targets"))
            for o in each("events", type=str)
        ),
        boilerplate=tuple(_seq(path, doc, "boilerplate", at, str)),
    )


def _contradiction(path: str, raw: Any, at: str) -> GoldContradiction:
    entry = _record(path, raw, at, subject=str, attribute=str)
    claims = []
    for i, c in enumerate(_seq(path, entry, "claims", at)):
        claim = _record(path, c, f"{at}.claims[{i}]", doc=str, value=_OPT_NUM, qualifier=_OPT_STR)
        if claim.get("value") is None and claim.get("qualifier") != "disputed":
            _fail(path, f"{at}.claims[{i}]", "a claim without a value must be 'disputed'")
        value = None if claim.get("value") is None else float(claim["value"])
        claims.append(GoldClaim(claim["doc"], value, claim.get("qualifier")))
    return GoldContradiction(entry["subject"], entry["attribute"], tuple(claims))


def load_gold(path: str) -> Gold:
    """Read a gold file; raise GoldFormatError naming the path and the bad part."""
    try:
        with open(path, encoding="utf-8") as handle:
            raw = json.load(handle)
    except OSError as exc:
        raise GoldFormatError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise GoldFormatError(path, f"not valid UTF-8 JSON: {exc}") from exc
    top = _record(path, raw, "top level", documents=dict)
    stories = _seq(path, top, "stories", "top level")
    return Gold(
        documents={
            name: _document(path, doc, f"documents[{name!r}]")
            for name, doc in top["documents"].items()
        },
        contradictions=tuple(
            _contradiction(path, c, f"contradictions[{i}]")
            for i, c in enumerate(_seq(path, top, "contradictions", "top level"))
        ),
        not_contradictions=tuple(
            _contradiction(path, c, f"not_contradictions[{i}]")
            for i, c in enumerate(_seq(path, top, "not_contradictions", "top level"))
        ),
        stories=tuple(
            tuple(_seq(path, _record(path, s, f"stories[{i}]"), "docs", f"stories[{i}]", str))
            for i, s in enumerate(stories)
        ),
    )
