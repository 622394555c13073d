"""Checks: how parsed numbers agree with each other and with the filing's own FDS.

A check is a plain record; the code that produces checks lives next to the data it
checks (statement reconciliations in `reconcile.py`, claims in `analysis/claims.py`).
"""

from __future__ import annotations

from edgarliq.record import field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from typing import Any, Literal

    Status = Literal["pass", "fail", "skip"]


@record(frozen=True, slots=True)
class Check:
    """One comparison. `expected`/`actual` are numbers in absolute units (or None)."""

    name: str
    status: Status
    expected: float | None = None
    actual: float | None = None
    difference: float | None = None
    tolerance: float | None = None
    detail: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        # built by hand: dataclasses.asdict deep-copies and was a visible cost in batch runs
        d = {"name": self.name, "status": self.status, "expected": self.expected, "actual": self.actual,
             "difference": self.difference, "tolerance": self.tolerance, "detail": self.detail}
        d.update(self.extra)
        return d


def compare(name: str, expected: float | None, actual: float | None, tolerance: float,
            detail: str = "", **extra: Any) -> Check:
    """Build a pass/fail check; a missing side gives `skip`, never a silent pass."""
    if expected is None or actual is None:
        missing = "expected" if expected is None else "actual"
        return Check(name, "skip", expected, actual, None, tolerance,
                     (detail + "; " if detail else "") + f"{missing} value not available", extra)
    diff = actual - expected
    status: Status = "pass" if abs(diff) <= tolerance else "fail"
    return Check(name, status, expected, actual, diff, tolerance, detail, extra)
