"""A company's history: filings stitched into discrete quarters, balances and metrics over time.

The expected figures are the ones the filings print (read from the corpus files, cited by line in
the comments): a quarter a 10-Q prints is that 10-Q's three-month column; a fourth quarter is the
10-K's year minus the nine months of the third-quarter 10-Q.
"""

from __future__ import annotations

import glob
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import TEST_USER_AGENT
from paths import CORPUS

import edgarliq
from edgarliq.cli import main
from edgarliq.history import History, build_history

M = 1_000_000
K = 1_000


def _corpus(cik: str) -> list[str]:
    files = sorted(glob.glob(str(CORPUS / f"1_{cik}_*")))
    if not files:
        pytest.skip(f"shared corpus not available ({CORPUS})")
    return files


@pytest.fixture(scope="module")
def apple() -> History:
    return edgarliq.history(_corpus("0000320193"), progress=False)


@pytest.fixture(scope="module")
def microsoft() -> History:
    return edgarliq.history(_corpus("0000789019"), progress=False)


@pytest.fixture(scope="module")
def intel() -> History:
    return edgarliq.history(_corpus("0000050863"), progress=False)


def quarter(h: History, concept: str, end: str) -> Any:
    q = h.quarters
    rows = q[(q["concept"] == concept) & (q["span"] == "quarter") & (q["period_end"] == pd.Timestamp(end))]
    assert len(rows) == 1, f"{concept} {end}: {len(rows)} rows"
    return rows.iloc[0]


def balance(h: History, concept: str, end: str) -> Any:
    b = h.balances
    rows = b[(b["concept"] == concept) & (b["period_end"] == pd.Timestamp(end))]
    assert len(rows) == 1, f"{concept} {end}: {len(rows)} rows"
    return rows.iloc[0]


# --- Apple: fiscal year ends the last Friday/Saturday of September -------------------------------

# (period end, net sales, net income) as printed in the 3-month column of that quarter's own 10-Q
APPLE_10Q = [
    ("1993-12-31", 2_468_854 * K, 40_018 * K),   # 10-Q 1993-12-31 (in thousands)
    ("1994-07-01", 2_149_908 * K, 138_101 * K),  # 10-Q 1994-07-01 (in thousands)
    ("1994-12-30", 2_832 * M, 188 * M),
    ("1995-03-31", 2_652 * M, 73 * M),
    ("1995-06-30", 2_575 * M, 103 * M),
    ("1995-12-29", 3_148 * M, -69 * M),
    ("1996-03-29", 2_185 * M, -740 * M),
    ("1996-06-28", 2_179 * M, -32 * M),
    ("1997-03-28", 1_601 * M, -708 * M),
    ("1997-06-27", 1_737 * M, -56 * M),
    ("1997-12-26", 1_578 * M, 47 * M),
    ("1998-03-27", 1_405 * M, 55 * M),
    ("1998-06-26", 1_402 * M, 101 * M),
    ("1998-12-26", 1_710 * M, 152 * M),
    ("1999-03-27", 1_530 * M, 135 * M),
    ("1999-06-26", 1_558 * M, 203 * M),
    ("2000-01-01", 2_343 * M, 183 * M),
    ("2000-04-01", 1_945 * M, 233 * M),
    ("2000-07-01", 1_825 * M, 200 * M),
]

# (fiscal year end, (10-K year, 9M of the Q3 10-Q) net sales, the same for net income)
APPLE_Q4 = [
    ("1994-09-30", (9_188_748 * K, 6_695_462 * K), (310_178 * K, 195_523 * K)),  # 10-K 1994, 10-Q 1994-07-01
    ("1995-09-29", (11_062 * M, 8_059 * M), (424 * M, 364 * M)),
    ("1996-09-27", (9_833 * M, 7_512 * M), (-816 * M, -841 * M)),
    ("1997-09-26", (7_081 * M, 5_467 * M), (-1_045 * M, -884 * M)),
    ("1998-09-25", (5_941 * M, 4_385 * M), (309 * M, 203 * M)),
    ("1999-09-25", (6_134 * M, 4_798 * M), (601 * M, 490 * M)),
    ("2000-09-30", (7_983 * M, 6_113 * M), (786 * M, 616 * M)),
]


