"""Rows into concepts: the label rules of data/concepts.csv, sections and position."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from functools import lru_cache

from edgarliq import lazyre
from edgarliq.bytecache import Kept
from edgarliq.lazyre import LazyPattern
from edgarliq.record import record
from edgarliq.statements.draft import DraftRow

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from typing import Any

    from edgarliq.model import Kind


@record(frozen=True, slots=True)
class _Rule:
    statement: str
    concept: str
    priority: int
    match: str
    kind: str
    # compiled on first use: most rules are never tried on a given filing (issue 15)
    pattern: LazyPattern
    # words one of which a label must contain for the pattern to match it (None: no such test)
    needs: tuple[str, ...] | None = None
    # the first characters of the labels it can match, when every alternative is anchored with `^`
    # and starts with a plain character (None: any)
    first: frozenset[str] | None = None


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    # data/ has no __init__.py (it is package data, not a package): read it from the package directory
    # (os.path, not pathlib: a one-filing process need not import pathlib)
    with open(os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "concepts.csv"), encoding="utf-8") as f:
        text = f.read()
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    out = []
    for rec in csv.DictReader(lines):
        words, firsts = _prefilters(rec["pattern"])
        out.append(_Rule(rec["statement"], rec["concept"], int(rec["priority"]), rec["match"], rec["kind"],
                         LazyPattern(rec["pattern"]), words, firsts))
    out.sort(key=lambda r: -r.priority)
    return tuple(out)


# A rule's prefilters are pure functions of its pattern's text, and reading 77 patterns character
# by character is 2-3 ms of a one-filing process: kept across processes with the compiled
# patterns (edgarliq.bytecache; tests/test_lazyre.py checks the kept values against fresh ones).
_PREFILTERS = Kept("concepts")


def _prefilters(pattern: str) -> tuple[tuple[str, ...] | None, frozenset[str] | None]:
    """(required_words, first_characters) of a rule pattern."""
    got = _PREFILTERS.get(pattern)
    if got is None:
        got = (required_words(pattern), first_characters(pattern))
        _PREFILTERS.put(pattern, got)
    return got


def _structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """Index and character of each `(`, `)` and `|` of a pattern from `start` on, outside escapes
    and character classes: the pattern's group and alternative structure."""
    in_class = False
    i, n = start, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()|":
            yield i, ch
        i += 1


def _alternatives(pattern: str) -> list[str] | None:
    """The top-level alternatives of a pattern (split at `|` outside groups and classes), or None
    when the pattern holds something this reader does not follow (inline flags, a lookbehind)."""
    out: list[str] = []
    depth = 0
    last = 0
    for i, ch in _structure(pattern):
        if ch == "(":
            if pattern.startswith("(?", i) and not pattern.startswith(("(?:", "(?!", "(?="), i):
                return None
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0:
            out.append(pattern[last:i])
            last = i + 1
    out.append(pattern[last:])
    return out


_LITERAL = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 ")
_QUANTIFIERS = frozenset("?*+{")


def _longest_literal(alt: str) -> str:
    """The longest run of plain characters an alternative must match in a row: outside any group,
    class or escape, none of them made optional or repeated by a quantifier after it."""
    best = ""
    run: list[str] = []
    depth = 0
    in_class = False
    i = 0
    n = len(alt)
    while i < n:
        ch = alt[i]
        if ch == "\\":
            i += 2
            if depth == 0:
                run = []
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            run = []
        elif ch == "(":
            depth += 1
            run = []
        elif ch == ")":
            depth -= 1
            run = []
        elif depth == 0:
            if ch in _LITERAL and not (i + 1 < n and alt[i + 1] in _QUANTIFIERS):
                run.append(ch)
                if len(run) > len(best):
                    best = "".join(run)
            else:
                run = []
        i += 1
    return best


_SPECIAL = frozenset("\\[](){}|?*+.^$")


