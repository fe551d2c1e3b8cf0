"""The demo company as roster rows and files (CSV, XLSX) in the import format."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Final

from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from crossgen.demodata.model import DemoCompany, Employee, SkillLevels

ROSTER_COLUMNS: Final = (
    "employee_id",
    "first_name",
    "last_name",
    "email",
    "job_title",
    "department",
    "location",
    "timezone",
    "manager_id",
    "hire_date",
    "career_stage",
)
SKILLS_COLUMNS: Final = ("employee_id", "teaches", "learns")


def roster_row(employee: Employee) -> tuple[str, ...]:
    """One roster row as text, in ``ROSTER_COLUMNS`` order (ISO date, "" for no manager)."""
    e = employee
    return (
        e.employee_id,
        e.first_name,
        e.last_name,
        e.email,
        e.job_title,
        e.department,
        e.location,
        e.timezone,
        e.manager_id or "",
        e.hire_date.isoformat(),
        e.career_stage,
    )


def roster_rows(company: DemoCompany) -> Iterator[tuple[str, ...]]:
    """Roster rows as text, managers before their reports (no header)."""
    return map(roster_row, company.employees)


def roster_dicts(company: DemoCompany) -> Iterator[dict[str, str]]:
    """Roster rows as ``{column: text}``, the shape ``csv.DictReader`` gives."""
    for row in roster_rows(company):
        yield dict(zip(ROSTER_COLUMNS, row, strict=True))


def format_levels(levels: SkillLevels) -> str:
    """``(("generative-ai", 4), ("tiktok", 3))`` -> ``"generative-ai:4;tiktok:3"``,
    the form :func:`crossgen.taxonomy.parse_skill_levels` reads."""
    return ";".join(f"{slug}:{level}" for slug, level in levels)


def skills_rows(company: DemoCompany) -> Iterator[tuple[str, str, str]]:
    """``(employee_id, teaches, learns)`` per employee, levels as ``slug:level;...``."""
    for e in company.employees:
        yield e.employee_id, format_levels(e.teaches), format_levels(e.learns)


def write_roster_csv(company: DemoCompany, path: Path | str) -> Path:
    """Write the roster as UTF-8 CSV with a header row; returns the path."""
    return _write_csv(Path(path), ROSTER_COLUMNS, roster_rows(company))


def write_skills_csv(company: DemoCompany, path: Path | str) -> Path:
    """Write ``employee_id,teaches,learns`` as UTF-8 CSV; returns the path."""
    return _write_csv(Path(path), SKILLS_COLUMNS, skills_rows(company))


def write_roster_xlsx(company: DemoCompany, path: Path | str) -> Path:
    """Write the roster as an XLSX workbook (sheet "Roster"); returns the path.

    Streams rows in openpyxl's write-only mode, so 200,000 rows never sit in
    memory as cells. Hire dates are real date cells (openpyxl formats them
    YYYY-MM-DD), as an HR system's export would have them.
    """
    target = Path(path)
    workbook = Workbook(write_only=True)
    sheet: WriteOnlyWorksheet = workbook.create_sheet("Roster")
    sheet.append(ROSTER_COLUMNS)
    date_column = ROSTER_COLUMNS.index("hire_date")
    for employee in company.employees:
        row: list[str | date] = list(roster_row(employee))
        row[date_column] = employee.hire_date
        sheet.append(row)
    workbook.save(target)
    return target


def _write_csv(path: Path, header: tuple[str, ...], rows: Iterator[tuple[str, ...]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path
