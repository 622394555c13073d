"""Compare two batch output directories table by table (a script, not a test).

    PYTHONPATH=/work/wt-base edgarliq batch /work/shared/corpus --out /tmp/out-old --workers 1 -q
    edgarliq batch /work/shared/corpus --out /tmp/out-new --workers 2 -q
    python bench/batch_golden.py /tmp/out-old /tmp/out-new

What must not change when the batch gets faster: every table's rows, whatever the worker count
and hence the order filings complete in. Columns that differ run to run by nature are left out:
``processed_at`` and the timings ``t_*``. The filings table is put in path order; a detail
table in filing_key order, each filing's rows in the order written (a filing's rows are
contiguous in one part file, so a stable sort keeps it). Then the two sides must be equal
cell for cell (NaN equal to NaN). Exit status 1 when anything differs.
(bench/batch_compare.py measures the throughput; it does not look at the output.)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads

TABLES = ("filings", "schedules", "statements", "metrics", "checks")
IGNORED = {"processed_at"}


def load(out: Path, table: str, fmt: str) -> pa.Table:
    data = pads.dataset(str(out / f"{table}.{fmt}"), format=fmt).to_table()
    keep = [c for c in data.column_names if c not in IGNORED and not c.startswith("t_")]
    data = data.select(keep)
    data = data.append_column("_seq", pa.array(range(data.num_rows), type=pa.int64()))
    key = "path" if table == "filings" else "filing_key"
    order = pc.sort_indices(data, sort_keys=[(key, "ascending"), ("_seq", "ascending")])
    return data.take(order).drop_columns(["_seq"])


def compare(a: Path, b: Path, fmt: str = "parquet") -> list[str]:
    problems = []
    for table in TABLES:
        ta, tb = load(a, table, fmt), load(b, table, fmt)
        if ta.schema != tb.schema:
            problems.append(f"{table}: schemas differ\n{ta.schema}\n--\n{tb.schema}")
            continue
        if ta.num_rows != tb.num_rows:
            problems.append(f"{table}: {ta.num_rows} rows vs {tb.num_rows}")
            continue
        for name in ta.column_names:
            ca, cb = ta.column(name).to_pylist(), tb.column(name).to_pylist()
            bad = [i for i, (x, y) in enumerate(zip(ca, cb, strict=True))
                   if x != y and not (x != x and y != y)]  # (NaN == NaN here)
            if bad:
                i = bad[0]
                problems.append(f"{table}.{name}: {len(bad)} cells differ; first at sorted row {i}: "
                                f"{ca[i]!r} vs {cb[i]!r}")
        print(f"{table}: {ta.num_rows} rows compared")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("--format", default="parquet", choices=("parquet", "csv"))
    args = ap.parse_args(argv)
    problems = compare(args.old, args.new, args.format)
    for p in problems:
        print(p)
    print("IDENTICAL" if not problems else f"{len(problems)} difference(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
