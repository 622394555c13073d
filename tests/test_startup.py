"""The start-up path of `edgarliq analyze --sample` (issue 15) loads none of the heavy libraries.

Not a timing test: each command runs in a fresh interpreter, which then reports the modules it
imported. lxml (the HTML reader), pandas/pyarrow (DataFrames, Parquet), dask (clusters) and
requests (the network) each cost more to import than the whole sample analysis.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("lxml", "pandas", "pyarrow", "dask", "requests")

# Runs the CLI as the console script does, with stdout captured in memory, then prints the
# top-level names of every module it imported.
PROBE = """
import io, json, sys
from edgarliq.cli import main
real = sys.stdout
sys.stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
code = main(sys.argv[1:])
sys.stdout.flush()
size = sys.stdout.buffer.tell()
sys.stdout = real
print(json.dumps({"code": code, "size": size, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def imported_by(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True).stdout
    return json.loads(out.splitlines()[-1])


@pytest.mark.parametrize("args", [("analyze", "--sample", "--json"), ("analyze", "--sample")])
def test_sample_path_imports_no_heavy_library(args: tuple[str, ...]) -> None:
    result = imported_by(*args)
    assert result["code"] == 0
    assert result["size"] > 1000  # it did analyse and print the sample
    assert [m for m in HEAVY if m in result["modules"]] == []


@pytest.mark.parametrize(
    "argv",
    [
        ["analyze", "--sample", "--json"],
        ["export", "--sample", "--csv", "out", "--long"],
        ["batch", "in", "--out", "o", "--workers", "2", "--rate", "5"],
        ["history", "d", "--out", "o", "-q"],
        ["schema"],
    ],
)
def test_one_command_parser_parses_as_the_whole_parser(argv: list[str]) -> None:
    from edgarliq.cli import build_parser

    assert vars(build_parser(argv[0]).parse_args(argv)) == vars(build_parser().parse_args(argv))
