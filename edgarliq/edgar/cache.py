"""On-disk cache of EDGAR responses, keyed by URL.

Archive files (``/Archives/edgar/data/...``) never change once disseminated, so they are kept
forever; listings (submissions JSON, company_tickers.json, full-index ``.idx``) are rebuilt by
SEC and expire after a TTL. Every write is atomic (a temp file in the same directory, then
``os.replace``) so an interrupted run never leaves a partial body that a later run would trust.
Every read is checked as a fresh download is (`bodies.body_problem`): an entry that fails,
whoever wrote it, is a miss, so it is fetched again rather than trusted or reported as an error.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from edgarliq import lazyre
from edgarliq.edgar.bodies import body_problem, file_problem

log = logging.getLogger("edgarliq.edgar")
DEFAULT_TTL = 24 * 60 * 60.0  # listings: one day; SEC rebuilds full indexes weekly, submissions daily
TEMP_SUFFIX = ".part"  # temp files end so; tests check none is ever left behind

_UNSAFE = lazyre.compile(r"[^A-Za-z0-9._-]")


def _umask() -> int:
    # os.umask can only be read by setting it; done once, at import, before any thread exists.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # what open() would give: mkstemp's 0600 would hide saved filings


def default_cache_dir() -> Path:
    """``EDGARLIQ_CACHE_DIR`` if set, else the platform's user cache dir (e.g. ~/.cache/edgarliq)."""
    env = os.environ.get("EDGARLIQ_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs  # deferred: only needed when the cache is actually used

    return Path(platformdirs.user_cache_dir("edgarliq"))


def is_immutable(url: str) -> bool:
    """Archive files of a filing never change; everything else is a listing that can."""
    return "/Archives/edgar/data/" in urlsplit(url).path


def atomic_write(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so readers see either the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        # Never leave the temp file behind, whatever interrupted us (including Ctrl-C).
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return path


class Cache:
    """Response bodies under ``root/<host>/<path>``.

    The host is part of the key so that a test server or a mirror never shares entries with
    www.sec.gov: a mirror may serve something different and we must not trust it as SEC's.
    """

    def __init__(self, root: Path | str, ttl: float = DEFAULT_TTL) -> None:
        self.root = Path(root)
        self.ttl = float(ttl)

    def path_for(self, url: str) -> Path:
        parts = urlsplit(url)
        host = _UNSAFE.sub("_", parts.netloc) or "local"
        segments = [s for s in parts.path.split("/") if s]
        # ".." or odd characters in a URL must not escape the cache directory.
        safe = [_UNSAFE.sub("_", s) if s not in (".", "..") else "_" for s in segments] or ["_index"]
        if parts.query:
            safe[-1] += "_" + _UNSAFE.sub("_", parts.query)
        return self.root.joinpath(host, *safe)

    def get(self, url: str) -> bytes | None:
        """The cached body, or None when absent, (for listings) older than the TTL, or not valid."""
        path = self.path_for(url)
        try:
            if not is_immutable(url) and time.time() - path.stat().st_mtime > self.ttl:
                return None
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        problem = body_problem(url, data)
        if problem:
            self._discard(path, problem)
            return None
        return data

    def valid_path(self, url: str) -> Path | None:
        """The cached file of an archive (which never expires), checked without reading it whole; None if not."""
        path = self.path_for(url)
        try:
            problem = file_problem(url, path)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None
        if problem:
            self._discard(path, problem)
            return None
        return path

    def _discard(self, path: Path, problem: str) -> None:
        # Not ours to trust (an older edgarliq, a copy, a disk error): fetch it again.
        log.warning("edgarliq: ignoring cached %s: %s; fetching it again", path, problem)
        with contextlib.suppress(OSError):
            path.unlink()

    def put(self, url: str, data: bytes) -> Path:
        return atomic_write(self.path_for(url), data)
