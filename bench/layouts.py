"""Layout robustness over the corpus (a script, not a test): each era-1 filing's key figures read
from its text as filed, and from the same text laid out another way, keeping every printed figure.

    python bench/layouts.py                      # every transformation, a summary line each
    python bench/layouts.py upper double -v      # these two, each filing that reads differently

Filings of other companies print the same statements with other habits; a transformation that
changes what we read is a habit we would misread on a filing nobody here has seen. The ones the
reader handles are pinned by tests/test_layout_robustness.py. Some transformations are only
approximately layout-preserving ("upper" breaks HTML entities of the 1999-2000 HTML filings;
"numdate" right-aligns a shorter date): read the differences before calling them misreadings.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))

KEYS = ("total_assets", "total_current_assets", "total_current_liabilities", "revenue", "pretax_income",
        "net_income", "net_cash_operating", "net_cash_investing", "net_cash_financing", "cash_ending", "eps_basic")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_DATE_RE = re.compile(r"\b(" + "|".join(_MONTHS) + r")[ \t]+(\d{1,2}),[ \t]+((?:19|20)\d\d)\b", re.I)
_UNIT_CAPTION_RE = re.compile(r"(?i)\(\s*(?:dollars\s+|amounts\s+)?in\s+(?:thousands|millions)[^)\n]*\)")
_HEADER_LINE_RE = re.compile(r"^\s+(?:(?:19|20)\d\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? ?"
                             r"\d{0,2},?|three|six|nine|twelve|months|ended|year|years|quarter|\(unaudited\)|[ \t,])+$",
                             re.I)


# (not a lone digit: "1998 (1)" is a footnote mark)
_NEGATIVE_RE = re.compile(r"\((?!\d\))(\d{1,3}(?:,\d{3})*(?:\.\d+)?)\)")
# a label's last letter, then the gap (four spaces or more) before a figure or a "$"
# (not before a column's year: no filer prints leader dots to "1999    1998")
_LABEL_GAP_RE = re.compile(r"^(\s*[A-Za-z][^\d$]*?[A-Za-z:)])( {4,})(?=[$(\d-])(?!(?:19|20)\d\d(?:\s|$))")


def _lines(text: str, fn: Callable[[str], str]) -> str:
    """`fn` on every line of text (SGML tag lines as they are)."""
    return "\n".join(line if line.startswith("<") else fn(line) for line in text.split("\n"))


def _before_schedules(text: str, fn: Callable[[str], str]) -> str:
    """`fn` on the text before the first EX-27 (the schedules as filed)."""
    head, sep, rest = text.partition("<TYPE>EX-27")
    return fn(head) + sep + rest


def _dates(text: str, numeric: bool) -> str:
    def one(m: re.Match[str]) -> str:
        month = _MONTHS.index(m.group(1).lower()) + 1
        if numeric:
            new = f"{month}/{int(m.group(2))}/{m.group(3)[2:]}"
        else:
            new = f"{m.group(1)[:3]}. {m.group(2)}, {m.group(3)}"
        if len(new) > len(m.group(0)):
            return new
        # right-aligned as over a column; after "ended" (a caption's "Three Years Ended March 31,
        # 1997"), kept next to it
        after_ended = m.string[max(0, m.start() - 6):m.start()].lower().endswith(("ended ", "ending "))
        return new.ljust(len(m.group(0))) if after_ended else new.rjust(len(m.group(0)))
    return _before_schedules(text, lambda t: _DATE_RE.sub(one, t))


def _zeros_caption(m: re.Match[str]) -> str:
    """A unit caption as a run of zeros, padded to the caption's width (the columns stay put)."""
    low = m.group(0).lower()
    at = {w: low.find(w) if w in low else len(low) for w in ("thousand", "million")}
    # (the first unit named is the caption's: "(In millions, except share data in thousands)")
    new = "(000 omitted)" if at["thousand"] < at["million"] else "(000,000 omitted)"
    return new.ljust(len(m.group(0))) if len(new) <= len(m.group(0)) else m.group(0)


