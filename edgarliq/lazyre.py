"""Regular expressions compiled on first use, for patterns most runs never apply.

`re.compile` is pure Python and costs 0.05-1.5 ms a pattern; a module that compiles every pattern
at import makes each CLI start pay for patterns the filing at hand never needs (issue 15: the
plain-text sample never uses an inline XBRL or a "from 31.2% to 34.5%" pattern). A `LazyPattern`
stands where the compiled pattern stood (`_X_RE.search(text)` unchanged) and compiles on its
first use; from then on its methods are the compiled pattern's own, bound once (no indirection).
Like model.py, this module imports nothing of ours.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["LazyPattern"]

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """`re.compile(pattern, flags)`, done on the first use of any of its attributes."""

    __slots__ = ("source", "_flags", "_compiled", *_METHODS)

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.source = pattern
        self._flags = flags

    def compiled(self) -> re.Pattern[str]:
        try:
            return self._compiled
        except AttributeError:
            compiled = self._compiled = re.compile(self.source, self._flags)
            for name in _METHODS:
                setattr(self, name, getattr(compiled, name))
            return compiled

    def __getattr__(self, name: str) -> Any:  # (only for what is not set yet: before the first use)
        if name in ("source", "_flags", "_compiled"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.source!r}, {self._flags!r})"
