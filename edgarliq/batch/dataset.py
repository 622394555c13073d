"""The output dataset: part files per table, commit records, resume keys and failures.csv.

Layout of an output directory (``--out DIR``, a local path or an fsspec URL)::

    DIR/filings.parquet/part-00001.parquet    one row per input file (ok, failed or duplicate)
    DIR/schedules.parquet/part-00001.parquet  EX-27 values, long: one row per (schedule, column, tag)
    DIR/statements.parquet/part-00001.parquet statement cells, long: one row per (statement, row, column)
    DIR/metrics.parquet/part-00001.parquet    one row per metric value
    DIR/checks.parquet/part-00001.parquet     one row per check
    DIR/failures.csv                          file, stage, error type, message (derived from filings)

Crash safety: every part is written under a hidden name and renamed into place. The filings part of
a part number is written *last*, by the one process that runs the batch, and is its commit record:
on start, detail parts whose number has no filings part (a run killed mid-part) are deleted, and
those filings are simply done again. Workers of a cluster write their detail parts themselves under
hidden *staged* names unique to the run (`stage_part`); the client renames them into place when the
task's result reaches it, so a worker left over from a killed run can never overwrite a part of the
run that replaced it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from edgarliq.batch.inputs import is_url, url_filesystem
from edgarliq.batch.rows import DETAIL_TABLES, SCHEMAS, TABLES, Result, table_from_rows
from edgarliq.errors import EdgarliqError
from edgarliq.record import field, record

FAILURE_COLUMNS = ("file", "stage", "error_type", "message", "where", "filing_key", "sha256")
# Snappy rather than zstd: the parent writes the parts on the same cores the workers use, and
# snappy costs ~40% less CPU to write for parts ~30% larger (readers handle both transparently).
PARQUET_COMPRESSION = "snappy"


# ---------------------------------------------------------------------------------------------
# Storage: the few file operations the dataset needs, on a local directory or an fsspec filesystem.


class LocalStorage:
    """A local directory through os and pathlib (no fsspec needed)."""

    arrow_fs: Any = None  # pyarrow reads local paths itself

    def join(self, *parts: str) -> str:
        return os.path.join(*parts)

    def makedirs(self, path: str) -> None:
        os.makedirs(path, exist_ok=True)

    def names(self, directory: str) -> list[str]:
        return os.listdir(directory) if os.path.isdir(directory) else []

    def isdir(self, path: str) -> bool:
        return os.path.isdir(path)

    def exists(self, path: str) -> bool:
        return os.path.exists(path)

    def open(self, path: str, mode: str) -> Any:
        return open(path, mode)  # noqa: SIM115 - the caller closes it

    def replace(self, src: str, dst: str) -> None:
        os.replace(src, dst)

    def remove(self, path: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


class FsspecStorage:
    """An fsspec filesystem (s3://, gs://, file:// ...). Renames are copies on object stores, which
    is fine: a part is written once and renamed once."""

    def __init__(self, fs: Any) -> None:
        self.fs = fs
        self.arrow_fs = fs  # pyarrow wraps an fsspec filesystem itself

    def join(self, *parts: str) -> str:
        return "/".join(p.rstrip("/") for p in parts)

    def makedirs(self, path: str) -> None:
        self.fs.makedirs(path, exist_ok=True)

    def names(self, directory: str) -> list[str]:
        self.fs.invalidate_cache(directory)  # object stores cache listings; parts appear as we go
        try:
            return [p.rstrip("/").rsplit("/", 1)[-1] for p in self.fs.ls(directory, detail=False)]
        except FileNotFoundError:
            return []

    def isdir(self, path: str) -> bool:
        self.fs.invalidate_cache(path)
        return bool(self.fs.isdir(path))

    def exists(self, path: str) -> bool:
        return bool(self.fs.exists(path))

    def open(self, path: str, mode: str) -> Any:
        return self.fs.open(path, mode)

    def replace(self, src: str, dst: str) -> None:
        self.fs.mv(src, dst)

    def remove(self, path: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.fs.rm_file(path)


Storage = LocalStorage | FsspecStorage


def storage_for(out: str | os.PathLike[str]) -> tuple[Storage, str]:
    """(storage, root path within it) of an output location: a local path or an fsspec URL."""
    text = os.fspath(out)
    if is_url(text):
        fs, root = url_filesystem(text)
        return FsspecStorage(fs), root.rstrip("/")
    return LocalStorage(), os.path.abspath(text)


# ---------------------------------------------------------------------------------------------
# Tables from rows, and back


def part_name(n: int, fmt: str) -> str:
    return f"part-{n:05d}.{fmt}"


def part_number(name: str) -> int | None:
    stem = name.split(".", 1)[0]
    if stem.startswith("part-") and stem[5:].isdigit():
        return int(stem[5:])
    return None


def table_from_dicts(table: str, rows: Sequence[dict[str, Any]]) -> pa.Table:
    schema = SCHEMAS[table]
    return table_from_rows(table, [tuple(r.get(name) for name in schema.names) for r in rows])


def _write_file(storage: Storage, path: str, data: pa.Table, fmt: str) -> None:
    with storage.open(path, "wb") as f:
        if fmt == "parquet":
            pq.write_table(data, f, compression=PARQUET_COMPRESSION)
        else:
            pacsv.write_csv(data, f)


def _read_file(storage: Storage, path: str, table: str, fmt: str) -> pa.Table:
    schema = SCHEMAS[table]
    with storage.open(path, "rb") as f:
        if fmt == "parquet":
            return pq.read_table(f).cast(schema)
        options = pacsv.ConvertOptions(column_types=schema, strings_can_be_null=True)
        return pacsv.read_csv(f, convert_options=options)


def _read_dir(storage: Storage, directory: str, table: str, fmt: str,
              columns: Sequence[str] | None = None) -> pa.Table:
    schema = SCHEMAS[table]
    files = sorted(storage.join(directory, n) for n in storage.names(directory)
                   if n.startswith("part-") and n.endswith(f".{fmt}"))
    if not files:
        empty = schema.empty_table()
        return empty.select(list(columns)) if columns else empty
    if fmt == "parquet":
        dataset = pads.dataset(files, schema=schema, format="parquet", filesystem=storage.arrow_fs)
        return dataset.to_table(columns=list(columns) if columns else None)
    options = pacsv.ConvertOptions(column_types=schema, strings_can_be_null=True,
                                   include_columns=list(columns) if columns else None)
    parts = []
    for p in files:
        with storage.open(p, "rb") as f:
            parts.append(pacsv.read_csv(f, convert_options=options))
    return pa.concat_tables([t.cast(pa.schema([schema.field(n) for n in t.column_names])) for t in parts])


def existing_format(storage: Storage, root: str) -> str | None:
    for fmt in ("parquet", "csv"):
        if storage.isdir(storage.join(root, f"filings.{fmt}")):
            return fmt
    return None


def read_table(out_dir: str | os.PathLike[str], table: str, columns: Sequence[str] | None = None) -> Any:
    """One table of a batch output directory (a path or an fsspec URL) as a pandas DataFrame, typed
    by the declared schema, in either format."""
    if table not in SCHEMAS:
        raise KeyError(f"no table {table!r}; tables: {', '.join(TABLES)}")
    storage, root = storage_for(out_dir)
    fmt = existing_format(storage, root) or "parquet"
    return _read_dir(storage, storage.join(root, f"{table}.{fmt}"), table, fmt, columns).to_pandas()


# ---------------------------------------------------------------------------------------------
# Parts written by a worker


@record(slots=True)
class StagedPart:
    """What a cluster task hands back: its part number, the hidden detail files it wrote, and the
    filings rows (small) that the client commits. ``kept[i]``: whether row i has detail rows."""

    number: int
    paths: dict[str, str]
    filings: list[dict[str, Any]]
    kept: list[bool] = field(default_factory=list)


def staged_name(table: str, number: int, fmt: str, token: str) -> str:
    # Hidden (pyarrow and pandas skip dot-files) and ending .tmp (recovery deletes leftovers).
    return f"{table}.{fmt}/.{part_name(number, fmt)}.{token}.tmp"


def stage_part(out: str, fmt: str, number: int, token: str, results: Sequence[Result]) -> StagedPart:
    """Write one task's detail rows as hidden staged parts (on the worker); return the rest.

    A filing repeated inside the task (same bytes, or same accession) keeps its detail rows only
    once; the client marks the repeat ``duplicate`` as it would in a pool run.
    """
    storage, root = storage_for(out)
    details: dict[str, list[tuple[Any, ...]]] = {t: [] for t in DETAIL_TABLES}
    filings, kept = [], []
    seen: set[str] = set()
    for row, rows in results:
        ids = {x for x in (row.get("sha256"), row.get("filing_key") if row.get("status") == "ok" else None) if x}
        keep = not (ids & seen) and any(rows.values())
        seen |= ids
        if keep:
            for table, trs in rows.items():
                details[table].extend(trs)
        filings.append(row)
        kept.append(keep)
    paths = {}
    for table in DETAIL_TABLES:
        path = storage.join(root, staged_name(table, number, fmt, token))
        _write_file(storage, path, table_from_rows(table, details[table]), fmt)
        paths[table] = path
    return StagedPart(number, paths, filings, kept)


# ---------------------------------------------------------------------------------------------
# The store the client keeps


class Store:
    """The output directory: writes parts, knows what is done, keeps failures.csv."""

    def __init__(self, out: str | os.PathLike[str], fmt: str) -> None:
        self.location = os.fspath(out)
        self.storage, self.root = storage_for(out)
        self.fmt = fmt
        self.dirs = {t: self.storage.join(self.root, f"{t}.{fmt}") for t in TABLES}
        self.failures_path = self.storage.join(self.root, "failures.csv")
        self.next_part = 1

    def open(self) -> None:
        self.storage.makedirs(self.root)
        for d in self.dirs.values():
            self.storage.makedirs(d)
        self._recover()

    def _recover(self) -> None:
        """Delete leftovers of an interrupted run: temp files and uncommitted detail parts."""
        committed = {part_number(n) for n in self.storage.names(self.dirs["filings"]) if n.startswith("part-")}
        committed.discard(None)
        highest = max((n for n in committed if n is not None), default=0)
        for table, d in self.dirs.items():
            for name in self.storage.names(d):
                path = self.storage.join(d, name)
                if name.startswith(".") and name.endswith(".tmp"):
                    self.storage.remove(path)
                    continue
                n = part_number(name)
                if table != "filings" and n is not None and n not in committed:
                    self.storage.remove(path)  # written before its commit record: those filings are redone
                elif n is not None:
                    highest = max(highest, n)
        self.next_part = highest + 1

    def reserve(self) -> int:
        """A part number for a task of a cluster, which writes its detail parts itself."""
        n = self.next_part
        self.next_part += 1
        return n

    def filings(self, columns: Sequence[str] | None = None) -> pa.Table:
        return _read_dir(self.storage, self.dirs["filings"], "filings", self.fmt, columns)

    def _path(self, table: str, n: int) -> str:
        return self.storage.join(self.dirs[table], part_name(n, self.fmt))

    def _write(self, table: str, n: int, data: pa.Table) -> None:
        final = self._path(table, n)
        tmp = self.storage.join(self.dirs[table], f".{part_name(n, self.fmt)}.tmp")  # dot-files: not read
        _write_file(self.storage, tmp, data, self.fmt)
        self.storage.replace(tmp, final)

    def write_chunk(self, filings: list[dict[str, Any]], details: dict[str, pa.Table]) -> None:
        n = self.reserve()
        # Always write every table, even with zero rows: an empty part still carries the schema.
        for table in DETAIL_TABLES:
            self._write(table, n, details[table])
        self._commit(n, filings)

    def commit_staged(self, part: StagedPart, drop_keys: set[str]) -> None:
        """Move a worker's staged detail parts into place (without the rows of `drop_keys`: filings
        that turned out to be duplicates of earlier parts), then write the commit record."""
        for table in DETAIL_TABLES:
            staged = part.paths[table]
            if drop_keys:
                data = _read_file(self.storage, staged, table, self.fmt)
                keep = pc.invert(pc.is_in(data["filing_key"], value_set=pa.array(sorted(drop_keys), pa.string())))
                self._write(table, part.number, data.filter(keep))
                self.storage.remove(staged)
            else:
                self.storage.replace(staged, self._path(table, part.number))
        self._commit(part.number, part.filings)

    def remove_staged(self, token: str) -> None:
        """Staged files this run left (tasks that died or were cancelled): never committed."""
        for table in DETAIL_TABLES:
            d = self.dirs[table]
            for name in self.storage.names(d):
                if name.startswith(".") and name.endswith(f".{token}.tmp"):
                    self.storage.remove(self.storage.join(d, name))

    def _commit(self, n: int, filings: list[dict[str, Any]]) -> None:
        self._write("filings", n, table_from_dicts("filings", filings))  # last: the commit record
        failed = [r for r in filings if r.get("status") == "failed"]
        if failed and isinstance(self.storage, LocalStorage):
            # Appended as we go (for a reader watching a long run; an object store cannot append);
            # rewritten whole from the filings table at the end.
            new = not os.path.exists(self.failures_path)
            with open(self.failures_path, "a", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                if new:
                    w.writerow(FAILURE_COLUMNS)
                w.writerows(_failure_record(r) for r in failed)

    def drop_failed(self) -> int:
        """Remove failed filings' rows (for --retry-failed). They have no detail rows to remove."""
        dropped = 0
        d = self.dirs["filings"]
        for name in sorted(self.storage.names(d)):
            if not (name.startswith("part-") and name.endswith(f".{self.fmt}")):
                continue
            p = self.storage.join(d, name)
            t = _read_file(self.storage, p, "filings", self.fmt)
            kept = t.filter(pc.fill_null(pc.not_equal(t["status"], "failed"), True))
            if kept.num_rows != t.num_rows:
                dropped += t.num_rows - kept.num_rows
                tmp = self.storage.join(d, f".{name}.tmp")
                _write_file(self.storage, tmp, kept, self.fmt)
                self.storage.replace(tmp, p)
        return dropped

    def rewrite_failures(self) -> None:
        """failures.csv from the filings table: the source of truth, so an interrupted append heals.

        Written even when nothing failed (a header only), so its absence never has to be interpreted.
        """
        t = self.filings(["path", "stage", "error_type", "error", "error_where", "filing_key", "sha256", "status"])
        failed = [r for r in t.to_pylist() if r["status"] == "failed"]
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(FAILURE_COLUMNS)
        w.writerows(_failure_record(r) for r in failed)
        tmp = self.storage.join(self.root, ".failures.csv.tmp")
        with self.storage.open(tmp, "wb") as f:
            f.write(buf.getvalue().encode("utf-8"))
        self.storage.replace(tmp, self.failures_path)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """One batch run per output directory at a time: two would interleave part numbers.

        A local directory is locked (flock); on an object store nothing can lock it, so there it is
        the user's rule: one run per --out at a time.
        """
        if not isinstance(self.storage, LocalStorage):
            yield
            return
        import fcntl

        with open(Path(self.root) / ".lock", "w") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise EdgarliqError(f"{self.location}: another batch run is writing to this directory") from None
            try:
                yield
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)


def _failure_record(r: dict[str, Any]) -> tuple[Any, ...]:
    return (r.get("path"), r.get("stage"), r.get("error_type"), r.get("error"), r.get("error_where"),
            r.get("filing_key"), r.get("sha256"))
