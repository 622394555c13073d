"""Layout primitives: numbers, line splitting, column detection."""

from __future__ import annotations

import pytest

from edgarliq.tables.text import (
    Line,
    amount_cells,
    assign_cells,
    clean_lines,
    detect_columns,
    is_rule,
    parse_number,
    split_line,
)


@pytest.mark.parametrize("token,value", [
    ("1,234", 1234.0), ("$1,234", 1234.0), ("(975)", -975.0), ("$(0.44)", -0.44), ("($6,001)", -6001.0),
    ("-", 0.0), ("--", 0.0), ("---", 0.0), ("-0-", 0.0), (".12", 0.12), ("11.1%", 11.1), ("-0.1%", -0.1),
    ("abc", None),
])
def test_parse_number(token: str, value: float | None) -> None:
    assert parse_number(token) == value


def test_split_line_label_and_cells() -> None:
    sl = split_line("  Cash and cash equivalents                      $3,751                   $10,937")
    assert sl.label == "Cash and cash equivalents" and sl.indent == 2 and sl.dollar
    assert [c.value for c in sl.cells] == [3751.0, 10937.0]


def test_split_line_numbers_inside_label_stay_in_label() -> None:
    sl = split_line("    issued 26,336,757 shares and 25,918,363 shares at")
    assert sl.cells == () and sl.label.startswith("issued")
    sl = split_line("Net loss                      $  (56)    $  (32)   $  (884)  $  (841)")
    assert [c.value for c in sl.cells] == [-56.0, -32.0, -884.0, -841.0]


def test_split_line_dashes_and_footnotes() -> None:
    sl = split_line("Preferred stock                                    --        --")
    assert [c.value for c in sl.cells] == [0.0, 0.0]
    sl = split_line("Other income                                  1,234(a)     567")
    assert [c.value for c in sl.cells][-1] == 567.0
    # a dash with one space either side, between words of text, is a hyphen: no cells
    sl = split_line("  Less cost of treasury stock - 37,302,343")
    assert sl.cells == () and sl.label == "Less cost of treasury stock - 37,302,343"
    sl = split_line("1995 - 569,384,029; 1994 - 584,958,699; 1993 - 573,239,240")
    assert sl.cells == ()
    sl = split_line("     Authorized shares -- 150,000")
    assert sl.cells == () and sl.label == "Authorized shares -- 150,000"
    # a column's dash keeps its place, however near its neighbours
    sl = split_line("Restructuring charge                   12   -   5")
    assert [c.value for c in sl.cells] == [12.0, 0.0, 5.0]
    sl = split_line("Restructuring charge                        - 5")
    assert [c.value for c in sl.cells] == [0.0, 5.0]


def test_percent_columns_dropped() -> None:
    sl = split_line("REVENUES          $75,714     100.0%  $56,032      100.0%")
    assert [c.value for c in amount_cells(sl.cells)] == [75714.0, 56032.0]


def test_tabs_expanded_and_markup_blanked() -> None:
    lines = clean_lines("<TABLE>\n<S>\t<C>\nNet sales\t\t$1,737 \t $2,179\n<PAGE>\n")
    assert lines[0] == "" and lines[1] == "" and "\t" not in lines[2]
    assert [c.value for c in split_line(lines[2]).cells] == [1737.0, 2179.0]
    assert lines[3].strip() == ""


def test_page_number_removed() -> None:
    lines = clean_lines("Total  1,234\n\n                 3\n<PAGE>\n")
    assert lines[2] == ""


def test_rules() -> None:
    assert is_rule("   -----------     -----------")
    assert is_rule("   ===========")
    assert is_rule("   ___________")
    assert not is_rule("Total 1,234")


def test_detect_and_assign_columns() -> None:
    rows = [
        "Cash                        1,124         1,645",
        "Receivables                 2,468         2,356",
        "Inventories                 1,555         1,451",
        "Subtotal only in second                      99",
    ]
    cells = [split_line(r).cells for r in rows]
    cols = detect_columns(cells)
    assert len(cols) == 2
    got = assign_cells(cells[3], cols)
    assert got is not None and got[0] is None and got[1] is not None and got[1].value == 99.0


def test_split_line_prose_fast_path() -> None:
    # lines without a trailing number take a shortcut; the result is the same Line
    assert split_line("    Current assets:") == Line("Current assets:", 4, (), False)
    assert split_line("") == Line("", 0, (), False)
    sl = split_line("  Net sales     $ 1,018     (27)  --")
    assert [c.value for c in sl.cells] == [1018.0, -27.0, 0.0] and sl.dollar and sl.label == "Net sales"


def test_clean_lines_whole_text() -> None:
    text = "Title\r\n   - 3 -\r\n<PAGE>  3\r\n\tA\tB\r\n<TABLE>x\r\n"
    out = clean_lines(text)
    assert out[1] == ""  # a page number next to a page break
    assert out[2] == "\f"  # page break kept as a marker
    assert out[3] == "        A       B"  # tabs expanded per line, 8-column stops
    assert out[4] == "       x"  # markup blanked to spaces, columns kept
    assert len(out) == len(text.split("\n"))


def test_column_centre_is_the_median_cell() -> None:
    lines = [split_line(s).cells for s in ("a   1,000   2,000", "b   1,000   2,000", "c          1,000   2,000")]
    cols = detect_columns(lines)
    assert cols[0].center == 6.5  # the span (4-16) would put it at 10


@pytest.mark.parametrize("text", [
    "<PAGE>", " <page> x\n<PAGE>\n", "a<PAGE>\n \r<PaGe>zz\n<PAGE><PAGE>", "\n\n  <PAGE>", "x\n\t<page>",
    "no pages here", "text <PAGE> mid-line\n<PAGE> 3\nnext",
])
def test_page_marks_same_as_the_anchored_pattern(text: str) -> None:
    # the tag-driven scan replaced a `^`-anchored multiline regex for speed; the output is the same
    from edgarliq.tables.text import _PAGE_LINE_RE, _mark_pages

    assert _mark_pages(text) == _PAGE_LINE_RE.sub("\x01", text)


@pytest.mark.parametrize("line", ["", "   ", "--", "---", " ===== ", "___", "+---+", "*.*", "|-|", "abc",
                                  ".. ..", "- - -", "1,234", "  ---- x"])
def test_rule_precheck_matches_the_pattern(line: str) -> None:
    import re

    s = line.strip()
    want = len(s) >= 3 and bool(re.match(r"^[\s\-=_+|*.]*$", s)) and any(ch in s for ch in "-=_")
    assert is_rule(line) == want
