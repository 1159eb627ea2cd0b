"""Entity mentions: knowledge-base matching and discovery.

Four passes over one token list, all linear in the document:

1. knowledge-base aliases (longest match, possessives, German genitive -s,
   hyphen compounds), ambiguous aliases kept only in context, versions of
   known products ("Grok 3");
2. discovery of unknown names from evidence (``entities.discover``);
3. within the document: acronyms defined in brackets, short forms of names
   found in full ("Bolton" after "Quinn Bolton", "Elon"), one-letter typos of
   long names present ("Altmann" next to "Altman");
4. role phrases ("OpenAI CEO Sam Altman", "the Tesla CEO") as mentions of the
   person, so that resolution can record the role.
"""

from __future__ import annotations

import itertools
from collections import Counter
from typing import cast

from rapidfuzz.distance import Levenshtein

from newsledger.extract.entities.discover import Discoverer
from newsledger.extract.entities.learned import learned_hits, model_lexicon
from newsledger.extract.entities.match import find_aliases, index, keep_in_context, version_end
from newsledger.extract.entities.retype import person_types, sports_clubs
from newsledger.extract.entities.roles import role_hits
from newsledger.extract.entities.single import single_word_hits
from newsledger.extract.entities.text import (
    Hit,
    Rules,
    Tokens,
    is_all_caps,
    new_id,
    rules,
    tokenize,
)
from newsledger.kb import KnowledgeBase
from newsledger.lang import LangData
from newsledger.model import Document, EntityType, Mention

# A one-letter typo is accepted only in words at least this long: in shorter
# ones an edit makes another word ("Musk" -> "Mask").  Six letters keeps
# "Altmann" -> "Altman" and rejects "Teslas" -> "Tesla" (a plural).
MIN_TYPO_LENGTH = 6
MAX_ACRONYM = 6
# The first word of a discovered organisation stands for it alone ("Astera"
# for "Astera Labs") only from this length: shorter first words are initials
# or generic ("AI", "US").
MIN_SHORT_FORM = 4


def _kb_hits(tokens: Tokens, kb: KnowledgeBase, r: Rules, caps: bool) -> list[Hit]:
    idx = index(kb)
    matches = keep_in_context(find_aliases(tokens, idx, r, caps), tokens, kb, idx, r)
    hits: list[Hit] = []
    names = kb.by_name()
    for match in matches:
        entity = kb.entities[match.entity_id]
        hit = Hit(match.first, match.last, entity.id, entity.name, entity.type, "kb")
        if entity.type == "PRODUCT":
            end = version_end(tokens, match.last, r)
            if end > match.last:
                surface = tokens.text[tokens.starts[match.first] : tokens.ends[end - 1]]
                known = names.get(surface.casefold())
                if known is not None:
                    e = kb.entities[known]
                    hit = Hit(match.first, end, e.id, e.name, e.type, "kb")
                else:
                    hit = Hit(
                        match.first,
                        end,
                        new_id("PRODUCT", surface),
                        surface,
                        "PRODUCT",
                        "discovered",
                    )
        hits.append(hit)
    return hits


def _drop_modifiers(
    tokens: Tokens, hits: list[Hit], r: Rules, taken: list[str | None]
) -> list[Hit]:
    """Drop places that only modify another name.

    "US-Präsidenten" (a role, the person counts), "Middle East AI Fund MGX"
    (a descriptor of the organisation that follows), "Michael Jordan" (a
    given name before the place makes it a surname).
    """
    words, caps, n = tokens.words, tokens.caps, len(tokens)
    starts = {h.first: h for h in hits}
    kept: list[Hit] = []
    for hit in hits:
        if hit.type == "GPE":
            j = hit.last
            if (
                j + 1 < n
                and words[j] == "-"
                and tokens.joined(j)
                and tokens.joined(j + 1)
                and tokens.folds[j + 1] in r.roles
            ):
                continue
            if hit.first > 0 and tokens.spaced(hit.first) and words[hit.first - 1] in r.first_names:
                continue
            k = j
            while k < n and k not in starts and tokens.spaced(k) and caps[k]:
                k += 1
            following = starts.get(k)
            if (
                k > j
                and words[k - 1] in r.org_heads
                and following is not None
                and following.type == "ORG"
                and tokens.spaced(k)
            ):
                for m in range(hit.first, k):
                    taken[m] = "DESCRIPTOR"
                continue
        kept.append(hit)
    return kept


