"""Statements of HTML filings read from their tables as grids (edgarliq.statements.grids).

Every figure below is the one the filing prints (read off the statement in the corpus file);
amounts in absolute units (the statement's "in thousands/millions" applied).
"""

from __future__ import annotations

from datetime import date

from paths import corpus, corpus_statements, periods

from edgarliq.model import Statement, StatementRow

M = 1_000_000
K = 1_000


_statements = corpus_statements


def _row(st: Statement, label: str, nth: int = 0) -> StatementRow:
    rows = [r for r in st.rows if r.label == label]
    assert len(rows) > nth, f"no row {label!r} in {st.title}: {[r.label for r in st.rows]}"
    return rows[nth]


_periods = periods


def test_verisign_1999_q2_html_10q_loss_split_over_two_cells() -> None:
    # an HTML-wrapped 10-Q of the 1999-2000 era; the losses print "$(2,145" | ")" in two cells
    s = _statements("1_0001014473_10-Q_19990630.txt")
    inc = s["income_statement"]
    assert _periods(inc) == [(date(1999, 6, 30), 3), (date(1998, 6, 30), 3), (date(1999, 6, 30), 6),
                             (date(1998, 6, 30), 6)]
    assert inc.value("revenue", 0) == 18_736 * K
    assert inc.row("net_income").values == (-152 * K, -4_789 * K, -2_145 * K, -9_492 * K)
    bs = s["balance_sheet"]
    assert bs.value("cash") == 92_206 * K
    assert bs.value("total_current_assets") == 175_921 * K
    assert bs.value("total_assets") == 196_755 * K
    assert s["cash_flow"].value("net_income") == -2_145 * K


def test_dell_2000_html_10q_statement_of_financial_position() -> None:
    s = _statements("1_0000826083_10-Q_20000428.txt")
    bs = s["balance_sheet"]
    assert _periods(bs) == [(date(2000, 4, 28), None), (date(2000, 1, 28), None)]
    assert bs.row("total_assets").values == (12_023 * M, 11_471 * M)
    assert bs.row("total_current_liabilities").values == (5_303 * M, 5_192 * M)
    inc = s["income_statement"]
    assert inc.row("revenue").values == (7_280 * M, 5_537 * M)
    assert inc.row("net_income").values == (525 * M, 434 * M)


def test_bristol_myers_2004_10k_statement_after_a_text_only_layout_table() -> None:
    # the title sits above an "Item 8." layout table, the statement in the table after it;
    # "Net earnings" of discontinued operations (10) is not the bottom line (2,388)
    inc = _statements("2_0000014272_10-K_20041231.txt")["income_statement"]
    assert inc.title == "CONSOLIDATED STATEMENT OF EARNINGS"
    assert _periods(inc) == [(date(2004, 12, 31), 12), (date(2003, 12, 31), 12), (date(2002, 12, 31), 12)]
    assert inc.row("revenue").values == (19_380 * M, 18_653 * M, 16_208 * M)
    assert inc.row("pretax_income").values == (4_418 * M, 4_680 * M, 2_748 * M)
    assert inc.row("net_income").values == (2_388 * M, 3_106 * M, 2_137 * M)
    assert _row(inc, "Net earnings").values == (10 * M, 9 * M, 40 * M)
    assert inc.row("eps_basic").values == (1.23, 1.60, 1.11)
    assert inc.row("eps_diluted").values == (1.21, 1.59, 1.10)


def test_bristol_myers_2001_q3_balance_sheet_split_over_two_tables() -> None:
    # "CONSOLIDATED BALANCE SHEET - ASSETS" and "- LIABILITIES AND STOCKHOLDERS' EQUITY" are two
    # tables, the second written with its rows inside a cell (FrontPage): one statement
    bs = _statements("2_0000014272_10-Q_20010930.txt")["balance_sheet"]
    assert _periods(bs) == [(date(2001, 9, 30), None), (date(2000, 12, 31), None)]
    assert bs.row("total_assets").values == (24_635 * M, 17_578 * M)
    assert bs.row("total_current_liabilities").values == (7_047 * M, 5_632 * M)
    assert bs.row("total_equity").values == (9_935 * M, 9_180 * M)
    assert bs.row("total_liabilities_and_equity").values == (24_635 * M, 17_578 * M)


def test_bristol_myers_2004_q2_spanned_multi_row_header() -> None:
    # "Three Months Ended June 30," and "Six Months Ended June 30," each span two columns of years
    inc = _statements("2_0000014272_10-Q_20040630.txt")["income_statement"]
    assert _periods(inc) == [(date(2004, 6, 30), 3), (date(2003, 6, 30), 3), (date(2004, 6, 30), 6),
                             (date(2003, 6, 30), 6)]
    assert inc.row("revenue").values == (5_430 * M, 5_129 * M, 10_611 * M, 9_857 * M)
    assert inc.row("net_income").values == (527 * M, 902 * M, 1_491 * M, 1_694 * M)
    assert _row(inc, "Gain on sale of business").values == (-18 * M, 0, -313 * M, 0)
    assert inc.row("eps_basic").values == (0.27, 0.47, 0.77, 0.88)