def _fiscal_years(text: str) -> str:
    """Column years printed "Fiscal 1997" (the word in the gap to the left, where there is room)."""
    def one(line: str) -> str:
        if not line.strip() or not _HEADER_LINE_RE.match(line):
            return line
        years = list(_YEAR_RE.finditer(line))
        if not years or any(len(m.group(1)) < 9 for m in years):
            return line  # (every column's, or none: no room for one of them)
        return _YEAR_RE.sub(lambda m: m.group(1)[7:] + "Fiscal " + m.group(2), line)
    return _before_schedules(text, lambda h: _lines(h, one))


_YEAR_RE = re.compile(r"( *)((?:19|20)\d\d)\b")


# Key rows worded as other filers word them: each label as printed (any case) becomes one of its
# alternatives (`label_synonyms` the first, `label_synonyms_2` the second)
_SYNONYMS: list[tuple[str, tuple[str, str]]] = [
    ("net income", ("net earnings", "net profit")), ("net earnings", ("net income", "net income (loss)")),
    ("net loss", ("net income (loss)", "net earnings (loss)")),
    ("net sales", ("revenues", "net revenues")), ("total revenues", ("total net revenues", "revenues, total")),
    ("revenues", ("sales", "operating revenues")), ("sales", ("net sales", "sales and revenues")),
    ("income before income taxes", ("earnings before income taxes", "pretax income")),
    ("earnings before income taxes", ("income before provision for income taxes", "income before taxes")),
    ("total current assets", ("current assets, total", "total current assets")),
    ("total current liabilities", ("current liabilities, total", "total current liabilities")),
    ("total assets", ("assets, total", "total assets")),
    ("total liabilities and stockholders' equity", ("total liabilities and shareholders' equity",
                                                    "total liabilities and stockholders' investment")),
    ("total liabilities and shareholders' equity", ("total liabilities and stockholders' equity",
                                                    "total liabilities and equity")),
    ("net cash provided by operating activities", ("net cash from operating activities",
                                                   "cash provided by operations")),
    ("net cash used in investing activities", ("net cash used for investing activities",
                                               "cash used in investing activities")),
    ("net cash provided by (used in) financing activities", ("net cash from (used for) financing activities",
                                                             "cash provided by (used in) financing")),
    ("cash and cash equivalents at end of year", ("cash and equivalents, end of year", "cash at end of year")),
    ("cash and cash equivalents at end of period", ("cash and equivalents, end of period",
                                                    "cash and cash equivalents, end of period")),
    ("net income per share", ("earnings per share", "net income per common share")),
    ("earnings per share", ("net income per share", "earnings per common share")),
]
_SYNONYM_RE = re.compile(r"^(\s*)(" + "|".join(re.escape(a) for a, _ in _SYNONYMS) + r")(\.*)(\s{2,}|\s*\$)", re.I)
_SYNONYM_OF = dict(_SYNONYMS)


def _synonyms(text: str, which: int = 0) -> str:
    """Key labels reworded (`_SYNONYMS`), the figures after them where they were: the gap after
    the label shrinks or grows by the difference (never below two spaces)."""
    def one(line: str) -> str:
        m = _SYNONYM_RE.match(line)
        if not m:
            return line
        old, dots, gap = m.group(2), m.group(3), m.group(4)
        new = _SYNONYM_OF[old.lower()][which]
        new = new.upper() if old.isupper() else new[:1].upper() + new[1:] if old[:1].isupper() else new
        width = len(old) + len(dots) + len(gap)
        tail = gap.lstrip(" ")  # ("$" stays with its figure)
        pad = width - len(new) - len(dots) - len(tail)
        if pad < 2:
            return line
        return m.group(1) + new + dots + " " * pad + tail + line[m.end():]
    return _before_schedules(text, lambda h: _lines(h, one))


