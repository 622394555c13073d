"""Statements of a plain-text document: a block of lines from each title, its columns (`tables.text`),
its header lines read into periods, its rows into concepts; the best block per kind."""

from __future__ import annotations

import re
from datetime import date

from edgarliq import lazyre
from edgarliq.model import KINDS, StatementColumn
from edgarliq.statements.concepts import (
    KEY_CONCEPTS,
    assign_concepts,
    is_eps_subhead,
    label_rule,
    match_rule,
    normalise,
)
from edgarliq.statements.draft import Draft, DraftRow
from edgarliq.statements.periods import (
    DATE_RE,
    DURATION_RE,
    HEADER_WORDS_RE,
    date_cells,
    default_duration,
    inception_period,
    maybe_duration,
    parse_header,
    resolve_date,
    unit_in,
)
from edgarliq.statements.titles import (
    CONTINUED_RE,
    KIND_HINTS,
    OTHER_TITLE_RE,
    STOP_RE,
    candidate_lines,
    has_other_title_word,
    has_title_word,
    is_prose,
    joined_title,
    line_above,
    secondary_penalty,
    title_kind,
)
from edgarliq.tables.text import (
    Cell,
    Line,
    amount_cells,
    assign_cells,
    clean_lines,
    detect_columns,
    is_page_number,
    is_rule,
    split_line,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from typing import Any

    from edgarliq.model import Kind

_FOOTNOTE_CELL_RE = lazyre.compile(r"^\(\d\)$")


def _split(line: str) -> Line:
    """`split_line`, except that figures inside an open parenthetical are the label's: "OPERATING
    REVENUES (including $133.4, $120.7" / "and $93.0 from affiliates) ....  $3,603.6" (Bell
    Atlantic - New Jersey) holds no value on its first line."""
    sl = split_line(line)
    if len(sl.cells) > 1:
        for c in sl.cells:  # (a loop, not any(): most value rows hold no year and fall through)
            if c.year_like:
                if all(c.year_like or _FOOTNOTE_CELL_RE.match(c.text) for c in sl.cells):
                    # "1999    1998 (1)": a year with its footnote mark, not a year and a value of -1
                    return Line(sl.label, sl.indent, tuple(c for c in sl.cells if c.year_like), sl.dollar)
                break
    if sl.cells and "(" in sl.label and sl.label.count("(") > sl.label.count(")"):
        label_end = sl.indent + len(sl.label)
        if sl.cells[0].start - label_end <= 2 and not sl.cells[-1].text.endswith(")"):
            return Line(line.strip(), sl.indent, (), False)
    return sl


# Words a line continuing a label begins with ("AND $77.3 FROM AFFILIATES)")
_MID_PHRASE_STARTS = r"and|or|of|to|from|net of|with|by|before"
_CONT_END_RE = lazyre.compile(r"(?:,|;|-|&|\band|\bor|\bof|\bfor|\bto|\bin|\bthe|\bby|\bfrom|\bat|\bnet|\bon|\bwith"
                              r"|\bbefore|\bafter|\bincluding|\bexcluding)$", re.I)


def _names_statement(low: str) -> bool:
    return "balance" in low or "statement" in low


class _Doc:
    """One document's cleaned lines and what is known about each: every step of the reader (the
    title search, where a block ends, the page after a "see notes", the block's rows, the same
    block re-read as another kind, the next candidate overlapping it) asks here, so a line is
    split and classified once per document, however many candidate blocks read it.

    `facts[i]`, filled on first use by `fact`: None for a blank line, else (lowered line, a notes
    reference closes a page here, another statement's title, may be a title (`title` then says),
    is a rule, split line or None for a rule, holds data). Nothing is kept past the document.
    """

    __slots__ = ("lines", "facts", "titles")

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.facts: list[Any] = [False] * len(lines)  # False: not read yet
        self.titles: dict[int, Any] = {}

    def fact(self, i: int) -> Any:
        f = self.facts[i]
        if f is False:
            line = self.lines[i]
            s = line.strip()
            if not s:
                f = None
            else:
                low = line.lower()
                stop = "notes" in low and STOP_RE.search(line) is not None
                other = has_other_title_word(low) and OTHER_TITLE_RE.search(line) is not None
                # A title (joined to the line above when it is a second half) names a balance sheet
                # or a statement: a line whose own and whose predecessor's text name neither is
                # no title, and the many statement rows saying "income" or "loss" skip the test.
                title_word = has_title_word(low) and (
                    "balance" in low or "statement" in low
                    or (i > 0 and _names_statement(line_above(self.lines, i).lower())))
                if is_rule(line):
                    f = (low, stop, other, title_word, True, None, False)
                else:
                    sl = _split(line)
                    f = (low, stop, other, title_word, False, sl, bool(sl.cells) and not date_cells(sl))
            self.facts[i] = f
        return f

    def bare_title(self, j: int) -> Any:
        """`title_kind` of line j on its own (None at once for a line naming no balance sheet or
        statement: every title does)."""
        f = self.fact(j)
        if f is None or not _names_statement(f[0]):
            return None
        return title_kind(self.lines[j])

    def title(self, i: int) -> Any:
        """`title_kind` of line i joined to the line above when it is a title's second half."""
        try:
            return self.titles[i]
        except KeyError:
            lines = self.lines
            tk = self.titles[i] = title_kind(lines[i], line_above(lines, i))
            return tk


def _scan_end(doc: _Doc, start: int, kind: Kind) -> tuple[int, list[int]]:
    """Where a statement block ends; also the line numbers of merged continuation titles."""
    lines = doc.lines
    fact = doc.fact
    data_seen = False
    last_data = start
    prose = 0
    merged: list[int] = []
    liabilities_seen = False
    liabilities_data = False  # figures printed since the liabilities half began
    financing_seen = False  # a cash flow's last section has begun
    limit = min(len(lines), start + 400)
    i = start + 1
    while i < limit:
        f = fact(i)
        if f is None:
            i += 1
            continue
        low, stop, other, title_word, rule, sl, data = f
        if data_seen and stop:
            # "See accompanying notes" closes a page; a balance sheet may continue on the next
            nxt = _continuation(doc, i, limit, kind, kind == "balance_sheet" and not liabilities_seen,
                                "financing activities" if kind == "cash_flow" and not financing_seen else None)
            if nxt is None:
                break
            merged.append(nxt)
            i = nxt + 1
            continue
        if other and (data_seen or i > start + 1):
            # another statement's title ends a block; before any data it makes the "title" a
            # table of contents entry ("26  Consolidated Statement of Cash Flows" / "27
            # Consolidated Statement of Stockholders' Equity" / "28  Notes to ..."), whose block
            # would otherwise run on into whatever table comes next
            break
        if (data_seen and not data and _unit_caption(low)
                and (kind != "balance_sheet" or (liabilities_seen and liabilities_data))
                and not (merged and merged[-1] > last_data)):
            # a unit caption after figures heads another table: Altera's "CONSOLIDATED STATEMENTS
            # OF OPERATIONS AND STOCKHOLDERS' EQUITY" prints the equity table under its own
            # "(IN THOUSANDS)" after the income statement, in other columns (a balance sheet whose
            # liabilities have not come yet, or hold no figures yet, and a page under a "(Continued)"
            # title repeat theirs)
            break
        # (the second half of a split title holds one of these words too: "OF INCOME", "FLOWS")
        tk = doc.title(i) if title_word else None
        if tk is not None and not data_seen and i > start + 1:
            break  # a table of contents: titles follow each other with no numbers between
        if tk is not None:
            if tk[0] != kind:
                if data_seen:
                    break
            elif data_seen:
                near = " ".join(lines[max(start, i - 8):i + 4])
                # (a balance sheet whose liabilities half has not come yet continues under the
                # repeated title, "(Continued)" or not: Bell Atlantic - New Jersey's 10-Qs)
                if (kind == "balance_sheet" and not liabilities_seen) or (
                        CONTINUED_RE.search(near) and not (kind == "balance_sheet" and liabilities_seen
                                                           and "continued" not in near.lower())):
                    merged.append(i)
                    i += 1
                    continue
                break
        if rule:
            i += 1
            continue
        if "financ" in low:
            financing_seen = True
        if data:
            data_seen = True
            last_data = i
            prose = 0
            if "liabilit" in sl.label.lower():
                liabilities_seen = True
            liabilities_data = liabilities_seen
        else:
            if "liabilit" in low:
                liabilities_seen = True
            if data_seen and is_prose(lines[i]):
                prose += 1
                if prose >= 3:
                    break
        i += 1
    return last_data + 1, merged


def _unit_caption(low: str) -> bool:
    """The lowered line is a unit caption: "(in thousands)", "(dollars in millions, except per
    share)", "in thousands of dollars", not a label that names its unit ("Shares (in thousands)")."""
    s = low.strip()
    return (s.startswith(("(", "in ", "dollars in", "amounts in"))
            and ("thousand" in s or "million" in s) and unit_in(s) is not None)


def _continuation(doc: _Doc, i: int, limit: int, kind: Kind, half: bool = False,
                  resume: str | None = None) -> int | None:
    """The line of a same-kind "(Continued)" title within the next page, if any (any same-kind
    title when `half`: a balance sheet that has printed its assets only).

    `resume`: words of the section still to come ("financing activities"); a next page that opens
    with them, with no title, goes on with the statement from its first line (Waste Management's
    1993 cash flows print the financing section on a page of its own under the column years)."""
    lines = doc.lines
    page = None  # the first line printed after the page break
    for j in range(i + 1, min(limit, i + 30)):
        tk = doc.bare_title(j)
        if tk is None:
            f = doc.fact(j)
            if f is not None:
                if "\x0c" in lines[j]:
                    page = None
                    continue
                if page is None and j <= i + 4 and is_page_number(lines[j]):
                    # the page's number under "See accompanying notes.", where no <PAGE> tag marks
                    # the break (and `clean_lines` did not blank it): the page ends here
                    continue
                if page is None and j > i + 1:
                    page = j
                # (a rule's fact holds no split line, but "----   ----" splits into dash cells)
                sl = f[5] if f[5] is not None else _split(lines[j])
                if sl.cells and not date_cells(sl):
                    return None
                if resume is not None and page is not None and not sl.cells and resume in f[0]:
                    return page - 1 if page > i + 1 else None
            continue
        if tk[0] != kind:
            return None
        near = " ".join(lines[j:j + 4])
        return j if half or CONTINUED_RE.search(near) else None
    return None


def _parse_block(doc: _Doc, start: int, kind: Kind, ref: date | None, default_months: int | None,
                 title: str) -> Draft | None:
    lines = doc.lines
    end, merged = _scan_end(doc, start, kind)
    if end - start < 4:
        return None
    # (line no, line, split line or None, is a rule, holds data, lowered line); blank: sl None, not a rule
    parsed: list[tuple[int, str, Line | None, bool, bool, str]] = []
    numeric = []
    fact = doc.fact
    for i in range(start + 1, end):
        f = fact(i)
        if f is None:
            parsed.append((i, lines[i], None, False, False, ""))
            continue
        sl = f[5]
        parsed.append((i, lines[i], sl, f[4], f[6], f[0]))
        if f[6]:
            numeric.append(amount_cells(sl.cells))
    refs = [k for k, p in enumerate(parsed) if p[4] and _footnote_like(p[2])]
    if refs:
        parsed, numeric = _footnotes_to_labels(parsed, refs)
    columns = detect_columns(numeric)
    if not columns or len(numeric) < 4:
        return None
    first_left = columns[0].left

    # Header zones: from the title (or a merged continuation title) to the first data row.
    # the unit printed with the table wins over one on the lines just above the title (Altera's
    # 1997 annual report: a bar-graph caption "(DOLLARS IN MILLIONS)" above "CONSOLIDATED BALANCE
    # SHEETS", whose own header says "(IN THOUSANDS ...)")
    unit_above = unit_in(" ".join(lines[max(0, start - 3):start]))
    unit = unit_in(lines[start])
    header_lines: list[str] = [lines[start]]
    rows: list[DraftRow] = []
    pending: list[tuple[int, str, int]] = []  # (indent, text, line_no) without values
    in_header = True
    header_years: tuple[str, ...] = ()  # the header's line of column years, as printed
    after_rule = False
    part = 0
    merged_set = set(merged)
    spacing = 2 if _double_spaced(parsed) else 1
    caseless = _title_cased(parsed)
    for k, (i, line, sl, rule, data, low) in enumerate(parsed):
        if _blank(parsed[k]) and _lone_blank(parsed, k) and (
                spacing == 2 or (pending and _label_goes_on(pending[-1][1], parsed[k + 1][1]))):
            # double-spaced: one blank line is the spacing, not a break between sections; and
            # anywhere, a label's next line begun in lower case after one blank line goes on
            # with it ("Loss before benefit from" / "" / "income taxes  (120)", not a heading
            # over an "income taxes" row)
            continue
        if i in merged_set:
            in_header = True
            part += 1
            pending = []
            while rows and rows[-1].is_heading:  # "(Continued)", the company name over the next page
                rows.pop()
            header_lines.append(line)
            continue
        if sl is None and not rule:  # blank
            _flush_headings(pending, rows, part)
            pending = []
            after_rule = False
            continue
        if rule:
            after_rule = not in_header
            _flush_headings(pending, rows, part)
            pending = []
            continue
        assert sl is not None
        cells = amount_cells(sl.cells)
        if unit is None and (in_header or len(rows) < 3):
            unit = unit_in(low)
        if (len(cells) > len(columns) and cells is sl.cells and data and sl.label
                and _follows_label(sl, cells[0])
                and not any(abs(cells[0].end - c.edge) <= 2 for c in columns)):
            # one figure more than the columns, one space after the label's words and off every
            # column: the label's ("Cash and cash equivalents at January 1   5,861   4,446   3,945",
            # IBM), not a value (the day was dropped, and the label read "... at January")
            sl = Line(line[sl.indent:cells[0].end].strip(), sl.indent, sl.cells[1:], sl.dollar)
            cells = cells[1:]
        assigned = assign_cells(cells, columns) if cells else None
        # (before the first data row any label goes: "per share amounts)   1997   1996   1995")
        year_row = bool(cells) and not data and (in_header or HEADER_WORDS_RE.match(sl.label or ""))
        if (in_header and cells and not year_row and all(_FOOTNOTE_CELL_RE.match(c.text) for c in cells)
                and HEADER_WORDS_RE.match(sl.label or "")):
            # "(Unaudited)       (1)" under the column dates: a column's footnote mark, header
            # material, not a first row worth -1 (Xilinx's 10-Qs)
            year_row = True
        if in_header:
            if assigned is None or year_row:
                header_lines.append(line)
                if year_row and all(c.year_like for c in cells):
                    header_years = tuple(c.text for c in cells)
                right = line[first_left - 6:] if len(line) > first_left else ""
                # (the two searches last: they are the costly tests, and the rest often fails)
                if (unit_in(low) is None and sl.label and len(sl.label) < 60
                        and line[:max(first_left - 6, 1)].strip() and not DATE_RE.search(right)
                        and not (maybe_duration(line) and DURATION_RE.search(line))
                        and not HEADER_WORDS_RE.match(sl.label)):
                    # ("December 27, 1998 and December 28," whose "1997" reached a column: a date)
                    # a section heading printed before the first row ("ASSETS", "Current assets:")
                    pending.append((sl.indent, sl.label, i))
                continue
            in_header = False
        if year_row and not sl.label:
            continue
        if cells and not data and len(cells) > 1 and tuple(c.text for c in cells) == header_years:
            # the header's years again, in its order, among the rows: the column header printed
            # again ("LIABILITIES & SHAREHOLDERS' EQUITY  -----December 31-----" / "(In thousands
            # ...)  1995  1994" over Altera's liabilities half), never a value row of 1,995 and
            # 1,994; the lines above it head a section
            _flush_headings(pending, rows, part)
            pending = []
            continue
        if assigned is not None and sl.label and _follows_label(sl, cells[0]) and (
                not data or (len(cells) < len(columns)
                             and not any(abs(cells[0].end - c.edge) <= 2 for c in columns))):
            # a year one space after the words of a label line ("common shares in 1994, 20,782,281
            # in 1993" / "and 14,689,052 in 1992   2,046   1,377", Bristol-Myers Squibb) is the
            # label's, not a value of 1,993 million; so is a number there that no column's figures
            # end with ("Common stock, par value $0.01; 250,000,000" / "shares authorized; ...",
            # AMD: 250 billion dollars)
            assigned = None
            text = line.strip()  # (the year with it: a line cut at the first column would end "in 1")
        else:
            text = None
        if assigned is None:
            after_rule = False
            if sl.label:
                if text is None:
                    text = _label_part(line, first_left) if len(line) > first_left else sl.label
                prev = rows[-1] if rows else None
                if (not pending and prev is not None and prev.cells is not None and prev.labelled
                        and (i <= prev.last_line + spacing or (i == prev.last_line + 2 and _blank(parsed[k - 1])))
                        and (text[:1].islower() or ((caseless or text.isupper())
                                                    and _tail_in_capitals(prev.label, text)))):
                    # the label's last lines printed below its values (Apple 1995: "Income before
                    # provision" / "  for income taxes"): a lower-case line right under a value row,
                    # or one blank line under it; in capitals, where case says nothing, a line that
                    # begins mid-phrase or follows a label that ends mid-phrase
                    prev.label += " " + text
                    prev.last_line = i
                    continue
                pending.append((sl.indent, text, i))
            continue
        # a value row: pending lines split into headings and the label's first lines
        ends = item_ends(pending, sl, kind, caseless)
        cut = _headings_end(ends)
        heading, label_lines = pending[:cut], pending[cut:]
        for ind, text, ln in _joined_headings(heading, ends, caseless, kind):
            rows.append(DraftRow(text, ind, None, ln, False, False, is_heading=True, part=part))
        label = " ".join([t for _, t, _ in label_lines] + ([sl.label] if sl.label else []))
        indent = label_lines[0][0] if label_lines else sl.indent
        total = after_rule or not label or label.lower().startswith("total")
        rows.append(DraftRow(label, indent, assigned, label_lines[0][2] if label_lines else i, total, sl.dollar,
                             part=part, labelled=bool(label), last_line=i))
        pending = []
        after_rule = False
    if sum(1 for r in rows if r.cells) < 3:
        return None
    heads = parse_header(header_lines, columns, first_left)
    if any(h.month is None for h in heads):
        # tab-mixed captions can sit left of the tab-expanded numbers: take lines that carry
        # one date piece per column, wherever they are, in order
        wide = [ln for ln in header_lines if len(DATE_RE.findall(ln)) >= len(columns) and not title_kind(ln)]
        if wide:
            for h, w in zip(heads, parse_header(wide, columns, 0), strict=True):
                h.year = h.year or w.year
                h.month = h.month or w.month
                h.day = h.day or w.day
    cols = []
    for h in heads:
        end_date = resolve_date(h, ref)
        months = None if kind == "balance_sheet" else (h.months or default_months)
        header = " ".join(h.parts)
        if kind != "balance_sheet" and "nception" in header.lower():
            end_date, months = inception_period(header, end_date, months)
        cols.append(StatementColumn(end_date, months, header))
    assign_concepts(rows, kind)
    keys = {r.concept for r in rows if r.concept}
    score = len(keys & KEY_CONCEPTS[kind]) * 10 + len(keys) + 0.01 * len(rows)
    return Draft(kind, title, start, end, unit or unit_above, cols, rows, score)


# Words a title-cased label may leave in lower case ("Net Cash Used in Investing Activities")
_MINOR_WORDS = frozenset(("a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or",
                          "per", "the", "to", "with"))


def _title_cased(parsed: list[Any]) -> bool:
    """The block prints its labels in Title Case ("Net Cash Used In Investing" / "  Activities"):
    most of its labels of two words or more capitalise every word but the minor ones. Then a line
    beginning in a capital, like one in capitals, may go on with the line above; in a statement
    in mixed case ("Financial Services" / "  Payables") it begins an item."""
    titled = mixed = 0
    for p in parsed:
        sl = p[2]
        if sl is None or not sl.label or sl.label.isupper():
            continue
        words = [w for w in sl.label.split() if w[:1].isalpha() and w.lower() not in _MINOR_WORDS]
        if len(words) < 2:
            continue
        if all(w[0].isupper() for w in words):
            titled += 1
        else:
            mixed += 1
    return titled >= 5 and titled >= 4 * mixed


def _blank(p: Any) -> bool:
    """An entry of `_parse_block`'s parsed lines is a blank line (no split line, and no rule)."""
    return p[2] is None and not p[3]


def _double_spaced(parsed: list[Any]) -> bool:
    """A block printed double-spaced: most of its lines are followed by one blank line and then
    another line (a typist's double spacing, or a converter's), so that one blank line separates
    nothing there, and two do what one does elsewhere."""
    lines = blanks = 0
    for k in range(len(parsed) - 2):
        if _blank(parsed[k]):
            continue
        lines += 1
        if _blank(parsed[k + 1]) and not _blank(parsed[k + 2]):
            blanks += 1
    return lines >= 8 and blanks >= 0.6 * lines


# (`_CONT_START_RE`'s words and "for": under a value row, "FOR INCOME TAXES" can only end a label,
# while "For ..." over one may begin its own)
_TAIL_START_RE = lazyre.compile(rf"(?:{_MID_PHRASE_STARTS}|for)\b", re.I)
# (not `_CONT_END_RE`: "..., NET" ends a whole label, "OTHER INCOME (EXPENSE), NET  4  10")
_TAIL_END_RE = lazyre.compile(r"(?:,|\band|\bor|\bof|\bfor|\bto|\bthe|\bby|\bfrom|\bwith|\bin|\bbefore|\bafter"
                              r"|\bincluding|\bexcluding)$", re.I)


def _tail_in_capitals(label: str, text: str) -> bool:
    """A line in capitals under a value row ends that row's label: the label ends mid-phrase
    ("SELLING, GENERAL AND  386" / "ADMINISTRATIVE") or the line begins so ("INCOME BEFORE
    PROVISION  116" / "FOR INCOME TAXES")."""
    return _TAIL_END_RE.search(label) is not None or _TAIL_START_RE.match(text) is not None


def _label_part(line: str, first_left: int) -> str:
    """A label line's text left of the columns (text standing apart in them is header matter
    printed beside it), but never cut inside the label's own run of words: "Net cash (used in)
    provided from financing" whose last word reaches past the left edge of a column widened by
    its "$" (IBM 1993), or "... leasehold improvements, at cost:" (Autodesk), keep their words up
    to the next gap of two spaces."""
    cut = max(first_left - 2, 1)
    in_word = line[cut - 1] != " "
    between_words = line[cut - 2:cut - 1] not in ("", " ") and line[cut:cut + 1] not in ("", " ")
    if in_word or between_words:  # (the cut falls inside the label's run of words)
        gap = line.find("  ", cut)
        cut = gap if gap >= 0 else len(line)
    return line[:cut].strip()


def _label_goes_on(text: str, line: str) -> bool:
    """`line` (printed after one blank line) goes on with the label line `text` above it: it begins
    in lower case, in or out of a parenthesis ("Income (loss) before provision" / "" / "(benefit)
    for income taxes"; "(Increase) decrease in ..." begins an item), or `text` ends mid-phrase
    ("Income before Income Taxes, Equity Income and" / "" / "Minorities' Interests", Xerox's 1996
    statements double-spaced); and `text` is no heading (which ends with a colon)."""
    if text.endswith(":"):
        return False
    # (a word, not a comma: "outstanding at October 30," / "and July 31," lost their years to the
    # columns, and a comma left so ends a heading's date, not a phrase)
    return line.strip().lstrip("(")[:1].islower() or (not text.endswith(",") and _TAIL_END_RE.search(text) is not None)


def _lone_blank(parsed: list[Any], k: int) -> bool:
    """parsed[k] (a blank line) stands alone between two printed lines."""
    return 0 < k < len(parsed) - 1 and not _blank(parsed[k - 1]) and not _blank(parsed[k + 1])


def _follows_label(sl: Line, cell: Cell) -> bool:
    """The cell is printed as part of the label's text: one space after its last word, or a few
    after a colon ("Shares authorized:  150,000,000", IBM)."""
    gap = cell.start - (sl.indent + len(sl.label))
    return gap == 1 or (gap <= 3 and sl.label.endswith(":"))


_FOOTNOTE_REF_RE = lazyre.compile(r"\(\d{1,2}\)\Z")


def _footnote_like(sl: Line) -> bool:
    """The line's first cell could be a footnote reference of its label, "(3)" printed as part of
    the label's text ("Earnings before income taxes (3)    1,775"), rather than a value."""
    c = sl.cells[0]
    return bool(sl.label) and _follows_label(sl, c) and _FOOTNOTE_REF_RE.match(c.text) is not None


def _footnotes_to_labels(parsed: list[Any], refs: list[int]) -> tuple[list[Any], list[tuple[Cell, ...]]]:
    """A "(3)" one space after a label is the label's footnote reference when no value of the
    block ends where it does: values are right-aligned in columns (Xerox's cash flows print
    "Undistributed equity in income of affiliated companies (9)" with the 9 under its column,
    a value), footnote marks end wherever their labels do (Motorola's 1996 10-K/A marks four
    rows "(3)", which read as values of -3 made a fourth column). The mark joins the label."""
    ref_set = set(refs)
    ends: set[int] = set()
    for k, p in enumerate(parsed):
        if p[4]:
            cells = p[2].cells
            ends.update(c.end for c in (cells[1:] if k in ref_set else cells))
    out = list(parsed)
    for k in refs:
        i, line, sl, rule, _data, low = parsed[k]
        c = sl.cells[0]
        if any(e in ends for e in range(c.end - 2, c.end + 3)):
            continue  # aligned with a column: a value
        rest = Line(f"{sl.label} {c.text}", sl.indent, sl.cells[1:], sl.dollar)
        out[k] = (i, line, rest, rule, bool(rest.cells) and not date_cells(rest), low)
    numeric = [amount_cells(p[2].cells) for p in out if p[4]]
    return out, numeric


def _joined_headings(heading: list[tuple[int, str, int]], ends: list[bool], caseless: bool,
                     kind: Kind) -> list[tuple[int, str, int]]:
    """A heading printed over several lines is one heading: a line that does not end with ':'
    is continued by a next line that begins in no capital ("Adjustments required to reconcile" /
    "income to cash flows from operating" / "activities:", Xerox's 1997 annual report, whose
    bare "Total" under it is then the operating subtotal). Where case gives no such cue (two lines
    in capitals; two in Title Case, `caseless`), a line goes on when it ends no item (`item_ends`):
    "CASH FLOWS FROM INVESTING" / "ACTIVITIES", "CUMULATIVE EFFECT OF CHANGE IN ACCOUNTING" /
    "PRINCIPLE"; and in any case a cash flow's section name broken before its last word ("... net
    cash provided by operating" / "Activities:")."""
    if len(heading) < 2:
        return heading
    out = [heading[0]]
    for k, (ind, text, ln) in enumerate(heading[1:]):
        above = heading[k][1]
        if not text[:1].isupper():  # (lower case, or "(used for) operating activities:")
            joined = not above.endswith(":")
        else:
            joined = not ends[k] and (text.isupper() and above.isupper()
                                      or caseless and not text.isupper() and not above.isupper()
                                      or _section_goes_on(kind, above, text))
        if joined:
            pind, ptext, pln = out[-1]
            out[-1] = (pind, f"{ptext} {text}", pln)
        else:
            out.append((ind, text, ln))
    return out


def _flush_headings(pending: list[tuple[int, str, int]], rows: list[DraftRow], part: int) -> None:
    for ind, text, ln in pending:
        rows.append(DraftRow(text, ind, None, ln, False, False, is_heading=True, part=part))


_CONT_START_RE = lazyre.compile(rf"(?:{_MID_PHRASE_STARTS})\b", re.I)
# ("Cash Flows - Operating Activities", "Cash flows: investing activities": the dash or colon is
# gone from the normalised line)
_CASH_FLOW_SECTION_RE = lazyre.compile(r"cash flows? (?:from|provided by|used in|for) "
                                       r"|cash flows? (?:operating|investing|financing)\b"
                                       r"|(?:operating|investing|financing)(?: activities)?$")


def _names_section(kind: Kind, head: str) -> bool:
    """A normalised line that names a section of a statement of `kind` ("current assets", "costs and
    expenses", "cash flows from financing activities"), as its subtotal rules do; on a cash flow
    only a heading's own words, since those rules match any line with "financ" or "invest" in it
    ("net cash provided by (used in) financing" / "activities" is one label)."""
    if kind == "cash_flow":
        return _CASH_FLOW_SECTION_RE.match(head) is not None
    return match_rule(kind, "subtotal", head) is not None


_ACTIVITIES = frozenset(("operating", "investing", "financing"))


def _section_goes_on(kind: Kind | None, text: str, nxt: str) -> bool:
    """On a cash flow, a line naming an activity's section but for its last word, and a next line
    that gives it: "Cash flows from operating" / "activities (Note 15)", in any case."""
    return (kind == "cash_flow" and normalise(nxt).startswith("activities")
            and normalise(text).rpartition(" ")[2] in _ACTIVITIES)


def _two_items(kind: Kind, text: str, nxt: str) -> bool:
    """A line over a value row whose label is `nxt` is an item of its own where case says nothing:
    the value row's label names a concept that the two joined do not ("OPERATING" / "NET EARNINGS
    $180"), or two short lines each name a concept of their own, other than the other's
    ("DISCONTINUED OPERATIONS" / "NET EARNINGS  .02", BMS's per-share section in capitals: a
    heading over the discontinued operations' own net earnings, not one label; a long label's
    second line may name a concept too, "... EQUITY IN JOINT" / "VENTURE AND CUMULATIVE EFFECT OF
    CHANGE IN ACCOUNTING PRINCIPLE  71,776", and goes on with the first)."""
    tail = label_rule(kind, nxt)
    if tail is None:
        return False
    if label_rule(kind, f"{text} {nxt}") is None:
        return True
    if text.count(" ") > 3 or nxt.count(" ") > 3:
        return False
    head = label_rule(kind, text)
    return head is not None and head.concept != tail.concept


def _names_only_joined(kind: Kind, head: str, tail: str) -> bool:
    """`head` and `tail` joined name a row of a `kind` statement; neither names one alone."""
    h, t = normalise(head), normalise(tail)
    return (match_rule(kind, "label", f"{h} {t}") is not None and match_rule(kind, "label", h) is None
            and match_rule(kind, "label", t) is None)


def split_pending(pending: list[tuple[int, str, int]], sl: Any, kind: Kind | None = None,
                  caseless: bool = False) -> tuple[list[tuple[int, str, int]], list[tuple[int, str, int]]]:
    """Pending text lines -> (headings, first lines of the value row's label): the headings are
    the lines up to the last one that ends an item (`item_ends`), the label's the rest."""
    cut = _headings_end(item_ends(pending, sl, kind, caseless))
    return pending[:cut], pending[cut:]


def _headings_end(ends: list[bool]) -> int:
    """How many pending lines are headings: those up to the last that ends an item."""
    return max((k + 1 for k, end in enumerate(ends) if end), default=0)


def item_ends(pending: list[tuple[int, str, int]], sl: Any, kind: Kind | None = None,
              caseless: bool = False) -> list[bool]:
    """For each pending text line over a value row `sl`, whether it ends an item: the next line
    (or the value row) begins another heading or label.

    A line ends one when it ends with ':' or when the next line starts a new item (a capital
    letter, and the line does not end mid-phrase with ',' / 'and' / 'of' ...).

    Two lines in capitals give no such cue ("WEIGHTED AVERAGE COMMON SHARES" / "OUTSTANDING" is
    one label); they are read as one, unless the first names a section of the statement's `kind`
    ("CASH FLOWS FROM FINANCING ACTIVITIES" / "NET CHANGE IN DEBT", whose joined words would read
    as the financing total) or the value row's own label names a concept that the two joined do not
    ("OPERATING" / "NET EARNINGS  $180"): then it is a heading, as in a statement in mixed case.
    A section's name broken before its last word is no heading of its own ("CASH FLOWS FROM
    OPERATING" / " ACTIVITIES (NOTE 15)  6,862", Ford's 1993 cash flows in capitals: the
    operating total). `caseless`: the statement capitalises every word (`_title_cased`), and its
    capitals say as little: two lines beginning in capitals are read as two in capitals are.
    """
    if not pending:
        return []
    nxt_texts = [t for _, t, _ in pending[1:]] + [sl.label]
    ends = []
    last = len(pending) - 1
    for k, (ind, text, _ln) in enumerate(pending):
        nxt = nxt_texts[k]
        new_item = bool(nxt) and nxt[0].isupper() and not _CONT_END_RE.search(text)
        if new_item and _section_goes_on(kind, text, nxt):
            new_item = False  # "... provided by operating" / "Activities:", in any case
        if new_item and _CONT_START_RE.match(nxt):
            # a next line that begins mid-phrase: "OPERATING REVENUES (INCLUDING $120.7, $100.1" /
            # "AND $77.3 FROM AFFILIATES)" is one label, in capitals too ("In service", a label
            # of its own, begins with a word that may begin one)
            new_item = False
        # (in Title Case, a line in capitals over one that is not, or the reverse, changes style:
        # there the capitals of both say nothing, but the change does)
        if new_item and text.isupper() == nxt.isupper() and (caseless or text.isupper()):
            head, tail = normalise(text), normalise(nxt)
            new_item = kind is not None and (
                _names_section(kind, head)
                # EPS sub-heads: "... PER COMMON SHARE AFTER ACCOUNTING CHANGE" / "BASIC" / "EARNINGS ..."
                or is_eps_subhead(head) or is_eps_subhead(tail)
                or (k == last and _two_items(kind, text, nxt)))
        # (the HTML reader's value rows carry no indent: never indented under the line above)
        if (new_item and k == last and kind is not None and getattr(sl, "indent", -1) > ind
                and not text.endswith(":") and _names_only_joined(kind, text, nxt)):
            # the value row's label indented under the line above, the two naming a concept that
            # neither names alone: one label ("(Loss) Earnings before Income" / "     Taxes
            # (8,797)", IBM's 1993 annual report), not a heading over a row of "Taxes"
            new_item = False
        if new_item and k > 0 and _CONT_END_RE.search(pending[k - 1][1]):
            # the line continues the one above ("...Income Taxes and" / "Cumulative Effect of Change
            # in Accounting" / "Principle ...."): a label three lines long, not a heading
            new_item = False
        if not new_item and text.endswith("..") and nxt[:1].isupper():
            # leader dots end an item printed without values ("... at December 31, 1999......."
            # over "Common stock, $0.01 par value; ...", Akamai), whatever the line above ended with
            new_item = True
        # (an unlabelled value row, `not nxt`: everything above it is a heading)
        ends.append(text.endswith(":") or new_item or not nxt)
    return ends


def extract_from_text(text: str, *, period_of_report: date | None = None, form: str | None = None,
                      fiscal_year_end: str | None = None, document_type: str = "10-Q",
                      start_line: int = 1, lowered: str | None = None) -> dict[str, Draft]:
    """Best candidate block per kind in one document's text (used by `extract_statements`, which
    passes the document's text lowered, `lowered`, that it has already made)."""
    lines = clean_lines(text)
    doc = _Doc(lines)
    default_months = default_duration(form, period_of_report, fiscal_year_end)
    best: dict[str, Draft] = {}
    consumed: dict[str, int] = {}
    for i in candidate_lines(lines, lowered):
        line = lines[i]
        if not line or len(line) > 160:
            continue
        text = joined_title(line, line_above(lines, i))
        low = text.lower()
        if "balance" not in low and "statement" not in low and "financial" not in low and "cash flow" not in low:
            continue
        tk = doc.title(i)  # (title_kind of the joined text)
        if tk is None:
            continue
        below = lines[i + 1] if i + 1 < len(lines) else ""
        if not below.strip() and i + 2 < len(lines):
            below = lines[i + 2]  # (double-spaced text)
        if below.lstrip()[:4].lower() in ("data", "info"):
            continue  # "Statement of Operations" / "Data:": a selected-data caption, not a title
        kind, m = tk
        if consumed.get(kind, -1) > i:
            continue
        title = " ".join(text.split())
        draft = _parse_block(doc, i, kind, period_of_report, default_months if kind != "balance_sheet" else None,
                             title)
        if draft is None:
            continue
        consumed[kind] = draft.end
        if draft.score < 20:
            # a title naming the wrong statement (IBM 1995: its balance sheet headed "CONSOLIDATED
            # STATEMENT OF OPERATIONS"): the rows say what the block is
            labels = [normalise(r.label) for r in draft.rows if r.cells]
            for other in KINDS:
                if other == kind or len(labels) < 8 or not any(lab.startswith(KIND_HINTS[other]) for lab in labels):
                    continue
                alt = _parse_block(doc, i, other, period_of_report,
                                   default_months if other != "balance_sheet" else None, title)
                if alt is not None and alt.score >= 30 and alt.score > draft.score:
                    draft = alt
                    consumed[other] = alt.end
        draft.penalty = secondary_penalty(lines, i, title)
        cur = best.get(draft.kind)
        if cur is None or draft.rank > cur.rank:
            best[draft.kind] = draft
    for kind in ("balance_sheet", "cash_flow"):
        titled = best.get(kind)
        if titled is None or titled.rank < _WEAK_SCORE:
            # no statement under a title, or only a title in running text (IBM 1994: the notes'
            # "Consolidated Statement of Financial Position." while its own title is misspelt
            # "POSTION"; IBM 1999 heads its cash flows "consolidated statement of stockholders' equity"),
            # or only a secondary one (a notes page's "statement of financial position" of one business)
            untitled = _untitled(doc, kind, period_of_report, default_months if kind != "balance_sheet" else None)
            if untitled is not None and (titled is None or untitled.rank > titled.rank):
                best[kind] = untitled
    return best


UNTITLED = "(no title printed)"
# A candidate recognising fewer than three key concepts (10 points each) is a weak one.
_WEAK_SCORE = 30.0
# A statement with no title ranks below any titled candidate of its kind, in any document.
_UNTITLED_PENALTY = 30.0


# What opens an untitled statement (the first row heading, on a line of its own), the key concepts
# it must recognise (all of the first set, one of the second at least), and the words a heading
# printed over it has when it names the statement.
_UNTITLED_KINDS: dict[str, tuple[Any, frozenset[str], frozenset[str], tuple[str, ...]]] = {
    "balance_sheet": (lambda s: s.rstrip(":").upper() == "ASSETS", frozenset({"total_assets"}),
                      frozenset({"total_liabilities_and_equity", "total_equity"}),
                      ("balance", "financial", "condition")),
    "cash_flow": (lambda s: s.lower().startswith(("cash flows from operating activities", "cash flow from operating "
                                                  "activities", "operating activities")),
                  frozenset({"net_cash_operating"}), frozenset({"net_cash_investing", "net_cash_financing"}),
                  ("cash flow",)),
}


def _untitled(doc: _Doc, kind: Kind, ref: date | None, default_months: int | None) -> Draft | None:
    """A balance sheet or cash flow printed without its title: a table whose first row heading
    ("ASSETS", "Cash flow from operating activities:") is on a line of its own under its column
    header, and that recognises the statement's key rows (total assets and total liabilities and
    equity, or total equity; the operating total and another activity's).

    AMD's 1998 annual report (EX-13) prints "CONSOLIDATED STATEMENTS OF OPERATIONS" and
    "Consolidated Statements of Cash Flows" over their tables, but its balance sheet page begins
    with the dates ("December 27, 1998 and December 28, 1997" / "(Thousands ...)  1998  1997"):
    the title was lost from the EDGAR copy. The block starts above the header lines over the first
    row heading (up to the blank lines, page break or data row before them); the first such table
    wins. Its title is a heading over it that names the statement, else "(no title printed)"."""
    opens, needed, one_of, words = _UNTITLED_KINDS[kind]
    lines = doc.lines
    for i, line in enumerate(lines):
        if len(line) > 60 or not opens(line.strip()):
            continue
        start, blanks, k = i, 0, i - 1
        while k >= 0 and i - k <= 12:
            f = doc.fact(k)
            if f is None:
                blanks += 1
                if blanks >= 2 and start < i:
                    break
            elif ("\x0c" in lines[k] or f[6] or f[1] or (not f[4] and is_prose(lines[k]))
                  or doc.title(k) is not None):
                break  # a page break, figures, "see accompanying notes", prose or a title: above the header
            else:
                blanks = 0
                start = k
            k -= 1
        if start == i:
            continue  # no header lines: no periods for the columns
        draft = _parse_block(doc, start - 1, kind, ref, default_months, UNTITLED)
        if draft is None:
            continue
        keys = {r.concept for r in draft.rows}
        if needed <= keys and keys & one_of:
            draft.title = _heading_above(lines, start, words) or UNTITLED
            # (and a secondary statement's penalty: a parent company's "Condensed Statements of Cash
            # Flows" under "SCHEDULE I" read again from its first row heading is still secondary)
            draft.penalty = _UNTITLED_PENALTY + secondary_penalty(lines, max(0, start - 4), draft.title)
            return draft
    return None


def _heading_above(lines: list[str], start: int, words: tuple[str, ...]) -> str | None:
    """A heading naming the statement (one of `words`) in the few lines over a table, that was not
    read as a title (IBM's "CONSOLIDATED STATEMENT OF FINANCIAL POSTION", so spelt)."""
    for k in range(start - 1, max(-1, start - 7), -1):
        text = " ".join(lines[k].split())
        if 0 < len(text) < 80 and any(w in text.lower() for w in words):
            return text
    return None
