"""Statements from real filings: exact figures, layouts with and without <TABLE> markup."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from paths import SEED, corpus, corpus_statements

from edgarliq.export import statement_frame
from edgarliq.reconcile import reconcile
from edgarliq.statements import Statements, extract_statements
from edgarliq.submission import Document, read_submission


@pytest.fixture(scope="module")
def seed() -> Statements:
    return extract_statements(read_submission(SEED))


def test_seed_balance_sheet(seed: Statements) -> None:
    bs = seed["balance_sheet"]
    assert bs.unit == 1000
    assert [c.period_end for c in bs.columns] == [date(1997, 6, 27), date(1996, 12, 31)]
    assert all(c.months is None for c in bs.columns)
    assert bs.lookup("total_current_assets", date(1997, 6, 27)) == 74_580_000
    assert bs.lookup("total_assets", date(1997, 6, 27)) == 96_386_000
    assert bs.lookup("total_current_liabilities", date(1997, 6, 27)) == 14_770_000
    assert bs.value("total_liabilities_and_equity", 1) == 88_412_000
    assert bs.value("cash", 0) == 3_751_000
    assert bs.value("receivables", 0) == 68_676_000  # label printed over three lines
    assert bs.value("ppe_net", 0) == 4_374_000  # unlabelled line after accumulated depreciation
    assert bs.value("treasury_stock", 0) == 14_648_000  # printed positive, kept as printed
    assert bs.value("long_term_debt", 0) == 0
    assert bs.value("total_equity", 1) == 68_814_000


def test_seed_income_statement(seed: Statements) -> None:
    inc = seed["income_statement"]
    assert [(c.period_end, c.months) for c in inc.columns] == [
        (date(1997, 6, 27), 3), (date(1996, 6, 27), 3), (date(1997, 6, 27), 6), (date(1996, 6, 27), 6)]
    assert inc.unit == 1000  # printed on the sibling statements only
    assert inc.lookup("revenue", date(1997, 6, 27), 6) == 145_463_000
    assert inc.lookup("net_income", date(1997, 6, 27), 6) == 8_925_000
    assert inc.lookup("net_income", date(1996, 6, 27), 3) == 2_138_000
    assert inc.lookup("eps_basic", date(1997, 6, 27), 6) == 0.35
    assert inc.lookup("shares_basic", date(1997, 6, 27), 3) == 25_933_000  # never scaled
    assert inc.lookup("income_tax", date(1997, 6, 27), 6) == 6_600_000  # unlabelled, from its section
    assert inc.lookup("total_costs_and_expenses", date(1997, 6, 27), 3) == 67_332_000
    assert inc.lookup("interest_expense", date(1997, 6, 27), 6) == -158_000
    assert inc.lookup("pretax_income", date(1997, 6, 27), 6) == 15_525_000
    assert len(inc.columns) == 4  # percentage columns dropped


def test_seed_cash_flow(seed: Statements) -> None:
    cf = seed["cash_flow"]
    assert cf.lookup("net_cash_operating", date(1997, 6, 27), 6) == -6_001_000
    assert cf.lookup("capex", date(1997, 6, 27), 6) == -975_000
    assert cf.lookup("net_cash_investing", date(1997, 6, 27), 6) == -1_498_000
    assert cf.lookup("net_cash_financing", date(1996, 6, 27), 6) == -860_000
    assert cf.lookup("cash_ending", date(1997, 6, 27), 6) == 3_751_000


def test_seed_to_dict_and_frame(seed: Statements) -> None:
    d = seed["income_statement"].to_dict()
    assert d["source"]["document"] and d["source"]["line"] > 0
    assert d["columns"][2] == {"period_end": "1997-06-27", "months": 6, "header": d["columns"][2]["header"]}
    row = next(r for r in d["rows"] if r["concept"] == "revenue")
    assert row["values"][2] == 145463000 and isinstance(row["values"][2], int)
    frame = statement_frame(seed["income_statement"].to_dict())
    assert "6M 1997-06-27" in frame.columns
    at = list(frame.columns).index("label")  # after the filing's identity and the statement/row columns
    assert list(frame.columns[at:at + 4]) == ["label", "concept", "level", "total"]
    assert "1997-06-27" in statement_frame(seed["balance_sheet"].to_dict()).columns


def test_seed_checks_pass(seed: Statements) -> None:
    checks = reconcile(seed, [])
    assert checks and all(c.status == "pass" for c in checks), [c for c in checks if c.status != "pass"]


def test_apple_tabbed_table_markup() -> None:
    # <TABLE> markup, tabs mixed into the columns, unlabelled totals
    st = extract_statements(read_submission(corpus("1_0000320193_10-Q_19970627.txt")))
    bs, inc, cf = st["balance_sheet"], st["income_statement"], st["cash_flow"]
    assert bs.unit == 1_000_000
    assert bs.lookup("total_assets", date(1997, 6, 27)) == 4_341_000_000  # unlabelled "$ 4,341"
    assert bs.lookup("total_current_assets", date(1997, 6, 27)) == 3_493_000_000
    assert bs.lookup("total_current_liabilities", date(1997, 6, 27)) == 1_910_000_000
    assert bs.value("total_liabilities_and_equity", 1) == 5_364_000_000
    assert bs.value("inventory", 0) == 534_000_000  # unlabelled subtotal under "Inventories:"
    assert inc.lookup("revenue", date(1997, 6, 27), 9) == 5_467_000_000
    assert inc.lookup("net_income", date(1996, 6, 28), 3) == -32_000_000
    assert inc.lookup("eps_basic", date(1997, 6, 27), 9) == -7.04
    assert cf.lookup("net_cash_operating", date(1997, 6, 27), 9) == -10_000_000
    assert cf.lookup("capex", date(1997, 6, 27), 9) == -42_000_000


def test_bms_plain_text_without_markup() -> None:
    # no <TABLE> markup at all; balance sheet on two pages (assets, then liabilities)
    st = extract_statements(read_submission(corpus("1_0000014272_10-Q_19960630.txt")))
    bs, inc, cf = st["balance_sheet"], st["income_statement"], st["cash_flow"]
    assert bs.lookup("total_assets", date(1996, 6, 30)) == 13_750_000_000
    assert bs.lookup("total_current_assets", date(1996, 6, 30)) == 6_729_000_000
    assert bs.lookup("total_current_liabilities", date(1996, 6, 30)) == 4_766_000_000
    assert bs.value("total_liabilities_and_equity", 1) == 13_929_000_000
    assert inc.lookup("revenue", date(1996, 6, 30), 6) == 7_365_000_000
    assert inc.lookup("pretax_income", date(1996, 6, 30), 6) == 1_945_000_000
    assert inc.lookup("net_income", date(1995, 6, 30), 3) == 608_000_000
    assert inc.lookup("eps_basic", date(1996, 6, 30), 6) == 2.75
    assert cf.lookup("net_cash_operating", date(1996, 6, 30), 6) == 1_241_000_000
    assert cf.lookup("net_cash_investing", date(1996, 6, 30), 6) == -541_000_000


def test_missing_statement_has_reason() -> None:
    doc = Document("10-Q", 1, None, None, "CONSOLIDATED BALANCE SHEETS\n\nNothing here but prose.\n", 1)
    st = extract_statements(SimpleNamespace(documents=(doc,), period_of_report=None, form="10-Q",
                                            fiscal_year_end=None))
    assert len(st) == 0
    assert st.reason("balance_sheet")
    checks = reconcile(st, [])
    assert {c.status for c in checks} == {"skip"}


# ---- era-1 filings fixed in the second pass (figures read from the filing text) -----------------


_extract = corpus_statements


def test_day_number_in_header_is_not_a_value_row() -> None:
    # "March 28,     September 27" / "1997   1996": the 27 is a header piece, not an amount
    bs = _extract("1_0000320193_10-Q_19970328.txt")["balance_sheet"]
    assert [c.period_end for c in bs.columns] == [date(1997, 3, 28), date(1996, 9, 27)]
    assert bs.lookup("total_assets", date(1997, 3, 28)) == 4_487_000_000
    assert bs.lookup("total_current_assets", date(1997, 3, 28)) == 3_642_000_000
    assert bs.lookup("total_current_liabilities", date(1997, 3, 28)) == 2_011_000_000


def test_intel_annual_report_exhibit() -> None:
    # EX-13; "per share amounts)   1997   1996   1995" is the year row; "Consolidated statements" /
    # "of cash flows" is one title over two lines
    st = _extract("1_0000050863_10-K_19971227.txt")
    inc, cf = st["income_statement"], st["cash_flow"]
    assert inc.source_document == "EX-13"
    # "1996" alone heads the column; the balance sheet prints "December 28, 1996", which wins over a
    # guess from the period of report's day (52/53-week years end on a different day each year).
    # 1995 is printed nowhere, so it keeps the guessed day.
    assert [(c.period_end, c.months) for c in inc.columns] == [
        (date(1997, 12, 27), 12), (date(1996, 12, 28), 12), (date(1995, 12, 27), 12)]
    assert [c.period_end for c in cf.columns] == [date(1997, 12, 27), date(1996, 12, 28), date(1995, 12, 27)]
    assert inc.lookup("revenue", date(1996, 12, 28), 12) == 20_847_000_000  # EX-27.1's 1996 column
    assert inc.lookup("revenue", date(1997, 12, 27), 12) == 25_070_000_000
    assert inc.lookup("pretax_income", date(1997, 12, 27), 12) == 10_659_000_000
    assert inc.lookup("net_income", date(1997, 12, 27), 12) == 6_945_000_000
    assert inc.value("net_income", 2) == 3_566_000_000
    assert cf.title == "Consolidated statements of cash flows"
    assert cf.lookup("net_cash_operating", date(1997, 12, 27), 12) == 10_008_000_000
    assert cf.value("net_cash_operating", 2) == 4_016_000_000


def test_title_split_after_statements() -> None:
    # "CONSOLIDATED STATEMENTS" / "OF INCOME" (Intel 1993) and "STATEMENTS OF CASH" / "FLOWS" (Apple)
    inc = _extract("1_0000050863_10-K_19931225.txt")["income_statement"]
    assert inc.lookup("revenue", date(1993, 12, 25), 12) == 8_782_000_000
    assert inc.lookup("net_income", date(1993, 12, 25), 12) == 2_295_000_000
    cf = _extract("1_0000320193_10-Q_19961227.txt")["cash_flow"]
    assert cf.lookup("net_income", date(1996, 12, 27), 3) == -120_000_000
    assert cf.lookup("cash_ending", date(1996, 12, 27), 3) == 1_174_000_000


def test_label_continued_below_its_values() -> None:
    # "Income before provision   116 ..." / "  for income taxes"
    inc = _extract("1_0000320193_10-Q_19950331.txt")["income_statement"]
    assert inc.lookup("pretax_income", date(1995, 3, 31), 6) == 415_000_000
    assert inc.lookup("income_tax", date(1995, 3, 31), 6) == 154_000_000
    assert inc.row("pretax_income").label == "Income before provision for income taxes"  # type: ignore[union-attr]


def test_grouped_duration_headers_in_html() -> None:
    # Dell's HTML 10-Q: "Three Months Ended   Nine Months Ended" over four columns
    inc = _extract("1_0000826083_10-Q_19991029.txt")["income_statement"]
    assert [c.months for c in inc.columns] == [3, 3, 9, 9]
    assert inc.lookup("revenue", date(1999, 10, 29), 3) == 6_784_000_000
    assert inc.lookup("revenue", date(1999, 10, 29), 9) == 18_463_000_000
    assert inc.lookup("pretax_income", date(1999, 10, 29), 9) == 1_840_000_000
    assert inc.lookup("net_income", date(1999, 10, 29), 9) == 1_230_000_000


def test_net_revenues_outrank_revenues() -> None:
    # Autodesk: Revenues 632,358 less direct commissions 15,232 = Net revenues 617,126
    inc = _extract("1_0000769397_10-K_19980131.txt")["income_statement"]
    assert inc.lookup("revenue", date(1998, 1, 31), 12) == 617_126_000


def test_pretax_derived_only_without_any_tax_line() -> None:
    inc = _extract("1_0001018724_10-Q_19990630.txt")["income_statement"]
    row = inc.row("pretax_income")
    assert row is not None and row.derived and "no income tax line" in row.derived
    assert inc.lookup("pretax_income", date(1999, 6, 30), 6) == -199_675_000  # = the printed net loss
    assert inc.lookup("net_income", date(1999, 6, 30), 6) == -199_675_000
    assert row.to_dict()["derived"] == row.derived
    # a statement that prints its tax line keeps printed rows only
    printed = _extract("1_0000320193_10-Q_19950331.txt")["income_statement"]
    assert all(r.derived is None for r in printed.rows)


def test_period_disagreements_are_failed_checks() -> None:
    from edgarliq.fds import parse_schedules

    # EX-27 dated 1996-06-29; the filing prints (and declares) June 28, 1996: values are compared
    # with the June 28 column, the date disagreement fails on its own
    sub = read_submission(corpus("1_0000320193_10-Q_19960628.txt"))
    st = extract_statements(sub)
    assert st["balance_sheet"].columns[0].period_end == date(1996, 6, 28)
    checks = {c.name: c for c in reconcile(st, parse_schedules(sub)) if c.name.startswith("fds.total_assets")}
    assert checks["fds.total_assets.period"].status == "fail"
    assert checks["fds.total_assets"].status == "pass" and checks["fds.total_assets"].actual == 5_345_000_000
    # EX-27 "6-MOS" to 1997-06-27; the statement prints three and nine months
    sub = read_submission(corpus("1_0000320193_10-Q_19970627.txt"))
    fails = [c for c in reconcile(extract_statements(sub), parse_schedules(sub)) if c.status == "fail"]
    assert any(c.name == "fds.total_revenues.period" and "9 months" in c.detail for c in fails)


def test_statements_incorporated_by_reference() -> None:
    st = _extract("1_0000068505_10-K_19971231.txt")
    assert len(st) == 0
    assert "incorporates the financial statements by reference" in (st.reason("balance_sheet") or "")


def test_statements_incorporated_by_reference_across_html_markup_ibm_10k_2024() -> None:
    """IBM's 2024 10-K (inline XBRL, its annual report not attached): "Item 8. Financial Statements
    and Supplementary Data: Refer to pages 46 through 121 of IBM&#8217;s 2024 Annual Report to
    Stockholders, which are incorporated herein by reference", over spans and entities."""
    st = _extract("3_0000051143_10-K_20241231.htm")
    assert len(st) == 0
    for kind in ("balance_sheet", "income_statement", "cash_flow"):
        assert st.reason(kind) == "not in this filing: Item 8 incorporates the financial statements by reference"


