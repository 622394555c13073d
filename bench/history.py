"""Benchmark of a company history against the analyses it is made of (a script, not a test).

    python bench/history.py                 # 50 Apple filings 1993-2008 from ../shared/corpus
    python bench/history.py --cik 0000050863 --limit 17

Target (issue 12): a history over 50 filings takes no more than the sum of their analyses plus a
small constant. Measured, each the best of ``--repeat`` runs in one process:

- the sum of ``edgarliq.analyze(path)`` over the filings;
- ``edgarliq.history(paths)``: the same analyses plus the stitching and the metrics over time;
- the difference (the history's own cost), and writing every output (CSV, Excel, PNG, HTML) apart.

`measure_history(files)` returns the numbers as a dict, for bench/run.py to print with its tables.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from timing import timed  # bench/timing.py (this script's folder is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
TARGET_OVERHEAD_S = 1.0  # the "small constant": stitching + metrics over time, for 50 filings


def company_files(corpus: Path, cik: str, limit: int) -> list[Path]:
    """The company's .txt filings in the corpus, oldest period first (file names end in the period)."""
    files = sorted(corpus.glob(f"*_{cik}_*.txt"), key=lambda p: p.stem.rsplit("_", 1)[-1])
    return files[:limit]


def measure_history(files: Sequence[Path], repeat: int = 3) -> dict[str, float]:
    """Best-of-`repeat` times; the sum of analyses and the history are measured in alternation, so
    a busy machine slows both alike and the difference stays the history's own cost."""
    import edgarliq
    from edgarliq.history import build_history

    for f in files:  # warm up imports and the concept tables
        edgarliq.analyze(f)
    analyses_s = history_s = build_s = float("inf")
    h = None
    for _ in range(repeat):  # the three interleaved, so a busy spell slows each alike
        secs, analyses = timed(lambda: [edgarliq.analyze(f) for f in files])
        analyses_s = min(analyses_s, secs)
        secs, h = timed(lambda: edgarliq.history(list(files), progress=False))
        history_s = min(history_s, secs)
        build_s = min(build_s, timed(lambda analyses=analyses: build_history(analyses))[0])
        del analyses
    assert h is not None
    with tempfile.TemporaryDirectory() as tmp:
        write_s = timed(lambda: h.write(Path(tmp)))[0]
    return {"filings": float(len(files)), "analyses_s": analyses_s, "history_s": history_s,
            "overhead_s": history_s - analyses_s, "stitch_and_metrics_s": build_s, "write_outputs_s": write_s,
            "quarters": float(len(h.quarter_labels()))}


def report(m: dict[str, float]) -> str:
    ok = m["overhead_s"] <= TARGET_OVERHEAD_S
    lines = [
        f"history over {m['filings']:.0f} filings ({m['quarters']:.0f} fiscal quarters), best of runs, one process",
        f"sum of analyses              {m['analyses_s']:7.3f} s",
        f"history (analyses + stitch)  {m['history_s']:7.3f} s",
        f"  overhead                   {m['overhead_s']:7.3f} s   target <= {TARGET_OVERHEAD_S} s: "
        f"{'OK' if ok else 'MISSED'}",
        f"  stitch + metrics alone     {m['stitch_and_metrics_s']:7.3f} s",
        f"writing outputs (CSV, xlsx, 4 PNG, HTML) {m['write_outputs_s']:7.3f} s",
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--cik", default="0000320193", help="10-digit CIK as in the corpus file names (default Apple)")
    ap.add_argument("--limit", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    files = company_files(args.corpus, args.cik, args.limit)
    if not files:
        print(f"no filings of CIK {args.cik} in {args.corpus}", file=sys.stderr)
        return 2
    sys.stdout.write(report(measure_history(files, args.repeat)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
