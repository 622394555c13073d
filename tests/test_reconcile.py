"""The cross-statement checks: each passes on a real filing's statements and fails, naming the
numbers, when one figure is wrong."""

from __future__ import annotations

from datetime import date

from paths import corpus

from edgarliq.model import Statement, StatementColumn, StatementRow
from edgarliq.reconcile import cross_checks
from edgarliq.record import replace
from edgarliq.statements import extract_statements
from edgarliq.submission import read_submission

POR = date(1999, 6, 30)


def _st(kind: str, cols: list[tuple[date | None, int | None]], rows: list[tuple[str, str | None, list]]) -> Statement:
    return Statement(kind, "TEST", 1000, "10-Q", 1, tuple(StatementColumn(d, m, f"h{i}") for i, (d, m) in
                                                     enumerate(cols)),
                     tuple(StatementRow(lab, c, 0, False, tuple(v)) for lab, c, v in rows))


def _by_name(checks, name):
    return [c for c in checks if c.name == name]


def _cash_flow(change: float = 10_000) -> Statement:
    return _st("cash_flow", [(POR, 6)], [
        ("Net income", "net_income", [50_000]),
        ("Net cash provided by operating activities", "net_cash_operating", [70_000]),
        ("Purchases of property", "capex", [-30_000]),
        ("Sales of investments", None, [5_000]),
        ("Net cash used in investing activities", "net_cash_investing", [-25_000]),
        ("Net cash used in financing activities", "net_cash_financing", [-35_000]),
        ("Net increase in cash", "net_change_in_cash", [change]),
        ("Cash at beginning of period", "cash_beginning", [20_000]),
        ("Cash at end of period", "cash_ending", [30_000]),
    ])


def test_cash_flow_identities_pass_and_fail_with_the_difference() -> None:
    ok = cross_checks({"cash_flow": _cash_flow()}, POR)
    assert [c.status for c in _by_name(ok, "cash_flow.activities_sum")] == ["pass"]
    assert [c.status for c in _by_name(ok, "cash_flow.cash_roll")] == ["pass"]
    assert [c.status for c in _by_name(ok, "cash_flow.net_cash_investing.sum")] == ["pass"]
    bad = cross_checks({"cash_flow": _cash_flow(change=12_000)}, POR)
    s = _by_name(bad, "cash_flow.activities_sum")[0]
    assert (s.status, s.expected, s.actual, s.difference) == ("fail", 12_000, 10_000, -2_000)
    assert s.tolerance == 1500
    r = _by_name(bad, "cash_flow.cash_roll")[0]
    assert (r.status, r.expected, r.actual) == ("fail", 30_000, 32_000)


def test_net_income_on_both_statements_and_cash_on_the_balance_sheet() -> None:
    inc = _st("income_statement", [(POR, 6)], [("Net income", "net_income", [48_000])])
    bs = _st("balance_sheet", [(POR, None)], [("Cash and cash equivalents", "cash", [30_000])])
    checks = cross_checks({"income_statement": inc, "cash_flow": _cash_flow(), "balance_sheet": bs}, POR)
    ni = _by_name(checks, "cash_flow.net_income")[0]
    assert (ni.status, ni.expected, ni.actual, ni.difference) == ("fail", 48_000, 50_000, 2_000)
    cash = _by_name(checks, "cash_flow.cash_vs_balance_sheet")[0]
    assert (cash.status, cash.expected, cash.actual) == ("pass", 30_000, 30_000)


def test_eps_times_shares_catches_a_share_count_in_the_eps_row() -> None:
    good = _st("income_statement", [(POR, 3)], [("Net income", "net_income", [6_686_000]),
                                                  ("Basic net income per share", "eps_basic", [0.23]),
                                                  ("Shares used in basic", "shares_basic", [29_344])])
    c = _by_name(cross_checks({"income_statement": good}, POR), "income_statement.eps_basic_x_shares")[0]
    assert c.status == "pass" and "x1000" in c.detail  # shares printed in thousands
    bad = replace(good, rows=(good.rows[0], replace(good.rows[1], values=(29_344.0,)), good.rows[2]))
    c = _by_name(cross_checks({"income_statement": bad}, POR), "income_statement.eps_basic_x_shares")[0]
    assert c.status == "fail" and c.expected == 6_686_000


