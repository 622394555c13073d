"""Pure formulas (analysis-methods.md) against hand-computed values, each with a missing-input case.

Figures in $ thousands are the seed 10-Q's (Computer Horizons, quarter ended 1997-06-27).
"""

from __future__ import annotations

from datetime import date

import pytest

from edgarliq.analysis import formulas as F
from edgarliq.analysis.calculators import bill_discount, bill_proceeds, borrow_to_take_discount, discount_forgo_cost

# --- §1 ---------------------------------------------------------------------------------------


def test_working_capital_seed_both_dates() -> None:
    assert F.working_capital(74_580, 14_770) == 59_810
    assert F.working_capital(67_203, 16_641) == 50_562
    assert F.working_capital(None, 14_770) is None
    assert F.working_capital(74_580, None) is None


def test_current_ratio_seed_and_zero_denominator() -> None:
    assert F.current_ratio(74_580, 14_770) == pytest.approx(5.0494, abs=1e-4)
    assert F.current_ratio(67_203, 16_641) == pytest.approx(4.0384, abs=1e-4)
    assert F.current_ratio(74_580, 0) is None  # never infinity, never 0
    assert F.current_ratio(None, 14_770) is None


def test_quick_ratio_seed() -> None:
    # (3,751 + 0 + 68,676) / 14,770
    assert F.quick_ratio(3_751, 0, 68_676, 14_770) == pytest.approx(4.9037, abs=1e-4)
    assert F.quick_ratio(3_751, None, 68_676, 14_770) is None


def test_cash_ratio_seed() -> None:
    assert F.cash_ratio(3_751, 0, 14_770) == pytest.approx(0.2540, abs=1e-4)
    assert F.cash_ratio(None, 0, 14_770) is None


def test_operating_wc_need_can_be_negative() -> None:
    assert F.operating_wc_need(68_676, 0, 398) == 68_278
    assert F.operating_wc_need(100, 50, 300) == -150  # suppliers finance the cycle
    assert F.operating_wc_need(100, None, 300) is None


def test_percent_is_in_percent_not_a_fraction() -> None:
    assert F.percent(1, 4) == 25.0
    assert F.percent(1, 0) is None
    assert F.percent(None, 4) is None


def test_total_and_nan_are_unknown() -> None:
    assert F.total(1, 2, 3) == 6
    assert F.total(1, None) is None
    assert F.ratio(float("nan"), 2) is None


# --- periods ----------------------------------------------------------------------------------


def test_period_days_and_annualise() -> None:
    assert [F.period_days(m) for m in (3, 6, 9, 12)] == [91, 182, 273, 365]
    assert F.period_days(4) == 122
    assert F.period_days(None) is None
    assert F.annualise(100, 3) == 400
    assert F.annualise(100, 12) == 100
    assert F.annualise(None, 3) is None
    assert F.annualise(100, None) is None


def test_months_between_seed_balance_dates() -> None:
    assert F.months_between(date(1996, 12, 31), date(1997, 6, 27)) == 6  # 178 days
    assert F.months_between(date(1996, 12, 28), date(1997, 12, 27)) == 12
    assert F.months_between(None, date(1997, 6, 27)) is None


def test_chronological_mean() -> None:
    # (10/2 + 20 + 30/2) / 2 = 20 ; two points: the plain average
    assert F.chronological_mean([10, 20, 30]) == 20
    assert F.chronological_mean([54_280, 68_676]) == 61_478
    assert F.chronological_mean([5]) == 5
    assert F.chronological_mean([10, None]) is None
    assert F.chronological_mean([]) is None


# --- §2 ---------------------------------------------------------------------------------------


