"""Cross-document entity resolution."""

from __future__ import annotations

from newsledger.extract.entities import extract_mentions
from newsledger.kb import load_kb
from newsledger.lang import load
from newsledger.model import Document, EntityType, Mention
from newsledger.resolve.entities import resolve_entities


def mention(doc: str, text: str, etype: EntityType = "PERSON", name: str | None = None) -> Mention:
    name = name or text
    return Mention(
        doc, 0, len(text), text, f"new:{etype}:{name.casefold()}", name, etype, "discovered"
    )


def test_kb_mentions_keep_their_id_and_collect_aliases_and_roles() -> None:
    kb = load_kb()
    docs = [
        Document(
            id="a", source="t", text="OpenAI CEO Sam Altman replied. Altman said no.", language="en"
        ),
        Document(id="b", source="t", text="OpenAI-Chef Sam Altman und Musks Firma.", language="de"),
    ]
    mentions = [m for d in docs for m in extract_mentions(d, load(d.language), kb)]
    entities, remap = resolve_entities(mentions, kb)
    altman = next(e for e in entities if e.name == "Sam Altman")
    assert altman.id == "kb:Q7407093"
    assert altman.qid == "Q7407093"
    assert "Altman" in altman.aliases
    assert {"CEO of OpenAI", "head of OpenAI"} <= set(altman.roles)
    assert "OpenAI CEO" not in altman.aliases
    assert remap == {}


def test_same_discovered_name_in_two_documents_is_one_entity() -> None:
    mentions = [mention("a", "Quinn Bolton"), mention("b", "Quinn Bolton")]
    entities, remap = resolve_entities(mentions, load_kb())
    assert len(entities) == 1 and remap == {}


def test_short_form_and_typo_merge_into_the_full_name() -> None:
    mentions = [
        mention("a", "Quinn Bolton"),
        mention("a", "Quinn Bolton"),
        mention("b", "Bolton"),
        mention("c", "Quinn Boltonn"),
        mention("d", "Acme Robotics", "ORG"),
        mention("e", "Acme Robotics GmbH", "ORG"),
        mention("f", "Acme", "ORG"),
    ]
    entities, remap = resolve_entities(mentions, load_kb())
    assert remap == {
        "new:PERSON:bolton": "new:PERSON:quinn bolton",
        "new:PERSON:quinn boltonn": "new:PERSON:quinn bolton",
        "new:ORG:acme robotics gmbh": "new:ORG:acme robotics",
        "new:ORG:acme": "new:ORG:acme robotics",
    }
    names = {(e.name, e.type) for e in entities}
    assert ("Quinn Bolton", "PERSON") in names
    assert ("Bolton", "PERSON") not in names
    assert len(entities) == 2


def test_ambiguous_short_form_is_not_merged() -> None:
    mentions = [mention("a", "Anna Bolton"), mention("b", "Quinn Bolton"), mention("c", "Bolton")]
    _, remap = resolve_entities(mentions, load_kb())
    assert "new:PERSON:bolton" not in remap


def test_different_types_do_not_merge() -> None:
    mentions = [mention("a", "Lumora", "ORG"), mention("b", "Lumora", "PRODUCT")]
    entities, remap = resolve_entities(mentions, load_kb())
    assert len(entities) == 2 and remap == {}


def test_discovered_name_that_is_a_kb_alias_maps_to_the_kb_entry() -> None:
    _, remap = resolve_entities([mention("a", "Nvidia Corp.", "ORG")], load_kb())
    assert remap == {"new:ORG:nvidia corp.": "kb:Q182477"}


def test_many_distinct_names_stay_linear() -> None:
    mentions = [mention(str(i), f"Person{i} Smith{i % 7}") for i in range(5000)]
    entities, remap = resolve_entities(mentions, load_kb())
    assert len(entities) == 5000
    assert remap == {}
