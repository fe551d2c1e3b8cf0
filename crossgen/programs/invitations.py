"""Invitations to enrol in a cohort: personal, expiring, single-use links.

A token is 32 random bytes from :func:`secrets.token_urlsafe` (256 bits, 43
URL-safe characters). Only its SHA-256 is stored, so a leaked database holds
no working link; outside the demo, the outbox's copy of the email loses the
link too once the mailer has it (see :func:`_forget_links_after_delivery`).

A link opens the enrolment page of one cohort for one employee. It expires at
the end of the enrolment window's last day (in the organisation's time zone)
or fourteen days after sending, whichever is later, but never more than
ninety days after sending. Every refusal has its own plain message.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from crossgen.audit.services import audit_record
from crossgen.notifications.models import OutboxMessage
from crossgen.notifications.services import email_send
from crossgen.people.selectors import DirectoryFilters, directory_queryset
from crossgen.programs.eligibility import ROLES, Eligibility
from crossgen.programs.models import (
    Cohort,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    Invitation,
    Program,
)
from crossgen.rosterfile.cells import email_key
from crossgen.tenancy.models import Membership, Organization

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from crossgen.accounts.models import User

TOKEN_BYTES = 32
MIN_LIFETIME = timedelta(days=14)
MAX_LIFETIME = timedelta(days=90)
# Invitations per sending. Each message is delivered in the request after the
# commit (crossgen.notifications), about 10 ms apiece: a thousand stays well
# inside a worker timeout. A larger sending is refused, never truncated.
MAX_BATCH = 1000
MAX_SCAN = 20_000  # people a filter may match at all
LINK_REMOVED = "[personal link removed from this copy]"
_LINK_PATTERN = re.compile(r"/enrol/[A-Za-z0-9_-]{20,}/")


class InvitationError(Exception):
    """A link that cannot be used, or a sending that cannot happen.

    ``code`` says which case: ``unknown``, ``not_for_you``, ``revoked``,
    ``closed`` (program archived or cohort closed), ``inactive``, ``used``,
    ``expired``, or ``batch`` (a sending refused as a whole).
    """

    def __init__(self, message: str, *, code: str, invitation: Invitation | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.invitation = invitation


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def role_label(program: Program, role: str) -> str:
    return program.mentor_label if role == "mentor" else program.mentee_label


def organization_zone(organization: Organization) -> ZoneInfo:
    try:
        return ZoneInfo(organization.default_timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def organization_today(organization: Organization, *, now: datetime | None = None) -> date:
    """Today's date where the organisation is (enrolment windows are dates there)."""
    return (now or timezone.now()).astimezone(organization_zone(organization)).date()


def invitation_expiry(cohort: Cohort, *, now: datetime) -> datetime:
    window_end = datetime.combine(
        cohort.enrolment_closes, time(23, 59, 59), tzinfo=organization_zone(cohort.organization)
    )
    return min(max(window_end, now + MIN_LIFETIME), now + MAX_LIFETIME)


def invitation_is_for(invitation: Invitation, user: User) -> bool:
    """Whether ``user`` is the person invited: their address is the employee's
    work email, or their membership there is linked to the employee."""
    if email_key(user.email.strip()) == email_key(invitation.employee.email.strip()):
        return True
    return (
        Membership.objects.for_org(invitation.organization_id)
        .filter(user=user, employee_id=invitation.employee_id)
        .exists()
    )


# --- Looking a link up ------------------------------------------------------------


def format_date(day: date) -> str:
    """ "3 March 2026" (portable: no platform-specific strftime flags)."""
    return f"{day.day} {day:%B %Y}"


def _format_day(moment: datetime, organization: Organization) -> str:
    return format_date(moment.astimezone(organization_zone(organization)).date())


