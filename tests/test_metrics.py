"""compute_metrics: finding inputs, sources, fallbacks and statuses.

The seed 10-Q (Computer Horizons, quarter ended 1997-06-27) runs through the real parsers and
must give the worked example of analysis-methods.md §9. Edge cases use hand-built statements.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from paths import corpus

from edgarliq import analyze
from edgarliq.analysis import DEFAULT_THRESHOLDS, Metric, compute_metrics, metrics_frame
from edgarliq.fds import parse_schedules
from edgarliq.statements import Statement, StatementColumn, StatementRow, Statements, extract_statements
from edgarliq.submission import read_submission

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "computer_horizons_10q_1997q2.txt"
Q2, FYE, Q2_96 = date(1997, 6, 27), date(1996, 12, 31), date(1996, 6, 27)


@pytest.fixture(scope="module")
def seed_metrics() -> dict[str, list[Metric]]:
    sub = read_submission(SEED)
    return compute_metrics(extract_statements(sub), parse_schedules(sub))


def one(metrics: dict[str, list[Metric]], name: str, period_end: date, months: int | None = None) -> Metric:
    found = [m for m in metrics[name] if m.period_end == period_end and m.months == months]
    assert len(found) == 1, (name, period_end, months, metrics.get(name))
    return found[0]


# --- the seed 10-Q: analysis-methods.md §9 ------------------------------------------------------


def test_seed_working_capital_and_current_ratio_both_dates(seed_metrics: dict[str, list[Metric]]) -> None:
    assert one(seed_metrics, "working_capital", Q2).value == 59_810_000
    assert one(seed_metrics, "working_capital", FYE).value == 50_562_000
    assert round(one(seed_metrics, "current_ratio", Q2).value, 2) == 5.05
    assert round(one(seed_metrics, "current_ratio", FYE).value, 2) == 4.04


def test_seed_quick_ratio_and_sources(seed_metrics: dict[str, list[Metric]]) -> None:
    m = one(seed_metrics, "quick_ratio", Q2)
    assert round(m.value, 2) == 4.90  # (3,751 + 68,676) / 14,770
    assert m.inputs["cash"] == {"value": 3_751_000, "source": "balance_sheet: 'Cash and cash equivalents' 1997-06-27"}
    # No investments line on the balance sheet: EX-27 SECURITIES 0 is used, and says so.
    sti = m.inputs["short_term_investments"]
    assert sti["value"] == 0 and "EX-27 SECURITIES" in sti["source"] and "only because" in sti["source"]


def test_seed_prior_year_end_uses_the_itemised_section(seed_metrics: dict[str, list[Metric]]) -> None:
    # 1996-12-31 has no EX-27 column; the current-asset lines add up to the total without an
    # investments line, so investments are 0 by the printed balance sheet itself.
    m = one(seed_metrics, "quick_ratio", FYE)
    assert m.status == "ok"
    assert round(m.value, 2) == round((10_937 + 54_280) / 16_641, 2)
    assert "add up to the printed total" in m.inputs["short_term_investments"]["source"]


def test_seed_solvency_loss_coefficient_not_restoration(seed_metrics: dict[str, list[Metric]]) -> None:
    assert one(seed_metrics, "solvency_period_months", Q2, 6).value == 6
    loss = one(seed_metrics, "solvency_loss_coefficient", Q2, 6)
    assert round(loss.value, 2) == 2.78
    assert round(loss.inputs["K0"]["value"], 2) == 4.04 and round(loss.inputs["K1"]["value"], 2) == 5.05
    assert loss.inputs["T"]["value"] == 6
    rest = one(seed_metrics, "solvency_restoration_coefficient", Q2, 6)
    assert rest.status == "not_applicable" and rest.value is None
    assert "K1 = 5.05" in rest.reason and "< 2" in rest.reason


def test_seed_margins_match_what_the_filing_printed(seed_metrics: dict[str, list[Metric]]) -> None:
    assert round(one(seed_metrics, "gross_margin", Q2, 6).value, 1) == 31.9
    assert round(one(seed_metrics, "gross_margin", Q2, 3).value, 1) == 32.3
    assert one(seed_metrics, "gross_margin", Q2, 6).inputs["cost_of_revenue"]["source"].startswith(
        "income_statement: 'Direct costs'")
    assert round(one(seed_metrics, "operating_margin", Q2, 3).value, 1) == 11.1
    assert round(one(seed_metrics, "operating_margin", Q2, 6).value, 1) == 10.5
    assert round(one(seed_metrics, "net_margin", Q2, 3).value, 1) == 6.4
    assert round(one(seed_metrics, "operating_margin", Q2_96, 3).value, 1) == 6.4  # the 1996 column too


def test_seed_inventory_zero_from_ex27_gives_dio_zero(seed_metrics: dict[str, list[Metric]]) -> None:
    m = one(seed_metrics, "dio", Q2, 3)
    assert m.status == "ok" and m.value == 0
    src = m.inputs["inventory"]["source"]
    assert "EX-27 INVENTORY" in src and "no inventory row" in src and "only because the schedule says 0" in src


def test_seed_dso_uses_the_mean_for_six_months_and_says_so(seed_metrics: dict[str, list[Metric]]) -> None:
    six = one(seed_metrics, "dso", Q2, 6)
    assert six.value == pytest.approx((54_280 + 68_676) / 2 / 145_463 * 182)
    assert "mean of 2 balances" in six.note and "182 days" in six.note
    quarter = one(seed_metrics, "dso", Q2, 3)
    assert quarter.value == pytest.approx(68_676 / 75_714 * 91)
    assert "period-end balance" in quarter.note


def test_seed_prior_year_flows_have_no_balance_sheet(seed_metrics: dict[str, list[Metric]]) -> None:
    m = one(seed_metrics, "dso", Q2_96, 3)
    assert m.status == "not_computable" and m.value is None
    assert "1996-06-27" in m.reason and "1996-12-31" in m.reason


def test_seed_liquidity_groups(seed_metrics: dict[str, list[Metric]]) -> None:
    a1 = one(seed_metrics, "liquidity_A1_vs_P1", Q2)
    assert a1.inputs["A1"]["value"] == 3_751_000 and a1.inputs["P1"]["value"] == 13_338_000
    assert a1.value == 3_751_000 - 13_338_000 and a1.reading.startswith("not met")
    a4 = one(seed_metrics, "liquidity_A4_vs_P4", Q2)
    assert a4.inputs["A4"]["value"] == 21_806_000 and a4.inputs["P4"]["value"] == 79_919_000
    assert a4.reading.startswith("met")
    verdict = one(seed_metrics, "balance_sheet_liquidity", Q2)
    assert verdict.value is None and verdict.verdict == "not absolutely liquid" and "A1 < P1" in verdict.reading


def test_seed_policy_growth_and_cash(seed_metrics: dict[str, list[Metric]]) -> None:
    assert round(one(seed_metrics, "current_asset_share", Q2).value, 2) == 77.38
    assert one(seed_metrics, "working_capital_policy", Q2).verdict == "incompatible"  # aggressive x conservative
    assert round(one(seed_metrics, "revenue_growth", Q2, 3).value, 1) == 35.1
    assert round(one(seed_metrics, "net_income_growth", Q2, 6).value, 1) == 64.1
    assert one(seed_metrics, "free_cash_flow", Q2, 6).value == -6_001_000 - 975_000
    roa = one(seed_metrics, "economic_return_on_assets", Q2, 6)
    assert roa.value == pytest.approx(15_277 * 2 / 96_386 * 100) and "annualised" in roa.note


def test_seed_every_computed_metric_lists_its_inputs(seed_metrics: dict[str, list[Metric]]) -> None:
    for name, items in seed_metrics.items():
        for m in items:
            assert m.name == name
            if m.status == "ok":
                assert m.inputs, name
                assert all(set(v) == {"value", "source"} and v["source"] for v in m.inputs.values()), name
            else:
                assert m.value is None and m.reason, name
    json.dumps({n: [m.to_dict() for m in ms] for n, ms in seed_metrics.items()})


def test_metrics_frame_long_table(seed_metrics: dict[str, list[Metric]]) -> None:
    frame = metrics_frame(seed_metrics)
    assert list(frame.columns) == ["name", "period_end", "months", "value", "unit", "status", "verdict", "reading",
                                   "reason", "note", "formula", "inputs"]
    row = frame[(frame["name"] == "working_capital") & (frame["period_end"] == "1997-06-27")].iloc[0]
    assert row["value"] == 59_810_000 and row["unit"] == "currency"
    assert json.loads(row["inputs"])["total_current_assets"]["value"] == 74_580_000
    # the dict form (what Analysis.to_dict() holds) gives the same table
    as_dicts = {n: [m.to_dict() for m in ms] for n, ms in seed_metrics.items()}
    assert metrics_frame(as_dicts).equals(frame)


# --- hand-built statements --------------------------------------------------------------------


def _statement(kind: str, columns: list[tuple[date, int | None]], rows: list[tuple]) -> Statement:
    return Statement(
        kind=kind, title=kind, unit=1, source_document="10-Q", source_line=1,  # type: ignore[arg-type]
        columns=tuple(StatementColumn(d, m, str(d)) for d, m in columns),
        rows=tuple(StatementRow(label, concept, 1, total, tuple(values)) for label, concept, total, values in rows),
    )


def _balance_sheet(rows: list[tuple], dates: tuple[date, ...] = (date(1998, 3, 31), date(1997, 12, 31))) -> Statement:
    return _statement("balance_sheet", [(d, None) for d in dates], rows)


def _statements(*sts: Statement) -> Statements:
    return Statements(found={s.kind: s for s in sts})


WEAK_BS = [
    ("Cash", "cash", False, (50, 60)),
    ("Marketable securities", None, False, (20, 20)),  # a line the parser could not map
    ("Receivables", "receivables", False, (200, 180)),
    ("Inventories", "inventory", False, (330, 300)),
    ("Total current assets", "total_current_assets", True, (600, 560)),
    ("Total assets", "total_assets", True, (1_000, 950)),
    ("Notes payable", "short_term_debt", False, (150, 100)),
    ("Accounts payable", "accounts_payable", False, (250, 200)),
    ("Total current liabilities", "total_current_liabilities", True, (400, 300)),
    ("Long-term debt", "long_term_debt", False, (200, 250)),
    ("Total equity", "total_equity", True, (400, 400)),
    ("Total liabilities and equity", "total_liabilities_and_equity", True, (1_000, 950)),
]


def test_unmapped_lookalike_line_keeps_investments_unknown_not_zero() -> None:
    ms = compute_metrics(_statements(_balance_sheet(WEAK_BS)), [])
    quick = one(ms, "quick_ratio", date(1998, 3, 31))
    assert quick.status == "not_computable" and quick.value is None
    assert "short_term_investments" in quick.reason
    assert quick.inputs["short_term_investments"]["value"] is None
    # the current ratio does not need it
    assert one(ms, "current_ratio", date(1998, 3, 31)).value == 1.5


def test_restoration_coefficient_when_k1_below_two() -> None:
    ms = compute_metrics(_statements(_balance_sheet(WEAK_BS)), [])
    d = date(1998, 3, 31)
    # K0 = 560/300 = 1.8667, K1 = 1.5, T = 3: (1.5 + 6/3 x (1.5 - 1.8667)) / 2 = 0.3833
    rest = one(ms, "solvency_restoration_coefficient", d, 3)
    assert rest.value == pytest.approx((1.5 + 2 * (1.5 - 560 / 300)) / 2)
    assert rest.reading.startswith("1 or below")
    loss = one(ms, "solvency_loss_coefficient", d, 3)
    assert loss.status == "not_applicable" and "K1 = 1.50 < 2" in loss.reason
    assert one(ms, "current_ratio", d).reading.startswith("adequate")


def test_zero_current_liabilities_is_not_computable_with_reason() -> None:
    rows = [("Cash", "cash", False, (10,)), ("Total current assets", "total_current_assets", True, (10,)),
            ("Total current liabilities", "total_current_liabilities", True, (0,))]
    ms = compute_metrics(_statements(_balance_sheet(rows, (date(1998, 3, 31),))), [])
    m = one(ms, "current_ratio", date(1998, 3, 31))
    assert m.status == "not_computable" and m.reason == "total current liabilities is 0"
    assert one(ms, "working_capital", date(1998, 3, 31)).value == 10
    solvency = ms["solvency_loss_coefficient"][0]
    assert solvency.status == "not_computable" and "two balance-sheet dates" in solvency.reason


def test_missing_income_statement_row_never_becomes_zero() -> None:
    inc = _statement("income_statement", [(date(1998, 3, 31), 3)], [("Net sales", "revenue", False, (1_000,))])
    ms = compute_metrics(_statements(_balance_sheet(WEAK_BS), inc), [])
    gm = one(ms, "gross_margin", date(1998, 3, 31), 3)
    assert gm.status == "not_computable" and "cost_of_revenue" in gm.reason and gm.value is None


def test_thresholds_are_parameters() -> None:
    ms = compute_metrics(_statements(_balance_sheet(WEAK_BS)), [], thresholds={"current_ratio_weak": 1.6})
    assert one(ms, "current_ratio", date(1998, 3, 31)).reading.startswith("weak (below 1.6)")
    assert DEFAULT_THRESHOLDS["current_ratio_weak"] == 1.5  # defaults untouched
    with pytest.raises(KeyError):
        compute_metrics(_statements(_balance_sheet(WEAK_BS)), [], thresholds={"curent_ratio_weak": 1.6})


# --- EX-27 fallbacks and other articles ---------------------------------------------------------


def _schedules(body: str) -> list:
    text = ("<DOCUMENT>\n<TYPE>10-Q\n<TEXT>\nReport.\n</TEXT>\n</DOCUMENT>\n"
            f"<DOCUMENT>\n<TYPE>EX-27\n<TEXT>\n{body}</TEXT>\n</DOCUMENT>\n")
    return parse_schedules(read_submission(text.encode()))


ART5 = """<ARTICLE> 5
<MULTIPLIER> 1,000
<PERIOD-TYPE> 9-MOS
<FISCAL-YEAR-END> DEC-31-1997
<PERIOD-END> SEP-30-1997
<CASH> 100
<SECURITIES> 50
<RECEIVABLES> 420
<ALLOWANCES> 20
<INVENTORY> 300
<CURRENT-ASSETS> 900
<TOTAL-ASSETS> 2,000
<CURRENT-LIABILITIES> 600
<COMMON> 100
<OTHER-SE> 900
<TOTAL-LIABILITY-AND-EQUITY> 2,000
<SALES> 0
<TOTAL-REVENUES> 3,000
<CGS> 0
<TOTAL-COSTS> 1,800
<INTEREST-EXPENSE> 20
<INCOME-PRETAX> 400
<NET-INCOME> 260
"""


def test_no_statements_falls_back_to_ex27_and_says_so() -> None:
    ms = compute_metrics(Statements(), _schedules(ART5))
    d = date(1997, 9, 30)
    cr = one(ms, "current_ratio", d)
    assert cr.value == 1.5
    assert cr.inputs["total_current_assets"]["source"].startswith("EX-27 CURRENT-ASSETS 1997-09-30")
    quick = one(ms, "quick_ratio", d)
    assert quick.inputs["receivables"]["value"] == 400_000  # RECEIVABLES - ALLOWANCES
    assert "RECEIVABLES - ALLOWANCES" in quick.inputs["receivables"]["source"]
    assert quick.value == pytest.approx((100 + 50 + 400) / 600)
    gm = one(ms, "gross_margin", d, 9)
    assert gm.value == pytest.approx(40.0) and "EX-27 TOTAL-COSTS" in gm.inputs["cost_of_revenue"]["source"]
    # no operating income in an EX-27: EBIT = pretax + interest, annualised from nine months
    roa = one(ms, "economic_return_on_assets", d, 9)
    assert roa.value == pytest.approx(420 * 12 / 9 / 2_000 * 100)
    assert one(ms, "dio", d, 9).value == pytest.approx(300 / 1_800 * 273)


ART9 = """<ARTICLE> 9
<MULTIPLIER> 1,000
<PERIOD-TYPE> 6-MOS
<FISCAL-YEAR-END> DEC-31-1997
<PERIOD-END> JUN-30-1997
<CASH> 50,000
<INT-BEARING-DEPOSITS> 10,000
<FED-FUNDS-SOLD> 20,000
<TRADING-ASSETS> 0
<INVESTMENTS-HELD-FOR-SALE> 120,000
<LOANS> 600,000
<ALLOWANCE> 9,000
<TOTAL-ASSETS> 900,000
<DEPOSITS> 750,000
<NET-INCOME> 5,000
"""


def test_bank_schedule_liquidity_and_not_applicable_current_ratio() -> None:
    ms = compute_metrics(Statements(), _schedules(ART9))
    d = date(1997, 6, 30)
    assert one(ms, "loans_to_deposits", d).value == pytest.approx(80.0)
    assert one(ms, "cash_to_deposits", d).value == pytest.approx(50 / 750 * 100)
    liquid = one(ms, "liquid_assets_to_deposits", d)
    assert liquid.value == pytest.approx(200 / 750 * 100)
    assert one(ms, "allowance_to_loans", d).value == pytest.approx(1.5)
    assert "working_capital" not in ms or all(m.status == "not_applicable" for m in ms["working_capital"])


def test_bank_balance_sheet_without_current_items_is_not_applicable() -> None:
    bank_bs = _balance_sheet([("Cash and due from banks", "cash", False, (50_000_000, 40_000_000)),
                              ("Total assets", "total_assets", True, (900_000_000, 850_000_000))],
                             (date(1997, 6, 30), date(1996, 12, 31)))
    ms = compute_metrics(_statements(bank_bs), _schedules(ART9))
    wc = one(ms, "current_ratio", date(1997, 6, 30))
    assert wc.status == "not_applicable" and "bank (Article 9)" in wc.reason


ART7 = """<ARTICLE> 7
<MULTIPLIER> 1
<PERIOD-TYPE> 12-MOS
<FISCAL-YEAR-END> DEC-31-1996
<PERIOD-END> DEC-31-1996
<TOTAL-ASSETS> 5,000
<PREMIUMS> 1,000
<INVESTMENT-INCOME> 200
<BENEFITS> 700
<UNDERWRITING-AMORTIZATION> 150
<UNDERWRITING-OTHER> 200
<NET-INCOME> 90
"""


def test_insurer_loss_expense_and_combined_ratio() -> None:
    ms = compute_metrics(Statements(), _schedules(ART7))
    d = date(1996, 12, 31)
    assert one(ms, "loss_ratio", d, 12).value == pytest.approx(70.0)
    assert one(ms, "expense_ratio", d, 12).value == pytest.approx(35.0)
    combined = one(ms, "combined_ratio", d, 12)
    assert combined.value == pytest.approx(105.0) and "underwriting loss" in combined.reading


def test_nothing_to_work_with() -> None:
    ms = compute_metrics(Statements(), [])
    assert ms["working_capital"][0].status == "not_computable"
    assert "no balance sheet" in ms["working_capital"][0].reason


def test_ibm_1995_cash_and_cash_equivalents_printed_on_two_lines_are_both_cash() -> None:
    # IBM's 1995 10-K balance sheet (EX-13): "Cash 1,746 / 1,240" then "Cash equivalents 5,513 /
    # 6,682" ($ millions). The ratios' cash is both lines, as the filing's EX-27 CASH says: 7,259.
    a = analyze(corpus("1_0000051143_10-K405_19951231.txt"))
    cash = {m.period_end.isoformat(): m.inputs["cash"] for m in a.metrics["cash_ratio"]}
    assert cash["1995-12-31"]["value"] == 7_259_000_000
    assert cash["1994-12-31"]["value"] == 7_922_000_000
    assert "'Cash' + 'Cash equivalents'" in cash["1995-12-31"]["source"]
