"""The command line end to end: exit codes, the JSON contract, CSV export, the sample."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from paths import CORPUS, SEED

from edgarliq.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["analyze", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_seed_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    doc = run_json(capsys, str(SEED))
    assert set(doc) >= {"filing", "schedules", "statements", "metrics", "checks"}
    filing = doc["filing"]
    assert filing["source"] == str(SEED)
    assert filing["form"] == "10-Q"
    assert filing["accession"] is None and filing["cik"] is None  # header-less web copy
    (schedule,) = doc["schedules"]
    assert schedule["document_type"] == "EX-27" and schedule["found_in"] == "10-Q"
    assert schedule["article"] == "5"
    assert schedule["multiplier"] == 1000
    assert schedule["restated"] is False
    (col,) = schedule["columns"]
    assert col["period_type"] == "6-MOS" and col["months"] == 6
    assert col["period_end"] == "1997-06-27"
    values = col["values"]
    assert values["TOTAL-ASSETS"] == 96386000
    assert values["NET-INCOME"] == 8925000
    assert values["EPS-PRIMARY"] == 0.35
    assert values["PREFERRED-MANDATORY"] == 0 and values["PREFERRED"] == 0
    assert any("PREFERRED-MANDATORY" in w and "PREFERRED" in w for w in schedule["warnings"])
    for check in doc["checks"]:
        assert check["status"] in ("pass", "fail", "skip")
        assert {"name", "expected", "actual", "detail"} <= set(check)


def test_sample_flag_runs_offline(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--sample"]) == 0
    out = capsys.readouterr().out
    assert "COMPUTER HORIZONS" in out.upper() or "10-Q" in out
    assert "TOTAL-ASSETS" in out


def test_export_writes_fds_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(SEED), "--csv", str(tmp_path)]) == 0
    with open(tmp_path / "fds.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_tag = {r["tag"]: r for r in rows}
    assert by_tag["TOTAL-ASSETS"]["raw"] == "96,386"
    assert float(by_tag["TOTAL-ASSETS"]["value"]) == 96386000
    assert by_tag["TOTAL-ASSETS"]["period_end"] == "1997-06-27"
    assert float(by_tag["EPS-PRIMARY"]["value"]) == 0.35
    assert float(by_tag["INTEREST-EXPENSE"]["value"]) == -35000
    printed = capsys.readouterr().out.split()
    assert str(tmp_path / "fds.csv") in printed


@pytest.mark.parametrize(
    ("content", "cause"),
    [(b"", "empty"), (b"\x00\x01\x02\x03" * 64, "binary"), (b"hello\nworld\n", "not an EDGAR filing")],
)
def test_bad_input_exit_2_one_line(tmp_path: Path, content: bytes, cause: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    proc = subprocess.run([sys.executable, "-m", "edgarliq.cli", "analyze", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(path) in lines[0] and cause in lines[0]


def test_truncated_filing_exit_2(tmp_path: Path) -> None:
    apple = CORPUS / "1_0000320193_10-Q_19970627.txt"
    if not apple.exists():
        pytest.skip("shared corpus not available")
    data = apple.read_bytes()
    path = tmp_path / "apple-truncated.txt"
    path.write_bytes(data[: len(data) // 3])
    proc = subprocess.run([sys.executable, "-m", "edgarliq.cli", "analyze", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "truncated" in proc.stderr and str(path) in proc.stderr


def test_missing_path_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "/no/such/filing.txt"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_stage_failure_exit_1_names_stage(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import edgarliq.statements

    def broken(submission: object, schedules: object = ()) -> None:
        raise RuntimeError("layout not handled")

    monkeypatch.setattr(edgarliq.statements, "extract_statements", broken)
    assert main(["analyze", str(SEED)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert str(SEED) in err and "statements stage failed" in err and "layout not handled" in err


def test_export_writes_every_table_with_period_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(SEED), "--csv", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["balance_sheet.csv", "cash_flow.csv", "checks.csv", "fds.csv", "income_statement.csv",
                     "metrics.csv"]
    with open(tmp_path / "income_statement.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[:11] == ["cik", "company", "accession", "form", "period_of_report", "statement", "row",
                                  "label", "concept", "level", "total"]
    revenue = next(r for r in rows if r["concept"] == "revenue")
    assert revenue["6M 1997-06-27"] == "145463000" and revenue["3M 1996-06-27"] == "56032000"
    with open(tmp_path / "balance_sheet.csv", newline="") as fh:
        assets = next(r for r in csv.DictReader(fh) if r["concept"] == "total_assets")
    assert (assets["1997-06-27"], assets["1996-12-31"]) == ("96386000", "88412000")
    with open(tmp_path / "metrics.csv", newline="") as fh:
        ratio = next(r for r in csv.DictReader(fh) if r["name"] == "current_ratio" and r["period_end"] == "1997-06-27")
    assert round(float(ratio["value"]), 2) == 5.05 and "total_current_assets" in ratio["inputs"]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    import edgarliq

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"edgarliq {edgarliq.__version__}"


@pytest.fixture
def ua(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDGARLIQ_USER_AGENT", "edgarliq tests tests@example.com")


@pytest.mark.parametrize("before", [True, False], ids=["before-command", "after-command"])
def test_network_options_before_or_after_the_command(edgar_server: object, ua: None, before: bool,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    net = ["--www-base", edgar_server.www_base, "--data-base", edgar_server.data_base, "--rate", "5"]
    command = ["filings", "--cik", "320193", "--form", "10-Q"]
    assert main([*net, *command] if before else [*command, *net]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "Apple Inc. (CIK 320193): 23 filings"
    assert edgar_server.count("/data/submissions/CIK0000320193.json") == 1


def test_period_matching_nothing_lists_the_nearest_periods(edgar_server: object, ua: None,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    net = ["--www-base", edgar_server.www_base, "--data-base", edgar_server.data_base]
    assert main([*net, "fetch", "--cik", "320193", "--form", "10-Q", "--period", "1997-07-31"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.rstrip().endswith("CIK 320193 has no 10-Q for the period 1997-07-31; nearest periods on file: "
                                 "1996-12-27 (10-Q), 1997-03-28 (10-Q), 1997-06-27 (10-Q), 1997-12-26 (10-Q)")


@pytest.mark.parametrize(("amendments", "undated"), [(False, "1 filing"), (True, "2 filings")])
def test_by_period_says_how_many_undated_filings_it_left_out(edgar_server: object, ua: None, amendments: bool,
                                                             undated: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["filings", "--cik", "320193", "--form", "10-Q", "--by", "period", "--from", "1993-01-01", "--csv",
            "--www-base", edgar_server.www_base, "--data-base", edgar_server.data_base]
    assert main(argv + ["--amendments"] * amendments) == 0
    out = capsys.readouterr()
    # the 10-Q 0000320193-94-000002 (and the 10-Q/A 0000320193-97-000021) have no reportDate
    assert "0000320193-94-000002" not in out.out
    assert out.err == (f"edgarliq: not shown: {undated} filed since 1993-01-01 with no period recorded on EDGAR, "
                       "which cannot be placed by period (list them with --by filed)\n")


def test_suite_says_where_the_corpus_is_and_counts_its_skips(tmp_path: Path) -> None:
    env = {**__import__("os").environ, "EDGARLIQ_CORPUS": str(tmp_path / "no-corpus")}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "tests/test_report.py"],
                          capture_output=True, text=True, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stdout
    lines = proc.stdout.splitlines()
    assert lines[0] == (f"corpus: NOT FOUND at {tmp_path / 'no-corpus'}: every test that reads real filings will "
                        "skip (set $EDGARLIQ_CORPUS to the directory of the shared corpus)")
    assert f"1 test skipped: shared corpus not available at {tmp_path / 'no-corpus'} (set $EDGARLIQ_CORPUS)" in lines


def test_analyze_a_relative_path_that_would_read_as_text_is_still_a_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # a plain str starting with "<" is filing text to read_submission; the CLI passes such a name
    # as a Path (and every other name as a str, so that one filing does not import pathlib)
    (tmp_path / "<odd>.txt").write_bytes(SEED.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert main(["analyze", "<odd>.txt", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["filing"]["source"] == "<odd>.txt" and doc["filing"]["company"] == "COMPUTER HORIZONS CORP."
