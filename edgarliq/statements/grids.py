"""The three statements of an HTML document, read from its tables as grids (`tables.html`).

The text path (`blocks.py`) has to guess from character positions which header sits over
which number; a grid says it. Per table:

1. the title is looked for in the text just above the table (or in its first rows), walking up
   past company names, unit lines and "(Unaudited)" and stopping at prose or another title
   (a note's table sits under "The components of ... are:", not under the statement title);
2. the header rows (above the first row of amounts) are read per column: the texts of the cells
   covering a column, top to bottom ("Three Months Ended" / "June 30," / "2004"), give its
   duration and end date; a column printing only a year takes month and day from a sibling, or
   from the dates the title lists;
3. logical columns under the same headers are one period (inner and outer amount columns);
4. rows become the text path's rows, so concepts, units, totals and scores are the same rules
   (`data/concepts.csv` via `concepts.assign_concepts`);
5. a table with no title of its own right after a statement of the same kind continues it
   (a balance sheet's liabilities page).

`<PRE>` blocks of an HTML document go to the text path.
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Sequence
from datetime import date
from types import SimpleNamespace

from edgarliq import lazyre
from edgarliq.model import Grid, GridRow, StatementColumn
from edgarliq.record import record, replace
from edgarliq.statements.blocks import extract_from_text, split_pending
from edgarliq.statements.concepts import KEY_CONCEPTS, assign_concepts, match_rule, normalise
from edgarliq.statements.draft import Draft, DraftRow
from edgarliq.statements.periods import (
    DATE_RE,
    DURATION_RE,
    HEADER_WORDS_RE,
    MONTHS,
    ColumnHead,
    default_duration,
    duration_months,
    maybe_duration,
    resolve_date,
    unit_in,
)
from edgarliq.statements.titles import OTHER_TITLE_RE, joined_title, mentions_statements, title_kind
from edgarliq.tables.html import HtmlTable, scan_html
from edgarliq.tables.text import Cell

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from edgarliq.model import Kind

__all__ = ["extract_from_html", "drafts_from_tables"]

# Titles of tables that balance like the primary statement but are not it (issue 10 class 1).
_SECONDARY_RE = lazyre.compile(
    r"segment|guarantor|consolidating|parent\s+company|registrant|selected\s+(?:consolidated\s+)?financial|"
    r"quarterly|pro\s*forma|subsidiar|five[- ]year|summary|supplemental|condensed\s+financial\s+information|"
    r"schedule\s+i\b|business\s+segment|by\s+segment", re.I)
_YEAR_TEXT_RE = lazyre.compile(r"^(?:19|20)\d\d\*{0,2}$")  # ("1999*": a year marked restated)
# a footnote mark glued to a label: "Sales (Q)", "Net revenue(1)", "Goodwill*" (not "(loss)")
# (no leading `\s*`: tried from every space of a long run before the end, it is quadratic; the
# white space before the mark is stripped after the match instead)
_FOOTNOTE_MARK_RE = lazyre.compile(r"(?:\([A-Za-z0-9]{1,2}\)|\*{1,3})$")


def _drop_footnote_mark(label: str) -> str:
    """`Net revenue(1)` / `Sales *` -> the label without its mark and the space before it."""
    m = _FOOTNOTE_MARK_RE.search(label)
    return label[:m.start()].rstrip() if m else label


_ITEM_RE = lazyre.compile(r"\s*item\s+\d", re.I)
_NOTE_HEAD_RE = lazyre.compile(r"^notes?\b|^ref", re.I)


@record(slots=True)
class _Group:
    """One period column: the logical columns of the grid under the same header cells."""

    cols: list[int]
    texts: list[str]
    row_of_texts: list[int]


def _is_year_cell(c: object) -> bool:
    return c is not None and c.value is not None and not c.dollar and bool(_YEAR_TEXT_RE.match(c.text))


def _is_header_row(row: GridRow) -> bool:
    """A row above the amounts: no numbers, or only bare years (`2004  2003`)."""
    nums = [c for c in row.cells if c is not None and c.value is not None]
    return all(_is_year_cell(c) for c in nums)


def _is_prose(line: str) -> bool:
    """A sentence (a note's "... are as follows:"), not a title, unit or date line."""
    return len(line) >= 130 or (len(line) >= 40 and line.endswith((".", ":")))


def _title_of(grid: Grid) -> tuple[Kind | None, str, bool]:
    """(kind, title, a continuation) from the text above the table or its first rows."""
    lines = grid.before.split("\n") if grid.before else []
    head_rows = []
    for row in grid.rows[:4]:
        if not _is_header_row(row):
            break
        head_rows.append(" ".join(c.text for c in row.cells if c is not None))
    for text in reversed(head_rows):
        tk = title_kind(text)
        if tk is not None:
            return tk[0], " ".join(text.split()), "contin" in text.lower()
    k, tk = _title_above(lines)
    if tk is not None:
        title = joined_title(lines[k], lines[k - 1] if k else "")
        # "(continued)" anywhere between the two tables: at the foot of the page before
        # (GAINSCO 2009) as well as under the repeated title
        return tk[0], " ".join(title.split()), "contin" in grid.before.lower()
    return None, "", any("contin" in line.lower() for line in lines[k:])  # (the lines walked up)


def _title_above(lines: list[str]) -> tuple[int, tuple[Kind, re.Match[str]] | None]:
    """Walking up the lines of the text above a table: (the line where the walk stopped, its
    `title_kind`) at a statement title; (that line, None) at prose or another statement's title;
    (0, None) when the walk ran out of lines."""
    for k in range(len(lines) - 1, -1, -1):
        line = lines[k]
        tk = title_kind(line, lines[k - 1] if k else "")
        if tk is not None and not line.rstrip().endswith(":"):  # "Amounts recognized in the balance sheet:"
            return k, tk
        if _ITEM_RE.match(line):
            continue  # "Item 8. Financial Statements ..." printed between the title and the table
        if OTHER_TITLE_RE.search(line) or _is_prose(line):
            return k, None
    return 0, None


def _header_rows(grid: Grid) -> int:
    """The number of header rows: up to the first row printing an amount."""
    for k, row in enumerate(grid.rows):
        if not _is_header_row(row):
            return k
    return len(grid.rows)


def _value_columns(grid: Grid, first: int) -> list[int]:
    counts = [0] * grid.ncols
    for row in grid.rows[first:]:
        for j, c in enumerate(row.cells):
            if c is not None and c.value is not None:
                counts[j + c.colspan - 1] += 1  # an amount's column is the last it spans
    return [j for j, n in enumerate(counts) if n and j > 0]


def _groups(grid: Grid, nhead: int, cols: list[int]) -> list[_Group]:
    """Logical value columns grouped by the header cells over them (same cells: one period)."""
    groups: list[_Group] = []
    last_key: tuple[int, ...] | None = None
    for j in cols:
        key: list[int] = []
        texts: list[str] = []
        rows: list[int] = []
        for k in range(nhead):
            c = grid.rows[k].covering(j)
            if c is not None and c.text and (c.value is not None or not title_kind(c.text)):
                key.append(id(c))
                texts.append(c.text)
                rows.append(k)
        tkey = tuple(key)
        if groups and tkey == last_key and tkey:
            groups[-1].cols.append(j)
            continue
        if not tkey and groups and _note_column(grid, j, nhead) is False:
            groups[-1].cols.append(j)  # an inner column under the header of the outer one
            continue
        groups.append(_Group([j], texts, rows))
        last_key = tkey
    return [g for g in groups if not (_NOTE_HEAD_RE.match(" ".join(g.texts)) or _note_column(grid, g.cols[0], nhead))]


def _note_column(grid: Grid, j: int, nhead: int) -> bool | None:
    """True for a column of note references (small whole numbers, no `$`); None when the
    column has a header of its own (not an inner column)."""
    vals = [r.cells[j] for r in grid.rows[nhead:] if r.cells[j] is not None and r.cells[j].value is not None]
    if not vals:
        return True
    return all(c.value is not None and 0 < c.value < 40 and c.value == int(c.value) and not c.dollar
               and "," not in c.text and "(" not in c.text for c in vals) and len(vals) < len(grid.rows) // 2


def _head_of(texts: list[str]) -> ColumnHead:
    """Duration and end date from the header texts over one column, top to bottom."""
    h = ColumnHead()
    joined = " ".join(texts)
    if maybe_duration(joined):
        h.months = duration_months(joined)
    for m in DATE_RE.finditer(joined):
        mon_w, day, year, nm, nd, ny, day2, year2 = m.groups()
        if mon_w:
            mon_low = mon_w.lower().rstrip(".")
            mon = MONTHS.get(mon_low[:4].rstrip(".")) or MONTHS.get(mon_low[:3])
            if mon:
                h.month, h.day = mon, int(day) if day else None
            if year:
                h.year = int(year)
        elif nm:
            y = int(ny)
            h.month, h.day, h.year = int(nm), int(nd), (y + (1900 if y >= 50 else 2000) if y < 100 else y)
        elif day2 and h.month is not None and h.day is None:
            h.day = int(day2)
        elif year2:
            h.year = int(year2)
    h.parts = [joined]
    return h


def _title_dates(title_text: str) -> list[ColumnHead]:
    """Full dates listed in the text above a table ("June 30, 2004 and December 31, 2003")."""
    out: list[ColumnHead] = []
    for line in title_text.split("\n")[-4:]:
        if _is_prose(line):
            continue
        last: ColumnHead | None = None
        for m in DATE_RE.finditer(line):
            mon_w, day, year, year2 = m.group("mon"), m.group("day"), m.group("year"), m.group("year2")
            if mon_w and year:
                mon_low = mon_w.lower().rstrip(".")
                mon = MONTHS.get(mon_low[:4].rstrip(".")) or MONTHS.get(mon_low[:3])
                if mon:
                    last = ColumnHead(month=mon, day=int(day) if day else None, year=int(year))
                    out.append(last)
            elif year2 and last is not None:
                # "December 31, 2009 and 2008": the bare year shares the date before it
                out.append(ColumnHead(month=last.month, day=last.day, year=int(year2)))
    return out


def _columns(grid: Grid, nhead: int, groups: list[_Group], kind: Kind, ref: date | None,
             default_months: int | None) -> list[StatementColumn]:
    heads = [_head_of(g.texts) for g in groups]
    # "December 31," / "For the year ended December 31," over the labels, bare years over the
    # amounts: the caption dates every column that does not print its own month
    first = min(g.cols[0] for g in groups)
    caption = _head_of([c.text for r in grid.rows[:nhead] for c in r.cells[:first] if c is not None and c.text])
    for h in heads:
        if h.month is None and caption.month is not None:
            h.month, h.day = caption.month, caption.day
        if h.months is None and caption.months is not None:
            h.months = caption.months
    # a date in one header cell and bare years in the others: month and day from the sibling
    dated = [h for h in heads if h.month is not None]
    listed = _title_dates(grid.before)
    for k, h in enumerate(heads):
        if h.month is None and dated:
            near = min(dated, key=lambda d: abs(heads.index(d) - k))
            h.month, h.day = near.month, near.day
        elif h.month is None and h.year is not None and listed:
            same = [d for d in listed if d.year == h.year]
            if same:
                h.month, h.day = same[0].month, same[0].day
    if all(h.year is None and h.month is None for h in heads) and len(listed) == len(heads):
        for h, d in zip(heads, listed, strict=True):
            h.month, h.day, h.year = d.month, d.day, d.year
    # a duration in the title lines ("For the three months ended ..."), not in prose above them
    title_lines = " ".join(ln for ln in grid.before.split("\n")[-4:] if not _is_prose(ln))
    title_months = duration_months(title_lines) if maybe_duration(title_lines) else None
    cols = []
    for h in heads:
        months = None if kind == "balance_sheet" else (h.months or title_months or default_months)
        cols.append(StatementColumn(resolve_date(h, ref), months, " ".join(h.parts)))
    return cols


def _cell(c: object) -> Cell | None:
    if c is None or c.value is None:
        return None
    return Cell(c.text, 0, 0, c.value, c.percent)


def _values(row: GridRow, groups: list[_Group]) -> list[Cell | None]:
    """Per period, the last amount printed under it (an outer total after its inner column)."""
    out: list[Cell | None] = []
    for g in groups:
        got = None
        for j in g.cols:
            c = row.covering(j)  # (an amount may span a `$` column and its own)
            if c is not None and c.value is not None:
                got = c
        out.append(_cell(got))
    return out


def _rows(grid: Grid, nhead: int, groups: list[_Group], part: int, counter: list[int],
          kind: Kind | None = None) -> list[DraftRow]:
    rows: list[DraftRow] = []
    pending: list[tuple[int, str, int]] = []
    first = groups[0].cols[0] if groups else grid.ncols
    for row in grid.rows[:nhead]:
        # a section heading printed among the header rows ("Operating revenues:" over "Media")
        label = " ".join(c.text for c in row.cells[:first] if c is not None and c.value is None and c.text)
        if label and _section_heading(label) and not any(c is not None for c in row.cells[first:]):
            counter[0] += 1
            pending.append((row.indent, label, counter[0]))
    for row in grid.rows[nhead:]:
        counter[0] += 1
        n = counter[0]
        label = " ".join(c.text for c in row.cells[:first] if c is not None and c.value is None and c.text)
        label = _drop_footnote_mark(label) if label[-1:] in ")*" else label
        values = _values(row, groups)
        if not any(values):
            if label and not _is_header_row_text(row):
                pending.append((row.indent, label, n))
            continue
        if not label and all(_is_year_cell(c) for c in row.cells if c is not None and c.value is not None):
            continue  # the years repeated over a continued table
        heading, label_lines = split_pending(pending, SimpleNamespace(label=label), kind)
        for ind, text, ln in heading:
            rows.append(DraftRow(text, ind, None, ln, False, False, is_heading=True, part=part))
        full = " ".join([t for _, t, _ in label_lines] + ([label] if label else []))
        indent = label_lines[0][0] if label_lines else row.indent
        total = row.total or not full or full.lower().startswith("total")
        dollar = any(c is not None and c.dollar for c in row.cells)
        rows.append(DraftRow(full, indent, values, label_lines[0][2] if label_lines else n, total, dollar,
                             part=part, labelled=bool(full) and normalise(full) != "total", last_line=n))
        pending = []
    for ind, text, ln in pending:
        rows.append(DraftRow(text, ind, None, ln, False, False, is_heading=True, part=part))
    return rows


def _section_heading(label: str) -> bool:
    """A label-column text of the header rows that heads the first rows (not a unit, date,
    duration or title line)."""
    return (len(label) < 60 and unit_in(label) is None and not DATE_RE.search(label)
            and not (maybe_duration(label) and DURATION_RE.search(label)) and title_kind(label) is None
            and "unaudited" not in label.lower())


def _is_header_row_text(row: GridRow) -> bool:
    """A label-only row that is really a header repeated on a continued page."""
    text = " ".join(c.text for c in row.cells if c is not None)
    return bool(HEADER_WORDS_RE.match(text)) and any(ch.isdigit() for ch in text)


@record(slots=True)
class _Table:
    """A statement candidate read from one grid (or several, continued)."""

    kind: Kind
    title: str
    grid: Grid
    nhead: int
    groups: list[_Group]
    columns: list[StatementColumn]
    rows: list[DraftRow]
    unit: int | None
    secondary: bool


def _read_table(grid: Grid, kind: Kind, title: str, ref: date | None, default_months: int | None,
                counter: list[int]) -> _Table | None:
    nhead = _header_rows(grid)
    cols = _value_columns(grid, nhead)
    if not cols:
        return None
    groups = _groups(grid, nhead, cols)
    if not groups:
        return None
    columns = _columns(grid, nhead, groups, kind, ref, default_months)
    rows = _rows(grid, nhead, groups, 0, counter, kind)
    if sum(1 for r in rows if r.cells) < 3:
        return None
    head_text = " ".join(c.text for r in grid.rows[:nhead] for c in r.cells if c is not None)
    unit = unit_in(grid.before[-400:]) or unit_in(head_text)
    if unit is None:
        unit = next((u for r in rows[:3] if r.cells is None and (u := unit_in(r.label))), None)
    secondary = bool(_SECONDARY_RE.search(title) or _SECONDARY_RE.search(grid.before[-200:]))
    return _Table(kind, title, grid, nhead, groups, columns, rows, unit, secondary)


def _continues(prev: _Table, grid: Grid, kind: Kind | None, cont: bool) -> bool:
    """This grid carries on the statement `prev` started (same kind or no title, right after it)."""
    if kind is not None and kind != prev.kind:
        return False
    if kind is None and not cont and (len(grid.before) > 400 or any(
            OTHER_TITLE_RE.search(line) for line in grid.before.split("\n"))):
        return False  # an equity statement, a note: not the rest of the statement above
    if kind is not None and not cont:
        # a repeated title without "(Continued)": the liabilities half of a balance sheet
        labels = " ".join(r.label.lower() for r in grid.rows[:12])
        have = " ".join(r.label.lower() for r in prev.rows)
        return prev.kind == "balance_sheet" and "liabilit" in labels and "total liabilities" not in have
    return True


def _is_per_share(r: DraftRow) -> bool:
    vals = [c for c in (r.cells or []) if c is not None and c.value]
    return bool(vals) and all("." in c.text and abs(c.value or 0) < 1000 for c in vals)


def _in_discontinued(r: DraftRow) -> bool:
    return any("discontinued" in h for h in r.section)


def _fix_income_concepts(rows: list[DraftRow]) -> None:
    """Repeated captions the label rules alone cannot tell apart (issue 10 class 2):
    "Net earnings" of discontinued operations above the bottom line, share counts labelled
    "Basic"/"Diluted" under "Average shares", per-share rows labelled "Net earnings" under
    "Basic"/"Diluted" headings."""
    by = {r.concept: r for r in rows if r.concept}
    net = by.get("net_income")
    if net is not None and _in_discontinued(net):
        later = [r for r in rows if r.cells and not _in_discontinued(r) and r is not net and not _is_per_share(r)
                 and match_rule("income_statement", "label", normalise(r.label)) is not None
                 and match_rule("income_statement", "label", normalise(r.label)).concept == "net_income"]
        if later:
            net.concept, later[0].concept = None, "net_income"
    for r in rows:
        # ".02" of a discontinued operation under "Earnings per share" / "Basic": per share
        if r.cells and r.kind == "amount" and _is_per_share(r) and any("per" in h and "share" in h
                                                                       for h in r.section):
            r.kind = "per_share"
    for concept, word in (("eps_basic", "basic"), ("eps_diluted", "dilut")):
        r = by.get(concept)
        if r is not None and not _is_per_share(r):
            r.concept = None  # a share count, not an amount per share
        # "Earnings from continuing operations" first under "Basic": the bottom line per share
        # is the "Net earnings" row below it, when one is printed (BMS 10-K 2004)
        continuing = r is not None and r.concept is not None and "continuing" in normalise(r.label)
        if r is None or r.concept is None or continuing:
            cands = [x for x in rows if x.cells and x.concept is None and _is_per_share(x)
                     and x.section and word in x.section[-1] and not _in_discontinued(x)
                     and normalise(x.label).startswith("net")]
            if cands:
                if continuing:
                    r.concept = None
                cands[-1].concept, cands[-1].kind = concept, "per_share"


def _draft(t: _Table) -> Draft:
    assign_concepts(t.rows, t.kind)
    if t.kind == "income_statement":
        _fix_income_concepts(t.rows)
    keys = {r.concept for r in t.rows if r.concept}
    score = len(keys & KEY_CONCEPTS[t.kind]) * 10 + len(keys) + 0.01 * len(t.rows)
    if t.secondary:
        score -= 25
    if any(c.period_end is None for c in t.columns):
        score -= 5
    return Draft(t.kind, t.title, t.grid.line - 1, t.grid.line, t.unit, list(t.columns), t.rows, score)


def drafts_from_tables(tables: Sequence[HtmlTable | None], *, period_of_report: date | None = None,
                       default_months: int | None = None) -> list[Draft]:
    """Every statement candidate among a document's tables (None: a table not picked, across
    which nothing continues), continued tables merged.

    A table is read only as far as its kind needs: its first rows give its title (with the text
    above it); only a statement, or a table right after one, is read whole."""
    out: list[_Table] = []
    prev: _Table | None = None
    counter = [0]
    carry = ""
    for k, table in enumerate(tables):
        if table is None:
            prev, carry = None, ""
            continue
        # nothing to continue and no title: not a statement whatever its rows print; only the
        # text a table of text only carries down to the next table matters
        titled = prev is None and _before_titles(table.before)  # (one walk up per table)
        if (prev is None and not carry and not titled and not _head_may_title(table.head_markup(own=True))
                and (k + 1 == len(tables) or tables[k + 1] is None or table.has_amount(1))):
            continue
        if prev is not None or titled:
            # read whole below (a continuation, a table under a title): one parse and one read
            # of its cells, not its first rows and then the whole (the first rows' texts and
            # amounts are the same either way)
            table.grid()
        head = table.rows(_TITLE_ROWS)
        if not head:
            continue  # a table without rows: as if it were not there
        if not table.has_amount():
            # a table of text only ("Item 8." | "FINANCIAL STATEMENTS ..." laid out as a table):
            # its text is the text above the next table
            rows_text = "\n".join(" ".join(c.text for c in r.cells if c is not None) for r in table.rows(6))
            carry = "\n".join(x for x in (carry, table.before, rows_text) if x)[-3000:]
            continue
        before = table.before
        if carry:
            before = "\n".join(x for x in (carry, before) if x)
            carry = ""
        kind, title, cont = _title_of(Grid(head, 0, 0, before))
        if prev is None and kind is None:
            continue  # not a statement, and nothing to continue: the rest of it is never read
        whole = table.grid()
        if whole is None:
            continue
        grid = replace(whole, before=before)
        if prev is not None and _continues(prev, grid, kind, cont):
            more = _read_table(grid, prev.kind, prev.title, period_of_report,
                               default_months if prev.kind != "balance_sheet" else None, counter)
            if more is not None and len(more.groups) == len(prev.groups):
                part = prev.rows[-1].part + 1
                for r in more.rows:
                    r.part = part
                prev.rows.extend(more.rows)
                continue
        if kind is None:
            if grid.rows and len(grid.rows) > 2:
                prev = None
            continue
        t = _read_table(grid, kind, title, period_of_report, default_months if kind != "balance_sheet" else None,
                        counter)
        if t is None:
            prev = None
            continue
        out.append(t)
        prev = t
    return [_draft(t) for t in out]


# the rows `_title_of` looks at for a title printed inside the table
_TITLE_ROWS = 4


# (every title the statements stage knows holds one of these: "statement(s) of ...", "balance
# sheet", "income statement", "cash flows"; a title split by markup still holds one)
_TITLE_WORDS = ("balance", "statement", "cash flow", "financial position", "financial condition", "continued")


def _may_be_statement(before: str, head: str) -> bool:
    """The text above a table or its first rows name a statement (or say "continued"): read
    its cells."""
    low = " ".join(line for line in before.lower().split("\n") if not _is_prose(line))
    return any(w in low for w in _TITLE_WORDS) or any(w in head for w in _TITLE_WORDS)


# A header row's title names a balance sheet or a statement (`title_kind`), in one cell (cells
# are joined with spaces) of at most 160 characters (a longer row is not a title). The markup
# between cell boundaries, tags dropped (a space before `<br>`, `</p>`, `</div>` as the reader
# puts one), is that cell's text: a boundary tag, then what can hold a title in that text.
_CELL_EDGE_RE = lazyre.compile(r"<(?:/?(?:t[dhr]|table|thead|tbody|tfoot))(?=[\s/>])[^<>]{0,2000}>")
_HEAD_TITLE_RE = lazyre.compile(r"\b(?:balance\s+sheet|statements?\s+of|income\s+statement|cash\s+flows?\s+statement)")
_TAG_RE = lazyre.compile(r"<[^<>]{0,4000}>")
_BREAK_TAG_RE = lazyre.compile(r"<(?=br\b|/p\b|/div\b)")
_MAX_TITLE = 160


def _head_may_title(head: str) -> bool:
    """Whether a cell among the first of a table's lowered markup may print a statement title
    (its words split by markup too: `state<font>ments</font> of income`)."""
    for piece in _CELL_EDGE_RE.split(head):
        if "<" in piece or "&" in piece:
            piece = _html.unescape(_TAG_RE.sub("", _BREAK_TAG_RE.sub(" <", piece)))
        text = " ".join(piece.split())
        if len(text) <= _MAX_TITLE and ("balance" in text or "statement" in text) and _HEAD_TITLE_RE.search(text):
            return True
    return False


def _before_titles(before: str) -> bool:
    """Whether the text above a table holds a statement title where `_title_of` finds one."""
    return before != "" and _title_above(before.split("\n"))[1] is not None


def _may_title(before: str, head: str) -> bool:
    """A table read afresh (nothing above it to continue or carry) is a statement only under
    a title: in the text above it or in its first cells."""
    return _before_titles(before) or _head_may_title(head)


def extract_from_html(text: str, *, period_of_report: date | None = None, form: str | None = None,
                      fiscal_year_end: str | None = None, document_type: str = "10-K",
                      start_line: int = 1) -> tuple[dict[str, Draft], tuple[str, ...]]:
    """Best candidate per kind in one HTML document (tables as grids, `<PRE>` blocks as text),
    and the reader's warnings (truncation). Draft lines are relative to the document, as on
    the text path."""
    scan = scan_html(text, 1)
    picked = scan.pick(_may_be_statement, _may_title)
    default_months = default_duration(form, period_of_report, fiscal_year_end)
    best: dict[str, Draft] = {}
    for d in drafts_from_tables(picked, period_of_report=period_of_report, default_months=default_months):
        cur = best.get(d.kind)
        if cur is None or d.score > cur.score:
            best[d.kind] = d
    for line, pre in scan.pre_blocks():
        if len(pre) < 200 or not mentions_statements(pre.lower()):
            continue
        for kind, d in extract_from_text(pre, period_of_report=period_of_report, form=form,
                                         fiscal_year_end=fiscal_year_end, document_type=document_type).items():
            d.start += line - 1
            cur = best.get(kind)
            if cur is None or d.score > cur.score:
                best[kind] = d
    return best, scan.warnings(picked)
