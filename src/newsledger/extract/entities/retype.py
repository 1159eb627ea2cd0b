"""Types that the context of a whole document corrects.

Two errors that hurt claim subjects on real news, both decided by context
words from the language data, never by lists of names:

- ``sports_clubs``: a place that names a sports club.  "Bayern Munich",
  "Bayern München" (a place name right before another place name) or "FC
  Bayern" (a club abbreviation before a place), in a document about sport,
  are an organisation; then the bare short form ("Bayern have tracked ...")
  is that club too, except after a locative preposition ("in Bayern").
- ``person_types``: a name the model typed as a person that the document
  never introduces as one (no given name, title or role before it anywhere)
  and that stands among company words ("Thyssenkrupp will 11.000 Stellen
  streichen", "die Gläubiger von Galeria") is an organisation.  News
  introduces a person with a full name; a lone unknown word among jobs,
  shares and plants is a company.
"""

from __future__ import annotations

from collections.abc import Mapping

from newsledger.extract.entities.text import Hit, Rules, Tokens, new_id
from newsledger.model import EntityType

# A document is about sport when at least this many of its words are sports
# words (``sports_words``): one "match" or "season" in a business story is
# not enough, a transfer report has dozens.
MIN_SPORTS_WORDS = 3
# Tokens either side of a name searched for company words: about a clause.
CORPORATE_WINDOW = 8


def _sporty(tokens: Tokens, r: Rules) -> bool:
    count = 0
    for fold in tokens.folds:
        if fold in r.sports_words:
            count += 1
            if count >= MIN_SPORTS_WORDS:
                return True
    return False


def sports_clubs(tokens: Tokens, hits: list[Hit], r: Rules) -> list[Hit]:
    """``hits`` with places that name a club turned into that club (an ORG)."""
    if not r.sports_words or not hits or not _sporty(tokens, r):
        return hits
    words = tokens.words
    out: list[Hit] = []
    clubs: dict[str, Hit] = {}
    k = 0
    while k < len(hits):
        hit = hits[k]
        if hit.type != "GPE":
            out.append(hit)
            k += 1
            continue
        first, last = hit.first, hit.last
        nxt = hits[k + 1] if k + 1 < len(hits) else None
        pair = (
            nxt is not None
            and nxt.type == "GPE"
            and nxt.first == last
            and tokens.spaced(last)
            and hit.last - hit.first == 1
        )
        prefixed = first > 0 and words[first - 1] in r.club_prefixes and tokens.spaced(first)
        if not pair and not prefixed:
            out.append(hit)
            k += 1
            continue
        if prefixed:
            first -= 1
        if pair and nxt is not None:
            last = nxt.last
            k += 1
        name = " ".join(tokens.text[tokens.starts[first] : tokens.ends[last - 1]].split())
        club = Hit(first, last, new_id("ORG", name), name, "ORG", "discovered")
        out.append(club)
        # The place word of the club's name stands for the club alone.
        clubs.setdefault(words[hit.first].casefold(), club)
        k += 1
    if not clubs:
        return out
    for hit in out:
        if hit.type != "GPE" or hit.last - hit.first != 1:
            continue
        owner = clubs.get(words[hit.first].casefold())
        if owner is None or (_locative(tokens, hit.first, r) and not _possessive(tokens, hit.last)):
            continue
        hit.entity_id, hit.name, hit.type, hit.origin = (
            owner.entity_id,
            owner.name,
            "ORG",
            "discovered",
        )
    return out


def _locative(tokens: Tokens, i: int, r: Rules) -> bool:
    return i > 0 and tokens.folds[i - 1] in r.locatives


def _possessive(tokens: Tokens, j: int) -> bool:
    """True when a possessive follows at token ``j`` ("in Bayern's match" is the club's)."""
    words = tokens.words
    return j + 1 < len(tokens) and words[j] in ("'", "’") and tokens.folds[j + 1] == "s"


