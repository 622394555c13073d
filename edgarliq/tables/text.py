"""Printed layout -> cells: the fixed-width tables of 1993-2000 plain-text filings.

The functions here know nothing about financial statements. They turn a line of a printed
table into a label and a run of numeric cells with their horizontal positions, find the
data columns of a block of such lines, and map each line's cells onto those columns.

Markup (``<TABLE>``, ``<S>``, ``<C>``) is only a hint in these filings and is often missing,
so everything works from character positions after tab expansion (8-column tab stops, as
the EDGAR renderer did).
"""

from __future__ import annotations

import re
from collections import namedtuple

from edgarliq import lazyre
from edgarliq.record import record

__all__ = [
    "Cell", "Column", "Line", "clean_lines", "split_line", "parse_number", "is_rule", "is_page_number",
    "detect_columns", "assign_cells", "looks_like_html",
]

# SGML table markup of the ASCII era, removed but replaced by spaces so columns keep their place.
# ([^<>\n], not [^>\n]: a line of unclosed "<S " tags is scanned once, not once per tag)
_TAG_RE = lazyre.compile(r"</?(?:TABLE|CAPTION|S|C|FN|PAGE|R|F\d+|PRE)\b[^<>\n]*>", re.I)
_PAGE_LINE_RE = lazyre.compile(r"^[ \t\r\f\v]*<PAGE>[^\n]*", re.I | re.M)
# One printed amount: $, parentheses, thousands commas, decimals, trailing % or footnote star.
# ASCII digits, at most 18 before and after the point (`_AMOUNT_DIGITS` below says why).
_NUM_RE = lazyre.compile(r"^\$?\(?\$?-?(?:[0-9]{1,3}(?:,[0-9]{3}){1,5}|[0-9]{1,18})?(?:\.[0-9]{1,18})?\)?%?\*?$")
_DASH_RE = lazyre.compile(r"^(?:-{1,4}|\u2014|-0-|\(-0-\)|nil|none|n/a)$", re.I)
_FOOTNOTE_RE = lazyre.compile(r"^(?:\([a-z]\)|\*{1,3}|\[\d\])$")
_RULE_RE = lazyre.compile(r"^[\s\-=_+|*.]*$")
_RULE_START = frozenset("-=_+|*.")
# (`(?:-\s*)?`, not `-?\s*` after another `\s`: two adjacent runs of white space split a long one
# every way, quadratic)
_PAGENO_RE = lazyre.compile(r"^\s*(?:page\s+)?(?:-\s*)?(?:[A-Z]-)?\d{1,3}\s*(?:-\s*)?$", re.I)
# a year marked with a footnote star ("1997*": restated) is still a year
_YEAR_RE = lazyre.compile(r"^(?:19|20)\d\d\*{0,2}$")


class Cell(namedtuple("Cell", "text start end value percent", defaults=(False,))):
    """One printed number (`text: str`, `start: int`, `end: int`, `value: float | None`,
    `percent: bool = False`). `start`/`end` are character columns in the tab-expanded line.

    (A named tuple rather than a frozen record: a filing's statements make tens of thousands
    of cells, and a frozen record sets each field through `object.__setattr__`, five Python-level
    calls per cell; `split_line` builds these with `tuple.__new__`, one C call. collections'
    namedtuple rather than typing.NamedTuple: the same class, without importing typing.)"""

    __slots__ = ()

    @property
    def center(self) -> float:
        return (self.start + self.end) / 2

    @property
    def year_like(self) -> bool:
        """A bare four-digit year: header material, not an amount."""
        t = self.text
        # (every match has 4 to 6 characters and starts 19 or 20: most cells fail that first)
        return 4 <= len(t) <= 6 and t[:2] in ("19", "20") and _YEAR_RE.match(t) is not None

    @property
    def decimal(self) -> bool:
        return "." in self.text


@record(frozen=True, slots=True)
class Column:
    """A data column: the span its cells occupy and the right edge they align to."""

    left: int
    right: int
    edge: float
    mid: float | None = None  # median cell centre (the span can be wide in wandering layouts)

    @property
    def center(self) -> float:
        return self.mid if self.mid is not None else (self.left + self.right) / 2


class Line(namedtuple("Line", "label indent cells dollar", defaults=(False,))):
    """A split line: label text (stripped), its indentation and its numeric cells (`label: str`,
    `indent: int`, `cells: tuple[Cell, ...]`, `dollar: bool = False`)."""

    __slots__ = ()


