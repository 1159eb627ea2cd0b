"""Optional: entities from a user's trained spaCy pipeline, merged with ours.

The default pipeline needs no model.  A user who has installed a trained
spaCy pipeline (``--ner-model en_core_web_sm``) gets its entities as extra
mentions; where they overlap knowledge-base or discovered mentions, ours win,
and a model entity whose text is a knowledge-base name takes that entry's id.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from newsledger.errors import ConfigError
from newsledger.extract.entities.text import new_id
from newsledger.kb import KnowledgeBase
from newsledger.model import Document, EntityType, Mention

if TYPE_CHECKING:
    from spacy.language import Language

# spaCy's label sets (OntoNotes for English, WikiNER for German) -> our types.
# Labels not listed (NORP, DATE, MONEY, MISC ...) are not entities here.
LABELS: dict[str, EntityType] = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "GPE",
    "PRODUCT": "PRODUCT",
    "FAC": "FACILITY",
    "FACILITY": "FACILITY",
    "EVENT": "EVENT",
    "PROJECT": "PROJECT",
}


@functools.cache
def load_pipeline(model_name: str) -> Language:
    """Load an installed spaCy pipeline (a package name or a folder), once per process."""
    import spacy

    if not (spacy.util.is_package(model_name) or Path(model_name).is_dir()):
        installed = ", ".join(sorted(spacy.util.get_installed_models())) or "none"
        raise ConfigError(
            f"spaCy pipeline {model_name!r} is not installed. Install it with "
            f"`python -m spacy download {model_name}` (or `pip install` its wheel), "
            f"or pass the folder of a trained pipeline. Installed pipelines: {installed}."
        )
    return spacy.load(model_name)


def nlp_mentions(doc: Document, nlp: Language) -> list[Mention]:
    """Mentions for the entities that ``nlp`` finds in ``doc``."""
    mentions: list[Mention] = []
    for ent in nlp(doc.text).ents:
        etype = LABELS.get(ent.label_)
        if etype is None or not ent.text.strip():
            continue
        mentions.append(
            Mention(
                doc_id=doc.id,
                start=ent.start_char,
                end=ent.end_char,
                text=ent.text,
                entity_id=new_id(etype, ent.text),
                name=ent.text,
                type=etype,
                origin="model",
            )
        )
    return mentions


def spacy_model_mentions(doc: Document, model_name: str) -> list[Mention]:
    """Entities of ``doc`` found by the installed spaCy pipeline ``model_name``.

    Raises ConfigError, saying how to install it, when the pipeline is missing.
    """
    return nlp_mentions(doc, load_pipeline(model_name))


def merge_mentions(
    ours: Iterable[Mention], model: Iterable[Mention], kb: KnowledgeBase
) -> list[Mention]:
    """Our mentions plus the model's that overlap none of ours, sorted by position."""
    kept = sorted(ours, key=lambda m: (m.start, m.end))
    starts = [m.start for m in kept]
    # reach[k]: the furthest end among our first k+1 mentions; a model span
    # overlaps one of ours iff some mention starting before its end reaches past its start.
    reach = list(itertools.accumulate((m.end for m in kept), max))
    names = kb.by_name()
    extra: list[Mention] = []
    for mention in sorted(model, key=lambda m: (m.start, m.end)):
        k = bisect.bisect_left(starts, mention.end)
        if k > 0 and reach[k - 1] > mention.start:
            continue
        known = names.get(mention.text.casefold())
        if known is not None:
            entity = kb.entities[known]
            mention = Mention(
                doc_id=mention.doc_id,
                start=mention.start,
                end=mention.end,
                text=mention.text,
                entity_id=entity.id,
                name=entity.name,
                type=entity.type,
                origin="model",
            )
        extra.append(mention)
    return sorted([*kept, *extra], key=lambda m: (m.start, m.end))
