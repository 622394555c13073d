"""Presentation and label linkbases (EX-101.PRE / .LAB / .SCH) confirm the inline XBRL statements.

The parser runs on a real excerpt of Apple's presentation linkbase (10-Q, July 1, 2023) and on
linkbases constructed from the concepts of Apple's 10-Q of June 28, 2025 (fixtures/linkbase/
make_apple_2025q3.py: no public copy of that filing's EX-101 documents exists here). The checks
run on the corpus copy of that 10-Q wrapped, in memory, in a full submission with the linkbases.
"""

from __future__ import annotations

import json
import re

import pytest
from paths import FIXTURES, corpus

import edgarliq
from edgarliq.errors import FilingError
from edgarliq.submission import read_submission
from edgarliq.tables.linkbase import (
    Linkbases,
    parse_instance,
    parse_labels,
    parse_presentation,
    parse_role_definitions,
    read_linkbases,
)

LB = FIXTURES / "linkbase"
APPLE_2025 = "3_0000320193_10-Q_20250628.htm"
REAL_PRE = LB / "aapl-20230701_pre_balance_sheet.xml"
PRE = LB / "aapl-20250628-constructed_pre.xml"
LAB = LB / "aapl-20250628-constructed_lab.xml"
SCH = LB / "aapl-20250628-constructed.xsd"
BS_ROLE = "http://www.apple.com/role/CONDENSEDCONSOLIDATEDBALANCESHEETSUnaudited"
EA_2016 = "3_0000712515_10-Q_20161231.htm"
EA_INS = LB / "ea-20161231-constructed.xml"
EA_PRE = LB / "ea-20161231-constructed_pre.xml"


def submission_text(primary: str, exhibits: list[tuple[str, str, str]]) -> str:
    """A full EDGAR submission (.txt) around a primary document and EX-101 exhibits (type, file
    name, text), each exhibit wrapped in <XBRL> as EDGAR wraps them. A primary document that is
    already a <DOCUMENT> block of its submission goes in as it is."""
    docs = [("10-Q", "aapl-20250628.htm", primary), *exhibits]
    body = "".join(text + "\n" if text.startswith("<DOCUMENT>") else
                   f"<DOCUMENT>\n<TYPE>{t}\n<SEQUENCE>{n}\n<FILENAME>{name}\n<TEXT>\n<XBRL>\n{text}\n</XBRL>\n"
                   "</TEXT>\n</DOCUMENT>\n" for n, (t, name, text) in enumerate(docs, 1))
    return ("<SEC-DOCUMENT>0000320193-25-000073.txt : 20250801\n<SEC-HEADER>0000320193-25-000073.hdr.sgml : 20250801\n"
            "ACCESSION NUMBER:\t\t0000320193-25-000073\nCONFORMED SUBMISSION TYPE:\t10-Q\n"
            f"PUBLIC DOCUMENT COUNT:\t\t{len(docs)}\nCONFORMED PERIOD OF REPORT:\t20250628\n"
            "FILED AS OF DATE:\t\t20250801\n\nFILER:\n\n\tCOMPANY DATA:\t\n"
            "\t\tCOMPANY CONFORMED NAME:\t\t\tApple Inc.\n"
            "\t\tCENTRAL INDEX KEY:\t\t\t0000320193\n\t\tFISCAL YEAR END:\t\t\t0927\n</SEC-HEADER>\n"
            f"{body}</SEC-DOCUMENT>\n")


