"""The submission container on real filings, the seed 10-Q and hand-written edge cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from paths import CORPUS, FIXTURES, SEED, corpus

from edgarliq.errors import FilingError
from edgarliq.submission import decode_bytes, read_submission


def test_seed_web_mirror_copy_without_envelope() -> None:
    sub = read_submission(SEED)
    assert sub.envelope == "none"
    assert sub.accession is None and sub.cik is None
    assert sub.form == "10-Q"
    assert len(sub.documents) == 1
    doc = sub.documents[0]
    assert doc.type == "10-Q"
    assert doc.text.startswith("COMPUTER HORIZONS CORP\n10-Q, 1997-08-11")
    # "- -----" rules are EDGAR's dash escaping, copied by the mirror: undone.
    assert "\n- ---" not in doc.text
    assert "\n-------------------------------                       ----------------------" in doc.text
    assert any("no SGML envelope" in w for w in sub.warnings)
    # With no SGML header the cover page supplies company and period, and says so.
    assert sub.company == "COMPUTER HORIZONS CORP."
    assert sub.period_of_report == date(1997, 6, 27)
    assert any("read from the cover page" in w for w in sub.warnings)


def test_apple_1997_10q_sec_header() -> None:
    sub = read_submission(corpus("1_0000320193_10-Q_19970627.txt"))
    assert sub.envelope == "sec"
    assert sub.accession == "0000320193-97-000014"
    assert sub.form == "10-Q"
    assert sub.period_of_report == date(1997, 6, 27)
    assert sub.filed == date(1997, 8, 11)
    assert sub.company == "APPLE COMPUTER INC"
    assert sub.cik == "0000320193"
    assert sub.sic == "3571"
    assert sub.fiscal_year_end == "0930"
    assert [d.type for d in sub.documents] == ["10-Q", "EX-10", "EX-10", "EX-27"]
    assert [d.sequence for d in sub.documents] == [1, 2, 3, 4]
    main = sub.documents[0]
    # The body starts right after <TEXT>; start_line points at it in the normalised text.
    assert sub.text.split("\n")[main.start_line - 1] == main.text.split("\n")[0]
    assert "<ARTICLE>" in sub.documents[-1].text


def test_ford_1993_ims_header_pem() -> None:
    sub = read_submission(corpus("1_0000037996_10-K_19931231.txt"))
    assert sub.envelope == "ims"
    assert sub.accession == "0000037996-94-000005"
    assert sub.form == "10-K"
    assert sub.period_of_report == date(1993, 12, 31)
    assert sub.filed == date(1994, 3, 21)
    assert sub.company == "FORD MOTOR CO"
    assert sub.sic == "3711"  # a bare code, no description, in 1994 headers
    assert len(sub.documents) == 11
    assert sub.documents[0].description == "10-K"


def test_bms_1994_bare_document_without_header() -> None:
    sub = read_submission(corpus("1_0000014272_10-K_19941231.txt"))
    assert sub.envelope == "document"
    assert sub.accession is None
    assert sub.form == "10-K"
    assert [d.type for d in sub.documents][:2] == ["10-K", "EX-10.D"]
    assert sub.documents[0].description == "FORM 10-K FISCAL YEAR ENDED DECEMBER 31, 1994"
    assert sub.company == "BRISTOL-MYERS SQUIBB COMPANY"
    assert sub.period_of_report == date(1994, 12, 31)


def test_amd_nine_fds_exhibits() -> None:
    sub = read_submission(corpus("1_0000002488_10-Q_19980329.txt"))
    assert [d.type for d in sub.documents_of_type("EX-27")] == [f"EX-27.{n}" for n in range(1, 10)]


def test_nc_tagged_form_with_uuencoded_attachment() -> None:
    sub = read_submission(FIXTURES / "submission" / "widgets_0000950123-99-000042.nc")
    assert sub.envelope == "nc"
    assert sub.accession == "0000950123-99-000042"
    assert sub.form == "10-Q"
    assert sub.period_of_report == date(1999, 6, 30)
    assert sub.filed == date(1999, 8, 13)
    assert sub.company == "EXAMPLE WIDGETS INC"
    assert sub.cik == "0000012345"
    assert sub.sic == "3571"
    assert sub.fiscal_year_end == "1231"
    assert sub.former_names == (
        ("EXAMPLE GADGETS CORP", date(1996, 1, 15)),
        ("GADGETS OF AMERICA", date(1993, 3, 1)),
    )
    main, attachment = sub.documents
    assert (main.type, main.sequence, main.filename, main.description) == (
        "10-Q", 1, "widgets-10q.txt", "QUARTERLY REPORT")
    # A <TYPE> line inside the body is text, not metadata.
    assert "<TYPE>NOT-METADATA" in main.text
    assert "\n-----------" in main.text
    assert attachment.type == "GRAPHIC" and attachment.is_uuencoded
    assert attachment.text.startswith("begin 644 chart.pdf")  # kept encoded unless asked
    data = attachment.decode()
    assert data.startswith(b"%PDF-1.1\n% edgarliq test attachment\n")
    assert data[-256:] == bytes(range(256))


def test_2000_header_with_stray_closing_tags_and_former_name() -> None:
    sub = read_submission(FIXTURES / "submission" / "sample_2000_stray_tags.txt")
    assert sub.accession == "0000950130-00-003865"
    assert sub.company == "SAMPLE HOLDINGS CORP"
    assert sub.cik == "0000054321"
    assert sub.sic is None  # "[]": blank classification
    assert sub.fiscal_year_end == "0228"
    assert sub.former_names == (("SAMPLE INDUSTRIES INC", date(1992, 7, 3)),)


def test_crlf_and_latin1_bytes() -> None:
    raw = (FIXTURES / "submission" / "sample_2000_stray_tags.txt").read_text()
    raw = raw.replace("QUARTERLY REPORT", "QUARTERLY REPORT \u00a9 Soci\u00e9t\u00e9")
    crlf_latin1 = raw.replace("\n", "\r\n").encode("latin-1")
    sub = read_submission(crlf_latin1, name="latin1.txt")
    assert sub.source == "latin1.txt"
    assert "\r" not in sub.text
    assert sub.documents[0].text == "QUARTERLY REPORT \u00a9 Soci\u00e9t\u00e9\n"
    assert sub.company == "SAMPLE HOLDINGS CORP"


def test_utf8_and_cp1252_decoding() -> None:
    assert decode_bytes("Caf\u00e9 \u2014 10-Q".encode()) == "Caf\u00e9 \u2014 10-Q"
    # 0x93/0x94 are curly quotes in cp1252 (common in 1990s word-processor output).
    assert decode_bytes(b"\x93Quoted\x94") == "\u201cQuoted\u201d"


def test_text_source_is_accepted() -> None:
    text = SEED.read_text(encoding="latin-1")
    sub = read_submission(text)
    assert sub.source == "<text>"
    assert sub.documents[0].type == "10-Q"


@pytest.mark.parametrize(
    ("data", "cause"),
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"\x00\x01\x02PK\x03\x04" * 100, "binary data"),
        (bytes(range(1, 32)) * 50, "binary data"),
        (b"just some words\nthat are not a filing\n", "not an EDGAR filing"),
    ],
)
def test_bad_input_names_file_and_cause(data: bytes, cause: str) -> None:
    with pytest.raises(FilingError) as err:
        read_submission(data, name="bad.txt")
    assert str(err.value).startswith("bad.txt: ")
    assert cause in str(err.value)


def test_truncated_submission_is_refused_with_place() -> None:
    text = corpus("1_0000320193_10-Q_19970627.txt").read_bytes()
    cut = text[: len(text) // 2]
    with pytest.raises(FilingError) as err:
        read_submission(cut, name="apple-half.txt")
    msg = str(err.value)
    assert msg.startswith("apple-half.txt: ")
    assert "truncated" in msg
    # Lenient mode parses what is there and says what is missing.
    sub = read_submission(cut, name="apple-half.txt", strict=False)
    assert sub.accession == "0000320193-97-000014"
    assert any("truncated" in w for w in sub.warnings)


def test_missing_file_and_directory() -> None:
    with pytest.raises(FilingError, match="no such file"):
        read_submission(Path("/nonexistent/filing.txt"))
    with pytest.raises(FilingError, match="is a directory"):
        read_submission(FIXTURES)


def test_every_corpus_filing_reads() -> None:
    if not CORPUS.exists():
        pytest.skip("shared corpus not available")
    files = sorted(p for p in CORPUS.iterdir() if p.name[0] in "123")
    assert len(files) >= 80
    for path in files:
        sub = read_submission(path)
        assert sub.documents, path.name
        assert sub.form, path.name
        if path.name.startswith("1_") and sub.envelope in ("sec", "ims"):
            acc_form = path.name.split("_")[2].replace("-A", "/A")
            assert sub.form == acc_form, path.name


def test_inline_xbrl_cover_facts_without_header() -> None:
    sub = read_submission(corpus("3_0000320193_10-Q_20250628.htm"))
    assert sub.envelope == "none"
    assert sub.form == "10-Q"  # dei:DocumentType
    assert sub.company == "Apple Inc."
    assert sub.cik == "0000320193"
    assert sub.period_of_report == date(2025, 6, 28)
    assert any("inline XBRL cover facts" in w for w in sub.warnings)


@pytest.mark.parametrize("text", [
    "", "<DOCUMENT>", "<DOCUMENT>\n</DOCUMENT>", "x<DOCUMENT>\n<DOCUMENT> \t\n</DOCUMENT></DOCUMENT>",
    "<SEC-DOCUMENT>\n<DOCUMENT>\nbody </DOCUMENT>x\n<DOCUMENT>x\n<DOCUMENT>\t", "</DOCUMENT>DOCUMENT>\n<DOCUMENT>",
])
def test_document_tags_one_scan_equals_two_searches(text: str) -> None:
    # _document_tags stands in for a search for each tag (speed): the same offsets
    from edgarliq.submission import _document_tags

    opens, pos = [], 0
    while (i := text.find("<DOCUMENT>", pos)) >= 0:
        pos = i + len("<DOCUMENT>")
        j = pos
        while j < len(text) and text[j] in " \t":
            j += 1
        if (i == 0 or text[i - 1] == "\n") and (j == len(text) or text[j] == "\n"):
            opens.append(j)
    closes = [i for i in range(len(text)) if text.startswith("</DOCUMENT>", i)]
    assert _document_tags(text) == (opens, closes)
