"""Things compiled from the package's own source, kept across processes like its .pyc files.

Why (issue 15, start-up): two kinds of compiling happen afresh in every process, and in a
one-filing command they cost more than the filing: `re.compile` of the package's patterns (its
parser and compiler are pure Python: about 20 ms for the 140 patterns of the sample) and the
methods `record` writes for its classes (about 0.6 ms a class). What they produce is plain data
(a regex program is a list of integers; methods are code objects), so it is kept with `marshal`
in `edgarliq/__pycache__/<name>-<python build>[-<extra>].marshal` and read back by the next
process.

The rules are those of .pyc files: keyed by the exact Python build (and whatever the caller adds,
e.g. the regex engine's version), so a file of another build is never read; written only when
Python writes bytecode (not under PYTHONDONTWRITEBYTECODE or -B), atomically, when the process
ends, merged with what another process wrote meanwhile; any failure to read or write (absent,
corrupt, read-only) just means compiling afresh. Keys are the package's own source text, never
input: what is kept is bounded by the package (a limit guards against misuse).

Like model.py, this module imports nothing of ours.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Kept"]

_LIMIT = 5000  # entries in one file: far above the package's few hundred patterns and classes


class Kept:
    """A dict of marshal-able values, loaded from its file on first use and saved at exit."""

    def __init__(self, name: str, extra: str = "") -> None:
        self.name = name
        self.extra = extra
        self._values: dict[Any, Any] | None = None
        self._added = 0
        self._used: set[Any] = set()  # keys this process asked for (kept when the file outgrows _LIMIT)

    def path(self) -> str | None:
        tag = sys.implementation.cache_tag
        if tag is None:
            return None
        extra = f"-{self.extra}" if self.extra else ""
        return os.path.join(os.path.dirname(__file__), "__pycache__",
                            f"{self.name}-{tag}-{sys.hexversion:x}{extra}.marshal")

    def _read(self) -> dict[Any, Any]:
        path = self.path()
        if path is None:
            return {}
        try:
            import marshal

            with open(path, "rb") as f:
                data = marshal.loads(f.read())
            return data if isinstance(data, dict) else {}
        except Exception:  # noqa: BLE001 - absent, unreadable or corrupt: compile afresh
            return {}

    def get(self, key: Any) -> Any:
        """The value kept for `key`, or None."""
        if self._values is None:
            self._values = self._read()
        value = self._values.get(key)
        if value is not None:
            self._used.add(key)
        return value

    def put(self, key: Any, value: Any) -> None:
        """Keep `value` for `key` (written to the file when the process ends)."""
        if self._values is None:
            self._values = self._read()
        if not self._added:
            import atexit

            atexit.register(self.save)
        self._values[key] = value
        self._used.add(key)
        self._added += 1

    def discard(self, key: Any) -> None:
        if self._values is not None:
            self._values.pop(key, None)

    def save(self) -> None:
        """Write what this process added, merged with the file's entries, atomically."""
        path = self.path()
        if path is None or not self._added or self._values is None or sys.dont_write_bytecode:
            return
        try:
            import marshal

            merged = {**self._read(), **self._values}
            if len(merged) > _LIMIT:  # (entries of older source versions piled up: keep this run's)
                merged = {k: v for k, v in self._values.items() if k in self._used}
            os.makedirs(os.path.dirname(path), exist_ok=True)
            tmp = f"{path}.{os.getpid()}.tmp"
            try:
                with open(tmp, "wb") as f:
                    f.write(marshal.dumps(merged))
                os.replace(tmp, path)
            finally:
                if os.path.exists(tmp):
                    os.remove(tmp)
        except Exception:  # noqa: BLE001 - a read-only install: every run compiles, as without the file
            return
