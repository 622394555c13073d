"""Financial statements of inline XBRL documents (10-K/10-Q primary documents, 2009+).

An inline XBRL document tags every printed number of its statements with an `ix:nonFraction`
element naming a us-gaap element, a context (period and, for breakdowns, dimensions) and a unit.
The statements are the printed tables, with each tagged cell read exactly from its fact:

1. a scan of the fact start tags decides whether the document tags any statement at all (a 10-K
   that tags only its cover or a schedule costs a few ms, not a parse);
2. the document is parsed once with lxml (XML first, HTML as a fallback for broken markup); each
   fact's displayed text becomes a number with its `format`, `scale` and `sign` (a scale beyond
   +/-12 or more than 15 digits is bad input: the fact is left out, with a warning);
3. the printed table of each statement is found from the undimensioned facts (contexts with an
   `xbrli:segment`/`xbrli:scenario` are breakdowns): the table holding most of the statement's
   mapped elements for the periods a reader expects (`_instant_columns`/`_flow_columns`,
   `_face_tables`);
4. that table is read as a grid (`tables.html`) and becomes the statement: every printed row,
   label and order; a cell's value, period and unit come from its fact, the columns from the
   periods of the facts under them (so predecessor and successor periods stay apart), and a cell
   without a fact keeps its printed number (`_printed_statement`);
5. `data/xbrl_concepts.csv` only names the rows that are canonical concepts (total assets, net
   income ...); where no printed table holds the facts, the mapped facts alone make the statement.

Amounts are absolute currency units (the fact's own `scale` applied); per-share values and share
counts get their own `scale` only, which XBRL defines as exact (Apple prints shares "in thousands"
and tags them `scale="3"`, so its share counts come out as whole shares, not as printed).
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from edgarliq import lazyre
from edgarliq.model import (
    CURRENCY,
    MONTH_NAMES,
    OTHER,
    PER_SHARE,
    SHARES,
    Grid,
    GridCell,
    Statement,
    StatementColumn,
    StatementRow,
    concept_measure,
)
from edgarliq.record import field, record
from edgarliq.tables.html import read_html

__all__ = ["Fact", "Context", "IxbrlDocument", "parse_ixbrl", "extract_ixbrl_statements", "readable_label"]

_XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
_IX_NAMESPACES = ("http://www.xbrl.org/2013/inlineXBRL", "http://www.xbrl.org/2008/inlineXBRL")
_XBRLI = "http://www.xbrl.org/2003/instance"


# --------------------------------------------------------------------------------------------
# Parsed document


@record(frozen=True, slots=True)
class Context:
    """An `xbrli:context`: an instant (`start` None) or a duration, and whether it has dimensions."""

    id: str
    start: date | None
    end: date | None
    dimensional: bool

    @property
    def is_instant(self) -> bool:
        return self.start is None


@record(frozen=True, slots=True)
class Unit:
    """An `xbrli:unit`: kind is amount, per_share, shares or other; currency for the first two."""

    kind: str
    currency: str | None


@record(frozen=True, slots=True)
class Fact:
    """One `ix:nonFraction`: `value` in absolute units (scale and sign applied), None when nil."""

    name: str  # the element's local name ("Assets")
    prefix: str  # as written ("us-gaap"); `standard` says whether it is the us-gaap taxonomy
    standard: bool
    context: str
    unit: str | None
    value: float | None
    decimals: int | None  # None for INF or absent: the most precise
    line: int  # 1-based line in the text given to `parse_ixbrl`
    table: int = -1  # ordinal of the enclosing HTML <table> in document order; -1 outside any table


@record(frozen=True, slots=True)
class IxbrlDocument:
    facts: tuple[Fact, ...]
    contexts: dict[str, Context]
    units: dict[str, Unit]
    document_type: str | None  # dei:DocumentType ("10-Q")
    period_end: date | None  # dei:DocumentPeriodEndDate
    # the <table> elements holding facts, by the ordinal in `Fact.table` (the printed statements
    # are read from them as grids, see `_printed_statement`)
    tables: tuple[Any, ...] = ()
    # facts left out, and why (a scale or a number no amount can have: issue 11 item 1)
    warnings: tuple[str, ...] = ()


# A cheap test before any parsing: every document with facts holds this tag name.
_HAS_FACTS_RE = lazyre.compile(r"<[A-Za-z0-9_.-]+:nonFraction\b", re.I)
_START_RE = lazyre.compile(r"<\?xml|<html\b", re.I)


def parse_ixbrl(text: str) -> IxbrlDocument | None:
    """The facts, contexts and units of an inline XBRL document; None when it has no numeric facts."""
    if not _HAS_FACTS_RE.search(text):
        return None
    body, line_offset = _markup(text)
    root = _parse_tree(body)
    if root is None:
        return None
    return _read_document(root, line_offset)


def _markup(text: str) -> tuple[bytes, int]:
    """The document's markup as bytes, and the number of lines dropped before it.

    Submission text files wrap the document in `<XBRL>`/`<TEXT>` tags; those and the XML declaration
    go (the declaration names the encoding of the original bytes, not of this already-decoded str).
    """
    m = _START_RE.search(text)
    start = m.start() if m else 0
    if text.startswith("<?xml", start):
        close = text.find("?>", start)
        start = close + 2 if close >= 0 else start
    end = text.lower().rfind("</html>")
    end = end + len("</html>") if end > start else len(text)
    return text[start:end].encode("utf-8", errors="replace"), text.count("\n", 0, start)


def _parse_tree(body: bytes) -> Any:
    # XML first: iXBRL is XHTML, and the XML parser keeps namespaces and case (2 MB in ~30 ms).
    # recover=True survives HTML entities (&nbsp;) that XHTML without a DTD leaves undefined.
    parser = etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False, no_network=True,
                             encoding="utf-8")
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        root = None
    if root is not None and any(_local(el.tag) == "nonfraction" for el in _iter_facts(root, html=False)):
        return root
    # markup the XML parser gave up on: the HTML parser keeps going (tags and attributes lower case)
    try:
        return etree.fromstring(body, etree.HTMLParser(huge_tree=True, encoding="utf-8"))
    except (etree.XMLSyntaxError, ValueError):
        return None


_KIND_OF_TAG = {f"{{{ns}}}{name}": name.lower() for ns in _IX_NAMESPACES
                for name in ("nonFraction", "nonNumeric", "continuation")}
_KIND_OF_TAG.update({f"{{{_XBRLI}}}context": "context", f"{{{_XBRLI}}}unit": "unit"})


def _local(tag: Any) -> str:
    """`{ns}nonFraction`, `ix:nonfraction` -> `nonfraction` (comments and PIs have no str tag)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _attrs(el: Any) -> dict[str, str]:
    """Attributes by lower-case local name, so the XML and HTML trees read alike."""
    # the hot loop (one call per fact): plain names skip the namespace/prefix split
    return {(k if "}" not in k and ":" not in k else _local(k)).lower(): v for k, v in el.attrib.items()}


