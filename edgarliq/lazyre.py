"""Regular expressions made cheap at start-up: compiled programs kept across processes, and
patterns most runs never apply compiled on first use.

Why (issue 15): `re.compile` is pure Python and costs 0.05-2 ms a pattern; the plain-text sample
compiles about 140 patterns, 20 ms of a 100 ms process, every time. Two remedies:

- `compile(pattern, flags)` is `re.compile` with its output kept, the way Python keeps a
  module's bytecode in a .pyc: the program `re` compiles a pattern into (a list of integers, the
  group count and names) is written to `edgarliq/__pycache__/regex-<python>-<sre magic>.marshal`
  when the process ends, and the next process hands it straight to `_sre.compile`, skipping the
  parser and compiler. The file is keyed by the Python build and the regex engine's version (a
  file of another build is ignored), written only when Python itself writes bytecode
  (not under PYTHONDONTWRITEBYTECODE), atomically, and merged with what another process wrote
  meanwhile. Any failure (a Python without these internals, an unreadable or corrupt file) falls
  back to plain `re.compile`: the cache can make a pattern cheaper, never different. Use it for
  patterns written in the source, never for patterns built from input (the file would grow).
- A `LazyPattern` stands where the compiled pattern stood (`_X_RE.search(text)` unchanged) and
  compiles (through `compile`) on its first use; from then on its methods are the compiled
  pattern's own, bound once (no indirection).

Like model.py, this module imports nothing of ours.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

__all__ = ["LazyPattern", "compile"]

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")
_LIMIT = 5000  # entries kept in the file: far above the package's few hundred patterns

# (pattern, flags) -> (flags, code, groups, groupindex, indexgroup) as `_sre.compile` takes them,
# the code as bytes of 4-byte integers (marshal reads bytes much faster than a list of ints)
_programs: dict[tuple[str, int], tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]] | None = None
_added = 0


def _path() -> str | None:
    try:
        import _sre
        from array import array

        tag = sys.implementation.cache_tag
        if tag is None or array("I").itemsize != _sre.CODESIZE:
            return None
        return os.path.join(os.path.dirname(__file__), "__pycache__",
                            f"regex-{tag}-{sys.hexversion:x}-{_sre.MAGIC}-{_sre.CODESIZE}.marshal")
    except Exception:  # noqa: BLE001 - no cache on a Python without these internals
        return None


def _read(path: str | None) -> dict:
    if path is None:
        return {}
    try:
        import marshal

        with open(path, "rb") as f:
            data = marshal.loads(f.read())
        return data if isinstance(data, dict) else {}
    except Exception:  # noqa: BLE001 - absent, unreadable or corrupt: compile afresh
        return {}


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
    """`re.compile(pattern, flags)`, its compiled program read from and added to the cache."""
    global _programs, _added
    flags = int(flags)
    if _programs is None:
        _programs = _read(_path())
    key = (pattern, flags)
    program = _programs.get(key)
    try:
        if program is None:
            if not isinstance(pattern, str) or flags & (re.DEBUG | getattr(re, "TEMPLATE", 0)):
                return re.compile(pattern, flags)
            program = _program(pattern, flags)
            compiled = _build(pattern, program)
            if not _added:
                import atexit

                atexit.register(_save)
            _programs[key] = program
            _added += 1
            return compiled
        return _build(pattern, program)
    except re.error:
        raise
    except Exception:  # noqa: BLE001 - internals changed: the cache steps aside
        _programs.pop(key, None)
        return re.compile(pattern, flags)


def _save() -> None:
    """Write the programs compiled in this process, merged with the file's, atomically."""
    path = _path()
    if path is None or not _added or _programs is None or sys.dont_write_bytecode:
        return
    try:
        import marshal

        merged = {**_read(path), **_programs}
        if len(merged) > _LIMIT:
            return
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        try:
            with open(tmp, "wb") as f:
                f.write(marshal.dumps(merged))
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.remove(tmp)
    except Exception:  # noqa: BLE001 - a read-only install: every run compiles, as without the cache
        return


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
