"""Tests for the gold scorer: each rule on small literal gold and export objects."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from newsledger.errors import GoldFormatError
from newsledger.evaluate import (
    CATEGORIES,
    Gold,
    Scores,
    load_gold,
    score,
    scores_json,
    scores_table,
)

SEEDS_GOLD = Path(__file__).parents[1] / "../shared/gold/seeds.json"


def make_gold(tmp_path: Path, documents: dict[str, Any], **top: Any) -> Gold:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"corpus": "x", "documents": documents, **top}), encoding="utf-8")
    return load_gold(str(path))


def make_export(**lists: Any) -> dict[str, Any]:
    documents = lists.pop(
        "documents",
        [{"id": "d1", "source": "/corpus/a.txt"}, {"id": "d2", "source": "C:\\in\\b.txt"}],
    )
    return {"format_version": 1, "documents": documents, **lists}


def entity(name: str, type_: str, *docs: str) -> dict[str, Any]:
    mentions = [{"doc": d, "start": 0, "end": 1, "text": name} for d in docs]
    return {"id": name, "name": name, "type": type_, "mentions": mentions}


def counts(scores: Scores, category: str) -> tuple[int, int, int, int]:
    t = scores.category(category).total
    return t.system, t.gold, t.system_matched, t.gold_matched


MUSK = {"name": "Elon Musk", "type": "PERSON", "mentions": ["Musk", "Musk’s"]}
ALTMAN = {"name": "Sam Altman", "type": "PERSON", "mentions": ["Altman", "Altmann"]}


def test_entities_match_by_case_folded_name_or_mention_and_type(tmp_path: Path) -> None:
    acme = {"name": "Acme", "type": "ORG", "mentions": []}
    gold = make_gold(tmp_path, {"a.txt": {"entities": [MUSK, ALTMAN, acme]}})
    export = make_export(
        entities=[
            entity("elon musk", "PERSON", "d1"),  # case folding
            entity("Altmann", "PERSON", "d1"),  # a typo listed among the mentions
            entity("Acme", "PRODUCT", "d1"),  # right name, wrong type
        ]
    )
    scores = score(export, gold)
    assert counts(scores, "entities") == (3, 3, 2, 2)
    assert scores.category("entities").total.f1 == pytest.approx(2 / 3)


def test_entities_count_only_documents_with_a_mention_and_unmerged_duplicates(
    tmp_path: Path,
) -> None:
    gold = make_gold(tmp_path, {"a.txt": {"entities": [MUSK]}, "b.txt": {"entities": []}})
    export = make_export(
        entities=[entity("Elon Musk", "PERSON", "d2"), entity("Musk", "PERSON", "d2")]
    )
    scores = score(export, gold)
    a = scores.category("entities").per_document["a.txt"]
    b = scores.category("entities").per_document["b.txt"]
    assert (a.system, a.gold_matched) == (0, 0)
    assert (b.system, b.system_matched, b.precision) == (2, 0, 0.0)

    one_doc = score(
        make_export(entities=[entity("Elon Musk", "PERSON", "d1"), entity("Musk", "PERSON", "d1")]),
        gold,
    )
    # "Musk" and "Elon Musk" left unmerged: one hit, one false positive.
    assert counts(one_doc, "entities") == (2, 1, 1, 1)


def figure(value: float, unit: str = "USD", value_max: float | None = None, **kw: Any) -> Any:
    return {"doc": kw.pop("doc", "d1"), "value": value, "value_max": value_max, "unit": unit, **kw}


def test_figures_match_within_one_percent_with_units_and_both_range_ends(tmp_path: Path) -> None:
    gold_figures = [
        {"subject": "Elon Musk", "value": 97.4e9, "value_max": None, "unit": "USD"},
        {"subject": "Acme", "value": 1.5e9, "value_max": 22e9, "unit": "agent"},
        {"subject": "Acme", "value": 100.0, "value_max": None, "unit": "GPU"},
        {"subject": None, "value": 5.0, "value_max": None, "unit": "%"},
    ]
    gold = make_gold(tmp_path, {"a.txt": {"entities": [MUSK], "figures": gold_figures}})
    export = make_export(
        figures=[
            figure(97e9, subject="Musk"),  # 0.4 % off; subject by mention
            figure(1.5e9, "agent", 22.1e9, subject="Acme"),  # both ends within 1 %
            figure(100.0, "USD", subject="Acme"),  # wrong unit
            figure(5.2, "%"),  # 4 % off
        ]
    )
    scores = score(export, gold)
    assert counts(scores, "figures") == (4, 4, 2, 2)
    assert scores.category("figures").extra["subject_accuracy"] == 1.0

    ranged = score(make_export(figures=[figure(1.5e9, "agent", 30e9)]), gold)
    plain = score(make_export(figures=[figure(1.5e9, "agent")]), gold)
    assert counts(ranged, "figures")[2] == counts(plain, "figures")[2] == 0


def test_figures_are_matched_one_to_one_and_subject_accuracy_counts_wrong_subjects(
    tmp_path: Path,
) -> None:
    twice = {"subject": "Elon Musk", "value": 10e9, "value_max": None, "unit": "USD"}
    gold = make_gold(tmp_path, {"a.txt": {"entities": [MUSK], "figures": [twice, twice]}})
    export = make_export(figures=[figure(10e9, subject="Sam Altman")])
    scores = score(export, gold)
    assert counts(scores, "figures") == (1, 2, 1, 1)
    assert scores.category("figures").extra["subject_accuracy"] == 0.0
    doc_extra = scores.category("figures").document_extra["a.txt"]
    assert doc_extra["subject_accuracy"] == 0.0


def quote(text: str, speaker: str | None, doc: str = "d1") -> dict[str, Any]:
    return {"doc": doc, "text": text, "speaker": speaker, "kind": "statement"}


def test_quotes_need_speaker_and_sixty_percent_of_gold_tokens(tmp_path: Path) -> None:
    gold_quotes = [
        {"speaker": "Sam Altman", "text": "We will build the best models in the world"},
        {"speaker": "Elon Musk", "text": "They do not have the money"},
        {"speaker": "Elon Musk", "text": "one two three four five six seven eight nine ten"},
    ]
    gold = make_gold(tmp_path, {"a.txt": {"entities": [MUSK, ALTMAN], "quotes": gold_quotes}})
    export = make_export(
        quotes=[
            # 7 of 9 gold tokens, speaker by a mention
            quote("“we will build the best models,” he said", "Altman"),
            # right text, wrong speaker
            quote("They do not have the money", "Sam Altman"),
            # 5 of 10 tokens: below 60 %
            quote("one two three four five", "Musk"),
        ]
    )
    assert counts(score(export, gold), "quotes") == (3, 3, 1, 1)


def test_quotes_from_unnamed_sources_compare_descriptions(tmp_path: Path) -> None:
    gold_quotes = [
        {"speaker": "an investor in Acme's companies", "text": "Nobody has that much compute"},
        {"speaker": "an industry insider", "text": "The strategy is impressive"},
    ]
    gold = make_gold(tmp_path, {"a.txt": {"quotes": gold_quotes}})
    export = make_export(
        quotes=[
            quote("Nobody has that much compute", "an investor"),
            quote("The strategy is impressive", "an investor"),
            quote("Nobody has that much compute", None),
        ]
    )
    assert counts(score(export, gold), "quotes") == (3, 2, 1, 1)


def test_quotes_are_matched_one_to_one(tmp_path: Path) -> None:
    gold_quotes = [{"speaker": "Elon Musk", "text": "liar"}]
    gold = make_gold(tmp_path, {"a.txt": {"entities": [MUSK], "quotes": gold_quotes}})
    export = make_export(quotes=[quote("liar", "Musk"), quote("a liar", "Elon Musk")])
    assert counts(score(export, gold), "quotes") == (2, 1, 1, 1)


def test_direct_quotes_are_also_scored_alone(tmp_path: Path) -> None:
    gold_quotes = [{"speaker": "Elon Musk", "text": "They do not have the money"}]
    gold = make_gold(tmp_path, {"a.txt": {"entities": [MUSK], "quotes": gold_quotes}})
    direct = quote("They do not have the money", "Musk") | {"form": "direct"}
    said = quote("that the plan was dead", "Musk") | {"form": "indirect"}
    scores = score(make_export(quotes=[direct, said]), gold)
    assert counts(scores, "quotes") == (2, 1, 1, 1)
    assert counts(scores, "direct_quotes") == (1, 1, 1, 1)
    # A gold quote found only as indirect speech is missed by the direct score.
    as_indirect = quote("They do not have the money, he said", "Musk") | {"form": "indirect"}
    scores = score(make_export(quotes=[as_indirect, said]), gold)
    assert counts(scores, "quotes") == (2, 1, 1, 1)
    assert counts(scores, "direct_quotes") == (0, 1, 0, 0)


def event(type_: str, actors: list[str], doc: str = "d1") -> dict[str, Any]:
    return {"doc": doc, "type": type_, "actors": actors, "targets": []}


def test_events_need_type_and_one_actor_unless_gold_has_none(tmp_path: Path) -> None:
    gold_events = [
        {"type": "lawsuit", "actors": ["Elon Musk", "Acme"], "targets": ["OpenAI"]},
        {"type": "founding", "actors": ["Sam Altman"], "targets": []},
        {"type": "earnings", "actors": [], "targets": []},
    ]
    gold = make_gold(tmp_path, {"a.txt": {"entities": [MUSK, ALTMAN], "events": gold_events}})
    export = make_export(
        events=[
            event("lawsuit", ["Musk"]),
            event("founding", ["Elon Musk"]),  # wrong actor
            event("earnings", ["Anyone"]),
            event("acquisition", ["Sam Altman"]),  # wrong type
        ]
    )
    scores = score(export, gold)
    assert counts(scores, "events") == (4, 3, 2, 2)
    assert scores.category("events").total.recall == pytest.approx(2 / 3)


COLOSSUS = {"name": "Colossus", "type": "FACILITY", "mentions": ["Colossus cluster"]}
CONTRADICTIONS = [
    {
        "subject": "Colossus",
        "attribute": "GPU count",
        "claims": [
            {"doc": "a.txt", "value": 1e6, "qualifier": ">"},
            {"doc": "b.txt", "value": 1e5},
        ],
    },
    {
        "subject": "Acme",
        "attribute": "capital secured",
        "claims": [
            {"doc": "a.txt", "value": 1e10, "qualifier": "<"},
            {"doc": "a.txt", "value": None, "qualifier": "disputed"},
        ],
    },
]
NOT_CONTRADICTIONS = [
    {
        "subject": "Elon Musk",
        "attribute": "bid",
        "why": "rounding",
        "claims": [{"doc": "a.txt", "value": 97e9}, {"doc": "b.txt", "value": 97.4e9}],
    }
]


def conflict(subject: str, *claims: tuple[str, float | None, bool]) -> dict[str, Any]:
    rows = [
        {"doc": d, "value": v, "unit": "USD", "disputed": disputed} for d, v, disputed in claims
    ]
    return {"subject": subject, "attribute": "x", "ratio": 2.0, "reason": "", "claims": rows}


def test_contradictions_match_subject_and_shared_claims_and_count_false_alarms(
    tmp_path: Path,
) -> None:
    gold = make_gold(
        tmp_path,
        {"a.txt": {"entities": [MUSK]}, "b.txt": {"entities": [COLOSSUS]}},
        contradictions=CONTRADICTIONS,
        not_contradictions=NOT_CONTRADICTIONS,
    )
    export = make_export(
        conflicts=[
            # subject by a mention from another document; one shared (doc, value) pair
            conflict("Colossus cluster", ("d1", 1.001e6, False), ("d2", 2e5, False)),
            # matched through the disputed claim
            conflict("acme", ("d1", 5e9, True), ("d1", 7e9, False)),
            # the rounding pair listed under not_contradictions
            conflict("Musk", ("d1", 97e9, False), ("d2", 97.4e9, False)),
            # unmatched, but not a listed pair
            conflict("Musk", ("d1", 97e9, False), ("d2", 50e9, False)),
        ]
    )
    scores = score(export, gold)
    assert counts(scores, "contradictions") == (4, 2, 2, 2)
    assert scores.category("contradictions").extra["false_alarms"] == 1
    assert scores.category("contradictions").per_document == {}


def test_contradiction_with_wrong_subject_or_values_does_not_match(tmp_path: Path) -> None:
    gold = make_gold(tmp_path, {"a.txt": {}, "b.txt": {}}, contradictions=CONTRADICTIONS)
    export = make_export(
        conflicts=[
            conflict("Memphis", ("d1", 1e6, False), ("d2", 1e5, False)),
            conflict("Colossus", ("d2", 1e6, False), ("d1", 1e5, False)),  # docs swapped
        ]
    )
    scores = score(export, gold)
    assert counts(scores, "contradictions") == (2, 2, 0, 0)
    assert scores.category("contradictions").total.f1 == 0.0


def test_stories_are_scored_over_document_pairs(tmp_path: Path) -> None:
    documents = [{"id": f"d{n}", "source": f"{n}.txt"} for n in "abc"]
    gold = make_gold(
        tmp_path,
        {"a.txt": {}, "b.txt": {}, "c.txt": {}},
        stories=[{"label": "one", "docs": ["a.txt", "b.txt", "c.txt"]}],
    )
    export = make_export(
        documents=documents,
        stories=[{"id": "s1", "docs": ["da", "db"]}, {"id": "s2", "docs": ["dc", "dz"]}],
    )
    scores = score(export, gold)
    stories = scores.category("stories").total
    assert counts(scores, "stories") == (1, 3, 1, 1)
    assert stories.precision == 1.0
    assert stories.recall == pytest.approx(1 / 3)


def test_boilerplate_matches_by_containment_and_counts_lost_sentences(tmp_path: Path) -> None:
    gold = make_gold(
        tmp_path,
        {"a.txt": {"boilerplate": ["Become a Speaker", "Subscribe  for our weekly newsletter"]}},
    )
    lines = [
        "BECOME A SPEAKER | Become a Partner",  # contains a gold string
        "Subscribe for our",  # contained in a gold string
        "The company said on Tuesday that revenue grew by a third.",  # an article sentence
        "Share",
    ]
    export = make_export(boilerplate=[{"doc": "d1", "text": t, "reason": "cta"} for t in lines])
    scores = score(export, gold)
    assert counts(scores, "boilerplate") == (4, 2, 2, 2)
    assert scores.category("boilerplate").extra["article_sentences_lost"] == 1
    assert scores.category("boilerplate").document_extra["a.txt"]["article_sentences_lost"] == 1


def test_missing_documents_are_all_missed_and_listed(tmp_path: Path) -> None:
    gold = make_gold(
        tmp_path,
        {"a.txt": {"entities": [MUSK]}, "gone.txt": {"entities": [ALTMAN], "boilerplate": ["x"]}},
    )
    export = make_export(
        documents=[{"id": "d1", "source": "a.txt"}, {"id": "d9", "source": "/other/extra.txt"}],
        entities=[entity("Elon Musk", "PERSON", "d1")],
    )
    scores = score(export, gold)
    assert scores.missing_documents == ("gone.txt",)
    assert scores.unscored_documents == ("extra.txt",)
    assert counts(scores, "entities") == (1, 2, 1, 1)
    assert scores.category("entities").per_document["gone.txt"].recall == 0.0
    assert scores.category("boilerplate").total.recall == 0.0


def test_empty_categories_are_na_and_unextracted_ones_score_zero(tmp_path: Path) -> None:
    gold = make_gold(tmp_path, {"a.txt": {"entities": [MUSK]}})
    scores = score(make_export(), gold)
    entities = scores.category("entities").total
    assert (entities.precision, entities.recall, entities.f1) == (0.0, 0.0, 0.0)
    quotes = scores.category("quotes").total
    assert (quotes.precision, quotes.recall, quotes.f1) == (None, None, None)
    data = scores_json(scores)
    assert data["categories"]["quotes"]["f1"] is None
    assert data["categories"]["entities"]["f1"] == 0.0
    assert data["documents"]["a.txt"]["entities"]["gold"] == 1
    assert set(data["categories"]) == set(CATEGORIES)
    json.dumps(data)


def test_scores_table_has_one_row_per_category(tmp_path: Path) -> None:
    gold = make_gold(tmp_path, {"a.txt": {"entities": [MUSK]}, "gone.txt": {}})
    table = scores_table(score(make_export(), gold))
    assert table.row_count == len(CATEGORIES)
    console = Console(width=160, record=True, file=io.StringIO())
    console.print(table)
    text = console.export_text()
    assert "n/a" in text and "entities" in text and "gone.txt" in text


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "JSON"),
        ("[]", "top level"),
        ('{"stories": []}', "documents"),
        ('{"documents": {"a.txt": {"entities": [{"name": "X"}]}}}', "'type'"),
        ('{"documents": {"a.txt": {"figures": [{"value": "1", "unit": "USD"}]}}}', "'value'"),
        ('{"documents": {}, "contradictions": [{"subject": "X"}]}', "attribute"),
        ('{"documents": {"a.txt": {"boilerplate": [1]}}}', "boilerplate"),
    ],
)
def test_malformed_gold_raises_with_path(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldFormatError) as info:
        load_gold(str(path))
    assert info.value.path == str(path)
    assert fragment in str(info.value)


def test_missing_gold_file_raises_with_path(tmp_path: Path) -> None:
    path = str(tmp_path / "absent.json")
    with pytest.raises(GoldFormatError, match="cannot read") as info:
        load_gold(path)
    assert info.value.path == path


def perfect_export(raw: dict[str, Any]) -> dict[str, Any]:
    """An export that says exactly what the gold says."""
    ids = {name: f"id-{n}" for n, name in enumerate(raw["documents"])}
    out: dict[str, list[Any]] = {k: [] for k in ("figures", "quotes", "events", "boilerplate")}
    entities: dict[tuple[str, str], list[str]] = {}
    for name, doc in raw["documents"].items():
        d = ids[name]
        for e in doc.get("entities", []):
            entities.setdefault((e["name"], e["type"]), []).append(d)
        out["figures"] += [{**f, "doc": d} for f in doc.get("figures", [])]
        out["quotes"] += [{**q, "doc": d} for q in doc.get("quotes", [])]
        out["events"] += [{**e, "doc": d} for e in doc.get("events", [])]
        out["boilerplate"] += [{"doc": d, "text": t} for t in doc.get("boilerplate", [])]
    conflicts = [
        {
            "subject": c["subject"],
            "attribute": c["attribute"],
            "claims": [
                {
                    "doc": ids[x["doc"]],
                    "value": x["value"],
                    "disputed": x.get("qualifier") == "disputed",
                }
                for x in c["claims"]
            ],
        }
        for c in raw.get("contradictions", [])
    ]
    return {
        "documents": [{"id": i, "source": f"/corpus/{name}"} for name, i in ids.items()],
        "entities": [entity(n, t, *docs) for (n, t), docs in entities.items()],
        "stories": [{"docs": [ids[d] for d in s["docs"]]} for s in raw.get("stories", [])],
        "conflicts": conflicts,
        **out,
    }


@pytest.mark.skipif(not SEEDS_GOLD.exists(), reason="shared seed gold not present")
def test_seed_gold_scores_perfect_against_itself() -> None:
    gold = load_gold(str(SEEDS_GOLD))
    raw = json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))
    scores = score(perfect_export(raw), gold)
    assert scores.missing_documents == ()
    for category in scores.categories:
        assert category.total.f1 == 1.0, category.name
    assert scores.category("figures").extra["subject_accuracy"] == 1.0
    assert scores.category("contradictions").extra["false_alarms"] == 0
    assert scores.category("boilerplate").extra["article_sentences_lost"] == 0


def test_event_types_match_free_form_gold_names_through_the_taxonomy(tmp_path: Path) -> None:
    gold_events = [
        {"type": "layoffs", "actors": ["Acme"], "targets": []},
        {"type": "plant_closure", "actors": ["Acme"], "targets": []},
        {"type": "job_guarantee", "actors": ["Acme"], "targets": []},
    ]
    acme = {"name": "Acme", "type": "ORG", "mentions": []}
    gold = make_gold(tmp_path, {"a.txt": {"entities": [acme], "events": gold_events}})
    export = make_export(
        events=[
            event("job_cuts", ["Acme"]),  # "layoffs" is a name of job_cuts
            event("closure", ["Acme"]),  # so is "plant_closure" of closure
            event("state_aid", ["Acme"]),  # a job guarantee is no state guarantee
        ]
    )
    assert counts(score(export, gold), "events") == (3, 3, 2, 2)
