"""One rate for the whole machine and one download per URL (issue 11, item 7).

The decisive test runs four real `edgarliq fetch` processes against the local EDGAR server and
measures, at the server, the requests in every one-second window and the downloads per URL.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import max_in_window

from edgarliq.edgar import ratelimit
from edgarliq.edgar.ratelimit import SharedRateLimiter, rate_option, url_lock

ROOT = Path(__file__).resolve().parents[1]
TEST_UA = "edgarliq tests tests@example.com"


def submission(accession: str) -> bytes:
    return (f"<SEC-DOCUMENT>{accession}.txt : 19970812\n<SEC-HEADER>{accession}.hdr.sgml : 19970812\n"
            f"ACCESSION NUMBER:\t\t{accession}\n</SEC-HEADER>\n<DOCUMENT>\n<TYPE>10-Q\n<TEXT>\n"
            f"{'filler ' * 100}\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n").encode()


def folder_path(cik: int, accession: str) -> str:
    return f"/www/Archives/edgar/data/{cik}/{accession.replace('-', '')}/{accession}.txt"


# ---------------------------------------------------------------------------------------------
# --rate


def test_rate_option() -> None:
    assert rate_option("8") == 8 and rate_option("10") == 10 and rate_option("0.5") == 0.5
    for bad in ("20", "10.5", "0", "-1", "nan", "fast"):
        with pytest.raises(Exception) as exc:  # noqa: B017 - argparse.ArgumentTypeError, checked below
            rate_option(bad)
        assert type(exc.value).__name__ == "ArgumentTypeError"
    with pytest.raises(Exception, match=r"at most 10 requests/s \(SEC's limit\), not 20"):
        rate_option("20")


# ---------------------------------------------------------------------------------------------
# The shared schedule


def test_limiters_on_one_file_share_one_schedule(tmp_path: Path) -> None:
    """Two limiters on the same file (as two processes hold) and three threads each: 20 starts at 10/s."""
    path = tmp_path / "rate"
    limiters = [SharedRateLimiter(path), SharedRateLimiter(path)]
    starts: list[float] = []
    lock = threading.Lock()

    def worker(limiter: SharedRateLimiter, n: int) -> None:
        for _ in range(n):
            limiter.acquire(10)
            with lock:
                starts.append(time.monotonic())

    threads = [threading.Thread(target=worker, args=(limiters[i % 2], 4 if i < 2 else 3)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(starts) == 20
    assert max_in_window(starts) <= 10
    assert max(starts) - min(starts) >= 19 * ratelimit.SLACK / 10 * 0.98  # spaced slack/rate apart, no bursts


def test_a_slot_far_ahead_is_a_clock_set_back_not_a_ten_minute_wait(tmp_path: Path) -> None:
    path = tmp_path / "rate"
    path.write_bytes(struct.pack("<d", time.time() + 3600))
    started = time.monotonic()
    assert SharedRateLimiter(path).acquire(10) < 0.1
    assert time.monotonic() - started < 0.5


def test_an_unusable_rate_file_falls_back_to_this_process(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "file").write_text("not a directory")
    limiter = SharedRateLimiter(tmp_path / "file" / "rate")
    limiter.acquire(10)
    started = time.monotonic()
    limiter.acquire(10)
    assert time.monotonic() - started >= 0.09  # still spaced
    assert "cannot share the rate limit between processes" in caplog.text


def test_the_default_rate_file_is_the_users_not_the_caches(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("EDGARLIQ_RATE_FILE", str(tmp_path / "r"))
    assert ratelimit.default_rate_file() == tmp_path / "r"
    assert ratelimit.machine_limiter() is ratelimit.machine_limiter()
    monkeypatch.delenv("EDGARLIQ_RATE_FILE")
    import platformdirs

    assert ratelimit.default_rate_file() == Path(platformdirs.user_cache_dir("edgarliq")) / "rate-limit"


# ---------------------------------------------------------------------------------------------
# One download per URL


def test_threads_fetching_one_url_wait_for_the_first(edgar_server: Any, make_client: Any) -> None:
    edgar_server.respond("/www/files/slow.json", {"body": b'{"once": true}', "delay": 0.3})
    client = make_client()
    url = client.www_url("files/slow.json")
    results: list[Any] = []
    threads = [threading.Thread(target=lambda: results.append(client.get_json(url))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [{"once": True}] * 8
    assert edgar_server.count("/www/files/slow.json") == 1
    assert list((client.cache.root / ratelimit.LOCK_DIR).iterdir()) == []  # lock files removed


def test_threads_downloading_one_filing_wait_for_the_first(edgar_server: Any, make_client: Any) -> None:
    acc = "0000999001-97-000001"
    body = submission(acc)
    edgar_server.respond(folder_path(999001, acc), {"body": body, "delay": 0.3})
    client = make_client()
    paths: list[Path] = []
    threads = [threading.Thread(target=lambda: paths.append(client.download(999001, acc))) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(paths)) == 1 and paths[0].read_bytes() == body
    assert edgar_server.count() == 1


def test_url_lock_excludes_and_cleans_up(tmp_path: Path) -> None:
    inside: list[int] = []
    overlap: list[bool] = []

    def hold(i: int) -> None:
        with url_lock(tmp_path, "http://x/y"):
            overlap.append(bool(inside))
            inside.append(i)
            time.sleep(0.02)
            inside.remove(i)

    threads = [threading.Thread(target=hold, args=(i,)) for i in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert overlap == [False] * 5
    assert list((tmp_path / ratelimit.LOCK_DIR).iterdir()) == []
    assert ratelimit._url_thread_locks == {}  # nothing kept per URL once released


# ---------------------------------------------------------------------------------------------
# Four processes


PAGES = 8  # older pages of each company's submissions listing, all read for a period in the oldest


def serve_company(server: Any, cik: int, name: str) -> tuple[str, bytes]:
    """A listing whose only 10-Q sits in its oldest page, so `fetch --period` reads every page first."""
    recent = {"accessionNumber": [], "form": [], "filingDate": [], "reportDate": [], "primaryDocument": []}
    files = [{"name": f"CIK{cik:010d}-submissions-{n:03d}.json", "filingFrom": "1997-01-01",
              "filingTo": "1997-12-31"} for n in range(1, PAGES + 1)]
    server.respond(f"/data/submissions/CIK{cik:010d}.json",
                   {"body": json.dumps({"cik": str(cik), "name": name, "filings": {"recent": recent,
                                                                                      "files": files}}).encode()})
    accession = f"{cik:010d}-97-000001"
    for n in range(1, PAGES + 1):
        last = n == PAGES
        page = {"accessionNumber": [accession if last else f"{cik:010d}-97-{100 + n:06d}"],
                "form": ["10-Q" if last else "8-K"], "filingDate": ["1997-08-11"],
                "reportDate": ["1997-06-30" if last else ""], "primaryDocument": [""]}
        server.respond(f"/data/submissions/CIK{cik:010d}-submissions-{n:03d}.json", {"body": json.dumps(page).encode()})
    body = submission(accession)
    server.respond(folder_path(cik, accession), {"body": body})
    return accession, body


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs POSIX processes and fcntl")
def test_four_fetch_processes_share_one_rate_and_download_each_url_once(edgar_server: Any, tmp_path: Path) -> None:
    """Four `edgarliq fetch` processes at --rate 10 each: three companies, one of them asked for twice.

    Each process reads the ticker list, a listing and its eight older pages, then the filing: 11
    requests as fast as the server answers. With a limit per process this reached 30 requests/s.
    """
    companies = {"AAA": 999101, "BBB": 999102, "CCC": 999103}
    tickers = {str(i): {"cik_str": cik, "ticker": t, "title": f"{t} CORP"}
               for i, (t, cik) in enumerate(companies.items())}
    edgar_server.respond("/www/files/company_tickers.json", {"body": json.dumps(tickers).encode()})
    filings = {t: serve_company(edgar_server, cik, f"{t} CORP") for t, cik in companies.items()}
    env = {**os.environ, "EDGARLIQ_WWW_BASE": edgar_server.www_base, "EDGARLIQ_DATA_BASE": edgar_server.data_base,
           "EDGARLIQ_USER_AGENT": TEST_UA, "EDGARLIQ_CACHE_DIR": str(tmp_path / "cache"),
           "EDGARLIQ_RATE_FILE": str(tmp_path / "rate-limit"), "PYTHONPATH": str(ROOT)}
    runs = list(enumerate(["AAA", "BBB", "CCC", "AAA"]))
    procs = [subprocess.Popen([sys.executable, "-m", "edgarliq.cli", "fetch", "--ticker", t, "--form", "10-Q",
                               "--period", "1997-06-30", "--rate", "10", "--out", str(tmp_path / f"out{w}")],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              preexec_fn=lambda: os.umask(0o022))
             for w, t in runs]
    outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [err for _out, err in outs]

    hits = edgar_server.hits
    paths = [h.path for h in hits]
    assert len(paths) == len(set(paths)) == 1 + 3 * (PAGES + 2)  # every URL downloaded exactly once
    assert max_in_window([h.at for h in hits]) <= 10  # in every one-second window, as the server saw them
    for (w, t), (out, _err) in zip(runs, outs, strict=True):
        accession, body = filings[t]
        saved = Path(out.strip())
        assert saved == tmp_path / f"out{w}" / f"{accession}.txt" and saved.read_bytes() == body
        assert saved.stat().st_mode & 0o777 == 0o644  # saved filings are readable by others
    cached = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert len(cached) == len(hits) and all(p.stat().st_mode & 0o777 == 0o644 for p in cached)
    assert list((tmp_path / "cache" / ratelimit.LOCK_DIR).iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_takes_its_own_turns(tmp_path: Path) -> None:
    """After fork the child must not share the parent's open file (a shared flock excludes nobody)."""
    limiter = SharedRateLimiter(tmp_path / "rate")
    limiter.acquire(10)
    parent_fd = limiter._fd
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: one acquire, then report whether it reopened the file
        try:
            limiter.acquire(10)
            os.write(write, b"reopened" if limiter._fd != parent_fd or limiter._pid == os.getpid() else b"shared")
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 100) == b"reopened"
