"""HTML documents -> grids: each `<table>` as rows x logical columns of cells.

The tables of 2001-2008 HTML filings (and of the HTML-wrapped 10-Qs of 1999-2000, and of 2009+
filings with or without inline XBRL) are laid out for the eye: a number is often split over
several `<td>`s (`$` | `(1,234` | `)`), empty spacer cells separate the columns, headers span
columns, and rules are cells of underscores or borders. This module undoes the layout and
nothing more (what a row means is the statements stage's business):

1. the document is parsed once with lxml.html (libxml2 repairs broken markup);
2. per table, `<td>`/`<th>` are placed on a rectangle with COLSPAN/ROWSPAN expanded (spans are
   bounded: a real statement has a few dozen columns, and `colspan="300000000"` is hostile);
3. per row, split pieces are merged into their number: a lone `$` into the number on its right,
   `)` / `%` / a footnote mark into the number on its left, `(1,234` with the `)` after it;
4. columns that no cell of their own fills (spacers, the emptied `$` columns) are dropped and the
   spans of the cells over them shrunk; rule rows become the `total`/`underline` marks of the
   rows around them.

`<PRE>` blocks are returned as text for the fixed-width reader (`tables.text`).
"""

from __future__ import annotations

import html as _html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree

from edgarliq.model import Grid, GridCell, GridRow, IxFact
from edgarliq.tables.text import looks_like_html, parse_number

__all__ = ["HtmlDocument", "read_html", "looks_like_html", "truncation_warnings", "cell_value", "MAX_SPAN", "MAX_CELLS"]

# A statement has at most a few dozen columns; no real table spans more than this.
MAX_SPAN = 100
# Slots (rows x columns after span expansion) per table: a 10-K's largest table has a few
# thousand; past this the table is hostile or not a statement, and is cut with a warning.
MAX_CELLS = 200_000
# More digits than any amount (Python floats lose integers past 15-16 digits; issue 11 item 1).
_MAX_DIGITS = 15


@dataclass(frozen=True, slots=True)
class HtmlDocument:
    """The tables of one HTML document as grids, its `<PRE>` blocks (source line, text) and
    warnings (truncation, tables cut at the size bound)."""

    grids: tuple[Grid, ...]
    pre_blocks: tuple[tuple[int, str], ...]
    warnings: tuple[str, ...]


# --------------------------------------------------------------------------------------------
# Cell text -> number

_RULE_CHARS = frozenset("_=-\u2014\u2013 ")
_RULE_RUN_RE = re.compile(r"_{3,}|={3,}|-{5,}")
_FOOTNOTE_TAIL_RE = re.compile(r"(?:\([a-z]\)|\*{1,3}|\[\d{1,2}\])$")
_FOOTNOTE_ONLY_RE = re.compile(r"^(?:\([a-z]\)|\*{1,3}|\[\d{1,2}\])$")
_DIGITS_RE = re.compile(r"\d+")
_MINUS_CHARS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "\u2014"})


def _is_rule_text(t: str) -> bool:
    """`____`, `====`, `--------`: an underline, not a dash meaning zero (`-`, `--`, `---`)."""
    if not t or any(ch not in _RULE_CHARS for ch in t):
        return False
    s = t.replace(" ", "")
    return ("_" in s or "=" in s) and len(s) >= 2 or len(s) >= 5


@lru_cache(maxsize=16384)
def cell_value(text: str) -> tuple[float | None, bool, bool]:
    """The number a cell prints: (value, has `$`, is a percentage); value None for text.

    `$(1,234)` -> -1234; `(12.5)%` -> -12.5; `-`, `--`, an em dash, `-0-` -> 0; a footnote mark
    after the number (`1,234(a)`, `1,234*`) is dropped; more than 15 digits is not an amount.
    """
    t = text.replace(" ", "").replace("\xa0", "").translate(_MINUS_CHARS)
    if not t or len(t) > 40:
        return None, False, False
    dollar = "$" in t
    t = t.replace("$", "")
    if t[-1:] in ")]*" and not t[-1:].isdigit():
        m = _FOOTNOTE_TAIL_RE.search(t)
        if m and m.start() > 0:
            t = t[:m.start()]
    percent = t.endswith("%") or t.endswith("%)")
    if percent:
        t = t.replace("%", "")
    if t in ("\u2014", "\u2014\u2014"):
        return 0.0, dollar, percent
    digits = _DIGITS_RE.findall(t)
    if sum(len(d) for d in digits) > _MAX_DIGITS:
        return None, dollar, percent
    return parse_number(t), dollar, percent


