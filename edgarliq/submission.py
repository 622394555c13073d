"""The submission container: bytes -> header facts + documents.

Reads every form a saved filing comes in:

* EDGAR full submission ``.txt``: optional PEM envelope, ``<SEC-DOCUMENT>``/``<SEC-HEADER>``
  (or the 1993-95 ``<IMS-DOCUMENT>``/``<IMS-HEADER>``), tab-padded ``KEY: value`` header lines
  in FILER / COMPANY DATA / FILING VALUES blocks;
* the tagged ``.nc`` form (``<SUBMISSION>``, ``<ACCESSION-NUMBER>``, ``<COMPANY-DATA>`` ...);
* a bare ``<DOCUMENT>`` with no header (some crawled copies start there);
* a web-mirror copy of a filing's text with no SGML envelope at all (the seed 10-Q).

Metadata is read only before ``<TEXT>``: EX-27 bodies carry ``<TYPE>``-like tags of their own.
"""

from __future__ import annotations

import binascii
import bisect
import os
import re
from collections.abc import Iterable
from datetime import date

from edgarliq import lazyre
from edgarliq.errors import FilingError
from edgarliq.record import field, record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/design.md, start-up)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["Document", "Submission", "read_submission", "decode_bytes"]

PEM_BEGIN = "-----BEGIN PRIVACY-ENHANCED MESSAGE-----"
PEM_END = "-----END PRIVACY-ENHANCED MESSAGE-----"

_DOC_RE = lazyre.compile(r"^<DOCUMENT>[ \t]*$", re.M | re.I)
_DOC_END_RE = lazyre.compile(r"^</DOCUMENT>[ \t]*$", re.M | re.I)
_TEXT_RE = lazyre.compile(r"^<TEXT>[ \t]*", re.M | re.I)
_TEXT_END_RE = lazyre.compile(r"</TEXT>[ \t]*$", re.M | re.I)
# (values are captured to the end of the line and stripped in Python: a lazy `(.*?)` before
# `[ \t]*$` retries the trailing run at every step, quadratic on a line of spaces then a letter)
_META_RE = lazyre.compile(r"^<(TYPE|SEQUENCE|FILENAME|DESCRIPTION)>(.*)$", re.M | re.I)
_HEADER_START_RE = lazyre.compile(r"^<(SEC|IMS)-HEADER>.*$", re.M | re.I)
_HEADER_END_RE = lazyre.compile(r"^</(SEC|IMS)-HEADER>", re.M | re.I)
# every header line at once (one search over the region, not a match per line): the keys stop
# at the first ":" and the values run to the end of their line
_KV_RE = lazyre.compile(r"^[ \t]*([A-Z][A-Z0-9 &/().,'-]*?):(.*)$", re.M)
_NC_TAG_RE = lazyre.compile(r"^<([A-Z][A-Z0-9-]*)>(.*)$", re.M)
_UU_BEGIN_RE = lazyre.compile(r"^begin [0-7]{3,4} (\S.*)$", re.M)
_PEM_DASH_RE = lazyre.compile("\n- -")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))

# Header keys of the .txt form -> the same keys in the tagged .nc form.
_NC_KEYS = {
    "ACCESSION-NUMBER": "ACCESSION NUMBER",
    "TYPE": "CONFORMED SUBMISSION TYPE",
    "PUBLIC-DOCUMENT-COUNT": "PUBLIC DOCUMENT COUNT",
    "PERIOD": "CONFORMED PERIOD OF REPORT",
    "FILING-DATE": "FILED AS OF DATE",
    "CONFORMED-NAME": "COMPANY CONFORMED NAME",
    "CIK": "CENTRAL INDEX KEY",
    "ASSIGNED-SIC": "STANDARD INDUSTRIAL CLASSIFICATION",
    "FISCAL-YEAR-END": "FISCAL YEAR END",
    "IRS-NUMBER": "IRS NUMBER",
    "STATE-OF-INCORPORATION": "STATE OF INCORPORATION",
    "FORM-TYPE": "FORM TYPE",
    "FILE-NUMBER": "SEC FILE NUMBER",
    "FILM-NUMBER": "FILM NUMBER",
    "FORMER-CONFORMED-NAME": "FORMER CONFORMED NAME",
    "DATE-CHANGED": "DATE OF NAME CHANGE",
}