def test_liquidity_groups_seed_1997() -> None:
    g = F.liquidity_groups(cash=3_751, short_term_investments=0, receivables=68_676, current_assets=74_580,
                           total_assets=96_386, short_term_debt=1_432, current_liabilities=14_770,
                           total_equity=79_919, total_liabilities_and_equity=96_386)
    assert g == {"A1": 3_751, "A2": 68_676, "A3": 2_153, "A4": 21_806,
                 "P1": 13_338, "P2": 1_432, "P3": 1_697, "P4": 79_919}
    assert F.group_condition(g["A1"], g["P1"]) is False
    assert F.group_condition(g["A2"], g["P2"]) is True
    assert F.group_condition(g["A3"], g["P3"]) is True
    assert F.group_condition(g["A4"], g["P4"], asset_at_most=True) is True


def test_liquidity_groups_unknown_short_term_debt_leaves_p1_p2_unknown() -> None:
    g = F.liquidity_groups(3_751, 0, 68_676, 74_580, 96_386, None, 14_770, 79_919, 96_386)
    assert g["P1"] is None and g["P2"] is None
    assert g["P3"] == 1_697 and g["A1"] == 3_751
    assert F.group_condition(g["A1"], g["P1"]) is None


# --- §3 ---------------------------------------------------------------------------------------


def test_loss_coefficient_seed() -> None:
    k0, k1 = 67_203 / 16_641, 74_580 / 14_770
    # (5.0494 + 3/6 x 1.0110) / 2 = 2.7775
    assert F.loss_coefficient(k1, k0, 6) == pytest.approx(2.7775, abs=1e-4)
    assert round(F.loss_coefficient(k1, k0, 6), 2) == 2.78


def test_restoration_coefficient_hand_computed() -> None:
    # K0 1.2, K1 1.5, T 6: (1.5 + 6/6 x 0.3) / 2 = 0.9
    assert F.restoration_coefficient(1.5, 1.2, 6) == pytest.approx(0.9)
    # T 3 doubles the trend term: (1.5 + 2 x 0.3) / 2 = 1.05
    assert F.restoration_coefficient(1.5, 1.2, 3) == pytest.approx(1.05)
    assert F.restoration_coefficient(None, 1.2, 6) is None
    assert F.restoration_coefficient(1.5, 1.2, 0) is None


# --- §4 ---------------------------------------------------------------------------------------


def test_days_metrics() -> None:
    # Seed six months, average receivables 61,478 on revenue 145,463 over 182 days.
    assert F.dso(61_478, 145_463, 182) == pytest.approx(76.92, abs=0.01)
    assert F.dio(0, 99_121, 182) == 0  # no inventory is 0 days, not an error
    assert F.dpo(760, 99_121, 182) == pytest.approx(1.3955, abs=1e-4)
    assert F.dso(None, 145_463, 182) is None
    assert F.dio(0, 0, 182) is None
    assert F.dpo(760, 99_121, None) is None


def test_cycles() -> None:
    assert F.operating_cycle(30, 45) == 75
    assert F.cash_conversion_cycle(30, 45, 20) == 55
    assert F.operating_cycle(None, 45) is None
    assert F.cash_conversion_cycle(30, 45, None) is None


# --- §5 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("share", "expected"), [(54.55, "aggressive"), (44.44, "conservative"),
                                                  (47.0, "moderate"), (None, None)])
def test_classify_share_seed_examples(share: float | None, expected: str | None) -> None:
    assert F.classify_share(share, 45.0, 50.0) == expected


@pytest.mark.parametrize(("asset", "financing", "expected"), [
    ("conservative", "aggressive", "incompatible"),
    ("aggressive", "conservative", "incompatible"),
    ("aggressive", "aggressive", "aggressive"),
    ("conservative", "conservative", "conservative"),
    ("moderate", "aggressive", "moderate"),
    ("conservative", "moderate", "moderate"),
    ("moderate", None, None),
])
def test_combine_policies_matrix(asset: str, financing: str | None, expected: str | None) -> None:
    assert F.combine_policies(asset, financing) == expected


