"""No hostile input raises out of the pipeline or the readers (issue 19).

Every input gets an Extraction or a Failure with a readable reason, within
two seconds.  Bounded for CI by the "fuzz-ci" hypothesis profile; `make fuzz`
runs the "fuzz-long" profile (10,000 inputs).
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from newsledger.errors import NewsledgerError
from newsledger.ingest.sources import SourceFile, read_source
from newsledger.model import Extraction, Failure, RawDocument
from newsledger.pipeline import Pipeline, process_text
from tests.fuzz import record
from tests.fuzz.strategies import PROFILE, PUBLISHED, feeds, html_pages, jsonl_lines, texts

MAX_BYTES = 5_000_000


@functools.cache
def _pipeline() -> Pipeline:
    pipeline = Pipeline()
    # Lexicons and tokenizers load on first use per language: not the input's time.
    for text in ["Microsoft said on Tuesday it raised $5 million.",
                 "Die Firma sagte am Dienstag, sie habe 5 Millionen Euro eingenommen.",
                 "ẞ", "!!!"]:  # fmt: skip
        pipeline.process(RawDocument(source="warm-up", data=text.encode(), kind="text"))
        page = f"<html><body><div><p>{text}</p></div></body></html>"
        pipeline.process(RawDocument(source="warm-up", data=page.encode(), kind="html"))
    return pipeline


def _process(raw: RawDocument) -> None:
    pipeline = _pipeline()
    result, elapsed = record.timed(lambda: pipeline.process(raw))
    record.check(result, raw.data[:2000], elapsed)


@PROFILE
@given(texts(), PUBLISHED)
def test_any_text_gets_an_extraction_or_a_failure(text: str, published: str | None) -> None:
    data = text.encode("utf-8", "surrogatepass")
    _process(RawDocument(source="<fuzz>", data=data, kind="text", published=published))


@PROFILE
@given(html_pages())
def test_any_html_page_gets_an_extraction_or_a_failure(html: str) -> None:
    _process(RawDocument(source="<fuzz>", data=html.encode("utf-8"), kind="html"))


@PROFILE
@given(texts(), PUBLISHED)
def test_process_text_raises_only_newsledger_errors(text: str, published: str | None) -> None:
    _pipeline()  # models loaded once, outside the timing

    def run() -> Extraction | Failure:
        try:
            return process_text(text, published=published)
        except NewsledgerError as error:  # documented: InputError or StageError
            reason = getattr(error, "reason", str(error))
            return Failure("<text>", getattr(error, "stage", "clean"), reason)

    result, elapsed = record.timed(run)
    record.check(result, text, elapsed)


def _read(name: str, data: bytes) -> list[RawDocument | Failure]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        source = SourceFile(str(path), len(data), 0)
        return list(read_source(source, MAX_BYTES))


@PROFILE
@given(st.lists(jsonl_lines(), max_size=6), st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_any_jsonl_file_costs_only_its_bad_lines(lines: list[bytes], encoding: str) -> None:
    text = b"\n".join(lines).decode("utf-8", "replace")
    data = text.encode(encoding, "replace") if encoding != "utf-8" else b"\n".join(lines)
    items = _read("fuzz.jsonl", data)
    # One answer per non-blank line (or one "empty file"): no line takes others with it.
    if encoding == "utf-8":
        wanted = sum(1 for line in data.split(b"\n") if line.strip())
        assert len(items) == max(wanted, 1)
    assert items
    for item in items:
        if isinstance(item, Failure):
            record.check_reason(item.reason)
        else:
            _process(item)


@PROFILE
@given(feeds())
def test_any_feed_costs_only_its_bad_entries(data: bytes) -> None:
    for item in _read("fuzz.xml", data):
        if isinstance(item, Failure):
            record.check_reason(item.reason)
        else:
            _process(item)
