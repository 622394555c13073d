"""The bench scripts' one timing loop: the best of N runs of a callable, by wall clock or by this
process's CPU time (`time.process_time`, which a loaded machine disturbs less), and one run timed
with its result kept. Imported by the other bench scripts (run from the repository root as
``python bench/NAME.py``: the script's folder is on sys.path)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def timed(fn: Callable[[], T], clock: Callable[[], float] = time.perf_counter) -> tuple[float, T]:
    """(seconds, result) of one call of `fn`."""
    start = clock()
    result = fn()
    return clock() - start, result


def best_time(fn: Callable[[], Any], repeat: int, clock: Callable[[], float] = time.perf_counter) -> float:
    """The shortest of `repeat` calls of `fn` (wall clock unless `clock` says otherwise)."""
    return min(timed(fn, clock)[0] for _ in range(max(1, repeat)))


def cpu_time(fn: Callable[[], Any]) -> float:
    """This process's CPU seconds for one call of `fn`."""
    return timed(fn, time.process_time)[0]
