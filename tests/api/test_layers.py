"""The API package stands alone: the web pages build on it, never the reverse."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import newsledger.api

API_FOLDER = Path(newsledger.api.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_no_api_module_imports_the_web_package() -> None:
    offenders = {
        path.name: sorted(m for m in _imported_modules(path) if m.startswith("newsledger.web"))
        for path in sorted(API_FOLDER.glob("*.py"))
    }
    assert {name: mods for name, mods in offenders.items() if mods} == {}


def test_the_api_app_is_built_without_loading_the_web_pages(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from newsledger.api.app import create_api_app\n"
        f"create_api_app({str(tmp_path / 'x.db')!r}, None)\n"
        "print(sorted(m for m in sys.modules if m.startswith('newsledger.web')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"
