"""The three financial statements of a filing: balance sheet, income statement, cash flow.

The modules, in the order the data flows:

- `titles`: which lines announce a statement ("CONSOLIDATED BALANCE SHEETS", "Statements of
  Consolidated Earnings" ...), where its block ends, and which candidates are secondary tables;
- `periods`: column headers into periods (month/day/year pieces stacked over several lines,
  grouped "THREE MONTHS ENDED" headers, 52/53-week years) and the printed unit;
- `draft`: the working types (`Draft`, `DraftRow`) the readers produce and `finish` consumes;
- `concepts`: rows into concepts, from the labels (`data/concepts.csv`), sections and position;
- `blocks`: plain text (markup is optional in 1993-2000 filings, so it is never required): from each
  title a block of lines, its numeric cells give the columns (`tables.text`), the lines above them
  the periods; "(Continued)" titles and the liabilities half of a balance sheet are merged;
- `grids`: HTML documents, read from their tables as grids of cells (`tables.html`), with `<PRE>`
  blocks going to `blocks`;
- `finish`: the chosen draft into a model `Statement` (unit applied, derived pre-tax income, dates
  shared between statements);
- `extract`: every document of a filing that may hold statements, read as text, HTML grids or
  inline XBRL (`tables.ixbrl`); per kind the candidate that recognises the most key concepts wins.

Nothing here imports a module listed after it, and the value types come from `edgarliq.model`.
"""

from edgarliq.model import KINDS, Statement, StatementColumn, StatementRow, Statements
from edgarliq.statements.blocks import extract_from_text
from edgarliq.statements.concepts import normalise
from edgarliq.statements.extract import extract_statements

__all__ = [
    "StatementColumn", "StatementRow", "Statement", "Statements", "extract_statements",
    "extract_from_text", "KINDS", "normalise",
]
