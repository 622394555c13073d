"""The same filing laid out another way gives the same figures.

Filings of other companies print the same statements with other habits: CRLF line ends, tabs for
leading spaces, the whole text indented, no <PAGE> tags between pages. Each transformation below
keeps every printed figure and its layout; the key figures read from the transformed text must be
the ones read from the original (real corpus filings, transformed in memory).
"""

from __future__ import annotations

import re
import sys

import pytest
from paths import ROOT, corpus, corpus_files

from edgarliq.pipeline import analyze

# The transformations and the key figures are bench/layouts.py's (which runs them over the whole
# corpus): one definition of each habit, here pinned on the filings it concerns.
sys.path.insert(0, str(ROOT / "bench"))
import layouts  # noqa: E402

_indent = layouts.TRANSFORMS["indent"]
_no_page_tags, _no_dollar_signs = layouts.TRANSFORMS["no_page_tags"], layouts.TRANSFORMS["no_dollar_signs"]
_double_spaced, _capitals = layouts.TRANSFORMS["double"], layouts.TRANSFORMS["upper"]
_no_unit_captions = layouts.TRANSFORMS["no_unit_captions"]
# (every habit the whole corpus reads alike under, bench/layouts.py: checked here on a sample)
TRANSFORMS = {k: layouts.TRANSFORMS[k] for k in ("crlf", "tabs", "indent", "deep_indent", "form_feeds",
                                                 "no_page_tags", "no_dollar_signs",
                                                 "upper", "title_case", "unit_000s", "minus_sign",
                                                 "trailing_minus", "leader_dots", "numdate", "abbrev_months",
                                                 "double", "leader_dots_tight", "fiscal_years", "label_synonyms",
                                                 "label_synonyms_2", "cash_heading")}


def _figures(text: str, name: str) -> dict[str, float | None] | str:
    """The key figures read from `text` (bench/layouts.py's), or the error it raised."""
    return layouts.figures(text.encode("latin-1"), name)


def _headers_moved(text: str, left: bool) -> str:
    return layouts.TRANSFORMS["headers_left" if left else "headers_right"](text)


def _sample() -> list[str]:
    files = corpus_files("1_*.txt")
    return [p.name for p in files[::7]] or ["1_0000051143_10-K_19941231.txt"]


@pytest.mark.parametrize("name", _sample())
def test_layout_variants_give_the_same_figures(name: str) -> None:
    path = corpus(name)
    text = path.read_bytes().decode("latin-1")
    want = _figures(text, str(path))
    if not want:
        pytest.skip(f"{name} prints no statements (an amendment, or incorporated by reference)")
    for label, transform in TRANSFORMS.items():
        got = _figures(transform(text), str(path))
        assert got == want, label


def test_indented_ibm_1994_keeps_its_balance_sheet_over_a_notes_page_statement() -> None:
    """IBM's 1994 annual report misspells its balance sheet's title ("CONSOLIDATED STATEMENT OF
    FINANCIAL POSTION"), so the untitled reader finds it; a notes page further on prints "statement of
    financial position" of its customer financing business (four columns, total assets $28,670 and
    $58,476 million). Indented, that line reads as a title, and it must still rank below the real
    statement: a notes page's table is a secondary statement however far below the page's heading."""
    path = corpus("1_0000051143_10-K_19941231.txt")
    st = analyze(_indent(path.read_bytes().decode("latin-1")).encode("latin-1"), name=str(path)).statements
    bs = st["balance_sheet"]
    assert bs.value("total_assets", 0) == 81_091_000_000 and bs.value("total_assets", 1) == 81_113_000_000
    assert bs.value("total_current_assets", 0) == 41_338_000_000


def test_a_balance_sheet_over_two_pages_without_page_tags_autodesk_10q_1998() -> None:
    """Autodesk's 10-Q for October 1998 prints its assets on page 4 and its liabilities on page 5,
    each page ending "See accompanying notes." and its number. Without the <PAGE> tag the "4" under
    the note is no figure that ends the statement: the liabilities half still joins it."""
    path = corpus("1_0000769397_10-Q_19981031.txt")
    st = analyze(_no_page_tags(path.read_bytes().decode("latin-1")).encode("latin-1"), name=str(path)).statements
    bs = st["balance_sheet"]
    assert [bs.value("total_assets", i) for i in (0, 1)] == [624_685_000, 533_683_000]
    assert [bs.value("total_current_liabilities", i) for i in (0, 1)] == [227_527_000, 199_487_000]



@pytest.mark.parametrize("name", ["1_0000002488_10-Q_20001001.txt", "1_0000071428_10-Q_19980930.txt",
                                  "1_0000743988_10-Q_19971227.txt", "1_0001065088_10-K_19991231.txt",
                                  "1_0000826083_10-K405_19950129.txt"])
def test_double_spaced_statements_give_the_same_figures(name: str) -> None:
    """Double-spaced, one blank line separates nothing: a label printed over two lines ("Income
    before provision" / "for income taxes") is still one label, a total under a rule still a total."""
    path = corpus(name)
    text = path.read_bytes().decode("latin-1")
    assert _figures(_double_spaced(text), str(path)) == _figures(text, str(path))