_new = tuple.__new__  # Cell / Line without the named tuple's Python-level __new__


def looks_like_html(text: str, lowered: str | None = None) -> bool:
    """An HTML document (or an HTML-wrapped 10-Q of 1999-2000): its tables are read as grids.

    A plain-text filing's SGML `<TABLE>` tags hold no rows or cells, so rows with cells (`<td>` or
    `<th>`) say HTML. Given the whole text `lowered`, the whole is searched (a style sheet or a
    cover page of tens of kilobytes may come before the first table); else its first 20,000
    characters (a fetched body's head)."""
    head = text[:20000].lower() if lowered is None else lowered[:20000]
    if "<tr" in head and ("<td" in head or "<th" in head):
        return True
    if lowered is None or len(lowered) <= 20000 or not any(tag in head for tag in _HTML_HINTS):
        return False  # (plain text holds no HTML markup at all: the rest is not searched)
    return "<tr" in lowered and ("<td" in lowered or "<th" in lowered)


# markup of an HTML document's opening (a style sheet, a cover page) that plain text never holds
_HTML_HINTS = ("<html", "<body", "<head", "<style", "<script", "<meta", "<title", "<!--", "<div", "<p>", "<p ",
               "<font", "<br", "<span", "<center", "<b>", "<a ")


def clean_lines(text: str) -> list[str]:
    """Split into lines, expand tabs and blank out SGML table markup (line count unchanged).

    HTML documents do not come here: their tables are read as grids (`tables.html`)."""
    # Whole-text operations (C speed) rather than a Python step per line: expandtabs restarts
    # its column at every line end, and neither pattern crosses a line.
    if "\t" in text:
        text = text.expandtabs(8)
    if "<" in text:
        text = _mark_pages(text)  # a marker rstrip() keeps (it would strip "\f")
        text = _TAG_RE.sub(lambda m: " " * len(m.group(0)), text)
    out = [line.rstrip() for line in text.split("\n")]
    # Page numbers ("3", "-3-", "F-4", "Page 3") next to a page break would read as a total row.
    pages: list[int] = []
    if "\x01" in text:
        # list.index scans in C (a Python test per line cost as much as the split itself)
        k = -1
        try:
            while True:
                k = out.index("\x01", k + 1)
                pages.append(k)
        except ValueError:
            pass
    for i in pages:
        out[i] = "\f"  # blank for layout purposes, but remembered as a page break
    n = len(out)
    for i in pages:
        for j in (*range(max(0, i - 4), i), *range(i + 1, min(n, i + 3))):
            line = out[j]
            # (a page number holds a digit; blank lines, the usual neighbours, skip the regex).
            # Matched on the stripped line, which is equivalent (the pattern is whitespace on
            # both sides of the number) but avoids backtracking: `^\s*` and the `\s*` after the
            # optional "page"/"-" split long leading whitespace in every possible way first.
            if line and _PAGENO_RE.match(line.strip()):
                out[j] = ""
    return out


_PAGE_TAG_RE = lazyre.compile(r"<PAGE>", re.I)
_LINE_SPACE = frozenset(" \t\r\f\v")


def _mark_pages(text: str) -> str:
    """`_PAGE_LINE_RE.sub("\x01", text)`, found from the tags instead: a `^`-anchored multiline
    pattern is tried at every position of the text (2.6 ms on a 300 kB 10-K; this is 0.15 ms)."""
    out: list[str] = []
    last = 0
    for m in _PAGE_TAG_RE.finditer(text):
        s = m.start()
        if s < last:  # on a line already replaced
            continue
        b = s
        while b > 0 and text[b - 1] in _LINE_SPACE:
            b -= 1
        if b > 0 and text[b - 1] != "\n":  # not the first thing on its line
            continue
        e = text.find("\n", s)
        if e < 0:
            e = len(text)
        out.append(text[last:b])
        out.append("\x01")
        last = e
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def is_page_number(line: str) -> bool:
    """A page number printed on a line of its own: "3", "-3-", "F-4", "Page 3"."""
    s = line.strip()
    return bool(s) and len(s) <= 12 and _PAGENO_RE.match(s) is not None


def is_rule(line: str) -> bool:
    """Underline rows: dashes, `===`, underscores (and nothing else)."""
    s = line.strip()
    # a stripped rule starts with a rule character: this rejects text lines before the regex
    if s[:1] not in _RULE_START or not s:
        return False
    return len(s) >= 3 and bool(_RULE_RE.match(s)) and ("-" in s or "=" in s or "_" in s)


