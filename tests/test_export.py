"""Exported tables stand on their own: typed columns, the filing's identity and unit on every row,
tidy long tables that concatenate across filings, one Excel workbook with a sheet per table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from paths import SEED, corpus

from edgarliq.cli import main
from edgarliq.export import IDENTITY_COLUMNS, LONG_STATEMENT_COLUMNS
from edgarliq.pipeline import analyze

BMS = "1_0000014272_10-Q_19960930.txt"  # Bristol-Myers Squibb 10-Q, quarter ended 30 September 1996


@pytest.fixture(scope="module")
def seed_metrics() -> pd.DataFrame:
    return analyze(SEED).to_frame("metrics")


def test_seed_metrics_frame_is_typed_and_pivots(seed_metrics: pd.DataFrame) -> None:
    frame = seed_metrics
    assert frame["value"].dtype == "float64"
    assert str(frame["months"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(frame["period_end"])
    assert pd.api.types.is_datetime64_any_dtype(frame["period_of_report"])
    wide = frame.pivot_table(index="name", columns="period_end", values="value", aggfunc="first")
    assert round(wide.loc["current_ratio", pd.Timestamp("1997-06-27")], 4) == 5.0494
    assert wide.loc["working_capital", pd.Timestamp("1996-12-31")] == 50_562_000
    # verdicts are words in their own column; their value is NaN, never text
    verdicts = frame[frame["unit"] == "verdict"]
    assert verdicts["value"].isna().all()
    policy = verdicts[(verdicts["name"] == "working_capital_policy") & (verdicts["period_end"] == "1997-06-27")]
    assert policy["verdict"].tolist() == ["incompatible"]
    assert frame.loc[frame["name"] == "balance_sheet_liquidity", "verdict"].tolist() == ["not absolutely liquid"] * 2


def test_seed_metrics_csv_reads_back_numeric(tmp_path: Path, seed_metrics: pd.DataFrame) -> None:
    assert main(["export", str(SEED), "--csv", str(tmp_path)]) == 0
    back = pd.read_csv(tmp_path / "metrics.csv")
    assert list(back.columns) == list(seed_metrics.columns)
    assert back["value"].dtype == "float64"
    assert back.pivot_table(index="name", columns="period_end", values="value").loc["quick_ratio", "1997-06-27"] \
        == pytest.approx(4.90, abs=0.005)


def test_seed_every_table_carries_identity_and_unit(tmp_path: Path) -> None:
    assert main(["export", str(SEED), "--csv", str(tmp_path)]) == 0
    for path in sorted(tmp_path.glob("*.csv")):
        frame = pd.read_csv(path)
        assert list(frame.columns[:5]) == list(IDENTITY_COLUMNS), path.name
        assert "unit" in frame.columns, path.name
        assert set(frame["company"]) == {"COMPUTER HORIZONS CORP."}, path.name
        assert set(frame["period_of_report"]) == {"1997-06-27"}, path.name
        assert set(frame["form"]) == {"10-Q"}, path.name
    income = pd.read_csv(tmp_path / "income_statement.csv")
    eps = income[income["label"] == "Net income"].iloc[-1]  # the per-share line under EARNINGS PER SHARE
    assert (eps["unit"], eps["6M 1997-06-27"]) == ("per share", 0.35)
    revenue = income[income["concept"] == "revenue"].iloc[0]
    assert (revenue["unit"], revenue["scale"], revenue["6M 1997-06-27"]) == ("currency", 1000, 145_463_000)


def test_long_statements_concatenate_across_filings(tmp_path: Path) -> None:
    bms = corpus(BMS)
    assert main(["export", str(SEED), "--long", "--csv", str(tmp_path / "seed")]) == 0
    assert main(["export", str(bms), "--long", "--csv", str(tmp_path / "bms")]) == 0
    assert sorted(p.name for p in (tmp_path / "bms").iterdir()) == ["checks.csv", "fds.csv", "metrics.csv",
                                                                     "statements.csv"]
    tables = {}
    for stem in ("statements", "fds", "metrics", "checks"):
        parts = [pd.read_csv(tmp_path / d / f"{stem}.csv", dtype={"cik": str}) for d in ("seed", "bms")]
        assert list(parts[0].columns) == list(parts[1].columns), stem
        tables[stem] = pd.concat(parts, ignore_index=True)
    st = tables["statements"]
    assert list(st.columns) == list(LONG_STATEMENT_COLUMNS)
    total_assets = st[st["concept"] == "total_assets"].set_index(["company", "period_end"])["value"]
    assert total_assets[("BRISTOL MYERS SQUIBB CO", "1996-09-30")] == 14_005_000_000
    assert total_assets[("BRISTOL MYERS SQUIBB CO", "1995-12-31")] == 13_929_000_000
    assert total_assets[("COMPUTER HORIZONS CORP.", "1997-06-27")] == 96_386_000
    net = st[(st["concept"] == "net_income") & (st["cik"] == "0000014272") & (st["statement"] == "income_statement")]
    assert net[["months", "period_end", "value"]].values.tolist() == [
        [3, "1996-09-30", 753e6], [3, "1995-09-30", 689e6], [9, "1996-09-30", 2134e6], [9, "1995-09-30", 1954e6]]
    assert set(net["accession"]) == {"0000014272-96-000016"}
    # one row per filing x statement x printed line x period
    assert not st.duplicated(["accession", "company", "statement", "row", "column"]).any()
    ratio = tables["metrics"].pivot_table(index="company", columns="name", values="value", aggfunc="first")
    assert ratio.loc["COMPUTER HORIZONS CORP.", "current_ratio"] == pytest.approx(5.0494, abs=1e-4)


def test_xlsx_one_sheet_per_table(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book_path = tmp_path / "seed.xlsx"
    assert main(["export", str(SEED), "--xlsx", str(book_path)]) == 0
    book = openpyxl.load_workbook(book_path, read_only=True)
    assert book.sheetnames == ["fds", "balance_sheet", "income_statement", "cash_flow", "metrics", "checks"]
    sheets = pd.read_excel(book_path, sheet_name=None)
    bs = sheets["balance_sheet"]
    assert list(bs.columns[:5]) == list(IDENTITY_COLUMNS)
    assert bs.loc[bs["concept"] == "total_assets", ["1997-06-27", "1996-12-31"]].values.tolist() == [
        [96_386_000, 88_412_000]]
    metrics = sheets["metrics"]
    assert metrics["value"].dtype == "float64"
    assert metrics.loc[metrics["name"] == "working_capital", "value"].tolist() == [59_810_000, 50_562_000]
    assert not list(tmp_path.glob("*.tmp"))


def test_export_without_a_destination_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(SEED)]) == 2
    assert "--csv DIR and/or --xlsx FILE" in capsys.readouterr().err


def test_batch_metrics_parquet_has_the_same_typed_value(tmp_path: Path) -> None:
    from edgarliq.batch import read_table, run_batch

    run_batch([str(SEED)], tmp_path / "run", workers=1, progress=False)
    batch = read_table(tmp_path / "run", "metrics")
    frame = analyze(SEED).to_frame("metrics")
    assert batch["value"].dtype == "float64"
    assert batch.loc[batch["unit"] == "verdict", "value"].isna().all()
    wc = batch[batch["name"] == "working_capital"].sort_values("period_end", ascending=False)["value"].tolist()
    assert wc == frame.loc[frame["name"] == "working_capital", "value"].tolist() == [59_810_000, 50_562_000]