def test_item_8_found_where_the_pattern_finds_it() -> None:
    """`_item_8_starts` (str.find for "item", then the pattern there) gives finditer's starts:
    every spelling case, markup between the words, a tag holding "item" inside a match (skipped,
    as finditer does not overlap), and non-ASCII text, where re.I also takes a dotless i."""
    from edgarliq.statements.extract import _ITEM_8_RE, _item_8_starts

    texts = [
        "ITEM 8. FINANCIAL STATEMENTS ... Item&#160;8 ... <b>Item</b> 8 ... subitem 8 ... item 80 ... iTeM\n 8",
        '<p>Item <span class="item">8</span></p> item <i class="item"> item 8',
        "\u0131tem 8 and item 8 and \u0130tem 8",
        "no such heading here",
    ]
    for text in texts:
        assert _item_8_starts(text) == [m.start() for m in _ITEM_8_RE.finditer(text)], text
    assert _item_8_starts(texts[0]) == [0, 33, 52, 93]
    assert _item_8_starts(texts[1]) == [3, 62]
    assert _item_8_starts(texts[2]) == [0, 11, 22]


def test_unit_source_says_where_the_unit_came_from(seed: Statements) -> None:
    # the seed's income statement prints no "(in thousands)": it shares its siblings' unit, and says so
    assert (seed["balance_sheet"].unit, seed["balance_sheet"].unit_source) == (1000, "printed")
    assert (seed["income_statement"].unit, seed["income_statement"].unit_source) == (1000, "shared")
    assert seed["income_statement"].to_dict()["unit_source"] == "shared"


