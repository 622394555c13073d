"""The one HTTP seam to EDGAR: every request edgarliq makes goes through `EdgarClient.get_bytes`.

SEC's fair-access rules (see docs: shared edgar-formats.md, part C) are enforced here, in one
place, so no caller can forget them:

- a declared User-Agent ("Name email@domain") on every request, or no request at all;
- at most 10 requests per second for the whole process: one limiter shared by every client
  and every thread;
- a 403 block page is never retried (retrying extends SEC's ~10 minute block);
- bounded retries with exponential back-off and jitter for what is transient (connection errors,
  timeouts, 429 honouring Retry-After, 5xx, truncated bodies);
- bodies are checked (empty, truncated, an HTML error page served with 200) before anyone, the
  cache included, gets to see them.
"""

from __future__ import annotations

import email.utils
import json
import logging
import os
import random
import re
import shutil
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from edgarliq.edgar.cache import DEFAULT_TTL, Cache, atomic_write, default_cache_dir
from edgarliq.errors import EdgarliqError

log = logging.getLogger("edgarliq.edgar")

DEFAULT_WWW_BASE = "https://www.sec.gov"
DEFAULT_DATA_BASE = "https://data.sec.gov"
MAX_RATE = 10.0  # SEC's ceiling, per user, in requests per second
DEFAULT_RATE = 8.0  # below the ceiling: leaves room for clock jitter and anything else the user runs
MAX_REDIRECTS = 5
PROGRESS_MIN_BYTES = 1 << 20  # progress bars only for bodies of 1 MiB or more (or of unknown size)

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_ACCESSION = re.compile(r"^(\d{10})-?(\d{2})-?(\d{6})$")
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


