"""The three financial statements of a plain-text filing: balance sheet, income, cash flow.

How a statement is found (markup is optional in these filings, so it is never required):

1. title lines ("CONSOLIDATED BALANCE SHEETS", "Statements of Consolidated Earnings" ...) in
   every document except EX-27 schedules (10-K statements often live in an EX-13 exhibit);
2. from each title, a block of lines runs until the notes reference, another statement's
   title or running prose; a second title of the same kind marked "(Continued)" (or the
   liabilities half of a balance sheet) is merged, so page breaks and two-table layouts join;
3. the block's numeric cells give the data columns (`tables.text`), the lines above the
   first data row give each column's period (month/day/year pieces stacked over several
   lines, grouped "THREE MONTHS ENDED" headers), and the rows get concepts from
   `data/concepts.csv` (labels) or from their section (unlabelled subtotals);
4. among the candidates of one kind the block that recognises the most key concepts wins.
"""

from __future__ import annotations

import calendar
import csv
import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from edgarliq.model import KINDS, Kind, Statement, StatementColumn, StatementRow, Statements
from edgarliq.tables.text import (
    Cell,
    Column,
    Line,
    amount_cells,
    assign_cells,
    clean_lines,
    detect_columns,
    is_rule,
    looks_like_html,
    split_line,
)

__all__ = [
    "StatementColumn", "StatementRow", "Statement", "Statements", "extract_statements",
    "extract_from_text", "KINDS",
]

# --------------------------------------------------------------------------------------------
# Concept rules (data/concepts.csv)


@dataclass(frozen=True, slots=True)
class _Rule:
    statement: str
    concept: str
    priority: int
    match: str
    kind: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    # data/ has no __init__.py (it is package data, not a package): read it beside this module
    text = (Path(__file__).parent / "data" / "concepts.csv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    out = []
    for rec in csv.DictReader(lines):
        out.append(_Rule(rec["statement"], rec["concept"], int(rec["priority"]), rec["match"], rec["kind"],
                         re.compile(rec["pattern"])))
    out.sort(key=lambda r: -r.priority)
    return tuple(out)


_NORM_RE = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)
def normalise(label: str) -> str:
    """`Shareholders' Equity:` -> `shareholders equity` (the form concepts.csv patterns see)."""
    s = label.lower().replace("'", "").replace("\u2019", "").replace("&", " and ")
    return _NORM_RE.sub(" ", s).strip()


@lru_cache(maxsize=1)
def _rules_by() -> dict[tuple[str, str], tuple[_Rule, ...]]:
    """The rules per (statement, match), priority order kept (filtered once, not per label).

    (One combined alternation of lookaheads was tried and is twice as slow: `.*?` before an
    anchored pattern tries `^` at every position.)
    """
    out: dict[tuple[str, str], list[_Rule]] = {}
    for rule in _rules():
        out.setdefault((rule.statement, rule.match), []).append(rule)
    return {k: tuple(v) for k, v in out.items()}


# Rule patterns (data/concepts.csv) read like "income[a-z ]* before[a-z ]* taxes": quadratic in the
# length of a label that repeats their first word. No printed caption is longer than a few lines,
# so only the first _MAX_LABEL characters are matched, and a hostile 40,000-character "label"
# costs what a real one does (issue 11).
_MAX_LABEL = 400


# Cached: a pure function of its arguments, and labels repeat across candidate blocks and filings.
@lru_cache(maxsize=8192)
def _match(kind: str, match: str, text: str) -> _Rule | None:
    if not text:
        return None
    if len(text) > _MAX_LABEL:
        text = text[:_MAX_LABEL]
    for rule in _rules_by().get((kind, match), ()):
        if rule.pattern.search(text):
            return rule
    return None


# --------------------------------------------------------------------------------------------
# Titles, units, periods

_TITLE_RE = re.compile(
    r"\b(?:(?P<bs>balance\s+sheets?|statements?\s+of\s+(?:consolidated\s+)?financial\s+(?:position|condition))"
    r"|(?P<is>statements?\s+of\s+(?:consolidated\s+|combined\s+)?(?:operations|income|earnings|loss|"
    r"(?:net\s+)?(?:income|earnings)\s+\(loss\)|operations\s+and\s+comprehensive|comprehensive\s+income)"
    r"|income\s+statements?|statements?\s+of\s+(?:consolidated\s+)?(?:results\s+of\s+)?operations)"
    r"|(?P<cf>statements?\s+of\s+(?:consolidated\s+)?cash\s+flows?|cash\s+flows?\s+statements?))",
    re.I)
_KIND_GROUP = {"bs": "balance_sheet", "is": "income_statement", "cf": "cash_flow"}
# Other statements end a block too (equity statements follow the balance sheet in 10-Ks).
_OTHER_TITLE_RE = re.compile(
    r"statements?\s+of\s+(?:consolidated\s+)?(?:changes\s+in\s+)?(?:stockholders|shareholders|share\s*owners|"
    r"common\s+stock|retained\s+earnings|changes\s+in\s+financial|invested\s+capital|capital)|"
    r"notes\s+to\s+(?:the\s+)?(?:condensed\s+)?(?:consolidated\s+)?(?:condensed\s+)?financial|"
    r"^\s*(?:item\s+[2-9]\b|management.s\s+discussion|selected\s+financial\s+data|report\s+of\s+independent)",
    re.I)
# Cheap tests before the title regexes, run per line of a block: a title (or the second half of
# a split one) holds one of the words of _has_title_word, every _OTHER_TITLE_RE match one of
# _has_other_title_word. Chained `in` over the lowered line: 0.2 us a line, where an
# alternation regex (tried at every position) took 0.5 us and a generator of `in` tests more.


def _has_title_word(low: str) -> bool:
    return ("balance" in low or "statement" in low or "income" in low or "operations" in low
            or "earnings" in low or "flows" in low or "loss" in low or "position" in low or "condition" in low)


def _has_other_title_word(low: str) -> bool:
    return ("statement" in low or "notes" in low or "item" in low or "management" in low or "selected" in low
            or "report" in low)


_STOP_RE = re.compile(r"^\s*\(?(?:see|the)\s+(?:the\s+)?(?:accompanying\s+)?notes|accompanying notes are an integral",
                      re.I)
_CONTINUED_RE = re.compile(r"continued|liabilities|\(cont", re.I)
_UNIT_RE = re.compile(
    r"(?:in|of)\s+(?:u\.?s\.?\s+)?(?:dollars\s+in\s+)?(?P<u>thousands|millions|billions)|"
    r"(?P<d>thousands|millions|billions)\s+of\s+(?:u\.?s\.?\s+)?dollars|"
    r"dollars\s+in\s+(?P<e>thousands|millions|billions)|\$\s*(?P<z>000|000,000)\s*(?:'?s\s*)?omitted|"
    r"\(\s*(?P<p>000|000,000)'?s?\s*\)|(?P<o>000)'?s\s+omitted|\(\s*(?P<w>thousands|millions)\b",
    re.I)
