"""Where the tests find their inputs: the repository's fixtures and the shared corpus of real
filings, read in place (tests that need the corpus skip cleanly when it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SEED = FIXTURES / "computer_horizons_10q_1997q2.txt"
CORPUS = ROOT.parent / "shared" / "corpus"


def corpus(name: str) -> Path:
    """A corpus filing by file name; skips the test when the shared corpus is not there."""
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"shared corpus file {name} not available ({CORPUS})")
    return path