def _double_spaced_statements(name: str) -> object:
    path = corpus(name)
    return analyze(_double_spaced(path.read_bytes().decode("latin-1")).encode("latin-1"), name=str(path)).statements


def test_double_spaced_title_over_two_lines_intel_10k_1993() -> None:
    """Intel's 1993 annual report heads its cash flows "CONSOLIDATED STATEMENTS" / "OF CASH FLOWS";
    double-spaced, a blank line stands between the two halves, and the title is still one (before,
    the untitled reader found the table from its first section, without the beginning cash row and
    without a single column date)."""
    cf = _double_spaced_statements("1_0000050863_10-K_19931225.txt")["cash_flow"]
    assert cf.title == "CONSOLIDATED STATEMENTS OF CASH FLOWS"
    assert [c.period_end.isoformat() for c in cf.columns] == ["1993-12-25", "1992-12-26", "1991-12-25"]
    assert [cf.value("cash_beginning", i) for i in range(3)] == [1_843_000_000, 1_519_000_000, 1_620_000_000]
    assert [cf.value("cash_ending", i) for i in range(3)] == [1_659_000_000, 1_843_000_000, 1_519_000_000]


def test_double_spaced_labels_over_two_lines_stay_one_label_apple_10q() -> None:
    """Apple's 10-Qs print labels over two lines: "Loss before benefit from" / "income taxes  (120)",
    "Cash dividends paid" / " per common share  $ --  $ .12", "Income (loss) before provision" /
    "(benefit) for income taxes  (1,175)", and "Income before provision  116" / "for income taxes"
    (the label's end under its values). Double-spaced, a blank line splits each pair; a line begun
    in lower case still goes on with the label. Before, the pre-tax loss was read as the income
    tax and the dividend of $.12 as the loss per share."""
    st = _double_spaced_statements("1_0000320193_10-Q_19961227.txt")["income_statement"]
    assert [st.value("pretax_income", i) for i in (0, 1)] == [-120_000_000, -109_000_000]
    assert [st.value("income_tax", i) for i in (0, 1)] == [0, -40_000_000]
    assert [st.value("eps_basic", i) for i in (0, 1)] == [-0.96, -0.56]
    assert [st.value("dividends_per_share", i) for i in (0, 1)] == [0, 0.12]
    st = _double_spaced_statements("1_0000320193_10-Q_19960329.txt")["income_statement"]
    assert [st.value("pretax_income", i) for i in range(4)] == [-1_175_000_000, 116_000_000, -1_284_000_000,
                                                               415_000_000]
    st = _double_spaced_statements("1_0000320193_10-Q_19950331.txt")["income_statement"]
    assert [st.value("pretax_income", i) for i in range(4)] == [116_000_000, 28_000_000, 415_000_000, 93_000_000]
    assert [st.value("income_tax", i) for i in range(4)] == [43_000_000, 11_000_000, 154_000_000, 36_000_000]


def test_double_spaced_selected_data_caption_is_no_title_nvidia_10k_1999() -> None:
    """NVIDIA's 10-K for fiscal 1999 prints selected data under "Statement of Operations" / "Data:";
    double-spaced, "Data:" is two lines below, and the caption still heads no statement (before, the
    six-year selected data, without dates, outranked the four-column statement)."""
    st = _double_spaced_statements("1_0001045810_10-K405_19990131.txt")["income_statement"]
    assert st.title == "STATEMENTS OF OPERATIONS"
    assert [st.value("eps_basic", i) for i in range(4)] == [-0.27, -0.28, 0.1, 0.28]
    assert [st.value("net_income", i) for i in range(4)] == [-3_077_000, -3_589_000, 1_347_000, 4_130_000]


def test_a_double_spaced_filing_joins_its_headings_and_knows_its_totals_autodesk_10k_2000() -> None:
    """Autodesk's 10-K for fiscal 2000 prints its cash flows double-spaced: "Adjustments to reconcile
    net income to net cash provided by operating" / (blank) / "activities:" is one heading, and the
    activity totals under their rules are totals."""
    cf = analyze(corpus("1_0000769397_10-K405_20000131.txt")).statements["cash_flow"]
    labels = [r.label for r in cf.rows]
    assert "Adjustments to reconcile net income to net cash provided by operating activities:" in labels
    assert "activities:" not in labels
    for concept, values in (("net_cash_operating", (103_285_000, 172_533_000, 175_719_000)),
                            ("net_cash_investing", (-304_354_000, -79_039_000, -33_002_000)),
                            ("cash_ending", (108_641_000, 258_941_000, 142_548_000))):
        row = cf.row(concept)
        assert row is not None and row.values == values and row.total, concept


