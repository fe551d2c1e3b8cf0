"""A cohort's enrolments as the engine's :class:`~crossgen.matching.problem.Problem`.

- Every ENROLLED enrolment (not waitlisted, not withdrawn) is a ``Person`` whose
  id is ``str(enrolment.pk)``: career stage is the employee's rank on the
  ladder, department and location come from the roster, time zone, working
  hours, capacity and skills from the enrolment.
- Every manager up the chain of every participant who is not a participant is
  added as a ``Person`` without a role (id ``"employee:<pk>"``), so that the
  reporting-chain rule sees the whole chain. The organisation's manager map is
  read in one query.
- Earlier relationships of these people (other cohorts) become previous partners.
- The cohort's pair decisions: pinned and hand-made pairs are pinned; broken
  pairs go on the mentor's do-not-pair list.

A fixed number of queries whatever the cohort's size.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from crossgen.matching.problem import Objective, Person, Problem, Role, Rules, Weights
from crossgen.matchmaking.models import Decision, PairDecision, Relationship
from crossgen.people.models import Employee
from crossgen.programs.models import Cohort, Enrolment, EnrolmentRole, EnrolmentStatus, Program
from crossgen.programs.services import program_objective, program_rules, program_weights

MANAGER_PREFIX = "employee:"
# What matching reads of an enrolment, its employee and career stage (a cohort can be large).
ENROLMENT_COLUMNS = (
    "organization_id",
    "cohort_id",
    "role",
    "status",
    "teaches",
    "learns",
    "timezone",
    "work_start_hour",
    "work_end_hour",
    "capacity",
    "employee__organization_id",
    "employee__first_name",
    "employee__last_name",
    "employee__email",
    "employee__department",
    "employee__location",
    "employee__timezone",
    "employee__manager_id",
    "employee__career_stage__rank",
    "employee__career_stage__organization_id",
)
TEACH_TOP, LEARN_TOP = 4, 3


def program_matching_settings(
    program: Program, cohort: Cohort | None = None
) -> tuple[Rules, Weights, Objective]:
    """The program's saved rules (time zones evaluated at the cohort's start),
    weights and objective: the one place the app reads them."""
    return (
        program_rules(program, cohort=cohort),
        program_weights(program),
        program_objective(program),
    )


def _levels(raw: Any, top: int) -> dict[str, int]:
    """Skill levels from an enrolment's JSON; anything that is not a level 1..top is left out."""
    if not isinstance(raw, Mapping):
        return {}
    return {
        str(slug): level
        for slug, level in raw.items()
        if isinstance(level, int) and not isinstance(level, bool) and 1 <= level <= top
    }


def cohort_enrolments(cohort: Cohort) -> list[Enrolment]:
    """The cohort's enrolled (matchable) enrolments, with employee and career stage."""
    return list(
        Enrolment.objects.for_org(cohort.organization_id)
        .filter(cohort=cohort, status=EnrolmentStatus.ENROLLED)
        .select_related("employee__career_stage")
        .only(*ENROLMENT_COLUMNS)
        .order_by("pk")
    )