@pytest.mark.parametrize(("end", "revenue", "net_income"), APPLE_10Q)
def test_apple_quarter_equals_its_10q(apple: History, end: str, revenue: int, net_income: int) -> None:
    rev, ni = quarter(apple, "revenue", end), quarter(apple, "net_income", end)
    assert rev["value"] == revenue and ni["value"] == net_income
    assert rev["basis"] == "printed" and rev["months"] == 3
    assert "10-Q" in rev["sources"] and "line" in rev["sources"]


@pytest.mark.parametrize(("end", "revenue", "net_income"), APPLE_Q4)
def test_apple_q4_is_10k_year_minus_nine_months(apple: History, end: str, revenue: tuple[int, int],
                                               net_income: tuple[int, int]) -> None:
    rev, ni = quarter(apple, "revenue", end), quarter(apple, "net_income", end)
    assert rev["value"] == revenue[0] - revenue[1]
    assert ni["value"] == net_income[0] - net_income[1]
    assert rev["basis"] == "derived" and rev["fiscal_quarter"] == 4
    assert "12M" in rev["sources"] and "minus 9M" in rev["sources"]


def test_apple_fiscal_quarters_follow_the_fiscal_year_not_the_calendar(apple: History) -> None:
    # FY2000's first quarter ended on 1 January 2000; FY1999 ended 25 September 1999.
    assert tuple(quarter(apple, "revenue", "2000-01-01")[["fiscal_year", "fiscal_quarter"]]) == (2000, 1)
    assert tuple(quarter(apple, "revenue", "1999-09-25")[["fiscal_year", "fiscal_quarter"]]) == (1999, 4)
    assert tuple(quarter(apple, "revenue", "1997-03-28")[["fiscal_year", "fiscal_quarter"]]) == (1997, 2)
    assert apple.fiscal_freq() == "Q-SEP"


def test_apple_restated_cash_flow_keeps_both_figures(apple: History) -> None:
    # 10-Q 1996-12-27 line 321 prints operating cash 94; the next year's 10-Q (1997-12-26, line 305)
    # prints the same quarter as 92: the later figure wins, the first is kept as restated.
    q1 = quarter(apple, "net_cash_operating", "1996-12-27")
    assert q1["value"] == 92 * M and q1["restated_from"] == 94 * M
    assert "0000320193-98-000003" in q1["sources"] and "0000320193-97-000002" in q1["restated_sources"]
    # 10-Q 1997-12-26 prints 143; 10-Q 1998-12-26 line 245 restates it as 132.
    q1 = quarter(apple, "net_cash_operating", "1997-12-26")
    assert q1["value"] == 132 * M and q1["restated_from"] == 143 * M


def test_apple_restated_balance_keeps_both_sources(apple: History) -> None:
    # 10-Q 1993-12-31 line 239: total current liabilities at 1993-09-24 2,515,202; the 10-K 1994
    # (line 1722) prints 2,508,085 for the same date.
    b = balance(apple, "total_current_liabilities", "1993-09-24")
    assert b["value"] == 2_508_085 * K and b["restated_from"] == 2_515_202 * K
    assert "10-K 0000320193-94-000016" in b["sources"] and "10-Q 0000320193-94-000002" in b["restated_sources"]


def test_apple_cash_flow_quarters_are_ytd_differences(apple: History) -> None:
    # 10-Qs print cash flows year to date: Q2 FY1997 = 6M 194 (10-Q 1997-03-28) - 3M 94 (10-Q 1996-12-27)
    q2 = quarter(apple, "net_cash_operating", "1997-03-28")
    assert q2["value"] == (194 - 94) * M and q2["basis"] == "derived" and q2["months"] == 3
    assert "6M 1997-03-28" in q2["sources"] and "minus 3M 1996-12-27" in q2["sources"]
    # no 3-month cash-flow column is printed for a second quarter: nothing treats the 6M as a quarter
    assert quarter(apple, "net_cash_operating", "1997-03-28")["value"] != 194 * M


def test_apple_gap_stays_a_gap(apple: History) -> None:
    # No 10-Q for the quarter ended 1 April 1994 is in the corpus: its revenue is known from the
    # next year's comparative column, but no balance sheet is printed at that date.
    assert quarter(apple, "revenue", "1994-04-01")["value"] == 2_077 * M  # 10-Q 1995-03-31, prior year
    assert apple.balances[apple.balances["period_end"] == pd.Timestamp("1994-04-01")].empty
    ratio = apple.series("current_ratio")
    assert np.isnan(ratio[pd.Period(year=1994, quarter=2, freq="Q-SEP")])