def first_characters(pattern: str) -> frozenset[str] | None:
    """The characters a label matched by `pattern` can start with, when every alternative is
    anchored (`^(total )?cash|^current assets` -> {t, c}); None when that cannot be said (an
    unanchored alternative, a class, an escape, an inline flag ...), and the rule is always tried.
    Read from the pattern text: parsing every rule with `re._parser` cost as much as compiling it,
    at every start (issue 15). Saying None, or more characters than can start a match, only
    makes a rule tried more often, never changes which rule matches."""
    alts = _alternatives(pattern)
    if alts is None:
        return None
    out: set[str] = set()
    for alt in alts:
        if not alt.startswith("^"):
            return None
        chars, nullable = _first_of_text(alt[1:])
        if chars is None or nullable:
            return None
        out |= chars
    return frozenset(out) if out else None


def _first_of_text(seq: str) -> tuple[set[str] | None, bool]:
    """(the characters a match of the sequence `seq` can start with, or None for any; can it be
    empty), for the plain subset of the syntax the rules use: literals, groups, `?` and `*`."""
    out: set[str] = set()
    i, n = 0, len(seq)
    while i < n:
        ch = seq[i]
        if ch == "\\":
            if seq.startswith("\\b", i):  # (zero width: what follows starts the match)
                i += 2
                continue
            return None, False
        if ch == "(":
            end = _group_end(seq, i)
            if end is None:
                return None, False
            if seq.startswith(("(?!", "(?="), i):  # (a lookahead is zero width)
                i = end + 1
                continue
            inner = seq[i + 3:end] if seq.startswith("(?:", i) else seq[i + 1:end]
            if inner.startswith("?"):
                return None, False
            alts = _alternatives(inner)
            if alts is None:
                return None, False
            got, nullable = set(), False
            for alt in alts:
                g, e = _first_of_text(alt)
                if g is None:
                    return None, False
                got |= g
                nullable = nullable or e
            i = end + 1
        elif ch == "[":
            got = _class_members(seq, i)
            if got is None:
                return None, False
            nullable = False
            i = seq.index("]", i + 1) + 1
        elif ch in _SPECIAL:
            return None, False  # (`.`, `$`, a quantifier without an item ...)
        else:
            got, nullable = {ch}, False
            i += 1
        if i < n and seq[i] == "{":
            return None, False
        if i < n and seq[i] in "?*+":
            nullable = nullable or seq[i] != "+"
            i += 1
            if i < n and seq[i] in "?+":  # (a lazy or possessive quantifier)
                i += 1
        out |= got
        if not nullable:
            return out, False
    return out, True


def _class_members(seq: str, start: int) -> set[str] | None:
    """The characters of the plain class opening at `start` (`[a-z ]`): literals and ranges
    only; None for a negated class, an escape or anything else."""
    end = seq.find("]", start + 1)
    body = seq[start + 1:end] if end > start + 1 else ""
    if not body or body[0] == "^" or "\\" in body or "[" in body:
        return None
    out: set[str] = set()
    j = 0
    while j < len(body):
        if j + 2 < len(body) and body[j + 1] == "-":
            lo, hi = body[j], body[j + 2]
            if lo > hi:
                return None
            out.update(chr(c) for c in range(ord(lo), ord(hi) + 1))
            j += 3
        else:
            out.add(body[j])
            j += 1
    return out


def _group_end(seq: str, start: int) -> int | None:
    """The index of the `)` closing the group opened at `start`, or None."""
    depth = 0
    for i, ch in _structure(seq, start):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
    return None


def required_words(pattern: str) -> tuple[str, ...] | None:
    """Per alternative of a rule pattern, a run of plain text it must match ("^total current
    assets" -> "total current assets"; "^(total )?inventor(y|ies)" -> "inventor"): a label holding
    none of them cannot match, which a substring test says before the pattern is tried (most rules
    fail on most labels, and a search costs several substring tests). None when some alternative
    has no run of three characters or more (the pattern is then always tried)."""
    alts = _alternatives(pattern)
    if alts is None:
        return None
    words = []
    for alt in alts:
        w = _longest_literal(alt)
        if len(w.strip()) < 3:
            return None
        words.append(w)
    return tuple(dict.fromkeys(words))


