"""Regular expressions made cheap at start-up: compiled programs kept across processes, and
patterns most runs never apply compiled on first use.

Why (issue 15): `re.compile` is pure Python and costs 0.05-2 ms a pattern; the plain-text sample
compiles about 140 patterns, 20 ms of a 100 ms process, every time. Two remedies:

- `compile(pattern, flags)` is `re.compile` with its output kept (edgarliq.bytecache, next to
  the .pyc files): the program `re` compiles a pattern into (a list of integers, the group count
  and names) is handed by the next process straight to `_sre.compile`, skipping the parser and
  compiler. The file is keyed by the Python build and the regex engine's version. Any failure (a
  Python without these internals) falls back to plain `re.compile`: the file can make a pattern
  cheaper, never different. Use it for patterns written in the source, never for patterns built
  from input.
- A `LazyPattern` stands where the compiled pattern stood (`_X_RE.search(text)` unchanged) and
  compiles (through `compile`) on its first use; from then on its methods are the compiled
  pattern's own, bound once (no indirection).

Like model.py, this module imports nothing of ours but the leaf bytecache.
"""

from __future__ import annotations

import re

from edgarliq.bytecache import Kept

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["LazyPattern", "compile"]

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


def _engine() -> str:
    """The regex engine's version, part of the file's name; "" when the internals are not there."""
    try:
        import _sre
        from array import array

        return f"{_sre.MAGIC}-{_sre.CODESIZE}" if array("I").itemsize == _sre.CODESIZE else ""
    except Exception:  # noqa: BLE001
        return ""


# (pattern, flags) -> (flags, code, groups, groupindex, indexgroup) as `_sre.compile` takes them,
# the code as bytes of 4-byte integers (marshal reads bytes much faster than a list of ints)
_ENGINE = _engine()
_programs = Kept("regex", _ENGINE)


def _program(pattern: str, flags: int) -> tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]:
    """What `re._compiler.compile` hands `_sre.compile`, computed the way it computes it."""
    from array import array
    from re import _compiler, _parser  # type: ignore[attr-defined]

    p = _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for k, i in groupindex.items():
        indexgroup[i] = k
    return flags | p.state.flags, array("I", code).tobytes(), p.state.groups - 1, groupindex, tuple(indexgroup)


def _build(pattern: str, program: tuple) -> re.Pattern[str]:
    import _sre
    from array import array

    final_flags, code, groups, groupindex, indexgroup = program
    return _sre.compile(pattern, final_flags, array("I", code).tolist(), groups, groupindex, indexgroup)


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:  # noqa: A001 - re.compile's name
    """`re.compile(pattern, flags)`, its compiled program read from and added to the kept file."""
    flags = int(flags)
    if not _ENGINE or not isinstance(pattern, str) or flags & (re.DEBUG | getattr(re, "TEMPLATE", 0)):
        return re.compile(pattern, flags)
    key = (pattern, flags)
    program = _programs.get(key)
    try:
        if program is None:
            program = _program(pattern, flags)
            compiled = _build(pattern, program)
            _programs.put(key, program)
            return compiled
        return _build(pattern, program)
    except re.error:
        raise
    except Exception:  # noqa: BLE001 - internals changed: the kept programs step aside
        _programs.discard(key)
        return re.compile(pattern, flags)


class LazyPattern:
    """`compile(pattern, flags)`, done on the first use of any of its attributes."""

    __slots__ = ("source", "_flags", "_compiled", *_METHODS)

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.source = pattern
        self._flags = flags

    def compiled(self) -> re.Pattern[str]:
        try:
            return self._compiled
        except AttributeError:
            compiled = self._compiled = compile(self.source, self._flags)
            for name in _METHODS:
                setattr(self, name, getattr(compiled, name))
            return compiled

    def __getattr__(self, name: str) -> Any:  # (only for what is not set yet: before the first use)
        if name in ("source", "_flags", "_compiled"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.source!r}, {self._flags!r})"
