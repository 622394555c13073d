"""What a statement row's numbers are (`StatementRow.measure`): currency amounts are absolute, the
statement's unit applied; per-share amounts, share counts and percentages are as printed. The
measure comes from how the row was read, not from its concept, so a per-share line that names no
concept of its own (it lost it to a better row, or no rule names it) still says what it is, in the
JSON, the report, the export tables and the batch dataset.
"""

from __future__ import annotations

import pytest
from paths import corpus

from edgarliq.export import statements_long_frame
from edgarliq.model import MEASURES, concept_measure
from edgarliq.pipeline import analyze
from edgarliq.report import render_report


def _rows(doc: dict, kind: str = "income_statement") -> list[dict]:
    return doc["statements"][kind]["rows"]


def test_per_share_lines_without_a_concept_are_per_share() -> None:
    """Xerox's 1994 annual report (EX-13, in millions) prints its EPS by part of the year's result:
    "Primary Earnings (Loss) per Share" / "Continuing Operations  $ 6.73  $ (2.46)  $ (2.91)" /
    ... / "Primary Earnings per Share  $ 6.73  $ (1.84)  $(11.29)". Only the bottom line is the EPS
    concept; the lines above are per-share figures all the same, never $6.73 million."""
    analysis = analyze(corpus("1_0000108772_10-K_unknown.txt"))
    doc = analysis.to_dict()
    st = doc["statements"]["income_statement"]
    assert st["unit"] == 1_000_000
    rows = st["rows"]
    k = next(i for i, r in enumerate(rows) if r["label"] == "Primary Earnings (Loss) per Share")
    continuing, discontinued, _cumulative, eps = rows[k + 1:k + 5]
    assert (continuing["label"], continuing["concept"], continuing["measure"]) == (
        "Continuing Operations", None, "per share")
    assert continuing["values"] == [6.73, -2.46, -2.91]
    assert discontinued["values"] == [0, 0.62, -0.41] and discontinued["measure"] == "per share"
    assert (eps["concept"], eps["measure"], eps["values"]) == ("eps_basic", "per share", [6.73, -1.84, -11.29])
    net = next(r for r in rows if r["concept"] == "net_income")
    assert (net["measure"], net["values"]) == ("currency", [794_000_000, -126_000_000, -1_020_000_000])

    # the report prints them as printed (it showed "0.00  (0.00)  (0.00)": 6.73 read as millions)
    lines = render_report(analysis, width=100).splitlines()
    shown = next(ln for ln in lines[lines.index(next(ln for ln in lines if ln.startswith("Primary Earnings (Loss)"))):]
                 if ln.strip().startswith("Continuing Operations"))
    assert shown.split()[-3:] == ["6.73", "(2.46)", "(2.91)"]

    # and the export says so in its unit column
    frame = statements_long_frame(doc["statements"], doc["filing"])
    cont = frame[(frame["statement"] == "income_statement") & (frame["row"] == k + 1)]
    assert list(cont["unit"]) == ["per share"] * 3 and list(cont["value"]) == [6.73, -2.46, -2.91]
    assert set(frame.loc[frame["concept"] == "net_income", "unit"]) == {"currency"}


def test_share_counts_under_the_diluted_heading_are_the_diluted_count() -> None:
    """Citrix's 10-K for 1998: "Earnings per common share--assuming dilution:" /
    "Diluted earnings per share  $1.34" / "Weighted average shares outstanding  45,648" (in
    thousands, as the statement's other share line): the diluted count, which EPS x shares
    confirms against net income ($61,102 thousand; 1.34 x 45,648 thousand = $61,168 thousand)."""
    analysis = analyze(corpus("1_0000877890_10-K_19981231.txt"))
    rows = _rows(analysis.to_dict())
    basic = next(r for r in rows if r["concept"] == "shares_basic")
    diluted = next(r for r in rows if r["concept"] == "shares_diluted")
    assert (basic["label"], basic["measure"], basic["values"]) == (
        "Weighted average shares outstanding", "shares", [42118, 40861, 37771])
    assert (diluted["label"], diluted["measure"], diluted["values"]) == (
        "Weighted average shares outstanding", "shares", [45648, 43631, 40905])
    checks = [c for c in analysis.checks if c.name == "income_statement.eps_diluted_x_shares"]
    assert len(checks) == 3 and all(c.status == "pass" for c in checks)
    assert checks[0].expected == 61_102_000


