"""What a participant sees: their program, partner, why they were matched, the
charter to agree to and what to do next. Only the two people of a
relationship (and staff) can open it."""

from __future__ import annotations

import icalendar
import pytest
from django.urls import reverse

from crossgen.audit.models import AuditEntry
from crossgen.matchmaking.models import Relationship
from crossgen.matchmaking.services import run_publish
from crossgen.programs.models import Cohort
from crossgen.tenancy.models import Role
from tests.conftest import World
from tests.factories import MembershipFactory, UserFactory
from tests.matchmaking.factories import mentee, mentor
from tests.matchmaking.helpers import Capture, run_matching


@pytest.fixture
def carols_relationship(
    world: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> Relationship:
    ana = mentor(
        cohort,
        teaches={"ai-tools": 4},
        employee_fields={"first_name": "Ana", "last_name": "Lopez", "job_title": "Data analyst"},
    )
    mentee(cohort, employee=world.carol_employee, learns={"ai-tools": 3})
    ana_user = UserFactory.create(email="ana@acme.example")
    MembershipFactory(
        organization=world.acme, user=ana_user, role=Role.PARTICIPANT, employee=ana.employee
    )
    run = run_matching(cohort, world.bob, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        (relationship,) = run_publish(run=run, actor=world.bob)
    return relationship


def test_before_publishing_the_home_says_when_matching_happens(
    world: World, cohort: Cohort
) -> None:
    mentee(cohort, employee=world.carol_employee)
    body = world.client_for(world.carol).get(reverse("home")).content.decode()
    assert cohort.program.name in body and "as senior mentee" in body
    assert "Matching happens after enrolment closes on 30 January 2026" in body


def test_the_home_shows_partner_reasons_charter_and_next_step(
    world: World, carols_relationship: Relationship
) -> None:
    body = world.client_for(world.carol).get(reverse("home")).content.decode()
    assert "Your reverse mentor:" in body and "Ana Lopez" in body and "Data analyst" in body
    assert "Ana can teach you ai tools" in body
    assert "waiting for you" in body and "Read and agree to the charter" in body
    assert (
        reverse("matchmaking:relationship", kwargs={"relationship_id": carols_relationship.pk})
        in body
    )


def test_agreeing_to_the_charter_is_recorded_and_moves_the_next_step_on(
    world: World, carols_relationship: Relationship
) -> None:
    client = world.client_for(world.carol)
    url = reverse("matchmaking:relationship", kwargs={"relationship_id": carols_relationship.pk})
    page = client.get(url).content.decode()
    assert "Your reverse mentor: Ana Lopez" in page and "Confidentiality" in page
    assert "I agree to this charter" in page

    client.post(
        reverse(
            "matchmaking:relationship-agree", kwargs={"relationship_id": carols_relationship.pk}
        )
    )

    carols_relationship.refresh_from_db()
    assert carols_relationship.mentee_agreed_charter_at is not None
    assert carols_relationship.mentor_agreed_charter_at is None
    assert "You agreed on" in client.get(url).content.decode()
    home = client.get(reverse("home")).content.decode()
    assert "you agreed" in home and "Your first meeting is proposed for" in home
    assert (
        AuditEntry.objects.for_org(world.acme).filter(action="relationship.charter_agreed").count()
        == 1
    )


def test_the_first_meeting_downloads_as_a_calendar_file(
    world: World, carols_relationship: Relationship
) -> None:
    url = reverse(
        "matchmaking:relationship-ics", kwargs={"relationship_id": carols_relationship.pk}
    )
    response = world.client_for(world.carol).get(url)
    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="first-meeting.ics"' in response["Content-Disposition"]
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert carols_relationship.first_meeting_at is not None
    assert event.decoded("DTSTART") == carols_relationship.first_meeting_at.replace(microsecond=0)


def test_only_the_pair_and_staff_see_a_relationship(
    world: World, carols_relationship: Relationship
) -> None:
    pk = carols_relationship.pk
    urls = [
        reverse("matchmaking:relationship", kwargs={"relationship_id": pk}),
        reverse("matchmaking:relationship-ics", kwargs={"relationship_id": pk}),
    ]
    ana = world.client_for(
        Relationship.objects.for_org(world.acme).get(pk=pk).mentor.employee.memberships.get().user
    )
    outsider_user = UserFactory.create(email="dan@acme.example")
    MembershipFactory(organization=world.acme, user=outsider_user, role=Role.PARTICIPANT)
    for url in urls:
        assert world.client_for(world.carol).get(url).status_code == 200
        assert ana.get(url).status_code == 200
        assert world.client_for(world.bob).get(url).status_code == 200
        assert world.client_for(outsider_user).get(url).status_code == 404
        assert world.client_for(world.charlie).get(url).status_code == 404
    agree = reverse("matchmaking:relationship-agree", kwargs={"relationship_id": pk})
    assert world.client_for(outsider_user).post(agree).status_code == 404
    assert world.client_for(world.bob).post(agree).status_code == 404  # staff see, but do not agree
    assert world.client_for(world.charlie).post(agree).status_code == 404
    carols_relationship.refresh_from_db()
    assert carols_relationship.mentee_agreed_charter_at is None
