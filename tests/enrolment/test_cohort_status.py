"""A cohort's status follows its life: DRAFT when made, ENROLLING once the
first invitations go out (or someone enrols), MATCHING once the first match
run starts (later sign-ups wait on the waitlist), PUBLISHED with its pairs.
It never moves backward, and the pages show it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from crossgen.matchmaking.services import match_run_start, run_publish
from crossgen.people.models import Employee
from crossgen.people.selectors import DirectoryFilters
from crossgen.programs.enrolment import CONSENT_STATEMENTS, EnrolmentAnswers, enrolment_submit
from crossgen.programs.invitations import invitations_send
from crossgen.programs.models import Cohort, CohortStatus, EnrolmentStatus
from tests.conftest import World
from tests.enrolment.factories import invitation_for
from tests.factories import EmployeeFactory, stage
from tests.matchmaking.factories import mentee, mentor
from tests.matchmaking.helpers import Capture

ANSWERS = EnrolmentAnswers(
    role="mentor",
    teaches={"generative-ai": 4},
    learns={"negotiation": 2},
    timezone="Europe/London",
    consents=frozenset(CONSENT_STATEMENTS),
)


@pytest.fixture(autouse=True)
def _jobs_inline(settings: Any) -> None:
    settings.MATCHING_IN_BACKGROUND_THREAD = False


def _status(cohort: Cohort) -> str:
    cohort.refresh_from_db()
    return cohort.status


def _shown(world: World, cohort: Cohort) -> str:
    body = (
        world.client_for(world.bob)
        .get(reverse("programs:detail", kwargs={"program_id": cohort.program_id}))
        .content.decode()
    )
    return body.split('data-cohort-status="', 1)[1].split('"', 1)[0]


def test_a_cohort_goes_from_draft_to_enrolling_to_matching_to_published(
    acme: World, cohort: Cohort, junior: Employee, django_capture_on_commit_callbacks: Capture
) -> None:
    Cohort.objects.for_org(acme.acme).filter(pk=cohort.pk).update(status=CohortStatus.DRAFT)
    assert _status(cohort) == CohortStatus.DRAFT and _shown(acme, cohort) == "draft"

    batch = invitations_send(
        cohort=cohort, actor=acme.bob, filters=DirectoryFilters(), base_url="http://testserver"
    )
    assert batch.invited
    assert _status(cohort) == CohortStatus.ENROLLING and _shown(acme, cohort) == "enrolling"

    for k in range(2):
        mentor(cohort, employee_fields={"first_name": f"Mentor{k}"})
        mentee(cohort, employee_fields={"first_name": f"Mentee{k}"})
    with django_capture_on_commit_callbacks(execute=True):
        run = match_run_start(cohort=cohort, actor=acme.bob)
    assert _status(cohort) == CohortStatus.MATCHING and _shown(acme, cohort) == "matching"
    matching_page = acme.client_for(acme.bob).get(
        reverse("matchmaking:cohort", kwargs={"cohort_id": cohort.pk})
    )
    assert 'data-cohort-status="matching"' in matching_page.content.decode()

    # More invitations while matching do not move the cohort back to enrolling.
    EmployeeFactory.create(organization=acme.acme, career_stage=stage(acme.acme, "Early career"))
    invitations_send(
        cohort=cohort, actor=acme.bob, filters=DirectoryFilters(), base_url="http://testserver"
    )
    assert _status(cohort) == CohortStatus.MATCHING

    run_publish(run=run, actor=acme.bob)
    assert _status(cohort) == CohortStatus.PUBLISHED and _shown(acme, cohort) == "published"


def test_someone_enrolling_in_a_draft_cohort_makes_it_enrolling(
    acme: World, cohort: Cohort, junior: Employee
) -> None:
    Cohort.objects.for_org(acme.acme).filter(pk=cohort.pk).update(status=CohortStatus.DRAFT)
    invitation, _ = invitation_for(junior, cohort)

    enrolment_submit(invitation=invitation, answers=ANSWERS, password="a long unusual passphrase")

    assert _status(cohort) == CohortStatus.ENROLLING


def test_once_matching_started_a_new_sign_up_goes_on_the_waitlist(
    acme: World, cohort: Cohort, junior: Employee, django_capture_on_commit_callbacks: Capture
) -> None:
    mentor(cohort)
    mentee(cohort)
    with django_capture_on_commit_callbacks(execute=True):
        match_run_start(cohort=cohort, actor=acme.bob)
    invitation, _ = invitation_for(junior, cohort)  # the window itself is still open

    enrolment = enrolment_submit(
        invitation=invitation, answers=ANSWERS, password="a long unusual passphrase"
    )

    assert enrolment.status == EnrolmentStatus.WAITLISTED