def cohort_problem(
    cohort: Cohort,
    *,
    rules: Rules | None = None,
    weights: Weights | None = None,
    objective: Objective | str | None = None,
) -> tuple[Problem, dict[str, Enrolment]]:
    """The matching problem of ``cohort`` and its participants by person id.

    ``rules``, ``weights`` and ``objective`` default to the program's; the
    rules' reference date is always the cohort's start (daylight saving as it
    will be when the pairs meet) and their pinned pairs are the cohort's.
    """
    org_id = cohort.organization_id
    program = cohort.program
    saved_rules, saved_weights, saved_objective = program_matching_settings(program, cohort)
    rules = rules or saved_rules
    weights = weights or saved_weights
    objective = Objective(objective) if objective else saved_objective

    enrolments = cohort_enrolments(cohort)
    by_id = {str(e.pk): e for e in enrolments}
    person_of_employee = {e.employee_id: str(e.pk) for e in enrolments}

    # The whole manager map of the organisation, in one query.
    managers: dict[int, tuple[int | None, int]] = {
        pk: (manager_id, rank)
        for pk, manager_id, rank in Employee.objects.for_org(org_id).values_list(
            "pk", "manager_id", "career_stage__rank"
        )
    }

    def person_id(employee_id: int) -> str:
        return person_of_employee.get(employee_id) or f"{MANAGER_PREFIX}{employee_id}"

    def manager_of(employee_id: int) -> str | None:
        boss = managers.get(employee_id, (None, 0))[0]
        return None if boss is None else person_id(boss)

    do_not_pair: dict[str, set[str]] = {}
    previous: dict[str, set[str]] = {}
    pinned = _pins_and_forbids(cohort, by_id, do_not_pair)
    participants = Enrolment.objects.for_org(org_id).filter(
        cohort=cohort, status=EnrolmentStatus.ENROLLED
    )
    earlier = (
        Relationship.objects.for_org(org_id)
        .exclude(cohort=cohort)
        .filter(
            mentor__employee__in=participants.values("employee_id"),
            mentee__employee__in=participants.values("employee_id"),
        )
        .values_list("mentor__employee_id", "mentee__employee_id")
    )
    for mentor_employee, mentee_employee in earlier:
        a, b = person_of_employee[mentor_employee], person_of_employee[mentee_employee]
        previous.setdefault(a, set()).add(b)
        previous.setdefault(b, set()).add(a)

    people: list[Person] = []
    for key, enrolment in by_id.items():
        employee = enrolment.employee
        is_mentor = enrolment.role == EnrolmentRole.MENTOR
        people.append(
            Person(
                id=key,
                role=Role.MENTOR if is_mentor else Role.MENTEE,
                career_stage=employee.career_stage.rank,
                department=employee.department,
                location=employee.location,
                timezone=enrolment.timezone or employee.timezone or "UTC",
                manager_id=manager_of(employee.pk),
                teaches=_levels(enrolment.teaches, TEACH_TOP),
                learns=_levels(enrolment.learns, LEARN_TOP),
                capacity=enrolment.capacity if is_mentor else 1,
                do_not_pair=frozenset(do_not_pair.get(key, ())),
                previous_partners=frozenset(previous.get(key, ())),
                work_start_hour=float(enrolment.work_start_hour),
                work_end_hour=float(enrolment.work_end_hour),
            )
        )
    # Managers who do not take part, so that every reporting chain resolves.
    added: set[int] = set()
    for enrolment in enrolments:
        boss = managers.get(enrolment.employee_id, (None, 0))[0]
        while boss is not None and boss not in person_of_employee and boss not in added:
            added.add(boss)
            people.append(
                Person(
                    id=f"{MANAGER_PREFIX}{boss}",
                    role=None,
                    career_stage=managers[boss][1],
                    manager_id=manager_of(boss),
                )
            )
            boss = managers[boss][0]

    rules = dataclasses.replace(
        rules, reference_date=cohort.starts_on.isoformat(), pinned=tuple(pinned)
    )
    problem = Problem(people=tuple(people), rules=rules, weights=weights, objective=objective)
    return problem, by_id


def _pins_and_forbids(
    cohort: Cohort, by_id: dict[str, Enrolment], do_not_pair: dict[str, set[str]]
) -> list[tuple[str, str]]:
    """Pinned pairs (pins and hand-made pairs) and, into ``do_not_pair``, the
    broken ones. Decisions about people no longer enrolled are ignored; if two
    decisions pin one mentee, or more than a mentor's capacity, the newest win."""
    decisions = (
        PairDecision.objects.for_org(cohort.organization_id)
        .filter(cohort=cohort)
        .order_by("-created_at", "-pk")
        .values_list("mentor_id", "mentee_id", "decision")
    )
    pinned: list[tuple[str, str]] = []
    mentees_pinned: set[str] = set()
    load: dict[str, int] = {}
    for mentor_pk, mentee_pk, decision in decisions:
        mentor, mentee = str(mentor_pk), str(mentee_pk)
        if mentor not in by_id or mentee not in by_id:
            continue
        if decision == Decision.FORBID:
            do_not_pair.setdefault(mentor, set()).add(mentee)
            continue
        mentor_enrolment, mentee_enrolment = by_id[mentor], by_id[mentee]
        if (
            mentor_enrolment.role != EnrolmentRole.MENTOR
            or mentee_enrolment.role != EnrolmentRole.MENTEE
            or mentee in mentees_pinned
            or load.get(mentor, 0) >= mentor_enrolment.capacity
        ):
            continue
        mentees_pinned.add(mentee)
        load[mentor] = load.get(mentor, 0) + 1
        pinned.append((mentor, mentee))
    pinned.reverse()  # oldest first: the order the program manager made them
    return pinned
