"""Roster and skills files read back to exactly the rows the generator gives."""

from __future__ import annotations

import csv
from datetime import datetime

from openpyxl import load_workbook

from crossgen.demodata import (
    ROSTER_COLUMNS,
    DemoCompany,
    generate_company,
    generate_diversity,
    roster_dicts,
    roster_rows,
    skills_rows,
    write_roster_csv,
    write_roster_xlsx,
    write_skills_csv,
)
from crossgen.demodata.diversity import PREFER_NOT_TO_SAY
from crossgen.taxonomy import parse_skill_levels


def test_the_header_is_the_roster_import_format():
    assert ROSTER_COLUMNS == (
        "employee_id", "first_name", "last_name", "email", "job_title", "department",
        "location", "timezone", "manager_id", "hire_date", "career_stage",
    )  # fmt: skip


def test_roster_csv_reads_back_to_the_rows(company: DemoCompany, tmp_path):
    path = write_roster_csv(company, tmp_path / "roster.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        assert tuple(next(reader)) == ROSTER_COLUMNS
        assert [tuple(row) for row in reader] == list(roster_rows(company))
    with path.open(encoding="utf-8", newline="") as handle:
        assert list(csv.DictReader(handle)) == list(roster_dicts(company))


def test_roster_rows_are_text_with_iso_dates_and_empty_root_manager(company):
    ceo, second = list(roster_rows(company))[:2]
    assert ceo[ROSTER_COLUMNS.index("manager_id")] == ""
    assert second[ROSTER_COLUMNS.index("manager_id")] == ceo[0]
    assert second[ROSTER_COLUMNS.index("hire_date")] == company.employees[1].hire_date.isoformat()


def test_skills_csv_reads_back_and_parses_with_the_taxonomy(company, tmp_path):
    path = write_skills_csv(company, tmp_path / "skills.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["employee_id", "teaches", "learns"]
    assert [tuple(r) for r in rows[1:]] == list(skills_rows(company))
    for (employee_id, teaches, learns), e in zip(rows[1:200], company.employees, strict=False):
        assert employee_id == e.employee_id
        assert parse_skill_levels(teaches, kind="teach") == dict(e.teaches)
        assert parse_skill_levels(learns, kind="learn") == dict(e.learns)


def test_roster_xlsx_reads_back_to_the_rows(tmp_path):
    company = generate_company(employees=300, seed=5)
    path = write_roster_xlsx(company, tmp_path / "roster.xlsx")
    workbook = load_workbook(path, read_only=True)
    sheet = workbook["Roster"]
    rows = list(sheet.iter_rows(values_only=True))
    workbook.close()
    assert rows[0] == ROSTER_COLUMNS
    assert [tuple(_text(v) for v in row) for row in rows[1:]] == list(roster_rows(company))
    hired = rows[1][ROSTER_COLUMNS.index("hire_date")]
    assert isinstance(hired, datetime)  # a real date cell, as HR exports have


def _text(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    return "" if value is None else str(value)


def test_diversity_answers_are_separate_optional_and_deterministic(company):
    answers = generate_diversity(company)
    assert answers == generate_diversity(company)
    ids = {e.employee_id for e in company.employees}
    assert answers.keys() <= ids
    assert 0.6 * len(ids) < len(answers) < 0.8 * len(ids)  # only some people answer
    values = [a.gender for a in answers.values()] + [a.ethnicity for a in answers.values()]
    assert PREFER_NOT_TO_SAY in values
    assert len({a.ethnicity for a in answers.values()}) >= 6
    assert not {"gender", "ethnicity", "disability"} & set(ROSTER_COLUMNS)
    assert generate_diversity(company, answer_rate=0.0) == {}
