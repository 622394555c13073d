"""CPU time per filing of every batch step that is not the statements stage, this tree against
another checkout, interleaved run by run (a script, not a test).

    python bench/batch_stages.py --old /work/wt-base --rounds 3

Each round runs one fresh process per side (``PYTHONPATH=<checkout>``), alternating which side
goes first. A process parses the era-1 corpus (``1_*`` files) once, then times each step over all
the filings, best of ``--repeat`` (CPU time, time.process_time): container (`read_submission`),
schedules (`parse_schedules`), reconcile, metrics (`compute_metrics`), claims (`check_claims`),
rows (`analysis_rows`) and pack (`pack` of the rows into Arrow tables), and whole
`process_packed` over all files; "(statements)", `extract_statements`, for scale. Prints the
median over rounds of ms per filing, and old / new. (Whole processes are compared, so other load
on the machine moves a side by 10-15 % from round to round: use several rounds.)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

_DRIVER = r"""
import json, sys, time, gc
from pathlib import Path
files = sorted(Path(sys.argv[1]).glob("1_*.txt"))
repeat = int(sys.argv[2])
from edgarliq.submission import read_submission
from edgarliq.fds import parse_schedules
from edgarliq.statements import extract_statements
from edgarliq.reconcile import reconcile
from edgarliq.analysis import compute_metrics
from edgarliq.analysis.claims import check_claims
from edgarliq.pipeline import analyze
from edgarliq.batch.rows import analysis_rows, pack, process_packed
from edgarliq.batch.inputs import make_job
datas = [(f.read_bytes(), str(f)) for f in files]
subs = [read_submission(d, name=n) for d, n in datas]
scheds = [parse_schedules(s) for s in subs]
stmts = [extract_statements(s) for s in subs]
mets = [compute_metrics(st, sc) for st, sc in zip(stmts, scheds)]
analyses = [analyze(s) for s in subs]
results = []
for a in analyses:
    facts, rows = analysis_rows(a, a.submission.accession or "k")
    results.append(({"x": 1}, rows))
jobs = [make_job(f) for f in files]
steps = {
    "container": lambda: [read_submission(d, name=n) for d, n in datas],
    "schedules": lambda: [parse_schedules(s) for s in subs],
    "(statements)": lambda: [extract_statements(s) for s in subs],
    "reconcile": lambda: [list(reconcile(st, sc, getattr(s, "period_of_report", None)))
                          for s, st, sc in zip(subs, stmts, scheds)],
    "metrics": lambda: [compute_metrics(st, sc) for st, sc in zip(stmts, scheds)],
    "claims": lambda: [check_claims(s, m) for s, m in zip(subs, mets)],
    "rows": lambda: [analysis_rows(a, a.submission.accession or "k") for a in analyses],
    "pack": lambda: pack(results),
    "process_packed": lambda: process_packed(jobs, None, None),
}
gc.collect(); gc.freeze()
out = {}
for name, fn in steps.items():
    best = float("inf")
    for _ in range(repeat if name != "process_packed" else max(1, repeat - 1)):
        t = time.process_time(); fn(); best = min(best, time.process_time() - t)
    out[name] = 1000 * best / len(files)
print(json.dumps(out))
"""


def one_run(checkout: Path, corpus: Path, repeat: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    # (cwd "/": `python -c` puts the working directory first on sys.path, ahead of PYTHONPATH, so
    # run from this checkout both sides would import this tree's edgarliq)
    done = subprocess.run([sys.executable, "-c", _DRIVER, str(corpus), str(repeat)], env=env,
                          capture_output=True, text=True, check=True, cwd="/")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--old", type=Path, required=True, help="checkout of the base commit")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=3, help="best of N per step within a run")
    args = ap.parse_args(argv)
    sides = {"old": args.old, "new": ROOT}
    got: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
    for r in range(args.rounds):
        order = list(sides) if r % 2 == 0 else list(reversed(sides))
        for side in order:
            got[side].append(one_run(sides[side], args.corpus, args.repeat))
    print(f"CPU ms per era-1 filing, median of {args.rounds} interleaved rounds (best of {args.repeat} each)")
    print(f"{'step':16} {'old':>8} {'new':>8} {'old/new':>8}")
    for step in got["old"][0]:
        old = statistics.median(x[step] for x in got["old"])
        new = statistics.median(x[step] for x in got["new"])
        print(f"{step:16} {old:8.3f} {new:8.3f} {old / new:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
