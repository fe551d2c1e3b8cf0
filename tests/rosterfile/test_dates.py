"""Hire dates: ISO, XLSX date cells, unambiguous formats; ambiguous ones refused."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crossgen.rosterfile.dates import parse_hire_date

from .helpers import chain, only_error, person, table_rows, validate, validate_people, xlsx_bytes


def hire_date_of(text: str) -> date | None:
    result = validate_people([person("E1", hire_date=text)])
    assert result.ok, [str(e) for e in result.errors]
    return result.records[0].hire_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-04-03", date(2020, 4, 3)),
        ("2020-04-03T00:00:00", date(2020, 4, 3)),
        ("2020-04-03 09:30:00+02:00", date(2020, 4, 3)),
        ("2020/4/3", date(2020, 4, 3)),
        ("15/04/2020", date(2020, 4, 15)),
        ("04/15/2020", date(2020, 4, 15)),
        ("15.04.2020", date(2020, 4, 15)),
        ("03/03/2020", date(2020, 3, 3)),
        ("3 April 2020", date(2020, 4, 3)),
        ("3rd Apr 2020", date(2020, 4, 3)),
        ("03-Apr-2020", date(2020, 4, 3)),
        ("April 3, 2020", date(2020, 4, 3)),
        ("Sept 30 2020", date(2020, 9, 30)),
        ("", None),
    ],
)
def test_it_reads_unambiguous_hire_dates(text: str, expected: date | None) -> None:
    assert hire_date_of(text) == expected


def test_it_refuses_an_ambiguous_date_asking_for_iso() -> None:
    row, field, message = only_error(validate_people([person("E1", hire_date="03/04/2020")]))
    assert (row, field) == (2, "hire_date")
    assert "ambiguous" in message
    assert "YYYY-MM-DD" in message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2020-02-30", "not a real calendar date"),
        ("31/31/2020", "not a real calendar date"),
        ("13/14/2020", "not a real calendar date"),
        ("3/4/20", "two-digit year"),
        ("3 Avril 2020", "not English"),
        ("43894", "cannot be misread"),
        ("yesterday", "cannot be misread"),
        ("1850-01-01", "before 1900"),
    ],
)
def test_it_refuses_invalid_hire_dates(text: str, reason: str) -> None:
    row, field, message = only_error(validate_people([person("E1", hire_date=text)]))
    assert (row, field) == (2, "hire_date")
    assert reason in message


def test_it_reads_xlsx_date_cells() -> None:
    rows = table_rows(chain(2))
    rows[1][10] = datetime(2019, 5, 6)
    rows[2][10] = datetime(2019, 5, 7, 13, 45)
    result = validate(xlsx_bytes(rows), filename="r.xlsx")
    assert [r.hire_date for r in result.records] == [date(2019, 5, 6), date(2019, 5, 7)]


def test_a_date_object_is_taken_as_it_is() -> None:
    assert parse_hire_date(date(2019, 5, 6)) == date(2019, 5, 6)


def test_a_hire_date_in_the_future_is_a_warning_not_an_error() -> None:
    result = validate_people([person("E1", hire_date="2025-06-02")])  # TODAY is 2025-06-01
    assert result.ok
    assert result.warning_count == 1
    assert [(w.row, w.field, w.message, w.value) for w in result.warnings] == [
        (2, "hire_date", "Is in the future.", "2025-06-02")
    ]
    assert result.records[0].hire_date == date(2025, 6, 2)
    assert validate_people([person("E1", hire_date="2025-06-01")]).warnings == ()