def test_unlabelled_balance_sheet_totals_without_dollar_signs_amd_10k_1997() -> None:
    """AMD's 1997 balance sheet prints its total assets with no label under a rule ("$3,515,271"),
    right before the liabilities' heading, and its total liabilities and equity likewise at the end.
    Without the "$" the places alone say which totals they are."""
    path = corpus("1_0000002488_10-K405_19971228.txt")
    bs = analyze(_no_dollar_signs(path.read_bytes().decode("latin-1")).encode("latin-1"),
                 name=str(path)).statements["balance_sheet"]
    assert [bs.value("total_assets", i) for i in (0, 1)] == [3_515_271_000, 3_145_283_000]
    assert bs.value("total_liabilities_and_equity", 0) == 3_515_271_000



@pytest.mark.parametrize("name", ["1_0000108772_10-Q_19980930.txt", "1_0000068505_10-Q_19980328.txt",
                                  "1_0000071428_10-K405_19971231.txt", "1_0000071428_10-Q_19980331.txt",
                                  "1_0000789019_10-K_19970630.txt", "1_0000002488_10-K405_19991226.txt",
                                  "1_0000068505_10-K-A_19961231.txt", "1_0000320193_10-Q_19950331.txt"])
def test_statements_in_capitals_give_the_same_figures(name: str) -> None:
    """In capitals a line's case says nothing about where a label begins: "CASH FLOWS FROM FINANCING
    ACTIVITIES" / "NET CHANGE IN DEBT" is a heading over a row (joined, the row read as the financing
    total, Xerox), "OPERATING" / "NET EARNINGS" too (Motorola), and "OPERATING REVENUES (INCLUDING
    $120.7, $100.1" / "AND $77.3 FROM AFFILIATES)" one label (Bell Atlantic - New Jersey)."""
    path = corpus(name)
    text = path.read_bytes().decode("latin-1")
    assert _figures(_capitals(text), str(path)) == _figures(text, str(path))


_title_case = layouts.TRANSFORMS["title_case"]


def _title_cased(name: str, kind: str) -> object:
    path = corpus(name)
    return analyze(_title_case(path.read_bytes().decode("latin-1")).encode("latin-1"),
                   name=str(path)).statements[kind]


def test_labels_in_title_case_over_two_lines_stay_one_label_ibm_10k_1994() -> None:
    """In Title Case ("Net Earnings (Loss) Applicable To Common" / "        Shareholders  $ 5.02")
    a line beginning in a capital says as little as one in capitals: the two are one label, not a
    heading over a row of "Shareholders" (which left "Before Changes In Accounting Principles",
    -12.03 for 1992, as the EPS). IBM prints 5.02, (14.22) and (8.70)."""
    inc = _title_cased("1_0000051143_10-K_19941231.txt", "income_statement")
    assert [inc.value("eps_basic", i) for i in range(3)] == [5.02, -14.22, -8.70]
    assert [inc.value("net_income", i) for i in range(3)] == [3_021_000_000, -8_101_000_000, -4_965_000_000]


@pytest.mark.parametrize(("name", "concept", "want"), [
    # "Cash Generated By (Used For) Financing" / " Activities  (2)  28" (millions)
    ("1_0000320193_10-Q_19961227.txt", "net_cash_financing", [-2_000_000, 28_000_000]),
    # "Net Cash Used In Investment" / "     Activities  (2,861)  (2,760)" (millions)
    ("1_0000051143_10-Q_19980630.txt", "net_cash_investing", [-2_861_000_000, -2_760_000_000]),
])
def test_cash_flow_totals_in_title_case_over_two_lines(name: str, concept: str, want: list[int]) -> None:
    cf = _title_cased(name, "cash_flow")
    assert [cf.value(concept, i) for i in range(len(want))] == want


def test_a_statement_in_mixed_case_is_not_read_as_title_case() -> None:
    """The blocks of a filing as filed, in mixed case ("Financial Services" / "  Payables" begins a
    new item there), are not taken for Title Case."""
    from edgarliq.statements.blocks import _title_cased as title_cased
    from edgarliq.tables.text import split_line

    labels = ["Net earnings (loss) before changes", "Cash and cash equivalents", "Accounts receivable, net",
              "Total current assets", "Net cash used in investing activities", "Property, plant and equipment"]
    parsed = [(0, s, split_line(s + "   1,234"), False, True, s.lower()) for s in labels]
    assert not title_cased(parsed)
    parsed = [(0, s.title(), split_line(s.title() + "   1,234"), False, True, s.lower()) for s in labels]
    assert title_cased(parsed)


def test_a_sentence_of_an_auditors_report_in_capitals_is_no_title_amd_10k_1998() -> None:
    """AMD's auditors write "... AND THE RELATED" / "CONSOLIDATED STATEMENTS OF OPERATIONS,
    STOCKHOLDERS' EQUITY AND CASH FLOWS FOR" / "EACH OF THE THREE YEARS ...". In capitals the second
    line starts like a title; it goes on with the sentence of the line above, so it is none (before,
    its block ran into the quarterly data, whose eight columns outranked the statement)."""
    path = corpus("1_0000002488_10-K_19981227.txt")
    st = analyze(_capitals(path.read_bytes().decode("latin-1")).encode("latin-1"), name=str(path)).statements
    inc = st["income_statement"]
    assert inc.title == "CONSOLIDATED STATEMENTS OF OPERATIONS"
    assert [c.period_end.isoformat() for c in inc.columns] == ["1998-12-27", "1997-12-28", "1996-12-27"]
    assert [inc.value("revenue", i) for i in range(3)] == [2_542_141_000, 2_356_375_000, 1_953_019_000]
    assert [inc.value("eps_basic", i) for i in range(3)] == [-0.72, -0.15, -0.51]


