"""Metrics over time: the stitched series fed to the existing metric code, unchanged.

The stitched balances become one balance sheet with a column per balance date, the discrete
quarters and TTM sums one income statement and one cash-flow statement with a 3-month and a
12-month column per quarter end. `edgarliq.analysis.compute_metrics` then computes every metric
exactly as for one filing (same formulas, same input rules, same readings): DSO / DIO / DPO and
the cash conversion cycle of a 12-month column use the chronological mean of the quarterly
balances inside it. The one thing a single filing cannot give, the restoration / loss coefficient
between *consecutive* balance dates, is computed here with the same pure formulas.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from edgarliq.analysis import compute_metrics
from edgarliq.analysis import formulas as F
from edgarliq.analysis import readings as R
from edgarliq.analysis.metrics import Metric
from edgarliq.model import concept_measure
from edgarliq.statements import Statement, StatementColumn, StatementRow


def _statement(kind: str, columns: Sequence[tuple[date, int | None]], concepts: Sequence[str],
               values: Mapping[tuple[str, date, int | None], float]) -> Statement:
    cols = tuple(StatementColumn(d, m, f"{m}M {d}" if m else str(d)) for d, m in columns)
    # Totals first: with no item lines above a total, the metric code never infers a missing
    # component as 0 from a "fully itemised" section (a stitched gap must stay a gap).
    ordered = sorted(concepts, key=lambda c: not c.startswith("total"))
    rows = tuple(StatementRow(f"stitched {c}", c, 0, c.startswith("total"),
                              tuple(values.get((c, d, m)) for d, m in columns), measure=concept_measure(c))
                 for c in ordered)
    return Statement(kind, f"stitched {kind}", 1, "history", 0, cols, rows, "printed")  # type: ignore[arg-type]


def history_metrics(balances: Mapping[tuple[str, date], float], flows: Mapping[tuple[str, date, int], float],
                    flow_kind: Mapping[str, str], thresholds: Mapping[str, float] | None = None) -> list[Metric]:
    """Every metric for every stitched balance date, quarter (3M) and TTM (12M)."""
    dates = sorted({d for _, d in balances}, reverse=True)
    bal_values = {(c, d, None): v for (c, d), v in balances.items()}
    bs = _statement("balance_sheet", [(d, None) for d in dates], sorted({c for c, _ in balances}), bal_values)
    statements: dict[str, Statement] = {"balance_sheet": bs}
    for kind in ("income_statement", "cash_flow"):
        keys = [(c, d, m) for (c, d, m) in flows if flow_kind.get(c) == kind]
        if not keys:
            continue
        cols = sorted({(d, m) for _, d, m in keys}, key=lambda x: (x[0], x[1]), reverse=True)
        statements[kind] = _statement(kind, cols, sorted({c for c, _, _ in keys}), flows)  # type: ignore[arg-type]
    found = compute_metrics(statements, [], thresholds=thresholds)
    out = [m for name, ms in found.items() if not name.startswith("solvency_") for m in ms]
    out.extend(consecutive_solvency(balances, thresholds))
    return out


def consecutive_solvency(balances: Mapping[tuple[str, date], float],
                         thresholds: Mapping[str, float] | None = None) -> list[Metric]:
    """Kr (restoration, when K1 < norm) or Kl (loss, when K1 >= norm) between each pair of consecutive
    balance dates, with T the months between them."""
    t = R.resolve_thresholds(thresholds)
    norm = t["solvency_norm"]
    dates = sorted({d for _, d in balances})
    out: list[Metric] = []

    def k(d: date) -> float | None:
        return F.current_ratio(balances.get(("total_current_assets", d)),
                               balances.get(("total_current_liabilities", d)))

    for d0, d1 in zip(dates, dates[1:], strict=False):
        k0, k1 = k(d0), k(d1)
        months = F.months_between(d0, d1)
        inputs: dict[str, dict[str, Any]] = {"K0": {"value": k0, "source": f"current ratio at {d0}"},
                                             "K1": {"value": k1, "source": f"current ratio at {d1}"},
                                             "T": {"value": months, "source": f"months from {d0} to {d1}"}}
        if k0 is None or k1 is None or not months:
            why = "missing the current ratio at " + " and ".join(str(d) for d, k in ((d0, k0), (d1, k1)) if k is None)
            out.append(Metric("solvency_coefficient", None, "ratio", d1, months, "", inputs, "not_computable",
                              why if (k0 is None or k1 is None) else "the two balance dates are too close"))
            continue
        if k1 < norm:
            name, value, text = "solvency_restoration_coefficient", F.restoration_coefficient(k1, k0, months, norm), \
                R.restoration_reading
            formula = f"Kr = (K1 + 6 / T x (K1 - K0)) / {norm:g}"
        else:
            name, value, text = "solvency_loss_coefficient", F.loss_coefficient(k1, k0, months, norm), R.loss_reading
            formula = f"Kl = (K1 + 3 / T x (K1 - K0)) / {norm:g}"
        out.append(Metric(name, value, "ratio", d1, months, formula, inputs, "ok", None,
                          text(value) if value is not None else None, f"since {d0}"))
    return out
