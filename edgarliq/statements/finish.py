"""A chosen draft into a model Statement: unit applied, levels, labels; derived rows and shared dates."""

from __future__ import annotations

import bisect
import re
from datetime import date

from edgarliq import lazyre
from edgarliq.lazyre import LazyPattern
from edgarliq.model import CURRENCY, FDS_PAIRS, PER_SHARE, PERCENT, SHARES, Statement, StatementColumn, StatementRow
from edgarliq.record import replace
from edgarliq.statements.draft import Draft
from edgarliq.statements.periods import UNITS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from typing import Any


# Dot leaders between label and figures ("Cash and cash equivalents........", ". . . ."):
# layout, not part of the label (Apple, Intel).
def _without_dot_leader(label: str) -> str:
    r"""`label` less a trailing run of dots and white space holding two dots or more: what
    `re.sub(r"(?:\s*\.){2,}\s*$", "", label)` gives, in one pass from the end (that pattern,
    tried at every position, is quadratic on a long run of spaces or dots)."""
    i = len(label)
    while i and (label[i - 1] == "." or label[i - 1].isspace()):
        i -= 1
    return label[:i] if label.count(".", i) >= 2 else label


_SHARE_UNIT_RE = lazyre.compile(r"\(?in (thousands|millions)\)?", re.I)


def finish_statement(draft: Draft, unit: int, doc_type: str, line_offset: int) -> Statement:
    rows: list[StatementRow] = []
    indents = sorted({r.indent for r in draft.rows})
    for r in draft.rows:
        measure = CURRENCY
        if r.cells is None:
            values: tuple[float | None, ...] = tuple(None for _ in draft.columns)
        else:
            scale: float = unit
            if r.kind == "per_share":
                scale, measure = 1, PER_SHARE
            elif any(c is not None and c.percent for c in r.cells):
                scale, measure = 1, PERCENT
            elif r.kind == "shares":
                m = _SHARE_UNIT_RE.search(r.label)
                scale = UNITS[m.group(1).lower()] if m else 1
                measure = SHARES
            values = tuple(None if c is None or c.value is None else c.value * scale for c in r.cells)
        level = indents.index(r.indent) if r.indent in indents else 0
        if r.section and not r.total and level == 0 and not r.is_heading:
            level = 1
        label = r.label
        # (the leader is the last thing on the label: no "." at its end, nothing to remove,
        # and the search, tried at every position, is skipped)
        if label.rstrip().endswith("."):
            label = _without_dot_leader(label) or label
        rows.append(StatementRow(label, r.concept, level, r.total and r.cells is not None, values, measure=measure))
    return Statement(draft.kind, draft.title, unit, doc_type, draft.start + line_offset, tuple(draft.columns),
                     tuple(rows))


# Items that sit between income before taxes and net income besides the tax itself.
_BELOW_TAX_CONCEPTS = {"discontinued", "extraordinary", "accounting_change", "income_continuing"}
_BELOW_TAX_RE = LazyPattern(r"\btax|discontinued|extraordinary|cumulative effect|accounting change|minority", re.I)
_TAX_RE = lazyre.compile(r"\btax", re.I)
_BELOW_ITEMS_RE = LazyPattern(r"discontinued|extraordinary|cumulative effect|accounting change", re.I)


def derive_pretax(st: Statement) -> Statement:
    """Add "income before income taxes" = net income when the statement prints no tax at all.

    Companies without a tax charge (Amazon 1997-99) go from operating and interest lines
    straight to "Net loss"; their pre-tax income is then the net loss, by definition. The
    row is only added when no line mentions tax, discontinued operations, extraordinary
    items, accounting changes or minority interests, and it is marked `derived`.
    """
    if st.kind != "income_statement" or st.row("pretax_income") is not None:
        return st
    net = st.row("net_income")
    if net is None or all(v is None for v in net.values):
        return st
    if any(_TAX_RE.search(r.label) for r in st.rows):
        return st
    base, why = net, "net income (loss)"
    if any(r.concept in _BELOW_TAX_CONCEPTS or _BELOW_TAX_RE.search(r.label) for r in st.rows):
        # discontinued operations, extraordinary items, accounting changes sit below the tax
        # line: pre-tax income is the income before them, when printed; a minority interest in
        # a subsidiary's loss is part of the company's pre-tax result (as its EX-27 reports it)
        cont = st.row("income_continuing")
        if cont is not None and all(v is not None for v in cont.values):
            base, why = cont, f"'{cont.label}'"
        elif any(r.concept in _BELOW_TAX_CONCEPTS or _BELOW_ITEMS_RE.search(r.label) for r in st.rows):
            return st
        else:
            why = "net income (loss), after the minority interest"
    k = st.rows.index(base)
    row = StatementRow("Income (loss) before income taxes", "pretax_income", base.level, False, base.values,
                       derived=f"no income tax line is printed: income before income taxes = {why}")
    return replace(st, rows=st.rows[:k] + (row,) + st.rows[k:])


