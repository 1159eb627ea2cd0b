"""Score a ledger export against a gold file (``shared/gold/FORMAT.md``).

``load_gold`` reads the gold JSON, ``score`` compares it with the JSON export
(``docs/export-format.md``), ``scores_table`` and ``scores_json`` present the
result.  Gold documents are keyed by file name and matched to export
documents by the base name of their ``source`` (the first export document
wins if two sources share a base name).  A gold document absent from the
export counts as entirely missed and is listed in ``missing_documents``;
export documents absent from the gold are ignored and listed as unscored.

Every category counts system items, gold items and how many of each were
matched: precision = matched system / system, recall = matched gold / gold,
micro-averaged by summing counts over documents.  A category with nothing in
the gold and nothing extracted is n/a (``None``); otherwise an undefined
ratio is 0.  Where FORMAT.md is silent this module chooses:

- Names are compared after NFKC, typographic-apostrophe folding, whitespace
  collapsing and case folding.  A system name matches a gold name if equal,
  or if it is one of the gold entity's mentions (in that document; for
  contradictions, in any document).
- Matching is one-to-one and greedy: candidate pairs are taken best first
  (stronger evidence, then the rarer candidate), so two system entities that
  both match one gold entity (an unmerged "Musk" and "Elon Musk") give one
  hit and one false positive.
- Entities: an export entity is in a document if it has a mention there;
  types must agree (case-insensitive).
- Figures: a range matches only a range (both ends within 1 %).
  ``subject_accuracy`` is the share of matched figures whose subject matches.
- Quotes: a gold speaker that is no gold entity of the document is a
  description ("an investor"); it matches a system speaker when their words
  of at least ``DESCRIPTION_MIN_CHARS`` characters share one and cover half
  of the shorter description.  Token overlap counts repeated words.
  ``direct_quotes`` scores the system's direct quotations alone against the
  same gold: a gold file that annotates only quotations (the seeds) judges
  the quote stage there, since it cannot judge reported speech.
- Events: the same type and one gold actor matched by a system actor, or a
  gold event with no actors.  Gold event types are free-form (FORMAT.md
  names no list; dev.json uses about 60 for 108 events), so a system type
  also matches a gold type that one of its ``also_called`` patterns in the
  taxonomy (``data/event_types.yaml``) finds: "layoffs" and "job_cut_plan"
  are ``job_cuts``.  The patterns are names of kinds of events, written for
  the taxonomy, not for any one gold file.
- Contradictions: the subject matches, and the attribute is taken to match
  when the conflict's claims share a (document, value within 1 %) pair with
  the gold claims, or a gold ``disputed`` claim's document has a disputed
  system claim.  A conflict matching no gold contradiction is a false
  positive; it is a *false alarm* when it matches a ``not_contradictions``
  entry: same subject and at least two distinct listed claims (the "flagged
  pair") hit by the conflict's claims.  An entry without claims never fires.
- Stories: unordered pairs of gold documents sharing a story; pairs touching
  unscored documents are dropped.  Corpus-level, so no per-document rows.
- Boilerplate: containment in either direction after normalisation; empty
  system lines are ignored.  ``article_sentences_lost`` counts system lines
  of at least 8 words ending in sentence punctuation matching no gold string.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any, NoReturn, TypeVar

from rich.table import Table

from newsledger.errors import GoldFormatError

# FORMAT.md: values agree within 1 %; quotes overlap by 60 % of gold tokens.
VALUE_TOLERANCE = 0.01
QUOTE_OVERLAP = 0.6
# Words this short are mostly articles and prepositions ("an", "the", "ein");
# dropping them keeps "an investor" from matching "an industry insider".
DESCRIPTION_MIN_CHARS = 4
# A boilerplate line this long, ending like a sentence, is probably article
# text that the cleaner threw away (the brief's definition).
SENTENCE_MIN_WORDS = 8

CATEGORIES = (
    "entities",
    "figures",
    "quotes",
    "direct_quotes",
    "events",
    "contradictions",
    "stories",
    "boilerplate",
)

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”“»«)\]]*$")
_SOURCE_SEP = re.compile(r"[\\/]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})

T = TypeVar("T")
U = TypeVar("U")
Extra = Mapping[str, float | int | None]


# --- gold ---------------------------------------------------------------


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


# --- scores -------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    system: int = 0
    gold: int = 0
    system_matched: int = 0
    gold_matched: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.system + other.system,
            self.gold + other.gold,
            self.system_matched + other.system_matched,
            self.gold_matched + other.gold_matched,
        )

    @property
    def applicable(self) -> bool:
        return bool(self.system or self.gold)

    @property
    def precision(self) -> float | None:
        if not self.applicable:
            return None
        return self.system_matched / self.system if self.system else 0.0

    @property
    def recall(self) -> float | None:
        if not self.applicable:
            return None
        return self.gold_matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class CategoryScore:
    name: str
    total: Counts
    per_document: Mapping[str, Counts]
    extra: Extra
    document_extra: Mapping[str, Extra]


@dataclass(frozen=True)
class Scores:
    categories: tuple[CategoryScore, ...]
    missing_documents: tuple[str, ...]
    unscored_documents: tuple[str, ...]

    def category(self, name: str) -> CategoryScore:
        for category in self.categories:
            if category.name == name:
                return category
        raise KeyError(f"no category {name!r}; choose from {', '.join(CATEGORIES)}")


# --- matching helpers ---------------------------------------------------


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    return _SPACE.sub(" ", text).strip().casefold()


def _tokens(text: str) -> list[str]:
    return _WORD.findall(_norm(text))


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= VALUE_TOLERANCE * max(abs(a), abs(b))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


Names = Mapping[str, frozenset[str]]


def _names(entities: Iterable[GoldEntity]) -> dict[str, frozenset[str]]:
    """Normalised canonical name -> every normalised form that refers to it."""
    forms: dict[str, set[str]] = {}
    for entity in entities:
        key = _norm(entity.name)
        forms.setdefault(key, {key}).update(_norm(m) for m in entity.mentions)
    return {key: frozenset(value) for key, value in forms.items()}


def _name_matches(system: Any, gold: str, names: Names) -> bool:
    if not isinstance(system, str):
        return False
    s, g = _norm(system), _norm(gold)
    return s == g or s in names.get(g, frozenset())


def _description_matches(system: Any, gold: str) -> bool:
    if not isinstance(system, str):
        return False
    a = {t for t in _tokens(system) if len(t) >= DESCRIPTION_MIN_CHARS}
    b = {t for t in _tokens(gold) if len(t) >= DESCRIPTION_MIN_CHARS}
    shared = len(a & b)
    return shared > 0 and 2 * shared >= min(len(a), len(b))


def _greedy(
    gold: Sequence[T], system: Sequence[U], strength: Callable[[T, U], float | None]
) -> list[tuple[int, int]]:
    """One-to-one pairs, strongest first; ties go to the item with fewer options."""
    candidates = [
        (s, gi, si)
        for gi, g in enumerate(gold)
        for si, item in enumerate(system)
        if (s := strength(g, item)) is not None
    ]
    gold_degree = Counter(gi for _, gi, _ in candidates)
    system_degree = Counter(si for _, _, si in candidates)
    candidates.sort(key=lambda c: (-c[0], gold_degree[c[1]], system_degree[c[2]], c[1], c[2]))
    used_gold: set[int] = set()
    used_system: set[int] = set()
    pairs = []
    for _, gi, si in candidates:
        if gi not in used_gold and si not in used_system:
            used_gold.add(gi)
            used_system.add(si)
            pairs.append((gi, si))
    return pairs


def _tally(
    gold: Sequence[T], system: Sequence[U], strength: Callable[[T, U], float | None]
) -> tuple[Counts, list[tuple[int, int]]]:
    pairs = _greedy(gold, system, strength)
    return Counts(len(system), len(gold), len(pairs), len(pairs)), pairs


# --- per category -------------------------------------------------------


def _entities(gold: GoldDocument, system: list[tuple[str, str]], names: Names) -> Counts:
    def strength(g: GoldEntity, s: tuple[str, str]) -> float | None:
        if _norm(s[1]) != _norm(g.type) or not _name_matches(s[0], g.name, names):
            return None
        return 1.0 if _norm(s[0]) == _norm(g.name) else 0.5

    return _tally(gold.entities, system, strength)[0]


def _figures(
    gold: GoldDocument, system: list[Mapping[str, Any]], names: Names
) -> tuple[Counts, int]:
    def strength(g: GoldFigure, s: Mapping[str, Any]) -> float | None:
        value, value_max = _number(s.get("value")), _number(s.get("value_max"))
        if value is None or _norm(str(s.get("unit") or "")) != _norm(g.unit):
            return None
        if not (_close(value, g.value) and _close(value_max, g.value_max)):
            return None
        error = abs(value - g.value) / max(abs(value), abs(g.value), 1e-12)
        subject = g.subject is not None and _name_matches(s.get("subject"), g.subject, names)
        return (1.0 if subject else 0.0) - error

    counts, pairs = _tally(gold.figures, system, strength)
    subjects = sum(
        1
        for gi, si in pairs
        if (subject := gold.figures[gi].subject) is not None
        and _name_matches(system[si].get("subject"), subject, names)
    )
    return counts, subjects


def _quotes(gold: GoldDocument, system: list[Mapping[str, Any]], names: Names) -> Counts:
    def strength(g: GoldQuote, s: Mapping[str, Any]) -> float | None:
        speaker = s.get("speaker")
        named = _name_matches(speaker, g.speaker, names)
        if not named and (
            _norm(g.speaker) in names or not _description_matches(speaker, g.speaker)
        ):
            return None
        wanted = Counter(_tokens(g.text))
        found = Counter(_tokens(str(s.get("text") or "")))
        if not wanted:
            return None
        overlap = sum((wanted & found).values()) / sum(wanted.values())
        return overlap if overlap >= QUOTE_OVERLAP else None

    return _tally(gold.quotes, system, strength)[0]


@functools.cache
def _type_aliases() -> dict[str, re.Pattern[str]]:
    """Per event type of the taxonomy, the free-form names it also goes by."""
    from newsledger.extract.event_lexicon import event_types

    return {
        _norm(name): re.compile("|".join(f"(?:{p})" for p in spec["also_called"]))
        for name, spec in event_types().items()
        if spec.get("also_called")
    }


def _same_type(system: str, gold: str) -> bool:
    s, g = _norm(system), _norm(gold)
    if s == g:
        return True
    aliases = _type_aliases().get(s)
    return aliases is not None and aliases.search(g.replace(" ", "_")) is not None


def _events(gold: GoldDocument, system: list[Mapping[str, Any]], names: Names) -> Counts:
    def strength(g: GoldEvent, s: Mapping[str, Any]) -> float | None:
        if not _same_type(str(s.get("type") or ""), g.type):
            return None
        actors = s.get("actors") or []
        hits = sum(1 for a in g.actors if any(_name_matches(x, a, names) for x in actors))
        targets = s.get("targets") or []
        target_hits = sum(1 for t in g.targets if any(_name_matches(x, t, names) for x in targets))
        return None if g.actors and not hits else hits + 0.5 * target_hits

    return _tally(gold.events, system, strength)[0]


def _boilerplate(gold: GoldDocument, system: list[str]) -> tuple[Counts, int]:
    wanted = [_norm(g) for g in gold.boilerplate]
    lines = [line for line in (_norm(s) for s in system) if line]

    def hit(line: str, g: str) -> bool:
        return g in line or line in g

    found = sum(1 for g in wanted if any(hit(line, g) for line in lines))
    matched = [any(hit(line, g) for g in wanted) for line in lines]
    lost = sum(
        1
        for line, ok in zip(lines, matched, strict=True)
        if not ok and len(line.split()) >= SENTENCE_MIN_WORDS and _SENTENCE_END.search(line)
    )
    return Counts(len(lines), len(wanted), sum(matched), found), lost


def _claims_hit(claim: GoldClaim, system_claims: list[tuple[str, Mapping[str, Any]]]) -> bool:
    for doc, s in system_claims:
        if doc != claim.doc:
            continue
        if claim.value is not None and _close(_number(s.get("value")), claim.value):
            return True
        if claim.qualifier == "disputed" and s.get("disputed") is True:
            return True
    return False


def _contradictions(
    gold: Gold, conflicts: list[Mapping[str, Any]], doc_names: Mapping[str, str]
) -> tuple[Counts, int]:
    names = _names(e for doc in gold.documents.values() for e in doc.entities)
    claims = [
        [(doc_names.get(str(c.get("doc")), ""), c) for c in (conflict.get("claims") or [])]
        for conflict in conflicts
    ]

    def strength(g: GoldContradiction, index: int) -> float | None:
        if not _name_matches(conflicts[index].get("subject"), g.subject, names):
            return None
        shared = sum(1 for c in g.claims if _claims_hit(c, claims[index]))
        return float(shared) if shared else None

    indices = list(range(len(conflicts)))
    counts, pairs = _tally(gold.contradictions, indices, strength)
    matched = {si for _, si in pairs}
    alarms = 0
    for index in indices:
        if index in matched:
            continue
        for entry in gold.not_contradictions:
            wanted = min(2, len(entry.claims))
            if wanted and (strength(entry, index) or 0) >= wanted:
                alarms += 1
                break
    return counts, alarms


def _pairs(stories: Iterable[Iterable[str]], keep: Iterable[str]) -> set[frozenset[str]]:
    allowed = set(keep)
    result: set[frozenset[str]] = set()
    for docs in stories:
        members = sorted({d for d in docs if d in allowed})
        result.update(frozenset(p) for p in combinations(members, 2))
    return result


# --- scoring ------------------------------------------------------------


def _basename(source: Any) -> str:
    return _SOURCE_SEP.split(str(source or ""))[-1]


def _by_doc(records: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for record in records:
        grouped.setdefault(str(record.get("doc")), []).append(record)
    return grouped


def score(export: Mapping[str, Any], gold: Gold) -> Scores:
    """Compare an export object with the gold annotations, category by category."""
    doc_ids: dict[str, str] = {}
    unscored: list[str] = []
    for document in export.get("documents") or []:
        name = _basename(document.get("source"))
        if name in gold.documents and name not in doc_ids:
            doc_ids[name] = str(document.get("id"))
        elif name not in gold.documents:
            unscored.append(name)
    doc_names = {doc_id: name for name, doc_id in doc_ids.items()}

    entities: dict[str, dict[tuple[str, str], tuple[str, str]]] = {}
    for entity in export.get("entities") or []:
        pair = (str(entity.get("name") or ""), str(entity.get("type") or ""))
        key = (_norm(pair[0]), _norm(pair[1]))
        for mentioned in {str(m.get("doc")) for m in entity.get("mentions") or []}:
            entities.setdefault(mentioned, {}).setdefault(key, pair)
    figures = _by_doc(export.get("figures") or [])
    quotes = _by_doc(export.get("quotes") or [])
    direct = {d: [q for q in qs if q.get("form", "direct") == "direct"] for d, qs in quotes.items()}
    events = _by_doc(export.get("events") or [])
    boilerplate = _by_doc(export.get("boilerplate") or [])

    per: dict[str, dict[str, Counts]] = {c: {} for c in CATEGORIES}
    doc_extra: dict[str, dict[str, Extra]] = {"figures": {}, "boilerplate": {}}
    subjects = lost = 0
    for name, doc in gold.documents.items():
        doc_id = doc_ids.get(name, "\0missing")
        names = _names(doc.entities)
        per["entities"][name] = _entities(doc, list(entities.get(doc_id, {}).values()), names)
        per["figures"][name], subject_hits = _figures(doc, figures.get(doc_id, []), names)
        per["quotes"][name] = _quotes(doc, quotes.get(doc_id, []), names)
        per["direct_quotes"][name] = _quotes(doc, direct.get(doc_id, []), names)
        per["events"][name] = _events(doc, events.get(doc_id, []), names)
        lines = [str(b.get("text") or "") for b in boilerplate.get(doc_id, [])]
        per["boilerplate"][name], doc_lost = _boilerplate(doc, lines)
        matched = per["figures"][name].gold_matched
        doc_extra["figures"][name] = {
            "subject_accuracy": subject_hits / matched if matched else None
        }
        doc_extra["boilerplate"][name] = {"article_sentences_lost": doc_lost}
        subjects += subject_hits
        lost += doc_lost

    conflicts, alarms = _contradictions(gold, list(export.get("conflicts") or []), doc_names)
    system_pairs = _pairs(
        (
            [doc_names.get(str(d), "") for d in s.get("docs") or []]
            for s in export.get("stories") or []
        ),
        gold.documents,
    )
    gold_pairs = _pairs(gold.stories, gold.documents)
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


# --- presentation -------------------------------------------------------


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
