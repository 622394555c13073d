"""Statements as the printed tables of inline XBRL filings: every printed row, its label and order;
amounts from the facts in the cells (scale and sign applied); predecessor and successor columns.

Figures are those the filings print (Apple's, NVIDIA's 10-Q read off the printed statements, row by
row) and those of a constructed filing (fixtures/ixbrl/successor.htm) whose every value is below.
"""

from __future__ import annotations

import re
import time
from datetime import date

import pytest
from paths import ROOT, corpus, corpus_ixbrl_statements

from edgarliq.model import Statement
from edgarliq.submission import read_submission
from edgarliq.tables.ixbrl import extract_ixbrl_statements, fact_value, parse_ixbrl

M = 1_000_000
SUCCESSOR = ROOT / "fixtures" / "ixbrl" / "successor.htm"
EDGE = ROOT / "fixtures" / "ixbrl" / "edge_cases.htm"


_statements = corpus_ixbrl_statements


def _table(st: Statement) -> list[tuple[str, str | None, tuple[float | None, ...]]]:
    return [(r.label, r.concept, r.values) for r in st.rows]


# ---------------------------------------------------------------------------------------------
# The fact reader: bounds (issue 11 item 1), continuation


@pytest.mark.parametrize("scale", ["1000000", "-1000000", "13", "-13", "99999999999999999999"])
def test_fact_value_scale_beyond_bound_is_none_not_overflow(scale: str) -> None:
    assert fact_value("1,234", "ixt:num-dot-decimal", scale, None) is None


def test_fact_value_scale_at_bound() -> None:
    assert fact_value("1", "ixt:num-dot-decimal", "12", None) == 1e12
    assert fact_value("5", None, "-6", "-") == -0.000005


def _snippet(facts: str) -> str:
    return ('<html xmlns="http://www.w3.org/1999/xhtml" xmlns:ix="http://www.xbrl.org/2013/inlineXBRL" '
            'xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:us-gaap="http://fasb.org/us-gaap/2024">'
            '<body><ix:header><ix:resources><xbrli:context id="c"><xbrli:entity><xbrli:identifier scheme="x">1'
            '</xbrli:identifier></xbrli:entity><xbrli:period><xbrli:instant>2025-06-30</xbrli:instant>'
            '</xbrli:period></xbrli:context><xbrli:unit id="usd"><xbrli:measure>iso4217:USD</xbrli:measure>'
            '</xbrli:unit></ix:resources></ix:header><table><tr><td>Total assets</td><td>'
            + facts + '</td></tr></table></body></html>')


def test_hostile_scale_and_digits_are_left_out_with_a_warning() -> None:
    big = "9" * 400
    doc = parse_ixbrl(_snippet(
        '<ix:nonFraction name="us-gaap:Assets" contextRef="c" unitRef="usd" scale="1000000">1</ix:nonFraction>'
        f'<ix:nonFraction name="us-gaap:Liabilities" contextRef="c" unitRef="usd" scale="0">{big}</ix:nonFraction>'
        '<ix:nonFraction name="us-gaap:AssetsCurrent" contextRef="c" unitRef="usd" scale="6">7</ix:nonFraction>'))
    assert doc is not None
    assert [(f.name, f.value) for f in doc.facts] == [("AssetsCurrent", 7_000_000)]
    assert len(doc.warnings) == 2
    assert "us-gaap:Assets" in doc.warnings[0] and "scale 1000000 is beyond +/-12" in doc.warnings[0]
    assert "us-gaap:Liabilities" in doc.warnings[1] and "400 digits" in doc.warnings[1]


def test_continuation_joins_a_cover_fact() -> None:
    doc = parse_ixbrl(SUCCESSOR.read_text(encoding="ascii"))
    assert doc is not None
    # "June 30," continued at <ix:continuation id="cont1">2025</ix:continuation>
    assert doc.period_end == date(2025, 6, 30)
    assert doc.document_type == "10-Q"


