"""Ray engine: Parquet per record kind, `load` into a ledger, `query` with DuckDB.

One local Ray runtime (2 CPUs) serves every test here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger import Ledger, Settings
from newsledger.cli import app
from newsledger.errors import NewsledgerError
from newsledger.ingest.ray_engine import RECORDS, arrow_schema, load_parquet, query, run_ray

pytestmark = pytest.mark.ray

EN = (
    "Northwind Robotics raised ${n} million on Tuesday, chief executive Priya Raman said.\n\n"
    "“We will hire {n} engineers in Boston,” Raman told reporters."
)


@pytest.fixture(scope="module")
def ray_runtime() -> Iterator[None]:
    ray = pytest.importorskip("ray")
    if not ray.is_initialized():
        # Left running for the other Ray tests of this session; Ray stops it at exit.
        ray.init(num_cpus=2, include_dashboard=False)
    yield


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for n in range(6):
        (folder / f"{n}.txt").write_text(EN.replace("{n}", str(10 + n)), encoding="utf-8")
    (folder / "7-copy.txt").write_text(EN.replace("{n}", "12"), encoding="utf-8")
    (folder / "8-empty.txt").write_text(" ", encoding="utf-8")
    lines = [json.dumps({"text": EN.replace("{n}", str(50 + n))}) for n in range(3)]
    (folder / "9-feed.jsonl").write_text("\n".join([*lines, "not json"]), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def output(corpus: Path, ray_runtime: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ray") / "out"
    summary = run_ray([corpus], out, Settings())
    assert (summary.files, summary.documents, summary.failures) == (9, 10, 2)
    return out


def test_every_kind_is_a_parquet_dataset_with_the_ledger_columns(output: Path) -> None:
    import pyarrow.parquet as pq

    for kind in RECORDS:
        files = sorted((output / kind).glob("*.parquet"))
        assert files, kind
        assert pq.read_schema(files[-1]).equals(arrow_schema(kind)), kind
    _, rows = query(output, "SELECT COUNT(*), COUNT(DISTINCT id) FROM documents")
    assert rows == [(10, 9)]  # the copy is written; `load` drops it
    _, rows = query(output, "SELECT COUNT(*) FROM mentions WHERE name = 'Priya Raman'")
    assert rows[0][0] >= 10


def test_load_matches_a_local_ingest_and_loading_again_adds_nothing(
    output: Path, corpus: Path, tmp_path: Path
) -> None:
    settings = Settings(resolve=False, batch_size=4)
    with Ledger(tmp_path / "local.db", settings) as local:
        local.ingest([corpus])
        expected = (
            [(d.id, d.source) for d in local.store.documents()],
            local.store.mentions(),
            local.store.claims(),
            local.store.failures(),
        )
    with Ledger(tmp_path / "loaded.db", settings) as ledger:
        first = load_parquet(output, ledger)
        again = load_parquet(output, ledger)
        got = (
            [(d.id, d.source) for d in ledger.store.documents()],
            ledger.store.mentions(),
            ledger.store.claims(),
            ledger.store.failures(),
        )
        # The files count as read: a local ingest of the same folder skips them.
        assert ledger.ingest([corpus]).unchanged_files == 9
    assert got == expected
    assert (first.added, first.duplicates, first.failures) == (9, 1, 2)
    assert (again.added, again.failures) == (0, 0)


def test_cli_runs_ray_then_load_then_query(corpus: Path, ray_runtime: None, tmp_path: Path) -> None:
    runner = CliRunner()
    out, db = tmp_path / "parquet", tmp_path / "news.db"
    ran = runner.invoke(app, ["ingest", str(corpus), "--engine", "ray", "--out", str(out)])
    assert ran.exit_code == 0, ran.output
    assert "wrote 10 document(s)" in ran.output
    loaded = runner.invoke(app, ["load", str(out), "--db", str(db)])
    assert loaded.exit_code == 0, loaded.output
    assert "loaded 9 document(s)" in loaded.output
    sql = "SELECT language, COUNT(*) AS n FROM documents GROUP BY 1"
    asked = runner.invoke(app, ["query", sql, "--parquet", str(out), "--format", "json"])
    assert asked.exit_code == 0, asked.output
    assert json.loads(asked.output) == [{"language": "en", "n": 10}]
    bad = runner.invoke(app, ["query", "SELECT nope", "--parquet", str(out)])
    assert bad.exit_code == 1 and "query failed" in bad.output
    again = runner.invoke(app, ["ingest", str(corpus), "--engine", "ray", "--out", str(out)])
    assert again.exit_code == 1 and "not empty" in again.output


def test_a_folder_that_is_not_ray_output_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NewsledgerError, match="not a newsledger Parquet output"):
        query(tmp_path, "SELECT 1")