_NORM_RE = lazyre.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)
def normalise(label: str) -> str:
    """`Shareholders' Equity:` -> `shareholders equity` (the form concepts.csv patterns see)."""
    s = label.lower().replace("'", "").replace("\u2019", "").replace("&", " and ")
    return _NORM_RE.sub(" ", s).strip()


@lru_cache(maxsize=1)
def rules_by() -> dict[tuple[str, str], tuple[_Rule, ...]]:
    """The rules per (statement, match), priority order kept (filtered once, not per label).

    (One combined alternation of lookaheads was tried and is twice as slow: `.*?` before an
    anchored pattern tries `^` at every position.)
    """
    out: dict[tuple[str, str], list[_Rule]] = {}
    for rule in _rules():
        out.setdefault((rule.statement, rule.match), []).append(rule)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _rules_by_first() -> dict[tuple[str, str], tuple[dict[str, tuple[_Rule, ...]], tuple[_Rule, ...]]]:
    """`rules_by` per first character of the label: (the rules that can match a label starting
    with each character, the rules for any other first character), priority order kept. A label
    is then tried against a few rules, not all of its statement's."""
    out = {}
    for key, rules in rules_by().items():
        chars = sorted({c for r in rules if r.first is not None for c in r.first})
        table = {c: tuple(r for r in rules if r.first is None or c in r.first) for c in chars}
        out[key] = (table, tuple(r for r in rules if r.first is None))
    return out


# Rule patterns (data/concepts.csv) read like "income[a-z ]* before[a-z ]* taxes": quadratic in the
# length of a label that repeats their first word. No printed caption is longer than a few lines,
# so only the first _MAX_LABEL characters are matched, and a hostile 40,000-character "label"
# costs what a real one does (issue 11).
_MAX_LABEL = 400


# Cached: a pure function of its arguments, and labels repeat across candidate blocks and filings.
@lru_cache(maxsize=8192)
def match_rule(kind: str, match: str, text: str) -> _Rule | None:
    if not text:
        return None
    if len(text) > _MAX_LABEL:
        text = text[:_MAX_LABEL]
    group = _rules_by_first().get((kind, match))
    if group is None:
        return None
    for rule in group[0].get(text[0], group[1]):
        needs = rule.needs
        if needs is not None:
            for w in needs:
                if w in text:
                    break
            else:
                continue  # (the pattern cannot match: it is not tried)
        if rule.pattern.search(text):
            return rule
    return None


KEY_CONCEPTS: dict[str, set[str]] = {
    "balance_sheet": {"total_assets", "total_current_assets", "total_current_liabilities",
                      "total_liabilities_and_equity", "cash", "retained_earnings", "total_equity"},
    "income_statement": {"revenue", "net_income", "pretax_income", "income_tax", "eps_basic",
                         "cost_of_revenue", "operating_income"},
    "cash_flow": {"net_cash_operating", "net_cash_investing", "net_cash_financing", "cash_ending",
                  "cash_beginning", "depreciation_amortization", "net_income"},
}


_PER_SHARE_RE = lazyre.compile(r"per (common )?share")
_PAREN_RE = lazyre.compile(r"\([^()]*\)")
_EPS_PART_RE = lazyre.compile(r"\b(?:before|continuing|discontinued|extraordinary|cumulative effect|effect of"
                               r"|accounting (?:change|principle)s?|pro forma)\b")
# "... per common share after accounting change:" is the EPS of net income, not of a part of it
_AFTER_ITEMS_RE = lazyre.compile(r"\bafter (?:the )?(?:cumulative effect|accounting change|change in accounting"
                                 r"|extraordinary|discontinued)")


def _part_of_result(norm: str) -> bool:
    """The normalised label names a part of the year's result ("before accounting change",
    "from continuing operations"), not net income ("after accounting change")."""
    return _EPS_PART_RE.search(norm) is not None and _AFTER_ITEMS_RE.search(norm) is None


_NET_RE = lazyre.compile(r"net (?:income|earnings|loss)")  # (normalised: "net earnings loss applicable to ...")
_EPS_SUBHEADS = frozenset(("basic", "diluted", "primary", "fully diluted", "assuming dilution", "basic and diluted"))


