"""Options mean the same everywhere: short flags, --format, --limit, help on each."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest
import typer

from newsledger.cli import app

# Typer carries its own copy of click, so commands and options are matched by
# what they have, not by click's classes.


def _commands() -> dict[str, Any]:
    root = typer.main.get_command(app)
    found: dict[str, Any] = {}
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        if hasattr(command, "commands"):
            for sub, subcommand in command.commands.items():
                found[f"{name} {sub}"] = subcommand
        else:
            found[name] = command
    return found


def _options(command: Any) -> list[Any]:
    options = [p for p in command.params if p.param_type_name == "option" and p.name != "help"]
    return options


def test_each_short_flag_has_one_meaning_across_commands() -> None:
    meanings: dict[str, set[str]] = defaultdict(set)
    for command in _commands().values():
        for option in _options(command):
            longs = [o for o in option.opts if o.startswith("--")]
            for short in (o for o in option.opts if not o.startswith("--")):
                meanings[short].update(longs)
    assert {s: m for s, m in meanings.items() if len(m) > 1} == {}


def test_every_option_has_help() -> None:
    missing = [
        f"{name} {option.opts[0]}"
        for name, command in _commands().items()
        for option in _options(command)
        if not option.hidden and not option.help
    ]
    assert missing == []


@pytest.mark.parametrize(
    "name",
    ["timeline", "stories", "conflicts", "story", "entities", "figures", "quotes", "events"],
)
def test_listing_commands_share_one_limit_default(name: str) -> None:
    limits = {
        o.default
        for o in _options(_commands()[name])
        if "--limit" in o.opts  # the same option everywhere
    }
    search_default = {o.default for o in _options(_commands()["search"]) if "--limit" in o.opts}
    assert limits and limits == search_default


def test_eval_takes_format_like_every_other_command() -> None:
    options = {o.opts[0]: o for o in _options(_commands()["eval"])}
    assert "--format" in options
    assert options["--json"].hidden
