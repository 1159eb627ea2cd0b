"""What `pip install newsledger` builds from: pyproject.toml and .gitignore.

CI also builds the wheel, installs it into an empty virtual environment and
runs the demo from it (`make wheel-check`); these checks say why when a
declaration that build depends on goes missing.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_justext_gets_the_html_cleaner_it_imports() -> None:
    # trafilatura -> justext imports lxml.html.clean, a separate project since lxml 5.2.
    names = [d.split("==")[0].lower().replace("-", "_") for d in PROJECT["project"]["dependencies"]]
    assert "lxml_html_clean" in names


def test_licence_is_an_spdx_string_not_a_deprecated_table() -> None:
    assert PROJECT["project"]["license"] == "Apache-2.0"


def test_shipped_models_and_language_data_are_package_data() -> None:
    data = PROJECT["tool"]["setuptools"]["package-data"]["newsledger"]
    assert {"models/*", "lang/*/*", "data/*"} <= set(data)
    assert list((ROOT / "src" / "newsledger" / "models").glob("*.crfsuite"))


def test_build_output_is_ignored() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert {"build/", "dist/"} <= set(ignored)
