"""The grid of a printed table: rows x logical columns of cells, whichever reader (HTML, text,
inline XBRL) made it. The table readers make grids and the statement finders read them.

Public as `edgarliq.model.Grid` and so on (model.py re-exports these names); a module of its own
so that a filing read without grids (the plain-text reader of the 1990s, `analyze --sample`) does
not pay for creating these classes at start-up (issue 15). Like model.py it imports nothing of ours.
"""

from __future__ import annotations

from edgarliq.record import record

__all__ = ["IxFact", "GridCell", "GridRow", "Grid"]


@record(frozen=True, slots=True)
class IxFact:
    """The attributes of the `ix:nonFraction` a cell wraps (inline XBRL), as printed in the tag."""

    name: str
    context_ref: str
    unit_ref: str | None = None
    scale: str | None = None
    sign: str | None = None
    format: str | None = None
    decimals: str | None = None
    id: str | None = None


@record(frozen=True, slots=True)
class GridCell:
    """One cell of a grid, placed at its first logical column and covering `colspan` of them.

    `value` is the printed number (sign from parentheses or a minus, dashes and `-0-` as 0,
    `$`, `%` and footnote marks removed), None when the cell is not a number. `text` is the
    cell's text as printed, merged with split-off pieces (`(1,234` + `)`, a lone `$`).
    """

    text: str
    value: float | None = None
    colspan: int = 1
    dollar: bool = False
    percent: bool = False
    bold: bool = False
    fact: IxFact | None = None

    @property
    def decimal(self) -> bool:
        return "." in self.text

    @property
    def is_number(self) -> bool:
        return self.value is not None


@record(frozen=True, slots=True)
class GridRow:
    """One row: a cell (or None) per logical column; None also where a spanning cell covers it.

    `indent` is the label's indentation in characters (leading non-breaking spaces, padding);
    `total` marks a total row (a rule or border above it, or bold amounts); `underline` a row
    with a rule or border below its amounts; `heading` a row with a label and no number.
    """

    cells: tuple[GridCell | None, ...]
    indent: int = 0
    bold: bool = False
    total: bool = False
    underline: bool = False
    line: int = 0

    @property
    def label(self) -> str:
        """The text of the row's first text cell left of its first number."""
        for c in self.cells:
            if c is None:
                continue
            if c.value is not None:
                return ""
            if c.text:
                return c.text
        return ""

    @property
    def heading(self) -> bool:
        return bool(self.label) and not any(c is not None and c.value is not None for c in self.cells)

    def covering(self, j: int) -> GridCell | None:
        """The cell that covers logical column j (starting there or spanning over it)."""
        for k in range(j, -1, -1):
            c = self.cells[k]
            if c is not None:
                return c if k + c.colspan > j else None
        return None


@record(frozen=True, slots=True)
class Grid:
    """A printed table: rows of `ncols` logical columns. `line` is the source line of its start;
    `before` the text printed just above it (where statement titles and units sit)."""

    rows: tuple[GridRow, ...]
    ncols: int
    line: int = 0
    before: str = ""
