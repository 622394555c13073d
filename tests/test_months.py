"""Month names are English whatever the reader's locale.

`calendar.month_name` follows LC_TIME: a notebook that ran ``locale.setlocale(locale.LC_ALL,
"de_DE.UTF-8")`` would get "Dezember", and the inline XBRL reader (which read the cover's period
end and wrote column headers with it) would then find no month in "December 31, 2010". This
machine has no other locale installed, so the child process gives calendar German names, which
is what such a setlocale does to it, before importing edgarliq.
"""

from __future__ import annotations

import subprocess
import sys

from edgarliq.model import MONTH_NAMES

_GERMAN = r"""
import calendar, json
from datetime import date
calendar.month_name = ["", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                       "September", "Oktober", "November", "Dezember"]
calendar.month_abbr = ["", "Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]
from edgarliq.tables import ixbrl
from edgarliq.statements.periods import MONTHS
print(json.dumps([
    str(ixbrl._parse_date("December 31, 2010")), str(ixbrl._parse_date("Sept. 30, 2010")),
    str(ixbrl._parse_date("Mar 27, 2011")), ixbrl._long_date(date(2010, 12, 31)),
    MONTHS["december"], MONTHS["oct"],
]))
"""


def test_month_names_are_english() -> None:
    assert MONTH_NAMES[0] == "January" and MONTH_NAMES[11] == "December" and len(MONTH_NAMES) == 12


def test_inline_xbrl_dates_ignore_the_locale() -> None:
    out = subprocess.run([sys.executable, "-c", _GERMAN], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ('["2010-12-31", "2010-09-30", "2011-03-27", "December 31, 2010", 12, 10]')