def test_microsoft_2003_10k_title_broken_in_the_source_and_ascending_years() -> None:
    inc = _statements("2_0000789019_10-K_20030630.htm")["income_statement"]
    assert inc.title == "INCOME STATEMENTS"
    assert _periods(inc) == [(date(2001, 6, 30), 12), (date(2002, 6, 30), 12), (date(2003, 6, 30), 12)]
    assert inc.row("revenue").values == (25_296 * M, 28_365 * M, 32_187 * M)
    assert inc.row("pretax_income").values == (11_525 * M, 11_513 * M, 14_726 * M)
    assert inc.row("net_income").values == (7_346 * M, 7_829 * M, 9_993 * M)


def test_alcoa_2015_10k_plain_html_date_in_the_first_header_cell() -> None:
    # 2009+ HTML without inline XBRL: "December 31," over the labels, bare years over the amounts;
    # "Sales (Q)" carries a footnote mark; 2015 and 2013 are loss years
    s = _statements("3_0000004281_10-K_20151231.htm")
    bs = s["balance_sheet"]
    assert _periods(bs) == [(date(2015, 12, 31), None), (date(2014, 12, 31), None)]
    assert bs.row("total_assets").values == (36_528 * M, 37_363 * M)
    assert bs.row("total_current_liabilities").values[0] == 5_211 * M
    inc = s["income_statement"]
    assert _periods(inc) == [(date(2015, 12, 31), 12), (date(2014, 12, 31), 12), (date(2013, 12, 31), 12)]
    assert _row(inc, "Sales").values == (22_534 * M, 23_906 * M, 23_032 * M)
    assert inc.row("pretax_income").values == (248 * M, 497 * M, -1_816 * M)
    assert _row(inc, "Net (loss) income").values == (-197 * M, 177 * M, -2_244 * M)
    assert _row(inc, "Net (Loss) Income Attributable to Alcoa").values == (-322 * M, 268 * M, -2_285 * M)
    assert s["cash_flow"].value("net_cash_operating") == 1_582 * M


def test_electronic_arts_2016_q3_amounts_spanning_dollar_columns_and_a_pretax_loss() -> None:
    inc = _statements("3_0000712515_10-Q_20161231.htm")["income_statement"]
    assert _periods(inc) == [(date(2016, 12, 31), 3), (date(2015, 12, 31), 3), (date(2016, 12, 31), 9),
                             (date(2015, 12, 31), 9)]
    assert _row(inc, "Service and other").values == (500 * M, 445 * M, 1_565 * M, 1_286 * M)
    assert inc.row("revenue").values == (1_149 * M, 1_070 * M, 3_318 * M, 3_088 * M)
    assert inc.row("pretax_income").values == (-6 * M, -30 * M, 494 * M, 351 * M)
    assert inc.row("net_income").values == (-1 * M, -45 * M, 401 * M, 257 * M)


def test_gainsco_2009_10k_cash_flow_continued_in_a_second_table() -> None:
    # the title lists "December 31, 2009 and 2008" and the columns print only the years; the
    # statement goes on in a second table after "(continued)"
    cf = _statements("3_0000786344_10-K_20091231.htm")["cash_flow"]
    assert _periods(cf) == [(date(2009, 12, 31), 12), (date(2008, 12, 31), 12)]
    assert cf.row("net_income").values == (4_073 * K, -3_401 * K)
    assert cf.row("net_cash_operating").values == (3_638 * K, 15_625 * K)
    assert cf.row("net_cash_investing").values == (-4_746 * K, -14_677 * K)
    assert cf.row("net_cash_financing").values == (1_351 * K, -1_297 * K)


def test_gainsco_2009_10k_cash_overdraft_is_not_the_net_change_in_cash() -> None:
    # "Net change in cash overdraft" is a financing row (a bank overdraft borrowed or repaid);
    # the statement's net change in cash is "Net increase (decrease) in cash" below the sections
    cf = _statements("3_0000786344_10-K_20091231.htm")["cash_flow"]
    assert _row(cf, "Net change in cash overdraft").concept is None
    assert _row(cf, "Net change in cash overdraft").values == (1_387 * K, 2_889 * K)
    assert _row(cf, "Net increase (decrease) in cash").concept == "net_change_in_cash"
    assert cf.row("net_change_in_cash").values == (243 * K, -349 * K)
    assert cf.row("cash_beginning").values == (1_373 * K, 1_722 * K)
    assert cf.row("cash_ending").values == (1_616 * K, 1_373 * K)


def test_truncated_html_document_says_so() -> None:
    # issue 11 item 5: a bare HTML document cut inside a table is not a silent "no statements":
    # strict reading refuses it naming the cut; a lenient one goes on and says so
    import pytest

    from edgarliq.errors import FilingError
    from edgarliq.pipeline import analyze

    cut = b"<html><body><p>CONSOLIDATED BALANCE SHEETS</p><table><tr><td>Cash</td><td>5"
    with pytest.raises(FilingError, match="the document ends inside a <table>"):
        analyze(cut, name="cut.htm")
    a = analyze(cut, name="cut.htm", strict=False)
    warnings = a.filing["warnings"]
    assert any("ends inside a table" in w for w in warnings)
    assert any("without </html>" in w for w in warnings)
    assert "truncated" in (a.statements.reason("balance_sheet") or "")


