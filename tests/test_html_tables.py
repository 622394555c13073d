"""The HTML grid reader (edgarliq.tables.html) on small tables written the way EDGAR filings print them."""

from __future__ import annotations

import time

from edgarliq.model import Grid
from edgarliq.tables.html import MAX_SPAN, cell_value, read_html


def _grid(body: str, before: str = "") -> Grid:
    doc = read_html(f"<html><body>{before}<table>{body}</table></body></html>")
    assert len(doc.grids) == 1
    return doc.grids[0]


def _values(grid: Grid) -> list[list[float | None]]:
    return [[c.value for c in r.cells if c is not None and c.value is not None] for r in grid.rows]


def test_negative_split_over_two_cells_is_one_number() -> None:
    g = _grid("<tr><td>Net loss</td><td>$</td><td>(1,234</td><td>)</td><td></td><td>$</td><td>567</td><td></td></tr>")
    assert g.ncols == 3
    row = g.rows[0]
    assert row.label == "Net loss"
    assert [c.value for c in row.cells[1:]] == [-1234.0, 567.0]
    assert row.cells[1].dollar and row.cells[1].text == "(1,234)"


def test_lone_dollar_and_percent_cells_join_their_number() -> None:
    g = _grid("<tr><td>Margin</td><td>$</td><td>12</td><td>&nbsp;</td><td>5.5</td><td>%</td></tr>")
    cells = [c for c in g.rows[0].cells if c is not None]
    assert [(c.text, c.value, c.dollar, c.percent) for c in cells[1:]] == [("12", 12.0, True, False),
                                                                             ("5.5%", 5.5, False, True)]


def test_spacer_columns_are_dropped_and_header_spans_shrink() -> None:
    g = _grid(
        "<tr><td></td><td colspan=3 align=center>2004</td><td>&nbsp;</td><td colspan=3>2003</td></tr>"
        "<tr><td>Revenue</td><td>$</td><td>1,000</td><td></td><td></td><td>$</td><td>900</td><td></td></tr>"
        "<tr><td>Costs</td><td></td><td>(400</td><td>)</td><td></td><td></td><td>(350</td><td>)</td></tr>")
    assert g.ncols == 3
    head = g.rows[0]
    assert [(c.text, c.colspan) for c in head.cells if c is not None] == [("2004", 1), ("2003", 1)]
    assert head.cells[1].value == 2004.0
    assert _values(g)[1:] == [[1000.0, 900.0], [-400.0, -350.0]]


def test_colspan_and_rowspan_place_cells_on_logical_columns() -> None:
    g = _grid(
        "<tr><td rowspan=2>(in thousands)</td><td colspan=2>Three Months Ended</td></tr>"
        "<tr><td>June 30, 2004</td><td>June 30, 2003</td></tr>"
        "<tr><td>Sales</td><td>10</td><td>20</td></tr>")
    assert g.ncols == 3
    assert g.rows[0].cells[1].text == "Three Months Ended" and g.rows[0].cells[1].colspan == 2
    # the rowspan cell covers column 0 of the second row: its text is not repeated
    assert g.rows[1].cells[0] is None
    assert [c.text for c in g.rows[1].cells[1:]] == ["June 30, 2004", "June 30, 2003"]
    assert g.rows[0].covering(2) is g.rows[0].cells[1]


def test_rule_rows_mark_the_total_below_and_underline_above() -> None:
    g = _grid("<tr><td>Cash</td><td>5</td></tr><tr><td>Other</td><td>7</td></tr>"
              "<tr><td></td><td>_____</td></tr><tr><td>Total</td><td>12</td></tr>"
              "<tr><td></td><td>=====</td></tr>")
    assert [r.label for r in g.rows] == ["Cash", "Other", "Total"]
    assert g.rows[1].underline and g.rows[2].total and not g.rows[1].total
    assert g.rows[2].underline


def test_rule_sharing_a_cell_with_its_number() -> None:
    g = _grid("<tr><td>Other</td><td>7<br>_____</td></tr><tr><td>Total</td><td>12</td></tr>")
    assert g.rows[0].cells[1].value == 7.0 and g.rows[0].underline
    assert g.rows[1].total


def test_border_bottom_marks_a_total() -> None:
    g = _grid('<tr><td>Other</td><td style="border-bottom: 1px solid #000">7</td></tr>'
              '<tr><td><b>Total</b></td><td style="border-top:solid 1pt">12</td></tr>')
    assert g.rows[0].underline and g.rows[1].total and g.rows[1].bold


def test_nbsp_indentation_and_padding_become_indent() -> None:
    g = _grid("<tr><td>Current assets:</td><td></td></tr>"
              "<tr><td>&nbsp;&nbsp;&nbsp;&nbsp;Cash</td><td>5</td></tr>"
              '<tr><td style="padding-left:20pt">Receivables</td><td>6</td></tr>')
    assert [r.indent for r in g.rows] == [0, 4, 4]
    assert g.rows[0].heading and not g.rows[1].heading
    assert g.rows[1].label == "Cash"


