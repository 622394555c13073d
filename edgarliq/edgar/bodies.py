"""What a usable EDGAR body looks like, by the kind of file its URL names.

One check, used twice: by the client before a body enters the cache, and by the cache when an
entry is read back (an entry that fails is a miss and is fetched again, never an error). The
checks are positive where the format allows it: a full submission must *start* like one and
*end* with its own closing tag, so an error page (whatever it starts with: a doctype, an HTML
comment, hundreds of blank lines) and a body cut short by the server closing the connection
(no Content-Length to tell us) are both refused without having to recognise them.

Only the head and the tail of a submission are looked at, so checking a 50 MB filing costs two
small reads; JSON is parsed whole (listings are small).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from edgarliq import lazyre

HEAD_BYTES = 8192  # enough for an index header (about 600 bytes) and any leading blank lines
TAIL_BYTES = 512
TRUNCATED = "truncated: "  # problems that start so are a body cut short: transient, worth a retry

# A full submission .txt: the accession number as the file name, under Archives/edgar/data.
_SUBMISSION_PATH = lazyre.compile(r"/Archives/edgar/data/\d+/(?:\d{18}/)?\d{10}-\d{2}-\d{6}\.txt$", re.I)
_INDEX_PATH = lazyre.compile(r"/(?:form|master|company)(?:\.\d{8})?\.idx$", re.I)

# How a full submission opens, and the closing tag it must then end with. 1993-c.2002 files are
# wrapped in a PEM block; later ones open with <SEC-DOCUMENT>; the earliest with <IMS-DOCUMENT>;
# a header-first or bare-document copy with <SEC-HEADER>/<IMS-HEADER>/<DOCUMENT> (see
# /work/shared/docs/edgar-formats.md, "Wrapper"). A closing tag may be followed by whitespace only.
_PEM_BEGIN, _PEM_END = b"-----BEGIN PRIVACY-ENHANCED MESSAGE-----", b"-----END PRIVACY-ENHANCED MESSAGE-----"
_SUBMISSION_FRAMES: tuple[tuple[bytes, tuple[bytes, ...]], ...] = (
    (_PEM_BEGIN, (_PEM_END,)),
    (b"<SEC-DOCUMENT>", (b"</SEC-DOCUMENT>",)),
    (b"<IMS-DOCUMENT>", (b"</IMS-DOCUMENT>",)),
    (b"<SEC-HEADER>", (b"</DOCUMENT>", b"</SEC-DOCUMENT>")),
    (b"<IMS-HEADER>", (b"</DOCUMENT>", b"</IMS-DOCUMENT>")),
    (b"<DOCUMENT>", (b"</DOCUMENT>",)),
)
_OPENERS = ", ".join(o.decode() for o, _ in _SUBMISSION_FRAMES[1:]) + " or the PEM banner"

_WS = b" \t\r\n\f\v\x00"
_BOM = b"\xef\xbb\xbf"
_HTML_START = (b"<!doctype html", b"<html", b"<head", b"<body", b"<title", b"<meta", b"<script", b"<style",
               b"<div", b"<p>", b"<h1", b"<table", b"<center", b"<pre>")


def body_kind(url: str) -> str:
    """``submission``, ``index``, ``json`` or ``""`` (anything else: only non-emptiness is checked)."""
    path = urlsplit(url).path
    if _SUBMISSION_PATH.search(path):
        return "submission"
    if _INDEX_PATH.search(path):
        return "index"
    if path.lower().endswith(".json"):
        return "json"
    return ""


def _skip_preamble(head: bytes) -> bytes:
    """The head without a BOM, leading whitespace and HTML comments (``<!-- ... -->``), however many."""
    text = head.removeprefix(_BOM).lstrip(_WS)
    while text.startswith(b"<!--"):
        end = text.find(b"-->", 4)
        if end < 0:
            return b""  # a comment longer than the head: nothing recognisable follows
        text = text[end + 3:].lstrip(_WS)
    return text


def looks_like_html(head: bytes) -> bool:
    """An HTML page, even one that opens with comments or blank lines (as error pages do)."""
    text = head.removeprefix(_BOM).lstrip(_WS)
    if text.startswith(b"<!--"):
        return True  # a filing never opens with an HTML comment
    return _skip_preamble(head)[:16].lower().startswith(_HTML_START)


def html_title(head: bytes) -> str:
    m = re.search(rb"<title[^>]{0,200}>([^<]{0,300})</title>", head[:HEAD_BYTES], re.I)
    return " ".join(m.group(1).decode("utf-8", "replace").split())[:120] if m else ""


def _describe_start(head: bytes) -> str:
    text = head.removeprefix(_BOM).lstrip(_WS)
    if not text:
        return "only whitespace" if head else "nothing"
    if looks_like_html(head):
        title = html_title(head)
        return f"an HTML page{f' ({title!r})' if title else ''}"
    return repr(text[:40].decode("latin-1"))


def submission_problem(head: bytes, tail: bytes, size: int) -> str | None:
    """Why ``head``/``tail`` (first and last bytes of a body of ``size``) are not a whole full submission."""
    start = head.removeprefix(_BOM).lstrip(_WS)[:64].upper()
    for opener, closers in _SUBMISSION_FRAMES:
        if start.startswith(opener):
            end = tail.rstrip(_WS).upper()
            if end.endswith(closers):
                return None
            want = " or ".join(c.decode() for c in closers)
            return (f"{TRUNCATED}the body ({size:,} bytes) does not end with {want} "
                    "(the connection closed early?)")
    if looks_like_html(head):
        return (f"{_describe_start(head)} was served where a full submission .txt was expected "
                "(an error or maintenance page?)")
    return f"not a full submission .txt: it starts with {_describe_start(head)}, where {_OPENERS} was expected"


def index_problem(head: bytes, tail: bytes) -> str | None:
    """An EDGAR .idx has a column header with 'Form Type' over a row of dashes, and ends at a line end."""
    text = _skip_preamble(head)
    if looks_like_html(head):
        return f"not an EDGAR index: {_describe_start(head)} was served"
    lines = text.splitlines()
    for i, line in enumerate(lines[1:], 1):
        if line.startswith(b"-----") and not line.strip(b"- \t") and b"form type" in lines[i - 1].lower():
            break
    else:
        return "not an EDGAR index: no 'Form Type' column header over a row of dashes in its first lines"
    if not tail.endswith(b"\n"):
        return "truncated: the index ends in the middle of a line (the connection closed early?)"
    return None


def body_problem(url: str, body: bytes) -> str | None:
    """Why ``body`` is not a usable answer for ``url``, or None when it is."""
    if not body:
        return "empty body"
    kind = body_kind(url)
    if kind == "submission":
        return submission_problem(body[:HEAD_BYTES], body[-TAIL_BYTES:], len(body))
    if kind == "index":
        return index_problem(body[:HEAD_BYTES], body[-TAIL_BYTES:])
    if kind == "json":
        if looks_like_html(body[:HEAD_BYTES]):
            return f"{_describe_start(body[:HEAD_BYTES])} was served where JSON was expected"
        try:
            json.loads(body)
        except ValueError as exc:
            return f"invalid JSON: {exc}"
    return None


def file_problem(url: str, path: Path) -> str | None:
    """`body_problem` for a saved file, reading only what the check needs (head and tail of a filing)."""
    kind = body_kind(url)
    if kind in ("submission", "index"):
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
            size = fh.seek(0, 2)
            fh.seek(max(0, size - TAIL_BYTES))
            tail = fh.read()
        if not size:
            return "empty body"
        if kind == "submission":
            return submission_problem(head, tail, size)
        return index_problem(head, tail)
    return body_problem(url, path.read_bytes())
