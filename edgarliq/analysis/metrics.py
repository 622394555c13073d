"""Find each formula's inputs in the statements (or the EX-27 schedule) and build `Metric`s.

The formulas themselves live in `formulas.py`; this module only decides *which* number feeds
them and records where it came from, so every metric in the JSON lists its inputs.

Where an input comes from, in order:

1. the printed statement (``balance_sheet: 'Cash and cash equivalents' 1997-06-27``);
2. the Article 5 EX-27 column for the same date/period (``EX-27 CASH 1997-06-27``), used when
   the statement or its row is missing. An EX-27 zero is taken at its word only here, and the
   source says so (EX-27 zeros sometimes mean "not reported");
3. for the components of current assets/liabilities (cash, investments, receivables,
   inventory, payables, short-term debt): 0 when the section's printed lines add up to its
   printed total and no line is, or looks like, that item (a service company prints no
   inventory line because it has none);
4. otherwise unknown: the metric is ``not_computable`` with the reason. Never 0.

Percent metrics are in percent (31.9, not 0.319).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta

from edgarliq import lazyre
from edgarliq.analysis import formulas as F
from edgarliq.analysis import readings as R
from edgarliq.record import field, record, replace

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from typing import Any, Literal

    Status = Literal["ok", "not_computable", "not_applicable"]

__all__ = ["Metric", "Value", "InputFinder", "compute_metrics", "metrics_frame"]


@record(frozen=True, slots=True)
class Metric:
    """One metric for one balance date or period.

    `value` is always a number (percent metrics in percent) or None: None when `status` is not
    ``ok`` (then `reason` says why) and for classifications (unit ``verdict``), whose outcome is
    the text `verdict` ("not absolutely liquid", "incompatible"). Keeping text out of `value`
    keeps every table's value column numeric. `inputs` maps each input name to
    ``{"value": number | None, "source": text}``.
    """

    name: str
    value: float | None
    unit: str
    period_end: date | None
    months: int | None
    formula: str
    inputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    status: Status = "ok"
    reason: str | None = None
    reading: str | None = None
    note: str | None = None
    verdict: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": _finite(self.value),
            "unit": self.unit,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "months": self.months,
            "formula": self.formula,
            "inputs": {k: dict(v) for k, v in self.inputs.items()},
            "status": self.status,
            "reason": self.reason,
            "reading": self.reading,
            "note": self.note,
            "verdict": self.verdict,
        }


def _finite(v: Any) -> float | None:
    """A JSON- and float64-safe number: int/float as float, anything else (text, NaN, inf) None."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    f = float(v)
    return f if math.isfinite(f) else None


@record(frozen=True, slots=True)
class Value:
    """An input as found: its value (None = unknown) and where it came from (or why unknown)."""

    value: float | None
    source: str

    def as_input(self) -> dict[str, Any]:
        return {"value": self.value, "source": self.source}


# --- EX-27 tags standing in for statement concepts --------------------------------------------
# Each concept lists alternatives; an alternative is a list of (sign, tag, required).
_Spec = list[tuple[int, str, bool]]

_FDS_BALANCE: dict[str, list[_Spec]] = {
    "cash": [[(1, "CASH", True)]],
    "short_term_investments": [[(1, "SECURITIES", True)]],
    # EX-27 RECEIVABLES is gross; the balance sheet prints it net of ALLOWANCES.
    "receivables": [[(1, "RECEIVABLES", True), (-1, "ALLOWANCES", False)]],
    "inventory": [[(1, "INVENTORY", True)]],
    "total_current_assets": [[(1, "CURRENT-ASSETS", True)]],
    "total_assets": [[(1, "TOTAL-ASSETS", True)]],
    "total_current_liabilities": [[(1, "CURRENT-LIABILITIES", True)]],
    "long_term_debt": [[(1, "BONDS", True)]],
    "total_equity": [[(1, "COMMON", True), (1, "OTHER-SE", True), (1, "PREFERRED", False)]],
    "total_liabilities_and_equity": [[(1, "TOTAL-LIABILITY-AND-EQUITY", True)],
                                     [(1, "TOTAL-LIABILITIES-AND-EQUITY", True)]],
}
_FDS_FLOW: dict[str, list[_Spec]] = {
    "revenue": [[(1, "TOTAL-REVENUES", True)], [(1, "SALES", True)]],
    # TOTAL-COSTS is "costs applicable to revenues"; CGS only covers tangible goods (0 for the
    # seed service company), so TOTAL-COSTS comes first.
    "cost_of_revenue": [[(1, "TOTAL-COSTS", True)], [(1, "CGS", True)]],
    "interest_expense": [[(1, "INTEREST-EXPENSE", True)]],
    "pretax_income": [[(1, "INCOME-PRETAX", True)]],
    "income_tax": [[(1, "INCOME-TAX", True)]],
    "net_income": [[(1, "NET-INCOME", True)]],
}
# Costs of 0 in an EX-27 mean "not reported" far more often than "free": skip such zeros.
_FDS_ZERO_IS_UNKNOWN = {"cost_of_revenue", "revenue"}

# Components that may be inferred as 0 from a fully itemised section, with the label words that
# would mean an unmapped line might be that item after all.
_SECTION_OF = {
    "cash": "current_assets", "short_term_investments": "current_assets", "receivables": "current_assets",
    "inventory": "current_assets", "accounts_payable": "current_liabilities",
    "short_term_debt": "current_liabilities",
}
_LOOKALIKE = {
    "cash": lazyre.compile(r"cash", re.I),
    "short_term_investments": lazyre.compile(r"invest|securit|marketable|time deposit|certificates", re.I),
    "receivables": lazyre.compile(r"receivabl|due from", re.I),
    "inventory": lazyre.compile(r"inventor|merchandise|materials|finished goods|work in process|stock", re.I),
    "accounts_payable": lazyre.compile(r"payable", re.I),
    "short_term_debt": lazyre.compile(r"debt|borrow|notes? payable|loan|current (portion|maturit)|lease|"
                                      r"commercial paper|bank|credit", re.I),
}
_WORDS = {c: c.replace("_", " ") for c in _SECTION_OF}