def test_apple_ttm_and_fiscal_year(apple: History) -> None:
    q = apple.quarters
    ttm = q[(q["concept"] == "revenue") & (q["span"] == "ttm") & (q["period_end"] == pd.Timestamp("1998-06-26"))]
    assert ttm.iloc[0]["value"] == (1_614 + 1_578 + 1_405 + 1_402) * M and ttm.iloc[0]["basis"] == "derived"
    fy = q[(q["concept"] == "revenue") & (q["span"] == "fiscal_year") & (q["fiscal_year"] == 1997)]
    assert fy.iloc[0]["value"] == 7_081 * M and fy.iloc[0]["basis"] == "printed"


def test_apple_prior_year_column_dated_as_printed(apple: History) -> None:
    # The 10-Q for 1997-06-27 heads its prior balance column "September 27, 1996"; it was once
    # misread as 1997-09-27 (after the period of report). Now read right, no date after any
    # filing's period of report reaches the balances, and none needs a note.
    assert not any("1997-09-27 is after the filing's period of report" in n for n in apple.notes)
    assert apple.balances[apple.balances["period_end"] == pd.Timestamp("1997-09-27")].empty
    assert not apple.balances[apple.balances["period_end"] == pd.Timestamp("1996-09-27")].empty


def test_apple_metrics_over_time(apple: History) -> None:
    m = apple.metrics
    assert m["value"].dtype == np.float64 and m["period_end"].dtype.kind == "M"
    assert str(m["fiscal_year"].dtype) == "Int64"
    row = m[(m["metric"] == "current_ratio") & (m["period_end"] == pd.Timestamp("1997-09-26"))].iloc[0]
    ca = balance(apple, "total_current_assets", "1997-09-26")["value"]
    cl = balance(apple, "total_current_liabilities", "1997-09-26")["value"]
    assert row["value"] == pytest.approx(ca / cl) and row["reading"]
    names = set(m["metric"])
    assert {"working_capital", "quick_ratio", "cash_ratio", "balance_sheet_liquidity", "gross_margin",
            "net_margin", "dso", "dio", "dpo", "cash_conversion_cycle", "free_cash_flow"} <= names
    assert names & {"solvency_restoration_coefficient", "solvency_loss_coefficient"}
    # the verdict: the number of the four A/P conditions met, and the verdict as text
    v = m[(m["metric"] == "balance_sheet_liquidity") & m["value"].notna()].iloc[0]
    assert 0 <= v["value"] <= 4 and "liquid" in v["reading"]
    # cash conversion cycle on TTM flows (12 months) with average balances
    ccc = m[(m["metric"] == "cash_conversion_cycle") & (m["months"] == 12) & m["value"].notna()]
    assert len(ccc) >= 20 and ccc["note"].str.contains("mean of").any()


def test_history_api_repr_and_plot(apple: History) -> None:
    text = repr(apple)
    assert text.startswith("<History APPLE COMPUTER INC (CIK 320193)") and "quarters" in text
    assert "<table" in apple._repr_html_()
    ax = apple.plot("current_ratio")
    assert len(ax.lines[0].get_xdata()) == len(apple.series("current_ratio"))
    s = apple.series("working_capital")
    assert isinstance(s.index, pd.PeriodIndex) and s.dtype == np.float64


def test_history_accepts_analysis_objects() -> None:
    files = _corpus("0000320193")[:4]
    h = build_history([edgarliq.analyze(f) for f in files])
    assert h.cik == 320193 and len(h.filings) == 4


# --- Microsoft: June year end, restated revenue in fiscal 1999 -------------------------------------

