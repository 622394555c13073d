"""HTML documents -> grids: each `<table>` as rows x logical columns of cells.

The tables of 2001-2008 HTML filings (and of the HTML-wrapped 10-Qs of 1999-2000, and of 2009+
filings with or without inline XBRL) are laid out for the eye: a number is often split over
several `<td>`s (`$` | `(1,234` | `)`), empty spacer cells separate the columns, headers span
columns, and rules are cells of underscores or borders. This module undoes the layout and
nothing more (what a row means is the statements stage's business):

1. one linear scan of the markup finds each `<table>`'s span (outside comments and raw-text
   elements such as `<script>`, nested tables too) without parsing the document (`scan_html`);
   a table is parsed alone with lxml (libxml2 repairs broken markup) only when it is read, and
   only as many of its rows are read as asked for: most of a 10-K's tables are not statements,
   and the text above a table and its first rows say so;
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
from functools import lru_cache
from typing import Any

from lxml import etree

from edgarliq import lazyre
from edgarliq.model import Grid, GridCell, GridRow, IxFact
from edgarliq.record import record
from edgarliq.tables.text import looks_like_html, parse_number

__all__ = ["HtmlDocument", "HtmlScan", "HtmlTable", "scan_html", "read_html", "looks_like_html", "truncation_warnings",
           "cell_value", "MAX_SPAN", "MAX_CELLS"]

# A statement has at most a few dozen columns; no real table spans more than this.
MAX_SPAN = 100
# Slots (rows x columns after span expansion) per table: a 10-K's largest table has a few
# thousand; past this the table is hostile or not a statement, and is cut with a warning.
MAX_CELLS = 200_000
# More digits than any amount (Python floats lose integers past 15-16 digits; issue 11 item 1).
_MAX_DIGITS = 15


@record(frozen=True, slots=True)
class HtmlDocument:
    """The tables of one HTML document as grids, its `<PRE>` blocks (source line, text) and
    warnings (truncation, tables cut at the size bound)."""

    grids: tuple[Grid, ...]
    pre_blocks: tuple[tuple[int, str], ...]
    warnings: tuple[str, ...]


# --------------------------------------------------------------------------------------------
# Cell text -> number

_RULE_STRIP = "_=-\u2014\u2013 "
_RULE_RUN_RE = lazyre.compile(r"_{3,}|={3,}|-{5,}")
_FOOTNOTE_TAIL_RE = lazyre.compile(r"(?:\([a-z]\)|\*{1,3}|\[\d{1,2}\])$")
_FOOTNOTE_ONLY_RE = lazyre.compile(r"^(?:\([a-z]\)|\*{1,3}|\[\d{1,2}\])$")
_DIGITS_RE = lazyre.compile(r"\d+")
_MINUS_CHARS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "\u2014"})


def _is_rule_text(t: str) -> bool:
    """`____`, `====`, `--------`: an underline, not a dash meaning zero (`-`, `--`, `---`)."""
    if not t or t.strip(_RULE_STRIP):  # (a character outside the set is left after the strip)
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


@record(slots=True)
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

_INDENT_RE = lazyre.compile(r"(?:padding-left|margin-left|text-indent)\s*:\s*(\d{1,4}(?:\.\d{1,3})?)\s*(pt|px|em|in)?",
                            re.I)
_CHARS_PER = {"pt": 0.2, "px": 0.15, "em": 2.0, "in": 14.0, None: 0.15}
_BORDER_RE = lazyre.compile(r"border-(top|bottom)\s*:\s*([^;\"]{0,60})", re.I)


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
_PLAIN_TAGS = frozenset(("font", "p", "div", "span", "a", "br", "i", "center", "small", "big"))


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
        elif tag == "u" and cell_value(_text(el).strip())[0] is not None:
            # an underlined figure is underlined as by a bottom border: the row below it totals
            # the rows above (Bristol-Myers Squibb's 2001 10-Qs: "<u>401</u>" over "Inventories")
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
        elif t == "(":
            # "(" | "0.00)": a negative's opening parenthesis in a cell of its own, no "$" with it
            nxt = cells[k + 1] if k + 1 < len(cells) else None
            if nxt is not None and nxt.text[:1].isdigit() and nxt.text.endswith(")"):
                nxt.text = "(" + nxt.text
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
    from edgarliq.record import replace

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


def _copy(raw: _Raw) -> _Raw:
    return _Raw(raw.text, raw.colspan, raw.rowspan, raw.indent, raw.bold, raw.border_top, raw.border_bottom,
                raw.fact, raw.rule, raw.dollar)


def _read_table(table: Any, line_of: Callable[[Any], int], limit: int | None = None,
                read: list[list[_Raw]] | None = None, partial: bool = False) -> tuple[Grid | None, bool, bool]:
    """(grid, cut at MAX_CELLS, every row read). With `limit`, only the first `limit` `<tr>`s
    are read: their rows print the same text and amounts as in the whole table (pieces merge
    within a row; only the columns kept and the rule marks depend on the rows below).

    `read` holds the cells of the rows read by an earlier call on the same table (as read,
    before merging), extended here: a table read in part and then whole reads each cell once.
    `partial`: `table` is the start of a table's markup parsed alone, its rows not all of the
    table's (never complete unless cut at MAX_CELLS)."""
    trs = _table_rows(table)
    if not trs:
        return None, False, not partial
    complete = not partial and (limit is None or limit >= len(trs))
    part = trs if complete else trs[:limit]
    if read is None:
        read = []
    read.extend([_read_cell(td) for td in tr if td.tag in ("td", "th")] for tr in part[len(read):])
    # merging pieces edits the cells that print text: for a part, those are copied, so `read`
    # stays as read for the next call (blank cells are never edited, and `_SPACER` is shared)
    raw_rows = read if complete else [[_copy(r) if r.text else r for r in row] for row in read[:len(part)]]
    slots, cut = _expand(raw_rows)
    complete = complete or cut
    for row in slots:
        _merge_pieces(row)
    width = len(slots[0]) if slots else 0
    keep = _kept_columns(slots, width)
    lines = [line_of(tr) for tr in part[:len(slots)]]
    rows = _build_rows(slots, keep, lines)
    if not rows:
        return None, cut, complete
    return Grid(tuple(rows), sum(keep), line_of(table)), cut, complete


