"""Shared fixtures: no test reaches the internet, and a local EDGAR to fetch from instead.

- `_no_internet` (autouse) refuses, and fails the test for, any name lookup or connection to a
  non-loopback address. It patches the socket layer, so it holds whatever HTTP library is used.
  Names under ``.invalid`` (RFC 6761: never resolvable) fail as a resolver fails them, with
  ``socket.gaierror``, without any lookup: that is how tests see a DNS failure offline.
- `_isolated_edgar_env` (autouse) clears the EDGARLIQ_* variables and points the cache at a
  temporary directory, so no test depends on, or writes into, the user's environment or cache.
- `edgar_server`: a threaded HTTP server on 127.0.0.1 serving EDGAR's paths from fixtures/edgar
  and real filings from the shared corpus, with per-path fault injection and a log of every
  request (path, headers, arrival time) so tests can check behaviour from the server's side.
"""

from __future__ import annotations

import gzip
import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from paths import CORPUS, CORPUS_ENV, CORPUS_SKIP

ROOT = Path(__file__).resolve().parents[1]
EDGAR_FIXTURES = ROOT / "fixtures" / "edgar"

# ---------------------------------------------------------------------------------------------
# Say where the corpus is at the start of the run, and at the end how many tests skipped for it.


def corpus_line() -> str:
    if CORPUS.is_dir():
        n = sum(1 for p in CORPUS.iterdir() if p.is_file() and p.suffix in (".txt", ".nc", ".htm", ".html"))
        return f"corpus: {CORPUS} ({n} filings; ${CORPUS_ENV} to use another)"
    return (f"corpus: NOT FOUND at {CORPUS}: every test that reads real filings will skip "
            f"(set ${CORPUS_ENV} to the directory of the shared corpus)")


def pytest_collection_finish(session: pytest.Session) -> None:
    # Written here rather than in pytest_report_header, which `-q` (our addopts) hides.
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(corpus_line())


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    skipped = terminalreporter.stats.get("skipped", [])
    reasons = [str(r.longrepr[2]) if isinstance(r.longrepr, tuple) else str(r.longrepr) for r in skipped]
    n = sum(1 for reason in reasons if CORPUS_SKIP in reason)
    if n:
        terminalreporter.write_line(f"{n} test{'s' * (n != 1)} skipped: {CORPUS_SKIP} not available at {CORPUS} "
                                    f"(set ${CORPUS_ENV})")

# ---------------------------------------------------------------------------------------------
# No internet


def max_in_window(times: list[float], window: float = 1.0) -> int:
    """The most events in any half-open window of ``window`` seconds (the rate-limit tests)."""
    times = sorted(times)
    best, j = 0, 0
    for i, t in enumerate(times):
        while times[j] <= t - window:
            j += 1
        best = max(best, i - j + 1)
    return best


