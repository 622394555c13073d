"""Statement titles: which lines announce a balance sheet, income or cash-flow statement, and where a
statement's block ends (other titles, notes references); secondary tables ranked down."""

from __future__ import annotations

import re

from edgarliq import lazyre

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from edgarliq.model import Kind

_TITLE_RE = lazyre.compile(
    r"\b(?:(?P<bs>balance\s+sheets?|statements?\s+of\s+(?:consolidated\s+)?(?:financial\s+(?:position|condition)|condition)"
    r"|statements?\s+of\s+(?:net\s+)?assets\s+and\s+liabilities)"
    r"|(?P<is>statements?\s+of\s+(?:consolidated\s+|combined\s+)?(?:operations|income|earnings|loss|"
    r"revenues?\s+and\s+expenses|"
    r"(?:net\s+)?(?:income|earnings)\s+\(loss\)|operations\s+and\s+comprehensive|comprehensive\s+income)"
    r"|income\s+statements?|statements?\s+of\s+(?:consolidated\s+)?(?:results\s+of\s+)?operations)"
    r"|(?P<cf>statements?\s+of\s+(?:consolidated\s+)?cash\s+flows?|cash\s+flows?\s+statements?))",
    re.I)
_KIND_GROUP = {"bs": "balance_sheet", "is": "income_statement", "cf": "cash_flow"}
# Other statements end a block too (equity statements follow the balance sheet in 10-Ks).
OTHER_TITLE_RE = lazyre.compile(
    r"statements?\s+of\s+(?:consolidated\s+)?(?:changes\s+in\s+)?(?:stockholders|shareholders|share\s*owners|"
    r"common\s+stock|retained\s+earnings|changes\s+in\s+financial|invested\s+capital|capital)|"
    r"notes\s+to\s+(?:the\s+)?(?:condensed\s+)?(?:consolidated\s+)?(?:condensed\s+)?financial|"
    r"^\s*(?:item\s+[2-9]\b|management.s\s+discussion|selected\s+financial\s+data|report\s+of\s+independent)",
    re.I)
# Cheap tests before the title regexes, run per line of a block: a title (or the second half of
# a split one) holds one of the words of has_title_word, every OTHER_TITLE_RE match one of
# has_other_title_word. Chained `in` over the lowered line: 0.2 us a line, where an
# alternation regex (tried at every position) took 0.5 us and a generator of `in` tests more.


def has_title_word(low: str) -> bool:
    return ("balance" in low or "statement" in low or "income" in low or "operations" in low
            or "earnings" in low or "flows" in low or "loss" in low or "position" in low or "condition" in low)


def has_other_title_word(low: str) -> bool:
    return ("statement" in low or "notes" in low or "item" in low or "management" in low or "selected" in low
            or "report" in low)


STOP_RE = lazyre.compile(
    r"^\s*\(?(?:see|the)\s+(?:the\s+)?(?:accompanying\s+)?notes|accompanying notes are an integral", re.I)
CONTINUED_RE = lazyre.compile(r"continued|liabilities|\(cont", re.I)