def _fits_by_markup(span_low: str) -> bool:
    """Whether a table's lowered markup alone bounds its slots within MAX_CELLS: without ROWSPAN
    the slots are the cells' colspans, at most MAX_SPAN each."""
    if "rowspan" in span_low:
        return False
    return span_low.count("<td") + span_low.count("<th") + (MAX_SPAN - 1) * span_low.count("colspan") <= MAX_CELLS


def _cut_without_reading(table: Any, span_low: str) -> bool:
    """Whether reading the whole table would cut it at MAX_CELLS, from its spans alone (for a
    table read only in part). Without ROWSPAN the slots are the cells' colspans, which the raw
    markup bounds; otherwise the rectangle is laid out from the attributes."""
    if _fits_by_markup(span_low):
        return False
    rows = [[_Raw("", _span(td.get("colspan")), _span(td.get("rowspan")), 0, False, False, False, None)
             for td in tr if td.tag in ("td", "th")] for tr in _table_rows(table)]
    return _expand(rows)[1]


# --------------------------------------------------------------------------------------------
# The document

_BLOCK_TAG_RE = lazyre.compile(r"<(?:br|p|div|tr|h[1-6]|/p|/div|/h[1-6]|center|/center|li)\b[^>]{0,2000}>", re.I)
_ANY_TAG_RE = lazyre.compile(r"<[^<>]{0,4000}>")
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


