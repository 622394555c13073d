"""Notebooks: an Analysis or a Statement typed at the prompt prints one line, and renders as HTML
tables (statements in their printed unit, key metrics, verdicts as words)."""

from __future__ import annotations

import lxml.html
import pytest
from paths import SEED

from edgarliq.pipeline import Analysis, analyze


@pytest.fixture(scope="module")
def seed() -> Analysis:
    return analyze(SEED)


def _tables(html: str) -> list[list[list[str]]]:
    doc = lxml.html.fromstring(html)
    return [[[cell.text_content().strip() for cell in tr.xpath("./th|./td")] for tr in table.xpath(".//tr")]
            for table in doc.xpath("//table")]


def test_seed_reprs_are_one_short_line(seed: Analysis) -> None:
    assert repr(seed) == ("<Analysis COMPUTER HORIZONS CORP. 10-Q 1997-06-27: 3 statements, 1 EX-27 schedule, "
                          "83 metrics, 44 checks (0 fail)>")
    assert repr(seed.statements["balance_sheet"]) == (
        "<Statement balance_sheet 'CONSOLIDATED BALANCE SHEETS (Unaudited)': 35 rows x 2 periods "
        "(1997-06-27, 1996-12-31), in thousands (printed)>")
    assert repr(seed.statements) == "<Statements balance_sheet, income_statement, cash_flow>"


def test_seed_statement_html_in_printed_thousands(seed: Analysis) -> None:
    (table,) = _tables(seed.statements["income_statement"]._repr_html_())
    assert table[0] == ["", "3M 1997-06-27", "3M 1996-06-27", "6M 1997-06-27", "6M 1996-06-27"]
    assert ["REVENUES", "75,714", "56,032", "145,463", "113,063"] in table
    assert ["Interest expense", "(81)", "(145)", "(158)", "(289)"] in table
    assert ["Net income", "0.19", "0.08", "0.35", "0.21"] in table  # per share, as printed


def test_seed_analysis_html_key_metrics_and_statements(seed: Analysis) -> None:
    html = seed._repr_html_()
    assert len(html) < 40_000
    metrics, *statements = _tables(html)
    assert len(statements) == 3
    head = metrics[0]
    by_name = {row[0]: dict(zip(head, row, strict=True)) for row in metrics[1:]}
    assert by_name["current ratio"]["1997-06-27"] == "5.05" and by_name["current ratio"]["1996-12-31"] == "4.04"
    assert by_name["working capital"]["1997-06-27"] == "59,810,000"
    assert by_name["balance sheet liquidity"]["1997-06-27"] == "not absolutely liquid"
    assert by_name["working capital policy"]["1996-12-31"] == "incompatible"
    assert by_name["gross margin"]["3M 1997-06-27"] == "32.3%"
    assert ["TOTAL ASSETS", "96,386", "88,412"] in statements[0]
    assert ("Checks: 30 pass, 0 fail, 0 skip. The filing's own claims: 14 confirmed, 0 contradicted, "
            "0 not checkable.") in lxml.html.fromstring(html).text_content()


def test_statement_to_frame_is_the_exported_wide_table(seed: Analysis) -> None:
    frame = seed.statements["balance_sheet"].to_frame()
    row = frame[frame["concept"] == "total_assets"].iloc[0]
    assert (row["1997-06-27"], row["1996-12-31"], row["unit"], row["scale"]) == (96_386_000, 88_412_000,
                                                                                "currency", 1000)


def test_submission_and_document_reprs_never_print_the_text(seed: Analysis) -> None:
    sub = seed.submission
    assert repr(sub) == "<Submission COMPUTER HORIZONS CORP. 10-Q 1997-06-27: 1 document, envelope none>"
    (doc,) = sub.documents
    assert repr(doc) == "<Document 10-Q #1: 34,192 chars from line 1>"