def _extend_names(tokens: Tokens, hits: list[Hit], r: Rules) -> list[Hit]:
    """Known names inside longer organisation names become those organisations.

    "Mastercard Economics Institute" and "Abu Dhabi Investment Authority" (a
    known name, then capitalised words ending in an organisation head), and
    "Bank of England" (a head word and "of" before a known place).
    """
    words, caps, n = tokens.words, tokens.caps, len(tokens)
    starts = {h.first for h in hits}
    out: list[Hit] = []
    skip_until = -1
    for hit in hits:
        if hit.first < skip_until:
            continue
        first, last = hit.first, hit.last
        if hit.type in ("ORG", "GPE"):
            k = last
            while k < n and k not in starts and tokens.spaced(k) and caps[k]:
                k += 1
            # After a known organisation one head word is a descriptor of it
            # ("Allianz Versicherung"); two or more words name a unit of its own.
            enough = k - last >= (2 if hit.type == "ORG" else 1)
            if enough and words[k - 1] in r.org_heads and words[k - 1] not in r.stop_words:
                last = k
        if (
            hit.type == "GPE"
            and first >= 2
            and words[first - 1] in r.org_connectors
            and words[first - 2] in r.org_heads
            and tokens.spaced(first)
            and tokens.spaced(first - 1)
            and (first - 2) not in starts
        ):
            first -= 2
        if (first, last) == (hit.first, hit.last):
            out.append(hit)
            continue
        name = " ".join(tokens.text[tokens.starts[first] : tokens.ends[last - 1]].split())
        out.append(Hit(first, last, new_id("ORG", name), name, "ORG", "discovered"))
        skip_until = last
    return out


def _initials(tokens: Tokens, hit: Hit) -> tuple[str, str]:
    words = [w for w in tokens.words[hit.first : hit.last] if w.isalnum()]
    every = "".join(w[0] for w in words).upper()
    caps = "".join(w[0] for w in words if w[0].isupper())
    return every, caps


def _doc_level(tokens: Tokens, taken: list[str | None], hits: list[Hit], r: Rules) -> list[Hit]:
    """Acronyms, short forms and typos of names already found in this document."""
    words, n = tokens.words, len(tokens)
    short: dict[str, Hit | None] = {}
    acronyms: dict[str, Hit] = {}
    typo_words: dict[str, Hit | None] = {}

    def add(table: dict[str, Hit | None], key: str, hit: Hit) -> None:
        old = table.get(key, hit)
        table[key] = hit if old is not None and old.entity_id == hit.entity_id else None

    for hit in hits:
        parts = hit.name.split()
        if hit.type == "PERSON" and len(parts) >= 2:
            add(short, parts[-1].casefold(), hit)
            add(short, parts[0].casefold(), hit)
        elif (
            hit.type == "ORG"
            and hit.origin == "discovered"
            and len(parts) >= 2
            and parts[0] not in r.stop_words
            and len(parts[0]) >= MIN_SHORT_FORM
        ):
            add(short, parts[0].casefold(), hit)
        if hit.type in ("PERSON", "ORG"):
            for part in parts:
                if len(part) >= MIN_TYPO_LENGTH:
                    add(typo_words, part.casefold(), hit)
        j = hit.last
        if j + 2 < n and words[j] == "(" and words[j + 2] == ")":
            acronym = words[j + 1]
            if (
                acronym.isupper()
                and 2 <= len(acronym) <= MAX_ACRONYM
                and acronym in _initials(tokens, hit)
            ):
                acronyms[acronym] = hit
    found: list[Hit] = []
    if not short and not acronyms and not typo_words:
        return found
    gaps = tokens.gaps
    # The tables are complete now, so a word's target is the same at every occurrence.
    targets: dict[str, Hit | None] = {}
    for i in itertools.compress(range(n), tokens.caps):
        word = words[i]
        if taken[i] is not None or word in r.stop_words:
            continue
        if i + 1 < n and not gaps[i + 1] and words[i + 1].isalnum():
            continue
        if word in targets:
            target = targets[word]
        else:
            target = targets[word] = _target(word, r, short, acronyms, typo_words)
        if target is not None:
            found.append(Hit(i, i + 1, target.entity_id, target.name, target.type, target.origin))
            taken[i] = target.type
    return found


def _target(
    word: str,
    r: Rules,
    short: dict[str, Hit | None],
    acronyms: dict[str, Hit],
    typo_words: dict[str, Hit | None],
) -> Hit | None:
    """The name already found that ``word`` abbreviates or misspells, if one."""
    target = acronyms.get(word)
    if target is None and not r.looks_like_common_noun(word):
        fold = word.casefold()
        target = short.get(fold)
        if target is None and r.genitive_s and fold.endswith("s"):
            target = short.get(fold[:-1])
        if target is None and len(word) >= MIN_TYPO_LENGTH:
            target = _typo(fold, typo_words)
    return target


def _absorb_short_forms(hits: list[Hit], r: Rules) -> None:
    """A one-word organisation found by its own cue ("rival Acme") is the
    long form found elsewhere in the document ("Acme Energy")."""
    long: dict[str, Hit | None] = {}
    for hit in hits:
        parts = hit.name.split()
        if hit.type == "ORG" and hit.origin == "discovered" and len(parts) >= 2:
            key = parts[0].casefold()
            if len(key) >= MIN_SHORT_FORM and parts[0] not in r.stop_words:
                old = long.get(key, hit)
                long[key] = hit if old is not None and old.entity_id == hit.entity_id else None
    if not long:
        return
    for hit in hits:
        if hit.origin == "discovered" and hit.type == "ORG" and " " not in hit.name:
            target = long.get(hit.name.casefold())
            if target is not None:
                hit.entity_id, hit.name = target.entity_id, target.name


