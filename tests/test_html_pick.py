"""Which tables of an HTML document the statements stage reads, and how little of each: a table
after one not picked is wanted only under a title of its own (`grids._may_title`), a table
with nothing to continue and no title is passed over after a look at its first row, and a
partial read parses only the markup of the rows it reads (`HtmlTable._prefix_end`)."""

from __future__ import annotations

from datetime import date

from paths import corpus

from edgarliq.statements import extract_statements
from edgarliq.statements.grids import _before_titles, _head_may_title, _may_be_statement, _may_title, drafts_from_tables
from edgarliq.submission import read_submission
from edgarliq.tables.html import looks_like_html, scan_html

M = 1_000_000
BMS_2003 = "2_0000014272_10-K-A_20031231.txt"  # Bristol-Myers Squibb 10-K/A 2003: 2 MB of HTML, 169 tables


# --------------------------------------------------------------------------------------------
# The head of a table: a cell that may print a title


def test_a_title_cell_is_a_title_however_its_markup_splits_it() -> None:
    assert _head_may_title('<table><tr><td align="center"><b>consolidated balance sheets</b></td></tr>')
    assert _head_may_title("<table><tr><td>state<font>ments</font> of income</td></tr>")
    assert _head_may_title("<table><tr><td>consolidated statements<br>of cash flows</td></tr>")
    assert _head_may_title("<table><tr><td>statement&nbsp;of earnings</td></tr>")


def test_prose_and_restatements_in_a_table_are_not_titles() -> None:
    prose = ("<table><tr><td>the company restated its consolidated financial statements of prior years to"
             " correct the timing of revenue recognition on sales to wholesalers, as described in note 2 to"
             " the financial statements, and the restatement of the balance sheet at december 31.</td></tr>")
    assert not _head_may_title(prose)
    assert not _head_may_title("<table><tr><td>restatement of results</td><td>2003</td></tr>")
    assert not _head_may_title("<table><tr><td>financial statements</td><td>page</td></tr>")
    # (words in different cells are not one title: the reader joins cells with a space, and a
    # title is "statement of ...")
    assert not _head_may_title("<table><tr><td>balance at january 1</td><td>1,234</td></tr>")


def test_a_title_above_the_table_where_the_reader_finds_one() -> None:
    assert _before_titles("BRISTOL-MYERS SQUIBB COMPANY\nCONSOLIDATED BALANCE SHEET\n(dollars in millions)")
    # a page heading of the notes and the sentence introducing the table stop the walk up
    assert not _before_titles("NOTES TO CONSOLIDATED FINANCIAL STATEMENTS (Continued)\n"
                              "The major categories of inventories follow:")
    assert not _before_titles("CONSOLIDATED BALANCE SHEET\nThe Company restated its results for the periods"
                              " below, as shown in the following table.")
    assert not _before_titles("")


def test_a_table_after_one_not_picked_is_wanted_only_under_a_title() -> None:
    markup = (
        # the old test wants it ("financial statements" in its cells), but it prints no title
        "<p>x</p><table><tr><td>See the financial statements</td><td>12</td></tr></table>"
        "<p>Other</p><table><tr><td>d</td><td>4</td></tr></table>"  # (the one after it)
        "<p>Other</p><table><tr><td>e</td><td>5</td></tr></table>"
        "<p>CONSOLIDATED BALANCE SHEET</p><table><tr><td>Cash</td><td>2</td></tr></table>"
        "<table><tr><td>Total assets</td><td>3</td></tr></table>"  # the one after: wanted
    )
    scan = scan_html(markup)
    # (the old test looks at 2,500 characters from each table's start: here, every table on)
    assert [t is not None for t in scan.pick(_may_be_statement)] == [True] * 5
    # (the table before the title: the old test wants it too, and text it carries down to the
    # statement would be read with it: kept)
    assert [t is not None for t in scan.pick(_may_be_statement, _may_title)] == [False, False, True, True, True]


def test_a_table_the_old_test_wants_is_kept_for_the_next_one_under_a_title() -> None:
    # its text would be carried down to the next table (a statement), as when it was picked
    markup = (
        "<p>x</p><table><tr><td>Financial statements (dollars in millions)</td></tr></table>"
        "<p>BALANCE SHEETS</p><table><tr><td>Cash</td><td>2</td></tr></table>"
    )
    picked = scan_html(markup).pick(_may_be_statement, _may_title)
    assert [t is not None for t in picked] == [True, True]


