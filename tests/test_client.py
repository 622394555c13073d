"""EdgarClient against a real HTTP server on 127.0.0.1: fair access, retries, faults, the cache.

Behaviour is checked from the server's side wherever it can be (requests counted and
timestamped as they arrive), since that is what SEC sees.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from edgarliq.edgar import cache as cache_mod
from edgarliq.edgar import client as client_mod
from edgarliq.edgar.client import (
    PROCESS_LIMITER,
    BadResponseError,
    BlockedError,
    ConfigError,
    EdgarClient,
    EdgarError,
    NotFoundError,
    RateLimiter,
    SharedRateLimiter,
    UserAgentError,
    check_rate,
    parse_retry_after,
)
from edgarliq.errors import EdgarliqError

TICKERS = "/www/files/company_tickers.json"

BLOCK_PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><title>SEC.gov | Request Rate Threshold Exceeded</title></head>
<body><h1>Your Request Originates from an Undeclared Automated Tool</h1>
<p>Please declare your traffic by updating your user agent to include company specific information.</p>
<p>For best practices on efficiently downloading information from SEC.gov, please visit sec.gov/developer.
Your access will be limited for 10 minutes.</p></body></html>"""

HTML_ERROR = b"<!DOCTYPE html><html><head><title>Page Not Available</title></head><body>Sorry</body></html>"

NO_SUCH_KEY = b"""<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>"""


def cache_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def assert_no_partial_files(root: Path) -> None:
    leftovers = [p for p in cache_files(root) if p.name.endswith(cache_mod.TEMP_SUFFIX) or p.name.startswith(".")]
    assert leftovers == []


# ---------------------------------------------------------------------------------------------
# User-Agent


def test_user_agent_is_required(edgar_server: Any) -> None:
    with pytest.raises(UserAgentError) as err:
        EdgarClient(www_base=edgar_server.www_base)
    message = str(err.value)
    assert "--user-agent" in message and "EDGARLIQ_USER_AGENT" in message
    assert isinstance(err.value, EdgarliqError)
    assert edgar_server.count() == 0


@pytest.mark.parametrize("value", ["python-requests/2.31", "Jane Doe", "jane at example dot com", "   "])
def test_user_agent_needs_an_email(value: str) -> None:
    with pytest.raises(UserAgentError, match="User-Agent"):
        EdgarClient(value)


def test_user_agent_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDGARLIQ_USER_AGENT", "Jane Doe jane@example.com")
    assert EdgarClient().user_agent == "Jane Doe jane@example.com"


def test_user_agent_and_gzip_are_sent(edgar_server: Any, make_client: Any) -> None:
    client = make_client()
    data = client.get_json(client.www_url("files/company_tickers.json"))
    assert data["0"]["ticker"] == "AAPL"  # decoded from the gzip body the server sent
    (hit,) = edgar_server.hits
    assert hit.headers["User-Agent"] == "edgarliq tests tests@example.com"
    assert "gzip" in hit.headers["Accept-Encoding"]


def test_base_urls_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDGARLIQ_WWW_BASE", "http://127.0.0.1:1/mirror/")
    monkeypatch.setenv("EDGARLIQ_DATA_BASE", "http://127.0.0.1:1/data")
    client = EdgarClient("Jane Doe jane@example.com")
    assert client.www_url("/files/x.json") == "http://127.0.0.1:1/mirror/files/x.json"
    assert client.data_url("submissions/CIK0000320193.json") == "http://127.0.0.1:1/data/submissions/CIK0000320193.json"
    assert EdgarClient("Jane Doe jane@example.com", www_base="http://h/x").www_base == "http://h/x"


# ---------------------------------------------------------------------------------------------
# Rate limit


