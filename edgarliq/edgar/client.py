"""The one HTTP seam to EDGAR: every request edgarliq makes goes through `EdgarClient.get_bytes`.

SEC's fair-access rules (see docs: shared edgar-formats.md, part C) are enforced here, in one
place, so no caller can forget them:

- a declared User-Agent ("Name email@domain") on every request, or no request at all;
- at most 10 requests per second for the whole machine: one schedule shared by every client,
  thread and edgarliq process of the user (ratelimit.py), and one download per URL at a time;
- a 403 block page is never retried (retrying extends SEC's ~10 minute block), nor is a host
  name that does not resolve;
- bounded retries with exponential back-off and jitter for what is transient (connection errors,
  timeouts, 429 honouring Retry-After, 5xx, truncated bodies);
- a deadline: one fetch (connecting, headers, body, retries and back-off together) ends within
  ``deadline`` seconds whatever the server does, and a body slower than ``min_rate`` bytes/s
  over any ``rate_window`` seconds is abandoned (a trickling server cannot hold us for days);
- bodies are checked (bodies.py: a submission starts and ends like one, JSON parses, an index has
  its header) before anyone, the cache included, gets to see them.
"""

from __future__ import annotations

import contextlib
import email.utils
import json
import logging
import os
import random
import shutil
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from edgarliq import lazyre
from edgarliq.edgar.bodies import HEAD_BYTES, TRUNCATED, body_problem, html_title, looks_like_html
from edgarliq.edgar.cache import DEFAULT_TTL, Cache, atomic_write, default_cache_dir
from edgarliq.edgar.ratelimit import (
    DEFAULT_RATE,
    MAX_RATE,
    RateLimiter,
    SharedRateLimiter,
    machine_limiter,
    url_lock,
)
from edgarliq.errors import EdgarliqError

log = logging.getLogger("edgarliq.edgar")

DEFAULT_WWW_BASE = "https://www.sec.gov"
DEFAULT_DATA_BASE = "https://data.sec.gov"
MAX_REDIRECTS = 5
# One fetch of one URL, everything included, ends within DEFAULT_DEADLINE seconds; a body must
# arrive at DEFAULT_MIN_RATE bytes/s or more over every RATE_WINDOW seconds. SEC serves MBs a
# second, so neither bites a healthy download; a 100 MB filing needs ~350 KB/s to fit.
DEFAULT_DEADLINE = 300.0
DEFAULT_MIN_RATE = 1024.0
DEFAULT_RATE_WINDOW = 10.0
# The largest body one fetch may hold in memory (decoded: a gzip bomb counts at its inflated size).
# EDGAR's full submissions reach a few hundred MB with their exhibits and graphics; more than this
# is refused, not read, so a hostile or broken server cannot exhaust memory.
DEFAULT_MAX_BYTES = 1 << 30
PROGRESS_MIN_BYTES = 1 << 20  # progress bars only for bodies of 1 MiB or more (or of unknown size)

_EMAIL = lazyre.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_ACCESSION = lazyre.compile(r"^(\d{10})-?(\d{2})-?(\d{6})$")
_BLOCK_MARKERS = ("request rate threshold exceeded", "undeclared automated tool")


# ---------------------------------------------------------------------------------------------
# Errors. Each names the URL, the HTTP status when there was one, and the cause.


class EdgarError(EdgarliqError):
    """A request to EDGAR that did not give us a usable body."""

    def __init__(self, url: str, cause: str, status: int | None = None) -> None:
        self.url, self.cause, self.status = url, cause, status
        where = f"{url}: HTTP {status}" if status is not None else url
        super().__init__(f"{where}: {cause}" if where else cause)


class UserAgentError(EdgarError):
    """No usable User-Agent: SEC answers undeclared tools with 403, so we do not even try."""

    def __init__(self, cause: str) -> None:
        super().__init__(
            "",
            f"{cause}. SEC requires a User-Agent naming you and a contact email, e.g. "
            "--user-agent 'Jane Doe jane@example.com' or EDGARLIQ_USER_AGENT='Jane Doe jane@example.com'",
        )


class ConfigError(EdgarError):
    """An option that cannot be honoured (a rate of zero, a missing destination...)."""

    def __init__(self, cause: str) -> None:
        super().__init__("", cause)


class NotFoundError(EdgarError):
    """404, or the S3 ``NoSuchKey`` XML EDGAR sometimes serves instead."""