def test_a_sentence_is_no_title_and_footnote_marks_are_no_column() -> None:
    """Motorola's 1996 10-K/A: the prose line "1995 income statement recognition. The Company and
    its auditors believed that" is no income statement title (its block was the five-year
    summary); the statement printed under "STATEMENTS OF CONSOLIDATED EARNINGS" marks three rows
    "(3)" one space after their labels, footnote references that read as values of -3 made a
    fourth column dated 1996 twice."""
    inc = _extract("1_0000068505_10-K-A_19961231.txt")["income_statement"]
    assert (inc.title, inc.source_line) == ("STATEMENTS OF CONSOLIDATED EARNINGS", 1334)
    assert [c.period_end for c in inc.columns] == [date(1996, 12, 31), date(1995, 12, 31), date(1994, 12, 31)]
    assert inc.value("revenue", 0) == 27_973_000_000
    assert inc.value("pretax_income", 1) == 3_225_000_000
    assert inc.value("net_income", 0) == 1_154_000_000
    row = next(r for r in inc.rows if r.concept == "pretax_income")
    assert row.label == "Earnings before income taxes (3)"


def test_a_small_value_one_space_after_its_label_stays_a_value() -> None:
    # Xerox's cash flows: "Undistributed equity in income of affiliated companies (9)         (23)",
    # the 9 right-aligned under its column like the figures above it
    cf = _extract("1_0000108772_10-Q_19980331.txt")["cash_flow"]
    row = next(r for r in cf.rows if r.label == "Undistributed equity in income of affiliated companies")
    assert row.values == (-9_000_000, -23_000_000)