MSFT_10Q = [  # printed by that quarter's own 10-Q and never restated
    ("1997-12-31", 3_585 * M, 1_133 * M),
    ("1998-03-31", 3_774 * M, 1_337 * M),
    ("1999-09-30", 5_384 * M, 2_191 * M),
    ("1999-12-31", 6_112 * M, 2_436 * M),
    ("2000-03-31", 5_656 * M, 2_385 * M),
    ("2000-09-30", 5_800 * M, 2_206 * M),
]
# Microsoft restated revenue in fiscal 2000's 10-Qs: the prior-year columns replace the originals.
MSFT_RESTATED = [  # (end, own 10-Q revenue, restated revenue printed a year later)
    ("1998-09-30", 3_953 * M, 4_193 * M),
    ("1998-12-31", 4_938 * M, 5_195 * M),
    ("1999-03-31", 4_331 * M, 4_595 * M),
]
MSFT_Q4 = [  # (year end, (10-K year, 9M) revenue, net income)
    ("1997-06-30", (11_358 * M, 8_183 * M), (3_454 * M, 2_397 * M)),  # as first reported (10-K 1997)
    ("1998-06-30", (14_484 * M, 10_489 * M), (4_490 * M, 3_133 * M)),  # 10-K 1998 minus 10-Q 1998-03-31
    ("1999-06-30", (19_747 * M, 13_983 * M), (7_785 * M, 5_583 * M)),  # 10-K 1999 minus the restated 9M
    ("2000-06-30", (22_956 * M, 17_152 * M), (9_421 * M, 7_012 * M)),
]


@pytest.mark.parametrize(("end", "revenue", "net_income"), MSFT_10Q)
def test_microsoft_quarter_equals_its_10q(microsoft: History, end: str, revenue: int, net_income: int) -> None:
    assert quarter(microsoft, "revenue", end)["value"] == revenue
    assert quarter(microsoft, "net_income", end)["value"] == net_income


@pytest.mark.parametrize(("end", "original", "restated"), MSFT_RESTATED)
def test_microsoft_restated_quarter_replaces_original(microsoft: History, end: str, original: int,
                                                      restated: int) -> None:
    rev = quarter(microsoft, "revenue", end)
    assert rev["value"] == restated and rev["restated_from"] == original


@pytest.mark.parametrize(("end", "revenue", "net_income"), MSFT_Q4)
def test_microsoft_q4_is_10k_year_minus_nine_months(microsoft: History, end: str, revenue: tuple[int, int],
                                                   net_income: tuple[int, int]) -> None:
    rev, ni = quarter(microsoft, "revenue", end), quarter(microsoft, "net_income", end)
    assert rev["value"] == revenue[0] - revenue[1] and ni["value"] == net_income[0] - net_income[1]
    assert rev["basis"] == "derived" and rev["fiscal_quarter"] == 4
    assert tuple(rev[["fiscal_year"]]) == (int(end[:4]),)


def test_microsoft_amendment_replaces_the_original(microsoft: History) -> None:
    # The 10-Q/A for 1997-12-31 (filed 1998-06-03) replaces the 10-Q (filed 1998-02-17).
    b = balance(microsoft, "total_assets", "1997-12-31")
    assert "10-Q/A 0001032210-98-000581" in b["sources"]


def test_microsoft_mis_scaled_schedules_fill_no_gaps(microsoft: History) -> None:
    # Microsoft's EX-27s print millions without a MULTIPLIER line: read as units they would fill
    # the fiscal 1996 quarters with revenue of a few thousand dollars. They are reported instead.
    assert any("1,000,000 times smaller" in n for n in microsoft.notes)
    assert microsoft.quarters[microsoft.quarters["value"].abs().between(1, 100_000)].empty
    flagged = [n.split(" (")[0] for n in microsoft.notes if "times smaller" in n]  # "10-K 0000891020-96-001130"
    q = microsoft.quarters
    for src in q.loc[q["basis"] == "schedule", "sources"]:
        assert not any(f in src for f in flagged), src


# --- Intel: 52/53-week years ending the last Saturday of December --------------------------------

INTEL_10Q = [
    ("1997-09-27", 6_155 * M, 1_574 * M),
    ("1998-03-28", 6_001 * M, 1_273 * M),
    ("1998-06-27", 5_927 * M, 1_172 * M),
    ("1998-09-26", 6_731 * M, 1_559 * M),
    ("1999-03-27", 7_103 * M, 1_999 * M),
    ("1999-06-26", 6_746 * M, 1_749 * M),
    ("1999-09-25", 7_328 * M, 1_458 * M),
    ("2000-04-01", 7_993 * M, 2_696 * M),
    ("2000-07-01", 8_300 * M, 3_137 * M),
    ("2000-09-30", 8_731 * M, 2_509 * M),
]
INTEL_Q4 = [
    ("1997-12-27", (25_070 * M, 18_563 * M), (6_945 * M, 5_202 * M)),
    ("1998-12-26", (26_273 * M, 18_659 * M), (6_068 * M, 4_004 * M)),
    ("1999-12-25", (29_389 * M, 21_177 * M), (7_314 * M, 5_206 * M)),
]


