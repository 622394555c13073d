"""`edgarliq search`: CIKs by company name, today's names (company_tickers.json) and the names of
the 1990s (full-index company.idx), fetched from the local EDGAR-shaped server and cached."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import EDGAR_FIXTURES

from edgarliq.cli import main
from edgarliq.edgar.index import parse_company_idx, search_companies

IDX = EDGAR_FIXTURES / "company-idx"


@pytest.fixture
def idx_server(edgar_server: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    for year in (1996, 1997):
        for q in (1, 2, 3, 4):
            edgar_server.serve_file(f"/www/Archives/edgar/full-index/{year}/QTR{q}/company.idx",
                                    IDX / f"{year}-QTR{q}.idx")
    monkeypatch.setenv("EDGARLIQ_WWW_BASE", edgar_server.www_base)
    monkeypatch.setenv("EDGARLIQ_DATA_BASE", edgar_server.data_base)
    monkeypatch.setenv("EDGARLIQ_USER_AGENT", "edgarliq tests tests@example.com")
    return edgar_server


def test_apple_found_under_its_1990s_name_and_todays(idx_server: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "apple", "--year", "1996-1997"]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        "   CIK  NAME                YEARS",
        "320193  APPLE COMPUTER INC  1996-1997",
        "320193  Apple Inc.          current",
    ]
    assert out.err == ""


def test_words_match_word_beginnings_in_any_order(make_client: Any, idx_server: Any) -> None:
    client = make_client()
    found = search_companies(client, "comp dell", [1997])
    assert [(m.cik, m.name, m.years, m.source) for m in found] == [(826083, "DELL COMPUTER CORP", "1997", "full-index")]
    # "computer" is a word of both 1997 names; "put" begins no word, so finds nothing
    assert [m.name for m in search_companies(client, "computer", [1997])] == ["APPLE COMPUTER INC",
                                                                               "DELL COMPUTER CORP"]
    assert search_companies(client, "put", [1997]) == []


def test_without_years_only_todays_names_and_a_hint(idx_server: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "amazon"]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines() == ["    CIK  NAME            YEARS", "1018724  AMAZON COM INC  current"]
    assert "--year" in out.err
    assert idx_server.count() == 1  # company_tickers.json only: no index fetched


def test_index_files_are_cached(make_client: Any, idx_server: Any) -> None:
    client = make_client()
    search_companies(client, "intel", [1997])
    hits = idx_server.count()
    assert hits == 5  # four quarters and the ticker list
    found = search_companies(make_client(), "intel corp", [1997])  # a new client, the same cache
    assert idx_server.count() == hits
    assert [(m.cik, m.years) for m in found] == [(50863, "1997")]


def test_a_year_without_an_index_is_exit_2(idx_server: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "apple", "--year", "1992"]) == 2
    assert "no full index for 1992 (years from 1993)" in capsys.readouterr().err
    assert main(["search", "apple", "--year", "97"]) == 2
    assert "no full index for 97" in capsys.readouterr().err
    assert main(["search", "--year", "1997", "--", "&&"]) == 2
    assert "search for a company name" in capsys.readouterr().err


def test_company_idx_rows_survive_an_overflowing_name_and_spaced_forms() -> None:
    header = (f"{'Company Name':<62}{'Form Type':<12}{'CIK':<12}{'Date Filed':<12}File Name\n" + "-" * 141 + "\n")
    long_name = "INTERNATIONAL BUSINESS MACHINES CORP AND ITS CONSOLIDATED SUBSIDIARIES"  # 70 characters
    text = header + (
        f"{'APPLE COMPUTER INC':<62}{'NT 10-Q':<12}{'320193':<12}1997-08-12  "
        "edgar/data/320193/0000320193-97-000015.txt\n"
        f"{long_name}  10-Q        51143       1997-11-10  edgar/data/51143/0001005477-97-002469.txt\n"
    )
    rows = [(c, f, k, d.isoformat()) for c, f, k, d, _ in parse_company_idx(text)]
    assert rows == [("APPLE COMPUTER INC", "NT 10-Q", 320193, "1997-08-12"), (long_name, "10-Q", 51143, "1997-11-10")]
