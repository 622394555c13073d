"""Statements vs the filing's own EX-27: how many comparisons match, per filing and in total.

usage: .venv/bin/python bench/accuracy.py [FILE ...] [--all-periods] [--quiet]

Without files it runs over ../shared/corpus/1_*.txt (era 1) and the seed 10-Q. Like the
independent scorer (../shared/tools/corpus-check) it compares the primary period (the period
of report) by default; --all-periods compares every EX-27 column the statements print.
Schedules come from `edgarliq.fds` when it is installed, else from the shared oracle reader.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = ROOT / "fixtures" / "computer_horizons_10q_1997q2.txt"

sys.path.insert(0, str(ROOT))
from edgarliq.fds import parse_schedules  # noqa: E402
from edgarliq.statements import extract_statements  # noqa: E402
from edgarliq.submission import read_submission  # noqa: E402

# (statement, concept, EX-27 tag, is a flow)
PAIRS = [
    ("balance_sheet", "total_assets", "TOTAL-ASSETS", False),
    ("balance_sheet", "total_current_assets", "CURRENT-ASSETS", False),
    ("balance_sheet", "total_current_liabilities", "CURRENT-LIABILITIES", False),
    ("income_statement", "revenue", "TOTAL-REVENUES", True),
    ("income_statement", "pretax_income", "INCOME-PRETAX", True),
    ("income_statement", "net_income", "NET-INCOME", True),
]
MONTHS = {"3": 3, "6": 6, "9": 9, "12": 12, "YEAR": 12}
# EX-27 tag -> the canonical name reconcile() uses in its check names (fds.<name>)
CANONICAL = {"TOTAL-ASSETS": "total_assets", "CURRENT-ASSETS": "current_assets",
             "CURRENT-LIABILITIES": "current_liabilities", "TOTAL-REVENUES": "total_revenues",
             "INCOME-PRETAX": "income_pretax", "NET-INCOME": "net_income"}


def _schedule_columns(path: Path, text: str) -> list[dict[str, Any]]:
    """EX-27 columns as dicts: article, multiplier, months, period_end (ISO), values by tag."""
    try:
        from edgarliq.fds import parse_schedules

        out = []
        for s in parse_schedules(read_submission(path)):
            for c in s.columns:
                out.append({"article": str(s.article or ""), "multiplier": float(s.multiplier or 1),
                            "months": c.months, "period_end": c.period_end.isoformat() if c.period_end else None,
                            "values": dict(c.values)})
        return out
    except ImportError:
        sys.path.insert(0, str(ROOT.parent / "shared" / "tools"))
        from fds_oracle import schedules  # type: ignore[import-not-found]

        cols = schedules(text)
        for c in cols:
            p = (c.get("period_type") or "").upper().replace("-MOS", "")
            c["months"] = MONTHS.get(p)
        return cols


def _failed_checks(sub: Any, st: Any) -> list[Any]:
    """reconcile()'s failed checks, to show that every mismatch is flagged (no silent wrong number)."""
    try:
        from edgarliq.fds import parse_schedules
        from edgarliq.reconcile import reconcile
    except ImportError:
        return []
    return [c for c in reconcile(st, parse_schedules(sub)) if c.status == "fail"]


def _flagged(fails: list[Any], tag: str, period_end: str) -> bool:
    name = "fds." + CANONICAL[tag]
    return any((c.name == name or c.name.startswith(name + ".")) and c.extra.get("period_end") == period_end
               for c in fails)


def score_file(path: Path, all_periods: bool = False) -> tuple[int, int, list[str], dict[str, Any]]:
    text = path.read_bytes().decode("latin-1")
    t0 = time.perf_counter()
    sub = read_submission(path)
    t1 = time.perf_counter()
    st = extract_statements(sub, parse_schedules(sub))  # (as the pipeline does: a unit printed nowhere)
    elapsed = time.perf_counter() - t0
    info = {"found": sorted(st), "missing": st.missing, "seconds": elapsed, "statement_seconds": elapsed - (t1 - t0),
            "form": sub.form, "unflagged": 0}
    cols = [c for c in _schedule_columns(path, text) if c["article"].strip() in ("5", "") and c["period_end"]]
    if not cols:
        return 0, 0, [], info
    primary = sub.period_of_report.isoformat() if sub.period_of_report else None
    if not all_periods:
        if primary not in {c["period_end"] for c in cols}:
            primary = max(c["period_end"] for c in cols)
        cols = [c for c in cols if c["period_end"] == primary]
    total = matched = 0
    problems: list[str] = []
    fails: list[Any] | None = None
    seen: set[tuple[Any, ...]] = set()
    for col in cols:
        for kind, concept, tag, flow in PAIRS:
            want = col["values"].get(tag)
            if not want:
                continue
            key = (concept, col["period_end"], col["months"] if flow else None)
            if key in seen:
                continue
            seen.add(key)
            stmt = st.get(kind)
            got = stmt.lookup(concept, date.fromisoformat(col["period_end"]), col["months"] if flow else None) \
                if stmt else None
            if got is None and not all_periods and stmt is not None:
                pass
            if got is None and all_periods:
                continue  # prior periods need not be printed
            total += 1
            tol = max(col["multiplier"] / 2, 1)
            ok = got is not None and abs(got - want) <= tol
            matched += ok
            if not ok:
                if fails is None:
                    fails = _failed_checks(sub, st)
                # a statement that was not found is a skip check with its reason, not a wrong number
                flagged = stmt is None or _flagged(fails, tag, col["period_end"])
                info["unflagged"] += not flagged
                problems.append(f"{concept}@{col['period_end']}/{col['months'] if flow else '-'}={got} want {want:.0f}"
                                + ("" if flagged else " [no failed check]"))
    return matched, total, problems, info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--all-periods", action="store_true")
    ap.add_argument("--quiet", action="store_true", help="print only filings with a mismatch")
    args = ap.parse_args(argv)
    files = args.files or sorted(CORPUS.glob("1_*.txt")) + ([SEED] if SEED.exists() else [])
    if not files:
        print("no files (../shared/corpus is absent)")
        return 0
    tm = tt = 0
    docs = found3 = 0
    kinds_found = 0
    seconds = 0.0
    statement_ms: list[float] = []
    unflagged = 0
    for path in files:
        m, t, problems, info = score_file(path, args.all_periods)
        tm += m
        tt += t
        seconds += info["seconds"]
        unflagged += info["unflagged"]
        form = (info["form"] or "").upper()
        if form.startswith("10-"):
            statement_ms.append(1000 * info["statement_seconds"])
            docs += 1
            kinds_found += len(info["found"])
            found3 += len(info["found"]) == 3
        if not args.quiet or problems:
            status = "ok" if not problems else "; ".join(problems)
            miss = "" if len(info["found"]) == 3 else f" [missing: {', '.join(k for k, _ in info['missing'])}]"
            print(f"{path.name}: {m}/{t} {status}{miss} ({1000 * info['seconds']:.0f} ms)")
    pct = 100.0 * tm / tt if tt else 0.0
    print(f"statements vs EX-27: {tm}/{tt} comparisons match ({pct:.1f}%); "
          f"mismatches in found statements without a failed reconcile() check: {unflagged}")
    if docs:
        print(f"statements found: {kinds_found}/{3 * docs} ({100.0 * kinds_found / (3 * docs):.1f}%); "
              f"all three in {found3}/{docs} 10-Q/10-K files; {1000 * seconds / len(files):.1f} ms per filing "
              f"(container + statements); statements alone {median(statement_ms):.1f} ms median")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
