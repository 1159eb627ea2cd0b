"""Claims: each figure attached to the entity it is about and to an attribute.

The subject is found by position, from the entity mentions of the sentence:
an owner right before the figure ("Mehta's $8 billion rail plan"), else
the first mention of the figure's clause that is not inside a prepositional
phrase (the grammatical subject, as news sentences are mostly SVO or V2),
else the antecedent of a subject pronoun ("She later made a $3 billion bid"),
else the first such mention of the sentence, else any mention before, else
the nearest one after in its clause ("an offer led by Raj Mehta").  Before
that, a relative clause is about the name before it ("X, which employs …"),
and after "said" the reported clause counts ("A said B raised …").  Places
that modify ("the Odense plant", "US-Rivale", datelines) are never subjects,
and for company facts (COMPANY_ATTRIBUTES) a place is one only when no
organisation is at hand; a company fact in a sentence without one continues
the previous sentence.  "The company", "das Werk" refer back to the
organisation named last in the sentence, else the document's main company.
The attribute comes
from the counted thing ("GPUs" → ``gpus``) or from the nearest predicate
word of ``claims.yaml`` ("valuation", "Bewertung" → ``valuation``); a figure
with neither yields no claim; a counted thing stated as a target ("will
employ", "soll … haben") is ``<attribute>_planned``.  A claim is ``disputed`` when a later sentence
denies it ("Falsch", "that is wrong", "denied the report").

The family: ``subjects`` (the stage itself: subject and attribute of each
figure), ``context`` (sentences, clauses, mentions), ``facilities`` (plants
named by their place), ``scope`` (initial/total/part/… and "nearly X"),
``deals`` (a purchase price is about its buyer), ``disputes`` (denials) and
``lexicon`` (the compiled ``claims.yaml``).  A figure no
predicate word explains gets the attribute ``unspecified``: its subject is
kept, but it is never compared.
"""

from newsledger.extract.claims.subjects import (
    ANTECEDENT_SENTENCES,
    ATTRIBUTE_WINDOW,
    COMPANY_ATTRIBUTES,
    COMPOUND_CACHE_WORDS,
    MONEY_ATTRIBUTES,
    PLANNABLE,
    PLANNED,
    POSSESSIVE_GAP_WORDS,
    REFERRING_PHRASE_CHARS,
    TOPIC_SENTENCES,
    UNSPECIFIED,
    extract_claims,
)

__all__ = [
    "ANTECEDENT_SENTENCES",
    "ATTRIBUTE_WINDOW",
    "COMPANY_ATTRIBUTES",
    "COMPOUND_CACHE_WORDS",
    "MONEY_ATTRIBUTES",
    "PLANNABLE",
    "PLANNED",
    "POSSESSIVE_GAP_WORDS",
    "REFERRING_PHRASE_CHARS",
    "TOPIC_SENTENCES",
    "UNSPECIFIED",
    "extract_claims",
]