def _is_html(root: Any) -> bool:
    return not (isinstance(root.tag, str) and root.tag.startswith("{"))


def _iter_facts(root: Any, *, html: bool) -> Iterator[Any]:
    if html:
        for el in root.iter():
            if _local(el.tag) in ("nonfraction", "nonnumeric", "context", "unit", "continuation"):
                yield el
        return
    tags = [f"{{{ns}}}{name}" for ns in _IX_NAMESPACES for name in ("nonFraction", "nonNumeric", "continuation")]
    tags += [f"{{{_XBRLI}}}context", f"{{{_XBRLI}}}unit"]
    yield from root.iter(*tags)


def _read_document(root: Any, line_offset: int) -> IxbrlDocument | None:
    html = _is_html(root)
    nsmap: dict[str | None, str] = {} if html else dict(root.nsmap)
    contexts: dict[str, Context] = {}
    units: dict[str, Unit] = {}
    raw: list[tuple[Any, dict[str, str]]] = []
    dei: dict[str, tuple[str, str]] = {}
    # ix:continuation: a nonNumeric fact's text goes on in the element its `continuedAt` names
    continued: dict[str, tuple[str, str]] = {}  # dei name -> (first continuation id, context)
    continuations: dict[str, tuple[str, str | None]] = {}  # id -> (text, next id)
    for el in _iter_facts(root, html=html):
        kind = _KIND_OF_TAG.get(el.tag) or _local(el.tag)
        if kind == "nonfraction":
            raw.append((el, _attrs(el)))
        elif kind == "continuation":
            a = _attrs(el)
            if a.get("id"):
                continuations[a["id"]] = ("".join(el.itertext()), a.get("continuedat"))
        elif kind == "context":
            ctx = _context(el)
            if ctx is not None:
                contexts[ctx.id] = ctx
        elif kind == "unit":
            uid = _attrs(el).get("id")
            if uid:
                units[uid] = _unit(el)
        else:  # nonnumeric: only the dei cover facts are wanted
            a = _attrs(el)
            name = a.get("name", "")
            if name.startswith("dei:Document") and name[4:] not in dei:
                dei[name[4:]] = ("".join(el.itertext()).strip(), a.get("contextref", ""))
                if a.get("continuedat"):
                    continued[name[4:]] = (a["continuedat"], a.get("contextref", ""))
    for key, (nxt, ctx_ref) in continued.items():
        parts = [dei[key][0]]
        seen: set[str] = set()
        while nxt and nxt in continuations and nxt not in seen:  # a cycle is bad input: stop
            seen.add(nxt)
            text, nxt = continuations[nxt]  # type: ignore[assignment]
            parts.append(text)
        dei[key] = (" ".join(" ".join(parts).split()), ctx_ref)
    if not raw:
        return None
    facts: list[Fact] = []
    warnings: list[str] = []
    tables: dict[Any, int] = {}  # holding the elements keeps lxml's proxies (and so the keys) stable
    for el, a in raw:
        fact = _fact(el, a, nsmap, html, line_offset, tables, warnings)
        if fact is not None:
            facts.append(fact)
    doc_type = dei["DocumentType"][0].upper() if "DocumentType" in dei and dei["DocumentType"][0] else None
    period_end = None
    if "DocumentPeriodEndDate" in dei:
        shown, ctx_id = dei["DocumentPeriodEndDate"]
        period_end = _parse_date(shown)
        if period_end is None and ctx_id in contexts:
            period_end = contexts[ctx_id].end
    return IxbrlDocument(tuple(facts), contexts, units, doc_type, period_end, tuple(tables), tuple(warnings))


def _context(el: Any) -> Context | None:
    cid = _attrs(el).get("id")
    if not cid:
        return None
    start = end = None
    dimensional = False
    for d in el.iter():
        name = _local(d.tag)
        if name in ("segment", "scenario"):
            # any content of a segment/scenario (explicit or typed members) marks a breakdown
            dimensional = dimensional or len(d) > 0 or bool((d.text or "").strip())
        elif name == "startdate":
            start = _iso_date(d.text)
        elif name in ("enddate", "instant"):
            end = _iso_date(d.text)
    return Context(cid, start, end, dimensional)


def _unit(el: Any) -> Unit:
    num: list[str] = []
    den: list[str] = []
    for d in el.iter():
        if _local(d.tag) != "measure":
            continue
        where = den if any(_local(p.tag) == "unitdenominator" for p in d.iterancestors()) else num
        where.append((d.text or "").strip())
    cur = next((m.split(":", 1)[1].upper() for m in num if m.lower().startswith("iso4217:")), None)
    if den:
        shares = any(m.lower().endswith("shares") for m in den)
        return Unit("per_share" if cur and shares else "other", cur)
    if cur:
        return Unit("amount", cur)
    if any(m.lower().endswith(":shares") or m.lower() == "shares" for m in num):
        return Unit("shares", None)
    return Unit("other", None)


def _fact(el: Any, a: dict[str, str], nsmap: dict[str | None, str], html: bool, line_offset: int,
          tables: dict[Any, int], warnings: list[str]) -> Fact | None:
    qname = a.get("name", "")
    prefix, _, name = qname.rpartition(":")
    if not name or not a.get("contextref"):
        return None
    if html:
        standard = prefix.lower() == "us-gaap"
    else:
        ns = nsmap.get(prefix) or el.nsmap.get(prefix, "")
        standard = ns.startswith("http://fasb.org/us-gaap/")
    value = None
    line = (el.sourceline or 1) + line_offset
    if a.get("nil", "").lower() != "true":
        # itertext: a nested fact (Coca-Cola tags one printed par value for two dates) shares its text
        shown = "".join(el.itertext())
        bad = _unreadable(shown, a.get("scale"))
        if bad:
            # a number no statement can hold is bad input: the fact is left out, and said so
            warnings.append(f"line {line}: {qname} in context {a['contextref']} left out: {bad}")
            return None
        value = fact_value(shown, a.get("format"), a.get("scale"), a.get("sign"))
    dec = a.get("decimals", "").strip()
    try:
        decimals = None if dec in ("", "INF") else int(dec)
    except ValueError:
        decimals = None
    # the printed table a fact sits in tells a statement's face from the notes (see _face_tables)
    table = -1
    for anc in el.iterancestors():
        if _local(anc.tag) == "table":
            table = tables.setdefault(anc, len(tables))
            break
    return Fact(name, prefix, standard, a["contextref"], a.get("unitref"), value, decimals, line, table)