def test_a_heading_in_capitals_over_the_net_income_autodesk_10q_1998() -> None:
    """Autodesk's cash flows for the nine months to October 1998 print "OPERATING ACTIVITIES" over
    " NET INCOME (LOSS)  $ 57,453  $ (13,954)": the heading, then the net income, which the income
    statement's agrees with."""
    analysis = analyze(corpus("1_0000769397_10-Q_19981031.txt"))
    cf = analysis.statements["cash_flow"]
    assert cf.value("net_income", 0) == 57_453_000 and cf.value("net_income", 1) == -13_954_000
    assert [c.status for c in analysis.checks if c.name == "cash_flow.net_income"] == ["pass", "pass"]



def test_an_unlabelled_bottom_line_without_dollar_signs_amazon_10q_1997() -> None:
    """Amazon's 10-Q for September 1997 prints its net loss without a label, "$ (8,510)" under a rule
    straight above "Net loss per share". Without its "$" the place alone says it: the last figures
    above the per-share rows, in a statement where no other line names the net result."""
    path = corpus("1_0001018724_10-Q_19970930.txt")
    inc = analyze(_no_dollar_signs(path.read_bytes().decode("latin-1")).encode("latin-1"),
                  name=str(path)).statements["income_statement"]
    assert [inc.value("net_income", i) for i in range(4)] == [-8_510_000, -2_380_000, -18_253_000, -3_478_000]
    assert [inc.value("eps_basic", i) for i in range(4)] == [-0.36, -0.1, -0.78, -0.15]


def test_total_assets_without_dollar_signs_over_a_repeated_column_header_altera_10k_1995() -> None:
    """Altera's 1995 balance sheet prints total assets without a label, then the liabilities' heading
    over the column years printed again. Without "$" the total is placed by its position, right
    before the liabilities heading, which the repeated years no longer hide as a value row."""
    path = corpus("1_0000768251_10-K405_19951231.txt")
    bs = analyze(_no_dollar_signs(path.read_bytes().decode("latin-1")).encode("latin-1"),
                 name=str(path)).statements["balance_sheet"]
    assert [bs.value("total_assets", i) for i in (0, 1)] == [715_554_000, 213_882_000]


def test_no_unit_printed_nor_scheduled_the_prose_gives_it_intel_10k_1993() -> None:
    """Intel's 1993 annual report without its "(In millions)" captions, and no EX-27 (1993): the
    MD&A's amounts in words ("$2.3 billion" ...) are the printed figures in millions, so total
    assets of 11,344 are $11,344 million, and the unit check says where the unit came from."""
    path = corpus("1_0000050863_10-K_19931225.txt")
    analysis = analyze(_no_unit_captions(path.read_bytes().decode("latin-1")).encode("latin-1"), name=str(path))
    bs = analysis.statements["balance_sheet"]
    assert (bs.unit, bs.unit_source) == (1_000_000, "prose")
    assert bs.value("total_assets", 0) == 11_344_000_000 and bs.value("total_assets", 1) == 8_089_000_000
    assert analysis.statements["income_statement"].unit_source == "prose"
    assert [c.status for c in analysis.checks if c.name == "balance_sheet.unit"] == ["pass"]


def test_no_unit_printed_and_the_schedule_and_prose_disagree_microsoft_10q_1998() -> None:
    """Microsoft's 10-Q for December 1998 without its "(In millions)" captions: its EX-27 declares
    MULTIPLIER 1,000 over figures in millions (the printed 22,357 times 1,000 on every key figure),
    its prose says millions (23 amounts). Neither is taken: the figures stay as printed, the unit
    check is skipped, and the filing's warnings say why (before, the schedule's wrong unit was
    adopted, and the unit check passed)."""
    path = corpus("1_0000789019_10-Q_19981231.txt")
    analysis = analyze(_no_unit_captions(path.read_bytes().decode("latin-1")).encode("latin-1"), name=str(path))
    bs = analysis.statements["balance_sheet"]
    assert (bs.unit, bs.unit_source) == (1, "assumed")
    assert bs.value("total_assets", 0) == 22_357
    assert [c.status for c in analysis.checks if c.name == "balance_sheet.unit"] == ["skip"]
    assert any("EX-27 (1,000, on" in w and "prose (1,000,000, on 23 amounts) disagree" in w
               for w in analysis.submission.warnings)
    # and the figures as printed are not the prose's: that check fails, naming each statement
    prose = [c for c in analysis.checks if c.name == "statements.unit.prose"]
    assert [c.status for c in prose] == ["fail"]
    assert prose[0].detail.startswith("23 amounts the filing's prose gives in words are printed figures at 1,000,000")
    assert "balance_sheet at 1 (assumed)" in prose[0].detail


