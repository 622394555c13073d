"""A company's liquidity over time: every filing stitched into one history.

    >>> h = edgarliq.history("filings/")          # paths, directories, globs or Analysis objects
    >>> h.quarters.query("concept == 'revenue'")   # discrete quarters, TTM, fiscal years
    >>> h.metrics                                  # every metric per balance date / quarter / TTM
    >>> h.plot("current_ratio")
    >>> h.write("out/")                            # CSV, Excel, PNG charts, one HTML report

A stage after the pipeline: it consumes `Analysis` objects and never parses a filing itself
(`stitch.py` says how figures are stitched, `measures.py` how metrics are computed on them).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from edgarliq.errors import FilingError
from edgarliq.history.stitch import (
    KIND_OF,
    FilingRef,
    Obs,
    canonical_dates,
    discrete_flows,
    fiscal_calendar,
    observations,
    stitch,
)
from edgarliq.model import MONTH_NAMES
from edgarliq.record import field, record

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["History", "history", "build_history", "analyse_paths", "KEY_METRICS"]

# The metrics the terminal table, the charts and the report lead with.
KEY_METRICS = ("working_capital", "current_ratio", "quick_ratio", "cash_ratio", "gross_margin", "net_margin",
               "cash_conversion_cycle", "free_cash_flow")

PERIOD_COLUMNS = ["period_start", "period_end", "months", "fiscal_year", "fiscal_quarter"]


@record(slots=True)
class History:
    """One company's stitched history. DataFrames have datetime period columns and numeric values."""

    company: str | None
    cik: int | None
    filings: list[FilingRef]
    balances: pd.DataFrame
    quarters: pd.DataFrame
    metrics: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # inputs that could not be fetched or read

    # -- views ---------------------------------------------------------------------------------
    def quarter_labels(self) -> list[str]:
        q = self.quarters[self.quarters["span"] == "quarter"]
        return [f"FY{int(y)} Q{int(n)}" for y, n in q[["fiscal_year", "fiscal_quarter"]].drop_duplicates()
                .sort_values(["fiscal_year", "fiscal_quarter"]).itertuples(index=False)]

    def fiscal_freq(self) -> str:
        """The pandas frequency of this company's fiscal quarters, e.g. ``Q-SEP`` for Apple."""
        ends = self.balances.loc[self.balances["fiscal_quarter"] == 4, "period_end"]
        if ends.empty:
            ends = self.quarters.loc[self.quarters["fiscal_quarter"] == 4, "period_end"]
        # a 52/53-week year ending in the first days of a month belongs to the month before
        months = (ends - pd_timedelta(7)).dt.month if not ends.empty else None
        month = int(months.mode().iloc[0]) if months is not None else 12
        return f"Q-{MONTH_NAMES[month - 1][:3].upper()}"  # (English, whatever the locale)

    def series(self, metric: str) -> pd.Series:
        """One metric over fiscal quarters: a Series on a fiscal-quarter PeriodIndex (gaps as NaN).

        Balance metrics are taken at each balance date; the turnover days (DSO ... cash conversion
        cycle) on TTM flows (12M), margins and free cash flow per quarter (3M).
        """
        import pandas as pd

        m = self.metrics[(self.metrics["metric"] == metric) & self.metrics["fiscal_quarter"].notna()]
        if m.empty:
            raise KeyError(f"no metric {metric!r}; available: {', '.join(sorted(self.metrics['metric'].unique()))}")
        months = m["months"].dropna().unique()
        if len(months):
            want = 12 if metric in _TTM_METRICS and 12 in months else (3 if 3 in months else months[0])
            m = m[m["months"] == want]
        freq = self.fiscal_freq()
        index = pd.PeriodIndex([pd.Period(year=int(y), quarter=int(q), freq=freq)
                                for y, q in zip(m["fiscal_year"], m["fiscal_quarter"], strict=True)])
        s = pd.Series(m["value"].to_numpy(dtype=float), index=index, name=metric)
        s = s[~s.index.duplicated(keep="last")].sort_index()
        if len(s):
            s = s.reindex(pd.period_range(s.index.min(), s.index.max(), freq=freq))  # gaps stay visible
        return s

    def plot(self, metric: str, ax: Any = None) -> Any:
        """A line chart of one metric over time (matplotlib Axes); gaps are breaks in the line."""
        from edgarliq.history.charts import plot_metric

        return plot_metric(self, metric, ax=ax)

    def table(self, width: int = 100) -> str:
        """The compact terminal table of the key metrics by quarter."""
        from edgarliq.history.report import terminal_table

        return terminal_table(self, width=width)

    def write(self, out_dir: str | os.PathLike[str]) -> list[Path]:
        """balances.csv, quarters.csv, metrics.csv, history.xlsx, the PNG charts and report.html."""
        from edgarliq.history.report import write_outputs

        return write_outputs(self, Path(out_dir))

    def __repr__(self) -> str:
        labels = self.quarter_labels()
        span = f"{labels[0]} .. {labels[-1]}" if labels else "no quarters"
        return (f"<History {self.company or '?'} (CIK {self.cik or '?'}): {len(self.filings)} filings, "
                f"{len(labels)} quarters {span}, {self.balances['period_end'].nunique()} balance dates, "
                f"{len(self.notes)} notes>")

    def _repr_html_(self) -> str:
        from edgarliq.history.report import key_table_html

        return f"<p><b>{_esc(self.company or '?')}</b> CIK {self.cik or '?'}: {len(self.filings)} filings</p>" + \
            key_table_html(self)


