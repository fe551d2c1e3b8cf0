"""roster_plan / roster_import: dry run first, then all or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps

from crossgen.audit.models import AuditEntry
from crossgen.people.models import CareerStage, Employee
from crossgen.roster.services import roster_import, roster_plan
from crossgen.tenancy.models import Organization
from crossgen.tenancy.scoping import TenantOwned
from tests.factories import OrganizationFactory
from tests.roster.builders import BASE_ROWS, replace, roster_csv

TODAY = date(2026, 11, 25)


@pytest.fixture
def acme(db: None) -> Organization:
    return OrganizationFactory(name="Acme", slug="acme")


def _import(org: Organization, data: bytes, *, full: bool = True, filename: str = "roster.csv"):
    return roster_import(
        organization=org, actor=None, source=data, filename=filename, full_roster=full, today=TODAY
    )


def _people(org: Organization) -> dict[str, Employee]:
    return {
        e.external_id: e
        for e in Employee.objects.for_org(org).select_related("manager", "career_stage")
    }


def _database_state() -> dict[str, list[tuple[object, ...]]]:
    return {
        model.__name__: list(model.unscoped.order_by("pk").values_list())
        for model in apps.get_models()
        if issubclass(model, TenantOwned)
    }


def test_a_dry_run_reports_what_would_change_and_writes_nothing(acme: Organization) -> None:
    plan = roster_plan(organization=acme, source=roster_csv(), filename="roster.csv", today=TODAY)
    assert plan.ok
    assert plan.counts() | {} == {
        "rows": 4, "create": 4, "update": 0, "deactivate": 0, "unchanged": 0, "errors": 0,
        "warnings": plan.counts()["warnings"],
    }  # fmt: skip
    assert Employee.objects.for_org(acme).count() == 0


def test_an_import_creates_employees_with_their_managers_and_stages(acme: Organization) -> None:
    plan = _import(acme, roster_csv())
    assert plan.ok
    people = _people(acme)
    assert set(people) == {"E1", "E2", "E3", "E4"}
    assert people["E3"].manager == people["E2"]
    assert people["E1"].manager is None
    assert people["E2"].career_stage.name == "Director"
    assert people["E2"].first_name == "José"
    assert people["E3"].hire_date == date(2023, 2, 1)
    assert AuditEntry.objects.for_org(acme).filter(action="roster.imported").count() == 1


def test_reimporting_the_same_file_changes_nothing(acme: Organization) -> None:
    _import(acme, roster_csv())
    before = list(Employee.objects.for_org(acme).order_by("pk").values_list())
    plan = _import(acme, roster_csv())
    assert plan.counts()["create"] == plan.counts()["update"] == plan.counts()["deactivate"] == 0
    assert plan.counts()["unchanged"] == 4
    assert list(Employee.objects.for_org(acme).order_by("pk").values_list()) == before


def test_changed_rows_are_updated_in_place(acme: Organization) -> None:
    _import(acme, roster_csv())
    original_pk = _people(acme)["E4"].pk
    rows = replace(
        BASE_ROWS, "E4", department="Platform", manager_id="E1", career_stage="Senior professional"
    )
    plan = _import(acme, roster_csv(rows))
    assert plan.counts()["update"] == 1
    kenji = _people(acme)["E4"]
    assert (kenji.pk, kenji.department, kenji.manager.external_id, kenji.career_stage.name) == (
        original_pk,
        "Platform",
        "E1",
        "Senior professional",
    )


def test_people_missing_from_a_full_roster_are_deactivated_not_deleted(acme: Organization) -> None:
    _import(acme, roster_csv())
    plan = _import(acme, roster_csv([r for r in BASE_ROWS if r[0] != "E4"]))
    assert plan.counts()["deactivate"] == 1
    kenji = _people(acme)["E4"]
    assert kenji.is_active is False
    assert Employee.objects.for_org(acme).count() == 4


def test_a_deactivated_person_who_returns_is_reactivated(acme: Organization) -> None:
    _import(acme, roster_csv())
    _import(acme, roster_csv([r for r in BASE_ROWS if r[0] != "E4"]))
    _import(acme, roster_csv())
    assert _people(acme)["E4"].is_active is True


def test_a_partial_file_deactivates_nobody(acme: Organization) -> None:
    _import(acme, roster_csv())
    rows = [replace(BASE_ROWS, "E4", job_title="Staff Engineer")[3]]
    plan = _import(acme, roster_csv(rows), full=False)
    assert plan.ok, plan.errors
    assert plan.counts()["deactivate"] == 0
    people = _people(acme)
    assert all(p.is_active for p in people.values())
    assert people["E4"].job_title == "Staff Engineer"


def test_two_people_can_swap_email_addresses_in_one_import(acme: Organization) -> None:
    _import(acme, roster_csv())
    rows = replace(BASE_ROWS, "E3", email="kenji@acme.example")
    rows = replace(rows, "E4", email="zoe@acme.example")
    plan = _import(acme, roster_csv(rows))
    assert plan.ok, plan.errors
    people = _people(acme)
    assert (people["E3"].email, people["E4"].email) == ("kenji@acme.example", "zoe@acme.example")


def test_a_leavers_address_can_be_given_to_a_new_joiner(acme: Organization) -> None:
    _import(acme, roster_csv())
    rows = [r for r in BASE_ROWS if r[0] != "E4"]
    rows.append(("E5", "Ken", "Sato", "kenji@acme.example", "Engineer", "Engineering", "London",
                 "Europe/London", "E2", "2026-01-05", "Early career"))  # fmt: skip
    plan = _import(acme, roster_csv(rows))
    assert plan.ok, plan.errors
    people = _people(acme)
    assert people["E5"].is_active and not people["E4"].is_active


@pytest.mark.parametrize(
    ("rows", "field"),
    [
        (replace(BASE_ROWS, "E3", manager_id="E99"), "manager_id"),
        (replace(BASE_ROWS, "E4", email="ADA@acme.example"), "email"),
        (replace(BASE_ROWS, "E4", career_stage="Wizard"), "career_stage"),
        (replace(BASE_ROWS, "E4", timezone="Mars/Olympus"), "timezone"),
        (replace(replace(BASE_ROWS, "E1", manager_id="E3"), "E2", manager_id="E1"), "manager_id"),
    ],
    ids=["unknown-manager", "duplicate-email", "unknown-stage", "unknown-timezone", "cycle"],
)
def test_a_file_with_any_error_writes_nothing_at_all(acme: Organization, rows, field: str) -> None:
    _import(acme, roster_csv())
    before = _database_state()
    plan = _import(
        acme,
        roster_csv(
            [
                *rows,
                (
                    "E9",
                    "New",
                    "Person",
                    "new@acme.example",
                    "",
                    "",
                    "",
                    "",
                    "E1",
                    "",
                    "Professional",
                ),
            ]
        ),
    )
    assert not plan.ok
    assert any(issue.field == field for issue in plan.errors), plan.errors
    assert all(issue.row is None or issue.row >= 2 for issue in plan.errors)
    assert _database_state() == before


def test_a_partial_file_cannot_take_an_address_held_by_someone_not_in_it(
    acme: Organization,
) -> None:
    _import(acme, roster_csv())
    rows = [("E5", "New", "Joiner", "ada@acme.example", "", "", "", "", "E1", "", "Professional")]
    plan = _import(acme, roster_csv(rows), full=False)
    assert not plan.ok
    assert [(i.row, i.field) for i in plan.errors] == [(2, "email")]


def test_a_partial_file_cannot_close_a_reporting_loop_through_people_not_in_it(
    acme: Organization,
) -> None:
    _import(acme, roster_csv())
    rows = [replace(BASE_ROWS, "E1", manager_id="E3")[0]]
    plan = _import(acme, roster_csv(rows), full=False)
    assert not plan.ok
    assert plan.errors[0].field == "manager_id"
    assert "E1 → E3 → E2 → E1" in plan.errors[0].message


def test_another_organisations_roster_is_untouched(acme: Organization) -> None:
    globex = OrganizationFactory(name="Globex", slug="globex")
    _import(globex, roster_csv())
    _import(acme, roster_csv([r for r in BASE_ROWS if r[0] != "E4"]))
    assert all(p.is_active for p in _people(globex).values())


def test_an_ambiguous_career_ladder_is_reported_not_crashed_on(acme: Organization) -> None:
    CareerStage.objects.create(organization=acme, name="Executive  two", rank=90)
    CareerStage.objects.create(organization=acme, name="executive two", rank=91)
    plan = roster_import(organization=acme, actor=None, source=roster_csv(), filename="r.csv")
    assert not plan.ok
    assert "career ladder" in plan.errors[0].message
    assert not Employee.objects.for_org(acme).exists()


def test_checking_a_long_file_reports_progress_then_writing_does(acme: Organization) -> None:
    rows = [
        (f"P{i}", "Ann", f"Lee{i}", f"p{i}@acme.example", "", "", "", "UTC",
         f"P{(i - 1) // 3}" if i else "", "", "Professional")
        for i in range(11_000)
    ]  # fmt: skip
    calls: list[tuple[str, int, int | None]] = []
    plan = roster_import(
        organization=acme,
        actor=None,
        source=roster_csv(rows),
        filename="big.csv",
        today=TODAY,
        progress=lambda phase, done, total: calls.append((phase, done, total)),
    )
    assert plan.ok, plan.errors[:3]
    checking = [(done, total) for phase, done, total in calls if phase == "Checking"]
    assert checking == [(5_000, 11_000), (10_000, 11_000), (11_000, 11_000)]
    writing = [done for phase, done, _ in calls if phase == "Writing"]
    assert writing == sorted(writing) and writing[-1] == 11_000
    assert calls.index(("Checking", 11_000, 11_000)) < len(calls) - len(writing)
