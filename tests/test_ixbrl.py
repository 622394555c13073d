"""Statements from inline XBRL facts: hand-written edge cases, then exact figures of real 10-Qs."""

from __future__ import annotations

import time
from datetime import date

import pytest
from paths import ROOT, corpus, corpus_ixbrl_statements

from edgarliq.statements import Statement
from edgarliq.tables.ixbrl import extract_ixbrl_statements, fact_value, parse_ixbrl, readable_label

EDGE = ROOT / "fixtures" / "ixbrl" / "edge_cases.htm"

M = 1_000_000


@pytest.fixture(scope="module")
def edge() -> dict[str, Statement]:
    out = extract_ixbrl_statements(EDGE.read_text(encoding="utf-8"))
    assert out is not None
    return out


# ---------------------------------------------------------------------------------------------
# Values


@pytest.mark.parametrize(("shown", "fmt", "scale", "sign", "expected"), [
    ("1,234", "ixt:num-dot-decimal", "3", None, 1_234_000),
    ("1,234", "ixt:numdotdecimal", "6", "-", -1_234_000_000),
    ("66,613", "ixt:num-dot-decimal", "6", None, 66_613_000_000),
    ("0.3", "ixt:num-dot-decimal", "6", None, 300_000),  # exact: Decimal, not 0.3 * 1e6
    ("\u2014", "ixt:fixed-zero", "6", None, 0),
    ("-", "ixt:zerodash", "3", None, 0),
    ("no", "ixt-sec:numwordsen", "0", None, 0),
    ("none", "ixt-sec:numwordsen", "0", None, 0),
    ("two", "ixt-sec:numwordsen", "0", None, 2),
    ("twenty-one", "ixt-sec:numwordsen", "0", None, 21),
    ("1.234,5", "ixt:num-comma-decimal", "0", None, 1234.5),
    ("1.57", None, "0", None, 1.57),
    ("5 dollars 25 cents", "ixt:num-unit-decimal", None, None, 5.25),
])
def test_fact_value(shown: str, fmt: str | None, scale: str | None, sign: str | None, expected: float) -> None:
    assert fact_value(shown, fmt, scale, sign) == expected


def test_fact_value_unreadable_is_none() -> None:
    assert fact_value("\u2014", "ixt:num-dot-decimal", "6", None) is None  # a dash without fixed-zero
    assert fact_value("several", "ixt-sec:numwordsen", "0", None) is None


def test_readable_label() -> None:
    assert readable_label("Assets") == "Assets"
    assert readable_label("NetCashProvidedByUsedInOperatingActivities") == \
        "Net cash provided by (used in) operating activities"
    assert readable_label("OperatingIncomeLoss") == "Operating income (loss)"
    assert readable_label("IncomeTaxExpenseBenefit") == "Income tax expense (benefit)"
    assert readable_label("EPSDilutedXBRL2") == "EPS diluted XBRL 2"
    assert readable_label("DebtInstrumentLIBORRate") == "Debt instrument LIBOR rate"


def test_readable_label_words_as_the_old_pattern_found_them_in_linear_time() -> None:
    """The words are those of `[A-Z]+(?=[A-Z][a-z]|\\d|$)|[A-Z]?[a-z]+|\\d+` (a run of capitals
    not before a digit, a lower-case letter or the end is no word), without its backtracking:
    it took 1.5 s on 8,000 capitals and a "!"."""
    import random
    import re

    from edgarliq.tables.ixbrl import _element_words

    old = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|\d+")
    rnd = random.Random(7)
    for _ in range(20_000):
        name = "".join(rnd.choice("ABXYabxy019_-:\n !\u0663") for _ in range(rnd.randint(0, 10)))
        assert _element_words(name) == old.findall(name), name
    assert readable_label("A" * 200_000 + "!") == ""  # (the old pattern: hours; growth: test_regex_growth)


def test_no_facts_gives_none() -> None:
    assert extract_ixbrl_statements("<html><body><table><tr><td>Total assets</td><td>1,234</td></tr>"
                                    "</table></body></html>") is None
    assert extract_ixbrl_statements("CONSOLIDATED BALANCE SHEETS\nTotal assets   1,234\n") is None
    assert parse_ixbrl("") is None


