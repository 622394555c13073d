"""The XBRL exhibits of a submission (EX-101.PRE, .LAB, .SCH: the presentation and label linkbases
and the schema; EX-101.INS: the instance of 2009-2018 filings), and the checks they allow on the
statements read from the printed tables (issue 9, item 2).

A full EDGAR submission of an XBRL filing (2009+) carries, next to its primary document, the
filer's taxonomy extension: a schema (EX-101.SCH) whose `link:roleType`s name each network
("1002002 - Statement - CONDENSED CONSOLIDATED BALANCE SHEETS"), a presentation linkbase
(EX-101.PRE) giving each network's tree of concepts in the order the statement prints them
(`link:presentationArc` from parent to child, with `order` and `preferredLabel`), and a label
linkbase (EX-101.LAB) with each concept's labels by role (`label`, `terseLabel`, `totalLabel`,
`periodStartLabel` ...). Some filers embed the linkbases in the schema: every EX-101 document is
searched for every kind of link.

The statements of an inline XBRL document are read from its printed tables (`tables/ixbrl.py`),
each tagged row knowing the elements of its facts (`StatementRow.elements`). Here each statement
finds the presentation network that holds most of those elements, and two checks say whether
the printed statement agrees with it: `linkbase.<kind>.membership` (every tagged printed row is
in the network) and `linkbase.<kind>.order` (the rows are printed in the network's order; the
rows out of place are named). Rows that carry no printed label take the filing's own label:
lines edgarliq added from facts tagged outside the table (their `derived` says so) and printed
lines whose label cell is empty.

Filings of 2009-2018 print their statements in HTML and carry the facts in an XBRL instance
(EX-101.INS). There each HTML row takes the elements whose undimensioned facts have its printed
values in every column (so the same two checks run when a presentation linkbase is there too),
and each row the concept map names is compared with its element's fact for each column:
`xbrl_instance.<kind>.<concept>`, pass or fail within half a printed unit.

Linkbases are untrusted XML: no DTD is accepted (so no entity can expand), nothing is fetched
(`no_network`, no schemaLocation is followed), each document is capped in size and elements, and
the trees are walked iteratively with a depth cap and cycle guard. A linkbase that cannot be read
is a `FilingError` naming the document, the place and the cause; in the pipeline it becomes a
failed `linkbase.read` check, and the statements (read from the primary document) stand.

lxml is imported only when a submission has linkbases, so plain-text filings never pay for it.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from edgarliq import lazyre
from edgarliq.checks import Check, compare
from edgarliq.errors import FilingError
from edgarliq.model import Statement, StatementRow, Statements
from edgarliq.record import field, record, replace
from edgarliq.submission import XBRL_INSTANCE, XBRL_LABELS, XBRL_PRESENTATION, XBRL_SCHEMA, xbrl_exhibit

__all__ = ["PresentationNode", "PresentationRole", "Linkbases", "InstanceFact", "parse_presentation", "parse_labels",
           "parse_role_definitions", "parse_instance", "read_linkbases", "confirm_statements", "statement_checks",
           "instance_checks", "role_for", "MAX_LINKBASE_CHARS"]

_LINK = "http://www.xbrl.org/2003/linkbase"
_XLINK = "http://www.w3.org/1999/xlink"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XBRLI = "http://www.xbrl.org/2003/instance"
_XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
_PARENT_CHILD = "http://www.xbrl.org/2003/arcrole/parent-child"
_CONCEPT_LABEL = "http://www.xbrl.org/2003/arcrole/concept-label"

# The largest label linkbases and instances of big filers are a few MB (Apple's 10-K label
# linkbase: about 1.5 MB); 32 MB of one document is past anything real and keeps a hostile one
# from exhausting memory.
MAX_LINKBASE_CHARS = 32 * 1024 * 1024
MAX_ELEMENTS = 1_000_000  # elements of one document
MAX_DEPTH = 64  # levels of one presentation tree (real ones have under 15)
MAX_NODES = 20_000  # nodes of one presentation tree once expanded (a concept under several parents repeats)

# `<!DOCTYPE` / `<!ENTITY`: linkbases never have a DTD; refusing one rules out entity expansion
_DTD_RE = lazyre.compile(r"<!\s{0,5}(?:DOCTYPE|ENTITY)", re.I)
# where the XML starts inside a submission's <TEXT> (after an <XBRL> wrapper, before the root:
# a linkbase, a schema, an instance)
_XML_START_RE = lazyre.compile(r"<\?xml|<[A-Za-z_][\w.-]{0,40}:(?:linkbase|schema|xbrl)\b|<(?:linkbase|schema|xbrl)\b")
# "1002002 - Statement - CONDENSED CONSOLIDATED BALANCE SHEETS" (EDGAR Filer Manual 6.7.12)
_DEFINITION_RE = lazyre.compile(r"^\s{0,20}\d{1,12}\s{0,5}-\s{0,5}([A-Za-z]{1,20})\s{0,5}-\s{0,5}(.{0,500})$", re.S)


# --------------------------------------------------------------------------------------------
# Values


@record(frozen=True, slots=True)
class PresentationNode:
    """One place in a presentation tree: a concept (`us-gaap:Assets`), its depth (0 for a root),
    and the label role the statement shows it with (`totalLabel`; None for the standard label)."""

    concept: str
    depth: int
    preferred_label: str | None = None


@record(frozen=True, slots=True)
class PresentationRole:
    """One presentation network: its role URI, its definition (the network's title as the schema
    names it, else the URI's last segment), and its tree in printed order (depth first)."""

    uri: str
    definition: str
    nodes: tuple[PresentationNode, ...]

    @property
    def title(self) -> str:
        """The definition without its sort code and category ("CONDENSED CONSOLIDATED BALANCE SHEETS")."""
        m = _DEFINITION_RE.match(self.definition)
        return m.group(2).strip() if m else self.definition

    @property
    def category(self) -> str | None:
        """`Statement`, `Disclosure`, `Document` ... when the definition follows the EDGAR pattern."""
        m = _DEFINITION_RE.match(self.definition)
        return m.group(1).capitalize() if m else None

    @property
    def concepts(self) -> frozenset[str]:
        return frozenset(n.concept for n in self.nodes)


@record(frozen=True, slots=True)
class Linkbases:
    """What a submission's EX-101 documents say: presentation networks and concept labels."""

    roles: tuple[PresentationRole, ...] = ()
    # concept -> label role (short: "label", "terseLabel", "totalLabel" ...) -> text
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def role(self, uri_or_title: str) -> PresentationRole | None:
        for r in self.roles:
            if uri_or_title in (r.uri, r.title, r.definition):
                return r
        return None

    def label(self, concept: str, role: str | None = None) -> str | None:
        """The concept's label of `role` (short name), else its terse, else its standard label."""
        by_role = self.labels.get(concept, {})
        for r in (role, "terseLabel", "label"):
            if r and r in by_role:
                return by_role[r]
        return None


# --------------------------------------------------------------------------------------------
# Parsing (bounded, no DTD, no network)


def _xml_root(text: str, source: str) -> Any:
    """The parsed root of one EX-101 document, or FilingError."""
    if len(text) > MAX_LINKBASE_CHARS:
        raise FilingError(source, "", f"{len(text):,} characters: more than a linkbase has "
                          f"(at most {MAX_LINKBASE_CHARS:,} are read)")
    tags = text.count("<")  # every element needs one: the cap holds before anything is built
    if tags > 2 * MAX_ELEMENTS:
        raise FilingError(source, "", f"{tags:,} tags: more than a linkbase has (at most "
                          f"{MAX_ELEMENTS:,} elements are read)")
    m = _XML_START_RE.search(text)
    if m is None:
        raise FilingError(source, "", "no XML linkbase or schema in the document")
    body = text[m.start():]
    dtd = _DTD_RE.search(body)
    if dtd is not None:
        line = text.count("\n", 0, m.start() + dtd.start()) + 1
        raise FilingError(source, f"line {line}", "a DTD or entity declaration: refused in a linkbase "
                          "(entities could expand without bound)")
    end = max(body.rfind("</XBRL>"), body.rfind("</xbrl>"))
    if end > 0:
        body = body[:end]
    if body.startswith("<?xml"):
        # the declaration names the encoding of the original bytes, not of this decoded str
        close = body.find("?>")
        body = body[close + 2:] if close >= 0 else body
    # blank lines for what came before, so that lxml's line numbers are the document's
    body = "\n" * text.count("\n", 0, m.start()) + body
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True, recover=False)
    try:
        root = etree.fromstring(body.encode("utf-8", errors="replace"), parser)
    except etree.XMLSyntaxError as exc:
        raise FilingError(source, f"line {exc.lineno or '?'}", f"not well-formed XML: {exc.msg}") from None
    return root


