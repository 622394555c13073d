"""The human-readable terminal report, rendered from `Analysis.to_dict()` (nothing recomputed)."""

from __future__ import annotations

import math
import shutil
from typing import TYPE_CHECKING, Any

from edgarliq.export import STATEMENT_KINDS, period_label
from edgarliq.model import CURRENCY, PER_SHARE, PERCENT, row_measure

if TYPE_CHECKING:
    from edgarliq.pipeline import Analysis

TITLES = {"balance_sheet": "Balance sheet", "income_statement": "Income statement", "cash_flow": "Cash flow"}
UNIT_WORDS = {1: "", 1000: "in thousands", 1_000_000: "in millions", 1_000_000_000: "in billions"}


def _row_cells(row: dict[str, Any], unit: int) -> list[str]:
    """A statement row's values as printed text: currency amounts in the statement's unit; per-share
    amounts, share counts and percentages as they are (never scaled by the statement's unit)."""
    measure = row_measure(row)
    if measure == CURRENCY:
        return [fmt_amount(v, unit) for v in row.get("values", [])]
    if measure == PERCENT:
        return [c if c in ("-", "n/a") else (c[:-1] + "%)" if c.endswith(")") else c + "%")
                for c in (fmt_amount(v) for v in row.get("values", []))]
    return [fmt_amount(v, per_share=measure == PER_SHARE) for v in row.get("values", [])]
KEY_FDS_TAGS = ("CASH", "RECEIVABLES", "INVENTORY", "CURRENT-ASSETS", "TOTAL-ASSETS", "CURRENT-LIABILITIES",
                "TOTAL-REVENUES", "INCOME-PRETAX", "NET-INCOME", "EPS-PRIMARY", "EPS-BASIC", "EPS-DILUTED")


def render_report(analysis: Analysis, width: int | None = None) -> str:
    """The whole report as text, fitted to `width` columns (the terminal's, at most 120)."""
    if width is None:
        width = min(max(shutil.get_terminal_size((80, 24)).columns, 60), 120)
    doc = analysis.to_dict()
    parts = [_filing(doc["filing"], width)]
    for kind in STATEMENT_KINDS:
        st = doc["statements"].get(kind)
        if st:
            parts.append(_statement(kind, st, width))
    parts.append(_schedules(doc["schedules"], width))
    if doc["metrics"]:
        parts.append(_metrics(doc["metrics"], width))
    parts.append(_checks(doc["checks"], width))
    text = "\n".join(p for p in parts if p)
    return "\n".join(line.rstrip() for line in text.split("\n")) + "\n"


def _rule(title: str, width: int) -> str:
    return f"\n{title}\n{'=' * min(len(title), width)}"


def _filing(f: dict[str, Any], width: int) -> str:
    lines = [f"{f.get('company') or '(company not in the file)'}"]
    facts = [
        ("form", f.get("form")), ("period", f.get("period_of_report")), ("filed", f.get("filed")),
        ("CIK", f.get("cik")), ("accession", f.get("accession")),
    ]
    lines.append("  ".join(f"{k} {v}" for k, v in facts if v))
    lines.append(f"source {f['source']}")
    for w in f.get("warnings") or []:
        lines.append(f"note: {w}")
    return "\n".join(_clip(x, width) for x in lines)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def fmt_amount(value: float | None, unit: int = 1, per_share: bool = False) -> str:
    """Thousands separators, parentheses for negatives, '-' for unknown."""
    if value is None:
        return "-"
    if not math.isfinite(value):  # never produced by the readers (numbers of 18 digits at most)
        return "n/a"
    if per_share:
        text = f"{abs(value):,.2f}"
    else:
        scaled = value / unit if unit else value
        text = f"{abs(scaled):,.0f}" if abs(scaled - round(scaled)) < 1e-6 else f"{abs(scaled):,.2f}"
    return f"({text})" if value < 0 else text