def exhibits(pre: str | None = None, lab: str | None = None, sch: str | None = None) -> list[tuple[str, str, str]]:
    return [("EX-101.SCH", "aapl-20250628.xsd", sch if sch is not None else SCH.read_text(encoding="utf-8")),
            ("EX-101.LAB", "aapl-20250628_lab.xml", lab if lab is not None else LAB.read_text(encoding="utf-8")),
            ("EX-101.PRE", "aapl-20250628_pre.xml", pre if pre is not None else PRE.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def apple_2025() -> str:
    return corpus(APPLE_2025).read_text(encoding="utf-8")


def checks_of(a: edgarliq.pipeline.Analysis) -> dict[str, edgarliq.checks.Check]:
    return {c.name: c for c in a.checks if c.name.startswith("linkbase.")}


# ---------------------------------------------------------------------------------------------
# Parsing: a real linkbase


def test_real_apple_2023_balance_sheet_network_in_printed_order() -> None:
    roles = parse_presentation(REAL_PRE.read_text(encoding="utf-8"), source=REAL_PRE.name)
    assert [r.uri for r in roles] == [BS_ROLE, BS_ROLE + "Parenthetical"]
    bs = roles[0]
    # no schema given: the definition is the role URI's last segment
    assert bs.definition == "CONDENSEDCONSOLIDATEDBALANCESHEETSUnaudited" and bs.category is None
    leaves = [n.concept for n in bs.nodes if not n.concept.endswith("Abstract")]
    assert leaves == [
        "us-gaap:CashAndCashEquivalentsAtCarryingValue", "us-gaap:MarketableSecuritiesCurrent",
        "us-gaap:AccountsReceivableNetCurrent", "us-gaap:InventoryNet", "us-gaap:NontradeReceivablesCurrent",
        "us-gaap:OtherAssetsCurrent", "us-gaap:AssetsCurrent", "us-gaap:MarketableSecuritiesNoncurrent",
        "us-gaap:PropertyPlantAndEquipmentNet", "us-gaap:OtherAssetsNoncurrent", "us-gaap:AssetsNoncurrent",
        "us-gaap:Assets", "us-gaap:AccountsPayableCurrent", "us-gaap:OtherLiabilitiesCurrent",
        "us-gaap:ContractWithCustomerLiabilityCurrent", "us-gaap:CommercialPaper", "us-gaap:LongTermDebtCurrent",
        "us-gaap:LiabilitiesCurrent", "us-gaap:LongTermDebtNoncurrent", "us-gaap:OtherLiabilitiesNoncurrent",
        "us-gaap:LiabilitiesNoncurrent", "us-gaap:Liabilities", "us-gaap:CommitmentsAndContingencies",
        "us-gaap:CommonStocksIncludingAdditionalPaidInCapital", "us-gaap:RetainedEarningsAccumulatedDeficit",
        "us-gaap:AccumulatedOtherComprehensiveIncomeLossNetOfTax", "us-gaap:StockholdersEquity",
        "us-gaap:LiabilitiesAndStockholdersEquity"]
    by = {n.concept: n for n in bs.nodes}
    assert (by["us-gaap:StatementOfFinancialPositionAbstract"].depth, by["us-gaap:AssetsCurrentAbstract"].depth,
            by["us-gaap:InventoryNet"].depth, by["us-gaap:Assets"].depth) == (0, 2, 3, 2)
    assert by["us-gaap:AssetsCurrent"].preferred_label == "totalLabel"
    assert by["us-gaap:InventoryNet"].preferred_label == "terseLabel"
    assert len(bs.nodes) == 36 and len(roles[1].nodes) == 5


def test_constructed_linkbases_roles_definitions_and_labels() -> None:
    defs = parse_role_definitions(SCH.read_text(encoding="utf-8"))
    roles = parse_presentation(PRE.read_text(encoding="utf-8"), definitions=defs)
    assert [r.title for r in roles] == [
        "CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS (Unaudited)",
        "CONDENSED CONSOLIDATED BALANCE SHEETS (Unaudited)",
        "CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS (Unaudited)",
        "CONDENSED CONSOLIDATED STATEMENTS OF COMPREHENSIVE INCOME (Unaudited)",
        "CONDENSED CONSOLIDATED BALANCE SHEETS (Unaudited) (Parenthetical)"]
    assert {r.category for r in roles} == {"Statement"}
    assert roles[1].definition == "9952154 - Statement - CONDENSED CONSOLIDATED BALANCE SHEETS (Unaudited)"
    cf = roles[2]
    cash = [(i, n.preferred_label) for i, n in enumerate(cf.nodes)
            if n.concept == "us-gaap:CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents"]
    assert cash == [(1, "periodStartLabel"), (33, "periodEndLabel")]  # one concept, twice in the tree
    labels = parse_labels(LAB.read_text(encoding="utf-8"))
    assert labels["us-gaap:CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents"] == {
        "periodStartLabel": "Cash, cash equivalents, and restricted cash and cash equivalents, beginning balances",
        "periodEndLabel": "Cash, cash equivalents, and restricted cash and cash equivalents, ending balances"}
    assert labels["us-gaap:AssetsCurrent"] == {"totalLabel": "Total current assets"}
    assert labels["us-gaap:NontradeReceivablesCurrent"] == {"terseLabel": "Vendor non-trade receivables"}


def test_real_apple_2023_label_linkbase_excerpt() -> None:
    labels = parse_labels((LB / "aapl-20230930_lab_excerpt.xml").read_text(encoding="utf-8"))
    assert len(labels) == 5
    assert labels["us-gaap:ResearchAndDevelopmentExpense"] == {
        "terseLabel": "Research and development", "negatedLabel": "Research and development expense",
        "label": "Research and Development Expense"}
    assert labels["us-gaap:ProceedsFromRepaymentsOfShortTermDebtMaturingInMoreThanThreeMonths"]["totalLabel"] == \
        "Proceeds from/(Repayments of) commercial paper, net"
    assert labels["ecd:PayVsPerformanceDisclosureLineItems"] == {"label": "Pay vs Performance Disclosure [Line Items]"}
    lb = Linkbases((), labels)
    assert lb.label("us-gaap:ResearchAndDevelopmentExpense", "negatedLabel") == "Research and development expense"
    assert lb.label("us-gaap:ResearchAndDevelopmentExpense", "periodStartLabel") == "Research and development"
    assert lb.label("us-gaap:StockAppreciationRightsSARSMember") == "Stock Appreciation Rights (SARs)"
    assert lb.label("us-gaap:Assets") is None


def test_labels_prefer_the_asked_language_and_role() -> None:
    lab = ('<link:linkbase xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink">'
           '<link:labelLink xlink:type="extended"><link:loc xlink:label="a" xlink:href="x.xsd#us-gaap_Assets"/>'
           '<link:label xlink:label="l1" xlink:role="http://www.xbrl.org/2003/role/label" xml:lang="de">Aktiva'
           '</link:label><link:label xlink:label="l2" xlink:role="http://www.xbrl.org/2003/role/label" '
           'xml:lang="en-US">Assets</link:label><link:label xlink:label="l3" '
           'xlink:role="http://www.xbrl.org/2003/role/totalLabel" xml:lang="de">Summe</link:label>'
           '<link:labelArc xlink:from="a" xlink:to="l1"/><link:labelArc xlink:from="a" xlink:to="l2"/>'
           '<link:labelArc xlink:from="a" xlink:to="l3"/></link:labelLink></link:linkbase>')
    assert parse_labels(lab) == {"us-gaap:Assets": {"label": "Assets", "totalLabel": "Summe"}}


# ---------------------------------------------------------------------------------------------
# Hostile and malformed linkbases


def test_entity_expansion_refused() -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            '<link:linkbase xmlns:link="http://www.xbrl.org/2003/linkbase">&lol2;</link:linkbase>')
    with pytest.raises(FilingError, match=r"bomb_pre\.xml: line 1: a DTD or entity declaration: refused"):
        parse_presentation(bomb, source="bomb_pre.xml")


def test_external_entity_refused() -> None:
    xxe = ('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
           '<link:linkbase xmlns:link="http://www.xbrl.org/2003/linkbase">&e;</link:linkbase>')
    with pytest.raises(FilingError, match=r"line 2: a DTD"):
        parse_labels(xxe, source="xxe_lab.xml")


def test_malformed_xml_names_the_line() -> None:
    text = PRE.read_text(encoding="utf-8").replace("</link:presentationLink>", "</link:presentationLnk>", 1)
    with pytest.raises(FilingError, match=r"^x_pre\.xml: line \d+: not well-formed XML"):
        parse_presentation(text, source="x_pre.xml")


def test_arc_to_an_undefined_locator_is_an_error() -> None:
    text = PRE.read_text(encoding="utf-8").replace('xlink:to="loc_us-gaap_InventoryNet"', 'xlink:to="loc_nowhere"')
    with pytest.raises(FilingError, match=r"names a locator the link does not define \('loc_aapl_CurrentAssets"
                       r"Abstract' -> 'loc_nowhere'\)"):
        parse_presentation(text, source="x_pre.xml")


def test_oversized_and_tag_flood_refused() -> None:
    with pytest.raises(FilingError, match="tags: more than a linkbase has"):
        parse_presentation("<link:linkbase>" + "<a/>" * 2_000_001, source="flood_pre.xml")


@pytest.mark.parametrize(("shown", "why"), [("12abc", "us-gaap:Assets is not a number: '12abc'"),
                                            ("1e999", "us-gaap:Assets is not a finite number")])
def test_instance_fact_that_is_no_number_is_an_error(shown: str, why: str) -> None:
    ins = EA_INS.read_text(encoding="utf-8").replace('decimals="-6">7719000000<', f'decimals="-6">{shown}<')
    with pytest.raises(FilingError, match=rf"^ea_ins\.xml: line 44: {re.escape(why)}$"):
        parse_instance(ins, source="ea_ins.xml")


def test_cyclic_and_deep_networks_end() -> None:
    head = ('<link:linkbase xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink">'
            '<link:presentationLink xlink:role="http://x/role/r">')
    locs = "".join(f'<link:loc xlink:label="c{i}" xlink:href="x.xsd#x_C{i}"/>' for i in range(80))
    cycle = ('<link:presentationArc xlink:from="c0" xlink:to="c1"/><link:presentationArc xlink:from="c1" '
             'xlink:to="c2"/><link:presentationArc xlink:from="c2" xlink:to="c1"/>')
    (role,) = parse_presentation(head + locs + cycle + "</link:presentationLink></link:linkbase>")
    assert [n.concept for n in role.nodes] == ["x:C0", "x:C1", "x:C2"]
    deep = "".join(f'<link:presentationArc xlink:from="c{i}" xlink:to="c{i + 1}"/>' for i in range(79))
    with pytest.raises(FilingError, match="deeper than 64 levels"):
        parse_presentation(head + locs + deep + "</link:presentationLink></link:linkbase>", source="deep_pre.xml")


# ---------------------------------------------------------------------------------------------
# The checks on Apple's 10-Q of June 28, 2025


def test_no_linkbases_nothing_changes(apple_2025: str) -> None:
    plain = edgarliq.analyze(corpus(APPLE_2025))
    assert not checks_of(plain)
    assert all(r.elements for r in plain.statements["balance_sheet"].rows if r.values[0] is not None
               and r.derived is None)


def test_agreeing_linkbase_passes_on_apple_2025(apple_2025: str) -> None:
    a = edgarliq.analyze(read_submission(submission_text(apple_2025, exhibits()).encode(), name="apple.txt"))
    got = {n: (c.status, c.detail) for n, c in checks_of(a).items()}
    role = "presentation network '9952154 - Statement - CONDENSED CONSOLIDATED BALANCE SHEETS (Unaudited)'"
    assert got["linkbase.balance_sheet.membership"] == ("pass", f"all 27 tagged rows are in the {role}")
    assert got["linkbase.balance_sheet.order"] == ("pass", f"the 27 rows are printed in the order of the {role}")
    assert got["linkbase.income_statement.membership"][0] == "pass"
    assert "STATEMENTS OF OPERATIONS" in got["linkbase.income_statement.order"][1]  # not comprehensive income
    assert got["linkbase.income_statement.order"][0] == "pass"
    assert got["linkbase.cash_flow.membership"] == (
        "pass", "all 29 tagged rows are in the presentation network "
        "'9952157 - Statement - CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS (Unaudited)'")
    assert got["linkbase.cash_flow.order"][0] == "pass"
    assert len(got) == 6
    # the row edgarliq added from a fact outside the table takes the filing's label, and says so
    bs = a.statements["balance_sheet"]
    gross = bs.row("ppe_gross")
    assert gross.label == "Property, Plant and Equipment, Gross"
    assert gross.values[0] == 124_311_000_000
    assert gross.derived == ("us-gaap:PropertyPlantAndEquipmentGross, tagged outside the printed statement's table; "
                             "label from the filing's label linkbase (EX-101.LAB, "
                             "us-gaap:PropertyPlantAndEquipmentGross)")
    # printed rows keep their printed labels and values
    assert [r.label for r in bs.rows[2:5]] == ["Cash and cash equivalents", "Marketable securities",
                                               "Accounts receivable, net"]
    assert bs.value("total_assets") == 331_495_000_000


def test_printed_row_without_a_label_takes_the_linkbase_label_on_apple_2025(apple_2025: str) -> None:
    unlabelled = apple_2025.replace(">Vendor non-trade receivables<", "><", 1)  # the balance sheet's line
    assert edgarliq.analyze(unlabelled).statements["balance_sheet"].rows[5].label == ""
    sub = read_submission(submission_text(unlabelled, exhibits()).encode(), name="apple.txt")
    row = edgarliq.analyze(sub).statements["balance_sheet"].rows[5]
    assert (row.label, row.values[0]) == ("Vendor non-trade receivables", 19_278_000_000)
    assert row.derived == ("label from the filing's label linkbase (EX-101.LAB, us-gaap:NontradeReceivablesCurrent): "
                           "the printed line has none")


def test_shuffled_linkbase_fails_naming_the_row_on_apple_2025(apple_2025: str) -> None:
    # the printed order is Vendor non-trade receivables (order 4), Inventories (5): swap them
    pre = PRE.read_text(encoding="utf-8")
    inv = re.search(r'order="(\d+)"([^>]*xlink:to="loc_us-gaap_InventoryNet")', pre)
    vnt = re.search(r'order="(\d+)"([^>]*xlink:to="loc_us-gaap_NontradeReceivablesCurrent")', pre)
    assert (inv.group(1), vnt.group(1)) == ("5", "4")
    pre = pre.replace(inv.group(0), f'order="4"{inv.group(2)}').replace(vnt.group(0), f'order="5"{vnt.group(2)}')
    a = edgarliq.analyze(read_submission(submission_text(apple_2025, exhibits(pre=pre)).encode(), name="apple.txt"))
    got = checks_of(a)
    assert got["linkbase.balance_sheet.membership"].status == "pass"
    order = got["linkbase.balance_sheet.order"]
    assert order.status == "fail"
    assert order.detail == (
        "1 of 27 rows printed out of the order of the presentation network '9952154 - Statement - CONDENSED "
        "CONSOLIDATED BALANCE SHEETS (Unaudited)': row 5 'Vendor non-trade receivables' "
        "(us-gaap:NontradeReceivablesCurrent) is printed before row 6 'Inventories' (us-gaap:InventoryNet), which the "
        "network places before it")
    assert (order.expected, order.actual) == (27, 26)
    assert got["linkbase.income_statement.order"].status == "pass"


def test_missing_row_fails_membership_on_apple_2025(apple_2025: str) -> None:
    pre = re.sub(r'<link:presentationArc[^>]*xlink:to="loc_us-gaap_CommercialPaper"[^>]*/>', "",
                 PRE.read_text(encoding="utf-8"))
    a = edgarliq.analyze(read_submission(submission_text(apple_2025, exhibits(pre=pre)).encode(), name="apple.txt"))
    m = checks_of(a)["linkbase.balance_sheet.membership"]
    assert m.status == "fail"
    assert m.detail.startswith("1 of 27 tagged rows are not in the presentation network '9952154 - Statement - "
                               "CONDENSED CONSOLIDATED BALANCE SHEETS (Unaudited)': row 20 'Commercial paper' "
                               "(us-gaap:CommercialPaper)")


def test_real_2023_network_against_the_2025_statement(apple_2025: str) -> None:
    """Apple's real balance sheet network of July 2023 on its June 2025 balance sheet: every row is
    in it, and the one printed in another place is named (by 2025 Apple prints Vendor non-trade
    receivables above Inventories; its 2023 network has Inventories first)."""
    ex = [("EX-101.PRE", "aapl-20230701_pre.xml", REAL_PRE.read_text(encoding="utf-8"))]
    a = edgarliq.analyze(read_submission(submission_text(apple_2025, ex).encode(), name="apple.txt"))
    got = checks_of(a)
    assert got["linkbase.balance_sheet.membership"].status == "pass"
    assert got["linkbase.balance_sheet.order"].detail == (
        "1 of 27 rows printed out of the order of the presentation network "
        "'CONDENSEDCONSOLIDATEDBALANCESHEETSUnaudited': "
        "row 5 'Vendor non-trade receivables' (us-gaap:NontradeReceivablesCurrent) is printed before row 6 "
        "'Inventories' (us-gaap:InventoryNet), which the network places before it")
    # no network of this excerpt holds the income or cash flow statement's rows
    assert got["linkbase.income_statement.role"].status == "fail"
    assert got["linkbase.cash_flow.role"].detail == (
        "no presentation network of the filing's linkbase holds any of the statement's 29 tagged rows")


def test_hostile_linkbase_in_a_submission_is_a_failed_check(apple_2025: str) -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">]><link:linkbase xmlns:link="x">&a;</link:linkbase>'
    sub = read_submission(submission_text(apple_2025, exhibits(lab=bomb)).encode(), name="apple.txt")
    with pytest.raises(FilingError, match=r"apple\.txt: EX-101\.LAB document 3 \(aapl-20250628_lab\.xml\): line \d+: "
                       "a DTD or entity declaration"):
        read_linkbases(sub)
    a = edgarliq.analyze(sub)
    got = checks_of(a)
    assert list(got) == ["linkbase.read"] and got["linkbase.read"].status == "fail"
    assert got["linkbase.read"].detail == (
        "apple.txt: EX-101.LAB document 3 (aapl-20250628_lab.xml): line 2: a DTD or entity declaration: refused in a "
        "linkbase (entities could expand without bound): the statements are not confirmed against the filing's "
        "XBRL exhibits")
    assert a.statements["balance_sheet"].value("total_assets") == 331_495_000_000


# ---------------------------------------------------------------------------------------------
# 2009-2018: an HTML statement and the filing's XBRL instance (EX-101.INS)


def ea_analysis(ins: str | None = None) -> edgarliq.pipeline.Analysis:
    ex = [("EX-101.INS", "ea-20161231.xml", ins if ins is not None else EA_INS.read_text(encoding="utf-8")),
          ("EX-101.PRE", "ea-20161231_pre.xml", EA_PRE.read_text(encoding="utf-8"))]
    primary = corpus(EA_2016).read_text(encoding="utf-8", errors="replace")
    return edgarliq.analyze(read_submission(submission_text(primary, ex).encode(), name="ea.txt"))


def test_instance_facts_leave_out_dimensions_and_shares() -> None:
    facts = parse_instance(EA_INS.read_text(encoding="utf-8"), source=EA_INS.name)
    assert len(facts) == 20
    assert (facts[0].concept, facts[0].period[1].isoformat(), facts[0].value, facts[0].decimals) == (
        "us-gaap:CashAndCashEquivalentsAtCarryingValue", "2016-12-31", 2_483_000_000, -6)
    assert "us-gaap:InventoryNet" not in {f.concept for f in facts}  # only a ProductMember fact
    assert "us-gaap:WeightedAverageNumberOfSharesOutstandingBasic" not in {f.concept for f in facts}


def test_instance_confirms_ea_2016_html_statements() -> None:
    a = ea_analysis()
    got = {(c.name, c.extra.get("period_end"), c.extra.get("months")): c for c in a.checks
           if c.name.startswith("xbrl_instance.")}
    assert len(got) == 21 and {c.status for c in got.values()} == {"pass"}
    ta = got[("xbrl_instance.balance_sheet.total_assets", "2016-12-31", None)]
    assert (ta.expected, ta.actual, ta.tolerance) == (7_719_000_000, 7_719_000_000, 500_000)
    assert ta.detail == "2016-12-31: balance_sheet 'TOTAL ASSETS' vs EX-101.INS us-gaap:Assets"
    ni = got[("xbrl_instance.income_statement.net_income", "2016-12-31", 3)]
    assert (ni.expected, ni.actual) == (-1_000_000, -1_000_000)  # the quarter's loss, printed (1)
    # the HTML rows took the elements of the facts that have their values: the linkbase checks run
    lb = {c.name: c for c in a.checks if c.name.startswith("linkbase.balance_sheet")}
    assert lb["linkbase.balance_sheet.membership"].detail == (
        "all 8 tagged rows are in the presentation network 'CondensedConsolidatedBalanceSheets'")
    assert lb["linkbase.balance_sheet.order"].status == "pass"
    bs = a.statements["balance_sheet"]
    total = next(r for r in bs.rows if r.label == "TOTAL ASSETS")
    assert total.elements == ("us-gaap:Assets", "us-gaap:LiabilitiesAndStockholdersEquity")  # equal amounts


def test_instance_disagreeing_with_ea_2016_statement_fails_naming_it() -> None:
    ins = EA_INS.read_text(encoding="utf-8").replace(
        '<us-gaap:AssetsCurrent contextRef="FI2017Q3" unitRef="usd" decimals="-6">5101000000',
        '<us-gaap:AssetsCurrent contextRef="FI2017Q3" unitRef="usd" decimals="-6">5110000000')
    a = ea_analysis(ins)
    bad = [c for c in a.checks if c.name.startswith("xbrl_instance.") and c.status == "fail"]
    assert len(bad) == 1
    assert (bad[0].name, bad[0].expected, bad[0].actual, bad[0].difference) == (
        "xbrl_instance.balance_sheet.total_current_assets", 5_110_000_000, 5_101_000_000, -9_000_000)
    assert bad[0].detail == "2016-12-31: balance_sheet 'Total current assets' vs EX-101.INS us-gaap:AssetsCurrent"


# ---------------------------------------------------------------------------------------------
# Printed rows with a note stay printed rows


def small_pre(role: str, concepts: list[str]) -> str:
    locs = "".join(f'<link:loc xlink:label="{c}" xlink:href="x.xsd#us-gaap_{c}"/>' for c in ["Root", *concepts])
    arcs = "".join(f'<link:presentationArc xlink:from="Root" xlink:to="{c}" order="{i}"/>'
                   for i, c in enumerate(concepts, 1))
    return ('<link:linkbase xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink">'
            f'<link:presentationLink xlink:role="{role}">{locs}{arcs}</link:presentationLink></link:linkbase>')


def test_printed_row_with_a_note_is_checked_and_keeps_its_label() -> None:
    """successor.htm: 'Reorganization items, net' is printed (one cell untagged, said in `derived`);
    'Earnings per share basic and diluted' is a row the concept map added below the printed one."""
    pre = small_pre("http://x/role/Operations", ["Revenues", "CostOfRevenue", "OperatingIncomeLoss", "InterestExpense",
                                                 "ReorganizationItems", "NetIncomeLoss",
                                                 "EarningsPerShareBasicAndDiluted",
                                                 "WeightedAverageNumberOfSharesOutstandingBasic"])
    std = 'xlink:role="http://www.xbrl.org/2003/role/label"'
    lab = ('<link:linkbase xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink">'
           '<link:labelLink><link:loc xlink:label="r" xlink:href="x.xsd#us-gaap_ReorganizationItems"/>'
           '<link:loc xlink:label="e" xlink:href="x.xsd#us-gaap_EarningsPerShareBasicAndDiluted"/>'
           f'<link:label xlink:label="rl" {std}>Reorganization Items</link:label>'
           f'<link:label xlink:label="el" {std}>Earnings Per Share, Basic and Diluted</link:label>'
           '<link:labelArc xlink:from="r" xlink:to="rl"/><link:labelArc xlink:from="e" xlink:to="el"/>'
           '</link:labelLink></link:linkbase>')
    primary = (FIXTURES / "ixbrl" / "successor.htm").read_text(encoding="utf-8")
    ex = [("EX-101.PRE", "s_pre.xml", pre), ("EX-101.LAB", "s_lab.xml", lab)]
    a = edgarliq.analyze(read_submission(submission_text(primary, ex).encode(), name="successor.txt"))
    got = checks_of(a)
    assert got["linkbase.income_statement.membership"].detail == (
        "all 8 tagged rows are in the presentation network 'Operations'")
    assert got["linkbase.income_statement.order"].detail == (
        "1 of 8 rows printed out of the order of the presentation network 'Operations': "
        "row 3 'Reorganization items, net' "
        "(us-gaap:ReorganizationItems) is printed before row 4 'Interest expense' (us-gaap:InterestExpense), which "
        "the network places before it")
    rows = a.statements["income_statement"].rows
    assert rows[3].label == "Reorganization items, net"  # printed: its own label stays
    assert rows[7].label == "Earnings Per Share, Basic and Diluted"  # added: the filing's label
    assert rows[7].derived.endswith("label from the filing's label linkbase (EX-101.LAB, "
                                    "us-gaap:EarningsPerShareBasicAndDiluted)")


def test_analysis_with_xbrl_exhibit_checks_validates_against_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from importlib.resources import files

    schema = json.loads(files("edgarliq").joinpath("data/analysis.schema.json").read_text(encoding="utf-8"))
    doc = ea_analysis().to_dict()
    assert any(c["name"].startswith("xbrl_instance.") for c in doc["checks"])
    problems = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(doc)]
    assert problems == []