# --------------------------------------------------------------------------------------------
# One <td>: its text and marks


@dataclass(slots=True)
class _Raw:
    text: str
    colspan: int
    rowspan: int
    indent: int
    bold: bool
    border_top: bool
    border_bottom: bool
    fact: IxFact | None
    rule: bool = False
    dollar: bool = False


_SPACER = _Raw("", 1, 1, 0, False, False, False, None)

_INDENT_RE = re.compile(r"(?:padding-left|margin-left|text-indent)\s*:\s*(\d{1,4}(?:\.\d{1,3})?)\s*(pt|px|em|in)?",
                        re.I)
_CHARS_PER = {"pt": 0.2, "px": 0.15, "em": 2.0, "in": 14.0, None: 0.15}
_BORDER_RE = re.compile(r"border-(top|bottom)\s*:\s*([^;\"]{0,60})", re.I)


def _span(value: str | None) -> int:
    """A COLSPAN/ROWSPAN attribute, bounded to [1, MAX_SPAN] (garbage reads as 1)."""
    if not value or value == "1":
        return 1
    v = value.strip().strip("\"'")[:6]
    if not (v.isascii() and v.isdigit()):  # ("²".isdigit() is true, and int() refuses it)
        return 1
    return max(1, min(int(v), MAX_SPAN))


@lru_cache(maxsize=4096)
def _style_marks(style: str) -> tuple[int, bool, bool, bool]:
    """(indent in characters, bold, border-top, border-bottom) from a style attribute (cached:
    a filing repeats a few dozen styles over thousands of cells)."""
    low = style.lower()
    indent = 0
    if "left" in low or "indent" in low:
        for m in _INDENT_RE.finditer(low):
            indent += int(float(m.group(1)) * _CHARS_PER[m.group(2)])
    bold = "bold" in low or "font-weight:700" in low.replace(" ", "")
    top = bottom = False
    if "border" in low:
        for m in _BORDER_RE.finditer(low):
            decl = m.group(2)
            if "none" in decl or decl.strip().startswith("0"):
                continue
            if m.group(1) == "top":
                top = True
            else:
                bottom = True
    return indent, bold, top, bottom


def _fact_of(el: Any) -> IxFact:
    g = el.get
    return IxFact(g("name") or "", g("contextref") or "", g("unitref"), g("scale"), g("sign"), g("format"),
                  g("decimals"), g("id"))


