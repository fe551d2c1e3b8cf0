"""Row rules for single cells: trimming, empties, control characters, lengths, emails,
time zones, career stages, formula-looking text, and the shape of a row."""

from __future__ import annotations

from datetime import datetime

import pytest

from crossgen.rosterfile import MAX_LENGTHS, RosterField

from .helpers import (
    HEADER,
    chain,
    csv_bytes,
    only_error,
    person,
    table_rows,
    validate,
    validate_people,
    where,
    xlsx_bytes,
)

F = RosterField


def test_it_trims_whitespace_around_every_cell() -> None:
    result = validate_people(
        [
            person(
                " E1 ", first_name="\u00a0Ann  ", email=" e1@example.com\t", career_stage=" junior "
            )
        ]
    )
    record = result.records[0]
    assert result.ok
    assert (record.employee_id, record.first_name, record.email, record.career_stage) == (
        "E1", "Ann", "e1@example.com", "Junior",
    )  # fmt: skip


def test_empty_optional_fields_become_empty_text_or_none_consistently() -> None:
    result = validate_people(
        [person("E1", job_title=" ", department="", location="", hire_date="")]
    )
    record = result.records[0]
    assert (record.job_title, record.department, record.location) == ("", "", "")
    assert (record.manager_id, record.hire_date) == (None, None)


def test_unmapped_optional_fields_take_the_same_empty_values() -> None:
    header = ["employee_id", "first_name", "last_name", "email", "career_stage"]
    result = validate(csv_bytes(table_rows(chain(1), header)))
    record = result.records[0]
    assert (record.job_title, record.manager_id, record.hire_date, record.timezone) == (
        "",
        None,
        None,
        "Europe/Paris",
    )


def test_an_empty_time_zone_takes_the_organisations_default() -> None:
    result = validate_people([person("E1", timezone="")], default_timezone="asia/tokyo")
    assert result.records[0].timezone == "Asia/Tokyo"


@pytest.mark.parametrize(
    "field", ["employee_id", "first_name", "last_name", "email", "career_stage"]
)
def test_it_rejects_an_empty_required_field(field: str) -> None:
    assert only_error(validate_people([{**person("E1"), field: "  "}])) == (
        2, field, "Is empty; every person needs one.",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("char", "named"),
    [
        ("\x00", "a NUL character"),
        ("\x07", "U+0007"),
        ("\x1b", "U+001B"),
        ("\x85", "U+0085"),
        ("\u202e", "U+202E"),
        ("\u2028", "a line break"),
    ],
)
def test_it_rejects_nul_and_other_control_characters(char: str, named: str) -> None:
    row, field, message = only_error(validate_people([person("E1", last_name=f"Le{char}e")]))
    assert (row, field) == (2, "last_name")
    assert named in message


def test_it_rejects_a_tab_inside_a_cell() -> None:
    data = csv_bytes(table_rows([person("E1", job_title="Head\tof Sales")]), delimiter=";")
    assert only_error(validate(data))[:2] == (2, "job_title")


def test_a_trailing_line_break_is_trimmed_but_one_inside_is_refused() -> None:
    people = [person("E1", first_name="Ann\n"), person("E2", "E1", first_name="Ann\nMarie")]
    result = validate(xlsx_bytes(table_rows(people)), filename="r.xlsx")
    assert where(result) == [(3, "first_name")]
    assert "line break" in result.errors[0].message
    assert result.errors[0].value == "Ann\\nMarie"
    assert result.records[0].first_name == "Ann"


@pytest.mark.parametrize(
    "field", sorted(set(MAX_LENGTHS) - {F.EMAIL, F.CAREER_STAGE, F.TIMEZONE, F.MANAGER_ID})
)
def test_it_rejects_over_long_values(field: RosterField) -> None:
    limit = MAX_LENGTHS[field]
    assert validate_people([{**person("E1"), field: "x" * limit}]).ok
    row, got, message = only_error(validate_people([{**person("E1"), field: "x" * (limit + 1)}]))
    assert (row, got, message) == (
        2,
        field,
        f"Is {limit + 1} characters long; the limit is {limit}.",
    )


def test_xlsx_cells_get_the_same_text_rules() -> None:
    people = [
        person("E1", location=datetime(2020, 1, 2), job_title=datetime(2020, 1, 2, 3, 4)),  # type: ignore[arg-type]
        person("E2", "E1", department="x" * 121),
    ]
    result = validate(xlsx_bytes(table_rows(people)), filename="r.xlsx")
    assert where(result) == [(3, "department")]
    assert (result.records[0].location, result.records[0].job_title) == (
        "2020-01-02",
        "2020-01-02 03:04:00",
    )


def test_it_rejects_an_over_long_email() -> None:
    address = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".com"
    assert len(address) > 254
    assert only_error(validate_people([person("E1", email=address)]))[:2] == (2, "email")


@pytest.mark.parametrize(
    "address",
    ["ann", "ann@", "@example.com", "ann@@example.com", "ann@example", "ann smith@example.com",
     "ann@example..com", ".ann@example.com", "ann@exa_mple.com", "ann@localhost", "ann@site.test"],
)  # fmt: skip
def test_it_rejects_invalid_emails(address: str) -> None:
    row, field, message = only_error(validate_people([person("E1", email=address)]))
    assert (row, field) == (2, "email")
    assert message.startswith("Is not a valid email address: ")