_DATE_SLACK = timedelta(days=7)  # 52/53-week years print 06-27 on one page and 06-30 on another


def _fmt(v: float | None) -> str:
    if v is None:
        return "unknown"
    return f"{v:,.0f}" if abs(v - round(v)) < 1e-6 else f"{v:,.2f}"


class InputFinder:
    """Looks up concepts by date/period in the statements, falling back to EX-27 schedules."""

    def __init__(self, statements: Mapping[str, Any] | None, schedules: Sequence[Any] | None) -> None:
        self.statements: Mapping[str, Any] = statements or {}
        schedules = list(schedules or [])
        # Original schedules before restated ones: the filing's own period comes first.
        schedules.sort(key=lambda s: bool(getattr(s, "restated", False)))
        self.schedules = schedules
        self.fds5 = [c for s in schedules if _article(s) in (None, "5") for c in s.columns]
        # Every metric family asks for the same few balances and flows again (a filing's ~40
        # metrics per date re-read ~10 inputs, each a scan of the statement's columns and rows):
        # the answers are kept per finder, which sees one filing's statements and schedules.
        # Values are frozen, so handing the same one out twice is safe.
        self._statements: dict[str, Any | None] = {}
        self._balances: dict[tuple[str, date], Value] = {}
        self._flows: dict[tuple[str, str, date, int], Value] = {}
        self._balance_dates: list[date] | None = None
        self._flow_periods: dict[str, list[tuple[date, int]]] = {}
        self._concept_rows: dict[str, dict[str, list[Any]]] = {}

    # -- periods --------------------------------------------------------------------------
    def statement(self, kind: str) -> Any | None:
        try:
            return self._statements[kind]
        except KeyError:
            pass
        st = self.statements.get(kind) if self.statements else None
        st = self._statements[kind] = st if st is not None and getattr(st, "columns", None) else None
        return st

    def balance_dates(self) -> list[date]:
        """Balance-sheet dates as printed (latest usually first); EX-27 dates when no balance sheet."""
        if self._balance_dates is None:
            self._balance_dates = self._find_balance_dates()
        return list(self._balance_dates)  # (a copy: callers may sort or extend it)

    def _find_balance_dates(self) -> list[date]:
        bs = self.statement("balance_sheet")
        dates: list[date] = []
        if bs is not None:
            dates = [c.period_end for c in bs.columns if c.period_end is not None]
        if not dates:
            dates = [c.period_end for c in self.fds5 if c.period_end is not None]
        return list(dict.fromkeys(dates))

    def flow_periods(self, kind: str) -> list[tuple[date, int]]:
        """(period_end, months) of a flow statement's columns as printed; EX-27 columns when the
        statement is missing (the cash flow has no EX-27 counterpart)."""
        periods = self._flow_periods.get(kind)
        if periods is None:
            periods = self._flow_periods[kind] = self._find_flow_periods(kind)
        return list(periods)

    def _find_flow_periods(self, kind: str) -> list[tuple[date, int]]:
        st = self.statement(kind)
        periods: list[tuple[date, int]] = []
        if st is not None:
            periods = [(c.period_end, c.months) for c in st.columns if c.period_end is not None and c.months]
        if not periods and kind == "income_statement":
            periods = [(c.period_end, c.months) for c in self.fds5 if c.period_end is not None and c.months]
        return list(dict.fromkeys(periods))

    def balance_date_near(self, d: date) -> date | None:
        for b in self.balance_dates():
            if abs(b - d) <= _DATE_SLACK:
                return b
        return None

    # -- balances -------------------------------------------------------------------------
    def balance(self, concept: str, d: date) -> Value:
        key = (concept, d)
        got = self._balances.get(key)
        if got is None:
            got = self._balances[key] = self._find_balance(concept, d)
        return got

    def _find_balance(self, concept: str, d: date) -> Value:
        bs = self.statement("balance_sheet")
        i = _column_index(bs, d, None) if bs is not None else None
        if bs is not None and i is not None:
            row = self._row("balance_sheet", bs, concept, i)
            if row is not None:
                if concept == "cash":
                    eq = _cash_equivalents_beside(bs, row, i)
                    if eq is not None:
                        return Value(float(row.values[i]) + float(eq.values[i]),
                                     f"balance_sheet: '{row.label}' + '{eq.label}' {d}")
                return Value(float(row.values[i]), f"balance_sheet: '{row.label}' {d}")
        where = "" if i is not None else f" (no balance sheet at {d})" if bs is not None else " (no balance sheet)"
        fds = self._fds(_FDS_BALANCE.get(concept, []), d, None, concept)
        if fds is not None:
            if i is not None:
                qualifier = f"the balance sheet has no {_WORDS.get(concept, concept)} row"
                if fds.value == 0:
                    qualifier += "; taken as 0 only because the schedule says 0"
                return Value(fds.value, f"{fds.source} ({qualifier})")
            return Value(fds.value, fds.source + where)
        if bs is not None and i is not None:
            zero = _absent_from_itemised_section(bs, concept, i, d)
            if zero is not None:
                return zero
        tags = " or ".join(" ".join(t for _, t, _ in alt) for alt in _FDS_BALANCE.get(concept, []))
        return Value(None, f"not found: no {_WORDS.get(concept, concept.replace('_', ' '))} row on the balance "
                           f"sheet at {d}{where}" + (f" and no EX-27 {tags}" if tags else ""))

    def average_balance(self, concept: str, end: date, months: int) -> tuple[Value, str]:
        """Chronological mean of the balances inside the period (opening .. closing) when the
        filing prints more than one, else the period-end balance; the text says which."""
        close = self.balance_date_near(end)
        if close is None:
            return Value(None, f"no balance sheet at {end} (the period's end)"), ""
        start = end - timedelta(days=round(months * 365.25 / 12))
        dates = sorted(b for b in self.balance_dates() if start - timedelta(days=10) <= b <= close)
        values = [self.balance(concept, b) for b in dates]
        if len(dates) > 1 and all(v.value is not None for v in values):
            mean = F.chronological_mean([v.value for v in values])
            parts = "; ".join(f"{b} {_fmt(v.value)} [{v.source}]" for b, v in zip(dates, values, strict=True))
            return Value(mean, f"chronological mean of {parts}"), f"{concept}: mean of {len(dates)} balances"
        closing = self.balance(concept, close)
        if len(dates) > 1:
            return closing, f"{concept}: period-end balance (the opening balance is unknown)"
        return closing, f"{concept}: period-end balance (no opening balance in the filing)"

    # -- flows ----------------------------------------------------------------------------
    def flow(self, kind: str, concept: str, d: date, months: int) -> Value:
        key = (kind, concept, d, months)
        got = self._flows.get(key)
        if got is None:
            got = self._flows[key] = self._find_flow(kind, concept, d, months)
        return got

    def _find_flow(self, kind: str, concept: str, d: date, months: int) -> Value:
        st = self.statement(kind)
        i = _column_index(st, d, months) if st is not None else None
        if st is not None and i is not None:
            row = self._row(kind, st, concept, i)
            if row is not None:
                return Value(float(row.values[i]), f"{kind}: '{row.label}' {months}M {d}")
        if kind == "income_statement":
            fds = self._fds(_FDS_FLOW.get(concept, []), d, months, concept)
            if fds is not None:
                note = f" (the income statement has no {concept.replace('_', ' ')} row)" if i is not None else ""
                return Value(fds.value, fds.source + note)
        what = kind.replace("_", " ")
        if st is None:
            return Value(None, f"not found: no {what} in the filing")
        if i is None:
            return Value(None, f"not found: the {what} has no {months}-month column ending {d}")
        return Value(None, f"not found: no {concept.replace('_', ' ')} row in the {what} ({months}M {d})")

    def _row(self, kind: str, statement: Any, concept: str, i: int) -> Any | None:
        """`_row(statement, concept, i)` through an index of the statement's rows by concept
        (built once per statement: each lookup otherwise scans every row)."""
        index = self._concept_rows.get(kind)
        if index is None:
            index = self._concept_rows[kind] = {}
            for row in statement.rows:
                if row.concept is not None:
                    index.setdefault(row.concept, []).append(row)
        for row in index.get(concept, ()):
            if i < len(row.values) and row.values[i] is not None:
                return row
        return None

    # -- EX-27 ----------------------------------------------------------------------------
    def _fds(self, alternatives: list[_Spec], d: date, months: int | None, concept: str) -> Value | None:
        for col in self.fds5:
            if col.period_end is None or abs(col.period_end - d) > timedelta(days=3):
                continue
            if months is not None and col.months != months:
                continue
            values = getattr(col, "values", {}) or {}
            for alt in alternatives:
                got = _fds_eval(values, alt)
                if got is None:
                    continue
                value, expr = got
                if value == 0 and concept in _FDS_ZERO_IS_UNKNOWN:
                    continue
                period = f"{months}M {col.period_end}" if months else f"{col.period_end}"
                return Value(value, f"EX-27 {expr} {period}")
        return None


