"""Golden snapshot and timing of `extract_statements` over the era-1 corpus (a script, not a test).

    .venv/bin/python bench/statements_golden.py --write /tmp/statements_golden.json
    .venv/bin/python bench/statements_golden.py --check /tmp/statements_golden.json
    .venv/bin/python bench/statements_golden.py --time 7

Speed work on the statement extractor must not change its output: --write records, per filing,
every statement's `to_dict()` and the `missing` reasons; --check re-runs and compares the JSON
byte for byte (it exits 1 and names the filings that differ). --time reports the median and p90
milliseconds per filing, each filing's time being the best of N runs (the machine is shared).
The snapshot belongs in /tmp, not in the repository: it is a before/after tool for one change.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = ROOT / "fixtures" / "computer_horizons_10q_1997q2.txt"

sys.path.insert(0, str(ROOT))
from edgarliq.statements import extract_statements  # noqa: E402
from edgarliq.submission import read_submission  # noqa: E402


def corpus_files() -> list[Path]:
    """The era-1 corpus filings and the seed 10-Q, in a stable order."""
    return sorted(CORPUS.glob("1_*.txt")) + [SEED]


def snapshot(path: Path) -> str:
    """One filing's statements as canonical JSON (sorted keys, so equal output is equal bytes)."""
    st = extract_statements(read_submission(path))
    doc = {"found": st.to_dict(), "missing": [list(m) for m in st.missing]}
    return json.dumps(doc, sort_keys=True, default=str)


def _clear_caches() -> None:
    """Empty the per-line and per-label caches (the concept rules, read once per process, stay)."""
    from edgarliq.statements import blocks, concepts, grids, periods, titles
    from edgarliq.tables import text

    for mod in (text, blocks, concepts, grids, periods, titles):
        for name, obj in vars(mod).items():
            if hasattr(obj, "cache_clear") and not name.startswith("_rules"):
                obj.cache_clear()


def timings(files: list[Path], repeat: int) -> list[float]:
    """Best-of-`repeat` milliseconds per filing (the submission is read once, outside the clock)."""
    out = []
    for path in files:
        sub = read_submission(path)
        best = float("inf")
        for _ in range(repeat):
            # per-line caches would make runs 2..N replay the first: a batch sees each filing once
            _clear_caches()
            t0 = time.perf_counter()
            extract_statements(sub)
            best = min(best, time.perf_counter() - t0)
        out.append(best * 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", metavar="JSON", help="record the snapshot")
    ap.add_argument("--check", metavar="JSON", help="compare with a recorded snapshot")
    ap.add_argument("--time", type=int, metavar="N", help="time each filing, best of N runs")
    ap.add_argument("--slowest", type=int, default=0, metavar="K", help="with --time: list the K slowest")
    args = ap.parse_args(argv)
    files = corpus_files()
    rc = 0
    if args.write or args.check:
        snap: dict[str, Any] = {p.name: snapshot(p) for p in files}
        if args.write:
            Path(args.write).write_text(json.dumps(snap, indent=0, sort_keys=True), encoding="utf-8")
            print(f"wrote {len(snap)} filings to {args.write}")
        if args.check:
            from golden import check_snapshot  # bench/golden.py, beside this script

            rc = check_snapshot(snap, Path(args.check))
    if args.time:
        ms = timings(files, args.time)
        q = statistics.quantiles(ms, n=10)
        print(f"{len(ms)} filings: median {statistics.median(ms):.2f} ms, p90 {q[-1]:.2f} ms, "
              f"max {max(ms):.2f} ms, total {sum(ms):.1f} ms (best of {args.time})")
        for ms_, path in sorted(zip(ms, files, strict=True), reverse=True)[:args.slowest]:
            print(f"  {ms_:7.2f} ms  {path.name}")
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
