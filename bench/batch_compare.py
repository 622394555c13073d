"""Batch throughput of this tree against another checkout, interleaved in one run (a script, not a test).

    python bench/batch_compare.py --base-python /work/venv-base/bin/python --copies 3 --runs 3

The same measurement as the batch row of bench/run.py (a fresh `run_batch` over the era-1 corpus
and the seed, replicated ``--copies`` times with distinct accession numbers: read + hash + pipeline
+ Parquet), for 1 and 2 workers, alternating between the two code bases run by run so that both see
the same load on a shared machine. Each run is a fresh Python process whose edgarliq is that
interpreter's (an editable install of the other checkout, e.g. a scratch worktree of the base
commit); like bench/run.py, the process has imported and run the pipeline once before the timed
run. Prints the median filings/s (wall clock) and the median CPU ms per filing of the run (the
process and its pool workers), which moves less with other load than the wall clock does.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from run import DEFAULT_CORPUS, SEED, Table, replicate  # noqa: E402

# Run by each interpreter: the timed run_batch, after the pipeline has run once (imports warm, as
# in bench/run.py, whose batch row comes after the per-stage timings).
_DRIVER = r"""
import json, resource, sys, time
from pathlib import Path
files = [Path(p) for p in json.loads(sys.argv[1])]
out, workers, seed = Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
from edgarliq.batch import run_batch
from edgarliq.pipeline import analyze
analyze(seed).to_dict()
def cpu():
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime
c0, t0 = cpu(), time.perf_counter()
summary = run_batch(files, out, workers=workers, progress=False)
elapsed, spent = time.perf_counter() - t0, cpu() - c0
import edgarliq
print(json.dumps({"rate": len(files) / elapsed, "cpu_ms": 1000 * spent / len(files), "ok": summary.ok,
                  "failed": summary.failed, "seconds": elapsed, "code": str(Path(edgarliq.__file__).parent)}))
"""


def one_run(python: str, files: list[Path], workers: int, tmp: Path) -> dict[str, float]:
    out = Path(tempfile.mkdtemp(prefix=f"out-w{workers}-", dir=tmp))
    done = subprocess.run([python, "-c", _DRIVER, json.dumps([str(p) for p in files]), str(out), str(workers),
                           str(SEED)], capture_output=True, text=True, check=True, cwd=tmp)
    # (cwd: `python -c` puts the working directory first on sys.path, ahead of PYTHONPATH, so run
    # from this checkout the base side would import this tree's edgarliq)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base-python", required=True, help="the interpreter whose edgarliq is the base")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--copies", type=int, default=3)
    ap.add_argument("--runs", type=int, default=3, help="runs per code base and worker count (median reported)")
    ap.add_argument("--workers", default="1,2", help="worker counts to measure (default 1,2)")
    args = ap.parse_args(argv)
    counts = [int(w) for w in args.workers.split(",")]
    sides = {"base": args.base_python, "this tree": sys.executable}
    corpus = [*sorted(args.corpus.glob("1_*.txt")), SEED]
    with tempfile.TemporaryDirectory(prefix="edgarliq-batchcmp-") as tmpdir:
        tmp = Path(tmpdir)
        (tmp / "in").mkdir()
        files = replicate(corpus, args.copies, tmp / "in")
        results: dict[tuple[str, int], list[dict[str, float]]] = {}
        for r in range(args.runs):
            for workers in counts:
                for side, python in (sides.items() if r % 2 == 0 else reversed(sides.items())):
                    results.setdefault((side, workers), []).append(one_run(python, files, workers, tmp))
    t = Table(f"batch end to end: {len(files)} filings ({args.copies} copies of the corpus), read + hash + "
              f"pipeline + Parquet; fresh runs, interleaved; median of {args.runs}",
              ["code", "workers", "filings/s", "runs", "CPU ms/filing", "ok", "failed"])
    for (side, workers), runs in results.items():
        rates = [x["rate"] for x in runs]
        t.add(side, str(workers), statistics.median(rates), " ".join(f"{x:.0f}" for x in rates),
              statistics.median(x["cpu_ms"] for x in runs), str(int(runs[0]["ok"])), str(int(runs[0]["failed"])))
    print(t.render())
    for side in sides:
        print(f"{side}: edgarliq imported from {results[(side, counts[0])][0]['code']}")
    for workers in counts:
        base = statistics.median(x["rate"] for x in results[("base", workers)])
        new = statistics.median(x["rate"] for x in results[("this tree", workers)])
        print(f"{workers} worker(s): this tree / base = {new / base:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
