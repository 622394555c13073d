"""Issue 10's failure classes, each on the real corpus filing where it was seen: the right
statement, the right row, the right period (exact figures as printed)."""

from __future__ import annotations

from datetime import date

from paths import corpus_statements, periods

_statements = corpus_statements
_periods = periods


# class 1: wrong table ---------------------------------------------------------------------


def test_supplemental_statement_ranks_below_consolidated_ibm_10k_1996() -> None:
    # EX-99 prints a "SUPPLEMENTAL CONSOLIDATED STATEMENT OF EARNINGS*" (net earnings 5,864);
    # the EX-13 consolidated statement prints 5,429
    inc = _statements("1_0000051143_10-K_19961231.txt")["income_statement"]
    assert "SUPPLEMENTAL" not in inc.title.upper()
    assert inc.lookup("net_income", date(1996, 12, 31), 12) == 5_429_000_000
    assert inc.lookup("pretax_income", date(1996, 12, 31), 12) == 8_587_000_000


def test_notes_table_and_mistitled_balance_sheet_ibm_10k_1995() -> None:
    # the balance sheet is headed "CONSOLIDATED STATEMENT OF OPERATIONS" by mistake; a customer
    # financing "Statement of Financial Position" in the notes must not win
    bs = _statements("1_0000051143_10-K405_19951231.txt")["balance_sheet"]
    assert bs.lookup("total_current_assets", date(1995, 12, 31)) == 40_691_000_000
    assert bs.lookup("total_assets", date(1995, 12, 31)) == 80_292_000_000


def test_selected_data_caption_split_over_two_lines_nvidia_10k_2000() -> None:
    # "Statement of Operations" / " Data:" heads the five-year selected data, not a statement
    inc = _statements("1_0001045810_10-K405_20000130.txt")["income_statement"]
    assert inc.lookup("revenue", date(2000, 1, 30), 12) == 374_505_000
    assert inc.lookup("net_income", date(2000, 1, 30), 12) == 38_098_000
    assert inc.lookup("pretax_income", date(2000, 1, 30), 12) == 56_166_000


# class 2: wrong row among repeated captions ----------------------------------------------


def test_operating_cash_before_working_capital_is_not_the_total_amazon_10q_1999_09() -> None:
    cf = _statements("1_0001018724_10-Q_19990930.txt")["cash_flow"]
    assert cf.lookup("net_cash_operating", date(1999, 9, 30), 9) == -122_381_000


def test_bare_total_closes_its_section_not_continuing_operations_xerox_10q_1999_09() -> None:
    cf = _statements("1_0000108772_10-Q_19990930.txt")["cash_flow"]
    assert cf.lookup("net_cash_operating", date(1999, 9, 30), 9) == 291_000_000
    assert cf.lookup("net_cash_investing", date(1999, 9, 30), 9) == -495_000_000
    assert cf.lookup("net_cash_financing", date(1999, 9, 30), 9) == 217_000_000
    assert cf.lookup("capex", date(1999, 9, 30), 9) == -393_000_000


def test_per_share_net_income_under_basic_heading_is_eps_amd_10q_2000_09() -> None:
    inc = _statements("1_0000002488_10-Q_20001001.txt")["income_statement"]
    assert inc.lookup("net_income", date(2000, 10, 1), 3) == 408_567_000
    assert inc.lookup("net_income", date(2000, 10, 1), 9) == 805_058_000


# class 3: periods ---------------------------------------------------------------------------


def test_year_marked_with_star_is_a_header_ibm_10k_1998() -> None:
    inc = _statements("1_0000051143_10-K_19981231.txt")["income_statement"]
    assert _periods(inc) == [(date(1998, 12, 31), 12), (date(1997, 12, 31), 12), (date(1996, 12, 31), 12)]
    assert inc.lookup("revenue", date(1998, 12, 31), 12) == 81_667_000_000


def test_caption_date_over_three_year_columns_amd_10k_1997() -> None:
    # "THREE YEARS ENDED DECEMBER 28, 1997" over "1997  1996  1995": one year per column
    inc = _statements("1_0000002488_10-K405_19971228.txt")["income_statement"]
    assert [c.period_end.year for c in inc.columns] == [1997, 1996, 1995]
    assert inc.lookup("net_income", date(1997, 12, 28), 12) == -21_090_000


def test_stacked_month_over_one_column_nvidia_10q_1999_05() -> None:
    # "April" / "May 2,   26," / "1999  1998": April heads the second column only
    inc = _statements("1_0001045810_10-Q_19990502.txt")["income_statement"]
    assert _periods(inc) == [(date(1999, 5, 2), 3), (date(1998, 4, 26), 3)]
    assert inc.lookup("revenue", date(1999, 5, 2), 3) == 71_018_000


def test_one_month_transition_column_keeps_its_own_month_nvidia_10k_1999() -> None:
    inc = _statements("1_0001045810_10-K405_19990131.txt")["income_statement"]
    assert [c.period_end for c in inc.columns][-2:] == [date(1998, 1, 31), date(1999, 1, 31)]
    assert inc.lookup("net_income", date(1999, 1, 31), 12) == 4_130_000