# More digits than any real amount has (the cell readers stop at 18): such a "number" is left in its
# row's label and not read, and the filing's warnings say so, so the unknown value is not silent.
_OVERLONG_RE = lazyre.compile(r"[0-9]{19,}")


def overlong_numbers(found: dict[str, Statement]) -> list[str]:
    out = []
    for kind, st in found.items():
        for row in st.rows:
            m = _OVERLONG_RE.search(row.label)
            if m:
                out.append(f"{kind}: a figure of {m.end() - m.start():,} digits in '{row.label[:40]}...' "
                           f"(statement from line {st.source_line}) is more than a real amount has: not read")
    return out


def share_printed_dates(found: dict[str, Statement], por: date | None) -> dict[str, Statement]:
    """Columns headed by a year only took month and day from the period of report; where another
    statement of the filing prints a date of that year within a week, use the printed one.

    52/53-week years end on a different day each year: Intel's 10-K 1997 income statement heads
    its columns "1997 1996 1995", and its balance sheet prints "December 28, 1996".
    """
    if por is None:
        return found

    def guessed(d: date | None) -> bool:
        return d is not None and (d.month, d.day) == (por.month, por.day) and d.year != por.year

    printed = {c.period_end for st in found.values() for c in st.columns
               if c.period_end is not None and not guessed(c.period_end)}
    out = {}
    for kind, st in found.items():
        cols = []
        for c in st.columns:
            if guessed(c.period_end):
                near = [p for p in printed if p.year == c.period_end.year and abs((p - c.period_end).days) <= 7]
                if len(near) == 1:
                    c = StatementColumn(near[0], c.months, c.header)
            cols.append(c)
        out[kind] = st if cols == list(st.columns) else replace(st, columns=tuple(cols))
    return out


# Amount units a statement may print in ("in thousands", "in millions"); 1 is the default anyway.
_SCHEDULE_UNITS = (1000, 1_000_000)


def schedule_unit(found: dict[str, Statement], schedules: Any) -> tuple[int, int] | None:
    """The amount unit of statements that print none, read off the filing's EX-27: (unit, number of
    figures that agree), or None.

    Xilinx's 10-K for 1996 prints no "(in thousands)" on any statement (only its selected financial
    data says so); its EX-27, MULTIPLIER 1,000, gives total assets 720,880 -> 720,880,000, and the
    balance sheet prints 720,880. A unit is taken when every key figure the schedule and the
    statements both give for one period (total assets, current assets and liabilities, revenue,
    pre-tax and net income) is the printed figure times that one unit, and at least two do: a
    single figure may agree by chance. A few figures that fit no unit (a schedule with an error in
    it) are outweighed by three or more that fit one, twice as many; figures that fit two different
    units never give one. A schedule
    whose multiplier is 1 says nothing (most that omit MULTIPLIER print thousands as they are).
    `found` holds the statements as printed (unit 1)."""
    votes: dict[int, int] = {}
    doubts = 0  # figures that fit no unit
    for sch in schedules:
        mult = getattr(sch, "multiplier", 1) or 1
        if str(getattr(sch, "article", "") or "").strip() not in ("", "5") or mult == 1:
            continue
        for col in getattr(sch, "columns", ()):
            try:
                values = dict(col.canonical())
            except (AttributeError, TypeError):
                continue
            for kind, concept, tag, flow in FDS_PAIRS:
                want, st = values.get(tag), found.get(kind)
                if not want or st is None:
                    continue
                i = st.column_index(col.period_end, col.months if flow else None)
                row = st.row(concept) if i is not None else None
                got = row.values[i] if row is not None and row.derived is None and i < len(row.values) else None
                if not got:
                    continue
                fits = [u for u in _SCHEDULE_UNITS if abs(got * u - want) <= max(u, mult) / 2]
                if not fits:
                    doubts += 1  # a figure that fits no unit: a schedule (or a statement row) to doubt
                for u in fits:
                    votes[u] = votes.get(u, 0) + 1
    if not votes:
        return None
    unit, n = max(votes.items(), key=lambda kv: kv[1])
    if n != sum(votes.values()):
        return None  # figures that fit different units
    # Every figure fits, two at least; or three at least do and outnumber two to one those that fit
    # none (a schedule column with an error of its own, a period the schedule labels wrongly: its
    # fds.* check fails and says so). Exact agreement of several printed figures is no chance.
    return (unit, n) if (n >= 2 and not doubts) or (n >= 3 and n >= 2 * doubts) else None