# ---------------------------------------------------------------------------------------------
# Hand-written edge cases (fixtures/ixbrl/edge_cases.htm)


def test_edge_cover_facts() -> None:
    doc = parse_ixbrl(EDGE.read_text(encoding="utf-8"))
    assert doc is not None
    assert doc.document_type == "10-Q"
    assert doc.period_end == date(2024, 3, 31)
    assert doc.contexts["seg"].dimensional and not doc.contexts["now"].dimensional
    assert doc.units["usdPerShare"].kind == "per_share"


def test_edge_balance_sheet(edge: dict[str, Statement]) -> None:
    bs = edge["balance_sheet"]
    assert bs.title == "BALANCE SHEETS (in thousands) (inline XBRL facts)"  # as printed above the table
    assert bs.unit == 1 and bs.source_document == "10-Q"
    # the instant with only a note's equity (2022-12-31) is not a balance-sheet column
    assert [c.period_end for c in bs.columns] == [date(2024, 3, 31), date(2023, 12, 31)]
    assert [c.header for c in bs.columns] == ["March 31, 2024", "December 31, 2023"]
    assert all(c.months is None for c in bs.columns)
    # scale=3; the dimensional 999 and the euro 1,111 are left out
    assert bs.value("total_assets", 0) == 1_234_000
    assert bs.value("total_assets", 1) == 1_100_000
    # a rounded copy (decimals -6) printed earlier loses to the precise face value
    assert bs.value("total_current_assets", 0) == 1_049_000
    assert bs.value("total_current_liabilities", 1) == 470_000  # ixt:numdotdecimal (older registry)
    assert bs.value("retained_earnings", 0) == -250_000  # sign="-"
    assert bs.value("long_term_debt", 0) == 0  # ixt-sec:numwordsen "none"
    assert bs.value("long_term_debt", 1) == 0  # ixt:zerodash
    assert bs.value("common_stock", 1) == 10_000  # nested fact: outer and inner share the text
    assert bs.value("common_stock", 0) == 10_000
    assert bs.row("total_assets") is not None and bs.row("total_assets").total  # type: ignore[union-attr]
    assert bs.row("total_assets").label == "Total assets"  # type: ignore[union-attr]
    assert all(r.level == 0 for r in bs.rows)


def test_edge_short_term_debt_sums_face_lines_only(edge: dict[str, Statement]) -> None:
    row = edge["balance_sheet"].row("short_term_debt")
    assert row is not None
    # borrowings 100 + current portion 25 (both on the face); the note's commercial paper (40) is a
    # breakdown, not a third line; fixed-zero borrowings at the prior year end count as 0
    assert row.values == (125_000, 30_000)
    assert row.derived is not None and "ShortTermBorrowings" in row.derived and "CommercialPaper" not in row.derived


def test_edge_income_statement(edge: dict[str, Statement]) -> None:
    inc = edge["income_statement"]
    assert [(c.period_end, c.months) for c in inc.columns] == [(date(2024, 3, 31), 3), (date(2023, 3, 31), 3)]
    assert inc.columns[0].header == "Three months ended March 31, 2024"
    assert inc.lookup("revenue", date(2024, 3, 31), 3) == 5_000_000  # the segment's 777 is excluded
    assert inc.lookup("other_income", date(2024, 3, 31), 3) == -12_000
    assert inc.lookup("other_income", date(2023, 3, 31), 3) == 0
    assert inc.value("eps_basic", 0) == 0.12  # per share: never scaled by an amount unit
    assert inc.value("eps_diluted", 0) == 0.11  # ixt:num-comma-decimal
    assert inc.value("eps_diluted", 1) is None
    assert inc.value("shares_basic", 0) == 10_000_000  # the fact's own scale=3 only
    concepts = [r.concept for r in inc.rows]
    assert concepts.index("revenue") < concepts.index("net_income") < concepts.index("eps_basic")