def test_star_marked_year_in_balance_sheet_header_sandisk_10q_2000_03() -> None:
    bs = _statements("1_0001000180_10-Q_20000331.txt")["balance_sheet"]
    assert [c.period_end for c in bs.columns] == [date(2000, 3, 31), date(1999, 12, 31)]
    assert bs.lookup("total_assets", date(2000, 3, 31)) == 1_033_911_000


# class 4: titles ----------------------------------------------------------------------------


def test_all_lower_case_titles_ibm_10k_1999() -> None:
    st = _statements("1_0000051143_10-K405_19991231.txt")
    assert st["income_statement"].lookup("revenue", date(1999, 12, 31), 12) == 87_548_000_000
    assert st["income_statement"].lookup("net_income", date(1999, 12, 31), 12) == 7_712_000_000
    assert st["balance_sheet"].lookup("total_current_assets", date(1999, 12, 31)) == 43_155_000_000


# class 5: balance sheet on two pages -------------------------------------------------------


def test_balance_sheet_halves_merge_without_continued_bell_atlantic_nj_10q_1999_06() -> None:
    bs = _statements("1_0000071428_10-Q_19990630.txt")["balance_sheet"]
    assert bs.lookup("total_assets", date(1999, 6, 30)) == 5_474_000_000
    assert bs.lookup("total_liabilities_and_equity", date(1999, 6, 30)) == 5_474_000_000
    # unlabelled subtotals after a nested "Accounts receivable:" heading
    assert bs.lookup("total_current_assets", date(1999, 6, 30)) == 822_200_000
    assert bs.lookup("total_current_liabilities", date(1999, 6, 30)) == 1_497_100_000


# class 6: labels ----------------------------------------------------------------------------


def test_parenthetical_with_amounts_in_revenue_label_bell_atlantic_nj_10q_1999_06() -> None:
    inc = _statements("1_0000071428_10-Q_19990630.txt")["income_statement"]
    assert inc.lookup("revenue", date(1999, 6, 30), 6) == 1_839_300_000


def test_parenthetical_figures_on_first_label_line_bell_atlantic_nj_10k_1998() -> None:
    # "OPERATING REVENUES (including $133.4, $120.7" / "and $93.0 from affiliates) ...  $3,603.6";
    # "Income Before Provision for Income Taxes and" / "Cumulative Effect ..." / "Principle ..."
    inc = _statements("1_0000071428_10-K405_19981231.txt")["income_statement"]
    assert inc.lookup("revenue", date(1998, 12, 31), 12) == 3_603_600_000
    assert inc.lookup("pretax_income", date(1998, 12, 31), 12) == 904_900_000


def test_singular_income_tax_in_pretax_label_nvidia_10q_1999_08() -> None:
    inc = _statements("1_0001045810_10-Q_19990801.txt")["income_statement"]
    assert inc.lookup("pretax_income", date(1999, 8, 1), 3) == 9_832_000


def test_unlabelled_bottom_line_above_per_share_amazon_10q_1997_09() -> None:
    inc = _statements("1_0001018724_10-Q_19970930.txt")["income_statement"]
    assert inc.lookup("net_income", date(1997, 9, 30), 9) == -18_253_000


# class 7: derived pretax -------------------------------------------------------------------


def test_pretax_derived_past_minority_interest_verisign_10q_1998_06() -> None:
    inc = _statements("1_0001014473_10-Q_19980630.txt")["income_statement"]
    row = inc.row("pretax_income")
    assert row is not None and row.derived and "minority" in row.derived
    assert inc.lookup("pretax_income", date(1998, 6, 30), 6) == -10_092_000


def test_discontinued_operations_net_earnings_is_not_the_bottom_line_bms_10k_2005() -> None:
    inc = _statements("2_0000014272_10-K_20051231.txt")["income_statement"]
    assert inc.lookup("net_income", date(2005, 12, 31), 12) == 3_000_000_000
    assert inc.lookup("eps_basic", date(2005, 12, 31), 12) == 1.53  # per share, not scaled


def test_caption_month_dates_a_joint_ventures_years_amd_10ka_1996() -> None:
    # Fujitsu AMD Semiconductor's statements, "Three Years Ended March 31, 1997" left of the years
    cf = _statements("1_0000002488_10-K-A_19961229.txt")["cash_flow"]
    assert [c.period_end for c in cf.columns] == [date(1997, 3, 31), date(1996, 3, 31), date(1995, 3, 31)]


def test_inception_column_ends_on_its_last_date_akamai_10k_1999() -> None:
    inc = _statements("1_0001086222_10-K405_19991231.txt")["income_statement"]
    assert _periods(inc) == [(date(1998, 12, 31), 4), (date(1999, 12, 31), 12)]
    assert inc.lookup("revenue", date(1999, 12, 31), 12) == 3_986_000


def test_unit_printed_with_the_table_wins_over_a_caption_above_altera_10k_1997() -> None:
    bs = _statements("1_0000768251_10-K405_19971231.txt")["balance_sheet"]
    assert bs.unit == 1000
    assert bs.lookup("total_assets", date(1997, 12, 31)) == 952_518_000


# class 8: filings that print no statements -----------------------------------------------


def test_amendment_with_only_schedules_says_so_sandisk_10ka_1997() -> None:
    st = _statements("1_0001000180_10-K405-A_19971231.txt")
    assert len(st) == 0
    assert st.reason("balance_sheet") == ("this amendment prints no statements; it restates the financial data "
                                          "schedules (EX-27)")
