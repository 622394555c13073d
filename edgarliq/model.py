"""The value types of statements: columns, rows, statements, and the set found in a filing;
and (defined in grid.py, imported from here on first use) the grid of a printed table (rows x
logical columns of cells) that the table readers make.

This module sits at the bottom of the package and imports nothing of ours, so every stage (the
table readers, the statement finders, the analysis, the outputs) can use these types without an
import cycle.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from datetime import date

from edgarliq.record import field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from typing import Any, Literal

    from edgarliq.grid import Grid, GridCell, GridRow, IxFact

    Kind = Literal["balance_sheet", "income_statement", "cash_flow"]

__all__ = ["Kind", "KINDS", "FDS_PAIRS", "MEASURES", "concept_measure", "row_measure", "StatementColumn",
           "StatementRow", "Statement", "Statements", "plain_number", "IxFact", "GridCell", "GridRow", "Grid"]

# `Kind` (the Literal of the three names) is made on first use at run time, by __getattr__ below:
# the package's own modules name it in annotations only
KINDS: tuple[Kind, ...] = ("balance_sheet", "income_statement", "cash_flow")
# The statement row each EX-27 (article 5) figure is: (statement kind, statement concept, the
# schedule's canonical tag name, is a flow). The schedule is checked against these rows
# (reconcile), and a statement that prints no amount unit takes the schedule's (statements.finish).
FDS_PAIRS: tuple[tuple[Kind, str, str, bool], ...] = (
    ("balance_sheet", "total_assets", "total_assets", False),
    ("balance_sheet", "total_current_assets", "current_assets", False),
    ("balance_sheet", "total_current_liabilities", "current_liabilities", False),
    ("income_statement", "revenue", "total_revenues", True),
    ("income_statement", "pretax_income", "income_pretax", True),
    ("income_statement", "net_income", "net_income", True),
)
# The months as filings print them, in English whatever the reader's locale: calendar.month_name
# follows the process's LC_TIME (a notebook that called locale.setlocale(locale.LC_ALL, "de_DE")
# would read "Dezember"), and importing calendar (and locale) cost 1.4 ms of a one-filing process.
MONTH_NAMES: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July", "August",
                                "September", "October", "November", "December")


def plain_number(v: float | None) -> float | int | None:
    """The JSON form of an amount: an int when integral (96386000, not 96386000.0).

    Infinity and NaN are not amounts (JSON has no such numbers, and int() of them raises): the
    readers never produce them, as they refuse numbers of more than 18 digits, so here they
    are unknown (None) rather than a crash of every output.
    """
    if v is None or not math.isfinite(v):
        return None
    r = round(v, 6)
    return int(r) if r == int(r) else r


@record(frozen=True, slots=True)
class StatementColumn:
    """One printed column: the period it covers (`months` None for a balance sheet)."""

    period_end: date | None
    months: int | None
    header: str

    def to_dict(self) -> dict[str, Any]:
        return {"period_end": self.period_end.isoformat() if self.period_end else None,
                "months": self.months, "header": self.header}

    @property
    def label(self) -> str:
        end = self.period_end.isoformat() if self.period_end else (self.header or "?")
        return f"{self.months}M {end}" if self.months else end


# What a statement row's numbers are (`StatementRow.measure`). Currency amounts are absolute (the
# statement's printed unit applied); per-share amounts, share counts and percentages are as printed,
# never scaled by it: a consumer that scales or sums a row must know which it is, and a row's
# concept does not always say (a per-share line that lost its concept to a better row, "Continuing
# operations" under "Primary earnings per share").
CURRENCY, PER_SHARE, SHARES, PERCENT, OTHER = "currency", "per share", "shares", "percent", "other"
MEASURES = (CURRENCY, PER_SHARE, SHARES, PERCENT, OTHER)


def concept_measure(concept: str | None) -> str:
    """The measure a canonical concept's figures are in (per-share concepts, share counts, else currency)."""
    if concept and (concept.startswith("eps_") or "per_share" in concept):
        return PER_SHARE
    if concept and concept.startswith("shares_"):
        return SHARES
    return CURRENCY


def row_measure(row: Mapping[str, Any]) -> str:
    """The measure of a statement row in its JSON form (`StatementRow.to_dict`); a document of an
    older edgarliq, which did not say, is told by the row's concept."""
    return row.get("measure") or concept_measure(row.get("concept"))


@record(frozen=True, slots=True)
class StatementRow:
    """One printed line. Headings have all values None; currency amounts are in absolute units,
    the other measures as printed (`measure`)."""

    label: str
    concept: str | None
    level: int
    total: bool
    values: tuple[float | None, ...]
    # None for a printed line; for a line the extractor added, how its values were derived
    derived: str | None = None
    # inline XBRL: the elements of the facts in the row's cells ("us-gaap:Assets"), which the
    # presentation linkbase is checked against (tables/linkbase.py); not part of the JSON
    elements: tuple[str, ...] = ()
    # one of MEASURES: what the values are (a heading, which holds none, says currency)
    measure: str = CURRENCY

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "concept": self.concept, "level": self.level, "total": self.total,
                "values": [plain_number(v) for v in self.values], "derived": self.derived,
                "measure": self.measure}