def test_edge_cash_flow(edge: dict[str, Statement]) -> None:
    cf = edge["cash_flow"]
    assert cf.value("net_cash_operating", 0) == 900_000
    # XBRL reports payments positive; stored negative like the printed parentheses
    assert cf.value("capex", 0) == -75_000
    assert cf.value("dividends_paid", 0) == -50_000
    assert cf.value("dividends_paid", 1) == 0
    assert cf.value("cash_ending", 0) == 300_000
    assert cf.value("cash_beginning", 0) == 280_000  # the instant the day before the period starts
    assert cf.value("cash_ending", 1) is None


def test_edge_source_line_and_start_line() -> None:
    text = EDGE.read_text(encoding="utf-8")
    first_fact = next(i for i, ln in enumerate(text.splitlines(), 1)
                      if "us-gaap:CashAndCashEquivalentsAtCarryingValue" in ln)
    out = extract_ixbrl_statements(text)
    assert out is not None and out["balance_sheet"].source_line == first_fact
    shifted = extract_ixbrl_statements(text, start_line=101, document_type="10-Q/A")
    assert shifted is not None
    assert shifted["balance_sheet"].source_line == first_fact + 100
    assert shifted["balance_sheet"].source_document == "10-Q/A"


def test_edge_explicit_period_of_report_moves_columns() -> None:
    out = extract_ixbrl_statements(EDGE.read_text(encoding="utf-8"), period_of_report=date(2023, 12, 31))
    assert out is not None
    assert [c.period_end for c in out["balance_sheet"].columns] == [date(2023, 12, 31)]


def test_broken_markup_and_submission_wrapper() -> None:
    """A document inside <TEXT><XBRL> with HTML entities and an unclosed tag still parses."""
    body = EDGE.read_text(encoding="utf-8").replace("<p>BALANCE SHEETS", "<p>&nbsp;<br>BALANCE SHEETS")
    wrapped = "<DOCUMENT>\n<TYPE>10-Q\n<TEXT>\n<XBRL>\n" + body + "\n</XBRL>\n</TEXT>\n</DOCUMENT>\n"
    out = extract_ixbrl_statements(wrapped)
    assert out is not None
    assert out["balance_sheet"].value("total_assets", 0) == 1_234_000
    assert out["income_statement"].value("revenue", 1) == 4_500_000


def test_to_dict_shape(edge: dict[str, Statement]) -> None:
    d = edge["balance_sheet"].to_dict()
    assert d["unit"] == 1 and d["columns"][0] == {"period_end": "2024-03-31", "months": None,
                                                  "header": "March 31, 2024"}
    assert {"label", "concept", "level", "total", "values", "derived"} <= set(d["rows"][0])


# ---------------------------------------------------------------------------------------------
# Real 10-Qs (figures read from the printed statements in the same files)


_statements = corpus_ixbrl_statements


@pytest.fixture(scope="module")
def apple() -> dict[str, Statement]:
    return _statements("3_0000320193_10-Q_20250628.htm")


def test_apple_balance_sheet(apple: dict[str, Statement]) -> None:
    bs = apple["balance_sheet"]
    assert bs.source_document == "10-Q"
    now, fye = date(2025, 6, 28), date(2024, 9, 28)
    assert [c.period_end for c in bs.columns] == [now, fye]
    assert bs.lookup("total_assets", now) == 331_495 * M
    assert bs.lookup("total_assets", fye) == 364_980 * M
    assert bs.lookup("total_current_assets", now) == 122_491 * M
    assert bs.lookup("total_current_assets", fye) == 152_987 * M
    assert bs.lookup("total_current_liabilities", now) == 141_120 * M
    assert bs.lookup("total_current_liabilities", fye) == 176_392 * M
    assert bs.lookup("cash", now) == 36_269 * M
    assert bs.lookup("short_term_investments", now) == 19_103 * M
    assert bs.lookup("receivables", now) == 27_557 * M
    assert bs.lookup("inventory", fye) == 7_286 * M
    assert bs.lookup("accounts_payable", now) == 50_374 * M
    # commercial paper 9,923 + current term debt 9,345: two printed lines
    assert bs.lookup("short_term_debt", now) == 19_268 * M
    assert bs.lookup("long_term_debt", now) == 82_430 * M
    assert bs.lookup("retained_earnings", now) == -17_607 * M  # "Accumulated deficit (17,607)"
    assert bs.lookup("total_equity", now) == 65_830 * M
    assert bs.lookup("total_liabilities_and_equity", fye) == 364_980 * M


