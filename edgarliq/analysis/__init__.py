"""Analysis: liquidity and performance metrics, MD&A claims, trade-credit calculators.

`compute_metrics(statements, schedules)` -> ``{name: [Metric per period]}``;
`check_claims(submission_or_text, metrics)` -> ``[Check]``; `metrics_frame(metrics)` -> a long
DataFrame for CSV. Percent metrics are expressed in percent (31.9, not 0.319).
"""

from __future__ import annotations

from edgarliq.analysis.calculators import (
    bill_discount,
    bill_proceeds,
    borrow_to_take_discount,
    discount_forgo_cost,
)
from edgarliq.analysis.claims import Claim, check_claims, find_claims
from edgarliq.analysis.metrics import Metric, compute_metrics, metrics_frame
from edgarliq.analysis.readings import DEFAULT_THRESHOLDS

__all__ = [
    "DEFAULT_THRESHOLDS",
    "Claim",
    "Metric",
    "bill_discount",
    "bill_proceeds",
    "borrow_to_take_discount",
    "check_claims",
    "compute_metrics",
    "discount_forgo_cost",
    "find_claims",
    "metrics_frame",
]