def _text(el: Any) -> str:
    """An element's text (serialised in C: three times faster than joining `itertext()`)."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


_NO_MARKS = (0, False, False, False)
_LEAD_SPACE = " \t\r\n\xa0\u2002\u2003"
# inline elements that mark nothing we read: skipped before the other tests (most of a cell's
# descendants); a `style` on them is still read below
_PLAIN_TAGS = frozenset(("font", "p", "div", "span", "a", "br", "i", "u", "center", "small", "big"))


def _blank_cell(td: Any, top: bool, bottom: bool) -> _Raw:
    """A `<td>` that prints nothing (a spacer or a rule cell): only its borders and spans matter."""
    # (iterdescendants filters by tag in C; `find(".//hr")` goes through ElementPath in Python)
    if len(td) and next(td.iterdescendants("hr"), None) is not None:
        bottom = True
    colspan, rowspan = td.get("colspan"), td.get("rowspan")
    if not (top or bottom or colspan or rowspan):
        return _SPACER  # (shared: spacers are never modified)
    return _Raw("", _span(colspan), _span(rowspan), 0, False, top, bottom, None)


def _read_cell(td: Any) -> _Raw:
    """A `<td>`'s text (footnote `<sup>` left out of numbers), indentation, bold, borders, fact."""
    style = td.get("style")
    indent, bold, top, bottom = _style_marks(style) if style else _NO_MARKS
    # (a cell without child elements is its own text: no serialisation needed)
    raw = _text(td) if len(td) else (td.text or "")
    if not raw.strip(_LEAD_SPACE):
        # a spacer or a rule cell (most cells of a statement): only its borders matter, and
        # the walk over its descendants below is the reader's main cost
        return _blank_cell(td, top, bottom)
    fact = None
    sup_text = ""
    nested = stray = False
    for el in td.iterdescendants():
        tag = el.tag
        if tag in _PLAIN_TAGS:
            pass
        elif tag in ("b", "strong"):
            bold = True
        elif tag == "ix:nonfraction":
            fact = fact or _fact_of(el)
        elif tag == "sup":
            sup_text += _text(el)
        elif tag == "table":
            nested = True
            break
        elif tag == "tr":
            stray = True
            break
        elif tag == "hr":
            bottom = True
        style = el.get("style")
        if style:
            i2, b2, t2, bo2 = _style_marks(style)
            indent += i2
            bold = bold or b2
            top, bottom = top or t2, bottom or bo2
    if nested:  # a layout table around the real ones: its own cells are read as tables
        return _Raw("", _span(td.get("colspan")), _span(td.get("rowspan")), 0, False, False, False, None)
    if stray:
        raw = _text_until_row(td)
    if raw[:1] in _LEAD_SPACE:
        lead = raw[:len(raw) - len(raw.lstrip(_LEAD_SPACE))]
        indent += lead.count("\xa0") + 2 * (lead.count("\u2002") + lead.count("\u2003"))
    text = " ".join(raw.split())
    if sup_text and any(ch.isdigit() for ch in text.replace(sup_text.strip(), "")):
        # `1,234<sup>(1)</sup>`: the mark is not part of the amount
        s = sup_text.strip()
        if s and text.endswith(s) and cell_value(text[:-len(s)])[0] is not None:
            text = text[:-len(s)].rstrip()
    rule = False
    if text and _is_rule_text(text):
        text, rule = "", True
    elif text and ("__" in text or "==" in text or "-----" in text):
        stripped = " ".join(_RULE_RUN_RE.sub(" ", text).split())
        if stripped != text:
            text, bottom = stripped, True
    return _Raw(text, _span(td.get("colspan")), _span(td.get("rowspan")), indent, bold, top, bottom, fact, rule)


# --------------------------------------------------------------------------------------------
# A table: rows of raw cells -> a rectangle of slots -> merged pieces -> grid


def _table_rows(table: Any) -> list[Any]:
    rows = []
    for child in table:
        tag = child.tag
        if tag == "tr":
            rows.append(child)
            rows.extend(_stray_rows(child, table))
        elif tag in ("tbody", "thead", "tfoot"):
            for c in child:
                if c.tag == "tr":
                    rows.append(c)
                    rows.extend(_stray_rows(c, table))
    return rows


def _stray_rows(tr: Any, table: Any) -> list[Any]:
    """`<tr>`s written inside a cell with no `<table>` of their own (FrontPage-era filings,
    Bristol-Myers 2001): browsers close the cell and start a new row; so do we."""
    if next(tr.iterdescendants("tr"), None) is None:  # (the usual case, tested in C)
        return []
    out = []
    for t in tr.iterdescendants("tr"):
        if next(t.iterancestors("table"), None) is table:
            out.append(t)
    return out


def _text_until_row(td: Any) -> str:
    """A cell's text up to the first stray `<tr>` inside it."""
    parts: list[str] = []
    for event, el in etree.iterwalk(td, events=("start", "end")):
        if event == "start":
            if el.tag == "tr":
                break
            parts.append(el.text or "")
        elif el is not td:
            parts.append(el.tail or "")
    return "".join(parts)


