"""The same HTML filing written another way gives the same figures.

Filings of other companies are written by other software: tags in capitals, `<th>` cells where
others use `<td>`, `&#160;` for `&nbsp;`, each cell's text in a `<font>`, attribute values without
quotes, a style sheet of tens of kilobytes before the first table. Each transformation below
(bench/html_layouts.py's, which runs them over every HTML filing of the corpus) renders alike
in a browser; the key figures read must be the ones read from the filing as filed.
"""

from __future__ import annotations

import sys

import pytest
from paths import ROOT, corpus, corpus_files

from edgarliq.pipeline import analyze

sys.path.insert(0, str(ROOT / "bench"))
import html_layouts  # noqa: E402
import layouts  # noqa: E402


def _sample() -> list[str]:
    files = [p.name for p in corpus_files("2_*.txt") if b"<table" in p.read_bytes()[:3_000_000].lower()]
    return files[::9] or ["2_0000014272_10-K_20021231.txt"]


@pytest.mark.parametrize("name", _sample())
def test_html_variants_give_the_same_figures(name: str) -> None:
    path = corpus(name)
    text = path.read_bytes().decode("latin-1")
    want = layouts.figures(text.encode("latin-1"), str(path))
    if not want:
        pytest.skip(f"{name} prints no statements")
    for label in html_layouts.TRANSFORMS:
        got = layouts.figures(html_layouts.transformed(label, text), str(path))
        assert got == want, label


def test_rows_of_header_cells_are_html() -> None:
    """A document whose rows hold `<th>` cells only, or whose first table comes after a long style
    sheet, is HTML (its tables are read as grids), where SGML `<TABLE>` tags of a plain-text filing,
    holding no rows, are not."""
    from edgarliq.tables.text import looks_like_html

    th_only = "<table><tr><th>Cash</th><th>1,234</th></tr></table>"
    assert looks_like_html(th_only)
    late = "<style>" + "p{margin:0}\n" * 3000 + "</style>" + th_only.replace("th>", "td>")
    assert not looks_like_html(late)  # (a fetched body's head: its first 20,000 characters)
    assert looks_like_html(late, late.lower())  # (a whole document)
    assert not looks_like_html("<TABLE>\n<CAPTION>\n<S>    <C>\nCash     1,234\n</TABLE>")


@pytest.mark.parametrize("transform", ["th_cells", "style_head"])
def test_bms_10k_2002_written_another_way(transform: str) -> None:
    """Bristol-Myers Squibb's 2002 10-K with `<th>` for every `<td>`, or behind a 30 KB style sheet:
    before, either was read as plain text and no statement was found. Total assets $24,874 million
    (2002) and $27,812 million (2001)."""
    path = corpus("2_0000014272_10-K_20021231.txt")
    text = path.read_bytes().decode("latin-1")
    bs = analyze(html_layouts.TRANSFORMS[transform](text).encode("latin-1"), name=str(path)).statements["balance_sheet"]
    assert [bs.value("total_assets", i) for i in range(2)] == [24_874_000_000, 27_812_000_000]


def test_a_statement_in_two_tables_each_inside_a_layout_table_bms_10k_2003() -> None:
    """BMS's 2003 income statement prints its column header in one table and its rows in the next.
    Each inside a layout table's one cell, the second is still the first's continuation (the
    wrapper prints nothing between them): basic EPS $1.60, $1.11 and $2.40, as filed."""
    path = corpus("2_0000014272_10-K_20031231.txt")
    text = path.read_bytes().decode("latin-1")
    for variant in (text, html_layouts.TRANSFORMS["wrapped_tables"](text)):
        inc = analyze(variant.encode("latin-1"), name=str(path)).statements["income_statement"]
        assert [inc.value("eps_basic", i) for i in range(3)] == [1.60, 1.11, 2.40]


@pytest.mark.parametrize("transform", ["br_labels", "upper_text"])
def test_bms_10q_2003_titles_and_labels_broken_or_in_capitals(transform: str) -> None:
    """BMS's restated 10-Q for March 2003 with its long texts broken over two lines in their cells
    ("RESTATED CONSOLIDATED STATEMENT<br>OF CASH FLOWS", "Cash and Cash Equivalents<br>at End of
    Period"), or in capitals: the cash flow statement is still found, ending cash $2,357 and
    $2,851 million."""
    path = corpus("2_0000014272_10-Q-A_20030331.txt")
    text = path.read_bytes().decode("latin-1")
    cf = analyze(html_layouts.transformed(transform, text), name=str(path)).statements["cash_flow"]
    assert [cf.value("cash_ending", i) for i in range(2)] == [2_357_000_000, 2_851_000_000]


def test_two_short_lines_in_capitals_each_naming_a_concept_are_two_items_bms_10k_2003() -> None:
    """In capitals, "DISCONTINUED OPERATIONS" / "NET EARNINGS  —  .02  .12" is a heading over the
    discontinued operations' own net earnings, not one label; the basic EPS stays the bottom line's
    $1.60, $1.11 and $2.40 (before, the discontinued subtotal's 0, .04 and 1.44)."""
    path = corpus("2_0000014272_10-K_20031231.txt")
    text = path.read_bytes().decode("latin-1")
    inc = analyze(html_layouts.transformed("upper_text", text), name=str(path)).statements["income_statement"]
    assert [inc.value("eps_basic", i) for i in range(3)] == [1.60, 1.11, 2.40]


def test_a_label_going_on_with_before_bms_10q_2008() -> None:
    """"Earnings from Continuing Operations" / "Before Minority Interest and Income Taxes  1,290
    852": a line beginning with "Before" goes on with the one above, in mixed case too: the
    pretax income, $1,290 and $852 million (before, a heading over a row no rule names)."""
    inc = analyze(corpus("2_0000014272_10-Q_20080331.txt")).statements["income_statement"]
    assert [inc.value("pretax_income", i) for i in range(2)] == [1_290_000_000, 852_000_000]


def test_a_cash_flow_section_named_with_a_dash_yum_10k_2008() -> None:
    """"CASH FLOWS – OPERATING ACTIVITIES" over "NET INCOME  964 ...", in capitals: the dash
    leaves a section's name, a heading, not the first words of the net income's label."""
    path = corpus("2_0001041061_10-K_20081227.htm")
    text = path.read_bytes().decode("latin-1")
    cf = analyze(html_layouts.transformed("upper_text", text), name=str(path)).statements["cash_flow"]
    assert [cf.value("net_income", i) for i in range(3)] == [964_000_000, 909_000_000, 824_000_000]


def test_a_negatives_parenthesis_in_a_cell_of_its_own_electronic_arts_10q_2016() -> None:
    """EA prints its quarter's EPS as "$ (" | "0.00)"; without the "$" (as other filers print it),
    "(" | "0.00)" is still one negative figure: basic EPS -0.00, -0.14, 1.33, 0.83."""
    from edgarliq.tables.html import read_html

    grid = read_html("<table><tr><td>Basic</td><td>(</td><td>1.25)</td><td>(</td><td>x</td></tr></table>").grids[0]
    assert [c.value for c in grid.rows[0].cells if c is not None and c.value is not None] == [-1.25]
    path = corpus("3_0000712515_10-Q_20161231.htm")
    text = path.read_bytes().decode("latin-1")
    inc = analyze(html_layouts.transformed("no_dollar_signs", text), name=str(path)).statements["income_statement"]
    assert [inc.value("eps_basic", i) for i in range(4)] == [-0.0, -0.14, 1.33, 0.83]