def test_a_bare_total_closes_the_assets_and_the_liabilities_sides() -> None:
    # AMD's 10-K/A with the FASL joint venture's statements: "TOTAL" under the assets (after
    # "Other assets") and again under the stockholders' equity, the balance sheet's two totals
    bs = _extract("1_0000002488_10-K-A_19981227.txt")["balance_sheet"]
    assert [c.period_end for c in bs.columns] == [date(1999, 3, 31), date(1998, 3, 31)]
    assert bs.value("total_assets", 0) == 713_148_000
    assert bs.value("total_assets", 1) == 747_026_000
    assert bs.value("total_liabilities_and_equity", 0) == 713_148_000
    assert bs.value("total_current_assets", 0) == 128_884_000
    assert bs.value("total_equity", 1) == 411_530_000


def test_a_heading_printed_over_lines_is_one_heading() -> None:
    # Xerox's 1997 annual report: "Adjustments required to reconcile" / "income to cash flows from
    # operating" / "activities:" is one heading, so the bare "Total" closing the section is the
    # operating subtotal
    cf = _extract("1_0000108772_10-K_19971231.txt")["cash_flow"]
    headings = [r.label for r in cf.rows if r.values == (None, None, None) or not any(v is not None for v in r.values)]
    assert "Adjustments required to reconcile income to cash flows from operating activities:" in headings
    assert cf.value("net_cash_operating", 0) == 472_000_000
    assert cf.value("net_cash_operating", 2) == 599_000_000
    assert cf.value("net_cash_investing", 0) == -1_459_000_000


def test_share_counts_and_years_in_label_text_are_no_values() -> None:
    """Bristol-Myers Squibb's 1996 10-Q: "Less cost of treasury stock - 37,302,343" / "common shares
    in 1996 and 34,953,311" / "in 1995    2,417    2,197": the hyphen and the share count after it
    are label text (read as a dash cell they made a column of their own, far left, that cut
    every long label), and so is a year one space after a label's words (its 10-K's "... in 1993"
    was a value of 1,993 million)."""
    bs = _extract("1_0000014272_10-Q_19960331.txt")["balance_sheet"]
    assert bs.value("treasury_stock", 0) == 2_417_000_000
    assert bs.value("treasury_stock", 1) == 2_197_000_000
    row = next(r for r in bs.rows if r.concept == "goodwill")
    assert row.label == "Excess of cost over net tangible assets received in business acquisitions"
    assert row.values == (1_419_000_000, 1_219_000_000)
    bs = _extract("1_0000014272_10-K_19941231.txt")["balance_sheet"]
    assert [c.period_end.year for c in bs.columns] == [1994, 1993, 1992]
    assert bs.value("treasury_stock", 0) == 2_046_000_000
    assert bs.value("treasury_stock", 2) == 1_029_000_000
    assert bs.value("common_stock", 0) == 54_000_000
    # IBM's 1995 10-K: "1995 - 569,384,029; 1994 - 584,958,699; 1993 - 573,239,240" is a line of
    # text (it gave shares of 1993, 0 and 573,239,240)
    inc = _extract("1_0000051143_10-K405_19951231.txt")["income_statement"]
    assert inc.value("shares_basic", 0) is None
    assert inc.value("eps_basic", 0) == 7.23


def test_a_number_ending_a_label_line_off_every_column_is_label_text() -> None:
    # Intel's 1993 10-K: "Accounts receivable, net of allowance for doubtful accounts of $22" /
    # "($26 in 1992)   1,448   1,069": the $22 allowance was read as the receivables
    bs = _extract("1_0000050863_10-K_19931225.txt")["balance_sheet"]
    assert bs.value("receivables", 0) == 1_448_000_000
    assert bs.value("receivables", 1) == 1_069_000_000
    # AMD's 1997 10-K: "Common stock, par value $0.01; 250,000,000" / "shares authorized; ..." /
    # "1996....   1,428   1,380": the share count was a row of 250 billion dollars
    bs = _extract("1_0000002488_10-K405_19971228.txt")["balance_sheet"]
    row = next(r for r in bs.rows if r.concept == "common_stock")
    assert row.values == (1_428_000, 1_380_000) and "250,000,000 shares authorized" in row.label
    assert not any(v is not None and v > 1e11 for r in bs.rows for v in r.values)


def test_leader_dots_end_an_item_printed_without_values() -> None:
    # Akamai's 1999 10-K: the preferred stock item ends "... at December 31, 1999......" with no
    # figures, over "Common stock, $0.01 par value; 300,000,000 shares" ... "346   925"
    bs = _extract("1_0001086222_10-K405_19991231.txt")["balance_sheet"]
    pref = next(r for r in bs.rows if r.label.startswith("Preferred stock, $0.01 par value"))
    assert pref.values == (None, None)
    common = next(r for r in bs.rows if r.concept == "common_stock")
    assert common.label.startswith("Common stock, $0.01 par value; 300,000,000 shares")
    assert common.values == (346_000, 925_000)


def test_share_counts_after_a_dash_in_a_label_are_no_values() -> None:
    # Amazon's 1999 10-K: "Authorized shares -- 1,500,000" is a line of text (it read as a dash,
    # zero, and 1.5 billion dollars); the par value amount is on the issued shares' line
    bs = _extract("1_0001018724_10-K_19991231.txt")["balance_sheet"]
    auth = [r for r in bs.rows if r.label.startswith("Authorized shares")]
    assert [r.label for r in auth] == ["Authorized shares -- 150,000", "Authorized shares -- 1,500,000"]
    assert all(r.values == (None, None) for r in auth)
    issued = next(r for r in bs.rows if r.label.startswith("Issued and outstanding shares -- 345,155"))
    assert issued.values == (3_452_000, 3_186_000)
    assert bs.value("total_equity", 0) == 266_278_000


