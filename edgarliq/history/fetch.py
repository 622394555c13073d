"""The filings of one company from EDGAR, for a history: listed, downloaded through the client
(its cache and rate limit), analysed. A filing that fails to download or parse is recorded and
the rest go on."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from edgarliq.errors import EdgarliqError

DEFAULT_HISTORY_FORMS = ("10-Q", "10-K")


def fetch_filings(client: Any, cik: int, *, forms: Sequence[str] = DEFAULT_HISTORY_FORMS,
                  filed_from: date | None = None, filed_to: date | None = None,
                  progress: bool | None = None) -> tuple[list[Path], list[str]]:
    """(saved paths, failures) of the company's reports and their amendments (which replace what they
    amend, so a history wants them)."""
    from tqdm import tqdm

    from edgarliq.edgar.index import list_filings

    listed = list_filings(client, cik, forms, amendments=True, filed_from=filed_from, filed_to=filed_to)
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
