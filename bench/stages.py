"""The container and claims stages against an older commit's, in one interleaved run (a script, not a test).

    git worktree add /tmp/edgarliq-base ae111dc          # the baseline of issue 15
    python bench/stages.py --old /tmp/edgarliq-base       # medians and ratios per era and stage

The old `edgarliq/submission.py` and `edgarliq/analysis/claims.py` are loaded from the other
checkout under other module names (both import only the standard library, `edgarliq.errors` and
`edgarliq.checks`, which are the same shape on both sides), so old and new run in this one
process on the same bytes, alternately, filing by filing: a burst of load from other work on
the machine hits both alike. Each stage's time is CPU time (time.process_time), the best of
``--repeat`` runs per filing; the table gives the median over filings of each side and the
median of the per-filing ratios old / new.

* container: ``read_submission(bytes)`` (decoding, header, document split);
* claims: ``check_claims(submission, metrics)`` on the same (new) Submission and metrics, the
  call the pipeline makes.

Filings: era 1 = the corpus's ``1_*`` files and the seed 10-Q; era 2 = the ``2_*`` files whose
main document is HTML. Before timing, each filing's results are compared (documents, header
facts, warnings; every claim check), and any difference is printed: a faster stage that
yields something else is not faster.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import statistics
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = ROOT / "fixtures" / "computer_horizons_10q_1997q2.txt"
sys.path.insert(0, str(ROOT))
from timing import cpu_time  # noqa: E402  (bench/timing.py: this script's folder is on sys.path)


def load_old(checkout: Path, relative: str, name: str) -> ModuleType:
    """The module at `checkout`/`relative`, imported as `name` (not replacing the current one)."""
    path = checkout / relative
    if not path.is_file():
        raise SystemExit(f"{path} not found: --old must be a checkout of the base commit "
                         "(git worktree add /tmp/edgarliq-base ae111dc)")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # (dataclasses look their module up by name)
    spec.loader.exec_module(module)
    return module


def era_files(corpus: Path) -> dict[str, list[Path]]:
    eras: dict[str, list[Path]] = {"era 1 text": [], "era 2 HTML": []}
    for p in sorted(corpus.glob("[12]_*")):
        if p.name.startswith("1_"):
            eras["era 1 text"].append(p)
        elif b"<td" in p.read_bytes()[:2_000_000].lower():
            eras["era 2 HTML"].append(p)
    if SEED.is_file():
        eras["era 1 text"].append(SEED)
    return eras


def submission_facts(s: Any) -> tuple[Any, ...]:
    docs = tuple((d.type, d.sequence, d.filename, d.description, d.start_line, d.text) for d in s.documents)
    return (s.source, s.accession, s.form, s.period_of_report, s.filed, s.company, s.cik, s.sic,
            s.fiscal_year_end, s.former_names, tuple(s.header.items()), s.envelope, s.warnings, docs, s.text)


def check_facts(checks: Sequence[Any]) -> list[Any]:
    return [c.to_dict() if hasattr(c, "to_dict") else repr(c) for c in checks]


def measure(files: Sequence[Path], old_sub: ModuleType, old_claims: ModuleType, repeat: int,
            differences: list[str]) -> dict[str, tuple[list[float], list[float]]]:
    """Per stage, (old times, new times), one entry per filing."""
    from edgarliq import submission as new_sub
    from edgarliq.analysis import claims as new_claims
    from edgarliq.pipeline import analyze

    out: dict[str, tuple[list[float], list[float]]] = {"container": ([], []), "claims": ([], [])}
    for path in files:
        data = path.read_bytes()
        name = str(path)
        try:
            sub = new_sub.read_submission(data, name=name)
        except Exception as exc:  # noqa: BLE001 - the old code must refuse it alike
            try:
                old_sub.read_submission(data, name=name)
                differences.append(f"{path.name}: new container raises {exc}, old does not")
            except Exception:  # noqa: BLE001
                pass
            continue
        if submission_facts(old_sub.read_submission(data, name=name)) != submission_facts(sub):
            differences.append(f"{path.name}: container output differs")
        metrics = analyze(sub).metrics
        if check_facts(old_claims.check_claims(sub, metrics)) != check_facts(new_claims.check_claims(sub, metrics)):
            differences.append(f"{path.name}: claim checks differ")
        gc.collect()
        gc.disable()  # (a collection inside one side's run is noise)
        try:
            pairs = (
                ("container", partial(old_sub.read_submission, data, name=name),
                 partial(new_sub.read_submission, data, name=name)),
                ("claims", partial(old_claims.check_claims, sub, metrics),
                 partial(new_claims.check_claims, sub, metrics)),
            )
            for stage, old_fn, new_fn in pairs:
                t_old = t_new = float("inf")
                for _ in range(repeat):  # alternately, so load hits both sides alike
                    t_old = min(t_old, cpu_time(old_fn))
                    t_new = min(t_new, cpu_time(new_fn))
                out[stage][0].append(t_old)
                out[stage][1].append(t_new)
        finally:
            gc.enable()
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--old", type=Path, required=True, help="a checkout of the base commit (e.g. ae111dc)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--repeat", type=int, default=5, help="runs per filing and side; the best counts")
    ap.add_argument("--limit", type=int, default=0, help="every n-th filing only, n chosen to keep about this many")
    args = ap.parse_args(argv)
    old_sub = load_old(args.old, "edgarliq/submission.py", "_old_edgarliq_submission")
    old_claims = load_old(args.old, "edgarliq/analysis/claims.py", "_old_edgarliq_claims")
    eras = era_files(args.corpus)
    if args.limit:
        eras = {k: v[:: max(1, len(v) // args.limit)] for k, v in eras.items()}
    differences: list[str] = []
    print(f"old: {args.old}   new: {ROOT}   CPU time, best of {args.repeat} per filing, old and new interleaved")
    print(f"{'era':<12} {'stage':<10} {'filings':>7} {'old ms':>8} {'new ms':>8} {'med/med':>8} {'ratio med':>9} "
          f"{'ratio p10':>9} {'ratio p90':>9}")
    for era, files in eras.items():
        results = measure(files, old_sub, old_claims, args.repeat, differences)
        for stage, (old, new) in results.items():
            if not old:
                continue
            ratios = sorted(o / n for o, n in zip(old, new, strict=True) if n > 0)
            p10, p90 = ratios[len(ratios) // 10], ratios[(len(ratios) * 9) // 10]
            print(f"{era:<12} {stage:<10} {len(old):>7} {statistics.median(old) * 1e3:>8.3f} "
                  f"{statistics.median(new) * 1e3:>8.3f} {statistics.median(old) / statistics.median(new):>7.2f}x "
                  f"{statistics.median(ratios):>8.2f}x "
                  f"{p10:>8.2f}x {p90:>8.2f}x")
    for d in differences:
        print("DIFFERS:", d)
    print("outputs: identical on every filing" if not differences else f"outputs: {len(differences)} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
