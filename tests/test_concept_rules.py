"""The concept rules' cheap tests (required words, first characters) never skip a rule that matches.

`match_rule` tries a rule's pattern only on labels holding one of the words the pattern must
match and starting with a character it can start with; both are read from the pattern. These
tests pin what is read from a few patterns and check, on every label of real corpus statements
(and on variants of them), that the indexed lookup picks the same rule as trying every pattern.
"""

from __future__ import annotations

import pytest
from paths import SEED, corpus

from edgarliq.statements import concepts
from edgarliq.statements.concepts import first_characters, match_rule, normalise, required_words


@pytest.mark.parametrize(("pattern", "words", "first"), [
    ("^total current assets", ("total current assets",), frozenset("t")),
    ("^(total )?inventor(y|ies)", ("inventor",), frozenset("ti")),
    ("^(trade )?accounts payable|^accounts payable and accrued|^trade payables",
     ("accounts payable", "accounts payable and accrued", "trade payables"), frozenset("at")),
    ("^goodwill|excess of cost over|cost in excess of", ("goodwill", "excess of cost over", "cost in excess of"),
     None),
    ("^(short term|temporary( cash)?|current) (investments|marketable securities)", None, frozenset("stc")),
    ("^(?!.*\\bbefore changes)(?:net )?cash[a-z ]* operat", (" operat",), frozenset("nc")),
    ("^receivables?\\b", ("receivable",), frozenset("r")),
    ("(?i)^total", None, None),  # an inline flag: nothing is read, the pattern is always tried
])
def test_words_and_first_characters_read_from_patterns(pattern: str, words: tuple[str, ...] | None,
                                                       first: frozenset[str] | None) -> None:
    assert required_words(pattern) == words
    assert first_characters(pattern) == first


def _every_pattern(kind: str, match: str, text: str) -> concepts._Rule | None:
    text = text[:concepts._MAX_LABEL]
    for rule in concepts.rules_by().get((kind, match), ()):
        if rule.pattern.search(text):
            return rule
    return None


def _labels() -> set[str]:
    from edgarliq.statements import extract_statements
    from edgarliq.submission import read_submission

    paths = [SEED, corpus("1_0000051143_10-K405_19971231.txt"), corpus("1_0000002488_10-Q_19980628.txt"),
             corpus("1_0000104938_10-K_19931231.txt")]
    out: set[str] = set()
    for path in paths:
        for st in extract_statements(read_submission(path)).values():
            for row in st.rows:
                norm = normalise(row.label)
                out |= {norm, "total " + norm, "net " + norm, norm + " net", norm.split(" ", 1)[-1]}
    return {t for t in out if t}


def test_indexed_rules_pick_what_every_pattern_picks_on_corpus_labels() -> None:
    labels = _labels()
    assert len(labels) > 500
    keys = list(concepts.rules_by())
    matched = 0
    for kind, match in keys:
        for text in labels:
            want = _every_pattern(kind, match, text)
            assert match_rule(kind, match, text) is want, (kind, match, text)
            matched += want is not None
    assert matched > 300  # (the labels exercise the rules, not only their misses)


@pytest.mark.parametrize(("label", "concept"), [
    ("Net change in cash overdraft", None),  # GAINSCO 2009 10-K: a financing row
    ("Increase (decrease) in cash overdrafts", None),
    ("Increase in cash overdrafts, net", None),
    ("Net increase (decrease) in cash", "net_change_in_cash"),  # GAINSCO's real one
    ("Change in Cash (Bank Overdraft) During the Year", "net_change_in_cash"),  # Xerox 1990s: cash net of overdraft
    ("Net increase (decrease) in cash, cash equivalents and restricted cash", "net_change_in_cash"),
])
def test_net_change_in_cash_is_not_a_change_in_an_overdraft(label: str, concept: str | None) -> None:
    rule = match_rule("cash_flow", "label", normalise(label))
    assert (rule.concept if rule is not None else None) == concept
