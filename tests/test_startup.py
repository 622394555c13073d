"""The start-up path of `edgarliq analyze --sample` (issue 15) loads none of the heavy libraries,
none of the modules it has no use for, and compiles only the patterns it applies.

Not a timing test: each command runs in a fresh interpreter, which then reports the modules it
imported (or which patterns it compiled). lxml (the HTML reader), pandas/pyarrow (DataFrames,
Parquet), dask (clusters) and requests (the network) each cost more to import than the whole
sample analysis.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

HEAVY = ("lxml", "pandas", "pyarrow", "dask", "requests")
# Standard modules the sample path has no use for, whose import was a visible part of its start-up:
# statistics (random, fractions) for one median in the text reader; html for entities (none here).
NOT_NEEDED = ("statistics", "random", "fractions", "html")
# Modules of ours the plain-text sample never uses: the grid types (HTML and inline XBRL readers)
# and the HTML reader itself.
OURS_NOT_NEEDED = ("edgarliq.grid", "edgarliq.tables.html", "edgarliq.tables.ixbrl", "edgarliq.statements.grids")

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
print(json.dumps({"code": code, "size": size, "modules": sorted({m.split(".")[0] for m in sys.modules}),
                  "ours": sorted(m for m in sys.modules if m.startswith("edgarliq"))}))
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
    assert [m for m in NOT_NEEDED if m in result["modules"]] == []
    assert [m for m in OURS_NOT_NEEDED if m in result["ours"]] == []


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


# -- concepts.csv rules: read cheaply at start, compiled on first use ---------------------------


def _tree_first(pattern: str) -> frozenset[str] | None:
    """The reference for `first_characters`: the first characters read from the parse tree of
    `re._parser` (what concepts.py did before it read them from the text, issue 15)."""
    from re import _constants as k  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    def first_of(items: list) -> tuple[set[str] | None, bool]:
        out: set[str] = set()
        for op, av in items:
            if op is k.LITERAL:
                return out | {chr(av)}, False
            if op is k.IN:
                for sop, sav in av:
                    if sop is k.LITERAL:
                        out.add(chr(sav))
                    elif sop is k.RANGE:
                        out.update(chr(x) for x in range(sav[0], sav[1] + 1))
                    else:
                        return None, False
                return out, False
            if op is k.SUBPATTERN:
                if av[1] or av[2]:
                    return None, False
                got, nullable = first_of(list(av[3]))
            elif op is k.BRANCH:
                got, nullable = set(), False
                for branch in av[1]:
                    g, e = first_of(list(branch))
                    if g is None:
                        return None, False
                    got, nullable = got | g, nullable or e
            elif op in (k.MAX_REPEAT, k.MIN_REPEAT, k.POSSESSIVE_REPEAT):
                got, nullable = first_of(list(av[2]))
                nullable = nullable or av[0] == 0
            elif op in (k.AT, k.ASSERT, k.ASSERT_NOT):
                continue
            else:
                return None, False
            if got is None:
                return None, False
            out |= got
            if not nullable:
                return out, False
        return out, True

    tree = _parser.parse(pattern)
    if tree.state.flags & (re.I | re.X):
        return None
    items = list(tree)
    branches = items[0][1][1] if len(items) == 1 and items[0][0] is k.BRANCH else [items]
    out: set[str] = set()
    for branch in branches:
        branch = list(branch)
        if not branch or branch[0] != (k.AT, k.AT_BEGINNING):
            return None
        chars, nullable = first_of(branch[1:])
        if chars is None or nullable:
            return None
        out |= chars
    return frozenset(out) or None


EXTRA_PATTERNS = ["^[ab]c", "^(a|)b", "^(a|b)*c", "^a+b", "^x{2}y", "^\\$a", "(^a|^b)", "^(?:a|b)?$", "^a??b",
                  "^(?=ab)a", "^(?<!x)a", "(?i)^total", "^\\bword", "^(a(b|c)?)?d"]


def test_first_characters_read_from_text_agree_with_the_parse_tree() -> None:
    """Every rule of concepts.csv gets the first characters its parse tree gives; other patterns
    get the same or a safe answer (None, or more characters: the rule is only tried more often)."""
    from edgarliq.statements import concepts

    rules = concepts._rules()
    assert len(rules) > 50
    for rule in rules:
        assert rule.first == _tree_first(rule.pattern.source), rule.pattern.source
    for pattern in EXTRA_PATTERNS:
        cheap, ref = concepts.first_characters(pattern), _tree_first(pattern)
        assert cheap is None or (ref is not None and cheap >= ref), pattern


def test_concept_rules_compile_on_first_use() -> None:
    from edgarliq.statements import concepts

    for rule in concepts._rules():
        for label in ("total assets", "net income", "cash and cash equivalents"):
            want = re.search(rule.pattern.source, label)
            got = rule.pattern.search(label)
            assert (got and got.span()) == (want and want.span())
        assert rule.pattern.pattern == rule.pattern.source  # (a compiled pattern's other attributes too)


def test_lazy_pattern_is_the_compiled_pattern_once_used() -> None:
    from edgarliq.lazyre import LazyPattern

    lazy = LazyPattern(r"(?P<n>\d+)\s*percent", re.I)
    ref = re.compile(r"(?P<n>\d+)\s*percent", re.I)
    text = "rose from 12 Percent to 15 percent"
    assert lazy.groupindex == ref.groupindex and lazy.flags == ref.flags  # (attributes before any search)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in ref.finditer(text)]
    assert lazy.sub("N", text) == ref.sub("N", text)
    assert lazy.compiled() is lazy.compiled()
    assert lazy.search.__self__ is lazy.compiled()  # (after the first use: the pattern's own method)


LAZY_PROBE = """
import io, sys
from edgarliq.cli import main
sys.stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
main(["analyze", "--sample", "--json"])
from edgarliq.analysis import claims
from edgarliq.statements import concepts, periods
rules = concepts._rules()
compiled = sum(1 for r in rules if hasattr(r.pattern, "_compiled"))
sys.stdout = sys.__stdout__
print(compiled, len(rules), hasattr(claims._FROM_TO, "_compiled"), hasattr(periods._FULL_DATE_RE, "_compiled"))
"""


def test_sample_path_leaves_most_patterns_uncompiled() -> None:
    """What the sample never needs is never compiled: concepts.csv rules whose cheap tests fail on
    every label, and module patterns of other filing kinds (issue 15)."""
    out = subprocess.run([sys.executable, "-c", LAZY_PROBE], capture_output=True, text=True, check=True).stdout
    compiled, total, from_to, full_date = out.split()
    assert int(compiled) < 0.7 * int(total)
    assert (from_to, full_date) == ("False", "False")
