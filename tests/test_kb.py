"""The knowledge base: bundled data, user files, Wikidata import."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsledger.errors import KnowledgeBaseError
from newsledger.kb import KnowledgeBase, import_wikidata_dump, load_kb
from newsledger.model import ENTITY_TYPES


def test_bundled_kb_is_broad_and_typed() -> None:
    kb = load_kb()
    assert len(kb.entities) >= 500
    types = {e.type for e in kb.entities.values()}
    assert types == set(ENTITY_TYPES)
    altman = kb.entities["kb:Q7407093"]
    assert altman.name == "Sam Altman"
    assert {"Scam Altman", "Swindly Sam"} <= set(altman.aliases)
    assert "CEO of OpenAI" in altman.roles


def test_bundled_ids_are_unique_and_qids_well_formed() -> None:
    kb = load_kb()
    names = [(e.name, e.type) for e in kb.entities.values()]
    assert len(names) == len(set(names))
    assert all(e.qid is None or e.id == f"kb:{e.qid}" for e in kb.entities.values())


def test_related_names_resolve_to_ids() -> None:
    kb = load_kb()
    resolved = {i for e in kb.related for i in kb.related_ids(e)}
    assert kb.by_name()["twitter"] in resolved
    assert all(i in kb.entities for i in resolved), "a 'related' name is not a KB entry"


def test_user_yaml_adds_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "- name: Quinn Bolton\n  type: PERSON\n  aliases: {en: [Q. Bolton]}\n"
        "  roles: [analyst at Needham]\n"
        "- name: Sam Altman\n  type: PERSON\n  qid: Q7407093\n  aliases: [Sama]\n",
        encoding="utf-8",
    )
    kb = load_kb((str(path),))
    assert kb.entities["kb:quinn-bolton"].roles == ("analyst at Needham",)
    assert kb.entities["kb:Q7407093"].aliases == ("Sama",)
    assert kb.by_name()["sama"] == "kb:Q7407093"
    assert "scam altman" not in kb.by_name()


def test_user_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    path.write_text(
        json.dumps({"name": "Lumora Labs", "type": "ORG", "aliases": ["Lumora"]}) + "\n\n",
        encoding="utf-8",
    )
    assert load_kb((str(path),)).by_name()["lumora"] == "kb:lumora-labs"


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("bad.yaml", "- name: A\n  type: PERSON\n- name: B\n  type: ANIMAL\n", "line 3"),
        ("bad.yaml", "- name: A\n  type: PERSON\n  aliases: [unclosed\n", "line"),
        ("bad.yaml", "- {type: ORG}\n", "line 1"),
        ("bad.jsonl", '{"name": "A", "type": "ORG"}\n{"name": \n', "line 2"),
        ("bad.jsonl", '{"name": "A", "type": "ORG", "qid": "42"}\n', "line 1"),
    ],
)
def test_bad_files_report_path_and_line(tmp_path: Path, name: str, text: str, line: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=line) as info:
        load_kb((str(path),))
    assert info.value.path == str(path)


def test_missing_file_is_a_kb_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match="cannot read"):
        load_kb((str(tmp_path / "nope.yaml"),))


def test_add_replaces_aliases_of_an_entry() -> None:
    kb = KnowledgeBase()
    kb.add({"name": "Acme", "type": "ORG", "aliases": ["Acme Corp"]})
    kb.add({"name": "Acme", "type": "ORG", "aliases": ["ACME"]})
    assert [a.text for a in kb.aliases] == ["Acme", "ACME"]


def _entity(qid: str, label: str, cls: str, de: str | None = None) -> dict[str, object]:
    labels = {"en": {"language": "en", "value": label}}
    if de:
        labels["de"] = {"language": "de", "value": de}
    return {
        "id": qid,
        "labels": labels,
        "aliases": {"en": [{"language": "en", "value": label + " Inc"}]},
        "descriptions": {"en": {"language": "en", "value": "a thing"}},
        "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": cls}}}}]},
    }


def test_import_wikidata_dump_streams_entities(tmp_path: Path) -> None:
    dump = tmp_path / "latest-all.json.gz"
    items = [
        _entity("Q1", "Acme", "Q4830453"),
        _entity("Q2", "Jane Roe", "Q5"),
        _entity("Q3", "Lumoria", "Q515", de="Lumorien"),
        _entity("Q4", "Some star", "Q523"),  # a class we do not keep
    ]
    with gzip.open(dump, "wt", encoding="utf-8") as out:
        out.write("[\n")
        out.write(",\n".join(json.dumps(i) for i in items))
        out.write("\n]\n")
    target = tmp_path / "kb.jsonl"
    assert import_wikidata_dump(str(dump), str(target)) == 3
    kb = load_kb((str(target),))
    assert kb.entities["kb:Q1"].type == "ORG"
    assert kb.entities["kb:Q2"].type == "PERSON"
    assert kb.by_name()["lumorien"] == "kb:Q3"
    assert kb.by_name()["acme inc"] == "kb:Q1"


def test_import_reports_a_broken_line(tmp_path: Path) -> None:
    dump = tmp_path / "dump.json.gz"
    with gzip.open(dump, "wt", encoding="utf-8") as out:
        out.write("[\n" + json.dumps(_entity("Q1", "Acme", "Q783794")) + ",\n{broken\n]\n")
    with pytest.raises(KnowledgeBaseError, match="line 3"):
        import_wikidata_dump(str(dump), str(tmp_path / "out.jsonl"))