_UNITS = {"thousands": 1000, "millions": 1_000_000, "billions": 1_000_000_000, "000": 1000,
          "000,000": 1_000_000}
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# (`\s*(?:,\s*)?`, not `\s*,?\s*`: two adjacent runs of white space split a long one every way)
_DATE_RE = re.compile(rf"(?P<mon>{_MONTH_WORD})(?:\s+(?P<day>\d{{1,2}})\b,?)?(?:\s*(?:,\s*)?(?P<year>(?:19|20)\d\d))?|"
                      r"(?P<nm>\d{1,2})/(?P<nd>\d{1,2})/(?P<ny>\d{2,4})|"
                      r"(?<![\d,.$])(?P<day2>\d{1,2}),(?!\d)|"
                      r"(?<![\d,.$])(?P<year2>(?:19|20)\d\d)(?![\d,])", re.I)
_DURATION_RE = re.compile(
    r"(?P<n>three|six|nine|twelve|3|6|9|12|thirteen|twenty[- ]six|thirty[- ]nine|fifty[- ]two|fifty[- ]three|"
    r"13|26|39|52|53|fifty-two|fifty-three)[- ]+(?P<u>months?|weeks?|mos\.?)|(?P<q>quarters?\s+ended|quarter)|"
    r"(?P<y>years?\s+ended|fiscal\s+years?|year\s+to\s+date|twelve)", re.I)
_NUMBER_WORDS = {"three": 3, "six": 6, "nine": 9, "twelve": 12, "thirteen": 13, "twenty six": 26,
                 "thirty nine": 39, "fifty two": 52, "fifty three": 53}
# Each piece of the line can match one way only, so a line that fails is not retried every way
# (the old `\d{1,2},?`, `note\s*\d*` and month words took exponential time on a run of digits or
# of "jan"s: 0.3 s for 24 digits). Digits are single characters here (with the comma of the class,
# the same lines as `\d{1,2},?`), `note` and `as` leave what follows them to the class and the
# other words, and a month word is atomic.
_HEADER_WORDS_RE = re.compile(
    r"^(?:[\s,.\-()/*\d]|unaudited|audited|restated|note|months?|weeks?|quarters?|years?|"
    r"ended|ending|fiscal|three|six|nine|twelve|and|at|as|of|end|period|pro\s*forma|actual|historical|"
    r"(?>" + _MONTH_WORD + r"))*$", re.I)


def _unit_in(text: str) -> int | None:
    # Every match names thousands, millions or billions, or prints 000. On ASCII text a
    # substring test rules out most lines before the regex (which tries every position);
    # other text goes straight to the regex, as re.I folds a few non-ASCII letters (`ı`, `ſ`).
    if text.isascii():
        low = text.lower()
        if "thousand" not in low and "million" not in low and "billion" not in low and "000" not in low:
            return None
    m = _UNIT_RE.search(text)
    if not m:
        return None
    word = next(g for g in m.groups() if g)
    return _UNITS[word.lower()]


# A title broken over two lines: "Consolidated" / "statements of income", "Consolidated statements" /
# "of cash flows" (Intel's 1997 annual report).
# (the same lines as `^\s*(?:consolidated|condensed|combined|\s)+(?:statements?)?\s*$`, whose
# nested white space runs split a long one every way: the look-ahead is its "one or more", and
# possessive runs never give white space back to the next run)
_LEAD_RE = re.compile(r"^(?=\s|consolidated|condensed|combined)\s*+(?:(?:consolidated|condensed|combined)\s*+)*"
                      r"(?:statements?)?\s*$", re.I)
# what can follow the leading whitespace of a _LEAD_RE line (re.I: `ſ` matches `s`)
_LEAD_FIRST = frozenset("cCsS\u017f")


def _lead_line(prev: str) -> bool:
    """`_LEAD_RE.match(prev)`, ruling out first the lines that do not start (after whitespace)
    with c or s: the pattern's `^\\s*` then `(...|\\s)+` backtracks over long indentation."""
    t = prev.lstrip()
    if t and t[0] not in _LEAD_FIRST:
        return False
    return _LEAD_RE.match(prev) is not None


_SPLIT_TITLE_RE = re.compile(r"\bstatements?\s+of(?:\s+(?:consolidated|cash))?\s*$", re.I)


def _joined_title(line: str, prev: str) -> str:
    """A title broken over two lines, joined: "Consolidated" / "statements of income",
    "CONSOLIDATED STATEMENTS" / "OF INCOME", "STATEMENTS OF" / "CASH FLOWS"; else the line."""
    s = line.lstrip()
    if not prev or not s:
        return line
    if (s[:1].islower() or s[:3].lower() == "of ") and _lead_line(prev):
        return prev.strip() + " " + s
    tail = prev[-30:].rstrip().lower()
    if tail.endswith(("of", "cash", "consolidated")) and len(prev) < 100 and _SPLIT_TITLE_RE.search(prev):
        return prev.strip() + " " + s  # "STATEMENTS OF CASH" / "FLOWS (Unaudited)"
    return line


_TITLE_LEAD_WORDS = frozenset(("consolidated", "condensed", "combined"))


def _title_kind(line: str, prev: str = "") -> tuple[Kind, re.Match[str]] | None:
    """The statement kind a title line announces, or None for prose, contents lines ..."""
    line = _joined_title(line, prev)
    if len(line) > 160:
        return None
    low = line.lower()
    if "balance" not in low and "statement" not in low:  # every title names one of them
        return None
    m = _TITLE_RE.search(line)
    if not m:
        return None
    s = line.strip()
    before = line[:m.start()].strip()
    # A title stands alone: not inside a sentence ("... the balance sheet at June 30 ...").
    if s.endswith(".") and not s.endswith("..."):
        return None
    # An all lower-case title stands alone on its (indented) line: "consolidated statement of
    # earnings" (IBM's annual reports); lower-case text elsewhere is a sentence.
    lower_title = (s == s.lower() and line[:1] == " " and not line[m.end():].strip(" .:)(")
                   and all(w in _TITLE_LEAD_WORDS for w in before.split()))
    if not lower_title and (len(before.split()) > 5 or (before and before[0].islower())
                            or (not before and s[0].islower())):
        return None
    if re.search(r"\b(?:the|in|our|to|these|related|accompanying)\s*$", before, re.I):
        return None
    if re.search(r"\.{4,}|\s\d+\s*-\s*\d+\s*$|\bF-\d", s):  # table of contents line
        return None
    after = line[m.end():]
    if re.match(r"\s*(?:data|information|items|table|for the .{0,30}years? ended .*\d$)", after, re.I):
        return None
    kind = next(_KIND_GROUP[g] for g, v in m.groupdict().items() if v)
    return kind, m  # type: ignore[return-value]