class BlockedError(EdgarError):
    """SEC's 403 'Request Rate Threshold Exceeded' / 'Undeclared Automated Tool' page."""


class BadResponseError(EdgarError):
    """A response with status 200 whose body is unusable (empty, truncated, an HTML error page)."""


# ---------------------------------------------------------------------------------------------
# Rate limiting


def check_rate(rate: float | None) -> float:
    """The rate to use: default 8/s; above SEC's 10/s is clamped (with a warning), never honoured."""
    if rate is None:
        rate = _env_float("EDGARLIQ_RATE", DEFAULT_RATE)
    rate = float(rate)
    if not rate > 0:
        raise ConfigError(f"--rate must be a positive number of requests per second, not {rate:g}")
    if rate > MAX_RATE:
        # Logged, not warnings.warn: one plain line on stderr for CLI users (logging's last resort).
        log.warning("edgarliq: rate %g/s exceeds SEC's fair-access limit of %g requests per second; using %g/s",
                    rate, MAX_RATE, MAX_RATE)
        rate = MAX_RATE
    return rate


# A limiter for this process alone (tests and callers that want one). The default limiter of
# every client is `machine_limiter()`: SEC counts requests per address, not per process.
PROCESS_LIMITER = RateLimiter()
__all__ = ["RateLimiter", "SharedRateLimiter", "PROCESS_LIMITER", "MAX_RATE", "DEFAULT_RATE"]


# ---------------------------------------------------------------------------------------------
# Helpers


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ConfigError(f"${name} must be a number, not {value!r}") from None


def validate_user_agent(value: str | None) -> str:
    value = (value or "").strip()
    if not value:
        raise UserAgentError("no User-Agent declared")
    if not _EMAIL.search(value):
        raise UserAgentError(f"User-Agent {value!r} has no contact email")
    return value


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date; None if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def normalize_accession(value: str) -> str:
    """``0000320193-97-000014`` from that or ``000032019397000014``."""
    m = _ACCESSION.match(value.strip())
    if not m:
        raise ConfigError(f"accession number {value!r} is not of the form 0000320193-97-000014")
    return "-".join(m.groups())


def _name_resolution_failure(exc: BaseException) -> bool:
    """Whether a connection error is a host name that did not resolve (retrying cannot help)."""
    seen: set[int] = set()
    todo: list[Any] = [exc]
    while todo:
        e = todo.pop()
        if not isinstance(e, BaseException) or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, socket.gaierror) or type(e).__name__ == "NameResolutionError":
            return True
        todo += [e.__cause__, e.__context__, getattr(e, "reason", None), *e.args]
    return False


# ---------------------------------------------------------------------------------------------
# Deadline: a watchdog that ends an attempt wherever it is blocked


_current = threading.local()  # the watchdog of the attempt running in this thread


class _Watchdog:
    """At the deadline, shuts down the socket of the attempt (connecting, in headers or in body).

    A socket timeout bounds each read, not their sum: a server that sends one byte a second
    never trips it. Shutting the socket down from another thread makes the blocked read return
    at once, wherever requests or urllib3 are inside it.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = max(0.0, seconds)
        self.conn: Any = None  # set by _TrackedPool when the attempt takes a connection
        self.fired = False
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="edgarliq-deadline", daemon=True)

    def __enter__(self) -> _Watchdog:
        _current.watchdog = self
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        _current.watchdog = None

    def _run(self) -> None:
        if self._done.wait(self.seconds):
            return
        self.fired = True
        while not self._done.is_set():  # the socket may not exist yet (still resolving or connecting)
            sock = getattr(self.conn, "sock", None)
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                return
            self._done.wait(0.05)


def _track(conn: Any) -> Any:
    watchdog = getattr(_current, "watchdog", None)
    if watchdog is not None:
        watchdog.conn = conn
    return conn


class _TrackedHTTPPool(HTTPConnectionPool):
    def _get_conn(self, timeout: float | None = None) -> Any:
        return _track(super()._get_conn(timeout))


class _TrackedHTTPSPool(HTTPSConnectionPool):
    def _get_conn(self, timeout: float | None = None) -> Any:
        return _track(super()._get_conn(timeout))


_TRACKED_POOLS = {"http": _TrackedHTTPPool, "https": _TrackedHTTPSPool}


class _DeadlineAdapter(HTTPAdapter):
    """requests' adapter, with pools that tell the watchdog which connection an attempt uses."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _TRACKED_POOLS

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **kwargs)
        if not proxy.lower().startswith("socks"):  # SOCKS pools are their own classes: leave them
            manager.pool_classes_by_scheme = _TRACKED_POOLS
        return manager