def test_a_misread_unit_caption_fails_against_the_prose_intel_10k_1993() -> None:
    """Intel's 1993 annual report prints "(In millions)"; read as "(In thousands)" (a caption of
    another table, a misprint), every amount would be a thousandth of the truth and nothing else
    would say so: no EX-27 in 1993. The amounts the MD&A gives in words are printed figures in
    millions, and the unit check against them fails; as filed, it passes."""
    path = corpus("1_0000050863_10-K_19931225.txt")
    text = path.read_bytes().decode("latin-1")
    as_filed = analyze(text.encode("latin-1"), name=str(path))
    ok = [c for c in as_filed.checks if c.name == "statements.unit.prose"]
    assert [c.status for c in ok] == ["pass"] and "(1,000,000)" in ok[0].detail
    misread = analyze(text.replace("(In millions", "(In thousands").encode("latin-1"), name=str(path))
    assert misread.statements["balance_sheet"].unit == 1000
    bad = [c for c in misread.checks if c.name == "statements.unit.prose"]
    assert [c.status for c in bad] == ["fail"]
    assert "printed figures at 1,000,000" in bad[0].detail and "balance_sheet at 1,000 (printed)" in bad[0].detail


def test_no_unit_printed_the_schedule_gives_it_despite_a_column_of_its_own_errors() -> None:
    """eBay's 10-Q for March 2000 without its "(in thousands)" captions: its EX-27 (MULTIPLIER 1,000)
    agrees with the printed figures times 1,000 on every key figure of March 2000 (total assets
    1,035,958 ...), while its second column, dated March 1999, holds December 1999's balance sheet
    and fits no unit. The agreeing figures outnumber it; the unit is the schedule's, and the column
    in error still fails its own check."""
    path = corpus("1_0001065088_10-Q_20000331.txt")
    analysis = analyze(_no_unit_captions(path.read_bytes().decode("latin-1")).encode("latin-1"), name=str(path))
    bs = analysis.statements["balance_sheet"]
    assert (bs.unit, bs.unit_source) == (1000, "schedule")
    assert bs.columns[1].period_end.isoformat() == "2000-03-31" and bs.value("total_assets", 1) == 1_035_958_000
    assert _figures(_no_unit_captions(path.read_bytes().decode("latin-1")), str(path)) == _figures(
        path.read_bytes().decode("latin-1"), str(path))


def test_a_caption_date_two_spaces_after_ended_dates_every_column_amd_10ka_1996() -> None:
    """AMD's 10-K/A for 1996 files a plan's statements under "Three Years Ended March 31, 1997" over
    "1997  1996  1995". Printed "Three Years Ended  Mar. 31, 1997" (an abbreviation, two spaces), the
    caption's month and day still date each year's column."""
    path = corpus("1_0000002488_10-K-A_19961229.txt")
    text = path.read_bytes().decode("latin-1").replace("Three Years Ended March 31, 1997",
                                                       "Three Years Ended  Mar. 31, 1997")
    cf = analyze(text.encode("latin-1"), name=str(path)).statements["cash_flow"]
    assert [(c.period_end.isoformat(), c.months) for c in cf.columns] == [
        ("1997-03-31", 12), ("1996-03-31", 12), ("1995-03-31", 12)]


def test_duration_phrases_over_evenly_divided_columns_bell_atlantic_nj_10q_2000() -> None:
    """Bell Atlantic - New Jersey's 10-Q for June 2000 prints "Three Months Ended" and "Six Months
    Ended" over two columns each; the second column's centre sits a character from the middle
    between the phrases, where it was read as the six months' (two "6M 1999-06-30" columns, one
    of them the quarter's figures). The columns divide evenly: two each."""
    st = analyze(corpus("1_0000071428_10-Q_20000630.txt")).statements["income_statement"]
    assert [(c.period_end.isoformat(), c.months) for c in st.columns] == [
        ("2000-06-30", 3), ("1999-06-30", 3), ("2000-06-30", 6), ("1999-06-30", 6)]



@pytest.mark.parametrize("name", ["1_0000002488_10-Q_19990926.txt", "1_0001065088_10-Q_19980930.txt",
                                  "1_0000071428_10-Q_20000930.txt"])
def test_column_headings_a_little_off_their_columns_give_the_same_periods(name: str) -> None:
    path = corpus(name)
    text = path.read_bytes().decode("latin-1")
    want = _figures(text, str(path))
    assert _figures(_headers_moved(text, left=True), str(path)) == want
    assert _figures(_headers_moved(text, left=False), str(path)) == want