@dataclass(slots=True)
class _ColHead:
    month: int | None = None
    day: int | None = None
    year: int | None = None
    months: int | None = None
    parts: list[str] = field(default_factory=list)


def _maybe_duration(text: str) -> bool:
    """False when _DURATION_RE cannot match `text`: every match holds month, mos, week, quarter, year or twelve,
    a substring test on ASCII text (the regex, with no literal to start from, tries every
    position; re.I folds a few non-ASCII letters, so other text is left to the regex)."""
    if not text.isascii():
        return True
    low = text.lower()
    return ("month" in low or "mos" in low or "week" in low or "quarter" in low or "year" in low
            or "twelve" in low)


def _duration(text: str) -> int | None:
    m = _DURATION_RE.search(text)
    if not m:
        return None
    if m.group("n"):
        word = m.group("n").lower().replace("-", " ")
        n = int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 0)
        unit = m.group("u").lower()
        if unit.startswith("week"):
            return {13: 3, 26: 6, 39: 9, 52: 12, 53: 12}.get(n)
        return n if n in (3, 6, 9, 12) else None
    if m.group("q"):
        return 3
    return 12


_ENDED_RE = re.compile(r"\s+(?:ended|ending)\b", re.I)
_CHUNK_RE = re.compile(r"\S+(?: \S+)*")


def _parse_header(lines: list[str], columns: list[Column], first_left: int) -> list[_ColHead]:
    """Column periods from the header lines above the data (pieces stacked over lines)."""
    heads = [_ColHead() for _ in columns]
    n = len(columns)
    spare_years: list[tuple[float, int]] = []
    caption: dict[str, int] = {}
    far: dict[str, list[tuple[float, int]]] = {}
    centers = [c.center for c in columns]
    gap = min((b - a for a, b in zip(centers, centers[1:], strict=False)), default=0.0)
    lim = first_left - 6
    for line in lines:
        dur_matches = list(_DURATION_RE.finditer(line)) if _maybe_duration(line) else []
        chunks = [(m.start(), m.end(), m.group(0)) for m in _CHUNK_RE.finditer(line)]
        if dur_matches:
            chunks = [c for c in chunks if c[1] > lim or _DURATION_RE.search(c[2])]
        else:
            # (no duration in the line, none in any of its chunks: skip a search per chunk)
            chunks = [c for c in chunks if c[1] > lim]
        if not chunks:
            continue
        # durations (searched over the whole line: "Three  Months  Ended" is printed with wide
        # spacing): one phrase per column in order; else grouped headers, each phrase covering
        # the columns up to the middle of the gap before the next phrase (centre distance alone
        # fails when "THREE MONTHS ENDED" is printed left of its two columns)
        durs = []
        for m in dur_matches:
            months = _duration(m.group(0))
            if months:
                tail = _ENDED_RE.match(line, m.end())
                durs.append((m.start(), tail.end() if tail else m.end(), months))
        if durs:
            for j in range(n):
                if heads[j].months is None:
                    if len(durs) == n:
                        heads[j].months = durs[j][2]
                    else:
                        k = sum(1 for a, b in zip(durs, durs[1:], strict=False) if centers[j] > (a[1] + b[0]) / 2)
                        heads[j].months = durs[k][2]
        # date pieces: month, day, year; per field, in order when there is one per column
        pieces: dict[str, list[tuple[float, int]]] = {"month": [], "day": [], "year": []}
        for s, e, t in chunks:
            if e < first_left - 2 and not dur_matches:
                continue  # (a caption left of the data is read only with its duration words)
            for m in _DATE_RE.finditer(t):
                x = s + (m.start() + m.end()) / 2
                # one groups() call instead of a group() call per name (month words match
                # inside many prose words, so this loop runs often)
                mon_w, day, year, nm, nd, ny, day2, year2 = m.groups()
                if mon_w:
                    mon_low = mon_w.lower().rstrip(".")
                    mon = _MONTHS.get(mon_low[:4].rstrip("."))
                    if mon is None:
                        mon = _MONTHS.get(mon_low[:3])
                    if mon:
                        pieces["month"].append((x, mon))
                    if day:
                        pieces["day"].append((x, int(day)))
                    if year:
                        pieces["year"].append((x, int(year)))
                elif nm:
                    y = int(ny)
                    y = y + (1900 if y >= 50 else 2000) if y < 100 else y
                    pieces["month"].append((x, int(nm)))
                    pieces["day"].append((x, int(nd)))
                    pieces["year"].append((x, y))
                elif day2:
                    pieces["day"].append((x, int(day2)))
                elif year2:
                    pieces["year"].append((x, int(year2)))
        for name, found in pieces.items():
            if len(found) != n:
                # a caption left of the data ("Three years ended December 27, 1997" over the labels)
                # dates no single column (the year row below does); "December 28, 1997 and
                # December 29, 1996" centred over two columns does, one date each, in order
                left = found
                found = [p for p in found if p[0] >= first_left - 6]
                if not found and len(left) == 1 and name != "year":
                    # its month and day still date every column, if nothing else does ("Three
                    # Years Ended March 31, 1997" over a joint venture's "1997 1996 1995")
                    caption[name] = left[0][1]
            if not found:
                continue
            if len(found) == n:
                picks = [v for _, v in found]
            elif name == "year" and n > 1:
                # fewer years than columns: a caption ("THREE YEARS ENDED DECEMBER 28, 1997") dates
                # one of them at most; the year row below gives each its own. Used only if none does.
                spare_years.extend(found)
                continue
            else:
                # fewer pieces than columns: a piece heads the columns near it ("December 31,"
                # centred over two), not columns a group away (NVIDIA: "April" / "26," over the
                # second column only; "Years Ended December 31," beside "Month Ended January 31,")
                near = 0.75 * gap if gap else None
                picks = []
                for j in range(n):
                    x, v = min(found, key=lambda p: abs(p[0] - centers[j]))
                    picks.append(v if near is None or abs(x - centers[j]) <= near else None)
                if None in picks:
                    far.setdefault(name, found)
            for j in range(n):
                if getattr(heads[j], name) is None and picks[j] is not None:
                    setattr(heads[j], name, picks[j])
        for s, e, t in chunks:
            if e < first_left - 6:
                continue
            j = min(range(n), key=lambda k: abs(centers[k] - (s + e) / 2))
            heads[j].parts.append(t)
    if "month" in caption and all(h.month is None for h in heads):
        for h in heads:
            h.month = caption["month"]
            h.day = h.day or caption.get("day")
    if spare_years:
        far.setdefault("year", spare_years)
    # last, a field no line gave a column comes from the nearest piece however far (headers of
    # rendered HTML sit off their columns' centres)
    for name, found in far.items():
        for j in range(n):
            if getattr(heads[j], name) is None:
                setattr(heads[j], name, min(found, key=lambda p: abs(p[0] - centers[j]))[1])
    return heads


