"""The event lexicon of a language, built once from ``lang/<code>/events.yaml``
and the taxonomy ``data/event_types.yaml``: trigger patterns indexed by their
first letters, passive and agent cues, clause breaks, idioms, negations and
auxiliaries, compiled for ``newsledger.extract.events``."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from newsledger.extract.alternation import word_alternation
from newsledger.lang import LangData

# A passive auxiliary this many words from a participle makes it passive
# ("was quickly founded", "angekündigt worden war").
PASSIVE_WORDS = 2
# Words allowed after a coordinator before the next mention of a group
# ("and UAE-based MGX").
COORD_WORDS = 2
_CLAUSE = r";|:\s|\s[–—-]\s|—"

# libyaml's parser where PyYAML has it (several times faster at start-up).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Trigger:
    type: str
    noun: bool
    quote_only: bool


@dataclass(frozen=True)
class EventLexicon:
    # Per key, its patterns longest first as regexes, each with its triggers:
    # one alternation whose group i is pattern i, else one per pattern.
    by_key: dict[str, list[tuple[re.Pattern[str], tuple[Trigger, ...]]]]
    key_re: re.Pattern[str]
    slow_re: re.Pattern[str] | None
    slow_triggers: dict[str, Trigger]
    aux_before: re.Pattern[str]
    aux_after: re.Pattern[str]
    agent_re: re.Pattern[str]
    noun_agent_re: re.Pattern[str]
    participle_re: re.Pattern[str]
    # Words that open a participle clause sharing the sentence's subject
    # ("X …, hours before announcing a loss").
    participle_openers: frozenset[str]
    coord_re: re.Pattern[str]
    verb_second: bool
    clause_re: re.Pattern[str]
    relatives: frozenset[str]
    conjunctions: frozenset[str]
    target_preps: frozenset[str]
    suppresses: dict[str, frozenset[str]]
    weak: frozenset[str]
    # Types whose only named party is the one it happens to ("16 stores will
    # close", "the project was delayed"): that party is the actor.
    agentless: frozenset[str]
    # Types only an employer does (``employer: true`` in the taxonomy).
    employer: frozenset[str]
    # Entity types each role takes, per event type ("X was named CEO of Y":
    # the organisation appoints, the person is appointed).
    actor_types: dict[str, frozenset[str]]
    target_types: dict[str, frozenset[str]]
    # Fixed phrases that contain a trigger but report no event ("raises the
    # stakes"), negations before a trigger ("did not buy"), and the finite
    # auxiliaries of a German perfect or modal ("hat … verklagt").
    idiom_re: re.Pattern[str]
    negation_re: re.Pattern[str]
    finite_aux_re: re.Pattern[str]
    # Words that make a clause a condition, a counterfactual or a mere
    # possibility ("would have been", "wären möglich", "if", "droht"): what it
    # says has not happened.
    hypothetical_re: re.Pattern[str]
    hypothetical_after_re: re.Pattern[str]
    # Names of parties that speak for workers ("union", "Gewerkschaft"): they
    # do not close plants or cut jobs, so an agentless event skips them.
    not_employer_re: re.Pattern[str]


@functools.cache
def event_types() -> dict[str, dict[str, Any]]:
    """The taxonomy: event type -> description and relations."""
    path = resources.files("newsledger") / "data" / "event_types.yaml"
    loaded: dict[str, dict[str, Any]] = (
        yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
    )
    return loaded


def _alt(words: Sequence[str]) -> str:
    return word_alternation(words) or "(?!)"


def _build(lang: LangData) -> EventLexicon:
    t: dict[str, Any] = lang.table("events")
    taxonomy = event_types()
    entries: list[tuple[str, Trigger]] = []
    for etype, forms in (t.get("triggers") or {}).items():
        if etype not in taxonomy:
            continue
        for pos in ("verbs", "nouns"):
            for pattern in forms.get(pos) or ():
                entries.append((str(pattern), Trigger(etype, pos == "nouns", False)))
    for etype, patterns in (t.get("quote_triggers") or {}).items():
        for pattern in patterns or ():
            entries.append((str(pattern), Trigger(str(etype), False, True)))
    # Triggers are found by their first three letters: a dictionary lookup per
    # word instead of trying every pattern at every position (40x faster).
    # Patterns without a literal start go to one combined regex.
    entries.sort(key=lambda e: len(e[0]), reverse=True)
    patterns_of: dict[str, list[tuple[str, Trigger]]] = {}
    slow: list[str] = []
    for pattern, trig in entries:
        keys = _first_keys(pattern)
        if keys is None:
            slow.append(pattern)
            continue
        for key in keys:
            patterns_of.setdefault(key, []).append((pattern, trig))
    by_key = {key: _key_regexes(found) for key, found in patterns_of.items()}
    slow_re = re.compile(rf"(?i)(?<![\w-])(?:{'|'.join(slow)})(?![\w-])") if slow else None
    slow_triggers = {p: t for p, t in entries if p in slow}
    aux = _alt([str(a) for a in t.get("passive_auxiliaries") or ()])
    verb_final: dict[str, Any] = t.get("verb_final") or {}
    coords = _alt([str(c) for c in t.get("coordinators") or ()])
    return EventLexicon(
        by_key=by_key,
        key_re=re.compile(_key_pattern(by_key)),
        slow_re=slow_re,
        slow_triggers=slow_triggers,
        aux_before=re.compile(rf"(?i)(?<![\w-])(?:{aux})\s+(?:\w+\s+){{0,{PASSIVE_WORDS - 1}}}$"),
        aux_after=re.compile(rf"(?i)\s*(?:\w+\s+){{0,{PASSIVE_WORDS - 1}}}(?:{aux})(?![\w-])"),
        agent_re=re.compile(
            rf"(?i)(?<![\w-])(?:{_alt([str(a) for a in t.get('agent_cues') or ()])})\s+"
        ),
        noun_agent_re=re.compile(
            rf"(?i)(?<![\w-])(?:{_alt([str(a) for a in t.get('noun_agent_cues') or ()])})\s+"
        ),
        participle_re=re.compile(str(t.get("participle") or "(?!)")),
        participle_openers=frozenset(str(w).lower() for w in t.get("participle_openers") or ()),
        coord_re=re.compile(
            rf"(?i)\s*(?:,\s*|(?:,\s*)?(?:{coords})\s+(?:[\w’'-]+\s+){{0,{COORD_WORDS}}})"
        ),
        relatives=frozenset(str(w).lower() for w in verb_final.get("relative") or ()),
        conjunctions=frozenset(str(w).lower() for w in verb_final.get("conjunction") or ()),
        verb_second=bool(t.get("verb_second")),
        clause_re=re.compile(
            rf"{_CLAUSE}|(?i:,?\s(?:{_alt([str(w) for w in t.get('clause_words') or ()])})\s)"
        ),
        target_preps=frozenset(str(w).lower() for w in t.get("target_prepositions") or ()),
        suppresses={
            k: frozenset(str(s) for s in v.get("suppresses") or ()) for k, v in taxonomy.items()
        },
        weak=frozenset(k for k, v in taxonomy.items() if v.get("weak")),
        agentless=frozenset(k for k, v in taxonomy.items() if v.get("agentless")),
        employer=frozenset(k for k, v in taxonomy.items() if v.get("employer")),
        actor_types={
            k: frozenset(v["actor_types"]) for k, v in taxonomy.items() if v.get("actor_types")
        },
        target_types={
            k: frozenset(v["target_types"]) for k, v in taxonomy.items() if v.get("target_types")
        },
        idiom_re=re.compile(
            rf"(?i)(?<![\w-])(?:{'|'.join(str(w) for w in t.get('idioms') or ()) or '(?!)'})"
            r"(?![\w-])"
        ),
        negation_re=re.compile(
            rf"(?i)(?<![\w-])(?:{_alt([str(w) for w in t.get('negations') or ()])})(?![\w-])"
        ),
        finite_aux_re=re.compile(
            rf"(?i)(?<![\w-])(?:{_alt([str(w) for w in t.get('finite_auxiliaries') or ()])})"
            r"(?![\w-])"
        ),
        hypothetical_re=re.compile(
            rf"(?i)(?<![\w-])(?:{_alt([str(w) for w in t.get('hypotheticals') or ()])})(?![\w-])"
        ),
        hypothetical_after_re=re.compile(
            rf"(?i)(?<![\w-])(?:{_alt([str(w) for w in t.get('hypotheticals_after') or ()])})"
            r"(?![\w-])"
        ),
        not_employer_re=re.compile(
            rf"(?i)(?<![\w-])(?:{_alt([str(w) for w in t.get('not_employers') or ()])})(?![\w-])"
        ),
    )


def _key_regexes(
    found: list[tuple[str, Trigger]],
) -> list[tuple[re.Pattern[str], tuple[Trigger, ...]]]:
    """The patterns of one key as regexes, tried in order.

    One match per word instead of one per pattern: an alternation tries its
    patterns in order, so the first that matches wins as before.  Patterns
    with groups of their own keep a regex each (their numbers must not move).
    """
    if any(re.compile(p).groups for p, _ in found):
        return [(re.compile(rf"(?i)(?:{p})(?![\w-])"), (trig,)) for p, trig in found]
    alternation = "|".join(rf"((?:{p})(?![\w-]))" for p, _ in found)
    return [(re.compile(f"(?i){alternation}"), tuple(trig for _, trig in found))]


_META = set("\\()[]{}?*+|.^$")


def _first_keys(pattern: str) -> set[str] | None:
    """The lower-cased first three letters any match of ``pattern`` starts with.

    None when they cannot be read off the pattern (it starts with a class or
    a quantified letter); such patterns are matched the slow way.
    """
    if pattern.startswith("(?:"):
        depth, i = 0, 0
        while i < len(pattern):
            depth += (pattern[i] == "(") - (pattern[i] == ")")
            if depth == 0:
                break
            i += 1
        inner, rest = pattern[3:i], pattern[i + 1 :]
        if rest[:1] in ("?", "*"):
            return None
        alts, depth, cur = [], 0, ""
        for ch in inner:
            if ch == "|" and depth == 0:
                alts.append(cur)
                cur = ""
                continue
            depth += (ch == "(") - (ch == ")")
            cur += ch
        alts.append(cur)
        keys: set[str] = set()
        for alt in alts:
            found = _first_keys(alt + rest)
            if found is None:
                return None
            keys |= found
        return keys
    lit = ""
    for ch in pattern:
        if ch in _META:
            if ch in "?*{" and lit:
                lit = lit[:-1]
            break
        lit += ch
    if len(lit) < 3 or not lit[0].isalpha():
        return None
    return {lit[:3].lower()}


def _key_pattern(keys: Iterable[str]) -> str:
    """Where a ``_TOKEN`` word starts whose key may be one of ``keys``.

    A match is the character before such a word (a blank before offset 0), so
    that ``re`` jumps in C from one non-word character to the next instead
    of trying every position; the words are then looked up as before.
    """
    firsts: dict[str, set[str]] = {}
    for key in keys:
        firsts.setdefault(key[0], set()).add(key[1:])
    alt = "|".join(
        re.escape(first) + "(?:" + "|".join(re.escape(r) for r in sorted(rests)) + ")"
        for first, rests in sorted(firsts.items())
    )
    return rf"[^\w-](?=[^\W\d_][\w-]{{2}})(?=(?i:{alt or '(?!)'}))"


def trigger_matches(text: str, lex: EventLexicon) -> list[tuple[re.Match[str], Trigger]]:
    found: list[tuple[re.Match[str], Trigger]] = []
    free = 0
    # The words whose first three letters may be a key, each a match of
    # ``(?<![\w-])[^\W\d_][\w-]{2}`` (the others have no candidates).
    starts = (m.end() for m in lex.key_re.finditer(text))
    for start in itertools.chain((0,), starts) if lex.key_re.match(" " + text[:3]) else starts:
        if start < free:
            continue
        candidates = lex.by_key.get(text[start : start + 3].lower())
        if candidates is None:
            continue
        for regex, triggers in candidates:
            m = regex.match(text, start)
            if m is not None:
                found.append((m, triggers[(m.lastindex or 1) - 1 if len(triggers) > 1 else 0]))
                free = m.end()
                break
    if lex.slow_re is not None:
        for m in lex.slow_re.finditer(text):
            for pattern, trig in lex.slow_triggers.items():
                if re.fullmatch(pattern, m.group(0), re.I):
                    found.append((m, trig))
                    break
        found.sort(key=lambda x: x[0].start())
    return found


def event_lexicon(lang: LangData) -> EventLexicon:
    return lang.compiled(_build)
