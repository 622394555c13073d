"""Where the tests find their inputs: the repository's fixtures and the shared corpus of real
filings, read in place (tests that need the corpus skip cleanly when it is absent).

The corpus is ``$EDGARLIQ_CORPUS`` when set (relative paths from the current directory), else
``../shared/corpus`` next to the repository.
"""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from edgarliq.model import Statement, Statements

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


@lru_cache(maxsize=32)
def corpus_statements(name: str) -> Statements:
    """The statements of a corpus filing (read once per test run: Statements are not changed by
    the tests); skips like `corpus` when the corpus is absent."""
    from edgarliq.statements import extract_statements
    from edgarliq.submission import read_submission

    return extract_statements(read_submission(corpus(name)))


def corpus_ixbrl_statements(name: str) -> dict[str, Statement]:
    """The statements of a corpus inline XBRL filing's primary document, read from its facts."""
    from edgarliq.submission import read_submission
    from edgarliq.tables.ixbrl import extract_ixbrl_statements

    sub = read_submission(corpus(name))
    doc = sub.documents[0]
    out = extract_ixbrl_statements(
        doc.text, period_of_report=sub.period_of_report, document_type=doc.type, start_line=doc.start_line
    )
    assert out is not None
    return out


def periods(st: Statement) -> list[tuple[date | None, int | None]]:
    """(period end, months) of each column of a statement."""
    return [(c.period_end, c.months) for c in st.columns]