# --------------------------------------------------------------------------------------------
# Values: the ixt / ixt-sec transformation registries, as far as numbers on statements go

_ZERO_FORMATS = {"fixed-zero", "zerodash", "zero-dash", "fixedzero", "numdash"}
_COMMA_DECIMAL_FORMATS = {"num-comma-decimal", "numcommadecimal", "numdotcomma", "numspacecomma"}
_UNIT_DECIMAL_FORMATS = {"num-unit-decimal", "numunitdecimal", "num-unit-decimal-in"}
_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORDS = {w: i for i, w in enumerate(_ONES)}
_WORDS.update({w: 10 * i for i, w in enumerate(_TENS, 2)})
_WORDS.update({"no": 0, "none": 0, "a": 1, "an": 1, "single": 1})
_LARGE = {"thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}


def fact_value(shown: str, fmt: str | None, scale: str | None, sign: str | None) -> float | None:
    """The number a fact stands for: displayed text through its format, times 10**scale, signed.

    `sign="-"` makes the fact negative (the printed parentheses sit outside the tag, so the text
    itself never carries the minus); `ixt:fixed-zero` is a dash meaning zero.
    """
    local = (fmt or "").rsplit(":", 1)[-1].lower()
    number: Decimal | None
    if local in _ZERO_FORMATS:
        number = Decimal(0)
    elif local.startswith("numwords"):
        words = _number_words(shown)
        number = None if words is None else Decimal(words)
    elif local in _COMMA_DECIMAL_FORMATS:
        number = _decimal(re.sub(r"[^\d,]", "", shown).replace(",", "."))
    elif local in _UNIT_DECIMAL_FORMATS:
        groups = re.findall(r"\d+", shown)  # "5 dollars 25 cents"
        number = _decimal(".".join(groups[:2])) if groups else None
    else:
        number = _decimal(re.sub(r"[^\d.]", "", shown))
    if number is None:
        return None
    try:
        exponent = int(scale or 0)
    except ValueError:
        return None
    if abs(exponent) > MAX_SCALE:
        return None  # scaleb would overflow the decimal context (scale="1000000"), and no amount has it
    number = number.scaleb(exponent)
    if (sign or "").strip() == "-":
        number = -number
    return float(number)


# XBRL scales in use run from -6 (millionths) to 9 (billions); past 12 a scale is bad input.
MAX_SCALE = 12
# More significant digits than any amount (a float holds integers exactly only to 15-16 digits).
MAX_DIGITS = 15
_USUAL_SCALES = frozenset(str(i) for i in range(-MAX_SCALE, MAX_SCALE + 1))


def _unreadable(shown: str, scale: str | None) -> str | None:
    """Why a fact's printed number and scale cannot be an amount, or None when they can."""
    if (scale is None or scale in _USUAL_SCALES) and len(shown) <= MAX_DIGITS:
        return None  # the common case, without counting
    s = (scale or "0").strip()
    try:
        exponent = int(s)
    except ValueError:
        return f"scale {s[:20]!r} is not an integer"
    if abs(exponent) > MAX_SCALE:
        return f"scale {s[:20]} is beyond +/-{MAX_SCALE}"
    digits = sum(ch.isdigit() for ch in shown.lstrip(" 0"))
    if digits > MAX_DIGITS:
        return f"{digits} digits: more than any amount has"
    return None


def _decimal(s: str) -> Decimal | None:
    if not s or not any(ch.isdigit() for ch in s):
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _number_words(shown: str) -> int | None:
    """ixt-sec:numwordsen: "no", "none", "two", "twenty-one", "one hundred five thousand" -> int."""
    words = [w for w in re.sub(r"[^a-z]+", " ", shown.lower()).split() if w != "and"]
    if not words:
        return None
    total = current = 0
    for w in words:
        if w in _WORDS:
            current += _WORDS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in _LARGE:
            total += max(current, 1) * _LARGE[w]
            current = 0
        else:
            return None
    return total + current


def _iso_date(s: str | None) -> date | None:
    try:
        return date.fromisoformat((s or "").strip()[:10])
    except ValueError:
        return None


# English month names and their three-letter abbreviations, whatever the reader's locale (model.MONTH_NAMES)
_MONTHS = {m.lower(): i for i, m in enumerate(MONTH_NAMES, 1)}
_MONTHS.update({m[:3].lower(): i for i, m in enumerate(MONTH_NAMES, 1)})
_MONTHS["sept"] = 9  # "Sept. 30, 2010"
# (the month word starts at a word boundary and is at most "September" long: an unbounded
# `[A-Za-z]+` before `\s+`, tried from every letter of a long run, is quadratic: issue 11)
_SHOWN_DATE_RE = lazyre.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})|(\d{4})-(\d\d)-(\d\d)|"
                                r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _parse_date(shown: str) -> date | None:
    """The cover's period end as printed ("June 28, 2025", "2025-06-28", "06/28/2025")."""
    m = _SHOWN_DATE_RE.search(shown)
    if not m:
        return None
    try:
        if m.group(1):
            month = _MONTHS.get(m.group(1).lower())
            return date(int(m.group(3)), month, int(m.group(2))) if month else None
        if m.group(4):
            return date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
        return date(int(m.group(9)), int(m.group(7)), int(m.group(8)))
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------
# Element -> concept rules (data/xbrl_concepts.csv)


@record(frozen=True, slots=True)
class _Rule:
    statement: str
    concept: str
    element: str
    priority: int
    part: str
    negate: bool
    total: bool
    at: str
    label: str


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    # data/ is package data, not a package: read it beside the package
    text = (Path(__file__).parents[1] / "data" / "xbrl_concepts.csv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return tuple(_Rule(r["statement"], r["concept"], r["element"], int(r["priority"]), r["part"],
                       r["negate"] == "1", r["total"] == "1", r["at"], r["label"]) for r in csv.DictReader(lines))


def _concepts(kind: str) -> list[tuple[str, list[_Rule]]]:
    """The kind's concepts in printed order (first appearance in the CSV), rules best first."""
    out: dict[str, list[_Rule]] = {}
    for r in _rules():
        if r.statement == kind:
            out.setdefault(r.concept, []).append(r)
    return [(c, sorted(rs, key=lambda r: -r.priority)) for c, rs in out.items()]


def concept_elements(kind: str) -> list[tuple[str, list[tuple[str, bool]]]]:
    """The kind's concepts with the us-gaap elements that are each one whole (best first) and
    whether the statement shows the element negated (payments): what an XBRL instance's facts are
    compared with (tables/linkbase.py). Parts of a sum and balances dated off the column are left out."""
    return [(c, [(r.element, r.negate) for r in rules if not r.part and not r.at]) for c, rules in _concepts(kind)]


