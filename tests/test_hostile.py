"""Hostile input (issue 11): numbers that cannot be amounts, absurd schedules, cut HTML.

Real filings mutated the way the issue's harness mutated them, and small files built here.
Each ends in a clean FilingError (the CLI exits 2 with one line), or in a full analysis where
the bad value is unknown with a warning; never a traceback, never infinity in the output.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest
from paths import CORPUS, corpus

from edgarliq.errors import FilingError
from edgarliq.fds import MAX_COLUMNS, parse_schedule_text, parse_schedules
from edgarliq.model import plain_number
from edgarliq.pipeline import analyze
from edgarliq.report import fmt_amount, fmt_metric, render_report
from edgarliq.submission import read_submission

APPLE_1997 = "1_0000320193_10-Q_19970627.txt"  # Apple 10-Q, June 1997: statements and an EX-27
APPLE_2025 = "3_0000320193_10-Q_20250628.htm"  # Apple 10-Q, June 2025: a bare inline XBRL file


def _apple_1997(old: str, new: str) -> str:
    src = corpus(APPLE_1997).read_text(encoding="latin-1")
    assert old in src
    return src.replace(old, new, 1)


def _cli(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "edgarliq.cli", "analyze", "--json", str(path)],
                          capture_output=True, text=True, timeout=120)


def _strict_json(text: str) -> dict:
    """JSON with no NaN or Infinity (which json.dumps writes and no other reader accepts)."""
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in the JSON output")
    return json.loads(text, parse_constant=refuse)


# --- 1. numbers that cannot be amounts

def test_400_digit_statement_cell_is_unknown_not_infinite(tmp_path: Path) -> None:
    # Apple's June 1997 balance sheet, "Total current assets 3,493 4,515", the first cell made
    # a 400-digit parenthesised number: the harness got OverflowError from to_dict and the report.
    text = _apple_1997("3,493            4,515", "(" + "9" * 400 + ")            4,515")
    result = analyze(text, name=APPLE_1997)
    row = next(r for r in result.statements["balance_sheet"].rows if r.concept == "total_current_assets")
    assert row.values == (None, 4_515_000_000.0)
    # the unread figure is not silent: the filing's warnings name it
    assert any("a figure of 400 digits" in w and "not read" in w for w in result.filing["warnings"])
    doc = _strict_json(json.dumps(result.to_dict()))
    assert doc["statements"]["balance_sheet"]["columns"][0]["period_end"] == "1997-06-27"
    assert "4,515" in render_report(result, width=100)
    path = tmp_path / "cell400.txt"
    path.write_text(text, encoding="latin-1")
    run = _cli(path)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    _strict_json(run.stdout)


def test_non_ascii_and_5000_digit_sequence_numbers_are_unknown_with_a_warning(tmp_path: Path) -> None:
    for seq in ("\u00b2", "4" * 5000):  # ValueError in int() before
        sub = read_submission(_apple_1997("<SEQUENCE>4", f"<SEQUENCE>{seq}"), name=APPLE_1997)
        ex27 = sub.documents_of_type("EX-27")[0]
        assert ex27.sequence is None
        assert [d.sequence for d in sub.documents[:3]] == [1, 2, 3]
        assert any("<SEQUENCE>" in w and "not a document number" in w and len(w) < 200 for w in sub.warnings)
    path = tmp_path / "seq.txt"
    path.write_text(_apple_1997("<SEQUENCE>4", "<SEQUENCE>\u00b2"), encoding="utf-8")
    run = _cli(path)
    assert run.returncode == 0 and "Traceback" not in run.stderr


@pytest.mark.parametrize("digits", [19, 400, 5000])
def test_ex27_value_of_too_many_digits_is_not_read_and_says_why(digits: int) -> None:
    # Apple's EX-27 with CASH 1,018 replaced: 5,000 digits passed Python's int() limit
    text = _apple_1997("<CASH>\t\t\t\t1,018", "<CASH> " + "9" * digits)
    sub = read_submission(text, name=APPLE_1997)
    (sched,) = parse_schedules(sub)
    col = sched.columns[0]
    assert "CASH" not in col.values and col.values["RECEIVABLES"] == 1_307_000_000.0
    assert any(f"CASH (column 1): '{'9' * 40}'... ({digits:,} characters) has {digits:,} digits" in w
               or (digits < 40 and f"has {digits} digits" in w) for w in sched.warnings)


def test_18_digit_ex27_value_is_still_read() -> None:
    text = _apple_1997("<CASH>\t\t\t\t1,018", "<CASH> 123456789012345678")
    col = parse_schedule_text(text.split("<TYPE>EX-27", 1)[1])[0].columns[0]
    assert col.values["CASH"] == float(123456789012345678 * 1_000_000)


def test_multiplier_of_400_digits_is_refused_with_a_warning() -> None:
    text = _apple_1997("<MULTIPLIER>\t\t1,000,000", "<MULTIPLIER> 1" + "0" * 400)
    sched = parse_schedule_text(text.split("<TYPE>EX-27", 1)[1])[0]
    assert sched.multiplier == 1 and sched.columns[0].values["CASH"] == 1018.0
    assert any(w.startswith("MULTIPLIER ") and "401 digits" in w for w in sched.warnings)


def test_non_ascii_digits_are_not_amounts() -> None:
    # Arabic-Indic digits: float() reads them, a filing's amount is never printed so
    text = _apple_1997("3,493            4,515", "\u0663\u0664\u0669\u0663            4,515")
    row = next(r for r in analyze(text, name=APPLE_1997).statements["balance_sheet"].rows
               if r.concept == "total_current_assets")
    assert row.values == (None, 4_515_000_000.0)


def test_non_ascii_fiscal_year_end_does_not_crash() -> None:
    # "²²²²".isdigit() is True and int() refuses it: the 10-Q's default duration used both
    src = corpus(APPLE_1997).read_text(encoding="latin-1")
    line = next(x for x in src.splitlines() if "FISCAL YEAR END:" in x)
    result = analyze(src.replace(line, "\t\tFISCAL YEAR END:\t\t\u00b2\u00b2\u00b2\u00b2", 1), name=APPLE_1997)
    assert result.submission.fiscal_year_end == "\u00b2\u00b2\u00b2\u00b2"
    assert result.statements["balance_sheet"].value("total_current_assets", 0) == 3_493_000_000.0


def test_non_finite_numbers_never_reach_the_outputs() -> None:
    assert plain_number(math.inf) is None and plain_number(math.nan) is None and plain_number(96386000.0) == 96386000
    assert fmt_amount(math.inf) == "n/a" and fmt_amount(-math.inf, 1000) == "n/a"
    assert fmt_metric({"status": "ok", "value": math.inf, "unit": "%"}) == "n/a"


# --- 4. an EX-27 with an absurd number of columns

def _schedule(ncols: int) -> str:
    return ("<ARTICLE> 5\n<MULTIPLIER> 1,000\n"
            f"<PERIOD-TYPE> {' '.join(['12-MOS'] * ncols)}\n"
            f"<PERIOD-END> {' '.join(['DEC-31-1997'] * ncols)}\n"
            f"<CASH> {' '.join(['1,234'] * ncols)}\n<TOTAL-ASSETS> {' '.join(['9,876'] * ncols)}\n")


def test_schedule_of_64_columns_is_read() -> None:
    (sched,) = parse_schedule_text(_schedule(MAX_COLUMNS))
    assert len(sched.columns) == 64 and sched.columns[63].values["CASH"] == 1_234_000.0


def test_schedule_of_50000_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FilingError, match="50,000 columns, more than any real schedule has"):
        parse_schedule_text(_schedule(50_000))
    # the same on Apple's real filing: 23 s and 784 MB before, a clean exit 2 now
    text = _apple_1997("<PERIOD-TYPE>\t\t6-MOS", "<PERIOD-TYPE> " + " 6-MOS" * 50_000)
    text = text.replace("<CASH>\t\t\t\t1,018", "<CASH> " + " 1" * 50_000, 1)
    with pytest.raises(FilingError) as err:
        analyze(text, name=APPLE_1997)
    assert str(err.value).startswith(f"{APPLE_1997}: EX-27 document at line ")
    path = tmp_path / "cols.txt"
    path.write_text(text, encoding="latin-1")
    run = _cli(path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "50,000 columns" in run.stderr


# --- 5. a bare HTML / inline XBRL file cut short

@pytest.mark.parametrize(("cut", "cause"), [
    (112, "ends inside its XML/HTML prolog"),  # the harness's cut: analysed "successfully" before
    (2000, "<html> never closed"),
    (300_000, "ends inside a <table>"),
    (-20, "<html> never closed"),
])
def test_cut_inline_xbrl_file_is_truncated(cut: int, cause: str, tmp_path: Path) -> None:
    data = corpus(APPLE_2025).read_bytes()[:cut]
    with pytest.raises(FilingError, match="truncated: .*" + re.escape(cause)) as err:
        analyze(data, name=APPLE_2025)
    assert str(err.value).startswith(f"{APPLE_2025}: end of file: truncated")
    lenient = analyze(data, name=APPLE_2025, strict=False)
    assert any(w.startswith("truncated: ") and cause in w for w in lenient.filing["warnings"])
    path = tmp_path / "cut.htm"
    path.write_bytes(data)
    run = _cli(path)
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1 and "truncated" in run.stderr


def test_bare_html_cut_inside_a_table_is_truncated() -> None:
    html = "<html><body><p>FORM 10-Q</p><table><tr><td>Cash</td><td>1,234</td></tr>"
    with pytest.raises(FilingError, match=r"<html> never closed; the document ends inside a <table>"):
        read_submission(html, name="cut.htm")


def test_no_corpus_file_or_fixture_is_newly_refused_as_truncated() -> None:
    if not CORPUS.exists():
        pytest.skip("shared corpus not available")
    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    refused = []
    for path in sorted([*CORPUS.glob("*.htm"), *CORPUS.glob("*.txt"), *fixtures.rglob("*.txt"),
                        *fixtures.rglob("*.htm"), *fixtures.rglob("*.nc")]):
        try:
            read_submission(path)
        except FilingError as exc:
            if "truncated" in str(exc) and path.name != "truncated.txt":
                refused.append(str(exc))
    assert refused == []
