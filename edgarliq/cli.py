"""Command line: argument parsing, exit codes and progress. No logic beyond wiring.

Exit codes: 0 success, 1 unexpected failure, 2 bad input (one line on stderr naming the
file and the cause).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from edgarliq import __version__
from edgarliq.errors import EdgarliqError, FilingError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path
    from typing import Any, NoReturn

# (os.path, and pathlib imported where a command needs it: `analyze --sample` never does)
SAMPLE = os.path.join(os.path.dirname(__file__), "data", "sample_10q_computer_horizons_1997.txt")


def _source(args: argparse.Namespace) -> str | Path:
    """The filing to work on: a path, the bundled sample, or one fetched from EDGAR (--cik/--ticker)."""
    if getattr(args, "sample", False):
        return SAMPLE
    if getattr(args, "path", None):
        from edgarliq.submission import reads_as_path

        if reads_as_path(args.path):  # (a str: pathlib is not imported for one filing)
            return args.path
        from pathlib import Path

        return Path(args.path)
    if getattr(args, "cik", None) or getattr(args, "ticker", None):
        from edgarliq.commands import resolve_filing

        return resolve_filing(args)
    raise FilingError("(no input)", "", "give a PATH to a saved filing, --sample, or --cik/--ticker to fetch one")


def cmd_analyze(args: argparse.Namespace) -> int:
    from edgarliq.pipeline import analyze, dumps_json

    analysis = analyze(_source(args))
    if args.json:
        _write_bytes(dumps_json(analysis.to_dict(), indent=True))
    else:
        from edgarliq.report import render_report  # (the report's module is not needed for JSON)

        sys.stdout.write(render_report(analysis))
    return 0


def _write_bytes(data: bytes) -> None:
    """UTF-8 bytes to stdout, past the text layer when there is one to go past."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from edgarliq.export import export_csv, export_xlsx
    from edgarliq.pipeline import analyze

    if not args.csv and not args.xlsx:
        raise FilingError("(no output)", "", "say where to write: --csv DIR and/or --xlsx FILE")
    analysis = analyze(_source(args))
    written = export_csv(analysis, Path(args.csv), long=args.long) if args.csv else []
    if args.xlsx:
        written.append(export_xlsx(analysis, Path(args.xlsx), long=args.long))
    for path in written:
        print(path)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from importlib.resources import files

    sys.stdout.write(files("edgarliq").joinpath("data", "analysis.schema.json").read_text(encoding="utf-8"))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from edgarliq.commands import client_from_args
    from edgarliq.edgar.index import companies_table, parse_years, search_companies

    client = client_from_args(args)
    matches = search_companies(client, " ".join(args.name), parse_years(args.year or []))
    sys.stdout.write(companies_table(matches))
    if not args.year:
        print("edgarliq: searched today's names only; add --year YYYY (or 1995-1998) to search the names "
              "companies filed under then", file=sys.stderr)
    return 0


def cmd_filings(args: argparse.Namespace) -> int:
    from edgarliq.commands import cik_from_args, client_from_args, forms_from_args
    from edgarliq.edgar.index import filings_csv, filings_table, list_filings

    client = client_from_args(args)
    start = _range_bound(args.date_from, first=True)  # (a bare year, as history takes it)
    end = _range_bound(args.date_to, first=False)
    by_period = args.by == "period"
    filings = list_filings(
        client, cik_from_args(client, args), forms_from_args(args), amendments=args.amendments,
        filed_from=None if by_period else start, filed_to=None if by_period else end,
        period_from=start if by_period else None, period_to=end if by_period else None,
    )
    sys.stdout.write(filings_csv(filings) if args.csv else filings_table(filings))
    if by_period and (start or end):
        # EDGAR records no period for many 1990s filings: say how many a period filter left out.
        undated = [f for f in list_filings(client, cik_from_args(client, args), forms_from_args(args),
                                           amendments=args.amendments, filed_from=start)
                   if f.period is None]
        if undated:
            n = len(undated)
            print(f"edgarliq: not shown: {n} filing{'s' * (n != 1)} filed since {start or 'the first'} with no "
                  "period recorded on EDGAR, which cannot be placed by period (list them with --by filed)",
                  file=sys.stderr)
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    from edgarliq.commands import resolve_filing

    print(resolve_filing(args))
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    from pathlib import Path

    from edgarliq.batch import run_batch, select_remote

    remote: list = []
    client = None
    if args.year is not None or args.quarter is not None or args.cik:
        from edgarliq.commands import client_from_args, forms_from_args
        from edgarliq.edgar.index import normalize_cik

        client = client_from_args(args)
        remote = select_remote(client, year=args.year, quarter=args.quarter,
                               cik=normalize_cik(args.cik) if args.cik else None, forms=forms_from_args(args),
                               amendments=args.amendments, limit=args.limit)
    elif not args.inputs:
        raise FilingError("(no input)", "", "give saved filings (files, directories, glob patterns) "
                          "or an EDGAR selection (--year [--quarter], --cik)")
    summary = run_batch(args.inputs, Path(args.out), workers=args.workers, fmt=args.format,
                        chunk_size=args.chunk_size, retry_failed=args.retry_failed, timeout=args.timeout or None,
                        progress=False if args.quiet else None, remote=remote, client=client,
                        dask=args.scheduler or args.dask)
    print(summary.line())
    return 0


