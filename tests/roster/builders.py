"""Roster files for tests, written the way people's spreadsheets are."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

HEADER = (
    "employee_id", "first_name", "last_name", "email", "job_title", "department",
    "location", "timezone", "manager_id", "hire_date", "career_stage",
)  # fmt: skip

BASE_ROWS: tuple[tuple[str, ...], ...] = (
    ("E1", "Ada", "Okafor", "ada@acme.example", "CEO", "Leadership", "London", "Europe/London", "", "2001-04-01", "Executive"),
    ("E2", "José", "Müller", "jose@acme.example", "Sales Director", "Sales", "Berlin", "Europe/Berlin", "E1", "2010-09-15", "Director"),
    ("E3", "Zoë", "O'Brien", "zoe@acme.example", "Analyst", "Data", "New York", "America/New_York", "E2", "2023-02-01", "Early career"),
    ("E4", "Kenji", "Sato", "kenji@acme.example", "Engineer", "Engineering", "London", "Europe/London", "E2", "2021-06-01", "Professional"),
)  # fmt: skip


def roster_csv(rows: Sequence[Sequence[str]] = BASE_ROWS, header: Sequence[str] = HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def replace(
    rows: Sequence[Sequence[str]], employee_id: str, **changes: str
) -> list[tuple[str, ...]]:
    result = []
    for row in rows:
        if row[0] == employee_id:
            values = dict(zip(HEADER, row, strict=True)) | changes
            row = tuple(values[h] for h in HEADER)
        result.append(tuple(row))
    return result