class RateLimiter:
    """Spaces request starts so that no window of one second holds more than ``rate`` of them.

    Each caller reserves the next free slot under a lock and sleeps outside it, so threads queue
    in order without holding the lock while they wait. Slots are spaced ``slack/rate`` apart
    rather than ``1/rate``: a server timestamps requests a little after we send them, and that
    jitter could otherwise squeeze ``rate + 1`` starts into one of *its* seconds. The rate is
    passed per call so clients configured slower share the same schedule; the ceiling is absolute.
    """

    def __init__(self, slack: float = 1.05, clock: Callable[[], float] = time.monotonic,
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


# One limiter for the whole process: SEC counts requests per user, not per client object.
PROCESS_LIMITER = RateLimiter()


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


def looks_like_html(body: bytes) -> bool:
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


def _expected_kind(url: str) -> str:
    path = urlsplit(url).path.lower()
    for ext in (".txt", ".json", ".idx"):
        if path.endswith(ext):
            return ext
    return ""


def _title(body: bytes) -> str:
    m = re.search(rb"<title>\s*(.*?)\s*</title>", body[:4096], re.I | re.S)
    return m.group(1).decode("utf-8", "replace")[:120] if m else ""


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
    """HTTP access to EDGAR, the fair-access way. Safe to share between threads.

    Options fall back to environment variables: ``EDGARLIQ_USER_AGENT``, ``EDGARLIQ_WWW_BASE``,
    ``EDGARLIQ_DATA_BASE``, ``EDGARLIQ_CACHE_DIR``, ``EDGARLIQ_CACHE_TTL``, ``EDGARLIQ_RATE``.
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
        retries: int = 4,
        backoff_base: float = 1.0,
        backoff_cap: float = 60.0,
        max_retry_after: float = 600.0,
        limiter: RateLimiter | None = None,
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
        self.retries = max(0, int(retries))
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.max_retry_after = max_retry_after
        self.limiter = limiter or PROCESS_LIMITER
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
            # SEC's own sample request shows exactly these two headers.
            session.headers.update({"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"})
            self._local.session = session
        return session

    def get_bytes(self, url: str, *, use_cache: bool = True) -> bytes:
        """The body at ``url``: from the cache when fresh (no request), else fetched, checked and cached."""
        cache = self.cache if use_cache else None
        if cache is not None:
            cached = cache.get(url)
            if cached is not None:
                log.debug("cache hit %s", url)
                return cached
        body = self._fetch(url)
        if cache is not None:
            cache.put(url, body)
        return body

    def get_json(self, url: str) -> Any:
        return json.loads(self.get_bytes(url))

    def get_text(self, url: str) -> str:
        # Index files are ASCII in practice; latin-1 never fails on the odd byte in a company name.
        return self.get_bytes(url).decode("latin-1")

    def _fetch(self, url: str) -> bytes:
        """Follow redirects ourselves: each hop is a request and must pass the rate limiter too."""
        target = url
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                return self._fetch_one(target)
            except _Redirect as redirect:
                target = urljoin(target, redirect.location)
        raise EdgarError(url, f"more than {MAX_REDIRECTS} redirects (last to {target})")

    def _fetch_one(self, url: str) -> bytes:
        last: EdgarError | None = None
        for attempt in range(self.retries + 1):
            try:
                return self._attempt(url)
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
                log.warning("edgarliq: %s; retrying in %.1fs (attempt %d of %d)", last, delay, attempt + 2,
                            self.retries + 1)
                time.sleep(delay)
        assert last is not None
        tries = self.retries + 1
        raise EdgarError(url, f"gave up after {tries} attempt{'s' * (tries > 1)}: {last.cause}", last.status)

    def _attempt(self, url: str) -> bytes:
        self.limiter.acquire(self.rate)
        with self._count_lock:
            self.requests_made += 1
        try:
            resp = self._session().get(url, timeout=self.timeout, stream=True, allow_redirects=False)
        except requests.Timeout as exc:
            raise _Retryable(EdgarError(url, f"timed out ({exc.__class__.__name__})")) from exc
        except requests.ConnectionError as exc:
            raise _Retryable(EdgarError(url, f"connection failed: {_short(exc)}")) from exc
        except requests.RequestException as exc:  # invalid URL and the like: retrying cannot help
            raise EdgarError(url, f"request failed: {_short(exc)}") from exc
        with resp:
            status = resp.status_code
            try:
                body = self._read(resp, url) if status == 200 else resp.content[:65536]
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                    requests.Timeout) as exc:
                # urllib3 raises IncompleteRead when fewer bytes than Content-Length arrive.
                raise _Retryable(BadResponseError(url, f"body truncated or interrupted: {_short(exc)}", status)) \
                    from exc
            if status in (200, 403, 404) and _is_s3_no_such_key(body):
                raise NotFoundError(url, "not found (S3 NoSuchKey)", status)
            if status == 200:
                self._check_body(url, body, resp)
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
                        f"SEC refused the request ({_title(body) or 'blocked'}): check that the User-Agent "
                        f"{self.user_agent!r} names you and a real contact email and that --rate is at most "
                        "10/s; SEC blocks for about 10 minutes, so wait before trying again (not retried)",
                        status,
                    )
                raise EdgarError(url, "forbidden (not retried)", status)
            if status == 429 or 500 <= status < 600:
                reason = "too many requests" if status == 429 else (resp.reason or "server error")
                raise _Retryable(EdgarError(url, reason, status), parse_retry_after(resp.headers.get("Retry-After")))
            raise EdgarError(url, resp.reason or "unexpected status", status)

    def _read(self, resp: requests.Response, url: str) -> bytes:
        encoded = resp.headers.get("Content-Encoding", "identity").lower() not in ("", "identity")
        length = resp.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() and not encoded else None
        show = self.progress if self.progress is not None else sys.stderr.isatty()
        bar = None
        if show and (total is None or total >= PROGRESS_MIN_BYTES):
            from tqdm import tqdm

            bar = tqdm(total=total, unit="B", unit_scale=True, leave=False, file=sys.stderr,
                       desc=urlsplit(url).path.rsplit("/", 1)[-1])
        chunks: list[bytes] = []
        try:
            for chunk in resp.iter_content(chunk_size=1 << 16):
                chunks.append(chunk)
                if bar is not None:
                    bar.update(len(chunk))
        finally:
            if bar is not None:
                bar.close()
        body = b"".join(chunks)
        if total is not None and len(body) < total:
            # Belt and braces: urllib3 normally raises IncompleteRead itself.
            raise _Retryable(BadResponseError(url, f"body truncated: {len(body)} of {total} bytes", 200))
        return body

    def _check_body(self, url: str, body: bytes, resp: requests.Response) -> None:
        if not body:
            raise BadResponseError(url, "empty body", 200)
        kind = _expected_kind(url)
        if kind and looks_like_html(body):
            if any(m.encode() in body.lower() for m in _BLOCK_MARKERS):
                raise BlockedError(url, f"SEC block page served with status 200 ({_title(body)}); check the "
                                        "User-Agent and wait about 10 minutes", 200)
            title = _title(body)
            raise BadResponseError(
                url, f"an HTML page{f' ({title!r})' if title else ''} was served where a {kind} file was expected "
                     "(an error or maintenance page?)", 200)
        if kind == ".json":
            try:
                json.loads(body)
            except ValueError as exc:
                raise BadResponseError(url, f"invalid JSON: {exc}", 200) from exc

    # -- downloads

    def download(self, cik: int, accession: str, out_dir: str | os.PathLike[str] | None = None) -> Path:
        """Save a full submission ``.txt``; returns its path (in ``out_dir``, else in the cache).

        The folder layout is tried first and the old flat one on 404, whichever EDGAR serves.
        The cache key is always the folder-layout URL, so a hit needs no request at all.
        """
        acc = normalize_accession(accession)
        urls = self.archive_urls(cik, acc)
        target = Path(out_dir) / f"{acc}.txt" if out_dir is not None else None
        if self.cache is None and target is None:
            raise ConfigError("the cache is disabled (--no-cache): give a directory to save the filing into (--out)")
        if self.cache is not None:
            cached = self.cache.path_for(urls[0])
            if cached.is_file() and cached.stat().st_size > 0:  # archives never expire: no need to read it
                if target is None:
                    return cached
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_name(f".{target.name}.copy.part")
                shutil.copyfile(cached, tmp)
                os.replace(tmp, target)
                return target
        body: bytes | None = None
        misses: list[str] = []
        for url in urls:
            try:
                body = self._fetch(url)
                break
            except NotFoundError:
                misses.append(url)
        if body is None:
            raise NotFoundError(urls[0], f"filing {acc} of CIK {int(cik)} not found (tried {', '.join(misses)})", 404)
        path = self.cache.put(urls[0], body) if self.cache is not None else None
        if target is not None:
            return atomic_write(target, body)
        assert path is not None
        return path


def _is_s3_no_such_key(body: bytes) -> bool:
    """S3's XML error for a missing key, which EDGAR serves for some missing files."""
    head = body[:2048].lstrip()
    return head.startswith((b"<?xml", b"<Error")) and b"<Code>NoSuchKey</Code>" in head


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:197] + "..."
