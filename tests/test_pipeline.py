"""The pipeline's error handling: every failure is one document's Failure (issue 19)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsledger.pipeline as pipeline_module
from newsledger.errors import StageError
from newsledger.model import Extraction, Failure, RawDocument, Span
from newsledger.pipeline import Pipeline, _outside, process_text

GOOD = "Microsoft said on Tuesday it raised $5 million from investors in Berlin."


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def _raw(text: str, published: str | None = None) -> RawDocument:
    return RawDocument(source="doc.txt", data=text.encode(), kind="text", published=published)


def _lexicon_bug(*args: object, **kwargs: object) -> None:
    raise KeyError("more  than")


def test_an_unexpected_error_while_cleaning_is_a_failure(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline_module, "build_document", _lexicon_bug)
    result = pipeline.process(_raw(GOOD))
    assert isinstance(result, Failure)
    assert (result.path, result.stage) == ("doc.txt", "clean")
    assert result.reason.startswith("could not clean and segment the text: internal error")
    assert "more  than" not in result.reason and "KeyError:" not in result.reason


@pytest.mark.parametrize(
    ("function", "stage", "what"),
    [
        ("extract_mentions", "mentions", "could not read the names"),
        ("extract_figures", "figures", "could not read the numbers"),
        ("extract_quotes", "quotes", "could not read the quotes"),
        ("extract_claims", "claims", "could not read the claims"),
        ("extract_events", "events", "could not read the events"),
    ],
)
def test_an_unexpected_error_in_an_extractor_names_its_stage(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch, function: str, stage: str, what: str
) -> None:
    monkeypatch.setattr(pipeline_module, function, _lexicon_bug)
    result = pipeline.process(_raw(GOOD))
    assert isinstance(result, Failure)
    assert result.stage == stage
    assert result.reason.startswith(f"{what}: internal error (KeyError at pipeline.py:")
    assert "more  than" not in result.reason


def test_a_recursion_error_reads_as_nesting(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    def too_deep(*args: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(pipeline_module, "extract_quotes", too_deep)
    result = pipeline.process(_raw(GOOD))
    assert isinstance(result, Failure)
    assert result.reason == "could not read the quotes: nested too deeply to read; document skipped"


def test_process_text_raises_a_stage_error_not_the_stage_s_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pipeline_module, "extract_figures", _lexicon_bug)
    with pytest.raises(StageError) as caught:
        process_text(GOOD)
    assert caught.value.stage == "figures"
    assert "internal error" in caught.value.reason


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("laſt year", None),  # escaped the document stage through the dateline guess
        ("yesterday", "0001-01-01"),
        ("on Tuesday", "0001-01-01"),
        ("last week", "0001-01-01"),
        (GOOD, "0001-01-01"),
        (GOOD, "9999-12-31"),
    ],
)
def test_issue_inputs_give_an_extraction_or_a_failure(
    pipeline: Pipeline, text: str, published: str | None
) -> None:
    result = pipeline.process(_raw(text, published))
    assert isinstance(result, (Extraction, Failure))
    if isinstance(result, Failure):
        assert not result.reason.startswith(("KeyError", "OverflowError"))


def test_a_dateline_that_breaks_the_date_reader_does_not_cost_the_article(
    pipeline: Pipeline,
) -> None:
    result = pipeline.process(_raw("laſt year"))
    assert not (isinstance(result, Failure) and result.stage == "clean")


def test_process_text_takes_lone_surrogates() -> None:
    extraction = process_text(GOOD + " \ud800")
    assert extraction.document.text.endswith("\ufffd")


# Reproducers from issue 19: lexicon regexes match case twins ("ſ", "ı") and
# runs of blanks; the lookups use the same fold (extract.alternation.fold_key),
# so each must give an Extraction, not an internal error.
LEXICON_REPRODUCERS = [
    "US\t$5 million",
    "more  than $5 million",
    "almoſt $5 million",
    "5 million US  dollars",
    "Microsoft raised $5 million or  more.",
    "2 employeeſ",
    "Microsoft reported ſales of $5 billion.",
    "Microsoft raised $5 billion yeſterday.",
    "Microsoft raised $5 billion laſt year.",
    # Found by tests/fuzz (minimised): the same class at the same sites.
    "2\temployeeſ",  # extract/figure_lexicon.py:178
    "5 million dollarſ",  # extract/figures.py:152
]


@pytest.mark.parametrize("text", LEXICON_REPRODUCERS)
def test_lexicon_lookalikes_give_an_extraction(pipeline: Pipeline, text: str) -> None:
    result = pipeline.process(_raw(text))
    assert isinstance(result, Extraction), result


def test_year_one_publication_with_a_weekday_gives_an_extraction(pipeline: Pipeline) -> None:
    result = pipeline.process(_raw(GOOD, "0001-01-01"))
    assert isinstance(result, Extraction), result


class _Record:
    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 200), st.integers(0, 40)), max_size=12),
    st.lists(st.tuples(st.integers(0, 200), st.integers(0, 40)), max_size=30),
)
def test_outside_keeps_exactly_the_records_no_repeat_contains(
    spans: list[tuple[int, int]], records: list[tuple[int, int]]
) -> None:
    repeats = tuple(Span(start, start + length) for start, length in spans)
    items = [_Record(start, start + length) for start, length in records]
    expected = [r for r in items if not any(s.start <= r.start and r.end <= s.end for s in repeats)]
    assert list(_outside(repeats, items)) == expected