def test_an_untitled_reading_of_a_parent_company_schedule_stays_secondary_xerox_10k_1994() -> None:
    """Xerox's 1994 10-K prints, under "SCHEDULE I" / "Xerox Corporation - Parent Company", the
    parent's "Condensed Statements of Cash Flows". Read again from its first row heading by the
    untitled reader it is still the parent's: it must rank below the consolidated statement of the
    annual report (EX-13) with or without the period-of-report bonus (numeric cover dates lose it)."""
    from edgarliq.statements.blocks import extract_from_text
    from edgarliq.submission import read_submission

    sub = read_submission(corpus("1_0000108772_10-K_unknown.txt"))
    body = next(d for d in sub.documents if d.type == "10-K")
    report = next(d for d in sub.documents if d.type == "EX-13")
    parent = extract_from_text(body.text, period_of_report=sub.period_of_report, form=sub.form)["cash_flow"]
    consolidated = extract_from_text(report.text, period_of_report=sub.period_of_report, form=sub.form)["cash_flow"]
    assert parent.title == "Condensed Statements of Cash Flows" and parent.penalty >= 40
    assert consolidated.title == "Consolidated Statements of Cash Flows" and consolidated.rank > parent.rank


def _html_text_in_capitals(text: str) -> str:
    """An HTML document's text in capitals: what is between tags, entities kept."""
    def upper(m: re.Match[str]) -> str:
        return ">" + re.sub(r"&#?\w+;|([^&]+)", lambda n: n.group(0).upper() if n.group(1) else n.group(0),
                            m.group(1)) + "<"
    return re.sub(r">([^<]+)<", upper, text)


@pytest.mark.parametrize(("name", "eps"), [("2_0000320193_10-Q_20020330.txt", (0.11, 0.12, 0.22, -0.44))])
def test_html_statements_in_capitals_keep_their_eps_sub_heads(name: str, eps: tuple[float, ...]) -> None:
    """Apple's 10-Q for March 2002 prints "Earnings (loss) per common share before accounting change:"
    over "Basic" and "Diluted", then "... after accounting change" over the same two. In capitals,
    "BASIC" is still a sub-head and not the last word of the heading above it, and the EPS is the
    figure after the accounting change."""
    path = corpus(name)
    text = path.read_bytes().decode("latin-1")
    for variant in (text, _html_text_in_capitals(text)):
        st = analyze(variant.encode("latin-1"), name=str(path)).statements["income_statement"]
        assert st.value("eps_basic", 0) is not None
        assert tuple(st.row("eps_basic").values) == eps  # type: ignore[union-attr]


def _read_as(transform: object, name: str) -> dict[str, object]:
    path = corpus(name)
    text = path.read_bytes().decode("latin-1")
    return analyze(transform(text).encode("latin-1"), name=str(path)).statements  # type: ignore[operator]


def _headings(st: object) -> list[str]:
    """The labels of a statement's rows that print no figure (its headings), in order."""
    return [r.label for r in st.rows if all(v is None for v in r.values)]  # type: ignore[attr-defined]


# Ford's 1993 statements print Automotive and Financial Services side by side, in millions:
# 1993, 1992, 1991 x (Automotive, Financial Services)
_FORD = "1_0000037996_10-K_19931231.txt"
_FORD_OPERATING = [6_862, 7_145, 5_753, 5_762, 3_341, 4_780]


@pytest.mark.parametrize("transform", ["upper", "title_case"])
def test_a_section_name_broken_before_activities_is_the_total_ford_10k_1993(transform: str) -> None:
    """"Cash flows from operating" / " activities (Note 15)  6,862 ...": in capitals or Title Case,
    where "ACTIVITIES" beginning the second line says nothing, the first line is still no heading of
    its own, for a section's name stops only after "activities": the row is the operating total."""
    cf = _read_as(layouts.TRANSFORMS[transform], _FORD)["cash_flow"]
    assert [cf.value("net_cash_operating", i) for i in range(6)] == [v * 1_000_000 for v in _FORD_OPERATING]
    heads = _headings(cf)
    assert heads[:1] == [layouts.TRANSFORMS[transform]("Cash flows from investing activities").strip()]


def test_a_segment_heading_in_capitals_over_its_first_row_ford_10k_1993() -> None:
    """In capitals "AUTOMOTIVE" / "SALES (NOTE 1)  $91,568" is the segment's heading over its sales,
    as "Sales (Note 1)" alone names the revenue (its parenthetical set aside) and the two joined
    name nothing."""
    inc = _read_as(_capitals, _FORD)["income_statement"]
    assert [inc.value("revenue", i) for i in range(3)] == [91_568_000_000, 84_407_000_000, 72_051_000_000]


def test_a_segments_pretax_income_is_not_the_companys_ford_10k_1993() -> None:
    """Ford prints "Income/(loss) before income taxes ... - Automotive  1,291", the same for
    Financial Services (2,712), then the total company's (4,003). In Title Case the segment's name
    joins its label ("... Principles - Automotive"): a complete label followed by a heading's name
    that names no row is that segment's figure; the pretax income is the company's."""
    for transform in (layouts.TRANSFORMS["title_case"], lambda t: t):
        inc = _read_as(transform, _FORD)["income_statement"]
        assert [inc.value("pretax_income", i) for i in range(3)] == [4_003_000_000, -127_000_000, -2_587_000_000]


