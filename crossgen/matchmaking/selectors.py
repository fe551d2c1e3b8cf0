"""Reads for the matching pages: a run's pairs with filters, its unmatched
people, the cohort's runs and decisions, and what a participant sees.

Every query is scoped to one organisation. The review page reads one page of
pairs (50) with its people in one query, so its cost does not grow with the
number of pairs beyond an indexed count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import ngettext

from crossgen.matchmaking.introductions import (
    NEXT_STEPS,
    MeetingSlot,
    WorkingHours,
    relationship_slot,
)
from crossgen.matchmaking.models import (
    MatchRun,
    PairDecision,
    ProposedPair,
    Relationship,
    RelationshipStatus,
    RunStatus,
    UnmatchedEnrolment,
)
from crossgen.matchmaking.wording import pair_sentences
from crossgen.people.models import Employee, search_key
from crossgen.programs.models import Cohort, CohortStatus, Enrolment, EnrolmentStatus

PAGE_SIZE = 50
FLAGS = {
    "pinned": "Pinned",
    "manual": "Set by hand",
    "flagged": "Breaks a rule (flagged)",
}
BANDS = {
    "high": ("Strong fit (top third)", 2 / 3, None),
    "medium": ("Fair fit (middle third)", 1 / 3, 2 / 3),
    "low": ("Weak fit (bottom third)", None, 1 / 3),
}


@dataclass(frozen=True, slots=True)
class PairFilters:
    query: str = ""
    flag: str = ""  # a key of FLAGS
    band: str = ""  # a key of BANDS
    department: str = ""

    @property
    def active(self) -> bool:
        return bool(self.query or self.flag or self.band or self.department)


def _cohort_enrolments(run: MatchRun) -> QuerySet[Enrolment]:
    return Enrolment.objects.for_org(run.organization_id).filter(cohort=run.cohort_id)


def run_pairs(run: MatchRun, filters: PairFilters) -> QuerySet[ProposedPair]:
    """The run's pairs matching ``filters``, best first, without their people
    (:func:`pairs_page` reads those for one page).

    Searches and the department filter look up the cohort's matching
    enrolments once, in a subquery, instead of joining both people of every
    pair of the run.
    """
    pairs = ProposedPair.objects.for_org(run.organization_id).filter(run=run)
    if filters.query:
        for term in search_key(filters.query).split()[:5]:
            found = _cohort_enrolments(run).filter(employee__search_text__contains=term)
            pairs = pairs.filter(
                Q(mentor__in=found.values("pk")) | Q(mentee__in=found.values("pk"))
            )
    if filters.flag == "pinned":
        pairs = pairs.filter(pinned=True)
    elif filters.flag == "manual":
        pairs = pairs.filter(manual=True)
    elif filters.flag == "flagged":
        pairs = pairs.exclude(broken_rules=[])
    if filters.band in BANDS:
        top = float((run.stats or {}).get("max_possible") or 1.0)
        _, low, high = BANDS[filters.band]
        if low is not None:
            pairs = pairs.filter(score__gte=low * top)
        if high is not None:
            pairs = pairs.filter(score__lt=high * top)
    if filters.department:
        found = _cohort_enrolments(run).filter(employee__department=filters.department)
        pairs = pairs.filter(Q(mentor__in=found.values("pk")) | Q(mentee__in=found.values("pk")))
    return pairs.order_by("-score", "pk")


# What the review page shows of a pair and of an unmatched person: one page of
# rows is read without the enrolments' answers or the employees' other fields.
_PERSON = ("organization_id", "first_name", "last_name", "department", "location")
PAIR_COLUMNS = (
    "organization_id",
    "run_id",
    "score",
    "parts",
    "explanation",
    "pinned",
    "manual",
    "broken_rules",
    "override_reason",
    *(
        f"{side}__{field}"
        for side in ("mentor", "mentee")
        for field in (
            "organization_id",
            *(f"employee__{f}" for f in _PERSON),
            "employee__career_stage__organization_id",
            "employee__career_stage__name",
        )
    ),
)
UNMATCHED_COLUMNS = (
    "organization_id",
    "run_id",
    "kind",
    "reason",
    "enrolment__organization_id",
    "enrolment__role",
    *(f"enrolment__employee__{f}" for f in _PERSON),
    "best_alternative__organization_id",
    *(f"best_alternative__employee__{f}" for f in _PERSON),
)


def _fetch_page[T: (ProposedPair, UnmatchedEnrolment)](
    page: Page[Any], rows: QuerySet[T]
) -> Page[T]:
    """Replace a page of ids by the rows themselves, in the page's order.

    Paginating ids and then reading the 50 rows with their people keeps the
    joins and the wide columns (explanations) off the count and off the sort
    of the whole run: a deep page costs what the first page costs.
    """
    ids = list(page.object_list)
    by_id = {row.pk: row for row in rows.filter(pk__in=ids)}
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    return page


def pairs_page(run: MatchRun, filters: PairFilters, number: str | int) -> Page[ProposedPair]:
    ids = run_pairs(run, filters).values_list("pk", flat=True)
    page = Paginator(ids, PAGE_SIZE).get_page(number)
    rows = (
        ProposedPair.objects.for_org(run.organization_id)
        .select_related("mentor__employee__career_stage", "mentee__employee__career_stage")
        .only(*PAIR_COLUMNS)
    )
    return _fetch_page(page, rows)


def unmatched_page(run: MatchRun, number: str | int) -> Page[UnmatchedEnrolment]:
    """Unmatched mentees first, then mentors with no mentee, then mentors with places left."""
    ids = (
        UnmatchedEnrolment.objects.for_org(run.organization_id)
        .filter(run=run)
        .order_by("-enrolment__role", "kind", "enrolment__employee__last_name", "pk")
        .values_list("pk", flat=True)
    )
    page = Paginator(ids, PAGE_SIZE).get_page(number)
    rows = (
        UnmatchedEnrolment.objects.for_org(run.organization_id)
        .select_related("enrolment__employee", "best_alternative__employee")
        .only(*UNMATCHED_COLUMNS)
    )
    return _fetch_page(page, rows)


def run_departments(run: MatchRun) -> list[str]:
    """Departments of the cohort's people, for the department filter."""
    enrolments = Enrolment.objects.for_org(run.organization_id).filter(cohort=run.cohort_id)
    departments = enrolments.order_by().values_list("employee__department", flat=True).distinct()
    return sorted(d for d in departments if d)


