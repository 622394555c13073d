"""Trade-credit calculators (analysis-methods.md §7). Not filing metrics: plain functions for
the Python API. Rates are in percent (2.0 means 2 %), like every percentage in edgarliq."""

from __future__ import annotations

__all__ = ["discount_forgo_cost", "bill_discount", "bill_proceeds", "borrow_to_take_discount"]


def discount_forgo_cost(discount_pct: float, term_days: float, discount_days: float, year_days: int = 360) -> float:
    """Annual cost (%) of not taking an early-payment discount ("2/10 net 30" -> 36.73).

    d / (100 - d) x 360 / (term - discount period), in percent.
    """
    if not 0 <= discount_pct < 100:
        raise ValueError(f"discount must be in [0, 100) percent, got {discount_pct}")
    if term_days <= discount_days:
        raise ValueError(f"payment term ({term_days} days) must be longer than the discount period "
                         f"({discount_days} days)")
    return discount_pct / (100.0 - discount_pct) * year_days / (term_days - discount_days) * 100.0


def borrow_to_take_discount(discount_pct: float, term_days: float, discount_days: float,
                            bank_rate_pct: float, year_days: int = 360) -> bool:
    """True when forgoing the discount costs more than the bank rate: borrow and pay early."""
    return discount_forgo_cost(discount_pct, term_days, discount_days, year_days) > bank_rate_pct


def bill_discount(face_value: float, days_to_maturity: float, rate_pct: float, year_days: int = 360) -> float:
    """Discount on a bill: face x days to maturity x rate / 360 (rate in percent)."""
    if days_to_maturity < 0:
        raise ValueError(f"days to maturity must not be negative, got {days_to_maturity}")
    return face_value * days_to_maturity * rate_pct / 100.0 / year_days


def bill_proceeds(face_value: float, days_to_maturity: float, rate_pct: float, year_days: int = 360) -> float:
    """What the holder receives when discounting the bill: face - discount."""
    return face_value - bill_discount(face_value, days_to_maturity, rate_pct, year_days)