def test_a_bare_total_under_a_heading_in_capitals_over_three_lines_xerox_10k_1997() -> None:
    """Xerox's "Adjustments required to reconcile" / "income to cash flows from operating" /
    "activities:" in capitals is still one heading, so the bare "TOTAL" closing it is the operating
    total: 472, 310 and 599 million."""
    cf = _read_as(_capitals, "1_0000108772_10-K_19971231.txt")["cash_flow"]
    assert [cf.value("net_cash_operating", i) for i in range(3)] == [472_000_000, 310_000_000, 599_000_000]
    assert "ADJUSTMENTS REQUIRED TO RECONCILE INCOME TO CASH FLOWS FROM OPERATING ACTIVITIES:" in _headings(cf)


def test_headings_printed_over_several_lines_ebay_and_intel() -> None:
    """A heading over several lines is one heading where its lines say so: in capitals when neither
    line ends an item ("LIABILITIES AND" / "STOCKHOLDERS' EQUITY", eBay's 10-Q for March 1999), in
    mixed case when the next line begins in no capital ("Cash flows provided by" / "(used for)
    operating activities:", Intel's 1997 10-K); a line in capitals and the mixed-case one after it
    ("Current liabilities:") stay two."""
    bs = _read_as(lambda t: t, "1_0001065088_10-Q_19990331.txt")["balance_sheet"]
    heads = _headings(bs)
    assert "LIABILITIES AND STOCKHOLDERS' EQUITY" in heads and "Current liabilities:" in heads
    cf = _read_as(lambda t: t, "1_0000050863_10-K_19971227.txt")["cash_flow"]
    heads = _headings(cf)
    assert "Cash flows provided by (used for) operating activities:" in heads


def test_share_counts_under_a_heading_over_two_lines_are_the_counts_1000180_10k_1996() -> None:
    """"Shares used in computing net income" / "  (loss) per share (pro forma for 1994)" over
    "Primary  24,206  9,983  18,872" and "Fully diluted  24,206  20,856  18,872" (thousands, kept
    as printed): one heading naming share counts, its sub-heads the two counts."""
    inc = _read_as(lambda t: t, "1_0001000180_10-K_19961231.txt")["income_statement"]
    assert inc.row("shares_basic").values == (24_206, 9_983, 18_872)  # type: ignore[union-attr]
    assert inc.row("shares_diluted").values == (24_206, 20_856, 18_872)  # type: ignore[union-attr]


@pytest.mark.parametrize(("caption", "unit"), [
    ("(000 omitted)", 1_000), ("(000,000 omitted)", 1_000_000), ("($000's omitted)", 1_000),
    ("(Dollars in 000's)", 1_000), ("(In 000s, except per share amounts)", 1_000), ("($000)", 1_000),
    ("(000)", 1_000), ("($ thousands)", 1_000), ("($ Millions)", 1_000_000), ("(in thousands)", 1_000),
    # a figure, not a caption: zeros after a digit or a comma, or a year
    ("$25,000 omitted", None), ("1,000 omitted", None), ("in 2000 and 1999", None),
])
def test_unit_captions_as_other_filers_print_them(caption: str, unit: int | None) -> None:
    from edgarliq.statements.periods import unit_in

    assert unit_in(caption) == unit


def test_a_caption_of_zeros_is_the_printed_unit_ibm_10q_1998() -> None:
    """IBM's "(Dollars in millions ...)" printed "(000,000 omitted)", as other filers write it, is
    still the unit the statements print, not one borrowed from the EX-27 or the prose."""
    plain = _read_as(lambda t: t, "1_0000051143_10-Q_19980630.txt")
    zeros = _read_as(layouts.TRANSFORMS["unit_000s"], "1_0000051143_10-Q_19980630.txt")
    for kind, st in zeros.items():
        assert (st.unit, st.unit_source) == (1_000_000, "printed"), kind  # type: ignore[attr-defined]
        assert st.rows == plain[kind].rows, kind  # type: ignore[attr-defined]


def test_a_trailing_minus_is_a_negative() -> None:
    """"1,234-" is how some filers' typesetting prints a negative: -1,234, as "(1,234)" and
    "-1,234" are; a figure with a sign on both sides is none a filer prints."""
    from edgarliq.tables.html import cell_value
    from edgarliq.tables.text import parse_number, split_line

    sl = split_line("Net income (loss)                 1,234-      5,678      (12.5)")
    assert [(c.text, c.value) for c in sl.cells] == [("1,234-", -1234.0), ("5,678", 5678.0), ("(12.5)", -12.5)]
    assert sl.label == "Net income (loss)"
    assert [c.value for c in split_line("Loss per share     $  1.59-    $ .35").cells] == [-1.59, 0.35]
    assert split_line("Odd    -1,234-").cells == ()
    assert parse_number("1,234-") == -1234.0 and cell_value("$1,234-") == (-1234.0, True, False)
    assert parse_number("-") == 0.0 and parse_number("--") == 0.0


