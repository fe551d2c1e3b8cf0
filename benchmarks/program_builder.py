"""Builds a large reverse-mentoring program in the database for the app's
benchmarks, deterministically (seeded).

The people and their answers come from :func:`benchmarks.synthetic.synthetic_problem`
(juniors teaching digital skills, seniors wanting them, offices around the
world, a manager tree). The organisation, its program (from the Reverse
mentoring template) and the first cohort are made by the app's services;
employees and enrolments are bulk-inserted rows, as a roster import and
thousands of sign-ups would have left them (going through the enrolment
questionnaire 10,000 times would measure password hashing, not matching).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

SEED = 2026
TODAY = date(2026, 1, 5)
LADDER = (
    "Early career",
    "Professional",
    "Senior professional",
    "Manager",
    "Director",
    "Executive",
    "Chief executive",
)
BATCH = 2000


def build_program(*, enrolments: int, seed: int = SEED) -> dict[str, Any]:
    """A program whose first cohort has ``enrolments`` enrolled people (half
    mentors with capacity 1-3, half mentees) and a program manager; returns
    their ids."""
    from django.db import transaction
    from django.utils import timezone as django_timezone

    from benchmarks.synthetic import synthetic_problem
    from crossgen.accounts.models import User
    from crossgen.matching.problem import Role
    from crossgen.people.models import CareerStage, Employee
    from crossgen.programs.models import Cohort, Enrolment, EnrolmentRole
    from crossgen.programs.services import program_create_from_template
    from crossgen.programs.templates_catalog import REVERSE
    from crossgen.tenancy.models import Role as MembershipRole
    from crossgen.tenancy.services import membership_grant, organization_create

    mentors = enrolments // 2
    problem = synthetic_problem(mentors, enrolments - mentors, seed=seed, capacity=None)
    with transaction.atomic():
        organization = organization_create(
            name="Bench Corp", slug="bench", default_timezone="Europe/London", career_ladder=LADDER
        )
        stages = list(CareerStage.objects.for_org(organization).order_by("rank"))
        manager = User.objects.create_user("manager@bench.example", "bench-manager-password")
        membership_grant(
            organization=organization, user=manager, role=MembershipRole.PROGRAM_MANAGER
        )
        program = program_create_from_template(
            organization=organization,
            actor=manager,
            template=REVERSE,
            name="Digital Bridge",
            start=TODAY + timedelta(weeks=4),
            today=TODAY,
        )
        cohort = Cohort.objects.for_org(organization).get(program=program)

        # Employees, managers before their reports (executives, then seniors by stage, then juniors).
        order = sorted(
            problem.people,
            key=lambda p: (p.role is not None, p.role is Role.MENTOR, -p.career_stage),
        )
        employee_pk: dict[str, int] = {}
        rows: list[Employee] = []

        def flush() -> None:
            created = Employee.objects.bulk_create(rows)
            for person_id, employee in zip(pending, created, strict=True):
                employee_pk[person_id] = employee.pk
            rows.clear()
            pending.clear()

        pending: list[str] = []
        previous_stage: tuple[bool, bool, int] | None = None
        for k, person in enumerate(order):
            group = (person.role is not None, person.role is Role.MENTOR, person.career_stage)
            if rows and (group != previous_stage or len(rows) >= BATCH):
                flush()  # a batch never holds a report together with their manager
            previous_stage = group
            first, last = f"P{k:05d}", f"{person.department.split()[0]}{k % 997:03d}"
            email = f"person{k:05d}@bench.example"
            rows.append(
                Employee(
                    organization=organization,
                    external_id=person.id,
                    first_name=first,
                    last_name=last,
                    email=email,
                    email_key=email,
                    job_title="Executive" if person.role is None else LADDER[person.career_stage],
                    department=person.department,
                    location=person.location,
                    timezone=person.timezone,
                    manager_id=employee_pk.get(person.manager_id or ""),
                    career_stage=stages[person.career_stage],
                    search_text=f"{first} {last} {email}".lower(),
                )
            )
            pending.append(person.id)
        flush()

        now = django_timezone.now()
        Enrolment.objects.bulk_create(
            (
                Enrolment(
                    organization=organization,
                    cohort=cohort,
                    employee_id=employee_pk[person.id],
                    role=EnrolmentRole.MENTOR
                    if person.role is Role.MENTOR
                    else EnrolmentRole.MENTEE,
                    teaches=dict(person.teaches),
                    learns=dict(person.learns),
                    timezone=person.timezone,
                    work_start_hour=int(person.work_start_hour),
                    work_end_hour=int(person.work_end_hour),
                    capacity=person.capacity,
                    consented_at=now,
                )
                for person in problem.people
                if person.role is not None
            ),
            batch_size=BATCH,
        )
    return {"organization": organization.pk, "cohort": cohort.pk, "manager": manager.pk}


def start_and_finish_run(cohort_id: int, manager_id: int) -> int:
    """Press "Run matching": start a run through the service, as the button
    does, and wait for its background job (a thread of this process without a
    broker) to finish. Returns the run's id."""
    import threading

    from crossgen.accounts.models import User
    from crossgen.matchmaking.services import match_run_start
    from crossgen.programs.models import Cohort

    cohort = Cohort.unscoped.get(pk=cohort_id)
    run = match_run_start(cohort=cohort, actor=User.objects.get(pk=manager_id))
    for thread in threading.enumerate():
        if thread.name.startswith("crossgen.") and thread is not threading.current_thread():
            thread.join()
    return run.pk