# The month word's tail is bounded ("sep" + "tember"): an unbounded `[a-z]*` before `\s+`, tried
# from every "jan" of a long run of letters, makes the search quadratic (issue 11).
_FULL_DATE_RE = re.compile(r"(?P<mon>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?)"
                           r"\s+(?P<day>\d{1,2}),?\s+(?P<year>(?:19|20)\d\d)", re.I)


def _inception_period(header: str, end: date | None, months: int | None) -> tuple[date | None, int | None]:
    """A "period from inception (August 20, 1998) through December 31, 1998" column ends on the
    last date printed, not on the inception day, and lasts the months between the two (rounded):
    neither a year nor the statement's default duration (Akamai's 1999 10-K)."""
    dates = []
    for m in _FULL_DATE_RE.finditer(header):
        mon = _MONTHS.get(m.group("mon").lower().rstrip(".")[:4].rstrip(".")) or _MONTHS.get(m.group("mon").lower()[:3])
        if mon:
            try:
                dates.append(date(int(m.group("year")), mon, int(m.group("day"))))
            except ValueError:
                continue
    if len(dates) < 2 or dates[-1] <= dates[0]:
        return end, None  # inception-to-date with no printed start: the duration is not known
    return dates[-1], max(1, round((dates[-1] - dates[0]).days / 30.44))


def _resolve_date(h: _ColHead, ref: date | None) -> date | None:
    year, month, day = h.year, h.month, h.day
    if year is None and month is None:
        return None
    if month is None and ref is not None:
        # "1997 / 1996" only: the filing's period of report gives month and day
        month, day = ref.month, ref.day
    if year is None:
        if ref is None or month is None:
            return None
        year = ref.year if (month, day or 1) <= (ref.month, ref.day) else ref.year - 1
    if month is None:
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        day = ref.day if ref is not None and ref.month == month else last
    try:
        d = date(year, month, min(day, last))
    except ValueError:
        return None
    # 52/53-week years print the nominal month end ("March 31") for a period that ended on
    # the Saturday before (Mar-28, the period of report): within a week, the report date wins
    if ref is not None and d != ref and abs((d - ref).days) <= 7:
        return ref
    return d


# --------------------------------------------------------------------------------------------
# Blocks


@dataclass(slots=True)
class _Row:
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


@dataclass(slots=True)
class _Draft:
    kind: Kind
    title: str
    start: int
    end: int
    unit: int | None
    columns: list[StatementColumn]
    rows: list[_Row]
    score: float
    # a secondary table (supplemental, consolidating, parent-only, in the notes ...): ranks below
    # any primary statement of the kind, but is kept when it is the only candidate
    penalty: float = 0.0

    @property
    def rank(self) -> float:
        return self.score - self.penalty


_MONTH_WORD_RE = re.compile(rf"\b{_MONTH_WORD}(?!\w)", re.I)


def _date_cells(sl: Any) -> bool:
    """The line's cells are header material: bare years, or day numbers after a month word.

    "March 28,     September 27" splits into the label "March 28,     September" and a
    cell "27"; read as a value row it would end the header before the years below it.
    """
    cells = sl.cells
    # both tests below need all-digit cells; most value rows fail this first, cheap one
    # (a loop: a generator in all() costs more than the tests on these short tuples)
    for c in cells:
        if not c.text.isdigit() and not c.year_like:  # ("1997*": a year marked restated)
            return False
    if not all(c.year_like or 1 <= int(c.text) <= 31 for c in cells):
        return False
    return all(c.year_like for c in sl.cells) or bool(_MONTH_WORD_RE.search(sl.label or ""))


_FOOTNOTE_CELL_RE = re.compile(r"^\(\d\)$")


def _split(line: str) -> Line:
    """`split_line`, except that figures inside an open parenthetical are the label's: "OPERATING
    REVENUES (including $133.4, $120.7" / "and $93.0 from affiliates) ....  $3,603.6" (Bell
    Atlantic - New Jersey) holds no value on its first line."""
    sl = split_line(line)
    if len(sl.cells) > 1 and any(c.year_like for c in sl.cells) and all(
            c.year_like or _FOOTNOTE_CELL_RE.match(c.text) for c in sl.cells):
        # "1999    1998 (1)": a year with its footnote mark, not a year and a value of -1
        return Line(sl.label, sl.indent, tuple(c for c in sl.cells if c.year_like), sl.dollar)
    if sl.cells and "(" in sl.label and sl.label.count("(") > sl.label.count(")"):
        label_end = sl.indent + len(sl.label)
        if sl.cells[0].start - label_end <= 2 and not sl.cells[-1].text.endswith(")"):
            return Line(line.strip(), sl.indent, (), False)
    return sl


def _is_prose(text: str) -> bool:
    s = text.strip()
    return len(s) >= 55 and "   " not in s


_CONT_END_RE = re.compile(r"(?:,|;|-|&|\band|\bor|\bof|\bfor|\bto|\bin|\bthe|\bby|\bfrom|\bat|\bnet|\bon|\bwith)$",
                          re.I)


def _scan_end(lines: list[str], start: int, kind: Kind,
              seen: dict[int, tuple[bool, Line | None, bool]] | None = None) -> tuple[int, list[int]]:
    """Where a statement block ends; also the line numbers of merged continuation titles.

    `seen` receives, per line read here, (is a rule, split line or None, holds data), which
    `_parse_block` then reuses rather than testing the line again.
    """
    data_seen = False
    last_data = start
    prose = 0
    merged: list[int] = []
    liabilities_seen = False
    limit = min(len(lines), start + 400)
    i = start + 1
    while i < limit:
        line = lines[i]
        s = line.strip()
        if not s:
            i += 1
            continue
        low = line.lower()
        if data_seen and "notes" in low and _STOP_RE.search(line):
            # "See accompanying notes" closes a page; a balance sheet may continue on the next
            nxt = _continuation(lines, i, limit, kind, kind == "balance_sheet" and not liabilities_seen)
            if nxt is None:
                break
            merged.append(nxt)
            i = nxt + 1
            continue
        if data_seen and _has_other_title_word(low) and _OTHER_TITLE_RE.search(line):
            break
        # (the second half of a split title holds one of these words too: "OF INCOME", "FLOWS")
        tk = _title_kind(line, lines[i - 1]) if _has_title_word(low) else None
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
                        _CONTINUED_RE.search(near) and not (kind == "balance_sheet" and liabilities_seen
                                                            and "continued" not in near.lower())):
                    merged.append(i)
                    i += 1
                    continue
                break
        if is_rule(line):
            if seen is not None:
                seen[i] = (True, None, False)
            i += 1
            continue
        sl = _split(line)
        data = bool(sl.cells) and not _date_cells(sl)
        if seen is not None:
            seen[i] = (False, sl, data)
        if data:
            data_seen = True
            last_data = i
            prose = 0
            if "liabilit" in sl.label.lower():
                liabilities_seen = True
        else:
            if "liabilit" in s.lower():
                liabilities_seen = True
            if data_seen and _is_prose(s):
                prose += 1
                if prose >= 3:
                    break
        i += 1
    return last_data + 1, merged