def is_eps_subhead(norm: str) -> bool:
    """A normalised label that is an EPS sub-head on its own ("basic", "diluted", "fully diluted")."""
    return norm in _EPS_SUBHEADS


_CASH_AT_DATE_RE = lazyre.compile(r"cash(?: and (?:cash )?equivalents)? at (?:january|february|march|april|may|june"
                                  r"|july|august|september|october|november|december) [0-9]{1,2}(?: [0-9]{4})?$")


def label_rule(kind: str, label: str) -> _Rule | None:
    """The label rule a printed label matches, as `assign_concepts` reads it: as printed, else
    without its parentheticals ("Sales (Note 1)")."""
    norm = normalise(label)
    rule = match_rule(kind, "label", norm)
    if rule is None and "(" in label:
        bare = normalise(_PAREN_RE.sub(" ", label))
        if bare and bare != norm:
            rule = match_rule(kind, "label", bare)
    return rule


def _names_segment(kind: str, label: str, rule: _Rule, stack: list[str]) -> bool:
    """The label, which `rule` matches, is a complete label followed by the words of a heading
    above it that names no section or row of the statement: a business segment's figure
    ("Income/(Loss) Before Income Taxes ... Principles - Automotive" under "AUTOMOTIVE", Ford's
    statements printing Automotive, Financial Services and then the total company), not the
    company's. (A label that ends with a heading's words and needs them, "total current
    liabilities" under "current liabilities", is no such label; nor one whose last words are the
    concept's own, under a heading's stray last word "... provided by operating" / "Activities:".)"""
    # (the rules may have matched it without its parentheticals)
    norm = normalise(_PAREN_RE.sub(" ", label)) if "(" in label else normalise(label)
    source = getattr(rule.pattern, "source", None) or getattr(rule.pattern, "pattern", "")
    for head in stack:
        if not (len(norm) > len(head) + 4 and norm.endswith(head) and norm[-len(head) - 1] == " "):
            continue
        if head.count(" ") > 3 or any(ch.isdigit() for ch in head):
            continue  # a name is a few words, no figures ("December 31, 1999", a heading's last line)
        if any(word in source for word in head.split()):
            continue  # words of the concept's own ("activities" of "... operating" / "Activities:")
        if match_rule(kind, "subtotal", head) is not None or match_rule(kind, "label", head) is not None:
            continue
        bare = match_rule(kind, "label", norm[:-len(head) - 1].rstrip())
        if bare is not None and bare.concept == rule.concept:
            return True
    return False