def _attr(el: Any, name: str) -> str:
    return el.get(f"{{{_XLINK}}}{name}") or ""


def _concept_of_href(href: str) -> str | None:
    """`...us-gaap-2023.xsd#us-gaap_Assets` -> `us-gaap:Assets` (EDGAR requires element ids of
    the form prefix_name, EFM 6.7.20); None when the href has no such fragment."""
    frag = href.rpartition("#")[2]
    prefix, sep, name = frag.partition("_")
    if not sep or not prefix or not name:
        return None
    return f"{prefix}:{name}"


def _short_role(uri: str | None) -> str | None:
    """`http://www.xbrl.org/2003/role/totalLabel` -> `totalLabel` (None stays None)."""
    if not uri:
        return None
    return uri.rstrip("/").rpartition("/")[2] or None


def _locators(link: Any) -> dict[str, str]:
    """xlink:label -> concept for the link's `link:loc`s (labels are local to one extended link)."""
    out: dict[str, str] = {}
    for loc in link.iter(f"{{{_LINK}}}loc"):
        concept = _concept_of_href(_attr(loc, "href"))
        label = _attr(loc, "label")
        if concept and label:
            out[label] = concept
    return out


def parse_role_definitions(text: str, *, source: str = "EX-101.SCH") -> dict[str, str]:
    """roleURI -> definition of each `link:roleType` of a schema (or of any EX-101 document)."""
    root = _xml_root(text, source)
    return _role_definitions(root)