def test_cover_only_tags_are_cheap_and_give_none() -> None:
    """IBM's 10-K tags only its Schedule II and cover: no statement, and no full parse to learn it."""
    text = corpus("3_0000051143_10-K_20241231.htm").read_text(encoding="utf-8")
    assert parse_ixbrl(text) is not None  # it has facts ...
    assert extract_ixbrl_statements(text) is None  # ... but none the statements are made of
    best = min(_timed(text) for _ in range(3))
    assert best < 0.03, f"{best:.3f}s"  # ~2 ms measured (76-102 ms before)


def _timed(text: str) -> float:
    t = time.perf_counter()
    extract_ixbrl_statements(text)
    return time.perf_counter() - t


# ---------------------------------------------------------------------------------------------
# A constructed 10-Q with successor and predecessor periods (fixtures/ixbrl/successor.htm)


@pytest.fixture(scope="module")
def successor() -> dict[str, Statement]:
    out = extract_ixbrl_statements(SUCCESSOR.read_text(encoding="ascii"))
    assert out is not None
    return out


def test_successor_income_statement_columns(successor: dict[str, Statement]) -> None:
    inc = successor["income_statement"]
    # two successor periods end on 30 June 2025 (the quarter, and the period since emergence): apart
    assert [(c.period_end, c.months) for c in inc.columns] == [
        (date(2025, 6, 30), 3), (date(2025, 6, 30), 5), (date(2025, 1, 31), 1),
        (date(2024, 6, 30), 3), (date(2024, 6, 30), 6)]
    assert [c.header for c in inc.columns] == [
        "Successor: Three months ended June 30, 2025",
        "Successor: Period from February 1, 2025 to June 30, 2025",
        "Predecessor: Period from January 1, 2025 to January 31, 2025",
        "Predecessor: Three months ended June 30, 2024",
        "Predecessor: Six months ended June 30, 2024"]


def test_successor_income_statement_every_figure(successor: dict[str, Statement]) -> None:
    inc = successor["income_statement"]
    k = 1000
    assert _table(inc) == [
        ("Revenues", "revenue", (1_500 * k, 2_400 * k, 420 * k, 1_300 * k, 2_700 * k)),
        ("Cost of revenues", "cost_of_revenue", (1_100 * k, 1_800 * k, 330 * k, 950 * k, 1_950 * k)),
        # sign="-" in parentheses; ixt:fixed-zero
        ("Operating income (loss)", "operating_income", (-40 * k, 60 * k, 0, 150 * k, 310 * k)),
        # an element the concept map does not know is still a printed row; its untagged dashes are 0
        ("Reorganization items, net", None, (0, 0, 7_250 * k, 0, 0)),
        ("Interest expense", "interest_expense", (25 * k, 41 * k, 30 * k, 88 * k, 175 * k)),
        ("Net income (loss)", "net_income", (-65 * k, 19 * k, 7_220 * k, 62 * k, 135 * k)),
        # ixt:num-comma-decimal "0,19"; legacy ixt:numdotdecimal "72.20"
        ("Earnings (loss) per share, basic and diluted", "eps_basic", (-0.65, 0.19, 72.2, 0.62, 1.35)),
        ("Earnings per share basic and diluted", "eps_diluted", (-0.65, 0.19, 72.2, 0.62, 1.35)),
        # scale="1000000" left out (None, never an overflow); ixt-sec:numwordsen "one hundred" x 10^3;
        # an untagged printed 100 takes the table's scale
        ("Weighted average shares", "shares_basic", (None, 100 * k, 100 * k, 100 * k, 100 * k)),
    ]
    reorg = inc.rows[3]
    assert reorg.derived is not None and "printed number without an inline XBRL tag" in reorg.derived
    shares = inc.rows[-1]
    assert shares.derived is not None and ("us-gaap:WeightedAverageNumberOfSharesOutstandingBasic in context sq left"
                                           " out: scale 1000000 is beyond +/-12") in shares.derived
    assert inc.rows[7].derived is not None and "already names another concept" in inc.rows[7].derived