# A slot: (raw cell, is its top-left slot) or None where a row has no cell.
_Slot = tuple[_Raw, bool] | None


def _expand(rows: list[list[_Raw]]) -> tuple[list[list[_Slot]], bool]:
    """Place cells on a rectangle, COLSPAN/ROWSPAN expanded (after pandas' `_expand_colspan_rowspan`);
    True when the table was cut at MAX_CELLS."""
    out: list[list[_Slot]] = []
    carry: dict[int, tuple[_Raw, int]] = {}  # column -> (cell spanning down, rows still to cover)
    total = 0
    for cells in rows:
        row: list[_Slot] = []
        it = iter(cells)
        nxt = next(it, None)
        while nxt is not None or carry:
            col = len(row)
            if col in carry:
                raw, left = carry.pop(col)
                for _ in range(raw.colspan):
                    row.append((raw, False))
                if left > 1:
                    carry[col] = (raw, left - 1)
                continue
            if nxt is None:
                if not carry:
                    break
                row.append(None)  # a gap before a cell spanning down from above
                if len(row) > max(carry) + MAX_SPAN:
                    break
                continue
            row.append((nxt, True))
            row.extend((nxt, False) for _ in range(nxt.colspan - 1))
            if nxt.rowspan > 1:
                carry[col] = (nxt, nxt.rowspan - 1)
            nxt = next(it, None)
        total += len(row)
        if total > MAX_CELLS:
            return out, True
        out.append(row)
    width = max((len(r) for r in out), default=0)
    for r in out:
        r.extend([None] * (width - len(r)))
    return out, False


def _merge_pieces(row: list[_Slot]) -> None:
    """Join the pieces of one printed number held in separate cells (in place on the raw cells)."""
    cells = [s[0] for s in row if s is not None and s[1] and s[0].text]
    for k, c in enumerate(cells):
        t = c.text.replace(" ", "")
        prev = cells[k - 1] if k else None
        if t in ("$", "$(", "($", "US$"):
            nxt = cells[k + 1] if k + 1 < len(cells) else None
            if nxt is not None and (nxt.text[:1].isdigit() or nxt.text[:1] in "(.-\u2014"):
                nxt.text = ("(" if "(" in t else "") + nxt.text
                nxt.dollar = True
                c.text = ""
        elif (t in (")", "%", ")%", "%)", "%)%") or _FOOTNOTE_ONLY_RE.match(t)) and (
                prev is not None and prev.text and (prev.text[-1:].isdigit() or prev.text[-1:] in "%)")):
            if not _FOOTNOTE_ONLY_RE.match(t):
                prev.text += t
            c.text = ""


def _kept_columns(slots: list[list[_Slot]], width: int) -> list[bool]:
    """Columns some non-empty cell of its own fills; a spanning cell over none keeps its first."""
    keep = [False] * width
    for row in slots:
        for j, s in enumerate(row):
            if s is not None and s[1] and s[0].text and s[0].colspan == 1:
                keep[j] = True
    for row in slots:
        for j, s in enumerate(row):
            if s is not None and s[1] and s[0].text and s[0].colspan > 1 and not any(keep[j:j + s[0].colspan]):
                keep[j] = True
    return keep


def _grid_cell(raw: _Raw, span: int) -> GridCell:
    value, dollar, percent = cell_value(raw.text)
    if raw.fact is not None and value is None:
        # a tagged number printed with text round it (`1,234 million`): the fact is the number
        digits = "".join(ch for ch in raw.text if ch.isdigit() or ch in ".,()")
        value = cell_value(digits)[0]
    return GridCell(raw.text, value, span, dollar or raw.dollar, percent, raw.bold, raw.fact)


