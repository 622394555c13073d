"""Whole-analysis golden snapshot over every corpus filing (a script, not a test).

    python bench/golden.py --write /tmp/golden.json      # before a change
    python bench/golden.py --check /tmp/golden.json      # after it: exits 1 naming what differs

Speed work on any stage (container, claims, JSON, ...) must not change what a filing yields: --write
records, per corpus file, ``analyze(path).to_dict()`` as canonical JSON (sorted keys), or the error
it raised (type and message); --check re-runs and compares. ``--json-paths`` also checks that the
compact and indented encoders of `edgarliq.pipeline` give the same document as ``json`` does.
The snapshot belongs in /tmp, not in the repository: it is a before/after tool for one change.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.iterdir() if p.is_file() and p.name[:2] in ("1_", "2_", "3_"))


def snapshot(path: Path) -> tuple[str, str]:
    """One filing's analysis as canonical JSON, or the error it raised."""
    from edgarliq.pipeline import analyze

    try:
        doc = analyze(path).to_dict()
    except Exception as exc:  # noqa: BLE001 - the error is part of the output
        return path.name, f"ERROR {type(exc).__name__}: {exc}"
    # allow_nan=False: a NaN in the document is a bug the snapshot must show, not hide
    return path.name, json.dumps(doc, sort_keys=True, allow_nan=False, default=str)


def json_paths_agree(path: Path) -> tuple[str, str]:
    """The pipeline's compact and indented encoders decode to the same document as plain json."""
    from edgarliq.pipeline import analyze

    try:
        a = analyze(path)
    except Exception:  # noqa: BLE001 - nothing to encode
        return path.name, "ok"
    ref = json.loads(json.dumps(a.to_dict(), default=str))
    for indent in (False, True):
        out = a.to_json(indent=indent)
        if json.loads(out) != ref:
            return path.name, f"to_json(indent={indent}) differs"
    return path.name, "ok"


def check_snapshot(snap: dict[str, Any], gold_path: Path) -> int:
    """Print the filings whose output differs from the snapshot at `gold_path`; 1 if any does."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    diff = sorted(k for k in set(gold) | set(snap) if gold.get(k) != snap.get(k))
    for name in diff:
        print(f"DIFFERS: {name}")
    print(f"{len(snap) - len(diff)}/{len(snap)} filings identical")
    return 1 if diff else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--write", metavar="JSON", help="record the snapshot")
    ap.add_argument("--check", metavar="JSON", help="compare with a recorded snapshot")
    ap.add_argument("--json-paths", action="store_true", help="compare the pipeline's JSON encoders with json")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    files = corpus_files(args.corpus)
    rc = 0
    with ProcessPoolExecutor(args.workers) as pool:
        if args.write or args.check:
            snap = dict(pool.map(snapshot, files, chunksize=4))
            if args.write:
                Path(args.write).write_text(json.dumps(snap, indent=0, sort_keys=True), encoding="utf-8")
                errors = sum(v.startswith("ERROR ") for v in snap.values())
                print(f"wrote {len(snap)} filings ({errors} raising an error) to {args.write}")
            if args.check:
                rc = check_snapshot(snap, Path(args.check))
        if args.json_paths:
            bad = [(n, r) for n, r in pool.map(json_paths_agree, files, chunksize=4) if r != "ok"]
            for name, why in bad:
                print(f"JSON DIFFERS: {name}: {why}")
            print(f"{len(files) - len(bad)}/{len(files)} filings: every encoder gives the same document")
            rc = rc or (1 if bad else 0)
    return rc


if __name__ == "__main__":
    raise SystemExit(main())
