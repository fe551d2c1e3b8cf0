"""Inviting people in bulk from a roster filter: everyone eligible gets a
personal link by email; everyone else is counted with a reason."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from crossgen.audit.models import AuditEntry
from crossgen.notifications.models import OutboxMessage
from crossgen.people.models import Employee
from crossgen.people.selectors import DirectoryFilters
from crossgen.programs.enrolment import EnrolmentAnswers, enrolment_submit
from crossgen.programs.invitations import (
    LINK_REMOVED,
    InvitationError,
    SkipKind,
    invitation_preview,
    invitation_resolve,
    invitations_send,
)
from crossgen.programs.models import Cohort, CohortStatus, Invitation
from tests.conftest import World
from tests.enrolment.factories import invitation_for
from tests.factories import EmployeeFactory, stage

type Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
LINK = re.compile(r"http://testserver/enrol/([A-Za-z0-9_-]+)/")


@pytest.fixture
def marketing(acme: World) -> dict[str, Employee]:
    """Five people in Marketing, one of each kind the sending must tell apart."""
    org = acme.acme

    def person(first: str, stage_name: str, **extra: Any) -> Employee:
        return EmployeeFactory.create(
            organization=org,
            first_name=first,
            last_name="Marketer",
            department="Marketing",
            career_stage=stage(org, stage_name),
            **extra,
        )

    return {
        "mentor": person("Mina", "Early career"),
        "mentee": person("Max", "Director"),
        "enrolled": person("Enzo", "Professional"),
        "invited": person("Ines", "Professional"),
        "gone": person("Gus", "Professional", is_active=False),
    }


def _token(body: object) -> str:
    found = LINK.search(str(body))
    assert found is not None, body
    return found.group(1)


def _send(world: World, cohort: Cohort, capture: Capture, **kwargs: Any) -> Any:
    filters = kwargs.pop("filters", DirectoryFilters(department="Marketing", include_inactive=True))
    with capture(execute=True):
        return invitations_send(
            cohort=cohort,
            actor=world.bob,
            filters=filters,
            base_url="http://testserver/",
            **kwargs,
        )


def _enrol(employee: Employee, cohort: Cohort) -> None:
    invitation, _ = invitation_for(employee, cohort)
    enrolment_submit(
        invitation=invitation,
        answers=EnrolmentAnswers(
            role="mentor",
            teaches={"tiktok": 3},
            timezone="Europe/London",
            consents=frozenset({"matching", "sharing", "confidentiality"}),
        ),
        password="a long and unusual passphrase",
    )


def test_everyone_eligible_in_the_filter_is_invited_and_the_rest_skipped_with_reasons(
    acme: World,
    cohort: Cohort,
    marketing: dict[str, Employee],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _enrol(marketing["enrolled"], cohort)
    invitation_for(marketing["invited"], cohort)
    EmployeeFactory.create(organization=acme.acme, department="Sales")  # outside the filter

    batch = _send(acme, cohort, django_capture_on_commit_callbacks)

    assert sorted(p.name for p in batch.invited) == ["Max Marketer", "Mina Marketer"]
    assert {p.name: p.roles for p in batch.invited}["Max Marketer"] == ("mentee",)
    reasons = {p.name: p.kind for p in batch.skipped}
    assert reasons == {
        "Enzo Marketer": SkipKind.ENROLLED,
        "Ines Marketer": SkipKind.INVITED,
        "Gus Marketer": SkipKind.INACTIVE,
    }
    assert "until" in next(p.reason for p in batch.skipped if p.kind == SkipKind.INVITED)


def test_each_invitation_is_an_email_through_the_mailer_and_a_row_in_the_outbox(
    acme: World,
    cohort: Cohort,
    marketing: dict[str, Employee],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _send(acme, cohort, django_capture_on_commit_callbacks)

    active = [p.email for p in marketing.values() if p.is_active]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(active)
    email = next(m for m in mail.outbox if m.to == [marketing["mentor"].email])
    assert cohort.program.name in email.subject
    assert "Hello Mina" in email.body and cohort.program.mentor_label in email.body
    token = _token(email.body)
    assert invitation_resolve(token).employee == marketing["mentor"]

    rows = OutboxMessage.objects.for_org(acme.acme).filter(kind="invitation")
    assert rows.count() == len(active) == 4
    assert all(row.sent_at is not None for row in rows)
    # Outside the demo, the stored copy no longer holds a working link.
    assert all(token not in row.body and LINK_REMOVED in row.body for row in rows)


def test_tokens_are_random_and_only_their_hashes_are_stored(
    acme: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    EmployeeFactory.create_batch(20, organization=acme.acme, department="Data")
    _send(
        acme,
        cohort,
        django_capture_on_commit_callbacks,
        filters=DirectoryFilters(department="Data"),
    )
    tokens = [_token(m.body) for m in mail.outbox]
    assert len(set(tokens)) == 20
    assert all(len(t) >= 43 for t in tokens)
    stored = set(Invitation.objects.for_org(acme.acme).values_list("token_hash", flat=True))
    assert not stored & set(tokens)


def test_a_role_hint_invites_only_people_eligible_for_that_side(
    acme: World,
    cohort: Cohort,
    marketing: dict[str, Employee],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    batch = _send(acme, cohort, django_capture_on_commit_callbacks, role_hint="mentee")
    assert [p.name for p in batch.invited] == ["Max Marketer"]
    mina = next(p for p in batch.skipped if p.name == "Mina Marketer")
    assert mina.kind == SkipKind.INELIGIBLE
    assert "career stage is below this role's range" in mina.reason


def test_people_eligible_for_neither_side_are_skipped_with_the_rules_they_miss(
    acme: World, cohort: Cohort, django_capture_on_commit_callbacks: Capture
) -> None:
    cohort.program.eligibility = {
        "mentor": {"min_stage": 1, "max_stage": 2, "locations": ["Paris"]},
        "mentee": {"min_stage": 5},
    }
    cohort.program.save()
    EmployeeFactory.create(
        organization=acme.acme, first_name="Lena", department="Ops", location="London",
        career_stage=stage(acme.acme, "Manager"),
    )  # fmt: skip
    batch = _send(
        acme, cohort, django_capture_on_commit_callbacks, filters=DirectoryFilters(department="Ops")
    )
    assert not batch.invited
    (lena,) = batch.skipped
    assert lena.kind == SkipKind.INELIGIBLE
    assert "as Reverse mentor: career stage is above this role's range" in lena.reason
    assert "location is not part of this program" in lena.reason
    assert "as Senior mentee: career stage is below this role's range" in lena.reason


def test_sending_again_skips_everyone_already_invited(
    acme: World,
    cohort: Cohort,
    marketing: dict[str, Employee],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _send(acme, cohort, django_capture_on_commit_callbacks)
    again = _send(acme, cohort, django_capture_on_commit_callbacks)
    assert not again.invited
    assert {p.kind for p in again.skipped} == {SkipKind.INVITED, SkipKind.INACTIVE}
    assert len(mail.outbox) == 4


def test_sending_is_audited_for_the_program_without_addresses(
    acme: World,
    cohort: Cohort,
    marketing: dict[str, Employee],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    _send(acme, cohort, django_capture_on_commit_callbacks)
    entry = AuditEntry.objects.for_org(acme.acme).get(action="invitations.sent")
    assert entry.actor == acme.bob
    assert entry.scope == f"program:{cohort.program_id}"
    assert entry.details["invited"] == 4
    assert "@" not in str(entry.details)


def test_a_closed_cohort_sends_nothing(acme: World, cohort: Cohort, marketing: Any) -> None:
    cohort.status = CohortStatus.CLOSED
    cohort.save()
    with pytest.raises(InvitationError, match="closed"):
        invitations_send(
            cohort=cohort, actor=acme.bob, filters=DirectoryFilters(), base_url="http://x"
        )
    assert not Invitation.objects.for_org(acme.acme).exists()


def test_the_preview_counts_eligible_people_per_role_before_sending(
    acme: World, cohort: Cohort, marketing: dict[str, Employee]
) -> None:
    invitation_for(marketing["invited"], cohort)
    preview = invitation_preview(
        cohort=cohort, filters=DirectoryFilters(department="Marketing", include_inactive=True)
    )
    assert (preview.matching, preview.to_invite) == (5, 3)
    assert (preview.mentor_eligible, preview.mentee_eligible, preview.both) == (2, 1, 0)
    assert preview.skipped == {SkipKind.INVITED: 1, SkipKind.INACTIVE: 1}
    assert not Invitation.objects.for_org(acme.acme).filter(employee=marketing["mentor"]).exists()


# --- The page ----------------------------------------------------------------------------


def test_the_invite_page_shows_the_filter_and_the_live_counts(
    acme: World, cohort: Cohort, marketing: dict[str, Employee]
) -> None:
    url = reverse("enrolment:invite", kwargs={"cohort_id": cohort.pk})
    client = acme.client_for(acme.bob)
    page = client.get(url).content.decode()
    assert "Invite people" in page and "Marketing" in page
    partial = client.get(url, {"department": "Marketing"}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "<html" not in body
    assert "will be invited" in body and "eligible as Senior mentee" in body


def test_sending_from_the_page_shows_who_was_invited_and_who_was_skipped(
    acme: World,
    cohort: Cohort,
    marketing: dict[str, Employee],
    django_capture_on_commit_callbacks: Capture,
) -> None:
    url = reverse("enrolment:invite", kwargs={"cohort_id": cohort.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = acme.client_for(acme.bob).post(url, {"department": "Marketing"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Mina Marketer" in body and "Max Marketer" in body
    assert len(mail.outbox) == 4
    assert "http://testserver/enrol/" in mail.outbox[0].body


def test_a_bad_filter_value_is_named_not_a_500(acme: World, cohort: Cohort) -> None:
    url = reverse("enrolment:invite", kwargs={"cohort_id": cohort.pk})
    response = acme.client_for(acme.bob).post(url, {"stage": "not-a-number", "role": "boss"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.for_org(acme.acme).exists()


def test_participants_cannot_invite(acme: World, cohort: Cohort) -> None:
    url = reverse("enrolment:invite", kwargs={"cohort_id": cohort.pk})
    assert acme.client_for(acme.carol).get(url).status_code == 403
    assert acme.client_for(acme.carol).post(url, {}).status_code == 403


def test_a_sending_larger_than_one_batch_is_refused_whole_not_truncated(
    acme: World, cohort: Cohort, marketing: dict[str, Employee], monkeypatch: pytest.MonkeyPatch
) -> None:
    from crossgen.programs import invitations

    monkeypatch.setattr(invitations, "MAX_BATCH", 2)
    filters = DirectoryFilters(department="Marketing")
    assert invitation_preview(cohort=cohort, filters=filters).too_many
    with pytest.raises(InvitationError, match="at most 2"):
        invitations_send(cohort=cohort, actor=acme.bob, filters=filters, base_url="http://x")
    assert not Invitation.objects.for_org(acme.acme).exists()
    assert not OutboxMessage.objects.for_org(acme.acme).exists()