def _add_source_arguments(p: argparse.ArgumentParser) -> None:
    from edgarliq.edgar import add_filing_arguments, add_network_arguments, add_selection_arguments

    p.add_argument("path", nargs="?", help="a saved filing (.txt full submission, .nc, or a plain copy)")
    p.add_argument("--sample", action="store_true", help="use the bundled sample 10-Q (Computer Horizons, 1997)")
    # Or fetch it from EDGAR: --cik/--ticker with --latest, --period or --accession.
    add_filing_arguments(p)
    add_selection_arguments(p)
    add_network_arguments(p)


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter without its `import shutil` (with bz2, lzma ...) on every add_argument:
    the same width, from the same sources as `shutil.get_terminal_size().columns`."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
        except (AttributeError, ValueError, OSError):
            columns = 80
    return columns


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose subparsers (made with its class) use `_HelpFormatter` too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)
        self.retry_whole: Sequence[str] | None = None

    def error(self, message: str) -> NoReturn:
        # A one-command parser's own error would list only that command in its usage: the whole
        # parser parses the same words again and reports the error exactly as it always did.
        if self.retry_whole is not None:
            build_parser().parse_args(self.retry_whole)
        super().error(message)


def build_parser(command: str | None = None) -> _Parser:
    """The whole parser, or (``command``) one with only that command: the same parse for any
    argument list that starts with the command's name."""
    parser = _Parser(
        prog="edgarliq",
        description="SEC EDGAR 10-Q/10-K filings: statements, EX-27 schedules and liquidity analysis.",
    )
    parser.add_argument("--version", action="version", version=f"edgarliq {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, add in _COMMANDS.items():
        if command is None or name == command:
            add(sub)
    _network_options_anywhere(parser, sub)
    return parser


def _add_analyze_parser(sub: Any) -> None:
    p = sub.add_parser("analyze", help="analyse one filing and print the report (or JSON)")
    _add_source_arguments(p)
    p.add_argument("--json", action="store_true", help="print the analysis as JSON")
    p.set_defaults(func=cmd_analyze)


def _add_export_parser(sub: Any) -> None:
    p = sub.add_parser("export", help="export parsed schedules, statements and metrics as CSV and/or Excel")
    _add_source_arguments(p)
    p.add_argument("--csv", metavar="DIR", help="directory to write the CSV files into")
    p.add_argument("--xlsx", metavar="FILE", help="write one Excel workbook, a sheet per table")
    p.add_argument("--long", action="store_true",
                   help="statements as one tidy table (statements.csv: a row per statement, line and period) "
                        "instead of one wide table each; every table then concatenates across filings")
    p.set_defaults(func=cmd_export)


def _add_schema_parser(sub: Any) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of `analyze --json`")
    p.set_defaults(func=cmd_schema)


def _add_filings_parser(sub: Any) -> None:
    from edgarliq.edgar import add_filing_arguments, add_network_arguments

    p = sub.add_parser("filings", help="list a company's 10-Q/10-K filings on EDGAR")
    add_filing_arguments(p)
    p.add_argument("--from", dest="date_from", metavar="YYYY[-MM-DD]",
                   help="on or after this date (a bare year: its first day)")
    p.add_argument("--to", dest="date_to", metavar="YYYY[-MM-DD]",
                   help="on or before this date (a bare year: its last day)")
    p.add_argument("--by", choices=("filed", "period"), default="filed",
                   help="which date --from/--to apply to: the filing date (default) or the period end")
    p.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    add_network_arguments(p)
    p.set_defaults(func=cmd_filings)


def _add_search_parser(sub: Any) -> None:
    from edgarliq.edgar import add_network_arguments

    p = sub.add_parser("search", help="find CIKs by company name (today's and, with --year, 1990s names)",
                       description="Search company names: today's from SEC's company_tickers.json, and with "
                       "--year every name in that year's full-index company.idx (names companies filed under "
                       "then, before renames). Prints CIK, name and the years the name was seen.")
    p.add_argument("name", nargs="+", help="words of the name (each matches the start of a word)")
    p.add_argument("--year", action="append", metavar="YYYY[-YYYY]",
                   help="also search the full index of these years (repeatable; about 4 requests a year, cached)")
    add_network_arguments(p)
    p.set_defaults(func=cmd_search)


def _add_fetch_parser(sub: Any) -> None:
    from edgarliq.edgar import add_filing_arguments, add_network_arguments, add_selection_arguments

    p = sub.add_parser("fetch", help="download one filing's full submission .txt; prints the saved path")
    add_filing_arguments(p)
    add_selection_arguments(p)
    p.add_argument("--out", metavar="DIR", help="save into DIR (default: the cache)")
    add_network_arguments(p)
    p.set_defaults(func=cmd_fetch)


def _add_batch_parser(sub: Any) -> None:
    from edgarliq.edgar import add_filing_arguments, add_network_arguments

    p = sub.add_parser("batch", help="run the whole pipeline over many filings into Parquet (or CSV) tables",
                       description="Analyse every filing given (files, directories searched recursively for "
                       "*.txt/*.nc/*.htm(l), glob patterns, fsspec URLs) and/or selected on EDGAR, in a process "
                       "pool or on a Dask cluster. "
                       "Rerunning with the same --out skips the filings already done (failed ones too, unless "
                       "--retry-failed) and appends.")
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="saved filings: files, directories, glob patterns, fsspec URLs (s3://...)")
    p.add_argument("--out", required=True, metavar="DIR",
                   help="output directory or fsspec URL (created; reruns append)")
    p.add_argument("--workers", type=int, metavar="N",
                   help="processes (default: CPU count; 1 runs in-process; with --dask local: Dask workers)")
    p.add_argument("--format", choices=("parquet", "csv"), default="parquet", help="table format (default parquet)")
    p.add_argument("--chunk-size", type=int, default=200, metavar="N", help="filings per part file (default 200)")
    p.add_argument("--retry-failed", action="store_true", help="run again the filings that failed in earlier runs")
    p.add_argument("--timeout", type=float, default=300.0, metavar="SEC",
                   help="give up on one filing after SEC seconds (default 300; 0: no limit)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar (there is none when stderr is piped)")
    g = p.add_argument_group("Dask cluster (needs edgarliq[cluster]; inputs and --out on storage every worker reads: "
                             "a shared file system or fsspec URLs such as s3://bucket/edgar/)")
    g = g.add_mutually_exclusive_group()
    g.add_argument("--scheduler", metavar="ADDRESS", help="run on this Dask scheduler, e.g. tcp://10.0.0.5:8786")
    g.add_argument("--dask", choices=("local",), help="'local': start a Dask LocalCluster on this machine "
                   "(--workers processes)")
    g = p.add_argument_group("EDGAR selection (fetched through the cache; --form filters these only)")
    g.add_argument("--year", type=int, help="every matching filing in this year's full index")
    g.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), help="only this quarter of --year")
    g.add_argument("--limit", type=int, metavar="N", help="at most N filings from the selection")
    add_filing_arguments(p, ticker=False)
    add_network_arguments(p)
    p.set_defaults(func=cmd_batch)