_CASH_AT_RE = re.compile(r"(?im)^( *)(cash and (?:cash )?equivalents),? at (beginning|end) of (year|period)"
                         r"(\.*)( {2,}|\s*\$)")


def _cash_heading(text: str) -> str:
    """"Cash and cash equivalents at beginning of year  x" / "... at end of year  y" printed as
    a heading over two rows: "Cash and cash equivalents:" / "  Beginning of year  x" / "  End of
    year  y" (the figures where they were)."""
    def one(m: re.Match[str]) -> str:
        indent, name, when, span, dots, gap = m.groups()
        label = f"{indent}  {when.capitalize()} of {span}{dots}"
        pad = len(m.group(0)) - len(label) - len(gap.lstrip(" "))
        row = label + " " * max(2, pad) + gap.lstrip(" ")
        return (f"{indent}{name}:\n" if when.lower() == "beginning" else "") + row
    return _before_schedules(text, lambda h: _CASH_AT_RE.sub(one, h))


_TABLE_BLOCK_RE = re.compile(r"(?is)(<TABLE>)(.*?)(</TABLE>)")


def _reversed_row(line: str, n: int) -> str | None:
    """`line` with its `n` figures in reverse order, each ending where the one it replaces ended;
    the line as it is when it prints none; None when it prints another number of them or they do
    not fit."""
    from edgarliq.tables.text import split_line

    cells = split_line(line).cells
    if not cells:
        return line
    if len(cells) != n:
        return None
    # each figure with its "$" (a cell starts at its dollar sign when one goes with it)
    pieces = [line[c.start:c.end] for c in cells]
    out = list(line[:cells[0].start].ljust(cells[0].start))
    for i, c in enumerate(cells):
        piece = pieces[n - 1 - i]
        begin = c.end - len(piece)
        if begin < len(out):
            if "".join(out[begin:]).strip():
                return None  # (no room: it would run into the text before it)
            del out[begin:]
        out.extend(" " * (begin - len(out)))
        out.extend(piece)
    return "".join(out) + line[cells[-1].end:]


def _reversed_columns(text: str) -> str:
    """Each <TABLE> block's columns in the other order (oldest year first), where every row
    prints as many figures as the block's widest and its header over the columns is years only
    (else the block is left as filed)."""
    from edgarliq.tables.text import split_line

    def one(m: re.Match[str]) -> str:
        lines = m.group(2).split("\n")
        split = [split_line(ln) for ln in lines]
        counts = {len(sl.cells) for ln, sl in zip(lines, split, strict=True) if not ln.lstrip().startswith("<")} - {0}
        if len(counts) != 1 or max(counts) < 2:
            return m.group(0)
        n = counts.pop()
        left = min(sl.cells[0].start for sl in split if sl.cells)
        if any(not sl.cells and ln[left:].strip() and not ln.lstrip().startswith("<")
               for ln, sl in zip(lines, split, strict=True)):
            return m.group(0)  # (header text over the columns, "Three Months" / "June 28,": left as filed)
        new = []
        for ln in lines:
            r = ln if ln.lstrip().startswith("<") else _reversed_row(ln, n)
            if r is None:
                return m.group(0)
            new.append(r)
        return m.group(1) + "\n".join(new) + m.group(3)
    return _before_schedules(text, lambda h: _TABLE_BLOCK_RE.sub(one, h))


def _headers(text: str, left: bool) -> str:
    def one(line: str) -> str:
        if not line.strip() or not _HEADER_LINE_RE.match(line):
            return line
        return (line[2:] if line.startswith("  ") else line) if left else "  " + line
    return _lines(text, one)


_ENTITY_OR_TEXT_RE = re.compile(r"(&#?[A-Za-z0-9]{1,32};)|[^&]+|&")
# a word's first lower-case letter: not inside a word, after an apostrophe, or in an entity ("&nbsp;")
_WORD_START_RE = re.compile(r"(?<![A-Za-z0-9'&#])[a-z]")