_PAIRS = (("provided by used in", "provided by (used in)"), ("income loss", "income (loss)"),
          ("increase decrease", "increase (decrease)"), ("expense benefit", "expense (benefit)"),
          ("earnings loss", "earnings (loss)"), ("gain loss", "gain (loss)"))


# A run of capitals with the lower-case letters after it, a lower-case run, a digit run: the words
# of `re.findall(r"[A-Z]+(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|\d+", name)`, which backtracks over a
# run of capitals followed by anything else (quadratic: 1.5 s for 8,000 capitals); the classes
# are disjoint, so this one never backtracks and `_element_words` splits the runs as it did.
_ELEMENT_WORD_RE = lazyre.compile(r"([A-Z]+)([a-z]*)|[a-z]+|\d+")


def _element_words(element: str) -> list[str]:
    words: list[str] = []
    matches = list(_ELEMENT_WORD_RE.finditer(element))
    for k, m in enumerate(matches):
        caps, lower = m.group(1), m.group(2)
        if caps is None:
            words.append(m.group(0))
        elif lower:
            # "XBRLTaxes": the acronym, then the word its last capital starts
            if len(caps) > 1:
                words.append(caps[:-1])
            words.append(caps[-1] + lower)
        else:
            # a run of capitals is an acronym before a digit or at the end (`$`: before a final
            # newline too); before anything else no word of the old pattern started in it
            end = m.end()
            nxt = matches[k + 1] if k + 1 < len(matches) else None
            # (a match starting where the capitals end is a digit run: a lower-case one joins them)
            if end == len(element) or element[end:] == "\n" or (nxt is not None and nxt.start() == end):
                words.append(caps)
    return words


def readable_label(element: str) -> str:
    """`NetCashProvidedByUsedInOperatingActivities` -> `Net cash provided by (used in) operating activities`."""
    words = _element_words(element)
    text = " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)
    for plain, shown in _PAIRS:
        text = text.replace(plain, shown)
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------------
# Statements

# Titles end with this suffix: reconcile() recognises statements rebuilt from tagged facts by it.
XBRL_TITLE_SUFFIX = "(inline XBRL facts)"
_TITLES = {"balance_sheet": f"Balance sheet {XBRL_TITLE_SUFFIX}",
           "income_statement": f"Income statement {XBRL_TITLE_SUFFIX}",
           "cash_flow": f"Cash flow statement {XBRL_TITLE_SUFFIX}"}
_MONTH_WORDS = {3: "Three", 6: "Six", 9: "Nine", 12: "Twelve"}
# Keys of the fact index: ("i", instant, None) or ("d", start, end).
Period = tuple[str, date | None, date | None]


@record
class _Index:
    """element -> period -> the fact kept, and element -> period -> every table it is printed in."""

    facts: dict[str, dict[Period, Fact]]
    tables: dict[str, dict[Period, set[int]]]

    def get(self, element: str) -> dict[Period, Fact]:
        return self.facts.get(element, {})


def extract_ixbrl_statements(text: str, *, period_of_report: date | None = None,
                             document_type: str | None = None,
                             start_line: int = 1) -> dict[str, Statement] | None:
    """Balance sheet, income statement and cash flow statement from a document's inline XBRL facts.

    None when the text has no `ix:nonFraction` facts (use the printed-layout extractor instead);
    otherwise kind -> Statement for each statement that has at least one mapped fact.
    `period_of_report` defaults to the cover's dei:DocumentPeriodEndDate; `document_type` (the
    statements' `source_document`) to dei:DocumentType; `start_line` is the line of the document
    within its submission, so `source_line` counts from the submission's start.
    """
    if not _has_statement_facts(text):
        return None
    doc = parse_ixbrl(text)
    if doc is None:
        return None
    return statements_from_facts(doc, period_of_report=period_of_report, document_type=document_type,
                                 start_line=start_line)


def statements_from_facts(doc: IxbrlDocument, *, period_of_report: date | None = None,
                          document_type: str | None = None, start_line: int = 1) -> dict[str, Statement]:
    """The statements of an already parsed document (see `extract_ixbrl_statements`)."""
    currency = _reporting_currency(doc)
    index = _index(doc, currency)
    por = period_of_report or doc.period_end
    dtype = (document_type or doc.document_type or "UNKNOWN").upper()
    annual = dtype.startswith(("10-K", "20-F", "40-F"))
    # (element as written, context, unit) -> its facts: a cell names all three (the same element
    # and period may be tagged in two currencies)
    by_key: dict[tuple[str, str, str | None], list[Fact]] = defaultdict(list)
    for f in doc.facts:
        by_key[(f"{f.prefix}:{f.name}" if f.prefix else f.name, f.context, f.unit)].append(f)
    out: dict[str, Statement] = {}
    for kind in ("balance_sheet", "income_statement", "cash_flow"):
        if kind == "balance_sheet":
            columns = _instant_columns(index, por)
        else:
            columns = _flow_columns(index, por, kind, annual)
        if not columns:
            continue
        # the columns found from the facts only serve to find the printed table; the statement is
        # that table, read as a grid (its own rows, labels, order and columns)
        face = _face_tables(kind, columns, index)
        st = _printed_statement(kind, face, doc, index, by_key, currency, por, dtype, start_line) if face else None
        if st is None:  # no printed table holds the statement's facts: the mapped facts alone
            st = _statement(kind, columns, index, dtype, start_line)
        if st is not None:
            out[kind] = st
    return out


# The start tag of a numeric fact (bounded: linear on any input), and its name attribute.
_FACT_TAG_RE = lazyre.compile(r"<[A-Za-z][\w.-]{0,40}:nonFraction\b[^>]{0,4000}>", re.I)
_NAME_ATTR_RE = lazyre.compile(r"\bname\s{0,5}=\s{0,5}[\"']([^\"'<>]{1,300})[\"']")


def _has_statement_facts(text: str) -> bool:
    """Does the text tag at least three elements the concept map knows? A scan of the fact start
    tags only (a few ms on 2 MB), so that a document whose tags cover only its cover page or a
    schedule (IBM's 10-K tags Schedule II and nothing else) is not parsed to find nothing."""
    wanted = _wanted()
    seen: set[str] = set()
    for m in _FACT_TAG_RE.finditer(text):
        n = _NAME_ATTR_RE.search(m.group(0))
        if n is not None:
            local = n.group(1).rpartition(":")[2]
            if local in wanted:
                seen.add(local)
                if len(seen) >= 3:
                    return True
    return False


