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
from conftest import max_in_window

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


def test_burst_from_threads_stays_under_the_limit_server_side(edgar_server: Any, make_client: Any) -> None:
    """30 requests from 4 threads through two clients sharing the default, machine-wide limiter."""
    rate = 10
    for i in range(30):
        edgar_server.respond(f"/www/files/burst/{i}.json", {"body": b'{"i": %d}' % i})
    clients = [make_client(limiter=None, rate=rate, use_cache=False) for _ in range(2)]
    assert clients[0].limiter is clients[1].limiter
    assert isinstance(clients[0].limiter, SharedRateLimiter) and clients[0].limiter is not PROCESS_LIMITER
    errors: list[BaseException] = []

    def worker(k: int) -> None:
        try:
            for i in range(k, 30, 4):
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
    assert len(times) == 30
    assert max_in_window(times) <= rate
    assert max(times) - min(times) >= 29 / rate * 0.99  # and it was not slower for nothing


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


# ---------------------------------------------------------------------------------------------
# Deadlines: no fetch outlives its deadline, whatever the server does (issue 11, item 6)


SUBMISSION = "/www/Archives/edgar/data/320193/000032019397000011/0000320193-97-000011.txt"


def small_submission(n: int = 1) -> bytes:
    """A whole (tiny) full submission: opens and closes as EDGAR's do."""
    return (b"<SEC-DOCUMENT>0000320193-97-%06d.txt : 19970812\n<SEC-HEADER>\nACCESSION NUMBER: 0000320193-97-%06d\n"
            b"</SEC-HEADER>\n<DOCUMENT>\n<TYPE>10-Q\n<TEXT>\n%s\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n"
            % (n, n, b"x" * 200))


def test_a_body_trickling_at_1_byte_per_second_fails_at_the_minimum_rate(edgar_server: Any,
                                                                          make_client: Any) -> None:
    edgar_server.respond(SUBMISSION, {"body": small_submission(), "trickle": 1.0, "gzip_ok": False})
    client = make_client(min_rate=100, rate_window=1.0, retries=0, deadline=30)
    started = time.monotonic()
    with pytest.raises(EdgarError, match=r"transfer too slow: \d bytes in the last [12]\.\ds, below the minimum "
                                         r"of 100 bytes/s") as err:
        client.get_bytes(client.www_url(SUBMISSION.removeprefix("/www")))
    assert time.monotonic() - started < 2.5
    assert SUBMISSION in str(err.value)
    assert cache_files(client.cache.root) == []


def test_retries_of_a_trickling_body_stop_at_the_deadline(edgar_server: Any, make_client: Any) -> None:
    """Each attempt fails at the minimum rate after ~1.1 s; the third would outlive the 2.5 s deadline."""
    edgar_server.respond(SUBMISSION, {"body": small_submission(), "trickle": 0.1, "gzip_ok": False})
    client = make_client(min_rate=100, rate_window=1.0, retries=4, deadline=2.5)
    started = time.monotonic()
    with pytest.raises(EdgarError, match="deadline of 2.5s"):
        client.get_bytes(client.www_url(SUBMISSION.removeprefix("/www")))
    assert time.monotonic() - started < 2.5 + 0.5
    assert edgar_server.count() == 3  # at 0 s, ~1.1 s and ~2.2 s; not the five attempts retries=4 allows


def test_a_body_fast_enough_for_the_rate_still_ends_at_the_deadline(edgar_server: Any, make_client: Any) -> None:
    body = small_submission() + b" " * 200_000  # 2,000 bytes/s: it would take 100 s
    edgar_server.respond(SUBMISSION, {"body": body, "trickle": 0.05, "trickle_bytes": 100, "gzip_ok": False})
    client = make_client(min_rate=100, rate_window=0.5, deadline=1.5)
    started = time.monotonic()
    with pytest.raises(EdgarError, match=r"deadline of 1\.5s passed"):
        client.get_bytes(client.www_url(SUBMISSION.removeprefix("/www")))
    assert 1.4 < time.monotonic() - started < 2.0
    assert cache_files(client.cache.root) == []


def test_trickled_headers_end_at_the_deadline(edgar_server: Any, make_client: Any) -> None:
    """Each header byte comes well within the read timeout, so only the watchdog can end this."""
    edgar_server.respond("/www/files/x.json", {"body": b"{}", "head_trickle": 0.1})
    client = make_client(timeout=(5, 5), deadline=1.0, retries=3)
    started = time.monotonic()
    with pytest.raises(EdgarError, match=r"deadline of 1s passed before the response was complete"):
        client.get_bytes(client.www_url("files/x.json"))
    assert time.monotonic() - started < 1.6
    assert edgar_server.count() == 1