def _article(schedule: Any) -> str | None:
    a = getattr(schedule, "article", None)
    return str(a).strip().upper() if a is not None else None


def _fds_eval(values: Mapping[str, float], spec: _Spec) -> tuple[float, str] | None:
    total = 0.0
    expr: list[str] = []
    for sign, tag, required in spec:
        v = values.get(tag)
        if v is None:
            if required:
                return None
            continue
        total += sign * float(v)
        expr.append(("- " if sign < 0 else "+ " if expr else "") + tag)
    return total, " ".join(expr)


def _column_index(statement: Any, d: date, months: int | None) -> int | None:
    for i, col in enumerate(statement.columns):
        if col.period_end is None or abs(col.period_end - d) > _DATE_SLACK:
            continue
        if months is None or col.months == months:
            return i
    return None


def _cash_equivalents_beside(bs: Any, cash_row: Any, i: int) -> Any | None:
    """A "Cash equivalents" line printed on its own right after "Cash" (IBM 1994-99: Cash 1,746,
    Cash equivalents 5,513): the liquidity ratios' cash is both lines, as the EX-27's CASH is."""
    rows = list(bs.rows)
    k = next(k for k, r in enumerate(rows) if r is cash_row)
    nxt = rows[k + 1] if k + 1 < len(rows) else None
    if nxt is None or nxt.concept is not None or i >= len(nxt.values) or nxt.values[i] is None:
        return None
    label = " ".join(nxt.label.lower().replace(",", " ").split())
    return nxt if label in ("cash equivalents", "and cash equivalents") else None