def truncation_warnings(text: str, low: str | None = None) -> list[str]:
    """Warnings for an HTML document cut short: it ends inside a table, or without `</html>`.

    `low` is `text.lower()` when the caller has it: the tags are then counted in it, two passes
    over the document in any letter case (six, for three spellings, were 6 ms on a 2 MB 10-K)."""
    low_tail = text[-3000:].lower()
    warnings = []
    if "<html" in text[:5000].lower() and "</html" not in low_tail:
        warnings.append("HTML document ends without </html>: it may be truncated")
    if low is None:
        low = text.lower()
    opened = low.count("<table")
    closed = low.count("</table")
    if opened > closed:
        warnings.append(f"HTML document ends inside a table ({opened} <table> opened, {closed} closed):"
                        " it may be truncated")
    return warnings


# `Three Months<br>Ended`, `<div>June 30,</div><div>2004</div>`: a line break or the end of a
# block inside a cell separates words; a space before the tag says so to the text serialiser
# (one pass over the text, cheaper than editing the tails of thousands of parsed elements)
_BREAK_RE = lazyre.compile(r"<(?=br\b|/p\b|/div\b)", re.I)


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
# libxml2 numbers source lines in 16 bits: every element past line 65535 reports 65535. Lines are
# kept as a whole-document parse reported them (tables are parsed alone, at a line of their own).
_MAX_SOURCE_LINE = 65535

# --------------------------------------------------------------------------------------------
# One linear scan for the tables (and <PRE> blocks) of a document, without parsing it

# elements whose content is raw text to libxml2 (its HTML5 tokenizer): a `<table` inside is text
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes")
# what ends a tag name for that tokenizer (`<table,x>` is a `table,x` element, not a table)
_NAME_END = r"(?=[\t\n\x0c\r />]|$)"
# every token the scan stops at, in one pass over the text: a comment or other `<!` / `<?`
# markup, a table or <PRE> tag, the start of a raw-text element (one literal `<` then a fixed
# alternation: linear)
_TOKEN_PATTERN = rf"<(?:([!?])|(/?)(table|pre|plaintext|{'|'.join(_RAW_TEXT)}){_NAME_END})"
_TOKEN_RE = lazyre.compile(_TOKEN_PATTERN)
_TOKEN_RE_I = lazyre.compile(_TOKEN_PATTERN, re.I)
_END_RE = {n: lazyre.compile(f"</{n}{_NAME_END}", re.I) for n in _RAW_TEXT}

# a row's start tag, and what before it makes a table's prefix unsafe to parse alone
_TR_RE = lazyre.compile(r"<tr(?=[\t\n\x0c\r />])")
_PREFIX_UNSAFE_RE = lazyre.compile(rf"<(?:[!?]|(?:table|pre|plaintext|{'|'.join(_RAW_TEXT)}){_NAME_END})")