# ---------------------------------------------------------------------------------------------
# The client


class _Retryable(Exception):
    """Internal: this attempt failed in a way worth another try."""

    def __init__(self, error: EdgarError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error, self.retry_after = error, retry_after


class _Redirect(Exception):  # noqa: N818 - control flow, not an error
    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


class EdgarClient:
    """HTTP access to EDGAR, the fair-access way. Safe to share between threads and processes.

    Options fall back to environment variables: ``EDGARLIQ_USER_AGENT``, ``EDGARLIQ_WWW_BASE``,
    ``EDGARLIQ_DATA_BASE``, ``EDGARLIQ_CACHE_DIR``, ``EDGARLIQ_CACHE_TTL``, ``EDGARLIQ_RATE``,
    ``EDGARLIQ_DEADLINE``, ``EDGARLIQ_MAX_BYTES``; the shared rate schedule is ``EDGARLIQ_RATE_FILE``
    (ratelimit.py).

    ``deadline``: seconds one fetch of one URL may take in all (connecting, waiting for the
    headers, reading the body, redirects, retries and back-off; not the wait for a rate-limit
    slot, which is ours). ``timeout`` (connect, read) bounds each connect and each socket read
    within it. ``min_rate``: bytes per second the body must arrive at, measured over every
    ``rate_window`` seconds; slower is abandoned (and retried while the deadline allows).
    ``max_bytes``: the largest body accepted (decoded); a larger one is refused, not retried.
    """

    def __init__(
        self,
        user_agent: str | None = None,
        *,
        rate: float | None = None,
        www_base: str | None = None,
        data_base: str | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
        use_cache: bool = True,
        cache_ttl: float | None = None,
        timeout: float | tuple[float, float] = (10.0, 60.0),
        deadline: float | None = None,
        min_rate: float = DEFAULT_MIN_RATE,
        rate_window: float = DEFAULT_RATE_WINDOW,
        max_bytes: int | None = None,
        retries: int = 4,
        backoff_base: float = 1.0,
        backoff_cap: float = 60.0,
        max_retry_after: float = 600.0,
        limiter: RateLimiter | SharedRateLimiter | None = None,
        progress: bool | None = None,
    ) -> None:
        self.user_agent = validate_user_agent(user_agent or os.environ.get("EDGARLIQ_USER_AGENT"))
        self.rate = check_rate(rate)
        self.www_base = (www_base or os.environ.get("EDGARLIQ_WWW_BASE") or DEFAULT_WWW_BASE).rstrip("/")
        self.data_base = (data_base or os.environ.get("EDGARLIQ_DATA_BASE") or DEFAULT_DATA_BASE).rstrip("/")
        if cache_ttl is None:
            cache_ttl = _env_float("EDGARLIQ_CACHE_TTL", DEFAULT_TTL)
        self.cache: Cache | None = (
            Cache(Path(cache_dir) if cache_dir else default_cache_dir(), cache_ttl) if use_cache else None
        )
        self.timeout = timeout
        self.deadline = float(deadline) if deadline is not None else _env_float("EDGARLIQ_DEADLINE", DEFAULT_DEADLINE)
        if not self.deadline > 0:
            raise ConfigError(f"the deadline must be a positive number of seconds, not {self.deadline:g}")
        self.min_rate = float(min_rate)
        self.rate_window = float(rate_window)
        if max_bytes is None:
            max_bytes = int(_env_float("EDGARLIQ_MAX_BYTES", DEFAULT_MAX_BYTES))
        self.max_bytes = int(max_bytes)
        if self.max_bytes <= 0:
            raise ConfigError(f"the body size limit must be a positive number of bytes, not {self.max_bytes}")
        self.retries = max(0, int(retries))
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.max_retry_after = max_retry_after
        self.limiter = limiter or machine_limiter()
        self.progress = progress
        self._local = threading.local()  # one Session per thread: Session is not documented thread-safe
        self.requests_made = 0  # attempts sent, for callers and tests that want to count
        self._count_lock = threading.Lock()

    # -- URLs

    def www_url(self, path: str) -> str:
        return f"{self.www_base}/{path.lstrip('/')}"

    def data_url(self, path: str) -> str:
        return f"{self.data_base}/{path.lstrip('/')}"

    def archive_urls(self, cik: int, accession: str) -> list[str]:
        """Both layouts of a full submission: the folder one (works for every year), then the old flat one."""
        acc = normalize_accession(accession)
        return [
            self.www_url(f"Archives/edgar/data/{int(cik)}/{acc.replace('-', '')}/{acc}.txt"),
            self.www_url(f"Archives/edgar/data/{int(cik)}/{acc}.txt"),
        ]

    # -- requests

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            adapter = _DeadlineAdapter()
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            # SEC's own sample request shows exactly these two headers.
            session.headers.update({"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"})
            self._local.session = session
        return session

    def _drop_session(self) -> None:
        # After the watchdog shut a socket down, start from fresh connections.
        session = getattr(self._local, "session", None)
        self._local.session = None
        if session is not None:
            session.close()

    def get_bytes(self, url: str, *, use_cache: bool = True) -> bytes:
        """The body at ``url``: from the cache when fresh and valid (no request), else fetched, checked, cached.

        Concurrent calls for the same URL, in threads or in other processes sharing the cache,
        wait for the first one and then read its body from the cache.
        """
        cache = self.cache if use_cache else None
        if cache is None:
            return self._fetch(url)
        cached = cache.get(url)
        if cached is not None:
            log.debug("cache hit %s", url)
            return cached
        with url_lock(cache.root, url):
            cached = cache.get(url)  # fetched by whoever held the lock before us
            if cached is not None:
                return cached
            body = self._fetch(url)
            cache.put(url, body)
            return body

    def get_json(self, url: str) -> Any:
        return json.loads(self.get_bytes(url))

    def get_text(self, url: str) -> str:
        # Index files are ASCII in practice; latin-1 never fails on the odd byte in a company name.
        return self.get_bytes(url).decode("latin-1")

    def _fetch(self, url: str) -> bytes:
        """Follow redirects ourselves: each hop is a request and must pass the rate limiter too.

        The body is checked against what ``url`` (not the redirect target) names, and the whole
        fetch, every hop and retry, shares one deadline.
        """
        budget = _Budget(self.deadline)
        target = url
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                return self._fetch_one(target, url, budget)
            except _Redirect as redirect:
                target = urljoin(target, redirect.location)
        raise EdgarError(url, f"more than {MAX_REDIRECTS} redirects (last to {target})")

    def _fetch_one(self, url: str, asked: str, budget: _Budget) -> bytes:
        last: EdgarError | None = None
        for attempt in range(self.retries + 1):
            try:
                return self._attempt(url, asked, budget)
            except _Retryable as exc:
                last = exc.error
                if attempt == self.retries:
                    break
                delay = min(self.backoff_cap, self.backoff_base * 2**attempt)
                delay *= random.uniform(0.5, 1.0)  # jitter: threads that failed together retry apart
                if exc.retry_after is not None:
                    if exc.retry_after > self.max_retry_after:
                        raise EdgarError(url, f"server asks us to wait {exc.retry_after:.0f}s (Retry-After), "
                                              f"longer than the {self.max_retry_after:.0f}s we wait; try again later",
                                         last.status) from None
                    delay = max(delay, exc.retry_after)
                if delay >= budget.left():
                    raise EdgarError(url, f"{last.cause}; no time left to retry within the {self.deadline:g}s "
                                          "deadline", last.status) from None
                log.warning("edgarliq: %s; retrying in %.1fs (attempt %d of %d)", last, delay, attempt + 2,
                            self.retries + 1)
                time.sleep(delay)
        assert last is not None
        tries = self.retries + 1
        raise EdgarError(url, f"gave up after {tries} attempt{'s' * (tries > 1)}: {last.cause}", last.status)

    def _timeouts(self, left: float) -> tuple[float, float]:
        connect, read = self.timeout if isinstance(self.timeout, tuple) else (self.timeout, self.timeout)
        return max(0.01, min(float(connect), left)), max(0.01, min(float(read), left))

    def _attempt(self, url: str, asked: str, budget: _Budget) -> bytes:
        budget.pause(self.limiter.acquire(self.rate))  # our own politeness does not count against the server
        left = budget.left()
        if left <= 0:
            raise EdgarError(url, f"deadline of {self.deadline:g}s passed")
        with self._count_lock:
            self.requests_made += 1
        with _Watchdog(left) as watchdog:
            try:
                return self._exchange(url, asked, budget, watchdog)
            except (_Retryable, EdgarError) as exc:
                error = exc.error if isinstance(exc, _Retryable) else exc
                if not watchdog.fired or error.cause.startswith("deadline"):
                    raise
                self._drop_session()
                raise EdgarError(url, f"deadline of {self.deadline:g}s passed before the response was complete "
                                      f"({error.cause})", error.status) from None

    def _exchange(self, url: str, asked: str, budget: _Budget, watchdog: _Watchdog) -> bytes:
        try:
            resp = self._session().get(url, timeout=self._timeouts(budget.left()), stream=True,
                                       allow_redirects=False)
        except requests.Timeout as exc:
            raise _Retryable(EdgarError(url, f"timed out ({exc.__class__.__name__})")) from exc
        except requests.ConnectionError as exc:
            if _name_resolution_failure(exc) and not watchdog.fired:
                host = urlsplit(url).hostname or url
                raise EdgarError(url, f"cannot resolve the host name {host!r}: check the address "
                                      "(--www-base/--data-base) and the network (not retried)") from None
            raise _Retryable(EdgarError(url, f"connection failed: {_short(exc)}")) from exc
        except requests.RequestException as exc:  # invalid URL and the like: retrying cannot help
            raise EdgarError(url, f"request failed: {_short(exc)}") from exc
        with resp:
            status = resp.status_code
            try:
                body = self._read(resp, url, budget) if status == 200 else self._read(resp, url, budget, 65536)
            except (urllib3.exceptions.HTTPError, requests.RequestException, OSError) as exc:
                # urllib3 raises IncompleteRead (a ProtocolError) when fewer bytes than Content-Length arrive.
                raise _Retryable(BadResponseError(url, f"body truncated or interrupted: {_short(exc)}", status)) \
                    from exc
            if status in (200, 403, 404) and _is_s3_no_such_key(body):
                raise NotFoundError(url, "not found (S3 NoSuchKey)", status)
            if status == 200:
                self._check_body(url, asked, body)
                return body
            if status == 404:
                raise NotFoundError(url, "not found", status)
            if status in (301, 302, 303, 307, 308) and resp.headers.get("Location"):
                raise _Redirect(resp.headers["Location"])
            lower = body.lower()
            if status == 403 or any(m.encode() in lower for m in _BLOCK_MARKERS):
                if any(m.encode() in lower for m in _BLOCK_MARKERS):
                    raise BlockedError(
                        url,
                        f"SEC refused the request ({html_title(body) or 'blocked'}): check that the User-Agent "
                        f"{self.user_agent!r} names you and a real contact email and that --rate is at most "
                        "10/s; SEC blocks for about 10 minutes, so wait before trying again (not retried)",
                        status,
                    )
                raise EdgarError(url, "forbidden (not retried)", status)
            if status == 429 or 500 <= status < 600:
                reason = "too many requests" if status == 429 else (resp.reason or "server error")
                raise _Retryable(EdgarError(url, reason, status), parse_retry_after(resp.headers.get("Retry-After")))
            raise EdgarError(url, resp.reason or "unexpected status", status)

    def _read(self, resp: requests.Response, url: str, budget: _Budget, limit: int | None = None) -> bytes:
        """The body, read as it arrives (read1: one socket read per call), within the deadline and above the rate.

        ``limit``: stop after this many bytes (error pages: enough to recognise them).
        """
        raw = resp.raw
        encoded = resp.headers.get("Content-Encoding", "identity").lower() not in ("", "identity")
        length = resp.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() and not encoded else None
        if limit is None and total is not None and total > self.max_bytes:
            raise EdgarError(url, f"the body is {total:,} bytes (Content-Length), more than the limit of "
                                  f"{self.max_bytes:,} bytes (EDGARLIQ_MAX_BYTES); not read", resp.status_code)
        show = limit is None and (self.progress if self.progress is not None else sys.stderr.isatty())
        bar = None
        if show and (total is None or total >= PROGRESS_MIN_BYTES):
            from tqdm import tqdm

            bar = tqdm(total=total, unit="B", unit_scale=True, leave=False, file=sys.stderr,
                       desc=urlsplit(url).path.rsplit("/", 1)[-1])
        read = getattr(raw, "read1", None) or raw.read  # urllib3 < 2.3 has no read1: bounded by the watchdog
        chunks: list[bytes] = []
        size = 0
        window_start, window_bytes = time.monotonic(), raw.tell()
        try:
            while True:
                chunk = read(1 << 16, decode_content=True)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if bar is not None:
                    bar.update(len(chunk))
                if limit is not None and size >= limit:
                    break
                if size > self.max_bytes:
                    raise EdgarError(url, f"the body passed the limit of {self.max_bytes:,} bytes "
                                          "(EDGARLIQ_MAX_BYTES) while it was read; abandoned", resp.status_code)
                now = time.monotonic()
                if budget.left() <= 0:
                    raise EdgarError(url, f"deadline of {self.deadline:g}s passed after {raw.tell():,} bytes of "
                                          "the body", resp.status_code)
                if now - window_start >= self.rate_window:
                    got = raw.tell() - window_bytes
                    if got < self.min_rate * (now - window_start):
                        raise _Retryable(BadResponseError(
                            url, f"transfer too slow: {got:,} bytes in the last {now - window_start:.1f}s, below "
                                 f"the minimum of {self.min_rate:,.0f} bytes/s", resp.status_code))
                    window_start, window_bytes = now, raw.tell()
        finally:
            if bar is not None:
                bar.close()
        body = b"".join(chunks)
        if limit is None and total is not None and len(body) < total:
            # Belt and braces: urllib3 normally raises IncompleteRead itself.
            raise _Retryable(BadResponseError(url, f"body truncated: {len(body)} of {total} bytes", 200))
        return body

    def _check_body(self, url: str, asked: str, body: bytes) -> None:
        head = body[:HEAD_BYTES]
        if body and looks_like_html(head) and any(m.encode() in head.lower() for m in _BLOCK_MARKERS):
            raise BlockedError(url, f"SEC block page served with status 200 ({html_title(head)}); check the "
                                    "User-Agent and wait about 10 minutes", 200)
        problem = body_problem(asked, body)
        if problem is None:
            return
        if problem.startswith(TRUNCATED):
            # No Content-Length, and the server closed early: transient, like any dropped connection.
            raise _Retryable(BadResponseError(url, problem, 200))
        raise BadResponseError(url, problem, 200)

    # -- downloads

    def download(self, cik: int, accession: str, out_dir: str | os.PathLike[str] | None = None) -> Path:
        """Save a full submission ``.txt``; returns its path (in ``out_dir``, else in the cache).

        The folder layout is tried first and the old flat one on 404, whichever EDGAR serves.
        The cache key is always the folder-layout URL, so a hit needs no request at all; a
        cached file that is not a whole submission is fetched again. Concurrent downloads of
        one filing (threads or processes sharing the cache) wait for the first.
        """
        acc = normalize_accession(accession)
        urls = self.archive_urls(cik, acc)
        target = Path(out_dir) / f"{acc}.txt" if out_dir is not None else None
        if self.cache is None and target is None:
            raise ConfigError("the cache is disabled (--no-cache): give a directory to save the filing into (--out)")
        if self.cache is None:
            return atomic_write(target, self._download_body(cik, acc, urls))  # type: ignore[arg-type]
        cached = self.cache.valid_path(urls[0])
        if cached is None:
            with url_lock(self.cache.root, urls[0]):
                cached = self.cache.valid_path(urls[0])  # downloaded by whoever held the lock before us
                if cached is None:
                    cached = self.cache.put(urls[0], self._download_body(cik, acc, urls))
        if target is None:
            return cached
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.copy.part")
        try:
            shutil.copyfile(cached, tmp)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        return target

    def _download_body(self, cik: int, acc: str, urls: list[str]) -> bytes:
        misses: list[str] = []
        for url in urls:
            try:
                return self._fetch(url)
            except NotFoundError:
                misses.append(url)
        raise NotFoundError(urls[0], f"filing {acc} of CIK {int(cik)} not found (tried {', '.join(misses)})", 404)


class _Budget:
    """What is left of one fetch's deadline; time spent waiting for our own rate limiter is given back."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def pause(self, waited: float) -> None:
        self.end += max(0.0, waited)

    def left(self) -> float:
        return self.end - time.monotonic()


def _is_s3_no_such_key(body: bytes) -> bool:
    """S3's XML error for a missing key, which EDGAR serves for some missing files."""
    head = body[:2048].lstrip()
    return head.startswith((b"<?xml", b"<Error")) and b"<Code>NoSuchKey</Code>" in head


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:197] + "..."