def assign_concepts(rows: list[DraftRow], kind: Kind) -> None:
    """Concepts from labels (concepts.csv), sections and position; one row per concept."""
    stack: list[str] = []
    shape: list[list[Any]] = []  # per stack entry: [heading indent, an item indented under it seen]
    per_share_section = False
    liabilities = False
    prev: DraftRow | None = None
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
        bottom = 0  # priority adjustment of a per-share row named by its section (below)
        if "liabilit" in norm and kind == "balance_sheet" and r.labelled:
            liabilities = liabilities or not norm.startswith("total assets")
        rule = None
        if r.labelled:
            # (parentheticals and footnote marks too: "OPERATING REVENUES (including $38.9, $31.4
            # ... from affiliates)", "Net revenue(1)", "Sales (Q)")
            rule = label_rule(kind, r.label)
            if rule is None and stack and norm == "total":
                # a bare "Total" closes its section like an unlabelled subtotal (Xerox's cash flows)
                rule = match_rule(kind, "subtotal", stack[-1])
            if rule is None and stack and kind == "balance_sheet" and _sole_item(rows, k):
                # "Preferred stock, $2 convertible series:" / "  Authorized 10 million shares ...":
                # an item heading over a single value row reads as one label
                rule = match_rule(kind, "label", normalise(stack[-1] + " " + r.label))
            counts = None
            if stack and norm in _EPS_SUBHEADS and kind == "income_statement" and r.cells:
                # "Shares used in per share calculations:" / "Basic ... 143,820" / "Diluted ...":
                # the sub-heads of a heading that names share counts are the two counts, whatever
                # their figures look like ("Weighted average common shares" / "outstanding" /
                # "Basic  608.2", in millions: Motorola)
                head = match_rule(kind, "label", stack[-1]) or match_rule(kind, "label", _bare(stack[-1]))
                if head is not None and head.kind == "shares":
                    counts = match_rule(kind, "label", "diluted shares") if _eps_kind(norm, []) == "diluted" else head
            if counts is not None and (rule is None or rule.kind in ("per_share", "shares")):
                rule = counts
            elif kind == "income_statement" and per_share_section:
                lab = _eps_kind(norm, stack)
                if rule is not None and rule.concept == "shares_basic" and lab == "diluted":
                    # "Earnings per common share--assuming dilution:" / "Basic ..." / "Weighted average
                    # shares outstanding": the count under the diluted heading is the diluted one
                    rule = match_rule(kind, "label", "diluted shares") or rule
                elif rule is not None and rule.concept == "eps_basic" and lab == "diluted":
                    # "Fully diluted earnings per common share:" / ... / "Earnings per common share"
                    rule = match_rule(kind, "label", "diluted earnings per share")
                elif ((rule is None or rule.kind == "amount") and _all_decimal(r)
                      and not norm.startswith("pro forma")):  # (a pro forma figure is no EPS)
                    # the bottom line's figure is the EPS, not those of the lines above it ("Income
                    # before extraordinary item" / "Extraordinary item" / "Net income", AMD),
                    # ranked below a row whose own label names the EPS ("Diluted Earnings per Share")
                    bottom = -1 if (rule is not None and rule.concept == "net_income") or _NET_RE.match(norm) else -2
                    rule = match_rule(kind, "label", f"{lab} earnings per share")
        else:
            # unlabelled subtotal: position first, then the section heading above it
            if kind == "balance_sheet" and prev is not None and prev.concept == "accumulated_depreciation":
                r.concept, r.priority = "ppe_net", 20
            elif kind == "balance_sheet" and r.dollar and numeric_seen > 1:
                r.concept = "total_liabilities_and_equity" if liabilities else "total_assets"
                r.priority = 30
            elif kind == "income_statement" and per_share_section and r.cells and _all_decimal(r):
                # the unlabelled bottom line of "Basic earnings per share:" / "Before accounting
                # change" / "Cumulative effect ..." is the EPS (Microsoft)
                rule = match_rule(kind, "label", f"{_eps_kind(norm, stack)} earnings per share")
                bottom = -1
            elif stack:
                rule = match_rule(kind, "subtotal", stack[-1])
            if (rule is None and r.concept is None and kind == "balance_sheet" and numeric_seen > 1 and r.cells
                    and (where := _balance_total_by_place(rows, k, liabilities)) is not None):
                # no "$" to say so ("  ------  /  3,515,271  /  ======" and then the liabilities'
                # heading): the total where the assets end, or the statement's last figure
                r.concept, r.priority = where, 25
        if rule is not None and r.labelled and stack and _names_segment(kind, r.label, rule, stack):
            # one segment's figure: left without a concept, as is the row "Automotive" the same
            # words make when the label's last line reads as a label of its own
            rule = None
        if rule is not None and rule.kind == "per_share" and kind == "income_statement" and _count_like(r):
            # "Common and common equivalent shares" / "used in the calculations of" / "earnings per
            # share  121,600,188", "Shares used in computing earnings per share:" / "Basic  136,371":
            # whole numbers of ten thousand and more are the share count, whatever the label's last
            # line says, never a per-share amount
            rule = match_rule(kind, "label", "diluted shares" if _eps_kind(norm, stack) == "diluted"
                              else "weighted average shares")
        if rule is not None:
            r.concept, r.priority, r.kind = rule.concept, rule.priority, rule.kind
            r.priority += bottom
            if rule.kind == "per_share" and rule.concept in ("eps_basic", "eps_diluted") and (
                    _part_of_result(norm) or (stack and _part_of_result(stack[-1]))):
                # the EPS of a part of the year's result ("before accounting change", "from continuing
                # operations"), printed above or beside that of net income: the net figure wins
                r.priority -= 3
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
        # 1997 10-Qs: "$ (8,510)" under the interest income line, then "Net loss per share"; a
        # filer printing no "$" gives the same place no other cue)
        k = next((k for k, r in enumerate(rows) if r.concept in ("eps_basic", "eps_diluted")), None)
        if k is not None:
            above = [r for r in rows[:k] if r.cells]
            if above and not above[-1].labelled and above[-1].concept is None:
                above[-1].concept, above[-1].priority = "net_income", 5
    if kind == "cash_flow" and not any(r.concept in ("cash_beginning", "cash_ending") for r in rows):
        # "Cash and cash equivalents at January 1" / "... at December 31" (IBM): two balances named
        # by date, the opening one printed first
        dated = [r for r in rows if r.cells and r.concept is None and _CASH_AT_DATE_RE.match(normalise(r.label))]
        if len(dated) == 2 and rows.index(dated[1]) - rows.index(dated[0]) <= 2:
            dated[0].concept, dated[1].concept = "cash_beginning", "cash_ending"
            dated[0].priority = dated[1].priority = 40
    # one row per concept: higher priority, then a total row, then the first
    best: dict[str, DraftRow] = {}
    for r in rows:
        if not r.concept:
            continue
        cur = best.get(r.concept)
        if cur is None or (r.priority, r.total) > (cur.priority, cur.total) or (
                r.concept == "income_continuing" and (r.priority, r.total) == (cur.priority, cur.total)
                and r.cells is not None and not _all_decimal(r)):
            # (of several "Income before ..." lines the last, just above the items below it, is the
            # income before them: "Income before accounting change and equity investment" /
            # "Income before cumulative effect of accounting change", Altera)
            best[r.concept] = r
    for r in rows:
        if r.concept and best.get(r.concept) is not r:
            r.concept = None