def test_percentages_are_percent_and_never_scaled() -> None:
    """Bristol-Myers Squibb's 10-Q for March 1996 (in millions) prints "Effective Tax Rate  29.0%  29.5%"
    in its income statement: 29.0 percent, not $29 million."""
    analysis = analyze(corpus("1_0000014272_10-Q_19960331.txt"))
    doc = analysis.to_dict()
    assert doc["statements"]["income_statement"]["unit"] == 1_000_000
    rate = next(r for r in _rows(doc) if r["label"] == "Effective Tax Rate")
    assert (rate["concept"], rate["measure"], rate["values"]) == (None, "percent", [29, 29.5])
    shown = next(ln for ln in render_report(analysis, width=100).splitlines() if "Effective Tax Rate" in ln)
    assert shown.split()[-2:] == ["29%", "29.50%"]


def test_inline_xbrl_rows_take_the_measure_of_their_facts() -> None:
    """An inline XBRL statement's printed rows: a "Basic" line under "Earnings per share" holds
    facts in USD per share, whatever concept it maps to."""
    doc = analyze(corpus("3_0000014272_10-Q_20090331.txt")).to_dict()
    rows = _rows(doc)
    basic = [r for r in rows if r["label"] == "Basic" and r["measure"] == "per share"]
    assert basic and basic[0]["values"] == [0.32, 0.32]
    for r in rows:
        if r["concept"]:
            assert r["measure"] == concept_measure(r["concept"]), r


@pytest.mark.parametrize("name", ["1_0000014272_10-Q_19960331.txt", "2_0000014272_10-K-A_20011231.txt",
                                  "3_0000021344_10-Q_20250627.htm"])
def test_every_row_names_a_known_measure_that_agrees_with_its_concept(name: str) -> None:
    doc = analyze(corpus(name)).to_dict()
    for st in doc["statements"].values():
        for r in st["rows"]:
            assert r["measure"] in MEASURES
            if r["concept"]:
                assert r["measure"] == concept_measure(r["concept"]), r


def test_share_counts_under_an_eps_heading_are_counts_apple_10q_1999() -> None:
    """Apple's 10-Q for March 1999: "Shares used in computing earnings per share (in thousands):" /
    "Basic  136,371 ..." / "Diluted  173,204 ...", below the two EPS lines. Whole numbers of that
    size are the share counts (they were read as per-share figures, then dropped for the EPS rows),
    and EPS x shares confirms them against net income."""
    analysis = analyze(corpus("1_0000320193_10-Q_19990327.txt"))
    st = analysis.statements["income_statement"]
    basic, diluted = st.row("shares_basic"), st.row("shares_diluted")
    assert basic is not None and basic.label == "Basic" and basic.measure == "shares"
    assert basic.values == (136_371, 131_969, 135_820, 130_021)
    assert diluted is not None and diluted.values == (173_204, 145_915, 172_619, 142_769)
    checks = [c for c in analysis.checks if c.name.endswith("_x_shares")]
    assert len(checks) == 8 and all(c.status == "pass" for c in checks)


def test_a_per_share_label_over_a_share_count_is_no_eps_apple_10q_1994_double_spaced() -> None:
    """Apple's 10-Q for December 1994, double-spaced by another filer's habit: "Common and common
    equivalent shares" / "used in the calculations of" / "earnings per share  121,600,188": the
    figure is no earnings per share of 121 million dollars."""
    path = corpus("1_0000320193_10-Q_19941230.txt")
    text = "\n".join(line + ("\n" if line.strip() and not line.startswith("<") else "")
                     for line in path.read_bytes().decode("latin-1").split("\n"))
    st = analyze(text.encode("latin-1"), name=str(path)).statements["income_statement"]
    eps = st.row("eps_basic")
    assert eps is None or all(v is None or abs(v) < 100 for v in eps.values)