def _network_options_anywhere(parser: argparse.ArgumentParser, sub: Any) -> None:
    """Accept the EDGAR access options before the command name too (`edgarliq --rate 5 filings ...`).

    They are declared on the main parser as well; on each command their default is SUPPRESS, so
    a value given before the command name is not overwritten by the command's default."""
    from edgarliq.edgar import add_network_arguments

    add_network_arguments(parser)
    dests = {a.dest for a in parser._actions}  # noqa: SLF001 - argparse has no public accessor
    for command in sub.choices.values():
        for action in command._actions:  # noqa: SLF001
            if action.dest in dests and action.dest not in ("help", "version"):
                action.default = argparse.SUPPRESS

# --- history: one company's filings stitched over time (edgarliq/history/) -----------------------

def cmd_history(args: argparse.Namespace) -> int:
    from pathlib import Path

    from edgarliq.history import analyse_paths, build_history

    paths = [Path(p) for p in args.inputs]
    failures: list[str] = []
    cik = None
    start = _range_bound(args.date_from, first=True)
    end = _range_bound(args.date_to, first=False)
    if args.cik or args.ticker:
        from edgarliq.commands import cik_from_args, client_from_args
        from edgarliq.history.fetch import DEFAULT_HISTORY_FORMS, fetch_filings

        client = client_from_args(args)
        cik = cik_from_args(client, args)
        forms = tuple(f.strip() for f in args.forms.split(",") if f.strip()) if args.forms else DEFAULT_HISTORY_FORMS
        fetched, failures = fetch_filings(client, cik, forms=forms, period_from=start, period_to=end,
                                          progress=False if args.quiet else None)
        paths.extend(fetched)
    elif not paths:
        raise FilingError("(no input)", "", "give saved filings (files, directories, glob patterns) or --cik/--ticker")
    analyses, failed = analyse_paths(paths, progress=False if args.quiet else None)
    # --from/--to are periods reported (saved filings included), not filing dates
    h = build_history(analyses, cik=cik, failures=failures + failed, period_from=start, period_to=end)
    written = h.write(args.out)
    sys.stdout.write(h.table())
    print(f"{len(h.filings)} filings, {len(h.failures)} failed; wrote {len(written)} files to {args.out}")
    return 0


