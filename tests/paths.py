"""Where the tests find their inputs: the repository's fixtures and the shared corpus of real
filings, read in place (tests that need the corpus skip cleanly when it is absent).

The corpus is ``$EDGARLIQ_CORPUS`` when set (relative paths from the current directory), else
``../shared/corpus`` next to the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "computer_horizons_10q_1997q2.txt"
CORPUS_ENV = "EDGARLIQ_CORPUS"
CORPUS = Path(os.environ[CORPUS_ENV]).resolve() if os.environ.get(CORPUS_ENV) else ROOT.parent / "shared" / "corpus"
# Every corpus skip says this, so the end-of-run summary can count them (see conftest.py).
CORPUS_SKIP = "shared corpus"


def corpus(name: str) -> Path:
    """A corpus filing by file name; skips the test when the shared corpus is not there."""
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{CORPUS_SKIP} file {name} not available ({CORPUS}; set {CORPUS_ENV})")
    return path


def corpus_files(pattern: str = "*.txt") -> list[Path]:
    """Every corpus filing matching `pattern`, sorted; empty when the corpus is absent."""
    return sorted(CORPUS.glob(pattern)) if CORPUS.is_dir() else []