def test_rate_above_sec_limit_is_clamped_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    assert check_rate(25) == 10
    assert "exceeds SEC's fair-access limit of 10 requests per second" in caplog.text
    assert EdgarClient("Jane Doe jane@example.com", rate=11).rate == 10
    caplog.clear()
    assert check_rate(None) == 8  # the default, below the ceiling
    assert check_rate(2.5) == 2.5
    assert caplog.text == ""
    with pytest.raises(ConfigError):
        check_rate(0)


def test_limiter_spaces_requests_without_sleeping_for_real() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)

    limiter = RateLimiter(slack=1.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(5):
        limiter.acquire(10)
    assert slept == pytest.approx([0.1, 0.2, 0.3, 0.4])  # reserved slots 0.1 s apart, from one clock reading
    limiter.acquire(1000)  # a rate above the ceiling is still spaced at 10/s
    assert slept[-1] == pytest.approx(0.5)


def max_in_window(times: list[float], window: float = 1.0) -> int:
    times = sorted(times)
    best, j = 0, 0
    for i, t in enumerate(times):
        while times[j] <= t - window:
            j += 1
        best = max(best, i - j + 1)
    return best


def test_burst_from_threads_stays_under_the_limit_server_side(edgar_server: Any, make_client: Any) -> None:
    """50 requests from 4 threads through two clients sharing the default, machine-wide limiter."""
    rate = 10
    for i in range(50):
        edgar_server.respond(f"/www/files/burst/{i}.json", {"body": b'{"i": %d}' % i})
    clients = [make_client(limiter=None, rate=rate, use_cache=False) for _ in range(2)]
    assert clients[0].limiter is clients[1].limiter
    assert isinstance(clients[0].limiter, SharedRateLimiter) and clients[0].limiter is not PROCESS_LIMITER
    errors: list[BaseException] = []

    def worker(k: int) -> None:
        try:
            for i in range(k, 50, 4):
                c = clients[i % 2]
                assert c.get_json(c.www_url(f"files/burst/{i}.json")) == {"i": i}
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    times = [h.at for h in edgar_server.hits]
    assert len(times) == 50
    assert max_in_window(times) <= rate
    assert max(times) - min(times) >= 49 / rate * 0.99  # and it was not slower for nothing


# ---------------------------------------------------------------------------------------------
# Retries and faults


def test_429_honours_retry_after_seconds(edgar_server: Any, make_client: Any) -> None:
    edgar_server.respond("/www/files/x.json", {"status": 429, "body": b"slow down", "headers": {"Retry-After": "1"}},
                         {"body": b'{"ok": true}'})
    client = make_client()
    assert client.get_json(client.www_url("files/x.json")) == {"ok": True}
    first, second = edgar_server.hits
    assert second.at - first.at >= 0.95  # waited as asked, although back-off alone is ~0.01 s


def test_retry_after_http_date() -> None:
    now = 1_700_000_000.0
    http_date = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(now + 30))
    assert parse_retry_after(http_date, now=now) == pytest.approx(30)
    assert parse_retry_after("120") == 120
    assert parse_retry_after(time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(now - 5)), now=now) == 0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_retry_after_too_long_is_an_error_not_a_hang(edgar_server: Any, make_client: Any) -> None:
    edgar_server.respond("/www/files/x.json", {"status": 429, "headers": {"Retry-After": "3600"}})
    client = make_client(max_retry_after=60)
    with pytest.raises(EdgarError, match="3600s") as err:
        client.get_bytes(client.www_url("files/x.json"))
    assert err.value.status == 429 and edgar_server.count() == 1


def test_503_then_200(edgar_server: Any, make_client: Any) -> None:
    edgar_server.respond("/www/files/x.json", {"status": 503, "body": b"busy"}, {"body": b"[1]"})
    client = make_client()
    assert client.get_json(client.www_url("files/x.json")) == [1]
    assert edgar_server.count("/www/files/x.json") == 2


