"""`newsledger ingest` on hostile files: good records in, bad ones reported (issue 19)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger.cli import app

runner = CliRunner(env={"COLUMNS": "400", "NEWSLEDGER_DB": None})

GOOD = [
    "Siemens Energy said on Monday it would cut 4,100 jobs worldwide.",
    "Volkswagen will build a battery plant in Salzgitter, the company said.",
    "Apple hired 200 engineers in Munich, a spokeswoman said on Friday.",
    "Bosch invested 40 million euros in a new factory in Stuttgart.",
    "BMW sold 5,000 electric cars in March, up from 3,000 a year earlier.",
    "Google opened an office in Hamburg with room for 300 employees.",
    "SAP reported revenue of 8 billion euros for the second quarter.",
    "Airbus delivered 60 aircraft in May, the planemaker said in Toulouse.",
    "Lufthansa cancelled 800 flights because of a strike at Frankfurt airport.",
    "Infineon opened a chip plant in Dresden that will employ 1,000 people.",
    # Look-alike letters and blank runs that once raised KeyError in the
    # lexicon lookups, and "laſt year" that escaped the pipeline.
    "Microsoft reported ſales of $5 billion laſt year, almoſt $5 million more  than planned.",
    # Relative dates against the first day of year 1 once overflowed.
    "BASF said yesterday it would hire 300 people on Tuesday, up from last week.",
]


def _folder(root: Path) -> Path:
    folder = root / "inbox"
    folder.mkdir()
    (folder / "a-good.txt").write_text(GOOD[0])
    (folder / "b-good.html").write_text(
        f"<html><body><article><p>{GOOD[1]}</p></article></body></html>"
    )
    lines = [
        json.dumps({"text": GOOD[2]}),
        "[" * 2_000 + "]" * 2_000,  # RecursionError in json
        '{"text": ' + json.dumps(GOOD[3]) + ', "n": ' + "9" * 4_301 + "}",  # int limit
        json.dumps({"text": GOOD[4]})[:-2] + '\\u0000"}',  # escaped NUL
        json.dumps({"text": GOOD[5]})[:-2] + ' \\ud800"}',  # lone surrogate
        "{not json",
        json.dumps({"text": GOOD[11], "published": "0001-01-01"}),
    ]
    (folder / "c-mixed.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "d-empty.jsonl").write_text("")
    (folder / "e-empty.xml").write_text("")
    (folder / "f-utf16.jsonl").write_bytes((json.dumps({"text": GOOD[6]}) + "\n").encode("utf-16"))
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
        f"<item><title>A</title><description>{GOOD[7]} &#xD800;</description></item>"
        f"<item><title>B</title><description>{GOOD[8]}</description></item>"
        "</channel></rss>"
    )
    (folder / "g-feed.xml").write_text(feed)
    depth = 1_000
    deep = "<div>" * depth + f"<p>{GOOD[9]}</p>" + "</div>" * depth
    (folder / "h-deep.html").write_text(f"<html><body>{deep}</body></html>")
    (folder / "i-binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "j-lookalikes.txt").write_text(GOOD[10])
    return folder


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ingest_reads_every_good_record_and_reports_every_bad_one(
    tmp_path: Path, workers: str
) -> None:
    folder = _folder(tmp_path)
    db = str(tmp_path / "l.db")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--workers", workers])
    output = " ".join(result.output.split())
    assert result.exit_code == 0, output
    assert "Traceback" not in output
    assert re.search(rf"ingested {len(GOOD)}\b", output), output
    skipped = {
        "c-mixed.jsonl:2": "not a readable JSON object: nested too deeply",
        "c-mixed.jsonl:6": "not a JSON object: Expecting property name",
        "d-empty.jsonl": "empty file",
        "e-empty.xml": "empty file",
        "i-binary.txt": "binary data",
    }
    for where, reason in skipped.items():
        assert re.search(rf"skipped \S*{re.escape(where)}: {re.escape(reason)}", output), where
    assert len(re.findall(r"skipped \S*inbox/", output)) == len(skipped), output