@lru_cache(maxsize=1)
def _wanted() -> frozenset[str]:
    return frozenset(r.element for r in _rules())


def _index(doc: IxbrlDocument, currency: str | None) -> _Index:
    """Undimensioned us-gaap facts in the reporting currency, by element and period.

    Duplicates (the same fact tagged on the statement and again in a note) keep the most precise
    copy (highest `decimals`), then the first in document order, which is the statement's.
    """
    wanted = _wanted()
    facts: dict[str, dict[Period, Fact]] = defaultdict(dict)
    tables: dict[str, dict[Period, set[int]]] = defaultdict(lambda: defaultdict(set))
    for f in doc.facts:
        if not f.standard or f.name not in wanted or f.value is None:
            continue
        ctx = doc.contexts.get(f.context)
        if ctx is None or ctx.dimensional or ctx.end is None:
            continue
        unit = doc.units.get(f.unit or "")
        if unit is not None and unit.kind in ("amount", "per_share") and unit.currency != currency:
            continue
        key: Period = ("i", ctx.end, None) if ctx.is_instant else ("d", ctx.start, ctx.end)
        cur = facts[f.name].get(key)
        if cur is None or _precision(f) > _precision(cur):
            facts[f.name][key] = f
        if f.table >= 0:
            tables[f.name][key].add(f.table)
    return _Index(dict(facts), {k: dict(v) for k, v in tables.items()})


def _precision(f: Fact) -> float:
    return float("inf") if f.decimals is None else f.decimals


def _reporting_currency(doc: IxbrlDocument) -> str | None:
    """The currency most undimensioned amounts are in (USD for a US filer)."""
    counts: dict[str, int] = defaultdict(int)
    for f in doc.facts:
        unit = doc.units.get(f.unit or "")
        ctx = doc.contexts.get(f.context)
        if unit is not None and unit.kind == "amount" and unit.currency and ctx is not None and not ctx.dimensional:
            counts[unit.currency] += 1
    return max(counts, key=lambda c: counts[c]) if counts else None


def _elements(kind: str, concepts: Iterable[str] | None = None) -> set[str]:
    return {r.element for c, rules in _concepts(kind) if concepts is None or c in concepts for r in rules}


def _instant_columns(index: _Index, por: date | None) -> list[Period]:
    """Instants a reader expects on the balance sheet: the period of report first, then the
    earlier instants that carry a comparably full balance sheet (the prior fiscal year end; some
    retailers add the prior year's quarter end). An instant qualifies by having total assets (or
    total liabilities and equity); its score is how many balance-sheet elements it has, which keeps
    out instants that only appear in the equity statement or a note."""
    score: dict[date, int] = defaultdict(int)
    for element in _elements("balance_sheet"):
        for key in index.get(element):
            if key[0] == "i" and key[1] is not None:
                score[key[1]] += 1
    anchors = _elements("balance_sheet", ("total_assets", "total_liabilities_and_equity"))
    candidates = {key[1] for e in anchors for key in index.get(e) if key[0] == "i" and key[1] is not None}
    if not candidates:
        candidates = {d for d, n in score.items() if n >= 3}
    if not candidates:
        return []
    first = _nearest(sorted(candidates), por)
    rest = sorted((d for d in candidates if d < first and score[d] >= 0.6 * score[first]), reverse=True)
    return [("i", d, None) for d in [first, *rest[:2]]]


def _nearest(dates: list[date], ref: date | None, slack: int = 7) -> date:
    """The date at `ref` (within `slack` days: 52/53-week years); else the latest on or before
    it; else the latest."""
    if ref is not None:
        near = min(dates, key=lambda d: abs((d - ref).days))
        if abs((near - ref).days) <= slack:
            return near
        before = [d for d in dates if d <= ref]
        if before:
            return before[-1]
    return dates[-1]


def _months(start: date, end: date) -> int:
    # a 13-week quarter is 91 days, a 52-week year 364: round to calendar months
    return max(1, round(((end - start).days + 1) / (365.25 / 12)))


def _span(k: Period) -> int:
    return _months(k[1], k[2]) if k[0] == "d" and k[1] and k[2] else 0


def _flow_columns(index: _Index, por: date | None, kind: str, annual: bool) -> list[Period]:
    """Durations a reader expects: those ending at the period of report (a 10-Q's quarter and
    year to date; a 10-K's year only, not the quarterly-data note's fourth quarter), each followed
    by the same-length durations ending one and two years earlier. Only durations with the
    statement's key facts count: revenue or net income for the income statement; operating cash
    flow for the cash flow statement (a 10-Q's cash flow statement is year-to-date only, while net
    income is also tagged for the quarter)."""
    keys = ("revenue", "net_income") if kind == "income_statement" else ("net_cash_operating",)
    durations = {k for e in _elements(kind, keys) for k in index.get(e) if _span(k)}
    if not durations and kind == "cash_flow":
        durations = {k for e in _elements("income_statement", ("revenue", "net_income"))
                     for k in index.get(e) if _span(k)}
    if not durations:
        return []
    end = _nearest(sorted({k[2] for k in durations if k[2]}), por)
    current = [k for k in durations if k[2] == end]
    if annual:
        longest = max(_span(k) for k in current)
        current = [k for k in current if _span(k) == longest]
    chosen: set[Period] = set()
    for k in current:
        chosen.add(k)
        for years in (1, 2):
            target = _years_before(end, years)
            prior = [p for p in durations if _span(p) == _span(k) and p[2] and abs((p[2] - target).days) <= 10]
            if prior:
                chosen.add(min(prior, key=lambda p: abs((p[2] - target).days) if p[2] else 0))
    # printed order: shortest period first, latest first within a length
    return sorted(chosen, key=lambda k: (_span(k), -(k[2].toordinal() if k[2] else 0)))


def _years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February
        return d.replace(year=d.year - years, day=28)


def _key_for(col: Period, at: str) -> list[Period]:
    """Where a rule's fact for a column lives: the column itself, or for an instant shown on a flow
    statement the balance at the end or just before the start (XBRL durations start on their first
    day, so the opening balance is dated the day before; a few filers date it on the start day)."""
    if not at:
        return [col]
    if at == "end":
        return [("i", col[2], None)]
    start = col[1]
    return [] if start is None else [("i", start - timedelta(days=1), None), ("i", start, None)]


def _lookup(index: _Index, element: str, col: Period, at: str) -> tuple[Fact | None, set[int]]:
    facts = index.get(element)
    for key in _key_for(col, at):
        f = facts.get(key)
        if f is not None:
            return f, index.tables.get(element, {}).get(key, set())
    return None, set()