def test_successor_balance_sheet(successor: dict[str, Statement]) -> None:
    bs = successor["balance_sheet"]
    assert [(c.period_end, c.header) for c in bs.columns] == [
        (date(2025, 6, 30), "Successor: June 30, 2025"), (date(2024, 12, 31), "Predecessor: December 31, 2024")]
    k = 1000
    assert _table(bs) == [
        ("ASSETS", None, (None, None)),
        ("Cash and cash equivalents", "cash", (210 * k, 95 * k)),
        ("Total current assets", "total_current_assets", (880 * k, 640 * k)),
        ("Fresh-start goodwill", "goodwill", (1_020 * k, 0)),
        ("Total assets", "total_assets", (4_100 * k, 3_050 * k)),
        ("Liabilities subject to compromise", None, (0, 5_400 * k)),  # ixt:zerodash
        ("Total current liabilities", "total_current_liabilities", (700 * k, 2_900 * k)),
        ("Total equity (deficit)", "total_equity", (2_300 * k, -6_050 * k)),
        ("Total liabilities and equity", "total_liabilities_and_equity", (4_100 * k, 3_050 * k)),
    ]
    # indents as printed: padding-left 10pt and 20pt under the unindented heading
    assert [r.level for r in bs.rows[:4]] == [0, 1, 2, 1]


def test_successor_cash_flow(successor: dict[str, Statement]) -> None:
    cf = successor["cash_flow"]
    assert [(c.period_end, c.months) for c in cf.columns] == [
        (date(2025, 6, 30), 5), (date(2025, 1, 31), 1), (date(2024, 6, 30), 6)]
    k = 1000
    assert _table(cf) == [
        ("Net income (loss)", "net_income", (19 * k, 7_220 * k, 135 * k)),
        ("Reorganization items, net", None, (0, -7_250 * k, 0)),
        ("Net cash provided by operating activities", "net_cash_operating", (140 * k, 35 * k, 260 * k)),
        ("Capital expenditures", "capex", (-30 * k, -9 * k, -50 * k)),
        ("Net cash used in financing activities", "net_cash_financing", (-5 * k, -11 * k, -70 * k)),
        # opening balances: the instant the day before each period starts (31 January for the successor)
        ("Cash at beginning of period", "cash_beginning", (105 * k, 95 * k, 80 * k)),
        ("Cash at end of period", "cash_ending", (210 * k, 105 * k, 220 * k)),
    ]


def test_edge_printed_rows_keep_other_currency_and_nil_lines_without_values() -> None:
    out = extract_ixbrl_statements(EDGE.read_text(encoding="utf-8"))
    assert out is not None
    rows = {r.label: r for r in out["balance_sheet"].rows}
    euro = rows["Total assets, in euro (another currency: ignored)"]
    assert euro.values == (None, None) and euro.concept is None
    assert euro.derived == "amounts in EUR, not the statement's USD: left out"
    assert rows["Commitments and contingencies"].values == (None, None)  # xsi:nil
    assert rows["Current portion of long-term debt"].values == (25_000, 30_000)


# ---------------------------------------------------------------------------------------------
# Apple's 10-Q for the quarter ended 28 June 2025: every printed row, label and order
# (read off the printed statements; the lines the extractor adds carry `derived`)