# "$2.1 billion", "$ 133.4 million", "$980,000 thousand": an amount the prose gives with its scale
# word. (Each "$" is tried once: the digits, the point and the spaces are runs of distinct
# characters, each read once: linear.)
_PROSE_AMOUNT_RE = lazyre.compile(r"\$ ?([0-9]{1,3}(?:,[0-9]{3}){0,4}(?:\.[0-9]{1,3})?) (thousand|million|billion)\b",
                                  re.I)
_PROSE_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_PROSE_UNITS = (1, 1000, 1_000_000)
_PROSE_LIMIT = 2000  # amounts read: enough for any MD&A, bounded for any input


def prose_unit(found: dict[str, Statement], texts: Any) -> tuple[int, int] | None:
    """The amount unit the filing's own prose gives its statements: (unit, number of amounts that
    agree), or None. It gives the unit of statements that print none and whose EX-27 gives none, and
    checks the unit of all the others (`reconcile`: statements.unit.prose).

    MD&A repeats the statements' figures in words: "Net sales for the quarter were $2.1 billion"
    over a statement that prints "Net sales  2,129" is 2,129 million, not 2,129 dollars nor
    thousands; the three units differ a thousandfold, so an amount of two significant digits or more
    fits printed figures of one unit at most, unless by chance. Each prose amount that fits figures
    (currency rows, rounded as the prose rounds) at exactly one unit is a vote; a unit is taken on
    three votes or more, twice as many as any other unit gets. `found` holds the statements as read
    (each statement's figures divided by its unit are the printed ones); `texts` the filing's
    documents' texts (not its EX-27s)."""
    figures = sorted({abs(v) / (st.unit or 1) for st in found.values() for r in st.rows if r.measure == CURRENCY
                      for v in r.values if v is not None and abs(v) >= 10 * (st.unit or 1)})
    if len(figures) < 3:
        return None
    votes: dict[int, int] = {}
    amounts = (m for text in texts for m in _PROSE_AMOUNT_RE.finditer(text))
    for _, m in zip(range(_PROSE_LIMIT), amounts, strict=False):
        digits, word = m.group(1), m.group(2).lower()
        mantissa = digits.replace(",", "")
        if len(mantissa.replace(".", "").lstrip("0")) < 2:
            continue  # "$2 billion": one significant digit fits a thousandth of the figures
        decimals = len(mantissa) - mantissa.index(".") - 1 if "." in mantissa else 0
        scale = _PROSE_SCALES[word]
        amount, half_step = float(mantissa) * scale, scale * 10.0 ** -decimals / 2
        fits = []
        for u in _PROSE_UNITS:
            lo = bisect.bisect_left(figures, (amount - half_step) / u)
            if lo < len(figures) and figures[lo] * u <= amount + half_step:
                fits.append(u)
        if len(fits) == 1:
            votes[fits[0]] = votes.get(fits[0], 0) + 1
    if not votes:
        return None
    unit, n = max(votes.items(), key=lambda kv: kv[1])
    others = sum(votes.values()) - n
    return (unit, n) if n >= 3 and n >= 2 * others else None