# --------------------------------------------------------------------------------------------
# Partial reads parse the start of a table's markup only


def _table(rows: str) -> str:
    return f"<table>{rows}</table>"


def test_a_partial_read_parses_the_rows_it_reads_and_gives_the_whole_tables_rows() -> None:
    rows = "".join(f"<tr><td>Row {k}</td><td rowspan=2>{k},000</td></tr>" for k in range(60))
    table = scan_html(_table(rows)).tables[0]
    head = table.rows(4)
    assert table._el is None and table._head is not None  # (only the prefix was parsed)
    assert table._head_end is not None and table._head_end < table.end
    grid = table.grid()
    assert grid is not None and table._el is not None
    assert [[c.text for c in r.cells if c] for r in head] == [[c.text for c in r.cells if c] for r in grid.rows[:4]]


def test_a_comment_or_nested_table_in_the_first_rows_parses_the_whole_table() -> None:
    many = "".join(f"<tr><td>Row {k}</td><td>{k}</td></tr>" for k in range(40))
    for odd in ("<tr><td><!-- <tr><td>x</td></tr> -->a</td><td>1</td></tr>",
                "<tr><td><table><tr><td>in</td></tr></table></td><td>1</td></tr>",
                "<tr><td><script>var s = '<tr>';</script>a</td><td>1</td></tr>"):
        table = scan_html(_table(odd + many)).tables[0]
        table.rows(4)
        assert table._head is None and table._el is not None


def test_a_table_passed_over_without_a_title_is_read_no_further_than_its_first_rows() -> None:
    rows = "".join(f"<tr><td>Item {k}</td><td>{k},000</td></tr>" for k in range(100))
    markup = f"<p>Notes to financial statements (continued)</p><p>x</p>{_table(rows)}<p>y</p>{_table(rows)}"
    scan = scan_html(markup)
    assert drafts_from_tables([scan.tables[0], scan.tables[1]]) == []  # (both picked)
    assert all(t._el is None for t in scan.tables)  # (no table parsed whole)
    assert scan.pick(_may_be_statement, _may_title) == [None, None]  # (and a pick wants neither)


# --------------------------------------------------------------------------------------------
# The 2 MB 10-K of issue 9: the same statements, reading a few dozen of its 169 tables


def test_bms_2003_10k_statements() -> None:
    s = extract_statements(read_submission(corpus(BMS_2003)))
    bs, inc, cf = s["balance_sheet"], s["income_statement"], s["cash_flow"]
    assert (bs.source_line, inc.source_line, cf.source_line) == (7499, 6277, 8072)
    assert bs.unit == inc.unit == cf.unit == M
    assert [c.period_end for c in bs.columns] == [date(2003, 12, 31), date(2002, 12, 31)]
    assert [(c.period_end, c.months) for c in cf.columns] == [
        (date(2003, 12, 31), 12), (date(2002, 12, 31), 12), (date(2001, 12, 31), 12)]

    def values(st: object, label: str) -> tuple[float | None, ...]:
        return next(r.values for r in st.rows if r.label == label)  # type: ignore[attr-defined]

    assert values(bs, "Total Assets") == (27471 * M, 25022 * M)
    assert values(bs, "Total Liabilities") == (17685 * M, 16266 * M)
    assert values(inc, "Net Sales") == (20894 * M, 18106 * M, 18044 * M)
    assert values(cf, "Net Cash Provided by Operating Activities") == (3512 * M, 945 * M, 5372 * M)
    assert values(cf, "Cash and Cash Equivalents at End of Year") == (2444 * M, 2367 * M, 4552 * M)


def test_bms_2003_10k_reads_few_tables() -> None:
    sub = read_submission(corpus(BMS_2003))
    text = next(d.text for d in sub.documents if looks_like_html(d.text) and len(d.text) > 1_000_000)
    scan = scan_html(text)
    picked = scan.pick(_may_be_statement, _may_title)
    drafts = drafts_from_tables(picked)
    assert {d.kind for d in drafts} >= {"balance_sheet", "income_statement", "cash_flow"}
    read = [t for t in scan.tables if t._el is not None or t._head is not None]
    assert len(scan.tables) == 169 and sum(t is not None for t in picked) < 40 and len(read) < 40