def _build_rows(slots: list[list[_Slot]], keep: list[bool], lines: list[int]) -> list[GridRow]:
    index = [0] * (len(keep) + 1)  # kept columns before each column
    for j, k in enumerate(keep):
        index[j + 1] = index[j] + (1 if k else 0)
    ncols = index[-1]
    out: list[GridRow] = []
    rule_above = False
    for row, line in zip(slots, lines, strict=True):
        cells: list[GridCell | None] = [None] * ncols
        raws = [s[0] for s in row if s is not None and s[1]]
        if raws and all(r.rule or not r.text for r in raws) and any(r.rule or r.border_bottom for r in raws):
            if out:  # a row of rules: the row above is underlined, the next one a total
                out[-1] = _with(out[-1], underline=True)
            rule_above = True
            continue
        for j, s in enumerate(row):
            if s is None or not s[1] or not s[0].text:
                continue
            start, end = index[j], index[min(j + s[0].colspan, len(keep))]
            if end > start:
                cells[start] = _grid_cell(s[0], end - start)
        if not any(cells):
            continue
        out.append(_row_marks(cells, [r for r in raws if r.text], rule_above, line))
        rule_above = any(r.border_bottom for r in raws if r.text or r.rule) and any(
            c is not None and c.value is not None for c in cells)
    return out


def _with(row: GridRow, **kw: Any) -> GridRow:
    from dataclasses import replace

    return replace(row, **kw)


def _row_marks(cells: list[GridCell | None], raws: list[_Raw], rule_above: bool, line: int) -> GridRow:
    nums = [c for c in cells if c is not None and c.value is not None]
    label_raw = raws[0] if raws and cell_value(raws[0].text)[0] is None else None
    bold_nums = bool(nums) and all(c.bold for c in nums)
    bold = (label_raw.bold if label_raw is not None else False) or bold_nums
    top = any(r.border_top for r in raws if cell_value(r.text)[0] is not None)
    bottom = any(r.border_bottom for r in raws if cell_value(r.text)[0] is not None)
    indent = label_raw.indent if label_raw is not None else 0
    return GridRow(tuple(cells), indent, bold, bool(nums) and (rule_above or top), bottom, line)


def _read_table(table: Any, line_offset: int) -> tuple[Grid | None, bool]:
    trs = _table_rows(table)
    if not trs:
        return None, False
    raw_rows = [[_read_cell(td) for td in tr if td.tag in ("td", "th")] for tr in trs]
    slots, cut = _expand(raw_rows)
    for row in slots:
        _merge_pieces(row)
    width = len(slots[0]) if slots else 0
    keep = _kept_columns(slots, width)
    lines = [(tr.sourceline or 0) + line_offset for tr in trs[:len(slots)]]
    rows = _build_rows(slots, keep, lines)
    if not rows:
        return None, cut
    return Grid(tuple(rows), sum(keep), (table.sourceline or 0) + line_offset), cut


# --------------------------------------------------------------------------------------------
# The document

_BLOCK_TAG_RE = re.compile(r"<(?:br|p|div|tr|h[1-6]|/p|/div|/h[1-6]|center|/center|li)\b[^>]{0,2000}>", re.I)
_ANY_TAG_RE = re.compile(r"<[^<>]{0,4000}>")
_BEFORE_CHARS = 8000


def _text_before(text: str, end: int, low: str | None = None) -> str:
    """The last lines of text printed before offset `end`, back to the previous table's end.

    `low`, when given, is `text.lower()` of the same length: the previous table's end is found
    in it instead of lowering a window per table."""
    start = max(0, end - _BEFORE_CHARS)
    window = text[start:end]
    if low is not None:
        cut = low.rfind("</table", start, end)
        cut = cut - start if cut >= 0 else -1
    else:
        cut = window.lower().rfind("</table")
    if cut >= 0:
        window = window[cut:]
        window = window[window.find(">") + 1:] if ">" in window else ""
    # source line breaks are spaces in HTML ("INCOME\nSTATEMENTS"); block tags break lines
    window = _BLOCK_TAG_RE.sub("\n", window.replace("\n", " "))
    window = _html.unescape(_ANY_TAG_RE.sub("", window))
    lines = [" ".join(ln.split()) for ln in window.split("\n")]
    return "\n".join([ln for ln in lines if ln][-8:])