@pytest.mark.parametrize(
    "address", ["ann.o'neil+roster@example.co.uk", "josé@exämple.de", "山田@例え.jp"]
)
def test_it_accepts_valid_and_internationalised_emails(address: str) -> None:
    assert validate_people([person("E1", email=address)]).ok


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("ann@example.com", "Ann@EXAMPLE.com"),
        ("ann@example.com", "\uff41nn@example.com"),  # full-width a, NFKC → a
        ("strasse@example.com", "STRAßE@example.com"),  # ß case-folds to ss
        ("cafe\u0301@example.com", "café@example.com"),  # combining accent vs precomposed
    ],
)
def test_it_rejects_duplicate_emails_including_case_and_unicode_variants(
    first: str, second: str
) -> None:
    result = validate_people([person("E1", email=first), person("E2", "E1", email=second)])
    assert only_error(result) == (
        3, "email", "Is the same address as on row 2 (ignoring case and Unicode variants).",
    )  # fmt: skip
    assert result.errors[0].value == second


def test_it_keeps_the_typed_email_and_a_normalised_key() -> None:
    record = validate_people([person("E1", email=" Ann.Lee@Example.COM ")]).records[0]
    assert (record.email, record.email_key) == ("Ann.Lee@Example.COM", "ann.lee@example.com")


def test_it_rejects_duplicate_employee_ids() -> None:
    result = validate_people(
        [person("E1"), person("E2", "E1"), person("E1", "E1", email="x@example.com")]
    )
    assert only_error(result) == (4, "employee_id", "Is already used on row 2.")
    assert [r.row for r in result.records] == [2, 3]


def test_it_rejects_unknown_time_zones() -> None:
    row, field, message = only_error(validate_people([person("E1", timezone="Europe/Atlantis")]))
    assert (row, field) == (2, "timezone")
    assert "IANA" in message


def test_it_stores_the_time_zone_database_spelling() -> None:
    assert (
        validate_people([person("E1", timezone="AMERICA/new_york")]).records[0].timezone
        == "America/New_York"
    )


def test_it_matches_career_stages_ignoring_case_and_stores_the_ladder_spelling() -> None:
    result = validate_people(
        [person("E1", career_stage="SENIOR  "), person("E2", "E1", career_stage="senior")]
    )
    assert [r.career_stage for r in result.records] == ["Senior", "Senior"]


def test_it_rejects_unknown_career_stages_naming_the_ladder() -> None:
    assert only_error(validate_people([person("E1", career_stage="Wizard")])) == (
        2, "career_stage", "Is not one of the organisation's career stages: Intern, Junior, Senior, Director.",
    )  # fmt: skip


@pytest.mark.parametrize(
    "text", ["=cmd|' /C calc'!A0", "+33 1 23", "-", "-Ann", "@SUM(A1)", "=1+1"]
)
def test_formula_looking_cells_are_stored_as_the_text_given(text: str) -> None:
    for data, filename in [
        (csv_bytes(table_rows([person("E1", first_name=text)])), "r.csv"),
        (xlsx_bytes(table_rows([person("E1", first_name=text)])), "r.xlsx"),
    ]:
        result = validate(data, filename=filename)
        assert result.records[0].first_name == text, filename


def test_a_row_with_too_few_cells_is_an_error_on_that_row() -> None:
    rows = table_rows(chain(3))
    rows[2] = rows[2][:4]
    assert only_error(validate(csv_bytes(rows))) == (
        3, None, "The row has 4 cells but the header has 11; a cell or a separator is missing.",
    )  # fmt: skip


def test_a_row_with_too_many_cells_is_an_error_but_trailing_empty_cells_are_not() -> None:
    rows = table_rows(chain(3))
    rows[2] = [*rows[2], "", "surprise"]
    rows[3] = [*rows[3], "", " "]
    result = validate(csv_bytes(rows))
    assert where(result) == [(3, None)]
    assert result.errors[0].value == "surprise"


def test_a_misshapen_rows_id_still_resolves_as_a_manager() -> None:
    rows = table_rows(chain(3))
    rows[2] = rows[2][:4]  # E2, the manager of E3
    assert where(validate(csv_bytes(rows))) == [(3, None)]


def test_every_problem_in_a_row_is_reported_not_just_the_first() -> None:
    result = validate_people(
        [
            person(
                "E1",
                email="nope",
                career_stage="Wizard",
                timezone="Nowhere",
                hire_date="31/31/2020",
            )
        ]
    )
    assert where(result) == [(2, "email"), (2, "career_stage"), (2, "timezone"), (2, "hire_date")]
    assert result.records == ()


def test_errors_are_capped_with_a_count_of_the_rest() -> None:
    people = [person("E1"), *(person(f"E{i}", "E1", email="bad") for i in range(2, 30))]
    result = validate_people(people, max_issues=10)
    assert (len(result.errors), result.errors_omitted, result.error_count) == (10, 18, 28)
    assert not result.ok


def test_header_is_canonical_for_every_field() -> None:
    assert set(HEADER) == set(F)
