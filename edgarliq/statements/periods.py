"""Column headers into periods: units, durations, dates (month, day, year pieces stacked over lines)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from edgarliq import lazyre
from edgarliq.lazyre import LazyPattern
from edgarliq.model import MONTH_NAMES
from edgarliq.record import field, record
from edgarliq.tables.text import (
    Column,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from typing import Any

# A unit caption: "(in thousands)", "(dollars in millions)", "thousands of dollars", "($000's
# omitted)", "(000)", "(thousands". Also the forms other filers print: "(000 omitted)", "(Dollars in
# 000's)", "(In 000s)", "($000)", "($ thousands)" (a run of zeros never after a digit or a comma:
# "$25,000 omitted" is no caption).
_UNIT_RE = lazyre.compile(
    r"(?:in|of)\s+(?:u\.?s\.?\s+)?(?:dollars\s+in\s+)?(?P<u>thousands|millions|billions)|"
    r"(?P<d>thousands|millions|billions)\s+of\s+(?:u\.?s\.?\s+)?dollars|"
    r"dollars\s+in\s+(?P<e>thousands|millions|billions)|\$\s*(?P<z>000|000,000)\s*(?:'?s\s*)?omitted|"
    r"\(\s*\$?\s*(?P<p>000|000,000)'?s?\s*\)|(?<![\d,.$])(?P<o>000|000,000)'?s?\s+omitted|"
    r"\bin\s+\$?\s*(?P<i>000|000,000)'?s?\b(?![,.]?\d)|"
    r"\(\s*(?P<w>thousands|millions)\b|\(\s*\$\s*(?P<s>thousands|millions|billions)\b",
    re.I)
UNITS = {"thousands": 1000, "millions": 1_000_000, "billions": 1_000_000_000, "000": 1000,
         "000,000": 1_000_000}
# (English names, model.MONTH_NAMES, not calendar.month_name: filings are in English whatever the
# reader's locale)
_MONTH_NAMES = tuple(m.lower() for m in MONTH_NAMES)
MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)}
MONTHS.update({m[:3]: i for i, m in enumerate(_MONTH_NAMES, 1)})
MONTHS["sept"] = 9
_MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# (`\s*(?:,\s*)?`, not `\s*,?\s*`: two adjacent runs of white space split a long one every way)
DATE_RE = lazyre.compile(
    rf"(?P<mon>{_MONTH_WORD})(?:\s+(?P<day>\d{{1,2}})\b,?)?(?:\s*(?:,\s*)?(?P<year>(?:19|20)\d\d))?|"
    r"(?P<nm>\d{1,2})/(?P<nd>\d{1,2})/(?P<ny>\d{2,4})|"
    r"(?<![\d,.$])(?P<day2>\d{1,2}),(?!\d)|"
    r"(?<![\d,.$])(?P<year2>(?:19|20)\d\d)(?![\d,])", re.I)
DURATION_RE = lazyre.compile(
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
HEADER_WORDS_RE = lazyre.compile(
    r"^(?:[\s,.\-()/*\d]|unaudited|audited|restated|note|months?|weeks?|quarters?|years?|"
    r"ended|ending|fiscal|three|six|nine|twelve|and|at|as|of|end|period|pro\s*forma|actual|historical|"
    r"(?>" + _MONTH_WORD + r"))*$", re.I)


def unit_in(text: str) -> int | None:
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
    return UNITS[word.lower()]


@record(slots=True)
class ColumnHead:
    month: int | None = None
    day: int | None = None
    year: int | None = None
    months: int | None = None
    parts: list[str] = field(default_factory=list)


def maybe_duration(text: str) -> bool:
    """False when DURATION_RE cannot match `text`: every match holds month, mos, week, quarter, year or twelve,
    a substring test on ASCII text (the regex, with no literal to start from, tries every
    position; re.I folds a few non-ASCII letters, so other text is left to the regex)."""
    if not text.isascii():
        return True
    low = text.lower()
    return ("month" in low or "mos" in low or "week" in low or "quarter" in low or "year" in low
            or "twelve" in low)


def duration_months(text: str) -> int | None:
    m = DURATION_RE.search(text)
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


# Every DATE_RE match holds a digit or starts with a month word's first three letters (the same
# re.I folding as DATE_RE): a chunk holding neither is not searched with the full pattern.
_DATE_HINT_RE = lazyre.compile(r"\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.I)
_ENDED_RE = lazyre.compile(r"\s+(?:ended|ending)\b", re.I)
_CHUNK_RE = lazyre.compile(r"\S+(?: \S+)*")


def parse_header(lines: list[str], columns: list[Column], first_left: int) -> list[ColumnHead]:
    """Column periods from the header lines above the data (pieces stacked over lines)."""
    heads = [ColumnHead() for _ in columns]
    n = len(columns)
    spare_years: list[tuple[float, int]] = []
    caption: dict[str, int] = {}
    far: dict[str, list[tuple[float, int]]] = {}
    centers = [c.center for c in columns]
    gap = min((b - a for a, b in zip(centers, centers[1:], strict=False)), default=0.0)
    lim = first_left - 6
    for line in lines:
        dur_matches = list(DURATION_RE.finditer(line)) if maybe_duration(line) else []
        chunks = [(m.start(), m.end(), m.group(0)) for m in _CHUNK_RE.finditer(line)]
        # where each duration phrase ends, its "ended" included
        ends = [tail.end() if (tail := _ENDED_RE.match(line, m.end())) else m.end() for m in dur_matches]
        if dur_matches:
            # (and the date printed after a caption's "ended" a few spaces on: "Three Years Ended
            # Mar. 31, 1997", two chunks when two spaces part them)
            chunks = [c for c in chunks if c[1] > lim or DURATION_RE.search(c[2])
                      or any(0 <= c[0] - e <= 4 for e in ends)]
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
        for m, end in zip(dur_matches, ends, strict=True):
            months = duration_months(m.group(0))
            if months:
                durs.append((m.start(), end, months))
        if durs:
            bounds = [(a[1] + b[0]) / 2 for a, b in zip(durs, durs[1:], strict=False)]
            # A column centred within a few characters of the middle between two phrases could be
            # either's; when the columns divide evenly among the phrases, each phrase heads as many
            # ("Quarter Ended" and "Nine Months Ended" over two columns each, printed a little left)
            even = len(durs) < n and n % len(durs) == 0 and any(
                abs(c - b) <= 4 for c in centers for b in bounds)
            for j in range(n):
                if heads[j].months is None:
                    if len(durs) == n:
                        heads[j].months = durs[j][2]
                    elif even:
                        heads[j].months = durs[j // (n // len(durs))][2]
                    else:
                        k = sum(1 for b in bounds if centers[j] > b)
                        heads[j].months = durs[k][2]
        # date pieces: month, day, year; per field, in order when there is one per column
        pieces: dict[str, list[tuple[float, int]]] = {"month": [], "day": [], "year": []}
        for s, e, t in chunks:
            if e < first_left - 2 and not dur_matches:
                continue  # (a caption left of the data is read only with its duration words)
            if _DATE_HINT_RE.search(t) is None:
                continue  # (no digit, no month word: DATE_RE finds nothing, at a fraction of its cost)
            for m in DATE_RE.finditer(t):
                x = s + (m.start() + m.end()) / 2
                # one groups() call instead of a group() call per name (month words match
                # inside many prose words, so this loop runs often)
                mon_w, day, year, nm, nd, ny, day2, year2 = m.groups()
                if mon_w:
                    mon_low = mon_w.lower().rstrip(".")
                    mon = MONTHS.get(mon_low[:4].rstrip("."))
                    if mon is None:
                        mon = MONTHS.get(mon_low[:3])
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
                    # ...and not a piece printed over another column: "At September 30," over the
                    # first of IBM's two columns, "At December 31," over the second a line lower,
                    # dates the first only (a piece centred over two columns dates both)
                    nearest = min(abs(x - c) for c in centers)
                    picks.append(v if near is None or (abs(x - centers[j]) <= near
                                                       and abs(x - centers[j]) - nearest <= 0.25 * gap) else None)
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
# (or in figures, "8/20/98": month, day, year of two or four digits)
_FULL_DATE_RE = LazyPattern(r"(?P<mon>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?)"
                            r"\s+(?P<day>\d{1,2}),?\s+(?P<year>(?:19|20)\d\d)"
                            r"|(?<![\d/])(?P<nm>\d{1,2})/(?P<nd>\d{1,2})/(?P<ny>\d{4}|\d{2})(?![\d/])", re.I)


def inception_period(header: str, end: date | None, months: int | None) -> tuple[date | None, int | None]:
    """A "period from inception (August 20, 1998) through December 31, 1998" column ends on the
    last date printed, not on the inception day, and lasts the months between the two (rounded):
    neither a year nor the statement's default duration (Akamai's 1999 10-K)."""
    dates = []
    for m in _FULL_DATE_RE.finditer(header):
        if m.group("nm"):
            y = int(m.group("ny"))
            year = y + (1900 if y >= 50 else 2000) if y < 100 else y  # (as `parse_header` reads "3/31/97")
            mon, day = int(m.group("nm")), int(m.group("nd"))
        else:
            mon_w = m.group("mon").lower()
            mon = MONTHS.get(mon_w.rstrip(".")[:4].rstrip(".")) or MONTHS.get(mon_w[:3])
            year, day = int(m.group("year")), int(m.group("day"))
        if mon:
            try:
                dates.append(date(year, mon, day))
            except ValueError:
                continue
    if len(dates) < 2 or dates[-1] <= dates[0]:
        return end, None  # inception-to-date with no printed start: the duration is not known
    return dates[-1], max(1, round((dates[-1] - dates[0]).days / 30.44))



def _month_days(year: int, month: int) -> int:
    """Days in a month (calendar.monthrange's second value); ValueError for a month out of 1-12."""
    if not 1 <= month <= 12:
        raise ValueError(f"bad month number {month}; must be 1-12")
    return ((date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)) - timedelta(days=1)).day

def resolve_date(h: ColumnHead, ref: date | None) -> date | None:
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
    last = _month_days(year, month)
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


_MONTH_WORD_RE = LazyPattern(rf"\b{_MONTH_WORD}(?!\w)", re.I)


def date_cells(sl: Any) -> bool:
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


def default_duration(form: str | None, por: date | None, fye: str | None) -> int | None:
    """Duration when the header does not say: a 10-K covers a year; a 10-Q from the fiscal year end."""
    f = (form or "").upper()
    if f.startswith("10-K") or f.startswith("10K"):
        return 12
    if por is not None and fye and len(fye) == 4 and fye.isascii() and fye.isdigit():  # ("²" is a digit)
        diff = (por.month - int(fye[:2])) % 12
        return diff if diff in (3, 6, 9) else None
    return None