def test_period_sanity_after_report_and_duplicate_columns() -> None:
    inc = _st("income_statement", [(POR, 6), (date(1999, 12, 31), 6), (POR, 6), (None, 6)],
              [("Net income", "net_income", [1, 2, 3, 4])])
    names = [c.name for c in cross_checks({"income_statement": inc}, POR) if c.status == "fail"]
    assert names.count("income_statement.period.after_report") == 1
    assert names.count("income_statement.period.duplicate") == 1
    assert names.count("income_statement.period.undated") == 1


def test_costs_and_expenses_sum_on_a_real_filing_nvidia_10q_1999_08() -> None:
    st = extract_statements(read_submission(corpus("1_0001045810_10-Q_19990801.txt")))
    checks = cross_checks(st, date(1999, 8, 1))
    sums = _by_name(checks, "income_statement.total_costs_and_expenses.sum")
    assert sums and all(c.status == "pass" for c in sums)
    # 18,929 = 10,813 + 8,116 (thousands), three months to August 1, 1999
    assert sums[0].expected == 18_929_000 and sums[0].actual == 18_929_000
    ni = _by_name(checks, "cash_flow.net_income")
    assert [c.status for c in ni] == ["pass", "pass"] and ni[0].actual == 12_947_000
    # the filing's own 1998 column does not add up: financing prints (5,299) for rows summing to
    # +5,299, and 368 - 3,243 - 5,299 is not the printed change of 2,424; both checks say so
    fails = sorted((c.name, c.extra.get("column")) for c in checks if c.status == "fail")
    assert fails == [("cash_flow.activities_sum", "6M 1998-07-26"),
                     ("cash_flow.net_cash_financing.sum", "6M 1998-07-26")]
    fin = _by_name(checks, "cash_flow.net_cash_financing.sum")[1]
    assert (fin.expected, fin.actual) == (-5_299_000, 5_299_000)


def test_exchange_rate_line_below_the_net_change_microsoft_10k_1999() -> None:
    # Microsoft prints "Net change in cash and equivalents" before the exchange-rate effect
    st = extract_statements(read_submission(corpus("1_0000789019_10-K_19990630.txt")))
    checks = cross_checks(st, date(1999, 6, 30))
    sums = _by_name(checks, "cash_flow.activities_sum") + _by_name(checks, "cash_flow.cash_roll")
    assert len(sums) == 6 and all(c.status == "pass" for c in sums)
    roll = [c for c in _by_name(checks, "cash_flow.cash_roll") if c.extra["column"] == "12M 1999-06-30"][0]
    assert roll.expected == 4_975_000_000 and "exchange-rate" in roll.detail


def test_fds_figure_without_statement_fails_naming_why_motorola_10k_1995() -> None:
    # Motorola's 10-K incorporates its statements by reference: the EX-27's total assets is
    # unconfirmed, a failure saying why
    from edgarliq import analyze

    a = analyze(corpus("1_0000068505_10-K_19951231.txt"))
    ta = [c for c in a.checks if c.name == "fds.total_assets"]
    assert ta and ta[0].status == "fail" and "balance_sheet not found" in ta[0].detail
    assert "incorporates the financial statements by reference" in ta[0].detail
    assert ta[0].expected == 22_801_000_000


