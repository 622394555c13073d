"""Damaged real filings: cut anywhere and sprinkled with stray bytes, they give a clear FilingError
(strict) or a full analysis with warnings (lenient), never a crash inside a stage."""

from __future__ import annotations

import random

import pytest
from paths import corpus

from edgarliq.errors import FilingError
from edgarliq.pipeline import analyze

FILES = ["1_0000320193_10-Q_19970627.txt", "1_0000014272_10-Q_19960930.txt", "1_0000002488_10-Q_19980329.txt"]


@pytest.mark.parametrize("name", FILES)
def test_cut_and_corrupted_filings_never_crash(name: str) -> None:
    data = corpus(name).read_bytes()
    rng = random.Random(name)  # fixed per file: a failure reproduces
    for _ in range(8):
        damaged = bytearray(data[: rng.randrange(100, len(data))])
        for _ in range(5):
            damaged[rng.randrange(len(damaged))] = rng.randrange(32, 127)
        with pytest.raises(FilingError) as err:
            analyze(bytes(damaged), name=name)
        assert str(err.value).startswith(f"{name}: ") and "truncated" in str(err.value)
        lenient = analyze(bytes(damaged), name=name, strict=False)
        assert any("truncated" in w for w in lenient.filing["warnings"])