APPLE_BALANCE_SHEET = [
    ('ASSETS:', None, (None, None)),
    ('Current assets:', None, (None, None)),
    ('Cash and cash equivalents', 'cash', (36_269 * M, 29_943 * M)),
    ('Marketable securities', 'short_term_investments', (19_103 * M, 35_228 * M)),
    ('Accounts receivable, net', 'receivables', (27_557 * M, 33_410 * M)),
    ('Vendor non-trade receivables', None, (19_278 * M, 32_833 * M)),
    ('Inventories', 'inventory', (5_925 * M, 7_286 * M)),
    ('Other current assets', 'other_current_assets', (14_359 * M, 14_287 * M)),
    ('Total current assets', 'total_current_assets', (122_491 * M, 152_987 * M)),
    ('Non-current assets:', None, (None, None)),
    ('Marketable securities', None, (77_614 * M, 91_479 * M)),
    ('Property, plant and equipment, net', 'ppe_net', (48_508 * M, 45_680 * M)),
    ('Other non-current assets', None, (82_882 * M, 74_834 * M)),
    ('Total non-current assets', None, (209_004 * M, 211_993 * M)),
    ('Total assets', 'total_assets', (331_495 * M, 364_980 * M)),
    ('LIABILITIES AND SHAREHOLDERS’ EQUITY:', None, (None, None)),
    ('Current liabilities:', None, (None, None)),
    ('Accounts payable', 'accounts_payable', (50_374 * M, 68_960 * M)),
    ('Other current liabilities', None, (62_499 * M, 78_304 * M)),
    ('Deferred revenue', None, (8_979 * M, 8_249 * M)),
    ('Commercial paper', None, (9_923 * M, 9_967 * M)),
    ('Term debt', None, (9_345 * M, 10_912 * M)),
    ('Short term debt', 'short_term_debt', (19_268 * M, 20_879 * M)),
    ('Total current liabilities', 'total_current_liabilities', (141_120 * M, 176_392 * M)),
    ('Non-current liabilities:', None, (None, None)),
    ('Term debt', 'long_term_debt', (82_430 * M, 85_750 * M)),
    ('Other non-current liabilities', None, (42_115 * M, 45_888 * M)),
    ('Total non-current liabilities', None, (124_545 * M, 131_638 * M)),
    ('Total liabilities', 'total_liabilities', (265_665 * M, 308_030 * M)),
    ('Commitments and contingencies', None, (None, None)),
    ('Shareholders’ equity:', None, (None, None)),
    ('Common stock and additional paid-in capital, $0.00001 par value: '
     '50,400,000 shares authorized; 14,856,722 and 15,116,786 shares issued and outstanding, '
     'respectively', 'common_stock', (89_806 * M, 83_276 * M)),
    ('Accumulated deficit', 'retained_earnings', (-17_607 * M, -19_154 * M)),
    ('Accumulated other comprehensive loss', None, (-6_369 * M, -7_172 * M)),
    ('Total shareholders’ equity', 'total_equity', (65_830 * M, 56_950 * M)),
    ('Total liabilities and shareholders’ equity', 'total_liabilities_and_equity', (331_495 * M, 364_980 * M)),
    ('Property plant and equipment gross', 'ppe_gross', (124_311 * M, 119_128 * M)),
]
APPLE_INCOME_STATEMENT = [
    ('Net sales:', None, (None, None, None, None)),
    ('Products', None, (66_613 * M, 61_564 * M, 233_287 * M, 224_908 * M)),
    ('Services', None, (27_423 * M, 24_213 * M, 80_408 * M, 71_197 * M)),
    ('Total net sales', 'revenue', (94_036 * M, 85_777 * M, 313_695 * M, 296_105 * M)),
    ('Cost of sales:', None, (None, None, None, None)),
    ('Products', None, (43_620 * M, 39_803 * M, 147_097 * M, 140_667 * M)),
    ('Services', None, (6_698 * M, 6_296 * M, 19_738 * M, 18_634 * M)),
    ('Total cost of sales', 'cost_of_revenue', (50_318 * M, 46_099 * M, 166_835 * M, 159_301 * M)),
    ('Gross margin', 'gross_profit', (43_718 * M, 39_678 * M, 146_860 * M, 136_804 * M)),
    ('Operating expenses:', None, (None, None, None, None)),
    ('Research and development', 'rnd', (8_866 * M, 8_006 * M, 25_684 * M, 23_605 * M)),
    ('Selling, general and administrative', 'sga', (6_650 * M, 6_320 * M, 20_553 * M, 19_574 * M)),
    ('Total operating expenses', 'total_costs_and_expenses', (15_516 * M, 14_326 * M, 46_237 * M, 43_179 * M)),
    ('Operating income', 'operating_income', (28_202 * M, 25_352 * M, 100_623 * M, 93_625 * M)),
    ('Other income/(expense), net', 'other_income', (-171 * M, 142 * M, -698 * M, 250 * M)),
    ('Income before provision for income taxes', 'pretax_income', (28_031 * M, 25_494 * M, 99_925 * M, 93_875 * M)),
    ('Provision for income taxes', 'income_tax', (4_597 * M, 4_046 * M, 15_381 * M, 14_875 * M)),
    ('Net income', 'net_income', (23_434 * M, 21_448 * M, 84_544 * M, 79_000 * M)),
    ('Earnings per share:', None, (None, None, None, None)),
    ('Basic', 'eps_basic', (1.57, 1.4, 5.64, 5.13)),
    ('Diluted', 'eps_diluted', (1.57, 1.4, 5.62, 5.11)),
    ('Shares used in computing earnings per share:', None, (None, None, None, None)),
    ('Basic', 'shares_basic', (14_902_886_000, 15_287_521_000, 14_992_898_000, 15_401_047_000)),
    ('Diluted', 'shares_diluted', (14_948_179_000, 15_348_175_000, 15_051_726_000, 15_463_175_000)),
    ('Common stock dividends per share declared', 'dividends_per_share', (0.26, 0.25, 0.76, 0.73)),
]
APPLE_CASH_FLOW = [
    ('Cash, cash equivalents, and restricted cash and cash equivalents, '
     'beginning balances', 'cash_beginning', (29_943 * M, 30_737 * M)),
    ('Operating activities:', None, (None, None)),
    ('Net income', 'net_income', (84_544 * M, 79_000 * M)),
    ('Adjustments to reconcile net income to cash generated by operating activities:', None, (None, None)),
    ('Depreciation and amortization', 'depreciation_amortization', (8_571 * M, 8_534 * M)),
    ('Share-based compensation expense', None, (9_680 * M, 8_830 * M)),
    ('Other', None, (-1_748 * M, -1_964 * M)),
    ('Changes in operating assets and liabilities:', None, (None, None)),
    ('Accounts receivable, net', None, (5_685 * M, 6_697 * M)),
    ('Vendor non-trade receivables', None, (13_555 * M, 11_100 * M)),
    ('Inventories', None, (1_223 * M, 41 * M)),
    ('Other current and non-current assets', None, (-6_116 * M, -5_626 * M)),
    ('Accounts payable', None, (-18_479 * M, -15_171 * M)),
    ('Other current and non-current liabilities', None, (-15_161 * M, 2 * M)),
    ('Cash generated by operating activities', 'net_cash_operating', (81_754 * M, 91_443 * M)),
    ('Investing activities:', None, (None, None)),
    ('Purchases of marketable securities', None, (-17_591 * M, -38_074 * M)),
    ('Proceeds from maturities of marketable securities', None, (35_036 * M, 39_838 * M)),
    ('Proceeds from sales of marketable securities', None, (10_785 * M, 7_382 * M)),
    ('Payments for acquisition of property, plant and equipment', 'capex', (-9_473 * M, -6_539 * M)),
    ('Other', None, (-975 * M, -1_117 * M)),
    ('Cash generated by investing activities', 'net_cash_investing', (17_782 * M, 1_490 * M)),
    ('Financing activities:', None, (None, None)),
    ('Payments for taxes related to net share settlement of equity awards', None, (-5_719 * M, -5_163 * M)),
    ('Payments for dividends and dividend equivalents', 'dividends_paid', (-11_559 * M, -11_430 * M)),
    ('Repurchases of common stock', None, (-70_579 * M, -69_866 * M)),
    ('Proceeds from issuance of term debt, net', None, (4_481 * M, 0)),
    ('Repayments of term debt', None, (-9_682 * M, -7_400 * M)),
    ('Repayments of commercial paper, net', None, (-65 * M, -2_985 * M)),
    ('Other', None, (-87 * M, -191 * M)),
    ('Cash used in financing activities', 'net_cash_financing', (-93_210 * M, -97_035 * M)),
    ('Increase/(Decrease) in cash, cash equivalents, and restricted cash '
     'and cash equivalents', 'net_change_in_cash', (6_326 * M, -4_102 * M)),
    ('Cash, cash equivalents, and restricted cash and cash equivalents, '
     'ending balances', 'cash_ending', (36_269 * M, 26_635 * M)),
    ('Supplemental cash flow disclosure:', None, (None, None)),
    ('Cash paid for income taxes, net', None, (37_332 * M, 19_230 * M)),
]


