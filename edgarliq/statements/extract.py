"""The statements of a filing: every document that may hold them read as text, HTML grids or inline XBRL,
the best candidate of each kind chosen, and the reason when a kind is missing."""

from __future__ import annotations

import re

from edgarliq import lazyre
from edgarliq.lazyre import LazyPattern
from edgarliq.model import KINDS, Statement, Statements
from edgarliq.record import replace
from edgarliq.statements.blocks import extract_from_text
from edgarliq.statements.draft import Draft
from edgarliq.statements.finish import (
    derive_pretax,
    finish_statement,
    overlong_numbers,
    prose_unit,
    schedule_unit,
    share_printed_dates,
)
from edgarliq.statements.titles import mentions_statements
from edgarliq.tables.text import (
    looks_like_html,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from typing import Any

_BY_REFERENCE_RE = LazyPattern(r"item\s+8\b.{0,300}?incorporat\w*\s+(?:herein\s+)?by\s+reference", re.I | re.S)
# "Item 8" as an HTML document may print it: "Item&#160;8", "<b>Item</b> 8"
_ITEM_8_RE = lazyre.compile(r"\bitem(?:\s|&#160;|&nbsp;|&#xa0;|<[^<>]{0,200}>){1,20}8\b", re.I)
_TAG_RE = lazyre.compile(r"<[^<>]{0,4000}>")


def _item_8_places(text: str) -> list[str]:
    """The text from each "Item 8" on, as prose: its next 3,000 characters without markup and
    entities, white space collapsed (an HTML 10-K's "Item 8. Financial Statements and
    Supplementary Data: Refer to pages 46 through 121 of IBM's 2024 Annual Report to Stockholders,
    which are incorporated herein by reference" runs over tags that a plain-text pattern cannot
    cross)."""
    out = []
    if "<" not in text and "&" not in text:
        low = text.lower()
        k = low.find("item 8")
        while k >= 0:
            out.append(text[k:k + 3000])
            k = low.find("item 8", k + 6)
        return out
    import html

    for start in _item_8_starts(text):
        window = html.unescape(_TAG_RE.sub(" ", text[start:start + 3000]))
        out.append(" ".join(window.split()))
    return out


def _item_8_starts(text: str) -> list[int]:
    """Where `_ITEM_8_RE.finditer(text)` matches, found faster: the pattern is tried only where
    "item" is printed, found with str.find in the lowered text (a case-insensitive pattern has no
    literal prefix for the regex engine to skip to, and was tried at every position: 5 ms on a
    300 kB 10-K). ASCII text only, where lowering keeps every offset and "item" is the only
    spelling re.I matches; other text is searched by the pattern itself ("\u0131tem" matches)."""
    if not text.isascii():
        return [m.start() for m in _ITEM_8_RE.finditer(text)]
    low = text.lower()
    match = _ITEM_8_RE.match
    out = []
    k = low.find("item")
    while k >= 0:
        m = match(text, k)
        if m is None:
            k = low.find("item", k + 1)
        else:
            out.append(k)
            k = low.find("item", m.end())  # (finditer's matches do not overlap)
    return out


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
    for window in _item_8_places(text):
        if _BY_REFERENCE_RE.match(window):
            if any((getattr(d, "type", "") or "").upper().startswith("EX-13")
                   for d in getattr(submission, "documents", ())):
                # (from the annual report, which is then attached: the statements should be in it)
                return ("Item 8 incorporates the financial statements by reference from the annual report "
                        "(EX-13, in this filing), where no block of numeric rows under a recognisable title was found")
            return "not in this filing: Item 8 incorporates the financial statements by reference"
    return None


# Exhibits that by their Reg. S-K Item 601 number cannot hold the registrant's financial
# statements: 1-12 (underwriting, charter, instruments, opinions, material contracts, EPS and ratio
# computations), 14-18 and 21-26 (ethics code, letters, subsidiaries, consents, powers of attorney
# ...). Contracts are most of a 10-K's bytes and print "statement of" often. Kept: EX-13 (annual
# report), EX-19/20 (reports to security holders), EX-99 and anything unnumbered.
_NOT_STATEMENTS_RE = lazyre.compile(r"^EX-(?:[1-9]|1[0-2]|1[4-8]|2[1-6])(?![0-9])")


# Between documents, a statement printing the period of report ranks above one that does not, when
# they recognise as much (a key concept is worth 10): IBM's 10-Q for March 2000 attaches (EX-99) its
# 1999 statements restated by quarter, which recognise the same rows as the quarter's own.
_PERIOD_OF_REPORT_BONUS = 5.0


def _filing_rank(d: Draft, por: Any) -> float:
    if por is not None and any(c.period_end is not None and abs((c.period_end - por).days) <= 7
                               for c in d.columns):
        return d.rank + _PERIOD_OF_REPORT_BONUS
    return d.rank


def extract_statements(submission: Any, schedules: Any = ()) -> Statements:
    """Find the balance sheet, income statement and cash-flow statement of a filing.

    `schedules`: the filing's EX-27 schedules (`fds.parse_schedules`), which give the amount unit
    of statements that print none (`finish.schedule_unit`)."""
    por = getattr(submission, "period_of_report", None)
    form = getattr(submission, "form", None)
    fye = getattr(submission, "fiscal_year_end", None)
    best: dict[str, tuple[Draft, str, int]] = {}
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
        low = doc.text.lower()  # (one lowered copy: the test below and the title search share it)
        if not mentions_statements(low):
            if looks_like_html(doc.text, low):  # (a document cut short may be cut before its titles)
                from edgarliq.tables.html import truncation_warnings

                reader_warnings.extend(f"{dtype or 'document'}: {w}" for w in truncation_warnings(doc.text, low))
            continue
        if looks_like_html(doc.text, low):
            # HTML tables are read as grids of cells (imported here: lxml is loaded only for a
            # filing that has HTML, and a plain-text filing never pays for it)
            from edgarliq.statements.grids import extract_from_html

            drafts, doc_warnings = extract_from_html(doc.text, period_of_report=por, form=form,
                                                     fiscal_year_end=fye, document_type=dtype,
                                                     start_line=doc.start_line)
            reader_warnings.extend(f"{dtype or 'document'}: {w}" for w in doc_warnings)
        else:
            drafts = extract_from_text(doc.text, period_of_report=por, form=form, fiscal_year_end=fye,
                                       document_type=dtype, start_line=doc.start_line, lowered=low)
        for kind, d in drafts.items():
            cur = best.get(kind)
            if cur is None or _filing_rank(d, por) > _filing_rank(cur[0], por):
                best[kind] = (d, dtype, doc.start_line)
    for d, _, _ in best.values():
        if d.unit:
            units.append(d.unit)
    found: dict[str, Statement] = {}
    chosen: dict[str, tuple[Draft, str, int]] = {}
    missing: list[tuple[str, str]] = []
    reasons: dict[bool, str | None] = {}  # (each kind missing would search the whole text again)

    def not_printed(none_found: bool) -> str | None:
        if none_found not in reasons:
            reasons[none_found] = _not_printed_reason(submission, none_found)
        return reasons[none_found]

    for kind in KINDS:
        if kind not in best:
            missing.append((kind, not_printed(not best)
                            or "no block of numeric rows under a recognisable title in any document"))
            continue
        d, dtype, offset = best[kind]
        if d.score < 10:
            missing.append((kind, not_printed(all(x[0].score < 10 for x in best.values()))
                            or f"best candidate '{d.title}' (line {d.start + offset}) has none of the key rows"))
            continue
        # a statement that prints no unit shares the unit printed on its siblings (seed income statement)
        unit = d.unit or (max(set(units), key=units.count) if units else 1)
        st = derive_pretax(finish_statement(d, unit, dtype, offset))
        if not d.unit:
            st = replace(st, unit_source="shared" if units else "assumed")
        found[kind] = st
        chosen[kind] = (d, dtype, offset)
    unit_conflict = None
    # the unit the prose gives: it checks the printed unit, and gives one where none is printed
    texts = [doc.text for doc in getattr(submission, "documents", ())
             if not (doc.type or "").upper().startswith("EX-27")]
    by_prose = prose_unit(found, texts) if found else None
    if not units and found:
        # No statement prints its unit: the EX-27's figures may say it, or the prose ("$2.1
        # billion" over a printed 2,129); when both speak they must agree (Microsoft's 10-Q for
        # December 1998 declares MULTIPLIER 1,000 over figures in millions: a schedule consistently
        # wrong), else the figures stay as printed, with the skipped check that says so.
        by_schedule = schedule_unit(found, schedules) if schedules else None
        adopted, source = None, "assumed"
        if by_schedule is not None and (by_prose is None or by_prose[0] == by_schedule[0]):
            adopted, source = by_schedule, "schedule"
        elif by_schedule is None and by_prose is not None:
            adopted, source = by_prose, "prose"
        elif by_schedule is not None and by_prose is not None:
            unit_conflict = (f"no statement prints its amount unit, and the EX-27 ({by_schedule[0]:,}, on "
                             f"{by_schedule[1]} figures) and the prose ({by_prose[0]:,}, on {by_prose[1]} amounts) "
                             "disagree: the figures are kept as printed")
        if adopted is not None:  # (each draft finished again at that unit)
            for kind, (d, dtype, offset) in chosen.items():
                found[kind] = replace(derive_pretax(finish_statement(d, adopted[0], dtype, offset)),
                                      unit_source=source)
    if reader_warnings:  # a truncated HTML document explains what is missing
        missing = [(k, f"{why}; {reader_warnings[0]}") for k, why in missing]
    notes = overlong_numbers(found) + ([unit_conflict] if unit_conflict else [])
    return Statements(share_printed_dates(found, por), tuple(missing), tuple(reader_warnings + notes), by_prose)
