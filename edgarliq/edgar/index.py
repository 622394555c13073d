"""Finding filings: the submissions API by CIK, tickers, and the quarterly full-index files.

Everything here fetches through an `EdgarClient`, so the fair-access rules and the cache apply.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from edgarliq import lazyre
from edgarliq.edgar.client import (
    BadResponseError,
    ConfigError,
    EdgarClient,
    EdgarError,
    NotFoundError,
    normalize_accession,
)
from edgarliq.record import record

DEFAULT_FORMS = ("10-Q", "10-K")

# Variants of the periodic reports that are the same report under another name: 405 (the box
# about Section 16 filers, 1990s-2002), SB (small business, until 2008), SB40(5), T (transition).
_VARIANT_SUFFIXES = frozenset({"", "405", "SB", "SB40", "SB405", "T", "T405", "405T", "SBT"})
_FAMILIES = ("10Q", "10K")
_PAGE_NAME = lazyre.compile(r"^CIK\d{10}-submissions-\d{3}\.json$")
_IDX_FILENAME = lazyre.compile(r"edgar/data/(\d+)/(\d{10}-\d{2}-\d{6})\.txt$")


@record(frozen=True, slots=True)
class Filing:
    """One filing as listed by EDGAR. ``period`` (reportDate) is None when EDGAR has none."""

    cik: int
    company: str
    form: str
    accession: str
    filed: date
    period: date | None
    primary_document: str
    url: str  # the full submission .txt (folder layout)

    @property
    def is_amendment(self) -> bool:
        return self.form.upper().endswith("/A")

    def to_dict(self) -> dict[str, Any]:
        return {
            "cik": self.cik,
            "company": self.company,
            "form": self.form,
            "accession": self.accession,
            "filed": self.filed.isoformat(),
            "period": self.period.isoformat() if self.period else "",
            "primary_document": self.primary_document,
            "url": self.url,
        }


# ---------------------------------------------------------------------------------------------
# Small parsers


def normalize_cik(value: str | int) -> int:
    """320193 from ``320193``, ``0000320193`` or ``CIK0000320193``."""
    text = str(value).strip().upper().removeprefix("CIK")
    if not text.isdigit() or len(text) > 10 or int(text) == 0:
        raise ConfigError(f"CIK {value!r} is not a number of at most 10 digits")
    return int(text)


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ConfigError(f"date {value!r} is not of the form YYYY-MM-DD") from None


def _opt_date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None  # a malformed date is treated as absent, never guessed


def _norm_form(form: str) -> str:
    return re.sub(r"[\s-]", "", form.upper())


def form_matches(form: str, wanted: str, *, amendments: bool = False) -> bool:
    """Whether ``form`` answers a request for ``wanted``.

    ``10-Q``/``10-K`` include their variants (10-Q405, 10-QSB, 10-K405, 10-KSB, 10-KT...);
    any other request is matched exactly (ignoring case, spaces and hyphens). Amendments (``/A``)
    only when asked for, either by ``amendments`` or by asking for ``10-Q/A`` itself.
    """
    f, w = _norm_form(form), _norm_form(wanted)
    is_amend, want_amend = f.endswith("/A"), w.endswith("/A")
    base, wbase = f.removesuffix("/A"), w.removesuffix("/A")
    if want_amend and not is_amend:
        return False
    if is_amend and not (amendments or want_amend):
        return False
    if base == wbase:
        return True
    return wbase in _FAMILIES and base.startswith(wbase) and base[len(wbase):] in _VARIANT_SUFFIXES


def _matches_any(form: str, forms: Sequence[str], amendments: bool) -> bool:
    return any(form_matches(form, w, amendments=amendments) for w in forms)


# ---------------------------------------------------------------------------------------------
# Submissions API


def _rows(block: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The parallel arrays of a ``recent`` block or a ``files`` page, one dict per filing."""
    columns = {k: v for k, v in block.items() if isinstance(v, list)}
    for i in range(len(columns.get("accessionNumber", []))):
        yield {k: v[i] for k, v in columns.items() if i < len(v)}