def test_apple_balance_sheet_as_printed() -> None:
    bs = _statements("3_0000320193_10-Q_20250628.htm")["balance_sheet"]
    assert bs.title == "CONDENSED CONSOLIDATED BALANCE SHEETS (Unaudited) (inline XBRL facts)"
    assert _table(bs) == APPLE_BALANCE_SHEET
    derived = {r.label: r.derived for r in bs.rows if r.derived}
    assert set(derived) == {"Short term debt", "Property plant and equipment gross"}
    assert "tagged outside the printed statement's table" in derived["Property plant and equipment gross"]
    assert sum(1 for r in bs.rows if not r.derived) == 35  # the printed lines (18 rows before)


def test_apple_income_statement_as_printed() -> None:
    inc = _statements("3_0000320193_10-Q_20250628.htm")["income_statement"]
    assert _table(inc) == APPLE_INCOME_STATEMENT
    # "Products" and "Services" are tagged with a product axis (dimensional facts), still printed lines
    assert inc.rows[1].concept is None and inc.rows[1].derived is None


def test_apple_cash_flow_as_printed() -> None:
    cf = _statements("3_0000320193_10-Q_20250628.htm")["cash_flow"]
    assert cf.title == "CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS (Unaudited) (inline XBRL facts)"
    assert _table(cf) == APPLE_CASH_FLOW


