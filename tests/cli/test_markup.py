"""Article text is never Rich markup: brackets print as written, nothing crashes."""

from __future__ import annotations

from newsledger.cli import app
from tests.cli.conftest import runner


def test_quotes_table_prints_bracketed_text_as_written(ledger_db: str) -> None:
    result = runner.invoke(app, ["quotes", "--db", ledger_db])
    assert result.exit_code == 0, result.output
    assert "[sic]" in result.output
    assert "[/x]" in result.output


def test_search_over_text_with_a_closing_tag_does_not_crash(ledger_db: str) -> None:
    result = runner.invoke(app, ["search", "engineers", "--db", ledger_db])
    assert result.exit_code == 0, result.output
    assert "MarkupError" not in result.output


def test_show_lists_quotes_with_their_brackets(ledger_db: str) -> None:
    result = runner.invoke(app, ["show", "orbital.txt", "--db", ledger_db])
    assert result.exit_code == 0, result.output
    assert "[The company] runs" in result.output
    assert "hire [sic] 40 engineers [/x]" in result.output


def test_quotes_table_says_whether_a_quote_is_direct_or_reported(ledger_db: str) -> None:
    result = runner.invoke(app, ["quotes", "--db", ledger_db, "--format", "csv"])
    assert result.exit_code == 0, result.output
    header = result.output.splitlines()[0]
    assert "form" in header.split(","), header
    assert "direct" in result.output
