"""Hire dates: ISO ``YYYY-MM-DD``, XLSX date cells, and formats that cannot be misread.

``03/04/2020`` is 3 April in most of the world and March 4 in the United
States, so it is refused with a request for ISO. ``15/04/2020`` and
``04/15/2020`` can only mean one day each and are accepted, as are month names
in English (``4 March 2020``, ``Mar 4, 2020``, ``04-Mar-2020``).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from crossgen.rosterfile.cells import CellError
from crossgen.rosterfile.xlsxfile import RawCell

EARLIEST = date(1900, 1, 1)

_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_YEAR_FIRST = re.compile(r"(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})")
_DAY_MONTH_YEAR = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*([A-Za-z]{3,9})\.?[\s\-/.,]*(\d{4})"
)
_MONTH_DAY_YEAR = re.compile(
    r"([A-Za-z]{3,9})\.?[\s\-/.]*(\d{1,2})(?:st|nd|rd|th)?,?[\s\-/.]*(\d{4})"
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_ASK_FOR_ISO = "write dates as YYYY-MM-DD, for example 2020-04-03"


def parse_hire_date(cell: RawCell) -> date | None:
    """The date in ``cell``; ``None`` for an empty cell; ``CellError`` otherwise."""
    if isinstance(cell, datetime):
        return _plausible(cell.date())
    if isinstance(cell, date):
        return _plausible(cell)
    text = cell.strip()
    if not text:
        return None
    for parse in (_iso, _year_first, _numeric, _named_month):
        found = parse(text)
        if found is not None:
            return _plausible(found)
    raise CellError(f"Is not a date in a format that cannot be misread; {_ASK_FOR_ISO}.")


def _plausible(value: date) -> date:
    if value < EARLIEST:
        raise CellError(f"Is before {EARLIEST.year}, which cannot be a hire date.")
    return value


def _make(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(f"Is not a real calendar date; {_ASK_FOR_ISO}.") from None


def _iso(text: str) -> date | None:
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
        try:
            return date.fromisoformat(text)  # the common case, checked fast
        except ValueError:
            pass  # not digits, or not a real date: the slower path explains
    match = _ISO.fullmatch(text)
    return None if match is None else _make(*(int(g) for g in match.groups()))


def _year_first(text: str) -> date | None:
    match = _YEAR_FIRST.fullmatch(text)
    return None if match is None else _make(*(int(g) for g in match.groups()))


def _numeric(text: str) -> date | None:
    match = _NUMERIC.fullmatch(text)
    if match is None:
        return None
    first, _, second, year_text = match.groups()
    if len(year_text) == 2:
        raise CellError(f"Has a two-digit year; {_ASK_FOR_ISO}.")
    a, b, year = int(first), int(second), int(year_text)
    if a > 12 >= b:
        return _make(year, b, a)
    if b > 12 >= a:
        return _make(year, a, b)
    if a == b:
        return _make(year, a, b)
    if a <= 12 and b <= 12:
        raise CellError(
            f"Is ambiguous: it could be day {a} of month {b} or day {b} of month {a}; "
            f"{_ASK_FOR_ISO}."
        )
    raise CellError(f"Is not a real calendar date; {_ASK_FOR_ISO}.")


def _named_month(text: str) -> date | None:
    match = _DAY_MONTH_YEAR.fullmatch(text)
    if match is not None:
        day, month_name, year = match.groups()
    else:
        match = _MONTH_DAY_YEAR.fullmatch(text)
        if match is None:
            return None
        month_name, day, year = match.groups()
    month = _MONTHS.get(month_name.lower())
    if month is None:
        raise CellError(f"Has a month name that is not English; {_ASK_FOR_ISO}.")
    return _make(int(year), month, int(day))
