"""Reads for the invitation and enrolment pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.utils import timezone

from crossgen.accounts.models import User
from crossgen.people.models import search_key
from crossgen.programs.enrolment import (
    RoleChoice,
    Window,
    account_for,
    eligible_roles,
    enrolment_window,
)
from crossgen.programs.models import Cohort, Enrolment, EnrolmentStatus, Invitation

ENROLMENTS_PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class EnrolPage:
    """What the enrolment page should show for one invitation and visitor."""

    window: Window
    roles: RoleChoice
    existing: Enrolment | None  # an enrolment that is not withdrawn
    account_exists: bool  # the person has an account but is not signed in

    @property
    def needs_password(self) -> bool:
        return not self.account_exists


def enrol_page(
    invitation: Invitation, *, user: User | AnonymousUser, now: datetime | None = None
) -> EnrolPage:
    cohort = invitation.cohort
    existing = (
        Enrolment.objects.for_org(invitation.organization_id)
        .filter(cohort=cohort, employee=invitation.employee)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .first()
    )
    signed_in = user.is_authenticated
    return EnrolPage(
        window=enrolment_window(cohort, now=now),
        roles=eligible_roles(cohort.program, invitation.employee, now=now),
        existing=existing,
        account_exists=not signed_in and account_for(invitation.employee) is not None,
    )


@dataclass(frozen=True, slots=True)
class InvitationSummary:
    sent: int
    used: int
    live: int
    expired: int
    revoked: int


def invitation_summary(cohort: Cohort, *, now: datetime | None = None) -> InvitationSummary:
    now = now or timezone.now()
    unused = Q(used_at__isnull=True, revoked_at__isnull=True)
    counts = (
        Invitation.objects.for_org(cohort.organization_id)
        .filter(cohort=cohort)
        .aggregate(
            sent=Count("id"),
            used=Count("id", filter=Q(used_at__isnull=False)),
            live=Count("id", filter=unused & Q(expires_at__gt=now)),
            expired=Count("id", filter=unused & Q(expires_at__lte=now)),
            revoked=Count("id", filter=Q(revoked_at__isnull=False, used_at__isnull=True)),
        )
    )
    return InvitationSummary(**counts)


@dataclass(frozen=True, slots=True)
class EnrolmentFilters:
    role: str = ""
    status: str = ""
    query: str = ""


def enrolment_counts(cohort: Cohort) -> dict[str, int]:
    """Enrolments by status, and active ones (enrolled) by role."""
    rows = (
        Enrolment.objects.for_org(cohort.organization_id)
        .filter(cohort=cohort)
        .order_by()
        .values_list("status", "role")
        .annotate(n=Count("id"))
    )
    counts: dict[str, int] = {
        "total": 0,
        **dict.fromkeys(EnrolmentStatus.values, 0),
        "mentor": 0,
        "mentee": 0,
    }
    for status, role, n in rows:
        counts["total"] += n
        counts[status] += n
        if status == EnrolmentStatus.ENROLLED:
            counts[role] += n
    return counts


def enrolments_page(cohort: Cohort, filters: EnrolmentFilters, page: str | int) -> Page[Enrolment]:
    enrolments = (
        Enrolment.objects.for_org(cohort.organization_id)
        .filter(cohort=cohort)
        .select_related("employee", "employee__career_stage")
    )
    if filters.role:
        enrolments = enrolments.filter(role=filters.role)
    if filters.status:
        enrolments = enrolments.filter(status=filters.status)
    for term in search_key(filters.query).split()[:5]:
        enrolments = enrolments.filter(employee__search_text__contains=term)
    ordered = enrolments.order_by("employee__last_name", "employee__first_name", "id")
    return Paginator(ordered, ENROLMENTS_PAGE_SIZE).get_page(page)