def test_deadline_default_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert client_mod.DEFAULT_DEADLINE == 300
    assert EdgarClient("Jane Doe jane@example.com").deadline == 300
    monkeypatch.setenv("EDGARLIQ_DEADLINE", "45")
    assert EdgarClient("Jane Doe jane@example.com").deadline == 45
    with pytest.raises(ConfigError, match="deadline"):
        EdgarClient("Jane Doe jane@example.com", deadline=0)


def test_waiting_for_the_rate_limiter_does_not_count_against_the_deadline(edgar_server: Any,
                                                                          make_client: Any) -> None:
    client = make_client(rate=1, deadline=0.5, use_cache=False)
    url = client.www_url("files/company_tickers.json")
    client.get_bytes(url)
    client.get_bytes(url)  # waited ~1 s for its slot, longer than the deadline, and still fine
    assert edgar_server.count() == 2


# ---------------------------------------------------------------------------------------------
# DNS (issue 14, item 6)


def test_a_host_that_does_not_resolve_fails_at_once_naming_the_host(make_client: Any) -> None:
    client = make_client(www_base="http://edgar-mirror.invalid", retries=4, backoff_base=1.0, backoff_cap=8)
    started = time.monotonic()
    with pytest.raises(EdgarError, match=r"cannot resolve the host name 'edgar-mirror.invalid'") as err:
        client.get_bytes(client.www_url("files/company_tickers.json"))
    assert time.monotonic() - started < 2.0  # with retries, back-off alone would be 1+2+4+8 s
    assert client.requests_made == 1 and "not retried" in str(err.value)


def test_cli_dns_failure_is_one_line_naming_the_host(capsys: pytest.CaptureFixture[str]) -> None:
    from edgarliq.cli import main

    started = time.monotonic()
    assert main(["filings", "--cik", "320193", "--user-agent", TEST_UA, "--data-base", "https://data.sec.invalid"]) == 2
    err = capsys.readouterr().err
    assert time.monotonic() - started < 2.0
    assert err.count("\n") == 1 and "cannot resolve the host name 'data.sec.invalid'" in err


# ---------------------------------------------------------------------------------------------
# Validation before the cache (issue 11, item 6)

TEST_UA = "edgarliq tests tests@example.com"
ARCHIVE = "/www/Archives/edgar/data/320193/0000320193-97-000014.txt"


@pytest.mark.parametrize("body,shown", [
    (b"<!-- served by the maintenance proxy -->\n<html><head><title>Down for maintenance</title></head></html>",
     "an HTML page ('Down for maintenance')"),
    (b"\n" * 500 + b"<html><head><title>Down for maintenance</title></head><body>Back soon</body></html>",
     "an HTML page ('Down for maintenance')"),
    (b"\r\n  \t\n" * 100 + b"<!DOCTYPE html>\n<html><title>Down for maintenance</title></html>",
     "an HTML page ('Down for maintenance')"),
    (b"<!--[if IE]><![endif]-->\n<!-- x -->\n\n<div>Down for maintenance</div>", "an HTML page was served"),
])
def test_html_error_pages_however_they_start_are_refused_and_not_cached(edgar_server: Any, make_client: Any,
                                                                        body: bytes, shown: str) -> None:
    edgar_server.respond(ARCHIVE, {"body": body, "headers": {"Content-Type": "text/html"}})
    client = make_client()
    with pytest.raises(BadResponseError, match=r"was served where a full submission \.txt was expected") as err:
        client.get_bytes(client.www_url(ARCHIVE.removeprefix("/www")))
    assert shown in str(err.value)
    assert edgar_server.count() == 1  # not transient: not retried
    assert cache_files(client.cache.root) == []


def test_html_page_starting_with_a_comment_where_json_was_expected(edgar_server: Any, make_client: Any) -> None:
    edgar_server.respond("/www/files/x.json", {"body": b"<!-- cdn -->\n\n<html><title>Oops</title></html>"})
    client = make_client()
    with pytest.raises(BadResponseError, match=r"an HTML page \('Oops'\) was served where JSON was expected"):
        client.get_bytes(client.www_url("files/x.json"))
    assert cache_files(client.cache.root) == []