# ---------------------------------------------------------------------------------------------
# The order: the longest chain of rows in the network's order


def test_longest_chain_takes_one_place_per_row() -> None:
    from edgarliq.tables.linkbase import _longest_chain

    # cash at the start and at the end of a cash flow statement: one concept, two places
    assert _longest_chain([[1, 9], [2], [5], [1, 9]]) == {0: 1, 1: 2, 2: 5, 3: 9}
    # a breakdown shares its element's place; one row out of place
    assert _longest_chain([[3], [3], [3], [1], [4]]) == {0: 3, 1: 3, 2: 3, 4: 4}
    assert _longest_chain([]) == {}


def test_longest_chain_is_fast_on_rows_matching_many_places() -> None:
    import time

    from edgarliq.tables.linkbase import _longest_chain

    rows = [list(range(k % 7, 20_000, 100)) for k in range(2_000)]  # 200 places each
    t0 = time.perf_counter()
    chain = _longest_chain(rows)
    assert time.perf_counter() - t0 < 5  # (well under a second; a quadratic search takes minutes)
    places = [chain[k] for k in sorted(chain)]
    assert places == sorted(places)
    assert _longest_chain([list(range(0, 20_000, 100))] * 2_000).keys() == set(range(2_000))


def _best_length(rows: list[list[int]]) -> int:
    """The longest chain by brute force (quadratic): what the patience sort must find."""
    best: list[dict[int, int]] = []
    for k, ps in enumerate(rows):
        best.append({p: 1 + max((n for j in range(k) for q, n in best[j].items() if q <= p), default=0) for p in ps})
    return max((n for b in best for n in b.values()), default=0)