def test_dashes_and_zero_marks_are_zero_and_footnotes_are_dropped() -> None:
    assert cell_value("-")[0] == 0.0
    assert cell_value("\u2014")[0] == 0.0
    assert cell_value("-0-")[0] == 0.0
    assert cell_value("1,234(a)")[0] == 1234.0
    assert cell_value("$(12.5)")[0] == -12.5
    assert cell_value("(3.2)%")[:3:2] == (-3.2, True)
    assert cell_value("Revenue")[0] is None
    assert cell_value("9" * 400)[0] is None  # not an amount: no float infinity downstream


def test_footnote_cell_next_to_a_number_is_dropped() -> None:
    g = _grid("<tr><td>Net sales</td><td>1,018</td><td>(a)</td><td>990</td></tr>")
    assert _values(g) == [[1018.0, 990.0]]


def test_footnote_superscript_is_not_part_of_the_amount() -> None:
    g = _grid("<tr><td>Net sales</td><td>1,018<sup>(1)</sup></td></tr>")
    assert _values(g) == [[1018.0]]


def test_spans_are_bounded() -> None:
    # colspan="300000000" (issue 11 item 3): bounded, the table stays small
    t0 = time.perf_counter()
    g = _grid('<tr><td colspan="300000000">x</td><td>1</td></tr>'
              '<tr><td rowspan="99999999">y</td><td>2</td></tr><tr><td>3</td></tr>')
    assert time.perf_counter() - t0 < 1.0
    assert max(len(r.cells) for r in g.rows) <= MAX_SPAN + 2


def test_span_that_is_not_an_ascii_number_reads_as_one() -> None:
    # a superscript digit (str.isdigit() is true for "²") or a 5,000-digit span: never a crash
    g = _grid('<tr><td colspan="\u00b2">x</td><td>1</td></tr><tr><td colspan="' + "9" * 5000 + '">y</td></tr>')
    assert g.rows[0].cells[0].text == "x" and g.rows[0].cells[0].colspan == 1
    assert max(len(r.cells) for r in g.rows) <= MAX_SPAN + 2


def test_table_size_is_bounded_with_a_warning() -> None:
    row = "<tr>" + '<td colspan="100">1</td>' * 50 + "</tr>"
    doc = read_html("<html><body><table>" + row * 100 + "</table></body></html>")
    assert any("cells" in w for w in doc.warnings)


def test_inline_xbrl_cell_carries_its_fact() -> None:
    g = _grid('<tr><td>Net sales</td><td>$</td><td><ix:nonFraction name="us-gaap:Revenues" contextRef="c-1" '
              'unitRef="usd" scale="6" decimals="-6" format="ixt:num-dot-decimal" id="f-1">94,036'
              "</ix:nonFraction></td></tr>")
    cell = g.rows[0].cells[1]
    assert cell.value == 94036.0 and cell.dollar
    assert cell.fact is not None
    assert (cell.fact.name, cell.fact.context_ref, cell.fact.unit_ref, cell.fact.scale, cell.fact.decimals,
            cell.fact.format, cell.fact.id) == ("us-gaap:Revenues", "c-1", "usd", "6", "-6",
                                                "ixt:num-dot-decimal", "f-1")


def test_text_above_the_table_is_kept_for_titles() -> None:
    g = _grid("<tr><td>Cash</td><td>5</td></tr>",
              before="<p>ACME CORP</p><p>CONSOLIDATED BALANCE SHEETS</p><p>(in thousands)</p>")
    assert g.before.splitlines()[-2:] == ["CONSOLIDATED BALANCE SHEETS", "(in thousands)"]


def test_pre_blocks_are_handed_over_as_text() -> None:
    doc = read_html("<html><body><pre>\nNet sales    1,018    990\n</pre></body></html>")
    assert doc.pre_blocks and "Net sales    1,018    990" in doc.pre_blocks[0][1]


def test_truncated_html_is_reported() -> None:
    doc = read_html("<html><body><table><tr><td>Cash</td><td>5</td></tr>")
    assert any("inside a table" in w for w in doc.warnings)
    assert any("</html>" in w for w in doc.warnings)
    assert read_html("<html><body><table><tr><td>1</td></tr></table></body></html>").warnings == ()


def test_select_reads_only_wanted_tables_and_the_one_after() -> None:
    doc = read_html("<html><body><p>Note 5. Leases</p><table><tr><td>Rent</td><td>1</td></tr></table>"
                    "<p>CONSOLIDATED BALANCE SHEETS</p><table><tr><td>Cash</td><td>5</td></tr></table>"
                    "<table><tr><td>Debt</td><td>7</td></tr></table>"
                    "<p>Note 6</p><table><tr><td>Other</td><td>9</td></tr></table></body></html>",
                    select=lambda before, head: "balance" in before.lower())
    assert [[r.label for r in g.rows] for g in doc.grids] == [[], ["Cash"], ["Debt"], []]
