"""Building roster files in tests: rows as dicts, written as CSV or XLSX bytes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import openpyxl

from crossgen.rosterfile import (
    RosterValidation,
    detect_mapping,
    read_table,
    validate_roster,
)

HEADER = (
    "employee_id",
    "first_name",
    "last_name",
    "email",
    "career_stage",
    "job_title",
    "department",
    "location",
    "timezone",
    "manager_id",
    "hire_date",
)
STAGES = ("Intern", "Junior", "Senior", "Director")
TODAY = date(2025, 6, 1)
DEFAULT_TZ = "Europe/Paris"


def person(employee_id: str, manager_id: str = "", **fields: str) -> dict[str, str]:
    """A valid row for ``employee_id``; keyword arguments override fields."""
    row = {
        "employee_id": employee_id,
        "first_name": f"First{employee_id}",
        "last_name": f"Last{employee_id}",
        "email": f"{employee_id.lower()}@example.com",
        "career_stage": "Junior",
        "job_title": "Engineer",
        "department": "Engineering",
        "location": "Paris",
        "timezone": "",
        "manager_id": manager_id,
        "hire_date": "2020-01-15",
    }
    row.update(fields)
    return row


def chain(count: int) -> list[dict[str, str]]:
    """E1 at the top, each next person reporting to the previous one."""
    return [person(f"E{i}", f"E{i - 1}" if i > 1 else "") for i in range(1, count + 1)]


def table_rows(
    people: Iterable[Mapping[str, str]], header: Sequence[str] = HEADER
) -> list[list[Any]]:
    return [list(header), *([p.get(h, "") for h in header] for p in people)]


def csv_bytes(
    rows: Sequence[Sequence[Any]], *, encoding: str = "utf-8", delimiter: str = ","
) -> bytes:
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[Any]], *, extra_sheets: Sequence[str] = ()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Roster"
    for row in rows:
        sheet.append(list(row))
    for name in extra_sheets:
        book.create_sheet(name)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def validate(
    data: bytes,
    *,
    filename: str = "roster.csv",
    career_stages: Sequence[str] = STAGES,
    default_timezone: str = DEFAULT_TZ,
    today: date = TODAY,
    **options: Any,
) -> RosterValidation:
    with read_table(data, filename=filename) as table:
        return validate_roster(
            table,
            mapping=detect_mapping(table.headers),
            career_stages=career_stages,
            default_timezone=default_timezone,
            today=today,
            **options,
        )


def validate_people(people: Iterable[Mapping[str, str]], **options: Any) -> RosterValidation:
    return validate(csv_bytes(table_rows(people)), **options)


def where(result: RosterValidation) -> list[tuple[int | None, str | None]]:
    """(row, field) of every error, to compare with what a test expects."""
    return [(issue.row, issue.field) for issue in result.errors]


def only_error(result: RosterValidation) -> tuple[int | None, str | None, str]:
    assert len(result.errors) == 1, [str(e) for e in result.errors]
    issue = result.errors[0]
    return issue.row, issue.field, issue.message
