"""CLI start-up of two checkouts, interleaved (issue 15): a script, not a test.

    python bench/startup_old_new.py OLD_ROOT [NEW_ROOT] [--runs N]

Each side runs `edgarliq analyze --sample --json` as a whole process with PYTHONPATH pointing at
its checkout (PYTHONPATH wins over the editable install), with bytecode written and reused; the
runs alternate OLD, NEW, pass, ... and the CPU time of each child (its rusage) is kept. Prints
medians and the NEW/OLD ratio, and each side against `python -c pass`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = "import sys; from edgarliq.cli import main; sys.exit(main(['analyze', '--sample', '--json']))"


def child_cpu(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    # cwd: `python -c` puts the working directory first on sys.path, ahead of PYTHONPATH
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0  # reaped here
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{cmd[-1][:80]}... failed in {cwd}")
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path, nargs="?", default=ROOT)
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    envs = {name: {**base, "PYTHONPATH": str(root.resolve())} for name, root in (("old", args.old), ("new", args.new))}
    # (each side checks it runs its own checkout: a wrong sys.path would compare NEW with NEW)
    check = "import edgarliq; assert edgarliq.__file__.startswith({!r}); "
    cmds = {name: [sys.executable, "-c", check.format(str(root.resolve())) + CODE]
            for name, root in (("old", args.old), ("new", args.new))}
    cwds = {"old": args.old.resolve(), "new": args.new.resolve()}
    for name in ("old", "new"):  # warm-up: writes the bytecode
        child_cpu(cmds[name], envs[name], cwds[name])
    times: dict[str, list[float]] = {"old": [], "new": [], "pass": []}
    for _ in range(args.runs):
        times["old"].append(child_cpu(cmds["old"], envs["old"], cwds["old"]))
        times["new"].append(child_cpu(cmds["new"], envs["new"], cwds["new"]))
        times["pass"].append(child_cpu([sys.executable, "-c", "pass"], base, cwds["new"]))
    med = {k: statistics.median(v) * 1000 for k, v in times.items()}
    pairs = statistics.median(n / o for o, n in zip(times["old"], times["new"], strict=True))
    best = {k: min(v) * 1000 for k, v in times.items()}
    print(f"CPU ms, medians of {args.runs} interleaved runs: python -c pass {med['pass']:.1f}, "
          f"OLD {med['old']:.1f} ({med['old'] / med['pass']:.2f}x pass), NEW {med['new']:.1f} "
          f"({med['new'] / med['pass']:.2f}x pass); NEW/OLD {pairs:.2f} (median of per-pair ratios)")
    print(f"best of {args.runs}: pass {best['pass']:.1f}, OLD {best['old']:.1f}, NEW {best['new']:.1f}; "
          f"NEW/OLD {best['new'] / best['old']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