def test_apple_cash_flow_lines_add_up_with_printed_signs() -> None:
    """Printed signs, not XBRL's: receivables tagged sign="-" (they fell) print as the cash they
    brought in, so the printed lines add up to the printed subtotal."""
    cf = _statements("3_0000320193_10-Q_20250628.htm")["cash_flow"]
    labels = [r.label for r in cf.rows]
    start, end = labels.index("Net income"), labels.index("Cash generated by operating activities")
    for col in range(2):
        lines = sum(r.values[col] or 0 for r in cf.rows[start:end])
        assert lines == cf.rows[end].values[col]


# ---------------------------------------------------------------------------------------------
# NVIDIA's 10-Q for the quarter ended 27 July 2025: rows the concept map does not know


def test_nvidia_printed_rows() -> None:
    st = _statements("3_0001045810_10-Q_20250727.htm")
    bs, inc, cf = st["balance_sheet"], st["income_statement"], st["cash_flow"]
    rows = {r.label: r for r in bs.rows}
    assert rows["Operating lease assets"].values == (2_084 * M, 1_793 * M)
    assert rows["Deferred income tax assets"].values == (13_570 * M, 10_979 * M)
    assert rows["Long-term operating lease liabilities"].values == (1_831 * M, 1_519 * M)
    assert rows["Preferred stock"].values == (0, 0)
    assert rows["Accumulated other comprehensive income"].values == (170 * M, 28 * M)
    assert [r.label for r in inc.rows[:4]] == ["Revenue", "Cost of revenue", "Gross profit", "Operating expenses"]
    other = next(r for r in inc.rows if r.label == "Other income (expense), net")
    assert other.values == (2_236 * M, 189 * M, 2_055 * M, 264 * M)
    cfr = {r.label: r for r in cf.rows}
    assert cfr["Stock-based compensation expense"].values == (3_099 * M, 2_164 * M)
    assert cfr["Purchases of marketable securities"].values == (-14_358 * M, -15_047 * M)
    assert cfr["Payments related to repurchases of common stock"].values == (-23_815 * M, -14_898 * M)
    assert cfr["Cash paid for income taxes, net"].values == (8_451 * M, 7_449 * M)
    assert [c.header for c in cf.columns] == ["Six months ended July 27, 2025", "Six months ended July 28, 2024"]
    assert inc.title == "Condensed Consolidated Statements of Income (inline XBRL facts)"


