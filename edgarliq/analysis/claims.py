"""Claims in the filing's own words (MD&A) checked against the computed metrics.

Conservative on purpose: a sentence becomes a claim only when its wording maps to one metric
and one date or period without guessing. Supported wordings:

* working capital: "$59.8 million in working capital", "working capital of/was $99,958,000 at
  December 31, 1993", "working capital increased to $1.9 billion at ..." (the level, never
  "an increase in working capital of $X");
* current ratio: "a current ratio of 5.0 to 1", "current ratio (...) was 1.19 at June 27, 1998",
  "current ratio at December 31, 1993 increased to 2.14";
* gross / operating / pretax / net margin: "from 28.7% and 29.9% in the second quarter and first
  six months of 1996, respectively, to 32.4% and 31.9% in the comparable 1997 periods", or a
  single "from A% in the <period> of Y0 to B% in the <period> of Y1";
* revenue and net income growth, in sentences that start with the total ("Revenues increased
  from $56.0 million in the second quarter of 1996 to $75.7 million in the second quarter of
  1997, an increase of $19.7 million or 35.1%"). Segment lines ("Staffing revenues ...") are
  left alone.

Precision rule: a claim holds when the computed value is within one unit of the last printed
digit (|computed - printed| <= 10^-decimals, times the scale word). The MD&A's "32.4%" gross
margin for the seed quarter is (75,714 - 51,222) / 75,714 = 32.35 %: strict rounding gives
32.3, but companies round from unrounded dollars or round half up from a truncated 32.35, so a
half-unit rule would fail honest statements; one unit still catches every real misstatement
of a printed figure (32.2 or 32.6 would fail). Working capital "$59.8 million" vs 59,810,000:
|diff| = 10,000 <= 100,000 passes.

Anything that looks like a claim but cannot be mapped becomes a ``skip`` check with the
reason, never a failure.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta

from edgarliq import lazyre
from edgarliq.checks import Check
from edgarliq.lazyre import LazyPattern
from edgarliq.record import record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Claim", "find_claims", "check_claims", "claims_text"]


@record(frozen=True, slots=True)
class Claim:
    """One figure the text states. `value` is in the metric's units (currency absolute, percent
    in percent); `tolerance` is one unit of the last printed digit in the same units."""

    metric: str | None
    printed: str
    value: float | None
    tolerance: float | None
    sentence: str
    period_end: date | None = None  # balance claims
    months: int | None = None  # flow claims: length of the period ...
    year: int | None = None  # ... and the year its end falls in (a balance claim dated by its year only)
    # The year the sentence compares with ("from 28.7% in 1996 to 32.4% in 1997"): both years must
    # map to the filing's columns, a year apart, or the year labels are fiscal and not calendar
    # (Apple's "first quarter of 1999" ends in December 1998) and the claim is skipped.
    other_year: int | None = None
    reason: str | None = None  # set when the claim cannot be checked

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric, "printed": self.printed, "value": self.value, "tolerance": self.tolerance,
            "sentence": self.sentence, "period_end": self.period_end.isoformat() if self.period_end else None,
            "months": self.months, "year": self.year, "other_year": self.other_year, "reason": self.reason,
        }


# --- vocabulary --------------------------------------------------------------------------------

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})"
_DATE_RE = lazyre.compile(_DATE, re.I)
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
# Printed numbers: ASCII digits, at most 18 before and after the point (no real amount has more;
# a 400-digit run made float() infinite, and infinity cannot be formatted or compared).
_MONEY = (r"\$\s?(?P<{n}>[0-9]{{1,3}}(?:,[0-9]{{3}}){{1,5}}(?:\.[0-9]{{1,18}})?|[0-9]{{1,18}}(?:\.[0-9]{{1,18}})?)"
          r"(?:\s+(?P<{n}_s>thousand|million|billion))?")
_PCT = r"(?P<{n}>-?[0-9]{{1,18}}(?:\.[0-9]{{1,18}})?)\s*(?:%|percent\b)"
_APPROX = r"(?:approximately\s+|about\s+|nearly\s+|over\s+)?"
_PERIOD = r"[a-z][a-z -]{2,40}?"

_WC_AMOUNT_FIRST = lazyre.compile(_MONEY.format(n="a") + r"\s+(?:in|of)\s+(?:net\s+)?working\s+capital\b", re.I)
_WC_WORDS_FIRST = lazyre.compile(
    r"working\s+capital\s+(?:of|was|is|totaled|totalled|totaling|totalling|amounted\s+to|stood\s+at|"
    r"(?:increased|decreased|rose|fell|declined|improved|grew)\s+to)\s+" + _APPROX + _MONEY.format(n="a"), re.I)
_WC_CHANGE_BEFORE = lazyre.compile(r"(?:increase|decrease|change|decline|reduction|improvement|used|invested|provided|"
                                   r"requirements?|needs?)s?\s+(?:in|of|for)?\s*$", re.I)
_CR = lazyre.compile(
    r"current\s+ratio\s*(?:\([^)]{0,100}\)\s*)?(?:(?:at|as\s+of)\s+(?P<d_in>" + _DATE + r")\s*,?\s*)?"
    r"(?:of|was|is|stood\s+at|(?:increased|decreased|improved|declined|rose|fell)\s+to)\s+" + _APPROX
    + r"(?P<a>[0-9]{1,18}(?:\.[0-9]{1,18})?)(?:\s*(?:to|:)\s*(?:1|one)(?:\.0+)?\b)?", re.I)
_COMPARED_RE = lazyre.compile(r"\bcompared (?:to|with)\b|\bversus\b", re.I)
_DATE_AFTER = lazyre.compile(r"\s*(?:,\s*)?(?:at|as\s+of|on)\s+(?P<d>" + _DATE + ")", re.I)  # (not \s*,?\s*)

_MARGIN_KIND = lazyre.compile(r"\b(?P<kind>gross(?:\s+profit)?|operating(?:\s+profit)?|net(?:\s+profit|\s+income)?|"
                              r"pre-?tax(?:\s+profit)?)\s+margins?\b", re.I)
_MARGIN_METRIC = {"gross": "gross_margin", "operating": "operating_margin", "net": "net_margin",
                  "pretax": "pretax_margin", "pre-tax": "pretax_margin"}
_RESPECTIVELY = lazyre.compile(
    r"^\s*(?:(?:increased|decreased|improved|declined|rose|fell|was|were)\s*)?(?:slightly\s+)?from\s+"
    + _PCT.format(n="a") + r"\s+and\s+" + _PCT.format(n="b")
    + rf"\s+(?:in|for)\s+the\s+(?P<pa>{_PERIOD})\s+and\s+(?:the\s+)?(?P<pb>{_PERIOD})\s+of\s+(?:fiscal\s+)?"
    r"(?P<y0>\d{4}),?\s+respectively,?\s+to\s+" + _PCT.format(n="c") + r"\s+and\s+" + _PCT.format(n="d")
    + r"\s+(?:in|for)\s+the\s+(?:comparable|corresponding|same)\s+(?:fiscal\s+)?(?P<y1>\d{4})\s+periods", re.I)
_FROM_TO = LazyPattern(
    r"^\s*(?:(?:increased|decreased|improved|declined|rose|fell|was|were)\s*)?(?:slightly\s+)?from\s+"
    + _PCT.format(n="a") + rf"\s+(?:in|for)\s+the\s+(?P<pa>{_PERIOD})\s+of\s+(?:fiscal\s+)?(?P<y0>\d{{4}})\s+to\s+"
    + _PCT.format(n="b") + rf"\s+(?:in|for)\s+the\s+(?:(?P<pb>{_PERIOD})\s+of\s+(?:fiscal\s+)?(?P<y1>\d{{4}})"
    r"|(?:comparable|corresponding|same)\s+(?:fiscal\s+)?(?P<y1b>\d{4})\s+period)", re.I)
_GROWTH = lazyre.compile(
    r"^(?:total\s+|net\s+)?(?P<what>revenues?|sales|net\s+income)\s+(?P<dir>increased|decreased|rose|grew|"
    r"declined|fell)\s+from\s+" + _MONEY.format(n="m0")
    + rf"\s+(?:in|for)\s+the\s+(?P<pa>{_PERIOD})\s+of\s+(?:fiscal\s+)?(?P<y0>\d{{4}})\s+to\s+" + _MONEY.format(n="m1")
    + rf"\s+(?:in|for)\s+the\s+(?:(?P<pb>{_PERIOD})\s+of\s+(?:fiscal\s+)?(?P<y1>\d{{4}})"
    r"|(?:comparable|corresponding|same)\s+(?:fiscal\s+)?(?P<y1b>\d{4})\s+period)\s*,\s*an?\s+"
    r"(?P<dir2>increase|decrease)\s+of\s+" + _MONEY.format(n="m2") + r"\s+or\s+" + _PCT.format(n="p"), re.I)


# the period a phrase names ("the third quarter", "first half", "nine months")
_MONTHS_3_RE = lazyre.compile(r"quarter|three[ -]months?|3[ -]months?|thirteen weeks")
_MONTHS_6_RE = lazyre.compile(r"six[ -]months?|6[ -]months?|first half|half[ -]year|twenty-six weeks")
_MONTHS_9_RE = lazyre.compile(r"nine[ -]months?|9[ -]months?|thirty-nine weeks")
_MONTHS_12_RE = lazyre.compile(r"\byear\b|twelve[ -]months?|12[ -]months?")
_DATE_PUNCT_RE = lazyre.compile(r"[.,]")
_PERCENT_RE = lazyre.compile(r"\d\s*(?:%|percent)")


def _months_of(phrase: str) -> int | None:
    p = phrase.lower()
    if _MONTHS_3_RE.search(p):
        return 3
    if _MONTHS_6_RE.search(p):
        return 6
    if _MONTHS_9_RE.search(p):
        return 9
    if _MONTHS_12_RE.search(p):
        return 12
    return None


def _unit(number: str) -> float:
    """One unit of the last printed digit: "59.8" -> 0.1, "5.0" -> 0.1, "99,958" -> 1."""
    return 10.0 ** -len(number.split(".")[1]) if "." in number else 1.0


_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                        "nov", "dec"), 1)}


def _parse_date(text: str) -> date | None:
    """"June 27, 1997" / "Dec. 31 1996" -> date; None for an impossible date."""
    month, day, year = _DATE_PUNCT_RE.sub(" ", text).split()[:3]
    try:
        return date(int(year), _MONTHS[month[:3].lower()], int(day))
    except (KeyError, ValueError):
        return None


def _money(m: re.Match[str], name: str) -> tuple[float, float, str, bool]:
    """(value, tolerance, printed text, has a scale word)."""
    number = m.group(name)
    scale_word = m.group(f"{name}_s")
    scale = _SCALE[scale_word.lower()] if scale_word else 1.0
    value = float(number.replace(",", "")) * scale
    return value, _unit(number.replace(",", "")) * scale, m.group(0).strip(), bool(scale_word)


def _date_near(sentence: str, start: int, end: int) -> date | None:
    """The date right after the figure ("... $2.2 billion at December 31, 1995"), else the last
    date before it in the same sentence ("At June 27, 1997, the Company had ... $59.8 million")."""
    after = _DATE_AFTER.match(sentence, end)
    if after:
        return _parse_date(after.group("d"))
    before = list(_DATE_RE.finditer(sentence, 0, start))
    if _COMPARED_RE.search(sentence, before[-1].end() if before else 0, start):
        # "At March 31, 1998, the Company had $28.3 million in working capital ..., compared to
        # $26.3 million in working capital ... at December 31, 1997" (Amerigon): the figure
        # compared is dated by the date after it, not by the sentence's first date
        later = _DATE_RE.search(sentence, end)
        if later:
            return _parse_date(later.group(0))
    return _parse_date(before[-1].group(0)) if before else None


# --- finding -------------------------------------------------------------------------------------

def claims_text(source: Any) -> str:
    """Readable prose of a filing: report documents only, tables and markup removed, one line."""
    return " ".join(_prose(source).split())


def _prose(source: Any) -> str:
    """Prose of the filing's report documents with tables and markup removed (line breaks kept).

    Whitespace is not collapsed here: only the few sentences that hold a claim are, which
    keeps the stage's memory near the size of the report instead of a list of every word.
    """
    if isinstance(source, str):
        text = source
    else:
        # Claims about the company's own figures live in the report itself (MD&A) or the
        # annual-report exhibit (EX-13); contracts and other exhibits are most of a filing's
        # bytes and hold none, so reading them only costs time.
        docs = [d for d in getattr(source, "documents", ()) or ()
                if _is_report_document(str(d.type)) and not d.is_uuencoded]
        if len(docs) == 1:
            text = docs[0].text
        else:
            text = "\n".join(d.text for d in docs) if docs else getattr(source, "text", "") or ""
    # Tables hold figures without sentences (and EX-27 bodies in copies that inline them).
    text = _drop_tables(text)
    if "<" in text:
        # (a plain-text filing's few dozen tags, <PAGE> and <FONT> ones, matched where they are)
        few = _sub_at_marks(text, "<", _TAG_RE, " ", 64)
        text = few if few is not None else _TAG_RE.sub(" ", text)
    if "&" in text:
        text = _unescape(text)
    return text.replace("\xa0", " ")


def _unescape(text: str) -> str:
    """html.unescape(text), each distinct entity decoded once; a no-break space may come out as
    a plain space (which the prose makes of it anyway).

    An HTML 10-K's prose holds over a thousand entities, nearly all of them a handful of
    strings (``&nbsp;``, ``&#160;``, ``&#146;``; 30,000 of 43,000 in 24 corpus 10-Ks are no-break
    spaces): html.unescape parses each occurrence in a Python call, this looks them up. The
    same text results: `_ENTITY_RE` is html.unescape's own pattern (tests/test_claims.py checks
    that), and its replacement depends on the matched characters only, which html.unescape of
    the match alone gives.
    """
    few = _sub_at_marks(text, "&", _ENTITY_RE, _entity, 16)  # a plain-text filing's handful of "&"s
    if few is not None:
        return few
    if _nbsp_among_first_entities(text):
        # The no-break spaces by a literal replacement first (no Python call each). As exact:
        # each occurrence of these two strings is a whole match of the entity pattern (a match
        # starts at an "&" and none runs across one), and the space left in its place is a
        # character that pattern cannot continue an entity before it with (nor ";"), as the "&"
        # was; their "\xa0" becomes a space in the prose anyway.
        text = _NBSP_RE.sub(" ", text)
    return _ENTITY_RE.sub(_entity, text)


def _sub_at_marks(text: str, mark: str, rx: re.Pattern[str], repl: Callable[[re.Match[str]], str] | str,
                  limit: int) -> str | None:
    """``rx.sub(repl, text)`` for a pattern whose matches start with the character `mark` and hold
    no other, found without the pattern's scan of the whole text when the text holds at most
    `limit` marks (None when it holds more): memchr searches find the marks and the pattern is
    matched at each. The same result, as the scan tries a match at every mark no match covers,
    and no match covers a mark but its first."""
    marks: list[int] = []
    k = text.find(mark)
    while k >= 0:
        if len(marks) == limit:
            return None
        marks.append(k)
        k = text.find(mark, k + 1)
    parts: list[str] = []
    pos = 0
    for a in marks:
        m = rx.match(text, a) if a >= pos else None
        if m:
            parts.append(text[pos:a])
            parts.append(repl if isinstance(repl, str) else repl(m))
            pos = m.end()
    parts.append(text[pos:])
    return "".join(parts)


def _nbsp_among_first_entities(text: str, first: int = 8) -> bool:
    """Whether one of the first few "&"s starts ``&nbsp;`` or ``&#160;`` (memchr searches; a
    search for the words themselves reads slowly through letters)."""
    k = text.find("&")
    for _ in range(first):
        if k < 0:
            return False
        if text.startswith(("&nbsp;", "&#160;"), k):
            return True
        k = text.find("&", k + 1)
    return False


_NBSP_RE = lazyre.compile(r"&(?:nbsp|#160);")
# html.unescape's pattern (html._charref): a character reference, with or without its ";"
_ENTITY_RE = lazyre.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
_ENTITIES: dict[str, str] = {}


def _entity(m: re.Match[str]) -> str:
    s = m.group()
    try:
        return _ENTITIES[s]
    except KeyError:
        import html  # (here: most filings' prose has no entity, and the module costs a start-up ms)

        value = html.unescape(s)
        if len(_ENTITIES) < 4096:  # (bounded: hostile text could hold a million distinct ones)
            _ENTITIES[s] = value
        return value


_TAG_RE = lazyre.compile(r"<[^<>]{0,400}>")  # ([^<>]: a run of "<" is scanned once, not 400 times)


def _drop_tables(text: str) -> str:
    """Remove <TABLE> ... </TABLE> blocks (any case).

    The tags are found by patterns that spell each letter's two cases (a literal "<" leads them,
    which the regex engine scans for quickly), not by lower-casing a copy of the whole text."""
    m = _TABLE_OPEN_RE.search(text)
    if m is None:
        return text
    parts, pos = [], 0
    while m is not None:
        start = m.start()
        end = _TABLE_CLOSE_RE.search(text, start)
        parts.append(text[pos:start])
        if end is None:  # an unclosed table: keep the rest of the text
            pos = start
            break
        pos = end.end()
        parts.append(" ")
        m = _TABLE_OPEN_RE.search(text, pos)
    parts.append(text[pos:])
    return "".join(parts)


# ([tT] rather than re.I: under re.I "K", the Kelvin sign, would match k; these match exactly the
# ASCII letters str.lower() maps onto "table")
_TABLE_OPEN_RE = lazyre.compile(r"<[tT][aA][bB][lL][eE]")
_TABLE_CLOSE_RE = lazyre.compile(r"</[tT][aA][bB][lL][eE]>")


def _is_report_document(doc_type: str) -> bool:
    t = doc_type.upper()
    return not t.startswith("EX-") or t.startswith("EX-13")


# Every supported claim mentions one of these; sentences without them are not parsed further.
# Matched against the lower-cased text: a case-insensitive alternation is six times slower.
_TRIGGER_RE = lazyre.compile(r"%|percent|working\s+capital|current\s+ratio")
# The same matches found by `_next_trigger` with str.find, which is ten times faster than the
# regex's scan over a 10-K's prose: each alternative starts with its own character and none can
# start inside another's match, so finditer's matches are exactly the union of every
# alternative's occurrences. The two-word ones are looked for by their first word (rarer than
# the second: "ratio" ends "operations" and "corporation") and confirmed by the white space and
# the second word after it.
_TRIGGER_WORDS: tuple[tuple[str, str | None], ...] = (("%", None), ("percent", None), ("working", "capital"),
                                                     ("current", "ratio"))
_SPACE_RUN_RE = lazyre.compile(r"\s+")


def _next_trigger(text: str, lower: str, word: str, second: str | None, start: int) -> int:
    """Start of the first `_TRIGGER_RE` alternative (`word`, or `word` white space `second`) at
    or after `start` in `lower` (`text` lower-cased by `_lowered`, aligned with it), or -1."""
    k = lower.find(word, start)
    if second is None:
        return k
    while k >= 0:
        # white space is tested on `text` (`_lowered` may have turned non-ASCII spaces into "?")
        space = _SPACE_RUN_RE.match(text, k + len(word))
        if space and lower.startswith(second, space.end()):
            return k
        k = lower.find(word, k + 1)
    return -1


def _trigger_positions(lower: str) -> list[int]:
    """Start of every `_TRIGGER_RE` match in `lower`, in order (what `_sentences` visits lazily)."""
    found: list[int] = []
    for word, second in _TRIGGER_WORDS:
        k = _next_trigger(lower, lower, word, second, 0)
        while k >= 0:
            found.append(k)
            k = _next_trigger(lower, lower, word, second, k + 1)
    found.sort()
    return found


def _lowered(text: str) -> str:
    """`text` lower-cased for the trigger search, offsets aligned with `text`.

    Only ASCII letters and "%" make a trigger, and besides the ASCII letters the one character
    whose lower case is an ASCII letter is the Kelvin sign (k; tests/test_claims.py checks
    that). So a text without it is lowered as ASCII: every other non-ASCII character becomes
    "?", one for one, and the ASCII copy lowers four times faster than a text holding the
    curly quotes an HTML filing's entities leave in its prose. Whitespace is tested on `text`.
    """
    if text.isascii():
        return text.lower()
    if "\u212a" not in text:
        return text.encode("ascii", "replace").decode("ascii").lower()
    lower = text.lower()
    if len(lower) != len(text):
        # a character whose lower case is longer would shift offsets: it stays as it is. U+0130
        # (I with a dot, lower "i" + a combining dot) is the only such character in Unicode
        # (tests/test_claims.py checks that), so split at it rather than lower each character.
        lower = "\u0130".join(part.lower() for part in text.split("\u0130"))
    return lower


# Sentence ends: . ! or ? then white space and a capital, a parenthesis or a quote. No
# look-behind, so a match is decided by its mark alone (the mark, the white space after it, the
# character after that): a search that starts anywhere finds exactly the boundaries whose mark
# lies at or after its start, which lets `_sentences` look for them near the triggers only.
_BOUNDARY_RE = lazyre.compile(r"[.!?]\s+(?=[A-Z(\"'])")
# A longer run without a sentence boundary is a table flattened into prose, not a sentence.
_MAX_SENTENCE = 3000


def _last_boundary_end(text: str, lo: int, pos: int) -> int:
    """End of the last `_BOUNDARY_RE` match that ends at or before `pos` and whose mark lies at or
    after `lo`, or -1. Searched in windows growing backwards from `pos`: the boundary before a
    trigger is usually a sentence away, so this reads a few hundred characters, not the text."""
    size = 256
    hi = pos
    while True:
        a = max(lo, hi - size)
        # endpos pos + 1: the look-ahead reads the character at the match's end, which is <= pos.
        # A mark before `hi` whose match ends past `pos` is impossible: between a mark and its
        # match's end lies only white space, and `pos` is a trigger's first character.
        last = deque(_BOUNDARY_RE.finditer(text, a, pos + 1), maxlen=1)
        if last:
            return last[0].end()
        if a == lo:
            return -1
        hi, size = a, size * 4  # (a mark at a - 1 is tested by the next window, which overlaps none)


def _search_floor(text: str, stop: int, lo: int) -> int:
    """Where to look back to for the sentence start: `stop` (the last sentence's end), or `lo` when
    later. A start at or before `lo` gives the same cut (the sentence is cut at `lo` then), but a
    boundary whose mark lies before `lo` and whose white space runs past it still counts: so
    the floor moves back to such a mark."""
    if lo <= stop:
        return stop
    if not text[lo].isspace():
        return lo  # (a match reaching past lo would need white space at lo)
    j = lo
    while j > stop and text[j - 1].isspace():
        j -= 1
    return j - 1 if j > stop and text[j - 1] in ".!?" else lo


def _sentences(text: str) -> list[str]:
    """The sentences that mention a trigger word, in order, each once.

    Sentence i runs from the end of boundary i - 1 (or the text's start) to the end of
    boundary i; only the boundaries around a trigger are looked for, each region of the text
    read once, so a 10-K's prose with a few dozen trigger sentences costs its triggers' scan and
    those sentences, not a pass over every full stop. The triggers are looked for from the end
    of the sentence taken last, so the "%"s inside a sentence already taken are never visited.
    """
    lower = _lowered(text)
    # per trigger word, its next occurrence at or after `stop` (-1: none left), looked for again
    # only once the sentences taken pass it
    nexts = [_next_trigger(text, lower, word, second, 0) for word, second in _TRIGGER_WORDS]
    out: list[str] = []
    stop = 0  # end of the sentence taken last (a boundary end, or 0): the next sentence's floor
    while True:
        pos = -1
        for i, k in enumerate(nexts):
            if 0 <= k < stop:
                word, second = _TRIGGER_WORDS[i]
                k = nexts[i] = _next_trigger(text, lower, word, second, stop)
            if k >= 0 and (pos < 0 or k < pos):
                pos = k
        if pos < 0:
            return out
        # the sentence's start: the last boundary end at or before pos, else the floor (marks
        # before the floor end at or before it, so the search starts there)
        start = _last_boundary_end(text, _search_floor(text, stop, pos - _MAX_SENTENCE), pos)
        if start < 0:
            start = stop
        begin = max(start, pos - _MAX_SENTENCE)
        # its end: the first boundary end after pos (marks before pos end at or before it)
        nxt = _BOUNDARY_RE.search(text, pos)
        stop = nxt.end() if nxt else len(text)
        sentence = " ".join(text[begin:min(stop, pos + _MAX_SENTENCE)].split())
        if sentence:
            out.append(sentence)


def find_claims(text: str) -> list[Claim]:
    """Every supported claim in `text` (a filing's prose or a whole submission's text)."""
    return find_claims_in(text)


def find_claims_in(source: Any) -> list[Claim]:
    """Every supported claim in a Submission's report documents, or in a text."""
    claims: list[Claim] = []
    for sentence in _sentences(_prose(source)):
        # Cheap pre-tests: each wording's patterns need its words, and most trigger sentences
        # (a "%" about anything) hold none of them. Each test is a few letters of the words
        # that no other character matches under re.I (not "capital": the Kelvin sign matches
        # "k" and the dotless i matches "i"), so it passes whenever the pattern could match.
        lower = sentence.lower()
        if "cap" in lower:
            claims.extend(_working_capital(sentence))
        if "rat" in lower:
            claims.extend(_current_ratio(sentence))
        if "marg" in lower:
            claims.extend(_margins(sentence))
        if "from" in lower:
            claims.extend(_growth(sentence))
    seen: set[tuple[Any, ...]] = set()
    unique = []
    for c in claims:
        # "GROSS MARGIN Gross margin increased ..." (a run-in heading) must not count twice
        key = (c.metric, c.printed.lower(), c.period_end, c.months, c.year, c.sentence)
        if key not in seen:
            seen.add(key)
            unique.append(c)
    return unique


def _working_capital(sentence: str) -> list[Claim]:
    out = []
    for rx in (_WC_AMOUNT_FIRST, _WC_WORDS_FIRST):
        for m in rx.finditer(sentence):
            before = sentence[max(0, m.start() - 40):m.start()]
            if _WC_CHANGE_BEFORE.search(before):
                continue  # "an increase in working capital of $5 million" is a change, not the level
            figures = [(m, "a")]
            dates: list[date | None] = [_date_near(sentence, m.start(), m.end())]
            year = None
            pair = _WC_RESPECTIVELY_RE.match(sentence, m.end()) if rx is _WC_WORDS_FIRST else None
            printed_dates = list(_DATE_RE.finditer(sentence, 0, m.start())) if pair else []
            if pair and len(printed_dates) >= 2:
                # "At January 28, 1996, and January 29, 1995, the Company's working capital totaled
                # $1,018 million and $718 million, respectively" (Dell's 10-K for fiscal 1996): the
                # figures go with the dates in order, not each with the nearest date
                figures.append((pair, "b"))
                dates = [_parse_date(x.group(0)) for x in printed_dates[-2:]]
            elif not _DATE_AFTER.match(sentence, m.end()):
                # "... increased $224.7 million over year-end 1994 working capital of $121.5 million"
                # (Altera's 10-K for 1995): the year printed straight before the figure's words dates
                # it, whatever date the sentence printed earlier
                ym = _YEAR_END_BEFORE_RE.search(before)
                if ym:
                    year = int(ym.group("y") or ym.group("y2"))
                    dates = [None]
            for (fm, name), d in zip(figures, dates, strict=True):
                value, tol, printed, scaled = _money(fm, name)
                if name == "b":
                    printed = fm.group("bm")  # (the figure, without "and" and "respectively")
                reason = None
                if not scaled and value < 1e6:
                    reason = f"amount {printed} printed without a scale word: thousands or millions cannot be told"
                out.append(Claim("working_capital", printed, value, tol, sentence, period_end=d,
                                 year=year if d is None else None, reason=reason))
    return out


# "... totaled $1,018 million and $718 million, respectively": the second figure of a pair
_WC_RESPECTIVELY_RE = lazyre.compile(r"\s+and\s+(?P<bm>" + _MONEY.format(n="b") + r"),?\s+respectively\b", re.I)
# "year-end 1994 working capital", "fiscal 1994 year-end working capital" (the 40 characters before it)
_YEAR_END_BEFORE_RE = lazyre.compile(r"(?:year[- ]end(?:ed)?\s+(?:of\s+)?(?:fiscal\s+)?(?P<y>(?:19|20)\d\d)"
                                     r"|(?:fiscal\s+)?(?P<y2>(?:19|20)\d\d)\s+year[- ]end)(?:'s)?\s*$", re.I)


def _current_ratio(sentence: str) -> list[Claim]:
    out = []
    for m in _CR.finditer(sentence):
        number = m.group("a")
        d = _parse_date(m.group("d_in")) if m.group("d_in") else _date_near(sentence, m.start(), m.end())
        out.append(Claim("current_ratio", m.group(0).strip(), float(number), _unit(number), sentence, period_end=d))
    return out


def _margins(sentence: str) -> list[Claim]:
    out: list[Claim] = []
    for k in _MARGIN_KIND.finditer(sentence):
        kind = k.group("kind").lower().split()[0]
        metric = _MARGIN_METRIC.get(kind)
        rest = sentence[k.end():]
        r = _RESPECTIVELY.match(rest)
        if r:
            ma, mb = _months_of(r.group("pa")), _months_of(r.group("pb"))
            y0, y1 = int(r.group("y0")), int(r.group("y1"))
            for name, months, year, other in (("a", ma, y0, y1), ("b", mb, y0, y1), ("c", ma, y1, y0),
                                              ("d", mb, y1, y0)):
                out.append(_pct_claim(metric, r, name, months, year, sentence, other))
            continue
        s = _FROM_TO.match(rest)
        if s:
            ma = _months_of(s.group("pa"))
            mb = _months_of(s.group("pb")) if s.group("pb") else ma
            y0, y1 = int(s.group("y0")), int(s.group("y1") or s.group("y1b"))
            if y0 == y1:
                # "from 24.0% in the second quarter of 1994 to 26.7% in the third quarter of 1994":
                # the earlier quarter is not a column of this filing; the later one is.
                out.append(_pct_claim(metric, s, "a", ma, y0, sentence, None,
                                      reason="compares with an earlier period of the same year, which the filing "
                                             "does not print"))
                out.append(_pct_claim(metric, s, "b", mb, y1, sentence, None))
            else:
                out.append(_pct_claim(metric, s, "a", ma, y0, sentence, y1))
                out.append(_pct_claim(metric, s, "b", mb, y1, sentence, y0))
            continue
        window = rest[:160]
        if _PERCENT_RE.search(window):
            out.append(Claim(metric, k.group(0), None, None, sentence,
                             reason=f"mentions {k.group(0).lower()} with a percentage, but the wording does not "
                                    "map to one period reliably"))
    return out


def _pct_claim(metric: str | None, m: re.Match[str], name: str, months: int | None, year: int,
               sentence: str, other_year: int | None, reason: str | None = None) -> Claim:
    number = m.group(name)
    if reason is None and not months:
        reason = "the period wording does not say quarter, six/nine months or year"
    return Claim(metric, f"{number}%", float(number), _unit(number), sentence, months=months, year=year,
                 other_year=other_year, reason=reason)


def _growth(sentence: str) -> list[Claim]:
    m = _GROWTH.match(sentence)
    if not m:
        return []
    what = m.group("what").lower()
    metric = "net_income_growth" if what.startswith("net income") else "revenue_growth"
    months = _months_of(m.group("pb") or m.group("pa"))
    if m.group("pb") and _months_of(m.group("pa")) != months:
        return []  # compares different period lengths: not a growth rate we compute
    number = m.group("p")
    value = float(number)
    if m.group("dir2").lower() == "decrease":
        value = -abs(value)
    year, y0 = int(m.group("y1") or m.group("y1b")), int(m.group("y0"))
    reason = None if months else "the period wording does not say quarter, six/nine months or year"
    if year != y0 + 1:
        reason = reason or f"compares {y0} with {year}: not a year-over-year growth rate"
    return [Claim(metric, f"{m.group('dir2')} of {number}%", value, _unit(number), sentence, months=months,
                  year=year, other_year=y0, reason=reason)]


# --- checking ------------------------------------------------------------------------------------

def _get(m: Any, key: str) -> Any:
    return m.get(key) if isinstance(m, Mapping) else getattr(m, key)


def _as_date(v: Any) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v))