@pytest.mark.parametrize(("end", "revenue", "net_income"), INTEL_10Q)
def test_intel_quarter_equals_its_10q(intel: History, end: str, revenue: int, net_income: int) -> None:
    rev = quarter(intel, "revenue", end)
    assert rev["value"] == revenue and quarter(intel, "net_income", end)["value"] == net_income
    assert rev["basis"] == "printed"


@pytest.mark.parametrize(("end", "revenue", "net_income"), INTEL_Q4)
def test_intel_q4_is_10k_year_minus_nine_months(intel: History, end: str, revenue: tuple[int, int],
                                               net_income: tuple[int, int]) -> None:
    rev, ni = quarter(intel, "revenue", end), quarter(intel, "net_income", end)
    assert rev["value"] == revenue[0] - revenue[1] and ni["value"] == net_income[0] - net_income[1]
    assert tuple(rev[["fiscal_year", "fiscal_quarter"]]) == (int(end[:4]), 4)


def test_intel_53_week_quarter_is_placed_by_fiscal_period(intel: History) -> None:
    # Intel's Q1 2000 ended on 1 April 2000 (calendar Q2): it is fiscal 2000 Q1.
    assert tuple(quarter(intel, "revenue", "2000-04-01")[["fiscal_year", "fiscal_quarter"]]) == (2000, 1)
    assert intel.fiscal_freq() == "Q-DEC"


# --- outputs ----------------------------------------------------------------------------------------

def _png(path: Path) -> np.ndarray:
    from matplotlib import image

    return image.imread(str(path))