def invitation_check(
    invitation: Invitation, *, now: datetime, owner_signed_in: bool = False
) -> None:
    """Raise :class:`InvitationError` if the link can no longer be used.

    A used link still works for its owner when they are signed in: it takes
    them to their enrolment."""
    cohort = invitation.cohort
    program = cohort.program
    if invitation.revoked_at is not None:
        raise InvitationError(
            "This invitation was withdrawn by the program team. If you think that is a "
            "mistake, ask your program manager.",
            code="revoked",
            invitation=invitation,
        )
    if program.is_archived or cohort.status == CohortStatus.CLOSED:
        raise InvitationError(
            f"{program.name} is no longer taking sign-ups for {cohort.name}, so this link "
            "no longer works.",
            code="closed",
            invitation=invitation,
        )
    if not invitation.employee.is_active:
        raise InvitationError(
            "This invitation belongs to someone who is no longer on the company roster.",
            code="inactive",
            invitation=invitation,
        )
    if invitation.used_at is not None:
        if owner_signed_in:
            return
        raise InvitationError(
            "This link was already used — sign in to edit your enrolment.",
            code="used",
            invitation=invitation,
        )
    if now >= invitation.expires_at:
        raise InvitationError(
            f"This link expired on {_format_day(invitation.expires_at, invitation.organization)}; "
            "ask your program manager for a new one.",
            code="expired",
            invitation=invitation,
        )


def invitation_resolve(
    token: str,
    *,
    user: User | AnonymousUser | None = None,
    now: datetime | None = None,
) -> Invitation:
    """The invitation behind ``token``, if the link may still be used.

    With a signed-in ``user`` who is not the invited person, answers
    ``not_for_you`` (the page shows a 404: the link reveals nothing).
    """
    now = now or timezone.now()
    invitation = None
    if token and len(token) <= 128:
        # The token itself names the tenant: this is the one look-up that
        # starts outside any organisation, on purpose.
        invitation = (
            Invitation.unscoped.select_related(
                "organization", "cohort", "cohort__program", "employee", "employee__career_stage"
            )
            .filter(token_hash=token_hash(token))
            .first()
        )
    if invitation is None:
        raise InvitationError(
            "This link is not valid. Check that you copied the whole link from your "
            "invitation email, or ask your program manager for a new one.",
            code="unknown",
        )
    owner = False
    if user is not None and user.is_authenticated:
        owner = invitation_is_for(invitation, user)
        if not owner:
            raise InvitationError(
                "This invitation was sent to someone else, so it does not open here. If a "
                "colleague forwarded it to you, ask your program manager for an invitation of "
                "your own; if it is yours, sign out and open it again.",
                code="not_for_you",
                invitation=invitation,
            )
    invitation_check(invitation, now=now, owner_signed_in=owner)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User | None) -> Invitation:
    if invitation.revoked_at is None and invitation.used_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            organization=invitation.organization,
            actor=actor,
            action="invitation.revoked",
            target=f"Invitation {invitation.pk}",
            scope=f"program:{invitation.cohort.program_id}",
        )
    return invitation


# --- Choosing who to invite ------------------------------------------------------------


class SkipKind:
    INACTIVE = "no longer on the roster"
    ENROLLED = "already enrolled"
    INVITED = "already has a live invitation"
    INELIGIBLE = "not eligible"


@dataclass(frozen=True, slots=True)
class Person:
    """The roster fields inviting needs (read as values: thousands of people
    are classified for every change of the filter)."""

    pk: int
    first_name: str
    last_name: str
    email: str
    is_active: bool
    stage_rank: int
    department: str
    location: str
    hire_date: date | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True, slots=True)
class Candidate:
    person: Person
    roles: tuple[str, ...]  # roles this person would be invited for
    skip_kind: str = ""  # a SkipKind value; empty when they will be invited
    skip_detail: str = ""


@dataclass(frozen=True, slots=True)
class InvitePreview:
    """What sending to a filter would do, before anything is sent."""

    matching: int
    mentor_eligible: int  # eligible as mentor (including people eligible for both)
    mentee_eligible: int
    both: int
    to_invite: int
    skipped: dict[str, int]  # SkipKind -> count

    @property
    def too_many(self) -> bool:
        return self.to_invite > MAX_BATCH

    @property
    def max_batch(self) -> int:
        return MAX_BATCH


def _ineligible_detail(program: Program, reasons: dict[str, list[str]]) -> str:
    if len({tuple(r) for r in reasons.values()}) == 1:
        return "; ".join(next(iter(reasons.values())))
    return "; ".join(
        f"as {role_label(program, role)}: {', '.join(found)}" for role, found in reasons.items()
    )