# Forms we can recognise in the first lines of a copy that has no SGML envelope.
_DEI_FORM_RE = lazyre.compile(r"dei:DocumentType\b[^<>]*>\s*([^<\s]+)")
_FORM_GUESS_RE = lazyre.compile(r"\bF\s?O\s?R\s?M\s+(10-?K405|10-?KSB|10-?QSB|10-?K|10-?Q)\b", re.I)


# The XBRL exhibits of 2009+ filings, the documents tables/linkbase.py reads: presentation and label
# linkbases, schema, instance. Named once here, beside Document, so the pipeline can test a filing
# for them without importing the linkbase reader (and lxml) for every plain-text filing.
XBRL_PRESENTATION = "EX-101.PRE"
XBRL_LABELS = "EX-101.LAB"
XBRL_SCHEMA = "EX-101.SCH"
XBRL_INSTANCE = "EX-101.INS"
XBRL_EXHIBITS = (XBRL_PRESENTATION, XBRL_LABELS, XBRL_SCHEMA, XBRL_INSTANCE)


def xbrl_exhibit(doc_type: str | None) -> str | None:
    """The EX-101 type a document type is ("EX-101.PRE" for "ex-101.pre" and for filers' variants
    such as "EX-101.PRE.XML"), or None for any other document."""
    head = (doc_type or "")[:10].upper()
    return head if head in XBRL_EXHIBITS else None


@record(frozen=True, slots=True)
class Document:
    """One ``<DOCUMENT>`` of a submission. `text` is the body between <TEXT> and </TEXT>."""

    type: str
    sequence: int | None
    filename: str | None
    description: str | None
    text: str
    start_line: int = 1

    @property
    def is_uuencoded(self) -> bool:
        """True when the body is a uuencoded attachment (``begin 644 name``)."""
        head = self.text[:2048].lstrip()[:200]  # not the whole body: lstrip() would copy it
        return bool(_UU_BEGIN_RE.match(head))

    def decode(self) -> bytes:
        """The attachment's bytes (uudecoded), or the text encoded as UTF-8 for plain documents."""
        if not self.is_uuencoded:
            return self.text.encode("utf-8")
        return uudecode(self.text, where=f"document {self.sequence or '?'} ({self.type})")

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "sequence": self.sequence,
            "filename": self.filename,
            "description": self.description,
            "start_line": self.start_line,
            "chars": len(self.text),
            "uuencoded": self.is_uuencoded,
        }

    def __repr__(self) -> str:  # the text can be megabytes: never print it whole
        return (f"<Document {self.type} #{self.sequence}{' ' + self.filename if self.filename else ''}: "
                f"{len(self.text):,} chars from line {self.start_line}>")


