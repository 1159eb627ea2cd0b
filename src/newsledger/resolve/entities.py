"""Cross-document entity resolution.

Knowledge-base mentions already carry their canonical id.  Discovered
entities ("new:PERSON:quinn bolton") are merged when they are the same thing
seen in several documents: the same name after folding accents, case and
legal forms; a surname or first word alone ("Bolton", "Astera") when one full
name in the corpus owns it; a one-letter typo of a long name; a name that is
a knowledge-base alias.  Candidates are compared only inside blocks that
share a key, so the cost grows with the number of entities, not its square.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from rapidfuzz.distance import Levenshtein

from newsledger.extract.entities.roles import parse_role
from newsledger.kb import KnowledgeBase
from newsledger.model import Entity, EntityType, Mention

# Legal forms dropped before comparing organisation names.
LEGAL_FORMS = frozenset(
    {"inc", "corp", "co", "ltd", "llc", "plc", "gmbh", "ag", "se", "kg", "sa", "nv", "bv"}
)
# Typos are merged only between words at least this long (see extract.entities).
MIN_TYPO_LENGTH = 6
# A block larger than this is a key too common to say anything ("john");
# comparing inside it would be quadratic, so it is skipped.
MAX_BLOCK = 50


@functools.lru_cache(maxsize=1 << 18)
def _key(name: str, etype: EntityType) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    words = re.findall(r"[a-z0-9]+", folded)
    if etype == "ORG":
        words = [w for w in words if w not in LEGAL_FORMS] or words
    return " ".join(words)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        if parent != item:
            parent = self.parent[item] = self.find(parent)
        return parent

    def union(self, keep: str, drop: str) -> None:
        a, b = self.find(keep), self.find(drop)
        if a != b:
            self.parent[b] = a


def _merge_discovered(
    names: dict[str, tuple[str, EntityType]], counts: Counter[str], kb: KnowledgeBase
) -> dict[str, str]:
    """Old discovered id -> kept id."""
    uf = _UnionFind()
    kb_names = kb.by_name()
    by_key: dict[tuple[EntityType, str], list[str]] = defaultdict(list)
    for eid, (name, etype) in names.items():
        known = kb_names.get(name.casefold())
        if known is not None and kb.entities[known].type == etype:
            uf.union(known, eid)
            continue
        by_key[(etype, _key(name, etype))].append(eid)
    heads: dict[tuple[EntityType, str], str] = {}
    for block_key, ids in by_key.items():
        ids.sort(key=lambda i: (-counts[i], i))
        for other in ids[1:]:
            uf.union(ids[0], other)
        heads[block_key] = ids[0]
    # Short forms: a one-word name owned by exactly one longer name.
    owners: dict[tuple[EntityType, str], set[str]] = defaultdict(set)
    for (etype, key), eid in heads.items():
        words = key.split()
        if len(words) >= 2:
            owners[(etype, words[-1] if etype == "PERSON" else words[0])].add(eid)
    for (etype, key), eid in heads.items():
        if " " not in key and etype in ("PERSON", "ORG"):
            found = owners.get((etype, key), set())
            if len(found) == 1:
                uf.union(next(iter(found)), eid)
    # Typos: block by type and the first word, compare the rest.
    blocks: dict[tuple[EntityType, str], list[str]] = defaultdict(list)
    for etype, key in heads:
        words = key.split()
        if len(words) >= 2 and etype in ("PERSON", "ORG"):
            blocks[(etype, words[0])].append(key)
            blocks[(etype, "~" + words[-1])].append(key)
    for (etype, _), keys in blocks.items():
        if len(keys) < 2 or len(keys) > MAX_BLOCK:
            continue
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if (
                    a != b
                    and min(len(a), len(b)) >= MIN_TYPO_LENGTH
                    and Levenshtein.distance(a, b, score_cutoff=1) <= 1
                ):
                    ea, eb = heads[(etype, a)], heads[(etype, b)]
                    keep, drop = (ea, eb) if counts[ea] >= counts[eb] else (eb, ea)
                    uf.union(keep, drop)
    remap: dict[str, str] = {}
    for eid in names:
        root = uf.find(eid)
        if root != eid:
            remap[eid] = root
    return remap


def _roles(texts: Iterable[str], kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    """Split surface forms into names and parsed roles."""
    aliases: list[str] = []
    roles: list[str] = []
    for text in texts:
        role = parse_role(text, kb)
        if role is None:
            aliases.append(text)
        else:
            roles.append(role)
    return aliases, roles


def resolve_entities(
    mentions: Iterable[Mention], kb: KnowledgeBase
) -> tuple[list[Entity], dict[str, str]]:
    """Canonical entities for ``mentions``, and a map from merged ids to the kept id.

    ``mentions`` is read once, so it may be a stream from the store.
    """
    counts: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = defaultdict(Counter)
    names: dict[str, tuple[str, EntityType]] = {}
    for mention in mentions:
        counts[mention.entity_id] += 1
        surfaces[mention.entity_id][mention.text] += 1
        if not mention.entity_id.startswith("kb:"):
            names.setdefault(mention.entity_id, (mention.name, mention.type))
    remap = _merge_discovered(names, counts, kb)
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    for eid, texts in surfaces.items():
        groups[remap.get(eid, eid)].update(texts)
    entities: list[Entity] = []
    for eid, texts in groups.items():
        aliases, roles = _roles(texts, kb)
        if eid in kb.entities:
            base = kb.entities[eid]
            name, etype, qid, description = base.name, base.type, base.qid, base.description
        else:
            name, etype = names[eid]
            qid = description = None
        entities.append(
            Entity(
                id=eid,
                name=name,
                type=etype,
                aliases=tuple(sorted(a for a in set(aliases) if a != name)),
                qid=qid,
                roles=tuple(sorted(set(roles))),
                description=description,
            )
        )
    entities.sort(key=lambda e: (-sum(groups[e.id].values()), e.name))
    return entities, remap


def merge_into_known(
    known: Iterable[tuple[str, str, str, int]],
    new_names: Mapping[str, tuple[str, EntityType]],
    new_counts: Mapping[str, int],
    kb: KnowledgeBase,
) -> dict[str, str]:
    """Merges that new mentions cause: merged id -> kept id (incremental resolve).

    ``known`` are the stored entities (id, name, type, mention count), each
    already the kept one of its group; ``new_names`` and ``new_counts`` are
    the discovered ids of new mentions.  The same rules as ``resolve_entities``
    run over entity names, not over every mention, so that the cost grows
    with the entities and not with the ledger's mentions.
    """
    names: dict[str, tuple[str, EntityType]] = {}
    counts: Counter[str] = Counter()
    for eid, name, etype, count in known:
        counts[eid] += count
        if not eid.startswith("kb:"):
            names[eid] = (name, etype)  # type: ignore[assignment]
    for eid, count in new_counts.items():
        counts[eid] += count
    for eid, name_type in new_names.items():
        names.setdefault(eid, name_type)
    return _merge_discovered(names, counts, kb)


def lookup_keys(name: str, etype: str) -> list[str]:
    """Keys under which a stored discovered entity is indexed (``entity_keys``).

    Its folded name, and for a name of several words its first and last
    word: the blocks ``_merge_discovered`` compares inside.
    """
    key = _key(name, etype)
    words = key.split()
    out = [f"k|{etype}|{key}"]
    if len(words) >= 2:
        out += [f"f|{etype}|{words[0]}", f"l|{etype}|{words[-1]}"]
    return out


def probe_keys(name: str, etype: str) -> list[str]:
    """Keys of the stored entities that a new name could merge with.

    The same name folded; names sharing its first or last word (typo blocks,
    and the owners of a short form); the short form a longer name owns.
    Every rule of ``_merge_discovered`` pairs names inside one of these.
    """
    key = _key(name, etype)
    words = key.split()
    out = [f"k|{etype}|{key}"]
    if len(words) >= 2:
        out += [f"f|{etype}|{words[0]}", f"l|{etype}|{words[-1]}"]
        out.append(f"k|{etype}|{words[-1] if etype == 'PERSON' else words[0]}")
    elif words:
        out.append(f"{'l' if etype == 'PERSON' else 'f'}|{etype}|{words[0]}")
    return out


def entity_record(
    eid: str,
    name_type: tuple[str, EntityType],
    texts: Iterable[str],
    kb: KnowledgeBase,
    base: Entity | None = None,
    merged: Sequence[Entity] = (),
) -> Entity:
    """The entity ``eid`` with what it had (``base``), what merged into it and new texts."""
    # Each surface once: a name mentioned in thousands of documents repeats it.
    aliases, roles = _roles(dict.fromkeys(texts), kb)
    if base is not None:
        aliases += base.aliases
        roles += base.roles
    for other in merged:
        aliases += (other.name, *other.aliases)
        roles += other.roles
    if eid in kb.entities:
        known = kb.entities[eid]
        name, etype, qid, description = known.name, known.type, known.qid, known.description
    elif base is not None:
        name, etype, qid, description = base.name, base.type, base.qid, base.description
    else:
        (name, etype), qid, description = name_type, None, None
    return Entity(
        id=eid,
        name=name,
        type=etype,
        aliases=tuple(sorted(a for a in set(aliases) if a != name)),
        qid=qid,
        roles=tuple(sorted(set(roles))),
        description=description,
    )