def pd_timedelta(days: int) -> Any:
    import pandas as pd

    return pd.Timedelta(days=days)


_TTM_METRICS = {"dso", "dio", "dpo", "operating_cycle", "cash_conversion_cycle", "economic_return_on_assets",
                "operating_wc_need_pct_revenue", "operating_wc_need_days"}


def _esc(text: str) -> str:
    import html

    return html.escape(text)


# --- building -------------------------------------------------------------------------------------

def analyse_paths(paths: Sequence[Any], progress: bool | None = None) -> tuple[list[Any], list[str]]:
    """(analyses, failures) of saved filings (files, directories, glob patterns), with a progress bar
    on a terminal. A filing that cannot be read is recorded and the others go on."""
    import sys

    from tqdm import tqdm

    from edgarliq.batch import discover_inputs
    from edgarliq.errors import EdgarliqError
    from edgarliq.pipeline import analyze

    files = discover_inputs(paths)
    if not files:
        raise FilingError(", ".join(map(str, paths)), "", "no filings found")
    show = sys.stderr.isatty() if progress is None else progress
    analyses: list[Any] = []
    failures: list[str] = []
    for p in tqdm(files, desc="analyse", unit="filing", disable=not show, leave=False):
        try:
            analyses.append(analyze(p))
        except EdgarliqError as exc:
            failures.append(f"{p}: {exc}")
    return analyses, failures


def history(sources: Any, *, cik: int | str | None = None, thresholds: dict[str, float] | None = None,
            progress: bool | None = None, period_from: date | None = None,
            period_to: date | None = None) -> History:
    """Stitch one company's filings (paths, directories, glob patterns or `Analysis` objects).

    Filings of more than one company are an error naming the ones that do not belong (the company
    is `cik` when given, else the one most filings are of). Unreadable filings are listed in
    `History.failures`. `period_from`/`period_to` keep the filings whose period of report is in
    that range (`in_period_range`).
    """
    from edgarliq.pipeline import Analysis

    items = [sources] if isinstance(sources, str | os.PathLike | Analysis) else list(sources)
    analyses = [s for s in items if isinstance(s, Analysis)]
    paths = [s for s in items if not isinstance(s, Analysis)]
    failures: list[str] = []
    if paths:
        more, failures = analyse_paths(paths, progress)
        analyses.extend(more)
    return build_history(analyses, cik=cik, thresholds=thresholds, failures=failures, period_from=period_from,
                         period_to=period_to)


def _company_check(refs: Sequence[FilingRef], cik: int | str | None) -> int | None:
    ciks = Counter(r.cik for r in refs if r.cik is not None)
    if cik is not None:
        want: int | None = int(str(cik).strip())
    else:
        want = ciks.most_common(1)[0][0] if ciks else None
    others = [r for r in refs if r.cik is not None and r.cik != want]
    if others:
        names = "; ".join(f"{r.source} (CIK {r.cik} {r.company or ''})".replace(" )", ")") for r in others)
        raise FilingError(names, "", f"filings of another company than CIK {want}: a history is of one company")
    return want


def in_period_range(analyses: Sequence[Any], period_from: date | None, period_to: date | None,
                    notes: list[str]) -> list[Any]:
    """The analyses whose period of report (the balance-sheet date the filing reports, from its SEC
    header) is within [period_from, period_to]. An analyst asking for 1996-1998 means the periods
    reported, not the days the filings were filed (a 10-K for 1998 is filed in 1999). A filing
    with no period of report cannot be placed: it is left out and named in `notes`."""
    if period_from is None and period_to is None:
        return list(analyses)
    out = []
    for a in analyses:
        ref = FilingRef.of(a)
        if ref.period is None:
            notes.append(f"{ref.source}: no period of report, left out of the --from/--to range")
        elif (period_from is None or ref.period >= period_from) and (period_to is None or ref.period <= period_to):
            out.append(a)
    return out


