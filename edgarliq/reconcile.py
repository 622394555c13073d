"""Checks on the extracted statements: the balance sheet balances, printed subtotals add up,
and the statements agree with every EX-27 schedule column of the filing.

Every comparison becomes a `Check`; a statement that was not found gives a `skip` check
saying why, and a disagreement is a `fail`: no wrong number passes silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

from edgarliq import lazyre
from edgarliq.checks import Check, compare
from edgarliq.model import CURRENCY, FDS_PAIRS, KINDS, Statement, StatementRow

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["reconcile", "cross_checks", "FDS_PAIRS"]

# Printed subtotals whose components are the rows above them in the same section.
SUBTOTALS: tuple[tuple[str, str], ...] = (
    ("balance_sheet", "total_current_assets"),
    ("balance_sheet", "total_current_liabilities"),
)


def reconcile(statements: Mapping[str, Statement], schedules: Iterable[Any] = (),
              period_of_report: date | None = None) -> list[Check]:
    """All checks for one filing (see module docstring)."""
    checks: list[Check] = []
    missing = dict(getattr(statements, "missing", ()) or ())
    for kind in KINDS:
        if kind not in statements:
            checks.append(Check(f"{kind}.found", "skip", detail=missing.get(kind, "statement not found")))
        elif statements[kind].unit_source == "assumed":
            # no "(in thousands)" anywhere: the figures are as printed, which may well be thousands
            checks.append(Check(f"{kind}.unit", "skip", detail="no amount unit printed in this or any sibling "
                                "statement: values are taken as printed (unit 1) and may be understated"))
        elif statements[kind].unit_source == "schedule":
            unit = statements[kind].unit
            checks.append(Check(f"{kind}.unit", "pass", detail=
                                f"no amount unit printed in this or any sibling statement: {unit:,} is the "
                                "unit of the filing's EX-27, whose key figures are the printed ones times "
                                f"{unit:,}"))
        elif statements[kind].unit_source == "prose":
            unit = statements[kind].unit
            checks.append(Check(f"{kind}.unit", "pass", detail=
                                f"no amount unit printed in this or any sibling statement, nor given by an EX-27: "
                                f"{unit:,} is the unit at which the amounts the filing's prose gives (\"$2.1 "
                                "billion\") are the printed figures, rounded as the prose rounds"))
    checks.extend(_unit_from_prose(statements))
    bs = statements.get("balance_sheet")
    if bs is not None:
        checks.extend(_balance(bs))
        # Statements rebuilt from inline XBRL facts hold only the tagged concept rows, not every
        # printed line, so their components cannot be summed against the printed subtotal.
        # (only the inline XBRL reader builds those, always with unit_source "xbrl": its module,
        # and lxml with it, is imported for them alone, not for every plain-text filing)
        if not _from_xbrl_facts(bs):
            for _kind, concept in SUBTOTALS:
                checks.extend(_subtotal(bs, concept))
    checks.extend(_versus_fds(statements, list(schedules), missing, period_of_report))
    checks.extend(cross_checks(statements, period_of_report))
    return checks


# --------------------------------------------------------------------------------------------
# Checks between statements and within them, for every era's statements: a value the parser got
# from the wrong table, row or column breaks one of these identities even where no EX-27 exists.


def _unit_from_prose(statements: Mapping[str, Statement]) -> list[Check]:
    """Each statement's amount unit against the one the filing's prose gives ("$2.1 billion" over a
    printed 2,129: millions): one check, when the prose gives one (`Statements.prose_unit`); a unit
    misread from a caption, a sibling or an EX-27 is a thousandfold error that fails here."""
    prose = getattr(statements, "prose_unit", None)
    # (a unit taken from the prose is not checked against it: that would be the prose against itself)
    kinds = [k for k in KINDS if k in statements and statements[k].unit_source != "prose"]
    if prose is None or not kinds:
        return []
    unit, votes = prose
    wrong = [k for k in kinds if (statements[k].unit or 1) != unit]
    if not wrong:
        return [Check("statements.unit.prose", "pass", detail=
                      f"the unit of {', '.join(kinds)} ({unit:,}) is the one at which {votes} amounts the "
                      "filing's prose gives in words are printed figures")]
    read = ", ".join(f"{k} at {statements[k].unit or 1:,} ({statements[k].unit_source})" for k in wrong)
    return [Check("statements.unit.prose", "fail", detail=
                  f"{votes} amounts the filing's prose gives in words are printed figures at {unit:,}, but "
                  f"{read} is read otherwise: a misread unit multiplies every amount")]


def cross_checks(statements: Mapping[str, Statement], period_of_report: date | None = None) -> list[Check]:
    """Net income on both statements, the cash-flow identities, cash on both statements, EPS x
    shares, income-statement and cash-flow subtotals, and period sanity."""
    out: list[Check] = []
    inc, cf, bs = (statements.get("income_statement"), statements.get("cash_flow"),
                   statements.get("balance_sheet"))
    for st in (bs, inc, cf):
        if st is not None:
            out.extend(_periods(st, period_of_report))
            out.extend(_year_rows(st))
    if inc is not None and cf is not None:
        out.extend(_net_income_agrees(inc, cf))
    if cf is not None:
        out.extend(_cash_flow_sums(cf))
        if bs is not None:
            out.extend(_cash_agrees(cf, bs))
        if not _from_xbrl_facts(cf):
            for concept in ("net_cash_investing", "net_cash_financing"):
                out.extend(_section_sum(cf, concept))
    if inc is not None:
        out.extend(_eps_times_shares(inc))
        out.extend(_net_from_pretax(inc))
        if not _from_xbrl_facts(inc):
            out.extend(_section_sum(inc, "total_costs_and_expenses"))
    return out


def _net_from_pretax(inc: Statement) -> list[Check]:
    """Income before income taxes less the tax = net income, where the statement prints nothing
    else between them (no minority interest, equity income, discontinued or extraordinary items,
    no subtotal): a pre-tax or net income line taken from the wrong row breaks it. A tax printed as
    a positive benefit adds (the printed sign of a benefit varies); the detail says which."""
    rows = inc.rows
    at = {r.concept: k for k, r in enumerate(rows) if r.concept in ("pretax_income", "income_tax", "net_income")}
    if len(at) < 3 or not at["pretax_income"] < at["income_tax"] < at["net_income"]:
        return []
    p, t, n = rows[at["pretax_income"]], rows[at["income_tax"]], rows[at["net_income"]]
    if p.derived is not None or any(r is not t and r.measure == CURRENCY and any(v is not None for v in r.values)
                                    for r in rows[at["pretax_income"] + 1:at["net_income"]]):
        return []
    out = []
    for i, col in enumerate(inc.columns):
        a, b, c = (r.values[i] if i < len(r.values) else None for r in (p, t, n))
        if a is None or b is None or c is None:
            continue
        tol = 1.5 * inc.unit
        benefit = abs(a + b - c) <= tol < abs(a - b - c)
        out.append(compare("income_statement.net_income_from_pretax", c, a + b if benefit else a - b, tol,
                           f"net income = '{p.label[:40]}' {'+' if benefit else '-'} '{t.label[:40]}'"
                           f"{' (a benefit printed positive)' if benefit else ''} at {col.label}", column=col.label))
    return out


def _year_rows(st: Statement) -> list[Check]:
    """A row whose figures are the columns' own years, in order ("2000  1999" worth 2,000 and 1,999
    thousand): a header line read as figures. Reported only where one is found (a fail); real
    amounts equal to the years of every column, in order, do not happen by chance."""
    years = [float(c.period_end.year) if c.period_end is not None else None for c in st.columns]
    if len(years) < 2 or None in years:
        return []
    unit = st.unit or 1
    out = []
    for r in st.rows:
        if r.measure != CURRENCY or len(r.values) != len(years) or None in r.values:
            continue
        if [v / unit for v in r.values] == years:
            out.append(Check(f"{st.kind}.year_row", "fail", None, None, None, None,
                             f"row '{r.label[:50]}' holds the columns' years ({', '.join(str(int(y)) for y in years)}) "
                             "as figures: a header line read as a row", {"row": r.label}))
    return out


def _periods(st: Statement, por: date | None) -> list[Check]:
    """No column dated after the period of report (a week's grace for 52/53-week years); no two
    columns of one statement with the same period; a flow column has a duration."""
    out: list[Check] = []
    seen: dict[tuple[Any, Any], str] = {}
    for c in st.columns:
        if por is not None and c.period_end is not None and (c.period_end - por).days > 7:
            out.append(Check(f"{st.kind}.period.after_report", "fail", None, None, None, None,
                             f"column '{c.header or c.label}' is dated {c.period_end.isoformat()}, after the "
                             f"period of report {por.isoformat()}: a misread header", {"column": c.label}))
        if c.period_end is None:
            out.append(Check(f"{st.kind}.period.undated", "fail", None, None, None, None,
                             f"column '{c.header or '?'}' has no period end: its values cannot be placed",
                             {"column": c.label}))
            continue
        key = (c.period_end, c.months)
        if key in seen:
            out.append(Check(f"{st.kind}.period.duplicate", "fail", None, None, None, None,
                             f"two columns carry the period {c.label} ('{seen[key]}' and '{c.header}'): "
                             "one of them is misdated (inception-to-date, pro forma, restated ...)",
                             {"column": c.label}))
        seen[key] = c.header
        if st.kind != "balance_sheet" and c.months is None:
            out.append(Check(f"{st.kind}.period.duration", "fail", None, None, None, None,
                             f"flow column '{c.header or c.label}' prints no duration the parser could read",
                             {"column": c.label}))
    return out


def _pairs(a: Statement, b: Statement) -> list[tuple[int, int, str]]:
    """(column of a, column of b, label) for the periods both statements print."""
    out = []
    for i, c in enumerate(a.columns):
        if c.period_end is None:
            continue
        j = b.column_index(c.period_end, c.months if b.kind != "balance_sheet" else None)
        if j is not None:
            out.append((i, j, c.label))
    return out


def _net_income_agrees(inc: Statement, cf: Statement) -> list[Check]:
    net = inc.row("net_income")
    if net is None or cf.row("net_income") is None:
        return []
    # The cash flow starts from the consolidated result; when the income statement's net income is
    # the company's share ("attributable to Alcoa"), its consolidated line above is compared.
    whole = None
    if "attributable" in net.label.lower() or "applicable" in net.label.lower():
        k = inc.rows.index(net)
        whole = next((r for r in reversed(inc.rows[:k]) if r.concept is None and _CONSOLIDATED_NET_RE.match(
            " ".join(r.label.lower().replace("(", " ").replace(")", " ").split()))), None)
    out = []
    for i, j, label in _pairs(inc, cf):
        a, b = inc.value("net_income", i), cf.value("net_income", j)
        what = "income-statement net income"
        if whole is not None and i < len(whole.values) and whole.values[i] is not None:
            a, what = whole.values[i], f"income-statement '{whole.label[:50]}'"
        if a is None or b is None:
            continue
        out.append(compare("cash_flow.net_income", a, b, max(_tol(inc), _tol(cf)),
                           f"cash-flow net income = {what} at {label}", column=label))
    return out


_TO_COMMON_RE = lazyre.compile(r"\b(?:applicable|available|attributable) to common")
# "Net (loss) income", "Net income including noncontrolling interests", "Consolidated net income"
# (Coca-Cola): the consolidated result
_CONSOLIDATED_NET_RE = lazyre.compile(r"(?:consolidated )?net (?:income|earnings|loss|profit)"
                                      r"(?: (?:loss|income|earnings))?(?: including [a-z ]*)?$")


def _cash_flow_sums(cf: Statement) -> list[Check]:
    """operating + investing + financing (+ exchange-rate effect, + discontinued operations'
    cash lines printed apart) = net change in cash; beginning + change = ending cash."""
    out = []
    # the exchange-rate line printed below the net change (Microsoft) is not part of it: it comes
    # between the change and the ending cash instead
    order = {r.concept: k for k, r in enumerate(cf.rows) if r.concept}
    # Discontinued operations' cash printed apart, between the activity totals and the net change
    # (Xerox: "Cash Provided (Used) by Discontinued Operations"). Lines inside a section are
    # already in its total ("Gain on sales ... (including discontinued operations)" is an
    # operating adjustment at BMS), so they are not added again.
    last_total = max((order[c] for c in ("net_cash_operating", "net_cash_investing", "net_cash_financing")
                      if c in order), default=len(cf.rows))
    change_at = order.get("net_change_in_cash", len(cf.rows))
    extra_rows = [r for k, r in enumerate(cf.rows) if last_total < k < change_at and r.concept is None
                  and r.label and "discontinued" in r.label.lower() and any(v is not None for v in r.values)]
    fx_after = ("fx_effect" in order and "net_change_in_cash" in order
                and order["fx_effect"] > order["net_change_in_cash"])
    # Cash that joins the roll below the net change, printed before the opening balance: "Change in
    # Cash and Cash Equivalents due to Consolidation of an entity" (Yum! Brands' 2008 10-K); not the
    # parts of a balance printed there ("Cash ... from continuing operations, beginning of year", TEGNA)
    roll_rows = [r for k, r in enumerate(cf.rows)
                 if change_at < k < order.get("cash_beginning", -1) and r.concept is None and r.label
                 and any(v is not None for v in r.values) and not _BALANCE_WORDS_RE.search(r.label)]
    for i, col in enumerate(cf.columns):
        parts = [cf.value(c, i) for c in ("net_cash_operating", "net_cash_investing", "net_cash_financing")]
        change = cf.value("net_change_in_cash", i)
        if all(p is not None for p in parts) and change is not None:
            total = sum(parts)  # type: ignore[arg-type]
            how = "operating + investing + financing"
            fx = cf.value("fx_effect", i)
            if fx is not None and not fx_after:
                total += fx
                how += " + exchange-rate effect"
            total, how = _plus_rows(total, how, extra_rows, i)
            out.append(compare("cash_flow.activities_sum", change, total, 1.5 * cf.unit,
                               f"net change in cash = {how} at {col.label}", column=col.label))
        beg, end = cf.value("cash_beginning", i), cf.value("cash_ending", i)
        if beg is not None and end is not None and change is not None:
            fx = cf.value("fx_effect", i) if fx_after else None
            total = beg + change + (fx or 0)
            how = f"beginning cash + net change{' + exchange-rate effect' if fx else ''}"
            total, how = _plus_rows(total, how, roll_rows, i)
            out.append(compare("cash_flow.cash_roll", end, total, 1.5 * cf.unit,
                               f"ending cash = {how} at {col.label}", column=col.label))
    return out


def _plus_rows(total: float, how: str, rows: list[StatementRow], i: int) -> tuple[float, str]:
    """`total` and its description `how` with column i of each of `rows` added (those printing one)."""
    for r in rows:
        v = r.values[i] if i < len(r.values) else None
        if v is not None:
            total += v
            how += f" + '{r.label[:50]}'"
    return total, how


_BALANCE_WORDS_RE = lazyre.compile(r"\b(?:beginning|end of|balance|opening|closing)", re.I)


def _cash_kind(label: str) -> str:
    low = label.lower()
    return "cash+equivalents" if "equivalent" in low else ("cash+investments" if "invest" in low else "cash")


def _cash_agrees(cf: Statement, bs: Statement) -> list[Check]:
    """The cash-flow statement's ending cash = the balance sheet's cash line at the same date,
    where both name the same thing (cash and equivalents on both, or cash on both).

    Since 2018 (ASU 2016-18) a cash flow ends with cash *and restricted cash*, which the balance
    sheet prints on lines of their own, or in other assets: the balance sheet's cash plus the
    restricted cash it prints is then the ending cash (Exxon Mobil: "Cash and cash equivalents" +
    "Cash and cash equivalents - restricted"); failing that, a line the cash flow prints for the
    balance sheet's figure ("Less: Restricted cash ... at end of period" / "Cash and Cash
    Equivalents at End of Period", Coca-Cola) is compared; failing that, the check is skipped as
    comparing two definitions. So is a cash flow whose ending cash holds discontinued operations'
    cash when it prints that of the continuing operations apart (TEGNA 2015: the balance sheet,
    restated, holds only theirs)."""
    end_row, cash_row = cf.row("cash_ending"), bs.row("cash")
    if end_row is None or cash_row is None:
        return []
    out = []
    alike = _cash_kind(end_row.label) == _cash_kind(cash_row.label) or "equivalent" not in end_row.label.lower()
    restricted = "restricted" in end_row.label.lower() and "restricted" not in cash_row.label.lower()
    bs_restricted = [r for r in bs.rows if r.concept is None and "restricted" in r.label.lower()
                     and "cash" in r.label.lower() and r is not cash_row]
    printed = _printed_ending(cf, end_row, restricted)
    for i, col in enumerate(cf.columns):
        if col.period_end is None:
            continue
        j = bs.column_index(col.period_end)
        if j is None:
            continue
        a, b = bs.value("cash", j), cf.value("cash_ending", i)
        if a is None or b is None:
            continue
        if not alike:
            out.append(Check("cash_flow.cash_vs_balance_sheet", "skip", a, b, None, None,
                             f"'{end_row.label}' and '{cash_row.label}' are not defined alike at {col.label}",
                             {"column": col.label}))
            continue
        tol = max(_tol(cf), _tol(bs))
        if restricted:
            extra = [r.values[j] for r in bs_restricted if j < len(r.values) and r.values[j] is not None]
            if extra:
                names = " + ".join(f"'{r.label[:50]}'" for r in bs_restricted)
                out.append(compare("cash_flow.cash_vs_balance_sheet", a + sum(extra), b, tol,  # type: ignore[arg-type]
                                   f"ending cash of the cash flow, restricted cash included = balance-sheet "
                                   f"'{cash_row.label}' + {names} at {col.label}", column=col.label))
                continue
        if printed is not None:
            v = printed.values[i] if i < len(printed.values) else None
            if v is not None:
                out.append(compare("cash_flow.cash_vs_balance_sheet", a, v, tol,
                                   f"the cash flow's '{printed.label[:80]}' = balance-sheet '{cash_row.label}' "
                                   f"at {col.label} (its ending cash, '{end_row.label[:60]}', holds more)",
                                   column=col.label))
                continue
        check = compare("cash_flow.cash_vs_balance_sheet", a, b, tol,
                        f"ending cash of the cash flow = balance-sheet '{cash_row.label}' at {col.label}",
                        column=col.label)
        if restricted and check.status == "fail":
            # (equal, they agree: the company holds no restricted cash, or its line holds it too)
            check = Check("cash_flow.cash_vs_balance_sheet", "skip", a, b, None, None,
                          f"'{end_row.label}' includes restricted cash, which '{cash_row.label}' does not, and "
                          f"neither statement prints the difference at {col.label}", {"column": col.label})
        out.append(check)
    return out


def _printed_ending(cf: Statement, end_row: StatementRow, restricted: bool) -> StatementRow | None:
    """A closing-cash line the cash flow prints besides its ending cash, defined as the balance
    sheet's line is: without the restricted cash the ending cash includes (`restricted`), or of
    the continuing operations only. None when there is no such line."""
    for r in cf.rows:
        low = r.label.lower()
        if r is end_row or r.concept is not None or "cash" not in low or not _END_OF_RE.search(low):
            continue
        if "discontinued" in low or low.startswith(("less", "restricted")):
            continue
        if restricted and "restricted" not in low:
            return r
        if not restricted and "continuing operations" in low:
            return r
    return None


_END_OF_RE = lazyre.compile(r"\bend of (?:the )?(?:period|year|quarter)\b")


def _eps_times_shares(inc: Statement) -> list[Check]:
    """EPS x weighted shares is close to net income: catches share counts read as EPS and EPS
    rows read as net income. Share counts are often printed in thousands under a heading
    that says so far away, so the product may be off by exactly 1000 or a million: that scale
    is reported, not failed. EPS is rounded to the cent and preferred dividends come off net
    income, so the tolerance is a cent a share plus 10% of net income."""
    out = []
    # EPS is that of the common shares: when the statement prints net income "applicable to
    # common" (after preferred dividends and accretion, CPI Aerostructures 2015: (1,909,561)
    # against a net loss of (1,433,981)), the product may match that line instead
    common = next((r for r in inc.rows if r.concept is None and _TO_COMMON_RE.search(r.label.lower())
                   and any(v is not None for v in r.values)), None)
    for eps_c, sh_c in (("eps_basic", "shares_basic"), ("eps_diluted", "shares_diluted")):
        if inc.row(eps_c) is None or inc.row(sh_c) is None or inc.row("net_income") is None:
            continue
        for i, col in enumerate(inc.columns):
            eps, sh, ni = inc.value(eps_c, i), inc.value(sh_c, i), inc.value("net_income", i)
            if eps is None or sh is None or ni is None or sh <= 0:
                continue
            best = None
            targets = [ni]
            if common is not None and i < len(common.values) and common.values[i] is not None:
                targets.append(common.values[i])
            for scale in (1, 1000, 1_000_000):
                prod = eps * sh * scale
                for target in targets:
                    tol = 0.0051 * sh * scale + 0.1 * abs(target) + _tol(inc)
                    if abs(prod - target) <= tol:
                        best = (scale, prod, tol, target)
                        break
                if best is not None:
                    break
            if best is None:
                out.append(Check(f"income_statement.{eps_c}_x_shares", "fail", ni, eps * sh, eps * sh - ni,
                                 0.0051 * sh + 0.1 * abs(ni), f"{eps_c} {eps} x {sh_c} {sh:g} is far from net "
                                 f"income {ni:g} at {col.label} (at any share scale): a share count or an EPS "
                                 "row was taken for another row", {"column": col.label}))
            else:
                scale, prod, tol, target = best
                note = "" if scale == 1 else f" (shares read x{scale}: printed in thousands/millions)"
                what = "net income" if target is ni else f"'{common.label[:50]}'" if common is not None else ""
                out.append(Check(f"income_statement.{eps_c}_x_shares", "pass", target, prod, prod - target, tol,
                                 f"{eps_c} x {sh_c} = {what} at {col.label}{note}", {"column": col.label}))
    return out


_SECTION_WORD = {"net_cash_investing": "invest", "net_cash_financing": "financ",
                 "total_costs_and_expenses": "expense"}


def _section_sum(st: Statement, concept: str) -> list[Check]:
    """The rows of a section add up to its printed total: investing and financing cash flows
    from their heading ("Cash flows from investing activities:"), costs and expenses from
    theirs; nested subtotals replace the rows they sum (as `_subtotal` does)."""
    idx = next((k for k, r in enumerate(st.rows) if r.concept == concept), None)
    if idx is None:
        return []
    word = _SECTION_WORD[concept]
    start = None
    for k in range(idx - 1, -1, -1):
        r = st.rows[k]
        if r.concept in ("net_cash_operating", "net_cash_investing", "net_cash_financing", "revenue",
                         "gross_profit"):
            start = k + 1
            break
        if all(v is None for v in r.values) and word in r.label.lower():
            start = k + 1
            break
    if start is None or idx - start < 2:
        return []
    out = []
    for i, col in enumerate(st.columns):
        items = _section_items(st, start, idx, i)
        total = st.rows[idx].values[i] if i < len(st.rows[idx].values) else None
        if len(items) < 2 or total is None:
            continue
        got = sum(items)
        # cost sections print expenses positive; a few print the credits negative: either sign
        if concept == "total_costs_and_expenses" and abs(got - total) > _tol(st) and abs(-got - total) <= _tol(st):
            got = -got
        out.append(compare(f"{st.kind}.{concept}.sum", total, got, _tol(st) * len(items) ** 0.5 + _tol(st),
                           f"{concept} = sum of the {len(items)} rows above it at {col.label}", column=col.label))
    return out
def _from_xbrl_facts(st: Statement) -> bool:
    """A statement the inline XBRL reader built (unit_source "xbrl", its title suffix). The unit
    is tested first so that plain-text filings never import that module, and lxml with it."""
    if st.unit_source != "xbrl":
        return False
    from edgarliq.tables.ixbrl import XBRL_TITLE_SUFFIX

    return st.title.endswith(XBRL_TITLE_SUFFIX)


def _section_items(st: Statement, start: int, idx: int, i: int) -> list[float]:
    """The values of column `i` in rows start..idx-1 that add up to the printed total at `idx`: a
    printed inner subtotal replaces the items it sums (so they are not counted twice)."""
    items: list[float] = []
    for r in st.rows[start:idx]:
        v = r.values[i] if i < len(r.values) else None
        if v is None:
            continue
        if r.total and len(items) >= 2:
            for k in range(len(items) - 2, -1, -1):
                if abs(sum(items[k:]) - v) <= _tol(st):
                    del items[k:]
                    break
        items.append(v)
    return items


def _tol(st: Statement, other: float = 1) -> float:
    return max(st.unit, other) / 2


def _balance(bs: Statement) -> list[Check]:
    out = []
    for i, col in enumerate(bs.columns):
        assets = bs.value("total_assets", i)
        le = bs.value("total_liabilities_and_equity", i)
        how = "printed total liabilities and equity"
        if le is None:
            tl, te = bs.value("total_liabilities", i), bs.value("total_equity", i)
            if tl is not None and te is not None:
                le, how = tl + te, "total liabilities + total equity (derived)"
        out.append(compare("balance_sheet.balances", assets, le, _tol(bs),
                           f"total assets = {how} at {col.label}", column=col.label))
    return out


def _subtotal(st: Statement, concept: str) -> list[Check]:
    """Sum the value rows between the section start and the printed subtotal.

    Nested subtotals (an unlabelled inventory total under "Inventories:") replace the rows
    they sum, found greedily: a total row equal to the sum of the rows just above it.
    """
    idx = next((k for k, r in enumerate(st.rows) if r.concept == concept), None)
    if idx is None:
        return []
    # components start after the section heading ("Current assets:"); without one they are not
    # identifiable and no check is made (inner labelled totals are nested subtotals, see below)
    start = idx
    while start > 0:
        above = st.rows[start - 1]
        if all(v is None for v in above.values) and "current" in above.label.lower():
            break
        if above.concept in ("total_assets", "total_current_assets", "total_equity"):
            break
        start -= 1
    if start == 0 and concept != "total_current_assets":
        return []
    out = []
    for i, col in enumerate(st.columns):
        items = _section_items(st, start, idx, i)
        if len(items) < 2:
            continue
        out.append(compare(f"{st.kind}.{concept}.sum", st.rows[idx].values[i], sum(items), _tol(st),
                           f"{concept} = sum of the {len(items)} rows above it at {col.label}", column=col.label))
    return out


def _canonical(column: Any) -> dict[str, float]:
    try:
        return dict(column.canonical())
    except (AttributeError, TypeError):
        return {}


def _versus_fds(statements: Mapping[str, Statement], schedules: list[Any], missing: Mapping[str, str] | None = None,
                por: date | None = None) -> list[Check]:
    """Each EX-27 figure against the statement. A figure the schedule reports for the period of
    report that no statement gives is a failure naming why (statement not found, no such column):
    the filing states a number we could not confirm. Older periods (restated prior-year columns)
    that the statements need not print are skipped."""
    missing = missing or {}
    out: list[Check] = []
    for sch in schedules:
        article = str(getattr(sch, "article", "") or "").strip()
        if article not in ("", "5"):
            continue  # banks, insurers ...: other tags, not comparable with article-5 names
        mult = float(getattr(sch, "multiplier", 1) or 1)
        dtype = getattr(sch, "document_type", "EX-27")
        for col in getattr(sch, "columns", ()):
            values = _canonical(col)
            end: date | None = getattr(col, "period_end", None)
            months = getattr(col, "months", None)
            for kind, concept, tag, flow in FDS_PAIRS:
                want = values.get(tag)
                name = f"fds.{tag}"
                where = f"{dtype} {end.isoformat() if end else '?'}" + (f" {months}M" if flow and months else "")
                if not want:
                    continue  # absent, or 0 = "not reported" in many schedules
                st = statements.get(kind)
                current = end is not None and (por is None or end >= por)
                if st is None:
                    why = missing.get(kind, "statement not found")
                    out.append(Check(name, "fail" if current else "skip", want, None, None, None,
                                     f"{where}: {kind} not found ({why}); the EX-27 value is unconfirmed",
                                     {"period_end": _iso(end)}))
                    continue
                ci = st.column_index(end, months if flow else None)
                if ci is None:
                    ci, problem = _near_column(st, end, months if flow else None)
                    if problem:
                        out.append(Check(f"{name}.period", "fail", want, None, None, None, f"{where}: {problem}",
                                         {"period_end": _iso(end), "months": months if flow else None}))
                    if ci is None:
                        if not problem:
                            newest = current and all(c.period_end is None or c.period_end <= end
                                                     for c in st.columns)
                            out.append(Check(f"{name}.period" if newest else name, "fail" if newest else "skip",
                                             want, None, None, None,
                                             f"{where}: the {kind} prints no column for this period"
                                             + (" (later than any it prints: the schedule or the statement's "
                                                "header is misdated)" if newest else ""),
                                             {"period_end": _iso(end), "months": months}))
                        continue
                got = st.value(concept, ci)
                tol = max(mult, st.unit) / 2
                if got is None:
                    out.append(Check(name, "fail", want, None, None, tol,
                                     f"{where}: no {concept} row recognised in the {kind}",
                                     {"period_end": _iso(end), "months": months}))
                    continue
                out.append(compare(name, want, got, tol, f"{where}: {kind} {concept} vs EX-27 {tag}",
                                   period_end=_iso(end), months=months if flow else None))
    return out


def _near_column(st: Statement, end: date | None, months: int | None) -> tuple[int | None, str]:
    """When no statement column has the EX-27 period exactly: the column to compare with, and why
    the periods disagree (a failed check: the scorer, and any reader, matches periods exactly).

    - a column ending within 7 days with the same duration: the schedule and the statement name
      different ends of one 52/53-week period (Apple 1996-06: EX-27 06-29, statement June 28);
      its values are still compared, but the date disagreement is a failure of its own;
    - a column with the same end but another duration: the schedule's duration is wrong (Apple
      1997-06: EX-27 "6-MOS", the statement prints three and nine months); nothing to compare.
    """
    if end is None:
        return None, ""
    for i, c in enumerate(st.columns):
        if c.period_end is None or c.period_end == end or abs((c.period_end - end).days) > 7:
            continue
        if months is None or c.months in (None, months):
            return i, (f"the EX-27 period ends {end.isoformat()}, the {st.kind} column ends "
                       f"{c.period_end.isoformat()} (compared with that column)")
    if months is not None:
        printed = sorted({c.months for c in st.columns if c.period_end == end and c.months})
        if printed:
            return None, (f"the EX-27 column covers {months} months to {end.isoformat()}; the {st.kind} prints "
                          + ", ".join(f"{m} months" for m in printed) + " to that date")
    return None, ""


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