def test_economic_return_on_assets_seed_example_and_annualising() -> None:
    # seed 002: 18.18 % and 22.22 % (e.g. EBIT 200 on assets 1,100 and 900, a full year)
    assert F.economic_return_on_assets(200, 1_100, 12) == pytest.approx(18.18, abs=0.01)
    assert F.economic_return_on_assets(200, 900) == pytest.approx(22.22, abs=0.01)
    # a quarter's 50 is 200 a year
    assert F.economic_return_on_assets(50, 1_100, 3) == pytest.approx(18.18, abs=0.01)
    assert F.economic_return_on_assets(None, 1_100, 3) is None


# --- §6 ---------------------------------------------------------------------------------------


def test_margins_seed() -> None:
    assert F.gross_margin(145_463, 99_121) == pytest.approx(31.858, abs=1e-3)  # MD&A 31.9 %
    assert F.gross_margin(75_714, 51_222) == pytest.approx(32.348, abs=1e-3)  # MD&A 32.4 %
    assert F.margin(8_382, 75_714) == pytest.approx(11.07, abs=0.01)
    assert F.margin(15_277, 145_463) == pytest.approx(10.50, abs=0.01)
    assert F.margin(4_843, 75_714) == pytest.approx(6.40, abs=0.01)
    assert F.gross_margin(0, 10) is None
    assert F.gross_margin(145_463, None) is None
    assert F.margin(None, 75_714) is None


def test_free_cash_flow_takes_capex_as_a_magnitude() -> None:
    assert F.free_cash_flow(364, 42) == 322  # seed 000
    assert F.free_cash_flow(364, -42) == 322  # printed as (42) in a cash-flow statement
    assert F.free_cash_flow(-6_001, -975) == -6_976  # seed 10-Q, six months 1997
    assert F.free_cash_flow(364, None) is None


def test_growth() -> None:
    assert F.growth(75_714, 56_032) == pytest.approx(35.13, abs=0.01)  # MD&A 35.1 %
    assert F.growth(90, 100) == pytest.approx(-10.0)
    assert F.growth(10, 0) is None
    assert F.growth(10, -5) is None  # from a loss: no meaningful rate
    assert F.growth(None, 5) is None


def test_ebit_from_pretax_uses_interest_magnitude() -> None:
    assert F.ebit_from_pretax(15_525, -158) == 15_683
    assert F.ebit_from_pretax(15_525, 158) == 15_683
    assert F.ebit_from_pretax(15_525, None) is None


# --- §7 calculators ---------------------------------------------------------------------------


def test_discount_forgo_cost_2_10_net_30() -> None:
    # 2 / 98 x 360 / 20 = 36.73 %
    assert discount_forgo_cost(2, 30, 10) == pytest.approx(36.7347, abs=1e-4)
    assert discount_forgo_cost(1, 45, 15) == pytest.approx(1 / 99 * 12 * 100, abs=1e-9)
    assert borrow_to_take_discount(2, 30, 10, bank_rate_pct=12) is True
    assert borrow_to_take_discount(0.5, 90, 10, bank_rate_pct=12) is False  # 2.29 %


def test_discount_forgo_cost_rejects_impossible_terms() -> None:
    with pytest.raises(ValueError):
        discount_forgo_cost(2, 10, 10)
    with pytest.raises(ValueError):
        discount_forgo_cost(100, 30, 10)


def test_bill_discount() -> None:
    # 100,000 x 90 x 8 % / 360 = 2,000
    assert bill_discount(100_000, 90, 8) == pytest.approx(2_000)
    assert bill_proceeds(100_000, 90, 8) == pytest.approx(98_000)
    with pytest.raises(ValueError):
        bill_discount(100_000, -1, 8)


def test_calculators_exported_from_package() -> None:
    import edgarliq.analysis as analysis

    assert analysis.discount_forgo_cost is discount_forgo_cost
    assert analysis.bill_discount is bill_discount