# A title broken over two lines: "Consolidated" / "statements of income", "Consolidated statements" /
# "of cash flows" (Intel's 1997 annual report).
# (the same lines as `^\s*(?:consolidated|condensed|combined|\s)+(?:statements?)?\s*$`, whose
# nested white space runs split a long one every way: the look-ahead is its "one or more", and
# possessive runs never give white space back to the next run)
_LEAD_RE = lazyre.compile(r"^(?=\s|consolidated|condensed|combined)\s*+(?:(?:consolidated|condensed|combined)\s*+)*"
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


_SPLIT_TITLE_RE = lazyre.compile(r"\bstatements?\s+of(?:\s+(?:consolidated|cash))?\s*$", re.I)


def joined_title(line: str, prev: str) -> str:
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
    if len(prev) < 100 and tail.endswith(("statement", "statements")) and s[:3].lower() == "of ":
        return prev.strip() + " " + s  # "RESTATED CONSOLIDATED STATEMENT" / "OF CASH FLOWS"
    if len(prev) < 100 and tail.endswith(("balance", "financial")):
        # "CONDENSED CONSOLIDATED BALANCE" / "SHEETS (Unaudited)", "STATEMENTS OF FINANCIAL" /
        # "POSITION": a two-word name broken between its words
        last, first = tail.rsplit(None, 1)[-1], s[:9].lower()
        if (last == "balance" and first.startswith("sheet")) or (
                last == "financial" and first.startswith(("position", "condition"))):
            return prev.strip() + " " + s
    return line


def line_above(lines: list[str], i: int) -> str:
    """The line a title's second half on line i joins (`joined_title`): the line above, or in
    double-spaced text the one above a lone blank line ("CONSOLIDATED STATEMENTS" / "" / "OF CASH
    FLOWS"); "" for the first line or two blank lines."""
    if i <= 0:
        return ""
    prev = lines[i - 1]
    if prev.strip() or i < 2:
        return prev
    return lines[i - 2]  # (blank or not: a blank line joins nothing)


_TITLE_LEAD_WORDS = frozenset(("consolidated", "condensed", "combined"))
# what rules a title match out: a full stop after a word, then the next sentence ("recognition.
# The"; not "Co. Inc", "Dec. 31"), a lead-in that makes it a phrase in a sentence, a table of
# contents line, a caption of selected data
_SENTENCE_BREAK_RE = lazyre.compile(r"[a-z]{3}\.\s+[A-Z][a-z]")
_LEAD_IN_RE = lazyre.compile(r"\b(?:the|in|our|to|these|related|accompanying)\s*$", re.I)
_CONTENTS_LINE_RE = lazyre.compile(r"\.{4,}|\s\d+\s*-\s*\d+\s*$|\bF-\d")
_NOT_A_TITLE_AFTER_RE = lazyre.compile(r"\s*(?:data|information|items|table|for the .{0,30}years? ended .*\d$)", re.I)


def title_kind(line: str, prev: str = "") -> tuple[Kind, re.Match[str]] | None:
    """The statement kind a title line announces, or None for prose, contents lines ..."""
    joined = joined_title(line, prev)
    if joined is line and prev and _sentence_goes_on(prev):
        # the line goes on with a sentence of the line above: "... and the related" /
        # "CONSOLIDATED STATEMENTS OF OPERATIONS, STOCKHOLDERS' EQUITY AND CASH FLOWS FOR" / "each
        # of the three years ..." of an auditors' report in capitals (in mixed case its lower-case
        # start says so)
        return None
    line = joined
    if len(line) > 160:
        return None
    low = line.lower()
    if "balance" not in low and "statement" not in low:  # every title names one of them
        return None
    # Every match starts with balance, statement, income or cash: on ASCII text (re.I folds a few
    # other letters onto these) the search starts at the first of them rather than trying the
    # alternation at every position before it.
    pos = 0
    if line.isascii():
        pos = min(k for k in (low.find("balance"), low.find("statement"), low.find("income"), low.find("cash"))
                  if k >= 0)
    m = _TITLE_RE.search(line, pos)
    if not m:
        return None
    s = line.strip()
    before = line[:m.start()].strip()
    # A title stands alone: not inside a sentence ("... the balance sheet at June 30 ..."). Its
    # own text ends at a wide gap: what is printed beyond it is another column of the page, the
    # company's name or a page number ("CONSOLIDATED STATEMENT OF INCOME       Autodesk,Inc.").
    gap = line.find("   ", m.end())
    own = (line[:gap] if gap >= 0 else line).strip()
    if own.endswith(".") and not own.endswith("..."):
        return None
    # ... nor a sentence that goes on past a full stop on a line of running prose ("1995 income
    # statement recognition. The Company and its auditors believed that", Motorola's 10-K/A)
    lead = len(line) - len(line.lstrip())  # (`own` is stripped: the match ends at m.end() - lead in it)
    if len(own) >= 55 and "   " not in own and _SENTENCE_BREAK_RE.search(own, m.end() - lead):
        return None
    # An all lower-case title stands alone on its (indented) line: "consolidated statement of
    # earnings" (IBM's annual reports); lower-case text elsewhere is a sentence.
    lower_title = (s == s.lower() and line[:1] == " " and not line[m.end():].strip(" .:)(")
                   and all(w in _TITLE_LEAD_WORDS for w in before.split()))
    if not lower_title and (len(before.split()) > 5 or (before and before[0].islower())
                            or (not before and s[0].islower())):
        return None
    if _LEAD_IN_RE.search(before):
        return None
    if _CONTENTS_LINE_RE.search(s):  # table of contents line
        return None
    after = line[m.end():]
    if _NOT_A_TITLE_AFTER_RE.match(after):
        return None
    kind = next(_KIND_GROUP[g] for g, v in m.groupdict().items() if v)
    return kind, m  # type: ignore[return-value]


def is_prose(text: str) -> bool:
    """A line of running prose: 55 characters or more with no wide gap (no table row, no title
    beside a page number)."""
    s = text.strip()
    return len(s) >= 55 and "   " not in s


def _sentence_goes_on(prev: str) -> bool:
    """The line is running prose whose sentence goes on to the next line: ending in a word or a
    comma (not a full stop, a colon, nor a rule's dash)."""
    return is_prose(prev) and (prev.rstrip()[-1].isalpha() or prev.rstrip()[-1] == ",")


# Every title names a balance sheet or a statement (`title_kind` tests both words on the line
# joined to the one above). A line that holds neither can be a candidate only as the second half
# of a title whose first half does, which adding the line after each hit covers.
_KEYWORDS = ("balance", "statement")


def candidate_lines(lines: list[str], lowered: str | None = None) -> list[int]:
    """Lines that may hold a title (or its second half): a substring search over the lowered
    document instead of a Python-level test per line (10-Ks run to 10,000 lines).

    `lowered`, when given, is the document's raw text lowered (line for line the text `lines`
    were cleaned from: cleaning keeps the line count and only blanks markup, tabs and page
    numbers, so it finds every line the cleaned text would, and the caller's tests on the
    cleaned line drop any other); the document is then not joined and lowered again.
    """
    joined = lowered if lowered is not None else "\n".join(lines).lower()
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
        found.add(line_no + 2)  # ... and double-spaced, after a blank line (`line_above`)
    return sorted(k for k in found if k < len(lines))


# words of a kind's key rows: a block under another kind's title is re-read as this kind only
# when its rows print one of them (re-reading every weak candidate three times is costly)
KIND_HINTS: dict[str, tuple[str, ...]] = {
    "balance_sheet": ("total assets", "total current assets", "total current liabilities"),
    "income_statement": ("income before", "earnings before", "net income", "net earnings"),
    "cash_flow": ("net cash",),
}
_SECONDARY_RE = lazyre.compile(r"supplemental|consolidating|guarantor|parent\s+company|registrant|\bschedule\s+i\b|"
                               r"selected|pro\s+forma|\bsegments?\b|subsidiar(?:y|ies)\s+only|company\s+only", re.I)
_NOTES_HEAD_RE = lazyre.compile(r"^\s*notes\s+to\s+(?:the\s+)?(?:condensed\s+)?(?:consolidated\s+)?financial", re.I)


def secondary_penalty(lines: list[str], i: int, title: str) -> float:
    """How far a candidate ranks below the primary statement: supplemental, consolidating and
    guarantor statements, parent-only information, selected data, quarterly and segment tables
    balance and recognise the key rows as well as the consolidated statement does, so their
    titles and the lines just around them (and a notes page heading above them) decide."""
    near = " ".join(lines[max(0, i - 4):i + 3])
    if _SECONDARY_RE.search(near) or "quarterly" in title.lower():
        return 40.0
    # a notes page's heading: in the 8 lines above, or further up the same page (IBM's 1994 annual
    # report heads a page "NOTES TO CONSOLIDATED FINANCIAL STATEMENTS", then a paragraph, then the
    # "statement of financial position" of its customer financing business on an equity basis)
    for k in range(i - 1, max(-1, i - 25), -1):
        ln = lines[k]
        if _NOTES_HEAD_RE.match(ln):
            return 40.0
        if k < i - 8 and ("\f" in ln or not _notes_page_line(ln)):
            break
    return 0.0


def _notes_page_line(line: str) -> bool:
    """A line that may stand between a notes page's heading and a table title on that page: blank,
    the company's name, or a line of prose (figures or a title end the search)."""
    s = line.strip()
    return not s or not any(ch.isdigit() for ch in s) or len(s) > 60


def mentions_statements(low: str) -> bool:
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