def _scan_spans(text: str, low: str | None) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(start, end) of every `<table>` (nested ones too, in document order) and of every
    outermost `<pre>`, outside comments and raw-text elements. An unclosed table or block runs
    to the end of the text, as libxml2 reads it. `low` is `text.lower()` when it has the same
    length (then the scan runs on it; else case-insensitively on `text`)."""
    search = _TOKEN_RE.search if low is not None else _TOKEN_RE_I.search
    src = low if low is not None else text
    n = len(text)
    tables: list[list[int]] = []
    open_tables: list[int] = []
    pres: list[tuple[int, int]] = []
    pre_start = -1
    pos = 0
    while pos < n:
        m = search(src, pos)
        if m is None:
            break
        best = m.start()
        bang, close, name = m.groups()
        if bang == "!" and text.startswith("<!--", best):
            # `<!-->` and `<!--->` end at once; an unclosed comment hides the rest
            if text.startswith(">", best + 4):
                pos = best + 5
            elif text.startswith("->", best + 4):
                pos = best + 6
            else:
                e = text.find("-->", best + 4)
                if e < 0:
                    break
                pos = e + 3
        elif bang:  # `<!DOCTYPE ...>`, `<![CDATA[ ...`, `<?xml ...?>`: up to the first `>`
            e = text.find(">", best + 2)
            pos = n if e < 0 else e + 1
        elif name == "table" and not close:
            open_tables.append(len(tables))
            tables.append([best, n])
            pos = m.end()
        elif name == "table":
            e = text.find(">", m.end())
            pos = n if e < 0 else e + 1
            if open_tables:
                tables[open_tables.pop()][1] = pos
        elif name == "pre" and not close:
            if pre_start < 0:
                pre_start = best
            pos = m.end()
        elif name == "pre":
            e = text.find(">", m.end())
            pos = n if e < 0 else e + 1
            if pre_start >= 0:
                pres.append((pre_start, pos))
                pre_start = -1
        elif close:  # `</script>` with no script open: nothing
            pos = m.end()
        elif name == "plaintext":
            break  # the rest of the document is text
        else:  # a raw-text element: skipped to its end tag
            em = _END_RE[name].search(text, m.end())
            pos = n if em is None else em.start()
    if pre_start >= 0:
        pres.append((pre_start, n))
    return [(a, b) for a, b in tables], pres


class HtmlTable:
    """One `<table>` of a scanned document. Its markup is parsed (alone) when first read, and
    only as many rows are read as asked for: most of a 10-K's tables are not statements, and a
    look at the text above and the first rows says so."""

    __slots__ = ("_scan", "start", "end", "_base", "_el", "_before", "_grid", "_done", "_cut", "_raws", "_part",
                 "_head", "_head_end")

    def __init__(self, scan: HtmlScan, start: int, end: int, base: int) -> None:
        self._scan = scan
        self.start, self.end = start, end
        self._base = base  # source line of the `<table` (1-based, in the document)
        self._el: Any = None
        self._before: str | None = None
        self._grid: Grid | None = None
        self._done = False  # the whole table has been read
        self._cut = False
        self._raws: list[list[_Raw]] = []  # the cells of the rows read so far
        self._part: Grid | None = None  # the grid of those rows
        # a partial read parses only the markup before the first `<tr` it does not read: the
        # table element of that prefix, and where the prefix ends (None: not parsed)
        self._head: Any = None
        self._head_end: int | None = None

    @property
    def before(self) -> str:
        """The last lines of text printed above the table (where titles and units sit)."""
        if self._before is None:
            self._before = _text_before(self._scan.text, self.start, self._scan.low_same)
        return self._before

    def head_markup(self, own: bool = False) -> str:
        """The start of the table's markup, lower-cased (a title in its first rows); `own`: not
        past the table's end (a short table's window runs on into the text after it)."""
        end = self.start + _SELECT_AFTER
        return self._scan.lowered(self.start, min(end, self.end) if own else end)

    def _line(self, el: Any) -> int:
        line = min(self._base + (el.sourceline or 1) - 1, _MAX_SOURCE_LINE)
        return line + self._scan.start_line - 1

    @property
    def line(self) -> int:
        """The table's line in the submission (the line its start tag ends on)."""
        text = self._scan.text
        k = text.find(">", self.start, self.end)
        return (min(self._base + text.count("\n", self.start, k if k >= 0 else self.start), _MAX_SOURCE_LINE)
                + self._scan.start_line - 1)

    def _element(self) -> Any:
        if self._el is None:
            root = _parse(self._scan.text[self.start:self.end])
            self._el = False if root is None else next(root.iter("table"), False)
        return self._el

    def _prefix_end(self, limit: int) -> int | None:
        """Where the markup of the table's first `limit` rows ends: the `<tr` of row `limit + 1`;
        None when the table has no more rows, when they are most of its markup, or when the
        markup before that point holds what could make its prefix parse differently from the
        whole (a comment, `<!`/`<?` markup, a nested table, a raw-text element): then the whole
        table is parsed."""
        low = self._scan.low_same
        if low is None:
            return None
        pos = self.start + 6
        for _ in range(limit + 1):
            m = _TR_RE.search(low, pos, self.end)
            if m is None:
                return None
            pos = m.end()
        cut = m.start()
        if 2 * (cut - self.start) > self.end - self.start:
            return None  # (most of the table: parsed whole once, in case it is read whole later)
        if _PREFIX_UNSAFE_RE.search(low, self.start + 6, cut) is not None:
            return None
        return cut

    def _head_tree(self, limit: int) -> Any:
        """The table element of the markup before row `limit + 1` (parsed alone; None when the
        whole table is to be read). Raw cells read from another tree are dropped: a tree's
        cells are read from that tree only."""
        if self._el is not None:
            return None
        cut = self._prefix_end(limit)
        if cut is None:
            return None
        if cut != self._head_end:
            root = _parse(self._scan.text[self.start:cut])
            head = None if root is None else next(root.iter("table"), None)
            self._head, self._head_end, self._raws = head, cut, []
        return self._head

    def _read(self, limit: int | None) -> tuple[Grid | None, bool]:
        head = self._head_tree(limit) if limit is not None else None
        if head is not None:
            # (a cut at MAX_CELLS within the prefix cuts the whole table there too: complete)
            grid, cut, complete = _read_table(head, self._line, limit, self._raws, partial=True)
        else:
            if self._head is not None or self._head_end is not None:
                self._head, self._head_end, self._raws = None, None, []
            el = self._element()
            if el is False:
                self._done = True
                return None, True
            grid, cut, complete = _read_table(el, self._line, limit, self._raws)
        if complete:
            self._raws, self._part = [], None
            self._done, self._cut = True, cut
            self._grid = None if grid is None else Grid(grid.rows, grid.ncols, grid.line, self.before)
            return self._grid, True
        self._part = grid
        return grid, False

    def rows(self, n: int) -> tuple[GridRow, ...]:
        """The first `n` rows (fewer when the table has fewer), for their texts and amounts only:
        column positions and rule marks are the whole table's (`grid`)."""
        limit = max(2 * n + 4, len(self._raws) * 4)
        while True:
            if self._done:
                return self._grid.rows[:n] if self._grid is not None else ()
            if self._part is not None and len(self._part.rows) > n:
                return self._part.rows[:n]
            grid, _ = self._read(limit)
            if grid is not None and len(grid.rows) > n:
                return grid.rows[:n]
            limit *= 4

    def has_amount(self, n: int = 4) -> bool:
        """Whether any cell of the table prints a number (read only as far as the first one,
        from the first `n` rows on)."""
        while True:
            rows = self.rows(n)
            if any(c is not None and c.value is not None for r in rows for c in r.cells):
                return True
            if len(rows) < n:
                return False
            n *= 4

    def grid(self) -> Grid | None:
        """The whole table as a grid (None when it has no rows), `before` filled in."""
        if not self._done:
            self._read(None)
        return self._grid

    @property
    def cut(self) -> bool:
        """Whether the table has more than MAX_CELLS slots (read only up to that bound)."""
        if self._done:
            return self._cut
        span_low = self._scan.lowered(self.start, self.end)
        if _fits_by_markup(span_low):
            return False  # (without parsing the table: a partial read parsed only its start)
        el = self._element()
        return el is not False and _cut_without_reading(el, span_low)

    def cut_warning(self) -> str:
        return f"table at line {self.line} has more than {MAX_CELLS} cells: read only up to that bound"


