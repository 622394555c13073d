"""HTML layout robustness over the corpus (a script, not a test): each HTML filing's key figures
(2001-2008 HTML and inline XBRL, the ``2_*`` and ``3_*`` files) read from its markup as filed, and
from the same markup written another way that a browser renders alike.

    python bench/html_layouts.py                 # every transformation, a summary line each
    python bench/html_layouts.py upper_tags -v   # each filing that reads differently

bench/layouts.py does the same for the plain-text filings of 1993-2000. Filings of other companies
are written by other software: tags in capitals, `<th>` cells, `&#160;` for `&nbsp;`, every
cell's text in a `<font>`, no quotes round attribute values. A transformation that changes what
we read is markup we would misread on a filing nobody here has seen. Each one rewrites the HTML
documents only (`<TEXT>` bodies holding rows of `<td>` cells), never the SGML container nor an XBRL
exhibit.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from layouts import encoded, run  # noqa: E402  (bench/layouts.py: the comparison and its command line)

_TEXT_RE = re.compile(r"(<TEXT>)(.*?)(</TEXT>)", re.S | re.I)
_TAG_NAME_RE = re.compile(r"<(/?)(table|tr|td|th|tbody|thead|font|p|div|br|b|i|u|span|sup)\b", re.I)
_CELL_OPEN_RE = re.compile(r"<td\b([^<>]*)>", re.I)
_CELL_CLOSE_RE = re.compile(r"</td\s*>", re.I)
_QUOTED_RE = re.compile(r"=\"([A-Za-z0-9%#.:-]{1,40})\"")
_ROW_CLOSE_RE = re.compile(r"</tr\s*>", re.I)
_SPACER_RE = re.compile(r"<td\b([^<>]*)>(?:\s|&nbsp;|&#160;)*</td>", re.I)
_LONG_TEXT_RE = re.compile(r">([A-Za-z][A-Za-z ,'()-]{29,120})<")
_TEXT_NODE_RE = re.compile(r">([^<>]+)<")
_ENTITY_RE = re.compile(r"(&#?\w{1,10};)|[^&]+|&")


def _broken_label(m: re.Match[str]) -> str:
    """A label's text with a line break at the space nearest its middle."""
    text = m.group(1)
    k = text.find(" ", len(text) // 2)
    return m.group(0) if k < 0 else f">{text[:k]}<br>{text[k + 1:]}<"


_WORD_START_RE = re.compile(r"(?<![A-Za-z0-9'])[a-z]")
_DOLLAR_RE = re.compile(r"\$(?=[\s\d(<&]|$)")
_EMPTY_RE = re.compile(r"<(br|hr)\b([^<>/]*)>", re.I)
_BOLD_RE = re.compile(r"<(/?)b>", re.I)
_TABLE_OPEN_RE = re.compile(r"(<table\b[^<>]*>)", re.I)
_TABLE_CLOSE_RE = re.compile(r"(</table\s*>)", re.I)


def _in_html(fn: Callable[[str], str]) -> Callable[[str], str]:
    """`fn` on each document body that holds a table (HTML), the rest of the submission as filed."""
    def apply(text: str) -> str:
        def one(m: re.Match[str]) -> str:
            body = m.group(2)
            low = body.lower()
            # (rows of cells: HTML; a plain-text document's SGML <TABLE> tags hold none)
            if "<tr" not in low or "<td" not in low or "<xbrl" in low[:2000]:
                return m.group(0)
            return m.group(1) + fn(body) + m.group(3)
        return _TEXT_RE.sub(one, text)
    return apply


TRANSFORMS: dict[str, Callable[[str], str]] = {
    # <TD>, </TR>, <FONT>: tags in capitals
    "upper_tags": _in_html(lambda b: _TAG_NAME_RE.sub(lambda m: f"<{m.group(1)}{m.group(2).upper()}", b)),
    # header-style cells everywhere: <th> for <td>
    "th_cells": _in_html(lambda b: _CELL_CLOSE_RE.sub("</th>", _CELL_OPEN_RE.sub(r"<th\1>", b))),
    # every cell's content wrapped in a <font> (the word processors of the time)
    "font_cells": _in_html(lambda b: _CELL_CLOSE_RE.sub("</font></td>", _CELL_OPEN_RE.sub(
        r'<td\1><font size="2">', b))),
    # entities by number: &#160; for &nbsp;, &#38; for &amp;
    "numeric_entities": _in_html(lambda b: b.replace("&nbsp;", "&#160;").replace("&NBSP;", "&#160;")
                                 .replace("&amp;", "&#38;")),
    # attribute values without quotes: width=50% align=right
    "unquoted_attrs": _in_html(lambda b: _QUOTED_RE.sub(r"=\1", b)),
    # a style sheet of some 30 KB before everything (the first table then lies far into the document)
    "style_head": _in_html(lambda b: "\n<style type=\"text/css\">\n" + "p.s{margin:0pt;font-size:10pt}\n" * 1000
                           + "</style>\n" + b),
    # </td> and </tr> left out, as HTML allows (the generators of the 1990s did)
    "no_end_tags": _in_html(lambda b: _ROW_CLOSE_RE.sub("", _CELL_CLOSE_RE.sub("", b))),
    # each table inside a layout table's one cell (the page builders of the time)
    "wrapped_tables": _in_html(lambda b: _TABLE_CLOSE_RE.sub(r"\1</td></tr></table>", _TABLE_OPEN_RE.sub(
        r'<table width="100%" border="0"><tr><td>\1', b))),
    # bold by style, not by tag
    "css_bold": _in_html(lambda b: _BOLD_RE.sub(lambda m: "</span>" if m.group(1) else
                                                '<span style="font-weight:bold">', b)),
    # dashes by name (a zero's "&#151;" as "&mdash;", "&#150;" as "&ndash;"), or as the characters
    "dash_names": _in_html(lambda b: b.replace("&#151;", "&mdash;").replace("&#8212;", "&mdash;")
                           .replace("&#150;", "&ndash;").replace("&#8211;", "&ndash;")),
    "dash_chars": _in_html(lambda b: b.replace("&#151;", "\u2014").replace("&#8212;", "\u2014")
                           .replace("&#150;", "\u2013").replace("&#8211;", "\u2013")),
    # XHTML's empty elements: <br/>, <hr/>
    "xhtml": _in_html(lambda b: _EMPTY_RE.sub(lambda m: f"<{m.group(1)}{m.group(2)}/>", b)),
    # spacer cells empty rather than holding &nbsp;
    "empty_spacers": _in_html(lambda b: _SPACER_RE.sub(r"<td\1></td>", b)),
    # a long label broken over two lines in its cell ("Net cash provided by<br>operating activities")
    "br_labels": _in_html(lambda b: _LONG_TEXT_RE.sub(_broken_label, b)),
    # each cell's content in a paragraph
    "p_cells": _in_html(lambda b: _CELL_CLOSE_RE.sub("</p></td>", _CELL_OPEN_RE.sub(
        r'<td\1><p style="margin-top:0pt; margin-bottom:0pt">', b))),
    # the text in capitals, tags and entities as they are
    "upper_text": _in_html(lambda b: _TEXT_NODE_RE.sub(lambda m: ">" + _ENTITY_RE.sub(
        lambda n: n.group(0) if n.group(1) else n.group(0).upper(), m.group(1)) + "<", b)),
    # the text in Title Case ("Net Cash Provided By Operating Activities")
    "title_text": _in_html(lambda b: _TEXT_NODE_RE.sub(lambda m: ">" + _ENTITY_RE.sub(
        lambda n: n.group(0) if n.group(1) else _WORD_START_RE.sub(lambda w: w.group(0).upper(), n.group(0)),
        m.group(1)) + "<", b)),
    # no dollar signs (in their own cells or before the figures)
    "no_dollar_signs": _in_html(lambda b: _DOLLAR_RE.sub("", b)),
    # rows inside an explicit <tbody>
    "tbody": _in_html(lambda b: _TABLE_CLOSE_RE.sub(r"</tbody>\1", _TABLE_OPEN_RE.sub(r"\1<tbody>", b))),
}


def transformed(kind: str, text: str) -> bytes:
    """The filing (its bytes read as Latin-1, `text`) written the `kind` way, as bytes."""
    return encoded(TRANSFORMS[kind](text))


def html_files(corpus: Path) -> list[str]:
    """The corpus's filings whose documents are HTML (era 2 and 3)."""
    out = []
    for p in sorted([*corpus.glob("2_*"), *corpus.glob("3_*")]):
        head = p.read_bytes()[:3_000_000].lower()
        if b"<tr" in head and b"<td" in head:
            out.append(str(p))
    return out


def main(argv: list[str] | None = None) -> int:
    return run("html_layouts", __doc__, TRANSFORMS, html_files, "HTML filings", argv)


if __name__ == "__main__":
    sys.exit(main())