def _typo(fold: str, words: dict[str, Hit | None]) -> Hit | None:
    best: Hit | None = None
    for known, hit in words.items():
        if hit is None or known[0] != fold[0] or abs(len(known) - len(fold)) > 1:
            continue
        if fold == known + "s" or known == fold + "s":
            continue  # a plural or genitive, not a typo
        if Levenshtein.distance(fold, known, score_cutoff=1) <= 1:
            if best is not None and best.entity_id != hit.entity_id:
                return None
            best = hit
    return best


def _known(hits: list[Hit], found: list[Hit], kb: KnowledgeBase) -> list[Hit]:
    """Model names take the identity the document or the knowledge base gives them.

    A name that the rules found elsewhere in the document, or that is a
    knowledge-base name, takes that entity; otherwise one name gets one type
    per document, the type the model gave it most often ("Galeria" is not a
    person in one sentence and a place in the next).
    """
    names = kb.by_name()
    in_doc: dict[str, Hit] = {}
    for hit in found:
        in_doc.setdefault(hit.name.casefold(), hit)
    # A lone surname is the longer person of the document that ends in it
    # ("Birkeland" after "Tomas Birkeland"), whatever type the model gave it.
    surnames: dict[str, Hit | None] = {}
    for hit in (*found, *hits):
        parts = hit.name.split()
        if hit.type == "PERSON" and len(parts) >= 2:
            old = surnames.get(parts[-1].casefold(), hit)
            agree = old is not None and old.entity_id == hit.entity_id
            surnames[parts[-1].casefold()] = hit if agree else None
    for key, owner in surnames.items():
        if owner is not None:
            in_doc.setdefault(key, owner)
    votes: dict[str, Counter[str]] = {}
    for hit in hits:
        votes.setdefault(hit.name.casefold(), Counter())[hit.type] += 1
    for hit in hits:
        fold = hit.name.casefold()
        same = in_doc.get(fold)
        known = names.get(fold)
        if same is not None:
            hit.entity_id, hit.name, hit.type = same.entity_id, same.name, same.type
        elif known is not None:
            entity = kb.entities[known]
            hit.entity_id, hit.name, hit.type = entity.id, entity.name, entity.type
        else:
            etype = cast(EntityType, votes[fold].most_common(1)[0][0])
            hit.type, hit.entity_id = etype, new_id(etype, hit.name)
    return hits


def extract_mentions(
    doc: Document, lang: LangData, kb: KnowledgeBase, *, learned: bool = True
) -> list[Mention]:
    """Every span of ``doc`` that names an entity, with its canonical id.

    ``learned`` adds the names the shipped model finds where the knowledge
    base and rules found nothing (``entities.learned``).
    """
    text = doc.text
    tokens = tokenize(text)
    if not len(tokens):
        return []
    r = rules(lang)
    caps = is_all_caps(text)
    taken: list[str | None] = [None] * len(tokens)
    hits = _drop_modifiers(tokens, _kb_hits(tokens, kb, r, caps), r, taken)
    if not caps:
        hits = sports_clubs(tokens, _extend_names(tokens, hits, r), r)
    for hit in hits:
        for k in range(hit.first, hit.last):
            taken[k] = hit.type
    discoverer = Discoverer(tokens, taken, r)
    if not caps:
        for item in discoverer.run():
            name = item.name
            hits.append(
                Hit(item.first, item.last, new_id(item.type, name), name, item.type, "discovered")
            )
            for k in range(item.first, item.last):
                taken[k] = item.type
    hits.extend(_doc_level(tokens, taken, hits, r))
    _absorb_short_forms(hits, r)
    if not caps:
        lexicon = model_lexicon(lang.code) if learned else None
        hits.extend(single_word_hits(tokens, taken, hits, r, discoverer.headline, lexicon))
        if learned:
            model_hits = learned_hits(tokens, taken, lang.code, r)
            if model_hits:
                person_types(tokens, model_hits, hits, r, lexicon or {})
            hits.extend(_known(model_hits, hits, kb))
    hits.sort(key=lambda h: h.first)
    hits.extend(role_hits(tokens, hits, kb, r))
    mentions = [
        Mention(
            doc_id=doc.id,
            start=tokens.starts[h.first],
            end=tokens.ends[h.last - 1],
            text=text[tokens.starts[h.first] : tokens.ends[h.last - 1]],
            entity_id=h.entity_id,
            name=h.name,
            type=h.type,
            origin="kb"
            if h.entity_id.startswith("kb:")
            else ("model" if h.origin == "model" else "discovered"),
        )
        for h in hits
    ]
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def merge_model_mentions(
    doc: Document, mentions: list[Mention], model_name: str, kb: KnowledgeBase | None = None
) -> list[Mention]:
    """``mentions`` plus those of the installed spaCy pipeline ``model_name`` that overlap none.

    Raises ConfigError, saying how to install it, when the pipeline is missing.
    """
    from newsledger.extract.entities.model import merge_mentions, spacy_model_mentions
    from newsledger.kb import load_kb

    model = spacy_model_mentions(doc, model_name)
    return merge_mentions(mentions, model, kb if kb is not None else load_kb())
