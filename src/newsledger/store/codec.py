"""Records to table rows and back, derived from the dataclasses in model.py.

A table's columns are its record's fields; tuples and lists become JSON
text; a nested record (a Claim's Figure) is flattened into prefixed columns.
Deriving the schema keeps model.py the one place where a noun is defined.
"""

from __future__ import annotations

import dataclasses
import json
import operator
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from newsledger import model

T = TypeVar("T")

# Nested records that are stored inside a JSON column, by field type name.
_JSON_RECORDS: dict[str, type[Any]] = {
    "Span": model.Span,
    "Boilerplate": model.Boilerplate,
    "Claim": model.Claim,
    "Figure": model.Figure,
}


@dataclasses.dataclass(frozen=True)
class Column:
    name: str
    sql_type: str
    # "plain" scalar, "json" encoded, or "nested" for flattened records.
    kind: str
    field: str
    nested: type[Any] | None = None


_COLUMNS: dict[type[Any], tuple[Column, ...]] = {}
_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(cls: type[Any]) -> dict[str, Any]:
    # get_type_hints evaluates every annotation string: far too slow to
    # repeat for each of millions of rows.
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = typing.get_type_hints(cls)
    return hints


def columns(cls: type[Any]) -> tuple[Column, ...]:
    """The columns a record type is stored in."""
    cached = _COLUMNS.get(cls)
    if cached is None:
        cached = _COLUMNS[cls] = _derive_columns(cls)
    return cached


def _derive_columns(cls: type[Any]) -> tuple[Column, ...]:
    hints = _hints(cls)
    result: list[Column] = []
    for field in dataclasses.fields(cls):
        hint = hints[field.name]
        if dataclasses.is_dataclass(hint):
            for sub in columns(typing.cast(type[Any], hint)):
                result.append(
                    Column(f"{field.name}_{sub.name}", sub.sql_type, "nested", field.name, hint)  # type: ignore[arg-type]
                )
            continue
        origin = typing.get_origin(hint)
        if origin in (tuple, list):
            result.append(Column(field.name, "TEXT", "json", field.name))
            continue
        args = set(typing.get_args(hint)) - {type(None)}
        base = next(iter(args)) if args else hint
        if base is bool or hint is bool or base is int:
            sql = "INTEGER"
        elif base is float:
            sql = "REAL"
        else:
            sql = "TEXT"
        result.append(Column(field.name, sql, "plain", field.name))
    return tuple(result)


def to_row(record: Any) -> dict[str, Any]:
    """A record as a mapping from column name to a storable value."""
    row: dict[str, Any] = {}
    for column in columns(type(record)):
        value = getattr(record, column.field)
        if column.kind == "nested":
            value = getattr(value, column.name[len(column.field) + 1 :])
        elif column.kind == "json":
            value = json.dumps([_plain(v) for v in value], ensure_ascii=False)
        elif isinstance(value, bool):
            value = int(value)
        row[column.name] = value
    return row


def row_values(cls: type[Any]) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    """Column names of ``cls`` and a fast function from a record to their values.

    The same values as ``to_row``, without building a dict per record: a
    batch writes hundreds of thousands of rows.
    """
    cached = _WRITERS.get(cls)
    if cached is None:
        cols = columns(cls)
        names = tuple(column.name for column in cols)
        # One C-level attrgetter for every column's field, then the few
        # columns that need converting (nested, JSON, bool).
        fields = operator.attrgetter(*(column.field for column in cols))
        fixes = [(i, fix) for i, column in enumerate(cols) if (fix := _fix(cls, column))]

        def values(record: Any) -> tuple[Any, ...]:
            row = fields(record)
            if len(cols) == 1:
                row = (row,)
            if not fixes:
                return tuple(row)
            out = list(row)
            for i, fix in fixes:
                out[i] = fix(out[i])
            return tuple(out)

        cached = _WRITERS[cls] = (names, values)
    return cached


def _fix(cls: type[Any], column: Column) -> Callable[[Any], Any] | None:
    if column.kind == "nested":
        sub = column.name[len(column.field) + 1 :]
        return lambda value: getattr(value, sub)
    if column.kind == "json":
        return lambda value: json.dumps([_plain(v) for v in value], ensure_ascii=False)
    hint = _hints(cls)[column.field]
    if hint is bool or bool in typing.get_args(hint):
        # PostgreSQL refuses a boolean for an INTEGER column.
        return lambda value: int(value) if isinstance(value, bool) else value
    return None