def _blocks(client: EdgarClient, cik: int, earliest: date | None) -> Iterator[tuple[str, dict[str, Any]]]:
    """(company name, block of parallel arrays), newest block first.

    Older pages are only fetched when they can hold a filing on or after ``earliest``: each page
    says which filing dates it covers, and every request counts against the rate limit.
    """
    url = client.data_url(f"submissions/CIK{cik:010d}.json")
    try:
        doc = client.get_json(url)
    except NotFoundError:
        raise NotFoundError(url, f"not found: no company with CIK {cik} on EDGAR", 404) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("filings"), dict):
        raise BadResponseError(url, "not a submissions document (no 'filings' object)", 200)
    company = str(doc.get("name") or "")
    recent = doc["filings"].get("recent") or {}
    yield company, recent
    pages = [p for p in doc["filings"].get("files") or [] if isinstance(p, dict)]
    pages.sort(key=lambda p: str(p.get("filingTo") or ""), reverse=True)
    for page in pages:
        name = str(page.get("name") or "")
        if not _PAGE_NAME.match(name):
            raise BadResponseError(url, f"unexpected name of an older page: {name!r}", 200)
        covered_to = _opt_date(page.get("filingTo"))
        if earliest and covered_to and covered_to < earliest:
            continue
        page_url = client.data_url(f"submissions/{name}")
        data = client.get_json(page_url)
        if not isinstance(data, dict) or not isinstance(data.get("accessionNumber"), list):
            raise BadResponseError(page_url, "not a submissions page (no 'accessionNumber' array)", 200)
        yield company, data


def _filing(client: EdgarClient, cik: int, company: str, row: dict[str, Any]) -> Filing | None:
    filed = _opt_date(row.get("filingDate"))
    acc = str(row.get("accessionNumber") or "")
    if filed is None or not acc:
        return None
    try:
        acc = normalize_accession(acc)
    except ConfigError:
        return None
    return Filing(
        cik=cik, company=company, form=str(row.get("form") or ""), accession=acc, filed=filed,
        period=_opt_date(row.get("reportDate")), primary_document=str(row.get("primaryDocument") or ""),
        url=client.archive_urls(cik, acc)[0],
    )


def list_filings(
    client: EdgarClient,
    cik: str | int,
    forms: Sequence[str] = DEFAULT_FORMS,
    *,
    amendments: bool = False,
    filed_from: date | None = None,
    filed_to: date | None = None,
    period_from: date | None = None,
    period_to: date | None = None,
) -> list[Filing]:
    """A company's filings of the given forms, newest first, including the older ``files`` pages.

    A period filter excludes filings that have no period recorded (1990s rows often lack one).
    """
    cik = normalize_cik(cik)
    # A report is filed after its period ends, so a period bound is also a filing-date bound.
    earliest = max((d for d in (filed_from, period_from) if d), default=None)
    seen: set[str] = set()
    out: list[Filing] = []
    for company, block in _blocks(client, cik, earliest):
        for row in _rows(block):
            filing = _filing(client, cik, company, row)
            if filing is None or filing.accession in seen:
                continue
            if not _matches_any(filing.form, forms, amendments):
                continue
            if (filed_from and filing.filed < filed_from) or (filed_to and filing.filed > filed_to):
                continue
            if period_from or period_to:
                if filing.period is None:
                    continue
                if (period_from and filing.period < period_from) or (period_to and filing.period > period_to):
                    continue
            seen.add(filing.accession)
            out.append(filing)
    out.sort(key=lambda f: (f.filed, f.accession), reverse=True)
    return out


