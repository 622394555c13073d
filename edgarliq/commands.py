"""Wiring between the command line's options and EDGAR: which client, which company, which filing.

These helpers read argparse options, so they live with the commands (`cli.py`), not in `edgar/`,
whose listing functions take plain values.
"""

from __future__ import annotations

import argparse
import atexit
import shutil
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from edgarliq.edgar.client import ConfigError, EdgarClient, EdgarError, normalize_accession
from edgarliq.edgar.index import (
    DEFAULT_FORMS,
    Filing,
    latest_filing,
    list_filings,
    normalize_cik,
    parse_date,
    ticker_to_cik,
)


def client_from_args(args: argparse.Namespace) -> EdgarClient:
    return EdgarClient(
        getattr(args, "user_agent", None),
        rate=getattr(args, "rate", None),
        www_base=getattr(args, "www_base", None),
        data_base=getattr(args, "data_base", None),
        cache_dir=getattr(args, "cache_dir", None),
        use_cache=not getattr(args, "no_cache", False),
    )


def cik_from_args(client: EdgarClient, args: argparse.Namespace) -> int:
    if getattr(args, "cik", None):
        return normalize_cik(args.cik)
    if getattr(args, "ticker", None):
        return ticker_to_cik(client, args.ticker)[0]
    raise ConfigError("give --cik or --ticker")


def forms_from_args(args: argparse.Namespace) -> tuple[str, ...]:
    return tuple(getattr(args, "form", None) or DEFAULT_FORMS)


def select_filing(client: EdgarClient, cik: int, args: argparse.Namespace) -> tuple[str, Filing | None]:
    """(accession, listing entry if we looked one up) for --accession, --period or --latest."""
    forms = forms_from_args(args)
    amendments = bool(getattr(args, "amendments", False))
    if getattr(args, "accession", None):
        return normalize_accession(args.accession), None
    if getattr(args, "period", None):
        period = parse_date(args.period)
        found = list_filings(client, cik, forms, amendments=amendments, period_from=period, period_to=period)
        if not found:
            listed = list_filings(client, cik, forms, amendments=amendments)
            undated = [f for f in listed if f.period is None and f.filed >= period]
            hint = nearest_periods_hint(listed, period)
            hint += (f"; {len(undated)} such filings have no period recorded: pick one with --accession "
                     f"(see `edgarliq filings --cik {cik}`)") if undated else ""
            raise EdgarError(client.data_url(f"submissions/CIK{cik:010d}.json"),
                             f"CIK {cik} has no {' or '.join(forms)} for the period {period}{hint}")
        chosen = found[0]  # newest filed: an amendment (when asked for) supersedes the original
        return chosen.accession, chosen
    if getattr(args, "latest", False):
        chosen = latest_filing(client, cik, forms, amendments=amendments)
        return chosen.accession, chosen
    raise ConfigError("say which filing: --latest, --period YYYY-MM-DD or --accession")


def nearest_periods_hint(filings: Sequence[Filing], period: date, n: int = 4) -> str:
    """``; nearest periods on file: 1997-03-28 (10-Q), 1997-09-26 (10-K)`` (empty when none are dated)."""
    dated = {f.period: f.form for f in sorted(filings, key=lambda f: f.filed) if f.period is not None}
    nearest = sorted(sorted(dated, key=lambda d: (abs((d - period).days), d))[:n])
    if not nearest:
        return ""
    return "; nearest periods on file: " + ", ".join(f"{d} ({dated[d]})" for d in nearest)


def resolve_filing(args: argparse.Namespace) -> Path:
    """Fetch the filing the --cik/--ticker options name; returns the saved full submission .txt."""
    client = client_from_args(args)
    cik = cik_from_args(client, args)
    accession, filing = select_filing(client, cik, args)
    if filing is not None:
        period = filing.period.isoformat() if filing.period else "no period"
        print(f"edgarliq: {filing.company} {filing.form} filed {filing.filed} ({period}), {accession}",
              file=sys.stderr)
    out = getattr(args, "out", None)
    if client.cache is None and out is None:
        if hasattr(args, "out"):
            out = Path.cwd()  # `fetch --no-cache`: the user wants the file, so here rather than nowhere
        else:
            # `analyze --no-cache`: the file is only needed while we run; gone when we exit.
            out = tempfile.mkdtemp(prefix="edgarliq-")
            atexit.register(shutil.rmtree, out, True)
    return client.download(cik, accession, out)
