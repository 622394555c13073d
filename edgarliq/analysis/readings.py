"""Norms and thresholds, and the one-line readings written against them.

Every threshold is a parameter: `compute_metrics(..., thresholds={"current_ratio_weak": 1.2})`
overrides one default and keeps the rest. The defaults and where they come from:

| key | default | source |
|---|---|---|
| current_ratio_weak | 1.5 | seeds 002/003: "below 1.5 weak" |
| current_ratio_ideal | 2.0 | seeds 002/003: "2 considered ideal"; also the normative K in §3 |
| quick_ratio_floor | 1.0 | seed 003: "below 1 is a warning" |
| cash_ratio_floor | 0.2 | seed 003: "0.2 is the usual floor" |
| cash_ratio_idle | 2.0 | seed 003: "above 2 means idle cash" |
| solvency_norm | 2.0 | seed 001: the normative current ratio in Kr/Kl |
| asset_share_conservative | 45.0 % | seed 002 gives no threshold, only examples: 44.44 % conservative, |
| asset_share_aggressive | 50.0 % |   54.55 % aggressive; the defaults classify both as the seed does |
| financing_share_conservative | 25.0 % | not in the seeds: CL below a quarter of total funding |
| financing_share_aggressive | 40.0 % | not in the seeds: CL above 40 % of total funding |
| loans_to_deposits_high | 100.0 % | a bank lending more than its deposits funds loans with borrowings |
| combined_ratio_breakeven | 100.0 % | an insurer's underwriting loses money above 100 % |
"""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_THRESHOLDS: dict[str, float] = {
    "current_ratio_weak": 1.5,
    "current_ratio_ideal": 2.0,
    "quick_ratio_floor": 1.0,
    "cash_ratio_floor": 0.2,
    "cash_ratio_idle": 2.0,
    "solvency_norm": 2.0,
    "asset_share_conservative": 45.0,
    "asset_share_aggressive": 50.0,
    "financing_share_conservative": 25.0,
    "financing_share_aggressive": 40.0,
    "loans_to_deposits_high": 100.0,
    "combined_ratio_breakeven": 100.0,
}


def resolve_thresholds(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """Defaults updated with `overrides`; an unknown key is an error (a typo would silently do nothing)."""
    merged = dict(DEFAULT_THRESHOLDS)
    for key, value in (overrides or {}).items():
        if key not in merged:
            raise KeyError(f"unknown threshold {key!r}; known: {', '.join(sorted(merged))}")
        merged[key] = float(value)
    return merged


def current_ratio_reading(value: float, t: Mapping[str, float]) -> str:
    weak, ideal = t["current_ratio_weak"], t["current_ratio_ideal"]
    if value < 1:
        return "below 1: current liabilities exceed current assets"
    if value < weak:
        return f"weak (below {weak:g})"
    if value < ideal:
        return f"adequate (between {weak:g} and the ideal {ideal:g})"
    return f"strong (at or above the ideal {ideal:g})"


def quick_ratio_reading(value: float, t: Mapping[str, float]) -> str:
    floor = t["quick_ratio_floor"]
    if value < floor:
        return f"warning: below {floor:g}, current liabilities depend on selling inventory"
    return f"sound (at or above {floor:g})"


def cash_ratio_reading(value: float, t: Mapping[str, float]) -> str:
    floor, idle = t["cash_ratio_floor"], t["cash_ratio_idle"]
    if value < floor:
        return f"below the usual floor of {floor:g}"
    if value > idle:
        return f"above {idle:g}: idle cash"
    return f"within the norm ({floor:g} to {idle:g})"


def need_reading(value: float) -> str:
    if value < 0:
        return "negative: suppliers finance the operating cycle (favourable)"
    return "positive: the company finances this part of its operating cycle itself"


def restoration_reading(value: float) -> str:
    if value > 1:
        return "above 1: solvency can realistically be restored within 6 months"
    return "1 or below: solvency is unlikely to be restored within 6 months"


def loss_reading(value: float) -> str:
    if value < 1:
        return "below 1: a real threat of losing solvency within 3 months"
    return "1 or above: no threat of losing solvency within 3 months"


def loans_to_deposits_reading(value: float, t: Mapping[str, float]) -> str:
    high = t["loans_to_deposits_high"]
    if value > high:
        return f"above {high:g} %: loans exceed deposits (funded partly by borrowings)"
    return f"at or below {high:g} %: loans covered by deposits"


def combined_ratio_reading(value: float, t: Mapping[str, float]) -> str:
    be = t["combined_ratio_breakeven"]
    if value > be:
        return f"above {be:g} %: underwriting loss"
    return f"at or below {be:g} %: underwriting profit"
