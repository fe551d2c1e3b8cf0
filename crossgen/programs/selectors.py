"""Reads over programs and cohorts: lists, counts, the audit log. Every
function is scoped to one organisation (explicitly or through a scoped program)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.utils import timezone

from crossgen.audit.models import AuditEntry
from crossgen.people.models import CareerStage
from crossgen.programs.eligibility import ROLES, Eligibility
from crossgen.programs.models import (
    Cohort,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    Program,
    ProgramGoal,
)
from crossgen.programs.program_settings import first_cohort_dates
from crossgen.programs.rule_help import WEIGHT_PREFIX, label_for
from crossgen.programs.templates_catalog import TEMPLATES
from crossgen.tenancy.models import Organization

AUDIT_PAGE_SIZE = 50
DATE_FIELDS = ("enrolment_opens", "enrolment_closes", "starts_on", "ends_on")


def audit_scope(program: Program) -> str:
    """The scope of a program's audit log: every service acting on a program writes it."""
    return f"program:{program.pk}"


def organization_today(organization: Organization) -> date:
    """Today in the organisation's time zone (cohort dates are its calendar days)."""
    try:
        zone = ZoneInfo(organization.default_timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return timezone.localdate(timezone=zone)


def stage_names(organization: Organization) -> dict[int, str]:
    stages = CareerStage.objects.for_org(organization).order_by("rank")
    return {stage.rank: stage.name for stage in stages}


def current_cohort(program: Program, *, today: date | None = None) -> Cohort | None:
    """The cohort a program manager works on now: the earliest one not closed
    that has not ended yet, else the latest one."""
    today = today or organization_today(program.organization)
    cohorts = Cohort.objects.for_org(program.organization_id).filter(program=program)
    running = (
        cohorts.exclude(status=CohortStatus.CLOSED)
        .filter(ends_on__gte=today)
        .order_by("starts_on", "id")
        .first()
    )
    return running or cohorts.order_by("-starts_on", "-id").first()


def next_cohort_initial(program: Program, *, today: date | None = None) -> dict[str, Any]:
    """Suggested name and dates for a program's next cohort: it starts the day after
    the latest one ends (or in four weeks), with the usual enrolment window."""
    today = today or organization_today(program.organization)
    cohorts = Cohort.objects.for_org(program.organization_id).filter(program=program)
    latest = cohorts.order_by("-ends_on", "-id").first()
    start = today + timedelta(weeks=4)
    if latest is not None:
        start = max(start, latest.ends_on + timedelta(days=1))
    dates = first_cohort_dates(start, today=today)
    return {
        "name": f"Cohort {cohorts.count() + 1}",
        **{field: getattr(dates, field) for field in DATE_FIELDS},
    }


# -- The program list ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProgramRow:
    program: Program
    cohort_count: int
    enrolled: int
    current: Cohort | None


def program_rows(organization: Organization, *, today: date | None = None) -> list[ProgramRow]:
    today = today or organization_today(organization)
    programs = list(
        Program.objects.for_org(organization)
        .filter(is_archived=False)
        .annotate(
            cohort_count=Count("cohorts", distinct=True),
            enrolled=Count(
                "cohorts__enrolments",
                filter=Q(cohorts__enrolments__status=EnrolmentStatus.ENROLLED),
                distinct=True,
            ),
        )
        .order_by("-created_at", "-id")
    )
    cohorts: dict[int, list[Cohort]] = {}
    for cohort in (
        Cohort.objects.for_org(organization)
        .filter(program__in=programs)
        .order_by("starts_on", "id")
    ):
        cohorts.setdefault(cohort.program_id, []).append(cohort)
    return [
        ProgramRow(
            program=program,
            cohort_count=program.cohort_count,
            enrolled=program.enrolled,
            current=_pick_current(cohorts.get(program.pk, []), today),
        )
        for program in programs
    ]


def _pick_current(cohorts: list[Cohort], today: date) -> Cohort | None:
    """Same choice as ``current_cohort``, over cohorts ordered by start."""
    for cohort in cohorts:
        if cohort.status != CohortStatus.CLOSED and cohort.ends_on >= today:
            return cohort
    return cohorts[-1] if cohorts else None


# -- A program's cohorts and their enrolments ---------------------------------------------


@dataclass(frozen=True, slots=True)
class RoleCounts:
    role: str
    label: str
    counts: dict[str, int]  # EnrolmentStatus value -> people

    @property
    def enrolled(self) -> int:
        return self.counts.get(EnrolmentStatus.ENROLLED, 0)

    def by_status(self) -> list[tuple[str, int]]:
        return [(status.label, self.counts.get(status.value, 0)) for status in EnrolmentStatus]


@dataclass(frozen=True, slots=True)
class CohortSummary:
    cohort: Cohort
    roles: list[RoleCounts]
    is_current: bool

    @property
    def enrolled(self) -> int:
        return sum(role.enrolled for role in self.roles)

    @property
    def total(self) -> int:
        return sum(sum(role.counts.values()) for role in self.roles)


def role_labels(program: Program) -> dict[str, str]:
    return {"mentor": program.mentor_label, "mentee": program.mentee_label}


def cohort_summaries(program: Program, *, today: date | None = None) -> list[CohortSummary]:
    """Every cohort of the program, newest first, with enrolment counts by role and status."""
    cohorts = list(
        Cohort.objects.for_org(program.organization_id)
        .filter(program=program)
        .order_by("-starts_on", "-id")
    )
    counts: dict[int, dict[str, dict[str, int]]] = {}
    rows = (
        Enrolment.objects.for_org(program.organization_id)
        .filter(cohort__program=program)
        .values("cohort", "role", "status")
        .annotate(n=Count("id"))
        .values_list("cohort", "role", "status", "n")
    )
    for cohort_id, role, status, n in rows:
        counts.setdefault(cohort_id, {}).setdefault(role, {})[status] = n
    current = current_cohort(program, today=today)
    labels = role_labels(program)
    return [
        CohortSummary(
            cohort=cohort,
            roles=[
                RoleCounts(role, labels[role], counts.get(cohort.pk, {}).get(role, {}))
                for role in ROLES
            ],
            is_current=current is not None and cohort.pk == current.pk,
        )
        for cohort in cohorts
    ]


@dataclass(frozen=True, slots=True)
class EligibilityLine:
    label: str
    facts: list[str]


def eligibility_summary(program: Program) -> list[EligibilityLine]:
    """Who may join each side, in words ("Early career to Senior professional")."""
    stages = stage_names(program.organization)
    eligibility = Eligibility.from_json(program.eligibility)
    labels = role_labels(program)
    lines = []
    for role in ROLES:
        rule = eligibility.rules[role]
        low = stages.get(rule.min_stage, f"stage {rule.min_stage}") if rule.min_stage else None
        high = stages.get(rule.max_stage, f"stage {rule.max_stage}") if rule.max_stage else None
        if low and high:
            stage_text = low if low == high else f"{low} to {high}"
        elif low:
            stage_text = f"{low} and above"
        elif high:
            stage_text = f"up to {high}"
        else:
            stage_text = "any career stage"
        facts = [
            stage_text,
            ", ".join(rule.departments) if rule.departments else "any department",
            ", ".join(rule.locations) if rule.locations else "any location",
        ]
        if rule.min_tenure_months:
            facts.append(f"at least {rule.min_tenure_months} months with the company")
        lines.append(EligibilityLine(labels[role], facts))
    return lines


# -- The program's audit log --------------------------------------------------------------

ACTION_TITLES = {
    "program.created": "Created the program",
    "program.settings_updated": "Changed the settings",
    "cohort.created": "Added a cohort",
    "cohort.updated": "Changed a cohort",
}

_SETTING_LABELS = {
    "name": "Name",
    "description": "Description",
    "mentor_label": "Junior side's name",
    "mentee_label": "Senior side's name",
    "goals": "Goals",
    "meeting_cadence_days": "Meet every (days)",
    "session_minutes": "Session length (minutes)",
    "default_mentor_capacity": "Mentees per mentor",
    "charter": "Charter",
    "objective": "Objective",
    "enrolment_opens": "Enrolment opens",
    "enrolment_closes": "Enrolment closes",
    "starts_on": "Cohort starts",
    "ends_on": "Cohort ends",
    "min_stage": "from career stage",
    "max_stage": "to career stage",
    "departments": "departments",
    "locations": "locations",
    "min_tenure_months": "minimum tenure (months)",
}


@dataclass(frozen=True, slots=True)
class ChangeLine:
    label: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class AuditRow:
    entry: AuditEntry
    title: str
    changes: list[ChangeLine]  # what changed, from what to what
    facts: list[tuple[str, str]]  # what was created with what


_FACT_LABELS = {
    "template": "Template",
    "name": "Name",
    "start": "First cohort starts",
    "enrolment_opens": "Enrolment opens",
    "enrolment_closes": "Enrolment closes",
    "starts_on": "Starts",
    "ends_on": "Ends",
}


def _setting_label(key: str, labels: Mapping[str, str]) -> str:
    section, _, rest = key.partition(".")
    if section == "eligibility":
        role, _, field = rest.partition(".")
        return f"{labels.get(role, role)}: {_SETTING_LABELS.get(field, field)}"
    if section == "rules":
        return f"Rule: {label_for(rest)}"
    if section == "weights":
        return f"Weight: {label_for(WEIGHT_PREFIX + rest)}"
    if section == "cohort":
        return _SETTING_LABELS.get(rest, rest)
    return _SETTING_LABELS.get(key, key.replace("_", " ").capitalize())


def _value_text(key: str, value: Any, stages: Mapping[int, str]) -> str:
    if value is None or value == [] or value == "":
        return "any" if key.startswith("eligibility.") else "—"
    if isinstance(value, bool):
        return "on" if value else "off"
    if key.endswith(("min_stage", "max_stage")) and isinstance(value, int):
        return stages.get(value, f"stage {value}")
    if key == "goals" and isinstance(value, list):
        names = dict(ProgramGoal.choices)
        return ", ".join(str(names.get(v, v)) for v in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    text = _readable_date(str(value))
    return text if len(text) <= 160 else text[:157] + "…"


def _readable_date(text: str) -> str:
    """ "2026-03-02" as "2 Mar 2026"; anything else unchanged."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text
    return f"{day.day} {day:%b %Y}" if len(text) == 10 else text


def _facts(details: Any) -> list[tuple[str, str]]:
    if not isinstance(details, dict):
        return []
    facts = []
    for key, label in _FACT_LABELS.items():
        if key in details:
            value = _readable_date(str(details[key]))
            if key == "template" and value in TEMPLATES:
                value = TEMPLATES[value].title
            facts.append((label, value))
    return facts


def program_audit_page(program: Program, page: str | int) -> Page[AuditRow]:
    """The program's log (``scope="program:<id>"``), newest first, with readable changes."""
    entries = (
        AuditEntry.objects.for_org(program.organization_id)
        .filter(scope=audit_scope(program))
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
    result: Page[Any] = Paginator(entries, AUDIT_PAGE_SIZE).get_page(page)
    stages = stage_names(program.organization)
    labels = role_labels(program)
    rows = []
    for entry in result.object_list:
        changed = entry.details.get("changed") if isinstance(entry.details, dict) else None
        lines = [
            ChangeLine(
                _setting_label(key, labels),
                _value_text(key, change.get("from"), stages),
                _value_text(key, change.get("to"), stages),
            )
            for key, change in (changed or {}).items()
            if isinstance(change, dict)
        ]
        facts = _facts(entry.details) if changed is None else []
        title = ACTION_TITLES.get(entry.action, entry.action)
        rows.append(AuditRow(entry, title, lines, facts))
    result.object_list = rows
    return result
