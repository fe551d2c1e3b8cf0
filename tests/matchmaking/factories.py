"""Programs, cohorts, enrolments and runs for the matching tests, made directly
as rows (program set-up and enrolment are other parts of the app)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone as django_timezone
from factory.declarations import LazyFunction, SelfAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory

from crossgen.people.models import Employee
from crossgen.programs.models import Cohort, CohortStatus, Enrolment, Program
from crossgen.tenancy.models import Organization
from tests.factories import EmployeeFactory, OrganizationFactory, stage

RULES = {
    "min_stage_gap": 1,
    "max_stage_gap": None,
    "forbid_reporting_chain": True,
    "forbid_same_manager": False,
    "forbid_same_department": False,
    "min_overlap_hours": 2.0,
    "forbid_previous_partners": True,
}
WEIGHTS = {"forward": 1.0, "reciprocal": 0.5, "diversity": 0.3, "timezone": 0.2}


class ProgramFactory(DjangoModelFactory[Program]):
    class Meta:
        model = Program

    organization = SubFactory(OrganizationFactory)
    name = Sequence(lambda n: f"Digital Bridge {n}")
    mentor_label = "Reverse mentor"
    mentee_label = "Senior mentee"
    matching_rules = LazyFunction(lambda: dict(RULES))
    matching_weights = LazyFunction(lambda: dict(WEIGHTS))
    objective = "max-participation"
    session_minutes = 45
    meeting_cadence_days = 14
    charter = ""


class CohortFactory(DjangoModelFactory[Cohort]):
    class Meta:
        model = Cohort

    program = SubFactory(ProgramFactory)
    organization = SelfAttribute("program.organization")
    name = Sequence(lambda n: f"Spring {2026 + n}")
    enrolment_opens = date(2026, 1, 5)
    enrolment_closes = date(2026, 1, 30)
    starts_on = date(2026, 2, 2)
    ends_on = date(2026, 8, 3)
    status = CohortStatus.MATCHING


class EnrolmentFactory(DjangoModelFactory[Enrolment]):
    class Meta:
        model = Enrolment

    cohort = SubFactory(CohortFactory)
    organization = SelfAttribute("cohort.organization")
    employee = SubFactory(EmployeeFactory, organization=SelfAttribute("..organization"))
    role = "mentor"
    timezone = "Europe/London"
    consented_at = LazyFunction(django_timezone.now)


def person(
    organization: Organization, stage_name: str, *, manager: Employee | None = None, **fields: Any
) -> Employee:
    return EmployeeFactory.create(
        organization=organization,
        career_stage=stage(organization, stage_name),
        manager=manager,
        **fields,
    )


def _enrolled(
    cohort: Cohort,
    role: str,
    stage_name: str,
    teaches: dict[str, int],
    learns: dict[str, int],
    employee: Employee | None,
    manager: Employee | None,
    employee_fields: dict[str, Any] | None,
    fields: dict[str, Any],
) -> Enrolment:
    employee = employee or person(
        cohort.organization, stage_name, manager=manager, **(employee_fields or {})
    )
    return EnrolmentFactory.create(
        cohort=cohort, employee=employee, role=role, teaches=teaches, learns=learns, **fields
    )


def mentor(
    cohort: Cohort,
    *,
    stage_name: str = "Early career",
    teaches: dict[str, int] | None = None,
    learns: dict[str, int] | None = None,
    employee: Employee | None = None,
    manager: Employee | None = None,
    employee_fields: dict[str, Any] | None = None,
    **fields: Any,
) -> Enrolment:
    """An enrolled junior mentor (teaches AI tools unless told otherwise)."""
    return _enrolled(
        cohort,
        "mentor",
        stage_name,
        {"ai-tools": 4} if teaches is None else teaches,
        {"strategy": 2} if learns is None else learns,
        employee,
        manager,
        employee_fields,
        fields,
    )


def mentee(
    cohort: Cohort,
    *,
    stage_name: str = "Director",
    teaches: dict[str, int] | None = None,
    learns: dict[str, int] | None = None,
    employee: Employee | None = None,
    manager: Employee | None = None,
    employee_fields: dict[str, Any] | None = None,
    **fields: Any,
) -> Enrolment:
    """An enrolled senior mentee (wants AI tools unless told otherwise)."""
    return _enrolled(
        cohort,
        "mentee",
        stage_name,
        {"strategy": 4} if teaches is None else teaches,
        {"ai-tools": 3} if learns is None else learns,
        employee,
        manager,
        employee_fields,
        fields,
    )
