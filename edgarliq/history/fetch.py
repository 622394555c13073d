"""The filings of one company from EDGAR, for a history: listed, downloaded through the client
(its cache and rate limit), analysed. A filing that fails to download or parse is recorded and
the rest go on."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from edgarliq.errors import EdgarliqError

DEFAULT_HISTORY_FORMS = ("10-Q", "10-K")
# How long after a period range ends a filing with no period on EDGAR may still report a period in it
# (10-K due within 90 days, amendments later).
UNDATED_LAG = timedelta(days=366)


def _near_range(period: date | None, filed: date, start: date | None, end: date | None) -> bool:
    if period is None:
        return end is None or filed <= end + UNDATED_LAG
    return (start is None or period >= start) and (end is None or period <= end)


def fetch_filings(client: Any, cik: int, *, forms: Sequence[str] = DEFAULT_HISTORY_FORMS,
                  filed_from: date | None = None, filed_to: date | None = None,
                  period_from: date | None = None, period_to: date | None = None,
                  progress: bool | None = None) -> tuple[list[Path], list[str]]:
    """(saved paths, failures) of the company's reports and their amendments (which replace what they
    amend, so a history wants them).

    `period_from`/`period_to` select by the period EDGAR records for each filing. EDGAR records none
    for many 1990s filings: those are fetched when filed within `UNDATED_LAG` of the range (a report
    is filed within months of its period), and the period their own header states decides later
    (`edgarliq.history.in_period_range`)."""
    from tqdm import tqdm

    from edgarliq.edgar.index import list_filings

    # a report is filed after its period ends, so the period's start is also a filing-date bound
    lower = max((d for d in (filed_from, period_from) if d), default=None)
    listed = list_filings(client, cik, forms, amendments=True, filed_from=lower, filed_to=filed_to)
    if period_from or period_to:
        listed = [f for f in listed if _near_range(f.period, f.filed, period_from, period_to)]
    listed.sort(key=lambda f: (f.filed, f.accession))
    show = sys.stderr.isatty() if progress is None else progress
    paths: list[Path] = []
    failures: list[str] = []
    for f in tqdm(listed, desc="fetch", unit="filing", disable=not show, leave=False):
        try:
            paths.append(client.download(f.cik, f.accession))
        except EdgarliqError as exc:
            failures.append(f"{f.form} {f.accession}: not fetched: {exc}")
    return paths, failures
