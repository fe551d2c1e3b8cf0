"""Loads the generated demo company into the database — through the real
roster import, so the demo exercises the same path a customer's file takes."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from crossgen.accounts.models import User
from crossgen.demodata import DemoCompany, generate_company, write_roster_csv
from crossgen.people.models import Employee
from crossgen.roster.services import roster_import
from crossgen.skills.models import Direction, EmployeeSkill, Skill
from crossgen.tenancy.models import Membership, Organization, Role
from crossgen.tenancy.services import membership_grant, organization_create

DEMO_SLUG = "northwind"
DEMO_PASSWORD = "crossgen-demo"  # printed by `crossgen demo`; the demo is local-only
SKILL_BATCH = 5000

type Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True, slots=True)
class DemoLogin:
    role: str
    email: str
    password: str
    who: str


class DemoLoadError(RuntimeError):
    pass


def _noop(phase: str, done: int, total: int | None) -> None:
    return None


def demo_company_load(
    *, employees: int = 2000, seed: int = 7, progress: Progress = _noop
) -> list[DemoLogin]:
    """Create the demo organisation if it is not there yet; return its sign-ins."""
    organization = Organization.objects.filter(slug=DEMO_SLUG).first()
    if organization is not None:
        return demo_logins(organization)
    progress("Generating the company", 0, 1)
    company = generate_company(employees=employees, seed=seed)
    with transaction.atomic():
        organization = organization_create(
            name=company.name,
            slug=DEMO_SLUG,
            default_timezone="Europe/London",
            career_ladder=list(company.career_stages),
        )
        with tempfile.TemporaryDirectory() as folder:
            roster = Path(folder) / "northwind-roster.csv"
            write_roster_csv(company, roster)
            plan = roster_import(
                organization=organization,
                actor=None,
                source=roster,
                filename=roster.name,
                today=company.as_of,
                progress=progress,
            )
        if not plan.ok:
            problems = "; ".join(str(issue) for issue in plan.errors[:5])
            raise DemoLoadError(f"The generated roster did not import: {problems}")
        _load_skills(organization, company, progress)
        _create_demo_users(organization, company)
    return demo_logins(organization)


def _load_skills(organization: Organization, company: DemoCompany, progress: Progress) -> None:
    skill_pk = dict(Skill.objects.for_org(organization).values_list("slug", "pk"))
    employee_pk = dict(Employee.objects.for_org(organization).values_list("external_id", "pk"))
    entries: list[EmployeeSkill] = []
    total = len(company.employees)
    for done, person in enumerate(company.employees, start=1):
        for direction, levels in (
            (Direction.TEACH, person.teaches),
            (Direction.LEARN, person.learns),
        ):
            entries.extend(
                EmployeeSkill(
                    organization=organization,
                    employee_id=employee_pk[person.employee_id],
                    skill_id=skill_pk[slug],
                    direction=direction,
                    level=level,
                )
                for slug, level in levels
            )
        if len(entries) >= SKILL_BATCH or done == total:
            EmployeeSkill.objects.bulk_create(entries)
            entries = []
            progress("Loading skills", done, total)


def _pick(company: DemoCompany, *, stage_index: int, department: str | None = None) -> str:
    for person in company.employees:
        if person.stage_index == stage_index and department in (None, person.department):
            return person.employee_id
    return company.employees[-1].employee_id


def _create_demo_users(organization: Organization, company: DemoCompany) -> None:
    people_department = next((d for d in company.departments if "People" in d or "HR" in d), None)
    choices = [
        (Role.PROGRAM_MANAGER, _pick(company, stage_index=3, department=people_department)),
        (Role.PARTICIPANT, _pick(company, stage_index=4)),  # a director: the senior mentee side
        (Role.PARTICIPANT, _pick(company, stage_index=0)),  # early career: the junior mentor side
    ]
    admin = User.objects.create_user(
        f"admin@{company.email_domain}", DEMO_PASSWORD, first_name="Demo", last_name="Admin"
    )
    membership_grant(organization=organization, user=admin, role=Role.ORG_ADMIN)
    for role, external_id in choices:
        employee = Employee.objects.for_org(organization).get(external_id=external_id)
        user = User.objects.create_user(
            employee.email.lower(),
            DEMO_PASSWORD,
            first_name=employee.first_name,
            last_name=employee.last_name,
        )
        membership_grant(organization=organization, user=user, role=role, employee=employee)


def demo_logins(organization: Organization) -> list[DemoLogin]:
    logins = []
    memberships = (
        Membership.objects.for_org(organization)
        .select_related("user", "employee__career_stage")
        .order_by("pk")
    )
    for membership in memberships:
        employee = membership.employee
        who = (
            f"{employee.full_name}, {employee.job_title} ({employee.career_stage.name})"
            if employee
            else "no roster record"
        )
        logins.append(
            DemoLogin(membership.get_role_display(), membership.user.email, DEMO_PASSWORD, who)
        )
    return logins