_WRITERS: dict[type[Any], tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {}


def from_row(cls: type[T], row: Mapping[str, Any]) -> T:
    """Rebuild a record of type ``cls`` from a row made by ``to_row``."""
    keys = tuple(row.keys())
    build = _READERS.get((cls, keys))
    if build is None:
        build = _READERS[(cls, keys)] = _reader(cls, keys)
    return typing.cast(T, build(row))


# A reader per record type and set of columns present, worked out once:
# deciding per row and column what each column holds was most of reading
# a large claim group (incremental resolve reads whole groups).
_READERS: dict[tuple[type[Any], tuple[str, ...]], Callable[[Mapping[str, Any]], Any]] = {}


def _reader(cls: type[Any], keys: tuple[str, ...]) -> Callable[[Mapping[str, Any]], Any]:
    hints = _hints(cls)
    present = set(keys)
    plain: list[tuple[str, str]] = []
    decoded: list[tuple[str, str, Any]] = []
    flags: list[tuple[str, str]] = []
    nested: dict[str, list[tuple[str, str]]] = {}
    for column in columns(cls):
        if column.name not in present:
            continue
        if column.kind == "nested":
            sub = column.name[len(column.field) + 1 :]
            nested.setdefault(column.field, []).append((column.name, sub))
        elif column.kind == "json":
            decoded.append((column.field, column.name, hints[column.field]))
        elif hints[column.field] is bool:
            flags.append((column.field, column.name))
        else:
            plain.append((column.field, column.name))
    parts = [(field, hints[field], pairs) for field, pairs in nested.items()]

    def build(row: Mapping[str, Any]) -> Any:
        values = {field: row[name] for field, name in plain}
        for field, name, hint in decoded:
            values[field] = _decode_json(hint, row[name])
        for field, name in flags:
            values[field] = bool(row[name])
        for field, hint, pairs in parts:
            values[field] = from_row(hint, {sub: row[name] for name, sub in pairs})
        return cls(**values)

    return build


def record_to_dict(record: Any) -> dict[str, Any]:
    """A record as plain JSON-ready data (nested records as objects)."""
    return typing.cast(dict[str, Any], _plain(record))


def record_from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
    """Rebuild a record from ``record_to_dict`` output."""
    return typing.cast(T, _record_decoder(cls)(data))


def _plain(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    names = _field_names(type(value))
    if names:
        return {name: _plain(getattr(value, name)) for name in names}
    return value


def _field_names(cls: type[Any]) -> tuple[str, ...]:
    # Per type once: every span of every stored document passes through here.
    names = _FIELD_NAMES.get(cls)
    if names is None:
        fields = dataclasses.fields(cls) if dataclasses.is_dataclass(cls) else ()
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields)
    return names


_FIELD_NAMES: dict[type[Any], tuple[str, ...]] = {}


def _decode_json(hint: Any, text: str | None) -> Any:
    if text is None:
        return ()
    return _from_plain(hint, json.loads(text))


def _from_plain(hint: Any, value: Any) -> Any:
    return _decoder(hint)(value)


# Decoders are built once per type hint: a document's sentences are
# hundreds of spans, and working out each span's type again (dataclass
# fields, typing origins) cost far more than building it; reading the
# documents of one page of conflicts took 100 ms at 10,000 documents.
_DECODERS: dict[Any, Callable[[Any], Any]] = {}
_RECORD_DECODERS: dict[type[Any], Callable[[Mapping[str, Any]], Any]] = {}


def _identity(value: Any) -> Any:
    return value


def _decoder(hint: Any) -> Callable[[Any], Any]:
    """A function from plain JSON data to the value of type ``hint``."""
    try:
        found = _DECODERS.get(hint)
    except TypeError:  # an unhashable hint: built each time
        return _build_decoder(hint)
    if found is None:
        found = _DECODERS[hint] = _build_decoder(hint)
    return found


def _build_decoder(hint: Any) -> Callable[[Any], Any]:
    origin = typing.get_origin(hint)
    if origin in (tuple, list):
        (item_hint, *_rest) = typing.get_args(hint) or (Any,)
        item = _decoder(item_hint)
        as_tuple = origin is tuple

        def sequence(value: Any) -> Any:
            if value is None:
                return None
            items = [item(v) for v in value]
            return tuple(items) if as_tuple else items

        return sequence
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _decoder(args[0]) if len(args) == 1 else _identity
    record: type[Any] | None = None
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        record = hint
    elif getattr(hint, "__name__", "") in _JSON_RECORDS:
        record = _JSON_RECORDS[hint.__name__]
    if record is None:
        return _identity
    build = _record_decoder(record)

    def nested(value: Any) -> Any:
        return build(value) if isinstance(value, Mapping) else value

    return nested


def _record_decoder(cls: type[Any]) -> Callable[[Mapping[str, Any]], Any]:
    found = _RECORD_DECODERS.get(cls)
    if found is not None:
        return found
    hints = _hints(cls)
    names = [field.name for field in dataclasses.fields(cls)]
    # A placeholder first: a record type that contains itself terminates.
    _RECORD_DECODERS[cls] = lambda data: _record_decoder(cls)(data)
    fields = [(name, _decoder(hints[name])) for name in names]
    plain = all(decode is _identity for _, decode in fields)

    def build(data: Mapping[str, Any]) -> Any:
        if plain:
            return cls(**{name: data[name] for name in names if name in data})
        return cls(**{name: decode(data[name]) for name, decode in fields if name in data})

    _RECORD_DECODERS[cls] = build
    return build