def test_basic_and_diluted_under_a_share_count_heading_are_the_share_counts() -> None:
    # Xilinx's 10-Q for 1999-01-02: "Shares used in per share calculations:  (1)" / "Basic ...
    # 143,820 ..." / "Diluted ... 151,163 ...": the footnote mark is the heading's (it was a share
    # count of -1), the sub-heads are the two counts (they were left unnamed)
    inc = _extract("1_0000743988_10-Q_19990102.txt")["income_statement"]
    assert [r.values for r in inc.rows if r.concept == "shares_basic"] == [(143_820, 148_392, 144_443, 147_742)]
    assert [r.values for r in inc.rows if r.concept == "shares_diluted"] == [(151_163, 158_496, 151_533, 161_326)]
    assert inc.value("eps_basic", 0) == 0.24 and inc.value("eps_diluted", 0) == 0.22


def test_eps_is_that_of_net_income_in_its_section() -> None:
    # AMD's 10-Q for 2000-10-01: "Basic:" / "Income before extraordinary item 1.38" /
    # "Extraordinary item 0.07" / "Net income (loss) 1.31", then the same under "Diluted:"
    inc = _extract("1_0000002488_10-Q_20001001.txt")["income_statement"]
    assert inc.value("eps_basic", 0) == 1.31 and inc.value("eps_diluted", 0) == 1.18
    assert inc.value("eps_basic", 2) == 2.61 and inc.value("eps_diluted", 2) == 2.36
    # Apple's 2002 10-K: EPS "before accounting change" is printed above the net EPS (-0.11 / -0.07)
    inc = _extract("2_0000320193_10-K_20020928.txt")["income_statement"]
    assert inc.value("eps_basic", 1) == -0.07 and inc.value("eps_diluted", 1) == -0.07
    # Microsoft's 10-Q for 2000-09-30: the net EPS is the unlabelled line under the cumulative effect
    inc = _extract("1_0000789019_10-Q_20000930.txt")["income_statement"]
    assert inc.value("eps_basic", 1) == 0.42 and inc.value("eps_diluted", 1) == 0.40
    # a pro forma figure is no EPS ("Basic and diluted net loss per share:" / "Historical" / "Pro forma")
    inc = _extract("1_0001014473_10-Q_19980331.txt")["income_statement"]
    assert inc.value("eps_basic", 0) == -0.32


def test_a_statement_printing_no_unit_takes_the_ex27_unit() -> None:
    """Xilinx's 10-K for fiscal 1996 prints no "(in thousands)" over any statement (only its
    selected financial data says so); its EX-27 (MULTIPLIER 1,000) gives the same digits times
    1,000 for all six key figures, so the statements are in thousands, and say where that came from."""
    from edgarliq.pipeline import analyze

    a = analyze(corpus("1_0000743988_10-K_19960330.txt"))
    bs, inc = a.statements["balance_sheet"], a.statements["income_statement"]
    assert (bs.unit, bs.unit_source) == (1000, "schedule")
    assert (a.statements["cash_flow"].unit, a.statements["cash_flow"].unit_source) == (1000, "schedule")
    assert bs.lookup("total_assets", date(1996, 3, 30)) == 720_880_000
    assert bs.lookup("total_current_liabilities", date(1996, 3, 30)) == 102_636_000
    assert inc.lookup("revenue", date(1996, 3, 30), 12) == 560_802_000
    assert inc.lookup("net_income", date(1995, 3, 31), 12) == 59_278_000
    assert inc.lookup("eps_basic", date(1996, 3, 30), 12) == 1.28  # per share: never scaled
    assert inc.lookup("shares_basic", date(1996, 3, 30), 12) == 78_955  # share counts: as printed
    checks = {c.name: c for c in a.checks}
    assert checks["balance_sheet.unit"].status == "pass"
    assert "EX-27" in checks["balance_sheet.unit"].detail
    assert checks["fds.total_assets"].status == "pass"
    # without the schedule, the prose's amounts in words say the same (and would be the source)
    alone = extract_statements(read_submission(corpus("1_0000743988_10-K_19960330.txt")))
    assert (alone["balance_sheet"].unit, alone["balance_sheet"].unit_source) == (1000, "prose")
    assert alone["balance_sheet"].value("total_assets", 0) == 720_880_000


def test_an_ex27_of_multiplier_one_or_that_disagrees_sets_no_unit() -> None:
    """Citrix (877890) prints whole dollars and its EX-27 has multiplier 1: nothing to adopt from
    it; its prose's amounts ("$75 million" ...) are printed figures at unit 1, which is confirmed
    (`prose`), not assumed. Xilinx's schedule with one of its six figures
    changed still agrees on 1,000 five times; with three changed, or one that fits another unit
    (720,880,000 thousand for the printed 720,880: a million, not a thousand), no unit is taken from it."""
    from edgarliq.fds import parse_schedules
    from edgarliq.pipeline import analyze
    from edgarliq.statements.finish import schedule_unit

    a = analyze(corpus("1_0000877890_10-K_19961231.txt"))
    assert {(st.unit, st.unit_source) for st in a.statements.values()} == {(1, "prose")}
    assert "balance_sheet.unit" in {c.name for c in a.checks if c.status == "pass"}

    raw = corpus("1_0000743988_10-K_19960330.txt").read_bytes()
    sub = read_submission(raw)
    # the statements as printed (unit 1): the prose's amounts in words, which would give the unit,
    # taken out ("$4.2 million" -> "$4.2")
    printed = extract_statements(read_submission(raw.replace(b" million", b"").replace(b" billion", b"")))
    assert {st.unit_source for st in printed.values()} == {"assumed"}
    schedules = parse_schedules(sub)
    assert schedule_unit(dict(printed.items()), schedules) == (1000, 6)
    tag = b"<TOTAL-ASSETS>" + b" " * 33
    one_off = read_submission(raw.replace(tag + b"720,880", tag + b"720,999"))
    assert schedule_unit(dict(printed.items()), parse_schedules(one_off)) == (1000, 5)
    other_unit = read_submission(raw.replace(tag + b"720,880", tag + b"720,880,000"))
    assert schedule_unit(dict(printed.items()), parse_schedules(other_unit)) is None
    changed = raw
    for name in (b"TOTAL-ASSETS", b"CURRENT-ASSETS", b"TOTAL-REVENUES"):
        k = changed.index(b"<" + name + b">")
        e = changed.index(b"\n", k)
        changed = changed[:k] + changed[k:e].rstrip(b"0123456789,") + b"9" + changed[e:]
    three_off = read_submission(changed)
    assert schedule_unit(dict(printed.items()), parse_schedules(three_off)) is None