def test_a_real_filing_cut_by_the_servers_close_without_content_length_is_retried_not_cached(
        edgar_server: Any, make_client: Any, corpus_file: Any) -> None:
    real = corpus_file("1_0000320193_10-Q_19970627.txt").read_bytes()
    cut = real[: len(real) // 2]
    edgar_server.respond(ARCHIVE, {"body": cut, "send_length": False, "gzip_ok": False})
    client = make_client(retries=1)
    url = client.www_url(ARCHIVE.removeprefix("/www"))
    with pytest.raises(EdgarError, match=rf"truncated: the body \({len(cut):,} bytes\) does not end with "
                                         "-----END PRIVACY-ENHANCED MESSAGE-----"):
        client.get_bytes(url)
    assert edgar_server.count() == 2  # transient, like a dropped connection: retried once
    assert cache_files(client.cache.root) == []
    # cut once, then whole: the whole one is what is cached
    edgar_server.respond(ARCHIVE, {"body": cut, "send_length": False, "gzip_ok": False},
                         {"body": real, "send_length": False, "gzip_ok": False})
    assert client.get_bytes(url) == real
    (stored,) = cache_files(client.cache.root)
    assert stored.read_bytes() == real


def test_a_whole_filing_without_content_length_is_accepted(edgar_server: Any, make_client: Any,
                                                           corpus_file: Any) -> None:
    real = corpus_file("1_0000320193_10-Q_19970627.txt").read_bytes()
    edgar_server.respond(ARCHIVE, {"body": real, "send_length": False})
    client = make_client()
    assert client.get_bytes(client.www_url(ARCHIVE.removeprefix("/www"))) == real
    assert edgar_server.count() == 1


@pytest.mark.parametrize("body,match", [
    (b"Form Type   Company Name\n10-Q  X  1  1997-08-11  edgar/data/1/1.txt\n", "no 'Form Type' column header"),
    (b"<html><title>Index unavailable</title></html>", "not an EDGAR index: an HTML page"),
])
def test_an_index_without_its_header_is_refused(edgar_server: Any, make_client: Any, body: bytes, match: str) -> None:
    path = "/www/Archives/edgar/full-index/1997/QTR3/form.idx"
    edgar_server.respond(path, {"body": body})
    client = make_client()
    with pytest.raises(BadResponseError, match=match):
        client.get_bytes(client.www_url(path.removeprefix("/www")))
    assert cache_files(client.cache.root) == []


def test_an_index_cut_in_the_middle_of_a_line_is_retried_not_cached(edgar_server: Any, make_client: Any) -> None:
    path = "/www/Archives/edgar/full-index/1997/QTR3/form.idx"
    whole = (ROOT_FIXTURES / "form.idx").read_bytes()
    edgar_server.respond(path, {"body": whole[:-20], "send_length": False})
    client = make_client(retries=1)
    with pytest.raises(EdgarError, match="truncated: the index ends in the middle of a line"):
        client.get_bytes(client.www_url(path.removeprefix("/www")))
    assert edgar_server.count() == 2 and cache_files(client.cache.root) == []


ROOT_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "edgar"


# ---------------------------------------------------------------------------------------------
# A cached entry that fails validation is a miss (issue 11, item 6)


def test_a_cached_half_filing_is_fetched_again(edgar_server: Any, make_client: Any, corpus_file: Any,
                                               caplog: pytest.LogCaptureFixture) -> None:
    real = corpus_file("1_0000320193_10-Q_19970328.txt").read_bytes()
    client = make_client()
    url = client.archive_urls(320193, "0000320193-97-000011")[0]
    half = client.cache.path_for(url)
    half.parent.mkdir(parents=True)
    half.write_bytes(real[: len(real) // 2])  # as an old edgarliq, a copy or a full disk may have left it
    path = client.download(320193, "0000320193-97-000011")
    assert path.read_bytes() == real and edgar_server.count() == 1
    assert "ignoring cached" in caplog.text and "truncated" in caplog.text
    assert client.download(320193, "0000320193-97-000011") == path and edgar_server.count() == 1


@pytest.mark.parametrize("stored", [b"{not json", b"<html><title>cached error</title></html>", b""])
def test_a_cached_listing_that_fails_validation_is_a_miss(edgar_server: Any, make_client: Any, stored: bytes) -> None:
    client = make_client()
    url = client.www_url("files/company_tickers.json")
    entry = client.cache.path_for(url)
    entry.parent.mkdir(parents=True)
    entry.write_bytes(stored)
    assert client.get_json(url)["0"]["ticker"] == "AAPL"
    assert edgar_server.count() == 1
    assert json.loads(entry.read_bytes())["0"]["ticker"] == "AAPL"


# ---------------------------------------------------------------------------------------------
# Unknown CIK, --rate, file modes (issue 14, item 6)


def test_unknown_cik_says_no_company(edgar_server: Any, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    from edgarliq.cli import main

    monkeypatch.setenv("EDGARLIQ_DATA_BASE", edgar_server.data_base)
    monkeypatch.setenv("EDGARLIQ_WWW_BASE", edgar_server.www_base)
    for argv in (["filings", "--cik", "1234567"], ["fetch", "--cik", "1234567", "--latest"]):
        assert main([*argv, "--user-agent", TEST_UA]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "no company with CIK 1234567 on EDGAR" in err


@pytest.mark.parametrize("value,message", [
    ("20", "argument --rate: at most 10 requests/s (SEC's limit), not 20"),
    ("0", "argument --rate: must be a positive number of requests per second, not 0"),
    ("fast", "argument --rate: 'fast' is not a number of requests per second"),
])
def test_cli_rate_above_sec_limit_is_refused_plainly(value: str, message: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from edgarliq.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["fetch", "--cik", "320193", "--latest", "--rate", value])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "invalid choice" not in err


def test_saved_filings_are_readable_by_others(edgar_server: Any, make_client: Any, corpus_file: Any,
                                              tmp_path: Path) -> None:
    corpus_file("1_0000320193_10-Q_19970328.txt")
    client = make_client()
    umask = os.umask(0o022)
    os.umask(umask)
    expected = 0o666 & ~umask
    cached = client.download(320193, "0000320193-97-000011")
    out = client.download(320193, "0000320193-97-000011", tmp_path / "out")
    listing = client.cache.path_for(client.www_url("files/company_tickers.json"))
    client.get_bytes(client.www_url("files/company_tickers.json"))
    for path in (cached, out, listing):
        assert path.stat().st_mode & 0o777 == expected, path
    if umask == 0o022:
        assert expected == 0o644


# ---------------------------------------------------------------------------------------------
# Body size: no server can make us hold more than max_bytes in memory


def big_submission(size: int) -> bytes:
    body = small_submission()
    return body.replace(b"x" * 200, b"x" * (size - len(body) + 200))


@pytest.mark.parametrize("reply", [
    {"gzip_ok": False},                         # declared up front: refused before the body is read
    {"gzip_ok": False, "send_length": False},   # undeclared: abandoned once the limit is passed
    {"gzip_ok": True},                          # compressed to a few KB: counted at its inflated size
], ids=["content-length", "no-length", "gzip"])
def test_a_body_over_max_bytes_is_refused_not_retried_and_never_cached(edgar_server: Any, make_client: Any,
                                                                        reply: dict[str, Any]) -> None:
    body = big_submission(300_000)
    edgar_server.respond(SUBMISSION, {"body": body, **reply})
    client = make_client(max_bytes=100_000)
    with pytest.raises(EdgarError, match=r"limit of 100,000 bytes.*EDGARLIQ_MAX_BYTES") as err:
        client.get_bytes(client.www_url(SUBMISSION.removeprefix("/www")))
    assert "0000320193-97-000011.txt" in str(err.value)  # the URL is named
    assert edgar_server.count() == 1
    assert cache_files(client.cache.root) == []


def test_a_body_at_max_bytes_is_accepted(edgar_server: Any, make_client: Any) -> None:
    body = big_submission(100_000)
    edgar_server.respond(SUBMISSION, {"body": body, "gzip_ok": False})
    client = make_client(max_bytes=100_000)
    assert client.get_bytes(client.www_url(SUBMISSION.removeprefix("/www"))) == body


def test_max_bytes_default_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert EdgarClient("Jane Doe jane@example.com").max_bytes == 1 << 30
    monkeypatch.setenv("EDGARLIQ_MAX_BYTES", "5000000")
    assert EdgarClient("Jane Doe jane@example.com").max_bytes == 5_000_000
    monkeypatch.setenv("EDGARLIQ_MAX_BYTES", "0")
    with pytest.raises(ConfigError, match="body size limit"):
        EdgarClient("Jane Doe jane@example.com")