def _face_tables(kind: str, columns: list[Period], index: _Index) -> set[int]:
    """The printed tables that are the statement itself.

    The table holding the most of the statement's elements in its columns (the earliest on a tie:
    statements come before their notes), plus any table that adds mostly new elements (a balance
    sheet split into an assets page and a liabilities page). Notes that repeat the statement's lines
    (Coca-Cola's segment reconciliation repeats revenue, operating income and interest expense with
    other elements than the face) overlap the face and stay out.
    """
    seen: dict[int, set[str]] = defaultdict(set)
    for _, rules in _concepts(kind):
        for r in rules:
            for col in columns:
                for t in _lookup(index, r.element, col, r.at)[1]:
                    seen[t].add(r.element)
    ranked = sorted(seen, key=lambda t: (-len(seen[t]), t))
    if not ranked or len(seen[ranked[0]]) < 3:
        return set()
    face = {ranked[0]}
    covered = set(seen[ranked[0]])
    for t in ranked[1:]:
        new = seen[t] - covered
        if len(new) >= 3 and len(new) >= 2 * len(seen[t] & covered):
            face.add(t)
            covered |= seen[t]
    return face


def _header(col: Period) -> str:
    kind, start, end = col
    if kind == "i" or start is None:
        return _long_date(start)
    assert end is not None
    m = _months(start, end)
    return f"{_MONTH_WORDS.get(m, str(m))} months ended {_long_date(end)}"


def _long_date(d: date | None) -> str:
    return f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}" if d else ""


def _statement(kind: str, columns: list[Period], index: _Index, dtype: str, start_line: int) -> Statement | None:

    if not columns:
        return None
    face = _face_tables(kind, columns, index)
    rows: list[StatementRow] = []
    lines: list[int] = []
    for concept, rules in _concepts(kind):
        got = _row(concept, rules, columns, index, face, lines)
        if got is not None:
            rows.append(got[0])
    if not rows:
        return None
    cols = tuple(StatementColumn(period_end=c[2] if c[0] == "d" else c[1], months=_span(c) or None,
                                 header=_header(c)) for c in columns)
    return Statement(kind=kind, title=_TITLES[kind], unit=1, unit_source="xbrl", source_document=dtype,  # type: ignore[arg-type]
                     source_line=min(lines) + start_line - 1, columns=cols, rows=tuple(rows))


@record
class _Pick:
    rule: _Rule
    facts: list[Fact | None]
    on_face: bool


def _row(concept: str, rules: list[_Rule], columns: list[Period], index: _Index, face: set[int],
         lines: list[int]) -> tuple[StatementRow, list[_Pick]] | None:
    """One row and the picks it was made of: the best whole element; failing that, the sum of the
    best element of each part.

    Best = printed on the statement's face, then present in the first (current) column, then
    priority. Parts are summed only when each is printed on the face: that is what makes them
    separate lines rather than a note's breakdown of one line (Coca-Cola's note gives commercial
    paper, which its face prints inside "Loans and notes payable").
    """

    def pick(candidates: list[_Rule]) -> _Pick | None:
        found = []
        for r in candidates:
            looked = [_lookup(index, r.element, c, r.at) for c in columns]
            if any(f is not None for f, _ in looked):
                found.append(_Pick(r, [f for f, _ in looked], any(ts & face for _, ts in looked)))
        if not found:
            return None
        return min(found, key=lambda p: (not p.on_face, p.facts[0] is None))  # stable: priority breaks ties

    def signed(rule: _Rule, f: Fact | None) -> float | None:
        if f is None or f.value is None:
            return None
        return -f.value if rule.negate and f.value else f.value

    def single(p: _Pick) -> tuple[StatementRow, list[_Pick]]:
        lines.extend(f.line for f in p.facts if f is not None)
        return StatementRow(label=p.rule.label or readable_label(p.rule.element), concept=concept, level=0,
                            total=p.rule.total, values=tuple(signed(p.rule, f) for f in p.facts),
                            measure=concept_measure(concept)), [p]

    whole = pick([r for r in rules if not r.part])
    picks = [p for part in sorted({r.part for r in rules if r.part})
             if (p := pick([r for r in rules if r.part == part])) is not None]
    if whole is not None and (whole.on_face or not any(p.on_face for p in picks)):
        return single(whole)
    on_face = [p for p in picks if p.on_face]
    if len(on_face) == 1 or (picks and not on_face):
        return single((on_face or picks)[0])
    if not on_face:
        return None
    values: list[float | None] = []
    for i in range(len(columns)):
        known = [v for p in on_face if (v := signed(p.rule, p.facts[i])) is not None]
        values.append(sum(known) if known else None)
    for p in on_face:
        lines.extend(f.line for f in p.facts if f is not None)
    names = " + ".join(f"us-gaap:{p.rule.element}" for p in on_face)
    why = f"sum of {names} {ADDED_ROW_NOTES[2]}"
    return StatementRow(label=concept.replace("_", " ").capitalize(), concept=concept, level=0, total=False,
                        values=tuple(values), derived=why, measure=concept_measure(concept)), on_face


# --------------------------------------------------------------------------------------------
# Statements as printed: the face table read as a grid (tables/html.py), cells joined to facts

# Header rows above a statement's first amount: column heads, "(In millions ...)", "(Unaudited)".
_HEADER_WORDS_RE = lazyre.compile(r"\b(?:months|weeks|ended|unaudited|in (?:thousands|millions|billions))\b", re.I)
_PERIOD_ROLE_RE = lazyre.compile(r"\b(predecessor|successor)\b", re.I)
_PRINTED_NOTE = "printed number without an inline XBRL tag, times 10^{scale} (the scale of the table's tagged amounts)"
# What `derived` says of a row the concept map added to the printed ones (its label is not printed):
# tables/linkbase.py tells those rows from printed rows that carry a note by these words.
ADDED_ROW_NOTES = ("on the line above, which already names another concept", "tagged outside the printed "
                   "statement's table", "(separate lines of the printed statement)")


@record
class _PrintedRow:
    label: str
    indent: int
    total: bool
    values: list[float | None]
    keys: set[tuple[str, str]]  # (element, context) of the facts in its amount cells
    lines: list[int]
    note: str | None = None
    concept: str | None = None
    # the elements of its facts, as written ("us-gaap:Assets"): what the linkbase checks confirm
    elements: list[str] = field(default_factory=list)
    measure: str | None = None  # from its facts' unit (`_place`); None until a cell is placed