def parse_number(token: str) -> float | None:
    """`$(1,234.5)` -> -1234.5; dashes and `-0-` -> 0.0; anything else -> None."""
    t = token.strip()
    if _DASH_RE.match(t):
        return 0.0
    return _number_value(t)


def _number_value(t: str) -> float | None:
    """`parse_number` of a stripped token that is not a dash."""
    t = t.replace("$", "").replace(",", "").rstrip("*")
    neg = False
    if t.startswith("(") and t.endswith(")"):
        neg, t = True, t[1:-1]
    t = t.rstrip("%")
    if t.startswith("-"):
        neg, t = not neg, t[1:]
    elif t.endswith("-") and not neg and t[-2:-1].isdigit():
        neg, t = True, t[:-1]  # "1,234-": a trailing minus, as some filers' typesetting prints it
    # digits only (float() also reads "inf", "nan", "1e999", "1_000" and other scripts' digits),
    # at most 18 before and after the point, as in `_AMOUNT_DIGITS`
    if _PLAIN_DIGITS_RE.match(t) is None:
        return None
    v = float(t)
    return -v if neg else v


_PLAIN_DIGITS_RE = lazyre.compile(r"(?:[0-9]{1,18}(?:\.[0-9]{0,18})?|\.[0-9]{1,18})\Z")


def _value_word(word: str) -> bool:
    if _DASH_RE.match(word):
        return True
    # (\d rather than str.isdigit: a word _NUM_RE accepts has only \d digits, so the result is the same)
    if _DIGIT_RE.search(word) is None:
        return False
    if word.count("(") != word.count(")"):  # "1996)" closes a parenthesis of the label
        return False
    return bool(_NUM_RE.match(word))


_DIGIT_RE = lazyre.compile(r"\d")
# `_value_word` (not a dash) and `_number_value` in one match, for `split_line`: _NUM_RE with
# its digits required (a digit can only sit in the number), its two optional parentheses
# both present or both absent (the balance test), and no `%` after a closing parenthesis
# (`(12)%` passes _NUM_RE but `_number_value` gives None for it). The value is then
# -/+ float(digits without commas), negative for a parenthesis or a minus, not both.
# ASCII digits only (\d admits other scripts' digits, which float() reads), at most 18 before
# and after the point: no real amount has more (10**18 dollars is ten thousand times the world's
# output), and a 400-digit run made float() infinite. A longer run is not a number: label text.
_AMOUNT_DIGITS = r"(?:(?:[0-9]{1,3}(?:,[0-9]{3}){1,5}|[0-9]{1,18})(?:\.[0-9]{1,18})?|\.[0-9]{1,18})"
# (a negative is printed "(1,234)", "-1,234" or, by some filers' typesetting, "1,234-")
_CELL_RE = lazyre.compile(rf"\$?(?:(?P<paren>\()\$?(?P<pminus>-?)(?P<pnum>{_AMOUNT_DIGITS})\)"
                          rf"|\$?(?P<minus>-?)(?P<num>{_AMOUNT_DIGITS})(?P<tminus>-?)%?)\*?$")


# An opening parenthesis, spaces, then a figure: "( 1.87)". (Each "(" is tried once; its run of
# spaces, distinct from any other's, is backed over at most once: linear.)
_PAREN_SPACE_RE = lazyre.compile(r"\(( +)(?=[0-9.])")


# One to three digits, one space, then a decimal point and a digit: "1 .01". (Each start is tried
# against at most three digits and one space: linear.)
_SPLIT_DECIMAL_RE = lazyre.compile(r"(?<![0-9,.])([0-9]{1,3}) (?=\.[0-9])")


def _decimal_joined(m: re.Match[str]) -> str:
    return " " + m.group(1)


def _paren_to_number(m: re.Match[str]) -> str:
    return m.group(1) + "("


# A figure with thousands separators, glued to the text before it by a closing parenthesis.
_GLUED_RE = lazyre.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]{1,18})?$")
# The narrowest width a filer's software cut its lines at (figures there may have lost their last
# character: "(280,858"); most cut at 120 or 132.
_CUT_WIDTH = 78