def test_a_balance_sheet_printed_without_its_title() -> None:
    """AMD's 1998 annual report (EX-13 of its 10-K) lost the balance sheet's title: the page begins
    with "December 27, 1998 and December 28, 1997" / "(Thousands except ...)  1998  1997", then
    "ASSETS". The untitled table is read, says it has no title, and the date line is no row."""
    st = _extract("1_0000002488_10-K_19981227.txt")
    bs = st["balance_sheet"]
    assert bs.title == "(no title printed)"
    assert [c.period_end for c in bs.columns] == [date(1998, 12, 27), date(1997, 12, 28)]
    assert bs.value("total_assets", 0) == 4_252_968_000
    assert bs.value("total_current_assets", 0) == 1_562_027_000
    assert bs.value("total_current_liabilities", 1) == 726_770_000
    assert bs.value("total_equity", 0) == 2_005_049_000
    assert bs.value("total_liabilities_and_equity", 1) == 3_515_271_000
    assert bs.rows[0].label == "ASSETS"
    # its printed date of the 1997 year end (December 28) dates the other statements' 1997 columns
    assert st["income_statement"].lookup("net_income", date(1997, 12, 28), 12) == -21_090_000


def test_header_words_are_no_heading_rows() -> None:
    """"(Unaudited)", "(Restated)" and a date printed over the columns are header lines, not
    section headings of the statement (Apple's 10-Q for December 1996)."""
    st = _extract("1_0000320193_10-Q_19961227.txt")
    labels = [r.label.lower() for s in st.values() for r in s.rows]
    assert not any("unaudited" in lab for lab in labels)
    assert st["balance_sheet"].rows[0].label == "Current assets:"


def test_the_statement_printing_the_period_of_report_wins_a_tie() -> None:
    """IBM's 10-Q for March 2000 attaches (EX-99) its 1999 income statements restated quarter by
    quarter; they recognise the same rows as the quarter's own statement, which prints the period
    of report and is the one taken."""
    inc = _extract("1_0000051143_10-Q_20000331.txt")["income_statement"]
    assert inc.source_document == "10-Q"
    assert [(c.period_end, c.months) for c in inc.columns] == [(date(2000, 3, 31), 3), (date(1999, 3, 31), 3)]
    assert inc.value("revenue", 0) == 19_348_000_000
    assert inc.value("net_income", 0) == 1_519_000_000


def test_a_unit_caption_after_the_figures_starts_another_table() -> None:
    """Altera's "CONSOLIDATED STATEMENTS OF OPERATIONS AND STOCKHOLDERS' EQUITY" (10-K 1997) prints
    the equity table after the income statement under its own "(IN THOUSANDS)" caption, in other
    columns: it is not part of the income statement (its year-end rows made a far-left column that
    cut every label at 20 characters, and pre-tax income went unrecognised)."""
    inc = _extract("1_0000768251_10-K405_19971231.txt")["income_statement"]
    assert inc.lookup("pretax_income", date(1997, 12, 31), 12) == 229_571_000
    assert inc.row("pretax_income").label == ("Income before income taxes and cumulative effect of change in "
                                              "accounting principle")
    assert inc.lookup("net_income", date(1997, 12, 31), 12) == 133_453_000
    assert inc.lookup("eps_basic", date(1997, 12, 31), 12) == 1.51
    assert not any(r.label.startswith("Balance, December 31") for r in inc.rows)
    # a balance sheet repeating its unit over the liabilities half (before any of their figures)
    # goes on: Altera 1995, "LIABILITIES & SHAREHOLDERS' EQUITY" / "(In thousands, except share amounts)"
    bs = _extract("1_0000768251_10-K405_19951231.txt")["balance_sheet"]
    assert bs.value("total_current_liabilities", 0) == 171_765_000
    assert bs.value("total_liabilities_and_equity", 0) == 715_554_000


def test_a_parenthesis_apart_from_its_figure_and_share_counts_in_millions() -> None:
    """Motorola's 10-Q for the quarter to October 2, 1999 prints "Basic  $ .14  $ .05  $ .77
    $( 1.87)": the space inside "$( 1.87)" made the whole line a label, so the EPS rows had no
    figures and the share counts under "Weighted average common shares" / "outstanding" ("Basic
    608.2", in millions) were read as an EPS of 608.2."""
    inc = _extract("1_0000068505_10-Q_19991002.txt")["income_statement"]
    assert inc.lookup("eps_basic", date(1999, 10, 2), 3) == 0.14
    assert inc.lookup("eps_basic", date(1998, 9, 27), 9) == -1.87
    assert inc.lookup("eps_diluted", date(1999, 10, 2), 9) == 0.75
    assert inc.lookup("shares_basic", date(1999, 10, 2), 3) == 608.2  # as printed (millions)
    assert inc.lookup("shares_diluted", date(1999, 10, 2), 9) == 621.4
    # Autodesk's "( .29)"
    assert _extract("1_0000769397_10-Q_19990430.txt")["income_statement"].row("eps_diluted").values[0] == -0.29


def test_a_figure_broken_before_its_decimal_point() -> None:
    """Citrix's 10-K for 1997 prints "Basic earnings per share.... $      1 .01 $     0 .50":
    one figure each, not "1" and ".01" (which gave an EPS of 0 for 1.01)."""
    inc = _extract("1_0000877890_10-K_19971231.txt")["income_statement"]
    assert inc.row("eps_basic").values == (1.01, 0.5, 0.07)
    assert inc.row("eps_diluted").values == (0.95, 0.46, 0.06)