def test_discontinued_cash_printed_apart_is_added_but_adjustments_inside_a_section_are_not() -> None:
    # Xerox 10-K 1996: "Cash Provided (Used) by Discontinued Operations" (124) sits between the
    # activity totals and the net change: 324 - 521 + 295 - 6 - 124 = -32, the printed change.
    sts = extract_statements(read_submission(corpus("1_0000108772_10-K_19961231.txt")))
    xerox = _by_name(cross_checks(sts, date(1996, 12, 31)), "cash_flow.activities_sum")
    assert xerox and all(c.status == "pass" for c in xerox)
    assert xerox[0].expected == -32_000_000 and "by Discontinued Ope" in xerox[0].detail
    # BMS 10-K 2004: "Gain on sales of businesses (including discontinued operations)" is an
    # operating adjustment, inside the operating total: 3,176 - 1,622 - 463 + 40 = 1,131
    sts = extract_statements(read_submission(corpus("2_0000014272_10-K_20041231.txt")))
    bms = _by_name(cross_checks(sts, date(2004, 12, 31)), "cash_flow.activities_sum")
    assert bms and all(c.status == "pass" for c in bms)
    assert bms[0].expected == 1_131_000_000 and "discontinued" not in bms[0].detail


def test_eps_times_shares_may_give_net_income_applicable_to_common() -> None:
    """CPI Aerostructures' 2016 10-K: the 2015 loss per share, (0.23) on 8,342,168 shares, is that
    of the net loss applicable to common equity (1,909,561), not of the net loss (1,433,981)."""
    from edgarliq import analyze

    a = analyze(corpus("3_0000038264_10-K_20160930.htm"))
    eps = [c for c in a.checks if c.name == "income_statement.eps_basic_x_shares"
           and c.extra.get("column") == "12M 2015-09-30"]
    assert len(eps) == 1 and eps[0].status == "pass"
    assert eps[0].expected == -1_909_561 and "applicable to common" in eps[0].detail


def _checks_of(name: str, check: str) -> list:
    from edgarliq.pipeline import analyze

    return [c for c in analyze(corpus(name)).checks if c.name == check]


def test_ending_cash_with_restricted_cash_adds_the_balance_sheets_restricted_line_exxon_10q_2025() -> None:
    """Exxon Mobil's cash flow ends with "Cash and cash equivalents at end of period (including
    restricted)" $15,711 million; its balance sheet prints "Cash and cash equivalents" $14,352
    million and "Cash and cash equivalents - restricted" $1,359 million: together the ending cash."""
    (c,) = _checks_of("3_0000034088_10-Q_20250630.htm", "cash_flow.cash_vs_balance_sheet")
    assert (c.status, c.expected, c.actual) == ("pass", 15_711_000_000, 15_711_000_000)
    assert "restricted cash included" in c.detail and "Cash and cash equivalents – restricted" in c.detail


def test_ending_cash_with_restricted_cash_uses_the_line_printed_without_it_coca_cola_10q_2025() -> None:
    """Coca-Cola's cash flow ends with cash, cash equivalents, restricted cash and restricted cash
    equivalents ($10,203 million), then "Less: Restricted cash ... at end of period" $613 million and
    "Cash and Cash Equivalents at End of Period" $9,590 million: the balance sheet's line. Its cash
    flow starts from "Consolidated net income" ($7,138 million), as does its income statement, whose
    net income is the shareowners' share ($7,140 million)."""
    (c,) = _checks_of("3_0000021344_10-Q_20250627.htm", "cash_flow.cash_vs_balance_sheet")
    assert (c.status, c.expected, c.actual) == ("pass", 9_590_000_000, 9_590_000_000)
    assert "'Cash and Cash Equivalents at End of Period'" in c.detail
    net = _checks_of("3_0000021344_10-Q_20250627.htm", "cash_flow.net_income")
    assert [(c.status, c.expected) for c in net] == [("pass", 7_138_000_000), ("pass", 5_586_000_000)]
    assert "'Consolidated Net Income'" in net[0].detail


def test_ending_cash_of_continuing_operations_is_what_the_restated_balance_sheet_holds_tegna_10k_2015() -> None:
    """TEGNA's 2015 cash flow ends with the cash of continuing and discontinued operations ($118,484
    thousand at 28 December 2014), and prints each apart; its balance sheet, restated, holds the
    continuing operations' $110,305 thousand."""
    checks = _checks_of("3_0000039899_10-K_20151231.htm", "cash_flow.cash_vs_balance_sheet")
    assert [(c.status, c.expected, c.actual) for c in checks] == [
        ("pass", 129_200_000, 129_200_000), ("pass", 110_305_000, 110_305_000)]