def cohort_runs(cohort: Cohort) -> list[MatchRun]:
    return list(
        MatchRun.objects.for_org(cohort.organization_id)
        .filter(cohort=cohort)
        .select_related("started_by")
        .order_by("-number")
    )


def active_run(cohort: Cohort) -> MatchRun | None:
    return (
        MatchRun.objects.for_org(cohort.organization_id)
        .filter(cohort=cohort, status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
        .order_by("-number")
        .first()
    )


def published_run(cohort: Cohort) -> MatchRun | None:
    relationship = (
        Relationship.objects.for_org(cohort.organization_id)
        .filter(cohort=cohort)
        .select_related("run")
        .order_by("pk")
        .first()
    )
    return relationship.run if relationship else None


def cohort_decisions(cohort: Cohort) -> list[PairDecision]:
    return list(
        PairDecision.objects.for_org(cohort.organization_id)
        .filter(cohort=cohort)
        .select_related("mentor__employee", "mentee__employee", "created_by")
        .order_by("-created_at")
    )


def enrolment_counts(cohort: Cohort) -> dict[str, int]:
    rows = Enrolment.objects.for_org(cohort.organization_id).filter(cohort=cohort)
    return {
        "mentors": rows.filter(status=EnrolmentStatus.ENROLLED, role="mentor").count(),
        "mentees": rows.filter(status=EnrolmentStatus.ENROLLED, role="mentee").count(),
        "waitlisted": rows.filter(status=EnrolmentStatus.WAITLISTED).count(),
    }


def manual_choices(run: MatchRun) -> tuple[list[Enrolment], list[Enrolment]]:
    """Enrolled mentors and mentees of the run's cohort, by name, for the hand-pairing form."""
    enrolled = (
        Enrolment.objects.for_org(run.organization_id)
        .filter(cohort=run.cohort_id, status=EnrolmentStatus.ENROLLED)
        .select_related("employee")
        .order_by("employee__last_name", "employee__first_name", "pk")
    )
    return list(enrolled.filter(role="mentor")), list(enrolled.filter(role="mentee"))


def histogram_rows(run: MatchRun) -> list[dict[str, Any]]:
    buckets = list((run.stats or {}).get("histogram") or [])
    top = max((b["count"] for b in buckets), default=0) or 1
    return [{**b, "share": b["count"] / top} for b in buckets]


# -- The participant's side ---------------------------------------------------------------


@dataclass(slots=True)
class ParticipantProgram:
    """One of a participant's programs: where they stand and what to do next."""

    enrolment: Enrolment
    cohort: Cohort
    role_label: str
    partner_label: str
    relationship: Relationship | None = None
    partner: Employee | None = None
    why: list[str] = field(default_factory=list)
    agreed_at: datetime | None = None
    partner_agreed_at: datetime | None = None
    first_meeting: MeetingSlot | None = None
    next_step: str = ""


def viewer_side(relationship: Relationship, employee_id: int | None) -> str | None:
    """ "mentor" or "mentee" if ``employee_id`` is one of the pair, else None."""
    if employee_id is not None and relationship.mentor.employee_id == employee_id:
        return "mentor"
    if employee_id is not None and relationship.mentee.employee_id == employee_id:
        return "mentee"
    return None


def relationship_view(relationship: Relationship, side: str | None) -> ParticipantProgram:
    """A relationship as one of its people (or staff, ``side=None``) sees it."""
    program = relationship.cohort.program
    mine = relationship.mentee if side == "mentee" else relationship.mentor
    partner = relationship.mentor if side == "mentee" else relationship.mentee
    agreed = (
        relationship.mentee_agreed_charter_at
        if side == "mentee"
        else relationship.mentor_agreed_charter_at
    )
    partner_agreed = (
        relationship.mentor_agreed_charter_at
        if side == "mentee"
        else relationship.mentee_agreed_charter_at
    )
    entry = ParticipantProgram(
        enrolment=mine,
        cohort=relationship.cohort,
        role_label=program.mentee_label if side == "mentee" else program.mentor_label,
        partner_label=program.mentor_label if side == "mentee" else program.mentee_label,
        relationship=relationship,
        partner=partner.employee,
        why=pair_sentences(
            relationship.explanation,
            mentor=relationship.mentor.employee.first_name,
            mentee=relationship.mentee.employee.first_name,
            viewer="mentor" if side == "mentor" else "mentee" if side == "mentee" else None,
        ),
        agreed_at=agreed,
        partner_agreed_at=partner_agreed,
        first_meeting=relationship_slot(relationship),
    )
    entry.next_step = _next_step(entry, program.meeting_cadence_days) if side else ""
    return entry


def _next_step(entry: ParticipantProgram, cadence_days: int) -> str:
    if entry.agreed_at is None:
        return NEXT_STEPS[0]
    meeting = entry.first_meeting
    if meeting is not None and meeting.start > timezone.now():
        when = WorkingHours.of(entry.enrolment).zone
        local = meeting.start.astimezone(when)
        return (
            f"Your first meeting is proposed for {local:%A %-d %B, %H:%M}: accept the calendar "
            "invitation or propose another time, and note two or three things you want to "
            "learn and to share."
        )
    return ngettext(
        "Keep meeting every day, and agree your goals for the next session.",
        "Keep meeting every %(n)s days, and agree your goals for the next session.",
        cadence_days,
    ) % {"n": cadence_days}


def participant_programs(employee: Employee) -> list[ParticipantProgram]:
    """Every current enrolment of ``employee``, with their partner(s) once published."""
    org_id = employee.organization_id
    enrolments = list(
        Enrolment.objects.for_org(org_id)
        .filter(employee=employee)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .exclude(cohort__status=CohortStatus.CLOSED)
        .select_related("cohort__program")
        .order_by("-cohort__starts_on", "pk")
    )
    relationships = list(
        Relationship.objects.for_org(org_id)
        .filter(Q(mentor__employee=employee) | Q(mentee__employee=employee))
        .filter(status=RelationshipStatus.ACTIVE)
        .select_related(
            "cohort__program", "mentor__employee", "mentee__employee", "cohort__published_by"
        )
        .order_by("pk")
    )
    by_enrolment: dict[int, list[Relationship]] = {}
    for relationship in relationships:
        mine = (
            relationship.mentor_id
            if relationship.mentor.employee_id == employee.pk
            else relationship.mentee_id
        )
        by_enrolment.setdefault(mine, []).append(relationship)
    entries: list[ParticipantProgram] = []
    for enrolment in enrolments:
        program = enrolment.cohort.program
        found = by_enrolment.get(enrolment.pk, [])
        if found:
            for relationship in found:
                entries.append(
                    relationship_view(relationship, viewer_side(relationship, employee.pk))
                )
            continue
        is_mentor = enrolment.role == "mentor"
        entry = ParticipantProgram(
            enrolment=enrolment,
            cohort=enrolment.cohort,
            role_label=program.mentor_label if is_mentor else program.mentee_label,
            partner_label=program.mentee_label if is_mentor else program.mentor_label,
        )
        if enrolment.status == EnrolmentStatus.WAITLISTED:
            entry.next_step = "You are on the waiting list. If a place opens, your program manager will let you know."
        elif enrolment.cohort.status == CohortStatus.PUBLISHED:
            entry.next_step = (
                "You were not paired this round. Your program manager will be in touch about "
                "the next cohort."
            )
        else:
            entry.next_step = (
                f"Matching happens after enrolment closes on {enrolment.cohort.enrolment_closes:%-d %B %Y}. "
                f"You will get an email introducing your {entry.partner_label.lower()}."
            )
        entries.append(entry)
    return entries
