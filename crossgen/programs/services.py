"""Setting up programs and their cohorts.

Every change here is one transaction and one entry in the program's audit
log (``scope="program:<id>"``). Settings are checked in
:mod:`crossgen.programs.program_settings`, which reports every problem at
once, keyed by form field, in a :class:`ProgramSettingsError`.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from django.db import transaction

from crossgen.accounts.models import User
from crossgen.audit.services import audit_record
from crossgen.matching.problem import Objective, Rules, Weights
from crossgen.people.models import CareerStage
from crossgen.people.selectors import filter_choices
from crossgen.programs.models import Cohort, CohortStatus, Program
from crossgen.programs.program_settings import (
    MAX_NAME,
    CohortDates,
    OrganizationFacts,
    ProgramSettings,
    ProgramSettingsError,
    cohort_date_problems,
    first_cohort_dates,
    rules_from_json,
    rules_to_json,
    settings_problems,
    weights_from_json,
    weights_to_json,
)
from crossgen.programs.rule_forms import rules_from_form as rules_from_form
from crossgen.programs.selectors import audit_scope, organization_today
from crossgen.programs.templates_catalog import ProgramTemplate
from crossgen.tenancy.models import Organization

__all__ = [
    "CohortDates",
    "ProgramSettings",
    "ProgramSettingsError",
    "audit_scope",
    "cohort_create",
    "cohort_update",
    "first_cohort_dates",
    "organization_facts",
    "program_create_from_template",
    "program_objective",
    "program_rules",
    "program_settings_problems",
    "program_update_settings",
    "program_weights",
    "rules_from_form",
]


# -- What the engine gets ----------------------------------------------------------------


def program_rules(program: Program, *, cohort: Cohort | None = None) -> Rules:
    """The program's hard rules for the engine (no pinned pairs: those are the
    cohort's decisions). With a cohort, time-zone offsets are evaluated on its
    start date, so daylight saving is that of the months the pairs will meet."""
    rules = rules_from_json(program.matching_rules)
    if cohort is not None:
        rules = dataclasses.replace(rules, reference_date=cohort.starts_on.isoformat())
    return rules


def program_weights(program: Program) -> Weights:
    return weights_from_json(program.matching_weights)


def program_objective(program: Program) -> Objective:
    try:
        return Objective(program.objective)
    except ValueError:
        return Objective.MAX_PARTICIPATION


# -- Organisation facts the checks need ---------------------------------------------------


def organization_facts(organization: Organization) -> OrganizationFacts:
    stages = CareerStage.objects.for_org(organization).order_by("rank")
    choices = filter_choices(organization)
    return OrganizationFacts(
        stage_names={stage.rank: stage.name for stage in stages},
        departments=frozenset(choices["departments"]),
        locations=frozenset(choices["locations"]),
    )


# -- Dates ---------------------------------------------------------------------------------


def _dates_json(dates: CohortDates) -> dict[str, str]:
    return {field: getattr(dates, field).isoformat() for field in _DATE_FIELDS}


_DATE_FIELDS = ("enrolment_opens", "enrolment_closes", "starts_on", "ends_on")


def _text(value: str) -> str:
    """Multi-line text as stored: browsers send CRLF line ends, we keep LF."""
    return value.replace("\r\n", "\n").strip()


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        key: {"from": before.get(key), "to": value}
        for key, value in after.items()
        if before.get(key) != value
    }


# -- Programs ------------------------------------------------------------------------------


@transaction.atomic
def program_create_from_template(
    *,
    organization: Organization,
    actor: User | None,
    template: ProgramTemplate,
    name: str,
    start: date,
    today: date | None = None,
) -> Program:
    """A new program with the template's defaults, and its first cohort
    starting on ``start``."""
    today = today or organization_today(organization)
    facts = organization_facts(organization)
    problems: dict[str, str] = {}
    name = name.strip()
    if not name:
        problems["name"] = "Give the program a name."
    elif len(name) > MAX_NAME:
        problems["name"] = f"The name is at most {MAX_NAME} characters."
    if start < today:
        problems["start"] = "The first cohort cannot start in the past: choose today or later."
    if facts.stage_count < 2:
        problems["template"] = (
            "Set up the career ladder first (Settings → Career ladder): the template puts "
            "its junior half on the mentor side and its senior half on the mentee side."
        )
    if problems:
        raise ProgramSettingsError(problems)
    program = Program.objects.create(
        organization=organization,
        name=name,
        kind=template.kind,
        mentor_label=template.mentor_label,
        mentee_label=template.mentee_label,
        goals=[goal.value for goal in template.goals],
        meeting_cadence_days=template.meeting_cadence_days,
        session_minutes=template.session_minutes,
        default_mentor_capacity=template.default_mentor_capacity,
        eligibility=template.eligibility(facts.stage_count).to_json(),
        matching_rules=rules_to_json(template.rules),
        matching_weights=weights_to_json(template.weights),
        objective=template.objective.value,
        charter=_text(template.charter()),
        created_by=actor,
    )
    audit_record(
        organization=organization,
        actor=actor,
        action="program.created",
        target=f"Program {program.pk}",
        scope=audit_scope(program),
        details={"template": template.key, "name": name, "start": start.isoformat()},
    )
    _cohort_create(
        program=program,
        actor=actor,
        name="Cohort 1",
        dates=first_cohort_dates(
            start, today=today, months=template.cohort_months, weeks=template.enrolment_weeks
        ),
    )
    return program


def program_settings_problems(
    *,
    program: Program,
    changes: ProgramSettings,
    cohort: Cohort | None = None,
    dates: CohortDates | None = None,
) -> dict[str, str]:
    """Every problem ``program_update_settings`` would refuse, keyed by form field
    (empty: the change can be saved). Changes nothing."""
    if cohort is not None and cohort.program_id != program.pk:
        raise ValueError("The cohort belongs to another program.")
    problems = settings_problems(
        changes, kind=program.kind, facts=organization_facts(program.organization)
    )
    if cohort is not None and dates is not None:
        problems.update(_cohort_problems(cohort, dates))
    return problems


@transaction.atomic
def program_update_settings(
    *,
    program: Program,
    actor: User | None,
    changes: ProgramSettings,
    cohort: Cohort | None = None,
    dates: CohortDates | None = None,
) -> Program:
    """Save the program's settings (and, with ``cohort`` and ``dates``, that
    cohort's dates) after checking all of them; raise ``ProgramSettingsError``
    listing every problem and change nothing."""
    problems = program_settings_problems(
        program=program, changes=changes, cohort=cohort, dates=dates
    )
    if problems:
        raise ProgramSettingsError(problems)

    before = ProgramSettings.of(program).flat()
    program.name = changes.name.strip()
    program.description = _text(changes.description)
    program.mentor_label = changes.mentor_label.strip()
    program.mentee_label = changes.mentee_label.strip()
    program.goals = list(changes.goals)
    program.meeting_cadence_days = changes.meeting_cadence_days
    program.session_minutes = changes.session_minutes
    program.default_mentor_capacity = changes.default_mentor_capacity
    program.charter = _text(changes.charter)
    program.eligibility = changes.eligibility.to_json()
    program.matching_rules = rules_to_json(changes.rules)
    program.matching_weights = weights_to_json(changes.weights)
    program.objective = changes.objective
    changed = _changes(before, ProgramSettings.of(program).flat())
    if cohort is not None and dates is not None:
        changed.update(
            {f"cohort.{key}": value for key, value in _apply_dates(cohort, dates).items()}
        )
    if not changed:
        return program
    program.save()
    audit_record(
        organization=program.organization,
        actor=actor,
        action="program.settings_updated",
        target=f"Program {program.pk}",
        scope=audit_scope(program),
        details={"changed": changed, **({"cohort": cohort.pk} if cohort else {})},
    )
    return program


# -- Cohorts -------------------------------------------------------------------------------


def _cohort_problems(cohort: Cohort | None, dates: CohortDates) -> dict[str, str]:
    problems = cohort_date_problems(dates)
    if cohort is not None and cohort.status == CohortStatus.CLOSED:
        problems.setdefault("starts_on", "This cohort is closed: its dates can no longer change.")
    return problems


def _apply_dates(cohort: Cohort, dates: CohortDates) -> dict[str, dict[str, Any]]:
    before = _dates_json(CohortDates.of(cohort))
    changed = _changes(before, _dates_json(dates))
    if changed:
        for field in _DATE_FIELDS:
            setattr(cohort, field, getattr(dates, field))
        cohort.save(update_fields=list(_DATE_FIELDS))
    return changed


def _cohort_create(
    *, program: Program, actor: User | None, name: str, dates: CohortDates
) -> Cohort:
    cohort = Cohort.objects.create(
        organization=program.organization,
        program=program,
        name=name,
        enrolment_opens=dates.enrolment_opens,
        enrolment_closes=dates.enrolment_closes,
        starts_on=dates.starts_on,
        ends_on=dates.ends_on,
    )
    audit_record(
        organization=program.organization,
        actor=actor,
        action="cohort.created",
        target=f"Cohort {cohort.pk}",
        scope=audit_scope(program),
        details={"cohort": cohort.pk, "name": name, **_dates_json(dates)},
    )
    return cohort


def _cohort_name_problems(name: str) -> dict[str, str]:
    if not name.strip():
        return {"name": "Give the cohort a name, for example “Spring 2026”."}
    if len(name.strip()) > MAX_NAME:
        return {"name": f"The name is at most {MAX_NAME} characters."}
    return {}


@transaction.atomic
def cohort_create(*, program: Program, actor: User | None, name: str, dates: CohortDates) -> Cohort:
    """Another round of the program, with its own enrolment window."""
    problems = {**_cohort_name_problems(name), **_cohort_problems(None, dates)}
    if problems:
        raise ProgramSettingsError(problems)
    return _cohort_create(program=program, actor=actor, name=name.strip(), dates=dates)


@transaction.atomic
def cohort_update(*, cohort: Cohort, actor: User | None, name: str, dates: CohortDates) -> Cohort:
    """Rename a cohort or move its dates (not once it is closed)."""
    problems = {**_cohort_name_problems(name), **_cohort_problems(cohort, dates)}
    if problems:
        raise ProgramSettingsError(problems)
    changed = _apply_dates(cohort, dates)
    if cohort.name != name.strip():
        changed["name"] = {"from": cohort.name, "to": name.strip()}
        cohort.name = name.strip()
        cohort.save(update_fields=["name"])
    if changed:
        audit_record(
            organization=cohort.organization,
            actor=actor,
            action="cohort.updated",
            target=f"Cohort {cohort.pk}",
            scope=audit_scope(cohort.program),
            details={"cohort": cohort.pk, "changed": changed},
        )
    return cohort