def test_ending_cash_with_restricted_cash_equal_to_the_balance_sheets_cash_still_passes_apple_10q_2025() -> None:
    (c,) = _checks_of("3_0000320193_10-Q_20250628.htm", "cash_flow.cash_vs_balance_sheet")
    assert (c.status, c.expected, c.actual) == ("pass", 36_269_000_000, 36_269_000_000)


def test_cash_joining_the_roll_below_the_net_change_is_added_yum_10k_2008() -> None:
    """Yum! Brands' 2008 cash flow: "Net Increase (Decrease) in Cash and Cash Equivalents" $(590)
    million, then "Change in Cash and Cash Equivalents due to Consolidation of an entity" $17 million,
    from $789 million at the beginning of the year to $216 million at its end."""
    checks = _checks_of("2_0001041061_10-K_20081227.htm", "cash_flow.cash_roll")
    assert [(c.status, c.expected) for c in checks] == [("pass", 216_000_000), ("pass", 789_000_000),
                                                        ("pass", 319_000_000)]
    assert "+ 'Change in Cash and Cash Equivalents due to Consoli' at 12M 2008-12-27" in checks[0].detail


def test_net_income_is_pretax_income_less_the_tax_where_nothing_else_is_printed_autodesk_10k_2000() -> None:
    """Autodesk's fiscal 2000: "Income before income taxes  23,920" / "Provision for income taxes
    14,112" / "Net income  9,808" (in thousands), and likewise for the two years before."""
    checks = _checks_of("1_0000769397_10-K405_20000131.txt", "income_statement.net_income_from_pretax")
    assert [(c.status, c.expected) for c in checks] == [("pass", 9_808_000), ("pass", 97_132_000),
                                                        ("pass", 56_215_000)]
    assert checks[0].actual == 9_808_000 and "'Income before income taxes' - 'Provision for income taxes'" in \
        checks[0].detail


def test_net_income_from_pretax_fails_on_a_wrong_row_and_stays_out_of_the_way_of_other_lines() -> None:
    rows = [("Income before income taxes", "pretax_income", [10_000]), ("Income taxes", "income_tax", [4_000]),
            ("Net income", "net_income", [9_000])]
    (bad,) = _by_name(cross_checks({"income_statement": _st("income_statement", [(POR, 6)], rows)}, POR),
                      "income_statement.net_income_from_pretax")
    assert (bad.status, bad.expected, bad.actual) == ("fail", 9_000, 6_000)
    rows.insert(2, ("Minority interest", None, [1_000]))
    checks = cross_checks({"income_statement": _st("income_statement", [(POR, 6)], rows)}, POR)
    assert not _by_name(checks, "income_statement.net_income_from_pretax")  # another line between: no check


def test_a_header_line_read_as_a_row_fails_the_year_row_check() -> None:
    """A row whose figures are the columns' own years, in order, is a header line read as figures
    (SanDisk's "2000" / "1999*" once was, worth 2,000 and 1,999 thousand): the check fails and names
    it. The statement as read now has none, and no corpus filing's does."""
    st = extract_statements(read_submission(corpus("1_0001000180_10-Q_20000930.txt")))
    bs = st["balance_sheet"]
    assert not [c for c in cross_checks(st) if c.name == "balance_sheet.year_row"]
    header_as_row = replace(bs.rows[3], label="", concept=None, values=(2_000_000.0, 1_999_000.0))
    misread = replace(bs, rows=(header_as_row, *bs.rows))
    fails = [c for c in cross_checks({"balance_sheet": misread}) if c.name == "balance_sheet.year_row"]
    assert [(c.status, c.detail) for c in fails] == [
        ("fail", "row '' holds the columns' years (2000, 1999) as figures: a header line read as a row")]
