"""edgarliq.lazyre.compile and edgarliq.bytecache: the regex programs kept across processes give
the very pattern re.compile gives, a bad or missing file only costs the compile, and the file is
written atomically, merged, and not at all under PYTHONDONTWRITEBYTECODE; record methods read
back from their file are the methods compiled afresh."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from edgarliq import lazyre
from edgarliq.bytecache import Kept

PATTERNS = [(r"^\s*(?P<label>[A-Za-z][^.]*?)\.{2,}\s+\$?\(?(?P<n>[0-9,]+)\)?$", re.M),
            (r"(?i)total\s+current\s+(assets|liabilities)", 0),
            (r"\bnet\s+(?:income|loss)\b", re.I | re.S), (r"[^\x00-\x7f]+", 0), ("", 0)]
TEXT = "  Cash and equivalents..........  $ 1,234\nTotal current liabilities  (56)\nNET LOSS é\n"


@pytest.fixture
def cache_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The module pointed at a cache file of its own, with nothing loaded yet (a fresh process)."""
    path = tmp_path / "__pycache__" / "regex-test.marshal"
    monkeypatch.setattr(lazyre, "_programs", _kept_at(path))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return path


def _kept_at(path: Path) -> Kept:
    """A fresh Kept (nothing loaded: a new process) whose file is `path`."""
    kept = Kept("regex-test")
    kept.path = lambda: str(path)  # type: ignore[method-assign]
    return kept


def _next_process(path: Path) -> None:
    lazyre._programs = _kept_at(path)


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    for pos in range(0, len(TEXT), 7):
        assert [m.span() for m in a.finditer(TEXT, pos)] == [m.span() for m in b.finditer(TEXT, pos)]
    assert a.sub("#", TEXT) == b.sub("#", TEXT)


def test_a_pattern_from_the_file_is_the_pattern_re_compiles(cache_file: Path) -> None:
    first = [lazyre.compile(p, f) for p, f in PATTERNS]
    lazyre._programs.save()
    assert cache_file.exists() and not list(cache_file.parent.glob("*.tmp"))
    _next_process(cache_file)
    again = [lazyre.compile(p, f) for p, f in PATTERNS]
    assert lazyre._programs._added == 0  # every one came from the file
    for (p, f), a, b in zip(PATTERNS, first, again, strict=True):
        _same(a, re.compile(p, f))
        _same(b, re.compile(p, f))
    assert lazyre.compile(PATTERNS[2][0], re.RegexFlag(PATTERNS[2][1])).flags == re.compile(*PATTERNS[2]).flags


def test_the_package_s_own_file_holds_the_programs_re_would_compile() -> None:
    # (after any run of the package wrote it; the check is on what it holds, whoever wrote it)
    path = lazyre._programs.path()
    if path is None or not os.path.exists(path):
        subprocess.run([sys.executable, "-c", "from edgarliq.pipeline import analyze; from edgarliq.cli import "
                        "SAMPLE; analyze(SAMPLE)"], check=True, timeout=120,
                       env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"})
    if path is None or not os.path.exists(path):
        pytest.skip("the package's __pycache__ is not writable here")
    with open(path, "rb") as f:
        programs = marshal.loads(f.read())
    assert len(programs) >= 100
    for (pattern, flags), program in programs.items():
        assert program == lazyre._program(pattern, flags), pattern


def test_a_corrupt_or_foreign_file_costs_only_the_compile(cache_file: Path) -> None:
    cache_file.parent.mkdir()
    for junk in (b"not marshal", marshal.dumps([1, 2, 3]), b""):
        cache_file.write_bytes(junk)
        _next_process(cache_file)
        _same(lazyre.compile(*PATTERNS[0]), re.compile(*PATTERNS[0]))
    lazyre._programs.save()  # the junk is replaced by a good file
    with open(cache_file, "rb") as f:
        assert set(marshal.loads(f.read())) == {(PATTERNS[0][0], PATTERNS[0][1])}


def test_saving_merges_with_another_process_s_file_and_respects_dont_write_bytecode(
        cache_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lazyre.compile(*PATTERNS[0])
    lazyre._programs.save()
    _next_process(cache_file)
    lazyre._programs._values = {}  # a process that read the file before the other one wrote it
    lazyre.compile(*PATTERNS[1])
    lazyre._programs.save()
    with open(cache_file, "rb") as f:
        assert len(marshal.loads(f.read())) == 2
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    lazyre.compile(*PATTERNS[3])
    lazyre._programs.save()
    with open(cache_file, "rb") as f:
        assert len(marshal.loads(f.read())) == 2


def test_a_file_grown_past_the_limit_is_rewritten_with_this_run_s_entries(cache_file: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from edgarliq import bytecache

    monkeypatch.setattr(bytecache, "_LIMIT", 3)
    cache_file.parent.mkdir()
    cache_file.write_bytes(marshal.dumps({("old", i): (0, b"", 0, {}, ()) for i in range(3)}))
    lazyre.compile(*PATTERNS[0])
    lazyre._programs.save()
    with open(cache_file, "rb") as f:
        kept = marshal.loads(f.read())
    assert set(kept) == {(PATTERNS[0][0], PATTERNS[0][1])}  # the old entries, unused here, are dropped


def test_bad_patterns_raise_as_re_does_and_bytes_patterns_are_not_kept(cache_file: Path) -> None:
    with pytest.raises(re.error, match="missing \\)"):
        lazyre.compile(r"(unclosed")
    assert lazyre.compile(r"a+").pattern == "a+" and lazyre._programs._added == 1
    assert lazyre.compile(rb"bytes").pattern == b"bytes" and lazyre._programs._added == 1  # (not kept)


def test_record_methods_read_back_are_the_methods_compiled_afresh(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from edgarliq import record as record_module

    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    path = tmp_path / "record-test.marshal"
    made = []
    for _process in range(2):
        kept = Kept("record-test")
        kept.path = lambda: str(path)  # type: ignore[method-assign]
        monkeypatch.setattr(record_module, "_CODE", kept)

        @record_module.record(frozen=True, slots=True)
        class Pair:
            a: int
            b: str = "x"

        made.append(Pair)
        kept.save()
    assert made[0](1) != made[1](1)  # (two classes) ...
    assert repr(made[0](1, "y")) == repr(made[1](1, "y")) == "Pair(a=1, b='y')"
    assert made[1](1) == made[1](1) and hash(made[1](1)) == hash((1, "x"))
    assert kept._added == 0  # ... the second built from the file


def test_kept_rule_prefilters_are_the_ones_computed_afresh() -> None:
    from edgarliq.statements import concepts

    rules = concepts._rules()
    assert len(rules) >= 70
    for rule in rules:
        pattern = rule.pattern.source
        assert (rule.needs, rule.first) == (concepts.required_words(pattern), concepts.first_characters(pattern))