def _continuation(lines: list[str], i: int, limit: int, kind: Kind, half: bool = False) -> int | None:
    """The line of a same-kind "(Continued)" title within the next page, if any (any same-kind
    title when `half`: a balance sheet that has printed its assets only)."""
    for j in range(i + 1, min(limit, i + 30)):
        tk = _title_kind(lines[j])
        if tk is None:
            sl = _split(lines[j])
            if sl.cells and not _date_cells(sl):
                return None
            continue
        if tk[0] != kind:
            return None
        near = " ".join(lines[j:j + 4])
        return j if half or _CONTINUED_RE.search(near) else None
    return None


def _parse_block(lines: list[str], start: int, kind: Kind, ref: date | None, default_months: int | None,
                 title: str) -> _Draft | None:
    seen: dict[int, tuple[bool, Line | None, bool]] = {}
    end, merged = _scan_end(lines, start, kind, seen)
    if end - start < 4:
        return None
    # (line, split line or None, is a rule, holds data) per line; blank: (line, None, False, False)
    parsed: list[tuple[int, str, Line | None, bool, bool]] = []
    numeric = []
    for i in range(start + 1, end):
        line = lines[i]
        got = seen.get(i)  # (blank lines, titles, lines of a skipped page are not in it)
        if got is not None:
            rule, sl, data = got
        elif not line.strip():
            parsed.append((i, line, None, False, False))
            continue
        else:
            rule = is_rule(line)
            sl = None if rule else _split(line)
            data = sl is not None and bool(sl.cells) and not _date_cells(sl)
        parsed.append((i, line, sl, rule, data))
        if data:
            assert sl is not None
            numeric.append(amount_cells(sl.cells))
    columns = detect_columns(numeric)
    if not columns or len(numeric) < 4:
        return None
    first_left = columns[0].left

    # Header zones: from the title (or a merged continuation title) to the first data row.
    # the unit printed with the table wins over one on the lines just above the title (Altera's
    # 1997 annual report: a bar-graph caption "(DOLLARS IN MILLIONS)" above "CONSOLIDATED BALANCE
    # SHEETS", whose own header says "(IN THOUSANDS ...)")
    unit_above = _unit_in(" ".join(lines[max(0, start - 3):start]))
    unit = _unit_in(lines[start])
    header_lines: list[str] = [lines[start]]
    rows: list[_Row] = []
    pending: list[tuple[int, str, int]] = []  # (indent, text, line_no) without values
    in_header = True
    after_rule = False
    part = 0
    merged_set = set(merged)
    for i, line, sl, rule, data in parsed:
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
        low = line.lower()
        if unit is None and (in_header or len(rows) < 3):
            unit = _unit_in(low)
        assigned = assign_cells(cells, columns) if cells else None
        # (before the first data row any label goes: "per share amounts)   1997   1996   1995")
        year_row = bool(cells) and not data and (in_header or _HEADER_WORDS_RE.match(sl.label or ""))
        if in_header:
            if assigned is None or year_row:
                header_lines.append(line)
                right = line[first_left - 6:] if len(line) > first_left else ""
                # (the two searches last: they are the costly tests, and the rest often fails)
                if (_unit_in(low) is None and sl.label and len(sl.label) < 60
                        and line[:max(first_left - 6, 1)].strip() and not _DATE_RE.search(right)
                        and not (_maybe_duration(line) and _DURATION_RE.search(line))):
                    # a section heading printed before the first row ("ASSETS", "Current assets:")
                    pending.append((sl.indent, sl.label, i))
                continue
            in_header = False
        if year_row and not sl.label:
            continue
        if assigned is None:
            after_rule = False
            if sl.label:
                text = line[:first_left - 2].strip() if len(line) > first_left else sl.label
                prev = rows[-1] if rows else None
                if (not pending and prev is not None and prev.cells is not None and prev.labelled
                        and i == prev.last_line + 1 and text[:1].islower()):
                    # the label's last lines printed below its values (Apple 1995: "Income before
                    # provision" / "  for income taxes"): a lower-case line right under a value row
                    prev.label += " " + text
                    prev.last_line = i
                    continue
                pending.append((sl.indent, text, i))
            continue
        # a value row: pending lines split into headings and the label's first lines
        heading, label_lines = _split_pending(pending, sl)
        for ind, text, ln in heading:
            rows.append(_Row(text, ind, None, ln, False, False, is_heading=True, part=part))
        label = " ".join([t for _, t, _ in label_lines] + ([sl.label] if sl.label else []))
        indent = label_lines[0][0] if label_lines else sl.indent
        total = after_rule or not label or label.lower().startswith("total")
        rows.append(_Row(label, indent, assigned, label_lines[0][2] if label_lines else i, total, sl.dollar,
                         part=part, labelled=bool(label), last_line=i))
        pending = []
        after_rule = False
    if sum(1 for r in rows if r.cells) < 3:
        return None
    heads = _parse_header(header_lines, columns, first_left)
    if any(h.month is None for h in heads):
        # tab-mixed captions can sit left of the tab-expanded numbers: take lines that carry
        # one date piece per column, wherever they are, in order
        wide = [ln for ln in header_lines if len(_DATE_RE.findall(ln)) >= len(columns) and not _title_kind(ln)]
        if wide:
            for h, w in zip(heads, _parse_header(wide, columns, 0), strict=True):
                h.year = h.year or w.year
                h.month = h.month or w.month
                h.day = h.day or w.day
    cols = []
    for h in heads:
        end_date = _resolve_date(h, ref)
        months = None if kind == "balance_sheet" else (h.months or default_months)
        header = " ".join(h.parts)
        if kind != "balance_sheet" and "nception" in header.lower():
            end_date, months = _inception_period(header, end_date, months)
        cols.append(StatementColumn(end_date, months, header))
    _assign_concepts(rows, kind)
    keys = {r.concept for r in rows if r.concept}
    score = len(keys & _KEY_CONCEPTS[kind]) * 10 + len(keys) + 0.01 * len(rows)
    return _Draft(kind, title, start, end, unit or unit_above, cols, rows, score)


def _flush_headings(pending: list[tuple[int, str, int]], rows: list[_Row], part: int) -> None:
    for ind, text, ln in pending:
        rows.append(_Row(text, ind, None, ln, False, False, is_heading=True, part=part))