def _face_grids(doc: IxbrlDocument, face: set[int]) -> list[tuple[int, Grid]]:
    """The face tables as grids. Each table's markup alone goes through the HTML grid reader (a
    few kB, where the whole document would be megabytes and dozens of note tables)."""
    grids: list[tuple[int, Grid]] = []
    for t in sorted(face):
        if not 0 <= t < len(doc.tables):
            continue
        markup = etree.tostring(doc.tables[t], encoding="unicode", with_tail=False)
        for g in read_html(markup).grids:
            # a grid without facts means the reader did not see the ix elements (an unusual prefix):
            # amounts from it would have no scale, so the statement falls back to the facts alone
            if any(c is not None and c.fact is not None for r in g.rows for c in r.cells):
                grids.append((t, g))
    return grids


def _is_year(text: str) -> bool:
    t = text.strip()
    return len(t) == 4 and t.isdigit() and 1900 <= int(t) <= 2100


def _is_amount_cell(c: GridCell | None) -> bool:
    # a label cell may hold a fact too ("Common stock, $0.25 par value"): an amount has no letters
    return c is not None and c.value is not None and not any(ch.isalpha() for ch in c.text)


def _period_of(doc: IxbrlDocument, f: Fact | None) -> Period | None:
    ctx = doc.contexts.get(f.context) if f is not None else None
    if ctx is None or ctx.end is None:
        return None
    return ("i", ctx.end, None) if ctx.is_instant else ("d", ctx.start, ctx.end)


def _printed_statement(kind: str, face: set[int], doc: IxbrlDocument, index: _Index,
                       by_key: dict[tuple[str, str, str | None], list[Fact]], currency: str | None,
                       por: date | None, dtype: str,
                       start_line: int) -> Statement | None:
    """The statement as the filing prints it: every row of its table(s) in printed order with the
    printed label; an amount cell takes its value, period and unit from its fact (scale and sign
    applied), a cell without a fact the printed number. The concept map only names the rows.

    Columns are the periods of the tagged amounts under each printed column, so predecessor and
    successor periods (or any two periods ending on the same day) stay apart.
    """
    grids = _face_grids(doc, face)
    if not grids:
        return None
    instant = kind == "balance_sheet"

    def fact_of(c: GridCell, table: int) -> Fact | None:
        """The cell's fact: the copy printed in this table (a note may repeat it rounded)."""
        if c.fact is None:
            return None
        same = by_key.get((c.fact.name, c.fact.context_ref, c.fact.unit_ref), ())
        return next((f for f in same if f.table == table), same[0] if same else None)

    # 1. each printed column's period: the one most of its tagged amounts are for
    slot_periods: list[dict[int, Period]] = []
    periods: list[Period] = []
    scales: dict[int, int] = defaultdict(int)
    for t, g in grids:
        votes: dict[int, dict[Period, int]] = defaultdict(lambda: defaultdict(int))
        for r in g.rows:
            for j, c in enumerate(r.cells):
                if not _is_amount_cell(c) or c.fact is None:  # type: ignore[union-attr]
                    continue
                f = fact_of(c, t)  # type: ignore[arg-type]
                k = _period_of(doc, f)
                if k is not None and (k[0] == "i") == instant:
                    votes[j][k] += 1
                unit = doc.units.get(f.unit or "") if f is not None else None
                if unit is not None and unit.kind == "amount" and f is not None:
                    scales[_scale_of(c.fact.scale)] += 1  # type: ignore[union-attr]
        chosen = {j: max(v, key=lambda k: v[k]) for j, v in votes.items()}
        slot_periods.append(chosen)
        for j in sorted(chosen):
            if chosen[j] not in periods:
                periods.append(chosen[j])
    if por is not None:
        # a column after the period of report is not this report's (a caller's explicit period)
        kept = [k for k in periods if (k[2] if k[0] == "d" else k[1]) <= por + timedelta(days=7)]  # type: ignore[operator]
        periods = kept or periods
    if not periods:
        return None
    scale = max(scales, key=lambda s: scales[s]) if scales else 0

    # 2. the printed rows
    rows: list[_PrintedRow] = []
    roles: dict[Period, str] = {}
    head_title: str | None = None  # a title printed inside the table, above its column heads
    for (t, g), slots in zip(grids, slot_periods, strict=True):
        started = False
        for r in g.rows:
            amounts = [(j, c) for j, c in enumerate(r.cells) if _is_amount_cell(c)]
            texts = [(j, c) for j, c in enumerate(r.cells) if c is not None and c.text and not _is_amount_cell(c)]
            first = amounts[0][0] if amounts else len(r.cells)
            label = " ".join(c.text for j, c in texts if j < first)  # type: ignore[union-attr]
            has_fact = any(c.fact is not None for _, c in amounts)  # type: ignore[union-attr]
            if not started and not has_fact:
                # column heads: note which columns are a predecessor's or a successor's
                for j, c in texts:
                    if head_title is None and len(c.text) <= 160 and _TITLE_RE.search(c.text):  # type: ignore[union-attr]
                        head_title = c.text  # type: ignore[union-attr]
                    m = _PERIOD_ROLE_RE.search(c.text)  # type: ignore[union-attr]
                    if m:
                        for jj in range(j, j + c.colspan):  # type: ignore[union-attr]
                            if jj in slots:
                                roles.setdefault(slots[jj], m.group(1).capitalize())
                if len(texts) != 1 or texts[0][0] != 0 or amounts or _HEADER_WORDS_RE.search(label) \
                        or label.startswith("("):
                    continue
            if not amounts:
                if len(texts) == 1 and texts[0][0] == 0:
                    rows.append(_PrintedRow(label, r.indent, False, [None] * len(periods), set(), []))
                continue  # text across columns below the first amount: a repeated column head
            if not has_fact and (not label or all(_is_year(c.text) for _, c in amounts)):  # type: ignore[union-attr]
                continue  # a row of bare years ("2025 2024", "(In millions) 2025 2024"), not amounts
            started = started or has_fact
            row = _PrintedRow(label, r.indent, r.total or label.lower().startswith("total"),
                              [None] * len(periods), set(), [])
            for j, c in amounts:
                _place(row, j, c, fact_of(c, t), slots, periods, doc, currency, scale)  # type: ignore[arg-type]
            rows.append(row)
    if not any(r.keys for r in rows):
        return None

    # 3. the canonical concepts: each names the printed row that holds its facts
    lines: list[int] = []
    extra: list[tuple[int, _PrintedRow]] = []  # (insert after this row, row) for derived rows
    for concept, rules in _concepts(kind):
        got = _row(concept, rules, periods, index, face, lines)
        if got is None:
            continue
        made, picks = got
        keys = [{(f.name, f.context) for f in p.facts if f is not None} for p in picks]
        hits = [max(range(len(rows)), key=lambda i, k=k: (len(rows[i].keys & k), -i)) for k in keys]
        hits = [i if rows[i].keys & k else -1 for i, k in zip(hits, keys, strict=True)]
        if made.derived is None and hits[0] >= 0 and rows[hits[0]].concept is None:
            target = rows[hits[0]]
            target.concept = concept
            # the rule's sign (payments stored negative) and element; a column the element leaves
            # empty keeps the printed row's own fact (another element in an older column)
            target.values = [v if v is not None else p for v, p in zip(made.values, target.values, strict=True)]
            target.total = target.total or made.total
            continue
        after = max(hits) if max(hits) >= 0 else len(rows) - 1
        why = made.derived
        if why is None:
            elements = ", ".join(f"us-gaap:{p.rule.element}" for p in picks)
            why = (f"{elements} {ADDED_ROW_NOTES[0]}" if hits[0] >= 0 else f"{elements}, {ADDED_ROW_NOTES[1]}")
        extra.append((after, _PrintedRow(made.label, 0, made.total, list(made.values), set(), [],
                                         why, concept, _qnames(picks))))
    for after, row in sorted(extra, key=lambda e: -e[0]):
        rows.insert(after + 1, row)

    # 4. levels from the printed indents, the columns, the statement
    indents = sorted({r.indent for r in rows})
    cols = tuple(StatementColumn(period_end=k[2] if k[0] == "d" else k[1], months=_span(k) or None,
                                 header=(f"{roles[k]}: " if k in roles else "") + _printed_header(k))
                 for k in periods)
    out_rows = tuple(StatementRow(label=r.label, concept=r.concept, level=indents.index(r.indent), total=r.total,
                                  values=tuple(r.values), derived=r.note, elements=tuple(r.elements),
                                  measure=concept_measure(r.concept) if r.concept else r.measure or CURRENCY)
                     for r in rows)
    first_line = min((ln for r in rows for ln in r.lines), default=min(lines, default=1))
    printed = _printed_title(doc.tables[min(face)]) or head_title
    title = f"{printed} {XBRL_TITLE_SUFFIX}" if printed else _TITLES[kind]
    return Statement(kind=kind, title=title, unit=1, unit_source="xbrl", source_document=dtype,  # type: ignore[arg-type]
                     source_line=first_line + start_line - 1, columns=cols, rows=out_rows)