def test_a_label_indented_under_its_first_line_is_one_label() -> None:
    """IBM's 1993 annual report prints "(Loss) Earnings before Income" over "     Taxes   (8,797)
    (9,026)   (118)": the second line, indented under the first, ends the label; the two name the
    pre-tax result, which neither names alone (before, "Taxes" was a row of its own under a
    heading, and the pre-tax loss was missing). Intel's 10-Q for June 1999 likewise: "Purchase of
    Chips and Technologies, Inc., net of cash acquired, and Digital" / "  Equipment Corporation
    semiconductor operations  --  (946)" is one acquisitions row."""
    inc = _extract("1_0000051143_10-K_19931231.txt")["income_statement"]
    row = inc.row("pretax_income")
    assert row.label == "(Loss) Earnings before Income Taxes"
    assert row.values == (-8_797_000_000, -9_026_000_000, -118_000_000)
    assert inc.row("income_tax").values == (-810_000_000, -2_161_000_000, 716_000_000)
    cf = _extract("1_0000050863_10-Q_19990626.txt")["cash_flow"]
    rows = [r for r in cf.rows if r.label.startswith("Purchase of Chips")]
    assert [r.label for r in rows] == ["Purchase of Chips and Technologies, Inc., net of cash acquired, and Digital "
                                       "Equipment Corporation semiconductor operations"]
    assert rows[0].values == (0, -946_000_000)
    assert not any(r.label.startswith("Equipment Corporation") for r in cf.rows)


def test_statements_in_dollars_confirmed_by_the_prose() -> None:
    """A 10-Q for September 1998 prints its statements in dollars ("$338,401,715") with no unit
    caption, and its EX-27 has no multiplier to say so; its prose's amounts ("$75 million", "$5.0
    million", "$40.4 million" ...) are printed figures at unit 1: the unit is confirmed, not assumed."""
    from edgarliq.reconcile import reconcile

    st = _extract("1_0000877890_10-Q_19980930.txt")
    bs = st["balance_sheet"]
    assert (bs.unit, bs.unit_source) == (1, "prose")
    assert bs.value("total_assets", 0) == 338_401_715
    assert [c.status for c in reconcile(st) if c.name.endswith(".unit")] == ["pass", "pass", "pass"]


def test_column_years_printed_again_among_the_rows_are_no_value_row() -> None:
    """Altera's 1995 annual report prints "LIABILITIES & SHAREHOLDERS' EQUITY  -----December 31-----"
    / "(In thousands, except share amounts)  1995  1994" over the liabilities half, and Bristol-Myers
    Squibb's 1996 one "RETAINED EARNINGS" over the column years again: a heading, not a row worth
    1,995,000 and 1,994,000 (or $1,996 million for BMS's retained earnings)."""
    bs = _extract("1_0000768251_10-K405_19951231.txt")["balance_sheet"]
    heads = [r for r in bs.rows if r.label.startswith("LIABILITIES & SHAREHOLDERS")]
    assert [(r.label, r.values) for r in heads] == [("LIABILITIES & SHAREHOLDERS' EQUITY", (None, None))]
    assert bs.value("total_assets", 0) == bs.value("total_liabilities_and_equity", 0) == 715_554_000
    inc = _extract("1_0000014272_10-K_19961231.txt")["income_statement"]
    assert [(r.label, r.values) for r in inc.rows if r.label.startswith("RETAINED")] == [
        ("RETAINED EARNINGS", (None, None, None))]
    assert not any(v in (1_994_000_000, 1_995_000_000, 1_996_000_000) for r in inc.rows for v in r.values)


def test_a_columns_footnote_mark_under_its_date_is_header_xilinx_10q_1999() -> None:
    """Xilinx's 10-Q for October 1999 prints "(Unaudited)       (1)" under the column dates of its
    balance sheet (the mark refers the April column to the audited statements): header material,
    not a first row worth -1 thousand."""
    bs = _extract("1_0000743988_10-Q_19991002.txt")["balance_sheet"]
    assert bs.rows[0].label == "ASSETS" and bs.rows[0].values == (None, None)
    assert not any(r.label == "(Unaudited)" for r in bs.rows)
    assert [c.period_end for c in bs.columns] == [date(1999, 10, 2), date(1999, 4, 3)]
    assert bs.value("cash", 0) == 75_904_000 and bs.value("cash", 1) == 53_584_000


def test_a_label_line_reaching_into_the_columns_keeps_its_words() -> None:
    """A label line is cut where the columns begin, but not inside its own run of words. IBM's 1993
    cash flows print "Net cash (used in) provided from financing " / " activities  (1,914)  654
    1,368" beside a column widened by a later "$  5,861": cut inside "financing", the financing
    total was not recognised. Citrix's 10-Q for September 1998 prints its common stock's label over
    three lines, the first reaching into the columns: whole, the row is the common stock."""
    cf = _extract("1_0000051143_10-K_19931231.txt")["cash_flow"]
    row = cf.row("net_cash_financing")
    assert row.label == "Net cash (used in) provided from financing activities"
    assert row.values == (-1_914_000_000, 654_000_000, 1_368_000_000)
    bs = _extract("1_0000877890_10-Q_19980930.txt")["balance_sheet"]
    stock = bs.row("common_stock")
    assert stock.label.startswith("Common stock at $.001 par value--150,000,000 and 60,000,000 shares authorized;")
    assert stock.values == (42_432, 41_473)
    assert not any(r.label.startswith("September 30, 1998 and December 31, 1997") for r in bs.rows)


def test_a_bare_property_line_among_investing_items_is_capital_expenditure() -> None:
    """Xilinx's cash flows print the purchase of fixed assets as "Property, plant and equipment
    (17,287)" among the investing activities (10-Q for the six months to October 3, 1998)."""
    cf = _extract("1_0000743988_10-Q_19981003.txt")["cash_flow"]
    assert cf.lookup("capex", date(1998, 10, 3), 6) == -17_287_000
    assert cf.lookup("capex", date(1997, 9, 27), 6) == -10_556_000