def _absent_from_itemised_section(bs: Any, concept: str, i: int, d: date) -> Value | None:
    """0 for a current-asset/liability component with no line, when the section is complete."""
    section = _SECTION_OF.get(concept)
    if section is None:
        return None
    rows = list(bs.rows)
    total_concept = "total_" + section
    end = next((k for k, r in enumerate(rows) if r.concept == total_concept
                and i < len(r.values) and r.values[i] is not None), None)
    if end is None:
        return None
    start = 0
    if section == "current_liabilities":
        # The liabilities side starts after total assets; without that marker we cannot tell
        # the section apart from the asset lines, so no inference.
        marks = [k for k, r in enumerate(rows[:end]) if r.concept == "total_assets"]
        if not marks:
            return None
        start = marks[-1] + 1
    items = [r for r in rows[start:end] if not r.total and i < len(r.values) and r.values[i] is not None]
    if not items:
        return None
    if any(r.concept is None and _LOOKALIKE[concept].search(r.label or "") for r in items):
        return None
    printed_total = float(rows[end].values[i])
    unit = float(getattr(bs, "unit", 1) or 1)
    tolerance = unit * max(1, len(items) // 2)  # each printed line is rounded to the unit
    if abs(sum(float(r.values[i]) for r in items) - printed_total) > tolerance:
        return None
    label = "current-asset" if section == "current_assets" else "current-liability"
    return Value(0.0, f"balance_sheet: no {_WORDS[concept]} line among the {len(items)} {label} lines at {d}, "
                      f"which add up to the printed total, so taken as 0")


# --- building metrics --------------------------------------------------------------------------

def _build(name: str, unit: str, period_end: date | None, months: int | None, formula: str,
           inputs: Mapping[str, Value], value: float | str | None, *,
           reading: Callable[[Any], str] | None = None, note: str | None = None,
           zero_reason: str = "a denominator is zero") -> Metric:
    """A Metric; when `value` is None the reason names the missing inputs (or the zero)."""
    # (`Value.as_input` inline: a method call per input, ~3 per metric, cost as much as the dicts)
    as_inputs = {k: {"value": v.value, "source": v.source} for k, v in inputs.items()}
    if value is None:
        missing = [f"{k} ({v.source})" for k, v in inputs.items() if v.value is None]
        reason = "missing " + "; ".join(missing) if missing else zero_reason
        return Metric(name, None, unit, period_end, months, formula, as_inputs, "not_computable", reason,
                      None, note)
    text = reading(value) if reading is not None else None
    if isinstance(value, str):  # a classification: its outcome is text, kept out of the numeric value
        return Metric(name, None, unit, period_end, months, formula, as_inputs, "ok", None, text, note, value)
    return Metric(name, value, unit, period_end, months, formula, as_inputs, "ok", None, text, note)


def _balance_metrics(f: InputFinder, d: date, t: Mapping[str, float]) -> Iterable[Metric]:
    ca, cl = f.balance("total_current_assets", d), f.balance("total_current_liabilities", d)
    cash, sti = f.balance("cash", d), f.balance("short_term_investments", d)
    ar, inv, ap = f.balance("receivables", d), f.balance("inventory", d), f.balance("accounts_payable", d)
    ta = f.balance("total_assets", d)
    cl_zero = "total current liabilities is 0"

    yield _build("working_capital", "currency", d, None, "total current assets - total current liabilities",
                 {"total_current_assets": ca, "total_current_liabilities": cl},
                 F.working_capital(ca.value, cl.value),
                 reading=lambda v: ("negative: current liabilities exceed current assets" if v < 0
                                   else "positive: current assets exceed current liabilities"))
    yield _build("current_ratio", "ratio", d, None, "total current assets / total current liabilities",
                 {"total_current_assets": ca, "total_current_liabilities": cl},
                 F.current_ratio(ca.value, cl.value), reading=lambda v: R.current_ratio_reading(v, t),
                 zero_reason=cl_zero)
    yield _build("quick_ratio", "ratio", d, None,
                 "(cash + short-term investments + receivables) / total current liabilities",
                 {"cash": cash, "short_term_investments": sti, "receivables": ar, "total_current_liabilities": cl},
                 F.quick_ratio(cash.value, sti.value, ar.value, cl.value),
                 reading=lambda v: R.quick_ratio_reading(v, t), zero_reason=cl_zero)
    yield _build("cash_ratio", "ratio", d, None, "(cash + short-term investments) / total current liabilities",
                 {"cash": cash, "short_term_investments": sti, "total_current_liabilities": cl},
                 F.cash_ratio(cash.value, sti.value, cl.value), reading=lambda v: R.cash_ratio_reading(v, t),
                 zero_reason=cl_zero)
    yield _build("operating_wc_need", "currency", d, None, "receivables + inventory - accounts payable",
                 {"receivables": ar, "inventory": inv, "accounts_payable": ap},
                 F.operating_wc_need(ar.value, inv.value, ap.value), reading=R.need_reading)
    yield from _liquidity_groups(f, d, cash, sti, ar, ca, ta, cl)
    yield from _policy(f, d, ca, ta, cl, t)


_GROUP_TEXT = {
    "A1": "cash + short-term investments", "A2": "receivables",
    "A3": "current assets - A1 - A2 (inventory and other current assets)", "A4": "total assets - current assets",
    "P1": "current liabilities - P2 (payables and other operating liabilities)",
    "P2": "short-term debt (notes payable, current portion of long-term debt)",
    "P3": "total liabilities and equity - current liabilities - equity (long-term liabilities)",
    "P4": "shareholders' equity",
}


def _liquidity_groups(f: InputFinder, d: date, cash: Value, sti: Value, ar: Value, ca: Value, ta: Value,
                      cl: Value) -> Iterable[Metric]:
    std = f.balance("short_term_debt", d)
    eq = f.balance("total_equity", d)
    tle = f.balance("total_liabilities_and_equity", d)
    if tle.value is None and ta.value is not None:
        # Both sides of a balance sheet are equal; total assets stands in for the missing total.
        tle = Value(ta.value, f"total assets standing in for total liabilities and equity ({ta.source})")
    g = F.liquidity_groups(cash.value, sti.value, ar.value, ca.value, ta.value, std.value, cl.value,
                           eq.value, tle.value)
    parts: dict[str, dict[str, Value]] = {
        "1": {"cash": cash, "short_term_investments": sti, "total_current_liabilities": cl, "short_term_debt": std},
        "2": {"receivables": ar, "short_term_debt": std},
        "3": {"total_current_assets": ca, "cash": cash, "short_term_investments": sti, "receivables": ar,
              "total_liabilities_and_equity": tle, "total_current_liabilities": cl, "total_equity": eq},
        "4": {"total_assets": ta, "total_current_assets": ca, "total_equity": eq},
    }
    verdicts: dict[str, bool | None] = {}
    for n in "1234":
        a, p = f"A{n}", f"P{n}"
        at_most = n == "4"
        ok = F.group_condition(g[a], g[p], asset_at_most=at_most)
        verdicts[n] = ok
        sign = "<=" if at_most else ">="
        inputs = {a: Value(g[a], _GROUP_TEXT[a]), p: Value(g[p], _GROUP_TEXT[p]), **parts[n]}
        surplus = None if ok is None else (g[p] - g[a] if at_most else g[a] - g[p])

        def reading(v: float, a: str = a, p: str = p, ok: bool | None = ok, sign: str = sign) -> str:
            rel = sign if ok else {">=": "<", "<=": ">"}[sign]
            return f"{'met' if ok else 'not met'}: {a} {_fmt(g[a])} {rel} {p} {_fmt(g[p])}"

        surplus_text = "P4 - A4" if at_most else f"{a} - {p}"
        yield _build(f"liquidity_{a}_vs_{p}", "currency", d, None,
                     f"{a} {sign} {p}; value = {surplus_text} (surplus, negative = shortfall)",
                     inputs, surplus, reading=reading)
    failed = [n for n, ok in verdicts.items() if ok is False]
    unknown = [n for n, ok in verdicts.items() if ok is None]
    summary = {f"A{n} vs P{n}": Value(None if ok is None else float(ok), "1 = met, 0 = not met, null = unknown")
               for n, ok in verdicts.items()}
    formula = "absolutely liquid when A1 >= P1, A2 >= P2, A3 >= P3 and A4 <= P4"
    cond = {"1": "A1 < P1", "2": "A2 < P2", "3": "A3 < P3", "4": "A4 > P4"}
    if failed:
        reading = "fails " + ", ".join(cond[n] for n in failed)
        if unknown:
            reading += "; unknown: " + ", ".join(f"A{n} vs P{n}" for n in unknown)
        yield Metric("balance_sheet_liquidity", None, "verdict", d, None, formula,
                     {k: v.as_input() for k, v in summary.items()}, "ok", None, reading,
                     verdict="not absolutely liquid")
    elif unknown:
        reason = "unknown: " + "; ".join(
            f"A{n} vs P{n} (needs {', '.join(k for k, v in parts[n].items() if v.value is None) or 'both sides'})"
            for n in unknown)
        yield Metric("balance_sheet_liquidity", None, "verdict", d, None, formula,
                     {k: v.as_input() for k, v in summary.items()}, "not_computable", reason)
    else:
        yield Metric("balance_sheet_liquidity", None, "verdict", d, None, formula,
                     {k: v.as_input() for k, v in summary.items()}, "ok", None, "all four conditions met",
                     verdict="absolutely liquid")


def _policy(f: InputFinder, d: date, ca: Value, ta: Value, cl: Value, t: Mapping[str, float]) -> Iterable[Metric]:
    tle = f.balance("total_liabilities_and_equity", d)
    if tle.value is None and ta.value is not None:
        tle = Value(ta.value, f"total assets standing in for total liabilities and equity ({ta.source})")
    lo_a, hi_a = t["asset_share_conservative"], t["asset_share_aggressive"]
    lo_f, hi_f = t["financing_share_conservative"], t["financing_share_aggressive"]
    a_share = F.percent(ca.value, ta.value)
    f_share = F.percent(cl.value, tle.value)
    a_pol = F.classify_share(a_share, lo_a, hi_a)
    f_pol = F.classify_share(f_share, lo_f, hi_f)
    yield _build("current_asset_share", "%", d, None, "total current assets / total assets x 100",
                 {"total_current_assets": ca, "total_assets": ta}, a_share,
                 reading=lambda v: f"{a_pol} asset policy (conservative below {lo_a:g} %, aggressive above {hi_a:g} %)")
    yield _build("short_term_financing_share", "%", d, None,
                 "total current liabilities / total liabilities and equity x 100",
                 {"total_current_liabilities": cl, "total_liabilities_and_equity": tle}, f_share,
                 reading=lambda v: f"{f_pol} financing policy (conservative below {lo_f:g} %, "
                                   f"aggressive above {hi_f:g} %)")
    combined = F.combine_policies(a_pol, f_pol)
    yield _build("working_capital_policy", "verdict", d, None,
                 "asset policy x financing policy: opposite extremes incompatible, otherwise the more moderate side",
                 {"asset_policy": Value(a_share, f"current_asset_share % -> {a_pol or 'unknown'}"),
                  "financing_policy": Value(f_share, f"short_term_financing_share % -> {f_pol or 'unknown'}")},
                 combined,
                 reading=lambda v: (f"{a_pol} assets with {f_pol} financing"
                                    + (": the two policies contradict each other" if v == "incompatible" else "")))


def _solvency(f: InputFinder, t: Mapping[str, float]) -> Iterable[Metric]:
    dates = sorted(f.balance_dates())
    norm = t["solvency_norm"]
    names = ("solvency_period_months", "solvency_restoration_coefficient", "solvency_loss_coefficient")
    if len(dates) < 2:
        reason = ("needs two balance-sheet dates (start and end of the period); "
                  f"the filing prints {len(dates)}")
        for name in names:
            yield Metric(name, None, "months" if name == names[0] else "ratio", dates[-1] if dates else None, None,
                         "", {}, "not_computable", reason)
        return
    d0, d1 = dates[0], dates[-1]
    ca0, cl0 = f.balance("total_current_assets", d0), f.balance("total_current_liabilities", d0)
    ca1, cl1 = f.balance("total_current_assets", d1), f.balance("total_current_liabilities", d1)
    k0, k1 = F.current_ratio(ca0.value, cl0.value), F.current_ratio(ca1.value, cl1.value)
    months = F.months_between(d0, d1)
    t_val = Value(float(months) if months is not None else None,
                  f"months from {d0} to {d1} ({(d1 - d0).days} days), rounded")
    yield _build("solvency_period_months", "months", d1, months, "T = months between the two balance-sheet dates",
                 {"T": t_val}, float(months) if months else None, zero_reason="the two balance dates are too close")
    inputs = {
        "K0": Value(k0, f"current ratio at {d0}"), "K1": Value(k1, f"current ratio at {d1}"), "T": t_val,
        f"total_current_assets {d0}": ca0, f"total_current_liabilities {d0}": cl0,
        f"total_current_assets {d1}": ca1, f"total_current_liabilities {d1}": cl1,
    }
    specs = (("solvency_restoration_coefficient", 6, "Kr = (K1 + 6 / T x (K1 - K0)) / 2", R.restoration_reading),
             ("solvency_loss_coefficient", 3, "Kl = (K1 + 3 / T x (K1 - K0)) / 2", R.loss_reading))
    for name, horizon, formula, reading in specs:
        formula = formula.replace("/ 2", f"/ {norm:g}")
        if k1 is not None and k0 is not None and months:
            wants_restoration = k1 < norm
            if (horizon == 6) != wants_restoration:
                other = "solvency_loss_coefficient" if horizon == 6 else "solvency_restoration_coefficient"
                rel = ">=" if horizon == 6 else "<"
                reason = (f"K1 = {k1:.2f} {rel} {norm:g}: this coefficient applies only when K1 "
                          f"{'<' if horizon == 6 else '>='} {norm:g}; see {other}")
                yield Metric(name, None, "ratio", d1, months, formula, {k: v.as_input() for k, v in inputs.items()},
                             "not_applicable", reason)
                continue
        value = F.solvency_coefficient(k1, k0, months, horizon, norm)
        yield _build(name, "ratio", d1, months, formula, inputs, value, reading=reading,
                     zero_reason="T is 0 months")


def _flow_metrics(f: InputFinder, d: date, months: int, t: Mapping[str, float]) -> Iterable[Metric]:
    inc = "income_statement"
    rev = f.flow(inc, "revenue", d, months)
    cogs = f.flow(inc, "cost_of_revenue", d, months)
    rev_zero = "revenue is 0"

    # Margins: printed by the filing itself in the seed 10-Q, so they must match to the digit.
    gm = F.gross_margin(rev.value, cogs.value)
    gm_inputs = {"revenue": rev, "cost_of_revenue": cogs}
    gm_formula = "(revenue - cost of revenue) / revenue x 100"
    if cogs.value is None:
        gp = f.flow(inc, "gross_profit", d, months)
        if gp.value is not None:
            gm, gm_inputs, gm_formula = F.margin(gp.value, rev.value), {"revenue": rev, "gross_profit": gp}, \
                "gross profit / revenue x 100"
    yield _build("gross_margin", "%", d, months, gm_formula, gm_inputs, gm, zero_reason=rev_zero)
    for name, concept, text in (("operating_margin", "operating_income", "operating income"),
                                ("pretax_margin", "pretax_income", "income before income taxes"),
                                ("net_margin", "net_income", "net income")):
        v = f.flow(inc, concept, d, months)
        yield _build(name, "%", d, months, f"{text} / revenue x 100", {"revenue": rev, concept: v},
                     F.margin(v.value, rev.value), zero_reason=rev_zero)

    days = F.period_days(months)
    days_note = f"D = {days} days ({months} months)"
    annual = months != 12
    annual_note = f"annualised: x {12 / months:g} for {months} months" if annual else None
    turnover = (("dso", "days", f"receivables / revenue x {days}"),
                ("dio", "days", f"inventory / cost of revenue x {days}"),
                ("dpo", "days", f"accounts payable / cost of revenue x {days}"),
                ("operating_cycle", "days", "DIO + DSO"),
                ("cash_conversion_cycle", "days", "DIO + DSO - DPO"),
                ("operating_wc_need_pct_revenue", "%",
                 "(receivables + inventory - accounts payable) / annualised revenue x 100"),
                ("operating_wc_need_days", "days", f"(receivables + inventory - accounts payable) / revenue x {days}"),
                ("economic_return_on_assets", "%",
                 "operating result before interest and tax (annualised) / total assets at period end x 100"))
    close = f.balance_date_near(d)
    if close is None:
        # Prior-year comparison columns: the filing prints no balance sheet at their end.
        printed = ", ".join(str(b) for b in f.balance_dates()) or "none"
        reason = f"needs balances at {d}; the filing prints balance sheets at {printed}"
        for name, unit, formula in turnover:
            yield Metric(name, None, unit, d, months, formula, {}, "not_computable", reason)
        return

    ar, ar_basis = f.average_balance("receivables", d, months)
    inv, inv_basis = f.average_balance("inventory", d, months)
    ap, ap_basis = f.average_balance("accounts_payable", d, months)
    dso = F.dso(ar.value, rev.value, days)
    dio = F.dio(inv.value, cogs.value, days)
    dpo = F.dpo(ap.value, cogs.value, days)
    cogs_zero = "cost of revenue is 0"

    def note(*bases: str) -> str:
        return "; ".join([b for b in bases if b] + [days_note])

    formulas = {name: formula for name, _, formula in turnover}
    yield _build("dso", "days", d, months, formulas["dso"], {"receivables": ar, "revenue": rev},
                 dso, note=note(ar_basis), zero_reason=rev_zero)
    yield _build("dio", "days", d, months, formulas["dio"], {"inventory": inv, "cost_of_revenue": cogs}, dio,
                 note=note(inv_basis), zero_reason=cogs_zero)
    yield _build("dpo", "days", d, months, formulas["dpo"], {"accounts_payable": ap, "cost_of_revenue": cogs}, dpo,
                 note=note(ap_basis), zero_reason=cogs_zero)
    parts = {k: Value(v, f"{k} metric: {formulas[k]}") for k, v in (("dio", dio), ("dso", dso), ("dpo", dpo))}
    yield _build("operating_cycle", "days", d, months, formulas["operating_cycle"],
                 {"dio": parts["dio"], "dso": parts["dso"]}, F.operating_cycle(dio, dso),
                 note=note(ar_basis, inv_basis))
    yield _build("cash_conversion_cycle", "days", d, months, formulas["cash_conversion_cycle"], parts,
                 F.cash_conversion_cycle(dio, dso, dpo), note=note(ar_basis, inv_basis, ap_basis))

    # Working-capital need against revenue: the need is the period-end balance.
    n_ar, n_inv, n_ap = (f.balance(c, close) for c in ("receivables", "inventory", "accounts_payable"))
    need = F.operating_wc_need(n_ar.value, n_inv.value, n_ap.value)
    need_inputs = {"receivables": n_ar, "inventory": n_inv, "accounts_payable": n_ap, "revenue": rev}
    yield _build("operating_wc_need_pct_revenue", "%", d, months, formulas["operating_wc_need_pct_revenue"],
                 need_inputs, F.percent(need, F.annualise(rev.value, months)),
                 note=f"revenue {annual_note}" if annual_note else None, zero_reason=rev_zero)
    yield _build("operating_wc_need_days", "days", d, months, formulas["operating_wc_need_days"],
                 need_inputs, F.days_of(need, rev.value, days), note=days_note, zero_reason=rev_zero)

    # Economic return on assets: EBIT from operating income, else pretax income + interest.
    ebit = f.flow(inc, "operating_income", d, months)
    ebit_inputs: dict[str, Value] = {"operating_income": ebit}
    if ebit.value is None:
        pre, intr = f.flow(inc, "pretax_income", d, months), f.flow(inc, "interest_expense", d, months)
        e = F.ebit_from_pretax(pre.value, intr.value)
        if e is not None:
            ebit = Value(e, "pretax income + interest expense")
            ebit_inputs = {"ebit": ebit, "pretax_income": pre, "interest_expense": intr}
    ta = f.balance("total_assets", close)
    yield _build("economic_return_on_assets", "%", d, months, formulas["economic_return_on_assets"],
                 {**ebit_inputs, "total_assets": ta}, F.economic_return_on_assets(ebit.value, ta.value, months),
                 note=annual_note, zero_reason="total assets is 0")


def _cash_metrics(f: InputFinder, d: date, months: int) -> Iterable[Metric]:
    ocf = f.flow("cash_flow", "net_cash_operating", d, months)
    capex = f.flow("cash_flow", "capex", d, months)
    yield _build("free_cash_flow", "currency", d, months,
                 "net cash from operating activities - purchases of property and equipment (as a magnitude)",
                 {"net_cash_operating": ocf, "capex": capex}, F.free_cash_flow(ocf.value, capex.value),
                 reading=lambda v: "negative: operations did not fund capital spending" if v < 0 else "positive")


def _growth_metrics(f: InputFinder, periods: list[tuple[date, int]]) -> Iterable[Metric]:
    found = False
    for d, months in periods:
        prior = next(((pd, pm) for pd, pm in periods if pm == months
                      and abs((d - pd).days - 365) <= 10), None)
        if prior is None:
            continue
        found = True
        pd, _ = prior
        for name, concept in (("revenue_growth", "revenue"), ("net_income_growth", "net_income")):
            cur = f.flow("income_statement", concept, d, months)
            old = f.flow("income_statement", concept, pd, months)
            yield _build(name, "%", d, months, f"({concept} / {concept} a year earlier - 1) x 100",
                         {concept: cur, f"{concept} prior year": old}, F.growth(cur.value, old.value),
                         note=f"against the {months} months ending {pd}",
                         zero_reason="the prior-year value is 0 or negative: growth is not meaningful")
    if not found and periods:
        d, months = periods[0]
        for name in ("revenue_growth", "net_income_growth"):
            yield Metric(name, None, "%", d, months, "(value / value a year earlier - 1) x 100", {},
                         "not_computable", "the filing prints no prior-year column for the same period")


# --- Article 7 (insurance) and Article 9 (banks) -------------------------------------------------

def _tag(values: Mapping[str, float], *tags: str) -> Value:
    got = [values.get(t) for t in tags]
    if any(v is None for v in got):
        missing = [t for t, v in zip(tags, got, strict=True) if v is None]
        return Value(None, "no EX-27 " + ", ".join(missing))
    return Value(float(sum(got)), "EX-27 " + " + ".join(tags))  # type: ignore[arg-type]


def _insurance(schedule: Any, t: Mapping[str, float]) -> Iterable[Metric]:
    for col in schedule.columns:
        v = col.values or {}
        d, months = col.period_end, col.months
        prem = _tag(v, "PREMIUMS")
        ben = _tag(v, "BENEFITS")
        exp = _tag(v, "UNDERWRITING-AMORTIZATION", "UNDERWRITING-OTHER")
        loss = F.percent(ben.value, prem.value)
        cost = F.percent(exp.value, prem.value)
        zr = "PREMIUMS is 0"
        yield _build("loss_ratio", "%", d, months, "benefits, claims and settlement expenses / premiums x 100",
                     {"benefits": ben, "premiums": prem}, loss, zero_reason=zr)
        yield _build("expense_ratio", "%", d, months,
                     "(amortisation of acquisition costs + other underwriting expenses) / premiums x 100",
                     {"underwriting_expenses": exp, "premiums": prem}, cost, zero_reason=zr)
        yield _build("combined_ratio", "%", d, months, "loss ratio + expense ratio",
                     {"loss_ratio": Value(loss, "loss_ratio metric"),
                      "expense_ratio": Value(cost, "expense_ratio metric")},
                     F.total(loss, cost), reading=lambda x: R.combined_ratio_reading(x, t))


_BANK_LIQUID = ("CASH", "INT-BEARING-DEPOSITS", "FED-FUNDS-SOLD", "TRADING-ASSETS", "INVESTMENTS-HELD-FOR-SALE")


def _bank(schedule: Any, t: Mapping[str, float]) -> Iterable[Metric]:
    for col in schedule.columns:
        v = col.values or {}
        d = col.period_end
        loans, deposits = _tag(v, "LOANS"), _tag(v, "DEPOSITS")
        cash = _tag(v, "CASH")
        present = [tag for tag in _BANK_LIQUID if tag in v]
        liquid = _tag(v, *present) if "CASH" in present else Value(None, "no EX-27 CASH")
        allowance = _tag(v, "ALLOWANCE")
        zr = "DEPOSITS is 0"
        yield _build("loans_to_deposits", "%", d, None, "loans (gross) / deposits x 100",
                     {"loans": loans, "deposits": deposits}, F.percent(loans.value, deposits.value),
                     reading=lambda x: R.loans_to_deposits_reading(x, t), zero_reason=zr)
        yield _build("cash_to_deposits", "%", d, None, "cash and due from banks / deposits x 100",
                     {"cash": cash, "deposits": deposits}, F.percent(cash.value, deposits.value), zero_reason=zr)
        yield _build("liquid_assets_to_deposits", "%", d, None,
                     "(cash + interest-bearing deposits + fed funds sold + trading assets + securities held for sale)"
                     " / deposits x 100", {"liquid_assets": liquid, "deposits": deposits},
                     F.percent(liquid.value, deposits.value), zero_reason=zr,
                     note=f"tags present: {', '.join(present)}" if present else None)
        yield _build("allowance_to_loans", "%", d, None, "allowance for loan losses / loans x 100",
                     {"allowance": allowance, "loans": loans}, F.percent(allowance.value, loans.value),
                     zero_reason="LOANS is 0")


# Metrics that presuppose a classified (current / non-current) balance sheet.
_CLASSIFIED = ("working_capital", "current_ratio", "quick_ratio", "cash_ratio", "operating_wc_need",
               "liquidity_", "balance_sheet_liquidity", "current_asset_share", "short_term_financing_share",
               "working_capital_policy", "solvency_", "dso", "dio", "dpo", "operating_cycle",
               "cash_conversion_cycle", "gross_margin", "economic_return_on_assets")


def compute_metrics(statements: Mapping[str, Any] | None, schedules: Sequence[Any] | None, *,
                    thresholds: Mapping[str, float] | None = None) -> dict[str, list[Metric]]:
    """Every metric of analysis-methods.md for every balance date and period the filing prints.

    `statements` maps kind -> Statement (see edgarliq.statements); `schedules` are the EX-27
    schedules. Returns ``{name: [Metric per date/period]}`` in a stable order.
    """
    t = R.resolve_thresholds(thresholds)
    f = InputFinder(statements, schedules)
    out: dict[str, list[Metric]] = {}

    def add(ms: Iterable[Metric]) -> None:
        for m in ms:
            out.setdefault(m.name, []).append(m)

    balance_dates = f.balance_dates()
    for d in balance_dates:
        add(_balance_metrics(f, d, t))
    if not balance_dates and not _financial_articles(f):
        add([Metric("working_capital", None, "currency", None, None, "total current assets - total current liabilities",
                    {}, "not_computable", "no balance sheet found and no Article 5 EX-27 schedule")])
    add(_solvency(f, t) if balance_dates else [])
    periods = f.flow_periods("income_statement")
    for d, months in periods:
        add(_flow_metrics(f, d, months, t))
    for d, months in f.flow_periods("cash_flow"):
        add(_cash_metrics(f, d, months))
    add(_growth_metrics(f, periods))

    articles = _financial_articles(f)
    for s in f.schedules:
        if _article(s) == "7":
            add(_insurance(s, t))
        elif _article(s) == "9":
            add(_bank(s, t))
    if articles and not f.fds5:
        kind = "insurance (Article 7)" if "7" in articles else "bank (Article 9)"
        for name, ms in out.items():
            if name.startswith(_CLASSIFIED):
                out[name] = [_not_applicable(m, kind) for m in ms]
    return out


def _financial_articles(f: InputFinder) -> set[str]:
    return {a for s in f.schedules if (a := _article(s)) in ("7", "9")}


def _not_applicable(m: Metric, kind: str) -> Metric:
    if m.status != "not_computable":
        return m
    return replace(m, status="not_applicable",
                   reason=f"{kind} filer: its balance sheet does not separate current from non-current items "
                          f"and it has no cost of goods sold; see the {kind.split()[0]} metrics ({m.reason})")


# --- tables ---------------------------------------------------------------------------------------

# One shape for every metrics table (DataFrame, CSV, Excel, batch Parquet, JSON): `value` is a
# float (NaN when not computable, and for verdicts), the words are in `verdict` and `reading`.
FRAME_COLUMNS = ["name", "period_end", "months", "value", "unit", "status", "verdict", "reading", "reason",
                 "note", "formula", "inputs"]



def metrics_frame(metrics: Mapping[str, Sequence[Metric | Mapping[str, Any]]]) -> Any:
    """Long pandas DataFrame, one row per metric and period: `value` float64 (NaN = none),
    `months` Int64, `period_end` datetime64, the rest text.

    `inputs` is JSON text (the inputs differ per metric, so they get no columns of their own).
    Accepts Metric objects or their `to_dict()` form (what `Analysis.to_dict()` holds).
    """
    import json

    import pandas as pd  # a heavy import, only needed for tables

    records = []
    for name, items in metrics.items():
        for item in items:
            m = item.to_dict() if isinstance(item, Metric) else dict(item)
            records.append({
                "name": m.get("name", name), "period_end": m.get("period_end"), "months": m.get("months"),
                "value": _finite(m.get("value")), "unit": m.get("unit"), "status": m.get("status"),
                "verdict": m.get("verdict"), "reading": m.get("reading"), "reason": m.get("reason"),
                "note": m.get("note"), "formula": m.get("formula"),
                "inputs": json.dumps(m.get("inputs") or {}, sort_keys=True),
            })
    frame = pd.DataFrame.from_records(records, columns=FRAME_COLUMNS)
    frame["period_end"] = pd.to_datetime(frame["period_end"], format="%Y-%m-%d")
    frame["months"] = frame["months"].astype("Int64")
    frame["value"] = frame["value"].astype("float64")
    return frame
