"""Programs, cohorts and invitations for the enrolment tests (rows made
directly: program creation is another part of the app)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.utils import timezone
from factory.declarations import LazyFunction, SelfAttribute, Sequence, SubFactory
from factory.django import DjangoModelFactory

from crossgen.people.models import Employee
from crossgen.programs.invitations import token_hash
from crossgen.programs.models import Cohort, CohortStatus, Invitation, Program
from tests.factories import OrganizationFactory

# The reverse-mentoring template: the junior half of the ladder mentors, the senior half learns.
REVERSE_ELIGIBILITY = {
    "mentor": {"min_stage": 1, "max_stage": 3},
    "mentee": {"min_stage": 4, "max_stage": None},
}


def today() -> datetime:
    return timezone.now()


class ProgramFactory(DjangoModelFactory[Program]):
    class Meta:
        model = Program

    organization = SubFactory(OrganizationFactory)
    name = Sequence(lambda n: f"Digital Bridge {n}")
    description = "Juniors teach digital skills; seniors share the map."
    eligibility = LazyFunction(lambda: dict(REVERSE_ELIGIBILITY))


class CohortFactory(DjangoModelFactory[Cohort]):
    """A cohort whose enrolment window is open today."""

    class Meta:
        model = Cohort

    organization = SubFactory(OrganizationFactory)
    program = SubFactory(ProgramFactory, organization=SelfAttribute("..organization"))
    name = Sequence(lambda n: f"Spring {2026 + n}")
    enrolment_opens = LazyFunction(lambda: today().date() - timedelta(days=7))
    enrolment_closes = LazyFunction(lambda: today().date() + timedelta(days=7))
    starts_on = LazyFunction(lambda: today().date() + timedelta(days=21))
    ends_on = LazyFunction(lambda: today().date() + timedelta(days=200))
    status = CohortStatus.ENROLLING


def invitation_for(
    employee: Employee,
    cohort: Cohort,
    *,
    expires_in: timedelta = timedelta(days=14),
    used: bool = False,
    revoked: bool = False,
) -> tuple[Invitation, str]:
    """An invitation row and its token (as the email would carry it)."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation.objects.create(
        organization=cohort.organization,
        cohort=cohort,
        employee=employee,
        token_hash=token_hash(token),
        expires_at=now + expires_in,
        used_at=now if used else None,
        revoked_at=now if revoked else None,
    )
    return invitation, token