def _candidates(
    *, cohort: Cohort, filters: DirectoryFilters, role_hint: str | None, now: datetime
) -> list[Candidate]:
    organization = cohort.organization
    program = cohort.program
    rows = directory_queryset(organization, filters).values_list(
        "pk", "first_name", "last_name", "email", "is_active", "career_stage__rank",
        "department", "location", "hire_date",
    )  # fmt: skip
    people = [Person(*row) for row in rows[: MAX_SCAN + 1]]
    if len(people) > MAX_SCAN:
        raise InvitationError(
            f"This filter matches more than {MAX_SCAN:,} people. Narrow it by department, "
            "location or career stage.",
            code="batch",
        )
    enrolled = set(
        Enrolment.objects.for_org(organization)
        .filter(cohort=cohort)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .values_list("employee_id", flat=True)
    )
    live = dict(
        Invitation.objects.for_org(organization)
        .filter(cohort=cohort, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)
        .values_list("employee_id", "expires_at")
    )
    rules = Eligibility.from_json(program.eligibility).rules
    today = organization_today(organization, now=now)
    wanted = (role_hint,) if role_hint else ROLES
    result: list[Candidate] = []
    for person in people:
        if not person.is_active:
            result.append(Candidate(person, (), SkipKind.INACTIVE))
            continue
        if person.pk in enrolled:
            result.append(Candidate(person, (), SkipKind.ENROLLED))
            continue
        if person.pk in live:
            until = _format_day(live[person.pk], organization)
            result.append(Candidate(person, (), SkipKind.INVITED, f"until {until}"))
            continue
        reasons = {
            role: rules[role].reasons_against(
                stage_rank=person.stage_rank,
                department=person.department,
                location=person.location,
                hire_date=person.hire_date,
                today=today,
            )
            for role in wanted
        }
        roles = tuple(role for role in wanted if not reasons[role])
        if roles:
            result.append(Candidate(person, roles))
        else:
            detail = _ineligible_detail(program, reasons)
            result.append(Candidate(person, (), SkipKind.INELIGIBLE, detail))
    return result


def _check_role_hint(role_hint: str | None) -> None:
    if role_hint not in (None, "", *ROLES):
        raise InvitationError("Role: choose mentor, mentee, or anyone eligible.", code="batch")


def invitation_preview(
    *,
    cohort: Cohort,
    filters: DirectoryFilters,
    role_hint: str | None = None,
    now: datetime | None = None,
) -> InvitePreview:
    _check_role_hint(role_hint)
    candidates = _candidates(
        cohort=cohort, filters=filters, role_hint=role_hint or None, now=now or timezone.now()
    )
    invitable = [c for c in candidates if not c.skip_kind]
    return InvitePreview(
        matching=len(candidates),
        mentor_eligible=sum("mentor" in c.roles for c in invitable),
        mentee_eligible=sum("mentee" in c.roles for c in invitable),
        both=sum(len(c.roles) == 2 for c in invitable),
        to_invite=len(invitable),
        skipped=dict(Counter(c.skip_kind for c in candidates if c.skip_kind)),
    )


# --- Sending ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InvitedPerson:
    employee_id: int
    name: str
    email: str
    roles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SkippedPerson:
    employee_id: int
    name: str
    kind: str  # a SkipKind value
    detail: str

    @property
    def reason(self) -> str:
        return f"{self.kind}: {self.detail}" if self.detail else self.kind


@dataclass(frozen=True, slots=True)
class InvitationBatch:
    cohort_id: int
    invited: tuple[InvitedPerson, ...]
    skipped: tuple[SkippedPerson, ...]
    expires_at: datetime

    def skipped_counts(self) -> list[tuple[str, int]]:
        return Counter(s.kind for s in self.skipped).most_common()


def _invitation_email(
    *, invitation_link: str, person: Person, cohort: Cohort, roles: tuple[str, ...],
    expires_at: datetime, actor: User | None,
) -> tuple[str, str]:  # fmt: skip
    program = cohort.program
    organization = cohort.organization
    labels = " or ".join(role_label(program, role) for role in roles)
    inviter = (actor.get_full_name() if actor else "") or "Your program team"
    subject = f"You're invited to {program.name}: {cohort.name}"
    about = f"\n{program.description.strip()[:600]}\n" if program.description.strip() else ""
    body = (
        f"Hello {person.first_name},\n\n"
        f"{inviter} invites you to join {program.name} ({cohort.name}) at {organization.name}, "
        f"as {labels}.\n{about}\n"
        "In reverse mentoring, colleagues earlier in their careers share digital skills and "
        "fresh perspectives with senior colleagues, who share their experience in return.\n\n"
        "Enrol here. The link is personal: please do not forward it.\n"
        f"{invitation_link}\n\n"
        f"Enrolment is open from {format_date(cohort.enrolment_opens)} to "
        f"{format_date(cohort.enrolment_closes)}; the link works until "
        f"{_format_day(expires_at, organization)}. The program runs from "
        f"{format_date(cohort.starts_on)} to {format_date(cohort.ends_on)}.\n\n"
        "If you did not expect this email, you can ignore it.\n"
    )
    return subject, body


