"""Invitation links: random, stored only as a hash, single-use, expiring, and
every bad link answers with its own plain message (never a 500)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from crossgen.people.models import Employee
from crossgen.programs.invitations import (
    InvitationError,
    invitation_expiry,
    invitation_resolve,
    invitation_revoke,
)
from crossgen.programs.models import Cohort, CohortStatus, Invitation
from tests.conftest import World
from tests.enrolment.factories import CohortFactory, invitation_for
from tests.factories import EmployeeFactory, UserFactory


def _enrol_url(token: str) -> str:
    return reverse("enrolment:enrol", kwargs={"token": token})


def test_a_token_is_stored_only_as_its_sha256(cohort: Cohort, junior: Employee) -> None:
    invitation, token = invitation_for(junior, cohort)
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash
    assert len(token) >= 43  # 32 random bytes, URL-safe base64


def test_a_live_link_resolves_to_its_invitation(cohort: Cohort, junior: Employee) -> None:
    invitation, token = invitation_for(junior, cohort)
    assert invitation_resolve(token) == invitation


@pytest.mark.parametrize("token", ["", "nope", "x" * 43, "a" * 500, "../../etc/passwd", "é✓"])
def test_an_unknown_link_says_so_plainly(acme: World, token: str) -> None:
    with pytest.raises(InvitationError) as raised:
        invitation_resolve(token)
    assert raised.value.code == "unknown"
    assert "not valid" in raised.value.message


def test_a_used_link_asks_the_person_to_sign_in(cohort: Cohort, junior: Employee) -> None:
    _, token = invitation_for(junior, cohort, used=True)
    with pytest.raises(InvitationError, match="already used — sign in to edit your enrolment"):
        invitation_resolve(token)


def test_an_expired_link_gives_the_date_and_what_to_do(cohort: Cohort, junior: Employee) -> None:
    invitation, token = invitation_for(junior, cohort, expires_in=timedelta(days=-1))
    with pytest.raises(InvitationError) as raised:
        invitation_resolve(token)
    assert raised.value.code == "expired"
    day = invitation.expires_at.date()
    assert f"expired on {day.day} {day:%B %Y}" in raised.value.message
    assert "ask your program manager for a new one" in raised.value.message


def test_a_revoked_link_says_the_program_team_withdrew_it(
    acme: World, cohort: Cohort, junior: Employee
) -> None:
    invitation, token = invitation_for(junior, cohort)
    invitation_revoke(invitation=invitation, actor=acme.bob)
    with pytest.raises(InvitationError, match="withdrawn by the program team") as raised:
        invitation_resolve(token)
    assert raised.value.code == "revoked"


def test_a_link_to_an_archived_program_or_closed_cohort_no_longer_works(
    cohort: Cohort, junior: Employee
) -> None:
    _, token = invitation_for(junior, cohort)
    cohort.program.is_archived = True
    cohort.program.save()
    with pytest.raises(InvitationError, match="no longer taking sign-ups") as raised:
        invitation_resolve(token)
    assert raised.value.code == "closed"
    cohort.program.is_archived = False
    cohort.program.save()
    cohort.status = CohortStatus.CLOSED
    cohort.save()
    with pytest.raises(InvitationError, match="no longer taking sign-ups"):
        invitation_resolve(token)


def test_a_link_for_someone_who_left_the_company_stops_working(
    cohort: Cohort, junior: Employee
) -> None:
    _, token = invitation_for(junior, cohort)
    junior.is_active = False
    junior.save()
    with pytest.raises(InvitationError, match="no longer on the company roster"):
        invitation_resolve(token)


def test_the_link_lives_until_the_window_closes_or_fourteen_days_whichever_is_later(
    acme: World,
) -> None:
    acme.acme.default_timezone = "America/New_York"
    acme.acme.save()
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    late_close = CohortFactory.create(
        organization=acme.acme,
        enrolment_opens=date(2026, 3, 1),
        enrolment_closes=date(2026, 4, 30),
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 9, 1),
    )
    expiry = invitation_expiry(late_close, now=now)
    local = expiry.astimezone(timezone.get_fixed_timezone(-4 * 60))  # New York in April (EDT)
    assert (local.date(), local.hour, local.minute) == (date(2026, 4, 30), 23, 59)

    soon_close = CohortFactory.create(
        organization=acme.acme,
        enrolment_opens=date(2026, 3, 1),
        enrolment_closes=date(2026, 3, 3),
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 9, 1),
    )
    assert invitation_expiry(soon_close, now=now) == now + timedelta(days=14)

    far_close = CohortFactory.create(
        organization=acme.acme,
        enrolment_opens=date(2026, 3, 1),
        enrolment_closes=date(2027, 3, 1),
        starts_on=date(2027, 5, 1),
        ends_on=date(2027, 9, 1),
    )
    assert invitation_expiry(far_close, now=now) == now + timedelta(days=90)  # sane cap


# --- The pages --------------------------------------------------------------------------


def test_an_unknown_link_is_a_clear_404_page(acme: World) -> None:
    response = acme.client_for(acme.alice).get(_enrol_url("not-a-real-token"))
    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ({"used": True}, "already used"),
        ({"expires_in": timedelta(seconds=-1)}, "expired on"),
        ({"revoked": True}, "withdrawn by the program team"),
    ],
)
def test_a_dead_link_gets_its_own_page(
    cohort: Cohort, junior: Employee, client: Client, state: dict[str, Any], expected: str
) -> None:
    _, token = invitation_for(junior, cohort, **state)
    response = client.get(_enrol_url(token))
    assert response.status_code == 410
    assert expected in response.content.decode()
    assert client.post(_enrol_url(token), {"role": "mentor"}).status_code == 410


def test_a_link_for_another_person_is_a_404_for_whoever_is_signed_in(
    acme: World, cohort: Cohort, junior: Employee
) -> None:
    _, token = invitation_for(junior, cohort)
    for user in (acme.bob, acme.carol, acme.charlie):
        client = acme.client_for(user)
        assert client.get(_enrol_url(token)).status_code == 404
        assert client.post(_enrol_url(token), {"role": "mentor"}).status_code == 404
        skills = reverse("enrolment:enrol-skills", kwargs={"token": token})
        assert client.get(skills, {"q": "chat"}).status_code == 404


def test_a_link_from_another_program_does_not_open_this_persons_enrolment(
    acme: World, cohort: Cohort
) -> None:
    """Carol follows a link a colleague forwarded her: it is not hers, so 404."""
    colleague = EmployeeFactory.create(organization=acme.acme, first_name="Forwarded")
    other_cohort = CohortFactory.create(organization=acme.acme)
    _, token = invitation_for(colleague, other_cohort)
    assert acme.client_for(acme.carol).get(_enrol_url(token)).status_code == 404


def test_the_invited_person_may_be_signed_in_with_their_work_email(
    acme: World, cohort: Cohort, junior: Employee
) -> None:
    user = UserFactory.create(email="jun.ito@acme.example")
    _, token = invitation_for(junior, cohort)
    response = acme.client_for(user).get(_enrol_url(token))
    assert response.status_code == 200
    assert "Enrol in" in response.content.decode()


def test_revoking_is_audited_and_a_used_invitation_cannot_be_revoked(
    acme: World, cohort: Cohort, junior: Employee
) -> None:
    from crossgen.audit.models import AuditEntry

    used, _ = invitation_for(junior, cohort, used=True)
    invitation_revoke(invitation=used, actor=acme.bob)
    assert Invitation.objects.for_org(acme.acme).get(pk=used.pk).revoked_at is None
    live, _ = invitation_for(EmployeeFactory.create(organization=acme.acme), cohort)
    invitation_revoke(invitation=live, actor=acme.bob)
    entry = AuditEntry.objects.for_org(acme.acme).get(action="invitation.revoked")
    assert entry.scope == f"program:{cohort.program_id}"


def test_a_link_from_another_program_says_plainly_that_it_is_someone_else_s(
    acme: World, cohort: Cohort
) -> None:
    """A forwarded link of another program's cohort: a 404 that says why, and names nobody."""
    colleague = EmployeeFactory.create(
        organization=acme.acme, first_name="Forwarded", last_name="Colleague"
    )
    other_cohort = CohortFactory.create(organization=acme.acme)
    _, token = invitation_for(colleague, other_cohort)

    response = acme.client_for(acme.carol).get(_enrol_url(token))

    body = response.content.decode()
    assert response.status_code == 404
    assert "This invitation was sent to someone else, so it does not open here." in body
    assert "ask your program manager for an invitation of your own" in body
    assert "Forwarded" not in body and other_cohort.name not in body


def test_enrolling_again_while_enrolled_says_so_instead_of_a_second_enrolment(
    acme: World, cohort: Cohort, junior: Employee, client: Client
) -> None:
    from crossgen.programs.enrolment import CONSENT_STATEMENTS, EnrolmentAnswers, enrolment_submit
    from crossgen.programs.models import Enrolment

    first, _ = invitation_for(junior, cohort)
    enrolment_submit(
        invitation=first,
        answers=EnrolmentAnswers(
            role="mentor",
            teaches={"generative-ai": 4},
            timezone="Europe/London",
            consents=frozenset(CONSENT_STATEMENTS),
        ),
        password="a long and unusual passphrase",
    )
    _, second_token = invitation_for(junior, cohort)  # a second invitation, not signed in

    page = client.get(_enrol_url(second_token))
    posted = client.post(_enrol_url(second_token), {"role": "mentor"})

    for response in (page, posted):
        assert response.status_code == 200
        assert "You are already enrolled" in response.content.decode()
        assert "Sign in to see or change your enrolment." in response.content.decode()
    assert Enrolment.objects.for_org(acme.acme).filter(employee=junior).count() == 1
