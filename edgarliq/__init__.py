"""edgarliq: SEC EDGAR 10-Q/10-K filings -> statements, EX-27 schedules, liquidity analysis.

    >>> import edgarliq
    >>> a = edgarliq.analyze("filing.txt")
    >>> a.metrics["current_ratio"][0].value

Attributes are imported lazily so that `edgarliq --help` and worker start-up stay fast
(pandas is only loaded when a DataFrame is asked for).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from typing import Any


__version__ = "0.1.0"

_EXPORTS = {
    "analyze": "edgarliq.pipeline",
    "Analysis": "edgarliq.pipeline",
    "read_submission": "edgarliq.submission",
    "Submission": "edgarliq.submission",
    "Document": "edgarliq.submission",
    "parse_schedules": "edgarliq.fds",
    "Schedule": "edgarliq.fds",
    "extract_statements": "edgarliq.statements",
    "compute_metrics": "edgarliq.analysis",
    "FilingError": "edgarliq.errors",
    "Check": "edgarliq.checks",
    "history": "edgarliq.history",
    "History": "edgarliq.history",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'edgarliq' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