def _forget_links_after_delivery(message_ids: list[int]) -> None:
    """Remove the personal links from the outbox's copies once they are sent.

    The mailer reads the stored body after the transaction commits, so this
    runs after it (commit callbacks run in the order they were registered).
    The demo (DEBUG) keeps the links, so that a person can follow them from
    the outbox page."""
    if settings.DEBUG or not message_ids:
        return
    messages = list(OutboxMessage.unscoped.filter(pk__in=message_ids).only("pk", "body"))
    for message in messages:
        message.body = _LINK_PATTERN.sub(f"/enrol/{LINK_REMOVED}/", message.body)
    OutboxMessage.unscoped.bulk_update(messages, ["body"])


@transaction.atomic
def invitations_send(
    *,
    cohort: Cohort,
    actor: User | None,
    filters: DirectoryFilters,
    role_hint: str | None = None,
    base_url: str,
    now: datetime | None = None,
) -> InvitationBatch:
    """Invite every active, eligible person matching ``filters`` who is not
    already enrolled or holding a live invitation; report everyone skipped."""
    _check_role_hint(role_hint)
    role_hint = role_hint or None
    now = now or timezone.now()
    program = cohort.program
    organization = cohort.organization
    if program.is_archived or cohort.status == CohortStatus.CLOSED:
        raise InvitationError(
            f"{cohort.name} is closed: invitations can no longer be sent.", code="batch"
        )
    candidates = _candidates(cohort=cohort, filters=filters, role_hint=role_hint, now=now)
    expires_at = invitation_expiry(cohort, now=now)
    skipped = [
        SkippedPerson(c.person.pk, c.person.full_name, c.skip_kind, c.skip_detail)
        for c in candidates
        if c.skip_kind
    ]
    chosen = [c for c in candidates if not c.skip_kind]
    if len(chosen) > MAX_BATCH:
        raise InvitationError(
            f"This would invite {len(chosen):,} people; one sending invites at most "
            f"{MAX_BATCH:,}. Narrow the filter (by department, location or career stage) "
            "and send in several batches.",
            code="batch",
        )
    tokens = [secrets.token_urlsafe(TOKEN_BYTES) for _ in chosen]
    # One insert and one tenant check for the whole batch.
    Invitation.objects.bulk_create(
        Invitation(
            organization=organization,
            cohort=cohort,
            employee_id=c.person.pk,
            token_hash=token_hash(token),
            created_by=actor,
            expires_at=expires_at,
        )
        for c, token in zip(chosen, tokens, strict=True)
    )
    base = base_url.rstrip("/")
    invited: list[InvitedPerson] = []
    message_ids: list[int] = []
    for candidate, token in zip(chosen, tokens, strict=True):
        person = candidate.person
        subject, body = _invitation_email(
            invitation_link=base + reverse("enrolment:enrol", kwargs={"token": token}),
            person=person,
            cohort=cohort,
            roles=candidate.roles,
            expires_at=expires_at,
            actor=actor,
        )
        message = email_send(
            organization=organization,
            to=person.email,
            subject=subject,
            body=body,
            kind="invitation",
        )
        message_ids.append(message.pk)
        invited.append(InvitedPerson(person.pk, person.full_name, person.email, candidate.roles))
    transaction.on_commit(partial(_forget_links_after_delivery, message_ids))
    if invited:
        cohort.advance_status(CohortStatus.ENROLLING)
    audit_record(
        organization=organization,
        actor=actor,
        action="invitations.sent",
        target=f"Cohort {cohort.pk}",
        scope=f"program:{program.pk}",
        details={
            "invited": len(invited),
            "skipped": dict(Counter(s.kind for s in skipped)),
            "filters": asdict(filters),
            "role_hint": role_hint or "",
        },
    )
    return InvitationBatch(cohort.pk, tuple(invited), tuple(skipped), expires_at)
