"""A batch run: discover the inputs, skip what the output already holds, let an engine run the rest,
and commit the results to the dataset as they arrive (the one place that decides duplicates)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa

from edgarliq.batch.dataset import StagedPart, Store, existing_format, storage_for
from edgarliq.batch.engines import run_in_process, run_pool
from edgarliq.batch.inputs import discover_inputs, fetch_remote, is_url, make_job
from edgarliq.batch.rows import DEFAULT_TIMEOUT, DETAIL_TABLES, Analyzer, Packed, Result, table_from_rows
from edgarliq.errors import EdgarliqError
from edgarliq.record import field, record

DEFAULT_CHUNK = 200  # filings per part file: large enough for good Parquet row groups, small for memory


@record(slots=True)
class BatchSummary:
    """What a run did. `processed` = ok + failed + duplicate (files actually read this run)."""

    out_dir: Path | str
    inputs: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0  # already done in an earlier run (by path/size/mtime), not read again
    duplicate: int = 0  # read, but the same bytes or accession was already done
    retried: int = 0
    elapsed: float = 0.0
    engine: str = ""
    failures: list[str] = field(default_factory=list)  # first few "file: stage: message", for the CLI

    @property
    def processed(self) -> int:
        return self.ok + self.failed + self.duplicate

    @property
    def rate(self) -> float:
        return self.processed / self.elapsed if self.elapsed > 0 else 0.0

    def line(self) -> str:
        dup = f", {self.duplicate} duplicate" if self.duplicate else ""
        retried = f" ({self.retried} failed retried)" if self.retried else ""
        sep = "/" if is_url(os.fspath(self.out_dir)) else os.sep
        where = f"; failures in {os.fspath(self.out_dir).rstrip(sep)}{sep}failures.csv" if self.failed else ""
        return (f"{self.ok} ok, {self.failed} failed, {self.skipped} skipped{dup}{retried} of {self.inputs} inputs "
                f"in {self.elapsed:.1f} s ({self.rate:.1f} filings/s) -> {self.out_dir}{where}")


class _Committer:
    """Takes results in completion order: marks duplicates, counts, and writes them to the store
    (per-filing results and a pool's packed tasks in chunks of `chunk_size`; a cluster's staged
    parts as they come)."""

    def __init__(self, store: Store, summary: BatchSummary, chunk_size: int, done_sha: set[str],
                 done_keys: set[str]) -> None:
        self.store, self.summary, self.chunk_size = store, summary, chunk_size
        self.done_sha, self.done_keys = done_sha, done_keys
        self.chunk: list[dict[str, Any]] = []
        # The chunk's detail rows per table, in arrival order: Arrow tables (slices of packed tasks),
        # and after them the rows of single results not yet made into a table.
        self.pieces: dict[str, list[pa.Table]] = {t: [] for t in DETAIL_TABLES}
        self.loose: dict[str, list[tuple[Any, ...]]] = {t: [] for t in DETAIL_TABLES}

    def _account(self, row: dict[str, Any]) -> bool:
        """Count one filings row; True when it is a duplicate (its detail rows are not kept)."""
        row["processed_at"] = datetime.now(timezone.utc)  # noqa: UP017 - explicit, py3.11 has datetime.UTC too
        status = row.get("status")
        key = row.get("filing_key")
        duplicate = row.get("sha256") in self.done_sha or key in self.done_keys
        if duplicate:
            # Same bytes, or the same accession, already done: count it, keep no detail rows.
            row["duplicate_of"] = key
            row["status"] = status = "duplicate"
        summary = self.summary
        if status == "ok":
            summary.ok += 1
        elif status == "failed":
            summary.failed += 1
            if len(summary.failures) < 20:
                summary.failures.append(f"{row.get('path')}: {row.get('stage')}: {row.get('error')}")
        else:
            summary.duplicate += 1
        if row.get("sha256"):
            self.done_sha.add(row["sha256"])
        if status != "duplicate" and key:
            self.done_keys.add(key)
        return duplicate

    def add(self, result: Result) -> int:
        row, rows = result
        if self._account(row):
            rows = {}
        self.chunk.append(row)
        for table, trs in rows.items():
            self.loose[table].extend(trs)
        if len(self.chunk) >= self.chunk_size:
            self.flush()
        return 1

    def add_packed(self, packed: Packed) -> int:
        """A pool task's files, in order: each file's rows are kept or cut out as `add` would."""
        start = 0  # first file whose detail rows are not yet taken into the chunk (or dropped)
        for i, row in enumerate(packed.filings):
            if self._account(row):
                self._take(packed, start, i)
                start = i + 1  # a duplicate's rows are skipped
            self.chunk.append(row)
            if len(self.chunk) >= self.chunk_size:
                self._take(packed, start, i + 1)
                start = i + 1
                self.flush()
        self._take(packed, start, len(packed))
        return len(packed)

    def _take(self, packed: Packed, start: int, stop: int) -> None:
        if stop <= start:
            return
        for table in DETAIL_TABLES:
            self._seal(table)
            self.pieces[table].append(packed.slice(table, start, stop))

    def _seal(self, table: str) -> None:
        if self.loose[table]:
            self.pieces[table].append(table_from_rows(table, self.loose[table]))
            self.loose[table] = []

    def add_part(self, part: StagedPart) -> int:
        drop = {row["filing_key"] for row, kept in zip(part.filings, part.kept, strict=True)
                if self._account(row) and kept}
        self.store.commit_staged(part, drop)
        return len(part.filings)

    def flush(self, always: bool = False) -> None:
        if self.chunk or always:
            tables = {}
            for table in DETAIL_TABLES:
                self._seal(table)
                pieces = [p for p in self.pieces[table] if p.num_rows]
                tables[table] = (pa.concat_tables(pieces) if len(pieces) > 1 else pieces[0] if pieces
                                 else table_from_rows(table, []))
            self.store.write_chunk(self.chunk, tables)
            self.chunk = []
            self.pieces = {t: [] for t in DETAIL_TABLES}


def run_batch(
    inputs: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    workers: int | None = None,
    fmt: str = "parquet",
    chunk_size: int = DEFAULT_CHUNK,
    task_size: int | None = None,
    retry_failed: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    progress: bool | None = None,
    analyzer: Analyzer | None = None,
    remote: Sequence[Any] = (),
    client: Any = None,
    dask: Any = None,
) -> BatchSummary:
    """Run the pipeline over every filing in `inputs`, appending results to `out_dir`.

    `workers`: processes (default ``os.cpu_count()``; 1 runs in this process). `chunk_size`: filings
    per part file. `task_size`: files per pool or cluster task (default: automatic). `timeout`:
    seconds per filing (None: no limit). `progress`: a tqdm bar on stderr (default: when stderr is a
    terminal). `analyzer` replaces the pipeline (tests; it must be picklable for a pool). `remote`:
    EDGAR listing entries (see `select_remote`) fetched with `client` (an `EdgarClient`) here, in
    this one process, and run with the local inputs; an accession already done is skipped before it
    is downloaded. `dask`: run on a Dask cluster instead of the pool: ``"local"`` (a LocalCluster of
    `workers` processes), a scheduler address (``"tcp://10.0.0.5:8786"``) or a `distributed.Client`.
    Inputs and `out_dir` may be fsspec URLs; on a cluster they must be storage every worker reaches.
    """
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"format must be parquet or csv, not {fmt!r}")
    started = time.perf_counter()
    location = os.fspath(out_dir)
    storage, root = storage_for(location)
    existing = existing_format(storage, root)
    if existing and existing != fmt:
        raise EdgarliqError(f"{location}: holds {existing} output from an earlier run; use --format {existing} "
                            "or another --out")
    files = discover_inputs(inputs)
    out_label: Path | str = location if is_url(location) else Path(location)
    summary = BatchSummary(out_dir=out_label, inputs=len(files) + len(remote))
    show = sys.stderr.isatty() if progress is None else progress
    store = Store(location, fmt)
    store.storage.makedirs(root)
    with store.locked():
        store.open()
        if retry_failed:
            summary.retried = store.drop_failed()
        done = store.filings(["path", "size", "mtime_ns", "sha256", "filing_key", "status"]).to_pydict()
        done_stat = set(zip(done["path"], done["size"], done["mtime_ns"], strict=True))
        done_sha = {s for s in done["sha256"] if s}
        done_keys = {k for k, s in zip(done["filing_key"], done["status"], strict=True) if s != "duplicate"}
        del done

        pre_failed: list[dict[str, Any]] = []
        if remote:
            todo = [f for f in remote if f.accession not in done_keys]
            summary.skipped += len(remote) - len(todo)  # done by accession: not even downloaded again
            save_to = None if getattr(client, "cache", None) is not None else _fetch_dir(location)
            bar = _progress_bar(len(todo), show, desc="fetch")
            fetched, pre_failed = fetch_remote(client, todo, save_to, bar.update if bar is not None else None)
            if bar is not None:
                bar.close()
            files = [*files, *fetched]

        jobs = []
        for p in files:
            job = make_job(p)
            if (job.path, job.size, job.mtime_ns) in done_stat:
                summary.skipped += 1
            else:
                jobs.append(job)

        committer = _Committer(store, summary, chunk_size, done_sha, done_keys)
        for row in pre_failed:
            committer.add((row, {}))
        bar = _progress_bar(len(jobs) + len(pre_failed), show)
        if bar is not None and pre_failed:
            bar.update(len(pre_failed))
        disconnect = None
        token = None
        source: Iterator[Any]
        try:
            if dask is not None and jobs:
                from edgarliq.batch import dask_engine

                dclient, disconnect = dask_engine.connect(dask, workers)
                threads = max(1, sum(dclient.nthreads().values()))
                summary.engine = f"dask ({threads} worker threads)"
                size = task_size or dask_engine.auto_task_size(len(jobs), threads, chunk_size)
                committer.flush()  # the fetch failures first: parts are numbered in commit order
                token = dask_engine.new_token()
                source = dask_engine.run_dask(jobs, dclient, store.reserve, location, fmt, token, size, analyzer,
                                              timeout)
            else:
                n_workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
                n_workers = min(n_workers, max(1, len(jobs)))
                summary.engine = "in-process" if n_workers == 1 else f"process pool ({n_workers} workers)"
                if n_workers == 1:
                    source = run_in_process(jobs, analyzer, timeout)
                else:
                    source = run_pool(jobs, n_workers, task_size or None,
                                      analyzer, timeout)
            try:
                for item in source:
                    if isinstance(item, Packed):
                        n = committer.add_packed(item)
                    elif isinstance(item, StagedPart):
                        n = committer.add_part(item)
                    else:
                        n = committer.add(item)
                    if bar is not None:
                        bar.update(n)
                        if summary.failed:
                            bar.set_postfix(failed=summary.failed, refresh=False)
            finally:
                close = getattr(source, "close", None)
                if close is not None:
                    close()  # stops the workers now, not whenever the generator is collected
        finally:
            # Also on Ctrl-C or an unexpected error: what is finished is written, so a rerun resumes.
            if bar is not None:
                bar.close()
            if disconnect is not None:
                disconnect()
            committer.flush(always=store.next_part == 1)  # the first run always leaves readable tables
            store.rewrite_failures()
            if token is not None:
                store.remove_staged(token)
    summary.elapsed = time.perf_counter() - started
    return summary


def _fetch_dir(location: str) -> Path:
    if is_url(location):
        raise EdgarliqError(f"{location}: with --no-cache, EDGAR filings are saved under --out, which must then "
                            "be a local directory")
    return Path(location) / "_fetched"


def _progress_bar(total: int, show: bool, desc: str = "batch") -> Any:
    if not show or total == 0:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit=" filings", desc=desc, file=sys.stderr, dynamic_ncols=True, smoothing=0.1)
