"""The Dask engine: `process_file` on the workers of a `dask.distributed` cluster.

Each task is a handful of files and a part number; the worker reads the files itself (paths on
shared storage or fsspec URLs), runs them, and writes the task's detail parts under hidden staged
names (`dataset.stage_part`). Only the filings rows, one small dict per filing, come back to the
client, which commits the part (`Store.commit_staged`). We schedule nothing ourselves beyond a
bounded window of tasks in flight: placement, worker loss and restarts are Dask's.

A worker that dies takes its tasks with it. Dask reruns them elsewhere until a task has been on
`distributed.scheduler.allowed-failures` dead workers; then its future fails with KilledWorker and
its files are queued again as *suspects*, each run alone (nothing else in flight): a suspect that
kills a worker again is the culprit and is recorded as a ``worker`` failure, the rest go through.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import uuid
from collections import deque
from collections.abc import Callable, Generator, Sequence
from typing import Any

from edgarliq.batch.dataset import StagedPart, stage_part
from edgarliq.batch.inputs import Job
from edgarliq.batch.rows import Analyzer, Result, crash_row, process_many
from edgarliq.errors import EdgarliqError

LOCAL = "local"


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise EdgarliqError("running on Dask needs dask[distributed]: pip install 'edgarliq[cluster]'") from None
    return distributed


def connect(target: Any, workers: int | None = None) -> tuple[Any, Callable[[], None]]:
    """(client, close) for ``"local"``, a scheduler address, or a `Client` (which the caller keeps).

    ``"local"`` starts a `LocalCluster` of worker *processes* with one thread each on this machine
    (the pipeline is pure Python: threads would share one interpreter lock). A worker that dies is
    restarted by its nanny; the scheduler gives up on a task at its first dead worker
    (allowed-failures 0), because the engine's own suspect runs find the culprit faster.
    """
    distributed = _distributed()
    if isinstance(target, distributed.Client):
        return target, lambda: None
    if target == LOCAL:
        import dask

        n = max(1, workers or os.cpu_count() or 1)
        with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
            cluster = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                               host="127.0.0.1", dashboard_address=None)
        try:
            client = distributed.Client(cluster)
        except BaseException:
            cluster.close()
            raise

        def close() -> None:
            client.close()
            cluster.close()

        return client, close
    try:
        client = distributed.Client(str(target), timeout="30s")
    except OSError as exc:
        raise EdgarliqError(f"cannot reach the Dask scheduler {target}: {exc}") from None
    return client, client.close


def dask_task(jobs: Sequence[Job], out: str, fmt: str, number: int, token: str, analyzer: Analyzer | None,
              timeout: float | None) -> StagedPart:
    """What a worker runs: the files of one task, their detail parts written, the filings rows back."""
    return stage_part(out, fmt, number, token, process_many(jobs, analyzer, timeout))


def auto_task_size(n: int, threads: int, chunk_size: int) -> int:
    # A task costs the scheduler about a millisecond and the client one small filings part, so
    # tasks are larger than a pool's; still ~8 per worker thread so the last one is short.
    return max(1, min(chunk_size, n // (threads * 8) or 1))


_WATCH_INTERVAL = 1.0  # seconds between looks for hung tasks
_GRACE = 10.0  # seconds past its time limits before a task's worker is ended (5 for short limits)


class _HangWatch:
    """Ends the worker of a task hung past any doubt: the per-filing limit enforced inside the
    worker could not interrupt it (native code). The clock of a task starts when the scheduler is
    first seen to have it on a worker, and starts again should it move (a restarted worker), so a
    task waiting for a worker is never taken for a hung one. A worker holds at most two tasks at a
    time (one running, one queued), hence twice the limit unless the task runs alone."""

    def __init__(self, client: Any, timeout: float | None) -> None:
        self.client, self.timeout = client, timeout
        # Room for a fresh worker's first task (imports) and the scheduler's delays; the limit
        # itself is enforced inside the worker, this only catches what it cannot interrupt.
        self.grace = min(_GRACE, max(5.0, timeout or 0.0))
        self.seen: dict[str, tuple[str, float]] = {}  # key -> (worker, first seen there)
        self.ended: set[str] = set()  # keys whose worker was ended for hanging
        self.last = time.monotonic()

    def check(self, inflight: dict[Any, tuple[tuple[Job, ...], bool]]) -> None:
        now = time.monotonic()
        if not self.timeout or now - self.last < _WATCH_INTERVAL:
            return
        self.last = now
        limits = {fut.key: self.timeout * len(task) * (1 if alone else 2) + self.grace
                  for fut, (task, alone) in inflight.items()}
        hung: set[str] = set()
        for worker, keys in self.client.processing().items():
            for key in keys:
                if key not in limits:
                    continue
                where, since = self.seen.get(key, (None, now))
                if where != worker:
                    self.seen[key] = (worker, now)
                elif now - since > limits[key]:
                    hung.add(worker)
                    self.ended.add(key)
        for key in [k for k in self.seen if k not in limits]:
            del self.seen[key]
        if hung:
            _end_workers(self.client, sorted(hung))


def _end_workers(client: Any, addresses: list[str]) -> None:
    """End worker processes at once, as a crash would, so their nannies start fresh ones.
    (restart_workers() would wait for the hung thread to finish closing, which it never does.)
    A worker on this machine gets SIGKILL; a remote one ends itself from its event loop, which
    is not the thread that hangs."""
    info = client.scheduler_info().get("workers", {})
    remote = []
    for addr in addresses:
        pid = info.get(addr, {}).get("pid")
        host = addr.split("://", 1)[-1].rsplit(":", 1)[0]
        if pid and host in ("127.0.0.1", "localhost", "::1", "[::1]"):
            with contextlib.suppress(OSError):
                os.kill(int(pid), signal.SIGKILL)
        else:
            remote.append(addr)
    if remote:
        client.run(_end_worker, workers=remote, on_error="ignore")


def _end_worker() -> None:
    os._exit(70)


def new_token() -> str:
    """This run's mark on its staged files: a leftover worker of a killed run never collides with it."""
    return uuid.uuid4().hex[:12]