def _split_pending(pending: list[tuple[int, str, int]], sl: Any) -> tuple[list[tuple[int, str, int]],
                                                                        list[tuple[int, str, int]]]:
    """Pending text lines -> (headings, first lines of the value row's label).

    A line is a heading when it ends with ':' or when the next line starts a new item (a
    capital letter, and the line does not end mid-phrase with ',' / 'and' / 'of' ...).
    """
    if not pending:
        return [], []
    nxt_texts = [t for _, t, _ in pending[1:]] + [sl.label]
    cut = 0
    for k, (_ind, text, _ln) in enumerate(pending):
        nxt = nxt_texts[k]
        new_item = bool(nxt) and nxt[0].isupper() and not _CONT_END_RE.search(text) and not (
            text.isupper() and nxt.isupper())
        if new_item and k > 0 and _CONT_END_RE.search(pending[k - 1][1]):
            # the line continues the one above ("...Income Taxes and" / "Cumulative Effect of Change
            # in Accounting" / "Principle ...."): a label three lines long, not a heading
            new_item = False
        # (an unlabelled value row, `not nxt`: everything above it is a heading)
        if text.endswith(":") or new_item or not nxt:
            cut = k + 1
    return pending[:cut], pending[cut:]


_KEY_CONCEPTS: dict[str, set[str]] = {
    "balance_sheet": {"total_assets", "total_current_assets", "total_current_liabilities",
                      "total_liabilities_and_equity", "cash", "retained_earnings", "total_equity"},
    "income_statement": {"revenue", "net_income", "pretax_income", "income_tax", "eps_basic",
                         "cost_of_revenue", "operating_income"},
    "cash_flow": {"net_cash_operating", "net_cash_investing", "net_cash_financing", "cash_ending",
                  "cash_beginning", "depreciation_amortization", "net_income"},
}


_PER_SHARE_RE = re.compile(r"per (common )?share")
_PAREN_RE = re.compile(r"\([^()]*\)")
_EPS_SUBHEADS = frozenset(("basic", "diluted", "primary", "fully diluted", "assuming dilution", "basic and diluted"))


def _assign_concepts(rows: list[_Row], kind: Kind) -> None:
    """Concepts from labels (concepts.csv), sections and position; one row per concept."""
    stack: list[str] = []
    shape: list[list[Any]] = []  # per stack entry: [heading indent, an item indented under it seen]
    per_share_section = False
    liabilities = False
    prev: _Row | None = None
    numeric_seen = 0
    for k, r in enumerate(rows):
        if r.is_heading:
            norm = normalise(r.label)
            if "liabilit" in norm:
                liabilities = True
            if norm in ("assets", "liabilities and stockholders equity", "liabilities and shareholders equity"):
                stack = []
            # ("Net income (loss) per common share:" / "Basic:" / "  Net income (loss)  $1.31": the
            # per-share section runs on under sub-headings until an amount row ends it)
            per_share_section = bool(_PER_SHARE_RE.search(norm)) or (per_share_section and norm in _EPS_SUBHEADS)
            if not stack:
                shape = []
            stack.append(norm)
            shape.append([r.indent, False])
            continue
        # a nested heading ("Accounts receivable:") whose items were indented under it ends where a
        # row comes back to its indentation (Bell Atlantic - New Jersey: "Material and supplies")
        while len(stack) > 1 and len(shape) == len(stack) and r.labelled and not r.total:
            ind, deeper = shape[-1]
            if r.indent > ind:
                shape[-1][1] = True
                break
            if not deeper:
                break
            stack.pop()
            shape.pop()
        r.section = tuple(stack)
        norm = normalise(r.label)
        if "liabilit" in norm and kind == "balance_sheet" and r.labelled:
            liabilities = liabilities or not norm.startswith("total assets")
        rule = None
        if r.labelled:
            rule = _match(kind, "label", norm)
            if rule is None and "(" in r.label:
                # parentheticals and footnote marks: "OPERATING REVENUES (including $38.9, $31.4
                # ... from affiliates)", "Net revenue(1)", "Sales (Q)"
                bare = normalise(_PAREN_RE.sub(" ", r.label))
                if bare and bare != norm:
                    rule = _match(kind, "label", bare)
            if rule is None and stack and norm == "total":
                # a bare "Total" closes its section like an unlabelled subtotal (Xerox's cash flows)
                rule = _match(kind, "subtotal", stack[-1])
            if rule is None and stack and kind == "balance_sheet" and _sole_item(rows, k):
                # "Preferred stock, $2 convertible series:" / "  Authorized 10 million shares ...":
                # an item heading over a single value row reads as one label
                rule = _match(kind, "label", normalise(stack[-1] + " " + r.label))
            if kind == "income_statement" and per_share_section and (rule is None or rule.kind == "amount"):
                lab = "diluted" if "dilut" in norm else "basic"
                cand = _match(kind, "label", f"{lab} earnings per share")
                if cand is not None and _all_decimal(r):
                    rule = cand
        else:
            # unlabelled subtotal: position first, then the section heading above it
            if kind == "balance_sheet" and prev is not None and prev.concept == "accumulated_depreciation":
                r.concept, r.priority = "ppe_net", 20
            elif kind == "balance_sheet" and r.dollar and numeric_seen > 1:
                r.concept = "total_liabilities_and_equity" if liabilities else "total_assets"
                r.priority = 30
            elif stack:
                rule = _match(kind, "subtotal", stack[-1])
        if rule is not None:
            r.concept, r.priority, r.kind = rule.concept, rule.priority, rule.kind
            if rule.concept == "net_income" and any("discontinued" in h for h in stack):
                # "Discontinued Operations:" / "Net earnings": that segment's result, not the
                # company's bottom line (Bristol-Myers Squibb 2005); kept only if nothing else is
                r.priority = 1
        if r.cells and kind == "income_statement" and r.kind == "amount" and r.concept is None and _all_decimal(r) \
                and per_share_section:
            r.kind = "per_share"
        if r.total and stack and (not r.labelled or r.label.lower().startswith("total")):
            stack.pop()
            if len(shape) > len(stack):
                shape.pop()
        if r.cells:
            numeric_seen += 1
        prev = r
    if kind == "income_statement" and not any(r.concept == "net_income" for r in rows):
        # the bottom line printed without a label, straight above the per-share rows (Amazon's
        # 1997 10-Qs: "$ (8,510)" under the interest income line, then "Net loss per share")
        k = next((k for k, r in enumerate(rows) if r.concept in ("eps_basic", "eps_diluted")), None)
        if k is not None:
            above = [r for r in rows[:k] if r.cells]
            if above and not above[-1].labelled and above[-1].concept is None and above[-1].dollar:
                above[-1].concept, above[-1].priority = "net_income", 5
    # one row per concept: higher priority, then a total row, then the first
    best: dict[str, _Row] = {}
    for r in rows:
        if not r.concept:
            continue
        cur = best.get(r.concept)
        if cur is None or (r.priority, r.total) > (cur.priority, cur.total):
            best[r.concept] = r
    for r in rows:
        if r.concept and best.get(r.concept) is not r:
            r.concept = None


def _sole_item(rows: list[_Row], k: int) -> bool:
    """Row k is the only value row under the heading just above it."""
    if k == 0 or not rows[k - 1].is_heading:
        return False
    if k + 1 >= len(rows):
        return True
    nxt = rows[k + 1]
    return nxt.is_heading or nxt.line_no > rows[k].last_line + 1