def latest_filing(client: EdgarClient, cik: str | int, forms: Sequence[str] = DEFAULT_FORMS, *,
                  amendments: bool = False) -> Filing:
    """The most recently filed match, reading older pages only while nothing newer matched."""
    cik = normalize_cik(cik)
    for company, block in _blocks(client, cik, None):
        found = [f for f in (_filing(client, cik, company, r) for r in _rows(block))
                 if f is not None and _matches_any(f.form, forms, amendments)]
        if found:
            return max(found, key=lambda f: (f.filed, f.accession))
    raise EdgarError(client.data_url(f"submissions/CIK{cik:010d}.json"),
                     f"CIK {cik} has no {' or '.join(forms)} filings")


# ---------------------------------------------------------------------------------------------
# Tickers


def ticker_to_cik(client: EdgarClient, ticker: str) -> tuple[int, str]:
    """(CIK, company title) for a ticker, from SEC's company_tickers.json. ``BRK.B`` = ``BRK-B``."""
    wanted = ticker.strip().upper().replace(".", "-")
    url = client.www_url("files/company_tickers.json")
    data = client.get_json(url)
    entries: Iterable[Any] = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    for entry in entries:
        if isinstance(entry, dict) and str(entry.get("ticker", "")).upper().replace(".", "-") == wanted:
            return normalize_cik(entry["cik_str"]), str(entry.get("title") or "")
    raise EdgarError(url, f"ticker {ticker!r} is not in SEC's ticker list (use --cik)")


# ---------------------------------------------------------------------------------------------
# Quarterly full index


