"""The schedules and metrics stages against an older checkout's, interleaved (a script, not a test).

    git worktree add /tmp/edgarliq-base main
    python bench/metrics_stages.py --old /tmp/edgarliq-base

The old `edgarliq/fds.py` and `edgarliq/analysis/metrics.py` are loaded from the other checkout
under other module names (see bench/stages.py), and old and new run alternately, filing by
filing, on the same inputs: era 1 (the corpus's ``1_*`` files). CPU time (time.process_time),
the best of ``--repeat`` runs per filing; the table gives each side's median over filings and
the median of the per-filing ratios old / new. Outputs are compared first (``to_dict()``).

* schedules: ``parse_schedules(submission)``;
* metrics: ``compute_metrics(statements, schedules)`` + ``check_claims(submission, metrics)``,
  the pipeline's "metrics" stage (claims is the same code on both sides unless it changed).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stages import CORPUS, load_old  # noqa: E402
from timing import best_time  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--old", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    old_fds = load_old(args.old, "edgarliq/fds.py", "_old_fds")
    old_metrics = load_old(args.old, "edgarliq/analysis/metrics.py", "_old_metrics")
    old_claims = load_old(args.old, "edgarliq/analysis/claims.py", "_old_claims")
    from edgarliq import fds as new_fds
    from edgarliq.analysis import claims as new_claims
    from edgarliq.analysis import metrics as new_metrics
    from edgarliq.statements import extract_statements
    from edgarliq.submission import read_submission

    def stage_metrics(metrics_mod, claims_mod, sub, st, sch):  # type: ignore[no-untyped-def]
        claims_mod.check_claims(sub, metrics_mod.compute_metrics(st, sch))

    times: dict[str, tuple[list[float], list[float]]] = {"schedules": ([], []), "metrics": ([], [])}
    diffs = 0
    for path in sorted(args.corpus.glob("1_*")):
        try:
            sub = read_submission(path.read_bytes(), name=str(path))
        except Exception:  # noqa: BLE001 - refused by the container: no stage to time
            continue
        sch = new_fds.parse_schedules(sub)
        if [s.to_dict() for s in old_fds.parse_schedules(sub)] != [s.to_dict() for s in sch]:
            diffs += 1
            print(f"{path.name}: schedules differ")
        st = extract_statements(sub)
        a, b = old_metrics.compute_metrics(st, sch), new_metrics.compute_metrics(st, sch)
        if {k: [m.to_dict() for m in v] for k, v in a.items()} != {k: [m.to_dict() for m in v] for k, v in b.items()}:
            diffs += 1
            print(f"{path.name}: metrics differ")
        pairs = (("schedules", partial(old_fds.parse_schedules, sub), partial(new_fds.parse_schedules, sub)),
                 ("metrics", partial(stage_metrics, old_metrics, old_claims, sub, st, sch),
                  partial(stage_metrics, new_metrics, new_claims, sub, st, sch)))
        gc.collect()
        gc.disable()
        try:
            for name, old_fn, new_fn in pairs:
                times[name][0].append(best_time(old_fn, args.repeat, time.process_time))
                times[name][1].append(best_time(new_fn, args.repeat, time.process_time))
        finally:
            gc.enable()
    print(f"{'stage':<10} {'filings':>7} {'old ms':>8} {'new ms':>8} {'old/new':>8}   (differences: {diffs})")
    for name, (old, new) in times.items():
        ratio = statistics.median(o / n for o, n in zip(old, new, strict=True) if n > 0)
        print(f"{name:<10} {len(old):>7} {statistics.median(old) * 1e3:>8.3f} {statistics.median(new) * 1e3:>8.3f} "
              f"{ratio:>8.2f}")


if __name__ == "__main__":
    main()
