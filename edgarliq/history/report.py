"""A history's outputs: the key-figure table (terminal and HTML), CSV, Excel, charts, HTML report.

The HTML report is one self-contained file: charts as base64 PNG, no script or style from
anywhere else, so it opens offline. A small inline script marks the page once every chart image
has decoded (`#render-status[data-charts-ok]`), which the browser test reads.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

# (column title, source, concept or metric, months, scale, format)
_KEY_COLUMNS = (
    ("revenue", "flow", "revenue", 3, 1e6, "{:,.0f}"),
    ("net inc.", "flow", "net_income", 3, 1e6, "{:,.0f}"),
    ("WC", "metric", "working_capital", None, 1e6, "{:,.0f}"),
    ("current", "metric", "current_ratio", None, 1, "{:.2f}"),
    ("quick", "metric", "quick_ratio", None, 1, "{:.2f}"),
    ("cash r.", "metric", "cash_ratio", None, 1, "{:.2f}"),
    ("gross %", "metric", "gross_margin", 3, 1, "{:.1f}"),
    ("net %", "metric", "net_margin", 3, 1, "{:.1f}"),
    ("CCC d", "metric", "cash_conversion_cycle", 12, 1, "{:.0f}"),
)


def key_frame(history: Any) -> Any:
    """One row per quarter end (fiscal year, quarter), the key figures as numbers (millions for amounts)."""
    import pandas as pd

    q, m = history.quarters, history.metrics
    ends = pd.concat([q.loc[q["span"] == "quarter", ["period_end", "fiscal_year", "fiscal_quarter"]],
                      history.balances[["period_end", "fiscal_year", "fiscal_quarter"]]])
    ends = ends.dropna(subset=["fiscal_year", "fiscal_quarter"]).drop_duplicates("period_end").sort_values("period_end")
    out = pd.DataFrame({"period_end": ends["period_end"].to_numpy(),
                        "quarter": [f"FY{int(y)} Q{int(n)}" for y, n in zip(ends["fiscal_year"], ends["fiscal_quarter"],
                                                                            strict=True)]})
    for title, kind, name, months, scale, _ in _KEY_COLUMNS:
        if kind == "flow":
            rows = q[(q["concept"] == name) & (q["span"] == "quarter")]
        else:
            rows = m[m["metric"] == name]
            rows = rows[rows["months"].isna()] if months is None else rows[rows["months"] == months]
        values = rows.drop_duplicates("period_end", keep="last").set_index("period_end")["value"] / scale
        out[title] = out["period_end"].map(values).astype("float64")
    return out


def _fmt(v: float, fmt: str) -> str:
    if v != v:  # NaN: a gap
        return "-"
    return f"({fmt.format(-v)})" if v < 0 and fmt.startswith("{:,") else fmt.format(v)


def _cells(row: tuple[Any, ...]) -> list[str]:
    return [str(row[0].date()), row[1], *(_fmt(v, c[5]) for v, c in zip(row[2:], _KEY_COLUMNS, strict=True))]


def terminal_table(history: Any, width: int = 100) -> str:
    frame = key_frame(history)
    head = ["period", "quarter", *(c[0] for c in _KEY_COLUMNS)]
    rows = [_cells(r) for r in frame.itertuples(index=False, name=None)]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(head)]
    lines = [f"{history.company or '?'} (CIK {history.cik or '?'}): {len(history.filings)} filings",
             "amounts in millions; revenue, net income and margins per quarter; CCC on TTM flows; - = gap"]
    lines.append("  ".join(h.ljust(w) if i < 2 else h.rjust(w) for i, (h, w) in enumerate(zip(head, widths,
                                                                                               strict=True))))
    lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        lines.append("  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths,
                                                                                                 strict=True))))
    for note in history.notes[:3]:
        lines.append(f"note: {note}")
    if len(history.notes) > 3:
        lines.append(f"... {len(history.notes) - 3} more notes in notes.txt")
    for failure in history.failures:
        lines.append(f"failed: {failure}")
    return "\n".join(lines) + "\n"


def key_table_html(history: Any) -> str:
    frame = key_frame(history)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in ["period", "quarter", *(c[0] for c in _KEY_COLUMNS)])
    body = []
    for r in frame.itertuples(index=False, name=None):
        cells = _cells(r)
        body.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    return f'<table class="key"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


_FLOW_TABLE = (("revenue", "revenue"), ("net_income", "net income"), ("net_cash_operating", "operating cash flow"),
               ("capex", "capital expenditure"))
_BASIS_MARK = {"printed": "", "derived": " d", "schedule": " s"}


def flows_table_html(history: Any) -> str:
    """Discrete quarters of the main flows (millions), each marked with its basis and its sources
    as a tooltip: d = derived (a year-to-date difference), s = from an EX-27 schedule."""
    q = history.quarters[history.quarters["span"] == "quarter"]
    ends = q[["period_end", "fiscal_year", "fiscal_quarter"]].drop_duplicates("period_end").sort_values("period_end")
    head = "".join(f"<th>{html.escape(t)}</th>" for t in ["period", "quarter", *(t for _, t in _FLOW_TABLE)])
    cells: dict[tuple[str, Any], str] = {}
    for r in q[q["concept"].isin([c for c, _ in _FLOW_TABLE])].itertuples(index=False):
        text = _fmt(r.value / 1e6, "{:,.0f}") + _BASIS_MARK.get(r.basis, "")
        cells[(r.concept, r.period_end)] = f'<td title="{html.escape(r.sources)}">{html.escape(text)}</td>'
    body = []
    for r in ends.itertuples(index=False):
        label = f"FY{int(r.fiscal_year)} Q{int(r.fiscal_quarter)}"
        row = "".join(cells.get((c, r.period_end), "<td>-</td>") for c, _ in _FLOW_TABLE)
        body.append(f"<tr><td>{r.period_end.date()}</td><td>{label}</td>{row}</tr>")
    return (f'<table class="flows"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
            "<p>millions; d = derived from year-to-date figures, s = from an EX-27 schedule; hover a figure "
            "for its sources.</p>")


_STYLE = """
body{font-family:sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;font-size:12px}
td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}
td:nth-child(-n+2),th:nth-child(-n+2){text-align:left}
img.chart{display:block;max-width:100%;margin:1em 0;border:1px solid #eee}
.notes li{font-size:12px}
"""

_SCRIPT = """
window.addEventListener('load', function () {
  var imgs = document.querySelectorAll('img.chart'), ok = 0;
  imgs.forEach(function (i) { if (i.complete && i.naturalWidth > 0) ok++; });
  var s = document.getElementById('render-status');
  s.setAttribute('data-charts-ok', String(ok));
  s.setAttribute('data-charts', String(imgs.length));
  s.textContent = ok + ' of ' + imgs.length + ' charts rendered';
});
"""


def html_report(history: Any, pngs: dict[str, bytes]) -> str:
    from edgarliq.history.charts import CHARTS

    title = f"{history.company or '?'} (CIK {history.cik or '?'}): liquidity over time"
    charts = "".join(
        f'<h3>{html.escape(CHARTS[name])}</h3><img class="chart" id="chart-{name}" alt="{html.escape(CHARTS[name])}" '
        f'src="data:image/png;base64,{base64.b64encode(data).decode()}">' for name, data in pngs.items())
    filings = "".join(f"<li>{html.escape(f.label)} filed {f.filed}</li>" for f in history.filings)
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in history.notes) or "<li>none</li>"
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{_STYLE}</style></head><body><h1>{html.escape(title)}</h1>"
            f"<p id='render-status' data-charts-ok='0'>charts not rendered</p>"
            f"<h2>Key figures by quarter</h2>{key_table_html(history)}"
            f"<h2>Charts</h2>{charts}"
            f"<h2>Quarterly flows and their basis</h2>{flows_table_html(history)}"
            f"<h2>Notes</h2><ul class='notes'>{notes}</ul>"
            f"<h2>Filings</h2><ul>{filings}</ul>"
            f"<p>Every figure's basis (printed, derived, schedule) and source line are in quarters.csv, "
            f"balances.csv and metrics.csv next to this file.</p>"
            f"<script>{_SCRIPT}</script></body></html>\n")


def write_outputs(history: Any, out: Path) -> list[Path]:
    """Every output file into `out` (created); returns their paths."""
    import pandas as pd

    from edgarliq.history.charts import CHARTS, write_charts

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    tables = {"balances": history.balances, "quarters": history.quarters, "metrics": history.metrics}
    for name, df in tables.items():
        path = out / f"{name}.csv"
        df.to_csv(path, index=False, date_format="%Y-%m-%d")
        written.append(path)
    xlsx = out / "history.xlsx"
    with pd.ExcelWriter(xlsx, engine="openpyxl") as xl:
        key_frame(history).to_excel(xl, sheet_name="key figures", index=False)
        for name, df in tables.items():
            df.to_excel(xl, sheet_name=name, index=False)
        pd.DataFrame({"note": history.notes}).to_excel(xl, sheet_name="notes", index=False)
    written.append(xlsx)
    pngs = write_charts(history, out)
    written.extend(out / f"{name}.png" for name in CHARTS)
    report = out / "report.html"
    report.write_text(html_report(history, pngs), encoding="utf-8")
    notes = out / "notes.txt"
    notes.write_text("".join(f"{n}\n" for n in history.notes), encoding="utf-8")
    written.extend([report, notes])
    return written