def test_a_cash_flow_page_without_a_title_and_figures_cut_at_the_line_width() -> None:
    """Waste Management's 1993 annual report (EX-13.2) prints the financing section of its cash
    flows on a page of its own, under the column years only, no title; its lines are cut at 120
    characters, so the 1993 column's negative figures lost their closing parenthesis ("(280,858")."""
    cf = _extract("1_0000104938_10-K_19931231.txt")["cash_flow"]
    assert cf.lookup("net_cash_financing", date(1993, 12, 31), 12) == 1_105_823_000
    assert cf.lookup("dividends_paid", date(1993, 12, 31), 12) == -280_858_000
    assert cf.lookup("net_change_in_cash", date(1993, 12, 31), 12) == -6_473_000
    assert cf.lookup("cash_ending", date(1993, 12, 31), 12) == 0  # printed "$ --"
    assert cf.lookup("net_cash_operating", date(1992, 12, 31), 12) == 1_270_641_000


def test_a_misspelt_title_over_a_balance_sheet() -> None:
    """IBM's 1994 annual report heads its balance sheet "CONSOLIDATED STATEMENT OF FINANCIAL
    POSTION" (sic), which is no title; the only "titled" candidate was a sentence of the notes. The
    table, opening "Assets" under its header, is read, under the heading printed over it."""
    bs = _extract("1_0000051143_10-K_19941231.txt")["balance_sheet"]
    assert bs.title == "CONSOLIDATED STATEMENT OF FINANCIAL POSTION"
    assert bs.lookup("total_assets", date(1993, 12, 31)) == 81_113_000_000
    assert bs.lookup("total_current_assets", date(1993, 12, 31)) == 39_202_000_000
    assert bs.lookup("total_current_liabilities", date(1993, 12, 31)) == 33_150_000_000
    assert bs.lookup("total_current_assets", date(1994, 12, 31)) == 41_338_000_000


def test_cash_balances_named_by_date_and_a_staggered_column_header() -> None:
    """IBM's cash flows end "Cash and cash equivalents at January 1" / "... at September 30": the
    opening and closing balances (the day one space after "January" is the label's, not a value).
    Its balance sheet heads the second column "At December 31," on the line of the first column's
    "2000", under the first column's "At September 30,": that column is 1999-12-31, not 1999-09-30."""
    st = _extract("1_0000051143_10-Q_20000930.txt")
    cf, bs = st["cash_flow"], st["balance_sheet"]
    assert cf.row("cash_beginning").label == "Cash and cash equivalents at January 1"
    assert cf.lookup("cash_beginning", date(2000, 9, 30), 9) == 5_043_000_000
    assert cf.lookup("cash_ending", date(2000, 9, 30), 9) == 2_880_000_000
    assert [c.period_end for c in bs.columns] == [date(2000, 9, 30), date(1999, 12, 31)]
    assert bs.lookup("cash", date(1999, 12, 31)) == 5_043_000_000


def test_a_figure_glued_to_the_label_by_its_closing_parenthesis() -> None:
    """Apple's 10-K for 1996: "for doubtful accounts of $91($87 in 1995)1,496    1,931"."""
    bs = _extract("1_0000320193_10-K_19960927.txt")["balance_sheet"]
    assert bs.row("receivables").values == (1_496_000_000, 1_931_000_000)
    assert bs.row("receivables").label.endswith("of $91($87 in 1995)")


def test_a_cash_flow_under_a_wrong_title_or_none() -> None:
    """IBM's 1999 annual report heads its cash flows "consolidated statement of stockholders'
    equity" (the statement had been missing); its 1993 report prints them under no title (a
    garbled table of the notes had been taken). Both open "Cash flow from operating activities:"
    under the column years, and are read as untitled cash flows."""
    cf = _extract("1_0000051143_10-K405_19991231.txt")["cash_flow"]
    assert cf.title == "(no title printed)"
    assert cf.lookup("net_income", date(1999, 12, 31), 12) == 7_712_000_000
    assert cf.lookup("net_cash_investing", date(1999, 12, 31), 12) == -1_669_000_000
    assert cf.lookup("net_cash_financing", date(1998, 12, 31), 12) == -4_993_000_000
    assert cf.lookup("cash_ending", date(1999, 12, 31), 12) == 5_043_000_000
    old = _extract("1_0000051143_10-K_19931231.txt")["cash_flow"]
    assert [(c.period_end, c.months) for c in old.columns] == [
        (date(1993, 12, 31), 12), (date(1992, 12, 31), 12), (date(1991, 12, 31), 12)]
    assert old.lookup("net_income", date(1993, 12, 31), 12) == -8_101_000_000


def test_income_taxes_provided_on_earnings() -> None:
    """Motorola prints its tax charge as "INCOME TAXES PROVIDED ON EARNINGS" (10-K 1993)."""
    inc = _extract("1_0000068505_10-K_19931231.txt")["income_statement"]
    assert inc.row("income_tax").values == (503_000_000, 224_000_000, 159_000_000)


@pytest.mark.parametrize(("line", "kind"), [
    ("CONSOLIDATED BALANCE SHEETS", "balance_sheet"),
    ("CONSOLIDATED STATEMENTS OF FINANCIAL CONDITION", "balance_sheet"),
    ("CONSOLIDATED STATEMENTS OF CONDITION", "balance_sheet"),  # banks
    ("STATEMENT OF ASSETS AND LIABILITIES", "balance_sheet"),  # funds, partnerships
    ("STATEMENTS OF NET ASSETS AND LIABILITIES", "balance_sheet"),
    ("STATEMENTS OF CONSOLIDATED OPERATIONS", "income_statement"),
    ("CONSOLIDATED STATEMENTS OF REVENUES AND EXPENSES", "income_statement"),  # REITs, partnerships
    ("Statements of Revenue and Expenses", "income_statement"),
    ("CONSOLIDATED CASH FLOW STATEMENTS", "cash_flow"),
    ("Statement of Position 98-1", None),  # an AICPA pronouncement, no statement
    ("the statement of condition of the property", None),
])
def test_title_names(line: str, kind: str | None) -> None:
    from edgarliq.statements.titles import title_kind

    tk = title_kind("                 " + line)
    assert (tk[0] if tk else None) == kind