def check_outputs(out: Path) -> None:
    for name in ("balances.csv", "quarters.csv", "metrics.csv", "history.xlsx", "report.html",
                 "liquidity_ratios.png", "working_capital.png", "margins.png", "cash_conversion_cycle.png"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    quarters = pd.read_csv(out / "quarters.csv")
    assert list(quarters.columns[:9]) == ["period_start", "period_end", "months", "fiscal_year", "fiscal_quarter",
                                          "span", "concept", "value", "basis"]
    assert set(quarters["basis"]) <= {"printed", "derived", "schedule"}
    metrics = pd.read_csv(out / "metrics.csv")
    assert metrics["value"].dtype == np.float64 and "reading" in metrics
    for name in ("liquidity_ratios", "working_capital", "margins", "cash_conversion_cycle"):
        img = _png(out / f"{name}.png")
        assert img.shape[:2] == (450, 1000), name
        rgb = img[..., :3]
        assert rgb.std() > 0.05, f"{name} looks blank"
        assert (rgb.mean(axis=2) < 0.9).mean() > 0.01, f"{name} has almost no ink"
    import openpyxl

    wb = openpyxl.load_workbook(out / "history.xlsx", read_only=True)
    assert {"key figures", "balances", "quarters", "metrics", "notes"} <= set(wb.sheetnames)


def test_history_cli_from_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _corpus("0000320193")
    assert main(["history", *files, "--out", str(tmp_path), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "FY1997 Q4" in out and "1,614" in out  # the terminal table: Q4 FY1997 net sales in millions
    check_outputs(tmp_path)


def test_history_cli_other_company_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    apple = _corpus("0000320193")[:3]
    msft = _corpus("0000789019")[0]
    assert main(["history", *apple, msft, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert msft in err and "CIK 789019" in err and "another company" in err


def _accession(path: str) -> str:
    with open(path, encoding="latin-1") as fh:
        head = fh.read(4000)
    m = re.search(r"ACCESSION NUMBER:\s*(\d{10}-\d{2}-\d{6})", head)
    assert m, path
    return m.group(1)


@pytest.fixture
def apple_archive(edgar_server: Any) -> Any:
    """The local EDGAR serves every corpus Apple 1990s filing at its folder-layout path (the
    listing fixtures already name them)."""
    for path in _corpus("0000320193"):
        acc = _accession(path)
        edgar_server.serve_file(f"/www/Archives/edgar/data/320193/{acc.replace('-', '')}/{acc}.txt", Path(path))
    return edgar_server


def test_history_ticker_fetches_stitches_and_caches(apple_archive: Any, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    args = ["history", "--ticker", "AAPL", "--user-agent", TEST_USER_AGENT, "--rate", "10", "--quiet",
            "--www-base", apple_archive.www_base, "--data-base", apple_archive.data_base,
            "--cache-dir", str(tmp_path / "cache"), "--from", "1994-01-01", "--to", "2000-12-31"]
    assert main([*args, "--out", str(tmp_path / "one")]) == 0
    archive_hits = sum(1 for h in apple_archive.hits if "/Archives/" in h.path)
    assert archive_hits == 29  # every listed 10-Q, 10-K and amendment filed 1994-2000, fetched once
    assert "FY2000 Q4" in capsys.readouterr().out
    check_outputs(tmp_path / "one")
    first = (tmp_path / "one" / "quarters.csv").read_text()

    assert main([*args, "--out", str(tmp_path / "two")]) == 0
    assert sum(1 for h in apple_archive.hits if "/Archives/" in h.path) == archive_hits  # all from the cache
    assert (tmp_path / "two" / "quarters.csv").read_text() == first


# --- the HTML report in a real browser --------------------------------------------------------------

def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        # Not a skip: the report is a web page and must be tested in a browser (.ci/run installs it).
        pytest.fail("chromium is not installed (apt-get install -y chromium)")
    return exe


def _browser(exe: str, tmp: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                           "--disable-component-update", "--disable-sync", "--no-first-run",
                           f"--user-data-dir={tmp / 'profile'}", "--virtual-time-budget=5000", *extra],
                          capture_output=True, text=True, timeout=120)


def test_html_report_renders_in_chromium(apple: History, tmp_path: Path) -> None:
    exe = _chromium()
    out = tmp_path / "report"
    apple.write(out)
    html = (out / "report.html").read_text()
    assert "http://" not in html and "https://" not in html  # self-contained: nothing to fetch
    url = (out / "report.html").as_uri()
    dom = _browser(exe, tmp_path, "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    status = re.search(r'id="render-status"[^>]*', dom.stdout)
    assert status, dom.stdout[:2000]
    assert 'data-charts-ok="4"' in status.group(0) and 'data-charts="4"' in status.group(0)
    assert "4 of 4 charts rendered" in dom.stdout
    assert "APPLE COMPUTER INC" in dom.stdout and "FY1997 Q4" in dom.stdout
    assert "<td>1,614</td>" in dom.stdout  # Q4 FY1997 net sales (millions) in the key-figure table
    assert ">1,614 d</td>" in dom.stdout  # ... and in the flows table, marked derived (12M - 9M)
    shot = tmp_path / "report.png"
    res = _browser(exe, tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", url)
    assert res.returncode == 0 and shot.is_file(), res.stderr[-2000:]
    img = _png(shot)
    assert img.shape[:2] == (2400, 1280) and img[..., :3].std() > 0.05


# --- EX-27 fill-ins and the fiscal calendar ---------------------------------------------------------

def test_ex27_serves_where_no_statement_was_read_marked_schedule() -> None:
    # eBay's 10-Q for 1998-09-30 prints no balance sheet at 1997-09-30; its EX-27.01 (line 2839:
    # MULTIPLIER 1,000; its second column, 9-MOS to 1997-09-30, CASH 3,437) serves, marked as a
    # schedule figure
    ebay = edgarliq.history(_corpus("0001065088"), progress=False)
    rec = balance(ebay, "cash", "1997-09-30")
    assert rec["value"] == 3_437_000 and rec["basis"] == "schedule"
    assert "EX-27 line 2839" in rec["sources"] and "0001012870-98-002896" in rec["sources"]
    # IBM's 10-Q for 1998-03-31 prints "Notes and accounts receivable - net of allowances  16,248"
    # (its EX-27 agrees: RECEIVABLES 16,248, ALLOWANCES 0): printed, not the schedule's
    h = edgarliq.history(_corpus("0000051143"), progress=False)
    rec = balance(h, "receivables", "1998-03-31")
    assert rec["value"] == 16_248 * M and rec["basis"] == "printed"
    # 1994: the 1995 10-K's balance sheet prints the 1994 column, so it is used (printed), and
    # agrees with the 1994 10-K's own EX-27 (CURRENT-ASSETS 41,338, CURRENT-LIABILITIES 29,226)
    ca = balance(h, "total_current_assets", "1994-12-31")
    assert ca["value"] == 41_338 * M and ca["basis"] == "printed"
    wc = h.metrics[(h.metrics["metric"] == "working_capital") & (h.metrics["period_end"] == pd.Timestamp("1994-12-31"))]
    assert wc.iloc[0]["value"] == (41_338 - 29_226) * M


def _figures(*keys: tuple[str, str, int | None, float]) -> dict:
    from datetime import date as _date

    from edgarliq.history.stitch import FilingRef, Obs, stitch

    ref = FilingRef("test", "test", "10-K", None, None, 1, "X", None)
    return stitch([Obs(c, _date.fromisoformat(d), m, v, "printed", "test", 1.0, ref) for c, d, m, v in keys])


def test_change_of_fiscal_year_end_is_reported() -> None:
    from edgarliq.history.stitch import fiscal_calendar

    figures = _figures(("revenue", "1995-06-30", 12, 100.0), ("revenue", "1995-12-31", 12, 60.0),
                       ("revenue", "1996-12-31", 12, 130.0))
    notes: list[str] = []
    cal = fiscal_calendar(figures, [], notes)
    assert any("fiscal year end moved: 1995-06-30 to 1995-12-31" in n for n in notes)
    assert {d.isoformat(): (p.fiscal_year, p.fiscal_quarter) for d, p in cal.items()} == {
        "1995-06-30": (1995, 4), "1995-12-31": (1995, 4), "1996-12-31": (1996, 4)}


def test_quarter_from_ytd_difference_and_gap() -> None:
    from edgarliq.history.stitch import discrete_flows, fiscal_calendar

    # a December year: 3M at March, 6M at June, no filing for September, the year at December
    figures = _figures(("revenue", "1996-12-31", 12, 360.0), ("revenue", "1997-03-31", 3, 100.0),
                       ("revenue", "1997-06-30", 6, 210.0), ("revenue", "1997-12-31", 12, 400.0))
    notes: list[str] = []
    flows = discrete_flows(figures, fiscal_calendar(figures, [], notes), notes)
    quarters = {(v.period.fiscal_year, v.period.fiscal_quarter): (v.value, v.basis)
                for v in flows if v.span == "quarter"}
    assert quarters == {(1997, 1): (100.0, "printed"), (1997, 2): (110.0, "derived")}  # no Q3 and so no Q4
    assert not [v for v in flows if v.span == "ttm" and v.period.fiscal_year == 1997 and v.period.fiscal_quarter == 2]


# --- --from/--to select by the period reported, not the filing date ---------------------------------

def test_period_range_keeps_the_filings_reporting_a_period_in_it() -> None:
    # Apple's 10-Q for the quarter ended 1995-12-29 was filed 1996-02-12 and its 10-Q for the
    # quarter ended 1998-12-26 was filed 1999-02-08: by period the first is out of 1996-1998 and
    # the second in (a filing-date filter would do the opposite)
    from datetime import date

    h = edgarliq.history(_corpus("0000320193"), progress=False, period_from=date(1996, 1, 1),
                         period_to=date(1998, 12, 31))
    assert [(r.form, r.period) for r in h.filings] == [
        ("10-Q", date(1996, 3, 29)), ("10-Q", date(1996, 6, 28)), ("10-K", date(1996, 9, 27)),
        ("10-Q", date(1996, 12, 27)), ("10-Q", date(1997, 3, 28)), ("10-Q", date(1997, 6, 27)),
        ("10-Q/A", date(1997, 10, 7)), ("10-K", date(1997, 9, 26)), ("10-K/A", date(1997, 9, 26)),
        ("10-Q", date(1997, 12, 26)), ("10-Q", date(1998, 3, 27)), ("10-Q", date(1998, 6, 26)),
        ("10-K405", date(1998, 9, 25)), ("10-Q", date(1998, 12, 26)),
    ]
    assert quarter(h, "revenue", "1998-12-26")["value"] == 1_710 * M


def test_history_cli_from_to_bare_years_are_periods(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _corpus("0000320193")
    assert main(["history", *files, "--out", str(tmp_path), "--quiet", "--from", "1996", "--to", "1998"]) == 0
    assert "14 filings, 0 failed" in capsys.readouterr().out
