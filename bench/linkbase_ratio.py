"""What the XBRL-exhibit step (tables/linkbase.py) costs, as a share of the whole analysis, in one
run (ratios, not milliseconds: the machine may be shared). A script, not a test.

    python bench/linkbase_ratio.py          # from the repository root, the shared corpus beside it

Rows: the bundled era-1 10-Q (no EX-101 documents: the step only looks at the document types)
and Apple's 2025 10-Q from the corpus wrapped in a submission with the constructed EX-101.SCH,
.LAB and .PRE of fixtures/linkbase (as tests/test_linkbase.py builds it).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from timing import best_time  # noqa: E402  (bench/timing.py)

import edgarliq  # noqa: E402
from edgarliq.submission import read_submission  # noqa: E402
from edgarliq.tables.linkbase import confirm_statements  # noqa: E402


def main() -> None:
    from paths import CORPUS, SEED
    from test_linkbase import APPLE_2025, exhibits, submission_text

    rows = [("era-1 10-Q 1997 (bundled sample)", read_submission(SEED))]
    apple = CORPUS / APPLE_2025
    if apple.exists():
        text = submission_text(apple.read_text(encoding="utf-8"), exhibits())
        rows.append(("Apple 10-Q 2025 + EX-101.SCH/.LAB/.PRE", read_submission(text.encode(), name="apple.txt")))
    for name, sub in rows:
        a = edgarliq.analyze(sub)
        whole = best_time(lambda sub=sub: edgarliq.analyze(sub), 7)
        step = best_time(lambda sub=sub, a=a: confirm_statements(sub, a.statements), 7)
        print(f"{name:45s} linkbase step / whole analysis = {step / whole:.4f}")


if __name__ == "__main__":
    main()