def test_5xx_gives_up_after_the_retries_and_names_url_status_cause(edgar_server: Any, make_client: Any) -> None:
    edgar_server.respond("/www/files/x.json", {"status": 500, "body": b"oops"})
    client = make_client(retries=2)
    url = client.www_url("files/x.json")
    with pytest.raises(EdgarError) as err:
        client.get_bytes(url)
    assert edgar_server.count() == 3
    assert err.value.status == 500
    assert url in str(err.value) and "HTTP 500" in str(err.value) and "gave up after 3 attempts" in str(err.value)


@pytest.mark.parametrize("status", [403, 200])
def test_sec_block_page_is_not_retried(edgar_server: Any, make_client: Any, status: int) -> None:
    edgar_server.respond("/www/files/x.json", {"status": status, "body": BLOCK_PAGE,
                                               "headers": {"Content-Type": "text/html"}})
    client = make_client(retries=4)
    with pytest.raises(BlockedError) as err:
        client.get_bytes(client.www_url("files/x.json"))
    assert edgar_server.count() == 1  # exactly one request: retrying would extend the block
    message = str(err.value)
    assert "User-Agent" in message and "10 minutes" in message and "/www/files/x.json" in message
    assert_no_partial_files(client.cache.root)
    assert cache_files(client.cache.root) == []


def test_plain_403_is_not_retried_either(edgar_server: Any, make_client: Any) -> None:
    edgar_server.respond("/www/files/x.json", {"status": 403, "body": b"<html>Forbidden</html>"})
    client = make_client()
    with pytest.raises(EdgarError, match="HTTP 403"):
        client.get_bytes(client.www_url("files/x.json"))
    assert edgar_server.count() == 1


def test_slow_response_times_out_and_is_retried(edgar_server: Any, make_client: Any) -> None:
    edgar_server.respond("/www/files/slow.json", {"body": b"{}", "delay": 1.0})
    client = make_client(timeout=0.2, retries=1)
    started = time.monotonic()
    with pytest.raises(EdgarError, match="timed out"):
        client.get_bytes(client.www_url("files/slow.json"))
    assert time.monotonic() - started < 1.5
    assert edgar_server.count() == 2


def test_connection_refused_is_retried_then_reported(make_client: Any) -> None:
    client = make_client(www_base="http://127.0.0.1:9", retries=1)
    with pytest.raises(EdgarError, match="connection failed") as err:
        client.get_bytes(client.www_url("files/x.json"))
    assert "127.0.0.1:9/files/x.json" in str(err.value)


def test_truncated_body_is_an_error_and_never_cached(edgar_server: Any, make_client: Any) -> None:
    body = b"<SEC-DOCUMENT>0000320193-97-000014.txt : 19970812\n" * 100
    path = "/www/Archives/edgar/data/320193/0000320193-97-000014.txt"
    edgar_server.respond(path, {"body": body, "content_length": len(body) + 1000, "gzip_ok": False})
    client = make_client(retries=1)
    with pytest.raises(EdgarError, match="truncated|interrupted"):
        client.get_bytes(client.www_url(path.removeprefix("/www")))
    assert edgar_server.count() == 2  # a dropped connection is transient: retried once
    assert cache_files(client.cache.root) == []


def test_html_page_with_status_200_is_an_error_and_never_cached(edgar_server: Any, make_client: Any) -> None:
    path = "/www/Archives/edgar/data/320193/0000320193-97-000014.txt"
    edgar_server.respond(path, {"body": HTML_ERROR, "headers": {"Content-Type": "text/html"}})
    client = make_client()
    with pytest.raises(BadResponseError, match="HTML page.*Page Not Available.*\\.txt"):
        client.get_bytes(client.www_url(path.removeprefix("/www")))
    assert edgar_server.count() == 1
    assert cache_files(client.cache.root) == []


@pytest.mark.parametrize("body,match", [(b"", "empty body"), (b"{not json", "invalid JSON")])
def test_unusable_200_bodies_are_never_cached(edgar_server: Any, make_client: Any, body: bytes, match: str) -> None:
    edgar_server.respond("/www/files/x.json", {"body": body})
    client = make_client()
    with pytest.raises(BadResponseError, match=match):
        client.get_bytes(client.www_url("files/x.json"))
    assert cache_files(client.cache.root) == []


