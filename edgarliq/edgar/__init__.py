"""Fetching from EDGAR by CIK or ticker, within SEC's fair-access rules.

`EdgarClient` (client.py) is the only place edgarliq touches the network; `index.py` lists
filings; `cache.py` keeps what was fetched. The names below are imported lazily so that
``import edgarliq.edgar`` (the CLI does, to declare its options) does not pull in requests.
"""

from __future__ import annotations

import argparse

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from typing import Any

_EXPORTS = {
    "EdgarClient": "client", "EdgarError": "client", "NotFoundError": "client", "BlockedError": "client",
    "BadResponseError": "client", "UserAgentError": "client", "ConfigError": "client",
    "RateLimiter": "client", "PROCESS_LIMITER": "client",
    "Cache": "cache",
    "Filing": "index", "list_filings": "index", "latest_filing": "index", "ticker_to_cik": "index",
    "full_index": "index", "form_matches": "index", "normalize_cik": "index",
}

__all__ = [*_EXPORTS, "add_network_arguments", "add_filing_arguments", "add_selection_arguments"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(f"edgarliq.edgar.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'edgarliq.edgar' has no attribute {name!r}")


def _rate_option(text: str) -> float:
    """`ratelimit.rate_option`, imported only when --rate is given: declaring the options of every
    command must not load the rate limiter (and logging, hashlib ...) for `analyze FILE`."""
    from edgarliq.edgar.ratelimit import rate_option

    return rate_option(text)


def add_network_arguments(p: argparse.ArgumentParser) -> None:
    """Options of every command that may talk to EDGAR."""
    g = p.add_argument_group("EDGAR access")
    g.add_argument("--user-agent", metavar="'NAME EMAIL'",
                   help="declared User-Agent SEC requires, e.g. 'Jane Doe jane@example.com' "
                        "(default: $EDGARLIQ_USER_AGENT)")
    g.add_argument("--rate", type=_rate_option, metavar="N",
                   help="requests per second, at most 10 (SEC's limit), shared by every edgarliq process "
                        "of the user; default 8 or $EDGARLIQ_RATE")
    g.add_argument("--cache-dir", metavar="DIR",
                   help="cache directory (default: $EDGARLIQ_CACHE_DIR or the user cache dir)")
    g.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    g.add_argument("--www-base", metavar="URL", help="base URL for www.sec.gov (default: $EDGARLIQ_WWW_BASE)")
    g.add_argument("--data-base", metavar="URL", help="base URL for data.sec.gov (default: $EDGARLIQ_DATA_BASE)")


def add_filing_arguments(p: argparse.ArgumentParser, *, ticker: bool = True) -> None:
    """--cik/--ticker, --form and --amendments: which company and which kind of report."""
    p.add_argument("--cik", metavar="CIK", help="company CIK, any zero padding (e.g. 320193)")
    if ticker:
        p.add_argument("--ticker", metavar="SYMBOL", help="company ticker, looked up in SEC's company_tickers.json")
    p.add_argument("--form", action="append", metavar="FORM",
                   help="form type, repeatable (default: 10-Q and 10-K; variants such as 10-K405 and 10-QSB "
                        "are included)")
    p.add_argument("--amendments", action="store_true", help="include amendments (10-Q/A, 10-K/A ...)")


def add_selection_arguments(p: argparse.ArgumentParser) -> None:
    """Which one filing: --latest, --period or --accession."""
    g = p.add_mutually_exclusive_group()
    g.add_argument("--latest", action="store_true", help="the most recently filed matching report")
    g.add_argument("--period", metavar="YYYY-MM-DD", help="the report for this period end (reportDate)")
    g.add_argument("--accession", metavar="ACCESSION", help="this accession number (e.g. 0000320193-97-000014)")