@record(frozen=True, slots=True)
class Submission:
    """A parsed filing: header facts and documents, in file order."""

    source: str
    accession: str | None
    form: str | None
    period_of_report: date | None
    filed: date | None
    company: str | None
    cik: str | None
    sic: str | None
    fiscal_year_end: str | None
    former_names: tuple[tuple[str, date | None], ...]
    header: dict[str, str]
    documents: tuple[Document, ...]
    text: str
    envelope: str
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def __repr__(self) -> str:  # one line: the dataclass repr would print every document's text
        facts = " ".join(str(x) for x in (self.company, self.form, self.period_of_report, self.accession) if x)
        n = len(self.documents)
        return f"<Submission {facts or self.source}: {n} document{'s' * (n != 1)}, envelope {self.envelope}>"

    def documents_of_type(self, *prefixes: str) -> list[Document]:
        """Documents whose type starts with any prefix (``"EX-27"`` matches EX-27.1 ...)."""
        wanted = tuple(p.upper() for p in prefixes)
        return [d for d in self.documents if d.type.upper().startswith(wanted)]

    @property
    def main_document(self) -> Document | None:
        """The first document (the form itself), if any."""
        return self.documents[0] if self.documents else None

    def filing_dict(self) -> dict[str, Any]:
        """The ``filing`` block of the JSON contract."""
        return {
            "source": self.source,
            "accession": self.accession,
            "cik": self.cik,
            "company": self.company,
            "form": self.form,
            "period_of_report": _iso(self.period_of_report),
            "filed": _iso(self.filed),
            "sic": self.sic,
            "fiscal_year_end": self.fiscal_year_end,
            "former_names": [{"name": n, "changed": _iso(d)} for n, d in self.former_names],
            "envelope": self.envelope,
            "documents": [d.to_dict() for d in self.documents],
            "warnings": list(self.warnings),
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# --------------------------------------------------------------------------------------------
# Decoding


def decode_bytes(data: bytes, source: str = "<bytes>") -> str:
    """Decode filing bytes: UTF-8, else cp1252, else latin-1 (which never fails).

    Refuses binary garbage: NUL bytes, or a high share of control characters, in the
    first 64 KB are not a text filing.
    """
    if not data[:1024].strip() and not data.strip():  # (strip() of the whole file would copy it)
        raise FilingError(source, "byte 0", "empty file")
    head = data[:65536]
    if b"\x00" in head:
        raise FilingError(source, f"byte {head.index(0)}", "binary data (NUL byte), not a text filing")
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > len(head) * 0.01:
        raise FilingError(source, "first 64 KB", f"binary data ({controls} control bytes), not a text filing")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def reads_as_path(source: str) -> bool:
    """Whether `read_submission` takes this str for a path (one line, not starting with ``<``)
    rather than a filing's text; a caller holding a path that does not (a file named ``<x>``)
    passes it as an `os.PathLike`."""
    return "\n" not in source and len(source) < 4096 and not source.lstrip().startswith("<")


def _load(source: str | bytes | os.PathLike[str], name: str | None) -> tuple[str, str]:
    """Return (source name, decoded text)."""
    if isinstance(source, bytes):
        label = name or "<bytes>"
        return label, decode_bytes(source, label)
    if isinstance(source, os.PathLike) or (isinstance(source, str) and reads_as_path(source)):
        path = os.fspath(source)  # (not pathlib: a one-filing process need not import it)
        label = name or path
        try:
            with open(path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            raise FilingError(label, "", "no such file") from None
        except IsADirectoryError:
            raise FilingError(label, "", "is a directory, not a filing") from None
        except OSError as exc:
            raise FilingError(label, "", f"cannot read: {exc.strerror or exc}") from None
        return label, decode_bytes(data, label)
    label = name or "<text>"
    if not source.strip():
        raise FilingError(label, "character 0", "empty text")
    return label, source


# --------------------------------------------------------------------------------------------
# Parsing


def read_submission(
    source: str | bytes | os.PathLike[str], *, name: str | None = None, strict: bool = True
) -> Submission:
    """Read a saved filing from a path, bytes or text.

    A str is a path when it is one line and does not start with ``<``; otherwise it is the
    filing's text. With ``strict`` (the default) a truncated submission (a document or the
    envelope opened and never closed) raises :class:`FilingError`; otherwise it is parsed as far
    as it goes and the problem is recorded in ``warnings``.
    """
    label, text = _load(source, name)
    # (each replace guarded by an `in` test: str.replace of a multi-character pattern scans
    # several times slower than `in` even when nothing matches, the usual case, on 200 KB texts)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    warnings: list[str] = []

    # (lstrip() of all would copy it; the closing line is looked for from the end, where it is)
    if text[:1024].lstrip().startswith(PEM_BEGIN) and text.rfind(PEM_END) < 0:
        _truncated(label, "end of file", "PEM envelope opened but never closed", strict, warnings)
    # Inside PEM envelopes EDGAR escaped lines starting with "-" as "- -". Web mirrors copy the
    # escaped text too (the seed 10-Q), so undo it everywhere: a real line never starts "- -".
    if text.startswith("- -"):
        text = text[2:]
    # (a literal pattern: the regex engine's search finds "\n- -" in half the time str.replace
    # and an `in` test take between them, the escapes starting on dashed table rules everywhere)
    text = _PEM_DASH_RE.sub("\n-", text)

    upper_head = text[:4096].upper()
    if "<SUBMISSION>" in upper_head and "<SEC-HEADER>" not in upper_head:
        envelope = "nc"
    elif "<SEC-HEADER>" in upper_head or "<SEC-DOCUMENT>" in upper_head:
        envelope = "sec"
    elif "<IMS-HEADER>" in upper_head or "<IMS-DOCUMENT>" in upper_head:
        envelope = "ims"
    elif _DOC_RE.search(text[:4096]):
        envelope = "document"
    else:
        envelope = "none"

    first_doc = _first_document_line(text)
    header_region = text[: first_doc.start()] if first_doc else ""
    if envelope == "nc":
        header, former = _parse_nc_header(header_region)
    elif envelope in ("sec", "ims"):
        m = _HEADER_START_RE.search(header_region)
        end = _HEADER_END_RE.search(header_region)
        region = header_region[m.end() if m else 0 : end.start() if end else len(header_region)]
        header, former = _parse_kv_header(region)
        if envelope == "sec" and not _has_tag(text, "</SEC-DOCUMENT>"):
            _truncated(label, "end of file", "<SEC-DOCUMENT> never closed", strict, warnings)
        if envelope == "ims" and not _has_tag(text, "</IMS-DOCUMENT>"):
            _truncated(label, "end of file", "<IMS-DOCUMENT> never closed", strict, warnings)
    else:
        header, former = {}, []

    if first_doc:
        documents = _split_documents(text, label, strict, warnings)
    else:
        documents = [_whole_text_document(text)]
        if envelope == "none":
            warnings.append("no SGML envelope: read as one document (a plain copy of the filing's text)")
            # A bare HTML or inline XBRL file has no </DOCUMENT> to miss: its own root element is
            # what a cut leaves open.
            cut = _markup_truncation(text)
            if cut:
                _truncated(label, "end of file", cut, strict, warnings)

    # (not d.text.strip(), which copies the document: isspace() stops at its first letter)
    if not documents or all(not d.text or d.text.isspace() for d in documents):
        raise FilingError(label, "documents", "no document text found: not a filing")

    form = header.get("CONFORMED SUBMISSION TYPE") or header.get("FORM TYPE")
    if not form and documents:
        form = documents[0].type if documents[0].type not in ("", "UNKNOWN") else None
    if envelope == "none" and not _looks_like_filing(text):
        raise FilingError(label, "first lines", "not an EDGAR filing (no SGML envelope and no form heading)")

    period = _yyyymmdd(header.get("CONFORMED PERIOD OF REPORT"))
    company = header.get("COMPANY CONFORMED NAME")
    cik = _cik(header.get("CENTRAL INDEX KEY"))
    if not header and documents:
        # No SGML header (web copies, bare <DOCUMENT> files): read the cover page instead,
        # and say so, because these facts are then the filing's words, not EDGAR's index.
        main = documents[0].text
        if "dei:" in main[:600000]:
            # inline XBRL tags the cover facts (dei:*), after a long hidden header
            period = period or _cover_period("period ended " + (_dei(main, "DocumentPeriodEndDate") or ""))
            company = company or _dei(main, "EntityRegistrantName")
            cik = cik or _cik(_dei(main, "EntityCentralIndexKey"))
            where = "the inline XBRL cover facts (dei)"
        else:
            cover = main[:12000]
            period = period or _cover_period(cover)
            company = company or _cover_company(cover)
            where = "the cover page"
        for what, value in (("period of report", period), ("company name", company), ("CIK", cik)):
            if value:
                warnings.append(f"{what} {value!s} read from {where}")

    return Submission(
        source=label,
        accession=header.get("ACCESSION NUMBER") or _accession_from_envelope(text[:512]),
        form=form,
        period_of_report=period,
        filed=_yyyymmdd(header.get("FILED AS OF DATE")),
        company=company,
        cik=cik,
        sic=_sic(header.get("STANDARD INDUSTRIAL CLASSIFICATION")),
        fiscal_year_end=header.get("FISCAL YEAR END") or None,
        former_names=tuple(former),
        header=header,
        documents=tuple(documents),
        text=text,
        envelope=envelope,
        warnings=tuple(warnings),
    )


_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_COVER_PERIOD_RE = lazyre.compile(
    r"(?:quarter(?:ly\s+period)?|fiscal\s+year|year|period)\s+ended:?\s+"
    r"([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})", re.I)
# ([ \t]*, not \s*, after ^ in MULTILINE: \s* crossed newlines, scanning a run of blank lines once
# from each of them)
_COVER_NAME_RE = lazyre.compile(r"^[ \t]*\(\s*exact\s+name\s+of\s+registrant", re.I | re.M)


def _dei(text: str, name: str) -> str | None:
    """The text of the first ``dei:<name>`` fact of an inline XBRL document (markup removed)."""
    # Plain searches, not `name="dei:X"[^>]*>(.*?)</ix:nonNumeric>`: that pattern scans to the end
    # of the text from every occurrence of the name when no closer follows (quadratic).
    limit = min(len(text), 2_000_000)
    at = text.find(f'name="dei:{name}"', 0, limit)
    opened = text.find(">", at, limit) if at >= 0 else -1
    closed = text.find("</ix:nonNumeric>", opened, limit) if opened >= 0 else -1
    if closed < 0:
        return None
    import html  # (here: only inline XBRL documents get this far; a start-up ms for the others)

    value = " ".join(html.unescape(_MARKUP_RE.sub(" ", text[opened + 1 : closed])).split())
    return value or None


# A tag: `[^<>]`, not `[^>]`, so a run of unclosed "<" is scanned once, not once per "<".
_MARKUP_RE = lazyre.compile(r"<[^<>]+>")


def _cover_period(cover: str) -> date | None:
    """"For Quarter Ended June 27, 1997" / "For the fiscal year ended December 31, 1994"."""
    m = _COVER_PERIOD_RE.search(cover)
    if not m:
        return None
    month = _MONTHS.get(m.group(1)[:3].lower())
    try:
        return date(int(m.group(3)), month, int(m.group(2))) if month else None
    except ValueError:
        return None


def _cover_company(cover: str) -> str | None:
    """The line above "(Exact name of registrant as specified in its charter)", rules skipped."""
    m = _COVER_NAME_RE.search(cover)
    if not m:
        return None
    for line in reversed(cover[: m.start()].split("\n")[-4:]):
        name = line.strip()
        if name and not set(name) <= set("-=_ "):
            return name if len(name) <= 100 and not name.startswith("<") else None
    return None


def _has_tag(text: str, tag: str) -> bool:
    """Case-insensitive containment without upper-casing (copying) the whole submission."""
    # rfind: the closing tags looked for end the submission, so a search from the end finds
    # them at once where a forward one reads the whole text
    return (text.rfind(tag) >= 0 or text.rfind(tag.lower()) >= 0
            or re.search(re.escape(tag), text, re.I) is not None)


_ROOT_RE = lazyre.compile(r"<([A-Za-z][A-Za-z0-9:._-]{0,63})")
_TABLE_TAG_RE = lazyre.compile(r"<(/?)table\b", re.I)


def _markup_truncation(text: str) -> str | None:
    """Why a bare HTML / XML document (it starts with ``<?xml``, ``<!DOCTYPE`` or ``<html``) is cut
    short, or None: its prolog ends unfinished, its root element (``<html>``, ``<xbrl>``) never
    opens or never closes, or its ``<body>`` never closes. A document that ends inside a table
    says so. Plain searches from one position to the next: linear in the text.
    """
    head = text[:4096]  # (lstrip() of the whole text would copy it)
    pos = len(head) - len(head.lstrip())
    if not text.startswith("<", pos):
        return None  # a plain-text copy: not markup
    start = pos
    while True:  # the prolog: <?xml ...?>, <!-- ... -->, <!DOCTYPE ...>
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if text.startswith("<?", pos):
            end, size = text.find("?>", pos), 2
        elif text.startswith("<!--", pos):
            end, size = text.find("-->", pos), 3
        elif text.startswith("<!", pos):
            end, size = text.find(">", pos), 1
        else:
            break
        if end < 0:
            return "the document ends inside its XML/HTML prolog"
        pos = end + size
    root = _ROOT_RE.match(text, pos)
    if root is None:
        return "the document ends before its root element (<html>) opens"
    name = root.group(1)
    if pos == start and name.lower() != "html":
        return None  # SGML-era tags (<ARTICLE>, <SEC-DOCUMENT>): not an HTML / XML document
    causes = []
    if re.search(rf"</{re.escape(name)}\s*>", text, re.I) is None:
        causes.append(f"<{name}> never closed")
        last = None
        for tag in _TABLE_TAG_RE.finditer(text, pos):
            last = tag
        if last is not None and not last.group(1):
            causes.append("the document ends inside a <table>")
    if name.lower() == "html" and _has_tag(text, "<body") and not _has_tag(text, "</body>"):
        causes.append("<body> never closed")
    return "; ".join(causes) or None


def _truncated(label: str, where: str, cause: str, strict: bool, warnings: list[str]) -> None:
    if strict:
        raise FilingError(label, where, f"truncated: {cause}")
    warnings.append(f"truncated: {cause} ({where})")


Header = tuple[dict[str, str], list[tuple[str, date | None]]]


def _parse_kv_header(region: str) -> Header:
    """Tab-padded ``KEY:<tabs>value`` lines."""

    # (Around 2000 stray closing tags (</COMPANY-DATA>, </FILER>) sit among the lines: a key
    # starts with a letter, so they are no keys.)
    return _collect_header((m.group(1).strip().upper(), m.group(2).strip()) for m in _KV_RE.finditer(region))


def _parse_nc_header(region: str) -> Header:
    """The tagged ``.nc`` header: ``<TAG>value`` lines, mapped onto the .txt key names."""
    pairs = ((_NC_KEYS.get(tag, tag.replace("-", " ")), value.strip())
             for tag, value in ((m.group(1).upper(), m.group(2)) for m in _NC_TAG_RE.finditer(region)))
    return _collect_header(pairs)


def _collect_header(pairs: Iterable[tuple[str, str]]) -> Header:
    """Header facts from (key, value) pairs in file order.

    The first value of a key wins: it belongs to the filer, the first entity block. Former
    names come in (name, date of change) pairs and are all kept.
    """
    header: dict[str, str] = {}
    former: list[tuple[str, date | None]] = []
    pending_name: str | None = None
    for key, value in pairs:
        if key == "FORMER CONFORMED NAME":
            if pending_name is not None:
                former.append((pending_name, None))
            pending_name = value
        elif key == "DATE OF NAME CHANGE" and pending_name is not None:
            former.append((pending_name, _yyyymmdd(value)))
            pending_name = None
        elif value and key not in header:
            header[key] = value
    if pending_name is not None:
        former.append((pending_name, None))
    return header, former


def _first_document_line(text: str) -> re.Match[str] | None:
    """The first `_DOC_RE` match. A bare HTML or inline XBRL file of megabytes has none, and
    the multi-line, case-insensitive pattern tries every position to say so: a literal "<"
    leads this pre-test (each letter in its two cases; no other character matches these
    letters under re.I), and the pattern starts at the first tag it finds."""
    candidate = _DOC_TAG_RE.search(text)
    return _DOC_RE.search(text, candidate.start()) if candidate else None


_DOC_TAG_RE = lazyre.compile(r"<[dD][oO][cC][uU][mM][eE][nN][tT]>")


def _split_documents(text: str, label: str, strict: bool, warnings: list[str]) -> list[Document]:
    documents: list[Document] = []
    line_ends, closes = _document_tags(text)
    starts = line_ends or [m.end() for m in _DOC_RE.finditer(text)]
    lines = _LineCounter(text)
    for n, start in enumerate(starts, 1):
        limit = starts[n] if n < len(starts) else len(text)
        # the first </DOCUMENT> within [start, limit): what text.find(tag, start, limit) gives
        k = bisect.bisect_left(closes, start)
        end_pos = closes[k] if k < len(closes) and closes[k] + len("</DOCUMENT>") <= limit else -1
        if end_pos < 0:
            lower_m = _DOC_END_RE.search(text, start, limit)  # lower-case tags: rare, slower
            end_pos = lower_m.start() if lower_m else -1
        closed = end_pos >= 0
        block_end = end_pos if closed else limit
        line_no = lines.line_at(start)
        if not closed:
            _truncated(label, f"document {n} (line {line_no})", "<DOCUMENT> never closed", strict, warnings)
        text_m = _TEXT_RE.search(text, start, block_end)
        meta_region = text[start : text_m.start() if text_m else block_end]
        meta: dict[str, str] = {}
        for mm in _META_RE.finditer(meta_region):
            meta.setdefault(mm.group(1).upper(), mm.group(2).strip(" \t"))
        if text_m:
            body_start = text_m.end()
            if body_start < len(text) and text[body_start] == "\n":
                body_start += 1
            close = _last_text_close(text, body_start, block_end)
            if close is None:
                if closed:
                    _truncated(label, f"document {n} (line {line_no})", "<TEXT> never closed", strict, warnings)
                body_end = block_end
            else:
                body_end = close
            body = text[body_start:body_end]
            body_line = lines.line_at(body_start)
        else:
            body, body_line = "", line_no
        seq = meta.get("SEQUENCE", "").strip()
        sequence = _sequence_number(seq)
        if seq and sequence is None:
            warnings.append(f"document {n} (line {line_no}): <SEQUENCE> {_shown(seq)} is not a document number; "
                            "left unknown")
        documents.append(
            Document(
                type=(meta.get("TYPE") or "UNKNOWN").strip().upper(),
                sequence=sequence,
                filename=meta.get("FILENAME") or None,
                description=meta.get("DESCRIPTION") or None,
                text=body,
                start_line=body_line,
            )
        )
    return documents


def _sequence_number(seq: str) -> int | None:
    """A ``<SEQUENCE>`` value as a number: ASCII digits only, at most 6 of them.

    str.isdigit() admits ``²`` and other non-ASCII digits that int() refuses, and int() refuses
    more than 4,300 digits; a real submission has a few hundred documents at most.
    """
    if seq and len(seq) <= 6 and seq.isascii() and seq.isdigit():
        return int(seq)
    return None


def _shown(value: str, limit: int = 40) -> str:
    """A value quoted for a message, cut so a hostile 5,000-character value stays one short line."""
    return repr(value) if len(value) <= limit else repr(value[:limit]) + f"... ({len(value):,} characters)"


def _document_tags(text: str) -> tuple[list[int], list[int]]:
    """(offsets just after each line that is exactly ``<DOCUMENT>``, upper case as EDGAR writes
    it, then spaces or tabs; the start of every ``</DOCUMENT>``), from one plain search.

    Both tags end in "DOCUMENT>", which overlaps no other occurrence of itself, so one search
    for it, with a look at the one or two characters before each hit, finds every opening and
    closing tag: a second pass over the submission for the closing tags is saved. (A
    multi-line, case-insensitive regex over a 1 MB submission is ten times slower.)
    """
    opens: list[int] = []
    closes: list[int] = []
    n = len(text)
    pos = 0
    while (i := text.find("DOCUMENT>", pos)) >= 0:
        pos = i + len("DOCUMENT>")
        if i >= 1 and text[i - 1] == "<":
            if i == 1 or text[i - 2] == "\n":
                j = pos
                while j < n and text[j] in " \t":
                    j += 1
                if j == n or text[j] == "\n":
                    opens.append(j)
        elif i >= 2 and text[i - 2] == "<" and text[i - 1] == "/":
            closes.append(i - 2)
    return opens, closes


class _LineCounter:
    """1-based line numbers for increasing offsets, counting each newline once."""

    __slots__ = ("text", "pos", "line")

    def __init__(self, text: str) -> None:
        self.text, self.pos, self.line = text, 0, 1

    def line_at(self, offset: int) -> int:
        if offset < self.pos:
            self.pos, self.line = 0, 1
        self.line += self.text.count("\n", self.pos, offset)
        self.pos = offset
        return self.line


def _last_text_close(text: str, start: int, end: int) -> int | None:
    """Position of the last ``</TEXT>`` in text[start:end] (bodies may quote the tag)."""
    pos = text.rfind("</TEXT>", start, end)
    if pos < 0:
        pos = text.lower().rfind("</text>", start, end)
    return pos if pos >= 0 else None


def _whole_text_document(text: str) -> Document:
    """A copy with no <DOCUMENT> markup: one document holding everything."""
    m = _FORM_GUESS_RE.search(text[:8000])
    if m is None:
        # Inline XBRL primary documents carry their form in dei:DocumentType, after a long
        # hidden ix:header (1.1 MB into IBM's 2024 10-K), so look for it before giving up:
        # found with a plain search, then the pattern runs on a short slice only.
        at = text.find("dei:DocumentType")
        dei = _DEI_FORM_RE.match(text, at, at + 400) if at >= 0 else None
        m = dei or _FORM_GUESS_RE.search(text[:400000])
    doc_type = m.group(1).upper().replace("10K", "10-K").replace("10Q", "10-Q") if m else "UNKNOWN"
    if not doc_type.startswith("10-") and doc_type != "UNKNOWN":
        doc_type = "10-" + doc_type[2:]
    return Document(type=doc_type, sequence=1, filename=None, description=None, text=text, start_line=1)


_SEC_HEADING_RE = lazyre.compile(r"SECURITIES AND EXCHANGE COMMISSION", re.I)
_MARKUP_START_RE = lazyre.compile(r"\s*(<\?xml|<!DOCTYPE html|<html)", re.I)
_FILING_TAG_LINE_RE = lazyre.compile(r"^<(ARTICLE|TABLE|PAGE|HTML)>", re.M | re.I)
_ENVELOPE_ACCESSION_RE = lazyre.compile(r"<(?:SEC|IMS)-DOCUMENT>\S*?(\d{10}-\d{2}-\d{6})", re.I)
_SIC_CODE_RE = lazyre.compile(r"\[(\d*)\]")  # "ELECTRONIC COMPUTERS [3571]"


def _looks_like_filing(text: str) -> bool:
    """A plain copy is accepted when it reads like a filing: a form heading, or FDS / table tags."""
    head = text[:20000]
    if _FORM_GUESS_RE.search(head) or _SEC_HEADING_RE.search(head):
        return True
    if _MARKUP_START_RE.match(head):
        return True
    return bool(_FILING_TAG_LINE_RE.search(text))


def _accession_from_envelope(head: str) -> str | None:
    m = _ENVELOPE_ACCESSION_RE.search(head)
    return m.group(1) if m else None


def _yyyymmdd(value: str | None) -> date | None:
    if not value:
        return None
    v = value.strip()[:8]
    if len(v) != 8 or not (v.isascii() and v.isdigit()):  # (isdigit alone admits "²", which int() refuses)
        return None
    try:
        return date(int(v[:4]), int(v[4:6]), int(v[6:]))
    except ValueError:
        return None


def _cik(value: str | None) -> str | None:
    if not value:
        return None
    digits = value.strip()
    return digits.zfill(10) if digits.isdigit() else digits


def _sic(value: str | None) -> str | None:
    """``ELECTRONIC COMPUTERS [3571]`` -> ``3571``; a bare code stays; ``[]`` -> None."""
    if not value:
        return None
    m = _SIC_CODE_RE.search(value)
    if m:
        return m.group(1) or None
    v = value.strip()
    return v if v.isdigit() else None


# --------------------------------------------------------------------------------------------
# uuencoded attachments


def uudecode(text: str, where: str = "attachment") -> bytes:
    """Decode a ``begin 644 name`` ... ``end`` block. Errors name the line."""
    lines = text.split("\n")
    out = bytearray()
    started = False
    for i, line in enumerate(lines, 1):
        if not started:
            if _UU_BEGIN_RE.match(line):
                started = True
            continue
        if line.strip() == "end":
            return bytes(out)
        if not line or line == "`":
            continue
        try:
            out += binascii.a2b_uu(line)
        except binascii.Error:
            # Some encoders pad lines badly; retry with the length the count byte implies.
            try:
                nbytes = ((ord(line[0]) - 32) & 63) * 4 // 3 + 4
                out += binascii.a2b_uu(line[:nbytes])
            except (binascii.Error, IndexError) as exc:
                raise FilingError(where, f"uuencoded line {i}", f"bad uuencoded data: {exc}") from None
    if not started:
        raise FilingError(where, "line 1", "no 'begin' line: not a uuencoded attachment")
    raise FilingError(where, f"line {len(lines)}", "truncated: uuencoded data has no 'end' line")
