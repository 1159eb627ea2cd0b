"""The knowledge base of entities: bundled data files plus the user's own.

An entry is a canonical name, a type, aliases per language, nicknames, an
optional Wikidata QID and roles.  Two fields steer matching:

- ``ambiguous``: aliases that are also ordinary words or letters ("X",
  "Apple", "Gemini"); they count only with context.
- ``related`` (names of other entries) and ``cues`` (patterns such as
  ``"on _"`` or ``"_-Beitrag"``): the context that makes an ambiguous alias
  count.

Files are YAML (a list of entries, or ``{entities: [...]}``) or JSONL (one
entry per line).  ``import_wikidata_dump`` turns a Wikidata JSON dump into such
a JSONL file.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from newsledger.errors import KnowledgeBaseError
from newsledger.model import ENTITY_TYPES, Entity, EntityType


@dataclass(frozen=True, slots=True)
class Alias:
    """One name of one entity, as the matcher sees it."""

    text: str
    entity_id: str
    ambiguous: bool = False
    nickname: bool = False


@dataclass
class KnowledgeBase:
    """Canonical entities with their aliases, by id."""

    entities: dict[str, Entity] = field(default_factory=dict)
    aliases: list[Alias] = field(default_factory=list)
    # entity id -> ids whose presence in a document makes its ambiguous aliases count
    related: dict[str, frozenset[str]] = field(default_factory=dict)
    # entity id -> cue patterns ("on _", "_-Beitrag") that make an ambiguous alias count
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ids_by_name: dict[tuple[str, str], str] = field(default_factory=dict)
    # Per-KB caches (the compiled matcher); built lazily, never compared.
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def add(self, entry: Mapping[str, Any]) -> Entity:
        """Add (or replace) one entry; raise ValueError when it is malformed.

        An entry without ``id`` or ``qid`` whose name and type are those of an
        existing entry replaces it, so users can override bundled entries.
        """
        entity, aliases, related, cues = _parse_entry(entry)
        if entity.id not in self.entities and not (entry.get("id") or entry.get("qid")):
            existing = self.ids_by_name.get((entity.name, entity.type))
            if existing is not None:
                entity, aliases, related, cues = _parse_entry(
                    {**entry, "id": existing.removeprefix("kb:")}
                )
        if entity.id in self.entities:
            self.aliases = [a for a in self.aliases if a.entity_id != entity.id]
        self.entities[entity.id] = entity
        self.ids_by_name.setdefault((entity.name, entity.type), entity.id)
        self.aliases.extend(aliases)
        if related:
            self.related[entity.id] = frozenset(related)  # names now, ids after resolve
        if cues:
            self.cues[entity.id] = cues
        self.cache.clear()
        return entity

    def by_name(self) -> dict[str, str]:
        """Case-folded canonical names and aliases -> entity id (first one wins)."""
        cached = self.cache.get("by_name")
        if cached is None:
            cached = {}
            for entity in self.entities.values():
                cached.setdefault(entity.name.casefold(), entity.id)
            for alias in self.aliases:
                if not alias.ambiguous:
                    cached.setdefault(alias.text.casefold(), alias.entity_id)
            self.cache["by_name"] = cached
        result: dict[str, str] = cached
        return result

    def related_ids(self, entity_id: str) -> frozenset[str]:
        """Ids of the entries whose presence supports ``entity_id``'s ambiguous aliases."""
        resolved = self.cache.get("related")
        if resolved is None:
            names = self.by_name()
            resolved = {
                eid: frozenset(names.get(n.casefold(), n) for n in rel)
                for eid, rel in self.related.items()
            }
            self.cache["related"] = resolved
        result: frozenset[str] = resolved.get(entity_id, frozenset())
        return result