@pytest.mark.parametrize(("name", "concept", "kind", "want"), [
    # Xerox 1997: operating total 472, 310, 599 (millions); 1995's EPS a loss of 1.59
    ("1_0000108772_10-K_19971231.txt", "net_cash_operating", "cash_flow", [472_000_000, 310_000_000, 599_000_000]),
    ("1_0000108772_10-K_19971231.txt", "eps_basic", "income_statement", [4.31, 3.55, -1.59]),
])
def test_statements_printing_negatives_with_a_trailing_minus(name: str, concept: str, kind: str,
                                                            want: list[float]) -> None:
    """Every "(1,234)" of a filing printed "1,234-": the same figures (before, each such cell ended
    the row's figures, and another row's stood in for the concept: 3.46 for Xerox's 1995 EPS)."""
    st = _read_as(layouts.TRANSFORMS["trailing_minus"], name)[kind]
    assert [st.value(concept, i) for i in range(len(want))] == want  # type: ignore[attr-defined]
    path = corpus(name)
    text = path.read_bytes().decode("latin-1")
    assert _figures(layouts.TRANSFORMS["trailing_minus"](text), str(path)) == _figures(text, str(path))


def test_an_inception_column_dated_in_figures_akamai_10k_1999() -> None:
    """Akamai's "period from inception (August 20, 1998) through December 31, 1998" printed with
    its dates in figures ("8/20/98" ... "12/31/98") still ends on its last date and lasts four
    months, not a period ending on the inception day."""
    from datetime import date

    from edgarliq.statements.periods import inception_period

    assert inception_period("Period from 8/20/98 (inception) through 12/31/98", date(1998, 8, 20), None) == (
        date(1998, 12, 31), 4)
    inc = _read_as(layouts.TRANSFORMS["numdate"], "1_0001086222_10-K405_19991231.txt")["income_statement"]
    assert [(c.period_end, c.months) for c in inc.columns] == [  # type: ignore[attr-defined]
        (date(1998, 12, 31), 4), (date(1999, 12, 31), 12)]


def test_a_label_ending_mid_phrase_goes_on_after_one_blank_line_xerox_10k_1996() -> None:
    """Double-spaced, "Income before Income Taxes, Equity Income and" / "" / "   Minorities'
    Interests  1,944  1,849  1,514" is one label: a line ending in "and" goes on (a comma left by
    years read into the columns does not: Cisco's "outstanding at October 30," / "and July 31,")."""
    inc = _read_as(_double_spaced, "1_0000108772_10-K_19961231.txt")["income_statement"]
    assert [inc.value("pretax_income", i) for i in range(3)] == [  # type: ignore[attr-defined]
        1_944_000_000, 1_849_000_000, 1_514_000_000]
    bs = _read_as(lambda t: t, "1_0000858877_10-Q_19991030.txt")["balance_sheet"]
    assert bs.row("common_stock").values == (6_794_000_000, 5_578_000_000)  # type: ignore[attr-defined]


def test_leader_dots_running_into_the_figure() -> None:
    """"Net income.......1,234", "Net sales.......$1,234", "Loss......(1,234)", "Other......-0-":
    the dots end the label and the figure is the row's first cell, where it stood (before, the
    figure was read into the label and the row lost its first column's value); dots into the "$"
    of the cell to its right ("sales.....$  91,568") give that cell its dollar sign."""
    from edgarliq.tables.text import split_line

    def cells(line: str) -> list[tuple[str, int, float]]:
        return [(c.text, c.start, c.value) for c in split_line(line).cells]

    assert cells("Net income..............1,234     5,678") == [("1,234", 24, 1234.0), ("5,678", 34, 5678.0)]
    assert split_line("Net income..............1,234     5,678").label == "Net income.............."
    assert cells("Total assets.......$1,234,567  $ 987") == [("1,234,567", 19, 1234567.0), ("987", 31, 987.0)]
    assert cells("Loss...........(1,234)   (5)") == [("(1,234)", 15, -1234.0), ("(5)", 25, -5.0)]
    assert cells("Other.........-0-    12") == [("-0-", 14, 0.0), ("12", 21, 12.0)]
    sl = split_line("Net sales..........$  91,568    $ 84,407")
    assert sl.dollar and [c.value for c in sl.cells] == [91568.0, 84407.0]
    assert split_line("Note 3..........  see below").cells == ()


@pytest.mark.parametrize(("label", "concept"), [
    ("Current assets, total", "total_current_assets"), ("Assets, total", "total_assets"),
    ("Current liabilities, total", "total_current_liabilities"), ("Liabilities, total", "total_liabilities"),
    ("Net earnings", "net_income"), ("Net cash from operating activities", "net_cash_operating"),
    ("Cash and equivalents, end of year", "cash_ending"), ("Revenues, total", "revenue"),
    ("Net sales, total", "revenue"), ("Cash provided by operations", "net_cash_operating"),
])
def test_key_rows_worded_as_other_filers_word_them(label: str, concept: str) -> None:
    from edgarliq.statements.concepts import label_rule

    kind = ("income_statement" if "revenues" in label.lower() or "sales" in label.lower() or "earnings" in label.lower()
            else "balance_sheet" if "total" in label.lower() else "cash_flow")
    rule = label_rule(kind, label)
    assert rule is not None and rule.concept == concept