@record(frozen=True, slots=True, repr=False)  # (its own __repr__ below: none generated, issue 15)
class Statement:
    """A parsed statement. `unit` is the printed amount unit (1000 for "in thousands")."""

    kind: Kind
    title: str
    unit: int
    source_document: str
    source_line: int
    columns: tuple[StatementColumn, ...]
    rows: tuple[StatementRow, ...]
    # where `unit` comes from: "printed", "shared" (printed on a sibling statement of the filing),
    # "assumed" (printed nowhere: amounts taken as printed, which may be thousands or millions),
    # "schedule" (printed nowhere; the filing's EX-27 figures are the printed ones times its
    # multiplier, on two key figures or more and on every one compared: statements.finish.schedule_unit),
    # "prose" (printed nowhere, no EX-27 says: the amounts the filing's prose gives in words, "$2.1
    # billion", are the printed figures at this unit: statements.finish.prose_unit),
    # "xbrl" (inline XBRL facts carry their own scale: exact)
    unit_source: str = "printed"

    def row(self, concept: str) -> StatementRow | None:
        for r in self.rows:
            if r.concept == concept:
                return r
        return None

    def value(self, concept: str, column_index: int = 0) -> float | None:
        """The value of a concept in one column, or None."""
        r = self.row(concept)
        if r is None or column_index >= len(r.values):
            return None
        return r.values[column_index]

    def column_index(self, period_end: date | None, months: int | None = None) -> int | None:
        """The first column ending on `period_end` (and lasting `months`, when given)."""
        for i, c in enumerate(self.columns):
            if c.period_end != period_end:
                continue
            if months is not None and c.months is not None and c.months != months:
                continue
            return i
        return None

    def lookup(self, concept: str, period_end: date | None, months: int | None = None) -> float | None:
        """The value of a concept for a period (balance sheets ignore `months`)."""
        i = self.column_index(period_end, None if self.kind == "balance_sheet" else months)
        return None if i is None else self.value(concept, i)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "unit": self.unit, "unit_source": self.unit_source,
                "source": {"document": self.source_document, "line": self.source_line},
                "columns": [c.to_dict() for c in self.columns], "rows": [r.to_dict() for r in self.rows]}

    # Notebooks: a one-line repr and the table as HTML. The rendering lives with the outputs
    # (report.py, export.py), imported only when a person asks, so this module stays at the bottom.
    def __repr__(self) -> str:
        from edgarliq.report import statement_summary

        return f"<Statement {statement_summary(self)}>"

    def _repr_html_(self) -> str:
        from edgarliq.report import statement_html

        return statement_html(self.kind, self.to_dict())

    def to_frame(self) -> Any:
        """This statement as a wide DataFrame (the table `export` writes for it)."""
        from edgarliq.export import statement_frame

        return statement_frame(self.to_dict(), self.kind)


@record(frozen=True, slots=True, repr=False)  # (its own __repr__ below: none generated, issue 15)
class Statements(Mapping[str, Statement]):
    """kind -> Statement for the statements found; `missing` says why the others were not."""

    found: dict[str, Statement] = field(default_factory=dict)
    missing: tuple[tuple[str, str], ...] = ()
    # problems the table readers met on the way (an HTML document cut inside a table ...)
    warnings: tuple[str, ...] = ()
    # the amount unit the filing's prose gives the statements, (unit, amounts agreeing), or None
    # (statements.finish.prose_unit; checked against each statement's unit by reconcile)
    prose_unit: tuple[int, int] | None = None

    def __getitem__(self, key: str) -> Statement:
        return self.found[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.found)

    def __len__(self) -> int:
        return len(self.found)

    def reason(self, kind: str) -> str | None:
        for k, why in self.missing:
            if k == kind:
                return why
        return None

    def to_dict(self) -> dict[str, Any]:
        return {kind: st.to_dict() for kind, st in self.found.items()}

    def __repr__(self) -> str:
        missing = "; ".join(f"no {k}: {why}" for k, why in self.missing)
        return f"<Statements {', '.join(self.found) or '(none)'}{'; ' + missing if missing else ''}>"

    def _repr_html_(self) -> str:
        from edgarliq.report import statement_html

        return "".join(statement_html(kind, st.to_dict()) for kind, st in self.found.items())


# The grid types live in grid.py, created on first use: the text reader of the sample path never
# makes a grid, and four frozen dataclasses were a visible part of start-up (issue 15).
_GRID_TYPES = frozenset(("IxFact", "GridCell", "GridRow", "Grid"))


def __getattr__(name: str) -> Any:
    if name == "Kind":
        from typing import Literal

        value = globals()["Kind"] = Literal[KINDS]  # (the same as Literal["balance_sheet", ...])
        return value
    if name in _GRID_TYPES:
        from edgarliq import grid

        value = getattr(grid, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'edgarliq.model' has no attribute {name!r}")