def test_longest_chain_is_the_longest() -> None:
    import random

    from edgarliq.tables.linkbase import _longest_chain

    rng = random.Random(9)
    for _ in range(300):
        rows = [rng.sample(range(12), rng.randint(1, 3)) for _ in range(rng.randint(0, 12))]
        chain = _longest_chain(rows)
        places = [chain[k] for k in sorted(chain)]
        assert places == sorted(places) and all(chain[k] in rows[k] for k in chain)
        assert len(chain) == _best_length(rows)


# ---------------------------------------------------------------------------------------------
# The EX-101 types are named once (edgarliq.submission), for the pipeline and this reader alike


@pytest.mark.parametrize(("doc_type", "want"), [
    ("EX-101.PRE", "EX-101.PRE"), ("ex-101.lab", "EX-101.LAB"), ("EX-101.SCH", "EX-101.SCH"),
    ("EX-101.INS", "EX-101.INS"), ("EX-101.PRE.XML", "EX-101.PRE"),  # a filer's variant of the type
    ("EX-101.CAL", None), ("EX-101.DEF", None), ("EX-27", None), ("10-Q", None), ("", None), (None, None),
])
def test_xbrl_exhibit_types(doc_type: str | None, want: str | None) -> None:
    from edgarliq.submission import xbrl_exhibit

    assert xbrl_exhibit(doc_type) == want


def test_pipeline_and_reader_see_the_same_exhibits(apple_2025: str) -> None:
    from edgarliq.pipeline import _has_xbrl_exhibits
    from edgarliq.tables.linkbase import _linkbase_documents

    with_ex = read_submission(submission_text(apple_2025, exhibits()).encode(), name="apple.txt")
    assert _has_xbrl_exhibits(with_ex)
    assert [d.type for d in _linkbase_documents(with_ex)] == ["EX-101.SCH", "EX-101.LAB", "EX-101.PRE"]
    plain = read_submission(corpus(APPLE_2025))
    assert not _has_xbrl_exhibits(plain) and _linkbase_documents(plain) == []


def test_plain_text_filing_does_not_import_the_linkbase_reader() -> None:
    import subprocess
    import sys

    from paths import SEED

    code = ("import sys, edgarliq; edgarliq.analyze(sys.argv[1]); "
            "print('edgarliq.tables.linkbase' in sys.modules, 'lxml' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, check=True)
    assert out.stdout.split()[0] == "False"
