"""Listings (submissions API with older pages, tickers, full-index files) and the fetch commands,
all against the local EDGAR server in conftest.py.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from edgarliq.cli import main
from edgarliq.edgar.client import ConfigError, EdgarError
from edgarliq.edgar.index import (
    Filing,
    form_matches,
    full_index,
    latest_filing,
    list_filings,
    normalize_cik,
    parse_form_idx,
    parse_master_idx,
    ticker_to_cik,
)

ROOT = Path(__file__).resolve().parents[1]
SUBMISSIONS = "/data/submissions/CIK0000320193.json"
PAGE1 = "/data/submissions/CIK0000320193-submissions-001.json"
PAGE2 = "/data/submissions/CIK0000320193-submissions-002.json"


@pytest.mark.parametrize(
    "form,wanted,amendments,expected",
    [
        ("10-Q", "10-Q", False, True),
        ("10-Q405", "10-Q", False, True),
        ("10-QSB", "10-Q", False, True),
        ("10QSB", "10-Q", False, True),  # 1990s spelling without the hyphen
        ("10-QT", "10-Q", False, True),
        ("10-K405", "10-K", False, True),
        ("10-KSB", "10-K", False, True),
        ("10-KSB40", "10-K", False, True),
        ("10-KT", "10-K", False, True),
        ("10-Q/A", "10-Q", False, False),
        ("10-Q/A", "10-Q", True, True),
        ("10-K405/A", "10-K", True, True),
        ("10-Q/A", "10-Q/A", False, True),  # asking for the amendment itself
        ("10-Q", "10-Q/A", False, False),
        ("10-K", "10-Q", False, False),
        ("NT 10-Q", "10-Q", False, False),  # a late-filing notice is not the report
        ("10-K405", "10-K405", False, True),
        ("10-K", "10-K405", False, False),  # a specific variant is matched exactly
        ("10-12G", "10-K", False, False),
        ("8-K", "10-K", False, False),
    ],
)
def test_form_matches(form: str, wanted: str, amendments: bool, expected: bool) -> None:
    assert form_matches(form, wanted, amendments=amendments) is expected


@pytest.mark.parametrize("value", ["320193", "0000320193", "CIK0000320193", 320193, " 00320193 "])
def test_normalize_cik(value: Any) -> None:
    assert normalize_cik(value) == 320193


@pytest.mark.parametrize("value", ["AAPL", "", "0", "12345678901", "32-0193"])
def test_normalize_cik_rejects(value: str) -> None:
    with pytest.raises(ConfigError):
        normalize_cik(value)


# ---------------------------------------------------------------------------------------------
# Submissions API


def test_list_10q_reads_recent_and_older_pages(edgar_server: Any, make_client: Any) -> None:
    client = make_client()
    filings = list_filings(client, "0000320193", ["10-Q"])
    assert {edgar_server.count(p) for p in (SUBMISSIONS, PAGE1, PAGE2)} == {1}
    assert all(f.form == "10-Q" for f in filings)
    assert len(filings) == 3 + 20  # three recent, twenty from the 1990s pages; the 10-Q/A left out
    assert [f.filed for f in filings] == sorted((f.filed for f in filings), reverse=True)
    apple = next(f for f in filings if f.accession == "0000320193-97-000014")
    assert apple == Filing(
        cik=320193, company="Apple Inc.", form="10-Q", accession="0000320193-97-000014", filed=date(1997, 8, 11),
        period=date(1997, 6, 27), primary_document="",
        url=f"{edgar_server.www_base}/Archives/edgar/data/320193/000032019397000014/0000320193-97-000014.txt",
    )
    assert filings[0].primary_document == "aapl-20250628.htm"
    undated = next(f for f in filings if f.accession == "0000320193-94-000002")
    assert undated.period is None and undated.to_dict()["period"] == ""


def test_amendments_and_variants(make_client: Any) -> None:
    client = make_client()
    tens = list_filings(client, 320193, ["10-K"])
    assert "10-K405" in {f.form for f in tens} and "10-K/A" not in {f.form for f in tens}
    with_amendments = list_filings(client, 320193, ["10-K", "10-Q"], amendments=True)
    assert {"10-K/A", "10-Q/A"} <= {f.form for f in with_amendments}
    assert not {"8-K", "4"} & {f.form for f in with_amendments}


def test_filed_range_skips_pages_outside_it(edgar_server: Any, make_client: Any) -> None:
    client = make_client()
    filings = list_filings(client, 320193, ["10-Q"], filed_from=date(1997, 1, 1), filed_to=date(1997, 12, 31))
    assert [f.accession for f in filings] == ["0000320193-97-000014", "0000320193-97-000011", "0000320193-97-000002"]
    assert edgar_server.count(PAGE2) == 0  # page 002 ends 1996-12-19: not needed, not fetched


def test_period_filter(edgar_server: Any, make_client: Any) -> None:
    client = make_client()
    (filing,) = list_filings(client, 320193, ["10-Q"], period_from=date(1997, 6, 27), period_to=date(1997, 6, 27))
    assert filing.accession == "0000320193-97-000014"
    assert edgar_server.count(PAGE2) == 0


def test_latest_reads_only_what_it_needs(edgar_server: Any, make_client: Any) -> None:
    client = make_client()
    assert latest_filing(client, 320193, ["10-Q"]).accession == "0000320193-25-000073"
    assert edgar_server.count() == 1  # the recent block had one: no older page fetched
    assert latest_filing(client, 320193, ["10-K405"]).accession == "0001047469-98-044981"
    assert edgar_server.count(PAGE1) == 1 and edgar_server.count(PAGE2) == 0
    with pytest.raises(EdgarError, match="no 10-KSB"):
        latest_filing(client, 320193, ["10-KSB"])


def test_unknown_cik_is_not_found(make_client: Any) -> None:
    with pytest.raises(EdgarError, match="CIK0000000042.json.*not found"):
        list_filings(make_client(), 42)


def test_submissions_json_of_the_wrong_shape(edgar_server: Any, make_client: Any) -> None:
    edgar_server.respond(SUBMISSIONS, {"body": b'{"name": "x"}'})
    with pytest.raises(EdgarError, match="not a submissions document"):
        list_filings(make_client(), 320193)


# ---------------------------------------------------------------------------------------------
# Tickers


def test_ticker_to_cik(edgar_server: Any, make_client: Any) -> None:
    client = make_client()
    assert ticker_to_cik(client, "aapl") == (320193, "Apple Inc.")
    assert ticker_to_cik(client, "BRK.B")[0] == 1067983
    with pytest.raises(EdgarError, match="ZZZZ.*--cik"):
        ticker_to_cik(client, "ZZZZ")
    assert edgar_server.count() == 1  # the list is cached


# ---------------------------------------------------------------------------------------------
# Full index


EXPECTED_10Q_1997Q3 = {
    ("10-Q", "APPLE COMPUTER INC", 320193, "0000320193-97-000014"),
    ("10-Q", "EXAMPLE INDUSTRIES INC", 999002, "0000999002-97-000007"),
    ("10-Q", "EXAMPLE NAME LONGER THAN ITS COLUMN, AS IN SOME REAL INDEX ROWS", 999005, "0000950123-97-006789"),
    ("10-QSB", "EXAMPLE SMALL BUSINESS CO", 999003, "0000999003-97-000002"),
}


@pytest.mark.parametrize("kind", ["form", "master"])
def test_full_index(make_client: Any, kind: str) -> None:
    filings = full_index(make_client(), 1997, 3, ["10-Q"], kind=kind)
    assert {(f.form, f.company, f.cik, f.accession) for f in filings} == EXPECTED_10Q_1997Q3
    apple = next(f for f in filings if f.cik == 320193)
    assert apple.filed == date(1997, 8, 11) and apple.period is None
    assert apple.url.endswith("/Archives/edgar/data/320193/000032019397000014/0000320193-97-000014.txt")


def test_full_index_all_forms_and_amendments(make_client: Any) -> None:
    client = make_client()
    every = full_index(client, 1997, 3, None)
    assert {f.form for f in every} == {"10-K405", "10-Q", "10-Q/A", "10-QSB", "8-K", "NT 10-Q"}
    amended = full_index(client, 1997, 3, ["10-Q"], amendments=True, cik=999002)
    assert {f.form for f in amended} == {"10-Q", "10-Q/A"}
    with pytest.raises(ConfigError):
        full_index(client, 1997, 5)


def test_index_parsers_agree_and_refuse_other_text() -> None:
    fixtures = ROOT / "fixtures" / "edgar"
    form_rows = parse_form_idx((fixtures / "form.idx").read_text())
    master_rows = parse_master_idx((fixtures / "master.idx").read_text())
    assert sorted(form_rows) == sorted(master_rows) and len(form_rows) == 8
    with pytest.raises(EdgarError, match="not a form.idx"):
        parse_form_idx("<html>nope</html>")
    with pytest.raises(EdgarError, match="not a master.idx"):
        parse_master_idx("Description: x\n\nno table here\n")


# ---------------------------------------------------------------------------------------------
# Command line, against the local server through the environment, as a user would point it


@pytest.fixture
def edgar_env(edgar_server: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("EDGARLIQ_WWW_BASE", edgar_server.www_base)
    monkeypatch.setenv("EDGARLIQ_DATA_BASE", edgar_server.data_base)
    monkeypatch.setenv("EDGARLIQ_USER_AGENT", "edgarliq tests tests@example.com")
    return edgar_server


def test_cli_filings_table(edgar_env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["filings", "--cik", "320193", "--form", "10-Q"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Apple Inc. (CIK 320193): 23 filings"
    assert lines[1].split() == ["FILED", "PERIOD", "FORM", "ACCESSION", "PRIMARY", "DOCUMENT"]
    row = next(line for line in lines if "0000320193-97-000014" in line)
    assert row.split() == ["1997-08-11", "1997-06-27", "10-Q", "0000320193-97-000014"]
    # aligned: every row's accession starts in the same column
    assert len({line.index("0000") for line in lines[2:]}) == 1


def test_cli_filings_csv_with_range_and_amendments(edgar_env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["filings", "--cik", "0000320193", "--form", "10-Q", "--amendments", "--from", "1997-01-01",
            "--to", "1997-12-31", "--csv"]
    assert main(argv) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["accession"] for r in rows] == ["0000320193-97-000021", "0000320193-97-000014",
                                              "0000320193-97-000011", "0000320193-97-000002"]
    assert rows[0]["form"] == "10-Q/A" and rows[0]["period"] == ""
    assert rows[1]["url"].endswith("/000032019397000014/0000320193-97-000014.txt")


def test_cli_filings_bare_years_are_the_whole_years(edgar_env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    # "--from 1997 --to 1997" is 1997-01-01 to 1997-12-31, as history takes a bare year
    years = ["filings", "--cik", "320193", "--form", "10-Q", "--amendments", "--from", "1997", "--to", "1997", "--csv"]
    days = [*years[:-5], "--from", "1997-01-01", "--to", "1997-12-31", "--csv"]
    assert main(years) == 0
    by_year = capsys.readouterr().out
    assert main(days) == 0
    assert by_year == capsys.readouterr().out and by_year.count("\n") == 5  # (a header and 4 filings)
    assert main(["filings", "--cik", "320193", "--to", "1997-13-01"]) == 2
    assert "1997-13-01" in capsys.readouterr().err


def test_cli_filings_by_period(edgar_env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["filings", "--cik", "320193", "--form", "10-K", "--by", "period", "--from", "1998-01-01",
            "--to", "1999-12-31", "--csv"]
    assert main(argv) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["form"], r["period"]) for r in rows] == [("10-K", "1999-09-25"), ("10-K405", "1998-09-25")]


def test_cli_fetch_period_to_out_dir(edgar_env: Any, corpus_file: Any, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    real = corpus_file("1_0000320193_10-Q_19970627.txt").read_bytes()
    argv = ["fetch", "--cik", "320193", "--form", "10-Q", "--period", "1997-06-27", "--out", str(tmp_path / "o")]
    assert main(argv) == 0
    saved = Path(capsys.readouterr().out.strip())
    assert saved == tmp_path / "o" / "0000320193-97-000014.txt" and saved.read_bytes() == real


def test_cli_fetch_accession_into_the_cache_then_hit(edgar_env: Any, corpus_file: Any,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    corpus_file("1_0000320193_10-Q_19970328.txt")
    argv = ["fetch", "--ticker", "AAPL", "--accession", "0000320193-97-000011"]
    assert main(argv) == 0
    first = capsys.readouterr().out.strip()
    hits = edgar_env.count()
    assert main(argv) == 0
    assert capsys.readouterr().out.strip() == first
    assert edgar_env.count() == hits  # tickers and the filing both from the cache


def test_cli_fetch_needs_a_selection(edgar_env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fetch", "--cik", "320193"]) == 2
    assert "--latest, --period" in capsys.readouterr().err


def test_cli_period_without_a_recorded_period_suggests_accession(edgar_env: Any,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fetch", "--cik", "320193", "--form", "10-Q", "--period", "1993-12-31"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--accession" in err and "no period recorded" in err


def pipeline_ready() -> None:
    """Skip what needs the whole analysis pipeline while its stages are still being built."""
    try:
        from edgarliq.analysis import compute_metrics  # noqa: F401
        from edgarliq.analysis.claims import check_claims  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"analysis pipeline not complete yet: {exc}")


def test_cli_analyze_by_cik_and_period(edgar_env: Any, corpus_file: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """The acceptance check: list, then analyse the real Apple 10-Q, all through the local server."""
    corpus_file("1_0000320193_10-Q_19970627.txt")
    assert main(["filings", "--cik", "320193", "--form", "10-Q"]) == 0
    assert "0000320193-97-000014" in capsys.readouterr().out
    pipeline_ready()
    assert main(["analyze", "--cik", "320193", "--form", "10-Q", "--period", "1997-06-27", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["filing"]["accession"] == "0000320193-97-000014"
    assert doc["filing"]["form"] == "10-Q"
    assert doc["filing"]["source"].endswith("0000320193-97-000014.txt")
    assert doc["schedules"] and doc["schedules"][0]["article"] == "5"


def test_analyze_source_resolves_to_the_fetched_filing(edgar_env: Any, corpus_file: Any) -> None:
    """The analyze/export wiring up to the pipeline: --cik/--period gives `_source` the saved .txt."""
    from edgarliq.cli import _source, build_parser

    real = corpus_file("1_0000320193_10-Q_19970627.txt").read_bytes()
    for command in (["analyze"], ["export", "--csv", "unused"]):
        args = build_parser().parse_args([*command, "--cik", "320193", "--form", "10-Q", "--period", "1997-06-27"])
        source = _source(args)
        assert isinstance(source, Path) and source.read_bytes() == real
    # --no-cache and no --out: a temporary copy, nothing in the cache
    args = build_parser().parse_args(["analyze", "--cik", "320193", "--accession", "0000320193-97-000014",
                                      "--no-cache"])
    source = _source(args)
    assert source.read_bytes() == real and "edgarliq-cache" not in str(source)


def test_cli_export_by_ticker_without_cache(edgar_env: Any, corpus_file: Any, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    corpus_file("1_0000320193_10-Q_19970627.txt")
    pipeline_ready()
    argv = ["export", "--ticker", "AAPL", "--accession", "0000320193-97-000014", "--no-cache",
            "--csv", str(tmp_path / "csv")]
    assert main(argv) == 0
    assert (tmp_path / "csv" / "fds.csv").exists()
    assert not (tmp_path / "edgarliq-cache").exists()  # --no-cache: nothing written to the cache


def test_cli_network_error_is_one_line_exit_2(edgar_env: Any, capsys: pytest.CaptureFixture[str]) -> None:
    block = b"<html><head><title>SEC.gov | Request Rate Threshold Exceeded</title></head></html>"
    edgar_env.respond(SUBMISSIONS, {"status": 403, "body": block})
    assert main(["filings", "--cik", "320193"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("edgarliq: error: ") and "CIK0000320193.json: HTTP 403" in err and "User-Agent" in err
    assert edgar_env.count() == 1


def test_cli_without_user_agent(edgar_env: Any, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("EDGARLIQ_USER_AGENT")
    assert main(["filings", "--cik", "320193"]) == 2
    assert "EDGARLIQ_USER_AGENT" in capsys.readouterr().err
    assert edgar_env.count() == 0
    assert main(["filings", "--cik", "320193", "--user-agent", "Jane Doe jane@example.com"]) == 0
    assert edgar_env.hits[-1].headers["User-Agent"] == "Jane Doe jane@example.com"


def test_cli_fetch_no_cache_saves_in_the_current_directory(edgar_env: Any, corpus_file: Any, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    corpus_file("1_0000320193_10-Q_19970328.txt")
    monkeypatch.chdir(tmp_path)
    assert main(["fetch", "--cik", "320193", "--accession", "0000320193-97-000011", "--no-cache"]) == 0
    saved = Path(capsys.readouterr().out.strip())
    assert saved == tmp_path / "0000320193-97-000011.txt" and saved.stat().st_size > 100_000
    assert not (tmp_path / "edgarliq-cache").exists()
