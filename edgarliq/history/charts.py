"""PNG charts of a history (matplotlib, Agg backend: no display needed).

Each chart is one function returning a Figure; quarters with no figure are NaN, so lines break
at gaps instead of drawing a straight line across a missing 10-Q.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

CHART_SIZE = (10.0, 4.5)  # inches
CHART_DPI = 100  # -> 1000 x 450 pixels

CHARTS = {
    "liquidity_ratios": "Current and quick ratio (norms 1.0 and 2.0)",
    "working_capital": "Working capital",
    "margins": "Margins per quarter",
    "cash_conversion_cycle": "Cash conversion cycle (TTM flows, average balances)",
}

_LABELS = {"current_ratio": "current ratio", "quick_ratio": "quick ratio", "cash_ratio": "cash ratio",
           "gross_margin": "gross margin %", "operating_margin": "operating margin %", "net_margin": "net margin %",
           "dso": "DSO", "dio": "DIO", "dpo": "DPO", "cash_conversion_cycle": "cash conversion cycle"}


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def _x(series: Any) -> Any:
    return series.index.to_timestamp(how="end")


def plot_metric(history: Any, metric: str, ax: Any = None) -> Any:
    """One metric over time on `ax` (a new figure when None); returns the Axes."""
    plt = _plt()
    if ax is None:
        _, ax = plt.subplots(figsize=CHART_SIZE, dpi=CHART_DPI)
    s = history.series(metric)
    ax.plot(_x(s), s.to_numpy(), marker="o", markersize=3, label=_LABELS.get(metric, metric))
    ax.set_title(f"{history.company or ''} {_LABELS.get(metric, metric)}".strip())
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize=8)
    return ax


def _figure(title: str) -> tuple[Any, Any]:
    plt = _plt()
    fig, ax = plt.subplots(figsize=CHART_SIZE, dpi=CHART_DPI)
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    return fig, ax


def chart(history: Any, name: str) -> Any:
    """The Figure of one of `CHARTS`."""
    fig, ax = _figure(f"{history.company or ''}: {CHARTS[name]}")
    if name == "liquidity_ratios":
        for m in ("current_ratio", "quick_ratio"):
            s = history.series(m)
            ax.plot(_x(s), s.to_numpy(), marker="o", markersize=3, label=_LABELS[m])
        ax.axhline(2.0, color="green", linestyle="--", linewidth=1, label="2.0 (ideal current ratio)")
        ax.axhline(1.0, color="red", linestyle="--", linewidth=1, label="1.0 (quick ratio floor)")
        ax.set_ylim(bottom=0)
    elif name == "working_capital":
        s = history.series("working_capital") / 1e6
        x = _x(s)
        colors = ["tab:blue" if v >= 0 else "tab:red" for v in s.fillna(0).to_numpy()]
        ax.bar(x, s.fillna(0).to_numpy(), width=60, color=colors, label="working capital (millions)")
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_ylabel("millions")
    elif name == "margins":
        for m in ("gross_margin", "operating_margin", "net_margin"):
            s = history.series(m)
            ax.plot(_x(s), s.to_numpy(), marker="o", markersize=3, label=_LABELS[m])
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_ylabel("% of revenue")
    elif name == "cash_conversion_cycle":
        for m in ("dso", "dio", "dpo", "cash_conversion_cycle"):
            s = history.series(m)
            ax.plot(_x(s), s.to_numpy(), marker="o", markersize=3, label=_LABELS[m],
                    linewidth=2.5 if m == "cash_conversion_cycle" else 1)
        ax.axhline(0, color="black", linewidth=0.8)
        ax.set_ylabel("days")
    ax.legend(loc="best", fontsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def png_bytes(history: Any, name: str) -> bytes:
    plt = _plt()
    fig = chart(history, name)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=CHART_DPI)
    plt.close(fig)
    return buf.getvalue()


def write_charts(history: Any, out: Path) -> dict[str, bytes]:
    """Write every chart as out/NAME.png; returns the PNG bytes by name (the HTML report embeds them)."""
    pngs: dict[str, bytes] = {}
    for name in CHARTS:
        data = png_bytes(history, name)
        (out / f"{name}.png").write_bytes(data)
        pngs[name] = data
    return pngs