def _statement(kind: str, st: dict[str, Any], width: int) -> str:
    """Aligned table in the statement's own unit; durations on a header line above the dates."""
    unit = int(st.get("unit") or 1)
    cols = st.get("columns", [])
    body: list[tuple[str, list[str]]] = []
    for row in st.get("rows", []):
        label = "  " * int(row.get("level") or 0) + row["label"]
        cells = _row_cells(row, unit)
        # accounting alignment: a positive figure leaves room for the ")" of a negative one
        body.append((label, [c if c.endswith(")") else c + " " for c in cells]))
    durations = [f"{c['months']} months" if c.get("months") else "" for c in cols]
    dates = [str(c.get("period_end") or c.get("header") or "?") for c in cols]
    colw = max([10, *(len(x) for x in durations + dates), *(len(c) for _, cells in body for c in cells)]) + 2
    label_w = max(20, width - colw * len(cols))
    unit_words = _unit_words(unit, st.get("unit_source"))
    source = st.get("source") or {}
    title = f"{TITLES[kind]}: {st.get('title') or ''}".rstrip(": ")
    lines = [_rule(_clip(title, width), width)]
    where = f"{source.get('document', '?')} line {source.get('line', '?')}"
    lines.append(f"({unit_words + ', ' if unit_words else ''}per-share as printed; from {where})")
    if any(durations):
        lines.append(" " * label_w + "".join(h.rjust(colw) for h in durations))
    lines.append(" " * label_w + "".join(h.rjust(colw) for h in dates))
    for label, cells in body:
        if all(c == "- " for c in cells):
            lines.append(_clip(label, width))  # a heading: let it use the whole line
            continue
        lines.append(_clip(label, label_w - 1).ljust(label_w) + "".join(c.rjust(colw) for c in cells))
    return "\n".join(lines)


def _schedules(schedules: list[dict[str, Any]], width: int) -> str:
    if not schedules:
        return _rule("Financial Data Schedules (EX-27)", width) + "\nnone in this filing"
    lines = [_rule(f"Financial Data Schedules (EX-27): {len(schedules)}", width)]
    for n, s in enumerate(schedules, 1):
        flags = [x for x, on in (("restated", s.get("restated")), ("flawed", s.get("flawed"))) if on]
        lines.append(
            f"{n}. {s.get('document_type')} article {s.get('article') or '?'}, multiplier {s.get('multiplier'):,}"
            + (f" ({', '.join(flags)})" if flags else "")
        )
        for col in s.get("columns", []):
            lines.append(f"   {col.get('period_type') or '?'} ending {col.get('period_end') or '?'}")
            values = col.get("values", {})
            for tag in KEY_FDS_TAGS:
                if tag in values:
                    per_share = tag.startswith("EPS")
                    lines.append(f"     {tag:<22}{fmt_amount(values[tag], per_share=per_share):>18}")
        for w in s.get("warnings", []):
            lines.extend(_wrap(f"   warning: {w}", width, indent="     "))
    return "\n".join(lines)


def fmt_metric(m: dict[str, Any]) -> str:
    v = m.get("value")
    if m.get("status") != "ok" or v is None:
        return "n/a"
    unit = m.get("unit")
    if isinstance(v, float) and not math.isfinite(v):
        return "n/a"
    if unit == "%":
        return f"{v:,.1f}%"
    if unit == "days":
        return f"{v:,.1f} d"
    if unit == "currency":
        return fmt_amount(v)
    if unit == "months":
        return f"{v:g} mo"
    return f"{v:,.2f}"


# Short labels so the metric tables fit 80 columns; the JSON keeps the full names.
SHORT_NAMES = {
    "operating_wc_need": "operating WC need",
    "operating_wc_need_pct_revenue": "op. WC need % revenue",
    "operating_wc_need_days": "op. WC need days",
    "economic_return_on_assets": "economic ROA",
    "solvency_period_months": "solvency period T",
    "solvency_restoration_coefficient": "restoration coeff.",
    "solvency_loss_coefficient": "loss coeff.",
    "short_term_financing_share": "short-term fin. share",
    "cash_conversion_cycle": "cash conversion cycle",
    "dso": "DSO", "dio": "DIO", "dpo": "DPO",
}


def _pretty(name: str) -> str:
    return SHORT_NAMES.get(name, name.replace("_", " "))


