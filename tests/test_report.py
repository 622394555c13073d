"""The terminal report: fits 80 columns, shows statements in their printed unit, per-share as printed."""

from __future__ import annotations

import pytest
from paths import CORPUS, SEED

from edgarliq.pipeline import analyze
from edgarliq.report import fmt_amount, render_report


def test_seed_report_fits_80_columns_and_reads_in_thousands() -> None:
    text = render_report(analyze(SEED), width=80)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "(in thousands, per-share as printed; from 10-Q line 95)" in text
    total_assets = next(line for line in lines if line.startswith("TOTAL ASSETS"))
    assert total_assets.split()[-2:] == ["96,386", "88,412"]
    eps = next(line for line in lines if line.strip().startswith("Net income") and "0.35" in line)
    assert eps.split()[-4:] == ["0.19", "0.08", "0.35", "0.21"]
    current_ratio = next(line for line in lines if line.startswith("current ratio"))
    assert current_ratio.split()[-2:] == ["5.05", "4.04"]
    assert "The filing's own claims: 14 confirmed, 0 contradicted" in text
    assert "ok '$59.8 million in working capital'" in text
    assert "Checks: 30 pass, 0 fail, 0 skip" in text


def test_bms_dividends_per_share_not_scaled() -> None:
    path = CORPUS / "1_0000014272_10-Q_19960930.txt"
    if not path.exists():
        pytest.skip("shared corpus not available")
    text = render_report(analyze(path), width=100)
    row = next(line for line in text.splitlines() if line.startswith("  Dividends Per Common Share"))
    assert row.split()[-4:] == ["0.75", "0.74", "2.25", "2.22"]


@pytest.mark.parametrize(
    ("value", "unit", "per_share", "shown"),
    [(96386000, 1000, False, "96,386"), (-6001000, 1000, False, "(6,001)"), (None, 1000, False, "-"),
     (0.35, 1, True, "0.35"), (-0.13, 1, True, "(0.13)"), (1234.5, 1, False, "1,234.50")],
)
def test_fmt_amount(value: float | None, unit: int, per_share: bool, shown: str) -> None:
    assert fmt_amount(value, unit, per_share=per_share) == shown
