"""Enrolling through an invitation: every answer checked at once, the window
rules (before, open, late → waitlist), a second submission edits, and the
person gets an account and a participant membership."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone

from crossgen.accounts.models import User
from crossgen.audit.models import AuditEntry
from crossgen.people.models import Employee
from crossgen.programs.enrolment import (
    CONSENT_STATEMENTS,
    EnrolmentAnswers,
    EnrolmentError,
    enrolment_submit,
    enrolment_update,
    enrolment_withdraw,
)
from crossgen.programs.invitations import InvitationError
from crossgen.programs.models import Cohort, CohortStatus, Enrolment, EnrolmentStatus, Invitation
from crossgen.skills.models import Direction, EmployeeSkill
from crossgen.tenancy.models import Membership, Role
from tests.conftest import World
from tests.enrolment.factories import invitation_for
from tests.factories import EmployeeFactory, UserFactory, stage

PASSWORD = "a long and unusual passphrase"
ALL_CONSENTS = frozenset(CONSENT_STATEMENTS)
MENTOR = EnrolmentAnswers(
    role="mentor",
    teaches={"generative-ai": 4, "tiktok": 3},
    learns={"negotiation": 2},
    timezone="Europe/London",
    work_start_hour=8,
    work_end_hour=16,
    meeting_preference="video",
    capacity=2,
    bio="I run our team's AI office hours.",
    consents=ALL_CONSENTS,
)


def _submit(
    invitation: Invitation, answers: EnrolmentAnswers = MENTOR, **kwargs: object
) -> Enrolment:
    kwargs.setdefault("password", PASSWORD)
    return enrolment_submit(invitation=invitation, answers=answers, **kwargs)  # type: ignore[arg-type]


def _problems(
    invitation: Invitation, answers: EnrolmentAnswers, **kwargs: object
) -> dict[str, str]:
    with pytest.raises(EnrolmentError) as raised:
        _submit(invitation, answers, **kwargs)
    return raised.value.problems


def test_a_new_person_enrols_and_gets_an_account_and_a_participant_membership(
    acme: World, cohort: Cohort, junior: Employee
) -> None:
    invitation, _ = invitation_for(junior, cohort)
    enrolment = _submit(invitation)

    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert (enrolment.role, enrolment.capacity, enrolment.meeting_preference) == (
        "mentor",
        2,
        "video",
    )
    assert enrolment.teaches == {"generative-ai": 4, "tiktok": 3}
    assert (enrolment.work_start_hour, enrolment.work_end_hour) == (8, 16)
    user = User.objects.get(email="jun.ito@acme.example")  # the work email, lower-cased
    assert user.check_password(PASSWORD)
    membership = Membership.objects.for_org(acme.acme).get(user=user)
    assert (membership.role, membership.employee) == (Role.PARTICIPANT, junior)
    invitation.refresh_from_db()
    assert invitation.used_at is not None


def test_the_chosen_skills_are_recorded_on_the_persons_profile(
    acme: World, cohort: Cohort, junior: Employee
) -> None:
    invitation, _ = invitation_for(junior, cohort)
    _submit(invitation)
    entries = {
        (e.skill.slug, e.direction, e.level)
        for e in EmployeeSkill.objects.for_org(acme.acme)
        .filter(employee=junior)
        .select_related("skill")
    }
    assert entries == {
        ("generative-ai", Direction.TEACH, 4),
        ("tiktok", Direction.TEACH, 3),
        ("negotiation", Direction.LEARN, 2),
    }


def test_every_problem_is_reported_at_once_by_field(cohort: Cohort, junior: Employee) -> None:
    invitation, _ = invitation_for(junior, cohort)
    bad = EnrolmentAnswers(
        role="mentor",
        teaches={"generative-ai": 5, "made-up-skill": 2},
        learns={"negotiation": 4},
        timezone="Mars/Olympus_Mons",
        work_start_hour=17,
        work_end_hour=9,
        meeting_preference="carrier pigeon",
        capacity=4,
        bio="x" * 1001,
        consents=frozenset({"matching"}),
    )
    problems = _problems(invitation, bad, password="123")
    assert set(problems) == {
        "teaches", "learns", "timezone", "work_hours", "meeting_preference", "capacity", "bio",
        "consent", "password",
    }  # fmt: skip
    assert "made-up-skill" in problems["teaches"]
    assert "from 1 to 3" in problems["learns"]
    assert "end after it starts" in problems["work_hours"]
    assert "1001" in problems["bio"]
    assert not Enrolment.objects.for_org(cohort.organization).exists()
    assert not User.objects.filter(email="jun.ito@acme.example").exists()
    assert Invitation.objects.for_org(cohort.organization).get(pk=invitation.pk).used_at is None


@pytest.mark.parametrize(
    ("teaches", "expected"),
    [({"tiktok": 0}, "from 1 to 4"), ({"tiktok": 5}, "from 1 to 4"), ({}, "at least one skill")],
)
def test_teaching_levels_run_from_1_to_4_and_a_mentor_teaches_something(
    cohort: Cohort, junior: Employee, teaches: dict[str, int], expected: str
) -> None:
    invitation, _ = invitation_for(junior, cohort)
    assert expected in _problems(invitation, replace(MENTOR, teaches=teaches))["teaches"]


def test_consent_is_required(cohort: Cohort, junior: Employee) -> None:
    invitation, _ = invitation_for(junior, cohort)
    problems = _problems(invitation, replace(MENTOR, consents=frozenset()))
    assert problems == {"consent": "Tick every consent statement to enrol."}


def test_free_text_topics_become_skills_through_names_and_aliases(
    cohort: Cohort, junior: Employee
) -> None:
    invitation, _ = invitation_for(junior, cohort)
    answers = replace(
        MENTOR,
        learns={"negotiation": 3},
        topics="ChatGPT; bargaining,\n  Underwater basket weaving , chat gpt",
    )
    enrolment = _submit(invitation, answers)
    # Mapped topics become learn entries at interest 2; a skill already chosen keeps its level.
    assert enrolment.learns == {"negotiation": 3, "generative-ai": 2}
    assert enrolment.other_topics == "Underwater basket weaving"


def test_the_bio_is_kept_as_plain_text(cohort: Cohort, junior: Employee) -> None:
    invitation, _ = invitation_for(junior, cohort)
    bio = "<b>Hi</b> <script>alert(1)</script>I like R&D <3\r\n\r\n\r\n\r\nBye\x00"
    enrolment = _submit(invitation, replace(MENTOR, bio=bio))
    assert enrolment.bio == "Hi I like R&D <3\n\nBye"


def test_the_password_must_pass_the_password_validators(cohort: Cohort, junior: Employee) -> None:
    invitation, _ = invitation_for(junior, cohort)
    assert "too common" in _problems(invitation, MENTOR, password="password123")["password"]
    assert "too similar" in _problems(invitation, MENTOR, password="jun.ito@acme")["password"]
    assert "Choose a password" in _problems(invitation, MENTOR, password=None)["password"]


def test_someone_with_an_account_must_be_signed_in_to_enrol(
    acme: World, cohort: Cohort, junior: Employee
) -> None:
    user = UserFactory.create(email="jun.ito@acme.example")
    invitation, _ = invitation_for(junior, cohort)
    problems = _problems(invitation, MENTOR)
    assert "already have a Crossgen account" in problems["__all__"]
    enrolment = _submit(invitation, MENTOR, password=None, signed_in_as=user)
    assert Membership.objects.for_org(acme.acme).get(user=user).employee == junior
    assert enrolment.employee == junior


def test_nobody_else_can_submit_someone_s_invitation(
    acme: World, cohort: Cohort, junior: Employee
) -> None:
    invitation, _ = invitation_for(junior, cohort)
    problems = _problems(invitation, MENTOR, signed_in_as=acme.bob)
    assert "for someone else" in problems["__all__"]


def test_a_staff_member_who_enrols_keeps_their_role(acme: World, cohort: Cohort) -> None:
    bob_employee = EmployeeFactory.create(
        organization=acme.acme, email="bob@acme.example", email_key="bob@acme.example",
        career_stage=stage(acme.acme, "Director"),
    )  # fmt: skip
    invitation, _ = invitation_for(bob_employee, cohort)
    mentee = EnrolmentAnswers(
        learns={"generative-ai": 3}, timezone="Europe/Paris", consents=ALL_CONSENTS
    )
    enrolment = _submit(invitation, mentee, password=None, signed_in_as=acme.bob)
    assert enrolment.role == "mentee"  # the only side he is eligible for, pre-filled
    membership = Membership.objects.for_org(acme.acme).get(user=acme.bob)
    assert (membership.role, membership.employee) == (Role.PROGRAM_MANAGER, bob_employee)


def test_an_existing_link_to_another_employee_record_is_left_alone(
    acme: World, cohort: Cohort
) -> None:
    """Carol's membership already points at her record; enrolling through a
    second record with her address does not move it."""
    duplicate = EmployeeFactory.create(
        organization=acme.acme, email="carol@acme.example", email_key="carol@acme.example",
        career_stage=stage(acme.acme, "Director"),
    )  # fmt: skip
    invitation, _ = invitation_for(duplicate, cohort)
    mentee = EnrolmentAnswers(learns={"tiktok": 1}, timezone="UTC", consents=ALL_CONSENTS)
    _submit(invitation, mentee, password=None, signed_in_as=acme.carol)
    membership = Membership.objects.for_org(acme.acme).get(user=acme.carol)
    assert (membership.role, membership.employee) == (Role.PARTICIPANT, acme.carol_employee)


# --- Roles and eligibility ----------------------------------------------------------------


def test_the_role_must_be_one_the_person_is_eligible_for(cohort: Cohort, junior: Employee) -> None:
    invitation, _ = invitation_for(junior, cohort)
    problems = _problems(invitation, replace(MENTOR, role="mentee"))
    assert problems["role"].startswith("You can join as Reverse mentor only")
    assert "career stage is below this role's range" in problems["role"]


def test_people_eligible_for_both_sides_choose(
    acme: World, cohort: Cohort, junior: Employee
) -> None:
    cohort.program.eligibility = {}
    cohort.program.save()
    invitation, _ = invitation_for(junior, cohort)
    assert "Choose the side" in _problems(invitation, replace(MENTOR, role=""))["role"]
    assert _submit(invitation, replace(MENTOR, role="mentee")).role == "mentee"


def test_an_ineligible_person_is_told_why(cohort: Cohort, junior: Employee) -> None:
    cohort.program.eligibility = {
        "mentor": {"departments": ["Marketing"]},
        "mentee": {"min_tenure_months": 24},
    }
    cohort.program.save()
    invitation, _ = invitation_for(junior, cohort)
    message = _problems(invitation, MENTOR)["role"]
    assert message.startswith("You are not eligible for this program")
    assert "as Reverse mentor, your department is not part of this program" in message
    assert "needs at least 24 months with the company" in message


def test_a_mentee_takes_one_partner_whatever_the_capacity_sent(acme: World, cohort: Cohort) -> None:
    invitation, _ = invitation_for(acme.carol_employee, cohort)
    answers = EnrolmentAnswers(
        role="mentee", learns={"tiktok": 3}, capacity=3, timezone="UTC", consents=ALL_CONSENTS
    )
    assert _submit(invitation, answers, password=None, signed_in_as=acme.carol).capacity == 1


# --- The window --------------------------------------------------------------------------


def test_nobody_enrols_before_the_window_opens(cohort: Cohort, junior: Employee) -> None:
    cohort.enrolment_opens = timezone.now().date() + timedelta(days=2)
    cohort.save()
    invitation, _ = invitation_for(junior, cohort)
    assert "opens on" in _problems(invitation, MENTOR)["__all__"]


def test_after_the_window_closes_a_sign_up_goes_to_the_waitlist(
    cohort: Cohort, junior: Employee
) -> None:
    cohort.enrolment_opens = timezone.now().date() - timedelta(days=20)
    cohort.enrolment_closes = timezone.now().date() - timedelta(days=1)
    cohort.save()
    invitation, _ = invitation_for(junior, cohort)
    assert _submit(invitation).status == EnrolmentStatus.WAITLISTED


def test_once_matching_started_a_sign_up_goes_to_the_waitlist(
    cohort: Cohort, junior: Employee
) -> None:
    cohort.status = CohortStatus.MATCHING
    cohort.save()
    invitation, _ = invitation_for(junior, cohort)
    assert _submit(invitation).status == EnrolmentStatus.WAITLISTED


def test_enrolling_twice_edits_the_existing_enrolment(
    acme: World, cohort: Cohort, junior: Employee
) -> None:
    invitation, _ = invitation_for(junior, cohort)
    first = _submit(invitation)
    user = User.objects.get(email="jun.ito@acme.example")
    second = _submit(invitation, replace(MENTOR, capacity=1), password=None, signed_in_as=user)
    assert second.pk == first.pk
    assert Enrolment.objects.for_org(acme.acme).get().capacity == 1
    assert AuditEntry.objects.for_org(acme.acme).filter(action="enrolment.updated").exists()


def test_a_used_link_cannot_enrol_anyone_who_is_not_signed_in(
    cohort: Cohort, junior: Employee
) -> None:
    invitation, _ = invitation_for(junior, cohort)
    _submit(invitation)
    with pytest.raises(InvitationError, match="already used"):
        _submit(invitation)


def test_answers_can_be_edited_until_the_window_closes_then_no_more(
    cohort: Cohort, junior: Employee
) -> None:
    invitation, _ = invitation_for(junior, cohort)
    enrolment = _submit(invitation)
    user = User.objects.get(email="jun.ito@acme.example")
    changed = enrolment_update(enrolment=enrolment, answers=replace(MENTOR, bio="New"), actor=user)
    assert changed.bio == "New"

    cohort.enrolment_closes = timezone.now().date() - timedelta(days=1)
    cohort.enrolment_opens = timezone.now().date() - timedelta(days=9)
    cohort.save()
    with pytest.raises(EnrolmentError) as raised:
        enrolment_update(enrolment=enrolment, answers=replace(MENTOR, bio="Late"), actor=user)
    assert "can no longer be changed" in raised.value.problems["__all__"]
    with pytest.raises(EnrolmentError, match="can no longer be changed"):
        _submit(invitation, MENTOR, password=None, signed_in_as=user)


def test_only_the_participant_edits_their_answers(
    acme: World, cohort: Cohort, junior: Employee
) -> None:
    invitation, _ = invitation_for(junior, cohort)
    enrolment = _submit(invitation)
    with pytest.raises(EnrolmentError, match="Only the participant"):
        enrolment_update(enrolment=enrolment, answers=MENTOR, actor=acme.alice)


def test_a_participant_withdraws_and_a_new_invitation_brings_them_back(
    acme: World, cohort: Cohort, junior: Employee
) -> None:
    invitation, _ = invitation_for(junior, cohort)
    enrolment = _submit(invitation)
    user = User.objects.get(email="jun.ito@acme.example")
    assert enrolment_withdraw(enrolment=enrolment, actor=user).status == EnrolmentStatus.WITHDRAWN
    with pytest.raises(InvitationError, match="already used"):
        _submit(invitation, password=None, signed_in_as=user)
    with pytest.raises(EnrolmentError, match="withdrew"):
        enrolment_update(enrolment=enrolment, answers=MENTOR, actor=user)

    again, _ = invitation_for(junior, cohort)
    back = _submit(again, password=None, signed_in_as=user)
    assert (back.pk, back.status, back.invitation) == (
        enrolment.pk,
        EnrolmentStatus.ENROLLED,
        again,
    )


def test_nobody_withdraws_after_pairs_are_published(cohort: Cohort, junior: Employee) -> None:
    invitation, _ = invitation_for(junior, cohort)
    enrolment = _submit(invitation)
    cohort.status = CohortStatus.PUBLISHED
    cohort.save()
    user = User.objects.get(email="jun.ito@acme.example")
    with pytest.raises(EnrolmentError, match="already published"):
        enrolment_withdraw(enrolment=enrolment, actor=user)


def test_staff_may_withdraw_someone_but_other_participants_may_not(
    acme: World, cohort: Cohort, junior: Employee
) -> None:
    invitation, _ = invitation_for(junior, cohort)
    enrolment = _submit(invitation)
    with pytest.raises(EnrolmentError, match="Only the participant or the program team"):
        enrolment_withdraw(enrolment=enrolment, actor=acme.carol)
    enrolment_withdraw(enrolment=enrolment, actor=acme.bob)
    entry = AuditEntry.objects.for_org(acme.acme).get(action="enrolment.withdrawn")
    assert (entry.actor, entry.scope) == (acme.bob, f"program:{cohort.program_id}")


def test_a_membership_of_another_organisation_does_not_count(acme: World, cohort: Cohort) -> None:
    """Charlie (Globex) has an account; his Acme record's invitation still needs him signed in."""
    charlie_at_acme = EmployeeFactory.create(
        organization=acme.acme, email="charlie@globex.example", email_key="charlie@globex.example"
    )
    invitation, _ = invitation_for(charlie_at_acme, cohort)
    assert "already have a Crossgen account" in _problems(invitation, MENTOR)["__all__"]
    _submit(invitation, MENTOR, password=None, signed_in_as=acme.charlie)
    assert Membership.objects.for_org(acme.acme).get(user=acme.charlie).role == Role.PARTICIPANT
    assert Membership.objects.for_org(acme.globex).get(user=acme.charlie).role == Role.ORG_ADMIN
