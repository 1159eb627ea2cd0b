"""Roles stated in text: "OpenAI CEO Sam Altman", "Satya Nadella, CEO von Microsoft".

A role phrase becomes one more mention of the person, spanning the phrase;
``parse_role`` turns such a phrase back into a canonical role ("CEO of
OpenAI") for resolution.  A descriptor without a name ("the Tesla CEO")
names the one knowledge-base person holding that role, if there is one.
"""

from __future__ import annotations

import functools

from newsledger.extract.entities.text import TOKEN_RE, Hit, Rules, Tokens, rules
from newsledger.kb import KnowledgeBase
from newsledger.lang import load, supported_languages

DETERMINERS = frozenset({"the", "der", "die", "den", "dem", "des"})


def _role_at(tokens: Tokens, end: int, r: Rules) -> int:
    """Start of a role phrase ending at token ``end`` (exclusive), or -1."""
    folds = tokens.folds
    for size in range(r.max_role_words, 0, -1):
        start = end - size
        if start >= 0 and " ".join(folds[start:end]) in r.roles:
            return start
    return -1


def _org_before(tokens: Tokens, start: int, by_last: dict[int, Hit]) -> Hit | None:
    if start >= 2 and tokens.words[start - 1] == "-" and tokens.joined(start):
        org = by_last.get(start - 1)
    elif start >= 1 and tokens.spaced(start):
        org = by_last.get(start)
    else:
        org = None
    return org if org is not None and org.type == "ORG" else None


def _role_index(kb: KnowledgeBase) -> dict[str, list[str]]:
    cached = kb.cache.get("roles")
    if cached is None:
        cached = {}
        for entity in kb.entities.values():
            for role in entity.roles:
                cached.setdefault(role.casefold(), []).append(entity.id)
        kb.cache["roles"] = cached
    result: dict[str, list[str]] = cached
    return result


def role_hits(tokens: Tokens, hits: list[Hit], kb: KnowledgeBase, r: Rules) -> list[Hit]:
    """Role phrases next to person mentions, and descriptors naming a known person."""
    if not r.roles:
        return []
    words, folds, n = tokens.words, tokens.folds, len(tokens)
    by_last = {h.last: h for h in hits}
    by_first = {h.first: h for h in hits}
    found: list[Hit] = []
    for hit in hits:
        if hit.type == "PERSON" and hit.origin != "role":
            start = _role_at(tokens, hit.first, r) if tokens.spaced(hit.first) else -1
            if start >= 0 and start < hit.first:
                org = _org_before(tokens, start, by_last)
                first = org.first if org is not None else start
                found.append(Hit(first, hit.first, hit.entity_id, hit.name, "PERSON", "role"))
            k = hit.last
            if k < n and words[k] == ",":
                k += 1
                if k < n and folds[k] in ("a", "an", "the", "der", "die", "den", "ein", "eine"):
                    k += 1
                for size in range(r.max_role_words, 0, -1):
                    if " ".join(folds[k : k + size]) in r.roles:
                        end = k + size
                        if end + 1 < n and folds[end] in r.role_links:
                            org = by_first.get(end + 1)
                            if org is not None and org.type == "ORG":
                                end = org.last
                        found.append(Hit(k, end, hit.entity_id, hit.name, "PERSON", "role"))
                        break
        elif hit.type == "ORG":
            found.extend(_descriptor(tokens, hit, by_first, kb, r))
    return found


def _descriptor(
    tokens: Tokens, org: Hit, by_first: dict[int, Hit], kb: KnowledgeBase, r: Rules
) -> list[Hit]:
    """ "the Tesla CEO" with no name after it: the KB person holding that role."""
    j = org.last
    if j < len(tokens) and tokens.words[j] == "-" and tokens.joined(j):
        j += 1
    for size in range(r.max_role_words, 0, -1):
        role = r.roles.get(" ".join(tokens.folds[j : j + size]))
        if role is None:
            continue
        end = j + size
        following = by_first.get(end)
        if following is not None and following.type == "PERSON":
            return []
        ids = _role_index(kb).get(f"{role} of {org.name}".casefold(), [])
        if len(ids) != 1:
            return []
        first = org.first
        if first > 0 and tokens.folds[first - 1] in DETERMINERS:
            first -= 1
        person = kb.entities[ids[0]]
        return [Hit(first, end, person.id, person.name, "PERSON", "role")]
    return []


@functools.cache
def _all_roles() -> tuple[dict[str, str], int]:
    merged: dict[str, str] = {}
    for code in supported_languages():
        merged.update(rules(load(code)).roles)
    return merged, max((len(k.split()) for k in merged), default=1)


def parse_role(text: str, kb: KnowledgeBase) -> str | None:
    """The canonical role of a role phrase ("OpenAI-Chef" -> "head of OpenAI"), or None."""
    roles, longest = _all_roles()
    words = [w for w in TOKEN_RE.findall(text) if w.isalnum()]
    folds = [w.casefold() for w in words]
    role = None
    rest: list[str] = []
    k = 0
    while k < len(words):
        for size in range(longest, 0, -1):
            if role is None and " ".join(folds[k : k + size]) in roles:
                role = roles[" ".join(folds[k : k + size])]
                k += size
                break
        else:
            if folds[k] not in DETERMINERS and not words[k].islower():
                rest.append(words[k])
            k += 1
    if role is None:
        return None
    rest = [w for w in rest if w.casefold() not in roles]
    if not rest:
        return role
    org = " ".join(rest)
    known = kb.by_name().get(org.casefold())
    return f"{role} of {kb.entities[known].name if known else org}"
