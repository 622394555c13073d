"""Benchmark of the HTML statements stage (`edgarliq.statements.grids.extract_from_html`: tables
found by one scan, the candidates parsed alone, grids, statements) and of the grid reader on
every table (`edgarliq.tables.html.read_html`); a script, not a test (`bench/run.py` calls
`html_reader_rates`).

    .venv/bin/python bench/html_bench.py                     # ms per MB over the corpus's HTML documents
    .venv/bin/python bench/html_bench.py --compare ../old    # old checkout vs this one, interleaved

Each document's time is the best of `repeat` runs, CPU time (the code's cost, not the machine's
noise). `--compare` runs this script's worker alternately on the other checkout and on this one
(A, B, A, B ...) and reports medians and ratios, the way to measure on a shared machine.
Target (issue 9): an HTML 10-K of 1-2 MB through the statements stage well under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from timing import best_time  # bench/timing.py (this script's folder is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
MB = 1024 * 1024
TARGET_MS_2MB = 100.0


def html_documents(corpus: Path, limit: int | None = None) -> list[tuple[str, str]]:
    """(name, text) of the HTML documents of the corpus's 2001+ filings (the main document only)."""
    from edgarliq.submission import read_submission
    from edgarliq.tables.html import looks_like_html

    out = []
    for path in sorted(corpus.glob("[23]_*"))[:limit]:
        sub = read_submission(path)
        for doc in sub.documents:
            if looks_like_html(doc.text) and len(doc.text) > 100_000:
                out.append((path.name, doc.text))
                break
    return out


def html_reader_rates(docs: Sequence[tuple[str, str]], repeat: int = 3) -> dict[str, float]:
    """ms per MB of the grid reader and of grid statements (reader included); the largest
    document's size and reader time."""
    from edgarliq.statements.grids import extract_from_html
    from edgarliq.tables.html import read_html

    read_rates, stmt_rates = [], []
    largest = (0.0, 0.0, 0.0)
    for _name, text in docs:
        size = len(text.encode("utf-8", "replace")) / MB
        t_read = best_time(lambda t=text: read_html(t), repeat, time.process_time)
        t_stmt = best_time(lambda t=text: extract_from_html(t), repeat, time.process_time)
        read_rates.append(t_read * 1000 / size)
        stmt_rates.append(t_stmt * 1000 / size)
        if size > largest[0]:
            largest = (size, t_read * 1000, t_stmt * 1000)
    return {"reader_ms_per_mb": statistics.median(read_rates) if read_rates else 0.0,
            "statements_ms_per_mb": statistics.median(stmt_rates) if stmt_rates else 0.0,
            "largest_mb": largest[0], "largest_reader_ms": largest[1], "largest_statements_ms": largest[2],
            "documents": float(len(docs))}


def statements_times(docs: Sequence[tuple[str, str]], repeat: int) -> dict[str, tuple[float, float]]:
    """Per document: (MB, best CPU seconds of the statements stage)."""
    from edgarliq.statements.grids import extract_from_html

    out = {}
    for name, text in docs:
        extract_from_html(text)  # (the first run pays for caches shared by every document)
        seconds = best_time(lambda t=text: extract_from_html(t), repeat, time.process_time)
        out[name] = (len(text.encode("utf-8", "replace")) / MB, seconds)
    return out


def compare(other: Path, corpus: Path, repeat: int, rounds: int, limit: int | None) -> None:
    """The statements stage of checkout `other` (A) and of this one (B), run alternately in
    worker processes, CPU time: per document the median over rounds of each run's best."""
    runs: dict[str, list[dict[str, list[float]]]] = {"A": [], "B": []}
    for _ in range(rounds):
        for side, root in (("A", other.resolve()), ("B", ROOT)):
            env = {**os.environ, "PYTHONPATH": str(root)}
            cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "--corpus", str(corpus),
                   "--repeat", str(repeat)] + (["--limit", str(limit)] if limit else [])
            res = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True, cwd="/")
            runs[side].append(json.loads(res.stdout))
    names = sorted(runs["A"][0])
    size = {n: runs["A"][0][n][0] for n in names}
    med = {side: {n: statistics.median(r[n][1] for r in runs[side]) * 1000 for n in names} for side in runs}
    rate = {side: statistics.median(med[side][n] / size[n] for n in names) for side in runs}
    ratio = statistics.median(med["B"][n] / med["A"][n] for n in names if med["A"][n] > 0)
    near2 = min(names, key=lambda n: abs(size[n] - 2.0))
    largest = max(names, key=lambda n: size[n])
    print(f"statements stage, {len(names)} HTML documents, {rounds} interleaved rounds (A = {other}, B = {ROOT}),"
          " CPU time")
    print(f"  ms per MB (median)      A {rate['A']:7.1f}   B {rate['B']:7.1f}   B/A {rate['B'] / rate['A']:.2f}")
    print(f"  per-document B/A ratio  median {ratio:.2f}")
    for label, n in (("closest to 2 MB", near2), ("largest", largest)):
        print(f"  {label:15s} {n} ({size[n]:.2f} MB): A {med['A'][n]:.0f} ms  B {med['B'][n]:.0f} ms"
              f"  B/A {med['B'][n] / med['A'][n]:.2f}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=None, help="at most this many filings")
    ap.add_argument("--compare", type=Path, default=None, metavar="CHECKOUT",
                    help="measure that checkout's statements stage against this one's, interleaved")
    ap.add_argument("--rounds", type=int, default=5, help="alternations of --compare")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.compare is not None:
        compare(args.compare, args.corpus.resolve(), args.repeat, args.rounds, args.limit)
        return 0
    docs = html_documents(args.corpus, args.limit)
    if args.worker:
        print(json.dumps(statements_times(docs, args.repeat)))
        return 0
    if not docs:
        print(f"no HTML documents under {args.corpus}")
        return 0
    r = html_reader_rates(docs, args.repeat)
    print(f"HTML documents: {int(r['documents'])}")
    print(f"grid reader, every table  {r['reader_ms_per_mb']:7.1f} ms/MB (median)")
    print(f"statements stage          {r['statements_ms_per_mb']:7.1f} ms/MB (median; scan, candidates, statements)")
    per_2mb = r["statements_ms_per_mb"] * 2
    ok = per_2mb < TARGET_MS_2MB
    print(f"largest document  {r['largest_mb']:.2f} MB: statements stage {r['largest_statements_ms']:.0f} ms,"
          f" every table read {r['largest_reader_ms']:.0f} ms")
    print(f"target: a 2 MB HTML 10-K under {TARGET_MS_2MB:.0f} ms: {per_2mb:.0f} ms  {'OK' if ok else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