def test_corpus_statements_print_every_row_once() -> None:
    """No printed label is lost or doubled on the corpus's five inline XBRL filings."""
    for name in ("3_0000320193_10-Q_20250628.htm", "3_0000021344_10-Q_20250627.htm",
                 "3_0000034088_10-Q_20250630.htm", "3_0001045810_10-Q_20250727.htm"):
        for st in _statements(name).values():
            assert len(st.rows) >= 20, (name, st.kind, len(st.rows))
            concepts = [r.concept for r in st.rows if r.concept]
            assert len(concepts) == len(set(concepts)), (name, st.kind)


def _printed_amount_rows(text: str) -> list[list[str]]:
    """Per table with tagged amounts: the labels of its rows that print an amount, read with a
    plain lxml.html pass (no grid, no concept map): the first cell with letters, when a later cell
    of the row holds a digit."""
    from lxml import html

    root = html.fromstring(text.encode("utf-8"))
    out = []
    for table in root.iter("table"):
        if sum(1 for el in table.iter() if isinstance(el.tag, str) and el.tag.endswith("nonfraction")) < 10:
            continue
        labels = []
        for tr in table.iter("tr"):
            cells = [" ".join(td.text_content().split()) for td in tr if td.tag in ("td", "th")]
            cells = [c for c in cells if c]
            if len(cells) >= 2 and any(ch.isalpha() for ch in cells[0]) and not cells[0].startswith("(") \
                    and any(ch.isdigit() for c in cells[1:] for ch in c):
                labels.append(cells[0])
        out.append(labels)
    return out


@pytest.mark.parametrize("name", ["3_0000320193_10-Q_20250628.htm", "3_0000021344_10-Q_20250627.htm",
                                  "3_0000034088_10-Q_20250630.htm", "3_0001045810_10-Q_20250727.htm"])
def test_every_printed_row_is_in_the_statement_in_order(name: str) -> None:
    text = read_submission(corpus(name)).documents[0].text
    tables = _printed_amount_rows(text)
    for st in _statements(name).values():
        labels = [r.label.replace(" ", "") for r in st.rows if r.derived is None]
        # the statement's printed table: the one sharing most labels with it
        printed = max(tables, key=lambda t: len({x.replace(" ", "") for x in t} & set(labels)))
        assert len(printed) >= 15, (name, st.kind)
        printed = [x.replace(" ", "") for x in printed if not _is_column_head(x)]  # spaces: <br> in a label
        assert [x for x in printed if x not in labels] == [], (name, st.kind)
        rest = iter(labels)
        assert all(any(x == y for y in rest) for x in printed), (name, st.kind)  # in printed order


def _is_column_head(cell: str) -> bool:
    # "June 28, 2025", "Jul 27, 2025": a date over a column, not a row label
    return re.fullmatch(r"[A-Z][a-z]{2,8}\.? ?\d{1,2}, ?\d{4}", cell) is not None


def test_extract_statements_gives_the_printed_statements() -> None:
    """The filing-level entry point dispatches an inline XBRL document to the printed statements."""
    from edgarliq.statements import extract_statements

    st = extract_statements(read_submission(corpus("3_0000320193_10-Q_20250628.htm")))
    assert set(st) == {"balance_sheet", "income_statement", "cash_flow"}
    assert _table(st["balance_sheet"]) == APPLE_BALANCE_SHEET
    assert st["income_statement"].lookup("revenue", date(2025, 6, 28), 3) == 94_036 * M
