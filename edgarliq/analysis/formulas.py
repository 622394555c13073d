"""Pure formulas of analysis-methods.md: numbers in, number (or None) out.

Conventions shared by every function here:

* An input of ``None`` means *unknown*; the result is then ``None`` (never 0, never a guess).
  A zero denominator also gives ``None``: the caller (``metrics.py``) tells the two cases apart
  and writes the reason.
* Percentages are returned in percent (``31.9`` means 31.9 %, not 0.319), because that is how
  filings print them and how the MD&A claims are compared.
* Amounts are in absolute currency units; days are calendar days.

Nothing here looks anything up: finding inputs is `metrics.py`'s job, so every formula can be
tested with hand-computed numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

Num = float | None

# Days used for a period of N months (analysis-methods.md §4: 91/182/273/365).
_PERIOD_DAYS = {3: 91, 6: 182, 9: 273, 12: 365}


def _known(*values: Num) -> bool:
    # (a loop, not all() over a generator: every formula calls this, ~90 times per filing, and
    # the generator's set-up costs more than the test)
    for v in values:  # noqa: SIM110
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return False
    return True


def ratio(numerator: Num, denominator: Num) -> Num:
    """numerator / denominator; None when either is unknown or the denominator is 0."""
    if not _known(numerator, denominator) or denominator == 0:
        return None
    return numerator / denominator


def percent(numerator: Num, denominator: Num) -> Num:
    """numerator / denominator in percent."""
    r = ratio(numerator, denominator)
    return None if r is None else r * 100.0


def total(*values: Num) -> Num:
    """Sum of known values; None as soon as one is unknown."""
    if not _known(*values):
        return None
    return float(sum(values))


# --- §1 working capital and liquidity ratios ------------------------------------------------

def working_capital(current_assets: Num, current_liabilities: Num) -> Num:
    """CA - CL."""
    if not _known(current_assets, current_liabilities):
        return None
    return current_assets - current_liabilities


def current_ratio(current_assets: Num, current_liabilities: Num) -> Num:
    """CA / CL."""
    return ratio(current_assets, current_liabilities)


def quick_ratio(cash: Num, short_term_investments: Num, receivables: Num, current_liabilities: Num) -> Num:
    """(Cash + STI + AR) / CL."""
    return ratio(total(cash, short_term_investments, receivables), current_liabilities)


def cash_ratio(cash: Num, short_term_investments: Num, current_liabilities: Num) -> Num:
    """(Cash + STI) / CL ("absolute liquidity")."""
    return ratio(total(cash, short_term_investments), current_liabilities)


def operating_wc_need(receivables: Num, inventory: Num, accounts_payable: Num) -> Num:
    """AR + INV - AP: the part of the operating cycle the company finances itself."""
    if not _known(receivables, inventory, accounts_payable):
        return None
    return receivables + inventory - accounts_payable


# --- periods and averages ---------------------------------------------------------------------

def period_days(months: int | None) -> int | None:
    """Days in a period of `months` (91/182/273/365; other lengths pro rata of 365)."""
    if not months or months <= 0:
        return None
    return _PERIOD_DAYS.get(months, round(months * 365 / 12))


def annualise(value: Num, months: int | None) -> Num:
    """A flow for `months` scaled to twelve months (x 12 / months)."""
    if not _known(value) or not months or months <= 0:
        return None
    return value * 12.0 / months


def months_between(start: date | None, end: date | None) -> int | None:
    """Whole months from `start` to `end`, rounded (1996-12-31 -> 1997-06-27 is 6)."""
    if start is None or end is None:
        return None
    return round((end - start).days / (365.25 / 12))


def chronological_mean(values: Sequence[Num]) -> Num:
    """(v0/2 + v1 + ... + v(n-2) + v(n-1)/2) / (n - 1); a single value is returned as is."""
    if not values or not _known(*values):
        return None
    if len(values) == 1:
        return float(values[0])
    inner = sum(values[1:-1])
    return (values[0] / 2 + inner + values[-1] / 2) / (len(values) - 1)


def days_of(balance: Num, flow: Num, days: int | None) -> Num:
    """balance / flow x days: DSO, DIO, DPO and the need in days of revenue."""
    r = ratio(balance, flow)
    if r is None or not days:
        return None
    return r * days


# --- §2 balance-sheet liquidity groups ------------------------------------------------------

def liquidity_groups(cash: Num, short_term_investments: Num, receivables: Num, current_assets: Num,
                     total_assets: Num, short_term_debt: Num, current_liabilities: Num,
                     total_equity: Num, total_liabilities_and_equity: Num) -> dict[str, Num]:
    """A1..A4 and P1..P4. A3 and P1 are residuals so the groups add up to the printed totals:
    A3 = CA - A1 - A2 (inventory and other current assets), A4 = TA - CA,
    P1 = CL - P2 (payables and other operating liabilities), P3 = (L+E) - CL - E."""
    a1 = total(cash, short_term_investments)
    a2 = receivables if _known(receivables) else None
    a3 = None if not _known(current_assets, a1, a2) else current_assets - a1 - a2
    a4 = None if not _known(total_assets, current_assets) else total_assets - current_assets
    p2 = short_term_debt if _known(short_term_debt) else None
    p1 = None if not _known(current_liabilities, p2) else current_liabilities - p2
    p3 = (None if not _known(total_liabilities_and_equity, current_liabilities, total_equity)
          else total_liabilities_and_equity - current_liabilities - total_equity)
    p4 = total_equity if _known(total_equity) else None
    return {"A1": a1, "A2": a2, "A3": a3, "A4": a4, "P1": p1, "P2": p2, "P3": p3, "P4": p4}


def group_condition(asset_group: Num, liability_group: Num, *, asset_at_most: bool = False) -> bool | None:
    """A >= P for groups 1-3; A4 <= P4 (`asset_at_most`) for the last. None when a side is unknown."""
    if not _known(asset_group, liability_group):
        return None
    return asset_group <= liability_group if asset_at_most else asset_group >= liability_group


# --- §3 solvency restoration / loss coefficients -------------------------------------------

def solvency_coefficient(k1: Num, k0: Num, t_months: int | None, horizon_months: int, norm: float = 2.0) -> Num:
    """(K1 + horizon / T x (K1 - K0)) / norm: restoration (horizon 6) and loss (horizon 3)."""
    if not _known(k1, k0) or not t_months or t_months <= 0 or not norm:
        return None
    return (k1 + horizon_months / t_months * (k1 - k0)) / norm


def restoration_coefficient(k1: Num, k0: Num, t_months: int | None, norm: float = 2.0) -> Num:
    """Kr = (K1 + 6/T x (K1 - K0)) / 2; > 1 means solvency can be restored within 6 months."""
    return solvency_coefficient(k1, k0, t_months, 6, norm)


def loss_coefficient(k1: Num, k0: Num, t_months: int | None, norm: float = 2.0) -> Num:
    """Kl = (K1 + 3/T x (K1 - K0)) / 2; < 1 means a real threat of losing solvency within 3 months."""
    return solvency_coefficient(k1, k0, t_months, 3, norm)


# --- §4 operating cycle ---------------------------------------------------------------------

def dso(receivables: Num, revenue: Num, days: int | None) -> Num:
    """AR / Rev x D."""
    return days_of(receivables, revenue, days)


def dio(inventory: Num, cost_of_revenue: Num, days: int | None) -> Num:
    """INV / COGS x D."""
    return days_of(inventory, cost_of_revenue, days)


def dpo(accounts_payable: Num, cost_of_revenue: Num, days: int | None) -> Num:
    """AP / COGS x D."""
    return days_of(accounts_payable, cost_of_revenue, days)


def operating_cycle(dio_days: Num, dso_days: Num) -> Num:
    """DIO + DSO."""
    return total(dio_days, dso_days)


def cash_conversion_cycle(dio_days: Num, dso_days: Num, dpo_days: Num) -> Num:
    """DIO + DSO - DPO."""
    if not _known(dio_days, dso_days, dpo_days):
        return None
    return dio_days + dso_days - dpo_days


# --- §5 working-capital policy --------------------------------------------------------------

def classify_share(share_pct: Num, conservative_below: float, aggressive_above: float) -> str | None:
    """'conservative' below the low threshold, 'aggressive' above the high one, else 'moderate'."""
    if not _known(share_pct):
        return None
    if share_pct < conservative_below:
        return "conservative"
    if share_pct > aggressive_above:
        return "aggressive"
    return "moderate"


def combine_policies(asset_policy: str | None, financing_policy: str | None) -> str | None:
    """The combination matrix of §5: opposite extremes are incompatible; otherwise the more
    moderate side names the policy (both aggressive -> aggressive, any moderate -> moderate)."""
    if asset_policy is None or financing_policy is None:
        return None
    pair = {asset_policy, financing_policy}
    if pair == {"conservative", "aggressive"}:
        return "incompatible"
    if "moderate" in pair:
        return "moderate"
    return asset_policy  # both the same extreme


def economic_return_on_assets(ebit: Num, total_assets: Num, months: int | None = 12) -> Num:
    """Operating result before interest and tax / TA, in percent, annualised for partial periods."""
    return percent(annualise(ebit, months), total_assets)


# --- §6 margins, growth and cash ------------------------------------------------------------

def gross_margin(revenue: Num, cost_of_revenue: Num) -> Num:
    """(Rev - COGS) / Rev in percent."""
    if not _known(revenue, cost_of_revenue):
        return None
    return percent(revenue - cost_of_revenue, revenue)


def margin(amount: Num, revenue: Num) -> Num:
    """amount / revenue in percent (operating, pretax and net margins)."""
    return percent(amount, revenue)


def free_cash_flow(operating_cash_flow: Num, capex: Num) -> Num:
    """OCF - CapEx. CapEx is taken as a magnitude: cash-flow statements print purchases of
    property as a negative number, and subtracting that sign would add it back."""
    if not _known(operating_cash_flow, capex):
        return None
    return operating_cash_flow - abs(capex)


def growth(current: Num, prior: Num) -> Num:
    """(current - prior) / prior in percent; None when the prior value is 0 or negative
    (a change from a loss has no meaningful growth rate)."""
    if not _known(current, prior) or prior <= 0:
        return None
    return (current - prior) / prior * 100.0


def ebit_from_pretax(pretax_income: Num, interest_expense: Num) -> Num:
    """Pretax income + interest expense (a magnitude: income statements print it either sign)."""
    if not _known(pretax_income, interest_expense):
        return None
    return pretax_income + abs(interest_expense)
