"""What may enter, and leave, the cache: `bodies.body_problem` on every real corpus filing and on
the same filings cut and replaced the ways a server fails (issue 11, item 6). No network here;
the fetch paths are in test_client.py.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from paths import CORPUS, FIXTURES

from edgarliq.edgar.bodies import body_kind, body_problem, file_problem, looks_like_html
from edgarliq.edgar.cache import Cache

FULL = "https://www.sec.gov/Archives/edgar/data/320193/000032019397000014/0000320193-97-000014.txt"
FLAT = "https://www.sec.gov/Archives/edgar/data/320193/0000320193-97-000014.txt"
INDEX = "https://www.sec.gov/Archives/edgar/full-index/1997/QTR3/form.idx"
TICKERS = "https://www.sec.gov/files/company_tickers.json"


def corpus_submissions() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(CORPUS.glob("*.txt"))


def test_kinds_follow_the_url() -> None:
    assert body_kind(FULL) == body_kind(FLAT) == "submission"
    assert body_kind(INDEX) == "index"
    assert body_kind("https://www.sec.gov/Archives/edgar/full-index/1997/QTR3/master.idx") == "index"
    assert body_kind("https://www.sec.gov/Archives/edgar/daily-index/1997/QTR3/company.19970811.idx") == "index"
    assert body_kind(TICKERS) == "json"
    assert body_kind("https://www.sec.gov/Archives/edgar/data/320193/000032019397000014/a.htm") == ""


@pytest.mark.skipif(not corpus_submissions(), reason=f"shared corpus not available ({CORPUS})")
def test_every_real_submission_in_the_corpus_is_accepted_and_every_half_refused() -> None:
    """420 real .txt files of every wrapper (PEM, <SEC-DOCUMENT>, <IMS-DOCUMENT>, <DOCUMENT>)."""
    files = corpus_submissions()
    assert len(files) >= 400
    for path in files:
        body = path.read_bytes()
        assert body_problem(FULL, body) is None, path.name
        problem = body_problem(FULL, body[: len(body) // 3])  # (one corpus file holds two copies: not // 2)
        assert problem is not None and problem.startswith("truncated: the body"), path.name


def test_the_seed_filing_and_its_closers(tmp_path: Path) -> None:
    pem = (CORPUS / "1_0000320193_10-Q_19970627.txt")
    if not pem.exists():
        pytest.skip("corpus absent")
    body = pem.read_bytes()
    assert body_problem(FULL, body) is None
    assert body_problem(FULL, body + b"\r\n\n  ") is None  # trailing whitespace is not truncation
    # the inner </SEC-DOCUMENT> is there but the PEM trailer is not: cut
    without_trailer = body[: body.rindex(b"-----END PRIVACY-ENHANCED MESSAGE-----")]
    assert "does not end with -----END PRIVACY-ENHANCED MESSAGE-----" in body_problem(FULL, without_trailer)
    # file_problem reads only head and tail, and agrees
    saved = tmp_path / "f.txt"
    saved.write_bytes(without_trailer)
    assert file_problem(FULL, saved) == body_problem(FULL, without_trailer)
    saved.write_bytes(body)
    assert file_problem(FULL, saved) is None


@pytest.mark.parametrize("body", [
    b"<!-- generated 2026-12-02 -->\n<!DOCTYPE html><html><title>Error</title></html>",
    b"\n" * 800 + b"<html><body>Service Unavailable</body></html>",
    b"   \r\n" * 300 + b"<HTML><HEAD><TITLE>Error</TITLE></HEAD></HTML>",
    b"\xef\xbb\xbf<!doctype html><title>x</title>",
])
def test_html_error_pages_are_refused_for_every_kind(body: bytes) -> None:
    assert looks_like_html(body)
    for url in (FULL, INDEX, TICKERS):
        problem = body_problem(url, body)
        assert problem is not None and "an HTML page" in problem, url


def test_plain_junk_is_not_a_submission() -> None:
    assert body_problem(FULL, b"Service temporarily unavailable\n") == (
        "not a full submission .txt: it starts with 'Service temporarily unavailable\\n', where <SEC-DOCUMENT>, "
        "<IMS-DOCUMENT>, <SEC-HEADER>, <IMS-HEADER>, <DOCUMENT> or the PEM banner was expected")
    assert body_problem(FULL, b"") == "empty body"
    assert body_problem(FULL, b"\n\n\n") .startswith("not a full submission .txt: it starts with only whitespace")


def test_indexes_need_their_header_and_a_last_whole_line() -> None:
    for name in ("form.idx", "master.idx"):
        whole = (FIXTURES / "edgar" / name).read_bytes()
        url = INDEX.replace("form.idx", name)
        assert body_problem(url, whole) is None
        assert body_problem(url, whole[:-30]).startswith("truncated: the index ends in the middle of a line")
        header_only = whole[: whole.index(b"\n", whole.index(b"-----")) + 1]
        assert body_problem(url, header_only) is None  # an empty quarter is a valid index
        assert "no 'Form Type' column header" in body_problem(url, whole[whole.index(b"-----"):])


def test_json_must_parse() -> None:
    assert body_problem(TICKERS, b'{"0": {"ticker": "AAPL"}}') is None
    assert body_problem(TICKERS, b'{"0": {"ticker": "AAP').startswith("invalid JSON")


def test_a_cache_entry_that_fails_is_a_miss_and_is_removed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    cache = Cache(tmp_path)
    good = json.dumps({"0": {"ticker": "AAPL"}}).encode()
    cache.put(TICKERS, good)
    assert cache.get(TICKERS) == good
    cache.path_for(TICKERS).write_bytes(b"<!-- x --><html></html>")
    with caplog.at_level(logging.WARNING, "edgarliq.edgar"):
        assert cache.get(TICKERS) is None
    assert "ignoring cached" in caplog.text and not cache.path_for(TICKERS).exists()
    submission = b"<SEC-DOCUMENT>x\n<DOCUMENT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n"
    cache.put(FULL, submission)
    assert cache.valid_path(FULL) == cache.path_for(FULL)
    cache.path_for(FULL).write_bytes(submission[:-20])
    assert cache.valid_path(FULL) is None and cache.get(FULL) is None
    assert cache.valid_path(FLAT) is None  # never written: a miss, not an error