def _all_decimal(r: _Row) -> bool:
    cells = [c for c in (r.cells or []) if c is not None and c.value]
    return bool(cells) and all(c.decimal and abs(c.value or 0) < 1000 for c in cells)


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


_SHARE_UNIT_RE = re.compile(r"\(?in (thousands|millions)\)?", re.I)


def _finish(draft: _Draft, unit: int, doc_type: str, line_offset: int) -> Statement:
    rows: list[StatementRow] = []
    indents = sorted({r.indent for r in draft.rows})
    for r in draft.rows:
        if r.cells is None:
            values: tuple[float | None, ...] = tuple(None for _ in draft.columns)
        else:
            scale: float = unit
            if r.kind == "per_share" or any(c is not None and c.percent for c in r.cells):
                scale = 1
            elif r.kind == "shares":
                m = _SHARE_UNIT_RE.search(r.label)
                scale = _UNITS[m.group(1).lower()] if m else 1
            values = tuple(None if c is None or c.value is None else c.value * scale for c in r.cells)
        level = indents.index(r.indent) if r.indent in indents else 0
        if r.section and not r.total and level == 0 and not r.is_heading:
            level = 1
        label = r.label
        # (the leader is the last thing on the label: no "." at its end, nothing to remove,
        # and the search, tried at every position, is skipped)
        if label.rstrip().endswith("."):
            label = _without_dot_leader(label) or label
        rows.append(StatementRow(label, r.concept, level, r.total and r.cells is not None, values))
    return Statement(draft.kind, draft.title, unit, doc_type, draft.start + line_offset, tuple(draft.columns),
                     tuple(rows))


# Items that sit between income before taxes and net income besides the tax itself.
_BELOW_TAX_CONCEPTS = {"discontinued", "extraordinary", "accounting_change", "income_continuing"}
_BELOW_TAX_RE = re.compile(r"\btax|discontinued|extraordinary|cumulative effect|accounting change|minority", re.I)
_TAX_RE = re.compile(r"\btax", re.I)
_BELOW_ITEMS_RE = re.compile(r"discontinued|extraordinary|cumulative effect|accounting change", re.I)


def _derive_pretax(st: Statement) -> Statement:
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


_KEYWORDS = ("balance", "statement", "financial", "cash flow")


def _candidate_lines(lines: list[str]) -> list[int]:
    """Lines that may hold a title (or its second half): a substring search over the lowered
    document instead of a Python-level test per line (10-Ks run to 10,000 lines)."""
    joined = "\n".join(lines).lower()
    hits: list[int] = []
    for word in _KEYWORDS:
        p = joined.find(word)
        while p >= 0:
            hits.append(p)
            p = joined.find(word, p + 1)
    hits.sort()
    found: set[int] = set()
    pos = line_no = 0
    for h in hits:
        line_no += joined.count("\n", pos, h)
        pos = h
        found.add(line_no)
        found.add(line_no + 1)  # the second half of a title broken over two lines
    return sorted(k for k in found if k < len(lines))


def extract_from_text(text: str, *, period_of_report: date | None = None, form: str | None = None,
                      fiscal_year_end: str | None = None, document_type: str = "10-Q",
                      start_line: int = 1) -> dict[str, _Draft]:
    """Best candidate block per kind in one document's text (used by `extract_statements`)."""
    lines = clean_lines(text)
    default_months = _default_months(form, period_of_report, fiscal_year_end)
    best: dict[str, _Draft] = {}
    consumed: dict[str, int] = {}
    for i in _candidate_lines(lines):
        line = lines[i]
        if not line or len(line) > 160:
            continue
        text = _joined_title(line, lines[i - 1] if i else "")
        low = text.lower()
        if "balance" not in low and "statement" not in low and "financial" not in low and "cash flow" not in low:
            continue
        tk = _title_kind(text)
        if tk is None:
            continue
        if i + 1 < len(lines) and lines[i + 1].lstrip()[:4].lower() in ("data", "info"):
            continue  # "Statement of Operations" / "Data:": a selected-data caption, not a title
        kind, m = tk
        if consumed.get(kind, -1) > i:
            continue
        title = " ".join(text.split())
        draft = _parse_block(lines, i, kind, period_of_report, default_months if kind != "balance_sheet" else None,
                             title)
        if draft is None:
            continue
        consumed[kind] = draft.end
        if draft.score < 20:
            # a title naming the wrong statement (IBM 1995: its balance sheet headed "CONSOLIDATED
            # STATEMENT OF OPERATIONS"): the rows say what the block is
            labels = [normalise(r.label) for r in draft.rows if r.cells]
            for other in KINDS:
                if other == kind or len(labels) < 8 or not any(lab.startswith(_KIND_HINTS[other]) for lab in labels):
                    continue
                alt = _parse_block(lines, i, other, period_of_report,
                                   default_months if other != "balance_sheet" else None, title)
                if alt is not None and alt.score >= 30 and alt.score > draft.score:
                    draft = alt
                    consumed[other] = alt.end
        draft.penalty = _secondary_penalty(lines, i, title)
        cur = best.get(draft.kind)
        if cur is None or draft.rank > cur.rank:
            best[draft.kind] = draft
    return best


# words of a kind's key rows: a block under another kind's title is re-read as this kind only
# when its rows print one of them (re-reading every weak candidate three times is costly)
_KIND_HINTS: dict[str, tuple[str, ...]] = {
    "balance_sheet": ("total assets", "total current assets", "total current liabilities"),
    "income_statement": ("income before", "earnings before", "net income", "net earnings"),
    "cash_flow": ("net cash",),
}
_SECONDARY_RE = re.compile(r"supplemental|consolidating|guarantor|parent\s+company|registrant|\bschedule\s+i\b|"
                           r"selected|pro\s+forma|\bsegments?\b|subsidiar(?:y|ies)\s+only|company\s+only", re.I)
_NOTES_HEAD_RE = re.compile(r"^\s*notes\s+to\s+(?:the\s+)?(?:condensed\s+)?(?:consolidated\s+)?financial", re.I)


def _secondary_penalty(lines: list[str], i: int, title: str) -> float:
    """How far a candidate ranks below the primary statement: supplemental, consolidating and
    guarantor statements, parent-only information, selected data, quarterly and segment tables
    balance and recognise the key rows as well as the consolidated statement does, so their
    titles and the lines just around them (and a notes page heading above them) decide."""
    near = " ".join(lines[max(0, i - 4):i + 3])
    if _SECONDARY_RE.search(near) or "quarterly" in title.lower():
        return 40.0
    if any(_NOTES_HEAD_RE.match(ln) for ln in lines[max(0, i - 8):i]):
        return 40.0
    return 0.0


_BY_REFERENCE_RE = re.compile(r"item\s+8\b.{0,300}?incorporat\w*\s+(?:herein\s+)?by\s+reference", re.I | re.S)


