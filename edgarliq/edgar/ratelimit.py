"""One request rate for every edgarliq process of a user, and one download per URL at a time.

SEC counts requests per address, not per process: four edgarliq processes with a limiter each
would send four times the rate. So the schedule lives in a small file that every process shares,
under an exclusive ``fcntl.flock``: a caller locks it, reads the time of the next free slot
and, if that time has come, writes back now plus one interval and goes; otherwise it unlocks and
sleeps until then. Requests therefore start at least ``slack/rate`` seconds apart machine-wide,
whatever the number of processes and threads; that is a token bucket of depth one, and it never
bursts.

The file is the user's, not the cache's: ``$EDGARLIQ_RATE_FILE``, else ``rate-limit`` in the
user's default cache directory (e.g. ``~/.cache/edgarliq/rate-limit``). It does not follow
``--cache-dir``, so that processes using different caches still share one rate. Where
``fcntl`` is not available (Windows) or the file cannot be created, the limit is per process
(and a warning says so).

`url_lock` serialises downloads of one URL through a lock file in the cache directory, so
concurrent fetches of the same URL (threads or processes) wait for the first and then read its
body from the cache instead of downloading it again.

No import of requests here: the CLI imports this module to declare its options.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import logging
import math
import os
import struct
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("edgarliq.edgar")

MAX_RATE = 10.0  # SEC's ceiling, per user, in requests per second
DEFAULT_RATE = 8.0  # below the ceiling: leaves room for clock jitter and anything else the user runs
SLACK = 1.1  # slots are slack/rate apart (see RateLimiter)
# A slot further ahead than this is not a queue but a wall clock set back: start afresh.
_MAX_AHEAD = 600.0
_STATE = struct.Struct("<d")  # the shared file holds one double: the next free slot (time.time())


def rate_option(text: str) -> float:
    """argparse ``type=`` for ``--rate``: a positive number of requests/s, at most SEC's 10."""
    try:
        rate = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of requests per second") from None
    if not rate > 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of requests per second, not {text}")
    if rate > MAX_RATE:
        raise argparse.ArgumentTypeError(f"at most {MAX_RATE:g} requests/s (SEC's limit), not {text}")
    return rate