TRANSFORMS: dict[str, Callable[[str], str]] = {
    "crlf": lambda t: t.replace("\r\n", "\n").replace("\n", "\r\n"),
    "tabs": lambda t: _lines(t, lambda s: re.sub(r"^((?: {8})+)", lambda m: "\t" * (len(m.group(1)) // 8), s)),
    "indent": lambda t: _lines(t, lambda s: "  " + s if s.strip() else s),
    # the whole text far to the right (a page's left margin of 20 spaces)
    "deep_indent": lambda t: _lines(t, lambda s: " " * 20 + s if s.strip() else s),
    # page breaks as form feeds instead of <PAGE> tags
    "form_feeds": lambda t: re.sub(r"(?im)^[ \t]*<PAGE>[^\n]*$", "\x0c", t),
    "no_page_tags": lambda t: re.sub(r"(?im)^[ \t]*<PAGE>[^\n]*$", "", t),
    "no_table_tags": lambda t: t if "<td" in t.lower() else re.sub(
        r"(?im)^[ \t]*</?(?:TABLE|S|C|CAPTION|FN)\b[^>\n]*>(?:[ \t]*<(?:S|C)>)*[ \t]*$", "", t),
    "no_blank_lines": lambda t: "\n".join(s for s in t.split("\n") if s.strip()),
    "double": lambda t: _lines(t, lambda s: s + "\n" if s.strip() else s),
    # (HTML entity names are case-sensitive: "&NBSP;" is no entity; a filing in capitals keeps them)
    "upper": lambda t: _lines(t, lambda s: _ENTITY_OR_TEXT_RE.sub(lambda m: m.group(1) or m.group(0).upper(), s)),
    # every word capitalised ("Net Cash Used In Investing Activities"), before the schedules
    "title_case": lambda t: _before_schedules(t, lambda h: _lines(h, lambda s: _WORD_START_RE.sub(
        lambda m: m.group(0).upper(), s))),
    "no_dollar_signs": lambda t: re.sub(r"\$(?=\s*[\d(])", " ", t),
    "no_notes_line": lambda t: re.sub(r"(?im)^.*(?:see accompanying notes|accompanying notes are an integral).*$",
                                      "", t),
    "no_unit_captions": lambda t: _before_schedules(
        t, lambda h: _UNIT_CAPTION_RE.sub(lambda m: " " * len(m.group(0)), h)),
    # "(In thousands)" printed as other filers print it: "(000 omitted)", "(000,000 omitted)"
    "unit_000s": lambda t: _before_schedules(t, lambda h: _UNIT_CAPTION_RE.sub(_zeros_caption, h)),
    # negatives with a sign instead of parentheses, the digits where they were: "-1,234 ", "1,234-"
    "minus_sign": lambda t: _before_schedules(t, lambda h: _lines(h, lambda s: _NEGATIVE_RE.sub(
        lambda m: "-" + m.group(1) + " ", s))),
    "trailing_minus": lambda t: _before_schedules(t, lambda h: _lines(h, lambda s: _NEGATIVE_RE.sub(
        lambda m: " " + m.group(1) + "-", s))),
    # leader dots from a label to its figures ("Net income.............  $ 1,234")
    "leader_dots": lambda t: _before_schedules(t, lambda h: _lines(h, lambda s: _LABEL_GAP_RE.sub(
        lambda m: m.group(1) + "." * (len(m.group(2)) - 2) + "  ", s))),
    # leader dots up to the figure itself ("Net income..............$1,234", "Sales........12,345")
    "leader_dots_tight": lambda t: _before_schedules(t, lambda h: _lines(h, lambda s: _LABEL_GAP_RE.sub(
        lambda m: m.group(1) + "." * len(m.group(2)), s))),
    "no_commas": lambda t: re.sub(r"(?<![\d,.])(\d{1,3}(?:,\d{3})+)(?![\d,])",
                                  lambda m: " " * m.group(1).count(",") + m.group(1).replace(",", ""), t),
    "abbrev_months": lambda t: _dates(t, numeric=False),
    "numdate": lambda t: _dates(t, numeric=True),
    "fiscal_years": _fiscal_years,
    "label_synonyms": _synonyms,
    "cash_heading": _cash_heading,
    "oldest_first": _reversed_columns,
    "label_synonyms_2": lambda t: _synonyms(t, 1),
    "headers_left": lambda t: _headers(t, left=True),
    "headers_right": lambda t: _headers(t, left=False),
}


def figures(data: bytes, name: str) -> dict[str, float | None] | str:
    """Key figures by statement.concept@period, or the error the filing raised."""
    from edgarliq.pipeline import analyze

    try:
        doc = analyze(data, name=name).to_dict()
    except Exception as exc:  # noqa: BLE001 - a transformation may make a filing unreadable: reported
        return f"{type(exc).__name__}: {exc}"
    out: dict[str, float | None] = {}
    for kind, st in doc["statements"].items():
        for r in st["rows"]:
            if r["concept"] in KEYS:
                for c, v in zip(st["columns"], r["values"], strict=False):
                    out[f"{kind}.{r['concept']}@{c['period_end']}/{c['months']}"] = v
    return out


def encoded(text: str) -> bytes:
    """A transformed filing's text (read as Latin-1) as bytes again: Latin-1, or UTF-8 when the
    transformation wrote characters beyond it (`html_layouts`' dashes)."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")


def differences(args: tuple[str, str, str]) -> tuple[str, list[tuple[str, object, object]]]:
    """(file name, [(figure, as filed, transformed)] for each key figure that differs) of one
    filing under the transformation `kind` of the script `module` ("layouts", "html_layouts"):
    the module is named, not passed, so that a pool worker finds its transformations itself."""
    import importlib

    path, kind, module = args
    transform = importlib.import_module(module).TRANSFORMS[kind]
    text = Path(path).read_bytes().decode("latin-1")
    a = figures(text.encode("latin-1"), path)
    b = figures(encoded(transform(text)), path)
    if isinstance(a, str) or isinstance(b, str):
        return Path(path).name, [] if a == b else [("error", a if isinstance(a, str) else None, b)]
    return Path(path).name, [(k, a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]


def run(module: str, doc: str, transforms: dict[str, Callable[[str], str]],
        select: Callable[[Path], list[str]], what: str, argv: list[str] | None = None) -> int:
    """The command line of this script and of `html_layouts`: each transformation of `transforms`
    over the files `select` picks from the corpus, a summary line each."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("transforms", nargs="*", help=f"default: all ({', '.join(transforms)})")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("-v", "--verbose", action="store_true", help="each filing that reads differently")
    args = ap.parse_args(argv)
    files = select(args.corpus)
    if not files:
        print(f"{module}: no {what} in {args.corpus}", file=sys.stderr)
        return 2
    for kind in args.transforms or list(transforms):
        if kind not in transforms:
            print(f"{module}: unknown transformation {kind!r}", file=sys.stderr)
            return 2
        differ = 0
        with ProcessPoolExecutor(args.workers) as ex:
            for name, diffs in ex.map(differences, [(p, kind, module) for p in files]):
                if diffs:
                    differ += 1
                    if args.verbose:
                        print(f"  {name}: {len(diffs)} figures, e.g. {diffs[:2]}")
        print(f"{kind:18} {differ:4d} / {len(files)} filings read differently")
    return 0


def main(argv: list[str] | None = None) -> int:
    return run("layouts", __doc__, TRANSFORMS, lambda corpus: sorted(str(p) for p in corpus.glob("1_*.txt")),
               "era-1 filings", argv)


if __name__ == "__main__":
    sys.exit(main())