def _range_bound(value: str | None, *, first: bool) -> date | None:
    """A --from/--to bound: YYYY-MM-DD, or a bare year meaning its first (--from) or last (--to) day
    ("--from 1996 --to 1998" is the three years)."""
    from datetime import date

    from edgarliq.edgar.index import parse_date

    if not value:
        return None
    v = value.strip()
    if len(v) == 4 and v.isdigit():
        return date(int(v), 1, 1) if first else date(int(v), 12, 31)
    return parse_date(v)


def _add_history_parser(sub: argparse._SubParsersAction) -> None:
    from edgarliq.edgar import add_network_arguments

    p = sub.add_parser("history", help="one company's filings stitched into quarters, balances, metrics and charts",
                       description="Stitch every 10-Q/10-K of one company (saved files, directories, glob patterns, "
                       "or fetched from EDGAR with --cik/--ticker) into balances per date, discrete fiscal quarters, "
                       "TTM and fiscal years, with metrics over time; writes balances.csv, quarters.csv, metrics.csv, "
                       "history.xlsx, PNG charts and report.html into --out.")
    p.add_argument("inputs", nargs="*", metavar="DIR_OR_FILE", help="saved filings: files, directories, glob patterns")
    p.add_argument("--out", required=True, metavar="DIR", help="output directory (created)")
    p.add_argument("--cik", metavar="CIK", help="fetch this company's filings from EDGAR")
    p.add_argument("--ticker", metavar="SYMBOL", help="fetch by ticker (SEC's company_tickers.json)")
    p.add_argument("--from", dest="date_from", metavar="YYYY[-MM-DD]",
                   help="filings reporting a period (period of report: the balance-sheet date) on or after this "
                   "date, not filed on or after it; a bare year is its first day. Applies to saved filings too; "
                   "the comparative columns of the filings kept stay in the history")
    p.add_argument("--to", dest="date_to", metavar="YYYY[-MM-DD]",
                   help="filings reporting a period on or before this date (a bare year: its last day)")
    p.add_argument("--forms", metavar="F1,F2", help="form types, comma-separated (default 10-Q,10-K; variants "
                   "and amendments included)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar (there is none when stderr is piped)")
    add_network_arguments(p)
    p.set_defaults(func=cmd_history)


# Each command's parser on its own: a run builds only the one it runs (declaring every command's
# options costs more than the sample analysis's own work at start-up).
_COMMANDS = {
    "analyze": _add_analyze_parser,
    "export": _add_export_parser,
    "schema": _add_schema_parser,
    "filings": _add_filings_parser,
    "search": _add_search_parser,
    "fetch": _add_fetch_parser,
    "batch": _add_batch_parser,
    "history": _add_history_parser,
}


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    # Only the command that runs is declared when it comes first (as it almost always does);
    # anything else (help, --version, options before the command, mistakes) gets the whole parser.
    command = words[0] if words and words[0] in _COMMANDS else None
    parser = build_parser(command)
    if command is not None:
        parser.retry_whole = words
    args = parser.parse_args(argv)
    from edgarliq.pipeline import StageError

    try:
        return int(args.func(args) or 0)
    except StageError as exc:
        # not the input's fault as far as we can tell: a bug or a layout we do not handle yet
        print(f"edgarliq: internal error: {exc} (please report it with the filing)", file=sys.stderr)
        return 1
    except EdgarliqError as exc:  # bad input (FilingError) or a network error: exit 2
        print(f"edgarliq: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("edgarliq: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