def test_an_underlined_figure_closes_a_group_that_the_next_row_totals() -> None:
    """Bristol-Myers Squibb's 10-Q for March 2001 underlines the last inventory component
    ("<u>401</u>") over "Inventories 1,938": a subtotal, so the current assets add up."""
    from edgarliq.pipeline import analyze

    a = analyze(corpus("2_0000014272_10-Q_20010331.txt"))
    inv = a.statements["balance_sheet"].row("inventory")
    assert inv.total and inv.values == (1_938_000_000, 1_831_000_000)
    sums = [c for c in a.checks if c.name == "balance_sheet.total_current_assets.sum"]
    assert [c.status for c in sums] == ["pass", "pass"]
    assert sums[0].expected == 9_751_000_000


def test_net_income_is_the_companys_share_when_noncontrolling_interests_are_printed() -> None:
    """Alcoa's 2015 10-K prints "Net (loss) income" (197) and, after the noncontrolling interests'
    share, "Net (Loss) Income Attributable to Alcoa" (322): net income is the company's share, as
    NetIncomeLoss is in inline XBRL and as its EPS is computed; the cash flow, which starts from the
    consolidated result, is checked against the consolidated line."""
    from edgarliq.pipeline import analyze

    a = analyze(corpus("3_0000004281_10-K_20151231.htm"))
    inc = a.statements["income_statement"]
    assert inc.lookup("net_income", date(2015, 12, 31), 12) == -322_000_000
    assert inc.lookup("net_income", date(2014, 12, 31), 12) == 268_000_000
    cf_checks = [c for c in a.checks if c.name == "cash_flow.net_income"]
    assert cf_checks and all(c.status == "pass" for c in cf_checks)
    assert cf_checks[0].expected == -197_000_000 and "Net (loss) income" in cf_checks[0].detail
    # TEGNA's EPS times its shares gives the company's share of net income (459,522), not 522,686
    t = analyze(corpus("3_0000039899_10-K_20151231.htm"))
    assert t.statements["income_statement"].lookup("net_income", date(2015, 12, 31), 12) == 459_522_000
    eps = [c for c in t.checks if c.name == "income_statement.eps_basic_x_shares"]
    assert eps and all(c.status == "pass" for c in eps)


def test_the_eps_after_an_accounting_change_is_net_incomes() -> None:
    """Apple's 10-Q for June 2001 prints EPS "before accounting change" (-0.30 for nine months) and
    "after accounting change" (-0.26): the net figure is the EPS; "Income (loss) before accounting
    change" is income before the item, not the accounting change, which is the cumulative effect."""
    inc = corpus_statements("2_0000320193_10-Q_20010630.txt")["income_statement"]
    assert inc.lookup("eps_basic", date(2001, 6, 30), 9) == -0.26
    assert inc.lookup("eps_diluted", date(2001, 6, 30), 9) == -0.26
    assert inc.lookup("income_continuing", date(2001, 6, 30), 9) == -103_000_000
    assert inc.lookup("accounting_change", date(2001, 6, 30), 9) == 12_000_000
    assert inc.lookup("net_income", date(2001, 6, 30), 9) == -91_000_000


def test_a_year_marked_restated_is_header_not_a_row_sandisk_10q_2000() -> None:
    """SanDisk's 10-Q for September 2000 heads its balance sheet "September 30," / "2000" /
    "(unaudited)" and "December 31," / "1999*" (the asterisk: restated). The starred year is a
    header cell like the plain one: not a first, unlabelled row worth 2,000 and 1,999 thousand."""
    bs = corpus_statements("1_0001000180_10-Q_20000930.txt")["balance_sheet"]
    assert [c.header for c in bs.columns] == ["September 30, 2000 (unaudited)", "December 31, 1999*"]
    assert [c.period_end for c in bs.columns] == [date(2000, 9, 30), date(1999, 12, 31)]
    assert bs.rows[0].label == "ASSETS" and bs.rows[0].values == (None, None)
    assert bs.value("cash", 0) == 172_261_000 and bs.value("cash", 1) == 146_170_000


def test_the_unit_of_html_statements_agrees_with_the_prose_bms_10q_2001() -> None:
    """Bristol-Myers Squibb's 10-Q for March 2001 (HTML, no EX-27 any more) prints its statements
    in millions; 34 amounts its MD&A gives in words are printed figures in millions: the unit check
    against the prose passes (the only check of the unit an HTML filing of 2001-2008 has)."""
    from edgarliq.pipeline import analyze

    a = analyze(corpus("2_0000014272_10-Q_20010331.txt"))
    prose = [c for c in a.checks if c.name == "statements.unit.prose"]
    assert [(c.status, c.detail) for c in prose] == [
        ("pass", "the unit of balance_sheet, income_statement, cash_flow (1,000,000) is the one at which 34 amounts "
                 "the filing's prose gives in words are printed figures")]