def _metric_table(title: str, rows: dict[str, dict[str, dict[str, Any]]], heads: list[str], width: int) -> list[str]:
    """One row per metric, one column per period; values only (readings follow the table)."""
    durations = [f"{h.split()[0][:-1]} months" if " " in h else "" for h in heads]
    dates = [h.split()[-1] for h in heads]
    cells = {name: [fmt_metric(by[h]) if h in by else "" for h in heads] for name, by in rows.items()}
    colw = max([10, *(len(x) for x in durations + dates), *(len(c) for cs in cells.values() for c in cs)]) + 2
    name_w = max(18, min(34, width - colw * len(heads)))
    lines = [_rule(title, width)]
    if any(durations):
        lines.append(" " * name_w + "".join(h.rjust(colw) for h in durations))
    lines.append(" " * name_w + "".join(h.rjust(colw) for h in dates))
    for name, cs in cells.items():
        lines.append(_clip(_pretty(name), name_w - 1).ljust(name_w) + "".join(c.rjust(colw) for c in cs))
    return lines


def _metrics(metrics: dict[str, list[dict[str, Any]]], width: int) -> str:
    """Balance-date metrics and period metrics as two tables, then verdicts and readings.

    Readings are given for the latest period of each metric: the table shows the trend,
    the reading says what the latest value means against the seeds' norms.
    """
    balance: dict[str, dict[str, dict[str, Any]]] = {}
    flows: dict[str, dict[str, dict[str, Any]]] = {}
    verdicts: list[tuple[str, dict[str, Any]]] = []
    for name, items in metrics.items():
        for m in items:
            if m.get("unit") == "verdict":
                verdicts.append((name, m))
                continue
            head = period_label({"period_end": m.get("period_end"), "months": m.get("months")})
            (flows if m.get("months") else balance).setdefault(name, {})[head] = m

    def heads_of(rows: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
        seen = {h for by in rows.values() for h in by}
        # Latest first; within a date, shorter durations first (3M before 6M, as filings print).
        return sorted(seen, key=lambda h: (h.split()[-1], -int(h.split()[0][:-1]) if " " in h else 0), reverse=True)

    lines: list[str] = []
    if balance:
        lines += _metric_table("Liquidity at balance dates", balance, heads_of(balance), width)
    if flows:
        lines += _metric_table("Performance and turnover by period", flows, heads_of(flows), width)
    if verdicts:
        lines.append(_rule("Verdicts", width))
        for name, m in verdicts:
            text = f"{_pretty(name)} {m.get('period_end')}: {m.get('verdict') or 'n/a'}"
            lines.append(_clip(text, width))
            if m.get("reading"):
                lines.extend(_wrap("    " + m["reading"], width))
    readings = []
    for name, items in metrics.items():
        latest = items[0] if items else None
        if latest is None or latest.get("unit") == "verdict":
            continue
        text = latest.get("reading") if latest.get("status") == "ok" else latest.get("reason")
        if text:  # notes (averaging, annualising) stay in the JSON and CSV: too long here
            readings.append(f"{_pretty(name)}: {text}")
    if readings:
        lines.append(_rule("Readings (latest period)", width))
        for text in readings:
            lines.extend(_wrap(text, width))
    return "\n".join(lines)


def _wrap(text: str, width: int, indent: str = "    ") -> list[str]:
    import textwrap

    return textwrap.wrap(text, width=width, subsequent_indent=indent) or [""]


def _checks(checks: list[dict[str, Any]], width: int) -> str:
    claims = [c for c in checks if c.get("name", "").startswith("claim ")]
    others = [c for c in checks if not c.get("name", "").startswith("claim ")]
    counts = {s: sum(1 for c in others if c.get("status") == s) for s in ("pass", "fail", "skip")}
    lines = [_rule(f"Checks: {counts['pass']} pass, {counts['fail']} fail, {counts['skip']} skip", width)]
    for c in others:
        if c.get("status") == "pass":
            continue
        line = f"{c['status'].upper():<5}{c['name']}"
        if c.get("expected") is not None or c.get("actual") is not None:
            line += f": expected {fmt_amount(c.get('expected'))}, got {fmt_amount(c.get('actual'))}"
        lines.append(_clip(line, width))
        if c.get("detail"):
            lines.extend(_wrap("     " + str(c["detail"]), width, indent="     "))
    shown = [c for c in claims if c.get("status") != "skip"]
    if claims:
        skipped = len(claims) - len(shown)
        lines.append(_rule(f"The filing's own claims: {sum(c['status'] == 'pass' for c in claims)} confirmed, "
                           f"{sum(c['status'] == 'fail' for c in claims)} contradicted, {skipped} not checkable",
                           width))
        for c in shown:
            mark = "ok " if c["status"] == "pass" else "NO "
            claim = c.get("claim") or c["name"]
            actual = c.get("actual")
            computed = f"{actual:,.4g}" if isinstance(actual, float) and abs(actual) < 1e4 else fmt_amount(actual)
            lines.extend(_wrap(f"{mark}{claim!r} ({c['name'][6:]}): computed {computed}", width, indent="    "))
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Notebooks: one-line summaries for __repr__ and HTML tables for _repr_html_. The HTML shows the
# same figures as the text report (statements in their printed unit, metrics as formatted there).

KEY_METRICS = ("working_capital", "current_ratio", "quick_ratio", "cash_ratio", "balance_sheet_liquidity",
               "working_capital_policy", "gross_margin", "operating_margin", "net_margin", "dso",
               "cash_conversion_cycle", "free_cash_flow", "revenue_growth")


def analysis_summary(analysis: Analysis) -> str:
    """``COMPANY 10-Q 1997-06-27: 3 statements, 1 EX-27 schedule, 31 metrics, 26 checks (0 fail)``."""
    f = analysis.filing
    n_metrics = sum(len(ms) for ms in analysis.metrics.values())
    n_fail = sum(1 for c in analysis.checks if c.status == "fail")
    n_st = len(analysis.statements) if analysis.statements else 0
    n_sch = len(analysis.schedules)
    who = " ".join(str(x) for x in (f.get("company") or "(no company name)", f.get("form"),
                                    f.get("period_of_report")) if x)
    return (f"{who}: {n_st} statement{'s' * (n_st != 1)}, {n_sch} EX-27 schedule{'s' * (n_sch != 1)}, "
            f"{n_metrics} metrics, {len(analysis.checks)} checks ({n_fail} fail)")


def statement_summary(st: Any) -> str:
    """``balance_sheet 'CONSOLIDATED BALANCE SHEETS': 17 rows x 2 periods, in thousands (printed)``."""
    unit_words = UNIT_WORDS.get(st.unit, f"x {st.unit:,}") or "in units"
    return (f"{st.kind} {st.title!r}: {len(st.rows)} rows x {len(st.columns)} periods "
            f"({', '.join(c.label for c in st.columns)}), {unit_words} ({st.unit_source})")


def _h(text: Any) -> str:
    import html

    return html.escape(str(text), quote=True)


def _unit_words(unit: int, source: str | None) -> str:
    """How the statement's header names its unit, and where the unit came from when the statement
    prints none: "in thousands by the EX-27, none printed", "no unit printed, figures as printed"."""
    words = UNIT_WORDS.get(unit, f"x {unit:,}")
    if source == "schedule":
        return f"{words} by the EX-27, none printed"
    if source == "assumed":
        return "no unit printed, figures as printed"
    return words


def statement_html(kind: str, st: dict[str, Any]) -> str:
    """One statement (its `to_dict()` form) as an HTML table, in its printed unit."""
    unit = int(st.get("unit") or 1)
    cols = st.get("columns", [])
    source = st.get("source") or {}
    unit_words = _unit_words(unit, st.get("unit_source"))
    caption = (f"{_h(TITLES.get(kind, kind))}: {_h(st.get('title') or '')} "
               f"<small>({_h(unit_words + ', ' if unit_words else '')}per-share as printed; "
               f"from {_h(source.get('document', '?'))} line {_h(source.get('line', '?'))})</small>")
    head = "".join(f"{_TH}{_h(period_label(c))}</th>" for c in cols)
    body = []
    for row in st.get("rows", []):
        values = row.get("values", [])
        heading = all(v is None for v in values)  # a heading line: no dashes across the table
        cells = "".join(f'<td style="text-align:right">{"" if heading else _h(c)}</td>'
                        for c in _row_cells(row, unit))
        pad = 1.2 * int(row.get("level") or 0)
        label = f"<b>{_h(row['label'])}</b>" if row.get("total") else _h(row["label"])
        body.append(f'<tr><td style="text-align:left;padding-left:{pad:g}em">{label}</td>{cells}</tr>')
    return (f"<table><caption style=\"text-align:left\">{caption}</caption>"
            f"<thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def _neg_date(text: str) -> tuple[int, ...]:
    """Sort key putting later ISO dates first (non-dates last)."""
    parts = text.split("-")
    return tuple(-int(p) for p in parts) if all(p.isdigit() for p in parts) else (1,)


_TH = '<th style="white-space:nowrap">'


def metrics_html(metrics: dict[str, list[dict[str, Any]]], names: tuple[str, ...] = KEY_METRICS) -> str:
    """The key metrics, one row each, one column per date or period; verdicts as their words."""
    chosen = {n: metrics[n] for n in names if metrics.get(n)}
    labels = {period_label({"period_end": m.get("period_end"), "months": m.get("months")})
              for ms in chosen.values() for m in ms}
    # balance dates first, then periods; latest first, and within a date the shorter period first
    heads = sorted(labels, key=lambda h: (" " in h, _neg_date(h.split()[-1]),
                                          int(h.split()[0][:-1]) if " " in h and h.split()[0][:-1].isdigit() else 0))
    rows = []
    for name, ms in chosen.items():
        by = {period_label({"period_end": m.get("period_end"), "months": m.get("months")}): m for m in ms}
        cells = []
        for h in heads:
            m = by.get(h)
            if m is None:
                cells.append("<td></td>")
                continue
            shown = m.get("verdict") if m.get("unit") == "verdict" and m.get("verdict") else fmt_metric(m)
            tip = m.get("reading") if m.get("status") == "ok" else m.get("reason")
            cells.append(f'<td style="text-align:right" title="{_h(tip or "")}">{_h(shown)}</td>')
        rows.append(f'<tr><td style="text-align:left">{_h(_pretty(name))}</td>{"".join(cells)}</tr>')
    head = "".join(f"{_TH}{_h(h)}</th>" for h in heads)
    return (f'<table><caption style="text-align:left">Key metrics <small>(hover for the reading; '
            f'all metrics: <code>.to_frame("metrics")</code>)</small></caption>'
            f"<thead><tr><th></th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def analysis_html(analysis: Analysis) -> str:
    """The notebook view: who and what, key metrics, the statements, the checks that did not pass."""
    doc = analysis.to_dict()
    f = doc["filing"]
    facts = [("form", f.get("form")), ("period", f.get("period_of_report")), ("filed", f.get("filed")),
             ("CIK", f.get("cik")), ("accession", f.get("accession"))]
    parts = [f"<h3>{_h(f.get('company') or '(company not in the file)')}</h3>",
             "<p>" + " &middot; ".join(f"{_h(k)} {_h(v)}" for k, v in facts if v) + "</p>"]
    if doc["metrics"]:
        parts.append(metrics_html(doc["metrics"]))
    for kind in STATEMENT_KINDS:
        if doc["statements"].get(kind):
            parts.append(statement_html(kind, doc["statements"][kind]))
    # counted as in the text report: the statement checks, then the filing's own claims
    claims = [c for c in doc["checks"] if c.get("name", "").startswith("claim ")]
    others = [c for c in doc["checks"] if not c.get("name", "").startswith("claim ")]
    counts = {s: sum(1 for c in others if c.get("status") == s) for s in ("pass", "fail", "skip")}
    said = {s: sum(1 for c in claims if c.get("status") == s) for s in ("pass", "fail", "skip")}
    problems = "".join(f"<li>{_h(c['status'].upper())} {_h(c['name'])}: {_h(c.get('detail') or '')}</li>"
                       for c in doc["checks"] if c.get("status") == "fail")
    parts.append(f"<p>Checks: {counts['pass']} pass, {counts['fail']} fail, {counts['skip']} skip. "
                 f"The filing's own claims: {said['pass']} confirmed, {said['fail']} contradicted, "
                 f"{said['skip']} not checkable.</p>" + (f"<ul>{problems}</ul>" if problems else ""))
    return "<div>" + "".join(parts) + "</div>"