class HtmlScan:
    """The tables of an HTML document found by one scan of its markup (`scan_html`)."""

    def __init__(self, text: str, start_line: int = 1) -> None:
        self.text = text
        self.start_line = start_line
        # one lowered copy for the scan and the text above each table (a few Unicode capitals
        # lower to two characters: then offsets in it are not offsets in `text`, and it is unused)
        low = text.lower()
        self.low_same: str | None = low if len(low) == len(text) else None
        spans, self._pres = _scan_spans(text, self.low_same)
        tables = []
        pos, line = 0, 1
        for start, end in spans:
            line += text.count("\n", pos, start)
            pos = start
            tables.append(HtmlTable(self, start, end, line))
        self.tables: tuple[HtmlTable, ...] = tuple(tables)

    def lowered(self, start: int, end: int) -> str:
        """`text[start:end].lower()`, cut from the scan's lowered copy when it has one."""
        if self.low_same is not None:
            return self.low_same[start:end]
        return self.text[start:end].lower()

    def pick(self, select: Callable[[str, str], bool],
             titled: Callable[[str, str], bool] | None = None) -> list[HtmlTable | None]:
        """The tables `select` wants (it sees each one's `before` text and the start of its
        lower-cased markup), None for the others; a table right after a wanted one is wanted
        too (a statement's second page, a layout table between title and statement).

        `titled`, when given, is a stricter test for a table right after one not picked (its
        reader then starts afresh: nothing to continue, no text carried from above): whether
        the table may print a title of its own. A table `select` wants but `titled` does not
        is still wanted when the next table is (text it would carry down to that one)."""
        tables = self.tables
        sel = [select(t.before, t.head_markup()) for t in tables]
        fresh: dict[int, bool] = {}

        def alone(k: int) -> bool:  # wanted when the table before is not picked
            if k not in fresh:
                fresh[k] = sel[k] and titled(tables[k].before, tables[k].head_markup(own=True))
            return fresh[k]

        out: list[HtmlTable | None] = []
        hit = False  # the table before is wanted
        follow = False
        for k, t in enumerate(tables):
            # right after a wanted table; or inside a table that was (a layout table's cell holding
            # the statement's second part: the wrapper prints nothing of its own between the two)
            follow = hit or (follow and k > 0 and t.start < tables[k - 1].end)
            if titled is None or (k > 0 and out[k - 1] is not None):
                hit = sel[k]
            else:
                hit = alone(k) or (sel[k] and k + 1 < len(tables) and alone(k + 1))
            out.append(t if hit or follow else None)
        return out

    def pre_blocks(self) -> tuple[tuple[int, str], ...]:
        """(submission line, text) of each `<PRE>` block."""
        out = []
        line, pos = 1, 0
        for start, end in self._pres:
            line += self.text.count("\n", pos, start)
            pos = start
            root = _parse(self.text[start:end])
            if root is None:
                continue
            for p in root.iter("pre"):
                ln = min(line + (p.sourceline or 1) - 1, _MAX_SOURCE_LINE) + self.start_line - 1
                out.append((ln, "".join(p.itertext())))
        return tuple(out)

    def warnings(self, read: list[HtmlTable | None]) -> tuple[str, ...]:
        """Truncation warnings, then one per table of `read` cut at the size bound."""
        out = truncation_warnings(self.text, self.low_same)
        out.extend(t.cut_warning() for t in read if t is not None and t.cut)
        if not self.tables and not self._pres and _parse(self.text) is None:
            out.append("HTML document could not be parsed")
        return tuple(out)


def scan_html(text: str, start_line: int = 1) -> HtmlScan:
    """The tables of an HTML document, found by one linear scan of its markup and read lazily;
    `start_line` is the document's first line in the submission (grid and row lines are
    submission lines)."""
    return HtmlScan(text, start_line)


def read_html(text: str, start_line: int = 1,
              select: Callable[[str, str], bool] | None = None) -> HtmlDocument:
    """Every table of an HTML document as a grid (see `scan_html`).

    `select`, when given, picks the tables to read (`HtmlScan.pick`); an unwanted table is an
    empty grid (no rows), so a reader of the grids still knows something stood between two
    tables. A table without rows is left out.
    """
    scan = scan_html(text, start_line)
    picked = scan.pick(select) if select is not None else list(scan.tables)
    grids: list[Grid] = []
    for table, got in zip(scan.tables, picked, strict=True):
        if got is None:
            grids.append(Grid((), 0, table.line))
            continue
        grid = got.grid()
        if grid is not None:
            grids.append(grid)
    return HtmlDocument(tuple(grids), scan.pre_blocks(), scan.warnings(picked))
