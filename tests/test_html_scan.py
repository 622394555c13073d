"""The table scanner of the HTML reader (edgarliq.tables.html.scan_html): one pass over the markup
finds each `<table>` as libxml2 would parse it, and a table is parsed alone only when read."""

from __future__ import annotations

from datetime import date

from paths import corpus

from edgarliq.model import Statement, Statements
from edgarliq.statements import extract_statements
from edgarliq.statements.grids import _may_be_statement, _may_title, drafts_from_tables
from edgarliq.submission import read_submission
from edgarliq.tables.html import read_html, scan_html


def _spans(markup: str) -> list[str]:
    return [markup[t.start : t.end] for t in scan_html(markup).tables]


def _cells(markup: str) -> list[list[str]]:
    """The texts of every table's rows as the reader gives them."""
    return [[" | ".join(c.text for c in r.cells if c is not None) for r in g.rows] for g in read_html(markup).grids]


def test_a_document_without_tables() -> None:
    scan = scan_html("<html><body><p>Item 8. See the annual report.</p></body></html>")
    assert scan.tables == ()
    assert scan.pre_blocks() == ()
    assert scan.warnings([]) == ()


def test_tables_inside_comments_and_scripts_are_not_tables() -> None:
    markup = (
        "<html><head><title><table>in a title</table></title>"
        "<script>var t = '<table><tr><td>9</td></tr></table>';</script>"
        "<style>table { border: 0 } <table></style></head><body>"
        "<!-- <table><tr><td>8</td></tr></table> -->"
        "<table><tr><td>Cash</td><td>5</td></tr></table></body></html>"
    )
    assert _spans(markup) == ["<table><tr><td>Cash</td><td>5</td></tr></table>"]
    assert _cells(markup) == [["Cash | 5"]]


def test_comment_forms_libxml2_closes_at_once_and_an_unclosed_comment() -> None:
    # `<!-->` ends the comment where it starts (HTML5 tokenizer of libxml2 2.14); an unclosed
    # comment hides the rest of the document
    markup = "<p><!--><table><tr><td>1</td></tr></table><!-- <table><tr><td>2</td></tr></table>"
    assert _cells(markup) == [["1"]]


def test_upper_case_table_with_attributes_over_several_lines() -> None:
    markup = (
        '<HTML><BODY>\n<P>CONSOLIDATED BALANCE SHEETS</P>\n<TABLE WIDTH="100%"\n  BORDER=0\n'
        "  CELLPADDING=2>\n<TR><TD>Cash</TD><TD>1,234</TD></TR>\n</TABLE>\n<Table><tr><td>x</td><td>7"
        "</td></tr></Table></BODY></HTML>"
    )
    scan = scan_html(markup, start_line=10)
    assert [markup[t.start : t.start + 6] for t in scan.tables] == ["<TABLE", "<Table"]
    # the line libxml2 gives a table is the one its start tag ends on (submission lines)
    assert [t.line for t in scan.tables] == [14, 17]
    assert scan.tables[0].before == "CONSOLIDATED BALANCE SHEETS"
    grid = scan.tables[0].grid()
    assert grid is not None and grid.line == 14 and grid.rows[0].line == 15
    assert grid.rows[0].cells[1].value == 1234.0
    assert _cells(markup) == [["Cash | 1,234"], ["x | 7"]]


def test_not_a_table_tag() -> None:
    # a tag name runs to white space, `/` or `>` (`<table,x>` is an element named "table,x")
    assert scan_html("<tablet>no</tablet><table-x></table-x><table,x></table,x><tbody></tbody>").tables == ()
    # `</script,x>` does not end a script
    markup = "<script>a</script,x><table></table></script><table\x0c><tr><td>1</td></tr></table>"
    assert _spans(markup) == ["<table\x0c><tr><td>1</td></tr></table>"]
    assert _cells(markup) == [["1"]]


def test_nested_tables_are_each_a_table_in_document_order() -> None:
    inner = "<table><tr><td>Sales</td><td>10</td></tr><tr><td>Costs</td><td>(4)</td></tr></table>"
    markup = f"<table><tr><td>Layout</td><td>{inner}</td></tr></table><table><tr><td>B</td><td>2</td></tr></table>"
    spans = _spans(markup)
    assert spans == [
        f"<table><tr><td>Layout</td><td>{inner}</td></tr></table>",
        inner,
        "<table><tr><td>B</td><td>2</td></tr></table>",
    ]
    # the layout table's cell holding a table is empty; the inner table is read on its own
    assert _cells(markup) == [["Layout"], ["Sales | 10", "Costs | (4)"], ["B | 2"]]
    assert read_html(markup).grids[1].rows[1].cells[1].value == -4.0


def test_an_unclosed_table_runs_to_the_end_of_the_file() -> None:
    markup = "<html><body><table><tr><td>Cash</td><td>5</td></tr><tr><td>Debt</td><td>3"
    scan = scan_html(markup)
    assert len(scan.tables) == 1 and scan.tables[0].end == len(markup)
    assert _cells(markup) == [["Cash | 5", "Debt | 3"]]
    assert any("ends inside a table" in w for w in scan.warnings(list(scan.tables)))


def test_table_tags_are_counted_in_any_letter_case_for_the_truncation_warning() -> None:
    from edgarliq.tables.html import truncation_warnings

    markup = "<html><TaBlE><tr><td>1</td></tr></tAbLe><table><tr><td>2</td></tr>"
    expected = ["HTML document ends without </html>: it may be truncated",
                "HTML document ends inside a table (2 <table> opened, 1 closed): it may be truncated"]
    assert truncation_warnings(markup) == truncation_warnings(markup, markup.lower()) == expected
    assert truncation_warnings(markup + "</TABLE></HTML>") == []


