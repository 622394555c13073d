"""Stitch many filings of one company into balances per date and discrete fiscal quarters.

Input: `Analysis` objects (nothing is parsed again). Each filing's figures are read with the same
`InputFinder` the single-filing metrics use (statement first, then the filing's own EX-27, the
"no such line in a fully itemised section" zero), so one number means the same thing in a history
as in `edgarliq analyze`. Then:

1. **Dates.** Printed dates are snapped onto one calendar: a date printed as its own filing's
   period of report is authoritative, any other date within 7 days of it is the same period
   (52/53-week years print 06-27 on one page and 06-30 on another; a parser that only read the
   year guesses the day). A date after its filing's period of report cannot be a period of that
   filing: it is dropped and reported.
2. **Latest wins.** Per (concept, date, months) the latest filed figure wins (an amendment is filed
   later than what it amends, so it replaces it); a statement figure beats an EX-27 figure, which
   only serves where no statement prints the period. An earlier, different figure is kept as the
   restated one, with its source.
3. **Fiscal calendar.** Fiscal year ends are the ends of printed twelve-month periods (else the
   header's FISCAL-YEAR-END, month and day). A quarter is placed by its distance from the fiscal
   year end, in days (91.3 a quarter), never by calendar month; a year-to-date column (6, 9, 12
   months) says its quarter itself, and a disagreement is reported.
4. **Discrete quarters.** A printed three-month column where one exists; else the year-to-date
   difference (6M - 3M, 9M - 6M, 12M - 9M: Q4 = the 10-K's year minus nine months). Cash-flow
   statements of 10-Qs are year-to-date, so their quarters come from differences. A missing
   filing leaves a gap: nothing is interpolated.
5. **TTM and fiscal years.** TTM = the sum of four consecutive discrete quarters (at a fiscal year
   end: the printed year). Fiscal years are the printed twelve-month figures.

Every value carries `basis` (printed | derived | schedule: an EX-27 figure took part) and
`sources` (filing, document, line, label).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from edgarliq.analysis.metrics import InputFinder
from edgarliq.record import field, record

BALANCE_CONCEPTS = (
    "cash", "short_term_investments", "receivables", "inventory", "other_current_assets", "total_current_assets",
    "ppe_net", "total_assets", "accounts_payable", "short_term_debt", "accrued_liabilities",
    "total_current_liabilities", "long_term_debt", "total_liabilities", "total_equity",
    "total_liabilities_and_equity",
)
FLOW_CONCEPTS = {
    "income_statement": ("revenue", "cost_of_revenue", "gross_profit", "sga", "rnd", "operating_income",
                         "interest_expense", "pretax_income", "income_tax", "net_income"),
    "cash_flow": ("depreciation_amortization", "net_cash_operating", "capex", "net_cash_investing",
                  "net_cash_financing"),
}
KIND_OF = {c: k for k, cs in FLOW_CONCEPTS.items() for c in cs}

DATE_SLACK = timedelta(days=7)
QUARTER_DAYS = 365.25 / 4


@record(frozen=True, slots=True)
class FilingRef:
    """The facts of one input filing a history needs (from its SEC header)."""

    key: str  # accession, else the file name
    source: str
    form: str
    period: date | None
    filed: date | None
    cik: int | None
    company: str | None
    fiscal_year_end: str | None  # MMDD as in the header

    @property
    def amendment(self) -> bool:
        return self.form.upper().endswith("/A")

    @property
    def label(self) -> str:
        return f"{self.form} {self.key} ({self.period or 'no period'})"

    @property
    def order(self) -> tuple[Any, ...]:
        # later filed wins; on the same day an amendment after its original
        return (self.filed or self.period or date.min, self.amendment, self.period or date.min, self.key)

    @staticmethod
    def of(analysis: Any) -> FilingRef:
        s = analysis.submission
        cik = int(s.cik) if s.cik and str(s.cik).strip().isdigit() else None
        return FilingRef(s.accession or os.path.basename(str(s.source)), str(s.source), (s.form or "?").upper(),
                         s.period_of_report, s.filed, cik, s.company, s.fiscal_year_end)


@record(frozen=True, slots=True)
class Obs:
    """One figure as one filing prints it (or its EX-27 states it)."""

    concept: str
    end: date
    months: int | None  # None for a balance
    value: float
    basis: str  # printed | derived | schedule
    source: str
    unit: float  # the rounding unit of the figure (statement unit or EX-27 multiplier)
    filing: FilingRef


@record(slots=True)
class Figure:
    """A stitched figure: the winning observation and the earlier, different ones (restated)."""

    value: float
    basis: str
    sources: list[str]
    restated: list[Obs] = field(default_factory=list)
    unit: float = 1.0
    winner: Obs | None = None
    candidates: list[Obs] = field(default_factory=list)  # every observation of the same basis, filing order

    @property
    def restated_from(self) -> float | None:
        return self.restated[0].value if self.restated else None

    @property
    def restated_sources(self) -> str:
        return "; ".join(f"{o.value:,.0f} in {o.source}" for o in self.restated)


# --- reading the filings ----------------------------------------------------------------------

def _schedule_of(analysis: Any, end: date, months: int | None) -> Any | None:
    """The Article 5 schedule holding a column for this period (originals before restated ones,
    the order `InputFinder` reads them in)."""
    for s in sorted(analysis.schedules, key=lambda s: bool(s.restated)):
        if str(s.article or "5").strip().upper() != "5":
            continue
        for c in s.columns:
            if c.period_end and abs(c.period_end - end) <= timedelta(days=3) and (months is None or c.months == months):
                return s
    return None


def _source(ref: FilingRef, analysis: Any, kind: str | None, text: str, end: date,
            months: int | None) -> tuple[str, str, float]:
    """(basis, source text, unit) for a value `InputFinder` found (its `source` text)."""
    if text.startswith("EX-27"):
        sch = _schedule_of(analysis, end, months)
        line = f" line {sch.start_line}" if sch is not None and sch.start_line else ""
        unit = float(sch.multiplier or 1) if sch is not None else 1.0
        return "schedule", f"{ref.label} EX-27{line}: {text}", unit
    st = analysis.statements.get(kind) if (kind and analysis.statements) else None
    where = f" {st.source_document} line {st.source_line}" if st is not None else ""
    unit = float(st.unit or 1) if st is not None else 1.0
    basis = "derived" if text.startswith(f"{kind}: no ") else "printed"
    return basis, f"{ref.label}{where}: {text}", unit


_SCALE_PAIRS = (("balance_sheet", "total_assets", "TOTAL-ASSETS"),
                ("balance_sheet", "total_current_assets", "CURRENT-ASSETS"),
                ("income_statement", "revenue", "TOTAL-REVENUES"), ("income_statement", "net_income", "NET-INCOME"))


def schedule_scale_mismatch(analysis: Any) -> float | None:
    """The factor (1,000 or 1,000,000) by which the filing's EX-27 amounts are smaller than its own
    statements for the same periods, or None when they agree (or cannot be compared). A schedule
    without a MULTIPLIER line states millions as units; such figures must not fill gaps."""
    statements = analysis.statements or {}
    ratios: list[float] = []
    for sch in analysis.schedules:
        for col in sch.columns:
            for kind, concept, tag in _SCALE_PAIRS:
                st = statements.get(kind)
                v = (col.values or {}).get(tag)
                if st is None or not v or col.period_end is None:
                    continue
                printed = st.lookup(concept, col.period_end, None if kind == "balance_sheet" else col.months)
                if printed:
                    ratios.append(abs(printed / v))
    for factor in (1e3, 1e6):
        if ratios and sum(1 for r in ratios if abs(r / factor - 1) < 0.01) > len(ratios) / 2:
            return factor
    return None


def observations(analysis: Any, notes: list[str]) -> list[Obs]:
    """Every balance and flow figure one filing gives, with where it came from."""
    ref = FilingRef.of(analysis)
    f = InputFinder(analysis.statements, analysis.schedules)
    factor = schedule_scale_mismatch(analysis) if analysis.schedules else None
    if factor is not None:
        notes.append(f"{ref.label}: its EX-27 amounts are {factor:,.0f} times smaller than its statements print "
                     "for the same periods (a schedule without its MULTIPLIER): they fill no gaps")
        f = InputFinder(analysis.statements, [])
    latest = (ref.period + DATE_SLACK) if ref.period else None
    out: list[Obs] = []

    def plausible(d: date, what: str) -> bool:
        if latest is not None and d > latest:
            notes.append(f"{ref.label}: {what} ending {d} is after the filing's period of report: "
                         "a misread date, left out")
            return False
        return True

    dates = list(dict.fromkeys([*f.balance_dates(), *(c.period_end for c in f.fds5 if c.period_end)]))
    bs = f.statement("balance_sheet")
    for d in dates:
        if not plausible(d, "a balance sheet column"):
            continue
        for concept in BALANCE_CONCEPTS:
            v = f.balance(concept, d)
            if v.value is None:
                continue
            basis, src, unit = _source(ref, analysis, "balance_sheet", v.source, d, None)
            row = bs.row(concept) if bs is not None and basis == "printed" else None
            if row is not None and getattr(row, "derived", None):
                basis, src = "derived", f"{src} ({row.derived})"
            out.append(Obs(concept, d, None, v.value, basis, src, unit, ref))

    fds_periods = [(c.period_end, c.months) for c in f.fds5 if c.period_end and c.months in (3, 6, 9, 12)]
    for kind, concepts in FLOW_CONCEPTS.items():
        st = f.statement(kind)
        periods = [(c.period_end, c.months) for c in st.columns if c.period_end and c.months] if st else []
        if len(set(periods)) < len(periods):
            notes.append(f"{ref.label}: the {kind.replace('_', ' ')} prints two columns for the same period; "
                         "the first is taken")
        if kind == "income_statement":
            periods += fds_periods
        for d, months in dict.fromkeys(periods):
            if months not in (3, 6, 9, 12) or not plausible(d, f"a {months}-month {kind.replace('_', ' ')} column"):
                continue
            for concept in concepts:
                v = f.flow(kind, concept, d, months)
                if v.value is None:
                    continue
                basis, src, unit = _source(ref, analysis, kind, v.source, d, months)
                row = st.row(concept) if st is not None and basis == "printed" else None
                if row is not None and getattr(row, "derived", None):
                    basis, src = "derived", f"{src} ({row.derived})"
                out.append(Obs(concept, d, months, v.value, basis, src, unit, ref))
    return out


# --- one calendar --------------------------------------------------------------------------------

def canonical_dates(obs: Sequence[Obs]) -> dict[date, date]:
    """Printed date -> the period end it stands for (see the module docstring, step 1)."""
    own = Counter(o.end for o in obs if o.filing.period is not None and o.end == o.filing.period)
    other = Counter(o.end for o in obs)
    ranked = sorted(other, key=lambda d: (d not in own, -own.get(d, 0), -other[d], d))
    canon: list[date] = []
    mapping: dict[date, date] = {}
    for d in ranked:
        near = min((c for c in canon if abs(c - d) <= DATE_SLACK), key=lambda c: abs(c - d), default=None)
        if near is None:
            canon.append(d)
            near = d
        mapping[d] = near
    return mapping


def stitch(obs: Iterable[Obs]) -> dict[tuple[str, date, int | None], Figure]:
    """(concept, period end, months) -> the winning figure, earlier different ones kept as restated."""
    groups: dict[tuple[str, date, int | None], list[Obs]] = defaultdict(list)
    for o in obs:
        groups[(o.concept, o.end, o.months)].append(o)
    out: dict[tuple[str, date, int | None], Figure] = {}
    for key, items in groups.items():
        # statements before schedules, then by filing date: the last one wins
        items.sort(key=lambda o: (o.basis != "schedule", o.filing.order))
        win = items[-1]
        # The same figure printed again in a coarser unit (thousands, later millions) is not a
        # restatement: keep the finer one, which was printed too.
        same = [o for o in items if o.basis == win.basis and abs(o.value - win.value) <= max(o.unit, win.unit)]
        win = _finest(same)
        restated: list[Obs] = []
        seen: set[float] = set()
        for o in reversed(items[:-1]):
            if o.filing.key == win.filing.key or o.basis == "schedule" and win.basis != "schedule":
                continue
            if abs(o.value - win.value) > max(o.unit, win.unit) and o.value not in seen:
                seen.add(o.value)
                restated.append(o)
        same_kind = [o for o in items if (o.basis == "schedule") == (win.basis == "schedule")]
        out[key] = Figure(win.value, win.basis, [win.source], restated, max(win.unit, 1.0), win, same_kind)
    return out


def _finest(same: Sequence[Obs]) -> Obs:
    """Of observations that agree within rounding, the one in the finest unit (then the latest)."""
    finest = min(o.unit for o in same)
    return [o for o in same if o.unit == finest][-1]  # in filing order: the latest of them


def as_reported(fig: Figure, end: date) -> Obs:
    """The figure as the filing whose own period it is reported it (the 10-K for its year)."""
    own = [o for o in fig.candidates if o.filing.period is not None and abs(o.filing.period - end) <= DATE_SLACK]
    assert fig.winner is not None
    return own[-1] if own else fig.winner


def as_known_by(fig: Figure, ref: FilingRef) -> Obs:
    """The figure as known when `ref` was filed: the latest filed no later than it."""
    known = [o for o in fig.candidates if o.filing.order <= ref.order]
    assert fig.winner is not None
    if not known:
        return fig.winner
    last = known[-1]
    return _finest([o for o in known if abs(o.value - last.value) <= max(o.unit, last.unit)])


def _ytd_pair(cur: Figure, prev: Figure, end: date, what: str, notes: list[str]) -> tuple[Obs, Obs]:
    """The two year-to-date figures whose difference is a quarter, taken from one vintage.

    The latest of both, unless the longer one (the year, for Q4) was restated by a filing made
    after the latest shorter one: that restatement is not in the shorter figure, so the quarter
    is taken as first reported (the year from its own 10-K, minus the nine months known then).
    """
    assert cur.winner is not None and prev.winner is not None
    c_obs, p_obs = cur.winner, prev.winner
    if cur.restated and p_obs.filing.order < c_obs.filing.order:
        c_obs = as_reported(cur, end)
        p_obs = as_known_by(prev, c_obs.filing)
    elif prev.restated and c_obs.filing.order < p_obs.filing.order:
        notes.append(f"{what}: the shorter year-to-date figure was restated ({p_obs.source}) after the longer one "
                     f"was filed ({c_obs.source}); the difference assumes the longer one already included it")
    return c_obs, p_obs


@record(frozen=True, slots=True)
class FiscalPeriod:
    end: date
    fiscal_year: int | None
    fiscal_quarter: int | None  # 4 at a fiscal year end

    @property
    def index(self) -> int | None:
        if self.fiscal_year is None or self.fiscal_quarter is None:
            return None
        return self.fiscal_year * 4 + self.fiscal_quarter - 1


def _fiscal_year_of(fye: date) -> int:
    # A 52/53-week "December" year may end in the first days of January: it is still that year.
    return fye.year - 1 if fye.month == 1 and fye.day <= 7 else fye.year


def fiscal_calendar(figures: dict[tuple[str, date, int | None], Figure], filings: Sequence[FilingRef],
                    notes: list[str]) -> dict[date, FiscalPeriod]:
    """Each period end -> fiscal year and quarter (step 3 of the module docstring)."""
    ends = sorted({d for _, d, _ in figures})
    ytd: dict[date, int] = defaultdict(int)
    for _, d, m in figures:
        if m:
            ytd[d] = max(ytd[d], m)
    anchors = sorted(d for d in ends if ytd.get(d) == 12)
    for a, b in zip(anchors, anchors[1:], strict=False):
        if not 357 <= (b - a).days <= 375:
            notes.append(f"fiscal year end moved: {a} to {b} is {(b - a).days} days, not a year "
                         "(a change of fiscal year, or a transition period)")
    headers = Counter(f.fiscal_year_end for f in filings if f.fiscal_year_end and len(f.fiscal_year_end) == 4)
    if len(headers) > 1:
        notes.append("the filings' headers give different fiscal year ends: "
                     + ", ".join(f"{k} ({n} filings)" for k, n in sorted(headers.items())))
    nominal: list[date] = []
    if headers and ends:
        mmdd = headers.most_common(1)[0][0]
        for y in range(ends[0].year - 1, ends[-1].year + 2):
            try:
                d = date(y, int(mmdd[:2]), int(mmdd[2:]))
            except ValueError:
                continue
            if not any(abs(d - a).days <= 45 for a in anchors):
                nominal.append(d)
    all_anchors = sorted([*anchors, *nominal])
    out: dict[date, FiscalPeriod] = {}
    for d in ends:
        q: int | None = None
        fye: date | None = None
        if d in anchors or any(abs(d - n) <= DATE_SLACK for n in nominal):
            q, fye = 4, d
        else:
            prev = max((a for a in all_anchors if a < d), default=None)
            nxt = min((a for a in all_anchors if a > d), default=None)
            if prev is not None and (d - prev).days <= 380:
                q = round((d - prev).days / QUARTER_DAYS)
            elif nxt is not None and (nxt - d).days <= 380:
                q = 4 - round((nxt - d).days / QUARTER_DAYS)
            fye = nxt
        from_ytd = ytd.get(d, 0) // 3 if ytd.get(d, 0) > 3 else None
        if from_ytd is not None and q is not None and from_ytd != q:
            notes.append(f"period ending {d}: its {ytd[d]}-month column makes it fiscal Q{from_ytd}, "
                         f"the fiscal year ends make it Q{q}; the printed column is followed")
            q = from_ytd
        elif q is None:
            q = from_ytd
        if q is not None and not 1 <= q <= 4:
            q = None
        if fye is None and q is not None:
            fye = d + timedelta(days=round((4 - q) * QUARTER_DAYS))
        if fye is not None and q is not None and q < 4 and (fye - d).days > (4 - q) * QUARTER_DAYS + 20:
            fye = d + timedelta(days=round((4 - q) * QUARTER_DAYS))  # the next anchor is a year away: a gap
        out[d] = FiscalPeriod(d, _fiscal_year_of(fye) if fye is not None and q is not None else None, q)
    return out


# --- discrete quarters, TTM, fiscal years ---------------------------------------------------------

@record(slots=True)
class FlowValue:
    concept: str
    period: FiscalPeriod
    start: date | None
    months: int
    span: str  # quarter | ttm | fiscal_year
    value: float
    basis: str
    sources: list[str]
    restated_from: float | None = None
    restated_sources: str = ""


def _combine_basis(figs: Sequence[Figure]) -> str:
    return "schedule" if any(f.basis == "schedule" for f in figs) else "derived"


def discrete_flows(figures: dict[tuple[str, date, int | None], Figure], cal: dict[date, FiscalPeriod],
                   notes: list[str]) -> list[FlowValue]:
    by_index = {p.index: p for p in cal.values() if p.index is not None}
    flow_concepts = sorted({c for c, _, m in figures if m})
    out: list[FlowValue] = []
    quarters: dict[tuple[str, int], FlowValue] = {}

    def start_of(p: FiscalPeriod, n: int) -> date | None:
        before = by_index.get(p.index - n) if p.index is not None else None
        return before.end + timedelta(days=1) if before is not None else None

    for concept in flow_concepts:
        for idx in sorted(by_index):
            p = by_index[idx]
            q = p.fiscal_quarter or 0
            printed = figures.get((concept, p.end, 3))
            value: FlowValue | None = None
            if printed is not None:
                value = FlowValue(concept, p, start_of(p, 1), 3, "quarter", printed.value, printed.basis,
                                  list(printed.sources), printed.restated_from, printed.restated_sources)
            if q > 1:
                cur = figures.get((concept, p.end, 3 * q))
                prev_p = by_index.get(idx - 1)
                prev = figures.get((concept, prev_p.end, 3 * (q - 1))) if prev_p is not None else None
                if cur is not None and prev is not None:
                    c_obs, p_obs = _ytd_pair(cur, prev, p.end, f"{concept} FY{p.fiscal_year} Q{q}", notes)
                    diff = c_obs.value - p_obs.value
                    if value is None:
                        later = [f"{3 * q}M {p.end} later {cur.value:,.0f} in {cur.sources[0]}"
                                 for _ in [0] if cur.winner is not None and cur.winner is not c_obs
                                 and abs(cur.value - c_obs.value) > cur.unit]
                        value = FlowValue(concept, p, start_of(p, 1), 3, "quarter", diff,
                                          "schedule" if "schedule" in (c_obs.basis, p_obs.basis) else "derived",
                                          [f"{3 * q}M {p.end}: {c_obs.source}",
                                           f"minus {3 * (q - 1)}M {prev_p.end}: {p_obs.source}"],
                                          None, "; ".join(later))
                    elif printed is not None and not (printed.restated or cur.restated or prev.restated) \
                            and abs(diff - value.value) > 2 * max(c_obs.unit, p_obs.unit) + printed.unit:
                        notes.append(f"{concept} FY{p.fiscal_year} Q{q}: printed 3 months {value.value:,.0f} but "
                                     f"{3 * q}M - {3 * (q - 1)}M gives {diff:,.0f}; the printed figure is kept")
            if value is not None:
                quarters[(concept, idx)] = value
                out.append(value)
        # trailing twelve months and fiscal years
        for idx in sorted(by_index):
            p = by_index[idx]
            year = figures.get((concept, p.end, 12)) if p.fiscal_quarter == 4 else None
            four = [quarters.get((concept, idx - k)) for k in range(4)]
            if year is not None:
                for span in ("ttm", "fiscal_year"):
                    out.append(FlowValue(concept, p, start_of(p, 4), 12, span, year.value, year.basis,
                                         list(year.sources), year.restated_from, year.restated_sources))
            elif all(v is not None for v in four):
                vals = [v for v in four if v is not None]
                basis = "schedule" if any(v.basis == "schedule" for v in vals) else "derived"
                srcs = [f"sum of the quarters ending {', '.join(str(v.period.end) for v in reversed(vals))}"]
                out.append(FlowValue(concept, p, start_of(p, 4), 12, "ttm", sum(v.value for v in vals), basis, srcs))
    return out
