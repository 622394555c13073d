"""Batch runs: the whole pipeline over thousands of saved filings, into long Parquet (or CSV) tables.

The stages of a run, one module each, data flowing one way:

- `inputs`: discovering the inputs (files, directories, globs, fsspec URLs, EDGAR selections) as jobs;
- `rows`: one filing -> table rows (`process_file`, the pure function every engine runs), the schemas;
- `dataset`: the output directory (part files, commit records, resume keys, failures.csv);
- `engines` / `dask_engine`: *where* `process_file` runs: in this process, a local process pool, or
  the workers of a Dask cluster; they know nothing of filings;
- `run`: `run_batch`, which ties them together and is the one place that decides duplicates.

Each table is a *directory of part files*, so memory stays flat (a part is written and dropped) and a
rerun only appends. ``pandas.read_parquet(DIR / "filings.parquet")`` reads a whole table;
:func:`read_table` does the same for both formats and applies the declared schema (CSV parts carry
no types). With ``--format csv`` the directories are ``filings.csv/part-00001.csv`` and so on.

Resume: a file is skipped when its (path, size, mtime) or its SHA-256 is already in the filings
table, so a second run over the same inputs reads no filing at all. A filing's key is its accession
number when the header has one, else ``sha256:<hex>``; a file whose hash or accession was already
done (a copy, the same filing saved twice) is recorded with status ``duplicate`` and no detail rows.
Failed filings are recorded too and are *not* retried by default (most failures are the input's,
and would fail again); ``retry_failed=True`` (``--retry-failed``) drops their rows and runs them again.

Failures never stop a run: each filing's exception is caught where it runs and recorded with its
stage; a worker that dies outright (segfault, out of memory) loses only the files in flight, which
are re-run one at a time so the one that kills its worker is recorded as a ``worker`` failure and
the others go through.
"""

from edgarliq.batch.dataset import FAILURE_COLUMNS, read_table
from edgarliq.batch.inputs import FILING_SUFFIXES, Job, discover_inputs, select_remote
from edgarliq.batch.rows import (
    DEFAULT_TIMEOUT,
    DETAIL_TABLES,
    SCHEMAS,
    STAGES,
    TABLES,
    FilingTimeout,
    flatten,
    pipeline_analyzer,
    process_file,
)
from edgarliq.batch.run import DEFAULT_CHUNK, BatchSummary, run_batch

__all__ = [
    "DEFAULT_CHUNK", "DEFAULT_TIMEOUT", "DETAIL_TABLES", "FAILURE_COLUMNS", "FILING_SUFFIXES", "SCHEMAS", "STAGES",
    "TABLES", "BatchSummary", "FilingTimeout", "Job", "discover_inputs", "flatten", "pipeline_analyzer",
    "process_file", "read_table", "run_batch", "select_remote",
]