def slug(name: str) -> str:
    """A stable ASCII id for a name without a QID."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "entity"


def _strings(value: Any, what: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ValueError(f"{what} must be a string or a list of strings")


def _parse_entry(
    entry: Mapping[str, Any],
) -> tuple[Entity, list[Alias], list[str], tuple[str, ...]]:
    if not isinstance(entry, Mapping):
        raise ValueError("an entry must be a mapping with at least 'name' and 'type'")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError("entry has no 'name'")
    etype = entry.get("type")
    if etype not in ENTITY_TYPES:
        raise ValueError(f"{name}: type {etype!r} is not one of {', '.join(ENTITY_TYPES)}")
    qid = entry.get("qid")
    if qid is not None and not (isinstance(qid, str) and re.fullmatch(r"Q\d+", qid)):
        raise ValueError(f"{name}: qid {qid!r} is not a Wikidata id such as Q42")
    raw_id = entry.get("id") or qid or slug(name)
    entity_id = f"kb:{raw_id}"
    names: list[str] = []
    raw_aliases = entry.get("aliases")
    if isinstance(raw_aliases, Mapping):
        for lang_code, values in raw_aliases.items():
            names.extend(_strings(values, f"{name}: aliases.{lang_code}"))
    else:
        names.extend(_strings(raw_aliases, f"{name}: aliases"))
    nicknames = _strings(entry.get("nicknames"), f"{name}: nicknames")
    ambiguous = set(_strings(entry.get("ambiguous"), f"{name}: ambiguous"))
    roles = tuple(_strings(entry.get("roles"), f"{name}: roles"))
    related = _strings(entry.get("related"), f"{name}: related")
    cues = tuple(_strings(entry.get("cues"), f"{name}: cues"))
    description = entry.get("description")
    all_names = [name, *names, *nicknames]
    aliases = [
        Alias(n, entity_id, ambiguous=n in ambiguous, nickname=n in nicknames)
        for n in dict.fromkeys(all_names)
    ]
    aliases.extend(Alias(n, entity_id, ambiguous=True) for n in ambiguous if n not in all_names)
    entity = Entity(
        id=entity_id,
        name=name,
        type=etype,
        aliases=tuple(dict.fromkeys([*names, *nicknames, *ambiguous])),
        qid=qid,
        roles=roles,
        description=description if isinstance(description, str) else None,
    )
    return entity, aliases, related, cues


def _yaml_entries(text: str, path: str) -> Iterator[tuple[int, Any]]:
    """Entries of a YAML KB file with the line each starts on."""
    # libyaml's parser where PyYAML has it: loading the KB took seconds of
    # every process start with the pure-Python one.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == "entities":
                    node = value
                    break
            else:
                raise KnowledgeBaseError(path, "line 1: expected a list of entries or 'entities:'")
        if not isinstance(node, yaml.SequenceNode):
            raise KnowledgeBaseError(path, "line 1: expected a list of entries")
        for child in node.value:
            yield child.start_mark.line + 1, loader.construct_object(child, deep=True)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise KnowledgeBaseError(path, f"line {line}: not valid YAML ({exc.problem})") from exc
    finally:
        loader.dispose()


def _jsonl_entries(text: str, path: str) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise KnowledgeBaseError(path, f"line {number}: not valid JSON ({exc.msg})") from exc


def _add_file(kb: KnowledgeBase, text: str, path: str) -> None:
    entries = _jsonl_entries(text, path) if path.endswith(".jsonl") else _yaml_entries(text, path)
    for line, entry in entries:
        try:
            kb.add(entry)
        except ValueError as exc:
            raise KnowledgeBaseError(path, f"line {line}: {exc}") from exc


@functools.cache
def _bundled() -> tuple[tuple[str, str], ...]:
    folder = resources.files("newsledger") / "data"
    files = sorted(
        (p for p in folder.iterdir() if p.name.startswith("kb_") and p.name.endswith(".yaml")),
        key=lambda p: p.name,
    )
    return tuple((f"newsledger/data/{p.name}", p.read_text(encoding="utf-8")) for p in files)


@functools.cache
def load_kb(extra_files: tuple[str, ...] = ()) -> KnowledgeBase:
    """The bundled knowledge base plus the user's files (YAML or JSONL).

    A user's entry with the id (or QID, or name) of a bundled one replaces it.
    Raises KnowledgeBaseError with the file and line of a bad entry.
    """
    kb = KnowledgeBase()
    for path, text in _bundled():
        _add_file(kb, text, path)
    for name in extra_files:
        try:
            text = Path(name).read_text(encoding="utf-8")
        except OSError as exc:
            raise KnowledgeBaseError(name, f"cannot read the file ({exc.strerror})") from exc
        except UnicodeDecodeError as exc:
            raise KnowledgeBaseError(name, "not UTF-8 text") from exc
        _add_file(kb, text, name)
    return kb


# Wikidata classes (P31 "instance of") -> our types.  Only common classes:
# an entity whose class is not listed is skipped, so a dump of everything
# yields a KB of things news is about, not of every taxon and star.
WIKIDATA_CLASSES: dict[str, EntityType] = {
    "Q5": "PERSON",  # human
    "Q6256": "GPE",  # country
    "Q3624078": "GPE",  # sovereign state
    "Q515": "GPE",  # city
    "Q1549591": "GPE",  # big city
    "Q1637706": "GPE",  # city with millions of inhabitants
    "Q200250": "GPE",  # metropolis
    "Q5119": "GPE",  # capital
    "Q35657": "GPE",  # state of the United States
    "Q1221156": "GPE",  # state of Germany
    "Q43229": "ORG",  # organization
    "Q4830453": "ORG",  # business
    "Q783794": "ORG",  # company
    "Q891723": "ORG",  # public company
    "Q6881511": "ORG",  # enterprise
    "Q3918": "ORG",  # university
    "Q7397": "PRODUCT",  # software
    "Q1172284": "PRODUCT",  # dataset
    "Q2424752": "PRODUCT",  # product
    "Q1656682": "EVENT",  # event
    "Q13226383": "FACILITY",  # facility
    "Q41176": "FACILITY",  # building
}

WIKIDATA_LANGUAGES = ("en", "de")


def _wikidata_record(item: Mapping[str, Any]) -> dict[str, Any] | None:
    qid = item.get("id")
    if not isinstance(qid, str) or not qid.startswith("Q"):
        return None
    etype: EntityType | None = None
    for claim in item.get("claims", {}).get("P31", []):
        value = claim.get("mainsnak", {}).get("datavalue", {}).get("value", {})
        cls = value.get("id") if isinstance(value, dict) else None
        if cls in WIKIDATA_CLASSES:
            etype = WIKIDATA_CLASSES[cls]
            break
    if etype is None:
        return None
    labels = item.get("labels", {})
    name = next(
        (labels[c]["value"] for c in (*WIKIDATA_LANGUAGES, *labels) if c in labels),
        None,
    )
    if not name:
        return None
    aliases: dict[str, list[str]] = {}
    for code in WIKIDATA_LANGUAGES:
        found = [labels[code]["value"]] if code in labels else []
        found += [a["value"] for a in item.get("aliases", {}).get(code, [])]
        found = [a for a in dict.fromkeys(found) if a != name]
        if found:
            aliases[code] = found
    record: dict[str, Any] = {"name": name, "type": etype, "qid": qid}
    if aliases:
        record["aliases"] = aliases
    description = item.get("descriptions", {}).get("en", {}).get("value")
    if description:
        record["description"] = description
    return record


def _dump_lines(dump_path: str) -> Iterable[tuple[int, str]]:
    opener = gzip.open if dump_path.endswith(".gz") else open
    with opener(dump_path, "rt", encoding="utf-8") as handle:
        yield from enumerate(handle, start=1)


def import_wikidata_dump(dump_path: str, out_path: str) -> int:
    """Stream a Wikidata JSON dump into a JSONL KB file; return entries written.

    The dump is one entity per line, optionally wrapped in ``[`` / ``]`` with a
    trailing comma on each line, as Wikidata publishes it.  Memory use does
    not grow with the dump.
    """
    count = 0
    try:
        with open(out_path, "w", encoding="utf-8") as out:
            for number, raw in _dump_lines(dump_path):
                line = raw.strip().rstrip(",")
                if line in ("", "[", "]"):
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise KnowledgeBaseError(
                        dump_path, f"line {number}: not a JSON entity ({exc.msg})"
                    ) from exc
                record = _wikidata_record(item) if isinstance(item, dict) else None
                if record is not None:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    count += 1
    except OSError as exc:
        raise KnowledgeBaseError(dump_path, f"cannot read or write ({exc})") from exc
    except EOFError as exc:
        raise KnowledgeBaseError(dump_path, "the gzip file is truncated") from exc
    return count