def _index_rows(text: str) -> tuple[str, list[str]]:
    """(column header line, data lines) of an .idx file: everything after the row of dashes."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("---") and set(line.strip()) == {"-"} and i > 0:
            return lines[i - 1], [x for x in lines[i + 1:] if x.strip()]
    return "", []


def parse_form_idx(text: str, url: str = "form.idx") -> list[tuple[str, str, int, date, str]]:
    """Rows (form, company, cik, filed, filename) of a fixed-width ``form.idx``.

    Column starts are read from the header line rather than hard-coded: the widths are not
    documented and company names are truncated to fit whatever they are.
    """
    header, lines = _index_rows(text)
    starts = [header.find(h) for h in ("Form Type", "Company Name", "CIK", "Date Filed", "File Name")]
    if not header or min(starts) < 0:
        raise BadResponseError(url, "not a form.idx file (no 'Form Type ... File Name' header)", 200)
    rows = []
    for line in lines:
        # The last three fields never contain spaces: take them from the right, which survives
        # a company name that overflows its column.
        tail = line.split()
        if len(tail) < 4 or not tail[-3].isdigit():
            continue
        filed = _opt_date(tail[-2])
        if filed is None:
            continue
        form = line[: starts[1]].strip()
        fields = line[starts[1]:].rsplit(None, 3)
        company = fields[0].strip() if len(fields) == 4 else ""
        rows.append((form, company, int(tail[-3]), filed, tail[-1]))
    return rows


def parse_master_idx(text: str, url: str = "master.idx") -> list[tuple[str, str, int, date, str]]:
    """Rows (form, company, cik, filed, filename) of a pipe-separated ``master.idx``."""
    header, lines = _index_rows(text)
    if "|" not in header:
        raise BadResponseError(url, "not a master.idx file (no 'CIK|Company Name|...' header)", 200)
    rows = []
    for line in lines:
        parts = line.split("|")
        if len(parts) < 5 or not parts[0].strip().isdigit():
            continue
        # A '|' inside a company name would shift fields: take the fixed ones from both ends.
        cik, filename, filed_s, form = parts[0], parts[-1], parts[-2], parts[-3]
        filed = _opt_date(filed_s.strip())
        if filed is None:
            continue
        rows.append((form.strip(), "|".join(parts[1:-3]).strip(), int(cik), filed, filename.strip()))
    return rows


def full_index(client: EdgarClient, year: int, quarter: int, forms: Sequence[str] | None = DEFAULT_FORMS, *,
               kind: str = "form", amendments: bool = False, cik: int | None = None) -> list[Filing]:
    """Every filing of ``forms`` (None: all) in ``full-index/{year}/QTR{quarter}/{kind}.idx``."""
    if not 1993 <= int(year) <= 2100 or int(quarter) not in (1, 2, 3, 4):
        raise ConfigError(f"no full index for {year} QTR{quarter} (years from 1993, quarters 1-4)")
    if kind not in ("form", "master"):
        raise ConfigError(f"index kind must be 'form' or 'master', not {kind!r}")
    url = client.www_url(f"Archives/edgar/full-index/{int(year)}/QTR{int(quarter)}/{kind}.idx")
    text = client.get_text(url)
    rows = parse_form_idx(text, url) if kind == "form" else parse_master_idx(text, url)
    out = []
    for form, company, row_cik, filed, filename in rows:
        if forms is not None and not _matches_any(form, forms, amendments):
            continue
        if cik is not None and row_cik != cik:
            continue
        m = _IDX_FILENAME.search(filename)
        if not m:
            continue
        out.append(Filing(cik=row_cik, company=company, form=form, accession=m.group(2), filed=filed, period=None,
                          primary_document="", url=client.archive_urls(row_cik, m.group(2))[0]))
    return out


# ---------------------------------------------------------------------------------------------
# Output of `edgarliq filings`

CSV_COLUMNS = ("cik", "company", "form", "accession", "filed", "period", "primary_document", "url")
_TABLE_COLUMNS = ("filed", "period", "form", "accession", "primary_document")


def filings_csv(filings: Sequence[Filing]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for f in filings:
        writer.writerow(f.to_dict())
    return buf.getvalue()


def filings_table(filings: Sequence[Filing]) -> str:
    """An aligned table, company and CIK on a first line (they are the same on every row)."""
    if not filings:
        return "no matching filings\n"
    rows = [[h.upper().replace("_", " ") for h in _TABLE_COLUMNS]]
    rows += [[str(f.to_dict()[c]) for c in _TABLE_COLUMNS] for f in filings]
    widths = [max(len(r[i]) for r in rows) for i in range(len(_TABLE_COLUMNS))]
    lines = [f"{filings[0].company} (CIK {filings[0].cik}): {len(filings)} filing{'s' * (len(filings) != 1)}"]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Company search by name: today's names from company_tickers.json, former and 1990s names from
# the quarterly full-index company.idx of the years asked (both fetched through the client, so
# cached and rate limited). A company renamed since the 1990s is found under either name.

_NAME_WORD = lazyre.compile(r"[A-Z0-9]+")


@record(frozen=True, slots=True)
class CompanyMatch:
    """One name a CIK has filed under. ``first``/``last``: the years seen in the indexes searched
    (None for a name only in today's ticker list, i.e. the current name)."""

    cik: int
    name: str
    first: int | None
    last: int | None
    source: str  # "tickers" (today's list) or "full-index"

    @property
    def years(self) -> str:
        if self.first is None:
            return "current"
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


def _words(text: str) -> list[str]:
    return _NAME_WORD.findall(text.upper())


def name_matches(query_words: Sequence[str], name: str) -> bool:
    """Every query word begins some word of the name: ``computer horiz`` finds COMPUTER HORIZONS CORP."""
    words = _words(name)
    return all(any(w.startswith(q) for w in words) for q in query_words)


def parse_company_idx(text: str, url: str = "company.idx", *,
                      contains: str | None = None) -> Iterator[tuple[str, str, int, date, str]]:
    """Rows (company, form, cik, filed, filename) of a fixed-width ``company.idx``.

    As in form.idx, the last three fields are taken from the right (a long company name
    overflows its column); the form is at its header column when the line is aligned there,
    else after the last run of two spaces. ``contains`` (upper case): skip lines without it
    before parsing them (a quarter of the 1990s lists some 100,000 filings).
    """
    header, lines = _index_rows(text)
    form_at = header.find("Form Type")
    if not header or form_at < 0 or header.find("Company Name") != 0:
        raise BadResponseError(url, "not a company.idx file (no 'Company Name  Form Type ...' header)", 200)
    for line in lines:
        if contains is not None and contains not in line.upper():
            continue
        fields = line.rsplit(None, 3)
        if len(fields) != 4 or not fields[1].isdigit():
            continue
        filed = _opt_date(fields[2])
        if filed is None:
            continue
        head = fields[0]
        if len(head) > form_at and head[form_at - 1] == " " and head[form_at] != " ":
            company, form = head[:form_at].strip(), head[form_at:].strip()
        else:
            parts = re.split(r"  +", head.strip())  # one quantifier on a literal: linear
            company, form = (" ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else (parts[0], "")
        yield company, form, int(fields[1]), filed, fields[3]


def search_companies(client: EdgarClient, name: str, years: Sequence[int] = ()) -> list[CompanyMatch]:
    """Every (CIK, name) whose name contains all the words of ``name`` (as word beginnings).

    Today's names come from company_tickers.json; with ``years``, every name in the four
    company.idx files of each year is searched too (about 4 requests per year, cached).
    Sorted by name, then CIK; a CIK listed under several names gives one match per name.
    """
    query = _words(name)
    if not query:
        raise ConfigError(f"search for a company name, not {name!r}")
    found: dict[tuple[int, str], list[int]] = {}
    for year in sorted(set(years)):
        if not 1993 <= int(year) <= date.today().year:
            raise ConfigError(f"no full index for {year} (years from 1993)")
        for quarter in (1, 2, 3, 4):
            if date(int(year), 3 * quarter - 2, 1) > date.today():
                break  # a quarter that has not begun has no index yet
            url = client.www_url(f"Archives/edgar/full-index/{int(year)}/QTR{quarter}/company.idx")
            for company, _form, cik, filed, _file in parse_company_idx(client.get_text(url), url, contains=query[0]):
                if name_matches(query, company):
                    span = found.setdefault((cik, company), [filed.year, filed.year])
                    span[0], span[1] = min(span[0], filed.year), max(span[1], filed.year)
    matches = [CompanyMatch(cik, company, lo, hi, "full-index") for (cik, company), (lo, hi) in found.items()]
    url = client.www_url("files/company_tickers.json")
    data = client.get_json(url)
    entries: Iterable[Any] = data.values() if isinstance(data, dict) else data if isinstance(data, list) else []
    seen = {(m.cik, m.name.upper()) for m in matches}
    current: set[tuple[int, str]] = set()
    for entry in entries:
        if not isinstance(entry, dict) or "cik_str" not in entry:
            continue
        title = str(entry.get("title") or "")
        key = (normalize_cik(entry["cik_str"]), title.upper())
        # one row per company: the ticker list repeats a CIK for each share class
        if name_matches(query, title) and key not in seen and key not in current:
            current.add(key)
            matches.append(CompanyMatch(key[0], title, None, None, "tickers"))
    matches.sort(key=lambda m: (m.name.upper(), m.cik, m.first or 0))
    return matches


def companies_table(matches: Sequence[CompanyMatch]) -> str:
    """CIK, name and years active, aligned; 'current' marks a name from today's ticker list."""
    if not matches:
        return "no matching companies\n"
    rows = [("CIK", "NAME", "YEARS")] + [(str(m.cik), m.name, m.years) for m in matches]
    w0, w1 = (max(len(r[i]) for r in rows) for i in (0, 1))
    return "".join(f"{a.rjust(w0)}  {b.ljust(w1)}  {c}".rstrip() + "\n" for a, b, c in rows)


def parse_years(values: Sequence[str]) -> list[int]:
    """``1997`` and ``1995-1998`` (repeatable) -> the years."""
    out: list[int] = []
    for value in values:
        lo, _, hi = value.strip().partition("-")
        if not lo.isdigit() or (hi and not hi.isdigit()):
            raise ConfigError(f"year {value!r} is not YYYY or YYYY-YYYY")
        a, b = int(lo), int(hi or lo)
        if b < a or b - a > 40:
            raise ConfigError(f"year range {value!r} is empty or too long")
        out.extend(range(a, b + 1))
    return out