def _table_offsets(text: str, lines: list[int], low: str | None = None) -> list[int]:
    """The character offset of each table's `<table` tag, tables given by their (1-based, in
    document order) source lines: the next `<table` at or after that line (tables can share one
    line, so the search goes on from the previous table). `low` is `text.lower()` if known."""
    if low is None:
        low = text.lower()
    out: list[int] = []
    pos, line = 0, 1
    for n in lines:
        k = low.find("<table", pos)
        while k >= 0:
            line += text.count("\n", pos, k)
            pos = k
            if line >= n:
                break
            k = low.find("<table", k + 1)
        if k < 0:
            out.append(len(text) if not out else out[-1])
            continue
        out.append(k)
        pos = k + 1
    return out


def truncation_warnings(text: str) -> list[str]:
    """Warnings for an HTML document cut short: it ends inside a table, or without `</html>`."""
    low_tail = text[-3000:].lower()
    warnings = []
    if "<html" in text[:5000].lower() and "</html" not in low_tail:
        warnings.append("HTML document ends without </html>: it may be truncated")
    opened = text.count("<table") + text.count("<TABLE") + text.count("<Table")
    closed = text.count("</table") + text.count("</TABLE") + text.count("</Table")
    if opened > closed:
        warnings.append(f"HTML document ends inside a table ({opened} <table> opened, {closed} closed):"
                        " it may be truncated")
    return warnings


# `Three Months<br>Ended`, `<div>June 30,</div><div>2004</div>`: a line break or the end of a
# block inside a cell separates words; a space before the tag says so to the text serialiser
# (one pass over the text, cheaper than editing the tails of thousands of parsed elements)
_BREAK_RE = re.compile(r"<(?=br\b|/p\b|/div\b)", re.I)


def _parse(text: str) -> Any:
    data = _BREAK_RE.sub(" <", text).encode("utf-8", "replace")
    # (etree's parser, not lxml.html's: its element classes cost a Python lookup per element)
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(data, parser)
    except (etree.ParserError, ValueError):
        return None


# how much of a table's own markup `select` sees (a title printed in its first rows)
_SELECT_AFTER = 2500


def read_html(text: str, start_line: int = 1,
              select: Callable[[str, str], bool] | None = None) -> HtmlDocument:
    """Every table of an HTML document as a grid; `start_line` is the document's first line in
    the submission (grid and row lines are submission lines).

    `select`, when given, sees each table's `before` text and the start of its raw lower-cased
    markup and says whether the table is wanted; a table right after a wanted one is read too
    (a statement's second page, a layout table between title and statement). An unwanted table
    is an empty grid (no rows), so a reader of the grids still knows something stood between
    two tables. Reading cells is most of the reader's cost; a 10-K holds a few hundred tables
    and three statements.
    """
    warnings = truncation_warnings(text)
    root = _parse(text)
    if root is None:
        return HtmlDocument((), (), (*warnings, "HTML document could not be parsed"))
    offset = start_line - 1
    grids: list[Grid] = []
    tables = list(root.iter("table"))
    # one lowered copy of the document for both searches (a few Unicode capitals lower to two
    # characters: then offsets in it are not offsets in `text`, and each window is lowered alone)
    low = text.lower()
    starts = _table_offsets(text, [t.sourceline or 1 for t in tables], low)
    same = low if len(low) == len(text) else None
    follow = False
    for table, start in zip(tables, starts, strict=True):
        before = _text_before(text, start, same)
        if select is not None:
            hit = select(before, text[start:start + _SELECT_AFTER].lower())
            if not (hit or follow):
                grids.append(Grid((), 0, (table.sourceline or 0) + offset))
                follow = False
                continue
            follow = hit
        grid, cut = _read_table(table, offset)
        if cut:
            warnings.append(f"table at line {(table.sourceline or 0) + offset} has more than {MAX_CELLS} cells:"
                            " read only up to that bound")
        if grid is None:
            continue
        grids.append(Grid(grid.rows, grid.ncols, grid.line, before))
    pres = tuple(((p.sourceline or 0) + offset, "".join(p.itertext())) for p in root.iter("pre"))
    return HtmlDocument(tuple(grids), pres, tuple(warnings))