def _is_loopback(host: Any) -> bool:
    if host is None:
        return True  # getaddrinfo(None, port): the local host
    text = host.decode() if isinstance(host, bytes) else str(host)
    if text.lower() in ("localhost", "localhost.localdomain", ""):
        return True
    try:
        return ipaddress.ip_address(text.split("%")[0]).is_loopback
    except ValueError:
        return False  # a name other than localhost: resolving it would already leave the machine


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Yields the list of refused attempts (only the guard's own test should ever touch it)."""
    attempts: list[str] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def check(address: Any) -> None:
        if isinstance(address, tuple) and not _is_loopback(address[0]):
            attempts.append(repr(address))
            raise OSError(f"test tried to reach the network: {address!r} (only loopback is allowed)")

    def connect(self: socket.socket, address: Any) -> None:
        check(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host or "")
        if name.lower().rstrip(".").endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        check((host, 0))
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield attempts
    # The OSError above may have been swallowed (retries, error handling): fail regardless.
    if attempts:
        pytest.fail(f"test tried to reach non-loopback addresses: {', '.join(attempts)}")


@pytest.fixture(autouse=True)
def _isolated_edgar_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("EDGARLIQ_USER_AGENT", "EDGARLIQ_WWW_BASE", "EDGARLIQ_DATA_BASE", "EDGARLIQ_RATE",
                 "EDGARLIQ_CACHE_TTL", "EDGARLIQ_DEADLINE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("EDGARLIQ_CACHE_DIR", str(tmp_path / "edgarliq-cache"))
    # The machine-wide rate schedule: per test, not the user's.
    monkeypatch.setenv("EDGARLIQ_RATE_FILE", str(tmp_path / "edgarliq-rate-limit"))


# ---------------------------------------------------------------------------------------------
# Local EDGAR


@dataclass
class Reply:
    """One canned response. ``content_length`` overrides the header (a larger value = truncated body)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before anything is sent (to provoke read timeouts)
    content_length: int | None = None
    gzip_ok: bool = True  # compress when the client accepts gzip, as SEC does
    send_length: bool = True  # False: no Content-Length; the body ends when the server closes
    trickle: float = 0.0  # seconds between pieces of the body (a slow or hostile server)
    trickle_bytes: int = 1  # bytes per piece when trickling
    head_trickle: float = 0.0  # seconds between bytes of the status line and headers


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() when the request line arrived (same clock as the client's)


class EdgarServer:
    """Routes are exact paths (``/www/...`` for www.sec.gov, ``/data/...`` for data.sec.gov)."""

    def __init__(self) -> None:
        self._routes: dict[str, list[Reply]] = {}
        self._lock = threading.Lock()
        self.hits: list[Hit] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # one request per connection: closing ends a short body

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                outer._handle(self)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep test output quiet
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False  # don't wait on a handler still sleeping for a timeout test
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self.www_base = f"{self.url}/www"
        self.data_base = f"{self.url}/data"
        # A short poll interval: shutdown() waits for it, once per test.
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)

    # -- setup

    def start(self) -> EdgarServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def respond(self, path: str, *replies: Reply | dict[str, Any]) -> None:
        """Serve ``replies`` in turn at ``path``; the last one repeats."""
        self._routes[path] = [r if isinstance(r, Reply) else Reply(**r) for r in replies]

    def serve_file(self, path: str, file: Path, content_type: str = "text/plain") -> None:
        self.respond(path, Reply(body=file.read_bytes(), headers={"Content-Type": content_type}))

    def count(self, path: str | None = None) -> int:
        with self._lock:
            return sum(1 for h in self.hits if path is None or h.path == path)

    # -- serving

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.hits.append(Hit(h.path, dict(h.headers.items()), time.monotonic()))
            replies = self._routes.get(h.path)
            if replies and len(replies) > 1:
                reply = replies.pop(0)
            elif replies:
                reply = replies[0]
            else:
                reply = Reply(404, b"<html><head><title>404 Not Found</title></head></html>",
                              {"Content-Type": "text/html"})
        try:
            if reply.delay:
                time.sleep(reply.delay)
            body = reply.body
            headers = dict(reply.headers)
            if reply.gzip_ok and body and "gzip" in h.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body)
                headers["Content-Encoding"] = "gzip"
            if reply.send_length:
                headers["Content-Length"] = str(reply.content_length if reply.content_length is not None
                                                else len(body))
            if reply.head_trickle:
                head = f"HTTP/1.0 {reply.status} X\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
                for byte in (head + "\r\n").encode():
                    h.wfile.write(bytes([byte]))
                    time.sleep(reply.head_trickle)
            else:
                h.send_response(reply.status)
                for k, v in headers.items():
                    h.send_header(k, v)
                h.end_headers()
            if reply.trickle:
                for i in range(0, len(body), reply.trickle_bytes):
                    h.wfile.write(body[i:i + reply.trickle_bytes])
                    time.sleep(reply.trickle)
            else:
                h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing to do


def _corpus_file(name: str) -> Path | None:
    path = CORPUS / name
    return path if path.is_file() else None


APPLE_CIK = 320193
APPLE_10Q_1997 = ("0000320193-97-000014", "1_0000320193_10-Q_19970627.txt")  # served at the old flat path only
APPLE_10Q_1997Q1 = ("0000320193-97-000011", "1_0000320193_10-Q_19970328.txt")  # served at the folder path only


@pytest.fixture
def edgar_server() -> Iterator[EdgarServer]:
    server = EdgarServer()
    for name in ("CIK0000320193.json", "CIK0000320193-submissions-001.json", "CIK0000320193-submissions-002.json"):
        server.serve_file(f"/data/submissions/{name}", EDGAR_FIXTURES / name, "application/json")
    server.serve_file("/www/files/company_tickers.json", EDGAR_FIXTURES / "company_tickers.json", "application/json")
    for name in ("form.idx", "master.idx"):
        server.serve_file(f"/www/Archives/edgar/full-index/1997/QTR3/{name}", EDGAR_FIXTURES / name)
    acc, name = APPLE_10Q_1997
    if (path := _corpus_file(name)) is not None:
        server.serve_file(f"/www/Archives/edgar/data/{APPLE_CIK}/{acc}.txt", path)
    acc, name = APPLE_10Q_1997Q1
    if (path := _corpus_file(name)) is not None:
        server.serve_file(f"/www/Archives/edgar/data/{APPLE_CIK}/{acc.replace('-', '')}/{acc}.txt", path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def corpus_file() -> Any:
    """``corpus_file(name)``: a path in the shared corpus, or skip the test when it is absent."""

    def get(name: str) -> Path:
        path = _corpus_file(name)
        if path is None:
            pytest.skip(f"{CORPUS_SKIP} file {name} not available ({CORPUS}; set {CORPUS_ENV})")
        return path

    return get


TEST_USER_AGENT = "edgarliq tests tests@example.com"


@pytest.fixture
def make_client(edgar_server: EdgarServer, tmp_path: Path) -> Any:
    """``make_client(**overrides)``: an EdgarClient pointed at `edgar_server`, with short waits.

    Each client gets its own limiter unless ``limiter=None`` is passed explicitly to share the
    process-wide one, so one test's schedule never delays the next test.
    """
    from edgarliq.edgar.client import EdgarClient, RateLimiter

    def make(**overrides: Any) -> EdgarClient:
        opts: dict[str, Any] = {
            "user_agent": TEST_USER_AGENT, "www_base": edgar_server.www_base, "data_base": edgar_server.data_base,
            "cache_dir": tmp_path / "cache", "rate": 10, "timeout": 2.0, "retries": 2, "backoff_base": 0.01,
            "backoff_cap": 0.05, "limiter": RateLimiter(), "progress": False,
        }
        opts.update(overrides)
        return EdgarClient(**opts)

    return make
