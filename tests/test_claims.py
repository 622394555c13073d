"""MD&A claims: found in the filing's own words, checked at the precision printed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from edgarliq.analysis import Metric, check_claims, compute_metrics, find_claims
from edgarliq.fds import parse_schedules
from edgarliq.statements import extract_statements
from edgarliq.submission import read_submission

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "computer_horizons_10q_1997q2.txt"


def _metric(name: str, value: float, period_end: date, months: int | None = None, status: str = "ok") -> Metric:
    return Metric(name, value if status == "ok" else None, "x", period_end, months, "", {}, status,  # type: ignore[arg-type]
                  None if status == "ok" else "missing input")


@pytest.fixture(scope="module")
def seed_checks() -> list:
    sub = read_submission(SEED)
    metrics = compute_metrics(extract_statements(sub), parse_schedules(sub))
    return check_claims(sub, metrics)


def test_seed_working_capital_and_current_ratio_claims_pass(seed_checks: list) -> None:
    by_name = {c.name: c for c in seed_checks}
    wc = by_name["claim working_capital 1997-06-27"]
    assert wc.status == "pass"
    assert wc.expected == 59_800_000 and wc.actual == 59_810_000 and wc.tolerance == 100_000
    assert "$59.8 million in working capital" in wc.detail and "At June 27, 1997" in wc.detail
    cr = by_name["claim current_ratio 1997-06-27"]
    assert cr.status == "pass" and cr.expected == 5.0 and round(cr.actual, 2) == 5.05
    assert "current ratio of 5.0 to 1" in cr.detail


def test_seed_margin_claims_respectively_both_years(seed_checks: list) -> None:
    by_name = {c.name: c for c in seed_checks}
    expected = {
        "claim gross_margin 3M 1996-06-27": 28.7, "claim gross_margin 6M 1996-06-27": 29.9,
        "claim gross_margin 3M 1997-06-27": 32.4, "claim gross_margin 6M 1997-06-27": 31.9,
        "claim operating_margin 3M 1996-06-27": 6.4, "claim operating_margin 6M 1996-06-27": 8.1,
        "claim operating_margin 3M 1997-06-27": 11.1, "claim operating_margin 6M 1997-06-27": 10.5,
    }
    for name, printed in expected.items():
        assert by_name[name].expected == printed
        assert by_name[name].status == "pass", by_name[name]


def test_seed_every_claim_passes_and_none_is_skipped(seed_checks: list) -> None:
    assert seed_checks and all(c.status == "pass" for c in seed_checks), [c for c in seed_checks if c.status != "pass"]
    names = [c.name for c in seed_checks]
    # totals only: "Staffing revenues increased ... 26.4%" is a segment, never a claim
    assert sorted(n for n in names if "growth" in n) == [
        "claim net_income_growth 3M 1997-06-27", "claim net_income_growth 6M 1997-06-27",
        "claim revenue_growth 3M 1997-06-27", "claim revenue_growth 6M 1997-06-27"]


def test_one_unit_of_the_last_printed_digit_rule() -> None:
    text = ("Gross margin increased from 28.7% in the second quarter of 1996 to 32.4% in the second quarter "
            "of 1997.")
    q97, q96 = date(1997, 6, 27), date(1996, 6, 27)
    # 32.35 computed vs 32.4 printed: |diff| 0.05 <= 0.1 -> pass; 32.2 vs 32.4 -> fail
    good = {"gross_margin": [_metric("gross_margin", 32.348, q97, 3), _metric("gross_margin", 28.68, q96, 3)]}
    assert [c.status for c in check_claims(text, good)] == ["pass", "pass"]
    bad = {"gross_margin": [_metric("gross_margin", 32.2, q97, 3), _metric("gross_margin", 28.8, q96, 3)]}
    assert [c.status for c in check_claims(text, bad)] == ["pass", "fail"]
    # exactly one unit away still holds (floating point must not flip it)
    edge = {"gross_margin": [_metric("gross_margin", 32.3, q97, 3), _metric("gross_margin", 28.6, q96, 3)]}
    assert [c.status for c in check_claims(text, edge)] == ["pass", "pass"]


def test_working_capital_claim_fails_when_the_filing_is_wrong() -> None:
    text = "At June 27, 1997, the Company had $61.0 million in working capital."
    metrics = {"working_capital": [_metric("working_capital", 59_810_000, date(1997, 6, 27))]}
    [check] = check_claims(text, metrics)
    assert check.status == "fail" and check.difference == pytest.approx(-1_190_000)


def test_a_change_in_working_capital_is_not_a_level() -> None:
    text = ("The decrease in working capital of $1,587 million from December 31, 2000 was due to debt. "
            "Cash used in working capital of $5.0 million was higher.")
    assert find_claims(text) == []


@pytest.mark.parametrize(("sentence", "printed", "value", "when"), [
    ("Working capital was $2.2 billion at December 31, 1995, compared to $2.4 billion and $3.5 billion at "
     "December 31, 1994 and 1993, respectively.", "$2.2 billion", 2.2e9, date(1995, 12, 31)),
    ("The Company had working capital of $99,958,000 at December 31, 1993, compared to $128,800,000.",
     "$99,958,000", 99_958_000, date(1993, 12, 31)),
    ("Working capital increased to approximately $1.9 billion at December 31, 1993, from $1.8 billion.",
     "$1.9 billion", 1.9e9, date(1993, 12, 31)),
])
def test_working_capital_wordings_from_the_corpus(sentence: str, printed: str, value: float, when: date) -> None:
    [claim] = find_claims(sentence)
    assert claim.metric == "working_capital" and printed in claim.printed
    assert claim.value == pytest.approx(value) and claim.period_end == when and claim.reason is None


def test_amount_without_scale_word_is_skipped_with_reason() -> None:
    text = "The Company maintained a high level of working capital totaling $2,936 at September 30, 1994."
    metrics = {"working_capital": [_metric("working_capital", 2.936e9, date(1994, 9, 30))]}
    [check] = check_claims(text, metrics)
    assert check.status == "skip" and "scale word" in check.detail


@pytest.mark.parametrize(("sentence", "value", "when"), [
    ("The Company's current ratio (the ratio of current assets to current liabilities) was 1.19 at June 27, "
     "1998, compared to 1.46 at December 31, 1997.", 1.19, date(1998, 6, 27)),
    ("The Company's current ratio at December 31, 1993 increased to 2.14 from 2.01 in 1992.", 2.14,
     date(1993, 12, 31)),
])
def test_current_ratio_wordings_from_the_corpus(sentence: str, value: float, when: date) -> None:
    [claim] = find_claims(sentence)
    assert claim.metric == "current_ratio" and claim.value == value and claim.period_end == when
    assert claim.tolerance == pytest.approx(0.01)


def test_claim_for_a_date_without_a_metric_is_skipped() -> None:
    text = "The Company's current ratio at December 31, 1993 increased to 2.14 from 2.01 in 1992."
    metrics = {"current_ratio": [_metric("current_ratio", 2.1, date(1994, 12, 31))]}
    [check] = check_claims(text, metrics)
    assert check.status == "skip" and "no computed current_ratio for 1993-12-31" in check.detail


def test_claim_against_a_not_computable_metric_is_skipped() -> None:
    text = "At June 27, 1997, the Company had a current ratio of 5.0 to 1."
    metrics = {"current_ratio": [_metric("current_ratio", 0, date(1997, 6, 27), status="not_computable")]}
    [check] = check_claims(text, metrics)
    assert check.status == "skip" and "not computable" in check.detail


def test_undated_claim_uses_the_latest_balance_date_and_says_so() -> None:
    text = "<p>The Company had cash of $358.1 million and working capital of $457.8&nbsp;million.</p>"
    metrics = {"working_capital": [_metric("working_capital", 457_830_000, date(1998, 10, 3)),
                                   _metric("working_capital", 400_000_000, date(1998, 3, 28))]}
    [check] = check_claims(text, metrics)
    assert check.status == "pass" and "latest balance date" in check.detail


def test_unmappable_margin_mention_is_a_skip_not_a_failure() -> None:
    text = "Gross margins were approximately 30% for most product lines during the period."
    [check] = check_claims(text, {"gross_margin": []})
    assert check.status == "skip" and "does not map" in check.detail


def test_tables_are_not_prose() -> None:
    text = "<TABLE>\nOTHER DATA Current ratio 1.53 1.56 1.46\nworking capital of $5.0 million\n</TABLE>\n"
    assert find_claims(text) == []


def test_sequential_quarters_of_the_same_year_check_only_the_later_one() -> None:
    # Apple 10-Q for the quarter ended 1994-07-01: the second quarter is not a column of the filing.
    text = ("Although gross margin increased from 24.0% in the second quarter of 1994 to 26.7% in the third "
            "quarter of 1994, margins remain low.")
    metrics = {"gross_margin": [_metric("gross_margin", 26.69, date(1994, 7, 1), 3),
                                _metric("gross_margin", 34.1, date(1993, 7, 2), 3)]}
    first, second = check_claims(text, metrics)
    assert first.status == "skip" and "earlier period of the same year" in first.detail
    assert second.status == "pass" and second.expected == 26.7


def test_fiscal_year_labels_that_do_not_fit_the_columns_are_skipped() -> None:
    # Apple's fiscal 1999 first quarter ended 1998-12-26: "1998" must not be read as that column.
    text = ("Gross margin increased from 22.4% and 23.5% in the first quarter and first six months of 1998, "
            "respectively, to 28.2% and 27.3% in the comparable 1999 periods.")
    metrics = {"gross_margin": [_metric("gross_margin", 28.2, date(1998, 12, 26), 3),
                                _metric("gross_margin", 22.4, date(1997, 12, 26), 3)]}
    checks = check_claims(text, metrics)
    assert checks and all(c.status == "skip" for c in checks)
    assert any("fiscal-year labels" in c.detail for c in checks)


def test_growth_claim_for_a_segment_is_ignored() -> None:
    text = ("Staffing revenues increased from $39.6 million in the second quarter of 1996 to $50.0 million in the "
            "second quarter of 1997, an increase of $10.4 million or 26.4%.")
    assert find_claims(text) == []


def test_run_in_heading_gives_one_skip_not_two() -> None:
    text = "GROSS MARGIN Gross margin increased as a percentage of net sales during 1999 to 28% as compared to 25%."
    assert len(find_claims(text)) == 1


@pytest.mark.parametrize("text", [
    "", "no trigger here.", "Gross margin was 32.4% in 1997. Working  capital was $5 million.",
    "The current\nratio improved.  (In percent.) 'Quoted.' \"Double.\" next. lower! Upper? Yes",
    "percentpercent%% working capitalcurrent ratio... end.\tA  b.  C",
    "currently working on it. Current ratios: x. ?  !  . A",
])
def test_str_find_scanners_match_their_regexes(text: str) -> None:
    # _trigger_positions and _boundary_ends stand in for finditer over these patterns (speed)
    from edgarliq.analysis import claims

    lower = text.lower()
    assert claims._trigger_positions(lower) == [m.start() for m in claims._TRIGGER_RE.finditer(lower)]
    assert claims._sentences(text) == _sentences_by_definition(text)


def _sentences_by_definition(text: str, limit: int = 3000) -> list[str]:
    """The trigger sentences cut at every `_BOUNDARY_RE` match of the whole text (what
    `_sentences` finds by looking for boundaries near the triggers only)."""
    import bisect

    from edgarliq.analysis import claims

    starts = [0, *(m.end() for m in claims._BOUNDARY_RE.finditer(text))]
    out, taken = [], -1
    lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)  # aligned with text
    for pos in (m.start() for m in claims._TRIGGER_RE.finditer(lower)):
        i = bisect.bisect_right(starts, pos) - 1
        if i == taken:
            continue
        taken = i
        stop = starts[i + 1] if i + 1 < len(starts) else len(text)
        sentence = " ".join(text[max(starts[i], pos - limit):min(stop, pos + limit)].split())
        if sentence:
            out.append(sentence)
    return out


@pytest.mark.parametrize("text", [
    "Working capital was $5 million.  " + " " * 3005 + "Current ratio was 2.0.",
    "x" * 2990 + ". \n  " + " " * 20 + "Gross margin was 30%. A 5% rise!  (Current ratio 1.5.)",
    "\u0130 working capital \u0130. Net margin 4 percent.",
    # non-ASCII text: lowered as ASCII ("?" for each other character); white space tested on the text
    "\u201cWorking\u2009capital\u201d rose. Current\u3000ratio was 2.1 \u2014 up. \u00c9t\u00e9 5 PerCent.",
    "wor\u212aing capital was $5 million. The \u212a current ratio\x85was 2.0. Work\u0130ng capital.",
    "working\x1c\x1dcapital. current \u00a0 ratio. 50\uff05 of working",
])
def test_sentences_near_triggers_equal_cutting_the_whole_text(text: str) -> None:
    # long white space before a boundary, a boundary just past the 3,000-character window,
    # the one character whose lower case is longer (U+0130)
    from edgarliq.analysis import claims

    assert claims._sentences(text) == _sentences_by_definition(text)


def test_kelvin_sign_is_the_only_character_besides_ascii_lowered_to_an_ascii_letter() -> None:
    # claims._lowered lowers a text without it as ASCII (every other non-ASCII character as "?")
    import sys

    found = [c for c in map(chr, range(128, sys.maxunicode + 1)) if any(x.isascii() for x in c.lower())]
    assert found == ["\u0130", "\u212a"]  # (U+0130 lowers to "i" + a combining dot: never a trigger letter)


def test_dotted_capital_i_is_the_only_character_whose_lower_case_is_longer() -> None:
    # claims._sentences relies on it to keep its lower-cased copy aligned with the text
    import sys

    assert [c for c in map(chr, range(sys.maxunicode + 1)) if len(c.lower()) != 1] == ["\u0130"]


def test_entity_pattern_is_html_unescapes_own() -> None:
    # claims._unescape decodes each distinct match once with html.unescape: exact only while
    # its pattern is the one html.unescape applies
    import html

    from edgarliq.analysis import claims

    assert claims._ENTITY_RE.pattern == html._charref.pattern  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", [
    "&amp;lt; &amp &lt&gt; &nbsp;&#160;&#146;&#x2019;&#0; &#1; &#xD800; &#99999999999; &notin; &notit; &not&#105;n;",
    "&" * 40 + "a" * 40 + ";&#;&#x;&;&abcdefghijklmnopqrstuvwxyzabcdefghijklmnop;&AMP;&Amp;&ampx &#38;#38;",
    "AT&T and Procter & Gamble; &nbsp; &copy 1997&#151;98 &amp;&",  # few "&"s: each decoded in place
    "", "no ampersand", "&", "&&", "x&#160;" * 15 + "&lt;",
])
def test_unescape_equals_html_unescape_with_plain_spaces(text: str) -> None:
    import html

    from edgarliq.analysis import claims

    for _ in range(2):  # the second time from the cache
        # (the no-break spaces come out as the spaces the prose makes of them)
        assert claims._unescape(text).replace("\xa0", " ") == html.unescape(text).replace("\xa0", " ")


@pytest.mark.parametrize("text", [
    "<PAGE>\nProse <B>bold</B> a < b > c <<x>> <" + "a" * 401 + "> <" + "a" * 400 + "> <unclosed",
    "<>" * 70, "< < < >", "no tags", "x<y",
])
def test_tags_matched_at_their_marks_equal_the_patterns_scan(text: str) -> None:
    # _sub_at_marks stands in for _TAG_RE.sub on texts with few "<" (speed): the same text
    from edgarliq.analysis import claims

    for limit in (1, 3, 200):
        few = claims._sub_at_marks(text, "<", claims._TAG_RE, " ", limit)
        assert few is None or few == claims._TAG_RE.sub(" ", text)
    assert claims._sub_at_marks(text, "<", claims._TAG_RE, " ", 200) is not None


def test_a_compared_figure_takes_the_date_after_it() -> None:
    """Amerigon's 10-Q for March 1998: "At March 31, 1998, the Company had $28.3 million in working
    capital ..., compared to $26.3 million in working capital ... at December 31, 1997": the second
    figure is the December balance, and holds (36,519 - 10,257 = 26,262)."""
    from paths import corpus

    from edgarliq import analyze

    a = analyze(corpus("1_0001054374_10-Q_19980331.txt"))
    wc = [c for c in a.checks if c.name.startswith("claim working_capital")]
    second = next(c for c in wc if "26.3" in c.extra["claim"])
    assert second.status == "pass" and second.actual == 26_262_000
    assert second.name == "claim working_capital 1997-12-31"


def _corpus_claims(name: str) -> list:
    from paths import corpus

    from edgarliq.pipeline import analyze

    return [c for c in analyze(corpus(name)).checks if c.name.startswith("claim working_capital")]


def test_respectively_pairs_the_figures_with_the_dates_in_order_dell_10k_1996() -> None:
    """Dell's 10-K for fiscal 1996: "At January 28, 1996, and January 29, 1995, the Company's working
    capital totaled $1,018 million and $718 million, respectively." Each figure is its own date's
    (the first was compared with January 1995 and contradicted)."""
    got = {(c.extra["period_end"], c.extra["claim"], c.status, c.actual) for c in
           _corpus_claims("1_0000826083_10-K405_19960128.txt") if "respectively" in c.extra["sentence"]}
    assert got == {("1996-01-28", "working capital totaled $1,018 million", "pass", 1_018_000_000),
                   ("1995-01-29", "$718 million", "pass", 718_000_000)}


def test_a_year_end_printed_before_the_words_dates_the_figure_altera_10k_1995() -> None:
    """Altera's 10-K for 1995: "Working capital of $346.2 million increased $224.7 million over
    year-end 1994 working capital of $121.5 million." The second figure is 1994's (it was compared
    with 1995's $346.2 million and contradicted)."""
    got = {(c.extra["period_end"], c.extra["claim"], c.status) for c in
           _corpus_claims("1_0000768251_10-K405_19951231.txt") if "over year-end 1994" in c.extra["sentence"]}
    assert got == {("1995-12-31", "Working capital of $346.2 million", "pass"),
                   ("1994-12-31", "working capital of $121.5 million", "pass")}
    year_only = next(c for c in _corpus_claims("1_0000768251_10-K405_19951231.txt")
                     if c.extra["claim"] == "working capital of $121.5 million")
    assert "dates it year-end 1994" in year_only.detail and year_only.actual == 121_479_000