class RateLimiter:
    """Spaces request starts so that no window of one second holds more than ``rate`` of them.

    In-process only. Each caller reserves the next free slot under a lock and sleeps outside it,
    so threads queue in order without holding the lock while they wait. Slots are spaced
    ``slack/rate`` apart rather than ``1/rate``: a server timestamps requests a little after we
    send them, and that jitter could otherwise squeeze ``rate + 1`` starts into one of *its*
    seconds. The rate is passed per call so clients configured slower share the same schedule;
    the ceiling is absolute.
    """

    def __init__(self, slack: float = SLACK, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.slack = slack
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next = 0.0

    def acquire(self, rate: float = DEFAULT_RATE) -> float:
        """Block until this request may start; returns the seconds waited."""
        interval = self.slack / min(float(rate), MAX_RATE)
        with self._lock:
            now = self._clock()
            start = max(now, self._next)
            self._next = start + interval
        wait = start - now
        if wait > 0:
            self._sleep(wait)
        return wait


class SharedRateLimiter:
    """The same schedule as `RateLimiter`, kept in a file every process of the user locks in turn.

    The clock is ``time.time()``: the only clock every process reads alike. A slot more than
    ten minutes ahead can only come from the clock being set back, and is discarded.
    """

    def __init__(self, path: Path | str, slack: float = SLACK) -> None:
        self.path = Path(path)
        self.slack = slack
        self._thread_lock = threading.Lock()  # flock is per open file; one fd per process, used in turn
        self._fd: int | None = None
        self._pid = os.getpid()
        self._fallback: RateLimiter | None = None

    def _open(self) -> int | None:
        if self._fd is not None and self._pid != os.getpid():
            # A forked child shares the parent's open file, and with it the flock: its own, please.
            self._fd = None
        if self._fd is None and self._fallback is None:
            self._pid = os.getpid()
            try:
                if fcntl is None:
                    raise OSError("fcntl is not available on this platform")
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                log.warning("edgarliq: cannot share the rate limit between processes (%s: %s); "
                            "limiting this process only", self.path, exc)
                self._fallback = RateLimiter(self.slack)
        return self._fd

    def acquire(self, rate: float = DEFAULT_RATE) -> float:
        """Block until this request may start; returns the seconds waited.

        The slot is claimed when it has come, not reserved ahead: a process that wakes late
        pushes the next slot back with it, instead of landing right before the next process's
        request (which is what a server measuring one-second windows would count).
        """
        interval = self.slack / min(float(rate), MAX_RATE)
        began = time.monotonic()
        with self._thread_lock:  # one thread of this process competes at a time; the others queue here
            fd = self._open()
            if fd is None:
                assert self._fallback is not None
                return self._fallback.acquire(rate)
            while True:
                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    raw = os.pread(fd, _STATE.size, 0)
                    slot = _STATE.unpack(raw)[0] if len(raw) == _STATE.size else 0.0
                    now = time.time()
                    if math.isnan(slot) or slot > now + _MAX_AHEAD:  # NaN or a clock set back
                        slot = 0.0
                    if now >= slot:
                        os.pwrite(fd, _STATE.pack(now + interval), 0)
                        return time.monotonic() - began
                finally:
                    fcntl.flock(fd, fcntl.LOCK_UN)
                time.sleep(slot - now)


def default_rate_file() -> Path:
    env = os.environ.get("EDGARLIQ_RATE_FILE", "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs  # deferred, as in cache.default_cache_dir

    return Path(platformdirs.user_cache_dir("edgarliq")) / "rate-limit"


_shared: dict[Path, SharedRateLimiter] = {}
_shared_lock = threading.Lock()


def machine_limiter(path: Path | str | None = None) -> SharedRateLimiter:
    """The limiter shared by every client of this process and every process of the user."""
    key = Path(path) if path is not None else default_rate_file()
    with _shared_lock:
        if key not in _shared:
            _shared[key] = SharedRateLimiter(key)
        return _shared[key]


# ---------------------------------------------------------------------------------------------
# One download per URL


LOCK_DIR = ".locks"  # in the cache root; lock files are removed once released


def url_lock_path(cache_root: Path, key: str) -> Path:
    return cache_root / LOCK_DIR / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".lock")


# In-process locks by URL, with a count of users so that a long batch does not keep one per URL.
_url_thread_locks: dict[str, list] = {}
_url_thread_locks_guard = threading.Lock()


@contextlib.contextmanager
def _thread_lock_for(key: str) -> Iterator[None]:
    with _url_thread_locks_guard:
        entry = _url_thread_locks.setdefault(key, [threading.Lock(), 0])
        entry[1] += 1
    try:
        with entry[0]:
            yield
    finally:
        with _url_thread_locks_guard:
            entry[1] -= 1
            if entry[1] == 0:
                del _url_thread_locks[key]


@contextlib.contextmanager
def url_lock(cache_root: Path, key: str) -> Iterator[None]:
    """Hold the download of ``key`` (a URL) exclusively, among threads and processes.

    The lock file is deleted by its holder before release, so the lock directory stays empty.
    A waiter that then acquires the deleted file notices (its inode is no longer the one at the
    path) and locks the new file instead, so two holders can never overlap.
    """
    # Threads first queue in the process (flock would do, but a thread lock is cheaper and
    # works where flock does not), then one thread per process competes for the file.
    with _thread_lock_for(key):
        if fcntl is None:
            yield
            return
        path = url_lock_path(cache_root, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    same = os.fstat(fd).st_ino == os.stat(path).st_ino
                except FileNotFoundError:
                    same = False
                if not same:
                    continue  # the previous holder removed it while we waited: lock the new one
                try:
                    yield
                finally:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(path)
                return
            finally:
                os.close(fd)  # releases the flock
