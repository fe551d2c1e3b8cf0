"""detect_mapping and ColumnMapping: synonyms, ambiguity, required fields, unmapped columns."""

from __future__ import annotations

import pytest

from crossgen.rosterfile import (
    SYNONYMS,
    ColumnMapping,
    RosterField,
    detect_mapping,
    read_table,
    validate_roster,
)

from .helpers import HEADER, TODAY, chain, csv_bytes, table_rows, validate

F = RosterField


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Employee ID", F.EMPLOYEE_ID),
        ("emp_id", F.EMPLOYEE_ID),
        ("Worker ID", F.EMPLOYEE_ID),
        ("Personnel number", F.EMPLOYEE_ID),
        ("E-mail", F.EMAIL),
        ("Work email", F.EMAIL),
        ("Manager ID", F.MANAGER_ID),
        ("Reports to", F.MANAGER_ID),
        ("Supervisor ID", F.MANAGER_ID),
        ("Given name", F.FIRST_NAME),
        ("First name", F.FIRST_NAME),
        ("Surname", F.LAST_NAME),
        ("Family name", F.LAST_NAME),
        ("Last name", F.LAST_NAME),
        ("Title", F.JOB_TITLE),
        ("Job title", F.JOB_TITLE),
        ("Position", F.JOB_TITLE),
        ("Dept", F.DEPARTMENT),
        ("Department", F.DEPARTMENT),
        ("Office", F.LOCATION),
        ("Location", F.LOCATION),
        ("Time zone", F.TIMEZONE),
        ("TZ", F.TIMEZONE),
        ("Start date", F.HIRE_DATE),
        ("Hire date", F.HIRE_DATE),
        ("Level", F.CAREER_STAGE),
        ("Career stage", F.CAREER_STAGE),
        ("Grade", F.CAREER_STAGE),
        ("  WORK\u00a0E-MAIL ", F.EMAIL),
        ("\ufeffEmployee Id", F.EMPLOYEE_ID),
    ],
)
def test_it_detects_a_field_from_a_synonym(header: str, field: RosterField) -> None:
    assert detect_mapping(["unrelated", header]).header_for(field) == header


def test_no_synonym_belongs_to_two_fields() -> None:
    seen = [s for synonyms in SYNONYMS.values() for s in synonyms]
    assert len(seen) == len(set(seen))


def test_the_better_synonym_wins_then_the_leftmost_column() -> None:
    mapping = detect_mapping(["ID", "Employee number", "Mail", "Email", "Email address"])
    assert mapping.header_for(F.EMPLOYEE_ID) == "Employee number"
    assert mapping.header_for(F.EMAIL) == "Email"
    assert mapping.unmapped(["ID", "Employee number", "Mail", "Email", "Email address"]) == (
        "ID",
        "Mail",
        "Email address",
    )


def test_it_leaves_out_fields_it_cannot_find() -> None:
    mapping = detect_mapping(["Employee ID", "Email", "Manager"])
    assert mapping.missing_required() == (F.FIRST_NAME, F.LAST_NAME, F.CAREER_STAGE)
    assert mapping.header_for(F.MANAGER_ID) is None


def test_a_missing_required_mapping_is_an_error_naming_the_field() -> None:
    header = [h for h in HEADER if h != "email"]
    result = validate(csv_bytes(table_rows(chain(2), header)))
    assert [(e.row, e.field, e.message) for e in result.errors] == [
        (1, "email", "No column is mapped to this required field.")
    ]
    assert result.records == ()


def test_unmapped_extra_columns_are_a_warning_not_an_error() -> None:
    people = [dict(p, Shoe="42") for p in chain(2)]
    result = validate(csv_bytes(table_rows(people, [*HEADER, "Shoe"])))
    assert result.ok
    assert [(w.row, w.field) for w in result.warnings] == [(1, "Shoe")]


def test_an_explicit_mapping_replaces_detection() -> None:
    header = ["Matricule", "Prénom", "Nom", "Courriel", "Niveau"]
    data = csv_bytes([header, ["7", "Zoé", "Roy", "zoe@example.com", "senior"]])
    mapping = ColumnMapping(
        {"employee_id": "Matricule", "first_name": "Prénom", "last_name": "Nom",
         "email": "Courriel", "career_stage": "Niveau"}
    )  # fmt: skip
    with read_table(data, filename="r.csv") as table:
        result = validate_roster(
            table, mapping=mapping, career_stages=["Junior", "Senior"],
            default_timezone="UTC", today=TODAY,
        )  # fmt: skip
    assert result.ok
    assert (result.records[0].first_name, result.records[0].career_stage) == ("Zoé", "Senior")


def test_a_mapping_refuses_unknown_fields_and_a_header_used_twice() -> None:
    with pytest.raises(ValueError, match="unknown roster field 'nickname'"):
        ColumnMapping({"nickname": "Nick"})
    with pytest.raises(ValueError, match="must be a non-empty string"):
        ColumnMapping({"email": " "})
    with pytest.raises(ValueError, match="mapped to both"):
        ColumnMapping({"first_name": "Name", "last_name": "name "})


def test_a_mapping_to_a_column_not_in_the_file_is_an_error_on_the_header_row() -> None:
    with read_table(csv_bytes(table_rows(chain(1))), filename="r.csv") as table:
        mapping = ColumnMapping({**detect_mapping(table.headers).as_dict(), "location": "Site"})
        result = validate_roster(
            table, mapping=mapping, career_stages=["Junior"], default_timezone="UTC", today=TODAY
        )
    assert [(e.row, e.field) for e in result.errors] == [(1, "location")]
    assert "'Site', which is not in the file" in result.errors[0].message
    assert result.records == ()
