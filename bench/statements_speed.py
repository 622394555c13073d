"""The statements stage of two versions of edgarliq timed side by side, per era-1 filing (a script, not a test).

    git worktree add /work/scratch-stmtfast ae111dc          # the old code, once
    python bench/statements_speed.py --old /work/scratch-stmtfast --repeat 5

Speed claims on a shared machine are only worth a ratio measured in ONE run: each version runs in
its own worker process (its own `edgarliq` on sys.path: the two packages have the same name), and
the driver asks them in turn, filing by filing and repeat by repeat, alternating which goes first,
so a load spike from another process lands on both. Each worker reads the submission with its own
`read_submission` outside the clock, empties every per-line / per-label cache of its statements and
table modules (the concept rules, read once per process, stay) and times `extract_statements` in CPU
time (`time.process_time_ns`, not wall time). A filing's time is the best of its repeats; the
summary gives median, mean and p90 per version and their ratios (old / new: 2.0 = twice as fast).
A batch sees each filing once, so warm caches across repeats would flatter the number.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

# The worker: one line in (a filing's path, or "" to stop), one line out (CPU nanoseconds).
_WORKER = r"""
import gc, sys, time
sys.path.insert(0, sys.argv[1])
import edgarliq
from edgarliq.submission import read_submission
from edgarliq.statements import extract_statements  # (a module in old versions, a package now)
from pathlib import Path

def clear():
    for name, mod in list(sys.modules.items()):
        if not (name.startswith("edgarliq.statements") or name.startswith("edgarliq.tables")):
            continue
        for attr, obj in list(vars(mod).items()):
            if hasattr(obj, "cache_clear") and not attr.startswith("_rules") and attr != "rules_by":
                obj.cache_clear()

print(edgarliq.__file__, flush=True)
subs = {}
for line in sys.stdin:
    path = line.rstrip("\n")
    if not path:
        break
    sub = subs.get(path)
    if sub is None:
        subs.clear()
        sub = subs[path] = read_submission(Path(path))
    clear()
    gc.collect()
    t0 = time.process_time_ns()
    extract_statements(sub)
    t1 = time.process_time_ns()
    print(t1 - t0, flush=True)
"""


def corpus_files(corpus: Path) -> list[Path]:
    """The era-1 corpus filings, in a stable order."""
    return sorted(corpus.glob("1_*.txt"))


class Worker:
    def __init__(self, root: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", _WORKER, str(root)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, cwd=str(root))
        assert self.proc.stdout is not None
        self.package = self.proc.stdout.readline().strip()

    def time(self, path: Path) -> float:
        """Milliseconds of CPU for one `extract_statements` of `path`."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{path}\n")
        self.proc.stdin.flush()
        return int(self.proc.stdout.readline()) / 1e6

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("\n")
        self.proc.stdin.close()
        self.proc.wait()


def _summary(ms: list[float]) -> dict[str, float]:
    return {"median": statistics.median(ms), "mean": statistics.fmean(ms),
            "p90": statistics.quantiles(ms, n=10)[-1], "total": sum(ms)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--old", type=Path, required=True, help="worktree of the old code (e.g. commit ae111dc)")
    ap.add_argument("--new", type=Path, default=ROOT, help="worktree of the new code (default: this one)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--repeat", type=int, default=5, help="runs per filing and version; the best counts")
    ap.add_argument("--limit", type=int, default=0, help="only the first N filings (a quick look)")
    ap.add_argument("--slowest", type=int, default=0, metavar="K", help="list the K filings slowest in the new code")
    ap.add_argument("--json", metavar="FILE", help="write the per-filing times")
    args = ap.parse_args(argv)
    files = corpus_files(args.corpus)
    if args.limit:
        files = files[:args.limit]
    old, new = Worker(args.old.resolve()), Worker(args.new.resolve())
    print(f"old: {old.package}\nnew: {new.package}")
    try:
        for w in (old, new):  # warm-up: imports, compiled patterns, the concept rules
            w.time(files[0])
        t_old: list[float] = []
        t_new: list[float] = []
        for k, path in enumerate(files):
            best_old = best_new = float("inf")
            for r in range(args.repeat):
                order = (old, new) if (k + r) % 2 == 0 else (new, old)
                for w in order:
                    ms = w.time(path)
                    if w is old:
                        best_old = min(best_old, ms)
                    else:
                        best_new = min(best_new, ms)
            t_old.append(best_old)
            t_new.append(best_new)
    finally:
        old.close()
        new.close()
    so, sn = _summary(t_old), _summary(t_new)
    print(f"{len(files)} era-1 filings, CPU ms per filing, best of {args.repeat}, caches emptied before each run")
    print(f"{'':8} {'old':>9} {'new':>9} {'old/new':>8}")
    for key in ("median", "mean", "p90", "total"):
        print(f"{key:8} {so[key]:9.2f} {sn[key]:9.2f} {so[key] / sn[key]:8.2f}")
    ratios = [a / b for a, b in zip(t_old, t_new, strict=True) if b > 0]
    print(f"per-filing old/new: median {statistics.median(ratios):.2f}, "
          f"min {min(ratios):.2f}, max {max(ratios):.2f}")
    for ms, o, path in sorted(zip(t_new, t_old, files, strict=True), reverse=True)[:args.slowest]:
        print(f"  new {ms:7.2f} ms  old {o:7.2f} ms  {path.name}")
    if args.json:
        Path(args.json).write_text(json.dumps({p.name: [o, n] for p, o, n in zip(files, t_old, t_new, strict=True)},
                                              indent=0), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