def corporate_near(tokens: Tokens, first: int, last: int, r: Rules) -> bool:
    """True when a company word stands within ``CORPORATE_WINDOW`` tokens of ``[first, last)``."""
    folds = tokens.folds
    lo, hi = max(0, first - CORPORATE_WINDOW), min(len(folds), last + CORPORATE_WINDOW)
    for k in range(lo, hi):
        if first <= k < last:
            continue
        fold = folds[k]
        if fold in r.corporate_words:
            return True
        # German compounds end in their head: "Stahlkonzern", "Gläubigerversammlung" does not.
        if r.capitalised_nouns and len(fold) > 6 and fold.endswith(r.corporate_endings):
            return True
    return False


# Lexicon tags (``train.ner_lexicon``) that make a word part of a person's
# name, and that make it a place.
_PERSON_TAGS = frozenset({"fn", "gper"})
_PLACE_TAGS = frozenset({"loc", "gpe"})
# Tags of any word of a place name, lists and training labels alike.
_ANY_PLACE_TAGS = frozenset({"loc", "gpe", "locp", "gloc"})


def _introduced(tokens: Tokens, word: str, r: Rules) -> bool:
    """True when the document puts a given name, title or role right before ``word``."""
    words = tokens.words
    for i in range(1, len(tokens)):
        if words[i] != word:
            continue
        before = words[i - 1]
        if before in r.first_names or before in r.titles or r.is_role(before):
            return True
    return False


def person_types(
    tokens: Tokens,
    model_hits: list[Hit],
    found: list[Hit],
    r: Rules,
    lexicon: Mapping[str, str],
) -> None:
    """Re-type, in place, model persons (and places) that the document shows are companies.

    A lone word the model calls a person, that no list knows as a name part
    and the document never introduces as a person, is a company when company
    words stand near one of its occurrences, and a place when a place list
    knows it ("its Dresden and Osnabrueck sites").  Longer "persons" that
    start with such a word follow it ("Thyssenkrupp Steel").  A model place
    that no place list knows a word of, among company words, is a company.
    """
    words = tokens.words
    persons = {
        part
        for hit in (*found, *model_hits)
        if hit.type == "PERSON" and hit.last - hit.first > 1 and words[hit.first] in r.first_names
        for part in words[hit.first : hit.last]
    }
    persons.update(
        part
        for hit in found
        if hit.type == "PERSON" and hit.last - hit.first > 1
        for part in words[hit.first : hit.last]
    )
    # The last word of any longer person is a surname ("Marta Kowalczyk" makes
    # a later "Kowalczyk" a person even when no list knows "Marta").
    persons.update(
        words[hit.last - 1]
        for hit in model_hits
        if hit.type == "PERSON" and hit.last - hit.first > 1
    )
    groups: dict[str, list[Hit]] = {}
    for hit in model_hits:
        if hit.type == "PERSON":
            groups.setdefault(words[hit.first], []).append(hit)
    retyped: dict[str, EntityType] = {}
    for head, group in groups.items():
        singles = [h for h in group if h.last - h.first == 1]
        if not singles or head in persons or head in r.first_names:
            continue
        tags = set(lexicon.get(head, "").split())
        if tags & _PERSON_TAGS or _introduced(tokens, head, r):
            continue
        if r.corporate_words and any(corporate_near(tokens, h.first, h.last, r) for h in group):
            retyped[head] = "ORG"
        elif tags & _PLACE_TAGS:
            retyped[head] = "GPE"
    for hit in model_hits:
        etype = retyped.get(words[hit.first]) if hit.type == "PERSON" else None
        if hit.type == "GPE" and r.corporate_words and _unknown_place(hit, words, lexicon):
            # "Warenhäuser von Galeria Karstadt Kaufhof": no place list knows
            # any of its words, and company words stand near it.
            etype = "ORG" if corporate_near(tokens, hit.first, hit.last, r) else None
        if etype is not None and (etype == "ORG" or hit.last - hit.first == 1):
            hit.type, hit.entity_id = etype, new_id(etype, hit.name)


def _unknown_place(hit: Hit, words: list[str], lexicon: Mapping[str, str]) -> bool:
    return not any(
        set(lexicon.get(w, "").split()) & _ANY_PLACE_TAGS for w in words[hit.first : hit.last]
    )
