"""Reading the participants table: valid files in every shape we accept, and
bad files reported all at once with their rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from crossgen.matching.io import MatchingInputError, read_participants
from crossgen.matching.io.participants import REQUIRED_COLUMNS, parse_participants
from crossgen.matching.io.tables import UNCALCULATED_FORMULA
from crossgen.matching.problem import Role

HEADER = list(REQUIRED_COLUMNS)


def person(**cells: str) -> dict[str, str]:
    """A valid mentor row unless cells say otherwise."""
    row = {
        "employee_id": "M1",
        "role": "mentor",
        "career_stage": "1",
        "department": "IT",
        "location": "Lyon",
        "timezone": "Europe/Paris",
        "manager_id": "",
        "teaches": "generative-ai:4",
        "learns": "strategy:2",
    }
    row.update(cells)
    return row


def mentee(**cells: str) -> dict[str, str]:
    row = {"employee_id": "S1", "role": "mentee", "career_stage": "5", "teaches": "strategy:4"}
    row.update(cells)
    return person(**row)


def write_csv(tmp_path: Path, rows: list[dict[str, str]], *, delimiter: str = ",") -> Path:
    header = list(dict.fromkeys(key for row in rows for key in row)) if rows else HEADER
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, delimiter=delimiter, restval="")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "people.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def problems_of(path: Path) -> set[tuple[int | None, str]]:
    with pytest.raises(MatchingInputError) as caught:
        read_participants(path)
    return {(p.row, p.field) for p in caught.value.problems}


def messages_of(path: Path) -> str:
    with pytest.raises(MatchingInputError) as caught:
        read_participants(path)
    return str(caught.value)


def test_it_reads_every_column_of_a_valid_table(tmp_path: Path) -> None:
    rows = [
        person(
            employee_id="M1",
            teaches="Generative AI:4; tiktok:3",
            capacity="2",
            do_not_pair="S2",
            previous_partners="LEFT-THE-COMPANY",
            work_start="08:30",
            work_end="16.5",
            manager_id="BOSS",
        ),
        mentee(employee_id="S1", manager_id="BOSS"),
        mentee(employee_id="S2", manager_id="BOSS"),
        person(employee_id="BOSS", role="", career_stage="", timezone="", teaches="", learns=""),
    ]
    people = {p.id: p for p in read_participants(write_csv(tmp_path, rows))}

    mentor = people["M1"]
    assert mentor.role is Role.MENTOR
    assert dict(mentor.teaches) == {"generative-ai": 4, "tiktok": 3}
    assert dict(mentor.learns) == {"strategy": 2}
    assert mentor.capacity == 2
    assert mentor.do_not_pair == frozenset({"S2"})
    assert mentor.previous_partners == frozenset({"LEFT-THE-COMPANY"})
    assert (mentor.work_start_hour, mentor.work_end_hour) == (8.5, 16.5)
    assert mentor.manager_id == "BOSS"
    assert people["S1"].capacity == 1
    assert (people["S1"].work_start_hour, people["S1"].work_end_hour) == (9.0, 17.0)
    boss = people["BOSS"]
    assert (boss.role, boss.career_stage, boss.timezone) == (None, 0, "UTC")


def write_xlsx(path: Path, *rows: list[object]) -> None:
    """A workbook whose first sheet holds ``rows`` (an empty row stays blank)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def test_it_reads_an_xlsx_roster_with_numeric_ids_and_time_cells(tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    write_xlsx(
        path,
        [*HEADER, "capacity", "work_start", "work_end"],
        [
            1001,
            "mentor",
            1,
            "IT",
            "Lyon",
            "Europe/Paris",
            2002,
            "sql:3",
            "",
            3.0,
            dt.time(8, 0),
            dt.time(15, 30),
        ],
        [],  # a blank row keeps the numbering of the rows after it
        [2002, "Mentee", 4, "Sales", "Oslo", "Europe/Oslo", None, "", "sql:2"],
    )

    people = {p.id: p for p in read_participants(path)}

    assert set(people) == {"1001", "2002"}
    assert people["1001"].manager_id == "2002"
    assert people["1001"].capacity == 3
    assert (people["1001"].work_start_hour, people["1001"].work_end_hour) == (8.0, 15.5)
    assert people["2002"].role is Role.MENTEE


def test_xlsx_rows_are_reported_with_their_sheet_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    write_xlsx(
        path,
        HEADER,
        ["M1", "mentor", 1, "IT", "Lyon", "Europe/Paris", None, "", ""],
        [],
        ["S1", "mentee", 4, "IT", "Lyon", "Mars/Olympus", None, "", ""],
    )

    assert problems_of(path) == {(4, "timezone")}


def _with_saved_result(path: Path, cell: str, value: str) -> None:
    """Store ``value`` as the saved result of the formula in ``cell``, as a
    spreadsheet program does on save (openpyxl writes formulas without one)."""
    with zipfile.ZipFile(path) as original:
        parts = {name: original.read(name) for name in original.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    start = sheet.index(f'<c r="{cell}">')
    end = sheet.index("</c>", start)
    parts["xl/worksheets/sheet1.xml"] = (
        sheet[:start] + sheet[start:end].replace("<v />", f"<v>{value}</v>") + sheet[end:]
    ).encode()
    with zipfile.ZipFile(path, "w") as rewritten:
        for name, data in parts.items():
            rewritten.writestr(name, data)


def _sheet_with_a_formula_stage(path: Path) -> None:
    write_xlsx(
        path,
        HEADER,
        ["M1", "mentor", 1, "IT", "Lyon", "Europe/Paris", None, "sql:3", ""],
        ["S1", "mentee", "=1+3", "IT", "Lyon", "Europe/Paris", None, "", "sql:2"],
        ["S2", "mentee", 4, "IT", "Lyon", "Europe/Paris", None, "", "'=not a formula"],
    )


def test_an_xlsx_formula_reads_as_its_saved_result(tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    _sheet_with_a_formula_stage(path)
    _with_saved_result(path, "C3", "4")
    parsed = parse_participants(path, source="people.xlsx")

    assert {(p.row, p.field) for p in parsed.problems} == {(4, "learns")}  # text, not a formula
    assert {p.id: p.career_stage for p in parsed.people}["S1"] == 4


def test_an_xlsx_formula_without_a_saved_result_is_an_error_not_an_empty_cell(
    tmp_path: Path,
) -> None:
    path = tmp_path / "people.xlsx"
    _sheet_with_a_formula_stage(path)

    with pytest.raises(MatchingInputError) as raised:
        read_participants(path)

    formula_problems = [p for p in raised.value.problems if p.row == 3]
    assert [(p.field, p.message) for p in formula_problems] == [
        ("career_stage", UNCALCULATED_FORMULA)
    ]
    assert "people.xlsx, row 3, career_stage: a formula whose result was never saved" in str(
        raised.value
    )


def test_it_reads_semicolon_separated_cp1252_csv(tmp_path: Path) -> None:
    text = (
        ";".join(HEADER) + "\r\n"
        'M1;mentor;1;Développement;Zürich;Europe/Zurich;;"sql:3;excel:2";\r\n'
        "S1;mentee;4;Direction;Genève;Europe/Zurich;;;sql:3\r\n"
    )
    path = tmp_path / "people.csv"
    path.write_bytes(text.encode("cp1252"))

    people = {p.id: p for p in read_participants(path)}

    assert people["M1"].department == "Développement"
    assert people["S1"].location == "Genève"
    assert dict(people["M1"].teaches) == {"sql": 3, "excel": 2}


def test_a_legacy_code_page_it_cannot_be_sure_of_is_refused_not_garbled(tmp_path: Path) -> None:
    text = ",".join(HEADER) + "\r\nM1,mentor,1,Разработка,Москва,Europe/Moscow,,sql:3,\r\n"
    path = tmp_path / "people.csv"
    path.write_bytes(text.encode("cp1251"))
    assert "save it as UTF-8" in messages_of(path)


def test_it_lists_every_problem_of_the_file_at_once(tmp_path: Path) -> None:
    rows = [
        person(employee_id="M1", career_stage="junior"),  # row 2
        person(employee_id="M2", teaches="ai:9", capacity="0"),  # row 3
        mentee(employee_id="S1", timezone="Europe/Atlantis", manager_id="NOBODY"),  # row 4
        mentee(employee_id="S1", role="boss"),  # row 5
    ]
    assert problems_of(write_csv(tmp_path, rows)) == {
        (2, "career_stage"),
        (3, "teaches"),
        (3, "capacity"),
        (4, "timezone"),
        (4, "manager_id"),
        (5, "employee_id"),
        (5, "role"),
    }


def test_it_rejects_unknown_and_missing_columns(tmp_path: Path) -> None:
    rows = [
        {k: v for k, v in row.items() if k != "learns"} for row in (person(shoe_size="1"), mentee())
    ]
    assert problems_of(write_csv(tmp_path, rows)) >= {(1, "shoe_size"), (1, "learns")}


def test_a_table_without_employee_ids_is_reported_without_row_noise(tmp_path: Path) -> None:
    rows = [{k: v for k, v in person().items() if k != "employee_id"}]
    assert problems_of(write_csv(tmp_path, rows)) == {(1, "employee_id")}


@pytest.mark.parametrize(
    ("cells", "field"),
    [
        ({"teaches": "generative-ai"}, "teaches"),  # no level
        ({"teaches": "generative-ai:5"}, "teaches"),  # proficiency is 1-4
        ({"teaches": "sql:0"}, "teaches"),
        ({"learns": "sql:4"}, "learns"),  # interest is 1-3
        ({"learns": "sql:two"}, "learns"),
        ({"learns": ":2"}, "learns"),
        ({"learns": "sql:1;SQL:2"}, "learns"),  # the same skill twice
    ],
)
def test_it_rejects_bad_levels(tmp_path: Path, cells: dict[str, str], field: str) -> None:
    assert problems_of(write_csv(tmp_path, [person(**cells), mentee()])) == {(2, field)}


def test_it_rejects_unknown_manager_ids(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [person(manager_id="GHOST"), mentee()])
    assert problems_of(path) == {(2, "manager_id")}
    assert "GHOST" in messages_of(path)


def test_it_reports_manager_cycles_with_their_path(tmp_path: Path) -> None:
    rows = [
        person(employee_id="M1", manager_id="A"),
        mentee(employee_id="B", manager_id="C"),  # row 3: first member of the cycle
        person(employee_id="A", role="", manager_id="B"),
        person(employee_id="C", role="", manager_id="A"),
        person(employee_id="SELF", role="", manager_id="SELF"),  # row 6
    ]
    path = write_csv(tmp_path, rows)
    assert problems_of(path) == {(3, "manager_id"), (6, "manager_id")}
    text = messages_of(path)
    assert "B → C → A → B" in text
    assert "SELF → SELF" in text


def test_it_rejects_duplicate_ids_and_names_the_first_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [person(), mentee(), person()])
    assert problems_of(path) == {(4, "employee_id")}
    assert "first on row 2" in messages_of(path)


@pytest.mark.parametrize("capacity", ["0", "4", "-1", "1.5", "many"])
def test_it_rejects_a_mentor_capacity_outside_one_to_three(tmp_path: Path, capacity: str) -> None:
    assert problems_of(write_csv(tmp_path, [person(capacity=capacity), mentee()])) == {
        (2, "capacity")
    }


def test_a_mentee_takes_exactly_one_mentor(tmp_path: Path) -> None:
    assert problems_of(write_csv(tmp_path, [person(), mentee(capacity="2")])) == {(3, "capacity")}


def test_it_rejects_unknown_time_zones(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [person(timezone="CET+1"), mentee(timezone="../../etc/passwd")])
    assert problems_of(path) == {(2, "timezone"), (3, "timezone")}


@pytest.mark.parametrize("missing_role", ["mentor", "mentee"])
def test_it_rejects_an_empty_side(tmp_path: Path, missing_role: str) -> None:
    rows = [person(), mentee()]
    rows = [row for row in rows if row["role"] != missing_role]
    path = write_csv(tmp_path, rows)
    assert problems_of(path) == {(None, "role")}
    assert f"no {missing_role}s" in messages_of(path)


def test_it_rejects_unknown_do_not_pair_ids_but_accepts_unknown_previous_partners(
    tmp_path: Path,
) -> None:
    path = write_csv(tmp_path, [person(do_not_pair="S1;TYPO", previous_partners="GONE"), mentee()])
    assert problems_of(path) == {(2, "do_not_pair")}
    assert "TYPO" in messages_of(path)


@pytest.mark.parametrize(
    ("cells", "field"),
    [
        ({"work_start": "25"}, "work_start"),
        ({"work_end": "noon"}, "work_end"),
        ({"work_start": "18", "work_end": "9"}, "work_end"),
        ({"work_start": "nan"}, "work_start"),
    ],
)
def test_it_rejects_impossible_working_hours(
    tmp_path: Path, cells: dict[str, str], field: str
) -> None:
    assert problems_of(write_csv(tmp_path, [person(**cells), mentee()])) == {(2, field)}


def test_a_value_outside_the_header_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        ",".join(HEADER) + "\n"
        "M1,mentor,1,IT,Lyon,Europe/Paris,,,,surprise\n"
        "S1,mentee,3,IT,Lyon,Europe/Paris,,,\n"
    )
    assert problems_of(path) == {(2, "")}


def test_a_file_that_does_not_exist_is_an_input_problem(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "missing.csv") == {(None, "")}


def test_blank_rows_are_skipped_and_keep_the_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        ",".join(HEADER) + "\n"
        "M1,mentor,1,IT,Lyon,Europe/Paris,,,\n"
        ",,,,,,,,\n"
        "\n"
        "S1,mentee,3,IT,Lyon,Europe/Nowhere,,,\n"
    )
    assert problems_of(path) == {(5, "timezone")}