def _not_printed_reason(submission: Any, none_found: bool = False) -> str | None:
    """Why a filing prints no statements at all, when it says so (Motorola's 1997 10-K: Item 8
    incorporates the statements from the proxy statement, which is not part of the filing), or
    when it is an amendment that carries only new EX-27 schedules."""
    form = (getattr(submission, "form", "") or "").upper()
    if none_found and (form.endswith("/A") or form.endswith("-A")):
        types = [(getattr(d, "type", "") or "").upper() for d in getattr(submission, "documents", ())]
        if any(t.startswith("EX-27") for t in types):
            return "this amendment prints no statements; it restates the financial data schedules (EX-27)"
    text = getattr(submission, "text", "") or ""
    low = text.lower()
    k = low.find("item 8")
    while k >= 0:
        if _BY_REFERENCE_RE.match(text, k):
            return "not in this filing: Item 8 incorporates the financial statements by reference"
        k = low.find("item 8", k + 6)
    return None


def _default_months(form: str | None, por: date | None, fye: str | None) -> int | None:
    """Duration when the header does not say: a 10-K covers a year; a 10-Q from the fiscal year end."""
    f = (form or "").upper()
    if f.startswith("10-K") or f.startswith("10K"):
        return 12
    if por is not None and fye and len(fye) == 4 and fye.isascii() and fye.isdigit():  # ("²" is a digit)
        diff = (por.month - int(fye[:2])) % 12
        return diff if diff in (3, 6, 9) else None
    return None


def _mentions_statements(low: str) -> bool:
    """The lowered document names a statement: "balance sheet", "statements of", "statement of",
    "financial position" or "cash flow" (most exhibits do not, and are skipped).

    Each test is a scan of the whole document; the two "statement" phrases share one, looking
    at what follows each "statement" (a few in a document).
    """
    if "balance sheet" in low or "financial position" in low or "cash flow" in low:
        return True
    k = low.find("statement")
    while k >= 0:
        if low.startswith(" of", k + 9) or low.startswith("s of", k + 9):
            return True
        k = low.find("statement", k + 1)
    return False


# Exhibits that by their Reg. S-K Item 601 number cannot hold the registrant's financial
# statements: 1-12 (underwriting, charter, instruments, opinions, material contracts, EPS and ratio
# computations), 14-18 and 21-26 (ethics code, letters, subsidiaries, consents, powers of attorney
# ...). Contracts are most of a 10-K's bytes and print "statement of" often. Kept: EX-13 (annual
# report), EX-19/20 (reports to security holders), EX-99 and anything unnumbered.
_NOT_STATEMENTS_RE = re.compile(r"^EX-(?:[1-9]|1[0-2]|1[4-8]|2[1-6])(?![0-9])")


def extract_statements(submission: Any) -> Statements:
    """Find the balance sheet, income statement and cash-flow statement of a filing."""
    por = getattr(submission, "period_of_report", None)
    form = getattr(submission, "form", None)
    fye = getattr(submission, "fiscal_year_end", None)
    best: dict[str, tuple[_Draft, str, int]] = {}
    units: list[int] = []
    reader_warnings: list[str] = []
    for doc in getattr(submission, "documents", ()):
        dtype = (doc.type or "").upper()
        if dtype.startswith("EX-27") or _NOT_STATEMENTS_RE.match(dtype) or getattr(doc, "is_uuencoded", False):
            continue
        if "nonFraction" in doc.text:
            # Inline XBRL (2009+): the tagged facts are exact, so read them instead of the layout.
            from edgarliq.tables.ixbrl import extract_ixbrl_statements

            tagged = extract_ixbrl_statements(doc.text, period_of_report=por, document_type=dtype,
                                              start_line=doc.start_line)
            if tagged:
                return Statements(tagged, tuple((k, "no inline XBRL facts for this statement")
                                                for k in KINDS if k not in tagged))
        if not _mentions_statements(doc.text.lower()):
            if looks_like_html(doc.text):  # (a document cut short may be cut before its titles)
                from edgarliq.tables.html import truncation_warnings

                reader_warnings.extend(f"{dtype or 'document'}: {w}" for w in truncation_warnings(doc.text))
            continue
        if looks_like_html(doc.text):
            # HTML tables are read as grids of cells (grid_statements imports this module's
            # helpers, hence the import here rather than at the top)
            from edgarliq.grid_statements import extract_from_html

            drafts, doc_warnings = extract_from_html(doc.text, period_of_report=por, form=form,
                                                     fiscal_year_end=fye, document_type=dtype,
                                                     start_line=doc.start_line)
            reader_warnings.extend(f"{dtype or 'document'}: {w}" for w in doc_warnings)
        else:
            drafts = extract_from_text(doc.text, period_of_report=por, form=form, fiscal_year_end=fye,
                                       document_type=dtype, start_line=doc.start_line)
        for kind, d in drafts.items():
            cur = best.get(kind)
            if cur is None or d.rank > cur[0].rank:
                best[kind] = (d, dtype, doc.start_line)
    for d, _, _ in best.values():
        if d.unit:
            units.append(d.unit)
    found: dict[str, Statement] = {}
    missing: list[tuple[str, str]] = []
    for kind in KINDS:
        if kind not in best:
            missing.append((kind, _not_printed_reason(submission, not best)
                            or "no block of numeric rows under a recognisable title in any document"))
            continue
        d, dtype, offset = best[kind]
        if d.score < 10:
            missing.append((kind, _not_printed_reason(submission, all(x[0].score < 10 for x in best.values()))
                            or f"best candidate '{d.title}' (line {d.start + offset}) has none of the key rows"))
            continue
        # a statement that prints no unit shares the unit printed on its siblings (seed income statement)
        unit = d.unit or (max(set(units), key=units.count) if units else 1)
        st = _derive_pretax(_finish(d, unit, dtype, offset))
        if not d.unit:
            st = replace(st, unit_source="shared" if units else "assumed")
        found[kind] = st
    if reader_warnings:  # a truncated HTML document explains what is missing
        missing = [(k, f"{why}; {reader_warnings[0]}") for k, why in missing]
    notes = _overlong_numbers(found)
    return Statements(_share_printed_dates(found, por), tuple(missing), tuple(reader_warnings + notes))


# More digits than any real amount has (the cell readers stop at 18): such a "number" is left in its
# row's label and not read, and the filing's warnings say so, so the unknown value is not silent.
_OVERLONG_RE = re.compile(r"[0-9]{19,}")


def _overlong_numbers(found: dict[str, Statement]) -> list[str]:
    out = []
    for kind, st in found.items():
        for row in st.rows:
            m = _OVERLONG_RE.search(row.label)
            if m:
                out.append(f"{kind}: a figure of {m.end() - m.start():,} digits in '{row.label[:40]}...' "
                           f"(statement from line {st.source_line}) is more than a real amount has: not read")
    return out


def _share_printed_dates(found: dict[str, Statement], por: date | None) -> dict[str, Statement]:
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