def _matched_value(vm: re.Match[str]) -> float | None:
    """The value of a `_CELL_RE` match: "(1,234)", "-1,234" and "1,234-" are negative; None for a
    figure signed on both sides."""
    paren, pminus, pnum, minus, num, tminus = vm.groups()
    if paren:
        value = float(pnum.replace(",", ""))
        return value if pminus else -value
    if minus and tminus:
        return None
    value = float(num.replace(",", ""))
    return -value if minus or tminus else value


def split_line(line: str) -> Line:
    """Split a printed row into label and trailing numeric cells (scanning from the right).

    Numbers inside the label ("issued 26,336,757 shares") stop the scan because a word that
    is not a number separates them from the trailing cells; a lone `$` joins the number to its
    right; footnote marks next to a number are skipped. Not cached here: the statement reader
    splits each line of a document once and keeps the result with the document's other
    per-line facts (`statements.blocks`), so nothing outlives the document.
    """
    if "( " in line:
        # "$( 1.87)" (Motorola): the parenthesis moved up to its number, "$ (1.87)", so the
        # negative figure is one word; the line keeps its length and every cell its place
        line = _PAREN_SPACE_RE.sub(_paren_to_number, line)
    if " ." in line:
        # "$      1 .01 $     0 .50" (Citrix's 10-K for 1997): a figure broken by one
        # space before its decimal point is one figure, " 1.01", in the same place
        line = _SPLIT_DECIMAL_RE.sub(_decimal_joined, line)
    stripped = line.rstrip()
    last = stripped[stripped.rfind(" ") + 1:]
    if not (last[-1:].isdigit() or last[-1:] in ")%*-$" or _value_word(last)):
        # most lines of a filing are prose or labels: no trailing number, no cells
        label = stripped.strip()
        return _new(Line, (label, len(stripped) - len(stripped.lstrip()) if label else 0, (), False))
    # The words (str.split: the same maximal runs as \S+) are read right to left; each one's
    # place is its rightmost occurrence before the word read last (only whitespace separates
    # them, so no later occurrence can fit): cheaper than a match object per word.
    cells: list[Cell] = []  # right to left
    dollar = False
    label_end = 0
    s = len(line)
    cell_match = _CELL_RE.match
    for w in reversed(line.split()):
        s = line.rfind(w, 0, s)
        if w == "$" or w == "$$":
            dollar = True
            if cells:  # extend the cell to its right so `$ 1,018` is one cell
                c = cells[-1]
                cells[-1] = _new(Cell, (c[0], s, c[2], c[3], c[4]))
            continue
        if cells and w[0] in "(*[" and _FOOTNOTE_RE.match(w):  # (every footnote starts so)
            continue
        # `_value_word(w)` and then `parse_number(w)` (a word ending in a digit is never a
        # dash, which saves the dash pattern on most cells)
        if not w[-1].isdigit() and _DASH_RE.match(w):
            if ((w == "-" or w == "--") and cells and cells[-1].start == s + len(w) + 1 and s >= 2
                    and line[s + len(w)] == " " and line[s - 1] == " " and line[s - 2] != " "):
                # "1993 - 573,239,240", "Authorized shares -- 150,000": a hyphen or dash between
                # two words of running text, one space either side, is no column's dash (a zero),
                # and the number after it no cell
                label_end = cells.pop().end
                break
            value = 0.0
        else:
            vm = cell_match(w)
            if vm is None and not cells and w[0] in "($" and ")" not in w and s + len(w) >= _CUT_WIDTH:
                # "$  (280,858" at the edge of a line cut at its width (Waste Management's 1993
                # annual report, 120 characters): the figure lost its closing parenthesis only
                vm = cell_match(w + ")")
            if vm is None and ".." in w:
                # leader dots run into the figure: "income..........1,234", "sales.......$1,234",
                # "Loss.....(1,234)"; or into the dollar sign of the cell to its right ("sales...$")
                k = w.rfind("..") + 2
                tail = w[k:]
                if tail in ("$", "$$"):
                    dollar = True
                    if cells:
                        c = cells[-1]
                        cells[-1] = _new(Cell, (c[0], s + k, c[2], c[3], c[4]))
                    label_end = s + k
                    break
                tm = cell_match(tail) if tail[:1] in ("$", "(", "-", ".") or tail[:1].isdigit() else None
                value = 0.0 if tail and _DASH_RE.match(tail) else _matched_value(tm) if tm is not None else None
                if value is not None:
                    if "$" in tail:
                        dollar = True
                    cells.append(_new(Cell, (tail.lstrip("$"), s + k, s + len(w), value, tail.endswith("%"))))
                    label_end = s + k
                    break
            if vm is None:
                k = w.rfind(")") + 1
                if 0 < k < len(w) and _GLUED_RE.match(w, k):
                    # "... of $91($87 in 1995)1,496      1,931" (Apple 1996): the label's closing
                    # parenthesis printed against the figure; a figure with thousands separators
                    # after it is the first cell
                    tail = w[k:]
                    cells.append(_new(Cell, (tail, s + k, s + len(w), float(tail.replace(",", "")), False)))
                    label_end = s + k
                    break
                label_end = s + len(w)
                break
            matched = _matched_value(vm)
            if matched is None:  # "-1,234-": no sign a filer prints
                label_end = s + len(w)
                break
            value = matched
        if "$" in w:
            dollar = True
            cells.append(_new(Cell, (w.lstrip("$"), s, s + len(w), value, w.endswith("%"))))
        else:
            cells.append(_new(Cell, (w, s, s + len(w), value, w.endswith("%"))))
    cells.reverse()
    label = line[:label_end]
    indent = len(label) - len(label.lstrip()) if label.strip() else 0
    return _new(Line, (label.strip(), indent, tuple(cells), dollar))


