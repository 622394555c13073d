"""Benchmark of the HTML grid reader (`edgarliq.tables.html.read_html`) and of the statements
read from its grids (a script, not a test; `bench/run.py` can call `html_reader_rates`).

    .venv/bin/python bench/html_bench.py            # ms per MB over the corpus's HTML documents

Each document's time is the best of `repeat` runs (the code's cost, not the machine's noise).
Target (issue 9): an HTML 10-K of 1-2 MB parses well under 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
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
    largest = (0, 0.0)
    for _name, text in docs:
        size = len(text.encode("utf-8", "replace")) / MB
        t_read = best_time(lambda t=text: read_html(t), repeat)
        t_stmt = best_time(lambda t=text: extract_from_html(t), repeat)
        read_rates.append(t_read * 1000 / size)
        stmt_rates.append(t_stmt * 1000 / size)
        if size > largest[0]:
            largest = (size, t_read * 1000)
    return {"reader_ms_per_mb": statistics.median(read_rates) if read_rates else 0.0,
            "statements_ms_per_mb": statistics.median(stmt_rates) if stmt_rates else 0.0,
            "largest_mb": largest[0], "largest_reader_ms": largest[1], "documents": float(len(docs))}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=None, help="at most this many filings")
    args = ap.parse_args(argv)
    docs = html_documents(args.corpus, args.limit)
    if not docs:
        print(f"no HTML documents under {args.corpus}")
        return 0
    r = html_reader_rates(docs, args.repeat)
    print(f"HTML documents: {int(r['documents'])}")
    print(f"grid reader       {r['reader_ms_per_mb']:7.1f} ms/MB (median)")
    print(f"grid statements   {r['statements_ms_per_mb']:7.1f} ms/MB (median, reader included)")
    per_2mb = r["reader_ms_per_mb"] * 2
    ok = per_2mb < TARGET_MS_2MB
    print(f"largest document  {r['largest_mb']:.2f} MB in {r['largest_reader_ms']:.0f} ms")
    print(f"target: a 2 MB HTML 10-K under {TARGET_MS_2MB:.0f} ms: {per_2mb:.0f} ms  {'OK' if ok else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
