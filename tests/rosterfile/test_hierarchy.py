"""The manager tree: unknown managers, self-management, cycles, one root."""

from __future__ import annotations

from .helpers import chain, only_error, person, validate_people, where


def test_it_rejects_a_manager_id_that_is_not_in_the_file() -> None:
    result = validate_people([person("E1"), person("E2", "E9")])
    assert only_error(result) == (
        3,
        "manager_id",
        "No one in the file or in the organisation has this employee id.",
    )
    assert result.errors[0].value == "E9"


def test_a_manager_may_be_an_existing_employee_in_a_partial_import() -> None:
    assert validate_people(
        [person("E2", "E9"), person("E3", "E2")], existing_employee_ids={"E9"}
    ).ok


def test_it_rejects_self_management() -> None:
    result = validate_people([person("E1"), person("E2", "E2")])
    assert only_error(result) == (3, "manager_id", "A person cannot be their own manager.")


def test_it_reports_a_manager_cycle_with_its_path_once() -> None:
    people = [person("A"), person("B", "D"), person("C", "B"), person("D", "C"), person("E", "D")]
    row, field, message = only_error(validate_people(people))
    assert (row, field) == (3, "manager_id")
    assert "B → D → C → B" in message
    assert "(rows 3, 5, 4)" in message


def test_a_two_person_cycle_is_a_cycle() -> None:
    people = [person("A"), person("B", "C"), person("C", "B")]
    assert "B → C → B" in only_error(validate_people(people))[2]


def test_a_long_cycle_is_shortened_in_the_message() -> None:
    people = chain(30)
    people[0] = person("E1", "E30")
    message = only_error(validate_people(people))[2]
    assert message.startswith("Managers form a cycle: E1 → E30 → E29")
    assert "… 20 more → E1 (rows 2, 31, 30" in message


def test_several_separate_cycles_are_each_reported() -> None:
    people = [person("R"), person("A", "B"), person("B", "A"), person("C", "D"), person("D", "C")]
    assert where(validate_people(people)) == [(3, "manager_id"), (5, "manager_id")]


def test_it_rejects_more_than_one_person_without_a_manager() -> None:
    result = validate_people([person("E1"), person("E2", "E1"), person("E3"), person("E4")])
    assert where(result) == [(4, "manager_id"), (5, "manager_id")]
    assert "'E1' on row 2 has no manager either" in result.errors[0].message


def test_several_roots_are_fine_when_allowed() -> None:
    assert validate_people([person("E1"), person("E3")], allow_multiple_roots=True).ok


def test_a_deep_chain_is_valid_and_checked_without_recursion() -> None:
    assert validate_people(chain(5_000)).ok