def run_dask(jobs: Sequence[Job], client: Any, reserve: Callable[[], int], out: str, fmt: str, token: str,
             task_size: int, analyzer: Analyzer | None, timeout: float | None,
             ) -> Generator[StagedPart | Result, None, None]:
    """Staged parts (and crash rows) in completion order. `reserve()` gives a part number per task."""
    distributed = _distributed()
    threads = max(1, sum(client.nthreads().values()))
    max_inflight = threads * 3
    queue: deque[tuple[tuple[Job, ...], bool]] = deque(
        (tuple(jobs[i:i + task_size]), False) for i in range(0, len(jobs), task_size))
    inflight: dict[Any, tuple[tuple[Job, ...], bool]] = {}
    watch = _HangWatch(client, timeout)
    try:
        while queue or inflight:
            while queue and len(inflight) < max_inflight and not any(alone for _, alone in inflight.values()):
                task, suspect = queue[0]
                if suspect and inflight:
                    break  # suspects run alone, so a dead worker points at exactly one file
                queue.popleft()
                number = reserve()
                fut = client.submit(dask_task, task, out, fmt, number, token, analyzer, timeout,
                                    key=f"edgarliq-{token}-{number}", pure=False)
                inflight[fut] = (task, suspect)
                if suspect:
                    break
            watch.check(inflight)
            try:
                done = distributed.wait(list(inflight), timeout=_WATCH_INTERVAL, return_when="FIRST_COMPLETED").done
            except TimeoutError:
                continue
            for fut in done:
                task, suspect = inflight.pop(fut)
                if fut.status == "finished":
                    part = fut.result()
                    fut.release()
                    yield part
                    continue
                exc = fut.exception()
                fut.release()
                if isinstance(exc, distributed.KilledWorker):
                    if suspect and fut.key in watch.ended:
                        yield crash_row(task[0], f"no result after {timeout:g} s, and the time limit could not "
                                                 "interrupt it (native code?): its worker was restarted",
                                        stage="timeout", error_type="FilingTimeout")
                    elif suspect:
                        yield crash_row(task[0], "the worker process died while running this filing alone "
                                                 "(a crash in native code, or killed: out of memory?)")
                    else:
                        queue.extendleft(((job,), True) for job in reversed(task))
                    continue
                for job in task:  # e.g. storage the worker cannot write, or a result that does not pickle
                    yield crash_row(job, f"{type(exc).__name__}: {exc}", stage="cluster",
                                    error_type=type(exc).__name__)
    finally:
        if inflight:  # Ctrl-C or an error: stop what is queued; their staged files are cleaned at the next start
            client.cancel(list(inflight), force=True)
