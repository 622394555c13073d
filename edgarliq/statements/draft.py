"""The working types of the statements stage: a candidate statement (`Draft`) and its rows
(`DraftRow`), before `finish` turns them into model Statements."""

from __future__ import annotations

from edgarliq.model import StatementColumn
from edgarliq.record import record
from edgarliq.tables.text import (
    Cell,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from edgarliq.model import Kind


@record(slots=True)
class DraftRow:
    label: str
    indent: int
    cells: list[Cell | None] | None
    line_no: int
    total: bool
    dollar: bool
    heading_text: str = ""
    section: tuple[str, ...] = ()
    part: int = 0
    concept: str | None = None
    priority: int = 0
    kind: str = "amount"
    is_heading: bool = False
    labelled: bool = True
    last_line: int = 0


@record(slots=True)
class Draft:
    kind: Kind
    title: str
    start: int
    end: int
    unit: int | None
    columns: list[StatementColumn]
    rows: list[DraftRow]
    score: float
    # a secondary table (supplemental, consolidating, parent-only, in the notes ...): ranks below
    # any primary statement of the kind, but is kept when it is the only candidate
    penalty: float = 0.0

    @property
    def rank(self) -> float:
        return self.score - self.penalty