def _balance_total_by_place(rows: list[DraftRow], k: int, liabilities: bool) -> str | None:
    """An unlabelled balance-sheet row at a place only a grand total takes: right before the
    liabilities half's heading (total assets), or the last figures of the statement once the
    liabilities have begun (total liabilities and equity). None elsewhere."""
    later = rows[k + 1:]
    if not liabilities:
        nxt = next((x for x in later if x.is_heading or x.labelled or x.cells), None)
        if nxt is not None and nxt.is_heading and "liabilit" in nxt.label.lower():
            return "total_assets"
        return None
    return None if any(x.cells for x in later) else "total_liabilities_and_equity"


def _eps_kind(norm: str, stack: list[str]) -> str:
    """"diluted" or "basic": the row's own words, else the sub-head it is under ("Diluted:", "Fully
    diluted earnings per share:"; "Basic and diluted", a figure for both, is basic)."""
    for words in (norm, stack[-1] if stack else ""):
        if "dilut" in words:
            return "basic" if "basic" in words or "primary" in words else "diluted"
        if "basic" in words or "primary" in words:
            return "basic"
    return "basic"


def _bare(norm: str) -> str:
    """A normalised heading without a trailing footnote number ("shares used in ... calculations 1")."""
    head, _, last = norm.rpartition(" ")
    return head if head and last.isdigit() and len(last) <= 2 else norm


def _sole_item(rows: list[DraftRow], k: int) -> bool:
    """Row k is the only value row under the heading just above it."""
    if k == 0 or not rows[k - 1].is_heading:
        return False
    if k + 1 >= len(rows):
        return True
    nxt = rows[k + 1]
    return nxt.is_heading or nxt.line_no > rows[k].last_line + 1


def _count_like(r: DraftRow) -> bool:
    """Every figure of the row a whole number of at least 10,000 (no decimal point)."""
    cells = [c for c in (r.cells or []) if c is not None and c.value]
    return bool(cells) and all(not c.decimal and abs(c.value or 0) >= 10_000 for c in cells)


def _all_decimal(r: DraftRow) -> bool:
    cells = [c for c in (r.cells or []) if c is not None and c.value]
    return bool(cells) and all(c.decimal and abs(c.value or 0) < 1000 for c in cells)
