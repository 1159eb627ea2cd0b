"""The CLI starts without the pipeline: a command that reads the ledger loads no models."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_cli_loads_neither_spacy_nor_trafilatura_nor_datasketch() -> None:
    code = (
        "import sys, newsledger.cli; "
        "print(sorted(m for m in ('spacy', 'trafilatura', 'datasketch') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert out.strip() == "[]"


def test_process_text_is_still_importable_from_the_package() -> None:
    import newsledger

    assert callable(newsledger.process_text)