@pytest.mark.parametrize("status,body", [(404, b"<html>Not Found</html>"), (404, NO_SUCH_KEY), (403, NO_SUCH_KEY)])
def test_not_found(edgar_server: Any, make_client: Any, status: int, body: bytes) -> None:
    edgar_server.respond("/www/files/gone.json", {"status": status, "body": body})
    client = make_client()
    with pytest.raises(NotFoundError, match="not found") as err:
        client.get_bytes(client.www_url("files/gone.json"))
    assert err.value.status == status and "/www/files/gone.json" in str(err.value)
    assert edgar_server.count() == 1


# ---------------------------------------------------------------------------------------------
# Cache


def test_cache_hit_makes_no_request(edgar_server: Any, make_client: Any) -> None:
    client = make_client()
    url = client.www_url("files/company_tickers.json")
    first = client.get_bytes(url)
    assert edgar_server.count() == 1
    again = make_client()  # a new client (a new process, in effect) reads the same cache
    assert again.get_bytes(url) == first
    assert edgar_server.count() == 1
    (stored,) = cache_files(client.cache.root)
    assert json.loads(stored.read_bytes())["0"]["ticker"] == "AAPL"
    assert_no_partial_files(client.cache.root)


def test_listings_expire_archives_do_not(edgar_server: Any, make_client: Any, tmp_path: Path) -> None:
    edgar_server.respond("/www/Archives/edgar/data/1/0000000001-97-000001.txt",
                         {"body": b"<SEC-DOCUMENT>x\n</SEC-DOCUMENT>\n"})
    client = make_client(cache_ttl=60)
    listing = client.www_url("files/company_tickers.json")
    archive = client.www_url("Archives/edgar/data/1/0000000001-97-000001.txt")
    client.get_bytes(listing)
    client.get_bytes(archive)
    assert edgar_server.count() == 2
    old = time.time() - 3600
    for path in cache_files(client.cache.root):
        os.utime(path, (old, old))
    client.get_bytes(archive)  # immutable: still served from the cache
    assert edgar_server.count() == 2
    client.get_bytes(listing)  # an hour old with a 60 s TTL: fetched again
    assert edgar_server.count() == 3


def test_no_cache_neither_reads_nor_writes(edgar_server: Any, make_client: Any, tmp_path: Path) -> None:
    client = make_client(use_cache=False, cache_dir=tmp_path / "never")
    url = client.www_url("files/company_tickers.json")
    client.get_bytes(url)
    client.get_bytes(url)
    assert edgar_server.count() == 2
    assert not (tmp_path / "never").exists()


def test_cache_dir_default_comes_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("EDGARLIQ_CACHE_DIR", str(tmp_path / "c"))
    client = EdgarClient("Jane Doe jane@example.com")
    assert client.cache is not None and client.cache.root == tmp_path / "c"


def test_cache_paths_stay_inside_the_cache(tmp_path: Path) -> None:
    cache = cache_mod.Cache(tmp_path)
    path = cache.path_for("http://127.0.0.1:8/www/../../etc/passwd")
    assert tmp_path in path.parents
    assert cache.path_for("https://www.sec.gov/files/a.json") != cache.path_for("http://127.0.0.1:5/files/a.json")


