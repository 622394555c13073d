"""Command line: argument parsing, exit codes and progress. No logic beyond wiring.

Exit codes: 0 success, 1 unexpected failure, 2 bad input (one line on stderr naming the
file and the cause).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from edgarliq.errors import EdgarliqError, FilingError

SAMPLE = Path(__file__).parent / "data" / "sample_10q_computer_horizons_1997.txt"


def _source(args: argparse.Namespace) -> str | Path:
    """The filing to work on: a path, or the bundled sample."""
    if getattr(args, "sample", False):
        return SAMPLE
    if getattr(args, "path", None):
        return Path(args.path)
    raise FilingError("(no input)", "", "give a PATH to a saved filing, or --sample")


def cmd_analyze(args: argparse.Namespace) -> int:
    from edgarliq.pipeline import analyze
    from edgarliq.report import render_report

    analysis = analyze(_source(args))
    if args.json:
        json.dump(analysis.to_dict(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_report(analysis))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from edgarliq.export import export_csv
    from edgarliq.pipeline import analyze

    analysis = analyze(_source(args))
    written = export_csv(analysis, Path(args.csv))
    for path in written:
        print(path)
    return 0


def _add_source_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", help="a saved filing (.txt full submission, .nc, or a plain copy)")
    p.add_argument("--sample", action="store_true", help="use the bundled sample 10-Q (Computer Horizons, 1997)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="edgarliq",
        description="SEC EDGAR 10-Q/10-K filings: statements, EX-27 schedules and liquidity analysis.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("analyze", help="analyse one filing and print the report (or JSON)")
    _add_source_arguments(p)
    p.add_argument("--json", action="store_true", help="print the analysis as JSON")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("export", help="export parsed schedules, statements and metrics as CSV")
    _add_source_arguments(p)
    p.add_argument("--csv", required=True, metavar="DIR", help="directory to write the CSV files into")
    p.set_defaults(func=cmd_export)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except FilingError as exc:
        print(f"edgarliq: error: {exc}", file=sys.stderr)
        return 2
    except EdgarliqError as exc:
        print(f"edgarliq: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("edgarliq: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
