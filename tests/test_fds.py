"""EX-27 Financial Data Schedules: the seed 10-Q, the shared corpus, and small edge-case fixtures."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from paths import CORPUS

from edgarliq import fds
from edgarliq.fds import (
    Schedule,
    fds_rows,
    parse_fds_date,
    parse_schedule_text,
    parse_schedules,
    period_months,
    tag_orders,
    tag_table,
)
from edgarliq.submission import read_submission

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "fixtures" / "fds"
SEED = ROOT / "fixtures" / "computer_horizons_10q_1997q2.txt"


def one(path: Path) -> Schedule:
    scheds = parse_schedule_text(path.read_bytes())
    assert len(scheds) == 1, [s.warnings for s in scheds]
    return scheds[0]


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"shared corpus not available ({path})")
    return path


def corpus_schedules(name: str) -> list[Schedule]:
    return parse_schedules(read_submission(corpus_file(name)))


# --------------------------------------------------------------------------------------------
# The seed 10-Q (web-mirror copy, schedule inline at the end of the text)


@pytest.fixture(scope="module")
def seed() -> Schedule:
    scheds = parse_schedules(read_submission(SEED))
    assert len(scheds) == 1
    return scheds[0]


def test_seed_header(seed: Schedule) -> None:
    assert seed.article == "5" and not seed.article_inferred
    assert seed.multiplier == 1000
    assert seed.document_type == "EX-27" and seed.found_in == "10-Q"  # inline in the web copy
    assert not seed.flawed and not seed.restated
    (col,) = seed.columns
    assert (col.period_type, col.months) == ("6-MOS", 6)
    assert col.period_end == date(1997, 6, 27)
    assert col.fiscal_year_end == date(1997, 12, 31)
    assert col.period_start is None


def test_seed_values(seed: Schedule) -> None:
    v = seed.columns[0].values
    assert v["TOTAL-ASSETS"] == 96_386_000
    assert v["NET-INCOME"] == 8_925_000
    assert v["EPS-PRIMARY"] == 0.35  # per share: never scaled
    assert v["EPS-DILUTED"] == 0.35
    assert v["INTEREST-EXPENSE"] == -35_000  # printed "(35)"
    assert v["CASH"] == 3_751_000
    assert v["TOTAL-REVENUES"] == 145_463_000
    assert seed.columns[0].raw["INTEREST-EXPENSE"] == "(35)"
    assert len(v) == 32


def test_seed_recovers_lost_tags(seed: Schedule) -> None:
    v = seed.columns[0].values
    assert v["PREFERRED-MANDATORY"] == 0 and v["PREFERRED"] == 0
    assert seed.unnamed == ()
    (warning,) = seed.warnings
    assert "PREFERRED-MANDATORY, PREFERRED" in warning and "between BONDS and COMMON" in warning
    # The recovered tags sit in schedule order, between BONDS and COMMON.
    tags = list(v)
    assert tags[tags.index("BONDS") + 1: tags.index("COMMON")] == ["PREFERRED-MANDATORY", "PREFERRED"]


def test_seed_json_contract(seed: Schedule) -> None:
    d = json.loads(json.dumps(seed.to_dict()))
    for key in ("document_type", "article", "multiplier", "currency", "restated", "warnings", "columns"):
        assert key in d
    assert d["article"] == "5" and d["multiplier"] == 1000 and d["currency"] is None
    col = d["columns"][0]
    assert col["period_type"] == "6-MOS" and col["months"] == 6
    assert col["period_start"] is None and col["period_end"] == "1997-06-27"
    assert col["fiscal_year_end"] == "1997-12-31"
    assert col["values"]["TOTAL-ASSETS"] == 96386000 and isinstance(col["values"]["TOTAL-ASSETS"], int)
    assert col["values"]["EPS-PRIMARY"] == 0.35


def test_seed_canonical(seed: Schedule) -> None:
    c = seed.columns[0].canonical()
    assert c["total_assets"] == 96_386_000
    assert c["net_income"] == 8_925_000
    assert c["eps_primary"] == 0.35 and c["eps_diluted"] == 0.35
    assert c["interest_expense"] == -35_000
    assert c["preferred_mandatory"] == 0
    assert c["total_liabilities_and_equity"] == 96_386_000
    assert list(c)[:3] == ["cash", "securities", "receivables"]
    assert len(c) == 32


def test_seed_rows(seed: Schedule) -> None:
    rows = fds_rows([seed])
    assert len(rows) == 32
    by_tag = {r["tag"]: r for r in rows}
    ta = by_tag["TOTAL-ASSETS"]
    assert ta == {
        "schedule": 0, "document_type": "EX-27", "article": "5", "column": 0, "period_type": "6-MOS",
        "months": 6, "period_start": None, "period_end": "1997-06-27", "tag": "TOTAL-ASSETS",
        "canonical": "total_assets", "raw": "96,386", "value": 96386000, "unit": "USD", "multiplier": 1000,
    }
    eps = by_tag["EPS-PRIMARY"]
    assert (eps["value"], eps["unit"], eps["multiplier"]) == (0.35, "per share", 1)


# --------------------------------------------------------------------------------------------
# Every EX-27 of the shared corpus


def _manifest() -> list[dict[str, str]]:
    path = CORPUS / "MANIFEST.tsv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh, delimiter="\t") if r["has_ex27"] == "yes"]


@pytest.mark.parametrize("name", [r["filename"] for r in _manifest()] or ["(corpus missing)"])
def test_corpus_every_ex27_parses(name: str) -> None:
    path = corpus_file(name)
    sub = read_submission(path)
    scheds = parse_schedules(sub)
    ex27 = sub.documents_of_type("EX-27")
    assert ex27, "manifest says this filing has an EX-27"
    assert len(scheds) == len(ex27)
    if name == "1_0000051143_10-K_19931231.txt":
        # IBM's 1993 "voluntary schedule" predates the FDS tag format: a printed table keyed by
        # Regulation S-X references, so no tags are read and the schedule says so.
        assert scheds[0].article is None and scheds[0].warnings == ("EX-27 document holds no FDS tags",)
        return
    for s in scheds:
        # Article 5 (commercial companies) in all but two: Xerox's undated 10-K also files a CT
        # (commercial/industrial with a trust) and an Article 7 schedule for its insurance arm.
        assert s.article in ("5", "7", "CT")
        # a schedule with no MULTIPLIER line reads as units of 1 (34 in the corpus)
        assert s.multiplier in (1, 1000, 1_000_000)
        assert s.columns
        for col in s.columns:
            assert col.period_end is not None
            assert col.months in (3, 6, 9, 12)
            if s.article == "5":  # 32 tags; Xerox's 1994 schedule prints only 21 of them
                assert len(col.values) == 32 or name == "1_0000108772_10-K_unknown.txt"
        assert s.unnamed == ()
        # Only the flawed / missing-article / unclosed-legend notices: nothing else was irregular.
        # (Xerox's CT schedule has no tag list of ours: its tags are kept as printed, and it says so)
        assert all(w.startswith(("EDGAR flagged", "ARTICLE tag missing", "LEGEND has no </LEGEND>",
                                 "unknown ARTICLE 'CT'"))
                   for w in s.warnings), s.warnings
        json.dumps(s.to_dict())


def test_corpus_amazon_five_columns() -> None:
    (s,) = corpus_schedules("1_0001018724_10-K405_19971231.txt")
    assert s.document_type == "EX-27.1" and s.multiplier == 1000
    assert [c.period_type for c in s.columns] == ["YEAR", "9-MOS", "6-MOS", "3-MOS", "YEAR"]
    assert [c.months for c in s.columns] == [12, 9, 6, 3, 12]
    assert [c.period_end for c in s.columns] == [date(1997, 12, 31), date(1997, 9, 30), date(1997, 6, 30),
                                                 date(1997, 3, 31), date(1996, 12, 31)]
    assert s.columns[3].period_start == date(1997, 1, 1)
    assert s.columns[3].fiscal_year_end == date(1997, 3, 31)  # as printed, though wrong
    assert s.columns[0].values["CASH"] == 109_810_000
    assert s.columns[2].values["PREFERRED-MANDATORY"] == 238_000
    assert s.columns[4].values["NET-INCOME"] == -5_777_000
    assert s.columns[1].values["EPS-PRIMARY"] == -0.86  # printed "(.86)"
    assert s.columns[0].canonical()["total_assets"] == 149_006_000


def test_corpus_xilinx_two_columns() -> None:
    (s,) = corpus_schedules("1_0000743988_10-Q_19981003.txt")
    assert [(c.period_type, c.months, c.period_end) for c in s.columns] == [
        ("3-MOS", 3, date(1998, 10, 3)), ("6-MOS", 6, date(1998, 10, 3))]
    assert [c.period_start for c in s.columns] == [date(1998, 6, 28), date(1998, 3, 29)]
    assert s.columns[0].values["CASH"] == s.columns[1].values["CASH"] == 69_894_000
    assert s.multiplier == 1000


def test_corpus_amd_nine_exhibits() -> None:
    scheds = corpus_schedules("1_0000002488_10-Q_19980329.txt")
    assert [s.document_type for s in scheds] == [f"EX-27.{n}" for n in range(1, 10)]
    assert [s.restated for s in scheds] == [False] + [True] * 8  # bare <RESTATED> tags
    first, last = scheds[0], scheds[-1]
    c = first.columns[0]
    assert (c.period_type, c.period_start, c.period_end) == ("3-MOS", date(1997, 12, 29), date(1998, 3, 29))
    assert c.values["TOTAL-ASSETS"] == 3_332_306_000
    assert c.values["ALLOWANCES"] == -11_526_000
    assert c.values["NET-INCOME"] == -62_727_000
    assert c.values["EPS-PRIMARY"] == -0.44
    assert last.columns[0].period_end == date(1995, 12, 31)
    assert last.columns[0].values["NET-INCOME"] == 216_326_000
    assert last.columns[0].values["EPS-DILUTED"] == 1.57


def test_corpus_apple_flawed_tab_separated_page_number() -> None:
    (s,) = corpus_schedules("1_0000320193_10-Q_19970627.txt")
    assert s.flawed and "flawed" in s.warnings[0]
    assert s.multiplier == 1_000_000
    v = s.columns[0].values
    assert v["CASH"] == 1_018_000_000
    assert v["NET-INCOME"] == -884_000_000
    assert v["EPS-PRIMARY"] == -7.04
    # "47" above <PAGE> is the page number, not a lost value.
    assert s.unnamed == () and len(s.warnings) == 1


def test_corpus_apple_missing_article() -> None:
    (s,) = corpus_schedules("1_0000320193_10-Q_19960329.txt")
    assert s.article == "5" and s.article_inferred and s.flawed
    assert any("ARTICLE tag missing" in w and "inferred" in w for w in s.warnings)
    v = s.columns[0].values
    assert v["TOTAL-ASSETS"] == 5_234_000_000
    assert v["COMMON"] == 420_000_000  # 1994-95 tag order (COMMON before PREFERRED-MANDATORY)
    assert v["NET-INCOME"] == -809_000_000
    assert v["EPS-PRIMARY"] == -6.55
    assert s.columns[0].period_end == date(1996, 3, 29)


def test_corpus_bms_footnotes_and_mixed_case_dates() -> None:
    (s,) = corpus_schedules("1_0000014272_10-Q_19950930.txt")
    c = s.columns[0]
    assert (c.period_type, c.months) == ("9-MOS", 9)  # printed "9-Mos"
    assert c.period_end == date(1995, 9, 30)  # "Sep-30-1995"
    assert c.fiscal_year_end == date(1995, 12, 31)  # "Dec-31-1995<F1>"
    assert c.values["RECEIVABLES"] == 2_189_000_000
    assert c.raw["RECEIVABLES"] == "2,189 <F2>"
    assert c.values["EPS-PRIMARY"] == 3.86
    assert c.values["EPS-DILUTED"] == 0
    assert s.multiplier == 1_000_000
    assert s.legend == "Exhibit 27 for Bristol-Myers Squibb for the period ended 9/30/95"
    assert len(s.notes) == 2 and s.notes[1].startswith("<F2>  Receivables are reported net")


def test_corpus_motorola_eps_not_scaled() -> None:
    (s,) = corpus_schedules("1_0000068505_10-K_19971231.txt")
    v = s.columns[0].values
    assert v["EPS-PRIMARY"] == 1.982 and v["EPS-DILUTED"] == 1.937
    assert v["TOTAL-COSTS"] == 25_518_000_000  # "25,518<F1>"
    assert v["DEPRECIATION"] == -11_524_000_000
    assert s.legend is not None and s.legend.startswith("This schedule contains summary financial information")


def test_corpus_restated_from_legend_and_notes() -> None:
    xilinx = corpus_schedules("1_0000743988_10-K_19980328.txt")
    assert all(s.restated for s in xilinx)  # "shows the restated earnings per share numbers"
    (amazon,) = corpus_schedules("1_0001018724_10-K-A_19991231.txt")
    assert not amazon.restated  # "... HAVE NOT BEEN RESTATED FOR THE STOCK SPLITS"


# --------------------------------------------------------------------------------------------
# Edge-case fixtures


def test_multi_column_restated_tabs_and_number_forms() -> None:
    s = one(FIX / "multi_column_restated.txt")
    assert s.restated and s.article == "5"
    assert s.multiplier == 1  # no MULTIPLIER tag
    assert (s.cik, s.name) == ("0000012345", "WIDGETS INC")
    a, b = s.columns
    assert (a.period_type, a.months, a.period_start) == ("3-MOS", 3, date(1998, 4, 1))
    assert (b.period_type, b.months, b.period_start) == ("6-MOS", 6, date(1998, 1, 1))
    assert a.values["CASH"] == b.values["CASH"] == 141_307_000
    assert a.values["SECURITIES"] == 2500  # "$ 2,500"
    assert a.values["RECEIVABLES"] == 15_947 and a.raw["RECEIVABLES"] == "15,947<F1><F7>"
    assert a.values["ALLOWANCES"] == -120 and b.values["ALLOWANCES"] == -120  # "-120" and "(120)"
    assert a.values["NET-INCOME"] == -1581 and b.values["NET-INCOME"] == -2000
    assert a.values["EPS-BASIC"] == -0.13 and b.values["EPS-BASIC"] == -0.16  # "$(.13)"
    assert a.canonical()["eps_primary"] == -0.13  # EPS-BASIC fills eps_primary
    # A bad number: absent from values, raw kept, warning naming the tag and the text.
    assert "INVENTORY" not in a.values and a.raw["INVENTORY"] == "N/A"
    assert b.values["INVENTORY"] == 0
    assert s.warnings == ("INVENTORY (column 1): 'N/A' is not a number",)
    assert a.canonical()["inventory"] is None
    assert s.notes == ("<F1>Net of allowance.", "<F7>Includes notes receivable.")


def test_article_9_bank() -> None:
    s = one(FIX / "art9_bank.txt")
    v = s.columns[0].values
    assert s.article == "9" and s.warnings == ()
    assert v["TOTAL-LIABILITIES-AND-EQUITY"] == 1_402_800_000
    assert v["EPS-PRIMARY"] == 2.15 and v["YIELD-ACTUAL"] == 4.32  # ratio: not scaled
    c = s.columns[0].canonical()
    assert c["total_assets"] == 1_402_800_000 and c["net_income"] == 14_300_000
    assert c["interest_expense"] == 45_100_000 and c["net_interest_income"] == 53_600_000
    assert c["eps_primary"] == 2.15 and c["deposits"] == 1_100_300_000


def test_article_7_insurance() -> None:
    s = one(FIX / "art7_insurance.txt")
    assert (s.article, s.multiplier, s.currency, s.exchange_rate) == ("7", 1_000_000, "U.S. DOLLARS", 1.0)
    v = s.columns[0].values
    assert v["TOTAL-ASSETS"] == 18_300_000_000 and v["EPS-PRIMARY"] == 3.01
    assert v["CUMULATIVE-DEFICIENCY"] == -12_000_000
    assert s.columns[0].canonical()["income_pretax"] == 610_000_000
    assert {r["unit"] for r in fds_rows([s]) if r["tag"] == "CASH"} == {"USD"}


def test_article_ut_book_value_text_and_currency() -> None:
    s = one(FIX / "ut_utility.txt")
    col = s.columns[0]
    assert s.article == "UT" and s.currency == "CANADIAN DOLLARS"
    assert "BOOK-VALUE" not in col.values and col.raw["BOOK-VALUE"] == "PER-BOOK"
    assert col.values["NET-INCOME"] == 140_500_000 and col.values["EPS-PRIMARY"] == 1.61
    c = col.canonical()
    assert c["total_assets"] == 4_100_000_000 and c["eps_primary"] == 1.61 and c["book_value"] is None
    rows = {r["tag"]: r for r in fds_rows([s])}
    assert rows["NET-INCOME"]["unit"] == "CANADIAN DOLLARS"
    assert rows["BOOK-VALUE"]["value"] is None and rows["BOOK-VALUE"]["raw"] == "PER-BOOK"
    assert tag_orders("OPUR1") == tag_orders("UT")


def test_article_bd_broker_lower_case_period_type() -> None:
    s = one(FIX / "bd_broker.txt")
    col = s.columns[0]
    assert s.article == "BD" and s.multiplier == 1
    assert (col.period_type, col.months) == ("3-MOS", 3) and col.raw["PERIOD-TYPE"] == "3-mos"
    assert col.values["EPS-BASIC"] == 0.42 and col.values["COMMISSIONS"] == 450_000
    assert col.canonical()["eps_primary"] == 0.42


def test_article_6_fund_per_share_ratio_and_shares() -> None:
    s = one(FIX / "art6_fund.txt")
    v = s.columns[0].values
    assert s.article == "6" and s.warnings == ()
    assert v["NET-ASSETS"] == 100_900_000
    assert v["PER-SHARE-NAV-BEGIN"] == 11.8 and v["PER-SHARE-NAV-END"] == 12.23
    assert v["EXPENSE-RATIO"] == 0.85
    assert v["SHARES-COMMON-STOCK"] == 8250  # share counts as printed (docs/design.md)
    units = {r["tag"]: r["unit"] for r in fds_rows([s])}
    assert units["PER-SHARE-NII"] == "per share" and units["EXPENSE-RATIO"] == "ratio"
    assert units["SHARES-COMMON-STOCK"] == "shares" and units["NET-ASSETS"] == "USD"
    assert s.columns[0].canonical()["nav_per_share_end"] == 12.23


def test_lost_tags_in_1995_order() -> None:
    s = one(FIX / "lost_tags_1995_order.txt")
    v = s.columns[0].values
    assert v["PREFERRED-MANDATORY"] == 0 and v["PREFERRED"] == 0 and v["COMMON"] == 1_000_000
    assert s.unnamed == ()
    (w,) = s.warnings
    assert "between COMMON and OTHER-SE" in w and "PREFERRED-MANDATORY, PREFERRED" in w


def test_lost_tags_ambiguous_kept_unnamed() -> None:
    s = one(FIX / "lost_tags_ambiguous.txt")
    v = s.columns[0].values
    assert not {"PREFERRED-MANDATORY", "PREFERRED", "COMMON"} & set(v)
    assert [(u.after, u.before, u.raw, u.values) for u in s.unnamed] == [
        ("BONDS", "OTHER-SE", ("0",), (0.0,)), ("BONDS", "OTHER-SE", ("0",), (0.0,)),
        ("BONDS", "OTHER-SE", ("1,000",), (1000.0,))]
    assert [u.line for u in s.unnamed] == [8, 9, 10]
    (w,) = s.warnings
    assert "kept unnamed" in w and "several tag orders fit" in w
    assert s.to_dict()["unnamed"][2] == {"line": 10, "index": 4, "after": "BONDS", "before": "OTHER-SE",
                                         "raw": ["1,000"], "values": [1000]}


def test_lost_tag_no_order_fits() -> None:
    text = "<ARTICLE> 5\n<PERIOD-END> DEC-31-1997\n<CASH> 1\n 5\n 6\n<SECURITIES> 2\n"
    (s,) = parse_schedule_text(text)
    assert len(s.unnamed) == 2 and "no tag order fits" in s.warnings[0]


def test_lost_tag_same_in_both_orders() -> None:
    text = "<ARTICLE> 5\n<PERIOD-END> DEC-31-1997\n<CASH> 1\n      7\n<RECEIVABLES> 2\n"
    (s,) = parse_schedule_text(text)
    assert s.columns[0].values["SECURITIES"] == 7 and "as SECURITIES" in s.warnings[0]


def test_crlf_latin1_missing_article_and_multiplier_n0v_typo_flawed_tag() -> None:
    s = one(FIX / "crlf_latin1_no_article.txt")
    assert s.article == "5" and s.article_inferred
    assert any("ARTICLE tag missing; article 5 inferred" in w for w in s.warnings)
    assert s.flawed  # <FLAWED> tag
    assert s.multiplier == 1
    assert s.legend is not None and s.legend.startswith("Société Générale")
    col = s.columns[0]
    assert col.period_end == date(1998, 11, 21) and col.raw["PERIOD-END"] == "N0V-21-1998"
    assert col.values["NET-INCOME"] == -250 and col.values["EPS-PRIMARY"] == -0.05  # leading minus
    assert col.values["CASH"] == 1200


def test_unknown_article_keeps_raw_tags() -> None:
    s = one(FIX / "unknown_article.txt")
    col = s.columns[0]
    assert s.article == "CT" and not s.article_inferred
    assert col.raw["WIDGET-COUNT"] == "12" and "WIDGET-COUNT" not in col.values
    assert col.values["TOTAL-ASSETS"] == 7_000_000  # a tag every article defines as an amount
    assert any("unknown ARTICLE 'CT'" in w for w in s.warnings)
    assert any("WIDGET-COUNT" in w for w in s.warnings)
    assert col.canonical() == {}


def test_several_ex27_documents_in_a_submission() -> None:
    sub = read_submission(FIX / "two_ex27_submission.txt")
    a, b = parse_schedules(sub)
    assert (a.document_type, a.sequence, b.document_type, b.sequence) == ("EX-27.1", 2, "EX-27.2", 3)
    assert not a.flawed and not a.restated and a.warnings == () and a.unnamed == ()  # "17" is a page number
    assert a.columns[0].values["TOTAL-ASSETS"] == 90_000_000 and a.columns[0].values["EPS-PRIMARY"] == 0.3
    assert b.flawed and b.restated and b.multiplier == 1_000_000
    assert b.legend == "Restated for the pooling of interests with Acme Corp."
    assert b.columns[0].values["TOTAL-ASSETS"] == 81_000_000
    rows = fds_rows([a, b])
    assert {r["schedule"] for r in rows} == {0, 1}
    assert b.start_line is not None and b.start_line > a.start_line


def test_two_schedules_in_one_text_and_prose_around() -> None:
    text = (
        "Some prose of the 10-K.\n12\n<TABLE>\n<ARTICLE> 5\n<MULTIPLIER> 1,000\n<PERIOD-TYPE> YEAR\n"
        "<PERIOD-END> DEC-31-1996\n<CASH> 10\n<TOTAL-ASSETS> 100\n</TABLE>\nMore prose.\n 44\n"
        "<TABLE>\n<ARTICLE> 5\n<MULTIPLIER> 1,000\n<PERIOD-TYPE> YEAR\n<PERIOD-END> DEC-31-1995\n"
        "<CASH> 9\n<TOTAL-ASSETS> 90\n</TABLE>\n"
    )
    a, b = parse_schedule_text(text, "10-K", 1)
    assert (a.columns[0].period_end, b.columns[0].period_end) == (date(1996, 12, 31), date(1995, 12, 31))
    assert a.columns[0].values == {"CASH": 10_000, "TOTAL-ASSETS": 100_000}
    assert a.unnamed == () and b.unnamed == () and a.warnings == () and b.warnings == ()


def test_document_without_fds_yields_nothing() -> None:
    assert parse_schedule_text("Just a 10-Q.\n<TABLE>\n<S> <C>\nCash 1,234\n</TABLE>\n", "10-Q") == []
    (s,) = parse_schedule_text("nothing here\n", "EX-27")
    assert s.columns == () and "holds no FDS tags" in s.warnings[0]


def test_unreadable_block_becomes_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object) -> None:
        raise ValueError("synthetic failure")

    monkeypatch.setattr(fds, "_build", boom)
    (s,) = parse_schedule_text("<ARTICLE> 5\n<PERIOD-END> DEC-31-1997\n<CASH> 1\n")
    assert s.columns == () and "could not be read: ValueError: synthetic failure" in s.warnings[0]


def test_multiplier_forms_and_column_mismatch() -> None:
    base = "<ARTICLE> 5\n<MULTIPLIER> {m}\n<PERIOD-TYPE> 3-MOS 6-MOS\n<PERIOD-END> JUN-30-1998 JUN-30-1998\n{v}\n"
    for m, want in (("1,000", 1000), ("1000000", 1_000_000), ("1,000,000", 1_000_000), ("1", 1)):
        (s,) = parse_schedule_text(base.format(m=m, v="<CASH> 2 3"))
        assert s.multiplier == want and s.columns[1].values["CASH"] == 3 * want
    (s,) = parse_schedule_text(base.format(m="lots", v="<CASH> 2"))
    assert s.multiplier == 1
    assert any("MULTIPLIER 'lots'" in w for w in s.warnings)
    assert any("CASH (line 5) has 1 value(s) for 2 column(s)" in w for w in s.warnings)
    assert s.columns[0].values["CASH"] == 2 and "CASH" not in s.columns[1].values


def test_decimal_amount_scaling_is_exact() -> None:
    (s,) = parse_schedule_text("<ARTICLE> 5\n<MULTIPLIER> 1,000\n<PERIOD-END> DEC-31-1997\n<CASH> 1,234.56\n")
    assert s.columns[0].values["CASH"] == 1_234_560
    assert s.to_dict()["columns"][0]["values"]["CASH"] == 1234560


@pytest.mark.parametrize("text,want", [
    ("DEC-31-1997", date(1997, 12, 31)), ("Dec-31-1995", date(1995, 12, 31)), ("N0V-21-1998", date(1998, 11, 21)),
    ("0CT-31-1997", date(1997, 10, 31)), ("JAN-03-1998", date(1998, 1, 3)), ("Sep-30-1996<F1>", date(1996, 9, 30)),
    ("12/31/1997", date(1997, 12, 31)), ("DEC-31-97", date(1997, 12, 31)), ("FEB-30-1997", None), ("soon", None),
])
def test_dates(text: str, want: date | None) -> None:
    assert parse_fds_date(text) == want


@pytest.mark.parametrize("text,want", [
    ("3-MOS", 3), ("9-Mos", 9), ("12-MOS", 12), ("YEAR", 12), ("3-mos", 3), ("6-MONTHS", 6), ("OTHER", None),
])
def test_period_months(text: str, want: int | None) -> None:
    assert period_months(text) == want


def test_tag_table_csv() -> None:
    t5 = tag_table("5")
    assert t5["EPS-BASIC"].per_share and t5["EPS-PRIMARY"].canonical == "eps_primary"
    assert not t5["TOTAL-ASSETS"].per_share and t5["TOTAL-LIABILITY-AND-EQUITY"].canonical == (
        "total_liabilities_and_equity")
    orders = tag_orders("5")
    modern = [slot[0] for slot in orders["modern"]]
    old = [slot[0] for slot in orders["1994-95"]]
    assert modern[10:15] == ["BONDS", "PREFERRED-MANDATORY", "PREFERRED", "COMMON", "OTHER-SE"]
    assert old[10:15] == ["BONDS", "COMMON", "PREFERRED-MANDATORY", "PREFERRED", "OTHER-SE"]
    assert len(modern) == 32 and orders["modern"][30] == ("EPS-PRIMARY", "EPS-BASIC")
    assert tag_table("6")["EXPENSE-RATIO"].kind == "ratio" and tag_table("UT")["BOOK-VALUE"].kind == "text"
    assert set(tag_orders("9")) == {"modern", "1994-95"}