_FACT_TAGS = tuple(f"{{{ns}}}nonFraction" for ns in _IX_NAMESPACES) + ("ix:nonfraction",)
_TITLE_RE = lazyre.compile(r"balance sheets?|financial (?:position|condition)|statements? of", re.I)


def _printed_title(table: Any) -> str | None:
    """The statement's title as printed above its table ("CONDENSED CONSOLIDATED BALANCE SHEETS
    (Unaudited)"): the nearest block of text before the table that names a statement, looking back
    a few blocks only, never past a block with facts (some filers print the title in a table of its own)."""
    node, steps, blocks = table, 0, 0
    while node is not None and steps < 60 and blocks < 8:
        steps += 1
        prev = node.getprevious()
        if prev is None:
            node = node.getparent()
            continue
        node = prev
        if not isinstance(node.tag, str):
            continue
        if any(True for _ in node.iter(*_FACT_TAGS)):
            return None  # the statement or note before this one
        text = " ".join("".join(node.itertext()).split())
        if not text:
            continue
        blocks += 1
        if len(text) <= 160 and _TITLE_RE.search(text):
            return text
    return None


def _scale_of(scale: str | None) -> int:
    try:
        return int(scale or 0)
    except ValueError:
        return 0


# A fact's unit kind (`Unit.kind`) -> the measure of the row it is printed on.
_UNIT_MEASURES = {"amount": CURRENCY, "per_share": PER_SHARE, "shares": SHARES}


def _place(row: _PrintedRow, j: int, c: GridCell, f: Fact | None, slots: dict[int, Period],
           periods: list[Period], doc: IxbrlDocument, currency: str | None, scale: int) -> None:
    """Put one amount cell's value in its column: the fact's own period when that is a column (a
    balance sheet's instants, a flow statement's durations), else the printed column's (an opening
    or closing balance on a cash flow statement is an instant under a duration's head)."""
    k = _period_of(doc, f)
    col = periods.index(k) if k in periods else (periods.index(slots[j]) if slots.get(j) in periods else None)
    if col is None or row.values[col] is not None:
        return
    if c.fact is None:
        row.values[col] = c.value * 10 ** scale if c.value is not None else None
        _note(row, _PRINTED_NOTE.format(scale=scale))
        return
    if f is None:
        # the fact was left out as unreadable: say why on the row (the reason is in doc.warnings)
        named = f"{c.fact.name} in context {c.fact.context_ref} left out"
        _note(row, next((w.split(": ", 1)[1] for w in doc.warnings if named in w), named))
        return
    unit = doc.units.get(f.unit or "")
    if unit is not None and unit.kind in ("amount", "per_share") and unit.currency != currency:
        _note(row, f"amounts in {unit.currency}, not the statement's {currency}: left out")
        return
    row.keys.add((f.name, f.context))
    row.lines.append(f.line)
    if row.measure is None:
        row.measure = _UNIT_MEASURES.get(unit.kind, OTHER) if unit is not None else OTHER
    qname = f"{f.prefix}:{f.name}" if f.prefix else f.name
    if qname not in row.elements:
        row.elements.append(qname)
    v = f.value
    if v is not None and c.value is not None:
        # The amount is the fact's (scale applied); its direction is the printed one, as on every
        # other statement of this package: a payment tagged positive prints in parentheses, and a
        # fall in receivables tagged sign="-" prints as the positive cash it brought. Rows the map
        # names keep the concept's own sign convention instead (see `_printed_statement`).
        v = -abs(v) if c.value < 0 else abs(v)
    row.values[col] = v


def _qnames(picks: list[_Pick]) -> list[str]:
    """The elements of the facts a derived row was made of, as written."""
    out: list[str] = []
    for p in picks:
        for f in p.facts:
            if f is not None and (q := f"{f.prefix}:{f.name}" if f.prefix else f.name) not in out:
                out.append(q)
    return out


def _note(row: _PrintedRow, why: str) -> None:
    if row.note is None:
        row.note = why
    elif why not in row.note:
        row.note += "; " + why


def _printed_header(k: Period) -> str:
    """`_header`, but a duration that is not a quarter, half, nine months or year says its dates
    (a successor's period from its start to the quarter end)."""
    if k[0] == "d" and k[1] is not None and k[2] is not None and _span(k) not in _MONTH_WORDS:
        return f"Period from {_long_date(k[1])} to {_long_date(k[2])}"
    return _header(k)
