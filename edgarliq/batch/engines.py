"""Engines: where `process_file` runs. In this process, or in a local process pool; the Dask engine
(a cluster) is in `dask_engine.py`. An engine is a generator of results in completion order; it
knows nothing of what a filing is, and closing it stops its workers at once.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import signal
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from edgarliq.batch.inputs import Job
from edgarliq.batch.rows import Analyzer, Packed, Result, crash_row, process_file, process_packed


def auto_task_size(n: int, workers: int) -> int:
    # Several files per task amortise the round trip (~0.2 ms) against ~5 ms per era-1 filing, but
    # keep at least ~8 tasks per worker so the last, slow file does not leave the others idle.
    return max(1, min(16, n // (workers * 8)))


def tasks(jobs: Sequence[Job], size: int | None, workers: int) -> list[tuple[Job, ...]]:
    """The jobs in tasks of `size` files; by default (None) of `auto_task_size`, shrinking towards
    the end (down to one file) so that the workers finish together: no worker sits idle while
    another runs its last 16 files (guided self-scheduling: a task is at most a quarter of a
    worker's share of what is left)."""
    if size is not None:
        return [tuple(jobs[i:i + size]) for i in range(0, len(jobs), size)]
    out = []
    i, n = 0, len(jobs)
    size = auto_task_size(n, workers)
    while i < n:
        k = max(1, min(size, (n - i) // (workers * 4)))
        out.append(tuple(jobs[i:i + k]))
        i += k
    return out


def run_in_process(jobs: Sequence[Job], analyzer: Analyzer | None, timeout: float | None,
                   ) -> Generator[Result, None, None]:
    preload()
    with _collector_spared():
        for job in jobs:
            yield process_file(job, analyzer, timeout)


def preload() -> None:
    """Import every stage of the pipeline now: `analyze()` imports them on its first filing, which a
    worker would otherwise pay inside its first task (and a forked worker pays once per worker
    for what the parent did not import before forking)."""
    with contextlib.suppress(Exception):
        import edgarliq.analysis  # noqa: F401
        import edgarliq.analysis.claims  # noqa: F401
        import edgarliq.fds  # noqa: F401
        import edgarliq.pipeline  # noqa: F401
        import edgarliq.reconcile  # noqa: F401
        import edgarliq.statements  # noqa: F401


# The pipeline's objects nearly all die young (their reference counts free them), yet at the default
# threshold (a collection per 700 net allocations) the collector ran ~180 times over the 349 era-1
# corpus filings, 0.2 ms per filing, walking the survivors (line caches) again and again; at 20,000
# it ran twice, 0.05 ms per filing. Garbage cycles wait for at most that many objects.
_GC_THRESHOLD = (20_000, 10, 10)


@contextlib.contextmanager
def _collector_spared() -> Iterator[None]:
    """The collector tuned for a run in this process, and left as it was afterwards.

    The objects that exist before the run (modules, the libraries, the caller's data) are frozen
    out of its reach, so each full collection does not walk them again; they return to it after
    the run. A process that froze its objects itself (a forking server) is left as it is."""
    threshold = gc.get_threshold()
    gc.set_threshold(*_GC_THRESHOLD)
    freeze = not gc.get_freeze_count()
    if freeze:
        gc.freeze()
    try:
        yield
    finally:
        if freeze:
            gc.unfreeze()
        gc.set_threshold(*threshold)


def _worker_init() -> None:
    # Ctrl-C goes to the whole process group: the parent handles it (writes what is done and
    # stops the pool); workers ignoring it keeps their tracebacks off the terminal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    preload()  # once per worker, not on its first filing
    # What the worker holds from here on (modules, the parent's objects it forked with) is never
    # garbage: frozen, the collector skips it (and so does not touch, and copy, the memory pages
    # shared with the parent).
    gc.freeze()
    gc.set_threshold(*_GC_THRESHOLD)


def _new_pool(workers: int) -> ProcessPoolExecutor:
    # The platform's default start method: fork on Linux up to Python 3.13 (workers start in
    # milliseconds with the pipeline already imported), forkserver/spawn elsewhere (which import it).
    return ProcessPoolExecutor(workers, initializer=_worker_init)


def _kill_pool(executor: ProcessPoolExecutor) -> None:
    """Stop a pool now. `shutdown(wait=False)` alone leaves the workers finishing their tasks (up to
    the per-filing timeout each), and the interpreter joins them at exit, so Ctrl-C would wait for
    every filing in flight. Their results are not wanted: those filings are simply redone."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        with contextlib.suppress(Exception):
            p.kill()
    for p in processes:
        with contextlib.suppress(Exception):
            p.join(5)


def run_pool(jobs: Sequence[Job], workers: int, task_size: int | None, analyzer: Analyzer | None,
             timeout: float | None) -> Generator[Packed | Result, None, None]:
    """Results in completion order, a task's files packed together (`Packed`). In flight: at most 4
    tasks per worker, so memory is bounded.

    A dead worker breaks the whole pool and fails every future in flight, so which file killed it is
    unknown. Those files are queued again as *suspects*, run one at a time in a fresh pool: a suspect
    that breaks the pool again is the culprit and is recorded as failed; the rest go through.
    """
    queue: deque[tuple[tuple[Job, ...], bool]] = deque((task, False) for task in tasks(jobs, task_size, workers))
    max_inflight = workers * 4
    if multiprocessing.get_context().get_start_method() == "fork":
        preload()  # imported once here, the forked workers start with it
    executor = _new_pool(workers)
    inflight: dict[Future[Packed], tuple[tuple[Job, ...], bool]] = {}
    finished = False
    try:
        while queue or inflight:
            while queue and len(inflight) < max_inflight and not any(alone for _, alone in inflight.values()):
                task, suspect = queue[0]
                if suspect and inflight:
                    break  # suspects run alone, so a crash points at exactly one file
                queue.popleft()
                inflight[executor.submit(process_packed, task, analyzer, timeout)] = (task, suspect)
                if suspect:
                    break
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                task, suspect = inflight.pop(fut)
                try:
                    packed = fut.result()
                except BrokenProcessPool:
                    broken = True
                    if suspect:
                        yield crash_row(task[0], "the worker process died while running this filing alone "
                                                 "(a crash in native code, or killed: out of memory?)")
                    else:
                        queue.extendleft(((job,), True) for job in reversed(task))
                    continue
                except Exception as exc:  # noqa: BLE001 - e.g. a result that does not pickle
                    for job in task:
                        yield crash_row(job, f"{type(exc).__name__}: {exc}", stage="pool",
                                        error_type=type(exc).__name__)
                    continue
                yield packed
            if broken:
                # Everything still in flight died with the pool; requeue it as suspects, then start over.
                for fut, (task, _suspect) in inflight.items():
                    fut.cancel()
                    queue.extendleft(((job,), True) for job in reversed(task))
                inflight.clear()
                executor.shutdown(wait=True, cancel_futures=True)
                executor = _new_pool(workers)
        finished = True
    finally:
        if finished:
            executor.shutdown(wait=True)
        else:  # Ctrl-C, an error in the consumer, or the consumer closing us early
            _kill_pool(executor)