def test_pre_blocks_are_text_and_tables_inside_them_still_tables() -> None:
    # libxml2 closes a `<pre>` where a `<table>` starts: the table is a table, the block empty
    markup = (
        "<html><body><PRE>\nNet sales    1,018    990\n</PRE><p>x</p>"
        "<pre><table><tr><td>A</td><td>1</td></tr></table></pre>\n\n<pre>last &amp; unclosed"
    )
    scan = scan_html(markup, start_line=5)
    assert scan.pre_blocks() == ((5, "\nNet sales    1,018    990\n"), (7, ""), (9, "last & unclosed"))
    assert _cells(markup) == [["A | 1"]]


def test_first_rows_are_read_without_the_rest() -> None:
    rows = "".join(f"<tr><td>Row {k}</td><td>{k},000</td></tr>" for k in range(200))
    table = scan_html(f"<table>{rows}</table>").tables[0]
    head = table.rows(4)
    assert [r.cells[0].text for r in head] == ["Row 0", "Row 1", "Row 2", "Row 3"]
    assert table.has_amount()
    assert not table._done  # (the 200 rows are read only when the whole grid is asked for)
    grid = table.grid()
    assert grid is not None and len(grid.rows) == 200 and grid.rows[199].cells[1].value == 199000.0
    assert table.rows(4) == grid.rows[:4]


def test_a_text_only_table_has_no_amount() -> None:
    table = scan_html("<table><tr><td>Item 8.</td></tr><tr><td>FINANCIAL STATEMENTS</td></tr></table>").tables[0]
    assert not table.has_amount()
    assert [r.cells[0].text for r in table.rows(6)] == ["Item 8.", "FINANCIAL STATEMENTS"]


def test_picked_tables_and_the_one_after() -> None:
    markup = (
        "<p>Notes</p><table><tr><td>a</td><td>1</td></tr></table>"
        "<p>Balance sheets</p><table><tr><td>b</td><td>2</td></tr></table>"
        "<table><tr><td>c</td><td>3</td></tr></table><p>Other</p><table><tr><td>d</td><td>4</td></tr></table>"
    )
    scan = scan_html(markup)
    picked = scan.pick(lambda before, head: "balance" in before.lower())
    assert [t is not None for t in picked] == [False, True, True, False]


# --------------------------------------------------------------------------------------------
# A 2001+ 10-K from the corpus: the same statements as when every table was parsed and read

M = 1_000_000
YUM_2008 = "2_0001041061_10-K_20081227.htm"  # 3.6 MB, 158 tables, three statements


def _yum() -> Statements:
    return extract_statements(read_submission(corpus(YUM_2008)))


def _values(st: Statement, label: str) -> tuple[float | None, ...]:
    return next(r.values for r in st.rows if r.label == label)


def test_yum_2008_10k_statements_exact() -> None:
    s = _yum()
    assert s.missing == ()
    bs, inc, cf = s["balance_sheet"], s["income_statement"], s["cash_flow"]
    # the line of each statement's `<table` in the submission
    assert (bs.source_line, inc.source_line, cf.source_line) == (21290, 18072, 19363)
    assert bs.unit == inc.unit == cf.unit == M
    assert [c.period_end for c in bs.columns] == [date(2008, 12, 27), date(2007, 12, 29)]
    assert [(c.period_end, c.months) for c in inc.columns] == [
        (date(2008, 12, 27), 12),
        (date(2007, 12, 29), 12),
        (date(2006, 12, 30), 12),
    ]
    assert _values(bs, "Total Assets") == (6527 * M, 7188 * M)
    assert _values(bs, "Total Shareholders’ Equity (Deficit)") == (-108 * M, 1139 * M)
    assert _values(bs, "Long-term debt") == (3564 * M, 2924 * M)
    assert _values(inc, "Total revenues") == (11279 * M, 10416 * M, 9561 * M)
    assert _values(inc, "Other (income) expense") == (-146 * M, -71 * M, -52 * M)
    assert _values(inc, "Diluted Earnings Per Common Share") == (1.96, 1.68, 1.46)
    assert _values(cf, "Capital spending") == (-935 * M, -726 * M, -572 * M)
    assert _values(cf, "Net Increase (Decrease) in Cash and Cash Equivalents") == (-590 * M, 470 * M, 161 * M)


def test_yum_2008_10k_most_tables_are_never_parsed() -> None:
    sub = read_submission(corpus(YUM_2008))
    text = next(d.text for d in sub.documents if len(d.text) > 3_000_000)
    scan = scan_html(text)
    picked = scan.pick(_may_be_statement, _may_title)
    drafts = drafts_from_tables(picked)
    assert {d.kind for d in drafts} >= {"balance_sheet", "income_statement", "cash_flow"}
    # (parsed whole, or only the start of its markup for a partial read)
    parsed = [t for t in scan.tables if t._el is not None or t._head is not None]
    assert len(scan.tables) == 158 and len(parsed) <= sum(t is not None for t in picked) < 50
    assert all(t._el is None and t._head is None for t, got in zip(scan.tables, picked, strict=True) if got is None)
    # what was read of the others gives the rows a whole read gives
    for t in picked:
        if t is not None and not t._done:
            head = t.rows(4)
            grid = t.grid()
            assert grid is not None
            assert [[c.text for c in r.cells if c] for r in head] == [
                [c.text for c in r.cells if c] for r in grid.rows[:4]
            ]
