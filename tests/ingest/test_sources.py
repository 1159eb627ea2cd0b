"""Reading files: one bad record costs that record only (issue 19)."""

from __future__ import annotations

import json
from pathlib import Path

from newsledger.ingest.sources import SourceFile, read_source
from newsledger.model import Failure, RawDocument

GOOD = {"text": "Siemens Energy said on Monday it would cut 4,100 jobs worldwide."}
CAP = 5_000_000


def _read(path: Path) -> list[RawDocument | Failure]:
    return list(read_source(SourceFile(str(path), path.stat().st_size, 0), CAP))


def _jsonl(tmp_path: Path, *lines: str, name: str = "in.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _good_after(items: list[RawDocument | Failure]) -> RawDocument:
    assert len(items) == 2, items
    assert isinstance(items[1], RawDocument)
    assert items[1].source.endswith(":2")
    return items[1]


def test_a_line_nested_2000_deep_costs_that_line_only(tmp_path: Path) -> None:
    items = _read(_jsonl(tmp_path, "[" * 2000 + "]" * 2000, json.dumps(GOOD)))
    bad = items[0]
    assert isinstance(bad, Failure)
    assert bad.path.endswith("in.jsonl:1")
    assert bad.reason == "not a readable JSON object: nested too deeply"
    _good_after(items)


def test_an_integer_of_4301_digits_does_not_cost_the_record(tmp_path: Path) -> None:
    line = '{"text": "Apple hired 200 engineers in Munich.", "n": ' + "1" * 4301 + "}"
    items = _read(_jsonl(tmp_path, line, json.dumps(GOOD)))
    assert all(isinstance(item, RawDocument) for item in items)
    assert items[0].data.decode() == "Apple hired 200 engineers in Munich."  # type: ignore[union-attr]


def test_a_lone_surrogate_becomes_a_replacement_character(tmp_path: Path) -> None:
    items = _read(_jsonl(tmp_path, '{"text": "a\\ud800", "title": "\\udfff"}', json.dumps(GOOD)))
    first = items[0]
    assert isinstance(first, RawDocument)
    assert first.data.decode("utf-8") == "a\ufffd"
    assert first.title == "\ufffd"
    _good_after(items)


def test_escaped_nul_characters_are_dropped_not_binary(tmp_path: Path) -> None:
    items = _read(_jsonl(tmp_path, '{"text": "BMW sold\\u0000 5,000 cars\\u0001 in March."}'))
    assert isinstance(items[0], RawDocument)
    assert items[0].data == b"BMW sold 5,000 cars in March."


def test_an_empty_jsonl_file_is_reported_like_an_empty_feed(tmp_path: Path) -> None:
    for content in ("", "\n\n  \n"):
        path = tmp_path / "empty.jsonl"
        path.write_text(content)
        assert _read(path) == [Failure(str(path), "read", "empty file")]


def test_utf16_jsonl_is_read_by_its_byte_order_mark(tmp_path: Path) -> None:
    for encoding in ("utf-16", "utf-16-be", "utf-32"):
        path = tmp_path / f"{encoding}.jsonl"
        bom = "\ufeff" if encoding == "utf-16-be" else ""
        path.write_bytes((bom + json.dumps(GOOD) + "\n" + json.dumps(GOOD)).encode(encoding))
        items = _read(path)
        assert [type(item) for item in items] == [RawDocument, RawDocument], encoding
        assert items[1].source.endswith(":2")
        assert items[0].data.decode() == GOOD["text"]  # type: ignore[union-attr]


def test_a_utf8_file_whose_first_bytes_look_like_a_bom_is_read_line_by_line(
    tmp_path: Path,
) -> None:
    # Found by `make fuzz`: FE FF then ASCII read as UTF-16 took every line with it.
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\xfe\xff\n" + json.dumps(GOOD).encode())
    items = _read(path)
    assert isinstance(items[0], Failure)
    _good_after(items)


def test_a_line_that_is_not_json_costs_that_line_only(tmp_path: Path) -> None:
    items = _read(_jsonl(tmp_path, "{not json", json.dumps(GOOD)))
    assert isinstance(items[0], Failure)
    assert items[0].reason.startswith("not a JSON object: Expecting property name")
    _good_after(items)


FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>Bad</title><description>abc {ref} def</description></item>
<item><title>Good</title><description>SAP reported revenue of $8 billion.</description></item>
</channel></rss>"""


def test_an_rss_item_with_a_surrogate_reference_costs_nothing(tmp_path: Path) -> None:
    for ref in ("&#xD800;", "&#55296;", "&#x110000;", "&#99999999999;", "&#0;"):
        path = tmp_path / "feed.xml"
        path.write_text(FEED.format(ref=ref))
        items = _read(path)
        assert [type(item) for item in items] == [RawDocument, RawDocument], ref
        assert b"\xef\xbf\xbd" in items[0].data or b"abc" in items[0].data  # type: ignore[union-attr]
        assert b"SAP reported" in items[1].data  # type: ignore[union-attr]