def _label(d: date | None, months: int | None) -> str:
    return f"{months}M {d}" if months and d else str(d) if d else "?"


def check_claims(source: Any, metrics: Mapping[str, Sequence[Any]]) -> list[Check]:
    """A Check per claim found in `source` (a Submission or text): pass/fail at the printed
    precision, or skip with the reason when it cannot be mapped to one computed metric."""
    return [_check(c, metrics) for c in find_claims_in(source)]


def _check(c: Claim, metrics: Mapping[str, Sequence[Any]]) -> Check:
    quote = f'"{c.sentence}"'
    base = f"claim {c.metric or '?'}"
    extra = {"claim": c.printed, "metric": c.metric, "sentence": c.sentence}
    if c.reason is not None or c.metric is None or c.value is None:
        return Check(base, "skip", c.value, None, None, c.tolerance, f"{c.reason or 'not mapped'}: {quote}", extra)
    entries = list(metrics.get(c.metric, []))
    note = ""
    if c.months is None:  # a balance-date claim
        if c.period_end is None and c.year is not None:
            # dated by its year only ("year-end 1994 working capital"): that year's latest balance date
            in_year = [e for e in entries if (d := _as_date(_get(e, "period_end"))) is not None and d.year == c.year]
            latest = max((_as_date(_get(e, "period_end")) for e in in_year), default=None)
            matches = [e for e in in_year if _as_date(_get(e, "period_end")) == latest]
            note = f"; the sentence dates it year-end {c.year}: compared with that year's latest balance date"
        elif c.period_end is None:
            dated = [e for e in entries if _as_date(_get(e, "period_end"))]
            latest = max((_as_date(_get(e, "period_end")) for e in dated), default=None)
            matches = [e for e in dated if _as_date(_get(e, "period_end")) == latest]
            note = "; the sentence gives no date: compared with the latest balance date"
        else:
            matches = [e for e in entries if (d := _as_date(_get(e, "period_end"))) is not None
                       and abs(d - c.period_end) <= timedelta(days=7)]
    else:
        matches = [e for e in entries if _get(e, "months") == c.months
                   and (d := _as_date(_get(e, "period_end"))) is not None and d.year == c.year]
    where = (str(c.period_end) if c.period_end is not None or c.year is None else f"year-end {c.year}") \
        if c.months is None else f"{c.months} months ending in {c.year}"
    if len(matches) == 1 and c.months is not None and c.other_year is not None:
        partner = _partner_problem(c, matches[0], entries)
        if partner:
            return Check(f"{base} {where}", "skip", c.value, None, None, c.tolerance, f"{partner}: {quote}", extra)
    if len(matches) != 1:
        why = (f"no computed {c.metric} for {where}" if not matches
               else f"{len(matches)} computed {c.metric} values for {where}: ambiguous")
        return Check(f"{base} {where}", "skip", c.value, None, None, c.tolerance, f"{why}: {quote}", extra)
    m = matches[0]
    d, months = _as_date(_get(m, "period_end")), _get(m, "months")
    name = f"{base} {_label(d, months)}"
    extra |= {"period_end": d.isoformat() if d else None, "months": months}
    actual = _get(m, "value")
    if _get(m, "status") != "ok" or not isinstance(actual, (int, float)):
        why = _get(m, "reason") or "not computed"
        return Check(name, "skip", c.value, None, None, c.tolerance,
                     f"{c.metric} not computable ({why}): {quote}", extra)
    assert c.tolerance is not None
    diff = float(actual) - c.value
    # A hair of slack: 32.4 - 32.3 is 0.10000000000000142 in binary floating point.
    ok = abs(diff) <= c.tolerance * (1 + 1e-9) + 1e-12 * max(1.0, abs(c.value))
    detail = (f"printed {c.printed!r}, computed {actual:.6g}; holds within one unit of the last printed digit "
              f"({c.tolerance:g}){note}: {quote}")
    return Check(name, "pass" if ok else "fail", c.value, float(actual), diff, c.tolerance, detail, extra)


_AGAINST = lazyre.compile(r"against the \d+ months ending (\d{4})-(\d\d)-(\d\d)")


def _partner_problem(c: Claim, match: Any, entries: Sequence[Any]) -> str | None:
    """Why the sentence's other year does not fit the filing's columns (None when it does).

    Calendar-year labels map "1996" to a column ending in 1996; a fiscal-year label can be a
    year off. Requiring the other year's column to sit one year from the matched one catches
    that before a wrong column gives a false failure."""
    d = _as_date(_get(match, "period_end"))
    assert d is not None and c.other_year is not None
    if c.metric and c.metric.endswith("_growth"):
        # a growth metric already pairs with its prior-year column; its note names it
        found = _AGAINST.search(_get(match, "note") or "")
        others = [date(int(found.group(1)), int(found.group(2)), int(found.group(3)))] if found else []
    else:
        others = [od for e in entries if _get(e, "months") == c.months
                  and (od := _as_date(_get(e, "period_end"))) is not None and od.year == c.other_year]
    if not any(abs(abs((d - od).days) - 365) <= 10 for od in others if od.year == c.other_year):
        return (f"the sentence's years ({c.year} vs {c.other_year}) do not map to the filing's columns a year "
                "apart (fiscal-year labels?)")
    return None