def build_history(analyses: Sequence[Any], *, cik: int | str | None = None,
                  thresholds: dict[str, float] | None = None, failures: Sequence[str] = (),
                  period_from: date | None = None, period_to: date | None = None) -> History:
    """The history of already analysed filings (see the module docstring); with `period_from` /
    `period_to`, of those reporting a period in that range (`in_period_range`). The comparative
    columns those filings print stay in the history (they place restatements and fiscal quarters)."""
    import pandas as pd

    from edgarliq.history.measures import history_metrics

    notes: list[str] = []
    analyses = in_period_range(analyses, period_from, period_to, notes)
    refs = [FilingRef.of(a) for a in analyses]
    want = _company_check(refs, cik)
    raw: list[Obs] = []
    for a in analyses:
        raw.extend(observations(a, notes))
    canon = canonical_dates(raw)
    snapped = [o if canon[o.end] == o.end else Obs(o.concept, canon[o.end], o.months, o.value, o.basis,
                                                   f"{o.source} (printed as {o.end})", o.unit, o.filing)
               for o in raw]
    figures = stitch(snapped)
    cal = fiscal_calendar(figures, refs, notes)
    flows = discrete_flows(figures, cal, notes)

    def fiscal(d: Any) -> tuple[Any, Any]:
        p = cal.get(d)
        return (p.fiscal_year, p.fiscal_quarter) if p is not None else (None, None)

    bal_rows = []
    for (concept, d, months), fig in sorted(figures.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if months is not None:
            continue
        fy, fq = fiscal(d)
        bal_rows.append({"period_end": d, "fiscal_year": fy, "fiscal_quarter": fq, "concept": concept,
                         "value": fig.value, "basis": fig.basis, "sources": "; ".join(fig.sources),
                         "restated_from": fig.restated_from, "restated_sources": fig.restated_sources})
    balances = pd.DataFrame.from_records(bal_rows, columns=["period_end", "fiscal_year", "fiscal_quarter", "concept",
                                                            "value", "basis", "sources", "restated_from",
                                                            "restated_sources"])
    q_rows = [{"period_start": v.start, "period_end": v.period.end, "months": v.months,
               "fiscal_year": v.period.fiscal_year, "fiscal_quarter": v.period.fiscal_quarter, "span": v.span,
               "concept": v.concept, "value": v.value, "basis": v.basis, "sources": "; ".join(v.sources),
               "restated_from": v.restated_from, "restated_sources": v.restated_sources} for v in flows]
    quarters = pd.DataFrame.from_records(q_rows, columns=[*PERIOD_COLUMNS, "span", "concept", "value", "basis",
                                                          "sources", "restated_from", "restated_sources"])
    quarters = quarters.sort_values(["concept", "span", "period_end"], kind="stable").reset_index(drop=True)

    bal_values = {(c, d): v for (c, d, m), fig in figures.items() if m is None for v in [fig.value]}
    flow_values = {(v.concept, v.period.end, v.months): v.value for v in flows if v.span != "fiscal_year"}
    ms = history_metrics(bal_values, flow_values, KIND_OF, thresholds)
    starts = {(v.period.end, v.months): v.start for v in flows}
    m_rows = []
    for m in ms:
        fy, fq = fiscal(m.period_end)
        value, reading, verdict = m.value, m.reading or "", m.verdict
        if verdict is not None:
            # a verdict's words are in `verdict`; over time the A/P verdict is charted as the number
            # of the four conditions met, so it keeps that number as its value
            met = [v.get("value") for v in m.inputs.values() if isinstance(v, dict)]
            reading = f"{verdict}: {reading}" if reading else verdict
            value = float(sum(x for x in met if x is not None)) if m.name == "balance_sheet_liquidity" else None
        m_rows.append({"period_start": starts.get((m.period_end, m.months)) if m.months in (3, 12) else None,
                       "period_end": m.period_end, "months": m.months, "fiscal_year": fy, "fiscal_quarter": fq,
                       "metric": m.name, "value": value, "unit": m.unit, "status": m.status, "verdict": verdict,
                       "reading": reading or None, "reason": m.reason, "note": m.note})
    metrics = pd.DataFrame.from_records(m_rows, columns=[*PERIOD_COLUMNS, "metric", "value", "unit", "status",
                                                         "verdict", "reading", "reason", "note"])
    for df in (balances, quarters, metrics):
        _types(df)
    metrics = metrics.sort_values(["metric", "months", "period_end"], kind="stable", na_position="first")
    company = Counter(r.company for r in refs if r.company and r.cik == want).most_common(1)
    refs.sort(key=lambda r: r.order)
    return History(company[0][0] if company else None, want, refs, balances, quarters,
                   metrics.reset_index(drop=True), list(dict.fromkeys(notes)), list(failures))


def _types(df: pd.DataFrame) -> None:
    import pandas as pd

    for c in ("period_start", "period_end"):
        if c in df:
            df[c] = pd.to_datetime(df[c])
    for c in ("months", "fiscal_year", "fiscal_quarter"):
        if c in df:
            df[c] = pd.array(df[c], dtype="Int64")
    for c in ("value", "restated_from"):
        if c in df:
            df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")


# `edgarliq.history(sources)` is the API, and `edgarliq.history` is also this package: importing a
# submodule binds the package over any function of that name in `edgarliq`. Making the package
# callable keeps both spellings working: `edgarliq.history(...)` and `from edgarliq.history import History`.
class _CallableModule(__import__("types").ModuleType):
    def __call__(self, sources: Any, **kwargs: Any) -> History:
        return history(sources, **kwargs)


__import__("sys").modules[__name__].__class__ = _CallableModule