def test_atomic_write_leaves_nothing_when_interrupted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "d" / "file.json"
    cache_mod.atomic_write(target, b"old")

    def boom(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cache_mod.os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        cache_mod.atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["file.json"]


# ---------------------------------------------------------------------------------------------
# Downloads


APPLE_FLAT = "/www/Archives/edgar/data/320193/0000320193-97-000014.txt"
APPLE_FOLDER = "/www/Archives/edgar/data/320193/000032019397000014/0000320193-97-000014.txt"


def test_download_falls_back_to_the_flat_layout(edgar_server: Any, make_client: Any, corpus_file: Any,
                                                tmp_path: Path) -> None:
    real = corpus_file("1_0000320193_10-Q_19970627.txt").read_bytes()
    client = make_client()
    path = client.download(320193, "000032019397000014")
    assert path.read_bytes() == real
    assert [h.path for h in edgar_server.hits] == [APPLE_FOLDER, APPLE_FLAT]  # folder 404, then flat
    assert client.download(320193, "0000320193-97-000014") == path  # cache hit: no request
    out = client.download(320193, "0000320193-97-000014", tmp_path / "out")
    assert out == tmp_path / "out" / "0000320193-97-000014.txt" and out.read_bytes() == real
    assert edgar_server.count() == 2
    assert_no_partial_files(client.cache.root)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["0000320193-97-000014.txt"]


def test_download_folder_layout_first(edgar_server: Any, make_client: Any, corpus_file: Any, tmp_path: Path) -> None:
    real = corpus_file("1_0000320193_10-Q_19970328.txt").read_bytes()
    client = make_client(use_cache=False)
    out = client.download(320193, "0000320193-97-000011", tmp_path)
    assert out.read_bytes() == real
    assert edgar_server.count() == 1
    with pytest.raises(ConfigError, match="--out"):
        client.download(320193, "0000320193-97-000011")


def test_download_missing_everywhere(edgar_server: Any, make_client: Any) -> None:
    client = make_client()
    with pytest.raises(NotFoundError) as err:
        client.download(320193, "0000320193-99-999999")
    assert "0000320193-99-999999" in str(err.value) and "tried" in str(err.value)
    assert edgar_server.count() == 2
    assert cache_files(client.cache.root) == []


def test_progress_bar_for_large_bodies(edgar_server: Any, make_client: Any, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(client_mod, "PROGRESS_MIN_BYTES", 10)
    edgar_server.respond("/www/files/big.json", {"body": b'{"a": "' + b"x" * 5000 + b'"}', "gzip_ok": False})
    client = make_client(progress=True)
    client.get_bytes(client.www_url("files/big.json"))
    assert "big.json" in capsys.readouterr().err


def test_the_no_internet_guard_refuses_other_hosts(_no_internet: list[str]) -> None:
    import socket

    with pytest.raises(OSError, match="tried to reach the network"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)  # TEST-NET-1: never routed anyway
    with pytest.raises(OSError, match="tried to reach the network"):
        socket.getaddrinfo("www.sec.gov", 443)
    client = EdgarClient("Jane Doe jane@example.com", retries=0, limiter=RateLimiter(), use_cache=False)
    with pytest.raises(EdgarError, match="www.sec.gov"):
        client.get_bytes(client.www_url("files/company_tickers.json"))  # the real default base
    assert len(_no_internet) >= 3
    _no_internet.clear()  # refused as it should be: don't fail this test for it


def test_redirects_are_followed_through_the_limiter(edgar_server: Any, make_client: Any) -> None:
    edgar_server.respond("/www/files/old.json", {"status": 301, "headers": {"Location": "/www/files/new.json"}})
    edgar_server.respond("/www/files/new.json", {"body": b'{"moved": true}'})
    client = make_client()
    assert client.get_json(client.www_url("files/old.json")) == {"moved": True}
    assert [h.path for h in edgar_server.hits] == ["/www/files/old.json", "/www/files/new.json"]
    assert client.requests_made == 2  # both hops counted (and rate limited)
    edgar_server.respond("/www/files/loop.json", {"status": 302, "headers": {"Location": "/www/files/loop.json"}})
    with pytest.raises(EdgarError, match="redirects"):
        client.get_bytes(client.www_url("files/loop.json"))


def test_bad_numbers_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDGARLIQ_RATE", "fast")
    with pytest.raises(ConfigError, match="EDGARLIQ_RATE"):
        EdgarClient("Jane Doe jane@example.com")