def test_apple_income_statement(apple: dict[str, Statement]) -> None:
    inc = apple["income_statement"]
    q, q_prior = date(2025, 6, 28), date(2024, 6, 29)
    assert [(c.period_end, c.months) for c in inc.columns] == [(q, 3), (q_prior, 3), (q, 9), (q_prior, 9)]
    assert inc.lookup("revenue", q, 3) == 94_036 * M
    assert inc.lookup("revenue", q_prior, 3) == 85_777 * M
    assert inc.lookup("revenue", q, 9) == 313_695 * M
    assert inc.lookup("revenue", q_prior, 9) == 296_105 * M
    assert inc.lookup("net_income", q, 3) == 23_434 * M
    assert inc.lookup("net_income", q, 9) == 84_544 * M
    assert inc.lookup("operating_income", q, 3) == 28_202 * M
    assert inc.lookup("other_income", q, 3) == -171 * M  # sign="-"
    assert inc.lookup("eps_diluted", q, 9) == 5.62
    # printed "in thousands" (14,902,886), tagged scale="3": whole shares
    assert inc.lookup("shares_basic", q, 3) == 14_902_886_000


def test_apple_cash_flow(apple: dict[str, Statement]) -> None:
    cf = apple["cash_flow"]
    q, q_prior = date(2025, 6, 28), date(2024, 6, 29)
    assert [(c.period_end, c.months) for c in cf.columns] == [(q, 9), (q_prior, 9)]
    assert cf.lookup("net_cash_operating", q, 9) == 81_754 * M
    assert cf.lookup("net_cash_operating", q_prior, 9) == 91_443 * M
    assert cf.lookup("capex", q, 9) == -9_473 * M
    assert cf.lookup("dividends_paid", q, 9) == -11_559 * M
    assert cf.lookup("net_cash_financing", q, 9) == -93_210 * M
    assert cf.lookup("cash_beginning", q, 9) == 29_943 * M
    assert cf.lookup("cash_ending", q_prior, 9) == 26_635 * M


def test_coca_cola() -> None:
    st = _statements("3_0000021344_10-Q_20250627.htm")
    bs, inc, cf = st["balance_sheet"], st["income_statement"], st["cash_flow"]
    now, fye = date(2025, 6, 27), date(2024, 12, 31)
    assert [c.period_end for c in bs.columns] == [now, fye]
    assert bs.lookup("total_assets", now) == 104_333 * M
    assert bs.lookup("total_assets", fye) == 100_549 * M
    assert bs.lookup("total_current_assets", now) == 26_609 * M
    assert bs.lookup("total_current_liabilities", now) == 21_944 * M
    assert bs.lookup("total_current_liabilities", fye) == 25_249 * M
    # "Loans and notes payable" 4,379 + "Current maturities of long-term debt" 91; the commercial
    # paper note (4,040) is a breakdown of the first line and must not replace it
    assert bs.lookup("short_term_debt", now) == 4_470 * M
    assert bs.lookup("treasury_stock", now) == -56_190 * M
    assert bs.lookup("total_equity", now) == 28_585 * M  # equity attributable to shareowners
    assert inc.lookup("revenue", now, 3) == 12_535 * M
    assert inc.lookup("revenue", now, 6) == 23_664 * M
    assert inc.lookup("net_income", now, 3) == 3_810 * M
    assert inc.lookup("net_income", now, 6) == 7_140 * M
    assert inc.lookup("interest_expense", now, 6) == 832 * M
    assert inc.lookup("eps_diluted", now, 3) == 0.88
    assert cf.lookup("net_cash_operating", now, 6) == -1_391 * M
    assert cf.lookup("capex", now, 6) == -751 * M
    assert cf.lookup("dividends_paid", now, 6) == -2_283 * M
    assert cf.lookup("net_income", now, 6) == 7_138 * M  # consolidated, as the cash flow prints it


