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

from newsledger.evaluate.common import (
    CATEGORIES,
    DESCRIPTION_MIN_CHARS,
    QUOTE_OVERLAP,
    SENTENCE_MIN_WORDS,
    VALUE_TOLERANCE,
    CategoryScore,
    Counts,
    Scores,
)
from newsledger.evaluate.gold import (
    Gold,
    GoldClaim,
    GoldContradiction,
    GoldDocument,
    GoldEntity,
    GoldEvent,
    GoldFigure,
    GoldQuote,
    load_gold,
)
from newsledger.evaluate.present import scores_json, scores_table
from newsledger.evaluate.scoring import score

__all__ = [
    "CATEGORIES",
    "DESCRIPTION_MIN_CHARS",
    "QUOTE_OVERLAP",
    "SENTENCE_MIN_WORDS",
    "VALUE_TOLERANCE",
    "CategoryScore",
    "Counts",
    "Gold",
    "GoldClaim",
    "GoldContradiction",
    "GoldDocument",
    "GoldEntity",
    "GoldEvent",
    "GoldFigure",
    "GoldQuote",
    "Scores",
    "load_gold",
    "score",
    "scores_json",
    "scores_table",
]
