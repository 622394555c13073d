"""Benchmark: a Dask LocalCluster against the process pool on the same files (a script, not a test).

    python bench/dask_bench.py                 # era-1 corpus x 5 copies, 2 workers, median of 3
    python bench/dask_bench.py --copies 10 --runs 5

`dask_vs_pool(files, tmp)` is the function `bench/run.py` calls: fresh output directories for every
run, the engines alternated so that a busy moment of the (shared) machine does not fall on one of
them only. The cluster is started once, before the timed runs, as it is on a real cluster where
workers outlive a batch; its start-up is reported on its own line. Overhead per filing is
``(dask seconds - pool seconds) / filings``: what the scheduler round trips, the workers' own part
files and the client's commits cost on top of the pipeline.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
TARGET_DASK_RATIO = 0.75  # Dask within 25 % of the pool's throughput on this 2-core machine


@dataclass(slots=True)
class DaskBench:
    filings: int
    megabytes: float
    workers: int
    pool_seconds: list[float]
    dask_seconds: list[float]
    cluster_start: float  # seconds to start the LocalCluster (not in dask_seconds)
    failed: int
    pool_cpu: list[float]  # CPU seconds of the run, all processes (client/parent and workers)
    dask_cpu: list[float]

    @property
    def pool_rate(self) -> float:
        return self.filings / statistics.median(self.pool_seconds)

    @property
    def dask_rate(self) -> float:
        return self.filings / statistics.median(self.dask_seconds)

    @property
    def overhead_ms(self) -> float:
        return 1000 * (statistics.median(self.dask_seconds) - statistics.median(self.pool_seconds)) / self.filings

    @property
    def cpu_ms(self) -> tuple[float, float]:
        """CPU ms per filing (pool, dask): unlike wall time, not inflated by other work on the machine."""
        return (1000 * statistics.median(self.pool_cpu) / self.filings,
                1000 * statistics.median(self.dask_cpu) / self.filings)

    @property
    def ratio(self) -> float:
        return self.dask_rate / self.pool_rate


def dask_vs_pool(files: Sequence[Path], tmp: Path, workers: int = 2, runs: int = 3) -> DaskBench:
    """Time `run_batch` over `files` with the pool and with a LocalCluster of `workers` processes."""
    from edgarliq.batch import run_batch
    from edgarliq.batch.dask_engine import connect

    start = time.perf_counter()
    client, close = connect("local", workers)
    cluster_start = time.perf_counter() - start
    seconds: dict[str, list[float]] = {"pool": [], "dask": []}
    cpu: dict[str, list[float]] = {"pool": [], "dask": []}
    failed = 0

    def cpu_now() -> float:
        # This process, its reaped children (pool workers, joined at the pool's shutdown) and the
        # cluster's worker processes (which outlive a run, so they are asked).
        own = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers_cpu = sum(client.run(time.process_time).values())
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime + workers_cpu

    try:
        client.run(lambda: __import__("edgarliq.pipeline"))  # imports are not a filing's cost
        for i in range(runs):
            for engine in ("pool", "dask") if i % 2 == 0 else ("dask", "pool"):
                out = Path(tempfile.mkdtemp(prefix=f"out-{engine}-", dir=tmp))
                c0, t0 = cpu_now(), time.perf_counter()
                summary = run_batch(files, out, workers=workers, progress=False,
                                    dask=client if engine == "dask" else None)
                seconds[engine].append(time.perf_counter() - t0)
                cpu[engine].append(cpu_now() - c0)
                failed = max(failed, summary.failed)
    finally:
        close()
    mb = sum(p.stat().st_size for p in files) / (1024 * 1024)
    return DaskBench(len(files), mb, workers, seconds["pool"], seconds["dask"], cluster_start, failed,
                     cpu["pool"], cpu["dask"])


def render(b: DaskBench) -> str:
    lines = [f"Dask LocalCluster vs process pool: {b.filings} filings ({b.megabytes:.0f} MB), {b.workers} workers, "
             f"median of {len(b.pool_seconds)} fresh runs each",
             "engine                 filings/s  seconds  runs (s)",
             "---------------------  ---------  -------  --------"]
    for name, secs in (("process pool", b.pool_seconds), (f"dask LocalCluster ({b.workers}x1)", b.dask_seconds)):
        med = statistics.median(secs)
        lines.append(f"{name:<21}  {b.filings / med:>9.1f}  {med:>7.2f}  {' '.join(f'{s:.2f}' for s in secs)}")
    verdict = "OK" if b.ratio >= TARGET_DASK_RATIO else "MISSED"
    lines += [f"dask / pool throughput: {b.ratio:.2f} (target >= {TARGET_DASK_RATIO:.2f}: {verdict}); "
              f"overhead {b.overhead_ms:+.2f} ms per filing; cluster start-up {b.cluster_start:.1f} s (untimed)",
              f"CPU per filing, all processes: pool {b.cpu_ms[0]:.1f} ms, dask {b.cpu_ms[1]:.1f} ms "
              f"({b.cpu_ms[1] / b.cpu_ms[0] - 1:+.0%})",
              f"failed filings: {b.failed}"]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus directory (era-1 files 1_*.txt)")
    ap.add_argument("--copies", type=int, default=5, help="corpus copies, each a distinct filing (default 5)")
    ap.add_argument("--runs", type=int, default=3, help="fresh runs per engine; the median is reported (default 3)")
    ap.add_argument("--workers", type=int, default=2, help="pool processes = Dask worker processes (default 2)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).parent))
    from run import SEED, replicate  # the same replicated corpus as bench/run.py's batch rows

    files = [*sorted(args.corpus.glob("1_*.txt")), SEED]
    with tempfile.TemporaryDirectory(prefix="edgarliq-dask-bench-") as tmpdir:
        tmp = Path(tmpdir)
        (tmp / "in").mkdir()
        replicated = replicate(files, args.copies, tmp / "in")
        print(render(dask_vs_pool(replicated, tmp, args.workers, args.runs)), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