def test_exxon() -> None:
    st = _statements("3_0000034088_10-Q_20250630.htm")
    bs, inc, cf = st["balance_sheet"], st["income_statement"], st["cash_flow"]
    now, fye = date(2025, 6, 30), date(2024, 12, 31)
    assert bs.lookup("total_assets", now) == 447_597 * M
    assert bs.lookup("total_assets", fye) == 453_475 * M
    assert bs.lookup("total_current_assets", now) == 85_108 * M
    assert bs.lookup("total_current_liabilities", now) == 68_161 * M
    assert bs.lookup("short_term_debt", now) == 5_419 * M  # "Notes and loans payable" (DebtCurrent)
    assert bs.lookup("long_term_debt", now) == 33_570 * M
    assert bs.lookup("total_liabilities", fye) == 182_869 * M
    # us-gaap:Revenues is Exxon's "Total revenues and other income"
    assert inc.lookup("revenue", now, 3) == 81_506 * M
    assert inc.lookup("net_income", now, 3) == 7_082 * M
    assert inc.lookup("net_income", date(2024, 6, 30), 6) == 17_460 * M
    assert cf.lookup("net_cash_operating", now, 6) == 24_503 * M
    assert cf.lookup("capex", now, 6) == -12_181 * M
    assert cf.lookup("cash_ending", now, 6) == 15_711 * M


def test_nvidia() -> None:
    st = _statements("3_0001045810_10-Q_20250727.htm")
    bs, inc, cf = st["balance_sheet"], st["income_statement"], st["cash_flow"]
    now, fye = date(2025, 7, 27), date(2025, 1, 26)
    assert [c.period_end for c in bs.columns] == [now, fye]
    assert bs.lookup("total_assets", now) == 140_740 * M
    assert bs.lookup("total_current_assets", now) == 102_219 * M
    assert bs.lookup("total_current_liabilities", now) == 24_257 * M
    assert bs.lookup("total_current_liabilities", fye) == 18_047 * M
    assert bs.row("short_term_debt") is None  # none printed
    assert inc.lookup("revenue", now, 3) == 46_743 * M
    assert inc.lookup("revenue", date(2024, 7, 28), 3) == 30_040 * M
    assert inc.lookup("revenue", now, 6) == 90_805 * M
    assert inc.lookup("net_income", now, 3) == 26_422 * M
    assert inc.lookup("eps_diluted", now, 3) == 1.08
    assert cf.lookup("net_cash_operating", now, 6) == 42_779 * M
    assert cf.lookup("capex", now, 6) == -3_122 * M  # purchases of property, equipment and intangibles


def test_speed() -> None:
    text = corpus("3_0000021344_10-Q_20250627.htm").read_text(encoding="utf-8")  # 2.1 MB, 1,589 facts
    extract_ixbrl_statements(text)  # warm the rules cache
    best = min(_timed(text) for _ in range(3))
    assert best < 0.5, f"{best:.3f}s"  # ~0.07 s measured; generous for slow CI machines


def _timed(text: str) -> float:
    t = time.perf_counter()
    extract_ixbrl_statements(text)
    return time.perf_counter() - t


def test_undeclared_ix_prefix_falls_back_to_html_parser() -> None:
    """Without the ix namespace declaration the XML tree has no ix facts; the HTML parser reads them."""
    text = EDGE.read_text(encoding="utf-8").replace(' xmlns:ix="http://www.xbrl.org/2013/inlineXBRL"', "")
    out = extract_ixbrl_statements(text)
    assert out is not None
    assert out["balance_sheet"].value("total_assets", 0) == 1_234_000
    assert out["balance_sheet"].value("retained_earnings", 0) == -250_000
    assert out["cash_flow"].value("capex", 0) == -75_000