def amount_cells(cells: tuple[Cell, ...]) -> tuple[Cell, ...]:
    """Drop interleaved percentage cells (`11.1%`) when the line also carries amounts."""
    for c in cells:  # (a plain loop: most lines have no percentage and return at the end)
        if c.percent:
            break
    else:
        return cells
    if not all(c.percent for c in cells):
        return tuple(c for c in cells if not c.percent)
    return cells


def detect_columns(lines: list[tuple[Cell, ...]]) -> list[Column]:
    """The data columns of a block: the widest cell count shared by enough lines.

    Lines with a label that ends in a number, or a stray total, have other counts; the
    column count is the largest count seen on at least a quarter of the numeric lines (and
    on two lines at least), and each column's geometry is the median over those lines.
    """
    counts: dict[int, int] = {}
    for cells in lines:
        if cells:
            counts[len(cells)] = counts.get(len(cells), 0) + 1
    if not counts:
        return []
    total = sum(counts.values())
    need = max(2, total // 4) if total >= 4 else 1
    n = max((k for k, v in counts.items() if v >= need), default=max(counts, key=lambda k: counts[k]))
    full = [cells for cells in lines if len(cells) == n]
    cols: list[Column] = []
    for j in range(n):
        lefts = [c[j].start for c in full]
        rights = [c[j].end for c in full]
        centres = [(a + b) / 2 for a, b in zip(lefts, rights, strict=True)]
        cols.append(Column(min(lefts), max(rights), _median(rights), _median(centres)))
    return cols


def _median(values: list[int] | list[float]) -> float:
    """`statistics.median`, as it computes it: importing statistics (random, fractions ...) cost
    more than the text reader's whole import, at every start of the CLI (issue 15)."""
    data = sorted(values)
    n = len(data)
    if n == 0:
        raise ValueError("no median for empty data")
    if n % 2 == 1:
        return data[n // 2]
    return (data[n // 2 - 1] + data[n // 2]) / 2


def assign_cells(cells: tuple[Cell, ...], columns: list[Column]) -> list[Cell | None] | None:
    """Map a line's cells onto the columns; None when the cells do not fit the columns.

    Same count: in order (tab-mixed layouts wander too much for positions alone), provided
    no cell sits left of the first column. Otherwise each cell goes to the column whose
    right edge is nearest, and two cells may not share a column.
    """
    n = len(columns)
    if not n or not cells:
        return None
    first_left = columns[0].left
    slack = max(4, (columns[0].right - columns[0].left) // 2)
    lim = first_left - slack
    for c in cells:
        if c.end < lim:
            # (only then is a filtered copy made: most rows keep all their cells)
            cells = tuple(c for c in cells if c.end >= lim)
            break
    if not cells:
        return None
    if len(cells) == n:
        return list(cells)
    if len(cells) > n:
        cells = cells[-n:]
        return list(cells)
    out: list[Cell | None] = [None] * n
    for c in cells:
        j = min(range(n), key=lambda k: abs(columns[k].edge - c.end))
        if out[j] is not None:
            # collision: keep order, shift to the next free column on the right
            free = [k for k in range(j + 1, n) if out[k] is None]
            if not free:
                return None
            j = free[0]
        out[j] = c
    return out