def _role_definitions(root: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for rt in root.iter(f"{{{_LINK}}}roleType"):
        uri = rt.get("roleURI") or ""
        d = rt.find(f"{{{_LINK}}}definition")
        if uri and d is not None:
            out[uri] = " ".join("".join(d.itertext()).split())
    return out


# (parent, child, order, preferred label, document position) of one network
_Arc = tuple[str, str, float, str | None, int]


def parse_presentation(text: str, *, source: str = "EX-101.PRE",
                       definitions: Mapping[str, str] | None = None) -> tuple[PresentationRole, ...]:
    """The presentation networks of a linkbase, in document order (see `PresentationRole`)."""
    root = _xml_root(text, source)
    arcs = _presentation_arcs(root, source)
    defs = dict(_role_definitions(root))
    defs.update(definitions or {})
    return tuple(_tree(uri, defs.get(uri) or _uri_title(uri), a, source) for uri, a in arcs.items())


def _uri_title(uri: str) -> str:
    return uri.rstrip("/").rpartition("/")[2] or uri


def _presentation_arcs(root: Any, source: str) -> dict[str, list[_Arc]]:
    by_role: dict[str, list[_Arc]] = {}
    position = 0
    for link in root.iter(f"{{{_LINK}}}presentationLink"):
        uri = _attr(link, "role")
        if not uri:
            raise FilingError(source, f"line {link.sourceline}", "a presentationLink without xlink:role")
        locs = _locators(link)
        arcs = by_role.setdefault(uri, [])
        prohibited: set[tuple[str, str]] = set()
        for arc in link.iter(f"{{{_LINK}}}presentationArc"):
            if (_attr(arc, "arcrole") or _PARENT_CHILD) != _PARENT_CHILD:
                continue
            src, dst = locs.get(_attr(arc, "from")), locs.get(_attr(arc, "to"))
            if src is None or dst is None:
                raise FilingError(source, f"line {arc.sourceline}", "a presentationArc names a locator the "
                                  f"link does not define ({_attr(arc, 'from')[:80]!r} -> {_attr(arc, 'to')[:80]!r})")
            if (arc.get("use") or "") == "prohibited":
                prohibited.add((src, dst))
                continue
            try:
                order = float(arc.get("order") or 1)
            except ValueError:
                order = math.nan
            if not math.isfinite(order):
                raise FilingError(source, f"line {arc.sourceline}",
                                  f"presentationArc order {arc.get('order')[:20]!r} is not a number") from None
            position += 1
            arcs.append((src, dst, order, _short_role(arc.get("preferredLabel")), position))
        if prohibited:  # an arc prohibited in this link takes its equivalents out (XBRL 2.1 3.5.3.9.7.4)
            by_role[uri] = [a for a in arcs if (a[0], a[1]) not in prohibited]
    return by_role


def _tree(uri: str, definition: str, arcs: list[_Arc], source: str) -> PresentationRole:
    """The network as its tree, depth first, children by `order` (then document order)."""
    children: dict[str, list[_Arc]] = defaultdict(list)
    targets: set[str] = set()
    first_seen: dict[str, int] = {}
    for a in arcs:
        children[a[0]].append(a)
        targets.add(a[1])
        first_seen.setdefault(a[0], a[4])
    for kids in children.values():
        kids.sort(key=lambda a: (a[2], a[4]))
    roots = sorted((c for c in children if c not in targets), key=lambda c: first_seen[c])
    nodes: list[PresentationNode] = []
    # iterative depth first walk; `path` guards against cycles (a cyclic network is bad input,
    # but a tree walk must end on any input)
    stack: list[tuple[str, int, str | None, frozenset[str]]] = [(r, 0, None, frozenset()) for r in reversed(roots)]
    while stack:
        concept, depth, preferred, path = stack.pop()
        if concept in path:
            continue
        if depth > MAX_DEPTH:
            raise FilingError(source, f"role {uri}", f"a presentation tree deeper than {MAX_DEPTH} levels")
        nodes.append(PresentationNode(concept, depth, preferred))
        if len(nodes) > MAX_NODES:
            raise FilingError(source, f"role {uri}", f"a presentation tree of more than {MAX_NODES:,} nodes")
        inner = path | {concept}
        for a in reversed(children.get(concept, ())):
            stack.append((a[1], depth + 1, a[3], inner))
    return PresentationRole(uri, definition, tuple(nodes))


def parse_labels(text: str, *, source: str = "EX-101.LAB", lang: str = "en") -> dict[str, dict[str, str]]:
    """concept -> label role (short name) -> text, from a label linkbase. Labels in `lang` (a
    prefix of xml:lang: "en" takes en-US) win over others; the first of a role wins."""
    return _labels(_xml_root(text, source), lang)


def _labels(root: Any, lang: str) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = defaultdict(dict)
    other: dict[str, dict[str, str]] = defaultdict(dict)  # labels in other languages: a fallback
    for link in root.iter(f"{{{_LINK}}}labelLink"):
        locs = _locators(link)
        resources: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
        for res in link.iter(f"{{{_LINK}}}label"):
            text = " ".join("".join(res.itertext()).split())
            role = _short_role(_attr(res, "role")) or "label"
            resources[_attr(res, "label")].append((role, res.get(_XML_LANG) or "", text))
        for arc in link.iter(f"{{{_LINK}}}labelArc"):
            if (_attr(arc, "arcrole") or _CONCEPT_LABEL) != _CONCEPT_LABEL:
                continue
            concept = locs.get(_attr(arc, "from"))
            if concept is None:
                continue
            for role, language, text in resources.get(_attr(arc, "to"), ()):
                where = out if language.lower().startswith(lang.lower()) else other
                where[concept].setdefault(role, text)
    for concept, by_role in other.items():
        for role, text in by_role.items():
            out[concept].setdefault(role, text)
    return dict(out)


# --------------------------------------------------------------------------------------------
# A submission's linkbases


def _linkbase_documents(submission: Any) -> list[Any]:
    return [d for d in getattr(submission, "documents", ())
            if xbrl_exhibit(getattr(d, "type", None)) in (XBRL_PRESENTATION, XBRL_LABELS, XBRL_SCHEMA)]


def read_linkbases(submission: Any) -> Linkbases | None:
    """The presentation networks and labels of a submission's EX-101 documents; None when it has
    no presentation network at all (a filing before XBRL, or a copy of the primary document only).
    A document that cannot be read raises FilingError naming it."""
    docs = _linkbase_documents(submission)
    if not any(xbrl_exhibit(d.type) in (XBRL_PRESENTATION, XBRL_SCHEMA) for d in docs):
        return None
    src = getattr(submission, "source", "") or "submission"
    definitions: dict[str, str] = {}
    arcs: dict[str, list[_Arc]] = {}
    labels: dict[str, dict[str, str]] = {}
    for d in docs:
        name = f"{src}: {d.type} document {d.sequence or '?'}{' (' + d.filename + ')' if d.filename else ''}"
        root = _xml_root(d.text, name)
        definitions.update(_role_definitions(root))
        for uri, a in _presentation_arcs(root, name).items():
            arcs.setdefault(uri, []).extend(a)
        for concept, by_role in _labels(root, "en").items():
            mine = labels.setdefault(concept, {})
            for role, text in by_role.items():
                mine.setdefault(role, text)
    if not arcs:
        return None
    roles = tuple(_tree(uri, definitions.get(uri) or _uri_title(uri), a, src) for uri, a in arcs.items())
    return Linkbases(roles, labels)


# --------------------------------------------------------------------------------------------
# Checks on the statements

# words a statement network's title has, by kind: the tie-break when two networks hold as many
# of the statement's elements (the income statement and comprehensive income share net income)
_KIND_WORDS = {"balance_sheet": ("balance sheet", "financial position", "financial condition"),
               "income_statement": ("operations", "income", "earnings"),
               "cash_flow": ("cash flow",)}


def role_for(st: Statement, roles: Iterable[PresentationRole]) -> tuple[PresentationRole | None, int]:
    """The presentation network of a statement: the one holding most of its printed rows' elements
    (statements first when the definitions name categories; parenthetical networks never), and
    how many of the rows' elements it holds."""
    wanted = {e for r in _tagged_rows(st) for e in r[1].elements}
    roles = [r for r in roles if "parenthetical" not in (r.definition + r.uri).lower()]
    if any(r.category == "Statement" for r in roles):
        roles = [r for r in roles if r.category == "Statement"]
    words = _KIND_WORDS.get(st.kind, ())
    best, key = None, (0, False)
    for r in roles:
        k = (len(wanted & r.concepts), any(w in r.title.lower() for w in words))
        if k[0] > 0 and k > key:
            best, key = r, k
    score = key[0]
    return best, score


def _added(r: StatementRow) -> bool:
    """A row edgarliq added to the printed ones (from facts outside the table, or a sum of lines),
    as opposed to a printed row whose `derived` carries a note (an untagged cell ...)."""
    from edgarliq.tables.ixbrl import ADDED_ROW_NOTES

    return r.derived is not None and any(note in r.derived for note in ADDED_ROW_NOTES)


def _tagged_rows(st: Statement) -> list[tuple[int, StatementRow]]:
    """The printed rows that hold facts (a row edgarliq added is not the filing's to confirm)."""
    return [(i, r) for i, r in enumerate(st.rows) if r.elements and not _added(r)]


def _name(i: int, r: StatementRow) -> str:
    return f"row {i} '{r.label[:60]}' ({', '.join(r.elements[:2])})"


def statement_checks(st: Statement, linkbases: Linkbases, role: PresentationRole | None = None) -> list[Check]:
    """`linkbase.<kind>.membership` and `.order` for one statement (none for a statement without
    tagged rows, which no linkbase can confirm); `.role` fails when no network holds its rows.
    `role`: the statement's network when the caller has found it (`role_for`)."""
    rows = _tagged_rows(st)
    if not rows:
        return []
    if role is None:
        role = role_for(st, linkbases.roles)[0]
    if role is None:
        return [Check(f"linkbase.{st.kind}.role", "fail", detail=f"no presentation network of the filing's "
                      f"linkbase holds any of the statement's {len(rows)} tagged rows")]
    where = f"presentation network '{role.definition}'"
    positions: dict[str, list[int]] = defaultdict(list)
    for p, n in enumerate(role.nodes):
        positions[n.concept].append(p)
    members = [(i, r, sorted({p for e in r.elements for p in positions.get(e, ())})) for i, r in rows]
    outside = [(i, r) for i, r, ps in members if not ps]
    inside = [(i, r, ps) for i, r, ps in members if ps]
    out: list[Check] = []
    if outside:
        out.append(Check(f"linkbase.{st.kind}.membership", "fail", float(len(rows)), float(len(inside)),
                         float(len(inside) - len(rows)), 0.0,
                         f"{len(outside)} of {len(rows)} tagged rows are not in the {where}: "
                         + "; ".join(_name(i, r) for i, r in outside)))
    else:
        out.append(Check(f"linkbase.{st.kind}.membership", "pass", float(len(rows)), float(len(rows)), 0.0, 0.0,
                         f"all {len(rows)} tagged rows are in the {where}"))
    chain = _longest_chain([ps for _, _, ps in inside])
    misplaced = [k for k in range(len(inside)) if k not in chain]
    if misplaced:
        parts = []
        for k in misplaced:
            i, r, ps = inside[k]
            # the nearest row kept in order that it contradicts: printed above it but placed after
            # it by the network, or printed below it but placed before it
            above = [c for c in chain if c < k and chain[c] > ps[-1]]
            below = [c for c in chain if c > k and chain[c] < ps[0]]
            if above:
                o = inside[max(above)]
                why = f"printed after {_name(o[0], o[1])}, which the network places after it"
            elif below:
                o = inside[min(below)]
                why = f"printed before {_name(o[0], o[1])}, which the network places before it"
            else:  # (every candidate place conflicts with a different row)
                why = "its places in the network conflict with the rows around it"
            parts.append(f"{_name(i, r)} is {why}" if above or below else f"{_name(i, r)}: {why}")
        out.append(Check(f"linkbase.{st.kind}.order", "fail", float(len(inside)), float(len(chain)),
                         float(len(chain) - len(inside)), 0.0,
                         f"{len(misplaced)} of {len(inside)} rows printed out of the order of the {where}: "
                         + "; ".join(parts)))
    else:
        out.append(Check(f"linkbase.{st.kind}.order", "pass", float(len(inside)), float(len(inside)), 0.0, 0.0,
                         f"the {len(inside)} rows are printed in the order of the {where}"))
    return out


def _longest_chain(candidates: list[list[int]]) -> dict[int, int]:
    """The most rows whose tree positions never decrease down the statement, each row taking one
    of its candidate positions (a concept may sit twice in a tree: cash at the start and the end of
    a cash flow statement). Equal positions are in order: the rows of one element's breakdown
    (Apple's "Products", "Services" and "Total net sales" are all RevenueFromContractWith...,
    by product dimension) share its one place in the tree. Returns row index -> the position it
    takes.

    Patience sorting (O(n log n) in the candidates): a row's candidates go in decreasing order, so
    that no chain takes two of one row; each row keeps at most `_MAX_CANDIDATES` of them (an HTML
    row matched by value to many facts)."""
    tails: list[int] = []  # tails[k]: the smallest last position of a chain of k + 1 rows
    ends: list[tuple[int, int]] = []  # the (row, position) that ends it
    parent: dict[tuple[int, int], tuple[int, int] | None] = {}
    for k, ps in enumerate(candidates):
        for p in sorted(ps[:_MAX_CANDIDATES], reverse=True):
            i = bisect.bisect_right(tails, p)
            node = (k, p)
            parent[node] = ends[i - 1] if i else None
            if i == len(tails):
                tails.append(p)
                ends.append(node)
            else:
                tails[i], ends[i] = p, node
    chain: dict[int, int] = {}
    end = ends[-1] if ends else None
    while end is not None:
        chain[end[0]] = end[1]
        end = parent[end]
    return chain


_MAX_CANDIDATES = 200


def _labelled(st: Statement, linkbases: Linkbases, role: PresentationRole | None) -> Statement:
    """Rows edgarliq added from facts (their label made from the element's name or the concept
    map) take the filing's own label of their element, and say so in `derived`."""
    preferred = {n.concept: n.preferred_label for n in role.nodes} if role is not None else {}
    rows = []
    changed = False
    for r in st.rows:
        if _added(r) and len(r.elements) == 1:
            e = r.elements[0]
            text = linkbases.label(e, preferred.get(e))
            if text and text != r.label:
                r = replace(r, label=text, derived=f"{r.derived}; label from the filing's label linkbase "
                            f"(EX-101.LAB, {e})")
                changed = True
        elif not r.label.strip() and r.elements:  # a printed line without a label of its own
            e = r.elements[0]
            text = linkbases.label(e, preferred.get(e))
            if text:
                # (`derived` already carries the inline XBRL reader's notes on printed lines)
                why = f"label from the filing's label linkbase (EX-101.LAB, {e}): the printed line has none"
                r = replace(r, label=text, derived=f"{r.derived}; {why}" if r.derived else why)
                changed = True
        rows.append(r)
    return replace(st, rows=tuple(rows)) if changed else st


# --------------------------------------------------------------------------------------------
# The XBRL instance (EX-101.INS) of a filing whose statements are HTML (2009-2018)

# ("i", instant, None) or ("d", start, end), as in tables/ixbrl.py
_Period = tuple[str, date | None, date | None]


@record(frozen=True, slots=True)
class InstanceFact:
    """One undimensioned numeric fact of an instance, in a currency (`us-gaap:Assets` ...)."""

    concept: str
    period: _Period
    value: float
    decimals: int | None  # None: INF or absent


def _iso(s: str | None) -> date | None:
    try:
        return date.fromisoformat((s or "").strip()[:10])
    except ValueError:
        return None


def parse_instance(text: str, *, source: str = "EX-101.INS") -> list[InstanceFact]:
    """The undimensioned currency facts of an XBRL instance document, in document order. Share
    counts, per-share amounts and facts of contexts with a segment or scenario are left out (they
    are not the amounts a statement's rows hold, or not the consolidated ones)."""
    root = _xml_root(text, source)
    prefixes = {ns: p for p, ns in (root.nsmap or {}).items() if p}
    periods: dict[str, _Period] = {}
    for ctx in root.iter(f"{{{_XBRLI}}}context"):
        if any(len(el) or (el.text or "").strip()
               for el in ctx.iter(f"{{{_XBRLI}}}segment", f"{{{_XBRLI}}}scenario")):
            continue
        instant = ctx.find(f".//{{{_XBRLI}}}instant")
        if instant is not None:
            periods[ctx.get("id", "")] = ("i", _iso(instant.text), None)
        else:
            start, end = ctx.find(f".//{{{_XBRLI}}}startDate"), ctx.find(f".//{{{_XBRLI}}}endDate")
            if start is not None and end is not None:
                periods[ctx.get("id", "")] = ("d", _iso(start.text), _iso(end.text))
    currency_units = set()
    for unit in root.iter(f"{{{_XBRLI}}}unit"):
        measures = [(m.text or "").strip().lower() for m in unit.iter(f"{{{_XBRLI}}}measure")]
        if len(measures) == 1 and measures[0].startswith("iso4217:"):
            currency_units.add(unit.get("id", ""))
    out: list[InstanceFact] = []
    for el in root:
        if not isinstance(el.tag, str) or el.get("contextRef") not in periods:
            continue
        if el.get("unitRef") not in currency_units or el.get(_XSI_NIL) in ("true", "1"):
            continue
        ns, _, name = el.tag[1:].partition("}")
        prefix = "us-gaap" if ns.startswith("http://fasb.org/us-gaap/") else prefixes.get(ns, "")
        qname = f"{prefix}:{name}" if prefix else name
        try:
            value = float((el.text or "").strip())
        except ValueError:
            raise FilingError(source, f"line {el.sourceline}", f"{qname} is not a number: "
                              f"{(el.text or '').strip()[:40]!r}") from None
        if not math.isfinite(value):
            raise FilingError(source, f"line {el.sourceline}", f"{qname} is not a finite number")
        dec = (el.get("decimals") or "")[:4]
        decimals = int(dec) if dec.lstrip("-").isdigit() else None
        out.append(InstanceFact(qname, periods[el.get("contextRef")], value, decimals))
    return out


def _facts_by(facts: list[InstanceFact]) -> dict[tuple[str, _Period], InstanceFact]:
    """(concept, period) -> its fact, the most precise copy when it is tagged twice."""
    out: dict[tuple[str, _Period], InstanceFact] = {}
    for f in facts:
        cur = out.get((f.concept, f.period))
        if cur is None or (f.decimals is None or (cur.decimals is not None and f.decimals > cur.decimals)):
            out[(f.concept, f.period)] = f
    return out


def _columns_of(st: Statement, periods: Iterable[_Period]) -> list[list[_Period]]:
    from edgarliq.tables.ixbrl import _months

    def fits(c: Any, p: _Period) -> bool:
        end = p[2] if p[0] == "d" else p[1]
        if c.period_end is None or end is None or abs((end - c.period_end).days) > 3:
            return False
        if st.kind == "balance_sheet":
            return p[0] == "i"
        return p[0] == "d" and p[1] is not None and c.months is not None and _months(p[1], end) == c.months

    ps = list(periods)
    return [[p for p in ps if fits(c, p)] for c in st.columns]


def _with_elements(st: Statement, facts: dict[tuple[str, _Period], InstanceFact]) -> Statement:
    """Each printed HTML row with the elements whose facts have its values, to the printed unit,
    in every column it fills (so the linkbase checks can run on it). A value that rounds to 0 in
    the printed unit says nothing (per-share figures, nil rows) and is not matched."""
    unit = float(st.unit or 1)
    cols = _columns_of(st, {p for _, p in facts})
    by_value: dict[tuple[_Period, int], set[str]] = defaultdict(set)
    for (concept, p), f in facts.items():
        by_value[(p, round(abs(f.value) / unit))].add(concept)
    rows = []
    for r in st.rows:
        found: set[str] | None = None
        if r.derived is None and not r.elements:
            for j, v in enumerate(r.values):
                key = round(abs(v) / unit) if v is not None and j < len(cols) else 0
                if key == 0 or not cols[j]:
                    continue
                here = set().union(*(by_value.get((p, key), set()) for p in cols[j]))
                found = here if found is None else found & here
        rows.append(replace(r, elements=tuple(sorted(found))) if found else r)
    return replace(st, rows=tuple(rows))


def instance_checks(st: Statement, facts: dict[tuple[str, _Period], InstanceFact]) -> list[Check]:
    """Each row the concept map names against its element's fact, column by column:
    `xbrl_instance.<kind>.<concept>`, within half a printed unit (the statement's rounding)."""
    from edgarliq.tables.ixbrl import concept_elements

    cols = _columns_of(st, {p for _, p in facts})
    tol = float(st.unit or 1) / 2
    out: list[Check] = []
    for concept, elements in concept_elements(st.kind):
        row = st.row(concept)
        if row is None or row.derived is not None:
            continue
        for j, c in enumerate(st.columns):
            got = row.values[j] if j < len(row.values) else None
            hit = next(((e, neg, f) for e, neg in elements for p in cols[j]
                        if (f := facts.get((f"us-gaap:{e}", p))) is not None), None)
            if got is None or hit is None:
                continue
            element, negate, fact = hit
            want = -fact.value if negate and fact.value else fact.value
            out.append(compare(f"xbrl_instance.{st.kind}.{concept}", want, got, tol,
                               f"{c.label}: {st.kind} '{row.label[:60]}' vs EX-101.INS us-gaap:{element}",
                               period_end=c.period_end.isoformat() if c.period_end else None,
                               months=c.months))
    return out


def _instance_facts(submission: Any) -> dict[tuple[str, _Period], InstanceFact] | None:
    docs = [d for d in getattr(submission, "documents", ()) if xbrl_exhibit(d.type) == XBRL_INSTANCE]
    if not docs:
        return None
    src = getattr(submission, "source", "") or "submission"
    d = docs[0]
    return _facts_by(parse_instance(d.text, source=f"{src}: {d.type} document {d.sequence or '?'}"
                                    f"{' (' + d.filename + ')' if d.filename else ''}"))


def confirm_statements(submission: Any, statements: Mapping[str, Statement]) -> tuple[Any, list[Check]]:
    """The statements (rows without a printed label labelled from the linkbase) and the checks the
    submission's EX-101 documents allow. With none of them, the statements come back unchanged
    and there are no checks; a document that cannot be read is one failed `linkbase.read` check."""
    types = {xbrl_exhibit(getattr(d, "type", None)) for d in getattr(submission, "documents", ())} - {None}
    if not types or not statements:
        return statements, []
    try:
        facts = _instance_facts(submission) if XBRL_INSTANCE in types else None
        lb = read_linkbases(submission)
    except FilingError as exc:
        return statements, [Check("linkbase.read", "fail", detail=f"{exc}: the statements are not confirmed "
                                  "against the filing's XBRL exhibits")]
    checks: list[Check] = []
    found = {}
    for kind, st in statements.items():
        if facts and st.unit_source != "xbrl":
            # an HTML statement (2009-2018): its numbers against the instance, its rows given elements
            checks.extend(instance_checks(st, facts))
            st = _with_elements(st, facts)
        if lb is not None:
            role = role_for(st, lb.roles)[0]
            checks.extend(statement_checks(st, lb, role))
            st = _labelled(st, lb, role)
        found[kind] = st
    if isinstance(statements, Statements):
        return replace(statements, found=found), checks
    return found, checks
