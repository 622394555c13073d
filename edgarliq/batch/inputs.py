"""Discovering a batch's inputs: files, directories, glob patterns, fsspec URLs and EDGAR selections.

The output of this module is a list of `Job`s: a name to read (a local path or an fsspec URL) with
its size and modification time, which is what resume compares. Nothing here reads a filing.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from edgarliq.errors import EdgarliqError, FilingError
from edgarliq.record import record

FILING_SUFFIXES = (".txt", ".nc", ".htm", ".html")


@record(frozen=True, slots=True)
class Job:
    """One input file. ``path``: an absolute local path (symlinks kept: the name the user gave is the
    name recorded) or an fsspec URL (``s3://bucket/f.txt``), read by whichever process runs it."""

    path: str
    size: int
    mtime_ns: int


def is_url(text: str) -> bool:
    """An fsspec URL (``s3://``, ``gs://``, ``file://`` ...); Windows drive letters are not URLs."""
    scheme, sep, _ = text.partition("://")
    return bool(sep) and len(scheme) > 1 and scheme.replace("+", "").replace("-", "").isalnum()


def url_filesystem(url: str) -> tuple[Any, str]:
    """(fsspec filesystem, path within it) of a URL. fsspec is needed only when URLs are used."""
    try:
        import fsspec
    except ImportError:
        raise EdgarliqError(f"{url}: reading URLs needs fsspec (pip install 'edgarliq[cluster]')") from None
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:  # e.g. s3:// without s3fs installed
        raise EdgarliqError(f"{url}: {exc}") from None


def read_input(path: str) -> bytes:
    """The bytes of one input (a local path or a URL); OSError when it cannot be read."""
    if is_url(path):
        fs, inner = url_filesystem(path)
        with fs.open(inner, "rb") as f:
            return f.read()
    return Path(path).read_bytes()


def _is_filing_name(rel_parts: Sequence[str]) -> bool:
    return (Path(rel_parts[-1]).suffix.lower() in FILING_SUFFIXES
            and not any(part.startswith(".") for part in rel_parts))


class RemoteFile(str):
    """An input URL with the size and modification time its listing gave (one listing for a
    whole prefix, not a request per file: an object store charges, and waits, per request)."""

    size: int
    mtime_ns: int

    def __new__(cls, url: str, info: dict[str, Any]) -> RemoteFile:
        self = super().__new__(cls, url)
        self.size, self.mtime_ns = _size_mtime(info)
        return self


def _size_mtime(info: dict[str, Any]) -> tuple[int, int]:
    size = info.get("size")
    mtime = info.get("mtime") or info.get("LastModified") or info.get("updated") or info.get("last_modified")
    if hasattr(mtime, "timestamp"):
        mtime = mtime.timestamp()
    try:
        mtime_ns = int(float(mtime) * 1e9) if mtime else -1
    except (TypeError, ValueError):
        mtime_ns = -1  # a store that gives no usable time: resume then goes by content hash
    return (int(size) if isinstance(size, int | float) else -1), mtime_ns


def _discover_url(text: str, add: Callable[[str], None]) -> None:
    """Files under an fsspec URL: itself, a directory (recursive) or a glob pattern."""
    fs, inner = url_filesystem(text)
    if glob.has_magic(inner):
        matches = fs.glob(inner, detail=True)
        if not matches:
            raise FilingError(text, "", "no file matches this pattern")
    elif fs.exists(inner):
        matches = {inner: fs.info(inner)}
    else:
        raise FilingError(text, "", "no such file or directory")
    for m in sorted(matches):
        info = matches[m]
        if info.get("type") == "directory":
            base = m.rstrip("/")
            found = fs.find(base, detail=True)
            for p in sorted(found):
                if _is_filing_name(p[len(base):].strip("/").split("/")):
                    add(RemoteFile(fs.unstrip_protocol(p), found[p]))
        else:
            add(RemoteFile(fs.unstrip_protocol(m), info))


def discover_inputs(inputs: Iterable[str | os.PathLike[str]]) -> list[Path | str]:
    """Files named, filing files under directories (recursive), glob matches and URLs; each once.

    A directory contributes ``*.txt``, ``*.nc``, ``*.htm`` and ``*.html`` files (not hidden ones);
    a file named explicitly is taken whatever its suffix. Order: as given, sorted within each
    directory or pattern, so runs (and part files) are reproducible. Local files are `Path`s; an
    fsspec URL (``s3://bucket/edgar/**/*.txt``) gives URL strings, read later by the workers.
    """
    seen: set[str] = set()
    found: list[Path | str] = []

    def add(p: Path) -> None:
        key = os.path.abspath(p)
        if key not in seen:
            seen.add(key)
            found.append(p)

    def add_url(url: str) -> None:
        if url not in seen:
            seen.add(url)
            found.append(url)

    def add_dir(d: Path) -> None:
        for p in sorted(d.rglob("*")):
            if _is_filing_name(p.relative_to(d).parts) and p.is_file():
                add(p)

    for item in inputs:
        text = os.fspath(item)
        if is_url(text):
            _discover_url(text, add_url)
            continue
        p = Path(text).expanduser()
        if p.is_dir():
            add_dir(p)
        elif p.is_file():
            add(p)
        elif glob.has_magic(text):
            matches = sorted(glob.glob(os.path.expanduser(text), recursive=True))
            if not matches:
                raise FilingError(text, "", "no file matches this pattern")
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    add_dir(mp)
                elif mp.is_file():
                    add(mp)
        else:
            raise FilingError(text, "", "no such file or directory")
    return found


def make_job(p: Path | str) -> Job:
    """The job of one discovered input, with the (size, mtime) that resume compares."""
    if isinstance(p, RemoteFile):
        return Job(str(p), p.size, p.mtime_ns)
    text = os.fspath(p)
    if is_url(text):
        try:
            fs, inner = url_filesystem(text)
            return Job(text, *_size_mtime(fs.info(inner)))
        except (OSError, EdgarliqError, ValueError, TypeError):
            return Job(text, -1, -1)  # the worker records why it cannot be read
    path = os.path.abspath(text)
    try:
        st = os.stat(path)
    except OSError:
        return Job(path, -1, -1)  # vanished or unreadable: the worker records why
    return Job(path, st.st_size, st.st_mtime_ns)


# ---------------------------------------------------------------------------------------------
# Filings from EDGAR: a full-index quarter (--year/--quarter) or one company's list (--cik).


def select_remote(client: Any, *, year: int | None = None, quarter: int | None = None, cik: int | None = None,
                  forms: Sequence[str] = ("10-Q", "10-K"), amendments: bool = False,
                  limit: int | None = None) -> list[Any]:
    """EDGAR listing entries (`edgarliq.edgar.index.Filing`) to run: a quarter's full index (a whole
    year when no quarter is given; ``cik`` filters it), or one company's filings when only ``cik``."""
    from edgarliq.edgar.index import full_index, list_filings

    if year is not None:
        found: list[Any] = []
        for q in [quarter] if quarter else [1, 2, 3, 4]:
            found.extend(full_index(client, year, q, forms, amendments=amendments, cik=cik))
    elif quarter is not None:
        raise EdgarliqError("--quarter needs --year")
    elif cik is not None:
        found = list_filings(client, cik, forms, amendments=amendments)
    else:
        return []
    return found[:limit] if limit else found


def fetch_remote(client: Any, todo: Sequence[Any], save_to: Path | None,
                 on_done: Callable[[], None] | None = None) -> tuple[list[Path], list[dict[str, Any]]]:
    """Download (or find in the cache) each listed filing; failed downloads become filings rows.

    Serial and in this one process on purpose, whatever the engine: SEC allows 10 requests/s for the
    whole user, which `EdgarClient` enforces, so parallel downloads would not be faster, and workers
    of a cluster each fetching on their own would exceed it. Cached filings cost no request at all.
    """
    paths: list[Path] = []
    failed: list[dict[str, Any]] = []
    for f in todo:
        try:
            paths.append(client.download(f.cik, f.accession, save_to))
        except EdgarliqError as exc:
            failed.append({"filing_key": f.accession, "path": f.url, "size": -1, "mtime_ns": -1, "status": "failed",
                           "accession": f.accession, "cik": f"{int(f.cik):010d}", "company": f.company,
                           "form": f.form, "filed": f.filed, "stage": "fetch", "error_type": type(exc).__name__,
                           "error": str(exc)})
        if on_done is not None:
            on_done()
    return paths, failed
